import { ConnectionSet } from './connections.js';
import type { ExternalRange } from './ipranges.js';
import { cutAddressSpace, findRange, formatExternal } from './ipranges.js';
import type { Connection, Endpoint, Matrix } from './matrix.js';

export type ChangeType = 'added' | 'removed' | 'changed';

/** A workload that exists on one side only. */
export interface WorkloadChange {
  readonly workload: string;
  readonly change: 'added' | 'removed';
}

/** One ordered pair whose allowed connections differ between base and head. */
export interface Change {
  /** `added`: opened from nothing; `removed`: closed entirely; `changed`: ports differ. */
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
}

export interface Diff {
  readonly base: Matrix;
  readonly head: Matrix;
  /** Changed, then added, then removed; each sorted by source, then destination. */
  readonly changes: readonly Change[];
}

function rangeSets(ranges: readonly ExternalRange[]): number[][] {
  return ranges.map((r) => [r.first, r.last]);
}

/**
 * Compares rows of the two matrices without building them: destinations by
 * their name, connections by their canonical key, each looked up once.
 */
function rowComparer(base: Matrix, head: Matrix): (src: { base?: Endpoint; head?: Endpoint }) => boolean {
  const baseNames = base.destinationEndpoints().map((e) => e.name);
  const headNames = head.destinationEndpoints().map((e) => e.name);
  const keys = (m: Matrix) => {
    const memo: string[] = [];
    return (id: number) => (memo[id] ??= m.connectionSet(id).key);
  };
  const baseKey = keys(base);
  const headKey = keys(head);
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

function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The change of reachability from base to head. Workloads are matched by
 * identity (`ns/name[Kind]`); external ranges are re-cut on the union of both
 * sides' boundaries so that they compare. Work is proportional to the pairs
 * that are allowed on either side.
 */
export function diffMatrices(base: Matrix, head: Matrix): Diff {
  const srcAtoms = cutAddressSpace(rangeSets([...base.ingressRanges, ...head.ingressRanges]));
  const dstAtoms = cutAddressSpace(rangeSets([...base.egressRanges, ...head.egressRanges]));
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
      for (let i = findRange(dstAtoms, c.dst.range.first); i < dstAtoms.length && dstAtoms[i]!.last <= c.dst.range.last; i++) {
        out.set(dstAtomNames[i]!, { dst: m.externalEndpoint(dstAtoms[i]!), conn: c.conn });
      }
    }
    return out;
  };

  const ids = [...new Set([...base.workloads.map((w) => w.id), ...head.workloads.map((w) => w.id)])];
  const sources: Array<{ name: string; base?: Endpoint; head?: Endpoint }> = [
    ...srcAtoms.map((a) => ({ name: formatExternal(a), base: base.externalEndpoint(a), head: head.externalEndpoint(a) })),
    ...ids.map((id) => {
      const b = base.workloadEndpoint(id);
      const h = head.workloadEndpoint(id);
      return { name: id, ...(b ? { base: b } : {}), ...(h ? { head: h } : {}) };
    }),
  ];

  const changes: Change[] = [];
  const sameRow = rowComparer(base, head);
  for (const src of sources) {
    // most rows do not change: same destinations, same connections, in the same order
    if (sameRow(src)) continue;
    const baseRow = src.base ? base.row(src.base) : [];
    const headRow = src.head ? head.row(src.head) : [];
    const b = rowOf(base, baseRow);
    const h = rowOf(head, headRow);
    for (const dst of new Set([...b.keys(), ...h.keys()])) {
      const before = b.get(dst);
      const after = h.get(dst);
      const bc = before?.conn ?? ConnectionSet.NONE;
      const hc = after?.conn ?? ConnectionSet.NONE;
      if (bc.equals(hc)) continue;
      const type: ChangeType = bc.isEmpty() ? 'added' : hc.isEmpty() ? 'removed' : 'changed';
      const external = dst.endsWith('[External]');
      const baseDst = before?.dst ?? (external ? base.externalEndpoint(dstAtomByName.get(dst)!) : base.workloadEndpoint(dst));
      const headDst = after?.dst ?? (external ? head.externalEndpoint(dstAtomByName.get(dst)!) : head.workloadEndpoint(dst));
      const workloads: WorkloadChange[] = [];
      const track = (name: string, inBase: boolean, inHead: boolean) => {
        if (!inBase) workloads.push({ workload: name, change: 'added' });
        else if (!inHead) workloads.push({ workload: name, change: 'removed' });
      };
      if (!src.name.endsWith('[External]')) track(src.name, src.base !== undefined, src.head !== undefined);
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
      });
    }
  }
  changes.sort((x, y) => ORDER[x.type] - ORDER[y.type] || byName(x.src, y.src) || byName(x.dst, y.dst));
  return { base, head, changes };
}

/** `workload X added`, `workload X and Y removed`, or undefined when both ends exist on both sides. */
export function workloadsInfo(change: Change): string | undefined {
  if (change.workloads.length === 0) return undefined;
  const names = change.workloads.map((w) => w.workload).join(' and ');
  return `workload ${names} ${change.workloads[0]!.change}`;
}
