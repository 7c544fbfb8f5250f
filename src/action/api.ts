import { getOctokit } from '@actions/github';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { TreeApi } from '../sources/github.js';

/** The GitHub REST calls the action makes. */
export interface GitHubApi extends TreeApi {
  /** The login the token acts as, or undefined when the token cannot say (an installation token). */
  viewer(): Promise<string | undefined>;
  /** Pages of an issue's comments, oldest first. */
  comments(issue: number): AsyncIterable<IssueComment[]>;
  createComment(issue: number, body: string): Promise<IssueComment>;
  updateComment(id: number, body: string): Promise<IssueComment>;
  /** Open pull requests whose head is this commit. */
  pullsOfCommit(sha: string): Promise<PullRequest[]>;
  /** Whether a commit is an ancestor of (or the same as) another: `behind` or `identical` in GitHub's compare. */
  isAncestor(ancestor: string, of: string): Promise<boolean>;
  /** The parents of a commit, first parent first. */
  commitParents(sha: string): Promise<string[]>;
  /** The merge base of two commits. */
  mergeBase(base: string, head: string): Promise<string>;
  /** The branches of this repository whose head is the commit. */
  branchesWhereHead(sha: string): Promise<string[]>;
}

/** An open pull request, as GitHub lists those of a commit. */
export interface PullRequest {
  readonly number: number;
  readonly state: string;
  readonly headSha: string;
  readonly baseSha: string;
  readonly baseRepo: string;
  /** The test merge commit GitHub made of the head into the base branch, when it has one (none while it computes it, or where they conflict). */
  readonly mergeSha: string | undefined;
}

export interface IssueComment {
  readonly id: number;
  readonly body: string;
  readonly author: string | undefined;
  /** `Bot` for apps and GITHUB_TOKEN, `User` for people. */
  readonly authorType: string | undefined;
  readonly url: string;
}

/** A failed API call with its HTTP status. */
export function httpStatus(e: unknown): number | undefined {
  const status = (e as { status?: unknown }).status;
  return typeof status === 'number' ? status : undefined;
}

interface Logger {
  warning(message: string): void;
  info(message: string): void;
}

/** Every request, with its retries, is given up after this long. */
export const REQUEST_TIMEOUT_MS = 30_000;
/** Longest wait for a rate limit to lift (GitHub's retry-after can say an hour). */
export const MAX_RATE_LIMIT_WAIT_S = 60;
/** An archive of a commit streams for longer than one answer takes: this many request time limits. */
const ARCHIVE_TIMEOUTS = 10;

export interface ApiOptions {
  readonly apiUrl?: string | undefined;
  readonly timeoutMs?: number;
  readonly maxWaitS?: number;
}

/**
 * The API through Octokit: server errors are retried (but never a comment's
 * creation, which may have happened; see publishComment), rate limits are
 * waited out when GitHub asks for a short wait, and every request has a
 * time limit.
 */
export function githubApi(token: string, owner: string, repo: string, log: Logger, options: ApiOptions = {}): GitHubApi {
  const maxWait = options.maxWaitS ?? MAX_RATE_LIMIT_WAIT_S;
  const waitOut = (kind: string) => (after: number, request: { method: string; url: string }, _o: unknown, retryCount: number) => {
    if (after > maxWait || retryCount >= 2) {
      log.warning(`${kind} on ${request.method} ${request.url}: GitHub asks to wait ${after} s; giving up instead`);
      return false;
    }
    log.warning(`${kind} on ${request.method} ${request.url}; retrying in ${after} s`);
    return true;
  };
  const octokit = getOctokit(
    token,
    {
      ...(options.apiUrl ? { baseUrl: options.apiUrl } : {}),
      throttle: { onRateLimit: waitOut('rate limit reached'), onSecondaryRateLimit: waitOut('secondary rate limit') },
      // server errors are tried twice more, after 1 and 4 s
      retry: { retries: 2 },
    },
    retry,
    throttling,
  );
  const timeout = options.timeoutMs ?? REQUEST_TIMEOUT_MS;
  // one time limit for a request and the retries it takes
  octokit.hook.before('request', (opts) => {
    const archive = typeof opts.url === 'string' && opts.url.includes('/tarball/');
    opts.request = { ...opts.request, signal: AbortSignal.timeout(archive ? timeout * ARCHIVE_TIMEOUTS : timeout) };
  });
  const comment = (c: { id: number; body?: string | undefined; user?: { login: string; type: string } | null; html_url: string }): IssueComment => ({
    id: c.id,
    body: c.body ?? '',
    author: c.user?.login,
    authorType: c.user?.type,
    url: c.html_url,
  });
  return {
    async viewer() {
      try {
        const { data } = await octokit.rest.users.getAuthenticated();
        return data.login;
      } catch (e) {
        const status = httpStatus(e);
        if (status === 403 || status === 401 || status === 404) return undefined;
        throw e;
      }
    },
    async *comments(issue) {
      const pages = octokit.paginate.iterator(octokit.rest.issues.listComments, { owner, repo, issue_number: issue, per_page: 100 });
      for await (const page of pages) yield page.data.map(comment);
    },
    async createComment(issue, body) {
      // never retried here: a create that GitHub completed but answered with an error would post twice
      const { data } = await octokit.rest.issues.createComment({ owner, repo, issue_number: issue, body, request: { retries: 0 } });
      return comment(data);
    },
    async updateComment(id, body) {
      const { data } = await octokit.rest.issues.updateComment({ owner, repo, comment_id: id, body });
      return comment(data);
    },
    async tree(sha, recursive) {
      const { data } = await octokit.rest.git.getTree({ owner, repo, tree_sha: sha, ...(recursive ? { recursive: 'true' } : {}) });
      return {
        truncated: data.truncated,
        entries: data.tree.map((e) => ({ path: e.path ?? '', type: e.type ?? '', mode: e.mode ?? '', sha: e.sha ?? '', size: e.size })),
      };
    },
    async blob(sha) {
      const { data } = await octokit.rest.git.getBlob({ owner, repo, file_sha: sha });
      return Buffer.from(data.content, data.encoding === 'base64' ? 'base64' : 'utf8');
    },
    async tarball(sha) {
      // the body as it streams in (GitHub answers with a redirect to its archive host, which fetch follows)
      const { data } = await octokit.rest.repos.downloadTarballArchive({ owner, repo, ref: sha, request: { parseSuccessResponseBody: false } });
      if (data === null || typeof data !== 'object' || !('getReader' in data)) throw new Error('the archive came without a body');
      return Readable.fromWeb(data as unknown as WebReadableStream);
    },
    async commitParents(sha) {
      const { data } = await octokit.rest.git.getCommit({ owner, repo, commit_sha: sha });
      return data.parents.map((p) => p.sha);
    },
    async mergeBase(base, head) {
      const { data } = await octokit.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: `${base}...${head}`, per_page: 1 });
      return data.merge_base_commit.sha;
    },
    async isAncestor(ancestor, of) {
      const { data } = await octokit.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: `${of}...${ancestor}`, per_page: 1 });
      return data.status === 'behind' || data.status === 'identical';
    },
    async branchesWhereHead(sha) {
      const { data } = await octokit.rest.repos.listBranchesForHeadCommit({ owner, repo, commit_sha: sha });
      return data.map((b) => b.name);
    },
    async pullsOfCommit(sha) {
      const { data } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ owner, repo, commit_sha: sha });
      return data.map((p) => ({ number: p.number, state: p.state, headSha: p.head.sha, baseSha: p.base.sha, baseRepo: p.base.repo.full_name, mergeSha: p.merge_commit_sha ?? undefined }));
    },
  };
}
