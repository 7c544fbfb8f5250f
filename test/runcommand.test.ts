import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withCheckout } from '../src/sources/checkout.js';
import { runCommand } from '../src/sources/runcommand.js';

const limits = { timeoutMs: 10_000, maxStdoutBytes: 1 << 20, stderrTailBytes: 200 };

describe('runCommand', () => {
  it('returns stdout of a command that succeeds', async () => {
    const r = await runCommand('printf "kind: Namespace\\n"; echo note >&2', tmpdir(), limits);
    expect(r).toEqual({ ok: true, stdout: 'kind: Namespace\n', stderrTail: 'note\n' });
  });

  it('a failing command gives its exit status and the tail of stderr', async () => {
    const r = await runCommand('for i in $(seq 1 500); do echo "line $i" >&2; done; exit 3', tmpdir(), limits);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reason).toBe('exited with status 3');
    expect(r.stderrTail.length).toBeLessThanOrEqual(200);
    expect(r.stderrTail.endsWith('line 500\n')).toBe(true);
  });

  it('a command that hangs is stopped at the time limit, with what it started', async () => {
    const marker = join(mkdtempSync(join(tmpdir(), 'reachdiff-run-')), 'late');
    const started = Date.now();
    const r = await runCommand(`(sleep 2; touch ${marker}) & sleep 60`, tmpdir(), { ...limits, timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(r.ok === false && r.reason).toBe('did not finish within 300 ms and was stopped');
    await new Promise((res) => setTimeout(res, 2500));
    expect(existsSync(marker), 'the background child was killed with the group').toBe(false);
  });

  // a daemon of its own session (setsid) is out of the group's reach and keeps the shell's output open
  it.skipIf(spawnSync('setsid', ['--version']).error !== undefined)('a command whose grandchild left its group and holds the output open is stopped at the time limit too', async () => {
    const started = Date.now();
    const r = await runCommand('setsid sleep 8 & sleep 60', tmpdir(), { ...limits, timeoutMs: 300 });
    expect(r.ok === false && r.reason).toBe('did not finish within 300 ms and was stopped');
    expect(Date.now() - started).toBeLessThan(5000);
    // one that ends with such a grandchild still running is stopped at the limit, not left waiting for it
    const exited = Date.now();
    const done = await runCommand('setsid sleep 8 & echo kind: x', tmpdir(), { ...limits, timeoutMs: 300 });
    expect(done.ok === false && done.reason).toBe('did not finish within 300 ms and was stopped');
    expect(Date.now() - exited).toBeLessThan(5000);
  });

  it('a command that prints a gigabyte is stopped at the output limit', async () => {
    const before = process.memoryUsage().rss;
    const started = Date.now();
    const r = await runCommand('head -c 1000000000 /dev/zero', tmpdir(), limits);
    expect(r.ok === false && r.reason).toBe('printed more than 1048576 bytes and was stopped');
    expect(Date.now() - started).toBeLessThan(5000);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 << 20);
  });

  it('a command that cannot start says so', async () => {
    const r = await runCommand('true', '/no/such/dir', limits);
    expect(r.ok).toBe(false);
  });
});

describe('withCheckout', () => {
  it('gives a temporary tree of the revision and removes it after', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'reachdiff-co-'));
    const git = (...a: string[]) => execFileSync('git', ['-C', repo, ...a], { encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
    git('init', '-q', '-b', 'main');
    writeFileSync(join(repo, 'a.txt'), 'one');
    git('add', '-A');
    git('commit', '-qm', 'one');
    writeFileSync(join(repo, 'a.txt'), 'two, not committed');
    let seen = '';
    let dir = '';
    await withCheckout(repo, 'main', async (d) => {
      dir = d;
      seen = execFileSync('cat', [join(d, 'a.txt')], { encoding: 'utf8' });
    });
    expect(seen).toBe('one');
    expect(existsSync(dir)).toBe(false);
    expect(git('worktree', 'list').trim().split('\n')).toHaveLength(1);
    expect(git('status', '--porcelain')).toBe(' M a.txt\n');
  });
});
