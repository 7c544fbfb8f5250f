import { InputError } from './inputs.js';

/** What the run compares, from the event that triggered it and the inputs. */
export interface RunRefs {
  readonly base: string;
  readonly head: string;
  /** The pull request the comment goes to, when there is one. */
  readonly pullRequest: number | undefined;
  /** The head commit comes from another repository (a fork). */
  readonly fork: boolean;
}

type Payload = Record<string, unknown>;

function record(v: unknown): Payload | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Payload) : undefined;
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

const ZERO = /^0+$/;

/**
 * The base and head revisions: on `pull_request` and `pull_request_target`
 * the pull request's base and head commits, on `push` the commits before and
 * after the push, otherwise the `base-ref` and `head-ref` inputs (which
 * override the event's revisions on any event).
 */
export function refsFromEvent(eventName: string, payload: Payload, inputs: { baseRef?: string | undefined; headRef?: string | undefined }): RunRefs {
  let base: string | undefined;
  let head: string | undefined;
  let pullRequest: number | undefined;
  let fork = false;
  if (eventName === 'pull_request' || eventName === 'pull_request_target') {
    const pr = record(payload.pull_request);
    const baseObj = record(pr?.base);
    const headObj = record(pr?.head);
    base = text(baseObj?.sha);
    head = text(headObj?.sha);
    pullRequest = typeof pr?.number === 'number' ? pr.number : undefined;
    const baseRepo = text(record(baseObj?.repo)?.full_name);
    const headRepo = text(record(headObj?.repo)?.full_name);
    fork = headRepo === undefined || baseRepo !== headRepo;
  } else if (eventName === 'push') {
    base = text(payload.before);
    head = text(payload.after);
    // a new branch has no "before": the inputs must say what to compare against
    if (base && ZERO.test(base)) base = undefined;
    if (head && ZERO.test(head)) head = undefined;
  }
  base = inputs.baseRef ?? base;
  head = inputs.headRef ?? head;
  if (!base || !head) {
    const missing = [!base ? 'base-ref' : '', !head ? 'head-ref' : ''].filter(Boolean).join(' and ');
    throw new InputError(`the ${eventName || 'unknown'} event does not say which revisions to compare: set the ${missing} input${missing.includes(' and ') ? 's' : ''}`);
  }
  return { base, head, pullRequest, fork };
}
