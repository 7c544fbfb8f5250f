import type { Tier } from './kind.js';

/**
 * The tiers of the Kubernetes policy APIs, in evaluation order. Their orders
 * are those Calico gives its tiers of the same meaning (kube-admin, default,
 * kube-baseline), so that tiers of other kinds can be placed between them.
 */

/** AdminNetworkPolicy and ClusterNetworkPolicy `tier: Admin`: first match by priority; subjects are not isolated. */
export const ADMIN_TIER: Tier = { name: 'admin', order: 1_000, combine: 'first-match', endAction: 'pass', tiesAmbiguous: true };

/** NetworkPolicy: a selected pod is isolated, and the union of the rules is allowed. */
export const NETWORK_POLICY_TIER: Tier = { name: 'default', order: 1_000_000, combine: 'union', endAction: 'deny', tiesAmbiguous: false };

/** BaselineAdminNetworkPolicy and ClusterNetworkPolicy `tier: Baseline`: first match, for pods no NetworkPolicy isolates. */
export const BASELINE_TIER: Tier = { name: 'baseline', order: 10_000_000, combine: 'first-match', endAction: 'pass', tiesAmbiguous: true };
