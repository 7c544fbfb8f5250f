import { ConnectionSet } from '../model/connections.js';
import * as addr from '../model/addresses.js';
import type { ExternalRange } from '../model/ipranges.js';
import { compareEndpointNames, findRange, formatExternal, joinRanges, rangesTouch } from '../model/ipranges.js';
import type { Connection, Endpoint, Matrix, Via } from '../engine/matrix.js';
import type { AffectedEnds } from './affected.js';
import { affectedEnds } from './affected.js';
import { INGRESS_CONTROLLER_ID } from '../engine/ingress.js';

export type ChangeType = 'added' | 'removed' | 'changed';

/** A workload that exists on one side only. */
export interface WorkloadChange {
  readonly workload: string;
  readonly change: 'added' | 'removed';
}

/** One ordered pair whose allowed connections differ between base and head. */
export interface Change {
  /**
   * `added`: opened from nothing; `removed`: closed entirely; `changed`:
   * ports differ, or only the rules with a note (an L7 filter, DNS names)
   * that the same ports pass through (see `via`).
   */
  readonly type: ChangeType;
  readonly src: string;
  readonly dst: string;
  /** The pair on each side, where both ends exist there. */
  readonly baseEndpoints?: { readonly src: Endpoint; readonly dst: Endpoint };
  readonly headEndpoints?: { readonly src: Endpoint; readonly dst: Endpoint };
  readonly base: ConnectionSet;
  readonly head: ConnectionSet;
  /** Connections allowed in head but not in base. */
  readonly opened: ConnectionSet;
  /** Connections allowed in base but not in head. */
  readonly closed: ConnectionSet;
  /** Ends that exist on one side only. */
  readonly workloads: readonly WorkloadChange[];
  /**
   * Where the connections are the same on both sides, but not the rules
   * with a note they pass through (an L7 filter added or dropped): what
   * passes through such rules on each side. Such a rule may let through
   * less than its ports, so that the path is not the same. `edited`: the
   * notes the pair passes through on both sides whose filters were edited
   * (PolicyKind.noteFilter: an HTTP path widened), the same rules by name.
   */
  readonly via?: { readonly base: readonly Via[]; readonly head: readonly Via[]; readonly edited?: readonly string[] };
}

export interface Diff {
  readonly base: Matrix;
  readonly head: Matrix;
  /** Changed, then added, then removed; each sorted by source, then destination. */
  readonly changes: readonly Change[];
}

/** The canonical key of a connection id of a matrix, memoized. */
function connectionKeys(m: Matrix): (id: number) => string {
  const memo: string[] = [];
  return (id) => (memo[id] ??= m.connectionSet(id).key);
}

/**
 * Compares rows of the two matrices without building them: destinations by
 * their name, connections by their canonical key, each looked up once.
 */
function rowComparer(base: Matrix, head: Matrix, baseKey: (id: number) => string, headKey: (id: number) => string): (src: { base?: Endpoint; head?: Endpoint }) => boolean {
  const baseNames = base.destinationEndpoints().map((e) => e.name);
  const headNames = head.destinationEndpoints().map((e) => e.name);
  return (src) => {
    const b = src.base ? base.compactRow(src.base) : undefined;
    const h = src.head ? head.compactRow(src.head) : undefined;
    const bn = b?.ranks.length ?? 0;
    if (bn !== (h?.ranks.length ?? 0)) return false;
    for (let i = 0; i < bn; i++) {
      if (baseNames[b!.ranks[i]!] !== headNames[h!.ranks[i]!] || baseKey(b!.conns[i]!) !== headKey(h!.conns[i]!)) return false;
    }
    return true;
  };
}

const ORDER: Record<ChangeType, number> = { changed: 0, added: 1, removed: 2 };

/**
 * The change of reachability from base to head. Workloads are matched by
 * identity (`ns/name[Kind]`); external ranges are re-cut on the union of both
 * sides' boundaries so that they compare; both states must have been
 * analysed for the same IP families (ipFamilyOf both). Only pairs a change
 * can have touched are compared (see affectedEnds): the rows of the sources
 * it affected and, from the other sources, the columns of the destinations
 * it affected.
 */
export function diffMatrices(base: Matrix, head: Matrix, given?: AffectedEnds): Diff {
  if (!addr.covers(base.addressSpace, head.addressSpace) || !addr.covers(head.addressSpace, base.addressSpace)) {
    throw new Error('the states of a diff must be analysed for the same IP families');
  }
  const affected = given ?? affectedEnds(base, head);
  const srcAtoms = addr.cutAddressSpace([...base.ingressRanges, ...head.ingressRanges].map(addr.ofRange), base.addressSpace);
  const dstAtoms = addr.cutAddressSpace([...base.egressRanges, ...head.egressRanges].map(addr.ofRange), base.addressSpace);
  const dstAtomNames = dstAtoms.map(formatExternal);
  const dstAtomByName = new Map(dstAtomNames.map((n, i) => [n, dstAtoms[i]!] as const));

  /** A side's row keyed by destination name, external ranges spread on the union atoms. */
  const rowOf = (m: Matrix, row: readonly Connection[]): Map<string, { dst: Endpoint; conn: ConnectionSet }> => {
    const out = new Map<string, { dst: Endpoint; conn: ConnectionSet }>();
    for (const c of row) {
      if (c.dst.kind === 'workload') {
        out.set(c.dst.name, { dst: c.dst, conn: c.conn });
        continue;
      }
      const range = c.dst.range;
      for (let i = findRange(dstAtoms, range); i < dstAtoms.length && dstAtoms[i]!.family === range.family && dstAtoms[i]!.last <= range.last; i++) {
        out.set(dstAtomNames[i]!, { dst: m.externalEndpoint(dstAtoms[i]!), conn: c.conn });
      }
    }
    return out;
  };

  type Source = { name: string; base?: Endpoint; head?: Endpoint };
  const workloadSource = (id: string): Source => {
    const b = base.workloadEndpoint(id);
    const h = head.workloadEndpoint(id);
    return { name: id, ...(b ? { base: b } : {}), ...(h ? { head: h } : {}) };
  };

  // where some rule carries a note, a pair whose connections are the same may pass through other such rules
  const noted = base.hasNotes || head.hasNotes;
  const changes: Change[] = [];
  /**
   * Records the pair src -> dst when its connections differ, or where they
   * are the same, when the rules with a note they pass through do; an end
   * missing from a side is looked up there.
   */
  const compare = (src: Source, dst: string, bc: ConnectionSet, hc: ConnectionSet, before?: Endpoint, after?: Endpoint) => {
    const same = bc.equals(hc);
    if (same && (!noted || bc.isEmpty())) return;
    const external = dst.endsWith('[External]');
    const baseDst = before ?? (external ? base.externalEndpoint(dstAtomByName.get(dst)!) : base.workloadEndpoint(dst));
    const headDst = after ?? (external ? head.externalEndpoint(dstAtomByName.get(dst)!) : head.workloadEndpoint(dst));
    let via: Change['via'];
    if (same) {
      if (!src.base || !src.head || !baseDst || !headDst) return;
      const b = base.via(src.base, baseDst);
      const h = head.via(src.head, headDst);
      if (viaKey(b) === viaKey(h)) {
        // the same notes on the same connections: the filters behind them may still differ
        const edited = b.length === 0 ? [] : editedFilters(filtersOf(base, src.base, baseDst), filtersOf(head, src.head, headDst));
        if (edited.length === 0) return;
        via = { base: b, head: h, edited };
      } else via = { base: b, head: h };
    }
    const type: ChangeType = bc.isEmpty() ? 'added' : hc.isEmpty() ? 'removed' : 'changed';
    const workloads: WorkloadChange[] = [];
    const track = (name: string, inBase: boolean, inHead: boolean) => {
      if (!inBase) workloads.push({ workload: name, change: 'added' });
      else if (!inHead) workloads.push({ workload: name, change: 'removed' });
    };
    // the ingress controller is not a workload of the manifests: it comes and goes with ingress objects
    if (!src.name.endsWith('[External]') && src.name !== INGRESS_CONTROLLER_ID) track(src.name, src.base !== undefined, src.head !== undefined);
    if (!external) track(dst, baseDst !== undefined, headDst !== undefined);
    changes.push({
      type,
      src: src.name,
      dst,
      ...(src.base && baseDst ? { baseEndpoints: { src: src.base, dst: baseDst } } : {}),
      ...(src.head && headDst ? { headEndpoints: { src: src.head, dst: headDst } } : {}),
      base: bc,
      head: hc,
      opened: hc.subtract(bc),
      closed: bc.subtract(hc),
      workloads,
      ...(via ? { via } : {}),
    });
  };

  // whole rows of the affected sources
  const baseKey = connectionKeys(base);
  const headKey = connectionKeys(head);
  const sameRow = rowComparer(base, head, baseKey, headKey);
  for (const id of affected.sources) {
    const src = workloadSource(id);
    // most rows do not change: same destinations, same connections, in the same order (and, where rules carry notes, each pair is compared)
    if (!noted && sameRow(src)) continue;
    const b = rowOf(base, src.base ? base.row(src.base) : []);
    const h = rowOf(head, src.head ? head.row(src.head) : []);
    for (const dst of new Set([...b.keys(), ...h.keys()])) {
      const before = b.get(dst);
      const after = h.get(dst);
      compare(src, dst, before?.conn ?? ConnectionSet.NONE, after?.conn ?? ConnectionSet.NONE, before?.dst, after?.dst);
    }
  }

  // the columns of the affected destinations, from every other source
  const destinations = [...affected.destinations];
  const columns = (m: Matrix) => {
    const present: Array<{ id: string; index: number }> = [];
    for (const id of destinations) {
      const e = m.workloadEndpoint(id);
      if (e?.kind === 'workload') present.push({ id, index: e.index });
    }
    const cols = m.compactColumns(present.map((p) => p.index));
    return new Map(present.map((p, i) => [p.id, cols[i]!] as const));
  };
  const baseColumns = columns(base);
  const headColumns = columns(head);
  const externalSources: Source[] = srcAtoms.map((a) => ({ name: formatExternal(a), base: base.externalEndpoint(a), head: head.externalEndpoint(a) }));
  for (const dst of destinations) {
    const before = base.workloadEndpoint(dst);
    const after = head.workloadEndpoint(dst);
    const bcol = baseColumns.get(dst);
    const hcol = headColumns.get(dst);
    // sources by identity, with the connection id on each side; most pairs are the same on both
    const fromBase = new Map<string, number>();
    for (const [w, conn] of bcol ?? []) {
      const id = base.workloads[w]!.id;
      if (!affected.sources.has(id)) fromBase.set(id, conn);
    }
    for (const [w, conn] of hcol ?? []) {
      const id = head.workloads[w]!.id;
      if (affected.sources.has(id)) continue;
      const b = fromBase.get(id);
      if (b !== undefined) {
        fromBase.delete(id);
        if (!noted && baseKey(b) === headKey(conn)) continue;
      }
      compare(workloadSource(id), dst, b === undefined ? ConnectionSet.NONE : base.connectionSet(b), head.connectionSet(conn), before, after);
    }
    for (const [id, conn] of fromBase) compare(workloadSource(id), dst, base.connectionSet(conn), ConnectionSet.NONE, before, after);
    for (const src of externalSources) {
      const bc = before ? base.connection(src.base!, before) : ConnectionSet.NONE;
      const hc = after ? head.connection(src.head!, after) : ConnectionSet.NONE;
      compare(src, dst, bc, hc, before, after);
    }
  }
  // a new array, not a spread into splice: a big change holds more changes than a call has room for arguments
  const merged = mergeRanges(changes, base, head);
  // as np-guard: the ingress controller's lines after all others, in the same three groups
  const routed = (c: Change) => (c.src === INGRESS_CONTROLLER_ID ? 1 : 0);
  merged.sort((x, y) => routed(x) - routed(y) || ORDER[x.type] - ORDER[y.type] || compareEndpointNames(x.src, y.src) || compareEndpointNames(x.dst, y.dst));
  return { base, head, changes: merged };
}

/** The external end of a change, if it has one: which side, and its range. */
function externalEnd(c: Change): { side: 'src' | 'dst'; range: ExternalRange } | undefined {
  const ends = c.baseEndpoints ?? c.headEndpoints;
  if (!ends) return undefined;
  if (ends.src.kind === 'external') return { side: 'src', range: ends.src.range };
  if (ends.dst.kind === 'external') return { side: 'dst', range: ends.dst.range };
  return undefined;
}

/**
 * Merges the changes of one workload with touching external ranges that
 * have the same connections on both sides into one change of the whole
 * range, as np-guard's diff prints them: the ranges are cut where either
 * state's rules cut them, and a workload added or removed would otherwise
 * be listed once per piece.
 */
function mergeRanges(changes: readonly Change[], base: Matrix, head: Matrix): Change[] {
  const out: Change[] = [];
  const groups = new Map<string, Array<{ change: Change; range: ExternalRange; side: 'src' | 'dst' }>>();
  for (const change of changes) {
    const ext = externalEnd(change);
    if (!ext) {
      out.push(change);
      continue;
    }
    const key = `${ext.side}\u0000${ext.side === 'src' ? change.dst : change.src}\u0000${change.base.key}\u0000${change.head.key}${change.via ? `\u0000${viaKey(change.via.base)}\u0000${viaKey(change.via.head)}\u0000${(change.via.edited ?? []).join('\u0001')}` : ''}`;
    const group = groups.get(key);
    if (group) group.push({ change, ...ext });
    else groups.set(key, [{ change, ...ext }]);
  }
  for (const group of groups.values()) {
    // IPv4 before IPv6, each in address order; a range touches the next of its own family only
    group.sort((a, b) => (a.range.family !== b.range.family ? (a.range.family === 'ipv4' ? -1 : 1) : a.range.first < b.range.first ? -1 : a.range.first > b.range.first ? 1 : 0));
    let i = 0;
    while (i < group.length) {
      let j = i;
      while (j + 1 < group.length && rangesTouch(group[j]!.range, group[j + 1]!.range)) j++;
      const first = group[i]!;
      if (j === i) out.push(first.change);
      else {
        const range = joinRanges(first.range, group[j]!.range);
        const name = formatExternal(range);
        const swap = (m: Matrix, ends: { src: Endpoint; dst: Endpoint } | undefined) =>
          ends && (first.side === 'src' ? { src: m.externalEndpoint(range), dst: ends.dst } : { src: ends.src, dst: m.externalEndpoint(range) });
        const c = first.change;
        const baseEndpoints = swap(base, c.baseEndpoints);
        const headEndpoints = swap(head, c.headEndpoints);
        out.push({
          ...c,
          ...(first.side === 'src' ? { src: name } : { dst: name }),
          ...(baseEndpoints ? { baseEndpoints } : {}),
          ...(headEndpoints ? { headEndpoints } : {}),
        });
      }
      i = j + 1;
    }
  }
  return out;
}

/** The rules with a note that a pair's connections pass through, as a comparable key. */
function viaKey(via: readonly Via[]): string {
  return via.map((v) => `${v.note}\u0000${v.conn.key}`).join('\u0001');
}

/**
 * What the filters behind the notes a pair's connections pass through say
 * (PolicyKind.noteFilter), by note: of every allowing rule with that note
 * that lets some of them through, at either end, in order.
 */
function filtersOf(m: Matrix, src: Endpoint, dst: Endpoint): Map<string, string> {
  const x = m.explain(src, dst);
  const byNote = new Map<string, Set<string>>();
  for (const d of [...x.egress.decisions, ...x.ingress.decisions]) {
    const rule = d.rule;
    if (rule?.note === undefined || d.action !== 'allow' || d.ports.intersect(x.allowed).isEmpty()) continue;
    const { policy, rule: read } = rule.origin.model;
    const filters = byNote.get(rule.note) ?? new Set<string>();
    filters.add(policy.kind.noteFilter?.(read, rule.note) ?? '');
    byNote.set(rule.note, filters);
  }
  return new Map([...byNote].map(([note, filters]) => [note, [...filters].sort().join('\u0001')]));
}

/** The notes whose filters differ between two sides that pass through the same notes. */
function editedFilters(base: ReadonlyMap<string, string>, head: ReadonlyMap<string, string>): string[] {
  return [...head].filter(([note, filters]) => base.get(note) !== filters).map(([note]) => note);
}

/**
 * `no longer via L7 HTTP`, `now via L7 DNS on TCP 53`, `via L7 HTTP,
 * edited`: how the rules with a note that the same connections pass
 * through changed, for a change that is only that; undefined for any other.
 */
export function viaInfo(change: Change): string | undefined {
  if (!change.via) return undefined;
  const { base, head } = change.via;
  const text = (v: Via) => (v.conn.equals(change.head) ? v.note : `${v.note} on ${v.conn.toString()}`);
  const has = (list: readonly Via[], v: Via) => list.some((x) => x.note === v.note && x.conn.equals(v.conn));
  const gone = base.filter((v) => !has(head, v)).map((v) => `no longer via ${text(v)}`);
  const added = head.filter((v) => !has(base, v)).map((v) => `now via ${text(v)}`);
  const edited = head.filter((v) => change.via!.edited?.includes(v.note)).map((v) => `via ${text(v)}, edited`);
  return [...gone, ...added, ...edited].join('; ');
}

/** `workload X added`, `workload X and Y removed`, or undefined when both ends exist on both sides. */
export function workloadsInfo(change: Change): string | undefined {
  if (change.workloads.length === 0) return undefined;
  const names = change.workloads.map((w) => w.workload).join(' and ');
  return `workload ${names} ${change.workloads[0]!.change}`;
}
