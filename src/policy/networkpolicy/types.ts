import type { SourceRef } from '../../model/diagnostics.js';
import type { AddressSet } from '../../model/addresses.js';
import type { RulePort } from '../../model/cluster.js';
import type { Selector, WrittenSelector } from '../../model/selectors.js';

/** How a list field was written, which foot-gun checks need. */
export type ListField = 'missing' | 'empty' | 'list';

export type NetworkPolicyPeer =
  | {
      readonly kind: 'pods';
      /** undefined: the policy's own namespace. */
      readonly namespaceSelector?: Selector;
      /** undefined: all pods of the selected namespaces. */
      readonly podSelector?: Selector;
      /** The selectors as written, for outputs that quote them. */
      readonly written: { readonly namespaceSelector?: WrittenSelector; readonly podSelector?: WrittenSelector };
      readonly line: number;
    }
  | {
      readonly kind: 'ipBlock';
      readonly cidr: string;
      readonly except: readonly string[];
      /** The addresses covered, of the cidr's family: cidr minus except. */
      readonly addresses: AddressSet;
      /** The cidr and excepts written with host bits set (`10.1.2.3/16`), where some are. */
      readonly hostBits?: readonly string[];
      readonly line: number;
    };

export interface NetworkPolicyRule {
  readonly index: number;
  readonly line: number;
  /** 'all' when `from`/`to` is missing or empty. */
  readonly peers: readonly NetworkPolicyPeer[] | 'all';
  /** 'all' when `ports` is missing or empty. */
  readonly ports: readonly RulePort[] | 'all';
  readonly peersField: ListField;
  readonly portsField: ListField;
}

/** Rules of a direction that spec.policyTypes does not list: the API server keeps them, Kubernetes ignores them. */
export interface IgnoredRules {
  readonly direction: 'ingress' | 'egress';
  /** The first such rule. */
  readonly line: number;
  readonly count: number;
}

export interface NetworkPolicy {
  readonly kind: 'NetworkPolicy';
  readonly namespace: string;
  readonly name: string;
  readonly source: SourceRef;
  readonly podSelector: Selector;
  readonly podSelectorLine: number;
  /** Defaulted as the API server does. */
  readonly policyTypes: { readonly ingress: boolean; readonly egress: boolean };
  readonly policyTypesExplicit: boolean;
  readonly ingress: readonly NetworkPolicyRule[];
  readonly egress: readonly NetworkPolicyRule[];
  readonly ingressField: ListField;
  readonly egressField: ListField;
  readonly ignoredRules: readonly IgnoredRules[];
}
