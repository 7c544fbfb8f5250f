/**
 * Routes from outside the cluster that a review found dropped in silence:
 * a Gateway API backend that is not a Service, an Ingress resource
 * backend, and ingress-nginx's default-backend annotation. Each now either
 * routes (the annotation names a Service) or fails an internet invariant
 * closed, said where it stands.
 */
import { describe, expect, it } from 'vitest';
import { checkManifests as check } from './helpers.js';

const NS = 'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n---\n';
const deployment = (app: string, port: number) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: ${app}, namespace: shop }\nspec:\n  selector: { matchLabels: { app: ${app} } }\n  template:\n    metadata: { labels: { app: ${app} } }\n    spec: { containers: [ { name: c, image: i, ports: [ { name: main, containerPort: ${port} } ] } ] }\n---\n`;
const service = (app: string, port: number) => `apiVersion: v1\nkind: Service\nmetadata: { name: ${app}, namespace: shop }\nspec:\n  selector: { app: ${app} }\n  ports: [ { port: ${port}, targetPort: ${port} } ]\n---\n`;
/** db admits every namespace's pods: the ingress controller's among them. */
const DB_FROM_CLUSTER =
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: db, namespace: shop }\nspec:\n  podSelector: { matchLabels: { app: db } }\n  ingress: [ { from: [ { namespaceSelector: {} } ], ports: [ { port: 5432 } ] } ]\n---\n';
const SHOP = NS + deployment('web', 8080) + deployment('db', 5432) + service('web', 8080) + service('db', 5432) + DB_FROM_CLUSTER;
const CONFIG =
  'ingress-controller: { namespace: ingress-nginx, labels: { app.kubernetes.io/name: ingress-nginx } }\ninvariants:\n  - name: the internet never reaches db\n    never: { from: internet, to: { workload: shop/db } }\n';
const ingress = (annotations: string, backend: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: { name: web, namespace: shop${annotations} }\nspec:\n  rules:\n  - http:\n      paths:\n      - { path: /, pathType: Prefix, backend: ${backend} }\n---\n`;
const TO_WEB = '{ service: { name: web, port: { number: 8080 } } }';

describe('routes from outside the cluster', () => {
  it('an Ingress to web alone keeps the internet from db', async () => {
    expect((await check(SHOP + ingress('', TO_WEB), CONFIG)).code).toBe(0);
  });

  it("ingress-nginx's default-backend annotation routes to its Service", async () => {
    // kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#default-backend
    const r = await check(SHOP + ingress(', annotations: { nginx.ingress.kubernetes.io/default-backend: db, nginx.ingress.kubernetes.io/custom-http-errors: "404,503" }', TO_WEB), CONFIG);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/the internet never reaches db/);
    // another controller's Ingress ignores it
    const traefik = ingress(', annotations: { nginx.ingress.kubernetes.io/default-backend: db }', TO_WEB).replace('spec:\n', 'spec:\n  ingressClassName: traefik\n');
    expect((await check(SHOP + traefik, CONFIG)).code).toBe(0);
    // a class of another name may be ingress-nginx's (an IngressClass public of controller k8s.io/ingress-nginx)
    expect((await check(SHOP + traefik.replace('ingressClassName: traefik', 'ingressClassName: public'), CONFIG)).code).toBe(1);
  });

  it('a Gateway API backend that is not a Service fails an internet invariant closed', async () => {
    // gateway-api.sigs.k8s.io/reference/spec/#backendobjectreference: group and kind name other backends (Envoy Gateway's Backend)
    const gateway =
      'apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: { name: gw, namespace: shop }\nspec:\n  gatewayClassName: eg\n  listeners: [ { name: http, port: 80, protocol: HTTP } ]\n---\n';
    const route = (backend: string) =>
      `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: { name: web, namespace: shop }\nspec:\n  parentRefs: [ { name: gw } ]\n  rules: [ { backendRefs: [ ${backend} ] } ]\n---\n`;
    expect((await check(SHOP + gateway + route('{ name: web, port: 8080 }'), CONFIG)).code).toBe(0);
    const r = await check(SHOP + gateway + route('{ group: gateway.envoyproxy.io, kind: Backend, name: db-fqdn }'), CONFIG);
    expect(r.stderr).toMatch(/HTTPRoute shop\/web routes to Backend of gateway.envoyproxy.io shop\/db-fqdn, not a Service: where it leads is not modelled/);
    expect(r.stdout).toMatch(/HTTPRoute shop\/web \(to Backend of gateway.envoyproxy.io shop\/db-fqdn, not a Service\)/);
    expect(r.code).toBe(1);
  });

  it('an Ingress resource backend fails it closed too', async () => {
    const r = await check(SHOP + ingress('', '{ resource: { apiGroup: k8s.example.com, kind: StorageBucket, name: assets } }'), CONFIG);
    expect(r.stderr).toMatch(/Ingress shop\/web routes to StorageBucket of k8s.example.com shop\/assets, not a Service/);
    expect(r.code).toBe(1);
  });
});

describe("ingress-nginx's TCP and UDP services", () => {
  // kubernetes.github.io/ingress-nginx/user-guide/exposing-tcp-udp-services/: PORT: NAMESPACE/SERVICE:PORT
  it('a ConfigMap of them is a route from outside that is not modelled: internet invariants fail closed', async () => {
    const tcp = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: tcp-services, namespace: ingress-nginx }\ndata:\n  "5432": "shop/db:5432"\n---\n';
    const r = await check(SHOP + ingress('', TO_WEB) + tcp, CONFIG);
    expect(r.stderr).toMatch(/ConfigMap ingress-nginx\/tcp-services \(v1\) is not analysed: its entries \(PORT: NAMESPACE\/SERVICE:PORT\) are TCP or UDP services ingress-nginx exposes/);
    expect(r.code).toBe(1);
    // a ConfigMap of other data is no route
    const other = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings, namespace: shop }\ndata:\n  "5432": "postgres"\n---\n';
    expect((await check(SHOP + ingress('', TO_WEB) + other, CONFIG)).code).toBe(0);
  });
});
