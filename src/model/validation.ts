/**
 * The name and label checks of the API server (k8s.io/apimachinery
 * pkg/util/validation): what fails them is rejected, so it never reaches a
 * cluster. Each returns why a value fails, or undefined when it passes.
 */
import { isRecord } from './objects.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** IsDNS1123Label: namespaces' names. */
export function dnsLabelProblem(value: string): string | undefined {
  if (value.length > 63) return `"${value}" is longer than 63 characters`;
  if (!DNS1123_LABEL.test(value)) return `"${value}" is not a lowercase RFC 1123 label (a-z, 0-9 and "-", starting and ending with a letter or digit)`;
  return undefined;
}

/** IsDNS1123Subdomain: the names of most objects. */
export function dnsSubdomainProblem(value: string): string | undefined {
  if (value.length > 253) return `"${value}" is longer than 253 characters`;
  if (!DNS1123_SUBDOMAIN.test(value)) return `"${value}" is not a lowercase RFC 1123 subdomain (a-z, 0-9, "-" and ".", starting and ending with a letter or digit)`;
  return undefined;
}

/** IsQualifiedName: label keys, with an optional DNS subdomain prefix and a slash. */
export function labelKeyProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return `label key "${key}" holds more than one "/"`;
  const name = parts[parts.length - 1]!;
  if (parts.length === 2 && (parts[0] === '' || dnsSubdomainProblem(parts[0]!))) return `label key "${key}" has a prefix that is not a DNS subdomain`;
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME.test(name)) {
    return `label key "${key}" is not a valid name (at most 63 of A-Z, a-z, 0-9, "-", "_" and ".", starting and ending with a letter or digit)`;
  }
  return undefined;
}

/** IsValidLabelValue: empty, or like the name part of a key. */
export function labelValueProblem(value: string): string | undefined {
  if (value.length > 63 || !LABEL_VALUE.test(value)) {
    return `label value "${value}" is not valid (at most 63 of A-Z, a-z, 0-9, "-", "_" and ".", starting and ending with a letter or digit)`;
  }
  return undefined;
}

/** Label keys and values found valid, so that each is checked once: manifests repeat the same few thousands. */
const VALID_LABEL_KEYS = new Set<string>();
const VALID_LABEL_VALUES = new Set<string>();
const VALID_LABELS_MAX = 50_000;

/** ValidateObjectMeta's label checks over a mapping of labels: the first key or value that fails, or undefined (values that are not strings are for the reader to refuse). */
export function labelsProblem(labels: Readonly<Record<string, unknown>>): string | undefined {
  for (const key in labels) {
    if (!VALID_LABEL_KEYS.has(key)) {
      const problem = labelKeyProblem(key);
      if (problem) return problem;
      if (VALID_LABEL_KEYS.size >= VALID_LABELS_MAX) VALID_LABEL_KEYS.clear();
      VALID_LABEL_KEYS.add(key);
    }
    const value = labels[key];
    if (typeof value !== 'string' || VALID_LABEL_VALUES.has(value)) continue;
    const problem = labelValueProblem(value);
    if (problem) return problem;
    if (VALID_LABEL_VALUES.size >= VALID_LABELS_MAX) VALID_LABEL_VALUES.clear();
    VALID_LABEL_VALUES.add(value);
  }
  return undefined;
}

/** Annotation keys found valid, so that each is checked once. */
const VALID_KEYS = new Set<string>();

/** ValidateObjectMeta's limit on the total size of an object's annotations, keys and values. */
const ANNOTATIONS_MAX_BYTES = 256 * 1024;

/**
 * The types kubectl decodes metadata into (metadataTypeProblem; `types`
 * false for an object a controller makes, Kyverno's, which it writes
 * itself), and ValidateObjectMeta's checks of metadata other than names and labels
 * (apimachinery's api/validation/objectmeta.go): annotation keys are
 * qualified names and annotations take 256 KiB at most, finalizers are
 * qualified names. Why a metadata mapping fails, or undefined. (Owner
 * references are not checked: pods are grouped by the owner they name, as
 * np-guard's corpus writes them, with a name alone.)
 */
export function metadataProblem(metadata: unknown, types = true): string | undefined {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return undefined;
  const m = metadata as Record<string, unknown>;
  const typed = types ? metadataTypeProblem(m) : undefined;
  if (typed) return typed;
  const annotations = m['annotations'];
  if (typeof annotations === 'object' && annotations !== null && !Array.isArray(annotations)) {
    let size = 0;
    for (const key in annotations) {
      // the same keys come back on object after object
      if (!VALID_KEYS.has(key)) {
        const problem = labelKeyProblem(key);
        if (problem) return `annotations: ${problem.replace('label key', 'key')}`;
        if (VALID_KEYS.size < 10_000) VALID_KEYS.add(key);
      }
      const value = (annotations as Record<string, unknown>)[key];
      size += key.length + (typeof value === 'string' ? value.length : 0);
    }
    // lengths count UTF-16 units: bytes only matter near the limit
    if (size > ANNOTATIONS_MAX_BYTES / 4 && Object.entries(annotations).reduce((n, [k, v]) => n + utf8Length(k) + (typeof v === 'string' ? utf8Length(v) : 0), 0) > ANNOTATIONS_MAX_BYTES) {
      return `annotations: they take more than ${ANNOTATIONS_MAX_BYTES} bytes ("Too long: must have at most 262144 bytes")`;
    }
  }
  const finalizers = m['finalizers'];
  if (Array.isArray(finalizers)) {
    for (const f of finalizers) {
      const problem = typeof f === 'string' ? labelKeyProblem(f) : 'a finalizer is not a string';
      if (problem) return `finalizers: ${problem.replace(/label key/g, 'finalizer')}`;
    }
  }
  return undefined;
}

/** Metadata fields kubectl decodes as strings, besides the name and namespace (read and checked on their own). */
const STRING_FIELDS = ['generateName', 'selfLink', 'uid', 'resourceVersion'];
/** Metadata fields kubectl decodes as times: RFC 3339 strings. */
const TIME_FIELDS = ['creationTimestamp', 'deletionTimestamp'];

/** The number written by `count` ASCII digits at `at`, or -1 where one of them is not a digit. */
function digits(text: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Days in a month (1–12) of the proleptic Gregorian calendar. */
function monthDays(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Go's time.Parse with time.RFC3339, as metav1.Time decodes:
 * `2024-01-02T03:04:05Z`, seconds' fractions and an offset allowed. Read a
 * character at a time: managedFields give one time per entry, and a
 * `kubectl get -o yaml` dump thousands.
 */
export function rfc3339(text: string): boolean {
  const n = text.length;
  if (n < 20 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return false;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > monthDays(year, month) || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  let i = 19;
  if (text.charCodeAt(i) === 46) {
    // a fraction: one digit at least
    const from = ++i;
    while (i < n && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    if (i === from) return false;
  }
  const zone = text.charCodeAt(i);
  if (zone === 90) return i + 1 === n;
  if ((zone !== 43 && zone !== 45) || i + 6 !== n || text.charCodeAt(i + 3) !== 58) return false;
  const offsetHours = digits(text, i + 1, 2);
  const offsetMinutes = digits(text, i + 4, 2);
  return offsetHours >= 0 && offsetHours < 24 && offsetMinutes >= 0 && offsetMinutes < 60;
}

/** Whether a JSON number fits Go's int64. */
function int64(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v < 2 ** 63 && v >= -(2 ** 63);
}

type EntryFields = ReadonlyArray<readonly [string, 'string' | 'boolean' | 'time' | 'mapping']>;

/** Why the entries of a list of mappings do not decode as `fields` says (each field: a string, a boolean, a time or a mapping), or undefined. */
function entriesProblem(list: readonly unknown[], fields: EntryFields): string | undefined {
  for (let i = 0; i < list.length; i++) {
    const entry = list[i];
    if (entry === null) continue;
    if (!isRecord(entry)) return `[${i}] is ${kindOfValue(entry)}, not a mapping`;
    for (const [field, type] of fields) {
      const v = entry[field];
      if (v === undefined || v === null) continue;
      const ok = type === 'string' ? typeof v === 'string' : type === 'boolean' ? typeof v === 'boolean' : type === 'time' ? typeof v === 'string' && rfc3339(v) : isRecord(v);
      if (!ok) return `[${i}].${field} is ${type === 'time' && typeof v === 'string' ? `"${v}", not an RFC 3339 time` : `${kindOfValue(v)}, not ${type === 'mapping' ? 'a mapping' : `a ${type}`}`}`;
    }
  }
  return undefined;
}

/** The fields of an owner reference and of a managedFields entry, and what each decodes into. */
const OWNER_FIELDS: EntryFields = [
  ['apiVersion', 'string'],
  ['kind', 'string'],
  ['name', 'string'],
  ['uid', 'string'],
  ['controller', 'boolean'],
  ['blockOwnerDeletion', 'boolean'],
];
const MANAGED_FIELDS: EntryFields = [
  ['manager', 'string'],
  ['operation', 'string'],
  ['apiVersion', 'string'],
  ['time', 'time'],
  ['fieldsType', 'string'],
  ['fieldsV1', 'mapping'],
  ['subresource', 'string'],
];

/** What a value is, for messages. */
function kindOfValue(v: unknown): string {
  return Array.isArray(v) ? 'a list' : isRecord(v) ? 'a mapping' : typeof v === 'number' ? 'a number' : typeof v === 'boolean' ? 'a boolean' : 'a string';
}

/**
 * Why kubectl cannot decode the metadata into ObjectMeta ("cannot
 * unmarshal ... into Go struct field ObjectMeta.metadata...."), or
 * undefined: a string field that is not one, labels or annotations that
 * are not a mapping of strings (an unquoted number as an annotation's
 * value), a time that is not RFC 3339, a list field that is not a list or
 * whose entries do not decode (owner references, managedFields), an
 * integer past int64. A null is let be, as JSON decoding leaves the field
 * unset.
 */
function metadataTypeProblem(m: Record<string, unknown>): string | undefined {
  const cannot = (field: string) => ` (kubectl: "cannot unmarshal ... into Go struct field ObjectMeta.metadata.${field}")`;
  for (const field of STRING_FIELDS) {
    const v = m[field];
    if (v !== undefined && v !== null && typeof v !== 'string') return `${field}: ${kindOfValue(v)}, not a string${cannot(field)}`;
  }
  for (const field of ['labels', 'annotations']) {
    const v = m[field];
    if (v === undefined || v === null) continue;
    if (!isRecord(v)) return `${field}: ${kindOfValue(v)}, not a mapping${cannot(field)}`;
    for (const key in v) {
      const value = v[key];
      if (value !== null && typeof value !== 'string') return `${field}: the value of "${key}" is ${kindOfValue(value)}, not a string (quote it)${cannot(field)}`;
    }
  }
  for (const field of TIME_FIELDS) {
    const v = m[field];
    if (v !== undefined && v !== null && !(typeof v === 'string' && rfc3339(v))) return `${field}: ${typeof v === 'string' ? `"${v}" is not an RFC 3339 time` : `${kindOfValue(v)}, not a time`}${cannot(field)}`;
  }
  for (const field of ['finalizers', 'ownerReferences', 'managedFields']) {
    const v = m[field];
    if (v !== undefined && v !== null && !Array.isArray(v)) return `${field}: ${kindOfValue(v)}, not a list${cannot(field)}`;
  }
  const owners = Array.isArray(m['ownerReferences']) ? entriesProblem(m['ownerReferences'], OWNER_FIELDS) : undefined;
  if (owners) return `ownerReferences${owners}${cannot('ownerReferences')}`;
  const managed = Array.isArray(m['managedFields'])
    ? entriesProblem(m['managedFields'], MANAGED_FIELDS)
    : undefined;
  if (managed) return `managedFields${managed}${cannot('managedFields')}`;
  for (const field of ['generation', 'deletionGracePeriodSeconds']) {
    const v = m[field];
    if (v !== undefined && v !== null && !int64(v)) return `${field}: ${kindOfValue(v)}${typeof v === 'number' ? ' that is not an integer of 64 bits' : ', not an integer'}${cannot(field)}`;
  }
  return undefined;
}

/** How many bytes a string takes in UTF-8. */
function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
