/**
 * A validator for the part of JSON Schema (2020-12) the project's schemas
 * use: type, const, enum, properties, required, additionalProperties,
 * items, prefixItems, minItems, maxItems, minimum, maximum, minLength,
 * maxLength, pattern, oneOf, anyOf, and local $ref to $defs. Anything else
 * in a schema is an error, so a schema cannot silently validate less than
 * it says.
 */
export type Schema = boolean | { readonly [key: string]: unknown };

const KNOWN = new Set([
  '$schema',
  '$id',
  '$ref',
  '$defs',
  '$comment',
  'title',
  'description',
  'default',
  'examples',
  'format',
  'type',
  'const',
  'enum',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'prefixItems',
  'minItems',
  'maxItems',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'pattern',
  'oneOf',
  'anyOf',
]);

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function typeMatches(v: unknown, t: string): boolean {
  const actual = typeOf(v);
  return actual === t || (t === 'number' && actual === 'integer');
}

function equal(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Returns the first few errors (`$.path: message`), or [] when the value is valid. */
export function validate(root: Schema, value: unknown, maxErrors = 10): string[] {
  const errors: string[] = [];
  const resolve = (ref: string): Schema => {
    const m = /^#\/\$defs\/(.+)$/.exec(ref);
    const defs = typeof root === 'object' ? (root['$defs'] as Record<string, Schema> | undefined) : undefined;
    const target = m && defs ? defs[m[1]!] : undefined;
    if (target === undefined) throw new Error(`schema: unresolvable $ref ${ref}`);
    return target;
  };
  const check = (schema: Schema, v: unknown, path: string, out: string[]): void => {
    if (out.length >= maxErrors) return;
    if (schema === true) return;
    if (schema === false) {
      out.push(`${path}: not allowed`);
      return;
    }
    for (const k of Object.keys(schema)) if (!KNOWN.has(k)) throw new Error(`schema: unsupported keyword "${k}" at ${path}`);
    if (typeof schema['$ref'] === 'string') check(resolve(schema['$ref']), v, path, out);
    if (schema['type'] !== undefined) {
      const types = Array.isArray(schema['type']) ? (schema['type'] as string[]) : [schema['type'] as string];
      if (!types.some((t) => typeMatches(v, t))) {
        out.push(`${path}: expected ${types.join(' or ')}, got ${typeOf(v)}`);
        return;
      }
    }
    if ('const' in schema && !equal(schema['const'], v)) out.push(`${path}: must be ${JSON.stringify(schema['const'])}`);
    if (Array.isArray(schema['enum']) && !schema['enum'].some((e) => equal(e, v))) out.push(`${path}: must be one of ${schema['enum'].map((e) => JSON.stringify(e)).join(', ')}`);
    if (typeof v === 'number') {
      if (typeof schema['minimum'] === 'number' && v < schema['minimum']) out.push(`${path}: below ${schema['minimum']}`);
      if (typeof schema['maximum'] === 'number' && v > schema['maximum']) out.push(`${path}: above ${schema['maximum']}`);
    }
    if (typeof v === 'string') {
      if (typeof schema['minLength'] === 'number' && v.length < schema['minLength']) out.push(`${path}: shorter than ${schema['minLength']}`);
      if (typeof schema['maxLength'] === 'number' && v.length > schema['maxLength']) out.push(`${path}: longer than ${schema['maxLength']}`);
      if (typeof schema['pattern'] === 'string' && !new RegExp(schema['pattern'], 'u').test(v)) out.push(`${path}: does not match ${schema['pattern']}`);
    }
    if (Array.isArray(v)) {
      if (typeof schema['minItems'] === 'number' && v.length < schema['minItems']) out.push(`${path}: fewer than ${schema['minItems']} items`);
      if (typeof schema['maxItems'] === 'number' && v.length > schema['maxItems']) out.push(`${path}: more than ${schema['maxItems']} items`);
      const prefix = Array.isArray(schema['prefixItems']) ? (schema['prefixItems'] as Schema[]) : [];
      v.forEach((item, i) => {
        const s = i < prefix.length ? prefix[i] : (schema['items'] as Schema | undefined);
        if (s !== undefined) check(s, item, `${path}[${i}]`, out);
      });
    }
    if (typeOf(v) === 'object') {
      const obj = v as Record<string, unknown>;
      const props = (schema['properties'] ?? {}) as Record<string, Schema>;
      for (const r of (schema['required'] ?? []) as string[]) if (!(r in obj)) out.push(`${path}: missing "${r}"`);
      for (const [k, item] of Object.entries(obj)) {
        if (k in props) check(props[k]!, item, `${path}.${k}`, out);
        else if (schema['additionalProperties'] !== undefined) check(schema['additionalProperties'] as Schema, item, `${path}.${k}`, out);
      }
    }
    for (const key of ['oneOf', 'anyOf'] as const) {
      const options = schema[key];
      if (!Array.isArray(options)) continue;
      const passing = (options as Schema[]).filter((s) => {
        const sub: string[] = [];
        check(s, v, path, sub);
        return sub.length === 0;
      }).length;
      if (key === 'oneOf' ? passing !== 1 : passing === 0) out.push(`${path}: matches ${passing} of the ${key} alternatives`);
    }
  };
  check(root, value, '$', errors);
  return errors;
}
