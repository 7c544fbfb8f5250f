/**
 * The quicker YAML reader (src/input/yaml/fast.ts) against js-yaml, on
 * generated documents: random trees of block mappings and sequences (a
 * root block mapping, nesting up to six levels) written out with random
 * choices of layout, meant to reach the forms the quicker reader takes on
 * in as many combinations as possible: indentation of one to four columns
 * per level, different between siblings; sequences under a key indented or
 * at the key's own column; compact mappings in sequence items; empty
 * values; nested sequences; flow collections on one line with odd spacing;
 * tricky plain scalars (numbers in every form, yaml.v2's words, `:`, `#`
 * and `-` inside), single- and double-quoted scalars and keys; literal
 * block scalars with each chomping indicator, blank, more-indented and
 * trailing lines and comments around them; comment-only and blank lines
 * anywhere, comments after values and trailing spaces. Some documents also
 * hold what the quicker reader declines (repeated keys, anchors, aliases,
 * tags, merge keys, scalars over several lines, folded scalars, escapes,
 * tabs, non-string keys, bad indentation): those only have to read the
 * same too.
 *
 * Each document is read by parseDocuments with and without the quicker
 * reader; values, lines, diagnostics and the line of every mapping and
 * sequence must agree. A share of the documents must be ones the quicker
 * reader accepts, or the test would only test js-yaml against itself.
 * The quicker reader takes about half of the generated texts. The first
 * differences found are printed with the text, the two readings, and a
 * shrunk text that still reads differently.
 * FASTYAML_RANDOM_CASES and FASTYAML_RANDOM_SEED change the number of
 * documents and the seed.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, parseDocuments, splitDocuments } from '../src/input/yaml/documents.js';
import type { ParseResult } from '../src/input/yaml/documents.js';
import { readFast } from '../src/input/yaml/fast.js';
import { Rng } from './reference/random.js';

const CASES = Number(process.env['FASTYAML_RANDOM_CASES'] ?? 4_000);
const SEED = Number(process.env['FASTYAML_RANDOM_SEED'] ?? 7);
/** Differences printed in full, the first few of them shrunk too; the rest are only counted. */
const SHOWN = 5;
const SHRUNK = 3;

// ---------------------------------------------------------------- comparison

/** A value written out exactly: key order, -0, NaN, Infinity, undefined and odd prototypes show. */
function exact(v: unknown): string {
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null || v === undefined || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(exact).join(',')}]`;
  if (typeof v === 'object') {
    const proto = Object.getPrototypeOf(v) === Object.prototype ? '' : '<proto>';
    const names = Object.getOwnPropertyNames(v);
    const hidden = names.length !== Object.keys(v).length ? '<hidden>' : '';
    return `${proto}${hidden}{${names.map((k) => `${JSON.stringify(k)}:${exact((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return `<${typeof v}>`;
}

/** Where two equal values' collections are given different lines: the first such, or undefined. */
function lineDifference(quick: ParseResult['documents'][number], full: ParseResult['documents'][number], a: unknown, b: unknown, path: string): string | undefined {
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return undefined;
  const la = quick.lineOf(a);
  const lb = full.lineOf(b);
  if (la !== lb) return `line of ${path || 'the root'} ${exact(a).slice(0, 60)}: quick ${la}, js-yaml ${lb}`;
  const ka = Object.keys(a);
  for (const k of ka) {
    const d = lineDifference(quick, full, (a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}/${k}`);
    if (d) return d;
  }
  return undefined;
}

/** How the two readings of a text differ, or undefined where they agree. */
function difference(text: string): string | undefined {
  let quick: ParseResult;
  let full: ParseResult;
  try {
    quick = parseDocuments(text, 'f.yaml', DEFAULT_LIMITS, true);
  } catch (e) {
    return `quick reading throws ${String(e)}`;
  }
  try {
    full = parseDocuments(text, 'f.yaml', DEFAULT_LIMITS, false);
  } catch (e) {
    return `js-yaml reading throws ${String(e)}`;
  }
  const a = quick.documents.map((d) => `${exact(d.value)} @${d.line}`).join('\n');
  const b = full.documents.map((d) => `${exact(d.value)} @${d.line}`).join('\n');
  if (a !== b) return `values:\n    quick:   ${a.slice(0, 600)}\n    js-yaml: ${b.slice(0, 600)}`;
  const da = JSON.stringify(quick.diagnostics);
  const db = JSON.stringify(full.diagnostics);
  if (da !== db) return `diagnostics:\n    quick:   ${da.slice(0, 600)}\n    js-yaml: ${db.slice(0, 600)}`;
  for (let i = 0; i < quick.documents.length; i++) {
    const d = lineDifference(quick.documents[i]!, full.documents[i]!, quick.documents[i]!.value, full.documents[i]!.value, '');
    if (d) return d;
  }
  return undefined;
}

/**
 * A smaller text that still reads differently: whole lines, then runs of
 * characters (halving their length down to one) taken out while the
 * difference stays, within a budget of readings so that a failing run
 * ends soon.
 */
function shrink(text: string): string {
  let best = text;
  let budget = 400;
  const differs = (t: string) => t !== best && --budget >= 0 && difference(t) !== undefined;
  for (let changed = true; changed && budget > 0; ) {
    changed = false;
    const lines = best.split('\n');
    for (let i = lines.length - 1; i >= 0 && budget > 0; i--) {
      const candidate = [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n');
      if (differs(candidate)) {
        best = candidate;
        lines.splice(i, 1);
        changed = true;
      }
    }
    for (let size = best.length >> 1; size >= 1 && budget > 0; size >>= 1) {
      for (let i = best.length - size; i >= 0 && budget > 0; i -= size) {
        const candidate = best.slice(0, i) + best.slice(i + size);
        if (differs(candidate)) {
          best = candidate;
          changed = true;
        }
      }
    }
  }
  return best;
}

// ---------------------------------------------------------------- vocabulary

/** Plain scalars for block values: each one a valid plain scalar on one line. */
const PLAIN = [
  // numbers in the forms yaml.v2 resolves, and near misses
  '0', '1', '42', '-1', '+1', '-0', '+0', '007', '017', '08', '09.5', '0x1F', '0x1f', '0X1F', '0o17', '0O17', '0b101', '0B11', '1_000', '1__000', '_1', '1_',
  '0x_1F', '0x1_F', '1e3', '1E3', '1e+3', '1e-3', '1.', '1.5', '.5', '-.5', '+.5', '1.5e3', '-1.5E-3', '0.1', '3.14159', '-0.0', '+0.0', '.5_0', '._5', '.1e1',
  '12:30', '1:2:3', '190:20:30', '2024-01-01', '2024-01-01T10:00:00Z', '2001-12-14 21:59:43.10 -5', '12345678901234567890', '9223372036854775807',
  '9223372036854775808', '-9223372036854775808', '-9223372036854775809', '18446744073709551615', '18446744073709551616', '0x7FFFFFFFFFFFFFFF',
  '0xFFFFFFFFFFFFFFFFF', '1e400', '1e308', '-1e400', '1,000', '0.0.1', '1.2.3.4', '10.0.0.0/8', '::1', 'fe80::1', '2001:db8::/32', '0x', '0o', '0b', '+', '.', '..',
  '80/TCP', '8080:80', '1Gi', '500m', '0.5Gi', '1 000', '1 # 2', '0x1F  ',
  // yaml.v2's words, and near misses
  'y', 'Y', 'n', 'N', 'yes', 'Yes', 'YES', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'OFF', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'null', 'Null',
  'NULL', '~', 'nULL', 'tRUE', 'yES', 'nil', 'none', 'None', 'NaN', 'nan', 'inf', 'Infinity', 't', 'f', 'o', 'O', 'yess', 'Nope', 'Offset', 'ONE', 'Trueish', '~x', '~~',
  // texts with characters YAML gives a meaning to elsewhere
  'http://x:80', 'http://x:80/path?q=1#frag', 'a:b', 'a::b', 'a:b:c', 'a#b', 'a# b', 'a#', '--flag', '--port=8080', '-v', '-1-', 'x -y', 'x - y', 'é', 'naïve',
  '日本語', 'a\u00a0b', 'a b', 'a  b', 'a,b', 'a[b]', 'a{b}', 'a]', 'a}', 'a"b', "a'b", 'a\\b', 'a\\', 'a|b', 'a>b', 'a&b', 'a*b', 'a!b', 'a%b', 'a@b', 'a`b',
  'a?b', 'a=b', '$VAR', '${VAR}', '/usr/bin', './x', 'C:\\x', 'key=value', 'a ? b', 'a | b', "it's", '=', '<<', '<', '__proto__', 'constructor', '.hidden', ';',
  'a :b', 'p :q', 'a - b', 'ends with dot.', 'x.y.z', 'image:tag', 'nginx:1.25', 'registry:5000/image:tag', 'x/y:z', 'x=:', '-.', '+.', '-_', '.-', '-[x]', '-{a}', '-,', '-#', 'x\u00a0', '\u00a0x', 'a\ufeffb', 'a\u3000b', 'a\u200bb', '\u2003',
];

/** Plain scalars the quicker reader leaves to js-yaml, or errors. */
const PLAIN_WILD = ['😀', 'a😀', '.inf', '-.inf', '+.inf', '.Inf', '.NaN', '.nan', '-.INF', '?x', ':x', '? x', 'a:', 'a: b', '-x: y', 'a #b', '-', '- x', '😀 \u2028', 'a\u0085b', '|x', '>x', '!x', '&x', '*x', '%x', '@x', '`x', '{x', '[x', '"x', "'x", '#x'];

/** Plain scalars that can stand inside a flow collection. */
const FLOW_PLAIN = PLAIN.filter((s) => !/[,[\]{}]/.test(s) && !/: | #/.test(s) && !s.endsWith(':') && s !== '-');

/** Plain keys that stay strings. */
const KEYS = [
  'a', 'b', 'c', 'd', 'name', 'kind', 'spec', 'metadata', 'x-y', 'a.b', 'a/b', 'a_b', 'key with spaces', 'é', '日本', 'a:b', 'http://x', '-x', '--flag', 'a#b', "a'b",
  'a"b', '1a', '0x', '0o', 'yess', 'Nope', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'app.kubernetes.io/name', 'x[0]', 'x{y}', 'x,y', 'a  b', 'k\u00a0',
  'ON_', '_', '"<<"', "'<<'", '\u00a0k', '\ufeffk', 'k\u3000', '1.2.3', '2024-01-01', '12:30', '1e400', 'nan', 'Infinity', 'Trueish', 'x=y', '$k', 'a b:c', 'a?', 'a!', 'a&', 'a*', 'a|', 'a>',
];

/** Plain keys that do not stay strings, or that the quicker reader leaves to js-yaml. */
const KEYS_WILD = [
  '😀', '80', 'true', 'null', '~', '1.5', 'y', 'no', 'On', '0x1F', '-1', '1e3', '.5', '-0.0', '-0', '007', '12345678901234567890', '.inf', '.nan', '__proto__', '?x', ':x', '---x',
  '...x', '&a', '*a', '!t', '%x', '@x', '`x', '|x', '>x', 'k\u0085', 'k\u2028x',
];

/** Pieces of quoted scalars. */
const QUOTED_PIECES = ['a', 'b', ' ', '  ', ':', ': ', '#', ' #', ' # x', '-', '- ', 'é', '日本', '80', 'true', 'null', '~', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '%', '@', '`', '?', 'x y', '0x1F', '\u00a0'];

const ESCAPES = ['\\n', '\\"', '\\\\', '\\t', '\\u00e9', '\\x41', '\\/', '\\ ', '\\0', '\\U0001F600', '\\q', '\\'];

const LITERAL_TEXT = [
  'text', 'two words', '# not a comment', 'key: value', '- item', '"quoted"', "'single'", '{a: b}', '[x, y]', '|', '>', '---', '...', 'é', '&a *b !t', 'trailing   ',
  'a:b', 'x #y', '  more', '0x1F', 'true', '%x', '@x',
];

const COMMENTS = ['# c', '#', '# a: b', '# - x', '#|', "# '", '# "', '# {', '#: x', '#  spaced   '];

// ---------------------------------------------------------------- generator

class Generator {
  readonly lines: string[] = [];
  private readonly anchors: string[] = [];
  private readonly maxLines: number;

  /** `wild`: the chance of each construct the quicker reader declines, where one may stand. */
  constructor(
    private readonly rng: Rng,
    private readonly wild: number,
  ) {
    this.maxLines = rng.int(4, 90);
  }

  private chance(p: number): boolean {
    return this.rng.chance(p);
  }

  private full(): boolean {
    return this.lines.length >= this.maxLines;
  }

  private sp(n: number): string {
    return ' '.repeat(Math.max(0, n));
  }

  document(): string {
    const root = this.wild > 0 && this.chance(0.03) ? this.rng.int(1, 2) : 0;
    this.filler(0, 0.3);
    this.mapping(root, 0, undefined, this.rng.int(1, 6));
    this.filler(0, 0.3);
    let text = this.lines.join('\n');
    text += this.rng.pick(['\n', '\n', '\n', '\n', '', '\n\n', '\n  \n', '\n# end\n', '\n# end']);
    return text;
  }

  /** Blank and comment-only lines, often none. */
  private filler(col: number, p = 0.1): void {
    while (this.chance(p)) {
      switch (this.rng.int(0, 3)) {
        case 0:
          this.lines.push('');
          break;
        case 1:
          this.lines.push(this.sp(this.rng.int(1, col + 5)));
          break;
        default:
          this.lines.push(this.sp(this.rng.int(0, col + 4)) + this.rng.pick(COMMENTS));
      }
    }
  }

  /** What may follow a value on its line: trailing spaces or a comment, mostly nothing. */
  private tail(): string {
    const r = this.rng.next();
    if (r < 0.68) return '';
    if (r < 0.8) return this.sp(this.rng.int(1, 3));
    if (r < 0.97 || this.wild === 0) return this.sp(this.rng.int(1, 3)) + this.rng.pick(COMMENTS) + (this.chance(0.2) ? ' ' : '');
    return this.rng.pick(['#c', '\t', '\t# c', ' x']);
  }

  /** What may follow a `key:` or `-` with nothing after it on its line. */
  private emptyTail(): string {
    const r = this.rng.next();
    if (r < 0.65) return '';
    if (r < 0.8) return this.sp(this.rng.int(1, 3));
    return this.sp(this.rng.int(1, 3)) + this.rng.pick(COMMENTS);
  }

  private quotedText(single: boolean): string {
    let s = '';
    const n = this.rng.int(0, 5);
    for (let i = 0; i < n; i++) {
      const r = this.rng.next();
      if (single) s += r < 0.12 ? "''" : r < 0.18 ? '"' : r < 0.22 ? '\\' : this.rng.pick(QUOTED_PIECES);
      else if (r < 0.1 && this.wild > 0) s += this.chance(0.5) ? this.rng.pick(ESCAPES) : "'";
      else s += r < 0.15 ? "'" : this.rng.pick(QUOTED_PIECES);
    }
    return single ? `'${s}'` : `"${s}"`;
  }

  private longText(): string {
    const words = ['alpha', 'beta', 'x:y', 'a#b', 'é', '10', 'true', '-', '--x', 'http://h:1/p', 'the', 'of', '日本', '"q"', "'s'"];
    const parts: string[] = ['long'];
    const n = this.rng.int(10, 60);
    for (let i = 0; i < n; i++) parts.push(this.rng.pick(words));
    return parts.join(' ');
  }

  /** A scalar on one line, for block context. */
  private scalar(): string {
    if (this.chance(this.wild)) return this.rng.pick(PLAIN_WILD);
    const r = this.rng.next();
    if (r < 0.58) return this.rng.pick(PLAIN);
    if (r < 0.77) return this.quotedText(true);
    if (r < 0.96) return this.quotedText(false);
    return this.longText();
  }

  private flowScalar(): string {
    const r = this.rng.next();
    if (r < 0.65) return this.rng.pick(FLOW_PLAIN);
    return this.quotedText(r < 0.82);
  }

  private flowKey(): string {
    if (this.chance(this.wild)) return this.rng.pick(KEYS_WILD);
    const r = this.rng.next();
    if (r < 0.7) return this.rng.pick(KEYS.filter((k) => !/[,[\]{}]/.test(k)));
    return this.quotedText(r < 0.85);
  }

  /** A flow collection on one line. */
  private flow(depth: number): string {
    const s = () => this.sp(this.rng.next() < 0.6 ? 0 : this.rng.int(1, 2));
    const comma = () => `${this.chance(0.8) ? '' : ' '},${this.chance(0.25) ? '' : this.sp(this.rng.int(1, 2))}`;
    const item = (): string => (depth < 3 && this.chance(0.2) ? this.flow(depth + 1) : this.flowScalar());
    const n = this.chance(0.15) ? 0 : this.rng.int(1, 4);
    const trailing = this.chance(this.wild) ? ',' : '';
    if (this.chance(0.5)) {
      const items = Array.from({ length: n }, item);
      return `[${s()}${items.join(comma())}${trailing}${s()}]`;
    }
    const keys = new Set<string>();
    const entries: string[] = [];
    for (let i = 0; i < n; i++) {
      let k = this.flowKey();
      if (keys.has(k) && !this.chance(this.wild)) continue;
      keys.add(k);
      if (this.chance(this.wild)) k = this.rng.pick([`${k}:${item()}`, k, `? ${k}: ${item()}`, `${k}: # c`]);
      else k = `${k}${this.chance(0.1) ? ' ' : ''}:${this.sp(this.rng.int(1, 2))}${item()}`;
      entries.push(k);
    }
    return `{${s()}${entries.join(comma())}${trailing}${s()}}`;
  }

  /** A key's text: its value is not one of `keys` but for a repeated key now and then. */
  private key(keys: Set<string>): string {
    for (;;) {
      let text: string;
      let value: string;
      const r = this.rng.next();
      if (this.chance(this.wild)) {
        text = this.rng.pick(KEYS_WILD);
        if (this.chance(0.3)) text = `"${text}"`;
        value = text;
      } else if (r < 0.75) {
        text = this.rng.pick(KEYS);
        value = text;
        if (this.chance(0.05)) text += this.sp(this.rng.int(1, 2));
      } else if (r < 0.76) {
        // a long key: js-yaml takes implicit keys over 1024 characters
        text = `'${this.longText().replaceAll("'", "''")}${'k'.repeat(this.rng.int(0, 1100))}'`;
        value = text.slice(1, -1).replaceAll("''", "'");
      } else {
        const single = r < 0.87;
        text = this.quotedText(single);
        value = single ? text.slice(1, -1).replaceAll("''", "'") : text.slice(1, -1);
        if (this.chance(0.15)) text += this.sp(this.rng.int(1, 2));
      }
      if (keys.has(value) && !this.chance(this.wild * 3)) continue;
      keys.add(value);
      return text;
    }
  }

  /** A block mapping with its keys at column `col`; `first` replaces the first line's indentation (a compact mapping after a dash). */
  private mapping(col: number, depth: number, first: string | undefined, count: number): void {
    const keys = new Set<string>();
    for (let i = 0; i < count; i++) {
      const prefix = this.entryPrefix(i, col, first);
      if (this.chance(this.wild / 3)) {
        this.special(prefix, col, depth);
        continue;
      }
      if (this.chance(this.wild / 4)) {
        this.lines.push(`${prefix}<<: ${this.chance(0.5) && this.anchors.length > 0 ? `*${this.rng.pick(this.anchors)}` : this.flow(1)}`);
        continue;
      }
      this.value(`${prefix}${this.key(keys)}:`, col, depth, true);
    }
  }

  /** A block sequence with its dashes at column `col`. */
  private sequence(col: number, depth: number, first: string | undefined, count: number): void {
    for (let i = 0; i < count; i++) this.value(`${this.entryPrefix(i, col, first)}-`, col, depth, false);
  }

  /** What the i-th entry of a collection at column `col` starts with: `first` for the first where given, else its indentation, after blank and comment lines, now and then at the wrong column. */
  private entryPrefix(i: number, col: number, first: string | undefined): string {
    if (i === 0 && first !== undefined) return first;
    this.filler(col);
    if (i > 0 && this.chance(this.wild / 2)) return this.sp(col + this.rng.pick([-2, -1, 1, 2]));
    return this.sp(col);
  }

  /** An entry of a mapping at column `col` (its line starting with `prefix`) holding a construct the quicker reader declines. */
  private special(prefix: string, col: number, depth: number): void {
    const w = this.rng.int(1, 4);
    const head = `${prefix}${this.rng.pick(KEYS)}:`;
    switch (this.rng.int(0, 11)) {
      case 0: {
        const name = `a${this.anchors.length}`;
        this.anchors.push(name);
        if (this.chance(0.5) || depth >= 5) this.lines.push(`${head} &${name} ${this.scalar()}`);
        else {
          this.lines.push(`${head} &${name}`);
          this.mapping(col + w, depth + 1, undefined, this.rng.int(1, 3));
        }
        break;
      }
      case 1:
        this.lines.push(`${head} *${this.anchors.length > 0 && this.chance(0.9) ? this.rng.pick(this.anchors) : 'nowhere'}`);
        break;
      case 2:
        this.lines.push(`${head} ${this.rng.pick(['!!str', '!!int', '!!float', '!!bool', '!!null', '!foo', '!!map', '!!seq', '!!binary', '!!timestamp'])} ${this.scalar()}`);
        break;
      case 3:
        this.lines.push(`${head} first`, `${this.sp(col + w)}second${this.tail()}`);
        break;
      case 4:
        this.lines.push(`${head} "first`, `${this.sp(col + w)}second"`);
        break;
      case 5:
        this.literal(`${head} `, col, this.rng.pick(['>', '>-', '>+', '|2', '|-1', '|+2', '|x', '>1']));
        break;
      case 6:
        this.lines.push(`${prefix}? ${this.rng.pick(KEYS)}`, `${this.sp(col)}: ${this.scalar()}`);
        break;
      case 7:
        this.lines.push(`${head}${this.rng.pick(['\t', ' \t', '\t '])}${this.scalar()}`);
        break;
      case 8:
        this.lines.push(head, `${this.sp(col + w)}${this.rng.pick(PLAIN)}`);
        break;
      case 9:
        this.lines.push(`${head} [a, b`, `${this.sp(col + w)}c]`);
        break;
      case 10:
        this.lines.push(this.rng.pick(['---', '...', '--- # c', '--- x']));
        break;
      default:
        this.lines.push(`${head} ${this.flow(1)}${this.rng.pick([' x', '#c', ' [y]', ''])}`);
    }
  }

  /** A literal block scalar after `head` (`key: ` or `- `), in a collection at column `col`. */
  private literal(head: string, col: number, indicator?: string): void {
    const header = indicator ?? this.rng.pick(['|', '|-', '|+']);
    this.lines.push(head + header + this.rng.pick(['', '', '', ' ', '  ', ' # c', '  #', ' # - x']));
    const c = col + (this.chance(0.02 + this.wild / 2) ? this.rng.int(-1, 0) : this.rng.int(1, 4));
    if (this.chance(0.2)) {
      for (let i = this.rng.int(1, 2); i > 0; i--) this.lines.push(this.chance(0.5) ? '' : this.sp(this.rng.int(1, c + (this.chance(0.2) ? 2 : 0))));
    }
    const n = this.rng.int(1, 4);
    for (let i = 0; i < n; i++) {
      const more = i > 0 && this.chance(0.2) ? this.rng.int(1, 3) : 0;
      this.lines.push(this.sp(c + more) + (i === 0 && this.chance(0.9) ? this.rng.pick(LITERAL_TEXT).trimStart() : this.rng.pick(LITERAL_TEXT)) + (this.chance(0.15) ? this.sp(this.rng.int(1, 2)) : ''));
      if (i < n - 1 && this.chance(0.2)) this.lines.push(this.chance(0.5) ? '' : this.sp(this.rng.int(1, c + 3)));
      if (i < n - 1 && this.chance(0.05)) this.lines.push(this.sp(this.rng.int(c, c + 2)) + this.rng.pick(COMMENTS));
      if (i < n - 1 && this.chance(0.01)) this.lines.push(this.sp(this.rng.int(0, c - 1)) + this.rng.pick(COMMENTS));
    }
    if (this.chance(0.4)) {
      for (let i = this.rng.int(1, 3); i > 0; i--) this.lines.push(this.chance(0.5) ? '' : this.sp(this.rng.int(1, c + 3)));
    }
    if (this.chance(0.2)) {
      for (let i = this.rng.int(1, 2); i > 0; i--) this.lines.push(this.sp(this.rng.int(0, c + 1)) + this.rng.pick(COMMENTS));
    }
  }

  /**
   * The value after `head` (a line ending in `key:` or `-`) of a mapping
   * (`inMapping`) or sequence at column `col`.
   */
  private value(head: string, col: number, depth: number, inMapping: boolean): void {
    const w = () => this.rng.int(1, 4);
    const deeper = depth < 6 && !this.full();
    const r = this.rng.next() * (deeper ? 100 : 55);
    if (r < 30) {
      this.lines.push(`${head}${this.sp(this.chance(this.wild) ? 0 : this.rng.int(1, 3))}${this.scalar()}${this.tail()}`);
    } else if (r < 40) {
      this.lines.push(`${head}${this.sp(this.rng.int(1, 2))}${this.flow(0)}${this.tail()}`);
    } else if (r < 47) {
      this.lines.push(head + this.emptyTail());
    } else if (r < 55) {
      this.literal(head + this.sp(this.rng.int(1, 2)), col);
    } else if (r < 78) {
      // a mapping: on the next lines, or after the dash
      const count = this.rng.int(1, 4);
      if (!inMapping && this.chance(0.6)) {
        const s = this.rng.int(1, 3);
        this.mapping(col + 1 + s, depth + 1, `${head}${this.sp(s)}`, count);
      } else {
        this.lines.push(head + this.emptyTail());
        this.filler(col);
        this.mapping(col + w(), depth + 1, undefined, count);
      }
    } else {
      // a sequence: at the key's column or indented, or after the dash
      const count = this.rng.int(1, 4);
      if (!inMapping && this.chance(0.12)) {
        const s = this.rng.int(1, 3);
        this.sequence(col + 1 + s, depth + 1, `${head}${this.sp(s)}`, count);
      } else {
        this.lines.push(head + this.emptyTail());
        this.filler(col);
        this.sequence(col + (inMapping && this.chance(0.5) ? 0 : w()), depth + 1, undefined, count);
      }
    }
  }
}

/**
 * A generated text: mostly one document, which in over half of the texts
 * holds nothing the quicker reader declines on purpose; now and then
 * several documents, CRLF line ends or a BOM, which parseDocuments deals
 * with before either reader.
 */
function generate(rng: Rng): string {
  const one = () => new Generator(rng, rng.chance(0.55) ? 0 : rng.pick([0.01, 0.03, 0.08, 0.2])).document();
  let text = rng.chance(0.03) ? `${rng.pick(['---', '--- # c', '# c\n---'])}\n${one()}` : one();
  while (rng.chance(0.06)) text += `${text.endsWith('\n') ? '' : '\n'}${rng.pick(['---', '--- ', '--- # c', '---\n# c', '---\n# only a comment\n---', '---\n\n---'])}\n${one()}`;
  if (rng.chance(0.03)) text = text.replace(/\n/g, '\r\n');
  if (rng.chance(0.02)) text = `\ufeff${text}`;
  return text;
}

/** Whether the quicker reader takes every document of a text, as parseDocuments gives them to it. */
function acceptedByQuickReader(text: string): boolean {
  const body = (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).replace(/\r\n/g, '\n');
  return splitDocuments(body).every((d) => readFast(d.text, DEFAULT_LIMITS) !== undefined);
}

describe('the quicker YAML reader on generated block YAML', () => {
  it(`${CASES} generated documents read as js-yaml reads them`, { timeout: Math.max(60_000, CASES * 10) }, () => {
    const rng = new Rng(SEED);
    let accepted = 0;
    let differing = 0;
    const shown: string[] = [];
    for (let c = 0; c < CASES; c++) {
      const text = generate(rng);
      if (acceptedByQuickReader(text)) accepted++;
      const d = difference(text);
      if (!d) continue;
      differing++;
      if (shown.length < SHOWN) {
        const small = shown.length < SHRUNK ? shrink(text) : text;
        shown.push(`case ${c} (seed ${SEED}): ${JSON.stringify(text)}\n  ${d}${small === text ? '' : `\n  shrunk: ${JSON.stringify(small)}\n  ${difference(small)}`}`);
      }
    }
    if (process.env['FASTYAML_RANDOM_CASES']) console.log(`seed ${SEED}: ${CASES} documents, ${accepted} accepted by the quicker reader, ${differing} read differently`);
    expect(differing, `${differing} of ${CASES} documents read differently; the first ones:\n\n${shown.join('\n\n')}\n`).toBe(0);
    // the test means something only where the quicker reader takes many of the documents
    expect(accepted / CASES).toBeGreaterThan(0.4);
  });
});
