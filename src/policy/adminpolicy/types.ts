import type { SourceRef } from '../../model/diagnostics.js';
import type { AddressSet } from '../../model/addresses.js';
import type { RulePort } from '../../model/cluster.js';
import type { Selector, WrittenSelector } from '../../model/selectors.js';

/** v1alpha1 says Allow, v1alpha2 (ClusterNetworkPolicy) Accept. */
export type AdminAction = 'Allow' | 'Accept' | 'Deny' | 'Pass';

/** The selectors of a peer as written, for outputs that quote them. */
export interface WrittenPeer {
  readonly namespaceSelector: WrittenSelector;
  readonly podSelector?: WrittenSelector;
}

export type AdminPeer =
  | { readonly kind: 'namespaces'; readonly namespaceSelector: Selector; readonly written: WrittenPeer }
  | { readonly kind: 'pods'; readonly namespaceSelector: Selector; readonly podSelector: Selector; readonly written: WrittenPeer }
  | { readonly kind: 'networks'; readonly cidrs: readonly string[]; readonly addresses: AddressSet }
  /** Nodes are not modelled: the peer matches no endpoint. */
  | { readonly kind: 'nodes' }
  /** Egress to DNS names: not modelled (the addresses behind a name are not in the manifests). */
  | { readonly kind: 'domainNames'; readonly names: readonly string[] }
  /** A peer with no field or an unknown one: fails closed (an Allow rule matches nothing, a Deny or Pass rule denies everything). */
  | { readonly kind: 'unknown'; readonly what: string };

export interface AdminRule {
  readonly index: number;
  readonly name: string;
  readonly line: number;
  readonly action: AdminAction;
  readonly peers: readonly AdminPeer[];
  readonly ports: readonly RulePort[] | 'all';
}

export type AdminSubject =
  | { readonly kind: 'namespaces'; readonly namespaceSelector: Selector }
  | { readonly kind: 'pods'; readonly namespaceSelector: Selector; readonly podSelector: Selector };

/**
 * AdminNetworkPolicy, the BaselineAdminNetworkPolicy (no priority, no Pass),
 * or a ClusterNetworkPolicy (either tier, with a priority).
 */
export interface AdminPolicy {
  readonly kind: 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy' | 'ClusterNetworkPolicy';
  readonly name: string;
  /** Admin or Baseline. */
  readonly tier: 'Admin' | 'Baseline';
  /** Lower first; undefined for the BaselineAdminNetworkPolicy. */
  readonly priority?: number;
  readonly source: SourceRef;
  readonly subject: AdminSubject;
  readonly ingress: readonly AdminRule[];
  readonly egress: readonly AdminRule[];
}
