/**
 * Explicit paths read what they name and nothing else, where `kubectl apply
 * -f DIR` (with -R or not) applies every .json, .yaml and .yml file of the
 * directory (k8s.io/cli-runtime, pkg/resource/visitor.go: FileExtensions =
 * [".json", ".yaml", ".yml"], and a file of another extension is ignored
 * only where the path was not given explicitly). A manifest file the paths
 * leave out beside the files they read is noted (RD057), and a diff whose
 * head adds or edits one says its invariants hold only on what was read,
 * failing closed as for a Helm chart or Kustomize root the change touches.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInputs } from '../src/action/inputs.js';
import type { ActionIo } from '../src/action/run.js';
import { analyzeRun } from '../src/action/run.js';
import { cli, deployment, namespace, policy } from './helpers.js';

const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
const git = (repo: string, ...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', env }).trim();

const CONFIG = `targets:
  - name: app
    paths: ["k8s/**/*.yaml", "!k8s/scratch.yml"]
invariants:
  - name: frontend never reaches db
    never: { from: { labels: { app: frontend } }, to: { labels: { app: db } } }
`;

const ALLOW = policy('shop', 'db-from-frontend', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }] }] });

let repo: string;

/** A commit on main with these files written (a null text removes the file), on a branch of its own. */
function branch(name: string, files: Record<string, string | null>): void {
  git(repo, 'checkout', '-q', '-b', name, 'main');
  for (const [path, text] of Object.entries(files)) {
    if (text === null) rmSync(join(repo, path));
    else writeFileSync(join(repo, path), text);
  }
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', name);
  git(repo, 'checkout', '-q', 'main');
}

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'reachdiff-paths-left-out-'));
  mkdirSync(join(repo, 'k8s', 'apps'), { recursive: true });
  mkdirSync(join(repo, 'other'));
  writeFileSync(join(repo, 'reachdiff.yml'), CONFIG);
  // the action's config: its invariant, checked on the files the action's paths input names
  mkdirSync(join(repo, '.github'));
  writeFileSync(join(repo, '.github', 'reachdiff.yml'), CONFIG.slice(CONFIG.indexOf('invariants:')));
  writeFileSync(join(repo, 'k8s', 'namespace.yaml'), namespace('shop'));
  writeFileSync(join(repo, 'k8s', 'apps', 'workloads.yaml'), deployment('shop', 'frontend', { app: 'frontend' }) + deployment('shop', 'db', { app: 'db' }, [{ port: 5432 }]));
  writeFileSync(join(repo, 'k8s', 'apps', 'deny.yaml'), policy('shop', 'deny', { podSelector: {}, policyTypes: ['Ingress'] }));
  // at base already: a file the globs leave out (noted, not failing), one excluded on purpose, a hidden one (noted: kubectl applies it), one of another extension
  writeFileSync(join(repo, 'k8s', 'apps', 'old.yml'), policy('shop', 'old', { podSelector: { matchLabels: { app: 'none' } }, ingress: [{}] }));
  writeFileSync(join(repo, 'k8s', 'scratch.yml'), ALLOW);
  writeFileSync(join(repo, 'k8s', '.lint.yaml'), 'rules: {}\n');
  writeFileSync(join(repo, 'k8s', 'README.md'), '# k8s\n');
  // a directory holding no file the globs read is not looked into
  writeFileSync(join(repo, 'other', 'x.yml'), ALLOW);
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'base');
  // the pull request of the finding: one .yml file beside the .yaml ones, which kubectl apply -f k8s/ -R applies
  branch('adds-yml', { 'k8s/apps/allow.yml': ALLOW });
  branch('edits-yml', { 'k8s/apps/old.yml': ALLOW });
  branch('renames-to-yml', { 'k8s/apps/deny.yaml': null, 'k8s/apps/deny.yml': policy('shop', 'deny', { podSelector: {}, policyTypes: ['Ingress'] }) });
  // a hidden file: kubectl's directory visitor filters by extension alone (cli-runtime visitor.go ignoreFile), so it applies it
  branch('adds-hidden', { 'k8s/apps/.allow.yaml': ALLOW });
  // changes that touch no file left out: an edit of a file read, one of a file excluded on purpose, one elsewhere
  branch('edits-read', { 'k8s/namespace.yaml': namespace('shop', { team: 'a' }), 'k8s/scratch.yml': ALLOW.replace('db-from-frontend', 'db-from-frontend-2'), 'other/x.yml': '' });
});

afterAll(() => rmSync(repo, { recursive: true, force: true }));

const diff = (head: string, ...args: string[]) => cli(['diff', '--git', '--repo', repo, '--base-ref', 'main', '--head-ref', head, '--config', join(repo, 'reachdiff.yml'), '--target', 'app', ...args]);

interface Json {
  readonly summary: { readonly unread: number };
  readonly head: { readonly unread: ReadonlyArray<{ file: string; code: string; reason: string }>; readonly diagnostics: ReadonlyArray<{ file: string; code: string; severity: string; message: string }> };
  readonly invariants: ReadonlyArray<{ name: string; status: string; failedClosed?: boolean }>;
}

describe('files explicit paths leave out beside the files they read', () => {
  it('a pull request adding a .yml file beside the .yaml ones the globs read fails closed, naming it, where it passed in silence', async () => {
    const r = await diff('adds-yml', '--format', 'json');
    const report = JSON.parse(r.stdout) as Json;
    expect(r.code).toBe(1);
    expect(report.head.unread).toEqual([
      {
        file: 'k8s/apps/allow.yml',
        line: 1,
        code: 'RD057',
        reason:
          'k8s/apps/allow.yml lies beside files the paths (k8s/**/*.yaml, !k8s/scratch.yml) read, which leave it out, where kubectl apply -f on k8s/apps (with -R or not) applies it; it is not read (add it to the paths, or exclude it with !k8s/apps/allow.yml); the change touches these files and the verdict does not rest on them, so it fails closed',
      },
    ]);
    // the invariant holds on what was read, and fails closed: the policy that breaks it is the file left out
    expect(report.invariants.map((i) => [i.name, i.status, i.failedClosed])).toEqual([['frontend never reaches db', 'newly violated', true]]);
    const text = await diff('adds-yml');
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('unsure: these verdicts rest on a head with 1 input that could not be read, so they fail closed');
    expect(text.stderr).toContain('head: k8s/apps/allow.yml:1: error: k8s/apps/allow.yml lies beside files the paths');
  });

  it('editing a file left out, or renaming a file read to an extension the globs miss, fails closed too', async () => {
    for (const [head, file] of [
      ['edits-yml', 'k8s/apps/old.yml'],
      ['renames-to-yml', 'k8s/apps/deny.yml'],
    ] as const) {
      const r = await diff(head, '--format', 'json');
      expect(r.code, head).toBe(1);
      expect((JSON.parse(r.stdout) as Json).head.unread.map((u) => [u.file, u.code]), head).toEqual([[file, 'RD057']]);
    }
  });

  it('a file left out that the change does not touch is an info note, and files excluded with !glob, of another extension or in a directory the globs do not read are not noted', async () => {
    const r = await diff('edits-read', '--format', 'json');
    const report = JSON.parse(r.stdout) as Json;
    expect(r.code).toBe(0);
    expect(report.summary.unread).toBe(0);
    // (the globs, dot files included, read k8s/.lint.yaml)
    expect(report.head.diagnostics.filter((d) => d.code === 'RD057').map((d) => [d.file, d.severity])).toEqual([['k8s/apps/old.yml', 'info']]);
  });
});

describe('diff --git with PATHs naming files', () => {
  it('reads those files alone, and a file the change adds beside them fails closed, where a directory given reads it', async () => {
    const given = ['k8s/namespace.yaml', 'k8s/apps/workloads.yaml', 'k8s/apps/deny.yaml'];
    const r = await cli(['diff', '--git', '--repo', repo, '--base-ref', 'main', '--head-ref', 'adds-yml', '--config', join(repo, '.github', 'reachdiff.yml'), '--format', 'json', ...given]);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Json;
    expect(report.head.unread.map((u) => [u.file, u.code])).toEqual([['k8s/apps/allow.yml', 'RD057']]);
    expect(report.head.unread[0]!.reason).toContain('k8s/apps/allow.yml lies beside files the paths given (k8s/namespace.yaml, k8s/apps/workloads.yaml, k8s/apps/deny.yaml) read, which leave it out');
    // the directory given is walked: the policy is read, and the invariant it breaks fails
    const walked = await cli(['diff', '--git', '--repo', repo, '--base-ref', 'main', '--head-ref', 'adds-yml', '--config', join(repo, '.github', 'reachdiff.yml'), '--format', 'json', 'k8s/namespace.yaml', 'k8s/apps']);
    const all = JSON.parse(walked.stdout) as Json;
    // the file named beside it leaves out the one file of k8s/ not named, which the change does not touch: a note
    expect(all.head.diagnostics.filter((d) => d.code === 'RD057').map((d) => [d.file, d.severity])).toEqual([['k8s/.lint.yaml', 'info'], ['k8s/scratch.yml', 'info']]);
    expect(all.invariants.map((i) => [i.name, i.status])).toEqual([['frontend never reaches db', 'newly violated']]);
  });

  it('a hidden file the change adds beside them fails closed too: kubectl apply -f on the directory applies it', async () => {
    // cli-runtime visitor.go: ExpandPathsToFileVisitors keeps a file of a directory by filepath.Ext alone, dot files too
    const given = ['k8s/namespace.yaml', 'k8s/apps/workloads.yaml', 'k8s/apps/deny.yaml'];
    const r = await cli(['diff', '--git', '--repo', repo, '--base-ref', 'main', '--head-ref', 'adds-hidden', '--config', join(repo, '.github', 'reachdiff.yml'), '--format', 'json', ...given]);
    expect(r.code).toBe(1);
    expect((JSON.parse(r.stdout) as Json).head.unread.map((u) => [u.file, u.code])).toEqual([['k8s/apps/.allow.yaml', 'RD057']]);
  });
});

describe("the action's paths input", () => {
  /** A run of the action on the local clone, comparing main with a branch, the comment left out. */
  async function run(head: string): Promise<{ failed: string[]; summary: string }> {
    const failed: string[] = [];
    const summaries: string[] = [];
    const io: ActionIo = { info: () => {}, warning: () => {}, error: () => {}, setOutput: () => {}, setFailed: (m) => void failed.push(m), writeSummary: async (md) => void summaries.push(md) };
    const inputs = { paths: 'k8s/**/*.yaml\n!k8s/scratch.yml', 'base-ref': git(repo, 'rev-parse', 'main'), 'head-ref': git(repo, 'rev-parse', head), source: 'git', comment: 'never' } as Record<string, string>;
    const env = { eventName: 'workflow_dispatch', payload: {}, repository: 'octo/shop', workspace: repo, tempDir: mkdtempSync(join(tmpdir(), 'reachdiff-runner-')), runUrl: 'https://github.com/octo/shop/actions/runs/1', serverUrl: 'https://github.com' };
    await analyzeRun(readInputs((name) => inputs[name] ?? ''), env, () => {
      throw new Error('no API in this test');
    }, io);
    return { failed, summary: summaries.join('\n') };
  }

  it('does not pass with a confident verdict a pull request that adds a .yml policy beside the .yaml files it names', async () => {
    const r = await run('adds-yml');
    expect(r.failed).toHaveLength(1);
    // the headline: not "✅ no reachability change · 1 invariant holds"
    expect(r.summary).toContain('**❌ 1 input at head could not be read, so 1 invariant that holds on what was read fails closed · no reachability change**');
    expect(r.summary).toContain('k8s/apps/allow.yml lies beside files the paths (k8s/\\*\\*/\\*.yaml, !k8s/scratch.yml) read, which leave it out');
    // a change that touches no file left out passes, the file left out at base noted in the log only
    const quiet = await run('edits-read');
    expect(quiet.failed).toEqual([]);
  });
});
