import type { Focus, ListFormat } from '../render/connlist.js';
import { LIST_FORMATS, listSummary, newCounts, renderListBytes, renderListChunks } from '../render/connlist.js';
import type { Matrix } from '../engine/matrix.js';
import { exposure } from '../engine/exposure.js';
import { withConfig } from '../pipeline/compare.js';
import { listDot } from '../render/dot.js';
import { listHtmlData, renderHtml } from '../render/html.js';
import type { Io } from './common.js';
import { analysePaths, printIgnoredCustom, analyzeOptions, COMMON_HELP, lintState, oneOf, parseCommand, printWarnings, readConfig, UsageError } from './common.js';
import { DEFAULT_CONFIG_PATH } from '../check/config.js';

export const LIST_HELP = `Usage: reachdiff list PATH... [options]
       reachdiff list --render CMD [options]

Prints which workloads and external IPv4 ranges can open which connections
to which, one line per ordered pair: SRC => DST : CONNECTIONS.

Options:
  --format FORMAT            txt (default; np-guard's format), json, csv, md, grouped
                             (for people: per source, destinations grouped by connections),
                             dot (Graphviz: namespaces as clusters), or html (one
                             self-contained page: the graph and a filterable matrix)
  --focus-workload NAME      only pairs with this workload at one end: name or ns/name
                             (repeatable)
  --focus-namespace NS       only pairs with a workload of NS at one end (repeatable)
  --exposure                 then the exposure of each workload to pods the manifests do not
                             hold (other namespaces, pods added later) that its policies
                             admit, and the workloads no policy protects
  --config FILE              silence warnings with the ignore list of FILE, and read what it
                             declares outside the manifests and where the ingress controller
                             runs (default: ${DEFAULT_CONFIG_PATH} when it exists)
  --render CMD               list the output of CMD (helm template ..., kustomize build ...)
                             instead of PATHs
  --render-timeout SECONDS   stop the render command, or a Kustomize build, after this long
                             (default: 300; at most 86400)
${COMMON_HELP}
`;

/** The focus of --focus-workload and --focus-namespace, or undefined for every pair; a focus that picks nothing is a usage error. */
function focusOf(matrix: Matrix, workloads: readonly string[], namespaces: readonly string[]): Focus | undefined {
  if (workloads.length === 0 && namespaces.length === 0) return undefined;
  const picks = (id: string, namespace: string, name: string) => namespaces.includes(namespace) || workloads.some((f) => f === name || f === `${namespace}/${name}` || f === id);
  for (const f of workloads) {
    if (!matrix.workloads.some((w) => f === w.name || f === `${w.namespace}/${w.name}` || f === w.id)) throw new UsageError(`--focus-workload ${f}: no workload is named so (give name or ns/name)`);
  }
  for (const ns of namespaces) {
    if (!matrix.workloads.some((w) => w.namespace === ns)) throw new UsageError(`--focus-namespace ${ns}: no workload is in that namespace`);
  }
  return (e) => e.kind === 'workload' && picks(e.workload.id, e.workload.namespace, e.workload.name);
}

export async function listCommand(args: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommand(args, {
    format: { type: 'string' },
    config: { type: 'string' },
    render: { type: 'string' },
    'render-timeout': { type: 'string' },
    'focus-workload': { type: 'string', multiple: true },
    'focus-namespace': { type: 'string', multiple: true },
    exposure: { type: 'boolean' },
  });
  if (values.help) {
    io.stdout(LIST_HELP);
    return 0;
  }
  const format = oneOf<ListFormat | 'dot' | 'html'>(values.format as string | undefined, [...LIST_FORMATS, 'dot', 'html'], 'format', 'txt');
  if ((format === 'dot' || format === 'html') && (values.exposure === true || values['focus-workload'] !== undefined || values['focus-namespace'] !== undefined)) {
    throw new UsageError(`--format ${format} draws every workload: --exposure and --focus-* go with txt, csv, md, json and grouped`);
  }
  const config = readConfig(values.config as string | undefined, DEFAULT_CONFIG_PATH, io);
  const matrix = await analysePaths(positionals, values, io, config);
  if (matrix) printIgnoredCustom(matrix.cluster, io);
  if (!matrix) return 2;
  const focus = focusOf(matrix, (values['focus-workload'] as string[] | undefined) ?? [], (values['focus-namespace'] as string[] | undefined) ?? []);
  printWarnings(lintState(matrix, values, config?.ignore), io, '', config);
  const exposed = values.exposure === true ? exposure(matrix, withConfig({ analyze: analyzeOptions(values) }, config).analyze) : undefined;
  for (const name of exposed?.unrepresented ?? []) io.stderr(`reachdiff: exposure: the pods of ${name} are not represented (no pod could be made for its selectors, or its namespace is one another representative already made with other labels); their exposure is not shown\n`);
  if (format === 'dot') io.stdout(listDot(matrix));
  else if (format === 'html') io.stdout(renderHtml(listHtmlData(matrix, values.render ?? positionals.join(' '))));
  else {
    const counts = newCounts();
    if (io.stdoutBytes) for (const chunk of renderListBytes(matrix, format, focus, counts, exposed)) io.stdoutBytes(chunk);
    else for (const chunk of renderListChunks(matrix, format, focus, counts, exposed)) io.stdout(chunk);
    // the grouped format opens with it; the formats for machines keep stdout as it was
    // IPv6 is analysed where the manifests name it or the user says so: say when it was not
    const family = values['ip-family'] === undefined && matrix.addressSpace.v6.length === 0 ? ' (IPv4 only: nothing names IPv6; --ip-family dual for a dual-stack cluster)' : '';
    if (format !== 'grouped') io.stderr(`reachdiff: ${listSummary(matrix, counts, focus !== undefined)}${family}\n`);
  }
  return 0;
}
