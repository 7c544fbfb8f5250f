import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { random } from '../bench/generate.js';
import type { Limits, ParseResult } from '../src/input/yaml/documents.js';
import { DEFAULT_LIMITS, parseDocuments, splitDocuments } from '../src/input/yaml/documents.js';
import { readBlockYaml, readJson } from '../src/input/yaml/fastyaml.js';
import { CORPUS, FIXTURES, HAVE_CORPUS } from './helpers.js';

function manifestFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...manifestFiles(p));
    else if (/\.(ya?ml|json)$/i.test(e.name)) out.push(p);
  }
  return out.sort();
}

/** Walks two equal values side by side and collects the line each gives every mapping and sequence. */
function lineTrail(result: ParseResult): number[][] {
  return result.documents.map((doc) => {
    const lines: number[] = [];
    const walk = (v: unknown) => {
      if (typeof v !== 'object' || v === null || v instanceof Date) return;
      lines.push(doc.lineOf(v));
      for (const child of Array.isArray(v) ? v : Object.values(v)) walk(child);
    };
    walk(doc.value);
    return lines;
  });
}

/** Parses with the fast reader and with the yaml package only; both must agree on everything. */
function expectSameParse(text: string, file: string, limits: Limits = DEFAULT_LIMITS): void {
  const fast = parseDocuments(text, file, limits);
  const slow = parseDocuments(text, file, limits, false);
  expect(fast.diagnostics, `${file}: diagnostics`).toEqual(slow.diagnostics);
  expect(fast.documents.map((d) => d.value), `${file}: values`).toStrictEqual(slow.documents.map((d) => d.value));
  expect(fast.documents.map((d) => d.line), `${file}: document lines`).toEqual(slow.documents.map((d) => d.line));
  expect(lineTrail(fast), `${file}: lines of mappings and sequences`).toEqual(lineTrail(slow));
}

/** How many documents of a text the fast reader handles on its own. */
function handled(text: string, file: string): { fast: number; all: number } {
  if (file.endsWith('.json') && /^\s*[[{]/.test(text)) return { fast: readJson(text, DEFAULT_LIMITS) ? 1 : 0, all: 1 };
  const slices = splitDocuments(text);
  return { fast: slices.filter((s) => readBlockYaml(s.text, DEFAULT_LIMITS)).length, all: slices.length };
}

// Pieces of random YAML: plain scalars that resolve to every type of the
// YAML 1.1 schema, quoting, comments, flow collections, block scalars, and
// constructs the fast reader leaves to the yaml package.
const PLAIN = [
  'nginx', 'web-1', 'app.kubernetes.io/name', 'TCP', 'v1', '80', '0', '-1', '+5', '012', '0o17', '0x1F', '0b101', '1_000',
  '3.14', '.5', '1e3', '1.5e-3', '.inf', '-.Inf', '.nan', '~', 'null', 'Null', 'NULL', 'yes', 'No', 'ON', 'off', 'y', 'N',
  'true', 'False', '2001-12-14', '2001-12-14t21:59:43.10-05:00', '1:20', '190:20:30.15', 'http://example.com:80/x', 'a#b',
  'a:b', 'x-y_z', '100m', '128Mi', '-', '-x', '?x', 'a b c', 'é', "it's", 'a"b', '<<', '=', '!important', '@x', '`x',
  '*', '&', '|', '>', '%x', 'a,b', '[x', 'x]', '{x', 'x}', '0.0.0.0/0', '10.0.0.0/8', '-0', '00', '1__0', '+.5',
];
const KEYS = ['name', 'namespace', 'app', 'kind', 'ports', 'port', 'yes', 'null', '80', '1.5', 'a b', 'x-y', 'on', '~', 'tier', '<<', 'k:v', '"quoted key"', "'single'", '"a: b"', '"x"'];

function scalar(rand: () => number): string {
  const r = rand();
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  if (r < 0.6) return pick(PLAIN);
  if (r < 0.7) return JSON.stringify(pick(PLAIN));
  if (r < 0.75) return `"${pick(['a\\nb', 'tab\\tx', '\\u00e9', '\\x41', '\\"q\\"', '\\\\', '\\/', '\\U0001F600', '\\q', '\\ud800', ' padded '])}"`;
  if (r < 0.82) return `'${pick(PLAIN).replace(/'/g, "''")}'`;
  if (r < 0.86) return `${pick(PLAIN)} # comment`;
  if (r < 0.9) return pick(['{}', '[]', '[a, b]', '{a: 1, b: [x, "y"]}', '[1, {k: v}]', '{"a":1}', '[a, ]', '{a}', '[a: b]', '{a: }', '[ "x" , y ]', '{a: 1 # c\n}']);
  if (r < 0.92) {
    // spanning lines, sometimes not indented enough
    const pad = ' '.repeat(Math.floor(rand() * 7));
    return pick([
      `'first\n${pad}second  \n\n${pad}third'`,
      `"a \n${pad}b\n\n\n${pad}c"`,
      `"esc \\t\n${pad}x"`,
      `[\n${pad}a,\n${pad}"b", # note\n${pad}{k: v}\n${pad}]`,
      `{\n${pad}a: 1,\n\n${pad}b: [x]}`,
      `[a,\n${pad}b\n${pad}c]`,
      `"line\\\n${pad}joined"`,
    ]);
  }
  if (r < 0.94) return pick(['&anchor x', '*alias', '!!str 5', '!custom x', '"unterminated', "'open", 'a: b']);
  return pick(['|', '|-', '|+', '>', '>-', '|2']);
}

function randomYaml(rand: () => number): string {
  const lines: string[] = [];
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const block = (indent: number) => {
    const pad = ' '.repeat(indent + 2);
    const n = 1 + Math.floor(rand() * 3);
    for (let i = 0; i < n; i++) lines.push(rand() < 0.15 ? `${pad.slice(2)}` : `${pad}${pick(['line one', '# not a comment', 'key: value', '  more indented', ''])}`);
  };
  const node = (indent: number, depth: number, inSeq: boolean) => {
    const pad = ' '.repeat(indent);
    const entries = 1 + Math.floor(rand() * 4);
    const seq = rand() < 0.35;
    for (let i = 0; i < entries; i++) {
      const lead = inSeq && i === 0 ? '' : pad;
      const r = rand();
      if (rand() < 0.08) lines.push(`${pad}${pick(['# a comment', '', '   ', '#'])}`);
      const head = seq ? `${lead}- ` : `${lead}${pick(KEYS)}:`;
      const sep = seq ? '' : ' ';
      if (depth < 4 && r < 0.35) {
        if (seq && rand() < 0.5) {
          // compact: the mapping or sequence starts on the dash's line
          lines.push(head.trimEnd() === head ? head : head);
          const last = lines.length - 1;
          const before = lines.length;
          node(indent + 2, depth + 1, true);
          if (lines.length > before) lines[last] = `${lines[last]}${lines.splice(before, 1)[0]!}`;
        } else {
          lines.push(head.replace(/ $/, '') + (rand() < 0.1 ? ' # trailing' : ''));
          const childIndent = !seq && rand() < 0.2 ? indent : indent + pick([1, 2, 4]);
          node(childIndent, depth + 1, false);
        }
      } else {
        const v = scalar(rand);
        lines.push(`${head}${sep}${v}`.replace(/ +$/, (m) => (rand() < 0.1 ? m : '')));
        if (/^[|>]/.test(v)) block(indent);
        if (rand() < 0.03) lines.push(`${pad}  continuation`);
      }
    }
  };
  if (rand() < 0.2) lines.push(pick(['---', '--- # doc', '%YAML 1.1\n---', '# leading comment']));
  node(rand() < 0.1 ? 2 : 0, 0, false);
  if (rand() < 0.1) lines.push(pick(['\ttabbed: 1', 'dup: 1\ndup: 2', 'x: 1\r']));
  const text = `${lines.join('\n')}${rand() < 0.8 ? '\n' : ''}`;
  return rand() < 0.1 ? text.replace(/\n/g, '\r\n') : text;
}

describe('fast YAML and JSON reader agrees with the yaml package', () => {
  it.skipIf(!HAVE_CORPUS)('on every manifest of the conformance corpus', () => {
    let fast = 0;
    let all = 0;
    for (const file of manifestFiles(join(CORPUS, 'tests'))) {
      const text = readFileSync(file, 'utf8');
      expectSameParse(text, file);
      const h = handled(text, file);
      fast += h.fast;
      all += h.all;
    }
    console.log(`fast reader: ${fast} of ${all} corpus documents read without the yaml package`);
    expect(fast).toBeGreaterThan(all / 2);
  });

  it('on the repository fixtures', () => {
    for (const file of manifestFiles(FIXTURES)) expectSameParse(readFileSync(file, 'utf8'), file);
  });

  it('on random YAML, including what it leaves to the yaml package', () => {
    const rand = random(20240601);
    let fast = 0;
    for (let i = 0; i < 3000; i++) {
      const text = randomYaml(rand);
      expectSameParse(text, `random-${i}.yaml`);
      fast += handled(text, 'x.yaml').fast;
    }
    // the generator must exercise the fast reader, not only the fallback
    console.log(`fast reader: ${fast} of 3000 random documents read without the yaml package`);
    expect(fast).toBeGreaterThan(300);
  });

  it('on random JSON, and JSON it must refuse', () => {
    const rand = random(7);
    const value = (depth: number): unknown => {
      const r = rand();
      if (depth > 3 || r < 0.4) return [1, -0, 1.5e300, 'x', 'é\n"', null, true, false, 2 ** 70, '__proto__'][Math.floor(rand() * 10)];
      if (r < 0.7) return Array.from({ length: Math.floor(rand() * 4) }, () => value(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(rand() * 4) }, (_, i) => [['a', '1', '__proto__', 'k y', ''][i]!, value(depth + 1)]));
    };
    for (let i = 0; i < 500; i++) {
      const text = JSON.stringify(value(0), null, rand() < 0.5 ? 2 : undefined) ?? 'null';
      expectSameParse(text, `random-${i}.json`);
    }
    for (const text of ['{"a": 1, "a": 2}', '{"a": [1, 2,]}', '{"a": 1} // c', '[1, 2]\n[3]', '{"a":\t1}', '{"x": {"y": [{"z": {}}]}}']) {
      expectSameParse(text, 'edge.json');
    }
  });

  it('keeps the hostile-input limits', () => {
    const limits: Limits = { maxFileBytes: 1 << 20, maxDocumentNodes: 50, maxDepth: 6 };
    const wide = `items:\n${Array.from({ length: 60 }, (_, i) => `- ${i}`).join('\n')}\n`;
    const deep = `a:\n b:\n  c:\n   d:\n    e:\n     f:\n      g:\n       h: 1\n`;
    for (const text of [wide, deep, `k: ${'['.repeat(8)}${']'.repeat(8)}\n`]) {
      expectSameParse(text, 'limits.yaml', limits);
      expect(parseDocuments(text, 'limits.yaml', limits).diagnostics.map((d) => d.code)).toEqual(['RD005']);
    }
    expectSameParse(JSON.stringify({ items: Array.from({ length: 60 }, (_, i) => i) }), 'limits.json', limits);
  });
});
