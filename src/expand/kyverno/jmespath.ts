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

/** Go's strconv.ParseFloat syntax, its underscores taken out: decimal, or hexadecimal with a binary exponent. */
const GO_DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const GO_HEX = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?[pP]([+-]?\d+)$/;

/**
 * strconv's underscoreOK: an underscore only between digits, or between a
 * base prefix and a digit (1_000, 0x_1p0), as Go's literals write them.
 */
function underscoresOk(text: string): boolean {
  let s = text.replace(/^[+-]/, '');
  let saw = '^';
  let hex = false;
  if (/^0[bBoOxX]/.test(s)) {
    hex = /^0[xX]/.test(s);
    saw = '0';
    s = s.slice(2);
  }
  for (const c of s) {
    if (/[0-9]/.test(c) || (hex && /[a-fA-F]/.test(c))) saw = '0';
    else if (c === '_') {
      if (saw !== '0') return false;
      saw = '_';
    } else {
      if (saw === '_') return false;
      saw = '!';
    }
  }
  return saw !== '_';
}

/**
 * A string as go-jmespath's to_number reads it (strconv.ParseFloat, 64
 * bits): a decimal or hexadecimal float, underscores between its digits
 * as Go's literals have them, no spaces around it; null for
 * anything else, and for a value past float64's range (ParseFloat's range
 * error). Infinity and NaN, which ParseFloat gives and JSON cannot hold,
 * are not evaluated.
 */
function parseGoFloat(raw: string, name: string): number | null {
  if (raw.includes('_') && !underscoresOk(raw)) return null;
  const text = raw.replace(/_/g, '');
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
        // go-jmespath reads a literal with json.Unmarshal alone: the specification's deprecated unquoted form (`foo`) does not compile
        i = start;
        return fail('a literal that is not JSON');
      }
      literalKnown(value, text);
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

/**
 * A literal as json.Unmarshal reads it, where JSON.parse reads it otherwise:
 * a number past float64's range fails to compile in Go; a lone surrogate
 * escape Go reads as U+FFFD.
 */
function literalKnown(value: Json, text: string): void {
  const stack: Json[] = [value];
  for (let v = stack.pop(); v !== undefined; v = stack.pop()) {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new JmesPathError(`a literal number past float64's range in "${excerpt(text)}"`);
    if (typeof v === 'string' && /[\ud800-\udfff]/.test(v) && !/^(?:[^\ud800-\udfff]|[\ud800-\udbff][\udc00-\udfff])*$/.test(v)) {
      throw new Unsupported(`a literal holding a lone surrogate, which Go reads as U+FFFD, in "${excerpt(text)}" is not evaluated by reachdiff`);
    }
    if (Array.isArray(v)) stack.push(...v);
    else if (typeof v === 'object' && v !== null) stack.push(...Object.keys(v), ...Object.values(v));
  }
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
    // Go holds no lone surrogate in a string: the policy's text would give U+FFFD in its place
    if (/[\ud800-\udfff]/.test(text) && !/^(?:[^\ud800-\udfff]|[\ud800-\udbff][\udc00-\udfff])*$/.test(text)) {
      throw new Unsupported(`the expression "${excerpt(text)}" holds a lone surrogate, which Go reads as U+FFFD, and is not evaluated by reachdiff`);
    }
    n = new Parser(tokenize(text), text).parse();
    if (nesting(n) > MAX_NESTING) tooDeep(`the expression "${excerpt(text)}"`, MAX_NESTING);
    if (parsed.size > 10_000) parsed.clear();
    parsed.set(text, n);
  }
  return n;
}

/**
 * A whole number of the object Kyverno reads from the API server, which its
 * dynamic client decodes as a Go int64 (k8s.io/apimachinery's JSON reader,
 * for an unstructured object): go-jmespath compares it with no float64
 * (reflect.DeepEqual, `<`), gives it to no function that takes a number, and
 * type() knows it not. Kyverno's context holds numbers it has read through
 * JSON (context entries, foreach elements) as float64.
 */
export class GoInt {
  constructor(readonly value: number) {}
}

/** A value as the object Kyverno reads holds it: its whole numbers Go int64s. */
export function goInts(value: Json): Json {
  if (typeof value === 'number') return Number.isInteger(value) ? (new GoInt(value) as unknown as Json) : value;
  if (Array.isArray(value)) return value.map(goInts);
  if (isObject(value)) {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) setOwn(out, k, goInts(v));
    return out;
  }
  return value;
}

/** Whether a value holds a Go int64 (GoInt). */
export function holdsGoInt(value: Json): boolean {
  const stack: Json[] = [value];
  for (let v = stack.pop(); v !== undefined; v = stack.pop()) {
    if ((v as unknown) instanceof GoInt) return true;
    if (Array.isArray(v)) stack.push(...v);
    else if (isObject(v)) stack.push(...Object.values(v));
  }
  return false;
}

function isObject(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !((v as unknown) instanceof GoInt);
}

/** A mapping or a list, which a value's extent opens. */
function isNode(v: Json): v is Json[] | { [key: string]: Json } {
  return Array.isArray(v) || isObject(v);
}

/** How long a value is written out as JSON, about, and how deep it nests; a part shared by reference counts each time it occurs. */
interface Extent {
  readonly size: number;
  readonly depth: number;
}

const extents = new WeakMap<object, Extent>();

/** The extent of a value, each mapping and list measured once, without recursion: a value may nest too deeply for it. */
function extentOf(value: Json): Extent {
  if (!isNode(value)) return { size: typeof value === 'string' ? value.length + 2 : String((value as unknown) instanceof GoInt ? (value as unknown as GoInt).value : value).length, depth: 0 };
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
      const known = isNode(part) ? extents.get(part) : undefined;
      if (isNode(part) && !known) stack.push(open(part));
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
  if ((a as unknown) instanceof GoInt || (b as unknown) instanceof GoInt) return (a as unknown) instanceof GoInt && (b as unknown) instanceof GoInt && (a as unknown as GoInt).value === (b as unknown as GoInt).value;
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

/** A mapping among values, which an expression reference is not. */
function isMap(v: Value | undefined): v is { [key: string]: Json } {
  return isObject(v as Json) && !isExpRef(v as Value);
}

/** Sets a key of a mapping being built: an assignment to the key __proto__ would set its prototype instead. */
export function setOwn(out: { [key: string]: Json }, key: string, value: Json): void {
  Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * go-jmespath's NotFoundError (kyverno/go-jmespath interpreter.go): a field
 * read of a mapping that does not hold the key. The interpreter takes it for
 * null in function arguments, comparisons, `||`, `!`, pipes, projections and
 * multi-selects; a path, an index, and the right of `&&` pass it on, and
 * where it reaches the variable Kyverno fails the rule.
 */
export class NotFound extends Error {
  constructor(readonly key: string) {
    // thrown at every key missing, often within deep evaluations: a stack trace would cost more than the rest
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(`Unknown key "${key}" in path`);
    Error.stackTraceLimit = limit;
  }
}

/**
 * A runtime error go-jmespath (or one of Kyverno's functions) returns just
 * as reachdiff does: a function given an argument of a type it does not
 * take, or a wrong number of them, or one of no such name. Kyverno fails the
 * rule for the object it evaluates it on; within `[]`, `[?...]` and `.*`
 * the interpreter takes it for null.
 */
export class EvalError extends Error {}

/**
 * What an evaluation read of the data that the object in the cluster may
 * hold otherwise (Watch): the value there may differ, so what depends on it
 * is not analysed for that object.
 */
export class Unsure extends Error {}

/** Hears of what an evaluation reads of its data beyond the values it holds. */
export interface Watch {
  /** A key a mapping of the data does not hold, as the evaluation reads it; throws Unsure where the object in the cluster may hold it. */
  absent(from: { [key: string]: Json }, key: string): void;
  /** A mapping all of whose keys the evaluation reads (keys(), length(), to_string(), ==, ...); throws Unsure where the object in the cluster may hold others. */
  whole(from: { [key: string]: Json }): void;
}

/**
 * Lists Go holds as []map[string]any, as Kyverno's items() makes them:
 * go-jmespath reads them by reflection where it reads a list, but its
 * functions that take []interface{} fail or panic on them, and
 * reflect.DeepEqual tells them from any other list.
 */
const GO_TYPED = new WeakSet<object>();

/** Lists whose order Go's iteration of a map decides (keys(), values(), `.*`), which differs from one run to the next. */
const ORDERLESS = new WeakSet<object>();

/** Whether a value holds a list whose order Go's map iteration decides: what is made of it in that order is not known. */
export function orderless(value: Json): boolean {
  return holdsListOf(value, ORDERLESS);
}

/** Whether a value holds a list of a set (ORDERLESS, GO_TYPED), at any depth. */
function holdsListOf(value: Json, lists: WeakSet<object>): boolean {
  const stack: Json[] = [value];
  for (let v = stack.pop(); v !== undefined; v = stack.pop()) {
    if (Array.isArray(v)) {
      if (lists.has(v)) return true;
      for (const x of v) stack.push(x);
    } else if (isObject(v)) for (const x of Object.values(v)) stack.push(x);
  }
  return false;
}

/** A copy of a value where Go's []map[string]any lists are plain lists and its int64s numbers, as a JSON round trip makes them (Kyverno's context entries, foreach elements). */
export function plain(value: Json): Json {
  if ((value as unknown) instanceof GoInt) return (value as unknown as GoInt).value;
  if (Array.isArray(value)) {
    const items = value.map(plain);
    const same = !GO_TYPED.has(value) && items.every((x, i) => x === value[i]);
    if (same) return value;
    if (ORDERLESS.has(value)) ORDERLESS.add(items);
    return items;
  }
  if (isObject(value)) {
    let changed = false;
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) {
      const p = plain(v);
      changed ||= p !== v;
      setOwn(out, k, p);
    }
    return changed ? out : value;
  }
  return value;
}

/**
 * A copy of a value as a JSON round trip makes it, which Kyverno's context
 * makes of an element or a context entry: its int64s numbers, its
 * []map[string]any lists plain lists (a list whose order Go's map iteration
 * decides keeps that mark); `copied` hears of each mapping copied and the one
 * it copies.
 */
export function jsonCopy(value: Json, copied?: (copy: object, original: object) => void): Json {
  if ((value as unknown) instanceof GoInt) return (value as unknown as GoInt).value;
  if (Array.isArray(value)) {
    const out = value.map((v) => jsonCopy(v, copied));
    if (ORDERLESS.has(value)) ORDERLESS.add(out);
    return out;
  }
  if (isObject(value)) {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) setOwn(out, k, jsonCopy(v, copied));
    copied?.(out, value);
    return out;
  }
  return value;
}

/** Whether a value holds a list Go holds as []map[string]any (items()). */
export function goTyped(value: Json): boolean {
  return holdsListOf(value, GO_TYPED);
}

/** One evaluation: its steps, and what hears of what it reads. */
interface Evaluation {
  readonly steps: Budget;
  readonly watch: Watch | undefined;
}

/** Tells the watch of every mapping within a value, each of whose keys something reads (a comparison, to_string(), the value substituted whole). */
export function watchWhole(watch: Watch | undefined, value: Value): void {
  if (!watch) return;
  const stack: Value[] = [value];
  for (let v = stack.pop(); v !== undefined; v = stack.pop()) {
    if (Array.isArray(v)) stack.push(...v);
    else if (isMap(v)) {
      watch.whole(v);
      stack.push(...Object.values(v));
    }
  }
}

/** Evaluates, go-jmespath's NotFoundError giving null, as most of its nodes take it. */
function orNull(n: Node, v: Json, e: Evaluation): Json {
  try {
    return evaluate(n, v, e);
  } catch (x) {
    if (x instanceof NotFound) return null;
    throw x;
  }
}

/** Evaluates the left of `[]`, `[?...]` or `.*`, any error of which go-jmespath takes for null. */
function leftOrNull(n: Node, v: Json, e: Evaluation): Json {
  try {
    return evaluate(n, v, e);
  } catch (x) {
    if (x instanceof NotFound || x instanceof EvalError) return null;
    throw x;
  }
}

/** go-jmespath's isFalse, negated; an empty mapping read as false may hold keys in the cluster. */
function isTrue(v: Json, e: Evaluation): boolean {
  if (isObject(v) && Object.keys(v).length === 0) e.watch?.whole(v);
  return truthy(v);
}

/** A list a projection makes: the right side on each element, the nulls left out; its order is the elements'. */
function projected(base: readonly Json[], right: Node, e: Evaluation): Json[] {
  const out: Json[] = [];
  for (const x of base) {
    const y = orNull(right, x, e);
    if (y !== null) out.push(y);
  }
  if (ORDERLESS.has(base) && !allEqual(out)) ORDERLESS.add(out);
  return out;
}

function allEqual(list: readonly Json[]): boolean {
  return list.every((x) => deepEqual(x, list[0]!));
}

/** Code points in order, as Go compares strings (by their UTF-8 bytes), where JavaScript compares UTF-16 units. */
function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** go-jmespath's interpreter (kyverno/go-jmespath interpreter.go, Execute), node by node. */
function evaluate(n: Node, v: Json, e: Evaluation): Json {
  e.steps.take(1);
  switch (n.t) {
    case 'field':
      if (isObject(v)) {
        // own keys only: `constructor` or `__proto__` of a mapping that lacks them is not there
        if (Object.hasOwn(v, n.name)) return v[n.name]!;
        e.watch?.absent(v, n.name);
        throw new NotFound(n.name);
      }
      return null;
    case 'sub':
    case 'indexExpr':
      return evaluate(n.right, evaluate(n.left, v, e), e);
    case 'index': {
      if (!Array.isArray(v)) return null;
      if (ORDERLESS.has(v) && v.length > 1) orderMatters(`the element [${n.index}]`);
      const i = n.index < 0 ? v.length + n.index : n.index;
      return v[i] ?? null;
    }
    case 'slice': {
      if (!Array.isArray(v)) return null;
      // computeSliceParams: a step of 0 fails once a list is sliced, not when the expression is compiled
      if (n.step === 0) throw new EvalError('Invalid slice, step cannot be 0');
      if (ORDERLESS.has(v) && v.length > 1) orderMatters('a slice');
      return e.steps.made(sliceOf(v, n.start, n.stop, n.step));
    }
    case 'project': {
      const base = orNull(n.left, v, e);
      return Array.isArray(base) ? projected(base, n.right, e) : null;
    }
    case 'valueProject': {
      const base = leftOrNull(n.left, v, e);
      if (!isObject(base)) return null;
      e.watch?.whole(base);
      const values = Object.values(base);
      // go-jmespath makes the list of values with as many nulls before them (make then append), in the map's order
      const out: Json[] = [];
      if (values.length > 0) {
        const first = orNull(n.right, null, e);
        if (first !== null) for (let i = 0; i < values.length; i++) out.push(first);
      }
      const rest = projected(values, n.right, e);
      if (rest.length > 1 && !allEqual(rest)) ORDERLESS.add(out);
      out.push(...rest);
      return out;
    }
    case 'filterProject': {
      const base = leftOrNull(n.left, v, e);
      if (!Array.isArray(base)) return null;
      const out: Json[] = [];
      for (const x of base) {
        if (!isTrue(orNull(n.cond, x, e), e)) continue;
        const y = orNull(n.right, x, e);
        if (y !== null) out.push(y);
      }
      if (ORDERLESS.has(base) && !allEqual(out)) ORDERLESS.add(out);
      return out;
    }
    case 'flatten': {
      const base = leftOrNull(n.child, v, e);
      if (!Array.isArray(base)) return null;
      // counted before it is made: it may be far longer than the list it flattens
      e.steps.take(base.reduce<number>((length, x) => length + (Array.isArray(x) ? x.length : 1), 0));
      const out: Json[] = [];
      for (const x of base) {
        if (Array.isArray(x)) for (let i = 0; i < x.length; i++) out.push(x[i]!);
        else out.push(x);
      }
      if ((ORDERLESS.has(base) || base.some((x) => Array.isArray(x) && ORDERLESS.has(x))) && !allEqual(out)) ORDERLESS.add(out);
      return out;
    }
    case 'current':
      return v;
    case 'literal':
      return n.value;
    case 'or': {
      const l = orNull(n.left, v, e);
      return isTrue(l, e) ? l : orNull(n.right, v, e);
    }
    case 'and': {
      const l = orNull(n.left, v, e);
      // the right's errors, a key not found among them, go on
      return isTrue(l, e) ? evaluate(n.right, v, e) : l;
    }
    case 'pipe':
      return orNull(n.right, orNull(n.left, v, e), e);
    case 'not':
      return !isTrue(orNull(n.child, v, e), e);
    case 'cmp': {
      const a = orNull(n.left, v, e);
      const b = orNull(n.right, v, e);
      if (n.op === '==') return goEqual(a, b, e);
      if (n.op === '!=') return !goEqual(a, b, e);
      if (typeof a !== 'number' || typeof b !== 'number') return null;
      return n.op === '<' ? a < b : n.op === '<=' ? a <= b : n.op === '>' ? a > b : a >= b;
    }
    case 'list':
      if (v === null) return null;
      return n.items.map((x) => orNull(x, v, e));
    case 'hash': {
      if (v === null) return null;
      const out: { [key: string]: Json } = {};
      for (const p of n.pairs) setOwn(out, p.key, orNull(p.value, v, e));
      return out;
    }
    case 'call':
      return call(n.name, n.args.map((a) => (a.t === 'expref' ? new ExpRef(a.child) : orNull(a, v, e))), n.args, e);
    case 'expref':
      throw new Unsupported('an expression reference (&...) other than as the argument of a function, which go-jmespath takes for a value, is not evaluated by reachdiff');
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

function orderMatters(what: string): never {
  throw new Unsupported(`${what} of a list whose order Go's iteration of a map decides (keys(), values(), .*), which differs from run to run, is not known`);
}

/**
 * reflect.DeepEqual, as go-jmespath compares (== and !=): a list Go holds
 * as []map[string]any equals no other list; every mapping compared has each
 * of its keys read.
 */
function goEqual(a: Json, b: Json, e: Evaluation): boolean {
  const sizes = [extentOf(a).size, extentOf(b).size];
  if (Math.max(...sizes) > MAX_VALUE_SIZE) tooLarge('a value compared');
  e.steps.characters(Math.min(...sizes));
  watchWhole(e.watch, a);
  watchWhole(e.watch, b);
  return goDeepEqual(a, b);
}

function goDeepEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  // an int64 equals an int64 of its value, never a float64
  if ((a as unknown) instanceof GoInt || (b as unknown) instanceof GoInt) return deepEqual(a, b);
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || GO_TYPED.has(a) !== GO_TYPED.has(b) || a.length !== b.length) return false;
    if ((ORDERLESS.has(a) || ORDERLESS.has(b)) && a.length > 1) {
      const canon = (l: Json[]) => JSON.stringify(l.map((x) => goMarshal(x)).sort());
      if (canon(a) !== canon(b)) return false;
      if (allEqual(a)) return true;
      orderMatters('a comparison');
    }
    return a.every((x, i) => goDeepEqual(x, b[i]!));
  }
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && goDeepEqual(a[k]!, b[k]!));
  }
  return false;
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

/** A float64 as Go's int() converts it, where it fits an int64. */
function goInt(name: string, n: number): number {
  if (!(Math.abs(n) < 2 ** 63)) throw new Unsupported(`${name}() of ${n}, which Go converts to an int as its platform does, is not evaluated by reachdiff`);
  return Math.trunc(n);
}

/**
 * Characters whose case mapping and folding the Unicode version decides:
 * Go's tables (Unicode 15 in the Go Kyverno is built with) and
 * JavaScript's differ on them.
 */
const CASE_BY_VERSION = /[\u019b\u0264\u1c89\u1c8a\u2c2f\u2c5f\ua7c0\ua7c1\ua7cb-\ua7dc\u{10570}-\u{105bc}\u{10d50}-\u{10d85}\u{16ea0}-\u{16ed3}]/u;

function caseKnown(name: string, text: string): void {
  if (CASE_BY_VERSION.test(text)) throw new Unsupported(`${name}() of "${excerpt(text)}", whose case mapping differs between Unicode versions, is not evaluated by reachdiff`);
}

/**
 * Go's unicode.ToUpper of the Greek letters with ypogegrammeni, whose simple
 * upper case is the titlecase letter, where JavaScript's full one is two.
 */
function greekUpper(c: number): number | undefined {
  if ((c >= 0x1f80 && c <= 0x1f87) || (c >= 0x1f90 && c <= 0x1f97) || (c >= 0x1fa0 && c <= 0x1fa7)) return c + 8;
  return c === 0x1fb3 ? 0x1fbc : c === 0x1fc3 ? 0x1fcc : c === 0x1ff3 ? 0x1ffc : undefined;
}

/**
 * Go's strings.ToUpper and ToLower: each character mapped alone, by its
 * simple case mapping, where JavaScript's use the full one (ß is not SS,
 * ﬁ not FI, and a final Σ is σ as any other).
 */
function simpleCase(name: string, text: string, to: 'upper' | 'lower'): string {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(text)) return to === 'upper' ? text.toUpperCase() : text.toLowerCase();
  caseKnown(name, text);
  let out = '';
  for (const ch of text) {
    const greek = to === 'upper' ? greekUpper(ch.codePointAt(0)!) : undefined;
    if (greek !== undefined) {
      out += String.fromCodePoint(greek);
      continue;
    }
    const mapped = to === 'upper' ? ch.toUpperCase() : ch.toLowerCase();
    // more than one character: a full mapping; the simple one keeps the character, but for İ, whose simple lower case is i
    out += [...mapped].length === 1 ? mapped : to === 'lower' ? [...mapped][0]! : ch;
  }
  return out;
}

/** A character's class under simple case folding: characters that fold together (Go's unicode.SimpleFold orbits) share it. */
function foldKey(ch: string): string {
  // the dotless i folds with nothing (CaseFolding.txt gives it no simple folding), though its upper case is I
  if (ch === '\u0131') return ch;
  const lower = ch.toLowerCase();
  const upper = ch.toUpperCase();
  const viaUpper = [...upper].length === 1 ? upper.toLowerCase() : lower;
  if ([...viaUpper].length === 1) return viaUpper;
  return [...lower].length === 1 ? lower : ch;
}

/** Go's strings.EqualFold: equal under simple Unicode case folding, character by character (ſ is s, K is k, ß is not ss). */
function equalFold(name: string, a: string, b: string): boolean {
  if (a === b) return true;
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(a + b)) return a.toLowerCase() === b.toLowerCase();
  caseKnown(name, a + b);
  const x = [...a];
  const y = [...b];
  return x.length === y.length && x.every((c, i) => c === y[i] || foldKey(c) === foldKey(y[i]!));
}

/** Go's strings.Trim: the characters of the cutset (code points) cut from both ends. */
function goTrim(s: string, cutset: string): string {
  if (s === '' || cutset === '') return s;
  const cut = new Set([...cutset]);
  const chars = [...s];
  let i = 0;
  let j = chars.length;
  while (i < j && cut.has(chars[i]!)) i++;
  while (j > i && cut.has(chars[j - 1]!)) j--;
  return chars.slice(i, j).join('');
}

/**
 * strconv.FormatFloat(f, 'f', -1, 32), as Kyverno's object_from_lists
 * writes a number key: the shortest decimal that reads back as the same
 * float32, without an exponent.
 */
function goFloat32Text(n: number): string {
  const f = Math.fround(n);
  if (!Number.isFinite(f)) throw new Unsupported(`${n} as a float32 is past its range, which reachdiff does not evaluate`);
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  let digits = '';
  for (let p = 1; p <= 9; p++) {
    digits = f.toPrecision(p);
    if (Math.fround(Number(digits)) === f) break;
  }
  // the digits without exponent: toPrecision may give one (1.5e+21)
  const m = /^(-?)(\d)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(digits);
  if (!m) return digits;
  const [, sign, lead, frac = '', exp = '0'] = m;
  const all = lead! + frac;
  const point = 1 + Number(exp);
  let text: string;
  if (point <= 0) text = `0.${'0'.repeat(-point)}${all}`;
  else if (point >= all.length) text = all + '0'.repeat(point - all.length);
  else text = `${all.slice(0, point)}.${all.slice(point)}`;
  text = text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
  return sign + text;
}

/**
 * A value as Go's encoding/json writes it (Kyverno's to_string, and a value
 * written into a longer string): the keys of a mapping sorted by their
 * bytes, <, > and & escaped as \u003c, \u003e and \u0026, U+2028 and U+2029
 * escaped, -0 kept.
 */
export function goMarshal(v: Json): string {
  if (v === null) return 'null';
  if ((v as unknown) instanceof GoInt) return String((v as unknown as GoInt).value);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : JSON.stringify(v);
  if (typeof v === 'string') return goQuote(v);
  if (Array.isArray(v)) return `[${v.map(goMarshal).join(',')}]`;
  const keys = Object.keys(v).sort(compareStrings);
  return `{${keys.map((k) => `${goQuote(k)}:${goMarshal(v[k]!)}`).join(',')}}`;
}

function goQuote(s: string): string {
  // a lone surrogate is no UTF-8: Go writes U+FFFD for the bytes it stands for
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s)) throw new Unsupported(`a string holding a lone surrogate, which Go writes otherwise, is not written out by reachdiff`);
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The types go-jmespath checks a function's argument against (functions.go, ArgSpec.typeCheck). */
type JpType = 'number' | 'string' | 'array' | 'object' | 'array[number]' | 'array[string]' | 'expref' | 'any';

function typeOk(t: JpType, v: Value): boolean {
  switch (t) {
    case 'number':
      return typeof v === 'number';
    case 'string':
      return typeof v === 'string';
    case 'array':
      return Array.isArray(v);
    case 'object':
      return isMap(v);
    // toArrayNum and toArrayStr take a []interface{} only
    case 'array[number]':
      return Array.isArray(v) && !GO_TYPED.has(v) && v.every((x) => typeof x === 'number');
    case 'array[string]':
      return Array.isArray(v) && !GO_TYPED.has(v) && v.every((x) => typeof x === 'string');
    case 'expref':
      return isExpRef(v);
    case 'any':
      return true;
  }
}

/** A function as go-jmespath's FunctionEntry declares it: the types of each argument, whether the last repeats, and what it does once they check. */
interface Fn {
  readonly args: ReadonlyArray<readonly JpType[]>;
  readonly variadic?: boolean;
  readonly run: (args: Value[], e: Evaluation, nodes: readonly Node[]) => Json;
}

const S: readonly JpType[] = ['string'];
const N: readonly JpType[] = ['number'];
const A: readonly JpType[] = ['array'];
const O: readonly JpType[] = ['object'];
const ANY: readonly JpType[] = ['any'];
const REF: readonly JpType[] = ['expref'];

/** A list go-jmespath's handler asserts to []interface{}: Go panics on one held as []map[string]any. */
function plainList(name: string, v: Value): Json[] {
  if (GO_TYPED.has(v as Json[])) throw new Unsupported(`${name}() of the list items() makes, on which go-jmespath panics, is not evaluated by reachdiff`);
  return v as Json[];
}

/** max_by and min_by (functions.go, jpfMaxBy, jpfMinBy): the key of the first element decides whether all are compared as numbers or strings. */
function extremeBy(name: string, [a, ref]: Value[], e: Evaluation, better: (x: number) => boolean): Json {
  const list = plainList(name, a!);
  const node = (ref as ExpRef).node;
  if (list.length === 0) return null;
  if (list.length === 1) return list[0]!;
  const first = orNull(node, list[0]!, e);
  if (typeof first !== 'number' && typeof first !== 'string') throw new EvalError('invalid type, must be number of string');
  let best: Json = list[0] ?? null;
  let bestKey: number | string = first;
  let tie = false;
  for (const x of list.slice(1)) {
    const k = orNull(node, x, e);
    if (typeof k !== typeof first) throw new EvalError(`invalid type, must be ${typeof first}`);
    const d = typeof k === 'number' ? k - (bestKey as number) : compareStrings(k as string, bestKey as string);
    if (better(d)) [best, bestKey, tie] = [x, k as number | string, false];
    else if (d === 0 && !deepEqual(x, best)) tie = true;
  }
  if (tie && ORDERLESS.has(list)) orderMatters(`${name}()`);
  return best;
}

/** Kyverno's sum (pkg/engine/jmespath/functions.go, jpSum), in place of go-jmespath's: numbers, quantities or durations. */
function kyvernoSum(list: Json[]): Json {
  if (GO_TYPED.has(list)) throw new EvalError('sum: invalid type');
  if (list.length === 0) throw new EvalError('sum: at least one element in the array is required');
  if (list.length === 1) return list[0]!;
  const numbers = list.filter((x) => typeof x === 'number').length;
  const strings = list.filter((x) => typeof x === 'string').length;
  // _jpAdd: a scalar adds only to a scalar, a quantity or duration to its kind; anything else is no operand
  if (numbers + strings < list.length || (numbers > 0 && strings > 0)) throw new EvalError('sum: invalid operand');
  if (strings > 0) throw new Unsupported('sum() of quantities or durations (Kubernetes quantity and Go duration arithmetic) is not evaluated by reachdiff');
  if (ORDERLESS.has(list) && !list.every((x) => Number.isSafeInteger(x))) orderMatters('a sum of fractions');
  return (list as number[]).reduce((x, y) => x + y);
}

/**
 * The functions of go-jmespath (functions.go) and those of Kyverno's that
 * generate rules use (kyverno.io/docs/policy-types/cluster-policy/jmespath/;
 * pkg/engine/jmespath/functions.go), as they run.
 */
const FUNCTIONS: Record<string, Fn> = {
  abs: { args: [N], run: ([a]) => Math.abs(a as number) },
  avg: {
    args: [['array[number]']],
    run: ([a]) => {
      const l = a as number[];
      // 0/0: Go's NaN, which json.Marshal refuses
      if (l.length === 0) throw new Unsupported('avg() of an empty list, NaN in Go, is not evaluated by reachdiff');
      if (ORDERLESS.has(l) && !l.every((x) => Number.isSafeInteger(x))) orderMatters('an average of fractions');
      return l.reduce((x, y) => x + y, 0) / l.length;
    },
  },
  ceil: { args: [N], run: ([a]) => Math.ceil(a as number) },
  contains: {
    args: [['array', 'string'], ANY],
    run: ([a, b]) => {
      if (typeof a === 'string') return typeof b === 'string' && a.includes(b);
      // Go's == on interfaces: false for values of two types, a panic for two lists or two maps
      const kind = (x: Json) => (x === null ? 'null' : (x as unknown) instanceof GoInt ? 'int64' : Array.isArray(x) ? (GO_TYPED.has(x) ? 'typed' : 'array') : typeof x);
      const list = plainList('contains', a!);
      const uncomparable = (x: Json) => kind(x) === kind(b as Json) && isNode(x);
      if (ORDERLESS.has(list) ? list.some(uncomparable) : false) throw new Unsupported('contains() of a list and a value Go compares with ==, on which it panics, is not evaluated by reachdiff');
      for (const x of list) {
        if (uncomparable(x)) throw new Unsupported('contains() of a list and a value Go compares with ==, on which it panics, is not evaluated by reachdiff');
        if (kind(x) === kind(b as Json) && deepEqual(x, b as Json)) return true;
      }
      return false;
    },
  },
  ends_with: { args: [S, S], run: ([a, b]) => (a as string).endsWith(b as string) },
  floor: { args: [N], run: ([a]) => Math.floor(a as number) },
  join: {
    args: [S, ['array[string]']],
    run: ([sep, list]) => {
      const parts = list as string[];
      if (ORDERLESS.has(parts) && !allEqual(parts)) orderMatters('join()');
      fits('join', parts.reduce((length, p) => length + p.length + (sep as string).length, 0));
      return parts.join(sep as string);
    },
  },
  keys: {
    args: [O],
    run: ([a], e) => {
      const o = a as { [key: string]: Json };
      e.watch?.whole(o);
      const out = Object.keys(o);
      if (out.length > 1) ORDERLESS.add(out);
      return out;
    },
  },
  length: {
    args: [['string', 'array', 'object']],
    run: ([a], e) => {
      if (typeof a === 'string') return [...a].length;
      if (Array.isArray(a)) return a.length;
      e.watch?.whole(a as { [key: string]: Json });
      return Object.keys(a as object).length;
    },
  },
  map: {
    args: [REF, A],
    run: ([ref, a], e) => {
      const list = plainList('map', a!);
      const out = list.map((x) => orNull((ref as ExpRef).node, x, e));
      if (ORDERLESS.has(list) && !allEqual(out)) ORDERLESS.add(out);
      return out;
    },
  },
  max: { args: [['array[number]', 'array[string]']], run: ([a]) => extreme(a as Json[], 1) },
  max_by: { args: [A, REF], run: (args, e) => extremeBy('max_by', args, e, (d) => d > 0) },
  merge: {
    args: [O],
    variadic: true,
    run: (args, e) => {
      const out: { [key: string]: Json } = {};
      for (const a of args) {
        // variadic: go-jmespath checks no type, and its handler panics on what is not a map
        if (!isMap(a)) throw new Unsupported('merge() of what is not an object, on which go-jmespath panics, is not evaluated by reachdiff');
        e.watch?.whole(a);
        for (const [k, v] of Object.entries(a)) setOwn(out, k, v);
      }
      return out;
    },
  },
  min: { args: [['array[number]', 'array[string]']], run: ([a]) => extreme(a as Json[], -1) },
  min_by: { args: [A, REF], run: (args, e) => extremeBy('min_by', args, e, (d) => d < 0) },
  not_null: { args: [ANY], variadic: true, run: (args) => (args.find((a) => a !== null) as Json | undefined) ?? null },
  reverse: {
    args: [['array', 'string']],
    run: ([a]) => {
      if (typeof a === 'string') return [...a].reverse().join('');
      const list = plainList('reverse', a!);
      const out = [...list].reverse();
      if (ORDERLESS.has(list)) ORDERLESS.add(out);
      return out;
    },
  },
  sort: {
    args: [['array[string]', 'array[number]']],
    run: ([a]) => {
      const l = a as Json[];
      if (l.every((x) => typeof x === 'number')) return [...(l as number[])].sort((x, y) => x - y);
      return [...(l as string[])].sort(compareStrings);
    },
  },
  sort_by: {
    args: [A, REF],
    run: ([a, ref], e, nodes) => {
      const list = plainList('sort_by', a!);
      // fewer than two elements: given back as they are, their key not evaluated
      if (list.length < 2) return list;
      const node = (ref as ExpRef).node;
      const first = orNull(node, list[0]!, e);
      if (typeof first !== 'number' && typeof first !== 'string') throw new EvalError('invalid type, must be number of string');
      const keyed = list.map((x) => {
        // the comparisons evaluate every key, and any error, a key not found among them, fails it
        let k: Json;
        try {
          k = evaluate(node, x, e);
        } catch (err) {
          if (err instanceof NotFound || err instanceof EvalError) throw new EvalError('error in sort_by comparison');
          throw err;
        }
        if (typeof k !== typeof first) throw new EvalError('error in sort_by comparison');
        return { x, k: k as number | string };
      });
      const cmp = (p: { k: number | string }, q: { k: number | string }) => (typeof p.k === 'number' ? p.k - (q.k as number) : compareStrings(p.k, q.k as string));
      // sort.Stable
      const sorted = [...keyed].sort(cmp);
      if (ORDERLESS.has(list) && sorted.some((p, i) => i > 0 && cmp(p, sorted[i - 1]!) === 0 && !deepEqual(p.x, sorted[i - 1]!.x))) orderMatters('sort_by() with equal keys');
      const out = sorted.map((p) => p.x);
      // Go sorts the list it is given in place: where the data, or another part of the expression, holds that list, they see it sorted
      if (!madeHere(nodes[0]!) && out.some((x, i) => x !== list[i])) {
        throw new Unsupported('sort_by() of a list the data holds, which go-jmespath sorts in place for what reads it after, is not evaluated by reachdiff');
      }
      return out;
    },
  },
  starts_with: { args: [S, S], run: ([a, b]) => (a as string).startsWith(b as string) },
  // Kyverno's, in place of go-jmespath's
  sum: { args: [A], run: ([a]) => kyvernoSum(a as Json[]) },
  to_array: {
    args: [ANY],
    run: ([a]) => (Array.isArray(a) && !GO_TYPED.has(a) ? a : [a as Json]),
  },
  to_number: {
    args: [ANY],
    run: ([a]) => {
      if (typeof a === 'number') return a;
      if (typeof a === 'string') return parseGoFloat(a, 'to_number');
      if ((Array.isArray(a) && GO_TYPED.has(a)) || a instanceof GoInt) throw new EvalError('unknown type');
      return null;
    },
  },
  to_string: {
    args: [ANY],
    run: ([a], e) => {
      if (typeof a === 'string') return a;
      if (extentOf(a as Json).size > MAX_VALUE_SIZE) tooLarge('the string to_string() would make');
      watchWhole(e.watch, a!);
      if (orderless(a as Json)) orderMatters('to_string()');
      return goMarshal(a as Json);
    },
  },
  type: {
    args: [ANY],
    run: ([a]) => {
      if ((Array.isArray(a) && GO_TYPED.has(a)) || a instanceof GoInt) throw new EvalError('unknown type');
      return typeOf(a as Json);
    },
  },
  values: {
    args: [O],
    run: ([a], e) => {
      const o = a as { [key: string]: Json };
      e.watch?.whole(o);
      const out = Object.values(o);
      if (out.length > 1 && !allEqual(out)) ORDERLESS.add(out);
      return out;
    },
  },
  // Kyverno's (kyverno.io/docs/policy-types/cluster-policy/jmespath/#custom-filters)
  // Go's strings.Split: by an empty separator, into characters (code points, not UTF-16 halves)
  split: {
    args: [S, S],
    run: ([a, b]) => (b === '' ? [...(a as string)] : (a as string).split(b as string)),
  },
  to_upper: { args: [S], run: ([a]) => simpleCase('to_upper', a as string, 'upper') },
  to_lower: { args: [S], run: ([a]) => simpleCase('to_lower', a as string, 'lower') },
  trim: { args: [S, S], run: ([a, b]) => goTrim(a as string, b as string) },
  trim_prefix: { args: [S, S], run: ([a, b]) => ((a as string).startsWith(b as string) ? (a as string).slice((b as string).length) : (a as string)) },
  replace_all: { args: [S, S, S], run: ([a, b, c]) => goReplace('replace_all', a as string, b as string, c as string, -1) },
  // Kyverno converts the count to a Go int, dropping any fraction
  replace: { args: [S, S, S, N], run: ([a, b, c, d]) => goReplace('replace', a as string, b as string, c as string, goInt('replace', d as number)) },
  truncate: {
    args: [S, N],
    run: ([a, b]) => [...(a as string)].slice(0, Math.max(0, goInt('truncate', Math.max(0, b as number)))).join(''),
  },
  equal_fold: { args: [S, S], run: ([a, b]) => equalFold('equal_fold', a as string, b as string) },
  to_boolean: {
    args: [S],
    run: ([a]) => {
      const s = simpleCase('to_boolean', a as string, 'lower');
      if (s === 'true') return true;
      if (s === 'false') return false;
      throw new EvalError(`to_boolean: lowercase argument must be 'true' or 'false' (provided: '${excerpt(a as string)}')`);
    },
  },
  object_from_lists: {
    args: [A, A],
    run: ([a, b]) => {
      const keys = a as Json[];
      const values = b as Json[];
      if (GO_TYPED.has(keys) || GO_TYPED.has(values)) throw new EvalError('object_from_lists: invalid type');
      if ((ORDERLESS.has(keys) || ORDERLESS.has(values)) && keys.length > 1) orderMatters('object_from_lists()');
      const out: { [key: string]: Json } = {};
      keys.forEach((k, i) => {
        // ifaceToString: a float64 as a float32 in plain decimal, a bool, a string; anything else fails
        let key: string;
        if (typeof k === 'string') key = k;
        else if (typeof k === 'number') key = goFloat32Text(k);
        else if (typeof k === 'boolean') key = String(k);
        else throw new EvalError('object_from_lists: invalid type of key');
        setOwn(out, key, values[i] ?? null);
      });
      return out;
    },
  },
  items: {
    args: [['object', 'array'], S, S],
    run: ([a, b, c], e) => {
      const k = b as string;
      const v = c as string;
      let out: Json[];
      if (Array.isArray(a)) {
        if (GO_TYPED.has(a)) throw new EvalError('items: invalid type');
        out = a.map((x, i) => ({ [k]: i, [v]: x }) as { [key: string]: Json });
        if (ORDERLESS.has(a)) ORDERLESS.add(out);
      } else {
        const o = a as { [key: string]: Json };
        e.watch?.whole(o);
        // sort.Strings, by bytes
        out = Object.keys(o)
          .sort(compareStrings)
          .map((key) => {
            const item: { [key: string]: Json } = {};
            setOwn(item, k, key);
            setOwn(item, v, o[key]!);
            return item;
          });
      }
      GO_TYPED.add(out);
      return out;
    },
  },
};

/** max() and min(): numbers or strings, compared as Go does; null for an empty list. */
function extreme(list: Json[], sign: 1 | -1): Json {
  if (list.length === 0) return null;
  let best: Json = list[0] ?? null;
  for (const x of list.slice(1)) {
    const d = typeof x === 'number' ? x - (best as number) : compareStrings(x as string, best as string);
    if (d * sign > 0) best = x;
  }
  return best;
}

/** Whether the argument of a function is a list the evaluation makes then and there, which nothing else holds. */
function madeHere(n: Node): boolean {
  switch (n.t) {
    case 'project':
    case 'valueProject':
    case 'filterProject':
    case 'flatten':
    case 'list':
    case 'literal':
      return true;
    case 'call':
      return !['not_null', 'to_array', 'sort_by'].includes(n.name);
    default:
      return false;
  }
}

/** Kyverno's functions that reachdiff does not evaluate (regular expressions are Go's, time is the cluster's). */
const KYVERNO_ONLY = [
  'add', 'base64_decode', 'base64_encode', 'compare', 'divide', 'image_normalize', 'is_external_url', 'label_match', 'lookup', 'md5',
  'modulo', 'multiply', 'parse_json', 'parse_yaml', 'path_canonicalize', 'pattern_match', 'random', 'regex_match', 'regex_replace_all',
  'regex_replace_all_literal', 'round', 'semver_compare', 'sha1', 'sha256', 'subtract', 'time_add', 'time_after', 'time_before',
  'time_between', 'time_diff', 'time_now', 'time_now_utc', 'time_parse', 'time_since', 'time_to_cron', 'time_truncate', 'time_utc',
  'x509_decode',
];

/** functionCaller.CallFunction: the function by its name, its arguments counted and checked, then run. */
function call(name: string, args: Value[], nodes: readonly Node[], e: Evaluation): Json {
  // not FUNCTIONS[name]: valueOf, toString or constructor would be found on Object.prototype
  const f = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name]! : undefined;
  if (!f) {
    if (KYVERNO_ONLY.includes(name)) throw new Unsupported(`the JMESPath function ${name}() is not evaluated by reachdiff`);
    throw new EvalError(`unknown function: ${name}`);
  }
  if (f.variadic) {
    if (args.length < f.args.length) throw new EvalError(`${name}(): invalid arity`);
  } else {
    if (args.length !== f.args.length) throw new EvalError(`${name}(): incorrect number of args`);
    args.forEach((a, i) => {
      const types = f.args[i]!;
      if (!types.some((t) => typeOk(t, a))) throw new EvalError(`${name}(): invalid type for argument ${i + 1}: ${isExpRef(a) ? 'an expression' : typeOf(a)}, expected ${types.join(' or ')}`);
    });
  }
  // where a function takes any value, an expression reference is one to Go, and would be written out as {} or fail
  args.forEach((a, i) => {
    if (isExpRef(a) && (f.args[i] ?? f.args[f.args.length - 1]!).includes('any')) {
      throw new Unsupported(`${name}() of an expression reference (&...), which go-jmespath takes for a value, is not evaluated by reachdiff`);
    }
  });
  // a function reads its arguments and makes its value about once each
  for (const a of args) if (!isExpRef(a)) e.steps.made(a);
  return e.steps.made(f.run(args, e, nodes));
}

/** The names of the fields an expression reads, anywhere in it. */
export function fieldNames(root: Node): Set<string> {
  const out = new Set<string>();
  const stack: Node[] = [root];
  for (let n = stack.pop(); n; n = stack.pop()) {
    if (n.t === 'field') out.add(n.name);
    stack.push(...childrenOf(n));
  }
  return out;
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

/**
 * Evaluates an expression on data, as Kyverno's context does (go-jmespath
 * and Kyverno's functions). Throws JmesPathError for a malformed expression;
 * NotFound where go-jmespath's NotFoundError reaches the top, and EvalError
 * for a runtime error it returns too, both of which fail the rule where
 * Kyverno evaluates it; Unsure where the watch hears of a read whose value
 * the cluster may give otherwise; Unsupported for what reachdiff does not
 * evaluate or an expression past its bounds. The value may hold lists whose
 * order Go's map iteration decides (orderless) or that Go holds as
 * []map[string]any (goTyped): what reads it next decides whether that
 * matters.
 */
export function search(text: string, data: Json, partOf?: Budget, watch?: Watch): Json {
  const value = evaluate(compile(text), data, { steps: new Budget(MAX_STEPS, () => `evaluating "${excerpt(text)}"`, partOf), watch });
  // values are written out as JSON and compared by recursion, which a deep one overflows
  const extent = extentOf(value);
  if (extent.depth > MAX_VALUE_DEPTH) tooDeep(`the value of "${excerpt(text)}"`, MAX_VALUE_DEPTH);
  if (extent.size > MAX_VALUE_SIZE) tooLarge(`the value of "${excerpt(text)}"`);
  return value;
}
