/**
 * JMESPath (jmespath.org/specification.html), the query language of
 * Kyverno's variables: the whole grammar (paths, indexes, slices,
 * projections, filters, pipes, multi-selects, literals, functions) and the
 * functions generate rules use. A function of Kyverno's that is not
 * implemented here raises Unsupported, so that a rule needing it is
 * reported and not expanded; an unknown one is a syntax error, as Kyverno
 * rejects it. So is an expression beyond the bounds below, which hostile
 * input could otherwise use to exhaust the stack.
 */
import { shown } from '../../model/objects.js';
import { DEFAULT_LIMITS } from '../../input/yaml/documents.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A malformed expression, or an unknown function: Kyverno rejects the policy. */
export class JmesPathError extends Error {}

/** What Kyverno evaluates and reachdiff does not: a function it lacks, or an expression beyond its bounds. */
export class Unsupported extends Error {}

/** Go's strconv.ParseFloat syntax without underscores: decimal, or hexadecimal with a binary exponent. */
const GO_DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const GO_HEX = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/;

/**
 * A string as go-jmespath's to_number reads it (strconv.ParseFloat, 64
 * bits): a decimal or hexadecimal float, no spaces around it; null for
 * anything else, and for a value past float64's range (ParseFloat's range
 * error). Infinity and NaN, which ParseFloat gives and JSON cannot hold,
 * are not evaluated.
 */
function parseGoFloat(text: string, name: string): number | null {
  if (/^[+-]?(inf|infinity|nan)$/i.test(text)) throw new Unsupported(`${name}() of "${text}" gives an infinity or NaN, which reachdiff does not evaluate`);
  let value: number;
  if (GO_DECIMAL.test(text)) value = Number(text);
  else {
    const m = GO_HEX.exec(text);
    if (!m || m[2]! + (m[3] ?? '') === '') return null;
    const digits = m[2]! + (m[3] ?? '');
    value = (m[1] === '-' ? -1 : 1) * Number.parseInt(digits, 16) * 2 ** (Number(m[4]) - 4 * (m[3] ?? '').length);
  }
  return Number.isFinite(value) ? value : null;
}

/**
 * Go's strings.ToUpper and ToLower: each character mapped alone, by its
 * simple case mapping, where JavaScript's use the full one (ß is not SS,
 * ﬁ not FI, and a final Σ is σ as any other).
 */
function simpleCase(text: string, to: 'upper' | 'lower'): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return to === 'upper' ? text.toUpperCase() : text.toLowerCase();
  let out = '';
  for (const ch of text) {
    const mapped = to === 'upper' ? ch.toUpperCase() : ch.toLowerCase();
    // more than one character: a full mapping; the simple one keeps the character, but for İ, whose simple lower case is i
    out += [...mapped].length === 1 ? mapped : to === 'lower' ? [...mapped][0]! : ch;
  }
  return out;
}

/**
 * Deepest an expression may nest. Parsing and evaluating recurse once a
 * level, and every parenthesis, operator and link of a chain (a.b.c,
 * x | f(@)) is one; real expressions nest a few levels.
 */
const MAX_NESTING = 100;

/** Deepest a value may nest: twice a document of the manifests (the reader's bound), so that what expressions build on one fits. */
const MAX_VALUE_DEPTH = 2 * DEFAULT_LIMITS.maxDepth;

/**
 * Longest a value may be written out, in characters: more than any object
 * the API server stores (etcd takes requests of 1.5 MiB). Doubling a string
 * twenty times, or a list that holds itself twice, would otherwise take
 * all the memory there is.
 */
export const MAX_VALUE_SIZE = 2 * 1024 * 1024;

/**
 * Most steps one evaluation takes, a tenth of a second or so: a step is a
 * node evaluated, an element of a list or a key of a mapping a function
 * reads or makes, or CHARACTERS_A_STEP characters of a string or of values
 * compared. Real expressions take tens. Filters and projections within each
 * other multiply: thirty filters over a pair, one within the other, would
 * take a billion.
 */
const MAX_STEPS = 2_000_000;

/** Characters that count as one step: copying or comparing them costs about what evaluating a node does. */
const CHARACTERS_A_STEP = 16;

export type Node =
  | { t: 'field'; name: string }
  | { t: 'sub'; left: Node; right: Node }
  | { t: 'index'; index: number }
  | { t: 'slice'; start: number | null; stop: number | null; step: number | null }
  | { t: 'indexExpr'; left: Node; right: Node }
  | { t: 'project'; left: Node; right: Node }
  | { t: 'valueProject'; left: Node; right: Node }
  | { t: 'filterProject'; left: Node; right: Node; cond: Node }
  | { t: 'flatten'; child: Node }
  | { t: 'current' }
  | { t: 'literal'; value: Json }
  | { t: 'or' | 'and' | 'pipe'; left: Node; right: Node }
  | { t: 'not'; child: Node }
  | { t: 'cmp'; op: string; left: Node; right: Node }
  | { t: 'list'; items: Node[] }
  | { t: 'hash'; pairs: Array<{ key: string; value: Node }> }
  | { t: 'call'; name: string; args: Node[] }
  | { t: 'expref'; child: Node };

interface Token {
  readonly type: string;
  readonly value?: Json;
  readonly pos: number;
}

const BP: Record<string, number> = {
  eof: 0,
  id: 0,
  qid: 0,
  literal: 0,
  ']': 0,
  ')': 0,
  ',': 0,
  '}': 0,
  number: 0,
  '@': 0,
  '&': 0,
  ':': 0,
  '|': 1,
  '||': 2,
  '&&': 3,
  '==': 5,
  '!=': 5,
  '<': 5,
  '<=': 5,
  '>': 5,
  '>=': 5,
  '[]': 9,
  '*': 20,
  '[?': 21,
  '.': 40,
  '!': 45,
  '{': 50,
  '[': 55,
  '(': 60,
};

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const fail = (what: string): never => {
    throw new JmesPathError(`${what} at position ${i} of "${text}"`);
  };
  while (i < text.length) {
    const c = text[i]!;
    const start = i;
    if (/\s/.test(c)) {
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      while (i < text.length && /[A-Za-z0-9_]/.test(text[i]!)) i++;
      out.push({ type: 'id', value: text.slice(start, i), pos: start });
    } else if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      if (i >= text.length) fail('unterminated quoted identifier');
      i++;
      let name: string;
      try {
        // JSON's escapes, as the specification's; a control character must be escaped too
        name = JSON.parse(text.slice(start, i)) as string;
      } catch {
        i = start;
        return fail('a quoted identifier with a bad escape or an unescaped control character');
      }
      out.push({ type: 'qid', value: name, pos: start });
    } else if (c === "'") {
      i++;
      let s = '';
      while (i < text.length && text[i] !== "'") {
        if (text[i] === '\\' && text[i + 1] === "'") {
          s += "'";
          i += 2;
        } else s += text[i++];
      }
      if (i >= text.length) fail('unterminated raw string');
      i++;
      out.push({ type: 'literal', value: s, pos: start });
    } else if (c === '`') {
      i++;
      let s = '';
      while (i < text.length && text[i] !== '`') {
        if (text[i] === '\\' && text[i + 1] === '`') {
          s += '`';
          i += 2;
        } else s += text[i++];
      }
      if (i >= text.length) fail('unterminated literal');
      i++;
      let value: Json;
      try {
        value = JSON.parse(s) as Json;
      } catch {
        // the specification's deprecated form: an unquoted string literal
        value = s.trim();
      }
      if (extentOf(value).depth > MAX_VALUE_DEPTH) tooDeep(`the literal at position ${start} of "${excerpt(text)}"`, MAX_VALUE_DEPTH);
      out.push({ type: 'literal', value, pos: start });
    } else if (/[0-9-]/.test(c)) {
      i++;
      while (i < text.length && /[0-9]/.test(text[i]!)) i++;
      if (text.slice(start, i) === '-') fail('a lone "-"');
      out.push({ type: 'number', value: Number(text.slice(start, i)), pos: start });
    } else if (c === '[') {
      if (text[i + 1] === ']') {
        out.push({ type: '[]', pos: start });
        i += 2;
      } else if (text[i + 1] === '?') {
        out.push({ type: '[?', pos: start });
        i += 2;
      } else {
        out.push({ type: '[', pos: start });
        i++;
      }
    } else {
      const two = text.slice(i, i + 2);
      if (['||', '&&', '==', '!=', '<=', '>='].includes(two)) {
        out.push({ type: two, pos: start });
        i += 2;
      } else if ('.*]{}(),:@&|!<>'.includes(c)) {
        out.push({ type: c, pos: start });
        i++;
      } else if (c === '=') {
        fail('a single "=" (comparisons are written ==)');
      } else {
        fail(`unexpected character "${c}"`);
      }
    }
  }
  out.push({ type: 'eof', pos: text.length });
  return out;
}

class Parser {
  private pos = 0;
  /** How many expressions are being parsed, one within the other. */
  private depth = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly text: string,
  ) {}

  private peek(k = 0): Token {
    return this.tokens[Math.min(this.pos + k, this.tokens.length - 1)]!;
  }

  private next(): Token {
    return this.tokens[this.pos++]!;
  }

  private fail(t: Token, what = `unexpected "${shown(t.value ?? t.type)}"`): never {
    throw new JmesPathError(`${what} at position ${t.pos} of "${this.text}"`);
  }

  private expect(type: string): Token {
    const t = this.next();
    if (t.type !== type) this.fail(t, `expected "${type}", found "${shown(t.value ?? t.type)}"`);
    return t;
  }

  parse(): Node {
    const n = this.expression(0);
    if (this.peek().type !== 'eof') this.fail(this.peek());
    return n;
  }

  private expression(rbp: number): Node {
    // every recursion of the parser passes here
    if (++this.depth > MAX_NESTING) tooDeep(`the expression "${excerpt(this.text)}"`, MAX_NESTING);
    let left = this.nud(this.next());
    while (rbp < (BP[this.peek().type] ?? 0)) left = this.led(this.next(), left);
    this.depth--;
    return left;
  }

  private nud(t: Token): Node {
    switch (t.type) {
      case 'literal':
        return { t: 'literal', value: t.value! };
      case 'id':
        return { t: 'field', name: t.value as string };
      case 'qid':
        if (this.peek().type === '(') this.fail(t, 'a quoted identifier cannot name a function');
        return { t: 'field', name: t.value as string };
      case '!':
        return { t: 'not', child: this.expression(BP['!']!) };
      case '*':
        return { t: 'valueProject', left: { t: 'current' }, right: this.peek().type === ']' ? { t: 'current' } : this.projectionRhs(BP['*']!) };
      case '[?':
        return this.led(t, { t: 'current' });
      case '{':
        return this.hash();
      case '[]':
        return { t: 'project', left: { t: 'flatten', child: { t: 'current' } }, right: this.projectionRhs(BP['[]']!) };
      case '[': {
        const k = this.peek().type;
        if (k === 'number' || k === ':') return this.projectIfSlice({ t: 'current' }, this.indexExpression());
        if (k === '*' && this.peek(1).type === ']') {
          this.pos += 2;
          return { t: 'project', left: { t: 'current' }, right: this.projectionRhs(BP['*']!) };
        }
        return this.list();
      }
      case '@':
        return { t: 'current' };
      case '&':
        return { t: 'expref', child: this.expression(BP['&']!) };
      case '(': {
        const e = this.expression(0);
        this.expect(')');
        return e;
      }
      default:
        return this.fail(t);
    }
  }

  private led(t: Token, left: Node): Node {
    switch (t.type) {
      case '.':
        if (this.peek().type === '*') {
          this.next();
          return { t: 'valueProject', left, right: this.projectionRhs(BP['.']!) };
        }
        return { t: 'sub', left, right: this.dotRhs(BP['.']!) };
      case '|':
        return { t: 'pipe', left, right: this.expression(BP['|']!) };
      case '||':
        return { t: 'or', left, right: this.expression(BP['||']!) };
      case '&&':
        return { t: 'and', left, right: this.expression(BP['&&']!) };
      case '(': {
        if (left.t !== 'field') this.fail(t, 'only a name can be called');
        const args: Node[] = [];
        while (this.peek().type !== ')') {
          args.push(this.expression(0));
          if (this.peek().type === ',') this.next();
          else if (this.peek().type !== ')') this.fail(this.peek());
        }
        this.expect(')');
        return { t: 'call', name: left.name, args };
      }
      case '[?': {
        const cond = this.expression(0);
        this.expect(']');
        const right = this.peek().type === '[]' ? { t: 'current' as const } : this.projectionRhs(BP['[?']!);
        return { t: 'filterProject', left, right, cond };
      }
      case '[]':
        return { t: 'project', left: { t: 'flatten', child: left }, right: this.projectionRhs(BP['[]']!) };
      case '==':
      case '!=':
      case '<':
      case '<=':
      case '>':
      case '>=':
        return { t: 'cmp', op: t.type, left, right: this.expression(BP[t.type]!) };
      case '[': {
        const k = this.peek().type;
        if (k === 'number' || k === ':') return this.projectIfSlice(left, this.indexExpression());
        this.expect('*');
        this.expect(']');
        return { t: 'project', left, right: this.projectionRhs(BP['*']!) };
      }
      default:
        return this.fail(t);
    }
  }

  private projectIfSlice(left: Node, right: Node): Node {
    const e: Node = { t: 'indexExpr', left, right };
    return right.t === 'slice' ? { t: 'project', left: e, right: this.projectionRhs(BP['*']!) } : e;
  }

  private indexExpression(): Node {
    if (this.peek().type === ':' || this.peek(1).type === ':') return this.slice();
    const n = this.expect('number');
    this.expect(']');
    return { t: 'index', index: n.value as number };
  }

  private slice(): Node {
    const parts: Array<number | null> = [null, null, null];
    let i = 0;
    while (this.peek().type !== ']') {
      const t = this.next();
      if (t.type === ':') {
        i++;
        if (i > 2) this.fail(t, 'too many colons in a slice');
      } else if (t.type === 'number') {
        parts[i] = t.value as number;
      } else this.fail(t);
    }
    this.expect(']');
    if (parts[2] === 0) throw new JmesPathError(`a slice step cannot be 0 in "${this.text}"`);
    return { t: 'slice', start: parts[0]!, stop: parts[1]!, step: parts[2]! };
  }

  private projectionRhs(rbp: number): Node {
    const k = this.peek().type;
    if ((BP[k] ?? 0) < 10) return { t: 'current' };
    if (k === '[' || k === '[?') return this.expression(rbp);
    if (k === '.') {
      this.next();
      return this.dotRhs(rbp);
    }
    return this.fail(this.peek());
  }

  private dotRhs(rbp: number): Node {
    const k = this.peek().type;
    if (k === 'id' || k === 'qid' || k === '*') return this.expression(rbp);
    if (k === '[') {
      this.next();
      return this.list();
    }
    if (k === '{') {
      this.next();
      return this.hash();
    }
    return this.fail(this.peek());
  }

  private list(): Node {
    const items: Node[] = [];
    while (this.peek().type !== ']') {
      items.push(this.expression(0));
      if (this.peek().type === ',') {
        this.next();
        if (this.peek().type === ']') this.fail(this.peek());
      } else if (this.peek().type !== ']') this.fail(this.peek());
    }
    this.expect(']');
    if (items.length === 0) this.fail(this.peek(-1), 'an empty multi-select list');
    return { t: 'list', items };
  }

  private hash(): Node {
    const pairs: Array<{ key: string; value: Node }> = [];
    for (;;) {
      const k = this.next();
      if (k.type !== 'id' && k.type !== 'qid') this.fail(k, 'expected a key');
      this.expect(':');
      pairs.push({ key: k.value as string, value: this.expression(0) });
      const t = this.next();
      if (t.type === '}') break;
      if (t.type !== ',') this.fail(t);
    }
    return { t: 'hash', pairs };
  }
}

const parsed = new Map<string, Node>();

/** An expression as a message names it: cut short, as a hostile one may be long. */
export function excerpt(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function tooLarge(what: string): never {
  throw new Unsupported(`${what} is longer than ${MAX_VALUE_SIZE.toLocaleString('en-US')} characters written out, which reachdiff does not evaluate`);
}

function tooDeep(what: string, levels: number): never {
  throw new Unsupported(`${what} nests more than ${levels} levels deep, which reachdiff does not evaluate`);
}

function childrenOf(n: Node): Node[] {
  switch (n.t) {
    case 'sub':
    case 'indexExpr':
    case 'project':
    case 'valueProject':
    case 'or':
    case 'and':
    case 'pipe':
    case 'cmp':
      return [n.left, n.right];
    case 'filterProject':
      return [n.left, n.right, n.cond];
    case 'flatten':
    case 'not':
    case 'expref':
      return [n.child];
    case 'list':
      return n.items;
    case 'hash':
      return n.pairs.map((p) => p.value);
    case 'call':
      return n.args;
    default:
      return [];
  }
}

/** How deep an expression nests, without recursion: a chain such as a.b.c, parsed in a loop, nests to the left. */
function nesting(root: Node): number {
  let deepest = 0;
  const stack: Array<[Node, number]> = [[root, 1]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [n, depth] = top;
    deepest = Math.max(deepest, depth);
    for (const c of childrenOf(n)) stack.push([c, depth + 1]);
  }
  return deepest;
}

/** Parses an expression, once per text. Throws JmesPathError, or Unsupported for one nesting too deeply. */
export function compile(text: string): Node {
  let n = parsed.get(text);
  if (!n) {
    n = new Parser(tokenize(text), text).parse();
    if (nesting(n) > MAX_NESTING) tooDeep(`the expression "${excerpt(text)}"`, MAX_NESTING);
    if (parsed.size > 10_000) parsed.clear();
    parsed.set(text, n);
  }
  return n;
}

function isObject(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** How long a value is written out as JSON, about, and how deep it nests; a part shared by reference counts each time it occurs. */
interface Extent {
  readonly size: number;
  readonly depth: number;
}

const extents = new WeakMap<object, Extent>();

/** The extent of a value, each mapping and list measured once, without recursion: a value may nest too deeply for it. */
function extentOf(value: Json): Extent {
  if (typeof value !== 'object' || value === null) return { size: typeof value === 'string' ? value.length + 2 : String(value).length, depth: 0 };
  interface Open {
    readonly node: object;
    readonly parts: Json[];
    next: number;
    size: number;
    depth: number;
  }
  const open = (node: Json[] | { [key: string]: Json }): Open => {
    const keys = Array.isArray(node) ? [] : Object.keys(node);
    // brackets, commas, and each key quoted with its colon
    const size = 2 + keys.reduce((n, k) => n + k.length + 4, 0);
    return { node, parts: Array.isArray(node) ? node : Object.values(node), next: 0, size, depth: 1 };
  };
  const stack = [open(value)];
  let done: Extent | undefined;
  for (;;) {
    const top = stack[stack.length - 1]!;
    if (done) {
      top.size += done.size + 1;
      top.depth = Math.max(top.depth, done.depth + 1);
      done = undefined;
    }
    if (top.next < top.parts.length) {
      const part = top.parts[top.next++]!;
      const known = typeof part === 'object' && part !== null ? extents.get(part) : undefined;
      if (typeof part === 'object' && part !== null && !known) stack.push(open(part));
      else done = known ?? extentOf(part);
      continue;
    }
    done = { size: top.size, depth: top.depth };
    extents.set(top.node, done);
    stack.pop();
    if (stack.length === 0) return done;
  }
}

export function truthy(v: Json): boolean {
  if (v === null || v === false || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isObject(v)) return Object.keys(v).length > 0;
  return true;
}

export function deepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]!));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k]!, b[k]!));
  }
  return false;
}

function typeOf(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  return typeof v;
}

function sliceOf<T>(list: readonly T[], start: number | null, stop: number | null, step: number | null): T[] {
  const n = list.length;
  const s = step ?? 1;
  const clamp = (v: number | null, dflt: number): number => {
    if (v === null) return dflt;
    if (v < 0) return Math.max(v + n, s < 0 ? -1 : 0);
    return Math.min(v, s < 0 ? n - 1 : n);
  };
  const a = clamp(start, s < 0 ? n - 1 : 0);
  const b = clamp(stop, s < 0 ? -1 : n);
  const out: T[] = [];
  if (s > 0) for (let i = a; i < b; i += s) out.push(list[i]!);
  else for (let i = a; i > b; i += s) out.push(list[i]!);
  return out;
}

/** An expression reference (`&name`), as sort_by and max_by take; a class, so that no value of the input passes for one. */
class ExpRef {
  constructor(readonly node: Node) {}
}

type Value = Json | ExpRef;

function isExpRef(v: Value): v is ExpRef {
  return v instanceof ExpRef;
}

/** Sets a key of a mapping being built: an assignment to the key __proto__ would set its prototype instead. */
export function setOwn(out: { [key: string]: Json }, key: string, value: Json): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The right side of a projection on each element, the nulls left out. */
function projected(base: readonly Json[], right: Node, steps: Budget): Json[] {
  const out: Json[] = [];
  for (const x of base) {
    const y = evaluate(right, x, steps);
    if (y !== null) out.push(y);
  }
  return out;
}

function evaluate(n: Node, v: Json, steps: Budget): Json {
  steps.take(1);
  switch (n.t) {
    case 'field':
      // own keys only: `constructor` or `__proto__` of a mapping that lacks them is null
      return isObject(v) && Object.hasOwn(v, n.name) ? v[n.name]! : null;
    case 'sub':
      return evaluate(n.right, evaluate(n.left, v, steps), steps);
    case 'index': {
      if (!Array.isArray(v)) return null;
      const i = n.index < 0 ? v.length + n.index : n.index;
      return v[i] ?? null;
    }
    case 'slice':
      return Array.isArray(v) ? steps.made(sliceOf(v, n.start, n.stop, n.step)) : null;
    case 'indexExpr':
      return evaluate(n.right, evaluate(n.left, v, steps), steps);
    case 'project': {
      const base = evaluate(n.left, v, steps);
      return Array.isArray(base) ? projected(base, n.right, steps) : null;
    }
    case 'valueProject': {
      const base = evaluate(n.left, v, steps);
      return isObject(base) ? projected(Object.values(base), n.right, steps) : null;
    }
    case 'filterProject': {
      const base = evaluate(n.left, v, steps);
      if (!Array.isArray(base)) return null;
      return projected(
        base.filter((x) => truthy(evaluate(n.cond, x, steps))),
        n.right,
        steps,
      );
    }
    case 'flatten': {
      const base = evaluate(n.child, v, steps);
      if (!Array.isArray(base)) return null;
      // counted before it is made: it may be far longer than the list it flattens
      steps.take(base.reduce<number>((length, x) => length + (Array.isArray(x) ? x.length : 1), 0));
      const out: Json[] = [];
      for (const x of base) {
        if (Array.isArray(x)) for (let i = 0; i < x.length; i++) out.push(x[i]!);
        else out.push(x);
      }
      return out;
    }
    case 'current':
      return v;
    case 'literal':
      return n.value;
    case 'or': {
      const l = evaluate(n.left, v, steps);
      return truthy(l) ? l : evaluate(n.right, v, steps);
    }
    case 'and': {
      const l = evaluate(n.left, v, steps);
      return truthy(l) ? evaluate(n.right, v, steps) : l;
    }
    case 'pipe':
      return evaluate(n.right, evaluate(n.left, v, steps), steps);
    case 'not':
      return !truthy(evaluate(n.child, v, steps));
    case 'cmp': {
      const a = evaluate(n.left, v, steps);
      const b = evaluate(n.right, v, steps);
      if (n.op === '==') return equal(a, b, steps);
      if (n.op === '!=') return !equal(a, b, steps);
      if (typeof a !== 'number' || typeof b !== 'number') return null;
      return n.op === '<' ? a < b : n.op === '<=' ? a <= b : n.op === '>' ? a > b : a >= b;
    }
    case 'list':
      return v === null ? null : n.items.map((x) => evaluate(x, v, steps));
    case 'hash': {
      if (v === null) return null;
      const out: { [key: string]: Json } = {};
      for (const p of n.pairs) setOwn(out, p.key, evaluate(p.value, v, steps));
      return out;
    }
    case 'call':
      return call(n.name, n.args.map((a) => (a.t === 'expref' ? new ExpRef(a.child) : evaluate(a, v, steps))), steps);
    case 'expref':
      throw new JmesPathError('an expression reference (&) is only an argument of a function');
  }
}

/** Steps counted against a bound: those of one evaluation, say, which count too for the expansion it is part of. */
export class Budget {
  private taken = 0;

  constructor(
    private readonly most: number,
    /** What takes the steps, as a message names it. */
    private readonly what: () => string,
    private readonly partOf?: Budget,
  ) {}

  take(n: number): void {
    this.taken += n;
    if (this.taken > this.most) throw new Unsupported(`${this.what()} takes more than ${this.most.toLocaleString('en-US')} steps, which reachdiff does not do`);
    this.partOf?.take(n);
  }

  /** Counts characters read, made or compared. */
  characters(n: number): void {
    this.take(Math.ceil(n / CHARACTERS_A_STEP));
  }

  /** Counts a value read or made, by its length or number of keys, and gives it back. */
  made<T extends Json>(value: T): T {
    if (typeof value === 'string') this.characters(value.length);
    else this.take(Array.isArray(value) ? value.length : isObject(value) ? Object.keys(value).length : 1);
    return value;
  }
}

/** How long a value is written out, about; a part shared by reference counts each time it occurs. */
export function sizeOf(value: Json): number {
  return extentOf(value).size;
}

/** deepEqual on values of an expression: these may share parts, which deepEqual walks each time they occur. */
function equal(a: Json, b: Json, steps: Budget): boolean {
  const sizes = [extentOf(a).size, extentOf(b).size];
  if (Math.max(...sizes) > MAX_VALUE_SIZE) tooLarge('a value compared');
  steps.characters(Math.min(...sizes));
  return deepEqual(a, b);
}

/** A string a function is to make, checked before it is made. */
function fits(name: string, length: number): void {
  if (length > MAX_VALUE_SIZE) tooLarge(`the string ${name}() would make`);
}

/**
 * Go's strings.Replace, which Kyverno's replace() calls: the first n
 * occurrences of old (all of them if n < 0) replaced, left to right; an
 * empty old occurs before each character and at the end.
 */
function goReplace(name: string, s: string, old: string, by: string, n: number): string {
  if (old === by || n === 0) return s;
  const at: number[] = [];
  const more = () => n < 0 || at.length < n;
  if (old === '') {
    let i = 0;
    for (const c of s) {
      if (!more()) break;
      at.push(i);
      i += c.length;
    }
    if (more()) at.push(s.length);
  } else {
    for (let i = s.indexOf(old); i >= 0 && more(); i = s.indexOf(old, i + old.length)) at.push(i);
  }
  fits(name, s.length + at.length * (by.length - old.length));
  const parts: string[] = [];
  let last = 0;
  for (const i of at) {
    parts.push(s.slice(last, i), by);
    last = i + old.length;
  }
  parts.push(s.slice(last));
  return parts.join('');
}

function want<T extends Json>(name: string, v: Value, type: string | string[], test: (x: Json) => boolean): T {
  if (isExpRef(v) || !test(v)) throw new JmesPathError(`${name}() takes ${Array.isArray(type) ? type.join(' or ') : type}, not ${isExpRef(v) ? 'an expression' : typeOf(v)}`);
  return v as T;
}

const str = (name: string, v: Value) => want<string>(name, v, 'a string', (x) => typeof x === 'string');
const num = (name: string, v: Value) => want<number>(name, v, 'a number', (x) => typeof x === 'number');
const arr = (name: string, v: Value) => want<Json[]>(name, v, 'an array', Array.isArray);
const obj = (name: string, v: Value) => want<{ [key: string]: Json }>(name, v, 'an object', isObject);
const ref = (name: string, v: Value): Node => {
  if (!isExpRef(v)) throw new JmesPathError(`${name}() takes an expression (&...)`);
  return v.node;
};

function sortKey(name: string, values: Json[]): Json[] {
  if (values.every((x) => typeof x === 'number')) return [...values].sort((a, b) => (a as number) - (b as number));
  if (values.every((x) => typeof x === 'string')) return [...values].sort((a, b) => ((a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0));
  throw new JmesPathError(`${name}() sorts numbers or strings`);
}

function toString(v: Json): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** The functions of the JMESPath specification, and those of Kyverno's that generate rules use. */
const FUNCTIONS: Record<string, (args: Value[], name: string, steps: Budget) => Json> = {
  abs: ([a], n) => Math.abs(num(n, a!)),
  avg: ([a], n) => {
    const l = arr(n, a!).map((x) => num(n, x));
    return l.length === 0 ? null : l.reduce((x, y) => x + y, 0) / l.length;
  },
  ceil: ([a], n) => Math.ceil(num(n, a!)),
  contains: ([a, b], n, steps) => {
    const s = want<string | Json[]>(n, a!, ['a string', 'an array'], (x) => typeof x === 'string' || Array.isArray(x));
    if (typeof s === 'string') return typeof b === 'string' && s.includes(b);
    return s.some((x) => equal(x, b as Json, steps));
  },
  ends_with: ([a, b], n) => str(n, a!).endsWith(str(n, b!)),
  floor: ([a], n) => Math.floor(num(n, a!)),
  join: ([sep, list], n) => {
    const glue = str(n, sep!);
    const parts = arr(n, list!).map((x) => str(n, x));
    fits(n, parts.reduce((length, p) => length + p.length + glue.length, 0));
    return parts.join(glue);
  },
  keys: ([a], n) => Object.keys(obj(n, a!)),
  length: ([a], n) => {
    const v = want<string | Json[] | { [key: string]: Json }>(n, a!, ['a string', 'an array', 'an object'], (x) => typeof x === 'string' || Array.isArray(x) || isObject(x));
    return typeof v === 'string' ? [...v].length : Array.isArray(v) ? v.length : Object.keys(v).length;
  },
  map: ([e, list], n, steps) => {
    const node = ref(n, e!);
    return arr(n, list!).map((x) => evaluate(node, x, steps));
  },
  max: ([a], n) => {
    const l = sortKey(n, arr(n, a!));
    return l.length === 0 ? null : l[l.length - 1]!;
  },
  max_by: ([a, e], n, steps) => {
    const node = ref(n, e!);
    const l = arr(n, a!);
    let best: Json = null;
    let bestKey: number | string | null = null;
    for (const x of l) {
      const k = want<number | string>(n, evaluate(node, x, steps), ['a number', 'a string'], (y) => typeof y === 'number' || typeof y === 'string');
      if (bestKey === null || k > bestKey) [best, bestKey] = [x, k];
    }
    return best;
  },
  merge: (args, n) => {
    const out: { [key: string]: Json } = {};
    for (const a of args) for (const [k, v] of Object.entries(obj(n, a))) setOwn(out, k, v);
    return out;
  },
  min: ([a], n) => {
    const l = sortKey(n, arr(n, a!));
    return l.length === 0 ? null : l[0]!;
  },
  min_by: ([a, e], n, steps) => {
    const node = ref(n, e!);
    let best: Json = null;
    let bestKey: number | string | null = null;
    for (const x of arr(n, a!)) {
      const k = want<number | string>(n, evaluate(node, x, steps), ['a number', 'a string'], (y) => typeof y === 'number' || typeof y === 'string');
      if (bestKey === null || k < bestKey) [best, bestKey] = [x, k];
    }
    return best;
  },
  not_null: (args) => (args.find((a) => !isExpRef(a) && a !== null) as Json | undefined) ?? null,
  reverse: ([a], n) => {
    const v = want<string | Json[]>(n, a!, ['a string', 'an array'], (x) => typeof x === 'string' || Array.isArray(x));
    return typeof v === 'string' ? [...v].reverse().join('') : [...v].reverse();
  },
  sort: ([a], n) => sortKey(n, arr(n, a!)),
  sort_by: ([a, e], n, steps) => {
    const node = ref(n, e!);
    const l = arr(n, a!).map((x) => ({ x, k: evaluate(node, x, steps) }));
    // the keys must all be numbers or all strings, as sort's
    sortKey(n, l.map((p) => p.k));
    return l.sort((p, q) => ((p.k as number | string) < (q.k as number | string) ? -1 : (p.k as number | string) > (q.k as number | string) ? 1 : 0)).map((p) => p.x);
  },
  starts_with: ([a, b], n) => str(n, a!).startsWith(str(n, b!)),
  sum: ([a], n) => arr(n, a!).reduce<number>((x, y) => x + num(n, y), 0),
  to_array: ([a]) => (Array.isArray(a) ? a : [a as Json]),
  to_number: ([a], n) => {
    if (typeof a === 'number') return a;
    return typeof a === 'string' ? parseGoFloat(a, n) : null;
  },
  to_string: ([a], n) => {
    if (!isExpRef(a!) && extentOf(a!).size > MAX_VALUE_SIZE) tooLarge(`the string ${n}() would make`);
    return toString(a as Json);
  },
  type: ([a]) => typeOf(a as Json),
  values: ([a], n) => Object.values(obj(n, a!)),
  // Kyverno's (kyverno.io/docs/policy-types/cluster-policy/jmespath/#custom-filters)
  // Go's strings.Split: by an empty separator, into characters (code points, not UTF-16 halves)
  split: ([a, b], n) => {
    const s = str(n, a!);
    const sep = str(n, b!);
    return sep === '' ? [...s] : s.split(sep);
  },
  to_upper: ([a], n) => simpleCase(str(n, a!), 'upper'),
  to_lower: ([a], n) => simpleCase(str(n, a!), 'lower'),
  trim: ([a, b], n) => {
    const s = str(n, a!);
    const cut = new Set([...str(n, b!)]);
    let i = 0;
    let j = s.length;
    while (i < j && cut.has(s[i]!)) i++;
    while (j > i && cut.has(s[j - 1]!)) j--;
    return s.slice(i, j);
  },
  trim_prefix: ([a, b], n) => {
    const s = str(n, a!);
    const p = str(n, b!);
    return s.startsWith(p) ? s.slice(p.length) : s;
  },
  replace_all: ([a, b, c], n) => goReplace(n, str(n, a!), str(n, b!), str(n, c!), -1),
  // Kyverno converts the count to a Go int, dropping any fraction
  replace: ([a, b, c, d], n) => goReplace(n, str(n, a!), str(n, b!), str(n, c!), Math.trunc(num(n, d!))),
  truncate: ([a, b], n) => [...str(n, a!)].slice(0, Math.max(0, num(n, b!))).join(''),
  equal_fold: ([a, b], n) => str(n, a!).toLowerCase() === str(n, b!).toLowerCase(),
  to_boolean: ([a], n) => {
    const s = str(n, a!).toLowerCase();
    if (s === 'true') return true;
    if (s === 'false') return false;
    throw new JmesPathError(`to_boolean() takes "true" or "false", not "${s}"`);
  },
  object_from_lists: ([a, b], n) => {
    const keys = arr(n, a!);
    const values = arr(n, b!);
    const out: { [key: string]: Json } = {};
    keys.forEach((k, i) => setOwn(out, str(n, k), values[i] ?? null));
    return out;
  },
  items: ([a, b, c], n) => {
    const o = obj(n, a!);
    return Object.keys(o)
      .sort()
      .map((k) => ({ [str(n, b!)]: k, [str(n, c!)]: o[k]! }));
  },
};

/** Kyverno's functions that reachdiff does not evaluate (regular expressions are Go's, time is the cluster's). */
const KYVERNO_ONLY = [
  'add', 'base64_decode', 'base64_encode', 'compare', 'divide', 'image_normalize', 'is_external_url', 'label_match', 'lookup', 'md5',
  'modulo', 'multiply', 'parse_json', 'parse_yaml', 'path_canonicalize', 'pattern_match', 'random', 'regex_match', 'regex_replace_all',
  'regex_replace_all_literal', 'round', 'semver_compare', 'sha1', 'sha256', 'subtract', 'time_add', 'time_after', 'time_before',
  'time_between', 'time_diff', 'time_now', 'time_now_utc', 'time_parse', 'time_since', 'time_to_cron', 'time_truncate', 'time_utc',
  'x509_decode',
];

function call(name: string, args: Value[], steps: Budget): Json {
  // not FUNCTIONS[name]: valueOf, toString or constructor would be found on Object.prototype
  const f = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  if (f) {
    // a function reads its arguments and makes its value about once each
    for (const a of args) if (!isExpRef(a)) steps.made(a);
    return steps.made(f(args, name, steps));
  }
  if (KYVERNO_ONLY.includes(name)) throw new Unsupported(`the JMESPath function ${name}() is not evaluated by reachdiff`);
  throw new JmesPathError(`unknown function ${name}()`);
}

/** The first name of a path expression (`request` of `request.object.metadata.name`), if it starts with one. */
export function rootOf(n: Node): string | undefined {
  switch (n.t) {
    case 'field':
      return n.name;
    case 'sub':
    case 'indexExpr':
    case 'project':
    case 'valueProject':
    case 'filterProject':
    case 'pipe':
      return rootOf(n.left);
    case 'flatten':
      return rootOf(n.child);
    case 'or':
    case 'and':
    case 'cmp':
      return rootOf(n.left);
    default:
      return undefined;
  }
}

/** A path of fields and indexes from the root of the data: `request.object.spec.containers[0]`. */
function pathOf(n: Node): Array<string | number> | undefined {
  switch (n.t) {
    case 'field':
      return [n.name];
    case 'sub': {
      const left = pathOf(n.left);
      const right = left && pathOf(n.right);
      return left && right ? [...left, ...right] : undefined;
    }
    case 'indexExpr': {
      const left = pathOf(n.left);
      return left && n.right.t === 'index' ? [...left, n.right.index] : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The paths of the data an expression reads from its root, each of whose
 * whole value may make the result: `request.object.metadata.labels.app` of
 * `request.object.metadata.labels.app || 'none'`, `request.object.spec.containers`
 * of `request.object.spec.containers[*].name`, and the empty path (the whole
 * data) for `@` or `to_string(@)`. What a projection, a filter or the right
 * of a pipe reads is relative to what its left reads, so it adds nothing.
 */
export function rootPaths(n: Node): Array<Array<string | number>> {
  const path = pathOf(n);
  if (path) return [path];
  switch (n.t) {
    case 'sub':
    case 'indexExpr':
    case 'project':
    case 'valueProject':
    case 'filterProject':
    case 'pipe':
      return rootPaths(n.left);
    case 'flatten':
    case 'not':
      return rootPaths(n.child);
    case 'or':
    case 'and':
    case 'cmp':
      return [...rootPaths(n.left), ...rootPaths(n.right)];
    case 'list':
      return n.items.flatMap(rootPaths);
    case 'hash':
      return n.pairs.flatMap((p) => rootPaths(p.value));
    case 'call':
      // an expression reference (&name) is applied to elements of another argument
      return n.args.flatMap((a) => (a.t === 'expref' ? [] : rootPaths(a)));
    case 'current':
      return [[]];
    default:
      return [];
  }
}

/** Evaluates an expression on data. Throws JmesPathError, or Unsupported for a function reachdiff does not evaluate or an expression past its bounds. */
export function search(text: string, data: Json, partOf?: Budget): Json {
  const value = evaluate(compile(text), data, new Budget(MAX_STEPS, () => `evaluating "${excerpt(text)}"`, partOf));
  // values are written out as JSON and compared by recursion, which a deep one overflows
  const extent = extentOf(value);
  if (extent.depth > MAX_VALUE_DEPTH) tooDeep(`the value of "${excerpt(text)}"`, MAX_VALUE_DEPTH);
  if (extent.size > MAX_VALUE_SIZE) tooLarge(`the value of "${excerpt(text)}"`);
  return value;
}
