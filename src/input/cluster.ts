import type { Diagnostic, SourceRef } from '../model/diagnostics.js';
import type { Labels, Namespace, Workload } from '../model/cluster.js';
import type { Selector } from '../model/selectors.js';
import type { CiliumAgentFlags, KindedPolicy } from '../policy/kind.js';
import type { NetworkPolicy } from '../policy/networkpolicy/types.js';
import type { Gateway, IngressRoute, ReferenceGrant, Service } from '../model/services.js';

/**
 * Something in the manifests that governs traffic and that reachdiff does
 * not model: an object of a policy kind it does not read (a Cilium or Calico
 * policy, an Istio AuthorizationPolicy), or a part of a rule of a kind it
 * reads that the analysis cannot decide (a domainNames peer).
 */
export interface NotAnalysed {
  /** The object's kind, or what part of a rule (`rule part`). */
  readonly kind: string;
  /** `ns/name` or `name`, where the object has one. */
  readonly name?: string;
  readonly source: SourceRef;
  readonly reason: string;
  /** An object that routes traffic from outside the cluster to pods in a way not modelled. */
  readonly routesFromOutside?: true;
  /** Where such an object names Services only: those (`ns/name`), so that only the pods they pick are reached through it (undefined: any pod). */
  readonly routesTo?: readonly string[];
  /** A plugin's or a mesh's setting (kind `setting`): its key and value as written. */
  readonly setting?: { readonly key: string; readonly value: string };
  /** What it may do to the paths shown, so that invariants it could break fail closed (undefined: nothing, or checked elsewhere). */
  readonly effect?: NotAnalysedEffect;
  /** A digest of the object's content, where it is one object of the manifests: an edit of it is a doubt of its own (witnessKey). */
  readonly digest?: string;
}

/**
 * What an object not analysed may do to paths: open them (an allow policy
 * of another plugin), close them (a mesh's authorization), or both; within
 * one namespace's pods (`namespace`) or anywhere. `pods`: it makes pods the
 * manifests do not hold (a controller reachdiff does not know), named after
 * it and with its template's labels: they matter where an invariant's
 * selectors pick them, or where an only invariant's list leaves them out.
 */
export interface NotAnalysedEffect {
  readonly does: 'opens' | 'closes' | 'both';
  readonly namespace?: string;
  /** Which end of a path it acts at (a mesh's authorization: the destination; an egress firewall: the source, towards external addresses only); undefined: either. */
  readonly at?: 'source' | 'destination';
  /** It acts only on paths whose other end is an external address (to them from `at: 'source'`, from them to `at: 'destination'`). */
  readonly external?: true;
  /** It acts on one workload's pods (its id), within `namespace`; where the analysis has no workload of that id (folded into its controller), on the namespace's. */
  readonly workload?: string;
  /** Pods it leaves to others that take priority: workloads (ids) with a Linkerd policy of their own, namespaces with their own (or their own EgressNetwork). */
  readonly except?: { readonly workloads?: readonly string[]; readonly namespaces?: readonly string[] };
  /** Which narrower settings take priority over it (filled into `except` once every file is read). */
  readonly yields?: MeshScope;
  /** A mesh's object that, in the mesh's root namespace (Istio's, Linkerd's global egress namespace), acts on the whole mesh: decided once every file is read, the mesh's configuration among them. */
  readonly rootOf?: MeshRoot;
  /**
   * It acts too on paths from any pod to external addresses: a mesh's
   * authorization that may govern an egress gateway or waypoint, whose pods
   * carry the mesh's traffic leaving the cluster (Istio's AuthorizationPolicy).
   */
  readonly egress?: true;
  /** It acts only on the pods of these Services (`ns/name`; where one is not in the manifests, or has no selector, on its namespace's pods): a Cilium Envoy configuration's. */
  readonly services?: readonly string[];
  /** With `external`, it acts only on paths whose external end may be one of these addresses (CIDRs): a Cilium local redirect policy's frontend. */
  readonly addresses?: readonly string[];
  /** Other places it acts, each as its own effect (a Cilium local redirect policy: at its frontend, and at the pods it redirects to). */
  readonly besides?: readonly NotAnalysedEffect[];
  /** It acts only on the pods these labels select (an Istio EnvoyFilter's workloadSelector), within `namespace` where it keeps to one. */
  readonly selects?: Readonly<Record<string, string>>;
  /**
   * It acts only on the pods an admin policy's subject picks (one the
   * cluster's network plugin does not enforce): those `pods` picks (every
   * one, where undefined) in the namespaces `namespaces` picks.
   */
  readonly subject?: { readonly namespaces: Selector; readonly pods?: Selector };
  /** A setting under which the policies are not enforced at all: isolated invariants fail too. */
  readonly enforcement?: 'off';
  /** It matters only where the state holds policies (of any kind), or Kubernetes NetworkPolicies, or policies of the Kubernetes APIs (NetworkPolicies, admin and cluster network policies), or CiliumNetworkPolicies, or CiliumClusterwideNetworkPolicies, or Istio's mesh-wide REGISTRY_ONLY: otherwise it is dropped once every file is read. */
  readonly requires?: 'policies' | 'networkPolicies' | 'kubernetesPolicies' | 'ciliumPolicies' | 'ciliumClusterwidePolicies' | 'istioRegistryOnly';
  readonly pods?: { readonly kind: string; readonly name: string; readonly labels: Labels };
  /** It makes pods within `namespace` whose labels are not known: isolated invariants on the namespace's pods fail too. */
  readonly unknownPods?: true;
  /** The workloads of `namespace` it names (referencedWorkloads), whose pods it may change or stand in for. */
  readonly refers?: readonly string[];
  /** What it stands for is analysed as in the cluster and may not be there (what a Kyverno rule generates where it may never have run): isolated invariants on the pods it acts on fail too. */
  readonly mayBeAbsent?: true;
}

/**
 * Settings of a mesh where a narrower one takes priority: Linkerd's default
 * inbound policy (a pod's over its namespace's, a namespace's over the
 * cluster's) and its egress networks (a namespace's own over those of the
 * global egress namespace).
 */
export type MeshScope = 'linkerd-inbound' | 'linkerd-egress';

/** Meshes with a root namespace whose objects act on the whole mesh: Istio's root namespace, Linkerd's global egress namespace. */
export type MeshRoot = 'istio' | 'linkerd-egress';

/** Everything read from one state of the manifests. */
export interface Cluster {
  readonly namespaces: ReadonlyMap<string, Namespace>;
  readonly workloads: readonly Workload[];
  /** The labels of the ServiceAccounts the manifests declare, by `ns/name` (Calico selectors read them). */
  readonly serviceAccounts: ReadonlyMap<string, Labels>;
  /** Policies of every kind reachdiff models, in the order of the manifests. */
  readonly policies: readonly KindedPolicy[];
  /** The Kubernetes NetworkPolicies among them, for the checks that concern them. */
  readonly networkPolicies: readonly NetworkPolicy[];
  readonly notAnalysed: readonly NotAnalysed[];
  /** Services, and the objects that route traffic from outside the cluster to them (Ingress, Route, Gateway API routes). */
  readonly services: readonly Service[];
  readonly ingressRoutes: readonly IngressRoute[];
  readonly referenceGrants: readonly ReferenceGrant[];
  /** Gateway API Gateways, whose listeners say which routes attach to them. */
  readonly gateways: readonly Gateway[];
  /** Objects of kinds that do not affect reachability, counted by kind. */
  readonly ignoredKinds: ReadonlyMap<string, number>;
  /** Of those, custom resources (of an API group no Kubernetes API has), counted by `Kind.group`. */
  readonly ignoredCustomKinds: ReadonlyMap<string, number>;
  readonly diagnostics: readonly Diagnostic[];
  readonly files: readonly string[];
  /** How many objects hold rules that generate policies (Kyverno policies); src/expand/ adds what they generate. */
  readonly generators: number;
  /**
   * The manifests show the cluster runs Cilium: they hold an object of
   * Cilium's API group (whose CRDs exist only where Cilium is installed),
   * or its agent's cilium-config.
   */
  readonly runsCilium?: true;
  /**
   * The namespace objects that make pods and name none were read in, where
   * no other was given for them (`default`) and no GitOps object says where
   * they go: `kubectl apply -n`, or the script that applies them, may put
   * them in another, so its name is not known, nor its labels (selectors
   * of namespaces that read them are doubted there).
   */
  readonly defaultedNamespace?: string;
  /**
   * The objects the deployment keeps when the manifests no longer hold
   * them, whatever it prunes (an Argo CD Prune=false sync option, Flux's
   * prune: disabled, Helm's resource-policy keep), by removalKey.
   */
  readonly keptWhenRemoved?: ReadonlySet<string>;
  /**
   * Per GitOps object (`Kind ns/name`) that leaves its objects in the
   * cluster when it is itself deleted (an Argo CD Application without the
   * resources finalizer, a Flux Kustomization that does not prune or
   * orphans), the objects under its paths, by removalKey.
   */
  readonly keptIfRemovedWith?: ReadonlyMap<string, ReadonlySet<string>>;
  /** The GitOps objects read (`Kind ns/name`): where one of keptIfRemovedWith is not among head's, its objects stay. */
  readonly gitOpsObjects?: ReadonlySet<string>;
  /** Where it runs Cilium: what its agents do under the flags that decide whether they take a Cilium policy (input/settings.ts ciliumAgentFlags). */
  readonly ciliumFlags?: CiliumAgentFlags;
  /** What expanding those rules found, once they are expanded. */
  readonly expansion?: Expansion;
}

/** What the expansion of generate rules leaves for the checks: warnings about the rules (RD14x). */
export interface Expansion {
  /** Foot-gun warnings about the generating rules, each naming its policy as `object`. */
  readonly warnings: readonly Diagnostic[];
}

/** How an object the deployment keeps is told (Cluster.keptWhenRemoved): its kind, namespace (none for a cluster-scoped one) and name. */
export function removalKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}\u0000${namespace ?? ''}\u0000${name}`;
}
