/**
 * What governs traffic outside the kinds reachdiff models, beyond those the
 * invariants already failed closed on: Linkerd's default inbound policy
 * (an annotation on a namespace or a pod, or the control plane's
 * cluster-wide default), Linkerd's egress control, the mesh and firewall
 * kinds of other projects, and kinds reachdiff does not know at all whose
 * name says they govern traffic. Each may break an invariant, which then
 * fails closed naming it; each leaves alone the invariants it cannot touch.
 */
import { describe, expect, it } from 'vitest';
import { recognise } from '../src/policy/registry.js';
import type { Schema } from '../src/report/jsonschema.js';
import { validate } from '../src/report/jsonschema.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkManifests as check, cli, deployment, diffManifests, namespace, REPO } from './helpers.js';

const SHOP =
  namespace('shop') +
  namespace('other') +
  deployment('shop', 'frontend', { app: 'frontend' }) +
  deployment('shop', 'db', { app: 'db' }, [{ name: 'pg', port: 5432 }]) +
  deployment('other', 'client', { app: 'client' });
const DB_CLOSED = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: db, namespace: shop }\nspec: { podSelector: { matchLabels: { app: db } }, policyTypes: [Ingress] }\n---\n';
const always = (name: string, from: string, to: string) => `invariants:\n  - name: ${name}\n    always: { from: ${from}, to: ${to} }\n`;
const FE_DB = always('frontend reaches db', '{ workload: shop/frontend }', '{ workload: shop/db }');
const CLIENT_FE = always('client reaches frontend', '{ workload: other/client }', '{ workload: shop/frontend }');
const NET_FE = always('the internet reaches frontend', '{ cidr: 0.0.0.0/0 }', '{ workload: shop/frontend }');
const FE_OUT = always('frontend reaches the bank', '{ workload: shop/frontend }', '{ cidr: 198.51.100.7/32 }');
const CLIENT_OUT = always('client reaches the bank', '{ workload: other/client }', '{ cidr: 198.51.100.7/32 }');
const NEVER = 'invariants:\n  - name: frontend never reaches db\n    never: { from: { workload: shop/frontend }, to: { workload: shop/db } }\n';

/** The shop namespace, annotated. */
function annotatedShop(value: string): string {
  return SHOP.replace('kind: Namespace\nmetadata:\n  name: shop\n', `kind: Namespace\nmetadata:\n  name: shop\n  annotations: { config.linkerd.io/default-inbound-policy: ${value} }\n`);
}

/** The frontend's pod template, annotated. */
function annotatedFrontend(value: string): string {
  const fe = deployment('shop', 'frontend', { app: 'frontend' });
  const annotated = fe.replace(/( {2}template:\n {4}metadata:\n)/, `$1      annotations: { config.linkerd.io/default-inbound-policy: ${value} }\n`);
  expect(annotated).not.toBe(fe);
  return SHOP.replace(fe, annotated);
}

// linkerd.io/2/common-errors/network-policy/: between meshed pods, Linkerd's proxy sends TCP traffic to the destination's
// inbound port 4143, which network policies see; istio.io/latest/docs/ambient/usage/networkpolicy/: ambient mode tunnels
// it to port 15008 (HBONE). A rule on the application's port admits none of it, one on the mesh's port every port.
describe('meshes that carry traffic to a port of their own', () => {
  const meshedShop = (meta: string) => SHOP.replace(namespace('shop'), `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n${meta}---\n`);
  const DB_PORTS =
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: db, namespace: shop }\nspec:\n  podSelector: { matchLabels: { app: db } }\n  ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 4143 }, { port: 15008 }] }]\n---\n';
  const PG_NEVER = 'invariants:\n  - name: frontend never reaches postgres\n    never: { from: { workload: shop/frontend }, to: { workload: shop/db }, ports: [TCP/5432] }\n';

  it("Linkerd's injection on a namespace, or Istio's ambient mode, fails invariants on its pods closed where the state holds policies", async () => {
    for (const [meta, by] of [
      ['  annotations: { linkerd.io/inject: enabled }\n', /linkerd\.io\/inject: enabled on Namespace shop: not analysed \(Linkerd's proxy carries TCP traffic between meshed pods to port 4143/],
      // linkerd.io/2/tasks/using-ingress/ ("Proxy Ingress Mode"): the same proxy, with the same inbound port
      ['  annotations: { linkerd.io/inject: ingress }\n', /linkerd\.io\/inject: ingress on Namespace shop: not analysed \(Linkerd's proxy carries TCP traffic between meshed pods to port 4143/],
      ['  labels: { istio.io/dataplane-mode: ambient }\n', /istio\.io\/dataplane-mode: ambient on Namespace shop: not analysed \(Istio's ambient mode \(HBONE\) carries TCP traffic between meshed pods to port 15008/],
    ] as const) {
      // without the mesh, the rule admits 4143 and 15008 alone: never holds
      expect((await check(SHOP + DB_PORTS, PG_NEVER)).code).toBe(0);
      const r = await check(meshedShop(meta) + DB_PORTS, PG_NEVER);
      expect(r.stdout).toMatch(by);
      expect(r.code).toBe(1);
      // where no policy holds, the port decides nothing
      expect((await check(meshedShop(meta), FE_DB)).code).toBe(0);
    }
  });

  it("Linkerd's injection on a pod template acts on that workload's pods", async () => {
    const db = deployment('shop', 'db', { app: 'db' }, [{ name: 'pg', port: 5432 }]);
    const injected = db.replace(/( {2}template:\n {4}metadata:\n)/, '$1      annotations: { linkerd.io/inject: enabled }\n');
    expect(injected).not.toBe(db);
    const r = await check(SHOP.replace(db, injected) + DB_PORTS, PG_NEVER);
    expect(r.stdout).toMatch(/linkerd\.io\/inject: enabled on shop\/db\[Deployment\]: not analysed/);
    expect(r.code).toBe(1);
  });
});

// developer.hashicorp.com/consul/docs/k8s/connect/onboarding-tproxy-mode: "sidecar proxies for existing mesh services reject
// traffic from services that are not yet onboarded"; developer.hashicorp.com/consul/docs/k8s/annotations-and-labels
// (connect-inject); the client's proxy dials the destination's sidecar on 20000 (consul-k8s, ProxyDefaultInboundPort)
describe("Consul's sidecar injection", () => {
  const injectedDb = (value: string) => {
    const db = deployment('shop', 'db', { app: 'db' }, [{ name: 'pg', port: 5432 }]);
    const injected = db.replace(/( {2}template:\n {4}metadata:\n)/, `$1      annotations: { consul.hashicorp.com/connect-inject: "${value}" }\n`);
    expect(injected).not.toBe(db);
    return SHOP.replace(db, injected);
  };
  const PG_PORT = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: db, namespace: shop }\nspec:\n  podSelector: { matchLabels: { app: db } }\n  ingress: [{ from: [{ podSelector: {} }], ports: [{ port: 20000 }] }]\n---\n';
  const PG_NEVER = 'invariants:\n  - name: frontend never reaches postgres\n    never: { from: { workload: shop/frontend }, to: { workload: shop/db }, ports: [TCP/5432] }\n';

  it('refuses clients outside the mesh: an always invariant to its pods fails closed, one to others holds', async () => {
    expect((await check(SHOP, FE_DB)).code).toBe(0);
    const r = await check(injectedDb('true'), FE_DB);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/annotation consul\.hashicorp\.com\/connect-inject: true on shop\/db\[Deployment\]: not analysed \(Consul's sidecar accepts only mTLS/);
    expect((await check(injectedDb('true'), CLIENT_FE)).code).toBe(0);
    expect((await check(injectedDb('false'), FE_DB)).code).toBe(0);
  });

  it("carries meshed traffic to port 20000, which policies see: a never invariant on its pods fails closed where policies hold", async () => {
    expect((await check(SHOP + PG_PORT, PG_NEVER)).code).toBe(0);
    const r = await check(injectedDb('true') + PG_PORT, PG_NEVER);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/to port 20000 of the destination pod/);
  });
});

// linkerd.io/2/reference/authorization-policy/ ("Default policies"): the cluster-wide default is
// overridden by config.linkerd.io/default-inbound-policy on a pod spec or its namespace; deny refuses
// all traffic, cluster-unauthenticated admits clients of the cluster's networks, the authenticated ones
// meshed clients only, all-unauthenticated (the default) and audit admit all
describe("Linkerd's default inbound policy", () => {
  it('deny on a namespace fails an always invariant into it closed, naming the annotation; not one into another namespace', async () => {
    const r = await check(annotatedShop('deny'), FE_DB);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/annotation config\.linkerd\.io\/default-inbound-policy: deny on Namespace shop: not analysed \(Linkerd's default inbound policy deny is not modelled: it refuses all traffic/);
    expect(r.stderr).toMatch(/warning: Namespace shop: config\.linkerd\.io\/default-inbound-policy: deny is not analysed .*\[RD011\]/);
    expect(r.stderr).toMatch(/1 annotation was not analysed/);
    const toOther = always('frontend reaches client', '{ workload: shop/frontend }', '{ workload: other/client }');
    expect((await check(annotatedShop('deny'), toOther)).code).toBe(0);
    // it refuses, never admits: a never invariant stands
    expect((await check(annotatedShop('deny') + DB_CLOSED, NEVER)).code).toBe(0);
  });

  it('all-unauthenticated and audit refuse nothing; the authenticated policies and a value Linkerd does not document may', async () => {
    expect((await check(SHOP, FE_DB)).code).toBe(0);
    expect((await check(annotatedShop('all-unauthenticated'), FE_DB)).code).toBe(0);
    expect((await check(annotatedShop('audit'), FE_DB)).code).toBe(0);
    for (const value of ['all-authenticated', 'cluster-authenticated', 'denyall']) {
      expect((await check(annotatedShop(value), FE_DB)).code, value).toBe(1);
    }
  });

  it("a pod's own policy takes priority over its namespace's, and a namespace's over the cluster's", async () => {
    // linkerd.io/2/reference/authorization-policy/: the annotation on a pod spec or its namespace overrides the cluster-wide default
    const dbOpen = annotatedShop('deny').replace(/(name: db\n[\s\S]*? {2}template:\n {4}metadata:\n)/, '$1      annotations: { config.linkerd.io/default-inbound-policy: all-unauthenticated }\n');
    expect(dbOpen).not.toBe(annotatedShop('deny'));
    expect((await check(dbOpen, FE_DB)).code).toBe(0);
    // frontend, in the same namespace, is still refused
    expect((await check(dbOpen, CLIENT_FE)).code).toBe(1);
    const config = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: linkerd-config, namespace: linkerd }\ndata:\n  values: |\n    proxy:\n      defaultInboundPolicy: deny\n---\n';
    expect((await check(annotatedShop('all-unauthenticated') + config, FE_DB)).code).toBe(0);
    expect((await check(annotatedShop('all-unauthenticated') + config, always('frontend reaches client', '{ workload: shop/frontend }', '{ workload: other/client }'))).code).toBe(1);
  });

  it("Linkerd 2.11's cluster-wide default is read too", async () => {
    // linkerd.io/2.11/reference/authorization-policy/: policyController.defaultAllowPolicy
    const config = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: linkerd-config, namespace: linkerd }\ndata:\n  values: |\n    policyController:\n      defaultAllowPolicy: deny\n---\n';
    expect((await check(SHOP + config, FE_DB)).code).toBe(1);
  });

  it("on the controller's own metadata it is not Linkerd's: nothing fails", async () => {
    const fe = deployment('shop', 'db', { app: 'db' }, [{ name: 'pg', port: 5432 }]);
    const annotated = fe.replace('  namespace: shop\n', '  namespace: shop\n  annotations: { config.linkerd.io/default-inbound-policy: deny }\n');
    expect(annotated).not.toBe(fe);
    expect((await check(SHOP.replace(fe, annotated), FE_DB)).code).toBe(0);
  });

  it('on the ingress controller, it refuses traffic from the internet on its first hop', async () => {
    const ingress =
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ingress-nginx\n  annotations: { config.linkerd.io/default-inbound-policy: cluster-unauthenticated }\n---\n' +
      'apiVersion: v1\nkind: Service\nmetadata: { name: frontend, namespace: shop }\nspec: { selector: { app: frontend }, ports: [{ port: 80, targetPort: 8080 }] }\n---\n' +
      'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: { name: fe, namespace: shop }\nspec:\n  rules: [{ http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: frontend, port: { number: 80 } } } }] } }]\n---\n';
    const config = 'ingress-controller: { namespace: ingress-nginx, labels: {} }\ninvariants:\n  - name: the internet reaches frontend\n    always: { from: internet, to: { workload: shop/frontend }, ports: [TCP/8080] }\n';
    const r = await check(deployment('shop', 'frontend', { app: 'frontend' }, [{ port: 8080 }]) + namespace('shop') + ingress, config);
    expect(r.stdout).toMatch(/default-inbound-policy: cluster-unauthenticated on Namespace ingress-nginx: not analysed/);
    expect(r.code).toBe(1);
  });

  it('an invariant on pods present or future is failed only where its selectors may pick the pods it governs', async () => {
    const anyDb = always('frontend reaches any db', '{ workload: shop/frontend }', '{ anyNamespace: true, labels: { app: db } }');
    const clientDenied = SHOP.replace(deployment('other', 'client', { app: 'client' }), deployment('other', 'client', { app: 'client' }).replace(/( {2}template:\n {4}metadata:\n)/, '$1      annotations: { config.linkerd.io/default-inbound-policy: deny }\n'));
    expect(clientDenied).not.toBe(SHOP);
    expect((await check(clientDenied, anyDb)).code).toBe(0);
    expect((await check(annotatedFrontend('deny'), always('client reaches any frontend', '{ workload: other/client }', '{ anyNamespace: true, labels: { app: frontend } }'))).code).toBe(1);
    // a namespace annotation: pods present or future there may carry any labels
    expect((await check(annotatedShop('deny'), anyDb)).code).toBe(1);
    expect((await check(annotatedShop('deny'), always('frontend reaches db elsewhere', '{ workload: shop/frontend }', '{ anyNamespace: true, namespaceLabels: { kubernetes.io/metadata.name: other } }'))).code).toBe(0);
  });

  it("on a pod template it acts on that workload's pods only", async () => {
    const r = await check(annotatedFrontend('deny'), CLIENT_FE);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/default-inbound-policy: deny on shop\/frontend\[Deployment\]: not analysed/);
    // db, in the same namespace, is not governed by it
    expect((await check(annotatedFrontend('deny'), FE_DB)).code).toBe(0);
  });

  it('cluster-unauthenticated refuses clients outside the cluster networks only', async () => {
    expect((await check(annotatedFrontend('cluster-unauthenticated'), CLIENT_FE)).code).toBe(0);
    const r = await check(annotatedFrontend('cluster-unauthenticated'), NET_FE);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/it refuses clients outside the cluster networks/);
  });

  it("the control plane's cluster-wide default (linkerd-config) acts on every namespace", async () => {
    // the linkerd-control-plane chart renders proxy.defaultInboundPolicy into linkerd-config's values
    const config = (value: string) =>
      `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: linkerd-config, namespace: linkerd }\ndata:\n  values: |\n    proxy:\n      image:\n        name: cr.l5d.io/linkerd/proxy\n      defaultInboundPolicy: "${value}"\n---\n`;
    const r = await check(SHOP + config('deny'), CLIENT_FE);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/default-inbound-policy: deny on ConfigMap linkerd\/linkerd-config \(Linkerd's cluster-wide default\)/);
    expect((await check(SHOP + config('all-unauthenticated'), CLIENT_FE)).code).toBe(0);
  });

  it('a Kyverno JSON patch that sets it (its key escaped as ~1 in the path) fails closed too', async () => {
    const kyverno =
      'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: { name: p }\nspec:\n  rules:\n  - name: r\n    match: { any: [{ resources: { kinds: [Namespace] } }] }\n    mutate:\n      patchesJson6902: |-\n        - op: add\n          path: /metadata/annotations/config.linkerd.io~1default-inbound-policy\n          value: deny\n---\n';
    expect((await check(SHOP + kyverno, FE_DB)).code).toBe(1);
  });

  it('a Kyverno rule that sets it on namespaces may change traffic: it fails closed', async () => {
    // kyverno.io/policies/linkerd/add-linkerd-policy-annotation/: sets the annotation to deny on new Namespaces
    const kyverno =
      'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: { name: add-linkerd-policy-annotation }\nspec:\n  rules:\n  - name: deny-inbound\n    match: { any: [{ resources: { kinds: [Namespace] } }] }\n    mutate:\n      patchStrategicMerge:\n        metadata:\n          annotations:\n            +(config.linkerd.io/default-inbound-policy): deny\n---\n';
    const r = await check(SHOP + kyverno, FE_DB);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/ClusterPolicy add-linkerd-policy-annotation: not analysed/);
  });

  it('a dump that holds a workload, its ReplicaSet and its pods reports the annotation once', async () => {
    const fe = annotatedFrontend('deny');
    const rs = `apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: frontend-5d8f\n  namespace: shop\n  ownerReferences: [{ apiVersion: apps/v1, kind: Deployment, name: frontend, uid: u1, controller: true }]\nspec:\n  selector: { matchLabels: { app: frontend } }\n  template:\n    metadata:\n      labels: { app: frontend }\n      annotations: { config.linkerd.io/default-inbound-policy: deny }\n    spec: { containers: [{ name: c, image: x }] }\n---\n`;
    const pod = (n: number) =>
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: frontend-5d8f-${n}\n  namespace: shop\n  labels: { app: frontend }\n  annotations: { config.linkerd.io/default-inbound-policy: deny }\n  ownerReferences: [{ apiVersion: apps/v1, kind: ReplicaSet, name: frontend-5d8f, uid: u2, controller: true }]\nspec: { containers: [{ name: c, image: x }] }\n---\n`;
    const r = await check(fe + rs + pod(1) + pod(2), CLIENT_FE);
    expect(r.code).toBe(1);
    const warnings = r.stderr.split('\n').filter((l) => /default-inbound-policy/.test(l));
    expect(warnings.length).toBeLessThanOrEqual(2);
    expect(warnings.length).toBeGreaterThanOrEqual(1);
  });
});

// linkerd.io/2/reference/egress-network/: an EgressNetwork affects the clients of its namespace, or of
// every namespace in the global egress namespace; trafficPolicy Allow permits all traffic, Deny blocks
// what no route attached to it describes; linkerd.io/2/tasks/managing-egress-traffic/ attaches an
// AuthorizationPolicy to an EgressNetwork by its targetRef
describe("Linkerd's egress control", () => {
  const egress = (ns: string, policy: string) => `apiVersion: policy.linkerd.io/v1alpha1\nkind: EgressNetwork\nmetadata: { name: all-egress, namespace: ${ns} }\nspec: { trafficPolicy: ${policy} }\n---\n`;

  it('an EgressNetwork that denies fails closed an always invariant from its namespace to an external address, and only that', async () => {
    const r = await check(SHOP + egress('shop', 'Deny'), FE_OUT);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/EgressNetwork shop\/all-egress: not analysed \(Linkerd policies are not modelled\): it may close paths/);
    expect((await check(SHOP + egress('shop', 'Deny'), CLIENT_OUT)).code).toBe(0);
    expect((await check(SHOP + egress('shop', 'Deny'), FE_DB)).code).toBe(0);
    expect((await check(SHOP + egress('shop', 'Allow'), FE_OUT)).code).toBe(0);
  });

  it("in the global egress namespace it acts on every namespace, less those with their own", async () => {
    const global = SHOP + namespace('linkerd-egress') + egress('linkerd-egress', 'Deny');
    expect((await check(global, CLIENT_OUT)).code).toBe(1);
    // the namespace-local resources take priority
    expect((await check(global + egress('shop', 'Allow'), FE_OUT)).code).toBe(0);
    expect((await check(global + egress('shop', 'Allow'), CLIENT_OUT)).code).toBe(1);
  });

  it('a route attached to an EgressNetwork may send traffic elsewhere, even where the network allows all', async () => {
    const route =
      'apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: { name: to-proxy, namespace: shop }\nspec:\n  parentRefs: [{ group: policy.linkerd.io, kind: EgressNetwork, name: all-egress, port: 80 }]\n  rules: [{ backendRefs: [{ name: egress-proxy, port: 80 }] }]\n---\n';
    const r = await check(SHOP + egress('shop', 'Allow') + route, FE_OUT);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/HTTPRoute shop\/to-proxy: not analysed \(it is attached to the Linkerd EgressNetwork of namespace shop/);
    expect((await check(SHOP + egress('shop', 'Allow') + route, CLIENT_OUT)).code).toBe(0);
  });

  it('Kyverno rules that generate these kinds are expanded, and what they generate fails closed', async () => {
    // kyverno.io/docs/policy-types/cluster-policy/generate/: a generate rule creates any kind
    const gen =
      'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: { name: gen }\nspec:\n  rules:\n  - name: egress\n    match: { any: [{ resources: { kinds: [Namespace], names: [shop] } }] }\n    generate:\n      apiVersion: policy.linkerd.io/v1alpha1\n      kind: EgressNetwork\n      name: deny-all\n      namespace: "{{request.object.metadata.name}}"\n      data: { spec: { trafficPolicy: Deny } }\n---\n';
    const r = await check(SHOP + gen, FE_OUT);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/EgressNetwork shop\/deny-all: not analysed/);
  });

  it('an AuthorizationPolicy on an EgressNetwork acts on its clients, not on pods of its namespace as destinations', async () => {
    const auth =
      'apiVersion: policy.linkerd.io/v1alpha1\nkind: AuthorizationPolicy\nmetadata: { name: egress-auth, namespace: shop }\nspec:\n  targetRef: { group: policy.linkerd.io, kind: EgressNetwork, name: all-egress }\n  requiredAuthenticationRefs: [{ group: policy.linkerd.io, kind: MeshTLSAuthentication, name: fe }]\n---\n';
    expect((await check(SHOP + egress('shop', 'Allow') + auth, FE_OUT)).code).toBe(1);
    expect((await check(SHOP + egress('shop', 'Allow') + auth, FE_DB)).code).toBe(0);
  });
});

describe('mesh and firewall kinds of other projects', () => {
  it("Kuma's MeshTrafficPermission may refuse anywhere in the mesh: always fails closed, never stands", async () => {
    // kuma.io/docs/latest/policies/meshtrafficpermission/: Allow, Deny or AllowWithShadowDeny per source
    const kuma = 'apiVersion: kuma.io/v1alpha1\nkind: MeshTrafficPermission\nmetadata: { name: deny-all, namespace: kuma-system }\nspec:\n  targetRef: { kind: Mesh }\n  from: [{ targetRef: { kind: Mesh }, default: { action: Deny } }]\n---\n';
    expect((await check(SHOP + kuma, FE_DB)).code).toBe(1);
    expect((await check(SHOP + DB_CLOSED + kuma, NEVER)).code).toBe(0);
  });

  it('an SMI TrafficTarget means access control is on: what no target admits is refused anywhere in the mesh', async () => {
    // doc.traefik.io/traefik-mesh/configuration/ (ACL mode): all traffic is forbidden unless an SMI TrafficTarget allows it
    const smi = 'apiVersion: access.smi-spec.io/v1alpha3\nkind: TrafficTarget\nmetadata: { name: t, namespace: shop }\nspec:\n  destination: { kind: ServiceAccount, name: db, namespace: shop }\n  sources: [{ kind: ServiceAccount, name: frontend, namespace: shop }]\n---\n';
    expect((await check(SHOP + smi, FE_DB)).code).toBe(1);
    expect((await check(SHOP + smi, always('frontend reaches client', '{ workload: shop/frontend }', '{ workload: other/client }'))).code).toBe(1);
    expect((await check(SHOP + DB_CLOSED + smi, NEVER)).code).toBe(0);
  });

  it("Envoy Gateway's policies act on traffic from outside the cluster only", async () => {
    // gateway.envoyproxy.io/docs/concepts/gateway_api_extensions/security-policy/: it secures traffic entering the gateway
    const eg = 'apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: SecurityPolicy\nmetadata: { name: jwt, namespace: edge }\nspec:\n  targetRefs: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, name: shop }]\n  jwt: { providers: [{ name: p, remoteJWKS: { uri: "https://example.com/jwks" } }] }\n---\n';
    expect((await check(SHOP + eg, FE_DB)).code).toBe(0);
    expect((await check(SHOP + eg, NET_FE)).code).toBe(1);
  });

  it('a Kuma Mesh refuses what no permission admits only with mTLS on', async () => {
    // kuma.io/docs/latest/policies/meshtrafficpermission/: with mTLS, traffic needs a MeshTrafficPermission
    const mesh = (mtls: string) => `apiVersion: kuma.io/v1alpha1\nkind: Mesh\nmetadata: { name: default }\nspec: ${mtls}\n---\n`;
    expect((await check(SHOP + mesh('{ mtls: { enabledBackend: ca-1, backends: [{ name: ca-1, type: builtin }] } }'), FE_DB)).code).toBe(1);
    expect((await check(SHOP + mesh('{}'), FE_DB)).code).toBe(0);
  });

  it('an NSX SecurityPolicy and an AWS SecurityGroupPolicy may open paths in their namespace: never fails closed', async () => {
    // github.com/vmware-tanzu/nsx-operator (docs/security-policy.md): rules with allow and drop actions for the pods of a namespace
    const nsx = 'apiVersion: crd.nsx.vmware.com/v1alpha1\nkind: SecurityPolicy\nmetadata: { name: allow-db, namespace: shop }\nspec:\n  appliedTo: [{ podSelector: { matchLabels: { app: db } } }]\n  rules: [{ direction: in, action: allow }]\n---\n';
    const r = await check(SHOP + DB_CLOSED + nsx, NEVER);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/SecurityPolicy shop\/allow-db: not analysed \(VMware NSX policies are not modelled\)/);
    // docs.aws.amazon.com/eks/latest/userguide/security-groups-for-pods.html: security groups for the pods a SecurityGroupPolicy selects
    const sgp = 'apiVersion: vpcresources.k8s.aws/v1beta1\nkind: SecurityGroupPolicy\nmetadata: { name: db-sg, namespace: shop }\nspec:\n  podSelector: { matchLabels: { app: db } }\n  securityGroups: { groupIds: [sg-0123] }\n---\n';
    expect((await check(SHOP + DB_CLOSED + sgp, NEVER)).code).toBe(1);
    expect((await check(SHOP + DB_CLOSED + sgp.replace('namespace: shop', 'namespace: other'), NEVER)).code).toBe(0);
  });
});

describe('kinds reachdiff does not know', () => {
  it('one whose name says it governs traffic is reported and fails invariants closed; others are ignored', async () => {
    const firewall = 'apiVersion: firewall.example.com/v1\nkind: PodFirewall\nmetadata: { name: open, namespace: shop }\nspec: { allow: [all] }\n---\n';
    const r = await check(SHOP + DB_CLOSED + firewall, NEVER);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/PodFirewall shop\/open: not analysed \(PodFirewall of firewall\.example\.com is a kind reachdiff does not know, and its name says it may govern traffic\)/);
    const widget = firewall.replace('kind: PodFirewall', 'kind: Widget');
    expect((await check(SHOP + DB_CLOSED + widget, NEVER)).code).toBe(0);
  });

  it('recognises the names of traffic kinds, and not Kubernetes PodSecurityPolicy', () => {
    const of = (apiVersion: string, kind: string) => recognise({ kind, body: { apiVersion, kind }, file: 'f', line: 1, lineOf: () => 1 }, apiVersion).kind;
    expect(of('compute.cnrm.cloud.google.com/v1beta1', 'ComputeFirewall')).toBe('notAnalysed');
    expect(of('network.azure.com/v1api20201101', 'NetworkSecurityGroupsSecurityRule')).toBe('notAnalysed');
    expect(of('example.com/v1', 'MeshAuthorizationPolicy')).toBe('notAnalysed');
    expect(of('policy/v1beta1', 'PodSecurityPolicy')).toBe('other');
    expect(of('apps/v1', 'ControllerRevision')).toBe('other');
    expect(of('gateway.envoyproxy.io/v1alpha1', 'BackendTrafficPolicy')).toBe('other');
  });
});

describe('the JSON report', () => {
  it('says whether objects not analysed fail invariants, as the config sets it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'reachdiff-meshes-'));
    writeFileSync(join(root, 'm.yaml'), annotatedShop('deny'));
    for (const accept of [false, true]) {
      writeFileSync(join(root, 'c.yml'), `${accept ? 'fail-on-not-analysed: false\n' : ''}${FE_DB}`);
      const r = await cli(['check', join(root, 'm.yaml'), '--config', join(root, 'c.yml'), '--format', 'json']);
      const report = JSON.parse(r.stdout) as { failOnNotAnalysed: boolean };
      expect(report.failOnNotAnalysed).toBe(!accept);
      expect(r.code).toBe(accept ? 0 : 1);
    }
  });

  it('names the object as the witness, neither a workload nor a direction, in JSON (valid by the schema) and markdown', async () => {
    const root = mkdtempSync(join(tmpdir(), 'reachdiff-meshes-'));
    writeFileSync(join(root, 'm.yaml'), annotatedShop('deny'));
    writeFileSync(join(root, 'c.yml'), FE_DB);
    const json = await cli(['check', join(root, 'm.yaml'), '--config', join(root, 'c.yml'), '--format', 'json']);
    const report = JSON.parse(json.stdout) as { invariants: Array<{ head: { witnesses: unknown[] } }> };
    expect(report.invariants[0]!.head.witnesses[0]).toMatchObject({ kind: 'object', object: 'annotation config.linkerd.io/default-inbound-policy: deny on Namespace shop', line: 1 });
    const schema = JSON.parse(readFileSync(join(REPO, 'schema', 'report.schema.json'), 'utf8')) as Schema;
    expect(validate(schema, report)).toEqual([]);
    const md = await cli(['check', join(root, 'm.yaml'), '--config', join(root, 'c.yml'), '--format', 'md']);
    expect(md.stdout).toContain('| Object | Status | Why |');
    expect(md.stdout).toMatch(/\| annotation config\.linkerd\.io\/default-inbound-policy: deny on Namespace shop \| not analysed \| not analysed \(Linkerd/);
  });
});

// docs.cilium.io/en/stable/security/policy/intro/ (Policy Enforcement Modes): in never, policy enforcement is
// disabled on all endpoints; in always, it is enabled on all endpoints even if no rules select them
describe("network plugins' and meshes' settings", () => {
  const ciliumConfig = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: cilium-config, namespace: kube-system }\ndata:\n${data}---\n`;

  it("Cilium's enforcement mode never, audit mode, or Kubernetes NetworkPolicies off may open paths: never fails closed", async () => {
    expect((await check(SHOP + DB_CLOSED + ciliumConfig('  enable-policy: default\n'), NEVER)).code).toBe(0);
    for (const data of ['  enable-policy: never\n', '  policy-audit-mode: "true"\n', '  enable-k8s-networkpolicy: "false"\n']) {
      const r = await check(SHOP + DB_CLOSED + ciliumConfig(data), NEVER);
      expect(r.code, data).toBe(1);
      expect(r.stdout).toMatch(/setting .* in ConfigMap kube-system\/cilium-config: not analysed/);
    }
    // and leave always alone
    expect((await check(SHOP + ciliumConfig('  enable-policy: never\n'), FE_DB)).code).toBe(0);
  });

  it("Cilium's enforcement mode always may close paths no policy selects: always fails closed", async () => {
    const r = await check(SHOP + ciliumConfig('  enable-policy: always\n'), FE_DB);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ConfigMap kube-system\/cilium-config: enable-policy: always is not modelled: .*\[RD011\]/);
    expect((await check(SHOP + DB_CLOSED + ciliumConfig('  enable-policy: always\n'), NEVER)).code).toBe(0);
  });

  it("Istio's root namespace is its mesh configuration's: there a policy acts on the whole mesh", async () => {
    // istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/ (rootNamespace): defaults to the control plane's namespace
    const deny = (ns: string) => `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: { name: deny, namespace: ${ns} }\nspec: { action: DENY, rules: [{}] }\n---\n`;
    const meshConfig = (ns: string, mesh: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: istio, namespace: ${ns} }\ndata:\n  mesh: |-\n${mesh}---\n`;
    // without the configuration: istio-system
    expect((await check(SHOP + deny('istio-system'), FE_DB)).code).toBe(1);
    expect((await check(SHOP + deny('mesh-root'), FE_DB)).code).toBe(0);
    // the control plane elsewhere, and a rootNamespace of its own
    expect((await check(SHOP + meshConfig('mesh-cp', '    defaultConfig: {}\n') + deny('mesh-cp'), FE_DB)).code).toBe(1);
    expect((await check(SHOP + meshConfig('istio-system', '    rootNamespace: mesh-root\n') + deny('mesh-root'), FE_DB)).code).toBe(1);
    // which configuration the cluster runs is not known: istio-system, and every root any of them names, count
    expect((await check(SHOP + meshConfig('mesh-cp', '    defaultConfig: {}\n') + deny('istio-system'), FE_DB)).code).toBe(1);
    // a gateway-only IstioOperator elsewhere, read after the ConfigMap, takes no root away
    const gateway = 'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nmetadata: { name: gw, namespace: istio-ingress }\nspec: { profile: empty, namespace: istio-ingress }\n---\n';
    expect((await check(SHOP + meshConfig('istio-system', '    rootNamespace: mesh-root\n') + gateway + deny('mesh-root'), FE_DB)).code).toBe(1);
    expect((await check(SHOP + gateway + deny('istio-system'), FE_DB)).code).toBe(1);
  });

  it("Istio's REGISTRY_ONLY, mesh-wide or a namespace's Sidecar, may close paths from the mesh's pods", async () => {
    // istio.io/latest/docs/tasks/traffic-management/egress/egress-control/: REGISTRY_ONLY blocks hosts without a ServiceEntry
    const meshConfig = (mesh: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: istio, namespace: istio-system }\ndata:\n  mesh: |-\n${mesh}---\n`;
    for (const mesh of ['    outboundTrafficPolicy:\n      mode: REGISTRY_ONLY\n', '    outboundTrafficPolicy: { mode: REGISTRY_ONLY }\n']) {
      expect((await check(SHOP + meshConfig(mesh), FE_OUT)).code, mesh).toBe(1);
      expect((await check(SHOP + meshConfig(mesh), FE_DB)).code, mesh).toBe(0);
    }
    expect((await check(SHOP + meshConfig('    outboundTrafficPolicy:\n      mode: ALLOW_ANY\n'), FE_OUT)).code).toBe(0);
    // istio.io/latest/docs/reference/config/networking/sidecar/: a Sidecar's own outboundTrafficPolicy, for its namespace's workloads
    const sidecar = (mode: string) => `apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: { name: default, namespace: shop }\nspec:\n  egress: [{ hosts: ["./*"] }]\n  outboundTrafficPolicy: { mode: ${mode} }\n---\n`;
    const r = await check(SHOP + sidecar('REGISTRY_ONLY'), FE_DB);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Sidecar shop\/default: not analysed/);
    expect((await check(SHOP + sidecar('REGISTRY_ONLY'), CLIENT_FE)).code).toBe(0);
    const allowAny = await check(SHOP + sidecar('ALLOW_ANY'), FE_DB);
    expect(allowAny.code).toBe(0);
    expect(allowAny.stderr).not.toMatch(/Sidecar/);
  });
});

describe('review: settings read as their projects read them', () => {
  const ciliumConfig = (data: string, name = 'cilium-config') => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ${name}, namespace: kube-system }\ndata:\n${data}---\n`;
  const ISOLATED = 'invariants:\n  - name: db is isolated\n    isolated: { workloads: { workload: shop/db }, direction: ingress }\n';

  it('an isolated invariant fails closed where policies are not enforced at all', async () => {
    // docs.cilium.io/en/latest/security/policy-creation/ (audit mode): no network policy is enforced
    expect((await check(SHOP + DB_CLOSED, ISOLATED)).code).toBe(0);
    const r = await check(SHOP + DB_CLOSED + ciliumConfig('  policy-audit-mode: "true"\n'), ISOLATED);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/under it the policies that isolate these pods are not enforced/);
    expect((await check(SHOP + DB_CLOSED + ciliumConfig('  enable-policy: never\n'), ISOLATED)).code).toBe(1);
    // a setting that closes paths leaves isolation alone
    expect((await check(SHOP + DB_CLOSED + ciliumConfig('  enable-policy: always\n'), ISOLATED)).code).toBe(0);
  });

  it("Cilium's values in the forms its agent accepts: the mode in any case, booleans as Go parses them", async () => {
    for (const data of ['  enable-policy: Never\n', '  policy-audit-mode: "True"\n', '  policy-audit-mode: "1"\n', '  policy-audit-mode: "TRUE"\n', '  enable-k8s-networkpolicy: "0"\n']) {
      expect((await check(SHOP + DB_CLOSED + ciliumConfig(data), NEVER)).code, data).toBe(1);
    }
    expect((await check(SHOP + DB_CLOSED + ciliumConfig('  policy-audit-mode: "false"\n'), NEVER)).code).toBe(0);
  });

  it('a setting that turns off enforcement fails nothing where there is nothing for it to turn off', async () => {
    // a CiliumNetworkPolicy still applies where Kubernetes NetworkPolicies are not enforced
    const cnp = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: { name: db, namespace: shop }\nspec:\n  endpointSelector: { matchLabels: { app: db } }\n  ingressDeny: [{ fromEntities: [all] }]\n---\n';
    expect((await check(SHOP + cnp + ciliumConfig('  enable-k8s-networkpolicy: "false"\n'), NEVER)).code).toBe(0);
    expect((await check(SHOP + DB_CLOSED + ciliumConfig('  enable-k8s-networkpolicy: "false"\n'), NEVER)).code).toBe(1);
    // no policy at all: everything is open already, and the setting is still listed
    const r = await check(SHOP + ciliumConfig('  policy-audit-mode: "true"\n'), FE_DB);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/1 setting was not analysed/);
  });

  // cilium-agent's --enable-cilium-network-policy and --enable-cilium-clusterwide-network-policy (default true): off, the
  // policies of that API are not enforced
  it("CiliumNetworkPolicies or clusterwide ones not enforced: never fails closed where the state holds such policies", async () => {
    const cnp = (kind: string) => `apiVersion: cilium.io/v2\nkind: ${kind}\nmetadata: { name: db${kind === 'CiliumNetworkPolicy' ? ', namespace: shop' : ''} }\nspec:\n  endpointSelector: { matchLabels: { app: db${kind === 'CiliumNetworkPolicy' ? '' : ', k8s:io.kubernetes.pod.namespace: shop'} } }\n  ingressDeny: [{ fromEntities: [all] }]\n---\n`;
    for (const [kind, key] of [['CiliumNetworkPolicy', 'enable-cilium-network-policy'], ['CiliumClusterwideNetworkPolicy', 'enable-cilium-clusterwide-network-policy']] as const) {
      expect((await check(SHOP + cnp(kind), NEVER)).code, kind).toBe(0);
      const r = await check(SHOP + cnp(kind) + ciliumConfig(`  ${key}: "false"\n`), NEVER);
      expect(r.code, key).toBe(1);
      expect(r.stdout, key).toMatch(new RegExp(`setting ${key}: "?false"? in ConfigMap kube-system/cilium-config: not analysed`));
      // the Kubernetes NetworkPolicy that closes db is still enforced
      expect((await check(SHOP + DB_CLOSED + ciliumConfig(`  ${key}: "false"\n`), NEVER)).code, key).toBe(0);
    }
    expect((await check(SHOP + cnp('CiliumNetworkPolicy') + ciliumConfig('  enable-cilium-clusterwide-network-policy: "false"\n'), NEVER)).code).toBe(0);
  });

  // docs.cilium.io/en/stable/network/kubernetes/policy/ (ipBlock: "As of v1.15, ipBlock can now optionally select node
  // IPs", with policy-cidr-match-mode: nodes): CIDR rules and ipBlocks then hold host-network pods where their node is
  it("policy-cidr-match-mode with nodes fails invariants closed where the state holds policies; without it, nothing", async () => {
    const r = await check(SHOP + DB_CLOSED + ciliumConfig('  policy-cidr-match-mode: "nodes"\n'), NEVER);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/setting policy-cidr-match-mode: "?nodes"? in ConfigMap kube-system\/cilium-config: not analysed/);
    expect((await check(SHOP + DB_CLOSED + ciliumConfig('  policy-cidr-match-mode: ""\n'), NEVER)).code).toBe(0);
  });

  // docs.cilium.io/en/stable/security/policy/layer3/ ("Selecting pods or nodes with CIDR / ipBlock": "select pods or nodes by
  // CIDR / ipBlock. This requires you to configure Cilium with --policy-cidr-match-mode=pods"; cilium/cilium PR #45194): CIDR
  // rules and ipBlocks then hold the pods whose addresses they hold. The flag is a list, split at white space as viper reads one
  it('policy-cidr-match-mode with pods fails invariants closed both ways where the state holds policies, alone or beside nodes', async () => {
    for (const mode of ['pods', 'nodes pods', 'pods,nodes']) {
      const r = await check(SHOP + DB_CLOSED + ciliumConfig(`  policy-cidr-match-mode: "${mode}"\n`), NEVER);
      expect(r.code, mode).toBe(1);
      expect(r.stdout, mode).toMatch(new RegExp(`setting policy-cidr-match-mode: "?${mode}"? in ConfigMap kube-system/cilium-config: not analysed`));
      expect(r.stderr, mode).toMatch(/select the pods whose addresses they hold/);
    }
    // and always: an ipBlock that now holds pods may be what admits or refuses them
    const OTHER_CLOSED = DB_CLOSED.replace('name: db,', 'name: other,').replace('app: db', 'app: other');
    expect((await check(SHOP + OTHER_CLOSED + ciliumConfig('  policy-cidr-match-mode: "pods"\n'), FE_DB)).code).toBe(1);
    // no policy for it to change: nothing fails
    expect((await check(SHOP + ciliumConfig('  policy-cidr-match-mode: "pods"\n'), FE_DB)).code).toBe(0);
    expect((await check(SHOP + DB_CLOSED + ciliumConfig('  policy-cidr-match-mode: "podsnodes"\n'), NEVER)).code).toBe(0);
  });

  // docs.cilium.io/en/stable/operations/performance/scalability/identity-relevant-labels/: once an inclusive pattern is
  // given, only the labels it matches are in identities
  it("an identity label filter of cilium-config's own fails invariants closed both ways where the state holds policies", async () => {
    const OTHER_CLOSED = DB_CLOSED.replace('name: db,', 'name: other,').replace('app: db', 'app: other');
    for (const filter of ['k8s:app', 'k8s:!tier']) {
      const r = await check(SHOP + DB_CLOSED + ciliumConfig(`  labels: "${filter}"\n`), NEVER);
      expect(r.code, filter).toBe(1);
      expect(r.stderr, filter).toMatch(/cilium-config: labels: .* is not modelled: Cilium builds identities from the labels this filter keeps/);
      // and always: a selector the filter empties may leave a pod out of the policy that admits it
      expect((await check(SHOP + OTHER_CLOSED, FE_DB)).code, filter).toBe(0);
      expect((await check(SHOP + OTHER_CLOSED + ciliumConfig(`  labels: "${filter}"\n`), FE_DB)).code, filter).toBe(1);
    }
    expect((await check(SHOP + ciliumConfig('  labels: "k8s:app"\n'), FE_DB)).code).toBe(0);
    expect((await check(SHOP + DB_CLOSED + ciliumConfig('  labels: ""\n'), NEVER)).code).toBe(0);
  });

  it("a CiliumNodeConfig's defaults, and cilium-config under Kustomize's hash suffix, are read too", async () => {
    // docs.cilium.io/en/stable/configuration/per-node-config/: its defaults override cilium-config on the nodes it selects
    const nodeConfig = 'apiVersion: cilium.io/v2\nkind: CiliumNodeConfig\nmetadata: { name: audit, namespace: kube-system }\nspec:\n  nodeSelector: {}\n  defaults: { policy-audit-mode: "true" }\n---\n';
    expect((await check(SHOP + DB_CLOSED + nodeConfig, NEVER)).code).toBe(1);
    expect((await check(SHOP + DB_CLOSED + ciliumConfig('  enable-policy: never\n', 'cilium-config-7f9m2t4k8h'), NEVER)).code).toBe(1);
    expect((await check(SHOP + DB_CLOSED + ciliumConfig('  enable-policy: never\n', 'cilium-config-extra'), NEVER)).code).toBe(0);
  });

  it('a settings object declared twice counts as its last declaration, as kubectl apply leaves it', async () => {
    // the later document replaces the earlier one in the cluster: its settings hold, the earlier one's are gone
    const cleared = await check(SHOP + DB_CLOSED + ciliumConfig('  enable-policy: never\n') + ciliumConfig('  debug: "false"\n'), NEVER);
    expect(cleared.code).toBe(0);
    expect(cleared.stderr).toMatch(/ConfigMap kube-system\/cilium-config is declared more than once \(also at .*m\.yaml:\d+\); the last one is used \[RD\d+\]/);
    expect(cleared.stderr).not.toMatch(/enable-policy: never/);
    const set = await check(SHOP + DB_CLOSED + ciliumConfig('  debug: "false"\n') + ciliumConfig('  enable-policy: never\n'), NEVER);
    expect(set.code).toBe(1);
    expect(set.stderr.match(/enable-policy: never is not modelled/g)).toHaveLength(1);
    // Linkerd's cluster-wide default, twice with the same value in one file: reported once, and still failing
    const linkerd = (policy: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: linkerd-config, namespace: linkerd }\ndata:\n  values: |\n    proxy:\n      defaultInboundPolicy: ${policy}\n---\n`;
    const twice = await check(SHOP + linkerd('deny') + linkerd('deny'), FE_DB);
    expect(twice.code).toBe(1);
    expect(twice.stderr.match(/defaultInboundPolicy|default-inbound-policy: deny is not analysed/g)).toHaveLength(1);
    expect((await check(SHOP + linkerd('deny') + linkerd('all-unauthenticated'), FE_DB)).code).toBe(0);
  });

  it("the Amazon VPC CNI's network policy controller turned off leaves the Kubernetes policies unenforced", async () => {
    // docs.aws.amazon.com/eks/latest/userguide/cni-network-policy-configure.html: enable-network-policy-controller in amazon-vpc-cni
    const vpcCni = (value: string, namespace = 'kube-system') => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: amazon-vpc-cni, namespace: ${namespace} }\ndata:\n  enable-windows-ipam: "false"\n  enable-network-policy-controller: "${value}"\n---\n`;
    const off = await check(SHOP + DB_CLOSED + vpcCni('false'), NEVER);
    expect(off.code).toBe(1);
    expect(off.stderr).toMatch(/ConfigMap kube-system\/amazon-vpc-cni: enable-network-policy-controller: false is not modelled: .*enforces no Kubernetes network policy .*\[RD011\]/);
    expect((await check(SHOP + DB_CLOSED + vpcCni('false'), 'invariants:\n  - name: db is isolated\n    isolated: { workloads: { workload: shop/db }, direction: ingress }\n')).code).toBe(1);
    expect((await check(SHOP + DB_CLOSED + vpcCni('true'), NEVER)).code).toBe(0);
    // the controller reads the ConfigMap of kube-system only
    expect((await check(SHOP + DB_CLOSED + vpcCni('false', 'shop'), NEVER)).code).toBe(0);
    // network-policy-api's policies are the controller's too; a Cilium policy is not
    const cnp = 'apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: { name: db }\nspec:\n  tier: Admin\n  priority: 10\n  subject: { namespaces: { matchLabels: { kubernetes.io/metadata.name: shop } } }\n  ingress: [{ action: Deny, from: [{ namespaces: {} }] }]\n---\n';
    expect((await check(SHOP + cnp, NEVER)).code).toBe(0);
    expect((await check(SHOP + cnp + vpcCni('false'), NEVER)).code).toBe(1);
    const cilium = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: { name: db, namespace: shop }\nspec:\n  endpointSelector: { matchLabels: { app: db } }\n  ingressDeny: [{ fromEntities: [all] }]\n---\n';
    expect((await check(SHOP + cilium + vpcCni('false'), NEVER)).code).toBe(0);
  });

  it("Istio's mesh configuration in any YAML or JSON form, and an IstioOperator's", async () => {
    const meshConfig = (mesh: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: istio, namespace: istio-system }\ndata:\n  mesh: |-\n${mesh}---\n`;
    for (const mesh of ['    {"outboundTrafficPolicy": {"mode": "REGISTRY_ONLY"}}\n', '    outboundTrafficPolicy:\n      egressProxy: { host: proxy.example.com }\n      mode: REGISTRY_ONLY\n']) {
      expect((await check(SHOP + meshConfig(mesh), FE_OUT)).code, mesh).toBe(1);
    }
    // istio.io/latest/docs/setup/additional-setup/customize-installation/: meshConfig of an IstioOperator
    const operator = 'apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nmetadata: { name: cp, namespace: istio-system }\nspec:\n  meshConfig: { outboundTrafficPolicy: { mode: REGISTRY_ONLY } }\n---\n';
    expect((await check(SHOP + operator, FE_OUT)).code).toBe(1);
    // github.com/istio/istio/pull/22593: an IstioOperator's meshConfig is implemented as values.meshConfig, which the istiod chart renders into the `istio` ConfigMap
    const values = (mesh: string, over = '') => `apiVersion: install.istio.io/v1alpha1\nkind: IstioOperator\nmetadata: { name: cp, namespace: istio-system }\nspec:\n${over}  values:\n    meshConfig: ${mesh}\n---\n`;
    expect((await check(SHOP + values('{ outboundTrafficPolicy: { mode: REGISTRY_ONLY } }'), FE_OUT)).code).toBe(1);
    expect((await check(SHOP + values('{ outboundTrafficPolicy: { mode: ALLOW_ANY } }'), FE_OUT)).code).toBe(0);
    // where both set it, spec.meshConfig wins
    expect((await check(SHOP + values('{ outboundTrafficPolicy: { mode: REGISTRY_ONLY } }', '  meshConfig: { outboundTrafficPolicy: { mode: ALLOW_ANY } }\n'), FE_OUT)).code).toBe(0);
    expect((await check(SHOP + values('{ outboundTrafficPolicy: { mode: ALLOW_ANY } }', '  meshConfig: { outboundTrafficPolicy: { mode: REGISTRY_ONLY } }\n'), FE_OUT)).code).toBe(1);
  });

  it("Kuma's passthrough off, in the Mesh or a MeshPassthrough, refuses traffic leaving the mesh", async () => {
    // developer.konghq.com/mesh/policies/meshpassthrough/: None disallows all traffic to outside the mesh, Matched all but what it lists
    const mesh = 'apiVersion: kuma.io/v1alpha1\nkind: Mesh\nmetadata: { name: default }\nspec: { networking: { outbound: { passthrough: false } } }\n---\n';
    expect((await check(SHOP + mesh, FE_OUT)).code).toBe(1);
    expect((await check(SHOP + mesh, FE_DB)).code).toBe(0);
    const passthrough = (mode: string) => `apiVersion: kuma.io/v1alpha1\nkind: MeshPassthrough\nmetadata: { name: p, namespace: kuma-system }\nspec:\n  targetRef: { kind: Mesh }\n  default: { passthroughMode: ${mode} }\n---\n`;
    expect((await check(SHOP + passthrough('None'), FE_OUT)).code).toBe(1);
    expect((await check(SHOP + passthrough('Matched'), FE_OUT)).code).toBe(1);
    expect((await check(SHOP + passthrough('All'), FE_OUT)).code).toBe(0);
  });

  it("an Istio AuthorizationPolicy may refuse traffic to external addresses, on the egress gateway or waypoint that carries it", async () => {
    // istio.io/latest/docs/tasks/security/authorization/authz-egress/: an AuthorizationPolicy on the egress gateway refuses
    // the mesh's traffic to external hosts; istio.io/latest/docs/ambient/usage/egress-gateway/: so does one on an egress waypoint
    const ap = (ns: string, action: string) => `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: { name: deny-bank, namespace: ${ns} }\nspec:\n  selector: { matchLabels: { istio: egressgateway } }\n  action: ${action}\n  rules: [{ to: [{ operation: { hosts: [bank.example] } }] }]\n---\n`;
    expect((await check(SHOP, FE_OUT)).code).toBe(0);
    for (const ns of ['istio-system', 'istio-egress']) {
      const r = await check(SHOP + ap(ns, 'DENY'), FE_OUT);
      expect(r.code, ns).toBe(1);
      expect(r.stdout).toMatch(new RegExp(`AuthorizationPolicy ${ns}/deny-bank: not analysed`));
    }
    // AUDIT only logs; and it refuses, never admits: a never invariant to the outside stands
    expect((await check(SHOP + ap('istio-egress', 'AUDIT'), FE_OUT)).code).toBe(0);
    const FE_NEVER_OUT = 'invariants:\n  - name: frontend never reaches the bank\n    never: { from: { workload: shop/frontend }, to: { cidr: 198.51.100.7/32 } }\n';
    const FE_EGRESS = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: fe, namespace: shop }\nspec: { podSelector: { matchLabels: { app: frontend } }, policyTypes: [Egress] }\n---\n';
    expect((await check(SHOP + FE_EGRESS + ap('istio-egress', 'DENY'), FE_NEVER_OUT)).code).toBe(0);
  });

  it("an Istio VirtualService routing through a gateway to an external host carries pods' traffic out from the gateway's pods", async () => {
    // istio.io/latest/docs/tasks/traffic-management/egress/egress-gateway/: the mesh's traffic for the external host goes to
    // the egress gateway, which opens the connection out; the client's egress policy sees only the gateway
    const vs = (host: string) =>
      `apiVersion: networking.istio.io/v1\nkind: VirtualService\nmetadata: { name: bank, namespace: shop }\nspec:\n  hosts: [bank.example]\n  gateways: [mesh, istio-egressgateway]\n  tls:\n  - match: [{ gateways: [istio-egressgateway], port: 443, sniHosts: [bank.example] }]\n    route: [{ destination: { host: ${host}, port: { number: 443 } } }]\n---\n`;
    const FE_NEVER_OUT = 'invariants:\n  - name: frontend never reaches the bank\n    never: { from: { workload: shop/frontend }, to: { cidr: 198.51.100.7/32 } }\n';
    const FE_EGRESS = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: fe, namespace: shop }\nspec: { podSelector: { matchLabels: { app: frontend } }, policyTypes: [Egress] }\n---\n';
    const r = await check(SHOP + FE_EGRESS + vs('bank.example'), FE_NEVER_OUT);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/VirtualService shop\/bank: not analysed .*it may open paths/);
    expect((await check(SHOP + FE_EGRESS + vs('bank.example'), FE_OUT)).code).toBe(1);
    // an ingress route to a Service of the cluster leaves the pods' own paths alone
    expect((await check(SHOP + FE_EGRESS + vs('frontend.shop.svc.cluster.local'), FE_NEVER_OUT)).code).toBe(0);
    expect((await check(SHOP + FE_EGRESS + vs('frontend'), FE_NEVER_OUT)).code).toBe(0);
  });

  it("a Gateway API route of an egress Gateway to a ServiceEntry or Hostname carries pods' traffic out from the Gateway's pods", async () => {
    // istio.io/latest/docs/tasks/traffic-management/egress/egress-gateway/ (Gateway API): the mesh's traffic for the
    // ServiceEntry's host goes to the Gateway, whose route sends it on to the host; the client's egress policy sees the Gateway
    const route = (kind: string, parent: string, backend: string) =>
      `apiVersion: gateway.networking.k8s.io/v1\nkind: ${kind}\nmetadata: { name: out, namespace: shop }\nspec:\n  parentRefs: [${parent}]\n  rules: [{ backendRefs: [${backend}] }]\n---\n`;
    const FE_NEVER_OUT = 'invariants:\n  - name: frontend never reaches the bank\n    never: { from: { workload: shop/frontend }, to: { cidr: 198.51.100.7/32 } }\n';
    const FE_EGRESS = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: fe, namespace: shop }\nspec: { podSelector: { matchLabels: { app: frontend } }, policyTypes: [Egress] }\n---\n';
    const hostname = '{ kind: Hostname, group: networking.istio.io, name: bank.example, port: 443 }';
    const entry = '{ kind: ServiceEntry, group: networking.istio.io, name: bank, port: 443 }';
    const r = await check(SHOP + FE_EGRESS + route('HTTPRoute', '{ name: egress-gw }', hostname), FE_NEVER_OUT);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/HTTPRoute shop\/out: not analysed \(it sends the traffic of its Gateway to Hostname bank\.example.*it may open paths/);
    expect((await check(SHOP + FE_EGRESS + route('TLSRoute', '{ name: egress-gw }', entry), FE_OUT)).code).toBe(1);
    expect((await check(SHOP + FE_EGRESS + route('TCPRoute', '{ name: egress-gw, kind: Gateway }', entry), FE_NEVER_OUT)).code).toBe(1);
    // a route to a Service of the cluster, or a mesh route (its client's proxy opens the connection), leaves the pods' own paths alone
    expect((await check(SHOP + FE_EGRESS + route('HTTPRoute', '{ name: egress-gw }', '{ name: frontend, port: 8080 }'), FE_NEVER_OUT)).code).toBe(0);
    expect((await check(SHOP + FE_EGRESS + route('HTTPRoute', '{ kind: ServiceEntry, group: networking.istio.io, name: bank }', hostname), FE_NEVER_OUT)).code).toBe(0);
  });

  it("Consul's Mesh with meshDestinationsOnly, and its gateways, act on the paths they carry or refuse", async () => {
    // developer.hashicorp.com/consul/docs/connect/config-entries/mesh: with MeshDestinationsOnly, transparent proxies
    // proxy traffic only to upstreams registered in the mesh
    const mesh = (only: boolean) => `apiVersion: consul.hashicorp.com/v1alpha1\nkind: Mesh\nmetadata: { name: mesh }\nspec:\n  transparentProxy: { meshDestinationsOnly: ${only} }\n---\n`;
    const r = await check(SHOP + mesh(true), FE_OUT);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Mesh mesh: not analysed \(with meshDestinationsOnly/);
    expect((await check(SHOP + mesh(true), FE_DB)).code).toBe(1);
    expect((await check(SHOP + mesh(false), FE_OUT)).code).toBe(0);
    expect((await check(SHOP + mesh(true) + DB_CLOSED, NEVER)).code).toBe(0);
    // developer.hashicorp.com/consul/docs/connect/config-entries/terminating-gateway: the mesh's traffic to external
    // services leaves through the gateway's pods
    const terminating = 'apiVersion: consul.hashicorp.com/v1alpha1\nkind: TerminatingGateway\nmetadata: { name: terminating-gateway }\nspec:\n  services: [{ name: payments }]\n---\n';
    const FE_NEVER_OUT = 'invariants:\n  - name: frontend never reaches the bank\n    never: { from: { workload: shop/frontend }, to: { cidr: 198.51.100.7/32 } }\n';
    const FE_EGRESS = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: fe, namespace: shop }\nspec: { podSelector: { matchLabels: { app: frontend } }, policyTypes: [Egress] }\n---\n';
    expect((await check(SHOP + FE_EGRESS, FE_NEVER_OUT)).code).toBe(0);
    expect((await check(SHOP + FE_EGRESS + terminating, FE_NEVER_OUT)).code).toBe(1);
    expect((await check(SHOP + FE_EGRESS + terminating, NEVER)).code).toBe(0);
  });

  it("Linkerd's global egress namespace is its configuration's", async () => {
    // linkerd.io/2-edge/reference/egress-network/: the global egress namespace is configurable (egress.globalEgressNetworkNamespace)
    const config = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: linkerd-config, namespace: linkerd }\ndata:\n  values: |\n    egress:\n      globalEgressNetworkNamespace: egress-global\n---\n';
    const deny = 'apiVersion: policy.linkerd.io/v1alpha1\nkind: EgressNetwork\nmetadata: { name: all, namespace: egress-global }\nspec: { trafficPolicy: Deny }\n---\n';
    expect((await check(SHOP + deny, CLIENT_OUT)).code).toBe(0);
    expect((await check(SHOP + config + deny, CLIENT_OUT)).code).toBe(1);
  });

  it("a namespace declared twice has the last declaration's Linkerd policy", async () => {
    const config = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: linkerd-config, namespace: linkerd }\ndata:\n  values: |\n    proxy: { defaultInboundPolicy: deny }\n---\n';
    // first with its own (which would exempt it from the cluster's deny), then without
    const twice = annotatedShop('all-unauthenticated') + namespace('shop');
    expect((await check(twice + config, FE_DB)).code).toBe(1);
    expect((await check(namespace('shop') + annotatedShop('all-unauthenticated') + config, FE_DB)).code).toBe(0);
  });

  it("a Sidecar's egress hosts limit its pods where the mesh is REGISTRY_ONLY, and nowhere else", async () => {
    // istio.io/latest/docs/reference/config/networking/sidecar/: egress hosts are the services the proxy can reach
    const sidecar = 'apiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: { name: default, namespace: other }\nspec:\n  egress: [{ hosts: ["./*", "istio-system/*"] }]\n---\n';
    const meshConfig = (mode: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: istio, namespace: istio-system }\ndata:\n  mesh: |-\n    outboundTrafficPolicy: { mode: ${mode} }\n---\n`;
    const CLIENT_DB = always('client reaches db', '{ workload: other/client }', '{ workload: shop/db }');
    expect((await check(SHOP + sidecar + meshConfig('REGISTRY_ONLY'), CLIENT_DB)).code).toBe(1);
    expect((await check(SHOP + sidecar + meshConfig('ALLOW_ANY'), CLIENT_DB)).code).toBe(0);
    expect((await check(SHOP + sidecar, CLIENT_DB)).code).toBe(0);
  });

  it('a Kyverno mutation of a ConfigMap whose settings are read may change traffic: it fails closed', async () => {
    const config = ciliumConfig('  enable-policy: default\n');
    const kyverno =
      'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: { name: audit }\nspec:\n  rules:\n  - name: r\n    match: { any: [{ resources: { kinds: [ConfigMap], names: [cilium-config] } }] }\n    mutate: { patchStrategicMerge: { data: { policy-audit-mode: "true" } } }\n---\n';
    const r = await check(SHOP + DB_CLOSED + config + kyverno, NEVER);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/ClusterPolicy audit: not analysed/);
    // without such a ConfigMap, a mutation of ConfigMaps changes nothing reachdiff reads
    expect((await check(SHOP + DB_CLOSED + kyverno, NEVER)).code).toBe(0);
  });

  it("a cloud's firewall may refuse what the policies allow, never allow what they refuse", async () => {
    // cloud.google.com/config-connector/docs/reference/resource-docs/compute/computefirewall: VPC firewall rules
    const firewall = 'apiVersion: compute.cnrm.cloud.google.com/v1beta1\nkind: ComputeFirewall\nmetadata: { name: fw, namespace: infra }\nspec: { networkRef: { name: vpc }, allow: [{ protocol: tcp }] }\n---\n';
    expect((await check(SHOP + DB_CLOSED + firewall, NEVER)).code).toBe(0);
    const r = await check(SHOP + firewall, FE_DB);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/ComputeFirewall infra\/fw: not analysed \(ComputeFirewall of compute\.cnrm\.cloud\.google\.com is a cloud resource/);
  });

  it('a Kyverno rule on ConfigMaps that cannot match one whose settings are read changes nothing read', async () => {
    const config = ciliumConfig('  enable-policy: default\n');
    const rule = (match: string) =>
      `apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: { name: reload }\nspec:\n  rules:\n  - name: r\n    match: { any: [{ resources: { kinds: [ConfigMap]${match} } }] }\n    mutate: { patchStrategicMerge: { metadata: { annotations: { reloader: "true" } } } }\n---\n`;
    expect((await check(SHOP + DB_CLOSED + config + rule(', namespaces: [staging]'), NEVER)).code).toBe(0);
    expect((await check(SHOP + DB_CLOSED + config + rule(', names: [app-*]'), NEVER)).code).toBe(0);
    expect((await check(SHOP + DB_CLOSED + config + rule(', names: [cilium-*]'), NEVER)).code).toBe(1);
    expect((await check(SHOP + DB_CLOSED + config + rule(''), NEVER)).code).toBe(1);
  });

  it("a setting's witness does not change with Kustomize's hash suffix: a diff that keeps it is not newly violated", async () => {
    const base = SHOP + DB_CLOSED + ciliumConfig('  policy-audit-mode: "true"\n  debug: "false"\n', 'cilium-config-7f9m2t4k8h');
    const head = SHOP + DB_CLOSED + ciliumConfig('  policy-audit-mode: "true"\n  debug: "true"\n', 'cilium-config-b6c2d9g5mt');
    const r = await diffManifests(base, head, NEVER);
    expect(r.stdout).toMatch(/FAIL still violated: frontend never reaches db/);
    expect(r.stdout).toMatch(/setting policy-audit-mode: true in ConfigMap kube-system\/cilium-config: not analysed/);
    expect(r.code).toBe(0);
  });

  it('an Envoy Gateway SecurityPolicy with CORS alone, and a Kuma Mesh that refuses nothing, are not reported', async () => {
    const cors = 'apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: SecurityPolicy\nmetadata: { name: cors, namespace: edge }\nspec:\n  targetRefs: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, name: r }]\n  cors: { allowOrigins: ["https://example.com"] }\n---\n';
    const mesh = 'apiVersion: kuma.io/v1alpha1\nkind: Mesh\nmetadata: { name: default }\nspec: {}\n---\n';
    const r = await check(SHOP + cors + mesh, NET_FE);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/RD011/);
  });

  it("the Sail Operator's Istio and OpenShift Service Mesh's control plane set REGISTRY_ONLY too", async () => {
    // github.com/istio-ecosystem/sail-operator (Istio spec.values.meshConfig); docs.redhat.com, ServiceMeshControlPlane outbound policy
    const sail = 'apiVersion: sailoperator.io/v1\nkind: Istio\nmetadata: { name: default }\nspec:\n  namespace: istio-system\n  values: { meshConfig: { outboundTrafficPolicy: { mode: REGISTRY_ONLY } } }\n---\n';
    expect((await check(SHOP + sail, FE_OUT)).code).toBe(1);
    const smcp = 'apiVersion: maistra.io/v2\nkind: ServiceMeshControlPlane\nmetadata: { name: basic, namespace: istio-system }\nspec:\n  proxy: { networking: { trafficControl: { outbound: { policy: REGISTRY_ONLY } } } }\n---\n';
    expect((await check(SHOP + smcp, FE_OUT)).code).toBe(1);
  });

  it('fourth review: what a fix of the third had left or broken', async () => {
    // a Kyverno rule that changes its targets (mutateExisting), whatever it matches
    const config = ciliumConfig('  enable-policy: default\n');
    const existing =
      'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: { name: t }\nspec:\n  rules:\n  - name: r\n    match: { any: [{ resources: { kinds: [ConfigMap], names: [trigger] } }] }\n    mutate:\n      targets: [{ apiVersion: v1, kind: ConfigMap, name: cilium-config, namespace: kube-system }]\n      patchStrategicMerge: { data: { policy-audit-mode: "true" } }\n---\n';
    expect((await check(SHOP + DB_CLOSED + config + existing, NEVER)).code).toBe(1);
    // a namespaced Policy that may change a setting there changes it for the whole cluster
    const namespaced =
      'apiVersion: kyverno.io/v1\nkind: Policy\nmetadata: { name: p, namespace: kube-system }\nspec:\n  rules:\n  - name: r\n    match: { any: [{ resources: { kinds: [ConfigMap], names: [cilium-config] } }] }\n    mutate: { patchStrategicMerge: { data: { policy-audit-mode: "true" } } }\n---\n';
    expect((await check(SHOP + DB_CLOSED + config + namespaced, NEVER)).code).toBe(1);
    // a Kuma Mesh with mTLS and passthrough off: both
    const kuma = 'apiVersion: kuma.io/v1alpha1\nkind: Mesh\nmetadata: { name: default }\nspec:\n  mtls: { enabledBackend: ca-1 }\n  networking: { outbound: { passthrough: false } }\n---\n';
    expect((await check(SHOP + kuma, FE_OUT)).code).toBe(1);
    expect((await check(SHOP + kuma, FE_DB)).code).toBe(1);
    // OpenShift Service Mesh: the control plane's namespace is the root
    const smcp = 'apiVersion: maistra.io/v2\nkind: ServiceMeshControlPlane\nmetadata: { name: basic, namespace: mesh-cp }\nspec: {}\n---\n';
    const deny = 'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: { name: deny, namespace: mesh-cp }\nspec: { action: DENY, rules: [{}] }\n---\n';
    expect((await check(SHOP + smcp + deny, FE_DB)).code).toBe(1);
    expect((await check(SHOP + deny, FE_DB)).code).toBe(0);
    // an Envoy Gateway SecurityPolicy with csrf, or any field but CORS and its targets, may refuse
    const csrf = 'apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: SecurityPolicy\nmetadata: { name: c, namespace: edge }\nspec:\n  targetRefs: [{ group: gateway.networking.k8s.io, kind: HTTPRoute, name: r }]\n  csrf: {}\n---\n';
    expect((await check(SHOP + csrf, NET_FE)).code).toBe(1);
  });

  it("a cloud's filter acts where it stands: a database server's firewall on paths to it, a WAF on traffic from outside", async () => {
    // learn.microsoft.com/azure/postgresql/flexible-server/concepts-firewall-rules: access to the server from addresses outside Azure
    const pg = 'apiVersion: dbforpostgresql.azure.com/v1api20210601\nkind: FlexibleServersFirewallRule\nmetadata: { name: pg, namespace: infra }\nspec: { startIpAddress: 0.0.0.0, endIpAddress: 0.0.0.0 }\n---\n';
    expect((await check(SHOP + pg, FE_DB)).code).toBe(0);
    expect((await check(SHOP + pg, FE_OUT)).code).toBe(1);
    const armor = 'apiVersion: compute.cnrm.cloud.google.com/v1beta1\nkind: ComputeSecurityPolicy\nmetadata: { name: waf, namespace: infra }\nspec: {}\n---\n';
    expect((await check(SHOP + armor, FE_DB)).code).toBe(0);
    expect((await check(SHOP + armor, NET_FE)).code).toBe(1);
    // the first Azure Service Operator's group
    const aso1 = 'apiVersion: azure.microsoft.com/v1alpha1\nkind: AzureSqlFirewallRule\nmetadata: { name: sql, namespace: infra }\nspec: {}\n---\n';
    expect((await check(SHOP + DB_CLOSED + aso1, NEVER)).code).toBe(0);
  });

  it("a cloud's security groups, and the Sail Operator's Istio of its first group, are read too", async () => {
    // aws-controllers-k8s.github.io/community/reference/ec2/v1alpha1/securitygroup/: an EC2 security group
    const sg = 'apiVersion: ec2.services.k8s.aws/v1alpha1\nkind: SecurityGroup\nmetadata: { name: nodes, namespace: infra }\nspec: { name: nodes, description: nodes }\n---\n';
    expect((await check(SHOP + sg, FE_DB)).code).toBe(1);
    expect((await check(SHOP + DB_CLOSED + sg, NEVER)).code).toBe(0);
    const sail = 'apiVersion: operator.istio.io/v1alpha1\nkind: Istio\nmetadata: { name: default }\nspec:\n  values: { meshConfig: { outboundTrafficPolicy: { mode: REGISTRY_ONLY } } }\n---\n';
    expect((await check(SHOP + sail, FE_OUT)).code).toBe(1);
  });

  it("Istio's ConfigMap under Kustomize's hash suffix keeps its name in the witness", async () => {
    const meshConfig = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ${name}, namespace: istio-system }\ndata:\n  mesh: |-\n    outboundTrafficPolicy: { mode: REGISTRY_ONLY }\n---\n`;
    const r = await diffManifests(SHOP + meshConfig('istio-7f9m2t4k8h'), SHOP + meshConfig('istio-b6c2d9g5mt'), FE_OUT);
    expect(r.stdout).toMatch(/FAIL still violated/);
    expect(r.code).toBe(0);
  });

  it('kinds of groups known to govern no traffic, or known groups with other kinds, are not guessed at', async () => {
    const stackrox = 'apiVersion: config.stackrox.io/v1alpha1\nkind: SecurityPolicy\nmetadata: { name: no-root, namespace: stackrox }\nspec: { policyName: no-root }\n---\n';
    const neuvector = 'apiVersion: neuvector.com/v1\nkind: NvAdmissionControlSecurityRule\nmetadata: { name: local }\nspec: {}\n---\n';
    expect((await check(SHOP + DB_CLOSED + stackrox + neuvector, NEVER)).code).toBe(0);
  });
});
