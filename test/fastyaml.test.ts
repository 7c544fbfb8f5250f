/**
 * The quicker reader for block YAML (src/input/yaml/fast.ts) against the
 * js-yaml reading of documents.ts, which kubectl's values are tested on
 * (yaml-corpus.test.ts): a document the quicker reader accepts must read
 * exactly the same (values, keys in the same order, the line of every
 * mapping and sequence, the diagnostics); otherwise it must decline.
 *
 * Documents: every fixture, YAML corpus, conformance and probe file; the
 * benchmark's generated repositories in each style (shape T); and
 * mutations of all of them: characters YAML gives a meaning to inserted
 * anywhere (indicators, quotes, escapes, tabs, CR, NEL, BOM, document
 * markers, anchors, tags, merge keys, block scalar headers), lines
 * re-indented, repeated, joined, split, swapped and deleted.
 * FASTYAML_SEED and FASTYAML_CASES change the seed and the number of
 * mutated documents.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate, SHAPES, STYLES } from '../bench/generate.js';
import { DEFAULT_LIMITS, parseDocuments, splitDocuments } from '../src/input/yaml/documents.js';
import { readFast } from '../src/input/yaml/fast.js';
import { CORPUS, FIXTURES, REPO } from './helpers.js';
import { Rng } from './reference/random.js';

const CASES = Number(process.env['FASTYAML_CASES'] ?? 12_000);
const SEED = Number(process.env['FASTYAML_SEED'] ?? 1);

function files(dir: string): string[] {
  const out: string[] = [];
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p));
    else if (/\.(ya?ml|json)$/.test(e.name) && statSync(p).size < 1_000_000) out.push(p);
  }
  return out;
}

function collections(v: unknown, out: object[] = []): object[] {
  if (typeof v === 'object' && v !== null) {
    out.push(v);
    for (const x of Object.values(v)) collections(x, out);
  }
  return out;
}

/** How the two readings differ, or undefined where they agree. */
function difference(text: string): string | undefined {
  const quick = parseDocuments(text, 'f.yaml', DEFAULT_LIMITS, true);
  const full = parseDocuments(text, 'f.yaml', DEFAULT_LIMITS, false);
  const a = JSON.stringify(quick.documents.map((d) => [d.value, d.line]));
  const b = JSON.stringify(full.documents.map((d) => [d.value, d.line]));
  if (a !== b) return `values: ${a.slice(0, 300)}\n     js-yaml: ${b.slice(0, 300)}`;
  const da = JSON.stringify(quick.diagnostics);
  const db = JSON.stringify(full.diagnostics);
  if (da !== db) return `diagnostics: ${da.slice(0, 300)}\n     js-yaml: ${db.slice(0, 300)}`;
  for (let i = 0; i < quick.documents.length; i++) {
    const ca = collections(quick.documents[i]!.value);
    const cb = collections(full.documents[i]!.value);
    for (let j = 0; j < ca.length; j++) {
      const la = quick.documents[i]!.lineOf(ca[j]);
      const lb = full.documents[i]!.lineOf(cb[j]);
      if (la !== lb) return `line of ${JSON.stringify(ca[j]).slice(0, 80)}: ${la}, js-yaml: ${lb}`;
    }
  }
  return undefined;
}

/** Documents of a text the quicker reader accepts, and all of them. */
function accepted(text: string): [number, number] {
  if (/^[\s]*\{/.test(text)) return [0, 0];
  let n = 0;
  let fast = 0;
  for (const d of splitDocuments(text.replace(/\r\n/g, '\n'))) {
    n++;
    if (readFast(d.text, DEFAULT_LIMITS)) fast++;
  }
  return [fast, n];
}

const temp = mkdtempSync(join(tmpdir(), 'reachdiff-fastyaml-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const SEEDS: string[] = [];

/** Constructs the files above hold few of. */
const EXTRA_SEEDS = [
  'a: |\n  one\n  two\n\n\nb: 1\n',
  'a: |-\n  one\n\n  two\n\n',
  'a: |+\n  one\n\n\n# c\nb: |+\n    x\n',
  'a: |\n\n  after a blank\n    more indented\n   \n  last\n',
  'a: | # comment\n  x\n # less indented comment\nb: |\n   three\n  two\n',
  'a:\n- |\n  x\n-   |-\n    y\n- k: |\n    z\n  j: 1\n',
  'a: |\n  x\n  # kept\nb: |+\n  y\n    \n',
  'l: [a, "b", \'c\', [d, {e: f}], {}, []]\nm: {a: 1, b: [x, y], "c": null, \'d\': ~}\n',
  'x: [ a , b ]\ny: {a: b , c: d}\nz: [-1, +2, 0x1F, .5, 1e3, yes, off, ~, null]\n',
  '"quoted key": 1\n\'single\': 2\n"a" : 3\nk: "v # not a comment"\nj: \'it\'\'s\'\n',
  'a:\n  - b\n  -  c\n  -\n    d: 1\n  - - e\n',
  'a:\n- x: 1\n  y:\n  - 2\n  z:\n    w: 3\n- v\nb: 4\n',
  'spec:\n  containers:\n  - args:\n    - --port=8080\n    - -v\n    - "--x"\n    name: a\n',
  'a: b # comment\nc: d#e\nf: g: h\ni: j:k\nl: http://m:80/n\no: p :q\n',
  'a: multi\n  line\nb: "multi\n  quoted"\nc: >\n  folded\n  text\n',
  'key:\n  scalar on next line\nk2: 1\n',
  'a: &x 1\nb: *x\nc: !!str 2\nd: !custom e\n<<: {f: 1}\n',
  '? complex\n: value\n',
  'y: 1\n80: http\ntrue: x\n1.5: y\nnull: z\n~: w\n',
  'a: 1\na: 2\n',
  '__proto__: 1\n',
  'a:\n    b: 1\n  c: 2\n',
  'a: [1, 2\n  , 3]\nb: {c: d,\n  e: f}\n',
  'a: [b, c,]\nd: {e: f,}\ng: [h: i]\nj: {k}\n',
  'a: "\\u00e9\\n"\nb: "x\\"y"\n',
  'a:   \n  b: 1\n',
  'a:\n\n  b: 1\n\n  c: 2\n',
  '# only a comment\n',
  '   a: 1\n   b: 2\n',
  '- a\n- b\n',
  'a: 1\n...\nb: 2\n',
  'a: .inf\nb: -.Inf\nc: .NaN\n',
  'a: 1\n  # indented comment\nb: 2\n',
  'a:\n-\n- x\n-\n  - y\n',
  // js-yaml takes a dash line after an empty entry into that entry's sequence, however little it is indented
  'spec:\n  containers:\n  - name: a\n    args:\n    - --x\n    -\n  - name: b\n',
  'a:\n-\n -\n-\n',
  'a: b\t\n',
  'c: d \t # e\n',
  'e:\tf\n',
  'g:\n\th: i\n',
  'j: [k,\tl]\n',
  'a: |\n    \n  x\n',
  'a: |#c\n  x\n',
  'a: [-]\n',
  'b: [-, x]\n',
  'c: {d: -}\n',
  'a: 12345678901234567890\nb: 0b101\nc: 0o17\nd: 017\ne: 1_000\nf: -0\ng: +.5\nh: 1.\n',
];

describe('the quicker YAML reader reads as js-yaml does, or declines', () => {
  it('every fixture, YAML corpus, conformance and probe file', () => {
    const paths = [...files(FIXTURES), ...files(join(REPO, 'test', 'yaml-corpus')), ...files(CORPUS), ...files(join(REPO, '..', 'shared', 'probes'))];
    if (files(CORPUS).length === 0) console.log('conformance corpus not found: its files are left out of this test');
    let fast = 0;
    let all = 0;
    const differ: string[] = [];
    for (const text of EXTRA_SEEDS) {
      SEEDS.push(text);
      const d = difference(text);
      if (d) differ.push(`${JSON.stringify(text)}: ${d}`);
    }
    for (const p of paths) {
      const text = readFileSync(p, 'utf8');
      SEEDS.push(text);
      const d = difference(text);
      if (d) differ.push(`${p}: ${d}`);
      // the YAML corpus holds forms chosen for the js-yaml reading: it is left out of the share below
      if (p.startsWith(join(REPO, 'test', 'yaml-corpus'))) continue;
      const [f, n] = accepted(text);
      fast += f;
      all += n;
    }
    expect(differ).toEqual([]);
    // the test means something only where the quicker reader takes most documents (the fixtures alone where the
    // conformance corpus and the probes are not on the machine)
    expect(fast / all).toBeGreaterThan(0.9);
  });

  it('the benchmark repositories, in every style', () => {
    const differ: string[] = [];
    for (const style of STYLES) {
      const g = generate(SHAPES['T']!, 5, join(temp, style), style);
      let fast = 0;
      let all = 0;
      for (const p of [...files(g.base), ...files(g.head)]) {
        const text = readFileSync(p, 'utf8');
        if (SEEDS.length < 2000) SEEDS.push(text);
        const d = difference(text);
        if (d) differ.push(`${style} ${p}: ${d}`);
        const [f, n] = accepted(text);
        fast += f;
        all += n;
      }
      // JSON is read by JSON.parse; every YAML style is the quicker reader's
      if (style !== 'json') expect(fast, style).toBe(all);
    }
    expect(differ).toEqual([]);
  });

  it('reads in linear time: a list of 400,000 entries without a colon', () => {
    const text = `items:\n${Array.from({ length: 400_000 }, (_, i) => `- item-${i}\n`).join('')}end: 1\n`;
    const start = performance.now();
    const read = readFast(text, DEFAULT_LIMITS);
    const ms = performance.now() - start;
    expect(read?.value['end']).toBe(1);
    expect((read?.value['items'] as unknown[]).length).toBe(400_000);
    // a search for a key's colon past each entry's line took 55 ms for 20,000 entries and 357 ms for 80,000
    expect(ms).toBeLessThan(2000);
  });

  it(`${CASES} mutated documents`, () => {
    expect(SEEDS.length).toBeGreaterThan(100);
    const docs = SEEDS.flatMap((t) => (/^\s*\{/.test(t) ? [] : splitDocuments(t.replace(/\r\n/g, '\n')).map((d) => d.text))).filter((t) => t.length < 20_000);
    const rng = new Rng(SEED);
    const int = (n: number) => Math.floor(rng.next() * n);
    const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
    const INSERTS = [
      ':', ': ', ' :', ' #', '#', '-', '- ', '-- ', '"', "'", "''", '""', '"\\"', '\\', '\\n', '|', '|-', '|+', '|2', '|-2', '>', '>-', '[', ']', '{', '}', ',', ', ', '[]', '{}', '&a ', '*a', '!!str ', '!!int ', '!x ', '%', '@', '`',
      '?', '? ', '\t', '\r', '\r\n', '\n', ' ', '  ', '...', '---', '<<: ', '<<', '\u0085', '\u2028', '\ufeff', 'é', '\u0000', '\u0007', '\ud800', '~', 'null', 'yes', 'y', 'on', '0x1F', '0o17', '017', '1e3', '1_000', '.inf',
      '.nan', '-.inf', '+1', '-0', '__proto__', 'constructor', '12:30', '2024-01-01', 'a: b', 'a:b', ': x', '{a: b}', '[a, b]', '{a: 1, a: 2}', '"a": 1', "'a': 1", '|\n  x\n', '\n  - x', '\n- x', '\n  y: 1',
    ];
    let fastCases = 0;
    const failures: string[] = [];
    for (let c = 0; c < CASES && failures.length < 5; c++) {
      let text = pick(docs);
      const steps = 1 + int(3);
      for (let s = 0; s < steps; s++) {
        const lines = text.split('\n');
        const l = int(lines.length);
        switch (int(8)) {
          case 0:
          case 1: {
            const at = int(text.length + 1);
            text = text.slice(0, at) + pick(INSERTS) + text.slice(at);
            break;
          }
          case 2: {
            const at = int(text.length);
            text = text.slice(0, at) + text.slice(at + 1 + int(5));
            break;
          }
          case 3: {
            const d = pick([-2, -1, 1, 2]);
            lines[l] = d > 0 ? ' '.repeat(d) + lines[l] : lines[l]!.replace(d === -1 ? /^ / : /^ {1,2}/, '');
            text = lines.join('\n');
            break;
          }
          case 4:
            lines.splice(l, 0, lines[l]!);
            text = lines.join('\n');
            break;
          case 5:
            if (l + 1 < lines.length) lines.splice(l, 2, lines[l]! + (rng.next() < 0.5 ? ' ' : '') + lines[l + 1]!.trimStart());
            text = lines.join('\n');
            break;
          case 6: {
            const line = lines[l]!;
            const at = int(line.length + 1);
            lines.splice(l, 1, line.slice(0, at), ' '.repeat(int(8)) + line.slice(at));
            text = lines.join('\n');
            break;
          }
          case 7:
            if (l + 1 < lines.length) [lines[l], lines[l + 1]] = [lines[l + 1]!, lines[l]!];
            else lines.splice(l, 1);
            text = lines.join('\n');
            break;
        }
      }
      if (readFast(text, DEFAULT_LIMITS)) fastCases++;
      const d = difference(text);
      if (d) failures.push(`${JSON.stringify(text)}\n  ${d}`);
    }
    expect(failures).toEqual([]);
    // most mutations leave a document the quicker reader still takes: it is tested on odd input, not only declining
    expect(fastCases / CASES).toBeGreaterThan(0.15);
  });
});
