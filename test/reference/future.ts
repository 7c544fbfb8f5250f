/**
 * Invariants over pods present or future (`anyNamespace: true`), decided by
 * brute force with the reference evaluator. A random cluster gets a
 * candidate pod for every combination of the pod label keys the generators
 * use (each absent, one of the values they use, or a value none uses; in
 * Cilium clusters also the label Cilium keeps in identities, in Calico
 * clusters also the service account), in every namespace of the cluster
 * and in new namespaces with every combination of the namespace label keys
 * (of fresh names, and of each name the generators or the cases' selectors
 * use that the cluster does not hold). An invariant
 * `never: { from: S, to: D }` is violated when some pod S picks (of a
 * workload of the cluster, or a candidate) may open a connection to a
 * workload D picks at some sample point inside its ports;
 * `never: { from: D, to: S }` the other way round. Where the latter holds,
 * the candidates are tried again declaring a container port of each port
 * name the generators use at every sample point (a pod added may declare
 * any port), which `namedPorts` reports apart.
 *
 * Candidates share clusters: the policies pick pods by their labels,
 * namespaces and service accounts, never by which other pods exist, so a
 * pod added beside the others is admitted as it would be alone
 * (`checkBatching` tries that on some of them, one cluster each). Only a
 * namespace name that comes back with other labels needs a cluster apart.
 *
 * Workloads of the cluster are taken as the engine's selectors take them:
 * a workload is picked when some pod of it matches, and what it reaches is
 * what any of its pods reaches. `pods` in the answer says what the verdict
 * would be were only the matching pods counted, so that the difference
 * shows where a cluster has a workload with pods of different labels.
 *
 * Not tried: pods on the host network, and container ports of other names.
 */
import { stringify } from 'yaml';
import type { InvariantResult, Witness } from '../../src/check/invariants.js';
import { checkInvariants } from '../../src/check/invariants.js';
import { parseConfig } from '../../src/check/config.js';
import { engineMatrix } from './check.js';
import { referenceCluster } from './cilium.js';
import type { ContainerPort, K8sObject, LabelSelector, Labels, Protocol, RefPod, RefWorkload, ReferenceCluster } from './evaluator.js';
import { MAX_PORT, NAMESPACE_NAME_LABEL, PROTOCOLS, samplePorts, selectorMatches } from './evaluator.js';
import type { RandomCluster, Variant } from './random.js';
import { Rng } from './random.js';

// The vocabularies of random.ts, cilium.ts and calico.ts (not exported there).
const NAMESPACE_NAMES = ['alpha', 'beta', 'gamma', 'default'];
const POD_KEYS = ['app', 'tier', 'env'];
const NS_KEYS = ['team', 'env'];
const VALUES = ['x', 'y', 'z'];
/** A label value none of the generators writes. */
const UNUSED = 'q';
/** A namespace name none of the generators writes. */
const UNUSED_NAMESPACE = 'omega';
const PORT_NAMES = ['http', 'dns', 'metrics', 'grpc'];
/** The pod label Cilium keeps in identities that Cilium clusters' pods may carry (cilium.ts EXTRA_POD_LABELS). */
const CILIUM_KEPT_KEY = 'app.kubernetes.io/name';
/** Service accounts of Calico clusters (calico.ts), and one nobody names. */
const SERVICE_ACCOUNTS = [undefined, 'sa1', 'sa2', 'sa-unused'] as const;
const CANDIDATE = 'future-pod';

/** A selector as the config writes it: a map of labels, or matchLabels/matchExpressions. */
export type WrittenSelector = Labels | LabelSelector;

export interface FutureSelector {
  readonly labels?: WrittenSelector;
  readonly namespaceLabels?: WrittenSelector;
}

/** The other end: workloads of the cluster by `workload: ns/name`, by namespace, or by labels. */
export interface OtherSelector {
  readonly workload?: string;
  readonly namespace?: string;
  readonly labels?: Labels;
}

/** A closed range of ports of one protocol. */
export interface PortRange {
  readonly protocol: Protocol;
  readonly first: number;
  readonly last: number;
}

export interface FutureCase {
  readonly name: string;
  /** Where the pods present or future stand: sources (`from`) or destinations (`to`). */
  readonly side: 'from' | 'to';
  readonly future: FutureSelector;
  readonly other: OtherSelector;
  /** The invariant's `ports` as written (undefined: all), and as ranges. */
  readonly portsText?: readonly string[];
  readonly ports: readonly PortRange[];
  /**
   * An `only` invariant instead of `never` (no selector of it says
   * anyNamespace): `other` is its mapping, these entries its list (with
   * `internet`, so that outside addresses are listed), and the pods
   * present or future of the case are those outside the list.
   */
  readonly only?: readonly ListEntry[];
}

/** An entry of an only invariant's list. */
export interface ListEntry {
  readonly workload?: string;
  readonly kind?: string;
  readonly namespace?: string;
  readonly namespaceLabels?: Labels;
  readonly labels?: Labels;
}

/** The namespace names the cases' selectors of pods present or future mention. */
export function namedNamespaces(cases: readonly FutureCase[]): string[] {
  const out = new Set<string>();
  for (const c of cases) {
    const sel = c.future.namespaceLabels ? toLabelSelector(c.future.namespaceLabels) : {};
    const name = sel.matchLabels?.[NAMESPACE_NAME_LABEL];
    if (name !== undefined) out.add(name);
    for (const e of sel.matchExpressions ?? []) if (e.key === NAMESPACE_NAME_LABEL) (e.values ?? []).forEach((v) => out.add(v));
  }
  return [...out];
}

/** A pod that could be added: its namespace (new or not), that namespace's labels, its labels, and (Calico) its service account. */
export interface Candidate {
  readonly namespace: string;
  readonly newNamespace: boolean;
  /** Without the name label. */
  readonly namespaceLabels: Labels;
  readonly labels: Labels;
  readonly serviceAccount?: string;
}

const ALL_PORTS: readonly PortRange[] = PROTOCOLS.map((protocol) => ({ protocol, first: 1, last: MAX_PORT }));

function toLabelSelector(w: WrittenSelector): LabelSelector {
  const keys = Object.keys(w);
  const full = keys.length > 0 && keys.every((k) => k === 'matchLabels' || k === 'matchExpressions');
  return full ? (w as LabelSelector) : { matchLabels: w as Labels };
}

function combinations(keys: readonly string[], values: readonly string[]): Labels[] {
  let out: Labels[] = [{}];
  for (const key of keys) {
    const next: Labels[] = [];
    for (const labels of out) {
      next.push(labels);
      for (const v of values) next.push({ ...labels, [key]: v });
    }
    out = next;
  }
  return out;
}

function withoutName(labels: Labels): Labels {
  const out = { ...labels };
  delete out[NAMESPACE_NAME_LABEL];
  return out;
}

/**
 * Every candidate pod of a cluster, in its namespaces and in new ones:
 * the pod label keys (Cilium's kept key too) and, for Calico, the service
 * account, each absent, of a value the generators use, or unused. New
 * namespaces with a name the cases name (`named`), then with one the
 * generators draw from, come last and are left out past `cap` candidates; `capped` says whether some were.
 */
export function candidatesOf(namespaces: ReadonlyMap<string, Labels>, variant: Variant, named: readonly string[] = [], cap = 40_000): { candidates: Candidate[]; capped: boolean } {
  const podKeys = variant === 'cilium' ? [...POD_KEYS, CILIUM_KEPT_KEY] : POD_KEYS;
  const podLabels = combinations(podKeys, [...VALUES, UNUSED]);
  const accounts: ReadonlyArray<string | undefined> = variant === 'calico' ? SERVICE_ACCOUNTS : [undefined];
  const nsLabels = combinations(NS_KEYS, [...VALUES, UNUSED]);
  const places: Array<{ namespace: string; newNamespace: boolean; namespaceLabels: Labels }> = [];
  for (const [name, labels] of namespaces) places.push({ namespace: name, newNamespace: false, namespaceLabels: withoutName(labels) });
  // new namespaces of fresh names, one per label set
  nsLabels.forEach((labels, i) => places.push({ namespace: `future-ns-${i}`, newNamespace: true, namespaceLabels: labels }));
  const perPlace = podLabels.length * accounts.length;
  let capped = false;
  // then names the cases' selectors and the policies may pick a namespace by, that the cluster does not hold:
  // the cases' own first, so that a cap never leaves out the namespace an invariant names
  for (const name of new Set([...named, ...NAMESPACE_NAMES])) {
    if (namespaces.has(name)) continue;
    for (const labels of nsLabels) {
      if ((places.length + 1) * perPlace > cap) {
        capped = true;
        break;
      }
      places.push({ namespace: name, newNamespace: true, namespaceLabels: labels });
    }
  }
  const candidates: Candidate[] = [];
  for (const place of places) {
    for (const labels of podLabels) for (const sa of accounts) candidates.push({ ...place, labels, ...(sa !== undefined ? { serviceAccount: sa } : {}) });
  }
  return { candidates, capped };
}

/**
 * The objects that add candidates to a cluster: a namespace for each new
 * one (a name may come back with other labels: each such candidate then
 * needs a cluster of its own), and a pod for each, named by its index.
 */
function candidateObjects(candidates: readonly Candidate[], indexes: readonly number[]): K8sObject[] {
  const out: K8sObject[] = [];
  const made = new Set<string>();
  for (const i of indexes) {
    const c = candidates[i]!;
    if (c.newNamespace && !made.has(c.namespace)) {
      made.add(c.namespace);
      out.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: c.namespace, labels: { ...c.namespaceLabels } } });
    }
    out.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `${CANDIDATE}-${i}`, namespace: c.namespace, labels: { ...c.labels } },
      spec: { ...(c.serviceAccount !== undefined ? { serviceAccountName: c.serviceAccount } : {}), containers: [{ name: 'c', image: 'x' }] },
    });
  }
  return out;
}

/**
 * The pod label keys the policies' selectors of pods name (a matchLabels
 * key or a matchExpressions key outside a selector of namespaces, without a
 * source prefix such as Cilium's `k8s:`); undefined where a Calico policy
 * holds selectors in its own language, whose keys the engine does not list.
 */
function podKeysNamed(objects: readonly K8sObject[]): ReadonlySet<string> | undefined {
  const keys = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v === null || typeof v !== 'object') return;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (k === 'namespaceSelector' || k === 'namespaces') continue;
      if (k === 'matchLabels' && x && typeof x === 'object') for (const key of Object.keys(x)) keys.add(key.replace(/^[a-z]+:/, ''));
      if (k === 'matchExpressions' && Array.isArray(x)) for (const e of x as Array<{ key: string }>) keys.add(e.key.replace(/^[a-z]+:/, ''));
      walk(x);
    }
  };
  for (const o of objects) {
    if (!/Policy$/.test(o.kind)) continue;
    if (o.apiVersion.startsWith('projectcalico.org/')) return undefined;
    walk((o as { spec?: unknown }).spec);
  }
  return keys;
}

/** Groups of candidate indexes that can share one cluster: no namespace name twice with different labels. */
function batches(candidates: readonly Candidate[]): number[][] {
  const out: Array<{ labels: Map<string, string>; members: number[] }> = [];
  candidates.forEach((c, i) => {
    const key = JSON.stringify(Object.entries(c.namespaceLabels).sort());
    let batch = c.newNamespace ? out.find((b) => (b.labels.get(c.namespace) ?? key) === key) : out[0];
    if (!batch) {
      batch = { labels: new Map(), members: [] };
      out.push(batch);
    }
    if (c.newNamespace) batch.labels.set(c.namespace, key);
    batch.members.push(i);
  });
  return out.map((b) => b.members);
}

/** The name of a reference workload (`ns/name[Kind]`) as `workload:` globs take it, `ns/name`. */
function workloadName(id: string): string {
  return id.slice(0, id.lastIndexOf('['));
}

export function describeCandidate(c: Candidate): string {
  const ns = `${c.newNamespace ? 'new namespace' : 'namespace'} ${c.namespace}${Object.keys(c.namespaceLabels).length ? ` ${JSON.stringify(c.namespaceLabels)}` : ''}`;
  return `a pod ${JSON.stringify(c.labels)}${c.serviceAccount ? ` (service account ${c.serviceAccount})` : ''} in ${ns}`;
}

// ---------------------------------------------------------------------------
// Random cases

function writtenSelector(rng: Rng, keys: readonly string[], values: (key: string) => readonly string[]): WrittenSelector {
  if (rng.chance(0.6)) {
    const out: Labels = {};
    for (const k of rng.some(keys, 1, 2)) out[k] = rng.pick(values(k));
    return out;
  }
  const sel: LabelSelector = {};
  if (rng.chance(0.4)) {
    const key = rng.pick(keys);
    sel.matchLabels = { [key]: rng.pick(values(key)) };
  }
  sel.matchExpressions = rng.times(1, 2, () => {
    const key = rng.pick(keys);
    const operator = rng.pick(['In', 'NotIn', 'Exists', 'DoesNotExist']);
    return operator === 'In' || operator === 'NotIn' ? { key, operator, values: rng.some(values(key), 1, 2) } : { key, operator };
  });
  return sel;
}

function futureSelector(rng: Rng): FutureSelector {
  const labels = rng.chance(0.8) ? writtenSelector(rng, POD_KEYS, () => [...VALUES, UNUSED]) : undefined;
  const namespaceLabels = rng.chance(0.45)
    ? writtenSelector(rng, rng.chance(0.25) ? [...NS_KEYS, NAMESPACE_NAME_LABEL] : NS_KEYS, (k) => (k === NAMESPACE_NAME_LABEL ? [...NAMESPACE_NAMES, UNUSED_NAMESPACE] : [...VALUES, UNUSED]))
    : undefined;
  return { ...(labels ? { labels } : {}), ...(namespaceLabels ? { namespaceLabels } : {}) };
}

/** A selector of workloads of the cluster that picks at least one. */
function otherSelector(rng: Rng, workloads: readonly RefWorkload[]): OtherSelector {
  const w = rng.pick(workloads);
  const name = workloadName(w.id);
  const namespace = name.slice(0, name.indexOf('/'));
  const labels = rng.pick(w.pods).labels;
  const keys = Object.keys(labels).filter((k) => POD_KEYS.includes(k));
  const form = rng.pick(['workload', 'workload', 'labels', 'namespace']);
  if (form === 'labels' && keys.length > 0) {
    const picked = rng.some(keys, 1, keys.length);
    return { labels: Object.fromEntries(picked.map((k) => [k, labels[k]!])), ...(rng.chance(0.3) ? { namespace } : {}) };
  }
  if (form === 'namespace') return { namespace };
  return { workload: name };
}

function portsOf(rng: Rng, sample: readonly number[]): { text?: string[]; ranges: PortRange[] } {
  if (rng.chance(0.7)) return { ranges: [...ALL_PORTS] };
  const one = (): { text: string; range: PortRange[] } => {
    const protocol = rng.pick(PROTOCOLS);
    switch (rng.int(0, 3)) {
      case 0:
        return { text: protocol, range: [{ protocol, first: 1, last: MAX_PORT }] };
      case 1: {
        const port = rng.pick(sample);
        return { text: `${protocol}/${port}`, range: [{ protocol, first: port, last: port }] };
      }
      default: {
        const first = rng.pick(sample);
        const last = Math.min(MAX_PORT, first + rng.pick([1, 7, 100, 5000]));
        return { text: `${protocol}/${first}-${last}`, range: [{ protocol, first, last }] };
      }
    }
  };
  const items = rng.times(1, 2, one);
  return { text: items.map((i) => i.text), ranges: items.flatMap((i) => i.range) };
}

/** `pairs` random selector pairs, each as two invariants: the pods present or future as sources, then as destinations. */
export function randomCases(cluster: RandomCluster, seed: number, pairs: number): FutureCase[] {
  const rng = new Rng(seed ^ 0x2545f491);
  const ref = referenceCluster(cluster.objects, cluster.options);
  if (ref.workloads.length === 0) return [];
  const sample = samplePorts(cluster.objects);
  const out: FutureCase[] = [];
  for (let i = 0; i < pairs; i++) {
    const future = futureSelector(rng);
    const other = otherSelector(rng, ref.workloads);
    for (const side of ['from', 'to'] as const) {
      const ports = portsOf(rng, sample);
      out.push({ name: `case ${i} ${side}`, side, future, other, ...(ports.text ? { portsText: ports.text } : {}), ports: ports.ranges });
    }
  }
  return out;
}

/** A random entry of an only invariant's list: a workload of the cluster by name (its kind or not), by namespace and labels, by namespace labels, or a kind alone. */
function listEntry(rng: Rng, workloads: readonly RefWorkload[], namespaces: ReadonlyMap<string, Labels>): ListEntry {
  const w = rng.pick(workloads);
  const name = workloadName(w.id);
  const namespace = name.slice(0, name.indexOf('/'));
  const kind = w.id.slice(w.id.lastIndexOf('[') + 1, -1);
  const labels = rng.pick(w.pods).labels;
  const keys = Object.keys(labels).filter((k) => POD_KEYS.includes(k));
  const someLabels = () => Object.fromEntries(rng.some(keys, 1, keys.length).map((k) => [k, labels[k]!]));
  switch (rng.pick(['workload', 'workload', 'labels', 'namespaceLabels', 'kind'])) {
    case 'labels':
      return keys.length > 0 ? { namespace, labels: someLabels() } : { namespace };
    case 'namespaceLabels': {
      // a label of the workload's namespace, so that the entry picks it (its name's, where it has no other)
      const nsLabels = namespaces.get(namespace) ?? { [NAMESPACE_NAME_LABEL]: namespace };
      const own = Object.keys(nsLabels).filter((k) => k !== NAMESPACE_NAME_LABEL);
      const key = own.length > 0 ? rng.pick(own) : NAMESPACE_NAME_LABEL;
      return { namespaceLabels: { [key]: nsLabels[key]! }, ...(keys.length > 0 && rng.chance(0.5) ? { labels: someLabels() } : {}) };
    }
    case 'kind':
      return { kind };
    default:
      return { workload: name, ...(rng.chance(0.3) ? { kind } : {}) };
  }
}

/** `pairs` random only invariants, each both ways: the pods outside the list as sources (to a mapping), then as destinations (from a mapping). */
export function randomOnlyCases(cluster: RandomCluster, seed: number, pairs: number): FutureCase[] {
  const rng = new Rng(seed ^ 0x68e31da4);
  const ref = referenceCluster(cluster.objects, cluster.options);
  if (ref.workloads.length === 0) return [];
  const sample = samplePorts(cluster.objects);
  const out: FutureCase[] = [];
  for (let i = 0; i < pairs; i++) {
    const other = otherSelector(rng, ref.workloads);
    const only = rng.times(1, 3, () => listEntry(rng, ref.workloads, ref.namespaces));
    for (const side of ['from', 'to'] as const) {
      const ports = portsOf(rng, sample);
      out.push({ name: `only case ${i} ${side}`, side, future: {}, other, only, ...(ports.text ? { portsText: ports.text } : {}), ports: ports.ranges });
    }
  }
  return out;
}

/** The config that states the cases as `never` invariants (`only` ones, for cases of an only invariant). */
export function configText(cases: readonly FutureCase[]): string {
  const invariants = cases.map((c) => {
    if (c.only) {
      const list = [...c.only, 'internet'];
      // the pods outside the list as sources: the case's other end is the mapping of to
      const only = c.side === 'from' ? { to: c.other, from: list } : { from: c.other, to: list };
      return { name: c.name, only: { ...only, ...(c.portsText ? { ports: c.portsText } : {}) } };
    }
    const future = { anyNamespace: true, ...c.future };
    const other = { ...c.other };
    return { name: c.name, never: { from: c.side === 'from' ? future : other, to: c.side === 'from' ? other : future, ...(c.portsText ? { ports: c.portsText } : {}) } };
  });
  return stringify({ invariants }, { version: '1.1' });
}

// ---------------------------------------------------------------------------
// The brute force

/** What the reference says of one case. */
export interface FutureAnswer {
  readonly violated: boolean;
  /** The pair that breaks it, in words. */
  readonly witness?: string;
  /** The candidate in that pair, where one is. */
  readonly candidate?: Candidate;
  /** The verdict were only the matching pods of the cluster's workloads counted. */
  readonly pods: boolean;
  /**
   * (`to` only, where the verdict holds) a candidate that breaks it once it
   * declares container ports of the port names rules use (at any port of
   * any protocol), and the pair, in words.
   */
  readonly namedPorts?: { readonly candidate: Candidate; readonly witness: string };
  /** Candidates the selector of pods present or future picks. */
  readonly tried: number;
}

type Point = readonly [Protocol, number];

/** The sample points inside a case's ports: the cluster's sample ports and the ends of the case's ranges, with their neighbours. */
export function casePoints(sample: readonly number[], ranges: readonly PortRange[]): Point[] {
  const ports = new Set(sample);
  for (const r of ranges) for (const p of [r.first - 1, r.first, r.first + 1, r.last - 1, r.last, r.last + 1]) if (p >= 1 && p <= MAX_PORT) ports.add(p);
  const sorted = [...ports].sort((a, b) => a - b);
  const out: Point[] = [];
  for (const protocol of PROTOCOLS) for (const port of sorted) if (ranges.some((r) => r.protocol === protocol && r.first <= port && port <= r.last)) out.push([protocol, port]);
  return out;
}

/** Each port name of the generators at every sample point: what a pod may declare, one point at a time (a named port is matched at its own point only). */
function everyNamedPort(ports: readonly number[]): ContainerPort[] {
  return PORT_NAMES.flatMap((name) => PROTOCOLS.flatMap((protocol) => ports.map((port) => ({ name, protocol, port }))));
}

export class FutureOracle {
  readonly candidates: readonly Candidate[];
  readonly capped: boolean;
  /** Reference clusters with the candidates, and each candidate's pod there. */
  private readonly refs: ReferenceCluster[] = [];
  private readonly candidatePods: Array<{ ref: ReferenceCluster; pod: RefPod }> = [];
  /** Per reference cluster, the pods of each workload of the cluster as it is. */
  private readonly podsIn = new Map<ReferenceCluster, Map<string, readonly RefPod[]>>();
  /** The cluster as it is, for its workloads. */
  readonly base: ReferenceCluster;
  private readonly sample: readonly number[];
  private readonly memo = new Map<string, Point | null>();
  /** Per case's ports, every port name at every sample point. */
  private readonly declared = new Map<string, ContainerPort[]>();
  private readonly podIds = new WeakMap<RefPod, number>();
  private nextPodId = 0;

  constructor(
    readonly cluster: RandomCluster,
    variant: Variant,
    /** The cases to decide: namespaces their selectors name are among the new ones. */
    cases: readonly FutureCase[] = [],
    cap?: number,
  ) {
    this.base = referenceCluster(cluster.objects, cluster.options);
    this.readKeys = podKeysNamed(cluster.objects);
    const found = candidatesOf(this.base.namespaces, variant, namedNamespaces(cases), cap);
    this.candidates = found.candidates;
    this.capped = found.capped;
    this.sample = samplePorts(cluster.objects);
    for (const members of batches(this.candidates)) {
      const ref = referenceCluster([...cluster.objects, ...candidateObjects(this.candidates, members)], cluster.options);
      this.refs.push(ref);
      const byId = new Map(ref.workloads.map((w) => [w.id, w] as const));
      this.podsIn.set(ref, new Map(this.base.workloads.map((w) => [w.id, byId.get(w.id)!.pods] as const)));
      for (const i of members) {
        const c = this.candidates[i]!;
        const pod = byId.get(`${c.namespace}/${CANDIDATE}-${i}[Pod]`)?.pods[0];
        if (!pod) throw new Error(`the reference has no candidate pod ${c.namespace}/${CANDIDATE}-${i}`);
        this.candidatePods[i] = { ref, pod };
      }
    }
  }

  /** The batches the candidates were spread over. */
  get clusters(): number {
    return this.refs.length;
  }

  private id(pod: RefPod): number {
    let id = this.podIds.get(pod);
    if (id === undefined) {
      id = this.nextPodId++;
      this.podIds.set(pod, id);
    }
    return id;
  }

  points(ranges: readonly PortRange[]): Point[] {
    return casePoints(this.sample, ranges);
  }

  /** The first point at which `src` may open a connection to `dst` (both ends' policies), in `ref`. */
  private pair(ref: ReferenceCluster, src: RefPod, dst: RefPod, points: readonly Point[], pointsKey: string, named: boolean): Point | undefined {
    const key = `${this.id(src)}>${this.id(dst)}|${named ? 'n' : ''}|${pointsKey}`;
    const known = this.memo.get(key);
    if (known !== undefined) return known ?? undefined;
    let declared = this.declared.get(pointsKey);
    if (named && !declared) {
      declared = everyNamedPort([...new Set(points.map(([, p]) => p))]);
      this.declared.set(pointsKey, declared);
    }
    const target = named ? { ...dst, ports: declared! } : dst;
    // the destination's side only where the source's lets something out
    const egress = ref.directionAllows(src, 'egress', { kind: 'pod', pod: target }, target.ports);
    let ingress: ((protocol: Protocol, port: number) => boolean) | undefined;
    const hit = points.find(([protocol, port]) => egress(protocol, port) && (ingress ??= ref.directionAllows(target, 'ingress', { kind: 'pod', pod: src }, target.ports))(protocol, port));
    this.memo.set(key, hit ?? null);
    return hit;
  }

  /** The workloads of the cluster a selector of the other end picks. */
  otherWorkloads(sel: OtherSelector): RefWorkload[] {
    return this.base.workloads.filter((w) => {
      const name = workloadName(w.id);
      const namespace = name.slice(0, name.indexOf('/'));
      if (sel.workload !== undefined && sel.workload !== name) return false;
      if (sel.namespace !== undefined && sel.namespace !== namespace) return false;
      if (sel.labels && !w.pods.some((p) => selectorMatches({ matchLabels: sel.labels }, p.labels))) return false;
      return true;
    });
  }

  /** Whether a selector of pods present or future picks a pod with `labels` in a namespace with `namespaceLabels` (its name label among them). */
  private picks(sel: FutureSelector, namespaceLabels: Labels, labels: Labels): boolean {
    if (sel.namespaceLabels && !selectorMatches(toLabelSelector(sel.namespaceLabels), namespaceLabels)) return false;
    return !sel.labels || selectorMatches(toLabelSelector(sel.labels), labels);
  }

  /**
   * Whether an entry of an only invariant's list picks a workload of the
   * cluster: all its fields hold, its labels on some pod (as the engine's
   * selectors take workloads).
   */
  private listsWorkload(e: ListEntry, w: RefWorkload): boolean {
    const name = workloadName(w.id);
    const namespace = name.slice(0, name.indexOf('/'));
    if (e.workload !== undefined && e.workload !== name) return false;
    if (e.kind !== undefined && !w.id.endsWith(`[${e.kind}]`)) return false;
    if (e.namespace !== undefined && e.namespace !== namespace) return false;
    if (e.namespaceLabels && !selectorMatches({ matchLabels: e.namespaceLabels }, this.base.namespaces.get(namespace) ?? { [NAMESPACE_NAME_LABEL]: namespace })) return false;
    return !e.labels || w.pods.some((p) => selectorMatches({ matchLabels: e.labels }, p.labels));
  }

  /**
   * The pod label keys the cluster's policies' selectors of pods name (a
   * matchLabels key or a matchExpressions key outside a selector of
   * namespaces, without a source prefix such as Cilium's `k8s:`);
   * undefined where a Calico policy holds selectors, whose keys the
   * engine does not list.
   */
  private readonly readKeys: ReadonlySet<string> | undefined;

  /**
   * Whether an entry picks a pod that could be added: by its namespace,
   * namespace labels and labels; a workload entry where, besides, some
   * workload it names has a pod whose labels are the candidate's, in its
   * namespace, or whose labels the candidate all carries and others of
   * keys no policy's selector of pods names (readKeys; none, with a Calico
   * policy): the candidates vary only the generators' pod keys, so this is
   * exact for them; a kind alone, never.
   */
  private listsCandidate(e: ListEntry, cand: Candidate): boolean {
    if (e.workload === undefined && e.kind !== undefined) return false;
    if (e.namespace !== undefined && e.namespace !== cand.namespace) return false;
    if (e.namespaceLabels && !selectorMatches({ matchLabels: e.namespaceLabels }, { ...cand.namespaceLabels, [NAMESPACE_NAME_LABEL]: cand.namespace })) return false;
    if (e.labels && !selectorMatches({ matchLabels: e.labels }, cand.labels)) return false;
    if (e.workload === undefined) return true;
    return this.base.workloads.some(
      (w) =>
        workloadName(w.id) === e.workload &&
        (e.kind === undefined || w.id.endsWith(`[${e.kind}]`)) &&
        e.workload.startsWith(`${cand.namespace}/`) &&
        w.pods.some(
          (p) =>
            Object.entries(p.labels).every(([k, v]) => cand.labels[k] === v) &&
            Object.keys(cand.labels).every((k) => Object.hasOwn(p.labels, k) || (this.readKeys !== undefined && !this.readKeys.has(k))),
        ),
    );
  }

  /** Brute force: the reference's verdict on one case. */
  decide(c: FutureCase): FutureAnswer {
    if (c.only) return this.decideOnly(c, c.only);
    return this.decideWith(c, (namespaceLabels, labels) => this.picks(c.future, namespaceLabels, labels), undefined);
  }

  /**
   * An only invariant: the pods outside the list, those of the cluster's
   * workloads no entry picks (each pod of a workload with any other of it,
   * its replicas, unless it is a lone Pod) and the candidates no entry
   * picks, may not reach the other end (or be reached by it).
   */
  private decideOnly(c: FutureCase, list: readonly ListEntry[]): FutureAnswer {
    const listed = new Set(this.base.workloads.filter((w) => list.some((e) => this.listsWorkload(e, w))).map((w) => w.id));
    return this.decideWith(c, undefined, { listed, candidate: (cand) => list.some((e) => this.listsCandidate(e, cand)) });
  }

  private decideWith(
    c: FutureCase,
    picksPod: ((namespaceLabels: Labels, labels: Labels) => boolean) | undefined,
    list: { readonly listed: ReadonlySet<string>; readonly candidate: (cand: Candidate) => boolean } | undefined,
  ): FutureAnswer {
    const points = this.points(c.ports);
    const pointsKey = c.ports.map((r) => `${r.protocol}${r.first}-${r.last}`).join(',');
    const others = this.otherWorkloads(c.other);
    const base = this.base;
    const nsLabels = (pod: RefPod) => base.namespaces.get(pod.namespace) ?? { [NAMESPACE_NAME_LABEL]: pod.namespace };
    const show = ([protocol, port]: Point) => `${protocol}/${port}`;
    // a pair of pods in the direction of the case: the future end, the other end
    const between = (ref: ReferenceCluster, future: RefPod, other: RefPod, named = false) =>
      c.side === 'from' ? this.pair(ref, future, other, points, pointsKey, false) : this.pair(ref, other, future, points, pointsKey, named);
    const arrow = c.side === 'from' ? '=>' : '<=';
    // the workloads of the cluster the future selector picks: whole, and only their matching pods
    let whole: string | undefined;
    let exact: string | undefined;
    for (const w of base.workloads) {
      const matching = list ? (list.listed.has(w.id) ? [] : w.pods) : w.pods.filter((p) => picksPod!(nsLabels(p), p.labels));
      if (matching.length === 0) continue;
      for (const o of others) {
        // an only invariant's subject outside its list: its replicas talk to each other (a lone Pod has none)
        if (o.id === w.id && (!list || w.id.endsWith('[Pod]'))) continue;
        for (const p of w.pods) {
          for (const q of o.pods) {
            const hit = between(base, p, q);
            if (!hit) continue;
            const text = `${w.id} ${arrow} ${o.id} at ${show(hit)}`;
            whole ??= matching.includes(p) ? text : `${text} (through a pod of it the selector does not pick)`;
            if (matching.includes(p)) exact ??= text;
          }
        }
      }
    }
    // the candidates it picks
    let found: { witness: string; candidate: Candidate } | undefined;
    const picked: number[] = [];
    this.candidates.forEach((cand, i) => {
      if (list ? !list.candidate(cand) : picksPod!({ ...cand.namespaceLabels, [NAMESPACE_NAME_LABEL]: cand.namespace }, cand.labels)) picked.push(i);
    });
    for (const i of picked) {
      if (found) break;
      const { ref, pod } = this.candidatePods[i]!;
      for (const o of others) {
        for (const q of this.podsIn.get(ref)!.get(o.id)!) {
          const hit = between(ref, pod, q);
          if (hit) {
            found = { witness: `${describeCandidate(this.candidates[i]!)} ${arrow} ${o.id} at ${show(hit)}`, candidate: this.candidates[i]! };
            break;
          }
        }
        if (found) break;
      }
    }
    const violated = whole !== undefined || found !== undefined;
    let namedPorts: FutureAnswer['namedPorts'];
    if (!violated && c.side === 'to') {
      // a candidate that declares the rules' port names
      for (const i of picked) {
        if (namedPorts) break;
        const { ref, pod } = this.candidatePods[i]!;
        for (const o of others) {
          const hit = this.podsIn.get(ref)!.get(o.id)!.map((q) => between(ref, pod, q, true)).find((h) => h !== undefined);
          if (hit) {
            namedPorts = { candidate: this.candidates[i]!, witness: `${describeCandidate(this.candidates[i]!)}, declaring a port of each name at ${show(hit)}, ${arrow} ${o.id} at ${show(hit)}` };
            break;
          }
        }
      }
    }
    return {
      violated,
      ...(whole !== undefined ? { witness: whole } : found ? { witness: found.witness, candidate: found.candidate } : {}),
      pods: exact !== undefined || found !== undefined,
      ...(namedPorts ? { namedPorts } : {}),
      tried: picked.length,
    };
  }

  /** Whether one candidate, alone in its cluster, is admitted as in its batch: with every workload, both ways, at every sample point. */
  sameAlone(i: number): boolean {
    const alone = referenceCluster([...this.cluster.objects, ...candidateObjects(this.candidates, [i])], this.cluster.options);
    const c = this.candidates[i]!;
    const pod = alone.workload(`${c.namespace}/${CANDIDATE}-${i}[Pod]`)!.pods[0]!;
    const batched = this.candidatePods[i]!;
    const points = this.points(ALL_PORTS);
    const same = (one: (p: Protocol, n: number) => boolean, two: (p: Protocol, n: number) => boolean) => points.every(([protocol, port]) => one(protocol, port) === two(protocol, port));
    for (const w of this.base.workloads) {
      const a = alone.workload(w.id)!.pods;
      const b = batched.ref.workload(w.id)!.pods;
      for (let k = 0; k < a.length; k++) {
        if (!same(alone.podAllows({ kind: 'pod', pod }, { kind: 'pod', pod: a[k]! }), batched.ref.podAllows({ kind: 'pod', pod: batched.pod }, { kind: 'pod', pod: b[k]! }))) return false;
        if (!same(alone.podAllows({ kind: 'pod', pod: a[k]! }, { kind: 'pod', pod }), batched.ref.podAllows({ kind: 'pod', pod: b[k]! }, { kind: 'pod', pod: batched.pod }))) return false;
      }
    }
    return true;
  }
}

/** Whether some candidates, each alone in a cluster, are admitted as in their batches: `count` of them, drawn by seed. */
export function checkBatching(oracle: FutureOracle, seed: number, count: number): { checked: number; differing: number } {
  const rng = new Rng(seed ^ 0x1b873593);
  let differing = 0;
  const n = Math.min(count, oracle.candidates.length);
  for (let k = 0; k < n; k++) if (!oracle.sameAlone(rng.int(0, oracle.candidates.length - 1))) differing++;
  return { checked: n, differing };
}

// ---------------------------------------------------------------------------
// The engine

export interface EngineVerdict {
  readonly status: InvariantResult['status'];
  readonly witnesses: readonly Witness[];
  /** Witnesses that are pairs (not pods that went untried). */
  readonly pairs: number;
  /** Witnesses of pods that went untried: no pod could be made for them, a port they might declare was not tried, a rule not modelled exactly decides them, or their namespace's labels are not known. */
  readonly untried: number;
}

export function isUntried(w: Witness): boolean {
  return (
    w.kind === 'workload' &&
    (w.message.includes('no pod could be made') ||
      w.message.includes('is not tried') ||
      w.message.includes('whether it gets through is not known') ||
      // pods of a namespace nobody declares, whose labels the selector reads
      w.message.includes('whether its pods are among those it picks is not known'))
  );
}

/**
 * A witness of traffic between a host-network workload and a pod of its node,
 * which policies never stop: the reference evaluates policies only (it knows
 * no nodes), so such witnesses are left out of the comparison.
 */
export function isNodeLocal(w: Witness): boolean {
  return w.kind === 'workload' && w.message.includes('traffic between a pod and its own node is always allowed');
}

/** The engine's verdicts on the cases, stated as a config and checked as `check` does. */
export function engineVerdicts(cluster: RandomCluster, seed: number, cases: readonly FutureCase[]): Map<string, EngineVerdict> {
  const config = parseConfig(configText(cases), 'future.yml');
  const options = { hostNetwork: cluster.options.hostNetwork ?? 'exclude', podCIDRs: cluster.options.podCIDRs ?? [], ...(cluster.options.ipFamily ? { ipFamily: cluster.options.ipFamily } : {}) } as const;
  const results = checkInvariants(config.invariants, engineMatrix(cluster, seed), options, config.file);
  return new Map(
    results.map((r) => {
      // the verdict of the policies alone, as the reference gives it
      const witnesses = r.head.witnesses.filter((w) => !isNodeLocal(w));
      const status = r.status === 'violated' && witnesses.length === 0 && r.head.witnessCount <= r.head.witnesses.length ? 'holds' : r.status;
      return [r.invariant.name, { status, witnesses, pairs: witnesses.filter((w) => w.kind === 'pair').length, untried: witnesses.filter(isUntried).length }];
    }),
  );
}

export function describeWitness(w: Witness): string {
  return w.kind === 'pair' ? `${w.src} => ${w.dst} (${w.ports.toString()})` : w.kind === 'object' ? `${w.object}: ${w.message}` : `${w.workload} (${w.direction}): ${w.message}`;
}

/** How a case's verdicts compare: agreeing, or which way they differ. */
export type Outcome = 'agree' | 'failed closed' | 'engine misses' | 'engine misses a named port' | 'engine over' | 'unmatched';

/**
 * How the engine's verdict compares with the reference's: a pod that
 * breaks the invariant only once it declares named ports counts as
 * breaking it (a pod added may declare any port).
 */
export function compare(engine: EngineVerdict | undefined, reference: FutureAnswer): Outcome {
  if (!engine || engine.status === 'unmatched') return 'unmatched';
  const violated = engine.status === 'violated';
  const expected = reference.violated || reference.namedPorts !== undefined;
  if (violated === expected) return 'agree';
  if (!expected && engine.pairs === 0 && engine.untried > 0) return 'failed closed';
  return violated ? 'engine over' : reference.violated ? 'engine misses' : 'engine misses a named port';
}

/** One candidate's pod, added alone (with its namespace where new): whether it still breaks a case in another cluster (for shrinking). */
export function candidateBreaks(cluster: RandomCluster, c: FutureCase, cand: Candidate, named = false): boolean {
  const base = referenceCluster(cluster.objects, cluster.options);
  const existing = base.namespaces.get(cand.namespace);
  if (existing && JSON.stringify(Object.entries(withoutName(existing)).sort()) !== JSON.stringify(Object.entries(cand.namespaceLabels).sort())) return false;
  const placed: Candidate = { ...cand, newNamespace: existing === undefined };
  const ref = referenceCluster([...cluster.objects, ...candidateObjects([placed], [0])], cluster.options);
  const pod = ref.workload(`${cand.namespace}/${CANDIDATE}-0[Pod]`)?.pods[0];
  if (!pod) return false;
  const points = casePoints(samplePorts(cluster.objects), c.ports);
  const others = ref.workloads.filter((w) => {
    const name = workloadName(w.id);
    const namespace = name.slice(0, name.indexOf('/'));
    if (w.id.startsWith(`${cand.namespace}/${CANDIDATE}-`)) return false;
    if (c.other.workload !== undefined && c.other.workload !== name) return false;
    if (c.other.namespace !== undefined && c.other.namespace !== namespace) return false;
    return !c.other.labels || w.pods.some((p) => selectorMatches({ matchLabels: c.other.labels }, p.labels));
  });
  for (const o of others) {
    for (const q of o.pods) {
      const future = named ? { ...pod, ports: everyNamedPort([...new Set(points.map(([, p]) => p))]) } : pod;
      const [src, dst] = c.side === 'from' ? [future, q] : [q, future];
      const allows = ref.podAllows({ kind: 'pod', pod: src }, { kind: 'pod', pod: dst });
      if (points.some(([protocol, port]) => allows(protocol, port))) return true;
    }
  }
  return false;
}
