/**
 * A verdict never rests on input that could not be read: at head, a file
 * too large, a document that does not parse, a symbolic link, a Git LFS
 * pointer, a submodule or an object the API server would reject is listed,
 * and with invariants the check fails closed unless the config says
 * otherwise (fail-on-unread: false). Base may stay lenient.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_READ_BYTES } from '../src/input/yaml/documents.js';
import type { Schema } from '../src/report/jsonschema.js';
import { validate } from '../src/report/jsonschema.js';
import type { Report } from '../src/report/report.js';
import type { PathFilter } from '../src/sources/git.js';
import { readRevision } from '../src/sources/git.js';
import { pathMatcher } from '../src/sources/globs.js';
import { gitSnapshot } from '../src/sources/snapshot.js';
import { cli, deployment, namespace, policy, REPO } from './helpers.js';

const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
const git = (repo: string, ...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', env }).trim();

function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

const APPS = namespace('shop') + deployment('shop', 'web', { app: 'web' }) + deployment('shop', 'db', { app: 'db' });
const DENY = policy('shop', 'db-in', { podSelector: { matchLabels: { app: 'db' } }, ingress: [] });
const ALLOW_WEB = policy('shop', 'db-from-web', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] });
const INVARIANT = 'invariants:\n  - name: web never reaches db\n    never: { from: { labels: { app: web } }, to: { labels: { app: db } } }\n';
const LFS = 'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n';

let repo: string;

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'reachdiff-unread-'));
  git(repo, 'init', '-q', '-b', 'main');
  write(repo, 'k8s/apps.yaml', APPS);
  write(repo, 'k8s/deny.yaml', DENY);
  write(repo, 'config.yml', INVARIANT);
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'base');
  // head hides an allow of web → db in files reachdiff cannot read
  git(repo, 'checkout', '-q', '-b', 'head');
  write(repo, 'k8s/target/allow.yaml', ALLOW_WEB);
  symlinkSync('target/allow.yaml', join(repo, 'k8s', 'allow-link.yaml'));
  write(repo, 'k8s/lfs.yaml', LFS);
  git(repo, 'add', '-A');
  git(repo, 'rm', '-q', '--cached', 'k8s/target/allow.yaml');
  git(repo, 'commit', '-qm', 'head');
  // a submodule under k8s/ (a gitlink entry; its content is elsewhere)
  git(repo, 'checkout', '-q', '-b', 'submodule', 'main');
  git(repo, 'update-index', '--add', '--cacheinfo', `160000,${git(repo, 'rev-parse', 'main')},k8s/vendored`);
  git(repo, 'commit', '-qm', 'submodule');
  git(repo, 'checkout', '-q', 'main');
});

describe('what git sources cannot read is listed, not skipped', () => {
  it('a symbolic link is not followed, and says where it points', async () => {
    const files = await readRevision(repo, 'head');
    expect(files).toContainEqual({ path: 'k8s/allow-link.yaml', error: expect.stringMatching(/^a symbolic link \(to "target\/allow.yaml"\): links are not followed/), walked: true });
  });

  it('a submodule where manifests may be is listed', async () => {
    const files = await readRevision(repo, 'submodule');
    expect(files).toContainEqual({ path: 'k8s/vendored', error: expect.stringMatching(/^a git submodule \(commit [0-9a-f]{12}\): its files are not read/) });
    expect(await readRevision(repo, 'submodule', ['other'])).toEqual([]);
  });

  it('a submodule is listed where globs or paths reach into it through a fixed name, and not where they cannot', async () => {
    const listed = async (filters: PathFilter) => (await readRevision(repo, 'submodule', filters)).filter((f) => f.path === 'k8s/vendored').length;
    // a path given in it, and globs whose fixed start leads into it, or whose names match its own on the way
    expect(await listed(['k8s/vendored/deploy'])).toBe(1);
    expect(await listed(pathMatcher(['k8s/vendored/deploy/*.yaml']))).toBe(1);
    expect(await listed(pathMatcher(['k8s/*/deploy/prod/*.yaml']))).toBe(1);
    expect(await listed(pathMatcher(['**/deploy/*.yaml']))).toBe(1);
    expect(await listed(pathMatcher(['k8s/{vendored,other}/deploy/*.yaml']))).toBe(1);
    // and the snapshot of a revision limited by PATHs, for a target's globs
    const snapshot = gitSnapshot(repo, 'submodule', { maxFileBytes: MAX_READ_BYTES, filters: ['k8s'] });
    expect((await snapshot.files(pathMatcher(['k8s/vendored/deploy/*.yaml']))).map((f) => f.path)).toEqual(['k8s/vendored']);
    // globs that cannot reach it: another name, a shallower file, an exclusion of it
    expect(await listed(pathMatcher(['k8s/other/deploy/*.yaml']))).toBe(0);
    expect(await listed(pathMatcher(['k8s/*.yaml']))).toBe(0);
    expect(await listed(pathMatcher(['k8s/v*/deploy/*.yaml', '!k8s/vendored/**']))).toBe(0);
    expect((await gitSnapshot(repo, 'submodule', { maxFileBytes: MAX_READ_BYTES, filters: ['other'] }).files(pathMatcher(['k8s/vendored/deploy/*.yaml']))).map((f) => f.path)).toEqual([]);
  });

  it('a Git LFS pointer is unreadable (RD009)', async () => {
    const r = await cli(['lint', 'k8s/lfs.yaml'], await checkout('head'));
    expect(r.stderr).toMatch(/k8s\/lfs.yaml:1: error: a Git LFS pointer: the file itself is not in the repository, so it is not read \[RD009\]/);
  });

  it('so is a pointer in the pre-release form git-lfs still reads as v1 (hawser)', async () => {
    // git-lfs lfs/pointer.go (v1Aliases): "https://hawser.github.com/spec/v1" and "http://git-media.io/v/2" are read as v1
    const { loadCluster } = await import('../src/input/load.js');
    const legacy = LFS.replace('https://git-lfs.github.com/spec/v1', 'https://hawser.github.com/spec/v1');
    const c = loadCluster([{ path: 'k8s/lfs.yaml', text: legacy, walked: true }]);
    expect(c.diagnostics.map((d) => `${d.severity} ${d.code} ${d.message}`)).toEqual(['error RD009 a Git LFS pointer: the file itself is not in the repository, so it is not read']);
  });
});

async function checkout(ref: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'reachdiff-unread-tree-'));
  execFileSync('sh', ['-c', `git -C '${repo}' archive ${ref} | tar -x -C '${dir}'`]);
  return dir;
}

describe('a verdict on unread input fails closed', () => {
  it('diff --git with invariants: unread files at head fail the check and are listed', async () => {
    const r = await cli(['diff', '--git', '--repo', repo, '--base-ref', 'main', '--head-ref', 'head', 'k8s', '--config', join(repo, 'config.yml'), '--format', 'md']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/reachdiff: failing closed: the invariants were checked on a head that has 2 inputs that could not be read/);
    expect(r.stdout).toMatch(/\*\*❌ 2 inputs at head could not be read, so 1 invariant that holds on what was read fails closed · no reachability change\*\*/);
    expect(r.stdout).toContain('> - k8s/allow-link.yaml:1: a symbolic link');
    expect(r.stdout).toContain('> - k8s/lfs.yaml:1: a Git LFS pointer');
  });

  it('the json report lists them and says the verdict fails on them', async () => {
    const r = await cli(['diff', '--git', '--repo', repo, '--base-ref', 'main', '--head-ref', 'head', 'k8s', '--config', join(repo, 'config.yml'), '--format', 'json']);
    const report = JSON.parse(r.stdout) as { failOnUnread: boolean; failOnNotAnalysed: boolean; summary: { unread: number }; head: { unread: Array<{ file: string; code: string }> }; base: { unread: unknown[] } };
    expect(report.failOnUnread).toBe(true);
    expect(report.failOnNotAnalysed).toBe(true);
    expect(report.summary.unread).toBe(2);
    expect(report.head.unread.map((u) => `${u.file} ${u.code}`)).toEqual(['k8s/allow-link.yaml RD009', 'k8s/lfs.yaml RD009']);
    expect(report.base.unread).toEqual([]);
  });

  it('fail-on-unread: false in the config accepts the risk', async () => {
    const config = join(mkdtempSync(join(tmpdir(), 'reachdiff-unread-config-')), 'config.yml');
    writeFileSync(config, `fail-on-unread: false\n${INVARIANT}`);
    const r = await cli(['diff', '--git', '--repo', repo, '--base-ref', 'main', '--head-ref', 'head', 'k8s', '--config', config]);
    expect(r.code).toBe(0);
  });

  it('without invariants there is no verdict to fail, and the unread files are still listed', async () => {
    const r = await cli(['diff', '--git', '--repo', repo, '--base-ref', 'main', '--head-ref', 'head', 'k8s', '--format', 'md']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/⚠️ 2 inputs at head could not be read/);
  });

  // git worktree add checks no submodule out (git-worktree(1); git-submodule(1): submodules are populated by
  // `git submodule update`), where a clone with submodules, as Argo CD makes by default, renders what they hold
  it('a render command runs in a checkout whose submodules are empty: each one it may read is listed, failing closed', async () => {
    const render = ['diff', '--git', '--repo', repo, '--base-ref', 'main', '--head-ref', 'submodule', '--render', 'cat k8s/*.yaml', '--config', join(repo, 'config.yml')];
    const r = await cli(render);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/k8s\/vendored:1: error: a git submodule \(commit [0-9a-f]{12}\): the checkout the render command runs in leaves it empty, so what the command would read there is not read/);
    expect(r.stderr).toMatch(/failing closed: the invariants were checked on a head that has 1 input that could not be read/);
    // a config's render target alike
    const config = join(mkdtempSync(join(tmpdir(), 'reachdiff-unread-render-')), 'config.yml');
    writeFileSync(config, `targets:\n  - { name: apps, render: "cat k8s/apps.yaml k8s/deny.yaml" }\n${INVARIANT}`);
    const apps = await cli(['diff', '--git', '--repo', repo, '--base-ref', 'main', '--head-ref', 'submodule', '--target', 'apps', '--config', config]);
    expect(apps.stderr).toMatch(/k8s\/vendored:1: error: a git submodule/);
    expect(apps.code).toBe(1);
    // none at either revision: nothing more is listed
    const none = await cli(['diff', '--git', '--repo', repo, '--base-ref', 'main', '--head-ref', 'main', '--target', 'apps', '--config', config]);
    expect(none.stderr).not.toMatch(/submodule/);
    expect(none.code).toBe(0);
  });

  it('unread input at base alone does not fail: base may stay lenient', async () => {
    const r = await cli(['diff', '--git', '--repo', repo, '--base-ref', 'head', '--head-ref', 'main', 'k8s', '--config', join(repo, 'config.yml'), '--format', 'md']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('> 2 inputs at base could not be read.');
  });

  it('check fails closed on a document that does not parse, and on a policy the API server would reject', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reachdiff-unread-check-'));
    write(dir, 'apps.yaml', APPS + DENY);
    write(dir, 'config.yml', INVARIANT);
    expect((await cli(['check', dir, '--config', join(dir, 'config.yml')])).code).toBe(0);
    write(dir, 'broken.yaml', 'kind: NetworkPolicy\nspec: [unclosed\n');
    const broken = await cli(['check', dir, '--config', join(dir, 'config.yml')]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/failing closed/);
    write(dir, 'broken.yaml', policy('shop', 'bad', { podSelector: {}, ingress: [{ from: [{}] }] }));
    expect((await cli(['check', dir, '--config', join(dir, 'config.yml')])).code).toBe(1);
  });
});

describe('a directory holds only files it can read, or says which it cannot', () => {
  it('a FIFO or socket with a manifest name, walked or named, is unread (RD009) and fails the check closed, never waited on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reachdiff-fifo-'));
    write(dir, 'k8s/apps.yaml', APPS);
    write(dir, 'k8s/deny.yaml', DENY);
    write(dir, 'config.yml', INVARIANT);
    execFileSync('mkfifo', [join(dir, 'k8s/allow.yaml')]);
    const walked = await cli(['check', 'k8s', '--config', 'config.yml'], dir);
    expect(walked.stderr).toContain('k8s/allow.yaml:1: error: not a regular file (a FIFO), so it is not read [RD009]');
    expect(walked.stderr).toContain('failing closed');
    expect(walked.code).toBe(1);
    const named = await cli(['list', 'k8s/apps.yaml', 'k8s/allow.yaml'], dir);
    expect(named.stderr).toContain('k8s/allow.yaml:1: error: not a regular file (a FIFO), so it is not read [RD009]');
  });

  it('--config naming a directory or a FIFO is a usage error (exit 2), not a crash or a wait', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reachdiff-config-dir-'));
    write(dir, 'k8s/apps.yaml', APPS);
    mkdirSync(join(dir, 'cfg'));
    execFileSync('mkfifo', [join(dir, 'cfg.yml')]);
    for (const config of ['cfg', 'cfg.yml']) {
      const r = await cli(['check', 'k8s', '--config', config], dir);
      expect(r.code, config).toBe(2);
      expect(r.stderr, config).toContain(`config ${config} is not a regular file`);
    }
  });
});

describe('what a change puts where it is left out (a chart, a Kustomize root, a template) fails closed', () => {
  // a pull request that adds a Chart.yaml or a kustomization.yaml beside an allow policy, or a Helm action in it,
  // leaves the policy out of the analysis: kubectl apply -k / helm install / kubectl apply would still apply it
  let work: string;
  const branch = (name: string, files: Record<string, string>) => {
    git(work, 'checkout', '-q', '-b', name, 'main');
    for (const [path, text] of Object.entries(files)) write(work, path, text);
    git(work, 'add', '-A');
    git(work, 'commit', '-qm', name);
  };
  const diff = (head: string) => cli(['diff', '--git', '--repo', work, '--base-ref', 'main', '--head-ref', head, '--kustomize', 'skip', '--config', join(work, 'config.yml')]);

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'reachdiff-leftout-'));
    git(work, 'init', '-q', '-b', 'main');
    write(work, 'k8s/apps.yaml', APPS);
    write(work, 'k8s/deny.yaml', DENY);
    // a chart present at base already, untouched by the branches
    write(work, 'charts/tools/Chart.yaml', 'apiVersion: v2\nname: tools\nversion: 0.1.0\n');
    write(work, 'charts/tools/templates/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: {{ .Release.Name }} }\n');
    write(work, 'config.yml', INVARIANT);
    git(work, 'add', '-A');
    git(work, 'commit', '-qm', 'base');
    branch('kustomization', { 'k8s/allow/kustomization.yaml': 'resources: [allow.yaml]\n', 'k8s/allow/allow.yaml': ALLOW_WEB });
    branch('chart', { 'k8s/allow/Chart.yaml': 'apiVersion: v2\nname: allow\nversion: 0.1.0\n', 'k8s/allow/allow.yaml': ALLOW_WEB });
    // Helm's action in what the policy is (in an annotation, it would be the text the object carries)
    branch('template', { 'k8s/allow.yaml': ALLOW_WEB.replace('namespace: shop', 'namespace: "{{ .Release.Namespace }}"') });
    branch('untouched', { 'k8s/other.yaml': namespace('other') });
  });

  it('a Kustomize root or a Helm chart the change adds is an error, and the invariants fail closed', async () => {
    for (const head of ['kustomization', 'chart']) {
      const r = await diff(head);
      expect(r.stderr).toMatch(/k8s\/allow\/(kustomization|Chart)\.yaml:1: error: .*the change touches these files and the verdict does not rest on them, so it fails closed \[RD05[02]\]/);
      expect(r.stderr).toMatch(/failing closed/);
      expect(r.code).toBe(1);
    }
  });

  it('so is a file the change makes a Go template', async () => {
    const r = await diff('template');
    expect(r.stderr).toMatch(/k8s\/allow\.yaml:\d+: error: a Go template .* so it fails closed \[RD051\]/);
    // the invariants' lines on stdout say they are not the last word
    expect(r.stdout).toMatch(/^unsure: these verdicts rest on a head with 1 input that could not be read, so they fail closed/m);
    expect(r.code).toBe(1);
  });

  it('a chart holding more files than are listed is not taken as untouched: whether the change touches it is not known', { timeout: 60_000 }, async () => {
    // two directories (not git): the chart's files are listed to be compared, up to 20,000 of them
    const root = mkdtempSync(join(tmpdir(), 'reachdiff-unlisted-'));
    for (const side of ['base', 'head']) {
      write(root, `${side}/apps.yaml`, APPS);
      write(root, `${side}/deny.yaml`, DENY);
      write(root, `${side}/chart/Chart.yaml`, 'apiVersion: v2\nname: tools\nversion: 0.1.0\n');
      write(root, `${side}/chart/templates/np.yaml`, side === 'head' ? ALLOW_WEB : 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\n');
      mkdirSync(join(root, side, 'chart', 'aaa'));
      for (let i = 0; i <= 20_000; i++) writeFileSync(join(root, side, 'chart', 'aaa', `f${i}`), '');
    }
    write(root, 'config.yml', INVARIANT);
    const r = await cli(['diff', 'base', 'head', '--config', 'config.yml'], root);
    expect(r.stderr).toMatch(/head\/chart\/Chart\.yaml:1: error: .*holds too many files to tell whether the change touches them.*fails closed \[RD050\]/);
    expect(r.code).toBe(1);
  });

  it('a chart the change does not touch stays a warning, and the verdict stands', async () => {
    const r = await diff('untouched');
    // (the chart's warning is the one base has, so diff does not repeat it)
    expect(r.stderr).toContain('1 input diagnostic already reported at base is not repeated');
    expect(r.stderr).not.toMatch(/RD050|failing closed/);
    expect(r.code).toBe(0);
  });
});

/**
 * README, "What fails closed" and RD002: a document that is not a Kubernetes
 * object in a render's output (a command that printed its error and exited
 * 0) is input not read that fails a check closed; in files named it is an
 * error and in walked files info (another tool's config beside the
 * manifests, which globs match too), and the verdict stands.
 */
describe('a document that is not a Kubernetes object fails closed where it is an error (RD002)', () => {
  const setup = () => {
    const dir = mkdtempSync(join(tmpdir(), 'reachdiff-not-k8s-'));
    write(dir, 'apps.yaml', APPS + DENY);
    write(dir, 'config.yml', INVARIANT);
    return dir;
  };

  it('check --render: a scalar, a document without kind, or an echoed error line from a command that exits 0', async () => {
    const dir = setup();
    for (const extra of ['42', 'apiVersion: v1\nmetadata: { name: x }', 'Error: chart not found', 'WARNING: values file skipped']) {
      const r = await cli(['check', '--render', `cat apps.yaml; printf -- '---\\n%s\\n' '${extra}'`, '--config', 'config.yml'], dir);
      expect(r.stderr, extra).toMatch(/error: not a Kubernetes object.*\[RD002\]/);
      expect(r.stderr, extra).toContain('failing closed');
      expect(r.code, extra).toBe(1);
    }
    expect((await cli(['check', '--render', 'cat apps.yaml', '--config', 'config.yml'], dir)).code).toBe(0);
  });

  it("a file named or walked that holds such text is reported, and the verdict stands: it may be another tool's config", async () => {
    const dir = setup();
    write(dir, 'notes.yaml', 'Error: chart not found\n');
    const named = await cli(['check', 'apps.yaml', 'notes.yaml', '--config', 'config.yml'], dir);
    expect(named.stderr).toMatch(/notes\.yaml:1: error: not a Kubernetes object.*\[RD002\]/);
    expect(named.stderr).not.toContain('failing closed');
    expect(named.code).toBe(0);
    const walked = await cli(['check', '.', '--config', 'config.yml'], dir);
    expect(walked.stderr).not.toContain('failing closed');
    expect(walked.code).toBe(0);
  });

  it('a diff whose head adds such a document to its render output fails closed', async () => {
    const dir = setup();
    const render = await cli(['diff', '--git', '--repo', repo, '--base-ref', 'main', '--head-ref', 'main', '--render', 'cat k8s/apps.yaml k8s/deny.yaml; echo ---; echo "Error: chart not found"', '--config', join(dir, 'config.yml')], repo);
    expect(render.stderr).toMatch(/failing closed: the invariants were checked on a head that has 1 input that could not be read/);
    expect(render.code).toBe(1);
  });
});

// README "What fails closed": with invariants, input at head that could not be read fails them closed, as a doubt does
describe('every output shows the invariants that unread input at head fails closed as not holding', () => {
  const SCHEMA = JSON.parse(readFileSync(join(REPO, 'schema', 'report.schema.json'), 'utf8')) as Schema;
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'reachdiff-unread-outputs-'));
    write(dir, 'base/apps.yaml', APPS + DENY);
    write(dir, 'head/apps.yaml', APPS + DENY);
    // a policy that does not parse: whatever it allows is not seen
    write(dir, 'head/broken.yaml', 'kind: NetworkPolicy\nspec: [unclosed\n');
    write(dir, 'config.yml', INVARIANT);
    write(dir, 'lenient.yml', `fail-on-unread: false\n${INVARIANT}`);
  });
  const check = (format: string, config = 'config.yml') => cli(['check', 'head', '--config', config, '--format', format], dir);
  const diff = (format: string, config = 'config.yml') => cli(['diff', 'base', 'head', '--config', config, '--format', format], dir);

  it('check: the invariant fails, failed closed, the input its witness, in every format, as the exit status says', async () => {
    const json = await check('json');
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as Report;
    expect(validate(SCHEMA, report)).toEqual([]);
    expect(report.summary).toMatchObject({ invariants: 1, violations: 1, newViolations: 1, unread: 1 });
    const [inv] = report.invariants;
    expect(inv).toMatchObject({ status: 'violated', failed: true, isNew: true, failedClosed: true, head: { status: 'violated', witnessCount: 1 } });
    expect(inv!.head.witnesses).toEqual([{ kind: 'unread', file: 'head/broken.yaml', line: 2, code: 'RD001', message: expect.stringMatching(/^YAML syntax: .*document skipped$/) }]);
    const text = await check('txt');
    expect(text.stdout).toMatch(/^FAIL fails closed: web never reaches db \(config\.yml:2\)\nunsure: these verdicts rest on a head with 1 input that could not be read/m);
    const md = await check('md');
    expect(md.stdout).toContain('**❌ 1 input at head could not be read, so 1 invariant that holds on what was read fails closed**');
    expect(md.stdout).toContain('| ❌ fails closed | web never reaches db | never | holds on what was read; 1 input at head not read |');
    expect(md.stdout).not.toContain('✅');
    const sarif = JSON.parse((await check('sarif')).stdout) as { runs: Array<{ results: Array<{ ruleId: string; level: string; message: { text: string }; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
    const result = sarif.runs[0]!.results.find((r) => r.message.text.startsWith('invariant '));
    expect(result).toMatchObject({ level: 'error', message: { text: expect.stringMatching(/^invariant "web never reaches db" fails closed: head\/broken\.yaml:2: YAML syntax: .* \[RD001\]$/) } });
    expect(result!.locations[0]!.physicalLocation.artifactLocation.uri).toBe('head/broken.yaml');
  });

  it('diff: the invariant fails closed as new, so --fail-on new-violations and the counts agree', async () => {
    const json = await diff('json');
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as Report;
    expect(validate(SCHEMA, report)).toEqual([]);
    expect(report.summary).toMatchObject({ violations: 1, newViolations: 1 });
    expect(report.invariants[0]).toMatchObject({ status: 'newly violated', failed: true, isNew: true, failedClosed: true, base: { status: 'holds' } });
    const md = await diff('md');
    expect(md.stdout).toContain('**❌ 1 input at head could not be read, so 1 invariant that holds on what was read fails closed · no reachability change**');
    expect(md.stdout).toContain('| ❌ fails closed | web never reaches db |');
  });

  it('an invariant violated on what was read gets the unread input as witnesses too, and is not marked failed closed', async () => {
    write(dir, 'violated/apps.yaml', APPS);
    write(dir, 'violated/broken.yaml', 'kind: NetworkPolicy\nspec: [unclosed\n');
    const r = await cli(['check', 'violated', '--config', 'config.yml', '--format', 'json'], dir);
    const inv = (JSON.parse(r.stdout) as Report).invariants[0]!;
    expect(inv.status).toBe('violated');
    expect(inv.failedClosed).toBeUndefined();
    expect(inv.head.witnesses.map((w) => w.kind)).toEqual(['unread', 'pair']);
    expect(inv.head.witnessCount).toBe(2);
    // its text lists the input first, then the pair
    const text = await cli(['check', 'violated', '--config', 'config.yml'], dir);
    expect(text.stdout).toMatch(/^FAIL violated: web never reaches db \(config\.yml:2\)\n {4}violated\/broken\.yaml:2: YAML syntax: .* \[RD001\]\n {4}shop\/web\[Deployment\] => shop\/db\[Deployment\]/m);
  });

  it('with fail-on-unread: false nothing changes: the invariant holds on what was read', async () => {
    const r = await check('json', 'lenient.yml');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.summary).toMatchObject({ violations: 0, unread: 1 });
    expect(report.invariants[0]).toMatchObject({ status: 'holds', failed: false, head: { witnessCount: 0, witnesses: [] } });
    expect(report.invariants[0]!.failedClosed).toBeUndefined();
    expect((await diff('md', 'lenient.yml')).stdout).toContain('| ✅ holds | web never reaches db |');
  });
});
