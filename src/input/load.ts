import type { Diagnostic, SourceRef } from '../model/diagnostics.js';
import { Codes, compareDiagnostics, diagnostic } from '../model/diagnostics.js';
import type { Limits, ParsedDocument } from './yaml/documents.js';
import { DEFAULT_LIMITS, parseDocuments } from './yaml/documents.js';
import type { Labels, Namespace, PodTemplate, Workload, WorkloadKind } from '../model/cluster.js';
import { NAMESPACE_NAME_LABEL, WORKLOAD_KINDS } from '../model/cluster.js';
import type { RawObject } from '../model/objects.js';
import { field, InvalidObject, isRecord, optionalString, readLabels } from '../model/objects.js';
import type { KindedPolicy, PolicyObject } from '../policy/kind.js';
import { policyId } from '../policy/kind.js';
import type { NetworkPolicy } from '../policy/networkpolicy/types.js';
import { recognise, splitApiVersion } from '../policy/registry.js';
import type { Cluster, NotAnalysed } from './cluster.js';
import type { WorkloadPart } from './workloads.js';
import { readWorkload } from './workloads.js';

/** A manifest file of a snapshot: its path as shown to users, and its text. */
export type SnapshotFile =
  | { readonly path: string; readonly text: string }
  /** A file that could not be read (too large, unreadable), reported as such. */
  | { readonly path: string; readonly error: string };

export interface LoadOptions {
  /** Namespace of objects that name none. */
  readonly defaultNamespace?: string;
  readonly limits?: Limits;
  /**
   * How a document that is not a Kubernetes object (no kind) is reported:
   * `error` (default), or `info` where files were picked by a broad glob and
   * other YAML and JSON (package.json, CI configs) is expected.
   */
  readonly notKubernetes?: 'error' | 'info';
}

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

export function isManifestPath(path: string): boolean {
  const lower = path.toLowerCase();
  return MANIFEST_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

function listItemKind(listKind: string): string | undefined {
  return listKind !== 'List' && listKind.endsWith('List') ? listKind.slice(0, -4) : undefined;
}

/** One object a file contributes, already read and validated. */
type Item =
  | { readonly kind: 'workload'; readonly part: WorkloadPart; readonly source: SourceRef }
  | { readonly kind: 'namespace'; readonly namespace: Namespace; readonly source: SourceRef }
  | { readonly kind: 'serviceAccount'; readonly id: string; readonly labels: Labels }
  | { readonly kind: 'policy'; readonly policy: KindedPolicy }
  | { readonly kind: 'notAnalysed'; readonly what: NotAnalysed }
  | { readonly kind: 'ignored'; readonly objectKind: string };

/**
 * What one file contributes to a state: its objects in document order and
 * the diagnostics of reading them. A pure function of the file's path and
 * text (and the options), so an unchanged file can be read once for both
 * states of a diff.
 */
export interface FileContribution {
  readonly path: string;
  readonly items: readonly Item[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Contributions already read, by text; share one between the states of a diff. */
export type LoadCache = Map<string, FileContribution>;

/** The same contribution read from a file at another path: only source references change. */
function repath(c: FileContribution, path: string): FileContribution {
  const at = (s: SourceRef): SourceRef => ({ file: path, line: s.line });
  const items = c.items.map((item): Item => {
    switch (item.kind) {
      case 'workload':
        return { ...item, source: at(item.source) };
      case 'namespace':
        return { ...item, namespace: { ...item.namespace, source: at(item.source) }, source: at(item.source) };
      case 'policy':
        return { ...item, policy: { kind: item.policy.kind, policy: { ...item.policy.policy, source: at(item.policy.policy.source) } } };
      case 'notAnalysed':
        return { ...item, what: { ...item.what, source: at(item.what.source) } };
      case 'serviceAccount':
      case 'ignored':
        return item;
    }
  });
  return { path, items, diagnostics: c.diagnostics.map((d) => ({ ...d, file: path })) };
}

class FileReader {
  readonly items: Item[] = [];
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly defaultNamespace: string,
    private readonly notKubernetes: 'error' | 'info' = 'error',
  ) {}

  private error(code: string, file: string, line: number, message: string): void {
    this.diagnostics.push(diagnostic('error', code, { file, line }, message));
  }

  private warn(code: string, file: string, line: number, message: string): void {
    this.diagnostics.push(diagnostic('warning', code, { file, line }, message));
  }

  addDocument(doc: ParsedDocument, file: string): void {
    const value = doc.value;
    if (!isRecord(value) || typeof value['kind'] !== 'string' || value['kind'] === '') {
      const what = isRecord(value) ? 'has no kind' : `is ${Array.isArray(value) ? 'a list' : 'a scalar'}, not an object`;
      this.diagnostics.push(diagnostic(this.notKubernetes, Codes.notKubernetes, { file, line: doc.line }, `not a Kubernetes object: the document ${what}; skipped`));
      return;
    }
    const kind = value['kind'];
    const items = value['items'];
    if (kind.endsWith('List') && (Array.isArray(items) || items === null || items === undefined)) {
      const itemKind = listItemKind(kind);
      for (const item of items ?? []) {
        const line = doc.lineOf(item);
        if (!isRecord(item)) {
          this.error(Codes.invalidObject, file, line, `${kind} item is not an object; skipped`);
          continue;
        }
        const k = typeof item['kind'] === 'string' && item['kind'] !== '' ? item['kind'] : itemKind;
        if (!k) {
          this.error(Codes.notKubernetes, file, line, `${kind} item has no kind; skipped`);
          continue;
        }
        // the items of a typed list (NetworkPolicyList) are of the list's API group
        const apiVersion = stringField(item, 'apiVersion') ?? (itemKind ? stringField(value, 'apiVersion') : undefined);
        this.addObject({ kind: k, body: item, file, line, lineOf: doc.lineOf }, apiVersion);
      }
      return;
    }
    this.addObject({ kind, body: value, file, line: doc.line, lineOf: doc.lineOf }, stringField(value, 'apiVersion'));
  }

  private addObject(obj: RawObject, apiVersion: string | undefined): void {
    const source = { file: obj.file, line: obj.line };
    const group = apiVersion === undefined ? undefined : splitApiVersion(apiVersion).group;
    try {
      if ((WORKLOAD_KINDS as readonly string[]).includes(obj.kind) && (group === undefined || WORKLOAD_GROUPS[obj.kind]!.includes(group))) {
        this.items.push({ kind: 'workload', part: readWorkload(obj, obj.kind as WorkloadKind, this.defaultNamespace), source });
        return;
      }
      if (obj.kind === 'Namespace' && (group === undefined || group === '')) {
        const name = optionalString(obj.body, 'metadata', 'name');
        if (!name) throw new InvalidObject('Namespace has no metadata.name');
        const labels = { ...readLabels(field(obj.body, 'metadata', 'labels'), 'metadata.labels'), [NAMESPACE_NAME_LABEL]: name };
        this.items.push({ kind: 'namespace', namespace: { name, labels, declared: true, source }, source });
        return;
      }
      if (obj.kind === 'ServiceAccount' && (group === undefined || group === '')) {
        // only Calico's selectors read a service account's labels; it is still counted with the kinds that carry no policy
        const name = optionalString(obj.body, 'metadata', 'name');
        if (name) {
          const namespace = optionalString(obj.body, 'metadata', 'namespace') || this.defaultNamespace;
          this.items.push({ kind: 'serviceAccount', id: `${namespace}/${name}`, labels: readLabels(field(obj.body, 'metadata', 'labels'), 'metadata.labels') });
        }
        this.items.push({ kind: 'ignored', objectKind: obj.kind });
        return;
      }
      if (apiVersion === undefined) {
        // which API a NetworkPolicy belongs to (Kubernetes', Calico's, Antrea's) is told by its group alone
        if (recognise(obj, 'networking.k8s.io/v1').kind !== 'other' || /Policy$/.test(obj.kind)) {
          throw new InvalidObject(`${obj.kind} has no apiVersion, which kubectl rejects; which API it belongs to cannot be told`);
        }
        this.items.push({ kind: 'ignored', objectKind: obj.kind });
        return;
      }
      const found = recognise(obj, apiVersion);
      if (found.kind === 'policy') {
        const { policy, notes } = found.policyKind.read(obj, { defaultNamespace: this.defaultNamespace });
        const label = `${policy.kind} ${policyId(policy)}`;
        for (const n of notes) {
          this.warn(n.code, obj.file, n.line, `${label}: ${n.message}`);
          if (n.code === Codes.unsupported) this.items.push({ kind: 'notAnalysed', what: { kind: 'rule part', name: label, source: { file: obj.file, line: n.line }, reason: n.message } });
        }
        this.items.push({ kind: 'policy', policy: { kind: found.policyKind, policy: policy as PolicyObject } });
      } else if (found.kind === 'notAnalysed') {
        const name = optionalName(obj);
        this.warn(Codes.notAnalysed, obj.file, obj.line, `${obj.kind}${name ? ` ${name}` : ''} (${apiVersion}) is not analysed: ${found.reason}; the traffic it governs is shown as if it did not exist`);
        this.items.push({ kind: 'notAnalysed', what: { kind: obj.kind, ...(name ? { name } : {}), source, reason: found.reason } });
      } else {
        this.items.push({ kind: 'ignored', objectKind: obj.kind });
      }
    } catch (e) {
      if (!(e instanceof InvalidObject)) throw e;
      const name = optionalName(obj);
      const policyLike = /Policy$/.test(obj.kind);
      this.error(
        policyLike ? Codes.invalidPolicy : Codes.invalidObject,
        obj.file,
        e.line ?? obj.line,
        `invalid ${obj.kind}${name ? ` ${name}` : ''}: ${e.message}; ${policyLike ? 'policy' : 'object'} skipped`,
      );
    }
  }
}

/** The API groups workload kinds are served from (extensions: the old group of Deployments, still in dumps). */
const WORKLOAD_GROUPS: Readonly<Record<string, readonly string[]>> = {
  Pod: [''],
  ReplicationController: [''],
  Deployment: ['apps', 'extensions'],
  DaemonSet: ['apps', 'extensions'],
  ReplicaSet: ['apps', 'extensions'],
  StatefulSet: ['apps'],
  Job: ['batch'],
  CronJob: ['batch'],
};

function stringField(obj: Record<string, unknown>, key: string): string | undefined {
  const v = obj[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Reads one file into what it contributes; never throws for bad input. */
export function readFile(f: SnapshotFile, options: LoadOptions = {}): FileContribution {
  const limits = options.limits ?? DEFAULT_LIMITS;
  if ('error' in f) return { path: f.path, items: [], diagnostics: [diagnostic('error', Codes.unreadable, { file: f.path, line: 1 }, f.error)] };
  if (f.text.length > limits.maxFileBytes) {
    return { path: f.path, items: [], diagnostics: [diagnostic('error', Codes.limit, { file: f.path, line: 1 }, `file is larger than ${limits.maxFileBytes} bytes; skipped`)] };
  }
  const reader = new FileReader(options.defaultNamespace ?? 'default', options.notKubernetes);
  const parsed = parseDocuments(f.text, f.path, limits);
  reader.diagnostics.push(...parsed.diagnostics);
  for (const doc of parsed.documents) reader.addDocument(doc, f.path);
  return { path: f.path, items: reader.items, diagnostics: reader.diagnostics };
}

/** Combines the files of one state: merges pods of one owner, reports duplicates, adds referenced namespaces. */
class ClusterBuilder {
  readonly diagnostics: Diagnostic[] = [];
  private readonly namespaces = new Map<string, Namespace>();
  private readonly serviceAccounts = new Map<string, Labels>();
  private readonly workloads = new Map<string, { parts: WorkloadPart[]; pods: PodTemplate[]; source: SourceRef }>();
  /** By kind and id: the last of duplicates is used, at the place of the first. */
  private readonly policies = new Map<string, KindedPolicy>();
  private readonly notAnalysed: NotAnalysed[] = [];
  private readonly ignored = new Map<string, number>();
  private readonly referencedNamespaces = new Set<string>();

  private warn(code: string, at: SourceRef, message: string): void {
    this.diagnostics.push(diagnostic('warning', code, at, message));
  }

  add(c: FileContribution): void {
    this.diagnostics.push(...c.diagnostics);
    for (const item of c.items) {
      switch (item.kind) {
        case 'workload':
          this.addWorkload(item.part, item.source);
          break;
        case 'namespace': {
          const previous = this.namespaces.get(item.namespace.name);
          if (previous?.declared) {
            this.warn(Codes.duplicate, item.source, `Namespace ${item.namespace.name} is declared more than once (also at ${previous.source?.file}:${previous.source?.line}); the last one is used`);
          }
          this.namespaces.set(item.namespace.name, item.namespace);
          break;
        }
        case 'policy': {
          const { policy, kind } = item.policy;
          const id = policyId(policy);
          const key = `${policy.kind}\u0000${id}`;
          const previous = this.policies.get(key)?.policy;
          if (previous) {
            this.warn(Codes.duplicate, policy.source, `${policy.kind} ${id} is declared more than once (also at ${previous.source.file}:${previous.source.line}); the last one is used`);
          }
          if (policy.namespace !== undefined) this.referencedNamespaces.add(policy.namespace);
          this.policies.set(key, { kind, policy });
          break;
        }
        case 'serviceAccount':
          this.serviceAccounts.set(item.id, item.labels);
          break;
        case 'notAnalysed':
          this.notAnalysed.push(item.what);
          break;
        case 'ignored':
          this.ignored.set(item.objectKind, (this.ignored.get(item.objectKind) ?? 0) + 1);
          break;
      }
    }
  }

  private addWorkload(part: WorkloadPart, source: SourceRef): void {
    this.referencedNamespaces.add(part.namespace);
    const existing = this.workloads.get(part.id);
    if (!existing) {
      this.workloads.set(part.id, { parts: [part], pods: [part.pod], source });
      return;
    }
    if (!part.owned || !existing.parts.every((p) => p.owned)) {
      this.warn(Codes.duplicate, source, `${part.id} is declared more than once (also at ${existing.source.file}:${existing.source.line}); both are analysed as one workload`);
    }
    existing.parts.push(part);
    if (!existing.pods.some((p) => samePod(p, part.pod))) existing.pods.push(part.pod);
    if (part.pod.hostNetwork !== existing.pods[0]!.hostNetwork) this.warn(Codes.labelsDiffer, source, `pods of ${part.id} differ in hostNetwork`);
  }

  build(files: string[]): Cluster {
    for (const name of this.referencedNamespaces) {
      if (!this.namespaces.has(name)) this.namespaces.set(name, { name, labels: { [NAMESPACE_NAME_LABEL]: name }, declared: false });
    }
    const policies = [...this.policies.values()];
    const workloads: Workload[] = [...this.workloads.entries()]
      .map(([id, w]) => {
        const first = w.parts[0]!;
        return { id, namespace: first.namespace, name: first.name, kind: first.kind, pods: w.pods, source: w.source };
      })
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return {
      namespaces: new Map([...this.namespaces.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      workloads,
      serviceAccounts: this.serviceAccounts,
      policies,
      // Calico's NetworkPolicy has the same kind in another group: told apart by the policy's own kind
      networkPolicies: policies.filter((p) => p.policy.kind === 'NetworkPolicy').map((p) => p.policy as NetworkPolicy),
      notAnalysed: this.notAnalysed,
      ignoredKinds: this.ignored,
      diagnostics: this.diagnostics.sort(compareDiagnostics),
      files,
    };
  }
}

function optionalName(obj: RawObject): string | undefined {
  const name = field(obj.body, 'metadata', 'name');
  const ns = field(obj.body, 'metadata', 'namespace');
  if (typeof name !== 'string') return undefined;
  return typeof ns === 'string' && ns !== '' ? `${ns}/${name}` : name;
}

function samePod(a: PodTemplate, b: PodTemplate): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A file's contribution from the cache (re-pathed if it was read under another path), if any. */
export function cachedContribution(f: SnapshotFile, cache: LoadCache | undefined): FileContribution | undefined {
  const cached = 'text' in f ? cache?.get(f.text) : undefined;
  if (!cached) return undefined;
  return cached.path === f.path ? cached : repath(cached, f.path);
}

/** Combines the contributions of one state's files, in order, into a Cluster. */
export function combine(contributions: Iterable<FileContribution>): Cluster {
  const builder = new ClusterBuilder();
  const paths: string[] = [];
  for (const c of contributions) {
    paths.push(c.path);
    builder.add(c);
  }
  return builder.build(paths);
}

/**
 * Reads the manifests of one state into a Cluster. Never throws for bad
 * input: every problem becomes a diagnostic with file and line, and the
 * document or object concerned is skipped. With a cache shared by the
 * states of a diff, a file with the same text is read once.
 */
export function loadCluster(files: Iterable<SnapshotFile>, options: LoadOptions = {}, cache?: LoadCache): Cluster {
  function* contributions(): Generator<FileContribution> {
    for (const f of files) {
      let c = cachedContribution(f, cache);
      if (!c) {
        c = readFile(f, options);
        if ('text' in f) cache?.set(f.text, c);
      }
      yield c;
    }
  }
  return combine(contributions());
}
