import picomatch from 'picomatch/posix.js';

/**
 * Path globs as used in workflow and config files, matched by picomatch:
 * `*` matches within one path segment (dot files too), `**` any number of
 * segments, `?` one character, `{a,b}` either alternative. Paths use `/`
 * and are relative to the repository root; a leading `./` and a trailing
 * `/` are ignored.
 */
function clean(glob: string): string {
  return glob.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
}

const OPTIONS = { dot: true } as const;

/** Whether a path matches one glob. */
export function globMatcher(glob: string): (path: string) => boolean {
  return picomatch(clean(glob), OPTIONS);
}

/** A choice of paths, which may also tell whether it may take a path under a directory (see PathMatcher). */
export type PathPredicate = ((path: string) => boolean) & { readonly mayMatchUnder?: (dir: string) => boolean };

/** Whether a path matches some globs, and whether a path under a directory may. */
export interface PathMatcher {
  (path: string): boolean;
  /**
   * Whether some path under a directory may match: where a directory is
   * not walked (a git submodule, a node_modules), whether the globs could
   * name a file in it. Where this cannot be told (braces, extglobs), it
   * may: the caller then reports the directory rather than pass it over.
   */
  readonly mayMatchUnder: (dir: string) => boolean;
}

/**
 * A matcher for a list of globs; a glob naming a directory also matches
 * everything below it, and a glob starting with `!` excludes what it matches.
 */
export function pathMatcher(globs: readonly string[]): PathMatcher {
  const compile = (list: readonly string[]) => (list.length === 0 ? () => false : picomatch(list.flatMap((g) => [clean(g), `${clean(g)}/**`]), OPTIONS));
  const includes = globs.filter((g) => !g.startsWith('!')).map(clean);
  const excludes = globs.filter((g) => g.startsWith('!')).map((g) => clean(g.slice(1)));
  const include = compile(includes);
  const exclude = compile(excludes);
  const matches = (path: string) => include(path) && !exclude(path);
  const mayMatchUnder = (dir: string) => {
    const d = clean(dir);
    // an exclusion of the directory, or of everything under it (`!**/node_modules/**`), leaves nothing there
    if (excludes.some((g) => picomatch(g, OPTIONS)(d) || (g.endsWith('/**') && picomatch(g.slice(0, -3), OPTIONS)(d)))) return false;
    return includes.some((g) => globMayMatchUnder(g, d));
  };
  return Object.assign(matches, { mayMatchUnder });
}

/**
 * Whether a glob (or a path below what it matches) may match a path under
 * a directory: its fixed start (picomatch's scan) leads into the
 * directory, or the directory lies under that start and each of its
 * further names matches the glob's segment there, up to a `**`.
 */
function globMayMatchUnder(glob: string, dir: string): boolean {
  if (picomatch(glob, OPTIONS)(dir)) return true;
  const { base, glob: rest } = picomatch.scan(glob);
  if (base === dir || base.startsWith(`${dir}/`)) return true;
  if (base !== '' && !dir.startsWith(`${base}/`)) return false;
  // a plain path: a directory above `dir` (pathMatcher takes what lies under a path it names)
  if (rest === '') return base !== '';
  // a segment may hold a / within braces, and extglobs are more than segments: they may match
  if (/[{}()]/.test(rest)) return true;
  const segments = rest.split('/');
  const names = (base === '' ? dir : dir.slice(base.length + 1)).split('/');
  for (let i = 0; i < names.length; i++) {
    const segment = segments[i];
    // past its end, the glob matched a directory above, and everything under that matches
    if (segment === undefined) return true;
    if (segment.includes('**')) return true;
    if (!picomatch(segment, OPTIONS)(names[i]!)) return false;
  }
  return true;
}

/**
 * The globs of a list (those that exclude, `!glob`, aside) that match none
 * of the paths given: each glob written is meant to match manifests, and
 * one that matches none at either state is a mistake (a typo), not a pass.
 */
export function unmatchedGlobs(globs: readonly string[], paths: readonly string[]): string[] {
  return globs.filter((g) => !g.startsWith('!')).filter((g) => {
    const matches = pathMatcher([g]);
    return !paths.some(matches);
  });
}
