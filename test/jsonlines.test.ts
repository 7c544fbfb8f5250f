/**
 * The quick pass that finds the lines of a JSON value's objects and arrays
 * (jsonLines) against the plain walk that keeps every key (jsonLinesExact):
 * on random JSON texts, written with every kind of spacing, escaped and
 * repeated keys, they agree on every line and on where a key repeats.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, jsonLines, jsonLinesExact, parseDocuments } from '../src/input/yaml/documents.js';
import { Codes } from '../src/model/diagnostics.js';
import { Rng } from './reference/random.js';

const KEYS = ['a', 'b', 'name', 'spec', '__proto__', 'x"y', 'back\\slash', 'ünï', '1', '10', 'line\nbreak', 'a\u2028b'];

/** Writes a random JSON value as text, with keys escaped in various ways and, now and then, a key repeated. */
function write(rand: () => number, depth: number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const space = () => pick(['', ' ', '\n', '\n  ', '\t', ' \n\n ']);
  const key = (k: string) => {
    // the same key written plainly or with \u escapes: JSON.parse reads both alike
    if (rand() < 0.2) return `"${[...k].map((ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"`;
    return JSON.stringify(k);
  };
  const r = rand();
  if (depth > 4 || r < 0.3) return pick(['1', '-2.5e3', 'true', 'null', '"s"', '"q\\"uote\\\\"', '"{[,]}"', '"\\\\"']);
  if (r < 0.6) {
    const n = Math.floor(rand() * 4);
    return `[${space()}${Array.from({ length: n }, () => write(rand, depth + 1)).join(`,${space()}`)}${space()}]`;
  }
  const n = Math.floor(rand() * 5);
  const names = Array.from({ length: n }, () => pick(KEYS));
  const unique = rand() < 0.8 ? [...new Set(names)] : names;
  return `{${space()}${unique.map((k) => `${key(k)}${space()}:${space()}${write(rand, depth + 1)}`).join(`,${space()}`)}${space()}}`;
}

/** Every object and array of a value, in any order. */
function collections(value: unknown, out: object[] = []): object[] {
  if (typeof value !== 'object' || value === null) return out;
  out.push(value);
  for (const v of Object.values(value)) collections(v, out);
  return out;
}

describe('jsonLines', () => {
  it('agrees with the plain walk on 3,000 random JSON texts, repeated and escaped keys among them', () => {
    const rng = new Rng(20261205);
    const rand = () => rng.next();
    let repeats = 0;
    for (let i = 0; i < 3000; i++) {
      const text = `${'\n'.repeat(Math.floor(rand() * 3))}{"kind": "X", "v": ${write(rand, 0)}}`;
      const value = JSON.parse(text) as unknown;
      const start = text.indexOf('{');
      const quick = jsonLines(text, start, text.length, value, 7, DEFAULT_LIMITS);
      const exact = jsonLinesExact(text, start, text.length, value, 7, DEFAULT_LIMITS);
      expect(quick.duplicate, text).toBe(exact.duplicate);
      if (exact.duplicate !== undefined) repeats++;
      for (const node of collections(value)) expect(quick.lines.get(node), text).toBe(exact.lines.get(node));
      // both end on the line the value ends on: 7 plus its line breaks
      const breaks = text.slice(start).split('\n').length - 1;
      expect(quick.endLine, text).toBe(7 + breaks);
      expect(exact.endLine, text).toBe(7 + breaks);
    }
    // the texts do repeat keys: the check above is not vacuous
    expect(repeats).toBeGreaterThan(100);
  });

  it('keeps the limits on nodes and depth', () => {
    const deep = `${'['.repeat(DEFAULT_LIMITS.maxDepth + 1)}${']'.repeat(DEFAULT_LIMITS.maxDepth + 1)}`;
    expect(() => jsonLines(deep, 0, deep.length, JSON.parse(deep), 0, DEFAULT_LIMITS)).toThrow(/nests deeper than 200 levels/);
    const wide = `[${Array.from({ length: 20 }, () => '"x"').join(',')}]`;
    expect(() => jsonLines(wide, 0, wide.length, JSON.parse(wide), 0, { ...DEFAULT_LIMITS, maxDocumentNodes: 10 })).toThrow(/more than 10 nodes/);
  });
});

describe('a JSON key repeated with a value of another kind', () => {
  it('is read as kubectl reads it, the later value with a warning, and never crashes the reader', () => {
    const text = '{"apiVersion": "v1", "kind": "Namespace",\n "metadata": {"name": "a", "labels": ["x", "y"],\n  "labels": {"team": "a"}}}\n';
    const r = parseDocuments(text, 'ns.json');
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([[Codes.duplicate, 3]]);
    const doc = r.documents[0]!;
    const metadata = (doc.value as { metadata: { labels: object } }).metadata;
    expect(metadata.labels).toEqual({ team: 'a' });
    expect(doc.lineOf(metadata.labels)).toBe(3);
  });
});

describe('a stream of JSON values', () => {
  it('is split where each value ends, however it is written, on 3,000 random streams', () => {
    // the reader first tries the text up to a closing bracket at the start of a line; spacing that puts one
    // there inside a value (or before a later one) must leave each value as written, and its lines
    const rng = new Rng(20261206);
    const rand = () => rng.next();
    let early = 0;
    for (let i = 0; i < 3000; i++) {
      const texts = Array.from({ length: 1 + Math.floor(rand() * 4) }, () => `{"kind": "X", "v": ${write(rand, 0)}\n}`.replace(/\n}$/, rand() < 0.5 ? '\n}' : '}'));
      const values = texts.map((t) => JSON.parse(t) as unknown);
      const gaps = texts.map(() => ['', '\n', ' \n\n', '\t'][Math.floor(rand() * 4)]!);
      const stream = texts.map((t, k) => `${gaps[k]}${t}`).join('');
      const r = parseDocuments(stream, 's.json');
      expect(r.documents.map((d) => d.value), stream).toEqual(values);
      let offset = 0;
      texts.forEach((t, k) => {
        offset += gaps[k]!.length;
        const firstLine = stream.slice(0, offset).split('\n').length - 1;
        const exact = jsonLinesExact(stream, offset, offset + t.length, r.documents[k]!.value, firstLine, DEFAULT_LIMITS);
        for (const node of collections(r.documents[k]!.value)) expect(r.documents[k]!.lineOf(node), stream).toBe((exact.lines.get(node) ?? firstLine) + 1);
        offset += t.length;
      });
      if (/\n}/.test(texts[0]!.slice(0, -1))) early++;
    }
    // values holding a closing bracket at the start of a line before their end: the fallback is exercised
    expect(early).toBeGreaterThan(100);
  });
});

describe('a long stream of JSON values', () => {
  it('is read in time linear in its length, values a line each and a value over lines at its end', () => {
    // each value's search for a line that closes it must not run to the end of the text again
    const one = '{}\n'.repeat(200_000);
    const pretty = `${JSON.stringify({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny' }, spec: { podSelector: {} } }, null, 2)}\n`;
    for (const text of [`${one}{"kind":"NetworkPolicy"}\n`, `${one}${pretty}`, `${'{"a":{"b":1}}\n'.repeat(100_000)}${pretty}${one}`]) {
      const t0 = performance.now();
      const r = parseDocuments(text, 'long.json');
      // read in about a second; a search to the end of the text for each value took minutes
      expect(performance.now() - t0).toBeLessThan(10_000);
      expect(r.diagnostics).toEqual([]);
      expect(r.documents.length).toBeGreaterThan(200_000);
    }
  });
});
