import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers.js';

describe('reachdiff list', () => {
  it('prints the demo matrix in the connectivity-list format', async () => {
    const r = await cli(['list', 'fixtures/demo']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('staging/backend[Deployment] => staging/db[StatefulSet] : TCP 5432\n');
    expect(r.stdout).toContain('staging/frontend[Deployment] => staging/backend[Deployment] : TCP 80\n');
    expect(r.stdout).not.toContain('staging/frontend[Deployment] => staging/db');
    expect(r.stderr).toBe('');
  });

  it('writes csv with quoted connection lists', async () => {
    const r = await cli(['list', 'fixtures/demo', '--format', 'csv']);
    expect(r.stdout.split('\n')[0]).toBe('src,dst,conn');
    expect(r.stdout).toContain('staging/backend[Deployment],staging/db[StatefulSet],TCP 5432\n');
  });

  it('writes a markdown table', async () => {
    const r = await cli(['list', 'fixtures/demo', '--format', 'md']);
    expect(r.stdout.startsWith('| Source | Destination | Connections |\n| --- | --- | --- |\n')).toBe(true);
  });

  it('writes versioned json with structured ports', async () => {
    const r = await cli(['list', 'fixtures/demo', '--format', 'json']);
    const doc = JSON.parse(r.stdout);
    expect(doc.version).toBe(1);
    expect(doc.workloads.map((w: { id: string }) => w.id)).toContain('staging/db[StatefulSet]');
    expect(doc.connections).toContainEqual({
      src: 'staging/backend[Deployment]',
      dst: 'staging/db[StatefulSet]',
      conn: 'TCP 5432',
      ports: { TCP: [[5432, 5432]] },
    });
    expect(doc.externalRanges.sources).toEqual([{ first: '0.0.0.0', last: '255.255.255.255' }]);
    expect(doc.ignoredKinds).toEqual({ Service: 1 });
  });

  it('exits 2 on an unknown format', async () => {
    const r = await cli(['list', 'fixtures/demo', '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--format must be one of txt, json, csv, md/);
  });

  it('exits 2 on a missing path', async () => {
    const r = await cli(['list', 'no/such/dir']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no such file or directory: no\/such\/dir/);
  });

  it('exits 2 without paths, and on an unknown command or option', async () => {
    expect((await cli(['list'])).code).toBe(2);
    expect((await cli(['frobnicate'])).code).toBe(2);
    expect((await cli(['list', 'fixtures/demo', '--colour'])).code).toBe(2);
  });

  it('exits 2 when nothing could be loaded, after reporting why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reachdiff-'));
    writeFileSync(join(dir, 'broken.yaml'), 'kind: [unclosed\n');
    const r = await cli(['list', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken\.yaml:1: error: YAML syntax/);
    expect(r.stderr).toMatch(/nothing to analyse/);
  });

  it('reports diagnostics on stderr and still prints the matrix', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reachdiff-'));
    writeFileSync(
      join(dir, 'pods.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: c, image: i}]}\n---\nkind: [\n',
    );
    const r = await cli(['list', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/pods\.yaml:6: error: YAML syntax/);
    expect(r.stdout).toContain('default/a[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections');
  });

  it('prints help and version', async () => {
    expect((await cli(['--help'])).stdout).toMatch(/Usage: reachdiff <command>/);
    expect((await cli(['list', '--help'])).stdout).toMatch(/--format FORMAT/);
    expect((await cli(['--version'])).stdout).toMatch(/^reachdiff \d+\.\d+\.\d+\n$/);
  });
});
