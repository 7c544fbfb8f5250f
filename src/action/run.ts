import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import actionReportSchema from '../../schema/action-report.schema.json' with { type: 'json' };
import reportSchema from '../../schema/report.schema.json' with { type: 'json' };
import type { Config, FailOn, Target } from '../check/config.js';
import { parseConfig } from '../check/config.js';
import { unusedIgnoreNotes } from '../check/lint.js';
import { DEFAULT_LIMITS, MAX_READ_BYTES } from '../input/yaml/documents.js';
import { Codes, InputCodes } from '../model/diagnostics.js';
import type { Comparison } from '../pipeline/compare.js';
import { compareStates } from '../pipeline/compare.js';
import { verdictLine } from '../render/report-md.js';
import { renderSarif, responsibleLocation, witnessText } from '../render/sarif.js';
import { diffHtmlData, renderHtml } from '../render/html.js';
import { VERSION } from '../report/version.js';
import type { Schema } from '../report/jsonschema.js';
import { validate } from '../report/jsonschema.js';
import { notAnalysedJson, notAnalysedLine } from '../report/notanalysed.js';
import type { ReportInvariant } from '../report/report.js';
import { summary as countReport, statusText, untrusted } from '../report/report.js';
import { plural } from '../model/plural.js';
import type { SnapshotSource } from '../sources/github.js';
import { chooseSource } from '../sources/github.js';
import { DEFAULT_RUN_LIMITS } from '../sources/runcommand.js';
import { SourceError } from '../sources/snapshot.js';
import { unmatchedGlobs } from '../sources/globs.js';
import { RenderError, renderedPath } from '../sources/targets.js';
import type { GitHubApi, PullRequest } from './api.js';
import { httpStatus } from './api.js';
import { commentMarker, describeError, publishComment } from './comment.js';
import type { ActionInputs } from './inputs.js';
import { DEFAULT_PATHS, InputError } from './inputs.js';
import type { RunRefs } from './refs.js';
import { describeComparison, refsFromEvent } from './refs.js';
import { commitParents, isRepository, mergeBase, resolveRevision } from '../sources/git.js';
import type { ActionReport, TargetOutcome } from './report.js';
import { ACTION_REPORT_VERSION, boundedReportJson, failureMarkdown, MAX_REPORT_BYTES, noteworthy, renderActionMarkdown, summarize } from './report.js';

/** The largest pull-request comment, in UTF-8 bytes (GitHub accepts 65,536 characters). */
export const COMMENT_BUDGET = 60_000;
/** The largest job summary GitHub shows for one step is 1 MiB. */
export const SUMMARY_BUDGET = 1_000_000;

/** What the workflow run provides: the event, the repository, the runner's directories. */
export interface ActionEnv {
  readonly eventName: string;
  readonly payload: Record<string, unknown>;
  /** owner/name */
  readonly repository: string;
  readonly workspace: string;
  readonly tempDir: string;
  readonly runUrl: string | undefined;
  /** GITHUB_SERVER_URL, where links to files at a commit point. */
  readonly serverUrl?: string | undefined;
  /** GITHUB_SHA: on pull_request, the merge commit GitHub prepared. */
  readonly sha?: string | undefined;
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

/** The config and the revision it was read at. */
interface ReadConfig {
  readonly config: Config;
  /** The commit it was read at. */
  readonly at: string;
}

async function readConfig(source: SnapshotSource, inputs: ActionInputs, base: string, head: string, io: ActionIo): Promise<ReadConfig | undefined> {
  // the base revision's config decides: a pull request cannot loosen the invariants it is checked against
  const text = await source.at(base).file(inputs.config);
  if (text !== undefined) return { config: parseConfig(text, inputs.config), at: base };
  const added = await source.at(head).file(inputs.config);
  if (added !== undefined) {
    io.info(`${inputs.config} is new in this change; its invariants are checked as written at head`);
    return { config: parseConfig(added, inputs.config), at: head };
  }
  // a config the workflow names, or one under the other extension, is a mistake the run must not pass over
  if (inputs.configGiven) throw new InputError(`input config: ${inputs.config} is at neither the base nor the head revision`);
  const other = inputs.config.endsWith('.yml') ? `${inputs.config.slice(0, -4)}.yaml` : inputs.config.endsWith('.yaml') ? `${inputs.config.slice(0, -5)}.yml` : undefined;
  if (other !== undefined && ((await source.at(base).file(other)) !== undefined || (await source.at(head).file(other)) !== undefined)) {
    throw new InputError(`the config is read from ${inputs.config}, but the repository has ${other}: rename it, or give the input config: ${other}`);
  }
  io.info(`no config at ${inputs.config}: reporting reachability changes without invariants`);
  return undefined;
}

/** Whether the head's content may run (render commands), and why not. */
type Trust = { readonly trusted: true } | { readonly trusted: false; readonly why: string };

interface TargetContext {
  readonly source: SnapshotSource;
  readonly inputs: ActionInputs;
  readonly env: ActionEnv;
  /** Asked once, when a target renders. */
  readonly trust: () => Promise<Trust>;
}

function defaultBranch(payload: Record<string, unknown>): string | undefined {
  const repo = payload.repository as { default_branch?: unknown } | undefined;
  return typeof repo?.default_branch === 'string' && repo.default_branch !== '' ? repo.default_branch : undefined;
}

/**
 * Whether the head may be rendered, decided by where the commit is, not by
 * the event's name. On pull_request GitHub itself runs the pull request
 * (a fork's with a read-only token and no secrets), and a push is to this
 * repository's branch. Elsewhere (pull_request_target, workflow_run,
 * issue_comment, a head-ref given) the run holds the base repository's
 * token and secrets: the head is rendered only when it is the head of a
 * branch of this repository or is on its default branch.
 */
async function renderTrust(refs: RunRefs, env: ActionEnv, api: () => GitHubApi): Promise<Trust> {
  if (refs.comparison !== 'given' && (env.eventName === 'pull_request' || env.eventName === 'push')) return { trusted: true };
  try {
    if ((await api().branchesWhereHead(refs.head)).length > 0) return { trusted: true };
    const main = defaultBranch(env.payload);
    if (main && (await api().isAncestor(refs.head, main))) return { trusted: true };
    return { trusted: false, why: `its head ${refs.head} is not on a branch of ${env.repository}${refs.fork ? ' (it comes from a fork)' : ''}` };
  } catch (e) {
    return { trusted: false, why: `whether its head ${refs.head} is on a branch of ${env.repository} cannot be told (${describeError(e)})` };
  }
}

/** Why a target cannot be analysed here, before anything is read; undefined when it can. */
async function refusal(target: Target, ctx: TargetContext): Promise<string | undefined> {
  if (target.kind !== 'render') return undefined;
  if (ctx.source.kind !== 'git') return `target ${target.name}: a render target needs the git source (a clone made by actions/checkout), not the API`;
  const trust = await ctx.trust();
  if (trust.trusted) return undefined;
  return `target ${target.name}: refusing to run its render command: ${trust.why}, and this run (${ctx.env.eventName}) holds the base repository's token and secrets, while rendering runs tools (Helm, Kustomize plugins) on the head's content. Use pull_request (and mode: publish for the comment), or a paths target.`;
}

async function diffTarget(target: Target, config: Config | undefined, base: string, head: string, ctx: TargetContext, io: ActionIo): Promise<TargetOutcome> {
  const refused = await refusal(target, ctx);
  if (refused) return { name: target.name, report: null, error: refused };
  // every YAML and JSON file of the repository (no paths given) includes files that are not manifests
  const broad = target.kind === 'paths' && target.paths === DEFAULT_PATHS;
  const max = MAX_READ_BYTES;
  let comparison: Comparison;
  try {
    comparison = await compareStates(ctx.source.at(base), ctx.source.at(head), {
      load: {
        defaultNamespace: ctx.inputs.defaultNamespace,
        ...(ctx.inputs.defaultNamespaceGiven ? { defaultNamespaceGiven: true } : {}),
        limits: DEFAULT_LIMITS,
        ...(config?.outside ? { outside: config.outside } : {}),
        // files are read from revisions of the repository, their paths from its root
        repositoryPath: (path: string) => path,
      },
      broad,
      analyze: { hostNetwork: ctx.inputs.hostNetwork, podCIDRs: [...ctx.inputs.podCIDRs], ...(ctx.inputs.serviceCIDRs ? { serviceCIDRs: [...ctx.inputs.serviceCIDRs] } : {}), ...(ctx.inputs.ipFamily ? { ipFamily: ctx.inputs.ipFamily } : {}) },
      run: { ...DEFAULT_RUN_LIMITS, timeoutMs: ctx.inputs.renderTimeoutMs, maxStdoutBytes: max },
      target,
      ...(config ? { config } : {}),
      explain: true,
      exposure: ctx.inputs.exposure,
    });
  } catch (e) {
    if (e instanceof RenderError) {
      // what the command printed goes to the job log only, where GitHub masks the secrets it knows; never to the comment
      if (e.stderrTail.trim()) io.info(`${e.brief}; the end of its stderr:\n${e.stderrTail.trimEnd()}`);
      return { name: target.name, report: null, error: `${e.brief}${e.stderrTail.trim() ? '; its stderr is in the job log' : ''}` };
    }
    if (e instanceof SourceError) return { name: target.name, report: null, error: e.message };
    throw e;
  }
  const { base: baseMatrix, head: headMatrix, warnings, report } = comparison;
  if (target.kind === 'paths' && baseMatrix.cluster.files.length === 0 && headMatrix.cluster.files.length === 0) {
    const what = `${target.paths === DEFAULT_PATHS ? 'no YAML or JSON file is' : `paths (${target.paths.join(', ')}) match no file`} at base or at head: nothing was analysed`;
    // paths written to match manifests, or invariants to check on them: matching nothing is a mistake, not a pass
    const checked = report.invariants.length > 0;
    if (target.paths !== DEFAULT_PATHS || checked) {
      return { name: target.name, report: null, error: `${what}${checked ? ', so its invariants cannot be checked' : ''}` };
    }
    io.warning(`target ${target.name}: ${what}`);
  } else if (target.kind === 'paths' && target.paths !== DEFAULT_PATHS) {
    // each glob given is meant to match manifests: one that matches none at either revision is a mistake (a typo), not a pass
    const read = [...baseMatrix.cluster.files, ...headMatrix.cluster.files];
    const idle = unmatchedGlobs(target.paths, read);
    if (idle.length > 0) return { name: target.name, report: null, error: `${idle.length === 1 ? 'path' : 'paths'} ${idle.join(', ')} ${idle.length === 1 ? 'matches' : 'match'} no file at base or at head` };
  }
  // input errors (and refusals at admission, below) the change introduces become annotations; old ones are in the report
  const before = new Set(baseMatrix.diagnostics.map((d) => `${d.file}\0${d.code}\0${d.message}`));
  const reported = headMatrix.diagnostics.filter((d) => d.severity === 'error' && !before.has(`${d.file}\0${d.code}\0${d.message}`));
  const unanalysed = notAnalysedLine(notAnalysedJson(headMatrix.cluster.notAnalysed));
  if (unanalysed) io.warning(`target ${target.name}: ${unanalysed}`, { title: 'reachdiff: not analysed' });
  const others = headMatrix.diagnostics.filter((d) => d.severity === 'info' && d.code === Codes.notKubernetes).length;
  if (others > 0) {
    io.info(`skipped ${others} YAML or JSON document${others === 1 ? ' that is not a Kubernetes object' : 's that are not Kubernetes objects'} (set paths to read only manifests)`);
  }
  // Helm charts and Kustomize roots the default paths found: left out, and how to render them
  for (const d of headMatrix.diagnostics) if (d.code === InputCodes.helmChart || d.code === InputCodes.kustomizeRoot) io.info(`target ${target.name}: ${d.file}: ${d.message} [${d.code}]`);
  for (const d of reported.slice(0, 10)) io.warning(`${d.message} [${d.code}]`, { title: 'reachdiff: input skipped', file: d.file, startLine: d.line });
  if (reported.length > 10) io.info(`${reported.length - 10} more new input errors at head; see the report`);
  for (const w of warnings.introduced.slice(0, 10)) io.warning(`${w.message} [${w.code}]`, { title: 'reachdiff: warning introduced', ...(w.file.startsWith('render:') ? {} : { file: w.file, startLine: w.line }) });
  // validating admission that may refuse objects the analysis takes as applied: the change's own, where it shows
  const refusals = headMatrix.diagnostics.filter((d) => d.code === Codes.refusedAtAdmission && !before.has(`${d.file}\0${d.code}\0${d.message}`));
  for (const d of refusals.slice(0, 10)) io.warning(`${d.message} [${d.code}]`, { title: 'reachdiff: may be refused at admission', ...(d.file.startsWith('render:') ? {} : { file: d.file, startLine: d.line }) });
  // ignore entries that silence nothing, in the job log (their lines are those of the config as the run read it)
  if (config) for (const line of unusedIgnoreNotes(warnings.unused, config, config.file, new Set(headMatrix.diagnostics.map((d) => d.code)))) io.info(line);
  return { name: target.name, report, error: null };
}

/** Where an annotation for a failed invariant points: the rule responsible, else the invariant. */
function annotationFor(inv: ReportInvariant): Annotation {
  const at = responsibleLocation(inv);
  return at.file ? { file: at.file, startLine: at.line } : {};
}

/** Whether a failed invariant fails the step under `failOn` (as fail() decides): one that matches nothing at head always does, unless nothing does. */
function failsStep(inv: ReportInvariant, failOn: FailOn): boolean {
  if (!inv.failed || failOn === 'never') return false;
  return inv.status === 'unmatched' || failOn === 'violations' || inv.isNew;
}

/**
 * Failed invariants as annotations, those that fail the step first, then the
 * newly violated (the UI shows about ten per step): an error where the
 * invariant fails the step, a warning where fail-on lets it pass.
 */
function annotate(report: ActionReport, failOn: FailOn, io: ActionIo): void {
  const failed: Array<{ target: string; inv: ReportInvariant; fails: boolean }> = [];
  for (const t of report.targets) for (const inv of t.report?.invariants ?? []) if (inv.failed) failed.push({ target: t.name, inv, fails: failsStep(inv, failOn) });
  failed.sort((a, b) => Number(b.fails) - Number(a.fails) || Number(b.inv.isNew) - Number(a.inv.isNew));
  const multi = report.targets.length > 1;
  for (const { target, inv, fails } of failed.slice(0, MAX_ANNOTATIONS)) {
    const where = multi ? ` in target ${target}` : '';
    (fails ? io.error : io.warning).call(io, `invariant "${inv.name}" ${statusText(inv)}${where}: ${witnessText(inv)}`, { title: `reachdiff: ${inv.name}`, ...annotationFor(inv) });
  }
  if (failed.length > MAX_ANNOTATIONS) io.info(`${failed.length - MAX_ANNOTATIONS} more failing invariants are not annotated; the job summary and the report list them`);
}

/** GitHub shows a few annotations per step; more would only flood the log. */
const MAX_ANNOTATIONS = 50;

/** The names of the failed invariants `which` picks, each with its target where there are several. */
function failedNames(report: ActionReport, which: (inv: ReportInvariant) => boolean): string[] {
  const names: string[] = [];
  for (const t of report.targets) for (const inv of t.report?.invariants ?? []) if (inv.failed && which(inv)) names.push(`"${inv.name}"${report.targets.length > 1 ? ` (${t.name})` : ''}`);
  return names;
}

function setOutputs(report: ActionReport, io: ActionIo): void {
  io.setOutput('opened', report.summary.opened);
  io.setOutput('closed', report.summary.closed);
  io.setOutput('changed', report.summary.changed);
  io.setOutput('violations', report.summary.violations);
  io.setOutput('new-violations', report.summary.newViolations);
}

async function comment(api: () => GitHubApi, issue: number | undefined, report: ActionReport, inputs: ActionInputs, runUrl: string | undefined, serverUrl: string | undefined, io: ActionIo): Promise<void> {
  if (inputs.comment === 'never') return;
  if (issue === undefined) {
    io.info('no pull request for this run: no comment');
    return;
  }
  const marker = commentMarker(inputs.commentId);
  const body = renderActionMarkdown(report, { marker, budget: COMMENT_BUDGET, runUrl, existingWarnings: inputs.allWarnings, serverUrl, configPath: inputs.config, failOn: inputs.failOn });
  try {
    const outcome = await publishComment(api(), issue, marker, body, inputs.comment, noteworthy(report), (m) => io.info(m));
    io.info(`comment on #${issue}: ${outcome.action} (${Buffer.byteLength(body, 'utf8')} bytes)${outcome.url ? ` ${outcome.url}` : ''}`);
    if (outcome.url) io.setOutput('comment-url', outcome.url);
  } catch (e) {
    // a comment that cannot be posted never changes the verdict: the check reflects the invariants only
    io.warning(`${commentFailure(issue, e)} The verdict stands; the job summary and the report output hold the result.`);
  }
}

/** Why the comment could not be posted, in words the reader can act on. */
function commentFailure(issue: number, e: unknown): string {
  switch (httpStatus(e)) {
    case 401:
      return `cannot comment on #${issue} (HTTP 401): the token is not valid.`;
    case 403:
      return `cannot comment on #${issue} (HTTP 403): the token cannot write comments here, as on pull requests from forks (see "mode: publish" in the README), or a rate limit was not lifted in time.`;
    case 404:
      return `cannot comment on #${issue} (HTTP 404): this token does not see the pull request.`;
    case 422:
      return `GitHub refused the comment on #${issue} (${describeError(e)}).`;
    default:
      return `commenting on #${issue} failed (${describeError(e)}).`;
  }
}

function fail(report: ActionReport, inputs: ActionInputs, io: ActionIo): void {
  const errors = report.targets.filter((t) => t.error);
  const onlyNew = inputs.failOn === 'new-violations';
  // the invariants that fail the step, as annotate() marks them; one that matches nothing at head has no verdict, whatever base had
  // one that fails closed on input not read at head is told of with that input below
  const names = failedNames(report, (inv) => failsStep(inv, inputs.failOn) && inv.status !== 'unmatched' && !inv.failedClosed);
  const unmatched = failedNames(report, (inv) => failsStep(inv, inputs.failOn) && inv.status === 'unmatched');
  const parts: string[] = [];
  if (names.length > 0) parts.push(`${onlyNew ? 'newly violated' : 'violated'} invariant${names.length === 1 ? '' : 's'}: ${names.join(', ')}`);
  if (unmatched.length > 0) parts.push(`invariant${unmatched.length === 1 ? '' : 's'} matching nothing at head: ${unmatched.join(', ')}`);
  if (errors.length > 0) parts.push(errors.map((t) => t.error).join('; '));
  if (inputs.failOn !== 'never') {
    for (const t of report.targets) {
      if (!t.report || !untrusted(t.report)) continue;
      const where = report.targets.length > 1 ? ` of target ${t.name}` : '';
      parts.push(`failing closed: ${plural(t.report.summary.unread, 'input')}${where} at head could not be read, and the invariants cannot be trusted without ${t.report.summary.unread === 1 ? 'it' : 'them'} (fail-on-unread: false in the config accepts that)`);
    }
  }
  if (parts.length > 0) io.setFailed(`reachdiff: ${parts.join('; ')}`);
}

function writeReport(report: ActionReport, targets: readonly Target[], env: ActionEnv, inputs: ActionInputs, io: ActionIo): void {
  mkdirSync(env.tempDir, { recursive: true });
  const path = join(env.tempDir, `reachdiff-report-${inputs.commentId}.json`);
  const { text, shortened } = boundedReportJson(report, MAX_REPORT_BYTES);
  if (shortened) io.info('the report output lists fewer changes, witnesses and explanations than the analysis found, to stay within the size publish mode reads; its counts are whole');
  writeFileSync(path, `${text}\n`);
  io.setOutput('report', path);
  const multi = report.targets.length > 1;
  const analysed = report.targets.flatMap((t) => (t.report ? [{ name: multi ? t.name : '', report: t.report }] : []));
  const htmlPath = join(env.tempDir, `reachdiff-report-${inputs.commentId}.html`);
  writeFileSync(htmlPath, renderHtml(diffHtmlData(analysed, `reachdiff: ${report.repository} ${report.base.sha.slice(0, 7)}..${report.head.sha.slice(0, 7)}`)));
  io.setOutput('report-html', htmlPath);
  if (inputs.sarif) {
    const sarifPath = join(env.tempDir, `reachdiff-${inputs.commentId}.sarif`);
    const sources = report.targets.flatMap((t) => (t.report ? [{ ...(multi ? { target: t.name } : {}), report: t.report }] : []));
    // code scanning wants a file for each result: a render output's lines point at the target in the config
    const origin = (stream: string) => {
      const t = targets.find((x) => renderedPath(x) === stream);
      return t && report.configFile ? { file: report.configFile, line: t.line } : undefined;
    };
    writeFileSync(sarifPath, `${JSON.stringify(renderSarif(sources, { version: VERSION, streamOrigin: origin }))}\n`);
    io.setOutput('sarif', sarifPath);
  }
}

async function summary(report: ActionReport, inputs: ActionInputs, env: ActionEnv, io: ActionIo): Promise<void> {
  const md = renderActionMarkdown(report, { marker: commentMarker(inputs.commentId), budget: SUMMARY_BUDGET, runUrl: env.runUrl, existingWarnings: true, serverUrl: env.serverUrl, configPath: inputs.config, failOn: inputs.failOn });
  try {
    await io.writeSummary(md);
  } catch (e) {
    io.warning(`cannot write the job summary (${describeError(e)}); the report output holds the result`);
  }
}

/** The parents of a commit: from the clone's object (a shallow clone has it), else through the API. */
async function parentsOf(sha: string, env: ActionEnv, api: () => GitHubApi): Promise<string[]> {
  if (await isRepository(env.workspace)) {
    const parents = await commitParents(env.workspace, sha).catch(() => undefined);
    if (parents) return parents;
  }
  return api().commitParents(sha);
}

/**
 * The revisions to compare for what the event names: a merge commit against
 * its first parent (the base branch's tip it was made on), or a head
 * against its merge base with the base (from the clone's history where it
 * tells, else the API). Where neither can be had, says so and compares the
 * event's revisions as they are.
 */
async function resolveRefs(refs: RunRefs, env: ActionEnv, api: () => GitHubApi, io: ActionIo): Promise<RunRefs> {
  if (refs.comparison === 'merge') {
    try {
      const parents = await parentsOf(refs.merge!, env, api);
      if (parents.length >= 2) {
        if (parents[1] !== refs.head) io.info(`the merge commit ${refs.merge} merges ${parents[1]}, not the event's head ${refs.head} (the pull request moved); comparing the merge commit`);
        return { ...refs, base: parents[0]!, head: refs.merge! };
      }
      io.warning(`${refs.merge} (GITHUB_SHA) is not a merge commit; comparing the pull request's head with its merge base instead`);
    } catch (e) {
      io.warning(`cannot read the merge commit ${refs.merge} (${describeError(e)}); comparing the pull request's head with its merge base instead`);
    }
    refs = { ...refs, comparison: 'merge-base' };
  }
  if (refs.comparison === 'merge-base') {
    let found = (await isRepository(env.workspace)) ? await mergeBase(env.workspace, refs.base, refs.head) : undefined;
    if (!found) {
      try {
        found = await api().mergeBase(refs.base, refs.head);
      } catch (e) {
        io.warning(`cannot find the merge base of ${refs.base} and ${refs.head} (${describeError(e)}); comparing with ${refs.base} as it is`);
        return { ...refs, comparison: 'given' };
      }
    }
    return { ...refs, base: found };
  }
  return refs;
}

/**
 * Where the config is read: the base the event names (the base branch's
 * tip), also when the comparison is with a merge base, which the pull
 * request chooses by where it branches off: one from before an invariant
 * was added would otherwise be checked without it.
 */
function configRevision(namedBase: string, refs: RunRefs): string {
  return refs.comparison === 'merge-base' ? namedBase : refs.base;
}

/** The targets of a run: the config's, or the files `paths` names. */
function targetsOf(config: Config | undefined, inputs: ActionInputs): Target[] {
  return config && config.targets.length > 0 ? [...config.targets] : [{ name: IMPLICIT_TARGET, line: 1, kind: 'paths', paths: inputs.paths }];
}

async function analyseTarget(t: Target, config: Config | undefined, refs: RunRefs, ctx: TargetContext, io: ActionIo): Promise<TargetOutcome> {
  const outcome = await diffTarget(t, config, refs.base, refs.head, ctx, io);
  io.info(`target ${t.name}: ${outcome.report ? verdictLine(outcome.report, ctx.inputs.failOn) : outcome.error}`);
  return outcome;
}

/** The report of a run: the revisions compared, the config read, each target's outcome. */
function actionReport(repository: string, pullRequest: number | null, refs: RunRefs, read: ReadConfig | undefined, outcomes: TargetOutcome[]): ActionReport {
  return {
    version: ACTION_REPORT_VERSION,
    kind: 'action',
    repository,
    pullRequest,
    base: { sha: refs.base },
    head: { sha: refs.head },
    ...(refs.pullRequestHead ? { pullRequestHead: refs.pullRequestHead } : {}),
    comparison: refs.comparison,
    configFile: read ? read.config.file : null,
    ...(read ? { configAt: read.at } : {}),
    summary: summarize(outcomes),
    targets: outcomes,
  };
}

/** A full commit SHA, which needs no resolving. */
const FULL_SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/**
 * The revisions given (base-ref, head-ref: HEAD, a branch, a tag, a short
 * SHA) as the commits they name in the clone, once, so that the report and
 * the comment's links name commits rather than names that move. One the
 * clone cannot resolve is read as given (the sources fetch it, or ask the
 * API), and so is every one where files come through the API, which
 * resolves names itself.
 */
async function commitsOf(refs: RunRefs, inputs: ActionInputs, env: ActionEnv, io: ActionIo): Promise<RunRefs> {
  if (refs.comparison !== 'given' || inputs.source === 'api' || !(await isRepository(env.workspace))) return refs;
  const commit = async (ref: string): Promise<string> => {
    if (FULL_SHA.test(ref)) return ref;
    try {
      const sha = await resolveRevision(env.workspace, ref);
      io.info(`${ref} is commit ${sha}`);
      return sha;
    } catch {
      io.info(`${ref} names no commit of the clone; reading it as given`);
      return ref;
    }
  };
  return { ...refs, base: await commit(refs.base), head: await commit(refs.head) };
}

/** What a run knows of where it reports, for saying that it failed: the pull request and the commit, once the event names them. */
interface RunPlace {
  pullRequest?: number | undefined;
  head?: string | undefined;
}

/** Failures already written to the job summary (and the comment), which main() passes over. */
const toldFailures = new WeakSet<object>();

/**
 * Says that the run failed before its verdict: in the job summary, and in
 * the pull request's comment where one exists (a run that posts `always`
 * posts one), so that an earlier run's ✅ is not left standing for a commit
 * it never saw. Says it once per error; a comment that cannot be updated is
 * a line in the log. The step fails all the same (main() fails it).
 */
export async function runFailed(e: unknown, place: RunPlace, inputs: ActionInputs | undefined, env: Pick<ActionEnv, 'runUrl'>, api: (() => GitHubApi) | undefined, io: ActionIo): Promise<void> {
  if (typeof e === 'object' && e !== null) {
    if (toldFailures.has(e)) return;
    toldFailures.add(e);
  }
  const marker = commentMarker(inputs?.commentId ?? 'default');
  const body = failureMarkdown(e, place.head, marker, env.runUrl);
  try {
    await io.writeSummary(body);
  } catch (err) {
    io.warning(`cannot write the job summary (${describeError(err)})`);
  }
  if (!inputs || !api || place.pullRequest === undefined || inputs.comment === 'never') return;
  try {
    // on-change updates a comment that exists and creates none for this; always posts
    const outcome = await publishComment(api(), place.pullRequest, marker, body, inputs.comment, false, (m) => io.info(m));
    io.info(`comment on #${place.pullRequest}: ${outcome.action}, saying that the run failed${outcome.url ? ` ${outcome.url}` : ''}`);
    if (outcome.url) io.setOutput('comment-url', outcome.url);
  } catch (err) {
    io.warning(commentFailure(place.pullRequest, err));
  }
}

/** `mode: analyze`: diff the base and head revisions of each target, report, comment, and pass or fail. */
export async function analyzeRun(inputs: ActionInputs, env: ActionEnv, api: () => GitHubApi, io: ActionIo): Promise<ActionReport> {
  const place: RunPlace = {};
  try {
    return await analyzeRevisions(inputs, env, api, io, place);
  } catch (e) {
    await runFailed(e, place, inputs, env, api, io);
    throw e;
  }
}

async function analyzeRevisions(inputs: ActionInputs, env: ActionEnv, api: () => GitHubApi, io: ActionIo, place: RunPlace): Promise<ActionReport> {
  const named = await commitsOf(refsFromEvent(env.eventName, env.payload, inputs, env.sha), inputs, env, io);
  place.pullRequest = named.pullRequest;
  place.head = named.pullRequestHead ?? named.head;
  const refs = await resolveRefs(named, env, api, io);
  const comparison = describeComparison(refs, (sha) => sha.slice(0, 7));
  io.info(`comparing ${refs.head} (head) with ${refs.base} (base)${refs.pullRequest ? ` for #${refs.pullRequest}` : ''}: ${comparison}`);
  const at = configRevision(named.base, refs);
  const source = await chooseSource(inputs.source, env.workspace, [...new Set([refs.base, refs.head, at])], api, { maxFileBytes: MAX_READ_BYTES }, (m) => io.info(m));
  io.info(`reading files through ${source.kind === 'git' ? 'the local clone' : 'the GitHub API'}`);
  const read = await readConfig(source, inputs, at, refs.head, io);
  const config = read?.config;
  let trust: Promise<Trust> | undefined;
  const ctx: TargetContext = { source, inputs, env, trust: () => (trust ??= renderTrust(refs, env, api)) };
  const outcomes: TargetOutcome[] = [];
  const targets = targetsOf(config, inputs);
  for (const t of targets) outcomes.push(await analyseTarget(t, config, refs, ctx, io));
  const report = actionReport(env.repository, refs.pullRequest ?? null, refs, read, outcomes);
  writeReport(report, targets, env, inputs, io);
  setOutputs(report, io);
  await summary(report, inputs, env, io);
  annotate(report, inputs.failOn, io);
  await comment(api, refs.pullRequest, report, inputs, env.runUrl, env.serverUrl, io);
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
  for (const t of report.targets) if (t.report) t.report.summary = countReport(t.report.groups, t.report.invariants, t.report.head);
  report.summary = summarize(report.targets);
  return report;
}

/**
 * What publish mode compares: what the analysing run compared, from what
 * GitHub says, never from the report. The base is the pull request's. Where
 * that run compared GitHub's merge commit (on pull_request, the check to
 * require), so does this one: the merge commit GitHub names for the pull
 * request now, when it merges the head (it is the report's unless the base
 * branch moved since; a commit the report names could hold anything), with
 * its first parent. Otherwise, the head with its merge base.
 */
async function publishRefs(artifact: ActionReport, pull: PullRequest, headSha: string, env: ActionEnv, api: () => GitHubApi, io: ActionIo): Promise<RunRefs> {
  const named: RunRefs = { base: pull.baseSha, head: headSha, pullRequest: pull.number, fork: true, comparison: 'merge-base', pullRequestHead: headSha };
  if (artifact.comparison === 'merge') {
    const merge = pull.mergeSha;
    let parents: string[] = [];
    if (merge) {
      try {
        parents = await parentsOf(merge, env, api);
      } catch (e) {
        io.info(`cannot read the merge commit ${merge} (${describeError(e)})`);
      }
    }
    if (merge && parents.length >= 2 && parents[1] === headSha) {
      if (merge !== artifact.head.sha) io.info(`the report compared the merge commit ${artifact.head.sha}; GitHub's merge commit of #${pull.number} is now ${merge} (the base branch moved), which is compared`);
      return { ...named, base: parents[0]!, head: merge, comparison: 'merge', merge };
    }
    io.warning(`GitHub names no merge commit of #${pull.number}'s head ${headSha}${merge ? ` (${merge} is not one)` : ''}; comparing the head with its merge base, where the analysing run compared the merge commit ${artifact.head.sha}`);
  }
  return resolveRefs(named, env, api, io);
}

/**
 * `mode: publish`: post the comment for a pull request whose unprivileged
 * run could not. The report file of that run is data from the pull
 * request's author: it is validated against the schema, the head of its
 * pull request must be the triggering run's head commit, and the pull
 * request is looked up from that commit, never taken from the report. Then
 * every target that needs no render is analysed again here, comparing what
 * the analysing run compared (see publishRefs), reading the revisions only as data
 * (through the API or git, which runs nothing); the report file is used only
 * for render targets, whose results the comment marks as the pull request's
 * own.
 */
export async function publishRun(inputs: ActionInputs, env: ActionEnv, api: () => GitHubApi, io: ActionIo): Promise<ActionReport | undefined> {
  let artifact: ActionReport;
  try {
    artifact = readUntrustedReport(inputs.reportFile!);
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
  // a run that compared GitHub's merge commit records the pull request's head beside it: workflow_run names that head, never the merge commit
  const reportedHead = artifact.comparison === 'merge' && artifact.pullRequestHead ? artifact.pullRequestHead : artifact.head.sha;
  if (reportedHead !== headSha) {
    io.setFailed(`reachdiff: report-file is for head ${reportedHead}, but the run being published is for ${headSha}; nothing posted`);
    return undefined;
  }
  if (artifact.repository !== env.repository) {
    io.setFailed(`reachdiff: report-file is for ${artifact.repository}, not ${env.repository}; nothing posted`);
    return undefined;
  }
  const pulls = (await api().pullsOfCommit(headSha)).filter((p) => p.state === 'open' && p.headSha === headSha && p.baseRepo === env.repository);
  const pull = pulls[0];
  if (!pull) {
    io.warning(`no open pull request has head ${headSha}: nothing to comment on`);
    return undefined;
  }
  const runUrl = typeof run?.html_url === 'string' ? run.html_url : env.runUrl;
  const place: RunPlace = { pullRequest: pull.number, head: headSha };
  try {
    return await publishPull(artifact, pull, headSha, runUrl, inputs, env, api, io);
  } catch (e) {
    await runFailed(e, place, inputs, { runUrl }, api, io);
    throw e;
  }
}

/** Publish mode's comment for the pull request found: analyses again what needs no render, and posts. */
async function publishPull(artifact: ActionReport, pull: PullRequest, headSha: string, runUrl: string | undefined, inputs: ActionInputs, env: ActionEnv, api: () => GitHubApi, io: ActionIo): Promise<ActionReport> {
  const refs = await publishRefs(artifact, pull, headSha, env, api, io);
  io.info(`analysing again ${describeComparison(refs, (sha) => sha.slice(0, 7))}; the report file is used for render targets only`);
  const at = configRevision(pull.baseSha, refs);
  const source = await chooseSource(inputs.source, env.workspace, [...new Set([refs.base, refs.head, at])], api, { maxFileBytes: MAX_READ_BYTES }, (m) => io.info(m));
  const read = await readConfig(source, inputs, at, refs.head, io);
  const config = read?.config;
  const ctx: TargetContext = { source, inputs, env, trust: async () => ({ trusted: false, why: 'publish mode never runs the pull request’s code' }) };
  const outcomes: TargetOutcome[] = [];
  const targets = targetsOf(config, inputs);
  for (const t of targets) {
    if (t.kind !== 'render') {
      outcomes.push(await analyseTarget(t, config, refs, ctx, io));
      continue;
    }
    const theirs = artifact.targets.find((x) => x.name === t.name);
    outcomes.push(theirs ? { ...theirs, untrusted: true } : { name: t.name, report: null, error: `target ${t.name}: the pull request's run did not report it` });
  }
  const report = actionReport(env.repository, pull.number, refs, read, outcomes);
  setOutputs(report, io);
  writeReport(report, targets, env, inputs, io);
  await summary(report, inputs, { ...env, runUrl }, io);
  await comment(api, pull.number, report, inputs, runUrl, env.serverUrl, io);
  return report;
}
