import { describe, expect, it } from 'vitest';
import { DEFAULT_PATHS, InputError, readInputs } from '../src/action/inputs.js';
import { refsFromEvent } from '../src/action/refs.js';

const inputs = (values: Record<string, string>) => readInputs((name) => values[name] ?? '');

describe('action inputs', () => {
  it('defaults', () => {
    expect(inputs({ 'github-token': 't' })).toMatchObject({
      token: 't',
      mode: 'analyze',
      paths: DEFAULT_PATHS,
      config: '.github/reachdiff.yml',
      comment: 'on-change',
      commentId: 'default',
      failOn: 'new-violations',
      allWarnings: false,
      source: 'auto',
      renderTimeoutMs: 300_000,
      hostNetwork: 'exclude',
      podCIDRs: [],
      sarif: false,
      exposure: true,
    });
  });

  it('lists take lines or commas, and skip blanks and comments', () => {
    expect(inputs({ paths: 'k8s/**/*.yaml\n# not this\n\n!k8s/secret/**, charts/**' }).paths).toEqual(['k8s/**/*.yaml', '!k8s/secret/**', 'charts/**']);
    // a comma between braces separates a glob's alternatives, not two globs
    expect(inputs({ paths: 'netpol/*.{yaml,yml}, k8s/{a,b}/**\n{x,y}/*.json' }).paths).toEqual(['netpol/*.{yaml,yml}', 'k8s/{a,b}/**', '{x,y}/*.json']);
  });

  it('a value outside its choices is an error naming the input', () => {
    expect(() => inputs({ comment: 'sometimes' })).toThrow(new InputError('input comment must be one of on-change, always, never, not "sometimes"'));
    expect(() => inputs({ source: 'svn' })).toThrow(/input source must be one of auto, git, api/);
    expect(() => inputs({ 'comment-id': 'a b' })).toThrow(/comment-id may hold/);
    expect(() => inputs({ 'render-timeout': 'soon' })).toThrow(/render-timeout takes a whole number of seconds/);
    expect(() => inputs({ mode: 'publish' })).toThrow(/mode: publish needs report-file/);
  });

  it('a time limit is a whole number of seconds from 1 to 3600: no fraction, no infinity, nothing a timer cannot hold', () => {
    for (const name of ['render-timeout', 'api-timeout']) {
      for (const value of ['Infinity', '1e-9', '3000000', '0', '-5', '0.5', '1e3', '0x10', '3601']) {
        expect(() => inputs({ [name]: value }), `${name}: ${value}`).toThrow(new InputError(`input ${name} takes a whole number of seconds from 1 to 3600, not "${value}"`));
      }
    }
    expect(inputs({ 'render-timeout': '3600', 'api-timeout': '1' })).toMatchObject({ renderTimeoutMs: 3_600_000, apiTimeoutMs: 1000 });
    expect(inputs({})).toMatchObject({ renderTimeoutMs: 300_000, apiTimeoutMs: 30_000 });
  });

  it('a revision input that is an option is refused before git sees it', () => {
    for (const value of ['--upload-pack=touch /tmp/owned', '-oProxyCommand=x', 'main..topic', 'a b', 'x;rm -rf /']) {
      expect(() => inputs({ 'head-ref': value })).toThrow(/input head-ref must be a commit SHA, a branch or tag name/);
      expect(() => inputs({ 'base-ref': value })).toThrow(/input base-ref must be/);
    }
    expect(inputs({ 'head-ref': 'HEAD~1', 'base-ref': 'release/1.2' })).toMatchObject({ headRef: 'HEAD~1', baseRef: 'release/1.2' });
  });

  it('the config path means the same to the git and API sources: ./ and / in front are dropped', () => {
    expect(inputs({ config: './.github/reachdiff.yml' }).config).toBe('.github/reachdiff.yml');
    expect(inputs({ config: '/ops/reachdiff.yml' }).config).toBe('ops/reachdiff.yml');
    expect(() => inputs({ config: '../outside.yml' })).toThrow(/input config must be a path inside the repository/);
  });
});

const BASE = 'a'.repeat(40);
const HEAD = 'b'.repeat(40);

describe('revisions from the event', () => {
  const pr = (headRepo: string) => ({ pull_request: { number: 5, base: { sha: BASE, repo: { full_name: 'o/r' } }, head: { sha: HEAD, repo: { full_name: headRepo } } } });

  it('pull_request and pull_request_target: the pull request base and head, and whether the head is a fork', () => {
    expect(refsFromEvent('pull_request', pr('o/r'), {})).toEqual({ base: BASE, head: HEAD, pullRequest: 5, fork: false, comparison: 'merge-base', pullRequestHead: HEAD });
    expect(refsFromEvent('pull_request_target', pr('someone/r'), {})).toEqual({ base: BASE, head: HEAD, pullRequest: 5, fork: true, comparison: 'merge-base', pullRequestHead: HEAD });
  });

  it('pull_request: the merge commit GitHub prepared (GITHUB_SHA) is compared, against its first parent', () => {
    const merge = 'c'.repeat(40);
    expect(refsFromEvent('pull_request', pr('o/r'), {}, merge)).toEqual({ base: BASE, head: HEAD, pullRequest: 5, fork: false, comparison: 'merge', merge, pullRequestHead: HEAD });
    // pull_request_target runs on the base branch: its GITHUB_SHA is no merge commit
    expect(refsFromEvent('pull_request_target', pr('o/r'), {}, merge).comparison).toBe('merge-base');
    // inputs say what to compare, as they are
    expect(refsFromEvent('pull_request', pr('o/r'), { baseRef: 'main' }, merge).comparison).toBe('given');
  });

  it('a head repository that was deleted counts as a fork', () => {
    const event = { pull_request: { number: 5, base: { sha: BASE, repo: { full_name: 'o/r' } }, head: { sha: HEAD, repo: null } } };
    expect(refsFromEvent('pull_request_target', event, {}).fork).toBe(true);
  });

  it('push: before and after; a new branch needs base-ref', () => {
    expect(refsFromEvent('push', { before: BASE, after: HEAD }, {})).toEqual({ base: BASE, head: HEAD, pullRequest: undefined, fork: false, comparison: 'merge-base' });
    expect(() => refsFromEvent('push', { before: '0'.repeat(40), after: HEAD }, {})).toThrow('the push event does not say which revisions to compare: set the base-ref input');
    expect(refsFromEvent('push', { before: '0'.repeat(40), after: HEAD }, { baseRef: 'main' }).base).toBe('main');
  });

  it('other events take base-ref and head-ref, which override any event', () => {
    expect(() => refsFromEvent('workflow_dispatch', {}, {})).toThrow('set the base-ref and head-ref inputs');
    expect(refsFromEvent('workflow_dispatch', {}, { baseRef: 'main', headRef: 'topic' })).toMatchObject({ base: 'main', head: 'topic' });
    expect(refsFromEvent('pull_request', pr('o/r'), { headRef: 'HEAD~1' })).toMatchObject({ base: BASE, head: 'HEAD~1', pullRequest: 5, pullRequestHead: HEAD });
  });
});
