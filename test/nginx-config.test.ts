/**
 * ingress-nginx's ConfigMap: keys that send what the controller takes
 * elsewhere than the backends its Ingresses name
 * (kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/).
 */
import { describe, expect, it } from 'vitest';
import { checkManifests, deployment, matrixOf, namespace, policy } from './helpers.js';

const WEB = namespace('shop') + deployment('shop', 'web', { app: 'web' }, [{ name: 'http', port: 8080 }]) + deployment('shop', 'db', { app: 'db' }, [{ name: 'http', port: 8080 }]);

const SERVICES = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: shop}
spec:
  selector: {app: db}
  ports: [{port: 8080, targetPort: http}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  ingressClassName: nginx
  rules:
    - http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
---
`;

// the controller's namespace may send to every pod of shop: db is kept from the internet only by not being routed to
const FROM_CONTROLLER = policy('shop', 'from-ingress', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }] }] });

const CONFIG = 'ingress-controller: {namespace: ingress-nginx, labels: {app.kubernetes.io/name: ingress-nginx}}\ninvariants:\n  - name: no internet to db\n    never: { from: internet, to: { workload: shop/db } }\n';

function controllerConfig(data: string, name = 'ingress-nginx-controller'): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: ingress-nginx}\ndata:\n  allow-snippet-annotations: "false"\n${data}---\n`;
}

const BASE = namespace('ingress-nginx') + WEB + SERVICES + FROM_CONTROLLER;

describe("ingress-nginx's ConfigMap", () => {
  // configmap/#global-auth-url: "A url to an existing service that provides authentication for all the locations. Similar
  // to the Ingress rule annotation nginx.ingress.kubernetes.io/auth-url": the controller sends a subrequest there for each
  // request of every location, as it does for the annotation (annotations/#external-authentication)
  it('a global-auth-url is not analysed (RD011), as the auth-url annotation is: invariants on traffic from the internet fail closed', async () => {
    expect((await checkManifests(BASE + controllerConfig(''), CONFIG)).code).toBe(0);
    const r = await checkManifests(BASE + controllerConfig('  global-auth-url: "http://db.shop.svc.cluster.local:8080/anything"\n'), CONFIG);
    expect(r.stderr).toMatch(/ConfigMap ingress-nginx\/ingress-nginx-controller is not analysed: ingress-nginx sends a request for each request of every location it serves to the URL of its global-auth-url.*\[RD011\]/);
    expect(r.stdout).not.toMatch(/ok\s+holds/);
    expect(r.code).toBe(1);
  });

  it('a global-auth-url makes a ConfigMap of any name the controller\'s, and an empty one sends nothing', async () => {
    const sends = matrixOf(BASE + controllerConfig('  global-auth-url: "http://auth.sso.svc/verify"\n', 'edge-config')).cluster.notAnalysed;
    expect(sends).toEqual([expect.objectContaining({ kind: 'ConfigMap', name: 'ingress-nginx/edge-config', routesFromOutside: true })]);
    expect((await checkManifests(BASE + controllerConfig('  global-auth-url: ""\n'), CONFIG)).code).toBe(0);
  });
});
