/**
 * Kyverno's variables (kyverno.io/docs/policy-types/cluster-policy/variables/):
 * `{{ <JMESPath> }}` anywhere in a string is replaced by the value of the
 * expression on the rule's context (the admission request, `element` and
 * `elementIndex` in a foreach, context variables). A string that is one
 * variable takes the value with its type; inside a longer string the value
 * is written out. Innermost variables are substituted first, values are
 * substituted again (nested substitution) unless written `{{- ... }}`, and
 * `\{{` is a literal `{{`.
 */
import type { Budget, Json, Node } from './jmespath.js';
import { compile, excerpt, JmesPathError, MAX_VALUE_SIZE, rootOf, search, setOwn, Unsupported } from './jmespath.js';

/** A variable whose value is null: Kyverno fails the rule for that object. */
export class Unresolved extends Error {
  constructor(readonly variable: string) {
    super(`the variable {{${variable}}} does not resolve`);
  }
}

/** A variable Kyverno rejects when the policy is created: a name not defined in the context, or a malformed expression. */
export class InvalidVariable extends Error {}

/** The data variables are read from, and the names a rule may use. */
export interface Scope {
  readonly data: { readonly [key: string]: Json };
  /** Names defined in the rule's context and foreach entries, besides `request`, `element` and `elementIndex`. */
  readonly names: ReadonlySet<string>;
  /** The steps of the expansion, which evaluations and substitutions take. */
  readonly budget: Budget;
  /**
   * Hears of each expression before it is evaluated on this data, and throws
   * (Unsupported) where its value may not be the one Kyverno sees: the
   * fields a pod gets from its controller rather than from its template.
   */
  readonly check?: (expr: string, node: Node) => void;
}

const BUILTIN = new Set(['request', 'element', 'elementIndex', '@']);

/** What the admission request has that the manifests do not: who makes it. */
const USER_INFO = new Set(['serviceAccountName', 'serviceAccountNamespace', 'images']);

const VARIABLE = /(^|[^\\])(\{\{(-?)((?:\{[^{}]*\}|[^{}])*)\}\})/;

/** Checks an expression as Kyverno does on admission of the policy, and evaluates it. */
export function evaluateVariable(expr: string, scope: Scope): Json {
  let node;
  try {
    node = compile(expr);
  } catch (e) {
    if (e instanceof JmesPathError) throw new InvalidVariable(`{{${expr}}}: ${e.message}`);
    throw e;
  }
  const root = rootOf(node);
  if (root !== undefined && !BUILTIN.has(root) && !scope.names.has(root) && !/^element(Index)?\d*$/.test(root)) {
    if (USER_INFO.has(root)) throw new Unsupported(`{{${expr}}} depends on who makes the request, which the manifests do not say`);
    throw new InvalidVariable(`the variable {{${expr}}} is not defined in the context (${root})`);
  }
  if (/\brequest\.(userInfo|roles|clusterRoles)\b/.test(expr)) throw new Unsupported(`{{${expr}}} depends on who makes the request, which the manifests do not say`);
  scope.check?.(expr, node);
  try {
    return search(expr, scope.data as Json, scope.budget);
  } catch (e) {
    if (e instanceof JmesPathError) throw new InvalidVariable(`{{${expr}}}: ${e.message}`);
    throw e;
  }
}

function written(v: Json): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Substitutes the variables of one string. */
export function substituteString(text: string, scope: Scope): Json {
  if (!text.includes('{{')) return text;
  let s = text;
  for (let round = 0; round < 100; round++) {
    const m = VARIABLE.exec(s);
    if (!m) break;
    const [, before, whole, shallow, inner] = m as unknown as [string, string, string, string, string];
    const expr = inner.trim();
    const value = evaluateVariable(expr, scope);
    if (value === null) throw new Unresolved(expr);
    const start = m.index + before.length;
    if (start === 0 && whole.length === s.length) {
      if (typeof value !== 'string') return value;
      if (shallow || !value.includes('{{')) return value.replace(/\\\{\{/g, '{{');
      s = value;
      continue;
    }
    let text_ = written(value);
    // a shallow substitution's value is not read for variables again
    if (shallow) text_ = text_.replace(/\{\{/g, '\\{{');
    s = s.slice(0, start) + text_ + s.slice(start + whole.length);
    scope.budget.characters(s.length);
    // each round may add a value as long as the bound, a hundred rounds a hundred times that
    if (s.length > MAX_VALUE_SIZE) throw new Unsupported(`the text of "${excerpt(text)}" grows longer than ${MAX_VALUE_SIZE.toLocaleString('en-US')} characters as its variables are substituted, which reachdiff does not evaluate`);
  }
  return s.replace(/\\\{\{/g, '{{');
}

/**
 * Substitutes every variable in a value, keys included, into a copy; `copied`
 * hears of each copied mapping or list and the one it copies, so that lines
 * can be traced back.
 */
export function substitute(value: unknown, scope: Scope, copied?: (copy: object, original: object) => void): Json {
  scope.budget.take(1);
  if (typeof value === 'string') return substituteString(value, scope);
  if (Array.isArray(value)) {
    const out = value.map((v) => substitute(v, scope, copied));
    copied?.(out, value);
    return out;
  }
  if (typeof value === 'object' && value !== null) {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const key = k.includes('{{') ? substituteString(k, scope) : k;
      setOwn(out, typeof key === 'string' ? key : JSON.stringify(key), substitute(v, scope, copied));
    }
    copied?.(out, value);
    return out;
  }
  if (value === undefined) return null;
  return value as Json;
}
