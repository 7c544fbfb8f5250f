import type { GeneratedBy } from './diagnostics.js';
import type { Protocol } from './connections.js';
import { isProtocol, MAX_PORT, MIN_PORT } from './connections.js';
import type { Labels } from './selectors.js';

/** A Kubernetes object as read from a manifest, with where it came from. */
export interface RawObject {
  readonly kind: string;
  readonly body: Record<string, unknown>;
  readonly file: string;
  readonly line: number;
  /** Line of a nested mapping or sequence of `body`. */
  lineOf(node: unknown): number;
}

/** An object of a manifest with its apiVersion, as kept for steps that read any kind (generate rules). */
export interface ManifestObject extends RawObject {
  readonly apiVersion?: string;
  /** Set on objects a rule generated. */
  readonly generatedBy?: GeneratedBy;
}

/** An error about one object, which is then skipped. */
export class InvalidObject extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

/**
 * A value of the input as a message shows it: a string as it is, anything
 * else as JSON, cut short. String() is never used on input: a mapping with
 * a `toString` key makes it throw.
 */
export function shown(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return String(value);
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  if (text === undefined) return Array.isArray(value) ? 'a list' : 'a mapping';
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function field(obj: unknown, ...path: string[]): unknown {
  let cur = obj;
  for (const key of path) {
    if (!isRecord(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

export function optionalString(obj: unknown, ...path: string[]): string | undefined {
  const v = field(obj, ...path);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new InvalidObject(`${path.join('.')} must be a string`);
  return v;
}

/** A list field: undefined when absent or null. */
export function optionalList(obj: unknown, ...path: string[]): unknown[] | undefined {
  const v = field(obj, ...path);
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw new InvalidObject(`${path.join('.')} must be a list`);
  return v;
}

export function readLabels(raw: unknown, what: string): Labels {
  if (raw === undefined || raw === null) return {};
  if (!isRecord(raw)) throw new InvalidObject(`${what} must be a mapping of label keys to values`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (typeof v !== 'string') {
      throw new InvalidObject(`${what}: the value of "${k}" must be a string (quote it: "${shown(v)}")`);
    }
    out[k] = v;
  }
  return out;
}

export function readProtocol(raw: unknown, what: string): Protocol {
  if (raw === undefined || raw === null) return 'TCP';
  if (!isProtocol(raw)) throw new InvalidObject(`${what}: protocol "${shown(raw)}" is not TCP, UDP or SCTP`);
  return raw;
}

export function isPortNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= MIN_PORT && value <= MAX_PORT;
}

/** IANA_SVC_NAME, as Kubernetes validates named ports. */
export function isPortName(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length >= 1 &&
    value.length <= 15 &&
    /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(value) &&
    /[a-z]/.test(value) &&
    !value.includes('--')
  );
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** RFC 1123 label, as Kubernetes validates namespace names: at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit. */
export function isDnsLabel(value: string): boolean {
  return value.length <= 63 && DNS_LABEL.test(value);
}

/** RFC 1123 subdomain, as Kubernetes validates most object names: labels joined by ".", at most 253 characters. */
export function isDnsSubdomain(value: string): boolean {
  return value.length <= 253 && value.split('.').every((l) => DNS_LABEL.test(l));
}

/**
 * The name of a namespaced object as the API server validates it (an RFC
 * 1123 subdomain) and its namespace (an RFC 1123 label). With
 * `generateName` only, the prefix names it (the server appends a random
 * suffix; a trailing "-" is allowed). Throws InvalidObject.
 */
export function objectName(body: unknown, kind: string, defaultNamespace: string): { name: string; namespace: string } {
  const name = optionalString(body, 'metadata', 'name');
  const prefix = optionalString(body, 'metadata', 'generateName');
  const namespace = optionalString(body, 'metadata', 'namespace') || defaultNamespace;
  if (!isDnsLabel(namespace)) throw new InvalidObject(`metadata.namespace "${namespace}" is not a valid namespace name (${DNS_LABEL_RULE})`);
  if (name) {
    const problem = nameProblem(kind, false, name);
    if (problem) throw new InvalidObject(problem);
    return { name, namespace };
  }
  if (prefix) {
    if (!isDnsSubdomain(prefix.replace(/-$/, 'a'))) throw new InvalidObject(`metadata.generateName "${prefix}" is not a valid name prefix (${DNS_SUBDOMAIN_RULE})`);
    return { name: prefix, namespace };
  }
  throw new InvalidObject(`${kind} has no metadata.name`);
}

export const DNS_LABEL_RULE = 'at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit';
const DNS_SUBDOMAIN_RULE = 'lowercase letters, digits, "-" and ".", each part starting and ending with a letter or digit';
const DNS1035_LABEL_RULE = 'at most 63 lowercase letters, digits and "-", starting with a letter and ending with a letter or digit';
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Why the API server refuses an object's metadata.name, or undefined: the
 * rule ValidateObjectMeta is given for its kind, an RFC 1035 label for a
 * Service (ValidateServiceName), an RFC 1123 label for a Namespace, an RFC
 * 1123 subdomain for every other kind this checks, custom resources
 * included (the apiextensions API server validates their names with
 * NameIsDNSSubdomain), and at most 52 characters for a CronJob. `core`
 * says the kind is of the core group; `group`, where known, which group.
 */
export function nameProblem(kind: string, core: boolean, name: string, group?: string): string | undefined {
  const [ok, rule] =
    core && kind === 'Service'
      ? [name.length <= 63 && DNS1035_LABEL.test(name), DNS1035_LABEL_RULE]
      : core && kind === 'Namespace'
        ? [isDnsLabel(name), DNS_LABEL_RULE]
        : [isDnsSubdomain(name), DNS_SUBDOMAIN_RULE];
  if (!ok) return `metadata.name "${name}" is not a valid ${kind} name (${rule}): the API server rejects it`;
  // ValidateCronJob: the controller names each Job NAME-TIMESTAMP (11 more characters), which must stay an RFC 1035 label's length
  if (kind === 'CronJob' && (group === undefined || group === 'batch') && name.length > CRONJOB_MAX_NAME) return `metadata.name "${name}" is longer than ${CRONJOB_MAX_NAME} characters, the most a CronJob's name may have: the API server rejects it`;
  return undefined;
}

/** The longest name of a CronJob (batch/v1 validation: 63 less the 11 characters of the Jobs' suffix). */
const CRONJOB_MAX_NAME = 52;
