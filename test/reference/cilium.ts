/**
 * The reference evaluation of CiliumNetworkPolicy and
 * CiliumClusterwideNetworkPolicy (cilium.io/v2), independent of src/: one
 * connection at a time, straight from the objects, the way Cilium's own
 * code reads them. Selectors are evaluated on each endpoint's security
 * identity as a list of labels with a source (k8s for pods, reserved for
 * the world and the nodes), after the rewriting Cilium does to them
 * (pkg/k8s/apis/cilium.io/utils/utils.go); rules become policy entries
 * (pkg/policy/utils/parserules.go) and a direction allows what no deny
 * entry matches and, where some entry (or a Kubernetes NetworkPolicy) puts
 * the endpoint in default deny, what some allow entry or NetworkPolicy rule
 * matches. Also: random Cilium policies for the property tests.
 */
import type { CiliumCidrRuleSpec, CiliumPolicyObject, CiliumPortRuleSpec, CiliumPortSpec, CiliumRuleItem, CiliumRuleSpec } from './cilium-objects.js';
import { ciliumCidrs, isCilium, isServiceName, portValue } from './cilium-objects.js';
import type { ContainerPort, K8sObject, LabelSelector, Peer, Protocol, RefPod, ReferenceOptions } from './evaluator.js';
import { NAMESPACE_NAME_LABEL, policyTypes, ReferenceCluster, selectorMatches } from './evaluator.js';
import { cidrRange, familyOf, formatAddress } from './addresses.js';
import type { Rng } from './random.js';
import { holeIn, V6_CIDRS } from './random.js';

type Direction = 'ingress' | 'egress';
const SECTIONS: Record<Direction, { allow: 'ingress' | 'egress'; deny: 'ingressDeny' | 'egressDeny' }> = {
  ingress: { allow: 'ingress', deny: 'ingressDeny' },
  egress: { allow: 'egress', deny: 'egressDeny' },
};
const ENTITIES = ['all', 'world', 'cluster', 'host', 'init', 'ingress', 'unmanaged', 'remote-node', 'health', 'none', 'kube-apiserver'];
const NS_KEY = 'io.kubernetes.pod.namespace';
const NS_LABELS = 'io.cilium.k8s.namespace.labels.';

// ---------------------------------------------------------------------------
// Identities: labels with a source

interface IdentityLabel {
  readonly source: string;
  readonly key: string;
  readonly value: string;
}

/** Whether the default label filter keeps a label: left out by a prefix unless a longer kept prefix covers it. */
function inIdentity(key: string): boolean {
  const kept = ['io.kubernetes.pod.namespace', 'io.cilium.k8s.namespace.labels', 'app.kubernetes.io', 'io.cilium.k8s.policy.cluster'];
  const leftOut = [
    'io.kubernetes',
    'kubernetes.io',
    'statefulset.kubernetes.io/pod-name',
    'apps.kubernetes.io/pod-index',
    'batch.kubernetes.io/job-completion-index',
    'k8s.io',
    'pod-template-generation',
    'pod-template-hash',
    'controller-revision-hash',
    'annotation',
    'etcd_node',
  ];
  const lengths = leftOut.filter((p) => key.startsWith(p)).map((p) => p.length);
  const beta = key.lastIndexOf('beta.kubernetes.io');
  if (beta >= 0) lengths.push(beta + 'beta.kubernetes.io'.length);
  if (lengths.length === 0) return true;
  const longestKept = Math.max(0, ...kept.filter((p) => key.startsWith(p)).map((p) => p.length));
  return longestKept > Math.min(...lengths);
}

function podIdentity(pod: RefPod, namespaceLabels: Record<string, string>): IdentityLabel[] {
  const labels: IdentityLabel[] = Object.entries(pod.labels).map(([key, value]) => ({ source: 'k8s', key, value }));
  labels.push({ source: 'k8s', key: NS_KEY, value: pod.namespace });
  for (const [k, v] of Object.entries(namespaceLabels)) labels.push({ source: 'k8s', key: `${NS_LABELS}${k}`, value: v });
  return labels.filter((l) => inIdentity(l.key));
}

/** `k8s:app` is (k8s, app); `app` is (any, app). */
function sourced(key: string): { source: string; key: string } {
  const i = key.indexOf(':');
  return i < 0 ? { source: 'any', key } : { source: key.slice(0, i), key: key.slice(i + 1) };
}

interface Requirement {
  readonly key: string;
  readonly operator: string;
  readonly values: readonly string[];
}

function requirements(s: LabelSelector): Requirement[] {
  return [
    ...Object.entries(s.matchLabels ?? {}).map(([key, value]) => ({ key, operator: 'In', values: [value] })),
    ...(s.matchExpressions ?? []).map((e) => ({ key: e.key, operator: e.operator, values: e.values ?? [] })),
  ];
}

/** Whether requirements hold on an identity: a key `any:k` reads label k of any source. */
function holdsOn(reqs: readonly Requirement[], identity: readonly IdentityLabel[]): boolean {
  return reqs.every((r) => {
    const s = sourced(r.key);
    const label = identity.find((l) => l.key === s.key && (s.source === 'any' || s.source === l.source));
    switch (r.operator) {
      case 'In':
        return label !== undefined && r.values.includes(label.value);
      case 'NotIn':
        return label === undefined || !r.values.includes(label.value);
      case 'Exists':
        return label !== undefined;
      case 'DoesNotExist':
        return label === undefined;
      default:
        return false;
    }
  });
}

const hasKey = (reqs: readonly Requirement[], test: (s: { source: string; key: string }) => boolean) => reqs.some((r) => test(sourced(r.key)));
const k8sOrAny = (s: { source: string }) => s.source === 'k8s' || s.source === 'any';

/** A rule's subject selector after Cilium's rewriting: in a CNP, the policy's namespace replaces any k8s: namespace in matchLabels. */
function subjectRequirements(s: LabelSelector, namespace: string | undefined): Requirement[] {
  if (namespace === undefined) return requirements(s);
  const labels = { ...(s.matchLabels ?? {}) };
  delete labels[`k8s:${NS_KEY}`];
  return [...requirements({ ...s, matchLabels: labels }), { key: `k8s:${NS_KEY}`, operator: 'In', values: [namespace] }];
}

/** A peer selector after Cilium's rewriting (utils.go getEndpointSelector). */
function peerRequirements(s: LabelSelector, namespace: string | undefined): Requirement[] {
  const reqs = requirements(s);
  if (hasKey(reqs, (k) => k.source === 'reserved')) return reqs;
  if (hasKey(reqs, (k) => k8sOrAny(k) && k.key === NS_KEY)) return reqs;
  if (namespace === undefined) return [...reqs, { key: `k8s:${NS_KEY}`, operator: 'Exists', values: [] }];
  if (hasKey(reqs, (k) => k8sOrAny(k) && k.key.startsWith(NS_LABELS))) return reqs;
  return [...reqs, { key: `k8s:${NS_KEY}`, operator: 'In', values: [namespace] }];
}

// ---------------------------------------------------------------------------
// Validity: what the CRD or the agent rejects (the generator writes a few)

function cidrProblem(c: string): string | undefined {
  return cidrRange(c) === undefined ? `bad CIDR ${c}` : undefined;
}

function itemProblem(item: CiliumRuleItem, section: string): string | undefined {
  const ingress = section.startsWith('ingress');
  const peerFields = ingress ? ['fromEndpoints', 'fromEntities', 'fromCIDR', 'fromCIDRSet'] : ['toEndpoints', 'toEntities', 'toCIDR', 'toCIDRSet'];
  const nonEmpty = peerFields.filter((f) => ((item as Record<string, unknown[] | undefined>)[f] ?? []).length > 0);
  if (nonEmpty.length > 1) return 'two peer fields';
  for (const e of [...(item.fromEntities ?? []), ...(item.toEntities ?? [])]) if (!ENTITIES.includes(e)) return `entity ${e}`;
  for (const c of [...(item.fromCIDR ?? []), ...(item.toCIDR ?? [])]) if (cidrProblem(c)) return cidrProblem(c);
  for (const set of [...(item.fromCIDRSet ?? []), ...(item.toCIDRSet ?? [])]) {
    const block = cidrRange(set.cidr);
    if (!block) return 'bad cidr';
    for (const e of set.except ?? []) {
      const hole = cidrRange(e);
      if (!hole || hole.family !== block.family || hole.prefix < block.prefix || hole.first < block.first || hole.last > block.last) return 'except outside';
    }
  }
  for (const pr of item.toPorts ?? []) {
    const l7 = (pr.rules?.http ?? []).length > 0;
    for (const p of pr.ports ?? []) {
      if (typeof p.port !== 'string' || p.port === '') return 'port not a string';
      if (p.protocol !== undefined && !['TCP', 'UDP', 'SCTP', 'ANY'].includes(p.protocol)) return 'protocol';
      if (portValue(p.port) === undefined && !isServiceName(p.port)) return 'port';
      if (l7 && (p.protocol !== 'TCP' || portValue(p.port) === 0)) return 'L7 not on TCP';
    }
  }
  return undefined;
}

function ruleProblem(rule: CiliumRuleSpec, cluster: boolean): string | undefined {
  const sections = (['ingress', 'ingressDeny', 'egress', 'egressDeny'] as const).filter((s) => (rule[s] ?? []).length > 0);
  if (sections.length === 0) return 'no entries';
  if ((rule.endpointSelector === undefined) === (rule.nodeSelector === undefined)) return 'selectors';
  if (rule.nodeSelector !== undefined && !cluster) return 'nodeSelector in a CNP';
  for (const s of sections) for (const item of rule[s]!) if (itemProblem(item, s)) return itemProblem(item, s);
  // host policies take no HTTP rules, on ingress or egress
  const http = sections.some((s) => rule[s]!.some((item) => (item.toPorts ?? []).some((pr) => (pr.rules?.http ?? []).length > 0)));
  if (rule.nodeSelector !== undefined && http) return 'HTTP rules in a host policy';
  return undefined;
}

/** Why Cilium rejects the policy, or undefined. */
export function ciliumProblem(p: CiliumPolicyObject): string | undefined {
  if (p.spec === undefined && p.specs === undefined) return 'no spec';
  for (const rule of [...(p.spec ? [p.spec] : []), ...(p.specs ?? [])]) {
    const problem = ruleProblem(rule, p.kind === 'CiliumClusterwideNetworkPolicy');
    if (problem) return problem;
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Ports

function portMatches(p: CiliumPortSpec, protocol: Protocol, port: number, dstPorts: readonly ContainerPort[] | undefined): boolean {
  const proto = p.protocol ?? 'ANY';
  if (proto !== 'ANY' && proto !== protocol) return false;
  const text = String(p.port);
  if (isServiceName(text)) {
    const name = text.toLowerCase();
    return (dstPorts ?? []).some((cp) => cp.name === name && cp.protocol === protocol && cp.port === port);
  }
  const n = portValue(text)!;
  if (n === 0) return true;
  const end = p.endPort !== undefined && p.endPort > n ? p.endPort : n;
  return n <= port && port <= end;
}

// ---------------------------------------------------------------------------
// Evaluation

/** One policy entry: a rule item of a spec rule, with its subject and default posture. */
interface Entry {
  readonly policy: CiliumPolicyObject;
  readonly rule: CiliumRuleSpec;
  readonly item: CiliumRuleItem;
  readonly deny: boolean;
  readonly defaultDeny: boolean;
}

export class CiliumReferenceCluster extends ReferenceCluster {
  readonly ciliumPolicies: CiliumPolicyObject[];
  readonly invalidCilium: string[] = [];
  private readonly includeHost: boolean;

  constructor(objects: readonly K8sObject[], options: ReferenceOptions = {}) {
    super(objects, options);
    this.includeHost = options.hostNetwork === 'include';
    const defaultNamespace = options.defaultNamespace ?? 'default';
    this.ciliumPolicies = [];
    for (const o of objects) {
      if (!isCilium(o)) continue;
      const namespaced = o.kind === 'CiliumNetworkPolicy';
      const p = namespaced ? { ...o, metadata: { ...o.metadata, namespace: o.metadata.namespace || defaultNamespace } } : { ...o, metadata: { name: o.metadata.name } };
      if (ciliumProblem(p) !== undefined) this.invalidCilium.push(p.metadata.name);
      else this.ciliumPolicies.push(p);
    }
  }

  /** Valid Cilium policies name IPv6 addresses in their CIDR rules too. */
  protected override namesIPv6(): boolean {
    return super.namesIPv6() || this.ciliumPolicies.some((p) => ciliumCidrs(p).some((c) => cidrRange(c)?.family === 'ipv6'));
  }

  /** Host-network pods are the nodes' identities, unless they are taken as pods. */
  private isNode(pod: RefPod): boolean {
    return pod.hostNetwork && !this.includeHost;
  }

  private identityOf(pod: RefPod): IdentityLabel[] {
    return podIdentity(pod, this.namespaces.get(pod.namespace) ?? { [NAMESPACE_NAME_LABEL]: pod.namespace });
  }

  /** Whether a peer selector (rewritten) matches a peer: a pod by its identity, a node as host or remote-node, an address as world (of its family, on a dual-stack cluster). */
  private selectorMatchesPeer(reqs: readonly Requirement[], peer: Peer): boolean {
    const reserved = (name: string) => holdsOn(reqs, [{ source: 'reserved', key: name, value: '' }]);
    // a dual-stack cluster gives outside addresses world-ipv4 or world-ipv6, a single-stack one world (pkg/labels/labels.go getWorldLabel)
    if (peer.kind === 'address') return reserved(this.families.length === 2 ? (familyOf(peer.address) === 'ipv4' ? 'world-ipv4' : 'world-ipv6') : 'world');
    if (this.isNode(peer.pod)) return reserved('host') || reserved('remote-node');
    return holdsOn(reqs, this.identityOf(peer.pod));
  }

  private entityMatches(entity: string, peer: Peer): boolean {
    switch (entity) {
      case 'all':
        return true;
      case 'world':
        return peer.kind === 'address';
      case 'cluster':
        return peer.kind === 'pod';
      case 'host':
      case 'remote-node':
        return peer.kind === 'pod' && this.isNode(peer.pod);
      default:
        return false;
    }
  }

  private cidrMatches(cidr: string, except: readonly string[], peer: Peer): boolean {
    if (peer.kind !== 'address') return false;
    const inside = (c: string) => {
      const r = cidrRange(c)!;
      return r.first <= peer.address && peer.address <= r.last;
    };
    return inside(cidr) && !except.some(inside);
  }

  /** L3 of an entry (parserules.go): an explicit empty list selects nothing; no peer field is every peer, but only with ports. */
  private l3Matches(e: Entry, direction: Direction, peer: Peer): boolean {
    const i = e.item;
    const [endpoints, entities, cidrs, sets] = direction === 'ingress' ? [i.fromEndpoints, i.fromEntities, i.fromCIDR, i.fromCIDRSet] : [i.toEndpoints, i.toEntities, i.toCIDR, i.toCIDRSet];
    if ([endpoints, entities, cidrs, sets].some((l) => l !== undefined && l.length === 0)) return false;
    const namespace = e.policy.kind === 'CiliumNetworkPolicy' ? e.policy.metadata.namespace : undefined;
    if (endpoints) return endpoints.some((s) => this.selectorMatchesPeer(peerRequirements(s, namespace), peer));
    if (entities) return entities.some((x) => this.entityMatches(x, peer));
    if (cidrs) return cidrs.some((c) => this.cidrMatches(c, [], peer));
    if (sets) return sets.some((s) => this.cidrMatches(s.cidr, s.except ?? [], peer));
    return (i.toPorts ?? []).length > 0;
  }

  private l4Matches(e: Entry, protocol: Protocol, port: number, dstPorts: readonly ContainerPort[] | undefined): boolean {
    const toPorts = e.item.toPorts ?? [];
    if (toPorts.length === 0) return true;
    return toPorts.some((pr) => (pr.ports ?? []).some((p) => portMatches(p, protocol, port, dstPorts)));
  }

  private entries(self: RefPod, direction: Direction): Entry[] {
    if (this.isNode(self)) return [];
    const out: Entry[] = [];
    for (const policy of this.ciliumPolicies) {
      const namespace = policy.kind === 'CiliumNetworkPolicy' ? policy.metadata.namespace : undefined;
      for (const rule of [...(policy.spec ? [policy.spec] : []), ...(policy.specs ?? [])]) {
        if (!rule.endpointSelector || !holdsOn(subjectRequirements(rule.endpointSelector, namespace), this.identityOf(self))) continue;
        const defaultDeny = rule.enableDefaultDeny?.[direction] ?? true;
        for (const item of rule[SECTIONS[direction].allow] ?? []) out.push({ policy, rule, item, deny: false, defaultDeny });
        for (const item of rule[SECTIONS[direction].deny] ?? []) out.push({ policy, rule, item, deny: true, defaultDeny });
      }
    }
    return out;
  }

  override directionAllows(self: RefPod, direction: Direction, peer: Peer, dstPorts: readonly ContainerPort[] | undefined): (protocol: Protocol, port: number) => boolean {
    const network = super.directionAllows(self, direction, peer, dstPorts);
    const selectable = !self.hostNetwork || this.includeHost;
    const networkIsolates =
      selectable &&
      this.networkPolicies.some((np) => np.metadata.namespace === self.namespace && selectorMatches(np.spec.podSelector, self.labels) && policyTypes(np).includes(direction));
    const entries = this.entries(self, direction);
    const isolated = networkIsolates || entries.some((e) => e.defaultDeny);
    const matching = entries.filter((e) => this.l3Matches(e, direction, peer));
    return (protocol, port) => {
      if (matching.some((e) => e.deny && this.l4Matches(e, protocol, port, dstPorts))) return false;
      if (!isolated) return true;
      if (networkIsolates && network(protocol, port)) return true;
      return matching.some((e) => !e.deny && this.l4Matches(e, protocol, port, dstPorts));
    };
  }
}

/** The reference of a cluster: with Cilium policies when it has some. */
export function referenceCluster(objects: readonly K8sObject[], options: ReferenceOptions): ReferenceCluster {
  return objects.some(isCilium) ? new CiliumReferenceCluster(objects, options) : new ReferenceCluster(objects, options);
}

// ---------------------------------------------------------------------------
// Random Cilium policies

const POD_KEYS = ['app', 'tier', 'env'];
const VALUES = ['x', 'y', 'z'];
const NS_LABEL_KEYS = ['team', 'env'];
const PORT_NAMES = ['http', 'dns', 'metrics', 'grpc', 'HTTP'];
const PORTS = ['53', '80', '443', '8080', '8081', '9090', '0', '010', '65535'];
const PROTOCOLS = [undefined, 'TCP', 'UDP', 'SCTP', 'ANY'];
const CIDRS = ['0.0.0.0/0', '10.0.0.0/8', '10.1.0.0/16', '10.1.2.0/24', '8.8.8.0/24', '8.8.8.8/32', '192.168.0.0/16', '128.0.0.0/1'];
const GENERATED_ENTITIES = ['world', 'cluster', 'all', 'host', 'remote-node', 'health', 'none'];
/** Labels that Cilium leaves out of identities, or keeps, that some workloads get. */
export const EXTRA_POD_LABELS: ReadonlyArray<[string, string]> = [
  ['pod-template-hash', 'x'],
  ['app.kubernetes.io/name', 'x'],
  ['kubernetes.io/role', 'x'],
];

export class CiliumGenerator {
  constructor(
    private readonly r: Rng,
    private readonly namespaces: readonly string[],
    /** The share of CIDRs that are IPv6. */
    private readonly ipv6 = 0,
  ) {}

  /** A CIDR: IPv6 ones (an IPv4-mapped one among them, which netip reads as IPv6) as often as `ipv6` says. */
  private cidr(): string {
    const r = this.r;
    return this.ipv6 > 0 && r.chance(this.ipv6) ? r.pick([...V6_CIDRS.filter((c) => !/[A-Z]|\/33$|77\//.test(c)), '::ffff:8.8.8.0/120']) : r.pick(CIDRS);
  }

  private key(key: string): string {
    return this.r.pick(['', '', 'k8s:', 'any:']) + key;
  }

  /** A selector over Cilium identity labels: pod labels, the namespace, namespace labels, now and then reserved or left-out labels. */
  selector(): LabelSelector {
    const r = this.r;
    if (r.chance(0.2)) return {};
    const term = (): Requirement => {
      const kind = r.pick(['pod', 'pod', 'pod', 'namespace', 'nsLabel', 'reserved', 'dropped']);
      const key =
        kind === 'pod'
          ? this.key(r.pick(POD_KEYS))
          : kind === 'namespace'
            ? this.key(NS_KEY)
            : kind === 'nsLabel'
              ? this.key(`${NS_LABELS}${r.pick(NS_LABEL_KEYS)}`)
              : kind === 'reserved'
                ? `reserved:${r.pick(['host', 'world', 'remote-node', 'health', 'world-ipv4', 'world-ipv6'])}`
                : this.key(r.pick(EXTRA_POD_LABELS)[0]);
      const values = kind === 'namespace' ? this.namespaces : kind === 'reserved' ? [''] : VALUES;
      const operator = r.pick(['In', 'In', 'NotIn', 'Exists', 'DoesNotExist']);
      return { key, operator, values: operator === 'In' || operator === 'NotIn' ? r.some(values, 1, 2) : [] };
    };
    const terms = r.times(1, 2, term);
    const out: LabelSelector = {};
    for (const t of terms) {
      if (t.operator === 'In' && t.values.length === 1 && r.chance(0.6) && !(out.matchLabels && t.key in out.matchLabels)) (out.matchLabels ??= {})[t.key] = t.values[0]!;
      else (out.matchExpressions ??= []).push({ key: t.key, operator: t.operator, ...(t.values.length > 0 ? { values: [...t.values] } : {}) });
    }
    return out;
  }

  cidrRule(): CiliumCidrRuleSpec {
    const r = this.r;
    const cidr = this.cidr();
    const except: string[] = [];
    if (r.chance(0.4)) {
      // a block inside cidr, its prefix at least cidr's, written as its network address
      const hole = holeIn(r, cidr, 0);
      const range = hole === undefined ? undefined : cidrRange(hole);
      if (range) except.push(`${formatAddress(range.first)}/${range.prefix}`);
    }
    if (r.chance(0.01)) except.push(r.pick(['11.0.0.0/8', 'fd00::/8']));
    return { cidr, ...(except.length > 0 ? { except } : {}) };
  }

  port(l7: boolean): CiliumPortSpec {
    const r = this.r;
    if (r.chance(0.01)) return { port: 80 };
    const port = r.chance(0.25) ? r.pick(PORT_NAMES) : r.pick(PORTS);
    const protocol = l7 ? 'TCP' : r.pick(PROTOCOLS);
    const spec: CiliumPortSpec = { port, ...(protocol ? { protocol } : {}) };
    if (!isServiceName(port) && r.chance(0.25)) spec.endPort = r.pick([0, 10, 8100, 9000, 65535]);
    if (r.chance(0.01)) spec.protocol = 'tcp';
    return spec;
  }

  toPorts(): CiliumPortRuleSpec[] {
    const r = this.r;
    return r.times(1, 2, () => {
      if (r.chance(0.05)) return {};
      const l7 = r.chance(0.2);
      const ports = r.times(1, 2, () => this.port(l7 && !r.chance(0.02)));
      return { ports, ...(l7 ? { rules: { http: [{ method: 'GET' }] } } : {}) };
    });
  }

  item(direction: Direction, deny: boolean): CiliumRuleItem {
    const r = this.r;
    const item: CiliumRuleItem = {};
    const from = direction === 'ingress';
    const field = r.pick(['endpoints', 'endpoints', 'entities', 'cidr', 'cidrSet', 'none', 'none']);
    const empty = r.chance(0.07);
    switch (field) {
      case 'endpoints':
        item[from ? 'fromEndpoints' : 'toEndpoints'] = empty ? [] : r.times(1, 2, () => this.selector());
        break;
      case 'entities':
        item[from ? 'fromEntities' : 'toEntities'] = empty ? [] : r.some(GENERATED_ENTITIES, 1, 2);
        break;
      case 'cidr':
        item[from ? 'fromCIDR' : 'toCIDR'] = empty ? [] : r.times(1, 2, () => this.cidr());
        break;
      case 'cidrSet':
        item[from ? 'fromCIDRSet' : 'toCIDRSet'] = empty ? [] : r.times(1, 2, () => this.cidrRule());
        break;
    }
    // rarely two peer fields, which Cilium rejects
    if (r.chance(0.01)) item[from ? 'fromEntities' : 'toEntities'] = ['world'];
    if (r.chance(0.55)) {
      const ports = this.toPorts();
      // deny rules have no L7 part
      item.toPorts = deny ? ports.map((p) => (p.ports ? { ports: p.ports } : {})) : ports;
    }
    return item;
  }

  rule(namespaced: boolean): CiliumRuleSpec {
    const r = this.r;
    const rule: CiliumRuleSpec = {};
    if (!namespaced && r.chance(0.03)) rule.nodeSelector = {};
    else rule.endpointSelector = this.selector();
    for (const direction of ['ingress', 'egress'] as const) {
      if (r.chance(0.35)) continue;
      const allow = r.chance(0.1) ? [] : r.times(0, 2, () => this.item(direction, false));
      if (allow.length > 0 || r.chance(0.3)) rule[SECTIONS[direction].allow] = allow.length > 0 && r.chance(0.05) ? [{}] : allow;
      if (r.chance(0.35)) rule[SECTIONS[direction].deny] = r.times(1, 2, () => this.item(direction, true));
      if (r.chance(0.15)) (rule.enableDefaultDeny ??= {})[direction] = r.chance(0.5);
    }
    // a rule without entries is rejected: rarely on purpose
    const sections = ['ingress', 'ingressDeny', 'egress', 'egressDeny'] as const;
    if (sections.every((s) => (rule[s] ?? []).length === 0) && !r.chance(0.05)) rule.ingress = [this.item('ingress', false)];
    return rule;
  }

  policy(name: string): CiliumPolicyObject {
    const r = this.r;
    const namespaced = r.chance(0.7);
    const specs = r.chance(0.1) ? r.times(1, 2, () => this.rule(namespaced)) : undefined;
    return {
      apiVersion: 'cilium.io/v2',
      kind: namespaced ? 'CiliumNetworkPolicy' : 'CiliumClusterwideNetworkPolicy',
      metadata: { name, ...(namespaced ? { namespace: r.pick(this.namespaces) } : {}) },
      ...(specs === undefined || r.chance(0.5) ? { spec: this.rule(namespaced) } : {}),
      ...(specs !== undefined ? { specs } : {}),
    };
  }

  /** Edits one rule of a policy: replaces an item, drops one, or adds one. */
  edit(p: CiliumPolicyObject): void {
    const r = this.r;
    const rule = p.spec ?? p.specs?.[0];
    if (!rule) return;
    const section = r.pick(['ingress', 'ingressDeny', 'egress', 'egressDeny'] as const);
    const direction: Direction = section.startsWith('ingress') ? 'ingress' : 'egress';
    const items = (rule[section] ??= []);
    const k = r.int(0, items.length);
    if (k < items.length && r.chance(0.4)) items.splice(k, 1);
    else items.splice(k, k < items.length ? 1 : 0, this.item(direction, section.endsWith('Deny')));
  }
}
