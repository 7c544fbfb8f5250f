import type { RawObject } from '../../model/objects.js';
import type { Shape } from '../fields.js';
import { checkFields, METADATA } from '../fields.js';
import { EGRESS_PEER, INGRESS_PEER, SUBJECT } from '../adminpolicy/fields.js';

/** Port: a number or a range (apis/v1alpha2/clusternetworkpolicy_types.go). */
const DESTINATION: Shape = { destinationPort: { number: 'leaf', range: { start: 'leaf', end: 'leaf' } } };

/** ClusterNetworkPolicyProtocol: tcp, udp, sctp or destinationNamedPort. */
const PROTOCOL: Shape = { tcp: DESTINATION, udp: DESTINATION, sctp: DESTINATION, destinationNamedPort: 'leaf' };

/**
 * The fields of a policy.networking.k8s.io/v1alpha2 ClusterNetworkPolicy
 * (kubernetes-sigs/network-policy-api apis/v1alpha2/clusternetworkpolicy_types.go;
 * `nodes` and `domainNames` are in the experimental CRD only, and read with
 * a note). See adminpolicy/fields.ts for why a field it does not have is
 * refused: v1alpha1's `ports` in a rule, where v1alpha2 says `protocols`,
 * does not leave a rule for every port.
 */
const CLUSTER_NETWORK_POLICY_SHAPE: Shape = {
  apiVersion: 'leaf',
  kind: 'leaf',
  metadata: METADATA,
  spec: {
    tier: 'leaf',
    priority: 'leaf',
    subject: SUBJECT,
    ingress: [{ name: 'leaf', action: 'leaf', from: [INGRESS_PEER], protocols: [PROTOCOL] }],
    egress: [{ name: 'leaf', action: 'leaf', to: [EGRESS_PEER], protocols: [PROTOCOL] }],
  },
  status: 'leaf',
};

/** Throws, as `kubectl apply` refuses the object, when a ClusterNetworkPolicy has a field its schema does not. */
export function checkClusterNetworkPolicyFields(obj: RawObject): void {
  checkFields(obj, CLUSTER_NETWORK_POLICY_SHAPE);
}
