import type { GitHubApi, IssueComment } from './api.js';
import { httpStatus } from './api.js';

/** The hidden marker that identifies the action's comment (one per comment-id). */
export function commentMarker(commentId: string): string {
  return `<!-- reachdiff:comment:${commentId} -->`;
}

/** The login of GITHUB_TOKEN's comments, the usual author when the token cannot say who it is. */
const ACTIONS_BOT = 'github-actions[bot]';

/**
 * The comments this action may have posted before, most likely first: they
 * carry the marker and were written by the token's own identity, or, when
 * the token cannot say who it is, by a bot (GitHub Actions' own first). A
 * person quoting the marker cannot take one over. Looks through every page,
 * oldest first.
 */
export async function findComments(api: GitHubApi, issue: number, marker: string, log: (message: string) => void = () => undefined): Promise<IssueComment[]> {
  let viewer: string | undefined;
  try {
    viewer = await api.viewer();
  } catch (e) {
    log(`cannot tell which account the token acts as (${describeError(e)}); looking for a comment by a bot`);
  }
  const mine = (c: IssueComment) => (viewer !== undefined ? c.author === viewer : c.authorType === 'Bot');
  const found: IssueComment[] = [];
  for await (const page of api.comments(issue)) for (const c of page) if (c.body.startsWith(marker) && mine(c)) found.push(c);
  return found.sort((a, b) => Number(b.author === ACTIONS_BOT) - Number(a.author === ACTIONS_BOT));
}

export type CommentOutcome = { action: 'created' | 'updated' | 'unchanged'; url: string } | { action: 'skipped'; url: undefined };

/** An API error in words, for logs: the status and GitHub's message, or what failed. */
export function describeError(e: unknown): string {
  const status = httpStatus(e);
  const message = e instanceof Error ? e.message.split('\n')[0]!.slice(0, 200) : String(e).slice(0, 200);
  return status !== undefined ? `HTTP ${status}${message ? `: ${message}` : ''}` : message;
}

/** Whether a failed request may have been carried out anyway (a server error, a timeout, a broken answer). */
function mayHaveHappened(e: unknown): boolean {
  const status = httpStatus(e);
  return status === undefined || status >= 500;
}

/**
 * Creates the comment once: a create that GitHub completed but answered
 * with a server error (or that timed out) is looked for by its marker before
 * it is tried again, so that there is never a second comment.
 */
async function createOnce(api: GitHubApi, issue: number, marker: string, body: string, log: (message: string) => void): Promise<IssueComment> {
  try {
    return await api.createComment(issue, body);
  } catch (e) {
    if (!mayHaveHappened(e)) throw e;
    log(`creating the comment failed (${describeError(e)}); looking for it before trying again`);
    const posted = (await findComments(api, issue, marker, log))[0];
    if (posted) return posted.body.trim() === body.trim() ? posted : api.updateComment(posted.id, body);
    return api.createComment(issue, body);
  }
}

/**
 * Posts or updates the one comment: `always` posts; `on-change` posts when
 * the run found something and updates a comment that exists in any case;
 * `never` does nothing. An unchanged body is not rewritten. A comment
 * deleted meanwhile, or one the token may not edit (another bot's), is
 * passed over, with a word in the log.
 */
export async function publishComment(
  api: GitHubApi,
  issue: number,
  marker: string,
  body: string,
  mode: 'always' | 'on-change' | 'never',
  noteworthy: boolean,
  log: (message: string) => void = () => undefined,
): Promise<CommentOutcome> {
  if (mode === 'never') return { action: 'skipped', url: undefined };
  const existing = await findComments(api, issue, marker, log);
  for (const c of existing) {
    if (c.body.trim() === body.trim()) return { action: 'unchanged', url: c.url };
    try {
      const updated = await api.updateComment(c.id, body);
      return { action: 'updated', url: updated.url };
    } catch (e) {
      const status = httpStatus(e);
      if (status === 404) log(`the comment ${c.url} was deleted meanwhile`);
      else if (status === 403) log(`the comment ${c.url} carries reachdiff's marker but was written by ${c.author ?? 'someone else'}, whom this token cannot edit for`);
      else throw e;
    }
  }
  if (existing.length === 0 && mode === 'on-change' && !noteworthy) return { action: 'skipped', url: undefined };
  const created = await createOnce(api, issue, marker, body, log);
  return { action: 'created', url: created.url };
}
