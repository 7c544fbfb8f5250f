import { ConnectionSet } from '../model/connections.js';
import type { AddressSet } from '../model/addresses.js';
import * as addr from '../model/addresses.js';
import type { ExternalRange } from '../model/ipranges.js';
import { hostCidr, sloppyCidr } from '../model/ipranges.js';
import type { Endpoint, Matrix, PairExplanation } from '../engine/matrix.js';
import type { Labels, Namespace, Workload } from '../model/cluster.js';
import { BUILT_IN_NAMESPACES, CONTROLLER_POD_LABELS, labelsKnown, mayPickByName, NAMESPACE_NAME_LABEL } from '../model/cluster.js';
import type { Direction } from '../engine/rules.js';
import type { Selector } from '../model/selectors.js';
import type { Requirement } from '../model/selectors.js';
import { matches, negated, selectorOfRequirements } from '../model/selectors.js';
import { servicePodPorts } from '../engine/outside.js';
import type { IngressRoute, Service } from '../model/services.js';
import { podPorts, routeObject, servicePicks } from '../model/services.js';
import type { AnalyzeOptions } from '../engine/analyze.js';
import { analyze } from '../engine/analyze.js';
import { isRepresentative, representativeName, withRepresentatives } from '../engine/exposure.js';
import { INGRESS_CONTROLLER_ID, isPlaceholderController } from '../engine/ingress.js';
import type { IngressControllerOptions } from '../engine/ingress.js';
import type { SelectorPeer } from '../policy/kind.js';
import type { NotAnalysedEffect } from '../input/cluster.js';
import { MATCH_ALL } from '../model/selectors.js';

/**
 * Picks endpoints of a state. Workload fields (namespace, namespaceLabels,
 * workload, kind, labels) must all match; `cidr` picks external addresses
 * instead and may not be combined with them.
 */
export interface EndpointSelector {
  readonly text: string;
  readonly line: number;
  readonly namespace?: string;
  readonly namespaceLabels?: Selector;
  readonly workload?: string;
  readonly kind?: string;
  readonly labels?: Selector;
  readonly cidr?: { readonly text: string; readonly addresses: AddressSet };
  /**
   * Pods present or future: the workloads it matches, and every pod the
   * manifests do not hold that its labels would pick (exposure
   * representatives of the rules' peers, and one of its own).
   */
  readonly anyNamespace?: true;
  /** `internet`: every external address and the ingress controller (traffic from outside the cluster). */
  readonly internet?: true;
}

interface InvariantBase {
  readonly name: string;
  readonly line: number;
  /** Targets the invariant applies to; undefined means all. */
  readonly targets?: readonly string[];
}

export type Invariant =
  | (InvariantBase & { readonly kind: 'never' | 'always'; readonly from: readonly EndpointSelector[]; readonly to: readonly EndpointSelector[]; readonly ports: ConnectionSet })
  | (InvariantBase & {
      readonly kind: 'only';
      /** `to`: only `allowed` may reach `subject`; `from`: `subject` may reach only `allowed`. */
      readonly side: 'to' | 'from';
      readonly subject: readonly EndpointSelector[];
      readonly allowed: readonly EndpointSelector[];
      readonly ports: ConnectionSet;
    })
  | (InvariantBase & { readonly kind: 'isolated'; readonly workloads: readonly EndpointSelector[]; readonly direction: 'ingress' | 'egress' | 'both' });

/** A concrete pair (or workload) that breaks an invariant. */
export type Witness =
  | {
      readonly kind: 'pair';
      readonly src: string;
      readonly dst: string;
      /** Offending connections (never, only), or missing ones (always). */
      readonly ports: ConnectionSet;
      readonly explanation?: PairExplanation;
    }
  | { readonly kind: 'workload'; readonly workload: string; readonly direction: Direction; readonly message: string; readonly file: string; readonly line: number }
  /** An object read but not analysed that could break the invariant (`AuthorizationPolicy shop/deny`), where it is. */
  | { readonly kind: 'object'; readonly object: string; readonly message: string; readonly file: string; readonly line: number; readonly digest?: string };

export type StateStatus = 'holds' | 'violated' | 'unmatched';

export interface InvariantState {
  readonly status: StateStatus;
  /** Selectors that match nothing in this state. */
  readonly unmatched: readonly EndpointSelector[];
  /** What is doubtful about its selectors though it decides nothing: namespace labels of pods present or future that appear nowhere in the state. */
  readonly warnings: readonly { readonly selector: EndpointSelector; readonly message: string }[];
  /** The first witnesses (at most MAX_WITNESSES). */
  readonly witnesses: readonly Witness[];
  readonly witnessCount: number;
  /** Of every witness, the first MAX_WITNESSES or not: see Evidence. Undefined where only the witnesses listed are known. */
  readonly evidence?: Evidence;
}

/**
 * What a state's witnesses hold beyond the first MAX_WITNESSES kept: how
 * many are pairs, each pair with its connections (by its ends' names:
 * see PairEvidence), and the keys of the others (what went untried,
 * objects not analysed), so that a change is told apart from its base
 * however many witnesses either has. `paired` and `doubts` are undefined
 * past MAX_EVIDENCE_KEYS of them.
 */
export interface Evidence {
  readonly pairs: number;
  readonly paired?: ReadonlyMap<string, PairEvidence> | undefined;
  readonly doubts: ReadonlySet<string> | undefined;
}

/**
 * A pair witness as evidence: its connections (all of those witnesses of
 * the pair hold), and the addresses of an end outside the cluster, since
 * two states cut the address space into other ranges, so that the same
 * addresses are told apart from new ones whatever the ranges' names.
 * `ends` names the workloads, an external end as `*`.
 */
export interface PairEvidence {
  readonly ends: string;
  readonly src?: AddressSet;
  readonly dst?: AddressSet;
  readonly ports: ConnectionSet;
}

/** At most this many keys of pairs, and of untried witnesses, are kept per state of an invariant (see Evidence). */
const MAX_EVIDENCE_KEYS = 100_000;

export type InvariantStatus = 'holds' | 'violated' | 'unmatched' | 'newly violated' | 'still violated' | 'fixed';

export interface InvariantResult {
  readonly invariant: Invariant;
  readonly status: InvariantStatus;
  readonly base?: InvariantState;
  readonly head: InvariantState;
  /** In a diff: the witnesses head lists that base did not have (see addsTo), listed first. */
  readonly added?: ReadonlySet<Witness>;
}

export const MAX_WITNESSES = 1000;
/** Witnesses that get a full explanation; the rest are listed. */
export const MAX_EXPLAINED = 50;

function globRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}

const globCache = new Map<string, RegExp>();
function globMatch(glob: string, text: string): boolean {
  let re = globCache.get(glob);
  if (!re) {
    re = globRegExp(glob);
    globCache.set(glob, re);
  }
  return re.test(text);
}

export function selectsWorkload(sel: EndpointSelector, w: Workload, namespaces: ReadonlyMap<string, Namespace>): boolean {
  if (w.id === INGRESS_CONTROLLER_ID) return sel.internet === true;
  // pods the manifests do not hold: only for a selector of pods present or future
  if (isRepresentative(w) && !sel.anyNamespace) return false;
  return selectsPods(sel, w, w.pods.map((p) => p.labels), namespaces);
}

/** Whether a selector picks pods of a workload (namespace, name and kind) with one of these label sets; a CIDR selector (the internet's too) picks none. */
function selectsPods(sel: EndpointSelector, w: Pick<Workload, 'namespace' | 'name' | 'kind'>, labels: readonly Labels[], namespaces: ReadonlyMap<string, Namespace>): boolean {
  if (sel.cidr) return false;
  if (sel.namespace !== undefined && !globMatch(sel.namespace, w.namespace)) return false;
  if (sel.workload !== undefined && !globMatch(sel.workload, `${w.namespace}/${w.name}`)) return false;
  if (sel.kind !== undefined && sel.kind !== w.kind) return false;
  // a namespace the manifests do not declare has its name label only
  if (sel.namespaceLabels && !matches(sel.namespaceLabels, namespaces.get(w.namespace)?.labels ?? { [NAMESPACE_NAME_LABEL]: w.namespace })) return false;
  return !sel.labels || labels.some((l) => matches(sel.labels!, l));
}

/**
 * Whether a selector's labels pick a workload by the labels of the object
 * itself (its metadata.labels, as `kubectl get deployments -l` reads them)
 * and not by its pods' (which policies select, and the selector reads):
 * the object carries a label it asks for (In, Exists), they match, and
 * none of its pods' label sets does.
 */
function labelledOnObject(sel: EndpointSelector, w: Workload, namespaces: ReadonlyMap<string, Namespace>): boolean {
  const own = w.labels;
  if (!own || !sel.labels || sel.cidr || isRepresentative(w) || w.id === INGRESS_CONTROLLER_ID) return false;
  if (!sel.labels.requirements.some((r) => (r.operator === 'In' || r.operator === 'Exists') && Object.hasOwn(own, r.key))) return false;
  return selectsPods(sel, w, [own], namespaces) && !selectsPods(sel, w, w.pods.map((p) => p.labels), namespaces);
}

/**
 * The ingress controller the config declares, where a selector of pods
 * picks it: its pods run in the namespace the config names, with the labels
 * it gives (the namespace's labels as the policies see them), so a selector
 * by `namespace`, `namespaceLabels` and `labels` (none of `workload`,
 * `kind`: it is no workload of the manifests) that matches those picks it,
 * as the source of the traffic it carries from outside. The stand-in placed
 * where nothing says it runs is picked by `internet` only.
 */
function picksController(sel: EndpointSelector, m: Matrix): number | undefined {
  const controller = m.ingressController();
  if (controller?.kind !== 'workload' || isPlaceholderController(controller.workload)) return undefined;
  const w = controller.workload;
  // its namespace's labels as the analysis has them (the config's where the manifests do not declare it)
  const inNamespace = (s: Selector) => m.selectNamespaces(s).includes(w.namespace);
  return picksControllerPods(sel, w.namespace, w.pods[0]?.labels ?? {}, inNamespace) ? controller.index : undefined;
}

/**
 * The namespaces neither the manifests nor the config declare (only
 * referenced) whose labels a selector's namespaceLabels reads beside their
 * name's, where the rest of it picks some of their pods: the cluster's
 * namespace may carry those labels or not, so whether the pods are the
 * selector's is not known.
 */
function undecidedNamespaces(sel: EndpointSelector, m: Matrix): string[] {
  const labels = sel.namespaceLabels;
  if (!labels || !labels.requirements.some((q) => q.key !== NAMESPACE_NAME_LABEL)) return [];
  const out = new Set<string>();
  for (const w of m.cluster.workloads) {
    if (out.has(w.namespace) || isRepresentative(w) || w.id === INGRESS_CONTROLLER_ID) continue;
    if (labelsKnown(m.cluster.namespaces.get(w.namespace)) || !mayPickByName(labels, w.namespace)) continue;
    // the rest of the selector, the namespace labels aside, picks its pods
    if (selectsPods({ ...sel, namespaceLabels: undefined }, w, w.pods.map((p) => p.labels), m.cluster.namespaces)) out.add(w.namespace);
  }
  return [...out].sort();
}

function overlaps(range: ExternalRange, set: AddressSet): boolean {
  return addr.overlaps(addr.ofRange(range), set);
}

/** Workloads an invariant speaks of, by index. */
interface Targets {
  readonly workloads: ReadonlySet<number>;
}

/** For an invariant whose sources are outside ranges: the outside sources whose paths are witnesses, those it picks (every one, for the internet). */
function outsideWitness(sels: readonly EndpointSelector[], picked: Picked): (source: Endpoint) => boolean {
  return sels.some((sel) => sel.internet) ? () => true : (source) => picked.covers(source);
}

/** The endpoints a list of selectors picks, for one role (source or destination). */
class Picked {
  readonly workloads = new Set<number>();
  readonly addresses: AddressSet;
  readonly unmatched: EndpointSelector[] = [];

  /**
   * `clients`: the selectors pick the sources of paths, so their outside
   * addresses take the ingress controller in too (an Ingress or a Gateway
   * serves any client address): for a CIDR as for the internet. An only
   * invariant's allowed list does not: the controller carries every client.
   * `sources`: the selectors pick sources of paths (or, for isolated, the
   * workloads whose isolation is asked), so that those of pods take in the
   * ingress controller the config declares where they match it
   * (picksController). `objects`: they also pick the workloads whose own
   * labels, not their pods', they match (labelledOnObject), which is the
   * stricter reading everywhere but in an only invariant's list; such a
   * workload alone does not keep a selector from being unmatched.
   */
  constructor(m: Matrix, sels: readonly EndpointSelector[], clients = false, sources = clients, objects = true) {
    let addresses = addr.NONE;
    for (const sel of sels) {
      if (sel.internet || (clients && sel.cidr)) {
        const controller = m.ingressController();
        if (controller?.kind === 'workload') this.workloads.add(controller.index);
      }
      if (sel.cidr) {
        // a CIDR of a family the state is not analysed for picks nothing
        if (!addr.overlaps(sel.cidr.addresses, m.addressSpace)) this.unmatched.push(sel);
        addresses = addr.union(addresses, sel.cidr.addresses);
        continue;
      }
      let n = 0;
      m.workloads.forEach((w, i) => {
        if (selectsWorkload(sel, w, m.cluster.namespaces)) {
          this.workloads.add(i);
          n++;
        } else if (objects && labelledOnObject(sel, w, m.cluster.namespaces)) this.workloads.add(i);
      });
      const controller = sources ? picksController(sel, m) : undefined;
      if (controller !== undefined) {
        this.workloads.add(controller);
        n++;
      }
      // pods present or future always match: a representative of the selector's own is among them
      if (n === 0 && !sel.anyNamespace) this.unmatched.push(sel);
    }
    this.addresses = addresses;
  }

  /** True when the endpoint lies wholly inside the picked set. */
  covers(e: Endpoint): boolean {
    return e.kind === 'workload' ? this.workloads.has(e.index) : addr.covers(this.addresses, addr.ofRange(e.range));
  }

  /** The parts of an endpoint inside the picked set: the workload itself, or sub-ranges of an external range. */
  inside(m: Matrix, e: Endpoint): Endpoint[] {
    if (e.kind === 'workload') return this.workloads.has(e.index) ? [e] : [];
    return pieces(m, addr.intersect(addr.ofRange(e.range), this.addresses));
  }

  /** The parts of an endpoint outside the picked set. */
  outside(m: Matrix, e: Endpoint): Endpoint[] {
    if (e.kind === 'workload') return this.workloads.has(e.index) ? [] : [e];
    return pieces(m, addr.subtract(addr.ofRange(e.range), this.addresses));
  }

  endpoints(m: Matrix, ranges: readonly ExternalRange[]): Endpoint[] {
    const out: Endpoint[] = [...this.workloads].sort((a, b) => a - b).map((i) => m.workloadEndpoint(i)!);
    for (const r of ranges) if (overlaps(r, this.addresses)) out.push(m.externalEndpoint(r));
    return out;
  }
}

function pieces(m: Matrix, set: AddressSet): Endpoint[] {
  return addr.ranges(set).map((r) => m.externalEndpoint(r));
}

class Collector {
  readonly witnesses: Witness[] = [];
  count = 0;
  /** Pairs counted, kept as witnesses or not. */
  pairs = 0;
  /** Pairs with a pod the manifests do not hold (a representative's), listed after those of the manifests' own workloads. */
  readonly future = new WeakSet<Witness>();
  /** Keys of the untried witnesses counted (witnessKey), until there are too many to keep: then undefined. */
  doubts: Set<string> | undefined = new Set();
  /** The pairs counted, by their ends' names (pairKey), until there are too many to keep: then undefined. */
  paired: Map<string, PairEvidence> | undefined = new Map();
  /** Where a pair counts: only with an endpoint it keeps (a later cluster's own representatives); every pair when undefined. */
  private keep: ((e: Endpoint) => boolean) | undefined;

  constructor(
    private m: Matrix,
    /** The config file, where a witness points at an invariant. */
    readonly file = '',
    /** The invariant's line there. */
    private readonly line = 0,
  ) {}

  /** Collects from another matrix from now on, keeping only the pairs (and workloads) `keep` keeps. */
  switchTo(m: Matrix, keep?: (e: Endpoint) => boolean): void {
    this.m = m;
    this.keep = keep;
  }

  /** Whether a pair counts in the matrix collected from. */
  counts(src: Endpoint, dst: Endpoint): boolean {
    return !this.keep || this.keep(src) || this.keep(dst);
  }

  pair(src: Endpoint, dst: Endpoint, ports: ConnectionSet): void {
    if (!this.counts(src, dst)) return;
    this.count++;
    this.pairs++;
    if (this.paired) {
      const key = pairKey(src.name, dst.name);
      const had = this.paired.get(key);
      const range = (e: Endpoint) => (e.kind === 'external' ? addr.ofRange(e.range) : undefined);
      const ends = `${src.kind === 'external' ? '*' : src.name}\u0000${dst.kind === 'external' ? '*' : dst.name}`;
      this.paired.set(key, { ends, src: range(src), dst: range(dst), ports: had ? had.ports.union(ports) : ports });
      if (this.paired.size > MAX_EVIDENCE_KEYS) this.paired = undefined;
    }
    if (this.witnesses.length >= MAX_WITNESSES) return;
    // a workload's pair with itself (two of its pods) is not a pair explain() reads: its rows leave it out
    const explained = this.witnesses.length < MAX_EXPLAINED && !same(src, dst);
    const w: Witness = { kind: 'pair', src: src.name, dst: dst.name, ports, ...(explained ? { explanation: this.m.explain(src, dst) } : {}) };
    if (this.madeUp(src) || this.madeUp(dst)) this.future.add(w);
    this.witnesses.push(w);
  }

  private madeUp(e: Endpoint): boolean {
    return e.kind === 'workload' && isRepresentative(this.m.workloads[e.index]!);
  }

  workload(index: number, direction: Direction, message: string): void {
    const endpoint = this.m.workloadEndpoint(index);
    if (this.keep && (!endpoint || !this.keep(endpoint))) return;
    const w = this.m.workloads[index]!;
    // the ingress controller the config declares is no object of the manifests: the witness points at the invariant
    if (w.source.file === '') this.untried(w.id, direction, message, this.file, this.line);
    else this.untried(w.id, direction, message, w.source.file, w.source.line);
  }

  untried(name: string, direction: Direction, message: string, file: string, line: number): void {
    this.doubt({ kind: 'workload', workload: name, direction, message, file, line });
  }

  notAnalysed(object: string, message: string, file: string, line: number, digest?: string): void {
    this.doubt({ kind: 'object', object, message, file, line, ...(digest !== undefined ? { digest } : {}) });
  }

  private doubt(w: Witness): void {
    this.count++;
    if (this.doubts) {
      this.doubts.add(witnessKey(w));
      if (this.doubts.size > MAX_EVIDENCE_KEYS) this.doubts = undefined;
    }
    if (this.witnesses.length < MAX_WITNESSES) this.witnesses.push(w);
  }
}

function same(a: Endpoint, b: Endpoint): boolean {
  return a.kind === 'workload' && b.kind === 'workload' && a.index === b.index;
}

function selectorsOf(inv: Invariant): readonly EndpointSelector[] {
  return inv.kind === 'isolated' ? inv.workloads : inv.kind === 'only' ? [...inv.subject, ...inv.allowed] : [...inv.from, ...inv.to];
}

/**
 * What pods present or future stand for: an invariant's selector of them,
 * or an only invariant's open side (the pods outside its list, as sources
 * where `to` is a mapping, as destinations where `from` is).
 */
type FutureOwner = EndpointSelector | Invariant;

/** The pods the invariants' selectors of pods present or future and only invariants' open sides stand for (their labels in any namespace with their namespace labels), with what each stands for. */
function futurePeers(invariants: readonly Invariant[], m: Matrix): { peers: SelectorPeer[]; owners: FutureOwner[]; unopened: Array<{ inv: Invariant; why: string }> } {
  const peers: SelectorPeer[] = [];
  const owners: FutureOwner[] = [];
  const unopened: Array<{ inv: Invariant; why: string }> = [];
  for (const inv of invariants) {
    for (const sel of selectorsOf(inv)) {
      if (!sel.anyNamespace) continue;
      peers.push({ namespaces: { selector: sel.namespaceLabels ?? MATCH_ALL }, ...(sel.labels ? { pods: { selector: sel.labels } } : {}) });
      owners.push(sel);
    }
    if (inv.kind !== 'only') continue;
    const open = openPeers(inv.allowed, m);
    if (typeof open === 'string') unopened.push({ inv, why: open });
    for (const peer of typeof open === 'string' ? [] : open) {
      peers.push(peer);
      owners.push(inv);
    }
  }
  return { peers, owners, unopened };
}

/** At most this many selectors of the pods outside an only invariant's list; past it they go untried and it fails closed. */
const MAX_OPEN_PEERS = 64;

/** Pods by requirements on their namespace's labels and on their own, all of which hold. */
interface Term {
  readonly namespaces: readonly Requirement[];
  readonly pods: readonly Requirement[];
}

const requirementKey = (r: Requirement) => `${r.key}\u0000${r.operator}\u0000${r.values.join('\u0000')}`;

/**
 * The pods of one term of `a` and one of `b` (each pod set of the result
 * is of both), less the terms another of them already holds (those asking
 * all it asks and more); undefined past MAX_OPEN_PEERS terms.
 */
function bothTerms(a: readonly Term[], b: readonly Term[]): Term[] | undefined {
  const merged: Array<{ term: Term; keys: Set<string> }> = [];
  for (const x of a) {
    for (const y of b) {
      const ns = new Map([...x.namespaces, ...y.namespaces].map((r) => [requirementKey(r), r] as const));
      const pods = new Map([...x.pods, ...y.pods].map((r) => [requirementKey(r), r] as const));
      const keys = new Set([...[...ns.keys()].map((k) => `n${k}`), ...[...pods.keys()].map((k) => `p${k}`)]);
      merged.push({ term: { namespaces: [...ns.values()], pods: [...pods.values()] }, keys });
    }
  }
  // fewest requirements first: a term asking a superset of another's requirements picks a subset of its pods
  merged.sort((x, y) => x.keys.size - y.keys.size);
  const kept: typeof merged = [];
  for (const m of merged) {
    if (kept.some((k) => [...k.keys].every((key) => m.keys.has(key)))) continue;
    kept.push(m);
    if (kept.length > MAX_OPEN_PEERS) return undefined;
  }
  return kept.map((k) => k.term);
}

/** The pod label sets of the manifests' workloads a `workload` entry of an only invariant's list names, with their namespaces (its kind aside, its other fields as it asks). */
function listedTemplates(sel: EndpointSelector, m: Matrix): Array<{ namespace: string; labels: Labels }> {
  const out = new Map<string, { namespace: string; labels: Labels }>();
  for (const w of m.workloads) {
    if (isRepresentative(w) || w.id === INGRESS_CONTROLLER_ID) continue;
    if (!globMatch(sel.workload!, `${w.namespace}/${w.name}`) || (sel.kind !== undefined && sel.kind !== w.kind)) continue;
    for (const p of w.pods) {
      const key = JSON.stringify([w.namespace, Object.entries(p.labels).sort()]);
      if (!out.has(key)) out.set(key, { namespace: w.namespace, labels: p.labels });
    }
  }
  return [...out.values()];
}

/**
 * The pods outside an only invariant's list as terms whose union they
 * are (see listedPod for the pods each entry picks): a pod outside every
 * entry fails each, so one term per choice of a way of failing from each
 * entry. An entry fails where a requirement of its labels, its namespace
 * labels, or the name its namespace glob asks fails; a `workload` entry
 * also where, for every workload it names, the pod's namespace is another,
 * one of the labels of that workload's pods is missing, or it carries
 * them and a label of a key a policy's selector of pods reads besides
 * (see podKeysRead; where those keys are not known, the pods outside go
 * untried). An entry of
 * outside addresses, or of `kind` alone, picks no pod the manifests do not
 * hold; one that asks nothing picks every pod, and none is outside. A
 * namespace glob with wildcards fails in namespaces no requirement names:
 * that way asks nothing, and the pods made are judged by listedPod.
 * Why they go untried, past MAX_OPEN_PEERS terms.
 */
function openPeers(allowed: readonly EndpointSelector[], m: Matrix): SelectorPeer[] | string {
  const tooMany = `its entries leave more than ${MAX_OPEN_PEERS} kinds of pods outside it`;
  let choices: Term[] | undefined = [{ namespaces: [], pods: [] }];
  for (const sel of allowed) {
    if (sel.cidr || sel.internet || (sel.workload === undefined && sel.kind !== undefined)) continue;
    const ways: Term[] = [
      ...(sel.labels?.requirements ?? []).map((r) => ({ namespaces: [], pods: [negated(r)] })),
      ...(sel.namespaceLabels?.requirements ?? []).map((r) => ({ namespaces: [negated(r)], pods: [] })),
    ];
    if (sel.namespace !== undefined && !/^\**$/.test(sel.namespace)) {
      ways.push({ namespaces: /[*?]/.test(sel.namespace) ? [] : [{ key: NAMESPACE_NAME_LABEL, operator: 'NotIn', values: [sel.namespace] }], pods: [] });
    }
    if (sel.workload !== undefined) {
      // outside each workload it names: another namespace, or a label of its pods missing
      // or all of them and a key a selector reads besides: policies can tell such a pod apart
      let none: Term[] | undefined = [{ namespaces: [], pods: [] }];
      const templates = listedTemplates(sel, m);
      const read = templates.length > 0 ? podKeysRead(m) : new Set<string>();
      if (read === undefined) return UNREAD_KEYS;
      for (const t of templates) {
        const own: Requirement[] = Object.entries(t.labels).map(([key, value]) => ({ key, operator: 'In', values: [value] }));
        const outside: Term[] = [
          { namespaces: [{ key: NAMESPACE_NAME_LABEL, operator: 'NotIn', values: [t.namespace] }], pods: [] },
          ...Object.entries(t.labels).map(([key, value]) => ({ namespaces: [], pods: [{ key, operator: 'NotIn' as const, values: [value] }] })),
          ...[...read]
            .filter((key) => !Object.hasOwn(t.labels, key))
            .map((key) => ({ namespaces: [{ key: NAMESPACE_NAME_LABEL, operator: 'In' as const, values: [t.namespace] }], pods: [...own, { key, operator: 'Exists' as const, values: [] }] })),
        ];
        none = bothTerms(none, outside);
        if (none === undefined) return tooMany;
      }
      ways.push(...none);
    }
    if (ways.length === 0) return [];
    choices = bothTerms(choices, ways);
    if (choices === undefined) return tooMany;
  }
  return choices.map((c) => ({ namespaces: { selector: selectorOfRequirements(c.namespaces) }, ...(c.pods.length > 0 ? { pods: { selector: selectorOfRequirements(c.pods) } } : {}) }));
}

/** Why the pods outside a list with a `workload` entry go untried where podKeysRead cannot tell the keys. */
const UNREAD_KEYS = "a policy's selector of pods reads label keys reachdiff cannot list (an expression of another language), so which pods it tells apart from those of the workloads the list names is not known";

const keysRead = new WeakMap<Matrix, ReadonlySet<string> | null>();

/**
 * The pod label keys the selectors of pods of the state's policies read,
 * peers and subjects (a key with a source, Cilium's `k8s:app`, as the
 * label it reads, app; a selector of namespaces under which a pod's own
 * prefixed labels stand, as those): a pod carrying a label of another key
 * besides a workload's labels is that workload's pod to every policy.
 * Undefined where a selector's keys are not known: a test of another
 * language that does not say which it reads.
 */
function podKeysRead(m: Matrix): ReadonlySet<string> | undefined {
  const known = keysRead.get(m);
  if (known !== undefined) return known ?? undefined;
  const keys = new Set<string>();
  const add = (key: string) => {
    keys.add(key);
    const colon = key.indexOf(':');
    if (colon >= 0) keys.add(key.slice(colon + 1));
  };
  let unknown = false;
  for (const p of m.cluster.policies) {
    if (!p.kind.selectorPeers || !p.kind.subjectPeers) unknown = true;
  }
  for (const peer of unknown ? [] : policyPeers(m)) {
    const pods = peer.pods?.selector;
    if (pods) {
      if (pods.test && !pods.reads) unknown = true;
      for (const key of [...pods.requirements.map((r) => r.key), ...(pods.reads ?? [])]) add(key);
    }
    const ns = 'selector' in peer.namespaces ? peer.namespaces.selector : undefined;
    if (ns?.ownPrefix !== undefined) {
      if (ns.test && !ns.reads) unknown = true;
      for (const key of [...ns.requirements.map((r) => r.key), ...(ns.reads ?? [])]) add(ns.ownPrefix + key);
      keys.add(`${ns.ownPrefix}projectcalico.org/name`);
    }
  }
  keysRead.set(m, unknown ? null : keys);
  return unknown ? undefined : keys;
}

/** Whether policies cannot tell a pod of `labels` from one of the workload's pods of `own` in its namespace: it carries them all, and no other key a selector reads (podKeysRead; every other key, where those are not known). */
function podOf(own: Labels, labels: Labels, read: ReadonlySet<string> | undefined): boolean {
  if (!Object.entries(own).every(([k, v]) => labels[k] === v)) return false;
  return Object.keys(labels).every((k) => Object.hasOwn(own, k) || (read !== undefined && !read.has(k)));
}

/** Whether a namespace is one the representatives made with a name of their own, which stands for any name no namespace has (a namespace's name is a DNS label: kubernetes.io/docs/concepts/overview/working-with-objects/names/). */
function madeUpNamespace(name: string): boolean {
  return /\s/.test(name);
}

/**
 * Whether an entry of an only invariant's list picks a pod the manifests
 * do not hold (a representative's): by its namespace (a glob picks a
 * namespace of a name of the representatives' own only where it picks
 * every name), namespace labels and labels, as written; a `workload` entry
 * by those and, for some workload it names (of its kind, where it gives
 * one), the pod's namespace being that workload's and its labels those of
 * one of that workload's pods, or those and others of keys no policy's
 * selector of pods reads (podOf): policies, which pick pods by labels and
 * namespaces, cannot tell such a pod from the workload's own. An entry
 * of `kind` alone picks none. `templates`: listedTemplates of each entry,
 * by entry.
 */
function listedPod(sel: EndpointSelector, w: Workload, m: Matrix, templates: (sel: EndpointSelector) => ReadonlyArray<{ namespace: string; labels: Labels }>): boolean {
  if (sel.anyNamespace) return selectsWorkload(sel, w, m.cluster.namespaces);
  if (sel.cidr || (sel.workload === undefined && sel.kind !== undefined)) return false;
  if (sel.namespace !== undefined && madeUpNamespace(w.namespace) && !/^\**$/.test(sel.namespace)) return false;
  const labels = w.pods.map((p) => p.labels);
  if (!selectsPods({ ...sel, workload: undefined, kind: undefined }, w, labels, m.cluster.namespaces)) return false;
  if (sel.workload === undefined) return true;
  const read = podKeysRead(m);
  return templates(sel).some((t) => t.namespace === w.namespace && labels.some((l) => podOf(t.labels, l, read)));
}

/** A state as the invariants are checked on it. */
export interface InvariantStateMatrix {
  /** The state with the representatives' pods. */
  readonly matrix: Matrix;
  /**
   * More such states, for representatives that could not share the first:
   * pods of a namespace that another representative made with other labels
   * (one cluster holds one namespace of a name). Only pairs with one of
   * their own representatives count there.
   */
  readonly more: readonly Matrix[];
  /** How many workloads the state itself has: the representatives come after them (and after entire-cluster's pod). */
  readonly real: number;
  /** Per selector of pods present or future (or only invariant, for its open side): the pods of it no pod could be made for, so that they went untried. */
  readonly unrepresented: ReadonlyMap<FutureOwner, readonly string[]>;
  /** Per selector of pods present or future: its namespace labels that appear nowhere in the state (see unseenNamespaceLabels). */
  readonly unseen: ReadonlyMap<EndpointSelector, readonly string[]>;
  /** Per selector of pods present or future: its pod labels that appear nowhere in the state (see unseenPodLabels). */
  readonly unseenPods: ReadonlyMap<EndpointSelector, readonly string[]>;
  /** The config file, for what is said of the invariants. */
  readonly file: string;
  /** Whether objects not analysed that could break an invariant make it fail closed (the config's fail-on-not-analysed). */
  readonly failOnNotAnalysed: boolean;
  /** The ingress controller the config declares, where no object of the state routes through it, so that its pods are no part of the analysis. */
  readonly idleController?: IngressControllerOptions;
  /** The cluster's Service network, where given (AnalyzeOptions.serviceCIDRs). */
  readonly serviceCIDRs?: readonly string[];
}

/** At most this many clusters for representatives whose namespaces clash; those still left are said to be untried. */
const MAX_ROUNDS = 8;

/**
 * The state the invariants are checked on: where some selector picks pods
 * present or future, the state with a pod for each exposure representative
 * and for the pods of each such selector (`representatives` in mode
 * `invariants`), whose workloads come after the state's own, and further
 * clusters for those whose namespaces clash.
 */
export function invariantState(invariants: readonly Invariant[], m: Matrix, options: AnalyzeOptions = {}, file = '', failOnNotAnalysed = true): InvariantStateMatrix {
  const { peers, owners, unopened } = futurePeers(invariants, m);
  const real = m.cluster.workloads.length;
  // (its pods held by the manifests or outside.workloads are checked as theirs)
  const declared = options.ingressController;
  const held = (c: IngressControllerOptions) =>
    m.cluster.workloads.some((w) => w.namespace === c.namespace && w.pods.some((p) => Object.entries(c.labels).every(([k, v]) => p.labels[k] === v)));
  const idle = {
    ...(declared && !m.ingressController() && !held(declared) ? { idleController: declared } : {}),
    ...(options.serviceCIDRs ? { serviceCIDRs: options.serviceCIDRs } : {}),
  };
  const unrepresented = new Map<FutureOwner, readonly string[]>();
  const add = (owner: FutureOwner, names: readonly string[]) => {
    if (names.length > 0) unrepresented.set(owner, [...(unrepresented.get(owner) ?? []), ...names]);
  };
  for (const { inv, why } of unopened) add(inv, [`the pods outside its list (${why})`]);
  if (peers.length === 0) return { matrix: m, more: [], real, unrepresented, unseen: new Map(), unseenPods: new Map(), file, failOnNotAnalysed, ...idle };
  // read in the state as given: the representatives make namespaces and pods with the selectors' own labels
  const selectors = owners.filter((o): o is EndpointSelector => !(invariants as readonly FutureOwner[]).includes(o));
  const unseen = unseenNamespaceLabels(selectors, m);
  const unseenPods = unseenPodLabels(selectors, m);
  const untried = (k: number, names: readonly string[]) => add(owners[k]!, names);
  const first = withRepresentatives(m, options, peers, 'invariants');
  first.unrepresentedExtra.forEach((names, k) => untried(k, names));
  const more: Matrix[] = [];
  let retry = first.retry;
  while (retry.length > 0) {
    if (more.length === MAX_ROUNDS) {
      for (const r of retry) for (const k of r.from) untried(k, [representativeName(r.peer)]);
      break;
    }
    const round = withRepresentatives(m, options, retry.map((r) => r.peer), 'retry');
    more.push(round.matrix);
    const from = retry.map((r) => r.from);
    round.unrepresentedExtra.forEach((names, i) => from[i]!.forEach((k) => untried(k, names)));
    retry = round.retry.map((r) => ({ peer: r.peer, from: [...new Set(r.from.flatMap((i) => from[i]!))] }));
  }
  return { matrix: first.matrix, more, real, unrepresented, unseen, unseenPods, file, failOnNotAnalysed, ...idle };
}

/**
 * Whether a selector of pods picks the pods of the ingress controller the
 * config declares: its namespace by name, or by its labels
 * (`inNamespace`), and the pods' labels; selectors of workloads
 * (`workload`, `kind`) and of addresses do not.
 */
function picksControllerPods(sel: EndpointSelector, namespace: string, podLabels: Labels, inNamespace: (s: Selector) => boolean): boolean {
  if (sel.internet || sel.cidr || sel.workload !== undefined || sel.kind !== undefined) return false;
  if (sel.namespace !== undefined && !globMatch(sel.namespace, namespace)) return false;
  if (sel.namespaceLabels && !inNamespace(sel.namespaceLabels)) return false;
  return !sel.labels || matches(sel.labels, podLabels);
}

/**
 * The pods of the ingress controller the config declares, where no object
 * of the state routes through it: they run, and open what their policies
 * let them, but are no part of the analysis. An invariant that takes them
 * as sources (a selector of its sources picks them, or an only invariant's
 * list leaves them out) fails closed on them.
 */
function idleControllerPods(inv: Invariant, controller: IngressControllerOptions, m: Matrix, out: Collector): void {
  // its namespace's labels as the manifests declare them, else as the config gives them
  const labels = m.cluster.namespaces.get(controller.namespace)?.labels ?? { ...controller.namespaceLabels, [NAMESPACE_NAME_LABEL]: controller.namespace };
  const picks = (sels: readonly EndpointSelector[]) => sels.some((sel) => picksControllerPods(sel, controller.namespace, controller.labels, (s) => matches(s, labels)));
  const sources = inv.kind === 'never' ? picks(inv.from) : inv.kind === 'only' ? (inv.side === 'from' ? picks(inv.subject) : !picks(inv.allowed)) : false;
  if (!sources) return;
  out.untried(
    INGRESS_CONTROLLER_ID,
    'egress',
    `the ingress controller the config declares runs in namespace ${controller.namespace}, and no Ingress or Route of the manifests leads through it, so its pods, which open what their policies let them, are no part of the analysis and whether they keep the invariant is not known (declare them under outside.workloads)`,
    out.file,
    inv.line,
  );
}

/** Whether a policy's selector (of namespaces, or of pods) names a label: a requirement on its key with that value (any value, for a value not given), or, in another language, a text that holds the key. */
function names(s: Selector, key: string, value: string | undefined): boolean {
  if (s.test) return s.key.includes(key);
  return s.requirements.some((r) => r.key === key && (value === undefined || r.values.length === 0 || r.values.includes(value)));
}

/**
 * Per selector of pods present or future, the namespace labels it asks for
 * (`In` and `Exists`) that appear nowhere in the state: no namespace
 * carries them (a namespace the manifests do not declare has its name
 * label), and no policy's namespace selector names them. Such a selector
 * stands only for namespaces nobody has made, which no rule speaks of, so
 * a typo there (team: dta for team: data) would hold: a warning says so.
 */
function unseenNamespaceLabels(selectors: readonly EndpointSelector[], m: Matrix): Map<EndpointSelector, string[]> {
  if (!selectors.some((sel) => sel.namespaceLabels)) return new Map();
  // the namespaces every cluster has (kube-system, kube-public, kube-node-lease, default) carry their name's label
  const carried: Labels[] = [...m.cluster.namespaces.values()].map((ns) => ns.labels);
  for (const name of BUILT_IN_NAMESPACES) carried.push({ [NAMESPACE_NAME_LABEL]: name });
  for (const w of m.cluster.workloads) if (!m.cluster.namespaces.has(w.namespace)) carried.push({ [NAMESPACE_NAME_LABEL]: w.namespace });
  const named = policyPeers(m).flatMap((peer) => ('selector' in peer.namespaces ? [peer.namespaces.selector] : []));
  return unseenLabels(selectors, (sel) => sel.namespaceLabels, carried, named);
}

/**
 * The same for the pod labels such a selector asks for: no pod of the
 * manifests' workloads carries them, and no policy's pod selector names
 * them (rename app: frontend to app: web, and a selector of pods labelled
 * frontend stands only for pods nobody has made).
 */
function unseenPodLabels(selectors: readonly EndpointSelector[], m: Matrix): Map<EndpointSelector, string[]> {
  if (!selectors.some((sel) => sel.labels)) return new Map();
  const carried = m.cluster.workloads.flatMap((w) => w.pods.map((p) => p.labels));
  const named = policyPeers(m).flatMap((peer) => (peer.pods ? [peer.pods.selector] : []));
  return unseenLabels(selectors, (sel) => sel.labels, carried, named);
}

/** The peers and subjects of the state's policies that pick pods by selectors. */
function policyPeers(m: Matrix): SelectorPeer[] {
  return m.cluster.policies.flatMap((p) => [...(p.kind.selectorPeers?.(p.policy) ?? []), ...(p.kind.subjectPeers?.(p.policy) ?? [])]);
}

/** Per selector, the labels of its selector `asked` (`In` and `Exists`) that no label set of `carried` holds and no selector of `named` names. */
function unseenLabels(selectors: readonly EndpointSelector[], asked: (sel: EndpointSelector) => Selector | undefined, carried: readonly Labels[], named: readonly Selector[]): Map<EndpointSelector, string[]> {
  const unseen = new Map<EndpointSelector, string[]>();
  const seen = (key: string, value?: string) => carried.some((l) => (value === undefined ? Object.hasOwn(l, key) : l[key] === value)) || named.some((s) => names(s, key, value));
  for (const sel of selectors) {
    const selector = asked(sel);
    if (!selector || unseen.has(sel)) continue;
    const labels = selector.requirements.flatMap((r) => {
      if (r.operator === 'Exists') return seen(r.key) ? [] : [r.key];
      if (r.operator === 'In') return r.values.some((v) => seen(r.key, v)) ? [] : [r.values.map((v) => `${r.key}: ${v}`).join(' or ')];
      return [];
    });
    if (labels.length > 0) unseen.set(sel, labels);
  }
  return unseen;
}

/** Evaluates one invariant on one state. */
export function evaluateInvariant(inv: Invariant, state: InvariantStateMatrix): InvariantState {
  const out = new Collector(state.matrix, state.file, inv.line);
  const unmatched = evaluateOn(inv, state.matrix, out);
  // the other clusters' representatives: pairs with one of them
  for (const m of state.more) {
    out.switchTo(m, (e: Endpoint) => e.kind === 'workload' && e.index > state.real && e.index < m.cluster.workloads.length);
    evaluateOn(inv, m, out);
  }
  out.switchTo(state.matrix);
  // pods of a selector no pod could stand for went untried: the verdict does not rest on them, so it fails closed
  for (const sel of selectorsOf(inv)) {
    for (const name of state.unrepresented.get(sel) ?? []) {
      const direction: Direction = (inv.kind === 'only' ? (inv.side === 'from') === inv.subject.includes(sel) : inv.kind !== 'isolated' && inv.from.includes(sel)) ? 'egress' : 'ingress';
      out.untried(name, direction, `no pod could be made for these pods of ${sel.text} (their selectors together, or a namespace another representative made with other labels), so whether they keep the invariant is not known`, out.file, sel.line);
    }
  }
  // and so did pods outside an only invariant's list
  for (const name of state.unrepresented.get(inv) ?? []) {
    out.untried(name, inv.kind === 'only' && inv.side === 'to' ? 'egress' : 'ingress', `no pod could be made for these pods outside the list (their selectors together, or a namespace another representative made with other labels), so whether they keep the invariant is not known`, out.file, inv.line);
  }
  // pods of namespaces nobody declares, whose labels a selector reads: they may be its pods or not (an only invariant's list of those allowed aside, which they could only widen)
  for (const sel of selectorsOf(inv)) {
    if (inv.kind === 'only' && inv.allowed.includes(sel)) continue;
    for (const ns of undecidedNamespaces(sel, state.matrix)) {
      const direction: Direction = (inv.kind === 'only' ? inv.side === 'from' : inv.kind !== 'isolated' && inv.from.includes(sel)) ? 'egress' : 'ingress';
      out.untried(`pods of namespace ${ns}`, direction, `${sel.text} picks namespaces by their labels, and namespace ${ns}, which neither the manifests nor the config's outside.namespaces declare, may carry labels other than ${NAMESPACE_NAME_LABEL}, so whether its pods are among those it picks is not known (declare it with its labels)`, out.file, sel.line);
    }
  }
  if (inv.kind !== 'isolated') servicePortTargets(inv, state.matrix, out);
  if (inv.kind !== 'isolated') serviceAddressTargets(inv, state.matrix, state.serviceCIDRs, out);
  if (state.idleController) idleControllerPods(inv, state.idleController, state.matrix, out);
  if (state.failOnNotAnalysed) notAnalysedObjects(inv, state.matrix, out);
  const status: StateStatus = unmatched.length > 0 ? 'unmatched' : out.count > 0 ? 'violated' : 'holds';
  // pairs that break it first, then what was not tried: the sure ones are those a reader needs to see
  // (the manifests' own workloads before pods made for the check)
  const witnesses = [...out.witnesses.filter((w) => w.kind === 'pair' && !out.future.has(w)), ...out.witnesses.filter((w) => out.future.has(w)), ...out.witnesses.filter((w) => w.kind !== 'pair')];
  const warnings = [...new Set(selectorsOf(inv))].flatMap((selector) => {
    const unseen = (labels: readonly string[] | undefined, of: 'namespace' | 'pod') => {
      if (!labels) return [];
      const [label, appear, it] = labels.length === 1 ? ['label', 'appears', 'it'] : ['labels', 'appear', 'them'];
      const [carrier, carry, made] = of === 'namespace' ? ['no namespace', 'carries', 'namespaces'] : ["no workload's pods", 'carry', 'pods'];
      return [{ selector, message: `the ${of} ${label} ${labels.join(', ')} ${appear} nowhere in the manifests (${carrier} ${carry} ${it}, no policy's ${of} selector names ${it}), so the selector stands only for ${made} not made yet, and a typo there would pass` }];
    };
    return [...unseen(state.unseen.get(selector), 'namespace'), ...unseen(state.unseenPods.get(selector), 'pod'), ...objectLabelled(inv, selector, state.matrix)];
  });
  return { status, unmatched, warnings, witnesses, witnessCount: out.count, evidence: { pairs: out.pairs, paired: out.paired, doubts: out.doubts } };
}

/**
 * An invariant's ports are the destination pods' ports, those policies
 * see; a client opens a Service's port, which kube-proxy sends on to the
 * targetPort of the pods it picks. So where a port the invariant names is
 * the port of a Service picking pods of one of its destinations, forwarded
 * to a number there (the targetPort, or the container port of its name)
 * that the invariant does not name, the path through the Service is not
 * what it checks: that destination goes untried, failing closed, naming
 * the Service and the port, until the invariant names the pods' port.
 * The destinations: `to` of never and always, the protected side of an
 * only invariant's `to` mapping, and every workload outside the list of
 * one with a `from` mapping.
 */
function servicePortTargets(inv: Exclude<Invariant, { readonly kind: 'isolated' }>, m: Matrix, out: Collector): void {
  if (inv.ports.isAll() || m.cluster.services.length === 0) return;
  // the Services with a selector and a port the invariant names, by namespace (a Service's selector picks pods of its own)
  const byNamespace = new Map<string, Service[]>();
  for (const service of m.cluster.services) {
    if (service.selector && service.ports.some((p) => !ConnectionSet.ports(p.protocol, p.port, p.port).intersect(inv.ports).isEmpty())) {
      byNamespace.set(service.namespace, [...(byNamespace.get(service.namespace) ?? []), service]);
    }
  }
  if (byNamespace.size === 0) return;
  let targets: Iterable<number>;
  if (inv.kind !== 'only') targets = new Picked(m, inv.to).workloads;
  else if (inv.side === 'to') targets = new Picked(m, inv.subject).workloads;
  else {
    const allowed = new Picked(m, inv.allowed, false, false, false).workloads;
    targets = m.workloads.flatMap((_, i) => (allowed.has(i) ? [] : [i]));
  }
  for (const d of [...targets].sort((a, b) => a - b)) {
    const w = m.workloads[d]!;
    if (w.id === INGRESS_CONTROLLER_ID || isRepresentative(w)) continue;
    for (const service of byNamespace.get(w.namespace) ?? []) {
      for (const port of service.ports) {
        const asked = ConnectionSet.ports(port.protocol, port.port, port.port);
        if (asked.intersect(inv.ports).isEmpty()) continue;
        let target = ConnectionSet.NONE;
        for (const pod of w.pods) if (servicePicks(service.selector!, w, pod.labels)) target = target.union(podPorts(port, pod));
        const missed = target.subtract(asked).subtract(inv.ports);
        if (missed.isEmpty()) continue;
        const to = typeof port.targetPort === 'string' ? `${missed.toString()} (${port.targetPort})` : missed.toString();
        out.untried(
          m.workloadEndpoint(d)!.name,
          'ingress',
          `${asked.toString()}, a port of this invariant, is Service ${service.namespace}/${service.name}'s port ${port.port}, which sends it on to ${to} of these pods: an invariant's ports are the pods' ports, which policies see, so what clients open on the Service's port is not checked (name the pods' port in its ports, as well or instead)`,
          service.source.file,
          service.source.line,
        );
      }
    }
  }
}

/**
 * The addresses common clusters give the Services every cluster has, where
 * the manifests do not say: `kubernetes.default` (the first address of the
 * Service network) and cluster DNS (its tenth, Kubespray's third) under
 * the defaults of kubeadm (`--service-cidr` 10.96.0.0/12, and so kind,
 * minikube and k0s), k3s and RKE2 (10.43.0.0/16), Amazon EKS
 * (10.100.0.0/16 or 172.20.0.0/16), AKS (10.0.0.0/16), GKE (34.118.224.0/20),
 * OpenShift (172.30.0.0/16), MicroK8s (10.152.183.0/24) and Kubespray
 * (10.233.0.0/18). Only these: the rest of those networks is as often a
 * VPC's or an office's range, which an invariant means as such.
 */
export const WELL_KNOWN_SERVICE_ADDRESSES: ReadonlyArray<{ readonly ip: string; readonly what: string }> = [
  ...[
    ['10.96.0', 'kubeadm'],
    ['10.43.0', 'k3s'],
    ['10.100.0', 'EKS'],
    ['172.20.0', 'EKS'],
    ['10.0.0', 'AKS'],
    ['34.118.224', 'GKE'],
    ['172.30.0', 'OpenShift'],
    ['10.152.183', 'MicroK8s'],
  ].flatMap(([net, by]) => [
    { ip: `${net}.1`, what: `kubernetes.default under ${by}'s default` },
    { ip: `${net}.10`, what: `cluster DNS under ${by}'s default` },
  ]),
  { ip: '10.233.0.1', what: "kubernetes.default under Kubespray's default" },
  { ip: '10.233.0.3', what: "cluster DNS under Kubespray's default" },
];

/**
 * A client that opens a Service's own address (its cluster IP, an external
 * IP or load balancer IP the nodes take, `kubernetes.default`'s 10.96.0.1)
 * is sent on to the Service's endpoints, at their address and port (the
 * API server's, often 6443), before policies see the packet; a policy's
 * ipBlock over the Service's address matches nothing of it
 * (kubernetes.io/docs/concepts/services-networking/network-policies/, on
 * rewriting; cert-manager/cert-manager#5787). So a cidr destination wholly
 * inside the Service network given with --service-cidr, the Services' own
 * addresses in the manifests, or (without --service-cidr) the addresses
 * common clusters give kubernetes.default and cluster DNS, is not what
 * policies decide: an invariant over it would hold, or fail, on addresses
 * no packet carries past the proxy. It goes untried, failing closed, naming
 * the endpoints as what to write instead.
 */
function serviceAddressTargets(inv: Exclude<Invariant, { readonly kind: 'isolated' }>, m: Matrix, given: readonly string[] | undefined, out: Collector): void {
  const destinations = inv.kind !== 'only' ? inv.to : inv.side === 'to' ? inv.subject : [];
  const cidrs = destinations.filter((sel) => sel.cidr !== undefined);
  if (cidrs.length === 0) return;
  const one = (ip: string) => {
    const c = sloppyCidr(hostCidr(ip));
    return c.kind === 'invalid' ? undefined : addr.ofCidr(c);
  };
  let services = addr.ofCidrs(given ?? []);
  const known: Array<{ readonly addresses: AddressSet; readonly text: string }> = [];
  const add = (ip: string, text: string) => {
    const a = one(ip);
    if (!a) return;
    known.push({ addresses: a, text });
    services = addr.union(services, a);
  };
  for (const service of m.cluster.services) for (const ip of [...(service.virtualIPs ?? []), ...service.externalIPs]) add(ip, `${ip} (Service ${service.namespace}/${service.name})`);
  if (!given) for (const w of WELL_KNOWN_SERVICE_ADDRESSES) add(w.ip, `${w.ip} (${w.what})`);
  for (const sel of cidrs) {
    const cidr = sel.cidr!;
    if (addr.isEmpty(services) || !addr.covers(services, cidr.addresses)) continue;
    const held = known.filter((o) => addr.covers(cidr.addresses, o.addresses)).map((o) => o.text);
    const inNetwork = given !== undefined && addr.covers(addr.ofCidrs(given), cidr.addresses);
    const where = inNetwork ? `lies in the Service network given (${given.join(', ')})${held.length > 0 ? `, and holds ${held.join(', ')}` : ''}` : `is ${held.join(', ')}`;
    out.untried(
      cidr.text,
      'ingress',
      `${cidr.text} ${where}: a client opening a Service's address is sent on to its endpoints, at their own address and port (for kubernetes.default, the API server's, often 6443), before policies see the packet, so what policies decide for these addresses is not what reaches them; name the endpoints' addresses and ports (or the workloads behind the Service) instead${given ? '' : ', or give the cluster\'s Service network with --service-cidr'}`,
      out.file,
      sel.line,
    );
  }
}

/**
 * What a selector of labels says where some workloads carry them on the
 * object itself (metadata.labels) and not on their pods: which way it
 * reads them (taken in, or left out of an only invariant's list: the
 * stricter reading either way), and how to say which is meant.
 */
function objectLabelled(inv: Invariant, selector: EndpointSelector, m: Matrix): Array<{ selector: EndpointSelector; message: string }> {
  if (!selector.labels) return [];
  const ids = m.workloads.filter((w) => labelledOnObject(selector, w, m.cluster.namespaces)).map((w) => w.id);
  if (ids.length === 0) return [];
  const listed = inv.kind === 'only' && inv.allowed.includes(selector);
  const [carry, its, are, them] = ids.length === 1 ? ['carries', 'its', 'it is', 'it'] : ['carry', 'their', 'they are', 'them'];
  const shown = ids.length > 3 ? `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more` : ids.join(', ');
  return [
    {
      selector,
      message: `${shown} ${carry} the labels it asks for on the object itself (metadata.labels), not on ${its} pods, which policies select by and the selector reads: ${are} ${listed ? 'left out of the list' : 'taken in'}, the stricter reading (name ${them} with workload:, or put the labels on the pod template, to say which is meant)`,
    },
  ];
}

/**
 * Objects the state holds and reachdiff does not analyse that could break
 * the invariant (NotAnalysedEffect): for never and only, those that may
 * open paths; for always, those that may close them; each where it may act
 * on the invariant's pods (its namespace holds some of them, or it acts
 * anywhere), or, for pods of a controller reachdiff does not know, where a
 * selector of the invariant picks them. Each goes untried, failing closed.
 */
function notAnalysedObjects(inv: Invariant, m: Matrix, out: Collector): void {
  const risk = inv.kind === 'always' ? 'closes' : 'opens';
  // an isolated invariant asks whether rules hold the pods it picks: pods not analysed, or policies not enforced at all, break it
  const breaks = (e: NotAnalysedEffect) =>
    inv.kind === 'isolated' ? e.pods !== undefined || e.unknownPods === true || e.enforcement === 'off' || e.mayBeAbsent === true : e.does === 'both' || e.does === risk;
  // each place an object acts (its effect, and those it has besides), reported once, by the first that acts
  const objects = m.cluster.notAnalysed.flatMap((n) => (n.effect ? [n] : [])).map((n) => ({ n, effects: [n.effect!, ...(n.effect!.besides ?? [])].filter(breaks) }));
  if (objects.every((o) => o.effects.length === 0)) return;
  const { source, destination } = invariantEnds(inv, m);
  for (const { n, effects } of objects) for (const e of effects) {
    const governs = governed(e, m);
    const at = (end: InvariantEnd, other: InvariantEnd) =>
      (!e.external || other.external) &&
      (e.addresses === undefined || mayBeAddress(other, e.addresses)) &&
      !(e.unknownPods && e.namespace !== undefined && namesOthers(end, e.namespace, [n.name?.split('/').pop(), ...(e.refers ?? [])], out.file)) &&
      (end.workloads === 'any' ? end.selectors.length === 0 || end.selectors.some(governs.mayPick) : end.workloads.some(governs.pods));
    // traffic from outside reaches the ingress controller first: what refuses it there refuses the path
    const first = (end: InvariantEnd) => end.controller !== undefined && governs.pods(end.controller);
    const acts = e.pods
      ? picksUnknownPods(m, inv, e.namespace!, e.pods)
      : e.at === 'source'
        ? at(source, destination)
        : e.at === 'destination'
          ? at(destination, source) || first(source)
          : at(source, destination) || at(destination, source);
    // a policy on an egress gateway or waypoint: the traffic of any pod to external addresses passes through it
    const outward = e.egress === true && inv.kind !== 'isolated' && destination.external && (source.workloads === 'any' || source.workloads.length > 0);
    if (!acts && !outward) continue;
    const what = `${n.kind}${n.name ? ` ${n.name}` : ''}`;
    const does = e.pods || e.unknownPods
      ? 'its pods are not in the analysis, and this invariant concerns them'
      : inv.kind === 'isolated'
        ? e.mayBeAbsent
          ? 'the policies it stands for, which may be what isolates these pods, may not be in the cluster'
          : 'under it the policies that isolate these pods are not enforced'
        : `it may ${risk === 'opens' ? 'open' : 'close'} paths this invariant checks`;
    out.notAnalysed(what, `not analysed (${n.reason}): ${does}, so whether the invariant holds is not known (fail-on-not-analysed: false in the config accepts that)`, n.source.file, n.source.line, n.digest);
    break;
  }
}

/**
 * Whether an end picks only workloads of the manifests it names whole
 * (`workload:` entries without a glob) other than those an object not
 * analysed may make or change in its namespace: pods of labels not known
 * there (an operator's) are none of them. An operator names what it makes
 * after its object (a Pooler `pool` runs as Deployment `pool`, an
 * EventListener `hook` as `el-hook`), or after the workload the object
 * names (a Canary's target runs as `TARGET-primary`), so an entry whose
 * name holds one of `names` may be its pods; so may a workload the config
 * declares (`file`), which may be declared for them.
 */
function namesOthers(end: InvariantEnd, namespace: string, names: ReadonlyArray<string | undefined>, file: string): boolean {
  if (end.selectors.length === 0 || end.workloads === 'any' || end.workloads.some((w) => w.source.file === file)) return false;
  return end.selectors.every((sel) => {
    if (sel.workload === undefined || sel.anyNamespace || /[*?]/.test(sel.workload)) return false;
    const [ns, name] = sel.workload.split('/', 2) as [string, string | undefined];
    return ns !== namespace || (name !== undefined && names.every((n) => n !== undefined && !name.includes(n)));
  });
}

/**
 * The pods an object not analysed acts on: those of its namespace (or
 * every one), of its workload where it names one (where the analysis has
 * no workload of that id, folded into its controller, the namespace's),
 * less those it leaves to others (except: a pod's own Linkerd policy over
 * its namespace's). `pods`: of a workload the manifests hold; `mayPick`:
 * whether a selector of pods present or future may pick some.
 */
function governed(e: NotAnalysedEffect, m: Matrix): { pods: (w: Workload) => boolean; mayPick: (sel: EndpointSelector) => boolean } {
  const named = e.workload === undefined ? undefined : m.cluster.workloads.find((w) => w.id === e.workload);
  const pods = (w: Workload) =>
    (e.namespace === undefined || w.namespace === e.namespace) &&
    (named === undefined || w.id === named.id) &&
    (e.selects === undefined || w.pods.some((p) => Object.entries(e.selects!).every(([k, v]) => p.labels[k] === v))) &&
    (e.services === undefined || e.services.some((id) => serviceMayPick(m, id, w))) &&
    (e.subject === undefined || subjectMayHold(e.subject, w, m.cluster.namespaces)) &&
    !(e.except?.workloads?.includes(w.id) ?? false) &&
    !(e.except?.namespaces?.includes(w.namespace) ?? false);
  const mayPick = (sel: EndpointSelector) => {
    if (sel.cidr) return false;
    // a selector of the manifests' pods only: those it picks (Picked) already stand in the end's workloads
    if (!sel.anyNamespace) return true;
    if (named) return selectsWorkload(sel, named, m.cluster.namespaces);
    if (e.namespace === undefined) return true;
    // a selector of pods present or future goes without namespace: its namespace labels alone tell the namespaces it takes
    const ns = e.namespace;
    return !sel.namespaceLabels || matches(sel.namespaceLabels, m.cluster.namespaces.get(ns)?.labels ?? { [NAMESPACE_NAME_LABEL]: ns });
  };
  return { pods, mayPick };
}

/**
 * Whether a Service (`ns/name`) may send its traffic to a workload's pods:
 * those its selector picks, or, where the manifests hold no such Service
 * with a selector, every pod of its namespace.
 */
function serviceMayPick(m: Matrix, id: string, w: Workload): boolean {
  const [ns] = id.split('/', 1) as [string];
  if (w.namespace !== ns) return false;
  const service = m.cluster.services.find((s) => `${s.namespace}/${s.name}` === id);
  return service?.selector === undefined || w.pods.some((p) => servicePicks(service.selector!, w, p.labels));
}

/** Whether an invariant's end may be one of these addresses (CIDRs): the internet, a CIDR over one, or any endpoint (an only invariant's others). */
function mayBeAddress(end: InvariantEnd, addresses: readonly string[]): boolean {
  const set = addr.ofCidrs(addresses);
  return end.selectors.length === 0 || end.selectors.some((sel) => sel.internet === true || (sel.cidr !== undefined && addr.overlaps(sel.cidr.addresses, set)));
}

/**
 * Whether an admin policy's subject (NotAnalysedEffect.subject) may pick a
 * workload's pods: its namespace's labels, where they are known (else the
 * requirements on its name), and some pod's labels, those controllers set
 * on pods left out (the templates do not show them), host-network pods
 * counted too.
 */
function subjectMayHold(subject: NonNullable<NotAnalysedEffect['subject']>, w: Workload, namespaces: ReadonlyMap<string, Namespace>): boolean {
  const ns = namespaces.get(w.namespace);
  if (!(labelsKnown(ns) ? matches(subject.namespaces, ns!.labels) : mayPickByName(subject.namespaces, w.namespace))) return false;
  if (subject.pods === undefined) return true;
  const pods = selectorOfRequirements(subject.pods.requirements.filter((q) => !CONTROLLER_POD_LABELS.has(q.key)));
  return w.pods.some((p) => matches(pods, p.labels));
}

/**
 * One end of an invariant's paths: the workloads of its pods the manifests
 * hold, or any (pods present or future, picked by `selectors`; every
 * endpoint, an only invariant's forbidden side, without them); whether it
 * takes external addresses, and the ingress controller where it takes
 * traffic from outside the cluster (the internet).
 */
interface InvariantEnd {
  readonly workloads: readonly Workload[] | 'any';
  readonly selectors: readonly EndpointSelector[];
  readonly external: boolean;
  readonly controller?: Workload;
}

/** The source and destination ends of an invariant's paths (an isolated invariant's workloads at both). */
function invariantEnds(inv: Invariant, m: Matrix): { source: InvariantEnd; destination: InvariantEnd } {
  // `clients`: the sources of never and only, where a CIDR's clients come through the controller too (as in Picked)
  const end = (sels: readonly EndpointSelector[], clients = false, sources = clients): InvariantEnd => {
    const external = sels.some((sel) => sel.cidr !== undefined || sel.internet === true);
    const controller = sels.some((sel) => sel.internet || (clients && sel.cidr)) ? m.ingressController() : undefined;
    const hop = controller?.kind === 'workload' ? { controller: m.workloads[controller.index]! } : {};
    if (sels.some((sel) => sel.anyNamespace)) return { workloads: 'any', selectors: sels, external, ...hop };
    const workloads = [...new Picked(m, sels, false, sources).workloads].map((i) => m.workloads[i]!);
    return { workloads, selectors: sels, external, ...hop };
  };
  // an only invariant forbids every endpoint outside its list, external ones too
  const others: InvariantEnd = { workloads: 'any', selectors: [], external: true };
  switch (inv.kind) {
    case 'isolated':
      return { source: end(inv.workloads, false, true), destination: end(inv.workloads, false, true) };
    case 'only':
      return inv.side === 'to' ? { source: others, destination: end(inv.subject) } : { source: end(inv.subject, true), destination: others };
    default:
      return { source: end(inv.from, inv.kind === 'never'), destination: end(inv.to) };
  }
}

/**
 * Whether pods the manifests do not hold (those of a controller reachdiff
 * does not know) matter to an invariant: its selectors pick them, or, for
 * an only invariant, its list leaves them out (they are then sources, or
 * destinations, it forbids).
 */
function picksUnknownPods(m: Matrix, inv: Invariant, namespace: string, pods: { readonly kind: string; readonly name: string; readonly labels: Labels }): boolean {
  const picks = (sel: EndpointSelector) => selectsPods(sel, { namespace, name: pods.name, kind: pods.kind }, [pods.labels], m.cluster.namespaces);
  if (inv.kind === 'only') return inv.subject.some(picks) || !inv.allowed.some(picks);
  return selectorsOf(inv).some(picks);
}

const targetRepresentatives = new WeakMap<Targets, { m: Matrix; all: number[]; naming: number[] }>();

/** The representatives among some targets, in their order, and those whose ingress rules name ports. */
function representativesOf(m: Matrix, to: Targets): { all: number[]; naming: number[] } {
  let known = targetRepresentatives.get(to);
  if (known?.m !== m) {
    const all = [...to.workloads].filter((d) => isRepresentative(m.workloads[d]!));
    known = { m, all, naming: all.filter((d) => m.ingressNames(d).length > 0) };
    targetRepresentatives.set(to, known);
  }
  return known;
}

/**
 * Pods present or future declare ports a representative's pod does not: an
 * egress rule of `src` that names a port (`port: http`) reaches a new pod
 * wherever it declares that name, on any number. Where the
 * representative's own ingress admits `src` on some such number among
 * `ports`, and `src`'s egress rules only allow, a pod like it declaring
 * the name there is reached (a pair, the destination named with the port it
 * declares); where a rule of `src` denies (by number, perhaps the one the
 * pod declares), or the representative's ingress admits no such number but
 * its rules name ports (which might take the name too), that is not tried:
 * said so, failing closed.
 */
function namedPortPaths(m: Matrix, inv: { readonly ports: ConnectionSet; readonly line: number }, src: Endpoint & { kind: 'workload' }, to: Targets, out: Collector): void {
  // where no rule of src names a port, only representatives whose own rules name some are tried (asked for every pair of many)
  const reps = representativesOf(m, to);
  for (const d of m.egressNames(src.index).length > 0 ? reps.all : reps.naming) {
    // its own ingress rules name ports: a pod like it declaring them may be admitted where it is not
    const names = m.ingressNames(d);
    const potential = m.potentialNames(src.index, d);
    const sent = names.length > 0 ? m.admits(src.index, d, 'egress').intersect(inv.ports) : ConnectionSet.NONE;
    // what src reaches now is asked only where something above may add to it
    if (potential.length === 0 && sent.isEmpty()) continue;
    const dst = m.workloadEndpoint(d)!;
    const reached = m.connection(src, dst);
    const open = sent.subtract(reached);
    if (names.length > 0 && !open.isEmpty()) {
      out.untried(dst.name, 'ingress', `its ingress rules name ports (${names.map((t) => t.name).join(', ')}): pods of it declaring them may admit ${src.name} where this one does not, which is not tried`, out.file, inv.line);
    }
    for (const token of potential) {
      const named = (token.protocol ? ConnectionSet.ports(token.protocol) : ConnectionSet.ALL).intersect(inv.ports).subtract(reached);
      if (named.isEmpty()) continue;
      const admitted = named.intersect(m.admits(d, src.index, 'ingress'));
      if (!admitted.isEmpty() && m.egressOnlyAllows(src.index)) out.pair(src, { ...dst, name: `${dst.name} (declaring port ${token.name})` }, admitted);
      // isolated and admitting src on none of these ports by number: only a rule naming ports might (names, above)
      else if (!admitted.isEmpty() || (m.isolation(d, 'ingress').isolated && names.length > 0)) {
        out.untried(dst.name, 'ingress', `${src.name} may open port ${token.name} (${token.protocol ?? 'any protocol'}) on these pods wherever they declare it; whether a rule that denies by number, or their own ingress policies, take it back there is not tried`, out.file, inv.line);
      }
    }
  }
}

/** Gateway API routes: their traffic comes from the proxy of the Gateway they attach to. */
const GATEWAY_ROUTE = /^(?:HTTPRoute|GRPCRoute|TCPRoute|TLSRoute) /;

/** Why the declared ingress controller does not stand for a Gateway route's traffic. */
const GATEWAY_PROXY = "the traffic comes through a Gateway, whose proxy runs where its implementation puts it (often the Gateway's own namespace), not necessarily as the ingress controller the config declares";

/**
 * Traffic from outside through ingress objects from a proxy whose place the
 * analysis does not know. Where the config does not say where the ingress
 * controller runs, the analysis puts it in a namespace of its own, without
 * labels, where the destination's ingress policies may keep it out though
 * they admit the real controller (a rule for namespace ingress-nginx); and
 * where it does, Gateway API routes are still carried by their Gateway's
 * own proxy, which its GatewayClass's implementation runs where it chooses
 * (Istio and Envoy Gateway, in the Gateway's namespace or their own), not
 * necessarily as the declared controller; and an Ingress or a Route the
 * declared controller cannot carry to a workload may be another
 * controller's. Each workload of `to` that such objects route some of
 * `ports` to, and that the controller the analysis places does not reach
 * on them, goes untried, failing closed.
 */
function placeholderPaths(m: Matrix, inv: { readonly ports: ConnectionSet; readonly line: number }, to: Targets, out: Collector): void {
  const controller = m.ingressController();
  if (controller?.kind !== 'workload') return;
  const declared = !isPlaceholderController(controller.workload);
  // a namespace that nothing declares or runs in: a typo of the one the policies admit cannot be told from it
  const ns = controller.workload.namespace;
  const unknown =
    declared && m.cluster.namespaces.get(ns)?.declared !== true && !m.workloads.some((w) => w.namespace === ns && w.id !== INGRESS_CONTROLLER_ID && !isRepresentative(w));
  if (!declared || unknown) {
    for (const { dst, via, missing } of routedKeptOut(m, controller, inv, to, out)) {
      const why = !declared
        ? 'where the ingress controller runs is not declared (ingress-controller: in the config), so whether its ingress policies let the controller in is not known'
        : `its ingress policies keep out the ingress controller the config declares in namespace ${ns}, which neither the manifests nor the config's outside: declare and where no workload of theirs runs: if that name is not the controller's namespace (a typo of one the policies admit), the controller gets in (declare the namespace under outside: to confirm it)`;
      out.untried(dst.name, 'ingress', `${via} route ${missing.toString()} to it from outside the cluster, and ${why}`, out.file, inv.line);
    }
    return;
  }
  for (const { dst, via, missing } of routedKeptOut(m, controller, inv, to, out, (object) => GATEWAY_ROUTE.test(object))) {
    out.untried(dst.name, 'ingress', `${via} route ${missing.toString()} to it from outside the cluster, and ${GATEWAY_PROXY}, so whether its ingress policies let that proxy in is not known`, out.file, inv.line);
  }
  // an Ingress or Route the declared controller cannot carry may be another's: a cluster runs several, each with
  // the objects of its class (kubernetes.github.io/ingress-nginx/user-guide/multiple-ingress/), two at once during a
  // migration, and another's traffic comes from its own pods (a cloud load balancer's Ingress: cloudIngressPaths)
  const cloud = new Set(m.cluster.ingressRoutes.flatMap((r) => (r.cloudBalancer !== undefined ? [routeObject(r)] : [])));
  for (const { dst, via, missing } of routedKeptOut(m, controller, inv, to, out, (object) => !GATEWAY_ROUTE.test(object) && !cloud.has(object))) {
    out.untried(dst.name, 'ingress', `${via} route ${missing.toString()} to it from outside the cluster, which its ingress policies keep the declared ingress controller from: ${ANOTHER_CONTROLLER}`, out.file, inv.line);
  }
}

/** Why an ingress object the declared controller cannot carry to a workload may still carry traffic there. */
const ANOTHER_CONTROLLER =
  'another controller may serve it (a cluster may run several, each serving the objects of its class, two at once while one replaces another), from pods of its own that the policies may let in, so whether traffic from outside gets through is not known';

/**
 * Traffic from outside through Ingresses of a cloud load balancer's class
 * (IngressRoute.cloudBalancer): that load balancer, a proxy, sends it to
 * the pods (or to the Service's node port) from its own addresses in the
 * cloud network, which the manifests do not give, not from the ingress
 * controller the analysis places. So each workload of `to` that such an
 * Ingress routes some of `ports` to, and whose ingress policies admit some
 * outside address there (the load balancer's may be among them) that the
 * outside ranges that are witnesses do not reach already, goes untried,
 * failing closed: any client gets through where the load balancer's
 * address is admitted. (Through a node port with externalTrafficPolicy
 * Cluster, the node's address: nodePortPaths.)
 */
function cloudIngressPaths(m: Matrix, inv: { readonly ports: ConnectionSet; readonly line: number }, to: Targets, out: Collector, witness: (source: Endpoint) => boolean = () => true): void {
  const cloud = new Map<string, IngressRoute>(m.cluster.ingressRoutes.flatMap((r) => (r.cloudBalancer !== undefined ? [[routeObject(r), r] as const] : [])));
  if (cloud.size === 0) return;
  for (const d of [...to.workloads].sort((a, b) => a - b)) {
    const w = m.workloads[d]!;
    if (w.id === INGRESS_CONTROLLER_ID || isRepresentative(w)) continue;
    const via = (m.ingressPath(d)?.via ?? []).filter((v) => cloud.has(v.object));
    if (via.length === 0) continue;
    const dst = m.workloadEndpoint(d)!;
    const reached = fromOutside(m, dst, witness);
    const admitted = fromOutside(m, dst);
    for (const object of [...new Set(via.map((v) => v.object))]) {
      const ports = via.filter((v) => v.object === object).reduce((p, v) => p.union(v.ports), ConnectionSet.NONE);
      const missing = ports.intersect(inv.ports).intersect(admitted).subtract(reached);
      if (missing.isEmpty()) continue;
      const route = cloud.get(object)!;
      out.untried(
        dst.name,
        'ingress',
        `${object} (${route.cloudBalancer}) routes ${missing.toString()} to it from outside the cluster through a cloud load balancer, which sends from its own addresses in the cloud network, not from the ingress controller: the manifests do not give them, and its ingress policies admit some outside address on those ports, which may be the load balancer's, so that any client gets through`,
        route.source.file,
        route.source.line,
      );
    }
  }
}

/**
 * Traffic from outside through routing objects that are not modelled (an
 * Istio VirtualService bound to a gateway, a UDPRoute, a Traefik
 * IngressRoute, a Contour HTTPProxy and their kin), or through a backend
 * whose pods are not known (a Service the manifests do not hold, one
 * without selector, an ExternalName), or through a Service whose selector
 * picks no pod of the state (its pods are made elsewhere: of its namespace,
 * with labels and policies not known), a backend or a NodePort,
 * LoadBalancer or externalIPs Service: where it leads is not known, so each
 * workload of `to` (of that namespace, for such a Service) goes untried,
 * failing closed.
 */
function unmodelledRoutePaths(m: Matrix, inv: { readonly ports: ConnectionSet; readonly line: number }, to: Targets, out: Collector): void {
  // routing objects not modelled (their own proxies send the traffic), Services that take it themselves and whose pods
  // the state does not hold, and the backends of those modelled whose pods are not known (the ingress controller sends
  // it: where the config says where it runs, the policies decide; a Gateway route's, its Gateway's proxy, where the
  // config cannot say); a Service's pods are those of its own namespace
  const anywhere = undefined as string | undefined;
  const routers = [
    ...m.cluster.notAnalysed.filter((n) => n.routesFromOutside).map((r) => ({ what: `${r.kind}${r.name ? ` ${r.name}` : ''}`, source: r.source, namespace: anywhere, gateway: false, reaches: routedServices(m, r.routesTo) })),
    ...m.unknownPodServices.map((s) => ({ what: `${s.object} (${s.target}, ${s.why})`, source: s.source, namespace: s.namespace, gateway: false, reaches: undefined })),
  ];
  const backends = m.unresolvedBackends.map((b) => ({ what: `${b.object} (to ${b.target ?? `Service ${b.service}`}, ${b.why})`, source: b.source, namespace: b.namespace, gateway: GATEWAY_ROUTE.test(b.object) }));
  if (routers.length + backends.length === 0) return;
  const controller = m.ingressController();
  const declared = controller?.kind === 'workload' && !isPlaceholderController(controller.workload) ? controller.index : undefined;
  const admitsController = (d: number) =>
    declared === undefined || !m.admits(d, declared, 'ingress').intersect(m.admits(declared, d, 'egress')).intersect(inv.ports).isEmpty();
  for (const d of [...to.workloads].sort((a, b) => a - b)) {
    const w = m.workloads[d]!;
    if (w.id === INGRESS_CONTROLLER_ID || isRepresentative(w)) continue;
    // a Gateway route's traffic comes from its Gateway's proxy, which the policies may admit where they keep the controller out
    const admitted = admitsController(d);
    const routes = [...routers.filter((r) => r.reaches === undefined || r.reaches.some((s) => !forwardedTo(s, w).isEmpty())), ...backends.filter((b) => admitted || b.gateway)].filter((r) => r.namespace === undefined || r.namespace === w.namespace);
    if (routes.length === 0) continue;
    const first = routes[0]!;
    const named = routes.slice(0, 2).map((r) => r.what);
    const which = routes.length > 2 ? `${named.join(', ')} and ${routes.length - 2} more` : named.join(' and ');
    const proxy = admitted || !routes.some((r) => r.gateway) ? '' : `, and ${GATEWAY_PROXY}`;
    out.untried(
      m.workloadEndpoint(d)!.name,
      'ingress',
      `${which} route${routes.length > 1 ? '' : 's'} traffic from outside the cluster where the analysis cannot follow${proxy}, so whether it reaches this workload is not known`,
      first.source.file,
      first.source.line,
    );
  }
}

/**
 * The Services (`ns/name`) an object not analysed routes to, where each is
 * one of the state with a selector (its pods are those it picks); undefined
 * where some is not (none given, not held, or without selector: its
 * endpoints may be any pod's), so that any workload may be reached.
 */
function routedServices(m: Matrix, ids: readonly string[] | undefined): Service[] | undefined {
  if (ids === undefined) return undefined;
  const found = ids.map((id) => m.cluster.services.find((s) => `${s.namespace}/${s.name}` === id));
  return found.every((s): s is Service => s !== undefined && s.selector !== undefined) ? found : undefined;
}

/**
 * The workloads of `to` that ingress objects route some of `ports` to and
 * that the ingress controller does not reach on them (where the collector
 * counts the pair): with the objects that route, and the ports it misses.
 */
function routedKeptOut(m: Matrix, controller: Endpoint, inv: { readonly ports: ConnectionSet }, to: Targets, out: Collector, only?: (object: string) => boolean): Array<{ dst: Endpoint; via: string; missing: ConnectionSet }> {
  const found: Array<{ dst: Endpoint; via: string; missing: ConnectionSet }> = [];
  for (const d of [...to.workloads].sort((a, b) => a - b)) {
    const path = m.ingressPath(d);
    if (!path) continue;
    const via = only ? path.via.filter((v) => only(v.object)) : path.via;
    if (via.length === 0) continue;
    const ports = only ? via.reduce((p, v) => p.union(v.ports), ConnectionSet.NONE) : path.ports;
    const dst = m.workloadEndpoint(d)!;
    const missing = ports.intersect(inv.ports).subtract(m.connection(controller, dst));
    if (!missing.isEmpty() && out.counts(controller, dst)) found.push({ dst, via: via.map((v) => v.object).join(', '), missing });
  }
  return found;
}

function onHostNetwork(w: Workload): boolean {
  return w.pods.some((p) => p.hostNetwork);
}

/** Why a Service without selector may lead to any workload's pods. */
const SELECTORLESS = "it has no selector: its endpoints are set outside the manifests, by an EndpointSlice that may hold this workload's pods' addresses";

/**
 * The ports a Service forwards to on a workload's pods: those of the pods
 * its selector picks, and, for a Service without selector, any (its
 * endpoints are set by hand, "an external process managing its endpoints",
 * core/v1 ServiceSpec.selector, and may be the pods of any namespace).
 */
function forwardedTo(service: Service, w: Workload): ConnectionSet {
  return service.selector ? servicePodPorts(service, w) : ConnectionSet.ALL;
}

/**
 * The Services whose traffic the nodes take and give their own address:
 * NodePort and LoadBalancer ones, and those with external IPs whatever
 * their type (kube-proxy takes that traffic on the nodes; a ClusterIP
 * Service cannot set Local), where externalTrafficPolicy is Cluster.
 */
function nodeServices(m: Matrix): Service[] {
  return m.cluster.services.filter((s) => s.externalTrafficPolicy === 'Cluster' && (s.type === 'NodePort' || s.type === 'LoadBalancer' || s.externalIPs.length > 0));
}

/**
 * The LoadBalancer Services whose externalTrafficPolicy is Local and whose
 * load balancer the manifests do not show to pass the client's address on
 * (Service.keepsClientAddress): one that proxies (AWS's Classic ELB, the
 * in-tree default, or an NLB with IP targets) sends from its own address
 * (kubernetes.io/docs/tutorials/services/source-ip/, "Cross-platform
 * support"), which kube-proxy then keeps.
 */
function proxiedServices(m: Matrix): Service[] {
  return m.cluster.services.filter((s) => s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local' && s.keepsClientAddress === undefined);
}

/** Why a load balancer that may proxy lets any client in where the policies admit some outside address. */
const PROXY_ADDRESS =
  "a load balancer that proxies (AWS's Classic ELB, the default there, or an NLB with IP targets) sends from its own address, which the manifests do not give and which may be among the outside addresses its ingress policies admit on those ports, so that any client gets through (an annotation that shows a load balancer passing the client's address on, such as service.beta.kubernetes.io/aws-load-balancer-type: nlb, has the policies decide)";

/** The ports some outside address (of the ranges `from` takes: every one by default) reaches a workload on: with every range, those a load balancer's own address may be admitted on. */
function fromOutside(m: Matrix, dst: Endpoint, from: (source: Endpoint) => boolean = () => true): ConnectionSet {
  let conn = ConnectionSet.NONE;
  for (const r of m.ingressRanges) {
    const source = m.externalEndpoint(r);
    if (from(source)) conn = conn.union(m.connection(source, dst));
  }
  return conn;
}

/**
 * Traffic from outside through a Service of type NodePort or LoadBalancer
 * whose externalTrafficPolicy is Cluster (the default): kube-proxy
 * replaces the client's address with that of the node that took it
 * (kubernetes.io "Using Source IP"), and traffic from a pod's own node is
 * always allowed (kubernetes.io network policies), so each workload of `to`
 * behind it that the policies keep outside addresses out of, on some of its
 * ports, gets them where the node that takes the traffic is its own:
 * untried, failing closed. (With Local the client's address is kept, and
 * the policies decide.)
 */
function nodePortPaths(m: Matrix, inv: { readonly ports: ConnectionSet }, to: Targets, out: Collector, witness: (source: Endpoint) => boolean = () => true): void {
  const services = nodeServices(m);
  const proxied = proxiedServices(m);
  if (services.length === 0 && proxied.length === 0) return;
  for (const d of [...to.workloads].sort((a, b) => a - b)) {
    const w = m.workloads[d]!;
    if (w.id === INGRESS_CONTROLLER_ID || isRepresentative(w)) continue;
    const dst = m.workloadEndpoint(d)!;
    // what outside addresses that are witnesses reach already: a witness of its own
    const reached = fromOutside(m, dst, witness);
    for (const service of services) {
      const missing = forwardedTo(service, w).intersect(inv.ports).subtract(reached);
      if (missing.isEmpty()) continue;
      out.untried(
        dst.name,
        'ingress',
        `Service ${service.namespace}/${service.name} (${service.type}${service.externalIPs.length > 0 ? ' with external IPs' : ''}, externalTrafficPolicy: Cluster) takes ${missing.toString()} for it from outside the cluster on every node${service.selector ? '' : ` (${SELECTORLESS})`}, and kube-proxy gives that traffic the address of the node that took it: traffic from a pod's own node is always allowed, whatever the policies say, so it gets through there (externalTrafficPolicy: Local keeps the client's address)`,
        service.source.file,
        service.source.line,
      );
    }
    // with Local, through a load balancer that may proxy: the policies see its address, where they admit some outside one
    if (proxied.length === 0) continue;
    const admitted = fromOutside(m, dst);
    for (const service of proxied) {
      const missing = forwardedTo(service, w).intersect(inv.ports).intersect(admitted).subtract(reached);
      if (missing.isEmpty()) continue;
      out.untried(
        dst.name,
        'ingress',
        `Service ${service.namespace}/${service.name} (LoadBalancer, externalTrafficPolicy: Local) takes ${missing.toString()} for it from outside the cluster through a load balancer not known to pass the client's address on${service.selector ? '' : ` (${SELECTORLESS})`}: ${PROXY_ADDRESS}`,
        service.source.file,
        service.source.line,
      );
    }
  }
}

/** The ports Kubernetes gives node ports from unless the cluster sets another range (kube-apiserver --service-node-port-range). */
const NODE_PORTS = { from: 30000, to: 32767 } as const;

/**
 * Traffic from a pod to a Service of type NodePort or LoadBalancer (through
 * its node port), or to a Service's external IPs, where externalTrafficPolicy
 * is Cluster: the pod sends it to an address outside the pod network (a
 * node's, the load balancer's, the external IP), and kube-proxy gives it the
 * address of the node that takes it (kubernetes.io "Using Source IP");
 * traffic from a pod's own node is always allowed (kubernetes.io network
 * policies), so where the node that takes it is the destination pod's own,
 * the destination's policies do not keep the source out. So each pair of a
 * source whose egress admits addresses outside the pod network on some port
 * of the Service's protocols and a workload of `to` behind the Service that
 * the policies keep it from goes untried, failing closed. (Network plugins
 * that replace kube-proxy may keep the pod's address, and the policies
 * decide; which one the cluster runs the manifests do not say.) A load
 * balancer's address is taken on the nodes as well, with or without a node
 * port.
 */
function nodePortPodPaths(m: Matrix, inv: { readonly ports: ConnectionSet; readonly line: number }, from: Iterable<number>, to: Iterable<number>, out: Collector): void {
  // kube-proxy takes traffic to a load balancer's address on the nodes too, node port or not. A Service without
  // selector, whose endpoints are written by hand, may forward to any workload's pods, on any port (forwardedTo)
  const services = nodeServices(m);
  const proxied = proxiedServices(m);
  if (services.length === 0 && proxied.length === 0) return;
  const targets = [...to].filter((i) => m.workloads[i]!.id !== INGRESS_CONTROLLER_ID && !isRepresentative(m.workloads[i]!));
  if (targets.length === 0) return;
  // what each source may send to addresses outside the pod network, a node's among them
  const outward = new Map<number, ConnectionSet>();
  const egressOut = (s: number): ConnectionSet => {
    let conn = outward.get(s);
    if (conn === undefined) {
      const src = m.workloadEndpoint(s)!;
      conn = ConnectionSet.NONE;
      for (const r of m.egressRanges) conn = conn.union(m.connection(src, m.externalEndpoint(r)));
      outward.set(s, conn);
    }
    return conn;
  };
  const sources = [...from].sort((a, b) => a - b);
  // the sources that may send to the Service's `client` ports outside the pod network, where the policies keep `ports` from them
  const senders = (d: number, dst: Endpoint, service: Service, ports: ConnectionSet, client: ConnectionSet, why: (src: Endpoint, missing: ConnectionSet) => string) => {
    for (const s of sources) {
      if (s === d || m.workloads[s]!.id === INGRESS_CONTROLLER_ID) continue;
      const src = m.workloadEndpoint(s)!;
      if (!out.counts(src, dst) || egressOut(s).intersect(client).isEmpty()) continue;
      const missing = ports.subtract(m.connection(src, dst));
      if (!missing.isEmpty()) out.untried(`${src.name} => ${dst.name}`, 'ingress', why(src, missing), service.source.file, service.source.line);
    }
  };
  for (const d of targets.sort((a, b) => a - b)) {
    const w = m.workloads[d]!;
    const dst = m.workloadEndpoint(d)!;
    for (const service of services) {
      const ports = forwardedTo(service, w).intersect(inv.ports);
      if (ports.isEmpty()) continue;
      // where the source sends: a node port (the default range, where an explicit one lies too), the load balancer's or an external IP's service port
      let client = ConnectionSet.NONE;
      for (const p of service.ports) {
        if (service.type === 'NodePort' || (service.type === 'LoadBalancer' && service.allocateLoadBalancerNodePorts)) client = client.union(ConnectionSet.ports(p.protocol, NODE_PORTS.from, NODE_PORTS.to));
        if (service.type === 'LoadBalancer' || service.externalIPs.length > 0) client = client.union(ConnectionSet.ports(p.protocol, p.port, p.port));
      }
      senders(d, dst, service, ports, client, (src, missing) =>
        `Service ${service.namespace}/${service.name} (${service.type}${service.externalIPs.length > 0 ? ' with external IPs' : ''}, externalTrafficPolicy: Cluster) takes ${missing.toString()} for it on every node${service.selector ? '' : ` (${SELECTORLESS})`}, and ${src.name} may send to addresses outside the pod network: kube-proxy gives that traffic the address of the node that took it, and traffic from a pod's own node is always allowed, whatever the policies say, so it gets through there (a network plugin that replaces kube-proxy may keep the pod's address)`,
      );
    }
    // with Local, a pod that sends to the load balancer's address, where it may proxy: the destination sees the load balancer's
    if (proxied.length === 0) continue;
    const admitted = fromOutside(m, dst);
    for (const service of proxied) {
      const ports = forwardedTo(service, w).intersect(inv.ports).intersect(admitted);
      if (ports.isEmpty()) continue;
      let client = ConnectionSet.NONE;
      for (const p of service.ports) client = client.union(ConnectionSet.ports(p.protocol, p.port, p.port));
      senders(d, dst, service, ports, client, (src, missing) =>
        `Service ${service.namespace}/${service.name} (LoadBalancer, externalTrafficPolicy: Local) takes ${missing.toString()} for it through a load balancer not known to pass the client's address on${service.selector ? '' : ` (${SELECTORLESS})`}, and ${src.name} may send to addresses outside the pod network, the load balancer's among them: ${PROXY_ADDRESS.replace('any client gets', 'it gets')}`,
      );
    }
  }
}

/**
 * Traffic from outside through ingress objects, where the ingress
 * controller the config declares is a host-network workload of the
 * manifests (its namespace, pods with its labels): its traffic is its
 * node's, and traffic between a pod and its own node is always allowed
 * (kubernetes.io network policies), so each workload of `to` that ingress
 * objects route some of `ports` to, and that the policies keep the
 * controller out of, gets it on the controller's node (every node, for a
 * DaemonSet): untried, failing closed.
 */
function hostControllerPaths(m: Matrix, inv: { readonly ports: ConnectionSet; readonly line: number }, to: Targets, out: Collector): void {
  const controller = m.ingressController();
  if (controller?.kind !== 'workload' || isPlaceholderController(controller.workload)) return;
  const labels = controller.workload.pods[0]?.labels ?? {};
  const host = m.workloads.find(
    (w) => w.id !== INGRESS_CONTROLLER_ID && w.namespace === controller.workload.namespace && w.pods.some((p) => p.hostNetwork && Object.entries(labels).every(([k, v]) => p.labels[k] === v)),
  );
  if (!host) return;
  const where = host.kind === 'DaemonSet' ? 'runs on every node' : 'may run on the node of any pod';
  for (const { dst, via, missing } of routedKeptOut(m, controller, inv, to, out)) {
    out.untried(
      dst.name,
      'ingress',
      `${via} route ${missing.toString()} to it from outside the cluster through the ingress controller ${host.id}, which uses the host network and ${where}: traffic between a pod and its own node is always allowed, whatever the policies say, so it gets through there`,
      host.source.file,
      host.source.line,
    );
  }
}

/**
 * Traffic from outside that the policies alone do not decide, for an
 * invariant on traffic from the internet: through a stand-in or
 * host-network ingress controller, routing the analysis cannot follow, and
 * node ports. `witness` tells the outside ranges whose paths are witnesses.
 */
function outsideUntried(m: Matrix, inv: { readonly ports: ConnectionSet; readonly line: number }, to: Targets, out: Collector, witness?: (source: Endpoint) => boolean): void {
  placeholderPaths(m, inv, to, out);
  cloudIngressPaths(m, inv, to, out, witness);
  hostControllerPaths(m, inv, to, out);
  unmodelledRoutePaths(m, inv, to, out);
  nodePortPaths(m, inv, to, out, witness);
}

/**
 * Traffic between a pod and the node it runs on is always allowed,
 * whatever policies say (kubernetes.io/docs/concepts/services-networking/network-policies:
 * "traffic to and from the node where a Pod is running is always allowed";
 * pods cannot "block access from their resident node"), and a host-network
 * workload's traffic is its node's. So for each pair of a host-network
 * workload and a pod (either way) that the policies keep apart on all of
 * `ports`, where the two share a node (always, for a DaemonSet), they
 * connect: the pair goes untried, failing closed. Pairs the policies
 * connect are witnesses already.
 */
function nodeLocalPaths(m: Matrix, inv: { readonly ports: ConnectionSet; readonly line: number }, from: Iterable<number>, to: Iterable<number>, out: Collector): void {
  const targets = [...to].filter((i) => m.workloads[i]!.id !== INGRESS_CONTROLLER_ID);
  const hostTargets = targets.filter((i) => onHostNetwork(m.workloads[i]!));
  for (const s of [...from].sort((a, b) => a - b)) {
    const sw = m.workloads[s]!;
    if (sw.id === INGRESS_CONTROLLER_ID) continue;
    const hostSource = onHostNetwork(sw);
    // a host-network source with every pod of `to`; a pod source with the host-network workloads of `to`
    for (const d of hostSource ? targets : hostTargets) {
      if (d === s) continue;
      const dw = m.workloads[d]!;
      if (hostSource && onHostNetwork(dw)) continue;
      const src = m.workloadEndpoint(s)!;
      const dst = m.workloadEndpoint(d)!;
      if (!out.counts(src, dst) || !m.connection(src, dst).intersect(inv.ports).isEmpty()) continue;
      const [host, pod] = hostSource ? [sw, dw] : [dw, sw];
      const where = host.kind === 'DaemonSet' ? `runs on every node, so on that of ${pod.id} too` : `may run on the node of ${pod.id}`;
      out.untried(
        `${src.name} => ${dst.name}`,
        hostSource ? 'egress' : 'ingress',
        `${host.id} uses the host network and ${where}: traffic between a pod and its own node is always allowed, whatever the policies say, so the two connect there`,
        out.file,
        inv.line,
      );
    }
  }
}

/**
 * Whether the verdict on one pair rests on rules whose peers are not
 * modelled exactly (RuleSpec.doubt: a Cilium toServices or toFQDNs rule, a
 * Calico services selector...): with `opens` (never, only), ports of `inv`
 * shown closed that such a rule could open; with `closes` (always), ports
 * shown open that it could close. The pair then goes untried, failing
 * closed. (Paths marked for L7 rules are open at L4, as shown.)
 */
function doubtedPair(m: Matrix, inv: { readonly ports: ConnectionSet; readonly line: number }, src: Endpoint, dst: Endpoint, risk: 'opens' | 'closes', out: Collector): void {
  if (same(src, dst) || !out.counts(src, dst)) return;
  const d = m.doubts(src, dst, inv.ports, risk);
  if (d.ports.isEmpty()) return;
  out.untried(
    `${src.name} => ${dst.name}`,
    d.direction,
    doubtMessage(d.ports, risk, d.why),
    out.file,
    inv.line,
  );
}

/** What a witness says of ports whose verdict rests on what is not modelled exactly. */
function doubtMessage(ports: ConnectionSet, risk: 'opens' | 'closes', why: readonly string[]): string {
  return `${ports.toString()} is shown ${risk === 'opens' ? 'closed' : 'open'}, but policy parts not modelled exactly could ${risk === 'opens' ? 'open' : 'close'} it (${why.join('; ')}), so whether it gets through is not known`;
}

/** doubtedPair over every pair of sources and targets where one end has such rules: at no cost where no rule is doubted. */
function doubtedPairs(m: Matrix, inv: { readonly ports: ConnectionSet; readonly line: number }, sources: readonly Endpoint[], targets: readonly Endpoint[], risk: 'opens' | 'closes', out: Collector): void {
  if (!m.hasDoubts) return;
  const doubtedTargets = targets.filter((d) => d.kind === 'workload' && m.doubtedEnd(d.index, 'ingress'));
  for (const src of sources) {
    const all = src.kind === 'workload' && m.doubtedEnd(src.index, 'egress');
    for (const dst of all ? targets : doubtedTargets) {
      if (src.kind === 'external' && dst.kind === 'external') continue;
      doubtedPair(m, inv, src, dst, risk, out);
    }
  }
}

/** Whether a workload has pods that may talk to one another (its replicas): not a lone Pod, the stand-in controller or a representative. */
function hasReplicas(w: Workload): boolean {
  return w.kind !== 'Pod' && w.id !== INGRESS_CONTROLLER_ID && !isRepresentative(w);
}

/**
 * The pairs of two pods of one workload that both sides pick: policies
 * govern traffic between a workload's replicas as between any two pods, so
 * `present` records those that may open some of `ports`, `missing` those
 * that may not open all of them.
 */
function replicaPairs(m: Matrix, inv: { readonly ports: ConnectionSet; readonly line: number }, workloads: Iterable<number>, what: 'present' | 'missing', out: Collector): void {
  for (const i of [...workloads].sort((a, b) => a - b)) {
    if (!hasReplicas(m.workloads[i]!)) continue;
    const e = m.workloadEndpoint(i)!;
    const between = m.betweenReplicas(e, what === 'missing');
    const ports = what === 'present' ? between.intersect(inv.ports) : inv.ports.subtract(between);
    if (!ports.isEmpty()) out.pair(e, e, ports);
    if (!m.hasDoubts || !out.counts(e, e)) continue;
    // what rules not modelled exactly decide between them is not sure either way
    const risk = what === 'present' ? 'opens' : 'closes';
    const d = m.replicaDoubts(i, inv.ports, risk);
    if (d.ports.isEmpty()) continue;
    out.untried(
      `${e.name} => ${e.name}`,
      'ingress',
      `between two of its pods, ${doubtMessage(d.ports, risk, d.why)}`,
      out.file,
      inv.line,
    );
  }
}

/** The workloads both sets hold. */
function both(a: ReadonlySet<number>, b: ReadonlySet<number>): number[] {
  return [...a].filter((i) => b.has(i));
}

/** Evaluates an invariant on one matrix into a collector: the selectors that match nothing there. */
/**
 * Where a source reaches among some destinations (a role's picked set:
 * those destinations a `within` set has some part of), in the order of
 * Matrix.row: through the row where those are many, pair by pair where
 * they are few (an invariant on a few workloads, checked from every pod a
 * large state and its representatives hold, would otherwise list every
 * pair of them).
 */
class Reach {
  private readonly targets: readonly Endpoint[];
  private readonly few: boolean;

  constructor(private readonly m: Matrix, within: Picked) {
    const all = m.destinationEndpoints();
    this.targets = all.filter((d) => within.inside(m, d).length > 0);
    this.few = this.targets.length * 8 < all.length;
  }

  /** What src reaches among the targets; `pods`: what its pods may open (Matrix.podConnection), for the declared ingress controller. */
  from(src: Endpoint, pods = false): Array<{ readonly dst: Endpoint; readonly conn: ConnectionSet }> {
    if (!this.few) return pods ? this.m.podRow(src) : this.m.row(src);
    const out: Array<{ dst: Endpoint; conn: ConnectionSet }> = [];
    for (const dst of this.targets) {
      const conn = pods ? this.m.podConnection(src, dst) : this.m.connection(src, dst);
      if (!conn.isEmpty()) out.push({ dst, conn });
    }
    return out;
  }
}

/**
 * Whether src is the ingress controller the config declares (not the
 * stand-in placed where nothing says where it runs): its pods run there and
 * open what their policies allow, besides the traffic they carry from
 * outside.
 */
function declaredController(m: Matrix, src: Endpoint): boolean {
  return m.isIngressController(src) && src.kind === 'workload' && !isPlaceholderController(src.workload);
}

function evaluateOn(inv: Invariant, m: Matrix, out: Collector): EndpointSelector[] {
  const unmatched: EndpointSelector[] = [];
  switch (inv.kind) {
    case 'never': {
      const from = new Picked(m, inv.from, true);
      const to = new Picked(m, inv.to);
      unmatched.push(...from.unmatched, ...to.unmatched);
      const reach = new Reach(m, to);
      // a selector of pods that picks the declared controller takes its pods with all they may open, not only the traffic from outside
      const controllerPods = inv.from.some((sel) => picksController(sel, m) !== undefined);
      for (const src of from.endpoints(m, m.ingressRanges)) {
        for (const c of reach.from(src, controllerPods && declaredController(m, src))) {
          const bad = c.conn.intersect(inv.ports);
          if (bad.isEmpty()) continue;
          for (const s of from.inside(m, src)) for (const d of to.inside(m, c.dst)) out.pair(s, d, bad);
        }
        if (src.kind === 'workload') namedPortPaths(m, inv, src, to, out);
      }
      // a client in an outside range takes the same ways in as any other
      if (inv.from.some((sel) => sel.internet || sel.cidr)) outsideUntried(m, inv, to, out, outsideWitness(inv.from, from));
      doubtedPairs(m, inv, from.endpoints(m, m.ingressRanges), to.endpoints(m, m.egressRanges), 'opens', out);
      nodeLocalPaths(m, inv, from.workloads, to.workloads, out);
      nodePortPodPaths(m, inv, from.workloads, to.workloads, out);
      replicaPairs(m, inv, both(from.workloads, to.workloads), 'present', out);
      break;
    }
    case 'always': {
      const from = new Picked(m, inv.from);
      const to = new Picked(m, inv.to);
      unmatched.push(...from.unmatched, ...to.unmatched);
      for (const src of from.endpoints(m, m.ingressRanges)) {
        for (const dst of to.endpoints(m, m.egressRanges)) {
          if (same(src, dst) || (src.kind === 'external' && dst.kind === 'external')) continue;
          // each of a workload's pods needs the path, where they differ (RD010), not only some of them
          const conn = m.everyPod(src, dst);
          const missing = inv.ports.subtract(conn);
          // a range of the state's cut may reach past the invariant's CIDR: the witness is the part it names, as for never
          if (!missing.isEmpty()) for (const s of from.inside(m, src)) for (const d of to.inside(m, dst)) out.pair(s, d, missing);
          // what rules with peers not modelled exactly alone allow is not sure to get through
          if (m.hasDoubts) doubtedPair(m, inv, src, dst, 'closes', out);
        }
      }
      replicaPairs(m, inv, both(from.workloads, to.workloads), 'missing', out);
      break;
    }
    case 'only': {
      const subject = new Picked(m, inv.subject, inv.side === 'from');
      // a workload labelled on its object only stays outside the list: the stricter reading
      const allowed = new Picked(m, inv.allowed, false, inv.side === 'to', false);
      // every pod outside the list counts, present or future: the list picks pods the manifests do not hold by what it can know of them
      const templates = new Map<EndpointSelector, ReadonlyArray<{ namespace: string; labels: Labels }>>();
      const templatesOf = (sel: EndpointSelector) => {
        let t = templates.get(sel);
        if (!t) templates.set(sel, (t = listedTemplates(sel, m)));
        return t;
      };
      m.workloads.forEach((w, i) => {
        if (isRepresentative(w) && inv.allowed.some((sel) => listedPod(sel, w, m, templatesOf))) allowed.workloads.add(i);
      });
      unmatched.push(...subject.unmatched, ...allowed.unmatched);
      // the workloads outside the allowed list, as sources or destinations
      const others = () => m.workloads.flatMap((w, i) => (allowed.workloads.has(i) ? [] : [i]));
      // endpoints outside the allowed list (or partly outside it), in the order of `ends`
      const outsiders = (ends: readonly Endpoint[]) => ends.filter((e) => !allowed.covers(e));
      if (inv.side === 'to') {
        // an outside range the list allows is no witness: what it reaches does not stand for the rest
        if (!inv.allowed.some((sel) => sel.internet)) outsideUntried(m, inv, subject, out, (source) => !allowed.covers(source));
        // a source outside the list may open a port by name on pods present or future that declare it
        for (const src of m.sourceEndpoints()) {
          if (src.kind === 'workload' && !allowed.covers(src)) namedPortPaths(m, inv, src, subject, out);
        }
        nodeLocalPaths(m, inv, others(), subject.workloads, out);
        nodePortPodPaths(m, inv, others(), subject.workloads, out);
        doubtedPairs(m, inv, outsiders(m.sourceEndpoints()), subject.endpoints(m, m.egressRanges), 'opens', out);
        // a protected workload's replicas are sources outside the list unless it is listed
        replicaPairs(m, inv, [...subject.workloads].filter((i) => !allowed.workloads.has(i)), 'present', out);
        const reach = new Reach(m, subject);
        // a list that takes the declared controller in as the carrier of traffic from outside (internet) leaves what its own pods open besides outside it
        const listsControllerPods = inv.allowed.some((sel) => picksController(sel, m) !== undefined);
        for (const src of m.sourceEndpoints()) {
          if (allowed.covers(src)) {
            if (!declaredController(m, src) || listsControllerPods) continue;
            for (const c of reach.from(src, true)) {
              const bad = c.conn.subtract(m.connection(src, c.dst)).intersect(inv.ports);
              if (bad.isEmpty()) continue;
              for (const d of subject.inside(m, c.dst)) if (!same(src, d)) out.pair(src, d, bad);
            }
            continue;
          }
          // the declared controller's pods are sources outside the list with all they may open
          for (const c of reach.from(src, declaredController(m, src))) {
            const bad = c.conn.intersect(inv.ports);
            if (bad.isEmpty()) continue;
            for (const s of allowed.outside(m, src)) for (const d of subject.inside(m, c.dst)) if (!same(s, d)) out.pair(s, d, bad);
          }
        }
      } else {
        const outside = { workloads: new Set(others()) };
        if (inv.subject.some((sel) => sel.internet || sel.cidr)) outsideUntried(m, inv, outside, out, outsideWitness(inv.subject, subject));
        for (const src of subject.endpoints(m, [])) if (src.kind === 'workload') namedPortPaths(m, inv, src, outside, out);
        nodeLocalPaths(m, inv, subject.workloads, others(), out);
        nodePortPodPaths(m, inv, subject.workloads, others(), out);
        doubtedPairs(m, inv, subject.endpoints(m, m.ingressRanges), outsiders(m.destinationEndpoints()), 'opens', out);
        replicaPairs(m, inv, [...subject.workloads].filter((i) => !allowed.workloads.has(i)), 'present', out);
        const subjectPods = inv.subject.some((sel) => picksController(sel, m) !== undefined);
        for (const src of subject.endpoints(m, m.ingressRanges)) {
          const pods = subjectPods && declaredController(m, src);
          for (const c of pods ? m.podRow(src) : m.row(src)) {
            const bad = c.conn.intersect(inv.ports);
            if (bad.isEmpty()) continue;
            for (const s of subject.inside(m, src)) for (const d of allowed.outside(m, c.dst)) out.pair(s, d, bad);
          }
        }
      }
      break;
    }
    case 'isolated': {
      const picked = new Picked(m, inv.workloads, false, true);
      unmatched.push(...picked.unmatched);
      const directions: Direction[] = inv.direction === 'both' ? ['ingress', 'egress'] : [inv.direction];
      for (const i of [...picked.workloads].sort((a, b) => a - b)) {
        const w = m.workloads[i]!;
        for (const d of directions) {
          const isolation = m.isolation(i, d);
          if (!isolation.isolated) out.workload(i, d, `no policy isolates ${w.id} for ${d}, so all ${d} traffic is allowed by default`);
          // its pods differ (RD010): each must be isolated
          else if (!isolation.wholly) out.workload(i, d, `the pods of ${w.id} differ and no policy isolates some of them for ${d}, so all ${d} traffic of those is allowed by default`);
          else {
            // a policy that may hold it or not may be the one that isolates it, unless another surely does
            // per pod group: one group surely isolated does not make another so
            const doubts = m.subjectDoubts(i, d);
            if (doubts.length > 0 && !m.surelyIsolated(i, d)) out.workload(i, d, `${doubts.map((x) => `${x.policy}: ${x.why}`).join('; ')}, so whether a policy isolates ${w.id} for ${d} is not known`);
          }
        }
      }
      break;
    }
  }
  return unmatched;
}

/** Checks invariants on one state. */
export function checkInvariants(invariants: readonly Invariant[], given: Matrix, options: AnalyzeOptions = {}, file = '', failOnNotAnalysed = true): InvariantResult[] {
  const m = invariantState(invariants, given, options, file, failOnNotAnalysed);
  return invariants.map((invariant) => {
    const head = evaluateInvariant(invariant, m);
    return { invariant, status: head.status, head };
  });
}

/** Checks invariants on both states and classifies each. */
export function compareInvariants(invariants: readonly Invariant[], givenBase: Matrix, givenHead: Matrix, options: AnalyzeOptions = {}, file = '', failOnNotAnalysed = true): InvariantResult[] {
  const base = invariantState(invariants, givenBase, options, file, failOnNotAnalysed);
  const head = invariantState(invariants, givenHead, options, file, failOnNotAnalysed);
  return invariants.map((invariant) => {
    const b = evaluateInvariant(invariant, base);
    const h = evaluateInvariant(invariant, head);
    const held = invariant.kind === 'always' ? undefined : reachedAtBase(invariant, b, h, head, givenBase, options, file, failOnNotAnalysed);
    const added = addedWitnesses(b, h, held);
    // the witnesses the change adds first: those are the ones a reviewer needs to see where only some are listed
    const ordered = added.size > 0 ? { ...h, witnesses: [...h.witnesses.filter((w) => added.has(w)), ...h.witnesses.filter((w) => !added.has(w))] } : h;
    return { invariant, status: comparedStatus(b, h, held), base: b, head: ordered, added };
  });
}

/**
 * Head's pairs from a pod a representative stands for (pods present or
 * future) to a workload of both states, whose names base's pairs do not
 * have, where base was violated: representatives are made from each
 * state's own selectors, so the same pod may be named otherwise at base.
 * Each such pod is added to base as it is (its namespace, where base has
 * none of that name or one of the same labels), and the invariant is
 * evaluated there once, as base's selectors, lists and policies read it: a
 * pair that breaks it there with those connections broke it at base
 * already (not one whose end base's selectors did not pick, nor one base's
 * policies did not let through). Those pairs; none where base held.
 */
function reachedAtBase(
  invariant: Invariant,
  b: InvariantState,
  h: InvariantState,
  head: InvariantStateMatrix,
  givenBase: Matrix,
  options: AnalyzeOptions,
  file: string,
  failOnNotAnalysed: boolean,
): ReadonlySet<PairEvidence> | undefined {
  if (!(b.status === 'violated' || (b.status === 'unmatched' && b.witnessCount > 0))) return undefined;
  const be = evidenceOf(b);
  const he = evidenceOf(h);
  if (!be?.paired || !he?.paired) return undefined;
  const old = pairsByEnds(be.paired);
  const representatives = new Map<string, { w: Workload; ns: Namespace }>();
  for (const m of [head.matrix, ...head.more]) {
    for (let i = head.real; i < m.workloads.length; i++) {
      const w = m.workloads[i]!;
      const ns = m.cluster.namespaces.get(w.namespace);
      if (isRepresentative(w) && ns && !representatives.has(w.id)) representatives.set(w.id, { w, ns });
    }
  }
  const baseIds = new Set(givenBase.cluster.workloads.map((w) => w.id));
  const pending: Array<{ p: PairEvidence }> = [];
  const added = new Map<string, Workload>();
  const namespaces = new Map(givenBase.cluster.namespaces);
  for (const p of he.paired.values()) {
    if (p.src !== undefined || p.dst !== undefined || heldAtBase(p, old)) continue;
    const [src, dst] = p.ends.split('\u0000') as [string, string];
    const rep = representatives.get(src);
    if (!rep || !baseIds.has(dst)) continue;
    const known = namespaces.get(rep.ns.name);
    if (known && JSON.stringify(known.labels) !== JSON.stringify(rep.ns.labels)) continue;
    if (!known) namespaces.set(rep.ns.name, rep.ns);
    added.set(rep.w.id, rep.w);
    pending.push({ p });
  }
  if (pending.length === 0) return undefined;
  const probe = analyze({ ...givenBase.cluster, namespaces, workloads: [...givenBase.cluster.workloads, ...added.values()] }, options);
  const there = evidenceOf(evaluateInvariant(invariant, invariantState([invariant], probe, options, file, failOnNotAnalysed)));
  if (!there?.paired) return undefined;
  const broke = pairsByEnds(there.paired);
  const held = new Set<PairEvidence>();
  for (const { p } of pending) if (heldAtBase(p, broke)) held.add(p);
  return held;
}

/** An invariant's status across a change, from its state at base and at head. */
export function comparedStatus(b: InvariantState, h: InvariantState, held?: ReadonlySet<PairEvidence>): InvariantStatus {
  const bad = (s: InvariantState) => s.status !== 'holds';
  // a base whose selectors matched nothing had no verdict: a violation at head is new unless base already had a witness;
  // and a witness head adds to base's (a pair, or more connections of one, another doubt) is a new violation on top of the old ones
  const violatedAtBase = (b.status === 'violated' || (b.status === 'unmatched' && b.witnessCount > 0)) && !addsTo(b, h, held);
  return h.status === 'unmatched' ? 'unmatched' : bad(h) ? (violatedAtBase ? 'still violated' : 'newly violated') : bad(b) ? 'fixed' : 'holds';
}

/**
 * Whether head has a witness base did not have: a pair base did not
 * break the invariant with, or did with fewer connections (for always,
 * fewer missing) or for fewer of its addresses outside the cluster, or
 * an untried witness base did not have. Then the invariant is newly
 * violated, so that a change that breaks it again, for other pods or
 * ports, or brings in another doubt, is not passed as still violated
 * because some other pair broke it already. Every witness counts, not
 * only those listed; where either state had too many to tell, head is
 * taken to add to base.
 */
function addsTo(b: InvariantState, h: InvariantState, held?: ReadonlySet<PairEvidence>): boolean {
  const be = evidenceOf(b);
  const he = evidenceOf(h);
  if (be === undefined || he === undefined) return true;
  if (he.pairs > 0) {
    if (be.paired === undefined || he.paired === undefined) return true;
    const old = pairsByEnds(be.paired);
    for (const p of he.paired.values()) if (!heldAtBase(p, old) && !held?.has(p)) return true;
  }
  if (he.doubts === undefined) return true;
  if (he.doubts.size > 0) {
    if (be.doubts === undefined) return true;
    for (const k of he.doubts) if (!be.doubts.has(k)) return true;
  }
  return false;
}

/**
 * The witnesses head lists that base did not have (see addsTo), where
 * base is known; every one of them where it is not.
 */
export function addedWitnesses(b: InvariantState, h: InvariantState, held?: ReadonlySet<PairEvidence>): ReadonlySet<Witness> {
  const be = evidenceOf(b);
  const he = evidenceOf(h);
  const old = be?.paired ? pairsByEnds(be.paired) : undefined;
  return new Set(
    h.witnesses.filter((w) => {
      if (w.kind !== 'pair') return be?.doubts === undefined || !be.doubts.has(witnessKey(w));
      const key = pairKey(w.src, w.dst);
      const p = he?.paired?.get(key);
      return old === undefined || (!heldAtBase(p ?? { ends: key, ports: w.ports }, old) && !(p && held?.has(p)));
    }),
  );
}

function pairKey(src: string, dst: string): string {
  return `${src}\u0000${dst}`;
}

function pairsByEnds(paired: ReadonlyMap<string, PairEvidence>): Map<string, PairEvidence[]> {
  const out = new Map<string, PairEvidence[]>();
  for (const p of paired.values()) {
    const list = out.get(p.ends);
    if (list) list.push(p);
    else out.set(p.ends, [p]);
  }
  return out;
}

/**
 * Whether base's pairs between the same ends hold a pair of head with all
 * its connections: for an end outside the cluster, over all of its
 * addresses (base's ranges may be cut otherwise).
 */
function heldAtBase(p: PairEvidence, old: ReadonlyMap<string, readonly PairEvidence[]>): boolean {
  const wider = (old.get(p.ends) ?? []).filter((o) => o.ports.covers(p.ports));
  if (p.src === undefined && p.dst === undefined) return wider.length > 0;
  if (p.src !== undefined && p.dst !== undefined) return wider.some((o) => o.src !== undefined && o.dst !== undefined && addr.covers(o.src, p.src!) && addr.covers(o.dst, p.dst!));
  const side = p.src !== undefined ? 'src' : 'dst';
  return addr.covers(wider.reduce((all, o) => addr.union(all, o[side] ?? addr.NONE), addr.NONE), p[side]!);
}

/** A state's Evidence: as collected, else from its witnesses where they are all listed (pairs by their names); undefined where not known. */
function evidenceOf(s: InvariantState): Evidence | undefined {
  if (s.evidence) return s.evidence;
  if (s.witnesses.length < s.witnessCount) return undefined;
  const pairs = s.witnesses.filter((w) => w.kind === 'pair');
  const paired = new Map<string, PairEvidence>();
  for (const w of pairs) {
    const key = pairKey(w.src, w.dst);
    paired.set(key, { ends: key, ports: paired.get(key)?.ports.union(w.ports) ?? w.ports });
  }
  return { pairs: pairs.length, paired, doubts: new Set(s.witnesses.filter((w) => w.kind !== 'pair').map(witnessKey)) };
}

/** What tells an untried witness apart from another, across states (its place in a file aside; an object's content, edited, not). */
function witnessKey(w: Witness): string {
  return w.kind === 'pair' ? `pair\u0000${w.src}\u0000${w.dst}` : w.kind === 'object' ? `object\u0000${w.object}\u0000${w.message}\u0000${w.digest ?? ''}` : `${w.workload}\u0000${w.direction}\u0000${w.message}`;
}

/**
 * Whether a result counts as a failure, and whether it fails a check of
 * new violations only: new in head, or matching nothing there, which is no
 * verdict at all (a typo in a selector must not pass because base had it too).
 */
export function failing(r: InvariantResult): { failed: boolean; isNew: boolean } {
  switch (r.status) {
    case 'holds':
    case 'fixed':
      return { failed: false, isNew: false };
    case 'still violated':
      return { failed: true, isNew: false };
    case 'newly violated':
    case 'violated':
    case 'unmatched':
      return { failed: true, isNew: true };
  }
}
