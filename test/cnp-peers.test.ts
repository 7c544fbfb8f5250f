import { describe, expect, it } from 'vitest';
import { checkManifests, deployment, namespace } from './helpers.js';

// ClusterNetworkPolicy (policy.networking.k8s.io/v1alpha2, network-policy-api v0.2.0,
// apis/v1alpha2/clusternetworkpolicy_types.go; network-policy-api.sigs.k8s.io/reference/spec/).

const APPS = namespace('shop') + deployment('shop', 'frontend', { app: 'frontend' }, [{ port: 8080 }]) + deployment('shop', 'db', { app: 'db' }, [{ name: 'pg', port: 5432 }]);
const NEVER = 'invariants:\n  - name: frontend never db\n    never: { from: { workload: shop/frontend }, to: { workload: shop/db } }\n';

function cnp(name: string, tier: string, body: string): string {
  return `---\napiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: { name: ${name} }\nspec:\n  tier: ${tier}\n  priority: 5\n${body}`;
}
const DB = '  subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: db } } } }\n';
const FRONTEND = '{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: frontend } } } }';

describe('a peer with no field, or one its version does not have', () => {
  // The API asks an implementation that meets such a peer (a CRD newer than it) to fail closed: an Accept rule
  // matches nothing, a Deny or Pass rule denies all. The v0.2.0 CRD itself refuses such a peer (no such field;
  // minProperties 1), and a newer implementation matches what the field says: no invariant rests on either reading.
  it('a Deny rule with an ingress networks peer (egress peers alone have networks) is shown denying all, and never fails closed', async () => {
    const policy = cnp('db-no-outside', 'Admin', `${DB}  ingress: [{ action: Deny, from: [{ networks: ["0.0.0.0/0"] }] }]\n`);
    const r = await checkManifests(APPS + policy, NEVER);
    expect(r.stdout).toMatch(/which the CRD of its version refuses: it may not be applied/);
    expect(r.code).toBe(1);
  });

  it('an Accept rule with an unknown peer matches nothing, and never fails closed: a newer implementation may accept more', async () => {
    const denyAll = cnp('db-closed', 'Baseline', `${DB}  ingress: [{ action: Deny, from: [{ namespaces: {} }] }]\n`);
    expect((await checkManifests(APPS + denyAll, NEVER)).code).toBe(0);
    const accept = cnp('db-future', 'Admin', `${DB}  ingress: [{ action: Accept, from: [{ futurePeerType: { x: y } }] }]\n`);
    const r = await checkManifests(APPS + denyAll + accept, NEVER);
    expect(r.stdout).toMatch(/may match any traffic where a newer CRD and implementation know its field/);
    expect(r.code).toBe(1);
  });

  it("the policy's other rules may not apply either: a Deny of frontend beside such a peer does not keep never", async () => {
    const deny = (more: string) => cnp('db-deny', 'Admin', `${DB}  ingress:\n  - { action: Deny, from: [${FRONTEND}] }\n${more}`);
    expect((await checkManifests(APPS + deny(''), NEVER)).code).toBe(0);
    const r = await checkManifests(APPS + deny('  - { action: Accept, from: [{}] }\n'), NEVER);
    expect(r.stdout).toMatch(/the policy has a peer with no field, which the CRD of its version refuses/);
    expect(r.code).toBe(1);
  });
});

describe('a networks, nodes or domainNames peer with a named port', () => {
  // the experimental CRD's x-kubernetes-validations on ClusterNetworkPolicyEgressRule: "networks/nodes/domainNames
  // peer cannot be set with namedPorts since there are no namedPorts for networks/nodes/domainNames"; the standard
  // CRD has networks peers and not that rule, nor nodes and domainNames peers
  it('nodes or domainNames: refused, so the Deny it stands in does not keep never; networks: doubted, the experimental CRD refusing it', async () => {
    const deny = (peer: string) =>
      cnp('deny-db', 'Admin', `  subject: { namespaces: {} }\n  egress:\n  - action: Deny\n    to: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: db } } } }${peer}]\n    protocols: [{ destinationNamedPort: pg }]\n`);
    const ports = 'invariants:\n  - name: frontend never db\n    never: { from: { workload: shop/frontend }, to: { workload: shop/db }, ports: [TCP/5432] }\n';
    expect((await checkManifests(APPS + deny(''), ports)).code).toBe(0);
    for (const peer of ['{ nodes: { matchLabels: { role: gateway } } }', '{ domainNames: ["example.com"] }']) {
      const r = await checkManifests(APPS + deny(`, ${peer}`), ports);
      expect(r.stderr, peer).toMatch(/spec\.egress\[0\]: a (nodes|domainNames) peer may not stand with a named port/);
      expect(r.code, peer).toBe(1);
    }
    const networks = await checkManifests(APPS + deny(', { networks: ["192.0.2.0/24"] }'), ports);
    expect(networks.stderr).not.toMatch(/may not stand with a named port/);
    expect(networks.stdout).toMatch(/egress rule 0 has a networks peer beside a named port, which the experimental channel's CRD refuses/);
    expect(networks.code).toBe(1);
  });
});

describe('a nodes or domainNames peer: the whole policy may not be applied', () => {
  // types.go L366-373 and L394-409 (v0.2.0): Nodes and DomainNames are `<network-policy-api:experimental>`; the standard
  // channel's CRD (config/crd/standard/policy.networking.k8s.io_clusternetworkpolicies.yaml, v0.2.0), which Calico ships
  // and Cilium's documentation installs, has neither, and kubectl's strict field validation refuses the whole object
  const GUARD = `${'  subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: frontend } } } }\n'}  egress:\n  - { name: no-db, action: Deny, to: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: db } } } }] }\n`;

  it('a Deny of frontend -> db in a policy with a nodes or domainNames peer elsewhere does not keep never', async () => {
    expect((await checkManifests(APPS + cnp('guard', 'Admin', GUARD), NEVER)).code).toBe(0);
    for (const [rule, peer] of [
      ['  - { name: no-nodes, action: Deny, to: [{ nodes: {} }] }\n', 'nodes'],
      ['  - { name: api, action: Accept, to: [{ domainNames: [api.example.com] }] }\n', 'domainNames'],
    ]) {
      const r = await checkManifests(APPS + cnp('guard', 'Admin', GUARD + rule), NEVER);
      expect(r.code, peer).toBe(1);
      expect(r.stdout).toMatch(new RegExp(`ClusterNetworkPolicy guard no-db: the policy has ${peer} peers, which only the experimental channel's CRD has \\(the standard one, which Calico ships and Cilium's documentation installs, refuses the object\\): it may not be applied`));
    }
  });

  it('an always invariant that rests on its Accept fails closed too', async () => {
    const denyAll = cnp('db-closed', 'Baseline', `${DB}  ingress: [{ action: Deny, from: [{ namespaces: {} }] }]\n`);
    const accept = cnp('db-open', 'Admin', `${DB}  ingress: [{ action: Accept, from: [${FRONTEND}] }]\n`);
    const ALWAYS = 'invariants:\n  - name: frontend reaches db\n    always: { from: { workload: shop/frontend }, to: { workload: shop/db }, ports: [TCP/5432] }\n';
    expect((await checkManifests(APPS + denyAll + accept, ALWAYS)).code).toBe(0);
    const r = await checkManifests(APPS + denyAll + accept + '  egress: [{ action: Deny, to: [{ nodes: { matchLabels: { role: gateway } } }] }]\n', ALWAYS);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/the policy has nodes peers/);
  });
});

describe('under Calico, a rule its conversion cannot take', () => {
  // libcalico-go/lib/backend/k8s/conversion/clusternetworkpolicy.go: a nodes or domainNames peer ("none of supported fields
  // in 'To' is set") or a destinationNamedPort ("named ports are not supported yet") fails the rule's conversion, and
  // k8sClusterNetPolHandleFailedRules puts a rule that denies all traffic in place of a Deny or Pass, none of an Accept
  const CALICO = "---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: { name: db-open }\nspec:\n  selector: app == 'db'\n  ingress: [{ action: Allow }]\n";
  const ALWAYS = 'invariants:\n  - name: frontend reaches db\n    always: { from: { workload: shop/frontend }, to: { workload: shop/db }, ports: [TCP/5432] }\n';
  const FROM_FRONTEND = '  subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: frontend } } } }\n';

  it('a Deny or Pass of nodes may deny frontend everything, on every port: an always invariant fails closed under Calico alone', async () => {
    for (const [action, protocols] of [['Deny', ''], ['Deny', ', protocols: [{ tcp: { destinationPort: { number: 22 } } }]'], ['Pass', '']]) {
      const policy = cnp('no-nodes', 'Admin', `${FROM_FRONTEND}  egress: [{ name: no-nodes, action: ${action}, to: [{ nodes: {} }]${protocols} }]\n`);
      expect((await checkManifests(APPS + policy, ALWAYS)).code, `${action}${protocols}`).toBe(0);
      const r = await checkManifests(APPS + policy + CALICO, ALWAYS);
      expect(r.code, `${action}${protocols}`).toBe(1);
      expect(r.stdout).toMatch(/could close it \(ClusterNetworkPolicy no-nodes no-nodes: Calico cannot convert a rule with a nodes peer, and puts in place of a Deny or Pass rule it cannot convert one that denies all traffic/);
    }
  });

  it('an Accept naming a destinationNamedPort may be dropped: an always invariant resting on it fails closed under Calico', async () => {
    const denyAll = cnp('db-closed', 'Baseline', `${DB}  ingress: [{ action: Deny, from: [{ namespaces: {} }] }]\n`);
    const accept = cnp('db-pg', 'Admin', `${DB}  ingress: [{ name: pg, action: Accept, from: [${FRONTEND}], protocols: [{ destinationNamedPort: pg }] }]\n`);
    const calico = "---\napiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: { name: security }\nspec: { order: 100 }\n";
    expect((await checkManifests(APPS + denyAll + accept, ALWAYS)).code).toBe(0);
    const r = await checkManifests(APPS + denyAll + accept + calico, ALWAYS);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/ClusterNetworkPolicy db-pg pg: Calico cannot convert a rule with a destinationNamedPort/);
  });
});

describe('under Calico, a namespaces peer and network sets', () => {
  // libcalico-go/lib/backend/k8s/conversion/clusternetworkpolicy.go gives a namespaces peer's Calico rule a
  // namespaceSelector and no selector (a pods peer's selector carries projectcalico.org/orchestrator == 'k8s'); a rule's
  // selectors take "the CIDRs from any network sets that match the selector"
  // (docs.tigera.io/calico/latest/reference/resources/networkset): the NetworkSets of the namespaces it picks
  const FRONTEND_EGRESS = '---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: frontend-egress, namespace: shop }\nspec:\n  podSelector: { matchLabels: { app: frontend } }\n  policyTypes: [Egress]\n  egress: [{ to: [{ podSelector: { matchLabels: { app: db } } }] }]\n';
  const TIER = '---\napiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: { name: security }\nspec: { order: 100 }\n';
  const tenant = (peer: string) => cnp('tenant-shop', 'Admin', `  subject: { namespaces: { matchLabels: { kubernetes.io/metadata.name: shop } } }\n  egress: [{ name: same-tenant, action: Accept, to: [${peer}] }]\n`);
  const EXTERNAL = 'invariants:\n  - name: frontend never reaches 198.51.100.0/24\n    never: { from: { workload: shop/frontend }, to: { cidr: 198.51.100.0/24 } }\n';

  it('an Accept of a namespaces peer may reach the addresses of their NetworkSets: a never invariant to an address fails closed, as for a Calico rule', async () => {
    const peer = '{ namespaces: { matchLabels: { kubernetes.io/metadata.name: shop } } }';
    expect((await checkManifests(APPS + FRONTEND_EGRESS + tenant(peer), EXTERNAL)).code).toBe(0);
    const r = await checkManifests(APPS + FRONTEND_EGRESS + tenant(peer) + TIER, EXTERNAL);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/could open it \(ClusterNetworkPolicy tenant-shop same-tenant: its namespaces peer kubernetes\.io\/metadata\.name=shop is a namespaceSelector alone under Calico, which may match NetworkSets of the namespaces it picks/);
    // the config may say the cluster holds no network set but those of the manifests
    expect((await checkManifests(APPS + FRONTEND_EGRESS + tenant(peer) + TIER, `${EXTERNAL}outside:\n  networkSets: false\n`)).code).toBe(0);
  });

  it('a pods peer carries the orchestrator selector, which no network set has: it holds', async () => {
    const r = await checkManifests(APPS + FRONTEND_EGRESS + tenant('{ pods: { namespaceSelector: {}, podSelector: {} } }') + TIER, EXTERNAL);
    expect(r.code).toBe(0);
  });
});
