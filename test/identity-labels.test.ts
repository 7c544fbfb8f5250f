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
});
