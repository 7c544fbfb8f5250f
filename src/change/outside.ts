import { ConnectionSet } from '../model/connections.js';
import * as addr from '../model/addresses.js';
import type { ExternalRange } from '../model/ipranges.js';
import { appendRange, formatExternal } from '../model/ipranges.js';
import type { Decision } from '../engine/rules.js';
import type { Endpoint, Matrix } from '../engine/matrix.js';
import type { OutsidePath, RangeReach } from '../engine/outside.js';
import { outsidePaths } from '../engine/outside.js';

/** How the reach of one workload from outside the cluster, through one object, changed. */
export interface OutsideChange {
  /** `opened`: newly reachable from outside the cluster; `closed`: no longer; `changed`: other ports. */
  readonly type: 'opened' | 'closed' | 'changed';
  readonly workload: string;
  /** `Ingress ns/name`, `Service ns/name (LoadBalancer)`. */
  readonly via: string;
  /** `{ingress-controller}`, or the external ranges whose connections changed so. */
  readonly from: string;
  readonly base: ConnectionSet;
  readonly head: ConnectionSet;
  readonly opened: ConnectionSet;
  readonly closed: ConnectionSet;
  /** The workload's ingress rules that decide, on the side that has the path from `from` (head, else base: where `head` is empty). */
  readonly decisions: readonly Decision[];
}

/** The ingress rules of a path's workload that admit `conn` from `src`. */
function decisions(m: Matrix, p: OutsidePath, src: Endpoint | undefined, conn: ConnectionSet): readonly Decision[] {
  if (!src) return [];
  const dst = m.workloadEndpoint(p.workload)!;
  return m.explain(src, dst).ingress.decisions.filter((d) => !d.ports.intersect(conn).isEmpty());
}

/** A set of external ranges whose connections on one path changed alike. */
interface RangeChange {
  readonly ranges: ExternalRange[];
  readonly base: ConnectionSet;
  readonly head: ConnectionSet;
}

/**
 * How the connections of one path from external ranges changed, range by
 * range: the address space cut at every edge of both sides' ranges, each
 * cut with its connections on each side, and the cuts that changed grouped
 * by what they had on each side, so that a path whose ports stay while the
 * addresses it admits grow or shrink (a Service's loadBalancerSourceRanges)
 * is a change too.
 */
function rangeChanges(before: readonly RangeReach[], after: readonly RangeReach[]): RangeChange[] {
  const sets = [...before, ...after].map((p) => addr.ofRange(p.range));
  const within = sets.reduce((a, b) => addr.union(a, b), addr.NONE);
  // each side's pieces are disjoint and in address order, IPv4 first, as the cuts are: one walk along each
  const walker = (pieces: readonly RangeReach[]) => {
    let j = 0;
    return (cut: ExternalRange): ConnectionSet => {
      while (j < pieces.length && beforeCut(pieces[j]!.range, cut)) j++;
      const p = pieces[j];
      return p && addr.holds(addr.ofRange(p.range), cut) ? p.conn : ConnectionSet.NONE;
    };
  };
  const atBase = walker(before);
  const atHead = walker(after);
  const groups = new Map<string, RangeChange>();
  for (const cut of addr.cutAddressSpace(sets, within)) {
    const b = atBase(cut);
    const h = atHead(cut);
    if (b.equals(h)) continue;
    const key = `${b.toString()}\u0000${h.toString()}`;
    const group = groups.get(key) ?? { ranges: [], base: b, head: h };
    appendRange(group.ranges, cut);
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** Whether a range lies wholly before a cut, in the order IPv4 first, then by address. */
function beforeCut(r: ExternalRange, cut: ExternalRange): boolean {
  if (r.family !== cut.family) return r.family === 'ipv4';
  return r.last < cut.first;
}

/**
 * What a change does to the reach of workloads from outside the cluster:
 * through ingress objects (from the ingress controller), Services of type
 * LoadBalancer or NodePort, external IPs and host ports (from external
 * addresses), by workload and object, with the rules of the workload that
 * admit it. A path from external addresses changes by range: the ranges
 * that newly reach it (a Service's loadBalancerSourceRanges widened or
 * dropped) are opened, those that no longer do closed, with the same ports
 * or not.
 */
export function diffOutside(base: Matrix, head: Matrix): OutsideChange[] {
  const key = (m: Matrix, p: OutsidePath) => `${m.workloads[p.workload]!.id}\u0000${p.via}`;
  const before = new Map(outsidePaths(base).map((p) => [key(base, p), p] as const));
  const after = new Map(outsidePaths(head).map((p) => [key(head, p), p] as const));
  const out: OutsideChange[] = [];
  const push = (workload: string, via: string, from: string, bc: ConnectionSet, hc: ConnectionSet, decided: readonly Decision[]) =>
    out.push({ type: bc.isEmpty() ? 'opened' : hc.isEmpty() ? 'closed' : 'changed', workload, via, from, base: bc, head: hc, opened: hc.subtract(bc), closed: bc.subtract(hc), decisions: decided });
  for (const k of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(k);
    const h = after.get(k);
    const [workload, via] = k.split('\u0000') as [string, string];
    if (b?.from === 'ingress-controller' || h?.from === 'ingress-controller') {
      const bc = b?.conn ?? ConnectionSet.NONE;
      const hc = h?.conn ?? ConnectionSet.NONE;
      if (bc.equals(hc)) continue;
      // the rules on the side that has the path
      const [m, p] = h && !hc.isEmpty() ? [head, h] : [base, b!];
      push(workload, via, '{ingress-controller}', bc, hc, decisions(m, p, m.ingressController(), p.conn));
      continue;
    }
    for (const c of rangeChanges(b?.pieces ?? [], h?.pieces ?? [])) {
      // the rules on the side that has the path from these ranges
      const [m, p, conn] = c.head.isEmpty() ? [base, b!, c.base] : [head, h!, c.head];
      push(workload, via, c.ranges.map(formatExternal).join(', '), c.base, c.head, decisions(m, p, m.externalEndpoint(c.ranges[0]!), conn));
    }
  }
  const order = { opened: 0, changed: 1, closed: 2 };
  return out.sort((a, b) => order[a.type] - order[b.type] || (a.workload < b.workload ? -1 : a.workload > b.workload ? 1 : a.via < b.via ? -1 : a.via > b.via ? 1 : 0));
}
