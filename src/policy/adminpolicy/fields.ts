import type { RawObject } from '../../model/objects.js';
import type { Shape } from '../fields.js';
import { checkFields, LABEL_SELECTOR, METADATA } from '../fields.js';

/**
 * The fields of the policy.networking.k8s.io kinds of
 * kubernetes-sigs/network-policy-api, as their CRDs give them: none of
 * their levels keeps unknown fields (no x-kubernetes-preserve-unknown-fields),
 * so `kubectl apply`, which validates strictly by default
 * (`--validate=strict`, kubectl 1.27 and later), refuses an object with a
 * field its schema does not have. A rule's `ports` misspelt or written in
 * the other version's word does not leave a rule for every port: the policy
 * never reaches the cluster, and reachdiff says so.
 *
 * A peer is the one level whose unknown fields are let through here: the
 * API asks an implementation that meets a peer with a field it does not
 * know (a CRD of another version) to fail closed, and readPeer does.
 * `status` decides nothing: with the status subresource, the API server
 * drops it from what it is given.
 */

/** NamespacedPod (apis/v1alpha1/shared_types.go, apis/v1alpha2/clusternetworkpolicy_types.go). */
export const NAMESPACED_POD: Shape = { namespaceSelector: LABEL_SELECTOR, podSelector: LABEL_SELECTOR };

/** AdminNetworkPolicySubject, ClusterNetworkPolicySubject. */
export const SUBJECT: Shape = { namespaces: LABEL_SELECTOR, pods: NAMESPACED_POD };

/** The ingress peers of either version: namespaces or pods; other fields fail closed where read. */
export const INGRESS_PEER: Shape = { namespaces: LABEL_SELECTOR, pods: NAMESPACED_POD, '*': 'leaf' };

/** The egress peers: also nodes, networks and domainNames (not in the baseline's, where readPeer fails closed on it). */
export const EGRESS_PEER: Shape = { ...INGRESS_PEER, nodes: LABEL_SELECTOR, networks: 'leaf', domainNames: 'leaf' };

/** AdminNetworkPolicyPort (apis/v1alpha1/shared_types.go): Port and PortRange. */
const PORT: Shape = {
  portNumber: { protocol: 'leaf', port: 'leaf' },
  namedPort: 'leaf',
  portRange: { protocol: 'leaf', start: 'leaf', end: 'leaf' },
};

/** The v1alpha1 rules: AdminNetworkPolicyIngressRule and the baseline's, which have the same fields. */
const V1ALPHA1_SPEC: Shape = {
  subject: SUBJECT,
  ingress: [{ name: 'leaf', action: 'leaf', from: [INGRESS_PEER], ports: [PORT] }],
  egress: [{ name: 'leaf', action: 'leaf', to: [EGRESS_PEER], ports: [PORT] }],
};

const SHAPES: Readonly<Record<'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy', Shape>> = {
  // apis/v1alpha1/adminnetworkpolicy_types.go
  AdminNetworkPolicy: { apiVersion: 'leaf', kind: 'leaf', metadata: METADATA, spec: { priority: 'leaf', ...V1ALPHA1_SPEC }, status: 'leaf' },
  // apis/v1alpha1/baselineadminnetworkpolicy_types.go
  BaselineAdminNetworkPolicy: { apiVersion: 'leaf', kind: 'leaf', metadata: METADATA, spec: V1ALPHA1_SPEC, status: 'leaf' },
};

/** Throws, as `kubectl apply` refuses the object, when an AdminNetworkPolicy or BaselineAdminNetworkPolicy has a field its schema does not. */
export function checkAdminPolicyFields(obj: RawObject, kind: keyof typeof SHAPES): void {
  checkFields(obj, SHAPES[kind]);
}
