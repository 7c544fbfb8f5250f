import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { AnalyzeOptions } from './analyze.js';
import { analyze } from './analyze.js';
import { formatDiagnostic } from './diagnostics.js';
import { DEFAULT_LIMITS } from './documents.js';
import { listManifestFiles, readManifestFiles } from './files.js';
import type { LoadOptions } from './load.js';
import { loadCluster } from './load.js';
import type { Cluster } from './model.js';
import type { ListFormat } from './render/connlist.js';
import { LIST_FORMATS, renderList } from './render/connlist.js';

export const VERSION = '0.1.0';

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
}

/** A mistake in how the command was called: printed with a hint, exit 2. */
export class UsageError extends Error {}

const USAGE = `Usage: reachdiff <command> [options]

Commands:
  list PATH...        print which workloads and external ranges can reach which

Options for list:
  --format FORMAT            txt (default), json, csv or md
  --default-namespace NS     namespace of objects that name none (default: default)
  --host-network MODE        exclude (default): policies do not select host-network pods;
                             include: treat them as ordinary pods
  --pod-cidr CIDR            the cluster's pod network, for AdminNetworkPolicy networks peers
                             (repeatable)

  -h, --help                 show this help
  --version                  show the version

Diagnostics go to stderr as FILE:LINE: SEVERITY: MESSAGE [CODE].
Exit status: 0 success, 2 usage error or nothing could be loaded.
`;

const COMMON_OPTIONS = {
  'default-namespace': { type: 'string' },
  'host-network': { type: 'string' },
  'pod-cidr': { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h' },
} as const;

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], option: string, fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${option} must be one of ${allowed.join(', ')}, not "${value}"`);
  return value as T;
}

interface CommonValues {
  'default-namespace'?: string | undefined;
  'host-network'?: string | undefined;
  'pod-cidr'?: string[] | undefined;
}

function loadOptions(values: CommonValues): LoadOptions {
  return { defaultNamespace: values['default-namespace'] ?? 'default', limits: DEFAULT_LIMITS };
}

function analyzeOptions(values: CommonValues): AnalyzeOptions {
  return {
    hostNetwork: oneOf(values['host-network'], ['exclude', 'include'] as const, 'host-network', 'exclude'),
    podCIDRs: values['pod-cidr'] ?? [],
  };
}

/** Reads the manifests under paths into a Cluster, or fails with a usage error. */
function loadPaths(paths: string[], options: LoadOptions, io: Io): Cluster {
  if (paths.length === 0) throw new UsageError('give at least one file or directory of manifests');
  const { files, missing } = listManifestFiles(paths);
  if (missing.length > 0) throw new UsageError(`no such file or directory: ${missing.join(', ')}`);
  return loadCluster(readManifestFiles(files, { maxFileBytes: options.limits?.maxFileBytes ?? DEFAULT_LIMITS.maxFileBytes, cwd: io.cwd }), options);
}

function nothingLoaded(cluster: Cluster): boolean {
  return cluster.workloads.length === 0 && cluster.networkPolicies.length === 0 && cluster.adminPolicies.length === 0 && !cluster.baselinePolicy;
}

function listCommand(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...COMMON_OPTIONS, format: { type: 'string' } },
  });
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const format = oneOf<ListFormat>(values.format, LIST_FORMATS, 'format', 'txt');
  const cluster = loadPaths(positionals, loadOptions(values), io);
  const matrix = analyze(cluster, analyzeOptions(values));
  for (const d of matrix.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
  if (nothingLoaded(cluster)) {
    io.stderr(`reachdiff: nothing to analyse: no workloads or policies were loaded from ${cluster.files.length} file(s)\n`);
    return 2;
  }
  io.stdout(renderList(matrix, format));
  return 0;
}

/** Runs the command line; returns the exit status. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'list':
        return listCommand(rest, io);
      case '--version':
        io.stdout(`reachdiff ${VERSION}\n`);
        return 0;
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        io.stdout(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`reachdiff: ${(e as Error).message}\nRun "reachdiff --help" for usage.\n`);
      return 2;
    }
    throw e;
  }
}

function isMain(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}

if (isMain()) {
  const io: Io = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
  };
  run(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`reachdiff: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 3;
    },
  );
}
