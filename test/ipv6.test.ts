/**
 * IPv6 and dual-stack clusters, rule by rule: the Kubernetes NetworkPolicy
 * API reference (https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/,
 * IPBlock: "Valid examples are "192.168.1.0/24" or "2001:db8::/64"", and
 * "Except values will be rejected if they are outside the cidr range"),
 * RFC 4291 (text forms) and RFC 5952 (canonical form),
 * KEP-4858 and ValidateIPBlock (pkg/apis/networking/validation) for what
 * the API server rejects, and each plugin's reading of the forms it accepts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ActionReport } from '../src/action/report.js';
import { renderActionMarkdown, summarize } from '../src/action/report.js';
import { COMMENT_BUDGET } from '../src/action/run.js';
import { commentMarker } from '../src/action/comment.js';
import * as addr from '../src/model/addresses.js';
import { diffMatrices } from '../src/change/diff.js';
import { parseConfig } from '../src/check/config.js';
import { checkInvariants, compareInvariants } from '../src/check/invariants.js';
import { lint } from '../src/check/lint.js';
import { analyze, ipFamilyOf } from '../src/engine/analyze.js';
import { formatExternal, formatIPv6, parseCidr, parseIPv6 } from '../src/model/ipranges.js';
import { listJson } from '../src/render/connlist.js';
import { diffReport } from '../src/report/report.js';
import { cli, conn, deployment, listLines, load, matrixOf, namespace, policy } from './helpers.js';

/** The NetworkPolicy API reference page, which the ipBlock rules below come from. */
const API_REFERENCE = 'https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/';

const ALL = 'All Connections';
const NONE = 'No Connections';
const A = 'shop/a[Deployment]';
const B = 'shop/b[Deployment]';
const V4_ALL = '0.0.0.0-255.255.255.255[External]';
const V6_ALL = '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External]';

const apps = () => namespace('shop') + deployment('shop', 'a', { app: 'a' }) + deployment('shop', 'b', { app: 'b' }, [{ port: 443 }]);
const egress = (to: unknown[], ports?: unknown[]) => policy('shop', 'out', { podSelector: { matchLabels: { app: 'a' } }, policyTypes: ['Egress'], egress: [{ to, ...(ports ? { ports } : {}) }] });
const block = (cidr: string, except?: string[]) => ({ ipBlock: { cidr, ...(except ? { except } : {}) } });
const errors = (m: ReturnType<typeof matrixOf>) => m.diagnostics.filter((d) => d.severity === 'error');

describe('IPv6 addresses and CIDRs (RFC 4291 2.2, netip.ParsePrefix)', () => {
  it('reads the text forms: compressed, full, upper case, an IPv4 tail', () => {
    expect(parseIPv6('2001:db8::1')).toBe(0x20010db8000000000000000000000001n);
    expect(parseIPv6('2001:0DB8:0:0:0:0:0:1')).toBe(parseIPv6('2001:db8::1'));
    expect(parseIPv6('::')).toBe(0n);
    expect(parseIPv6('1:2:3:4:5:6:7::')).toBe(0x00010002000300040005000600070000n);
    expect(parseIPv6('64:ff9b::8.8.8.8')).toBe(0x0064ff9b000000000000000008080808n);
    expect(parseIPv6('::1.2.3.4')).toBe(0x01020304n);
  });

  it('refuses what is not an address: two "::", nine groups, five hex digits, a bad IPv4 tail', () => {
    for (const bad of ['1::2::3', '1:2:3:4:5:6:7:8:9', '::1:2:3:4:5:6:7:8', '12345::', '::1.2.3.04', '1.2.3.4::', ':1::', 'g::']) expect(parseIPv6(bad)).toBeUndefined();
  });

  it('a CIDR needs a prefix length of 0 to 128 without a leading zero, and no zone', () => {
    expect(parseCidr('2001:db8::/32')).toMatchObject({ kind: 'ipv6', prefix: 32, hostBitsSet: false });
    expect(parseCidr('2001:db8::1/64')).toMatchObject({ kind: 'ipv6', first: 0x20010db8000000000000000000000000n, hostBitsSet: true });
    for (const bad of ['2001:db8::/129', '2001:db8::/032', '2001:db8::', 'fe80::1%eth0/64', '2001:db8::/']) expect(parseCidr(bad).kind).toBe('invalid');
    expect(parseCidr('fe80::1%eth0/64')).toMatchObject({ reason: expect.stringMatching(/zone \("%eth0"\) cannot be part of a prefix/) });
  });

  it('prints RFC 5952 canonical form: lower case, no leading zeros, the longest run of zero groups (the first of equals) as "::", IPv4-mapped as ::ffff:a.b.c.d', () => {
    expect(formatIPv6(parseIPv6('2001:0DB8:0000:0000:0001:0000:0000:0001')!)).toBe('2001:db8::1:0:0:1');
    expect(formatIPv6(parseIPv6('2001:db8:0:1:1:1:1:1')!)).toBe('2001:db8:0:1:1:1:1:1');
    expect(formatIPv6(parseIPv6('2001:0:0:1:0:0:0:1')!)).toBe('2001:0:0:1::1');
    expect(formatIPv6(0n)).toBe('::');
    expect(formatIPv6(1n)).toBe('::1');
    expect(formatIPv6(parseIPv6('::ffff:10.0.0.1')!)).toBe('::ffff:10.0.0.1');
    expect(formatExternal({ family: 'ipv6', first: parseIPv6('2001:db8::')!, last: parseIPv6('2001:db8::ffff')! })).toBe('2001:db8::-2001:db8::ffff[External]');
  });

  it('address sets of both families: IPv6 parts combine as IPv4 ones do, and stay apart from them', () => {
    const v6 = addr.ofCidrs(['2001:db8::/32']);
    const hole = addr.ofCidrs(['2001:db8:1::/48']);
    const rest = addr.subtract(v6, hole);
    expect(addr.ranges(rest).map(formatExternal)).toEqual(['2001:db8::-2001:db8:0:ffff:ffff:ffff:ffff:ffff[External]', '2001:db8:2::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff[External]']);
    expect(addr.covers(addr.union(rest, hole), v6)).toBe(true);
    expect(addr.overlaps(addr.ALL_IPV4, addr.ALL_IPV6)).toBe(false);
    expect(addr.ranges(addr.intersect(addr.ofCidrs(['10.0.0.0/8', '::/0']), addr.ofCidrs(['10.1.0.0/16', 'fd00::/8']))).map(formatExternal)).toEqual([
      '10.1.0.0-10.1.255.255[External]',
      'fd00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External]',
    ]);
  });
});

describe(`ipBlocks of both families (NetworkPolicy API reference, IPBlock: ${API_REFERENCE})`, () => {
  it('0.0.0.0/0 covers IPv4 only and ::/0 IPv6 only', () => {
    // the API reference's IPBlock takes a CIDR of either family ("192.168.1.0/24" or "2001:db8::/64"); a CIDR holds addresses of its own family only
    const v4 = matrixOf(apps() + egress([block('0.0.0.0/0'), block('fd00::/8')]));
    expect(conn(v4, A, '8.8.8.8')).toBe(ALL);
    expect(conn(v4, A, '2001:db8::1')).toBe(NONE);
    const v6 = matrixOf(apps() + egress([block('::/0')]));
    expect(conn(v6, A, '2001:db8::1')).toBe(ALL);
    expect(conn(v6, A, '8.8.8.8')).toBe(NONE);
  });

  it('an ipBlock of either family never matches a workload', () => {
    const m = matrixOf(apps() + egress([block('0.0.0.0/0'), block('::/0')]));
    expect(conn(m, A, B)).toBe(NONE);
  });

  it('external ranges are cut at every boundary of either family, IPv6 after every IPv4 range, in address order', () => {
    const m = matrixOf(apps() + egress([block('10.0.0.0/8'), block('2001:db8::/32', ['2001:db8:1::/48'])], [{ port: 443 }]));
    expect(listLines(m).filter((l) => l.startsWith(A))).toEqual([
      `${A} => 10.0.0.0-10.255.255.255[External] : TCP 443`,
      `${A} => 2001:db8::-2001:db8:0:ffff:ffff:ffff:ffff:ffff[External] : TCP 443`,
      `${A} => 2001:db8:2::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff[External] : TCP 443`,
    ]);
    expect(m.egressRanges.map(formatExternal)).toEqual([
      '0.0.0.0-9.255.255.255[External]',
      '10.0.0.0-10.255.255.255[External]',
      '11.0.0.0-255.255.255.255[External]',
      '::-2001:db7:ffff:ffff:ffff:ffff:ffff:ffff[External]',
      '2001:db8::-2001:db8:0:ffff:ffff:ffff:ffff:ffff[External]',
      '2001:db8:1::-2001:db8:1:ffff:ffff:ffff:ffff:ffff[External]',
      '2001:db8:2::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff[External]',
      '2001:db9::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External]',
    ]);
  });

  it('IPv6 sources come after IPv4 ones and before workloads in the listing', () => {
    const m = matrixOf(apps() + policy('shop', 'in', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ from: [block('192.0.2.0/24'), block('2001:db8::/32')] }] }));
    const sources = [...new Set(listLines(m).map((l) => l.split(' => ')[0]))];
    expect(sources).toEqual([
      '0.0.0.0-192.0.1.255[External]',
      '192.0.2.0-192.0.2.255[External]',
      '192.0.3.0-255.255.255.255[External]',
      '::-2001:db7:ffff:ffff:ffff:ffff:ffff:ffff[External]',
      '2001:db8::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff[External]',
      '2001:db9::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External]',
      A,
      B,
    ]);
  });

  it('an except must be of the cidr\'s family and strictly inside it (ValidateIPBlock), else the policy is an error with its line', () => {
    // API reference, IPBlock.except: "Except values will be rejected if they are outside the cidr range"
    for (const [cidr, except] of [
      ['2001:db8::/32', '10.0.0.0/8'],
      ['2001:db8::/32', '2001:db9::/48'],
      ['2001:db8::/32', '2001:db8::/32'],
    ] as const) {
      const m = matrixOf(apps() + egress([block(cidr, [except])]));
      expect(errors(m)).toEqual([expect.objectContaining({ code: 'RD004', line: expect.any(Number), message: expect.stringContaining(`except "${except}"`) })]);
    }
  });

  it('host bits are cleared, and RD110 names the canonical block they mean', () => {
    const m = matrixOf(apps() + egress([block('2001:DB8::1/32')]));
    expect(conn(m, A, '2001:db8:ffff::1')).toBe(ALL);
    expect(lint(m).map((w) => w.message)).toContainEqual(expect.stringMatching(/ipBlock cidr 2001:DB8::1\/32 has host bits set; it means 2001:db8::\/32/));
  });

  it('an invalid IPv6 CIDR is an error with file and line, and its policy is skipped', () => {
    const text = (cidr: string) => `${apps()}apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: out, namespace: shop }
spec:
  podSelector: { matchLabels: { app: a } }
  policyTypes: [Egress]
  egress:
    - to:
        - ipBlock: { cidr: "${cidr}" }
`;
    const line = text('x').split('\n').findIndex((l) => l.includes('ipBlock')) + 1;
    for (const bad of ['2001:db8::1::/64', '2001:db8:0:0:0:0:0:0:1/64', '2001:db8:12345::/48', '2001:db8::/129', '2001:db8::/064', '2001:db8::']) {
      const m = matrixOf({ 'net/p.yaml': text(bad) });
      expect(errors(m), bad).toEqual([expect.objectContaining({ file: 'net/p.yaml', line, code: 'RD004', message: expect.stringContaining(bad) })]);
      expect(conn(m, A, '2001:db8::1'), bad).toBe(ALL);
    }
  });

  it('a zone is an error with file and line: no prefix carries one', () => {
    const m = matrixOf({ 'net/p.yaml': apps() + egress([block('fe80::1%eth0/64')]) });
    expect(errors(m)).toEqual([expect.objectContaining({ file: 'net/p.yaml', line: expect.any(Number), code: 'RD004', message: expect.stringMatching(/zone \("%eth0"\)/) })]);
  });

  it('an IPv4-mapped IPv6 CIDR is rejected as strict validation rejects it (KEP-4858, on by default since 1.36), saying what older API servers read', () => {
    const m = matrixOf({ 'net/p.yaml': apps() + egress([block('::ffff:10.0.0.0/104')]) });
    expect(errors(m)).toEqual([
      expect.objectContaining({ file: 'net/p.yaml', message: expect.stringMatching(/"::ffff:10\.0\.0\.0\/104" has an IPv4-mapped IPv6 address, which the API server rejects .*earlier versions read it as 10\.0\.0\.0\/8/) }),
    ]);
    // the policy is skipped: a is not isolated
    expect(conn(m, A, '8.8.8.8')).toBe(ALL);
    // in except too, and in the hex spelling of the same block
    expect(errors(matrixOf(apps() + egress([block('::/0', ['::ffff:0:0/96'])])))).toHaveLength(1);
  });
});

describe('which IP families are analysed', () => {
  it('IPv4 only where nothing names IPv6: the output is what it always was', () => {
    const m = matrixOf(apps());
    expect(addr.families(m.addressSpace)).toEqual(['ipv4']);
    expect(listLines(m).filter((l) => l.includes('[External]'))).toEqual([`${V4_ALL} => ${A} : ${ALL}`, `${V4_ALL} => ${B} : ${ALL}`, `${A} => ${V4_ALL} : ${ALL}`, `${B} => ${V4_ALL} : ${ALL}`]);
  });

  it('both once a policy or the pod network names IPv6; --ip-family says otherwise', () => {
    expect(addr.families(matrixOf(apps() + egress([block('fd00::/8')])).addressSpace)).toEqual(['ipv4', 'ipv6']);
    expect(addr.families(matrixOf(apps(), { podCIDRs: ['fd00:10::/56'] }).addressSpace)).toEqual(['ipv4', 'ipv6']);
    const dual = matrixOf(apps(), { ipFamily: 'dual' });
    expect(conn(dual, A, '2001:db8::1')).toBe(ALL);
    expect(conn(dual, V6_ALL, B)).toBe(ALL);
    const v6 = matrixOf(apps() + egress([block('0.0.0.0/0')]), { ipFamily: 'ipv6' });
    expect(v6.egressRanges.map(formatExternal)).toEqual([V6_ALL]);
    expect(conn(v6, A, '2001:db8::1')).toBe(NONE);
  });

  it('a Service that says the cluster has IPv6 addresses has IPv6 analysed too: an IPv6-only load balancer is not left out in silence', async () => {
    // kubernetes.io/docs/concepts/services-networking/dual-stack/#services: spec.ipFamilies and ipFamilyPolicy; the API
    // server refuses an IPv6 family where the cluster has no IPv6 service range
    const svc = (spec: string) =>
      `apiVersion: v1\nkind: Service\nmetadata: { name: a, namespace: shop }\nspec:\n  type: LoadBalancer\n  allocateLoadBalancerNodePorts: false\n  externalTrafficPolicy: Local\n  selector: { app: a }\n  ports: [{ port: 80 }]\n${spec}---\n`;
    for (const spec of ['  ipFamilyPolicy: SingleStack\n  ipFamilies: [IPv6]\n', '  ipFamilyPolicy: RequireDualStack\n', '  loadBalancerSourceRanges: ["2001:db8::/32"]\n', '  clusterIP: "fd00::10"\n', '  loadBalancerIP: "2001:db8::10"\n']) {
      expect(ipFamilyOf([load(apps() + svc(spec))], {}), spec).toBe('dual');
    }
    // the source ranges annotation, read where the field is empty
    const annotated = svc('').replace('metadata: { name: a, namespace: shop }', 'metadata: { name: a, namespace: shop, annotations: { service.beta.kubernetes.io/load-balancer-source-ranges: "2001:db8::/32" } }');
    expect(ipFamilyOf([load(apps() + annotated)], {})).toBe('dual');
    expect(ipFamilyOf([load(apps() + svc('  ipFamilyPolicy: PreferDualStack\n'))], {})).toBe('ipv4');
    const dir = mkdtempSync(join(tmpdir(), 'reachdiff-v6-lb-'));
    writeFileSync(join(dir, 'base.yaml'), apps());
    writeFileSync(join(dir, 'head.yaml'), apps() + svc('  ipFamilyPolicy: SingleStack\n  ipFamilies: [IPv6]\n  loadBalancerSourceRanges: ["2001:db8::/32"]\n'));
    const r = await cli(['diff', join(dir, 'base.yaml'), join(dir, 'head.yaml'), '--exposure']);
    expect(r.stdout).not.toContain('no reachability change');
    expect(r.stdout).toMatch(/2001:db8::-2001:db8:ffff/);
  });

  it('the states of a diff are analysed for the families either needs: the first IPv6 policy shows what it changes and nothing else', () => {
    const base = load(apps());
    const head = load(apps() + egress([block('0.0.0.0/0'), block('2001:db8::/32')]));
    const family = ipFamilyOf([base, head], {});
    expect(family).toBe('dual');
    const d = diffMatrices(analyze(base, { ipFamily: family }), analyze(head, { ipFamily: family }));
    expect(d.changes.map((c) => `${c.type} ${c.src} => ${c.dst}: ${c.head.toString()}`)).toEqual([
      `removed ${A} => ::-2001:db7:ffff:ffff:ffff:ffff:ffff:ffff[External]: ${NONE}`,
      `removed ${A} => 2001:db9::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External]: ${NONE}`,
      `removed ${A} => ${B}: ${NONE}`,
    ]);
    expect(() => diffMatrices(analyze(base), analyze(head))).toThrow(/same IP families/);
  });

  it('diff on the command line takes the families of both states', async () => {
    const r = await cli(['diff', 'fixtures/dual-stack/base', 'fixtures/dual-stack/pr']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('diff-type: removed, source: ::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External], destination: web/frontend[Deployment]');
  });
});

describe('pods have addresses of every family analysed (networks, nets)', () => {
  const cnp = (networks: string[]) => `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: { name: deny-out }
spec:
  tier: Admin
  priority: 10
  subject: { namespaces: { matchLabels: { kubernetes.io/metadata.name: shop } } }
  egress:
    - action: Deny
      to: [ { networks: ${JSON.stringify(networks)} } ]
---
`;

  it('0.0.0.0/0 and ::/0 together hold every workload of a dual-stack cluster', () => {
    const m = matrixOf(apps() + cnp(['0.0.0.0/0', '::/0']), { podCIDRs: ['10.244.0.0/16', 'fd00:10::/56'] });
    expect(conn(m, A, B)).toBe(NONE);
    expect(m.diagnostics).toEqual([]);
  });

  it('0.0.0.0/0 alone holds the pods\' IPv4 addresses and not their IPv6 ones: applied to external addresses, and said', () => {
    const m = matrixOf(apps() + cnp(['0.0.0.0/0']), { podCIDRs: ['10.244.0.0/16', 'fd00:10::/56'], ipFamily: 'dual' });
    expect(conn(m, A, B)).toBe(ALL);
    expect(conn(m, A, '8.8.8.8')).toBe(NONE);
    expect(m.diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/networks 0\.0\.0\.0\/0 may hold pod IPs; it covers only part of the pod network/)]);
  });

  it('the pod network of every family decides: the whole of it holds the pods, none of it none', () => {
    const pods = { podCIDRs: ['10.244.0.0/16', 'fd00:10::/56'] };
    expect(conn(matrixOf(apps() + cnp(['10.244.0.0/16', 'fd00:10::/56']), pods), A, B)).toBe(NONE);
    const outside = matrixOf(apps() + cnp(['192.0.2.0/24', '2001:db8::/32']), pods);
    expect(conn(outside, A, B)).toBe(ALL);
    expect(outside.diagnostics).toEqual([]);
    // a pod network of one family only leaves the other unknown
    const half = matrixOf(apps() + cnp(['10.244.0.0/16', 'fd00:10::/56']), { podCIDRs: ['10.244.0.0/16'], ipFamily: 'dual' });
    expect(half.diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/no IPv6 pod network is configured \(--pod-cidr\)/)]);
  });

  it('an IPv4-mapped network is rejected as the CRD\'s CEL isCIDR rejects it (k8s.io/apiserver/pkg/cel/library/cidr.go), with file and line', () => {
    const m = matrixOf({ 'admin/cnp.yaml': apps() + cnp(['::ffff:10.0.0.0/104']) });
    expect(errors(m)).toEqual([
      expect.objectContaining({ file: 'admin/cnp.yaml', line: expect.any(Number), message: expect.stringMatching(/"::ffff:10\.0\.0\.0\/104" has an IPv4-mapped IPv6 address, which the CRD's isCIDR validation rejects; write 10\.0\.0\.0\/8/) }),
    ]);
    expect(conn(m, A, B)).toBe(ALL);
  });

  it('in an IPv6-only cluster ::/0 holds every workload', () => {
    expect(conn(matrixOf(apps() + cnp(['::/0']), { ipFamily: 'ipv6' }), A, B)).toBe(NONE);
  });
});

describe('Cilium and Calico read the forms the API server accepts as the plugin does', () => {
  const cilium = (cidr: string, except?: string[]) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: out, namespace: shop }
spec:
  endpointSelector: { matchLabels: { app: a } }
  egress:
    - toCIDRSet: [ { cidr: "${cidr}"${except ? `, except: ${JSON.stringify(except)}` : ''} } ]
---
`;
  const calico = (nets: string[]) => `apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: { name: out, namespace: shop }
spec:
  selector: app == 'a'
  types: [Egress]
  egress:
    - action: Allow
      destination: { nets: ${JSON.stringify(nets)} }
---
`;

  it('Cilium: an IPv6 toCIDRSet with its except; an IPv4-mapped prefix stays IPv6 (netip.ParsePrefix)', () => {
    const m = matrixOf(apps() + cilium('2001:db8::/32', ['2001:db8:1::/48']));
    expect(conn(m, A, '2001:db8::1')).toBe(ALL);
    expect(conn(m, A, '2001:db8:1::1')).toBe(NONE);
    expect(conn(m, A, '8.8.8.8')).toBe(NONE);
    const mapped = matrixOf(apps() + cilium('::ffff:8.8.8.0/120'));
    expect(conn(mapped, A, '8.8.8.8')).toBe(NONE);
    expect(conn(mapped, A, '::ffff:8.8.8.8')).toBe(ALL);
    expect(errors(matrixOf(apps() + cilium('2001:db8::/32', ['10.0.0.0/8'])))).toHaveLength(1);
  });

  it('Calico: IPv6 nets; a bare address is refused by the v3 validator; an IPv4-mapped block is the IPv4 block (Go net.ParseCIDR)', () => {
    const m = matrixOf(apps() + calico(['2001:db8::/32', 'fd00::1/128']));
    expect(conn(m, A, '2001:db8::1')).toBe(ALL);
    expect(conn(m, A, 'fd00::1')).toBe(ALL);
    expect(conn(m, A, 'fd00::2')).toBe(NONE);
    expect(errors(matrixOf(apps() + calico(['fd00::1'])))).toHaveLength(1);
    const mapped = matrixOf(apps() + calico(['::ffff:8.8.8.0/120']));
    expect(conn(mapped, A, '8.8.8.8')).toBe(ALL);
    expect(addr.families(mapped.addressSpace)).toEqual(['ipv4']);
    expect(errors(matrixOf(apps() + calico(['10.0.0.0/8', 'fd00::/8'])))).toEqual([expect.objectContaining({ message: expect.stringMatching(/mixes IPv4 and IPv6/) })]);
  });
});

describe('outputs, invariants and explanations', () => {
  it('list json carries each range\'s family and the families analysed', () => {
    const doc = listJson(matrixOf(apps() + egress([block('2001:db8::/32')])));
    expect(doc['ipFamilies']).toEqual(['ipv4', 'ipv6']);
    expect((doc['externalRanges'] as { destinations: unknown[] }).destinations).toContainEqual({ family: 'ipv6', first: '2001:db8::', last: '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff' });
  });

  it('an invariant cidr may be IPv6; one of a family not analysed matches nothing and fails as unmatched', () => {
    const config = parseConfig('invariants:\n  - name: no docs\n    never: { from: { namespace: shop }, to: { cidr: "2001:db8::/32" } }\n', 'c.yml');
    const [open] = checkInvariants(config.invariants, matrixOf(apps() + egress([block('2001:db8::/48')])));
    expect(open!.status).toBe('violated');
    // b is not isolated: it reaches every range inside the invariant's cidr, cut where a's policy cuts the space
    expect(open!.head.witnesses.map((w) => (w.kind === 'pair' ? `${w.src} => ${w.dst}` : ''))).toEqual([
      `${A} => 2001:db8::-2001:db8:0:ffff:ffff:ffff:ffff:ffff[External]`,
      `${B} => 2001:db8::-2001:db8:0:ffff:ffff:ffff:ffff:ffff[External]`,
      `${B} => 2001:db8:1::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff[External]`,
    ]);
    const [v4] = checkInvariants(config.invariants, matrixOf(apps()));
    expect(v4!.status).toBe('unmatched');
    expect(() => parseConfig('invariants:\n  - name: x\n    never: { from: { namespace: shop }, to: { cidr: "::ffff:10.0.0.0/104" } }\n', 'c.yml')).toThrow(/IPv4-mapped IPv6 address; write 10\.0\.0\.0\/8/);
  });

  it('explain names the ipBlock rule that lets an IPv6 address through', () => {
    const m = matrixOf(apps() + egress([block('2001:db8::/32')], [{ port: 443 }]));
    const x = m.explain(m.workloadEndpoint(A)!, m.externalEndpoint({ family: 'ipv6', first: parseIPv6('2001:db8::5')!, last: parseIPv6('2001:db8::5')! }));
    expect(x.allowed.toString()).toBe('TCP 443');
    expect(x.egress.decisions.map((d) => d.rule?.origin.policy)).toEqual(['shop/out']);
  });

  it('diff --explain names the edited rule behind an IPv6 change', async () => {
    const r = await cli(['diff', 'fixtures/dual-stack/base', 'fixtures/dual-stack/pr', '--explain']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('diff-type: added, source: payments/api[Deployment], destination: 2001:db8::-2001:db8:ff:ffff:ffff:ffff:ffff:ffff[External], ref1: No Connections, ref2: TCP 443');
    expect(r.stdout).toContain('    cause: payments/api-egress egress rule 1 was edited (fixtures/dual-stack/pr/payments.yaml:49)');
    expect(r.stdout).toContain('    cause: web/frontend-public ingress rule 0 was edited (fixtures/dual-stack/pr/web.yaml:8)');
  });

  it('lint reports IPv6 host bits with file and line, and the block they mean', async () => {
    const r = await cli(['lint', 'fixtures/dual-stack/pr']);
    expect(r.stdout.trim().split('\n')).toEqual([
      'fixtures/dual-stack/pr/payments.yaml:51: warning: NetworkPolicy payments/api-egress: egress peer ipBlock cidr 2001:db8:200::1/32 has host bits set; it means 2001:db8::/32, and from Kubernetes 1.36 the API server refuses the policy (StrictIPCIDRValidation): write 2001:db8::/32 [RD110]',
    ]);
    // the base state writes every block canonically
    expect((await cli(['lint', 'fixtures/dual-stack/base'])).stdout).not.toContain('RD110');
  });

  it('the pull-request comment shows IPv6 ranges in canonical form', () => {
    const base = apps() + egress([block('2001:db8::/32')], [{ port: 443 }]);
    const head = apps() + egress([block('2001:db8::/32', ['2001:db8:ff::/48'])], [{ port: 443 }]);
    const config = parseConfig('invariants:\n  - name: a reaches the provider\n    always: { from: { workload: shop/a }, to: { cidr: "2001:db8::/32" }, ports: [TCP/443] }\n', '.github/reachdiff.yml');
    const family = ipFamilyOf([load(base), load(head)], {});
    const [b, h] = [matrixOf(base, { ipFamily: family }), matrixOf(head, { ipFamily: family })];
    const report = diffReport(diffMatrices(b, h), { base: 'a'.repeat(40), head: 'b'.repeat(40) }, compareInvariants(config.invariants, b, h), config.file);
    const outcomes = [{ name: 'default', report, error: null }];
    const action: ActionReport = { version: 1, kind: 'action', repository: 'octo/shop', pullRequest: 7, base: { sha: 'a'.repeat(40) }, head: { sha: 'b'.repeat(40) }, comparison: 'merge', configFile: '.github/reachdiff.yml', summary: summarize(outcomes), targets: outcomes };
    const md = renderActionMarkdown(action, { marker: commentMarker('default'), budget: COMMENT_BUDGET });
    expect(md).toContain('**❌ 1 invariant newly violated · 1 path closed**');
    expect(md).toContain('| 🔴 closed | shop/a\\[Deployment\\] | 2001:db8:ff::-2001:db8:ff:ffff:ffff:ffff:ffff:ffff\\[External\\] | TCP 443 |');
    expect(md).toContain('n1["2001:db8:ff::-2001:db8:ff:ffff:ffff:ffff:ffff:ffff#91;External#93;"]');
  });

  it('the probe check reads the IPv6 lines of the text output', async () => {
    const r = await cli(['list', 'fixtures/dual-stack/base']);
    expect(r.stdout).toContain(`${V6_ALL} => web/frontend[Deployment] : TCP 8080`);
    expect(r.stdout).toContain('payments/api[Deployment] => 2001:db8:100::-2001:db8:100:fe:ffff:ffff:ffff:ffff[External] : TCP 443');
  });
});

describe('which families a listing covers is said', () => {
  it('list says on stderr when it analysed IPv4 only, and not where IPv6 is named or the family is given', async () => {
    const plain = await cli(['list', 'fixtures/demo']);
    expect(plain.stderr).toMatch(/\(IPv4 only: nothing names IPv6; --ip-family dual for a dual-stack cluster\)\n$/);
    const given = await cli(['list', 'fixtures/demo', '--ip-family', 'ipv4']);
    expect(given.stderr).not.toContain('IPv4 only');
    const dual = await cli(['list', 'fixtures/dual-stack/base']);
    expect(dual.stderr).not.toContain('IPv4 only');
    expect(dual.stdout).toContain('::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External]');
  });
});
