/**
 * A pod that may send to addresses outside the pod network reaches a
 * workload behind a NodePort or LoadBalancer Service (or one with external
 * IPs) through a node: with externalTrafficPolicy Cluster kube-proxy gives
 * that traffic the node's address (kubernetes.io/docs/tutorials/services/source-ip,
 * "Source IP for Services with Type=NodePort"), and traffic from a pod's own
 * node is always allowed (kubernetes.io/docs/concepts/services-networking/network-policies).
 * A never invariant the destination's policies alone seem to keep fails
 * closed there.
 */
import { describe, expect, it } from 'vitest';
import { checkManifests, deployment, namespace, policy } from './helpers.js';

const APPS = namespace('shop') + deployment('shop', 'frontend', { app: 'frontend' }) + deployment('shop', 'db', { app: 'db' }, [{ name: 'pg', port: 5432 }]);
const DENY = policy('shop', 'default-deny', { podSelector: {}, policyTypes: ['Ingress'] });
const NEVER = 'invariants:\n  - name: frontend never reaches db\n    never: { from: { namespace: shop, labels: { app: frontend } }, to: { namespace: shop, labels: { app: db } } }\n';
const service = (spec: string) => `apiVersion: v1\nkind: Service\nmetadata: { name: db-admin, namespace: shop }\nspec: { selector: { app: db }, ports: [{ port: 5432, targetPort: 5432 }]${spec} }\n---\n`;

describe('node ports and external IPs reached from pods', () => {
  it('a NodePort Service in front of the database fails the invariant closed', async () => {
    const r = await checkManifests(APPS + DENY + service(', type: NodePort'), NEVER);
    expect(r.stdout).toMatch(/Service shop\/db-admin \(NodePort, externalTrafficPolicy: Cluster\) takes TCP 5432 for it on every node, and shop\/frontend\[Deployment\] may send to addresses outside the pod network/);
    expect(r.stdout).not.toMatch(/ok\s+holds/);
    expect(r.code).toBe(1);
  });

  it('so do a LoadBalancer and external IPs', async () => {
    for (const spec of [', type: LoadBalancer', ', externalIPs: [203.0.113.7]']) {
      const r = await checkManifests(APPS + DENY + service(spec), NEVER);
      expect(r.stdout, spec).not.toMatch(/ok\s+holds/);
    }
  });

  it('not where the source may send nothing outside the pod network, nor with externalTrafficPolicy Local, nor through a ClusterIP', async () => {
    const noEgressOut = policy('shop', 'frontend-egress', {
      podSelector: { matchLabels: { app: 'frontend' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ namespaceSelector: {} }] }],
    });
    for (const [manifests, why] of [
      [APPS + DENY + noEgressOut + service(', type: NodePort'), 'egress to pods only'],
      [APPS + DENY + service(', type: NodePort, externalTrafficPolicy: Local'), 'Local'],
      [APPS + DENY + service(''), 'ClusterIP'],
    ] as const) {
      const r = await checkManifests(manifests, NEVER);
      expect(r.stdout, why).toMatch(/ok\s+holds/);
      expect(r.code, why).toBe(0);
    }
  });
});
