/**
 * Splitting a file into documents (splitDocuments in
 * src/input/yaml/documents.ts), which looks only at the lines that start
 * with `---` or `...`, against a reading of every line in turn, written
 * here from the rules of kubectl's YAMLReader (a `---` line ends a
 * document; one followed by more than blanks and a comment is an error; a
 * `---` kept in the document it opens; `...` ends a document's text) on
 * random texts made of the lines that matter to it.
 */
import { describe, expect, it } from 'vitest';
import { contentBytes, DEFAULT_LIMITS, parseDocuments, splitDocuments } from '../src/input/yaml/documents.js';
import { Rng } from './reference/random.js';

interface Split {
  text: string;
  firstLine: number;
  bytes: number;
  endMarker?: number;
  badSeparator?: number;
  emptyEnd?: number;
  opened?: true;
  glued?: number;
}

const BLANKS = new Set([32, 9, 13, 0x85, 0x2028, 0x2029]);
const GO_SPACE = /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

/** Whether the rest of a --- line leaves it a marker to yaml.v2: nothing, or a blank first, then blanks and at most a comment. */
function isMarker(after: string): boolean {
  if (after === '') return true;
  if (!BLANKS.has(after.charCodeAt(0))) return false;
  for (const c of after.slice(1)) {
    if (c === '#') return true;
    if (!BLANKS.has(c.charCodeAt(0))) return false;
  }
  return true;
}

/** Whether a line holds more than blanks and comments, a comment ending at a lone CR, NEL, LS or PS (yaml.v2's line breaks). */
function hasContent(line: string): boolean {
  return !/^(?:[ \t\r\u0085\u2028\u2029]|#[^\r\u0085\u2028\u2029]*)*$/.test(line);
}

/** Line by line: every line is looked at, and its kind decides. */
function referenceSplit(text: string): Split[] {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const out: Split[] = [];
  let first = 0;
  let from = 0;
  let bytes = 0;
  let cut: number | undefined;
  let cutLine = 0;
  let endMarker: number | undefined;
  let opened = false;
  let glued: number | undefined;
  const close = (to: number, bad?: number) => {
    if (bytes === 0 && cut !== undefined && !opened && bad === undefined) {
      out.push({ text: '', firstLine: first, bytes: 0, emptyEnd: cutLine });
    } else if (bytes > 0 || bad !== undefined || glued !== undefined) {
      const d: Split = { text: text.slice(from, cut ?? to), firstLine: first, bytes };
      if (endMarker !== undefined) d.endMarker = endMarker;
      if (bad !== undefined) d.badSeparator = bad;
      if (opened) d.opened = true;
      if (glued !== undefined) d.glued = glued;
      out.push(d);
    }
  };
  let offset = 0;
  for (let n = 0; n < lines.length; offset += lines[n]!.length + 1, n++) {
    const line = lines[n]!;
    if (line.startsWith('---')) {
      const rest = line.slice(3).replace(GO_SPACE, '');
      close(offset, rest !== '' && !rest.startsWith('#') ? n : undefined);
      opened = from === offset && !opened;
      glued = opened && !isMarker(line.slice(3)) ? n : undefined;
      // a --- line kept in the document it opens: what follows a lone CR, NEL, LS or PS on it is the document's
      const kept = opened && glued === undefined && (rest === '' || rest.startsWith('#')) && hasContent(line.slice(3));
      first = kept ? n : n + 1;
      from = kept ? offset + 3 : offset + line.length + 1;
      bytes = kept ? line.length - 3 + (n < lines.length - 1 || text.endsWith('\n') ? 1 : 0) : 0;
      cut = undefined;
      endMarker = undefined;
    } else if (cut === undefined && /^\.\.\.(?:[ \t]+(?:#.*)?)?\r?$/.test(line)) {
      cut = offset;
      cutLine = n;
    } else if (cut !== undefined) {
      if (endMarker === undefined && /\S/.test(line) && !/^\s*#/.test(line)) endMarker = n;
    } else if (hasContent(line)) {
      // the line and its line break, where it has one
      bytes += line.length + (n < lines.length - 1 || text.endsWith('\n') ? 1 : 0);
    }
  }
  close(text.length);
  return out;
}

const LINES = [
  '---',
  '--- ',
  '--- # a comment',
  '---#',
  '---x',
  '--- x: 1',
  '---\t',
  '---\u0085',
  '--- \u00a0',
  '--- \u2028# c',
  '----',
  '...',
  '... # end',
  '...\t',
  '...x',
  '.... ',
  '# a comment',
  '  # indented',
  '',
  '   ',
  '\t',
  '\r',
  '# c\ra: 1',
  '# c\u2028# d\u0085',
  '  \u2029b: 2',
  '---\r# c\ra: 1',
  '--- # c\u2028a: 1',
  'a: 1',
  '  b: 2',
  '- x',
  'kind: List',
  'c: |',
  '  ---',
  '  ...',
];

describe('splitting a file into documents', () => {
  it('gives what reading every line in turn gives, on 20,000 random texts', () => {
    const rng = new Rng(7);
    for (let k = 0; k < 20_000; k++) {
      const n = rng.int(0, 12);
      const text = Array.from({ length: n }, () => rng.pick(LINES)).join('\n') + (rng.chance(0.5) ? '\n' : '');
      const got = splitDocuments(text).map((d) => ({ ...d, bytes: contentBytes(d.text) }));
      const want = referenceSplit(text);
      expect(got, JSON.stringify(text)).toEqual(want);
    }
  });

  it('counts a file past the size limit by its content, blank and comment lines left out', () => {
    const doc = `# ${'c'.repeat(200)}\na: 1\n\n`;
    const text = `${doc}---\n${doc}---\n${doc}`;
    const limits = { ...DEFAULT_LIMITS, maxFileBytes: 13 };
    const r = parseDocuments(text, 'f.yaml', limits);
    // 5 characters of content per document: two fit, the third does not
    expect(r.documents).toHaveLength(2);
    expect(r.diagnostics.map((d) => [d.line, d.code])).toEqual([[9, 'RD005']]);
  });
});

describe('the size limit', () => {
  it('reads a file exactly as long as the limit, last line without a line break, and refuses one character more', () => {
    const limits = { ...DEFAULT_LIMITS, maxFileBytes: 5 };
    expect(parseDocuments('a: 12', 'f.yaml', limits).documents.map((d) => d.value)).toEqual([{ a: 12 }]);
    expect(parseDocuments('a: 123', 'f.yaml', limits).diagnostics.map((d) => d.code)).toEqual(['RD005']);
    expect(contentBytes('a: 1\n# c\nb: 2')).toBe(9);
  });
});
