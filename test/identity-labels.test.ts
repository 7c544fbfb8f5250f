import { describe, expect, it } from 'vitest';
import { checkManifests } from './helpers.js';

/**
 * Cilium matches Kubernetes NetworkPolicies, as its own policies, against
 * pods' security identities, whose default label filter leaves out
 * kubernetes.io/..., k8s.io/... and io.kubernetes... labels, and Cilium's
 * own io.cilium.k8s... labels
 * (https://docs.cilium.io/en/stable/operations/performance/scalability/identity-relevant-labels/);
 * other plugins match the pods' labels. Which one the cluster runs, the
 * manifests do not say: a selector on such a label is not modelled.
 */
const workloads = (dbLabel: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web, ${dbLabel}: web}}
    spec: {containers: [{name: c, image: x}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: shop}
spec:
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db, ${dbLabel}: db}}
    spec: {containers: [{name: c, image: x, ports: [{containerPort: 5432}]}]}
`;
const deny = (key: string) => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-deny, namespace: shop}
spec:
  podSelector: {matchLabels: {${key}: db}}
  policyTypes: [Ingress]
`;
const never = `invariants:
  - name: web never db
    never: { from: { workload: shop/web }, to: { workload: shop/db } }
`;

describe('NetworkPolicy selectors on labels Cilium leaves out of identities', () => {
  it.each(['kubernetes.io/tier', 'k8s.io/tier', 'io.kubernetes.tier', 'io.cilium.k8s.tier'])('a deny-all selecting pods by %s fails a never invariant closed', async (key) => {
    const r = await checkManifests(workloads(key) + deny(key), never);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Cilium leaves out of the pods\' identities');
    expect(r.stderr).toMatch(/spec\.podSelector reads "[^"]+", which Cilium leaves out .*\[RD007\]/);
  });

  it.each(['tier', 'app.kubernetes.io/tier', 'example.com/tier'])('on a label Cilium keeps (%s) the policy isolates db and the invariant holds', async (key) => {
    const r = await checkManifests(workloads(key) + deny(key), never);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('Cilium leaves out');
  });

  it('an allow rule whose peer reads such a label may admit other pods: a never invariant fails closed', async () => {
    const allow = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-allow, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [{podSelector: {matchExpressions: [{key: kubernetes.io/tier, operator: DoesNotExist}]}}]
`;
    // every pod carries the label, so elsewhere no pod is admitted; under Cilium none does, so web is
    const r = await checkManifests(workloads('kubernetes.io/tier') + allow, never);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('its podSelector reads kubernetes.io/tier');
  });

  it('a peer that requires such a label admits fewer pods under Cilium, never others: a never invariant on another pod holds', async () => {
    const evil = `---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: evil, namespace: shop}\nspec:\n  selector: {matchLabels: {app: evil}}\n  template:\n    metadata: {labels: {app: evil}}\n    spec: {containers: [{name: c, image: x}]}\n`;
    const allow = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-allow, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [{podSelector: {matchLabels: {kubernetes.io/tier: web}}}]
`;
    const evilNever = 'invariants:\n  - name: evil never db\n    never: { from: { workload: shop/evil }, to: { workload: shop/db } }\n';
    const r = await checkManifests(workloads('kubernetes.io/tier') + evil + allow, evilNever);
    expect(r.stdout).toMatch(/ok holds: evil never db/);
    expect(r.code).toBe(0);
  });

  it('a subject selector on such a label is doubted on the pods it shows, not on the rest of the namespace', async () => {
    // web-ingress selects web by kubernetes.io/role and admits db; db admits web alone (its NotIn on a left-out key
    // may admit more under Cilium, but only among the pods its other requirement picks: web)
    const manifests = "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app.kubernetes.io/name: web}}\n  template:\n    metadata: {labels: {app.kubernetes.io/name: web, kubernetes.io/role: front, topology.kubernetes.io/zone: a}}\n    spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 80, name: http}]}]}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: db, namespace: shop}\nspec:\n  selector: {matchLabels: {app.kubernetes.io/name: db}}\n  template:\n    metadata: {labels: {app.kubernetes.io/name: db, k8s.io/tier: data}}\n    spec: {containers: [{name: c, image: pg, ports: [{containerPort: 5432}]}]}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: evil, namespace: shop}\nspec:\n  selector: {matchLabels: {app: evil}}\n  template:\n    metadata: {labels: {app: evil}}\n    spec: {containers: [{name: c, image: x}]}\n---\n# subject selects by app.kubernetes.io (kept by Cilium): expect no RD007\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db-ingress, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app.kubernetes.io/name: db}}\n  policyTypes: [Ingress]\n  ingress:\n  - from:\n    - podSelector: {matchExpressions: [{key: kubernetes.io/role, operator: NotIn, values: [back]}, {key: app.kubernetes.io/name, operator: In, values: [web]}]}\n    ports: [{port: 5432}]\n---\n# subject selects by topology.kubernetes.io (kept: Cilium anchors at start)\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-ingress, namespace: shop}\nspec:\n  podSelector: {matchLabels: {kubernetes.io/role: front}}\n  policyTypes: [Ingress]\n  ingress:\n  - from:\n    - podSelector: {matchLabels: {app.kubernetes.io/name: db}}\n";
    const r = await checkManifests(manifests, 'invariants:\n  - name: evil never reaches db\n    never: { from: { workload: shop/evil }, to: { workload: shop/db } }\n');
    expect(r.stdout).toMatch(/ok holds: evil never reaches db/);
    expect(r.code).toBe(0);
  });
});
