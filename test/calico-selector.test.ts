/**
 * Calico's selector language, one rule per case. The references are
 * libcalico-go's tokenizer and parser (projectcalico/calico,
 * libcalico-go/lib/selector/tokenizer/tokenizer.go, parser/parser.go,
 * parser/ast.go, and their tests) and the selector table of the
 * NetworkPolicy reference
 * (https://docs.tigera.io/calico/latest/reference/resources/networkpolicy#selectors).
 */
import { describe, expect, it } from 'vitest';
import type { CalicoExpr } from '../src/policy/calico/selector.js';
import { evaluate, formatCalicoSelector, parseCalicoSelector } from '../src/policy/calico/selector.js';

function parse(text: string): CalicoExpr {
  const r = parseCalicoSelector(text);
  if ('error' in r) throw new Error(`${text}: ${r.error.message} at ${r.error.position}`);
  return r.expr;
}

function error(text: string): { message: string; position: number } {
  const r = parseCalicoSelector(text);
  if (!('error' in r)) throw new Error(`${text} parsed as ${formatCalicoSelector(r.expr)}`);
  return r.error;
}

function test(text: string, labels: Record<string, string>): boolean {
  return evaluate(parse(text), (k) => (Object.prototype.hasOwnProperty.call(labels, k) ? labels[k] : undefined));
}

describe('Calico selectors: operators', () => {
  it('== matches the label with that value, and never an endpoint without the label', () => {
    expect(test(`app == "web"`, { app: 'web' })).toBe(true);
    expect(test(`app == "web"`, { app: 'db' })).toBe(false);
    expect(test(`app == "web"`, {})).toBe(false);
  });

  it('!= matches a different value and an endpoint without the label (ast.go LabelNeValueNode)', () => {
    expect(test(`app != "web"`, { app: 'db' })).toBe(true);
    expect(test(`app != "web"`, {})).toBe(true);
    expect(test(`app != "web"`, { app: 'web' })).toBe(false);
  });

  it('in matches a value of the set; an empty set matches nothing', () => {
    expect(test(`tier in {"a", "b"}`, { tier: 'b' })).toBe(true);
    expect(test(`tier in {"a", "b"}`, { tier: 'c' })).toBe(false);
    expect(test(`tier in {"a", "b"}`, {})).toBe(false);
    expect(test(`tier in {}`, { tier: 'a' })).toBe(false);
  });

  it('not in matches a value outside the set and an endpoint without the label', () => {
    expect(test(`tier not in {"a"}`, { tier: 'b' })).toBe(true);
    expect(test(`tier not in {"a"}`, {})).toBe(true);
    expect(test(`tier not in {"a"}`, { tier: 'a' })).toBe(false);
    expect(test(`tier not in {}`, {})).toBe(true);
  });

  it('notin, startswith and endswith are read as the two-word operators (blanks between the words are optional)', () => {
    expect(formatCalicoSelector(parse(`a notin {"x"}`))).toBe(`a not in {"x"}`);
    expect(formatCalicoSelector(parse(`a startswith "x"`))).toBe(`a starts with "x"`);
    expect(formatCalicoSelector(parse(`a endswith "x"`))).toBe(`a ends with "x"`);
    expect(formatCalicoSelector(parse(`a  not \t in {"x"}`))).toBe(`a not in {"x"}`);
  });

  it('contains, starts with and ends with test the value, and never match an endpoint without the label', () => {
    expect(test(`a contains "ell"`, { a: 'hello' })).toBe(true);
    expect(test(`a contains "x"`, { a: 'hello' })).toBe(false);
    expect(test(`a starts with "he"`, { a: 'hello' })).toBe(true);
    expect(test(`a starts with "lo"`, { a: 'hello' })).toBe(false);
    expect(test(`a ends with "lo"`, { a: 'hello' })).toBe(true);
    expect(test(`a ends with "he"`, { a: 'hello' })).toBe(false);
    for (const op of ['contains', 'starts with', 'ends with']) expect(test(`a ${op} ""`, {})).toBe(false);
  });

  it('has() matches an endpoint with the label, whatever its value; !has() one without it', () => {
    expect(test(`has(a)`, { a: '' })).toBe(true);
    expect(test(`has(a)`, {})).toBe(false);
    expect(test(`!has(a)`, {})).toBe(true);
    expect(test(`has( a )`, { a: 'x' })).toBe(true);
  });

  it('all() and global() match every endpoint; the empty selector is all()', () => {
    expect(test(`all()`, {})).toBe(true);
    expect(test(`global()`, { a: 'b' })).toBe(true);
    expect(parse('')).toEqual({ op: 'all' });
    expect(parse(' \t ')).toEqual({ op: 'all' });
    expect(formatCalicoSelector(parse(' ( all( ) )'))).toBe('all()');
  });

  it('labels take letters, digits and _ . / -, so prefixed keys need no quoting', () => {
    expect(test(`app.kubernetes.io/name == "x"`, { 'app.kubernetes.io/name': 'x' })).toBe(true);
    expect(test(`projectcalico.org/namespace == "ns-1"`, { 'projectcalico.org/namespace': 'ns-1' })).toBe(true);
    expect(test(`A_b-c == "v"`, { 'A_b-c': 'v' })).toBe(true);
  });

  it('a word operator must end at a word boundary: "a inx" is not "a in x"', () => {
    expect(error(`a inx {"b"}`).message).toMatch(/expected an operator after label "a"/);
    expect(error(`a containsx "b"`).position).toBe(2);
  });

  it('a label may be named like a keyword where no operator is expected', () => {
    expect(test(`in == "x" && has == "y"`, { in: 'x', has: 'y' })).toBe(true);
    expect(test(`all == "x"`, { all: 'x' })).toBe(true);
  });
});

describe('Calico selectors: precedence', () => {
  it('&& binds tighter than ||', () => {
    // a || (b && c)
    expect(test(`a == "1" || b == "1" && c == "1"`, { a: '1' })).toBe(true);
    expect(test(`a == "1" || b == "1" && c == "1"`, { b: '1' })).toBe(false);
    expect(formatCalicoSelector(parse(`a == "1" || b == "1" && c == "1"`))).toBe(`a == "1" || b == "1" && c == "1"`);
  });

  it('parentheses group', () => {
    expect(test(`(a == "1" || b == "1") && c == "1"`, { a: '1' })).toBe(false);
    expect(test(`(a == "1" || b == "1") && c == "1"`, { a: '1', c: '1' })).toBe(true);
    expect(formatCalicoSelector(parse(`(a == "1" || b == "1") && c == "1"`))).toBe(`(a == "1" || b == "1") && c == "1"`);
  });

  it('! binds to the one operation after it: !a in {"x"} is !(a in {"x"})', () => {
    expect(test(`!a in {"x"}`, { a: 'y' })).toBe(true);
    expect(test(`!a in {"x"}`, {})).toBe(true);
    expect(test(`!a == "x" && b == "y"`, { b: 'y' })).toBe(true);
    expect(test(`!a == "x" && b == "y"`, { a: 'x', b: 'y' })).toBe(false);
  });

  it('repeated ! collapse by parity, with or without blanks between them', () => {
    expect(test(`!!has(a)`, { a: '1' })).toBe(true);
    expect(test(`! !! has(a)`, { a: '1' })).toBe(false);
    expect(formatCalicoSelector(parse(`!!!has(a)`))).toBe('!has(a)');
  });

  it('! before a parenthesised expression negates all of it', () => {
    expect(test(`!(has(b) || !has(a))`, { a: '1' })).toBe(true);
    expect(formatCalicoSelector(parse(`! (has( b)||! has(a ))`))).toBe('!(has(b) || !has(a))');
  });
});

describe('Calico selectors: quoting', () => {
  it('strings take single or double quotes, without escapes: the other quote is literal inside', () => {
    expect(test(`a == "it's"`, { a: "it's" })).toBe(true);
    expect(test(`a == 'say "hi"'`, { a: 'say "hi"' })).toBe(true);
    expect(test(`a in {"'", '"'}`, { a: '"' })).toBe(true);
  });

  it('the canonical text quotes with " unless the value holds one', () => {
    expect(formatCalicoSelector(parse(`a == 'x'`))).toBe(`a == "x"`);
    expect(formatCalicoSelector(parse(`a == '"'`))).toBe(`a == '"'`);
    expect(formatCalicoSelector(parse(`a!='"'`))).toBe(`a != '"'`);
  });

  it('set values are de-duplicated and sorted, and a trailing comma is allowed', () => {
    expect(formatCalicoSelector(parse(`a in {"z", "x", "z", "a",}`))).toBe(`a in {"a", "x", "z"}`);
  });

  it('the canonical text parses back to the same expression', () => {
    for (const text of [`a == "1" || !(b in {"x", "y"} && has(c))`, `!a contains "'"`, `(a == "1" || b == "2") && (c != "3" || d ends with "4")`]) {
      const expr = parse(text);
      expect(parse(formatCalicoSelector(expr))).toEqual(expr);
    }
  });
});

describe('Calico selectors: errors carry the position', () => {
  it('a value on the right must be a quoted string: b == b is an error at the second b', () => {
    expect(error('b == b')).toEqual({ message: 'expected a quoted string after "==", found label "b"', position: 5 });
  });

  it('a literal on the left is an error', () => {
    expect(error(`'b1' == b`).position).toBe(0);
  });

  it('a bare label is an error at the end', () => {
    expect(error('b')).toEqual({ message: expect.stringMatching(/after label "b", found the end/) as unknown as string, position: 1 });
  });

  it('two labels without an operator: the second is not an operator', () => {
    expect(error('a b').message).toMatch(/expected an operator after label "a"/);
    expect(error('a b').position).toBe(2);
  });

  it('a single =, & or | is an error where it stands', () => {
    expect(error('a = "b"')).toEqual({ message: expect.stringContaining('expected "=="') as unknown as string, position: 2 });
    expect(error('has(a) & has(b)').position).toBe(7);
    expect(error('has(a) | has(b)').position).toBe(7);
  });

  it('an unterminated string is an error at its opening quote', () => {
    expect(error(`a == "FOO`)).toEqual({ message: 'unterminated string', position: 5 });
    expect(error(`a == "FOO'`).position).toBe(5);
  });

  it('unbalanced parentheses: ( without ), a stray ), and ()', () => {
    expect(error('(').message).toMatch(/found the end/);
    expect(error(`(a == "foo"`).message).toMatch(/expected "\)" to close the "\(" at 1/);
    expect(error(')').position).toBe(0);
    expect(error('()').position).toBe(1);
  });

  it('in needs a set literal, and a set holds quoted strings separated by commas', () => {
    expect(error(`a in ""`).message).toMatch(/expected a set literal/);
    expect(error(`a in {"x" "y"}`).position).toBe(10);
    expect(error(`a in {"", ||`).position).toBe(10);
  });

  it('an unexpected character is an error where it stands', () => {
    expect(error('%')).toEqual({ message: 'unexpected character "%"', position: 0 });
    expect(error(`a == "b" && %`).position).toBe(12);
  });

  it('a line break is not whitespace: a selector is one line', () => {
    expect(error('a == "b" &&\nc == "d"')).toEqual({ message: 'unexpected line break (a selector is one line)', position: 11 });
  });

  it('an operator at the end, or content after a complete expression, is an error', () => {
    expect(error('has(foo) &&').message).toMatch(/found the end of the selector/);
    expect(error(`foo == "bar" &`).position).toBe(13);
    expect(error(`a == "b" c == "d"`)).toEqual({ message: expect.stringMatching(/unexpected label "c" after a complete expression/) as unknown as string, position: 9 });
    expect(error('!').message).toMatch(/found the end/);
  });

  it('has() needs a label and its closing parenthesis; a blank between has and ( makes has a label', () => {
    expect(error('has()').position).toBe(4);
    expect(error('has(a b)').message).toMatch(/no closing "\)" after has\(/);
    expect(error('has (a)').message).toMatch(/expected an operator .* after label "has"/);
  });

  it('a label longer than 512 characters is an error', () => {
    expect(error(`${'a'.repeat(513)} == "x"`).message).toMatch(/longer than 512/);
    expect(test(`${'a'.repeat(512)} == "x"`, { ['a'.repeat(512)]: 'x' })).toBe(true);
  });
});
