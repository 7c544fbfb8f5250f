/**
 * Cilium's objects that send traffic elsewhere than its address says: an
 * Envoy configuration (CiliumEnvoyConfig, CiliumClusterwideEnvoyConfig)
 * puts the traffic of the Services it names through Envoy listeners that
 * may refuse it or route it to other Services, and a local redirect policy
 * sends traffic to an address or a Service to node-local pods. Neither is
 * modelled: each is reported (RD011) and fails closed the invariants on the
 * paths it may change, and leaves the others alone.
 */
import { describe, expect, it } from 'vitest';
import { checkManifests as check, deployment, namespace } from './helpers.js';

const service = (ns: string, name: string, app: string, port: number) =>
  `apiVersion: v1\nkind: Service\nmetadata: { name: ${name}, namespace: ${ns} }\nspec: { selector: { app: ${app} }, ports: [{ port: ${port} }] }\n---\n`;
const SHOP =
  namespace('shop') +
  deployment('shop', 'frontend', { app: 'frontend' }) +
  deployment('shop', 'backend', { app: 'backend' }, [{ name: 'http', port: 8080 }]) +
  deployment('shop', 'db', { app: 'db' }, [{ name: 'pg', port: 5432 }]) +
  service('shop', 'backend', 'backend', 8080) +
  service('shop', 'db', 'db', 5432);
const FE_DB_CLOSED =
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: db, namespace: shop }\nspec: { podSelector: { matchLabels: { app: db } }, policyTypes: [Ingress], ingress: [{ from: [{ podSelector: { matchLabels: { app: backend } } }] }] }\n---\n';
const invariant = (kind: string, from: string, to: string) => `invariants:\n  - name: ${kind} invariant\n    ${kind}: { from: ${from}, to: ${to} }\n`;
const FE_BACKEND = invariant('always', '{ workload: shop/frontend }', '{ workload: shop/backend }');
const FE_DB = invariant('always', '{ workload: shop/frontend }', '{ workload: shop/db }');
const BACKEND_DB = invariant('always', '{ workload: shop/backend }', '{ workload: shop/db }');
const FE_NEVER_DB = invariant('never', '{ workload: shop/frontend }', '{ workload: shop/db }');
const FE_PAYMENTS = invariant('always', '{ workload: shop/frontend }', '{ cidr: 203.0.113.10/32 }');
const FE_BANK = invariant('always', '{ workload: shop/frontend }', '{ cidr: 198.51.100.0/24 }');

const cec = (kind: string, services: string, extra = '') =>
  `apiVersion: cilium.io/v2\nkind: ${kind}\nmetadata: { name: rbac${kind === 'CiliumEnvoyConfig' ? ', namespace: shop' : ''} }\nspec:\n${services}${extra}  resources: []\n---\n`;

describe('Cilium Envoy configurations', () => {
  // docs.cilium.io/en/stable/network/servicemesh/l7-traffic-management/: spec.services redirects the Services' traffic to
  // the Envoy listener, whose filters (an RBAC filter) may refuse it; backendServices are the Services its routes may send it to
  it("fails closed the invariants on the pods of the Services it names, and leaves the others alone", async () => {
    const own = cec('CiliumEnvoyConfig', '  services: [{ name: backend, namespace: shop }]\n');
    const r = await check(SHOP + own, FE_BACKEND);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/CiliumEnvoyConfig shop\/rbac: not analysed .*it may close paths/);
    expect(r.stderr).toMatch(/CiliumEnvoyConfig shop\/rbac \(cilium\.io\/v2\) is not analysed: .*pods of Services shop\/backend .*\[RD011\]/);
    expect((await check(SHOP + own, FE_DB)).code).toBe(0);
    // the Services its routes may send the traffic to take it: a never invariant to their pods fails closed
    const routed = cec('CiliumEnvoyConfig', '  services: [{ name: backend }]\n', '  backendServices: [{ name: db }]\n');
    expect((await check(SHOP + FE_DB_CLOSED + routed, FE_NEVER_DB)).code).toBe(1);
    expect((await check(SHOP + FE_DB_CLOSED, FE_NEVER_DB)).code).toBe(0);
  });

  it('takes the Service of a clusterwide one in namespace default where it names none', async () => {
    // Cilium's ServiceListener: "In CiliumClusterwideEnvoyConfig namespace defaults to default"
    expect((await check(SHOP + cec('CiliumClusterwideEnvoyConfig', '  services: [{ name: backend, namespace: shop }]\n'), FE_BACKEND)).code).toBe(1);
    expect((await check(SHOP + cec('CiliumClusterwideEnvoyConfig', '  services: [{ name: backend }]\n'), FE_BACKEND)).code).toBe(0);
  });

  it('without Services, fails every invariant closed', async () => {
    // its listeners carry the traffic of the CiliumNetworkPolicies that name them (toPorts listener), of any namespace
    const r = await check(SHOP + cec('CiliumClusterwideEnvoyConfig', ''), FE_DB);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/CiliumClusterwideEnvoyConfig rbac: not analysed/);
  });
});

describe('Cilium local redirect policies', () => {
  // docs.cilium.io/en/stable/network/kubernetes/local-redirect-policy/: traffic to the frontend (addressMatcher, or a
  // serviceMatcher's Service of the policy's namespace) goes to the node-local pods localEndpointSelector selects
  const lrp = (frontend: string) =>
    `apiVersion: cilium.io/v2\nkind: CiliumLocalRedirectPolicy\nmetadata: { name: redirect, namespace: shop }\nspec:\n  redirectFrontend:\n${frontend}  redirectBackend:\n    localEndpointSelector: { matchLabels: { app: db } }\n    toPorts: [{ port: "5432", protocol: TCP }]\n---\n`;
  const byAddress = lrp('    addressMatcher: { ip: 203.0.113.10, toPorts: [{ port: "443", protocol: TCP }] }\n');
  const byService = lrp('    serviceMatcher: { serviceName: backend, namespace: shop, toPorts: [{ port: "8080", protocol: TCP }] }\n');

  it('fails closed the invariants to its address and to the pods it redirects to', async () => {
    const r = await check(SHOP + FE_DB_CLOSED + byAddress, FE_NEVER_DB);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/CiliumLocalRedirectPolicy shop\/redirect: not analysed .*it may open paths/);
    expect((await check(SHOP + byAddress, FE_PAYMENTS)).code).toBe(1);
    // other addresses, and the paths it cannot refuse, stay as they are
    expect((await check(SHOP + byAddress, FE_BANK)).code).toBe(0);
    expect((await check(SHOP + byAddress, BACKEND_DB)).code).toBe(0);
    expect((await check(SHOP + FE_DB_CLOSED, FE_NEVER_DB)).code).toBe(0);
  });

  it("fails closed the invariants to its Service's pods", async () => {
    expect((await check(SHOP + byService, FE_BACKEND)).code).toBe(1);
    expect((await check(SHOP + byService, FE_PAYMENTS)).code).toBe(0);
  });
});
