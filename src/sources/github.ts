import type { Readable } from 'node:stream';
import { ensureCommit, isRepository, mightHoldManifests, skippedHiddenDir } from './git.js';
import { HIDDEN_HEAD_BYTES, HIDDEN_MAX_FILES, hiddenCappedNote, hiddenNote, isKubectlManifestName, looksLikeKubernetes } from './hidden.js';
import type { Snapshot, SnapshotOptions } from './snapshot.js';
import { gitSnapshot, SourceError } from './snapshot.js';
import type { ManifestFile, SnapshotFile } from '../input/load.js';
import { compareWalkOrder, isManifestPath } from '../input/load.js';
import { decodeManifest } from '../input/text.js';
import { gitBlobId } from './gitobject.js';
import { readTarGz } from './tar.js';

/** An entry of a git tree, as the REST API lists it. */
export interface TreeEntry {
  readonly path: string;
  readonly type: string;
  readonly mode: string;
  readonly sha: string;
  readonly size: number | undefined;
}

/** The part of the GitHub REST API that reads a commit's files. */
export interface TreeApi {
  tree(sha: string, recursive: boolean): Promise<{ entries: TreeEntry[]; truncated: boolean }>;
  /** A blob's bytes. */
  blob(sha: string): Promise<Buffer>;
  /** The gzipped tar archive of a commit, as it streams in. */
  tarball?(sha: string): Promise<Readable>;
}

/**
 * From this many files to fetch, a revision is read from its archive in one
 * request rather than blob by blob (one request each, against a rate limit
 * of 1,000 an hour for GITHUB_TOKEN).
 */
export const ARCHIVE_FROM_FILES = 100;

/** Reads files of the repository at a revision. */
interface RevisionReader {
  /** The manifest files of a revision that `wanted` accepts. */
  files(sha: string, wanted: (path: string) => boolean, maxFileBytes: number): Promise<ManifestFile[]>;
  /** One file of a revision, or undefined when absent. */
  file(sha: string, path: string): Promise<string | undefined>;
  /** Notes (RD056) for files of a revision in hidden directories that look like Kubernetes objects, looking at `max` files at most. */
  hidden(sha: string, max: number): Promise<SnapshotFile[]>;
  /** Every file of a revision under some directories, with its mode and blob id as the tree lists them. */
  contents(sha: string, dirs: readonly string[]): Promise<Array<{ path: string; id: string }>>;
  /** The files directly in some directories of a revision (`.` its root), with their mode and blob id. */
  filesIn(sha: string, dirs: readonly string[]): Promise<Array<{ path: string; id: string }>>;
}

/**
 * How many files in hidden directories are looked at through the API, at
 * most: each is a request (shared by the revisions that hold it), against a
 * rate limit of 1,000 an hour for GITHUB_TOKEN.
 */
export const HIDDEN_MAX_API_FILES = 50;

/** Runs at most `limit` of the tasks at once. */
async function pool<T>(items: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const out: T[] = new Array<T>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await items[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/**
 * Reads through the REST API: the recursive tree of a revision (walking
 * sub-trees when GitHub truncates it) and its blobs, each distinct blob
 * fetched once for both revisions. When many blobs are wanted they come from
 * the commit's archive instead, each checked against the object name the
 * tree gives: a file the archive leaves out (export-ignore) or changes
 * (export-subst, LFS objects included in archives) is fetched as a blob.
 */
export function apiReader(api: TreeApi, options: { concurrency?: number; log?: (message: string) => void } = {}): RevisionReader {
  const concurrency = options.concurrency ?? 8;
  const blobs = new Map<string, Promise<string>>();
  const trees = new Map<string, Promise<TreeEntry[]>>();
  const blob = (sha: string) => {
    let p = blobs.get(sha);
    if (!p) {
      p = api.blob(sha).then(decodeManifest);
      blobs.set(sha, p);
    }
    return p;
  };
  const walk = async (sha: string, prefix: string): Promise<TreeEntry[]> => {
    const full = await api.tree(sha, true);
    const at = (e: TreeEntry) => ({ ...e, path: `${prefix}${e.path}` });
    if (!full.truncated) return full.entries.map(at);
    // too large for one response: list this level alone and walk each sub-tree
    const level = await api.tree(sha, false);
    // a level GitHub cuts short holds files no listing gives: what they hold is not known
    if (level.truncated) throw new SourceError(`the tree ${prefix === '' ? 'of the commit' : `at ${prefix.slice(0, -1)}`} holds more entries than the GitHub API lists in one response, so its files cannot all be read through it: check out the repository (actions/checkout) before the action`);
    const below = await pool(
      level.entries.filter((e) => e.type === 'tree').map((e) => () => walk(e.sha, `${prefix}${e.path}/`)),
      concurrency,
    );
    return [...level.entries.map(at), ...below.flat()];
  };
  const tree = (sha: string) => {
    let p = trees.get(sha);
    if (!p) {
      p = walk(sha, '').catch((e: unknown) => {
        const status = (e as { status?: unknown }).status;
        // a head that was force-pushed away, or a revision that never was
        if (status === 404 || status === 422) throw new SourceError(`commit ${sha} cannot be read through the GitHub API (HTTP ${status}): it is not in the repository, or no longer (was it force-pushed away?)`);
        throw e;
      });
      trees.set(sha, p);
    }
    return p;
  };
  const fromArchive = async (sha: string, entries: readonly TreeEntry[]) => {
    const ids = new Map(entries.map((e) => [e.path, e.sha]));
    let got: Map<string, Buffer>;
    try {
      got = await readTarGz(await api.tarball!(sha), (path) => ids.has(path));
    } catch (e) {
      options.log?.(`the archive of ${sha} could not be read (${(e as Error).message}); reading its files one by one`);
      return;
    }
    for (const [path, bytes] of got) {
      const id = ids.get(path)!;
      if (!blobs.has(id) && gitBlobId(bytes, id.length) === id) blobs.set(id, Promise.resolve(decodeManifest(bytes)));
    }
  };
  return {
    async files(sha, wanted, max) {
      const all = await tree(sha);
      const entries = all.filter((e) => e.type === 'blob' && isManifestPath(e.path) && wanted(e.path));
      entries.sort((a, b) => compareWalkOrder(a.path, b.path));
      const toFetch = entries.filter((e) => e.mode !== '120000' && !(e.size !== undefined && e.size > max) && !blobs.has(e.sha));
      if (api.tarball && new Set(toFetch.map((e) => e.sha)).size >= ARCHIVE_FROM_FILES) await fromArchive(sha, toFetch);
      // what cannot be read is said, so that a verdict never rests on it in silence
      const submodules: ManifestFile[] = all
        .filter((e) => e.type === 'commit' && mightHoldManifests(e.path, wanted))
        .map((e) => ({ path: e.path, error: `a git submodule (commit ${e.sha.slice(0, 12)}): its files are not read` }));
      const files = await pool(
        entries.map((e) => async (): Promise<ManifestFile> => {
          if (e.mode === '120000') return { path: e.path, error: `a symbolic link (to ${JSON.stringify(await blob(e.sha))}): links are not followed, so it is not read` };
          if (e.size !== undefined && e.size > max) return { path: e.path, error: `file is ${e.size} bytes, over the limit of ${max}; skipped` };
          return { path: e.path, text: await blob(e.sha) };
        }),
        concurrency,
      );
      return [...submodules, ...files];
    },
    async file(sha, path) {
      const entry = (await tree(sha)).find((e) => e.path === path && e.type === 'blob');
      return entry ? blob(entry.sha) : undefined;
    },
    async hidden(sha, max) {
      const candidates = (await tree(sha))
        .filter((e) => e.type === 'blob' && e.mode !== '120000' && isKubectlManifestName(e.path))
        .map((e) => ({ e, dir: skippedHiddenDir(e.path, []) }))
        .filter((c): c is { e: TreeEntry; dir: string } => c.dir !== undefined)
        .sort((a, b) => compareWalkOrder(a.e.path, b.e.path));
      const looked = candidates.slice(0, max);
      const texts = await pool(
        // a file that cannot be fetched is passed over: the look is a courtesy, not the reading
        looked.map((c) => () => blob(c.e.sha).catch(() => '')),
        concurrency,
      );
      const heads = texts.map((t) => t.slice(0, HIDDEN_HEAD_BYTES));
      const out: SnapshotFile[] = looked.flatMap((c, i) => {
        const truncated = texts[i]!.length > heads[i]!.length;
        return looksLikeKubernetes(heads[i]!, truncated) ? [hiddenNote(c.e.path, c.dir, heads[i]!, truncated)] : [];
      });
      const next = candidates[max];
      if (next) out.push(hiddenCappedNote(next.dir, `${max} files`, `; or check out the repository (actions/checkout) before the action, which then reads it with git and looks at up to ${HIDDEN_MAX_FILES.toLocaleString('en-US')} files`));
      return out;
    },
    async contents(sha, dirs) {
      const under = (path: string) => dirs.some((d) => d === '.' || path.startsWith(`${d}/`));
      return (await tree(sha)).filter((e) => e.type !== 'tree' && under(e.path)).map((e) => ({ path: e.path, id: `${e.mode}:${e.sha}` }));
    },
    async filesIn(sha, dirs) {
      const wanted = new Set(dirs);
      const dir = (path: string) => (path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '.');
      return (await tree(sha)).filter((e) => e.type === 'blob' && wanted.has(dir(e.path))).map((e) => ({ path: e.path, id: `${e.mode}:${e.sha}` }));
    },
  };
}

/** Snapshots of the commits of one repository, read through the REST API: each distinct blob is fetched once for all of them. */
export function githubSnapshots(api: TreeApi, options: SnapshotOptions, log?: (message: string) => void): (sha: string) => Snapshot {
  const reader = apiReader(api, log ? { log } : {});
  return (sha) => ({
    label: sha,
    files: (wanted) => reader.files(sha, wanted ?? (() => true), options.maxFileBytes),
    file: (path) => reader.file(sha, path),
    hiddenManifests: () => reader.hidden(sha, HIDDEN_MAX_API_FILES),
    contents: (dirs) => reader.contents(sha, dirs),
    filesIn: (dirs) => reader.filesIn(sha, dirs),
    inDirectory: () => Promise.reject(new SourceError('a render command needs a clone of the repository (actions/checkout and source: git), not the GitHub API')),
    withFiles: () => Promise.reject(new SourceError('building Kustomize roots needs a clone of the repository (actions/checkout and source: git), not the GitHub API')),
  });
}

/** Where the states of the repository are read from: the local clone, or the API. */
export interface SnapshotSource {
  readonly kind: 'git' | 'api';
  /** The state at a commit. */
  at(sha: string): Snapshot;
}

/**
 * Picks where files come from. `git` needs both revisions in the local clone
 * (a missing one is fetched alone, shallowly); `auto` uses git when that
 * works and the API otherwise.
 */
export async function chooseSource(
  source: 'auto' | 'git' | 'api',
  workspace: string,
  shas: readonly string[],
  api: () => TreeApi,
  options: SnapshotOptions,
  log: (message: string) => void,
): Promise<SnapshotSource> {
  const viaApi = (): SnapshotSource => {
    const at = githubSnapshots(api(), options, log);
    return { kind: 'api', at };
  };
  if (source === 'api') return viaApi();
  const repo = await isRepository(workspace);
  if (repo) {
    // one after the other: two fetches into one clone at once race for its locks
    const available: boolean[] = [];
    for (const sha of shas) available.push(await ensureCommit(workspace, sha));
    if (available.every(Boolean)) return { kind: 'git', at: (sha) => gitSnapshot(workspace, sha, options) };
    const missing = shas.filter((_, i) => !available[i]);
    if (source === 'git') throw new Error(`source: git, but the clone in ${workspace} lacks ${missing.join(' and ')} and fetching failed`);
    log(`the local clone lacks ${missing.join(' and ')}; reading through the API`);
  } else {
    if (source === 'git') throw new Error(`source: git, but ${workspace} is not a git clone (add actions/checkout before this step)`);
    log(`${workspace} is not a git clone; reading through the API`);
  }
  return viaApi();
}
