import * as iv from './intervals.js';
import type { IntervalSet } from './intervals.js';

export const MAX_IPV4 = 0xffffffff;
export const ALL_IPV4: IntervalSet = Object.freeze([0, MAX_IPV4]);

/** A disjoint range of IPv4 addresses outside the cluster. */
export interface ExternalRange {
  readonly first: number;
  readonly last: number;
}

export type ParsedCidr =
  | { kind: 'ipv4'; first: number; last: number; hostBitsSet: boolean }
  | { kind: 'ipv6' }
  | { kind: 'invalid'; reason: string };

export function parseIPv4(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  let value = 0;
  for (let i = 1; i <= 4; i++) {
    const part = m[i]!;
    if (part.length > 1 && part.startsWith('0')) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

export function parseCidr(text: string): ParsedCidr {
  const t = text.trim();
  const slash = t.indexOf('/');
  if (slash < 0) return { kind: 'invalid', reason: `"${text}" is not a CIDR (expected address/prefix, for example 10.0.0.0/8)` };
  const address = t.slice(0, slash);
  const prefixText = t.slice(slash + 1);
  if (address.includes(':')) {
    return /^[0-9a-fA-F:.]+$/.test(address) && /^\d{1,3}$/.test(prefixText) && Number(prefixText) <= 128
      ? { kind: 'ipv6' }
      : { kind: 'invalid', reason: `"${text}" is not a valid IPv6 CIDR` };
  }
  const ip = parseIPv4(address);
  if (ip === undefined) return { kind: 'invalid', reason: `"${text}" is not a CIDR: "${address}" is not an IPv4 address` };
  if (!/^\d{1,2}$/.test(prefixText) || Number(prefixText) > 32) {
    return { kind: 'invalid', reason: `"${text}" is not a CIDR: the prefix length must be 0 to 32` };
  }
  const prefix = Number(prefixText);
  const blockSize = 2 ** (32 - prefix);
  const first = Math.floor(ip / blockSize) * blockSize;
  return { kind: 'ipv4', first, last: first + blockSize - 1, hostBitsSet: first !== ip };
}

export function formatIPv4(value: number): string {
  return `${Math.floor(value / 16777216) % 256}.${Math.floor(value / 65536) % 256}.${Math.floor(value / 256) % 256}.${value % 256}`;
}

/** `10.0.0.0-10.255.255.255[External]` */
export function formatExternal(range: ExternalRange): string {
  return `${formatIPv4(range.first)}-${formatIPv4(range.last)}[External]`;
}

/**
 * Cuts the IPv4 space at every boundary of the given sets: the result is the
 * coarsest list of disjoint ranges, covering all addresses, such that each
 * range lies wholly inside or wholly outside every set.
 */
export function cutAddressSpace(sets: Iterable<IntervalSet>): ExternalRange[] {
  const cuts = new Set<number>([0, MAX_IPV4 + 1]);
  for (const set of sets) {
    for (let i = 0; i < set.length; i += 2) {
      cuts.add(set[i]!);
      cuts.add(set[i + 1]! + 1);
    }
  }
  const sorted = [...cuts].sort((a, b) => a - b);
  const ranges: ExternalRange[] = [];
  for (let i = 0; i + 1 < sorted.length; i++) ranges.push({ first: sorted[i]!, last: sorted[i + 1]! - 1 });
  return ranges;
}

/** Index of the range of a sorted, disjoint, covering list that holds `address`. */
export function findRange(ranges: readonly ExternalRange[], address: number): number {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ranges[mid]!.first <= address) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Address blocks where pod networks usually live (RFC 1918 and shared space). */
export const PRIVATE_RANGES: IntervalSet = iv.fromIntervals(
  ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10'].map((c) => {
    const p = parseCidr(c);
    return p.kind === 'ipv4' ? ([p.first, p.last] as const) : ([1, 0] as const);
  }),
);
