import { analyze } from '../engine/analyze.js';
import { formatDiagnostic } from '../model/diagnostics.js';
import { DEFAULT_LIMITS } from '../input/yaml/documents.js';
import { diffMatrices } from '../change/diff.js';
import { readRevision } from '../sources/git.js';
import { compareInvariants } from '../check/invariants.js';
import type { Cluster } from '../model/cluster.js';
import type { Config, Target } from '../check/config.js';
import { DEFAULT_CONFIG_PATH, FAIL_ON } from '../check/config.js';
import { DEFAULT_RUN_LIMITS } from '../sources/runcommand.js';
import type { StateSource } from '../sources/targets.js';
import { RenderError, targetFiles } from '../sources/targets.js';
import { resolve } from 'node:path';
import type { LoadCache, SnapshotFile } from '../input/load.js';
import { loadCluster } from '../input/load.js';
import { renderDiffText } from '../render/difftext.js';
import { renderMarkdown } from '../render/report-md.js';
import { diffReport } from '../report/report.js';
import type { FailOn } from '../check/config.js';
import type { Io } from './common.js';
import { lintChange } from '../check/lint.js';
import { analyzeOptions, COMMON_HELP, exitStatus, loadOptions, loadPaths, nothingLoaded, oneOf, parseCommand, printWarnings, readConfig, UsageError } from './common.js';

export const DIFF_FORMATS = ['txt', 'json', 'md'] as const;

export const DIFF_HELP = `Usage: reachdiff diff BASE HEAD [options]
       reachdiff diff --git [--base-ref REF] [--head-ref REF] [--repo DIR] [PATH...]

Prints how reachability changes from BASE to HEAD: directories or files, or,
with --git, two revisions of a git repository read straight from its object
database (the work tree is not touched; PATHs filter the files read).

Options:
  --format FORMAT            txt (default; np-guard's connectivity-diff format), json or md
  --explain                  with txt: say under each change which rules decided on each
                             side and what changed (json always carries this)
  --config FILE              check the invariants of FILE on both states, and silence the
                             warnings its ignore list names
  --warnings WHICH           with md: list the warnings the change introduces (default),
                             or all of head's
  --fail-on WHEN             with --config: exit 1 on new-violations (default),
                             violations (any), or never
  --git                      compare two revisions of a git repository
  --repo DIR                 the repository (default: the current directory)
  --base-ref REF             base revision (default: main)
  --head-ref REF             head revision (default: HEAD)
  --target NAME              diff one target of the config (targets:): its paths, or the
                             output of its render command run in a checkout of each revision
                             (with --git) or in each of BASE and HEAD
  --render CMD               diff the output of CMD (kustomize build ..., helm template ...),
                             run the same way
  --render-timeout SECONDS   stop a render command after this long (default: 300)
${COMMON_HELP}

Exit status: 0 no failing invariant, 1 an invariant fails (see --fail-on),
2 usage, input or config error.
`;

/** The target to diff, from --render or --target, or undefined for plain files. */
function chooseTarget(values: { render?: unknown; target?: unknown }, config: Config | undefined): Target | undefined {
  if (typeof values.render === 'string') {
    if (values.target !== undefined) throw new UsageError('--render and --target do not go together');
    return { name: 'render', line: 1, kind: 'render', command: values.render };
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
  });
  if (values.help) {
    io.stdout(DIFF_HELP);
    return 0;
  }
  const format = oneOf(values.format as string | undefined, DIFF_FORMATS, 'format', 'txt');
  const warningsShown = oneOf(values.warnings as string | undefined, ['introduced', 'all'] as const, 'warnings', 'introduced');
  const failOn = oneOf<FailOn>(values['fail-on'] as string | undefined, FAIL_ON, 'fail-on', 'new-violations');
  const opts = loadOptions(values);
  const max = opts.limits?.maxFileBytes ?? DEFAULT_LIMITS.maxFileBytes;
  const config = readConfig(values.config as string | undefined, values.target !== undefined ? DEFAULT_CONFIG_PATH : undefined, io);
  const target = chooseTarget(values, config);
  const timeout = values['render-timeout'] === undefined ? DEFAULT_RUN_LIMITS.timeoutMs : Number(values['render-timeout']) * 1000;
  if (!(timeout > 0)) throw new UsageError('--render-timeout takes a number of seconds');
  const targetOptions = { maxFileBytes: max, run: { ...DEFAULT_RUN_LIMITS, timeoutMs: timeout, maxStdoutBytes: max } };
  // files unchanged between the states are read once
  const cache: LoadCache = new Map();
  let sources: { base: StateSource; head: StateSource };
  if (values.git) {
    const repo = resolve(io.cwd, (values.repo as string | undefined) ?? '.');
    sources = {
      base: { kind: 'git', repo, ref: (values['base-ref'] as string | undefined) ?? 'main' },
      head: { kind: 'git', repo, ref: (values['head-ref'] as string | undefined) ?? 'HEAD' },
    };
  } else {
    if (values.repo || values['base-ref'] || values['head-ref']) throw new UsageError('--repo, --base-ref and --head-ref go with --git');
    if (positionals.length !== 2) throw new UsageError('diff takes two paths, BASE and HEAD (or --git with revisions)');
    sources = { base: { kind: 'directory', path: positionals[0]! }, head: { kind: 'directory', path: positionals[1]! } };
  }
  // the two states' files are fetched concurrently: git and render commands run in their own processes
  const fetch = async (source: StateSource): Promise<SnapshotFile[] | undefined> => {
    if (target) return targetFiles(target, source, targetOptions);
    if (source.kind === 'git') return readRevision(source.repo, source.ref, positionals, max);
    return undefined;
  };
  const label = (source: StateSource) => (source.kind === 'git' ? source.ref : source.path);
  let files: Array<SnapshotFile[] | undefined>;
  try {
    files = await Promise.all([fetch(sources.base), fetch(sources.head)]);
  } catch (e) {
    if (e instanceof RenderError) {
      io.stderr(`reachdiff: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  const load = (source: StateSource, fetched: SnapshotFile[] | undefined): Cluster =>
    fetched ? loadCluster(fetched, opts, cache) : loadPaths([(source as { path: string }).path], opts, io, cache);
  const base = load(sources.base, files[0]);
  const head = load(sources.head, files[1]);
  const baseMatrix = analyze(base, analyzeOptions(values));
  const headMatrix = analyze(head, analyzeOptions(values));
  for (const d of baseMatrix.diagnostics) io.stderr(`base: ${formatDiagnostic(d)}\n`);
  for (const d of headMatrix.diagnostics) io.stderr(`head: ${formatDiagnostic(d)}\n`);
  if (nothingLoaded(base) && nothingLoaded(head)) {
    io.stderr('reachdiff: nothing to analyse: no workloads or policies on either side\n');
    return 2;
  }
  const warnings = lintChange(baseMatrix, headMatrix, analyzeOptions(values), config?.ignore ?? []);
  // the warnings the change introduces; those already at base are counted (reachdiff lint lists them)
  printWarnings({ kept: warnings.introduced, silenced: warnings.silenced }, io, 'head: ');
  if (warnings.existing.length > 0) {
    io.stderr(`reachdiff: ${warnings.existing.length} warning${warnings.existing.length === 1 ? '' : 's'} already present at base (reachdiff lint lists them)\n`);
  }
  const diff = diffMatrices(baseMatrix, headMatrix);
  const invariants = (config?.invariants ?? []).filter((i) => !i.targets || (target !== undefined && i.targets.includes(target.name)));
  const results = config ? compareInvariants(invariants, baseMatrix, headMatrix) : [];
  const explain = format !== 'txt' || values.explain === true;
  const report = diffReport(diff, { base: label(sources.base), head: label(sources.head) }, results, config?.file ?? '', { explain, warnings });
  if (format === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else if (format === 'md') io.stdout(renderMarkdown(report, { graphLimit: 15, existingWarnings: warningsShown === 'all' }));
  else io.stdout(renderDiffText(report, values.explain === true));
  return config ? exitStatus(report, failOn) : 0;
}
