import type { AddressSet } from '../model/addresses.js';
import * as addr from '../model/addresses.js';
import type { AddressFamily } from '../model/ipranges.js';
import type { ClassMatch, Resolver } from './kind.js';
import { MATCH_NO_CLASS } from './kind.js';

/**
 * Which pods a set of addresses holds, for peers that match pods by address
 * (ClusterNetworkPolicy and AdminNetworkPolicy `networks`, Calico `nets`):
 *
 * - `all`: it holds the whole space of every family analysed, so every
 *   pod's addresses, host-network ones (node addresses) too;
 * - `pod-network`: it holds, in every family analysed, the whole pod
 *   network given with --pod-cidr, so every pod off the host network;
 * - `none`: it misses, in every family analysed, the pod network (where
 *   none is given for a family, where pods usually live: see
 *   PRIVATE_RANGES);
 * - `unknown`: anything else: it depends on addresses the manifests do not
 *   give. `missing` names the families analysed that have no pod network
 *   given (none: the set splits the pod network).
 *
 * A connection between two pods uses one family; where the set holds the
 * pods' addresses of one family and not of another, the answer is
 * `unknown`.
 */
export type PodsHeld =
  | { readonly kind: 'all' }
  | { readonly kind: 'pod-network' }
  | { readonly kind: 'none' }
  | { readonly kind: 'unknown'; readonly missing: readonly AddressFamily[] };

export function podsHeld(set: AddressSet, r: Pick<Resolver, 'addressSpace' | 'podNetwork'>): PodsHeld {
  const space = r.addressSpace;
  if (addr.covers(set, space)) return { kind: 'all' };
  const pod = r.podNetwork() ?? addr.NONE;
  const missing: AddressFamily[] = [];
  let around = addr.NONE;
  for (const f of addr.families(space)) {
    const whole = addr.space([f]);
    const part = addr.intersect(pod, whole);
    if (addr.isEmpty(part)) {
      missing.push(f);
      around = addr.union(around, addr.intersect(addr.PRIVATE_RANGES, whole));
    } else {
      around = addr.union(around, part);
    }
  }
  if (missing.length === 0 && addr.covers(set, pod)) return { kind: 'pod-network' };
  return addr.overlaps(set, around) ? { kind: 'unknown', missing } : { kind: 'none' };
}

/**
 * Whether a set of addresses may hold host-network pods, which have their
 * nodes' addresses, not the pod network's: where the nodes are is not in
 * the manifests. Not where no workload is on the host network, where the
 * set is empty or holds the whole space (every pod is matched then), or
 * where it lies within the pod network given with --pod-cidr, which holds
 * no node.
 */
export function mayHoldNodes(set: AddressSet, r: Resolver): boolean {
  // most clusters have no host-network workload: asked of every rule on addresses, that is told first
  if (r.classList(r.hostNetworkWorkloads).length === 0 || addr.isEmpty(set) || addr.covers(set, r.addressSpace)) return false;
  const pod = r.podNetwork();
  return !(pod && addr.covers(pod, set));
}

/** Why a rule whose addresses may hold host-network pods (mayHoldNodes) may match them, for its doubt. */
export function nodesWhy(what: string): string {
  return `host-network pods have their nodes' addresses, which ${what} may hold: where the nodes are is not in the manifests`;
}

/** `no pod network is configured`, `no IPv6 pod network is configured`, for warnings. */
export function missingPodNetwork(missing: readonly AddressFamily[], r: Resolver): string {
  const all = missing.length === addr.families(r.addressSpace).length;
  return all ? 'no pod network' : `no ${missing.map((f) => (f === 'ipv4' ? 'IPv4' : 'IPv6')).join(' or ')} pod network`;
}

/**
 * The workloads a set of addresses picks where podsHeld knows: every one
 * (host-network ones too) for the whole space, those off the host network
 * for the whole pod network, none where it misses it.
 */
export function workloadsHeld(held: Exclude<PodsHeld, { kind: 'unknown' }>, r: Resolver): ClassMatch {
  switch (held.kind) {
    case 'all':
      return r.everyWorkload;
    case 'pod-network':
      return r.selectableWorkloads;
    case 'none':
      return MATCH_NO_CLASS;
  }
}

/**
 * Why a Deny or Pass rule that holds pods by their IPv4 addresses may hold
 * fewer of their connections than shown, where the families analysed were
 * assumed (Resolver.familyAssumed): on a dual-stack cluster pods talk over
 * IPv6 too, which it does not hold.
 */
export function ipv4OnlyWhy(what: string, action: string, whose = "pods'"): string {
  return `it holds ${whose} IPv4 traffic only (${what}), and the analysis took the cluster to be IPv4 only since nothing names IPv6: on a dual-stack cluster their IPv6 traffic is not ${action === 'pass' ? 'passed' : 'denied'} by it (--ip-family ipv4 says the cluster is IPv4 only; --ip-family dual analyses both)`;
}
