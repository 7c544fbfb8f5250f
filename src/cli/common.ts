import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { AnalyzeOptions } from '../engine/analyze.js';
import type { Config, FailOn, IgnoreRule } from '../check/config.js';
import { parseConfig } from '../check/config.js';
import { DEFAULT_LIMITS, MAX_READ_BYTES } from '../input/yaml/documents.js';
import type { LoadOptions } from '../input/load.js';
import type { PipelineOptions } from '../pipeline/compare.js';
import { analyseFiles, withConfig } from '../pipeline/compare.js';
import type { RunLimits } from '../sources/runcommand.js';
import { DEFAULT_RUN_LIMITS } from '../sources/runcommand.js';
import type { Snapshot } from '../sources/snapshot.js';
import { directorySnapshot } from '../sources/snapshot.js';
import type { Cluster } from '../input/cluster.js';
import type { Matrix } from '../engine/matrix.js';
import type { Diagnostic } from '../model/diagnostics.js';
import { formatDiagnostic } from '../model/diagnostics.js';
import { lint, silence } from '../check/lint.js';
import type { Report } from '../report/report.js';
import { untrusted } from '../report/report.js';
import { plural } from '../model/plural.js';
import { notAnalysedJson, notAnalysedLine } from '../report/notanalysed.js';

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
}

/** A mistake in how the command was called: printed with a hint, exit 2. */
export class UsageError extends Error {}

/** Options every analysing command takes. */
export const COMMON_OPTIONS = {
  'default-namespace': { type: 'string' },
  'host-network': { type: 'string' },
  'pod-cidr': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

export const COMMON_HELP = `  --default-namespace NS     namespace of objects that name none (default: default)
  --host-network MODE        exclude (default): policies do not select host-network pods;
                             include: treat them as ordinary pods
  --pod-cidr CIDR            the cluster's pod network, for AdminNetworkPolicy networks peers
                             (repeatable)
  -h, --help                 show this help`;

export interface CommonValues {
  'default-namespace'?: string | undefined;
  'host-network'?: string | undefined;
  'pod-cidr'?: string[] | undefined;
}

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], option: string, fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${option} must be one of ${allowed.join(', ')}, not "${value}"`);
  return value as T;
}

export function loadOptions(values: CommonValues): LoadOptions {
  return { defaultNamespace: values['default-namespace'] ?? 'default', limits: DEFAULT_LIMITS };
}

export function analyzeOptions(values: CommonValues): AnalyzeOptions {
  return {
    hostNetwork: oneOf(values['host-network'], ['exclude', 'include'] as const, 'host-network', 'exclude'),
    podCIDRs: values['pod-cidr'] ?? [],
  };
}

/** The files and directories named on the command line, as one state. */
export function pathsSnapshot(paths: readonly string[], io: Io): Snapshot {
  if (paths.length === 0) throw new UsageError('give at least one file or directory of manifests');
  const missing = paths.filter((p) => !existsSync(resolve(io.cwd, p)));
  if (missing.length > 0) throw new UsageError(`no such file or directory: ${missing.join(', ')}`);
  return directorySnapshot(paths, io.cwd, { maxFileBytes: MAX_READ_BYTES });
}

/** What the pipeline needs from the options every command takes. */
export function pipelineOptions(values: CommonValues, run: RunLimits = DEFAULT_RUN_LIMITS, config?: Config): PipelineOptions {
  return withConfig({ load: loadOptions(values), analyze: analyzeOptions(values), run }, config);
}

export function nothingLoaded(cluster: Cluster): boolean {
  return cluster.workloads.length === 0 && cluster.policies.length === 0;
}

/** Loads and analyses one state, printing its diagnostics; undefined when nothing could be loaded (reported). */
export async function analysePaths(paths: string[], values: CommonValues, io: Io, config?: Config): Promise<Matrix | undefined> {
  const snapshot = pathsSnapshot(paths, io);
  const matrix = analyseFiles(await snapshot.files(), pipelineOptions(values, DEFAULT_RUN_LIMITS, config));
  const cluster = matrix.cluster;
  for (const d of matrix.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
  printNotAnalysed(cluster, io);
  if (!nothingLoaded(cluster)) return matrix;
  io.stderr(`reachdiff: nothing to analyse: no workloads or policies were loaded from ${cluster.files.length} file(s)\n`);
  return undefined;
}

/** The one-line count of what was not analysed, when something was. */
export function printNotAnalysed(cluster: Cluster, io: Io, prefix = ''): void {
  const line = notAnalysedLine(notAnalysedJson(cluster.notAnalysed));
  if (line) io.stderr(`reachdiff: ${prefix}${line}\n`);
}

/** The foot-gun warnings of a state, less those the config's ignore list silences. */
export interface StateWarnings {
  readonly kept: readonly Diagnostic[];
  readonly silenced: number;
}

export function lintState(matrix: Matrix, values: CommonValues, ignore: readonly IgnoreRule[] = []): StateWarnings {
  const { kept, silenced } = silence(lint(matrix, analyzeOptions(values)), ignore);
  return { kept, silenced: silenced.length };
}

/** Prints warnings with the other diagnostics, and how many the config silenced. */
export function printWarnings(warnings: StateWarnings, io: Io, prefix = ''): void {
  for (const d of warnings.kept) io.stderr(`${prefix}${formatDiagnostic(d)}\n`);
  if (warnings.silenced > 0) io.stderr(`${prefix}reachdiff: ${warnings.silenced} warning${warnings.silenced === 1 ? '' : 's'} silenced by the config's ignore list\n`);
}

/** parseArgs with the common options plus a command's own. */
export function parseCommand<T extends Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>>(args: string[], own: T) {
  return parseArgs({ args, allowPositionals: true, strict: true, options: { ...COMMON_OPTIONS, ...own } });
}

/** The --max-bytes option of Markdown output, as renderMarkdown's budget. */
export function maxBytes(value: unknown): { budget?: number } {
  if (value === undefined) return {};
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError('--max-bytes takes a number of bytes');
  return { budget: n };
}

/** Reads an invariants config; a missing explicit file is a usage error, a malformed one a ConfigError. */
export function readConfig(path: string | undefined, fallback: string | undefined, io: Io): Config | undefined {
  const file = path ?? fallback;
  if (!file) return undefined;
  const full = resolve(io.cwd, file);
  if (!existsSync(full)) {
    if (path) throw new UsageError(`config file not found: ${path}`);
    return undefined;
  }
  return parseConfig(readFileSync(full, 'utf8'), file);
}

/** The exit status a report earns: 1 when an invariant fails as --fail-on says, else 0. */
export function exitStatus(report: Report, failOn: FailOn, io?: Io): number {
  if (failOn === 'never') return 0;
  if (untrusted(report)) {
    io?.stderr(`reachdiff: failing closed: the invariants were checked on a head that has ${plural(report.summary.unread, 'input')} that could not be read (fail-on-unread: false in the config accepts that)\n`);
    return 1;
  }
  const count = failOn === 'violations' ? report.summary.violations : report.summary.newViolations;
  return count > 0 ? 1 : 0;
}
