/**
 * Kyverno's wildcards (kyverno.io/docs/policy-types/cluster-policy/match-exclude/):
 * in names, namespaces, kinds, label selectors and condition values, `*`
 * matches any run of characters (the empty one too) and `?` exactly one.
 */
const compiled = new Map<string, RegExp>();

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

export function wildcardMatch(pattern: string, text: string): boolean {
  if (!hasWildcard(pattern)) return pattern === text;
  let re = compiled.get(pattern);
  if (!re) {
    const body = [...pattern].map((c) => (c === '*' ? '[\\s\\S]*' : c === '?' ? '[\\s\\S]' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('');
    re = new RegExp(`^${body}$`, 'u');
    compiled.set(pattern, re);
  }
  return re.test(text);
}
