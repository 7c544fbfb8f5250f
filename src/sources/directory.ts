import { closeSync, constants, fstatSync, openSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, isAbsolute } from 'node:path';
import type { ManifestFile } from '../input/load.js';
import { decodeManifest, mayBeUtf16 } from '../input/text.js';
import { isManifestPath } from '../input/load.js';

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
 * by walking. A path that does not exist is an error the caller reports as
 * a usage error.
 */
export function listManifestFiles(paths: readonly string[]): { files: string[]; walked: Set<string>; missing: string[] } {
  const files: string[] = [];
  const walked = new Set<string>();
  const missing: string[] = [];
  const walk = (dir: string) => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (!skipped(e.name)) walk(p);
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
  return { files, walked, missing };
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
