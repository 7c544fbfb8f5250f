import type { KindedPolicy, Tier } from '../kind.js';
import type { TierTable } from '../tiers.js';
import type { CalicoTier } from './types.js';
import { BUILTIN_TIERS, KUBERNETES_NETWORK_POLICY_ORDER } from './types.js';

/**
 * Calico's tiers (felix/calc/policy_sorter.go): by order, lowest first; a
 * tier without order after every tier with one; equal orders by name. A
 * tier that no Tier object declares (and that is not built in) is sorted
 * after all others, and drops what its policies do not decide.
 */

/** A declared tier without order: after every order a user can write. */
const NO_ORDER = Number.MAX_VALUE;
/** A tier named by a policy but declared nowhere: after every declared one. */
const UNDECLARED = Infinity;

const undeclared = new WeakSet<Tier>();

/** Whether a tier is named by a policy but not declared by the manifests (nor built in). */
export function isUndeclared(tier: Tier): boolean {
  return undeclared.has(tier);
}

function tier(name: string, order: number, defaultAction: 'Deny' | 'Pass'): Tier {
  return { name, order, combine: 'first-match', endAction: defaultAction === 'Pass' ? 'pass' : 'deny', tiesAmbiguous: false };
}

/** Calico's name for the kind of a policy, by which equal orders are broken (`name/namespace/kind`). */
function calicoKind(kind: string): string {
  switch (kind) {
    case 'NetworkPolicy':
      return 'KubernetesNetworkPolicy';
    case 'ClusterNetworkPolicy':
      return 'KubernetesClusterNetworkPolicy';
    case 'CalicoNetworkPolicy':
      return 'NetworkPolicy';
    default:
      return kind;
  }
}

/**
 * The tiers of a cluster where Calico enforces policy: the built-in
 * kube-admin, default and kube-baseline tiers and those Tier objects
 * declare. Kubernetes NetworkPolicies are policies of the default tier at
 * order 1000 (libcalico-go k8s conversion), so that tier is first-match;
 * ClusterNetworkPolicies are in kube-admin and kube-baseline, at their
 * priority. Equal orders are broken by `name/namespace/kind`, as Felix does
 * from v3.32.
 */
export function calicoTierTable(policies: readonly KindedPolicy[]): TierTable {
  const tiers = new Map<string, Tier>();
  for (const [name, b] of BUILTIN_TIERS) tiers.set(name, tier(name, b.order, b.defaultAction));
  for (const p of policies) {
    if (p.policy.kind !== 'Tier') continue;
    const t = p.policy as CalicoTier;
    if (!BUILTIN_TIERS.has(t.name)) tiers.set(t.name, tier(t.name, t.order ?? NO_ORDER, t.defaultAction));
  }
  return {
    admin: tiers.get('kube-admin')!,
    networkPolicy: tiers.get('default')!,
    networkPolicyOrder: KUBERNETES_NETWORK_POLICY_ORDER,
    baseline: tiers.get('kube-baseline')!,
    tieBreak: (kind, name, namespace) => `${name}/${namespace ?? ''}/${calicoKind(kind)}`,
    named(name) {
      let t = tiers.get(name);
      if (!t) {
        t = tier(name, UNDECLARED, 'Deny');
        undeclared.add(t);
        tiers.set(name, t);
      }
      return t;
    },
  };
}

/** The tiers declared by Tier objects among some policies, by name. */
export function declaredTiers(policies: readonly KindedPolicy[]): Map<string, CalicoTier> {
  const out = new Map<string, CalicoTier>();
  for (const p of policies) if (p.policy.kind === 'Tier') out.set(p.policy.name, p.policy as CalicoTier);
  return out;
}
