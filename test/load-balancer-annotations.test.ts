/**
 * Annotations that say who may reach a load balancer or an Ingress from
 * outside the cluster: the source ranges annotation a cloud provider reads
 * where spec.loadBalancerSourceRanges is empty, the annotations that make a
 * load balancer internal, and ingress-nginx's source range annotations.
 */
import { describe, expect, it } from 'vitest';
import { diffOutside } from '../src/change/outside.js';
import { outsidePaths } from '../src/engine/outside.js';
import { deployment, diffManifests, load, matrixOf, namespace } from './helpers.js';

const DB = namespace('shop') + deployment('shop', 'db', { app: 'db' }, [{ name: 'pg', port: 5432 }]);

/** A LoadBalancer Service for db, without node ports (which its source ranges would not guard). */
function lb(annotations: string, extra = '', type = 'LoadBalancer'): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: db
  namespace: shop
  annotations: {${annotations}}
spec:
  type: ${type}
  allocateLoadBalancerNodePorts: false
  selector: {app: db}
  ports: [{port: 5432, targetPort: pg}]
${extra}---
`;
}


describe('service.beta.kubernetes.io/load-balancer-source-ranges', () => {
  // k8s.io/api core/v1 AnnotationLoadBalancerSourceRangesKey: "the key of the annotation on a service to set allowed
  // ingress ranges on their LoadBalancers. It should be a comma-separated list of CIDRs ... Not all cloud providers
  // support this annotation, though AWS & GCE do"; k8s.io/cloud-provider's GetLoadBalancerSourceRanges reads it where
  // spec.loadBalancerSourceRanges is empty
  // kube-proxy reads only spec.loadBalancerSourceRanges (kubernetes pkg/proxy/serviceport.go), so where MetalLB or a
  // plugin's load balancer takes the Service, the annotation limits nothing: it is shown with the path, not modelled
  it('is shown with the load balancer, which it does not narrow (only some providers read it), so dropping it is a change', async () => {
    const office = DB + lb('service.beta.kubernetes.io/load-balancer-source-ranges: "10.0.0.0/8"');
    const open = DB + lb('');
    const paths = outsidePaths(matrixOf(office));
    expect(paths.map((p) => [p.via, p.conn.toString()])).toEqual([['Service shop/db (LoadBalancer, source ranges annotation 10.0.0.0/8)', 'TCP 5432']]);
    const changes = diffOutside(matrixOf(office), matrixOf(open));
    expect(changes.length).toBeGreaterThan(0);
    const r = await diffManifests(office, open, 'invariants: []\n', ['--format', 'md']);
    expect(r.stdout).not.toMatch(/no reachability change/);
    // not narrowed: the load balancer's path is from every address, where the field's ranges narrow it
    expect(outsidePaths(matrixOf(office)).map((p) => p.from)).toEqual(outsidePaths(matrixOf(open)).map((p) => p.from));
    const field = DB + lb('', '  loadBalancerSourceRanges: [10.0.0.0/8]\n');
    expect(outsidePaths(matrixOf(field)).map((p) => p.from)).not.toEqual(outsidePaths(matrixOf(open)).map((p) => p.from));
  });

  it('is read as GetLoadBalancerSourceRanges reads it: items between commas, blanks trimmed; the field, where set, wins; blank is every address', () => {
    const ranges = (annotations: string, extra = '') => {
      const s = load(DB + lb(annotations, extra)).services[0]!;
      return { field: s.loadBalancerSourceRanges, annotation: s.annotatedSourceRanges };
    };
    expect(ranges('service.beta.kubernetes.io/load-balancer-source-ranges: " 10.0.0.0/8,  192.168.1.7/24 "')).toEqual({ field: [], annotation: '10.0.0.0/8, 192.168.1.0/24' });
    expect(ranges('service.beta.kubernetes.io/load-balancer-source-ranges: "10.0.0.0/8"', '  loadBalancerSourceRanges: [172.16.0.0/12]\n')).toEqual({ field: ['172.16.0.0/12'], annotation: undefined });
    expect(ranges('service.beta.kubernetes.io/load-balancer-source-ranges: " "')).toEqual({ field: [], annotation: undefined });
  });

  // kubernetes pkg/apis/core/validation ValidateService: where the field is empty the annotation is validated, "must be
  // a list of IP ranges", and "may only be used when `type` is 'LoadBalancer'"
  it('a value that does not parse, or one on a Service that is not a LoadBalancer, is refused (RD003), as the API server refuses the Service', () => {
    for (const [annotations, type, message] of [
      ['service.beta.kubernetes.io/load-balancer-source-ranges: "10.0.0.0/8,office"', 'LoadBalancer', /load-balancer-source-ranges\]: .*office.*the API server refuses the Service/],
      ['service.beta.kubernetes.io/load-balancer-source-ranges: "10.0.0.0/8,"', 'LoadBalancer', /an empty item: the API server refuses the Service/],
      ['service.beta.kubernetes.io/load-balancer-source-ranges: "10.0.0.0/8"', 'NodePort', /may only be used where spec.type is LoadBalancer, not NodePort/],
    ] as const) {
      const cluster = load(DB + lb(annotations, '', type).replace('  allocateLoadBalancerNodePorts: false\n', ''));
      expect(cluster.services, annotations).toEqual([]);
      expect(cluster.diagnostics.map((d) => `${d.code} ${d.message}`), annotations).toContainEqual(expect.stringMatching(new RegExp(`^RD003 .*${message.source}`)));
    }
  });
});

describe('internal load balancers', () => {
  // kubernetes.io/docs/concepts/services-networking/service/#internal-load-balancer (GKE, AWS, Azure annotations);
  // cloud-provider-aws: aws-load-balancer-internal is internal unless "false"; kubernetes-sigs.github.io/aws-load-balancer-controller
  // service annotations: aws-load-balancer-scheme, internal by default for the controller's load balancers; GCE's
  // GetLoadBalancerAnnotationType: the first of networking.gke.io/ and cloud.google.com/load-balancer-type set decides
  it('an internal load balancer is shown as such, from every address the policies admit, so a change to internet-facing is a change', () => {
    const internal = [
      'service.beta.kubernetes.io/aws-load-balancer-internal: "true"',
      'service.beta.kubernetes.io/aws-load-balancer-scheme: internal',
      'service.beta.kubernetes.io/aws-load-balancer-type: external',
      'networking.gke.io/load-balancer-type: Internal',
      'cloud.google.com/load-balancer-type: internal',
      'service.beta.kubernetes.io/azure-load-balancer-internal: "true"',
    ];
    for (const a of internal) {
      const paths = outsidePaths(matrixOf(DB + lb(a)));
      expect(paths.map((p) => p.via), a).toEqual(['Service shop/db (LoadBalancer, internal)']);
      const changes = diffOutside(matrixOf(DB + lb(a)), matrixOf(DB + lb('')));
      expect(changes.map((c) => [c.type, c.via]), a).toEqual([
        ['opened', 'Service shop/db (LoadBalancer)'],
        ['closed', 'Service shop/db (LoadBalancer, internal)'],
      ]);
    }
    for (const a of [
      'service.beta.kubernetes.io/aws-load-balancer-internal: "false"',
      'service.beta.kubernetes.io/aws-load-balancer-type: external, service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing',
      'networking.gke.io/load-balancer-type: External, cloud.google.com/load-balancer-type: Internal',
      'service.beta.kubernetes.io/azure-load-balancer-internal: "false"',
    ]) {
      expect(outsidePaths(matrixOf(DB + lb(a))).map((p) => p.via), a).toEqual(['Service shop/db (LoadBalancer)']);
    }
  });
});

describe("ingress-nginx's source ranges", () => {
  // kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#whitelist-source-range and
  // #denylist-source-range (internal/ingress/annotations/ipallowlist reads allowlist-source-range too): the address the
  // controller checks is the client's as it sees it, which depends on what is in front of it
  it('an Ingress that limits its clients by address is shown with them, so dropping or widening them is a change', async () => {
    const web = DB + `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: db}
  ports: [{port: 80, targetPort: pg}]
---
`;
    const ingress = (annotations: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop, annotations: {${annotations}}}
spec:
  ingressClassName: nginx
  rules:
    - http:
        paths:
          - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
---
`;
    const office = web + ingress('nginx.ingress.kubernetes.io/whitelist-source-range: "10.0.0.0/8"');
    expect(outsidePaths(matrixOf(office)).map((p) => p.via)).toEqual(['Ingress shop/web (whitelist-source-range: 10.0.0.0/8)']);
    const changes = diffOutside(matrixOf(office), matrixOf(web + ingress('')));
    expect(changes.map((c) => [c.type, c.via])).toEqual([
      ['opened', 'Ingress shop/web'],
      ['closed', 'Ingress shop/web (whitelist-source-range: 10.0.0.0/8)'],
    ]);
    const r = await diffManifests(office, web + ingress('nginx.ingress.kubernetes.io/allowlist-source-range: "0.0.0.0/0"'), 'invariants: []\n', ['--format', 'md']);
    expect(r.stdout).not.toMatch(/no reachability change/);
    // another controller's Ingress does not carry ingress-nginx's annotations
    const traefik = (office.replace('ingressClassName: nginx', 'ingressClassName: traefik'));
    expect(outsidePaths(matrixOf(traefik)).map((p) => p.via)).toEqual(['Ingress shop/web']);
  });
});
