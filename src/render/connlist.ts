import type { Diagnostic } from '../model/diagnostics.js';
import { formatIPv4 } from '../model/ipranges.js';
import type { Connection, Matrix, Via } from '../engine/matrix.js';
import { notAnalysedJson } from '../report/notanalysed.js';
import { markdownCell } from './markdown.js';
import { connectionsText } from './via.js';
import type { Exposure } from '../engine/exposure.js';
import { exposureCsvRows, exposureJson, exposureMarkdown, exposureText } from './exposure.js';

export const LIST_FORMATS = ['txt', 'json', 'csv', 'md'] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The lines of a line-oriented format, header first, each with its newline; the exposure section after them. */
function* listLines(matrix: Matrix, format: Exclude<ListFormat, 'json'>, exposure?: Exposure): Generator<string> {
  if (format === 'csv') yield 'src,dst,conn\n';
  if (format === 'md') yield '| Source | Destination | Connections |\n| --- | --- | --- |\n';
  let any = false;
  for (const c of matrix.connections()) {
    any = true;
    const conn = connectionsText(c.conn, matrix.via(c.src, c.dst));
    if (format === 'txt') yield `${c.src.name} => ${c.dst.name} : ${conn}\n`;
    else if (format === 'csv') yield `${csvField(c.src.name)},${csvField(c.dst.name)},${csvField(conn)}\n`;
    else yield `| ${markdownCell(c.src.name)} | ${markdownCell(c.dst.name)} | ${markdownCell(conn)} |\n`;
  }
  if (!exposure) return;
  // np-guard's layout: a blank line after a list that has lines
  if (format === 'txt') yield `${any ? '\n' : ''}${exposureText(exposure)}`;
  else if (format === 'md') yield exposureMarkdown(exposure, markdownCell);
  else yield `\n${exposureCsvRows(exposure).map((row) => row.map(csvField).join(',')).join('\n')}\n`;
}

/**
 * The output of `reachdiff list` in pieces of about `chunkSize` characters,
 * so that millions of lines are written without holding them all at once.
 */
export function* renderListChunks(matrix: Matrix, format: ListFormat, chunkSize = 1 << 20, exposure?: Exposure): Generator<string> {
  if (format === 'json') {
    yield `${JSON.stringify(listJson(matrix, exposure), null, 2)}\n`;
    return;
  }
  let chunk = '';
  for (const line of listLines(matrix, format, exposure)) {
    chunk += line;
    if (chunk.length >= chunkSize) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

export function diagnosticJson(d: Diagnostic): Record<string, unknown> {
  return { severity: d.severity, code: d.code, file: d.file, line: d.line, message: d.message };
}

export function connectionJson(c: Connection, via: readonly Via[]): Record<string, unknown> {
  return {
    src: c.src.name,
    dst: c.dst.name,
    conn: c.conn.toString(),
    ports: c.conn.toJSON(),
    ...(via.length > 0 ? { via: via.map((v) => ({ note: v.note, conn: v.conn.toString(), ports: v.conn.toJSON() })) } : {}),
  };
}

/** The versioned JSON document of `reachdiff list` (schema/list.schema.json), with the exposure where it was analysed. */
export function listJson(matrix: Matrix, exposure?: Exposure): Record<string, unknown> {
  const range = (r: { first: number; last: number }) => ({ first: formatIPv4(r.first), last: formatIPv4(r.last) });
  return {
    version: 1,
    workloads: matrix.cluster.workloads.map((w) => ({
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
    connections: [...matrix.connections()].map((c) => connectionJson(c, matrix.via(c.src, c.dst))),
    notAnalysed: notAnalysedJson(matrix.cluster.notAnalysed),
    ignoredKinds: Object.fromEntries([...matrix.cluster.ignoredKinds.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    diagnostics: matrix.diagnostics.map(diagnosticJson),
    ...(exposure ? { exposure: exposureJson(exposure) } : {}),
  };
}
