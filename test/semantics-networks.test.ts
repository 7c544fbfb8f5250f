import { describe, expect, it } from 'vitest';
import { conn, deployment, matrixOf, namespace } from './helpers.js';

/** A host-network Pod, which policies do not select (by default). */
function hostNetworkPod(ns: string, name: string): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  hostNetwork: true
  containers:
    - name: main
      image: example
---
`;
}

function baselineDenyingEgressTo(cidr: string): string {
  return `apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata:
  name: default
spec:
  subject:
    namespaces: {}
  egress:
    - name: deny-net
      action: Deny
      to:
        - networks: ["${cidr}"]
---
`;
}

describe('semantics: hostNetwork workloads are matched only by rules that match every source or destination', () => {
  const apps = namespace('shop') + deployment('shop', 'a', { app: 'a' }) + deployment('shop', 'b', { app: 'b' }) + hostNetworkPod('shop', 'h');

  it('an ANP networks peer that holds the pod network but not the whole space does not match a host-network workload', () => {
    const m = matrixOf(apps + baselineDenyingEgressTo('10.0.0.0/8'), { podCIDRs: ['10.244.0.0/16'] });
    // the pods are in the pod network, so the Deny matches them
    expect(conn(m, 'shop/a[Deployment]', 'shop/b[Deployment]')).toBe('No Connections');
    // a host-network pod uses its node's address, not one of the pod network
    expect(conn(m, 'shop/a[Deployment]', 'shop/h[Pod]')).toBe('All Connections');
  });

  it('an ANP networks peer of the whole IPv4 space matches a host-network workload', () => {
    const m = matrixOf(apps + baselineDenyingEgressTo('0.0.0.0/0'), { podCIDRs: ['10.244.0.0/16'] });
    expect(conn(m, 'shop/a[Deployment]', 'shop/h[Pod]')).toBe('No Connections');
  });

  it('with --host-network include, a host-network workload is a pod of the pod network', () => {
    const m = matrixOf(apps + baselineDenyingEgressTo('10.0.0.0/8'), { podCIDRs: ['10.244.0.0/16'], hostNetwork: 'include' });
    expect(conn(m, 'shop/a[Deployment]', 'shop/h[Pod]')).toBe('No Connections');
  });
});
