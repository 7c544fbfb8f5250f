/**
 * A cluster may run several ingress controllers, each serving the
 * Ingresses of its own IngressClass (kubernetes.io/docs/concepts/
 * services-networking/ingress/#ingress-class;
 * kubernetes.github.io/ingress-nginx/user-guide/multiple-ingress/). The
 * controller the config declares stands only for the Ingresses of the
 * classes it lists: another controller's traffic comes from its own pods,
 * which a policy may let in where it keeps the declared one out.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/check/config.js';
import { checkManifests, deployment, namespace, policy } from './helpers.js';

const ingress = (spec: string) =>
  `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: { name: db, namespace: shop }\nspec:\n${spec}  rules: [{ http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: db, port: { number: 5432 } } } }] } }]\n---\n`;
const ingressClass = (name: string, controller: string, isDefault = false) =>
  `apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: ${name}\n${isDefault ? '  annotations: { ingressclass.kubernetes.io/is-default-class: "true" }\n' : ''}spec: { controller: ${controller} }\n---\n`;
const service = 'apiVersion: v1\nkind: Service\nmetadata: { name: db, namespace: shop }\nspec: { selector: { app: db }, ports: [{ port: 5432 }] }\n---\n';
/** db admits only pods of namespace traefik, where another controller runs; the declared one runs in ingress-nginx. */
const shop = (admitted: string) =>
  namespace('shop') +
  deployment('shop', 'db', { app: 'db' }, [{ name: 'pg', port: 5432 }]) +
  service +
  policy('shop', 'db-from-controller', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': admitted } } }] }] });
const SHOP = shop('traefik');
const config = (controller: string) =>
  `ingress-controller: { namespace: ingress-nginx, labels: { app.kubernetes.io/name: ingress-nginx }${controller} }\noutside:\n  namespaces:\n    - name: ingress-nginx\n    - name: traefik\ninvariants:\n  - name: internet never db\n    never: { from: internet, to: { workload: shop/db } }\n`;

describe('Ingresses of classes the declared controller is not known to serve', () => {
  it('without classes in the config, an Ingress routing to a workload that keeps the declared controller out fails closed', async () => {
    const r = await checkManifests(SHOP + ingress('  ingressClassName: traefik\n') + ingressClass('traefik', 'traefik.io/ingress-controller'), config(''));
    expect(r.stdout).not.toMatch(/ok\s+holds/);
    expect(r.stdout).toMatch(
      /shop\/db\[Deployment\]: Ingress shop\/db route TCP 5432 to it from outside the cluster, which its ingress policies keep the declared ingress controller from, and Ingress shop\/db: the config does not say which Ingress classes the declared controller serves \(ingress-controller\.classes\), and another controller may serve this one, of its class traefik/,
    );
    expect(r.code).toBe(1);
  });

  it('with classes, one of a class it does not list fails closed, one it lists holds', async () => {
    const other = await checkManifests(SHOP + ingress('  ingressClassName: traefik\n'), config(', classes: [nginx]'));
    expect(other.stdout).toMatch(/it has class traefik, and it is not among those the declared controller serves \(ingress-controller\.classes: nginx\), so another controller may serve it/);
    expect(other.code).toBe(1);
    // the older annotation names the class too
    const annotated = await checkManifests(SHOP + ingress('').replace('metadata: { name: db, namespace: shop }', 'metadata: { name: db, namespace: shop, annotations: { kubernetes.io/ingress.class: nginx-external } }'), config(', classes: [nginx]'));
    expect(annotated.stdout).toMatch(/it has class nginx-external/);
    const own = await checkManifests(SHOP + ingress('  ingressClassName: nginx\n'), config(', classes: [nginx]'));
    expect(own.stdout).toMatch(/ok\s+holds: internet never db/);
    expect(own.code).toBe(0);
  });

  // kubernetes.io/docs/concepts/services-networking/ingress/#default-ingress-class: an Ingress made without a class gets the default one
  it("one naming no class takes the manifests' default IngressClass, else it is the declared controller's only where the config says so", async () => {
    const byDefault = await checkManifests(SHOP + ingress('') + ingressClass('traefik', 'traefik.io/ingress-controller', true), config(', classes: [nginx], withoutClass: true'));
    expect(byDefault.stdout).toMatch(/it has the default IngressClass traefik, as it names none, and it is not among those/);
    expect(byDefault.code).toBe(1);
    const ours = await checkManifests(SHOP + ingress('') + ingressClass('nginx', 'k8s.io/ingress-nginx', true), config(', classes: [nginx]'));
    expect(ours.stdout).toMatch(/ok\s+holds: internet never db/);
    const unsaid = await checkManifests(SHOP + ingress(''), config(', classes: [nginx]'));
    expect(unsaid.stdout).toMatch(/it has no class \(the cluster's default IngressClass, if any, applies\), and the config does not say the declared controller serves Ingresses without one \(ingress-controller\.withoutClass\)/);
    expect(unsaid.code).toBe(1);
    const said = await checkManifests(SHOP + ingress(''), config(', classes: [nginx], withoutClass: true'));
    expect(said.stdout).toMatch(/ok\s+holds: internet never db/);
    expect(said.code).toBe(0);
  });

  it('where the declared controller gets in, the path is a witness as before, whatever the class', async () => {
    const r = await checkManifests(shop('ingress-nginx') + ingress('  ingressClassName: traefik\n'), config(''));
    expect(r.stdout).toMatch(/\{ingress-controller\} => shop\/db\[Deployment\]/);
    expect(r.stdout).not.toMatch(/ingress-controller\.classes/);
  });

  it('the config reads classes as IngressClass names and withoutClass as a boolean beside them', () => {
    const parsed = parseConfig('ingress-controller: { namespace: ingress-nginx, labels: {}, classes: [nginx, nginx-internal], withoutClass: true }\n', 'c.yml');
    expect(parsed.ingressController).toEqual({ namespace: 'ingress-nginx', labels: {}, classes: ['nginx', 'nginx-internal'], withoutClass: true });
    expect(() => parseConfig('ingress-controller: { namespace: ingress-nginx, labels: {}, classes: nginx }\n', 'c.yml')).toThrow(/c\.yml:1: ingress-controller\.classes must be a list/);
    expect(() => parseConfig('ingress-controller: { namespace: ingress-nginx, labels: {}, classes: [Nginx_1] }\n', 'c.yml')).toThrow(/ingress-controller\.classes must list IngressClass names \(such as nginx\), not "Nginx_1"/);
    expect(() => parseConfig('ingress-controller: { namespace: ingress-nginx, labels: {}, classes: [nginx], withoutClass: yes please }\n', 'c.yml')).toThrow(/ingress-controller\.withoutClass must be true or false/);
    expect(() => parseConfig('ingress-controller: { namespace: ingress-nginx, labels: {}, withoutClass: true }\n', 'c.yml')).toThrow(/ingress-controller\.withoutClass goes with classes/);
  });
});
