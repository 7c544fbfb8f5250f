/**
 * Invariants over pods present or future whose path needs a pod that two
 * selectors pick at once besides the invariant's own, or that one Deny
 * peer misses while other peers pick it: such pods are tried (pairs of the
 * policies' selectors, and the pods just outside each rule's peer), so
 * `check` fails where such a pod reaches the workload.
 *
 * Label selectors AND their requirements, and `Exists`/`DoesNotExist`
 * test a key's presence (kubernetes.io/docs/concepts/overview/working-with-objects/labels/);
 * NetworkPolicies are additive, a pod selected by several gets the union of
 * their rules (kubernetes.io/docs/concepts/services-networking/network-policies/);
 * an AdminNetworkPolicy's Pass hands the traffic to the NetworkPolicy tier
 * and traffic no admin rule matches falls through to it
 * (network-policy-api.sigs.k8s.io/api-overview/); Calico's `!has(k)`
 * matches endpoints without label k and rules are evaluated in order
 * (docs.tigera.io/calico/latest/reference/resources/networkpolicy).
 */
import { describe, expect, it } from 'vitest';
import { checkManifests } from './helpers.js';

const NEVER_DB = `invariants:
  - name: no pod anywhere reaches db
    never: { from: { anyNamespace: true }, to: { namespace: shop, labels: { app: db } } }
`;

/** A Deny peer of `x Exists` beside two peers of `x DoesNotExist`: a pod of app=web without x reaches db. */
const DENY_EXISTS = "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: db, namespace: shop}\nspec:\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec: {containers: [{name: c, image: x, ports: [{containerPort: 5432}]}]}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: other, namespace: shop}\nspec:\n  selector: {matchLabels: {app: other}}\n  template:\n    metadata: {labels: {app: other}}\n    spec: {containers: [{name: c, image: x}]}\n---\napiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: deny-x}\nspec:\n  priority: 10\n  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: db}}}}\n  ingress:\n  - name: deny-x\n    action: Deny\n    from:\n    - pods:\n        namespaceSelector: {}\n        podSelector: {matchExpressions: [{key: x, operator: Exists}]}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  ingress:\n  - from:\n    - namespaceSelector: {}\n      podSelector: {matchLabels: {app: web}}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: other, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: other}}\n  ingress:\n  - from:\n    - namespaceSelector: {}\n      podSelector: {matchExpressions: [{key: x, operator: DoesNotExist}]}\n    - namespaceSelector: {}\n      podSelector: {matchExpressions: [{key: x, operator: DoesNotExist}, {key: z, operator: DoesNotExist}]}\n";

/** db admits team=x of apps, where only role=client pods may send: a pod of both labels reaches db. */
const EGRESS_SELECTION = "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: apps}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: db, namespace: shop}\nspec:\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec: {containers: [{name: c, image: x, ports: [{containerPort: 5432}]}]}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  ingress:\n  - from:\n    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: apps}}\n      podSelector: {matchLabels: {team: x}}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-egress, namespace: apps}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: client-egress, namespace: apps}\nspec:\n  podSelector: {matchLabels: {role: client}}\n  policyTypes: [Egress]\n  egress:\n  - {}\n";

/** A Pass of approved=true, then Deny of the rest, before db's NetworkPolicy admitting app=web: a pod of both reaches db. */
const PASS_AND_ALLOW = "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: db, namespace: shop}\nspec:\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec: {containers: [{name: c, image: x, ports: [{containerPort: 5432}]}]}\n---\napiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: guard-db}\nspec:\n  priority: 10\n  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: db}}}}\n  ingress:\n  - name: delegate-approved\n    action: Pass\n    from:\n    - pods:\n        namespaceSelector: {}\n        podSelector: {matchLabels: {approved: \"true\"}}\n  - name: deny-rest\n    action: Deny\n    from:\n    - namespaces: {}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  ingress:\n  - from:\n    - namespaceSelector: {}\n      podSelector: {matchLabels: {app: web}}\n";

/** Calico: Deny !has(trusted), then Allow app == 'web': a pod of app=web that carries trusted reaches api. */
const CALICO_HAS = "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: api, namespace: shop}\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec: {containers: [{name: c, image: x, ports: [{containerPort: 8080}]}]}\n---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: api-guard}\nspec:\n  selector: app == 'api'\n  types: [Ingress]\n  ingress:\n    - action: Deny\n      source: {selector: \"!has(trusted)\", namespaceSelector: all()}\n    - action: Allow\n      source: {selector: \"app == 'web'\", namespaceSelector: all()}\n";

describe('invariants over pods present or future that need a pod of two selectors at once', () => {
  it('F1: a pod outside an admin Deny peer of Exists while other peers ask DoesNotExist is tried', async () => {
    const r = await checkManifests(DENY_EXISTS, NEVER_DB);
    expect(r.stdout).toMatch(/FAIL violated: no pod anywhere reaches db/);
    expect(r.stdout).toMatch(/\[pod with \{app=web,[^\n]*x,Operator:DoesNotExist[^\n]*\] => shop\/db/);
    expect(r.code).toBe(1);
  });

  it("F2: a pod in both a rule's peer and the selection of the one policy that lets its namespace send is tried", async () => {
    const r = await checkManifests(EGRESS_SELECTION, NEVER_DB);
    expect(r.stdout).toMatch(/FAIL violated: no pod anywhere reaches db/);
    expect(r.stdout).toContain('apps/[pod with {role=client,team=x}] => shop/db[Deployment] : All Connections');
    expect(r.code).toBe(1);
  });

  it('F3: a pod in both an admin Pass peer and a NetworkPolicy peer is tried, for never and only', async () => {
    const never = await checkManifests(PASS_AND_ALLOW, NEVER_DB);
    expect(never.stdout).toMatch(/FAIL violated: no pod anywhere reaches db/);
    expect(never.stdout).toContain('[all namespaces]/[pod with {app=web,approved=true}] => shop/db[Deployment] : All Connections');
    const only = await checkManifests(PASS_AND_ALLOW, `invariants:
  - name: only shop reaches db
    only: { to: { namespace: shop, labels: { app: db } }, from: [ { namespace: shop } ] }
`);
    expect(only.stdout).toMatch(/FAIL violated: only shop reaches db/);
    expect(only.stdout).toMatch(/\[pod with \{app=web,approved=true\}\] => shop\/db/);
  });

  it('F5: a pod of a Calico Allow that carries the label a !has() Deny before it asks absent is tried', async () => {
    const r = await checkManifests(CALICO_HAS, "outside:\n  networkSets: false\ninvariants:\n  - name: no pod anywhere reaches api\n    never: { from: { anyNamespace: true }, to: { namespace: shop, labels: { app: api } } }\n");
    expect(r.stdout).toMatch(/FAIL violated: no pod anywhere reaches api/);
    expect(r.stdout).toMatch(/\[pod with \{app=web,\{Key:trusted,Operator:Exists,Values:\[\],\}\}\] => shop\/api/);
    expect(r.code).toBe(1);
  });
});
