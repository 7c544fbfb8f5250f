import type { ListFormat } from '../render/connlist.js';
import { LIST_FORMATS, renderListChunks } from '../render/connlist.js';
import { exposure } from '../engine/exposure.js';
import { withConfig } from '../pipeline/compare.js';
import type { Io } from './common.js';
import { analysePaths, analyzeOptions, COMMON_HELP, lintState, oneOf, parseCommand, printWarnings, readConfig } from './common.js';

export const LIST_HELP = `Usage: reachdiff list PATH... [options]

Prints which workloads and external IPv4 ranges can open which connections
to which, one line per ordered pair: SRC => DST : CONNECTIONS.

Options:
  --format FORMAT            txt (default), json, csv or md
  --exposure                 then the exposure of each workload to pods the manifests do not
                             hold (other namespaces, pods added later) that its policies
                             admit, and the workloads no policy protects
  --config FILE              silence warnings with the ignore list of FILE; where the ingress
                             controller runs (ingress-controller:)
${COMMON_HELP}
`;

export async function listCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(args, { format: { type: 'string' }, config: { type: 'string' }, exposure: { type: 'boolean' } });
  if (values.help) {
    io.stdout(LIST_HELP);
    return 0;
  }
  const format = oneOf<ListFormat>(values.format as string | undefined, LIST_FORMATS, 'format', 'txt');
  const config = readConfig(values.config as string | undefined, undefined, io);
  const matrix = await analysePaths(positionals, values, io, config);
  if (!matrix) return 2;
  printWarnings(lintState(matrix, values, config?.ignore), io);
  const exposed = values.exposure === true ? exposure(matrix, withConfig({ analyze: analyzeOptions(values) }, config).analyze) : undefined;
  for (const name of exposed?.unrepresented ?? []) io.stderr(`reachdiff: exposure: the pods of ${name} are not represented (no pod could be made for its selectors, or its namespace is one another representative already made with other labels); their exposure is not shown\n`);
  for (const chunk of renderListChunks(matrix, format, undefined, exposed)) io.stdout(chunk);
  return 0;
}
