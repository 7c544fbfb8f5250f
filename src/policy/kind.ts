import type { SourceRef } from '../model/diagnostics.js';
import type { AddressSet } from '../model/addresses.js';
import type { RawObject } from '../model/objects.js';
import type { PortExpression, RulePort } from '../model/cluster.js';
import type { Selector, WrittenSelector } from '../model/selectors.js';
import type { TierTable } from './tiers.js';

export type Direction = 'ingress' | 'egress';
export type Action = 'allow' | 'deny' | 'pass';

/** Any policy object the loader keeps, of any kind. */
export interface PolicyObject {
  /** The kind as users write it: `NetworkPolicy`, `ClusterNetworkPolicy`, ... */
  readonly kind: string;
  readonly name: string;
  /** Set for namespaced kinds. */
  readonly namespace?: string;
  readonly source: SourceRef;
}

/** A remark about an object that is still analysed: a warning with its code and line. */
export interface PolicyNote {
  readonly line: number;
  readonly code: string;
  readonly message: string;
}

export interface ReadContext {
  /** Namespace of namespaced objects that name none. */
  readonly defaultNamespace: string;
}

/**
 * Which workloads (by class) a peer or subject holds, as the engine resolves
 * it: every workload, every workload a selector can match (host-network ones
 * aside, unless they are included), or a sorted set of classes.
 */
export type ClassMatch =
  | { readonly kind: 'all' }
  | { readonly kind: 'selectable' }
  | { readonly kind: 'set'; readonly classes: Int32Array };

/** What the engine offers a policy kind to turn its selectors into classes. */
export interface Resolver {
  /**
   * The selectable workloads in a namespace (by name), or in the namespaces a
   * selector matches, whose pod labels `pods` matches (undefined: all).
   */
  pods(namespaces: string | Selector, pods: Selector | undefined): ClassMatch;
  /** Every workload, host-network ones included. */
  readonly everyWorkload: ClassMatch;
  /** Every workload a selector can match. */
  readonly selectableWorkloads: ClassMatch;
  /** The ingress controller's pod (`{ingress-controller}`, engine/ingress.ts), where ingress objects route traffic from outside the cluster; none where they do not. */
  readonly ingressController: ClassMatch;
  /** The workloads selectors never match (host-network ones, unless they are included as pods). */
  readonly hostNetworkWorkloads: ClassMatch;
  readonly noWorkload: ClassMatch;
  union(a: ClassMatch, b: ClassMatch): ClassMatch;
  intersect(a: ClassMatch, b: ClassMatch): ClassMatch;
  /** The workloads of `a` that are not in `b`. */
  subtract(a: ClassMatch, b: ClassMatch): ClassMatch;
  /** The classes a match holds, in increasing order. */
  classList(m: ClassMatch): Int32Array | readonly number[];
  /** The tiers of this cluster: where each kind's policies go. */
  readonly tiers: TierTable;
  /**
   * The whole address space of the IP families analysed (IPv4, IPv6 or
   * both): pods and nodes have addresses of each, and external endpoints
   * are cut from it.
   */
  readonly addressSpace: AddressSet;
  /**
   * Whether the families analysed were assumed, not given (IPv4, since
   * nothing names IPv6): a rule that picks pods by their IPv4 addresses
   * then leaves their IPv6 traffic alone on a dual-stack cluster.
   */
  readonly familyAssumed: boolean;
  /** Whether the user gave the families analysed (--ip-family), rather than the analysis inferring them. */
  readonly familyGiven: boolean;
  /** The pod network given by the user (--pod-cidr), within the families analysed, if any. */
  podNetwork(): AddressSet | null;
  /** A warning about the analysis of an object, reported once. */
  warn(code: string, at: SourceRef, message: string): void;
  /** Whether Calico network sets may exist that the manifests do not hold (the config's outside.networkSets, true unless it says false). */
  readonly networkSetsOutside: boolean;
  /** Whether the manifests show the cluster runs Cilium (Cluster.runsCilium), which enforces Kubernetes NetworkPolicies too. */
  readonly runsCilium: boolean;
  /** What Cilium's agents do under the flags that decide whether they take a Cilium policy, as the manifests' settings say (their defaults where they say nothing). */
  readonly ciliumFlags: CiliumAgentFlags;
  /**
   * Where a selector of namespaces reads labels of namespaces neither the
   * manifests nor the config declare (only referenced: a workload's, a
   * policy's), which may carry labels other than their name's: how it may
   * pick other pods of theirs (those `pods` matches) than shown; undefined
   * where it may not (a name decides, no such namespace holds workloads).
   * `what` names the selector in the reason.
   */
  undeclaredNamespaces(namespaces: string | Selector, pods: Selector | undefined, what: string): UndeclaredNamespaces | undefined;
}

/** cilium-agent's flags that decide whether it takes a Cilium policy at all, or how it reads enableDefaultDeny (input/settings.ts CILIUM_AGENT_FLAGS). */
export type CiliumAgentFlag = 'enable-node-selector-labels' | 'enable-l7-proxy' | 'enable-icmp-rules' | 'enable-non-default-deny-policies';

/** What the agents do under one flag: on (or off) on every node, or on some nodes only; `why` says where the manifests set it, or that they do not. */
export interface CiliumAgentFlagState {
  readonly on: boolean | 'some';
  readonly why: string;
}

export type CiliumAgentFlags = Readonly<Record<CiliumAgentFlag, CiliumAgentFlagState>>;

/** How a selector of namespaces may pick other pods than shown in namespaces whose labels are not known (Resolver.undeclaredNamespaces). */
export interface UndeclaredNamespaces {
  readonly why: string;
  /** The pods of such namespaces it does not pick and may. */
  readonly more: ClassMatch;
  /** Whether it picks pods of such namespaces that it may not. */
  readonly fewer: boolean;
  /** The pods of such namespaces, picked or not. */
  readonly within: ClassMatch;
}

/**
 * An evaluation tier: where its policies stand among all others (`order`,
 * lower first), how its rules combine, and what it does with traffic that
 * no rule decided once some policy of the tier isolates the endpoint.
 *
 * - `first-match`: rules in order (policy order, then rule order); the first
 *   that matches decides, Allow and Deny finally, Pass hands over to the
 *   next tier.
 * - `union`: Deny rules first, wherever they are, then the union of the
 *   Allow rules (NetworkPolicy: no Deny at all; Cilium: deny wins).
 */
export interface Tier {
  readonly name: string;
  readonly order: number;
  readonly combine: 'first-match' | 'union';
  /** Once a policy of the tier isolates the endpoint: `deny` undecided traffic, or `pass` it on. */
  readonly endAction: 'deny' | 'pass';
  /** Policies of the same order whose rules overlap have no defined order: report it. */
  readonly tiesAmbiguous: boolean;
}

/** One rule of a policy as the engine evaluates it. */
export interface RuleSpec {
  readonly action: Action;
  /** The workloads its peers match. */
  readonly classes: ClassMatch;
  /** The external addresses its peers match, of either family. */
  readonly addresses: AddressSet;
  /** A list (any of its ports), every port, or a set expression (Calico's ports less notPorts). */
  readonly ports: readonly RulePort[] | 'all' | PortExpression;
  /** Position among the policy's rules of its direction. */
  readonly index: number;
  readonly name?: string;
  readonly line: number;
  /** The rule as read, to compare states. */
  readonly rule: object;
  /**
   * What the rule filters beyond L3/L4 and the analysis does not decide (`L7
   * HTTP`, `toFQDNs example.com`): the connections it allows pass through
   * that filter and may be narrower than shown.
   */
  readonly note?: string;
  /** Where the rule's peers are not modelled exactly (a peer the analysis cannot resolve). */
  readonly doubt?: RuleDoubt;
  /** How its port names resolve on a destination (PortNames; every port it declares where absent). */
  readonly portNames?: PortNames;
}

/**
 * How a rule's port names resolve on a destination: on every port it
 * declares (its containers' and native sidecars', each number of a name),
 * `cilium` as Cilium's agent resolves them, on its containers' ports
 * alone, one number per name (engine/rules.ts ciliumNamedPorts), or
 * `calico` as Calico resolves them, on the ports of every container, init
 * containers that are not native sidecars too, each number of a name
 * (engine/rules.ts calicoView).
 */
export type PortNames = 'declared' | 'cilium' | 'calico';

/**
 * How a rule's peers may differ from those it is shown to match, and why
 * (the warning says more): `more` where it may match peers it is not shown
 * to (a Service, a node, a cloud group left unresolved), `fewer` where it
 * may not match all it is shown to (DNS names taken to be any address).
 * Invariants fail closed where this could change their verdict.
 */
export interface RuleDoubt {
  readonly more: boolean;
  readonly fewer: boolean;
  readonly why: string;
  /** The peers it may match beyond those shown, where they are known to be fewer than any: workloads of these classes, and external addresses where `addresses`. */
  readonly within?: { readonly classes: ClassMatch; readonly addresses: boolean };
}

/** What one policy does to the workloads it holds in one direction. */
export interface Step {
  readonly tier: Tier;
  /** Place among the tier's policies (priority, order), lower first. */
  readonly order: number;
  /** Among equal orders: by this text where given (the policy's name), else in the order of the manifests. */
  readonly tieBreak?: string;
  /** The priority explanations show, for kinds that have one. */
  readonly priority?: number;
  readonly direction: Direction;
  readonly subject: ClassMatch;
  /** Whether holding a workload isolates it in this direction (NetworkPolicy: yes; AdminNetworkPolicy: no). */
  readonly isolates: boolean;
  readonly rules: readonly RuleSpec[];
  /** Where which pods the policy holds is not known (its selector reads a label the manifests do not show): why, and the workloads it may hold. */
  readonly subjectDoubt?: SubjectDoubt;
}

/** See Step.subjectDoubt: invariants fail closed on what the step may decide for the workloads `within`. */
export interface SubjectDoubt {
  readonly why: string;
  readonly within: ClassMatch;
}

/**
 * A kind of policy object, behind one interface: how it is recognised, read
 * and validated, identified and compared across states, compiled into the
 * engine's evaluation, and explained.
 */
export interface PolicyKind<P extends PolicyObject = PolicyObject> {
  /** The kind as users write it. */
  readonly kind: string;
  /** The API group and versions it is read from (`networking.k8s.io` and `v1`). */
  readonly group: string;
  readonly versions: readonly string[];
  /** `NetworkPolicies`, for counts. */
  readonly plural: string;
  /** Namespaced objects carry a namespace and are identified within it. */
  readonly namespaced: boolean;
  /** Reads and validates an object; throws InvalidObject for what the API server rejects. */
  read(obj: RawObject, ctx: ReadContext): { policy: P; notes: PolicyNote[] };
  /** The policy's rules of a direction, as read, in order (to tell edited and moved rules apart). */
  rules(policy: P, direction: Direction): readonly object[];
  /** What picks the policy's subjects and its place in the evaluation: when it differs, explanations say what changed. */
  selection(policy: P): unknown;
  /**
   * The names of the parts of `selection`, where it is a list of as many
   * (`podSelector`, `policyTypes`; `priority`, `order`, `tier`), as users
   * write them: explanations name the part that changed, and tell a
   * subject selector edited from the policy's place in the evaluation.
   */
  readonly selectionParts?: readonly string[];
  /** Whether the order of rules matters (first match), so that a moved rule is a cause. */
  readonly ordered: boolean;
  /** The engine's view of the policy. */
  compile(policy: P, resolver: Resolver): Step[];
  /**
   * Objects of this kind exist only where one network plugin enforces
   * policy (Calico's): where some are present, that plugin's tiers order
   * every policy of the cluster.
   */
  readonly tierTable?: (policies: readonly KindedPolicy[]) => TierTable;
  /** Its selectors see a pod's service account: pods that differ only in it are told apart. */
  readonly seesServiceAccounts?: boolean;
  /**
   * Other objects whose change changes what a policy does without changing
   * the policy (a Calico policy's Tier), by kind and name: a change to one
   * touches the policy's subjects.
   */
  dependsOn?(policy: P): ReadonlyArray<{ readonly kind: string; readonly name: string }>;
  /**
   * What the filter behind a note of one of its rules (RuleSpec.note: an L7
   * rule, server names) says, as written, to compare states: the same note
   * over another filter (an HTTP path widened) lets other requests through.
   * `rule` is the rule as read (RuleSpec.rule); undefined where the note
   * names all there is to it (DNS names).
   */
  noteFilter?(rule: object, note: string): string | undefined;
  /**
   * Whether the policy names IPv6 addresses (an IPv6 CIDR, Calico's
   * `ipVersion: 6`): a cluster whose policies do is analysed for both
   * families unless the user says which.
   */
  usesIPv6?(policy: P): boolean;
  /**
   * The peers of its rules that pick pods by selectors, those that pick
   * every pod of every namespace left out: exposure analysis makes its
   * representatives of pods the manifests do not hold from them.
   */
  selectorPeers?(policy: P): readonly SelectorPeer[];
  /**
   * The pods the policy applies to, by selectors (every pod of every
   * namespace left out): invariants on pods present or future try pods
   * inside and outside them.
   */
  subjectPeers?(policy: P): readonly SelectorPeer[];
}

/**
 * A peer of a rule that picks pods by selectors, as exposure analysis reads
 * it: the pods a pod selector picks (every pod, when undefined) in the
 * namespace of that name, or in the namespaces a selector picks.
 */
export interface SelectorPeer {
  readonly namespaces: { readonly name: string } | PeerSelector;
  readonly pods?: PeerSelector;
}

/** A selector of a peer, as written (a Kubernetes label selector), or with its text where it is of another language. */
export interface PeerSelector {
  readonly selector: Selector;
  readonly written?: WrittenSelector;
  readonly text?: string;
}

/** A policy with its kind: what the loader keeps. */
export interface KindedPolicy<P extends PolicyObject = PolicyObject> {
  readonly kind: PolicyKind<P>;
  readonly policy: P;
}

/** `ns/name` for namespaced policies, the name for cluster-scoped ones. */
export function policyId(p: PolicyObject): string {
  return p.namespace !== undefined ? `${p.namespace}/${p.name}` : p.name;
}

export const MATCH_NO_CLASS: ClassMatch = { kind: 'set', classes: new Int32Array(0) };
