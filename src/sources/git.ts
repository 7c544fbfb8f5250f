import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import type { ManifestFile } from '../input/load.js';
import { compareWalkOrder, isManifestPath } from '../input/load.js';
import { decodeManifest } from '../input/text.js';
import type { SnapshotFile } from '../input/load.js';
import type { PathPredicate } from './globs.js';
import { HIDDEN_HEAD_BYTES, HIDDEN_MAX_FILES, hiddenCappedNote, hiddenDirOf, hiddenNote, isKubectlManifestName, looksLikeKubernetes } from './hidden.js';

const run = promisify(execFile);

/** A git failure the user can act on (unknown revision, not a repository). */
export class GitError extends Error {}

async function git(repo: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run('git', ['-C', repo, ...args], { maxBuffer: 1 << 30, encoding: 'utf8' });
    return stdout;
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new GitError((err.stderr ?? err.message).trim().split('\n')[0] ?? err.message);
  }
}

/** Whether the repository holding `dir` has a remote (`git remote`); false where `dir` is in no repository or git is not installed. */
export async function hasRemote(dir: string): Promise<boolean> {
  try {
    return (await git(dir, ['remote'])).trim() !== '';
  } catch {
    return false;
  }
}

/** The full object name of a revision, or a GitError naming it, and why where git can tell (not a repository, a shallow clone). */
export async function resolveRevision(repo: string, ref: string): Promise<string> {
  try {
    return (await git(repo, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`])).trim();
  } catch {
    throw new GitError(`unknown revision "${ref}" in ${repo}${await whyUnknown(repo)}`);
  }
}

/** What keeps a revision from a repository, where it is not the revision's name: no repository there, or history a shallow clone lacks. */
async function whyUnknown(repo: string): Promise<string> {
  let shallow: string;
  try {
    shallow = (await git(repo, ['rev-parse', '--is-shallow-repository'])).trim();
  } catch {
    return `: ${repo} is not a git repository (give --repo DIR)`;
  }
  return shallow === 'true' ? `: the clone is shallow, so older commits are not in it (fetch them: git fetch --unshallow, or fetch-depth: 0 with actions/checkout)` : '';
}

/**
 * The revision to compare with when none is given: the branch the remote's
 * HEAD names (`origin/main`, `origin/master`), else a local `main` or
 * `master`; a GitError when there is none.
 */
export async function defaultBaseRef(repo: string): Promise<string> {
  try {
    const remote = (await git(repo, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'])).trim();
    if (remote) return remote;
  } catch {
    // no remote, or the clone did not record its HEAD
  }
  for (const branch of ['main', 'master']) {
    try {
      await resolveRevision(repo, `refs/heads/${branch}`);
      return branch;
    } catch {
      // try the next
    }
  }
  const why = await whyUnknown(repo);
  if (why.includes('not a git repository')) throw new GitError(`${repo} is not a git repository (give --repo DIR)`);
  throw new GitError(`no --base-ref given, and ${repo} has neither origin/HEAD nor a main or master branch: give --base-ref`);
}

/** Which files of a revision to read: manifest files under these paths (all when none), or those a predicate accepts. */
export type PathFilter = readonly string[] | PathPredicate;

/** Whether a path is one the filters take: under one of the paths (any when none), or accepted by the predicate. */
export function inFilters(path: string, filters: PathFilter): boolean {
  return taken(path, filters) !== undefined;
}

/**
 * How the filters take a path: `named` (a path given, or a predicate's
 * choice), `walked` (under a directory given, or any path when none are
 * given, outside hidden directories and node_modules, as a walk of the
 * work tree would find it), or not at all.
 */
export function taken(path: string, filters: PathFilter): 'named' | 'walked' | undefined {
  if (typeof filters === 'function') return filters(path) ? 'named' : undefined;
  const walked = (rest: string) => (rest.split('/').slice(0, -1).some((d) => d.startsWith('.') || d === 'node_modules') ? undefined : 'walked');
  if (filters.length === 0) return walked(path);
  let found: 'named' | 'walked' | undefined;
  for (const f of filters) {
    const rest = below(path, f);
    if (rest === '') return 'named';
    if (rest !== undefined) found ??= walked(rest);
  }
  return found;
}

/** A path given without a leading `./` or a trailing `/`. */
function cleanPath(given: string): string {
  return given.replace(/^\.\/+/, '').replace(/\/+$/, '');
}

/** The part of a path below a path given (`''` where it is that path; all of it below `.`), or undefined where it is not under it. */
function below(path: string, given: string): string | undefined {
  const clean = cleanPath(given);
  if (path === clean) return '';
  if (clean === '' || clean === '.') return path;
  return path.startsWith(`${clean}/`) ? path.slice(clean.length + 1) : undefined;
}

/** Whether a path is one of the paths given or under one of them (any when none), hidden directories included. */
export function underFilters(path: string, filters: PathFilter): boolean {
  if (typeof filters === 'function') return filters(path);
  return filters.length === 0 || filters.some((f) => below(path, f) !== undefined);
}

/**
 * The paths given to filter a revision (files, or directories to walk)
 * that none of the paths given next is or lies under: a path that names
 * nothing at either revision is a mistake (a typo), not a pass, as a
 * missing path is for a directory.
 */
export function unmatchedFilters(filters: readonly string[], paths: readonly string[]): string[] {
  return filters.filter((f) => !paths.some((p) => below(p, f) !== undefined));
}

function wanted(path: string, filters: PathFilter): boolean {
  return isManifestPath(path) && inFilters(path, filters);
}

/**
 * Whether a directory (a submodule) may hold manifest files the filters
 * take: a path given at or in it names them, and a walk from a path above
 * it enters it where no hidden directory or node_modules is on the way;
 * globs say themselves where they may match (PathMatcher), and a predicate
 * that does not is asked of two files in it.
 */
export function mightHoldManifests(dir: string, filters: PathFilter): boolean {
  if (typeof filters === 'function') {
    return filters.mayMatchUnder ? filters.mayMatchUnder(dir) : wanted(`${dir}/manifest.yaml`, filters) || wanted(`${dir}/x/manifest.yaml`, filters);
  }
  return filters.some((f) => below(cleanPath(f), dir) !== undefined) || wanted(`${dir}/manifest.yaml`, filters);
}

/** Whether a directory is at, under or above one of the paths given (any when none): where filters bound a predicate, it may then take paths under the directory. */
export function mayBeUnderFilters(dir: string, filters: PathFilter): boolean {
  if (typeof filters === 'function') return filters.mayMatchUnder?.(dir) ?? true;
  return filters.length === 0 || filters.some((f) => below(dir, f) !== undefined || below(cleanPath(f), dir) !== undefined);
}

/**
 * Reads the manifest files of one revision straight from the object
 * database (`git ls-tree` and one `git cat-file --batch`), without touching
 * the work tree or the index. Paths are relative to the repository root.
 */
export async function readRevision(repo: string, ref: string, filters: PathFilter = [], maxFileBytes = Infinity): Promise<ManifestFile[]> {
  const commit = await resolveRevision(repo, ref);
  const listing = await git(repo, ['ls-tree', '-r', '-z', '--full-tree', '-l', commit]);
  const entries: Array<{ path: string; oid: string; size: number; walked: boolean }> = [];
  const out: ManifestFile[] = [];
  const links: Array<{ path: string; oid: string; walked: boolean }> = [];
  for (const record of listing.split('\0')) {
    if (!record) continue;
    const tab = record.indexOf('\t');
    const [mode, type, oid, size] = record.slice(0, tab).split(/\s+/);
    const path = record.slice(tab + 1);
    if (!oid) continue;
    // what cannot be read is said, so that a verdict never rests on it in silence
    if (type === 'commit') {
      if (mightHoldManifests(path, filters)) out.push({ path, error: `a git submodule (commit ${oid.slice(0, 12)}): its files are not read` });
      continue;
    }
    const how = type === 'blob' && isManifestPath(path) ? taken(path, filters) : undefined;
    if (!how) continue;
    const walked = how === 'walked';
    if (mode === '120000') links.push({ path, oid, walked });
    else entries.push({ path, oid, size: Number(size), walked });
  }
  entries.sort((a, b) => compareWalkOrder(a.path, b.path));
  const mark = (walked: boolean) => (walked ? { walked: true } : {});
  const targets = await catFiles(repo, links.map((l) => l.oid));
  links.forEach((l, i) => out.push({ path: l.path, error: `a symbolic link (to ${JSON.stringify(targets[i] ?? '')}): links are not followed, so it is not read`, ...mark(l.walked) }));
  const toRead = entries.filter((e) => {
    if (e.size <= maxFileBytes) return true;
    out.push({ path: e.path, error: `file is ${e.size} bytes, over the limit of ${maxFileBytes}; skipped`, ...mark(e.walked) });
    return false;
  });
  const blobs = await catFiles(repo, toRead.map((e) => e.oid));
  toRead.forEach((e, i) => out.push({ path: e.path, text: blobs[i]!, ...mark(e.walked) }));
  return out.sort((a, b) => compareWalkOrder(a.path, b.path));
}

/**
 * The hidden directory (not `.git`, not under `node_modules`) for whose
 * sake a walk of the filters skips a path, or undefined when the filters
 * take the path or would not take it anyway.
 */
export function skippedHiddenDir(path: string, filters: readonly string[]): string | undefined {
  if (taken(path, filters) !== undefined) return undefined;
  if (filters.length === 0) return hiddenDirOf('', path);
  for (const f of filters) {
    const clean = f.replace(/^\.\/+/, '').replace(/\/+$/, '');
    if (clean === '' || clean === '.') return hiddenDirOf('', path);
    if (path.startsWith(`${clean}/`)) return hiddenDirOf(`${clean}/`, path.slice(clean.length + 1));
  }
  return undefined;
}

/**
 * Notes (RD056) for the files of a revision that a walk of the filters
 * skips for being in a hidden directory, that `kubectl apply -R` reads and
 * that look like Kubernetes objects (see src/sources/hidden.ts): at most
 * HIDDEN_MAX_FILES files are looked at, each its first bytes.
 */
export async function hiddenRevisionNotes(repo: string, ref: string, filters: readonly string[], maxFiles = HIDDEN_MAX_FILES): Promise<SnapshotFile[]> {
  const commit = await resolveRevision(repo, ref);
  const listing = await git(repo, ['ls-tree', '-r', '-z', '--full-tree', commit]);
  const candidates: Array<{ path: string; oid: string; dir: string }> = [];
  for (const record of listing.split('\0')) {
    const tab = record.indexOf('\t');
    if (tab < 0) continue;
    const [mode, type, oid] = record.slice(0, tab).split(/\s+/);
    const path = record.slice(tab + 1);
    // links are not followed, as walks do not follow them
    if (type !== 'blob' || mode === '120000' || !oid || !isKubectlManifestName(path)) continue;
    const dir = skippedHiddenDir(path, filters);
    if (dir !== undefined) candidates.push({ path, oid, dir });
  }
  candidates.sort((a, b) => compareWalkOrder(a.path, b.path));
  const looked = candidates.slice(0, maxFiles);
  const heads = await catHeads(repo, looked.map((c) => c.oid), HIDDEN_HEAD_BYTES);
  const texts = heads.map((h) => decodeManifest(h!));
  const out: SnapshotFile[] = looked.flatMap((c, i) => {
    const truncated = heads[i]!.length >= HIDDEN_HEAD_BYTES;
    return looksLikeKubernetes(texts[i]!, truncated) ? [hiddenNote(c.path, c.dir, texts[i]!, truncated)] : [];
  });
  const next = candidates[maxFiles];
  if (next) out.push(hiddenCappedNote(next.dir, `${maxFiles} files`));
  return out;
}

/** The first `limit` bytes of each blob, through one `git cat-file --batch` process that the rest streams through unkept. */
function catHeads(repo: string, oids: readonly string[], limit: number): Promise<Buffer[]> {
  if (oids.length === 0) return Promise.resolve([]);
  return new Promise((resolvePromise, reject) => {
    const child = spawn('git', ['-C', repo, 'cat-file', '--batch'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let pending: Buffer = Buffer.alloc(0);
    // bytes of the current blob still to come (its content and the newline after it), or -1 between blobs
    let remaining = -1;
    let kept: Buffer[] = [];
    let keptBytes = 0;
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      for (;;) {
        if (remaining < 0) {
          const nl = pending.indexOf(10);
          if (nl < 0) return;
          const header = pending.subarray(0, nl).toString().split(' ');
          pending = pending.subarray(nl + 1);
          if (header[1] === 'missing') {
            out.push(Buffer.alloc(0));
            continue;
          }
          remaining = Number(header[2]) + 1;
          kept = [];
          keptBytes = 0;
        }
        if (pending.length === 0) return;
        const take = Math.min(remaining, pending.length);
        const content = Math.max(0, Math.min(take, remaining - 1, limit - keptBytes));
        if (content > 0) {
          // a copy: a view would keep the whole chunk
          kept.push(Buffer.from(pending.subarray(0, content)));
          keptBytes += content;
        }
        pending = pending.subarray(take);
        remaining -= take;
        if (remaining === 0) {
          out.push(Buffer.concat(kept));
          remaining = -1;
        }
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new GitError(`git cat-file failed: ${stderr.trim()}`));
      resolvePromise(out);
    });
    child.stdin.end(`${oids.join('\n')}\n`);
  });
}

/** Reads blobs through one `git cat-file --batch` process. */
function catFiles(repo: string, oids: readonly string[]): Promise<string[]> {
  if (oids.length === 0) return Promise.resolve([]);
  return new Promise((resolvePromise, reject) => {
    const child = spawn('git', ['-C', repo, 'cat-file', '--batch'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new GitError(`git cat-file failed: ${stderr.trim()}`));
      const data = Buffer.concat(chunks);
      const texts: string[] = [];
      let pos = 0;
      for (let i = 0; i < oids.length; i++) {
        const nl = data.indexOf(10, pos);
        const header = data.subarray(pos, nl).toString();
        const size = Number(header.split(' ')[2]);
        texts.push(decodeManifest(data.subarray(nl + 1, nl + 1 + size)));
        pos = nl + 1 + size + 1;
      }
      resolvePromise(texts);
    });
    child.stdin.end(`${oids.join('\n')}\n`);
  });
}

/** One file of a revision, or undefined when the revision has no such file. */
export async function readFileAt(repo: string, ref: string, path: string): Promise<string | undefined> {
  const commit = await resolveRevision(repo, ref);
  const listing = await git(repo, ['ls-tree', '-z', '--full-tree', commit, '--', path]);
  const record = listing.split('\0')[0];
  if (!record) return undefined;
  const [, type, oid] = record.slice(0, record.indexOf('\t')).split(/\s+/);
  if (type !== 'blob' || !oid) return undefined;
  return (await catFiles(repo, [oid]))[0];
}

/** The top directory of the work tree `dir` is in: the root the paths of a revision are relative to. */
export async function workTreeTop(dir: string): Promise<string> {
  return (await git(dir, ['rev-parse', '--show-toplevel'])).trim();
}

/** Whether the repository has this commit (a shallow clone may not). */
export async function hasCommit(repo: string, sha: string): Promise<boolean> {
  try {
    await git(repo, ['cat-file', '-e', '--end-of-options', `${sha}^{commit}`]);
    return true;
  } catch {
    return false;
  }
}

/** Whether `dir` is inside a git work tree. */
export async function isRepository(dir: string): Promise<boolean> {
  try {
    return (await git(dir, ['rev-parse', '--is-inside-work-tree'])).trim() === 'true';
  } catch {
    return false;
  }
}

/**
 * Makes a commit available, fetching it alone (depth 1) from a remote when
 * the clone lacks it; false when it cannot be had.
 */
export async function ensureCommit(repo: string, sha: string, remote = 'origin'): Promise<boolean> {
  if (await hasCommit(repo, sha)) return true;
  try {
    // --end-of-options: a value such as --upload-pack=... is a revision here, never an option
    await git(repo, ['fetch', '--no-tags', '--no-recurse-submodules', '--depth=1', '--end-of-options', remote, sha]);
  } catch {
    return false;
  }
  return hasCommit(repo, sha);
}

/** The parents of a commit, first parent first, read from the commit object (a shallow clone has it without its parents). */
export async function commitParents(repo: string, sha: string): Promise<string[]> {
  const text = await git(repo, ['cat-file', 'commit', '--end-of-options', sha]);
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line === '') break;
    if (line.startsWith('parent ')) out.push(line.slice(7).trim());
  }
  return out;
}

/** The merge base of two commits, or undefined when the clone's history cannot tell (a shallow clone). */
export async function mergeBase(repo: string, a: string, b: string): Promise<string | undefined> {
  try {
    return (await git(repo, ['merge-base', '--end-of-options', a, b])).trim() || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Every file of a revision under some directories (relative to the
 * repository root), whatever its name, hidden ones too, with its mode and
 * blob id as the tree lists them (a submodule: its commit).
 */
export async function revisionContents(repo: string, ref: string, dirs: readonly string[]): Promise<Array<{ path: string; id: string }>> {
  if (dirs.length === 0) return [];
  const commit = await resolveRevision(repo, ref);
  const listing = await git(repo, ['ls-tree', '-r', '-z', '--full-tree', commit, '--', ...new Set(dirs)]);
  const out: Array<{ path: string; id: string }> = [];
  for (const record of listing.split('\0')) {
    if (!record) continue;
    const tab = record.indexOf('\t');
    const [mode, , oid] = record.slice(0, tab).split(/\s+/);
    out.push({ path: record.slice(tab + 1), id: `${mode}:${oid}` });
  }
  return out;
}

/** The git submodules of a revision: their paths and commits. */
export async function revisionSubmodules(repo: string, ref: string): Promise<Array<{ readonly path: string; readonly commit: string }>> {
  const commit = await resolveRevision(repo, ref);
  const listing = await git(repo, ['ls-tree', '-r', '-z', '--full-tree', commit]);
  const out: Array<{ path: string; commit: string }> = [];
  for (const record of listing.split('\0')) {
    const tab = record.indexOf('\t');
    const [, type, oid] = record.slice(0, tab).split(/\s+/);
    if (type === 'commit' && oid) out.push({ path: record.slice(tab + 1), commit: oid });
  }
  return out;
}

/** The files (blobs and links) directly in some directories of a revision (`.` its root), with their mode and blob id. */
export async function revisionFilesIn(repo: string, ref: string, dirs: readonly string[]): Promise<Array<{ path: string; id: string }>> {
  const wanted = new Set(dirs);
  if (wanted.size === 0) return [];
  const commit = await resolveRevision(repo, ref);
  const below = [...wanted].filter((d) => d !== '.').map((d) => `${d}/`);
  const listings = await Promise.all([
    ...(wanted.has('.') ? [git(repo, ['ls-tree', '-z', '--full-tree', commit])] : []),
    ...(below.length > 0 ? [git(repo, ['ls-tree', '-z', '--full-tree', commit, '--', ...below])] : []),
  ]);
  const out: Array<{ path: string; id: string }> = [];
  for (const record of listings.join('\0').split('\0')) {
    if (!record) continue;
    const tab = record.indexOf('\t');
    const [mode, type, oid] = record.slice(0, tab).split(/\s+/);
    const path = record.slice(tab + 1);
    const slash = path.lastIndexOf('/');
    if (type === 'blob' && wanted.has(slash < 0 ? '.' : path.slice(0, slash))) out.push({ path, id: `${mode}:${oid}` });
  }
  return out;
}
