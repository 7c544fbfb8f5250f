import type { Diagnostic } from '../diagnostics.js';
import { formatIPv4 } from '../ipranges.js';
import type { Connection, Matrix } from '../matrix.js';
import { markdownCell } from './markdown.js';

export const LIST_FORMATS = ['txt', 'json', 'csv', 'md'] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];

/** `SRC => DST : CONNS`, one line per pair with some allowed connection. */
export function renderListText(matrix: Matrix): string {
  let out = '';
  for (const c of matrix.connections()) out += `${c.src.name} => ${c.dst.name} : ${c.conn.toString()}\n`;
  return out;
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function renderListCsv(matrix: Matrix): string {
  let out = 'src,dst,conn\n';
  for (const c of matrix.connections()) out += `${csvField(c.src.name)},${csvField(c.dst.name)},${csvField(c.conn.toString())}\n`;
  return out;
}

export function renderListMarkdown(matrix: Matrix): string {
  const lines = ['| Source | Destination | Connections |', '| --- | --- | --- |'];
  for (const c of matrix.connections()) {
    lines.push(`| ${markdownCell(c.src.name)} | ${markdownCell(c.dst.name)} | ${markdownCell(c.conn.toString())} |`);
  }
  return `${lines.join('\n')}\n`;
}

export function diagnosticJson(d: Diagnostic): Record<string, unknown> {
  return { severity: d.severity, code: d.code, file: d.file, line: d.line, message: d.message };
}

export function connectionJson(c: Connection): Record<string, unknown> {
  return { src: c.src.name, dst: c.dst.name, conn: c.conn.toString(), ports: c.conn.toJSON() };
}

/** The versioned JSON document of `reachdiff list` (schema/list.schema.json). */
export function listJson(matrix: Matrix): Record<string, unknown> {
  const range = (r: { first: number; last: number }) => ({ first: formatIPv4(r.first), last: formatIPv4(r.last) });
  return {
    version: 1,
    workloads: matrix.workloads.map((w) => ({
      id: w.id,
      namespace: w.namespace,
      name: w.name,
      kind: w.kind,
      labels: w.pods[0]?.labels ?? {},
      file: w.source.file,
      line: w.source.line,
    })),
    externalRanges: {
      sources: matrix.ingressRanges.map(range),
      destinations: matrix.egressRanges.map(range),
    },
    connections: [...matrix.connections()].map(connectionJson),
    ignoredKinds: Object.fromEntries([...matrix.cluster.ignoredKinds.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    diagnostics: matrix.diagnostics.map(diagnosticJson),
  };
}

export function renderList(matrix: Matrix, format: ListFormat): string {
  switch (format) {
    case 'txt':
      return renderListText(matrix);
    case 'csv':
      return renderListCsv(matrix);
    case 'md':
      return renderListMarkdown(matrix);
    case 'json':
      return `${JSON.stringify(listJson(matrix), null, 2)}\n`;
  }
}
