/**
 * Invariant verdicts a review found confidently wrong (each printed `ok
 * holds`, exit 0, while in a cluster the invariant is broken), each next
 * to the nearby case that must still hold:
 * - a `cidr` source left out the ingress controller, which serves any
 *   client address;
 * - a Gateway API route's backend whose pods are not known failed closed
 *   only where the declared ingress controller was let in, not the
 *   Gateway's proxy.
 */
import { describe, expect, it } from 'vitest';
import { checkManifests as check } from './helpers.js';

const CONTROLLER = 'ingress-controller: { namespace: ingress-nginx, labels: { app.kubernetes.io/name: ingress-nginx } }\n';

/** db behind a Service that `route` routes to from outside; db's policy admits namespace ingress-nginx. */
const ROUTED_DB = (route: string) => `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Namespace
metadata: {name: ingress-nginx}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: x, ports: [{containerPort: 8080}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: shop}
spec:
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: pg, ports: [{name: pg, containerPort: 5432}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: shop}
spec:
  selector: {app: db}
  ports: [{port: 5432, targetPort: pg}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}}]
---
${route}`;
const INGRESS_TO_DB = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: db, namespace: shop}
spec:
  ingressClassName: nginx
  rules:
  - http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: db, port: {number: 5432}}}}
`;

describe('a cidr source comes through the ingress controller too', () => {
  // An Ingress is served by a controller that takes any client's traffic and sends it on from its own pods
  // (kubernetes.io/docs/concepts/services-networking/ingress/: "Ingress exposes HTTP and HTTPS routes from outside
  // the cluster to services within the cluster"); db's policy lets the controller in, so any outside range reaches db.
  const NEVER = `${CONTROLLER}invariants:\n  - name: nothing from 203.0.113.0/24 reaches db\n    never: { from: { cidr: 203.0.113.0/24 }, to: { namespace: shop, labels: { app: db } } }\n`;

  it('never from a cidr is violated by the controller where an Ingress routes to db', async () => {
    const r = await check(ROUTED_DB(INGRESS_TO_DB), NEVER);
    expect(r.stdout).toMatch(/FAIL violated: nothing from 203\.0\.113\.0\/24 reaches db/);
    expect(r.stdout).toMatch(/\{ingress-controller\}.*=> shop\/db\[Deployment\]/);
    expect(r.code).toBe(1);
  });

  it('without a route to db it holds', async () => {
    const r = await check(ROUTED_DB(''), NEVER);
    expect(r.stdout).toMatch(/ok\s+holds: nothing from 203\.0\.113\.0\/24 reaches db/);
    expect(r.code).toBe(0);
  });

  it('only with the cidr as the mapping of from: the controller reaches db, outside the list', async () => {
    const only = `${CONTROLLER}invariants:\n  - name: from outside, only web\n    only: { from: { cidr: 0.0.0.0/0 }, to: [ { workload: shop/web } ] }\n`;
    const r = await check(ROUTED_DB(INGRESS_TO_DB), only);
    expect(r.stdout).toMatch(/FAIL violated: from outside, only web/);
    expect(r.stdout).toMatch(/\{ingress-controller\}.*=> shop\/db\[Deployment\]/);
    expect(r.code).toBe(1);
    // without the route the controller is no witness; a new pod in a namespace nobody has made, which no policy isolates, is
    const without = await check(ROUTED_DB(''), only);
    expect(without.stdout).not.toMatch(/\{ingress-controller\}/);
    expect(without.stdout).toMatch(/=> entire-cluster/);
  });

  it('only with a cidr in the list of from: the controller is not that range alone', async () => {
    const only = `${CONTROLLER}invariants:\n  - name: only the office reaches db\n    only: { to: { workload: shop/db }, from: [ { cidr: 198.51.100.0/24 } ] }\n`;
    const r = await check(ROUTED_DB(INGRESS_TO_DB), only);
    expect(r.stdout).toMatch(/FAIL violated: only the office reaches db/);
    expect(r.code).toBe(1);
    // without the route the controller is no witness; a new pod of namespace ingress-nginx, which db's policy admits, is
    const without = await check(ROUTED_DB(''), only);
    expect(without.stdout).not.toMatch(/\{ingress-controller\} =>/);
    // the controller the config declares still runs, outside the analysis: its pods are outside the list
    expect(without.stdout).toMatch(/no Ingress or Route of the manifests leads through it/);
    expect(without.stdout).toMatch(/FAIL violated: only the office reaches db[^\n]*\n +ingress-nginx\/\[all pods\] => shop\/db\[Deployment\]/);
  });
});

/** db admits namespace gw, where the Gateway's proxy may run, not the declared controller's; an HTTPRoute of Gateway gw/public routes to Service legacy. */
const GATEWAY_DB = (selector: string) => `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Namespace
metadata: {name: ingress-nginx}
---
apiVersion: v1
kind: Namespace
metadata: {name: gw}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: shop}
spec:
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: db, image: db, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: legacy, namespace: shop}
spec:
${selector}  ports: [{port: 8080}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: legacy, namespace: shop}
spec:
  parentRefs: [{name: public, namespace: gw}]
  rules:
  - backendRefs: [{name: legacy, port: 8080}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: gw}}}]
`;
const NEVER_INTERNET_DB = `${CONTROLLER}invariants:\n  - name: the internet never reaches db\n    never: { from: internet, to: { workload: shop/db } }\n`;

describe("a Gateway route's backend whose pods are not known: the Gateway's proxy, not the declared controller, carries it", () => {
  // A Service without selector has its endpoints set by hand, to any pod's address (core/v1 ServiceSpec.selector:
  // "If empty or not present, the service is assumed to have an external process managing its endpoints"); an
  // HTTPRoute is carried by its Gateway's data plane, which the implementation runs (gateway-api.sigs.k8s.io/concepts/api-overview/).
  it('a selector-less backend fails closed on db, whose policies admit the Gateway namespace but not the controller', async () => {
    const r = await check(GATEWAY_DB(''), NEVER_INTERNET_DB);
    expect(r.stdout).toMatch(/FAIL violated: the internet never reaches db/);
    expect(r.stdout).toMatch(/HTTPRoute shop\/legacy \(to Service shop\/legacy.*whose proxy runs where its implementation puts it/s);
    expect(r.code).toBe(1);
  });

  it('the route to a Service that picks db fails closed alike, as before', async () => {
    const r = await check(GATEWAY_DB('  selector: {app: db}\n'), NEVER_INTERNET_DB);
    expect(r.stdout).toMatch(/FAIL violated: the internet never reaches db/);
    expect(r.code).toBe(1);
  });
});
