import type { RulePort } from '../../model/cluster.js';
import type { SourceRef } from '../../model/diagnostics.js';
import type { AddressSet } from '../../model/addresses.js';
import type { Selector } from '../../model/selectors.js';

export type CiliumKind = 'CiliumNetworkPolicy' | 'CiliumClusterwideNetworkPolicy';

/**
 * A Cilium endpoint selector as it applies to the pods of the manifests,
 * after the rewriting Cilium does (the policy's namespace added, the source
 * prefixes `k8s:` and `any:` read): a selector over namespace labels
 * (`io.kubernetes.pod.namespace` becomes `kubernetes.io/metadata.name`,
 * `io.cilium.k8s.namespace.labels.K` becomes `K`) and one over the pod labels
 * Cilium keeps in security identities, both of which must match.
 */
export interface IdentitySelector {
  readonly namespaces: Selector;
  readonly pods: Selector;
  /** Some requirement no pod meets (a label Cilium leaves out of identities, a `reserved:` label): it matches no pod. */
  readonly noPod: boolean;
  /** It matches the identity of addresses outside the cluster (`reserved:world`, and no other label). */
  readonly world: boolean;
  /** It matches the identity of nodes (`reserved:host` or `reserved:remote-node`), so host-network pods. */
  readonly nodes: boolean;
  /**
   * The other reserved identities it matches (`reserved:ingress`,
   * `reserved:kube-apiserver`, `reserved:world-ipv4`...), each read as the
   * entity of that name (RESERVED_IDENTITIES).
   */
  readonly reserved: readonly string[];
  /**
   * A CiliumClusterwideNetworkPolicy's endpointSelector that matches the
   * identity of Cilium's ingress proxy (`reserved:ingress`, and no other
   * label): `{}`, a `reserved:ingress` key, requirements no other label
   * fails. The proxy is an endpoint of its own that carries Cilium's
   * Ingress and Gateway API traffic to the backends.
   */
  readonly ingressProxy: boolean;
  /** Label keys Cilium leaves out of security identities (pod-template-hash, kubernetes.io/...), as written. */
  readonly dropped: readonly string[];
  /** A CiliumNetworkPolicy peer that names namespace labels and no namespace: pods of every namespace with those labels. */
  readonly acrossNamespaces: boolean;
  /** Why it may match pods it is taken not to: it reads a label the manifests do not give (a service account, a cluster name). */
  readonly unresolved?: string;
  /** Why it may match other pods than shown: it reads labels controllers set on pods, which Cilium keeps in identities. */
  readonly controllers?: string;
  /** The selector as written, for messages. */
  readonly text: string;
  readonly line: number;
}

/** A peer of a rule, one item of one of its peer lists. */
export type CiliumPeer =
  | { readonly kind: 'endpoints'; readonly selector: IdentitySelector }
  | { readonly kind: 'entity'; readonly entity: string }
  | { readonly kind: 'cidr'; readonly cidr: string; readonly except: readonly string[]; readonly addresses: AddressSet; readonly line: number }
  /** toFQDNs: addresses learned from DNS at run time. */
  | { readonly kind: 'fqdn'; readonly names: readonly string[] }
  /** A peer reachdiff does not model (toServices, toGroups, fromNodes, a CIDR group): it matches nothing. */
  | { readonly kind: 'unmodelled'; readonly what: string };

/** One entry of `toPorts`: its ports and what it filters beyond L4. */
export interface CiliumPortRule {
  /** ANY expanded to TCP, UDP and SCTP; ports of other protocols (ICMP, VRRP...) are not TCP, UDP or SCTP and add nothing. */
  readonly ports: readonly RulePort[];
  /** `L7 HTTP`, `L7 DNS`, `L7 Kafka`, `SNI example.com`, `listener x`: the L7 part the analysis does not decide. */
  readonly l7?: string;
  /** It holds L7 rules (http, dns, kafka, l7proto), which Cilium's agent takes only with its L7 proxy on. */
  readonly l7Rules?: true;
  /**
   * Where it has an L7 part (`l7`): that part as written (its L7 rules,
   * server names, TLS contexts and listener), as JSON with its mappings'
   * keys in order, so that an edit of it (an HTTP path widened) is told
   * from the same filter, which `l7` alone does not name.
   */
  readonly filter?: string;
  readonly line: number;
}

export type Section = 'ingress' | 'ingressDeny' | 'egress' | 'egressDeny';

/** One item of `ingress`, `ingressDeny`, `egress` or `egressDeny`. */
export interface CiliumRule {
  /** Position among the policy's rules of the direction (spec, then specs in order; allow and deny sections in order). */
  readonly index: number;
  /** Its section; with its position there, its name (ruleName: `ingressDeny[0]`, `specs[1].egress[2]`). */
  readonly section: Section;
  readonly action: 'allow' | 'deny';
  readonly line: number;
  /** The spec rule it belongs to (0: spec, or specs[0] where there is no spec). */
  readonly spec: number;
  /**
   * `any`: no peer field, which with toPorts means every peer (and without
   * them nothing, see `ports`); `none`: an explicit empty list, which
   * matches nothing.
   */
  readonly peers: readonly CiliumPeer[] | 'any' | 'none';
  /** `all`: no toPorts (or an empty one), every port and protocol; else the union of the entries. */
  readonly ports: 'all' | readonly CiliumPortRule[];
  /** Something outside L3/L4 that the rule requires (`toFQDNs example.com`, `mutual auth`), applied to all its ports. */
  readonly note?: string;
  /** `icmps` given: ICMP is not analysed, so the rule adds nothing of TCP, UDP or SCTP. */
  readonly icmpOnly?: true;
  /** Mutual authentication the rule requires (required, test-always-fail): connections may be refused. */
  readonly authentication?: string;
  /** fromRequires or toRequires given: not modelled, so the peers of its spec's rules of its direction may be fewer than shown. */
  readonly requires?: true;
}

/** One rule of `spec` or `specs`: its subjects and whether it puts them in default deny. */
export interface CiliumSpecRule {
  /** `spec` or `specs[1]`, for messages. */
  readonly path: string;
  /** What names of its rules start with: nothing for a lone spec, else `spec.` or `specs[1].`. */
  readonly prefix: string;
  readonly line: number;
  /** undefined for a host policy (nodeSelector), which is not modelled. */
  readonly subject: IdentitySelector | undefined;
  /** enableDefaultDeny as written; an absent value means deny where the direction has rules. */
  readonly enableDefaultDeny: { readonly ingress?: boolean; readonly egress?: boolean };
  /** Whether the rule has entries (allow or deny) of a direction. */
  readonly has: { readonly ingress: boolean; readonly egress: boolean };
  /** `ingress: []` and the like, which put no pod in default deny (a foot-gun the checks report). */
  readonly emptySections: readonly { readonly section: Section; readonly line: number }[];
}

/** A port range Cilium reads otherwise than written: `endPort` not above `port`. */
export interface PortQuirk {
  readonly what: string;
  readonly line: number;
  readonly message: string;
}

export interface CiliumPolicy {
  readonly kind: CiliumKind;
  readonly name: string;
  /** Set for CiliumNetworkPolicy. */
  readonly namespace?: string;
  readonly source: SourceRef;
  readonly specs: readonly CiliumSpecRule[];
  readonly ingress: readonly CiliumRule[];
  readonly egress: readonly CiliumRule[];
  readonly portQuirks: readonly PortQuirk[];
}
