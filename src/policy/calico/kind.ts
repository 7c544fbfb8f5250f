import type { PolicyKind } from '../kind.js';
import { calicoSelectorPeers, calicoSubjectPeers, calicoUsesIPv6, compileCalicoPolicy } from './compile.js';
import type { CalicoForm } from './read.js';
import { readCalicoPolicy, readCalicoTier } from './read.js';
import { formatCalicoSelector } from './selector.js';
import { calicoTierTable } from './tiers.js';
import type { CalicoPolicy, CalicoPolicyKind, CalicoTier } from './types.js';

/**
 * Calico's NetworkPolicy, GlobalNetworkPolicy and Tier, read from
 * projectcalico.org/v3 (the API) and crd.projectcalico.org/v1 (the form
 * Calico stores them in, read with a warning). Where any is present, the
 * cluster runs Calico: its tiers order every policy (calicoTierTable).
 */

const V3: CalicoForm = { storage: false };
const STORAGE: CalicoForm = { storage: true };

function groupOf(form: CalicoForm): { group: string; versions: readonly string[] } {
  return form.storage ? { group: 'crd.projectcalico.org', versions: ['v1'] } : { group: 'projectcalico.org', versions: ['v3'] };
}

function policyKind(kind: CalicoPolicyKind, form: CalicoForm): PolicyKind<CalicoPolicy> {
  const namespaced = kind === 'CalicoNetworkPolicy';
  return {
    kind: namespaced ? 'NetworkPolicy' : 'GlobalNetworkPolicy',
    ...groupOf(form),
    plural: namespaced ? 'CalicoNetworkPolicies' : 'GlobalNetworkPolicies',
    namespaced,
    ordered: true,
    read: (obj, ctx) => readCalicoPolicy(obj, kind, ctx.defaultNamespace, form),
    rules: (p, direction) => p[direction],
    selection: (p) => [formatCalicoSelector(p.selector.expr), p.namespaceSelector?.text, p.serviceAccountSelector?.text, p.types, p.tier, p.order],
    selectionParts: ['selector', 'namespaceSelector', 'serviceAccountSelector', 'types', 'tier', 'order'],
    compile: compileCalicoPolicy,
    tierTable: calicoTierTable,
    seesServiceAccounts: true,
    dependsOn: (p) => [{ kind: 'Tier', name: p.tier }],
    usesIPv6: calicoUsesIPv6,
    selectorPeers: calicoSelectorPeers,
    subjectPeers: calicoSubjectPeers,
  };
}

function tierKind(form: CalicoForm): PolicyKind<CalicoTier> {
  return {
    kind: 'Tier',
    ...groupOf(form),
    plural: 'Tiers',
    namespaced: false,
    ordered: true,
    read: (obj) => readCalicoTier(obj, form),
    rules: () => [],
    selection: (t) => [t.order, t.defaultAction],
    selectionParts: ['order', 'defaultAction'],
    // a tier holds no pod itself: its policies do (they depend on it), and its place orders them
    compile: () => [],
    tierTable: calicoTierTable,
  };
}

export const CALICO_KINDS: readonly PolicyKind[] = [V3, STORAGE].flatMap((form) => [
  policyKind('CalicoNetworkPolicy', form) as PolicyKind,
  policyKind('GlobalNetworkPolicy', form) as PolicyKind,
  tierKind(form) as PolicyKind,
]);
