import type { RawObject } from '../../model/objects.js';
import type { Shape } from '../fields.js';
import { checkFields, LABEL_SELECTOR, METADATA } from '../fields.js';

const PORT: Shape = { protocol: 'leaf', port: 'leaf', endPort: 'leaf' };
const PEER: Shape = { podSelector: LABEL_SELECTOR, namespaceSelector: LABEL_SELECTOR, ipBlock: { cidr: 'leaf', except: 'leaf' } };

/**
 * The fields of a networking.k8s.io/v1 NetworkPolicy, as its OpenAPI schema
 * gives them (k8s.io/api/networking/v1 types.go). `kubectl apply` validates
 * strictly by default (`--validate=strict`, kubectl 1.27 and later; the API
 * server's field validation): an object with a field the schema does not
 * have is refused, "strict decoding error: unknown field". So a typo such as
 * `ingres:` does not leave a policy that isolates and allows nothing: the
 * policy never reaches the cluster, and reachdiff says so instead of
 * analysing a guess.
 */
export const NETWORK_POLICY_SHAPE: Shape = {
  apiVersion: 'leaf',
  kind: 'leaf',
  metadata: METADATA,
  spec: {
    podSelector: LABEL_SELECTOR,
    policyTypes: 'leaf',
    ingress: [{ from: [PEER], ports: [PORT] }],
    egress: [{ to: [PEER], ports: [PORT] }],
  },
  // dumps of clusters before 1.28 may carry the alpha status; it decides nothing
  status: 'leaf',
};

/** Throws, as `kubectl apply` refuses the object, when a NetworkPolicy has a field its schema does not. */
export function checkNetworkPolicyFields(obj: RawObject): void {
  checkFields(obj, NETWORK_POLICY_SHAPE);
}
