import type { PolicyKind } from '../kind.js';
import { adminSelectorPeers, adminSubjectPeers, adminUsesIPv6, compileAdminPolicy } from './compile.js';
import { readAdminPolicy } from './read.js';
import type { AdminPolicy } from './types.js';

const common = {
  group: 'policy.networking.k8s.io',
  versions: ['v1alpha1'],
  namespaced: false,
  ordered: true,
  read: readAdminPolicy,
  rules: (p: AdminPolicy, direction: 'ingress' | 'egress') => p[direction],
  selection: (p: AdminPolicy) => [p.subject, p.priority],
  selectionParts: ['subject', 'priority'],
  usesIPv6: adminUsesIPv6,
  selectorPeers: adminSelectorPeers,
  subjectPeers: adminSubjectPeers,
} as const;

/** policy.networking.k8s.io/v1alpha1 AdminNetworkPolicy: first match by priority, before NetworkPolicies. */
export const adminNetworkPolicyKind: PolicyKind<AdminPolicy> = {
  ...common,
  kind: 'AdminNetworkPolicy',
  plural: 'AdminNetworkPolicies',
  compile: (p, r) => compileAdminPolicy(p, r.tiers.admin, p.priority!, r),
};

/** policy.networking.k8s.io/v1alpha1 BaselineAdminNetworkPolicy (the singleton `default`): for pods no NetworkPolicy isolates. */
export const baselineAdminNetworkPolicyKind: PolicyKind<AdminPolicy> = {
  ...common,
  kind: 'BaselineAdminNetworkPolicy',
  plural: 'BaselineAdminNetworkPolicies',
  // after every ClusterNetworkPolicy of the baseline tier, should both be present
  compile: (p, r) => compileAdminPolicy(p, r.tiers.baseline, Number.MAX_SAFE_INTEGER, r),
};
