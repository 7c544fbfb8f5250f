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
export async function withCheckout<T>(repo: string, ref: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const commit = await resolveRevision(repo, ref);
  const parent = mkdtempSync(join(tmpdir(), 'reachdiff-checkout-'));
  const dir = join(parent, 'tree');
  try {
    await run('git', ['-C', repo, 'worktree', 'add', '--detach', '--quiet', dir, commit]);
  } catch (e) {
    rmSync(parent, { recursive: true, force: true });
    throw new GitError(`cannot check out ${ref}: ${((e as { stderr?: string }).stderr ?? String(e)).trim()}`);
  }
  try {
    return await fn(dir);
  } finally {
    await run('git', ['-C', repo, 'worktree', 'remove', '--force', dir]).catch(() => undefined);
    rmSync(parent, { recursive: true, force: true });
    await run('git', ['-C', repo, 'worktree', 'prune']).catch(() => undefined);
  }
}
