import { spawn } from 'node:child_process';
import { decodeManifest } from '../input/text.js';

export interface RunLimits {
  /** Wall-clock limit; the command's whole process group is killed after it. */
  readonly timeoutMs: number;
  /** Most stdout kept; a command that prints more is killed. */
  readonly maxStdoutBytes: number;
  /** How much of the end of stderr is kept for error messages. */
  readonly stderrTailBytes: number;
}

export const DEFAULT_RUN_LIMITS: RunLimits = {
  timeoutMs: 5 * 60_000,
  maxStdoutBytes: 256 * 1024 * 1024,
  stderrTailBytes: 4096,
};

export type RunResult =
  | { readonly ok: true; readonly stdout: string; readonly stderrTail: string }
  | {
      readonly ok: false;
      /** Why it failed, in words: exit code, signal, time limit, output limit. */
      readonly reason: string;
      readonly exitCode: number | null;
      readonly stderrTail: string;
    };

/** What a render command sees of the environment: where programs and caches are, the locale, the tools' own settings. */
const RENDER_ENVIRONMENT = /^(PATH|HOME|USER|LOGNAME|SHELL|LANG|LANGUAGE|LC_[A-Z]+|TZ|TMPDIR|TEMP|TMP|XDG_[A-Z_]+|HELM_[A-Z_]+|KUSTOMIZE_[A-Z_]+)$/;

/**
 * The environment a render command runs with: only the variables that
 * render tools need. Never the step's token, its inputs (INPUT_*), the
 * runner's ACTIONS_* and GITHUB_* variables or any secret passed to the
 * step: a chart or a Kustomize plugin is code of the repository.
 */
export function renderEnvironment(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (RENDER_ENVIRONMENT.test(k) && v !== undefined) out[k] = v;
  return out;
}

/**
 * Runs a shell command with a time limit and bounded output, in the render
 * environment. The command runs in its own process group so that a timeout
 * or an output overflow kills everything it started, not just the shell;
 * what left the group and holds the output open is no longer read.
 */
export function runCommand(command: string, cwd: string, limits: RunLimits = DEFAULT_RUN_LIMITS, env: NodeJS.ProcessEnv = renderEnvironment()): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = Buffer.alloc(0);
    let failure: string | undefined;
    const kill = (why: string) => {
      if (failure) return;
      failure = why;
      try {
        // the negative pid signals the whole process group
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
      // a process that left the group (setsid, a daemon) may still hold the output open: stop reading it
      child.stdout.destroy();
      child.stderr.destroy();
    };
    const limit = limits.timeoutMs < 1000 ? `${limits.timeoutMs} ms` : `${Math.round(limits.timeoutMs / 1000)} s`;
    const timer = setTimeout(() => kill(`did not finish within ${limit} and was stopped`), limits.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      if (failure) return;
      outBytes += chunk.length;
      if (outBytes > limits.maxStdoutBytes) {
        kill(`printed more than ${limits.maxStdoutBytes} bytes and was stopped`);
        out.length = 0;
        return;
      }
      out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      err = Buffer.concat([err, chunk]);
      if (err.length > limits.stderrTailBytes * 2) err = err.subarray(err.length - limits.stderrTailBytes);
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ ok: false, reason: `could not start: ${e.message}`, exitCode: null, stderrTail: '' });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stderrTail = err.subarray(Math.max(0, err.length - limits.stderrTailBytes)).toString('utf8');
      if (failure) return resolve({ ok: false, reason: failure, exitCode: code, stderrTail });
      if (code !== 0) return resolve({ ok: false, reason: signal ? `was killed by ${signal}` : `exited with status ${code}`, exitCode: code, stderrTail });
      resolve({ ok: true, stdout: decodeManifest(Buffer.concat(out)), stderrTail });
    });
  });
}
