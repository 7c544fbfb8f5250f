import type { Report } from '../report/report.js';
import { untrusted } from '../report/report.js';
import type { Comparison } from './refs.js';
import { describeComparison } from './refs.js';
import { markdownCell } from '../render/markdown.js';
import { plural } from '../model/plural.js';
import { renderMarkdown, verdictLine } from '../render/report-md.js';

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
  /** How the revisions were chosen (see refs.ts). */
  comparison: Comparison;
  configFile: string | null;
  /** Counts summed over the targets; `errors`: targets not analysed; `untrusted`: targets whose verdict rests on input that could not be read. */
  summary: Report['summary'] & { errors: number; untrusted: number };
  targets: TargetOutcome[];
}

/** Counts summed over the targets. */
export function summarize(targets: readonly TargetOutcome[]): ActionReport['summary'] {
  const sum = { opened: 0, closed: 0, changed: 0, invariants: 0, violations: 0, newViolations: 0, unread: 0, errors: 0, untrusted: 0 };
  for (const t of targets) {
    if (!t.report) {
      sum.errors++;
      continue;
    }
    for (const k of ['opened', 'closed', 'changed', 'invariants', 'violations', 'newViolations', 'unread'] as const) sum[k] += t.report.summary[k];
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

/** Whether a comment is worth posting when none exists yet (comment: on-change): also when what is not analysed changed. */
export function noteworthy(report: ActionReport): boolean {
  const s = report.summary;
  if (s.opened + s.closed + s.changed + s.violations + s.errors + s.unread > 0) return true;
  return report.targets.some((t) => t.report && notAnalysedKey(t.report.head.notAnalysed) !== notAnalysedKey(t.report.base?.notAnalysed ?? []));
}

/** The verdict of the whole run, summed over the targets. */
export function actionVerdict(report: ActionReport): string {
  const introduced = report.targets.flatMap((t) => t.report?.warnings.introduced ?? []);
  // the summed verdict fails closed where some target's does
  const line = verdictLine({ kind: 'diff', summary: report.summary, failOnUnread: report.summary.untrusted > 0, warnings: { introduced } });
  if (report.summary.errors === 0) return line;
  return `❌ ${plural(report.summary.errors, 'target')} could not be analysed · ${line.replace(/^\S+ /, '')}`;
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
}

function shortSha(sha: string): string {
  return /^[0-9a-f]{7,64}$/i.test(sha) ? sha.slice(0, 7) : markdownCell(sha);
}

/**
 * The pull-request comment (or job summary) for a run: a verdict over all
 * targets, then one section per target rendered within its share of the
 * byte budget, then the revisions and a link to the run.
 */
export function renderActionMarkdown(report: ActionReport, options: CommentOptions): string {
  const run = options.runUrl && /^https?:\/\/[^\s()<>]+$/.test(options.runUrl) ? options.runUrl : undefined;
  const compared = describeComparison({ comparison: report.comparison, base: report.base.sha, head: report.head.sha, pullRequest: report.pullRequest ?? undefined }, shortSha);
  const footer = `<sub>Compared ${compared}${run ? ` · [workflow run](${run})` : ''} · reachdiff</sub>`;
  const hint = run ? `Some detail is left out here; the full report is in the [job summary](${run}) and the run's \`report\` output.` : 'Some detail is left out here; the full report is in the job summary and the `report` output.';
  const single = report.targets.length === 1 && report.targets[0]!.report !== null;
  const head = [options.marker, '### reachdiff'];
  if (single) {
    return renderMarkdown(report.targets[0]!.report!, {
      budget: options.budget,
      header: [...head, ...(report.targets[0]!.untrusted ? ['', UNTRUSTED_NOTE] : [])].join('\n'),
      footer,
      fullReportHint: hint,
      graphLimit: options.graphLimit ?? 15,
      existingWarnings: options.existingWarnings === true,
    });
  }
  const top = [...head, '', `**${actionVerdict(report)}**`].join('\n');
  const fixed = Buffer.byteLength(`${top}\n\n${footer}\n`, 'utf8') + 200 * report.targets.length;
  const share = Math.max(2000, Math.floor((options.budget - fixed) / Math.max(1, report.targets.length)));
  const sections = report.targets.map((t) => {
    const title = `#### Target ${markdownCell(t.name)}`;
    if (!t.report) return `${title}\n\n❌ ${markdownCell(t.error ?? 'not analysed')}`;
    return `${title}${t.untrusted ? `\n\n${UNTRUSTED_NOTE}` : ''}\n\n${renderMarkdown(t.report, { budget: share, fullReportHint: hint, graphLimit: options.graphLimit ?? 15, existingWarnings: options.existingWarnings === true }).trimEnd()}`;
  });
  return `${[top, ...sections, footer].join('\n\n')}\n`;
}
