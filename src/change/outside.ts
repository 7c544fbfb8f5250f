import { ConnectionSet } from '../model/connections.js';
import { formatExternal } from '../model/ipranges.js';
import type { Decision } from '../engine/rules.js';
import type { Matrix } from '../engine/matrix.js';
import type { OutsidePath } from '../engine/outside.js';
import { outsidePaths } from '../engine/outside.js';

/** How the reach of one workload from outside the cluster, through one object, changed. */
export interface OutsideChange {
  /** `opened`: newly reachable from outside the cluster; `closed`: no longer; `changed`: other ports. */
  readonly type: 'opened' | 'closed' | 'changed';
  readonly workload: string;
  /** `Ingress ns/name`, `Service ns/name (LoadBalancer)`. */
  readonly via: string;
  /** `{ingress-controller}`, or the external ranges, on the side that has the path (head, else base). */
  readonly from: string;
  readonly base: ConnectionSet;
  readonly head: ConnectionSet;
  readonly opened: ConnectionSet;
  readonly closed: ConnectionSet;
  /** The workload's ingress rules that decide, on the side that has the path (head, else base). */
  readonly decisions: readonly Decision[];
}

function fromText(p: OutsidePath): string {
  return p.from === 'ingress-controller' ? '{ingress-controller}' : p.from.map(formatExternal).join(', ');
}

/** The ingress rules of a path's workload that admit its traffic. */
function decisions(m: Matrix, p: OutsidePath): readonly Decision[] {
  const dst = m.workloadEndpoint(p.workload)!;
  const src = p.from === 'ingress-controller' ? m.ingressController() : p.from[0] && m.externalEndpoint(p.from[0]);
  if (!src) return [];
  return m.explain(src, dst).ingress.decisions.filter((d) => !d.ports.intersect(p.conn).isEmpty());
}

/**
 * What a change does to the reach of workloads from outside the cluster:
 * through ingress objects (from the ingress controller) and Services of
 * type LoadBalancer or NodePort (from external addresses), by workload and
 * object, with the rules of the workload that admit it.
 */
export function diffOutside(base: Matrix, head: Matrix): OutsideChange[] {
  const key = (m: Matrix, p: OutsidePath) => `${m.workloads[p.workload]!.id}\u0000${p.via}`;
  const before = new Map(outsidePaths(base).map((p) => [key(base, p), p] as const));
  const after = new Map(outsidePaths(head).map((p) => [key(head, p), p] as const));
  const out: OutsideChange[] = [];
  for (const k of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(k);
    const h = after.get(k);
    const bc = b?.conn ?? ConnectionSet.NONE;
    const hc = h?.conn ?? ConnectionSet.NONE;
    if (bc.equals(hc)) continue;
    const [workload, via] = k.split('\u0000') as [string, string];
    const shown = h ? { m: head, p: h } : { m: base, p: b! };
    out.push({
      type: bc.isEmpty() ? 'opened' : hc.isEmpty() ? 'closed' : 'changed',
      workload,
      via,
      from: fromText(shown.p),
      base: bc,
      head: hc,
      opened: hc.subtract(bc),
      closed: bc.subtract(hc),
      decisions: decisions(shown.m, shown.p),
    });
  }
  const order = { opened: 0, changed: 1, closed: 2 };
  return out.sort((a, b) => order[a.type] - order[b.type] || (a.workload < b.workload ? -1 : a.workload > b.workload ? 1 : a.via < b.via ? -1 : a.via > b.via ? 1 : 0));
}
