/**
 * An Ingress of a cloud load balancer's class is served by that load
 * balancer, not by an ingress controller running in the cluster: the AWS
 * Load Balancer Controller's `alb` class makes an Application Load Balancer
 * that sends to the pods (target-type ip) or to the Service's node port
 * (instance) from its own addresses in the VPC
 * (kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/,
 * "Traffic Routing", target-type); GKE's `gce` and `gce-internal` classes make
 * Application Load Balancers, proxies, which reach the pods through
 * container-native NEGs or the nodes from Google's proxy ranges
 * (cloud.google.com/kubernetes-engine/docs/concepts/ingress, "Ingress
 * classes" and "Container-native load balancing"). A policy admitting an
 * address range of the cloud network may thus admit every client.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { cli, tree } from './helpers.js';

/** check, the pods' addresses given (10.0.0.0/16 then holds none of them). */
async function checkManifests(manifests: string, config: string) {
  const root = tree({ 'm.yaml': manifests, 'c.yml': config });
  return cli(['check', join(root, 'm.yaml'), '--config', join(root, 'c.yml'), '--pod-cidr', '192.168.0.0/16']);
}

const SHOP = (ingressMeta: string, ingressClass: string, admin: string) => `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: admin, namespace: shop}
spec:
  selector: {matchLabels: {app: admin}}
  template:
    metadata: {labels: {app: admin}}
    spec:
      containers:
      - name: admin
        image: admin
        ports: [{name: http, containerPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: admin, namespace: shop}
spec:
  selector: {app: admin}
  ports: [{port: 80, targetPort: http}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: admin
  namespace: shop
${ingressMeta}spec:
${ingressClass}  rules:
  - http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: admin, port: {number: 80}}}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: admin, namespace: shop}
spec:
  podSelector: {matchLabels: {app: admin}}
${admin}`;
const ALB_META = '  annotations:\n    alb.ingress.kubernetes.io/scheme: internet-facing\n    alb.ingress.kubernetes.io/target-type: ip\n';
const FROM_VPC = '  ingress:\n  - from: [{ipBlock: {cidr: 10.0.0.0/16}}]\n';
const DENY = '  policyTypes: [Ingress]\n';
const CONTROLLER = `ingress-controller:
  namespace: ingress-nginx
  labels: {app.kubernetes.io/name: ingress-nginx}
outside:
  namespaces:
    - name: ingress-nginx
`;
const ONLY_VPC = `${CONTROLLER}invariants:\n  - name: admin only from the VPC\n    only: { to: { namespace: shop, labels: { app: admin } }, from: [ { cidr: 10.0.0.0/16 } ] }\n`;
const NEVER_DOC = `${CONTROLLER}invariants:\n  - name: 203.0.113.0/24 never reaches admin\n    never: { from: { cidr: 203.0.113.0/24 }, to: { workload: shop/admin } }\n`;

const VIA_ALB = /shop\/admin\[Deployment\]: Ingress shop\/admin \(spec\.ingressClassName: alb, the AWS Load Balancer Controller's Application Load Balancer\) routes TCP 8080 to it from outside the cluster through a cloud load balancer, which sends from its own addresses/;

describe('an Ingress of a cloud load balancer\'s class', () => {
  it('fails an only invariant on an outside range closed where the backend admits some outside address', async () => {
    const r = await checkManifests(SHOP(ALB_META, '  ingressClassName: alb\n', FROM_VPC), ONLY_VPC);
    expect(r.stdout).toMatch(/FAIL violated: admin only from the VPC/);
    expect(r.stdout).toMatch(VIA_ALB);
    expect(r.code).toBe(1);
  });

  it('and a never invariant on a range the policy keeps out', async () => {
    const r = await checkManifests(SHOP(ALB_META, '  ingressClassName: alb\n', FROM_VPC), NEVER_DOC);
    expect(r.stdout).toMatch(/FAIL violated: 203\.0\.113\.0\/24 never reaches admin/);
    expect(r.stdout).toMatch(VIA_ALB);
    expect(r.code).toBe(1);
  });

  it('GKE\'s classes, by the older annotation too', async () => {
    for (const cls of ['gce', 'gce-internal']) {
      const r = await checkManifests(SHOP(`  annotations:\n    kubernetes.io/ingress.class: ${cls}\n`, '', FROM_VPC), ONLY_VPC);
      expect(r.stdout, cls).toMatch(new RegExp(`Ingress shop/admin \\(kubernetes\\.io/ingress\\.class: ${cls}, GKE's [a-z ]+Application Load Balancer\\) routes TCP 8080`));
      expect(r.code, cls).toBe(1);
    }
  });

  // kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/ingress_class/: the controller serves the
  // Ingresses of any IngressClass whose spec.controller is ingress.k8s.aws/alb, and of the default class where it is that
  it('of an IngressClass of any name whose controller is the AWS Load Balancer Controller, or of the default class that is', async () => {
    const cls = (name: string, isDefault: boolean) =>
      `---\napiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: ${name}\n${isDefault ? '  annotations: {ingressclass.kubernetes.io/is-default-class: "true"}\n' : ''}spec: {controller: ingress.k8s.aws/alb}\n`;
    const named = await checkManifests(SHOP(ALB_META, '  ingressClassName: internet-facing\n', FROM_VPC) + cls('internet-facing', false), NEVER_DOC);
    expect(named.stdout).toMatch(/FAIL violated: 203\.0\.113\.0\/24 never reaches admin/);
    expect(named.stdout).toMatch(/Ingress shop\/admin \(IngressClass internet-facing \(controller ingress\.k8s\.aws\/alb\), the AWS Load Balancer Controller's Application Load Balancer\) routes TCP 8080/);
    const byDefault = await checkManifests(SHOP(ALB_META, '', FROM_VPC) + cls('aws', true), NEVER_DOC);
    expect(byDefault.stdout).toMatch(/Ingress shop\/admin \(the default IngressClass aws \(controller ingress\.k8s\.aws\/alb\), the AWS Load Balancer Controller's/);
    expect(byDefault.code).toBe(1);
    // a class of another controller, or an Ingress naming another class, is not the load balancer's (it is some
    // controller's, which the policy keeps the declared one out of: another may serve it)
    const other = await checkManifests(SHOP('', '  ingressClassName: nginx\n', FROM_VPC) + cls('internet-facing', true), NEVER_DOC);
    expect(other.stdout).not.toMatch(/Load Balancer Controller/);
    expect(other.stdout).toMatch(/which its ingress policies keep the declared ingress controller from: another controller may serve it/);
  });

  it('not where the backend keeps every outside address out, nor for an ingress controller\'s class', async () => {
    const denied = await checkManifests(SHOP(ALB_META, '  ingressClassName: alb\n', DENY), ONLY_VPC);
    expect(denied.stdout).toMatch(/ok\s+holds: admin only from the VPC/);
    expect(denied.code).toBe(0);
    const nginx = await checkManifests(SHOP('', '  ingressClassName: nginx\n', FROM_VPC), ONLY_VPC);
    expect(nginx.stdout).not.toMatch(/Load Balancer Controller/);
    expect(nginx.stdout).toMatch(/another controller may serve it/);
  });
});
