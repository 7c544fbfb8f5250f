import { ConnectionSet } from '../model/connections.js';
import type { Decision, Direction, NamedPortToken } from '../engine/rules.js';
import type { Exposure, ExposureLine } from '../engine/exposure.js';
import { exposureConnText, exposureDecisions, exposurePeerName } from '../engine/exposure.js';

/** How one exposure line of a workload changed: the pods it admits that the manifests do not hold. */
export interface ExposureChange {
  /** `opened`: newly exposed, from nothing; `closed`: no longer exposed at all; `changed`: exposed on other ports (more, fewer, or both). */
  readonly type: 'opened' | 'closed' | 'changed';
  readonly workload: string;
  readonly direction: Direction;
  /** `entire-cluster` or a representative's name. */
  readonly peer: string;
  readonly base: string;
  readonly head: string;
  readonly opened: ConnectionSet;
  readonly closed: ConnectionSet;
  /** The workload's own rules that admit it, on the side that has the exposure (head, else base: where `head` is `No Connections`). */
  readonly decisions: readonly Decision[];
}

const key = (names: readonly NamedPortToken[]) => names.map((t) => `${t.protocol ?? ''}/${t.name}`).sort().join(',');

interface Entry {
  readonly line: ExposureLine;
  readonly workload: number;
}

/** A state's exposure lines of one direction by workload and peer (external ranges left out: they are the connectivity diff's), and each workload's entire-cluster line. */
function entries(e: Exposure, direction: Direction): { lines: Map<string, Entry>; cluster: Map<string, Entry> } {
  const lines = new Map<string, Entry>();
  const cluster = new Map<string, Entry>();
  for (const w of e.workloads) {
    for (const line of w[direction].lines) {
      if (line.peer.kind === 'external') continue;
      if (line.peer.kind === 'cluster') cluster.set(w.workload.id, { line, workload: w.index });
      lines.set(`${w.workload.id}\u0000${exposurePeerName(line.peer)}`, { line, workload: w.index });
    }
  }
  return { lines, cluster };
}

/**
 * Newly exposed and no longer exposed: the exposure lines of each workload
 * (entire-cluster and representatives; external ranges are in the
 * connectivity diff) that a change adds, removes or alters. A side without
 * a representative's line exposes its pods as it exposes entire-cluster
 * there (the line is left out where the two are the same), or not at all.
 */
export function diffExposure(base: Exposure, head: Exposure): ExposureChange[] {
  const out: ExposureChange[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    const before = entries(base, direction);
    const after = entries(head, direction);
    // a representative without a line on a side is exposed there as entire-cluster is
    const effective = (side: ReturnType<typeof entries>, k: string) => side.lines.get(k) ?? side.cluster.get(k.slice(0, k.indexOf('\u0000')));
    for (const k of new Set([...before.lines.keys(), ...after.lines.keys()])) {
      const be = effective(before, k);
      const he = effective(after, k);
      const b = be?.line;
      const h = he?.line;
      const bc = b?.conn ?? ConnectionSet.NONE;
      const hc = h?.conn ?? ConnectionSet.NONE;
      if (bc.equals(hc) && key(b?.names ?? []) === key(h?.names ?? [])) continue;
      const [workload, peer] = k.split('\u0000') as [string, string];
      // the rules of the side that has the exposure: head, or base where head has none
      const shown = h && (!hc.isEmpty() || h.names.length > 0) ? { e: head, x: he! } : { e: base, x: be! };
      const opened = hc.subtract(bc);
      const closed = bc.subtract(hc);
      // opened from nothing, closed to nothing, as the connectivity diff's paths: a workload still exposed on some ports has changed
      const none = (line: ExposureLine | undefined) => !line || (line.conn.isEmpty() && line.names.length === 0);
      out.push({
        type: none(b) ? 'opened' : none(h) ? 'closed' : 'changed',
        workload,
        direction,
        peer,
        base: b ? exposureConnText(b.conn, b.names) : 'No Connections',
        head: h ? exposureConnText(h.conn, h.names) : 'No Connections',
        opened,
        closed,
        decisions: exposureDecisions(shown.e, shown.x.workload, direction, shown.x.line.peer).filter((d) => d.action === 'allow'),
      });
    }
  }
  const order = { opened: 0, changed: 1, closed: 2 };
  return out.sort((a, b) => order[a.type] - order[b.type] || (a.workload < b.workload ? -1 : a.workload > b.workload ? 1 : a.peer < b.peer ? -1 : a.peer > b.peer ? 1 : a.direction < b.direction ? -1 : 1));
}
