import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from './helpers.js';

const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as Record<string, unknown> & { bin: Record<string, string>; files: string[]; version: string };

function npm(args: string[], cwd: string) {
  // no network: everything comes from the tarball and the local cache
  return spawnSync('npm', [...args, '--no-audit', '--no-fund', '--no-update-notifier'], { cwd, encoding: 'utf8', timeout: 120_000, env: { ...process.env, npm_config_offline: 'true' } });
}

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});

describe('the npm package', () => {
  it('is publishable: not private, with files, bin, engines, licence and repository', () => {
    expect(pkg['private']).toBeUndefined();
    expect(pkg['license']).toBe('Apache-2.0');
    expect(pkg['repository']).toEqual({ type: 'git', url: 'git+https://github.com/reachdiff/reachdiff.git' });
    expect(pkg['engines']).toEqual({ node: '>=20' });
    expect(pkg.bin).toEqual({ reachdiff: 'dist/cli.js' });
    expect(readFileSync(join(REPO, 'dist', 'cli.js'), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    // dist/cli.js bundles what it uses: installing it fetches nothing else
    expect(pkg['dependencies']).toBeUndefined();
  });

  it('npm pack --dry-run: what a release would publish is the CLI bundle, the schemas, the licence and the README', () => {
    const r = npm(['pack', '--dry-run', '--json'], REPO);
    expect(r.status, r.stderr).toBe(0);
    const [packed] = JSON.parse(r.stdout) as Array<{ name: string; version: string; files: Array<{ path: string }> }>;
    expect(packed!.name).toBe('reachdiff');
    expect(packed!.version).toBe(pkg.version);
    expect(packed!.files.map((f) => f.path).sort()).toEqual([
      'LICENSE',
      'README.md',
      'dist/cli.js',
      'package.json',
      'schema/action-report.schema.json',
      'schema/config.schema.json',
      'schema/lint.schema.json',
      'schema/list.schema.json',
      'schema/report.schema.json',
    ]);
  });

  it('installed from its tarball in an empty project, `reachdiff` and `npx reachdiff` run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reachdiff-pack-'));
    temps.push(dir);
    const packed = npm(['pack', '--json', '--pack-destination', dir], REPO);
    expect(packed.status, packed.stderr).toBe(0);
    const tarball = join(dir, (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0]!.filename);
    const project = join(dir, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), '{ "name": "uses-reachdiff", "private": true }\n');
    const installed = npm(['install', '--offline', tarball], project);
    if (installed.status !== 0 && /ENOTCACHED|ENOTFOUND|EAI_AGAIN/.test(installed.stderr)) {
      console.log(`package.test.ts: skipped the install: npm could not install the tarball offline (${installed.stderr.split('\n')[0]})`);
      return;
    }
    expect(installed.status, installed.stderr).toBe(0);
    const bin = join(project, 'node_modules', '.bin', 'reachdiff');
    const help = spawnSync(bin, ['--help'], { cwd: project, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: reachdiff <command> [options]');
    expect(spawnSync(bin, ['--version'], { cwd: project, encoding: 'utf8' }).stdout).toBe(`reachdiff ${pkg.version}\n`);
    const list = spawnSync('npx', ['--offline', '--no-install', 'reachdiff', 'list', join(REPO, 'fixtures', 'demo')], { cwd: project, encoding: 'utf8', timeout: 60_000 });
    expect(list.status, list.stderr).toBe(0);
    expect(list.stdout).toContain('staging/backend[Deployment] => staging/db[StatefulSet] : TCP 5432');
  }, 180_000);
});

describe('the release workflow', () => {
  const workflow = parse(readFileSync(join(REPO, '.github', 'workflows', 'release.yml'), 'utf8')) as {
    on: { push: { tags: string[] } };
    permissions: Record<string, string>;
    jobs: { release: { steps: Array<{ run?: string; uses?: string }> } };
  };
  const runs = workflow.jobs.release.steps.map((s) => s.run ?? '').join('\n');

  it('runs on version tags, tests, then publishes with provenance', () => {
    expect(workflow.on.push.tags).toEqual(['v[0-9]+.[0-9]+.[0-9]+']);
    expect(workflow.permissions).toEqual({ contents: 'write', 'id-token': 'write' });
    expect(runs.indexOf('npm test')).toBeGreaterThan(-1);
    expect(runs.indexOf('npm test')).toBeLessThan(runs.indexOf('npm publish'));
    expect(runs).toContain('npm publish --provenance --access public');
    expect(runs).toContain(`test "$GITHUB_REF_NAME" = "v$(node -p 'require("./package.json").version')"`);
  });

  it("moves the action's major tag to the release", () => {
    expect(runs).toContain('major="${GITHUB_REF_NAME%%.*}"');
    expect(runs).toContain('git tag -f "$major" "$GITHUB_SHA"');
    expect(runs).toContain('git push -f origin "refs/tags/$major"');
  });
});
