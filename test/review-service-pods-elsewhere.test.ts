/**
 * A Service whose selector picks no pod of the manifests (nor of the
 * config's outside.workloads) forwards to pods made elsewhere, by a chart or
 * an operator the repository does not hold: a Service "targets a set of
 * Pods ... determined by a selector" of its own namespace
 * (https://kubernetes.io/docs/concepts/services-networking/service/), and
 * those pods may be any of that namespace with the selector's labels. Traffic
 * from outside that an Ingress, or a LoadBalancer, NodePort or externalIPs
 * Service, sends there goes where the analysis cannot follow, as it does to a
 * Service the manifests do not hold: adding the Service must not make an
 * invariant hold that failed closed without it.
 */
import { describe, expect, it } from 'vitest';
import { checkManifests as check } from './helpers.js';

const API = `apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: data}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: c, image: x, ports: [{containerPort: 8080}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: data}
spec:
  podSelector: {matchLabels: {app: api}}
  policyTypes: [Ingress]
`;

const ADMIN_SERVICE = (type: string) => `---
apiVersion: v1
kind: Service
metadata: {name: admin, namespace: data}
spec:
  type: ${type}
  selector: {app: admin-ui}
  ports: [{port: 80, targetPort: 8080}]
`;

const INGRESS = `---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: admin, namespace: data}
spec:
  rules:
  - http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: admin, port: {number: 80}}}}
`;

const NEVER = 'invariants:\n  - name: internet never reaches data\n    never: { from: internet, to: { namespace: data } }\n';
const ADMIN_UI_OUTSIDE = `outside:
  workloads:
    - {namespace: data, name: admin-ui, labels: {app: admin-ui}, ports: [8080]}
`;

describe('a Service whose selector picks no pod of the manifests', () => {
  it('without the Service, the Ingress fails the invariant closed', async () => {
    const r = await check(API + INGRESS, NEVER);
    expect(r.stdout).toMatch(/FAIL violated: internet never reaches data/);
    expect(r.stdout).toContain('which the manifests do not hold');
  });

  it('an Ingress to it fails the invariant closed too, warned (RD007)', async () => {
    const r = await check(API + ADMIN_SERVICE('ClusterIP') + INGRESS, NEVER);
    expect(r.stdout).toMatch(/FAIL violated: internet never reaches data/);
    expect(r.stdout).toContain('Ingress data/admin (to Service data/admin, whose selector picks no pod of the manifests');
    expect(r.stderr).toMatch(/routes to Service data\/admin, whose selector picks no pod of the manifests.*\[RD007\]/);
    expect(r.code).toBe(1);
  });

  it('a LoadBalancer without Ingress fails it closed, warned (RD007)', async () => {
    const r = await check(API + ADMIN_SERVICE('LoadBalancer'), NEVER);
    expect(r.stdout).toMatch(/FAIL violated: internet never reaches data/);
    expect(r.stdout).toContain('Service data/admin (LoadBalancer, whose selector picks no pod of the manifests');
    expect(r.stderr).toMatch(/Service data\/admin \(LoadBalancer\) takes traffic from outside the cluster.*\[RD007\]/);
    expect(r.code).toBe(1);
  });

  it('a NodePort with externalTrafficPolicy Local too: the pods it keeps the address for are not known', async () => {
    const r = await check(API + ADMIN_SERVICE('NodePort').replace('  type: NodePort\n', '  type: NodePort\n  externalTrafficPolicy: Local\n'), NEVER);
    expect(r.stdout).toMatch(/FAIL violated: internet never reaches data/);
    expect(r.stdout).toContain('Service data/admin (NodePort, whose selector picks no pod of the manifests');
  });

  it('a ClusterIP Service without Ingress takes nothing from outside: it holds, without warning', async () => {
    const r = await check(API + ADMIN_SERVICE('ClusterIP'), NEVER);
    expect(r.stdout).toMatch(/ok\s+holds: internet never reaches data/);
    expect(r.stderr).not.toContain('RD007');
    expect(r.code).toBe(0);
  });

  it('only workloads of its namespace go untried', async () => {
    const r = await check(API + ADMIN_SERVICE('LoadBalancer').replaceAll('namespace: data', 'namespace: web'), NEVER);
    expect(r.stdout).toMatch(/ok\s+holds: internet never reaches data/);
  });

  it("where the config declares its pods under outside.workloads, they are analysed: the path is a witness of its own", async () => {
    for (const manifests of [API + ADMIN_SERVICE('ClusterIP') + INGRESS, API + ADMIN_SERVICE('LoadBalancer')]) {
      const r = await check(manifests, NEVER + ADMIN_UI_OUTSIDE);
      expect(r.stdout).toMatch(/FAIL violated: internet never reaches data/);
      expect(r.stdout).toMatch(/=> data\/admin-ui\[Deployment\]/);
      expect(r.stdout).not.toContain('picks no pod');
      expect(r.stderr).not.toContain('picks no pod');
    }
  });
});
