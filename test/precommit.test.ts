import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from './helpers.js';

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  pass_filenames: boolean;
}

const hooks = parse(readFileSync(join(REPO, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
const hook = (id: string) => hooks.find((h) => h.id === id)!;

/** Runs a hook as pre-commit does: its entry, then its args, then (where it takes them) the changed files; `reachdiff` is the package's bin. */
function runHook(h: Hook, args: string[], changed: string[], cwd: string) {
  const [bin, ...entry] = h.entry.split(' ');
  expect(bin).toBe('reachdiff');
  const argv = [...entry, ...args, ...(h.pass_filenames ? changed.filter((f) => new RegExp(h.files).test(f)) : [])];
  return spawnSync(process.execPath, [join(REPO, 'dist', 'cli.js'), ...argv], { cwd, encoding: 'utf8' });
}

const repo = mkdtempSync(join(tmpdir(), 'reachdiff-hook-'));
afterAll(() => rmSync(repo, { recursive: true, force: true }));

describe('.pre-commit-hooks.yaml', () => {
  it('declares the hooks as node hooks of the package bin', () => {
    expect(hooks.map((h) => h.id)).toEqual(['reachdiff-lint', 'reachdiff-check']);
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { bin: Record<string, string> };
    for (const h of hooks) {
      expect(h.language).toBe('node');
      expect(Object.keys(pkg.bin)).toContain(h.entry.split(' ')[0]);
      for (const f of ['k8s/a.yaml', 'k8s/b.yml', 'k8s/c.json']) expect(new RegExp(h.files).test(f)).toBe(true);
      expect(new RegExp(h.files).test('src/main.ts')).toBe(false);
    }
  });

  it('reachdiff-lint fails on a warning in a changed manifest, judged against the whole state', () => {
    mkdirSync(join(repo, 'k8s'));
    copyFileSync(join(REPO, 'fixtures', 'lint', 'RD104', 'trap.yaml'), join(repo, 'k8s', 'shop.yaml'));
    const failed = runHook(hook('reachdiff-lint'), ['--context', 'k8s'], ['k8s/shop.yaml', 'README.md'], repo);
    expect(failed.status).toBe(1);
    expect(failed.stdout).toMatch(/^k8s\/shop\.yaml:28: warning: .* \[RD104\]$/m);
    copyFileSync(join(REPO, 'fixtures', 'lint', 'RD104', 'correct.yaml'), join(repo, 'k8s', 'shop.yaml'));
    const passed = runHook(hook('reachdiff-lint'), ['--context', 'k8s'], ['k8s/shop.yaml'], repo);
    expect(passed.stderr).toBe('');
    expect(passed.stdout).toBe('');
    expect(passed.status).toBe(0);
  });

  it('reachdiff-lint reports only the changed files: warnings elsewhere in the state are left to their own commits', () => {
    copyFileSync(join(REPO, 'fixtures', 'lint', 'RD104', 'trap.yaml'), join(repo, 'k8s', 'shop.yaml'));
    const r = runHook(hook('reachdiff-lint'), ['--context', 'k8s'], ['k8s/other.yaml'], repo);
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  });

  it('reachdiff-check fails when an invariant of the config breaks', () => {
    const config = join(REPO, 'fixtures', 'demo-invariants.yml');
    const broken = runHook(hook('reachdiff-check'), ['--config', config, join(REPO, 'fixtures', 'demo-pr')], ['k8s/shop.yaml'], repo);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain('FAIL violated: frontend must never reach db');
    const fine = runHook(hook('reachdiff-check'), ['--config', config, join(REPO, 'fixtures', 'demo')], ['k8s/shop.yaml'], repo);
    expect(fine.status).toBe(0);
  });
});
