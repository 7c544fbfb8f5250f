import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/check/config.js';
import { directorySnapshot } from '../src/sources/snapshot.js';
import { RenderError, targetFiles } from '../src/sources/targets.js';
import { cli, deployment, FIXTURES, namespace, policy } from './helpers.js';

const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
const git = (repo: string, ...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', env });

const CONFIG = `targets:
  - name: prod
    render: node assemble.mjs overlays/prod
  - name: staging
    render: node assemble.mjs overlays/staging
  - name: raw
    paths: ["plain/{workloads,policies}.yaml"]
invariants:
  - name: frontend never reaches db in prod
    targets: [prod]
    never: { from: { labels: { app: frontend } }, to: { labels: { app: db } } }
  - name: backend reaches db
    always: { from: { labels: { app: backend } }, to: { labels: { app: db } }, ports: [TCP/5432] }
`;

let repo: string;
let config: string;

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'reachdiff-targets-'));
  cpSync(join(FIXTURES, 'kustomize'), repo, { recursive: true });
  // the raw target's files, in a directory that is no Kustomize root (files in one go through its build)
  cpSync(join(repo, 'base'), join(repo, 'plain'), { recursive: true, filter: (f) => !f.endsWith('kustomization.yaml') });
  config = join(repo, '.github', 'reachdiff.yml');
  execFileSync('mkdir', ['-p', join(repo, '.github')]);
  writeFileSync(config, CONFIG);
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'base');
  git(repo, 'checkout', '-q', '-b', 'feature');
  // head: the backend takes traffic from every pod of its namespace; staging drops its debug access
  for (const dir of ['base', 'plain']) {
    const policies = join(repo, dir, 'policies.yaml');
    writeFileSync(policies, readFileSync(policies, 'utf8').replace('        - podSelector:\n            matchLabels: { app: frontend }\n      ports:\n        - { port: http }', '        - podSelector: {}\n      ports:\n        - { port: http }'));
  }
  writeFileSync(join(repo, 'overlays', 'staging', 'kustomization.yaml'), 'namespace: shop-staging\nresources:\n  - ../../base\n  - namespace.yaml\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'head');
  // a branch whose staging overlay no longer builds
  git(repo, 'checkout', '-q', '-b', 'broken');
  writeFileSync(join(repo, 'overlays', 'staging', 'kustomization.yaml'), 'namespace: shop-staging\nresources:\n  - ../../base\n  - missing.yaml\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'broken');
  git(repo, 'checkout', '-q', 'feature');
});

const diff = (...args: string[]) => cli(['diff', '--git', '--repo', repo, '--base-ref', 'main', '--config', config, ...args]);

describe('targets', () => {
  it('each target is rendered at each revision and diffed on its own', async () => {
    const prod = await diff('--head-ref', 'feature', '--target', 'prod');
    expect(prod.stdout.split('\n').filter((l) => l.startsWith('diff-type'))).toEqual([
      'diff-type: added, source: shop-prod/db[Deployment], destination: shop-prod/backend[Deployment], ref1: No Connections, ref2: TCP 8080',
    ]);
    const staging = await diff('--head-ref', 'feature', '--target', 'staging');
    expect(staging.stdout.split('\n').filter((l) => l.startsWith('diff-type'))).toEqual([
      'diff-type: added, source: shop-staging/db[Deployment], destination: shop-staging/backend[Deployment], ref1: No Connections, ref2: TCP 8080',
      'diff-type: removed, source: shop-staging/frontend[Deployment], destination: shop-staging/db[Deployment], ref1: TCP 5432, ref2: No Connections',
    ]);
  });

  it('explanations point into the rendered stream of the target', async () => {
    const r = await diff('--head-ref', 'feature', '--target', 'staging', '--explain');
    expect(r.stdout).toContain('cause: shop-staging/backend-from-frontend ingress rule 0 was edited (render:staging:');
    expect(r.stdout).toContain('cause: policy shop-staging/db-from-frontend-debug was deleted');
  });

  it('invariants apply to their targets only', async () => {
    const prod = await diff('--head-ref', 'feature', '--target', 'prod', '--format', 'json');
    expect(JSON.parse(prod.stdout).invariants.map((i: { name: string; status: string }) => [i.name, i.status])).toEqual([
      ['frontend never reaches db in prod', 'holds'],
      ['backend reaches db', 'holds'],
    ]);
    const staging = await diff('--head-ref', 'feature', '--target', 'staging', '--format', 'json');
    expect(JSON.parse(staging.stdout).invariants.map((i: { name: string }) => i.name)).toEqual(['backend reaches db']);
  });

  it('a paths target reads the files its globs match', async () => {
    const r = await diff('--head-ref', 'feature', '--target', 'raw');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('diff-type: added, source: default/db[Deployment], destination: default/backend[Deployment]');
    // the backend now takes traffic from every pod of its namespace, its own replicas too (RD111)
    expect(r.stderr).toBe(
      "head: plain/workloads.yaml:18: warning: the change opens TCP 8080 between pods of default/backend[Deployment] (its replicas): a workload's connections to itself are not listed, so no diff line shows this [RD111]\nreachdiff: 1 path opened, 0 closed, 0 changed\n",
    );
  });

  it("a target's namespace is where its objects that name none go (helm install -n, kubectl apply -n, a GitOps destination)", async () => {
    const withNamespace = join(repo, '.github', 'namespaced.yml');
    writeFileSync(withNamespace, CONFIG.replace('  - name: raw\n', '  - name: raw\n    namespace: shop-raw\n'));
    const r = await cli(['diff', '--git', '--repo', repo, '--base-ref', 'main', '--config', withNamespace, '--head-ref', 'feature', '--target', 'raw']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('diff-type: added, source: shop-raw/db[Deployment], destination: shop-raw/backend[Deployment]');
    writeFileSync(withNamespace, CONFIG.replace('  - name: raw\n', '  - name: raw\n    namespace: Shop\n'));
    const bad = await cli(['diff', '--git', '--repo', repo, '--base-ref', 'main', '--config', withNamespace, '--head-ref', 'feature', '--target', 'raw']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/targets\[2\]\.namespace must be a namespace name/);
  });

  it("a glob of a paths target that matches no file fails the diff, naming it, in two directories as in two revisions", async () => {
    const typo = join(repo, '.github', 'typo.yml');
    writeFileSync(typo, CONFIG.replace('paths: ["plain/{workloads,policies}.yaml"]', 'paths: ["plain/{workloads,policies}.yaml", "plain/polices.yaml"]'));
    const git = await cli(['diff', '--git', '--repo', repo, '--base-ref', 'main', '--config', typo, '--head-ref', 'feature', '--target', 'raw']);
    expect(git.code).toBe(2);
    expect(git.stderr).toContain('reachdiff: target raw: path plain/polices.yaml matches no file at main or at feature: nothing was read there');
    // the globs of a target in two directories are relative to each
    writeFileSync(typo, CONFIG.replace('paths: ["plain/{workloads,policies}.yaml"]', 'paths: ["{workloads,policies}.yaml", "polices.yaml"]'));
    const dirs = await cli(['diff', join(repo, 'plain'), join(repo, 'plain'), '--config', typo, '--target', 'raw']);
    expect(dirs.code).toBe(2);
    expect(dirs.stderr).toContain('reachdiff: target raw: path polices.yaml matches no file at');
    writeFileSync(typo, CONFIG.replace('paths: ["plain/{workloads,policies}.yaml"]', 'paths: ["{workloads,policies}.yaml"]'));
    expect((await cli(['diff', join(repo, 'plain'), join(repo, 'plain'), '--config', typo, '--target', 'raw'])).code).toBe(0);
  });

  it('a render that fails at one revision is an error naming the target, the revision, the status and the stderr tail', async () => {
    const r = await diff('--head-ref', 'broken', '--target', 'staging');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^reachdiff: target staging: the render command at broken exited with status 1; its stderr ends with:\n/);
    expect(r.stderr).toMatch(/ENOENT.*missing\.yaml/);
    // the other target still renders at that revision
    expect((await diff('--head-ref', 'broken', '--target', 'prod')).code).toBe(0);
  });

  it('--render diffs the output of any command', async () => {
    const r = await cli(['diff', '--git', '--repo', repo, '--base-ref', 'main', '--head-ref', 'feature', '--render', 'node assemble.mjs overlays/prod']);
    expect(r.stdout).toContain('diff-type: added, source: shop-prod/db[Deployment], destination: shop-prod/backend[Deployment]');
  });

  it('a render that hangs is stopped at the time limit', async () => {
    const started = Date.now();
    const r = await cli(['diff', '--git', '--repo', repo, '--head-ref', 'feature', '--render', 'sleep 60', '--render-timeout', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the render command "sleep 60" at (main|feature) did not finish within 1 s and was stopped/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('list, check and lint take --render-timeout too', async () => {
    for (const command of ['list', 'check', 'lint']) {
      const started = Date.now();
      const r = await cli([command, '--render', 'sleep 60', '--render-timeout', '0.5', ...(command === 'check' ? ['--config', config] : [])]);
      expect(r.code, command).toBe(2);
      expect(r.stderr, command).toMatch(/the render command "sleep 60".* did not finish within 500 ms and was stopped/);
      expect(Date.now() - started).toBeLessThan(10_000);
    }
    const bad = await cli(['list', '--render', 'true', '--render-timeout', 'soon']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--render-timeout takes a number of seconds/);
    // past what Node's timers hold, a timeout would fire at once: refused, as is Infinity
    for (const big of ['3000000', 'Infinity']) {
      const r = await cli(['list', '--render', 'true', '--render-timeout', big]);
      expect(r.code, big).toBe(2);
      expect(r.stderr, big).toMatch(/--render-timeout takes a number of seconds, above 0 and at most 86400/);
    }
  });

  it('a render that prints a gigabyte is stopped at the size limit', async () => {
    const target = parseConfig('targets:\n  - name: big\n    render: head -c 1000000000 /dev/zero\n', 'c.yml').targets[0]!;
    const started = Date.now();
    await expect(targetFiles(target, directorySnapshot([repo], repo, { maxFileBytes: 16 << 20 }), { timeoutMs: 60_000, maxStdoutBytes: 16 << 20, stderrTailBytes: 1000 })).rejects.toThrow(RenderError);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('without --target, invariants that name targets are said not to be checked; if all do, there is nothing to check', async () => {
    const mixed = await diff('--head-ref', 'feature', 'base');
    expect(mixed.stderr).toContain('reachdiff: 1 of the 2 invariants of');
    expect(mixed.stderr).toContain('name targets (prod) and are not checked here; give --target NAME to check them');
    expect(mixed.stdout).toContain('backend reaches db');
    expect(mixed.stdout).not.toContain('frontend never reaches db in prod');
    const onlyTargeted = join(repo, 'only-targeted.yml');
    writeFileSync(onlyTargeted, CONFIG.replace(/ {2}- name: backend reaches db\n.*\n$/, ''));
    const r = await cli(['diff', '--git', '--repo', repo, '--base-ref', 'main', '--head-ref', 'feature', '--config', onlyTargeted, 'base']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/only-targeted\.yml declares no invariant to check without a target \(its invariants name targets: prod\): give --target NAME/);
  });

  it('the target must exist in the config', async () => {
    const r = await diff('--target', 'qa');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no target "qa" in .*reachdiff\.yml \(targets: prod, staging, raw\)/);
  });
});

let kubectl = false;
try {
  execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
  kubectl = true;
} catch {
  console.log('targets: kubectl not found; the test with a real kustomize build is skipped');
}

describe.skipIf(!kubectl)('targets rendered by a real kustomize', () => {
  it('kubectl kustomize builds the same reachability as the fixture assembler', async () => {
    const real = await cli(['diff', '--git', '--repo', repo, '--base-ref', 'main', '--head-ref', 'feature', '--render', 'kubectl kustomize overlays/staging']);
    const assembled = await cli(['diff', '--git', '--repo', repo, '--base-ref', 'main', '--head-ref', 'feature', '--render', 'node assemble.mjs overlays/staging']);
    expect(real.code).toBe(0);
    expect(real.stdout).toBe(assembled.stdout);
    expect(real.stdout).toContain('diff-type: removed, source: shop-staging/frontend[Deployment], destination: shop-staging/db[Deployment]');
  });
});

/**
 * README, "Rendered manifests and environments": `diff --git --render CMD`
 * runs CMD where `list --render` would, in the current directory's place
 * in each revision's checkout; a revision without that directory fails the
 * diff rather than render another tree.
 */
describe('diff --git --render runs the command where the current directory is in the repository', () => {
  const APPS = namespace('shop') + deployment('shop', 'frontend', { app: 'frontend' }) + deployment('shop', 'db', { app: 'db' }) + policy('shop', 'deny', { podSelector: {}, policyTypes: ['Ingress'] });
  const ALLOW = policy('shop', 'allow-all', { podSelector: {}, ingress: [{}] });
  let tree: string;

  beforeAll(() => {
    tree = mkdtempSync(join(tmpdir(), 'reachdiff-render-cwd-'));
    execFileSync('mkdir', ['-p', join(tree, 'overlays', 'prod')]);
    writeFileSync(join(tree, 'all.yaml'), APPS);
    writeFileSync(join(tree, 'overlays', 'prod', 'apps.yaml'), APPS);
    git(tree, 'init', '-q', '-b', 'main');
    git(tree, 'add', '-A');
    git(tree, 'commit', '-qm', 'base');
    git(tree, 'checkout', '-q', '-b', 'feature');
    writeFileSync(join(tree, 'overlays', 'prod', 'allow.yaml'), ALLOW);
    execFileSync('mkdir', ['-p', join(tree, 'overlays', 'new')]);
    writeFileSync(join(tree, 'overlays', 'new', 'apps.yaml'), APPS);
    git(tree, 'add', '-A');
    git(tree, 'commit', '-qm', 'prod allows all');
  });

  it('from overlays/prod, the overlay of each revision is rendered, not the root', async () => {
    const r = await cli(['diff', '--git', '--base-ref', 'main', '--head-ref', 'feature', '--render', 'cat *.yaml'], join(tree, 'overlays', 'prod'));
    expect(r.stdout).toContain('diff-type: added, source: shop/frontend[Deployment], destination: shop/db[Deployment]');
    // from the root, the root's files: nothing changed there
    const root = await cli(['diff', '--git', '--base-ref', 'main', '--head-ref', 'feature', '--render', 'cat *.yaml'], tree);
    expect(root.stderr).toContain('reachdiff: no reachability change');
    expect(root.code).toBe(0);
  });

  it('a revision that does not hold the directory fails the diff, naming it', async () => {
    const r = await cli(['diff', '--git', '--base-ref', 'main', '--head-ref', 'feature', '--render', 'cat *.yaml'], join(tree, 'overlays', 'new'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('reachdiff: the render command "cat *.yaml" at main cannot run in overlays/new, where it is run from: that directory is not there');
  });
});
