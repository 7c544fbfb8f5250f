/**
 * Review of IP text handling (rt41-ipv6): CIDR forms that a validator on the
 * real path refuses, so the object is not in the cluster, must not be read
 * as if it were; and a pod network given on the command line that is not a
 * CIDR must not be left out silently. Each case is the reproducer that used
 * to give `ok holds`, and a near case that is still accepted.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { InputError, readInputs } from '../src/action/inputs.js';
import { formatCidr, GO_NET_CIDR, NETIP_PREFIX, parseCidr, sloppyCidr } from '../src/model/ipranges.js';
import { checkManifests, cli, conn, matrixOf, tree } from './helpers.js';

const BASE = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {kubernetes.io/metadata.name: shop}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 80}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
spec: {containers: [{name: c, image: pg, ports: [{containerPort: 5432}]}]}
---
`;
const WEB = 'shop/web[Pod]';
const NEVER_WEB_DB = 'invariants:\n  - name: web never db\n    never: { from: { workload: shop/web }, to: { workload: shop/db } }\n';
const NEVER_WEB_EXT = 'invariants:\n  - name: web never reaches 203.0.113.0/24\n    never: { from: { workload: shop/web }, to: { cidr: 203.0.113.0/24 } }\n';
const NEVER_WEB_EXT5 = 'invariants:\n  - name: web never reaches 203.0.113.5\n    never: { from: { workload: shop/web }, to: { cidr: 203.0.113.5/32 } }\n';

/** A check that does not say the invariant holds: it exits non-zero and reports the object's error with file and line. */
async function refused(manifests: string, config: string, message: RegExp): Promise<void> {
  const r = await checkManifests(BASE + manifests, config);
  expect(r.stdout).not.toMatch(/ok holds/);
  expect(r.code).not.toBe(0);
  expect(r.stderr).toMatch(/m\.yaml:\d+: error: invalid /);
  expect(r.stderr).toMatch(message);
}

async function holds(manifests: string, config: string): Promise<void> {
  const r = await checkManifests(BASE + manifests, config);
  expect(r.stderr).not.toMatch(/error/);
  expect(r.stdout).toMatch(/ok holds/);
  expect(r.code).toBe(0);
}

const np = (peer: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-in, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress]
  ingress:
  - from:
    - ipBlock: ${peer}
`;
const npEgress = (cidr: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-eg, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress:
  - to: [{ipBlock: {cidr: ${JSON.stringify(cidr)}}}]
`;
const anp = (network: string) => `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: deny-egress}
spec:
  priority: 10
  subject: {namespaces: {}}
  egress:
  - name: deny
    action: Deny
    to:
    - networks: [${JSON.stringify(network)}]
`;
const cnp = (network: string) => `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: deny-egress}
spec:
  tier: Admin
  priority: 3
  subject: {namespaces: {}}
  egress:
  - name: deny
    action: Deny
    to:
    - networks: [${JSON.stringify(network)}]
`;
const ciliumDeny = (cidr: string) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: web-deny, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: web}}
  egressDeny:
  - toCIDR: [${JSON.stringify(cidr)}]
  egress:
  - toEntities: [all]
`;
const ciliumAllow = (cidr: string) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: web-egress, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: web}}
  egress:
  - toCIDR: [${JSON.stringify(cidr)}]
`;
const calico = (nets: string, apiVersion = 'projectcalico.org/v3', name = 'web-egress') => `apiVersion: ${apiVersion}
kind: NetworkPolicy
metadata: {name: ${name}, namespace: shop}
spec:
  selector: app == 'web'
  types: [Egress]
  egress:
  - action: Deny
    destination: {nets: [${JSON.stringify(nets)}]}
  - action: Allow
`;

describe('F1: a CIDR with whitespace around it is refused in every policy kind', () => {
  // Go's net.ParseCIDR and netip.ParsePrefix do not trim; every validator below uses one of them
  it('NetworkPolicy ipBlock cidr: the API server rejects it (ValidateIPBlock, IsValidCIDR / ParseCIDRSloppy), so db is not isolated', async () => {
    // kubectl apply: spec.ingress[0].from[0].ipBlock.cidr: Invalid value: " 203.0.113.0/24": must be a valid CIDR value
    await refused(np('{cidr: " 203.0.113.0/24"}'), NEVER_WEB_DB, /" 203\.0\.113\.0\/24" is not a CIDR: it has whitespace around it.*the API server rejects the object/);
    await refused(np('{cidr: "203.0.113.0/24\\t"}'), NEVER_WEB_DB, /"203\.0\.113\.0\/24\\t" is not a CIDR: it has whitespace around it/);
    await holds(np('{cidr: 203.0.113.0/24}'), NEVER_WEB_DB);
  });

  it('NetworkPolicy ipBlock except: the same validation, for each except', async () => {
    const withExcept = (e: string) => `{cidr: 198.51.100.0/24, except: [${JSON.stringify(e)}]}`;
    await refused(np(withExcept('198.51.100.0/25 ')), NEVER_WEB_DB, /except: "198\.51\.100\.0\/25 " is not a CIDR: it has whitespace around it/);
    await holds(np(withExcept('198.51.100.0/25')), NEVER_WEB_DB);
  });

  it("AdminNetworkPolicy and ClusterNetworkPolicy networks: the CRD's CEL isCIDR (netip.ParsePrefix) rejects it", async () => {
    // network-policy-api apis/*/shared_types.go: type CIDR string, +kubebuilder:validation:XValidation:rule="isCIDR(self)"
    await refused(anp(' 203.0.113.0/24'), NEVER_WEB_EXT, /networks: " 203\.0\.113\.0\/24" is not a CIDR: it has whitespace around it.*isCIDR/);
    await refused(cnp(' 203.0.113.0/24'), NEVER_WEB_EXT, /networks: " 203\.0\.113\.0\/24" is not a CIDR: it has whitespace around it.*isCIDR/);
    await refused(anp(' 0.0.0.0/0'), NEVER_WEB_DB, /whitespace around it/);
    await holds(anp('203.0.113.0/24'), NEVER_WEB_EXT);
    await holds(cnp('203.0.113.0/24'), NEVER_WEB_EXT);
  });

  it('CiliumNetworkPolicy toCIDR: the CRD rejects it (format: cidr, net.ParseCIDR), so web is not denied', async () => {
    // cilium pkg/k8s/apis/cilium.io/client/crds/v2/ciliumnetworkpolicies.yaml: toCIDR items and toCIDRSet[].cidr have format: cidr
    await refused(ciliumDeny(' 203.0.113.0/24'), NEVER_WEB_EXT, /toCIDR\[0\]: " 203\.0\.113\.0\/24" is not a CIDR: it has whitespace around it.*\); the CRD rejects it/);
    await holds(ciliumDeny('203.0.113.0/24'), NEVER_WEB_EXT);
  });

  it("Calico nets: the v3 validator's scanNets (cnet.ParseCIDR) says \"invalid CIDR\"", async () => {
    // libcalico-go lib/validator/v3/validator.go validateRule scanNets (cnet.ParseCIDR is net.ParseCIDR, which does not trim)
    await refused(calico(' 203.0.113.0/24'), NEVER_WEB_EXT, /nets: " 203\.0\.113\.0\/24" is not a CIDR: it has whitespace around it.*\); Calico's validator rejects it/);
    await holds(calico('203.0.113.0/24'), NEVER_WEB_EXT);
  });

  it('trimming is kept where the consumer trims: parseCidr by default (loadBalancerSourceRanges: ValidateService TrimSpace), not in the policy syntaxes', () => {
    expect(parseCidr(' 203.0.113.0/24 ')).toMatchObject({ kind: 'ipv4', prefix: 24 });
    expect(parseCidr(' 203.0.113.0/24', NETIP_PREFIX)).toMatchObject({ kind: 'invalid', problem: 'whitespace' });
    expect(parseCidr('203.0.113.0/24\n', GO_NET_CIDR)).toMatchObject({ kind: 'invalid', problem: 'whitespace' });
    // a padded text that is not a CIDR either says what is wrong with the CIDR, not the spaces
    expect(parseCidr(' garbage', NETIP_PREFIX)).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/"garbage" is not a CIDR/) });
  });
});

describe("a Service's loadBalancerSourceRanges, as ParseCIDRSloppy reads them", () => {
  // k8s.io/utils/net ParseCIDRSloppy is Go 1.16's net.ParseCIDR: dtoi reads each dotted part and the prefix
  // length as decimal numbers; IPNet.String gives an IPv4-mapped block as the IPv4 block
  it('leading zeros are decimal, a mapped block is IPv4, spaces around are trimmed; what no parser takes stays invalid', () => {
    expect(sloppyCidr('010.001.000.000/08')).toMatchObject({ kind: 'ipv4', address: 10 * 2 ** 24 + 2 ** 16, first: 10 * 2 ** 24, prefix: 8, hostBitsSet: true });
    expect(formatCidr(sloppyCidr('::ffff:010.0.0.0/104') as Exclude<ReturnType<typeof sloppyCidr>, { kind: 'invalid' }>)).toBe('10.0.0.0/8');
    expect(formatCidr(sloppyCidr(' 2001:0db8::1/032\t') as Exclude<ReturnType<typeof sloppyCidr>, { kind: 'invalid' }>)).toBe('2001:db8::/32');
    for (const text of ['10.0.0.256/8', '10.0.0/8', '10.0.0.0', '10.0.0.0/33', 'fe80::1%eth0/64', '']) expect(sloppyCidr(text).kind, text).toBe('invalid');
    expect(sloppyCidr('10.0.0.256/8')).toMatchObject({ reason: expect.stringMatching(/^"10\.0\.0\.256\/8" is not a CIDR/) });
  });
});

describe('F2: a prefix length with a leading zero, as netip.ParsePrefix reads it ("bad bits after slash")', () => {
  it('parseCidr: netip refuses it in both families; net.ParseCIDR (dtoi) reads it as a number', () => {
    for (const text of ['0.0.0.0/00', '8.0.0.0/08', '2001:db8::/032']) {
      expect(parseCidr(text, NETIP_PREFIX)).toMatchObject({ kind: 'invalid', problem: 'padded-bits' });
    }
    expect(parseCidr('8.0.0.0/08', GO_NET_CIDR)).toMatchObject({ kind: 'ipv4', prefix: 8, hostBitsSet: false });
    expect(parseCidr('2001:db8::/064', GO_NET_CIDR)).toMatchObject({ kind: 'ipv6', prefix: 64 });
    expect(parseCidr('0.0.0.0/0', NETIP_PREFIX)).toMatchObject({ kind: 'ipv4', prefix: 0 });
    expect(parseCidr('10.0.0.0/10', NETIP_PREFIX)).toMatchObject({ kind: 'ipv4', prefix: 10 });
  });

  it("AdminNetworkPolicy and ClusterNetworkPolicy networks: CEL isCIDR (k8s.io/apiserver/pkg/cel/library/cidr.go, netip.ParsePrefix) rejects the object", async () => {
    await refused(anp('0.0.0.0/00'), NEVER_WEB_DB, /"0\.0\.0\.0\/00" is not a CIDR as netip\.ParsePrefix reads it.*write 0\.0\.0\.0\/0.*isCIDR/);
    await refused(cnp('0.0.0.0/00'), NEVER_WEB_DB, /"0\.0\.0\.0\/00" is not a CIDR as netip\.ParsePrefix reads it/);
    await refused(anp('203.0.113.0/024'), NEVER_WEB_EXT, /leading zero/);
    await holds(anp('203.0.113.0/24'), NEVER_WEB_EXT);
  });

  it("CiliumNetworkPolicy toCIDR: the CRD stores it, but the agent's sanitizer (rule_validation.go CIDR.sanitize, netip.ParsePrefix) refuses the policy", async () => {
    // reachdiff used to read 8.0.0.0/08 as 8.0.0.0/8 and isolate web; Cilium imports no policy, so web reaches db
    await refused(ciliumAllow('8.0.0.0/08'), NEVER_WEB_DB, /toCIDR\[0\]: "8\.0\.0\.0\/08" is not a CIDR as netip\.ParsePrefix reads it.*Cilium does not import the policy/);
    await holds(ciliumAllow('8.0.0.0/8'), NEVER_WEB_DB);
  });

  it('NetworkPolicy ipBlock: accepted before Kubernetes 1.36 (ParseCIDRSloppy), refused by Cilium and strict validation: an error, as a leading-zero octet is', async () => {
    await refused(npEgress('8.0.0.0/08'), NEVER_WEB_DB, /"8\.0\.0\.0\/08" is not a CIDR as netip\.ParsePrefix reads it.*ParseCIDRSloppy.*Cilium refuses the policy/);
    await refused(npEgress('010.0.0.0/8'), NEVER_WEB_DB, /"010\.0\.0\.0" is not an IPv4 address/);
    await holds(npEgress('8.0.0.0/8'), NEVER_WEB_DB);
  });

  it('Calico nets: read with net.ParseCIDR, which takes the leading zero (dtoi), as Calico reads it', () => {
    const m = matrixOf(BASE + calico('203.0.113.0/024'));
    expect(m.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(conn(m, WEB, '203.0.113.0-203.0.113.255')).toBe('No Connections');
    expect(conn(m, WEB, '203.0.114.0-255.255.255.255')).toBe('All Connections');
  });
});

describe('F3: Calico v3 nets with host bits or a bare address are refused by its validator', () => {
  // libcalico-go lib/validator/v3/validator.go: EntityRule.Nets `validate:"omitempty,dive,net"`, validateIPNetwork ("valid (strictly
  // masked) IP network"); validateRule's scanNets: cnet.ParseCIDR (net.ParseCIDR, needs a "/") or "invalid CIDR".
  // docs.tigera.io/calico/latest/reference/resources/networkpolicy#entityrule: nets, "list of valid IPv4 CIDRs or list of valid IPv6 CIDRs"
  it('host bits set: the calico-apiserver refuses the policy, so nothing denies web', async () => {
    await refused(calico('203.0.113.5/24'), NEVER_WEB_EXT, /nets: "203\.0\.113\.5\/24" has host bits set, which Calico's validator rejects.*write 203\.0\.113\.0\/24 for the block or 203\.0\.113\.5\/32/);
    await holds(calico('203.0.113.0/24'), NEVER_WEB_EXT);
  });

  it('a bare address: "invalid CIDR"', async () => {
    await refused(calico('203.0.113.5'), NEVER_WEB_EXT5, /nets: "203\.0\.113\.5" is an address, not a CIDR, which Calico's validator rejects.*write 203\.0\.113\.5\/32/);
    await refused(calico('fd00::1'), NEVER_WEB_EXT5, /"fd00::1" is an address, not a CIDR.*write fd00::1\/128/);
    await holds(calico('203.0.113.5/32'), NEVER_WEB_EXT5);
  });

  it('notNets too', () => {
    const spec = `apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: web-egress, namespace: shop}
spec:
  selector: app == 'web'
  types: [Egress]
  egress:
  - action: Allow
    destination: {notNets: ["203.0.113.5/24"]}
`;
    const m = matrixOf(BASE + spec);
    expect(m.cluster.policies).toHaveLength(0);
    expect(m.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([expect.stringMatching(/notNets: "203\.0\.113\.5\/24" has host bits set/)]);
  });

  it('the storage form (crd.projectcalico.org/v1) is written past the validator: Felix reads it with cnet.ParseCIDROrIP, masked', () => {
    const m = matrixOf(BASE + calico('203.0.113.5/24', 'crd.projectcalico.org/v1', 'default.web-egress'));
    expect(m.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(conn(m, WEB, '203.0.113.0-203.0.113.255')).toBe('No Connections');
    const bare = matrixOf(BASE + calico('203.0.113.9', 'crd.projectcalico.org/v1', 'default.web-egress'));
    expect(bare.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(conn(bare, WEB, '203.0.113.9')).toBe('No Connections');
  });
});

describe('F5: an invalid --pod-cidr is a usage error, never left out', () => {
  const manifests = BASE + npEgress('240.0.0.0/4');
  const dir = tree({ 'm.yaml': manifests, 'c.yml': NEVER_WEB_DB }, 'reachdiff-podcidr-');
  const check = (podCidr: string) => cli(['check', join(dir, 'm.yaml'), '--config', join(dir, 'c.yml'), '--pod-cidr', podCidr]);

  it('a valid pod network inside the ipBlock: web reaches db (Calico, Antrea and OVN match pods by address)', async () => {
    const r = await check('240.0.0.0/4');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL/);
  });

  it('one that is not a CIDR, or that is IPv4-mapped, exits 2 naming it (it used to give ok holds)', async () => {
    for (const [value, why] of [
      ['240.0.0.0\\4', /--pod-cidr "240\.0\.0\.0\\4" is not a CIDR/],
      ['garbage', /--pod-cidr "garbage" is not a CIDR/],
      ['10.244.0.0/33', /--pod-cidr "10\.244\.0\.0\/33" is not a CIDR: the prefix length must be 0 to 32/],
      ['10.244.0.0/016', /--pod-cidr "10\.244\.0\.0\/016" is not a CIDR as netip\.ParsePrefix reads it/],
      [' 10.244.0.0/16', /--pod-cidr " 10\.244\.0\.0\/16" is not a CIDR: it has whitespace around it/],
      ['::ffff:240.0.0.0/100', /--pod-cidr "::ffff:240\.0\.0\.0\/100" has an IPv4-mapped IPv6 address.*write 240\.0\.0\.0\/4/],
      ['10.244.0.0/16,fd00::/56', /give one CIDR per --pod-cidr/],
    ] as const) {
      const r = await check(value);
      expect(r.code, value).toBe(2);
      expect(r.stdout, value).not.toMatch(/ok holds/);
      expect(r.stderr, value).toMatch(why);
    }
  });

  it('the action input pod-cidr fails the step the same way; a list of valid CIDRs is read', () => {
    const inputs = (podCidr: string) => readInputs((name) => (name === 'pod-cidr' ? podCidr : ''));
    expect(() => inputs('garbage')).toThrow(InputError);
    expect(() => inputs('10.244.0.0/16, 240.0.0.0\\4')).toThrow(/input pod-cidr: "240\.0\.0\.0\\4" is not a CIDR/);
    expect(() => inputs('::ffff:240.0.0.0/100')).toThrow(/IPv4-mapped.*write 240\.0\.0\.0\/4/);
    expect(inputs('10.244.0.0/16, fd00:10::/56').podCIDRs).toEqual(['10.244.0.0/16', 'fd00:10::/56']);
  });
});

describe('rules that hold pods by IPv4 addresses where the cluster was taken to be IPv4 only', () => {
  // nothing names IPv6, so the analysis is IPv4 only (README, IPv6 and dual-stack clusters); on a dual-stack
  // cluster pods talk over IPv6 too, which a Deny of networks 0.0.0.0/0 (network-policy-api: networks match
  // IP addresses) or of Calico nets 0.0.0.0/0 (a rule with IPv4 nets matches IPv4 traffic only) leaves alone
  const pods = `apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop, labels: {app: web}}\nspec: {containers: [{name: c, image: x}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: db, namespace: shop, labels: {app: db}}\nspec: {containers: [{name: c, image: x, ports: [{containerPort: 5432}]}]}\n---\n`;
  const anp = `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: deny-all-v4}\nspec:\n  priority: 10\n  subject: {namespaces: {}}\n  egress:\n  - {name: deny-all, action: Deny, to: [{networks: ["0.0.0.0/0"]}]}\n`;
  const calico = `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: deny-v4}\nspec:\n  selector: all()\n  types: [Egress]\n  egress:\n  - action: Deny\n    destination: {nets: ["0.0.0.0/0"]}\n  - action: Allow\n`;
  const never = 'invariants:\n  - name: web never db\n    never: { from: { workload: shop/web }, to: { workload: shop/db } }\n';
  it.each([
    ['an AdminNetworkPolicy Deny of networks 0.0.0.0/0', anp],
    ['a Calico Deny of nets 0.0.0.0/0', calico],
  ])('%s fails a never invariant closed, and holds it with --ip-family ipv4', async (_, policy) => {
    const root = tree({ 'm.yaml': pods + policy, 'c.yml': never });
    const assumed = await cli(['check', join(root, 'm.yaml'), '--config', join(root, 'c.yml')]);
    expect(assumed.stdout).toMatch(/it holds pods' IPv4 traffic only .*on a dual-stack cluster their IPv6 traffic is not denied by it/);
    expect(assumed.code).toBe(1);
    const given = await cli(['check', join(root, 'm.yaml'), '--config', join(root, 'c.yml'), '--ip-family', 'ipv4']);
    expect(given.stdout).toMatch(/ok holds: web never db/);
    expect(given.code).toBe(0);
  });
});

describe('a Cilium deny of every IPv4 address where IPv4 only was assumed', () => {
  // docs.cilium.io, Layer 3 policies: on a dual-stack cluster 0.0.0.0/0 is the world-ipv4 identity only
  it('fails a never invariant from the internet closed, and holds with --ip-family ipv4', async () => {
    const manifests = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: db, namespace: shop}\nspec:\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec: {containers: [{name: c, image: x}]}\n---\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: db, namespace: shop}\nspec:\n  endpointSelector: {matchLabels: {app: db}}\n  ingress: [{fromEntities: [all]}]\n  ingressDeny: [{fromCIDRSet: [{cidr: 0.0.0.0/0}]}]\n`;
    const root = tree({ 'm.yaml': manifests, 'c.yml': 'invariants:\n  - name: db never from outside\n    never: { from: internet, to: { workload: shop/db } }\n' });
    const assumed = await cli(['check', join(root, 'm.yaml'), '--config', join(root, 'c.yml')]);
    expect(assumed.stdout).toMatch(/it holds the outside world's IPv4 traffic only/);
    expect(assumed.code).toBe(1);
    const given = await cli(['check', join(root, 'm.yaml'), '--config', join(root, 'c.yml'), '--ip-family', 'ipv4']);
    expect(given.stdout).toMatch(/ok holds: db never from outside/);
  });
});

// The strict validation of KEP-4858 (feature gate StrictIPCIDRValidation, beta and on by default from 1.36:
// https://kubernetes.io/docs/reference/command-line-tools-reference/feature-gates/) makes IsValidCIDRForLegacyField
// (k8s.io/apimachinery/pkg/util/validation/ip.go) require the "subnet/mask" form: `8.8.8.8/8` is refused, where
// earlier API servers took it for 8.0.0.0/8.
describe('a NetworkPolicy ipBlock with host bits set: applied before Kubernetes 1.36, refused from it', () => {
  const isolate = (cidr: string) =>
    `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from:
    - ipBlock: {cidr: ${cidr}}
`;

  it('fails a never invariant on the pods it isolates closed, naming the refusal (it used to give ok holds)', async () => {
    const r = await checkManifests(BASE + isolate('8.8.8.8/8'), NEVER_WEB_DB);
    expect(r.stdout).not.toMatch(/ok holds/);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/its ipBlock 8\.8\.8\.8\/8 has host bits set, which makes the API server refuse the whole policy from Kubernetes 1\.36 \(StrictIPCIDRValidation/);
    expect(r.stderr).toMatch(/it means 8\.0\.0\.0\/8, and from Kubernetes 1\.36 the API server refuses the policy \(StrictIPCIDRValidation\): write 8\.0\.0\.0\/8 \[RD110\]/);
  });

  it('an except with host bits does the same; the block written in mask form holds', async () => {
    const except = BASE + isolate('8.0.0.0/8').replace('{cidr: 8.0.0.0/8}', '{cidr: 8.0.0.0/8, except: [8.8.8.8/16]}');
    expect((await checkManifests(except, NEVER_WEB_DB)).code).toBe(1);
    const r = await checkManifests(BASE + isolate('8.0.0.0/8'), NEVER_WEB_DB);
    expect(r.stdout).toMatch(/ok holds: web never db/);
    expect(r.code).toBe(0);
  });

  it('what list shows is the reading of earlier API servers (np-guard reads it so)', () => {
    const m = matrixOf(BASE + isolate('8.8.8.8/8'));
    expect(conn(m, WEB, 'shop/db[Pod]')).toBe('No Connections');
    expect(conn(m, '8.0.0.0-8.255.255.255', 'shop/db[Pod]')).toBe('All Connections');
  });
});
