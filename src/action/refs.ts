import { InputError } from './inputs.js';

/**
 * How the two revisions were chosen, which the comment says:
 * - `merge`: a pull request's merge commit (GitHub's refs/pull/N/merge, the
 *   run's GITHUB_SHA) against its first parent, the base branch's tip: what
 *   merging does;
 * - `merge-base`: the head against the merge base of the event's base and
 *   head, where there is no merge commit (pull_request_target, push);
 * - `given`: the base-ref and head-ref inputs, as given.
 */
export type Comparison = 'merge' | 'merge-base' | 'given';

/** What the run compares, from the event that triggered it and the inputs. */
export interface RunRefs {
  readonly base: string;
  readonly head: string;
  /** The pull request the comment goes to, when there is one. */
  readonly pullRequest: number | undefined;
  /** The head commit comes from another repository (a fork). */
  readonly fork: boolean;
  readonly comparison: Comparison;
  /** On pull_request: the merge commit GitHub prepared, when the run has one. */
  readonly merge?: string;
  /**
   * The pull request's head commit (the event's pull_request.head.sha),
   * which `head` is not where it is the merge commit: what a workflow_run
   * of this run names as its head_sha.
   */
  readonly pullRequestHead?: string;
}

type Payload = Record<string, unknown>;

function record(v: unknown): Payload | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Payload) : undefined;
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

const ZERO = /^0+$/;
const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/**
 * The revisions the event names: on `pull_request` the merge commit of the
 * run (`sha`, GITHUB_SHA) when it is one, else the pull request's base and
 * head; on `pull_request_target` the pull request's base and head; on `push`
 * the commits before and after the push; otherwise the `base-ref` and
 * `head-ref` inputs, which override the event's revisions on any event.
 * The base of a merge, and a merge base, are resolved later (they need the
 * repository).
 */
export function refsFromEvent(eventName: string, payload: Payload, inputs: { baseRef?: string | undefined; headRef?: string | undefined }, sha?: string): RunRefs {
  let base: string | undefined;
  let head: string | undefined;
  let pullRequest: number | undefined;
  let fork = false;
  let merge: string | undefined;
  let pullRequestHead: string | undefined;
  if (eventName === 'pull_request' || eventName === 'pull_request_target') {
    const pr = record(payload.pull_request);
    const baseObj = record(pr?.base);
    const headObj = record(pr?.head);
    base = text(baseObj?.sha);
    head = text(headObj?.sha);
    pullRequestHead = head;
    pullRequest = typeof pr?.number === 'number' ? pr.number : undefined;
    const baseRepo = text(record(baseObj?.repo)?.full_name);
    const headRepo = text(record(headObj?.repo)?.full_name);
    fork = headRepo === undefined || baseRepo !== headRepo;
    // on pull_request, GITHUB_SHA is the merge commit GitHub prepared (refs/pull/N/merge)
    if (eventName === 'pull_request' && sha && SHA.test(sha) && sha !== head && sha !== base) merge = sha;
  } else if (eventName === 'push') {
    base = text(payload.before);
    head = text(payload.after);
    // a new branch has no "before": the inputs must say what to compare against
    if (base && ZERO.test(base)) base = undefined;
    if (head && ZERO.test(head)) head = undefined;
  }
  const given = inputs.baseRef !== undefined || inputs.headRef !== undefined;
  base = inputs.baseRef ?? base;
  head = inputs.headRef ?? head;
  if (!base || !head) {
    const missing = [!base ? 'base-ref' : '', !head ? 'head-ref' : ''].filter(Boolean).join(' and ');
    throw new InputError(`the ${eventName || 'unknown'} event does not say which revisions to compare: set the ${missing} input${missing.includes(' and ') ? 's' : ''}`);
  }
  const ofPull = pullRequestHead ? { pullRequestHead } : {};
  if (given) return { base, head, pullRequest, fork, comparison: 'given', ...ofPull };
  if (merge) return { base, head, pullRequest, fork, comparison: 'merge', merge, ...ofPull };
  return { base, head, pullRequest, fork, comparison: eventName === 'pull_request' || eventName === 'pull_request_target' || eventName === 'push' ? 'merge-base' : 'given', ...ofPull };
}

/** The revisions compared, as the comment says it. */
export function describeComparison(refs: { comparison: Comparison; base: string; head: string; pullRequest: number | undefined }, short: (sha: string) => string): string {
  const pr = refs.pullRequest !== undefined ? ` of #${refs.pullRequest}` : '';
  switch (refs.comparison) {
    case 'merge':
      return `the merge commit${pr} (head ${short(refs.head)}) with the base branch it merges into (base ${short(refs.base)}): what merging does`;
    case 'merge-base':
      return `head ${short(refs.head)} with its merge base ${short(refs.base)}, as this event has no merge commit`;
    case 'given':
      return `head ${short(refs.head)} with base ${short(refs.base)}, as given`;
  }
}
