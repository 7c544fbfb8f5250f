import type { Diagnostic } from '../model/diagnostics.js';
import * as addr from '../model/addresses.js';
import type { ExternalRange } from '../model/ipranges.js';
import { formatIPv4, formatIPv6 } from '../model/ipranges.js';
import type { Connection, Endpoint, Matrix, Via } from '../engine/matrix.js';
import { plural } from '../model/plural.js';
import { notAnalysedJson } from '../report/notanalysed.js';
import { markdownCell } from './markdown.js';
import { connectionsText } from './via.js';
import type { Exposure } from '../engine/exposure.js';
import { exposureCsvRows, exposureJson, exposureMarkdown, exposureText } from './exposure.js';

/** txt, csv, md and json for machines (txt is np-guard's format); grouped for people. */
export const LIST_FORMATS = ['txt', 'json', 'csv', 'md', 'grouped'] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];

/** Which endpoints to show the pairs of (--focus-workload, --focus-namespace): a pair is shown when either end is picked. */
export type Focus = (e: Endpoint) => boolean;

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** What a listing went through, for its summary: every connected pair, those shown, the external ranges seen. */
export interface ListCounts {
  all: number;
  shown: number;
  readonly external: Set<string>;
}

export function newCounts(): ListCounts {
  return { all: 0, shown: 0, external: new Set() };
}

/** The pairs a focus keeps, counting as it goes. */
function* focused(matrix: Matrix, focus: Focus | undefined, counts: ListCounts = newCounts()): Generator<Connection> {
  for (const c of matrix.connections()) {
    counts.all++;
    if (c.src.kind === 'external') counts.external.add(c.src.name);
    if (c.dst.kind === 'external') counts.external.add(c.dst.name);
    if (focus && !focus(c.src) && !focus(c.dst)) continue;
    counts.shown++;
    yield c;
  }
}

/** Bytes of a listing, written into chunks of about 64 KiB; a chunk handed out is never written again. */
class ByteChunks {
  private out = new Uint8Array(1 << 16);
  private pos = 0;
  readonly full: Uint8Array[] = [];

  /** Makes room for n more bytes, handing out the chunk written so far where they do not fit. */
  room(n: number): void {
    if (this.pos + n <= this.out.length) return;
    if (this.pos > 0) this.full.push(this.out.subarray(0, this.pos));
    this.out = new Uint8Array(Math.max(1 << 16, n));
    this.pos = 0;
  }

  /** Copies bytes in; room() must have been made. Short ones (most cells) are copied by hand: set() costs more than it copies. */
  put(b: Uint8Array): void {
    const out = this.out;
    let pos = this.pos;
    if (b.length > 32) {
      out.set(b, pos);
      pos += b.length;
    } else {
      for (let i = 0; i < b.length; i++) out[pos++] = b[i]!;
    }
    this.pos = pos;
  }

  text(t: string): void {
    const b = encoder.encode(t);
    this.room(b.length);
    this.put(b);
  }

  /** The chunk being written, handed out. */
  rest(): Uint8Array | undefined {
    const last = this.pos > 0 ? this.out.subarray(0, this.pos) : undefined;
    this.out = new Uint8Array(1 << 16);
    this.pos = 0;
    return last;
  }
}

const encoder = new TextEncoder();

/**
 * The lines of a line-oriented format as UTF-8, header first, in chunks of
 * about 64 KiB that end at the end of a line; the exposure section after
 * them. Rows are read without objects (Matrix.compactRows), each
 * endpoint's and each connection's text is encoded once, and each line is
 * copied together from those bytes: a listing holds hundreds of thousands
 * of lines, and a string for each costs more than writing it.
 */
function* listBytes(matrix: Matrix, format: Exclude<ListFormat, 'json' | 'grouped'>, focus: Focus | undefined, counts: ListCounts = newCounts(), exposure?: Exposure): Generator<Uint8Array> {
  const chunks = new ByteChunks();
  if (format === 'csv') chunks.text('src,dst,conn\n');
  if (format === 'md') chunks.text('| Source | Destination | Connections |\n| --- | --- | --- |\n');
  const cell = format === 'txt' ? (text: string) => text : format === 'csv' ? csvField : markdownCell;
  const [open, middle, close] = format === 'txt' ? ['', ' => ', ' : '] : format === 'csv' ? ['', ',', ','] : ['| ', ' | ', ' | '];
  const closeBytes = encoder.encode(close);
  const endBytes = encoder.encode(format === 'md' ? ' |\n' : '\n');
  const dsts = matrix.destinationEndpoints();
  const dstCells = new Array<Uint8Array | undefined>(dsts.length);
  const dstShown = focus ? dsts.map(focus) : undefined;
  const externalSeen = new Uint8Array(dsts.length);
  const connCells = new Map<number, Uint8Array>();
  const noted = matrix.hasNotes;
  let any = false;
  for (const { src, ranks, conns } of matrix.compactRows()) {
    counts.all += ranks.length;
    if (src.kind === 'external') counts.external.add(src.name);
    const srcShown = !focus || focus(src);
    const head = encoder.encode(`${open}${cell(src.name)}${middle}`);
    for (let i = 0; i < ranks.length; i++) {
      const rank = ranks[i]!;
      const dst = dsts[rank]!;
      if (dst.kind === 'external' && externalSeen[rank] === 0) {
        externalSeen[rank] = 1;
        counts.external.add(dst.name);
      }
      if (!srcShown && !dstShown![rank]) continue;
      counts.shown++;
      const id = conns[i]!;
      const via = noted ? matrix.via(src, dst) : undefined;
      let conn: Uint8Array | undefined;
      if (via === undefined || via.length === 0) {
        conn = connCells.get(id);
        if (conn === undefined) {
          conn = encoder.encode(cell(matrix.connectionSet(id).toString()));
          connCells.set(id, conn);
        }
      } else {
        conn = encoder.encode(cell(connectionsText(matrix.connectionSet(id), via)));
      }
      const dstCell = (dstCells[rank] ??= encoder.encode(cell(dst.name)));
      chunks.room(head.length + dstCell.length + closeBytes.length + conn.length + endBytes.length);
      chunks.put(head);
      chunks.put(dstCell);
      chunks.put(closeBytes);
      chunks.put(conn);
      chunks.put(endBytes);
      any = true;
    }
    if (chunks.full.length > 0) yield* chunks.full.splice(0);
  }
  if (exposure) {
    // np-guard's layout: a blank line after a list that has lines
    if (format === 'txt') chunks.text(`${any ? '\n' : ''}${exposureText(exposure)}`);
    else if (format === 'md') chunks.text(exposureMarkdown(exposure, markdownCell));
    else chunks.text(`\n${exposureCsvRows(exposure).map((row) => row.map(csvField).join(',')).join('\n')}\n`);
  }
  yield* chunks.full.splice(0);
  const last = chunks.rest();
  if (last) yield last;
}

/** `15 connected pairs among 5 workloads in 2 namespaces and 2 external ranges` (with a focus: `6 of 15 ... shown`), from the counts of a listing. */
export function listSummary(matrix: Matrix, counts: ListCounts, focused = false): string {
  // the manifests' workloads: not the ingress controller that stands for traffic from outside
  const workloads = matrix.cluster.workloads;
  const namespaces = new Set(workloads.map((w) => w.namespace)).size;
  const pairs = focused ? `${counts.shown} of ${plural(counts.all, 'connected pair')} shown` : plural(counts.all, 'connected pair');
  return `${pairs} among ${plural(workloads.length, 'workload')} in ${plural(namespaces, 'namespace')} and ${plural(counts.external.size, 'external range')}`;
}

/** The grouped format, then the exposure in np-guard's text. */
function* groupedWithExposure(matrix: Matrix, focus: Focus | undefined, exposure: Exposure | undefined): Generator<string> {
  yield* groupedLines(matrix, focus);
  if (exposure) yield `\n${exposureText(exposure)}`;
}

/**
 * The list for people: the summary, then per source the destinations it
 * reaches grouped by their connections, every workload of a namespace
 * written once as `ns/*`, and the workloads that reach nothing.
 */
function* groupedLines(matrix: Matrix, focus: Focus | undefined): Generator<string> {
  const counts = newCounts();
  for (const _ of focused(matrix, focus, counts));
  yield `${listSummary(matrix, counts, focus !== undefined)}\n`;
  const perNamespace = new Map<string, number>();
  for (const w of matrix.workloads) perNamespace.set(w.namespace, (perNamespace.get(w.namespace) ?? 0) + 1);
  const reaching = new Set<string>();
  let src: Endpoint | undefined;
  let groups = new Map<string, Endpoint[]>();
  function* flush(): Generator<string> {
    if (!src) return;
    yield `\n${src.name} =>\n`;
    const self = src.kind === 'workload' ? src.workload.namespace : undefined;
    const sorted = [...groups.entries()].sort(([a], [b]) => (a === 'All Connections' ? -1 : b === 'All Connections' ? 1 : a < b ? -1 : a > b ? 1 : 0));
    for (const [conn, dsts] of sorted) {
      const names: string[] = [];
      const byNamespace = new Map<string, number>();
      for (const d of dsts) if (d.kind === 'workload') byNamespace.set(d.workload.namespace, (byNamespace.get(d.workload.namespace) ?? 0) + 1);
      const whole = new Set([...byNamespace].filter(([ns, n]) => n > 1 && n === (perNamespace.get(ns) ?? 0) - (ns === self ? 1 : 0)).map(([ns]) => ns));
      const done = new Set<string>();
      for (const d of dsts) {
        const ns = d.kind === 'workload' ? d.workload.namespace : undefined;
        if (ns === undefined || !whole.has(ns)) names.push(d.name);
        else if (!done.has(ns)) {
          done.add(ns);
          names.push(`${ns}/* (${ns === self ? 'every other workload' : `all ${byNamespace.get(ns)} workloads`})`);
        }
      }
      yield `  ${conn}: ${names.join(', ')}\n`;
    }
  }
  for (const c of focused(matrix, focus)) {
    if (c.src.name !== src?.name) {
      yield* flush();
      src = c.src;
      groups = new Map();
    }
    reaching.add(c.src.name);
    const conn = connectionsText(c.conn, matrix.via(c.src, c.dst));
    const list = groups.get(conn);
    if (list) list.push(c.dst);
    else groups.set(conn, [c.dst]);
  }
  yield* flush();
  const none = matrix.workloads.filter((w) => !reaching.has(w.id) && (!focus || focus(matrix.workloadEndpoint(w.id)!))).map((w) => w.id);
  if (none.length > 0) yield `\nreach nothing: ${none.join(', ')}\n`;
}

/**
 * The output of `reachdiff list` in pieces, so that millions of lines are
 * written without holding them all at once: the line-oriented formats in
 * pieces of about 64 KiB (listBytes), the grouped one of about `chunkSize`
 * characters.
 */
export function* renderListChunks(matrix: Matrix, format: ListFormat, focus?: Focus, counts?: ListCounts, exposure?: Exposure, chunkSize = 1 << 20): Generator<string> {
  if (format === 'json') {
    yield `${JSON.stringify(listJson(matrix, focus, counts, exposure), null, 2)}\n`;
    return;
  }
  if (format !== 'grouped') {
    // the chunks end at the ends of lines: none splits a character
    const decoder = new TextDecoder();
    for (const b of listBytes(matrix, format, focus, counts, exposure)) yield decoder.decode(b);
    return;
  }
  let chunk = '';
  for (const line of groupedWithExposure(matrix, focus, exposure)) {
    chunk += line;
    if (chunk.length >= chunkSize) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

/**
 * The output of `reachdiff list` as UTF-8, in pieces: the line-oriented
 * formats are written as bytes from the start (see listBytes), the others
 * encoded from renderListChunks.
 */
export function* renderListBytes(matrix: Matrix, format: ListFormat, focus?: Focus, counts?: ListCounts, exposure?: Exposure): Generator<Uint8Array> {
  if (format === 'json' || format === 'grouped') {
    for (const chunk of renderListChunks(matrix, format, focus, counts, exposure)) yield encoder.encode(chunk);
    return;
  }
  yield* listBytes(matrix, format, focus, counts, exposure);
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

/** The versioned JSON document of `reachdiff list` (schema/list.schema.json); with a focus, the connections it picks; with the exposure where it was analysed. */
export function listJson(matrix: Matrix, focus?: Focus, counts?: ListCounts, exposure?: Exposure): Record<string, unknown> {
  const range = (r: ExternalRange) =>
    r.family === 'ipv4' ? { family: r.family, first: formatIPv4(r.first), last: formatIPv4(r.last) } : { family: r.family, first: formatIPv6(r.first), last: formatIPv6(r.last) };
  return {
    version: 1,
    ipFamilies: addr.families(matrix.addressSpace),
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
    connections: [...focused(matrix, focus, counts)].map((c) => connectionJson(c, matrix.via(c.src, c.dst))),
    notAnalysed: notAnalysedJson(matrix.cluster.notAnalysed),
    ignoredKinds: Object.fromEntries([...matrix.cluster.ignoredKinds.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    diagnostics: matrix.diagnostics.map(diagnosticJson),
    ...(exposure ? { exposure: exposureJson(exposure) } : {}),
  };
}
