import { describe, expect, it } from 'vitest';
import { checkManifests, deployment, diffManifests, namespace } from './helpers.js';

const NEVER = (workload: string) => `invariants:\n  - name: never from internet\n    never: { from: internet, to: { workload: ${workload} } }\n`;

const svc = (name: string, port: number) => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}, namespace: shop}\nspec: {selector: {app: ${name}}, ports: [{port: ${port}}]}\n---\n`;

// every pod of shop admits any pod of the cluster (the gateway's proxy among them), no outside address
const IN_CLUSTER = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: in-cluster-only, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress: [{from: [{namespaceSelector: {}}]}]
---
`;

const APPS = namespace('shop') + deployment('shop', 'web', { app: 'web' }, [{ port: 8080 }]) + svc('web', 8080) + deployment('shop', 'authz', { app: 'authz' }, [{ port: 9000 }]) + svc('authz', 9000) + IN_CLUSTER;

describe('Gateway API: backends other than a rule\'s backendRefs', () => {
  // gateway-api.sigs.k8s.io/reference/spec/#httpexternalauthfilter: "ExternalAuth configures settings related to sending
  // request details to an external auth service"; the gateway's proxy sends each request's details to externalAuth.backendRef
  it('an HTTPRoute ExternalAuth filter\'s backendRef is reached from outside through the Gateway, as a RequestMirror backend is', async () => {
    const route = (filter: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: shop}
spec:
  parentRefs: [{name: public, namespace: gw}]
  rules:
  - filters: [${filter}]
    backendRefs: [{name: web, port: 8080}]
---
`;
    const external = await checkManifests(APPS + route('{type: ExternalAuth, externalAuth: {protocol: HTTP, backendRef: {name: authz, port: 9000}}}'), NEVER('shop/authz'));
    expect(external.stdout).toMatch(/violated: never from internet/);
    expect(external.stdout).toMatch(/shop\/authz\[Deployment\] : TCP 9000/);
    // as a RequestMirror filter's backend is
    const mirror = await checkManifests(APPS + route('{type: RequestMirror, requestMirror: {backendRef: {name: authz, port: 9000}}}'), NEVER('shop/authz'));
    expect(mirror.stdout).toMatch(/violated: never from internet/);
  });
});

describe('Envoy Gateway: a SecurityPolicy\'s external authorization backends', () => {
  const ROUTE = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: shop}
spec:
  parentRefs: [{name: public, namespace: gw}]
  rules: [{backendRefs: [{name: web, port: 8080}]}]
---
`;
  const policy = (extAuth: string) => `apiVersion: gateway.envoyproxy.io/v1alpha1
kind: SecurityPolicy
metadata: {name: authz, namespace: shop}
spec:
  targetRefs: [{group: gateway.networking.k8s.io, kind: HTTPRoute, name: web}]
  extAuth: ${extAuth}
---
`;
  const other = namespace('data') + deployment('data', 'db', { app: 'db' }, [{ port: 5432 }]) + IN_CLUSTER.replace('namespace: shop', 'namespace: data');
  const config = `invariants:\n  - name: authz\n    never: { from: internet, to: { workload: shop/authz } }\n  - name: db\n    never: { from: internet, to: { workload: data/db } }\n`;

  // gateway.envoyproxy.io/docs/tasks/security/ext-auth/: Envoy calls the extAuth service (http or grpc backendRefs)
  // for each request to what the SecurityPolicy targets; the reference (gateway.envoyproxy.io/docs/api/extension_types/,
  // BackendCluster) gives backendRef (deprecated) and backendRefs
  it('fails never invariants from the internet closed on the workloads of its backends, as it is not analysed', async () => {
    for (const extAuth of ['{http: {backendRefs: [{name: authz, port: 9000}]}}', '{grpc: {backendRef: {name: authz, namespace: shop, port: 9000}}}']) {
      const r = await checkManifests(APPS + other + ROUTE + policy(extAuth), config);
      expect(r.stdout, extAuth).toMatch(/FAIL violated: authz[^\n]*\n\s+shop\/authz\[Deployment\]: SecurityPolicy shop\/authz routes traffic from outside the cluster/);
      expect(r.stdout, extAuth).toMatch(/ok holds: db/);
      expect(r.code, extAuth).not.toBe(0);
    }
  });

  it('fails them closed on every workload where its backends cannot be resolved to the pods of Services', async () => {
    for (const extAuth of ['{http: {backendRefs: [{group: gateway.envoyproxy.io, kind: Backend, name: authz}]}}', '{http: {backendRefs: [{name: missing, port: 9000}]}}']) {
      const r = await checkManifests(APPS + other + ROUTE + policy(extAuth), config);
      expect(r.stdout, extAuth).not.toMatch(/ok holds: db/);
      expect(r.code, extAuth).not.toBe(0);
    }
  });
});

describe('Gateway API: default Gateways', () => {
  const DB = namespace('shop') + deployment('shop', 'db', { app: 'db' }, [{ port: 5432 }]) + svc('db', 5432) + IN_CLUSTER;
  const route = (spec: string) => `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: db, namespace: shop}
spec:
${spec}
  rules: [{backendRefs: [{name: db, port: 5432}]}]
---
`;
  // gateway-api.sigs.k8s.io/geps/gep-3793/ and reference/spec/ (CommonRouteSpec.useDefaultGateways): a route that sets
  // it "will be attached to any default Gateway supporting the named scope", Gateways the manifests may not hold
  it('a route with useDefaultGateways attaches to Gateways not known: it is not analysed (RD011) and never invariants from the internet fail closed', async () => {
    for (const spec of ['  useDefaultGateways: All', '  useDefaultGateways: All\n  parentRefs: [{name: public, namespace: gw}]']) {
      const r = await checkManifests(DB + route(spec), NEVER('shop/db'));
      expect(r.stdout, spec).toMatch(/FAIL violated: never from internet/);
      expect(r.stderr, spec).toMatch(/HTTPRoute shop\/db \(gateway\.networking\.k8s\.io\/v1\) is not analysed: its useDefaultGateways: All attaches it to the default Gateways of that scope[^\n]*\[RD011\]/);
    }
    // None: no default Gateway
    const none = await checkManifests(DB + route('  useDefaultGateways: None'), NEVER('shop/db'));
    expect(none.stdout).toMatch(/ok holds: never from internet/);
    expect(none.stderr).not.toMatch(/RD011/);
  });
});

describe('LoadBalancer Services without node ports', () => {
  const lb = (port: string) => `${namespace('shop')}${deployment('shop', 'web', { app: 'web' }, [{ name: 'http', port: 8080 }])}apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress: [{from: [{ipBlock: {cidr: 0.0.0.0/0}}], ports: [{port: 8080}]}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  type: LoadBalancer
  externalTrafficPolicy: Local
  allocateLoadBalancerNodePorts: false
  loadBalancerSourceRanges: [10.0.0.0/8]
  selector: {app: web}
  ports: [${port}]
---
`;
  // kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/ (ServiceSpec.allocateLoadBalancerNodePorts):
  // "If the caller requests specific NodePorts (by specifying a value), those requests will be respected, regardless of this field"
  it('an explicit nodePort is opened on every node, which the source ranges do not guard', async () => {
    const r = await diffManifests(lb('{port: 80, targetPort: http}'), lb('{port: 80, targetPort: http, nodePort: 30080}'), 'invariants: []\n', ['--exposure']);
    expect(r.stdout).not.toMatch(/no reachability change/);
    expect(r.stdout).toMatch(/newly reachable: shop\/web\[Deployment\] through Service shop\/web \(LoadBalancer\) from 0\.0\.0\.0-9\.255\.255\.255\[External\], 11\.0\.0\.0-255\.255\.255\.255\[External\]/);
  });
});
