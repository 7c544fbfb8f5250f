import { DEFAULT_CONFIG_PATH } from '../check/config.js';
import { formatDiagnostic } from '../model/diagnostics.js';
import { lintReport } from '../report/report.js';
import { VERSION } from '../report/version.js';
import { renderSarif } from '../render/sarif.js';
import type { Io } from './common.js';
import { analysePaths, COMMON_HELP, lintState, oneOf, parseCommand, readConfig } from './common.js';

export const LINT_HELP = `Usage: reachdiff lint PATH... [options]

Prints warnings about NetworkPolicy foot-guns: policies that Kubernetes
accepts but that very likely do not do what their author meant (DNS blocked
by egress isolation, selectors that match nothing, rules that allow
everything by accident, ...), one per line: FILE:LINE: warning: MESSAGE [CODE].

Options:
  --format FORMAT            txt (default), json, or sarif (SARIF 2.1.0, for code scanning)
  --config FILE              silence the warnings its ignore list names
                             (default: ${DEFAULT_CONFIG_PATH} when it exists)
${COMMON_HELP}

Exit status: 0 whether or not there are warnings; 2 usage, input or config
error (a file or document that could not be read, or nothing to analyse).
`;

export async function lintCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(args, { format: { type: 'string' }, config: { type: 'string' } });
  if (values.help) {
    io.stdout(LINT_HELP);
    return 0;
  }
  const format = oneOf(values.format as string | undefined, ['txt', 'json', 'sarif'] as const, 'format', 'txt');
  const config = readConfig(values.config as string | undefined, DEFAULT_CONFIG_PATH, io);
  const matrix = await analysePaths(positionals, values, io);
  if (!matrix) return 2;
  const { kept, silenced } = lintState(matrix, values, config?.ignore);
  if (format === 'json') {
    io.stdout(`${JSON.stringify(lintReport(matrix, positionals.join(' '), kept, silenced), null, 2)}\n`);
  } else if (format === 'sarif') {
    io.stdout(`${JSON.stringify(renderSarif([{ report: lintReport(matrix, positionals.join(' '), kept, silenced) }], { version: VERSION }), null, 2)}\n`);
  } else {
    for (const d of kept) io.stdout(`${formatDiagnostic(d)}\n`);
    if (silenced > 0) io.stderr(`reachdiff: ${silenced} warning${silenced === 1 ? '' : 's'} silenced by the ignore list of ${config?.file}\n`);
  }
  // a document that could not be read went unchecked
  return matrix.diagnostics.some((d) => d.severity === 'error') ? 2 : 0;
}
