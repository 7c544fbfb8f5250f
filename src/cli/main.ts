import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Io } from './common.js';
import { UsageError } from './common.js';
import { ConfigError } from '../check/config.js';
import { GitError } from '../sources/git.js';
import { checkCommand } from './check.js';
import { diffCommand } from './diff.js';
import { lintCommand } from './lint.js';
import { listCommand } from './list.js';
import { VERSION } from '../report/version.js';

export { VERSION };

const USAGE = `Usage: reachdiff <command> [options]

Commands:
  list PATH...           which workloads and external ranges can reach which
  diff BASE HEAD         how reachability changes from BASE to HEAD (or --git revisions)
  check PATH...          check the invariants of a config file
  lint PATH...           warn about NetworkPolicy foot-guns (DNS blocked, selectors
                         that match nothing, rules that allow everything, ...)

Run "reachdiff <command> --help" for a command's options.

Diagnostics go to stderr as FILE:LINE: SEVERITY: MESSAGE [CODE].
Exit status: 0 success (warnings allowed), 1 an invariant fails (diff, check),
2 usage, input or config error, or nothing could be loaded.
`;

const COMMANDS: Record<string, (args: string[], io: Io) => number | Promise<number>> = {
  list: listCommand,
  diff: diffCommand,
  check: checkCommand,
  lint: lintCommand,
};

/** Runs the command line; returns the exit status. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === '--version') {
      io.stdout(`reachdiff ${VERSION}\n`);
      return 0;
    }
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      io.stdout(USAGE);
      return command === undefined ? 2 : 0;
    }
    const handler = COMMANDS[command];
    if (!handler) throw new UsageError(`unknown command "${command}"`);
    return await handler(rest, io);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`reachdiff: ${(e as Error).message}\nRun "reachdiff --help" for usage.\n`);
      return 2;
    }
    if (e instanceof ConfigError || e instanceof GitError) {
      io.stderr(`reachdiff: ${e.message}\n`);
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
