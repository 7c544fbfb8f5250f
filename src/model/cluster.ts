import type { Protocol } from './connections.js';
import type { Diagnostic, SourceRef } from './diagnostics.js';
import type { IntervalSet } from './intervals.js';
import type { Labels, Selector } from './selectors.js';

export type { Labels } from './selectors.js';

export const WORKLOAD_KINDS = [
  'Pod',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

/** The label every namespace carries with its own name. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

export interface Namespace {
  readonly name: string;
  /** Manifest labels plus the implicit `kubernetes.io/metadata.name`. */
  readonly labels: Labels;
  /** False for a namespace only referenced, never declared. */
  readonly declared: boolean;
  readonly source?: SourceRef;
}

export interface ContainerPort {
  readonly name?: string;
  readonly port: number;
  readonly protocol: Protocol;
}

/** The pods of a workload that look alike: same labels, ports, network mode. */
export interface PodTemplate {
  readonly labels: Labels;
  readonly ports: readonly ContainerPort[];
  readonly hostNetwork: boolean;
}

/**
 * A unit of the matrix: `ns/name[Kind]`. Pods owned by a controller stand
 * for that controller, so the kind may be any owner kind. Usually one pod
 * template; pods of one owner that differ in labels give several.
 */
export interface Workload {
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  readonly kind: string;
  readonly pods: readonly PodTemplate[];
  readonly source: SourceRef;
}

export function workloadId(namespace: string, name: string, kind: string): string {
  return `${namespace}/${name}[${kind}]`;
}

/** A port of a policy rule, before named ports are resolved on a destination. */
export type RulePort =
  /** `protocolOmitted`: the protocol was not written and defaulted to TCP. */
  | { readonly kind: 'numbers'; readonly protocol: Protocol; readonly from: number; readonly to: number; readonly protocolOmitted?: true }
  | { readonly kind: 'all'; readonly protocol: Protocol }
  /** A container port name; `protocol` undefined matches any protocol (ANP namedPort). */
  | { readonly kind: 'named'; readonly protocol: Protocol | undefined; readonly name: string };

/** How a list field was written, which foot-gun checks need. */
export type ListField = 'missing' | 'empty' | 'list';

export type NetworkPolicyPeer =
  | {
      readonly kind: 'pods';
      /** undefined: the policy's own namespace. */
      readonly namespaceSelector?: Selector;
      /** undefined: all pods of the selected namespaces. */
      readonly podSelector?: Selector;
      readonly line: number;
    }
  | {
      readonly kind: 'ipBlock';
      readonly cidr: string;
      readonly except: readonly string[];
      /** IPv4 addresses covered: cidr minus except (empty for IPv6). */
      readonly addresses: IntervalSet;
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

export type AdminAction = 'Allow' | 'Deny' | 'Pass';

export type AdminPeer =
  | { readonly kind: 'namespaces'; readonly namespaceSelector: Selector }
  | { readonly kind: 'pods'; readonly namespaceSelector: Selector; readonly podSelector: Selector }
  | { readonly kind: 'networks'; readonly cidrs: readonly string[]; readonly addresses: IntervalSet; readonly wholeSpace: boolean }
  /** Nodes are not modelled: the peer matches no endpoint. */
  | { readonly kind: 'nodes' }
  /** A peer with no field or an unknown one: fails closed (Allow matches nothing, Deny and Pass everything). */
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

/** AdminNetworkPolicy, or the BaselineAdminNetworkPolicy (no priority, no Pass). */
export interface AdminPolicy {
  readonly kind: 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';
  readonly name: string;
  /** ANP priority (lower first); undefined for the baseline. */
  readonly priority?: number;
  readonly source: SourceRef;
  readonly subject: AdminSubject;
  readonly ingress: readonly AdminRule[];
  readonly egress: readonly AdminRule[];
}

export type Policy = NetworkPolicy | AdminPolicy;

/** Everything read from one state of the manifests. */
export interface Cluster {
  readonly namespaces: ReadonlyMap<string, Namespace>;
  readonly workloads: readonly Workload[];
  readonly networkPolicies: readonly NetworkPolicy[];
  readonly adminPolicies: readonly AdminPolicy[];
  readonly baselinePolicy?: AdminPolicy;
  /** Objects of kinds that do not affect reachability, counted by kind. */
  readonly ignoredKinds: ReadonlyMap<string, number>;
  readonly diagnostics: readonly Diagnostic[];
  readonly files: readonly string[];
}

export function policyId(p: Policy): string {
  return p.kind === 'NetworkPolicy' ? `${p.namespace}/${p.name}` : p.name;
}
