/**
 * The action's runs, driven in-process (against the stand-in for the REST
 * API where they need one): which annotations fail the step, what the
 * comment says of a config without invariants, and the fork workflow
 * (analyze on pull_request, publish on workflow_run) where the analysing
 * run compared GitHub's merge commit.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { githubApi } from '../src/action/api.js';
import { readInputs } from '../src/action/inputs.js';
import type { ActionEnv, ActionIo, Annotation } from '../src/action/run.js';
import { analyzeRun, publishRun } from '../src/action/run.js';
import { FakeGitHub } from './github-api/server.js';
import { FIXTURES } from './helpers.js';

const gitEnv = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
const git = (repo: string, ...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', env: gitEnv }).trim();

const REPOSITORY = 'octo/shop';
let repo: string;
/** The demo's base, and its pull request's head (a child of base). */
let base: string;
let head: string;

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'reachdiff-action-run-'));
  git(repo, 'init', '-q', '-b', 'main');
  cpSync(join(FIXTURES, 'demo'), join(repo, 'k8s'), { recursive: true });
  mkdirSync(join(repo, '.github'));
  cpSync(join(FIXTURES, 'demo-invariants.yml'), join(repo, '.github', 'reachdiff.yml'));
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'base');
  base = git(repo, 'rev-parse', 'HEAD');
  git(repo, 'checkout', '-q', '-b', 'topic');
  rmSync(join(repo, 'k8s'), { recursive: true });
  cpSync(join(FIXTURES, 'demo-pr'), join(repo, 'k8s'), { recursive: true });
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'head');
  head = git(repo, 'rev-parse', 'HEAD');
  git(repo, 'checkout', '-q', 'main');
});

afterAll(() => rmSync(repo, { recursive: true, force: true }));

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

interface Recorder extends ActionIo {
  readonly errors: Array<{ message: string; at?: Annotation }>;
  readonly warnings: Array<{ message: string; at?: Annotation }>;
  readonly logs: string[];
  readonly outputs: Record<string, string>;
  readonly failed: string[];
  readonly summaries: string[];
}

function recorder(): Recorder {
  const r: Recorder = {
    errors: [],
    warnings: [],
    logs: [],
    outputs: {},
    failed: [],
    summaries: [],
    info: (m) => void r.logs.push(m),
    warning: (message, at) => void r.warnings.push({ message, ...(at ? { at } : {}) }),
    error: (message, at) => void r.errors.push({ message, ...(at ? { at } : {}) }),
    setOutput: (name, value) => void (r.outputs[name] = String(value)),
    setFailed: (m) => void r.failed.push(m),
    writeSummary: async (md) => void r.summaries.push(md),
  };
  return r;
}

function env(eventName: string, payload: Record<string, unknown>, sha?: string): ActionEnv {
  return { eventName, payload, repository: REPOSITORY, workspace: repo, tempDir: mkdtempSync(join(tmpdir(), 'reachdiff-runner-')), runUrl: 'https://github.com/octo/shop/actions/runs/4242', serverUrl: 'https://github.com', ...(sha ? { sha } : {}) };
}

const noApi = () => {
  throw new Error('no API in this test');
};

describe('annotations of failing invariants', () => {
  const run = async (inputs: Record<string, string>, from: string) => {
    const io = recorder();
    await analyzeRun(readInputs((name) => ({ 'base-ref': from, 'head-ref': head, source: 'git', comment: 'never', ...inputs })[name] ?? ''), env('workflow_dispatch', {}), noApi, io);
    return { errors: io.errors.filter((e) => e.message.startsWith('invariant ')), warnings: io.warnings.filter((w) => w.message.startsWith('invariant ')), failed: io.failed };
  };

  it('are errors only where they fail the step, warnings where fail-on lets them pass', async () => {
    // two invariants newly violated: errors under the default, warnings under fail-on: never
    const broken = await run({}, base);
    expect(broken.errors.map((e) => e.message)).toEqual([expect.stringMatching(/^invariant "frontend must never reach db" newly violated/), expect.stringMatching(/^invariant "only backend and admin reach db" newly violated/)]);
    expect(broken.warnings).toEqual([]);
    expect(broken.failed).toHaveLength(1);
    const never = await run({ 'fail-on': 'never' }, base);
    expect(never.errors).toEqual([]);
    expect(never.warnings.map((w) => w.at?.title)).toEqual(['reachdiff: frontend must never reach db', 'reachdiff: only backend and admin reach db']);
    expect(never.failed).toEqual([]);
    // the same violations already at base: warnings under new-violations, errors under violations
    const old = await run({}, head);
    expect(old.errors).toEqual([]);
    expect(old.warnings).toHaveLength(2);
    expect(old.failed).toEqual([]);
    const any = await run({ 'fail-on': 'violations' }, head);
    expect(any.errors).toHaveLength(2);
    expect(any.warnings).toEqual([]);
    expect(any.failed).toHaveLength(1);
  });
});

/** A commit on top of `from` with these files written, the work tree left as it was. */
function commitOn(from: string, files: Record<string, string>): string {
  git(repo, 'checkout', '-q', '--detach', from);
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(repo, name), text);
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'edit');
    return git(repo, 'rev-parse', 'HEAD');
  } finally {
    git(repo, 'checkout', '-q', 'main');
  }
}

// README "What fails closed": an invariant that holds on what was read fails closed on input at head that was not
describe('invariants that unread input at head fails closed', () => {
  it('are annotated as failing closed, named with that input in the step\'s failure, and shown so in the job summary', async () => {
    const at = commitOn(base, { 'k8s/broken.yaml': 'kind: NetworkPolicy\nspec: [unclosed\n' });
    const io = recorder();
    await analyzeRun(readInputs((name) => ({ 'base-ref': base, 'head-ref': at, source: 'git', comment: 'never' })[name] ?? ''), env('workflow_dispatch', {}), noApi, io);
    const annotations = io.errors.filter((e) => e.message.startsWith('invariant '));
    expect(annotations.length).toBeGreaterThan(0);
    for (const a of annotations) expect(a.message).toMatch(/^invariant "[^"]+" fails closed: k8s\/broken\.yaml:2: YAML syntax: /);
    expect(io.failed).toHaveLength(1);
    expect(io.failed[0]).not.toContain('newly violated');
    expect(io.failed[0]).toContain('failing closed: 1 input at head could not be read');
    expect(io.outputs['new-violations']).toBe(String(annotations.length));
    const summary = io.summaries.join('');
    expect(summary).toMatch(/❌ 1 input at head could not be read, so \d+ invariants? that holds? on what was read fails? closed/);
    expect(summary).toContain('| ❌ fails closed |');
    expect(summary).not.toContain('| ✅ holds |');
  });
});

describe('the comment on a run that checked no invariant', () => {
  it('says so where the config declares none, as where there is no config', async () => {
    for (const text of ['', '# invariants come later\n', 'invariants:\n', 'invariants: []\n']) {
      const at = commitOn(base, { '.github/reachdiff.yml': text });
      const io = recorder();
      await analyzeRun(readInputs((name) => ({ 'base-ref': at, 'head-ref': at, source: 'git', comment: 'never' })[name] ?? ''), env('workflow_dispatch', {}), noApi, io);
      expect(io.summaries.join(''), JSON.stringify(text)).toContain('_No invariants checked: `.github/reachdiff.yml` declares none._');
    }
    // with invariants, no such note
    const io = recorder();
    await analyzeRun(readInputs((name) => ({ 'base-ref': base, 'head-ref': head, source: 'git', comment: 'never' })[name] ?? ''), env('workflow_dispatch', {}), noApi, io);
    expect(io.summaries.join('')).not.toContain('No invariants checked');
  });
});

function prEvent(number: number, b: string, h: string) {
  return { pull_request: { number, base: { sha: b, repo: { full_name: REPOSITORY } }, head: { sha: h, repo: { full_name: 'someone/shop' } } } };
}

/** The base branch moved on: it now lets the frontend reach the db itself, which the pull request's head also does. */
const FRONTEND_TO_DB = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: db-from-frontend, namespace: staging }
spec:
  podSelector: { matchLabels: { app: db } }
  ingress:
    - from: [ { podSelector: { matchLabels: { app: frontend } } } ]
      ports: [ { port: 5432 } ]
`;

describe('the fork workflow: analyze on pull_request (comment: never), publish on workflow_run', () => {
  let moved: string;
  let merge: string;

  beforeAll(() => {
    moved = commitOn(base, { 'k8s/db-from-frontend.yaml': FRONTEND_TO_DB });
    // GitHub's merge commit (refs/pull/N/merge, GITHUB_SHA on pull_request): the base branch's tip, then the pull request's head
    git(repo, 'checkout', '-q', '--detach', moved);
    git(repo, 'merge', '-q', '--no-ff', '-m', 'merge', head);
    merge = git(repo, 'rev-parse', 'HEAD');
    git(repo, 'checkout', '-q', 'main');
  });

  const analyse = async () => {
    const io = recorder();
    const inputs = readInputs((name) => ({ comment: 'never', source: 'git' })[name] ?? '');
    const report = await analyzeRun(inputs, env('pull_request', prEvent(7, moved, head), merge), noApi, io);
    return { io, report };
  };

  const publish = async (gh: FakeGitHub, reportFile: string, headSha = head) => {
    const io = recorder();
    const inputs = readInputs((name) => ({ mode: 'publish', 'report-file': reportFile })[name] ?? '');
    // as the README's publish workflow runs: no checkout, so files come through the API
    const noClone = { ...env('workflow_run', { workflow_run: { head_sha: headSha, html_url: 'https://github.com/octo/shop/actions/runs/99' } }), workspace: mkdtempSync(join(tmpdir(), 'reachdiff-noclone-')) };
    const report = await publishRun(inputs, noClone, () => githubApi('ghs_test', 'octo', 'shop', io, { apiUrl: gh.url }), io);
    return { io, report };
  };

  const verdict = (md: string) => md.split('\n').find((l) => l.startsWith('**'));

  it("the report names the pull request's head beside the merge commit it compared, and publish posts the merge commit's verdict", async () => {
    const analysed = await analyse();
    expect(analysed.report).toMatchObject({ head: { sha: merge }, base: { sha: moved }, pullRequestHead: head, comparison: 'merge' });
    // what the base branch already allows is no new violation of the pull request: the check passes, with the violations still there
    expect(analysed.io.failed).toEqual([]);
    expect(verdict(analysed.io.summaries.join(''))).toMatch(/^\*\*⚠️ 2 invariants still violated/);
    const written = JSON.parse(readFileSync(analysed.io.outputs.report!, 'utf8')) as { pullRequestHead?: string };
    expect(written.pullRequestHead).toBe(head);

    const gh = await fake({ pulls: { [head]: 7 }, pullBase: moved, pullMerge: merge });
    const published = await publish(gh, analysed.io.outputs.report!);
    expect(published.io.failed).toEqual([]);
    const posted = gh.calls('issues/create-comment');
    expect(posted).toHaveLength(1);
    expect(posted[0]!.path).toBe('/repos/octo/shop/issues/7/comments');
    const body = (posted[0]!.body as { body: string }).body;
    // the comparison the analysing run made and the required check judged, not the head against its merge base
    expect(body).toContain(`Compared the merge commit of #7 (head ${merge.slice(0, 7)}) with the base branch it merges into (base ${moved.slice(0, 7)})`);
    expect(verdict(body)).toBe(verdict(analysed.io.summaries.join('')));
    expect(published.io.outputs).toMatchObject({ violations: analysed.io.outputs.violations, 'new-violations': '0' });
    expect(published.report).toMatchObject({ head: { sha: merge }, pullRequestHead: head, comparison: 'merge' });
    expect(gh.violations).toEqual([]);
  });

  it('a report is still refused for a run of another head; without a merge commit from GitHub, publish says so and compares with the merge base', async () => {
    const analysed = await analyse();
    const gh = await fake({ pulls: { [head]: 7, [moved]: 8 }, pullBase: moved });
    const other = await publish(gh, analysed.io.outputs.report!, moved);
    expect(other.io.failed).toEqual([`reachdiff: report-file is for head ${head}, but the run being published is for ${moved}; nothing posted`]);
    expect(gh.requests).toEqual([]);
    // the pull request's head is believed only beside a merge commit: a report of another comparison names its head as head
    const forged = { ...(JSON.parse(readFileSync(analysed.io.outputs.report!, 'utf8')) as Record<string, unknown>), comparison: 'merge-base', head: { sha: moved } };
    const forgedFile = join(mkdtempSync(join(tmpdir(), 'reachdiff-artifact-')), 'report.json');
    writeFileSync(forgedFile, JSON.stringify(forged));
    const refused = await publish(gh, forgedFile);
    expect(refused.io.failed).toEqual([`reachdiff: report-file is for head ${moved}, but the run being published is for ${head}; nothing posted`]);
    expect(gh.requests).toEqual([]);
    // GitHub names no merge commit (it is computing it, or the pull request conflicts)
    const published = await publish(gh, analysed.io.outputs.report!);
    expect(published.io.warnings.map((w) => w.message)).toContain(`GitHub names no merge commit of #7's head ${head}; comparing the head with its merge base, where the analysing run compared the merge commit ${merge}`);
    const body = (gh.calls('issues/create-comment')[0]!.body as { body: string }).body;
    expect(body).toContain(`Compared head ${head.slice(0, 7)} with its merge base ${base.slice(0, 7)}`);
  });
});

describe('a run that fails before its verdict', () => {
  const MARKER = '<!-- reachdiff:comment:default -->';
  let broken: string;
  let prHead: string;

  beforeAll(() => {
    // the base branch's config does not parse: no run of its pull requests has a verdict
    broken = commitOn(base, { '.github/reachdiff.yml': 'invariants: [\n' });
    prHead = commitOn(broken, { 'k8s/more.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: { name: more }\n' });
  });

  const run = async (gh: FakeGitHub, comment: string) => {
    const io = recorder();
    const inputs = readInputs((name) => ({ comment, source: 'git' })[name] ?? '');
    const api = () => githubApi('ghs_test', 'octo', 'shop', io, { apiUrl: gh.url });
    const error = await analyzeRun(inputs, env('pull_request', prEvent(7, broken, prHead)), api, io).then(
      () => undefined,
      (e: unknown) => e,
    );
    return { io, error };
  };

  it('updates the comment an earlier run left, and writes the job summary, saying it could not run on this commit and why', async () => {
    const gh = await fake();
    const earlier = gh.addComment(7, `${MARKER}\n### reachdiff\n\n**✅ no reachability change**\n`, 'github-actions[bot]', 'Bot');
    const { io, error } = await run(gh, 'on-change');
    // the step still fails, with the error (main() fails it)
    expect((error as Error).message).toMatch(/reachdiff\.yml/);
    expect(gh.calls('issues/create-comment')).toHaveLength(0);
    const updates = gh.calls('issues/update-comment');
    expect(updates).toHaveLength(1);
    expect(updates[0]!.path).toBe(`/repos/octo/shop/issues/comments/${earlier.id}`);
    const body = (updates[0]!.body as { body: string }).body;
    expect(body.startsWith(MARKER)).toBe(true);
    expect(body).toContain(`**❌ reachdiff could not run on this commit (${prHead.slice(0, 7)}):** `);
    expect(body).toContain('reachdiff.yml');
    expect(body).not.toContain('✅');
    expect(body).not.toMatch(/\n\s+at /);
    expect(io.summaries).toHaveLength(1);
    expect(io.summaries[0]).toContain(`reachdiff could not run on this commit (${prHead.slice(0, 7)})`);
    expect(gh.violations).toEqual([]);
  });

  it('posts no comment just for this under on-change, and one under always', async () => {
    const gh = await fake();
    const quiet = await run(gh, 'on-change');
    expect(quiet.error).toBeInstanceOf(Error);
    expect(gh.calls('issues/create-comment')).toHaveLength(0);
    expect(quiet.io.summaries).toHaveLength(1);
    const always = await run(gh, 'always');
    expect(always.error).toBeInstanceOf(Error);
    expect(gh.calls('issues/create-comment')).toHaveLength(1);
    const none = await run(gh, 'never');
    expect(none.error).toBeInstanceOf(Error);
    expect(gh.calls('issues/update-comment')).toHaveLength(0);
    expect(gh.violations).toEqual([]);
  });
});

describe('revisions given by name', () => {
  it('are resolved to commits once, so that the report and the links name commits, not HEAD or a branch', async () => {
    const io = recorder();
    const report = await analyzeRun(readInputs((name) => ({ 'base-ref': 'main', 'head-ref': 'topic', source: 'git', comment: 'never' })[name] ?? ''), env('workflow_dispatch', {}), noApi, io);
    expect(report).toMatchObject({ base: { sha: base }, head: { sha: head }, comparison: 'given' });
    const summary = io.summaries.join('');
    expect(summary).toContain(`https://github.com/octo/shop/blob/${head}/k8s/`);
    expect(summary).not.toContain('/blob/topic/');
    expect(summary).toContain(`Compared head ${head.slice(0, 7)} with base ${base.slice(0, 7)}, as given`);
    // HEAD and a short SHA too
    const short = await analyzeRun(readInputs((name) => ({ 'base-ref': base.slice(0, 10), 'head-ref': 'HEAD', source: 'git', comment: 'never' })[name] ?? ''), env('workflow_dispatch', {}), noApi, recorder());
    expect(short).toMatchObject({ base: { sha: base }, head: { sha: git(repo, 'rev-parse', 'HEAD') } });
  });
});
