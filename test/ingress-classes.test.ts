/**
 * A cluster may run several ingress controllers, each serving the
 * Ingresses of its own IngressClass (kubernetes.io/docs/concepts/
 * services-networking/ingress/#ingress-class;
 * kubernetes.github.io/ingress-nginx/user-guide/multiple-ingress/), and two
 * may serve one class at once while one replaces the other (Traefik's
 * kubernetesIngressNGINX provider takes the Ingresses of ingress-nginx's
 * class: doc.traefik.io/traefik/migrate/nginx-to-traefik/). The controller
 * the config declares cannot carry an Ingress to a workload whose policies
 * keep it out: where such an Ingress leads, another controller may be
 * carrying traffic from its own pods, which those policies may let in.
 */
import { describe, expect, it } from 'vitest';
import { checkManifests, deployment, diffManifests, namespace, policy } from './helpers.js';

const ingress = (spec: string, kind = 'Ingress') =>
  kind === 'Ingress'
    ? `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: { name: db, namespace: shop }\nspec:\n${spec}  rules: [{ http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: db, port: { number: 5432 } } } }] } }]\n---\n`
    : 'apiVersion: route.openshift.io/v1\nkind: Route\nmetadata: { name: db, namespace: shop }\nspec: { to: { kind: Service, name: db }, port: { targetPort: 5432 } }\n---\n';
const ingressClass = (name: string, controller: string, isDefault = false) =>
  `apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: ${name}\n${isDefault ? '  annotations: { ingressclass.kubernetes.io/is-default-class: "true" }\n' : ''}spec: { controller: ${controller} }\n---\n`;
const service = 'apiVersion: v1\nkind: Service\nmetadata: { name: db, namespace: shop }\nspec: { selector: { app: db }, ports: [{ port: 5432 }] }\n---\n';
/** db admits pods of one namespace only; the declared controller runs in ingress-nginx. */
const shop = (admitted: string) =>
  namespace('shop') +
  deployment('shop', 'db', { app: 'db' }, [{ name: 'pg', port: 5432 }]) +
  service +
  policy('shop', 'db-from', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': admitted } } }] }] });
const CONFIG =
  'ingress-controller: { namespace: ingress-nginx, labels: { app.kubernetes.io/name: ingress-nginx } }\noutside:\n  namespaces:\n    - name: ingress-nginx\n    - name: traefik\ninvariants:\n  - name: internet never db\n    never: { from: internet, to: { workload: shop/db } }\n';
const ANOTHER = /shop\/db\[Deployment\]: Ingress shop\/db route TCP 5432 to it from outside the cluster, which its ingress policies keep the declared ingress controller from: another controller may serve it/;

describe('an ingress object the declared controller cannot carry to a workload', () => {
  it('of another class, an IngressClass of another controller, fails a never invariant from the internet closed', async () => {
    const r = await checkManifests(shop('traefik') + ingress('  ingressClassName: traefik\n') + ingressClass('traefik', 'traefik.io/ingress-controller'), CONFIG);
    expect(r.stdout).not.toMatch(/ok\s+holds/);
    expect(r.stdout).toMatch(ANOTHER);
    expect(r.code).toBe(1);
  });

  it("so does one of the declared controller's class, or of none, or of a default IngressClass, which a second controller may serve too", async () => {
    for (const manifests of [
      shop('traefik') + ingress('  ingressClassName: nginx\n'),
      shop('traefik') + ingress(''),
      shop('traefik') + ingress('') + ingressClass('traefik', 'traefik.io/ingress-controller', true),
    ]) {
      const r = await checkManifests(manifests, CONFIG);
      expect(r.stdout).toMatch(ANOTHER);
      expect(r.code).toBe(1);
    }
  });

  it('in a pull request that adds it, the check fails', async () => {
    const r = await diffManifests(shop('ingress-nginx').replace('ingress-nginx', 'nobody'), shop('traefik') + ingress('  ingressClassName: nginx-external\n'), CONFIG);
    expect(r.stdout).toMatch(/FAIL newly violated: internet never db/);
    expect(r.stdout).toMatch(ANOTHER);
  });

  it('an OpenShift Route alike (a router may run in shards)', async () => {
    const r = await checkManifests(shop('traefik') + ingress('', 'Route'), CONFIG);
    expect(r.stdout).toMatch(/Route shop\/db route TCP 5432 to it from outside the cluster, which its ingress policies keep the declared ingress controller from: another controller may serve it/);
    expect(r.code).toBe(1);
  });

  it('where the declared controller gets in, its path is the witness; where no object routes there, the invariant holds', async () => {
    const admitted = await checkManifests(shop('ingress-nginx') + ingress('  ingressClassName: traefik\n'), CONFIG);
    expect(admitted.stdout).toMatch(/\{ingress-controller\} => shop\/db\[Deployment\]/);
    expect(admitted.stdout).not.toMatch(/another controller may serve it/);
    const none = await checkManifests(shop('traefik'), CONFIG);
    expect(none.stdout).toMatch(/ok\s+holds: internet never db/);
    expect(none.code).toBe(0);
  });

  // a cloud load balancer's Ingress is left to its own check (cloud-ingress-class.test.ts): a backend that keeps every outside address out holds
  it("not a cloud load balancer's, whose traffic comes from the load balancer", async () => {
    const r = await checkManifests(shop('traefik') + ingress('  ingressClassName: alb\n'), CONFIG);
    expect(r.stdout).not.toMatch(/another controller may serve it/);
    expect(r.stdout).toMatch(/ok\s+holds: internet never db/);
  });
});
