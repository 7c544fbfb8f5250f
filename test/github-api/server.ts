/**
 * A stand-in for the GitHub REST API on 127.0.0.1, for end-to-end tests of
 * the bundled action. Every request is checked against the operations of
 * GitHub's OpenAPI description that the action uses (openapi-subset.json):
 * an undocumented operation, an undeclared or mistyped parameter, or a body
 * that does not follow the schema is recorded as a violation. Git trees and
 * blobs are served from a real local repository.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Schema } from '../../src/report/jsonschema.js';
import { validate } from '../../src/report/jsonschema.js';

interface Operation {
  operationId: string;
  method: string;
  path: string;
  parameters: Array<{ name: string; in: string; required: boolean; schema: Schema }>;
  requestBody: { required: boolean; schema: Schema } | null;
}

const SUBSET = JSON.parse(readFileSync(join(import.meta.dirname, 'openapi-subset.json'), 'utf8')) as { operations: Operation[] };

export interface FakeComment {
  id: number;
  body: string;
  user: { login: string; type: string };
}

export interface Recorded {
  method: string;
  path: string;
  query: Record<string, string>;
  operationId: string | undefined;
  body: unknown;
}

/** A canned fault for the next requests of one operation. */
export interface Injected {
  operationId: string;
  /** The status of the answer; 200 with `raw` gives a garbled success. */
  status: number;
  headers?: Record<string, string>;
  message: string;
  times: number;
  /** The answer's body as sent, instead of GitHub's error JSON (garbled JSON, HTML). */
  raw?: string;
  /** Wait this long before answering. */
  delayMs?: number;
  /** Carry the request out, then answer with the fault (a create that happened but answered 502). */
  afterApplying?: boolean;
}

export interface FakeGitHubOptions {
  /** The repository trees and blobs come from. */
  repo?: string;
  /** owner/name the API serves. */
  repository?: string;
  /** Login of the token; undefined makes GET /user answer 403, as for installation tokens. */
  viewer?: string | undefined;
  /** Recursive tree listings of these tree or commit SHAs come back truncated. */
  truncate?: (sha: string) => boolean;
  /** Open pull requests by head commit. */
  pulls?: Record<string, number>;
  /** The repository's branches and their head commits. */
  branches?: Record<string, string>;
  /** The base commit of the pull requests `pulls` lists. */
  pullBase?: string;
  /** The test merge commit of the pull requests `pulls` lists (GitHub's merge_commit_sha); null when not given. */
  pullMerge?: string;
  /** Archives of commits are refused with this status (GitHub answers 404 for some, or times out on huge repositories). */
  archiveStatus?: number;
}

function compile(path: string): RegExp {
  return new RegExp(`^${path.replace(/\{([a-z_]+)\}/g, '(?<$1>[^/]+)')}$`);
}

const ROUTES = SUBSET.operations.map((op) => ({ op, re: compile(op.path) }));

function typed(value: string, schema: Schema): unknown {
  const type = typeof schema === 'object' ? schema.type : undefined;
  if (type === 'integer' || type === 'number') return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  if (type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}

export class FakeGitHub {
  readonly requests: Recorded[] = [];
  readonly violations: string[] = [];
  readonly comments = new Map<number, FakeComment[]>();
  readonly injected: Injected[] = [];
  private nextId = 1000;
  private server: Server | undefined;
  url = '';

  constructor(readonly options: FakeGitHubOptions = {}) {}

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        try {
          this.handle(req, Buffer.concat(chunks).toString('utf8'), res);
        } catch (e) {
          this.violations.push(`server error: ${(e as Error).message}`);
          this.send(res, 500, { message: (e as Error).message });
        }
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    // answers held back (delayMs) must not keep the server open
    this.server?.closeAllConnections();
    await new Promise<void>((r) => this.server?.close(() => r()));
  }

  /** Adds a comment as if posted earlier. */
  addComment(issue: number, body: string, login: string, type = 'User'): FakeComment {
    const c = { id: this.nextId++, body, user: { login, type } };
    const list = this.comments.get(issue) ?? [];
    list.push(c);
    this.comments.set(issue, list);
    return c;
  }

  calls(operationId: string): Recorded[] {
    return this.requests.filter((r) => r.operationId === operationId);
  }

  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  }

  private commentJson(issue: number, c: FakeComment) {
    const repo = this.options.repository ?? 'octo/shop';
    return {
      id: c.id,
      node_id: `IC_${c.id}`,
      url: `${this.url}/repos/${repo}/issues/comments/${c.id}`,
      html_url: `https://github.com/${repo}/pull/${issue}#issuecomment-${c.id}`,
      issue_url: `${this.url}/repos/${repo}/issues/${issue}`,
      body: c.body,
      user: { login: c.user.login, id: 1, type: c.user.type },
      created_at: '2026-01-01T00:00:00Z',
      updated_at: '2026-01-01T00:00:00Z',
      author_association: 'NONE',
    };
  }

  private check(req: IncomingMessage, url: URL, text: string): { op: Operation; params: Record<string, string>; body: unknown } | undefined {
    const method = req.method ?? 'GET';
    const route = ROUTES.find((r) => r.op.method === method && r.re.test(url.pathname));
    if (!route) {
      this.violations.push(`${method} ${url.pathname}: not an operation of the subset`);
      return undefined;
    }
    const { op } = route;
    const params = { ...(route.re.exec(url.pathname)!.groups ?? {}) };
    const where = `${op.operationId}`;
    const auth = req.headers.authorization ?? '';
    if (!/^(token|bearer) \S+$/i.test(auth)) this.violations.push(`${where}: no token in the Authorization header`);
    for (const p of op.parameters) {
      const value = p.in === 'path' ? params[p.name] : p.in === 'query' ? (url.searchParams.get(p.name) ?? undefined) : undefined;
      if (value === undefined) {
        if (p.required) this.violations.push(`${where}: required ${p.in} parameter ${p.name} missing`);
        continue;
      }
      for (const e of validate(p.schema, typed(decodeURIComponent(value), p.schema))) this.violations.push(`${where}: ${p.in} parameter ${p.name}: ${e}`);
    }
    for (const name of url.searchParams.keys()) {
      if (!op.parameters.some((p) => p.in === 'query' && p.name === name)) this.violations.push(`${where}: undeclared query parameter ${name}`);
    }
    let body: unknown;
    if (text !== '') {
      try {
        body = JSON.parse(text);
      } catch {
        this.violations.push(`${where}: the body is not JSON`);
      }
    }
    if (op.requestBody) {
      if (body === undefined && op.requestBody.required) this.violations.push(`${where}: request body missing`);
      if (body !== undefined) for (const e of validate(op.requestBody.schema, body)) this.violations.push(`${where}: body ${e}`);
    } else if (body !== undefined) this.violations.push(`${where}: a body where the operation takes none`);
    return { op, params, body };
  }

  private git(args: string[]): Buffer {
    return execFileSync('git', ['-C', this.options.repo!, ...args], { maxBuffer: 1 << 28 });
  }

  private handle(req: IncomingMessage, text: string, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    // the archive host the API redirects to (codeload.github.com): not an API operation
    if (url.pathname.startsWith('/_codeload/')) return this.archive(url, res);
    const checked = this.check(req, url, text);
    this.requests.push({
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      operationId: checked?.op.operationId,
      body: checked?.body,
    });
    if (!checked) return this.send(res, 404, { message: 'Not Found' });
    const { op, params, body } = checked;
    const failure = this.injected.find((f) => f.operationId === op.operationId && f.times > 0);
    if (failure) {
      failure.times--;
      const answer = () => {
        if (failure.afterApplying) this.answer(op, params, body, url, { writeHead: () => undefined, end: () => undefined } as unknown as ServerResponse);
        if (failure.raw !== undefined) {
          res.writeHead(failure.status, { 'content-type': 'application/json; charset=utf-8', ...failure.headers });
          return res.end(failure.raw);
        }
        return this.send(res, failure.status, { message: failure.message, documentation_url: 'https://docs.github.com/rest' }, failure.headers);
      };
      if (failure.delayMs) setTimeout(answer, failure.delayMs);
      else answer();
      return;
    }
    this.answer(op, params, body, url, res);
  }

  readonly archives: string[] = [];

  private archive(url: URL, res: ServerResponse): void {
    const [owner, repo, , ref] = url.pathname.split('/').slice(2);
    this.archives.push(ref ?? '');
    let data: Buffer;
    try {
      data = this.git(['archive', '--format=tar.gz', `--prefix=${owner}-${repo}-${(ref ?? '').slice(0, 7)}/`, ref ?? '']);
    } catch {
      return this.send(res, 404, { message: 'Not Found' });
    }
    res.writeHead(200, { 'content-type': 'application/x-gzip', 'content-length': String(data.length) });
    res.end(data);
  }

  private answer(op: Operation, params: Record<string, string>, body: unknown, url: URL, res: ServerResponse): void {
    const repository = `${params.owner}/${params.repo}`;
    if (params.owner && repository !== (this.options.repository ?? 'octo/shop')) return this.send(res, 404, { message: 'Not Found' });
    switch (op.operationId) {
      case 'users/get-authenticated':
        if (this.options.viewer === undefined) return this.send(res, 403, { message: 'Resource not accessible by integration' });
        return this.send(res, 200, { login: this.options.viewer, id: 1, type: 'User' });
      case 'issues/list-comments': {
        const issue = Number(params.issue_number);
        const all = this.comments.get(issue) ?? [];
        const perPage = Number(url.searchParams.get('per_page') ?? 30);
        const page = Number(url.searchParams.get('page') ?? 1);
        const slice = all.slice((page - 1) * perPage, page * perPage);
        const last = Math.max(1, Math.ceil(all.length / perPage));
        const link = (p: number) => `<${this.url}${url.pathname}?per_page=${perPage}&page=${p}>`;
        const headers: Record<string, string> = {};
        if (page < last) headers.link = `${link(page + 1)}; rel="next", ${link(last)}; rel="last"`;
        return this.send(res, 200, slice.map((c) => this.commentJson(issue, c)), headers);
      }
      case 'issues/create-comment': {
        const issue = Number(params.issue_number);
        const c = this.addComment(issue, (body as { body: string }).body, this.options.viewer ?? 'github-actions[bot]', this.options.viewer ? 'User' : 'Bot');
        return this.send(res, 201, this.commentJson(issue, c));
      }
      case 'issues/update-comment': {
        const id = Number(params.comment_id);
        for (const [issue, list] of this.comments) {
          const c = list.find((x) => x.id === id);
          if (c) {
            c.body = (body as { body: string }).body;
            return this.send(res, 200, this.commentJson(issue, c));
          }
        }
        return this.send(res, 404, { message: 'Not Found' });
      }
      case 'git/get-tree': {
        const sha = params.tree_sha!;
        const recursive = url.searchParams.has('recursive');
        let listing: string;
        try {
          listing = this.git(['ls-tree', '-z', '-l', ...(recursive ? ['-r', '-t'] : []), sha]).toString('utf8');
        } catch {
          return this.send(res, 404, { message: 'Not Found' });
        }
        let tree = listing
          .split('\0')
          .filter(Boolean)
          .map((record) => {
            const tab = record.indexOf('\t');
            const [mode, type, oid, size] = record.slice(0, tab).split(/\s+/);
            return { path: record.slice(tab + 1), mode, type, sha: oid, ...(type === 'blob' ? { size: Number(size) } : {}), url: `${this.url}/x` };
          });
        const truncated = recursive && (this.options.truncate?.(sha) ?? false);
        if (truncated) tree = tree.slice(0, Math.floor(tree.length / 2));
        return this.send(res, 200, { sha, url: `${this.url}/x`, tree, truncated });
      }
      case 'git/get-blob': {
        let content: Buffer;
        try {
          content = this.git(['cat-file', 'blob', params.file_sha!]);
        } catch {
          return this.send(res, 404, { message: 'Not Found' });
        }
        return this.send(res, 200, { sha: params.file_sha, node_id: 'B', size: content.length, url: `${this.url}/x`, content: content.toString('base64'), encoding: 'base64' });
      }
      case 'git/get-commit': {
        let text: string;
        try {
          text = this.git(['cat-file', 'commit', params.commit_sha!]).toString('utf8');
        } catch {
          return this.send(res, 404, { message: 'Not Found' });
        }
        const header = text.slice(0, text.indexOf('\n\n'));
        const parents = header
          .split('\n')
          .filter((l) => l.startsWith('parent '))
          .map((l) => ({ sha: l.slice(7), url: `${this.url}/x`, html_url: 'https://github.com/x' }));
        const tree = /^tree (\S+)/m.exec(header)?.[1] ?? '';
        const person = { name: 't', email: 't@t', date: '2026-01-01T00:00:00Z' };
        return this.send(res, 200, {
          sha: params.commit_sha,
          node_id: 'C',
          url: `${this.url}/x`,
          html_url: 'https://github.com/x',
          author: person,
          committer: person,
          message: text.slice(text.indexOf('\n\n') + 2),
          tree: { sha: tree, url: `${this.url}/x` },
          parents,
          verification: { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
        });
      }
      case 'repos/compare-commits-with-basehead': {
        const [from, to] = decodeURIComponent(params.basehead!).split('...');
        let mergeBase: string;
        try {
          mergeBase = this.git(['merge-base', from!, to!]).toString('utf8').trim();
        } catch {
          return this.send(res, 404, { message: 'Not Found' });
        }
        const status = from === to ? 'identical' : mergeBase === to ? 'behind' : mergeBase === from ? 'ahead' : 'diverged';
        return this.send(res, 200, { merge_base_commit: { sha: mergeBase }, status });
      }
      case 'repos/download-tarball-archive': {
        if (this.options.archiveStatus) return this.send(res, this.options.archiveStatus, { message: 'Not Found' });
        // as GitHub does: a redirect to a short-lived address on the archive host
        res.writeHead(302, { location: `${this.url}/_codeload/${params.owner}/${params.repo}/legacy.tar.gz/${params.ref}` });
        res.end();
        return;
      }
      case 'repos/list-branches-for-head-commit': {
        const sha = params.commit_sha!;
        const branches = Object.entries(this.options.branches ?? {})
          .filter(([, head]) => head === sha)
          .map(([name]) => ({ name, commit: { sha, url: `${this.url}/x` }, protected: false }));
        return this.send(res, 200, branches);
      }
      case 'repos/list-pull-requests-associated-with-commit': {
        const sha = params.commit_sha!;
        const number = this.options.pulls?.[sha];
        const repo = this.options.repository ?? 'octo/shop';
        const pulls = number === undefined ? [] : [{ number, state: 'open', head: { sha, ref: 'topic', repo: { full_name: 'someone/fork' } }, base: { sha: this.options.pullBase ?? 'x', ref: 'main', repo: { full_name: repo } }, merge_commit_sha: this.options.pullMerge ?? null }];
        return this.send(res, 200, pulls);
      }
      default:
        return this.send(res, 404, { message: 'Not Found' });
    }
  }
}
