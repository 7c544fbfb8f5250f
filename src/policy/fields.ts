import type { RawObject } from '../model/objects.js';
import { InvalidObject, isRecord } from '../model/objects.js';

/**
 * The fields an object's schema has, for telling a field it does not have:
 * `kubectl apply` validates strictly by default (`--validate=strict`,
 * kubectl 1.27 and later; the API server's field validation), so an object
 * with a field its schema does not have is refused, "strict decoding error:
 * unknown field". A mapping of field to the shape of its value, a list of
 * one shape, or 'leaf' for a value taken whole. The key `*` gives the shape
 * of every field the mapping does not name: where a reader handles fields
 * it does not know itself (a peer of the network-policy-api kinds, which
 * fails closed on one, as that API asks).
 */
export type Shape = { readonly [field: string]: Shape | readonly [Shape] | 'leaf' };

/** A metav1.LabelSelector. */
export const LABEL_SELECTOR: Shape = {
  matchLabels: 'leaf',
  matchExpressions: [{ key: 'leaf', operator: 'leaf', values: 'leaf' }],
};

const OWNER: Shape = { apiVersion: 'leaf', kind: 'leaf', name: 'leaf', uid: 'leaf', controller: 'leaf', blockOwnerDeletion: 'leaf' };

/** ObjectMeta's fields (k8s.io/apimachinery meta/v1); managedFields and the like are taken whole. */
export const METADATA: Shape = {
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

/**
 * The first field, depth first, that the shape does not have: its path
 * (`spec.ingress[0].form`) and line. The path is built only on the way back
 * from a find, as nearly every object has none.
 */
export function firstUnknown(obj: RawObject, value: unknown, shape: Shape): { path: string[]; line: number } | undefined {
  if (!isRecord(value)) return undefined;
  for (const key in value) {
    // own fields only: a field named `constructor` is not one of a schema's
    const sub = Object.hasOwn(shape, key) ? shape[key] : shape['*'];
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

/** Throws, as `kubectl apply` refuses the object, when it has a field its shape does not. */
export function checkFields(obj: RawObject, shape: Shape): void {
  const found = firstUnknown(obj, obj.body, shape);
  if (found) {
    throw new InvalidObject(
      `unknown field "${found.path.join('.')}": kubectl apply refuses the object (strict field validation), so the policy never reaches the cluster`,
      found.line,
    );
  }
}
