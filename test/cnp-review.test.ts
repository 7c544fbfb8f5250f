/**
 * ClusterNetworkPolicy (policy.networking.k8s.io/v1alpha2) and the v1alpha1
 * AdminNetworkPolicy and BaselineAdminNetworkPolicy: policies of equal
 * priority, whose order is undefined, and fields their schemas do not have.
 * Sources: kubernetes-sigs/network-policy-api (newest main, 0eec1b0),
 * apis/v1alpha2/clusternetworkpolicy_types.go, apis/v1alpha1/adminnetworkpolicy_types.go,
 * apis/v1alpha1/baselineadminnetworkpolicy_types.go and apis/v1alpha1/shared_types.go.
 */
import { describe, expect, it } from 'vitest';
import type { Matrix } from '../src/engine/matrix.js';
import { checkManifests as check, conn, deployment, matrixOf, namespace } from './helpers.js';

const ALL = 'All Connections';
const NONE = 'No Connections';

/** web/front, shop/api (TCP 8080), ops/mon: a namespace each. */
const APPS =
  namespace('web', { 'kubernetes.io/metadata.name': 'web' }) +
  namespace('shop', { 'kubernetes.io/metadata.name': 'shop' }) +
  namespace('ops', { 'kubernetes.io/metadata.name': 'ops' }) +
  deployment('web', 'front', { app: 'front' }) +
  deployment('shop', 'api', { app: 'api' }, [{ name: 'http', port: 8080 }]) +
  deployment('ops', 'mon', { app: 'mon' });
const FRONT = 'web/front[Deployment]';
const API = 'shop/api[Deployment]';
const MON = 'ops/mon[Deployment]';

const ns = (name: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': name } });
const inShop = { namespaces: ns('shop') };
const everyone = { namespaces: {} };

function cnp(name: string, priority: number, subject: unknown, ingress: unknown[], tier = 'Admin'): string {
  return `apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: { name: ${name} }\nspec: ${JSON.stringify({ tier, priority, subject, ingress })}\n---\n`;
}

function anp(name: string, priority: number, subject: unknown, ingress: unknown[]): string {
  return `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: { name: ${name} }\nspec: ${JSON.stringify({ priority, subject, ingress })}\n---\n`;
}

/** A policy whose text is given whole, for fields the helpers above would not write. */
const raw = (text: string) => `${text.trim()}\n---\n`;

const denyWeb = (name: string, priority = 10) => cnp(name, priority, inShop, [{ action: 'Deny', from: [{ namespaces: ns('web') }] }]);
const acceptAll = (name: string, priority = 10) => cnp(name, priority, everyone, [{ action: 'Accept', from: [everyone] }]);

const NEVER_WEB_SHOP = 'invariants:\n  - name: web never reaches shop\n    never: { from: { namespace: web }, to: { namespace: shop } }\n';
const ALWAYS_OPS_SHOP = 'invariants:\n  - name: ops reaches shop\n    always: { from: { namespace: ops }, to: { namespace: shop } }\n';
const ALWAYS_WEB_SHOP = 'invariants:\n  - name: web reaches shop\n    always: { from: { namespace: web }, to: { namespace: shop }, ports: [TCP/8080] }\n';

const errors = (m: Matrix) => m.diagnostics.filter((d) => d.severity === 'error');
const tieWarnings = (m: Matrix) => m.diagnostics.filter((d) => d.code === 'RD007' && /same priority/.test(d.message));

describe('policies of equal priority: their order is undefined, so what it decides is doubted', () => {
  // clusternetworkpolicy_types.go (ClusterNetworkPolicySpec.Priority): if two (or more) policies in the same tier with the same
  // priority could match a connection, the implementation can apply any of the matching policies, and there is no way for the
  // user to reliably determine which one it will choose

  it('a Deny and an Accept of the same priority: a never invariant fails closed, whichever comes first in the files', async () => {
    for (const text of [APPS + denyWeb('a-deny') + acceptAll('b-accept'), APPS + acceptAll('b-accept') + denyWeb('a-deny')]) {
      // applied by name, as shown: a-deny first
      expect(conn(matrixOf(text), FRONT, API)).toBe(NONE);
      const r = await check(text, NEVER_WEB_SHOP);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/is shown closed, but policy parts not modelled exactly could open it \(ClusterNetworkPolicy (a-deny|b-accept) ingress\[0\]: its priority 10 ties with ClusterNetworkPolicy (b-accept|a-deny) in the admin tier/);
      // the order is still reported
      expect(r.stderr).toMatch(/have the same priority 10 in the admin tier.*order undefined \(here a-deny is applied first\) \[RD007\]/);
    }
  });

  it('renaming the policies no longer turns the verdict: an always invariant through the Accept fails closed too', async () => {
    // z-deny now comes after b-accept by name, so the path is shown open
    for (const text of [APPS + denyWeb('z-deny') + acceptAll('b-accept'), APPS + acceptAll('b-accept') + denyWeb('z-deny')]) {
      expect(conn(matrixOf(text), FRONT, API)).toBe(ALL);
      const r = await check(text, ALWAYS_WEB_SHOP);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/TCP 8080 is shown open, but policy parts not modelled exactly could close it/);
      expect((await check(text, NEVER_WEB_SHOP)).code).toBe(1);
    }
  });

  it('only the connections both policies match are doubted: the Accept alone decides ops to shop, and web to ops', async () => {
    const text = APPS + denyWeb('a-deny') + acceptAll('b-accept');
    expect((await check(text, ALWAYS_OPS_SHOP)).code).toBe(0);
    const webOps = 'invariants:\n  - name: web reaches ops\n    always: { from: { namespace: web }, to: { namespace: ops } }\n';
    expect((await check(text, webOps)).code).toBe(0);
    expect(conn(matrixOf(text), MON, API)).toBe(ALL);
  });

  it('not where the order cannot change the verdict: the same action, subjects or ports that do not meet, another priority', async () => {
    const denyAll = (name: string, priority: number) => cnp(name, priority, inShop, [{ action: 'Deny', from: [everyone] }]);
    const cases = [
      // both deny web to shop
      APPS + denyWeb('a-deny') + denyAll('b-deny', 10),
      // the Accept holds ops only: no workload is held by both
      APPS + denyWeb('a-deny') + cnp('b-accept', 10, { namespaces: ns('ops') }, [{ action: 'Accept', from: [everyone] }]),
      // the Accept is for TCP 9090 only, the Deny for every other port
      APPS +
        cnp('a-deny', 10, inShop, [{ action: 'Deny', from: [{ namespaces: ns('web') }], protocols: [{ tcp: { destinationPort: { range: { start: 1, end: 9089 } } } }] }]) +
        cnp('b-accept', 10, inShop, [{ action: 'Accept', from: [everyone], protocols: [{ tcp: { destinationPort: { number: 9090 } } }] }]) +
        denyAll('c-deny', 20),
      // the Accept matches ops only
      APPS + denyWeb('a-deny') + cnp('b-accept', 10, inShop, [{ action: 'Accept', from: [{ namespaces: ns('ops') }] }]),
      // the Deny comes first by priority
      APPS + denyWeb('a-deny', 5) + acceptAll('b-accept', 10),
    ];
    const never8080 = 'invariants:\n  - name: web never reaches shop on 8080\n    never: { from: { namespace: web }, to: { namespace: shop }, ports: [TCP/8080] }\n';
    for (const text of cases) expect((await check(text, never8080)).code).toBe(0);
  });

  it('in the Baseline tier too', async () => {
    const text = APPS + cnp('a-deny', 10, inShop, [{ action: 'Deny', from: [{ namespaces: ns('web') }] }], 'Baseline') + cnp('b-accept', 10, everyone, [{ action: 'Accept', from: [everyone] }], 'Baseline');
    expect(conn(matrixOf(text), FRONT, API)).toBe(NONE);
    const r = await check(text, NEVER_WEB_SHOP);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/in the baseline tier/);
  });

  it('AdminNetworkPolicies of the same priority, and one with a ClusterNetworkPolicy of the Admin tier, alike', async () => {
    // adminnetworkpolicy_types.go (AdminNetworkPolicySpec.Priority): the same words for AdminNetworkPolicy
    const anpDeny = anp('a-deny', 10, inShop, [{ action: 'Deny', from: [{ namespaces: ns('web') }] }]);
    const anpAllow = anp('b-allow', 10, everyone, [{ action: 'Allow', from: [everyone] }]);
    for (const text of [APPS + anpDeny + anpAllow, APPS + anpAllow + anpDeny, APPS + anpAllow + denyWeb('a-deny')]) {
      expect(conn(matrixOf(text), FRONT, API)).toBe(NONE);
      expect(tieWarnings(matrixOf(text))).toHaveLength(1);
      const r = await check(text, NEVER_WEB_SHOP);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/ties with (AdminNetworkPolicy|ClusterNetworkPolicy) (a-deny|b-allow) in the admin tier/);
    }
    // and not for the same action
    const anpDenyToo = anp('b-deny', 10, everyone, [{ action: 'Deny', from: [everyone] }]);
    expect((await check(APPS + anpDeny + anpDenyToo, NEVER_WEB_SHOP)).code).toBe(0);
  });

  it('the doubt keeps to the pods both policies hold: another pod of shop held by the Accept alone keeps its verdict', async () => {
    const more = deployment('shop', 'db', { app: 'db' });
    const denyApi = cnp('a-deny', 10, { pods: { namespaceSelector: ns('shop'), podSelector: { matchLabels: { app: 'api' } } } }, [{ action: 'Deny', from: [{ namespaces: ns('web') }] }]);
    const denyDb = cnp('c-deny', 20, inShop, [{ action: 'Deny', from: [{ namespaces: ns('web') }] }]);
    const text = APPS + more + acceptAll('b-accept', 10) + denyApi + denyDb;
    const neverDb = 'invariants:\n  - name: web never reaches db\n    never: { from: { namespace: web }, to: { workload: shop/db } }\n';
    // b-accept decides web to db, at priority 10, before c-deny: violated as shown, and for sure
    const r = await check(text, neverDb);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/not modelled exactly/);
    const neverApi = 'invariants:\n  - name: web never reaches api\n    never: { from: { namespace: web }, to: { workload: shop/api } }\n';
    expect((await check(text, neverApi)).stdout).toMatch(/ties with/);
  });
});

describe('fields the schema does not have: kubectl apply refuses the object', () => {
  // clusternetworkpolicy_types.go, adminnetworkpolicy_types.go, baselineadminnetworkpolicy_types.go, shared_types.go: the CRDs keep
  // no unknown fields (no x-kubernetes-preserve-unknown-fields), and kubectl apply validates strictly by default (kubectl 1.27+)
  const refused = (text: string) => errors(matrixOf(APPS + text)).map((d) => `${d.code} ${d.message}`);

  const cases: Array<[string, string, string]> = [
    // ClusterNetworkPolicyIngressRule has protocols, not AdminNetworkPolicy's ports
    [
      'a Deny rule limited with ports, the AdminNetworkPolicy word',
      'apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: { name: p }\nspec:\n  tier: Admin\n  priority: 10\n  subject: { namespaces: {} }\n  ingress:\n  - action: Deny\n    from: [{ namespaces: {} }]\n    ports: [{ portNumber: { protocol: TCP, port: 5432 } }]\n',
      'spec.ingress[0].ports',
    ],
    // ClusterNetworkPolicySpec: tier, priority, subject, ingress, egress
    ['a misspelt egress', 'apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: { name: p }\nspec:\n  tier: Admin\n  priority: 10\n  subject: { namespaces: {} }\n  egres: []\n', 'spec.egres'],
    // ClusterNetworkPolicyEgressRule: name, action, to, protocols
    [
      'a misspelt rule name',
      'apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: { name: p }\nspec:\n  tier: Admin\n  priority: 10\n  subject: { namespaces: {} }\n  egress:\n  - nme: db\n    action: Deny\n    to: [{ namespaces: {} }]\n',
      'spec.egress[0].nme',
    ],
    // NamespacedPod: namespaceSelector, podSelector
    [
      'a misspelt podSelector in a peer',
      'apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: { name: p }\nspec:\n  tier: Admin\n  priority: 10\n  subject: { namespaces: {} }\n  ingress:\n  - action: Deny\n    from: [{ pods: { namespaceSelector: {}, podSelector: {}, podSelectr: { matchLabels: { app: front } } } }]\n',
      'spec.ingress[0].from[0].pods.podSelectr',
    ],
    // ClusterNetworkPolicyProtocolTCP: destinationPort only
    [
      'a source port',
      'apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: { name: p }\nspec:\n  tier: Admin\n  priority: 10\n  subject: { namespaces: {} }\n  ingress:\n  - action: Deny\n    from: [{ namespaces: {} }]\n    protocols: [{ tcp: { destinationPort: { number: 8080 }, sourcePort: { number: 5000 } } }]\n',
      'spec.ingress[0].protocols[0].tcp.sourcePort',
    ],
    // ClusterNetworkPolicySubject: namespaces, pods (NamespacedPod)
    [
      'a misspelt subject selector',
      'apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: { name: p }\nspec:\n  tier: Admin\n  priority: 10\n  subject: { pods: { namespaceSelector: {}, podSelector: {}, podSelectr: {} } }\n',
      'spec.subject.pods.podSelectr',
    ],
    // AdminNetworkPolicyIngressRule has ports, not ClusterNetworkPolicy's protocols
    [
      'protocols in an AdminNetworkPolicy',
      'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: { name: p }\nspec:\n  priority: 10\n  subject: { namespaces: {} }\n  ingress:\n  - action: Deny\n    from: [{ namespaces: {} }]\n    protocols: [{ tcp: { destinationPort: { number: 5432 } } }]\n',
      'spec.ingress[0].protocols',
    ],
    // shared_types.go Port: protocol, port
    [
      'an endPort in a BaselineAdminNetworkPolicy port',
      'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: { name: default }\nspec:\n  subject: { namespaces: {} }\n  ingress:\n  - action: Deny\n    from: [{ namespaces: {} }]\n    ports: [{ portNumber: { protocol: TCP, port: 5432, endPort: 5440 } }]\n',
      'spec.ingress[0].ports[0].portNumber.endPort',
    ],
    // AdminNetworkPolicySpec: priority, subject, ingress, egress
    ['a misspelt spec field of an AdminNetworkPolicy', 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: { name: p }\nspec:\n  priority: 10\n  subject: { namespaces: {} }\n  ingres: []\n', 'spec.ingres'],
    // ClusterNetworkPolicy: apiVersion, kind, metadata, spec, status
    ['a field beside spec', 'apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: { name: p }\nspec:\n  tier: Admin\n  priority: 10\n  subject: { namespaces: {} }\nspecs: []\n', 'specs'],
    ['a misspelt metadata field', 'apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: { name: p, lables: { a: b } }\nspec:\n  tier: Admin\n  priority: 10\n  subject: { namespaces: {} }\n', 'metadata.lables'],
  ];

  for (const [what, text, path] of cases) {
    it(`${what} is an error naming "${path}", and the policy is skipped`, () => {
      const e = refused(raw(text));
      expect(e).toHaveLength(1);
      expect(e[0]).toBe(`RD004 invalid ${/kind: (\w+)/.exec(text)![1]} ${/name: (\w+)/.exec(text)![1]}: unknown field "${path}": kubectl apply refuses the object (strict field validation), so the policy never reaches the cluster; policy skipped`);
    });
  }

  it('the Deny limited with ports no longer reads as denying every port, and check fails closed on the refused policy', async () => {
    const text = raw(cases[0]![1]);
    expect(conn(matrixOf(APPS + text), FRONT, API)).toBe(ALL);
    const r = await check(APPS + text, NEVER_WEB_SHOP);
    expect(r.code).toBe(1);
  });

  it('every field the API has is read: status, rule names, nodes and domainNames (experimental), each port form', () => {
    const cnpText = raw(
      'apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: { name: p }\nspec:\n  tier: Admin\n  priority: 10\n  subject: { pods: { namespaceSelector: { matchExpressions: [{ key: kubernetes.io/metadata.name, operator: In, values: [shop] }] }, podSelector: { matchLabels: { app: api } } } }\n  ingress:\n  - name: from-web\n    action: Accept\n    from: [{ namespaces: { matchLabels: { kubernetes.io/metadata.name: web } } }, { pods: { namespaceSelector: {}, podSelector: {} } }]\n    protocols: [{ tcp: { destinationPort: { number: 8080 } } }, { udp: { destinationPort: { range: { start: 5000, end: 5001 } } } }, { sctp: { destinationPort: { number: 9 } } }, { destinationNamedPort: http }]\n  egress:\n  - name: out\n    action: Deny\n    to: [{ nodes: { matchLabels: { a: b } } }, { networks: [10.0.0.0/8] }]\n  - action: Accept\n    to: [{ domainNames: [example.com] }]\nstatus: { conditions: [{ type: Ready, status: "True", reason: R, message: m, lastTransitionTime: "2024-01-01T00:00:00Z" }] }\n',
    );
    const anpText = raw(
      'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: { name: a }\nspec:\n  priority: 20\n  subject: { pods: { namespaceSelector: {}, podSelector: {} } }\n  ingress:\n  - name: r\n    action: Allow\n    from: [{ namespaces: {} }]\n    ports: [{ portNumber: { protocol: TCP, port: 80 } }, { portRange: { protocol: UDP, start: 1, end: 2 } }, { namedPort: http }]\n  egress:\n  - action: Pass\n    to: [{ nodes: {} }, { networks: [10.0.0.0/8] }, { domainNames: [example.com] }]\nstatus: { conditions: [] }\n',
    );
    const banpText = raw(
      'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: { name: default }\nspec:\n  subject: { namespaces: {} }\n  ingress:\n  - name: r\n    action: Deny\n    from: [{ pods: { namespaceSelector: {}, podSelector: {} } }]\n    ports: [{ portRange: { start: 1, end: 2 } }]\n  egress:\n  - action: Allow\n    to: [{ nodes: {} }, { networks: [10.0.0.0/8] }]\nstatus: {}\n',
    );
    expect(refused(cnpText + anpText + banpText)).toEqual([]);
  });

  it('a peer with a field its version does not have still fails closed, as the API asks, and is not refused', () => {
    // clusternetworkpolicy_types.go (ClusterNetworkPolicyEgressPeer): an implementation that meets a peer with a field it does not know fails closed
    const text = raw(
      'apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: { name: p }\nspec:\n  tier: Admin\n  priority: 10\n  subject: { namespaces: { matchLabels: { kubernetes.io/metadata.name: web } } }\n  egress:\n  - action: Deny\n    to: [{ fqdns: [example.com] }]\n',
    );
    const m = matrixOf(APPS + text);
    expect(errors(m)).toEqual([]);
    expect(m.diagnostics.some((d) => d.code === 'RD007' && /fails closed/.test(d.message))).toBe(true);
    expect(conn(m, FRONT, API)).toBe(NONE);
  });
});
