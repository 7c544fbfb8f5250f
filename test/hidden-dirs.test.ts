/**
 * Walks skip hidden directories and node_modules; `kubectl apply -R -f`
 * does not. A file there that looks like a Kubernetes object is reported
 * (RD056) rather than skipped in silence, and naming the directory reads it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PATHS } from '../src/action/inputs.js';
import { MAX_READ_BYTES } from '../src/input/yaml/documents.js';
import { compareStates } from '../src/pipeline/compare.js';
import { hiddenManifestNotes, listManifestFiles } from '../src/sources/directory.js';
import { hiddenRevisionNotes, readRevision, skippedHiddenDir } from '../src/sources/git.js';
import { looksLikeKubernetes, namesTrafficKind } from '../src/sources/hidden.js';
import { DEFAULT_RUN_LIMITS } from '../src/sources/runcommand.js';
import { directorySnapshot, gitSnapshot } from '../src/sources/snapshot.js';
import { pathMatcher } from '../src/sources/globs.js';
import type { TreeApi } from '../src/sources/github.js';
import { githubSnapshots } from '../src/sources/github.js';
import { cli, deployment, namespace, policy } from './helpers.js';

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
}

function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

const WORKFLOW = `name: ci
on: [push]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - run: |
          cat <<EOF | kubectl apply -f -
          apiVersion: v1
          kind: Namespace
          EOF
`;

const DB_ISOLATED = policy('shop', 'db-in', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'] });
const ALLOW_FRONTEND = policy('shop', 'allow-frontend', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }] }] });
const INVARIANT = `invariants:
  - name: frontend never reaches db
    never:
      from: { namespace: shop, labels: { app: frontend } }
      to: { namespace: shop, labels: { app: db } }
`;

let root: string;

/** A directory as the red-team case has it: the allow policy in manifests/.policies. */
function populate(dir: string): void {
  write(dir, 'manifests/ns.yaml', namespace('shop'));
  write(dir, 'manifests/workloads.yaml', deployment('shop', 'frontend', { app: 'frontend' }) + deployment('shop', 'db', { app: 'db' }));
  write(dir, 'manifests/policy.yaml', DB_ISOLATED);
  write(dir, 'manifests/.policies/allow-frontend.yaml', ALLOW_FRONTEND);
  write(dir, 'manifests/.github/workflows/ci.yml', WORKFLOW);
  write(dir, 'manifests/.vscode/settings.json', '{"editor.tabSize": 2}\n');
  write(dir, 'manifests/node_modules/pkg/policy.yaml', ALLOW_FRONTEND);
  write(dir, 'manifests/.cache/node_modules/pkg/policy.yaml', ALLOW_FRONTEND);
  write(dir, 'manifests/.policies/notes.txt', ALLOW_FRONTEND);
  write(dir, 'config.yml', INVARIANT);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'reachdiff-hidden-'));
  populate(root);
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const NOTE = 'manifests/.policies/allow-frontend.yaml:1: error: not read: the file is in the hidden directory manifests/.policies';

describe('what looks like a Kubernetes object', () => {
  it('top-level apiVersion and kind lines in YAML, or both keys in JSON', () => {
    expect(looksLikeKubernetes('apiVersion: v1\nkind: Namespace\n')).toBe(true);
    expect(looksLikeKubernetes('# comment\n---\nkind: Namespace\nmetadata: {name: a}\napiVersion: v1\n')).toBe(true);
    expect(looksLikeKubernetes('{"kind": "List", "apiVersion": "v1", "items": []}')).toBe(true);
    expect(looksLikeKubernetes('{\n  "apiVersion" : "v1",\n  "kind" : "Pod"\n}')).toBe(true);
    // a plain scalar continued on the next line, indented, is the key's value (kubectl applies it)
    expect(looksLikeKubernetes('apiVersion:\n  networking.k8s.io/v1\nkind:\n  NetworkPolicy\n')).toBe(true);
    expect(namesTrafficKind('apiVersion:\n  networking.k8s.io/v1\nkind:\n  NetworkPolicy\n')).toBe(true);
    expect(namesTrafficKind('apiVersion: kind.x-k8s.io/v1alpha4\nkind: Cluster\n')).toBe(false);
    // a Gateway API route's parent (gateway-api.sigs.k8s.io, GEP-1713: XListenerSet of the experimental channel)
    expect(namesTrafficKind('apiVersion: gateway.networking.x-k8s.io/v1alpha1\nkind: XListenerSet\n')).toBe(true);
    // custom resources that stand for the pods prometheus-operator makes (pkg/thanos/statefulset.go, pkg/prometheus/agent/statefulset.go)
    expect(namesTrafficKind('apiVersion: monitoring.coreos.com/v1\nkind: ThanosRuler\n')).toBe(true);
    expect(namesTrafficKind('apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\n')).toBe(true);
    // what the reader takes as deciding traffic under another kind's name: a plugin's settings
    // (docs.cilium.io/en/stable/network/kubernetes/configuration/: cilium-config), a resource holding a pod template
    expect(namesTrafficKind('apiVersion: v1\nkind: ConfigMap\nmetadata: { name: cilium-config, namespace: kube-system }\ndata: { enable-policy: never }\n')).toBe(true);
    // and what it passes over: an operator's resource or a pipeline run, whose pods it does not know (Pipelines-as-Code keeps its runs in .tekton/),
    // a ConfigMap of an application, what does not parse
    expect(namesTrafficKind('apiVersion: kafka.strimzi.io/v1beta2\nkind: Kafka\nmetadata: { name: k, namespace: shop }\nspec: {}\n')).toBe(false);
    expect(namesTrafficKind('apiVersion: tekton.dev/v1\nkind: PipelineRun\nmetadata: { name: on-push }\nspec: { pipelineRef: { resolver: git } }\n')).toBe(false);
    expect(namesTrafficKind('apiVersion: v1\nkind: ConfigMap\nmetadata: { name: e2e }\ndata:\n  foo: bar\n  foo: baz\n')).toBe(false);
    expect(namesTrafficKind('apiVersion: kind.x-k8s.io/v1alpha4\nkind: Cluster\nname: {{ .ClusterName }}\n')).toBe(false);
    expect(namesTrafficKind('apiVersion: example.com/v1\nkind: Runner\nmetadata: { name: r, namespace: shop }\nspec: { template: { metadata: { labels: { a: b } }, spec: { containers: [{ name: c, image: x }] } } }\n')).toBe(true);
    expect(namesTrafficKind('apiVersion: v1\nkind: ConfigMap\nmetadata: { name: app-config, namespace: shop }\ndata: { a: b }\n')).toBe(false);
    expect(namesTrafficKind('apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: { name: c, namespace: shop }\nspec: { secretName: x }\n')).toBe(false);
  });

  it('a ServiceAccount with labels decides traffic (Calico and Cilium select by them), one without decides none', () => {
    const account = (labels: string) => `apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: web, namespace: shop${labels} }\n`;
    expect(namesTrafficKind(account(', labels: { role: frontend }'))).toBe(true);
    expect(namesTrafficKind(account(''))).toBe(false);
    expect(namesTrafficKind(account(', labels: {}'))).toBe(false);
  });

  it('not a workflow (its apiVersion and kind are indented), nor package.json, nor one key alone', () => {
    expect(looksLikeKubernetes(WORKFLOW)).toBe(false);
    expect(looksLikeKubernetes('{"name": "x", "version": "1.0.0"}')).toBe(false);
    expect(looksLikeKubernetes('kind: Namespace\n')).toBe(false);
    expect(looksLikeKubernetes('apiVersion: v1\n')).toBe(false);
    expect(looksLikeKubernetes('{"properties": {"apiVersion": {"type": "string"}, "kind": {"type": "string"}}}')).toBe(false);
    expect(looksLikeKubernetes('apiVersion:\nkind: # none\n')).toBe(false);
  });
});

describe('a directory walk', () => {
  it('reports a manifest in a hidden directory, with its path and line 1, and not workflows, other JSON or node_modules', async () => {
    const r = await cli(['check', 'manifests', '--config', 'config.yml'], root);
    const notes = r.stderr.split('\n').filter((l) => l.includes('[RD056]'));
    expect(notes).toEqual([
      `${NOTE}, which a walk of directories skips, yet it looks like a Kubernetes object of a kind that decides traffic, and \`kubectl apply -R -f\` reads it; to read it, name the file or manifests/.policies explicitly (as a PATH, or after diff --git) [RD056]`,
    ]);
    // a NetworkPolicy there is input the verdict does not rest on: the check fails closed, as for an unreadable file
    expect(r.stdout).toContain('FAIL fails closed: frontend never reaches db');
    expect(r.stderr).toMatch(/failing closed: the invariants were checked on a head that has 1 input that could not be read/);
    expect(r.code).toBe(1);
  });

  it('a Kubernetes-looking file of a kind that decides no traffic is a warning only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reachdiff-hidden-kind-'));
    try {
      write(dir, 'manifests/.kind/cluster.yaml', 'apiVersion: kind.x-k8s.io/v1alpha4\nkind: Cluster\nnodes: [ { role: control-plane } ]\n');
      write(dir, 'manifests/apps.yaml', namespace('shop') + deployment('shop', 'web', { app: 'web' }));
      write(dir, 'config.yml', 'invariants:\n  - name: web is isolated\n    isolated: { workloads: [ { workload: shop/web } ] }\n');
      const r = await cli(['check', 'manifests', '--config', 'config.yml'], dir);
      expect(r.stderr).toMatch(/manifests\/\.kind\/cluster\.yaml:1: warning: not read: .* looks like a Kubernetes object, and/);
      expect(r.stdout + r.stderr).not.toMatch(/failing closed/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('naming the hidden directory reads it, and then says nothing of it', async () => {
    const r = await cli(['check', 'manifests', 'manifests/.policies', '--config', 'config.yml'], root);
    expect(r.stderr).not.toContain('RD056');
    expect(r.stdout).toContain('frontend never reaches db');
    expect(r.stdout).not.toContain('ok holds');
    expect(r.code).not.toBe(0);
    const named = await cli(['list', 'manifests/.policies/allow-frontend.yaml', 'manifests/ns.yaml', 'manifests/workloads.yaml'], root);
    expect(named.stderr).not.toContain('RD056');
  });

  it('a hidden directory inside one named is reported', async () => {
    write(root, 'nested/.deep/.deeper/p.json', JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } }));
    write(root, 'nested/.deep/ns.yaml', namespace('y'));
    const r = await cli(['list', 'nested/.deep'], root);
    expect(r.stderr).toContain('nested/.deep/.deeper/p.json:1: error: not read: the file is in the hidden directory nested/.deep/.deeper,');
    expect(r.stderr).not.toContain('nested/.deep/ns.yaml:1: warning');
  });

  it('a file named alone walks nothing and says nothing', async () => {
    const r = await cli(['list', 'manifests/workloads.yaml'], root);
    expect(r.stderr).not.toContain('RD056');
  });

  it('a look into hidden directories stops at its limits and says so', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reachdiff-hidden-cap-'));
    try {
      for (let i = 0; i < 5; i++) write(dir, `.many/p${i}.yaml`, namespace(`n${i}`));
      const { hidden, files } = listManifestFiles([dir]);
      expect(files).toEqual([]);
      const notes = hiddenManifestNotes(hidden, { cwd: dir, maxFiles: 3 });
      expect(notes.map((n) => ('notes' in n ? n.notes[0]!.message.slice(0, 56) : n.path))).toEqual([
        ...[0, 1, 2].map(() => 'not read: the file is in the hidden directory .many, whi'),
        'stopped looking into hidden directories after 3 files: .',
      ]);
      expect(notes.map((n) => n.path)).toEqual(['.many/p0.yaml', '.many/p1.yaml', '.many/p2.yaml', '.many']);
      // what it did not look at is unread input
      expect('notes' in notes[3]! && notes[3].notes[0]!.severity).toBe('error');
      const entries = hiddenManifestNotes(hidden, { cwd: dir, maxEntries: 2 });
      expect(entries).toHaveLength(3);
      expect('notes' in entries[2]! && entries[2].notes[0]!.message).toContain('after 2 directory entries');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('only the first bytes of a file are read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reachdiff-hidden-big-'));
    try {
      write(dir, '.x/big.yaml', namespace('big') + `data: "${'x'.repeat(2 << 20)}"\n`);
      // apiVersion and kind within the first MiB are seen; a YAML file that goes on past it may hold an object after its comments
      write(dir, '.x/late.yaml', `# ${'c'.repeat(70_000)}\n${namespace('late')}`);
      write(dir, '.x/later.yaml', `# ${'c'.repeat(1_100_000)}\n${namespace('later')}`);
      // a long CI file of one document, within what is looked at, is read for what it is
      write(dir, '.x/ci.yml', `version: v1.0\nblocks:\n${'  - name: step\n    task: { jobs: [ { commands: [make] } ] }\n'.repeat(3000)}`);
      // a JSON file's start tells what it is
      write(dir, '.x/data.json', `{"values": [${'1,'.repeat(40_000)}1]}`);
      const notes = hiddenManifestNotes(listManifestFiles([dir]).hidden, { cwd: dir });
      expect(notes.map((n) => n.path)).toEqual(['.x/big.yaml', '.x/late.yaml', '.x/later.yaml']);
      // one that goes on past what was looked at may hold any kind: it fails closed
      expect(notes.map((n) => ('notes' in n ? n.notes[0]!.severity : ''))).toEqual(['error', 'error', 'error']);
      expect('notes' in notes[2]! && notes[2].notes[0]!.message).toMatch(/it goes on past the 1 MiB looked at, where Kubernetes objects may follow/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a JSON file that goes on past what was looked at is reported: its apiVersion and kind may follow its other keys', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reachdiff-hidden-json-'));
    try {
      const allow = { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'open', namespace: 'shop' }, spec: { podSelector: {}, ingress: [{}] } };
      // a ConfigMap whose data comes first, past the first MiB, in a List whose items come before its kind: kubectl applies both
      const big = { data: { blob: 'x'.repeat(1 << 20) }, apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'big', namespace: 'shop' } };
      write(dir, '.x/bundle.json', JSON.stringify({ items: [big, allow], apiVersion: 'v1', kind: 'List' }));
      write(dir, '.x/small.json', '{"values": [1, 2, 3]}');
      const notes = hiddenManifestNotes(listManifestFiles([dir]).hidden, { cwd: dir });
      expect(notes.map((n) => n.path)).toEqual(['.x/bundle.json']);
      expect('notes' in notes[0]! && notes[0].notes[0]!.severity).toBe('error');
      expect('notes' in notes[0]! && notes[0].notes[0]!.message).toMatch(/goes on past the 1 MiB looked at, where a JSON object's apiVersion and kind may follow its other keys/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an object written indented, as a flow mapping or with escaped keys is seen too', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reachdiff-hidden-forms-'));
    try {
      const policy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: open, namespace: shop }\nspec: { podSelector: {}, ingress: [ {} ] }\n';
      write(dir, '.a/indented.yaml', policy.replace(/^/gm, '  '));
      write(dir, '.a/flow.yaml', '{apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: {name: open, namespace: shop}, spec: {podSelector: {}}}\n');
      write(dir, '.a/escaped.json', '{"\\u0061piVersion": "networking.k8s.io/v1", "\\u006bind": "NetworkPolicy", "metadata": {"name": "open"}}');
      // a CI workflow reads as no object
      write(dir, '.a/ci.yml', 'on: [push]\njobs:\n  t: { runs-on: ubuntu-latest, steps: [ { run: "echo \\u00e9" } ] }\n');
      const notes = hiddenManifestNotes(listManifestFiles([dir]).hidden, { cwd: dir });
      expect(notes.map((n) => n.path)).toEqual(['.a/escaped.json', '.a/flow.yaml', '.a/indented.yaml']);
      expect(notes.map((n) => ('notes' in n ? n.notes[0]!.severity : ''))).toEqual(['error', 'error', 'error']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a target's globs name files in hidden directories, and in a node_modules they reach, as they name them in a revision", async () => {
    const snapshot = directorySnapshot(['.'], root, { maxFileBytes: MAX_READ_BYTES });
    const paths = async (globs: string[]) => (await snapshot.files(pathMatcher(globs))).map((f) => f.path).sort();
    expect(await paths(['manifests/**/*.yaml'])).toEqual([
      'manifests/.cache/node_modules/pkg/policy.yaml',
      'manifests/.policies/allow-frontend.yaml',
      'manifests/node_modules/pkg/policy.yaml',
      'manifests/ns.yaml',
      'manifests/policy.yaml',
      'manifests/workloads.yaml',
    ]);
    // the action's default globs leave them out
    expect(await paths(DEFAULT_PATHS)).toEqual(['config.yml', 'manifests/ns.yaml', 'manifests/policy.yaml', 'manifests/workloads.yaml']);
  });

  it('the snapshot of a directory reports hidden manifests once, whatever the walk', async () => {
    const snapshot = directorySnapshot(['manifests', 'manifests'], root, { maxFileBytes: MAX_READ_BYTES });
    await snapshot.files();
    expect((await snapshot.hiddenManifests!()).map((n) => n.path)).toEqual(['manifests/.policies/allow-frontend.yaml']);
  });
});

describe('a walk of a git revision', () => {
  let repo: string;

  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), 'reachdiff-hidden-git-'));
    git(repo, 'init', '-q', '-b', 'main');
    write(repo, 'manifests/ns.yaml', namespace('shop'));
    write(repo, 'manifests/workloads.yaml', deployment('shop', 'frontend', { app: 'frontend' }) + deployment('shop', 'db', { app: 'db' }));
    write(repo, 'manifests/policy.yaml', DB_ISOLATED);
    write(repo, '.github/workflows/ci.yml', WORKFLOW);
    write(repo, '.github/reachdiff.yml', INVARIANT);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'base');
    git(repo, 'checkout', '-q', '-b', 'feature');
    write(repo, 'manifests/.policies/allow-frontend.yaml', ALLOW_FRONTEND);
    // larger than a pipe's chunk, so that reading only the first bytes is tried across chunks
    write(repo, 'manifests/.policies/big.yaml', namespace('big') + `data: "${'x'.repeat(300_000)}"\n`);
    write(repo, 'manifests/.policies/z-not.yaml', 'just: data\n');
    write(repo, 'node_modules/pkg/policy.yaml', ALLOW_FRONTEND);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'head');
  });

  afterAll(() => rmSync(repo, { recursive: true, force: true }));

  it('which hidden directory the walk skips a path for', () => {
    expect(skippedHiddenDir('k8s/.p/x.yaml', [])).toBe('k8s/.p');
    expect(skippedHiddenDir('k8s/.p/.q/x.yaml', ['k8s'])).toBe('k8s/.p');
    expect(skippedHiddenDir('k8s/.p/x.yaml', ['k8s/.p'])).toBeUndefined();
    expect(skippedHiddenDir('k8s/.p/x.yaml', ['other'])).toBeUndefined();
    expect(skippedHiddenDir('k8s/.p/x.yaml', ['k8s/.p/x.yaml'])).toBeUndefined();
    // a committed node_modules is looked into as a hidden directory is (a work tree's is not)
    expect(skippedHiddenDir('.p/node_modules/x.yaml', [])).toBe('.p');
    expect(skippedHiddenDir('node_modules/.p/x.yaml', [])).toBe('node_modules');
    expect(skippedHiddenDir('k8s/node_modules/x.yaml', ['k8s'])).toBe('k8s/node_modules');
    expect(skippedHiddenDir('.git/x.yaml', [])).toBeUndefined();
    expect(skippedHiddenDir('k8s/x.yaml', [])).toBeUndefined();
  });

  it('reports the hidden manifests of a revision, reading the first bytes of each', async () => {
    const notes = await hiddenRevisionNotes(repo, 'feature', []);
    expect(notes.map((n) => n.path)).toEqual(['manifests/.policies/allow-frontend.yaml', 'manifests/.policies/big.yaml', 'node_modules/pkg/policy.yaml']);
    expect(await hiddenRevisionNotes(repo, 'feature', ['manifests/.policies'])).toEqual([]);
    expect(await hiddenRevisionNotes(repo, 'feature', ['other'])).toEqual([]);
    expect(await hiddenRevisionNotes(repo, 'main', [])).toEqual([]);
    // the two files of .github are looked at first
    const capped = await hiddenRevisionNotes(repo, 'feature', [], 3);
    expect(capped.map((n) => n.path)).toEqual(['manifests/.policies/allow-frontend.yaml', 'manifests/.policies']);
    expect('notes' in capped[1]! && capped[1].notes[0]!.message).toContain('after 3 files');
    // what is read stays as it was
    expect((await readRevision(repo, 'feature')).map((f) => f.path)).toEqual(['manifests/ns.yaml', 'manifests/policy.yaml', 'manifests/workloads.yaml']);
  });

  it('diff --git warns of the file at head, and reads it when its directory is named', async () => {
    const r = await cli(['diff', '--git', '--repo', repo, '--base-ref', 'main', '--head-ref', 'feature']);
    expect(r.stderr).toContain('head: manifests/.policies/allow-frontend.yaml:1: error: not read: the file is in the hidden directory manifests/.policies,');
    expect(r.stderr).toContain('head: node_modules/pkg/policy.yaml:1: error: not read: the file is in node_modules, which a walk of directories skips,');
    const named = await cli(['diff', '--git', '--repo', repo, '--base-ref', 'main', '--head-ref', 'feature', 'manifests', 'manifests/.policies', 'node_modules/pkg']);
    expect(named.stderr).not.toContain('RD056');
    expect(named.stdout).toContain('frontend');
  });

  it("the action's default paths report it too", async () => {
    const comparison = await compareStates(gitSnapshot(repo, 'main', { maxFileBytes: MAX_READ_BYTES }), gitSnapshot(repo, 'feature', { maxFileBytes: MAX_READ_BYTES }), {
      load: {},
      analyze: {},
      run: DEFAULT_RUN_LIMITS,
      target: { name: 'manifests', line: 1, kind: 'paths', paths: DEFAULT_PATHS },
      broad: true,
      explain: false,
    });
    const at = (ds: readonly { code: string; file: string; line: number; severity: string }[]) => ds.filter((d) => d.code === 'RD056').map((d) => `${d.file}:${d.line} ${d.severity}`);
    expect(at(comparison.head.diagnostics)).toEqual(['manifests/.policies/allow-frontend.yaml:1 error', 'manifests/.policies/big.yaml:1 error', 'node_modules/pkg/policy.yaml:1 error']);
    expect(at(comparison.base.diagnostics)).toEqual([]);
  });
});

describe('a revision read through the GitHub API', () => {
  const files: Record<string, string> = {
    '.github/workflows/ci.yml': WORKFLOW,
    'k8s/ns.yaml': namespace('shop'),
    'k8s/.policies/allow.yaml': ALLOW_FRONTEND,
    'k8s/.policies/broken.yaml': ALLOW_FRONTEND + '# fetching it fails\n',
    'node_modules/pkg/p.yaml': ALLOW_FRONTEND,
  };
  const api = (fetched: string[]): TreeApi => ({
    async tree() {
      return { entries: Object.keys(files).map((path) => ({ path, type: 'blob', mode: '100644', sha: `sha-${path}`, size: files[path]!.length })), truncated: false };
    },
    async blob(sha) {
      fetched.push(sha);
      if (sha.includes('broken')) throw new Error('HTTP 500');
      return Buffer.from(files[sha.slice(4)]!);
    },
  });

  it('reports what a walk skips, fetching only files of hidden directories with a manifest extension', async () => {
    const fetched: string[] = [];
    const snapshot = githubSnapshots(api(fetched), { maxFileBytes: MAX_READ_BYTES })('head');
    const notes = await snapshot.hiddenManifests!();
    expect(notes.map((n) => n.path)).toEqual(['k8s/.policies/allow.yaml', 'node_modules/pkg/p.yaml']);
    expect(fetched.sort()).toEqual(['sha-.github/workflows/ci.yml', 'sha-k8s/.policies/allow.yaml', 'sha-k8s/.policies/broken.yaml', 'sha-node_modules/pkg/p.yaml']);
  });

  it('a tree level the API cuts short is not read as if whole: the revision cannot be read through it', async () => {
    // docs.github.com/en/rest/git/trees: "If truncated is true in the response then the number of items in the tree array exceeded our maximum limit"
    const cut: TreeApi = {
      async tree() {
        return { entries: [{ path: 'k8s', type: 'tree', mode: '040000', sha: 'sha-k8s', size: 0 }], truncated: true };
      },
      async blob() {
        return Buffer.from('');
      },
    };
    await expect(githubSnapshots(cut, { maxFileBytes: MAX_READ_BYTES })('head').files()).rejects.toThrow(/holds more entries than the GitHub API lists in one response/);
  });

  it('stops at its limit with an error that fails a check closed, and says how to read with git', async () => {
    const many: Record<string, string> = {};
    for (let i = 0; i < 60; i++) many[`.github/workflows/w${String(i).padStart(2, '0')}.yml`] = WORKFLOW;
    many['.z/allow.yaml'] = ALLOW_FRONTEND;
    const capped: TreeApi = {
      async tree() {
        return { entries: Object.keys(many).map((path) => ({ path, type: 'blob', mode: '100644', sha: `sha-${path}`, size: many[path]!.length })), truncated: false };
      },
      async blob(sha) {
        return Buffer.from(many[sha.slice(4)]!);
      },
    };
    const notes = await githubSnapshots(capped, { maxFileBytes: MAX_READ_BYTES })('head').hiddenManifests!();
    const last = notes.at(-1)!;
    expect('notes' in last && last.notes[0]!.severity).toBe('error');
    expect('notes' in last && last.notes[0]!.message).toMatch(/^stopped looking into hidden directories after 50 files: .* or check out the repository \(actions\/checkout\) before the action, which then reads it with git/);
  });
});
