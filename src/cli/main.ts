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
2 usage or config error, or nothing could be loaded. A file or document
that cannot be read is reported with its file and line and the rest is
analysed; it fails lint (2), and invariants checked on it fail closed (1).
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

/**
 * Standard output through a buffer of its own. A listing is hundreds of
 * thousands of lines, written a source at a time, and every write to the
 * stream converts a string and makes a system call of its own: here text
 * is encoded into a buffer and written 64 KiB at a time. A write to
 * standard error writes what is buffered first, so that on a terminal the
 * two stay in the order they were written.
 */
export class BufferedOutput {
  private buffer = Buffer.allocUnsafe(1 << 16);
  private used = 0;

  constructor(private readonly out: { write(chunk: string | Uint8Array): unknown }) {}

  write(text: string): void {
    // a UTF-16 code unit is at most 3 bytes of UTF-8
    if (this.used + text.length * 3 > this.buffer.length) {
      this.flush();
      if (text.length * 3 > this.buffer.length) {
        this.out.write(text);
        return;
      }
    }
    this.used += this.buffer.write(text, this.used);
  }

  /** Bytes the caller does not write again: written as they are, after what is held. */
  writeBytes(bytes: Uint8Array): void {
    if (this.used + bytes.length <= this.buffer.length) {
      this.buffer.set(bytes, this.used);
      this.used += bytes.length;
      return;
    }
    this.flush();
    this.out.write(bytes);
  }

  flush(): void {
    if (this.used === 0) return;
    // a write to a pipe may complete later: the buffer written is not reused
    const full = this.buffer.subarray(0, this.used);
    this.buffer = Buffer.allocUnsafe(1 << 16);
    this.used = 0;
    this.out.write(full);
  }
}

/**
 * Ends the process once standard output and standard error have taken
 * everything written to them (a write to a pipe completes later). A
 * process left to end by itself first tears down its whole heap: after
 * an L listing, about 80 ms from the exit event to its end, against about
 * 50 ms this way.
 */
function exitWhenWritten(code: number): void {
  let pending = 2;
  const written = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', written);
  process.stderr.write('', written);
}

if (isMain()) {
  const stdout = new BufferedOutput(process.stdout);
  const io: Io = {
    stdout: (t) => stdout.write(t),
    stdoutBytes: (b) => stdout.writeBytes(b),
    stderr: (t) => {
      stdout.flush();
      process.stderr.write(t);
    },
    cwd: process.cwd(),
  };
  run(process.argv.slice(2), io).then(
    (code) => {
      stdout.flush();
      exitWhenWritten(code);
    },
    (e: unknown) => {
      stdout.flush();
      process.stderr.write(`reachdiff: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      exitWhenWritten(3);
    },
  );
}
