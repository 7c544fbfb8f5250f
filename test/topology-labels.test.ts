/**
 * The node's zone and region on pods: since Kubernetes 1.35 the API
 * server's PodTopologyLabels admission plugin (feature gate
 * PodTopologyLabelsAdmission, beta and on by default: kubernetes
 * pkg/features/kube_features.go) copies topology.kubernetes.io/zone and
 * topology.kubernetes.io/region from the node onto every pod bound to it
 * (plugin/pkg/admission/podtopologylabels/admission.go; KEP-4742,
 * keps/sig-node/4742-node-topology-downward-api). Pod templates do not
 * show them, so selectors on them are treated as selectors on the labels
 * controllers set: not modelled, and refused in invariants.
 */
import { describe, expect, it } from 'vitest';
import { checkManifests, deployment, namespace, policy } from './helpers.js';

const SHOP = namespace('shop') + deployment('shop', 'frontend', { app: 'frontend' }) + deployment('shop', 'db', { app: 'db' }, [{ port: 5432 }]);
const NEVER = 'invariants:\n  - name: frontend never reaches db\n    never: { from: { namespace: shop, labels: { app: frontend } }, to: { namespace: shop, labels: { app: db } } }\n';

describe('labels the API server copies from the node onto pods', () => {
  for (const key of ['topology.kubernetes.io/zone', 'topology.kubernetes.io/region']) {
    it(`a peer selector on ${key} may match any pod scheduled there: a never invariant fails closed`, async () => {
      const byZone = policy('shop', 'db', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchExpressions: [{ key, operator: 'In', values: ['eu-west-1a'] }] } }] }] });
      const r = await checkManifests(SHOP + byZone, NEVER);
      expect(r.stderr).toMatch(new RegExp(`reads "${key.replace(/\./g, '\\.')}", a label that the API server may set on pods and pod templates do not show; which pods it matches is not modelled`));
      expect(r.stdout).toMatch(new RegExp(`is shown closed.*reads ${key.replace(/\./g, '\\.')}, which the API server may set on pods`));
      expect(r.code).toBe(1);
    });
  }

  it('an invariant selecting pods by the zone is refused: the manifests never show it', async () => {
    const byZone = 'invariants:\n  - name: zone a never reaches db\n    never: { from: { namespace: shop, labels: { topology.kubernetes.io/zone: eu-west-1a } }, to: { namespace: shop, labels: { app: db } } }\n';
    const r = await checkManifests(SHOP, byZone);
    expect(r.stderr).toMatch(/reads "topology\.kubernetes\.io\/zone", a label that the API server copies from the node onto the pods bound to it/);
    expect(r.code).toBe(2);
  });
});
