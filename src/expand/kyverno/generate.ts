/**
 * Kyverno generate rules (kyverno.io/docs/policy-types/cluster-policy/generate/)
 * run over the objects of one state: every object of the manifests is read
 * as an admission request that creates it, as `kyverno apply` reads its
 * resources, and each rule whose match selects it, whose exclude spares it
 * and whose preconditions hold generates its objects from `data` (with
 * variables substituted), from a `clone` or `cloneList` of objects of the
 * manifests, once or for each element of a `foreach` list.
 */
import type { Diagnostic, GeneratedBy, SourceRef } from '../../model/diagnostics.js';
import { diagnostic, ExpansionCodes, WarningCodes } from '../../model/diagnostics.js';
import type { Namespace } from '../../model/cluster.js';
import type { WorkloadKind } from '../../model/cluster.js';
import { BUILT_IN_NAMESPACES, CONTROLLER_POD_LABELS, NAMESPACE_NAME_LABEL } from '../../model/cluster.js';
import type { ManifestObject } from '../../model/objects.js';
import { field, InvalidObject, isRecord } from '../../model/objects.js';
import type { Labels } from '../../model/selectors.js';
import type { NotAnalysed } from '../../input/cluster.js';
import { readWorkload } from '../../input/workloads.js';
import { operatorKind } from '../../input/operators.js';
import { decidingConfigMap } from '../../input/load.js';
import { splitApiVersion } from '../../policy/registry.js';
import type { Json, Node, Watch } from './jmespath.js';
import { Budget, compile, deepEqual, excerpt, goInts, goTyped, JmesPathError, jsonCopy, orderless, plain, rootPaths, sizeOf, Unsupported, Unsure } from './jmespath.js';
import { wildcardMatch } from './wildcard.js';
import type { Candidate } from './match.js';
import { filtersOf, InvalidFilter, kindMatches, kindsOf, matchesEmptySet, namesOperations, namesUser, selectorMatches, selects, undecidedBy, validateBlock } from './match.js';
import { checkPreconditions, InvalidCondition, preconditionsHold } from './conditions.js';
import { firstUnknown } from '../../policy/fields.js';
import { specShape } from './fields.js';
import type { Scope } from './variables.js';
import { checkVariables, evaluateQuery, InvalidVariable, REFERENCE, substitute, substituteString, Unresolved } from './variables.js';

/** What a rule says that Kyverno rejects when the policy is created. */
class InvalidRule extends Error {
  constructor(
    message: string,
    readonly line?: number,
    /** The code to report it under, where not RD040. */
    readonly code?: string,
  ) {
    super(message);
  }
}

/** What makes Kyverno fail a rule for one object, as a variable that does not resolve does (Unresolved). */
class FailsFor extends Error {}

/** An expression that reads labels or annotations of a Namespace nobody declares, which the manifests do not give (Trigger.undeclared). */
class ReadsUndeclared extends Error {
  constructor(readonly expression: string) {
    super(expression);
  }
}

/**
 * Whether the value at a path of the admission request for a Namespace
 * nobody declares is known: not its labels as a whole or but its name's,
 * its annotations, or the object or its metadata as a whole.
 */
function undeclaredGives(path: ReadonlyArray<string | number>): boolean {
  const [root, part, section, key, label] = path;
  // other roots (element, context variables) are made of what the rule's expressions read, each checked
  if (root === undefined) return false;
  if (root !== 'request' || part !== 'object') return part !== undefined;
  if (section === undefined) return false;
  if (section !== 'metadata') return true;
  if (key === undefined || key === 'annotations') return false;
  return key !== 'labels' || label === NAMESPACE_NAME_LABEL;
}

/** Kinds whose objects have no namespace (the others are namespaced, in `default` when the manifest names none). */
const CLUSTER_SCOPED = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'StorageClass', 'PriorityClass',
  'IngressClass', 'RuntimeClass', 'CSIDriver', 'CSINode', 'APIService', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy',
  'ClusterPolicy', 'CiliumClusterwideNetworkPolicy', 'GlobalNetworkPolicy', 'Tier', 'CertificateSigningRequest',
]);

/**
 * Most steps expanding the rules of one state takes, a second or two: each
 * object a rule is checked against, each node of what it generates, and the
 * steps of its expressions and wildcard matches (jmespath.ts). Each
 * expression is bounded, but a rule may hold thousands, each evaluated for
 * every object the rule selects. Three policies generated for each of ten
 * thousand namespaces take one fortieth of this.
 */
const MAX_EXPANSION_STEPS = 50_000_000;

/** At most this many objects generated in all: a foreach writes a million from a few lines, more than memory holds. Past it, a rule is not expanded. */
const MAX_GENERATED = 100_000;

/** An object a rule may be triggered by, as the rule sees it. */
interface Trigger {
  readonly candidate: Candidate;
  /** `request.object`: the manifest's object with its namespace and implicit labels set. */
  readonly body: Json;
  /** `namespace shop`, `ConfigMap shop/settings`, `the pods of Deployment shop/web`. */
  readonly text: string;
  /** For the pods a workload's controller makes: the workload's kind and pod template, all the manifests say of them. */
  readonly template?: { readonly kind: string; readonly spec: unknown };
  /**
   * For a namespace the manifests do not create, how it comes to be (it
   * exists from the cluster's start, they only reference it, the config
   * declares it): Kyverno may never have seen it created after the policy
   * was installed.
   */
  readonly createdOutside?: string;
  /**
   * The namespace (its own, for a Namespace) where neither the manifests
   * nor the config declare it: it may carry labels (and a Namespace
   * annotations) other than its name's, which a rule's match and exclude
   * may read.
   */
  readonly undeclared?: string;
}

/** Why whether a rule applies to a trigger is not known: the keys of its namespace's labels that decide it, and the earlier rule whose doubt it carries (applyRules: One). */
interface Doubt {
  readonly namespace: string;
  readonly reads: readonly string[];
  readonly earlier?: string;
  /** Where not the match and exclude but an expression reads them (of a Namespace's own labels or annotations): its text and the path it reads. */
  readonly expression?: string;
}

/** Controllers that make pods from a template, and the groups they are served from (as the loader reads them). */
const POD_TEMPLATES: Readonly<Record<string, { readonly groups: readonly string[]; readonly path: readonly string[] }>> = {
  Deployment: { groups: ['apps'], path: ['spec', 'template'] },
  StatefulSet: { groups: ['apps'], path: ['spec', 'template'] },
  DaemonSet: { groups: ['apps'], path: ['spec', 'template'] },
  ReplicaSet: { groups: ['apps'], path: ['spec', 'template'] },
  ReplicationController: { groups: [''], path: ['spec', 'template'] },
  Job: { groups: ['batch'], path: ['spec', 'template'] },
  CronJob: { groups: ['batch'], path: ['spec', 'jobTemplate', 'spec', 'template'] },
};

/** What an operator makes for its resources (a Prometheus's StatefulSet and its pods), as a generate rule's kinds may match them. */
const OPERATOR_MADE: ReadonlyArray<Pick<Candidate, 'group' | 'version' | 'kind'>> = [
  { group: '', version: 'v1', kind: 'Pod' },
  { group: 'apps', version: 'v1', kind: 'StatefulSet' },
];

/** Annotations a controller puts on the pods it makes, which templates do not show (an Indexed Job's completion index). */
const CONTROLLER_POD_ANNOTATIONS: ReadonlySet<string> = new Set(['batch.kubernetes.io/job-completion-index']);

/**
 * Fields of the pod spec a controller sets on the pods it makes, whatever
 * the template says: a StatefulSet's pods get their hostname and subdomain,
 * a DaemonSet's a node affinity and tolerations.
 */
const CONTROLLER_POD_SPEC: Readonly<Record<string, readonly string[]>> = { StatefulSet: ['hostname', 'subdomain'], DaemonSet: ['affinity', 'tolerations'] };

/**
 * Whether the value at a path of the admission request for a pod a
 * workload's controller makes is the one its pod template gives: the
 * request's operation and kind, the pod's namespace, a label or annotation
 * the controller does not set, a field of the spec the template sets to a
 * plain value. Not the pod's name (the controller generates it), its
 * labels or spec as a whole, a field the API server may default, its
 * owner references or status.
 */
function templateGives(path: ReadonlyArray<string | number>, kind: string, spec: unknown): boolean {
  const [root, part, section, key] = path;
  // the whole context holds the request; other roots (element, context variables) are made of what the rule's expressions read, each checked
  if (root === undefined) return false;
  if (root !== 'request') return true;
  if (part === 'operation' || part === 'kind' || part === 'namespace' || part === 'oldObject') return true;
  if (part !== 'object') return false;
  if (section === 'apiVersion' || section === 'kind') return path.length === 3;
  if (section === 'metadata') {
    if (key === 'namespace') return true;
    const label = path[4];
    if (key === 'labels') return typeof label === 'string' && !CONTROLLER_POD_LABELS.has(label);
    if (key === 'annotations') return typeof label === 'string' && !CONTROLLER_POD_ANNOTATIONS.has(label);
    return false;
  }
  if (section !== 'spec' || path.length < 4) return false;
  if (typeof key === 'string' && (CONTROLLER_POD_SPEC[kind] ?? []).includes(key)) return false;
  let value: unknown = spec;
  for (const step of path.slice(3)) {
    // a negative index counts from the end of a list admission plugins may add to (volumes)
    if (typeof step === 'number' ? step < 0 || !Array.isArray(value) : !isRecord(value) || !Object.hasOwn(value, step)) return false;
    value = (value as Record<string | number, unknown>)[step];
  }
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** Keys the API server sets on the metadata of every object it stores. */
const SERVER_METADATA: ReadonlySet<string> = new Set(['uid', 'resourceVersion', 'creationTimestamp', 'generation', 'managedFields', 'selfLink']);

/** Keys Kyverno's context holds besides the request and the rule's context entries: the images of a workload, who makes the request, a mutate target. */
const CONTEXT_KEYS: ReadonlySet<string> = new Set(['images', 'serviceAccountName', 'serviceAccountNamespace', 'target']);

/** Mappings of an object whose keys are the ones written, which the API server neither sets nor defaults: labels, annotations, label selectors, a ConfigMap's data. */
const WRITTEN_MAPS: ReadonlySet<string> = new Set(['labels', 'annotations', 'matchLabels', 'selector', 'podSelector', 'namespaceSelector', 'nodeSelector']);

/**
 * Which keys a mapping at a path of the trigger (request.object) may hold in
 * the cluster though the manifest does not write them: every one for the
 * object itself (its status) and for what its spec holds (the API server
 * defaults fields there), the server's own for metadata, none for a mapping
 * whose keys are the ones written (WRITTEN_MAPS), but for a Deployment's
 * annotations, which its controller adds to.
 */
function mayHold(kind: string, path: ReadonlyArray<string | number>, key: string): boolean {
  const last = path[path.length - 1];
  if (path.length === 0) return true;
  if (last === 'metadata') return SERVER_METADATA.has(key);
  if (path.length === 2 && path[0] === 'metadata' && last === 'annotations' && (kind === 'Deployment' || kind === 'ReplicaSet')) return key.startsWith('deployment.kubernetes.io/');
  if (typeof last === 'string' && WRITTEN_MAPS.has(last)) return false;
  if (path.includes('matchExpressions')) return false;
  if (path.length === 1 && ['data', 'binaryData', 'stringData'].includes(last as string) && (kind === 'ConfigMap' || kind === 'Secret')) return false;
  return true;
}

/**
 * What a rule's expressions read of one trigger that the object Kyverno
 * reads may hold otherwise (Watch): the background controller reads the
 * trigger as the API server stores it (kyverno/kyverno
 * pkg/background/common, GetTrigger), with the metadata the server sets
 * (uid, resourceVersion, creationTimestamp, generation), its status and the
 * defaults of its spec, which the manifest does not give. A key such a
 * mapping lacks here, read, or all its keys, give what is not known (Unsure).
 * A key a written mapping (labels, a selector) lacks is absent there too,
 * and a key of the admission request or of the context but for those
 * Kyverno may add.
 */
class Shape implements Watch {
  constructor(
    private readonly kind: string,
    /** The paths of the mappings of request.object. */
    private readonly paths: WeakMap<object, ReadonlyArray<string | number>>,
    private readonly request: object,
    /** Keys the request may hold beyond those given it: any for an admission request, those of the background controller's context otherwise. */
    private readonly requestMay: (key: string) => boolean,
    /** Names of the rule's context entries, which Kyverno may have loaded. */
    private readonly names: ReadonlySet<string>,
  ) {}

  private open(from: { [key: string]: Json }, key: string | undefined): string | undefined {
    const path = this.paths.get(from);
    if (path !== undefined) {
      if (key === undefined ? path.length === 0 || mayHoldAny(this.kind, path) : mayHold(this.kind, path, key)) {
        return ['request', 'object', ...path].map((k) => (typeof k === 'number' ? `[${k}]` : k)).join('.').replace(/\.\[/g, '[');
      }
      return undefined;
    }
    if (from === this.request) return key === undefined || this.requestMay(key) ? 'request' : undefined;
    if (from['request'] === this.request) return key === undefined || CONTEXT_KEYS.has(key) || this.names.has(key) || key.startsWith('element') ? 'the context' : undefined;
    return undefined;
  }

  absent(from: { [key: string]: Json }, key: string): void {
    const at = this.open(from, key);
    if (at !== undefined) throw new Unsure(`reads ${at}.${key}, which the manifest does not give and the object Kyverno reads in the cluster may hold`);
  }

  whole(from: { [key: string]: Json }): void {
    const at = this.open(from, undefined);
    if (at !== undefined) throw new Unsure(`reads all the keys of ${at}, where the object Kyverno reads in the cluster may hold others the manifest does not give`);
  }
}

/** Whether a mapping at a path of request.object may hold some key the manifest does not write. */
function mayHoldAny(kind: string, path: ReadonlyArray<string | number>): boolean {
  // a probe no real key is: true where any key may be there
  return mayHold(kind, path, '\u0000') || path[path.length - 1] === 'metadata' || (path.length === 2 && path[1] === 'annotations' && (kind === 'Deployment' || kind === 'ReplicaSet'));
}

/** The paths of the mappings of an object, from its root. */
function pathsOf(body: Json, budget: Budget): WeakMap<object, ReadonlyArray<string | number>> {
  const out = new WeakMap<object, ReadonlyArray<string | number>>();
  const stack: Array<[Json, ReadonlyArray<string | number>]> = [[body, []]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [v, path] = top;
    budget.take(1);
    if (Array.isArray(v)) v.forEach((x, i) => stack.push([x, [...path, i]]));
    else if (typeof v === 'object' && v !== null) {
      if (!out.has(v)) out.set(v, path);
      for (const [k, x] of Object.entries(v)) stack.push([x, [...path, k]]);
    }
  }
  return out;
}

/**
 * Why a rule's match or exclude may not decide for the pods a controller
 * makes as for their template: a filter that may apply to Pods and names
 * them (their names are generated), or selects by a label or annotation
 * the controller sets.
 */
function podFilterInexact(blocks: ReadonlyArray<ReturnType<typeof filtersOf>>, budget: Budget): string | undefined {
  const pod = { group: '', version: 'v1', kind: 'Pod' };
  for (const block of blocks) {
    for (const f of block?.filters ?? []) {
      const r = isRecord(f['resources']) ? f['resources'] : {};
      const kinds = Array.isArray(r['kinds']) ? r['kinds'].filter((k): k is string => typeof k === 'string') : [];
      if (kinds.length > 0 && !kinds.some((k) => kindMatches(k, pod, budget))) continue;
      const names = [...(typeof r['name'] === 'string' ? [r['name']] : []), ...(Array.isArray(r['names']) ? r['names'].filter((n): n is string => typeof n === 'string') : [])];
      if (names.some((n) => n !== '' && !/^\**$/.test(n))) return 'it selects Pods by name, and the names of the pods a controller makes are generated';
      const selector = isRecord(r['selector']) ? r['selector'] : {};
      const labelKeys = [
        ...(isRecord(selector['matchLabels']) ? Object.keys(selector['matchLabels']) : []),
        ...(Array.isArray(selector['matchExpressions']) ? selector['matchExpressions'].map((e) => (isRecord(e) && typeof e['key'] === 'string' ? e['key'] : '*')) : []),
      ];
      const controllerLabel = [...CONTROLLER_POD_LABELS].find((l) => labelKeys.some((k) => wildcardMatch(k, l, budget)));
      if (controllerLabel) return `its selector may read the label ${controllerLabel}, which a controller sets on the pods it makes with a value the manifests do not give`;
      const annotationKeys = isRecord(r['annotations']) ? Object.keys(r['annotations']) : [];
      const controllerAnnotation = [...CONTROLLER_POD_ANNOTATIONS].find((a) => annotationKeys.some((k) => wildcardMatch(k, a, budget)));
      if (controllerAnnotation) return `it may select by the annotation ${controllerAnnotation}, which a controller sets on the pods it makes`;
    }
  }
  return undefined;
}

/** The result of expanding every generate rule of a state. */
export interface KyvernoExpansion {
  readonly objects: readonly ManifestObject[];
  /** Whether each generated object is kept in sync by Kyverno (`synchronize: true`). */
  readonly synchronized: ReadonlySet<ManifestObject>;
  readonly diagnostics: readonly Diagnostic[];
  readonly notAnalysed: readonly NotAnalysed[];
  /** Foot-gun warnings about rules (RD140). */
  readonly warnings: readonly Diagnostic[];
}

function labelsOf(raw: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isRecord(raw)) for (const [k, v] of Object.entries(raw)) if (typeof v === 'string') out[k] = v;
  return out;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function triggersOf(objects: readonly ManifestObject[], namespaces: ReadonlyMap<string, Namespace>, defaultNamespace: string): Trigger[] {
  const out: Trigger[] = [];
  const nsLabels = (ns: string): Labels => namespaces.get(ns)?.labels ?? { [NAMESPACE_NAME_LABEL]: ns };
  const undeclared = (ns: string) => (namespaces.get(ns)?.declared === true ? {} : { undeclared: ns });
  for (const o of objects) {
    const name = str(field(o.body, 'metadata', 'name'));
    if (!name || o.apiVersion === undefined) continue;
    const { group, version } = splitApiVersion(o.apiVersion);
    const isNamespace = o.kind === 'Namespace' && group === '';
    const namespace = isNamespace || CLUSTER_SCOPED.has(o.kind) ? '' : (str(field(o.body, 'metadata', 'namespace')) ?? defaultNamespace);
    const labels = isNamespace ? { ...labelsOf(field(o.body, 'metadata', 'labels')), [NAMESPACE_NAME_LABEL]: name } : labelsOf(field(o.body, 'metadata', 'labels'));
    const metadata = { ...(field(o.body, 'metadata') as Record<string, unknown>), ...(namespace ? { namespace } : {}), ...(isNamespace ? { labels } : {}) };
    out.push({
      candidate: { group, version, kind: o.kind, name, namespace, labels, annotations: labelsOf(field(o.body, 'metadata', 'annotations')), namespaceLabels: namespace ? nsLabels(namespace) : {} },
      body: { ...(o.body as { [key: string]: Json }), metadata: metadata as Json },
      text: isNamespace ? `namespace ${name}` : `${o.kind} ${namespace ? `${namespace}/` : ''}${name}`,
      ...(namespace ? undeclared(namespace) : {}),
    });
  }
  // the pods a workload's controller makes trigger rules on Pods as they are created: one for each pod template, as its pods
  for (const o of objects) {
    const shape = POD_TEMPLATES[o.kind];
    if (!shape || o.apiVersion === undefined || !shape.groups.includes(splitApiVersion(o.apiVersion).group)) continue;
    let part;
    try {
      // as the loader reads it: one the API server rejects makes no pods (the loader reports it)
      part = readWorkload(o, o.kind as WorkloadKind, defaultNamespace);
    } catch (e) {
      if (e instanceof InvalidObject) continue;
      throw e;
    }
    // a ReplicaSet scaled to 0, a Job done, has no pods
    if (part.controlledBy && !part.controlledBy.running) continue;
    const template = field(o.body, ...shape.path);
    if (!isRecord(template)) continue;
    const labels = labelsOf(field(template, 'metadata', 'labels'));
    const annotations = labelsOf(field(template, 'metadata', 'annotations'));
    const spec = field(template, 'spec');
    const metadata = { namespace: part.namespace, labels, annotations };
    out.push({
      // the name is never read: a rule that selects by it or reads it is not expanded
      candidate: { group: '', version: 'v1', kind: 'Pod', name: '', namespace: part.namespace, labels, annotations, namespaceLabels: nsLabels(part.namespace) },
      body: { apiVersion: 'v1', kind: 'Pod', metadata, spec: (spec ?? null) as Json },
      text: `the pods of ${o.kind} ${part.namespace}/${part.name}`,
      template: { kind: o.kind, spec },
      ...undeclared(part.namespace),
    });
  }
  // a namespace only referenced, or declared outside the manifests (the config's), exists all the same, with its implicit label
  const created = new Set(out.filter((t) => t.candidate.kind === 'Namespace' && t.candidate.group === '').map((t) => t.candidate.name));
  for (const ns of namespaces.values()) {
    if (created.has(ns.name)) continue;
    const how = BUILT_IN_NAMESPACES.includes(ns.name)
      ? 'which exists from the cluster\'s start'
      : ns.declared
        ? `which the manifests do not create (declared at ${ns.source?.file ?? '?'}:${ns.source?.line ?? 0})`
        : 'which the manifests do not create (they only reference it)';
    out.push({
      candidate: { group: '', version: 'v1', kind: 'Namespace', name: ns.name, namespace: '', labels: ns.labels, annotations: {}, namespaceLabels: {} },
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns.name, labels: { ...ns.labels } } },
      text: `namespace ${ns.name}`,
      createdOutside: how,
      ...(ns.declared ? {} : { undeclared: ns.name }),
    });
  }
  return out;
}

interface PolicyInfo {
  readonly obj: ManifestObject;
  readonly kind: string;
  /** `name`, or `ns/name` for a Policy. */
  readonly id: string;
  /** The namespace of a namespaced Policy. */
  readonly namespace?: string;
  readonly generateExisting: boolean;
  /** spec.applyRules: One: for each object, only the first rule that applies to it (kyverno.io/docs/policy-types/cluster-policy/policy-settings/). */
  readonly applyOne: boolean;
  /** With applyOne, the objects an earlier rule applied to (matched, preconditions held or failed). */
  readonly taken: Set<Trigger>;
  /** With applyOne, the objects an earlier rule may or may not apply to (Doubt): whether later rules apply to them is not known either. */
  readonly doubted: Map<Trigger, Doubt>;
  /** With applyOne, why later rules are not expanded: an earlier rule whose application is not known. */
  blocked?: string;
  /** Why no rule of the policy is expanded (webhookConfiguration.matchConditions). */
  readonly unsupported?: string;
  /** Set where a rule is one Kyverno refuses: it refuses the whole policy, so no rule of it generates anything. */
  refused?: boolean;
  /** spec.background, true unless set false. */
  readonly background: boolean;
}

/** Why Kyverno fails a rule for one object: for the object, or for some of its foreach elements (`elements`). */
interface Failure {
  readonly message: string;
  readonly elements?: boolean;
}

/** What a rule does for one object. */
interface Outcome {
  /** Whether it applied: its match and preconditions held, or its evaluation failed. */
  readonly applied: boolean;
  /** What it generated. */
  readonly objects: readonly ManifestObject[];
  readonly failure?: Failure;
  /** Why what it generates there is not known (Unsure), and the foreach entries it is not known of (all where not given). */
  readonly unsure?: { readonly reason: string; readonly entries?: readonly unknown[] };
}

function nothing(): Outcome {
  return { applied: false, objects: [] };
}

/** One rule being expanded, as each object is run through it. */
interface Run {
  readonly p: PolicyInfo;
  readonly rule: Record<string, unknown>;
  readonly ruleName: string;
  readonly ruleLine: number;
  readonly names: ReadonlySet<string>;
  /** generateExisting, the rule's over the policy's. */
  readonly existing: boolean;
  readonly match: ReturnType<typeof filtersOf>;
  readonly exclude: ReturnType<typeof filtersOf>;
  /** With generateExisting, whether it reads of the request more than its object, or takes some operations only (readsRequest). */
  readonly readsRequest: boolean;
}

/**
 * Whether a rule reads of the request more than its object (its operation,
 * name, kind, namespace, or the request as a whole), takes some operations
 * only, or has a context or preconditions, which on an admission request the
 * webhook evaluates first on the object as the request holds it: then what
 * it does for an object that existed before the policy, which no admission
 * request brings, may differ from what it does on the object's creation.
 */
function readsRequest(rule: Record<string, unknown>, match: ReturnType<typeof filtersOf>, exclude: ReturnType<typeof filtersOf>): boolean {
  if (namesOperations(match) || namesOperations(exclude)) return true;
  if (rule['context'] !== undefined || rule['preconditions'] !== undefined) return true;
  return /\brequest\b(?!\.object\b)/.test(JSON.stringify([rule['context'], rule['preconditions'], rule['generate']]) ?? '');
}

/** The source a generate block (or foreach entry) takes when it runs (generator.go): a clone where clone.name is given, else a cloneList naming kinds, else data; none, nothing. */
function runtimeSource(g: Record<string, unknown>): 'data' | 'clone' | 'cloneList' | undefined {
  if (isRecord(g['clone']) && typeof g['clone']['name'] === 'string' && g['clone']['name'] !== '') return 'clone';
  if (isRecord(g['cloneList']) && Array.isArray(g['cloneList']['kinds']) && g['cloneList']['kinds'].length > 0) return 'cloneList';
  return g['data'] !== undefined && g['data'] !== null ? 'data' : undefined;
}

/** The variable, as written, whose value is a null in what `raw` became (`out`); undefined where none is. */
function nullFromVariable(raw: unknown, out: Json): string | undefined {
  if (out === null) return typeof raw === 'string' && raw.includes('{{') ? raw : undefined;
  if (Array.isArray(out) && Array.isArray(raw)) {
    for (let i = 0; i < out.length; i++) {
      const found = nullFromVariable(raw[i], out[i]!);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (isRecord(out) && isRecord(raw)) {
    const rawValues = Object.values(raw);
    const values = Object.values(out);
    for (let i = 0; i < values.length; i++) {
      const found = nullFromVariable(rawValues[i], values[i]!);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

class Expander {
  readonly objects: ManifestObject[] = [];
  /** The paths of the mappings of each trigger's object, as Shape reads them. */
  private readonly paths = new WeakMap<Trigger, WeakMap<object, ReadonlyArray<string | number>>>();
  /** Each trigger's object as Kyverno reads it. */
  private readonly objectsRead = new WeakMap<Trigger, Json>();
  /** Each trigger's object as its admission request holds it. */
  private readonly objectsAdmitted = new WeakMap<Trigger, Json>();
  readonly synchronized = new Set<ManifestObject>();
  readonly diagnostics: Diagnostic[] = [];
  readonly notAnalysed: NotAnalysed[] = [];
  readonly warnings: Diagnostic[] = [];
  private readonly budget = new Budget(MAX_EXPANSION_STEPS, () => 'expanding the generate rules of the manifests');

  constructor(
    private readonly all: readonly ManifestObject[],
    private readonly triggers: readonly Trigger[],
    private readonly defaultNamespace: string,
  ) {}

  private operatedTriggers?: Trigger[];

  /** The resources analysed as the pods their operator makes (src/input/operators.ts), each as a Pod of its namespace whose labels are not read. */
  private operated(): Trigger[] {
    this.operatedTriggers ??= this.all.flatMap((o): Trigger[] => {
      if (o.apiVersion === undefined || o.generatedBy || !operatorKind(splitApiVersion(o.apiVersion).group, o.kind)) return [];
      const namespace = str(field(o.body, 'metadata', 'namespace')) ?? this.defaultNamespace;
      const text = `the pods and StatefulSets of ${o.kind} ${namespace}/${str(field(o.body, 'metadata', 'name')) ?? ''}`;
      return [{ candidate: { group: '', version: 'v1', kind: 'Pod', name: '', namespace, labels: {}, annotations: {}, namespaceLabels: {} }, body: {}, text }];
    });
    return this.operatedTriggers;
  }

  expandPolicy(obj: ManifestObject): void {
    const name = str(field(obj.body, 'metadata', 'name')) ?? '(unnamed)';
    const namespace = obj.kind === 'Policy' ? (str(field(obj.body, 'metadata', 'namespace')) ?? this.defaultNamespace) : undefined;
    const id = namespace !== undefined ? `${namespace}/${name}` : name;
    const spec = field(obj.body, 'spec');
    const rejected = (line: number, message: string) =>
      this.diagnostics.push(diagnostic('error', ExpansionCodes.invalidRule, { file: obj.file, line }, `${obj.kind} ${id}: ${message}; the policy never reaches the cluster, its rules are not expanded`));
    // a field the CRD does not have (a typo such as precondition:): kubectl apply refuses the whole policy
    const unknown = firstUnknown(obj, spec, specShape(obj.apiVersion === undefined ? 'v1' : splitApiVersion(obj.apiVersion).version));
    if (unknown) {
      rejected(unknown.line, `unknown field "spec.${unknown.path.join('.')}": kubectl apply refuses the object (strict field validation)`);
      return;
    }
    // pkg/validation/policy/validate.go: admission processing may be disabled on validation policies only
    if (field(spec, 'admission') === false) {
      rejected(obj.lineOf(spec), 'spec.admission is false, which Kyverno rejects on a policy with generate rules ("disabling admission processing is only allowed with validation policies")');
      return;
    }
    // api/kyverno/v1/spec_types.go (validateDeprecatedFields): from Kyverno 1.13 the field is forbidden, whatever its value
    const deprecated = field(spec, 'generateExistingOnPolicyUpdate');
    if (deprecated !== undefined && deprecated !== null) {
      rejected(obj.lineOf(spec), 'spec.generateExistingOnPolicyUpdate is set, which Kyverno forbids from 1.13 ("remove the deprecated field and use spec.generate[*].generateExisting instead")');
      return;
    }
    const conditions = field(spec, 'webhookConfiguration', 'matchConditions');
    const rules = field(spec, 'rules');
    // a reference $(...) Kyverno resolves against the rule's own document, when it validates the policy and when it generates (pkg/engine/variables/vars.go, substituteReferences)
    const referring = Array.isArray(rules) ? rules.find((r) => isRecord(r) && isRecord(r['generate']) && holdsReference(r)) : undefined;
    const p: PolicyInfo = {
      obj,
      kind: obj.kind,
      id,
      ...(namespace !== undefined ? { namespace } : {}),
      generateExisting: field(spec, 'generateExisting') === true,
      applyOne: field(spec, 'applyRules') === 'One',
      taken: new Set(),
      doubted: new Map(),
      background: field(spec, 'background') !== false,
      ...(Array.isArray(conditions) && conditions.length > 0
        ? { unsupported: 'its webhookConfiguration.matchConditions (CEL) decide which requests reach Kyverno, and reachdiff does not evaluate CEL' }
        : referring !== undefined
          ? {
              unsupported: `rule ${str((referring as Record<string, unknown>)['name']) ?? '?'} of the policy holds a reference $(...), which Kyverno resolves against the rule itself when it validates the policy and when it generates, failing where it does not resolve, and reachdiff does not (escape it as \\$(...) for the text itself)`,
            }
          : {}),
    };
    if (!Array.isArray(rules)) return;
    // what the policy's rules generate and leave unexpanded, taken back where Kyverno refuses the policy
    const generated = this.objects.length;
    const unexpanded = this.notAnalysed.length;
    rules.forEach((rule, index) => {
      if (!isRecord(rule)) return;
      if (isRecord(rule['generate'])) {
        this.expandRule(p, rule, index);
        return;
      }
      // a mutate existing rule counts among the rules of applyRules: One too (pkg/engine/background.go, filterRules); it is not applied here
      const targets = isRecord(rule['mutate']) ? rule['mutate']['targets'] : undefined;
      if (p.applyOne && Array.isArray(targets) && targets.length > 0) {
        p.blocked ??= `with applyRules: One, the mutate existing rule ${str(rule['name']) ?? index} before it may be the one that applies, which reachdiff does not decide`;
      }
    });
    if (p.refused) {
      for (const o of this.objects.splice(generated)) this.synchronized.delete(o);
      this.notAnalysed.splice(unexpanded);
    }
  }

  private expandRule(p: PolicyInfo, rule: Record<string, unknown>, index: number): void {
    const obj = p.obj;
    const ruleLine = obj.lineOf(rule);
    const ruleName = str(rule['name']);
    const label = `${p.kind} ${p.id}, rule ${ruleName ?? index}`;
    const at: SourceRef = { file: obj.file, line: ruleLine };
    const start = this.objects.length;
    const drop = () => {
      for (const o of this.objects.splice(start)) this.synchronized.delete(o);
    };
    const gen = rule['generate'] as Record<string, unknown>;
    try {
      if (!ruleName) throw new InvalidRule('the rule has no name');
      if (p.unsupported) throw new Unsupported(p.unsupported);
      if (p.applyOne && p.blocked) throw new Unsupported(p.blocked);
      const cel = rule['celPreconditions'];
      if (Array.isArray(cel) && cel.length > 0) throw new Unsupported('its celPreconditions (CEL) are not evaluated by reachdiff');
      // skipBackgroundRequests: false: the objects Kyverno itself generates trigger it too (kyverno.io/docs/policy-types/cluster-policy/generate/)
      if (rule['skipBackgroundRequests'] === false) throw new Unsupported('with skipBackgroundRequests: false it also applies to the objects Kyverno generates, and such chains are not expanded');
      const match = filtersOf(rule['match'], 'match');
      const exclude = filtersOf(rule['exclude'], 'exclude');
      if (!match) throw new InvalidRule('the rule has no match');
      validateBlock(rule['match'], 'match', p.namespace !== undefined, clusterScopedKind);
      validateBlock(rule['exclude'], 'exclude', p.namespace !== undefined, clusterScopedKind);
      // api/kyverno/v1/rule_types.go, ValidateMatchExcludeConflict
      if (matchesEmptySet(rule['match'], rule['exclude'], this.budget)) throw new InvalidRule('Rule is matching an empty set: its exclude spares all its match selects');
      for (const f of match.filters) {
        if (isRecord(f['resources']) && kindsOf({ combine: 'any', filters: [f] }).length === 0) throw new InvalidRule('match.resources.kinds is required', obj.lineOf(f['resources']));
      }
      if (kindsOf(match).some((k) => k.includes('*'))) throw new InvalidRule('a generate rule cannot match kinds by wildcard');
      const entries = Array.isArray(gen['foreach']) ? (gen['foreach'] as unknown[]) : [gen];
      if (gen['foreach'] !== undefined && gen['foreach'] !== null && sourcesOf(gen).length > 0) {
        throw new InvalidRule(`only one of generate patterns (data, clone, cloneList and foreach) can be specified (it has foreach and ${sourcesOf(gen).join(' and ')})`, obj.lineOf(gen));
      }
      for (const e of entries) this.checkEntry(obj, e, Array.isArray(gen['foreach']), p.namespace);
      const names = new Set<string>();
      for (const c of this.contextOf(rule['context'], obj)) names.add(c.name);
      for (const e of entries) if (isRecord(e)) for (const c of this.contextOf(e['context'], obj)) names.add(c.name);
      // what Kyverno's validation checks of the rule's variables and conditions refuses the policy, whether or not they are evaluated for some object
      checkVariables(rule, names, p.background, this.budget);
      checkPreconditions(rule['preconditions']);
      if (Array.isArray(gen['foreach'])) for (const e of entries) if (isRecord(e)) checkPreconditions(e['preconditions'], true);
      if ([...(match.filters ?? []), ...(exclude?.filters ?? [])].some(namesUser)) {
        // kyverno.io/docs/writing-policies/background/: a rule naming who makes the request (userInfo) is refused where
        // background is true, its default; with it false, the rule applies as that request's maker decides
        if (p.background) throw new InvalidRule('match or exclude names subjects, roles or clusterRoles, which Kyverno refuses where spec.background is true (its default)', undefined, ExpansionCodes.userInfo);
        throw new Unsupported('its match or exclude names subjects, roles or clusterRoles, so whether it applies depends on who makes each request, which the manifests do not say');
      }
      const inScope = (t: Trigger) => p.namespace === undefined || t.candidate.namespace === p.namespace;
      if (this.triggers.some((t) => t.template && inScope(t))) {
        const inexact = podFilterInexact([match, exclude], this.budget);
        if (inexact && this.triggers.some((t) => t.template && inScope(t) && kindsOf(match).some((k) => kindMatches(k, t.candidate, this.budget)))) {
          throw new Unsupported(`${inexact}, so whether it generates for the pods of the workloads is not known`);
        }
      }
      // a rule that takes an object's UPDATE and not its CREATE generates on the next change to it (a label, a GitOps sync)
      if ((namesOperations(match) || namesOperations(exclude)) && this.triggers.some((t) => inScope(t) && selects(match, exclude, t.candidate, this.budget, 'UPDATE') && !selects(match, exclude, t.candidate, this.budget))) {
        throw new Unsupported('it takes UPDATE requests of objects of the manifests and not their CREATE, so it generates on the next change to one (a label, an annotation, a GitOps sync), which reachdiff does not model');
      }
      const matched = this.triggers.filter((t) => inScope(t) && selects(match, exclude, t.candidate, this.budget));
      // with applyRules: One, an object an earlier rule applied to gets nothing from this one
      const selected = p.applyOne ? matched.filter((t) => !p.taken.has(t)) : matched;
      const doubts = this.doubtsOf(p, match, exclude, inScope, new Set(matched));
      if (p.applyOne) for (const [t, d] of doubts) p.doubted.set(t, d.earlier !== undefined ? d : { ...d, earlier: ruleName });
      // the pods and StatefulSets an operator makes for its resources (a Prometheus's) are admitted too and trigger the rule: not built here
      const operated = this.operated().filter((t) => inScope(t) && kindsOf(match).some((k) => OPERATOR_MADE.some((c) => kindMatches(k, c, this.budget))));
      if (operated.length > 0) {
        const more = operated.length > 1 ? ` (and ${operated.length - 1} more)` : '';
        const traffic = generatesTraffic(rule);
        this.diagnostics.push(
          diagnostic('warning', ExpansionCodes.notExpanded, at, `${label}: what it generates for ${operated[0]!.text}${more} is not analysed: the objects the operator makes are not expanded${traffic ? '' : '; nothing it generates decides traffic'}`),
        );
        if (traffic) {
          const reason = `rule ${ruleName} may generate for ${operated.map((t) => t.text).join(', ')}, which are not expanded`;
          for (const namespace of new Set(operated.flatMap((t) => wouldGenerateIn(p, gen, t)))) this.notAnalysed.push({ kind: p.kind, name: p.id, source: at, reason, effect: { does: 'both', ...(namespace !== undefined ? { namespace } : {}) } });
        }
      }
      if (matched.length === 0 && doubts.size === 0 && operated.length === 0) {
        this.warnings.push({
          ...diagnostic('warning', WarningCodes.generateMatchesNothing, at, `${label}: its match selects no object of the manifests, so it generates nothing here`),
          object: p.id,
        });
        return;
      }
      if (selected.length === 0 && doubts.size === 0) return;
      // pkg/policy/generate.go: the rule's generateExisting, where set, over the policy's
      const existing = typeof gen['generateExisting'] === 'boolean' ? gen['generateExisting'] : p.generateExisting;
      // what a rule with it generates for an object that existed before the policy comes from the background controller, without an admission request
      const existingMatched = existing ? this.triggers.filter((t) => inScope(t) && !matched.includes(t) && selects(match, exclude, t.candidate, this.budget, '')) : [];
      const failures: string[] = [];
      let firstFailure: Failure | undefined;
      // what it generated for namespaces the manifests do not create, where Kyverno may never have seen them created
      const unsure: NotAnalysed[] = [];
      // what it generates, or would, for objects it may or may not apply to, by labels of namespaces no one declares
      const undecided: NotAnalysed[] = [];
      // objects for which what it generates reads what the cluster's object may hold otherwise
      const uncertain: Array<{ readonly t: Trigger; readonly reason: string; readonly entries?: readonly unknown[] }> = [];
      const sync = gen['synchronize'] === true;
      const run: Run = { p, rule, ruleName, ruleLine, names, existing, match, exclude, readsRequest: existing && readsRequest(rule, match, exclude) };
      for (const t of [...selected, ...existingMatched.filter((t) => !p.applyOne || !p.taken.has(t))]) {
        try {
          const o = this.outcomeFor(run, t);
          if (this.objects.length + o.objects.length > MAX_GENERATED) throw new Unsupported(`the generate rules of the manifests make more than ${MAX_GENERATED.toLocaleString('en-US')} objects, more than reachdiff analyses`);
          for (const made of o.objects) {
            this.objects.push(made);
            if (sync) this.synchronized.add(made);
          }
          // a rule that fails for an object is not skipped for it: with applyRules: One, later rules do not apply to it either
          if (o.applied || o.failure) p.taken.add(t);
          if (o.failure) {
            firstFailure ??= o.failure;
            failures.push(t.text);
          }
          if (o.unsure) {
            uncertain.push({ t, ...o.unsure });
            if (p.applyOne) p.blocked ??= `with applyRules: One, whether rule ${ruleName} before it applies to some objects is not known`;
          }
          const doubt = doubts.get(t);
          if (doubt) undecided.push(...unsureFor(p, at, o.objects, `${doubtText(ruleName, t, doubt, true)}: what it generates there may not be in the cluster`));
          if (!existing && t.createdOutside !== undefined) unsure.push(...unsureFor(p, at, o.objects, existingText(ruleName, t)));
        } catch (e) {
          if (!(e instanceof ReadsUndeclared)) throw e;
          // what it generated for it, if anything, rests on labels the namespace may not have: nothing of it is analysed
          const doubt = { ...doubts.get(t), namespace: t.undeclared!, reads: doubts.get(t)?.reads ?? [], expression: e.expression };
          doubts.set(t, doubt);
          if (p.applyOne) p.doubted.set(t, { ...doubt, earlier: doubt.earlier ?? ruleName });
        }
      }
      if (uncertain.length > 0) {
        const [first] = uncertain;
        const more = uncertain.length > 1 ? ` (and ${uncertain.length - 1} more)` : '';
        const traffic = generatesTraffic(rule);
        this.diagnostics.push(
          diagnostic('warning', ExpansionCodes.notExpanded, at, `${label}: what it generates for ${first!.t.text}${more} is not analysed: ${first!.reason}${traffic ? '' : '; nothing it generates decides traffic'}`),
        );
        for (const u of uncertain) {
          if (!traffic) continue;
          const reason = `rule ${ruleName} may generate for ${u.t.text} other objects than the manifests give, or none: ${u.reason}`;
          const where = wouldGenerateIn(p, u.entries !== undefined ? { foreach: u.entries } : gen, u.t);
          for (const namespace of where) this.notAnalysed.push({ kind: p.kind, name: p.id, source: at, reason, effect: { does: 'both', ...(namespace !== undefined ? { namespace } : {}) } });
        }
      }
      if (firstFailure) {
        const more = failures.length > 1 ? ` (and ${failures.length - 1} more)` : '';
        const what = firstFailure.elements ? 'generates nothing for those elements' : 'generates nothing';
        this.diagnostics.push(diagnostic('error', ExpansionCodes.invalidRule, at, `${label}: ${firstFailure.message} for ${failures[0]}${more}; Kyverno fails the rule there and ${what}`));
      }
      const chosen = new Set(selected);
      const traffic = doubts.size > 0 && generatesTraffic(rule);
      for (const [t, doubt] of doubts) {
        if ((chosen.has(t) && doubt.expression === undefined) || !traffic) continue;
        const reason = `${doubtText(ruleName, t, doubt, doubt.expression !== undefined ? undefined : false)}: what it would generate there is not in the analysis`;
        for (const namespace of wouldGenerateIn(p, gen, t)) undecided.push({ kind: p.kind, name: p.id, source: at, reason, effect: { does: 'both', ...(namespace !== undefined ? { namespace } : {}) } });
      }
      if (doubts.size > 0) {
        this.diagnostics.push(diagnostic('warning', ExpansionCodes.notExpanded, at, undecidedWarning(label, doubts, undecided)));
        this.notAnalysed.push(...undecided);
      }
      if (!existing && selected.length > 0) {
        // kyverno.io/docs/policy-types/cluster-policy/generate/: a standard generate rule acts on admission requests; objects that existed before need generateExisting
        const triggers = [...new Set(unsure.map((n) => n.effect?.namespace))];
        const where = unsure.length === 0 ? '' : `, and invariants on ${triggers.includes(undefined) ? 'every namespace' : `namespace ${triggers.join(', ')}`} fail closed (not analysed): it generates for namespaces the manifests do not create, which may have existed before it was installed`;
        this.diagnostics.push(
          diagnostic(
            'warning',
            ExpansionCodes.notExisting,
            at,
            `${label}: generateExisting is not true, so objects that existed before the policy was installed do not get what it generates; analysed as if they did${where}`,
          ),
        );
        this.notAnalysed.push(...unsure);
      }
    } catch (e) {
      drop();
      if (e instanceof Unsupported) {
        if (p.applyOne) p.blocked ??= `with applyRules: One, rule ${ruleName ?? index} before it is not expanded, and whether it applies decides whether this one does`;
        this.diagnostics.push(diagnostic('warning', ExpansionCodes.notExpanded, at, `${label} is not expanded: ${e.message}; what it generates is not analysed`));
        // what it would generate (a policy, a namespace's labels) may open and close paths; a namespaced Policy's, in its namespace only;
        // objects of kinds that decide no traffic (a Secret, an Event), none
        const effect = generatesTraffic(rule) ? { does: 'both' as const, ...(p.namespace !== undefined ? { namespace: p.namespace } : {}) } : undefined;
        this.notAnalysed.push({ kind: p.kind, name: p.id, source: at, reason: `rule ${ruleName ?? index} is not expanded: ${e.message}`, ...(effect ? { effect } : {}) });
        return;
      }
      if (e instanceof InvalidRule || e instanceof InvalidVariable || e instanceof InvalidCondition || e instanceof InvalidFilter || e instanceof JmesPathError) {
        const line = e instanceof InvalidRule && e.line !== undefined ? e.line : ruleLine;
        const code = e instanceof InvalidRule && e.code !== undefined ? e.code : ExpansionCodes.invalidRule;
        this.diagnostics.push(diagnostic('error', code, { file: obj.file, line }, `${label}: ${e.message}; Kyverno rejects the policy, so none of its rules generates anything`));
        p.refused = true;
        return;
      }
      throw e;
    }
  }

  /**
   * The objects a rule may or may not apply to, as the manifests give them
   * (kyverno.io/docs/policy-types/cluster-policy/match-exclude/: a filter's
   * selector reads the object's labels, its namespaceSelector those of its
   * namespace): where they read labels of a namespace neither the manifests
   * nor the config declare, other than its name's, and these decide; and,
   * with applyRules: One, those an earlier rule may or may not apply to,
   * which this one matches.
   */
  private doubtsOf(p: PolicyInfo, match: ReturnType<typeof filtersOf>, exclude: ReturnType<typeof filtersOf>, inScope: (t: Trigger) => boolean, matched: ReadonlySet<Trigger>): Map<Trigger, Doubt> {
    const out = new Map<Trigger, Doubt>();
    for (const t of this.triggers) {
      if (!inScope(t)) continue;
      const earlier = p.applyOne ? p.doubted.get(t) : undefined;
      // an object an earlier rule surely applied to gets nothing from this one
      if (p.applyOne && p.taken.has(t) && earlier === undefined) continue;
      const reads = t.undeclared === undefined ? undefined : undecidedBy(match, exclude, t.candidate, this.budget);
      if (reads) out.set(t, { namespace: t.undeclared!, reads });
      else if (earlier && matched.has(t)) out.set(t, earlier);
    }
    return out;
  }

  /** Checks a generate block (or a foreach entry) as Kyverno does when the policy is created. */
  private checkEntry(obj: ManifestObject, e: unknown, inForeach: boolean, policyNamespace: string | undefined): void {
    if (!isRecord(e)) throw new InvalidRule('a foreach entry must be a mapping');
    const line = obj.lineOf(e);
    if (inForeach && typeof e['list'] !== 'string') throw new InvalidRule('a foreach entry needs a list', line);
    const sources = sourcesOf(e);
    // Generation.Validate counts the sources of the rule's generate, not of a foreach entry, which runs the first it has (runtimeSource)
    if (!inForeach && sources.length > 1) throw new InvalidRule(`only one of generate patterns (data, clone, cloneList and foreach) can be specified (it has ${sources.join(' and ')})`, line);
    // Kyverno's schema takes clone and cloneList as objects; data may be any value, which fails where it is not a mapping
    for (const k of ['clone', 'cloneList'] as const) if (e[k] !== undefined && e[k] !== null && !isRecord(e[k])) throw new InvalidRule(`generate.${k} must be a mapping`, line);
    checkScope(e, policyNamespace, line);
    if (isRecord(e['cloneList']) && Array.isArray(e['cloneList']['kinds']) && e['cloneList']['kinds'].length > 0) return;
    if (!str(e['kind'])) throw new InvalidRule('generate.kind is required', line);
    if (!str(e['name'])) throw new InvalidRule('generate.name is required', line);
    if (!str(e['apiVersion'])) throw new InvalidRule('generate.apiVersion is required', line);
  }

  /** The variables a context declares, checked as Kyverno's validation does (validate.go, validateRuleContext, validateVariable); entries other than `variable` (apiCall, configMap, ...) are not evaluated. */
  private contextOf(raw: unknown, obj: ManifestObject): Array<{ name: string; variable: Record<string, unknown> }> {
    if (raw === undefined || raw === null) return [];
    if (!Array.isArray(raw)) throw new InvalidRule('context must be a list');
    return raw.map((c) => {
      const name = isRecord(c) ? str(c['name']) : undefined;
      if (!isRecord(c) || name === undefined) throw new InvalidRule('a context entry needs a name', isRecord(c) ? obj.lineOf(c) : undefined);
      const reserved = ['images', 'request', 'serviceAccountName', 'serviceAccountNamespace', 'element', 'elementIndex'].find((v) => name === v || name.startsWith(`${v}.`));
      if (reserved !== undefined) throw new InvalidRule(`context entry name ${name} is invalid as it conflicts with a pre-defined variable ${reserved}`, obj.lineOf(c));
      const kind = ['variable', 'configMap', 'apiCall', 'imageRegistry', 'globalReference'].find((k) => c[k] !== undefined);
      if (kind !== 'variable') throw new Unsupported(`its context entry ${name} reads ${kind ?? 'an unknown source'}, which reachdiff does not evaluate`);
      if (!isRecord(c['variable'])) throw new InvalidRule(`context entry ${name}: variable must be a mapping`, obj.lineOf(c));
      const v = c['variable'];
      const given = (k: string) => v[k] !== undefined && v[k] !== null;
      const path = typeof v['jmesPath'] === 'string' ? v['jmesPath'] : '';
      if (!given('value') && path === '') throw new InvalidRule(`context entry ${name}: a variable must define a value or a jmesPath expression`, obj.lineOf(c));
      if (given('default') && path === '') throw new InvalidRule(`context entry ${name}: a variable must define a default value only when a jmesPath expression is defined`, obj.lineOf(c));
      // validateVariable parses a jmesPath that holds no variable
      if (path !== '' && !/(^|[^\\])\{\{(?:\{[^{}]*\}|[^{}])*\}\}/.test(path)) {
        try {
          compile(path);
        } catch (e) {
          if (e instanceof JmesPathError) throw new InvalidRule(`context entry ${name}: failed to parse JMESPath ${path}: ${e.message}`, obj.lineOf(c));
          throw e;
        }
      }
      return { name, variable: v };
    });
  }

  /**
   * Loads context variables in order, as Kyverno's variable loader does
   * (pkg/engine/context/loaders/variable.go): the jmesPath and the default
   * have their variables substituted first, the default whether it is needed
   * or not; the jmesPath is applied to the value, or else queried on the
   * context. The default takes the place of a query that fails, or of one on
   * the context that gives null; without one, that fails the rule, as does a
   * value of null.
   */
  private bind(raw: unknown, obj: ManifestObject, scope: Scope, t: Trigger): Scope {
    let s = scope;
    for (const { name, variable } of this.contextOf(raw, obj)) {
      const local = s;
      let path = '';
      const jp = variable['jmesPath'];
      if (typeof jp === 'string' && jp !== '') {
        const substituted = substituteString(jp, local, false);
        if (typeof substituted !== 'string') throw new FailsFor(`context entry ${name}: its jmesPath is not a string once its variables are substituted`);
        path = substituted;
      } else if (jp !== undefined && jp !== null && typeof jp !== 'string') throw new InvalidRule(`context entry ${name}: jmesPath must be a string`);
      // validateVariable parses a jmesPath that holds no variable when the policy is created
      const validated = typeof jp === 'string' && !/(^|[^\\])\{\{(?:\{[^{}]*\}|[^{}])*\}\}/.test(jp);
      const fallback = variable['default'] !== undefined && variable['default'] !== null ? substitute(variable['default'], local, undefined, 'context') : null;
      let output: Json = fallback;
      const failed = (e: unknown): void => {
        if (!(e instanceof Unresolved) || fallback === null) throw e;
      };
      if (variable['value'] !== undefined && variable['value'] !== null) {
        const value = substitute(variable['value'], local, undefined, 'context');
        if (path === '') output = value;
        else {
          try {
            // applied to the value, whose null it gives, the default aside
            output = evaluateQuery(path, { ...local, data: value as { [key: string]: Json } }, validated);
          } catch (e) {
            failed(e);
          }
        }
      } else if (path !== '') {
        try {
          const found = evaluateQuery(path, local, validated);
          if (found !== null) output = found;
        } catch (e) {
          failed(e);
        }
      }
      if (output === null) throw new FailsFor(`context entry ${name} evaluates to null`);
      // kept as JSON, as the loader marshals it into the context
      s = { ...s, data: { ...s.data, [name]: this.copied(t, output) } };
    }
    return s;
  }

  /**
   * What a rule does for one object: with generateExisting, as the
   * background controller reads an object that existed before the policy
   * (no admission request: request.operation is "", there is no
   * request.name or request.kind, request.namespace is the object's own
   * namespace, "" for a Namespace, and a match on operations takes none),
   * and, unless the object exists from the cluster's start, as the admission
   * request that creates it after: where the two differ, whether it existed
   * decides, and what the rule generates for it is not known.
   */
  private outcomeFor(run: Run, t: Trigger): Outcome {
    const c = t.candidate;
    const created = (): Outcome => (selects(run.match, run.exclude, c, this.budget) ? this.attempt(run, t, false) : nothing());
    if (!run.existing) return created();
    const existed = (): Outcome => (selects(run.match, run.exclude, c, this.budget, '') ? this.attempt(run, t, true) : nothing());
    // the namespaces a cluster has from its start exist before any policy: only the background controller generates for them
    if (t.createdOutside !== undefined && BUILT_IN_NAMESPACES.includes(c.name) && c.kind === 'Namespace' && c.group === '') return existed();
    // a rule that reads nothing of the request but its object, and takes any operation, does the same either way
    if (!run.readsRequest) return created();
    return this.either(t, created(), existed());
  }

  /** The outcome on an object as created after the policy and as existing before it, where they are the same; else what it generates there is not known. */
  private either(t: Trigger, created: Outcome, existed: Outcome): Outcome {
    const same =
      created.applied === existed.applied &&
      (created.failure === undefined) === (existed.failure === undefined) &&
      created.unsure === undefined &&
      existed.unsure === undefined &&
      created.objects.length === existed.objects.length &&
      created.objects.every((o, i) => deepEqual(o.body as Json, existed.objects[i]!.body as Json));
    if (same) return created;
    if (created.unsure) return created;
    if (existed.unsure) return existed;
    return {
      applied: created.applied || existed.applied,
      objects: [],
      unsure: {
        reason: `with generateExisting, Kyverno generates for ${t.text} as it reads an object that existed before the policy (no admission request) or one created after, which differ here, and which it is the manifests do not say`,
      },
    };
  }

  /** Runs the rule on one object, as admitted or as existing (`background`). */
  private attempt(run: Run, t: Trigger, background: boolean): Outcome {
    const objects: ManifestObject[] = [];
    try {
      return this.generateFor(run, t, background, objects);
    } catch (e) {
      if (e instanceof Unresolved || e instanceof FailsFor) return { applied: true, objects: [], failure: { message: e.message } };
      if (e instanceof Unsure) return { applied: true, objects: [], unsure: { reason: e.message } };
      throw e;
    }
  }

  /** Generates for one object into `made`: whether the rule applied to it (its preconditions held), and what failed or is not known of some foreach elements. */
  private generateFor(run: Run, t: Trigger, background: boolean, made: ManifestObject[]): Outcome {
    const { p, rule, ruleName, ruleLine, names } = run;
    const c = t.candidate;
    const isNamespace = c.kind === 'Namespace' && c.group === '';
    // the object as Kyverno's dynamic client reads it from the API server: its whole numbers int64s
    const object = this.goObject(t);
    const request: { [key: string]: Json } = background
      ? { operation: '', object, oldObject: null, namespace: c.namespace }
      : { operation: 'CREATE', object, oldObject: null, name: c.name, namespace: isNamespace ? c.name : c.namespace, kind: { group: c.group, version: c.version, kind: c.kind } };
    const template = t.template;
    const undeclared = t.undeclared !== undefined && isNamespace;
    const check = undeclared
      ? (expr: string, node: Node): void => {
          const path = rootPaths(node).find((path) => !undeclaredGives(path));
          if (path === undefined) return;
          const read = path.length === 0 ? 'the whole context' : path.map((s) => (typeof s === 'number' ? `[${s}]` : s)).join('.');
          throw new ReadsUndeclared(`{{${excerpt(expr)}}} reads ${read}`);
        }
      : template
      ? (expr: string, node: Node): void => {
          const path = rootPaths(node).find((path) => !templateGives(path, template.kind, template.spec));
          if (path === undefined) return;
          const read = path.length === 0 ? 'the whole context' : path.map((s) => (typeof s === 'number' ? `[${s}]` : s)).join('.');
          throw new Unsupported(
            `{{${excerpt(expr)}}} reads ${read}, which for ${t.text} is set by their controller or the API server, not by the pod template the manifests give`,
          );
        }
      : undefined;
    const requestMay = background ? (k: string) => ['oldObject', 'userInfo', 'roles', 'clusterRoles'].includes(k) : () => true;
    const scopeOf = (req: { [key: string]: Json }): Scope =>
      this.bind(rule['context'], p.obj, { data: { request: req }, names, budget: this.budget, watch: new Shape(c.kind, this.pathsOf(t), req, requestMay, names), background: p.background, ...(check ? { check } : {}) }, t);
    // on an admission request, the webhook first decides whether the rule applies, on the object the request holds, taken through JSON
    // (its numbers floats): the background controller generates only where it did (pkg/webhooks/resource/generation)
    if (!background && (rule['context'] !== undefined || rule['preconditions'] !== undefined)) {
      if (!preconditionsHold(rule['preconditions'], scopeOf({ ...request, object: this.floatObject(t) }))) return nothing();
    }
    const scope = scopeOf(request);
    if (!preconditionsHold(rule['preconditions'], scope)) return nothing();
    const gen = rule['generate'] as Record<string, unknown>;
    const generatedBy = (suffix: string): GeneratedBy => ({ kind: p.kind, policy: p.id, rule: ruleName, file: p.obj.file, line: ruleLine, trigger: `${t.text}${suffix}` });
    if (!Array.isArray(gen['foreach'])) {
      this.produce(p, gen, scope, generatedBy(''), made);
      return { applied: true, objects: made };
    }
    // pkg/background/generate/generator.go (generateForeach, generateElements): each entry and each element on its own, their errors collected
    let failure: Failure | undefined;
    const unsureEntries: unknown[] = [];
    let unsureReason: string | undefined;
    const fails = (e: unknown, where: string, entry: unknown): void => {
      if (e instanceof Unresolved || e instanceof FailsFor) failure ??= { message: `${where}: ${e.message}`, elements: true };
      else if (e instanceof Unsure) {
        unsureReason ??= `${where}: ${e.message}`;
        if (!unsureEntries.includes(entry)) unsureEntries.push(entry);
      } else throw e;
    };
    (gen['foreach'] as Array<Record<string, unknown>>).forEach((entry, k) => {
      let list: Json;
      try {
        // EvaluateList queries the list as it is written: no variable of it is substituted
        list = evaluateQuery(entry['list'] as string, scope, false);
      } catch (e) {
        fails(e, `foreach ${k} list`, entry);
        return;
      }
      // a list Go holds as []map[string]any taken as a list, anything else a list of that one value
      const elements = Array.isArray(list) ? list : [list];
      if (orderless(elements) && JSON.stringify(entry).includes('elementIndex')) {
        throw new Unsupported(`its foreach list "${excerpt(entry['list'] as string)}" is in the order Go's iteration of a map gives, which differs from run to run, and its entry reads elementIndex`);
      }
      elements.forEach((element, i) => {
        // generateElements skips an element that is null
        if (element === null) return;
        try {
          // AddElementToContext takes a JSON copy of it
          const copy = this.copied(t, element);
          const data = { ...scope.data, element: copy, element0: copy, elementIndex: i, elementIndex0: i };
          const inner = this.bind(entry['context'], p.obj, { ...scope, data }, t);
          if (!preconditionsHold(entry['preconditions'], inner, true)) return;
          this.produce(p, entry, inner, generatedBy(`, foreach element ${i}`), made);
        } catch (e) {
          fails(e, `foreach element ${i}`, entry);
        }
      });
    });
    return {
      applied: true,
      objects: made,
      ...(failure ? { failure } : {}),
      ...(unsureReason !== undefined ? { unsure: { reason: unsureReason, entries: unsureEntries } } : {}),
    };
  }

  /** A trigger's object as Kyverno reads it (goInts), made once. */
  private goObject(t: Trigger): Json {
    let object = this.objectsRead.get(t);
    if (object === undefined) {
      this.budget.characters(sizeOf(t.body));
      object = goInts(t.body);
      this.objectsRead.set(t, object);
    }
    return object;
  }

  /** A trigger's object as the admission request holds it, taken through JSON: its numbers floats; made once. */
  private floatObject(t: Trigger): Json {
    let object = this.objectsAdmitted.get(t);
    if (object === undefined) {
      object = this.copied(t, this.goObject(t));
      this.objectsAdmitted.set(t, object);
    }
    return object;
  }

  /** The paths of the mappings of a trigger's object as Kyverno reads it, made once; copies of them are given their paths too (copied). */
  private pathsOf(t: Trigger): WeakMap<object, ReadonlyArray<string | number>> {
    let paths = this.paths.get(t);
    if (!paths) {
      paths = pathsOf(this.goObject(t), this.budget);
      this.paths.set(t, paths);
    }
    return paths;
  }

  /**
   * A value as Kyverno's context takes it through JSON (a foreach element,
   * a context entry): a copy, its numbers float64s, each of whose mappings
   * copied from the trigger's object is read as the one it copies (Shape).
   */
  private copied(t: Trigger, value: Json): Json {
    const paths = this.pathsOf(t);
    this.budget.characters(sizeOf(value));
    return jsonCopy(value, (copy, original) => {
      const path = paths.get(original);
      if (path !== undefined) paths.set(copy, path);
    });
  }

  /** The objects of one generate block (or foreach entry) for one trigger, into `made`. */
  private produce(p: PolicyInfo, g: Record<string, unknown>, scope: Scope, generatedBy: GeneratedBy, made: ManifestObject[]): void {
    const obj = p.obj;
    const line = obj.lineOf(g);
    // ResourceSpec's fields are strings: a variable giving null leaves one empty, another type fails to decode
    const text = (key: string): string | undefined => {
      const v = g[key];
      if (v === undefined || v === null || v === '') return undefined;
      const s = substitute(v, scope);
      if (s === null) return undefined;
      if (typeof s !== 'string') throw new FailsFor(`generate.${key} is not a string once its variables are substituted`);
      return s === '' ? undefined : s;
    };
    // checked when the policy is created, these may still come out empty for one object
    const required = (key: string): string => {
      const s = text(key);
      if (s === undefined) throw new FailsFor(`generate.${key} is empty once its variables are substituted`);
      return s;
    };
    let namespace = text('namespace');
    if (p.namespace !== undefined) {
      if (namespace !== undefined && namespace !== p.namespace) throw new InvalidRule(`a namespaced Policy generates only in its own namespace ${p.namespace}, not in ${namespace}`, line);
      namespace = p.namespace;
    }
    const emit = (apiVersion: string, kind: string, name: string, body: { [key: string]: Json }, lineOf: (node: unknown) => number) => {
      const scope = scopeOf(kind);
      const ns = scope === 'cluster' ? undefined : namespace;
      // a kind whose scope reachdiff does not know (a custom resource) is generated as written; a namespaced one in no namespace the API server refuses
      if (scope === 'namespaced' && ns === undefined) throw new FailsFor(`generate.namespace is empty once its variables are substituted, for a ${kind}`);
      const metadata = { ...(isRecord(body['metadata']) ? body['metadata'] : {}), name, ...(ns !== undefined ? { namespace: ns } : {}) } as { [key: string]: Json };
      made.push({ kind, apiVersion, body: { ...body, apiVersion, kind, metadata }, file: obj.file, line, lineOf, generatedBy });
    };
    // generator.go: a clone where clone.name is given, else a cloneList where it names kinds, else data; none of them, nothing
    const source = runtimeSource(g);
    if (source === undefined) return;
    if (source === 'data') {
      const origin = new WeakMap<object, object>();
      const data = substitute(g['data'], scope, (copy, original) => origin.set(copy, original));
      if (!isRecord(data)) throw new FailsFor('generate.data is not a mapping once its variables are substituted');
      const lineOf = (node: unknown): number => {
        const o = typeof node === 'object' && node !== null ? origin.get(node) : undefined;
        return o ? obj.lineOf(o) : line;
      };
      const nulled = nullFromVariable(g['data'], data);
      if (nulled !== undefined) throw new Unsure(`the variable ${nulled} of generate.data gives null, which the API server reads by the type of the field it is in`);
      if (orderless(data)) throw new Unsupported('what it generates holds a list in the order Go\'s iteration of a map gives (keys(), values(), .*), which differs from run to run');
      emit(required('apiVersion'), required('kind'), required('name'), (goTyped(data) ? plain(data) : data) as { [key: string]: Json }, lineOf);
      return;
    }
    const atLine = () => line;
    if (source === 'clone') {
      const apiVersion = required('apiVersion');
      const kind = required('kind');
      const from = substitute(g['clone'], scope) as { [key: string]: Json };
      const srcNs = typeof from['namespace'] === 'string' ? from['namespace'] : '';
      const srcName = typeof from['name'] === 'string' ? from['name'] : '';
      const { group } = splitApiVersion(apiVersion);
      const source = this.all.find(
        (o) =>
          o.kind === kind &&
          o.apiVersion !== undefined &&
          splitApiVersion(o.apiVersion).group === group &&
          field(o.body, 'metadata', 'name') === srcName &&
          (CLUSTER_SCOPED.has(kind) || (str(field(o.body, 'metadata', 'namespace')) ?? this.defaultNamespace) === srcNs),
      );
      if (!source) throw new Unsupported(`its clone source ${kind} ${srcNs ? `${srcNs}/` : ''}${srcName} is not in the manifests, and what the cluster holds there is not known`);
      emit(apiVersion, kind, required('name'), this.cloned(source), atLine);
      return;
    }
    const list = substitute(g['cloneList'], scope) as { [key: string]: Json };
    const srcNs = typeof list['namespace'] === 'string' ? list['namespace'] : '';
    const kinds = Array.isArray(list['kinds']) ? list['kinds'].filter((k): k is string => typeof k === 'string') : [];
    const sources = this.all.flatMap((o) => {
      // an object without a name (or whose name is not a string) is not one the API server holds
      const name = str(field(o.body, 'metadata', 'name'));
      if (o.apiVersion === undefined || o.generatedBy || name === undefined) return [];
      const { group, version } = splitApiVersion(o.apiVersion);
      if (!kinds.some((k) => kindMatches(k, { group, version, kind: o.kind }, this.budget))) return [];
      if ((str(field(o.body, 'metadata', 'namespace')) ?? this.defaultNamespace) !== srcNs) return [];
      if (list['selector'] !== undefined && list['selector'] !== null && !selectorMatches(list['selector'], labelsOf(field(o.body, 'metadata', 'labels')), 'cloneList.selector', this.budget)) return [];
      return [{ apiVersion: o.apiVersion, source: o, name }];
    });
    if (sources.length === 0) throw new Unsupported(`its cloneList selects no object of the manifests in namespace ${srcNs}, and what the cluster holds there is not known`);
    for (const s of sources) emit(s.apiVersion, s.source.kind, s.name, this.cloned(s.source), atLine);
  }

  /** A clone keeps the source's content and labels; its name and namespace are the rule's. */
  private cloned(source: ManifestObject): { [key: string]: Json } {
    this.budget.characters(sizeOf(source.body as Json));
    const body = structuredClone(source.body) as { [key: string]: Json };
    const metadata = isRecord(body['metadata']) ? body['metadata'] : {};
    return { ...body, metadata: { ...(metadata['labels'] ? { labels: metadata['labels'] } : {}), ...(metadata['annotations'] ? { annotations: metadata['annotations'] } : {}) } as Json };
  }
}

/**
 * Kinds whose objects decide no traffic: what a rule generates of them
 * alone, not expanded, leaves the analysis as it is. A ServiceAccount's
 * labels do (Calico selects by them), and a cleanup policy deletes objects.
 */
const NO_TRAFFIC_KINDS: ReadonlySet<string> = new Set([
  'Secret', 'ConfigMap', 'Event', 'ResourceQuota', 'LimitRange', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'PersistentVolumeClaim',
  'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'Lease',
]);

/**
 * What a rule generated for one object and may not have, as not analysed
 * for `reason`: without generateExisting, for a namespace the manifests do
 * not create (`t.createdOutside`: Kyverno generates on the admission
 * requests it sees once the policy is installed, and that namespace may
 * have been made before, the cluster's own always); or where whether the
 * rule applies to it depends on labels of a namespace no one declares
 * (Doubt). What decides traffic counts, in the namespace it is generated
 * in (a cluster-scoped object: every namespace), opening or closing paths,
 * and may be what isolates pods.
 */
function unsureFor(p: PolicyInfo, at: SourceRef, generated: readonly ManifestObject[], reason: string): NotAnalysed[] {
  const namespaces = new Set<string | undefined>();
  for (const o of generated) {
    const ns = field(o.body, 'metadata', 'namespace');
    // a plugin's or a controller's settings act on every namespace
    if (o.kind === 'ConfigMap' && decidingConfigMap(o, typeof ns === 'string' ? ns : '')) namespaces.add(undefined);
    if (NO_TRAFFIC_KINDS.has(o.kind)) continue;
    namespaces.add(typeof ns === 'string' && ns !== '' ? ns : undefined);
  }
  // a cluster-scoped object acts anywhere: one entry for all
  const scopes = namespaces.has(undefined) ? [undefined] : [...namespaces];
  return scopes.map((namespace) => ({ kind: p.kind, name: p.id, source: at, reason, effect: { does: 'both' as const, mayBeAbsent: true as const, ...(namespace !== undefined ? { namespace } : {}) } }));
}

/** Why what a rule without generateExisting generated for a namespace the manifests do not create may not be in the cluster. */
function existingText(ruleName: string, t: Trigger): string {
  return `rule ${ruleName} generates for ${t.text}, ${t.createdOutside!}: without generateExisting Kyverno generates only on the admission requests it sees once the policy is installed, so whether the cluster holds what it generates there is not known`;
}

/** The labels (and annotations) of a namespace a Doubt names: `labels team, tier`, `label team and annotation owner`. */
function readsText(reads: readonly string[]): string {
  const labels = reads.filter((k) => !k.startsWith('annotation '));
  const annotations = reads.filter((k) => k.startsWith('annotation ')).map((k) => k.slice('annotation '.length));
  const list = (what: string, keys: string[]) => (keys.length === 0 ? [] : [`${what}${keys.length > 1 ? 's' : ''} ${keys.join(', ')}`]);
  return [...list('label', labels), ...list('annotation', annotations)].join(' and ');
}

/** What a Doubt leaves unknown of a rule's application to one object, which the analysis takes it to generate for (`generates`) or not. */
function doubtText(ruleName: string, t: Trigger, d: Doubt, generates: boolean | undefined): string {
  const self = t.candidate.kind === 'Namespace' && t.candidate.group === '' && t.candidate.name === d.namespace;
  const given = self ? 'its labels' : `the labels of namespace ${d.namespace}`;
  const reads = d.expression !== undefined ? (d.earlier !== undefined ? `whose ${d.expression}` : `its ${d.expression}`) : `${d.earlier !== undefined ? 'whose' : 'its'} match and exclude read ${readsText(d.reads)}`;
  const reader = d.earlier !== undefined ? `with applyRules: One, it applies only where rule ${d.earlier} before it does not, ${reads}` : reads;
  const does =
    generates === undefined
      ? `may generate for ${t.text} other objects than the manifests' labels of it give, or none`
      : generates
        ? `generates for ${t.text} as the manifests give ${given}, and may not`
        : `does not generate for ${t.text} as the manifests give ${given}, and may`;
  return `rule ${ruleName} ${does}: ${reader} of namespace ${d.namespace}, which neither the manifests nor the config declare, so it may carry labels other than ${NAMESPACE_NAME_LABEL}`;
}

/** The warning on a rule whose application to some objects depends on labels of namespaces no one declares. */
function undecidedWarning(label: string, doubts: ReadonlyMap<Trigger, Doubt>, undecided: readonly NotAnalysed[]): string {
  const byNamespace = new Map<string, Set<string>>();
  for (const d of doubts.values()) {
    const keys = byNamespace.get(d.namespace) ?? new Set<string>();
    for (const k of d.reads) keys.add(k);
    byNamespace.set(d.namespace, keys);
  }
  const expressions = new Map<string, Set<string>>();
  for (const d of doubts.values()) if (d.expression !== undefined) expressions.set(d.namespace, (expressions.get(d.namespace) ?? new Set()).add(d.expression));
  const named = [...byNamespace].map(([ns, keys]) => `${ns} (${[...(keys.size > 0 ? [readsText([...keys].sort())] : []), ...(expressions.get(ns) ?? [])].join('; ')})`);
  const list = named.length <= 3 ? named.join(', ') : `${named.slice(0, 3).join(', ')} and ${named.length - 3} more`;
  const one = byNamespace.size === 1;
  const scopes = [...new Set(undecided.map((n) => n.effect?.namespace))];
  const fails =
    undecided.length === 0
      ? 'nothing it generates there, or would, decides traffic'
      : `what it generates there, or would, is not analysed, and invariants on ${scopes.includes(undefined) ? 'every namespace' : `namespace ${scopes.join(', ')}`} fail closed (not analysed)`;
  return `${label}: whether it generates for objects of namespace${one ? '' : 's'} ${list} depends on ${one ? 'that namespace\'s' : 'their'} labels, which neither the manifests nor the config's outside.namespaces declare (${one ? 'it' : 'they'} may carry labels other than ${NAMESPACE_NAME_LABEL}); ${fails}; declare ${one ? 'it with its' : 'them with their'} labels, in the manifests or under outside.namespaces in the config, to analyse it exactly`;
}

/**
 * Where a rule would generate what decides traffic for one object, read
 * off its generate block without generating: the object's own namespace
 * where generate.namespace is `{{request.object.metadata.name}}` (of a
 * Namespace), `{{request.object.metadata.namespace}}` (of another object)
 * or `{{request.namespace}}`; a namespace written out; a namespaced
 * Policy's own. Undefined stands for every namespace: another namespace,
 * a cluster-scoped kind, or one whose scope or name is not known.
 */
function wouldGenerateIn(p: PolicyInfo, gen: Record<string, unknown>, t: Trigger): Array<string | undefined> {
  const isNamespace = t.candidate.kind === 'Namespace' && t.candidate.group === '';
  const own = isNamespace ? t.candidate.name : t.candidate.namespace;
  const owns = new Set(['{{request.namespace}}', isNamespace ? '{{request.object.metadata.name}}' : '{{request.object.metadata.namespace}}']);
  const out = new Set<string | undefined>();
  for (const e of Array.isArray(gen['foreach']) ? (gen['foreach'] as unknown[]) : [gen]) {
    if (!isRecord(e)) {
      out.add(undefined);
      continue;
    }
    const list = isRecord(e['cloneList']) ? e['cloneList']['kinds'] : undefined;
    const kinds: unknown[] = Array.isArray(list) ? list : [e['kind']];
    const written = kinds.filter((k): k is string => typeof k === 'string' && !k.includes('{{'));
    if (quietEntry(e)) continue;
    // a ConfigMap that may hold a plugin's or a controller's settings acts on every namespace
    if (written.length < kinds.length || written.some((k) => k.split('/').pop() === 'ConfigMap')) {
      out.add(undefined);
      continue;
    }
    if (p.namespace !== undefined) {
      out.add(p.namespace);
      continue;
    }
    const ns = typeof e['namespace'] === 'string' ? e['namespace'].replace(/\{\{-?\s*(.*?)\s*-?\}\}/g, '{{$1}}') : '';
    const namespaced = written.length === kinds.length && kinds.length > 0 && written.every((k) => scopeOf(k) === 'namespaced');
    if (!namespaced || ns === '') out.add(undefined);
    else if (!ns.includes('{{')) out.add(ns);
    else out.add(owns.has(ns) && own !== '' ? own : undefined);
  }
  return out.has(undefined) ? [undefined] : [...out];
}

/** Whether a generate rule may generate objects that decide traffic: unless each of its entries is quiet (quietEntry). */
function generatesTraffic(rule: Record<string, unknown>): boolean {
  const g = rule['generate'];
  if (!isRecord(g)) return true;
  const entries = Array.isArray(g['foreach']) ? (g['foreach'] as unknown[]) : [g];
  return entries.length === 0 || entries.some((e) => !isRecord(e) || !quietEntry(e));
}

/**
 * Whether a generate entry surely makes only objects that decide no
 * traffic: every kind it names written out and of NO_TRAFFIC_KINDS, and a
 * ConfigMap only by a name written out, whose data (where written) holds
 * no plugin's, mesh's or ingress controller's settings (decidingConfigMap):
 * a ConfigMap named cilium-config turns Cilium's enforcement off.
 */
function quietEntry(e: Record<string, unknown>): boolean {
  const list = isRecord(e['cloneList']) ? e['cloneList']['kinds'] : undefined;
  const kinds: unknown[] = Array.isArray(list) ? list : [e['kind']];
  if (kinds.length === 0 || !kinds.every((k) => typeof k === 'string' && !k.includes('{{') && NO_TRAFFIC_KINDS.has(k.split('/').pop()!))) return false;
  if (!kinds.some((k) => (k as string).split('/').pop() === 'ConfigMap')) return true;
  // cloned ConfigMaps' names are the sources'
  const name = e['name'];
  if (list !== undefined || typeof name !== 'string' || name.includes('{{')) return false;
  const data = isRecord(e['data']) ? e['data'] : {};
  const namespace = e['namespace'];
  const body: Record<string, unknown> = { ...data, metadata: { ...(isRecord(data['metadata']) ? data['metadata'] : {}), name } };
  // a namespace not written out may be kube-system, where the Amazon VPC CNI reads its settings
  return !decidingConfigMap({ kind: 'ConfigMap', body, file: '', line: 0, lineOf: () => 0 }, typeof namespace === 'string' && !namespace.includes('{{') ? namespace : 'kube-system');
}

/** Whether Kyverno takes a `kinds` entry or a kind as cluster-scoped (its discovery's clusterResources), by the kind's name. */
function clusterScopedKind(kind: string): boolean {
  return scopeOf(kind) === 'cluster';
}

/**
 * A kind's scope as Kyverno's discovery gives it, where reachdiff knows it:
 * cluster-scoped (CLUSTER_SCOPED, and custom kinds named Cluster* or
 * Global*, as ClusterCleanupPolicy, ClusterIssuer, GlobalNetworkSet), or
 * one of the namespaced kinds below; undefined for another custom kind,
 * whose scope only the cluster's API knows (the checks that rest on it are
 * not made).
 */
function scopeOf(kind: string): 'cluster' | 'namespaced' | undefined {
  const k = kind.split('/').pop()!;
  if (CLUSTER_SCOPED.has(k) || /^(Cluster|Global)[A-Z]/.test(k)) return 'cluster';
  return NAMESPACED_KINDS.has(k) ? 'namespaced' : undefined;
}

/** Kinds known to be namespaced: Kubernetes' own, and the namespaced policy kinds reachdiff reads. */
const NAMESPACED_KINDS: ReadonlySet<string> = new Set([
  'Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'Service', 'ServiceAccount',
  'ConfigMap', 'Secret', 'Endpoints', 'EndpointSlice', 'Event', 'Ingress', 'NetworkPolicy', 'PersistentVolumeClaim', 'PodDisruptionBudget',
  'HorizontalPodAutoscaler', 'Role', 'RoleBinding', 'ResourceQuota', 'LimitRange', 'Lease', 'PodTemplate', 'CiliumNetworkPolicy', 'NetworkSet',
  'Policy', 'PolicyException', 'CleanupPolicy', 'AuthorizationPolicy', 'PeerAuthentication', 'Sidecar', 'Gateway', 'HTTPRoute', 'GRPCRoute',
  'TCPRoute', 'TLSRoute', 'ReferenceGrant',
]);

/**
 * The scope checks Kyverno makes when the policy is created
 * (kyverno/kyverno api/kyverno/v1/common_types.go, GeneratePattern.Validate,
 * validateNamespacedTargetsScope and ValidateCloneList), on the fields as
 * written, variables unsubstituted: a namespaced Policy generates
 * namespaced objects in its own namespace only, written out, and clones
 * from there only; a namespaced kind needs a namespace, a cluster-scoped
 * one must have none.
 */
function checkScope(e: Record<string, unknown>, policyNamespace: string | undefined, line: number): void {
  const kind = typeof e['kind'] === 'string' ? e['kind'] : '';
  const apiVersion = typeof e['apiVersion'] === 'string' ? e['apiVersion'] : '';
  const namespace = typeof e['namespace'] === 'string' ? e['namespace'] : '';
  const scope = kind === '' ? undefined : scopeOf(kind);
  const cluster = scope === 'cluster';
  if (policyNamespace !== undefined) {
    if (cluster) throw new InvalidRule(`target resource scope mismatched: the target must be a namespaced resource: ${apiVersion}/${kind} (a namespaced Policy generates only namespaced objects)`, line);
    if (namespace !== policyNamespace) {
      const said = namespace === '' ? 'which generate.namespace must name' : `not in ${namespace}`;
      throw new InvalidRule(
        `a namespaced Policy generates only in its own namespace ${policyNamespace}, ${said} (target resource scope mismatched: a namespaced policy cannot generate resources in other namespaces, expected: ${policyNamespace}, received: ${namespace})`,
        line,
      );
    }
    const clone = isRecord(e['clone']) ? e['clone'] : {};
    const cloneNs = typeof clone['namespace'] === 'string' ? clone['namespace'] : '';
    if (typeof clone['name'] === 'string' && clone['name'] !== '' && cloneNs !== policyNamespace) {
      throw new InvalidRule(`target resource scope mismatched: a namespaced policy cannot clone resources from other namespaces, expected: ${policyNamespace}, received: ${cloneNs}`, line);
    }
  }
  if (scope === 'namespaced' && namespace === '') throw new InvalidRule('target namespace must be set for a namespaced resource', line);
  if (cluster && namespace !== '') throw new InvalidRule('target namespace must not be set for a cluster-wide resource', line);
  const list = isRecord(e['cloneList']) ? e['cloneList'] : undefined;
  const kinds = Array.isArray(list?.['kinds']) ? (list['kinds'] as unknown[]).filter((k): k is string => typeof k === 'string') : [];
  if (!list || kinds.length === 0) return;
  const listNs = typeof list['namespace'] === 'string' ? list['namespace'] : '';
  if (policyNamespace !== undefined) {
    const clusterKind = kinds.find(clusterScopedKind);
    if (clusterKind !== undefined) throw new InvalidRule(`the source in cloneList must be a namespaced resource: ${clusterKind}`, line);
    if (listNs !== policyNamespace) throw new InvalidRule(`a namespaced policy cannot clone resources from other namespace, expected: ${policyNamespace}, received: ${listNs}`, line);
  }
  // where the scope of some kind is not known, the checks that rest on it are not made
  const scopes = new Set(kinds.map(scopeOf));
  if (scopes.has(undefined)) return;
  if (scopes.size > 1) throw new InvalidRule('cloneList: mixed scope of target resources is forbidden', line);
  if (!scopes.has('cluster') && listNs === '') throw new InvalidRule('cloneList: namespace is required for namespaced target resources', line);
  if (scopes.has('cluster') && policyNamespace === undefined && listNs !== '') throw new InvalidRule('cloneList: namespace is forbidden for cluster-wide target resources', line);
}

/** Which of data, clone and cloneList a generate block (or foreach entry) gives, as Generation.Validate counts them (api/kyverno/v1/common_types.go): data given, even empty; a clone naming something; a cloneList with kinds, even none. */
function sourcesOf(g: Record<string, unknown>): Array<'data' | 'clone' | 'cloneList'> {
  const given = (v: unknown) => v !== undefined && v !== null;
  const clone = g['clone'];
  return [
    ...(given(g['data']) ? ['data' as const] : []),
    // CloneFrom compared with its zero value: a name or namespace given
    ...(isRecord(clone) && (str(clone['name']) !== undefined || str(clone['namespace']) !== undefined) ? ['clone' as const] : []),
    ...(isRecord(g['cloneList']) && given(g['cloneList']['kinds']) ? ['cloneList' as const] : []),
  ];
}

/** Whether a rule holds, in a string or a key, a reference $(...) not escaped. */
function holdsReference(rule: unknown): boolean {
  const stack: unknown[] = [rule];
  for (let v = stack.pop(); v !== undefined; v = stack.pop()) {
    if (typeof v === 'string') {
      if (REFERENCE.test(v)) return true;
    } else if (Array.isArray(v)) stack.push(...(v as unknown[]));
    else if (isRecord(v)) for (const [k, x] of Object.entries(v)) stack.push(k, x);
  }
  return false;
}

/** Expands every generate rule of the Kyverno policies among `generators`, over all objects of the state. */
export function expandKyverno(
  generators: readonly ManifestObject[],
  objects: readonly ManifestObject[],
  namespaces: ReadonlyMap<string, Namespace>,
  defaultNamespace: string,
): KyvernoExpansion {
  const expander = new Expander(objects, triggersOf(objects, namespaces, defaultNamespace), defaultNamespace);
  for (const g of generators) expander.expandPolicy(g);
  return { objects: expander.objects, synchronized: expander.synchronized, diagnostics: expander.diagnostics, notAnalysed: expander.notAnalysed, warnings: expander.warnings };
}
