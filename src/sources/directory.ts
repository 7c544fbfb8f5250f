import { closeSync, constants, fstatSync, lstatSync, openSync, readdirSync, readFileSync, readlinkSync, readSync, statSync } from 'node:fs';
import { join, relative, isAbsolute } from 'node:path';
import type { ManifestFile, SnapshotFile } from '../input/load.js';
import { decodeManifest, mayBeUtf16 } from '../input/text.js';
import { compareBytes, isManifestPath } from '../input/load.js';
import { gitBlobId } from './gitobject.js';
import { HIDDEN_HEAD_BYTES, HIDDEN_MAX_ENTRIES, HIDDEN_MAX_FILES, hiddenCappedNote, hiddenNote, isKubectlManifestName, looksLikeKubernetes } from './hidden.js';

/** Directories a walk does not enter: hidden ones (.git, .github, .cache) and node_modules. */
function skipped(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules';
}

export interface ReadOptions {
  readonly maxFileBytes: number;
  /** Shown paths are relative to this directory when inside it. */
  readonly cwd?: string;
  /** Files found by walking a directory rather than named (see ManifestFile). */
  readonly walked?: ReadonlySet<string>;
}

function display(path: string, cwd: string | undefined): string {
  if (!cwd || !isAbsolute(path)) return path;
  const rel = relative(cwd, path);
  return rel.startsWith('..') ? path : rel;
}

/**
 * Lists the manifest files under the given paths: files as named, and
 * directories recursively (`.yaml`, `.yml`, `.json`; hidden directories and
 * `node_modules` skipped), in a stable order; `walked` holds those found
 * by walking, `hidden` the hidden directories skipped (`.git` aside), for
 * hiddenManifestNotes. A path that does not exist is an error the caller
 * reports as a usage error.
 */
export function listManifestFiles(
  paths: readonly string[],
  /** Walk hidden directories too (`.git` aside), and each node_modules this says may hold what is wanted: files a target's globs name. */
  enter?: (dir: string) => boolean,
): { files: string[]; walked: Set<string>; missing: string[]; hidden: string[] } {
  const files: string[] = [];
  const walked = new Set<string>();
  const missing: string[] = [];
  const hidden: string[] = [];
  const walk = (dir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort(byName);
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (!skipped(e.name) || (enter && e.name !== '.git' && (e.name !== 'node_modules' || enter(p)))) walk(p);
        else if (e.name !== 'node_modules' && e.name !== '.git') hidden.push(p);
      } else if (isManifestPath(e.name)) {
        // a FIFO, socket or device with a manifest's name is listed too: reading it fails, and says so
        files.push(p);
        walked.add(p);
      }
    }
  };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      missing.push(p);
      continue;
    }
    if (st.isDirectory()) walk(p);
    else files.push(p);
  }
  return { files, walked, missing, hidden };
}

function byName(a: { name: string }, b: { name: string }): number {
  return compareBytes(a.name, b.name);
}

/** The first bytes of a regular file, or undefined when it is not one or cannot be read. */
function head(path: string): string | undefined {
  let fd: number | undefined;
  try {
    // without blocking, so that a FIFO does not wait for a writer
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    if (!fstatSync(fd).isFile()) return undefined;
    const buffer = Buffer.alloc(HIDDEN_HEAD_BYTES);
    const n = readSync(fd, buffer, 0, HIDDEN_HEAD_BYTES, 0);
    return decodeManifest(buffer.subarray(0, n));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Notes (RD056) for the files in the hidden directories a walk skipped
 * (listManifestFiles' `hidden`) that `kubectl apply -R` reads and that
 * look like Kubernetes objects: `.json`, `.yaml` and `.yml` files whose
 * first bytes hold `apiVersion` and `kind`. `.git` and `node_modules` are
 * not entered, links are not followed, files in `read` (those read all
 * the same, as named) are passed over, and the look stops after
 * HIDDEN_MAX_FILES files or HIDDEN_MAX_ENTRIES directory entries, saying so.
 */
export function hiddenManifestNotes(
  hidden: readonly string[],
  options: { readonly cwd?: string; readonly read?: ReadonlySet<string>; readonly maxFiles?: number; readonly maxEntries?: number } = {},
): SnapshotFile[] {
  const { cwd, read } = options;
  const limits = { files: options.maxFiles ?? HIDDEN_MAX_FILES, entries: options.maxEntries ?? HIDDEN_MAX_ENTRIES };
  const out: SnapshotFile[] = [];
  let files = 0;
  let entries = 0;
  let capped: string | undefined;
  const look = (dir: string, top: string) => {
    let list;
    try {
      list = readdirSync(dir, { withFileTypes: true }).sort(byName);
    } catch {
      return;
    }
    for (const e of list) {
      if (capped !== undefined) return;
      if (++entries > limits.entries) {
        capped = `${limits.entries} directory entries`;
        out.push(hiddenCappedNote(display(dir, cwd), capped));
        return;
      }
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== '.git' && e.name !== 'node_modules') look(p, top);
      } else if (isKubectlManifestName(e.name) && !read?.has(p)) {
        if (++files > limits.files) {
          capped = `${limits.files} files`;
          out.push(hiddenCappedNote(display(dir, cwd), capped));
          return;
        }
        const text = head(p);
        const truncated = text !== undefined && Buffer.byteLength(text) >= HIDDEN_HEAD_BYTES;
        if (text !== undefined && looksLikeKubernetes(text, truncated)) out.push(hiddenNote(display(p, cwd), display(top, cwd), text, truncated));
      }
    }
  };
  // a directory given twice (`k8s` and `k8s/apps`) is looked into once
  for (const dir of new Set(hidden)) look(dir, dir);
  return out;
}

/** Reads files for loading; an unreadable or oversized file becomes an error entry. */
export function* readManifestFiles(files: readonly string[], options: ReadOptions): Generator<ManifestFile> {
  for (const f of files) {
    const path = display(f, options.cwd);
    const walked = options.walked?.has(f) ? { walked: true } : {};
    try {
      // the size and the text from one open file: a stat of its own per file costs as much as the read;
      // without blocking, so that a FIFO does not wait for a writer
      const fd = openSync(f, constants.O_RDONLY | constants.O_NONBLOCK);
      let text: string | undefined;
      let size: number;
      try {
        const st = fstatSync(fd);
        if (!st.isFile()) {
          yield { path, error: `not a regular file (${st.isFIFO() ? 'a FIFO' : st.isSocket() ? 'a socket' : st.isDirectory() ? 'a directory' : 'a device'}), so it is not read`, ...walked };
          continue;
        }
        size = st.size;
        if (size <= options.maxFileBytes) text = readFileSync(fd, 'utf8');
      } finally {
        closeSync(fd);
      }
      // UTF-16 with a byte order mark, which kubectl decodes, reads as malformed UTF-8: read again as bytes
      if (text !== undefined && mayBeUtf16(text)) text = decodeManifest(readFileSync(f));
      yield text === undefined ? { path, error: `file is ${size} bytes, over the limit of ${options.maxFileBytes}; skipped`, ...walked } : { path, text, ...walked };
    } catch (e) {
      yield { path, error: `cannot read file: ${(e as Error).message}`, ...walked };
    }
  }
}

/** How many files directoryContents lists under one set of directories, at most; past it, it lists none. */
const CONTENTS_MAX_FILES = 20_000;

/**
 * Every file under some directories, hidden ones too (`.git` aside), with
 * its mode and git blob id as a git tree would list them, paths shown as
 * the walk shows them.
 */
export function directoryContents(dirs: readonly string[], cwd: string): Array<{ path: string; id: string }> | undefined {
  const out: Array<{ path: string; id: string }> = [];
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort(byName);
    } catch {
      // a file named outright (a patch a kustomization names outside its directory), or nothing there
      try {
        const stat = lstatSync(dir);
        if (stat.isFile() || stat.isSymbolicLink()) out.push({ path: display(dir, cwd), id: entryId(dir, stat.isSymbolicLink()) });
      } catch {
        // not there: nothing to list
      }
      return;
    }
    for (const e of entries) {
      if (out.length > CONTENTS_MAX_FILES) return;
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== '.git') walk(p);
      } else if (e.isSymbolicLink() || e.isFile()) {
        out.push({ path: display(p, cwd), id: entryId(p, e.isSymbolicLink()) });
      }
    }
  };
  for (const dir of new Set(dirs)) walk(dir);
  return out.length > CONTENTS_MAX_FILES ? undefined : out;
}

/** A file's mode and git blob id, as a git tree lists it: a link is a blob of its target. */
function entryId(path: string, link: boolean): string {
  try {
    return link ? `120000:${gitBlobId(Buffer.from(readlinkSync(path)))}` : `${statSync(path).mode & 0o111 ? '100755' : '100644'}:${gitBlobId(readFileSync(path))}`;
  } catch {
    return 'unreadable';
  }
}

/**
 * The files directly in some directories (not in their subdirectories),
 * hidden ones too, with their mode and git blob id, paths shown as the
 * walk shows them; `keep` chooses by name those read for their id.
 */
export function directoryFilesIn(dirs: readonly string[], cwd: string, keep: (name: string) => boolean = () => true): Array<{ path: string; id: string }> {
  const out: Array<{ path: string; id: string }> = [];
  for (const dir of new Set(dirs)) {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort(byName);
    } catch {
      continue;
    }
    for (const e of entries) {
      const p = join(dir, e.name);
      // (a file not kept is not read: its id hashes its whole content)
      if ((e.isSymbolicLink() || e.isFile()) && keep(e.name)) out.push({ path: display(p, cwd), id: entryId(p, e.isSymbolicLink()) });
    }
  }
  return out;
}
