import { realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Io } from './commands/common.js';
import { UsageError } from './commands/common.js';
import { listCommand } from './commands/list.js';

export const VERSION = '0.1.0';

const USAGE = `Usage: reachdiff <command> [options]

Commands:
  list PATH...           which workloads and external ranges can reach which

Run "reachdiff <command> --help" for a command's options.

Diagnostics go to stderr as FILE:LINE: SEVERITY: MESSAGE [CODE].
Exit status: 0 success, 2 usage error or nothing could be loaded.
`;

const COMMANDS: Record<string, (args: string[], io: Io) => number | Promise<number>> = {
  list: listCommand,
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
