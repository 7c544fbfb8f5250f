/**
 * The ingress controller the config declares runs as pods of its namespace
 * with its labels (README, "Traffic from outside"). Those pods open what
 * their policies and the destination's let them, on every port, besides the
 * traffic Ingress objects route through them: a policy admitting the
 * controller's namespace (`namespaceSelector` on
 * kubernetes.io/metadata.name, https://kubernetes.io/docs/concepts/services-networking/network-policies/#targeting-a-namespace-by-its-name)
 * admits its pods whatever the Ingress routes. An invariant whose selector
 * of pods picks the controller takes all of that; `internet` takes the
 * routed traffic alone.
 */
import { describe, expect, it } from 'vitest';
import { checkManifests } from './helpers.js';

const MANIFESTS = `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: shop}
spec:
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: c, image: pg, ports: [{containerPort: 5432}, {containerPort: 8080}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from:
    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}
    ports: [{port: 5432}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  rules:
  - http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
`;

// the namespace declared, so that a policy keeping the controller out is no typo to fail closed on
const CONTROLLER = 'ingress-controller:\n  namespace: ingress-nginx\n  labels: {app.kubernetes.io/name: ingress-nginx}\noutside:\n  namespaces:\n    - name: ingress-nginx\n';
const config = (invariant: string) => `${CONTROLLER}invariants:\n  - name: it\n    ${invariant}\n`;

describe("the declared ingress controller's pods, picked by a selector of pods", () => {
  it('never from its namespace fails on the port its pods open directly (it used to hold: no Ingress routes to db)', async () => {
    const r = await checkManifests(MANIFESTS, config('never: {from: {namespace: ingress-nginx}, to: {workload: shop/db}}'));
    expect(r.stdout).toMatch(/FAIL violated: it/);
    expect(r.stdout).toMatch(/\{ingress-controller\} => shop\/db\[Deployment\] : TCP 5432/);
    expect(r.code).toBe(1);
  });

  it('never from its labels to an outside address fails where nothing isolates its egress', async () => {
    const r = await checkManifests(MANIFESTS, config('never: {from: {labels: {app.kubernetes.io/name: ingress-nginx}}, to: {cidr: 203.0.113.0/24}}'));
    expect(r.stdout).toMatch(/FAIL violated: it/);
    expect(r.code).toBe(1);
  });

  it('never from the internet takes the routed traffic alone, none of which goes to db', async () => {
    const r = await checkManifests(MANIFESTS, config('never: {from: internet, to: {workload: shop/db}}'));
    expect(r.stdout).toMatch(/ok holds: it/);
    expect(r.code).toBe(0);
  });

  it('only from the internet: the pods of the controller are no clients from outside, and what they open besides fails it', async () => {
    const r = await checkManifests(MANIFESTS, config('only: {to: {workload: shop/db}, from: [internet]}'));
    expect(r.stdout).toMatch(/FAIL violated: it/);
    expect(r.stdout).toMatch(/\{ingress-controller\} => shop\/db\[Deployment\] : TCP 5432/);
  });

  it('only from its namespace holds: the list takes its pods in', async () => {
    const r = await checkManifests(MANIFESTS, config('only: {to: {workload: shop/db}, from: [{namespace: ingress-nginx}]}'));
    expect(r.stdout).toMatch(/ok holds: it/);
    expect(r.code).toBe(0);
  });
});

describe('the declared ingress controller where no Ingress routes through it', () => {
  const NO_INGRESS = MANIFESTS.slice(0, MANIFESTS.indexOf('---\napiVersion: networking.k8s.io/v1\nkind: Ingress'));

  it('never from its labels fails closed: its pods run, outside the analysis (a namespace the state does not hold is unmatched)', async () => {
    const r = await checkManifests(NO_INGRESS, config('never: {from: {labels: {app.kubernetes.io/name: ingress-nginx}}, to: {workload: shop/db}}'));
    expect(r.stdout).not.toMatch(/ok holds/);
    expect(r.code).toBe(1);
    const any = await checkManifests(NO_INGRESS, config('never: {from: {anyNamespace: true, labels: {app.kubernetes.io/name: ingress-nginx}}, to: {workload: shop/db}}'));
    expect(any.stdout).toMatch(/FAIL violated: it[^]*no Ingress or Route of the manifests leads through it/);
    expect(any.code).toBe(1);
  });

  it('declared under outside.workloads, its pods are checked as such: violated by the pair', async () => {
    const outside = `${CONTROLLER}  workloads:\n    - {namespace: ingress-nginx, name: ingress-nginx-controller, labels: {app.kubernetes.io/name: ingress-nginx}}\ninvariants:\n  - name: it\n    never: {from: {namespace: ingress-nginx}, to: {workload: shop/db}}\n`;
    const r = await checkManifests(NO_INGRESS, outside);
    expect(r.stdout).toMatch(/FAIL violated: it[^]*ingress-nginx\/ingress-nginx-controller\[Deployment\] => shop\/db\[Deployment\] : TCP 5432/);
    expect(r.stdout).not.toMatch(/no Ingress or Route of the manifests leads through it/);
  });
});
