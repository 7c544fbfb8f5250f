/**
 * Preconditions (kyverno.io/docs/policy-types/cluster-policy/preconditions/):
 * blocks `any` (one condition holds) and `all` (every one holds), both
 * required where both are given; a plain list is an `all` block. Each
 * condition compares its `key` with its `value` after variables are
 * substituted in both; one whose value is null is compared as null. A
 * condition whose variables do not resolve, or fail, fails the
 * rule (Unresolved), in `any` as in `all`: Kyverno's EvaluateConditions
 * returns the error (kyverno/kyverno pkg/engine/variables/evaluate.go) and
 * the rule generates nothing.
 *
 * The operators follow Kyverno's handlers (pkg/engine/variables/operator/):
 * Equals and NotEquals compare by the type of the key, never converting a
 * boolean or a map; a string key is read as a duration, then as a
 * Kubernetes quantity, then as a wildcard pattern's text. The set operators
 * compare the values as Go prints them (fmt.Sprint), by wildcard both ways.
 */
import type { Budget, Json } from './jmespath.js';
import { deepEqual, excerpt, GoInt, goTyped, holdsGoInt, orderless, plain, sizeOf, Unsupported } from './jmespath.js';
import type { Scope } from './variables.js';
import { substitute } from './variables.js';
import { wildcardMatch } from './wildcard.js';
import { isRecord } from '../../model/objects.js';

/** A condition Kyverno rejects: an unknown operator, a condition without key or operator. */
export class InvalidCondition extends Error {}

/** Kyverno's ConditionOperators (api/kyverno/v1/common_types.go), Equal and NotEqual the deprecated names of Equals and NotEquals. */
const OPERATORS = [
  'Equal', 'Equals', 'NotEqual', 'NotEquals', 'AnyIn', 'AllIn', 'AnyNotIn', 'AllNotIn', 'In', 'NotIn',
  'GreaterThan', 'GreaterThanOrEquals', 'LessThan', 'LessThanOrEquals',
  'DurationGreaterThan', 'DurationGreaterThanOrEquals', 'DurationLessThan', 'DurationLessThanOrEquals',
] as const;

function numberOf(v: Json): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return undefined;
}

const NANOS_PER_UNIT: Readonly<Record<string, bigint>> = {
  ns: 1n, us: 1_000n, '\u00b5s': 1_000n, '\u03bcs': 1_000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n,
};
const INT64_MAX = (1n << 63n) - 1n;

/** Go's time.ParseDuration, in nanoseconds; undefined where Go returns an error. */
export function goDuration(text: string): bigint | undefined {
  let s = text;
  let negative = false;
  if (s !== '' && (s[0] === '-' || s[0] === '+')) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') return undefined;
  let total = 0n;
  while (s !== '') {
    const m = /^(\d*)(?:\.(\d*))?([^.\d]*)/.exec(s)!;
    const [all, whole = '', fraction, unitName = ''] = m;
    const hasFraction = fraction !== undefined && fraction !== '';
    if (whole === '' && !hasFraction) return undefined;
    const unit = NANOS_PER_UNIT[unitName];
    if (unit === undefined) return undefined;
    let v = whole === '' ? 0n : BigInt(whole);
    if (v > 1n << 63n) return undefined;
    v *= unit;
    if (v > 1n << 63n) return undefined;
    if (hasFraction) {
      // as Go does: the digits that fit an int64, then float64(f) * (float64(unit) / scale)
      let f = 0n;
      let scale = 1;
      for (const c of fraction) {
        if (f > INT64_MAX / 10n) break;
        f = f * 10n + BigInt(c.charCodeAt(0) - 48);
        scale *= 10;
      }
      v += BigInt(Math.trunc(Number(f) * (Number(unit) / scale)));
      if (v > 1n << 63n) return undefined;
    }
    total += v;
    if (total > 1n << 63n) return undefined;
    s = s.slice(all.length);
  }
  if (negative) return -total;
  return total > INT64_MAX ? undefined : total;
}

/** Go's Duration.Seconds(). */
function seconds(nanos: bigint): number {
  return Number(nanos / 1_000_000_000n) + Number(nanos % 1_000_000_000n) / 1e9;
}

/**
 * Kyverno's parseDuration (operator.go) for a string key: both durations
 * (neither the string "0"), or a duration and a number of seconds; else
 * undefined.
 */
function durations(key: string, value: Json): [bigint, bigint] | undefined {
  const k = key === '0' ? undefined : goDuration(key);
  if (k === undefined) return undefined;
  if (typeof value === 'string') {
    const v = value === '0' ? undefined : goDuration(value);
    return v === undefined ? undefined : [k, v];
  }
  if (typeof value !== 'number') return undefined;
  const whole = Math.trunc(value);
  // time.Duration(float64) * time.Second overflows an int64 past this
  if (Math.abs(whole) > 9_223_372_036) throw new Unsupported(`${value} seconds as a duration is past what Kyverno computes exactly`);
  return [k, BigInt(whole) * 1_000_000_000n];
}

const QUANTITY = /^([+-]?)(\d+)(?:\.(\d+))?(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;
/**
 * Other texts Kubernetes' parser (parseQuantityString) takes with a valid
 * suffix, a number part missing or cut short (`.5`, `1.`, `+`, `m`, which
 * it reads as 0): not evaluated.
 */
const QUANTITY_LIKE = /^[+-]?\d*\.?\d*(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?\d+)?$/;
const DECIMAL_SI: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SI: Readonly<Record<string, bigint>> = { Ki: 10n, Mi: 20n, Gi: 30n, Ti: 40n, Pi: 50n, Ei: 60n };

/**
 * A Kubernetes quantity (resource.ParseQuantity) in nanounits, rounded up
 * to one as the parser does; undefined where it is not a quantity.
 */
export function quantityNanos(text: string): bigint | undefined {
  const m = QUANTITY.exec(text);
  if (!m) {
    if (QUANTITY_LIKE.test(text)) throw new Unsupported(`"${excerpt(text)}" as a Kubernetes quantity is not evaluated by reachdiff`);
    return undefined;
  }
  const [, sign, whole = '', fraction = '', suffix = ''] = m;
  let mantissa = BigInt(whole + fraction);
  let exponent = -fraction.length;
  if (BINARY_SI[suffix] !== undefined) mantissa <<= BINARY_SI[suffix]!;
  else if (DECIMAL_SI[suffix] !== undefined) exponent += DECIMAL_SI[suffix]!;
  else {
    const e = Number(suffix.slice(1));
    if (Math.abs(e) > 100) throw new Unsupported(`"${excerpt(text)}" as a Kubernetes quantity is not evaluated by reachdiff`);
    exponent += e;
  }
  exponent += 9;
  let nanos: bigint;
  if (exponent >= 0) nanos = mantissa * 10n ** BigInt(exponent);
  else {
    const d = 10n ** BigInt(-exponent);
    nanos = (mantissa + d - 1n) / d;
  }
  if (nanos >= (1n << 63n) * 1_000_000_000n) throw new Unsupported(`"${excerpt(text)}" as a Kubernetes quantity is past what reachdiff evaluates`);
  return sign === '-' ? -nanos : nanos;
}

/** Go's strconv.ParseFloat: a number, NaN where Go reads inf or nan (never equal to a key), undefined where it is not one. */
function goFloat(text: string): number | undefined {
  if (/^[+-]?(inf|infinity|nan)$/i.test(text)) return Number.NaN;
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return Number(text);
  if (/^[+-]?0[xX]/.test(text)) throw new Unsupported(`"${excerpt(text)}" as a hexadecimal number is not evaluated by reachdiff`);
  return undefined;
}

/**
 * Kyverno's EqualHandler (pkg/engine/variables/operator/equal.go): by the
 * type of the key, a value of another type never equal, but a number key
 * reads a string value as a number; a null key equals nothing.
 */
function equals(key: Json, value: Json, budget: Budget): boolean {
  // a comparison reads about as much as the smaller value holds
  budget.characters(Math.min(sizeOf(key), sizeOf(value)));
  if (typeof key === 'boolean') return typeof value === 'boolean' && key === value;
  if (typeof key === 'number') {
    if (typeof value === 'number') return key === value;
    if (typeof value === 'string') return goFloat(value) === key;
    return false;
  }
  if (typeof key === 'string') {
    const d = durations(key, value);
    if (d) return seconds(d[0]) === seconds(d[1]);
    const k = key === '' ? undefined : quantityNanos(key);
    if (k !== undefined && typeof value === 'string') {
      const v = value === '' ? undefined : quantityNanos(value);
      return v !== undefined && k === v;
    }
    return typeof value === 'string' && wildcardMatch(value, key, budget);
  }
  if (Array.isArray(key)) return Array.isArray(value) && deepEqual(key, value);
  if (key !== null) return isRecord(value) && !Array.isArray(value) && deepEqual(key, value);
  return false;
}

/** Kyverno's NotEqualHandler (notequal.go): the opposite of Equals, but false for a null key. */
function notEquals(key: Json, value: Json, budget: Budget): boolean {
  return key !== null && !equals(key, value, budget);
}

/**
 * A value as Go's fmt.Sprint writes it, as the set operators compare them:
 * a float64 in the shortest form, with an exponent (1e+06) from a million
 * and below 0.0001.
 */
function sprint(v: Json): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return String(v);
  if (v === null) return '<nil>';
  if (typeof v === 'number') {
    if (v === 0) return '0';
    const exp = v.toExponential();
    const e = Number(exp.slice(exp.indexOf('e') + 1));
    if (e >= -4 && e < 6) return String(v);
    return exp.replace(/e([+-])(\d)$/, 'e$10$2');
  }
  throw new Unsupported(`a set operator on ${excerpt(JSON.stringify(v))}, which Kyverno compares as Go prints it, is not evaluated by reachdiff`);
}

// pkg/engine/operator/operator.go: GetOperatorFromStringPattern's InRange
const IN_RANGE = /^([-|+]?\d+(?:\.\d+)?[A-Za-z]*)-([-|+]?\d+(?:\.\d+)?[A-Za-z]*)$/;
const NOT_IN_RANGE = /^([-|+]?\d+(?:\.\d+)?[A-Za-z]*)!-([-|+]?\d+(?:\.\d+)?[A-Za-z]*)$/;

function isRange(value: string): boolean {
  if (value.length < 2 || /^(>=|<=|>|<|!)/.test(value) || NOT_IN_RANGE.test(value)) return false;
  return IN_RANGE.test(value);
}

function noRange(value: string): void {
  if (isRange(value)) throw new Unsupported(`the range "${excerpt(value)}" of a set operator is not evaluated by reachdiff`);
}

/** A string value as json.Unmarshal reads it into a []string: the strings, or undefined where Go fails. */
function stringArray(value: string): string[] | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (parsed === null) return [];
  if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string' || x === null)) return undefined;
  return parsed.map((x) => (x === null ? '' : (x as string)));
}

/** A string value as the AnyIn family reads it: a JSON list of strings, another JSON value (undefined: Go fails), or the string itself. */
function valuesOf(value: string): string[] | undefined {
  try {
    JSON.parse(value);
  } catch {
    return [value];
  }
  return stringArray(value);
}

const INVALID = 'invalid';
type Found = boolean | typeof INVALID;

/** anyKeyExistsInArray and allKeyExistsInArray (anyin.go, allin.go): one key against the value. */
function keyExists(key: string, value: Json, budget: Budget): Found {
  const both = (a: string, b: string) => wildcardMatch(a, b, budget) || wildcardMatch(b, a, budget);
  if (Array.isArray(value)) return value.some((v) => both(sprint(v), key));
  if (typeof value !== 'string') return INVALID;
  if (wildcardMatch(value, key, budget)) return true;
  noRange(value);
  const list = valuesOf(value);
  return list === undefined ? INVALID : list.includes(key);
}

/** anySetExistsInArray and allSetExistsInArray: a list of keys against the value. */
function setExists(keys: string[], value: Json, op: 'AnyIn' | 'AnyNotIn' | 'AllIn' | 'AllNotIn', budget: Budget): Found {
  const both = (a: string, b: string) => wildcardMatch(a, b, budget) || wildcardMatch(b, a, budget);
  const decide = (values: string[]): boolean => {
    const found = (k: string) => values.some((v) => both(k, v));
    if (op === 'AnyIn') return keys.some(found);
    if (op === 'AnyNotIn') return keys.some((k) => !found(k));
    if (op === 'AllIn') return keys.every(found);
    return !keys.some(found);
  };
  if (Array.isArray(value)) return decide(value.map(sprint));
  // only the Any operators take a number or boolean as a list of one
  if ((typeof value === 'number' || typeof value === 'boolean') && (op === 'AnyIn' || op === 'AnyNotIn')) return decide([sprint(value)]);
  if (typeof value !== 'string') return INVALID;
  if (keys.length === 1 && keys[0] === value) return op === 'AnyIn' || op === 'AllIn';
  noRange(value);
  const list = valuesOf(value);
  return list === undefined ? INVALID : decide(list);
}

/** AnyIn, AllIn, AnyNotIn, AllNotIn (anyin.go, allin.go, anynotin.go, allnotin.go). */
function setOperator(op: 'AnyIn' | 'AnyNotIn' | 'AllIn' | 'AllNotIn', key: Json, value: Json, budget: Budget): boolean {
  let found: Found;
  if (Array.isArray(key)) return setExists(key.map(sprint), value, op, budget) === true;
  if (typeof key === 'string' || typeof key === 'number' || typeof key === 'boolean') found = keyExists(sprint(key), value, budget);
  else return false;
  if (found === INVALID) return false;
  return op === 'AnyIn' || op === 'AllIn' ? found : !found;
}

/** The deprecated In and NotIn (in.go, notin.go): exact strings for a list of keys, no ranges. */
function inOperator(op: 'In' | 'NotIn', key: Json, value: Json, budget: Budget): boolean {
  if (Array.isArray(key)) {
    if (!key.every((k) => typeof k === 'string')) throw new Unsupported(`${op} with a key list holding other than strings (Kyverno fails on it) is not evaluated by reachdiff`);
    const keys = key as string[];
    let values: string[] | undefined;
    if (Array.isArray(value)) values = value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
    else if (typeof value === 'string') {
      if (keys.length === 1 && keys[0] === value) return true;
      values = stringArray(value);
    }
    if (values === undefined) return false;
    const missing = keys.some((k) => !values.includes(k));
    return op === 'In' ? !missing : missing;
  }
  if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean') return false;
  const k = sprint(key);
  let found: Found;
  if (Array.isArray(value)) found = value.some((v) => wildcardMatch(sprint(v), k, budget) || wildcardMatch(k, sprint(v), budget));
  else if (typeof value === 'string') {
    const list = wildcardMatch(value, k, budget) ? [k] : stringArray(value);
    found = list === undefined ? INVALID : list.includes(k);
  } else found = INVALID;
  if (found === INVALID) return false;
  return op === 'In' ? found : !found;
}

function compare(op: string, key: Json, value: Json): boolean {
  const k = numberOf(key);
  const v = numberOf(value);
  if (k === undefined || v === undefined) throw new Unsupported(`${op} on ${JSON.stringify(key)} and ${JSON.stringify(value)} (quantities, durations and versions) is not evaluated by reachdiff`);
  return op === 'GreaterThan' ? k > v : op === 'GreaterThanOrEquals' ? k >= v : op === 'LessThan' ? k < v : k <= v;
}

function holds(op: string, key: Json, value: Json, budget: Budget): boolean {
  switch (op) {
    case 'Equal':
    case 'Equals':
      return equals(key, value, budget);
    case 'NotEqual':
    case 'NotEquals':
      return notEquals(key, value, budget);
    case 'AnyIn':
    case 'AllIn':
    case 'AnyNotIn':
    case 'AllNotIn':
      budget.characters(sizeOf(key) + sizeOf(value));
      return setOperator(op, key, value, budget);
    case 'In':
    case 'NotIn':
      budget.characters(sizeOf(key) + sizeOf(value));
      return inOperator(op, key, value, budget);
    case 'GreaterThan':
    case 'GreaterThanOrEquals':
    case 'LessThan':
    case 'LessThanOrEquals':
      return compare(op, key, value);
    default:
      throw new Unsupported(`the ${op} operator is not evaluated by reachdiff`);
  }
}

/**
 * Whether one condition holds; a variable that does not resolve throws
 * Unresolved, which fails the rule. A rule's preconditions are kept as JSON
 * and checked by Kyverno's validation (IsOperatorValid), which takes Equal
 * and NotEqual; a foreach entry's are typed (`typed`), and the CRD's enum
 * of ConditionOperator leaves those two out.
 */
function condition(raw: unknown, scope: Scope, typed: boolean): boolean {
  const op = checkCondition(raw, typed);
  const record = raw as Record<string, unknown>;
  // elementIndex, a Go int64 in Kyverno's context, goes to the operators' type switches as one
  if (/elementIndex/.test(JSON.stringify([record['key'], record['value']]) ?? '')) throw new Unsupported(`a ${op} condition on elementIndex, an int64 to Kyverno's operators, is not evaluated by reachdiff`);
  const key = substitute(record['key'], scope, undefined, 'condition');
  const value = substitute(record['value'], scope, undefined, 'condition');
  // a list Go holds as []map[string]any (items()) the operators' type switches read otherwise
  if (goTyped(key) || goTyped(value)) throw new Unsupported(`a ${op} condition on the list items() makes, which Kyverno's operators read as Go holds it, is not evaluated by reachdiff`);
  // the set operators read a list in any order; the others compare it as it is
  if (!SET_OPERATORS.has(op) && (orderless(key) || orderless(value))) {
    throw new Unsupported(`a ${op} condition on a list in the order Go's iteration of a map gives (keys(), values(), .*), which differs from run to run, is not evaluated by reachdiff`);
  }
  if (holdsGoInt(key) || holdsGoInt(value)) return holdsInt64(op, key, value, scope.budget);
  return holds(op, key, value, scope.budget);
}

/**
 * A condition on a whole number of the trigger, which Kyverno's operators
 * take as the int64 its dynamic client reads (pkg/engine/variables/operator:
 * equal.go and numeric.go have int64 branches): Equals compares it with a
 * number of its value, or a string ParseInt reads as it; the numeric
 * operators as a number. Elsewhere, or within a mapping or list, it is not
 * evaluated.
 */
function holdsInt64(op: string, key: Json, value: Json, budget: Budget): boolean {
  const int = (v: Json): number | undefined => ((v as unknown) instanceof GoInt ? (v as unknown as GoInt).value : undefined);
  const k = int(key);
  const equalsOp = op === 'Equals' || op === 'Equal' || op === 'NotEquals' || op === 'NotEqual';
  if (equalsOp && k !== undefined && !holdsGoInt(plainTop(value))) {
    let same: boolean;
    const v = int(value);
    if (v !== undefined) same = v === k;
    else if (typeof value === 'number') same = Number.isInteger(value) && value === k;
    else if (typeof value === 'string') {
      // strconv.ParseInt(s, 10, 64): an optional sign and digits, within int64
      const m = /^[+-]?[0-9]+$/.test(value) ? BigInt(value) : undefined;
      same = m !== undefined && m >= -(2n ** 63n) && m < 2n ** 63n && m === BigInt(k);
    } else same = false;
    return op === 'Equals' || op === 'Equal' ? same : !same;
  }
  if (['GreaterThan', 'GreaterThanOrEquals', 'LessThan', 'LessThanOrEquals'].includes(op) && !holdsGoInt(plainTop(key)) && !holdsGoInt(plainTop(value))) {
    return holds(op, plain(key), plain(value), budget);
  }
  throw new Unsupported(`a ${op} condition on a whole number of the trigger, an int64 to Kyverno's operators, is not evaluated by reachdiff`);
}

/** A value whose own int64, if it is one, is a number: what holds one within it is left as it is. */
function plainTop(v: Json): Json {
  return (v as unknown) instanceof GoInt ? (v as unknown as GoInt).value : v;
}

const SET_OPERATORS: ReadonlySet<string> = new Set(['AnyIn', 'AllIn', 'AnyNotIn', 'AllNotIn', 'In', 'NotIn']);

/** Checks one condition as Kyverno does when the policy is created: its operator, key and value; gives the operator. */
function checkCondition(raw: unknown, typed: boolean): string {
  if (!isRecord(raw)) throw new InvalidCondition('a condition must be a mapping with key, operator and value');
  const op = raw['operator'];
  if (typeof op !== 'string' || !(OPERATORS as readonly string[]).includes(op)) throw new InvalidCondition(`unknown operator ${JSON.stringify(op)} (Kyverno's are ${OPERATORS.join(', ')})`);
  if (typed && (op === 'Equal' || op === 'NotEqual')) throw new InvalidCondition(`operator ${op} is not among those the CRD takes in a foreach entry's preconditions (use ${op}s)`);
  // Kyverno's validation refuses a condition without key or value (pkg/validation/policy, validateConditionValues)
  if (!('key' in raw)) throw new InvalidCondition(`a ${op} condition has no key`);
  if (!('value' in raw)) throw new InvalidCondition(`a ${op} condition has no value`);
  return op;
}

/** The blocks of preconditions, checked to be lists: a plain list is an all block. */
function blocksOf(raw: unknown): { any: unknown; anyList: unknown[]; allList: unknown[] } {
  if (Array.isArray(raw)) return { any: undefined, anyList: [], allList: raw };
  if (!isRecord(raw)) throw new InvalidCondition('preconditions must be a list or a mapping of any and all');
  const any = raw['any'];
  const all = raw['all'];
  for (const [name, block] of [['any', any], ['all', all]] as const) {
    if (block !== undefined && block !== null && !Array.isArray(block)) throw new InvalidCondition(`preconditions.${name} must be a list`);
  }
  return { any, anyList: (any ?? []) as unknown[], allList: (all ?? []) as unknown[] };
}

/**
 * Checks a rule's (or, `typed`, a foreach entry's) preconditions as
 * Kyverno's validation of the policy does (validate.go, validateConditions),
 * whether or not they are evaluated for some object: throws
 * InvalidCondition.
 */
export function checkPreconditions(raw: unknown, typed = false): void {
  if (raw === undefined || raw === null) return;
  const { anyList, allList } = blocksOf(raw);
  for (const c of [...anyList, ...allList]) checkCondition(c, typed);
}

/** Whether a rule's (or, `typed`, a foreach entry's) preconditions hold. */
export function preconditionsHold(raw: unknown, scope: Scope, typed = false): boolean {
  if (raw === undefined || raw === null) return true;
  if (Array.isArray(raw)) return raw.every((c) => condition(c, scope, typed));
  const { any, anyList, allList } = blocksOf(raw);
  // the all block is evaluated even where no condition of any holds: an error there fails the rule too (evaluate.go)
  // an any block given, even empty, holds only where one of its conditions does (evaluate.go: `if anyConditions != nil`)
  const anyHolds = any === undefined || any === null || anyList.some((c) => condition(c, scope, typed));
  const allHold = allList.every((c) => condition(c, scope, typed));
  return anyHolds && allHold;
}
