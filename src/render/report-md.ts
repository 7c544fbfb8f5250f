import type { FailOn } from '../check/config.js';
import { plural } from '../model/plural.js';
import { notAnalysedLine } from '../report/notanalysed.js';
import type { DecisionJson, ExposureChangeJson, OutsideChangeJson, Report, ReportChange, ReportInvariant, ViaJson, WitnessJson } from '../report/report.js';
import { leftOutAtHead, marksNew, openingRank, statusText, untrusted } from '../report/report.js';
import { causeText, endText, ruleText } from './difftext.js';
import type { SourceLinks, TextStyle } from './locations.js';
import { isStream, streamLine } from './locations.js';
import { htmlText, markdownCell } from './markdown.js';

export interface MarkdownOptions {
  /** Largest output in UTF-8 bytes; the renderer steps down to fit. */
  readonly budget?: number;
  /** Trusted Markdown placed first (a hidden marker, a heading). */
  readonly header?: string;
  /** Trusted Markdown placed last (SHAs, a link to the run). */
  readonly footer?: string;
  /** Where the full report is, said when detail had to be left out. */
  readonly fullReportHint?: string;
  /** List the warnings head already had too, not only those the change introduces. */
  readonly existingWarnings?: boolean;
  /** Draw a Mermaid graph when at most this many paths changed (0: never). */
  readonly graphLimit?: number;
  /** Links of each `file:line` to the file at its commit; dropped before rows where they do not fit. */
  readonly links?: SourceLinks | undefined;
  /** What fails the run, for the verdict's icon (default: new violations). */
  readonly failOn?: FailOn;
}

/**
 * Markdown for a table cell, each place a link to its file at its commit
 * where `links` gives one; a place in a rendered stream says which target's
 * render output holds the line.
 */
export function markdownStyle(links?: SourceLinks): TextStyle {
  return {
    text: markdownCell,
    at(file, line, side) {
      if (isStream(file)) return markdownCell(streamLine(file, line));
      const label = markdownCell(`${file}:${line}`);
      const url = links?.url(file, line, side);
      return url ? `[${label}](${url.replace(/\(/g, '%28').replace(/\)/g, '%29')})` : label;
    },
  };
}

/** How many failing invariants the shortest list that names them names. */
const FAILING_NAMED = 50;

/** How much detail a rendering carries, from most to least. */
type Level =
  | { kind: 'rows'; rowsPerNamespace: number; witnesses: number; warnings: number; grouped: boolean; graph: boolean }
  | { kind: 'counts' }
  | ({ kind: 'summary' } & InvariantsShown);

/**
 * How the invariants are shown: every one in the table; every one that
 * fails (and a count of the others); the names of those that fail, at most
 * `named` of them, in a list; or only counts.
 */
type InvariantsShown = { invariants: 'all' | 'failing' | 'counts' } | { invariants: 'names'; named: number };

const LEVELS: Level[] = [
  { kind: 'rows', rowsPerNamespace: Infinity, witnesses: 10, warnings: 50, grouped: false, graph: true },
  { kind: 'rows', rowsPerNamespace: Infinity, witnesses: 5, warnings: 25, grouped: true, graph: true },
  { kind: 'rows', rowsPerNamespace: 50, witnesses: 3, warnings: 10, grouped: true, graph: false },
  { kind: 'rows', rowsPerNamespace: 15, witnesses: 3, warnings: 5, grouped: true, graph: false },
  { kind: 'rows', rowsPerNamespace: 5, witnesses: 1, warnings: 3, grouped: true, graph: false },
  { kind: 'counts' },
  { kind: 'summary', invariants: 'all' },
  { kind: 'summary', invariants: 'failing' },
  { kind: 'summary', invariants: 'names', named: Infinity },
  { kind: 'summary', invariants: 'names', named: FAILING_NAMED },
  { kind: 'summary', invariants: 'counts' },
];

/** How a row shows a change: a changed path that gains connections and loses none is widened, an opening (see rowKind). */
type RowKind = ReportChange['type'] | 'widened';

const TYPE_ICON: Record<RowKind, string> = { added: '🟢 opened', widened: '🟢 widened', removed: '🔴 closed', changed: '🟡 changed' };

function rowKind(c: ReportChange): RowKind {
  return c.type === 'changed' && c.opened !== null && c.closed === null ? 'widened' : c.type;
}

const STATUS_ICON: Record<ReportInvariant['status'], string> = {
  holds: '✅ holds',
  fixed: '✅ fixed',
  violated: '❌ violated',
  'newly violated': '❌ newly violated',
  'still violated': '⚠️ still violated',
  unmatched: '❌ matches nothing',
};

/** An invariant's status with its icon; one that holds on what was read fails closed where input at head was not (see statusText). */
function statusIcon(i: Pick<ReportInvariant, 'status' | 'failedClosed'>): string {
  return i.failedClosed ? '❌ fails closed' : STATUS_ICON[i.status];
}

/**
 * `❌ 1 invariant newly violated · 3 paths opened · 1 closed · 2 changed`:
 * ❌ where the run fails as `failOn` says (the action's and diff's
 * default: new violations), ⚠️ where something fails that it does not
 * fail on, or a warning is introduced, else ✅.
 */
export function verdictLine(
  report: Pick<Report, 'kind' | 'summary'> & {
    readonly failOnUnread?: boolean;
    readonly warnings?: { readonly introduced: readonly unknown[] };
    readonly outside?: readonly unknown[];
    readonly exposure?: readonly unknown[];
    readonly invariants?: readonly Pick<ReportInvariant, 'status' | 'failedClosed'>[];
    readonly head?: Parameters<typeof leftOutAtHead>[0]['head'];
  },
  failOn: FailOn = 'new-violations',
): string {
  const s = report.summary;
  const still = s.violations - s.newViolations;
  // an invariant that matches nothing at head has no verdict: it fails as new, but was not violated
  const unmatched = report.invariants?.filter((i) => i.status === 'unmatched').length ?? 0;
  // one that holds on what was read fails closed on what was not: not violated, but not holding either
  const closed = report.invariants?.filter((i) => i.failedClosed).length ?? 0;
  const violated = s.newViolations - unmatched - closed;
  const distrusted = untrusted({ summary: s, failOnUnread: report.failOnUnread ?? true });
  const introduced = report.warnings?.introduced.length ?? 0;
  // as the exit status and the action's check decide
  const fails = failOn !== 'never' && (distrusted || (failOn === 'violations' ? s.violations : s.newViolations) > 0);
  // a warning the change introduces is no all-clear, though no invariant fails
  // parts of head a diff's change did not touch are left out without failing it: the invariants hold on what was read
  const leftOut = s.invariants > 0 && s.unread === 0 ? leftOutAtHead(report) : 0;
  const icon = fails ? '❌' : s.violations > 0 || s.unread > 0 || leftOut > 0 || introduced > 0 ? '⚠️' : '✅';
  const parts: string[] = [];
  if (distrusted) parts.push(`${plural(s.unread, 'input')} at head could not be read, so ${closed > 0 ? `${plural(closed, 'invariant')} that ${closed === 1 ? 'holds' : 'hold'} on what was read ${closed === 1 ? 'fails' : 'fail'}` : 'the invariants fail'} closed`);
  else if (s.unread > 0) parts.push(`${plural(s.unread, 'input')} at head could not be read`);
  else if (leftOut > 0) parts.push(`${plural(leftOut, 'part')} of head not read (not touched by the change)`);
  // a check has one state: nothing is new to it
  if (violated > 0) parts.push(`${plural(violated, 'invariant')} ${report.kind === 'check' ? 'violated' : 'newly violated'}`);
  if (unmatched > 0) parts.push(`${plural(unmatched, 'invariant')} ${unmatched === 1 ? 'matches' : 'match'} nothing`);
  if (still > 0) parts.push(`${plural(still, 'invariant')} still violated`);
  if (report.kind === 'diff') {
    const changes: string[] = [];
    // a path that gains connections and loses none is an opening, though the connectivity diff calls it changed
    const widened = s.widened ?? 0;
    if (s.opened > 0) changes.push(`${plural(s.opened, 'path')} opened`);
    if (widened > 0) changes.push(`${changes.length ? widened : plural(widened, 'path')} widened`);
    if (s.closed > 0) changes.push(`${changes.length ? s.closed : plural(s.closed, 'path')} closed`);
    if (s.changed > widened) changes.push(`${changes.length ? s.changed - widened : plural(s.changed - widened, 'path')} changed`);
    // a change of reach from outside, of exposure to pods the manifests do not hold, or one a warning tells of (between a workload's own pods), has its own line: no path between workloads changed, but something did
    const other = (report.outside?.length ?? 0) > 0 || (report.exposure?.length ?? 0) > 0 || introduced > 0;
    parts.push(...(changes.length > 0 ? changes : [other ? 'no path between workloads changed' : 'no reachability change']));
  }
  if (s.violations === 0 && s.invariants > 0) parts.push(`${plural(s.invariants, 'invariant')} ${s.invariants === 1 ? 'holds' : 'hold'}${s.unread > 0 || leftOut > 0 ? ' on what could be read' : ''}`);
  if (introduced > 0) parts.push(`${plural(introduced, 'warning')} introduced`);
  return `${icon} ${parts.join(' · ')}`;
}

/** The rules that admit a path or an exposure, in a few words. */
export function rulesText(rules: readonly DecisionJson[]): string {
  return rules.map((d) => (d.default ? 'no policy isolates it' : `${ruleText(d)} (${d.file}:${d.line}${d.generatedBy ? `, ${d.generatedBy}` : ''})`)).join('; ');
}

/** How many workloads the verdict's own line on outside reach names. */
const OUTSIDE_NAMED = 3;

/**
 * `🌐 2 workloads newly reachable from outside the cluster: shop/web[Deployment]
 * through Ingress shop/web on TCP 8080 (allowed by ...); ...`: the verdict's
 * own line, where a change opens a path from outside the cluster.
 */
export function outsideLine(outside: readonly OutsideChangeJson[] | undefined, named = OUTSIDE_NAMED): string {
  // newly reachable: from nothing, through that object; one that widens is changed, in the table
  const opened = (outside ?? []).filter((o) => o.type === 'opened');
  if (opened.length === 0) return '';
  const workloads = new Set(opened.map((o) => o.workload));
  const items = opened.slice(0, named).map((o) => `${o.workload} through ${o.via} on ${o.opened}${o.rules.length ? `, allowed by ${rulesText(o.rules)}` : ''}`);
  const more = opened.length > named ? `; … and ${opened.length - named} more` : '';
  return `🌐 ${plural(workloads.size, 'workload')} newly reachable from outside the cluster${named > 0 ? `: ${items.join('; ')}${more}` : ''}`;
}

const EXPOSURE_ICON: Record<ExposureChangeJson['type'], string> = { opened: '🟢 newly exposed', closed: '🔴 no longer exposed', changed: '🟡 changed' };
const OUTSIDE_ICON: Record<OutsideChangeJson['type'], string> = { opened: '🟢 newly reachable', closed: '🔴 no longer reachable', changed: '🟡 changed' };

function exposurePorts(c: { type: string; base: string; head: string; opened: string | null; closed: string | null }): string {
  if (c.type === 'opened' && c.base === 'No Connections') return c.head;
  if (c.type === 'closed' && c.head === 'No Connections') return c.base;
  return [c.opened ? `+ ${c.opened}` : '', c.closed ? `− ${c.closed}` : ''].filter(Boolean).join(' / ') || `${c.base} → ${c.head}`;
}

/**
 * The rules that allow what a row of outside reach or exposure has, with
 * the ports each allows, on the side that has it: head, or base for a row
 * closed at head (the rules that allowed it there; what closed it is the
 * change of the objects or rules the connectivity table names).
 */
function allowedCell(c: { head: string; rules: readonly DecisionJson[] }): string {
  const rules = c.rules.map((d) => (d.default ? `no policy isolates it: ${d.ports}` : `${ruleText(d)} (${d.file}:${d.line}${d.generatedBy ? `, ${d.generatedBy}` : ''}): ${d.ports}`)).join('; ');
  return rules && c.head === 'No Connections' ? `at base: ${rules}` : rules;
}

/** The outside reach and exposure a change alters, as tables of at most `rows` rows each. */
function reachTables(report: Report, rows: number): string {
  const blocks: string[] = [];
  const outside = report.outside ?? [];
  if (outside.length > 0) {
    const shown = outside.slice(0, rows);
    const lines = [
      `<details><summary>Reachable from outside the cluster: ${plural(outside.length, 'change')}</summary>`,
      '',
      '| | Workload | Through | From | Connections | Allowed by |',
      '| --- | --- | --- | --- | --- | --- |',
      ...shown.map((o) => `| ${OUTSIDE_ICON[o.type]} | ${markdownCell(o.workload)} | ${markdownCell(o.via)} | ${markdownCell(o.from)} | ${markdownCell(exposurePorts(o))} | ${markdownCell(allowedCell(o))} |`),
    ];
    if (outside.length > shown.length) lines.push('', `… and ${outside.length - shown.length} more`);
    lines.push('', '</details>');
    blocks.push(lines.join('\n'));
  }
  const exposure = report.exposure ?? [];
  if (exposure.length > 0) {
    const shown = exposure.slice(0, rows);
    const lines = [
      `<details><summary>Exposure to pods the manifests do not hold: ${plural(exposure.length, 'change')}</summary>`,
      '',
      '| | Workload | Direction | Pods | Connections | Allowed by |',
      '| --- | --- | --- | --- | --- | --- |',
      ...shown.map((e) => `| ${EXPOSURE_ICON[e.type]} | ${markdownCell(e.workload)} | ${e.direction === 'ingress' ? 'from' : 'to'} | ${markdownCell(e.peer)} | ${markdownCell(exposurePorts(e))} | ${markdownCell(allowedCell(e))} |`),
    ];
    if (exposure.length > shown.length) lines.push('', `… and ${exposure.length - shown.length} more`);
    lines.push('', '</details>');
    blocks.push(lines.join('\n'));
  }
  return blocks.join('\n\n');
}

/**
 * The warnings the change introduces, up to `shown` of them listed (0: only
 * counted); the others (existing, silenced) are only counted.
 */
function warningsSection(report: Report, shown: number, listExisting: boolean, style: TextStyle): string {
  const main = warningList(report, shown, style);
  const { existing } = report.warnings;
  if (!listExisting || existing.length === 0 || shown === 0) return main;
  const listed = existing.slice(0, shown);
  const lines = [report.kind === 'diff' ? '**Warnings already present**' : '**Warnings**', '', ...listed.map((w) => `- ${style.at(w.file, w.line, 'head')} ${w.code}: ${markdownCell(w.message)}`)];
  if (existing.length > listed.length) lines.push('', `… and ${existing.length - listed.length} more`);
  return [main, lines.join('\n')].filter(Boolean).join('\n\n');
}

function warningList(report: Report, shown: number, style: TextStyle): string {
  const { introduced, existing, silenced } = report.warnings;
  const others = [existing.length > 0 ? plural(existing.length, report.kind === 'diff' ? 'existing warning' : 'warning') : '', silenced > 0 ? `${silenced} silenced by the config` : '']
    .filter(Boolean)
    .join(' · ');
  if (introduced.length === 0) {
    if (!others) return '';
    return report.kind === 'diff' ? `_No warning introduced by this change (${others})._` : `_⚠️ ${others}; \`reachdiff lint\` lists them._`;
  }
  if (shown === 0) return `_⚠️ ${plural(introduced.length, 'warning')} introduced by this change${others ? ` (${others})` : ''}; see the full report._`;
  const listed = introduced.slice(0, shown);
  const lines = ['**⚠️ Warnings introduced by this change**', '', ...listed.map((w) => `- ${style.at(w.file, w.line, 'head')} ${w.code}: ${markdownCell(w.message)}`)];
  if (introduced.length > listed.length) lines.push('', `… and ${introduced.length - listed.length} more`);
  if (others) lines.push('', `_Also: ${others}._`);
  return lines.join('\n');
}

/** The invariants as a level shows them: a table of all, or of those that fail; the names of those that fail; or counts. */
function invariantTable(all: readonly ReportInvariant[], level: InvariantsShown): string {
  if (all.length === 0) return '';
  // those new in head first: under fail-on new-violations they are what fails the check
  const failing = [...all.filter((i) => i.failed && i.isNew), ...all.filter((i) => i.failed && !i.isNew)];
  const counts = `${plural(all.length, 'invariant')}: ${failing.length} failing, ${all.length - failing.length} holding`;
  if (level.invariants === 'counts') return `_${counts}; the job summary lists them._`;
  if (level.invariants === 'names') {
    const named = failing.slice(0, level.named);
    const rest = failing.length - named.length;
    return [
      `_${counts}; the job summary lists them._`,
      ...(named.length > 0 ? ['', ...named.map((i) => `- ${statusIcon(i)}: ${markdownCell(i.name)}`), ...(rest > 0 ? [`- … and ${rest} more failing`] : [])] : []),
    ].join('\n');
  }
  const invariants = level.invariants === 'all' ? [...failing, ...all.filter((i) => !i.failed)] : failing;
  const rest = all.length - invariants.length;
  const more = rest > 0 ? [`\n_… and ${rest} more invariant${rest === 1 ? '' : 's'}, all holding; the job summary lists them._`] : [];
  const rows = invariants.map((i) => {
    const n = i.head.witnessCount;
    const detail =
      i.status === 'unmatched'
        ? `${plural(i.head.unmatched.length, 'selector')} ${i.head.unmatched.length === 1 ? 'matches' : 'match'} nothing`
        : i.failedClosed
          ? `holds on what was read; ${plural(n, 'input')} at head not read`
          : i.failed
            ? plural(n, 'witness', 'witnesses')
            : '';
    const warnings = (i.head.warnings ?? []).map((w) => `⚠️ ${w.selector}: ${w.message}`);
    return `| ${statusIcon(i)} | ${markdownCell(i.name)} | ${i.kind} | ${markdownCell([detail, ...warnings].filter(Boolean).join('; '))} |`;
  });
  return [...(rows.length > 0 ? ['| Status | Invariant | Kind | |', '| --- | --- | --- | --- |', ...rows] : []), ...more].join('\n').trim();
}

/** `mark`: whether to say which witnesses base did not have (see marksNew). */
function witnessRow(w: WitnessJson, style: TextStyle, mark: boolean): string {
  const isNew = mark && w.new ? '🆕 ' : '';
  if (w.kind === 'workload') return `| ${isNew}${markdownCell(w.workload)} | ${w.direction} | ${markdownCell(w.message)} (${style.at(w.file, w.line, 'head')}) |`;
  if (w.kind === 'unread') return `| ${isNew}${style.at(w.file, w.line, 'head')} | not read (${w.code}) | ${markdownCell(w.message)} |`;
  if (w.kind === 'object') return `| ${isNew}${markdownCell(w.object)} | not analysed | ${markdownCell(w.message)} (${style.at(w.file, w.line, 'head')}) |`;
  const why = w.explanation ? [endText(w.explanation.egress, 'egress', 'head', style), endText(w.explanation.ingress, 'ingress', 'head', style)].join('<br>') : '';
  return `| ${isNew}${markdownCell(`${w.src} → ${w.dst}`)} | ${markdownCell(w.ports)} | ${why} |`;
}

function violationDetails(invariants: readonly ReportInvariant[], witnesses: number, style: TextStyle): string {
  const blocks: string[] = [];
  for (const i of invariants) {
    // one that fails closed on input not read has that input as its witnesses, which the note on unread input lists
    if (!i.failed || witnesses === 0 || i.failedClosed) continue;
    const lines = [`<details><summary>${htmlText(i.name)}: ${htmlText(statusText(i))}</summary>`, ''];
    for (const u of i.head.unmatched) lines.push(`- selector ${markdownCell(u.selector)} (${style.at(i.file, u.line, 'config')}) matches nothing`);
    const shown = i.head.witnesses.slice(0, witnesses);
    if (shown.length > 0) {
      const header = { pair: '| Pair | Connections | Why |', workload: '| Workload | Direction | Why |', object: '| Object | Status | Why |', unread: '| Input | Status | Why |' }[shown[0]!.kind];
      lines.push(header, '| --- | --- | --- |', ...shown.map((w) => witnessRow(w, style, marksNew(i))));
    }
    if (i.head.witnessCount > shown.length) lines.push('', `… and ${i.head.witnessCount - shown.length} more`);
    lines.push('', '</details>');
    blocks.push(lines.join('\n'));
  }
  return blocks.join('\n\n');
}

/** The rule responsible for a change, in a few words, as Markdown of a table cell. */
function responsible(c: ReportChange, style: TextStyle): string {
  const causes = c.explanation.causes;
  if (causes.length > 0) return causes.map((x) => causeText(x, style)).join(style.text('; '));
  const head = c.explanation.head;
  if (head) {
    const decisions = [...head.egress.decisions, ...head.ingress.decisions].filter((d) => d.action === 'allow' && !d.default);
    if (decisions.length > 0) {
      return decisions.map((d) => `${style.text(`${ruleText(d)} (`)}${style.at(d.file ?? '', d.line ?? 1, 'head')}${style.text(`${d.generatedBy ? `, ${d.generatedBy}` : ''})`)}`).join(style.text('; '));
    }
  }
  return '';
}

/** ` (via L7 HTTP on TCP 80)`: the connections of a side that pass through a rule with a note. */
function viaMark(via: readonly ViaJson[], conn: string): string {
  if (via.length === 0) return '';
  return ` (via ${via.map((v) => (v.conn === conn ? v.note : `${v.note} on ${v.conn}`)).join('; ')})`;
}

/** The connections a change opened or closed, with the via mark of the side that has them unless `via` is false. */
function portsCell(c: ReportChange, via = true): string {
  const mark = (list: readonly ViaJson[] | undefined, conn: string) => (via ? viaMark(list ?? [], conn) : '');
  // the same connections, through other rules with a note: the marks of both sides are the change; through the same notes, edited filters
  if (c.viaInfo) {
    const [before, after] = [viaMark(c.via?.base ?? [], c.base), viaMark(c.via?.head ?? [], c.head)];
    return via && before !== after ? `${c.base}${before} → ${c.head}${after}` : `${c.head}, ${c.viaInfo}`;
  }
  if (c.type === 'added') return `${c.head}${mark(c.via?.head, c.head)}`;
  if (c.type === 'removed') return `${c.base}${mark(c.via?.base, c.base)}`;
  // before and after read at a glance; what was opened or closed can be the long complement of a narrowing
  return `${c.base} → ${c.head}${mark(c.via?.head, c.head)}`;
}

interface Row {
  type: RowKind;
  src: string;
  dst: string;
  ports: string;
  why: string;
}

/** Merges rows that differ only in one end, so that many pairs read as one. */
function groupRows(changes: readonly ReportChange[], style: TextStyle): Row[] {
  const rows = changes.map((c) => ({ type: rowKind(c), src: c.src, dst: c.dst, ports: portsCell(c), why: responsible(c, style) }));
  const merge = (key: (r: Row) => string, set: (r: Row, many: string[]) => Row, pick: (r: Row) => string) => {
    const groups = new Map<string, Row[]>();
    for (const r of rows) {
      const k = key(r);
      const g = groups.get(k);
      if (g) g.push(r);
      else groups.set(k, [r]);
    }
    return [...groups.values()].map((g) => (g.length === 1 ? g[0]! : set(g[0]!, g.map(pick))));
  };
  const many = (names: string[]) => (names.length <= 3 ? names.join(', ') : `${names.slice(0, 2).join(', ')} and ${names.length - 2} more`);
  const bySrc = merge((r) => `${r.type}\u0000${r.src}\u0000${r.ports}\u0000${r.why}`, (r, dsts) => ({ ...r, dst: many(dsts) }), (r) => r.dst);
  const byDst = merge((r) => `${r.type}\u0000${r.dst}\u0000${r.ports}\u0000${r.why}`, (r, srcs) => ({ ...r, src: many(srcs) }), (r) => r.src);
  return bySrc.length <= byDst.length ? bySrc : byDst;
}

/** A namespace's changes counted; `changed` counts the widened too (see rowKind). */
interface NamespaceCounts {
  added: number;
  widened: number;
  removed: number;
  changed: number;
  changes: ReportChange[];
}

/** Per namespace (the destination's, or the source's for an external destination): the counts of every change and the listed changes. */
function namespaceCounts(report: Report): Map<string, NamespaceCounts> {
  const byNs = new Map<string, NamespaceCounts>();
  const entry = (ns: string) => {
    let e = byNs.get(ns);
    if (!e) {
      e = { added: 0, widened: 0, removed: 0, changed: 0, changes: [] };
      byNs.set(ns, e);
    }
    return e;
  };
  for (const g of report.groups) {
    const e = entry(g.dstNamespace || g.srcNamespace || '(external)');
    e[g.type] += g.count;
    e.widened += g.widened ?? 0;
  }
  for (const c of report.changes) entry(c.namespace || '(external)').changes.push(c);
  return new Map([...byNs.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Whether the report lists fewer changes than it counts. */
function listedNote(report: Report): string {
  const total = report.summary.opened + report.summary.closed + report.summary.changed;
  return report.changes.length < total ? `_The report lists ${report.changes.length} of ${total} changes, those that open paths or ports first, with the rules responsible; the counts are of all of them._` : '';
}

function countsText(e: NamespaceCounts): string {
  return [e.added ? `${e.added} opened` : '', e.widened ? `${e.widened} widened` : '', e.removed ? `${e.removed} closed` : '', e.changed > e.widened ? `${e.changed - e.widened} changed` : ''].filter(Boolean).join(', ');
}

function changeTables(report: Report, level: Extract<Level, { kind: 'rows' }>, style: TextStyle): string {
  const blocks: string[] = [];
  for (const [ns, e] of namespaceCounts(report)) {
    if (e.changes.length === 0) continue;
    // what opens comes first, so that a cut leaves out closings before openings: paths opened, then those that gain ports
    const rank = (c: ReportChange) => openingRank(c.type, c.opened !== null);
    const changes = [...e.changes].sort((a, b) => rank(a) - rank(b));
    const rows = level.grouped ? groupRows(changes, style) : changes.map((c) => ({ type: rowKind(c), src: c.src, dst: c.dst, ports: portsCell(c), why: responsible(c, style) }));
    const shown = rows.slice(0, level.rowsPerNamespace);
    const lines = [
      `<details><summary>Namespace <code>${htmlText(ns)}</code>: ${countsText(e)}</summary>`,
      '',
      '| | Source | Destination | Connections | Rule responsible |',
      '| --- | --- | --- | --- | --- |',
      ...shown.map((r) => `| ${TYPE_ICON[r.type]} | ${markdownCell(r.src)} | ${markdownCell(r.dst)} | ${markdownCell(r.ports)} | ${r.why} |`),
    ];
    if (rows.length > shown.length) lines.push('', `… and ${rows.length - shown.length} more rows`);
    lines.push('', '</details>');
    blocks.push(lines.join('\n'));
  }
  return blocks.join('\n\n');
}

function countsTable(report: Report): string {
  const rows = [...namespaceCounts(report).entries()].map(([ns, e]) => `| ${markdownCell(ns)} | ${e.added} | ${e.widened} | ${e.removed} | ${e.changed - e.widened} |`);
  return ['| Namespace | Opened | Widened | Closed | Changed |', '| --- | ---: | ---: | ---: | ---: |', ...rows].join('\n');
}

/** A Mermaid label: only characters that cannot end the label, the line or the fence. */
function mermaidLabel(text: string): string {
  return text
    .replace(/ → /g, ' to ')
    .replace(/−/g, '-')
    .replace(/[^A-Za-z0-9._/:,+\- [\]{}]/g, '?')
    .replace(/\[/g, '#91;')
    .replace(/\]/g, '#93;')
    .replace(/\{/g, '#123;')
    .replace(/\}/g, '#125;');
}

function graph(changes: readonly ReportChange[]): string {
  const ids = new Map<string, string>();
  const id = (name: string) => {
    let v = ids.get(name);
    if (!v) {
      v = `n${ids.size}`;
      ids.set(name, v);
    }
    return v;
  };
  const edges: string[] = [];
  const styles: string[] = [];
  const color = { added: '#2da44e', removed: '#cf222e', changed: '#bf8700' };
  changes.forEach((c, i) => {
    const arrow = c.type === 'removed' ? '-.->' : '-->';
    edges.push(`  ${id(c.src)} ${arrow}|"${mermaidLabel(portsCell(c, false))}"| ${id(c.dst)}`);
    styles.push(`  linkStyle ${i} stroke:${color[c.type]}`);
  });
  const nodes = [...ids.entries()].map(([name, v]) => `  ${v}["${mermaidLabel(name)}"]`);
  return ['```mermaid', 'graph LR', ...nodes, ...edges, ...styles, '```'].join('\n');
}

/** How many unread inputs a note lists, at the richest level. */
const UNREAD_LISTED = 10;

/** Input that could not be read, right under the verdict: at head listed, at base counted. */
function unreadNote(report: Report, listed: number, style: TextStyle): string {
  const head = report.head.unread;
  const base = report.base?.unread.length ?? 0;
  if (head.length + base === 0) return '';
  const lines: string[] = [];
  if (head.length > 0) {
    lines.push(`> ⛔ ${plural(head.length, 'input')}${report.base ? ' at head' : ''} could not be read or would be rejected by the API server; the verdict does not see ${head.length === 1 ? 'it' : 'them'}:`);
    const shown = head.slice(0, listed);
    for (const u of shown) lines.push(`> - ${style.at(u.file, u.line, 'head')}: ${markdownCell(u.reason)} (${u.code})`);
    if (head.length > shown.length) lines.push(`> - … and ${head.length - shown.length} more; see the job log or the full report`);
  }
  if (base > 0) lines.push(`> ${plural(base, 'input')} at base could not be read.`);
  return lines.join('\n');
}

/** How many not-analysed objects a note lists by name, at the richest level. */
const NOT_ANALYSED_LISTED = 10;

/**
 * What was not analysed, right under the verdict: a policy kind reachdiff
 * does not model governs traffic there, so the paths shown may differ from
 * the cluster's. Said even when no path changed.
 */
function notAnalysedNote(report: Report, listed: number, style: TextStyle): string {
  const head = report.head.notAnalysed;
  const base = report.base?.notAnalysed ?? [];
  const lines: string[] = [];
  const headLine = notAnalysedLine(head);
  if (headLine) lines.push(`> ⚠️ ${report.base ? 'At head, ' : ''}${headLine}.`);
  const baseLine = notAnalysedLine(base);
  if (baseLine && base.length !== head.length) lines.push(`> ${headLine ? 'At base: ' : '⚠️ At base, '}${baseLine}.`);
  if (lines.length === 0) return '';
  const shown = head.slice(0, listed);
  for (const n of shown) lines.push(`> - ${markdownCell(n.kind)}${n.name ? ` ${markdownCell(n.name)}` : ''} (${style.at(n.file, n.line, 'head')}): ${markdownCell(n.reason)}`);
  if (head.length > shown.length && shown.length > 0) lines.push(`> - … and ${head.length - shown.length} more`);
  return lines.join('\n');
}

function render(report: Report, level: Level, options: MarkdownOptions, style: TextStyle): string {
  const parts: string[] = [];
  if (options.header) parts.push(options.header);
  parts.push(`**${verdictLine(report, options.failOn)}**`);
  const reach = outsideLine(report.outside, level.kind === 'rows' ? OUTSIDE_NAMED : 0);
  if (reach) parts.push(`**${reach}**`);
  const unread = unreadNote(report, level.kind === 'summary' ? 0 : UNREAD_LISTED, style);
  if (unread) parts.push(unread);
  const notAnalysed = notAnalysedNote(report, level.kind === 'rows' ? NOT_ANALYSED_LISTED : 0, style);
  if (notAnalysed) parts.push(notAnalysed);
  const inv = invariantTable(report.invariants, level.kind === 'summary' ? level : { invariants: 'all' });
  if (inv) parts.push(inv);
  if (level.kind === 'rows') {
    const details = violationDetails(report.invariants, level.witnesses, style);
    if (details) parts.push(details);
  }
  if (report.changes.length > 0) {
    if (level.kind === 'rows') {
      if (level.graph && options.graphLimit && report.changes.length <= options.graphLimit) parts.push(graph(report.changes));
      parts.push(changeTables(report, level, style));
      const note = listedNote(report);
      if (note) parts.push(note, countsTable(report));
    } else if (level.kind === 'counts') {
      parts.push(countsTable(report));
    }
  }
  if (level.kind === 'rows') {
    const reachRows = reachTables(report, level.rowsPerNamespace === Infinity ? Infinity : level.rowsPerNamespace * 2);
    if (reachRows) parts.push(reachRows);
  }
  const warnings = warningsSection(report, level.kind === 'rows' ? level.warnings : 0, options.existingWarnings === true, style);
  if (warnings) parts.push(warnings);

  const trimmed = level.kind !== 'rows' || level.rowsPerNamespace !== Infinity || level.witnesses < 10;
  const needsHint = trimmed && (report.changes.length > 0 || report.invariants.some((i) => i.failed) || (report.exposure?.length ?? 0) + (report.outside?.length ?? 0) > 0);
  if (needsHint && options.fullReportHint) parts.push(`_${options.fullReportHint}_`);
  if (options.footer) parts.push(options.footer);
  return `${parts.join('\n\n')}\n`;
}

/**
 * Renders a report as Markdown within a byte budget: the richest of several
 * variants that fits (at each, with links to the files if they fit, else
 * without), from every row to grouped and capped rows, to counts
 * per namespace, to a summary, to the failing invariants alone, to their
 * names, to the first fifty names, to counts: the names of the failing
 * invariants stay while they fit.
 * Tables and fences are never cut, and the verdict is always there: where
 * nothing else fits, it stands alone with a word on where the report is.
 */
export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const budget = options.budget ?? Infinity;
  // at each level, links go before rows do
  const styles = options.links ? [markdownStyle(options.links), markdownStyle()] : [markdownStyle()];
  for (const level of LEVELS) {
    for (const style of styles) {
      const text = render(report, level, options, style);
      if (Buffer.byteLength(text, 'utf8') <= budget) return text;
    }
  }
  const reach = outsideLine(report.outside, 0);
  return [options.header, `**${verdictLine(report, options.failOn)}**`, reach ? `**${reach}**` : '', '_The report is too large to show here; the job summary and the report output hold it._', options.footer].filter(Boolean).join('\n\n') + '\n';
}

