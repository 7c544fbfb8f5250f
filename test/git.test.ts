import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readRevision } from '../src/sources/git.js';
import { cli, deployment, namespace, policy } from './helpers.js';

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
}

function write(repo: string, path: string, text: string): void {
  mkdirSync(dirname(join(repo, path)), { recursive: true });
  writeFileSync(join(repo, path), text);
}

let repo: string;
let baseSha: string;
let headSha: string;

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'reachdiff-git-'));
  git(repo, 'init', '-q', '-b', 'main');
  write(repo, 'k8s/shop/apps.yaml', namespace('shop') + deployment('shop', 'web', { app: 'web' }) + deployment('shop', 'db', { app: 'db' }));
  write(repo, 'k8s/shop/db-policy.yaml', policy('shop', 'db-in', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'api' } } }] }] }));
  write(repo, 'k8s/legacy/old.yaml', namespace('legacy') + deployment('legacy', 'old', { app: 'old' }));
  write(repo, 'docs/notes.md', 'not a manifest');
  write(repo, 'other/unrelated.yaml', deployment('other', 'x', { app: 'x' }));
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'base');
  baseSha = git(repo, 'rev-parse', 'HEAD').trim();
  // head: a rename, a deleted file, a new namespace with a workload, and a policy edit
  git(repo, 'checkout', '-q', '-b', 'feature');
  renameSync(join(repo, 'k8s/shop/db-policy.yaml'), join(repo, 'k8s/shop/policies.yaml'));
  write(repo, 'k8s/shop/policies.yaml', policy('shop', 'db-in', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] }));
  rmSync(join(repo, 'k8s/legacy/old.yaml'));
  write(repo, 'k8s/payments/api.yaml', namespace('payments') + deployment('payments', 'api', { app: 'api' }));
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'head');
  headSha = git(repo, 'rev-parse', 'HEAD').trim();
  // the work tree now differs from both revisions, and stays untouched
  write(repo, 'k8s/shop/apps.yaml', 'kind: [broken\n');
});

describe('diff --git', () => {
  it('reads each revision from the object database, not the work tree', async () => {
    const files = await readRevision(repo, 'main');
    expect(files.map((f) => f.path)).toEqual(['k8s/legacy/old.yaml', 'k8s/shop/apps.yaml', 'k8s/shop/db-policy.yaml', 'other/unrelated.yaml']);
    const apps = files.find((f) => f.path === 'k8s/shop/apps.yaml')!;
    expect('text' in apps && apps.text).toContain('name: web');
  });

  it('compares two revisions: rename, deletion, new namespace, edited policy', async () => {
    const r = await cli(['diff', '--git', '--repo', repo, '--base-ref', 'main', '--head-ref', 'feature', 'k8s']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines).toContain('diff-type: added, source: shop/web[Deployment], destination: shop/db[Deployment], ref1: No Connections, ref2: All Connections');
    expect(lines.some((l) => l.includes('workload payments/api[Deployment] added'))).toBe(true);
    expect(lines.some((l) => l.includes('workload legacy/old[Deployment] removed'))).toBe(true);
    // the rename alone changes nothing: no line mentions the file
    expect(r.stdout).not.toContain('db-policy.yaml');
    expect(r.stdout).not.toContain('other/x');
    // nothing but foot-gun warnings: the broken file of the work tree is never read
    expect(r.stderr.split('\n').filter((l) => l !== '' && !/^head: .*: warning: .* \[RD1\d\d\]$/.test(l) && !/^reachdiff: \d+ warnings? already present at base/.test(l) && !/^reachdiff: \d+ paths? opened, \d+ closed, \d+ changed$/.test(l))).toEqual([]);
    expect(readFileSync(join(repo, 'k8s/shop/apps.yaml'), 'utf8')).toBe('kind: [broken\n');
    expect(git(repo, 'status', '--porcelain')).toBe(' M k8s/shop/apps.yaml\n');
  });

  it('explains with paths of the revision', async () => {
    const r = await cli(['diff', '--git', '--repo', repo, '--base-ref', baseSha, '--head-ref', headSha, '--explain', 'k8s/shop']);
    expect(r.stdout).toContain('cause: shop/db-in ingress rule 0 was edited (k8s/shop/policies.yaml:6)');
    expect(r.stdout).toContain('base: ingress of shop/db[Deployment]: isolated by shop/db-in; no rule allows it');
  });

  it('path filters select files and directories', async () => {
    const files = await readRevision(repo, 'feature', ['k8s/payments', 'other/unrelated.yaml']);
    expect(files.map((f) => f.path)).toEqual(['k8s/payments/api.yaml', 'other/unrelated.yaml']);
  });

  it('an unknown revision is an error, exit 2', async () => {
    const r = await cli(['diff', '--git', '--repo', repo, '--base-ref', 'no-such-branch']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown revision "no-such-branch"/);
  });

  it('says where the directory is not a git repository, and where a shallow clone lacks the base (CI checkouts often are)', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'reachdiff-nogit-'));
    const none = await cli(['diff', '--git', '--repo', plain]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe(`reachdiff: ${plain} is not a git repository (give --repo DIR)\n`);
    const shallow = join(mkdtempSync(join(tmpdir(), 'reachdiff-shallow-')), 'clone');
    execFileSync('git', ['clone', '-q', '--depth', '1', '--branch', 'feature', `file://${repo}`, shallow]);
    const r = await cli(['diff', '--git', '--repo', shallow, '--base-ref', baseSha]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown revision "[0-9a-f]{40}" in .*: the clone is shallow, so older commits are not in it \(fetch them: git fetch --unshallow, or fetch-depth: 0 with actions\/checkout\)/);
  });
});

describe('values given to git are never options', () => {
  it('a revision such as --upload-pack=... is a revision to git, so it runs nothing', async () => {
    const { ensureCommit, resolveRevision } = await import('../src/sources/git.js');
    const mark = join(mkdtempSync(join(tmpdir(), 'reachdiff-inject-')), 'owned');
    expect(await ensureCommit(repo, `--upload-pack=touch ${mark}`)).toBe(false);
    await expect(resolveRevision(repo, `--output=${mark}`)).rejects.toThrow(/unknown revision/);
    expect(existsSync(mark)).toBe(false);
  });
});
