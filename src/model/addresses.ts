import * as iv from './intervals.js';
import type { IntervalSet } from './intervals.js';
import type { AddressFamily, ExternalRange, ParsedCidr } from './ipranges.js';
import { MAX_IPV4, MAX_IPV6, parseCidr } from './ipranges.js';

/**
 * A set of addresses of both families: the IPv4 part as the number interval
 * sets ports use, the IPv6 part as sorted, disjoint, non-adjacent inclusive
 * bigint intervals, flat ([lo0, hi0, lo1, hi1, ...]). The IPv6 part is empty
 * where no IPv6 address appears, and every operation then costs what the
 * IPv4 part costs.
 */
export interface AddressSet {
  readonly v4: IntervalSet;
  readonly v6: readonly bigint[];
}

const NO_V6: readonly bigint[] = Object.freeze([]);

export const NONE: AddressSet = Object.freeze({ v4: iv.EMPTY, v6: NO_V6 });
export const ALL_IPV4: AddressSet = Object.freeze({ v4: Object.freeze([0, MAX_IPV4]), v6: NO_V6 });
export const ALL_IPV6: AddressSet = Object.freeze({ v4: iv.EMPTY, v6: Object.freeze([0n, MAX_IPV6]) });
/** Every address of both families. */
export const ALL: AddressSet = Object.freeze({ v4: ALL_IPV4.v4, v6: ALL_IPV6.v6 });

/** The whole address space of some families. */
export function space(families: readonly AddressFamily[]): AddressSet {
  const v4 = families.includes('ipv4');
  const v6 = families.includes('ipv6');
  return v4 && v6 ? ALL : v6 ? ALL_IPV6 : v4 ? ALL_IPV4 : NONE;
}

/** The families a set has addresses of. */
export function families(a: AddressSet): AddressFamily[] {
  return [...(a.v4.length > 0 ? (['ipv4'] as const) : []), ...(a.v6.length > 0 ? (['ipv6'] as const) : [])];
}

export function ofRange(r: ExternalRange): AddressSet {
  return r.family === 'ipv4' ? { v4: iv.interval(r.first, r.last), v6: NO_V6 } : { v4: iv.EMPTY, v6: r.first <= r.last ? [r.first, r.last] : NO_V6 };
}

export function ofCidr(c: Exclude<ParsedCidr, { kind: 'invalid' }>): AddressSet {
  return c.kind === 'ipv4' ? { v4: iv.interval(c.first, c.last), v6: NO_V6 } : { v4: iv.EMPTY, v6: [c.first, c.last] };
}

/**
 * The addresses of CIDRs given as text (reachdiff's own: the pod network).
 * Callers validate first (podCidrProblem): an invalid one is an error here,
 * never left out, since leaving out a pod network changes every verdict
 * that rests on it.
 */
export function ofCidrs(texts: Iterable<string>): AddressSet {
  let out = NONE;
  for (const t of texts) {
    const c = parseCidr(t);
    if (c.kind === 'invalid') throw new Error(`invalid CIDR: ${c.reason}`);
    out = union(out, ofCidr(c));
  }
  return out;
}

export function isEmpty(a: AddressSet): boolean {
  return a.v4.length === 0 && a.v6.length === 0;
}

/**
 * The IPv6 intervals where `keep` holds, given whether each point is in a
 * and in b: one sweep over the points where either set starts or ends.
 */
function combine6(a: readonly bigint[], b: readonly bigint[], keep: (inA: boolean, inB: boolean) => boolean): readonly bigint[] {
  const cuts: bigint[] = [];
  for (let i = 0; i < a.length; i += 2) cuts.push(a[i]!, a[i + 1]! + 1n);
  for (let i = 0; i < b.length; i += 2) cuts.push(b[i]!, b[i + 1]! + 1n);
  cuts.sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const out: bigint[] = [];
  let i = 0;
  let j = 0;
  for (let k = 0; k + 1 < cuts.length; k++) {
    const lo = cuts[k]!;
    const next = cuts[k + 1]!;
    if (lo === next) continue;
    while (i < a.length && a[i + 1]! < lo) i += 2;
    while (j < b.length && b[j + 1]! < lo) j += 2;
    if (!keep(i < a.length && a[i]! <= lo, j < b.length && b[j]! <= lo)) continue;
    const n = out.length;
    if (n > 0 && out[n - 1]! + 1n === lo) out[n - 1] = next - 1n;
    else out.push(lo, next - 1n);
  }
  return out.length === 0 ? NO_V6 : out;
}

function make(v4: IntervalSet, v6: readonly bigint[], a: AddressSet): AddressSet {
  return v4 === a.v4 && v6 === a.v6 ? a : { v4, v6 };
}

export function union(a: AddressSet, b: AddressSet): AddressSet {
  const v6 = b.v6.length === 0 ? a.v6 : a.v6.length === 0 ? b.v6 : combine6(a.v6, b.v6, (x, y) => x || y);
  return make(iv.union(a.v4, b.v4), v6, a);
}

export function intersect(a: AddressSet, b: AddressSet): AddressSet {
  const v6 = a.v6.length === 0 || b.v6.length === 0 ? NO_V6 : combine6(a.v6, b.v6, (x, y) => x && y);
  return make(iv.intersect(a.v4, b.v4), v6, a);
}

export function subtract(a: AddressSet, b: AddressSet): AddressSet {
  const v6 = a.v6.length === 0 || b.v6.length === 0 ? a.v6 : combine6(a.v6, b.v6, (x, y) => x && !y);
  return make(iv.subtract(a.v4, b.v4), v6, a);
}

/** True when every address of b is in a. */
export function covers(a: AddressSet, b: AddressSet): boolean {
  return iv.covers(a.v4, b.v4) && (b.v6.length === 0 || subtract({ v4: iv.EMPTY, v6: b.v6 }, { v4: iv.EMPTY, v6: a.v6 }).v6.length === 0);
}

export function overlaps(a: AddressSet, b: AddressSet): boolean {
  return !isEmpty(intersect(a, b));
}

/** intervals.contains for IPv6 sets: a function of its own keeps the port and IPv4 one monomorphic (numbers only) on the hot path. */
function contains6(a: readonly bigint[], x: bigint): boolean {
  let lo = 0;
  let hi = a.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (x < a[2 * mid]!) hi = mid - 1;
    else if (x > a[2 * mid + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Whether the set holds the first address of a range (of a cut, the whole range). */
export function holds(a: AddressSet, r: ExternalRange): boolean {
  return r.family === 'ipv4' ? iv.contains(a.v4, r.first) : a.v6.length > 0 && contains6(a.v6, r.first);
}

/** The set's ranges, IPv4 first, each in address order. */
export function ranges(a: AddressSet): ExternalRange[] {
  const out: ExternalRange[] = [];
  for (let i = 0; i < a.v4.length; i += 2) out.push({ family: 'ipv4', first: a.v4[i]!, last: a.v4[i + 1]! });
  for (let i = 0; i < a.v6.length; i += 2) out.push({ family: 'ipv6', first: a.v6[i]!, last: a.v6[i + 1]! });
  return out;
}

/**
 * Cuts the address space of the analysed families (`within`, the whole
 * space of each) at every boundary of the given sets: the coarsest list of
 * disjoint ranges, IPv4 first, covering all of it, such that each range lies
 * wholly inside or wholly outside every set.
 */
export function cutAddressSpace(sets: Iterable<AddressSet>, within: AddressSet): ExternalRange[] {
  const v4 = within.v4.length > 0;
  const v6 = within.v6.length > 0;
  const cuts4 = new Set<number>([0, MAX_IPV4 + 1]);
  const cuts6 = new Set<bigint>([0n, MAX_IPV6 + 1n]);
  for (const set of sets) {
    if (v4) {
      for (let i = 0; i < set.v4.length; i += 2) {
        cuts4.add(set.v4[i]!);
        cuts4.add(set.v4[i + 1]! + 1);
      }
    }
    if (v6) {
      for (let i = 0; i < set.v6.length; i += 2) {
        cuts6.add(set.v6[i]!);
        cuts6.add(set.v6[i + 1]! + 1n);
      }
    }
  }
  const ranges: ExternalRange[] = [];
  if (v4) {
    const sorted = [...cuts4].sort((a, b) => a - b);
    for (let i = 0; i + 1 < sorted.length; i++) ranges.push({ family: 'ipv4', first: sorted[i]!, last: sorted[i + 1]! - 1 });
  }
  if (v6) {
    const sorted = [...cuts6].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (let i = 0; i + 1 < sorted.length; i++) ranges.push({ family: 'ipv6', first: sorted[i]!, last: sorted[i + 1]! - 1n });
  }
  return ranges;
}

/**
 * Where pod addresses are found, per family, when no pod network is given:
 * IPv4 pods in RFC 1918, the shared address space (RFC 6598), the
 * benchmarking block 198.18.0.0/15 (Amazon EKS's custom networking
 * guidance puts pods in 198.19.0.0/16) and the reserved 240.0.0.0/4 (GKE
 * gives pods Class E addresses); IPv6 pods anywhere (clouds give them
 * global addresses as well as ULAs).
 */
export const PRIVATE_RANGES: AddressSet = union(ofCidrs(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '198.18.0.0/15', '240.0.0.0/4']), ALL_IPV6);
