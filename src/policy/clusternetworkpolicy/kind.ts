import { adminSelectorPeers, adminSubjectPeers, adminUsesIPv6, compileAdminPolicy } from '../adminpolicy/compile.js';
import type { AdminPolicy } from '../adminpolicy/types.js';
import type { PolicyKind } from '../kind.js';
import { readClusterNetworkPolicy } from './read.js';

/**
 * policy.networking.k8s.io/v1alpha2 ClusterNetworkPolicy: in the Admin tier,
 * before NetworkPolicies; in the Baseline tier, for traffic no
 * NetworkPolicy decided. First match by priority, then rule order; Pass
 * hands over to the next tier; subjects are not isolated.
 */
export const clusterNetworkPolicyKind: PolicyKind<AdminPolicy> = {
  kind: 'ClusterNetworkPolicy',
  group: 'policy.networking.k8s.io',
  versions: ['v1alpha2'],
  plural: 'ClusterNetworkPolicies',
  namespaced: false,
  ordered: true,
  read: readClusterNetworkPolicy,
  rules: (p, direction) => p[direction],
  selection: (p) => [p.subject, p.tier, p.priority],
  selectionParts: ['subject', 'tier', 'priority'],
  usesIPv6: adminUsesIPv6,
  compile: (p, r) => compileAdminPolicy(p, p.tier === 'Admin' ? r.tiers.admin : r.tiers.baseline, p.priority!, r),
  selectorPeers: adminSelectorPeers,
  subjectPeers: adminSubjectPeers,
};
