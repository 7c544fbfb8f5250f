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
const gatewayClass = (name: string, controller: string) =>
  `apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: { name: ${name} }\nspec: { controllerName: ${controller} }\n---\n`;
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

  // istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/ (Automated Deployment) applies to every class of
  // controller istio.io/gateway-controller; kgateway.dev/docs/ (a proxy Deployment and Service per Gateway, in its
  // namespace); projectcontour.io/docs/main/guides/gateway-api/ (the Gateway provisioner deploys Contour and Envoy in the
  // Gateway's namespace): the GatewayClass of the manifests tells the controller, whatever the class's name
  it("a class is read by the controller of the manifests' GatewayClass, else by its default name", () => {
    const effect = (text: string) => load({ 'apps.yaml': APPS, 'gw.yaml': text }).notAnalysed.map((n) => [n.kind, n.effect]);
    const inShop = [['Gateway', { does: 'both', namespace: 'shop', unknownPods: true }]];
    expect(effect(gatewayClass('internal', 'istio.io/gateway-controller') + gateway('internal'))).toEqual(inShop);
    expect(effect(gatewayClass('contour', 'projectcontour.io/gateway-controller') + gateway('contour'))).toEqual(inShop);
    expect(effect(gateway('kgateway'))).toEqual(inShop);
    // a class named istio that the manifests give to another controller is that controller's
    expect(effect(gatewayClass('istio', 'gateway.envoyproxy.io/gatewayclass-controller') + gateway('istio'))).toEqual([]);
    expect(load({ 'apps.yaml': APPS, 'gw.yaml': gateway('internal'), 'class.yaml': gatewayClass('internal', 'istio.io/gateway-controller') }).diagnostics.map((d) => d.message)).toContainEqual(
      expect.stringMatching(/Istio \(GatewayClass internal, of controller istio\.io\/gateway-controller\) deploys its proxy for it in its namespace/),
    );
  });

  // docs.nginx.com/nginx-gateway-fabric/ (Design: from 2.0 the control plane creates an NGINX Deployment and Service per
  // Gateway, install/deploy-data-plane/: in the Gateway's namespace); before 2.0, NGINX ran as a container of the
  // controller's own pod (the 1.x manifests' nginx-gateway Deployment, containers nginx-gateway and nginx)
  it("an NGINX Gateway Fabric Gateway's proxy is where its controller's version puts it, and doubted where none tells", async () => {
    const ngf = (tag: string) =>
      gatewayClass('nginx', 'gateway.nginx.org/nginx-gateway-controller') +
      gateway('nginx') +
      namespace('nginx-gateway') +
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: nginx-gateway, namespace: nginx-gateway }\nspec:\n  selector: { matchLabels: { app: ngf } }\n  template:\n    metadata: { labels: { app: ngf } }\n    spec:\n      containers:\n      - { name: nginx-gateway, image: "ghcr.io/nginx/nginx-gateway-fabric:${tag}", args: [controller, --gatewayclass=nginx] }\n      - { name: nginx, image: "ghcr.io/nginx/nginx-gateway-fabric/nginx:${tag}" }\n---\n`;
    expect(load(APPS + ngf('1.4.0')).notAnalysed).toEqual([]);
    expect((await checkManifests(APPS + ngf('1.4.0'), INVARIANTS)).code).toBe(0);
    expect(load(APPS + ngf('2.0.1')).diagnostics.map((d) => d.message)).toContainEqual(expect.stringMatching(/NGINX Gateway Fabric 2 or later \(GatewayClass nginx, of controller [^)]*; its controller's image ghcr\.io\/nginx\/nginx-gateway-fabric:2\.0\.1 at /));
    expect(load(APPS + ngf('edge')).diagnostics.map((d) => d.message)).toContainEqual(expect.stringMatching(/from version 2\.0 deploys its proxy for it in its namespace, where before it ran NGINX in its controller's own pod, and the tag of its controller's image [^ ]+:edge/));
    const r = await checkManifests(APPS + gateway('nginx'), INVARIANTS);
    expect(r.stderr).toMatch(/NGINX Gateway Fabric \(GatewayClass nginx\) from version 2\.0 deploys its proxy[^\n]*the manifests hold no controller of it whose image tells which runs[^\n]*\[RD011\]/);
    expect(r.code).toBe(1);
  });
});


/**
 * Envoy Gateway deploys each Gateway's proxy in its own namespace
 * (envoy-gateway-system) by default, and in the Gateway's namespace under
 * Gateway Namespace Mode, its configuration's
 * `provider.kubernetes.deploy.type: GatewayNamespace`
 * (gateway.envoyproxy.io/latest/tasks/operations/gateway-namespace-mode/),
 * which its chart writes into the envoy-gateway.yaml key of the
 * envoy-gateway-config ConfigMap.
 */
describe("Envoy Gateway's proxies", () => {
  const EG_CLASS = gatewayClass('eg', 'gateway.envoyproxy.io/gatewayclass-controller');
  const config = (body: string) =>
    `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: envoy-gateway-config, namespace: envoy-gateway-system }\ndata:\n  envoy-gateway.yaml: |\n${body
      .split('\n')
      .map((l) => `    ${l}`)
      .join('\n')}\n---\n`;
  const MODE = (type: string, controller = '') =>
    config(`apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: EnvoyGateway\n${controller}provider:\n  type: Kubernetes\n  kubernetes:\n    deploy:\n      type: ${type}`);
  const inShop = [['Gateway', { does: 'both', namespace: 'shop', unknownPods: true }]];
  const effect = (text: string) => load(APPS + text).notAnalysed.map((n) => [n.kind, n.effect]);

  it('in Gateway Namespace Mode the proxy is a pod of the Gateway\'s namespace, and the invariants on that namespace fail closed', async () => {
    expect(effect(EG_CLASS + gateway('eg') + MODE('ControllerNamespace'))).toEqual([]);
    expect(effect(EG_CLASS + gateway('eg'))).toEqual([]);
    const r = await checkManifests(APPS + EG_CLASS + gateway('eg') + MODE('GatewayNamespace'), INVARIANTS);
    // before, the configuration was not read, and both invariants held
    expect(r.stderr).toMatch(/Gateway shop\/gw \(gateway\.networking\.k8s\.io\/v1\) is not analysed: Envoy Gateway in Gateway Namespace Mode \(GatewayClass eg, of controller gateway\.envoyproxy\.io\/gatewayclass-controller; its configuration at [^)]*:\d+\) deploys its proxy for it in its namespace[^\n]*\[RD011\]/);
    expect(r.stdout).not.toMatch(/ok\s+holds/);
    expect(r.code).toBe(1);
  });

  it('a class the manifests do not define may be that Envoy Gateway\'s, whose classes take any name', () => {
    // gateway.envoyproxy.io's quickstart defines its GatewayClass eg beside the Gateway: a repository may hold the Gateway alone
    expect(effect(gateway('eg') + MODE('GatewayNamespace'))).toEqual(inShop);
    expect(load(APPS + gateway('eg') + MODE('GatewayNamespace')).diagnostics.map((d) => d.message).join('\n')).toMatch(/GatewayClass eg is not in the manifests, and may be of the Envoy Gateway whose configuration at [^ ]+:\d+ sets Gateway Namespace Mode/);
    expect(effect(gateway('eg') + MODE('ControllerNamespace'))).toEqual([]);
    // a class the manifests define is read by its controller
    expect(effect(gatewayClass('eg', 'example.com/other') + gateway('eg') + MODE('GatewayNamespace'))).toEqual([]);
  });

  it('a configuration is read for the controller it names; one that does not parse doubts the proxy', () => {
    const other = MODE('GatewayNamespace', 'gateway:\n  controllerName: example.com/other\n');
    expect(effect(EG_CLASS + gateway('eg') + other)).toEqual([]);
    expect(effect(gatewayClass('eg', 'example.com/other') + gateway('eg') + other)).toEqual(inShop);
    const broken = config('kind: EnvoyGateway\nprovider: [unclosed');
    expect(effect(EG_CLASS + gateway('eg') + broken)).toEqual(inShop);
    expect(load(APPS + EG_CLASS + gateway('eg') + broken).diagnostics.map((d) => d.message).join('\n')).toMatch(/Envoy Gateway \(GatewayClass eg, of controller gateway\.envoyproxy\.io\/gatewayclass-controller\) deploys its proxy for it in its namespace under Gateway Namespace Mode, and its configuration at [^ ]+:\d+ does not parse/);
  });
});
