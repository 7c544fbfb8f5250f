import { ConnectionSet, parsePortSpec } from '../model/connections.js';
import type { EndpointSelector, Invariant } from './invariants.js';
import type { ParsedDocument } from '../input/yaml/documents.js';
import { parseDocuments } from '../input/yaml/documents.js';
import { Codes } from '../model/diagnostics.js';
import * as addr from '../model/addresses.js';
import { formatCidr, formatIPv4, formatIPv6, parseCidr, unmapped, writtenMapped } from '../model/ipranges.js';
import type { ContainerPort, Labels } from '../model/cluster.js';
import { CONTROLLER_POD_LABELS, INJECTED_POD_LABELS, LABEL_SETTERS, NODE_TOPOLOGY_POD_LABELS } from '../model/cluster.js';
import { DNS_LABEL_RULE, isDnsLabel, isDnsSubdomain, isPortName, isPortNumber, isRecord } from '../model/objects.js';
import type { Outside, OutsideNamespace, OutsideWorkload } from '../input/outside.js';
import type { Selector } from '../model/selectors.js';
import { parseSelector, selectorFromLabels } from '../model/selectors.js';
import type { IngressControllerOptions } from '../engine/ingress.js';

export const DEFAULT_CONFIG_PATH = '.github/reachdiff.yml';

/** When failing invariants fail the run: any at head, only those that held at base, or never. */
export const FAIL_ON = ['violations', 'new-violations', 'never'] as const;
export type FailOn = (typeof FAIL_ON)[number];

/** Silences a foot-gun warning code (RD1xx), everywhere or for one object (`ns/name` of a policy or workload). */
export interface IgnoreRule {
  readonly code: string;
  readonly object?: string;
  readonly line: number;
}

/** One environment: manifests rendered by a command, or files matching globs. */
export type Target = {
  readonly name: string;
  readonly line: number;
  /** The namespace its objects that name none go to (`helm install -n`, `kubectl apply -n`, a GitOps destination), where the config says. */
  readonly namespace?: string;
  /** Whether the deployment of this target deletes what its manifests no longer hold, where it says otherwise than the config's `prune`. */
  readonly prune?: boolean;
} & (
  /**
   * `adHoc`: given as --render, named after its command. `directory`: where
   * in a state's root the command runs (`diff --git --render` from a
   * directory of the repository: that directory, as `list --render` runs
   * it there); its root where absent.
   */
  | { readonly kind: 'render'; readonly command: string; readonly adHoc?: true; readonly directory?: string }
  | { readonly kind: 'paths'; readonly paths: readonly string[] }
);

export interface Config {
  readonly file: string;
  /** Whether input that cannot be read at head fails the invariants' verdict (fail-on-unread, default true). */
  readonly failOnUnread: boolean;
  /** Whether objects not analysed that could break an invariant make it fail closed (fail-on-not-analysed, default true). */
  readonly failOnNotAnalysed: boolean;
  /**
   * Whether the deployment deletes the objects the manifests no longer hold
   * (prune, default false): kubectl apply --prune, Flux's prune, Argo CD's
   * prune. Otherwise a diff's invariants fail closed where the objects the
   * change removes, left in the cluster, would break them.
   */
  readonly prune?: boolean;
  readonly invariants: readonly Invariant[];
  readonly ignore: readonly IgnoreRule[];
  /** Empty: one implicit target, the manifest files given on the command line or as `paths`. */
  readonly targets: readonly Target[];
  /** What exists in the cluster but not in the manifests (`outside:`), when the config says. */
  readonly outside?: Outside;
  /** Where the ingress controller runs and its pods' labels, so that policies' rules for it match as in the cluster. */
  readonly ingressController?: IngressControllerOptions;
}

/** A config mistake, with where it is. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(`${file}:${line}: ${message}`);
  }
}

const KINDS = ['never', 'always', 'only', 'isolated'] as const;
const SELECTOR_FIELDS = ['namespace', 'namespaceLabels', 'workload', 'kind', 'labels', 'cidr', 'anyNamespace'];

/** Every address outside the cluster and the ingress controller: `from: internet`. */
const INTERNET = 'internet';

/** Compact one-line YAML of a small value, for messages: `{namespace: shop, labels: {app: db}}`. */
export function inline(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inline).join(', ')}]`;
  if (isRecord(value)) return `{${Object.entries(value).map(([k, v]) => `${k}: ${inline(v)}`).join(', ')}}`;
  if (typeof value === 'string') return /^[\w./*?-]+$/.test(value) && value !== '' ? value : JSON.stringify(value);
  return String(value);
}

class Reader {
  constructor(
    readonly file: string,
    readonly doc: ParsedDocument,
  ) {}

  fail(node: unknown, message: string, fallbackLine?: number): never {
    const line = typeof node === 'object' && node !== null ? this.doc.lineOf(node) : (fallbackLine ?? this.doc.line);
    throw new ConfigError(this.file, line, message);
  }

  record(node: unknown, what: string, line: number, allowed: readonly string[]): Record<string, unknown> {
    if (!isRecord(node)) this.fail(node, `${what} must be a mapping`, line);
    for (const k of Object.keys(node)) {
      if (!allowed.includes(k)) this.fail(node, `${what}: unknown key "${k}" (expected ${allowed.join(', ')})`);
    }
    return node;
  }

  labelSelector(node: unknown, what: string, line: number): Selector {
    if (!isRecord(node)) this.fail(node, `${what} must be a mapping of labels, or a selector with matchLabels/matchExpressions`, line);
    const full = Object.keys(node).length > 0 && Object.keys(node).every((k) => k === 'matchLabels' || k === 'matchExpressions');
    if (!full) {
      for (const [k, v] of Object.entries(node)) if (typeof v !== 'string') this.fail(node, `${what}: the value of "${k}" must be a string`);
      return selectorFromLabels(node as Record<string, string>);
    }
    // a mistyped field (value: for values:) would otherwise be passed over
    const expressions = node['matchExpressions'];
    if (Array.isArray(expressions)) expressions.forEach((e, i) => isRecord(e) && this.record(e, `${what}.matchExpressions[${i}]`, line, ['key', 'operator', 'values']));
    const s = parseSelector(node);
    if ('error' in s) this.fail(node, `${what}: ${s.error}`);
    return s;
  }

  /**
   * A pod selector (an endpoint's `labels`) that reads a label controllers
   * or a mesh's injector set on pods (CONTROLLER_POD_LABELS): invariants
   * match the pod templates' labels, which never show it, so `DoesNotExist`
   * would match every workload (Jobs too) and `In` or `Exists` none. Refused,
   * at the line of the requirement that reads it.
   */
  podSelector(node: unknown, what: string, line: number): Selector {
    const s = this.labelSelector(node, what, line);
    // istio.io/rev is also written on pod templates, to pick the revision that injects them (istio.io, canary upgrades)
    const keys = [...new Set(s.requirements.map((r) => r.key).filter((k) => CONTROLLER_POD_LABELS.has(k) && k !== 'istio.io/rev'))];
    if (keys.length === 0) return s;
    // labelSelector took a mapping: point at the expression, or the matchLabels, that reads the label
    const written = node as Record<string, unknown>;
    const reads = (n: unknown) => isRecord(n) && (keys.includes(n['key'] as string) || keys.some((k) => k in n));
    const expressions = Array.isArray(written['matchExpressions']) ? written['matchExpressions'] : [];
    const where = expressions.find(reads) ?? (reads(written['matchLabels']) ? written['matchLabels'] : written);
    const injected = keys.filter((k) => INJECTED_POD_LABELS.has(k)).length;
    const topology = keys.filter((k) => NODE_TOPOLOGY_POD_LABELS.includes(k)).length;
    const setters =
      topology === keys.length
        ? 'the API server copies from the node onto the pods bound to it'
        : injected + topology === 0
          ? 'controllers set on the pods they make'
          : injected === keys.length
            ? "a mesh's sidecar injector sets on the pods it injects"
            : `${topology === 0 ? "controllers and a mesh's sidecar injector" : "controllers, a mesh's sidecar injector or the API server"} set on pods`;
    const kinds = [...new Set(keys.flatMap((k) => LABEL_SETTERS[k] ?? []))];
    const one = keys.length === 1;
    return this.fail(
      where,
      `${what} reads ${keys.map((k) => `"${k}"`).join(', ')}, ${one ? 'a label' : 'labels'} that ${setters} (kubernetes.io/docs/reference/labels-annotations-taints): ` +
        `the manifests do not show ${one ? 'it' : 'them'}, and invariants match the pod templates' labels, so DoesNotExist and NotIn would pick every workload (those whose pods carry ${one ? 'it' : 'them'} too) and In and Exists none; ` +
        `select the workloads instead, with workload: namespace/name${kinds.length > 0 ? ` or kind: ${kinds.join(' or ')}` : ''}`,
    );
  }

  endpoint(node: unknown, what: string, line: number): EndpointSelector {
    if (node === INTERNET) return { text: INTERNET, line, internet: true, cidr: { text: '0.0.0.0/0 and ::/0', addresses: addr.ALL } };
    if (typeof node === 'string') this.fail(null, `${what}: "${node}" is not an endpoint selector (a mapping, or internet)`, line);
    const r = this.record(node, what, line, SELECTOR_FIELDS);
    const at = this.doc.lineOf(r);
    const str = (k: string) => {
      const v = r[k];
      if (v === undefined) return undefined;
      if (typeof v !== 'string' || v === '') this.fail(r, `${what}.${k} must be a non-empty string`);
      return v;
    };
    const namespace = str('namespace');
    const workload = str('workload');
    const kind = str('kind');
    const cidrText = str('cidr');
    if (workload !== undefined && !workload.includes('/')) this.fail(r, `${what}.workload must be namespace/name (globs allowed), not "${workload}"`);
    // reachdiff's own way of showing a workload, copied from its output, would match nothing: no object's name holds [ or ]
    const shown = workload === undefined ? null : /^([^[\]]+)\[([^[\]]*)\]$/.exec(workload);
    if (shown) this.fail(r, `${what}.workload "${workload}" is written as reachdiff shows a workload: write workload: ${shown[1]}${shown[2] ? ` with kind: ${shown[2]}` : ''}`);
    if (workload !== undefined && /[[\]]/.test(workload)) this.fail(r, `${what}.workload "${workload}" holds [ or ], which no namespace or name has (the globs are * and ?)`);
    const anyNamespace = r['anyNamespace'];
    if (anyNamespace !== undefined && anyNamespace !== true) this.fail(r, `${what}.anyNamespace must be true (any pod of any namespace, present or future)`);
    if (anyNamespace === true && (namespace !== undefined || workload !== undefined || kind !== undefined || cidrText !== undefined)) {
      this.fail(r, `${what}: anyNamespace picks pods present or future, by labels (labels, namespaceLabels); namespace, workload, kind and cidr do not go with it`);
    }
    let cidr: EndpointSelector['cidr'];
    if (cidrText !== undefined) {
      if (Object.keys(r).length > 1) this.fail(r, `${what}: cidr selects external addresses and cannot be combined with workload fields`);
      const parsed = parseCidr(cidrText);
      if (parsed.kind === 'invalid') this.fail(r, `${what}.cidr: ${parsed.reason}`);
      if (writtenMapped(parsed)) this.fail(r, `${what}.cidr: "${cidrText}" has an IPv4-mapped IPv6 address; write ${formatCidr(unmapped(parsed))}`);
      // read as its whole block, it would loosen an only or always invariant far past what was written
      if (parsed.hostBitsSet) {
        const one = parsed.kind === 'ipv4' ? `${formatIPv4(parsed.address)}/32` : `${formatIPv6(parsed.address)}/128`;
        this.fail(r, `${what}.cidr: "${cidrText}" has host bits set, so it would mean ${formatCidr(parsed)}; write ${formatCidr(parsed)} for that block, or ${one} for the one address`);
      }
      cidr = { text: cidrText, addresses: addr.ofCidr(parsed) };
    }
    return {
      text: inline(r),
      line: at,
      ...(namespace !== undefined ? { namespace } : {}),
      ...(r['namespaceLabels'] !== undefined ? { namespaceLabels: this.labelSelector(r['namespaceLabels'], `${what}.namespaceLabels`, at) } : {}),
      ...(workload !== undefined ? { workload } : {}),
      ...(kind !== undefined ? { kind } : {}),
      ...(r['labels'] !== undefined ? { labels: this.podSelector(r['labels'], `${what}.labels`, at) } : {}),
      ...(cidr ? { cidr } : {}),
      ...(anyNamespace === true ? { anyNamespace: true } : {}),
    };
  }

  endpoints(node: unknown, what: string, line: number): EndpointSelector[] {
    if (node === undefined) this.fail(null, `${what} is required`, line);
    if (Array.isArray(node)) {
      if (node.length === 0) this.fail(node, `${what} must not be empty`);
      return node.map((n, i) => this.endpoint(n, `${what}[${i}]`, this.doc.lineOf(node)));
    }
    return [this.endpoint(node, what, line)];
  }

  ports(node: unknown, what: string, line: number): ConnectionSet {
    if (node === undefined) return ConnectionSet.ALL;
    const items = Array.isArray(node) ? node : [node];
    let set = ConnectionSet.NONE;
    for (const item of items) {
      if (typeof item !== 'string') this.fail(node, `${what}: each port is a string such as TCP/5432, UDP/53, TCP/8000-8080 or SCTP`, line);
      const p = parsePortSpec(item);
      if (typeof p === 'string') this.fail(node, `${what}: ${p}`, line);
      set = set.union(p);
    }
    return set;
  }

  invariant(node: unknown, index: number, seen: Set<string>): Invariant {
    const what = `invariants[${index}]`;
    const r = this.record(node, what, this.doc.line, ['name', 'targets', ...KINDS]);
    const line = this.doc.lineOf(r);
    const name = r['name'];
    if (typeof name !== 'string' || name.trim() === '') this.fail(r, `${what} needs a name`);
    if (seen.has(name)) this.fail(r, `${what}: the name "${name}" is used twice`);
    seen.add(name);
    const kinds = KINDS.filter((k) => r[k] !== undefined);
    if (kinds.length !== 1) this.fail(r, `${what} (${name}) must have exactly one of ${KINDS.join(', ')}`);
    const kind = kinds[0]!;
    let targets: string[] | undefined;
    if (r['targets'] !== undefined) {
      const t = r['targets'];
      if (!Array.isArray(t) || t.length === 0 || t.some((x) => typeof x !== 'string')) this.fail(r, `${what}.targets must be a list of target names`);
      targets = t as string[];
    }
    const base = { name, line, ...(targets ? { targets } : {}) };
    const body = r[kind];
    const w = `${what}.${kind}`;
    if (kind === 'isolated') {
      const b = this.record(body, w, line, ['workloads', 'direction']);
      const direction = b['direction'] ?? 'both';
      if (direction !== 'ingress' && direction !== 'egress' && direction !== 'both') this.fail(b, `${w}.direction must be ingress, egress or both`);
      const workloads = this.endpoints(b['workloads'], `${w}.workloads`, this.doc.lineOf(b));
      if (workloads.some((e) => e.cidr)) this.fail(b, `${w}.workloads: isolation is about workloads; cidr cannot be used here`);
      return { ...base, kind, workloads, direction };
    }
    const b = this.record(body, w, line, ['from', 'to', 'ports']);
    const bl = this.doc.lineOf(b);
    const ports = this.ports(b['ports'], `${w}.ports`, bl);
    if (ports.isEmpty()) this.fail(b, `${w}.ports selects no port`);
    if (kind === 'only') {
      const toIsList = Array.isArray(b['to']);
      const fromIsList = Array.isArray(b['from']);
      if (toIsList && fromIsList) this.fail(b, `${w}: one of from/to is the protected endpoints (a mapping), the other the allowed list`);
      // both mappings read either way ("only web reaches db", "web reaches only db"): the list says which is meant
      if (!toIsList && !fromIsList) {
        this.fail(b, `${w}: write the allowed side as a list: {to: X, from: [ ... ]} for what alone may reach X, {from: X, to: [ ... ]} for where alone X may go`);
      }
      const side = toIsList && !fromIsList ? 'from' : 'to';
      const subject = this.endpoints(b[side], `${w}.${side}`, bl);
      const allowed = this.endpoints(b[side === 'to' ? 'from' : 'to'], `${w}.${side === 'to' ? 'from' : 'to'}`, bl);
      return { ...base, kind, side, subject, allowed, ports };
    }
    return { ...base, kind, from: this.endpoints(b['from'], `${w}.from`, bl), to: this.endpoints(b['to'], `${w}.to`, bl), ports };
  }

  target(node: unknown, index: number, seen: Set<string>): Target {
    const what = `targets[${index}]`;
    const r = this.record(node, what, this.doc.line, ['name', 'render', 'paths', 'namespace', 'prune']);
    const line = this.doc.lineOf(r);
    const name = r['name'];
    if (typeof name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) this.fail(r, `${what}.name must be a name of letters, digits, ".", "_" and "-"`);
    if (seen.has(name)) this.fail(r, `${what}: the target "${name}" is defined twice`);
    seen.add(name);
    const render = r['render'];
    const paths = r['paths'];
    const ns = r['namespace'];
    if (ns !== undefined && (typeof ns !== 'string' || !isDnsLabel(ns))) this.fail(r, `${what}.namespace must be a namespace name (${DNS_LABEL_RULE})`);
    const prune = r['prune'];
    if (prune !== undefined && typeof prune !== 'boolean') this.fail(r, `${what}.prune must be true or false`);
    const settings = { ...(ns === undefined ? {} : { namespace: ns as string }), ...(prune === undefined ? {} : { prune: prune as boolean }) };
    if ((render === undefined) === (paths === undefined)) this.fail(r, `${what} (${name}) needs exactly one of render (a command) or paths (globs)`);
    if (render !== undefined) {
      if (typeof render !== 'string' || render.trim() === '') this.fail(r, `${what}.render must be a command`);
      return { name, line, ...settings, kind: 'render', command: render };
    }
    if (!Array.isArray(paths) || paths.length === 0 || paths.some((p) => typeof p !== 'string' || p === '')) this.fail(r, `${what}.paths must be a list of globs`);
    return { name, line, ...settings, kind: 'paths', paths: paths as string[] };
  }

  labels(node: unknown, what: string, line: number): Labels {
    if (node === undefined || node === null) return {};
    if (!isRecord(node)) this.fail(node, `${what} must be a mapping of labels`, line);
    for (const [k, v] of Object.entries(node)) if (typeof v !== 'string') this.fail(node, `${what}: the value of "${k}" must be a string (quote it)`);
    return node as Labels;
  }

  list(node: unknown, what: string, line: number): unknown[] {
    if (node === undefined || node === null) return [];
    if (!Array.isArray(node)) this.fail(node, `${what} must be a list`, line);
    return node;
  }

  containerPort(node: unknown, what: string, line: number): ContainerPort {
    // 9090, TCP/9090, or a container port's fields
    const short = typeof node === 'string' ? /^(TCP|UDP|SCTP)\/(\d+)$/.exec(node) : null;
    const r = typeof node === 'number' ? { port: node } : short ? { port: Number(short[2]), protocol: short[1] } : this.record(node, what, line, ['port', 'name', 'protocol']);
    const port = r['port'];
    if (!isPortNumber(port)) this.fail(node, `${what}.port must be a port number from 1 to 65535`, line);
    const name = r['name'];
    if (name !== undefined && !isPortName(name)) this.fail(node, `${what}.name ${JSON.stringify(name)} is not a valid port name (at most 15 lowercase letters, digits and "-", with a letter)`, line);
    const protocol = r['protocol'] ?? 'TCP';
    if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') this.fail(node, `${what}.protocol must be TCP, UDP or SCTP`, line);
    return { port, protocol, ...(typeof name === 'string' ? { name } : {}) };
  }

  outside(node: unknown, line: number): Outside {
    const r = this.record(node, 'outside', line, ['namespaces', 'workloads', 'operators', 'networkSets']);
    const at = this.doc.lineOf(r);
    const operators = r['operators'] ?? true;
    if (typeof operators !== 'boolean') this.fail(r, 'outside.operators must be true or false');
    const networkSets = r['networkSets'] ?? true;
    if (typeof networkSets !== 'boolean') this.fail(r, 'outside.networkSets must be true or false');
    const namespaces = this.list(r['namespaces'], 'outside.namespaces', at).map((n, i): OutsideNamespace => {
      const what = `outside.namespaces[${i}]`;
      const ns = this.record(n, what, at, ['name', 'labels']);
      const name = ns['name'];
      if (typeof name !== 'string' || !isDnsLabel(name)) this.fail(ns, `${what}.name must be a namespace name (${DNS_LABEL_RULE})`);
      return { name, labels: this.labels(ns['labels'], `${what}.labels`, this.doc.lineOf(ns)), line: this.doc.lineOf(ns) };
    });
    const workloads = this.list(r['workloads'], 'outside.workloads', at).map((n, i): OutsideWorkload => {
      const what = `outside.workloads[${i}]`;
      const w = this.record(n, what, at, ['namespace', 'name', 'kind', 'labels', 'ports']);
      const wl = this.doc.lineOf(w);
      const { namespace, name, kind } = w;
      if (typeof namespace !== 'string' || !isDnsLabel(namespace)) this.fail(w, `${what}.namespace must be a namespace name (${DNS_LABEL_RULE})`);
      if (typeof name !== 'string' || !isDnsSubdomain(name)) this.fail(w, `${what}.name must be an object name (lowercase letters, digits, "-" and ".")`);
      if (kind !== undefined && (typeof kind !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(kind))) this.fail(w, `${what}.kind must be a kind such as Deployment or StatefulSet`);
      const ports = this.list(w['ports'], `${what}.ports`, wl).map((p, j) => this.containerPort(p, `${what}.ports[${j}]`, wl));
      return { namespace, name, kind: typeof kind === 'string' ? kind : 'Deployment', labels: this.labels(w['labels'], `${what}.labels`, wl), ports, line: wl };
    });
    return { file: this.file, namespaces, workloads, operators, networkSets };
  }

  ingressController(node: unknown): IngressControllerOptions {
    const r = this.record(node, 'ingress-controller', this.doc.line, ['namespace', 'labels', 'namespaceLabels']);
    const namespace = r['namespace'];
    if (typeof namespace !== 'string' || namespace === '') this.fail(r, 'ingress-controller.namespace must be the name of the namespace the controller runs in');
    // no namespace has such a name: no policy's rule would admit the controller declared there, and never: { from: internet } would hold on nothing
    if (!isDnsLabel(namespace)) this.fail(r, `ingress-controller.namespace "${namespace}" is not a namespace name (${DNS_LABEL_RULE})`);
    const at = this.doc.lineOf(r);
    // left out, the controller would be a pod without labels, which no policy's rule for it selects
    if (r['labels'] === undefined || r['labels'] === null) {
      this.fail(r, "ingress-controller.labels must be the labels of the controller's pods (such as { app.kubernetes.io/name: ingress-nginx }); {} if they have none");
    }
    return {
      namespace,
      labels: this.labels(r['labels'], 'ingress-controller.labels', at),
      ...(r['namespaceLabels'] !== undefined ? { namespaceLabels: this.labels(r['namespaceLabels'], 'ingress-controller.namespaceLabels', at) } : {}),
    };
  }

  ignore(node: unknown, index: number): IgnoreRule {
    const what = `ignore[${index}]`;
    const r = this.record(node, what, this.doc.line, ['code', 'object']);
    const code = r['code'];
    if (typeof code !== 'string' || !/^RD1\d\d$/.test(code)) this.fail(r, `${what}.code must be a warning code from RD101 to RD110, such as RD103`);
    const object = r['object'];
    if (object !== undefined && (typeof object !== 'string' || object === '')) this.fail(r, `${what}.object must be ns/name of a policy or workload`);
    return { code, line: this.doc.lineOf(r), ...(typeof object === 'string' ? { object } : {}) };
  }
}

/** Parses a config file's text; throws ConfigError with file and line. */
export function parseConfig(text: string, file: string): Config {
  const parsed = parseDocuments(text, file);
  const error = parsed.diagnostics.find((d) => d.severity === 'error');
  if (error) throw new ConfigError(file, error.line, error.message.replace(/; document skipped$/, ''));
  // where a manifest's later value wins, as kubectl reads it, a config's repeated key is a mistake: which was meant?
  const repeated = parsed.diagnostics.find((d) => d.code === Codes.duplicate);
  if (repeated) throw new ConfigError(file, repeated.line, 'a mapping repeats a key: the config would keep only the later value, so say it once');
  if (parsed.documents.length > 1) throw new ConfigError(file, parsed.documents[1]!.line, 'a config holds one YAML document');
  const doc = parsed.documents[0];
  if (!doc) return { file, failOnUnread: true, failOnNotAnalysed: true, invariants: [], ignore: [], targets: [] };
  const reader = new Reader(file, doc);
  const root = reader.record(doc.value, 'the config', doc.line, ['invariants', 'ignore', 'targets', 'fail-on-unread', 'fail-on-not-analysed', 'outside', 'ingress-controller', 'prune']);
  const failOnUnread = root['fail-on-unread'] ?? true;
  if (typeof failOnUnread !== 'boolean') return reader.fail(root['fail-on-unread'], 'fail-on-unread must be true or false', doc.line);
  const failOnNotAnalysed = root['fail-on-not-analysed'] ?? true;
  if (typeof failOnNotAnalysed !== 'boolean') return reader.fail(root['fail-on-not-analysed'], 'fail-on-not-analysed must be true or false', doc.line);
  const prune = root['prune'] ?? false;
  if (typeof prune !== 'boolean') return reader.fail(root['prune'], 'prune must be true or false', doc.line);
  const list = (key: string): unknown[] => {
    const v = root[key];
    if (v === undefined || v === null) return [];
    if (Array.isArray(v)) return v;
    return reader.fail(v, `${key} must be a list`, doc.line);
  };
  const targetNames = new Set<string>();
  const targets = list('targets').map((n, i) => reader.target(n, i, targetNames));
  const seen = new Set<string>();
  const invariants = list('invariants').map((n, i) => reader.invariant(n, i, seen));
  for (const inv of invariants) {
    for (const t of inv.targets ?? []) {
      if (!targetNames.has(t)) {
        throw new ConfigError(file, inv.line, `invariant "${inv.name}" names the target "${t}", which ${targets.length ? `is not one of ${[...targetNames].join(', ')}` : 'is not defined (the config has no targets)'}`);
      }
    }
  }
  const outside = root['outside'] === undefined || root['outside'] === null ? {} : { outside: reader.outside(root['outside'], doc.line) };
  const ingressController = root['ingress-controller'] === undefined || root['ingress-controller'] === null ? undefined : reader.ingressController(root['ingress-controller']);
  return { file, failOnUnread, failOnNotAnalysed, ...(prune ? { prune } : {}), invariants, ignore: list('ignore').map((n, i) => reader.ignore(n, i)), targets, ...outside, ...(ingressController ? { ingressController } : {}) };
}
