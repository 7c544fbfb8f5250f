import { resolve, sep } from 'node:path';
import { DEFAULT_CONFIG_PATH } from '../check/config.js';
import { formatDiagnostic } from '../model/diagnostics.js';
import { lintReport } from '../report/report.js';
import { VERSION } from '../report/version.js';
import { renderSarif } from '../render/sarif.js';
import type { Io } from './common.js';
import { analysePaths, COMMON_HELP, lintState, oneOf, parseCommand, printUnusedIgnores, readConfig } from './common.js';

export const LINT_HELP = `Usage: reachdiff lint PATH... [options]
       reachdiff lint --render CMD [options]

Prints warnings about NetworkPolicy foot-guns: policies that Kubernetes
accepts but that very likely do not do what their author meant (DNS blocked
by egress isolation, selectors that match nothing, rules that allow
everything by accident, ...), one per line: FILE:LINE: warning: MESSAGE [CODE].

Options:
  --format FORMAT            txt (default), json, or sarif (SARIF 2.1.0, for code scanning)
  --config FILE              silence the warnings its ignore list names, and read what it
                             declares outside the manifests (default: ${DEFAULT_CONFIG_PATH}
                             when it exists)
  --render CMD               lint the output of CMD (helm template ..., kustomize build ...)
                             instead of PATHs
  --render-timeout SECONDS   stop the render command, or a Kustomize build, after this long
                             (default: 300; at most 86400)
  --context PATH             read PATH (repeatable) as the state, and print only the
                             warnings about the files given as PATH arguments: a
                             pre-commit hook passes the changed files, and selectors are
                             still judged against every manifest
  --fail-on WHEN             never (default), or warnings: exit 1 when a warning is printed
${COMMON_HELP}

Exit status: 0 (with --fail-on warnings: and no warning printed); 1 with
--fail-on warnings, when a warning is printed; 2 usage, input or config
error (a file or document that could not be read, or nothing to analyse).
`;

/** Whether a file lies at or under one of the paths (all resolved). */
function under(file: string, paths: readonly string[]): boolean {
  return paths.some((p) => file === p || file.startsWith(p.endsWith(sep) ? p : `${p}${sep}`));
}

export async function lintCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(args, { format: { type: 'string' }, config: { type: 'string' }, render: { type: 'string' }, 'render-timeout': { type: 'string' }, context: { type: 'string', multiple: true }, 'fail-on': { type: 'string' } });
  if (values.help) {
    io.stdout(LINT_HELP);
    return 0;
  }
  const format = oneOf(values.format as string | undefined, ['txt', 'json', 'sarif'] as const, 'format', 'txt');
  const failOn = oneOf(values['fail-on'] as string | undefined, ['never', 'warnings'] as const, 'fail-on', 'never');
  const config = readConfig(values.config as string | undefined, DEFAULT_CONFIG_PATH, io);
  const context = (values.context as string[] | undefined) ?? [];
  const contextPaths = context.map((p) => resolve(io.cwd, p));
  // with a context, the PATH arguments choose what is reported; those outside it are read too
  const read = context.length > 0 ? [...context, ...positionals.filter((p) => !under(resolve(io.cwd, p), contextPaths))] : positionals;
  const matrix = await analysePaths(read, values, io, config);
  if (!matrix) return 2;
  const state = lintState(matrix, values, config?.ignore);
  const chosen = positionals.map((p) => resolve(io.cwd, p));
  const kept = context.length > 0 && chosen.length > 0 ? state.kept.filter((d) => under(resolve(io.cwd, d.file), chosen)) : state.kept;
  const silenced = state.silenced;
  if (format === 'json') {
    io.stdout(`${JSON.stringify(lintReport(matrix, values.render ?? read.join(' '), kept, silenced), null, 2)}\n`);
  } else if (format === 'sarif') {
    io.stdout(`${JSON.stringify(renderSarif([{ report: lintReport(matrix, values.render ?? read.join(' '), kept, silenced) }], { version: VERSION }), null, 2)}\n`);
  } else {
    for (const d of kept) io.stdout(`${formatDiagnostic(d)}\n`);
    if (silenced > 0) io.stderr(`reachdiff: ${silenced} warning${silenced === 1 ? '' : 's'} silenced by the ignore list of ${config?.file}\n`);
  }
  printUnusedIgnores(state.unused, io, '', config, config?.file, state.read);
  // a document that could not be read went unchecked
  if (matrix.diagnostics.some((d) => d.severity === 'error')) return 2;
  return failOn === 'warnings' && kept.length > 0 ? 1 : 0;
}
