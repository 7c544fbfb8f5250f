/**
 * Traffic from outside the cluster: Ingress (networking.k8s.io/v1,
 * kubernetes.io/docs/concepts/services-networking/ingress), OpenShift Route
 * (route.openshift.io/v1, docs.openshift.com "Route configuration"), Gateway
 * API routes (gateway-api.sigs.k8s.io, "HTTPRoute", "ReferenceGrant"), and
 * Services of type LoadBalancer and NodePort
 * (kubernetes.io/docs/concepts/services-networking/service).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffMatrices } from '../src/change/diff.js';
import { explainChange } from '../src/change/explain.js';
import { exposure } from '../src/engine/exposure.js';
import type { Schema } from '../src/report/jsonschema.js';
import { validate } from '../src/report/jsonschema.js';
import { exposureMarkdown, exposureText } from '../src/render/exposure.js';
import { markdownCell } from '../src/render/markdown.js';
import { diffOutside } from '../src/change/outside.js';
import { outsidePaths } from '../src/engine/outside.js';
import { renderListChunks } from '../src/render/connlist.js';
import { checkManifests, cli, conn, deployment, diffManifests, listLines, matrixOf, namespace, policy, REPO } from './helpers.js';

const WEB = namespace('shop') + deployment('shop', 'web', { app: 'web' }, [{ name: 'http', port: 8080 }, { name: 'admin', port: 9090 }]);

function service(name: string, ports: string, extra = ''): string {
  return `apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {app: web}
  ports: ${ports}
${extra}---
`;
}

function ingress(name: string, backend: string): string {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ${name}, namespace: shop}
spec:
  rules:
    - http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: ${backend}}
---
`;
}

const SVC = service('web', '[{name: http, port: 80, targetPort: http}, {name: admin, port: 9090, targetPort: 9090}]');

function httpRoute(kind: string, parent: string, refs: string, ns = 'shop'): string {
  return `apiVersion: gateway.networking.k8s.io/v1
kind: ${kind}
metadata: {name: r, namespace: ${ns}}
spec:
  parentRefs: [${parent}]
  rules:
    - backendRefs: [${refs}]
---
`;
}

describe('ingress objects route traffic from the ingress controller', () => {
  it("an Ingress backend names its Service's port by number: the pods' target port is reached", () => {
    const m = matrixOf(WEB + SVC + ingress('web', '{name: web, port: {number: 9090}}'));
    expect(conn(m, '{ingress-controller}', 'shop/web[Deployment]')).toBe('TCP 9090');
  });

  it('by name, and a named target port resolves on the pods', () => {
    const m = matrixOf(WEB + SVC + ingress('web', '{name: web, port: {name: http}}'));
    expect(conn(m, '{ingress-controller}', 'shop/web[Deployment]')).toBe('TCP 8080');
  });

  // a port name is unique within one container only (Pod reference: ContainerPort.name); the endpoints controller
  // takes the port of that name whose protocol is the service port's (FindPort, kubernetes pkg/api/v1/pod/util.go)
  it("a named target port is the pod's port of that name and of the service port's protocol, in whichever container", async () => {
    const twoWebs = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - {name: metrics, image: x, ports: [{name: web, containerPort: 5000, protocol: UDP}]}
        - {name: app, image: x, ports: [{name: web, containerPort: 8080, protocol: TCP}]}
---
`;
    const files = namespace('shop') + namespace('ingress-nginx') + twoWebs + service('web', '[{port: 80, targetPort: web}]') + ingress('web', '{name: web, port: {number: 80}}');
    expect(conn(matrixOf(files), '{ingress-controller}', 'shop/web[Deployment]')).toBe('TCP 8080');
    const np = policy('shop', 'web', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }] }] });
    const config = `ingress-controller: { namespace: ingress-nginx, labels: { app.kubernetes.io/name: ingress-nginx } }
invariants:
  - name: web never from the internet
    never: { from: internet, to: { workload: shop/web } }
`;
    const r = await checkManifests(files + np, config);
    expect(r.stdout).toMatch(/FAIL violated: web never from the internet/);
    expect(r.stdout).toContain('{ingress-controller} => shop/web[Deployment] : TCP 8080');
    expect(r.code).toBe(1);
  });

  it("a Route's targetPort names the pods' port; no port is every port of the Service", () => {
    const route = (port: string) => `apiVersion: route.openshift.io/v1
kind: Route
metadata: {name: web, namespace: shop}
spec:
  to: {kind: Service, name: web}
${port}---
`;
    expect(conn(matrixOf(WEB + SVC + route('  port: {targetPort: http}\n')), '{ingress-controller}', 'shop/web[Deployment]')).toBe('TCP 8080');
    expect(conn(matrixOf(WEB + SVC + route('')), '{ingress-controller}', 'shop/web[Deployment]')).toBe('TCP 8080,9090');
  });

  it('the connections are what the policies allow, on the routed ports only', () => {
    const np = policy('shop', 'web', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 8080 }] }] });
    const m = matrixOf(WEB + SVC + np + ingress('web', '{name: web, port: {number: 9090}}') + ingress('web2', '{name: web, port: {number: 80}}'));
    expect(conn(m, '{ingress-controller}', 'shop/web[Deployment]')).toBe('TCP 8080');
  });

  it('the controller matches rules by the namespace and labels the config gives', () => {
    const np = policy('shop', 'web', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } }, podSelector: { matchLabels: { app: 'nginx' } } }] }] });
    const files = WEB + SVC + np + ingress('web', '{name: web, port: {number: 80}}');
    expect(conn(matrixOf(files), '{ingress-controller}', 'shop/web[Deployment]')).toBe('No Connections');
    expect(conn(matrixOf(files, { ingressController: { namespace: 'ingress-nginx', labels: { app: 'nginx' } } }), '{ingress-controller}', 'shop/web[Deployment]')).toBe('TCP 8080');
  });

  it('a Service without selector leads to no pod the listing shows, says so, and is kept as a backend whose pods are not known', () => {
    const m = matrixOf(WEB + service('web', '[{port: 80}]').replace('  selector: {app: web}\n', '') + ingress('web', '{name: web, port: {number: 80}}'));
    // the controller stands in (whether its traffic gets in is the policies' to say), and routes to no pod the listing shows
    expect(conn(m, '{ingress-controller}', 'shop/web[Deployment]')).toBe('No Connections');
    expect(m.diagnostics.some((d) => d.message.includes('has no selector'))).toBe(true);
    expect(m.unresolvedBackends.map((b) => `${b.object} ${b.service} ${b.why}`)).toEqual(['Ingress shop/web shop/web without selector']);
  });

  it('an ExternalName Service is a DNS alias, which may name a Service of the cluster: where it leads is not modelled', () => {
    const alias = 'apiVersion: v1\nkind: Service\nmetadata: { name: web, namespace: shop }\nspec: { type: ExternalName, externalName: web.other.svc.cluster.local }\n---\n';
    const m = matrixOf(WEB + alias + ingress('web', '{name: web, port: {number: 80}}'));
    expect(m.diagnostics.some((d) => d.message.includes('an ExternalName (a DNS alias, which may name a Service of the cluster)'))).toBe(true);
    expect(m.unresolvedBackends.map((b) => b.why)).toEqual(['an ExternalName']);
  });

  it('a route to a Service the manifests do not hold is reported', () => {
    const m = matrixOf(WEB + ingress('web', '{name: missing, port: {number: 80}}'));
    expect(m.diagnostics.some((d) => d.message.includes('Service shop/missing, which the manifests do not hold'))).toBe(true);
  });

  it('an HTTPRoute attached to a Gateway sends to the service port its backendRef names; one attached to a Service (mesh routing) lets nothing in', () => {
    const gateway = '{name: gw, namespace: infra}';
    expect(conn(matrixOf(WEB + SVC + httpRoute('HTTPRoute', gateway, '{name: web, port: 80}')), '{ingress-controller}', 'shop/web[Deployment]')).toBe('TCP 8080');
    expect(matrixOf(WEB + SVC + httpRoute('HTTPRoute', '{group: "", kind: Service, name: web}', '{name: web, port: 80}')).ingressController()).toBeUndefined();
  });

  it('GRPCRoute and TCPRoute route the same way', () => {
    for (const kind of ['GRPCRoute', 'TCPRoute']) {
      const text = httpRoute(kind, '{name: gw}', '{name: web, port: 9090}').replace('gateway.networking.k8s.io/v1', kind === 'TCPRoute' ? 'gateway.networking.k8s.io/v1alpha2' : 'gateway.networking.k8s.io/v1');
      expect(conn(matrixOf(WEB + SVC + text), '{ingress-controller}', 'shop/web[Deployment]'), kind).toBe('TCP 9090');
    }
  });

  it('TLSRoute (gateway.networking.k8s.io/v1, standard channel) routes as TCPRoute does; a ListenerSet is a Gateway parent', () => {
    const tls = httpRoute('TLSRoute', '{name: gw}', '{name: web, port: 9090}');
    expect(conn(matrixOf(WEB + SVC + tls), '{ingress-controller}', 'shop/web[Deployment]')).toBe('TCP 9090');
    const viaListenerSet = httpRoute('HTTPRoute', '{group: gateway.networking.k8s.io, kind: ListenerSet, name: team}', '{name: web, port: 80}');
    expect(conn(matrixOf(WEB + SVC + viaListenerSet), '{ingress-controller}', 'shop/web[Deployment]')).toBe('TCP 8080');
  });

  it("a route attaches only where a listener of its Gateway takes it: sectionName, port, allowedRoutes namespaces and kinds (Gateway API reference: Listener, AllowedRoutes, ParentReference)", () => {
    const gw = (listeners: string) => `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw, namespace: infra}\nspec:\n  gatewayClassName: c\n  listeners: ${listeners}\n---\n`;
    const infra = namespace('infra');
    const route = (parent: string) => httpRoute('HTTPRoute', parent, '{name: web, port: 80}');
    // no route attached: no ingress controller either
    const reachedIn = (m: ReturnType<typeof matrixOf>) => (m.ingressController() === undefined ? 'No Connections' : conn(m, '{ingress-controller}', 'shop/web[Deployment]'));
    const reached = (text: string) => reachedIn(matrixOf(WEB + SVC + infra + text));
    const parent = '{name: gw, namespace: infra}';
    // allowedRoutes.namespaces.from defaults to Same: a route of shop does not attach to a Gateway of infra
    const same = matrixOf(WEB + SVC + infra + gw('[{name: http, port: 80, protocol: HTTP}]') + route(parent));
    expect(same.ingressController()).toBeUndefined();
    expect(same.diagnostics.map((d) => d.message)).toContainEqual('HTTPRoute shop/r attaches to no Gateway listener (no listener of Gateway infra/gw allows HTTPRoutes from namespace shop): it carries no traffic from outside');
    expect(reached(gw('[{name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}]') + route(parent))).toBe('TCP 8080');
    // a selector of the route's namespace labels
    const selected = gw('[{name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: Selector, selector: {matchLabels: {expose: "yes"}}}}}]');
    expect(reached(selected + route(parent))).toBe('No Connections');
    expect(reachedIn(matrixOf(WEB.replace(namespace('shop'), namespace('shop', { expose: 'yes' })) + SVC + infra + selected + route(parent)))).toBe('TCP 8080');
    // kinds listed are all a listener takes
    const tcpOnly = gw('[{name: tcp, port: 80, protocol: TCP, allowedRoutes: {namespaces: {from: All}, kinds: [{kind: TCPRoute}]}}]');
    expect(reached(tcpOnly + route(parent))).toBe('No Connections');
    // none listed: those of the listener's protocol (spec, AllowedRoutes.kinds: "When unspecified or empty, the kinds of
    // Routes selected are determined using the Listener protocol"; conformance: tlsroute-invalid-no-matching-listener,
    // tcproute-invalid-non-tcp-listener); a protocol of an implementation's own takes any
    const kindRoute = (kind: string) => httpRoute(kind, parent, '{name: web, port: 80}').replace('gateway.networking.k8s.io/v1\n', kind === 'HTTPRoute' || kind === 'GRPCRoute' ? 'gateway.networking.k8s.io/v1\n' : 'gateway.networking.k8s.io/v1alpha2\n');
    const onProtocol = (protocol: string) => gw(`[{name: l, port: 80, protocol: ${protocol}, allowedRoutes: {namespaces: {from: All}}}]`);
    const taken = (protocol: string) => ['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute'].filter((k) => reached(onProtocol(protocol) + kindRoute(k)) === 'TCP 8080');
    expect(taken('HTTP')).toEqual(['HTTPRoute', 'GRPCRoute']);
    expect(taken('HTTPS')).toEqual(['HTTPRoute', 'GRPCRoute']);
    expect(taken('TLS')).toEqual(['TLSRoute', 'TCPRoute']);
    expect(taken('TCP')).toEqual(['TCPRoute']);
    expect(taken('example.com/proxy')).toEqual(['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute']);
    expect(matrixOf(WEB + SVC + infra + onProtocol('HTTP') + kindRoute('TCPRoute')).diagnostics.map((d) => d.message)).toContainEqual(
      'TCPRoute shop/r attaches to no Gateway listener (no listener of Gateway infra/gw allows TCPRoutes from namespace shop): it carries no traffic from outside',
    );
    // a listener's hostname and the route's must intersect (spec, HTTPRouteSpec.hostnames: "If both the Listener and
    // HTTPRoute have specified hostnames, and none match with the criteria above, then the HTTPRoute is not accepted";
    // Listener.hostname: *.example.com matches test.example.com and foo.test.example.com, not example.com; conformance:
    // httproute-hostname-intersection)
    const onHost = (hostname: string) => gw(`[{name: l, port: 80, protocol: HTTP, hostname: "${hostname}", allowedRoutes: {namespaces: {from: All}}}]`);
    const withHosts = (hosts: string) => route(parent).replace('spec:\n', `spec:\n  hostnames: ${hosts}\n`);
    const hostCases: Array<[string, string, boolean]> = [
      ['foo.example.com', '[bar.example.com]', false],
      ['foo.example.com', '[bar.example.com, foo.example.com]', true],
      ['*.example.com', '[test.example.com]', true],
      ['*.example.com', '[foo.test.example.com]', true],
      ['*.example.com', '[example.com]', false],
      ['*.example.com', '[test.example.net]', false],
      ['test.example.com', '["*.example.com"]', true],
      ['example.com', '["*.example.com"]', false],
      ['*.example.com', '["*.test.example.com"]', true],
      ['*.test.example.com', '["*.example.com"]', true],
      ['*.example.com', '["*.example.net"]', false],
    ];
    for (const [listener, hosts, attached] of hostCases) expect(reached(onHost(listener) + withHosts(hosts)), `${listener} ${hosts}`).toBe(attached ? 'TCP 8080' : 'No Connections');
    // a listener or a route that names none takes any
    expect(reached(onProtocol('HTTP') + withHosts('[bar.example.com]'))).toBe('TCP 8080');
    expect(reached(onHost('foo.example.com') + route(parent))).toBe('TCP 8080');
    expect(matrixOf(WEB + SVC + infra + onHost('foo.example.com') + withHosts('[bar.example.com]')).diagnostics.map((d) => d.message)).toContainEqual(
      'HTTPRoute shop/r attaches to no Gateway listener (no listener of Gateway infra/gw allows HTTPRoutes from namespace shop with hostnames bar.example.com): it carries no traffic from outside',
    );
    // sectionName and port pick listeners: only one of them takes the route
    const two = gw('[{name: internal, port: 8443, protocol: HTTPS}, {name: public, port: 443, protocol: HTTPS, allowedRoutes: {namespaces: {from: All}}}]');
    expect(reached(two + route('{name: gw, namespace: infra, sectionName: internal}'))).toBe('No Connections');
    expect(reached(two + route('{name: gw, namespace: infra, sectionName: public}'))).toBe('TCP 8080');
    expect(reached(two + route('{name: gw, namespace: infra, port: 443}'))).toBe('TCP 8080');
    expect(reached(two + route('{name: gw, namespace: infra, sectionName: missing}'))).toBe('No Connections');
    expect(reached(two + route(parent))).toBe('TCP 8080');
    // a Gateway the manifests do not hold, or a namespace whose labels they do not show, is taken to attach the route
    expect(reached(route('{name: elsewhere, namespace: infra}'))).toBe('TCP 8080');
    expect(reachedIn(matrixOf(WEB.replace(namespace('shop'), '') + SVC + infra + selected + route(parent)))).toBe('TCP 8080');
  });

  it('a backendRef of weight 0 gets no traffic; a RequestMirror filter\'s backend gets a copy of every request (HTTPRoute reference: BackendRef.weight, HTTPRequestMirrorFilter)', () => {
    const weighted = httpRoute('HTTPRoute', '{name: gw}', '{name: web, port: 80}, {name: web, port: 9090, weight: 0}');
    expect(conn(matrixOf(WEB + SVC + weighted), '{ingress-controller}', 'shop/web[Deployment]')).toBe('TCP 8080');
    const mirrored = httpRoute('HTTPRoute', '{name: gw}', '{name: web, port: 80}').replace(
      '    - backendRefs:',
      '    - filters: [{type: RequestMirror, requestMirror: {backendRef: {name: web, port: 9090}}}]\n      backendRefs:',
    );
    expect(conn(matrixOf(WEB + SVC + mirrored), '{ingress-controller}', 'shop/web[Deployment]')).toBe('TCP 8080,9090');
    // an OpenShift Route's backend of weight 0: "0 suppresses requests to this backend"
    const other = deployment('shop', 'canary', { app: 'canary' }, [{ port: 8080 }]) + service('canary', '[{port: 8080}]').replace('{app: web}', '{app: canary}');
    const route = (weight: number) => `apiVersion: route.openshift.io/v1\nkind: Route\nmetadata: {name: web, namespace: shop}\nspec:\n  to: {kind: Service, name: web}\n  alternateBackends: [{kind: Service, name: canary, weight: ${weight}}]\n---\n`;
    expect(conn(matrixOf(WEB + SVC + other + route(10)), '{ingress-controller}', 'shop/canary[Deployment]')).toBe('TCP 8080');
    expect(conn(matrixOf(WEB + SVC + other + route(0)), '{ingress-controller}', 'shop/canary[Deployment]')).toBe('No Connections');
  });

  // the routes' CRDs (BackendRef, standard channel): "Must have port for Service reference", a CEL rule the API server
  // applies to every backendRef of kind Service in the core group, the RequestMirror filter's too
  it('a backendRef of a Service without a port is refused (RD003), as the API server refuses the route: it carries nothing', () => {
    for (const refs of ['{name: web}', '{name: web, port: 80}, {name: web, weight: 0}', '{group: "", kind: Service, name: web}']) {
      const m = matrixOf(WEB + SVC + httpRoute('HTTPRoute', '{name: gw}', refs));
      expect(m.ingressController(), refs).toBeUndefined();
      expect(m.diagnostics.map((d) => `${d.severity} ${d.code} ${d.message}`), refs).toContainEqual(expect.stringMatching(/^error RD003 .*backendRefs\[\d\] names a Service without a port, which the API server refuses \(Must have port for Service reference\)/));
    }
    const mirrored = httpRoute('HTTPRoute', '{name: gw}', '{name: web, port: 80}').replace('    - backendRefs:', '    - filters: [{type: RequestMirror, requestMirror: {backendRef: {name: web}}}]\n      backendRefs:');
    expect(matrixOf(WEB + SVC + mirrored).diagnostics.map((d) => d.message)).toContainEqual(expect.stringMatching(/requestMirror\.backendRef names a Service without a port/));
    // another kind of backend needs no port
    expect(matrixOf(WEB + SVC + httpRoute('HTTPRoute', '{name: gw}', '{group: gateway.envoyproxy.io, kind: Backend, name: ext}')).diagnostics.map((d) => d.message).join('\n')).not.toMatch(/without a port/);
  });

  it('a UDPRoute, and an Istio VirtualService bound to a gateway, are counted as not analysed (RD011), not passed over', () => {
    const udp = httpRoute('UDPRoute', '{name: gw}', '{name: web, port: 53}').replace('gateway.networking.k8s.io/v1', 'gateway.networking.k8s.io/v1alpha2');
    const vs = (gateways: string) => `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: {name: web, namespace: shop}\nspec:\n  hosts: ["*"]\n  gateways: ${gateways}\n  http: [{route: [{destination: {host: web}}]}]\n---\n`;
    const m = matrixOf(WEB + SVC + udp + vs('[istio-system/public]'));
    expect(m.cluster.notAnalysed.map((n) => `${n.kind} ${n.name}`)).toEqual(['UDPRoute shop/r', 'VirtualService shop/web']);
    expect(m.diagnostics.filter((d) => d.code === 'RD011').map((d) => d.message)).toEqual([
      expect.stringContaining('UDP routes through a Gateway are not modelled'),
      expect.stringContaining('routing through Istio gateways (istio-system/public) is not modelled; paths from outside the cluster through it are not shown'),
    ]);
    // bound to the mesh only, it routes inside the cluster: nothing to say
    expect(matrixOf(WEB + SVC + vs('[mesh]')).cluster.notAnalysed).toEqual([]);
  });

  // GEP-1713: the experimental channel of Gateway API v1.3 and v1.4 served ListenerSet as XListenerSet of
  // gateway.networking.x-k8s.io/v1alpha1 (spec.parentRef, spec.listeners), which v1.5 made ListenerSet of gateway.networking.k8s.io
  it('an XListenerSet (gateway.networking.x-k8s.io) is a Gateway parent as a ListenerSet is', async () => {
    const parent = '{group: gateway.networking.x-k8s.io, kind: XListenerSet, name: shop-listeners}';
    expect(conn(matrixOf(WEB + SVC + httpRoute('HTTPRoute', parent, '{name: web, port: 80}')), '{ingress-controller}', 'shop/web[Deployment]')).toBe('TCP 8080');
    const listeners = `apiVersion: gateway.networking.x-k8s.io/v1alpha1
kind: XListenerSet
metadata: {name: shop-listeners, namespace: shop}
spec:
  parentRef: {name: public, namespace: infra, kind: Gateway, group: gateway.networking.k8s.io}
  listeners: [{name: http, protocol: HTTP, port: 80}]
---
`;
    const open = policy('shop', 'web', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ namespaceSelector: {} }] }] });
    const config = 'ingress-controller: {namespace: ingress-nginx, labels: {app.kubernetes.io/name: ingress-nginx}}\ninvariants:\n  - name: web stays inside\n    never: { from: internet, to: { workload: shop/web } }\n';
    const r = await checkManifests(namespace('ingress-nginx') + WEB + SVC + httpRoute('HTTPRoute', parent, '{name: web, port: 80}') + listeners + open, config);
    expect(r.stdout).toMatch(/\{ingress-controller\} => shop\/web\[Deployment\] : TCP 8080/);
    expect(r.stdout).not.toMatch(/ok\s+holds/);
    expect(r.code).toBe(1);
  });

  // kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/ (Mirror, External Authentication):
  // ingress-nginx sends a request to the URL of mirror-target or auth-url for each request the Ingress takes
  it("ingress-nginx's mirror-target and auth-url are not analysed (RD011): invariants on traffic from the internet fail closed", async () => {
    const db = deployment('shop', 'db', { app: 'db' }, [{ port: 5432 }]);
    const open = policy('shop', 'db', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: {} }] }] });
    const config = 'ingress-controller: {namespace: ingress-nginx, labels: {app.kubernetes.io/name: ingress-nginx}}\ninvariants:\n  - name: db stays inside\n    never: { from: internet, to: { workload: shop/db } }\n';
    const annotated = (annotation: string) => ingress('web', '{name: web, port: {number: 80}}').replace('metadata: {name: web, namespace: shop}', `metadata: {name: web, namespace: shop, annotations: {${annotation}}}`);
    const plain = await checkManifests(namespace('ingress-nginx') + WEB + db + SVC + ingress('web', '{name: web, port: {number: 80}}') + open, config);
    expect(plain.code).toBe(0);
    for (const a of ['nginx.ingress.kubernetes.io/mirror-target: "http://db.shop.svc.cluster.local:5432$request_uri"', 'nginx.ingress.kubernetes.io/auth-url: "http://db.shop.svc.cluster.local:5432/verify"']) {
      const r = await checkManifests(namespace('ingress-nginx') + WEB + db + SVC + annotated(a) + open, config);
      expect(r.stderr, a).toMatch(/Ingress shop\/web .*is not analysed: ingress-nginx sends a request for each request it takes to the URL of nginx\.ingress\.kubernetes\.io\/(mirror-target|auth-url)/);
      expect(r.code, a).toBe(1);
    }
  });

  // kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/ (Server snippet, Configuration snippet,
  // Stream snippet): their text goes into the controller's nginx configuration, where a proxy_pass may name any Service;
  // .../nginx-configuration/configmap/ (allow-snippet-annotations, default false; annotations-risk-level, default High) and
  // .../nginx-configuration/annotations-risk/ (snippets are Critical) say whether the controller accepts them
  it("ingress-nginx's snippet annotations are not analysed (RD011) unless the controller's ConfigMap refuses them: invariants on traffic from the internet fail closed", async () => {
    const db = deployment('shop', 'db', { app: 'db' }, [{ port: 5432 }]);
    const open = policy('shop', 'db', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: {} }] }] });
    const config = 'ingress-controller: {namespace: ingress-nginx, labels: {app.kubernetes.io/name: ingress-nginx}}\ninvariants:\n  - name: db stays inside\n    never: { from: internet, to: { workload: shop/db } }\n';
    const annotated = (annotation: string, extra = '') =>
      ingress('web', '{name: web, port: {number: 80}}').replace('metadata: {name: web, namespace: shop}', `metadata: {name: web, namespace: shop, annotations: {${annotation}}}`).replace('spec:\n', `spec:\n${extra}`);
    const controllerConfig = (data: string, name = 'ingress-nginx-controller') => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: ingress-nginx}\ndata: ${data}\n---\n`;
    const base = namespace('ingress-nginx') + WEB + db + SVC + open;
    const snippets = [
      'nginx.ingress.kubernetes.io/server-snippet: "location /debug { proxy_pass http://db.shop.svc.cluster.local:5432; }"',
      'nginx.ingress.kubernetes.io/configuration-snippet: "proxy_pass http://db.shop.svc.cluster.local:5432;"',
      'nginx.ingress.kubernetes.io/stream-snippet: "server { listen 5432; proxy_pass db.shop.svc.cluster.local:5432; }"',
    ];
    // no ConfigMap of the controller's: whether it accepts them is not known
    for (const a of snippets) {
      const r = await checkManifests(base + annotated(a), config);
      expect(r.stderr, a).toMatch(/Ingress shop\/web \(networking\.k8s\.io\/v1\) is not analysed: ingress-nginx inserts its nginx\.ingress\.kubernetes\.io\/(server|configuration|stream)-snippet into its nginx configuration.*the controller's ConfigMap is not in the manifests.*\[RD011\]/);
      expect(r.stdout, a).not.toMatch(/ok\s+holds/);
      expect(r.code, a).toBe(1);
    }
    const verdict = async (data: string, name?: string) => {
      const r = await checkManifests(base + annotated(snippets[0]!) + controllerConfig(data, name), config);
      return { code: r.code, reported: /Ingress shop\/web .*is not analysed: ingress-nginx inserts/.test(r.stderr), stderr: r.stderr };
    };
    // the ConfigMap has the controller accept them: allowed, and Critical risk accepted (read as ParseBool and in any case)
    for (const data of ['{allow-snippet-annotations: "true", annotations-risk-level: Critical}', '{allow-snippet-annotations: "True", annotations-risk-level: critical}']) {
      expect(await verdict(data), data).toEqual(expect.objectContaining({ code: 1, reported: true, stderr: expect.stringMatching(/ConfigMap ingress-nginx\/ingress-nginx-controller \(.*\) has it accept them/) }));
    }
    // allowed without a risk level: 1.12 and later refuse them (default High), earlier versions accept them
    expect(await verdict('{allow-snippet-annotations: "true"}')).toEqual(expect.objectContaining({ code: 1, reported: true, stderr: expect.stringMatching(/without annotations-risk-level Critical.*which version runs is not known/) }));
    // a value the controller cannot read as a boolean (a template's) may be either
    expect(await verdict('{allow-snippet-annotations: "{{ .Values.snippets }}"}')).toEqual(expect.objectContaining({ code: 1, reported: true }));
    // refused: not allowed (what the chart renders), or a risk level below Critical
    for (const data of ['{allow-snippet-annotations: "false", annotations-risk-level: Critical}', '{allow-snippet-annotations: "false"}', '{allow-snippet-annotations: "true", annotations-risk-level: High}']) {
      expect(await verdict(data), data).toEqual(expect.objectContaining({ code: 0, reported: false }));
    }
    // not set: false by default from 1.9 on (ingress-nginx pull request 10492), true before, and which version runs is not known
    for (const data of ['{use-forwarded-headers: "true"}', '{}']) {
      expect(await verdict(data), data).toEqual(expect.objectContaining({ code: 1, reported: true, stderr: expect.stringMatching(/does not set allow-snippet-annotations, false by default from ingress-nginx 1\.9 on and true before/) }));
    }
    // the chart's name under another release, and a Kustomize hash suffix, are the controller's ConfigMap too
    for (const name of ['edge-ingress-nginx-controller', 'ingress-nginx-controller-5f8m2kbb7t', 'nginx-configuration']) {
      expect(await verdict('{allow-snippet-annotations: "false"}', name), name).toEqual(expect.objectContaining({ code: 0, reported: false }));
    }
    // an Ingress of another controller does not carry ingress-nginx's annotations
    expect((await checkManifests(base + annotated(snippets[0]!, '  ingressClassName: traefik\n'), config)).code).toBe(0);
    expect(matrixOf(base + annotated(snippets[0]!)).cluster.notAnalysed).toEqual([expect.objectContaining({ kind: 'Ingress', name: 'shop/web', routesFromOutside: true })]);
  });

  // kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/configmap/ (main-snippet, http-snippet, server-snippet,
  // location-snippet, stream-snippet): the controller's own snippets go into every server or location it serves, whatever
  // allow-snippet-annotations says, which governs annotations only
  it("ingress-nginx's ConfigMap with snippets of its own is not analysed (RD011), even where it refuses snippet annotations", async () => {
    const db = deployment('shop', 'db', { app: 'db' }, [{ port: 5432 }]);
    const open = policy('shop', 'db', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: {} }] }] });
    const config = 'ingress-controller: {namespace: ingress-nginx, labels: {app.kubernetes.io/name: ingress-nginx}}\ninvariants:\n  - name: db stays inside\n    never: { from: internet, to: { workload: shop/db } }\n';
    const base = namespace('ingress-nginx') + WEB + db + SVC + open + ingress('web', '{name: web, port: {number: 80}}');
    const controllerConfig = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ingress-nginx-controller, namespace: ingress-nginx}\ndata:\n  allow-snippet-annotations: "false"\n${data}---\n`;
    expect((await checkManifests(base + controllerConfig(''), config)).code).toBe(0);
    for (const key of ['main-snippet', 'http-snippet', 'server-snippet', 'location-snippet', 'stream-snippet']) {
      const r = await checkManifests(base + controllerConfig(`  ${key}: |\n    location /x { proxy_pass http://db.shop.svc:5432; }\n`), config);
      expect(r.stderr, key).toMatch(new RegExp(`ConfigMap ingress-nginx/ingress-nginx-controller is not analysed: ingress-nginx inserts its ${key} into its nginx configuration.*\\[RD011\\]`));
      expect(r.stdout, key).not.toMatch(/ok\s+holds/);
      expect(r.code, key).toBe(1);
    }
    // an empty snippet inserts nothing
    expect((await checkManifests(base + controllerConfig('  http-snippet: ""\n'), config)).code).toBe(0);
  });

  // gateway-api.sigs.k8s.io/reference/spec/#parentreference: group and kind default to gateway.networking.k8s.io and
  // Gateway, and an implementation may support parents of other kinds
  it('a parentRef of a kind reachdiff does not know is not analysed (RD011), and invariants on traffic from the internet fail closed', async () => {
    const parent = '{group: gateway.example.com, kind: Edge, name: public}';
    const m = matrixOf(WEB + SVC + httpRoute('HTTPRoute', parent, '{name: web, port: 80}'));
    expect(m.cluster.notAnalysed.map((n) => `${n.kind} ${n.name}`)).toEqual(['HTTPRoute shop/r']);
    expect(m.diagnostics.filter((d) => d.code === 'RD011').map((d) => `${d.file}:${d.line} ${d.message}`)).toEqual([
      expect.stringMatching(/^test\.yaml:\d+ HTTPRoute shop\/r .*its parentRefs name Edge of gateway\.example\.com, a kind reachdiff does not know/),
    ]);
    const config = 'invariants:\n  - name: web stays inside\n    never: { from: internet, to: { workload: shop/web } }\n';
    const r = await checkManifests(WEB + SVC + httpRoute('HTTPRoute', parent, '{name: web, port: 80}'), config);
    expect(r.stdout).not.toMatch(/ok\s+holds/);
    expect(r.code).toBe(1);
    // a Gateway, a ListenerSet and a core Service (mesh routing) are known parents
    for (const known of ['{name: gw}', '{kind: ListenerSet, name: team}', '{group: "", kind: Service, name: web}']) {
      expect(matrixOf(WEB + SVC + httpRoute('HTTPRoute', known, '{name: web, port: 80}')).cluster.notAnalysed, known).toEqual([]);
    }
  });

  it('a backendRef to a Service of another namespace needs a ReferenceGrant there', () => {
    const route = httpRoute('HTTPRoute', '{name: gw}', '{name: web, namespace: shop, port: 80}', 'edge');
    expect(matrixOf(WEB + SVC + route).ingressController()).toBeUndefined();
    const grant = `apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: edge-routes, namespace: shop}
spec:
  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: edge}]
  to: [{group: "", kind: Service}]
---
`;
    expect(conn(matrixOf(WEB + SVC + route + grant), '{ingress-controller}', 'shop/web[Deployment]')).toBe('TCP 8080');
  });

  it('the controller is a source only: no line ends at it, and the JSON lists it with the connections, not the workloads', () => {
    const m = matrixOf(WEB + deployment('shop', 'db', { app: 'db' }) + SVC + ingress('web', '{name: web, port: {number: 80}}'));
    expect(listLines(m).filter((l) => l.includes('{ingress-controller}'))).toEqual(['{ingress-controller} => shop/web[Deployment] : TCP 8080']);
    const doc = JSON.parse([...renderListChunks(m, 'json')].join('')) as { workloads: Array<{ id: string }> };
    expect(doc.workloads.map((w) => w.id)).toEqual(['shop/db[Deployment]', 'shop/web[Deployment]']);
  });
});

describe('the diff of traffic from outside the cluster', () => {
  it("the controller's lines come after all others, and it is never an added or removed workload", () => {
    const base = matrixOf(WEB + SVC);
    const head = matrixOf(WEB + deployment('shop', 'new', { app: 'new' }) + SVC + ingress('web', '{name: web, port: {number: 80}}'));
    const changes = diffMatrices(base, head).changes;
    expect(changes[changes.length - 1]).toMatchObject({ type: 'added', src: '{ingress-controller}', dst: 'shop/web[Deployment]', workloads: [] });
    expect(changes.slice(0, -1).every((c) => c.src !== '{ingress-controller}')).toBe(true);
  });

  it('touching external ranges with the same connections on both sides are one line, as np-guard prints them', () => {
    const cut = policy('shop', 'web', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] });
    const base = matrixOf(WEB + cut);
    const head = matrixOf(WEB + cut + deployment('shop', 'new', { app: 'new' }));
    const lines = diffMatrices(base, head).changes.map((c) => `${c.src} => ${c.dst}`);
    expect(lines).toContain('shop/new[Deployment] => 0.0.0.0-255.255.255.255[External]');
  });

  it('a workload newly reachable through an Ingress is named with the object and the rule that admits it', () => {
    const np = policy('shop', 'web', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }] }] });
    const changes = diffOutside(matrixOf(WEB + SVC + np), matrixOf(WEB + SVC + np + ingress('web', '{name: web, port: {number: 80}}')));
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({ type: 'opened', workload: 'shop/web[Deployment]', via: 'Ingress shop/web', from: '{ingress-controller}' });
    expect(changes[0]!.head.toString()).toBe('TCP 8080');
    expect(changes[0]!.decisions.map((d) => d.rule?.origin.policy)).toEqual(['shop/web']);
  });

  // kubernetes.io/docs/tasks/access-application-cluster/configure-cloud-provider-firewall/: loadBalancerSourceRanges
  // restrict the clients of a LoadBalancer Service; without them it takes traffic from any address
  it("a LoadBalancer's loadBalancerSourceRanges dropped or narrowed, on the same ports, opens or closes the ranges they kept out or let in", async () => {
    const lb = (ranges: string) => service('web-lb', '[{port: 443, targetPort: http}]', `  type: LoadBalancer\n  allocateLoadBalancerNodePorts: false\n${ranges}`);
    const guarded = WEB + lb('  loadBalancerSourceRanges: [10.0.0.0/8]\n');
    const open = WEB + lb('');
    const EVERYWHERE_ELSE = '0.0.0.0-9.255.255.255[External], 11.0.0.0-255.255.255.255[External]';
    const dropped = await diffManifests(guarded, open, 'invariants: []\n', ['--exposure']);
    expect(dropped.stdout).toContain(`newly reachable: shop/web[Deployment] through Service shop/web-lb (LoadBalancer) from ${EVERYWHERE_ELSE}, ref1: No Connections, ref2: TCP 8080`);
    const md = await diffManifests(guarded, open, 'invariants: []\n', ['--format', 'md']);
    expect(md.stdout).toContain('🌐 1 workload newly reachable from outside the cluster: shop/web[Deployment] through Service shop/web-lb (LoadBalancer) on TCP 8080');
    expect(md.stdout).toContain(`| 🟢 newly reachable | shop/web\\[Deployment\\] | Service shop/web-lb (LoadBalancer) | ${markdownCell(EVERYWHERE_ELSE)} | TCP 8080 |`);
    // no path between workloads changed, but reach did: the verdict does not say there is no change
    expect(md.stdout).toContain('**✅ no path between workloads changed**');
    expect(md.stdout).not.toMatch(/no reachability change/);
    expect(dropped.stderr).toContain('reachdiff: no path between workloads changed; the reach from outside the cluster of 1 workload did');
    const json = JSON.parse((await diffManifests(open, guarded, 'invariants: []\n', ['--format', 'json'])).stdout) as { outside: unknown[] };
    expect(json.outside).toEqual([
      expect.objectContaining({ type: 'closed', via: 'Service shop/web-lb (LoadBalancer)', from: EVERYWHERE_ELSE, base: 'TCP 8080', head: 'No Connections', opened: null, closed: 'TCP 8080' }),
    ]);
    // one range of two taken away
    const narrowed = diffOutside(matrixOf(WEB + lb('  loadBalancerSourceRanges: [10.0.0.0/8, 192.168.0.0/16]\n')), matrixOf(guarded));
    expect(narrowed.map((c) => [c.type, c.from, c.base.toString(), c.head.toString()])).toEqual([['closed', '192.168.0.0-192.168.255.255[External]', 'TCP 8080', 'No Connections']]);
    expect(diffOutside(matrixOf(guarded), matrixOf(guarded))).toEqual([]);
  });

  it('ranges that gain other ports and ranges newly let in are told apart, each with its own connections', () => {
    const lb = (ranges: string, target: string) => service('web-lb', `[{port: 443, targetPort: ${target}}]`, `  type: LoadBalancer\n  allocateLoadBalancerNodePorts: false\n  loadBalancerSourceRanges: ${ranges}\n`);
    const changes = diffOutside(matrixOf(WEB + lb('[10.0.0.0/8]', 'http')), matrixOf(WEB + lb('[10.0.0.0/8, 192.168.0.0/16]', 'admin')));
    expect(changes.map((c) => [c.type, c.from, c.base.toString(), c.head.toString()])).toEqual([
      ['opened', '192.168.0.0-192.168.255.255[External]', 'No Connections', 'TCP 9090'],
      ['changed', '10.0.0.0-10.255.255.255[External]', 'TCP 8080', 'TCP 9090'],
    ]);
  });
});

describe('Services of type LoadBalancer and NodePort', () => {
  const lb = (extra = '') => service('web-lb', '[{port: 443, targetPort: http}]', `  type: LoadBalancer\n${extra}`);

  it('reach the pods from the external ranges their ingress rules admit, on the target ports', () => {
    const np = policy('shop', 'web', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }] }] });
    const paths = outsidePaths(matrixOf(WEB + np + lb()));
    expect(paths).toHaveLength(1);
    expect(paths[0]!.via).toBe('Service shop/web-lb (LoadBalancer)');
    expect(paths[0]!.conn.toString()).toBe('TCP 8080');
    expect(paths[0]!.from).toEqual([
      { family: 'ipv4', first: 0, last: 10 * 2 ** 24 - 1 },
      { family: 'ipv4', first: 11 * 2 ** 24, last: 2 ** 32 - 1 },
    ]);
  });

  it('within its loadBalancerSourceRanges, where it opens no node port', () => {
    const paths = outsidePaths(matrixOf(WEB + lb('  loadBalancerSourceRanges: [203.0.113.0/24]\n  allocateLoadBalancerNodePorts: false\n')));
    expect(paths[0]!.from).toEqual([{ family: 'ipv4', first: 203 * 2 ** 24 + 113 * 256, last: 203 * 2 ** 24 + 113 * 256 + 255 }]);
  });

  it('from every address where it opens a node port too (allocateLoadBalancerNodePorts, true by default): the source ranges guard the load balancer only', () => {
    // kubernetes.io Service docs (allocateLoadBalancerNodePorts); the node port takes traffic from any client that reaches a node
    const paths = outsidePaths(matrixOf(WEB + lb('  loadBalancerSourceRanges: [203.0.113.0/24]\n')));
    expect(paths[0]!.from).toEqual([{ family: 'ipv4', first: 0, last: 2 ** 32 - 1 }]);
  });

  it('an IPv6 loadBalancerSourceRange admits IPv6 clients, in a dual-stack cluster', () => {
    const paths = outsidePaths(matrixOf(WEB + lb('  loadBalancerSourceRanges: [203.0.113.0/24, "2001:db8::/120"]\n  allocateLoadBalancerNodePorts: false\n'), { ipFamily: 'dual' }));
    expect(paths[0]!.from).toEqual([
      { family: 'ipv4', first: 203 * 2 ** 24 + 113 * 256, last: 203 * 2 ** 24 + 113 * 256 + 255 },
      { family: 'ipv6', first: 0x20010db8n << 96n, last: (0x20010db8n << 96n) + 255n },
    ]);
  });

  // the API server reads the ranges with k8s.io/utils/net ParseCIDRSloppy after TrimSpace (ValidateService, and
  // GetLoadBalancerSourceRanges, whose IPNets kube-proxy filters on): leading zeros are decimal, and an
  // IPv4-mapped block is the IPv4 block (Go's IPNet.String and IP.To4)
  it('loadBalancerSourceRanges as the API server and kube-proxy read them: leading zeros, IPv4-mapped blocks, host bits', () => {
    const from = (ranges: string) => outsidePaths(matrixOf(WEB + lb(`  loadBalancerSourceRanges: ${ranges}\n  allocateLoadBalancerNodePorts: false\n`)))[0]!.from;
    const net = [{ family: 'ipv4', first: 203 * 2 ** 24 + 113 * 256, last: 203 * 2 ** 24 + 113 * 256 + 255 }];
    expect(from('[203.0.113.0/24]')).toEqual(net);
    expect(from('["203.000.113.000/024"]')).toEqual(net);
    expect(from('["::ffff:203.0.113.0/120"]')).toEqual(net);
    expect(from('["203.0.113.7/24"]')).toEqual(net);
    expect(from('[" 203.0.113.0/24 "]')).toEqual(net);
  });

  it('a Service whose loadBalancerSourceRanges the API server refuses is refused, saying why', async () => {
    const root = join(mkdtempSync(join(tmpdir(), 'reachdiff-lbsr-')), 'm.yaml');
    for (const [extra, why] of [
      ['  loadBalancerSourceRanges: [203.0.113.0/33]\n', /spec\.loadBalancerSourceRanges\[0\]: "203\.0\.113\.0\/33" is not a CIDR: the prefix length must be 0 to 32: the API server refuses the Service/],
      ['  loadBalancerSourceRanges: [203.0.113.256/24]\n', /spec\.loadBalancerSourceRanges\[0\]: "203\.0\.113\.256\/24" is not a CIDR/],
      ['  loadBalancerSourceRanges: [garbage]\n', /spec\.loadBalancerSourceRanges\[0\]: "garbage" is not a CIDR/],
    ] as const) {
      writeFileSync(root, WEB + lb(extra));
      const r = await cli(['list', root, '--exposure']);
      expect(r.stderr, extra).toMatch(why);
      expect(r.stdout, extra).not.toMatch(/web-lb/);
    }
    // "may only be used when `type` is 'LoadBalancer'"
    writeFileSync(root, WEB + service('web-np', '[{port: 443, targetPort: http}]', '  type: NodePort\n  loadBalancerSourceRanges: [203.0.113.0/24]\n'));
    const np = await cli(['list', root]);
    expect(np.stderr).toMatch(/spec\.loadBalancerSourceRanges may only be used where spec\.type is LoadBalancer, not NodePort: the API server refuses the Service/);
  });

  it('a ClusterIP Service lets nothing in from outside', () => {
    expect(outsidePaths(matrixOf(WEB + SVC))).toEqual([]);
  });

  it('NodePort too', () => {
    const paths = outsidePaths(matrixOf(WEB + service('web-np', '[{port: 80, targetPort: 9090, protocol: TCP}]', '  type: NodePort\n')));
    expect(paths.map((p) => [p.via, p.conn.toString()])).toEqual([['Service shop/web-np (NodePort)', 'TCP 9090']]);
  });

  it('a Service of any type with externalIPs, whose traffic the nodes take on those addresses (Service reference: "External IPs")', () => {
    const paths = outsidePaths(matrixOf(WEB + service('web-eip', '[{port: 80, targetPort: http}]', '  externalIPs: [198.51.100.7]\n')));
    expect(paths.map((p) => [p.via, p.conn.toString()])).toEqual([['Service shop/web-eip (externalIPs)', 'TCP 8080']]);
  });

  // kubernetes.io/docs/concepts/services-networking/service/#external-ips: the nodes take traffic to an external IP;
  // kube-proxy (pkg/proxy/iptables/proxier.go) sends traffic to the load balancer's ingress addresses through the
  // firewall chain of its loadBalancerSourceRanges, and traffic to the external IPs straight to the Service
  it("a LoadBalancer's externalIPs are a path of their own, from every address: its source ranges guard the load balancer only", async () => {
    const guarded = '  loadBalancerSourceRanges: [10.0.0.0/8]\n  allocateLoadBalancerNodePorts: false\n';
    const withIPs = WEB + lb(`${guarded}  externalIPs: [203.0.113.10]\n`);
    const paths = outsidePaths(matrixOf(withIPs));
    expect(paths.map((p) => [p.via, p.conn.toString()])).toEqual([
      ['Service shop/web-lb (LoadBalancer)', 'TCP 8080'],
      ['Service shop/web-lb (externalIPs)', 'TCP 8080'],
    ]);
    expect(paths[0]!.from).toEqual([{ family: 'ipv4', first: 10 * 2 ** 24, last: 11 * 2 ** 24 - 1 }]);
    expect(paths[1]!.from).toEqual([{ family: 'ipv4', first: 0, last: 2 ** 32 - 1 }]);
    const root = mkdtempSync(join(tmpdir(), 'reachdiff-eip-'));
    writeFileSync(join(root, 'm.yaml'), withIPs);
    const list = await cli(['list', join(root, 'm.yaml'), '--exposure', '--format', 'md']);
    expect(list.stdout).toContain('| shop/web\\[Deployment\\] | Service shop/web-lb (externalIPs) | 0.0.0.0-255.255.255.255\\[External\\] | TCP 8080 |');
    const diff = await diffManifests(WEB + lb(guarded), withIPs, 'invariants: []\n', ['--exposure']);
    expect(diff.stdout).toContain('newly reachable: shop/web[Deployment] through Service shop/web-lb (externalIPs) from 0.0.0.0-255.255.255.255[External]');
    expect(diff.stdout).not.toContain('(LoadBalancer)');
  });

  it("a container's hostPort, a port of the node forwarded to the pod (Pod reference: ContainerPort.hostPort), whatever the Services", () => {
    const host = namespace('shop') + deployment('shop', 'web', { app: 'web' }, [{ port: 8080 }]).replace('containerPort: 8080', 'containerPort: 8080, hostPort: 80');
    const paths = outsidePaths(matrixOf(host));
    expect(paths.map((p) => [p.via, p.conn.toString()])).toEqual([['hostPort 80/TCP', 'TCP 8080']]);
    // the pod's policies decide, as for every path from outside
    const deny = policy('shop', 'deny', { podSelector: {}, policyTypes: ['Ingress'] });
    expect(outsidePaths(matrixOf(host + deny))).toEqual([]);
  });

  // kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/ (PodSpec.hostNetwork; ContainerPort.hostPort,
  // which must equal containerPort on the host network); the API server defaults hostPort to containerPort in a
  // host-network pod (SetDefaults_Pod, kubernetes pkg/apis/core/v1/defaults.go)
  it("a host-network pod's container ports are ports of the node, as hostPorts are", async () => {
    const exporter = (hostNetwork: string) => `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-exporter, namespace: monitoring}
spec:
  selector: {matchLabels: {app: node-exporter}}
  template:
    metadata: {labels: {app: node-exporter}}
    spec:${hostNetwork}
      containers: [{name: exporter, image: x, ports: [{name: metrics, containerPort: 9100}]}]
---
`;
    const pod = namespace('monitoring') + exporter('');
    const host = namespace('monitoring') + exporter('\n      hostNetwork: true');
    expect(outsidePaths(matrixOf(pod))).toEqual([]);
    expect(outsidePaths(matrixOf(host)).map((p) => [p.via, p.conn.toString()])).toEqual([['hostNetwork 9100/TCP', 'TCP 9100']]);
    const diff = await diffManifests(pod, host, 'invariants: []\n', ['--exposure']);
    expect(diff.stdout).toContain('newly reachable: monitoring/node-exporter[DaemonSet] through hostNetwork 9100/TCP from 0.0.0.0-255.255.255.255[External], ref1: No Connections, ref2: TCP 9100');
    const root = mkdtempSync(join(tmpdir(), 'reachdiff-hostnetwork-'));
    writeFileSync(join(root, 'm.yaml'), host);
    const list = await cli(['list', join(root, 'm.yaml'), '--exposure', '--format', 'md']);
    expect(list.stdout).toContain('| monitoring/node-exporter\\[DaemonSet\\] | hostNetwork 9100/TCP | 0.0.0.0-255.255.255.255\\[External\\] | TCP 9100 |');
  });
});

describe('list --exposure: how traffic from outside the cluster reaches workloads', () => {
  const np = policy('shop', 'web', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }, { ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }], ports: [{ port: 8080 }] }] });
  const lb = service('web-lb', '[{port: 443, targetPort: http}]', '  type: LoadBalancer\n');
  const STATE = WEB + SVC + np + lb + ingress('web', '{name: web, port: {number: 80}}') + ingress('web-admin', '{name: web, port: {number: 9090}}');

  it('json: one `outside` entry per workload and object, with the connections the policies allow, and it follows schema/list.schema.json', () => {
    const m = matrixOf(STATE);
    const doc = JSON.parse([...renderListChunks(m, 'json', undefined, undefined, exposure(m))].join('')) as { exposure: { outside: unknown[] } };
    // web-admin routes 9090, which the policy does not admit: no path
    expect(doc.exposure.outside).toEqual([
      { workload: 'shop/web[Deployment]', via: 'Ingress shop/web', from: '{ingress-controller}', conn: 'TCP 8080', ports: { TCP: [[8080, 8080]] } },
      { workload: 'shop/web[Deployment]', via: 'Service shop/web-lb (LoadBalancer)', from: '0.0.0.0-9.255.255.255[External], 11.0.0.0-255.255.255.255[External]', conn: 'TCP 8080', ports: { TCP: [[8080, 8080]] } },
    ]);
    const schema = JSON.parse(readFileSync(join(REPO, 'schema', 'list.schema.json'), 'utf8')) as Schema;
    expect(validate(schema, doc)).toEqual([]);
    (doc.exposure.outside[0] as Record<string, unknown>).object = 'x';
    expect(validate(schema, doc)).not.toEqual([]);
  });

  it('json from the CLI, with the config naming the ingress controller, follows the schema', async () => {
    const out = await cli(['list', 'fixtures/exposure/pr', '--config', 'fixtures/exposure/config.yml', '--exposure', '--format', 'json']);
    const doc = JSON.parse(out.stdout) as { exposure: { outside: Array<{ via: string; conn: string }> } };
    expect(doc.exposure.outside.map((p) => `${p.via}: ${p.conn}`)).toEqual(['Ingress shop/web: TCP 8080', 'Ingress shop/web-admin: TCP 9090']);
    expect(validate(JSON.parse(readFileSync(join(REPO, 'schema', 'list.schema.json'), 'utf8')) as Schema, doc)).toEqual([]);
  });

  it('an object with several backends to one workload is one path, with their ports together', () => {
    const two = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: both, namespace: shop}
spec:
  rules:
    - http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
          - {path: /admin, pathType: Prefix, backend: {service: {name: web, port: {number: 9090}}}}
---
`;
    const paths = outsidePaths(matrixOf(WEB + SVC + two));
    expect(paths.map((p) => [p.via, p.conn.toString()])).toEqual([['Ingress shop/both', 'TCP 8080,9090']]);
  });

  it('md: a table "Reachable from outside the cluster", only where some path exists', () => {
    const m = matrixOf(STATE);
    const md = exposureMarkdown(exposure(m), markdownCell);
    expect(md).toContain(
      [
        '### Reachable from outside the cluster',
        '',
        '| Workload | Through | From | Connections |',
        '| --- | --- | --- | --- |',
        '| shop/web\\[Deployment\\] | Ingress shop/web | {ingress-controller} | TCP 8080 |',
        '| shop/web\\[Deployment\\] | Service shop/web-lb (LoadBalancer) | 0.0.0.0-9.255.255.255\\[External\\], 11.0.0.0-255.255.255.255\\[External\\] | TCP 8080 |',
      ].join('\n'),
    );
    expect(exposureMarkdown(exposure(matrixOf(WEB + SVC + np)), markdownCell)).not.toContain('Reachable from outside');
  });

  it("txt keeps np-guard's exposure format, which has no section for them: the ingress controller's lines are in the connectivity list", () => {
    const m = matrixOf(STATE);
    const text = exposureText(exposure(m));
    expect(text).not.toMatch(/outside|LoadBalancer|Ingress shop/);
    expect(listLines(m)).toContain('{ingress-controller} => shop/web[Deployment] : TCP 8080');
  });
});

describe('diff --explain: what the ingress objects did', () => {
  const np = policy('shop', 'web', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }] }] });
  const causes = (base: string, head: string) => {
    const d = diffMatrices(matrixOf({ 'base.yaml': base }), matrixOf({ 'head.yaml': head }));
    const c = d.changes.find((x) => x.src === '{ingress-controller}' && x.dst === 'shop/web[Deployment]');
    if (!c) throw new Error(`no change from the ingress controller: ${d.changes.map((x) => `${x.src}->${x.dst}`).join(' ')}`);
    return explainChange(d, c).causes.map((x) => `${x.message}${x.file ? ` @${x.file}:${x.line}` : ''}`);
  };

  it('an Ingress added: it routes the ports to the workload, and did not before, at its place in head', () => {
    expect(causes(WEB + SVC + np, WEB + SVC + np + ingress('web', '{name: web, port: {number: 80}}'))).toEqual([
      'Ingress shop/web (Service shop/web) routes TCP 8080 to it, and did not before @head.yaml:39',
    ]);
  });

  it('an Ingress removed: it no longer routes to the workload, with its place in base', () => {
    const base = WEB + SVC + np + ingress('web', '{name: web, port: {number: 80}}') + ingress('admin', '{name: web, port: {number: 9090}}');
    const head = WEB + SVC + np + ingress('admin', '{name: web, port: {number: 9090}}');
    expect(causes(base, head)).toEqual(['Ingress shop/web (Service shop/web) no longer routes to it (it routed TCP 8080, at base.yaml:39)']);
  });

  it('an Ingress routing other ports: both sets are said', () => {
    const causesSeen = causes(WEB + SVC + np + ingress('web', '{name: web, port: {number: 80}}'), WEB + SVC + np + ingress('web', '{name: web, port: {number: 9090}}'));
    expect(causesSeen).toEqual(['Ingress shop/web (Service shop/web) routes TCP 9090 to it, not TCP 8080 @head.yaml:39']);
  });

  it("a named targetPort that resolves on other container ports: the workload's ports are named, not the Ingress, which did not change (kubernetes.io/docs/concepts/services-networking/service/, targetPort may name a port of the pods)", () => {
    const web = (port: number) => namespace('shop') + deployment('shop', 'web', { app: 'web' }, [{ name: 'http', port }]);
    const routes = SVC + np + ingress('web', '{name: web, port: {number: 80}}');
    expect(causes(web(8080) + routes, web(9090) + routes)).toEqual([
      'Ingress shop/web (Service shop/web) routes TCP 9090 to it, not TCP 8080: container ports of shop/web[Deployment] changed (http TCP 8080 → http TCP 9090) @head.yaml:7',
    ]);
  });

  it('a change the policies make, with the routes as they were, says nothing of the routes', () => {
    const deny = policy('shop', 'web', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 9090 }] }] });
    const routes = WEB + SVC + ingress('web', '{name: web, port: {number: 80}}');
    expect(causes(routes + np, routes + deny).some((c) => c.includes('routes'))).toBe(false);
  });
});
