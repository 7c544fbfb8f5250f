import { DEFAULT_CONFIG_PATH, FAIL_ON } from '../check/config.js';
import { checkInvariants } from '../check/invariants.js';
import { invariantLines } from '../render/difftext.js';
import { renderMarkdown } from '../render/report-md.js';
import { checkReport, untrusted } from '../report/report.js';
import { VERSION } from '../report/version.js';
import { renderSarif } from '../render/sarif.js';
import type { FailOn } from '../check/config.js';
import type { Io } from './common.js';
import { withConfig } from '../pipeline/compare.js';
import { analysePaths, printIgnoredCustom, analyzeOptions, COMMON_HELP, exitStatus, lintState, oneOf, parseCommand, printWarnings, readConfig, UsageError } from './common.js';

export const CHECK_HELP = `Usage: reachdiff check PATH... [options]
       reachdiff check --render CMD [options]

Checks the invariants of a config file against one state of the manifests
(invariants limited to targets are checked by diff --target and the action).

Options:
  --config FILE              the invariants, and warnings to silence (default: ${DEFAULT_CONFIG_PATH})
  --format FORMAT            txt (default), json, md, or sarif (SARIF 2.1.0, for code scanning)
  --fail-on WHEN             exit 1 on violations (default) or never
  --render CMD               check the output of CMD (helm template ..., kustomize build ...)
                             instead of PATHs
  --render-timeout SECONDS   stop the render command, or a Kustomize build, after this long
                             (default: 300; at most 86400)
${COMMON_HELP}

Exit status: 0 every invariant holds, 1 one is violated or matches nothing, or
input that cannot be read leaves the verdict unsure (it fails closed unless
the config sets fail-on-unread: false), 2 usage or config error (a config
that declares no invariant to check among them), or nothing could be loaded.
`;

export async function checkCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(args, { config: { type: 'string' }, format: { type: 'string' }, 'fail-on': { type: 'string' }, render: { type: 'string' }, 'render-timeout': { type: 'string' } });
  if (values.help) {
    io.stdout(CHECK_HELP);
    return 0;
  }
  const format = oneOf(values.format as string | undefined, ['txt', 'json', 'md', 'sarif'] as const, 'format', 'txt');
  const failOn = oneOf<FailOn>(values['fail-on'] as string | undefined, FAIL_ON, 'fail-on', 'violations');
  const config = readConfig(values.config as string | undefined, DEFAULT_CONFIG_PATH, io);
  if (!config) throw new UsageError(`no config: give --config FILE or create ${DEFAULT_CONFIG_PATH}`);
  const invariants = config.invariants.filter((i) => !i.targets);
  // an empty or mistyped config would otherwise pass every time
  if (invariants.length === 0) {
    const targeted = config.invariants.length > 0 ? ' (those with targets: are checked by diff --target)' : '';
    throw new UsageError(`${config.file} declares no invariant to check here${targeted}: nothing to check`);
  }
  // invariants that name targets are checked on those targets only: never dropped without a word
  const targeted = config.invariants.filter((i) => i.targets);
  if (targeted.length > 0) {
    const names = [...new Set(targeted.flatMap((i) => i.targets ?? []))].join(', ');
    io.stderr(`reachdiff: ${targeted.length} of the ${config.invariants.length} invariants of ${config.file} name targets (${names}) and are not checked here; diff --target NAME checks them, as the action does\n`);
  }
  // one state: a chart, root or template it leaves out is unread input, which fails it closed
  const matrix = await analysePaths(positionals, values, io, config, true);
  if (matrix) printIgnoredCustom(matrix.cluster, io);
  if (!matrix) return 2;
  const warnings = lintState(matrix, values, config.ignore);
  printWarnings(warnings, io, '', config.file ? config : undefined);
  const report = checkReport(matrix, values.render ?? positionals.join(' '), checkInvariants(invariants, matrix, withConfig({ analyze: analyzeOptions(values) }, config).analyze, config.file, config.failOnNotAnalysed), config.file, { introduced: [], existing: warnings.kept, silenced: warnings.silenced }, config.failOnUnread, config.failOnNotAnalysed);
  if (format === 'json') io.stdout(`${JSON.stringify(report, null, 2)}\n`);
  else if (format === 'md') io.stdout(renderMarkdown(report, { failOn }));
  else if (format === 'sarif') io.stdout(`${JSON.stringify(renderSarif([{ report }], { version: VERSION }), null, 2)}\n`);
  else io.stdout(`${invariantLines(report.invariants, untrusted(report) ? report.summary.unread : 0).join('\n')}\n`);
  return exitStatus(report, failOn, io);
}
