import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import type { ManifestFile, SnapshotFile } from '../input/load.js';
import { diagnostic, InputCodes } from '../model/diagnostics.js';
import type { Snapshot } from './snapshot.js';
import { UNLISTED } from './repository.js';

/**
 * Explicit paths (the action's `paths`, a target's globs, `diff --git`'s
 * PATHs naming files) read what they name and nothing else, where
 * `kubectl apply -f DIR` (with -R or not) applies every `.yaml`, `.yml`
 * and `.json` file of a directory (k8s.io/cli-runtime, pkg/resource/
 * visitor.go, FileExtensions): `paths: k8s/**\/*.yaml` passes over a
 * `k8s/allow.yml` beside the files it reads. Such files are listed here,
 * in the directories that hold files read and only there, without reading
 * them: each is a note (RD057) with a digest of its name and content, so
 * that a change adding or editing one makes the verdict say it rests only
 * on what was read, as for a Helm chart or Kustomize root left out.
 */

/** The extensions kubectl applies from a directory (k8s.io/cli-runtime, pkg/resource/visitor.go, FileExtensions). */
const KUBECTL_EXTENSIONS = ['.json', '.yaml', '.yml'];

/** Files that make a directory a Helm chart or a Kustomize root: what they hold is handled (left out or built) as a part. */
const LAYOUT_NAMES = new Set(['Chart.yaml', 'kustomization.yaml', 'kustomization.yml', 'Kustomization']);

export interface BesideOptions {
  /** How the paths are named in the note: `the paths (k8s/**\/*.yaml)`. */
  readonly what: string;
  /** Paths the user excluded on purpose (a `!glob`): not noted. */
  readonly excluded?: (path: string) => boolean;
  /** Directories whose files are handled otherwise (in a Helm chart or a Kustomize root): not looked into. */
  readonly skip?: (dir: string) => boolean;
  /** The files whose directories are looked into; default: every file read. */
  readonly named?: (file: ManifestFile) => boolean;
}

let unlisted = 0;

function dirOf(path: string): string {
  return posix.dirname(path);
}

/**
 * Notes for the files, in the directories holding the files read, that the
 * paths leave out and kubectl applies from there: with a manifest's
 * extension (hidden ones too), not read, not excluded on purpose.
 */
export async function filesBeside(read: readonly ManifestFile[], snapshot: Snapshot, options: BesideOptions): Promise<SnapshotFile[]> {
  const paths = new Set(read.map((f) => f.path));
  const named = options.named ?? (() => true);
  const dirs = [...new Set(read.filter((f) => !f.path.startsWith('render:') && named(f)).map((f) => dirOf(f.path)))].filter((d) => !options.skip?.(d)).sort();
  if (dirs.length === 0) return [];
  const inDirs = new Set(dirs);
  let listed: ReadonlyArray<{ readonly path: string; readonly id: string }> | undefined;
  if (snapshot.filesIn) listed = await snapshot.filesIn(dirs, (name) => LAYOUT_NAMES.has(name) || KUBECTL_EXTENSIONS.some((ext) => name.endsWith(ext)));
  else if (snapshot.contents) listed = (await snapshot.contents(dirs))?.filter((f) => inDirs.has(dirOf(f.path)));
  if (listed === undefined) {
    // what lies beside the files read is not known: like no part at base, so a diff fails closed on it
    return [
      {
        path: dirs[0]!,
        leftOut: `${UNLISTED}beside:${++unlisted}`,
        notes: [diagnostic('info', InputCodes.pathsLeaveOut, { file: dirs[0]!, line: 1 }, `the files beside those ${options.what} read (in ${dirs.join(', ')}) cannot be listed here: whether the paths leave out one that kubectl apply -f on its directory applies is not known`)],
      },
    ];
  }
  // a directory holding a Chart.yaml or a kustomization is a part, whose files are handled as a whole
  const parts = new Set(listed.filter((f) => LAYOUT_NAMES.has(posix.basename(f.path))).map((f) => dirOf(f.path)));
  const out: SnapshotFile[] = [];
  for (const f of listed) {
    const name = posix.basename(f.path);
    // kubectl's directory visitor keeps a file by its extension alone, hidden ones too (cli-runtime visitor.go, ignoreFile)
    if (paths.has(f.path) || parts.has(dirOf(f.path)) || !KUBECTL_EXTENSIONS.some((ext) => name.endsWith(ext)) || options.excluded?.(f.path)) continue;
    const dir = dirOf(f.path);
    out.push({
      path: f.path,
      // its name within its directory and its content: the same in any checkout
      leftOut: createHash('sha256').update(`beside\u0000${name}\u0000${f.id}`).digest('hex'),
      notes: [
        diagnostic(
          'info',
          InputCodes.pathsLeaveOut,
          { file: f.path, line: 1 },
          `${f.path} lies beside files ${options.what} read, which leave it out, where kubectl apply -f on ${dir} (with -R or not) applies it; it is not read (add it to the paths, or exclude it with !${f.path})`,
        ),
      ],
    });
  }
  return out;
}
