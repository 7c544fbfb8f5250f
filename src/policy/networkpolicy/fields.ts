import type { RawObject } from '../../model/objects.js';
import { InvalidObject, isRecord } from '../../model/objects.js';

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
type Shape = { readonly [field: string]: Shape | readonly [Shape] | 'leaf' };

const SELECTOR: Shape = {
  matchLabels: 'leaf',
  matchExpressions: [{ key: 'leaf', operator: 'leaf', values: 'leaf' }],
};
const PORT: Shape = { protocol: 'leaf', port: 'leaf', endPort: 'leaf' };
const PEER: Shape = { podSelector: SELECTOR, namespaceSelector: SELECTOR, ipBlock: { cidr: 'leaf', except: 'leaf' } };
const OWNER: Shape = { apiVersion: 'leaf', kind: 'leaf', name: 'leaf', uid: 'leaf', controller: 'leaf', blockOwnerDeletion: 'leaf' };

/** ObjectMeta's fields (k8s.io/apimachinery meta/v1); managedFields and the like are taken whole. */
const METADATA: Shape = {
  name: 'leaf',
  generateName: 'leaf',
  namespace: 'leaf',
  selfLink: 'leaf',
  uid: 'leaf',
  resourceVersion: 'leaf',
  generation: 'leaf',
  creationTimestamp: 'leaf',
  deletionTimestamp: 'leaf',
  deletionGracePeriodSeconds: 'leaf',
  labels: 'leaf',
  annotations: 'leaf',
  ownerReferences: [OWNER],
  finalizers: 'leaf',
  managedFields: 'leaf',
};

export const NETWORK_POLICY_SHAPE: Shape = {
  apiVersion: 'leaf',
  kind: 'leaf',
  metadata: METADATA,
  spec: {
    podSelector: SELECTOR,
    policyTypes: 'leaf',
    ingress: [{ from: [PEER], ports: [PORT] }],
    egress: [{ to: [PEER], ports: [PORT] }],
  },
  // dumps of clusters before 1.28 may carry the alpha status; it decides nothing
  status: 'leaf',
};

/**
 * The first field, depth first, that the shape does not have: its path
 * (`spec.ingress[0].form`) and line. The path is built only on the way back
 * from a find, as nearly every policy has none.
 */
function firstUnknown(obj: RawObject, value: unknown, shape: Shape): { path: string[]; line: number } | undefined {
  if (!isRecord(value)) return undefined;
  for (const key in value) {
    const sub = shape[key];
    if (sub === undefined) return { path: [key], line: obj.lineOf(value) };
    if (sub === 'leaf') continue;
    const child = value[key];
    if (Array.isArray(sub)) {
      if (!Array.isArray(child)) continue;
      const item = (sub as readonly [Shape])[0];
      for (let i = 0; i < child.length; i++) {
        const found = firstUnknown(obj, child[i], item);
        if (found) {
          found.path.unshift(`${key}[${i}]`);
          return found;
        }
      }
      continue;
    }
    const found = firstUnknown(obj, child, sub as Shape);
    if (found) {
      found.path.unshift(key);
      return found;
    }
  }
  return undefined;
}

/** Throws, as `kubectl apply` refuses the object, when a NetworkPolicy has a field its schema does not. */
export function checkNetworkPolicyFields(obj: RawObject): void {
  const found = firstUnknown(obj, obj.body, NETWORK_POLICY_SHAPE);
  if (found) {
    throw new InvalidObject(
      `unknown field "${found.path.join('.')}": kubectl apply refuses the object (strict field validation), so the policy never reaches the cluster`,
      found.line,
    );
  }
}
