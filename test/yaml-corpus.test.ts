/**
 * Agreement with kubectl on tricky YAML and JSON (test/yaml-corpus/): the
 * values kubectl makes of each file are checked in under expected/, and the
 * reader must produce them. Where kubectl is installed, a second test runs
 * it over the corpus (`kubectl label --local -o json`, which reads and
 * converts the files without a cluster) and compares it with the checked-in
 * values; `UPDATE_YAML_CORPUS=1` rewrites them from kubectl.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocuments } from '../src/input/yaml/documents.js';
import { decodeManifest } from '../src/input/text.js';
import { REPO } from './helpers.js';

const CORPUS = join(REPO, 'test', 'yaml-corpus');
const EXPECTED = join(CORPUS, 'expected');
const LABEL = 'reachdiff.test/probe';

interface Expected {
  /** The objects kubectl read, in order. */
  readonly documents: unknown[];
  /** kubectl's error, where it refuses the file. */
  readonly refused?: string;
}

function corpusFiles(dir = CORPUS): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (p !== EXPECTED) out.push(...corpusFiles(p));
    } else if (/\.(ya?ml|json)$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

const expectedPath = (file: string) => join(EXPECTED, `${relative(CORPUS, file).replace(/[/\\]/g, '__')}.json`);

/** Splits kubectl's output, JSON objects one after another, into values. */
function jsonStream(text: string): unknown[] {
  const out: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') {
      if (depth++ === 0) start = i;
    } else if (c === '}' && --depth === 0) out.push(JSON.parse(text.slice(start, i + 1)));
  }
  return out;
}

const HAVE_KUBECTL = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

/** What kubectl makes of a file, without the label it was asked to add. */
function kubectl(file: string): Expected {
  const r = spawnSync('kubectl', ['label', '--local', '-f', file, '-o', 'json', `${LABEL}=1`], { encoding: 'utf8', env: { ...process.env, KUBECONFIG: '/dev/null' } });
  const documents = jsonStream(r.stdout).map((doc) => {
    const metadata = (doc as { metadata: { labels?: Record<string, string> } }).metadata;
    delete metadata.labels![LABEL];
    if (Object.keys(metadata.labels!).length === 0) delete metadata.labels;
    return doc;
  });
  const error = r.stderr.split('\n').find((l) => l.startsWith('error:'));
  return error ? { documents, refused: error.replaceAll(file, relative(REPO, file)) } : { documents };
}

function readExpected(file: string): Expected {
  return JSON.parse(readFileSync(expectedPath(file), 'utf8')) as Expected;
}

describe('YAML and JSON as kubectl reads them (test/yaml-corpus)', () => {
  const files = corpusFiles();

  it('the reader gives kubectl\'s values for every corpus file', () => {
    expect(files.length).toBeGreaterThan(15);
    for (const file of files) {
      const expected = readExpected(file);
      // bytes decoded as the sources decode them: UTF-16 with a byte order mark too
      const parsed = parseDocuments(decodeManifest(readFileSync(file)), relative(REPO, file));
      const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
      const name = relative(CORPUS, file);
      if (expected.refused) {
        expect(errors.length, `${name}: kubectl refuses it (${expected.refused})`).toBeGreaterThan(0);
      } else {
        expect(errors, `${name}: kubectl reads it`).toEqual([]);
      }
      expect(parsed.documents.map((d) => d.value), name).toEqual(expected.documents);
    }
  });

  it.skipIf(!HAVE_KUBECTL)('kubectl gives the checked-in values (runs kubectl where installed)', () => {
    if (process.env['UPDATE_YAML_CORPUS']) mkdirSync(EXPECTED, { recursive: true });
    for (const file of files) {
      const actual = kubectl(file);
      if (process.env['UPDATE_YAML_CORPUS']) writeFileSync(expectedPath(file), `${JSON.stringify(actual, null, 2)}\n`);
      const expected = readExpected(file);
      expect(actual.documents, relative(CORPUS, file)).toEqual(expected.documents);
      expect(actual.refused === undefined, `${relative(CORPUS, file)}: refused`).toBe(expected.refused === undefined);
    }
  });

  if (!HAVE_KUBECTL) console.log('yaml corpus: kubectl is not installed; its live comparison is skipped (the checked-in values are still tested)');

  it('every mapping and sequence keeps the line it starts on', () => {
    const parsed = parseDocuments(readFileSync(join(CORPUS, 'flow.yaml'), 'utf8'), 'flow.yaml');
    const doc = parsed.documents[0]!;
    const spec = (doc.value as { spec: Record<string, unknown> }).spec;
    const ingress = spec['ingress'] as Array<Record<string, unknown>>;
    const egress = spec['egress'] as Array<{ to: Array<{ ipBlock: { except: unknown[] } }> }>;
    expect(doc.line).toBe(2);
    expect(doc.lineOf(spec)).toBe(6);
    expect(doc.lineOf(spec['podSelector'])).toBe(7);
    expect(doc.lineOf((spec['podSelector'] as { matchExpressions: unknown[] }).matchExpressions)).toBe(8);
    expect(doc.lineOf(spec['policyTypes'])).toBe(10);
    expect(doc.lineOf(ingress)).toBe(12);
    expect(doc.lineOf(ingress[0]!['ports'])).toBe(13);
    expect(doc.lineOf(egress[0]!.to[0]!.ipBlock.except)).toBe(16);
    expect(parsed.documents[1]!.line).toBe(22);
  });

  it('aliases that make up too much of a document are refused as yaml.v2 refuses them, and one plain key more is read', () => {
    // refused/aliasing-excessive.yaml is at the edge (decode.go, allowedAliasRatio: 99% up to 400,000 nodes); one more plain key before the aliases keeps it
    const refused = readFileSync(join(CORPUS, 'refused', 'aliasing-excessive.yaml'), 'utf8');
    const kept = refused.replace('        p0: 0\n', '        p0: 0\n        q0: 0\n');
    expect(parseDocuments(refused, 'r.yaml').diagnostics.map((d) => d.message).join('\n')).toMatch(/excessive aliasing/);
    const read = parseDocuments(kept, 'k.yaml');
    expect(read.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(read.documents).toHaveLength(1);
    if (HAVE_KUBECTL) {
      const dir = mkdtempSync(join(tmpdir(), 'reachdiff-alias-'));
      writeFileSync(join(dir, 'k.yaml'), kept);
      expect(kubectl(join(dir, 'k.yaml')).refused).toBeUndefined();
    }
  });

  it('the corpus has an expectation for every file', () => {
    for (const file of files) expect(existsSync(expectedPath(file)), relative(CORPUS, file)).toBe(true);
  });
});

describe('JSON that does not parse, read on as YAML', () => {
  // apimachinery's YAMLOrJSONDecoder reads a stream that starts as JSON and does not parse as YAML since
  // Kubernetes 1.33 ("Better handling of YAML that tastes like JSON"); kubectl 1.32 stops at the JSON error
  it('is read as kubectl 1.33 reads it, with a warning that older kubectl refuses it', () => {
    const trailingComma = '{\n  "apiVersion": "v1",\n  "kind": "Namespace",\n  "metadata": {"name": "a"},\n}\n';
    const parsed = parseDocuments(trailingComma, 'a.json');
    expect(parsed.documents.map((d) => d.value)).toEqual([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } }]);
    expect(parsed.diagnostics.map((d) => [d.severity, d.line])).toEqual([['warning', 1]]);
    expect(parsed.diagnostics[0]!.message).toMatch(/kubectl 1\.32 and older refuse it with a JSON syntax error, applying none of the file/);
    const jsonThenYaml = '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n';
    const mixed = parseDocuments(jsonThenYaml, 'b.yaml');
    expect(mixed.documents.length).toBe(2);
    expect(mixed.diagnostics.map((d) => d.message).join('\n')).toMatch(/applying only the JSON before this line/);
    // JSON that parses says nothing
    expect(parseDocuments('{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}}\n', 'c.json').diagnostics).toEqual([]);
  });

  it('a scalar value in a JSON stream is read as a value, and the stream read on (cli-runtime StreamVisitor: a null is skipped, other values are objects it cannot decode)', () => {
    // the second value used to end the JSON reading: the rest was read as YAML, one plain scalar, every object after it lost
    const object = (name: string) => `{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "${name}"}}`;
    for (const scalar of ['null', '1', '-2.5e3', 'true', 'false', '"text"']) {
      const parsed = parseDocuments(`${object('a')}\n${scalar}\n${object('b')}\n${scalar}${object('c')}\n`, 's.json');
      const names = parsed.documents.flatMap((d) => (typeof d.value === 'object' && d.value !== null ? [(d.value as { metadata: { name: string } }).metadata.name] : []));
      expect(names, scalar).toEqual(['a', 'b', 'c']);
      expect(parsed.diagnostics, scalar).toEqual([]);
      // a null is no document; another scalar is one, which the loader reports as not an object
      expect(parsed.documents.length, scalar).toBe(scalar === 'null' ? 3 : 5);
    }
    // a literal cut short still does not parse
    expect(parseDocuments(`${object('a')}\n${object('b')}\nnul\n`, 't.json').diagnostics.map((d) => d.severity)).toEqual(['error']);
  });

  it('white space other than JSON\'s before a value is a JSON syntax error, as Go\'s decoder finds it', () => {
    // a no-break space, NEL, form feed or vertical tab: white space to the test that the file is JSON, not to the JSON decoder
    const object = '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "a"}}';
    for (const space of ['\u00a0', '\u0085', '\f', '\v']) {
      const before = parseDocuments(`${space}${object}\n`, 'a.json');
      expect(before.diagnostics.map((d) => [d.severity, d.line]), JSON.stringify(space)).toEqual([['warning', 1]]);
      expect(before.diagnostics[0]!.message).toMatch(/kubectl 1\.32 and older refuse it with a JSON syntax error, applying none of the file/);
      const between = parseDocuments(`${object}\n${object}\n${space}${object}\n`, 'b.json');
      expect(between.documents.length, JSON.stringify(space)).toBe(2);
      expect(between.diagnostics.map((d) => [d.severity, d.line])).toEqual([['error', 3]]);
    }
  });
});

describe('what yaml.v2 reads where js-yaml reads more', () => {
  it('a --- after a lone carriage return: the first document only, as kubectl reads it, with a warning', () => {
    const parsed = parseDocuments(readFileSync(join(CORPUS, 'lone-cr.yaml'), 'utf8'), 'lone-cr.yaml');
    expect(parsed.documents.map((d) => (d.value as { metadata: { name: string } }).metadata.name)).toEqual(['first']);
    expect(parsed.diagnostics.map((d) => [d.severity, d.line])).toEqual([['warning', 1]]);
    expect(parsed.diagnostics[0]!.message).toMatch(/only the first is read, as kubectl reads it/);
  });

  it("\\' in double quotes is read as yaml.v2 reads it, and the lines of the nodes after it hold", () => {
    // the same document with x for each \\': js-yaml reads it (an anchor keeps the quick reader out), lines to compare with
    const text = (q: string) =>
      ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: a', '  annotations:', `    one: "it${q}s ${q} and ${q}"`, `    two: "don${q}t"`, 'data: &d', '  nested:', `    deeper: {x: "${q}"}`].join('\n');
    type Value = { metadata: { annotations: Record<string, string> }; data: { nested: { deeper: { x: string } } } };
    const lines = (q: string) => {
      const parsed = parseDocuments(text(q), 'q.yaml');
      expect(parsed.diagnostics).toEqual([]);
      const doc = parsed.documents[0]!;
      const value = doc.value as Value;
      return { value, lines: [value.metadata.annotations, value.data, value.data.nested, value.data.nested.deeper].map((n) => doc.lineOf(n)) };
    };
    const escaped = lines("\\'");
    expect(escaped.value.metadata.annotations).toEqual({ one: "it's ' and '", two: "don't" });
    expect(escaped.value.data.nested.deeper.x).toBe("'");
    expect(escaped.lines).toEqual(lines('x').lines);
    expect(escaped.lines).toEqual([6, 8, 10, 10]);
  });

  it('blank lines after an escaped line break in double quotes are line feeds, and the lines of the nodes after them hold', () => {
    const parsed = parseDocuments(readFileSync(join(CORPUS, 'escaped-line-break.yaml'), 'utf8'), 'escaped-line-break.yaml');
    expect(parsed.diagnostics).toEqual([]);
    const doc = parsed.documents[0]!;
    const spec = (doc.value as { spec: { mixed: string; after: { x: unknown[] } } }).spec;
    expect(spec.mixed).toBe("x\n\n\ny's\nz\n");
    expect([doc.lineOf(spec), doc.lineOf(spec.after), doc.lineOf(spec.after.x)]).toEqual([9, 31, 31]);
  });

  it('a repeated key says kubectl keeps the later value, but where two keys written otherwise may make one JSON key the document is refused', () => {
    const read = (body: string) => parseDocuments(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata:\n${body}`, 'r.yaml');
    // 1 and 1.0, or 1 and "1", are two keys to yaml.v2: which one sigs.k8s.io/yaml converts last is not set (kubectl
    // 1.32 gave either over repeated runs), so no value is the one applied
    for (const body of ['  1: a\n  1.0: b\n', '  1: a\n  "1": b\n']) {
      const r = read(body);
      expect(r.documents, body).toEqual([]);
      expect(r.diagnostics.map((d) => `${d.severity} ${d.line} ${d.message}`), body).toEqual([expect.stringMatching(/^error 6 a mapping repeats a key in a document that has keys that are not strings: .*kubectl keeps either value, in no set order; document skipped$/)]);
    }
    expect(read('  x: a\n  x: b\n').diagnostics.map((d) => `${d.severity} ${d.message}`)).toEqual(['warning a mapping repeats a key; the later value is used, as kubectl uses it']);
    expect(read('  x: a\n  x: b\n').documents).toHaveLength(1);
  });

  it('each refusal says what yaml.v2 refuses, at its line', () => {
    const cases: Array<[string, RegExp, number]> = [
      ['refused/surrogate-escape.yaml', /half of a surrogate pair/, 7],
      ['refused/slash-escape.yaml', /escape \\\/ .* not one of YAML 1\.1's/, 7],
      ['refused/flow-question.yaml', /ends a plain scalar at a `\?`/, 6],
      ['refused/flow-colon-bracket.yaml', /a `:` that a flow indicator .* follows at once/, 6],
      ['refused/flow-colon-start.yaml', /a `:` that starts a plain scalar/, 6],
      ['refused/separator-glued-comment.yaml', /something other than a space or a tab right after the dashes/, 1],
      ['refused/separator-blank-nbsp.yaml', /something other than/, 1],
      ['refused/explicit-value-tab.yaml', /a tab after `:`/, 9],
      ['refused/end-marker-glued-comment.yaml', /YAML syntax/, 6],
      ['refused/anchor-name-dot.yaml', /the anchor name "policy\.labels" holds, or is followed by, a character kubectl's reader \(yaml\.v2\) does not take/, 7],
      ['refused/alias-name-accent.yaml', /the anchor name "é"/, 8],
      ['refused/anchor-before-flow.yaml', /the anchor name "a" holds, or is followed by, a character/, 9],
      ['refused/merge-alias-sequence.yaml', /a merge key \(<<\) whose value is an alias of a sequence/, 11],
      ['refused/anchor-before-key.yaml', /an anchor or a tag, and then a mapping key, on the line of another key after its `:`/, 10],
      ['refused/tag-before-key.yaml', /an anchor or a tag, and then a mapping key/, 7],
      ['refused/long-key.yaml', /a mapping key longer than 1024 characters/, 9],
      ['refused/long-key-flow.yaml', /a mapping key longer than 1024 characters/, 7],
    ];
    for (const [file, why, line] of cases) {
      const parsed = parseDocuments(readFileSync(join(CORPUS, file), 'utf8'), file);
      const errors = parsed.diagnostics.filter((d) => d.severity === 'error');
      expect(errors.map((d) => d.message).join('\n'), file).toMatch(why);
      expect(errors.map((d) => d.line), file).toEqual([line]);
    }
  });

  it('escapes and flow scalars are looked at within each scalar: many quoted scalars and one backslash read in linear time', () => {
    const n = 40_000;
    const entries = Array.from({ length: n }, (_, i) => `    k${i}: "v${i}"`).join('\n');
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  annotations: &a\n${entries}\n    last: "\\\\ and ?"\n`;
    const t0 = performance.now();
    const parsed = parseDocuments(text, 'big.yaml');
    const ms = performance.now() - t0;
    expect(parsed.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(Object.keys((parsed.documents[0]!.value as { metadata: { annotations: object } }).metadata.annotations)).toHaveLength(n + 1);
    // quadratic, this would take minutes
    expect(ms).toBeLessThan(10_000);
  });

  it('a byte order mark is part of a key where kubectl hands yaml.v2 the --- line before it', () => {
    const parsed = parseDocuments(readFileSync(join(CORPUS, 'bom-after-separator.yaml'), 'utf8'), 'bom-after-separator.yaml');
    expect(parsed.documents.map((d) => Object.keys(d.value as object)[0])).toEqual(['\ufeffapiVersion', 'apiVersion']);
  });
});
