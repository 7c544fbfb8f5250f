/**
 * A fast reader for the YAML that manifests are made of: block mappings and
 * sequences, plain and quoted scalars on one line, single-line flow
 * collections and literal block scalars; and for JSON files. It returns
 * exactly the values the `yaml` package gives (YAML 1.1 scalar resolution,
 * which it borrows from that package's own schema), with the line of every
 * mapping and sequence, or `undefined` for any document it does not fully
 * handle: anchors, aliases, tags, merge keys, multi-line scalars, folded
 * block scalars, tabs, duplicate keys, syntax errors. The caller then reads
 * that document with the `yaml` package, which reports errors precisely.
 */
import { Document, isScalar } from 'yaml';
import type { Limits } from './documents.js';

export interface FastDocument {
  readonly value: unknown;
  /**
   * 0-based line, within the text, where each mapping and sequence starts.
   * A Map, not a WeakMap: it lives exactly as long as the value, and weak
   * entries cost the garbage collector far more.
   */
  readonly lines: ReadonlyMap<object, number>;
}

/** Thrown inside the reader when the document needs the full parser; never escapes. */
class Unsupported {}
const UNSUPPORTED = new Unsupported();

interface ScalarTag {
  readonly default?: boolean | 'key';
  readonly test?: RegExp;
  resolve(value: string, onError: (message: string) => void, options: object): unknown;
}

const SCHEMA_DOC = new Document(null, { version: '1.1', merge: true });
const SCHEMA_OPTIONS = SCHEMA_DOC.options;
/** Plain-scalar tags in resolution order, as the composer tries them for values. */
const PLAIN_TAGS = (SCHEMA_DOC.schema.tags as unknown as ScalarTag[]).filter((t) => t.default === true && t.test !== undefined);

const failResolve = () => {
  throw UNSUPPORTED;
};

const resolved = new Map<string, string | number | boolean | null>();

/**
 * A plain scalar's value under the YAML 1.1 schema. Only null and the
 * booleans start with a letter (n, y, t, f, o) and none is longer than five
 * characters, so other words are strings without trying the schema; other
 * results that are primitives are memoized.
 */
function resolvePlain(text: string): unknown {
  const c = text.charCodeAt(0);
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) {
    if (text.length > 5 || !QUICK_EXCLUDED.has(c | 32)) return text;
  }
  const hit = resolved.get(text);
  if (hit !== undefined) return hit;
  const tag = PLAIN_TAGS.find((t) => t.test!.test(text));
  if (!tag) return text;
  let value = tag.resolve(text, failResolve, SCHEMA_OPTIONS);
  if (isScalar(value)) value = value.value;
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    if (resolved.size > 100_000) resolved.clear();
    resolved.set(text, value);
  }
  return value;
}
const QUICK_EXCLUDED = new Set([110, 121, 116, 102, 111]);

/** What convert() in documents.ts makes of a mapping key. */
function keyText(key: unknown): string {
  return key === null || key === undefined ? '' : typeof key === 'object' ? JSON.stringify(key) : String(key);
}

function setKey(out: Record<string, unknown>, key: string, value: unknown): void {
  if (Object.prototype.hasOwnProperty.call(out, key)) throw UNSUPPORTED;
  if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  else out[key] = value;
}

const SPACE = 32;
const HASH = 35;
const COLON = 58;
const DASH = 45;

const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
};

/** YAML's folding of a single-quoted scalar's line breaks, as the yaml package does it (no tabs here). */
function unfoldLines(body: string): string {
  const parts = body.split(/\r?\n/);
  if (parts.length === 1) return body;
  let res = parts[0]!.replace(/ +$/, '');
  let sep = ' ';
  for (let i = 1; i < parts.length - 1; i++) {
    const lm = parts[i]!.trim();
    if (lm === '') {
      if (sep === '\n') res += sep;
      else sep = '\n';
    } else {
      res += sep + lm;
      sep = ' ';
    }
  }
  return res + sep + parts[parts.length - 1]!.replace(/^ +/, '');
}

/** Folded line break inside a double-quoted scalar: a space, or the empty lines it spans. */
function foldNewline(source: string, offset: number): { fold: string; offset: number } {
  let fold = '';
  let ch = source[offset + 1];
  while (ch === ' ' || ch === '\n' || ch === '\r') {
    if (ch === '\r' && source[offset + 2] !== '\n') break;
    if (ch === '\n') fold += '\n';
    offset += 1;
    ch = source[offset + 1];
  }
  return { fold: fold || ' ', offset };
}

/** The value of a quoted scalar, quotes included, with the yaml package's escapes and folding. */
function quotedValue(raw: string): string {
  if (raw.charCodeAt(0) === 39) {
    const body = raw.slice(1, -1);
    return (body.indexOf('\n') < 0 ? body : unfoldLines(body)).replaceAll("''", "'");
  }
  if (raw.indexOf('\\') < 0 && raw.indexOf('\n') < 0) return raw.slice(1, -1);
  let res = '';
  for (let i = 1; i < raw.length - 1; ++i) {
    const ch = raw[i]!;
    if (ch === '\r' && raw[i + 1] === '\n') continue;
    if (ch === '\n') {
      const { fold, offset } = foldNewline(raw, i);
      res += fold;
      i = offset;
    } else if (ch === '\\') {
      const next = raw[++i]!;
      const simple = ESCAPES[next];
      if (simple !== undefined) {
        res += simple;
      } else if (next === 'x' || next === 'u' || next === 'U') {
        const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
        const hex = raw.substr(i + 1, length);
        if (hex.length !== length || !/^[0-9a-fA-F]+$/.test(hex)) throw UNSUPPORTED;
        const code = parseInt(hex, 16);
        if (code > 0x10ffff) throw UNSUPPORTED;
        res += String.fromCodePoint(code);
        i += length;
      } else {
        // escaped line breaks and unknown escapes
        throw UNSUPPORTED;
      }
    } else if (ch === ' ') {
      // spaces before a line break are dropped
      const wsStart = i;
      let next = raw[i + 1];
      while (next === ' ') next = raw[++i + 1];
      if (next !== '\n' && !(next === '\r' && raw[i + 2] === '\n')) res += i > wsStart ? raw.slice(wsStart, i + 1) : ch;
    } else {
      res += ch;
    }
  }
  return res;
}

/** Characters that may not start a plain scalar in block context (besides `- `, `? `, `: `). */
function badPlainStart(c: number): boolean {
  // & * ! | > ' " % @ ` , [ ] { } #
  return c === 38 || c === 42 || c === 33 || c === 124 || c === 62 || c === 39 || c === 34 || c === 37 || c === 64 || c === 96 || c === 44 || c === 91 || c === 93 || c === 123 || c === 125 || c === HASH;
}

/** Line tables, reused from one document to the next (documents are read one at a time). */
let lineTables = { starts: new Int32Array(1024), ends: new Int32Array(1024), indents: new Int32Array(1024), blank: new Uint8Array(1024) };

class BlockReader {
  readonly starts: Int32Array;
  /** Exclusive end of each line (before the line break). */
  readonly ends: Int32Array;
  readonly indents: Int32Array;
  /** 1 for lines that hold only spaces or a comment. */
  private readonly blank: Uint8Array;
  readonly lineCount: number;
  readonly lines = new Map<object, number>();
  private budget: number;

  constructor(
    private readonly text: string,
    private readonly limits: Limits,
  ) {
    this.budget = limits.maxDocumentNodes;
    const n = text.length;
    let lines = 1;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) lines++;
    if (lines > lineTables.starts.length) {
      const size = Math.max(lines, lineTables.starts.length * 2);
      lineTables = { starts: new Int32Array(size), ends: new Int32Array(size), indents: new Int32Array(size), blank: new Uint8Array(size) };
    }
    ({ starts: this.starts, ends: this.ends, indents: this.indents, blank: this.blank } = lineTables);
    let count = 0;
    let pos = 0;
    while (pos < n) {
      let nl = text.indexOf('\n', pos);
      if (nl < 0) nl = n;
      // CRLF line ends; a carriage return anywhere else is left to the yaml package
      const end = nl > pos && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      let i = pos;
      while (i < end && text.charCodeAt(i) === SPACE) i++;
      this.starts[count] = pos;
      this.ends[count] = end;
      this.indents[count] = i - pos;
      this.blank[count] = i === end || text.charCodeAt(i) === HASH ? 1 : 0;
      count++;
      pos = nl + 1;
    }
    this.lineCount = count;
  }

  /** The next line at or after `line` with content, or -1. */
  private next(line: number): number {
    const count = this.lineCount;
    while (line < count && this.blank[line]) line++;
    return line < count ? line : -1;
  }

  private count(depth: number): void {
    if (--this.budget < 0 || depth > this.limits.maxDepth) throw UNSUPPORTED;
  }

  read(): unknown {
    const text = this.text;
    let line = this.next(0);
    if (line < 0) throw UNSUPPORTED;
    const start = this.starts[line]!;
    if (this.indents[line] === 0 && text.startsWith('---', start)) {
      // a document start marker alone on its line, or followed by a comment
      const rest = this.skipSpaces(start + 3, this.ends[line]!);
      if (rest !== this.ends[line] && (rest === start + 3 || text.charCodeAt(rest) !== HASH)) throw UNSUPPORTED;
      line = this.next(line + 1);
      if (line < 0) throw UNSUPPORTED;
    }
    if (text.charCodeAt(this.starts[line]!) === 37) throw UNSUPPORTED; // a directive
    this.count(0);
    const [value, after] = this.node(line, this.indents[line]!, -1, 0);
    if (typeof value !== 'object' || value === null) throw UNSUPPORTED;
    if (this.next(after) >= 0) throw UNSUPPORTED;
    return value;
  }

  private skipSpaces(i: number, end: number): number {
    while (i < end && this.text.charCodeAt(i) === SPACE) i++;
    return i;
  }

  /** True when position i (within the line ending at end) is a `-` item indicator. */
  private isDash(i: number, end: number): boolean {
    return this.text.charCodeAt(i) === DASH && (i + 1 === end || this.text.charCodeAt(i + 1) === SPACE);
  }

  /**
   * A block node whose first character is at column `col` of `line`, inside
   * a parent indented `parent`. Returns the value and the line after it.
   */
  private node(line: number, col: number, parent: number, depth: number): [unknown, number] {
    const start = this.starts[line]! + col;
    const end = this.ends[line]!;
    if (this.isDash(start, end)) return this.sequence(line, col, depth);
    if (this.keyEnd(start, end) >= 0) return this.mapping(line, col, depth);
    return this.inline(line, start, parent, depth);
  }

  /**
   * Where the key of a `key: value` line ends (the colon), or -1 when the
   * text at `start` is not a mapping entry.
   */
  private keyEnd(start: number, end: number): number {
    const text = this.text;
    const c = text.charCodeAt(start);
    if (c === 34 || c === 39) {
      const close = this.quotedEnd(start, end);
      if (close < 0) return -1;
      const colon = this.skipSpaces(close, end);
      return colon < end && text.charCodeAt(colon) === COLON && (colon + 1 === end || text.charCodeAt(colon + 1) === SPACE) ? colon : -1;
    }
    if (c === 63 && (start + 1 === end || text.charCodeAt(start + 1) === SPACE)) throw UNSUPPORTED; // complex key
    for (let i = start; i < end; i++) {
      const ch = text.charCodeAt(i);
      if (ch === COLON) {
        if (i + 1 === end || text.charCodeAt(i + 1) === SPACE) return i;
      } else if (ch === HASH && i > start && text.charCodeAt(i - 1) === SPACE) {
        return -1;
      }
    }
    return -1;
  }

  /** Position just after the closing quote of a quoted scalar, or -1 when it does not close before `end`. */
  private quotedEnd(start: number, end: number): number {
    return this.closeQuote(this.text.charCodeAt(start), start + 1, end);
  }

  private closeQuote(q: number, from: number, end: number): number {
    const text = this.text;
    for (let i = from; i < end; i++) {
      const ch = text.charCodeAt(i);
      if (q === 34 && ch === 92) i++;
      else if (ch === q) {
        if (q === 39 && text.charCodeAt(i + 1) === 39) i++;
        else return i + 1;
      }
    }
    return -1;
  }

  /** The value of the quoted scalar text[start, close). */
  private quoted(start: number, close: number): string {
    return quotedValue(this.text.slice(start, close));
  }

  /** After a value ending at i: only spaces and a comment may follow. */
  private expectEnd(i: number, end: number): void {
    const j = this.skipSpaces(i, end);
    if (j === end) return;
    if (this.text.charCodeAt(j) !== HASH || j === i) throw UNSUPPORTED;
  }

  private mapping(line: number, col: number, depth: number): [Record<string, unknown>, number] {
    const text = this.text;
    const out: Record<string, unknown> = {};
    this.lines.set(out, line);
    for (;;) {
      const start = this.starts[line]! + col;
      const end = this.ends[line]!;
      const colon = this.keyEnd(start, end);
      if (colon < 0) throw UNSUPPORTED;
      const c = text.charCodeAt(start);
      let key: string;
      if (c === 34 || c === 39) {
        key = this.quoted(start, this.quotedEnd(start, end));
      } else {
        if (badPlainStart(c) || (c === DASH && text.charCodeAt(start + 1) === SPACE)) throw UNSUPPORTED;
        let k = colon;
        while (k > start && text.charCodeAt(k - 1) === SPACE) k--;
        const raw = text.slice(start, k);
        if (raw === '<<') throw UNSUPPORTED; // merge keys
        key = keyText(resolvePlain(raw));
      }
      this.count(depth + 1);
      const valueStart = this.skipSpaces(colon + 1, end);
      let value: unknown;
      let after: number;
      if (valueStart === end || text.charCodeAt(valueStart) === HASH) {
        if (valueStart !== end && valueStart === colon + 1) throw UNSUPPORTED;
        [value, after] = this.indented(line, col, depth + 1, true);
      } else {
        [value, after] = this.inline(line, valueStart, col, depth + 1);
      }
      setKey(out, key, value);
      const next = this.next(after);
      if (next < 0 || this.indents[next]! < col) return [out, next < 0 ? this.lineCount : next];
      if (this.indents[next]! > col) throw UNSUPPORTED;
      line = next;
    }
  }

  /** The value of an entry or item whose text ends its line: a nested block, or null. */
  private indented(line: number, indent: number, depth: number, inMapping: boolean): [unknown, number] {
    const next = this.next(line + 1);
    if (next < 0) return [null, line + 1];
    const col = this.indents[next]!;
    if (col > indent) return this.node(next, col, indent, depth);
    // a sequence may sit at its key's own indentation
    if (inMapping && col === indent && this.isDash(this.starts[next]! + col, this.ends[next]!)) return this.sequence(next, col, depth);
    return [null, line + 1];
  }

  private sequence(line: number, col: number, depth: number): [unknown[], number] {
    const out: unknown[] = [];
    this.lines.set(out, line);
    for (;;) {
      const dash = this.starts[line]! + col;
      const end = this.ends[line]!;
      if (!this.isDash(dash, end)) throw UNSUPPORTED;
      const itemStart = this.skipSpaces(dash + 1, end);
      this.count(depth + 1);
      let item: unknown;
      let after: number;
      if (itemStart === end || this.text.charCodeAt(itemStart) === HASH) {
        if (itemStart !== end && itemStart === dash + 1) throw UNSUPPORTED;
        [item, after] = this.indented(line, col, depth + 1, false);
      } else {
        const itemCol = itemStart - this.starts[line]!;
        [item, after] = this.node(line, itemCol, col, depth + 1);
      }
      out.push(item);
      const next = this.next(after);
      if (next < 0 || this.indents[next]! < col) return [out, next < 0 ? this.lineCount : next];
      if (this.indents[next]! > col) throw UNSUPPORTED;
      if (!this.isDash(this.starts[next]! + col, this.ends[next]!)) return [out, next];
      line = next;
    }
  }

  /**
   * A value that starts on its line at `start` (not a block collection):
   * a scalar, a flow collection or a literal block scalar. Nothing may
   * continue it on more-indented lines.
   */
  private inline(line: number, start: number, parent: number, depth: number): [unknown, number] {
    const text = this.text;
    const end = this.ends[line]!;
    const c = text.charCodeAt(start);
    let value: unknown;
    if (c === 34 || c === 39) {
      const close = this.quotedEnd(start, end);
      if (close < 0) return this.multiLineQuoted(line, start, parent);
      value = this.quoted(start, close);
      this.expectEnd(close, end);
    } else if (c === 91 || c === 123) {
      const flow = new FlowReader(text, start, depth, line, parent, this);
      value = flow.value();
      this.expectEnd(flow.pos, this.ends[flow.line]!);
      line = flow.line;
    } else if (c === 124) {
      return this.literal(line, start, end, parent);
    } else {
      if (badPlainStart(c) || ((c === DASH || c === 63 || c === COLON) && (start + 1 === end || text.charCodeAt(start + 1) === SPACE))) throw UNSUPPORTED;
      let stop = end;
      for (let i = start + 1; i < end; i++) {
        const ch = text.charCodeAt(i);
        if (ch === HASH && text.charCodeAt(i - 1) === SPACE) {
          stop = i;
          break;
        }
        if (ch === COLON && (i + 1 === end || text.charCodeAt(i + 1) === SPACE)) throw UNSUPPORTED;
      }
      while (text.charCodeAt(stop - 1) === SPACE) stop--;
      value = resolvePlain(text.slice(start, stop));
    }
    // a more-indented line would continue a multi-line scalar (or be an error)
    const next = this.next(line + 1);
    if (next >= 0 && this.indents[next]! > parent) throw UNSUPPORTED;
    return [value, line + 1];
  }

  /** A quoted scalar that spans lines, each continuation indented past the parent. */
  private multiLineQuoted(line: number, start: number, parent: number): [string, number] {
    const count = this.lineCount;
    let l = line;
    let close = -1;
    while (close < 0) {
      if (++l >= count) throw UNSUPPORTED;
      const s = this.starts[l]!;
      const e = this.ends[l]!;
      if (this.indents[l]! < e - s && this.indents[l]! <= parent) throw UNSUPPORTED;
      // an escaped line break is left to the yaml package
      if (this.text.charCodeAt(this.ends[l - 1]! - 1) === 92) throw UNSUPPORTED;
      close = this.closeQuote(this.text.charCodeAt(start), s, e);
    }
    const value = quotedValue(this.text.slice(start, close));
    this.expectEnd(close, this.ends[l]!);
    const next = this.next(l + 1);
    if (next >= 0 && this.indents[next]! > parent) throw UNSUPPORTED;
    return [value, l + 1];
  }

  /** `|` or `|-` with the content indentation detected from the first line. */
  private literal(line: number, start: number, end: number, parent: number): [string, number] {
    const text = this.text;
    let i = start + 1;
    let strip = false;
    if (text.charCodeAt(i) === DASH) {
      strip = true;
      i++;
    }
    if (i < end && text.charCodeAt(i) !== SPACE) throw UNSUPPORTED; // keep (+), indentation indicator
    this.expectEnd(i, end);
    const count = this.lineCount;
    let first = line + 1;
    // the content indentation: that of the first line with text
    let l = first;
    while (l < count && this.indents[l] === this.ends[l]! - this.starts[l]!) {
      if (this.indents[l]! > 0) throw UNSUPPORTED; // leading lines of spaces
      l++;
    }
    if (l === count || this.indents[l]! <= parent) throw UNSUPPORTED; // empty block scalar
    const indent = this.indents[l]!;
    const parts: string[] = [];
    for (l = first; l < count; l++) {
      const s = this.starts[l]!;
      const e = this.ends[l]!;
      const onlySpaces = this.indents[l] === e - s;
      if (onlySpaces) {
        if (e - s > indent) throw UNSUPPORTED;
        parts.push('');
        continue;
      }
      if (this.indents[l]! < indent) break;
      parts.push(text.slice(s + indent, e));
    }
    let last = parts.length;
    while (last > 0 && parts[last - 1] === '') last--;
    const body = parts.slice(0, last).join('\n');
    first = l;
    return [strip ? body : `${body}\n`, first];
  }

  resolveFlowPlain(text: string): unknown {
    return resolvePlain(text);
  }

  countNode(depth: number): void {
    this.count(depth);
  }

}

/** A flow collection that opens and closes on one line, with scalars that need no folding. */
class FlowReader {
  pos: number;
  /** The line being read; a collection may span lines, each indented past the parent. */
  line: number;
  private end: number;

  constructor(
    private readonly text: string,
    start: number,
    private readonly depth: number,
    line: number,
    private readonly parent: number,
    private readonly block: BlockReader,
  ) {
    this.pos = start;
    this.line = line;
    this.end = block.ends[line]!;
  }

  value(): unknown {
    return this.collection(this.depth);
  }

  /** Skips spaces, comments and line breaks up to the next token. */
  private spaces(): void {
    const text = this.text;
    const b = this.block;
    for (;;) {
      while (this.pos < this.end && text.charCodeAt(this.pos) === SPACE) this.pos++;
      if (this.pos < this.end) {
        if (text.charCodeAt(this.pos) !== HASH) return;
        if (this.pos > b.starts[this.line]! && text.charCodeAt(this.pos - 1) !== SPACE) throw UNSUPPORTED;
      }
      if (++this.line >= b.lineCount) throw UNSUPPORTED;
      this.end = b.ends[this.line]!;
      this.pos = b.starts[this.line]!;
      if (b.indents[this.line]! < this.end - this.pos && b.indents[this.line]! <= this.parent) throw UNSUPPORTED;
    }
  }

  private collection(depth: number): unknown {
    const open = this.text.charCodeAt(this.pos);
    this.pos++;
    if (open === 91) {
      const out: unknown[] = [];
      this.block.lines.set(out, this.line);
      this.spaces();
      if (this.text.charCodeAt(this.pos) === 93) {
        this.pos++;
        return out;
      }
      for (;;) {
        this.block.countNode(depth + 1);
        out.push(this.item(depth + 1, false));
        this.spaces();
        const c = this.text.charCodeAt(this.pos++);
        if (c === 93) return out;
        if (c !== 44) throw UNSUPPORTED;
        this.spaces();
        if (this.text.charCodeAt(this.pos) === 93) throw UNSUPPORTED; // trailing comma
      }
    }
    const out: Record<string, unknown> = {};
    this.block.lines.set(out, this.line);
    this.spaces();
    if (this.text.charCodeAt(this.pos) === 125) {
      this.pos++;
      return out;
    }
    for (;;) {
      const c = this.text.charCodeAt(this.pos);
      const quotedKey = c === 34 || c === 39;
      const key = this.item(depth + 1, true);
      if (typeof key === 'object' && key !== null) throw UNSUPPORTED;
      if (key === '<<' && !quotedKey) throw UNSUPPORTED;
      this.spaces();
      if (this.text.charCodeAt(this.pos) !== COLON) throw UNSUPPORTED;
      const after = this.text.charCodeAt(this.pos + 1);
      if (!quotedKey && !(after === SPACE || after === 44 || after === 93 || after === 125)) throw UNSUPPORTED;
      this.pos++;
      this.spaces();
      const v = this.text.charCodeAt(this.pos);
      if (v === 44 || v === 125) throw UNSUPPORTED; // empty value
      this.block.countNode(depth + 1);
      setKey(out, keyText(key), this.item(depth + 1, false));
      this.spaces();
      const sep = this.text.charCodeAt(this.pos++);
      if (sep === 125) return out;
      if (sep !== 44) throw UNSUPPORTED;
      this.spaces();
      if (this.text.charCodeAt(this.pos) === 125) throw UNSUPPORTED; // trailing comma
    }
  }

  private item(depth: number, isKey: boolean): unknown {
    const text = this.text;
    const c = text.charCodeAt(this.pos);
    if (c === 91 || c === 123) {
      if (isKey) throw UNSUPPORTED;
      return this.collection(depth);
    }
    if (c === 34 || c === 39) {
      const start = this.pos;
      let i = start + 1;
      for (; i < this.end; i++) {
        const ch = text.charCodeAt(i);
        if (c === 34 && ch === 92) i++;
        else if (ch === c) {
          if (c === 39 && text.charCodeAt(i + 1) === 39) i++;
          else break;
        }
      }
      if (i >= this.end) throw UNSUPPORTED;
      this.pos = i + 1;
      return quotedValue(text.slice(start, i + 1));
    }
    if (badPlainStart(c) || ((c === DASH || c === 63 || c === COLON) && text.charCodeAt(this.pos + 1) === SPACE)) throw UNSUPPORTED;
    const start = this.pos;
    let i = start;
    for (; i < this.end; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 44 || ch === 91 || ch === 93 || ch === 123 || ch === 125) break;
      if (ch === COLON) {
        const n = text.charCodeAt(i + 1);
        if (i + 1 === this.end || n === SPACE || n === 44 || n === 91 || n === 93 || n === 123 || n === 125) break;
      }
      if (ch === HASH && text.charCodeAt(i - 1) === SPACE) throw UNSUPPORTED;
    }
    if (i >= this.end) throw UNSUPPORTED;
    this.pos = i;
    let stop = i;
    while (stop > start && text.charCodeAt(stop - 1) === SPACE) stop--;
    if (stop === start) throw UNSUPPORTED;
    return this.block.resolveFlowPlain(text.slice(start, stop));
  }
}

/**
 * Reads one YAML document (a slice as split at `---` markers) when it is of
 * the subset this reader handles; `undefined` otherwise.
 */
export function readBlockYaml(text: string, limits: Limits): FastDocument | undefined {
  if (text.indexOf('\t') >= 0 || /\r(?!\n)/.test(text)) return undefined;
  const reader = new BlockReader(text, limits);
  try {
    return { value: reader.read(), lines: reader.lines };
  } catch (e) {
    if (e === UNSUPPORTED) return undefined;
    throw e;
  }
}

/**
 * Reads a JSON file with JSON.parse, then walks its text once to find the
 * line of every object and array and to refuse duplicate keys (which YAML
 * reports as errors). `undefined` when the text is not plain JSON.
 */
export function readJson(text: string, limits: Limits): FastDocument | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const lines = new Map<object, number>();
  interface Frame {
    readonly node: Record<string, unknown> | unknown[];
    readonly keys: Set<string> | undefined;
    index: number;
    key: string;
    expectKey: boolean;
  }
  const stack: Frame[] = [];
  let line = 0;
  let budget = limits.maxDocumentNodes;
  const n = text.length;
  const child = (): unknown => {
    const top = stack[stack.length - 1];
    if (!top) return value;
    return Array.isArray(top.node) ? top.node[top.index] : top.node[top.key];
  };
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
    } else if (c === 34) {
      let j = i + 1;
      for (; j < n; j++) {
        const ch = text.charCodeAt(j);
        if (ch === 92) j++;
        else if (ch === 34) break;
      }
      const top = stack[stack.length - 1];
      if (top && top.expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys!.has(key)) return undefined;
        top.keys!.add(key);
        top.key = key;
        top.expectKey = false;
      } else if (--budget < 0) {
        return undefined;
      }
      i = j;
    } else if (c === 123 || c === 91) {
      if (--budget < 0 || stack.length >= limits.maxDepth) return undefined;
      const node = child() as Record<string, unknown> | unknown[];
      lines.set(node, line);
      stack.push({ node, keys: c === 123 ? new Set() : undefined, index: 0, key: '', expectKey: c === 123 });
    } else if (c === 125 || c === 93) {
      stack.pop();
    } else if (c === 44) {
      const top = stack[stack.length - 1]!;
      if (Array.isArray(top.node)) top.index++;
      else top.expectKey = true;
    } else if (c !== 32 && c !== 9 && c !== 13 && c !== 58) {
      // a number, true, false or null: count it once, at its first character
      const p = text.charCodeAt(i - 1);
      if ((p < 48 || p > 57) && (p < 97 || p > 122) && p !== 43 && p !== 45 && p !== 46 && p !== 69 && --budget < 0) return undefined;
    }
  }
  return { value, lines };
}
