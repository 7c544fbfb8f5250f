/**
 * Kyverno's variables (kyverno.io/docs/policy-types/cluster-policy/variables/):
 * `{{ <JMESPath> }}` anywhere in a string is replaced by the value of the
 * expression on the rule's context (the admission request, `element` and
 * `elementIndex` in a foreach, context variables), as
 * kyverno/kyverno pkg/engine/variables/vars.go substitutes them. A string
 * that is one variable takes the value with its type, as it is; inside a
 * longer string the value is written out as Go's encoding/json writes it
 * (null as `null`), and the string is read for variables again (nested
 * substitution) unless written `{{- ... }}`; `\{{` is a literal `{{`.
 * An escaped reference `\$(...)` loses its backslash first, as Kyverno's
 * pass over references (substituteReferences) leaves it.
 */
import type { Budget, Json, Node, Watch } from './jmespath.js';
import { compile, EvalError, excerpt, fieldNames, goMarshal, JmesPathError, MAX_VALUE_SIZE, NotFound, orderless, plain, rootOf, search, setOwn, Unsupported, Unsure, watchWhole } from './jmespath.js';
import { wildcardMatch } from './wildcard.js';

/**
 * What makes Kyverno fail the rule for one object: a variable that does not
 * resolve (go-jmespath's NotFoundError reaching it), or an expression whose
 * evaluation fails there as go-jmespath's does (EvalError).
 */
export class Unresolved extends Error {
  constructor(
    readonly variable: string,
    reason?: string,
  ) {
    super(reason === undefined ? `the variable {{${variable}}} does not resolve` : `the variable {{${variable}}} fails (${reason})`);
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
  /** Hears of what evaluations read of the data beyond its values: keys it lacks, mappings read whole (Watch). */
  readonly watch?: Watch;
  /** spec.background of the policy, true unless set false: which variables Kyverno's validation of the policy allows. */
  readonly background?: boolean;
}

/** What the admission request has that the manifests do not: who makes it. */
const USER_INFO = new Set(['serviceAccountName', 'serviceAccountNamespace', 'images']);

/**
 * The variables Kyverno's validation of a policy takes besides those of its
 * context (pkg/validation/policy/validate.go, allowedVariablesBackground,
 * and pkg/engine/context ReservedKeys with background off): a pattern found
 * anywhere in the expression, so that `request.` or a function call allows
 * it whatever else it names.
 */
const ALLOWED_BACKGROUND = /request\.|element|elementIndex|@|images|images\.|image\.|([a-z_0-9]+\()[^{}]/;
const ALLOWED = /request|serviceAccountName|serviceAccountNamespace|element|elementIndex|@|images|image|([a-z_0-9]+\()[^{}]/;

const VARIABLE = /(^|[^\\])(\{\{(-?)((?:\{[^{}]*\}|[^{}])*)\}\})/;

/** RegexVariables of vars.go, each match with the character before the variable where it does not start the string. */
const VARIABLES = /(?:^|[^\\])\{\{(?:\{[^{}]*\}|[^{}])*\}\}/g;

/** RegexEscpReferences of vars.go: an escaped reference, whose backslash the pass over references drops. */
const ESCAPED_REFERENCE = /\\\$\(.[^ )]*\)/g;

/** RegexReferences of vars.go: a reference `$(...)` not escaped, which Kyverno resolves against the document it is in. */
export const REFERENCE = /^\$\(.[^ ]*\)|[^\\]\$\(.[^ ]*\)/;

function compiled(expr: string, what: string): Node {
  try {
    return compile(expr);
  } catch (e) {
    if (e instanceof JmesPathError) throw new InvalidVariable(`${what}: ${e.message}`);
    throw e;
  }
}

/** Whether Kyverno's validation of a policy takes a variable (its mock context): it names `request.`, a function, ... anywhere, or starts with a context entry's name. */
function allowedVariable(expr: string, names: ReadonlySet<string>, background: boolean, budget: Budget): boolean {
  const query = expr.replace(/"/g, '');
  return (background ? ALLOWED_BACKGROUND : ALLOWED).test(query) || [...names].some((n) => wildcardMatch(`${n}*`, query, budget));
}

/**
 * Checks every variable of a rule as Kyverno's validation of the policy
 * does, whether or not it is evaluated for some object
 * (pkg/validation/policy/validate.go: hasInvalidVariables substitutes each
 * against a mock context, which compiles it and takes the names the rule
 * may read; validateElementInForEach refuses element and elementIndex
 * outside a foreach). Throws InvalidVariable.
 */
export function checkVariables(rule: unknown, names: ReadonlySet<string>, background: boolean, budget: Budget): void {
  const check = (text: string, inForeach: boolean) => {
    let s = text;
    for (let round = 0; round < 100; round++) {
      const m = VARIABLE.exec(s);
      if (!m) return;
      const [, before, all] = m as unknown as [string, string, string];
      let expr = all.slice(2, -2).trim();
      if (expr.startsWith('-')) expr = expr.slice(1).trim();
      if (expr.startsWith('element') || expr === 'elementIndex') {
        if (!inForeach) throw new InvalidVariable(`variable '${excerpt(expr)}' present outside of foreach`);
      }
      if (expr !== '@') {
        const node = compiled(expr, `{{${expr}}}`);
        const root = rootOf(node);
        // who makes the request: not evaluated, reported where it is read
        if (!(root !== undefined && USER_INFO.has(root)) && !allowedVariable(expr, names, background, budget)) {
          throw new InvalidVariable(`the variable {{${expr}}} is not defined in the context (${root ?? expr})`);
        }
      }
      // the mock context gives null, which the string takes in the variable's place
      const start = m.index + before.length;
      s = `${s.slice(0, start)}null${s.slice(start + all.length)}`;
      budget.characters(s.length);
    }
  };
  const stack: Array<[unknown, boolean]> = [[rule, false]];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const [v, inForeach] = top;
    budget.take(1);
    if (typeof v === 'string') check(v, inForeach);
    else if (Array.isArray(v)) for (const x of v) stack.push([x, inForeach]);
    else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        check(k, inForeach);
        stack.push([x, inForeach || k === 'foreach']);
      }
    }
  }
}

/** Evaluates an expression on the scope's data: a key not found or a runtime error fails the rule for this object (Unresolved). */
function evaluated(expr: string, scope: Scope): Json {
  try {
    return search(expr, scope.data as Json, scope.budget, scope.watch);
  } catch (e) {
    if (e instanceof NotFound) throw new Unresolved(expr);
    if (e instanceof EvalError) throw new Unresolved(expr, e.message);
    if (e instanceof Unsure && !e.message.startsWith('{{')) throw new Unsure(`{{${excerpt(expr)}}} ${e.message}`);
    throw e;
  }
}

/**
 * Checks a variable as Kyverno's validation of the policy does (its mock
 * context: the expression compiles, and names what the rule may read), and
 * evaluates it.
 */
export function evaluateVariable(expr: string, scope: Scope): Json {
  const node = compiled(expr, `{{${expr}}}`);
  // vars.go rewrites {{@}} into the path of the field it is in, under request.object or a mutate target
  if (expr === '@') throw new Unsupported('{{@}}, which Kyverno rewrites into the path of the field it is in, is not evaluated by reachdiff');
  const root = rootOf(node);
  if (root !== undefined && USER_INFO.has(root)) throw new Unsupported(`{{${expr}}} depends on who makes the request, which the manifests do not say`);
  if (!allowedVariable(expr, scope.names, scope.background !== false, scope.budget)) throw new InvalidVariable(`the variable {{${expr}}} is not defined in the context (${root ?? expr})`);
  if (/\brequest\.(userInfo|roles|clusterRoles)\b/.test(expr)) throw new Unsupported(`{{${expr}}} depends on who makes the request, which the manifests do not say`);
  intIndex(expr, node);
  scope.check?.(expr, node);
  return evaluated(expr, scope);
}

/**
 * Kyverno's context holds elementIndex as a Go int64 (pkg/engine/context,
 * AddElement), which go-jmespath's comparisons, type() and functions of
 * numbers read as no number: only the variable itself, written out or
 * substituted whole, is evaluated.
 */
function intIndex(expr: string, node: Node): void {
  if (node.t === 'field' && /^elementIndex\d*$/.test(node.name)) return;
  if ([...fieldNames(node)].some((n) => /^elementIndex\d*$/.test(n))) {
    throw new Unsupported(`{{${excerpt(expr)}}} reads elementIndex, a Go int64 in Kyverno's context, which go-jmespath compares and passes to functions otherwise than a number, and is not evaluated by reachdiff`);
  }
}

/**
 * Evaluates an expression Kyverno queries as it is, not as a variable: a
 * foreach `list`, a context entry's `jmesPath`. Kyverno's validation of the
 * policy checks no name of it, and compiles only a context entry's
 * (`validated`): otherwise a malformed one fails the rule where it is
 * evaluated.
 */
export function evaluateQuery(expr: string, scope: Scope, validated: boolean): Json {
  let node: Node;
  try {
    node = compile(expr);
  } catch (e) {
    if (!(e instanceof JmesPathError)) throw e;
    if (validated) throw new InvalidVariable(`"${excerpt(expr)}": ${e.message}`);
    throw new Unresolved(expr, e.message);
  }
  const root = rootOf(node);
  if ((root !== undefined && USER_INFO.has(root)) || /\brequest\.(userInfo|roles|clusterRoles)\b/.test(expr)) {
    throw new Unsupported(`"${excerpt(expr)}" depends on who makes the request, which the manifests do not say`);
  }
  intIndex(expr, node);
  scope.check?.(expr, node);
  return evaluated(expr, scope);
}

/** A value written into a longer string, as substituteVarInPattern does: a string as it is, anything else by json.Marshal. */
function written(v: Json, scope: Scope): string {
  if (typeof v === 'string') return v;
  watchWhole(scope.watch, v);
  if (orderless(v)) throw new Unsupported(`a list whose order Go's iteration of a map decides (keys(), values(), .*), written into a string, is not known`);
  return goMarshal(v);
}

/**
 * Substitutes the variables of one string. Where the string is one variable,
 * its value is given as it is (`whole`: every key of a mapping in it is
 * read, as what it goes into holds all of it).
 */
export function substituteString(raw: string, scope: Scope, whole = true): Json {
  const text = raw.includes('\\$(') ? raw.replace(ESCAPED_REFERENCE, (m) => m.slice(1)) : raw;
  if (!text.includes('{{')) return text;
  // substituteVariablesIfAny: the variables found in the string, each substituted in turn, then those the string holds now, round after round
  let value = text;
  let found = variablesIn(value);
  for (let round = 0; found.length > 0; round++) {
    // a value that holds its own variable grows for ever: Kyverno does not stop
    if (round >= 100) throw new Unsupported(`the variables of "${excerpt(text)}" give variables again, round after round, which reachdiff does not evaluate`);
    const original = value;
    let shallow = false;
    for (const match of found) {
      const initial = VARIABLE_INIT.test(match);
      const v = initial ? match : match.slice(1);
      const prefix = initial ? '' : match[0]!;
      // replaceBracesAndTrimSpaces: every {{ and }} taken out, spaces trimmed, a leading - for a shallow substitution
      let expr = v.replace(/\{\{/g, '').replace(/\}\}/g, '').trim();
      shallow = expr.startsWith('-');
      if (shallow) expr = expr.slice(1).trim();
      const got = evaluateVariable(expr, scope);
      if (original === v) {
        // the string is the variable: its value as it is, not read for variables again, its \{{ kept
        if (whole) watchWhole(scope.watch, got);
        return got;
      }
      let text_ = written(got, scope);
      if (shallow && got !== null) {
        // vars.go asserts the value of a shallow variable is a string, and Go panics where it is not
        if (typeof got !== 'string') throw new Unsupported(`the shallow variable {{-${excerpt(expr)}}} of a value that is not a string, on which Kyverno panics, is not evaluated by reachdiff`);
        text_ = text_.replace(/\{\{/g, '\\{{');
      }
      // substituteVarInPattern: strings.Replace of the first occurrence
      const at = value.indexOf(prefix + v);
      if (at >= 0) value = value.slice(0, at) + prefix + text_ + value.slice(at + prefix.length + v.length);
      scope.budget.characters(value.length);
      // each round may add a value as long as the bound, a hundred rounds a hundred times that
      if (value.length > MAX_VALUE_SIZE) throw new Unsupported(`the text of "${excerpt(text)}" grows longer than ${MAX_VALUE_SIZE.toLocaleString('en-US')} characters as its variables are substituted, which reachdiff does not evaluate`);
    }
    // after a round whose last variable is shallow, no other is read
    found = shallow ? [] : variablesIn(value);
  }
  return value.replace(/\\\{\{/g, '{{');
}

/** RegexVariableInit of vars.go: a variable at the start of a match, which RegexVariables finds with the character before it otherwise. */
const VARIABLE_INIT = /^\{\{(?:\{[^{}]*\}|[^{}])*\}\}/;

/** RegexVariables.FindAllString: the variables of a string, left to right, each with the character before it where it does not start the string. */
function variablesIn(text: string): string[] {
  return [...text.matchAll(VARIABLES)].map((m) => m[0]);
}

/**
 * What a substituted value goes into: what is generated, whose JSON holds
 * numbers and plain lists, and all of whose mappings are read; a context
 * variable, kept for later reads; a condition, whose operators take the
 * values as Go holds them (an int64 of the trigger as one).
 */
export type Into = 'data' | 'context' | 'condition';

/**
 * Substitutes every variable in a value, keys included, into a copy; `copied`
 * hears of each copied mapping or list and the one it copies, so that lines
 * can be traced back.
 */
export function substitute(value: unknown, scope: Scope, copied?: (copy: object, original: object) => void, into: Into = 'data'): Json {
  scope.budget.take(1);
  if (typeof value === 'string') {
    const got = substituteString(value, scope, into !== 'context');
    return into === 'data' ? plain(got) : got;
  }
  if (Array.isArray(value)) {
    const out = value.map((v) => substitute(v, scope, copied, into));
    copied?.(out, value);
    return out;
  }
  if (typeof value === 'object' && value !== null) {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      const key = k.includes('{{') || k.includes('\\$(') ? substituteString(k, scope) : k;
      setOwn(out, typeof key === 'string' ? key : written(key, scope), substitute(v, scope, copied, into));
    }
    copied?.(out, value);
    return out;
  }
  if (value === undefined) return null;
  return value as Json;
}
