import type { Diagnostic } from './diagnostics.js';
import { Codes, compareDiagnostics, diagnostic } from './diagnostics.js';
import type { Limits, ParsedDocument } from './documents.js';
import { DEFAULT_LIMITS, parseDocuments } from './documents.js';
import type { AdminPolicy, Cluster, Namespace, NetworkPolicy, PodTemplate, Workload, WorkloadKind } from './model.js';
import { WORKLOAD_KINDS } from './model.js';
import { readNetworkPolicy } from './networkpolicy.js';
import type { RawObject } from './objects.js';
import { field, InvalidObject, isRecord, optionalString, readLabels } from './objects.js';
import { readAdminPolicy } from './adminpolicy.js';
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
}

export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

export function isManifestPath(path: string): boolean {
  const lower = path.toLowerCase();
  return MANIFEST_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

function listItemKind(listKind: string): string | undefined {
  return listKind !== 'List' && listKind.endsWith('List') ? listKind.slice(0, -4) : undefined;
}

class ClusterBuilder {
  readonly diagnostics: Diagnostic[] = [];
  private readonly namespaces = new Map<string, Namespace>();
  private readonly workloads = new Map<string, { parts: WorkloadPart[]; pods: PodTemplate[]; source: { file: string; line: number } }>();
  private readonly networkPolicies = new Map<string, NetworkPolicy>();
  private readonly adminPolicies = new Map<string, AdminPolicy>();
  private baseline: AdminPolicy | undefined;
  private readonly ignored = new Map<string, number>();
  private readonly referencedNamespaces = new Set<string>();

  constructor(private readonly defaultNamespace: string) {}

  error(code: string, file: string, line: number, message: string): void {
    this.diagnostics.push(diagnostic('error', code, { file, line }, message));
  }

  warn(code: string, file: string, line: number, message: string): void {
    this.diagnostics.push(diagnostic('warning', code, { file, line }, message));
  }

  addDocument(doc: ParsedDocument, file: string): void {
    const value = doc.value;
    if (!isRecord(value) || typeof value['kind'] !== 'string' || value['kind'] === '') {
      const what = isRecord(value) ? 'has no kind' : `is ${Array.isArray(value) ? 'a list' : 'a scalar'}, not an object`;
      this.error(Codes.notKubernetes, file, doc.line, `not a Kubernetes object: the document ${what}; skipped`);
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
        this.addObject({ kind: k, body: item, file, line, lineOf: doc.lineOf });
      }
      return;
    }
    this.addObject({ kind, body: value, file, line: doc.line, lineOf: doc.lineOf });
  }

  private addObject(obj: RawObject): void {
    try {
      if ((WORKLOAD_KINDS as readonly string[]).includes(obj.kind)) this.addWorkload(obj, obj.kind as WorkloadKind);
      else if (obj.kind === 'Namespace') this.addNamespace(obj);
      else if (obj.kind === 'NetworkPolicy') this.addNetworkPolicy(obj);
      else if (obj.kind === 'AdminNetworkPolicy' || obj.kind === 'BaselineAdminNetworkPolicy') this.addAdminPolicy(obj);
      else this.ignored.set(obj.kind, (this.ignored.get(obj.kind) ?? 0) + 1);
    } catch (e) {
      if (!(e instanceof InvalidObject)) throw e;
      const name = optionalName(obj);
      const what = obj.kind === 'NetworkPolicy' || obj.kind.endsWith('AdminNetworkPolicy') ? 'policy' : 'object';
      this.error(
        obj.kind.endsWith('NetworkPolicy') ? Codes.invalidPolicy : Codes.invalidObject,
        obj.file,
        e.line ?? obj.line,
        `invalid ${obj.kind}${name ? ` ${name}` : ''}: ${e.message}; ${what} skipped`,
      );
    }
  }

  private addWorkload(obj: RawObject, kind: WorkloadKind): void {
    const part = readWorkload(obj, kind, this.defaultNamespace);
    this.referencedNamespaces.add(part.namespace);
    const existing = this.workloads.get(part.id);
    if (!existing) {
      this.workloads.set(part.id, { parts: [part], pods: [part.pod], source: { file: obj.file, line: obj.line } });
      return;
    }
    if (!part.owned || !existing.parts.every((p) => p.owned)) {
      this.warn(Codes.duplicate, obj.file, obj.line, `${part.id} is declared more than once (also at ${existing.source.file}:${existing.source.line}); both are analysed as one workload`);
    }
    existing.parts.push(part);
    if (!existing.pods.some((p) => samePod(p, part.pod))) existing.pods.push(part.pod);
    if (part.pod.hostNetwork !== existing.pods[0]!.hostNetwork) {
      this.warn(Codes.labelsDiffer, obj.file, obj.line, `pods of ${part.id} differ in hostNetwork`);
    }
  }

  private addNamespace(obj: RawObject): void {
    const name = optionalString(obj.body, 'metadata', 'name');
    if (!name) throw new InvalidObject('Namespace has no metadata.name');
    const labels = { ...readLabels(field(obj.body, 'metadata', 'labels'), 'metadata.labels'), [NAMESPACE_NAME_LABEL]: name };
    const previous = this.namespaces.get(name);
    if (previous?.declared) {
      this.warn(Codes.duplicate, obj.file, obj.line, `Namespace ${name} is declared more than once (also at ${previous.source?.file}:${previous.source?.line}); the last one is used`);
    }
    this.namespaces.set(name, { name, labels, declared: true, source: { file: obj.file, line: obj.line } });
  }

  private addNetworkPolicy(obj: RawObject): void {
    const { policy, notes } = readNetworkPolicy(obj, this.defaultNamespace);
    for (const n of notes) this.warn(Codes.unsupported, obj.file, n.line, `NetworkPolicy ${policy.namespace}/${policy.name}: ${n.message}`);
    const id = `${policy.namespace}/${policy.name}`;
    const previous = this.networkPolicies.get(id);
    if (previous) {
      this.warn(Codes.duplicate, obj.file, obj.line, `NetworkPolicy ${id} is declared more than once (also at ${previous.source.file}:${previous.source.line}); the last one is used`);
    }
    this.referencedNamespaces.add(policy.namespace);
    this.networkPolicies.set(id, policy);
  }

  private addAdminPolicy(obj: RawObject): void {
    const { policy, notes } = readAdminPolicy(obj);
    for (const n of notes) this.warn(n.code, obj.file, n.line, `${policy.kind} ${policy.name}: ${n.message}`);
    if (policy.kind === 'BaselineAdminNetworkPolicy') {
      if (this.baseline) {
        this.warn(Codes.duplicate, obj.file, obj.line, `BaselineAdminNetworkPolicy ${policy.name} is declared more than once (also at ${this.baseline.source.file}:${this.baseline.source.line}); the last one is used`);
      }
      this.baseline = policy;
      return;
    }
    const previous = this.adminPolicies.get(policy.name);
    if (previous) {
      this.warn(Codes.duplicate, obj.file, obj.line, `AdminNetworkPolicy ${policy.name} is declared more than once (also at ${previous.source.file}:${previous.source.line}); the last one is used`);
    }
    this.adminPolicies.set(policy.name, policy);
  }

  build(files: string[]): Cluster {
    for (const name of this.referencedNamespaces) {
      if (!this.namespaces.has(name)) this.namespaces.set(name, { name, labels: { [NAMESPACE_NAME_LABEL]: name }, declared: false });
    }
    const workloads: Workload[] = [...this.workloads.entries()]
      .map(([id, w]) => {
        const first = w.parts[0]!;
        return { id, namespace: first.namespace, name: first.name, kind: first.kind, pods: w.pods, source: w.source };
      })
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return {
      namespaces: new Map([...this.namespaces.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      workloads,
      networkPolicies: [...this.networkPolicies.values()],
      adminPolicies: [...this.adminPolicies.values()],
      ...(this.baseline ? { baselinePolicy: this.baseline } : {}),
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

/**
 * Reads the manifests of one state into a Cluster. Never throws for bad
 * input: every problem becomes a diagnostic with file and line, and the
 * document or object concerned is skipped.
 */
export function loadCluster(files: Iterable<SnapshotFile>, options: LoadOptions = {}): Cluster {
  const builder = new ClusterBuilder(options.defaultNamespace ?? 'default');
  const limits = options.limits ?? DEFAULT_LIMITS;
  const paths: string[] = [];
  for (const f of files) {
    paths.push(f.path);
    if ('error' in f) {
      builder.error(Codes.unreadable, f.path, 1, f.error);
      continue;
    }
    if (f.text.length > limits.maxFileBytes) {
      builder.error(Codes.limit, f.path, 1, `file is larger than ${limits.maxFileBytes} bytes; skipped`);
      continue;
    }
    const parsed = parseDocuments(f.text, f.path, limits);
    builder.diagnostics.push(...parsed.diagnostics);
    for (const doc of parsed.documents) builder.addDocument(doc, f.path);
  }
  return builder.build(paths);
}
