import type { Matrix } from '../engine/matrix.js';
import type { Labels, Namespace, PodTemplate, Workload } from '../model/cluster.js';
import type { Cluster } from '../input/cluster.js';
import type { KindedPolicy, PolicyObject } from '../policy/kind.js';
import { policyId } from '../policy/kind.js';
import { tierTableOf } from '../policy/registry.js';
import { KUBERNETES_TIERS } from '../policy/tiers.js';
import { CILIUM_AGENT_FLAGS, ciliumAgentFlags } from '../input/settings.js';
import type { CiliumAgentFlag } from '../policy/kind.js';

/**
 * The workloads whose connections a change can have touched, by identity
 * (`ns/name[Kind]`): `sources` may have gained or lost connections as
 * sources, `destinations` as destinations.
 *
 * The connections of a pair are the meet of the source's egress verdict and
 * the destination's ingress verdict. The source's verdict depends only on
 * the policies that hold it as an egress subject and on how their peers
 * match the destination; the destination's only on its ingress policies and
 * how their peers match the source. A selector's match depends on a pod's
 * labels, named ports and network mode and on its namespace's labels. So
 * when neither end changed (same pods, same namespace labels) and no policy
 * that holds the source for egress, or the destination for ingress, in
 * either state, was added, removed or edited, the pair's connections are
 * the same in both states. External endpoints have no policies of their own:
 * a pair with one changes only where its workload end is listed here.
 */
export interface AffectedEnds {
  readonly sources: ReadonlySet<string>;
  readonly destinations: ReadonlySet<string>;
}

/**
 * Policy fields that say where the text is, not what it means: a line, and
 * a `source` that is a place in a file (a Calico rule's `source` is its
 * peer, which means everything).
 */
function positional(key: string, value: unknown): boolean {
  if (key === 'source') return typeof value === 'object' && value !== null && typeof (value as { file?: unknown }).file === 'string' && typeof (value as { line?: unknown }).line === 'number';
  return key === 'line' || key.endsWith('Line');
}

/** Whether two objects hold the same values, or the very same objects, outside positional fields. */
function shallowSame(a: object, b: object): boolean {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const k in x) {
    count++;
    if (x[k] !== y[k] && !positional(k, x[k])) return false;
  }
  return count === Object.keys(y).length;
}

/** Whether two values read from manifests are equal outside positional fields (and fields that are undefined). */
function deepSame(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepSame(a[i], b[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let count = 0;
  for (const k in x) {
    if (x[k] === undefined || positional(k, x[k])) continue;
    if (!deepSame(x[k], y[k])) return false;
    count++;
  }
  for (const k in y) if (y[k] !== undefined && !positional(k, y[k])) count--;
  return count === 0;
}

function samePolicy(a: PolicyObject, b: PolicyObject): boolean {
  // a file read once for both states gives policies that share everything but their source
  return a === b || shallowSame(a, b) || deepSame(a, b);
}

function samePods(a: readonly PodTemplate[], b: readonly PodTemplate[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  return a.every((p, i) => p === b[i] || JSON.stringify(p) === JSON.stringify(b[i]));
}

function sameNamespace(a: Namespace | undefined, b: Namespace | undefined): boolean {
  if (!a || !b) return a === b;
  return a === b || a.labels === b.labels || JSON.stringify(a.labels) === JSON.stringify(b.labels);
}

function sameLabels(a: Labels | undefined, b: Labels | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(b));
}

/** How far ahead `unpaired` looks for an item's counterpart after an insertion or a removal. */
const RESYNC_WINDOW = 64;

/**
 * The items of two lists that are not paired with an equal item of the
 * other: each list's, in order. Both lists hold their items in mostly the
 * same order (the files' order), so items with the same key are paired
 * walking both lists at once; after an item added or removed, the walk
 * finds its place again by looking a little ahead. Items not paired this
 * way are returned, to be matched by key.
 */
function unpaired<T>(a: readonly T[], b: readonly T[], sameKey: (x: T, y: T) => boolean, same: (x: T, y: T) => boolean): [T[], T[]] {
  const restA: T[] = [];
  const restB: T[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (sameKey(a[i]!, b[j]!)) {
      if (!same(a[i]!, b[j]!)) {
        restA.push(a[i]!);
        restB.push(b[j]!);
      }
      i++;
      j++;
      continue;
    }
    // items skipped on one side are those added or removed there
    let skipA = 0;
    let skipB = 0;
    for (let k = 1; k <= RESYNC_WINDOW && (skipA === 0 || skipB === 0); k++) {
      if (skipA === 0 && i + k < a.length && sameKey(a[i + k]!, b[j]!)) skipA = k;
      if (skipB === 0 && j + k < b.length && sameKey(a[i]!, b[j + k]!)) skipB = k;
    }
    if (skipA > 0 && (skipB === 0 || skipA <= skipB)) {
      for (const end = i + skipA; i < end; i++) restA.push(a[i]!);
    } else if (skipB > 0) {
      for (const end = j + skipB; j < end; j++) restB.push(b[j]!);
    } else {
      restA.push(a[i++]!);
      restB.push(b[j++]!);
    }
  }
  for (; i < a.length; i++) restA.push(a[i]!);
  for (; j < b.length; j++) restB.push(b[j]!);
  return [restA, restB];
}

/** A policy's key in a state: its kind and `ns/name` or name. */
export const policyKey = (p: PolicyObject): string => `${p.kind}\u0000${policyId(p)}`;

/** The policies of each state that the walk over both lists did not pair with an equal one, by kind and name. */
function unpairedPolicies(base: Cluster, head: Cluster): [Map<string, KindedPolicy>, Map<string, KindedPolicy>] {
  const sameKey = (a: KindedPolicy, b: KindedPolicy) => a.kind === b.kind && a.policy.name === b.policy.name && a.policy.namespace === b.policy.namespace;
  const [b, h] = unpaired<KindedPolicy>(base.policies, head.policies, sameKey, (x, y) => samePolicy(x.policy, y.policy));
  const byKey = (list: KindedPolicy[]) => new Map(list.map((p) => [policyKey(p.policy), p]));
  return [byKey(b), byKey(h)];
}

/**
 * A setting read from the manifests that decides what every policy
 * compiles to, whatever the policies say, and that differs between the
 * states: its name, its value in each state, and where head sets it.
 */
export interface SettingChange {
  /** What it is, for messages: `Cilium's agent flag enable-l7-proxy`. */
  readonly setting: string;
  /** Its value in each state: `on`, `off`, `on some nodes only`; `yes` or `no`. */
  readonly base: string;
  readonly head: string;
  /** Where head's value comes from (a file and line, or that the manifests do not set it). */
  readonly why: string;
  /**
   * Which policies it changes: Cilium's (its agent's flags), NetworkPolicies
   * that name ports (whether Cilium runs: its agent resolves the names on a
   * pod's containers alone), or those of every kind (whether Calico runs:
   * its tiers order every policy).
   */
  readonly policies: 'cilium' | 'named-ports' | 'all';
}

/** The value of a setting in one state, and where it comes from. */
interface SettingValue {
  readonly setting: string;
  readonly value: string;
  readonly why: string;
  readonly policies: SettingChange['policies'];
}

/** What Cilium's agents do under each flag where the manifests show no Cilium: the defaults (not read then, and no policy of Cilium's is enforced). */
const DEFAULT_CILIUM_FLAGS = ciliumAgentFlags([]);

/**
 * The settings of a state that decide what policies compile to (the
 * Resolver's view of the cluster besides its objects): whether it runs
 * Calico (its objects are present: its tiers order every policy, and it
 * resolves NetworkPolicies' port names and ipBlocks as it does), whether it
 * runs Cilium (which resolves NetworkPolicies' port names as its agent
 * does, and enforces admin policies of its own choice), Cilium's agent
 * flags that decide whether it takes a Cilium policy and how it reads its
 * enableDefaultDeny (input/settings.ts CILIUM_AGENT_FLAGS, from cilium-config
 * and CiliumNodeConfigs). (What else the analysis reads of the cluster,
 * the namespace objects that name none are read in, changes doubts only,
 * which the diff does not compare.)
 */
function compileSettings(c: Cluster): Map<string, SettingValue> {
  const out = new Map<string, SettingValue>();
  const calico = tierTableOf(c.policies) !== KUBERNETES_TIERS;
  out.set('calico', {
    setting: 'whether the cluster runs Calico',
    value: calico ? 'yes' : 'no',
    why: calico ? "the manifests hold Calico's objects, and Calico's tiers order every policy" : "the manifests hold none of Calico's objects",
    policies: 'all',
  });
  out.set('cilium', {
    setting: 'whether the cluster runs Cilium',
    value: c.runsCilium ? 'yes' : 'no',
    why: c.runsCilium ? "the manifests hold an object of Cilium's or its cilium-config, and Cilium's agent resolves NetworkPolicies' port names" : "the manifests hold no object of Cilium's",
    policies: 'named-ports',
  });
  const flags = c.ciliumFlags ?? DEFAULT_CILIUM_FLAGS;
  for (const flag of Object.keys(CILIUM_AGENT_FLAGS) as CiliumAgentFlag[]) {
    const state = flags[flag];
    out.set(flag, { setting: `Cilium's agent flag ${flag}`, value: state.on === 'some' ? 'on some nodes only' : state.on ? 'on' : 'off', why: state.why, policies: 'cilium' });
  }
  return out;
}

/** The settings that decide what policies compile to (compileSettings) and differ between the states. */
function settingChanges(base: Cluster, head: Cluster): SettingChange[] {
  const before = compileSettings(base);
  const out: SettingChange[] = [];
  for (const [key, h] of compileSettings(head)) {
    const b = before.get(key)!;
    if (b.value !== h.value) out.push({ setting: h.setting, base: b.value, head: h.value, why: h.why, policies: h.policies });
  }
  return out;
}

/** What differs between two states' objects, by identity. */
export interface ClusterChange {
  /** Namespaces whose labels (or whose ServiceAccounts' labels) differ, or that exist on one side only. */
  readonly namespaces: ReadonlySet<string>;
  /** Whether some namespace is declared on one side and not the other. */
  readonly declared: boolean;
  /**
   * Workloads (`ns/name[Kind]`) added, removed, or with other pods; every
   * workload of either state where a setting that decides what policies
   * compile to differs (`settings`), since every one may then be treated
   * otherwise.
   */
  readonly workloads: ReadonlySet<string>;
  /** Namespaces of those workloads; every namespace of either state where a setting differs. */
  readonly workloadNamespaces: ReadonlySet<string>;
  /** Policies added, removed or edited, keyed by kind and name (policyKey); each side's object where it exists. */
  readonly policies: ReadonlyMap<string, { readonly base?: KindedPolicy; readonly head?: KindedPolicy }>;
  /** Namespaces of the namespaced policies among them. */
  readonly policyNamespaces: ReadonlySet<string>;
  /** Whether a cluster-scoped policy changed (an AdminNetworkPolicy, a ClusterNetworkPolicy). */
  readonly admin: boolean;
  /** Settings read from the manifests that decide what every policy compiles to, and differ (cilium-config's agent flags, the plugin that enforces the policies). */
  readonly settings: readonly SettingChange[];
}

const changes = new WeakMap<Cluster, { base: Cluster; change: ClusterChange }>();

/** The change from base to head, computed once per pair of states. */
export function clusterChange(base: Cluster, head: Cluster): ClusterChange {
  const known = changes.get(head);
  if (known?.base === base) return known.change;
  const namespaces = new Set<string>();
  let declared = false;
  for (const [name, ns] of base.namespaces) {
    const other = head.namespaces.get(name);
    if (!sameNamespace(ns, other)) namespaces.add(name);
    if (ns.declared !== (other?.declared ?? false)) declared = true;
  }
  for (const [name, ns] of head.namespaces) {
    if (!sameNamespace(base.namespaces.get(name), ns)) namespaces.add(name);
    if (ns.declared && !base.namespaces.get(name)?.declared) declared = true;
  }
  // selectors that read a service account's labels see them as the namespace's pods' own
  for (const [id, labels] of base.serviceAccounts) if (!sameLabels(labels, head.serviceAccounts.get(id))) namespaces.add(id.slice(0, id.indexOf('/')));
  for (const id of head.serviceAccounts.keys()) if (!base.serviceAccounts.has(id)) namespaces.add(id.slice(0, id.indexOf('/')));
  const workloads = new Set<string>();
  const workloadNamespaces = new Set<string>();
  const changed = (w: Workload) => {
    workloads.add(w.id);
    workloadNamespaces.add(w.namespace);
  };
  // both states list most objects in the same order: most are paired walking both lists, the rest by key
  const [baseWorkloads, headWorkloads] = unpaired(
    base.workloads,
    head.workloads,
    (a, b) => a.id === b.id,
    (a, b) => samePods(a.pods, b.pods),
  );
  const headById = new Map(headWorkloads.map((w) => [w.id, w]));
  const baseIds = new Set<string>();
  for (const w of baseWorkloads) {
    baseIds.add(w.id);
    const h = headById.get(w.id);
    if (!h || !samePods(w.pods, h.pods)) changed(w);
  }
  for (const w of headWorkloads) if (!baseIds.has(w.id)) changed(w);
  // a setting that decides what every policy compiles to touches every workload, and what is said of every namespace
  const settings = settingChanges(base, head);
  if (settings.length > 0) {
    for (const c of [base, head]) {
      for (const w of c.workloads) changed(w);
      for (const name of c.namespaces.keys()) workloadNamespaces.add(name);
    }
  }
  const [basePolicies, headPolicies] = unpairedPolicies(base, head);
  const policies = new Map<string, { base?: KindedPolicy; head?: KindedPolicy }>();
  for (const [key, p] of basePolicies) {
    const h = headPolicies.get(key);
    if (!h || !samePolicy(p.policy, h.policy)) policies.set(key, h ? { base: p, head: h } : { base: p });
  }
  for (const [key, p] of headPolicies) if (!basePolicies.has(key)) policies.set(key, { head: p });
  const policyNamespaces = new Set<string>();
  let admin = false;
  for (const { base: b, head: h } of policies.values()) {
    const p = (b ?? h)!.policy;
    if (p.namespace !== undefined) policyNamespaces.add(p.namespace);
    else admin = true;
  }
  const change: ClusterChange = { namespaces, declared, workloads, workloadNamespaces, policies, policyNamespaces, admin, settings };
  changes.set(head, { base, change });
  return change;
}

/**
 * The policies of either state that depend on a changed object (see
 * PolicyKind.dependsOn), with the state each is of, and the object.
 */
export function dependents(change: ClusterChange, base: Cluster, head: Cluster): Array<['base' | 'head', KindedPolicy, string]> {
  const out: Array<['base' | 'head', KindedPolicy, string]> = [];
  if (change.policies.size === 0) return out;
  for (const [state, cluster] of [['base', base], ['head', head]] as const) {
    for (const p of cluster.policies) {
      for (const d of p.kind.dependsOn?.(p.policy) ?? []) {
        const key = `${d.kind}\u0000${d.name}`;
        if (change.policies.has(key)) out.push([state, p, key]);
      }
    }
  }
  return out;
}

export function affectedEnds(base: Matrix, head: Matrix): AffectedEnds {
  const change = clusterChange(base.cluster, head.cluster);
  const sources = new Set<string>();
  const destinations = new Set<string>();
  const both = (id: string) => {
    sources.add(id);
    destinations.add(id);
  };
  // ends that changed: added, removed, other pods, or every one where a setting that decides what every policy
  // compiles to differs (which plugin evaluates them, Cilium's agent flags); or a namespace with other labels
  for (const id of change.workloads) both(id);
  if (change.namespaces.size > 0) {
    for (const w of base.cluster.workloads) if (change.namespaces.has(w.namespace)) both(w.id);
    for (const w of head.cluster.workloads) if (change.namespaces.has(w.namespace)) both(w.id);
  }
  // the subjects, in either state, of policies that changed
  const mark = (m: Matrix, p: KindedPolicy) => {
    for (const { direction, workloads } of m.subjects(p.policy)) {
      const into = direction === 'egress' ? sources : destinations;
      for (const w of workloads) into.add(w.id);
    }
  };
  for (const { base: b, head: h } of change.policies.values()) {
    if (b) mark(base, b);
    if (h) mark(head, h);
  }
  // and of policies that depend on an object that changed (a Calico policy's Tier)
  for (const [m, p] of dependents(change, base.cluster, head.cluster)) mark(m === 'base' ? base : head, p);
  // the ingress controller's row is what ingress objects route to, which no policy change stands for: always compared
  for (const m of [base, head]) {
    const controller = m.ingressController();
    if (controller) sources.add(controller.name);
  }
  return { sources, destinations };
}
