/**
 * A pod's own labels under Calico's pcns. and pcsa. prefixes, found by a
 * review where `check` said `ok holds` and Calico lets the traffic through.
 * Calico gives each endpoint its namespace's labels as pcns.<key> and its
 * service account's as pcsa.<key> (docs.tigera.io/calico/latest/reference/resources/profile:
 * profile labels are applied "in addition to the endpoint's own labels"),
 * and the endpoint's own labels stand over them (libcalico-go's label
 * inheritance), so a namespaceSelector or a serviceAccounts selector
 * matches a pod that labels itself so, wherever it runs. Kubernetes
 * NetworkPolicies that Calico evaluates are converted to the same selectors.
 */
import { describe, expect, it } from 'vitest';
import { checkManifests } from './helpers.js';

const ns = (name: string, labels = '{}') => `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${name}, labels: ${labels} }\n---\n`;
const deploy = (namespace: string, name: string, labels: string, extra = '') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: ${name}, namespace: ${namespace} }\nspec:\n  selector: { matchLabels: { app: ${name} } }\n  template:\n    metadata: { labels: { app: ${name}${labels} } }\n    spec: { ${extra}containers: [{ name: c, image: x, ports: [{ containerPort: 5432 }] }] }\n---\n`;
const calicoIn = (source: string) =>
  `apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: { name: db-in, namespace: shop }\nspec:\n  selector: app == 'db'\n  types: [Ingress]\n  ingress:\n    - action: Allow\n      source: ${source}\n---\n`;
const never = (from: string) => `invariants:\n  - name: ${from} never reaches db\n    never: { from: { workload: ${from} }, to: { workload: shop/db } }\n`;
const BASE = ns('shop') + ns('trusted', '{ team: trusted }') + ns('other') + deploy('shop', 'db', '') + deploy('trusted', 'api', '');

describe("Calico's namespaceSelector and a pod's own pcns. labels", () => {
  it("a pod labelled pcns.team: trusted is in team == 'trusted' wherever it runs", async () => {
    const policy = calicoIn("{ namespaceSelector: team == 'trusted' }");
    expect((await checkManifests(BASE + deploy('other', 'attacker', '') + policy, never('other/attacker'))).code).toBe(0);
    const r = await checkManifests(BASE + deploy('other', 'attacker', ', pcns.team: trusted') + policy, never('other/attacker'));
    expect(r.stdout).toMatch(/FAIL violated: other\/attacker never reaches db/);
    expect(r.code).toBe(1);
    // and the trusted namespace's own api still reaches db
    expect((await checkManifests(BASE + policy, never('trusted/api'))).code).toBe(1);
  });

  it('a pod whose own pcns. label differs from its namespace is not in it', async () => {
    const policy = calicoIn("{ namespaceSelector: team == 'trusted' }");
    const r = await checkManifests(ns('shop') + ns('trusted', '{ team: trusted }') + deploy('shop', 'db', '') + deploy('trusted', 'api', ', pcns.team: other') + policy, never('trusted/api'));
    expect(r.stdout).toMatch(/ok\s+holds/);
    expect(r.code).toBe(0);
  });

  it("a pod labelled pcns.projectcalico.org/name is in the namespace it names, to projectcalico.org/name == 'monitoring'", async () => {
    const policy = calicoIn("{ namespaceSelector: projectcalico.org/name == 'monitoring' }");
    expect((await checkManifests(BASE + deploy('other', 'attacker', '') + policy, never('other/attacker'))).code).toBe(0);
    const r = await checkManifests(BASE + deploy('other', 'attacker', ', pcns.projectcalico.org/name: monitoring') + policy, never('other/attacker'));
    expect(r.code).toBe(1);
  });

  it('a GlobalNetworkPolicy whose namespaceSelector picks its subjects holds a pod that labels itself into it', async () => {
    // egress only to one address: the pod it holds reaches db no more
    const gnp = "apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: { name: prod-egress }\nspec:\n  namespaceSelector: env == 'prod'\n  selector: all()\n  types: [Egress]\n  egress:\n    - action: Allow\n      destination: { nets: [1.2.3.4/32] }\n---\n";
    const always = 'invariants:\n  - name: client reaches db\n    always: { from: { workload: other/client }, to: { workload: shop/db }, ports: [TCP/5432] }\n';
    expect((await checkManifests(BASE + deploy('other', 'client', '') + gnp, always)).code).toBe(0);
    const r = await checkManifests(BASE + deploy('other', 'client', ', pcns.env: prod') + gnp, always);
    expect(r.stdout).toMatch(/FAIL/);
    expect(r.code).toBe(1);
  });
});

describe("Calico's serviceAccounts selector and a pod's own pcsa. labels", () => {
  it("a pod labelled pcsa.role: metrics matches role == 'metrics'", async () => {
    const policy = calicoIn("{ serviceAccounts: { selector: role == 'metrics' } }");
    expect((await checkManifests(BASE + deploy('shop', 'attacker', '') + policy, never('shop/attacker'))).code).toBe(0);
    const r = await checkManifests(BASE + deploy('shop', 'attacker', ', pcsa.role: metrics') + policy, never('shop/attacker'));
    expect(r.stdout).toMatch(/FAIL violated/);
    expect(r.code).toBe(1);
  });
});

describe('Kubernetes NetworkPolicies that Calico evaluates', () => {
  // libcalico-go's k8s conversion turns a namespaceSelector into one over pcns. labels
  const np =
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: db-in, namespace: shop }\nspec:\n  podSelector: { matchLabels: { app: db } }\n  policyTypes: [Ingress]\n  ingress:\n    - from: [{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: trusted } } }]\n---\n';
  const calicoObject = "apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: { name: noop }\nspec: { selector: app == 'none', types: [Ingress] }\n---\n";
  const spoofer = deploy('other', 'attacker', ', pcns.kubernetes.io/metadata.name: trusted');

  it("match a pod's own pcns. labels where Calico evaluates them, and not otherwise", async () => {
    expect((await checkManifests(BASE + spoofer + np, never('other/attacker'))).code).toBe(0);
    const r = await checkManifests(BASE + spoofer + np + calicoObject, never('other/attacker'));
    expect(r.stdout).toMatch(/FAIL violated/);
    expect(r.code).toBe(1);
  });
});

describe('the storage form of a Calico policy without types', () => {
  // api/pkg/defaults/networkpolicy.go fills types in on the API server and in clientv3 only; a crd.projectcalico.org/v1
  // object applied with kubectl keeps none, and Felix takes such a policy to govern both directions (felix/calc
  // policy_sorter.go, "no Types means Ingress and Egress"): its pods are in default deny for egress too
  const policy = (apiVersion: string) =>
    `apiVersion: ${apiVersion}\nkind: NetworkPolicy\nmetadata: { name: db-in, namespace: shop }\nspec:\n  selector: app == 'db'\n  ingress:\n    - action: Allow\n      source: { selector: app == 'api' }\n---\n`;
  const ALWAYS = 'invariants:\n  - name: db reaches api\n    always: { from: { workload: shop/db }, to: { workload: trusted/api }, ports: [TCP/5432] }\n';

  it('governs egress as well, where the v3 API would default it to Ingress alone', async () => {
    expect((await checkManifests(BASE + policy('projectcalico.org/v3'), ALWAYS)).code).toBe(0);
    const r = await checkManifests(BASE + policy('crd.projectcalico.org/v1'), ALWAYS);
    expect(r.stdout).toMatch(/FAIL/);
    expect(r.code).toBe(1);
  });
});

describe('an isolated invariant and a Calico policy that passes what it does not decide', () => {
  // docs.tigera.io/calico/latest/reference/resources/tier: a Pass hands the traffic to the next tier; where no later
  // tier holds the pod, its namespace's profile allows it, so nothing is denied by default
  const policy = (last: string) =>
    `apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: { name: db-in, namespace: shop }\nspec:\n  selector: app == 'db'\n  types: [Ingress]\n  ingress:\n    - action: Allow\n      source: { selector: app == 'api' }\n${last}---\n`;
  const ISOLATED = 'invariants:\n  - name: db is isolated\n    isolated: { workloads: { workload: shop/db }, direction: ingress }\n';

  it('a catch-all Pass leaves the pod open by default: isolated fails, as never does', async () => {
    expect((await checkManifests(BASE + policy(''), ISOLATED)).code).toBe(0);
    const r = await checkManifests(BASE + policy('    - action: Pass\n'), ISOLATED);
    expect(r.stdout).toMatch(/FAIL violated: db is isolated/);
    expect(r.code).toBe(1);
    // a Pass of some sources only leaves the rest to the end of the tier, which denies it
    expect((await checkManifests(BASE + policy("    - action: Pass\n      source: { selector: app == 'x' }\n"), ISOLATED)).code).toBe(0);
    // a later tier that isolates it denies what is passed on
    const later =
      "apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: { name: late }\nspec: { order: 2000000, defaultAction: Deny }\n---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: { name: late.db }\nspec:\n  tier: late\n  selector: app == 'db'\n  types: [Ingress]\n---\n";
    expect((await checkManifests(BASE + policy('    - action: Pass\n') + later, ISOLATED)).code).toBe(0);
  });
});
