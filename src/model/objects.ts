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
      throw new InvalidObject(`${what}: the value of "${k}" must be a string (quote it: "${String(v)}")`);
    }
    out[k] = v;
  }
  return out;
}

export function readProtocol(raw: unknown, what: string): Protocol {
  if (raw === undefined || raw === null) return 'TCP';
  if (!isProtocol(raw)) throw new InvalidObject(`${what}: protocol "${String(raw)}" is not TCP, UDP or SCTP`);
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
