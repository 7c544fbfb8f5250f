import { analyze } from '../analyze.js';
import { formatDiagnostic } from '../diagnostics.js';
import { DEFAULT_LIMITS } from '../documents.js';
import { diffMatrices } from '../diff.js';
import { readRevision } from '../git.js';
import { compareInvariants } from '../invariants.js';
import type { Cluster } from '../model.js';
import type { LoadCache } from '../load.js';
import { loadCluster } from '../load.js';
import { renderDiffText } from '../render/difftext.js';
import { renderMarkdown } from '../render/report-md.js';
import { diffReport } from '../report.js';
import type { FailOn, Io } from './common.js';
import { analyzeOptions, COMMON_HELP, exitStatus, FAIL_ON, loadOptions, loadPaths, nothingLoaded, oneOf, parseCommand, readConfig, UsageError } from './common.js';

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
  --config FILE              check the invariants of FILE on both states
  --fail-on WHEN             with --config: exit 1 on new-violations (default),
                             violations (any), or never
  --git                      compare two revisions of a git repository
  --repo DIR                 the repository (default: the current directory)
  --base-ref REF             base revision (default: main)
  --head-ref REF             head revision (default: HEAD)
${COMMON_HELP}

Exit status: 0 no failing invariant, 1 an invariant fails (see --fail-on),
2 usage, input or config error.
`;

export async function diffCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    format: { type: 'string' },
    explain: { type: 'boolean' },
    config: { type: 'string' },
    'fail-on': { type: 'string' },
    git: { type: 'boolean' },
    repo: { type: 'string' },
    'base-ref': { type: 'string' },
    'head-ref': { type: 'string' },
  });
  if (values.help) {
    io.stdout(DIFF_HELP);
    return 0;
  }
  const format = oneOf(values.format as string | undefined, DIFF_FORMATS, 'format', 'txt');
  const failOn = oneOf<FailOn>(values['fail-on'] as string | undefined, FAIL_ON, 'fail-on', 'new-violations');
  const opts = loadOptions(values);
  // files unchanged between the states are read once
  const cache: LoadCache = new Map();
  let base: Cluster;
  let head: Cluster;
  let labels: { base: string; head: string };
  if (values.git) {
    const repo = (values.repo as string | undefined) ?? io.cwd;
    const baseRef = (values['base-ref'] as string | undefined) ?? 'main';
    const headRef = (values['head-ref'] as string | undefined) ?? 'HEAD';
    const max = opts.limits?.maxFileBytes ?? DEFAULT_LIMITS.maxFileBytes;
    base = loadCluster(await readRevision(repo, baseRef, positionals, max), opts, cache);
    head = loadCluster(await readRevision(repo, headRef, positionals, max), opts, cache);
    labels = { base: baseRef, head: headRef };
  } else {
    if (values.repo || values['base-ref'] || values['head-ref']) throw new UsageError('--repo, --base-ref and --head-ref go with --git');
    if (positionals.length !== 2) throw new UsageError('diff takes two paths, BASE and HEAD (or --git with revisions)');
    base = loadPaths([positionals[0]!], opts, io, cache);
    head = loadPaths([positionals[1]!], opts, io, cache);
    labels = { base: positionals[0]!, head: positionals[1]! };
  }
  const config = readConfig(values.config as string | undefined, undefined, io);
  const baseMatrix = analyze(base, analyzeOptions(values));
  const headMatrix = analyze(head, analyzeOptions(values));
  for (const d of baseMatrix.diagnostics) io.stderr(`base: ${formatDiagnostic(d)}\n`);
  for (const d of headMatrix.diagnostics) io.stderr(`head: ${formatDiagnostic(d)}\n`);
  if (nothingLoaded(base) && nothingLoaded(head)) {
    io.stderr('reachdiff: nothing to analyse: no workloads or policies on either side\n');
    return 2;
  }
  const diff = diffMatrices(baseMatrix, headMatrix);
  const results = config ? compareInvariants(config.invariants, baseMatrix, headMatrix) : [];
  const explain = format !== 'txt' || values.explain === true;
  const report = diffReport(diff, labels, results, config?.file ?? '', { explain });
  if (format === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else if (format === 'md') io.stdout(renderMarkdown(report, { graphLimit: 15 }));
  else io.stdout(renderDiffText(report, values.explain === true));
  return config ? exitStatus(report, failOn) : 0;
}
