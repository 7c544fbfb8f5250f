/**
 * A LoadBalancer Service with externalTrafficPolicy Local keeps the client's
 * address only where its load balancer passes it on: kube-proxy does not
 * replace it (kubernetes.io/docs/tutorials/services/source-ip/, "Source IP
 * for Services with Type=LoadBalancer"), but a load balancer that proxies
 * sends from its own address ("Cross-platform support": some cloud load
 * balancers do not preserve it). On AWS the in-tree default, the Classic
 * ELB, proxies (kubernetes/cloud-provider-aws docs/service_controller.md);
 * an NLB keeps the client's address for instance targets and, for TCP, not
 * for IP targets unless preserve_client_ip.enabled is set
 * (docs.aws.amazon.com/elasticloadbalancing/latest/network/edit-target-group-attributes.html,
 * "Client IP preservation"; kubernetes-sigs.github.io/aws-load-balancer-controller
 * guide/service/annotations: nlb-target-type, default instance with the
 * loadBalancerClass; target-group-attributes). GKE's LoadBalancer Services
 * are passthrough Network Load Balancers (cloud.google.com/kubernetes-engine/docs/concepts/service-load-balancer),
 * MetalLB only announces the address (metallb.universe.tf/usage/), and
 * Azure's load balancer passes packets through (learn.microsoft.com/azure/aks/load-balancer-standard,
 * "Maintain the client's IP on inbound connections").
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, deployment, namespace, policy, tree } from './helpers.js';

const DB = namespace('shop') + deployment('shop', 'db', { app: 'db' }, [{ name: 'pg', port: 5432 }]);
const FROM_10 = policy('shop', 'db', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] });
const DENY = policy('shop', 'db', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'] });
const LB = (annotations = '', spec = '') => `apiVersion: v1
kind: Service
metadata:
  name: db
  namespace: shop
  annotations: {${annotations}}
spec:
  type: LoadBalancer
  externalTrafficPolicy: Local
  selector: {app: db}
  ports: [{port: 5432, targetPort: pg}]
${spec}---
`;
const ONLY_10 = 'invariants:\n  - name: only 10/8 reaches db\n    only: { to: { namespace: shop, labels: { app: db } }, from: [ { cidr: 10.0.0.0/8 } ] }\n';
const NEVER_DOC = 'invariants:\n  - name: 192.0.2.0/24 never reaches db\n    never: { from: { cidr: 192.0.2.0/24 }, to: { workload: shop/db } }\n';
const NEVER_INTERNET = 'invariants:\n  - name: internet never db\n    never: { from: internet, to: { workload: shop/db } }\n';

async function check(manifests: string, config: string) {
  const root = tree({ 'm.yaml': manifests, 'c.yml': config });
  return cli(['check', join(root, 'm.yaml'), '--config', join(root, 'c.yml'), '--pod-cidr', '192.168.0.0/16']);
}

const PROXIED = /shop\/db\[Deployment\]: Service shop\/db \(LoadBalancer, externalTrafficPolicy: Local\) takes TCP 5432 for it from outside the cluster through a load balancer not known to pass the client's address on/;

describe('a LoadBalancer with externalTrafficPolicy Local whose load balancer may proxy', () => {
  it('fails an only invariant on an outside range closed where the policies admit some outside address', async () => {
    const r = await check(DB + FROM_10 + LB(), ONLY_10);
    expect(r.stdout).toMatch(/FAIL violated: only 10\/8 reaches db/);
    expect(r.stdout).toMatch(PROXIED);
    expect(r.stdout).toMatch(/sends from its own address/);
    expect(r.code).toBe(1);
  });

  it('and a never invariant on a range its policies keep out', async () => {
    const r = await check(DB + FROM_10 + LB(), NEVER_DOC);
    expect(r.stdout).toMatch(/FAIL violated: 192\.0\.2\.0\/24 never reaches db/);
    expect(r.stdout).toMatch(PROXIED);
    expect(r.code).toBe(1);
  });

  it('not where the policies keep every outside address out: the load balancer\'s too', async () => {
    const r = await check(DB + DENY + LB(), NEVER_INTERNET);
    expect(r.stdout).toMatch(/ok\s+holds: internet never db/);
    expect(r.code).toBe(0);
  });

  it('nor where the manifests show a load balancer known to pass the client\'s address on', async () => {
    for (const [annotations, spec] of <Array<[string, string]>>[
      ['service.beta.kubernetes.io/aws-load-balancer-type: nlb', ''],
      ['service.beta.kubernetes.io/aws-load-balancer-type: external, service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: instance', ''],
      ['', '  loadBalancerClass: service.k8s.aws/nlb\n'],
      ['service.beta.kubernetes.io/aws-load-balancer-type: external, service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip, service.beta.kubernetes.io/aws-load-balancer-target-group-attributes: "preserve_client_ip.enabled=true"', ''],
      ['networking.gke.io/load-balancer-type: Internal', ''],
      ['cloud.google.com/l4-rbs: enabled', ''],
      ['metallb.universe.tf/address-pool: public', ''],
      ['service.beta.kubernetes.io/azure-load-balancer-internal: "true"', ''],
    ]) {
      const r = await check(DB + FROM_10 + LB(annotations, spec), ONLY_10);
      expect(r.stdout, annotations + spec).toMatch(/ok\s+holds: only 10\/8 reaches db/);
      expect(r.code, annotations + spec).toBe(0);
    }
  });

  it('but an NLB with IP targets, or one whose client IP preservation is turned off, proxies', async () => {
    for (const annotations of [
      'service.beta.kubernetes.io/aws-load-balancer-type: nlb-ip',
      'service.beta.kubernetes.io/aws-load-balancer-type: external, service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip',
      'service.beta.kubernetes.io/aws-load-balancer-type: nlb, service.beta.kubernetes.io/aws-load-balancer-target-group-attributes: "preserve_client_ip.enabled=false"',
      // two clouds' annotations: which one takes it is not known
      'service.beta.kubernetes.io/aws-load-balancer-type: nlb, service.beta.kubernetes.io/azure-load-balancer-internal: "true"',
    ]) {
      const r = await check(DB + FROM_10 + LB(annotations), ONLY_10);
      expect(r.stdout, annotations).toMatch(PROXIED);
      expect(r.code, annotations).toBe(1);
    }
  });

  it('a pod that may send outside the pod network reaches db through it', async () => {
    const web = deployment('shop', 'web', { app: 'web' });
    const config = 'invariants:\n  - name: web never db\n    never: { from: { workload: shop/web }, to: { workload: shop/db } }\n';
    const r = await check(DB + web + FROM_10 + LB(), config);
    expect(r.stdout).toMatch(/FAIL violated: web never db/);
    expect(r.stdout).toMatch(/shop\/web\[Deployment\] => shop\/db\[Deployment\]: Service shop\/db \(LoadBalancer, externalTrafficPolicy: Local\) takes TCP 5432 for it through a load balancer not known to pass the client's address on/);
    expect(r.code).toBe(1);
    const known = await check(DB + web + FROM_10 + LB('service.beta.kubernetes.io/aws-load-balancer-type: nlb'), config);
    expect(known.stdout).toMatch(/ok\s+holds: web never db/);
  });
});
