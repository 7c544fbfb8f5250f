/**
 * IP addresses, CIDRs and the disjoint ranges external endpoints are cut
 * into, for both families: IPv4 addresses are numbers (0 to 2^32-1), IPv6
 * addresses bigints (0 to 2^128-1), so that IPv4-only inputs never touch a
 * bigint.
 */

export type AddressFamily = 'ipv4' | 'ipv6';

export const MAX_IPV4 = 0xffffffff;
export const MAX_IPV6 = (1n << 128n) - 1n;

/** A disjoint range of addresses outside the cluster, of one family. */
export type ExternalRange =
  | { readonly family: 'ipv4'; readonly first: number; readonly last: number }
  | { readonly family: 'ipv6'; readonly first: bigint; readonly last: bigint };

/** A CIDR: its address as written, the first and last address of its block, its prefix length. */
export type ParsedCidr =
  | { kind: 'ipv4'; address: number; first: number; last: number; prefix: number; hostBitsSet: boolean }
  | { kind: 'ipv6'; address: bigint; first: bigint; last: bigint; prefix: number; hostBitsSet: boolean }
  | { kind: 'invalid'; reason: string; problem?: CidrProblem };

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

/** The IPv4-mapped block ::ffff:0:0/96 (RFC 4291 2.5.5.2). */
const MAPPED_PREFIX = 0xffffn << 32n;

/** Whether an IPv6 address is IPv4-mapped (`::ffff:a.b.c.d`), as Go's netip Addr.Is4In6 says. */
export function isIPv4Mapped(address: bigint): boolean {
  return address >> 32n === 0xffffn;
}

/**
 * An IPv6 address in the text forms of RFC 4291 2.2 (as Go's
 * netip.ParseAddr reads them): up to eight groups of one to four hex
 * digits, one `::`, and an IPv4 address in place of the last two groups.
 * A zone (`%eth0`) is not an address here: prefixes cannot carry one.
 */
export function parseIPv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return undefined;
  let body = text;
  let tail: number[] = [];
  const dot = body.indexOf('.');
  if (dot >= 0) {
    const colon = body.lastIndexOf(':');
    if (colon < 0 || colon > dot) return undefined;
    const v4 = parseIPv4(body.slice(colon + 1));
    if (v4 === undefined) return undefined;
    tail = [Math.floor(v4 / 65536), v4 % 65536];
    // keep the colon: "::1.2.3.4" leaves "::", "64:ff9b::1.2.3.4" leaves "64:ff9b::"
    body = body.slice(0, colon + 1);
    if (!body.endsWith('::')) body = body.slice(0, -1);
  }
  const halves = body.split('::');
  if (halves.length > 2) return undefined;
  const group = (g: string): number | undefined => (/^[0-9a-fA-F]{1,4}$/.test(g) ? parseInt(g, 16) : undefined);
  const groupsOf = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    for (const g of part.split(':')) {
      const v = group(g);
      if (v === undefined) return undefined;
      out.push(v);
    }
    return out;
  };
  const head = groupsOf(halves[0]!);
  const rest = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (!head || !rest) return undefined;
  const given = head.length + rest.length + tail.length;
  let groups: number[];
  if (halves.length === 2) {
    // "::" stands for at least one group of zeros
    if (given > 7) return undefined;
    groups = [...head, ...new Array<number>(8 - given).fill(0), ...rest, ...tail];
  } else {
    if (given !== 8) return undefined;
    groups = [...head, ...tail];
  }
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(g);
  return value;
}

/**
 * How a consumer reads a CIDR's text. Go's parsers never trim: a CIDR with
 * spaces around it is refused by every API server, CRD schema and plugin
 * validator that reads policies (net.ParseCIDR, netip.ParsePrefix). They
 * differ on the prefix length: netip.ParsePrefix refuses a leading zero
 * ("/08": "bad bits after slash") in both families, while net.ParseCIDR
 * and k8s.io/utils' ParseCIDRSloppy read it as a number (dtoi).
 */
export interface CidrSyntax {
  /** Drop whitespace around the text first, as Kubernetes does to a Service's loadBalancerSourceRanges (ValidateService: strings.TrimSpace). */
  readonly trim: boolean;
  /** The families whose prefix length may have leading zeros. */
  readonly paddedBits: 'none' | 'ipv4' | 'any';
}

/** Go's netip.ParsePrefix: CEL isCIDR (AdminNetworkPolicy, ClusterNetworkPolicy networks), Cilium's sanitizer, Kubernetes' strict validation. */
export const NETIP_PREFIX: CidrSyntax = Object.freeze({ trim: false, paddedBits: 'none' });
/** Go's net.ParseCIDR: Calico's validator and Felix (cnet.ParseCIDR, cnet.ParseCIDROrIP). */
export const GO_NET_CIDR: CidrSyntax = Object.freeze({ trim: false, paddedBits: 'any' });
/**
 * What parseCidr reads when given no syntax: reachdiff's own inputs and a
 * Service's loadBalancerSourceRanges, which Kubernetes trims. Policy
 * readers pass the syntax of the validator that admits their objects.
 */
export const LOOSE_CIDR: CidrSyntax = Object.freeze({ trim: true, paddedBits: 'ipv4' });

/** Why a CIDR's text is refused, where a reader explains it in its API's words. */
export type CidrProblem = 'whitespace' | 'padded-bits';

/** A CIDR's text, quoted so that spaces, tabs and line breaks show. */
function quoted(text: string): string {
  return /^[\x21-\x7e]*$/.test(text) ? `"${text}"` : JSON.stringify(text);
}

/**
 * A CIDR of either family, as `syntax` reads it (see CidrSyntax; by
 * default LOOSE_CIDR): no zone, a prefix length of 0 to 32 or 0 to 128. An
 * IPv4-mapped IPv6 prefix (`::ffff:10.0.0.0/104`) parses as the IPv6
 * prefix it is written as; callers decide what their API does with it
 * (see `writtenMapped` and `unmapped`). An invalid CIDR carries a reason, and for forms one
 * parser takes and another refuses, the problem.
 */
export function parseCidr(text: string, syntax: CidrSyntax = LOOSE_CIDR): ParsedCidr {
  const t = syntax.trim ? text.trim() : text;
  if (t !== t.trim()) {
    const inner = parseCidr(t.trim(), syntax);
    if (inner.kind === 'invalid') return inner;
    return { kind: 'invalid', problem: 'whitespace', reason: `${quoted(text)} is not a CIDR: it has whitespace around it, which Go's CIDR parsers (net.ParseCIDR, netip.ParsePrefix) do not trim (write "${t.trim()}")` };
  }
  const slash = t.indexOf('/');
  if (slash < 0) return { kind: 'invalid', reason: `${quoted(text)} is not a CIDR (expected address/prefix, for example 10.0.0.0/8 or 2001:db8::/32)` };
  const address = t.slice(0, slash);
  const prefixText = t.slice(slash + 1);
  const v6 = address.includes(':');
  const bits = v6 ? 128 : 32;
  if (!/^\d+$/.test(prefixText) || Number(prefixText) > bits) {
    return { kind: 'invalid', reason: `${quoted(text)} is not a CIDR: the prefix length must be 0 to ${bits}` };
  }
  if (v6 && address.includes('%')) return { kind: 'invalid', reason: `${quoted(text)} is not a CIDR: an IPv6 zone ("${address.slice(address.indexOf('%'))}") cannot be part of a prefix` };
  const ip = v6 ? parseIPv6(address) : parseIPv4(address);
  if (ip === undefined) return { kind: 'invalid', reason: `${quoted(text)} is not a CIDR: "${address}" is not an ${v6 ? 'IPv6' : 'IPv4'} address` };
  const prefix = Number(prefixText);
  // netip.ParsePrefix: "bad bits after slash" where the length has more than one digit and starts with 0; net.ParseCIDR's dtoi reads it as a number
  if (prefixText.length > 1 && prefixText.startsWith('0') && !(syntax.paddedBits === 'any' || (syntax.paddedBits === 'ipv4' && !v6))) {
    return { kind: 'invalid', problem: 'padded-bits', reason: `${quoted(text)} is not a CIDR as netip.ParsePrefix reads it: its prefix length has a leading zero ("bad bits after slash"; write ${address}/${prefix})` };
  }
  if (typeof ip === 'bigint') {
    const hostBits = BigInt(128 - prefix);
    const first = (ip >> hostBits) << hostBits;
    return { kind: 'ipv6', address: ip, first, last: first + (1n << hostBits) - 1n, prefix, hostBitsSet: first !== ip };
  }
  const blockSize = 2 ** (32 - prefix);
  const first = Math.floor(ip / blockSize) * blockSize;
  return { kind: 'ipv4', address: ip, first, last: first + blockSize - 1, prefix, hostBitsSet: first !== ip };
}

/**
 * A CIDR as k8s.io/utils/net's ParseCIDRSloppy reads it, after the
 * TrimSpace of a Service's loadBalancerSourceRanges (ValidateService, and
 * GetLoadBalancerSourceRanges, whose IPNets kube-proxy filters on): Go
 * 1.16's net.ParseCIDR, where a dotted-decimal part with leading zeros is
 * the decimal number (`010.0.0.0/8` is 10.0.0.0/8), so is a prefix length,
 * and an IPv4-mapped IPv6 block is the IPv4 block it maps (see unmapped).
 */
export function sloppyCidr(text: string): ParsedCidr {
  const t = text.trim();
  const slash = t.indexOf('/');
  const address = slash < 0 ? t : t.slice(0, slash);
  // the dotted part: the whole address, or what follows an IPv6 address's last colon
  const colon = address.lastIndexOf(':');
  const parts = address.slice(colon + 1).split('.');
  const decimal = parts.length === 4 && parts.every((p) => /^\d+$/.test(p)) ? parts.map((p) => (p.length > 1 ? p.replace(/^0+(?=\d)/, '') : p)).join('.') : address.slice(colon + 1);
  const read = `${address.slice(0, colon + 1)}${decimal}${slash < 0 ? '' : t.slice(slash)}`;
  const c = parseCidr(read, GO_NET_CIDR);
  if (c.kind !== 'invalid') return unmapped(c);
  // the reason names the text as written
  return { kind: 'invalid', reason: c.reason.startsWith(quoted(read)) ? `${quoted(text)}${c.reason.slice(quoted(read).length)}` : c.reason };
}

/**
 * What is wrong with a CIDR reachdiff is given as the pod network
 * (--pod-cidr, the action's pod-cidr input), or undefined: it is read as
 * netip.ParsePrefix reads it, and an IPv4-mapped IPv6 prefix is refused,
 * since it would be taken for an IPv6 pod network where the cluster's is
 * IPv4.
 */
export function podCidrProblem(text: string): string | undefined {
  const c = parseCidr(text, NETIP_PREFIX);
  if (c.kind === 'invalid') return c.reason;
  if (writtenMapped(c)) return `${quoted(text)} has an IPv4-mapped IPv6 address, which would be read as an IPv6 pod network; write ${formatCidr(unmapped(c))}`;
  return undefined;
}

/** Whether a CIDR is written with an IPv4-mapped IPv6 address (`::ffff:10.0.0.0/104`), as netip's Prefix.Addr().Is4In6() says. */
export function writtenMapped(c: ParsedCidr): boolean {
  return c.kind === 'ipv6' && isIPv4Mapped(c.address);
}

/**
 * A CIDR as Go's net package reads it (net.ParseCIDR, and k8s.io/utils/net's
 * ParseCIDRSloppy, which Calico and API servers before strict validation
 * use): an IPv6 block inside ::ffff:0:0/96 is the IPv4 block it maps, so
 * `::ffff:10.0.0.0/104` is 10.0.0.0/8 (IPNet.String and IP.To4 say so);
 * any other CIDR is itself.
 */
export function unmapped(c: Exclude<ParsedCidr, { kind: 'invalid' }>): Exclude<ParsedCidr, { kind: 'invalid' }> {
  if (c.kind !== 'ipv6' || c.prefix < 96 || !isIPv4Mapped(c.first)) return c;
  const address = Number(c.address & 0xffffffffn);
  const first = Number(c.first - MAPPED_PREFIX);
  return { kind: 'ipv4', address, first, last: Number(c.last - MAPPED_PREFIX), prefix: c.prefix - 96, hostBitsSet: c.hostBitsSet };
}

export function formatIPv4(value: number): string {
  return `${Math.floor(value / 16777216) % 256}.${Math.floor(value / 65536) % 256}.${Math.floor(value / 256) % 256}.${value % 256}`;
}

/**
 * An IPv6 address in RFC 5952's canonical form, as Go's netip Addr.String
 * writes it: lower-case hex without leading zeros, the longest run of two or
 * more zero groups (the first of equals) as `::`, and an IPv4-mapped address
 * as `::ffff:a.b.c.d`.
 */
export function formatIPv6(value: bigint): string {
  if (isIPv4Mapped(value)) return `::ffff:${formatIPv4(Number(value - MAPPED_PREFIX))}`;
  const groups: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(Number((value >> shift) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
}

/** An address written as the CIDR of it alone: `10.96.0.1/32`, `fd00::1/128` (an IPv6 address holds a colon). */
export function hostCidr(address: string): string {
  return `${address}/${address.includes(':') ? 128 : 32}`;
}

/** A CIDR in canonical form: `10.0.0.0/8`, `2001:db8::/32`. */
export function formatCidr(c: Exclude<ParsedCidr, { kind: 'invalid' }>): string {
  return c.kind === 'ipv4' ? `${formatIPv4(c.first)}/${c.prefix}` : `${formatIPv6(c.first)}/${c.prefix}`;
}

/** Whether range b starts right after range a ends, in one family. */
export function rangesTouch(a: ExternalRange, b: ExternalRange): boolean {
  if (a.family === 'ipv4' && b.family === 'ipv4') return b.first === a.last + 1;
  if (a.family === 'ipv6' && b.family === 'ipv6') return b.first === a.last + 1n;
  return false;
}

/** The range from a's first address to b's last, of their one family. */
export function joinRanges(a: ExternalRange, b: ExternalRange): ExternalRange {
  if (a.family === 'ipv4' && b.family === 'ipv4') return { family: 'ipv4', first: a.first, last: b.last };
  if (a.family === 'ipv6' && b.family === 'ipv6') return { family: 'ipv6', first: a.first, last: b.last };
  throw new Error('ranges of two families cannot be joined');
}

/** Appends a range to ranges in address order, joined to the last where it starts right after it. */
export function appendRange(ranges: ExternalRange[], range: ExternalRange): void {
  const last = ranges[ranges.length - 1];
  if (last && rangesTouch(last, range)) ranges[ranges.length - 1] = joinRanges(last, range);
  else ranges.push(range);
}

/** `10.0.0.0-10.255.255.255[External]`, `2001:db8::-2001:db8::ffff[External]` */
export function formatExternal(range: ExternalRange): string {
  return range.family === 'ipv4' ? `${formatIPv4(range.first)}-${formatIPv4(range.last)}[External]` : `${formatIPv6(range.first)}-${formatIPv6(range.last)}[External]`;
}

/**
 * What an endpoint name sorts by. Workloads and IPv4 ranges sort by their
 * names, as np-guard's output does; an IPv6 range by `:` and its first
 * address in 32 hex digits, so that IPv6 ranges come after every IPv4 range
 * (whose names start with a digit), in address order, and before workloads
 * of namespaces that start with a letter.
 */
export function endpointSortKey(name: string): string {
  if (!name.endsWith('[External]') || !name.includes(':')) return name;
  const first = parseIPv6(name.slice(0, name.indexOf('-')));
  return first === undefined ? name : `:${first.toString(16).padStart(32, '0')}`;
}

/** Compares endpoint names in output order (see endpointSortKey). */
export function compareEndpointNames(a: string, b: string): number {
  const x = endpointSortKey(a);
  const y = endpointSortKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Orders ranges: IPv4 before IPv6, then by first address. */
export function compareRanges(a: ExternalRange, b: ExternalRange): number {
  if (a.family !== b.family) return a.family === 'ipv4' ? -1 : 1;
  return a.first < b.first ? -1 : a.first > b.first ? 1 : 0;
}

/** Index of the range of a sorted, disjoint list covering the analysed families that holds the first address of `range`. */
export function findRange(ranges: readonly ExternalRange[], range: ExternalRange): number {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    const r = ranges[mid]!;
    const before = r.family === range.family ? r.first <= range.first : r.family === 'ipv4';
    if (before) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
