/**
 * A Flagger Canary makes the primary of its target, NAME-primary, a copy
 * whose pods carry the value of the target's selector label with
 * "-primary" appended, and scales the target to zero between analyses
 * (fluxcd/flagger pkg/canary/deployment_controller.go
 * createPrimaryDeployment, pkg/canary/util.go makePrimaryLabels,
 * pkg/canary/factory.go; docs.flagger.app/usage/how-it-works). Which label
 * that is hangs on the controller's --selector-labels (cmd/flagger/main.go:
 * app, name, app.kubernetes.io/name by default), so the primary's pods are
 * not known: the Canary is not analysed and fails the invariants on its
 * namespace's pods closed.
 */
import { describe, expect, it } from 'vitest';
import { checkManifests, deployment, load, namespace, policy } from './helpers.js';

const SHOP = namespace('shop') + deployment('shop', 'frontend', { app: 'frontend' }) + deployment('shop', 'db', { app: 'db' }, [{ port: 5432 }]);
// selects the target's pods, app: db, and not the primary's, app: db-primary
const DB_POLICY = policy('shop', 'db', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'backend' } } }] }] });
const NEVER = 'invariants:\n  - name: frontend never reaches db\n    never: { from: { namespace: shop, labels: { app: frontend } }, to: { namespace: shop, labels: { app: db } } }\n';
const canary = (targetRef: string) =>
  `apiVersion: flagger.app/v1beta1\nkind: Canary\nmetadata: { name: db, namespace: shop }\nspec:\n  targetRef: ${targetRef}\n  service: { port: 5432 }\n  analysis: { interval: 1m, threshold: 5, maxWeight: 50, stepWeight: 10 }\n---\n`;

describe('Flagger Canary', () => {
  it('one whose target is a Deployment or a DaemonSet is not analysed, and fails invariants on its namespace closed', async () => {
    for (const kind of ['Deployment', 'DaemonSet']) {
      const c = load(SHOP + DB_POLICY + canary(`{ apiVersion: apps/v1, kind: ${kind}, name: db }`));
      expect(c.notAnalysed.map((n) => [n.kind, n.name, n.effect])).toEqual([['Canary', 'shop/db', { does: 'both', namespace: 'shop', unknownPods: true, refers: ['db'] }]]);
    }
    const r = await checkManifests(SHOP + DB_POLICY + canary('{ apiVersion: apps/v1, kind: Deployment, name: db }'), NEVER);
    expect(r.stderr).toMatch(/warning: Canary shop\/db \(flagger\.app\/v1beta1\) is not analysed: Flagger, as db-primary \(a copy of Deployment db, which it scales to zero between analyses, with "-primary" appended to the value of its selector label on the pods/);
    expect(r.stdout).not.toMatch(/ok\s+holds/);
    expect(r.code).toBe(1);
    // without the Canary, the policy keeps frontend out of db
    expect((await checkManifests(SHOP + DB_POLICY, NEVER)).code).toBe(0);
  });

  // its primary, named after the target (not after the Canary), is the target's pods in the cluster
  it('one named otherwise fails closed the invariants that name its target whole', async () => {
    const web = SHOP.replace('name: db, namespace: shop', 'name: db, namespace: shop') + DB_POLICY + canary('{ apiVersion: apps/v1, kind: Deployment, name: frontend }').replace('name: db, namespace: shop }\nspec:\n  targetRef', 'name: web, namespace: shop }\nspec:\n  targetRef');
    const named = 'invariants:\n  - name: frontend never reaches db\n    never: { from: { workload: shop/frontend }, to: { workload: shop/db } }\n';
    const r = await checkManifests(web, named);
    expect(r.stdout).toMatch(/Canary shop\/web: not analysed/);
    expect(r.code).toBe(1);
  });

  // factory.go: a Service target (Kubernetes' or Knative's) gets the service or Knative controller, which route to it
  // and make no pods
  it('one whose target is a Service makes no pods', async () => {
    const c = load(SHOP + DB_POLICY + canary('{ apiVersion: v1, kind: Service, name: db }'));
    expect(c.notAnalysed).toEqual([]);
    expect((await checkManifests(SHOP + DB_POLICY + canary('{ apiVersion: v1, kind: Service, name: db }'), NEVER)).code).toBe(0);
  });
});
