/**
 * Gateway API routes attached to a Service (GEP-1426 mesh routing): they
 * apply to the requests the mesh's clients send to that Service
 * (gateway-api.sigs.k8s.io/mesh/; istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/,
 * "Mesh Traffic": "configuring the parentRef to point to a service, instead
 * of a gateway"), an ingress controller in the mesh among them.
 */
import { describe, expect, it } from 'vitest';
import { checkManifests, deployment, matrixOf, namespace, policy } from './helpers.js';

const APPS =
  namespace('shop', { 'istio-injection': 'enabled' }) +
  namespace('ingress-nginx', { 'istio-injection': 'enabled' }) +
  deployment('shop', 'db', { app: 'db' }, [{ name: 'http', port: 8080 }]) +
  deployment('shop', 'web', { app: 'web' }, [{ name: 'http', port: 8080 }]) +
  `apiVersion: v1
kind: Service
metadata: {name: db, namespace: shop}
spec:
  selector: {app: db}
  ports: [{port: 8080, targetPort: http}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop, annotations: {nginx.ingress.kubernetes.io/service-upstream: "true"}}
spec:
  ingressClassName: nginx
  rules:
    - http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
---
` +
  policy('shop', 'internal-only', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }] }] });

function meshRoute(backends: string, parent = '{group: "", kind: Service, name: web, port: 80}'): string {
  return `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web-to-db, namespace: shop}
spec:
  parentRefs: [${parent}]
  rules:
    - backendRefs: [${backends}]
---
`;
}

const CONFIG = 'ingress-controller: {namespace: ingress-nginx, labels: {app.kubernetes.io/name: ingress-nginx}}\ninvariants:\n  - name: no internet to db\n    never: { from: internet, to: { workload: shop/db } }\n';

describe('a mesh route attached to a Service an ingress object routes to', () => {
  it('fails invariants on traffic from the internet closed on the workloads it may lead to, with a warning (RD007), where it sends elsewhere', async () => {
    expect((await checkManifests(APPS, CONFIG)).code).toBe(0);
    const r = await checkManifests(APPS + meshRoute('{name: db, port: 8080}'), CONFIG);
    expect(r.stderr).toMatch(/Ingress shop\/web routes to Service shop\/web, to which HTTPRoute shop\/web-to-db is attached \(mesh routing\): where the ingress controller is in the mesh .*follow HTTPRoute shop\/web-to-db to Service shop\/db, which is not modelled \[RD007\]/);
    expect(r.stdout).toMatch(/HTTPRoute shop\/web-to-db attached to Service shop\/web/);
    expect(r.stdout).not.toMatch(/ok\s+holds/);
    expect(r.code).toBe(1);
  });

  it('one whose backends are the Service itself, on the port it takes, leads nowhere else', async () => {
    for (const [backends, parent] of [
      ['{name: web, port: 80}', undefined],
      ['{name: web, port: 80}', '{group: "", kind: Service, name: web}'],
    ] as const) {
      const r = await checkManifests(APPS + meshRoute(backends, parent), CONFIG);
      expect(r.code, `${backends} ${parent}`).toBe(0);
      expect(r.stderr).not.toMatch(/mesh routing/);
    }
  });

  it('the doubt keeps to the namespaces of its backends, and a route attached to a Service alone is no way in', () => {
    const m = matrixOf(APPS + meshRoute('{name: db, port: 8080}'));
    expect(m.unresolvedBackends).toEqual([expect.objectContaining({ object: 'Ingress shop/web', target: 'HTTPRoute shop/web-to-db attached to Service shop/web', namespace: 'shop' })]);
    // a route attached to a Service alone carries nothing from outside
    expect(matrixOf(meshRoute('{name: db, port: 8080}') + APPS.replace(/apiVersion: networking\.k8s\.io\/v1\nkind: Ingress[\s\S]*?---\n/, '')).unresolvedBackends).toEqual([]);
  });
});
