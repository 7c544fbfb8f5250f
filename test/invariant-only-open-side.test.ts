/**
 * An `only` invariant forbids every endpoint outside its list, pods the
 * manifests do not hold among them, whether or not a selector of it says
 * `anyNamespace`: a rule that admits `namespaceSelector: {}` with a pod
 * selector lets such pods of every namespace in (kubernetes.io/docs/concepts/services-networking/network-policies/:
 * "namespaceSelector and podSelector ... selects particular Pods within
 * particular namespaces"; an empty namespaceSelector selects all
 * namespaces). A `workload: NS/NAME` entry stands for that workload and
 * for any pod of its namespace carrying the labels of one of its pods and
 * no other label a policy's selector reads, since policies pick pods by
 * labels and namespaces only and cannot tell such a pod from the
 * workload's own; a selector asking for one more label (matchLabels: "all
 * of the key-value pairs must match", same page) tells it apart.
 */
import { describe, expect, it } from 'vitest';
import { checkManifests, deployment, diffManifests, namespace, policy } from './helpers.js';

const shop = (backend: Record<string, string>) =>
  namespace('shop') +
  namespace('admin', { role: 'admin' }) +
  namespace('other') +
  deployment('shop', 'frontend', { app: 'frontend' }) +
  deployment('shop', 'backend', backend) +
  deployment('shop', 'db', { app: 'db' }, [{ port: 5432 }]) +
  deployment('admin', 'toolbox', { app: 'toolbox' }) +
  policy('shop', 'deny', { podSelector: {}, policyTypes: ['Ingress'] });
const SHOP = shop({ app: 'backend' });

const dbFrom = (peer: Record<string, unknown>) =>
  policy('shop', 'db-from-backend', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [peer], ports: [{ protocol: 'TCP', port: 5432 }] }] });
const BACKEND = { podSelector: { matchLabels: { app: 'backend' } } };

// the README's example
const ONLY_TO = `invariants:
  - name: only backend and admin reach db
    only: { to: { namespace: shop, labels: { app: db } }, from: [ { workload: shop/backend }, { namespaceLabels: { role: admin } } ] }
`;

describe('only: pods the manifests do not hold, outside the list', () => {
  it('holds on the README example, where db admits app=backend pods of its own namespace: a new one there is backend to every policy', async () => {
    const r = await checkManifests(SHOP + dbFrom(BACKEND), ONLY_TO);
    expect(r.stdout).toMatch(/ok\s+holds: only backend and admin reach db/);
    expect(r.code).toBe(0);
  });

  it('a pull request letting app=backend pods of every namespace reach db is newly violated', async () => {
    const r = await diffManifests(SHOP + dbFrom(BACKEND), SHOP + dbFrom({ namespaceSelector: {}, ...BACKEND }), ONLY_TO);
    expect(r.stdout).toMatch(/FAIL newly violated: only backend and admin reach db/);
    // a new pod labelled app=backend in a namespace other than shop and admin
    expect(r.stdout).toMatch(/other\/\[pod with \{app=backend\}\] => shop\/db\[Deployment\] : TCP 5432/);
    expect(r.code).toBe(1);
  });

  it('a workload entry covers a same-labelled new pod in its namespace, not in another', async () => {
    const own = dbFrom({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }, ...BACKEND });
    expect((await checkManifests(SHOP + own, ONLY_TO)).code).toBe(0);
    const elsewhere = dbFrom({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'other' } }, ...BACKEND });
    const r = await checkManifests(SHOP + elsewhere, ONLY_TO);
    expect(r.stdout).toMatch(/\n +other\/\[pod with \{app=backend\}\] => shop\/db/);
  });

  it("a new pod in the workload's namespace lacking one of its pods' labels is not that workload", async () => {
    const r = await checkManifests(shop({ app: 'backend', tier: 'api' }) + dbFrom(BACKEND), ONLY_TO);
    expect(r.stdout).toMatch(/FAIL violated: only backend and admin reach db/);
    expect(r.stdout).toMatch(/shop\/\[pod with \{app=backend,\{Key:tier,Operator:NotIn,Values:\[api\],\}\}\] => shop\/db/);
  });

  it("a new pod with the workload's labels and one more a policy asks for is not that workload", async () => {
    const extra = dbFrom({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } }, podSelector: { matchLabels: { app: 'backend', tier: 'api', x: 'z' } } });
    const config = 'invariants:\n  - name: only backend reaches db\n    only: { to: { workload: shop/db }, from: [ { workload: shop/backend } ] }\n';
    const r = await checkManifests(shop({ app: 'backend', tier: 'api' }) + extra, config);
    expect(r.stdout).toMatch(/FAIL violated: only backend reaches db/);
    expect(r.stdout).toMatch(/shop\/\[pod with \{app=backend,tier=api,x=z\}\] => shop\/db/);
    expect(r.code).toBe(1);
    // a label no selector reads does not tell it apart: backend's own pods with it are backend to every policy
    expect((await checkManifests(shop({ app: 'backend', tier: 'api' }) + dbFrom({ podSelector: { matchLabels: { app: 'backend', tier: 'api' } } }), config)).code).toBe(0);
  });

  it('an entry of kind alone picks no pod the manifests do not hold', async () => {
    const config = 'invariants:\n  - name: only deployments reach db\n    only: { to: { workload: shop/db }, from: [ { kind: Deployment } ] }\n';
    const r = await checkManifests(SHOP + dbFrom(BACKEND), config);
    expect(r.stdout).toMatch(/FAIL violated: only deployments reach db[^\n]*\n(?: .*\n)* +shop\/\[pod with \{app=backend\}\] => shop\/db/);
  });

  describe('with from as the mapping: destinations outside the list', () => {
    const ONLY_FROM = 'invariants:\n  - name: backend reaches only db\n    only: { from: { workload: shop/backend }, to: [ { workload: shop/db }, { namespace: admin } ] }\n';
    const backendTo = (peer: Record<string, unknown>) =>
      policy('shop', 'backend-to-db', { podSelector: { matchLabels: { app: 'backend' } }, policyTypes: ['Egress'], egress: [{ to: [peer], ports: [{ protocol: 'TCP', port: 5432 }] }] });
    const DB = { podSelector: { matchLabels: { app: 'db' } } };

    it('holds where backend may reach app=db pods of its own namespace', async () => {
      const r = await checkManifests(SHOP + backendTo(DB), ONLY_FROM);
      expect(r.stdout).toMatch(/ok\s+holds: backend reaches only db/);
    });

    it('is newly violated where a change lets it reach app=db pods of any namespace', async () => {
      const r = await diffManifests(SHOP + backendTo(DB), SHOP + backendTo({ namespaceSelector: {}, ...DB }), ONLY_FROM);
      expect(r.stdout).toMatch(/FAIL newly violated: backend reaches only db/);
      expect(r.stdout).toMatch(/shop\/backend\[Deployment\] => other\/\[pod with \{app=db\}\] : TCP 5432/);
    });
  });
});
