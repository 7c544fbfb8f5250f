import type { ListFormat } from '../render/connlist.js';
import { LIST_FORMATS, renderListChunks } from '../render/connlist.js';
import { listDot } from '../render/dot.js';
import { listHtmlData, renderHtml } from '../render/html.js';
import type { Io } from './common.js';
import { analysePaths, COMMON_HELP, lintState, oneOf, parseCommand, printWarnings, readConfig } from './common.js';

export const LIST_HELP = `Usage: reachdiff list PATH... [options]

Prints which workloads and external IPv4 ranges can open which connections
to which, one line per ordered pair: SRC => DST : CONNECTIONS.

Options:
  --format FORMAT            txt (default), json, csv, md, dot (Graphviz: namespaces as
                             clusters), or html (one self-contained page: the graph and a
                             filterable matrix)
  --config FILE              silence warnings with the ignore list of FILE
${COMMON_HELP}
`;

export async function listCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(args, { format: { type: 'string' }, config: { type: 'string' } });
  if (values.help) {
    io.stdout(LIST_HELP);
    return 0;
  }
  const format = oneOf<ListFormat | 'dot' | 'html'>(values.format as string | undefined, [...LIST_FORMATS, 'dot', 'html'], 'format', 'txt');
  const config = readConfig(values.config as string | undefined, undefined, io);
  const matrix = await analysePaths(positionals, values, io);
  if (!matrix) return 2;
  printWarnings(lintState(matrix, values, config?.ignore), io);
  if (format === 'dot') io.stdout(listDot(matrix));
  else if (format === 'html') io.stdout(renderHtml(listHtmlData(matrix, positionals.join(' '))));
  else for (const chunk of renderListChunks(matrix, format)) io.stdout(chunk);
  return 0;
}
