import { ConnectionSet } from '../model/connections.js';
import type { Protocol } from '../model/connections.js';
import type { ExternalRange } from '../model/ipranges.js';
import { formatExternal } from '../model/ipranges.js';
import type { Labels, Namespace, Workload } from '../model/cluster.js';
import { isRepresentative, NAMESPACE_NAME_LABEL, REPRESENTATIVE_KIND } from '../model/cluster.js';
import type { Requirement, Selector, WrittenSelector } from '../model/selectors.js';
import { bothSelect, isMatchAll, matches, MATCH_ALL, negated, selectorOfRequirements, selectorFromLabels, WRITTEN_MATCH_ALL, writtenIsEmpty, writtenOf } from '../model/selectors.js';
import type { Cluster } from '../input/cluster.js';
import type { PeerSelector, SelectorPeer } from '../policy/kind.js';
import type { AnalyzeOptions } from './analyze.js';
import { analyze } from './analyze.js';
import type { Matrix } from './matrix.js';
import type { OutsidePath } from './outside.js';
import { outsidePaths } from './outside.js';
import type { Decision, Direction, NamedPortToken } from './rules.js';

/**
 * Exposure analysis: the connections each workload's own policies admit
 * with pods the manifests do not hold (other teams' pods, namespaces
 * created later), as np-guard's netpol-analyzer reports them.
 *
 * The pods a rule peer picks by selectors are stood for by a
 * *representative*: a pod, made of the peer's selectors, that the analysis
 * adds to the cluster (a synthetic workload in an existing or a new
 * namespace) and analyses with every policy, so that what a workload admits
 * with it is exactly what it admits with a pod added there with those
 * labels. Its labels are those its selectors require and, where another
 * rule's peer picks some of its pods but not all (a `NotIn`, a
 * `DoesNotExist`, a peer on a label it leaves free), values that keep it
 * out of that peer where its own selectors allow: it stands for the pods of
 * its selectors that no other peer singles out. `entire-cluster` is such a
 * pod in a new namespace that no peer picks but those that pick every pod.
 *
 * A workload's exposure is its own: its ingress verdict for connections
 * from the representative, its egress verdict for connections to it; what
 * the representative's own policies would say is not consulted.
 */

/** The namespaces of a representative: one by name, or those a selector picks (every namespace for `{}`). */
export type RepresentativeNamespaces =
  | { readonly kind: 'named'; readonly name: string }
  /** `text`: a selector of another language (Calico's), quoted as written. */
  | { readonly kind: 'selected'; readonly selector: Selector; readonly written: WrittenSelector; readonly text?: string };

export interface Representative {
  /** Equal selectors give one representative. */
  readonly key: string;
  /** As np-guard prints it: `ns/[pod with {app=x}]`, `[namespace with {team=a}]/[all pods]`, `[all namespaces]/[pod with {...}]`. */
  readonly name: string;
  readonly namespaces: RepresentativeNamespaces;
  /** undefined: every pod of the namespaces. */
  readonly pods?: { readonly selector: Selector; readonly written: WrittenSelector; readonly text?: string };
  /** The pod that stands for it: its namespace (new or not), that namespace's labels, its labels. */
  readonly witness: Witness;
}

export interface Witness {
  readonly namespace: string;
  /** False when the namespace is in the manifests (or is referenced there). */
  readonly newNamespace: boolean;
  readonly namespaceLabels: Labels;
  readonly labels: Labels;
}

/** The peer of an exposure line: every pod of the cluster, a representative, or an external range. */
export type ExposurePeer = { readonly kind: 'cluster' } | { readonly kind: 'representative'; readonly representative: Representative } | { readonly kind: 'external'; readonly range: ExternalRange };

export interface ExposureLine {
  readonly peer: ExposurePeer;
  readonly conn: ConnectionSet;
  /** Ports named in rules that a pod of the representative would open where it declared them (egress only). */
  readonly names: readonly NamedPortToken[];
}

export interface DirectionExposure {
  /** Some policy holds the workload as subject for this direction. */
  readonly protected: boolean;
  readonly lines: readonly ExposureLine[];
}

export interface WorkloadExposure {
  readonly workload: Workload;
  /** Its index among the workloads (of the state, and of the exposure's matrix). */
  readonly index: number;
  readonly ingress: DirectionExposure;
  readonly egress: DirectionExposure;
}

export interface Exposure {
  /** The state with the representatives' pods: workloads first (same indexes), then entire-cluster's pod, then one per representative. */
  readonly matrix: Matrix;
  readonly representatives: readonly Representative[];
  /** Rule peers no representative could be made for: their pods' exposure is not shown. */
  readonly unrepresented: readonly string[];
  /** The entire-cluster representative's pod. */
  readonly cluster: Witness;
  /** The workloads with some exposure (or not protected in some direction), in output order. */
  readonly workloads: readonly WorkloadExposure[];
  /** How traffic from outside the cluster reaches workloads: ingress objects, LoadBalancer and NodePort Services. */
  readonly outside: readonly OutsidePath[];
}

/** A label value or namespace name no manifest can hold: label values never hold spaces. */
const FRESH = 'any other value';

function nsKey(ns: RepresentativeNamespaces): string {
  return ns.kind === 'named' ? selectorFromLabels({ [NAMESPACE_NAME_LABEL]: ns.name }).key : ns.selector.key;
}

/** The name a namespace selector pins with its name label alone (`{kubernetes.io/metadata.name: x}`), if it does. */
function pinnedName(selector: Selector): string | undefined {
  const r = selector.requirements;
  if (selector.test || r.length !== 1 || r[0]!.key !== NAMESPACE_NAME_LABEL || r[0]!.operator !== 'In' || r[0]!.values.length !== 1) return undefined;
  return r[0]!.values[0];
}

/** `app=x,{Key:role,Operator:NotIn,Values:[x y],}`: a selector as np-guard quotes it. */
export function writtenText(w: WrittenSelector): string {
  const labels = Object.keys(w.matchLabels)
    .sort()
    .map((k) => `${k}=${w.matchLabels[k]}`)
    .join(',');
  const expressions = w.matchExpressions.map((r) => `{Key:${r.key},Operator:${r.operator},Values:[${r.values.join(' ')}],}`).sort();
  return [...(labels ? [labels] : []), ...expressions].join(',');
}

function nameOf(namespaces: RepresentativeNamespaces, pods: Representative['pods']): string {
  const nsText = namespaces.kind === 'selected' ? (namespaces.text ?? writtenText(namespaces.written)) : '';
  const ns = namespaces.kind === 'named' ? namespaces.name : nsText === '' ? '[all namespaces]' : `[namespace with {${nsText}}]`;
  return `${ns}/${pods ? `[pod with {${pods.text ?? writtenText(pods.written)}}]` : '[all pods]'}`;
}

/** The name of an exposure line's peer: `entire-cluster`, a representative's, or an external range's. */
export function exposurePeerName(peer: ExposurePeer): string {
  switch (peer.kind) {
    case 'cluster':
      return 'entire-cluster';
    case 'representative':
      return peer.representative.name;
    case 'external':
      return formatExternal(peer.range);
  }
}

/** The representative a rule peer names. */
function representativeOf(peer: SelectorPeer): Omit<Representative, 'witness'> {
  let namespaces: RepresentativeNamespaces;
  if ('name' in peer.namespaces) namespaces = { kind: 'named', name: peer.namespaces.name };
  else {
    const pinned = pinnedName(peer.namespaces.selector);
    const written = peer.namespaces.written ?? writtenOf(peer.namespaces.selector);
    const text = peer.namespaces.text;
    namespaces =
      pinned !== undefined && Object.keys(written.matchLabels).length === 1 && written.matchExpressions.length === 0
        ? { kind: 'named', name: pinned }
        : { kind: 'selected', selector: peer.namespaces.selector, written, ...(text !== undefined ? { text } : {}) };
  }
  const p = peer.pods;
  const pods = p && !isMatchAll(p.selector) ? { selector: p.selector, written: p.written ?? writtenOf(p.selector), ...(p.text !== undefined ? { text: p.text } : {}) } : undefined;
  const key = `${nsKey(namespaces)}/${pods?.selector.key ?? ''}`;
  return { key, name: nameOf(namespaces, pods), namespaces, ...(pods ? { pods } : {}) };
}

/**
 * Whether a real pod makes a representative redundant, as np-guard decides:
 * selectors of labels alone on both sides (a namespace and some pod labels)
 * that a pod of the manifests matches.
 */
function heldByManifests(rep: Omit<Representative, 'witness'>, cluster: Cluster): boolean {
  if (!rep.pods) return false;
  const onlyLabels = (w: WrittenSelector) => w.matchExpressions.length === 0 && !writtenIsEmpty(w);
  const nsLabels: Labels = rep.namespaces.kind === 'named' ? { [NAMESPACE_NAME_LABEL]: rep.namespaces.name } : rep.namespaces.written.matchLabels;
  if (rep.namespaces.kind === 'selected' && !onlyLabels(rep.namespaces.written)) return false;
  if (!onlyLabels(rep.pods.written)) return false;
  const nsSel = selectorFromLabels(nsLabels);
  const podSel = selectorFromLabels(rep.pods.written.matchLabels);
  return cluster.workloads.some((w) => {
    const ns = cluster.namespaces.get(w.namespace);
    return ns !== undefined && matches(nsSel, ns.labels) && w.pods.some((p) => matches(podSel, p.labels));
  });
}

/** The exact label spaces of peers; with `once`, each once (manifests repeat the same few selectors many times). */
function exactSpaces(peers: readonly SelectorPeer[], once: boolean): Space[] {
  const seen = new Set<string>();
  const out: Space[] = [];
  for (const p of peers) {
    const s = peerSpace(p);
    if (!s.exact) continue;
    const key = once ? s.reqs.map((r) => `${r.key}\u0000${r.operator}\u0000${r.values.join('\u0000')}`).join('\u0001') : '';
    if (once && seen.has(key)) continue;
    seen.add(key);
    out.push(s.reqs);
  }
  return out;
}

/** Peers, each once (by the representative they make). */
function uniquePeers(peers: readonly SelectorPeer[]): SelectorPeer[] {
  const seen = new Set<string>();
  return peers.filter((p) => {
    const key = representativeOf(p).key;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A peer's requirements in one label space: namespace labels are keyed `n\0key`, pod labels `p\0key`. */
type Space = Requirement[];

function prefixed(prefix: 'n' | 'p', reqs: readonly Requirement[]): Space {
  return reqs.map((r) => ({ ...r, key: `${prefix}\u0000${r.key}` }));
}

function peerSpace(peer: SelectorPeer): { reqs: Space; exact: boolean } {
  const ns = 'name' in peer.namespaces ? { requirements: [{ key: NAMESPACE_NAME_LABEL, operator: 'In' as const, values: [peer.namespaces.name] }] } : peer.namespaces.selector;
  const pods = peer.pods?.selector ?? MATCH_ALL;
  const exact = !('selector' in peer.namespaces && peer.namespaces.selector.test) && !pods.test;
  return { reqs: [...prefixed('n', ns.requirements), ...prefixed('p', pods.requirements)], exact };
}

function holds(r: Requirement, value: string | undefined): boolean {
  switch (r.operator) {
    case 'In':
      return value !== undefined && r.values.includes(value);
    case 'NotIn':
      return value === undefined || !r.values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
  }
}

/**
 * The peers a representative keeps out of, indexed once for all
 * representatives: by key, the values they name, and the candidates of a
 * key no selector of the pod's own constrains; by the value a peer's
 * namespace name must have (an `In` of it), the peers that ask it, and
 * apart those that ask none, each list in the peers' order; and the peers
 * that may pick a pod of a namespace, by what is settled of its labels
 * (see livePeers).
 */
interface Avoid {
  readonly spaces: readonly Space[];
  readonly values: ReadonlyMap<string, ReadonlySet<string>>;
  readonly plain: ReadonlyMap<string, ReadonlyArray<string | undefined>>;
  readonly byName: ReadonlyMap<string, readonly number[]>;
  readonly unnamed: readonly number[];
  readonly inNamespace: Map<string, readonly number[]>;
  readonly live: Map<string, ReadonlyMap<string, readonly number[]>>;
}

/** The key of a namespace's name in a peer's space. */
const NAME_KEY = `n\u0000${NAMESPACE_NAME_LABEL}`;

function avoidOf(spaces: readonly Space[]): Avoid {
  const values = new Map<string, Set<string>>();
  const byName = new Map<string, number[]>();
  const unnamed: number[] = [];
  spaces.forEach((a, i) => {
    for (const r of a) {
      const set = values.get(r.key) ?? new Set<string>();
      r.values.forEach((v) => set.add(v));
      values.set(r.key, set);
    }
    const named = a.find((r) => r.key === NAME_KEY && r.operator === 'In');
    if (!named) unnamed.push(i);
    else {
      for (const v of new Set(named.values)) {
        const list = byName.get(v) ?? [];
        list.push(i);
        byName.set(v, list);
      }
    }
  });
  const plain = new Map([...values].map(([key, set]) => [key, [undefined, FRESH, ...[...set].sort()]] as const));
  return { spaces, values, plain, byName, unnamed, inNamespace: new Map(), live: new Map() };
}

/** Two lists of peers in order, as one in order. */
function merged(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i]! < b[j]!)) out.push(a[i++]!);
    else out.push(b[j++]!);
  }
  return out;
}

/**
 * The peers that may pick the pod as its labels are chosen, by key, each
 * list in the peers' order: those whose requirements on the keys whose
 * value is settled (`settled`: a namespace that exists, a value its own
 * selectors leave alone) hold. The others never pick it, whatever the
 * other keys take: chooseLabels need not count them. Both those a
 * namespace's settled labels leave and the lists are kept for the next pod
 * settled alike (a value no peer names counts as any other such value), and
 * are only read.
 */
function livePeers(avoid: Avoid, settled: ReadonlyMap<string, string | undefined>): ReadonlyMap<string, readonly number[]> {
  const spaces = avoid.spaces;
  const isNamespaceKey = (key: string) => key.charCodeAt(0) === 110; // 'n'
  const dead = (i: number, namespace: boolean) => spaces[i]!.some((r) => isNamespaceKey(r.key) === namespace && settled.has(r.key) && !holds(r, settled.get(r.key)));
  const signature = (namespace: boolean) => {
    const parts: string[] = [];
    for (const [key, v] of settled) {
      if (isNamespaceKey(key) === namespace) parts.push(`${key}\u0001${v === undefined ? '\u0002' : avoid.values.get(key)?.has(v) ? v : '\u0003'}`);
    }
    return parts.sort().join('\u0004');
  };
  const inNamespace = signature(true);
  const whole = `${inNamespace}\u0005${signature(false)}`;
  const known = avoid.live.get(whole);
  if (known) return known;
  let pool = avoid.inNamespace.get(inNamespace);
  if (!pool) {
    let all: readonly number[];
    if (settled.has(NAME_KEY)) {
      const name = settled.get(NAME_KEY);
      all = name === undefined ? avoid.unnamed : merged(avoid.byName.get(name) ?? [], avoid.unnamed);
    } else all = spaces.map((_, i) => i);
    pool = all.filter((i) => !dead(i, true));
    avoid.inNamespace.set(inNamespace, pool);
  }
  const byKey = new Map<string, number[]>();
  for (const i of pool) {
    if (dead(i, false)) continue;
    for (const r of spaces[i]!) {
      const list = byKey.get(r.key);
      if (!list) byKey.set(r.key, [i]);
      else if (list[list.length - 1] !== i) list.push(i);
    }
  }
  avoid.live.set(whole, byKey);
  return byKey;
}

/**
 * The labels of a representative's pod and namespace (keys of one space):
 * its own requirements hold, and as few other peers as can be pick it.
 * `fixed` keys (a namespace that exists) take their value as given.
 * undefined when its own requirements cannot all hold.
 */
function chooseLabels(own: Space, avoidance: Avoid, fixed: ReadonlyMap<string, string | undefined> | undefined, freshNamespace: string | undefined): Map<string, string | undefined> | undefined {
  const avoid = avoidance.spaces;
  const keys = new Set<string>();
  for (const r of own) keys.add(r.key);
  for (const key of avoidance.values.keys()) keys.add(key);
  const choice = new Map<string, string | undefined>();
  const options = new Map<string, Array<string | undefined>>();
  // keys whose value no round below changes: a namespace that exists, or one value left by its own selectors
  const settled = new Map<string, string | undefined>();
  for (const key of keys) {
    if (fixed && key.startsWith('n\u0000')) {
      const v = fixed.get(key);
      if (!own.filter((r) => r.key === key).every((r) => holds(r, v))) return undefined;
      choice.set(key, v);
      settled.set(key, v);
      continue;
    }
    const mine = own.filter((r) => r.key === key);
    let candidates: Array<string | undefined>;
    if (freshNamespace !== undefined && key === `n\u0000${NAMESPACE_NAME_LABEL}`) {
      // a new namespace: its name is its own, unless its selector names it
      const pinned = mine.find((r) => r.operator === 'In');
      candidates = pinned ? [...pinned.values] : [freshNamespace];
    } else {
      const known = avoidance.values.get(key);
      const plain = avoidance.plain.get(key) ?? [undefined, FRESH];
      if (mine.every((r) => r.values.every((v) => known?.has(v)))) candidates = plain as Array<string | undefined>;
      else {
        const values = new Set<string>(known);
        for (const r of mine) r.values.forEach((v) => values.add(v));
        candidates = [undefined, FRESH, ...[...values].sort()];
      }
    }
    // (the candidates of a key its own selectors leave alone are shared, and only read)
    if (mine.length > 0) candidates = candidates.filter((v) => mine.every((r) => holds(r, v)));
    if (candidates.length === 0) return undefined;
    if (candidates.length === 1) settled.set(key, candidates[0]);
    options.set(key, candidates);
    // natural first: a value its selector names, a value of its own where it must have one, else none
    const named = mine.find((r) => r.operator === 'In');
    choice.set(key, named ? candidates.find((v) => v !== undefined && named.values.includes(v)) : mine.some((r) => r.operator === 'Exists') ? (candidates.includes(FRESH) ? FRESH : candidates.find((v) => v !== undefined)) : candidates[0]);
  }
  // then, one label at a time, values that keep it out of more of the other peers
  const byKey = livePeers(avoidance, settled);
  for (let round = 0; round < 4 * keys.size + 4; round++) {
    let best: { key: string; value: string | undefined; gain: number } | undefined;
    for (const [key, candidates] of options) {
      const related = byKey.get(key) ?? [];
      if (related.length === 0) continue;
      // a peer picks the pod with a value of this key where its requirements on the other keys hold (it is live) and those on this key hold for the value
      const onKey = (a: Space, v: string | undefined) => a.every((r) => r.key !== key || holds(r, v));
      const live = related.filter((i) => avoid[i]!.every((r) => r.key === key || holds(r, choice.get(r.key))));
      const old = choice.get(key);
      const current = live.filter((i) => onKey(avoid[i]!, old)).length;
      if (current === 0) continue;
      // how many live peers pick it with each value: those that ask values (In) counted by value, once; the others tried value by value
      const byValue = new Map<string, number>();
      const others: number[] = [];
      for (const i of live) {
        const asks = avoid[i]!.find((r) => r.key === key && r.operator === 'In');
        if (!asks) others.push(i);
        else for (const v of new Set(asks.values)) if (onKey(avoid[i]!, v)) byValue.set(v, (byValue.get(v) ?? 0) + 1);
      }
      for (const v of candidates) {
        if (v === old) continue;
        const after = (v === undefined ? 0 : (byValue.get(v) ?? 0)) + others.filter((i) => onKey(avoid[i]!, v)).length;
        const gain = current - after;
        if (gain > 0 && (!best || gain > best.gain)) best = { key, value: v, gain };
      }
    }
    if (!best) break;
    choice.set(best.key, best.value);
  }
  return choice;
}

function labelsOf(choice: ReadonlyMap<string, string | undefined>, prefix: 'n' | 'p'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of choice) if (value !== undefined && key.startsWith(`${prefix}\u0000`)) out[key.slice(2)] = value;
  return out;
}

/**
 * The pod standing for a representative: undefined when its selectors
 * cannot hold together (a namespace of the manifests they do not pick),
 * `taken` when they pin a namespace the manifests do not hold that another
 * representative already made with other labels (one cluster holds one
 * namespace of a name). `made` holds the namespaces made so far.
 */
function witnessOf(rep: Omit<Representative, 'witness'>, cluster: Cluster, avoid: Avoid, fresh: () => string, made: Map<string, Labels>): Witness | 'taken' | undefined {
  const own: Space = [...(rep.namespaces.kind === 'selected' ? prefixed('n', rep.namespaces.selector.requirements) : []), ...prefixed('p', rep.pods?.selector.requirements ?? [])];
  const namespaceOf = (name: string): Namespace | undefined => cluster.namespaces.get(name) ?? (made.has(name) ? { name, labels: made.get(name)!, declared: false } : undefined);
  let existing: Namespace | undefined;
  if (rep.namespaces.kind === 'named') existing = namespaceOf(rep.namespaces.name) ?? { name: rep.namespaces.name, labels: { [NAMESPACE_NAME_LABEL]: rep.namespaces.name }, declared: false };
  const fixed = existing ? new Map(Object.entries(existing.labels).map(([k, v]) => [`n\u0000${k}`, v] as const)) : undefined;
  const freshName = existing ? undefined : fresh();
  const choice = chooseLabels(own, avoid, fixed, freshName);
  if (!choice) return undefined;
  const labels = labelsOf(choice, 'p');
  const isNew = (name: string) => !cluster.namespaces.has(name);
  if (existing) {
    if (isNew(existing.name)) made.set(existing.name, existing.labels);
    return { namespace: existing.name, newNamespace: isNew(existing.name), namespaceLabels: existing.labels, labels };
  }
  const namespaceLabels = { ...labelsOf(choice, 'n') };
  const name = namespaceLabels[NAMESPACE_NAME_LABEL] ?? freshName!;
  namespaceLabels[NAMESPACE_NAME_LABEL] = name;
  const known = namespaceOf(name);
  if (known) {
    // the selector names a namespace already there: its pod lives there, if its labels fit
    const sel = rep.namespaces.kind === 'selected' ? rep.namespaces.selector : MATCH_ALL;
    if (matches(sel, known.labels, { namespace: name, namespaceLabels: known.labels })) return { namespace: name, newNamespace: isNew(name), namespaceLabels: known.labels, labels };
    // or in another namespace it names (kubernetes.io/metadata.name In [alpha, omega]): one of the manifests whose
    // labels fit, or a new one with the labels chosen
    const names = sel.requirements.find((r) => r.key === NAMESPACE_NAME_LABEL && r.operator === 'In')?.values ?? [];
    for (const other of names) {
      if (other === name) continue;
      const there = namespaceOf(other);
      const otherLabels = there ? there.labels : { ...namespaceLabels, [NAMESPACE_NAME_LABEL]: other };
      if (!matches(sel, otherLabels, { namespace: other, namespaceLabels: otherLabels })) continue;
      if (!there) made.set(other, otherLabels);
      return { namespace: other, newNamespace: isNew(other), namespaceLabels: otherLabels, labels };
    }
    return isNew(name) ? 'taken' : undefined;
  }
  made.set(name, namespaceLabels);
  return { namespace: name, newNamespace: true, namespaceLabels, labels };
}

/** Whether a witness is one of the pods its representative stands for (a selector of another language may need more than its implied labels). */
function fits(rep: Omit<Representative, 'witness'>, w: Witness): boolean {
  const context = { namespace: w.namespace, namespaceLabels: w.namespaceLabels };
  const ns = rep.namespaces.kind === 'named' ? w.namespace === rep.namespaces.name : matches(rep.namespaces.selector, w.namespaceLabels, context);
  return ns && (!rep.pods || matches(rep.pods.selector, w.labels, context));
}

/** At most this many pods placed in the namespaces of the manifests for invariants; past it, pods left unplaced are said to be untried. */
const MAX_PLACED = 3_000;

/** At most this many pods of an extra peer and two other selectors at once; past it, those pods go untried. */
const MAX_COMBINED = 2_000;

/**
 * Whether some pod of some namespace can meet a peer's requirements (as far
 * as those its selectors imply tell): per key, some value (none, one they
 * name, or any other) for which all hold.
 */
function satisfiable(peer: SelectorPeer): boolean {
  const { reqs } = peerSpace(peer);
  const byKey = new Map<string, Requirement[]>();
  for (const r of reqs) {
    const same = byKey.get(r.key);
    if (same) same.push(r);
    else byKey.set(r.key, [r]);
  }
  for (const rs of byKey.values()) {
    const values = [undefined, FRESH, ...rs.flatMap((r) => r.values)];
    if (!values.some((v) => rs.every((r) => holds(r, v)))) return false;
  }
  return true;
}

/**
 * The pods an extra peer and two of `around` pick at once, for each pair
 * of `around` that can be met together with it (a path may need a pod in
 * an admin policy's Pass peer and a NetworkPolicy's peer, in a rule's peer
 * and the selection of the policy that lets its namespace send, or in an
 * Allow's peer and just outside a Deny's before it); undefined past
 * MAX_COMBINED of them.
 */
function combinations(e: SelectorPeer, around: readonly SelectorPeer[]): SelectorPeer[] | undefined {
  const withE = around.map((q) => bothPeers(e, q)).map((b) => (b && satisfiable(b) ? b : undefined));
  const out: SelectorPeer[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < around.length; i++) {
    const a = withE[i];
    if (!a) continue;
    for (let j = i + 1; j < around.length; j++) {
      if (!withE[j]) continue;
      const b = bothPeers(a, around[j]!);
      if (!b || !satisfiable(b)) continue;
      const key = representativeOf(b).key;
      if (seen.has(key)) continue;
      seen.add(key);
      if (out.length === MAX_COMBINED) return undefined;
      out.push(b);
    }
  }
  return out;
}

/** The name of the representative of a peer, as np-guard prints it. */
export function representativeName(peer: SelectorPeer): string {
  return representativeOf(peer).name;
}

/** The peer of the pods both peers pick, or undefined where no namespace can be both a named one and another. */
function bothPeers(a: SelectorPeer, b: SelectorPeer): SelectorPeer | undefined {
  const nsSelector = (p: SelectorPeer): PeerSelector => ('name' in p.namespaces ? { selector: selectorFromLabels({ [NAMESPACE_NAME_LABEL]: p.namespaces.name }) } : p.namespaces);
  if ('name' in a.namespaces && 'name' in b.namespaces && a.namespaces.name !== b.namespaces.name) return undefined;
  const namespaces = 'name' in a.namespaces && 'name' in b.namespaces ? a.namespaces : both(nsSelector(a), nsSelector(b));
  const pods = a.pods && b.pods ? both(a.pods, b.pods) : (a.pods ?? b.pods);
  return { namespaces, ...(pods ? { pods } : {}) };
}

/**
 * Pods just outside the pods a peer picks: for each requirement of its pod
 * selector, those of its namespaces where that requirement fails, and for
 * each requirement of its namespace selector, the pods of namespaces where
 * it fails. Of a selector of another language, the requirements it implies.
 */
function outside(q: SelectorPeer): SelectorPeer[] {
  const out: SelectorPeer[] = [];
  for (const r of q.pods?.selector.requirements ?? []) out.push({ namespaces: q.namespaces, pods: { selector: selectorOfRequirements([negated(r)]) } });
  // a selector of another language (Calico's) implies fewer requirements than it tests: the labels it mentions are tried each way too
  if (q.pods?.selector.test) for (const r of mentioned(q.pods.text)) out.push({ namespaces: q.namespaces, pods: { selector: selectorOfRequirements([r]) } });
  if (!('name' in q.namespaces)) for (const r of q.namespaces.selector.requirements) out.push({ namespaces: { selector: selectorOfRequirements([negated(r)]) } });
  return out;
}

/**
 * The pod labels a selector's text mentions (`key == 'v'`, `key != 'v'`,
 * `has(key)`, `key in {'a', 'b'}`), each as requirements that hold with it
 * and without it (a key present with any value, and absent): the pods to try on either side of what it tests. Labels
 * of namespaces and service accounts (`pcns.`, `pcsa.`) are left out.
 */
function mentioned(text: string | undefined): Requirement[] {
  if (text === undefined) return [];
  const out: Requirement[] = [];
  const key = String.raw`([A-Za-z0-9][A-Za-z0-9_.\/-]*)`;
  const add = (k: string, values: string[]) => {
    if (k.startsWith('pcns.') || k.startsWith('pcsa.')) return;
    out.push({ key: k, operator: 'DoesNotExist', values: [] }, { key: k, operator: 'Exists', values: [] });
    for (const v of values) out.push({ key: k, operator: 'In', values: [v] }, { key: k, operator: 'NotIn', values: [v] });
  };
  for (const m of text.matchAll(new RegExp(String.raw`${key}\s*(?:==|!=)\s*(['"])(.*?)\2`, 'g'))) add(m[1]!, [m[3]!]);
  for (const m of text.matchAll(new RegExp(String.raw`has\(\s*${key}\s*\)`, 'g'))) add(m[1]!, []);
  for (const m of text.matchAll(new RegExp(String.raw`${key}\s+(?:not\s+)?in\s*\{([^}]*)\}`, 'g'))) add(m[1]!, [...m[2]!.matchAll(/(['"])(.*?)\1/g)].map((v) => v[2]!));
  return out;
}

/** Both selectors at once, written as one where both are Kubernetes selectors, else their texts joined. */
function both(a: PeerSelector, b: PeerSelector): PeerSelector {
  const selector = bothSelect(a.selector, b.selector);
  const wa = a.written ?? writtenOf(a.selector);
  const wb = b.written ?? writtenOf(b.selector);
  const expressions = [...wa.matchExpressions, ...wb.matchExpressions];
  const written = { matchLabels: { ...wa.matchLabels, ...wb.matchLabels }, matchExpressions: expressions.filter((r, i) => expressions.findIndex((q) => JSON.stringify(q) === JSON.stringify(r)) === i) };
  const texts = [a.text ?? writtenText(wa), b.text ?? writtenText(wb)].filter((t) => t !== '');
  return { selector, written, ...(a.text !== undefined || b.text !== undefined ? { text: texts.join(' && ') } : {}) };
}

/**
 * The representatives of a cluster's rule peers, in the order the policies
 * name them, and the names of peers no pod could be made for (a selector of
 * another language whose pods the labels it implies do not make).
 *
 * `invariants` (checking invariants on pods present or future): every peer
 * gets its pod even where a workload of the manifests holds its labels (the
 * pods that workload may gain, and new pods with those labels, are not that
 * workload's pairs with itself, which are not listed), and each `extra` peer
 * also gets a pod of the pods it and each rule peer both pick, it and each
 * policy's selection, and it and each such peer or selection with one
 * requirement failing (or a label a Calico selector mentions, each way),
 * and of the pods it and two of those pick at once (combinations), each in a new
 * namespace and in every namespace of the manifests it picks, so that no
 * rule admitting some of its pods goes untried; the policies' selections are
 * kept out of as rule peers are. `unrepresentedExtra` then names, per extra
 * peer, those of its pods no pod could be made for; those that could not be
 * made only because another representative already made their namespace
 * with other labels are in `retry` instead, with the extra peers they stand
 * for, to be made in another cluster. `retry`: representatives of the extra
 * peers alone (such a retry), the peers only kept out of.
 */
export function representatives(
  cluster: Cluster,
  extra: readonly SelectorPeer[] = [],
  mode: RepresentativeMode = 'exposure',
): { representatives: Representative[]; cluster: Witness; unrepresented: string[]; unrepresentedExtra: string[][]; retry: RetryPeer[] } {
  const exhaustive = mode !== 'exposure';
  const first = mode === 'invariants';
  const peers: SelectorPeer[] = [];
  for (const p of cluster.policies) if (p.kind.selectorPeers) for (const peer of p.kind.selectorPeers(p.policy)) peers.push(peer);
  const ruled = peers.length;
  // exhaustive: the pods policies apply to, and those just outside them, are tried too
  const subjects: SelectorPeer[] = [];
  if (exhaustive) for (const p of cluster.policies) if (p.kind.subjectPeers) for (const s of p.kind.subjectPeers(p.policy)) subjects.push(s);
  // exhaustive: each selector once (invariants on a large repository would weigh the same one thousands of times)
  const avoid = avoidOf(exactSpaces([...peers, ...subjects], exhaustive));
  if (mode === 'retry') peers.length = 0;
  // rule peers, subjects, and the pods just outside each (a Deny peer's outside is where an Allow after it decides)
  const around = first ? uniquePeers([...peers.slice(0, ruled).flatMap((q) => [q, ...outside(q)]), ...subjects.flatMap((q) => [q, ...outside(q)])]).filter(satisfiable) : [];
  // the extra peers, and (exhaustive) each with each of those, with the extra peer each stands for
  const origins: Array<number | undefined> = peers.map(() => undefined);
  const unplaced = new Set<number>();
  // namespaced policies make each namespace of the manifests a place of its own: the pods are tried in each that their selectors pick
  const existing = first ? [...cluster.namespaces.values()] : [];
  let placed = 0;
  const untriedCombined = new Set<number>();
  // the peers (by index) that are combinations: their pods, where one is the same pod as another representative's, are left out
  const combinationFrom = new Set<number>();
  extra.forEach((e, k) => {
    const combined = combinations(e, around);
    if (!combined) untriedCombined.add(k);
    const pairs = [e, ...around.flatMap((q) => bothPeers(e, q) ?? [])].map((b) => ({ b, isCombination: false }));
    for (const { b, isCombination } of [...pairs, ...(combined ?? []).map((b) => ({ b, isCombination: true }))]) {
      if (isCombination) combinationFrom.add(peers.length);
      peers.push(b);
      origins.push(k);
      if ('name' in b.namespaces) continue;
      for (const ns of existing) {
        const context = { namespace: ns.name, namespaceLabels: ns.labels };
        if (!matches(b.namespaces.selector, ns.labels, context)) continue;
        if (++placed > MAX_PLACED) {
          unplaced.add(k);
          break;
        }
        if (isCombination) combinationFrom.add(peers.length);
        peers.push({ namespaces: { name: ns.name }, ...(b.pods ? { pods: b.pods } : {}) });
        origins.push(k);
      }
    }
  });
  let n = 0;
  const fresh = () => `new namespace ${++n}`;
  const seen = new Map<string, Set<number>>();
  const out: Representative[] = [];
  const unrepresented: string[] = [];
  const unrepresentedExtra: string[][] = extra.map((e, k) => [
    ...(unplaced.has(k) ? [`${representativeName(e)} in some namespaces of the manifests (more than ${MAX_PLACED} pods to place)`] : []),
    ...(untriedCombined.has(k) ? [`${representativeName(e)} that two of the policies' selectors pick at once (more than ${MAX_COMBINED} such pods to try)`] : []),
  ]);
  const retry: RetryPeer[] = [];
  const made = new Map<string, Labels>();
  const candidates: Array<{ rep: Omit<Representative, 'witness'>; peer: SelectorPeer; combination: boolean }> = [];
  peers.forEach((peer, i) => {
    const rep = representativeOf(peer);
    const origin = origins[i];
    let from = seen.get(rep.key);
    if (!from) {
      from = new Set();
      seen.set(rep.key, from);
      if (exhaustive || !heldByManifests(rep, cluster)) candidates.push({ rep, peer, combination: combinationFrom.has(i) });
    }
    if (origin !== undefined) from.add(origin);
  });
  // namespaces named outright first: a selector that also asks other labels of one the manifests do not hold cannot have it
  const pods = new Set<string>();
  const podKey = (w: Witness) => JSON.stringify([w.namespace, Object.entries(w.namespaceLabels).sort(), Object.entries(w.labels).sort()]);
  for (const pass of ['named', 'selected'] as const) {
    for (const { rep, peer, combination } of candidates) {
      if (rep.namespaces.kind !== pass) continue;
      const witness = witnessOf(rep, cluster, avoid, fresh, made);
      // a combination whose pod another representative already is says nothing more
      if (combination && witness && witness !== 'taken' && fits(rep, witness) && pods.has(podKey(witness))) continue;
      if (witness && witness !== 'taken') pods.add(podKey(witness));
      const from = [...seen.get(rep.key)!];
      if (witness === 'taken' && exhaustive && from.length > 0) retry.push({ peer, from });
      else if (witness === 'taken' || (witness && !fits(rep, witness))) {
        unrepresented.push(rep.name);
        for (const k of from) unrepresentedExtra[k]!.push(rep.name);
      } else if (witness) out.push({ ...rep, witness });
    }
  }
  const whole = witnessOf({ key: '', name: 'entire-cluster', namespaces: { kind: 'selected', selector: MATCH_ALL, written: WRITTEN_MATCH_ALL } }, cluster, avoid, fresh, made) as Witness;
  return { representatives: out, cluster: whole, unrepresented, unrepresentedExtra, retry };
}

/** What representatives are for: exposure, the first cluster of invariants on pods present or future, or a further one (retried peers alone). */
export type RepresentativeMode = 'exposure' | 'invariants' | 'retry';

/** A peer whose pod must be made in another cluster (its namespace was made with other labels), and the extra peers (by index) it stands for. */
export interface RetryPeer {
  readonly peer: SelectorPeer;
  readonly from: readonly number[];
}

/** The cluster with a pod for each witness, in the namespaces they need, named as what it stands for. */
function withWitnesses(cluster: Cluster, witnesses: ReadonlyArray<{ readonly name: string; readonly witness: Witness }>): Cluster {
  const namespaces = new Map(cluster.namespaces);
  const workloads: Workload[] = [...cluster.workloads];
  const ids = new Set(cluster.workloads.map((w) => w.id));
  witnesses.forEach(({ name, witness: w }, i) => {
    if (!namespaces.has(w.namespace)) namespaces.set(w.namespace, { name: w.namespace, labels: w.namespaceLabels, declared: false, chosen: true });
    const id = ids.has(name) ? `${name} (${i})` : name;
    ids.add(id);
    workloads.push({ id, namespace: w.namespace, name: `representative-${i}`, kind: REPRESENTATIVE_KIND, pods: [{ labels: w.labels, ports: [], hostNetwork: false }], source: { file: '', line: 0 } });
  });
  return { ...cluster, namespaces, workloads };
}

export { isRepresentative };

function sameLine(a: { conn: ConnectionSet; names: readonly NamedPortToken[] }, b: { conn: ConnectionSet; names: readonly NamedPortToken[] }): boolean {
  const key = (x: readonly NamedPortToken[]) => x.map((t) => `${t.protocol ?? ''}/${t.name}`).sort().join(',');
  return a.conn.equals(b.conn) && key(a.names) === key(b.names);
}

/**
 * A state with a pod for entire-cluster and one for each representative
 * (of its rules' peers, and of `extra` peers: an invariant's selector of
 * pods present or future), analysed with every policy. Its workloads are
 * the state's (same indexes), then entire-cluster's pod, then one per
 * representative, each named as what it stands for.
 */
export function withRepresentatives(
  matrix: Matrix,
  options: AnalyzeOptions = {},
  extra: readonly SelectorPeer[] = [],
  mode: RepresentativeMode = 'exposure',
): { matrix: Matrix; representatives: Representative[]; cluster: Witness; unrepresented: string[]; unrepresentedExtra: string[][]; retry: RetryPeer[] } {
  const found = representatives(matrix.cluster, extra, mode);
  const augmented = analyze(withWitnesses(matrix.cluster, [{ name: 'entire-cluster', witness: found.cluster }, ...found.representatives]), options);
  return { matrix: augmented, ...found };
}

/**
 * The exposure of every workload of a state: per direction, whether a
 * policy holds it, and the connections with every pod of the cluster,
 * with each representative whose connections differ, and with external
 * ranges (those of the connectivity list).
 */
export function exposure(matrix: Matrix, options: AnalyzeOptions = {}): Exposure {
  const cluster = matrix.cluster;
  const { matrix: augmented, representatives: reps, cluster: whole, unrepresented } = withRepresentatives(matrix, options);
  const real = cluster.workloads.length;
  const wholeEnd = real;
  const external = new Map<number, { ingress: ExposureLine[]; egress: ExposureLine[] }>();
  for (const c of matrix.connections()) {
    const ext = c.src.kind === 'external' ? c.src : c.dst.kind === 'external' ? c.dst : undefined;
    const w = c.src.kind === 'workload' ? c.src : c.dst.kind === 'workload' ? c.dst : undefined;
    if (!ext || !w || ext.kind !== 'external' || w.kind !== 'workload') continue;
    const entry = external.get(w.index) ?? { ingress: [], egress: [] };
    (ext === c.src ? entry.ingress : entry.egress).push({ peer: { kind: 'external', range: ext.range }, conn: c.conn, names: [] });
    external.set(w.index, entry);
  }
  const out: WorkloadExposure[] = [];
  cluster.workloads.forEach((workload, i) => {
    const side = (direction: Direction): { protected: boolean; lines: ExposureLine[]; shown: boolean } => {
      const held = matrix.isolation(i, direction).holders.length > 0;
      // what the workload's own policies admit: the exposure is its own, whatever a peer's policies say
      const between = (peer: number): { conn: ConnectionSet; names: readonly NamedPortToken[] } => ({
        conn: augmented.admits(i, peer, direction),
        names: direction === 'egress' ? augmented.potentialNames(i, peer) : [],
      });
      const lines: ExposureLine[] = [];
      if (!held) {
        lines.push({ peer: { kind: 'cluster' }, conn: ConnectionSet.ALL, names: [] });
      } else {
        const all = between(wholeEnd);
        const exposed = !all.conn.isEmpty() || all.names.length > 0;
        if (exposed) lines.push({ peer: { kind: 'cluster' }, ...all });
        reps.forEach((representative, r) => {
          const got = between(real + 1 + r);
          const empty = got.conn.isEmpty() && got.names.length === 0;
          if ((exposed && sameLine(got, all)) || (!exposed && empty)) return;
          lines.push({ peer: { kind: 'representative', representative }, ...got });
        });
      }
      const shown = lines.length > 0;
      lines.push(...(external.get(i)?.[direction] ?? []));
      return { protected: held, lines, shown };
    };
    const ingress = side('ingress');
    const egress = side('egress');
    if (!ingress.shown && !egress.shown) return;
    out.push({ workload, index: i, ingress: { protected: ingress.protected, lines: ingress.lines }, egress: { protected: egress.protected, lines: egress.lines } });
  });
  return { matrix: augmented, representatives: reps, unrepresented, cluster: whole, workloads: out, outside: outsidePaths(matrix) };
}

/** The index, in the exposure's matrix, of the pod standing for a peer (entire-cluster or a representative). */
export function peerIndex(exposure: Exposure, peer: ExposurePeer): number | undefined {
  const real = exposure.matrix.cluster.workloads.length - exposure.representatives.length - 1;
  if (peer.kind === 'cluster') return real;
  if (peer.kind === 'representative') {
    const r = exposure.representatives.indexOf(peer.representative);
    return r < 0 ? undefined : real + 1 + r;
  }
  return undefined;
}

/** The rules of a workload's own side that decide its exposure line with a peer: `evaluate`'s decisions, for explanations. */
export function exposureDecisions(exposure: Exposure, workload: number, direction: Direction, peer: ExposurePeer): readonly Decision[] {
  const m = exposure.matrix;
  const index = peerIndex(exposure, peer);
  const self = m.workloadEndpoint(workload)!;
  const other = index !== undefined ? m.workloadEndpoint(index)! : peer.kind === 'external' ? m.externalEndpoint(peer.range) : undefined;
  if (!other) return [];
  const x = direction === 'ingress' ? m.explain(other, self) : m.explain(self, other);
  return direction === 'ingress' ? x.ingress.decisions : x.egress.decisions;
}

/** `TCP 80,http`, ` local-port` (a name of any protocol), `All Connections`, as np-guard prints connections with port names. */
export function exposureConnText(conn: ConnectionSet, names: readonly NamedPortToken[]): string {
  if (names.length === 0 || conn.isAll()) return conn.toString();
  const parts = new Map<string, string[]>();
  for (const p of ['SCTP', 'TCP', 'UDP'] as const) {
    const text = conn.isEmpty() ? '' : ConnectionSet.of({ [p]: conn.get(p) }).toString();
    if (text !== '' && text !== 'No Connections') parts.set(p, [text.slice(p.length + 1)]);
  }
  const byProtocol = new Map<string, string[]>();
  for (const t of names) {
    const k: Protocol | '' = t.protocol ?? '';
    byProtocol.set(k, [...(byProtocol.get(k) ?? []), t.name]);
  }
  const items: string[] = [];
  for (const k of new Set([...parts.keys(), ...byProtocol.keys()])) {
    const ports = [...(parts.get(k) ?? []), ...(byProtocol.get(k) ?? []).sort()];
    items.push(`${k} ${ports.join(',')}`);
  }
  return items.sort().join(',');
}
