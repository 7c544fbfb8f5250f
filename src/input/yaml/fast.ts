/**
 * A quicker reader for the YAML most manifests are written in: block
 * mappings and sequences, plain and quoted scalars on one line, flow
 * collections on one line, and literal block scalars (`|`, `|-`, `|+`).
 *
 * It gives exactly what documents.ts's js-yaml reading gives (the same
 * values, keys in the same order, and the line of every mapping and
 * sequence), or `undefined` for any document holding
 * anything else: tabs, carriage returns, anchors, aliases, tags, merge keys,
 * explicit keys, keys over 1,024 characters, folded or indented block
 * scalars, escapes in double quotes,
 * scalars over several lines, keys that are not strings, repeated keys,
 * comments inside flow collections, and every form of bad indentation.
 * Such a document is read by js-yaml, which also gives the errors. Plain
 * scalars resolve through the same function (scalars.ts) as there.
 * test/fastyaml.test.ts and test/fastyaml-random.test.ts read documents
 * both ways and compare.
 */
import type { Limits } from './documents.js';
import { NodeLines } from './nodelines.js';
import { ConversionError, jsonValue, resolvedPlain } from './scalars.js';

export interface FastDocument {
  readonly value: Record<string, unknown>;
  /** 0-based line within the text where each mapping and sequence starts. */
  readonly lines: NodeLines;
  /** 0-based line of the document's first content. */
  readonly first: number;
}

/** Thrown inside the reader where the document needs js-yaml; never escapes. */
class Decline {}
const DECLINE = new Decline();

/** Longest implicit key this reader takes, to its `:` (in UTF-16 units; yaml.v2 counts at most 1,024 characters): a longer one is js-yaml's, and the listener's to refuse. */
const MAX_KEY = 1024;

/** Deepest nesting this reader takes on; deeper documents go to js-yaml, which enforces the limit. */
const MAX_DEPTH = 64;

const SPACE = 32;
const HASH = 35;
const COLON = 58;
const DASH = 45;
const DQUOTE = 34;
const SQUOTE = 39;
const QUESTION = 63;

/** Characters that cannot start a plain scalar here (js-yaml's list, and `?` and `:`, which this reader leaves to it). */
const NOT_PLAIN = new Uint8Array(128);
for (const ch of ' #,[]{}&*!|>\'"%@`?:') NOT_PLAIN[ch.charCodeAt(0)] = 1;
/** Flow indicators: they end a plain scalar inside a flow collection. */
const FLOW = new Uint8Array(128);
for (const ch of ',[]{}') FLOW[ch.charCodeAt(0)] = 1;

/** Some character that is not printable ASCII or \n: only then need the text be looked at for what js-yaml refuses (YAML's non-printable characters). */
export const NOT_ASCII_TEXT = /[^\n\x20-\x7e]/;
/**
 * Whether a text that is not all printable ASCII holds only characters this
 * reader takes: none that js-yaml refuses (YAML's non-printable ones), no
 * tab or CR, no line break of yaml.v2's that js-yaml does not know (NEL,
 * LS, PS: documents.ts makes them \n for js-yaml, and lines are counted at
 * \n alone), no surrogate.
 */
function plainText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 ? c !== 10 : c >= 127 && (c <= 159 || (c >= 0xd800 && c <= 0xdfff) || c === 0x2028 || c === 0x2029 || c >= 0xfffe)) return false;
  }
  return true;
}

/** Plain keys met before, each taken as a key (see Reader.key). */
const KEYS = new Array<string | undefined>(2048);

/** A plain scalar's value, as the js-yaml schema of documents.ts gives it. */
function plainValue(text: string): unknown {
  const s = resolvedPlain(text);
  if (s === undefined) return text;
  try {
    return jsonValue(s, text);
  } catch (e) {
    if (e instanceof ConversionError) throw DECLINE;
    throw e;
  }
}

/** A plain key: only one that stays a string is taken here. */
function plainKey(text: string): string {
  if (text === '__proto__' || text === '<<' || resolvedPlain(text) !== undefined) throw DECLINE;
  return text;
}

class Reader {
  readonly lines = new NodeLines();
  /** Start, end (its `\n` or the text's end), 0-based number and indentation of the current line, which holds content. */
  private ls = 0;
  private line = 0;
  private le = 0;
  private ind = 0;
  private done = false;
  first = 0;
  private nodes = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly maxNodes: number,
  ) {}

  read(): Record<string, unknown> {
    if (!this.seek(0) || this.ind !== 0) throw DECLINE;
    this.first = this.line;
    const root = this.mapping(0, this.ls);
    if (!this.done) throw DECLINE;
    return root;
  }

  /** Moves to the first line at or after `from` (a line's start) that holds more than blanks and a comment. */
  private seek(from: number): boolean {
    const text = this.text;
    const len = text.length;
    // from is the start of the current line or of one after it
    let s = from;
    if (s >= len) {
      this.done = true;
      return false;
    }
    let line = this.line;
    for (let at = this.ls; at < s; at = text.indexOf('\n', at) + 1) line++;
    while (s < len) {
      let e = text.indexOf('\n', s);
      if (e < 0) e = len;
      let i = s;
      while (i < e && text.charCodeAt(i) === SPACE) i++;
      if (i < e && text.charCodeAt(i) !== HASH) {
        // document markers are kubectl's splitter's business and js-yaml's
        if (i === s && (text.startsWith('---', s) || text.startsWith('...', s))) throw DECLINE;
        this.ls = s;
        this.le = e;
        this.ind = i - s;
        this.line = line;
        return true;
      }
      s = e + 1;
      line++;
    }
    this.done = true;
    return false;
  }

  private next(): boolean {
    return this.seek(this.le + 1);
  }

  private count(): void {
    if (++this.nodes > this.maxNodes) throw DECLINE;
  }

  private isDash(p: number): boolean {
    return this.text.charCodeAt(p) === DASH && (p + 1 === this.le || this.text.charCodeAt(p + 1) === SPACE);
  }

  /** The `:` ending an implicit plain key that starts at p on this line, or -1. */
  private keyColon(p: number): number {
    const text = this.text;
    const le = this.le;
    // within the line only: a search past it would make a long list of entries without a colon quadratic;
    // a comment (` #`) before the colon leaves no key
    for (let i = p; i < le; i++) {
      const c = text.charCodeAt(i);
      if (c === COLON) {
        if (i + 1 === le || text.charCodeAt(i + 1) === SPACE) return i;
      } else if (c === HASH && i > p && text.charCodeAt(i - 1) === SPACE) {
        return -1;
      }
    }
    return -1;
  }

  /** The offset of the first ` #` (a comment) between p and end, or end. */
  private comment(p: number, end: number): number {
    const text = this.text;
    for (let j = p + 1; j < end; j++) if (text.charCodeAt(j) === HASH && text.charCodeAt(j - 1) === SPACE) return j - 1;
    return end;
  }

  /** Whether a plain scalar may start at p (`-` followed by a space or a flow indicator may not). */
  private plainStart(p: number, flow: boolean): boolean {
    const text = this.text;
    const c = text.charCodeAt(p);
    if (c < 128 && NOT_PLAIN[c] === 1) return false;
    if (c === DASH) {
      if (p + 1 >= this.le) return false;
      const d = text.charCodeAt(p + 1);
      if (d === SPACE || (flow && d < 128 && FLOW[d] === 1)) return false;
    }
    return true;
  }

  /** A quoted scalar starting at p, closed on this line: its value and the offset past it. */
  private quoted(p: number): [string, number] {
    const text = this.text;
    const le = this.le;
    this.count();
    if (text.charCodeAt(p) === DQUOTE) {
      const end = text.indexOf('"', p + 1);
      if (end < 0 || end >= le) throw DECLINE;
      const body = text.slice(p + 1, end);
      if (body.indexOf('\\') >= 0) throw DECLINE;
      return [body, end + 1];
    }
    let out = '';
    let from = p + 1;
    for (;;) {
      const q = text.indexOf("'", from);
      if (q < 0 || q >= le) throw DECLINE;
      if (text.charCodeAt(q + 1) === SQUOTE) {
        out += text.slice(from, q + 1);
        from = q + 2;
        continue;
      }
      return [out + text.slice(from, q), q + 1];
    }
  }

  /** Whether the text at p on this line is an implicit key followed by `:`. */
  private isKey(p: number): boolean {
    const text = this.text;
    const c = text.charCodeAt(p);
    if (c === DQUOTE || c === SQUOTE) {
      let i = this.quotedEnd(p);
      while (text.charCodeAt(i) === SPACE && i < this.le) i++;
      return i < this.le && text.charCodeAt(i) === COLON && (i + 1 === this.le || text.charCodeAt(i + 1) === SPACE);
    }
    return this.plainStart(p, false) && this.keyColon(p) >= 0;
  }

  /** The offset past a quoted scalar that closes on this line. */
  private quotedEnd(p: number): number {
    const text = this.text;
    const quote = text.charCodeAt(p);
    let i = p + 1;
    for (;;) {
      const q = text.indexOf(quote === DQUOTE ? '"' : "'", i);
      if (q < 0 || q >= this.le) throw DECLINE;
      if (quote === SQUOTE && text.charCodeAt(q + 1) === SQUOTE) {
        i = q + 2;
        continue;
      }
      return q + 1;
    }
  }

  /**
   * The plain key between p and k: the same keys come back in every
   * document, so the string made the first time, once taken as a key, is
   * kept in a small table (by a hash of its length and a few characters)
   * and given again where the text matches.
   */
  private key(p: number, k: number): string {
    const text = this.text;
    const len = k - p;
    if (len > 40) return plainKey(text.slice(p, k));
    const slot = (len * 61 + text.charCodeAt(p) * 31 + text.charCodeAt(k - 1) * 7 + text.charCodeAt(p + (len >> 1))) & (KEYS.length - 1);
    const known = KEYS[slot];
    if (known !== undefined && known.length === len && text.startsWith(known, p)) return known;
    const word = plainKey(text.slice(p, k));
    KEYS[slot] = word;
    return word;
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw DECLINE;
  }

  /** A block mapping whose keys stand at column n; the first key starts at p on the current line. */
  private mapping(n: number, p: number): Record<string, unknown> {
    const text = this.text;
    const obj: Record<string, unknown> = {};
    this.lines.set(obj, this.line);
    this.count();
    this.enter();
    for (;;) {
      let key: string;
      let after: number;
      const c = text.charCodeAt(p);
      if (c === DQUOTE || c === SQUOTE) {
        let i: number;
        [key, i] = this.quoted(p);
        i = this.skip(i);
        if (i >= this.le || text.charCodeAt(i) !== COLON || i - p > MAX_KEY) throw DECLINE;
        after = i + 1;
        if (after < this.le && text.charCodeAt(after) !== SPACE) throw DECLINE;
        if (key === '__proto__') throw DECLINE;
      } else {
        if (!this.plainStart(p, false)) throw DECLINE;
        const colon = this.keyColon(p);
        if (colon < 0 || colon - p > MAX_KEY) throw DECLINE;
        let k = colon;
        while (text.charCodeAt(k - 1) === SPACE) k--;
        key = this.key(p, k);
        this.count();
        after = colon + 1;
      }
      // a value is never undefined: only a key met before, or one of Object.prototype's, reads as something
      if (obj[key] !== undefined && Object.hasOwn(obj, key)) throw DECLINE;
      obj[key] = this.value(n, after, true);
      if (this.done || this.ind < n) break;
      if (this.ind > n) throw DECLINE;
      p = this.ls + n;
    }
    this.depth--;
    return obj;
  }

  /** A block sequence whose dashes stand at column n; the first at p on the current line. */
  private sequence(n: number, p: number): unknown[] {
    const text = this.text;
    const arr: unknown[] = [];
    this.lines.set(arr, this.line);
    this.count();
    this.enter();
    for (;;) {
      const after = p + 1;
      const q = this.skip(after);
      if (q === this.le || text.charCodeAt(q) === HASH) arr.push(this.value(n, after, false));
      else if (this.isDash(q)) throw DECLINE;
      else if (this.isKey(q)) arr.push(this.mapping(q - this.ls, q));
      else arr.push(this.inline(n, q));
      if (this.done || this.ind < n) break;
      if (this.ind > n) throw DECLINE;
      p = this.ls + n;
      if (!this.isDash(p)) break;
    }
    this.depth--;
    return arr;
  }

  /**
   * The value after a key's `:` or a sequence's `-` (at i, on the current
   * line) of a collection at column n. Leaves the reader at the next line
   * with content.
   */
  private value(n: number, i: number, inMapping: boolean): unknown {
    const text = this.text;
    const p = this.skip(i);
    if (p < this.le && text.charCodeAt(p) !== HASH) return this.inline(n, p);
    this.count();
    if (!this.next()) return null;
    // an empty sequence entry is null, and a dash line less indented is an enclosing sequence's, as yaml.v2 reads it
    // (js-yaml takes it for the next entry of the same sequence: documents.ts writes such entries out for it)
    if (!inMapping && this.ind < n && this.isDash(this.ls + this.ind)) return null;
    if (this.ind > n) {
      const q = this.ls + this.ind;
      return this.isDash(q) ? this.sequence(this.ind, q) : this.mapping(this.ind, q);
    }
    // a mapping's value may be a sequence at the mapping's own column
    if (inMapping && this.ind === n && this.isDash(this.ls + n)) return this.sequence(n, this.ls + n);
    return null;
  }

  /** A node that starts at p on the current line and ends on it (a literal block scalar goes on). */
  private inline(n: number, p: number): unknown {
    const text = this.text;
    const c = text.charCodeAt(p);
    let value: unknown;
    let end: number;
    if (c === 91 || c === 123) {
      [value, end] = this.flow(p);
    } else if (c === DQUOTE || c === SQUOTE) {
      [value, end] = this.quoted(p);
    } else if (c === 124) {
      return this.literal(n, p);
    } else {
      if (!this.plainStart(p, false)) throw DECLINE;
      const e = this.comment(p, this.le);
      let k = e;
      while (text.charCodeAt(k - 1) === SPACE) k--;
      const s = text.slice(p, k);
      if (s.indexOf(': ') >= 0 || s.charCodeAt(s.length - 1) === COLON) throw DECLINE;
      this.count();
      value = plainValue(s);
      end = e;
    }
    const r = this.skip(end);
    if (r < this.le && (text.charCodeAt(r) !== HASH || r === end)) throw DECLINE;
    // more text indented past the collection: a scalar over several lines, or an error
    if (this.next() && this.ind > n) throw DECLINE;
    return value;
  }

  /** A flow collection that opens at p and closes on this line: its value and the offset past it. */
  private flow(p: number): [unknown, number] {
    this.count();
    this.enter();
    const out = this.text.charCodeAt(p) === 91 ? this.flowSequence(this.skip(p + 1)) : this.flowMapping(this.skip(p + 1));
    this.depth--;
    return out;
  }

  /** The offset of the first character at or after i on this line that is not a space. */
  private skip(i: number): number {
    while (i < this.le && this.text.charCodeAt(i) === SPACE) i++;
    return i;
  }

  /** A flow sequence's entries from i, past its `[`. */
  private flowSequence(i: number): [unknown[], number] {
    const arr: unknown[] = [];
    this.lines.set(arr, this.line);
    if (this.text.charCodeAt(i) === 93) return [arr, i + 1];
    for (;;) {
      let v: unknown;
      [v, i] = this.flowItem(i);
      i = this.skip(i);
      arr.push(v);
      const next = this.nextEntry(i, 93);
      if (next < 0) return [arr, i + 1];
      i = next;
    }
  }

  /** A flow mapping's entries from i, past its `{`. */
  private flowMapping(i: number): [Record<string, unknown>, number] {
    const text = this.text;
    const le = this.le;
    const obj: Record<string, unknown> = {};
    this.lines.set(obj, this.line);
    if (text.charCodeAt(i) === 125) return [obj, i + 1];
    for (;;) {
      let key: string;
      const at = i;
      const c = text.charCodeAt(i);
      if (c === DQUOTE || c === SQUOTE) {
        [key, i] = this.quoted(i);
        if (key === '__proto__') throw DECLINE;
      } else {
        if (i >= le || !this.plainStart(i, true)) throw DECLINE;
        const e = this.flowPlainEnd(i);
        let k = e;
        while (text.charCodeAt(k - 1) === SPACE) k--;
        key = plainKey(text.slice(i, k));
        this.count();
        i = e;
      }
      i = this.skip(i);
      if (i >= le || text.charCodeAt(i) !== COLON || text.charCodeAt(i + 1) !== SPACE || i - at > MAX_KEY) throw DECLINE;
      i = this.skip(i + 1);
      const d = text.charCodeAt(i);
      if (i >= le || d === 44 || d === 125) throw DECLINE;
      let v: unknown;
      [v, i] = this.flowItem(i);
      if (obj[key] !== undefined && Object.hasOwn(obj, key)) throw DECLINE;
      obj[key] = v;
      i = this.skip(i);
      const next = this.nextEntry(i, 125);
      if (next < 0) return [obj, i + 1];
      i = next;
    }
  }

  /** Past an entry of a flow collection, at i: where the next entry starts, or -1 where `close` ends the collection (a trailing comma is js-yaml's). */
  private nextEntry(i: number, close: number): number {
    const text = this.text;
    const le = this.le;
    const c = text.charCodeAt(i);
    if (i < le && c === close) return -1;
    if (i >= le || c !== 44) throw DECLINE;
    const j = this.skip(i + 1);
    if (j >= le || text.charCodeAt(j) === close) throw DECLINE;
    return j;
  }

  /**
   * Where a plain scalar inside a flow collection ends: at a flow indicator
   * or a `:` followed by a space or one. A `?` in it, where yaml.v2 ends the
   * scalar and js-yaml does not, is js-yaml's to report.
   */
  private flowPlainEnd(i: number): number {
    const text = this.text;
    const le = this.le;
    for (let j = i; j < le; j++) {
      const c = text.charCodeAt(j);
      if (c < 128 && FLOW[c] === 1) return j;
      if (c === QUESTION) throw DECLINE;
      if (c === COLON) {
        const d = text.charCodeAt(j + 1);
        if (j + 1 >= le || d === SPACE || (d < 128 && FLOW[d] === 1)) return j;
      } else if (c === HASH && text.charCodeAt(j - 1) === SPACE) {
        throw DECLINE;
      }
    }
    throw DECLINE;
  }

  private flowItem(i: number): [unknown, number] {
    const text = this.text;
    if (i >= this.le) throw DECLINE;
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) return this.flow(i);
    if (c === DQUOTE || c === SQUOTE) return this.quoted(i);
    if (!this.plainStart(i, true)) throw DECLINE;
    const e = this.flowPlainEnd(i);
    let k = e;
    while (text.charCodeAt(k - 1) === SPACE) k--;
    this.count();
    return [plainValue(text.slice(i, k)), e];
  }

  /** A literal block scalar whose `|` is at p, in a collection at column n: its lines are those indented past n. */
  private literal(n: number, p: number): string {
    const text = this.text;
    const len = text.length;
    this.count();
    let i = p + 1;
    let chomp = 0; // clip; -1 strip, 1 keep
    let c = text.charCodeAt(i);
    if (c === DASH || c === 43) {
      chomp = c === DASH ? -1 : 1;
      c = text.charCodeAt(++i);
    }
    if (i < this.le && c !== SPACE) throw DECLINE;
    const r = this.skip(i);
    if (r < this.le && text.charCodeAt(r) !== HASH) throw DECLINE;
    let textIndent = n + 1;
    let detected = false;
    let empty = 0;
    let read = false;
    const parts: string[] = [];
    let pos = this.le + 1;
    for (;;) {
      if (pos >= len) break;
      let e = text.indexOf('\n', pos);
      if (e < 0) e = len;
      let q = pos;
      while ((!detected || q - pos < textIndent) && q < e && text.charCodeAt(q) === SPACE) q++;
      if (!detected && q - pos > textIndent) textIndent = q - pos;
      if (q === e) {
        empty++;
        pos = e + 1;
        continue;
      }
      if (q - pos < textIndent) break;
      parts.push('\n'.repeat(read ? 1 + empty : empty), text.slice(q, e));
      read = true;
      detected = true;
      empty = 0;
      pos = e + 1;
    }
    // a block scalar with no content line is js-yaml's to read
    if (!read) throw DECLINE;
    if (chomp === 1) parts.push('\n'.repeat(1 + empty));
    else if (chomp === 0) parts.push('\n');
    // the reader goes on at the line that ended the scalar
    if (pos >= len) this.done = true;
    else if (!this.seek(pos)) this.done = true;
    if (!this.done && this.ind > n) throw DECLINE;
    return parts.join('');
  }
}

/**
 * Reads a document's text (BOM removed) if it is all of the forms this
 * reader takes on; undefined otherwise. `ascii`: whether the text is known
 * to hold printable ASCII and \n only.
 */
export function readFast(text: string, limits: Limits, ascii = !NOT_ASCII_TEXT.test(text)): FastDocument | undefined {
  if (!ascii && !plainText(text)) return undefined;
  if (limits.maxDepth < MAX_DEPTH) return undefined;
  const reader = new Reader(text, limits.maxDocumentNodes);
  try {
    const value = reader.read();
    return { value, lines: reader.lines, first: reader.first };
  } catch (e) {
    if (e === DECLINE) return undefined;
    throw e;
  }
}
