/**
 * Gateway API implementations that deploy a Gateway's proxy as pods of the
 * Gateway's own namespace: those pods are not in the manifests, and no
 * policy of them may select them, so invariants on the pods of that
 * namespace fail closed (RD011), not only those on traffic from outside
 * through the Gateway's routes.
 */
import { describe, expect, it } from 'vitest';
import { checkManifests, deployment, load, namespace, policy } from './helpers.js';

const APPS =
  namespace('shop') +
  deployment('shop', 'api', { app: 'api' }, [{ port: 8080 }]) +
  policy('shop', 'api', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] }) +
  namespace('web') +
  deployment('web', 'front', { app: 'front' });
const INVARIANTS = `invariants:
  - name: web never reaches shop
    never: { from: { namespace: web }, to: { namespace: shop } }
  - name: shop isolated
    isolated: { workloads: { namespace: shop }, direction: ingress }
`;
const gateway = (className: string, more = '') =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: { name: gw, namespace: shop }\nspec:\n  gatewayClassName: ${className}\n  listeners: [ { name: http, port: 80, protocol: HTTP } ]\n${more}---\n`;

describe("a Gateway whose implementation runs its proxy in the Gateway's namespace", () => {
  // istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/ (Automated Deployment): "each Gateway will
  // automatically provision a Service and Deployment", named NAME-istio, in the Gateway's namespace
  it('an Istio Gateway fails the invariants on the pods of its namespace closed', async () => {
    expect((await checkManifests(APPS + gateway('example'), INVARIANTS)).code).toBe(0);
    const r = await checkManifests(APPS + gateway('istio'), INVARIANTS);
    expect(r.stderr).toMatch(/Gateway shop\/gw \(gateway\.networking\.k8s\.io\/v1\) is not analysed: Istio \(GatewayClass istio\) deploys its proxy for it in its namespace[^\n]*\[RD011\]/);
    expect(r.stdout).not.toMatch(/ok\s+holds/);
    expect(r.stdout.match(/Gateway shop\/gw: not analysed/g)).toHaveLength(2);
    expect(r.code).toBe(1);
  });

  // istio.io/latest/docs/ambient/usage/waypoint/: a waypoint is a Gateway of class istio-waypoint, deployed the same way;
  // docs.nginx.com/nginx-gateway-fabric/install/deploy-data-plane/: NGINX Gateway Fabric "creates a Service and an NGINX
  // deployment in the same namespace as the Gateway"
  it("so do an Istio waypoint and an NGINX Gateway Fabric Gateway; another implementation's does not", () => {
    const effect = (text: string) => load(APPS + text).notAnalysed.map((n) => [n.kind, n.effect]);
    const inShop = [['Gateway', { does: 'both', namespace: 'shop', unknownPods: true }]];
    expect(effect(gateway('istio-waypoint'))).toEqual(inShop);
    expect(effect(gateway('nginx'))).toEqual(inShop);
    expect(effect(gateway('eg'))).toEqual([]);
  });

  // istio.io, gateway-api task, Manual Deployment: a Gateway whose spec.addresses name a Service (type Hostname) is
  // linked to that Service's existing deployment, and Istio deploys nothing for it
  it('an Istio Gateway linked to a Service that runs elsewhere deploys nothing', async () => {
    const manual = gateway('istio', '  addresses: [ { value: istio-ingressgateway.istio-ingress.svc.cluster.local, type: Hostname } ]\n');
    expect(load(APPS + manual).notAnalysed).toEqual([]);
    expect((await checkManifests(APPS + manual, INVARIANTS)).code).toBe(0);
  });
});
