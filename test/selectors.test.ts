/**
 * Label selectors: equal selectors share one object and one key, and
 * selectors that mean different things never share a key, whatever
 * characters their labels hold.
 */
import { describe, expect, it } from 'vitest';
import type { Selector } from '../src/model/selectors.js';
import { matches, parseSelector } from '../src/model/selectors.js';

function parsed(raw: unknown): Selector {
  const s = parseSelector(raw);
  if ('error' in s) throw new Error(s.error);
  return s;
}

describe('label selectors', () => {
  it('gives equal selectors, however written, one object', () => {
    const a = parsed({ matchLabels: { tier: 'db', app: 'pg' } });
    const b = parsed({ matchExpressions: [{ key: 'app', operator: 'In', values: ['pg'] }], matchLabels: { tier: 'db' } });
    expect(b).toBe(a);
    expect(parsed({ matchLabels: { tier: 'db', app: 'pg' } })).toBe(a);
    const one = parsed({ matchLabels: { tier: 'web' } });
    expect(parsed({ matchLabels: { tier: 'web' } })).toBe(one);
    expect(parsed({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'web'] }] })).toBe(one);
  });

  it('keeps apart selectors whose values hold the characters of the key syntax', () => {
    const pairs: Array<[unknown, unknown]> = [
      [{ matchLabels: { a: 'x,y' } }, { matchExpressions: [{ key: 'a', operator: 'In', values: ['x', 'y'] }] }],
      [{ matchLabels: { a: 'x) ;b In (y' } }, { matchLabels: { a: 'x', b: 'y' } }],
      [{ matchLabels: { 'a In (x);b': 'y' } }, { matchLabels: { a: 'x', b: 'y' } }],
    ];
    for (const [x, y] of pairs) {
      // either order of first use
      for (const [first, second] of [
        [x, y],
        [y, x],
      ]) {
        const s = parsed(first);
        const t = parsed(second);
        expect(t.key).not.toBe(s.key);
        expect(t).not.toBe(s);
      }
    }
    const literal = parsed({ matchLabels: { a: 'x,y' } });
    expect(matches(literal, { a: 'x,y' })).toBe(true);
    expect(matches(literal, { a: 'x' })).toBe(false);
    const either = parsed({ matchExpressions: [{ key: 'a', operator: 'In', values: ['x', 'y'] }] });
    expect(matches(either, { a: 'x' })).toBe(true);
    expect(matches(either, { a: 'x,y' })).toBe(false);
  });
});
