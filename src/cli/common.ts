import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import type { AnalyzeOptions, IpFamily } from '../engine/analyze.js';
import { IP_FAMILIES } from '../engine/analyze.js';
import type { Config, FailOn, IgnoreRule, Target } from '../check/config.js';
import { parseConfig } from '../check/config.js';
import { DEFAULT_LIMITS, MAX_READ_BYTES } from '../input/yaml/documents.js';
import type { LoadOptions, RepositoryPath } from '../input/load.js';
import type { Outside } from '../input/outside.js';
import type { PipelineOptions } from '../pipeline/compare.js';
import { analyseFiles, stateFiles, withConfig } from '../pipeline/compare.js';
import type { RunLimits } from '../sources/runcommand.js';
import { DEFAULT_RUN_LIMITS } from '../sources/runcommand.js';
import type { KustomizeMode } from '../sources/repository.js';
import { findKustomizeTool } from '../sources/repository.js';
import type { Snapshot } from '../sources/snapshot.js';
import { RenderError } from '../sources/targets.js';
import { directorySnapshot } from '../sources/snapshot.js';
import { hasRemote, workTreeTop } from '../sources/git.js';
import type { Cluster } from '../input/cluster.js';
import type { Matrix } from '../engine/matrix.js';
import type { Diagnostic } from '../model/diagnostics.js';
import { Codes, formatDiagnostic, InputCodes } from '../model/diagnostics.js';
import { lint, silence, unusedIgnoreNotes } from '../check/lint.js';
import type { Report } from '../report/report.js';
import { untrusted } from '../report/report.js';
import { plural } from '../model/plural.js';
import { podCidrProblem } from '../model/ipranges.js';
import { notAnalysedJson, notAnalysedLine } from '../report/notanalysed.js';

export interface Io {
  readonly stdout: (text: string) => void;
  /** Bytes for standard output, where the caller hands over chunks it does not write again (else they go through stdout as text). */
  readonly stdoutBytes?: (bytes: Uint8Array) => void;
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
  'service-cidr': { type: 'string', multiple: true },
  kustomize: { type: 'string' },
  'ip-family': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const COMMON_HELP = `  --default-namespace NS     namespace of objects that name none (default: default)
  --host-network MODE        exclude (default): policies do not select host-network pods;
                             include: treat them as ordinary pods
  --pod-cidr CIDR            the cluster's pod network, for AdminNetworkPolicy networks peers
                             (repeatable)
  --service-cidr CIDR        the cluster's Service network, where invariants' cidr destinations
                             are tried for Services' addresses (repeatable; default: the
                             API server and DNS addresses of kubeadm, k3s, EKS, AKS, GKE and others)
  --kustomize MODE           Kustomize roots found in directories: auto (default: build them
                             with kustomize or kubectl when installed, else skip), build, or
                             skip (leave their files out and say how to build them)
  --ip-family FAMILY         ipv4, ipv6 or dual: the IP families the cluster uses (default:
                             IPv4, and IPv6 too where a policy, a Service or --pod-cidr names IPv6)
  -h, --help                 show this help`;

export interface CommonValues {
  'default-namespace'?: string | undefined;
  'host-network'?: string | undefined;
  'pod-cidr'?: string[] | undefined;
  'service-cidr'?: string[] | undefined;
  kustomize?: string | undefined;
  /** Not an option: what the config declares outside the manifests. */
  outside?: Outside | undefined;
  'ip-family'?: string | undefined;
}

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], option: string, fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${option} must be one of ${allowed.join(', ')}, not "${value}"`);
  return value as T;
}

export function loadOptions(values: CommonValues): LoadOptions {
  const given = values['default-namespace'] !== undefined ? { defaultNamespaceGiven: true } : {};
  return { defaultNamespace: values['default-namespace'] ?? 'default', ...given, limits: DEFAULT_LIMITS, ...(values.outside ? { outside: values.outside } : {}) };
}

/**
 * The --pod-cidr values, each a CIDR as netip.ParsePrefix reads it: one
 * that is not is a usage error, never left out, since the pod network
 * decides which addresses are pods' and so the verdicts that rest on it.
 */
export function podCidrs(values: readonly string[], option = 'pod-cidr'): string[] {
  for (const value of values) {
    const problem = podCidrProblem(value);
    if (problem === undefined) continue;
    const list = value.includes(',') ? ` (give one CIDR per --${option}, repeating the option)` : '';
    throw new UsageError(`--${option} ${problem}${list}`);
  }
  return [...values];
}

export function analyzeOptions(values: CommonValues): AnalyzeOptions {
  const family = values['ip-family'];
  if (family !== undefined && !(IP_FAMILIES as readonly string[]).includes(family)) throw new UsageError(`--ip-family must be one of ${IP_FAMILIES.join(', ')}, not "${family}"`);
  return {
    hostNetwork: oneOf(values['host-network'], ['exclude', 'include'] as const, 'host-network', 'exclude'),
    podCIDRs: podCidrs(values['pod-cidr'] ?? []),
    ...(values['service-cidr'] !== undefined ? { serviceCIDRs: podCidrs(values['service-cidr'], 'service-cidr') } : {}),
    ...(family !== undefined ? { ipFamily: family as IpFamily } : {}),
  };
}

/** The files and directories named on the command line, as one state. */
export function pathsSnapshot(paths: readonly string[], io: Io): Snapshot {
  if (paths.length === 0) throw new UsageError('give at least one file or directory of manifests');
  const missing = paths.filter((p) => !existsSync(resolve(io.cwd, p)));
  if (missing.length > 0) throw new UsageError(`no such file or directory: ${missing.join(', ')}`);
  return directorySnapshot(paths, io.cwd, { maxFileBytes: MAX_READ_BYTES });
}

/** How --kustomize handles Kustomize roots: auto builds them when a tool is installed. */
export function kustomizeMode(value: string | undefined): KustomizeMode {
  const mode = oneOf(value, ['auto', 'build', 'skip'] as const, 'kustomize', 'auto');
  if (mode === 'skip') return 'skip';
  const tool = findKustomizeTool();
  if (tool) return { build: tool };
  if (mode === 'build') throw new UsageError('--kustomize build needs kustomize or kubectl on the PATH');
  return 'skip';
}

/** What the pipeline needs from the options every command takes. */
export function pipelineOptions(values: CommonValues, run: RunLimits = DEFAULT_RUN_LIMITS, config?: Config): PipelineOptions {
  return withConfig({ load: loadOptions(values), analyze: analyzeOptions(values), run, kustomize: kustomizeMode(values.kustomize) }, config);
}

export function nothingLoaded(cluster: Cluster): boolean {
  return cluster.workloads.length === 0 && cluster.policies.length === 0;
}

/** A `--render CMD` given on the command line, as a target: its stream is named after the command. */
export function renderTarget(command: string): Target {
  return { name: command.trim().replace(/\s+/g, ' '), line: 1, kind: 'render', command, adHoc: true };
}

/**
 * Prints a state's diagnostics, one per line, but the documents of walked
 * files that are not Kubernetes objects, which are only counted.
 */
export function printDiagnostics(diagnostics: readonly Diagnostic[], io: Io, prefix = ''): void {
  let skipped = 0;
  // one write for many lines: thousands of diagnostics are thousands of system calls otherwise
  let text = '';
  for (const d of diagnostics) {
    if (d.code === Codes.notKubernetes && d.severity === 'info') skipped++;
    else text += `${prefix}${formatDiagnostic(d)}\n`;
  }
  if (text !== '') io.stderr(text);
  if (skipped > 0) {
    io.stderr(`reachdiff: ${prefix}skipped ${plural(skipped, 'YAML or JSON document')} that ${skipped === 1 ? 'is not a Kubernetes object' : 'are not Kubernetes objects'} (CI configs, values, package.json) in the directories walked; files named on the command line are read strictly\n`);
  }
}

/** Why a state holds nothing to analyse, in words: no file, only parts left out, or files without workloads or policies. */
export function nothingReason(cluster: Cluster, where: string): string {
  // a root not built, a component no root includes, a chart: each says above why its files are left out
  const left = cluster.diagnostics.filter((d) => d.code === InputCodes.helmChart || d.code === InputCodes.kustomizeRoot || d.code === InputCodes.kustomizeFailed);
  if (cluster.files.length === 0 && left.length === 0) return `no file matched: no .yaml, .yml or .json file ${where}`;
  const components = left.filter((d) => d.code === InputCodes.kustomizeRoot && d.severity === 'info').length;
  const others = left.length - components;
  const parts = [
    ...(others > 0 ? [`${plural(others, 'Helm chart or Kustomize root', 'Helm charts or Kustomize roots')} left out (see above for how to render them)`] : []),
    ...(components > 0 ? [`${plural(components, 'Kustomize component')} that no Kustomize root includes left out (build a root that includes ${components === 1 ? 'it' : 'them'})`] : []),
  ]
    .map((p) => `; ${p}`)
    .join('');
  return `nothing to analyse: no workloads or policies were loaded from ${plural(cluster.files.length, 'file')} ${where}${parts}`;
}

/**
 * Options that say where each file stands in the work tree holding it
 * (the work trees of `paths`; LoadOptions.repositoryPath), so that Argo CD
 * and Flux paths also match directories from the root. Only where the
 * first of `paths` is in a repository with a remote, a clone of what a
 * GitOps tool reads. `revisions`: the files are read from revisions of
 * that repository, their paths already from its root.
 */
export async function withRepositories<T extends { readonly load: LoadOptions }>(options: T, paths: readonly string[], cwd: string, revisions = false): Promise<T> {
  const dirs = paths.flatMap((path) => {
    try {
      return [statSync(path).isDirectory() ? path : dirname(path)];
    } catch {
      return [];
    }
  });
  if (dirs.length === 0) return options;
  if (!(await hasRemote(dirs[0]!))) return options;
  let repositoryPath: RepositoryPath;
  if (revisions) {
    repositoryPath = (path) => path;
  } else {
    const real = (path: string) => {
      try {
        return realpathSync(path);
      } catch {
        return path;
      }
    };
    // the work trees of the PATHs (those in none left out), the deepest first: a file is placed in the one holding it
    const top = (dir: string) => workTreeTop(dir).catch(() => undefined);
    const roots = [...new Set((await Promise.all(dirs.map(top))).flatMap((r) => (r === undefined || r === '' ? [] : [real(r)])))].sort((a, b) => b.length - a.length);
    if (roots.length === 0) return options;
    repositoryPath = (path) => {
      // a link stands where it is, as Argo CD reads it: only the directory holding it is resolved
      const abs = resolve(cwd, path);
      const placed = join(real(dirname(abs)), basename(abs));
      for (const root of roots) {
        const rel = relative(root, placed);
        if (!rel.startsWith('..') && !isAbsolute(rel)) return rel.split(sep).join('/');
      }
      return undefined;
    };
  }
  return { ...options, load: { ...options.load, repositoryPath } };
}

/** Loads and analyses one state (the PATHs, or the output of --render), printing its diagnostics; undefined when nothing could be loaded (reported). */
export async function analysePaths(
  paths: string[],
  values: CommonValues & { render?: string | undefined; 'render-timeout'?: string | undefined },
  io: Io,
  config?: Config,
  leftOutUnread = false,
): Promise<Matrix | undefined> {
  const timeoutMs = renderTimeout(values['render-timeout']);
  const given = { ...pipelineOptions({ ...values, ...(config?.outside ? { outside: config.outside } : {}) }, { ...DEFAULT_RUN_LIMITS, timeoutMs }, config), leftOutUnread };
  const options = await withRepositories(given, values.render !== undefined ? [io.cwd] : paths.map((p) => resolve(io.cwd, p)), io.cwd);
  let files;
  if (values.render !== undefined) {
    if (paths.length > 0) throw new UsageError('--render reads the output of its command: give no PATH with it');
    try {
      files = await stateFiles(directorySnapshot([io.cwd], io.cwd, { maxFileBytes: MAX_READ_BYTES }), renderTarget(values.render), options);
    } catch (e) {
      if (e instanceof RenderError) {
        io.stderr(`reachdiff: ${e.message}\n`);
        return undefined;
      }
      throw e;
    }
  } else {
    files = await stateFiles(pathsSnapshot(paths, io), undefined, options);
  }
  const matrix = analyseFiles(files, options);
  const cluster = matrix.cluster;
  printDiagnostics(matrix.diagnostics, io);
  printNotAnalysed(cluster, io);
  if (nothingLoaded(cluster)) {
    io.stderr(`reachdiff: ${nothingReason(cluster, values.render !== undefined ? 'in the output of the render command' : `under ${paths.join(', ')}`)}\n`);
    return undefined;
  }
  if (cluster.workloads.length === 0) {
    io.stderr(
      `reachdiff: no workloads: the manifests hold ${plural(cluster.policies.length, 'policy', 'policies')} but no Deployment, StatefulSet, Pod or other workload, so no pair of workloads can be listed; workloads that run in the cluster but are not in these files can be declared in the config (outside: workloads:)\n`,
    );
  }
  return matrix;
}

/** How many kinds the line on ignored custom resources names before it counts the rest. */
const NAMED_KINDS = 5;

/**
 * One line on the custom resources of kinds reachdiff does not know, when
 * some were read: they are taken to decide no traffic, which an
 * operator's resource that makes pods does (their pods are left out).
 */
export function printIgnoredCustom(cluster: Cluster, io: Io, prefix = ''): void {
  const kinds = [...cluster.ignoredCustomKinds].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (kinds.length === 0) return;
  const count = kinds.reduce((n, [, k]) => n + k, 0);
  const named = kinds.slice(0, NAMED_KINDS).map(([kind, n]) => (n > 1 ? `${kind} (${n})` : kind));
  const rest = kinds.length > NAMED_KINDS ? ` and ${plural(kinds.length - NAMED_KINDS, 'more kind')}` : '';
  io.stderr(
    `reachdiff: ${prefix}ignored ${plural(count, 'custom resource')} of ${kinds.length === 1 ? 'a kind' : 'kinds'} reachdiff does not know (${named.join(', ')}${rest}), taken to decide no traffic: pods an operator makes for ${count === 1 ? 'it' : 'them'} are not analysed unless declared under outside.workloads in the config\n`,
  );
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
  /** Entries of the ignore list that silence none of them. */
  readonly unused: readonly IgnoreRule[];
  /** The codes of the warnings reading the manifests gave, which the ignore list does not silence. */
  readonly read?: ReadonlySet<string>;
}

export function lintState(matrix: Matrix, values: CommonValues, ignore: readonly IgnoreRule[] = []): StateWarnings {
  const { kept, silenced, unused } = silence(lint(matrix, analyzeOptions(values)), ignore);
  return { kept, silenced: silenced.length, unused, read: new Set(matrix.diagnostics.map((d) => d.code)) };
}

/** Prints warnings with the other diagnostics, how many the config silenced, and the entries of its ignore list that silence nothing. */
export function printWarnings(warnings: StateWarnings, io: Io, prefix = '', config?: Pick<Config, 'file' | 'targets'>, label?: string): void {
  let text = '';
  for (const d of warnings.kept) text += `${prefix}${formatDiagnostic(d)}\n`;
  if (text !== '') io.stderr(text);
  if (warnings.silenced > 0) io.stderr(`${prefix}reachdiff: ${warnings.silenced} warning${warnings.silenced === 1 ? '' : 's'} silenced by the config's ignore list\n`);
  printUnusedIgnores(warnings.unused, io, prefix, config, label, warnings.read);
}

/** The ignore entries that silence nothing, on stderr (see unusedIgnoreNotes). */
export function printUnusedIgnores(unused: readonly IgnoreRule[], io: Io, prefix = '', config?: Pick<Config, 'file' | 'targets'>, label = config?.file, read: ReadonlySet<string> = new Set()): void {
  if (!config) return;
  for (const line of unusedIgnoreNotes(unused, config, label ?? config.file, read)) io.stderr(`${prefix}${line}\n`);
}

/** parseArgs with the common options plus a command's own. */
export function parseCommand<T extends Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>>(args: string[], own: T) {
  return parseArgs({ args, allowPositionals: true, strict: true, options: { ...COMMON_OPTIONS, ...own } });
}

/** The --render-timeout option, in milliseconds (five minutes when not given). */
export function renderTimeout(value: unknown): number {
  if (value === undefined) return DEFAULT_RUN_LIMITS.timeoutMs;
  const ms = Number(value) * 1000;
  // Node's timers hold at most 2^31 - 1 ms, and fire at once past it: a day is the limit
  if (typeof value !== 'string' || value.trim() === '' || !(ms > 0) || !(ms <= 86_400_000)) throw new UsageError('--render-timeout takes a number of seconds, above 0 and at most 86400 (a day)');
  return ms;
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
  // a directory, a FIFO (whose read would wait for a writer) or a socket is not a config file
  if (!statSync(full).isFile()) throw new UsageError(`config ${file} is not a regular file`);
  let text: string;
  try {
    text = readFileSync(full, 'utf8');
  } catch (e) {
    throw new UsageError(`config ${file} cannot be read: ${(e as Error).message}`);
  }
  return parseConfig(text, file);
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
