/**
 * Scalars as kubectl reads them. kubectl turns YAML into JSON with
 * sigs.k8s.io/yaml, which decodes with Go's yaml.v2 and marshals the result
 * with encoding/json; the rules below are those of yaml.v2's `resolve`
 * (goyaml.v2/resolve.go) and of sigs.k8s.io/yaml's key conversion
 * (`convertToJSONableObject` in yaml.go):
 *
 * - null: `~`, `null`, `Null`, `NULL` and the empty plain scalar;
 * - booleans: `y Y yes Yes YES true True TRUE on On ON` and
 *   `n N no No NO false False FALSE off Off OFF`;
 * - integers: Go's `strconv.ParseInt(s, 0, 64)` after removing every `_`:
 *   decimal, `0x`, `0o`, `0b` and a leading `0` for octal, with a sign;
 *   then `ParseUint` up to 2^64; yaml.v2 has no integers beyond 64 bits:
 *   a decimal one is a float (it matches the float pattern below), and one
 *   written `0x`, `0o` or `0b`, or signed beyond int64 in those bases,
 *   stays a string;
 * - floats: `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?` (no
 *   `_` after removal), `.inf`, `-.inf`, `+.inf`, `.nan` in three
 *   capitalisations; a float too large for 64 bits stays a string;
 * - everything else is a string: no base 60 (`20:21`), and timestamps
 *   stay their text, since yaml.v2 keeps a timestamp as a string when it
 *   decodes into an interface value.
 *
 * Only plain scalars are resolved; quoted and block scalars are strings.
 */

/** What a plain scalar resolves to, with the Go type where keys need it. */
export type GoScalar =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'null'; readonly value: null }
  | { readonly type: 'bool'; readonly value: boolean }
  /** An int64, with its decimal text (exact where the number is rounded). */
  | { readonly type: 'int'; readonly value: number; readonly text: string }
  /** A uint64 above the int64 range. */
  | { readonly type: 'bigint'; readonly value: number }
  /** A float64; -0 reads as 0 in JSON, but a key keeps its sign. */
  | { readonly type: 'float'; readonly value: number; readonly negative?: true };

const FIXED = new Map<string, GoScalar>();
for (const [value, words] of [
  [true, ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']],
  [false, ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']],
] as const) {
  for (const w of words) FIXED.set(w, { type: 'bool', value });
}
for (const w of ['', '~', 'null', 'Null', 'NULL']) FIXED.set(w, { type: 'null', value: null });
for (const w of ['.nan', '.NaN', '.NAN']) FIXED.set(w, { type: 'float', value: NaN });
for (const w of ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']) FIXED.set(w, { type: 'float', value: Infinity });
for (const w of ['-.inf', '-.Inf', '-.INF']) FIXED.set(w, { type: 'float', value: -Infinity });

/** yaml.v2's resolve table: which first characters may start a non-string. */
const HINT = new Uint8Array(128);
const SIGN = 1;
const DIGIT = 2;
const WORD = 3;
const DOT = 4;
HINT[43] = SIGN;
HINT[45] = SIGN;
for (let c = 48; c <= 57; c++) HINT[c] = DIGIT;
for (const ch of 'yYnNtTfFoO~') HINT[ch.charCodeAt(0)] = WORD;
HINT[46] = DOT;

const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
/** What Go's ParseFloat accepts of a text starting with a dot (underscores between digits included). */
const DOT_FLOAT = /^\.[0-9](_?[0-9])*([eE][-+]?[0-9](_?[0-9])*)?$/;
const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

/** Go's integer syntax of `strconv.ParseInt(s, 0, 64)` (underscores already removed): sign, base, digits. */
function goInteger(s: string): bigint | undefined {
  let i = 0;
  let negative = false;
  if (s[0] === '+' || s[0] === '-') {
    negative = s[0] === '-';
    i = 1;
  }
  const rest = s.slice(i);
  let digits = /^[0-9]+$/;
  let prefix = '';
  let body = rest;
  if (rest.length > 1 && rest[0] === '0') {
    // as Go's ParseUint with base 0: 0b, 0o, 0x need a digit after them; any other leading 0 means octal
    const p = rest.length >= 3 ? rest[1]!.toLowerCase() : '';
    if (p === 'x') [digits, prefix, body] = [/^[0-9a-fA-F]+$/, '0x', rest.slice(2)];
    else if (p === 'o') [digits, prefix, body] = [/^[0-7]+$/, '0o', rest.slice(2)];
    else if (p === 'b') [digits, prefix, body] = [/^[01]+$/, '0b', rest.slice(2)];
    else [digits, prefix, body] = [/^[0-7]+$/, '0o', rest.slice(1)];
  }
  if (!digits.test(body)) return undefined;
  const n = BigInt(`${prefix}${body}`);
  return negative ? -n : n;
}

/** yaml.v2's resolution of a plain scalar's text. */
export function resolvePlain(text: string): GoScalar {
  const c = text.charCodeAt(0);
  const hint = text === '' ? WORD : c < 128 ? HINT[c]! : 0;
  if (hint === 0) return { type: 'string', value: text };
  const fixed = FIXED.get(text);
  if (fixed) return fixed;
  if (hint === WORD) return { type: 'string', value: text };
  if (hint === DOT) {
    if (!DOT_FLOAT.test(text)) return { type: 'string', value: text };
    const value = Number(text.replaceAll('_', ''));
    return Number.isFinite(value) ? { type: 'float', value: value === 0 ? 0 : value } : { type: 'string', value: text };
  }
  // a digit or a sign: an integer, a float, or a string
  const plain = text.indexOf('_') < 0 ? text : text.replaceAll('_', '');
  if (/^[1-9][0-9]{0,14}$/.test(plain)) return { type: 'int', value: Number(plain), text: plain };
  const int = goInteger(plain);
  if (int !== undefined) {
    if (int >= INT64_MIN && int <= INT64_MAX) return { type: 'int', value: Number(int), text: int.toString() };
    // ParseUint takes no sign; a signed integer out of range may still be a float
    if (int > 0n && int <= UINT64_MAX && plain[0] !== '+') return { type: 'bigint', value: Number(int) };
  }
  if (YAML_FLOAT.test(plain)) {
    const value = Number(plain);
    if (Number.isFinite(value)) return value === 0 ? { type: 'float', value: 0, ...(Object.is(value, -0) ? { negative: true as const } : {}) } : { type: 'float', value };
  }
  // (an integer beyond 64 bits that is no float, 0x10000000000000000, is a string)
  return { type: 'string', value: text };
}

const memo = new Map<string, GoScalar>();

/**
 * resolvePlain, memoized, for a reader: undefined where the text is a
 * string, which most are and which is known without a lookup where the
 * text starts with a character no other type starts with, or with a letter
 * and is longer than yaml.v2's words (five letters at most).
 */
export function resolvedPlain(text: string): GoScalar | undefined {
  const c = text.charCodeAt(0);
  if (c >= 128 || HINT[c] === 0) return undefined;
  if (c >= 65 && text.length > 5) return undefined;
  let s = memo.get(text);
  if (s === undefined) {
    s = resolvePlain(text);
    if (memo.size > 50_000) memo.clear();
    memo.set(text, s);
  }
  return s.type === 'string' ? undefined : s;
}

/** Go's `strconv.FormatFloat(f, 'g', -1, 32)`: the shortest digits that read back as the same float32, in %e form for exponents below -4 or from 6. */
function formatFloat32(f: number): string {
  const f32 = Math.fround(f);
  if (f32 === 0) return Object.is(f32, -0) ? '-0' : '0';
  let s = f32.toExponential(8);
  for (let p = 0; p < 8; p++) {
    const shorter = f32.toExponential(p);
    if (Math.fround(Number(shorter)) === f32) {
      s = shorter;
      break;
    }
  }
  const [mantissa, exp] = s.split('e') as [string, string];
  const sign = f32 < 0 ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');
  const exponent = Number(exp);
  if (exponent < -4 || exponent >= 6) {
    const e = Math.abs(exponent);
    return `${sign}${digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits}e${exponent < 0 ? '-' : '+'}${e < 10 ? `0${e}` : e}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  if (digits.length <= exponent + 1) return `${sign}${digits}${'0'.repeat(exponent + 1 - digits.length)}`;
  return `${sign}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
}

/** Thrown where kubectl cannot turn the YAML into JSON; the message says why. */
export class ConversionError extends Error {
  constructor(
    message: string,
    /** 0-based line within the document, where known. */
    public line?: number,
  ) {
    super(message);
  }
}

/**
 * The JSON key sigs.k8s.io/yaml makes of a plain scalar key: strings as
 * they are, integers in decimal, floats as Go prints a float32, booleans
 * as `true`/`false`. Null keys and uint64 keys above the int64 range are refused.
 */
export function keyText(s: GoScalar): string {
  switch (s.type) {
    case 'string':
      return s.value;
    case 'bool':
      return s.value ? 'true' : 'false';
    case 'int':
      return s.text;
    case 'float':
      if (Number.isNaN(s.value)) return '.nan';
      if (s.negative) return '-0';
      // (a float beyond float32's range is infinite as Go prints it: "+Inf", which sigs.k8s.io/yaml writes as YAML does)
      if (Math.fround(s.value) === Infinity) return '.inf';
      if (Math.fround(s.value) === -Infinity) return '-.inf';
      return formatFloat32(s.value);
    case 'null':
      throw new ConversionError('a null mapping key, which kubectl cannot convert to JSON');
    case 'bigint':
      throw new ConversionError('an integer mapping key above the int64 range, which kubectl cannot convert to JSON');
  }
}

/** The value a resolved scalar has in the JSON kubectl makes. */
export function jsonValue(s: GoScalar, text: string): string | number | boolean | null {
  if (s.type === 'float' && !Number.isFinite(s.value)) {
    throw new ConversionError(`the value ${text} is not a number JSON can hold, and kubectl refuses it`);
  }
  return s.value;
}

/**
 * A scalar with an explicit standard tag (`!!int "5"`), as yaml.v2 resolves
 * it: the text must resolve to the tag's type, an integer may stand for a
 * float, and `!!str` and `!!binary` take any text.
 */
export function resolveTagged(tag: string, text: string): string | number | boolean | null {
  switch (tag) {
    case 'str':
      return text;
    case 'binary': {
      // Go's base64 decoder skips line breaks (CR and LF) alone: a space or a tab is invalid, as is a missing `=`
      const clean = text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0 ? text.replace(/[\r\n]/g, '') : text;
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.length % 4 !== 0) throw new ConversionError(`!!binary value is not base64 as Go decodes it (only line breaks may stand between its characters, and it is padded with =)`);
      return goString(Buffer.from(clean, 'base64'));
    }
    case 'timestamp': {
      if (/^[0-9]{4}-/.test(text)) return text;
      break;
    }
  }
  const s = resolvePlain(text);
  // (yaml.v2 takes an int64 for a !!float, not a uint64 above its range)
  const wanted = tag === 'int' ? ['int', 'bigint'] : tag === 'float' ? ['float', 'int'] : tag === 'bool' ? ['bool'] : tag === 'null' ? ['null'] : [];
  if (!wanted.includes(s.type)) throw new ConversionError(`cannot decode \`${text}\` as a !!${tag}`);
  return jsonValue(s, text);
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Bytes as the string Go's JSON encoder makes of them (kubectl marshals a
 * !!binary value's bytes so): UTF-8, with each byte that does not start a
 * valid sequence replaced by U+FFFD, one for each such byte (where a
 * decoder of the web replaces a truncated sequence, E2 80, by one).
 */
export function goString(bytes: Uint8Array): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    // (some byte is invalid: read on one sequence at a time)
  }
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const n = validSequence(bytes, i);
    if (n === 0) {
      out += '\ufffd';
      i++;
    } else {
      out += UTF8.decode(bytes.subarray(i, i + n));
      i += n;
    }
  }
  return out;
}

/** The length of the valid UTF-8 sequence at bytes[i] (no overlong form, surrogate or code point past U+10FFFF), or 0. */
function validSequence(bytes: Uint8Array, i: number): number {
  const b = bytes[i]!;
  if (b < 0x80) return 1;
  let n: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) n = 2;
  else if (b >= 0xe0 && b <= 0xef) {
    n = 3;
    if (b === 0xe0) lo = 0xa0;
    else if (b === 0xed) hi = 0x9f;
  } else if (b >= 0xf0 && b <= 0xf4) {
    n = 4;
    if (b === 0xf0) lo = 0x90;
    else if (b === 0xf4) hi = 0x8f;
  } else return 0;
  if (i + n > bytes.length) return 0;
  const second = bytes[i + 1]!;
  if (second < lo || second > hi) return 0;
  for (let k = 2; k < n; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return 0;
  return n;
}
