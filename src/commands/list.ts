import { analyze } from '../analyze.js';
import { formatDiagnostic } from '../diagnostics.js';
import type { ListFormat } from '../render/connlist.js';
import { LIST_FORMATS, renderListChunks } from '../render/connlist.js';
import type { Io } from './common.js';
import { analyzeOptions, COMMON_HELP, loadOptions, loadPaths, nothingLoaded, oneOf, parseCommand } from './common.js';

export const LIST_HELP = `Usage: reachdiff list PATH... [options]

Prints which workloads and external IPv4 ranges can open which connections
to which, one line per ordered pair: SRC => DST : CONNECTIONS.

Options:
  --format FORMAT            txt (default), json, csv or md
${COMMON_HELP}
`;

export function listCommand(args: string[], io: Io): number {
  const { values, positionals } = parseCommand(args, { format: { type: 'string' } });
  if (values.help) {
    io.stdout(LIST_HELP);
    return 0;
  }
  const format = oneOf<ListFormat>(values.format as string | undefined, LIST_FORMATS, 'format', 'txt');
  const cluster = loadPaths(positionals, loadOptions(values), io);
  const matrix = analyze(cluster, analyzeOptions(values));
  for (const d of matrix.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
  if (nothingLoaded(cluster)) {
    io.stderr(`reachdiff: nothing to analyse: no workloads or policies were loaded from ${cluster.files.length} file(s)\n`);
    return 2;
  }
  for (const chunk of renderListChunks(matrix, format)) io.stdout(chunk);
  return 0;
}
