import type { FailOn } from '../check/config.js';
import type { Report } from '../report/report.js';
import { firstOpenings, openingRank, untrusted } from '../report/report.js';
import type { Comparison } from './refs.js';
import { describeComparison } from './refs.js';
import { markdownCell } from '../render/markdown.js';
import { plural } from '../model/plural.js';
import { outsideLine, renderMarkdown, verdictLine } from '../render/report-md.js';
import { blobLinks } from '../render/locations.js';

export const ACTION_REPORT_VERSION = 1;

/** One target's outcome: its report, or why there is none. */
export interface TargetOutcome {
  name: string;
  report: Report | null;
  error: string | null;
  /** Computed by the pull request's own run (a render target in publish mode), which this run could not check. */
  untrusted?: boolean;
}

/** What a comment says over a target whose result came from the pull request's own run. */
export const UNTRUSTED_NOTE = "> ⚠️ Computed by the pull request's own run, whose render ran the pull request's code: this result could not be checked here.";

/**
 * What one run of the action found, written as the `report` output and read
 * back by `mode: publish`: the repository, the revisions, and each target's
 * report (schema/action-report.schema.json).
 */
export interface ActionReport {
  version: typeof ACTION_REPORT_VERSION;
  kind: 'action';
  repository: string;
  pullRequest: number | null;
  base: { sha: string };
  head: { sha: string };
  /**
   * On a pull request's run, the pull request's head commit, which `head`
   * is not where it is GitHub's merge commit: publish mode matches it with
   * the head of the run it publishes.
   */
  pullRequestHead?: string;
  /** How the revisions were chosen (see refs.ts). */
  comparison: Comparison;
  configFile: string | null;
  /** The commit the config was read at: the base branch's tip, or head where the change adds it. */
  configAt?: string;
  /** Counts summed over the targets; `errors`: targets not analysed; `untrusted`: targets whose verdict rests on input that could not be read. */
  summary: Report['summary'] & { errors: number; untrusted: number };
  targets: TargetOutcome[];
}

/** The largest report publish mode reads; the analysing run writes none larger. */
export const MAX_REPORT_BYTES = 64 * 1024 * 1024;

/**
 * The report as JSON within `maxBytes`: where it is larger (thousands of
 * invariants over many targets), it keeps fewer witnesses per invariant,
 * then fewer listed changes (those that open first), then no explanations,
 * then no witnesses. The
 * counts, the groups and every invariant's status stay whole.
 */
export function boundedReportJson(report: ActionReport, maxBytes: number): { text: string; shortened: boolean } {
  const steps: Array<(r: Report) => Report> = [
    (r) => r,
    (r) => ({ ...r, invariants: r.invariants.map((i) => ({ ...i, head: { ...i.head, witnesses: i.head.witnesses.slice(0, 3) }, base: i.base ? { ...i.base, witnesses: i.base.witnesses.slice(0, 3) } : null })) }),
    (r) => ({ ...r, changes: firstOpenings(r.changes, 200, (c) => openingRank(c.type, c.opened !== null)) }),
    (r) => ({ ...r, changes: r.changes.map((c) => ({ ...c, explanation: { base: null, head: null, causes: c.explanation.causes } })) }),
    (r) => ({ ...r, invariants: r.invariants.map((i) => ({ ...i, head: { ...i.head, witnesses: [] }, base: i.base ? { ...i.base, witnesses: [] } : null })), changes: [] }),
  ];
  let shrunk = report;
  let text = '';
  for (const [i, step] of steps.entries()) {
    shrunk = { ...shrunk, targets: shrunk.targets.map((t) => (t.report ? { ...t, report: step(t.report) } : t)) };
    text = JSON.stringify(shrunk);
    if (Buffer.byteLength(text, 'utf8') <= maxBytes) return { text, shortened: i > 0 };
  }
  return { text, shortened: true };
}

/** Counts summed over the targets. */
export function summarize(targets: readonly TargetOutcome[]): ActionReport['summary'] {
  const sum = { opened: 0, closed: 0, changed: 0, widened: 0, invariants: 0, violations: 0, newViolations: 0, unread: 0, errors: 0, untrusted: 0 };
  for (const t of targets) {
    if (!t.report) {
      sum.errors++;
      continue;
    }
    for (const k of ['opened', 'closed', 'changed', 'widened', 'invariants', 'violations', 'newViolations', 'unread'] as const) sum[k] += t.report.summary[k] ?? 0;
    if (untrusted(t.report)) sum.untrusted++;
  }
  return sum;
}

/** The objects not analysed in one state, as a comparable key. */
function notAnalysedKey(list: ReadonlyArray<{ kind: string; name?: string }>): string {
  return list
    .map((n) => `${n.kind}\u0000${n.name ?? ''}`)
    .sort()
    .join('\u0001');
}

/** Whether a comment is worth posting when none exists yet (comment: on-change): also when the change introduces warnings, or what is not analysed changed. */
export function noteworthy(report: ActionReport): boolean {
  const s = report.summary;
  if (s.opened + s.closed + s.changed + s.violations + s.errors + s.unread > 0) return true;
  // a warning may be all there is to tell: paths opened between a workload's own pods (RD111) are no change between workloads
  if (report.targets.some((t) => (t.report?.outside?.length ?? 0) + (t.report?.exposure?.length ?? 0) + (t.report?.warnings.introduced.length ?? 0) > 0)) return true;
  return report.targets.some((t) => t.report && notAnalysedKey(t.report.head.notAnalysed) !== notAnalysedKey(t.report.base?.notAnalysed ?? []));
}

/** The verdict of the whole run, summed over the targets; ❌ where the step fails as `failOn` says. */
export function actionVerdict(report: ActionReport, failOn: FailOn = 'new-violations'): string {
  const introduced = report.targets.flatMap((t) => t.report?.warnings.introduced ?? []);
  // the summed verdict fails closed where some target's does
  const invariants = report.targets.flatMap((t) => t.report?.invariants ?? []);
  // parts of head left out that the change does not touch, in any target, leave the invariants holding on what was read
  const head = { diagnostics: report.targets.flatMap((t) => t.report?.head.diagnostics ?? []) };
  // reach from outside and exposure that changed in any target are a change, though no path between workloads is
  const outside = report.targets.flatMap((t) => t.report?.outside ?? []);
  const exposure = report.targets.flatMap((t) => t.report?.exposure ?? []);
  const line = verdictLine({ kind: 'diff', summary: report.summary, failOnUnread: report.summary.untrusted > 0, warnings: { introduced }, outside, exposure, invariants, head }, failOn);
  if (report.summary.errors === 0) return line;
  return `❌ ${plural(report.summary.errors, 'target')} could not be analysed · ${line.replace(/^\S+ /, '')}`;
}

/** The least room a target's section is rendered in. */
const MIN_SECTION = 2000;

/** The most characters of a target's error a comment shows; the job log has it whole. */
const ERROR_CHARS = 500;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

export interface CommentOptions {
  /** Hidden marker that finds the comment again (trusted). */
  readonly marker: string;
  /** Largest body in UTF-8 bytes. */
  readonly budget: number;
  /** A link to the run, where the job summary holds the full report. */
  readonly runUrl?: string | undefined;
  readonly graphLimit?: number;
  /** List existing warnings too. */
  readonly existingWarnings?: boolean;
  /** The GitHub server (GITHUB_SERVER_URL): each `file:line` links to the file at its commit there. */
  readonly serverUrl?: string | undefined;
  /** Where the config is read from: said where there was none, so that no one takes the silence about invariants for a pass. */
  readonly configPath?: string;
  /** What fails the step (the fail-on input): the verdict is marked ❌ where it does. */
  readonly failOn?: FailOn;
}

function shortSha(sha: string): string {
  return /^[0-9a-f]{7,64}$/i.test(sha) ? sha.slice(0, 7) : markdownCell(sha);
}

/** The run's URL where it is one a link may hold (from the environment, but written into Markdown), else undefined. */
function runLink(runUrl: string | undefined): string | undefined {
  return runUrl && /^https?:\/\/[^\s()<>]+$/.test(runUrl) ? runUrl : undefined;
}

/** The most characters of the reason a failed run gives in the comment; the job log has it whole. */
const FAILURE_CHARS = 300;

/** Why a run failed, in one line: the error's message, never its stack. */
function failureReason(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const line = message.trim().split('\n')[0] ?? '';
  return clip(line === '' ? 'an unexpected error' : line, FAILURE_CHARS);
}

/** The comment and job summary of a run that failed before its verdict, on the head commit given where it is known. */
export function failureMarkdown(e: unknown, head: string | undefined, marker: string, runUrl: string | undefined): string {
  const commit = head ? `this commit (${shortSha(head)})` : 'this commit';
  const run = runLink(runUrl);
  return [
    marker,
    '### reachdiff',
    '',
    `**❌ reachdiff could not run on ${commit}:** ${markdownCell(failureReason(e))}`,
    '',
    `No verdict on this commit: an earlier run's result does not speak for it. ${run ? `The [workflow run](${run})` : 'The job log'} says more.`,
    '',
    '<sub>reachdiff</sub>',
    '',
  ].join('\n');
}

/**
 * Where no invariant was checked, why, so that no one takes the silence
 * about invariants for a pass: there is no config, or the config declares
 * none (every target analysed, none with an invariant: an empty file, only
 * comments, `invariants:` with nothing).
 */
function noInvariantsNote(report: ActionReport, configPath: string | undefined): string[] {
  if (report.configFile === null) return configPath ? ['', `_No invariants checked: no config at \`${markdownCell(configPath)}\`._`] : [];
  if (report.summary.invariants === 0 && report.summary.errors === 0) return ['', `_No invariants checked: \`${markdownCell(report.configFile)}\` declares none._`];
  return [];
}

/**
 * The pull-request comment (or job summary) for a run: a verdict over all
 * targets, then one section per target rendered within its share of the
 * byte budget, then the revisions and a link to the run.
 */
export function renderActionMarkdown(report: ActionReport, options: CommentOptions): string {
  const run = runLink(options.runUrl);
  const compared = describeComparison({ comparison: report.comparison, base: report.base.sha, head: report.head.sha, pullRequest: report.pullRequest ?? undefined }, shortSha);
  const footer = `<sub>Compared ${compared}${run ? ` · [workflow run](${run})` : ''} · reachdiff</sub>`;
  const hint = run ? `Some detail is left out here; the full report is in the [job summary](${run}) and the run's \`report\` output.` : 'Some detail is left out here; the full report is in the job summary and the `report` output.';
  const links = options.serverUrl
    ? blobLinks(options.serverUrl, report.repository, { base: report.base.sha, head: report.head.sha, config: report.configAt ?? report.base.sha })
    : undefined;
  const single = report.targets.length === 1 && report.targets[0]!.report !== null;
  const head = [options.marker, '### reachdiff', ...noInvariantsNote(report, options.configPath)];
  if (single) {
    return renderMarkdown(report.targets[0]!.report!, {
      budget: options.budget,
      header: [...head, ...(report.targets[0]!.untrusted ? ['', UNTRUSTED_NOTE] : [])].join('\n'),
      footer,
      fullReportHint: hint,
      graphLimit: options.graphLimit ?? 15,
      existingWarnings: options.existingWarnings === true,
      links,
      ...(options.failOn ? { failOn: options.failOn } : {}),
    });
  }
  const reach = outsideLine(report.targets.flatMap((t) => t.report?.outside ?? []), 0);
  const top = [...head, '', `**${actionVerdict(report, options.failOn)}**`, ...(reach ? ['', `**${reach}**`] : [])].join('\n');
  const fits = (text: string) => Buffer.byteLength(text, 'utf8') <= options.budget;
  const title = (t: TargetOutcome) => `#### Target ${markdownCell(t.name)}${t.untrusted ? `\n\n${UNTRUSTED_NOTE}` : ''}`;
  const failure = (t: TargetOutcome) => `❌ ${markdownCell(clip(t.error ?? 'not analysed', ERROR_CHARS))}`;
  const whole = (sections: string[]) => `${[top, ...sections, footer].join('\n\n')}\n`;
  // each target in its share of the budget; then each at its shortest; then a line each; then as many lines as fit
  const fixed = Buffer.byteLength(`${top}\n\n${footer}\n`, 'utf8') + 200 * report.targets.length;
  const share = Math.max(MIN_SECTION, Math.floor((options.budget - fixed) / Math.max(1, report.targets.length)));
  const section = (t: TargetOutcome, budget: number) =>
    t.report
      ? `${title(t)}\n\n${renderMarkdown(t.report, { budget, fullReportHint: hint, graphLimit: options.graphLimit ?? 15, existingWarnings: options.existingWarnings === true, links, ...(options.failOn ? { failOn: options.failOn } : {}) }).trimEnd()}`
      : `${title(t)}\n\n${failure(t)}`;
  // sections are worth trying only where each has room for more than its verdict
  if ((options.budget - fixed) / Math.max(1, report.targets.length) >= MIN_SECTION) {
    for (const budget of [share, 0]) {
      const text = whole(report.targets.map((t) => section(t, budget)));
      if (fits(text)) return text;
    }
  }
  const lines = report.targets.map((t) => `- **${markdownCell(t.name)}**: ${t.report ? verdictLine(t.report, options.failOn) : failure(t)}${t.untrusted ? ' (computed by the pull request\'s own run)' : ''}`);
  const note = (n: number) => `_… and ${n} more target${n === 1 ? '' : 's'}; the job summary and the report output hold them all._`;
  let shown = lines.length;
  let text = whole([lines.join('\n')]);
  while (!fits(text) && shown > 0) {
    shown = Math.floor(shown / 2);
    text = whole([[...lines.slice(0, shown), note(lines.length - shown)].join('\n')]);
  }
  return text;
}
