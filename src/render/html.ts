import type { Matrix } from '../engine/matrix.js';
import { formatExternal } from '../model/ipranges.js';
import type { Report, ReportChange, ReportInvariant } from '../report/report.js';
import { marksNew, statusText } from '../report/report.js';
import { explanationLines, pairLines } from './difftext.js';
import { HTML_SCRIPT, HTML_STYLE } from './html-page.js';
import { verdictLine } from './report-md.js';
import { connectionsText } from './via.js';

/**
 * One self-contained HTML file (inline style and script, the data inline as
 * JSON, a Content-Security-Policy that allows no request) that draws the
 * graph and lists what `list` or `diff` found, with filters. The data is
 * built here, so that it can be checked as JSON; the page only shows it.
 */
export const HTML_DATA_VERSION = 1;

export interface HtmlNode {
  /** `ns/name[Kind]` or `A.B.C.D-E.F.G.H[External]`. */
  id: string;
  /** The namespace, or `` for an external range. */
  ns: string;
}

/** Who can reach whom: each source's row (destinations and connection texts by index) shared by the sources that have the same one. */
export interface ListData {
  kind: 'list';
  label: string;
  nodes: HtmlNode[];
  conns: string[];
  /** Distinct rows: flat [destination node, connection] index pairs. */
  rows: number[][];
  /** The row of each node, as a source; -1 where it reaches nothing. */
  rowOf: number[];
}

export interface DiffChangeData {
  type: ReportChange['type'];
  src: string;
  dst: string;
  ns: string;
  ports: string;
  /** Which rules decided on each side and what changed, one line each. */
  why: string[];
}

export interface InvariantData {
  name: string;
  kind: ReportInvariant['kind'];
  /** The status, or `fails closed` (see statusText). */
  status: string;
  failed: boolean;
  where: string;
  witnessCount: number;
  witnesses: Array<{ text: string; why: string[] }>;
}

export interface DiffData {
  kind: 'diff';
  name: string;
  verdict: string;
  base: string;
  head: string;
  counts: Report['summary'];
  /** The listed changes (where there are many, those that open first); `counts` has them all. */
  changes: DiffChangeData[];
  invariants: InvariantData[];
  warnings: Array<{ code: string; where: string; message: string }>;
  /** Input at head that could not be read, which the verdict does not rest on. */
  unread: Array<{ code: string; where: string; message: string }>;
}

export interface HtmlData {
  version: typeof HTML_DATA_VERSION;
  title: string;
  targets: Array<ListData | DiffData>;
}

function namespaceOf(name: string): string {
  return name.endsWith('[External]') ? '' : name.slice(0, name.indexOf('/'));
}

/** The data of `list --format html`. */
export function listHtmlData(matrix: Matrix, label: string): HtmlData {
  const nodes: HtmlNode[] = matrix.workloads.map((w) => ({ id: w.id, ns: w.namespace }));
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  const node = (name: string) => {
    let i = index.get(name);
    if (i === undefined) {
      i = nodes.length;
      nodes.push({ id: name, ns: namespaceOf(name) });
      index.set(name, i);
    }
    return i;
  };
  for (const r of matrix.ingressRanges) node(formatExternal(r));
  for (const r of matrix.egressRanges) node(formatExternal(r));
  const conns: string[] = [];
  const connIndex = new Map<string, number>();
  const bySource = new Map<number, number[]>();
  for (const c of matrix.connections()) {
    const text = connectionsText(c.conn, matrix.via(c.src, c.dst));
    let ci = connIndex.get(text);
    if (ci === undefined) {
      ci = conns.length;
      conns.push(text);
      connIndex.set(text, ci);
    }
    const s = node(c.src.name);
    let row = bySource.get(s);
    if (!row) bySource.set(s, (row = []));
    row.push(node(c.dst.name), ci);
  }
  const rows: number[][] = [];
  const rowIndex = new Map<string, number>();
  const rowOf = nodes.map((_, i) => {
    const row = bySource.get(i);
    if (!row) return -1;
    const key = row.join(',');
    let ri = rowIndex.get(key);
    if (ri === undefined) {
      ri = rows.length;
      rows.push(row);
      rowIndex.set(key, ri);
    }
    return ri;
  });
  return { version: HTML_DATA_VERSION, title: `reachdiff list ${label}`, targets: [{ kind: 'list', label, nodes, conns, rows, rowOf }] };
}

function portsText(c: ReportChange): string {
  if (c.type === 'added') return c.head;
  if (c.type === 'removed') return c.base;
  // the same connections, through other rules with a note
  if (c.viaInfo) return `${c.head}, ${c.viaInfo}`;
  return [c.opened ? `+ ${c.opened}` : '', c.closed ? `− ${c.closed}` : ''].filter(Boolean).join(' / ');
}

function invariantData(i: ReportInvariant): InvariantData {
  return {
    name: i.name,
    kind: i.kind,
    status: statusText(i),
    failed: i.failed,
    where: `${i.file}:${i.line}`,
    witnessCount: i.head.witnessCount,
    witnesses: [
      ...i.head.unmatched.map((u) => ({ text: `selector ${u.selector} (line ${u.line}) matches nothing`, why: [] })),
      ...i.head.witnesses.map((w) => {
        const isNew = marksNew(i) && w.new ? 'new: ' : '';
        if (w.kind === 'unread') return { text: `${isNew}${w.file}:${w.line}: ${w.message} [${w.code}]`, why: [] };
        return w.kind === 'workload' ? { text: `${isNew}${w.workload} ${w.direction}: ${w.message} (${w.file}:${w.line})`, why: [] } : w.kind === 'object' ? { text: `${isNew}${w.object}: ${w.message} (${w.file}:${w.line})`, why: [] } : { text: `${isNew}${w.src} → ${w.dst}: ${w.ports}`, why: w.explanation ? pairLines(w.explanation) : [] };
      }),
    ],
  };
}

/** The data of one diff report: its changes with explanations, its invariants and the warnings the change introduces. */
export function diffData(report: Report, name = ''): DiffData {
  return {
    kind: 'diff',
    name,
    verdict: verdictLine(report),
    base: report.base?.label ?? '',
    head: report.head.label,
    counts: report.summary,
    changes: report.changes.map((c) => ({ type: c.type, src: c.src, dst: c.dst, ns: c.namespace, ports: portsText(c), why: explanationLines(c) })),
    invariants: report.invariants.map(invariantData),
    warnings: report.warnings.introduced.map((w) => ({ code: w.code, where: `${w.file}:${w.line}`, message: w.message })),
    unread: report.head.unread.map((u) => ({ code: u.code, where: `${u.file}:${u.line}`, message: u.reason })),
  };
}

/** The data of `diff --format html`, or of the action's report with one section per target. */
export function diffHtmlData(targets: ReadonlyArray<{ name: string; report: Report }>, title: string): HtmlData {
  return { version: HTML_DATA_VERSION, title, targets: targets.map((t) => diffData(t.report, t.name)) };
}

/** JSON that cannot end the script element it sits in. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The page: no request leaves it (default-src 'none'), its style and script are inline. */
export function renderHtml(data: HtmlData): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(data.title)}</title>`,
    `<style>${HTML_STYLE}</style>`,
    '</head>',
    '<body>',
    `<header><h1>${escapeHtml(data.title)}</h1></header>`,
    '<main id="app"><noscript>This report needs JavaScript to draw its graph and tables; its data is in the script element below.</noscript></main>',
    `<script type="application/json" id="reachdiff-data">${scriptJson(data)}</script>`,
    `<script>${HTML_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
