import type { AnySchema, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { Ajv2020 } from 'ajv/dist/2020.js';

/**
 * JSON Schema (2020-12) validation with Ajv, its messages in the project's
 * form: `$.path: message`. Ajv runs in strict mode, so a schema keyword it
 * does not know is an error rather than a check silently skipped.
 */
export type Schema = boolean | { readonly [key: string]: unknown };

// strict, but a oneOf alternative may require a property its parent defines
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, validateFormats: false, allowUnionTypes: true, addUsedSchema: false });

/** Each schema is compiled once: the action validates many reports against the same two. */
const compiled = new Map<string, ValidateFunction>();

function compile(schema: Schema): ValidateFunction {
  const key = JSON.stringify(schema);
  let fn = compiled.get(key);
  if (!fn) {
    fn = ajv.compile(schema as AnySchema);
    compiled.set(key, fn);
  }
  return fn;
}

/** `/warnings/introduced/0` as `$.warnings.introduced[0]`. */
function jsonPath(pointer: string): string {
  let path = '$';
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path += /^\d+$/.test(part) ? `[${part}]` : `.${part}`;
  }
  return path;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** The value an error's instance path points at. */
function at(value: unknown, pointer: string): unknown {
  let v = value;
  for (const raw of pointer.split('/').slice(1)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return v;
}

function message(e: ErrorObject, value: unknown): string {
  const path = jsonPath(e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return `${path}: missing "${String(p['missingProperty'])}"`;
    case 'additionalProperties':
    case 'unevaluatedProperties':
      return `${path}.${String(p['additionalProperty'] ?? p['unevaluatedProperty'])}: not allowed`;
    case 'false schema':
      return `${path}: not allowed`;
    case 'type':
      return `${path}: expected ${[p['type']].flat().join(' or ')}, got ${typeOf(at(value, e.instancePath))}`;
    case 'const':
      return `${path}: must be ${JSON.stringify(p['allowedValue'])}`;
    case 'enum':
      return `${path}: must be one of ${(p['allowedValues'] as unknown[]).map((x) => JSON.stringify(x)).join(', ')}`;
    case 'pattern':
      return `${path}: does not match ${String(p['pattern'])}`;
    case 'minimum':
      return `${path}: below ${String(p['limit'])}`;
    case 'maximum':
      return `${path}: above ${String(p['limit'])}`;
    case 'minLength':
      return `${path}: shorter than ${String(p['limit'])}`;
    case 'maxLength':
      return `${path}: longer than ${String(p['limit'])}`;
    case 'minItems':
      return `${path}: fewer than ${String(p['limit'])} items`;
    case 'maxItems':
      return `${path}: more than ${String(p['limit'])} items`;
    case 'oneOf': {
      const passing = p['passingSchemas'];
      return `${path}: matches ${Array.isArray(passing) ? passing.length : 0} of the oneOf alternatives`;
    }
    case 'anyOf':
      return `${path}: matches 0 of the anyOf alternatives`;
    default:
      return `${path}: ${e.message ?? e.keyword}`;
  }
}

/**
 * Returns the first few errors (`$.path: message`), or [] when the value is
 * valid. Where a oneOf or anyOf fails, only that is said, not why each of
 * its alternatives failed.
 */
export function validate(schema: Schema, value: unknown, maxErrors = 10): string[] {
  const fn = compile(schema);
  if (fn(value)) return [];
  const errors = fn.errors ?? [];
  // Ajv lists the errors of the alternatives just before the oneOf or anyOf that failed
  const dropped = new Set<number>();
  errors.forEach((e, i) => {
    if (e.keyword !== 'oneOf' && e.keyword !== 'anyOf') return;
    const own = `${e.schemaPath}/`;
    const parent = e.schemaPath.slice(0, e.schemaPath.lastIndexOf('/') + 1);
    for (let j = i - 1; j >= 0; j--) {
      const b = errors[j]!;
      const under = b.instancePath === e.instancePath || b.instancePath.startsWith(`${e.instancePath}/`);
      if (!under || !(b.schemaPath.startsWith(own) || !b.schemaPath.startsWith(parent))) break;
      dropped.add(j);
    }
  });
  const kept = errors.filter((_, i) => !dropped.has(i));
  return [...new Set(kept.map((e) => message(e, value)))].slice(0, maxErrors);
}
