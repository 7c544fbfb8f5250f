/**
 * Addresses for the reference evaluator, independent of src/: one bigint
 * per address in one space, IPv4 addresses as themselves (0 to 2^32-1) and
 * IPv6 addresses above them (2^32 + the address), so that a range of one
 * family never holds an address of the other. CIDR text is read as
 * RFC 4291 writes addresses (groups of hex digits, one `::`, an IPv4 tail)
 * and as netip.ParsePrefix takes prefixes (no zone, no leading zero in the
 * prefix length of an IPv6 CIDR).
 */

export type Family = 'ipv4' | 'ipv6';

export const V6 = 1n << 32n;
export const SPACE: Record<Family, { readonly first: bigint; readonly last: bigint }> = {
  ipv4: { first: 0n, last: V6 - 1n },
  ipv6: { first: V6, last: V6 + (1n << 128n) - 1n },
};

export function familyOf(address: bigint): Family {
  return address >= V6 ? 'ipv6' : 'ipv4';
}

function ipv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^(0|[1-9]\d{0,2})$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((a, p) => a * 256n + BigInt(p), 0n);
}

/** An IPv6 address as a 128-bit number (not yet moved into the one space). */
function ipv6(text: string): bigint | undefined {
  let t = text;
  const groups: number[] = [];
  // an IPv4 tail stands for the last two groups
  const tail = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(t);
  let tailGroups: number[] = [];
  if (tail) {
    const v = ipv4(tail[2]!);
    if (v === undefined) return undefined;
    tailGroups = [Number(v >> 16n), Number(v & 0xffffn)];
    t = tail[1]!.endsWith('::') ? tail[1]! : tail[1]!.slice(0, -1);
  }
  const hex = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out = part.split(':').map((g) => (/^[0-9a-fA-F]{1,4}$/.test(g) ? parseInt(g, 16) : NaN));
    return out.some(Number.isNaN) ? undefined : out;
  };
  const halves = t.split('::');
  if (halves.length > 2) return undefined;
  const head = hex(halves[0]!);
  const rest = halves.length === 2 ? hex(halves[1]!) : [];
  if (!head || !rest) return undefined;
  const known = head.length + rest.length + tailGroups.length;
  if (halves.length === 2 ? known > 7 : known !== 8) return undefined;
  groups.push(...head, ...new Array<number>(8 - known).fill(0), ...rest, ...tailGroups);
  return groups.reduce((a, g) => a * 65536n + BigInt(g), 0n);
}

/** An address of either family in the one space, or undefined. */
export function parseAddress(text: string): bigint | undefined {
  if (!text.includes(':')) return ipv4(text);
  const v = ipv6(text);
  return v === undefined ? undefined : V6 + v;
}

export interface CidrRange {
  readonly family: Family;
  /** In the one space. */
  readonly first: bigint;
  readonly last: bigint;
  readonly prefix: number;
  /** Written with an IPv4-mapped IPv6 address (::ffff:a.b.c.d). */
  readonly mapped: boolean;
}

/** A CIDR as its block in the one space (host bits cleared), or undefined for anything else. */
export function cidrRange(text: string): CidrRange | undefined {
  const m = /^([^/]+)\/(\d+)$/.exec(text);
  if (!m) return undefined;
  const v6 = m[1]!.includes(':');
  if (v6 ? !/^(0|[1-9]\d*)$/.test(m[2]!) : m[2]!.length > 2) return undefined;
  const prefix = Number(m[2]);
  const bits = v6 ? 128 : 32;
  if (prefix > bits) return undefined;
  const raw = v6 ? ipv6(m[1]!) : ipv4(m[1]!);
  if (raw === undefined) return undefined;
  const size = 1n << BigInt(bits - prefix);
  const first = raw - (raw % size);
  const base = v6 ? V6 : 0n;
  return { family: v6 ? 'ipv6' : 'ipv4', first: base + first, last: base + first + size - 1n, prefix, mapped: v6 && raw >> 32n === 0xffffn };
}

/**
 * The same CIDR as Go's net package reads it (Calico's nets): an IPv6
 * block inside ::ffff:0:0/96 is the IPv4 block it maps.
 */
export function goCidrRange(text: string): CidrRange | undefined {
  const r = cidrRange(text);
  if (!r || r.family !== 'ipv6' || r.prefix < 96) return r;
  const block = r.first - V6;
  if (block >> 32n !== 0xffffn) return r;
  const first = block & 0xffffffffn;
  return { family: 'ipv4', first, last: first + (r.last - r.first), prefix: r.prefix - 96, mapped: false };
}

/** An address as text, for messages: dotted IPv4, or IPv6 groups in full. */
export function formatAddress(a: bigint): string {
  if (a < V6) return [24n, 16n, 8n, 0n].map((s) => ((a >> s) & 255n).toString()).join('.');
  const v = a - V6;
  return [112n, 96n, 80n, 64n, 48n, 32n, 16n, 0n].map((s) => ((v >> s) & 0xffffn).toString(16)).join(':');
}
