/**
 * Preconditions (kyverno.io/docs/policy-types/cluster-policy/preconditions/):
 * blocks `any` (one condition holds) and `all` (every one holds), both
 * required where both are given; a plain list is an `all` block. Each
 * condition compares its `key` with its `value` after variables are
 * substituted in both; a condition whose variables do not resolve does not
 * hold, as Kyverno then skips the rule.
 */
import type { Budget, Json } from './jmespath.js';
import { deepEqual, sizeOf, Unsupported } from './jmespath.js';
import type { Scope } from './variables.js';
import { substitute, Unresolved } from './variables.js';
import { wildcardMatch } from './wildcard.js';
import { isRecord } from '../../model/objects.js';

/** A condition Kyverno rejects: an unknown operator, a condition without key or operator. */
export class InvalidCondition extends Error {}

const OPERATORS = [
  'Equals', 'NotEquals', 'AnyIn', 'AllIn', 'AnyNotIn', 'AllNotIn', 'In', 'NotIn',
  'GreaterThan', 'GreaterThanOrEquals', 'LessThan', 'LessThanOrEquals',
  'DurationGreaterThan', 'DurationGreaterThanOrEquals', 'DurationLessThan', 'DurationLessThanOrEquals',
] as const;

function numberOf(v: Json): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return undefined;
}

/** Equals: strings by wildcard (the value may hold * and ?), numbers by value, anything else by structure. */
function equal(key: Json, value: Json, budget: Budget): boolean {
  // a comparison reads about as much as the smaller value holds
  budget.characters(Math.min(sizeOf(key), sizeOf(value)));
  if (typeof key === 'string' && typeof value === 'string') return wildcardMatch(value, key, budget);
  const k = numberOf(key);
  const v = numberOf(value);
  if (k !== undefined && v !== undefined && (typeof key === 'number' || typeof value === 'number')) return k === v;
  if (typeof key === 'boolean' && typeof value === 'string') return String(key) === value;
  if (typeof value === 'boolean' && typeof key === 'string') return String(value) === key;
  return deepEqual(key, value);
}

/** A set operator's side as a list: a list, a JSON list written as a string, or one value. */
function listOf(v: Json): Json[] {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string' && v.trim().startsWith('[')) {
    try {
      const parsed = JSON.parse(v) as Json;
      if (Array.isArray(parsed)) return parsed;
    } catch {
      // a plain string that starts with [
    }
  }
  return [v];
}

function isIn(k: Json, values: Json[], budget: Budget): boolean {
  return values.some((v) => equal(k, v, budget));
}

function compare(op: string, key: Json, value: Json): boolean {
  const k = numberOf(key);
  const v = numberOf(value);
  if (k === undefined || v === undefined) throw new Unsupported(`${op} on ${JSON.stringify(key)} and ${JSON.stringify(value)} (quantities, durations and versions) is not evaluated by reachdiff`);
  return op === 'GreaterThan' ? k > v : op === 'GreaterThanOrEquals' ? k >= v : op === 'LessThan' ? k < v : k <= v;
}

function holds(op: string, key: Json, value: Json, budget: Budget): boolean {
  const keys = listOf(key);
  const values = listOf(value);
  switch (op) {
    case 'Equals':
      return equal(key, value, budget);
    case 'NotEquals':
      return !equal(key, value, budget);
    case 'AnyIn':
      return keys.some((k) => isIn(k, values, budget));
    case 'AllIn':
      return keys.every((k) => isIn(k, values, budget));
    case 'AnyNotIn':
      return keys.some((k) => !isIn(k, values, budget));
    case 'AllNotIn':
      return keys.every((k) => !isIn(k, values, budget));
    case 'In':
      return keys.every((k) => isIn(k, values, budget));
    case 'NotIn':
      return !keys.every((k) => isIn(k, values, budget));
    case 'GreaterThan':
    case 'GreaterThanOrEquals':
    case 'LessThan':
    case 'LessThanOrEquals':
      return compare(op, key, value);
    default:
      throw new Unsupported(`the ${op} operator is not evaluated by reachdiff`);
  }
}

function condition(raw: unknown, scope: Scope): boolean {
  if (!isRecord(raw)) throw new InvalidCondition('a condition must be a mapping with key, operator and value');
  const op = raw['operator'];
  if (typeof op !== 'string' || !(OPERATORS as readonly string[]).includes(op)) throw new InvalidCondition(`unknown operator ${JSON.stringify(op)} (Kyverno's are ${OPERATORS.join(', ')})`);
  if (!('key' in raw)) throw new InvalidCondition(`a ${op} condition has no key`);
  try {
    return holds(op, substitute(raw['key'], scope), substitute(raw['value'], scope), scope.budget);
  } catch (e) {
    if (e instanceof Unresolved) return false;
    throw e;
  }
}

/** Whether a rule's (or a foreach entry's) preconditions hold. */
export function preconditionsHold(raw: unknown, scope: Scope): boolean {
  if (raw === undefined || raw === null) return true;
  if (Array.isArray(raw)) return raw.every((c) => condition(c, scope));
  if (!isRecord(raw)) throw new InvalidCondition('preconditions must be a list or a mapping of any and all');
  const any = raw['any'];
  const all = raw['all'];
  for (const [name, block] of [['any', any], ['all', all]] as const) {
    if (block !== undefined && block !== null && !Array.isArray(block)) throw new InvalidCondition(`preconditions.${name} must be a list`);
  }
  const anyList = (any ?? []) as unknown[];
  const allList = (all ?? []) as unknown[];
  if (anyList.length > 0 && !anyList.some((c) => condition(c, scope))) return false;
  return allList.every((c) => condition(c, scope));
}
