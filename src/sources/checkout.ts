import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GitError, resolveRevision } from './git.js';

const run = promisify(execFile);

/**
 * Runs `fn` in a temporary checkout (a detached git worktree) of a
 * revision, and removes it afterwards. The repository's own work tree and
 * index are not touched.
 */
/** Worktree bookkeeping of one repository, one operation at a time: git locks its files and fails a concurrent add. */
const queues = new Map<string, Promise<unknown>>();

function serially<T>(repo: string, op: () => Promise<T>): Promise<T> {
  const previous = queues.get(repo) ?? Promise.resolve();
  const next = previous.then(op, op);
  queues.set(repo, next.catch(() => undefined));
  return next;
}

export async function withCheckout<T>(repo: string, ref: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const commit = await resolveRevision(repo, ref);
  const parent = mkdtempSync(join(tmpdir(), 'reachdiff-checkout-'));
  const dir = join(parent, 'tree');
  try {
    await serially(repo, () => run('git', ['-C', repo, 'worktree', 'add', '--detach', '--quiet', dir, commit]));
  } catch (e) {
    rmSync(parent, { recursive: true, force: true });
    throw new GitError(`cannot check out ${ref}: ${((e as { stderr?: string }).stderr ?? String(e)).trim()}`);
  }
  try {
    return await fn(dir);
  } finally {
    await serially(repo, async () => {
      await run('git', ['-C', repo, 'worktree', 'remove', '--force', dir]).catch(() => undefined);
      rmSync(parent, { recursive: true, force: true });
      await run('git', ['-C', repo, 'worktree', 'prune']).catch(() => undefined);
    });
  }
}
