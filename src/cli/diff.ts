import { readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { Config, FailOn, Target } from '../check/config.js';
import { DEFAULT_CONFIG_PATH, FAIL_ON, parseConfig } from '../check/config.js';
import { MAX_READ_BYTES } from '../input/yaml/documents.js';
import type { Cluster } from '../input/cluster.js';
import type { Diagnostic } from '../model/diagnostics.js';
import { Codes } from '../model/diagnostics.js';
import { plural } from '../model/plural.js';
import type { Comparison } from '../pipeline/compare.js';
import { compareStates } from '../pipeline/compare.js';
import { diffTextChunks } from '../render/difftext.js';
import type { Report } from '../report/report.js';
import { reportChanges } from '../report/report.js';
import { renderMarkdown } from '../render/report-md.js';
import { renderSarif } from '../render/sarif.js';
import { diffDot } from '../render/dot.js';
import { diffHtmlData, renderHtml } from '../render/html.js';
import { VERSION } from '../report/version.js';
import { DEFAULT_RUN_LIMITS } from '../sources/runcommand.js';
import type { Snapshot } from '../sources/snapshot.js';
import { defaultBaseRef, readFileAt, underFilters, unmatchedFilters, workTreeTop } from '../sources/git.js';
import { unmatchedGlobs } from '../sources/globs.js';
import { gitSnapshot, SourceError } from '../sources/snapshot.js';
import { RenderError } from '../sources/targets.js';
import type { Io } from './common.js';
import { COMMON_HELP, exitStatus, maxBytes, nothingLoaded, nothingReason, oneOf, parseCommand, pathsSnapshot, pipelineOptions, printDiagnostics, printNotAnalysed, printWarnings, readConfig, renderTarget, renderTimeout, UsageError, withRepositories } from './common.js';

export const DIFF_FORMATS = ['txt', 'json', 'md', 'sarif', 'dot', 'html'] as const;

export const DIFF_HELP = `Usage: reachdiff diff BASE HEAD [options]
       reachdiff diff --git [--base-ref REF] [--head-ref REF] [--repo DIR] [PATH...]

Prints how reachability changes from BASE to HEAD: directories or files, or,
with --git, two revisions of a git repository read straight from its object
database (the work tree is not touched; PATHs filter the files read).

Options:
  --format FORMAT            txt (default; np-guard's connectivity-diff format), json, md,
                             or sarif (SARIF 2.1.0: failing invariants and the warnings
                             the change introduces, for code scanning), dot (Graphviz:
                             the changed paths, coloured), or html (one self-contained page:
                             the graph, the changed paths with explanations, the invariants)
  --explain                  with txt: say under each change which rules decided on each
                             side and what changed (json always carries this)
  --exposure                 also compare each workload's exposure to pods the manifests do
                             not hold (representatives, as list --exposure), and with txt
                             print it after the diff with the workloads newly reachable
                             from outside the cluster (json and md always carry those)
  --config FILE              check the invariants of FILE on both states, and silence the
                             warnings its ignore list names
  --warnings WHICH           with md: list the warnings the change introduces (default),
                             or all of head's
  --fail-on WHEN             with --config: exit 1 on new-violations (default),
                             violations (any), or never
  --git                      compare two revisions of a git repository
  --repo DIR                 the repository (default: the current directory)
  --base-ref REF             base revision (default: the remote's default branch,
                             origin/HEAD; else main or master)
  --head-ref REF             head revision (default: HEAD)
  --target NAME              diff one target of the config (targets:): its paths, or the
                             output of its render command run in a checkout of each revision
                             (with --git) or in each of BASE and HEAD; without it, invariants
                             that name targets are not checked (said on stderr; exit 2 if
                             none is left)
  --render CMD               diff the output of CMD (kustomize build ..., helm template ...),
                             run the same way; with --git, in the current directory's
                             place in each checkout (its root from outside the repository)
  --render-timeout SECONDS   stop a render command, or a Kustomize build, after this long
                             (default: 300; at most 86400)
  --max-bytes N              with md: step the report down until it fits N bytes (a
                             pull-request comment: 60000)
${COMMON_HELP}

Exit status: 0 no failing invariant, 1 an invariant fails (see --fail-on), or,
with --config, head holds input that cannot be read (the invariants fail
closed unless the config sets fail-on-unread: false), 2 usage, config, git
or render error, or nothing could be loaded at either side. Input that
cannot be read is always reported on stderr and in the md and json reports.
`;

/**
 * Where `diff --git --render CMD` runs CMD in each revision's checkout: the
 * current directory's path in the repository, as `list --render` runs it in
 * the current directory; the checkout's root where the current directory is
 * outside the repository (--repo names another).
 */
async function renderDirectory(repo: string, io: Io): Promise<{ directory?: string }> {
  const rel = relative(realpathSync(await workTreeTop(repo)), realpathSync(io.cwd));
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return {};
  return { directory: rel.split(sep).join('/') };
}

/** The target to diff, from --render or --target, or undefined for plain files. */
function chooseTarget(values: { render?: unknown; target?: unknown }, config: Config | undefined): Target | undefined {
  if (typeof values.render === 'string') {
    if (values.target !== undefined) throw new UsageError('--render and --target do not go together');
    return renderTarget(values.render);
  }
  if (typeof values.target !== 'string') return undefined;
  if (!config) throw new UsageError(`--target needs a config with targets: give --config FILE or create ${DEFAULT_CONFIG_PATH}`);
  const target = config.targets.find((t) => t.name === values.target);
  if (!target) {
    throw new UsageError(`no target "${values.target}" in ${config.file}${config.targets.length ? ` (targets: ${config.targets.map((t) => t.name).join(', ')})` : ''}`);
  }
  return target;
}

export async function diffCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    format: { type: 'string' },
    explain: { type: 'boolean' },
    exposure: { type: 'boolean' },
    config: { type: 'string' },
    'fail-on': { type: 'string' },
    warnings: { type: 'string' },
    git: { type: 'boolean' },
    repo: { type: 'string' },
    'base-ref': { type: 'string' },
    'head-ref': { type: 'string' },
    target: { type: 'string' },
    render: { type: 'string' },
    'render-timeout': { type: 'string' },
    'max-bytes': { type: 'string' },
  });
  if (values.help) {
    io.stdout(DIFF_HELP);
    return 0;
  }
  const format = oneOf(values.format as string | undefined, DIFF_FORMATS, 'format', 'txt');
  const warningsShown = oneOf(values.warnings as string | undefined, ['introduced', 'all'] as const, 'warnings', 'introduced');
  const failOn = oneOf<FailOn>(values['fail-on'] as string | undefined, FAIL_ON, 'fail-on', 'new-violations');
  let config = readConfig(values.config as string | undefined, values.target !== undefined ? DEFAULT_CONFIG_PATH : undefined, io);
  if (!config && values['fail-on'] !== undefined && failOn !== 'never') {
    // a verdict asked for with nothing to check would pass every change in silence
    throw new UsageError(`--fail-on ${failOn} checks the invariants of a config, and diff reads none unless told: give --config FILE (${DEFAULT_CONFIG_PATH}, say)`);
  }
  const repo = resolve(io.cwd, (values.repo as string | undefined) ?? '.');
  let baseRef = values['base-ref'] as string | undefined;
  if (values.git && baseRef === undefined) {
    baseRef = await defaultBaseRef(repo);
    io.stderr(`reachdiff: comparing with ${baseRef} (give --base-ref for another base)\n`);
  }
  const written = config;
  if (values.git && config) config = await configAtBase(config, repo, baseRef!, io);
  // the ignore list read at base: its lines are those of that version
  const configLabel = config && config !== written ? `${config.file} (at ${baseRef})` : config?.file;
  const chosen = chooseTarget(values, config);
  const target = values.git && chosen?.kind === 'render' && chosen.adHoc ? { ...chosen, ...(await renderDirectory(repo, io)) } : chosen;
  // invariants that name targets are checked on those targets only: never dropped without a word
  const targeted = config && !target ? config.invariants.filter((i) => i.targets) : [];
  if (targeted.length > 0) {
    const names = [...new Set(targeted.flatMap((i) => i.targets ?? []))].join(', ');
    if (targeted.length === config!.invariants.length) {
      throw new UsageError(`${config!.file} declares no invariant to check without a target (its invariants name targets: ${names}): give --target NAME, as the action checks each target`);
    }
    io.stderr(`reachdiff: ${targeted.length} of the ${config!.invariants.length} invariants of ${config!.file} name targets (${names}) and are not checked here; give --target NAME to check them\n`);
  }
  const timeout = renderTimeout(values['render-timeout']);
  const max = MAX_READ_BYTES;
  let base: Snapshot;
  let head: Snapshot;
  if (values.git) {
    // PATHs limit the files read; a target says itself which files it reads
    const filters = target ? [] : positionals;
    base = gitSnapshot(repo, baseRef!, { maxFileBytes: max, filters });
    head = gitSnapshot(repo, (values['head-ref'] as string | undefined) ?? 'HEAD', { maxFileBytes: max, filters });
  } else {
    if (values.repo || values['base-ref'] || values['head-ref']) throw new UsageError('--repo, --base-ref and --head-ref go with --git');
    if (positionals.length !== 2) throw new UsageError('diff takes two paths, BASE and HEAD (or --git with revisions)');
    base = pathsSnapshot([positionals[0]!], io);
    head = pathsSnapshot([positionals[1]!], io);
  }
  if (format === 'dot' && values.exposure === true) throw new UsageError('--format dot draws the changed paths: --exposure goes with txt, md, json, sarif and html');
  const explain = (format !== 'txt' && format !== 'dot') || values.explain === true;
  let comparison: Comparison;
  try {
    const options = await withRepositories(pipelineOptions({ ...values, outside: config?.outside }, { ...DEFAULT_RUN_LIMITS, timeoutMs: timeout, maxStdoutBytes: max }, config), values.git ? [repo] : positionals.map((p) => resolve(io.cwd, p)), io.cwd, values.git === true);
    comparison = await compareStates(base, head, { ...options, target, config, explain, exposure: values.exposure === true });
  } catch (e) {
    if (e instanceof RenderError || e instanceof SourceError) {
      io.stderr(`reachdiff: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const { base: baseMatrix, head: headMatrix, warnings, report } = comparison;
  // what reading head reports that base did not: old diagnostics would repeat on every diff
  const { introduced, existing } = compareInputDiagnostics(baseMatrix.diagnostics, headMatrix.diagnostics, [stateRoot(base, values.git === true, io), stateRoot(head, values.git === true, io)]);
  printDiagnostics(introduced, io, 'head: ');
  if (existing > 0) io.stderr(`reachdiff: ${plural(existing, 'input diagnostic')} already reported at base ${existing === 1 ? 'is' : 'are'} not repeated (reachdiff lint lists them)\n`);
  printNotAnalysed(headMatrix.cluster, io, 'head: ');
  if (nothingLoaded(baseMatrix.cluster) && nothingLoaded(headMatrix.cluster)) {
    const filtered = values.git === true && !target && positionals.length > 0;
    if (filtered && baseMatrix.cluster.files.length === 0 && headMatrix.cluster.files.length === 0) {
      io.stderr(`reachdiff: no file matched ${positionals.join(', ')} at ${base.label} or ${head.label}\n`);
    } else {
      io.stderr(`reachdiff: ${nothingReason(headMatrix.cluster, 'on either side')}\n`);
    }
    return 2;
  }
  // each path or glob given is meant to match manifests: one that matches none at either state is a mistake, not a pass
  // (what was read, and what was reported unread: a chart left out, a submodule, a file in a hidden directory)
  const seen = [statePaths(baseMatrix.cluster, base, values.git === true, io), statePaths(headMatrix.cluster, head, values.git === true, io)].flat();
  const idle = target?.kind === 'paths' ? unmatchedGlobs(target.paths, seen) : values.git === true && !target ? await unlisted(unmatchedFilters(positionals, seen), [base, head]) : [];
  if (idle.length > 0) {
    const what = `${idle.length === 1 ? 'path' : 'paths'} ${idle.join(', ')} ${idle.length === 1 ? 'matches' : 'match'} no file`;
    io.stderr(`reachdiff: ${target ? `target ${target.name}: ` : ''}${what} at ${base.label} or at ${head.label}: nothing was read there\n`);
    return 2;
  }
  // the warnings the change introduces; those already at base are counted (reachdiff lint lists them)
  printWarnings({ kept: warnings.introduced, silenced: warnings.silenced, unused: warnings.unused, read: new Set(headMatrix.diagnostics.map((d) => d.code)) }, io, 'head: ', config, configLabel);
  if (warnings.existing.length > 0) {
    io.stderr(`reachdiff: ${warnings.existing.length} warning${warnings.existing.length === 1 ? '' : 's'} already present at base (reachdiff lint lists them)\n`);
  }
  if (format === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else if (format === 'sarif') {
    // a target of the config is where code scanning points results about its render output
    const origin = config && target && target.kind === 'render' && values.target !== undefined ? { file: config.file, line: target.line } : undefined;
    io.stdout(`${JSON.stringify(renderSarif([{ report }], { version: VERSION, ...(origin ? { streamOrigin: () => origin } : {}) }), null, 2)}\n`);
  }
  else if (format === 'dot') io.stdout(diffDot(reportChanges(comparison.diff, false)));
  else if (format === 'html') io.stdout(renderHtml(diffHtmlData([{ name: '', report }], `reachdiff diff ${report.base?.label ?? ''} ${report.head.label}`)));
  else if (format === 'md') io.stdout(renderMarkdown(report, { graphLimit: 15, existingWarnings: warningsShown === 'all', failOn, ...maxBytes(values['max-bytes']) }));
  else {
    for (const chunk of diffTextChunks(report, values.explain === true, reportChanges(comparison.diff, values.explain === true), values.exposure === true)) io.stdout(chunk);
    // stdout stays np-guard's format; the count is for people
    io.stderr(`reachdiff: ${changeCount(report)}\n`);
  }
  return config ? exitStatus(report, failOn, io) : 0;
}

/**
 * `3 paths opened, 1 closed, 2 changed (1 widened)`; `no path between workloads
 * changed; ...` where reach from outside the cluster did, exposure to pods
 * the manifests do not hold did (with --exposure), or the change
 * introduces warnings (one may tell of paths between a workload's own
 * pods); else `no reachability change`.
 */
export function changeCount(report: Report): string {
  const s = report.summary;
  const outside = new Set((report.outside ?? []).map((o) => o.workload)).size;
  const exposed = new Set((report.exposure ?? []).map((e) => e.workload)).size;
  const introduced = report.warnings.introduced.length;
  if (s.opened + s.closed + s.changed === 0) {
    const other = [
      outside > 0 ? `the reach from outside the cluster of ${plural(outside, 'workload')} did` : '',
      exposed > 0 ? `the exposure of ${plural(exposed, 'workload')} to pods the manifests do not hold did` : '',
      introduced > 0 ? `the change introduces ${plural(introduced, 'warning')} (above)` : '',
    ].filter(Boolean);
    return other.length > 0 ? `no path between workloads changed; ${other.join('; ')}` : 'no reachability change';
  }
  // a path that gains connections and loses none is an opening, though the connectivity diff calls it changed
  return `${plural(s.opened, 'path')} opened, ${s.closed} closed, ${s.changed} changed${s.widened > 0 ? ` (${s.widened} widened)` : ''}`;
}

/** The directory a state's paths start with (a directory given to diff), so that diagnostics compare across states. */
/**
 * With --git, a config file of the repository is read as it is at the base
 * revision, as the action reads it: a change is checked against the
 * invariants of its base, so that it cannot loosen them. One the base does
 * not hold (the change adds it), or outside the repository, is read as it is.
 */
async function configAtBase(config: Config, repo: string, baseRef: string, io: Io): Promise<Config> {
  // paths of a revision are relative to the top of the work tree, wherever in it --repo points; the path as written
  // (not where a link in the work tree, which the change controls, leads: a change could point it to a file of its own)
  const full = resolve(realpathSync(io.cwd), config.file);
  const rel = relative(realpathSync(await workTreeTop(repo)), full);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    io.stderr(`reachdiff: ${config.file} is outside the repository: its invariants are checked as written now\n`);
    return config;
  }
  const atBase = await readFileAt(repo, baseRef, rel.split(sep).join('/'));
  if (atBase === undefined) {
    io.stderr(`reachdiff: ${config.file} is not at ${baseRef}: its invariants are checked as written now\n`);
    return config;
  }
  if (atBase === readFileSync(full, 'utf8')) return config;
  io.stderr(`reachdiff: ${config.file} differs from its version at ${baseRef}; the invariants are those of ${baseRef}, so that a change cannot loosen what it is checked against\n`);
  return parseConfig(atBase, config.file);
}

/**
 * The paths given to filter revisions under which neither lists a
 * manifest file: those that match one read only through a Kustomize root
 * above them (its build, named after the root) are not idle.
 */
async function unlisted(filters: readonly string[], states: readonly Snapshot[]): Promise<string[]> {
  const out: string[] = [];
  for (const f of filters) {
    const listed = await Promise.all(states.map((s) => s.files((p) => underFilters(p, [f]))));
    if (listed.every((l) => l.length === 0)) out.push(f);
  }
  return out;
}

/**
 * The paths of the files a state read, and of those it reported unread,
 * relative to its root as a target's globs are written (a revision's
 * paths already are; a directory's are shown relative to the current one).
 */
function statePaths(cluster: Cluster, snapshot: Snapshot, git: boolean, io: Io): string[] {
  const paths = [...cluster.files, ...cluster.diagnostics.map((d) => d.file)];
  if (git) return paths;
  const root = resolve(io.cwd, snapshot.label);
  return paths.map((p) => relative(root, resolve(io.cwd, p)).split(sep).join('/'));
}

/** Where a state's files lie, as their shown paths start: relative to the working directory when inside it, else absolute. */
function stateRoot(snapshot: Snapshot, git: boolean, io: Io): string {
  if (git) return '';
  const full = resolve(io.cwd, snapshot.label);
  const rel = relative(io.cwd, full);
  return rel.startsWith('..') ? full : rel;
}

/**
 * Splits head's input diagnostics into those the change introduces and a
 * count of those base already had: the same code, message and file
 * (relative to each state's directory), wherever the line.
 */
export function compareInputDiagnostics(base: readonly Diagnostic[], head: readonly Diagnostic[], roots: readonly [string, string]): { introduced: Diagnostic[]; existing: number } {
  const key = (d: Diagnostic, root: string) => `${d.code}\u0000${d.severity}\u0000${root && d.file.startsWith(`${root}/`) ? d.file.slice(root.length + 1) : d.file}\u0000${d.message}`;
  const remaining = new Map<string, number>();
  for (const d of base) remaining.set(key(d, roots[0]), (remaining.get(key(d, roots[0])) ?? 0) + 1);
  const introduced: Diagnostic[] = [];
  let existing = 0;
  for (const d of head) {
    const k = key(d, roots[1]);
    const n = remaining.get(k) ?? 0;
    if (n > 0) {
      remaining.set(k, n - 1);
      // documents that are not Kubernetes objects are counted, not listed: keep them in the count
      if (d.code === Codes.notKubernetes && d.severity === 'info') introduced.push(d);
      else existing++;
    } else introduced.push(d);
  }
  return { introduced, existing };
}
