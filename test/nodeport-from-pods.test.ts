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

  // kube-proxy takes a load balancer's address on every node (its KUBE-EXT chains), node port or not
  it('so do a LoadBalancer, with or without a node port, and external IPs', async () => {
    for (const spec of [', type: LoadBalancer', ', type: LoadBalancer, allocateLoadBalancerNodePorts: false', ', externalIPs: [203.0.113.7]']) {
      const r = await checkManifests(APPS + DENY + service(spec), NEVER);
      expect(r.stdout, spec).not.toMatch(/ok\s+holds/);
    }
  });

  // kubernetes.io/docs/concepts/workloads/controllers/statefulset, "Pod Name Label": it attaches a Service to one pod
  it("a Service that picks its pods by a label their controller sets is taken to pick them", async () => {
    const sts = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: { name: db, namespace: shop }\nspec:\n  serviceName: db\n  selector: { matchLabels: { app: db } }\n  template:\n    metadata: { labels: { app: db } }\n    spec: { containers: [{ name: c, image: x, ports: [{ containerPort: 5432 }] }] }\n---\n';
    const one = 'apiVersion: v1\nkind: Service\nmetadata: { name: db-0-debug, namespace: shop }\nspec: { type: NodePort, selector: { statefulset.kubernetes.io/pod-name: db-0 }, ports: [{ port: 5432, targetPort: 5432 }] }\n---\n';
    const r = await checkManifests(namespace('shop') + deployment('shop', 'frontend', { app: 'frontend' }) + sts + DENY + one, NEVER);
    expect(r.stdout).not.toMatch(/ok\s+holds/);
    expect(r.stdout).toMatch(/Service shop\/db-0-debug \(NodePort, externalTrafficPolicy: Cluster\)/);
  });

  // kubernetes.io/docs/concepts/services-networking/service, "Services without selectors": its EndpointSlices are
  // written by hand and may hold any pod's address, on any port
  it('a NodePort or LoadBalancer Service without selector may forward to the database: the invariant fails closed', async () => {
    const selectorless = (spec: string) => `apiVersion: v1\nkind: Service\nmetadata: { name: tunnel, namespace: edge }\nspec: { ports: [{ port: 7000 }]${spec} }\n---\n`;
    for (const spec of [', type: NodePort', ', type: LoadBalancer', ', externalIPs: [203.0.113.7]']) {
      const r = await checkManifests(APPS + namespace('edge') + DENY + selectorless(spec), NEVER);
      expect(r.stdout, spec).toMatch(/Service edge\/tunnel \((NodePort|LoadBalancer|ClusterIP with external IPs), externalTrafficPolicy: Cluster\) takes All Connections for it on every node \(it has no selector: its endpoints are set outside the manifests, by an EndpointSlice that may hold this workload's pods' addresses\), and shop\/frontend\[Deployment\] may send to addresses outside the pod network/);
      expect(r.stdout, spec).not.toMatch(/ok\s+holds/);
      expect(r.code, spec).toBe(1);
    }
    // with externalTrafficPolicy Local the client's address is kept, and db's policy decides
    const local = await checkManifests(APPS + namespace('edge') + DENY + selectorless(', type: NodePort, externalTrafficPolicy: Local'), NEVER);
    expect(local.stdout).toMatch(/ok\s+holds/);
    // and a ClusterIP Service without selector is not reached through a node
    const clusterIp = await checkManifests(APPS + namespace('edge') + DENY + selectorless(''), NEVER);
    expect(clusterIp.stdout).toMatch(/ok\s+holds/);
  });

  it('not where the source may send nothing outside the pod network, nor with externalTrafficPolicy Local, nor through a ClusterIP', async () => {
    const noEgressOut = policy('shop', 'frontend-egress', {
      podSelector: { matchLabels: { app: 'frontend' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ namespaceSelector: {} }] }],
    });
    // a node port is one of 30000-32767 (kubernetes.io/docs/concepts/services-networking/service, "type: NodePort")
    const only443 = policy('shop', 'frontend-egress', { podSelector: { matchLabels: { app: 'frontend' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 443 }] }] });
    for (const [manifests, why] of [
      [APPS + DENY + noEgressOut + service(', type: NodePort'), 'egress to pods only'],
      [APPS + DENY + only443 + service(', type: NodePort'), 'egress on 443 only'],
      [APPS + DENY + service(', type: NodePort, externalTrafficPolicy: Local'), 'Local'],
      [APPS + DENY + service(''), 'ClusterIP'],
    ] as const) {
      const r = await checkManifests(manifests, NEVER);
      expect(r.stdout, why).toMatch(/ok\s+holds/);
      expect(r.code, why).toBe(0);
    }
  });
});
