import { createHash } from 'node:crypto';
import { sep } from 'node:path';
import type { CodeHelp } from '../report/codes.js';
import { CODE_HELP, INVARIANT_HELP } from '../report/codes.js';
import type { DecisionJson, DiagnosticJson, LintReport, Report, ReportInvariant, WitnessJson } from '../report/report.js';
import { marksNew, statusText } from '../report/report.js';
import { decisionText, ruleText } from './difftext.js';
import { isStream, streamLine } from './locations.js';

/**
 * SARIF 2.1.0 (OASIS), the format GitHub Code Scanning reads: one run of
 * reachdiff, with a rule per diagnostic code and invariant kind it reports
 * (with help text), and a result per warning, input error or failing invariant, each at the file
 * and line of the policy, rule or invariant responsible.
 */
export const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const PROJECT_URL = 'https://github.com/reachdiff/reachdiff';
/** The key of the fingerprint in partialFingerprints; a new way of computing it gets a new version. */
export const FINGERPRINT_KEY = 'reachdiff/v1';

type Level = 'error' | 'warning';

interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } };
  id?: number;
  message?: { text: string };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: Level;
  message: { text: string };
  locations?: SarifLocation[];
  relatedLocations?: SarifLocation[];
  partialFingerprints: Record<string, string>;
  properties?: Record<string, unknown>;
}

export interface SarifLog {
  $schema: string;
  version: '2.1.0';
  runs: Array<{
    tool: { driver: { name: string; version: string; semanticVersion: string; informationUri: string; rules: unknown[] } };
    results: SarifResult[];
    properties?: Record<string, unknown>;
  }>;
}

/** What one SARIF log is made of: the report of each target (one implicit target on the command line). */
export interface SarifSource {
  /** Set where a run has several targets; said in messages and part of fingerprints. */
  readonly target?: string;
  readonly report: Report | LintReport;
}

export interface SarifOptions {
  /** reachdiff's version. */
  readonly version: string;
  /**
   * Where a result in a rendered stream (`render:prod`) points, since code
   * scanning wants a file: the target's entry in the config. Without it,
   * such a result has no location.
   */
  readonly streamOrigin?: (stream: string) => { file: string; line: number } | undefined;
}

/** A path as a relative URI reference (absolute paths as file URIs); a backslash separates directories on Windows only, and is a character of a name elsewhere. */
function uri(file: string): string {
  const path = sep === '\\' ? file.replace(/\\/g, '/') : file;
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  return path.startsWith('/') ? `file://${encoded}` : encoded;
}

function location(file: string, line: number, extra: { id?: number; message?: string } = {}): SarifLocation {
  return {
    ...(extra.id !== undefined ? { id: extra.id } : {}),
    physicalLocation: { artifactLocation: { uri: uri(file) }, region: { startLine: Math.max(1, line) } },
    ...(extra.message ? { message: { text: extra.message } } : {}),
  };
}

/** Line numbers out of a message, so that an edit elsewhere in a file keeps the fingerprint. */
function withoutLines(text: string): string {
  return text.replace(/:\d+\b/g, ':').replace(/\bline \d+\b/g, 'line');
}

function fingerprint(parts: readonly string[]): Record<string, string> {
  return { [FINGERPRINT_KEY]: createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32) };
}

interface Rule {
  id: string;
  help: CodeHelp | undefined;
  level: Level;
}

/** Codes whose diagnostics are errors: input that could not be used. */
const ERROR_CODES: ReadonlySet<string> = new Set(['RD001', 'RD002', 'RD003', 'RD004', 'RD005', 'RD009', 'RD040', 'RD043', 'RD054']);

/** The rule of a code or invariant kind, with its help where the project documents it. */
function ruleOf(id: string, fallback: Level): Rule {
  const kind = id.startsWith('invariant/') ? (id.slice('invariant/'.length) as keyof typeof INVARIANT_HELP) : undefined;
  if (kind) return { id, help: INVARIANT_HELP[kind], level: 'error' };
  const help = CODE_HELP[id];
  return { id, help, level: help ? (ERROR_CODES.has(id) ? 'error' : 'warning') : fallback };
}

export function invariantRuleId(kind: string): string {
  return `invariant/${kind}`;
}

function ruleJson(r: Rule): Record<string, unknown> {
  if (!r.help) return { id: r.id, defaultConfiguration: { level: r.level } };
  const url = `${PROJECT_URL}#${r.help.section}`;
  return {
    id: r.id,
    name: r.help.title,
    shortDescription: { text: r.help.what },
    fullDescription: { text: `${r.help.what} ${r.help.why}` },
    help: { text: `${r.help.what} ${r.help.why} See ${url}`, markdown: `**${r.id}**: ${r.help.what}\n\n${r.help.why}\n\nSee [the README](${url}).` },
    helpUri: url,
    defaultConfiguration: { level: r.level },
    properties: { tags: r.id.startsWith('invariant/') ? ['kubernetes', 'network-policy', 'invariant'] : ['kubernetes', 'network-policy'] },
  };
}

function level(severity: DiagnosticJson['severity']): Level {
  return severity === 'error' ? 'error' : 'warning';
}

/** The place a result points at: a file and line, or a rendered stream said in words. */
function placed(file: string, line: number, options: SarifOptions): { locations?: SarifLocation[]; where: string } {
  if (!isStream(file)) return { locations: [location(file, line)], where: '' };
  const origin = options.streamOrigin?.(file);
  return { ...(origin ? { locations: [location(origin.file, origin.line, { message: `the target whose render output holds ${streamLine(file, line)}` })] } : {}), where: ` (at ${streamLine(file, line)})` };
}

/** The decisions a witness rests on that point into files: written rules before generated ones. */
function decisionsOf(w: WitnessJson): DecisionJson[] {
  if (w.kind !== 'pair' || !w.explanation) return [];
  const all = [...w.explanation.egress.decisions, ...w.explanation.ingress.decisions].filter((d) => d.file && !d.default);
  return [...all.filter((d) => !d.generatedBy), ...all.filter((d) => d.generatedBy)];
}

/**
 * Where a failed invariant points: the rule responsible for its first
 * witness (a written one before one a Kyverno rule generated, since the
 * author of the change more likely owns it), the workload a witness names,
 * else the invariant in the config. Rendered streams are not files.
 */
export function responsibleLocation(inv: ReportInvariant): { file: string; line: number; decision?: DecisionJson } {
  for (const w of inv.head.witnesses) {
    if (w.kind !== 'pair' && w.file && !isStream(w.file)) return { file: w.file, line: w.line };
    const d = decisionsOf(w).find((x) => !isStream(x.file!));
    if (d) return { file: d.file!, line: d.line ?? 1, decision: d };
  }
  return { file: inv.file, line: inv.line };
}

/** The first witness of a failed invariant, in a line. */
export function witnessText(inv: ReportInvariant): string {
  const w = inv.head.witnesses[0];
  if (inv.status === 'unmatched') return `selector ${inv.head.unmatched.map((u) => u.selector).join(', ')} matches nothing`;
  if (!w) return '';
  const more = inv.head.witnessCount > 1 ? ` (and ${inv.head.witnessCount - 1} more)` : '';
  // a change's own witnesses come first: say so where base had others
  const isNew = marksNew(inv) && w.new ? 'new: ' : '';
  if (w.kind === 'unread') return `${isNew}${w.file}:${w.line}: ${w.message} [${w.code}]${more}`;
  return isNew + (w.kind === 'pair' ? `${w.src} → ${w.dst}: ${w.ports}${more}` : w.kind === 'object' ? `${w.object}: ${w.message}${more}` : `${w.workload} ${w.direction}: ${w.message}${more}`);
}

class Builder {
  readonly results: SarifResult[] = [];
  /** The rules the results use, in the order of their first use. */
  readonly rules: Rule[] = [];
  private readonly index = new Map<string, number>();

  constructor(private readonly options: SarifOptions) {}

  private ruleIndex(id: string, fallback: Level): number {
    let i = this.index.get(id);
    if (i === undefined) {
      i = this.rules.length;
      this.rules.push(ruleOf(id, fallback));
      this.index.set(id, i);
    }
    return i;
  }

  diagnostic(d: DiagnosticJson & { object?: string }, target: string | undefined): void {
    // notes (a document that is not a Kubernetes object, among files read broadly) are for the log, not for code scanning
    if (d.severity === 'info') return;
    const { locations, where } = placed(d.file, d.line, this.options);
    const lvl = level(d.severity);
    this.results.push({
      ruleId: d.code,
      ruleIndex: this.ruleIndex(d.code, lvl),
      level: lvl,
      message: { text: `${target ? `target ${target}: ` : ''}${d.message}${where}` },
      ...(locations ? { locations } : {}),
      partialFingerprints: fingerprint([d.code, target ?? '', d.object ?? (isStream(d.file) ? d.file : uri(d.file)), withoutLines(d.message)]),
      ...(d.object ? { properties: { object: d.object } } : {}),
    });
  }

  invariant(inv: ReportInvariant, target: string | undefined, errorOnlyIfNew: boolean): void {
    const id = invariantRuleId(inv.kind);
    const lvl: Level = errorOnlyIfNew && !inv.isNew ? 'warning' : 'error';
    const at = responsibleLocation(inv);
    const related: SarifLocation[] = [];
    const config = (file: string, line: number, message: string) => {
      if (!isStream(file) && (file !== at.file || line !== at.line)) related.push(location(file, line, { id: related.length + 1, message }));
    };
    config(inv.file, inv.line, `the invariant "${inv.name}"`);
    for (const u of inv.head.unmatched) config(inv.file, u.line, `selector ${u.selector} matches nothing`);
    for (const w of inv.head.witnesses.slice(0, 3)) for (const d of decisionsOf(w)) config(d.file!, d.line ?? 1, decisionText(d));
    const rule = at.decision ? `; rule responsible: ${ruleText(at.decision)}` : '';
    const streams = inv.head.witnesses.flatMap(decisionsOf).filter((d) => isStream(d.file!));
    const stream = !at.decision && streams[0] ? `; rule responsible: ${ruleText(streams[0])} at ${streamLine(streams[0].file!, streams[0].line ?? 1)}` : '';
    this.results.push({
      ruleId: id,
      ruleIndex: this.ruleIndex(id, 'error'),
      level: lvl,
      message: { text: `invariant "${inv.name}" ${statusText(inv)}${target ? ` in target ${target}` : ''}: ${witnessText(inv)}${rule}${stream}` },
      locations: [location(at.file, at.line)],
      ...(related.length > 0 ? { relatedLocations: related.slice(0, 10) } : {}),
      partialFingerprints: fingerprint([id, target ?? '', inv.name]),
      properties: { invariant: inv.name, status: inv.status, witnesses: inv.head.witnessCount },
    });
  }
}

/** Input errors and warnings at head that base did not have (by file, code and message, wherever the line). */
function newDiagnostics(report: Report): DiagnosticJson[] {
  const before = new Set((report.base?.diagnostics ?? []).map((d) => `${d.file}\u0000${d.code}\u0000${withoutLines(d.message)}`));
  return report.head.diagnostics.filter((d) => !before.has(`${d.file}\u0000${d.code}\u0000${withoutLines(d.message)}`));
}

/**
 * The SARIF log of reports: for `lint`, its warnings and what reading
 * reported; for `check`, failing invariants, the state's warnings and input
 * diagnostics; for `diff`, failing invariants (an error when the change
 * breaks them, a warning when they were already broken), the warnings the
 * change introduces and the input diagnostics new at head.
 */
export function renderSarif(sources: readonly SarifSource[], options: SarifOptions): SarifLog {
  const b = new Builder(options);
  for (const { target, report } of sources) {
    if (report.kind === 'lint') {
      for (const w of report.warnings) b.diagnostic(w, target);
      for (const d of report.diagnostics) b.diagnostic(d, target);
      continue;
    }
    for (const inv of report.invariants) if (inv.failed) b.invariant(inv, target, report.kind === 'diff');
    const warnings = report.kind === 'diff' ? report.warnings.introduced : report.warnings.existing;
    for (const w of warnings) b.diagnostic(w, target);
    for (const d of report.kind === 'diff' ? newDiagnostics(report) : report.head.diagnostics) b.diagnostic(d, target);
  }
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'reachdiff', version: options.version, semanticVersion: options.version, informationUri: PROJECT_URL, rules: b.rules.map(ruleJson) } },
        results: b.results,
      },
    ],
  };
}
