/**
 * Path globs as used in workflow and config files: `*` matches within one
 * path segment, `**` any number of segments, `?` one character, `{a,b}`
 * either alternative. Paths use `/` and are relative to the repository root.
 */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let i = 0;
  let depth = 0;
  const g = glob.replace(/^\.\//, '');
  while (i < g.length) {
    const c = g[i]!;
    if (c === '*') {
      if (g[i + 1] === '*') {
        const slash = g[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 3 : 2;
        continue;
      }
      re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      re += '(?:';
      depth++;
    } else if (c === '}' && depth > 0) {
      re += ')';
      depth--;
    } else if (c === ',' && depth > 0) re += '|';
    else re += c.replace(/[.+^$()|[\]\\]/g, '\\$&');
    i++;
  }
  return new RegExp(`^${re}$`);
}

/**
 * A matcher for a list of globs; a glob naming a directory also matches
 * everything below it, and a glob starting with `!` excludes what it matches.
 */
export function pathMatcher(globs: readonly string[]): (path: string) => boolean {
  const compile = (list: readonly string[]) => {
    const res = list.map((g) => globToRegExp(g.replace(/\/+$/, '')));
    const dirs = list.map((g) => globToRegExp(`${g.replace(/\/+$/, '')}/**`));
    return (path: string) => res.some((r) => r.test(path)) || dirs.some((r) => r.test(path));
  };
  const include = compile(globs.filter((g) => !g.startsWith('!')));
  const excluded = globs.filter((g) => g.startsWith('!')).map((g) => g.slice(1));
  const exclude = excluded.length > 0 ? compile(excluded) : () => false;
  return (path) => include(path) && !exclude(path);
}
