/**
 * End-to-end tests of the GitHub Action: the committed bundle dist/index.js
 * runs as a child process with the environment GitHub gives a step, against
 * a stand-in for the REST API that checks each request against GitHub's
 * OpenAPI description.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeGitHub } from './github-api/server.js';
import { FIXTURES, REPO } from './helpers.js';

const gitEnv = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
const git = (repo: string, ...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', env: gitEnv }).trim();

const REPOSITORY = 'octo/shop';
let repo: string;
let base: string;
let head: string;

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'reachdiff-action-'));
  git(repo, 'init', '-q', '-b', 'main');
  cpSync(join(FIXTURES, 'demo'), join(repo, 'k8s'), { recursive: true });
  mkdirSync(join(repo, '.github'));
  cpSync(join(FIXTURES, 'demo-invariants.yml'), join(repo, '.github', 'reachdiff.yml'));
  writeFileSync(join(repo, 'package.json'), '{"name": "not a manifest"}\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'base');
  base = git(repo, 'rev-parse', 'HEAD');
  execFileSync('rm', ['-rf', join(repo, 'k8s')]);
  cpSync(join(FIXTURES, 'demo-pr'), join(repo, 'k8s'), { recursive: true });
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'head');
  head = git(repo, 'rev-parse', 'HEAD');
});

let server: FakeGitHub | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function fake(options: ConstructorParameters<typeof FakeGitHub>[0] = {}): Promise<FakeGitHub> {
  server = new FakeGitHub({ repo, repository: REPOSITORY, viewer: undefined, ...options });
  await server.start();
  return server;
}

interface RunResult {
  code: number;
  stdout: string;
  outputs: Record<string, string>;
  summary: string;
  temp: string;
}

function prEvent(number = 7, fork = false, b = base, h = head) {
  return {
    pull_request: {
      number,
      base: { sha: b, repo: { full_name: REPOSITORY } },
      head: { sha: h, repo: { full_name: fork ? 'someone/shop' : REPOSITORY } },
    },
  };
}

function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const m of text.matchAll(re)) out[m[1]!] = m[3]!;
  return out;
}

/** Runs dist/index.js as GitHub runs an action's step. */
async function runAction(gh: FakeGitHub, eventName: string, event: unknown, inputs: Record<string, string> = {}, workspace = repo): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), 'reachdiff-runner-'));
  const eventPath = join(dir, 'event.json');
  writeFileSync(eventPath, JSON.stringify(event));
  for (const f of ['output', 'summary']) writeFileSync(join(dir, f), '');
  const temp = join(dir, 'temp');
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_EVENT_NAME: eventName,
    GITHUB_REPOSITORY: REPOSITORY,
    GITHUB_API_URL: gh.url,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_RUN_ID: '4242',
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    GITHUB_WORKSPACE: workspace,
    RUNNER_TEMP: temp,
    'INPUT_GITHUB-TOKEN': 'ghs_test',
  };
  for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
  // ACTION_NODE runs the bundle under another Node binary (action.yml declares node24)
  const child = spawn(process.env.ACTION_NODE ?? process.execPath, [join(REPO, 'dist', 'index.js')], { env, cwd: workspace });
  let stdout = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stdout += c.toString()));
  const code = await new Promise<number>((r) => child.on('close', (c) => r(c ?? -1)));
  return { code, stdout, outputs: parseOutputs(readFileSync(join(dir, 'output'), 'utf8')), summary: readFileSync(join(dir, 'summary'), 'utf8'), temp };
}

const MARKER = '<!-- reachdiff:comment:default -->';

describe('the action on pull_request', () => {
  it('first run creates the comment; it sets outputs, the job summary, annotations, and fails on new violations', async () => {
    const gh = await fake();
    const r = await runAction(gh, 'pull_request', prEvent());
    expect(gh.violations).toEqual([]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('::error::reachdiff: newly violated invariants: "frontend must never reach db", "only backend and admin reach db"');
    expect(r.stdout).toMatch(/::error title=reachdiff%3A frontend must never reach db,file=k8s\/policies.yaml,line=\d+::/);
    expect(r.outputs).toMatchObject({ opened: '6', closed: '0', changed: '1', violations: '2', 'new-violations': '2' });
    expect(r.outputs['comment-url']).toMatch(/^https:\/\/github.com\/octo\/shop\/pull\/7#issuecomment-\d+$/);
    const posted = gh.calls('issues/create-comment');
    expect(posted).toHaveLength(1);
    const body = (posted[0]!.body as { body: string }).body;
    expect(body.startsWith(MARKER)).toBe(true);
    expect(body).toContain('❌ 2 invariants newly violated · 6 paths opened · 1 changed');
    expect(body).toContain(`base ${base.slice(0, 7)} → head ${head.slice(0, 7)} · [workflow run](https://github.com/octo/shop/actions/runs/4242)`);
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(60_000);
    // with the default paths, YAML and JSON that is not Kubernetes (package.json) is noted, not an error
    expect(body).not.toContain('could not be read');
    expect(r.stdout).toContain('skipped 1 YAML or JSON document that is not a Kubernetes object (set paths to read only manifests)');
    expect(r.summary).toContain('frontend must never reach db');
    const report = JSON.parse(readFileSync(r.outputs.report!, 'utf8')) as { version: number; targets: Array<{ name: string }>; head: { sha: string } };
    expect(report).toMatchObject({ version: 1, kind: 'action', repository: REPOSITORY, pullRequest: 7, head: { sha: head }, targets: [{ name: 'manifests' }] });
    // hidden directories (.github/) are not read for manifests by default; package.json is, and is noted
    expect(JSON.stringify(report)).not.toContain('"file":".github/reachdiff.yml","line":1,"message":"not a Kubernetes');
    expect(JSON.stringify(report)).toContain('{"severity":"info","code":"RD002","file":"package.json","line":1,"message":"not a Kubernetes object');
    expect(r.stdout).not.toContain('file=package.json');
  });

  it('files the paths input names are manifests: one that is not is an error, annotated where the change brings it', async () => {
    const gh = await fake();
    const r = await runAction(gh, 'pull_request', prEvent(), { paths: 'k8s/**\npackage.json', 'fail-on': 'never' });
    const body = (gh.calls('issues/create-comment')[0]!.body as { body: string }).body;
    expect(body).toContain('> 1 document at head and 1 document at base could not be read; see the job log or the full report.');
    // present at base too: not annotated again
    expect(r.stdout).not.toContain('file=package.json');
  });

  it('a second run finds the comment and leaves it alone when nothing changed; a later change updates the same comment', async () => {
    const gh = await fake();
    await runAction(gh, 'pull_request', prEvent(), { 'fail-on': 'never' });
    const again = await runAction(gh, 'pull_request', prEvent(), { 'fail-on': 'never' });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('comment on #7: unchanged');
    expect(gh.calls('issues/create-comment')).toHaveLength(1);
    expect(gh.calls('issues/update-comment')).toHaveLength(0);
    // head moves back to base: nothing changed any more, and the existing comment says so
    const fixed = await runAction(gh, 'pull_request', prEvent(7, false, base, base), { 'fail-on': 'never' });
    expect(fixed.stdout).toContain('comment on #7: updated');
    expect(gh.calls('issues/create-comment')).toHaveLength(1);
    const [comment] = gh.comments.get(7)!;
    expect(comment!.body).toContain('no reachability change');
    expect(gh.violations).toEqual([]);
  });

  it('finds its comment on page 3 of 250 by marker and author, not a person quoting the marker', async () => {
    const gh = await fake({ viewer: 'reachdiff-bot' });
    for (let i = 0; i < 250; i++) {
      if (i === 3) gh.addComment(7, `${MARKER}\nquoted by a person`, 'mallory');
      else if (i === 230) gh.addComment(7, `${MARKER}\nold report`, 'reachdiff-bot');
      else gh.addComment(7, `comment ${i}`, `user${i % 7}`);
    }
    const r = await runAction(gh, 'pull_request', prEvent(), { 'fail-on': 'never' });
    expect(r.code).toBe(0);
    const pages = gh.calls('issues/list-comments').map((c) => c.query.page ?? '1');
    expect(pages).toEqual(['1', '2', '3']);
    expect(gh.calls('issues/create-comment')).toHaveLength(0);
    const updates = gh.calls('issues/update-comment');
    expect(updates).toHaveLength(1);
    const list = gh.comments.get(7)!;
    expect(updates[0]!.path).toBe(`/repos/octo/shop/issues/comments/${list[230]!.id}`);
    expect(list[3]!.body).toBe(`${MARKER}\nquoted by a person`);
    expect(gh.violations).toEqual([]);
  });

  it('a 403 on commenting (a fork with a read-only token) is a warning; summary, outputs and the verdict still work', async () => {
    const gh = await fake();
    gh.injected.push({ operationId: 'issues/create-comment', status: 403, message: 'Resource not accessible by integration', times: 1 });
    const r = await runAction(gh, 'pull_request', prEvent(7, true));
    expect(r.stdout).toMatch(/::warning::cannot comment on #7 \(HTTP 403\)/);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('newly violated invariants');
    expect(r.outputs.opened).toBe('6');
    expect(r.summary).toContain('### reachdiff');
    expect(gh.violations).toEqual([]);
  });

  it('retries a secondary rate limit (403 and 429 with retry-after)', async () => {
    const gh = await fake();
    gh.injected.push({ operationId: 'issues/create-comment', status: 403, headers: { 'retry-after': '1' }, message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', times: 1 });
    gh.injected.push({ operationId: 'issues/list-comments', status: 429, headers: { 'retry-after': '1' }, message: 'Too many requests', times: 1 });
    const r = await runAction(gh, 'pull_request', prEvent(), { 'fail-on': 'never' });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('secondary rate limit');
    expect(gh.calls('issues/create-comment')).toHaveLength(2);
    expect(gh.comments.get(7)).toHaveLength(1);
    expect(gh.violations).toEqual([]);
  }, 30_000);
});

describe('the action reading through the API', () => {
  it('walks sub-trees when the recursive tree is truncated, and fetches each blob once', async () => {
    const gh = await fake({ truncate: (sha) => sha === base || sha === head });
    const empty = mkdtempSync(join(tmpdir(), 'reachdiff-noclone-'));
    const r = await runAction(gh, 'pull_request', prEvent(), { 'fail-on': 'never' }, empty);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('reading files through the GitHub API');
    expect(r.outputs).toMatchObject({ opened: '6', changed: '1', violations: '2', 'new-violations': '2' });
    const trees = gh.calls('git/get-tree');
    expect(trees.some((t) => t.query.recursive === undefined)).toBe(true);
    const blobs = gh.calls('git/get-blob').map((b) => b.path);
    expect(new Set(blobs).size).toBe(blobs.length);
    expect(gh.violations).toEqual([]);
  });

  it('source: api reads through the API even in a clone', async () => {
    const gh = await fake();
    const r = await runAction(gh, 'pull_request', prEvent(), { 'fail-on': 'never', source: 'api', comment: 'never' });
    expect(r.outputs.opened).toBe('6');
    expect(gh.calls('git/get-blob').length).toBeGreaterThan(0);
    expect(gh.calls('issues/list-comments')).toHaveLength(0);
  });
});

describe('the action on other events', () => {
  it('push: compares before and after, comments nowhere', async () => {
    const gh = await fake();
    const r = await runAction(gh, 'push', { before: base, after: head }, { 'fail-on': 'violations' });
    expect(r.code).toBe(1);
    expect(r.outputs).toMatchObject({ opened: '6', violations: '2' });
    expect(r.stdout).toContain('no pull request for this run: no comment');
    expect(gh.requests).toHaveLength(0);
  });

  it('push of a new branch needs base-ref', async () => {
    const gh = await fake();
    const r = await runAction(gh, 'push', { before: '0000000000000000000000000000000000000000', after: head });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('set the base-ref input');
    const ok = await runAction(gh, 'workflow_dispatch', {}, { 'base-ref': base, 'head-ref': head, 'fail-on': 'never' });
    expect(ok.code).toBe(0);
    expect(ok.outputs.opened).toBe('6');
  });

  it('a bad input is a clear failure', async () => {
    const gh = await fake();
    const r = await runAction(gh, 'pull_request', prEvent(), { 'fail-on': 'sometimes' });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('input fail-on must be one of violations, new-violations, never, not "sometimes"');
  });
});

describe('publish mode', () => {
  async function unprivilegedReport(): Promise<string> {
    const gh = await fake();
    const r = await runAction(gh, 'pull_request', prEvent(9, true), { comment: 'never', 'fail-on': 'never' });
    await gh.stop();
    return readFileSync(r.outputs.report!, 'utf8');
  }

  function workflowRun(headSha: string) {
    return { workflow_run: { head_sha: headSha, html_url: 'https://github.com/octo/shop/actions/runs/99', pull_requests: [] } };
  }

  it('posts the comment of a report from an unprivileged run on the pull request found from the head commit', async () => {
    const text = await unprivilegedReport();
    const gh = await fake({ pulls: { [head]: 9 } });
    const dir = mkdtempSync(join(tmpdir(), 'reachdiff-artifact-'));
    writeFileSync(join(dir, 'report.json'), text);
    const r = await runAction(gh, 'workflow_run', workflowRun(head), { mode: 'publish', 'report-file': join(dir, 'report.json') });
    expect(r.code).toBe(0);
    const posted = gh.calls('issues/create-comment');
    expect(posted).toHaveLength(1);
    expect(posted[0]!.path).toBe('/repos/octo/shop/issues/9/comments');
    expect((posted[0]!.body as { body: string }).body).toContain('[workflow run](https://github.com/octo/shop/actions/runs/99)');
    expect(r.outputs['new-violations']).toBe('2');
    expect(gh.violations).toEqual([]);
  });

  it('rejects a tampered report and posts nothing', async () => {
    const text = await unprivilegedReport();
    const dir = mkdtempSync(join(tmpdir(), 'reachdiff-artifact-'));
    const tampered = JSON.parse(text) as { targets: Array<{ report: { changes: Array<Record<string, unknown>> } }> };
    tampered.targets[0]!.report.changes[0]!.type = '<img src=x onerror=alert(1)>';
    writeFileSync(join(dir, 'report.json'), JSON.stringify(tampered));
    const gh = await fake({ pulls: { [head]: 9 } });
    const r = await runAction(gh, 'workflow_run', workflowRun(head), { mode: 'publish', 'report-file': join(dir, 'report.json') });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/report-file .* does not follow the schema: .*changes/);
    expect(gh.calls('issues/create-comment')).toHaveLength(0);
    // a valid report for another commit is refused as well
    const other = JSON.parse(text) as { head: { sha: string } };
    other.head.sha = base;
    writeFileSync(join(dir, 'other.json'), JSON.stringify(other));
    const r2 = await runAction(gh, 'workflow_run', workflowRun(head), { mode: 'publish', 'report-file': join(dir, 'other.json') });
    expect(r2.code).toBe(1);
    expect(r2.stdout).toContain('nothing posted');
    expect(gh.requests).toHaveLength(0);
  });
});

describe('the action with targets', () => {
  let kustomize: string;
  let kBase: string;
  let kHead: string;

  beforeAll(() => {
    kustomize = mkdtempSync(join(tmpdir(), 'reachdiff-action-targets-'));
    cpSync(join(FIXTURES, 'kustomize'), kustomize, { recursive: true });
    mkdirSync(join(kustomize, '.github'));
    writeFileSync(
      join(kustomize, '.github', 'reachdiff.yml'),
      `targets:
  - name: prod
    render: node assemble.mjs overlays/prod
  - name: staging
    render: node assemble.mjs overlays/staging
invariants:
  - name: only the frontend reaches the backend in prod
    targets: [prod]
    only: { to: { labels: { app: backend } }, from: [ { labels: { app: frontend } } ] }
`,
    );
    git(kustomize, 'init', '-q', '-b', 'main');
    git(kustomize, 'add', '-A');
    git(kustomize, 'commit', '-qm', 'base');
    kBase = git(kustomize, 'rev-parse', 'HEAD');
    const policies = join(kustomize, 'base', 'policies.yaml');
    writeFileSync(policies, readFileSync(policies, 'utf8').replace('        - podSelector:\n            matchLabels: { app: frontend }\n      ports:\n        - { port: http }', '        - podSelector: {}\n      ports:\n        - { port: http }'));
    git(kustomize, 'commit', '-qam', 'head');
    kHead = git(kustomize, 'rev-parse', 'HEAD');
  });

  it('renders each target at both revisions and comments one section per target, the verdict summed', async () => {
    const gh = await fake({ repo: kustomize });
    const r = await runAction(gh, 'pull_request', prEvent(11, false, kBase, kHead), { 'fail-on': 'never' }, kustomize);
    expect(r.code).toBe(0);
    const body = (gh.calls('issues/create-comment')[0]!.body as { body: string }).body;
    expect(body).toContain('#### Target prod');
    expect(body).toContain('#### Target staging');
    const report = JSON.parse(readFileSync(r.outputs.report!, 'utf8')) as { summary: { opened: number }; targets: Array<{ name: string; report: { summary: { opened: number } } }> };
    expect(report.targets.map((t) => t.name)).toEqual(['prod', 'staging']);
    expect(report.targets.every((t) => t.report.summary.opened > 0)).toBe(true);
    expect(report.summary.opened).toBe(report.targets[0]!.report.summary.opened + report.targets[1]!.report.summary.opened);
    expect(r.outputs.opened).toBe(String(report.summary.opened));
    expect(r.outputs['new-violations']).toBe('1');
    expect(gh.violations).toEqual([]);
  });

  it('refuses render commands on pull_request_target, from a fork or not, with a clear error', async () => {
    const gh = await fake({ repo: kustomize });
    const r = await runAction(gh, 'pull_request_target', prEvent(11, true, kBase, kHead), {}, kustomize);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('target prod: refusing to run its render command on pull_request_target for a pull request from a fork');
    const body = (gh.calls('issues/create-comment')[0]!.body as { body: string }).body;
    expect(body).toContain('2 targets could not be analysed');
    // nor from a branch of the repository itself: that event carries the base repository's secrets
    const same = await runAction(gh, 'pull_request_target', prEvent(11, false, kBase, kHead), {}, kustomize);
    expect(same.code).toBe(1);
    expect(same.stdout).toContain('target prod: refusing to run its render command on pull_request_target: that event runs');
  });
});

describe('the action in a shallow clone', () => {
  it('fetches a missing base commit alone and reads from git', async () => {
    const clone = mkdtempSync(join(tmpdir(), 'reachdiff-shallow-'));
    execFileSync('git', ['clone', '-q', '--depth=1', `file://${repo}`, clone], { env: gitEnv });
    expect(() => git(clone, 'cat-file', '-e', `${base}^{commit}`)).toThrow();
    const gh = await fake();
    const r = await runAction(gh, 'pull_request', prEvent(), { 'fail-on': 'never', source: 'git', comment: 'never' }, clone);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('reading files through the local clone');
    expect(r.outputs.opened).toBe('6');
    expect(gh.requests).toHaveLength(0);
  });
});

