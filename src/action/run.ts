import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import actionReportSchema from '../../schema/action-report.schema.json' with { type: 'json' };
import reportSchema from '../../schema/report.schema.json' with { type: 'json' };
import type { Config, Target } from '../check/config.js';
import { parseConfig } from '../check/config.js';
import { DEFAULT_LIMITS, MAX_READ_BYTES } from '../input/yaml/documents.js';
import { Codes } from '../model/diagnostics.js';
import type { Comparison } from '../pipeline/compare.js';
import { compareStates } from '../pipeline/compare.js';
import { verdictLine } from '../render/report-md.js';
import type { Schema } from '../report/jsonschema.js';
import { validate } from '../report/jsonschema.js';
import { notAnalysedJson, notAnalysedLine } from '../report/notanalysed.js';
import type { ReportInvariant } from '../report/report.js';
import { summary as countReport } from '../report/report.js';
import type { SnapshotSource } from '../sources/github.js';
import { chooseSource } from '../sources/github.js';
import { DEFAULT_RUN_LIMITS } from '../sources/runcommand.js';
import { SourceError } from '../sources/snapshot.js';
import { RenderError } from '../sources/targets.js';
import type { GitHubApi } from './api.js';
import { httpStatus } from './api.js';
import { commentMarker, publishComment } from './comment.js';
import type { ActionInputs } from './inputs.js';
import { DEFAULT_PATHS, InputError } from './inputs.js';
import { refsFromEvent } from './refs.js';
import type { ActionReport, TargetOutcome } from './report.js';
import { ACTION_REPORT_VERSION, noteworthy, renderActionMarkdown, summarize } from './report.js';

/** The largest pull-request comment, in UTF-8 bytes (GitHub accepts 65,536 characters). */
export const COMMENT_BUDGET = 60_000;
/** The largest job summary GitHub shows for one step is 1 MiB. */
export const SUMMARY_BUDGET = 1_000_000;
/** A report file larger than this is refused in publish mode. */
const MAX_REPORT_BYTES = 32 * 1024 * 1024;

/** What the workflow run provides: the event, the repository, the runner's directories. */
export interface ActionEnv {
  readonly eventName: string;
  readonly payload: Record<string, unknown>;
  /** owner/name */
  readonly repository: string;
  readonly workspace: string;
  readonly tempDir: string;
  readonly runUrl: string | undefined;
}

/** How the action talks to the runner: logs, annotations, outputs, the job summary. */
export interface ActionIo {
  info(message: string): void;
  warning(message: string, at?: Annotation): void;
  error(message: string, at?: Annotation): void;
  setOutput(name: string, value: string | number): void;
  setFailed(message: string): void;
  writeSummary(markdown: string): Promise<void>;
}

export interface Annotation {
  readonly title?: string;
  readonly file?: string;
  readonly startLine?: number;
}

/** The implicit target when the config names none: the `paths` input. */
const IMPLICIT_TARGET = 'manifests';

async function readConfig(source: SnapshotSource, inputs: ActionInputs, base: string, head: string, io: ActionIo): Promise<Config | undefined> {
  // the base revision's config decides: a pull request cannot loosen the invariants it is checked against
  let text = await source.at(base).file(inputs.config);
  if (text === undefined) {
    text = await source.at(head).file(inputs.config);
    if (text !== undefined) io.info(`${inputs.config} is new in this change; its invariants are checked as written at head`);
  }
  if (text === undefined) {
    io.info(`no config at ${inputs.config}: reporting reachability changes without invariants`);
    return undefined;
  }
  return parseConfig(text, inputs.config);
}

interface TargetContext {
  readonly source: SnapshotSource;
  readonly inputs: ActionInputs;
  readonly env: ActionEnv;
  readonly fork: boolean;
}

/** Why a target cannot be analysed here, before anything is read; undefined when it can. */
function refusal(target: Target, ctx: TargetContext): string | undefined {
  if (target.kind !== 'render') return undefined;
  if (ctx.env.eventName === 'pull_request_target') {
    // this event runs with the base repository's token and secrets; the head is only ever read as data
    return `target ${target.name}: refusing to run its render command on pull_request_target${ctx.fork ? ' for a pull request from a fork' : ''}: that event runs with the base repository's token and secrets, and rendering would run tools (Helm, Kustomize plugins) on the pull request's content. Use pull_request (and mode: publish for the comment), or a paths target.`;
  }
  if (ctx.source.kind !== 'git') return `target ${target.name}: a render target needs the git source (a clone made by actions/checkout), not the API`;
  return undefined;
}

async function diffTarget(target: Target, config: Config | undefined, base: string, head: string, ctx: TargetContext, io: ActionIo): Promise<TargetOutcome> {
  const refused = refusal(target, ctx);
  if (refused) return { name: target.name, report: null, error: refused };
  // every YAML and JSON file of the repository (no paths given) includes files that are not manifests
  const broad = target.kind === 'paths' && target.paths === DEFAULT_PATHS;
  const max = MAX_READ_BYTES;
  let comparison: Comparison;
  try {
    comparison = await compareStates(ctx.source.at(base), ctx.source.at(head), {
      load: { defaultNamespace: ctx.inputs.defaultNamespace, limits: DEFAULT_LIMITS, notKubernetes: broad ? 'info' : 'error' },
      analyze: { hostNetwork: ctx.inputs.hostNetwork, podCIDRs: [...ctx.inputs.podCIDRs] },
      run: { ...DEFAULT_RUN_LIMITS, timeoutMs: ctx.inputs.renderTimeoutMs, maxStdoutBytes: max },
      target,
      ...(config ? { config } : {}),
      explain: true,
    });
  } catch (e) {
    if (e instanceof RenderError || e instanceof SourceError) return { name: target.name, report: null, error: e.message };
    throw e;
  }
  const { base: baseMatrix, head: headMatrix, warnings, report } = comparison;
  // input errors the change introduces become annotations; old ones are in the report
  const before = new Set(baseMatrix.diagnostics.map((d) => `${d.file}\0${d.code}\0${d.message}`));
  const reported = headMatrix.diagnostics.filter((d) => d.severity === 'error' && !before.has(`${d.file}\0${d.code}\0${d.message}`));
  const unanalysed = notAnalysedLine(notAnalysedJson(headMatrix.cluster.notAnalysed));
  if (unanalysed) io.warning(`target ${target.name}: ${unanalysed}`, { title: 'reachdiff: not analysed' });
  const others = headMatrix.diagnostics.filter((d) => d.severity === 'info' && d.code === Codes.notKubernetes).length;
  if (others > 0) {
    io.info(`skipped ${others} YAML or JSON document${others === 1 ? ' that is not a Kubernetes object' : 's that are not Kubernetes objects'} (set paths to read only manifests)`);
  }
  for (const d of reported.slice(0, 10)) io.warning(`${d.message} [${d.code}]`, { title: 'reachdiff: input skipped', file: d.file, startLine: d.line });
  if (reported.length > 10) io.info(`${reported.length - 10} more new input errors at head; see the report`);
  for (const w of warnings.introduced.slice(0, 10)) io.warning(`${w.message} [${w.code}]`, { title: 'reachdiff: warning introduced', ...(w.file.startsWith('render:') ? {} : { file: w.file, startLine: w.line }) });
  return { name: target.name, report, error: null };
}

/** Where an annotation for a failed invariant points: the rule responsible, else the invariant. */
function annotationFor(inv: ReportInvariant): Annotation {
  for (const w of inv.head.witnesses) {
    if (w.kind === 'workload' && w.file && !w.file.startsWith('render:')) return { file: w.file, startLine: w.line };
    if (w.kind === 'pair' && w.explanation) {
      const d = [...w.explanation.egress.decisions, ...w.explanation.ingress.decisions].find((x) => x.file && !x.file.startsWith('render:') && !x.default);
      if (d?.file) return { file: d.file, startLine: d.line ?? 1 };
    }
  }
  return inv.file ? { file: inv.file, startLine: inv.line } : {};
}

function witnessText(inv: ReportInvariant): string {
  const w = inv.head.witnesses[0];
  if (inv.status === 'unmatched') return `selector ${inv.head.unmatched.map((u) => u.selector).join(', ')} matches nothing`;
  if (!w) return '';
  const more = inv.head.witnessCount > 1 ? ` (and ${inv.head.witnessCount - 1} more)` : '';
  return w.kind === 'pair' ? `${w.src} → ${w.dst}: ${w.ports}${more}` : `${w.workload} ${w.direction}: ${w.message}${more}`;
}

/** Failed invariants as annotations, the newly violated first (the UI shows about ten per step). */
function annotate(report: ActionReport, io: ActionIo): void {
  const failed: Array<{ target: string; inv: ReportInvariant }> = [];
  for (const t of report.targets) for (const inv of t.report?.invariants ?? []) if (inv.failed) failed.push({ target: t.name, inv });
  failed.sort((a, b) => Number(b.inv.isNew) - Number(a.inv.isNew));
  const multi = report.targets.length > 1;
  for (const { target, inv } of failed) {
    const where = multi ? ` in target ${target}` : '';
    io.error(`invariant "${inv.name}" ${inv.status}${where}: ${witnessText(inv)}`, { title: `reachdiff: ${inv.name}`, ...annotationFor(inv) });
  }
}

function failedNames(report: ActionReport, onlyNew: boolean): string[] {
  const names: string[] = [];
  for (const t of report.targets) for (const inv of t.report?.invariants ?? []) if (inv.failed && (!onlyNew || inv.isNew)) names.push(`"${inv.name}"${report.targets.length > 1 ? ` (${t.name})` : ''}`);
  return names;
}

function setOutputs(report: ActionReport, io: ActionIo): void {
  io.setOutput('opened', report.summary.opened);
  io.setOutput('closed', report.summary.closed);
  io.setOutput('changed', report.summary.changed);
  io.setOutput('violations', report.summary.violations);
  io.setOutput('new-violations', report.summary.newViolations);
}

async function comment(api: () => GitHubApi, issue: number | undefined, report: ActionReport, inputs: ActionInputs, runUrl: string | undefined, io: ActionIo): Promise<void> {
  if (inputs.comment === 'never') return;
  if (issue === undefined) {
    io.info('no pull request for this run: no comment');
    return;
  }
  const marker = commentMarker(inputs.commentId);
  const body = renderActionMarkdown(report, { marker, budget: COMMENT_BUDGET, runUrl, existingWarnings: inputs.allWarnings });
  try {
    const outcome = await publishComment(api(), issue, marker, body, inputs.comment, noteworthy(report));
    io.info(`comment on #${issue}: ${outcome.action} (${Buffer.byteLength(body, 'utf8')} bytes)${outcome.url ? ` ${outcome.url}` : ''}`);
    if (outcome.url) io.setOutput('comment-url', outcome.url);
  } catch (e) {
    const status = httpStatus(e);
    if (status === 403 || status === 401 || status === 404) {
      io.warning(
        `cannot comment on #${issue} (HTTP ${status}): the token is read-only here, as on pull requests from forks. The job summary and outputs still hold the result; see "mode: publish" in the README to comment from a trusted workflow.`,
      );
      return;
    }
    throw e;
  }
}

function fail(report: ActionReport, inputs: ActionInputs, io: ActionIo): void {
  const errors = report.targets.filter((t) => t.error);
  const onlyNew = inputs.failOn === 'new-violations';
  const names = inputs.failOn === 'never' ? [] : failedNames(report, onlyNew);
  const parts: string[] = [];
  if (names.length > 0) parts.push(`${onlyNew ? 'newly violated' : 'violated'} invariant${names.length === 1 ? '' : 's'}: ${names.join(', ')}`);
  if (errors.length > 0) parts.push(errors.map((t) => t.error).join('; '));
  if (parts.length > 0) io.setFailed(`reachdiff: ${parts.join('; ')}`);
}

function writeReport(report: ActionReport, env: ActionEnv, inputs: ActionInputs, io: ActionIo): void {
  mkdirSync(env.tempDir, { recursive: true });
  const path = join(env.tempDir, `reachdiff-report-${inputs.commentId}.json`);
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  io.setOutput('report', path);
}

async function summary(report: ActionReport, inputs: ActionInputs, env: ActionEnv, io: ActionIo): Promise<void> {
  const md = renderActionMarkdown(report, { marker: commentMarker(inputs.commentId), budget: SUMMARY_BUDGET, runUrl: env.runUrl, existingWarnings: true });
  await io.writeSummary(md);
}

/** `mode: analyze`: diff the base and head revisions of each target, report, comment, and pass or fail. */
export async function analyzeRun(inputs: ActionInputs, env: ActionEnv, api: () => GitHubApi, io: ActionIo): Promise<ActionReport> {
  const refs = refsFromEvent(env.eventName, env.payload, inputs);
  io.info(`comparing ${refs.base} (base) with ${refs.head} (head)${refs.pullRequest ? ` for #${refs.pullRequest}` : ''}`);
  const source = await chooseSource(inputs.source, env.workspace, [refs.base, refs.head], api, { maxFileBytes: MAX_READ_BYTES }, (m) => io.info(m));
  io.info(`reading files through ${source.kind === 'git' ? 'the local clone' : 'the GitHub API'}`);
  const config = await readConfig(source, inputs, refs.base, refs.head, io);
  const targets: Target[] = config && config.targets.length > 0 ? [...config.targets] : [{ name: IMPLICIT_TARGET, line: 1, kind: 'paths', paths: inputs.paths }];
  const ctx: TargetContext = { source, inputs, env, fork: refs.fork };
  const outcomes: TargetOutcome[] = [];
  for (const t of targets) {
    const outcome = await diffTarget(t, config, refs.base, refs.head, ctx, io);
    io.info(`target ${t.name}: ${outcome.report ? verdictLine(outcome.report) : outcome.error}`);
    outcomes.push(outcome);
  }
  const report: ActionReport = {
    version: ACTION_REPORT_VERSION,
    kind: 'action',
    repository: env.repository,
    pullRequest: refs.pullRequest ?? null,
    base: { sha: refs.base },
    head: { sha: refs.head },
    configFile: config ? config.file : null,
    summary: summarize(outcomes),
    targets: outcomes,
  };
  writeReport(report, env, inputs, io);
  setOutputs(report, io);
  await summary(report, inputs, env, io);
  annotate(report, io);
  await comment(api, refs.pullRequest, report, inputs, env.runUrl, io);
  fail(report, inputs, io);
  return report;
}

/** A report file that fails validation: nothing is posted. */
export class UntrustedReportError extends Error {}

/** Reads and validates a report written by another (untrusted) run. */
export function readUntrustedReport(path: string): ActionReport {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new UntrustedReportError(`report-file ${path} does not exist`);
  }
  if (size > MAX_REPORT_BYTES) throw new UntrustedReportError(`report-file ${path} is ${size} bytes, over the limit of ${MAX_REPORT_BYTES}`);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UntrustedReportError(`report-file ${path} is not JSON: ${(e as Error).message}`);
  }
  const errors = validate(actionReportSchema as Schema, value);
  if (errors.length > 0) throw new UntrustedReportError(`report-file ${path} does not follow the report schema: ${errors.join('; ')}`);
  const report = value as ActionReport;
  report.targets.forEach((t, i) => {
    if (t.report === null) {
      if (t.error === null) throw new UntrustedReportError(`report-file ${path}: target ${i} has neither a report nor an error`);
      return;
    }
    const inner = validate(reportSchema as Schema, t.report);
    if (inner.length > 0) throw new UntrustedReportError(`report-file ${path}: the report of target ${i} does not follow the schema: ${inner.join('; ')}`);
    if (t.report.kind !== 'diff') throw new UntrustedReportError(`report-file ${path}: the report of target ${i} is not a diff`);
  });
  // the counts are recomputed rather than believed
  for (const t of report.targets) if (t.report) t.report.summary = countReport(t.report.changes, t.report.invariants);
  report.summary = summarize(report.targets);
  return report;
}

/**
 * `mode: publish`: post the comment for a report produced by an earlier
 * unprivileged run (a workflow_run workflow passes it on). The report is
 * data from the pull request's author: it is validated against the schema,
 * its head must be the triggering run's head commit, and the pull request is
 * looked up from that commit, never taken from the report.
 */
export async function publishRun(inputs: ActionInputs, env: ActionEnv, api: () => GitHubApi, io: ActionIo): Promise<ActionReport | undefined> {
  let report: ActionReport;
  try {
    report = readUntrustedReport(inputs.reportFile!);
  } catch (e) {
    if (e instanceof UntrustedReportError) {
      io.setFailed(`reachdiff: ${e.message}; nothing posted`);
      return undefined;
    }
    throw e;
  }
  const run = env.payload.workflow_run as { head_sha?: unknown; html_url?: unknown } | undefined;
  const headSha = inputs.headRef ?? (typeof run?.head_sha === 'string' ? run.head_sha : undefined);
  if (!headSha) throw new InputError(`mode: publish needs the head commit: run on workflow_run, or set head-ref`);
  if (report.head.sha !== headSha) {
    io.setFailed(`reachdiff: report-file is for head ${report.head.sha}, but the run being published is for ${headSha}; nothing posted`);
    return undefined;
  }
  if (report.repository !== env.repository) {
    io.setFailed(`reachdiff: report-file is for ${report.repository}, not ${env.repository}; nothing posted`);
    return undefined;
  }
  const pulls = (await api().pullsOfCommit(headSha)).filter((p) => p.state === 'open' && p.headSha === headSha && p.baseRepo === env.repository);
  const runUrl = typeof run?.html_url === 'string' ? run.html_url : env.runUrl;
  setOutputs(report, io);
  writeReport(report, env, inputs, io);
  await summary(report, inputs, { ...env, runUrl }, io);
  if (pulls.length === 0) {
    io.warning(`no open pull request has head ${headSha}: nothing to comment on`);
    return report;
  }
  await comment(api, pulls[0]!.number, report, inputs, runUrl, io);
  return report;
}
