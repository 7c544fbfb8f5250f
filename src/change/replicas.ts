import type { ConnectionSet } from '../model/connections.js';
import type { SourceRef } from '../model/diagnostics.js';
import type { Matrix } from '../engine/matrix.js';
import type { AffectedEnds } from './affected.js';
import { affectedEnds } from './affected.js';

/**
 * A workload whose pods may reach one another (its replicas) on other
 * connections in head than in base. No listing or diff line shows these
 * pairs: a workload's connections to itself are not listed, yet policies
 * govern traffic between two of its pods (peer-to-peer clustering, gossip).
 */
export interface ReplicaChange {
  /** `ns/name[Kind]`. */
  readonly workload: string;
  /** Where head declares it. */
  readonly source: SourceRef;
  readonly base: ConnectionSet;
  readonly head: ConnectionSet;
  readonly opened: ConnectionSet;
  readonly closed: ConnectionSet;
}

/**
 * The workloads of both states (but lone Pods) whose replicas reach one
 * another differently, in head's order. Only the ends a change can have
 * touched are looked at (see affectedEnds): a workload's pair with itself
 * changes only where it is one of them.
 */
export function diffReplicas(base: Matrix, head: Matrix, affected: AffectedEnds = affectedEnds(base, head)): ReplicaChange[] {
  const out: ReplicaChange[] = [];
  for (const w of head.workloads) {
    // a Pod of its own is one pod: traffic to itself is not policed
    if (w.kind === 'Pod' || !(affected.sources.has(w.id) || affected.destinations.has(w.id))) continue;
    const before = base.workloadEndpoint(w.id);
    const after = head.workloadEndpoint(w.id);
    if (!before || !after) continue;
    const b = base.betweenReplicas(before);
    const h = head.betweenReplicas(after);
    if (b.equals(h)) continue;
    out.push({ workload: w.id, source: w.source, base: b, head: h, opened: h.subtract(b), closed: b.subtract(h) });
  }
  return out;
}
