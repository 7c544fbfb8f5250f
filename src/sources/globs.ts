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

/**
 * A matcher for a list of globs; a glob naming a directory also matches
 * everything below it, and a glob starting with `!` excludes what it matches.
 */
export function pathMatcher(globs: readonly string[]): (path: string) => boolean {
  const compile = (list: readonly string[]) => (list.length === 0 ? () => false : picomatch(list.flatMap((g) => [clean(g), `${clean(g)}/**`]), OPTIONS));
  const include = compile(globs.filter((g) => !g.startsWith('!')));
  const exclude = compile(globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1)));
  return (path) => include(path) && !exclude(path);
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
