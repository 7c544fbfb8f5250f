/**
 * Calico's selector language, as libcalico-go reads it
 * (lib/selector/tokenizer/tokenizer.go, lib/selector/parser/parser.go and
 * ast.go): a tokenizer and a recursive-descent parser giving an expression,
 * its evaluation over labels, and a canonical text.
 *
 *     selector := ε | or
 *     or       := and ('||' and)*
 *     and      := op ('&&' op)*
 *     op       := '!'* ( has(L) | all() | global() | '(' or ')'
 *                      | L ('==' | '!=' | contains | starts with | ends with) S
 *                      | L (in | not in) '{' [S (',' S)* [',']] '}' )
 *
 * Whitespace is spaces and tabs only; a label is 1 to 512 of
 * `[a-zA-Z0-9_./-]`; a string is quoted with `"` or `'`, without escapes.
 * Word operators are recognised only right after a label.
 */

export type CalicoExpr =
  | { readonly op: 'all' }
  | { readonly op: 'global' }
  | { readonly op: 'has'; readonly label: string }
  | { readonly op: '==' | '!=' | 'contains' | 'starts with' | 'ends with'; readonly label: string; readonly value: string }
  | { readonly op: 'in' | 'not in'; readonly label: string; readonly values: readonly string[] }
  | { readonly op: 'not'; readonly expr: CalicoExpr }
  | { readonly op: 'and' | 'or'; readonly exprs: readonly CalicoExpr[] };

/** Why a selector does not parse, and where: a 0-based offset into its text. */
export interface SelectorError {
  readonly message: string;
  readonly position: number;
}

export const MAX_LABEL_LENGTH = 512;

type TokenKind =
  | 'label'
  | 'string'
  | '{'
  | '}'
  | ','
  | '=='
  | '!='
  | 'in'
  | 'not in'
  | '!'
  | 'contains'
  | 'starts with'
  | 'ends with'
  | 'all'
  | 'has'
  | 'global'
  | '('
  | ')'
  | '&&'
  | '||'
  | 'end';

interface Token {
  readonly kind: TokenKind;
  readonly value: string;
  readonly position: number;
}

class ParseError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
  }
}

function isLabelChar(c: string | undefined): boolean {
  return c !== undefined && /[a-zA-Z0-9_./-]/.test(c);
}

function isBlank(c: string | undefined): boolean {
  return c === ' ' || c === '\t';
}

function describeChar(c: string): string {
  if (c === '\n' || c === '\r') return 'line break (a selector is one line)';
  return `character ${JSON.stringify(c)}`;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const skipBlanks = () => {
    while (isBlank(text[i])) i++;
  };
  const label = (): string => {
    const start = i;
    while (isLabelChar(text[i])) i++;
    if (i === start) {
      throw new ParseError(i < text.length ? `unexpected ${describeChar(text[i]!)}` : 'unexpected end of selector, expected a label', i);
    }
    if (i - start > MAX_LABEL_LENGTH) throw new ParseError(`label is longer than ${MAX_LABEL_LENGTH} characters`, start);
    return text.slice(start, i);
  };
  /** The words of a word operator at i, each separated by optional blanks and the last ending at a word boundary. */
  const words = (...ws: string[]): boolean => {
    let j = i;
    for (const [k, w] of ws.entries()) {
      if (!text.startsWith(w, j)) return false;
      j += w.length;
      if (k < ws.length - 1) while (isBlank(text[j])) j++;
    }
    if (isLabelChar(text[j])) return false;
    i = j;
    return true;
  };
  /** A function call `name(` ... `)` at i, with an optional label inside. */
  const call = (name: string, withLabel: boolean): string | undefined => {
    if (!text.startsWith(`${name}(`, i)) return undefined;
    const start = i;
    i += name.length + 1;
    skipBlanks();
    const inside = withLabel ? label() : '';
    skipBlanks();
    if (text[i] !== ')') throw new ParseError(`no closing ")" after ${name}(`, start);
    i++;
    return inside;
  };
  for (;;) {
    skipBlanks();
    const start = i;
    const c = text[i];
    const push = (kind: TokenKind, value = '') => tokens.push({ kind, value, position: start });
    if (c === undefined) {
      push('end');
      return tokens;
    }
    switch (c) {
      case '(':
      case ')':
      case '{':
      case '}':
      case ',':
        i++;
        push(c);
        continue;
      case '"':
      case "'": {
        const close = text.indexOf(c, i + 1);
        if (close < 0) throw new ParseError('unterminated string', i);
        push('string', text.slice(i + 1, close));
        i = close + 1;
        continue;
      }
      case '=':
        if (text[i + 1] !== '=') throw new ParseError('expected "==" (a single "=" is not an operator)', i);
        i += 2;
        push('==');
        continue;
      case '!':
        if (text[i + 1] === '=') {
          i += 2;
          push('!=');
        } else {
          i++;
          push('!');
        }
        continue;
      case '&':
      case '|':
        if (text[i + 1] !== c) throw new ParseError(`expected "${c}${c}"`, i);
        i += 2;
        push(c === '&' ? '&&' : '||');
        continue;
    }
    if (tokens.at(-1)?.kind === 'label') {
      // after a label: a word operator
      if (words('contains')) push('contains');
      else if (words('starts', 'with')) push('starts with');
      else if (words('ends', 'with')) push('ends with');
      else if (words('not', 'in')) push('not in');
      else if (words('in')) push('in');
      else throw new ParseError(`expected an operator after label "${tokens.at(-1)!.value}"`, i);
      continue;
    }
    const has = call('has', true);
    if (has !== undefined) {
      push('has', has);
      continue;
    }
    if (call('all', false) !== undefined) {
      push('all');
      continue;
    }
    if (call('global', false) !== undefined) {
      push('global');
      continue;
    }
    push('label', label());
  }
}

function describe(t: Token): string {
  switch (t.kind) {
    case 'label':
      return `label "${t.value}"`;
    case 'string':
      return `string "${t.value}"`;
    case 'end':
      return 'the end of the selector';
    case 'has':
      return `has(${t.value})`;
    case 'all':
    case 'global':
      return `${t.kind}()`;
    default:
      return `"${t.kind}"`;
  }
}

class Parser {
  private at = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.at + offset, this.tokens.length - 1)]!;
  }

  parseRoot(): CalicoExpr {
    if (this.peek().kind === 'end') return { op: 'all' };
    const expr = this.or();
    const rest = this.peek();
    if (rest.kind !== 'end') throw new ParseError(`unexpected ${describe(rest)} after a complete expression (join terms with && or ||)`, rest.position);
    return expr;
  }

  private or(): CalicoExpr {
    const exprs = [this.and()];
    while (this.peek().kind === '||') {
      this.at++;
      exprs.push(this.and());
    }
    return exprs.length === 1 ? exprs[0]! : { op: 'or', exprs };
  }

  private and(): CalicoExpr {
    const exprs = [this.operation()];
    while (this.peek().kind === '&&') {
      this.at++;
      exprs.push(this.operation());
    }
    return exprs.length === 1 ? exprs[0]! : { op: 'and', exprs };
  }

  private operation(): CalicoExpr {
    // any number of "!" bind to the one operation after them
    let negated = false;
    while (this.peek().kind === '!') {
      negated = !negated;
      this.at++;
    }
    const expr = this.term();
    return negated ? { op: 'not', expr } : expr;
  }

  private string(after: Token): string {
    const t = this.peek();
    if (t.kind !== 'string') throw new ParseError(`expected a quoted string after ${describe(after)}, found ${describe(t)}`, t.position);
    this.at++;
    return t.value;
  }

  private term(): CalicoExpr {
    const t = this.peek();
    switch (t.kind) {
      case 'has':
        this.at++;
        return { op: 'has', label: t.value };
      case 'all':
        this.at++;
        return { op: 'all' };
      case 'global':
        this.at++;
        return { op: 'global' };
      case '(': {
        this.at++;
        const inner = this.or();
        const close = this.peek();
        if (close.kind !== ')') throw new ParseError(`expected ")" to close the "(" at ${t.position + 1}, found ${describe(close)}`, close.position);
        this.at++;
        return inner;
      }
      case 'label': {
        this.at++;
        const op = this.peek();
        switch (op.kind) {
          case '==':
          case '!=':
          case 'contains':
          case 'starts with':
          case 'ends with':
            this.at++;
            return { op: op.kind, label: t.value, value: this.string(op) };
          case 'in':
          case 'not in': {
            this.at++;
            const open = this.peek();
            if (open.kind !== '{') throw new ParseError(`expected a set literal "{...}" after ${describe(op)}, found ${describe(open)}`, open.position);
            this.at++;
            const values: string[] = [];
            while (this.peek().kind === 'string') {
              values.push(this.peek().value);
              this.at++;
              if (this.peek().kind !== ',') break;
              this.at++;
            }
            const close = this.peek();
            if (close.kind !== '}') throw new ParseError(`expected a quoted string, "," or "}" in the set literal, found ${describe(close)}`, close.position);
            this.at++;
            return { op: op.kind, label: t.value, values: [...new Set(values)].sort() };
          }
          default:
            throw new ParseError(`expected an operator (==, !=, in, not in, contains, starts with, ends with) after ${describe(t)}, found ${describe(op)}`, op.position);
        }
      }
      default:
        throw new ParseError(`expected a label, has(), all(), global(), "!" or "(", found ${describe(t)}`, t.position);
    }
  }
}

/** Parses a selector; the empty selector is `all()`. */
export function parseCalicoSelector(text: string): { expr: CalicoExpr } | { error: SelectorError } {
  try {
    return { expr: new Parser(tokenize(text)).parseRoot() };
  } catch (e) {
    if (e instanceof ParseError) return { error: { message: e.message, position: e.position } };
    throw e;
  }
}

/** Looks a label up: its value, or undefined where the endpoint does not have it. */
export type LabelLookup = (label: string) => string | undefined;

/**
 * What `all()` and `global()` mean where an expression is evaluated: both
 * match everything in a selector, but Calico rewrites a rule's
 * namespaceSelector so that `all()` means "any namespaced endpoint" and
 * `global()` "an endpoint outside every namespace".
 */
export interface Functions {
  readonly all: boolean;
  readonly global: boolean;
}

const PLAIN: Functions = { all: true, global: true };

/** Evaluates an expression over an endpoint's labels (lib/selector/parser/ast.go). */
export function evaluate(expr: CalicoExpr, get: LabelLookup, fns: Functions = PLAIN): boolean {
  switch (expr.op) {
    case 'all':
      return fns.all;
    case 'global':
      return fns.global;
    case 'has':
      return get(expr.label) !== undefined;
    case '==':
      return get(expr.label) === expr.value;
    case '!=':
      // an endpoint without the label is "not equal"
      return get(expr.label) !== expr.value;
    case 'contains': {
      const v = get(expr.label);
      return v !== undefined && v.includes(expr.value);
    }
    case 'starts with': {
      const v = get(expr.label);
      return v !== undefined && v.startsWith(expr.value);
    }
    case 'ends with': {
      const v = get(expr.label);
      return v !== undefined && v.endsWith(expr.value);
    }
    case 'in': {
      const v = get(expr.label);
      return v !== undefined && expr.values.includes(v);
    }
    case 'not in': {
      const v = get(expr.label);
      return v === undefined || !expr.values.includes(v);
    }
    case 'not':
      return !evaluate(expr.expr, get, fns);
    case 'and':
      return expr.exprs.every((e) => evaluate(e, get, fns));
    case 'or':
      return expr.exprs.some((e) => evaluate(e, get, fns));
  }
}

function quote(value: string): string {
  return value.includes('"') ? `'${value}'` : `"${value}"`;
}

/** Canonical text: equal texts mean equal expressions, and it parses back to the same expression. */
export function formatCalicoSelector(expr: CalicoExpr): string {
  const inner = (e: CalicoExpr, parent: 'and' | 'or' | 'not' | 'top'): string => {
    switch (e.op) {
      case 'all':
      case 'global':
        return `${e.op}()`;
      case 'has':
        return `has(${e.label})`;
      case 'in':
      case 'not in':
        return `${e.label} ${e.op} {${e.values.map(quote).join(', ')}}`;
      case 'not':
        return `!${inner(e.expr, 'not')}`;
      case 'and': {
        const text = e.exprs.map((x) => inner(x, 'and')).join(' && ');
        return parent === 'not' ? `(${text})` : text;
      }
      case 'or': {
        const text = e.exprs.map((x) => inner(x, 'or')).join(' || ');
        return parent === 'top' || parent === 'or' ? text : `(${text})`;
      }
      default:
        return `${e.label} ${e.op} ${quote(e.value)}`;
    }
  };
  return inner(expr, 'top');
}

/** The conjuncts of an expression: the terms of a top-level `&&`, or the expression itself. */
export function conjuncts(expr: CalicoExpr): readonly CalicoExpr[] {
  return expr.op === 'and' ? expr.exprs.flatMap(conjuncts) : [expr];
}

/** The labels an expression reads. */
export function labelsOf(expr: CalicoExpr): string[] {
  switch (expr.op) {
    case 'all':
    case 'global':
      return [];
    case 'not':
      return labelsOf(expr.expr);
    case 'and':
    case 'or':
      return expr.exprs.flatMap(labelsOf);
    default:
      return [expr.label];
  }
}

/**
 * Whether a rule's namespaceSelector holds endpoints outside every
 * namespace: host endpoints and GlobalNetworkSets. Calico prefixes its
 * labels with `pcns.`, which such endpoints never carry, and rewrites
 * `all()` to `has(projectcalico.org/namespace)` and `global()` to its
 * negation (libcalico-go/lib/backend/syncersv1/updateprocessors/rules.go
 * getEndpointSelector): `global()`, `!all()`, `team != 'x'` or
 * `!has(team)` all hold them, whatever else they hold.
 */
export function selectsNonNamespaced(namespaceSelector: CalicoExpr): boolean {
  return evaluate(namespaceSelector, () => undefined, { all: false, global: true });
}

/** Whether an expression uses `global()` anywhere. */
export function usesGlobal(expr: CalicoExpr): boolean {
  switch (expr.op) {
    case 'global':
      return true;
    case 'not':
      return usesGlobal(expr.expr);
    case 'and':
    case 'or':
      return expr.exprs.some(usesGlobal);
    default:
      return false;
  }
}
