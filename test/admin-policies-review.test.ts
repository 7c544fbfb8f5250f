/**
 * AdminNetworkPolicy and BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1), alone and beside
 * ClusterNetworkPolicy (v1alpha2): objects the API server refuses, and what reachdiff cannot know of them.
 * Sources: kubernetes-sigs/network-policy-api v0.1.8, apis/v1alpha1/shared_types.go, apis/v1alpha1/adminnetworkpolicy_types.go
 * and config/crd/{standard,experimental}/policy.networking.k8s.io_{adminnetworkpolicies,baselineadminnetworkpolicies}.yaml
 * (https://github.com/kubernetes-sigs/network-policy-api/tree/v0.1.8/config/crd).
 */
import { describe, expect, it } from 'vitest';
import type { Matrix } from '../src/engine/matrix.js';
import { checkManifests as check, conn, deployment, matrixOf, namespace, policy } from './helpers.js';

const ALL = 'All Connections';

/** dev/tool, shop/db (TCP 5432): a namespace each. */
const APPS =
  namespace('dev', { 'kubernetes.io/metadata.name': 'dev' }) +
  namespace('shop', { 'kubernetes.io/metadata.name': 'shop' }) +
  deployment('dev', 'tool', { app: 'tool' }) +
  deployment('shop', 'db', { app: 'db' }, [{ port: 5432 }]);
const TOOL = 'dev/tool[Deployment]';
const DB = 'shop/db[Deployment]';

const ns = (name: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': name } });
const NEVER_TOOL_DB = 'invariants:\n  - name: tool never reaches db\n    never: { from: { workload: dev/tool }, to: { workload: shop/db } }\n';

function anp(name: string, priority: number, spec: Record<string, unknown>): string {
  return `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: { name: ${name} }\nspec: ${JSON.stringify({ priority, ...spec })}\n---\n`;
}

function banp(spec: Record<string, unknown>): string {
  return `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: { name: default }\nspec: ${JSON.stringify(spec)}\n---\n`;
}

const errors = (m: Matrix) => m.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`);

describe('v1alpha1 pods without namespaceSelector or podSelector: the API server refuses the object', () => {
  // apis/v1alpha1/shared_types.go NamespacedPod: `NamespaceSelector metav1.LabelSelector json:"namespaceSelector"` with no
  // +optional ("All fields in this package are required unless Explicitly marked optional"); the v0.1.8 CRDs list
  // `required: [namespaceSelector, podSelector]` under subject.pods and under the pods peers, for both kinds
  const dbPods = { podSelector: { matchLabels: { app: 'db' } } };
  const toolPods = { podSelector: { matchLabels: { app: 'tool' } } };
  const cases: Array<[string, string, string]> = [
    ['subject.pods without namespaceSelector', anp('protect-db', 10, { subject: { pods: dbPods }, ingress: [{ action: 'Deny', from: [{ namespaces: ns('dev') }] }] }), 'spec.subject.pods.namespaceSelector'],
    [
      'a pods peer without namespaceSelector',
      anp('protect-db', 10, { subject: { namespaces: ns('shop') }, ingress: [{ action: 'Deny', from: [{ pods: toolPods }] }] }),
      'spec.ingress[0].from[0].pods.namespaceSelector',
    ],
    [
      'a pods peer without podSelector',
      anp('protect-db', 10, { subject: { namespaces: ns('shop') }, ingress: [{ action: 'Deny', from: [{ pods: { namespaceSelector: ns('dev') } }] }] }),
      'spec.ingress[0].from[0].pods.podSelector',
    ],
    [
      'a BaselineAdminNetworkPolicy subject.pods without namespaceSelector',
      banp({ subject: { pods: dbPods }, ingress: [{ action: 'Deny', from: [{ namespaces: ns('dev') }] }] }),
      'spec.subject.pods.namespaceSelector',
    ],
  ];

  for (const [what, text, path] of cases) {
    it(`${what} is an error naming ${path}, the policy is skipped, and a never invariant it would make hold fails closed`, async () => {
      const m = matrixOf(APPS + text);
      expect(errors(m)).toHaveLength(1);
      expect(errors(m)[0]).toMatch(new RegExp(`^RD004 .*${path.replace(/[.[\]]/g, '\\$&')} is required`));
      expect(conn(m, TOOL, DB)).toBe(ALL);
      expect((await check(APPS + text, NEVER_TOOL_DB)).code).toBe(1);
    });
  }

  it('in v1alpha2 a pods peer without namespaceSelector is still every namespace', () => {
    // apis/v1alpha2/clusternetworkpolicy_types.go (v0.2.0) NamespacedPod: NamespaceSelector is +optional
    const text = `apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: { name: p }\nspec: ${JSON.stringify({
      tier: 'Admin',
      priority: 10,
      subject: { pods: dbPods },
      ingress: [{ action: 'Deny', from: [{ pods: toolPods }] }],
    })}\n---\n`;
    const m = matrixOf(APPS + text);
    expect(errors(m)).toEqual([]);
    expect(conn(m, TOOL, DB)).toBe('No Connections');
  });
});

describe('v1alpha1 ports: [] is refused, not every port', () => {
  // v0.1.8 config/crd/standard/policy.networking.k8s.io_adminnetworkpolicies.yaml and ..._baselineadminnetworkpolicies.yaml:
  // the ingress and egress rules' `ports` have minItems 1 and maxItems 100 (apis/v1alpha1/adminnetworkpolicy_types.go,
  // `+kubebuilder:validation:MinItems=1` on Ports), so the API server refuses an empty list; leaving the field out is every port
  const subject = { pods: { namespaceSelector: ns('shop'), podSelector: { matchLabels: { app: 'db' } } } };
  const rule = { name: 'deny-dev', action: 'Deny', from: [{ namespaces: ns('dev') }], ports: [] };
  for (const [what, text] of [
    ['an AdminNetworkPolicy', anp('protect-db', 10, { subject, ingress: [rule] })],
    ['the BaselineAdminNetworkPolicy', banp({ subject, ingress: [rule] })],
  ] as const) {
    it(`in ${what}: an error, the policy is skipped, and a never invariant it would make hold fails closed`, async () => {
      const m = matrixOf(APPS + text);
      expect(errors(m)).toEqual([expect.stringMatching(/^RD004 .*spec\.ingress\[0\]\.ports must have 1 to 100 items, not 0/)]);
      expect(conn(m, TOOL, DB)).toBe(ALL);
      expect((await check(APPS + text, NEVER_TOOL_DB)).code).toBe(1);
    });
  }

  it('without ports, the rule still matches every port', async () => {
    const { ports: _, ...all } = rule;
    const text = APPS + anp('protect-db', 10, { subject, ingress: [all] });
    expect(errors(matrixOf(text))).toEqual([]);
    expect((await check(text, NEVER_TOOL_DB)).code).toBe(0);
  });
});

describe('v1alpha1 lists longer than the CRD allows, or repeating an item, are refused as in v1alpha2', () => {
  // v0.1.8 config/crd/standard/policy.networking.k8s.io_adminnetworkpolicies.yaml: `networks` has minItems 1, maxItems 25 and
  // x-kubernetes-list-type: set ("Networks can have upto 25 CIDRs specified", apis/v1alpha1/shared_types.go); rules, peers and
  // ports have maxItems 100; rule names maxLength 100. config/crd/experimental/...: domainNames has maxItems 25, list-type set
  // and the DomainName pattern
  const cidrs = (n: number) => Array.from({ length: n }, (_, i) => `203.0.113.${i + 1}/32`);
  const deny = (to: unknown[], extra: Record<string, unknown> = {}) => anp('block-bad-ranges', 5, { subject: { namespaces: {} }, egress: [{ name: 'deny-bad', action: 'Deny', to, ...extra }] });
  const NEVER_CIDR = 'invariants:\n  - name: nothing reaches 203.0.113.26\n    never: { from: { namespace: "*" }, to: { cidr: 203.0.113.26/32 } }\n';

  it('26 networks: an error, the policy is skipped, and a never invariant it would make hold fails closed', async () => {
    const text = APPS + deny([{ networks: cidrs(26) }]);
    expect(errors(matrixOf(text))).toEqual([expect.stringMatching(/^RD004 .*spec\.egress\[0\]\.to\[0\]\.networks has 26 items; at most 25 are allowed/)]);
    expect((await check(text, NEVER_CIDR)).code).toBe(1);
    // 25 are taken
    const ok = APPS + deny([{ networks: [...cidrs(24), '203.0.113.26/32'] }]);
    expect(errors(matrixOf(ok))).toEqual([]);
    expect((await check(ok, NEVER_CIDR)).code).toBe(0);
  });

  const refused: Array<[string, string, RegExp]> = [
    ['a repeated CIDR', deny([{ networks: ['203.0.113.26/32', '203.0.113.26/32'] }]), /networks lists "203\.0\.113\.26\/32" more than once/],
    ['a repeated domain name', deny([{ domainNames: ['example.com', 'example.com'] }]), /domainNames lists "example\.com" more than once/],
    ['a domain name that is not one', deny([{ domainNames: ['localhost'] }]), /"localhost" is not a domain name/],
    ['101 peers', deny(Array.from({ length: 101 }, () => ({ namespaces: ns('dev') }))), /spec\.egress\[0\]\.to must have 1 to 100 items, not 101/],
    ['101 ports', deny([{ namespaces: ns('dev') }], { ports: Array.from({ length: 101 }, (_, i) => ({ portNumber: { port: i + 1 } })) }), /spec\.egress\[0\]\.ports must have 1 to 100 items, not 101/],
    [
      '101 rules',
      anp('many', 5, { subject: { namespaces: {} }, egress: Array.from({ length: 101 }, () => ({ action: 'Deny', to: [{ namespaces: ns('dev') }] })) }),
      /spec\.egress must have at most 100 items, not 101/,
    ],
    ['a rule name of 101 characters', deny([{ namespaces: ns('dev') }], { name: 'x'.repeat(101) }), /spec\.egress\[0\]\.name must be a string of at most 100 characters/],
  ];
  for (const [what, text, message] of refused) {
    it(`${what}: an error, and the policy is skipped`, () => {
      const m = matrixOf(APPS + text);
      expect(errors(m)).toHaveLength(1);
      expect(errors(m)[0]).toMatch(/^RD004 /);
      expect(errors(m)[0]).toMatch(message);
    });
  }
});

describe('domainNames that may be cluster DNS names may match pods', () => {
  // NPEP-133 (network-policy-api site-src/npeps/npep-133-fqdn-egress-selector.md, Expected Behavior,
  // https://network-policy-api.sigs.k8s.io/npeps/npep-133-fqdn-egress-selector/): "Headless Services can be selected using their
  // generated DNS record because the generated DNS records contain a list of all the Pod IPs that back the service", and pod
  // records (pod-ip-address.my-namespace.pod.cluster.local) likewise; apis/v1alpha2/clusternetworkpolicy_types.go DomainName: a
  // leading '*' matches one or more labels
  const headless = 'apiVersion: v1\nkind: Service\nmetadata: { name: db, namespace: shop }\nspec: { clusterIP: None, selector: { app: db }, ports: [{ port: 5432 }] }\n---\n';
  const denyEgress = policy('dev', 'default-deny-egress', { podSelector: {}, policyTypes: ['Egress'] });
  const toNames = (action: string, names: string[]) =>
    `apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: { name: by-name }\nspec: ${JSON.stringify({
      tier: 'Admin',
      priority: 10,
      subject: { namespaces: ns('dev') },
      egress: [{ name: 'by-name', action, to: [{ domainNames: names }] }],
    })}\n---\n`;

  for (const name of ['db.shop.svc.cluster.local', '*.svc.cluster.local', '*.cluster.local', '10-0-0-1.shop.pod.cluster.local.']) {
    it(`an Accept to ${name} fails closed a never invariant the NetworkPolicy after it keeps`, async () => {
      const text = APPS + headless + denyEgress + toNames('Accept', [name]);
      expect(conn(matrixOf(text), TOOL, DB)).toBe('No Connections');
      const r = await check(text, NEVER_TOOL_DB);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/may name pods \(a headless Service's or a pod's DNS record\)/);
      // and the RD007 note says so, beside what it says of external addresses
      expect(r.stderr).toMatch(/domainNames peers .* may name pods .*an invariant on the paths it may decide to pods fails closed \[RD007\]/);
    });
  }

  it('an AdminNetworkPolicy Allow alike', async () => {
    const text = APPS + headless + denyEgress + anp('by-name', 10, { subject: { namespaces: ns('dev') }, egress: [{ action: 'Allow', to: [{ domainNames: ['db.shop.svc.cluster.local'] }] }] });
    expect((await check(text, NEVER_TOOL_DB)).code).toBe(1);
  });

  it('a Deny to such a name fails closed an always invariant', async () => {
    const always = 'invariants:\n  - name: tool reaches db\n    always: { from: { workload: dev/tool }, to: { workload: shop/db }, ports: [TCP/5432] }\n';
    const text = APPS + headless + toNames('Deny', ['db.shop.svc.cluster.local']);
    expect(conn(matrixOf(text), TOOL, DB)).toBe(ALL);
    expect((await check(text, always)).code).toBe(1);
  });

  it('an Accept to an external name keeps the invariant', async () => {
    const text = APPS + headless + denyEgress + toNames('Accept', ['api.example.com', '*.github.com']);
    const r = await check(text, NEVER_TOOL_DB);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/may name pods/);
  });
});

describe('AdminNetworkPolicy beside ClusterNetworkPolicy: no API orders them, so where their order decides, it is doubted', () => {
  // network-policy-api defines priority within each API only (apis/v1alpha1/adminnetworkpolicy_types.go Priority,
  // apis/v1alpha2/clusternetworkpolicy_types.go Priority). Antrea, which runs both, orders them by kind: docs/cluster-network-policy.md
  // ("ClusterNetworkPolicy, Admin tier (inherent tier priority == 220)"), docs/admin-network-policy.md, and at v2.7.0
  // pkg/controller/networkpolicy/clusternetworkpolicy.go (cnpAdminTierPriority 220, cnpBaselineTierPriority 254) and
  // adminnetworkpolicy.go (adminNetworkPolicyTierPriority 251, banpTierPriority 254, banpPriority 1)
  const cnp = (name: string, tier: string, priority: number, subject: unknown, ingress: unknown[]) =>
    `apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: { name: ${name} }\nspec: ${JSON.stringify({ tier, priority, subject, ingress })}\n---\n`;
  const dbSubject = { pods: { namespaceSelector: ns('shop'), podSelector: { matchLabels: { app: 'db' } } } };
  const anpDeny = anp('legacy-deny-dev', 5, { subject: dbSubject, ingress: [{ name: 'deny-dev', action: 'Deny', from: [{ namespaces: ns('dev') }] }] });
  const cnpAccept = cnp('allow-tools', 'Admin', 50, { namespaces: ns('shop') }, [{ name: 'allow-tools', action: 'Accept', from: [{ pods: { podSelector: { matchLabels: { app: 'tool' } } } }] }]);
  const warnings = (m: Matrix) => m.diagnostics.filter((d) => d.code === 'RD007' && /no API defines the order/.test(d.message)).map((d) => d.message);

  it('an AdminNetworkPolicy Deny before an Admin ClusterNetworkPolicy Accept by priority: a never invariant fails closed, with a warning', async () => {
    for (const text of [APPS + anpDeny + cnpAccept, APPS + cnpAccept + anpDeny]) {
      const m = matrixOf(text);
      // applied by priority, as shown
      expect(conn(m, TOOL, DB)).toBe('No Connections');
      expect(warnings(m)).toEqual([expect.stringMatching(/decide some of the same ingress connections differently in the admin tier, .*here AdminNetworkPolicy legacy-deny-dev is applied before ClusterNetworkPolicy allow-tools, by priority$/)]);
      const r = await check(text, NEVER_TOOL_DB);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/no API defines the order between AdminNetworkPolicies/);
    }
  });

  it('the BaselineAdminNetworkPolicy after a Baseline ClusterNetworkPolicy: alike', async () => {
    const banpAllow = banp({ subject: { namespaces: {} }, ingress: [{ name: 'allow-intra-cluster', action: 'Allow', from: [{ namespaces: {} }] }] });
    const cnpDeny = cnp('baseline-protect-db', 'Baseline', 10, { namespaces: ns('shop') }, [{ name: 'deny-dev', action: 'Deny', from: [{ namespaces: ns('dev') }] }]);
    const text = APPS + banpAllow + cnpDeny;
    const m = matrixOf(text);
    expect(conn(m, TOOL, DB)).toBe('No Connections');
    expect(warnings(m)).toEqual([expect.stringMatching(/in the baseline tier, .*here ClusterNetworkPolicy baseline-protect-db is applied before BaselineAdminNetworkPolicy default, by priority$/)]);
    expect((await check(text, NEVER_TOOL_DB)).code).toBe(1);
  });

  it('not where the order cannot change the verdict: the same action, or peers, subjects or ports that do not meet', async () => {
    const cnpDeny = cnp('deny-tools', 'Admin', 50, { namespaces: ns('shop') }, [{ action: 'Deny', from: [{ pods: { podSelector: { matchLabels: { app: 'tool' } } } }] }]);
    const cnpAcceptOther = cnp('allow-shop', 'Admin', 50, { namespaces: ns('shop') }, [{ action: 'Accept', from: [{ namespaces: ns('shop') }] }]);
    const cnpAcceptDev = cnp('allow-dev-in-dev', 'Admin', 50, { namespaces: ns('dev') }, [{ action: 'Accept', from: [{ namespaces: ns('dev') }] }]);
    for (const text of [APPS + anpDeny + cnpDeny, APPS + anpDeny + cnpAcceptOther, APPS + anpDeny + cnpAcceptDev]) {
      expect(warnings(matrixOf(text))).toEqual([]);
      expect((await check(text, NEVER_TOOL_DB)).code).toBe(0);
    }
  });
});
