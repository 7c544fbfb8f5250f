/**
 * Kyverno's wildcards (kyverno.io/docs/policy-types/cluster-policy/match-exclude/):
 * in names, namespaces, kinds, label selectors and condition values, `*`
 * matches any run of characters (the empty one too) and `?` exactly one.
 */
import { Budget, excerpt } from './jmespath.js';

/**
 * Most steps one match takes. A match steps through the text once, and
 * again from each place a failed run after the last `*` started: a pattern
 * of thousands of characters against a text of millions would take hours.
 * Names take a few hundred steps, a `*` against a value of 2 MiB (the
 * longest an expression makes) two million.
 */
const MAX_STEPS = 10_000_000;

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*') || pattern.includes('?');
}

/** Whether a text matches a pattern; the steps it takes count for the expansion too. */
export function wildcardMatch(pattern: string, text: string, budget: Budget): boolean {
  if (!hasWildcard(pattern)) return pattern === text;
  const steps = new Budget(MAX_STEPS, () => `matching "${excerpt(text)}" with the wildcard pattern "${excerpt(pattern)}"`, budget);
  // characters, not UTF-16 halves: `?` matches one
  const p = [...pattern];
  const t = [...text];
  let i = 0;
  let j = 0;
  // the last `*` met, and where in the text the run after it is tried: a later `*` can take whatever an earlier one could
  let star = -1;
  let from = 0;
  while (j < t.length) {
    steps.take(1);
    if (i < p.length && p[i] === '*') {
      star = i++;
      from = j;
    } else if (i < p.length && (p[i] === '?' || p[i] === t[j])) {
      i++;
      j++;
    } else if (star >= 0) {
      i = star + 1;
      j = ++from;
    } else {
      return false;
    }
  }
  while (i < p.length && p[i] === '*') i++;
  return i === p.length;
}
