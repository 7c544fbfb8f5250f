/**
 * Endpoints written by hand for a Service that has a selector.
 *
 * kubernetes.io/docs/concepts/services-networking/endpoint-slices/: the
 * control plane makes EndpointSlices for every Service with a selector; the
 * label endpointslice.kubernetes.io/managed-by says what manages a slice
 * (endpointslice-controller.k8s.io for the EndpointSlice controller), so
 * that other entities may manage slices of their own, which the controller
 * leaves be; the kubernetes.io/service-name label links every slice to its
 * Service, and a Service's endpoints are all its slices joined (core API
 * reference, discovery/v1 EndpointSlice: "there may be multiple
 * EndpointSlice objects which must be joined").
 *
 * kubernetes.io/docs/concepts/services-networking/service/ (Services without
 * selectors; EndpointSlice mirroring): the control plane mirrors an Endpoints
 * object to EndpointSlices unless its Service "has a non-nil selector";
 * kube-proxy routes from EndpointSlices, and the endpoints controller
 * manages the Endpoints of a Service with a selector. The mirroring
 * controller (endpointslicemirroring-controller.k8s.io) mirrors the
 * Endpoints of Services without selector only.
 */
import { describe, expect, it } from 'vitest';
import { checkManifests, matrixOf } from './helpers.js';

/** web and db in shop, both open to pods of any namespace only; an Ingress to Service web (`type`), which selects web. */
const APP = (type = 'ClusterIP') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: x, ports: [{containerPort: 8080}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: shop}
spec:
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: c, image: x, ports: [{containerPort: 5432}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  type: ${type}
  selector: {app: web}
  ports: [{name: http, port: 80, targetPort: 8080}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  rules:
  - http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: in-cluster-only, namespace: shop}
spec:
  podSelector: {}
  ingress:
  - from: [{namespaceSelector: {}}]
---
`;

/** A second EndpointSlice of Service `service`, with db's pod address, and these labels besides its service name. */
const SLICE = (labels: string, service = 'web') => `apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: web-manual
  namespace: shop
  labels: {kubernetes.io/service-name: ${service}${labels}}
addressType: IPv4
ports: [{name: http, port: 5432, protocol: TCP}]
endpoints: [{addresses: ["10.244.1.17"]}]
---
`;

const INTERNET_NEVER_DB = 'invariants:\n  - name: internet never reaches db\n    never: { from: internet, to: { workload: shop/db } }\n';
const WEB_NEVER_DB = 'invariants:\n  - name: web never reaches db\n    never: { from: { workload: shop/web }, to: { workload: shop/db } }\n';

describe('an EndpointSlice not of the control plane, of a Service with a selector', () => {
  it('without it, the Ingress leads to web alone and the invariant holds', async () => {
    const r = await checkManifests(APP(), INTERNET_NEVER_DB);
    expect(r.stdout).toMatch(/ok\s+holds: internet never reaches db/);
    expect(r.code).toBe(0);
  });

  it('managed by another (or by no one named) is not analysed (RD011), and invariants on traffic from the internet fail closed', async () => {
    for (const labels of [', endpointslice.kubernetes.io/managed-by: ops-team', '']) {
      const r = await checkManifests(APP() + SLICE(labels), INTERNET_NEVER_DB);
      expect(r.stderr, labels).toMatch(/EndpointSlice shop\/web-manual is not analysed: it adds endpoints to Service shop\/web, which has a selector.*\[RD011\]/);
      expect(r.stdout, labels).not.toMatch(/ok\s+holds/);
      expect(r.stdout, labels).toMatch(/internet never reaches db/);
      expect(r.code, labels).toBe(1);
    }
    const m = matrixOf(APP() + SLICE(', endpointslice.kubernetes.io/managed-by: ops-team'));
    expect(m.cluster.notAnalysed).toEqual([expect.objectContaining({ kind: 'EndpointSlice', name: 'shop/web-manual', routesFromOutside: true })]);
    expect(m.cluster.notAnalysed[0]!.effect).toBeUndefined();
    expect(m.cluster.ignoredKinds.get('EndpointSlice')).toBeUndefined();
  });

  it("of a ClusterIP Service, it leaves paths between pods as the policies say: the Service's address is translated to the pod's before they are applied", async () => {
    const r = await checkManifests(APP() + SLICE(', endpointslice.kubernetes.io/managed-by: ops-team'), WEB_NEVER_DB);
    // web reaches db whatever the slice says (the policies admit every pod): violated by a pair, not by the slice
    expect(r.stdout).toMatch(/FAIL violated: web never reaches db/);
    expect(r.stdout).not.toMatch(/EndpointSlice shop\/web-manual.*web never reaches db/);
  });

  it('of a NodePort Service, it may open paths from pods too (through its node ports, with the node\'s address): invariants on them fail closed', () => {
    const m = matrixOf(APP('NodePort') + SLICE(', endpointslice.kubernetes.io/managed-by: ops-team'));
    expect(m.cluster.notAnalysed).toEqual([expect.objectContaining({ kind: 'EndpointSlice', routesFromOutside: true, effect: { does: 'opens' } })]);
    expect(m.diagnostics.find((d) => d.code === 'RD011')?.message).toMatch(/as do those on traffic from pods, which may reach its addresses through its node ports/);
  });

  it("the control plane's own slices, and slices of Services without selector or not in the manifests, add nothing", async () => {
    for (const labels of [', endpointslice.kubernetes.io/managed-by: endpointslice-controller.k8s.io', ', endpointslice.kubernetes.io/managed-by: endpointslicemirroring-controller.k8s.io']) {
      const r = await checkManifests(APP() + SLICE(labels), INTERNET_NEVER_DB);
      expect(r.stdout, labels).toMatch(/ok\s+holds: internet never reaches db/);
      expect(r.stderr, labels).not.toMatch(/RD011/);
      expect(r.code, labels).toBe(0);
    }
    // a Service without selector already leads anywhere (RD007 where routed); one the manifests do not hold is not known
    const selectorless = APP().replace('  selector: {app: web}\n  ports', '  ports');
    const m = matrixOf(selectorless + SLICE(''));
    expect(m.cluster.notAnalysed).toEqual([]);
    expect(m.cluster.ignoredKinds.get('EndpointSlice')).toBe(1);
    expect(matrixOf(APP() + SLICE('', 'elsewhere')).cluster.notAnalysed).toEqual([]);
  });

  it('the Endpoints of a Service with a selector are the control plane\'s: one written by hand is neither mirrored nor routed to', async () => {
    const endpoints = 'apiVersion: v1\nkind: Endpoints\nmetadata: {name: web, namespace: shop}\nsubsets:\n- addresses: [{ip: 10.244.1.17}]\n  ports: [{name: http, port: 5432}]\n---\n';
    const r = await checkManifests(APP() + endpoints, INTERNET_NEVER_DB);
    expect(r.stdout).toMatch(/ok\s+holds: internet never reaches db/);
    expect(r.code).toBe(0);
  });
});
