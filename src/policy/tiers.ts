import type { Tier } from './kind.js';

/**
 * The prefix under which Calico gives each endpoint its namespace's labels
 * (libcalico-go's profiles): its namespace selectors match those, and an
 * endpoint's own labels stand over them, so a pod labelled
 * `pcns.team: trusted` is in `team == 'trusted'` wherever it runs.
 */
export const CALICO_NAMESPACE_PREFIX = 'pcns.';

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

/**
 * The tiers of one cluster, as data: where the policies of the Kubernetes
 * APIs go, how policies of equal order in a tier are ordered, and the tiers
 * policies name (Calico's `spec.tier`). Which table a cluster gets depends
 * on the kinds it holds (see tierTableOf in the registry): the network
 * plugin whose objects are present evaluates every policy.
 */
export interface TierTable {
  /** AdminNetworkPolicies and ClusterNetworkPolicies of tier Admin. */
  readonly admin: Tier;
  /** NetworkPolicies, at `networkPolicyOrder` in it. */
  readonly networkPolicy: Tier;
  readonly networkPolicyOrder: number;
  /** ClusterNetworkPolicies of tier Baseline and the BaselineAdminNetworkPolicy. */
  readonly baseline: Tier;
  /** Among policies of equal order in a tier: the text that orders them, or undefined to keep the order of the manifests. */
  tieBreak(kind: string, name: string, namespace: string | undefined): string | undefined;
  /** A tier by name, built in or declared; undefined where there is none of that name. */
  named(name: string): Tier | undefined;
}

/** Kubernetes' own evaluation: NetworkPolicies add up (union), admin tiers break ties by name. */
export const KUBERNETES_TIERS: TierTable = {
  admin: ADMIN_TIER,
  networkPolicy: NETWORK_POLICY_TIER,
  networkPolicyOrder: 0,
  baseline: BASELINE_TIER,
  tieBreak: (kind, name) => (kind === 'NetworkPolicy' ? undefined : name),
  named: () => undefined,
};
