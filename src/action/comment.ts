import type { GitHubApi, IssueComment } from './api.js';

/** The hidden marker that identifies the action's comment (one per comment-id). */
export function commentMarker(commentId: string): string {
  return `<!-- reachdiff:comment:${commentId} -->`;
}

/**
 * The comment this action posted before: it carries the marker and was
 * written by the token's own identity (or, when the token cannot say who it
 * is, by a bot), so that a person quoting the marker cannot take it over.
 * Looks through every page, oldest first.
 */
export async function findComment(api: GitHubApi, issue: number, marker: string): Promise<IssueComment | undefined> {
  const viewer = await api.viewer();
  const mine = (c: IssueComment) => (viewer !== undefined ? c.author === viewer : c.authorType === 'Bot');
  for await (const page of api.comments(issue)) {
    const found = page.find((c) => c.body.startsWith(marker) && mine(c));
    if (found) return found;
  }
  return undefined;
}

export type CommentOutcome = { action: 'created' | 'updated' | 'unchanged'; url: string } | { action: 'skipped'; url: undefined };

/**
 * Posts or updates the one comment: `always` posts; `on-change` posts when
 * the run found something and updates a comment that exists in any case;
 * `never` does nothing. An unchanged body is not rewritten.
 */
export async function publishComment(
  api: GitHubApi,
  issue: number,
  marker: string,
  body: string,
  mode: 'always' | 'on-change' | 'never',
  noteworthy: boolean,
): Promise<CommentOutcome> {
  if (mode === 'never') return { action: 'skipped', url: undefined };
  const existing = await findComment(api, issue, marker);
  if (existing) {
    if (existing.body.trim() === body.trim()) return { action: 'unchanged', url: existing.url };
    const updated = await api.updateComment(existing.id, body);
    return { action: 'updated', url: updated.url };
  }
  if (mode === 'on-change' && !noteworthy) return { action: 'skipped', url: undefined };
  const created = await api.createComment(issue, body);
  return { action: 'created', url: created.url };
}
