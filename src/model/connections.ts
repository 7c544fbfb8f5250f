import * as iv from './intervals.js';
import type { IntervalSet } from './intervals.js';

export const PROTOCOLS = ['SCTP', 'TCP', 'UDP'] as const;
export type Protocol = (typeof PROTOCOLS)[number];

export const MIN_PORT = 1;
export const MAX_PORT = 65535;
const ALL_PORTS: IntervalSet = Object.freeze([MIN_PORT, MAX_PORT]);

export function isProtocol(value: unknown): value is Protocol {
  return value === 'TCP' || value === 'UDP' || value === 'SCTP';
}

const TEXTS = new WeakMap<object, string>();

/**
 * A set of (protocol, port) pairs: what one endpoint may open to another.
 * Immutable; `key` is canonical, so two sets are equal iff their keys are.
 */
export class ConnectionSet {
  readonly key: string;

  private constructor(
    readonly SCTP: IntervalSet,
    readonly TCP: IntervalSet,
    readonly UDP: IntervalSet,
  ) {
    this.key = `${SCTP.join(',')}|${TCP.join(',')}|${UDP.join(',')}`;
  }

  static readonly NONE = new ConnectionSet(iv.EMPTY, iv.EMPTY, iv.EMPTY);
  static readonly ALL = new ConnectionSet(ALL_PORTS, ALL_PORTS, ALL_PORTS);

  static of(parts: Partial<Record<Protocol, IntervalSet>>): ConnectionSet {
    const clip = (s: IntervalSet | undefined) => iv.intersect(s ?? iv.EMPTY, ALL_PORTS);
    const c = new ConnectionSet(clip(parts.SCTP), clip(parts.TCP), clip(parts.UDP));
    if (c.key === ConnectionSet.NONE.key) return ConnectionSet.NONE;
    if (c.key === ConnectionSet.ALL.key) return ConnectionSet.ALL;
    return c;
  }

  /** All ports of one protocol, or the inclusive range [from, to] of it. */
  static ports(protocol: Protocol, from = MIN_PORT, to = from === MIN_PORT ? MAX_PORT : from): ConnectionSet {
    return ConnectionSet.of({ [protocol]: iv.interval(from, to) });
  }

  get(protocol: Protocol): IntervalSet {
    return this[protocol];
  }

  isEmpty(): boolean {
    return this === ConnectionSet.NONE || this.key === ConnectionSet.NONE.key;
  }

  isAll(): boolean {
    return this === ConnectionSet.ALL || this.key === ConnectionSet.ALL.key;
  }

  equals(other: ConnectionSet): boolean {
    return this === other || this.key === other.key;
  }

  union(other: ConnectionSet): ConnectionSet {
    if (this.isEmpty() || other.isAll()) return other;
    if (other.isEmpty() || this.isAll()) return this;
    return ConnectionSet.of({
      SCTP: iv.union(this.SCTP, other.SCTP),
      TCP: iv.union(this.TCP, other.TCP),
      UDP: iv.union(this.UDP, other.UDP),
    });
  }

  intersect(other: ConnectionSet): ConnectionSet {
    if (this.isAll() || other.isEmpty()) return other;
    if (other.isAll() || this.isEmpty()) return this;
    return ConnectionSet.of({
      SCTP: iv.intersect(this.SCTP, other.SCTP),
      TCP: iv.intersect(this.TCP, other.TCP),
      UDP: iv.intersect(this.UDP, other.UDP),
    });
  }

  subtract(other: ConnectionSet): ConnectionSet {
    if (other.isEmpty() || this.isEmpty()) return this;
    if (other.isAll()) return ConnectionSet.NONE;
    return ConnectionSet.of({
      SCTP: iv.subtract(this.SCTP, other.SCTP),
      TCP: iv.subtract(this.TCP, other.TCP),
      UDP: iv.subtract(this.UDP, other.UDP),
    });
  }

  contains(protocol: Protocol, port: number): boolean {
    return iv.contains(this[protocol], port);
  }

  /** True when every connection of `other` is in this set. */
  covers(other: ConnectionSet): boolean {
    return other.subtract(this).isEmpty();
  }

  /** `All Connections`, `No Connections`, or `SCTP 9003,TCP 80,8080-8090,UDP 53`. */
  toString(): string {
    // interned sets are printed once per output line; the cache stays off the object so equal sets stay deep-equal
    let text = TEXTS.get(this);
    if (text === undefined) {
      text = this.format();
      TEXTS.set(this, text);
    }
    return text;
  }

  private format(): string {
    if (this.isAll()) return 'All Connections';
    if (this.isEmpty()) return 'No Connections';
    const parts: string[] = [];
    for (const p of PROTOCOLS) {
      const set = this[p];
      if (set.length > 0) parts.push(`${p} ${formatPorts(set)}`);
    }
    return parts.join(',');
  }

  /** Structured form for JSON: `"all"`, or per protocol a list of [from, to]. */
  toJSON(): 'all' | Partial<Record<Protocol, Array<[number, number]>>> {
    if (this.isAll()) return 'all';
    const out: Partial<Record<Protocol, Array<[number, number]>>> = {};
    for (const p of PROTOCOLS) {
      const set = this[p];
      if (set.length === 0) continue;
      const ranges: Array<[number, number]> = [];
      for (let i = 0; i < set.length; i += 2) ranges.push([set[i]!, set[i + 1]!]);
      out[p] = ranges;
    }
    return out;
  }
}

export function formatPorts(set: IntervalSet): string {
  const items: string[] = [];
  for (let i = 0; i < set.length; i += 2) {
    const lo = set[i]!;
    const hi = set[i + 1]!;
    items.push(lo === hi ? String(lo) : `${lo}-${hi}`);
  }
  return items.join(',');
}

/**
 * Parses the port notation used in configs: `TCP/5432`, `UDP/53`,
 * `TCP/8000-8080`, `SCTP` (all ports of a protocol) or `all`.
 */
export function parsePortSpec(text: string): ConnectionSet | string {
  const t = text.trim();
  if (t.toLowerCase() === 'all') return ConnectionSet.ALL;
  const m = /^([A-Za-z]+)(?:\/(\d+)(?:-(\d+))?)?$/.exec(t);
  if (!m) return `"${text}" is not a port: use PROTO, PROTO/PORT or PROTO/FROM-TO (for example TCP/5432)`;
  const protocol = m[1]!.toUpperCase();
  if (!isProtocol(protocol)) return `"${m[1]}" is not a protocol: use TCP, UDP or SCTP`;
  if (m[2] === undefined) return ConnectionSet.ports(protocol);
  const from = Number(m[2]);
  const to = m[3] === undefined ? from : Number(m[3]);
  if (from < MIN_PORT || to > MAX_PORT || from > to) return `"${text}": ports run from ${MIN_PORT} to ${MAX_PORT}, low to high`;
  return ConnectionSet.ports(protocol, from, to);
}

/**
 * Interns connection sets so that equal sets share one object and one small
 * integer id; the engine stores ids in typed arrays and memoizes operations.
 */
export class ConnectionTable {
  private readonly byKey = new Map<string, number>();
  private readonly sets: ConnectionSet[] = [];
  private readonly meetMemo = new Map<number, number>();
  private readonly joinMemo = new Map<number, number>();
  static readonly NONE = 0;
  static readonly ALL = 1;

  constructor() {
    this.intern(ConnectionSet.NONE);
    this.intern(ConnectionSet.ALL);
  }

  intern(set: ConnectionSet): number {
    let id = this.byKey.get(set.key);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push(set);
      this.byKey.set(set.key, id);
    }
    return id;
  }

  get(id: number): ConnectionSet {
    return this.sets[id]!;
  }

  get size(): number {
    return this.sets.length;
  }

  /** Intersection of two interned sets, by id. */
  meet(a: number, b: number): number {
    if (a === b || b === ConnectionTable.ALL) return a;
    if (a === ConnectionTable.ALL) return b;
    if (a === ConnectionTable.NONE || b === ConnectionTable.NONE) return ConnectionTable.NONE;
    const k = a < b ? a * 0x4000000 + b : b * 0x4000000 + a;
    let r = this.meetMemo.get(k);
    if (r === undefined) {
      r = this.intern(this.sets[a]!.intersect(this.sets[b]!));
      this.meetMemo.set(k, r);
    }
    return r;
  }

  /** Union of two interned sets, by id. */
  join(a: number, b: number): number {
    if (a === b || b === ConnectionTable.NONE) return a;
    if (a === ConnectionTable.NONE) return b;
    if (a === ConnectionTable.ALL || b === ConnectionTable.ALL) return ConnectionTable.ALL;
    const k = a < b ? a * 0x4000000 + b : b * 0x4000000 + a;
    let r = this.joinMemo.get(k);
    if (r === undefined) {
      r = this.intern(this.sets[a]!.union(this.sets[b]!));
      this.joinMemo.set(k, r);
    }
    return r;
  }
}
