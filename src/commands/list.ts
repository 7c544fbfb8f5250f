import type { ListFormat } from '../render/connlist.js';
import { LIST_FORMATS, renderListChunks } from '../render/connlist.js';
import type { Io } from './common.js';
import { analysePaths, COMMON_HELP, oneOf, parseCommand } from './common.js';

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
  const matrix = analysePaths(positionals, values, io);
  if (!matrix) return 2;
  for (const chunk of renderListChunks(matrix, format)) io.stdout(chunk);
  return 0;
}
