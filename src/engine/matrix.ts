import { ConnectionSet, ConnectionTable } from '../model/connections.js';
import type { Diagnostic } from '../model/diagnostics.js';
import type { AddressSet } from '../model/addresses.js';
import * as addr from '../model/addresses.js';
import type { ExternalRange } from '../model/ipranges.js';
import { endpointSortKey, findRange, formatExternal } from '../model/ipranges.js';
import type { Labels, Workload } from '../model/cluster.js';
import type { Cluster } from '../input/cluster.js';
import type { Action, ClassMatch, PolicyObject, RuleDoubt } from '../policy/kind.js';
import type { CompiledRule, Decision, Direction, DirectionPolicy, HoldingPolicy, NamedPortToken, PortMap } from './rules.js';
import { allowsName, classMatchHas, deniesByDefault, evaluate } from './rules.js';
import type { Selector } from '../model/selectors.js';
import type { IngressPath, UnresolvedBackend } from './ingress.js';

/** Pods that no policy can tell apart: same namespace, labels, named ports. */
export interface PodClass {
  readonly index: number;
  readonly namespace: number;
  readonly labels: Labels;
  readonly portMap: PortMap;
  /** False for host-network pods when policies do not select them. */
  readonly selectable: boolean;
  readonly workloads: number[];
  /** The pods' service account, where some selector sees it (otherwise pods of several may share the class). */
  readonly serviceAccount?: string;
}

/** Ingress verdicts shared by destination classes under the same policies. */
export interface IngressGroup {
  readonly policy: DirectionPolicy;
  /** For selectable sources that no specific rule names. */
  readonly defaultSel: number;
  /** For sources that selectors never match (host network). */
  readonly defaultNonSel: number;
  /** Source class -> connection id, where it differs from defaultSel (computed on first use). */
  readonly specific: ReadonlyMap<number, number>;
  /** The connections from a source class. */
  from(src: number): number;
  /** Source classes that some rule names, each at least once (for destinations closed by default). */
  readonly named: ReadonlyArray<Int32Array>;
  /** Per ingress external range. */
  readonly external: Int32Array;
  readonly open: boolean;
}

/** Egress verdicts shared by source classes under the same policies. */
export interface EgressGroup {
  readonly policy: DirectionPolicy;
  defaultFor(dst: PortMap, selectable: boolean): number;
  /** The connections to a destination class, computed on demand. */
  to(dst: number): number;
  /** Destination classes that some rule names, each at least once (for sources closed by default). */
  readonly named: ReadonlyArray<Int32Array>;
  /** Total length of `named`. */
  readonly namedCount: number;
  /** Per egress external range. */
  readonly external: Int32Array;
  readonly open: boolean;
}

/** What the engine computed; the Matrix answers questions from it. */
export interface EngineState {
  /** The state as read. */
  readonly cluster: Cluster;
  /** Its workloads, and the ingress controller's pod after them where ingress objects route to some. */
  readonly workloads: readonly Workload[];
  /** The ingress controller (by workload index) and what ingress objects route to, by workload index. */
  readonly ingress?: { readonly controller: number; readonly paths: ReadonlyMap<number, IngressPath> };
  /** Backends of ingress objects whose pods are not known. */
  readonly unresolvedBackends?: readonly UnresolvedBackend[];
  /** NodePort, LoadBalancer and externalIPs Services whose selector picks no pod of the state (unknownPodServices). */
  readonly unknownPodServices?: readonly UnresolvedBackend[];
  readonly table: ConnectionTable;
  readonly classes: readonly PodClass[];
  readonly workloadClasses: readonly (readonly number[])[];
  readonly ingressPolicies: readonly DirectionPolicy[];
  readonly egressPolicies: readonly DirectionPolicy[];
  /** The groups of classes, made on first use. */
  readonly ingressGroup: (c: number) => IngressGroup;
  readonly egressGroup: (c: number) => EgressGroup;
  /** The whole address space of the IP families analysed. */
  readonly addressSpace: AddressSet;
  /** Disjoint ranges external sources are cut into (by ingress rules). */
  readonly ingressRanges: readonly ExternalRange[];
  /** Disjoint ranges external destinations are cut into (by egress rules). */
  readonly egressRanges: readonly ExternalRange[];
  /** Sorted (destination class, connection id) pairs of a source class. */
  readonly row: (c: number) => Int32Array;
  /** Sorted (source class, connection id) pairs of a destination class. */
  readonly column: (c: number) => Int32Array;
  /** The connection id of a pair of classes. */
  readonly pair: (s: number, d: number) => number;
  /** Computes every row at once, for a caller about to read them all. */
  readonly allRows: () => void;
  readonly diagnostics: readonly Diagnostic[];
  /** The names of the namespaces a selector matches, in the cluster's order. */
  readonly selectNamespaces: (selector: Selector) => readonly string[];
  /**
   * The workloads with a pod that matches `pods` (undefined: any)
   * in a namespace (by name) or in the namespaces a selector matches,
   * host-network pods included.
   */
  readonly selectWorkloads: (namespaces: string | Selector, pods: Selector | undefined) => readonly Workload[];
  /** Whether selectWorkloads names some workload. */
  readonly selectsWorkloads: (namespaces: string | Selector, pods: Selector | undefined) => boolean;
  /** The classes each policy holds as subject, per direction it acts in. */
  readonly subjectsOf: ReadonlyMap<object, ReadonlyArray<{ readonly direction: Direction; readonly subject: ClassMatch }>>;
  /** The classes a match holds. */
  readonly classList: (m: ClassMatch) => Int32Array | readonly number[];
  /** Whether some rule carries a note (an L7 filter, DNS names): only then do pairs have `via`. */
  readonly noted: boolean;
  /** Whether some rule's peers are not modelled exactly (RuleSpec.doubt), or which pods some policy holds (Step.subjectDoubt). */
  readonly doubted: boolean;
  /** The policies (by direction) whose subjects are not known exactly, why, and the classes they may hold. */
  readonly subjectDoubts: ReadonlyArray<{ readonly direction: Direction; readonly policy: string; readonly why: string; readonly within: ClassMatch }>;
}

export type Endpoint =
  | { readonly kind: 'workload'; readonly name: string; readonly index: number; readonly workload: Workload }
  | { readonly kind: 'external'; readonly name: string; readonly range: ExternalRange };

export interface Connection {
  readonly src: Endpoint;
  readonly dst: Endpoint;
  readonly conn: ConnectionSet;
}

/** Why one end allows (part of) a connection. */
export interface EndExplanation {
  /** `egress` for the source's policies, `ingress` for the destination's. */
  readonly direction: Direction;
  readonly endpoint: string;
  /** False for an external end: no policy governs it. */
  readonly governed: boolean;
  /** A NetworkPolicy selects this end for this direction. */
  readonly isolated: boolean;
  /** Policies whose subject holds this end for this direction. */
  readonly policies: readonly string[];
  /** The same policies with their kinds, and whether each isolates this end. */
  readonly holders: readonly HoldingPolicy[];
  /** The rules that decided, with the ports each decided; a decision without rule is the default allow. */
  readonly decisions: readonly Decision[];
  readonly allowed: ConnectionSet;
}

/** Connections of a pair that pass through rules carrying a note (an L7 filter, DNS names), with the note. */
export interface Via {
  readonly note: string;
  readonly conn: ConnectionSet;
}

const NO_VIA: readonly Via[] = [];

export interface PairExplanation {
  readonly src: Endpoint;
  readonly dst: Endpoint;
  readonly allowed: ConnectionSet;
  /** From the ingress controller: the objects that route to dst, with their ports; the pair's connections are within them. */
  readonly routed?: IngressPath;
  readonly egress: EndExplanation;
  readonly ingress: EndExplanation;
}

const NO_PORTS: PortMap = { id: 0, ports: [] };

/**
 * The reachability of one state: which endpoint may open which connections
 * to which. Workloads are in `ns/name[Kind]` order; external address ranges are
 * cut separately as sources (by ingress rules) and destinations (by egress
 * rules). Answers point queries, lists all pairs in output order, and
 * explains any pair from the rules that apply to it.
 */
export class Matrix {
  readonly workloads: readonly Workload[];
  /** The whole address space of the IP families analysed: external ranges cover it. */
  readonly addressSpace: AddressSet;
  readonly ingressRanges: readonly ExternalRange[];
  readonly egressRanges: readonly ExternalRange[];
  readonly diagnostics: readonly Diagnostic[];
  private readonly workloadIndex = new Map<string, number>();
  private sources?: Endpoint[];
  private rowScratch?: { conn: Int32Array; stamp: Int32Array; call: number };
  private destinations?: Endpoint[];
  /** The ingress controller's workload index, -1 where there is none. */
  private readonly controller: number;

  constructor(private readonly state: EngineState) {
    this.workloads = state.workloads;
    this.addressSpace = state.addressSpace;
    this.controller = state.ingress?.controller ?? -1;
    this.ingressRanges = state.ingressRanges;
    this.egressRanges = state.egressRanges;
    this.diagnostics = state.diagnostics;
    this.workloads.forEach((w, i) => this.workloadIndex.set(w.id, i));
  }

  /** The namespaces a selector matches: see EngineState.selectNamespaces. */
  selectNamespaces(selector: Selector): readonly string[] {
    return this.state.selectNamespaces(selector);
  }

  /** The workloads a selector names: see EngineState.selectWorkloads. */
  selectWorkloads(namespaces: string | Selector, pods: Selector | undefined): readonly Workload[] {
    return this.state.selectWorkloads(namespaces, pods);
  }

  /** Whether a selector names some workload: see EngineState.selectWorkloads. */
  selectsWorkloads(namespaces: string | Selector, pods: Selector | undefined): boolean {
    return this.state.selectsWorkloads(namespaces, pods);
  }

  get cluster(): Cluster {
    return this.state.cluster;
  }

  workloadEndpoint(idOrIndex: string | number): Endpoint | undefined {
    const index = typeof idOrIndex === 'number' ? idOrIndex : this.workloadIndex.get(idOrIndex);
    const workload = index === undefined ? undefined : this.workloads[index];
    return workload && index !== undefined ? { kind: 'workload', name: workload.id, index, workload } : undefined;
  }

  externalEndpoint(range: ExternalRange): Endpoint {
    return { kind: 'external', name: formatExternal(range), range };
  }

  private sorted(ranges: readonly ExternalRange[], withController: boolean): Endpoint[] {
    const eps: Endpoint[] = [...ranges.map((r) => this.externalEndpoint(r))];
    for (let i = 0; i < this.workloads.length; i++) if (withController || i !== this.controller) eps.push(this.workloadEndpoint(i)!);
    if (!ranges.some((r) => r.family === 'ipv6')) return eps.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // IPv6 ranges sort by a key of their own (endpointSortKey), the rest by name
    const keyed = eps.map((e) => ({ e, key: e.kind === 'external' && e.range.family === 'ipv6' ? endpointSortKey(e.name) : e.name }));
    return keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((k) => k.e);
  }

  /** Sources in output order: ingress external ranges, workloads, and the ingress controller (last). */
  sourceEndpoints(): readonly Endpoint[] {
    return (this.sources ??= this.sorted(this.ingressRanges, true));
  }

  /** Destinations in output order: egress external ranges and workloads (the ingress controller is never one). */
  destinationEndpoints(): readonly Endpoint[] {
    return (this.destinations ??= this.sorted(this.egressRanges, false));
  }

  /** The ingress controller's endpoint, where ingress objects route to some workload. */
  ingressController(): Endpoint | undefined {
    return this.controller < 0 ? undefined : this.workloadEndpoint(this.controller);
  }

  /** Whether an endpoint is the ingress controller. */
  isIngressController(e: Endpoint): boolean {
    return e.kind === 'workload' && e.index === this.controller;
  }

  /** Backends of ingress objects whose pods are not known: they may lead anywhere. */
  get unresolvedBackends(): readonly UnresolvedBackend[] {
    return this.state.unresolvedBackends ?? [];
  }

  /** Services that take traffic from outside the cluster themselves and whose pods the state does not hold: it may reach any pod of their namespace. */
  get unknownPodServices(): readonly UnresolvedBackend[] {
    return this.state.unknownPodServices ?? [];
  }

  /** What ingress objects route to a workload (by index), if any. */
  ingressPath(index: number): IngressPath | undefined {
    return this.state.ingress?.paths.get(index);
  }

  /** The connections from the ingress controller to a workload: what policies allow, on the ports ingress objects route to it. */
  private fromController(v: number): number {
    const path = this.state.ingress?.paths.get(v);
    if (!path) return ConnectionTable.NONE;
    const t = this.state.table;
    return t.meet(this.workloadPair(this.controller, v), t.intern(path.ports));
  }

  private externalIngress(range: ExternalRange, v: number): number {
    const a = findRange(this.ingressRanges, range);
    let conn = ConnectionTable.NONE;
    for (const c of this.state.workloadClasses[v]!) conn = this.state.table.join(conn, this.state.ingressGroup(c).external[a]!);
    return conn;
  }

  private externalEgress(w: number, range: ExternalRange): number {
    const b = findRange(this.egressRanges, range);
    let conn = ConnectionTable.NONE;
    for (const c of this.state.workloadClasses[w]!) conn = this.state.table.join(conn, this.state.egressGroup(c).external[b]!);
    return conn;
  }

  private workloadPair(w: number, v: number): number {
    if (w === v) return ConnectionTable.NONE;
    let conn = ConnectionTable.NONE;
    for (const c of this.state.workloadClasses[w]!) {
      for (const d of this.state.workloadClasses[v]!) conn = this.state.table.join(conn, this.state.pair(c, d));
    }
    return conn;
  }

  /**
   * The connections policies allow from one pod of a workload to another of
   * it (between its replicas): a pair no listing shows, since a workload's
   * connections to itself are not listed, but one the policies govern.
   */
  betweenReplicas(w: Endpoint, every = false): ConnectionSet {
    if (w.kind !== 'workload' || w.index === this.controller) return ConnectionSet.NONE;
    const classes = this.state.workloadClasses[w.index]!;
    const t = this.state.table;
    // every: what each two of its pods may open, whatever their pod groups (see everyPod)
    let conn: number | undefined;
    for (const c of classes) for (const d of classes) conn = conn === undefined ? this.state.pair(c, d) : every ? t.meet(conn, this.state.pair(c, d)) : t.join(conn, this.state.pair(c, d));
    return t.get(conn ?? ConnectionTable.NONE);
  }

  /**
   * The connections every pod of src may open to every pod of dst. Where a
   * workload's pods differ (pod groups that policies tell apart, RD010:
   * a Deployment and an older ReplicaSet of it), connection() holds what
   * any of them may open; this holds what each may, which an invariant
   * that needs a path (always) asks for.
   */
  everyPod(src: Endpoint, dst: Endpoint): ConnectionSet {
    const s = this.state;
    const t = s.table;
    const groups = (e: Endpoint) => (e.kind === 'workload' ? s.workloadClasses[e.index]! : []);
    if (groups(src).length <= 1 && groups(dst).length <= 1) return this.connection(src, dst);
    if (dst.kind === 'workload' && dst.index === this.controller) return ConnectionSet.NONE;
    let conn: number | undefined;
    const meet = (c: number) => (conn = conn === undefined ? c : t.meet(conn, c));
    if (src.kind === 'external') {
      if (dst.kind === 'external') return ConnectionSet.NONE;
      const a = findRange(this.ingressRanges, src.range);
      for (const d of groups(dst)) meet(s.ingressGroup(d).external[a]!);
    } else if (dst.kind === 'external') {
      if (src.index === this.controller) return ConnectionSet.NONE;
      const b = findRange(this.egressRanges, dst.range);
      for (const c of groups(src)) meet(s.egressGroup(c).external[b]!);
    } else if (src.index === dst.index) {
      return ConnectionSet.NONE;
    } else {
      for (const c of groups(src)) for (const d of groups(dst)) meet(s.pair(c, d));
      // the ingress controller reaches a workload on the ports ingress objects route to it (fromController)
      if (src.index === this.controller) meet(t.intern(s.ingress?.paths.get(dst.index)?.ports ?? ConnectionSet.NONE));
    }
    return t.get(conn ?? ConnectionTable.NONE);
  }

  /**
   * The connections src may open to dst. An external endpoint may be any
   * range inside one of this matrix's ranges for its role.
   */
  connection(src: Endpoint, dst: Endpoint): ConnectionSet {
    const t = this.state.table;
    if (dst.kind === 'workload' && dst.index === this.controller) return ConnectionSet.NONE;
    if (src.kind === 'external') return dst.kind === 'external' ? ConnectionSet.NONE : t.get(this.externalIngress(src.range, dst.index));
    if (src.index === this.controller) return dst.kind === 'external' ? ConnectionSet.NONE : t.get(this.fromController(dst.index));
    if (dst.kind === 'external') return t.get(this.externalEgress(src.index, dst.range));
    return t.get(this.workloadPair(src.index, dst.index));
  }

  /**
   * The connections the pods of src may open to dst as the policies allow
   * them: for the ingress controller, on every port and to external
   * addresses too, not only the traffic ingress objects route through it
   * (connection), since its pods open what their policies let them; for
   * any other source, connection(src, dst).
   */
  podConnection(src: Endpoint, dst: Endpoint): ConnectionSet {
    if (src.kind !== 'workload' || src.index !== this.controller) return this.connection(src, dst);
    const t = this.state.table;
    if (dst.kind === 'external') return t.get(this.externalEgress(src.index, dst.range));
    if (dst.index === this.controller) return ConnectionSet.NONE;
    return t.get(this.workloadPair(src.index, dst.index));
  }

  /** What podConnection gives from src to every destination, those it reaches, in output order. */
  podRow(src: Endpoint): Connection[] {
    if (src.kind !== 'workload' || src.index !== this.controller) return this.row(src);
    return this.destinationEndpoints().flatMap((dst) => {
      const conn = this.podConnection(src, dst);
      return conn.isEmpty() ? [] : [{ src, dst, conn }];
    });
  }

  private ranks?: { workload: Int32Array; range: Int32Array };

  /** Output ranks of destination workloads and egress ranges. */
  private destinationRanks(): { workload: Int32Array; range: Int32Array } {
    if (!this.ranks) {
      const workload = new Int32Array(this.workloads.length);
      const range = new Int32Array(this.egressRanges.length);
      this.destinationEndpoints().forEach((e, i) => {
        if (e.kind === 'workload') workload[e.index] = i;
        else range[findRange(this.egressRanges, e.range)] = i;
      });
      this.ranks = { workload, range };
    }
    return this.ranks;
  }

  /**
   * The destinations src may reach, with the connections, in output order.
   * An external src may be any range inside one of the ingress ranges.
   */
  row(src: Endpoint): Connection[] {
    const t = this.state.table;
    const dsts = this.destinationEndpoints();
    const { ranks, conns } = this.compactRow(src);
    const out: Connection[] = new Array<Connection>(ranks.length);
    for (let i = 0; i < ranks.length; i++) out[i] = { src, dst: dsts[ranks[i]!]!, conn: t.get(conns[i]!) };
    return out;
  }

  /**
   * A row without objects: the ranks of the destinations in
   * destinationEndpoints() order, and the ids of the connections in this
   * matrix's table (see connectionSet).
   */
  compactRow(src: Endpoint): { ranks: Int32Array; conns: Int32Array } {
    const t = this.state.table;
    const dsts = this.destinationEndpoints();
    if (src.kind === 'external') {
      const a = findRange(this.ingressRanges, src.range);
      const ranks: number[] = [];
      const conns: number[] = [];
      dsts.forEach((dst, rank) => {
        if (dst.kind !== 'workload') return;
        let conn = ConnectionTable.NONE;
        for (const c of this.state.workloadClasses[dst.index]!) conn = t.join(conn, this.state.ingressGroup(c).external[a]!);
        if (conn !== ConnectionTable.NONE) {
          ranks.push(rank);
          conns.push(conn);
        }
      });
      return { ranks: Int32Array.from(ranks), conns: Int32Array.from(conns) };
    }
    const { workload: workloadRank, range: rangeRank } = this.destinationRanks();
    const w = src.index;
    if (w === this.controller) {
      const out: Array<[number, number]> = [];
      for (const v of this.state.ingress?.paths.keys() ?? []) {
        const conn = this.fromController(v);
        if (conn !== ConnectionTable.NONE) out.push([workloadRank[v]!, conn]);
      }
      out.sort((a, b) => a[0] - b[0]);
      return { ranks: Int32Array.from(out.map((x) => x[0])), conns: Int32Array.from(out.map((x) => x[1])) };
    }
    const controller = this.controller;
    // connections accumulate per destination rank in reusable arrays; a stamp marks this call's entries
    const acc = (this.rowScratch ??= { conn: new Int32Array(dsts.length), stamp: new Int32Array(dsts.length), call: 0 });
    const call = ++acc.call;
    const ranks: number[] = [];
    const add = (rank: number, conn: number) => {
      if (acc.stamp[rank] === call) {
        acc.conn[rank] = t.join(acc.conn[rank]!, conn);
      } else {
        acc.stamp[rank] = call;
        acc.conn[rank] = conn;
        ranks.push(rank);
      }
    };
    for (const c of this.state.workloadClasses[w]!) {
      const row = this.state.row(c);
      for (let i = 0; i < row.length; i += 2) {
        for (const v of this.state.classes[row[i]!]!.workloads) if (v !== w && v !== controller) add(workloadRank[v]!, row[i + 1]!);
      }
      const ext = this.state.egressGroup(c).external;
      for (let b = 0; b < ext.length; b++) if (ext[b] !== ConnectionTable.NONE) add(rangeRank[b]!, ext[b]!);
    }
    const sorted = Int32Array.from(ranks).sort();
    const conns = new Int32Array(sorted.length);
    for (let i = 0; i < sorted.length; i++) conns[i] = acc.conn[sorted[i]!]!;
    return { ranks: sorted, conns };
  }

  /**
   * The columns of some destination workloads (by index), without objects:
   * for each, the workload sources (by index) that reach it, with the ids of
   * the connections (see connectionSet).
   */
  compactColumns(dsts: readonly number[]): Array<Map<number, number>> {
    const s = this.state;
    const t = s.table;
    const controller = this.controller;
    return dsts.map((v) => {
      const col = new Map<number, number>();
      if (v === controller) return col;
      for (const c of s.workloadClasses[v]!) {
        const column = s.column(c);
        for (let i = 0; i < column.length; i += 2) {
          const conn = column[i + 1]!;
          for (const w of s.classes[column[i]!]!.workloads) {
            if (w === v || w === controller) continue;
            const prev = col.get(w);
            col.set(w, prev === undefined ? conn : t.join(prev, conn));
          }
        }
      }
      if (controller >= 0) {
        const conn = this.fromController(v);
        if (conn !== ConnectionTable.NONE) col.set(controller, conn);
      }
      return col;
    });
  }

  /** The connections a compactRow id stands for. */
  connectionSet(id: number): ConnectionSet {
    return this.state.table.get(id);
  }

  /** Every pair with some allowed connection, in the order of the text output. */
  *connections(): Generator<Connection> {
    this.state.allRows();
    for (const src of this.sourceEndpoints()) yield* this.row(src);
  }

  /**
   * The same pairs as connections(), a source's row at a time and without
   * objects: each source with the ranks of its destinations in
   * destinationEndpoints() order and the ids of the connections (see
   * connectionSet). Sources that reach nothing are left out.
   */
  *compactRows(): Generator<{ readonly src: Endpoint; readonly ranks: Int32Array; readonly conns: Int32Array }> {
    this.state.allRows();
    for (const src of this.sourceEndpoints()) {
      const { ranks, conns } = this.compactRow(src);
      if (ranks.length > 0) yield { src, ranks, conns };
    }
  }

  /** Whether some rule of this state carries a note, so that via() may have something to say. */
  get hasNotes(): boolean {
    return this.state.noted;
  }

  /**
   * Whether a policy isolates a workload in a direction (some of its pods:
   * `isolated`; each of them, where its pods differ: `wholly`), which
   * policies hold it as subject (`ns/name` or `name`), and the same with
   * their kinds.
   */
  isolation(index: number, direction: Direction): { isolated: boolean; wholly: boolean; policies: string[]; holders: HoldingPolicy[] } {
    const classes = this.state.workloadClasses[index]!;
    let isolated = false;
    // where its pods differ (RD010), whether each of its pod groups is isolated, not only some
    let wholly = classes.length > 0;
    const holders = new Map<string, HoldingPolicy>();
    for (const c of classes) {
      const dp = direction === 'ingress' ? this.state.ingressPolicies[c]! : this.state.egressPolicies[c]!;
      const denies = dp.isolated && deniesByDefault(dp);
      isolated ||= denies;
      wholly &&= denies;
      for (const p of dp.policies) {
        const key = `${p.kind}\u0000${p.id}`;
        const known = holders.get(key);
        // a policy that isolates one class of the workload isolates it
        if (!known || (p.isolates && !known.isolates)) holders.set(key, p);
      }
    }
    const list = [...holders.values()];
    return { isolated, wholly, policies: [...new Set(list.map((p) => p.id))], holders: list };
  }

  /**
   * What one workload's own policies admit in a direction with another
   * workload, whatever the other's policies say: its ingress verdict for
   * connections from `peer`, or its egress verdict for connections to it.
   * Exposure analysis reads a workload's side only.
   */
  admits(self: number, peer: number, direction: Direction): ConnectionSet {
    const s = this.state;
    const t = s.table;
    let conn = ConnectionTable.NONE;
    for (const c of s.workloadClasses[self]!) {
      for (const d of s.workloadClasses[peer]!) conn = t.join(conn, direction === 'ingress' ? s.ingressGroup(c).from(d) : s.egressGroup(c).to(d));
    }
    return t.get(conn);
  }

  /** Whether workload `index`'s egress lets something through to some external range, as connection() to each says. */
  egressReachesOutside(index: number): boolean {
    if (index === this.controller) return false;
    for (const c of this.state.workloadClasses[index]!) if (this.state.egressGroup(c).external.some((conn) => conn !== ConnectionTable.NONE)) return true;
    return false;
  }

  /**
   * Whether workload `index`'s egress lets something through to some
   * workload (itself too), whatever the other end's ingress says: where its
   * egress is closed by default, only the classes its rules name can be
   * reached, so those are asked and not every workload.
   */
  egressReachesWorkloads(index: number): boolean {
    const s = this.state;
    const classes = s.workloadClasses[index]!;
    if (classes.some((c) => s.egressGroup(c).open)) return this.workloads.some((_, d) => !this.admits(index, d, 'egress').isEmpty());
    for (const c of classes) {
      const g = s.egressGroup(c);
      for (const named of g.named) for (const d of named) if (g.to(d) !== ConnectionTable.NONE) return true;
    }
    return false;
  }

  /** The port names the ingress rules applying to workload `dst` name: a pod like it that declared them might be admitted otherwise. */
  ingressNames(dst: number): readonly NamedPortToken[] {
    return this.namedIn(dst, 'ingress');
  }

  /** The port names the egress rules applying to a workload name, each once. */
  egressNames(src: number): readonly NamedPortToken[] {
    return this.namedIn(src, 'egress');
  }

  private readonly names = { ingress: new Map<number, readonly NamedPortToken[]>(), egress: new Map<number, readonly NamedPortToken[]>() };

  /** The port names the rules applying to a workload in one direction name, each once (kept: invariants ask for each pair of many workloads). */
  private namedIn(index: number, direction: Direction): readonly NamedPortToken[] {
    const known = this.names[direction].get(index);
    if (known) return known;
    const policies = direction === 'ingress' ? this.state.ingressPolicies : this.state.egressPolicies;
    const tokens = new Map<string, NamedPortToken>();
    for (const c of this.state.workloadClasses[index]!) {
      for (const t of policies[c]!.tiers) for (const r of t.rules) for (const n of r.ports.named) tokens.set(`${n.protocol ?? ''}/${n.name}`, n);
    }
    const out = [...tokens.values()];
    this.names[direction].set(index, out);
    return out;
  }

  /**
   * Whether the egress rules of workload `src` only ever allow (no deny or
   * pass), so that what one allows no other takes back: a port name one
   * allows is then allowed on whatever number a pod declares it.
   */
  egressOnlyAllows(src: number): boolean {
    const s = this.state;
    return s.workloadClasses[src]!.every((c) => s.egressPolicies[c]!.tiers.every((t) => t.rules.every((r) => r.action === 'allow')));
  }

  /**
   * The port names the egress rules of workload `src` allow to workload
   * `dst` where `dst` would declare them: `dst` stands for pods the
   * manifests do not hold (an exposure representative), whose ports are not
   * known.
   */
  potentialNames(src: number, dst: number): NamedPortToken[] {
    const s = this.state;
    const out: NamedPortToken[] = [];
    for (const token of this.namedIn(src, 'egress')) {
      const allowed = s.workloadClasses[src]!.some((c) => s.workloadClasses[dst]!.some((d) => allowsName(s.egressPolicies[c]!, (r) => classMatchHas(r.classes, d, s.classes[d]!.selectable), token)));
      if (allowed) out.push(token);
    }
    return out;
  }

  /** The policies of a workload's pods in a direction: one per class, alike ones once. */
  directionPolicies(index: number, direction: Direction): DirectionPolicy[] {
    const out = new Set<DirectionPolicy>();
    for (const c of this.state.workloadClasses[index]!) out.add(direction === 'ingress' ? this.state.ingressPolicies[c]! : this.state.egressPolicies[c]!);
    return [...out];
  }

  /** The workloads a policy holds as subject, per direction it acts in (none for a policy of another state). */
  subjects(policy: PolicyObject): Array<{ direction: Direction; workloads: Workload[] }> {
    const steps = this.state.subjectsOf.get(policy) ?? [];
    return steps.map(({ direction, subject }) => {
      const seen = new Set<number>();
      for (const c of this.state.classList(subject)) for (const w of this.state.classes[c]!.workloads) seen.add(w);
      return { direction, workloads: [...seen].sort((a, b) => a - b).map((w) => this.workloads[w]!) };
    });
  }

  private readonly notedPolicies = new WeakMap<DirectionPolicy, boolean>();
  private readonly doubtedPolicies = new WeakMap<DirectionPolicy, boolean>();

  private hasNotedRule(dp: DirectionPolicy): boolean {
    return someRule(this.notedPolicies, dp, (r) => r.note !== undefined);
  }

  /**
   * The connections from src to dst that some allowing rule with a note
   * lets through (an L7 rule, DNS names), by note, sorted: those paths may
   * be narrower than the connections say. Nothing, at no cost, where no
   * rule of the state has a note.
   */
  via(src: Endpoint, dst: Endpoint): readonly Via[] {
    const s = this.state;
    if (!s.noted) return NO_VIA;
    const egress = src.kind === 'workload' && s.workloadClasses[src.index]!.some((c) => this.hasNotedRule(s.egressPolicies[c]!));
    const ingress = dst.kind === 'workload' && s.workloadClasses[dst.index]!.some((c) => this.hasNotedRule(s.ingressPolicies[c]!));
    if (!egress && !ingress) return NO_VIA;
    const x = this.explain(src, dst);
    const byNote = new Map<string, ConnectionSet>();
    for (const d of [...x.egress.decisions, ...x.ingress.decisions]) {
      const note = d.rule?.note;
      if (note === undefined || d.action !== 'allow') continue;
      byNote.set(note, (byNote.get(note) ?? ConnectionSet.NONE).union(d.ports));
    }
    const out: Via[] = [];
    for (const [note, ports] of byNote) {
      const conn = ports.intersect(x.allowed);
      if (!conn.isEmpty()) out.push({ note, conn });
    }
    return out.sort((a, b) => (a.note < b.note ? -1 : a.note > b.note ? 1 : 0));
  }

  /** Whether some rule of this state has peers not modelled exactly, so that doubts() may have something to say. */
  get hasDoubts(): boolean {
    return this.state.doubted;
  }

  /** Whether a workload's rules in a direction include one whose peers are not modelled exactly, or a policy may hold it that is not known to. */
  doubtedEnd(index: number, direction: Direction): boolean {
    const s = this.state;
    if (!s.doubted) return false;
    if (this.subjectDoubts(index, direction).length > 0) return true;
    return s.workloadClasses[index]!.some((c) => someRule(this.doubtedPolicies, direction === 'ingress' ? s.ingressPolicies[c]! : s.egressPolicies[c]!, (r) => r.doubt !== undefined));
  }

  /**
   * The connections of `ports` from src to dst whose verdict rests on rules
   * whose peers are not modelled exactly, with those rules' reasons. With
   * `opens`, of the connections shown closed, those such a rule could open:
   * an allow (or pass) rule that may match more peers than shown and does
   * not match this one, or a deny (or pass) rule that decided them and may
   * not match it. With `closes`, of those shown open, those such a rule
   * could close: a deny (or pass) rule that may match more peers, or those
   * allowed only by rules that may not match this peer. Nothing, at no
   * cost, where no rule of the state is doubted.
   */
  doubts(src: Endpoint, dst: Endpoint, ports: ConnectionSet, risk: 'opens' | 'closes'): { ports: ConnectionSet; why: string[]; direction: Direction } {
    const none = { ports: ConnectionSet.NONE, why: [], direction: 'egress' as Direction };
    const egress = src.kind === 'workload' && this.doubtedEnd(src.index, 'egress');
    const ingress = dst.kind === 'workload' && this.doubtedEnd(dst.index, 'ingress');
    if (!egress && !ingress) return none;
    const allowed = this.connection(src, dst);
    const at = risk === 'opens' ? ports.subtract(allowed) : ports.intersect(allowed);
    if (at.isEmpty()) return none;
    const x = this.explain(src, dst);
    const hits: DoubtHit[] = [];
    const e = egress && src.kind === 'workload' ? this.endDoubt(src.index, 'egress', dst, at, risk, x.egress.decisions, hits) : ConnectionSet.NONE;
    const i = ingress && dst.kind === 'workload' ? this.endDoubt(dst.index, 'ingress', src, at, risk, x.ingress.decisions, hits) : ConnectionSet.NONE;
    return combineDoubts(at, risk, { allowed: x.egress.allowed, doubt: e }, { allowed: x.ingress.allowed, doubt: i }, hits);
  }

  /** Why which policies hold a workload in a direction is not known: the policies (`Kind ns/name`) that may hold it, with their reasons (none, mostly). */
  subjectDoubts(index: number, direction: Direction): Array<{ policy: string; why: string }> {
    const s = this.state;
    if (s.subjectDoubts.length === 0) return [];
    const classes = s.workloadClasses[index]!;
    return s.subjectDoubts.filter((d) => d.direction === direction && classes.some((c) => classMatchHas(d.within, c, s.classes[c]!.selectable)));
  }

  /**
   * Whether each pod group of a workload (its classes, where its pods
   * differ: RD010) is surely isolated in a direction: some policy holding
   * that group isolates it, and no doubt that the policy holds it
   * (subjectDoubts) reaches that group.
   */
  surelyIsolated(index: number, direction: Direction): boolean {
    const s = this.state;
    return s.workloadClasses[index]!.every((c) => {
      const dp = direction === 'ingress' ? s.ingressPolicies[c]! : s.egressPolicies[c]!;
      const doubted = new Set(s.subjectDoubts.filter((d) => d.direction === direction && classMatchHas(d.within, c, s.classes[c]!.selectable)).map((d) => d.policy));
      return dp.policies.some((p) => p.isolates && !doubted.has(`${p.kind} ${p.id}`));
    });
  }

  /** Whether a doubted rule may match a peer it is not shown to: one its doubt's scope holds, where it gives one. */
  private fitsDoubt(doubt: RuleDoubt, peer: Endpoint): boolean {
    if (!doubt.within) return true;
    if (peer.kind === 'external') return doubt.within.addresses;
    const s = this.state;
    return s.workloadClasses[peer.index]!.some((c) => classMatchHas(doubt.within!.classes, c, s.classes[c]!.selectable));
  }

  /**
   * The same for two pods of one workload (its replicas), which explain()
   * does not read: of `ports`, those shown closed between them (`opens`) or
   * open (`closes`) that a rule of the workload not modelled exactly, or a
   * policy that may hold it, could decide that way; a closed port opens
   * only where each direction allows it or may.
   */
  replicaDoubts(index: number, ports: ConnectionSet, risk: 'opens' | 'closes'): { ports: ConnectionSet; why: string[] } {
    const self = this.workloadEndpoint(index);
    if (!self || !this.state.doubted) return { ports: ConnectionSet.NONE, why: [] };
    const between = this.betweenReplicas(self);
    const at = risk === 'opens' ? ports.subtract(between) : ports.intersect(between);
    const hits: DoubtHit[] = [];
    const end = (direction: Direction) => ({
      allowed: this.admits(index, index, direction),
      doubt: at.isEmpty() || !this.doubtedEnd(index, direction) ? ConnectionSet.NONE : this.endDoubt(index, direction, self, at, risk, undefined, hits),
    });
    return combineDoubts(at, risk, end('egress'), end('ingress'), hits);
  }

  /**
   * One end's share of doubts(): the ports of `at` that workload `index`'s
   * rules in `direction` not modelled exactly, or a policy that may hold it,
   * could decide the way `risk` says, each with why in `hits`. Given the
   * end's decisions for the peer, a rule that may match more counts where
   * it did not decide, one that may match fewer where it did (less what
   * another rule surely allows); without them (between replicas), every
   * such rule counts.
   */
  private endDoubt(index: number, direction: Direction, peer: Endpoint, at: ConnectionSet, risk: 'opens' | 'closes', decisions: readonly Decision[] | undefined, hits: DoubtHit[]): ConnectionSet {
    let doubt = ConnectionSet.NONE;
    const add = (why: string, p: ConnectionSet) => {
      const hit = p.intersect(at);
      if (hit.isEmpty()) return;
      hits.push({ why, ports: hit, direction });
      doubt = doubt.union(hit);
    };
    // may match more: an allow or pass opens, a deny or pass closes; may match fewer: the other way round
    const widening = risk === 'opens' ? (a: Action) => a !== 'deny' : (a: Action) => a !== 'allow';
    const narrowing = risk === 'opens' ? (a: Action) => a !== 'allow' : (a: Action) => a !== 'deny';
    const rulePorts = (r: CompiledRule) => (r.ports.hasNamed ? ConnectionSet.ALL : r.ports.numeric);
    // a policy that may hold this end or not may decide any of it
    for (const d of this.subjectDoubts(index, direction)) add(`${d.policy}: ${d.why}, so what it decides here is not known`, at);
    const decided = new Set(decisions?.map((d) => d.rule));
    for (const dp of this.directionPolicies(index, direction)) {
      for (const t of dp.tiers) {
        for (const r of t.rules) {
          const d = r.doubt;
          if (!d) continue;
          if (d.more && widening(r.action) && !decided.has(r) && this.fitsDoubt(d, peer)) add(doubtText(r), rulePorts(r));
          else if (!decisions && d.fewer && narrowing(r.action)) add(doubtText(r), rulePorts(r));
        }
      }
    }
    if (!decisions) return doubt;
    let sure = ConnectionSet.NONE;
    for (const d of decisions) if (d.action === 'allow' && !d.rule?.doubt?.fewer) sure = sure.union(d.ports);
    for (const d of decisions) {
      // what another rule of this end allows stays allowed
      if (d.rule?.doubt?.fewer && narrowing(d.action)) add(doubtText(d.rule), risk === 'closes' && d.action === 'allow' ? d.ports.subtract(sure) : d.ports);
    }
    return doubt;
  }

  /** The ranges of a role's cut that a range overlaps, clipped to it. */
  private rangesWithin(range: ExternalRange, ranges: readonly ExternalRange[]): ExternalRange[] {
    const out: ExternalRange[] = [];
    const whole = addr.ofRange(range);
    for (let i = findRange(ranges, range); i < ranges.length; i++) {
      const r = ranges[i]!;
      if (r.family !== range.family || r.first > range.last) break;
      out.push(...addr.ranges(addr.intersect(whole, addr.ofRange(r))));
    }
    return out;
  }

  /**
   * The rules of one end of a pair (the source's for egress, the
   * destination's for ingress) that match the other end, each with the
   * ports it matches there, whether or not it decided them: a rule that an
   * earlier one decides before it (a Deny of a higher priority, a Pass past
   * its tier) still matches. In evaluation order, each rule once.
   */
  matching(src: Endpoint, dst: Endpoint, direction: Direction): Decision[] {
    const s = this.state;
    const [self, peer] = direction === 'egress' ? [src, dst] : [dst, src];
    if (self.kind === 'external') return [];
    const byRule = new Map<number, Decision>();
    const add = (dp: DirectionPolicy, matches: (r: CompiledRule) => boolean, portMap: PortMap) => {
      for (const t of dp.tiers) {
        for (const rule of t.rules) {
          if (!matches(rule)) continue;
          const ports = rule.ports.on(portMap);
          if (ports.isEmpty()) continue;
          const prev = byRule.get(rule.id);
          byRule.set(rule.id, { rule, action: rule.action, ports: prev ? prev.ports.union(ports) : ports });
        }
      }
    };
    for (const c of s.workloadClasses[self.index]!) {
      const dp = direction === 'egress' ? s.egressPolicies[c]! : s.ingressPolicies[c]!;
      if (peer.kind === 'external') {
        for (const part of this.rangesWithin(peer.range, direction === 'ingress' ? this.ingressRanges : this.egressRanges)) {
          add(dp, (r) => addr.holds(r.addresses, part), direction === 'ingress' ? s.classes[c]!.portMap : NO_PORTS);
        }
        continue;
      }
      if (self.index === peer.index) continue;
      for (const pc of s.workloadClasses[peer.index]!) {
        add(dp, (r) => classMatchHas(r.classes, pc, s.classes[pc]!.selectable), direction === 'ingress' ? s.classes[c]!.portMap : s.classes[pc]!.portMap);
      }
    }
    return [...byRule.values()];
  }

  /** Explains the connections from src to dst: the rules of each end that decided. */
  explain(src: Endpoint, dst: Endpoint): PairExplanation {
    const egress = this.end('egress', src, dst);
    const ingress = this.end('ingress', dst, src);
    const path = this.isIngressController(src) && dst.kind === 'workload' ? this.ingressPath(dst.index) : undefined;
    return { src, dst, allowed: this.connection(src, dst), egress, ingress, ...(path ? { routed: path } : {}) };
  }

  /** One end of explain(): what `self`'s policies of a direction decide for traffic with `peer`, without the pair's verdict. */
  end(direction: Direction, self: Endpoint, peer: Endpoint): EndExplanation {
    const s = this.state;
    if (self.kind === 'external') {
      return { direction, endpoint: self.name, governed: false, isolated: false, policies: [], holders: [], decisions: [], allowed: ConnectionSet.ALL };
    }
    const selfClasses = s.workloadClasses[self.index]!;
    const peerClasses = peer.kind === 'workload' ? s.workloadClasses[peer.index]! : [];
    const peerMatcher = (peerClass: number) => (r: { classes: Parameters<typeof classMatchHas>[0] }) => classMatchHas(r.classes, peerClass, s.classes[peerClass]!.selectable);
    const decisions: Decision[] = [];
    let allowed = ConnectionSet.NONE;
    let isolated = false;
    const holders = new Map<string, HoldingPolicy>();
    for (const c of selfClasses) {
      const dp = direction === 'egress' ? s.egressPolicies[c]! : s.ingressPolicies[c]!;
      isolated ||= dp.isolated;
      dp.policies.forEach((p) => holders.set(`${p.kind}\u0000${p.id}`, p));
      if (peer.kind === 'external') {
        // a range may span several of this state's ranges (a merged diff line): each is decided on its own
        for (const part of this.rangesWithin(peer.range, direction === 'ingress' ? this.ingressRanges : this.egressRanges)) {
          const portMap = direction === 'ingress' ? s.classes[c]!.portMap : NO_PORTS;
          allowed = allowed.union(evaluate(dp, (r: { addresses: AddressSet }) => addr.holds(r.addresses, part), portMap, decisions));
        }
        continue;
      }
      for (const pc of peerClasses) {
        if (self.index === peer.index) continue;
        const portMap = direction === 'ingress' ? s.classes[c]!.portMap : s.classes[pc]!.portMap;
        allowed = allowed.union(evaluate(dp, peerMatcher(pc), portMap, decisions));
      }
    }
    const held = [...holders.values()];
    return { direction, endpoint: self.name, governed: true, isolated, policies: [...new Set(held.map((p) => p.id))], holders: held, decisions: dedupe(decisions), allowed };
  }
}

/** Whether some rule of a direction policy passes a test, remembered per policy in `cache`. */
function someRule(cache: WeakMap<DirectionPolicy, boolean>, dp: DirectionPolicy, test: (r: CompiledRule) => boolean): boolean {
  let found = cache.get(dp);
  if (found === undefined) {
    found = dp.tiers.some((t) => t.rules.some(test));
    cache.set(dp, found);
  }
  return found;
}

/** A reason a pair's verdict is doubted, on which ports, at which end. */
interface DoubtHit {
  readonly why: string;
  readonly ports: ConnectionSet;
  readonly direction: Direction;
}

/** A doubted rule and why, for a witness. */
function doubtText(r: CompiledRule): string {
  return `${r.origin.policyKind} ${r.origin.policy} ${r.origin.name ?? `${r.direction}[${r.origin.index}]`}: ${r.doubt!.why}`;
}

/**
 * The doubted ports of `at` from each end's share: a closed port opens only
 * where each end allows it or may; an open one closes where either end may
 * close it. With the reasons that reach those ports, and the end of the first.
 */
function combineDoubts(
  at: ConnectionSet,
  risk: 'opens' | 'closes',
  egress: { allowed: ConnectionSet; doubt: ConnectionSet },
  ingress: { allowed: ConnectionSet; doubt: ConnectionSet },
  hits: readonly DoubtHit[],
): { ports: ConnectionSet; why: string[]; direction: Direction } {
  const ports = risk === 'opens' ? at.intersect(egress.allowed.union(egress.doubt)).intersect(ingress.allowed.union(ingress.doubt)) : at.intersect(egress.doubt.union(ingress.doubt));
  const counted = hits.filter((h) => !h.ports.intersect(ports).isEmpty());
  return { ports, why: [...new Set(counted.map((h) => h.why))].sort(), direction: counted[0]?.direction ?? 'egress' };
}

function dedupe(decisions: Decision[]): Decision[] {
  const byKey = new Map<string, Decision>();
  for (const d of decisions) {
    const key = `${d.rule?.id ?? 'default'}:${d.action}`;
    const prev = byKey.get(key);
    byKey.set(key, prev ? { ...prev, ports: prev.ports.union(d.ports) } : d);
  }
  return [...byKey.values()];
}
