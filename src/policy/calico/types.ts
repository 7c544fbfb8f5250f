import type { SourceRef } from '../../model/diagnostics.js';
import type { AddressSet } from '../../model/addresses.js';
import type { AddressFamily } from '../../model/ipranges.js';
import type { Protocol } from '../../model/connections.js';
import type { CalicoExpr } from './selector.js';

/**
 * Calico's policy objects (projectcalico.org/v3, and the
 * crd.projectcalico.org/v1 form they are stored in), as read and validated,
 * with Calico's defaults applied. Field by field after
 * api/pkg/apis/projectcalico/v3 (networkpolicy.go, globalnetworkpolicy.go,
 * policy_common.go, tier.go) of projectcalico/calico v3.32.
 */

/** A selector as written, parsed. */
export interface CalicoSelector {
  readonly text: string;
  readonly expr: CalicoExpr;
}

/** CIDRs of `nets` or `notNets`, all of one family (the rule then matches traffic of that family only): the addresses they cover. */
export interface Nets {
  readonly cidrs: readonly string[];
  readonly addresses: AddressSet;
  readonly family: AddressFamily;
}

/** An item of `ports` or `notPorts`: a number, an inclusive "a:b" range, or a container port name. */
export type CalicoPort = { readonly kind: 'range'; readonly from: number; readonly to: number } | { readonly kind: 'named'; readonly name: string };

/** `source` or `destination` of a rule: every field set must match (AND); within a list, any item (OR). */
export interface EntityRule {
  readonly nets?: Nets;
  readonly notNets?: Nets;
  readonly selector?: CalicoSelector;
  readonly notSelector?: CalicoSelector;
  /** Over the labels of namespaces (and projectcalico.org/name); `global()` alone means endpoints outside every namespace. */
  readonly namespaceSelector?: CalicoSelector;
  readonly ports?: readonly CalicoPort[];
  readonly notPorts?: readonly CalicoPort[];
  readonly serviceAccounts?: { readonly names: readonly string[]; readonly selector?: CalicoSelector };
  readonly services?: { readonly name: string; readonly namespace?: string };
  /** Calico Enterprise's DNS policy: names whose addresses, as DNS returns them, match; never a pod of the cluster. */
  readonly domains?: readonly string[];
}

export type CalicoAction = 'Allow' | 'Deny' | 'Pass' | 'Log';

/** A protocol by name or number, with its number and whether the analysis models it (TCP, UDP, SCTP). */
export interface CalicoProtocol {
  /** As written: `TCP`, `6`, `ICMP`. */
  readonly text: string;
  readonly number: number;
  readonly modelled: Protocol | undefined;
}

export interface CalicoRule {
  /** Position among the policy's rules of its direction. */
  readonly index: number;
  readonly line: number;
  readonly action: CalicoAction;
  readonly protocol?: CalicoProtocol;
  readonly notProtocol?: CalicoProtocol;
  readonly ipVersion?: 4 | 6;
  /** icmp or notICMP is set: they only concern ICMP, which the analysis does not model. */
  readonly icmp: boolean;
  /** An HTTP match: enforced only by application layer policy. */
  readonly http: boolean;
  readonly source: EntityRule;
  readonly destination: EntityRule;
}

export type CalicoPolicyKind = 'CalicoNetworkPolicy' | 'GlobalNetworkPolicy';

export interface CalicoPolicy {
  /**
   * `CalicoNetworkPolicy` for projectcalico.org's namespaced NetworkPolicy,
   * which shares its kind with Kubernetes' own; `GlobalNetworkPolicy`.
   */
  readonly kind: CalicoPolicyKind;
  readonly name: string;
  /** Set for a CalicoNetworkPolicy. */
  readonly namespace?: string;
  readonly source: SourceRef;
  /** `spec.tier`, `default` when omitted. */
  readonly tier: string;
  /** `spec.order`; undefined is applied after every order. */
  readonly order?: number;
  readonly selector: CalicoSelector;
  readonly selectorLine: number;
  /** GlobalNetworkPolicy only: the namespaces whose pods it holds. */
  readonly namespaceSelector?: CalicoSelector;
  readonly serviceAccountSelector?: CalicoSelector;
  /** Defaulted as Calico does: Ingress, plus Egress when there are egress rules; Egress alone when there are only egress rules. */
  readonly types: { readonly ingress: boolean; readonly egress: boolean };
  readonly typesExplicit: boolean;
  /** The rules of the directions `types` lists (others are ignored, and reported). */
  readonly ingress: readonly CalicoRule[];
  readonly egress: readonly CalicoRule[];
  /** Rules of a direction that types does not list: the first one's line and their count. */
  readonly ignoredRules: ReadonlyArray<{ readonly direction: 'ingress' | 'egress'; readonly line: number; readonly count: number }>;
  /** GlobalNetworkPolicy: applies to host endpoints only (doNotTrack, preDNAT). */
  readonly hostEndpointsOnly: boolean;
}

export interface CalicoTier {
  readonly kind: 'Tier';
  readonly name: string;
  readonly source: SourceRef;
  /** undefined: after every tier with an order. */
  readonly order?: number;
  readonly defaultAction: 'Deny' | 'Pass';
}

/** The tiers Calico creates and pins (api/pkg/apis/projectcalico/v3/tier.go): their order and default action. */
export const BUILTIN_TIERS: ReadonlyMap<string, { readonly order: number; readonly defaultAction: 'Deny' | 'Pass' }> = new Map([
  ['kube-admin', { order: 1_000, defaultAction: 'Pass' as const }],
  ['default', { order: 1_000_000, defaultAction: 'Deny' as const }],
  ['kube-baseline', { order: 10_000_000, defaultAction: 'Pass' as const }],
]);

/** The order at which Calico places Kubernetes NetworkPolicies in the default tier (libcalico-go k8s conversion). */
export const KUBERNETES_NETWORK_POLICY_ORDER = 1000;
