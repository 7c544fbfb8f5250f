import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import type { ManifestFile, SnapshotFile } from '../input/load.js';
import { withCheckout } from './checkout.js';
import { directoryContents, directoryFilesIn, hiddenManifestNotes, listManifestFiles, readManifestFiles } from './directory.js';
import type { PathFilter } from './git.js';
import { hiddenRevisionNotes, mayBeUnderFilters, readFileAt, readRevision, revisionContents, revisionFilesIn, revisionSubmodules, underFilters } from './git.js';
import type { PathPredicate } from './globs.js';

/**
 * One state of the manifests, wherever it comes from: directories, a git
 * revision read from the object database, or a commit read through the
 * GitHub API. Everything that reads manifests goes through this interface
 * (as release-please reads repositories through its Scm interface), so the
 * command line and the action run one pipeline.
 */
export interface Snapshot {
  /** How the state is named to users: a path, a revision. */
  readonly label: string;
  /** The manifest files (.yaml, .yml, .json), or those whose path (relative to the state's root) `wanted` accepts. */
  files(wanted?: PathPredicate): Promise<ManifestFile[]>;
  /** One file by its path relative to the root, or undefined when absent. */
  file(path: string): Promise<string | undefined>;
  /**
   * What a walk of the state (`files()` without `wanted`, or a whole
   * repository) skipped that `kubectl apply -R` reads: notes (RD056) for
   * files in hidden directories that look like Kubernetes objects.
   */
  hiddenManifests?(): Promise<SnapshotFile[]>;
  /**
   * Every file under some directories (paths as `files()` gives them),
   * whatever its name, hidden ones too, with an id of its content (a git
   * blob id, with the file's mode where it is known): what a Helm chart or
   * a Kustomize root left out is made of, so that a change to any of it is
   * seen. Undefined where they hold more files than are listed: whether a
   * change touches them is then not known.
   */
  contents?(dirs: readonly string[]): Promise<Array<{ readonly path: string; readonly id: string }> | undefined>;
  /**
   * The files directly in some directories (`.` the root; paths as
   * `files()` gives them), not in their subdirectories, whatever their
   * name, with an id of their content as `contents` gives it: what explicit
   * paths leave out beside the files they read, listed without reading it.
   */
  filesIn?(dirs: readonly string[], keep?: (name: string) => boolean): Promise<Array<{ readonly path: string; readonly id: string }>>;
  /**
   * Where paths given choose files by name (`diff --git`'s PATHs), how
   * they are named in notes of what they leave out beside those files
   * (RD057): `the paths given (k8s/app.yaml)`.
   */
  readonly explicit?: string;
  /**
   * Where paths given choose what is read (the command line's PATHs,
   * `diff --git`'s), the files that make a directory at or above them a
   * Helm chart or a Kustomize root (`Chart.yaml`, a kustomization) which
   * the paths do not read themselves: `kubectl apply -k` on such a root
   * applies what it builds of their files (patched, moved to its
   * namespace), not the files as they are (see withLayoutAbove).
   */
  layoutAbove?(): Promise<ManifestFile[]>;
  /** Runs `fn` in a directory that holds the state (for render commands); throws SourceError where there is none. */
  inDirectory<T>(fn: (dir: string) => Promise<T>): Promise<T>;
  /** The git submodules of the state, which the directory inDirectory gives leaves empty (a revision's checkout). */
  emptySubmodules?(): Promise<ReadonlyArray<{ readonly path: string; readonly commit: string }>>;
  /** Runs `fn` in a directory where the paths `files()` gives resolve (for building what they hold); throws SourceError where there is none. */
  withFiles<T>(fn: (dir: string) => Promise<T>): Promise<T>;
}

/** The names of the files that make a directory a Helm chart or a Kustomize root. */
const LAYOUT_NAMES = ['Chart.yaml', 'kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** Whether a regular file is at a path. */
function isFileAt(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** A path from a repository's root and the directories above it, to the root (`.`). */
function ancestors(path: string): string[] {
  const out = [path];
  for (let p = path; p !== '.' && p !== '' && p !== '/'; ) out.push((p = posix.dirname(p)));
  return out;
}

/** A state that cannot give what was asked of it (a render without a checkout). */
export class SourceError extends Error {}

export interface SnapshotOptions {
  /** Files larger than this are not read, and say so. */
  readonly maxFileBytes: number;
}

/**
 * Files and directories on disk, as the command line names them. Paths are
 * shown relative to `cwd` when inside it. A `wanted` filter sees paths
 * relative to the single directory given (target globs are written so).
 */
export function directorySnapshot(paths: readonly string[], cwd: string, options: SnapshotOptions): Snapshot {
  const full = paths.map((p) => resolve(cwd, p));
  const root = full.length === 1 && existsSync(full[0]!) && statSync(full[0]!).isDirectory() ? full[0]! : undefined;
  // the last walk: the hidden directories it skipped and the files it found, so that looking into them does not walk again
  let last: { hidden: string[]; files: string[] } | undefined;
  return {
    label: paths.join(' '),
    async files(wanted) {
      const rel = (f: string) => relative(root ?? cwd, f).split('\\').join('/');
      // a target's globs name files in hidden directories too; a node_modules is entered where they may name a file in it
      const enter = wanted && ((dir: string) => (wanted.mayMatchUnder ? wanted.mayMatchUnder(rel(dir)) : ['x.yaml', 'a/x.yaml', 'a/b/x.yaml'].some((f) => wanted(`${rel(dir)}/${f}`))));
      const listed = listManifestFiles(full, enter);
      const { files, walked, missing } = listed;
      if (!wanted) last = listed;
      if (missing.length > 0) throw new SourceError(`no such file or directory: ${missing.map((m) => relative(cwd, m) || m).join(', ')}`);
      // files a target's globs pick are named by them, not walked
      const chosen = wanted ? files.filter((f) => wanted(rel(f))) : files;
      return [...readManifestFiles(chosen, { maxFileBytes: options.maxFileBytes, cwd, ...(wanted ? {} : { walked }) })];
    },
    async file(path) {
      const p = join(root ?? cwd, path);
      return existsSync(p) ? readFileSync(p, 'utf8') : undefined;
    },
    async hiddenManifests() {
      const { hidden, files } = last ?? listManifestFiles(full);
      // a hidden directory also given as a PATH is read: its files are not reported
      return hiddenManifestNotes(hidden, { cwd, read: new Set(files) });
    },
    async layoutAbove() {
      const found = new Set<string>();
      for (const p of full) {
        // a directory given is walked, its own kustomization with it; a file's directory is not
        for (let dir = dirname(p); ; dir = dirname(dir)) {
          for (const name of LAYOUT_NAMES) {
            const file = join(dir, name);
            if (!full.some((q) => q === file || file.startsWith(`${q}${sep}`)) && isFileAt(file)) found.add(file);
          }
          if (dirname(dir) === dir) break;
        }
      }
      return [...readManifestFiles([...found].sort(), { maxFileBytes: options.maxFileBytes, cwd })];
    },
    contents: async (dirs) => directoryContents(dirs.map((d) => resolve(cwd, d)), cwd),
    filesIn: async (dirs, keep) => directoryFilesIn(dirs.map((d) => resolve(cwd, d)), cwd, keep),
    inDirectory(fn) {
      if (!root) return Promise.reject(new SourceError(`a render command runs in one directory, not in ${paths.join(' ')}`));
      return fn(root);
    },
    // paths are shown relative to cwd (or absolute)
    withFiles: (fn) => fn(cwd),
  };
}

/**
 * A revision of a local repository, read straight from its object database
 * (the work tree and index are not touched); `filters` limits the files
 * read (the paths given after `diff --git`). Render commands run in a
 * temporary checkout.
 */
export function gitSnapshot(repo: string, ref: string, options: SnapshotOptions & { readonly filters?: PathFilter }): Snapshot {
  const given = typeof options.filters === 'function' ? [] : (options.filters ?? []);
  return {
    label: ref,
    ...(given.length > 0 ? { explicit: `the paths given (${given.join(', ')})` } : {}),
    files(wanted) {
      const filters = options.filters ?? [];
      // a target's globs name the files they take, in hidden directories too: the filters only bound where
      const chosen = wanted && ((p: string) => underFilters(p, filters) && wanted(p));
      const predicate = chosen && wanted.mayMatchUnder ? Object.assign(chosen, { mayMatchUnder: (dir: string) => mayBeUnderFilters(dir, filters) && wanted.mayMatchUnder!(dir) }) : chosen;
      return readRevision(repo, ref, predicate ?? filters, options.maxFileBytes);
    },
    file: (path) => readFileAt(repo, ref, path),
    // the directories above the paths given, and those given (a file's own): their layout files the paths do not take
    layoutAbove: async () => {
      if (given.length === 0) return [];
      const dirs = new Set(given.flatMap((g) => ancestors(g.replace(/^\.\/+/, '').replace(/\/+$/, ''))));
      return readRevision(repo, ref, (p) => LAYOUT_NAMES.includes(posix.basename(p)) && dirs.has(posix.dirname(p)) && !underFilters(p, given), options.maxFileBytes);
    },
    contents: (dirs) => revisionContents(repo, ref, dirs),
    filesIn: (dirs) => revisionFilesIn(repo, ref, dirs),
    // a predicate names the files it takes: nothing is walked
    hiddenManifests: async () => (typeof options.filters === 'function' ? [] : hiddenRevisionNotes(repo, ref, options.filters ?? [])),
    inDirectory: (fn) => withCheckout(repo, ref, fn),
    // a worktree checkout does not check submodules out
    emptySubmodules: () => revisionSubmodules(repo, ref),
    withFiles: (fn) => withCheckout(repo, ref, fn),
  };
}
