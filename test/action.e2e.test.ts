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
import type { Injected } from './github-api/server.js';
import { FakeGitHub } from './github-api/server.js';
import { deployment, FIXTURES, REPO } from './helpers.js';

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
async function runAction(gh: FakeGitHub, eventName: string, event: unknown, inputs: Record<string, string> = {}, workspace = repo, sha?: string): Promise<RunResult> {
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
    ...(sha ? { GITHUB_SHA: sha } : {}),
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
    // each file:line links to the file at its commit
    expect(body).toMatch(new RegExp(`\\[k8s/policies\\.yaml:\\d+\\]\\(https://github\\.com/octo/shop/blob/${head}/k8s/policies\\.yaml#L\\d+\\)`));
    expect(body).toContain(`Compared head ${head.slice(0, 7)} with its merge base ${base.slice(0, 7)}, as this event has no merge commit · [workflow run](https://github.com/octo/shop/actions/runs/4242)`);
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

  it('sarif: true writes a SARIF log of the failing invariants for code scanning, its path as the sarif output; the HTML report is an output too', async () => {
    const gh = await fake();
    const r = await runAction(gh, 'pull_request', prEvent(), { sarif: 'true', comment: 'never' });
    const log = JSON.parse(readFileSync(r.outputs['sarif']!, 'utf8')) as { version: string; runs: Array<{ results: Array<{ ruleId: string; level: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
    expect(r.outputs['sarif']).toBe(join(r.temp, 'reachdiff-default.sarif'));
    // the HTML report sits beside the JSON one, whatever the inputs
    expect(r.outputs['report-html']).toBe(join(r.temp, 'reachdiff-report-default.html'));
    const html = readFileSync(r.outputs['report-html']!, 'utf8');
    expect(html).toContain('"kind":"diff"');
    expect(html).toContain('frontend must never reach db');
    expect(log.version).toBe('2.1.0');
    const never = log.runs[0]!.results.filter((x) => x.ruleId === 'invariant/never');
    expect(never).toHaveLength(1);
    expect(never[0]).toMatchObject({ level: 'error', locations: [{ physicalLocation: { artifactLocation: { uri: 'k8s/policies.yaml' } } }] });
    // package.json, read by the default paths, is a note for the log only
    expect(JSON.stringify(log)).not.toContain('package.json');
    expect((await runAction(await fake(), 'pull_request', prEvent(), { comment: 'never' })).outputs['sarif']).toBeUndefined();
  });

  it('files the paths input names are manifests: one that is not is an error, annotated where the change brings it', async () => {
    const gh = await fake();
    const r = await runAction(gh, 'pull_request', prEvent(), { paths: 'k8s/**\npackage.json', 'fail-on': 'never' });
    const report = JSON.parse(readFileSync(r.outputs['report']!, 'utf8')) as { targets: Array<{ report: { head: { diagnostics: Array<{ file: string; code: string }> } } }> };
    expect(report.targets[0]!.report.head.diagnostics).toContainEqual(expect.objectContaining({ file: 'package.json', code: 'RD002' }));
    // not a manifest, but nothing a cluster would hold: the verdict does not fail closed for it (README, RD002)
    const body = (gh.calls('issues/create-comment')[0]!.body as { body: string }).body;
    expect(body).not.toContain('could not be read');
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

describe('API faults never flip a verdict', () => {
  /** The verdict of the fixture's pull request: two invariants newly violated. */
  const failsOnInvariants = (r: RunResult) => {
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('::error::reachdiff: newly violated invariants: "frontend must never reach db", "only backend and admin reach db"');
    expect(r.stdout).not.toMatch(/\n\s+at /);
  };

  const faults: Array<[string, Injected]> = [
    ['a 422 on creating the comment', { operationId: 'issues/create-comment', status: 422, message: 'Validation Failed', times: 1 }],
    ['a 500 on listing comments', { operationId: 'issues/list-comments', status: 500, message: 'Server Error', times: 9 }],
    ['garbled JSON on listing comments', { operationId: 'issues/list-comments', status: 200, message: '', raw: '[{"id": 1, "body": ', times: 9 }],
    ['a 502 on creating the comment, every time', { operationId: 'issues/create-comment', status: 502, message: 'Bad Gateway', times: 9 }],
  ];
  for (const [what, fault] of faults) {
    it(`${what} is a warning; the check reflects the invariants only`, async () => {
      const gh = await fake();
      gh.injected.push(fault);
      const r = await runAction(gh, 'pull_request', prEvent());
      failsOnInvariants(r);
      expect(r.stdout).toMatch(/::warning::(cannot comment|GitHub refused the comment|commenting on #7 failed)[^\n]*The verdict stands/);
      expect(r.outputs.opened).toBe('6');
      // and a pull request whose invariants hold passes
      const ok = await runAction(gh, 'pull_request', prEvent(7, false, base, base));
      expect(ok.code).toBe(0);
    });
  }

  it('a 500 on /user: the comment is still posted, by a bot', async () => {
    const gh = await fake();
    gh.injected.push({ operationId: 'users/get-authenticated', status: 500, message: 'Server Error', times: 9 });
    const r = await runAction(gh, 'pull_request', prEvent());
    failsOnInvariants(r);
    expect(r.stdout).toContain('cannot tell which account the token acts as');
    expect(gh.comments.get(7)).toHaveLength(1);
  });

  it('a create that GitHub carried out but answered 502 is found again, not posted twice', async () => {
    const gh = await fake();
    gh.injected.push({ operationId: 'issues/create-comment', status: 502, message: 'Bad Gateway', times: 1, afterApplying: true });
    const r = await runAction(gh, 'pull_request', prEvent());
    failsOnInvariants(r);
    expect(gh.comments.get(7)).toHaveLength(1);
    expect(r.stdout).toMatch(/comment on #7: created/);
  });

  it('retry-after of an hour is not waited out: the comment is given up at once with a warning', async () => {
    const gh = await fake();
    gh.injected.push({ operationId: 'issues/create-comment', status: 403, headers: { 'retry-after': '3600' }, message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', times: 9 });
    const started = Date.now();
    const r = await runAction(gh, 'pull_request', prEvent());
    expect(Date.now() - started).toBeLessThan(20_000);
    failsOnInvariants(r);
    expect(r.stdout).toContain('GitHub asks to wait 3600 s; giving up instead');
  }, 30_000);

  it('a request that does not answer is given up after api-timeout', async () => {
    const gh = await fake();
    gh.injected.push({ operationId: 'issues/list-comments', status: 200, message: '', raw: '[]', delayMs: 20_000, times: 9 });
    const started = Date.now();
    const r = await runAction(gh, 'pull_request', prEvent(), { 'api-timeout': '1' });
    expect(Date.now() - started).toBeLessThan(30_000);
    failsOnInvariants(r);
    expect(r.stdout).toMatch(/::warning::commenting on #7 failed/);
  }, 40_000);

  it('a comment deleted meanwhile is posted again', async () => {
    const gh = await fake();
    const old = gh.addComment(7, `${MARKER}\nold`, 'github-actions[bot]', 'Bot');
    gh.injected.push({ operationId: 'issues/update-comment', status: 404, message: 'Not Found', times: 1 });
    const r = await runAction(gh, 'pull_request', prEvent());
    failsOnInvariants(r);
    expect(r.stdout).toContain(`the comment https://github.com/octo/shop/pull/7#issuecomment-${old.id} was deleted meanwhile`);
    expect(gh.calls('issues/create-comment')).toHaveLength(1);
  });

  it("another bot's comment with reachdiff's marker is left alone, with a clear word, not a wrong read-only warning", async () => {
    const gh = await fake();
    gh.addComment(7, `${MARKER}\nquoted by another bot`, 'other-bot[bot]', 'Bot');
    gh.injected.push({ operationId: 'issues/update-comment', status: 403, message: 'Must have admin rights to Repository.', times: 1 });
    const r = await runAction(gh, 'pull_request', prEvent());
    failsOnInvariants(r);
    expect(r.stdout).toContain("carries reachdiff's marker but was written by other-bot[bot]");
    expect(r.stdout).not.toContain('read-only');
    expect(gh.comments.get(7)!.map((c) => c.user.login)).toEqual(['other-bot[bot]', 'github-actions[bot]']);
  });

  it('a head that was force-pushed away is a clear failure, not a stack trace', async () => {
    const gh = await fake();
    const gone = 'f'.repeat(40);
    const empty = mkdtempSync(join(tmpdir(), 'reachdiff-noclone-'));
    const r = await runAction(gh, 'pull_request', prEvent(7, false, base, gone), {}, empty);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`commit ${gone} cannot be read through the GitHub API (HTTP 404): it is not in the repository, or no longer (was it force-pushed away?)`);
    expect(r.stdout).not.toMatch(/\n\s+at /);
  });
});

describe('the action on a big change', () => {
  it('one default-deny over 500 workloads (250,000 paths closed): a verdict, a comment, a summary and a report publish mode reads', async () => {
    const big = mkdtempSync(join(tmpdir(), 'reachdiff-action-big-'));
    git(big, 'init', '-q', '-b', 'main');
    const docs = ['apiVersion: v1\nkind: Namespace\nmetadata: { name: big }\n'];
    for (let i = 0; i < 500; i++) docs.push(`apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: w${i}, namespace: big }\nspec:\n  selector: { matchLabels: { app: w${i} } }\n  template:\n    metadata: { labels: { app: w${i} } }\n    spec: { containers: [{ name: c, image: x }] }\n`);
    writeFileSync(join(big, 'apps.yaml'), docs.join('---\n'));
    mkdirSync(join(big, '.github'));
    writeFileSync(join(big, '.github', 'reachdiff.yml'), 'invariants:\n  - name: w1 reaches w2\n    always: { from: { labels: { app: w1 } }, to: { labels: { app: w2 } } }\n');
    git(big, 'add', '-A');
    git(big, 'commit', '-qm', 'base');
    const b = git(big, 'rev-parse', 'HEAD');
    writeFileSync(join(big, 'deny.yaml'), 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: deny, namespace: big }\nspec: { podSelector: {}, policyTypes: [Ingress] }\n');
    git(big, 'add', '-A');
    git(big, 'commit', '-qm', 'head');
    const h = git(big, 'rev-parse', 'HEAD');
    const gh = await fake({ repo: big });
    const started = Date.now();
    const r = await runAction(gh, 'pull_request', prEvent(13, false, b, h), {}, big);
    expect(Date.now() - started).toBeLessThan(60_000);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('newly violated invariant: "w1 reaches w2"');
    expect(r.outputs.closed).toBe(String(500 * 499 + 500));
    const body = (gh.calls('issues/create-comment')[0]!.body as { body: string }).body;
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(60_000);
    expect(body).toContain('250000 paths closed');
    expect(r.summary).toContain('250000 paths closed');
    expect(gh.violations).toEqual([]);
    // publish mode reads the report this run wrote
    const { readUntrustedReport } = await import('../src/action/run.js');
    expect(readUntrustedReport(r.outputs.report!).summary.closed).toBe(250_000);
  }, 90_000);
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

  /** A repository of 150 manifest files, and a head that denies ingress to one of its 150 workloads. */
  const manyFiles = () => {
    const many = mkdtempSync(join(tmpdir(), 'reachdiff-action-many-'));
    git(many, 'init', '-q', '-b', 'main');
    mkdirSync(join(many, 'apps'));
    writeFileSync(join(many, 'apps', 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: { name: many }\n');
    for (let i = 0; i < 150; i++) writeFileSync(join(many, 'apps', `w${i}.yaml`), `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: w${i}, namespace: many }\nspec:\n  selector: { matchLabels: { app: w${i} } }\n  template:\n    metadata: { labels: { app: w${i} } }\n    spec: { containers: [{ name: c, image: x }] }\n`);
    git(many, 'add', '-A');
    git(many, 'commit', '-qm', 'base');
    const b = git(many, 'rev-parse', 'HEAD');
    writeFileSync(join(many, 'apps', 'deny.yaml'), 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: deny, namespace: many }\nspec: { podSelector: { matchLabels: { app: w0 } }, policyTypes: [Ingress] }\n');
    git(many, 'add', '-A');
    git(many, 'commit', '-qm', 'head');
    return { many, b, h: git(many, 'rev-parse', 'HEAD') };
  };

  it('reads a revision of many files from its archive, in one request, following the redirect', async () => {
    const { many, b, h } = manyFiles();
    const gh = await fake({ repo: many });
    const empty = mkdtempSync(join(tmpdir(), 'reachdiff-noclone-'));
    const r = await runAction(gh, 'pull_request', prEvent(7, false, b, h), { 'fail-on': 'never', comment: 'never' }, empty);
    expect(r.code).toBe(0);
    expect(r.outputs.closed).toBe('150');
    // the two revisions are read at once: in either order
    expect(gh.calls('repos/download-tarball-archive').map((c) => c.path.split('/').pop()).sort()).toEqual([b, h].sort());
    expect([...gh.archives].sort()).toEqual([b, h].sort());
    // both revisions are read at once, each from its archive: no blob is asked for
    expect(gh.calls('git/get-blob')).toHaveLength(0);
    expect(gh.violations).toEqual([]);
  });

  it('reads blob by blob, with the same verdict, when the archive is refused', async () => {
    const { many, b, h } = manyFiles();
    const gh = await fake({ repo: many, archiveStatus: 404 });
    const empty = mkdtempSync(join(tmpdir(), 'reachdiff-noclone-'));
    const r = await runAction(gh, 'pull_request', prEvent(7, false, b, h), { 'fail-on': 'never', comment: 'never' }, empty);
    expect(r.code).toBe(0);
    expect(r.outputs.closed).toBe('150');
    expect(r.stdout).toMatch(/the archive of [0-9a-f]{40} could not be read \(.*\); reading its files one by one/);
    // each distinct blob once: 151 at base, and the new policy at head
    expect(gh.calls('git/get-blob')).toHaveLength(152);
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

describe('the action compares what the merge does', () => {
  const DEBUG_POLICY = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: db-from-debug, namespace: staging }
spec:
  podSelector: { matchLabels: { app: db } }
  ingress: [{ from: [{ podSelector: { matchLabels: { role: debug } } }], ports: [{ port: 5432 }] }]
`;
  /** Commits on a branch from `from`, each a change to the files; returns the last commit. */
  const commitOn = (branch: string, from: string, change: () => void): string => {
    git(repo, 'checkout', '-q', '-B', branch, from);
    change();
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', branch);
    const sha = git(repo, 'rev-parse', 'HEAD');
    git(repo, 'checkout', '-q', 'main');
    return sha;
  };
  /** GitHub's refs/pull/N/merge: the pull request merged into the base branch's tip. */
  const mergeCommit = (baseTip: string, prHead: string): string => {
    git(repo, 'checkout', '-q', '--detach', baseTip);
    git(repo, 'merge', '-q', '--no-ff', '--no-edit', prHead);
    const sha = git(repo, 'rev-parse', 'HEAD');
    git(repo, 'checkout', '-q', 'main');
    return sha;
  };
  const edit = (file: string, f: (text: string) => string) => writeFileSync(join(repo, file), f(readFileSync(join(repo, file), 'utf8')));

  it('a pull request whose merge opens frontend → db fails, though its head alone opens nothing', async () => {
    // main allows db from pods labelled role=debug; the pull request, branched before, labels the frontend so
    const mainTip = commitOn('main-debug', base, () => edit('k8s/policies.yaml', (p) => p + DEBUG_POLICY));
    const prHead = commitOn('label-frontend', base, () => edit('k8s/workloads.yaml', (w) => w.replace('labels: { app: frontend, tier: web }', 'labels: { app: frontend, tier: web, role: debug }')));
    const merge = mergeCommit(mainTip, prHead);
    const gh = await fake();
    const r = await runAction(gh, 'pull_request', prEvent(8, false, mainTip, prHead), { comment: 'never' }, repo, merge);
    expect(gh.violations).toEqual([]);
    expect(r.stdout).toContain(`the merge commit of #8 (head ${merge.slice(0, 7)}) with the base branch it merges into (base ${mainTip.slice(0, 7)})`);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/::error::reachdiff: newly violated invariants?: "frontend must never reach db"/);
    // the pull request's own change, against its merge base, opens nothing
    const alone = await runAction(gh, 'pull_request', prEvent(8, false, mainTip, prHead), { 'base-ref': base, 'head-ref': prHead, comment: 'never' });
    expect(alone.code).toBe(0);
    expect(alone.outputs.opened).toBe('0');
  });

  it('a docs-only pull request passes after main fixed what its branch point had: changes on main are not shown as its', async () => {
    // the branch point violates; main fixes it; the pull request, from the branch point, changes docs only
    const fixed = commitOn('main-fixed', head, () => {
      execFileSync('rm', ['-rf', join(repo, 'k8s')]);
      cpSync(join(FIXTURES, 'demo'), join(repo, 'k8s'), { recursive: true });
    });
    const docs = commitOn('docs-only', head, () => writeFileSync(join(repo, 'NOTES.md'), 'docs\n'));
    const merge = mergeCommit(fixed, docs);
    const gh = await fake();
    const r = await runAction(gh, 'pull_request', prEvent(9, false, fixed, docs), {}, repo, merge);
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ opened: '0', closed: '0', changed: '0', 'new-violations': '0' });
    // compared without the merge commit, main's fix reads as the pull request undoing it
    const naive = await runAction(gh, 'pull_request', prEvent(9, false, fixed, docs), { 'base-ref': fixed, 'head-ref': docs, comment: 'never' });
    expect(naive.code).toBe(1);
  });

  it('pull_request_target has no merge commit: the head is compared with its merge base, and the comment says so', async () => {
    const mainTip = commitOn('main-moved', base, () => writeFileSync(join(repo, 'README.md'), 'moved\n'));
    const gh = await fake();
    const r = await runAction(gh, 'pull_request_target', prEvent(10, false, mainTip, head), { 'fail-on': 'never' }, repo, mainTip);
    expect(r.outputs).toMatchObject({ opened: '6', changed: '1' });
    const body = (gh.calls('issues/create-comment')[0]!.body as { body: string }).body;
    expect(body).toContain(`Compared head ${head.slice(0, 7)} with its merge base ${base.slice(0, 7)}, as this event has no merge commit`);
  });
});

describe('the action fails closed on unread input', () => {
  let hidden: string;
  beforeAll(() => {
    // a pull request that hides a policy behind a link and a Git LFS pointer; what reachdiff can read is the base
    git(repo, 'checkout', '-q', '-b', 'unread', base);
    writeFileSync(join(repo, 'k8s', 'lfs.yaml'), 'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a2146\nsize 12\n');
    execFileSync('ln', ['-s', 'policies.yaml', join(repo, 'k8s', 'link.yaml')]);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'unread');
    hidden = git(repo, 'rev-parse', 'HEAD');
    git(repo, 'checkout', '-q', 'main');
  });

  for (const source of ['git', 'api'] as const) {
    it(`reading through ${source}: the check fails, and the comment and summary list the unread files`, async () => {
      const gh = await fake();
      const r = await runAction(gh, 'pull_request', prEvent(7, false, base, hidden), { source });
      expect(gh.violations).toEqual([]);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/::error::reachdiff: failing closed: 2 inputs at head could not be read/);
      const body = (gh.calls('issues/create-comment')[0]!.body as { body: string }).body;
      expect(body).toContain('❌ 2 inputs at head could not be read, so 5 invariants that hold on what was read fail closed');
      // each invariant's row says so, none holds
      expect(body).toContain('| ❌ fails closed | frontend must never reach db | never | holds on what was read; 2 inputs at head not read |');
      expect(body).not.toContain('✅');
      expect(body).toMatch(/> - \[k8s\/link\.yaml:1\]\(https:\/\/github\.com\/octo\/shop\/blob\/[0-9a-f]{40}\/k8s\/link\.yaml#L1\): a symbolic link \(to "policies\.yaml"\)/);
      expect(body).toMatch(/> - \[k8s\/lfs\.yaml:1\]\(https:\/\/github\.com\/octo\/shop\/blob\/[0-9a-f]{40}\/k8s\/lfs\.yaml#L1\): a Git LFS pointer/);
      expect(r.summary).toContain('k8s/lfs.yaml');
    });
  }

  describe('a pull request that adds a Chart.yaml beside an allow policy', () => {
    let charted: string;
    beforeAll(() => {
      // the action never renders charts: the policy would be left out, with a line in the log
      git(repo, 'checkout', '-q', '-b', 'charted', base);
      mkdirSync(join(repo, 'k8s', 'extra'), { recursive: true });
      writeFileSync(join(repo, 'k8s', 'extra', 'Chart.yaml'), 'apiVersion: v2\nname: extra\nversion: 0.1.0\n');
      writeFileSync(join(repo, 'k8s', 'extra', 'open.yaml'), 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: open, namespace: shop }\nspec: { podSelector: {}, ingress: [ {} ] }\n');
      git(repo, 'add', '-A');
      git(repo, 'commit', '-qm', 'charted');
      charted = git(repo, 'rev-parse', 'HEAD');
      git(repo, 'checkout', '-q', 'main');
    });

    for (const source of ['git', 'api'] as const) {
      it(`reading through ${source}: the chart the change adds is unread input, and the check fails closed`, async () => {
        const gh = await fake();
        const r = await runAction(gh, 'pull_request', prEvent(8, false, base, charted), { source });
        expect(gh.violations).toEqual([]);
        expect(r.code).toBe(1);
        expect(r.stdout).toMatch(/::error::reachdiff: failing closed: 1 input at head could not be read/);
        const body = (gh.calls('issues/create-comment')[0]!.body as { body: string }).body;
        expect(body).toMatch(/k8s\/extra\/Chart\.yaml:1\]\([^)]*\): Helm chart k8s\/extra \(extra\) is not rendered: .*so it fails closed/);
      });
    }
  });
});

describe('inputs and a config that would leave the invariants unchecked', () => {
  /** A repository of two commits: base with `files` and the demo, head with the demo's pull request. */
  function repoWith(files: Record<string, string>, headFiles: Record<string, string> = {}): { dir: string; base: string; head: string } {
    const dir = mkdtempSync(join(tmpdir(), 'reachdiff-action-inputs-'));
    git(dir, 'init', '-q', '-b', 'main');
    cpSync(join(FIXTURES, 'demo'), join(dir, 'k8s'), { recursive: true });
    const write = (all: Record<string, string>) => {
      for (const [path, text] of Object.entries(all)) {
        mkdirSync(join(dir, path, '..'), { recursive: true });
        writeFileSync(join(dir, path), text);
      }
    };
    write(files);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'base');
    const b = git(dir, 'rev-parse', 'HEAD');
    execFileSync('rm', ['-rf', join(dir, 'k8s')]);
    cpSync(join(FIXTURES, 'demo-pr'), join(dir, 'k8s'), { recursive: true });
    write(headFiles);
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'head');
    return { dir, base: b, head: git(dir, 'rev-parse', 'HEAD') };
  }
  const invariants = readFileSync(join(FIXTURES, 'demo-invariants.yml'), 'utf8');

  it('a config the workflow names that is at neither revision fails the step', async () => {
    const gh = await fake();
    const r = await runAction(gh, 'pull_request', prEvent(), { config: '.github/missing.yml', source: 'git', comment: 'never' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/::error::reachdiff: input config: \.github\/missing\.yml is at neither the base nor the head revision/);
  });

  it('a config under the other extension than the one read fails the step, naming both', async () => {
    const { dir, base: b, head: h } = repoWith({ '.github/reachdiff.yaml': invariants });
    const gh = await fake();
    const r = await runAction(gh, 'pull_request', prEvent(7, false, b, h), { source: 'git', comment: 'never' }, dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/the config is read from \.github\/reachdiff\.yml, but the repository has \.github\/reachdiff\.yaml/);
  });

  it('no config at all: changes are reported, and the summary says no invariant was checked', async () => {
    const { dir, base: b, head: h } = repoWith({});
    const gh = await fake();
    const r = await runAction(gh, 'pull_request', prEvent(7, false, b, h), { source: 'git', comment: 'never' }, dir);
    expect(r.code).toBe(0);
    expect(r.summary).toContain('_No invariants checked: no config at `.github/reachdiff.yml`._');
  });

  it('paths that match no file at either revision fail the step; a leading / means the repository root', async () => {
    const gh = await fake();
    const none = await runAction(gh, 'pull_request', prEvent(), { paths: 'k8s/**/*.YAML', source: 'git', comment: 'never' });
    expect(none.code).toBe(1);
    expect(none.stdout).toMatch(/::error::reachdiff: paths \(k8s\/\*\*\/\*\.YAML\) match no file at base or at head: nothing was analysed, so its invariants cannot be checked/);
    const rooted = await runAction(gh, 'pull_request', prEvent(), { paths: '/k8s/**', source: 'git', comment: 'never' });
    expect(rooted.code).toBe(1);
    expect(rooted.outputs['new-violations']).toBe('2');
  });

  it('the default paths finding no manifest, with no config to check, is a warning', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reachdiff-action-empty-'));
    git(dir, 'init', '-q', '-b', 'main');
    writeFileSync(join(dir, 'README.md'), 'no manifests\n');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-qm', 'base');
    const b = git(dir, 'rev-parse', 'HEAD');
    writeFileSync(join(dir, 'README.md'), 'still none\n');
    git(dir, 'commit', '-qam', 'head');
    const gh = await fake();
    const r = await runAction(gh, 'pull_request', prEvent(7, false, b, git(dir, 'rev-parse', 'HEAD')), { source: 'git', comment: 'never' }, dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('::warning::target manifests: no YAML or JSON file is at base or at head: nothing was analysed');
  });

  it('an ignore entry that silences nothing is noted in the job log, with its line in the config', async () => {
    const config = `${invariants}ignore:\n  - { code: RD101, object: shop/nonexistent }\n`;
    const line = config.split('\n').findIndex((l) => l.includes('shop/nonexistent')) + 1;
    const { dir, base: b, head: h } = repoWith({ '.github/reachdiff.yml': config });
    const gh = await fake();
    const r = await runAction(gh, 'pull_request', prEvent(7, false, b, h), { source: 'git', comment: 'never', 'fail-on': 'never' }, dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`.github/reachdiff.yml:${line}: note: this ignore entry silences nothing here: no RD101 warning names shop/nonexistent`);
  });

  it("paths name files in hidden directories as the API's reading does, and a glob of them that matches no file fails the step", async () => {
    // `paths` globs match dot directories (README, Inputs): kubectl apply -R reads them too
    const open = deployment('staging', 'hidden-client', { app: 'hidden-client' });
    const gh = await fake();
    const inputs = { source: 'git', comment: 'never', 'fail-on': 'never', paths: 'k8s/**/*.yaml' };
    const without = repoWith({ '.github/reachdiff.yml': invariants });
    const plain = await runAction(gh, 'pull_request', prEvent(7, false, without.base, without.head), inputs, without.dir);
    const hidden = repoWith({ '.github/reachdiff.yml': invariants }, { 'k8s/.x/open.yaml': open });
    const r = await runAction(gh, 'pull_request', prEvent(7, false, hidden.base, hidden.head), inputs, hidden.dir);
    expect(r.code).toBe(0);
    expect(Number(r.outputs['opened'])).toBeGreaterThan(Number(plain.outputs['opened']));
    // a brace's alternatives are one glob, not two items; a glob that matches nothing at either revision is a mistake
    const braces = await runAction(gh, 'pull_request', prEvent(7, false, hidden.base, hidden.head), { ...inputs, paths: 'k8s/**/*.{yaml,yml}' }, hidden.dir);
    expect(braces.outputs['opened']).toBe(r.outputs['opened']);
    const typo = await runAction(gh, 'pull_request', prEvent(7, false, hidden.base, hidden.head), { ...inputs, paths: 'k8s/**/*.yaml\nnetpols/*.yaml' }, hidden.dir);
    expect(typo.code).toBe(1);
    expect(typo.stdout).toMatch(/path netpols\/\*\.yaml matches no file at base or at head/);
  });

  it('a manifest committed under node_modules, which kubectl apply -R reads, fails closed', async () => {
    const open = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: open, namespace: staging }\nspec: { podSelector: {}, ingress: [ {} ] }\n';
    const { dir, base: b, head: h } = repoWith({ '.github/reachdiff.yml': invariants }, { 'k8s/node_modules/open.yaml': open });
    const gh = await fake();
    const r = await runAction(gh, 'pull_request', prEvent(7, false, b, h), { source: 'git', comment: 'never', 'fail-on': 'violations' }, dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/file=k8s\/node_modules\/open\.yaml,line=1::not read: the file is in k8s\/node_modules, which a walk of directories skips/);
    expect(r.stdout).toMatch(/failing closed: 1 input at head could not be read/);
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
    const gh = await fake({ pulls: { [head]: 9 }, pullBase: base });
    const dir = mkdtempSync(join(tmpdir(), 'reachdiff-artifact-'));
    writeFileSync(join(dir, 'report.json'), text);
    const r = await runAction(gh, 'workflow_run', workflowRun(head), { mode: 'publish', 'report-file': join(dir, 'report.json') });
    expect(r.code, r.stdout).toBe(0);
    const posted = gh.calls('issues/create-comment');
    expect(posted).toHaveLength(1);
    expect(posted[0]!.path).toBe('/repos/octo/shop/issues/9/comments');
    expect((posted[0]!.body as { body: string }).body).toContain('[workflow run](https://github.com/octo/shop/actions/runs/99)');
    expect(r.outputs['new-violations']).toBe('2');
    expect(gh.violations).toEqual([]);
  });

  it('a verdict forged in the report file is not posted: targets that need no render are analysed again, as data', async () => {
    const forged = JSON.parse(await unprivilegedReport()) as { targets: Array<{ report: { changes: unknown[]; invariants: unknown[] } }> };
    forged.targets[0]!.report.changes = [];
    forged.targets[0]!.report.invariants = [];
    const dir = mkdtempSync(join(tmpdir(), 'reachdiff-artifact-'));
    writeFileSync(join(dir, 'report.json'), JSON.stringify(forged));
    const gh = await fake({ pulls: { [head]: 9 }, pullBase: base });
    const empty = mkdtempSync(join(tmpdir(), 'reachdiff-noclone-'));
    const r = await runAction(gh, 'workflow_run', workflowRun(head), { mode: 'publish', 'report-file': join(dir, 'report.json') }, empty);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('the report file is used for render targets only');
    expect(r.outputs).toMatchObject({ opened: '6', 'new-violations': '2' });
    const body = (gh.calls('issues/create-comment')[0]!.body as { body: string }).body;
    expect(body).toContain('2 invariants newly violated · 6 paths opened');
    expect(body).not.toContain("Computed by the pull request's own run");
    expect(gh.violations).toEqual([]);
  });

  it('rejects a tampered report and posts nothing', async () => {
    const text = await unprivilegedReport();
    const dir = mkdtempSync(join(tmpdir(), 'reachdiff-artifact-'));
    const tampered = JSON.parse(text) as { targets: Array<{ report: { changes: Array<Record<string, unknown>> } }> };
    tampered.targets[0]!.report.changes[0]!.type = '<img src=x onerror=alert(1)>';
    writeFileSync(join(dir, 'report.json'), JSON.stringify(tampered));
    const gh = await fake({ pulls: { [head]: 9 }, pullBase: base });
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

  it('a failing render: its stderr goes to the job log behind stop-commands, never to the comment; it sees no token or input', async () => {
    const hostile = mkdtempSync(join(tmpdir(), 'reachdiff-action-hostile-'));
    cpSync(kustomize, hostile, { recursive: true });
    writeFileSync(join(hostile, '.github', 'reachdiff.yml'), 'targets:\n  - name: evil\n    render: sh render.sh\n');
    writeFileSync(
      join(hostile, 'render.sh'),
      'exec 1>&2\necho "::error::injected"\necho "::add-mask::everything"\necho "::set-output name=opened::999"\nenv | grep -E "TOKEN|INPUT_|ghs_"\necho "token=${GITHUB_TOKEN}$(printenv INPUT_GITHUB-TOKEN)"\nexit 3\n',
    );
    git(hostile, 'add', '-A');
    git(hostile, 'commit', '-qm', 'hostile');
    const hostileHead = git(hostile, 'rev-parse', 'HEAD');
    const gh = await fake({ repo: hostile });
    const r = await runAction(gh, 'pull_request', prEvent(12, false, hostileHead, hostileHead), {}, hostile);
    expect(r.code).toBe(1);
    // every line the render printed is inside a stop-commands block: the runner reads no command from it
    const lines = r.stdout.split('\n');
    const start = lines.findIndex((l) => l.startsWith('::stop-commands::'));
    const token = lines[start]!.slice('::stop-commands::'.length);
    const end = lines.indexOf(`::${token}::`);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(end).toBeGreaterThan(start);
    const outside = [...lines.slice(0, start), ...lines.slice(end + 1)];
    expect(outside.some((l) => /^::(error::injected|add-mask::|set-output)/.test(l))).toBe(false);
    // the render saw no token and no input
    expect(r.stdout).toContain('token=');
    expect(r.stdout).not.toContain('ghs_test');
    expect(r.stdout).not.toMatch(/INPUT_/);
    // the comment and the report say that it failed and where its output is, not what it printed
    const body = (gh.calls('issues/create-comment')[0]!.body as { body: string }).body;
    expect(body).toContain('target evil: the render command at');
    expect(body).toContain('exited with status 3; its stderr is in the job log');
    expect(body).not.toContain('injected');
    expect(readFileSync(r.outputs.report!, 'utf8')).not.toContain('injected');
    expect(r.outputs.opened).toBe('0');
  });

  it('publish mode takes render targets from the report file, marked as the pull request\'s own results', async () => {
    const first = await fake({ repo: kustomize });
    const analysed = await runAction(first, 'pull_request', prEvent(11, true, kBase, kHead), { comment: 'never', 'fail-on': 'never' }, kustomize);
    const gh = await fake({ repo: kustomize, pulls: { [kHead]: 11 }, pullBase: kBase });
    const empty = mkdtempSync(join(tmpdir(), 'reachdiff-noclone-'));
    const r = await runAction(gh, 'workflow_run', { workflow_run: { head_sha: kHead, html_url: 'https://github.com/octo/shop/actions/runs/5' } }, { mode: 'publish', 'report-file': analysed.outputs.report! }, empty);
    expect(r.code).toBe(0);
    const body = (gh.calls('issues/create-comment')[0]!.body as { body: string }).body;
    expect(body.match(/Computed by the pull request's own run/g)).toHaveLength(2);
    const report = JSON.parse(readFileSync(r.outputs.report!, 'utf8')) as { targets: Array<{ name: string; untrusted?: boolean }> };
    expect(report.targets.map((x) => [x.name, x.untrusted])).toEqual([['prod', true], ['staging', true]]);
  });

  it('renders on pull_request_target only a head that is on a branch of the repository: one from a fork is refused, clearly', async () => {
    const gh = await fake({ repo: kustomize });
    const r = await runAction(gh, 'pull_request_target', prEvent(11, true, kBase, kHead), {}, kustomize);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`target prod: refusing to run its render command: its head ${kHead} is not on a branch of octo/shop (it comes from a fork), and this run (pull_request_target) holds the base repository's token and secrets`);
    const body = (gh.calls('issues/create-comment')[0]!.body as { body: string }).body;
    expect(body).toContain('2 targets could not be analysed');
    // the same head as the tip of a branch of the repository is trusted, on the same event
    const trusted = await fake({ repo: kustomize, branches: { topic: kHead } });
    const same = await runAction(trusted, 'pull_request_target', prEvent(11, false, kBase, kHead), { 'fail-on': 'never' }, kustomize);
    expect(same.code).toBe(0);
    expect(same.stdout).not.toContain('refusing');
    expect(trusted.violations).toEqual([]);
  });

  it('a head-ref at a fork\'s commit on workflow_run or issue_comment is not rendered', async () => {
    // a commit that no branch holds, as a fork's is
    git(kustomize, 'checkout', '-q', '--detach', kBase);
    writeFileSync(join(kustomize, 'fork.txt'), 'from a fork\n');
    git(kustomize, 'add', '-A');
    git(kustomize, 'commit', '-qm', 'fork');
    const forkHead = git(kustomize, 'rev-parse', 'HEAD');
    git(kustomize, 'checkout', '-q', 'main');
    for (const event of ['workflow_run', 'issue_comment']) {
      const gh = await fake({ repo: kustomize, branches: { main: kHead } });
      const r = await runAction(gh, event, { repository: { default_branch: 'main' } }, { 'base-ref': kBase, 'head-ref': forkHead, comment: 'never' }, kustomize);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(`refusing to run its render command: its head ${forkHead} is not on a branch of octo/shop`);
      // the check asked where the commit is: branches whose head it is, and whether the default branch holds it
      expect(gh.calls('repos/list-branches-for-head-commit')).toHaveLength(1);
      expect(gh.calls('repos/compare-commits-with-basehead').length).toBeGreaterThan(0);
    }
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
    // the shallow history cannot tell the merge base: only that is asked of the API
    expect(gh.requests.map((q) => q.operationId)).toEqual(['repos/compare-commits-with-basehead']);
  });

  it('fetches a missing base and head one after the other, so the two fetches never race, and reads from git', async () => {
    // a depth-1 clone of another branch holds neither commit
    const other = git(repo, 'commit-tree', `${base}^{tree}`, '-p', base, '-m', 'elsewhere');
    git(repo, 'branch', '-f', 'elsewhere', other);
    const clone = mkdtempSync(join(tmpdir(), 'reachdiff-shallow-'));
    execFileSync('git', ['clone', '-q', '--depth=1', '--branch', 'elsewhere', `file://${repo}`, clone], { env: gitEnv });
    for (const sha of [base, head]) expect(() => git(clone, 'cat-file', '-e', `${sha}^{commit}`)).toThrow();
    const gh = await fake();
    const r = await runAction(gh, 'pull_request', prEvent(), { 'fail-on': 'never', source: 'git', comment: 'never' }, clone);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('reading files through the local clone');
    expect(r.outputs.opened).toBe('6');
    for (const sha of [base, head]) git(clone, 'cat-file', '-e', `${sha}^{commit}`);
  });
});

