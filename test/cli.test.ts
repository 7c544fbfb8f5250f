import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, deployment, policy } from './helpers.js';

describe('reachdiff list', () => {
  it('prints the demo matrix in the connectivity-list format', async () => {
    const r = await cli(['list', 'fixtures/demo']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('staging/backend[Deployment] => staging/db[StatefulSet] : TCP 5432\n');
    expect(r.stdout).toContain('staging/frontend[Deployment] => staging/backend[Deployment] : TCP 80\n');
    expect(r.stdout).not.toContain('staging/frontend[Deployment] => staging/db');
    // stdout stays np-guard's format; the summary is for people
    expect(r.stderr).toBe('reachdiff: 19 connected pairs among 4 workloads in 2 namespaces and 3 external ranges (IPv4 only: nothing names IPv6; --ip-family dual for a dual-stack cluster)\n');
  });

  it('--format grouped writes a namespace whose every workload gets the same connections once, as ns/*', async () => {
    const r = await cli(['list', 'fixtures/demo', '--format', 'grouped']);
    const out = r.stdout.split('\n');
    const at = out.indexOf('admin/toolbox[Deployment] =>');
    expect(out[at + 1]).toBe('  All Connections: 0.0.0.0-169.254.169.253[External], 169.254.169.255-255.255.255.255[External], staging/* (all 3 workloads)');
    expect(out[0]).toBe('19 connected pairs among 4 workloads in 2 namespaces and 3 external ranges');
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
    expect(doc.ipFamilies).toEqual(['ipv4']);
    expect(doc.externalRanges.sources).toEqual([{ family: 'ipv4', first: '0.0.0.0', last: '255.255.255.255' }]);
    // Services are read: traffic through Ingress objects reaches the pods behind them
    expect(doc.ignoredKinds).toEqual({});
  });

  it('exits 2 on an unknown format', async () => {
    const r = await cli(['list', 'fixtures/demo', '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--format must be one of txt, json, csv, md/);
  });

  it('the summary counts the manifests\' workloads, not the ingress controller that stands for traffic from outside', async () => {
    const r = await cli(['list', 'fixtures/exposure/pr', '--config', 'fixtures/exposure/config.yml']);
    expect(r.stdout).toContain('{ingress-controller} => shop/web[Deployment]');
    expect(r.stderr).toContain('reachdiff: 4 connected pairs among 2 workloads in 1 namespace and 1 external range');
  });

  it('exits 2 when --exposure or a focus goes with a graph format, which draws every workload', async () => {
    for (const extra of [['--exposure'], ['--focus-namespace', 'shop']]) {
      const r = await cli(['list', 'fixtures/exposure/pr', '--format', 'dot', ...extra]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--format dot draws every workload');
    }
    const d = await cli(['diff', 'fixtures/exposure/base', 'fixtures/exposure/pr', '--format', 'dot', '--exposure']);
    expect(d.code).toBe(2);
    expect(d.stderr).toContain('--format dot draws the changed paths');
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

describe('warnings on the command line', () => {
  const web = deployment('shop', 'web', { app: 'web' });
  const hostBits = policy('shop', 'from-office', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.1.2.3/16' } }] }] });
  const typo = policy('shop', 'typo', { podSelector: { matchLabels: { app: 'wbe' } }, ingress: [{}] });

  /** Writes a state's manifests into a fresh directory. */
  function state(text: string): string {
    const dir = mkdtempSync(join(tmpdir(), 'reachdiff-'));
    writeFileSync(join(dir, 'manifests.yaml'), text);
    return dir;
  }

  it('lint prints one warning per line on stdout and exits 0', async () => {
    const r = await cli(['lint', 'fixtures/lint/RD110/trap.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'fixtures/lint/RD110/trap.yaml:18: warning: NetworkPolicy shop/admin-from-office: ingress peer ipBlock cidr 10.1.2.3/16 has host bits set; it means 10.1.0.0/16, and from Kubernetes 1.36 the API server refuses the policy (StrictIPCIDRValidation): write 10.1.0.0/16 [RD110]\n',
    );
    expect(r.stderr).toBe('');
  });

  it('lint --format json gives the warnings with their objects', async () => {
    const doc = JSON.parse((await cli(['lint', 'fixtures/lint/RD109/trap.yaml', '--format', 'json'])).stdout);
    expect(doc).toMatchObject({ version: 1, kind: 'lint', silenced: 0, diagnostics: [] });
    expect(doc.warnings).toEqual([expect.objectContaining({ code: 'RD109', object: 'shop/cache', line: 11 })]);
  });

  it('lint exits 2 when a document could not be read: it went unchecked', async () => {
    const r = await cli(['lint', state(`${web}kind: [\n`)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/error: YAML syntax/);
  });

  it('the config ignore list silences by code or by object, and counts what it silenced', async () => {
    const dir = state(web + hostBits + typo);
    writeFileSync(join(dir, 'config.yml'), 'ignore:\n  - { code: RD103, object: shop/typo }\n');
    const r = await cli(['lint', join(dir, 'manifests.yaml'), '--config', join(dir, 'config.yml')]);
    expect(r.stdout).toMatch(/\[RD110\]\n$/);
    expect(r.stdout).not.toMatch(/RD103/);
    expect(r.stderr).toMatch(/1 warning silenced by the ignore list of /);
    writeFileSync(join(dir, 'config.yml'), 'ignore:\n  - { code: RD103, object: shop/other }\n');
    expect((await cli(['lint', join(dir, 'manifests.yaml'), '--config', join(dir, 'config.yml')])).stdout).toMatch(/RD103/);
  });

  it('list and check print warnings on stderr with the other diagnostics', async () => {
    const dir = state(web + typo);
    const list = await cli(['list', dir]);
    expect(list.code).toBe(0);
    expect(list.stderr).toMatch(/manifests\.yaml:\d+: warning: NetworkPolicy shop\/typo: spec\.podSelector app=wbe selects no workload of namespace shop: a typo\? \(workloads there carry its labels, but not with these values\) \[RD103\]/);
    writeFileSync(join(dir, 'config.yml'), 'invariants:\n  - name: web takes TCP 8080 from web\n    always: { from: { workload: shop/web }, to: { workload: shop/web }, ports: [TCP/8080] }\nignore:\n  - { code: RD103 }\n');
    const check = await cli(['check', join(dir, 'manifests.yaml'), '--config', join(dir, 'config.yml'), '--format', 'json']);
    expect(check.stderr).toBe("reachdiff: 1 warning silenced by the config's ignore list\n");
    expect(JSON.parse(check.stdout).warnings).toEqual({ introduced: [], existing: [], silenced: 1 });
  });

  it('diff tells warnings the change introduces from those base had, whatever their lines', async () => {
    const base = state(web + hostBits);
    const head = state(`# a comment moves every line\n${web}${hostBits}${typo}`);
    const json = JSON.parse((await cli(['diff', base, head, '--format', 'json'])).stdout);
    expect(json.warnings.introduced.map((w: { code: string; object: string }) => `${w.code} ${w.object}`)).toEqual(['RD103 shop/typo']);
    expect(json.warnings.existing.map((w: { code: string; object: string }) => `${w.code} ${w.object}`)).toEqual(['RD110 shop/from-office']);
    expect(json.warnings.silenced).toBe(0);

    const txt = await cli(['diff', base, head]);
    // stdout stays np-guard's connectivity-diff format: no path changed here, so nothing
    expect(txt.stdout).toBe('');
    // stderr: the introduced warning, and a count of those already at base
    expect(txt.stderr).toMatch(/^head: .*\[RD103\]$/m);
    expect(txt.stderr).not.toContain('[RD110]');
    expect(txt.stderr).toContain('reachdiff: 1 warning already present at base (reachdiff lint lists them)');

    const md = (await cli(['diff', base, head, '--format', 'md'])).stdout;
    expect(md).toContain('1 warning introduced**');
    expect(md).toContain('**⚠️ Warnings introduced by this change**\n\n- ');
    expect(md).toContain('RD103: NetworkPolicy shop/typo');
    expect(md).toContain('_Also: 1 existing warning._');
    expect(md).not.toContain('RD110:');
  });

  it('diff with nothing introduced only counts the existing warnings', async () => {
    const base = state(web + hostBits);
    expect((await cli(['diff', base, base])).stdout).toBe('');
    expect((await cli(['diff', base, base, '--format', 'md'])).stdout).toContain('_No warning introduced by this change (1 existing warning)._');
  });
});

describe('reachdiff check and targets', () => {
  it('leaves invariants limited to targets to diff --target', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reachdiff-'));
    const config = join(dir, 'config.yml');
    writeFileSync(
      config,
      `targets:
  - name: prod
    render: kubectl kustomize overlays/prod
invariants:
  - name: nothing reaches the db in prod
    targets: [prod]
    never: { from: { namespace: "*" }, to: { labels: { app: db } } }
  - name: backend reaches db on 5432
    always: { from: { workload: staging/backend }, to: { workload: staging/db }, ports: [TCP/5432] }
`,
    );
    const r = await cli(['check', 'fixtures/demo', '--config', config]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('ok holds: backend reaches db on 5432');
    expect(r.stdout).not.toContain('nothing reaches the db in prod');
  });

  it('check with a config that declares no invariant to check is a config error (exit 2), not a pass', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reachdiff-check-empty-'));
    writeFileSync(join(dir, 'empty.yml'), '');
    writeFileSync(join(dir, 'none.yml'), 'invariants: []\n');
    writeFileSync(join(dir, 'targeted.yml'), 'targets:\n  - name: prod\n    paths: [k8s]\ninvariants:\n  - name: x\n    targets: [prod]\n    never: { from: { namespace: a }, to: { namespace: b } }\n');
    for (const [file, text] of [['empty.yml', 'declares no invariant to check here: nothing to check'], ['none.yml', 'declares no invariant to check here: nothing to check'], ['targeted.yml', '(those with targets: are checked by diff --target)']] as const) {
      const r = await cli(['check', 'fixtures/demo', '--config', join(dir, file)]);
      expect(r.code, file).toBe(2);
      expect(r.stderr, file).toContain(text);
    }
  });

  it('diff --fail-on without a config is a usage error (exit 2): it has nothing to check, and would pass every change', async () => {
    for (const failOn of ['violations', 'new-violations']) {
      const r = await cli(['diff', 'fixtures/demo', 'fixtures/demo-pr', '--fail-on', failOn]);
      expect(r.code, failOn).toBe(2);
      expect(r.stderr).toContain(`--fail-on ${failOn} checks the invariants of a config, and diff reads none unless told: give --config FILE`);
    }
    expect((await cli(['diff', 'fixtures/demo', 'fixtures/demo-pr', '--fail-on', 'never'])).code).toBe(0);
    expect((await cli(['diff', 'fixtures/demo', 'fixtures/demo-pr', '--fail-on', 'violations', '--config', 'fixtures/demo-invariants.yml'])).code).toBe(1);
  });

  it('check --format md says an invariant is violated, not newly: a check has no base to compare with', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reachdiff-check-md-'));
    const config = join(dir, 'config.yml');
    writeFileSync(config, 'invariants:\n  - name: nothing reaches the db\n    never: { from: { namespace: "*" }, to: { labels: { app: db } } }\n');
    const r = await cli(['check', 'fixtures/demo', '--config', config, '--format', 'md']);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toMatch(/^\*\*❌ 1 invariant violated\*\*$/);
    expect(r.stdout).not.toContain('newly');
  });
});

describe('diagnostics stay one per line', () => {
  it('a file name with a newline is quoted, so that it does not split its line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reachdiff-newline-'));
    writeFileSync(join(dir, 'bad\nname.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: { name: [x] }\n');
    writeFileSync(join(dir, 'ok.yaml'), deployment('shop', 'web', { app: 'web' }));
    const r = await cli(['list', dir]);
    const line = r.stderr.split('\n').find((l) => l.includes('bad'));
    expect(line).toMatch(/^".*bad\\nname\.yaml":1: error: .* \[RD\d+\]$/);
  });
});

