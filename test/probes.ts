/**
 * Reads the probe cases of ../shared/probes (manifests.yaml and probes.txt
 * per case, written from each project's documentation) and checks them
 * against the text connectivity list, as that folder's check.py does: a
 * probe `SRC DST PROTO/PORT ALLOW|DENY` passes when the list has (or lacks)
 * a line for the pair whose connections hold the port. Pods are `ns/pod`;
 * addresses (IPv4 or IPv6) are looked up in the [External] ranges.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isIPv4, isIPv6 } from 'node:net';
import { join, resolve } from 'node:path';
import { REPO } from './helpers.js';

export const PROBES = resolve(REPO, '..', 'shared', 'probes');

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
type Protocol = (typeof PROTOCOLS)[number];

/** IPv6 addresses are numbered above every IPv4 address, so the families never meet. */
const V6_OFFSET = 1n << 40n;

function ipValue(text: string): bigint {
  if (isIPv4(text)) return text.split('.').reduce((a, o) => a * 256n + BigInt(o), 0n);
  if (!isIPv6(text)) throw new Error(`not an IP address: ${text}`);
  // expand "::" and an embedded IPv4 tail
  let t = text;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(t);
  if (v4) {
    const n = ipValue(v4[1]!);
    t = `${t.slice(0, -v4[1]!.length)}${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  }
  const [head, tail] = t.includes('::') ? t.split('::') : [t, undefined];
  const h = head ? head.split(':') : [];
  const tl = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...new Array<string>(8 - h.length - tl.length).fill('0'), ...tl];
  return groups.reduce((a, g) => a * 65536n + BigInt(parseInt(g, 16)), 0n) + V6_OFFSET;
}

type Endpoint = { readonly pod: string } | { readonly lo: bigint; readonly hi: bigint } | { readonly nothing: true };

function endpoint(token: string): Endpoint {
  const m = /^(.*)\[([^\]]*)\]$/.exec(token);
  const name = (m ? m[1]! : token).trim();
  const range = /^(.+?)-(.+)$/.exec(name);
  if (range && (isIPv4(range[1]!) || isIPv6(range[1]!))) return { lo: ipValue(range[1]!), hi: ipValue(range[2]!) };
  if (isIPv4(name) || isIPv6(name)) return { lo: ipValue(name), hi: ipValue(name) };
  if (m?.[2]?.toLowerCase() === 'external') return { nothing: true };
  return { pod: name };
}

function connections(text: string): Array<[Protocol, number, number]> {
  const t = text.trim();
  if (/^all( connections)?$/i.test(t)) return PROTOCOLS.map((p) => [p, 1, 65535]);
  const out: Array<[Protocol, number, number]> = [];
  let current: Protocol | undefined;
  for (const raw of t.split(',')) {
    const tok = raw.trim();
    if (!tok) continue;
    const parts = tok.split(/\s+/);
    let spec: string | undefined = tok;
    if ((PROTOCOLS as readonly string[]).includes(parts[0]!.toUpperCase())) {
      current = parts[0]!.toUpperCase() as Protocol;
      spec = parts.length > 1 ? parts.slice(1).join(' ') : undefined;
    }
    if (!current) continue;
    if (spec === undefined) out.push([current, 1, 65535]);
    else if (/^\d+-\d+$/.test(spec)) out.push([current, Number(spec.split('-')[0]), Number(spec.split('-')[1])]);
    else if (/^\d+$/.test(spec)) out.push([current, Number(spec), Number(spec)]);
    // anything else is an unresolved named port: it matches nothing
  }
  return out;
}

export interface ProbeResult {
  readonly total: number;
  readonly passed: number;
  readonly failures: string[];
}

/** Checks one case's probes against the text output of `list` on its manifests. */
export function checkProbes(probesText: string, listOutput: string): ProbeResult {
  const rows = listOutput
    .split('\n')
    .map((l) => /^\s*(\S+)\s*=>\s*(\S+)\s*:\s*(.*?)\s*$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ src: endpoint(m[1]!), dst: endpoint(m[2]!), conns: connections(m[3]!), raw: m[3]! }));
  const at = (e: Endpoint, probe: string | bigint) =>
    typeof probe === 'bigint' ? 'lo' in e && e.lo <= probe && probe <= e.hi : 'pod' in e && e.pod === probe;
  const probeEnd = (t: string): string | bigint => (isIPv4(t) || isIPv6(t) ? ipValue(t) : t);
  let total = 0;
  let passed = 0;
  const failures: string[] = [];
  for (const line of probesText.split('\n').map((l) => l.trim())) {
    if (!line || line.startsWith('#')) continue;
    total++;
    const [src, dst, pp, expect] = line.split(/\s+/);
    const [proto, port] = (pp ?? '').split('/');
    const s = probeEnd(src!);
    const d = probeEnd(dst!);
    const hits = rows.filter((r) => at(r.src, s) && at(r.dst, d));
    const allowed = hits.some((r) => r.conns.some(([p, lo, hi]) => p === proto?.toUpperCase() && lo <= Number(port) && Number(port) <= hi));
    if (allowed === (expect === 'ALLOW')) passed++;
    else failures.push(`${line}  (got ${allowed ? 'ALLOW' : 'DENY'}; list says: ${hits.map((h) => h.raw).join(' | ') || 'no line for this pair'})`);
  }
  return { total, passed, failures };
}

/** The case folders of one kind (cnp, cilium, calico, kyverno, ipv6), or none where the probes are absent. */
export function probeCases(kind: string): Array<{ name: string; dir: string; probes: string }> {
  const root = join(PROBES, kind);
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((d) => existsSync(join(root, d, 'probes.txt')))
    .sort()
    .map((d) => ({ name: d, dir: join(root, d), probes: readFileSync(join(root, d, 'probes.txt'), 'utf8') }));
}
