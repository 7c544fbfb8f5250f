/**
 * The action's runs, driven in-process: which annotations fail the step.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInputs } from '../src/action/inputs.js';
import type { ActionEnv, ActionIo, Annotation } from '../src/action/run.js';
import { analyzeRun } from '../src/action/run.js';
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
