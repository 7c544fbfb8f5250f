import type { Exposure } from '../engine/exposure.js';
import type { OutsidePath } from '../engine/outside.js';
import { formatExternal } from '../model/ipranges.js';
import { exposureConnText, exposurePeerName } from '../engine/exposure.js';

function byPair(a: readonly string[], b: readonly string[]): number {
  return a[0]! < b[0]! ? -1 : a[0]! > b[0]! ? 1 : a[1]! < b[1]! ? -1 : a[1]! > b[1]! ? 1 : 0;
}

/** The exposure lines of each direction, as [workload, peer, connections], sorted by workload then peer; and the unprotected lines. */
export function exposureRows(exposure: Exposure): { egress: string[][]; ingress: string[][]; unprotected: string[] } {
  const egress: string[][] = [];
  const ingress: string[][] = [];
  const unprotected: string[] = [];
  for (const w of exposure.workloads) {
    for (const l of w.egress.lines) egress.push([w.workload.id, exposurePeerName(l.peer), exposureConnText(l.conn, l.names)]);
    for (const l of w.ingress.lines) ingress.push([w.workload.id, exposurePeerName(l.peer), exposureConnText(l.conn, l.names)]);
    if (!w.egress.protected) unprotected.push(`${w.workload.id} is not protected on Egress`);
    if (!w.ingress.protected) unprotected.push(`${w.workload.id} is not protected on Ingress`);
  }
  return { egress: egress.sort(byPair), ingress: ingress.sort(byPair), unprotected: unprotected.sort() };
}

/**
 * The exposure section of `reachdiff list --exposure` in np-guard's text:
 * `Exposure Analysis Result:`, the egress and ingress lines (`W \t=> \tPEER :
 * CONNS`, the workload padded to the longest), and the workloads no policy
 * protects in a direction. Each part only where it has lines.
 */
export function exposureText(exposure: Exposure): string {
  const width = Math.max(0, ...exposure.workloads.map((w) => w.workload.id.length));
  const { egress, ingress, unprotected } = exposureRows(exposure);
  let out = 'Exposure Analysis Result:\n';
  if (egress.length > 0) out += `Egress Exposure:\n${egress.map(([w, p, c]) => `${w!.padEnd(width)} \t=> \t${p} : ${c}`).join('\n')}\n`;
  if (ingress.length > 0) out += `${egress.length > 0 ? '\n' : ''}Ingress Exposure:\n${ingress.map(([w, p, c]) => `${w!.padEnd(width)} \t<= \t${p} : ${c}`).join('\n')}\n`;
  if (unprotected.length > 0) out += `\nWorkloads not protected by network policies:\n${unprotected.join('\n')}\n`;
  return out;
}

function outsideFrom(p: OutsidePath): string {
  return p.from === 'ingress-controller' ? '{ingress-controller}' : p.from.map(formatExternal).join(', ');
}

/** The exposure as `reachdiff list --format json --exposure` gives it (schema/list.schema.json). */
export function exposureJson(exposure: Exposure): Record<string, unknown> {
  const line = (workload: string, l: Exposure['workloads'][number]['egress']['lines'][number]) => ({
    workload,
    peer: exposurePeerName(l.peer),
    conn: exposureConnText(l.conn, l.names),
    ports: l.conn.toJSON(),
    ...(l.names.length > 0 ? { portNames: l.names.map((n) => ({ ...(n.protocol ? { protocol: n.protocol } : {}), name: n.name })) } : {}),
  });
  const witness = (w: Exposure['cluster']) => ({ namespace: w.namespace, newNamespace: w.newNamespace, namespaceLabels: w.namespaceLabels, labels: w.labels });
  return {
    representatives: [
      { name: 'entire-cluster', witness: witness(exposure.cluster) },
      ...exposure.representatives.map((r) => ({
        name: r.name,
        namespaces: r.namespaces.kind === 'named' ? { name: r.namespaces.name } : r.namespaces.text !== undefined ? { text: r.namespaces.text } : { selector: r.namespaces.written },
        pods: r.pods ? (r.pods.text !== undefined ? { text: r.pods.text } : r.pods.written) : null,
        witness: witness(r.witness),
      })),
    ],
    egress: exposure.workloads.flatMap((w) => w.egress.lines.map((l) => line(w.workload.id, l))),
    ingress: exposure.workloads.flatMap((w) => w.ingress.lines.map((l) => line(w.workload.id, l))),
    unrepresented: exposure.unrepresented,
    outside: exposure.outside.map((p) => ({ workload: exposure.matrix.workloads[p.workload]!.id, via: p.via, from: outsideFrom(p), conn: p.conn.toString(), ports: p.conn.toJSON() })),
    unprotected: exposure.workloads.flatMap((w) => [
      ...(w.egress.protected ? [] : [{ workload: w.workload.id, direction: 'egress' }]),
      ...(w.ingress.protected ? [] : [{ workload: w.workload.id, direction: 'ingress' }]),
    ]),
  };
}

/** The exposure as Markdown tables, after the connectivity table of `reachdiff list --format md --exposure`. */
export function exposureMarkdown(exposure: Exposure, cell: (text: string) => string): string {
  const { egress, ingress, unprotected } = exposureRows(exposure);
  let out = '\n## Exposure\n';
  const table = (title: string, rows: string[][]) => {
    if (rows.length === 0) return;
    out += `\n### ${title}\n\n| Workload | Peer | Connections |\n| --- | --- | --- |\n`;
    for (const [w, p, c] of rows) out += `| ${cell(w!)} | ${cell(p!)} | ${cell(c!)} |\n`;
  };
  table('Egress exposure', egress);
  table('Ingress exposure', ingress);
  if (exposure.outside.length > 0) {
    out += '\n### Reachable from outside the cluster\n\n| Workload | Through | From | Connections |\n| --- | --- | --- | --- |\n';
    for (const p of exposure.outside) out += `| ${cell(exposure.matrix.workloads[p.workload]!.id)} | ${cell(p.via)} | ${cell(outsideFrom(p))} | ${cell(p.conn.toString())} |\n`;
  }
  if (unprotected.length > 0) out += `\n### Workloads not protected by network policies\n\n${unprotected.map((u) => `- ${cell(u)}`).join('\n')}\n`;
  return out;
}

/** Rows of a second CSV table after the connectivity list: `direction,workload,peer,conn`. */
export function exposureCsvRows(exposure: Exposure): string[][] {
  const { egress, ingress } = exposureRows(exposure);
  return [['direction', 'workload', 'peer', 'conn'], ...egress.map((r) => ['egress', ...r]), ...ingress.map((r) => ['ingress', ...r])];
}
