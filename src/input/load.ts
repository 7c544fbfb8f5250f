import { createHash } from 'node:crypto';
import { posix } from 'node:path';
import picomatch from 'picomatch/posix.js';
import type { Diagnostic, GeneratedBy, SourceRef } from '../model/diagnostics.js';
import { Codes, compareDiagnostics, diagnostic, ExpansionCodes, generatedByText, InputCodes } from '../model/diagnostics.js';
import type { Limits, ParsedDocument, ParseResult } from './yaml/documents.js';
import { DEFAULT_LIMITS, parseDocuments } from './yaml/documents.js';
import type { Labels, Namespace, PodTemplate, Workload, WorkloadKind } from '../model/cluster.js';
import { NAMESPACE_NAME_LABEL, WORKLOAD_KINDS, workloadId } from '../model/cluster.js';
import type { ManifestObject, RawObject } from '../model/objects.js';
import { labelsProblem, metadataProblem } from '../model/validation.js';
import { MATCH_ALL, parseSelector } from '../model/selectors.js';
import { formatCidr, hostCidr, parseCidr } from '../model/ipranges.js';
import { DNS_LABEL_RULE, field, InvalidObject, isDnsLabel, isRecord, nameProblem, optionalList, optionalString, readLabels, shown } from '../model/objects.js';
import type { KindedPolicy, PolicyObject } from '../policy/kind.js';
import { policyId } from '../policy/kind.js';
import type { NetworkPolicy } from '../policy/networkpolicy/types.js';
import { policyTypesOf } from '../policy/networkpolicy/read.js';
import type { KindEffect } from '../policy/registry.js';
import { admissionRefusal, recognise, splitApiVersion, tierTableOf } from '../policy/registry.js';
import { KUBERNETES_TIERS } from '../policy/tiers.js';
import type { AdminPolicy } from '../policy/adminpolicy/types.js';
import type { Cluster, MeshRoot, MeshScope, NotAnalysed, NotAnalysedEffect } from './cluster.js';
import { removalKey } from './cluster.js';
import type { WorkloadPart } from './workloads.js';
import { readWorkload } from './workloads.js';
import { CONSUL_CONNECT_INJECT, LINKERD_INJECT, MULTUS_NETWORKS, OTEL_SIDECAR_INJECT } from '../model/annotations.js';
import { egressNetworkParent, isConfigMapNamed, ISTIO_ROOT_NAMESPACE, LINKERD_DEFAULT_POLICY, LINKERD_EGRESS_NAMESPACE, linkerdConfig, linkerdEgress, linkerdRefuses, meshEffect, yamlText } from './meshes.js';
import type { CiliumClusterNetworkPolicySetting } from './settings.js';
import { ciliumAgentFlags, ciliumClusterNetworkPolicySetting, holdsSettings, ISTIO_REGISTRY_ONLY, istioRootNamespace, pluginSettings, settingsObjectName } from './settings.js';
import { operatorKind, operatorNotModelled } from './operators.js';
import type { Outside } from './outside.js';
import { outsideContribution } from './outside.js';
import type { Gateway, IngressRoute, ReferenceGrant, RouteKind, Service } from '../model/services.js';
import { ROUTE_KINDS } from '../model/services.js';
import type { IngressClass } from './services.js';
import { defaultGatewayScope, maybeNginxIngress, readGateway, readIngressClass, readIngressRoute, readReferenceGrant, readService, ROUTE_GROUPS, unknownRouteParents, withCloudClasses } from './services.js';

/**
 * A manifest file of a snapshot: its path as shown to users, and its text.
 * `walked`: found by walking a directory rather than named, so YAML and
 * JSON that is not Kubernetes (CI configs, package.json) is expected and
 * only counted.
 */
export type ManifestFile =
  | { readonly path: string; readonly text: string; readonly walked?: boolean; readonly built?: BuiltRoot }
  /** A file that could not be read (too large, unreadable), reported as such. */
  | { readonly path: string; readonly error: string; readonly walked?: boolean };

/** The Kustomize root a rendered stream is the build of: its directory, and the roots it includes (directly or not). */
export interface BuiltRoot {
  readonly dir: string;
  readonly includes: readonly string[];
}

/** What a state is read from: manifest files, and parts not read as manifests (a Helm chart, a Kustomize root) with what is said about them. */
export type SnapshotFile =
  | ManifestFile
  | {
      readonly path: string;
      readonly notes: readonly Diagnostic[];
      /**
       * For a part left out (a Helm chart, a Kustomize root not built): a
       * digest of the files it leaves out, their paths within it and their
       * texts, for telling whether a change touched them.
       */
      readonly leftOut?: string;
    };

export interface LoadOptions {
  /** Namespace of objects that name none. */
  readonly defaultNamespace?: string;
  /** Whether the user gave that namespace (`--default-namespace`), `default` too: objects that name none are then known to go there. */
  readonly defaultNamespaceGiven?: boolean;
  readonly limits?: Limits;
  /**
   * Keep every object read (`FileContribution.objects`), for steps that
   * read objects of any kind: Kyverno generate rules. Undefined: kept when
   * some file mentions kyverno.io, or some file holds a generate rule.
   */
  readonly keepObjects?: boolean;
  /** What the config declares outside the manifests; without it, operator resources still stand for their workloads. */
  readonly outside?: Outside;
  /**
   * Where a file or directory of the state stands in the repository read
   * (RepositoryPath): an Argo CD or Flux source's path then matches the
   * directory at that path from the root too, besides those whose path
   * ends with it. A source's repoURL is not compared with the repository's:
   * a repository renamed keeps serving its old URL, so a source naming
   * another may still be this one.
   */
  readonly repositoryPath?: RepositoryPath;
}

/** Where a path of the state (a file's or a directory's, as shown) stands in the repository read, from its root; undefined where not known. */
export type RepositoryPath = (path: string) => string | undefined;

const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

/** How a Git LFS pointer file starts (git-lfs spec v1), and the earlier forms git-lfs still reads as v1 (lfs/pointer.go, v1Aliases). */
const LFS_POINTERS = ['version https://git-lfs.github.com/spec/v1', 'version https://hawser.github.com/spec/v1', 'version http://git-media.io/v/2'];

/**
 * Whether a directory's file is listed: a manifest, as `kubectl apply -f
 * DIR` picks them, by extension, case and all (`policy.YAML` is not
 * applied); and a `.jsonnet` file, which kubectl leaves alone and an Argo
 * CD directory source renders (readFile notes it and reads nothing).
 */
export function isManifestPath(path: string): boolean {
  // Kustomize also reads a kustomization from a file named Kustomization
  return MANIFEST_EXTENSIONS.some((ext) => path.endsWith(ext)) || path === 'Kustomization' || path.endsWith('/Kustomization') || isJsonnetPath(path);
}

/** A Jsonnet program Argo CD evaluates in a directory source (argo-cd.readthedocs.io, user-guide/jsonnet); libraries (.libsonnet) are only imported. */
function isJsonnetPath(path: string): boolean {
  return path.endsWith('.jsonnet');
}

/**
 * The order `kubectl apply -R -f DIR` reads files in (filepath.Walk): by
 * name within each directory, a directory's files where its name sorts, so
 * `a/x.yaml` comes before `a.yaml`. Of two objects with one name, the one
 * read last is the one the cluster keeps.
 */
export function compareWalkOrder(a: string, b: string): number {
  const x = a.split('/');
  const y = b.split('/');
  for (let i = 0; i < x.length && i < y.length; i++) {
    if (x[i] !== y[i]) return compareBytes(x[i]!, y[i]!);
  }
  return x.length - y.length;
}

/**
 * Two names in the order of their UTF-8 bytes, as Go sorts strings (kubectl's
 * walk, git's trees): the order of their code points. JavaScript's `<`
 * compares UTF-16 units, which puts a character above U+FFFF (a surrogate
 * pair) before one of U+E000 to U+FFFF.
 */
export function compareBytes(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const sx = x >= 0xd800 && x <= 0xdfff;
    const sy = y >= 0xd800 && y <= 0xdfff;
    if (sx !== sy) return sx ? 1 : -1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}

function listItemKind(listKind: string): string | undefined {
  return listKind !== 'List' && listKind.endsWith('List') ? listKind.slice(0, -4) : undefined;
}

/** One object a file contributes, already read and validated. */
export type Item =
  | { readonly kind: 'workload'; readonly part: WorkloadPart; readonly source: SourceRef }
  | { readonly kind: 'namespace'; readonly namespace: Namespace; readonly source: SourceRef }
  | { readonly kind: 'serviceAccount'; readonly id: string; readonly labels: Labels }
  | { readonly kind: 'policy'; readonly policy: KindedPolicy }
  | { readonly kind: 'service'; readonly service: Service }
  | { readonly kind: 'ingressRoute'; readonly route: IngressRoute }
  | { readonly kind: 'referenceGrant'; readonly grant: ReferenceGrant }
  | { readonly kind: 'gateway'; readonly gateway: Gateway }
  /**
   * A Gateway API Gateway, for where its implementation puts its proxy
   * (gatewayProxies): `what` names it as a warning does, `manual` where its
   * spec.addresses name a Service by Hostname (Istio's manual deployment).
   */
  | { readonly kind: 'gatewayProxy'; readonly what: string; readonly name?: string; readonly namespace: string; readonly className?: string; readonly manual: boolean; readonly source: SourceRef }
  /** A GatewayClass: the controller (spec.controllerName) that serves the Gateways of its name. */
  | { readonly kind: 'gatewayClass'; readonly name: string; readonly controller?: string }
  /** A workload running NGINX Gateway Fabric's controller: its image, the major version its tag tells, the class it serves (--gatewayclass). */
  | { readonly kind: 'ngfController'; readonly image: string; readonly major?: number; readonly gatewayClass?: string; readonly source: SourceRef }
  /** Envoy Gateway's own configuration (envoyGatewayConfig): the controller it serves and where it deploys proxies, undefined where the text does not parse. */
  | { readonly kind: 'envoyGateway'; readonly controller: string; readonly gatewayNamespace?: boolean; readonly source: SourceRef }
  /** An IngressClass: which controller serves the Ingresses of its name (or of none, the default one). */
  | { readonly kind: 'ingressClass'; readonly ingressClass: IngressClass }
  | { readonly kind: 'notAnalysed'; readonly what: NotAnalysed }
  /** The root namespace a mesh's configuration names (Istio's, Linkerd's global egress namespace). */
  | { readonly kind: 'meshRoot'; readonly mesh: MeshRoot; readonly namespace: string }
  /** A namespace or workload with a mesh setting of its own (see MeshScope), whatever it says, or (own false) a later declaration without one. */
  | { readonly kind: 'meshScope'; readonly scope: MeshScope; readonly namespace: string; readonly workload?: string; readonly own: boolean }
  /**
   * An object holding a plugin's or mesh's settings (settings.ts), with
   * what it reports (not analysed, RD011): the cluster keeps the last
   * declaration of it, so a later one replaces what an earlier one said.
   */
  | {
      readonly kind: 'settings';
      readonly object: string;
      readonly name: string;
      readonly source: SourceRef;
      readonly notAnalysed: readonly NotAnalysed[];
      readonly diagnostics: readonly Diagnostic[];
      /** Cilium's settings: what they say of the enforcement of ClusterNetworkPolicies, and of the agent's flags that decide whether it takes a Cilium policy. */
      readonly cilium?: CiliumClusterNetworkPolicySetting;
    }
  /** An object that shows the cluster runs Cilium (Cluster.runsCilium): `what` names it. */
  | { readonly kind: 'cilium'; readonly what: string; readonly source: SourceRef }
  /** An object its deployment keeps when the manifests no longer hold it (keptWhenRemoved): its key (removalKey). */
  | { readonly kind: 'keptWhenRemoved'; readonly key: string }
  /** An object that decides no traffic; `group`, where it is an API group of no Kubernetes API (a custom resource). */
  | { readonly kind: 'ignored'; readonly objectKind: string; readonly group?: string }
  /**
   * A GitOps object that applies the objects of its paths that name no
   * namespace elsewhere than where they are read (an Argo CD Application's
   * destination namespace), or not at all (a Flux Kustomization without a
   * target namespace): `does` says which. `paths`: its sources'
   * directories, each with whether it is read recursively; undefined where
   * they are not known (an ApplicationSet's templates).
   */
  | {
      readonly kind: 'gitOpsNamespace';
      readonly objectKind: string;
      readonly name: string;
      readonly does: string;
      readonly readIn: string;
      readonly paths?: readonly GitOpsPath[];
      /** Every object that names no namespace counts (Flux: one the API server refuses stops the whole apply), not only those that decide traffic. */
      readonly anyObject?: true;
      /** Objects that name none go where they are read (a destination that is the default namespace): only what it builds counts. */
      readonly stays?: true;
      /** Only its paths count, for whether the manifests read hold them (a Flux Kustomization with a target namespace). */
      readonly pathsOnly?: true;
      /** It applies no change of its paths (a Flux Kustomization with spec.suspend: true). */
      readonly suspended?: true;
      /** Why it does not delete what its paths no longer hold (argoKeeps; a Flux Kustomization with prune: false). */
      readonly keeps?: string;
      /** Its objects stay in the cluster when it is itself deleted (an Argo CD Application without the resources finalizer; a Flux Kustomization that orphans them). */
      readonly orphans?: true;
      /** An ApplicationSet whose paths are its git directory generator's (gitDirectories): the directories' patterns, and what each path's source says besides. */
      readonly directories?: { readonly include: readonly string[]; readonly exclude: readonly string[]; readonly source: Omit<GitOpsPath, 'path'> };
      /** The cluster an Argo CD Application (argoCluster) or a Flux Kustomization (fluxCluster) applies to, where it names one as written. */
      readonly cluster?: string;
      /** Its digest (objectDigest), for what it is not analysed for. */
      readonly digest: string;
      readonly source: SourceRef;
    }
  /** Labels an Argo CD Application sets on the namespace it creates; `namespace` undefined where a template names it. */
  | { readonly kind: 'managedNamespace'; readonly objectKind: string; readonly name: string; readonly namespace?: string; readonly labels: Labels; readonly digest: string; readonly source: SourceRef }
  /** A .jsonnet file: not read (kubectl applies none), but an Argo CD directory source whose path holds it renders it. */
  | { readonly kind: 'jsonnet'; readonly source: SourceRef }
  /** A namespaced object that names no namespace, read in the default namespace; `decides`: one that decides traffic; `pods`: one that makes pods. */
  | { readonly kind: 'namespaceDefaulted'; readonly object: string; readonly decides: boolean; readonly pods?: true; readonly readIn: string; readonly given?: true; readonly source: SourceRef }
  /**
   * An EndpointSlice of a Service (its kubernetes.io/service-name label)
   * that neither the EndpointSlice controller nor its mirroring controller
   * manages (endpointslice.kubernetes.io/managed-by; undefined where not
   * set): reported once every file is read where its Service has a selector.
   */
  | { readonly kind: 'endpointSlice'; readonly namespace: string; readonly service: string; readonly name: string; readonly managedBy?: string; readonly source: SourceRef }
  /**
   * An Ingress ingress-nginx may serve with snippet annotations (`what`:
   * `Ingress ns/name (apiVersion)`): reported once every file is read,
   * where no ConfigMap of the controller's refuses snippets.
   */
  | { readonly kind: 'nginxSnippets'; readonly what: string; readonly name: string; readonly annotations: readonly string[]; readonly source: SourceRef }
  /** A Kubernetes ValidatingAdmissionPolicy that may refuse objects of these resources (those that decide traffic) where a binding with Deny binds it. */
  | { readonly kind: 'admissionPolicy'; readonly name: string; readonly resources: readonly string[]; readonly source: SourceRef }
  /** A ValidatingAdmissionPolicyBinding with Deny among its validationActions, and the policy it binds. */
  | { readonly kind: 'admissionBinding'; readonly name: string; readonly policy: string; readonly source: SourceRef }
  /**
   * ingress-nginx's ConfigMap (`name`: ns/name), with whether it has the
   * controller accept snippet annotations (NginxSnippets), the snippets
   * of its own it sets (NGINX_CONFIG_SNIPPETS) and the URLs it has the
   * controller send a request to for every location (NGINX_CONFIG_SUBREQUESTS).
   */
  | { readonly kind: 'nginxConfig'; readonly name: string; readonly snippets: NginxSnippets; readonly own: readonly string[]; readonly sends: readonly string[]; readonly source: SourceRef };

/** A directory an Argo CD Application reads manifests from, as its source's path says it (relative to its repository's root). */
export interface GitOpsPath {
  readonly path: string;
  readonly recurse: boolean;
  /**
   * Read as a directory of plain files even where a Kustomize root stands
   * (Argo CD with `directory:` set): a root reachdiff builds there is not
   * what it applies.
   */
  readonly plainFiles?: boolean;
  /** The directory's `include` and `exclude` globs, matched against paths within it. */
  readonly include?: string;
  readonly exclude?: string;
}

/**
 * What one file contributes to a state: its objects in document order and
 * the diagnostics of reading them. A pure function of the file's path and
 * text (and the options), so an unchanged file can be read once for both
 * states of a diff.
 */
export interface FileContribution {
  readonly path: string;
  readonly items: readonly Item[];
  readonly diagnostics: readonly Diagnostic[];
  /** Every object of the file, when kept (LoadOptions.keepObjects). */
  readonly objects?: readonly ManifestObject[];
  /** How many objects hold rules that generate policies (Kyverno policies), read by src/expand/. */
  readonly generators: number;
  /** Objects generated by rules, not a file of the state. */
  readonly generated?: true;
  /** Read as a walked file (documents that are not Kubernetes objects counted, not errors). */
  readonly walked?: true;
  /** What is said about a part of the state not read as manifests: not a file. */
  readonly notes?: true;
  /** What the config declares outside the manifests: not a file; the manifests' objects of the same name win. */
  readonly outside?: true;
  /** The build of a Kustomize root found in the repository. */
  readonly built?: BuiltRoot;
}

/**
 * Contributions already read, by text; share one between the states of a
 * diff. Texts are found by a fingerprint of their length and a few of
 * their characters, then compared whole: a map keyed by the texts
 * themselves would hash every character of both states' files (about
 * 50 ms for two 15 MB states), where comparing stops at the first
 * difference.
 */
export class LoadCache {
  private readonly entries = new Map<number, Array<{ readonly text: string; contribution: FileContribution }>>();

  private static fingerprint(text: string): number {
    const n = text.length;
    let h = n | 0;
    // sixteen characters spread over the text, and the last
    for (let i = 0; i < 16; i++) h = Math.imul(h ^ text.charCodeAt(Math.floor((n * i) / 16)), 0x01000193);
    return n > 0 ? Math.imul(h ^ text.charCodeAt(n - 1), 0x01000193) : h;
  }

  /** How many texts it holds. */
  get size(): number {
    let n = 0;
    for (const list of this.entries.values()) n += list.length;
    return n;
  }

  get(text: string): FileContribution | undefined {
    return this.entries.get(LoadCache.fingerprint(text))?.find((e) => e.text === text)?.contribution;
  }

  set(text: string, contribution: FileContribution): void {
    const key = LoadCache.fingerprint(text);
    const list = this.entries.get(key);
    const found = list?.find((e) => e.text === text);
    if (found) found.contribution = contribution;
    else if (list) list.push({ text, contribution });
    else this.entries.set(key, [{ text, contribution }]);
  }
}

/** The same contribution read from a file at another path: only source references change. */
function repath(c: FileContribution, path: string): FileContribution {
  const at = (s: SourceRef): SourceRef => ({ file: path, line: s.line });
  const items = c.items.map((item): Item => {
    switch (item.kind) {
      case 'workload':
        return { ...item, source: at(item.source) };
      case 'namespace':
        return { ...item, namespace: { ...item.namespace, source: at(item.source) }, source: at(item.source) };
      case 'policy':
        return { ...item, policy: { kind: item.policy.kind, policy: { ...item.policy.policy, source: at(item.policy.policy.source) } } };
      case 'notAnalysed':
        return { ...item, what: { ...item.what, source: at(item.what.source) } };
      case 'settings':
        return {
          ...item,
          source: at(item.source),
          notAnalysed: item.notAnalysed.map((n) => ({ ...n, source: at(n.source) })),
          diagnostics: item.diagnostics.map((d) => ({ ...d, file: path })),
        };
      case 'service':
        return { ...item, service: { ...item.service, source: at(item.service.source) } };
      case 'ingressRoute':
        return { ...item, route: { ...item.route, source: at(item.route.source) } };
      case 'gitOpsNamespace':
      case 'namespaceDefaulted':
      case 'managedNamespace':
      case 'jsonnet':
      case 'endpointSlice':
      case 'nginxSnippets':
      case 'nginxConfig':
      case 'admissionPolicy':
      case 'admissionBinding':
      case 'cilium':
      case 'gatewayProxy':
      case 'ngfController':
      case 'envoyGateway':
        return { ...item, source: at(item.source) };
      case 'referenceGrant':
      case 'keptWhenRemoved':
      case 'gateway':
      case 'gatewayClass':
      case 'ingressClass':
      case 'serviceAccount':
      case 'meshScope':
      case 'meshRoot':
      case 'ignored':
        return item;
    }
  });
  const objects = c.objects?.map((o): ManifestObject => ({ ...o, file: path }));
  return { ...c, path, items, diagnostics: c.diagnostics.map((d) => ({ ...d, file: path })), ...(objects ? { objects } : {}) };
}

class FileReader {
  readonly items: Item[] = [];
  readonly diagnostics: Diagnostic[] = [];
  /** Mesh settings reported (Linkerd's default policies, a mesh's injection), by what they are on and what they say. */
  private readonly meshSeen = new Set<string>();
  /** Workloads whose secondary networks were reported: a dump's pods and their controllers all carry their template's. */
  private readonly networksSeen = new Set<string>();
  readonly objects: ManifestObject[] | undefined;
  generators = 0;
  /** The file's text holds `${`: its policies are searched for Flux's post-build variables (fluxVariable). */
  substitutions = false;

  constructor(
    private readonly defaultNamespace: string,
    private readonly notKubernetes: 'error' | 'info' = 'error',
    keepObjects = false,
    private readonly operators = true,
    private readonly namespaceGiven = false,
  ) {
    this.objects = keepObjects ? [] : undefined;
  }

  private error(code: string, file: string, line: number, message: string): void {
    this.diagnostics.push(diagnostic('error', code, { file, line }, message));
  }

  private warn(code: string, file: string, line: number, message: string): void {
    this.diagnostics.push(diagnostic('warning', code, { file, line }, message));
  }

  /** An object read but not analysed: warned about (RD011) with why and what follows, and counted; `by`: the rule that generated it. */
  private notAnalysed(obj: RawObject, version: string | undefined, source: SourceRef, reason: string, consequence: string, by = '', routesFromOutside = false, effect?: NotAnalysedEffect, routesTo?: readonly string[]): void {
    // an object made under a generated name is shown by its prefix (`hello-*`)
    const generated = optionalString(obj.body, 'metadata', 'generateName');
    const name = optionalName(obj) ?? (generated ? `${generated}*` : undefined);
    this.warn(Codes.notAnalysed, obj.file, obj.line, `${obj.kind}${name ? ` ${name}` : ''} (${version})${by} is not analysed: ${reason}; ${consequence}`);
    this.items.push({ kind: 'notAnalysed', what: { kind: obj.kind, ...(name ? { name } : {}), source, reason, ...(routesFromOutside ? { routesFromOutside } : {}), ...(routesFromOutside && routesTo ? { routesTo } : {}), ...(effect ? { effect } : {}) } });
  }

  /**
   * A file Argo CD does not apply (ARGO_SKIP_MARKER) that holds objects
   * deciding traffic: whether the cluster gets them depends on what applies
   * the file, so it is not analysed (RD011), failing invariants closed.
   */
  skippedByArgo(file: string, text: string): void {
    if (!this.items.some((i) => i.kind !== 'ignored' && i.kind !== 'namespaceDefaulted' && i.kind !== 'gitOpsNamespace')) return;
    const line = text.slice(0, text.indexOf(ARGO_SKIP_MARKER)).split('\n').length;
    const reason = `the file holds ${ARGO_SKIP_MARKER}, so Argo CD does not apply it, where kubectl does: whether the cluster gets its objects depends on which applies it`;
    this.warn(Codes.notAnalysed, file, line, `${file} is not analysed: ${reason}; its objects are shown as applied`);
    this.items.push({ kind: 'notAnalysed', what: { kind: 'file', name: file, source: { file, line }, reason, effect: { does: 'both' } } });
  }

  /** Where an object that may be missing acts: its namespace, a Namespace's own, or everywhere for another cluster-scoped one. */
  private scopeOf(obj: RawObject, group: string | undefined): { namespace?: string } {
    if (!clusterScoped(obj.kind, group)) return { namespace: this.namespaceOf(obj) };
    return obj.kind === 'Namespace' ? { namespace: optionalName(obj) ?? '' } : {};
  }

  /** The namespace of a namespaced object, as kubectl gives it. */
  private namespaceOf(obj: RawObject): string {
    const ns = field(obj.body, 'metadata', 'namespace');
    return typeof ns === 'string' && ns !== '' ? ns : this.defaultNamespace;
  }

  /** What an object of a kind not modelled may do to paths, within its namespace where its kind keeps to one (a mesh's objects: see meshEffect). */
  private effectOf(obj: RawObject, group: string | undefined, effect: KindEffect | null): NotAnalysedEffect | undefined {
    if (!effect) return undefined;
    const of: NotAnalysedEffect = {
      does: effect.does,
      ...(effect.namespaced ? { namespace: this.namespaceOf(obj) } : {}),
      ...(effect.at ? { at: effect.at } : {}),
      ...(effect.external ? { external: true as const } : {}),
      ...(effect.requires ? { requires: effect.requires } : {}),
    };
    return group === undefined ? of : meshEffect(obj, group, of);
  }

  /**
   * Linkerd's default inbound policy, set on a namespace or a pod (`on`,
   * with the namespace or workload it governs), or cluster-wide: where it
   * may refuse traffic, reported as not analysed (RD011), closing the
   * paths to the pods it governs (from external addresses only, for
   * cluster-unauthenticated).
   */
  private linkerdDefault(value: unknown, on: string, source: SourceRef, scope: { readonly namespace?: string; readonly workload?: string }): void {
    // the last declaration of a namespace or workload says whether it has its own
    if (scope.namespace !== undefined) this.items.push({ kind: 'meshScope', scope: 'linkerd-inbound', namespace: scope.namespace, ...(scope.workload !== undefined ? { workload: scope.workload } : {}), own: typeof value === 'string' });
    if (typeof value !== 'string') return;
    const refuses = linkerdRefuses(value);
    // a dump's pods and their controllers all carry their template's (the cluster's default is a settings object's, whose last declaration counts)
    if (!refuses || (scope.namespace !== undefined && this.meshSeen.has(`${on}\u0000${value}`))) return;
    this.meshSeen.add(`${on}\u0000${value}`);
    const reason = `Linkerd's default inbound policy ${value} is not modelled: ${refuses.why}`;
    this.warn(Codes.notAnalysed, source.file, source.line, `${on}: ${LINKERD_DEFAULT_POLICY}: ${value} is not analysed (${reason}); the paths shown to its pods may be refused`);
    const effect: NotAnalysedEffect = { does: 'closes', at: 'destination', ...scope, ...(refuses.external ? { external: true as const } : {}), ...(scope.workload === undefined ? { yields: 'linkerd-inbound' as const } : {}) };
    this.items.push({ kind: 'notAnalysed', what: { kind: 'annotation', name: `${LINKERD_DEFAULT_POLICY}: ${value} on ${on}`, source, reason, effect } });
  }

  /**
   * A mesh that carries the TCP traffic between its pods to a port of its
   * own on the destination pod, which network policies see in place of the
   * application's: Linkerd's proxy, to its inbound port 4143
   * (linkerd.io/2/common-errors/network-policy/), on pods injected with
   * linkerd.io/inject: enabled on the pod or its namespace, or ingress (the
   * same proxy, which picks its outbound destinations otherwise:
   * linkerd.io/2/tasks/using-ingress/); Istio's ambient mode, to 15008 (HBONE; istio.io/latest/docs/ambient/usage/networkpolicy/),
   * on pods labelled istio.io/dataplane-mode: ambient, or of such a
   * namespace. A rule on the application's port then admits nothing of it,
   * and one on the mesh's port every port: not modelled (RD011), acting
   * both ways on those pods where the state holds policies.
   */
  private meshPorts(linkerdInject: unknown, istioDataplaneMode: unknown, on: string, source: SourceRef, scope: { readonly namespace: string; readonly workload?: string }): void {
    const meshes = [
      ...(linkerdInject === 'enabled' || linkerdInject === 'ingress' ? [{ mesh: "Linkerd's proxy", port: 4143, by: `${LINKERD_INJECT}: ${linkerdInject}` }] : []),
      ...(istioDataplaneMode === 'ambient' ? [{ mesh: "Istio's ambient mode (HBONE)", port: 15008, by: `${ISTIO_DATAPLANE_MODE}: ambient` }] : []),
    ];
    for (const m of meshes) {
      if (this.meshSeen.has(`${on}\u0000${m.by}`)) continue;
      this.meshSeen.add(`${on}\u0000${m.by}`);
      const reason = `${m.mesh} carries TCP traffic between meshed pods to port ${m.port} of the destination pod, which network policies see in place of the application's port: a rule on the application's port admits none of it, and one on ${m.port} every port`;
      this.warn(Codes.notAnalysed, source.file, source.line, `${on}: ${m.by} is not analysed (${reason}); the ports shown between meshed pods may differ`);
      this.items.push({ kind: 'notAnalysed', what: { kind: 'annotation', name: `${m.by} on ${on}`, source, reason, effect: { does: 'both', ...scope, requires: 'policies' } } });
    }
  }

  /**
   * Consul's sidecar, injected into a pod by consul.hashicorp.com/connect-inject
   * "true" (as Go reads a boolean; developer.hashicorp.com/consul/docs/k8s/annotations-and-labels).
   * It accepts only mTLS from the mesh by default, refusing clients without
   * a sidecar ("sidecar proxies for existing mesh services reject traffic
   * from services that are not yet onboarded", onboarding-tproxy-mode), and
   * a meshed client's proxy dials the destination's sidecar listener, port
   * 20000 (consul-k8s's ProxyDefaultInboundPort), in place of the
   * application's port, as Linkerd's 4143 (meshPorts). Neither is modelled:
   * reported as not analysed (RD011), closing the paths to its pods, and
   * acting both ways on them where the state holds policies.
   */
  private consulInject(value: unknown, on: string, source: SourceRef, scope: { readonly namespace: string; readonly workload: string }): void {
    if (typeof value !== 'string' || !['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value) || this.meshSeen.has(`${on}\u0000${CONSUL_CONNECT_INJECT}`)) return;
    this.meshSeen.add(`${on}\u0000${CONSUL_CONNECT_INJECT}`);
    const by = `${CONSUL_CONNECT_INJECT}: ${value}`;
    const refuses = "Consul's sidecar accepts only mTLS from the mesh unless its mutualTLSMode is permissive, refusing clients without a Consul sidecar, and which pods have one is not known";
    const port = "Consul's sidecar carries TCP traffic between meshed pods to port 20000 of the destination pod, which network policies see in place of the application's port: a rule on the application's port admits none of it, and one on 20000 every port";
    this.warn(Codes.notAnalysed, source.file, source.line, `${on}: ${by} is not analysed (${refuses}; ${port}); the paths shown to its pods may be refused, and the ports shown between meshed pods may differ`);
    this.items.push({ kind: 'notAnalysed', what: { kind: 'annotation', name: `${by} on ${on}`, source, reason: refuses, effect: { does: 'closes', at: 'destination', ...scope } } });
    this.items.push({ kind: 'notAnalysed', what: { kind: 'annotation', name: `${by} on ${on}`, source, reason: port, effect: { does: 'both', ...scope, requires: 'policies' } } });
  }

  /**
   * Secondary networks a workload's pods are attached to (Multus's
   * k8s.v1.cni.cncf.io/networks on the pod): NetworkPolicies govern the
   * pod network only (github.com/k8snetworkplumbingwg/multus-cni, which
   * leaves other networks to MultiNetworkPolicy), so pods on a shared
   * secondary network may reach each other there whatever the policies
   * say. Reported as not analysed (RD011), opening paths at its pods.
   */
  private secondaryNetworks(value: unknown, id: string, source: SourceRef, namespace: string): void {
    if (typeof value !== 'string' || value.trim() === '' || this.networksSeen.has(id)) return;
    this.networksSeen.add(id);
    const reason = 'its pods are attached to secondary networks (Multus), which NetworkPolicies do not govern: pods on a shared one may reach each other there whatever the policies say';
    this.warn(Codes.notAnalysed, source.file, source.line, `${id}: ${MULTUS_NETWORKS} is not analysed (${reason}); the paths shown are those of the pod network`);
    this.items.push({ kind: 'notAnalysed', what: { kind: 'annotation', name: `${MULTUS_NETWORKS} on ${id}`, source, reason, effect: { does: 'opens', namespace, workload: id } } });
  }

  /**
   * The OpenTelemetry Operator's sidecar injection, asked for on a pod (its
   * template) or on its namespace by sidecar.opentelemetry.io/inject: "true"
   * (the namespace's one collector in sidecar mode), a collector's name, or
   * NAMESPACE/NAME, of any namespace; "false" asks for none
   * (opentelemetry.io/docs/platforms/kubernetes/operator/, Deployment Modes;
   * open-telemetry/opentelemetry-operator README, sidecar injection). The
   * collector's container joins the pods with the ports its configuration's
   * receivers listen on, which are not modelled: reported as not analysed
   * (RD011), opening paths at those pods.
   */
  private collectorSidecar(value: unknown, on: string, source: SourceRef, scope: { readonly namespace: string; readonly workload?: string }): void {
    if (typeof value !== 'string' || value.trim() === '' || value.trim().toLowerCase() === 'false' || this.meshSeen.has(`${on}\u0000${OTEL_SIDECAR_INJECT}`)) return;
    this.meshSeen.add(`${on}\u0000${OTEL_SIDECAR_INJECT}`);
    const reason = `the OpenTelemetry Operator injects a collector's container (${value}) into ${scope.workload === undefined ? 'the pods of the namespace' : 'its pods'}, with the ports its configuration's receivers listen on, which are not modelled`;
    this.warn(Codes.notAnalysed, source.file, source.line, `${on}: ${OTEL_SIDECAR_INJECT}: ${value} is not analysed (${reason}); the ports shown to ${scope.workload === undefined ? 'those pods' : 'its pods'} may be fewer than they serve`);
    this.items.push({ kind: 'notAnalysed', what: { kind: 'annotation', name: `${OTEL_SIDECAR_INJECT}: ${value} on ${on}`, source, reason, effect: { does: 'opens', ...scope } } });
  }

  /**
   * The settings of an object that holds some (settings.ts): each one that
   * departs from what reachdiff analyses is reported (RD011), in one item
   * with the object's key, so that a later declaration of the object
   * replaces them (ClusterBuilder).
   */
  private settings(obj: RawObject, group: string, source: SourceRef, linkerdDefault: string | undefined): void {
    const namespace = this.namespaceOf(obj);
    const shownName = settingsObjectName(obj, optionalName(obj));
    const items = this.items.length;
    const diagnostics = this.diagnostics.length;
    if (linkerdDefault !== undefined) this.linkerdDefault(linkerdDefault, `ConfigMap ${shownName} (Linkerd's cluster-wide default)`, source, {});
    for (const s of pluginSettings(obj, group, namespace)) {
      const on = `${obj.kind} ${shownName}`;
      const reason = `${s.key}: ${s.value} is not modelled: ${s.why}`;
      this.warn(Codes.notAnalysed, obj.file, obj.line, `${on}: ${reason}; the paths shown are those of the default setting`);
      this.items.push({ kind: 'notAnalysed', what: { kind: 'setting', name: `${s.key}: ${s.value} in ${on}`, setting: { key: s.key, value: s.value }, source, reason, effect: s.effect } });
    }
    const reported = this.items.splice(items).flatMap((i) => (i.kind === 'notAnalysed' ? [i.what] : []));
    const name = field(obj.body, 'metadata', 'name');
    const cilium = ciliumClusterNetworkPolicySetting(obj, group);
    this.items.push({
      kind: 'settings',
      object: `${obj.kind}\u0000${group}\u0000${namespace}/${typeof name === 'string' ? name : ''}`,
      name: `${obj.kind}${optionalName(obj) ? ` ${optionalName(obj)}` : ''}`,
      source,
      notAnalysed: reported,
      diagnostics: this.diagnostics.splice(diagnostics),
      ...(cilium ? { cilium } : {}),
    });
  }

  /**
   * A validating admission policy that may refuse objects of kinds that
   * decide traffic (admissionRefusal): such an object of the manifests is
   * analysed as applied. A refusal fails the apply loudly (kubectl, Argo CD
   * and Flux report it), unlike a mutation, so no invariant fails closed on
   * it: a warning (RD012) says so. A Kubernetes ValidatingAdmissionPolicy
   * refuses through its bindings, paired once every file is read.
   */
  private admission(obj: RawObject, group: string | undefined, source: SourceRef): void {
    if (group === undefined) return;
    if (group === 'admissionregistration.k8s.io' && obj.kind === 'ValidatingAdmissionPolicyBinding') {
      const policy = field(obj.body, 'spec', 'policyName');
      const actions = field(obj.body, 'spec', 'validationActions');
      if (typeof policy === 'string' && policy !== '' && Array.isArray(actions) && actions.includes('Deny')) this.items.push({ kind: 'admissionBinding', name: optionalName(obj) ?? '', policy, source });
      return;
    }
    const refusal = admissionRefusal(obj, group);
    if (refusal === undefined) return;
    const what = `${obj.kind} ${optionalName(obj) ?? ''}`;
    if (refusal.bound) {
      this.items.push({ kind: 'admissionPolicy', name: optionalString(obj.body, 'metadata', 'name') ?? '', resources: refusal.resources, source });
      return;
    }
    this.warn(Codes.refusedAtAdmission, obj.file, obj.line, admissionText(what, refusal.resources, refusal.how));
  }

  addDocument(doc: ParsedDocument, file: string): void {
    const value = doc.value;
    if (!isRecord(value) || typeof value['kind'] !== 'string' || value['kind'] === '') {
      const what = isRecord(value) ? 'has no kind' : `is ${Array.isArray(value) ? 'a list' : 'a scalar'}, not an object`;
      this.diagnostics.push(diagnostic(this.notKubernetes, Codes.notKubernetes, { file, line: doc.line }, `not a Kubernetes object: the document ${what}; skipped`));
      return;
    }
    const kind = value['kind'];
    const items = value['items'];
    // kubectl decodes every object that has an `items` field as a list (apimachinery's
    // unstructured JSON scheme) and applies its items, never the object itself
    if (Object.prototype.hasOwnProperty.call(value, 'items')) {
      if (!kind.endsWith('List')) {
        // other tools (those that decode one object) apply the object instead: which one the cluster gets cannot be told
        const name = optionalName({ body: value });
        this.error(Codes.invalidObject, file, doc.line, `${kind}${name ? ` ${name}` : ''} has an "items" field: kubectl reads it as a list and applies its items instead of it, while tools that read one object apply the object; skipped`);
        return;
      }
      if (!Array.isArray(items) && items !== null) {
        this.error(Codes.invalidObject, file, doc.line, `${kind}: items must be a list, as kubectl cannot decode it otherwise; skipped`);
        return;
      }
    }
    if (kind.endsWith('List') && (Array.isArray(items) || items === null || items === undefined)) {
      // an item with items of its own (a List in a List) fails kubectl's decoding of the whole list: "is not a list: no Items field"
      const nested = (items ?? []).find((item: unknown) => isRecord(item) && Object.prototype.hasOwnProperty.call(item, 'items'));
      if (nested !== undefined) {
        this.error(Codes.invalidObject, file, doc.lineOf(nested), `${kind} holds an item with "items" of its own (a list in a list), which kubectl cannot decode: the whole ${kind} is refused; skipped`);
        return;
      }
      const itemKind = listItemKind(kind);
      for (const item of items ?? []) {
        const line = doc.lineOf(item);
        if (!isRecord(item)) {
          this.error(Codes.invalidObject, file, line, `${kind} item is not an object; skipped`);
          continue;
        }
        const ownKind = stringField(item, 'kind');
        const ownVersion = stringField(item, 'apiVersion');
        // kubectl gives an item the list's kind and version only when it has neither; one without the other fails
        if ((ownKind === undefined) !== (ownVersion === undefined)) {
          const missing = ownKind === undefined ? 'kind' : 'apiVersion';
          this.error(ownKind !== undefined && /Policy$/.test(ownKind) ? Codes.invalidPolicy : Codes.invalidObject, file, line, `${kind} item has no ${missing}, which kubectl rejects; skipped`);
          continue;
        }
        const k = ownKind ?? itemKind;
        if (!k) {
          this.error(Codes.notKubernetes, file, line, `${kind} item has no kind; skipped`);
          continue;
        }
        // the items of a typed list (NetworkPolicyList) are of the list's API group
        const apiVersion = ownVersion ?? (itemKind ? stringField(value, 'apiVersion') : undefined);
        this.addObject({ kind: k, body: item, file, line, lineOf: doc.lineOf }, apiVersion);
      }
      return;
    }
    this.addObject({ kind, body: value, file, line: doc.line, lineOf: doc.lineOf }, stringField(value, 'apiVersion'));
  }

  addObject(obj: RawObject, apiVersion: string | undefined, generatedBy?: GeneratedBy): void {
    const group = apiVersion === undefined ? undefined : splitApiVersion(apiVersion).group;
    // Cilium's CRDs exist only where Cilium is installed: any object of its group, valid or not, says it runs there
    if (group === 'cilium.io' || (group === '' && obj.kind === 'ConfigMap' && isConfigMapNamed(obj, 'cilium-config'))) {
      const name = optionalName(obj);
      this.items.push({ kind: 'cilium', what: `${obj.kind}${name ? ` ${name}` : ''}`, source: { file: obj.file, line: obj.line, ...(generatedBy ? { generatedBy } : {}) } });
    }
    const before = this.items.length;
    const generatorsBefore = this.generators;
    this.readObject(obj, apiVersion, generatedBy);
    // what the object itself is not analysed for is another doubt once its content is edited
    for (let i = before; i < this.items.length; i++) {
      const item = this.items[i]!;
      if (item.kind === 'notAnalysed' && item.what.kind === obj.kind && item.what.digest === undefined) this.items[i] = { ...item, what: { ...item.what, digest: objectDigest(obj) } };
    }
    if (this.substitutions && group !== undefined && POLICY_GROUPS.has(group)) {
      const variable = fluxVariable(field(obj.body, 'spec'));
      if (variable !== undefined) {
        const reason = `its spec holds ${variable}, Flux's post-build variable: where a Flux Kustomization substitutes it (postBuild.substitute, substituteFrom), the cluster gets another value than the one written`;
        this.notAnalysed(obj, apiVersion, { file: obj.file, line: obj.line }, reason, 'it is analysed as written', '', false, { does: 'both', mayBeAbsent: true, ...this.scopeOf(obj, group) });
      }
    }
    if (keptWhenRemoved(obj.body)) {
      const name = field(obj.body, 'metadata', 'name');
      this.items.push({ kind: 'keptWhenRemoved', key: removalKey(obj.kind, clusterScoped(obj.kind, group) ? undefined : this.namespaceOf(obj), typeof name === 'string' ? name : '') });
    }
    if (group === '' && obj.kind === 'ConfigMap') {
      const envoy = envoyGatewayConfig(obj);
      if (envoy) this.items.push({ kind: 'envoyGateway', ...envoy, source: { file: obj.file, line: obj.line } });
    }
    if (generatedBy) return;
    if (group === 'argoproj.io' && (obj.kind === 'Application' || obj.kind === 'ApplicationSet')) this.argoDestination(obj);
    if (group === 'kustomize.toolkit.fluxcd.io' && obj.kind === 'Kustomization') this.fluxNamespace(obj);
    // an object that names no namespace, read in the default one, where some other tool puts it elsewhere (argoDestination)
    const ns = field(obj.body, 'metadata', 'namespace');
    if (typeof ns === 'string' && ns !== '') return;
    // a namespaced Kyverno Policy generates in its own namespace; a plugin's settings count in theirs (kube-system, mostly)
    const made = this.items.slice(before);
    const decides =
      (this.generators > generatorsBefore && obj.kind === 'Policy') ||
      made.some(namespacedItem) ||
      (group !== undefined && obj.kind === 'ConfigMap' && holdsSettings(obj, group, 'kube-system'));
    // any other object of a kind not known to be cluster-scoped: where the API server refuses it, nothing beside it is applied (fluxNamespace)
    if (!decides && (made.some((i) => i.kind === 'policy') || clusterScoped(obj.kind, group))) return;
    const name = optionalName(obj);
    const pods = made.some((i) => i.kind === 'workload') ? { pods: true as const } : {};
    this.items.push({ kind: 'namespaceDefaulted', object: `${obj.kind}${name ? ` ${name}` : ''}`, decides, ...pods, readIn: this.defaultNamespace, ...(this.namespaceGiven ? { given: true as const } : {}), source: { file: obj.file, line: obj.line } });
  }

  /**
   * An Argo CD Application's destination namespace (argo-cd.readthedocs.io,
   * Application specification; the API's ApplicationDestination: "the
   * namespace will only be set for namespace-scoped resources that have not
   * set a value for .metadata.namespace"), where it is not the namespace
   * objects that name none are read in here. An ApplicationSet's template
   * may name one for each application it makes (a template of a namespace
   * is taken as another namespace); its generators' own templates and its
   * templatePatch may replace the template's paths and namespace
   * (applicationset/Template.md), which are then not known.
   */
  private argoDestination(obj: RawObject): void {
    const set = obj.kind === 'ApplicationSet';
    const spec = set ? field(obj.body, 'spec', 'template', 'spec') : field(obj.body, 'spec');
    const overridden = set && (field(obj.body, 'spec', 'templatePatch') !== undefined || holdsKey(field(obj.body, 'spec', 'generators'), 'template'));
    const namespace = field(spec, 'destination', 'namespace');
    this.managedNamespace(obj, spec, overridden ? undefined : namespace);
    // its objects that name none stay where they are read; what it builds still counts
    const stays = !overridden && (typeof namespace !== 'string' || namespace === '' || namespace === this.defaultNamespace);
    const list = field(spec, 'sources');
    const sources = [field(spec, 'source'), ...(Array.isArray(list) ? (list as unknown[]) : [])].filter(isRecord);
    const templated = (v: unknown) => typeof v === 'string' && v.includes('{{');
    // an ApplicationSet's generators fill a template's paths in: such paths may be any directory
    const known = !overridden && sources.every((src) => !templated(field(src, 'path')));
    const paths = sources.flatMap((src): GitOpsPath[] => {
      const path = field(src, 'path');
      // a source without a path is a chart from a Helm repository: none of the files here
      if (typeof path !== 'string') return [];
      const include = field(src, 'directory', 'include');
      const exclude = field(src, 'directory', 'exclude');
      return [
        {
          path: cleanRepoPath(path),
          recurse: field(src, 'directory', 'recurse') === true,
          ...(field(src, 'directory') !== undefined ? { plainFiles: true } : {}),
          ...(typeof include === 'string' && include !== '' ? { include } : {}),
          ...(typeof exclude === 'string' && exclude !== '' ? { exclude } : {}),
        },
      ];
    });
    const cluster = overridden ? undefined : argoCluster(field(spec, 'destination'));
    const into = overridden ? `the namespaces its generators' templates name (${typeof namespace === 'string' && namespace !== '' ? namespace : 'none'} in its own)` : `namespace ${namespace as string}`;
    const does = `Argo CD applies the objects of its sources that name no namespace in ${into}`;
    const keeps = argoKeeps(spec);
    // argo-cd.readthedocs.io/en/stable/user-guide/app_deletion/: without the finalizer, deleting the Application leaves its resources
    const finalizers = field(obj.body, 'metadata', 'finalizers');
    const orphans = !set && !(Array.isArray(finalizers) && finalizers.some((f) => typeof f === 'string' && f.startsWith('resources-finalizer.argocd.argoproj.io')));
    // the paths of a git directory generator's applications: its directories, known once the files read are
    const generated = set && !overridden && paths.length === 1 && sources.length === 1 ? gitDirectories(obj.body, field(sources[0], 'path')) : undefined;
    const directories = generated ? { directories: { ...generated, source: (({ path: _, ...rest }) => rest)(paths[0]!) } } : {};
    this.items.push({ kind: 'gitOpsNamespace', objectKind: obj.kind, name: optionalName(obj) ?? '', does, readIn: this.defaultNamespace, ...(known ? { paths } : {}), ...directories, ...(stays ? { stays } : {}), ...(cluster !== undefined ? { cluster } : {}), ...(keeps ? { keeps } : {}), ...(orphans ? { orphans: true as const } : {}), digest: objectDigest(obj), source: { file: obj.file, line: obj.line } });
  }

  /**
   * The labels Argo CD sets on the destination namespace it creates
   * (syncPolicy.managedNamespaceMetadata, with the sync option
   * CreateNamespace=true: argo-cd.readthedocs.io, user-guide/sync-options,
   * Namespace Auto-Creation): selectors of namespaces match them.
   * `namespace` undefined: a template's, not known.
   */
  private managedNamespace(obj: RawObject, spec: unknown, namespace: unknown): void {
    const options = field(spec, 'syncPolicy', 'syncOptions');
    if (!Array.isArray(options) || !options.some((o) => typeof o === 'string' && o.replace(/\s/g, '') === 'CreateNamespace=true')) return;
    const labels = field(spec, 'syncPolicy', 'managedNamespaceMetadata', 'labels');
    if (!isRecord(labels) || Object.keys(labels).length === 0) return;
    const known = typeof namespace === 'string' && namespace !== '' && !namespace.includes('{{') && Object.values(labels).every((v) => typeof v === 'string' && !v.includes('{{'));
    this.items.push({
      kind: 'managedNamespace',
      objectKind: obj.kind,
      name: optionalName(obj) ?? '',
      ...(known ? { namespace: namespace as string } : {}),
      labels: stringValues(labels),
      digest: objectDigest(obj),
      source: { file: obj.file, line: obj.line },
    });
  }

  /**
   * A Flux Kustomization without a target namespace: kustomize-controller
   * sets no namespace on the objects of its path that name none, and the
   * API server refuses those ("namespace not specified"), so that nothing
   * of the path is applied (fluxcd.io/flux/components/kustomize/
   * kustomizations/, Target namespace; its server-side apply validates every
   * object before applying any). Its path is relative to its source's root.
   */
  private fluxNamespace(obj: RawObject): void {
    const spec = field(obj.body, 'spec');
    const target = field(spec, 'targetNamespace');
    // an OCI artifact, a bucket or another controller's artifact: none of the repository's files (remoteContent)
    const source = field(spec, 'sourceRef', 'kind');
    if (typeof source === 'string' && source !== 'GitRepository') return;
    const path = field(spec, 'path');
    const paths = [{ path: cleanRepoPath(typeof path === 'string' ? path : ''), recurse: true }];
    const own = field(obj.body, 'metadata', 'namespace');
    const cluster = fluxCluster(spec, typeof own === 'string' && own !== '' ? own : this.defaultNamespace);
    const where = {
      ...(cluster === undefined ? {} : { cluster }),
      ...(field(spec, 'suspend') === true ? { suspended: true as const } : {}),
      // fluxcd.io/flux/components/kustomize/kustomizations/#prune: objects removed from the source are deleted only with prune: true
      ...(field(spec, 'prune') !== true ? { keeps: 'spec.prune is not true' } : {}),
      // deleting it deletes its objects only where it prunes, unless its deletionPolicy says Orphan (#deletion-policy)
      ...(field(spec, 'prune') !== true || field(spec, 'deletionPolicy') === 'Orphan' ? { orphans: true as const } : {}),
    };
    if (typeof target === 'string' && target !== '') {
      // its objects go to the target namespace: only whether the manifests read hold its path counts (moved)
      this.items.push({ kind: 'gitOpsNamespace', objectKind: obj.kind, name: optionalName(obj) ?? '', does: '', readIn: this.defaultNamespace, paths, pathsOnly: true, digest: objectDigest(obj), source: { file: obj.file, line: obj.line }, ...where });
      return;
    }
    const does = "Flux applies none of its path's namespaced objects where one there names no namespace and no targetNamespace is set (the API server refuses it: namespace not specified)";
    this.items.push({ kind: 'gitOpsNamespace', objectKind: obj.kind, name: optionalName(obj) ?? '', does, readIn: this.defaultNamespace, paths, anyObject: true, digest: objectDigest(obj), source: { file: obj.file, line: obj.line }, ...where });
  }

  private readObject(obj: RawObject, apiVersion: string | undefined, generatedBy?: GeneratedBy): void {
    const source: SourceRef = { file: obj.file, line: obj.line, ...(generatedBy ? { generatedBy } : {}) };
    this.objects?.push(apiVersion === undefined ? obj : { ...obj, apiVersion });
    const group = apiVersion === undefined ? undefined : splitApiVersion(apiVersion).group;
    // what reading the object said of it before it is ignored: a custom resource read for something (a mesh's or a GitOps tool's settings) is not one of a kind not known
    const said = this.items.length;
    try {
      // ValidateObjectMeta: the API server refuses the object; one of a kind that decides no traffic is let be
      // (the types kubectl decodes into only where kubectl reads the object: Kyverno writes what it generates itself)
      const meta = metadataProblem(obj.body['metadata'], generatedBy === undefined);
      if (meta && decidesTraffic(obj, group, apiVersion)) throw new InvalidObject(`metadata.${meta}, which the API server refuses`);
      // ValidateObjectMeta's name and label checks, for every kind (custom resources' too)
      const name = field(obj.body, 'metadata', 'name');
      const named = typeof name === 'string' && name !== '' ? nameProblem(obj.kind, !group, name, group) : undefined;
      const labels = field(obj.body, 'metadata', 'labels');
      const labelled = isRecord(labels) ? labelsProblem(labels) : undefined;
      if ((named || labelled) && decidesTraffic(obj, group, apiVersion)) throw new InvalidObject(named ?? `metadata.labels: ${labelled}, which the API server refuses`);
      const ttl = field(obj.body, 'metadata', 'labels', KYVERNO_TTL);
      if (typeof ttl === 'string' && decidesTraffic(obj, group, apiVersion)) {
        // kyverno.io/docs/guides/ttl-cleanup/: the cleanup controller deletes it once its time has passed
        this.notAnalysed(obj, apiVersion, source, `it carries the label ${KYVERNO_TTL}: ${ttl}, and Kyverno's cleanup controller deletes it once that time has passed`, 'it is analysed as if it stayed', '', false, { does: 'both', ...this.scopeOf(obj, group) });
      }
      const frozen = fluxFrozen(obj.body);
      if (frozen !== undefined && decidesTraffic(obj, group, apiVersion)) {
        // the cluster keeps what Flux applied first, or never got it: what it decides may be other than written, or missing
        this.notAnalysed(obj, apiVersion, source, frozen, 'it is analysed as written', '', false, { does: 'both', mayBeAbsent: true, ...this.scopeOf(obj, group), ...(group === 'networking.k8s.io' && obj.kind === 'NetworkPolicy' ? networkPolicyReach(obj.body) : {}) });
      }
      const hook = transientHook(obj.body);
      const workloadKind = (WORKLOAD_KINDS as readonly string[]).includes(obj.kind) && (group === undefined || WORKLOAD_GROUPS[obj.kind]!.includes(group));
      if (hook !== undefined && !workloadKind && decidesTraffic(obj, group, apiVersion)) {
        // what it decides may be missing: paths it closes may be open, and those it opens closed, its pods not isolated by it
        this.notAnalysed(obj, apiVersion, source, hook, 'it is analysed as if it were there', '', false, { does: 'both', mayBeAbsent: true, ...this.scopeOf(obj, group), ...(group === 'networking.k8s.io' && obj.kind === 'NetworkPolicy' ? networkPolicyReach(obj.body) : {}) });
      }
      if (workloadKind) {
        const removed = apiVersion === undefined ? undefined : REMOVED_WORKLOAD_VERSIONS[apiVersion];
        if (removed) {
          // the API server refuses it: the cluster gets no such workload
          const reason = `${apiVersion} ${obj.kind} is no longer served by Kubernetes (${removed}; use ${obj.kind === 'CronJob' ? 'batch/v1' : 'apps/v1'}): kubectl apply fails on it`;
          this.notAnalysed(obj, apiVersion, source, reason, 'its connections are not shown, and invariants do not see it');
          return;
        }
        const part = readWorkload(obj, obj.kind as WorkloadKind, this.defaultNamespace);
        this.items.push({ kind: 'workload', part, source });
        const ngf = ngfController(obj);
        if (ngf) this.items.push({ kind: 'ngfController', ...ngf, source });
        // Linkerd reads it on the pod (its template), not on the controller
        const policy = podAnnotation(obj, LINKERD_DEFAULT_POLICY);
        const id = part.controlledBy?.id ?? part.id;
        this.linkerdDefault(policy, id, source, { namespace: part.namespace, workload: id });
        this.meshPorts(podAnnotation(obj, LINKERD_INJECT), part.pod.labels[ISTIO_DATAPLANE_MODE], id, source, { namespace: part.namespace, workload: id });
        this.consulInject(podAnnotation(obj, CONSUL_CONNECT_INJECT), id, source, { namespace: part.namespace, workload: id });
        this.secondaryNetworks(podAnnotation(obj, MULTUS_NETWORKS), id, source, part.namespace);
        this.collectorSidecar(podAnnotation(obj, OTEL_SIDECAR_INJECT), id, source, { namespace: part.namespace, workload: id });
        // a workload a hook makes (hook) is analysed as if its pods ran: were they absent, only their own paths would be missing,
        // which an always invariant over them does not need (it holds over the pods that do exist) and a never or only one does not count on
        return;
      }
      if (obj.kind === 'Namespace' && (group === undefined || group === '')) {
        const name = optionalString(obj.body, 'metadata', 'name');
        if (!name) throw new InvalidObject('Namespace has no metadata.name');
        if (!isDnsLabel(name)) throw new InvalidObject(`metadata.name "${name}" is not a valid Namespace name (${DNS_LABEL_RULE})`);
        const labels: Labels = { ...readLabels(field(obj.body, 'metadata', 'labels'), 'metadata.labels'), [NAMESPACE_NAME_LABEL]: name };
        this.items.push({ kind: 'namespace', namespace: { name, labels, declared: true, source }, source });
        this.linkerdDefault(field(obj.body, 'metadata', 'annotations', LINKERD_DEFAULT_POLICY), `Namespace ${name}`, source, { namespace: name });
        this.meshPorts(field(obj.body, 'metadata', 'annotations', LINKERD_INJECT), labels[ISTIO_DATAPLANE_MODE], `Namespace ${name}`, source, { namespace: name });
        this.collectorSidecar(field(obj.body, 'metadata', 'annotations', OTEL_SIDECAR_INJECT), `Namespace ${name}`, source, { namespace: name });
        return;
      }
      if (obj.kind === 'ServiceAccount' && (group === undefined || group === '')) {
        // only Calico's selectors read a service account's labels; it is still counted with the kinds that carry no policy
        const name = optionalString(obj.body, 'metadata', 'name');
        if (name) {
          const namespace = optionalString(obj.body, 'metadata', 'namespace') || this.defaultNamespace;
          this.items.push({ kind: 'serviceAccount', id: `${namespace}/${name}`, labels: readLabels(field(obj.body, 'metadata', 'labels'), 'metadata.labels') });
        }
        this.items.push({ kind: 'ignored', objectKind: obj.kind });
        return;
      }
      if (obj.kind === 'Service' && (group === undefined || group === '')) {
        this.items.push({ kind: 'service', service: readService(obj, this.defaultNamespace) });
        return;
      }
      const slice = obj.kind === 'EndpointSlice' && group === 'discovery.k8s.io' ? handWrittenSlice(obj) : undefined;
      if (slice) {
        this.items.push({ kind: 'endpointSlice', namespace: this.namespaceOf(obj), ...slice, source });
        return;
      }
      const egressParent = group === 'gateway.networking.k8s.io' || group === 'policy.linkerd.io' ? egressNetworkParent(obj, this.namespaceOf(obj)) : undefined;
      if (egressParent !== undefined) {
        // analysed too where it is also a Gateway's route
        const reason = `it is attached to the Linkerd EgressNetwork of namespace ${egressParent}, which sends traffic leaving the cluster where its rules say: that is not modelled`;
        this.notAnalysed(obj, apiVersion, source, reason, 'paths to addresses outside the cluster from the clients of that EgressNetwork may not be those shown', '', false, linkerdEgress(egressParent));
        if (group === 'policy.linkerd.io') return;
      }
      if ((ROUTE_KINDS as readonly string[]).includes(obj.kind) && group !== undefined && ROUTE_GROUPS[obj.kind as RouteKind].includes(group)) {
        this.items.push({ kind: 'ingressRoute', route: readIngressRoute(obj, obj.kind as RouteKind, this.defaultNamespace) });
        const unknown = group === 'gateway.networking.k8s.io' ? unknownRouteParents(obj) : [];
        if (unknown.length > 0) {
          // gateway-api.sigs.k8s.io/reference/spec/#parentreference: a parent of any kind an implementation supports
          const reason = `its parentRefs name ${unknown.join(', ')}, a kind reachdiff does not know: whether it attaches the route where traffic from outside the cluster comes in is not modelled`;
          this.notAnalysed(obj, apiVersion, source, reason, 'paths from outside the cluster through it are not shown, and invariants on traffic from the internet fail closed', '', true);
        }
        const outward = group === 'gateway.networking.k8s.io' ? gatewayEgressBackends(obj) : [];
        if (outward.length > 0) {
          // an egress gateway's route: pods' traffic to those hosts leaves the cluster from the Gateway's pods
          const reason = `it sends the traffic of its Gateway to ${outward.join(', ')}, outside the cluster: where the mesh sends pods' traffic for those hosts to the Gateway (an egress gateway), its pods open the connection out in the clients' place, which is not modelled`;
          this.notAnalysed(obj, apiVersion, source, reason, 'paths from pods through the Gateway to external addresses are not shown, and invariants from pods to external addresses fail closed', '', false, { does: 'both', at: 'source', external: true });
        }
        const scope = group === 'gateway.networking.k8s.io' ? defaultGatewayScope(obj) : undefined;
        if (scope !== undefined) {
          // gateway-api.sigs.k8s.io/geps/gep-3793/: the Gateways that take it are those whose defaultScope is that scope
          const reason = `its useDefaultGateways: ${scope} attaches it to the default Gateways of that scope, which the manifests do not tell: where traffic from outside the cluster comes in through them is not modelled`;
          this.notAnalysed(obj, apiVersion, source, reason, 'paths from outside the cluster through them are not shown, and invariants on traffic from the internet fail closed', '', true);
        }
        const sends = obj.kind === 'Ingress' ? nginxAnnotations(obj, NGINX_SUBREQUESTS) : [];
        if (sends.length > 0) {
          // kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/ (mirror, external authentication)
          const reason = `ingress-nginx sends a request for each request it takes to the URL of ${sends.join(' and ')}, which reachdiff does not resolve to a Service`;
          this.notAnalysed(obj, apiVersion, source, reason, 'paths from outside the cluster to what that URL names are not shown, and invariants on traffic from the internet fail closed', '', true);
        }
        const snippets = obj.kind === 'Ingress' ? nginxAnnotations(obj, NGINX_SNIPPETS) : [];
        if (snippets.length > 0) this.items.push({ kind: 'nginxSnippets', what: `${obj.kind} ${optionalName(obj) ?? ''} (${apiVersion})`, name: optionalName(obj) ?? '', annotations: snippets, source });
        return;
      }
      const route = group === undefined ? undefined : unmodelledRoute(obj, group);
      if (route) {
        const outward = group === 'networking.istio.io' && obj.kind === 'VirtualService' ? externalDestinations(obj) : [];
        if (outward.length > 0) {
          // an egress gateway's route: pods' traffic to those hosts leaves the cluster from the gateway's pods
          const consequence = `paths from outside the cluster through it are not shown, nor those from pods through the gateway to ${outward.map((h) => shown(h)).join(', ')}, and invariants on traffic from the internet, or from pods to external addresses, fail closed`;
          this.notAnalysed(obj, apiVersion, source, route, consequence, '', true, { does: 'both', at: 'source', external: true });
        } else this.notAnalysed(obj, apiVersion, source, route, 'paths from outside the cluster through it are not shown, and invariants on traffic from the internet fail closed', '', true);
        return;
      }
      if (obj.kind === 'ReferenceGrant' && group === 'gateway.networking.k8s.io') {
        this.items.push({ kind: 'referenceGrant', grant: readReferenceGrant(obj, this.defaultNamespace) });
        return;
      }
      if (obj.kind === 'Gateway' && group === 'gateway.networking.k8s.io') {
        this.items.push({ kind: 'gateway', gateway: readGateway(obj, this.defaultNamespace) });
        // where its implementation puts its proxy depends on its GatewayClass, which another file may hold
        const className = field(obj.body, 'spec', 'gatewayClassName');
        const addresses = field(obj.body, 'spec', 'addresses');
        const manual = Array.isArray(addresses) && addresses.some((a) => field(a, 'type') === 'Hostname');
        const name = optionalName(obj);
        this.items.push({ kind: 'gatewayProxy', what: `${obj.kind}${name ? ` ${name}` : ''} (${apiVersion})`, ...(name ? { name } : {}), namespace: this.namespaceOf(obj), ...(typeof className === 'string' ? { className } : {}), manual, source });
        return;
      }
      if (obj.kind === 'GatewayClass' && group === 'gateway.networking.k8s.io') {
        // counted among the kinds ignored, as before: it decides no traffic of its own
        const name = field(obj.body, 'metadata', 'name');
        const controller = field(obj.body, 'spec', 'controllerName');
        if (typeof name === 'string') this.items.push({ kind: 'gatewayClass', name, ...(typeof controller === 'string' ? { controller } : {}) });
      }
      if (obj.kind === 'IngressClass' && group === 'networking.k8s.io') {
        this.items.push({ kind: 'ingressClass', ingressClass: readIngressClass(obj) });
        return;
      }
      if (apiVersion === undefined) {
        // which API a NetworkPolicy belongs to (Kubernetes', Calico's, Antrea's) is told by its group alone
        if (recognise(obj, 'networking.k8s.io/v1').kind !== 'other' || /Policy$/.test(obj.kind)) {
          throw new InvalidObject(`${obj.kind} has no apiVersion, which kubectl rejects; which API it belongs to cannot be told`);
        }
        this.items.push({ kind: 'ignored', objectKind: obj.kind });
        return;
      }
      const operated = this.operators ? operatorKind(group, obj.kind) : undefined;
      const unknownPods = operated?.notModelled?.(obj);
      if (operated && unknownPods !== undefined) {
        const reason = `${unknownPods}, so the pods ${operated.operator} makes for it are not known (they can be declared under outside.workloads in the config)`;
        this.notAnalysed(obj, apiVersion, source, reason, 'their connections are not shown, and invariants on the pods of its namespace fail closed', '', false, { does: 'both', namespace: this.namespaceOf(obj), unknownPods: true, ...referencedWorkloads(obj.body) });
        return;
      }
      if (operated) {
        const parts = operated.workloads(obj, this.defaultNamespace);
        for (const p of parts) this.items.push({ kind: 'workload', part: p, source });
        const made = parts.length > 0 ? `is analysed as the pods ${operated.operator} makes for it: ${parts.map((p) => p.id).join(', ')}, with the labels and ports the operator sets` : `is one ${operated.operator} makes no pods for`;
        this.diagnostics.push(diagnostic('info', Codes.operatorWorkload, source, `${obj.kind} ${optionalName(obj) ?? ''} ${made}`));
        return;
      }
      const maker = operatorNotModelled(group, obj.kind, obj.body);
      if (maker !== undefined) {
        // its pods carry labels and ports the operator's code sets: a template it holds, if any, is not all of them
        const by = generatedBy ? ` ${generatedByText(generatedBy)}` : '';
        if (maker.inOperatorNamespace !== undefined) {
          // a cluster-scoped resource whose pods run where the operator runs: the namespace its documented install uses
          const ns = maker.inOperatorNamespace;
          const reason = `${maker.operator} makes pods for it in the namespace the operator runs in, taken to be ${ns}, where its documented install puts it, with labels and ports of its own that are not modelled (they can be declared under outside.workloads in the config)`;
          this.notAnalysed(obj, apiVersion, source, reason, `their connections are not shown, and invariants on the pods of namespace ${ns} fail closed`, by, false, { does: 'both', namespace: ns, unknownPods: true });
          return;
        }
        const reason = `${maker.operator} makes pods for it, with labels and ports of its own that are not modelled (they can be declared under outside.workloads in the config)`;
        this.notAnalysed(obj, apiVersion, source, reason, 'their connections are not shown, and invariants on the pods of its namespace fail closed', by, false, { does: 'both', namespace: this.namespaceOf(obj), unknownPods: true, ...referencedWorkloads(obj.body) });
        return;
      }
      this.admission(obj, group, source);
      const found = recognise(obj, apiVersion);
      // what the controller of an object of a kind not modelled makes: objects of any kind, or pods (searched once, where asked)
      let makes: string | undefined;
      let installs: string | undefined;
      let templates: readonly Labels[] = NO_TEMPLATES;
      if (found.kind === 'policy') {
        const read = found.policyKind.read(obj, { defaultNamespace: this.defaultNamespace });
        const policy = generatedBy ? { ...read.policy, source: { ...read.policy.source, generatedBy } } : read.policy;
        const label = `${policy.kind} ${policyId(policy)}${generatedBy ? ` (${generatedByText(generatedBy)})` : ''}`;
        for (const n of read.notes) {
          this.warn(n.code, obj.file, n.line, `${label}: ${n.message}`);
          if (n.code === Codes.unsupported) this.items.push({ kind: 'notAnalysed', what: { kind: 'rule part', name: label, source: { file: obj.file, line: n.line }, reason: n.message } });
        }
        this.items.push({ kind: 'policy', policy: { kind: found.policyKind, policy: policy as PolicyObject } });
      } else if (found.kind === 'generator') {
        this.generators++;
      } else if (found.kind === 'notAnalysed') {
        if (group === 'policy.linkerd.io' && obj.kind === 'EgressNetwork') this.items.push({ kind: 'meshScope', scope: 'linkerd-egress', namespace: this.namespaceOf(obj), own: true });
        const by = generatedBy ? ` ${generatedByText(generatedBy)}` : '';
        const auth = group === 'gateway.envoyproxy.io' && obj.kind === 'SecurityPolicy' ? extAuthBackends(obj, this.namespaceOf(obj)) : undefined;
        const redirect = group === 'cilium.io' ? ciliumRedirect(obj, this.namespaceOf(obj)) : undefined;
        if (redirect !== undefined) {
          this.notAnalysed(obj, apiVersion, source, found.reason, redirect.consequence, by, false, redirect.effect);
        } else if (auth !== undefined) {
          // its proxy sends each request it checks to the external authorization service: a path from outside the cluster
          const reason = `${found.reason}; its extAuth sends each request it checks to ${auth.shown.join(', ')}, a path from outside the cluster that is not modelled`;
          const consequence = 'the traffic it governs is shown as if it did not exist, and invariants on traffic from the internet fail closed on what its extAuth backends lead to';
          this.notAnalysed(obj, apiVersion, source, reason, consequence, by, true, this.effectOf(obj, group, found.effect), auth.services);
        } else this.notAnalysed(obj, apiVersion, source, found.reason, 'the traffic it governs is shown as if it did not exist', by, false, this.effectOf(obj, group, found.effect));
      } else if (group !== undefined && (installs = remoteContent(obj, group, this.namespaceOf(obj))) !== undefined) {
        // what it installs may be of any kind and namespace (a chart's cluster-scoped policies too): every invariant, isolated ones included
        const consequence = 'what it installs is not analysed, and every invariant fails closed (it may hold pods and policies of any namespace, and cluster-scoped policies)';
        this.notAnalysed(obj, apiVersion, source, installs, consequence, '', false, { does: 'both', unknownPods: true });
      } else if (group !== undefined && (makes = objectsMadeBy(obj, group)) !== undefined) {
        // its controller creates the objects it holds, of any kind, in any namespace
        this.notAnalysed(obj, apiVersion, source, makes, 'the objects it makes are not analysed, and every invariant fails closed', '', false, { does: 'both' });
      } else if (group === 'argoproj.io' && obj.kind === 'ClusterWorkflowTemplate') {
        // argo-workflows.readthedocs.io, cluster-workflow-templates.md: it runs only as the Workflows that reference it, in theirs
        const reason = "its templates run in the pods of the Workflows that reference it, in those Workflows' namespaces";
        this.notAnalysed(obj, apiVersion, source, reason, 'such Workflows of the manifests fail the invariants on their namespace\'s pods closed', '', false);
      } else if (group !== undefined && (templates = podsMadeBy(obj, group)) !== NO_TEMPLATES) {
        // a controller reachdiff does not know (Argo Rollout, OpenKruise CloneSet, Knative Service, KubeRay, JobSet) makes pods from it
        const made = podLabelsMadeBy(obj, group) !== undefined;
        const reason =
          templates === UNKNOWN_PODS
            ? 'its controller makes pods whose labels it does not hold whole (a template referenced elsewhere, or one too deep to find)'
            : made
              ? 'its controller runs it in pods, which are not workloads reachdiff knows'
              : 'it holds a pod template, and the pods its controller makes from it are not workloads reachdiff knows';
        const name = field(obj.body, 'metadata', 'name');
        const consequence = 'their connections are not shown, and invariants whose selectors pick their pods fail closed';
        if (templates === UNKNOWN_PODS) {
          // pods of labels not known: every invariant on its namespace's pods
          this.notAnalysed(obj, apiVersion, source, reason, consequence, '', false, { does: 'both', namespace: this.namespaceOf(obj), unknownPods: true, ...referencedWorkloads(obj.body) });
        } else {
          // one set of labels per kind of pod it makes (a RayCluster's head and workers), each picked by invariants on its own
          const [first, ...others] = templates;
          const effect = (labels: Labels) => ({ does: 'both' as const, namespace: this.namespaceOf(obj), pods: { kind: obj.kind, name: typeof name === 'string' ? name : '', labels } });
          this.notAnalysed(obj, apiVersion, source, reason, consequence, '', false, effect(first!));
          const what = this.items[this.items.length - 1]!;
          for (const labels of others) if (what.kind === 'notAnalysed') this.items.push({ kind: 'notAnalysed', what: { ...what.what, effect: effect(labels) } });
        }
      } else if (group === '' && isNginxStreamServices(obj)) {
        // kubernetes.github.io/ingress-nginx/user-guide/exposing-tcp-udp-services/: the controller forwards these ports from outside
        const reason = "its entries (PORT: NAMESPACE/SERVICE:PORT) are TCP or UDP services ingress-nginx exposes on its own ports, where it runs with --tcp-services-configmap or --udp-services-configmap naming it: routing through them is not modelled";
        this.notAnalysed(obj, apiVersion, source, reason, 'paths from outside through it are not shown', '', true);
      } else {
        const linkerd = group === '' ? linkerdConfig(obj) : undefined;
        if (linkerd?.egressNamespace !== undefined) this.items.push({ kind: 'meshRoot', mesh: 'linkerd-egress', namespace: linkerd.egressNamespace });
        const root = group === undefined ? undefined : istioRootNamespace(obj, group, this.namespaceOf(obj));
        if (root !== undefined) this.items.push({ kind: 'meshRoot', mesh: 'istio', namespace: root });
        if (group !== undefined && holdsSettings(obj, group, this.namespaceOf(obj))) this.settings(obj, group, source, linkerd?.defaultPolicy);
        const nginx = group === '' ? nginxConfig(obj) : undefined;
        if (nginx !== undefined) this.items.push({ kind: 'nginxConfig', name: `${this.namespaceOf(obj)}/${stringAt(obj.body, 'metadata', 'name') ?? ''}`, ...nginx, source });
        this.items.push({ kind: 'ignored', objectKind: obj.kind, ...(group !== undefined && isCustomGroup(group, obj.kind) && this.items.length === said ? { group } : {}) });
      }
    } catch (e) {
      if (!(e instanceof InvalidObject)) throw e;
      const name = optionalName(obj);
      const policyLike = /Policy$/.test(obj.kind);
      this.error(
        generatedBy ? ExpansionCodes.invalidGenerated : policyLike ? Codes.invalidPolicy : Codes.invalidObject,
        obj.file,
        e.line ?? obj.line,
        `invalid ${obj.kind}${name ? ` ${name}` : ''}${generatedBy ? ` ${generatedByText(generatedBy)}` : ''}: ${e.message}; ${policyLike ? 'policy' : 'object'} skipped`,
      );
    }
  }
}

/** The label that links an EndpointSlice to its Service, and the one that says what manages it (kubernetes.io/docs/concepts/services-networking/endpoint-slices/). */
const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';

/**
 * The values of managed-by that the control plane's own controllers set:
 * the EndpointSlice controller's, on the slices it makes from a Service's
 * selector (and takes back, or deletes, as its selector says), and the
 * mirroring controller's, on those it mirrors from the Endpoints of a
 * Service without selector (it deletes them where the Service has one).
 */
const CONTROL_PLANE_SLICES: readonly string[] = ['endpointslice-controller.k8s.io', 'endpointslicemirroring-controller.k8s.io'];

/**
 * An EndpointSlice linked to a Service (kubernetes.io/service-name) that
 * the control plane does not manage: its name, Service and managed-by
 * value; undefined for a slice of the control plane's, or of no Service
 * (kube-proxy and ingress controllers read only those of a Service).
 */
/**
 * The Gateway API controllers (a GatewayClass's spec.controllerName) that
 * deploy a Gateway's proxy as pods of the Gateway's own namespace, by the
 * implementation they are: Istio's automated deployment, a Deployment and
 * Service `NAME-istio` (istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/,
 * Automated Deployment: classes of controller istio.io/gateway-controller,
 * whatever their name), and its ambient waypoints, of controller
 * istio.io/mesh-controller (istio.io/latest/docs/ambient/usage/waypoint/);
 * kgateway, formerly Gloo Gateway, which deploys a proxy Deployment and
 * Service per Gateway in its namespace (kgateway.dev/docs/, Gateway
 * deployment); Contour's Gateway provisioner, which deploys Contour and
 * Envoy for each Gateway in its namespace
 * (projectcontour.io/docs/main/guides/gateway-api/, dynamically
 * provisioned); Kong's Operator, which deploys each Gateway's data plane
 * in the Gateway's namespace (developer.konghq.com/operator/reference/architecture/,
 * "Self-hosted control plane": the data plane in the application
 * namespace beside the Gateway, for classes of controller
 * konghq.com/gateway-operator). NGINX
 * Gateway Fabric's (NGF_CONTROLLER) depends on its version.
 */
const PROXY_IN_GATEWAY_NAMESPACE: Readonly<Record<string, string>> = {
  'istio.io/gateway-controller': 'Istio',
  'istio.io/mesh-controller': 'Istio',
  'kgateway.dev/kgateway': 'kgateway',
  'solo.io/gloo-gateway': 'Gloo Gateway',
  'projectcontour.io/gateway-controller': "Contour's Gateway provisioner",
  'konghq.com/gateway-operator': "Kong's Gateway Operator",
};

/** NGINX Gateway Fabric's controllers: gateway.nginx.org/nginx-gateway-controller by default, any name under gateway.nginx.org/ (--gateway-ctlr-name). */
const NGF_CONTROLLER = /^gateway\.nginx\.org\//;

/**
 * The controllers of the GatewayClasses the installations of those
 * implementations create, by name: what a Gateway of a class the
 * manifests do not define is read as served by.
 */
const DEFAULT_GATEWAY_CLASSES: Readonly<Record<string, string>> = {
  istio: 'istio.io/gateway-controller',
  'istio-waypoint': 'istio.io/mesh-controller',
  kgateway: 'kgateway.dev/kgateway',
  'kgateway-waypoint': 'kgateway.dev/kgateway',
  'gloo-gateway': 'solo.io/gloo-gateway',
  nginx: 'gateway.nginx.org/nginx-gateway-controller',
};

/**
 * Why a Gateway's proxy runs as pods of its namespace, or may, or undefined
 * where it does not: its class's controller is the manifests' GatewayClass
 * of its name, else the default class of that name's; none for a
 * controller not known to deploy there, nor for an Istio Gateway linked to
 * a Service that exists (spec.addresses of type Hostname: Istio's Manual
 * Deployment, which deploys nothing); NGINX Gateway Fabric's as its
 * version says (ngfProxy), Envoy Gateway's as its configuration does
 * (envoyGatewayProxy).
 */
function proxyInGatewayNamespace(
  g: Extract<Item, { kind: 'gatewayProxy' }>,
  classes: ReadonlyMap<string, string | undefined>,
  ngf: readonly Extract<Item, { kind: 'ngfController' }>[],
  envoyGateways: readonly Extract<Item, { kind: 'envoyGateway' }>[],
): string | undefined {
  if (g.className === undefined) return undefined;
  const declared = classes.has(g.className);
  const controller = declared ? classes.get(g.className) : Object.hasOwn(DEFAULT_GATEWAY_CLASSES, g.className) ? DEFAULT_GATEWAY_CLASSES[g.className] : undefined;
  if (controller === undefined) {
    // a class the manifests do not define may be of the Envoy Gateway whose configuration they hold (its classes take any name)
    const envoy = declared ? undefined : envoyGateways.find((e) => e.gatewayNamespace !== false);
    if (envoy === undefined) return undefined;
    return `GatewayClass ${g.className} is not in the manifests, and may be of the Envoy Gateway whose configuration at ${envoy.source.file}:${envoy.source.line} ${envoy.gatewayNamespace ? 'sets Gateway Namespace Mode' : 'does not parse'}, which deploys its proxy for it in its namespace`;
  }
  const of = declared ? `GatewayClass ${g.className}, of controller ${controller}` : `GatewayClass ${g.className}`;
  if (NGF_CONTROLLER.test(controller)) return ngfProxy(g.className, of, ngf);
  const envoy = envoyGateways.filter((e) => e.controller === controller);
  if (envoy.length > 0) return envoyGatewayProxy(of, envoy);
  const implementation = Object.hasOwn(PROXY_IN_GATEWAY_NAMESPACE, controller) ? PROXY_IN_GATEWAY_NAMESPACE[controller] : undefined;
  if (implementation === undefined) return undefined;
  if (implementation === 'Istio' && g.manual) return undefined;
  return `${implementation} (${of}) deploys its proxy for it in its namespace`;
}

/**
 * Where NGINX Gateway Fabric runs NGINX for a Gateway of a class of its:
 * from 2.0, a Deployment and Service of its own in the Gateway's namespace
 * (docs.nginx.com/nginx-gateway-fabric/install/deploy-data-plane/); before,
 * one NGINX container in the controller's own pod, which the manifests
 * hold as a workload where they hold the controller. The version is the
 * tag of the controller's image, of those serving the class
 * (--gatewayclass); where none tells it, or they differ, the proxy may be
 * in the Gateway's namespace, and is doubted so, saying why.
 */
function ngfProxy(className: string, of: string, controllers: readonly Extract<Item, { kind: 'ngfController' }>[]): string | undefined {
  const serving = controllers.filter((c) => c.gatewayClass === undefined || c.gatewayClass === className);
  const at = (c: Extract<Item, { kind: 'ngfController' }>) => `${c.image} at ${c.source.file}:${c.source.line}`;
  if (serving.length > 0 && serving.every((c) => c.major !== undefined && c.major < 2)) return undefined;
  if (serving.length > 0 && serving.every((c) => c.major !== undefined && c.major >= 2)) return `NGINX Gateway Fabric 2 or later (${of}; its controller's image ${at(serving[0]!)}) deploys its proxy for it in its namespace`;
  const unknown =
    serving.length === 0
      ? 'the manifests hold no controller of it whose image tells which runs'
      : serving.some((c) => c.major === undefined)
        ? `the tag of its controller's image ${at(serving.find((c) => c.major === undefined)!)} does not tell which runs`
        : `its controllers' images are of both (${serving.map(at).join(', ')})`;
  return `NGINX Gateway Fabric (${of}) from version 2.0 deploys its proxy for it in its namespace, where before it ran NGINX in its controller's own pod, and ${unknown}`;
}

/**
 * Where Envoy Gateway runs the proxy of a Gateway of a class it serves: by
 * default in its own namespace (envoy-gateway-system, which the manifests
 * hold as workloads where they hold its install), and in the Gateway's
 * namespace under Gateway Namespace Mode, its configuration's
 * `provider.kubernetes.deploy.type: GatewayNamespace`
 * (gateway.envoyproxy.io/latest/tasks/operations/gateway-namespace-mode/).
 * The manifests' configurations of the controller that serves the class
 * tell which; where one does not parse, or they differ, the proxy may be
 * in the Gateway's namespace, and is doubted so.
 */
function envoyGatewayProxy(of: string, configs: readonly Extract<Item, { kind: 'envoyGateway' }>[]): string | undefined {
  const at = (c: Extract<Item, { kind: 'envoyGateway' }>) => `${c.source.file}:${c.source.line}`;
  if (configs.every((c) => c.gatewayNamespace === false)) return undefined;
  if (configs.every((c) => c.gatewayNamespace === true)) return `Envoy Gateway in Gateway Namespace Mode (${of}; its configuration at ${at(configs[0]!)}) deploys its proxy for it in its namespace`;
  const unread = configs.find((c) => c.gatewayNamespace === undefined);
  const why = unread ? `its configuration at ${at(unread)} does not parse` : `its configurations differ (${configs.map(at).join(', ')})`;
  return `Envoy Gateway (${of}) deploys its proxy for it in its namespace under Gateway Namespace Mode, and ${why}`;
}

/**
 * The directories of an ApplicationSet's one git directory generator, where
 * its template's source path is the directory's path (`{{path}}`, or
 * `{{.path.path}}` with goTemplate): the patterns of its `directories`
 * that include, and those with `exclude: true`, each matched against a
 * directory's path as Go's path.Match does, a star within one directory
 * (argo-cd.readthedocs.io/en/stable/operator-manual/applicationset/Generators-Git/,
 * Git Generator: Directories, Exclude directories). Undefined for any other
 * generator, several of them, or another template.
 */
function gitDirectories(body: Record<string, unknown>, templatePath: unknown): { include: string[]; exclude: string[] } | undefined {
  if (typeof templatePath !== 'string' || !/^\s*\{\{\s*(?:path|\.path\.path)\s*\}\}\s*$/.test(templatePath)) return undefined;
  const generators = field(body, 'spec', 'generators');
  if (!Array.isArray(generators) || generators.length !== 1 || !isRecord(generators[0]) || Object.keys(generators[0]).length !== 1) return undefined;
  const git = field(generators[0], 'git');
  const directories = field(git, 'directories');
  if (!isRecord(git) || field(git, 'files') !== undefined || !Array.isArray(directories)) return undefined;
  const include: string[] = [];
  const exclude: string[] = [];
  for (const d of directories) {
    const path = field(d, 'path');
    if (typeof path !== 'string' || path === '' || path.includes('{{')) return undefined;
    (field(d, 'exclude') === true ? exclude : include).push(cleanRepoPath(path));
  }
  return { include, exclude };
}

/**
 * Why an Argo CD Application (or an ApplicationSet's template) does not
 * delete what its paths no longer hold: automated sync without `prune:
 * true` ("automated sync will not delete resources when Argo CD detects
 * the resource is no longer defined in Git", argo-cd.readthedocs.io/en/stable/user-guide/auto_sync/),
 * or the sync option `Prune=false`; undefined where it does, or where its
 * sync is by hand (whoever syncs says whether it prunes).
 */
function argoKeeps(spec: unknown): string | undefined {
  const options = field(spec, 'syncPolicy', 'syncOptions');
  if (Array.isArray(options) && options.some((o) => typeof o === 'string' && /^\s*Prune=false\s*$/i.test(o))) return 'its syncOptions hold Prune=false';
  const automated = field(spec, 'syncPolicy', 'automated');
  if (automated === undefined || automated === null) return undefined;
  return field(automated, 'prune') === true ? undefined : 'its automated sync does not prune (syncPolicy.automated.prune is not true)';
}

/**
 * Whether the deployment keeps an object once the manifests no longer
 * hold it, whatever it prunes: Argo CD's `argocd.argoproj.io/sync-options`
 * with `Prune=false` (or `Prune=confirm`, which waits for someone to
 * confirm; argo-cd.readthedocs.io/en/stable/user-guide/sync-options/, No
 * Prune Resources), Flux's `kustomize.toolkit.fluxcd.io/prune: disabled`
 * label or annotation (fluxcd.io/flux/components/kustomize/kustomizations/#prune),
 * and Helm's `helm.sh/resource-policy: keep` (helm.sh/docs/howto/charts_tips_and_tricks/,
 * which "instructs Helm to skip deleting this resource").
 */
function keptWhenRemoved(body: Record<string, unknown>): boolean {
  const options = field(body, 'metadata', 'annotations', 'argocd.argoproj.io/sync-options');
  if (typeof options === 'string' && options.split(',').some((o) => /^\s*Prune=(false|confirm)\s*$/i.test(o))) return true;
  return marked(body, 'kustomize.toolkit.fluxcd.io/prune', 'disabled', true) || marked(body, 'helm.sh/resource-policy', 'keep', false);
}

/** Whether an object's annotation (or, with `labelsToo`, its label) `key` says `value`, in any case. */
function marked(body: Record<string, unknown>, key: string, value: string, labelsToo: boolean): boolean {
  const said = (v: unknown) => typeof v === 'string' && v.toLowerCase() === value.toLowerCase();
  return said(field(body, 'metadata', 'annotations', key)) || (labelsToo && said(field(body, 'metadata', 'labels', key)));
}

/** The API groups of the policies reachdiff reads (and Kyverno's, whose rules generate them): where a Flux variable in one changes what it decides. */
const POLICY_GROUPS = new Set(['networking.k8s.io', 'policy.networking.k8s.io', 'projectcalico.org', 'crd.projectcalico.org', 'cilium.io', 'kyverno.io']);

/**
 * The first of Flux's post-build variables in a value (`${name}` or
 * `${name:=default}`, fluxcd.io/flux/components/kustomize/kustomizations/,
 * "Post build variable substitution"; `$${name}` is its escape, written
 * as `${name}`), or undefined.
 */
function fluxVariable(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const m = /(?<!\$)\$\{[A-Za-z_][A-Za-z0-9_]*(?::?[-=][^}]*)?\}/.exec(value);
    return m ? m[0] : undefined;
  }
  if (Array.isArray(value)) {
    for (const v of value) {
      const found = fluxVariable(v);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) {
      const found = fluxVariable(k) ?? fluxVariable(v);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** Envoy Gateway's controller name where its configuration names none (gateway.envoyproxy.io, EnvoyGateway's gateway.controllerName). */
const ENVOY_GATEWAY_CONTROLLER = 'gateway.envoyproxy.io/gatewayclass-controller';

/**
 * Envoy Gateway's configuration in a ConfigMap (the `envoy-gateway.yaml`
 * key of its chart's envoy-gateway-config, an EnvoyGateway object): the
 * controller it serves, and whether it deploys proxies in the Gateways'
 * namespaces (provider.kubernetes.deploy.type GatewayNamespace); the mode
 * is undefined where the text does not parse.
 */
function envoyGatewayConfig(obj: RawObject): { controller: string; gatewayNamespace?: boolean } | undefined {
  const text = field(obj.body, 'data', 'envoy-gateway.yaml');
  if (typeof text !== 'string') return undefined;
  const config = yamlText(text, obj.file);
  if (config === undefined) return { controller: ENVOY_GATEWAY_CONTROLLER };
  if (field(config, 'kind') !== 'EnvoyGateway') return undefined;
  const named = field(config, 'gateway', 'controllerName');
  const controller = typeof named === 'string' && named !== '' ? named : ENVOY_GATEWAY_CONTROLLER;
  return { controller, gatewayNamespace: field(config, 'provider', 'kubernetes', 'deploy', 'type') === 'GatewayNamespace' };
}

/**
 * The image of NGINX Gateway Fabric's controller in a workload's pod
 * template, if any (`…/nginx-gateway-fabric:TAG`, not its NGINX image
 * `…/nginx-gateway-fabric/nginx`), with the major version of a tag that
 * is a version and the class its --gatewayclass flag names.
 */
function ngfController(obj: RawObject): { image: string; major?: number; gatewayClass?: string } | undefined {
  for (const path of POD_TEMPLATE_PATHS) {
    for (const c of optionalList(obj.body, ...path) ?? []) {
      const image = field(c, 'image');
      if (typeof image !== 'string') continue;
      const m = /(?:^|\/)nginx-gateway-fabric(?::([^@/]+))?(?:@\S+)?$/.exec(image);
      if (!m) continue;
      const version = m[1] === undefined ? undefined : /^v?(\d+)\.\d+/.exec(m[1]);
      const args = [...(optionalList(c, 'command') ?? []), ...(optionalList(c, 'args') ?? [])].map(String);
      const flag = args.findIndex((a) => a === '--gatewayclass' || a.startsWith('--gatewayclass='));
      const gatewayClass = flag < 0 ? undefined : args[flag]!.includes('=') ? args[flag]!.slice(args[flag]!.indexOf('=') + 1) : args[flag + 1];
      return { image, ...(version ? { major: Number(version[1]) } : {}), ...(gatewayClass ? { gatewayClass } : {}) };
    }
  }
  return undefined;
}

/**
 * Whether an API group is no Kubernetes API's, so that its objects are
 * custom resources: the core group and groups without a dot (apps, batch,
 * policy, autoscaling) are Kubernetes' own, and so are those under k8s.io
 * and kubernetes.io, which the project reserves for its APIs (a
 * CustomResourceDefinition there needs the api-approved.kubernetes.io
 * annotation).
 */
/**
 * A custom resource of a kind reachdiff does not read (for the count of
 * those ignored): not of Kubernetes' own groups, nor of one of the meshes,
 * network plugins, policy engines, GitOps tools and operators whose
 * objects it reads for some kinds (the others of those groups decide no
 * traffic it models, or are reported as not analysed). argoproj.io is
 * shared by four projects, one of which (Argo Events) makes pods from
 * kinds of its own: only the kinds known there are left out of the count.
 */
function isCustomGroup(group: string, kind: string): boolean {
  if (group === 'argoproj.io') return !ARGO_KINDS.has(kind);
  return group.includes('.') && !/(?:^|\.)(?:k8s\.io|kubernetes\.io|istio\.io|sailoperator\.io|maistra\.io|linkerd\.io|cilium\.io|projectcalico\.org|kyverno\.io|fluxcd\.io|coreos\.com)$/.test(group);
}

/**
 * The kinds of argoproj.io reachdiff knows: Argo CD's (argo-cd.readthedocs.io,
 * operator-manual/declarative-setup/), Argo Rollouts' (argo-rollouts.readthedocs.io,
 * features/specification/, analysis/, features/experiment/), Argo
 * Workflows' (argo-workflows.readthedocs.io, fields.md) and Argo Events'
 * (argoproj.github.io/argo-events/concepts/architecture/).
 */
const ARGO_KINDS: ReadonlySet<string> = new Set([
  'Application', 'ApplicationSet', 'AppProject',
  'Rollout', 'AnalysisTemplate', 'ClusterAnalysisTemplate', 'AnalysisRun', 'Experiment',
  'Workflow', 'CronWorkflow', 'WorkflowTemplate', 'ClusterWorkflowTemplate', 'WorkflowEventBinding', 'WorkflowTaskSet', 'WorkflowTaskResult', 'WorkflowArtifactGCTask',
  'EventSource', 'Sensor', 'EventBus',
]);

function handWrittenSlice(obj: RawObject): { name: string; service: string; managedBy?: string } | undefined {
  const service = field(obj.body, 'metadata', 'labels', SERVICE_NAME_LABEL);
  if (typeof service !== 'string' || service === '') return undefined;
  const managedBy = field(obj.body, 'metadata', 'labels', MANAGED_BY_LABEL);
  if (typeof managedBy === 'string' && CONTROL_PLANE_SLICES.includes(managedBy)) return undefined;
  const name = field(obj.body, 'metadata', 'name');
  const generated = field(obj.body, 'metadata', 'generateName');
  return { name: typeof name === 'string' ? name : typeof generated === 'string' ? `${generated}*` : '', service, ...(typeof managedBy === 'string' ? { managedBy } : {}) };
}

/** Where objects that make pods keep their pod template: `spec.template` (Deployment-like), or under `spec.jobTemplate` (CronJob-like). */
const POD_TEMPLATE_PATHS: readonly (readonly string[])[] = [
  ['spec', 'template', 'spec', 'containers'],
  ['spec', 'jobTemplate', 'spec', 'template', 'spec', 'containers'],
];

/**
 * The backends outside the cluster a Gateway API route attached to a
 * Gateway sends traffic to: Istio's ServiceEntry and Hostname backendRefs
 * (istio.io/latest/docs/tasks/traffic-management/egress/egress-gateway/,
 * Gateway API tab: the mesh's traffic for a ServiceEntry's host goes to the
 * Gateway, whose route sends it on to the host), as `Kind name`. None where
 * no parent is a Gateway: a mesh route (to a Service or ServiceEntry) is
 * carried by the client's own proxy, from the client's pod.
 */
function gatewayEgressBackends(obj: RawObject): string[] {
  const spec = field(obj.body, 'spec');
  // the route's reader refuses fields of the wrong type
  const text = (v: unknown, key: string) => (typeof field(v, key) === 'string' ? (field(v, key) as string) : undefined);
  const toGateway = (optionalList(spec, 'parentRefs') ?? []).some(
    (p) => (text(p, 'kind') ?? 'Gateway') === 'Gateway' && (text(p, 'group') ?? 'gateway.networking.k8s.io') === 'gateway.networking.k8s.io',
  );
  if (!toGateway) return [];
  const out = new Set<string>();
  for (const rule of optionalList(spec, 'rules') ?? []) {
    for (const ref of optionalList(rule, 'backendRefs') ?? []) {
      const kind = text(ref, 'kind');
      const name = text(ref, 'name') ?? '';
      if (kind === 'Hostname' || (kind === 'ServiceEntry' && text(ref, 'group') === 'networking.istio.io')) out.add(`${kind} ${shown(name)}`);
    }
  }
  return [...out];
}

/**
 * Where a Cilium object that redirects traffic (CILIUM_REDIRECTS of the
 * registry) acts, and what follows; undefined for Cilium's other objects.
 * An Envoy configuration with Services: on the paths to the pods of those
 * Services and of its backendServices (a Service's namespace is the
 * CiliumEnvoyConfig's whatever it says, and a CiliumClusterwideEnvoyConfig's
 * defaults to `default`: Cilium's ServiceListener); without, anywhere. A
 * local redirect policy: on the paths from pods to its frontend's address
 * (which no longer reach it) or to its frontend Service's pods, and on
 * those to the pods its backend selects in its namespace (matchLabels;
 * else every pod of the namespace), which take that traffic.
 */
function ciliumRedirect(obj: RawObject, namespace: string): { consequence: string; effect: NotAnalysedEffect } | undefined {
  const spec = field(obj.body, 'spec');
  const anywhere = { consequence: 'the traffic it redirects is shown as if it did not exist, and every invariant fails closed', effect: { does: 'both' as const } };
  if (obj.kind === 'CiliumEnvoyConfig' || obj.kind === 'CiliumClusterwideEnvoyConfig') {
    const ids = (key: string): string[] | undefined => {
      const list = optionalList(spec, key) ?? [];
      const out = list.map((s) => {
        const name = field(s, 'name');
        const ns = obj.kind === 'CiliumEnvoyConfig' ? namespace : (optionalString(s, 'namespace') ?? 'default');
        return typeof name === 'string' && name !== '' ? `${ns}/${name}` : undefined;
      });
      return out.every((id): id is string => id !== undefined) ? out : undefined;
    };
    const services = ids('services');
    const backends = ids('backendServices');
    if (services === undefined || services.length === 0 || backends === undefined) return anywhere;
    const all = [...new Set([...services, ...backends])];
    return { consequence: `the paths shown to the pods of Services ${all.join(', ')} may be refused or go elsewhere, and invariants on traffic to them fail closed`, effect: { does: 'both', at: 'destination', services: all } };
  }
  if (obj.kind !== 'CiliumLocalRedirectPolicy') return undefined;
  const ip = field(spec, 'redirectFrontend', 'addressMatcher', 'ip');
  const service = field(spec, 'redirectFrontend', 'serviceMatcher', 'serviceName');
  const cidr = typeof ip === 'string' ? parseCidr(ip.includes('/') ? ip : hostCidr(ip)) : undefined;
  const frontend: NotAnalysedEffect | undefined =
    cidr !== undefined && cidr.kind !== 'invalid'
      ? { does: 'closes', at: 'source', external: true, addresses: [formatCidr(cidr)] }
      : typeof service === 'string' && service !== ''
        ? { does: 'closes', at: 'destination', services: [`${namespace}/${service}`] }
        : undefined;
  if (frontend === undefined) return anywhere;
  const selector = field(spec, 'redirectBackend', 'localEndpointSelector');
  const labels = field(selector, 'matchLabels');
  const exact = isRecord(selector) && Object.keys(selector).every((k) => k === 'matchLabels') && isRecord(labels) && Object.values(labels).every((v) => typeof v === 'string');
  const backend: NotAnalysedEffect = { does: 'opens', at: 'destination', namespace, ...(exact ? { selects: labels as Record<string, string> } : {}) };
  const to = typeof ip === 'string' ? ip : `Service ${namespace}/${String(service)}`;
  return { consequence: `the paths shown to ${to}, and to the pods it redirects to, may not be the cluster's, and invariants on them fail closed`, effect: { ...frontend, besides: [backend] } };
}

/**
 * The hosts outside the cluster an Istio VirtualService may route to (its
 * routes' destination hosts that are not a Service's short name or a
 * `.svc` or cluster name; `NAME.NAMESPACE` counts, as it may be an
 * external one too): an egress gateway's route, which sends the mesh's traffic for an
 * external host (a ServiceEntry's) through the gateway's pods
 * (istio.io/latest/docs/tasks/traffic-management/egress/egress-gateway/).
 */
function externalDestinations(obj: RawObject): string[] {
  const hosts = new Set<string>();
  for (const kind of ['http', 'tls', 'tcp']) {
    for (const rule of optionalList(obj.body['spec'], kind) ?? []) {
      for (const route of optionalList(rule, 'route') ?? []) {
        const host = field(route, 'destination', 'host');
        if (typeof host === 'string' && host.includes('.') && !/\.svc(\.|$)|\.cluster\.local$/.test(host)) hosts.add(host);
      }
    }
  }
  return [...hosts];
}

/**
 * Why an object that routes traffic from outside the cluster to pods is not
 * modelled, or undefined where it is not such an object: a Gateway API
 * UDPRoute (the routes analysed carry TCP), an Istio VirtualService bound
 * to a gateway (one bound to the mesh only routes inside the cluster).
 */
function unmodelledRoute(obj: RawObject, group: string): string | undefined {
  if (group === 'gateway.networking.k8s.io' && obj.kind === 'UDPRoute') return 'UDP routes through a Gateway are not modelled (the routes analysed carry TCP)';
  const router = PROXY_ROUTES[group];
  if (router && router.kinds.includes(obj.kind)) return `routing through ${router.proxy} is not modelled (Ingress, Gateway API routes and OpenShift Routes are)`;
  // istio.io/latest/docs/reference/config/networking/gateway/ (ServerTLSSettings, AUTO_PASSTHROUGH): routes on the SNI to
  // any Service of the mesh, with no VirtualService
  if (group === 'networking.istio.io' && obj.kind === 'Gateway') {
    const servers = optionalList(obj.body['spec'], 'servers') ?? [];
    return servers.some((srv) => field(srv, 'tls', 'mode') === 'AUTO_PASSTHROUGH') ? 'a server with TLS mode AUTO_PASSTHROUGH routes on the SNI to any Service of the mesh, with no VirtualService: not modelled' : undefined;
  }
  if (group !== 'networking.istio.io' || obj.kind !== 'VirtualService') return undefined;
  const gateways = optionalList(obj.body['spec'], 'gateways') ?? [];
  return gateways.some((g) => g !== 'mesh') ? `routing through Istio gateways (${gateways.filter((g) => g !== 'mesh').map((g) => shown(g)).join(', ')}) is not modelled` : undefined;
}

/**
 * Routing objects of ingress proxies that route traffic from outside the
 * cluster to Services in their own way, by API group (each project's CRD
 * reference): reported as not analysed, never passed over.
 */
const PROXY_ROUTES: Readonly<Record<string, { readonly proxy: string; readonly kinds: readonly string[] }>> = {
  'traefik.io': { proxy: 'Traefik', kinds: ['IngressRoute', 'IngressRouteTCP', 'IngressRouteUDP'] },
  'traefik.containo.us': { proxy: 'Traefik', kinds: ['IngressRoute', 'IngressRouteTCP', 'IngressRouteUDP'] },
  'projectcontour.io': { proxy: 'Contour', kinds: ['HTTPProxy', 'IngressRoute'] },
  'k8s.nginx.org': { proxy: 'NGINX Ingress Controller', kinds: ['VirtualServer', 'VirtualServerRoute', 'TransportServer'] },
  'configuration.konghq.com': { proxy: 'Kong', kinds: ['TCPIngress', 'UDPIngress'] },
  'getambassador.io': { proxy: 'Emissary-ingress', kinds: ['Mapping', 'TCPMapping'] },
  'gateway.solo.io': { proxy: 'Gloo', kinds: ['VirtualService', 'RouteTable', 'TCPGateway'] },
  'apisix.apache.org': { proxy: 'Apache APISIX', kinds: ['ApisixRoute'] },
};

/**
 * Whether a file may be one a GitOps source reads: in its directory (or
 * below it, recursing). Where the file's place in the repository is known
 * (`repo`), its directory may be the path exactly; and, as where it is not
 * known, the directory's path may be the end of the file's directory, as
 * the file's path holds the repository's root only where the state was
 * given from it (a source at the repository's root may then hold
 * anything). Either counts: a GitOps tree kept below the root of another
 * project's work tree, or reached through a submodule or a link, is
 * matched by the end of its paths. A rendered target's output may hold
 * anything.
 */
function underGitOpsPath(file: string, p: GitOpsPath, built: BuiltRoot | undefined, repo?: RepositoryPath): boolean {
  // a Kustomize root built here: the directory the tool builds, whose objects it applies as built
  if (built) return builtUnder(built.dir, p, repo);
  if (file.startsWith('render:')) return true;
  const exact = repo?.(file);
  if (exact !== undefined) {
    const rel = cleanRepoPath(exact);
    const slash = rel.lastIndexOf('/');
    let within: string | undefined;
    if ((slash < 0 ? '' : rel.slice(0, slash)) === p.path) within = rel.slice(slash + 1);
    else if (p.recurse && (p.path === '' || rel.startsWith(`${p.path}/`))) within = p.path === '' ? rel : rel.slice(p.path.length + 1);
    if (within !== undefined && inGlobs(within, p)) return true;
  }
  const slash = file.lastIndexOf('/');
  const dir = slash < 0 ? '' : file.slice(0, slash);
  let within: string | undefined;
  if (p.path === '') within = file;
  // read from inside the repository (`check .` in k8s/), a directory's path is the end of the source's
  else if (dir === p.path || dir.endsWith(`/${p.path}`) || (dir !== '' && !dir.startsWith('/') && !dir.startsWith('../') && p.path.endsWith(`/${dir}`))) within = file.slice(slash + 1);
  else if (p.recurse) {
    const at = file.startsWith(`${p.path}/`) ? 0 : file.lastIndexOf(`/${p.path}/`) + 1;
    if (at > 0 || file.startsWith(`${p.path}/`)) within = file.slice(at + p.path.length + 1);
  }
  return within !== undefined && inGlobs(within, p);
}

/**
 * The cluster an Argo CD destination names: its `server` (the API server's
 * URL) or its `name` (a cluster's name in Argo CD's settings), where
 * written and no template (argo-cd.readthedocs.io, user-guide/
 * application-specification/; operator-manual/declarative-setup/#clusters).
 * The cluster Argo CD runs in is both `https://kubernetes.default.svc`
 * and `in-cluster`; another name and URL are taken as other clusters, as
 * which name stands for which URL is Argo CD's setting.
 */
function argoCluster(destination: unknown): string | undefined {
  const server = field(destination, 'server');
  const name = field(destination, 'name');
  const given = typeof server === 'string' && server !== '' ? server.replace(/\/+$/, '') : typeof name === 'string' && name !== '' ? name : undefined;
  if (given === undefined || given.includes('{{')) return undefined;
  return given === 'https://kubernetes.default.svc' ? 'in-cluster' : given;
}

/**
 * The cluster a Flux Kustomization applies its path to: the one Flux runs
 * in, or, where `spec.kubeConfig` is set, the one its kubeconfig (a
 * Secret's `secretRef`, or a `configMapRef` for a cloud provider's
 * credentials) names (fluxcd.io/flux/components/kustomize/kustomizations/,
 * "Remote Clusters / Cluster-API"), one per Secret or ConfigMap, which
 * lives in the Kustomization's own namespace (`namespace`), as which two
 * of them name one cluster is not in the manifests. Named as Argo CD's
 * (argoCluster): the cluster its controller runs in is `in-cluster`.
 */
function fluxCluster(spec: unknown, namespace: string): string | undefined {
  const config = field(spec, 'kubeConfig');
  if (config === undefined || config === null) return 'in-cluster';
  const secret = field(config, 'secretRef', 'name');
  if (typeof secret === 'string' && secret !== '') return `of the kubeconfig in Secret ${namespace}/${secret}`;
  const map = field(config, 'configMapRef', 'name');
  if (typeof map === 'string' && map !== '') return `of the kubeconfig in ConfigMap ${namespace}/${map}`;
  return `of a kubeconfig not named (Kustomization in namespace ${namespace})`;
}

/** Whether a path within a GitOps directory is within its include and exclude globs. */
function inGlobs(within: string, p: GitOpsPath): boolean {
  // Argo CD matches these globs against the path within the directory, a star crossing slashes (gobwas/glob without separators)
  const glob = (pattern: string) => picomatch(pattern, { bash: true, dot: true })(within);
  return (p.include === undefined || glob(p.include)) && (p.exclude === undefined || !glob(p.exclude));
}

/**
 * Whether a directory may be a GitOps path's: the path exactly, where its
 * place in the repository is known, or (either way) the path the end of
 * it, or it the end of the path (read from inside the repository).
 */
function isGitOpsDir(dir: string, p: GitOpsPath, repo?: RepositoryPath): boolean {
  const exact = repo?.(dir);
  if (exact !== undefined && cleanRepoPath(exact) === p.path) return true;
  const d = cleanRepoPath(dir);
  return p.path === '' || d === p.path || d.endsWith(`/${p.path}`) || (d !== '' && !dir.startsWith('/') && !d.startsWith('../') && p.path.endsWith(`/${d}`));
}

/** Whether a directory is surely a GitOps path's: exactly where its place in the repository is known, else as isGitOpsDir says (for what hides a report). */
function surelyGitOpsDir(dir: string, p: GitOpsPath, repo?: RepositoryPath): boolean {
  const exact = repo?.(dir);
  return exact !== undefined ? cleanRepoPath(exact) === p.path : isGitOpsDir(dir, p);
}

/** Whether a Kustomize root built here may be the directory of a GitOps path, or (where the path recurses) below it: as underGitOpsPath matches. */
function builtUnder(dir: string, p: GitOpsPath, repo?: RepositoryPath): boolean {
  const exact = repo?.(dir);
  if (exact !== undefined) {
    const d = cleanRepoPath(exact);
    if (d === p.path || (p.recurse && (p.path === '' || d.startsWith(`${p.path}/`)))) return true;
  }
  const root = cleanRepoPath(dir);
  return isGitOpsDir(dir, p) || (p.recurse && (root.startsWith(`${p.path}/`) || root.includes(`/${p.path}/`)));
}

/**
 * Kinds the API server keeps out of namespaces, which a GitOps tool applies
 * without one: Kubernetes' own and those of the policy APIs reachdiff
 * reads. Kinds not known here count as namespaced.
 */
function clusterScoped(kind: string, group: string | undefined): boolean {
  if (CLUSTER_SCOPED_KINDS.has(kind)) return true;
  // ClusterRole, ClusterIssuer, ClusterPolicy, GlobalNetworkPolicy, CiliumClusterwideNetworkPolicy, ...
  return /^(Cluster|Global)[A-Z]/.test(kind) || /Clusterwide/.test(kind) || (group === 'apiextensions.k8s.io' && kind === 'CustomResourceDefinition');
}

const CLUSTER_SCOPED_KINDS: ReadonlySet<string> = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'PriorityClass', 'RuntimeClass',
  'IngressClass', 'GatewayClass', 'CustomResourceDefinition', 'APIService', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding', 'CertificateSigningRequest',
  'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'HostEndpoint', 'Tier', 'IPPool', 'BGPConfiguration', 'BGPPeer', 'FelixConfiguration', 'VolumeSnapshotClass',
]);

/** A path in a repository as Argo CD and Flux take it: `.` and `..` resolved, no leading `./` or `/` or trailing `/`; the root is ''. */
function cleanRepoPath(path: string): string {
  const clean = posix.normalize(path).replace(/^\/+|\/+$/g, '');
  return clean === '.' ? '' : clean;
}

/** Whether a key appears at any depth of a value (an ApplicationSet generator's own template, in a matrix or merge too). */
function holdsKey(value: unknown, key: string): boolean {
  if (Array.isArray(value)) return value.some((v) => holdsKey(v, key));
  if (!isRecord(value)) return false;
  return Object.hasOwn(value, key) || Object.values(value).some((v) => holdsKey(v, key));
}

/** A digest of an object's body as read: what tells an edit of its content (not of its place in a file). */
function objectDigest(obj: RawObject): string {
  return createHash('sha256').update(JSON.stringify(obj.body)).digest('hex').slice(0, 16);
}

/** Items that are no object deciding traffic: what a GitOps object says of others, a file left unevaluated, a namespace left to default. */
const NOT_DECIDING_ITEMS: ReadonlySet<Item['kind']> = new Set(['ignored', 'namespaceDefaulted', 'gitOpsNamespace', 'managedNamespace', 'jsonnet']);

/**
 * Where an item that decides traffic acts, for an object that may not be
 * in the cluster: the namespace of its pods (a workload's, a Service's, a
 * namespaced policy's, a Namespace's own), or null where it may act on
 * any (a cluster-scoped policy, a route whose backends may be another
 * namespace's, a plugin's or mesh's settings); undefined for what decides
 * nothing (NOT_DECIDING_ITEMS).
 */
function itemNamespace(item: Item): string | null | undefined {
  if (NOT_DECIDING_ITEMS.has(item.kind)) return undefined;
  switch (item.kind) {
    case 'workload':
      return item.part.namespace;
    case 'namespace':
      return item.namespace.name;
    case 'serviceAccount':
      return item.id.split('/', 1)[0]!;
    case 'service':
      return item.service.namespace;
    case 'endpointSlice':
    case 'meshScope':
      return item.namespace;
    case 'policy':
      return item.policy.policy.namespace ?? null;
    case 'notAnalysed':
      return item.what.effect?.namespace ?? null;
    default:
      return null;
  }
}

/** Where a file's objects act (`namespaces` undefined: anywhere) and a digest of what they are, not of where they stand. */
interface DecidingScope {
  readonly namespaces?: readonly string[];
  readonly digest: string;
}

/** The scope of a file that decides traffic (itemNamespace): a rule that generates policies may act anywhere. */
function decidingScope(c: FileContribution): DecidingScope {
  const scopes = c.items.map(itemNamespace).filter((n) => n !== undefined);
  const anywhere = c.generators > 0 || scopes.some((n) => n === null);
  const digest = createHash('sha256')
    .update(JSON.stringify(c.items, (k, v: unknown) => (k === 'source' || k === 'line' ? undefined : typeof v === 'bigint' ? v.toString() : v)))
    .digest('hex')
    .slice(0, 16);
  return { ...(anywhere ? {} : { namespaces: [...new Set(scopes as string[])].sort() }), digest };
}

/** Whether an item is a namespaced object's that decides traffic (a workload, a policy of a namespace, a Service, a route...). */
function namespacedItem(item: Item): boolean {
  switch (item.kind) {
    case 'workload':
    case 'serviceAccount':
    case 'service':
    case 'ingressRoute':
    case 'referenceGrant':
    case 'gateway':
    case 'endpointSlice':
    case 'nginxSnippets':
      return true;
    case 'policy':
      return item.policy.policy.namespace !== undefined;
    case 'notAnalysed':
      return item.what.effect?.namespace !== undefined;
    default:
      return false;
  }
}

/** Whether an object is one the analysis reads or reports: a workload, Namespace, ServiceAccount, Service, route, Gateway, settings object or a kind the policy registry knows; not another ConfigMap, nor a Secret. */
function decidesTraffic(obj: RawObject, group: string | undefined, apiVersion: string | undefined): boolean {
  if ((WORKLOAD_KINDS as readonly string[]).includes(obj.kind) || (ROUTE_KINDS as readonly string[]).includes(obj.kind)) return true;
  if (['Namespace', 'ServiceAccount', 'Service', 'Gateway', 'ReferenceGrant'].includes(obj.kind)) return true;
  if (group !== undefined && holdsSettings(obj, group, stringAt(obj.body, 'metadata', 'namespace') ?? '')) return true;
  return group !== undefined && apiVersion !== undefined && recognise(obj, apiVersion).kind !== 'other';
}

/** A ConfigMap of ingress-nginx's TCP or UDP services: every entry a port and `namespace/service:port` (with `:PROXY` options). */
function isNginxStreamServices(obj: RawObject): boolean {
  if (obj.kind !== 'ConfigMap') return false;
  const data = field(obj.body, 'data');
  if (!isRecord(data)) return false;
  const entries = Object.entries(data);
  return entries.length > 0 && entries.every(([port, target]) => /^\d{1,5}$/.test(port) && typeof target === 'string' && /^[a-z0-9.-]+\/[a-z0-9.-]+:[A-Za-z0-9-]+(:(PROXY)?)*$/.test(target.trim()));
}

/**
 * Why an object a Helm or Argo CD hook makes may not be in the cluster, or
 * undefined. Helm reads its hook and delete policy annotations trimmed and
 * lower-cased, and skips hook types it does not know (helm
 * pkg/releaseutil/manifest_sorter.go; a hook left with none, as Helm 2's
 * crd-install, is never made); Argo CD reads its own as written, and
 * Helm's hook types only where it gives none of its own (gitops-engine
 * pkg/sync/hook). Such an object may be missing where it is a Helm test
 * hook (test, or test-success, its older name), made only by `helm test`
 * (helm.sh/docs/topics/chart_tests/); where Argo CD does not apply it
 * (Skip) or applies it only when a sync fails (SyncFail) or the
 * application is deleted (PreDelete, PostDelete), or where it holds no
 * hook type a sync runs (Helm's pre-delete, post-delete, pre-rollback and
 * post-rollback are not run: argo-cd.readthedocs.io, user-guide/helm/,
 * Helm Hooks); where Helm makes it only when the release is rolled back
 * or uninstalled; and where a delete policy of either (hook-succeeded or
 * hook-failed; HookSucceeded, HookFailed), each read by both, deletes it
 * once it has run (helm.sh/docs/topics/charts_hooks/, Hook deletion
 * policies; argo-cd.readthedocs.io, user-guide/resource_hooks/).
 */
function transientHook(body: unknown): string | undefined {
  const list = (key: string) => {
    const value = field(body, 'metadata', 'annotations', key);
    return typeof value === 'string' ? value.split(',').map((v) => v.trim()).filter((v) => v !== '') : [];
  };
  const helmWritten = list('helm.sh/hook');
  const helm = helmWritten.map((h) => h.toLowerCase());
  const argo = list('argocd.argoproj.io/hook');
  if (helmWritten.length === 0 && argo.length === 0) return undefined;
  const helmNamed = `helm.sh/hook: ${helmWritten.join(',')}`;
  const argoNamed = `argocd.argoproj.io/hook: ${argo.join(',')}`;
  const deletes = [...list('helm.sh/hook-delete-policy'), ...list('argocd.argoproj.io/hook-delete-policy')].filter((p) => ['hook-succeeded', 'hook-failed', 'hooksucceeded', 'hookfailed'].includes(p.toLowerCase()));
  const deleted = deletes.length > 0 ? ` and deleted again (${deletes.join(',')})` : '';
  const known = helm.filter((h) => HELM_HOOKS.has(h));
  if (known.includes('test') || known.includes('test-success')) return `it is a Helm test hook (${helmNamed}), made only when helm test runs${deleted}`;
  if (argo.includes('Skip')) return `it is an Argo CD hook (${argoNamed}) that Argo CD does not apply`;
  if (helm.length > 0 && known.length === 0) return `it is a Helm hook (${helmNamed}) of no type Helm 3 knows, which helm install and upgrade never make`;
  if (known.length > 0 && known.every((h) => HELM_LATER_HOOKS.has(h))) return `it is a Helm hook (${helmNamed}) that Helm makes only when the release is rolled back or uninstalled${deleted}`;
  // the hook types an Argo CD sync reads: its own, else Helm's it maps to them
  const argoTypes = argo.filter((t) => ARGO_HOOKS.has(t));
  const synced = argoTypes.length > 0 ? argoTypes.some((t) => ARGO_SYNC_HOOKS.has(t)) : helmWritten.some((h) => HELM_SYNC_HOOKS.has(h));
  if (!synced) return `it is ${argo.length > 0 ? `an Argo CD hook (${argoNamed})` : `a Helm hook (${helmNamed})`} that an Argo CD sync does not apply${argoTypes.length > 0 ? ' (SyncFail: only when a sync fails; PreDelete, PostDelete: only when the application is deleted)' : ''}${deleted}`;
  if (deletes.length > 0) return `it is ${argo.length > 0 ? `an Argo CD hook (${argoNamed})` : `a Helm hook (${helmNamed})`} whose delete policy (${deletes.join(',')}) deletes it once it has run`;
  return undefined;
}

/** The hook types Helm 3 knows (helm pkg/release/hook.go; test-success kept for Helm 2's tests). */
const HELM_HOOKS: ReadonlySet<string> = new Set(['pre-install', 'post-install', 'pre-delete', 'post-delete', 'pre-upgrade', 'post-upgrade', 'pre-rollback', 'post-rollback', 'test', 'test-success']);
/** Helm's hook types run only when a release is rolled back or uninstalled. */
const HELM_LATER_HOOKS: ReadonlySet<string> = new Set(['pre-delete', 'post-delete', 'pre-rollback', 'post-rollback']);
/** Helm's hook types Argo CD runs in a sync, as written (gitops-engine pkg/sync/hook/helm/type.go). */
const HELM_SYNC_HOOKS: ReadonlySet<string> = new Set(['pre-install', 'pre-upgrade', 'post-install', 'post-upgrade']);
/** Argo CD's hook types (argo-cd.readthedocs.io, user-guide/resource_hooks/), and those a sync that succeeds runs. */
const ARGO_HOOKS: ReadonlySet<string> = new Set(['PreSync', 'Sync', 'PostSync', 'SyncFail', 'PreDelete', 'PostDelete', 'Skip']);
const ARGO_SYNC_HOOKS: ReadonlySet<string> = new Set(['PreSync', 'Sync', 'PostSync']);

/**
 * The pods, within its namespace, whose paths a Kubernetes NetworkPolicy
 * decides, and the end it stands at: those its spec.podSelector selects,
 * as the destination (Ingress) or the source (Egress) of the paths, as its
 * policyTypes say, defaulted as the API server defaults them (Ingress
 * always, Egress where egress rules are given;
 * kubernetes.io/docs/concepts/services-networking/network-policies/).
 * Whether it exists changes no other pod's paths. Nothing where the spec
 * cannot be read so (the policy is then refused, or its namespace's pods
 * all stand under it).
 */
function networkPolicyReach(body: unknown): Pick<NotAnalysedEffect, 'at' | 'subject'> {
  const pods = parseSelector(field(body, 'spec', 'podSelector'));
  if ('error' in pods) return {};
  const egressRules = field(body, 'spec', 'egress');
  let types: { ingress: boolean; egress: boolean };
  try {
    types = policyTypesOf(field(body, 'spec', 'policyTypes'), Array.isArray(egressRules) && egressRules.length > 0);
  } catch {
    return {};
  }
  const { ingress, egress } = types;
  // within the effect's namespace: its namespaces' selector takes every one
  return { subject: { namespaces: MATCH_ALL, pods }, ...(ingress && !egress ? { at: 'destination' as const } : egress && !ingress ? { at: 'source' as const } : {}) };
}

/** Istio's label that puts a pod (or a namespace's pods) in ambient mode. */
const ISTIO_DATAPLANE_MODE = 'istio.io/dataplane-mode';

/** An annotation of a workload's pods: a Pod's own, or its controller's pod template's. */
function podAnnotation(obj: RawObject, key: string): unknown {
  if (obj.kind === 'Pod') return field(obj.body, 'metadata', 'annotations', key);
  for (const path of POD_TEMPLATE_PATHS) {
    const template = field(obj.body, ...path.slice(0, -2));
    if (isRecord(template)) return field(template, 'metadata', 'annotations', key);
  }
  return undefined;
}

/** The values of a mapping that are strings (labels as a pod gets them). */
function stringValues(labels: unknown): Record<string, string> {
  return isRecord(labels) ? Object.fromEntries(Object.entries(labels).filter((e): e is [string, string] => typeof e[1] === 'string')) : {};
}

/**
 * Objects whose controller runs them in pods without a pod template of
 * containers: KubeVirt's virtual machines (kubevirt.io: a virt-launcher pod
 * carries the VirtualMachineInstance's labels), the Spark operator's
 * applications (sparkPods)
 * and Argo Workflows (argoWorkflowPods). The labels of each kind of pod
 * they make (UNKNOWN_PODS where they are not known, NO_TEMPLATES where it
 * makes none), or undefined for other objects.
 */
function podLabelsMadeBy(obj: RawObject, group: string | undefined): readonly Labels[] | undefined {
  if (group === 'kubevirt.io') {
    if (obj.kind === 'VirtualMachine' || obj.kind === 'VirtualMachineInstanceReplicaSet') return [stringValues(field(obj.body, 'spec', 'template', 'metadata', 'labels'))];
    if (obj.kind === 'VirtualMachineInstance') return [stringValues(field(obj.body, 'metadata', 'labels'))];
    if (obj.kind === 'VirtualMachinePool') return [stringValues(field(obj.body, 'spec', 'virtualMachineTemplate', 'spec', 'template', 'metadata', 'labels'))];
  }
  // CloudNativePG's pods carry its inheritedMetadata labels (cloudnative-pg.io, API reference, Cluster.spec.inheritedMetadata)
  if (group === 'postgresql.cnpg.io' && obj.kind === 'Cluster') {
    const name = field(obj.body, 'metadata', 'name');
    return [{ ...stringValues(field(obj.body, 'spec', 'inheritedMetadata', 'labels')), ...(typeof name === 'string' ? { 'cnpg.io/cluster': name } : {}) }];
  }
  if (group === 'sparkoperator.k8s.io' && (obj.kind === 'SparkApplication' || obj.kind === 'ScheduledSparkApplication')) return sparkPods(obj);
  if (group === 'argoproj.io' && ['Workflow', 'CronWorkflow', 'WorkflowTemplate'].includes(obj.kind)) {
    return argoWorkflowPods(obj.kind === 'CronWorkflow' ? field(obj.body, 'spec', 'workflowSpec') : field(obj.body, 'spec'));
  }
  return undefined;
}

/**
 * The labels of a Spark application's driver pod and of its executor
 * pods, each its own: those of the role's pod template, the operator's
 * (launched-by-spark-operator, the application's name), the
 * application's metadata.labels, the role's labels, and Spark's
 * spark-role (kubeflow/spark-operator internal/controller/sparkapplication
 * submission.go driverConfOption and executorConfOption;
 * kubeflow.org/docs/components/spark-operator/user-guide/writing-sparkapplication/).
 * A ScheduledSparkApplication makes an application of its template, named
 * after it with a timestamp, labelled with its labels and its name
 * (scheduled-app-name); the app-name label's value is not known then.
 */
function sparkPods(obj: RawObject): readonly Labels[] {
  const scheduled = obj.kind === 'ScheduledSparkApplication';
  const spec = scheduled ? field(obj.body, 'spec', 'template') : field(obj.body, 'spec');
  const name = field(obj.body, 'metadata', 'name');
  const named = typeof name === 'string' && name !== '' ? { [scheduled ? 'sparkoperator.k8s.io/scheduled-app-name' : 'sparkoperator.k8s.io/app-name']: name } : {};
  const app = { 'sparkoperator.k8s.io/launched-by-spark-operator': 'true', ...named, ...stringValues(field(obj.body, 'metadata', 'labels')) };
  return (['driver', 'executor'] as const).map((role) => ({
    ...stringValues(field(spec, role, 'template', 'metadata', 'labels')),
    ...app,
    ...stringValues(field(spec, role, 'labels')),
    'spark-role': role,
  }));
}

/** The kinds of Argo Workflows template that each run in a pod of their own (argo-workflows.readthedocs.io, fields.md#template); steps, dag and suspend run none. */
const ARGO_POD_TEMPLATES: readonly string[] = ['container', 'script', 'resource', 'containerSet', 'data'];

/**
 * The labels of the pods an Argo workflow's spec runs, one set per
 * template that runs a pod: the workflow's spec.podMetadata labels, under
 * those of spec.templateDefaults.metadata, under the template's own
 * metadata.labels (argo-workflows workflow/controller/workflowpod.go
 * addMetadata; templateDefaults are merged into each template, the
 * template's own fields winning). Templates a step or task holds inline
 * run pods too. Where a pod's labels are held elsewhere, UNKNOWN_PODS: a
 * workflowTemplateRef or a templateRef (the referenced template's labels,
 * in this workflow's namespace, perhaps a ClusterWorkflowTemplate's), an
 * http or plugin template (run in the agent pod the controller makes
 * with labels of its own: http-template.md, plugins.md).
 */
function argoWorkflowPods(spec: unknown): readonly Labels[] {
  if (field(spec, 'workflowTemplateRef') !== undefined) return UNKNOWN_PODS;
  const base = { ...stringValues(field(spec, 'podMetadata', 'labels')), ...stringValues(field(spec, 'templateDefaults', 'metadata', 'labels')) };
  const found = new Map<string, Labels>();
  let unknown = false;
  const hooks = (h: unknown) => isRecord(h) && Object.values(h).some((x) => field(x, 'templateRef') !== undefined);
  const template = (t: unknown, depth: number): void => {
    if (depth > 16 || field(t, 'http') !== undefined || field(t, 'plugin') !== undefined) {
      unknown = true;
      return;
    }
    if (ARGO_POD_TEMPLATES.some((k) => isRecord(field(t, k)))) {
      const labels = { ...base, ...stringValues(field(t, 'metadata', 'labels')) };
      found.set(JSON.stringify(Object.entries(labels).sort()), labels);
    }
    const steps = field(t, 'steps');
    const tasks = field(t, 'dag', 'tasks');
    const calls = [...(Array.isArray(steps) ? steps.flatMap((g) => (Array.isArray(g) ? (g as unknown[]) : [])) : []), ...(Array.isArray(tasks) ? (tasks as unknown[]) : [])];
    for (const call of calls) {
      if (field(call, 'templateRef') !== undefined || hooks(field(call, 'hooks'))) unknown = true;
      // a step or task may hold its template inline (WorkflowStep.inline, DAGTask.inline)
      if (isRecord(field(call, 'inline'))) template(field(call, 'inline'), depth + 1);
    }
  };
  const templates = field(spec, 'templates');
  for (const t of Array.isArray(templates) ? templates : []) template(t, 0);
  if (unknown || hooks(field(spec, 'hooks'))) return UNKNOWN_PODS;
  // a label value with an expression ({{workflow.parameters.role}}) is what Argo substitutes when the workflow runs
  if ([...found.values()].some((labels) => Object.values(labels).some((v) => v.includes('{{')))) return UNKNOWN_PODS;
  return found.size === 0 ? NO_TEMPLATES : [...found.values()];
}

const NO_TEMPLATES: readonly Labels[] = [];

/**
 * Groups whose objects hold pod specs that no controller runs as pods: the
 * core group's (its kinds that make pods are read as workloads), a
 * CustomResourceDefinition's schema, admission policies' patterns and
 * patches (Kyverno's, Gatekeeper's), an AdmissionReview (a request body),
 * an OpenShift Template (processed by a client), and GitOps objects'
 * chart values (their charts are not read: the objects are not analysed,
 * remoteContent).
 */
const TEMPLATES_NOT_RUN: ReadonlySet<string> = new Set([
  '',
  'apiextensions.k8s.io',
  'kyverno.io',
  'policies.kyverno.io',
  'wgpolicyk8s.io',
  'templates.gatekeeper.sh',
  'constraints.gatekeeper.sh',
  'mutations.gatekeeper.sh',
  'expansion.gatekeeper.sh',
  'config.gatekeeper.sh',
  'admission.k8s.io',
  'template.openshift.io',
  'helm.toolkit.fluxcd.io',
]);
/** Pods whose labels the object does not hold whole. */
const UNKNOWN_PODS: readonly Labels[] = [];

/** The labels of the pods an object's controller makes: those it names without a template (podLabelsMadeBy), else its templates'. */
function podsMadeBy(obj: RawObject, group: string): readonly Labels[] {
  return podLabelsMadeBy(obj, group) ?? podTemplatesOf(obj, group);
}

/**
 * Why a GitOps object installs objects the manifests do not hold, or
 * undefined: a Flux HelmRelease (a chart, rendered by helm-controller from
 * its source; fluxcd.io/flux/components/helm/helmreleases/), a Flux
 * Kustomization of an artifact other than a GitRepository's (an
 * OCIRepository, a Bucket, an ExternalArtifact;
 * fluxcd.io/flux/components/kustomize/kustomizations/, Source reference),
 * an Argo CD Application or ApplicationSet with a source that is a Helm
 * repository's chart or a config management plugin's
 * (argo-cd.readthedocs.io, user-guide/application-specification/). Its
 * destination (`namespace`: Flux's targetNamespace, else its own; Argo
 * CD's destination.namespace) is named, but a chart may hold objects of
 * other namespaces and cluster-scoped ones, so what it installs may act
 * anywhere. A source path of the repository is matched against the files
 * read instead (ClusterBuilder.moved).
 */
function remoteContent(obj: RawObject, group: string, namespace: string): string | undefined {
  const spec = field(obj.body, 'spec');
  const into = (ns: unknown) => (typeof ns === 'string' && ns !== '' ? `namespace ${ns}` : 'namespaces it does not name');
  const ref = (r: unknown) => `${String(field(r, 'kind') ?? 'source')} ${String(field(r, 'name') ?? '')}`.trim();
  if (group === 'helm.toolkit.fluxcd.io' && obj.kind === 'HelmRelease') {
    const target = field(spec, 'targetNamespace');
    const chart = field(spec, 'chart', 'spec', 'chart');
    const what = field(spec, 'chartRef') !== undefined ? `the chart of ${ref(field(spec, 'chartRef'))}` : `the Helm chart ${typeof chart === 'string' ? chart : ''} of ${ref(field(spec, 'chart', 'spec', 'sourceRef'))}`;
    return `Flux installs ${what} into ${into(typeof target === 'string' && target !== '' ? target : namespace)}, and the objects it renders are not in the manifests read`;
  }
  if (group === 'kustomize.toolkit.fluxcd.io' && obj.kind === 'Kustomization') {
    const kind = field(spec, 'sourceRef', 'kind');
    if (typeof kind !== 'string' || kind === 'GitRepository') return undefined;
    return `Flux applies the artifact of ${ref(field(spec, 'sourceRef'))}, whose objects are not in the manifests read`;
  }
  if (group === 'argoproj.io' && (obj.kind === 'Application' || obj.kind === 'ApplicationSet')) {
    const app = obj.kind === 'ApplicationSet' ? field(spec, 'template', 'spec') : spec;
    const list = field(app, 'sources');
    const sources = [field(app, 'source'), ...(Array.isArray(list) ? (list as unknown[]) : [])].filter(isRecord);
    const remote = sources.flatMap((src) => {
      const chart = field(src, 'chart');
      if (typeof chart === 'string' && chart !== '') return [`the Helm chart ${chart} of ${String(field(src, 'repoURL') ?? '')}`];
      if (field(src, 'plugin') !== undefined) return [`what the config management plugin renders from ${String(field(src, 'repoURL') ?? '')} ${String(field(src, 'path') ?? '')}`.trim()];
      return [];
    });
    if (remote.length === 0) return undefined;
    return `Argo CD installs ${remote.join(' and ')} into ${into(field(app, 'destination', 'namespace'))}, and the objects it renders are not in the manifests read`;
  }
  return undefined;
}

/**
 * The workloads an object whose pods are not known names, whose pods it
 * may change or stand in for (NotAnalysedEffect.refers): a Flagger
 * Canary's spec.targetRef, which it copies and scales to zero; an Argo
 * Rollout's spec.workloadRef, whose template it runs and which it may
 * scale down; a KEDA ScaledObject's spec.scaleTargetRef.
 */
function referencedWorkloads(body: unknown): { refers?: readonly string[] } {
  const refs = ['targetRef', 'workloadRef', 'scaleTargetRef'].flatMap((key) => {
    const name = field(body, 'spec', key, 'name');
    return typeof name === 'string' && name !== '' ? [name] : [];
  });
  return refs.length > 0 ? { refers: refs } : {};
}

/**
 * Why an object's controller creates the objects it holds, of any kind and
 * namespace, or undefined: a Crossplane provider-kubernetes Object
 * (spec.forProvider.manifest), an Argo Workflow or its templates with a
 * resource template (create, apply, replace or patch its manifest).
 */
function objectsMadeBy(obj: RawObject, group: string): string | undefined {
  if (group === 'kubernetes.crossplane.io' && obj.kind === 'Object') return 'Crossplane creates the object of its spec.forProvider.manifest, which is not read';
  if (group === 'argoproj.io' && ['Workflow', 'CronWorkflow', 'WorkflowTemplate', 'ClusterWorkflowTemplate'].includes(obj.kind)) {
    const spec = obj.kind === 'CronWorkflow' ? field(obj.body, 'spec', 'workflowSpec') : field(obj.body, 'spec');
    const templates = field(spec, 'templates');
    const makes = Array.isArray(templates) && templates.some((t) => ['create', 'apply', 'replace', 'patch'].includes(field(t, 'resource', 'action') as string));
    if (makes) return 'a resource template of it makes the objects of its manifest, which are not read';
  }
  return undefined;
}

/**
 * The labels of the pods an object of a kind reachdiff does not know may
 * make, one set per pod template it holds wherever it keeps them: a
 * mapping whose spec.containers is a list (a PodTemplateSpec, or a Pod:
 * spec.template of a Deployment-like resource, a RayCluster's
 * headGroupSpec.template, a JobSet's replicatedJobs[].template.spec.template,
 * a KEDA ScaledJob's jobTargetRef.template, a FlinkDeployment's
 * podTemplate), a `template` of one `container` beside its metadata (as
 * Argo Events writes its EventSource's and Sensor's pods; the controller
 * makes a pod of it), the object's own labels where its own spec is a
 * pod's (a Knative Revision). An Argo Rollout's pods also get the labels of its
 * strategy's ephemeral metadata (argo-rollouts.readthedocs.io, Ephemeral
 * Metadata): a set for each. Not objects of TEMPLATES_NOT_RUN, nor Argo
 * CD Applications (chart values), nor an apps/v1 ControllerRevision: the
 * history of a DaemonSet's or StatefulSet's template that its controller
 * keeps for rollbacks, which makes no pods of its own (a dump lists one
 * beside its owner).
 */
function podTemplatesOf(obj: RawObject, group: string): readonly Labels[] {
  if (TEMPLATES_NOT_RUN.has(group) || (group === 'argoproj.io' && (obj.kind === 'Application' || obj.kind === 'ApplicationSet'))) return NO_TEMPLATES;
  if (group === 'apps' && obj.kind === 'ControllerRevision') return NO_TEMPLATES;
  // an Argo Rollout whose template is a Deployment's it references (workloadRef) makes pods of labels held elsewhere
  if (group === 'argoproj.io' && obj.kind === 'Rollout' && isRecord(field(obj.body, 'spec', 'workloadRef'))) return UNKNOWN_PODS;
  const found: Labels[] = [];
  let budget = 100_000;
  const visit = (v: unknown, depth: number): void => {
    if (depth > 24 || --budget < 0) return;
    if (Array.isArray(v)) {
      for (const x of v) visit(x, depth + 1);
      return;
    }
    if (!isRecord(v)) return;
    if (Array.isArray(field(v, 'spec', 'containers'))) {
      found.push(stringValues(field(v, 'metadata', 'labels')));
      return;
    }
    // a template of one container, not a list, beside its metadata (Argo Events' EventSource and Sensor: spec.template.container)
    if (isRecord(field(v, 'template', 'container'))) {
      found.push(stringValues(field(v, 'template', 'metadata', 'labels')));
      return;
    }
    for (const [k, x] of Object.entries(v)) if (depth > 0 || (k !== 'metadata' && k !== 'status')) visit(x, depth + 1);
  };
  visit(obj.body, 0);
  // a template the search did not reach may be there
  if (budget < 0) return UNKNOWN_PODS;
  if (found.length === 0) return NO_TEMPLATES;
  if (group === 'argoproj.io' && obj.kind === 'Rollout' && found.length > 0) {
    const strategy = field(obj.body, 'spec', 'strategy');
    const ephemeral = [
      ['canary', 'stableMetadata'],
      ['canary', 'canaryMetadata'],
      ['blueGreen', 'activeMetadata'],
      ['blueGreen', 'previewMetadata'],
    ].map(([s, m]) => field(strategy, s!, m!, 'labels'));
    const template = found[0]!;
    for (const labels of ephemeral) if (isRecord(labels)) found.push({ ...template, ...stringValues(labels) });
  }
  return found;
}

/**
 * API versions of workload kinds Kubernetes no longer serves, with when
 * they went (Kubernetes' deprecated API migration guide).
 */
const REMOVED_WORKLOAD_VERSIONS: Readonly<Record<string, string>> = {
  'extensions/v1beta1': 'removed in 1.16',
  'apps/v1beta1': 'removed in 1.16',
  'apps/v1beta2': 'removed in 1.16',
  'batch/v1beta1': 'removed in 1.25',
  'batch/v2alpha1': 'an alpha version, removed',
};

/** The API groups workload kinds are served from (extensions: the old group of Deployments, whose versions are all removed). */
const WORKLOAD_GROUPS: Readonly<Record<string, readonly string[]>> = {
  Pod: [''],
  ReplicationController: [''],
  Deployment: ['apps', 'extensions'],
  DaemonSet: ['apps', 'extensions'],
  ReplicaSet: ['apps', 'extensions'],
  StatefulSet: ['apps'],
  Job: ['batch'],
  CronJob: ['batch'],
};

function stringField(obj: Record<string, unknown>, key: string): string | undefined {
  const v = obj[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** Reads one file into what it contributes; never throws for bad input. */
export function readFile(f: SnapshotFile, options: LoadOptions = {}): FileContribution {
  const limits = options.limits ?? DEFAULT_LIMITS;
  if ('notes' in f) return { path: f.path, items: [], diagnostics: f.notes, generators: 0, notes: true };
  const walked = f.walked === true ? { walked: true as const } : {};
  if (isJsonnetPath(f.path)) return { path: f.path, items: [{ kind: 'jsonnet', source: { file: f.path, line: 1 } }], diagnostics: [], generators: 0, notes: true, ...walked };
  if ('error' in f) return { path: f.path, items: [], diagnostics: [diagnostic('error', Codes.unreadable, { file: f.path, line: 1 }, f.error)], generators: 0, ...walked };
  if (LFS_POINTERS.some((p) => f.text.startsWith(p))) {
    return { path: f.path, items: [], diagnostics: [diagnostic('error', Codes.unreadable, { file: f.path, line: 1 }, 'a Git LFS pointer: the file itself is not in the repository, so it is not read')], generators: 0, ...walked };
  }
  const parsed = parseDocuments(f.text, f.path, limits);
  const template = templateLine(f.text, parsed);
  if (template !== undefined) {
    const message = `a Go template ({{ }}), not YAML: it is not read; render it first (helm template, or the tool that fills it in) and analyse the output (--render, or a render target)`;
    return { path: f.path, items: [], diagnostics: [diagnostic(f.walked ? 'warning' : 'error', InputCodes.template, { file: f.path, line: template }, message)], generators: 0, ...walked };
  }
  const reader = new FileReader(options.defaultNamespace ?? 'default', f.walked ? 'info' : 'error', options.keepObjects, options.outside?.operators ?? true, options.defaultNamespaceGiven === true);
  reader.substitutions = f.text.includes('${');
  for (const d of parsed.diagnostics) reader.diagnostics.push(d);
  for (const doc of parsed.documents) reader.addDocument(doc, f.path);
  if (f.text.includes(ARGO_SKIP_MARKER)) reader.skippedByArgo(f.path, f.text);
  return { ...contributionOf(f.path, reader), ...walked, ...(f.built ? { built: f.built } : {}) };
}

/**
 * Argo CD leaves out of a directory's manifests every file whose text holds
 * this string, wherever it stands (argo-cd.readthedocs.io, user-guide/
 * directory, Skipping File Rendering; a plain search of the whole file);
 * kubectl applies such a file as any other.
 */
const ARGO_SKIP_MARKER = '+argocd:skip-file-rendering';
/** The label whose time (a duration or a date) tells Kyverno's cleanup controller when to delete the object. */
const KYVERNO_TTL = 'cleanup.kyverno.io/ttl';

/**
 * Why Flux does not apply what the manifests write of an object: the
 * annotation or label `kustomize.toolkit.fluxcd.io/reconcile: disabled`
 * ("the controller will no longer apply changes from source, nor prune"
 * it) or the annotation `kustomize.toolkit.fluxcd.io/ssa: IfNotPresent`
 * (created where absent, never updated), fluxcd.io/flux/components/kustomize/kustomizations/,
 * "Controlling the apply behavior of resources"; undefined otherwise.
 */
function fluxFrozen(body: Record<string, unknown>): string | undefined {
  if (marked(body, 'kustomize.toolkit.fluxcd.io/reconcile', 'disabled', true)) {
    return 'it is marked kustomize.toolkit.fluxcd.io/reconcile: disabled, so Flux applies no change of it from the repository: the cluster keeps the version it has, or none';
  }
  if (marked(body, 'kustomize.toolkit.fluxcd.io/ssa', 'IfNotPresent', false)) {
    return 'it is annotated kustomize.toolkit.fluxcd.io/ssa: IfNotPresent, so Flux creates it where it is absent and never updates it: the cluster keeps the version it created first';
  }
  return undefined;
}

/** Template actions that only Helm fills in: its built-in objects and functions. */
const HELM_ACTION = /\{\{-?\s*(?:\.(?:Values|Release|Chart|Capabilities|Files|Template)\b|(?:include|template|tpl|toYaml|required)\s)/;

/** Annotations reachdiff reads: Linkerd's default inbound policy, Multus's networks, the OpenTelemetry Operator's sidecar injection, ingress-nginx's default backend, mirror, external authentication and snippets. */
const READ_ANNOTATIONS = /default-inbound-policy|k8s\.v1\.cni\.cncf\.io\/networks|sidecar\.opentelemetry\.io\/inject|nginx\.ingress\.kubernetes\.io\/(default-backend|mirror-target|auth-url|(server|configuration|stream|auth)-snippet)/;

/**
 * ingress-nginx's snippet annotations, whose text it inserts into its nginx
 * configuration (kubernetes.github.io/ingress-nginx/user-guide/
 * nginx-configuration/annotations/: server-snippet in the server block,
 * configuration-snippet in each location, stream-snippet in the stream
 * block, auth-snippet in the external authentication's location), where a
 * proxy_pass (or any directive that sends) may reach any Service, and a
 * stream server listen on a port of its own. (modsecurity-snippet holds
 * ModSecurity's rules, which send nothing.)
 */
const NGINX_SNIPPETS = ['server-snippet', 'configuration-snippet', 'stream-snippet', 'auth-snippet'].map((a) => `nginx.ingress.kubernetes.io/${a}`);

/** Those of `keys` whose value in a mapping is a string with more than blanks. */
function setKeys(mapping: unknown, keys: readonly string[]): string[] {
  return keys.filter((k) => {
    const v = field(mapping, k);
    return typeof v === 'string' && v.trim() !== '';
  });
}

/** Those of ingress-nginx's annotations `keys` set on an Ingress it may serve (maybeNginxIngress). */
function nginxAnnotations(obj: RawObject, keys: readonly string[]): string[] {
  return maybeNginxIngress(obj) ? setKeys(field(obj.body, 'metadata', 'annotations'), keys) : [];
}

/**
 * Whether ingress-nginx accepts snippet annotations, as its ConfigMap says
 * (kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/
 * configmap/): not where allow-snippet-annotations is false (its default
 * since 1.9); where it is true, only where annotations-risk-level is
 * Critical (snippets are of that risk: annotations-risk/), from 1.12 on,
 * which read that key (default High; any value it does not know is Low),
 * and whatever it says before (`byVersion`, where it is not Critical nor
 * set: which version runs is not known); a value it cannot read as a
 * boolean (a template's) may be either (`accepted`). Where the key is not
 * set, they are accepted before 1.9 (`unset`: which version runs is not
 * known either).
 */
export type NginxSnippets = 'refused' | 'accepted' | 'byVersion' | 'unset';

/**
 * The snippets of its own ingress-nginx's ConfigMap may set (configmap/:
 * main-snippet, http-snippet, server-snippet, location-snippet,
 * stream-snippet), inserted into every server or location it serves
 * whatever allow-snippet-annotations says, where a proxy_pass may reach
 * any Service.
 */
const NGINX_CONFIG_SNIPPETS = ['main-snippet', 'http-snippet', 'server-snippet', 'location-snippet', 'stream-snippet'];

/** The names the controller's ConfigMap takes: the chart's (`RELEASE-ingress-nginx-controller`, `ingress-nginx-controller`), and the static manifests' of old. */
const NGINX_CONFIG_NAME = /(^|-)ingress-nginx-controller$|^nginx-configuration$/;

/** The chart's other ConfigMaps, of the controller's labels: TCP and UDP services, headers. */
const NGINX_OTHER_CONFIGS = /-(tcp|udp|custom-add-headers|custom-proxy-headers)$/;

/**
 * What an ingress-nginx controller's ConfigMap says of snippet annotations
 * (NginxSnippets), and the snippets and subrequest URLs of its own it sets,
 * or undefined for another object: one of the names the controller's
 * ConfigMap takes (a Kustomize hash suffix aside), of the chart's labels
 * (app.kubernetes.io/name: ingress-nginx, component controller) but for its
 * other ConfigMaps, or with either key of snippet annotations or a
 * global-auth-url.
 */
function nginxConfig(obj: RawObject): { snippets: NginxSnippets; own: string[]; sends: string[] } | undefined {
  if (obj.kind !== 'ConfigMap') return undefined;
  const name = stringAt(obj.body, 'metadata', 'name') ?? '';
  const data = field(obj.body, 'data');
  const allow = field(data, 'allow-snippet-annotations');
  const risk = field(data, 'annotations-risk-level');
  const labelled = field(obj.body, 'metadata', 'labels', 'app.kubernetes.io/name') === 'ingress-nginx' && field(obj.body, 'metadata', 'labels', 'app.kubernetes.io/component') === 'controller' && !NGINX_OTHER_CONFIGS.test(name);
  const named = NGINX_CONFIG_NAME.test(name.replace(/-[a-z0-9]{10}$/, '')) || NGINX_CONFIG_NAME.test(name);
  const sends = setKeys(data, NGINX_CONFIG_SUBREQUESTS);
  if (!named && !labelled && allow === undefined && risk === undefined && sends.length === 0) return undefined;
  return { snippets: annotationSnippets(allow, risk), own: setKeys(data, NGINX_CONFIG_SNIPPETS), sends };
}

/**
 * Whether a ConfigMap holds what changes the traffic the policies decide:
 * a network plugin's or a mesh's settings (settings.ts), an ingress-nginx
 * controller's configuration.
 */
export function decidingConfigMap(obj: RawObject, namespace: string): boolean {
  return obj.kind === 'ConfigMap' && (holdsSettings(obj, '', namespace) || nginxConfig(obj) !== undefined);
}

/** Whether ingress-nginx accepts snippet annotations under these values of its ConfigMap (NginxSnippets). */
function annotationSnippets(allow: unknown, risk: unknown): NginxSnippets {
  if (allow === undefined || allow === null) return 'unset';
  // strconv.ParseBool, as the controller decodes the ConfigMap
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(String(allow))) return 'refused';
  if (!['1', 't', 'T', 'TRUE', 'true', 'True'].includes(String(allow))) return 'accepted';
  if (typeof risk === 'string' && risk.toLowerCase() === 'critical') return 'accepted';
  return risk === undefined || risk === null ? 'byVersion' : 'refused';
}

/** ingress-nginx's annotations whose URL it sends a request to for each request an Ingress takes: a mirror, an external authentication. */
const NGINX_SUBREQUESTS = ['nginx.ingress.kubernetes.io/mirror-target', 'nginx.ingress.kubernetes.io/auth-url'];

/**
 * The keys of ingress-nginx's ConfigMap whose URL it sends a request to for
 * each request of every location it serves, as auth-url does for one
 * Ingress (configmap/#global-auth-url; an Ingress leaves it with
 * enable-global-auth "false", a path with no-auth-locations).
 */
const NGINX_CONFIG_SUBREQUESTS = ['global-auth-url'];

/** A string at a path of a mapping, or undefined (where optionalString would throw on another type). */
function stringAt(value: unknown, ...path: string[]): string | undefined {
  const v = field(value, ...path);
  return typeof v === 'string' ? v : undefined;
}

/**
 * Whether Helm's actions in a document, if any, are all in the text an
 * object carries rather than in what it is: the values of a ConfigMap's or
 * Secret's data and of annotations, in an object or a list's items. (An
 * action in no value at all, in a key or a value a repeated key replaced,
 * is for the caller to count as a template.)
 */
function actionsOnlyInText(value: unknown): boolean {
  if (!isRecord(value)) return !(typeof value === 'string' && HELM_ACTION.test(value));
  const { items, ...list } = value;
  if (Array.isArray(items)) return items.every(actionsOnlyInText) && actionsOnlyInText(list);
  // a ConfigMap of settings reachdiff reads (cilium-config) carries what it reads, and so do the annotations it reads
  const settings = value['kind'] === 'ConfigMap' && holdsSettings({ kind: 'ConfigMap', body: value, file: '', line: 0, lineOf: () => 0 }, '', stringAt(value, 'metadata', 'namespace') ?? '');
  const carried = (value['kind'] === 'ConfigMap' && !settings) || value['kind'] === 'Secret' ? ['data', 'stringData', 'binaryData'] : [];
  const annotations = field(value, 'metadata', 'annotations');
  const rest: Record<string, unknown> = { ...value };
  for (const k of carried) delete rest[k];
  if (isRecord(annotations) && isRecord(rest['metadata'])) {
    rest['metadata'] = { ...rest['metadata'], annotations: Object.fromEntries(Object.entries(annotations).filter(([k]) => READ_ANNOTATIONS.test(k))) };
  }
  return !HELM_ACTION.test(JSON.stringify(rest));
}

/**
 * The text without its YAML comments: from a `#` at the start of a line or
 * after a space or tab, outside quotes, to the line's end. (Quotes spanning
 * lines are taken to end with theirs: at worst a comment is kept.)
 */
function withoutComments(text: string): string {
  if (!text.includes('#')) return text;
  return text
    .split('\n')
    .map((line) => {
      let quote: string | undefined;
      for (let i = 0; i < line.length; i++) {
        const c = line[i]!;
        if (quote) {
          if (c === quote) quote = undefined;
        } else if (c === '"' || c === "'") {
          quote = c;
        } else if (c === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) {
          return line.slice(0, i);
        }
      }
      return line;
    })
    .join('\n');
}

/**
 * Where a file turns out to be a Go template (Helm's, or another tool's)
 * rather than YAML: the line of its first `{{`, when the file does not
 * parse and holds one, or when it uses what only Helm fills in. Templates
 * that parse and use none (alert texts of a PrometheusRule) are YAML.
 */
function templateLine(text: string, parsed: ParseResult): number | undefined {
  const at = text.indexOf('{{');
  if (at < 0) return undefined;
  const broken = parsed.diagnostics.some((d) => d.code === Codes.syntax);
  // a file that parses is a template only where Helm's actions are in its YAML: in a comment, kubectl applies it as it
  // is, and so where they are the text an object carries (a ConfigMap's data, an annotation: the sidecar templates of
  // Istio's injector, in a rendered stream or a dump)
  if (!broken && (!HELM_ACTION.test(withoutComments(text)) || (parsed.documents.some((d) => HELM_ACTION.test(JSON.stringify(d.value) ?? '')) && parsed.documents.every((d) => actionsOnlyInText(d.value))))) {
    return undefined;
  }
  let line = 1;
  for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function contributionOf(path: string, reader: FileReader): FileContribution {
  return { path, items: reader.items, diagnostics: reader.diagnostics, generators: reader.generators, ...(reader.objects ? { objects: reader.objects } : {}) };
}

/**
 * Reads objects a rule generated as the loader reads a file's: each is
 * recognised by group and kind and read by its policy kind, and keeps the
 * rule that generated it in its source.
 */
export function readGenerated(objects: readonly ManifestObject[], options: LoadOptions = {}): FileContribution {
  const reader = new FileReader(options.defaultNamespace ?? 'default');
  for (const o of objects) reader.addObject(o, o.apiVersion, o.generatedBy);
  return { ...contributionOf(objects[0]?.file ?? '', reader), generated: true };
}

/** The kinds of the Kubernetes network policy APIs (networking.k8s.io and network-policy-api's), which a plugin's controller may leave unenforced. */
const KUBERNETES_POLICY_KINDS: ReadonlySet<string> = new Set(['NetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy']);

/** Combines the files of one state: merges pods of one owner, reports duplicates, adds referenced namespaces. */
class ClusterBuilder {
  constructor(private readonly repositoryPath?: RepositoryPath) {}

  readonly diagnostics: Diagnostic[] = [];
  private readonly namespaces = new Map<string, Namespace>();
  private readonly serviceAccounts = new Map<string, Labels>();
  private readonly workloads = new Map<string, { parts: WorkloadPart[]; pods: PodTemplate[]; source: SourceRef }>();
  /** By kind and id: the last of duplicates is used, at the place of the first. */
  private readonly policies = new Map<string, KindedPolicy>();
  private readonly notAnalysed: NotAnalysed[] = [];
  /** Namespaces and workloads with mesh settings of their own, by scope (see withMeshScopes). */
  private readonly meshScopes = new Map<MeshScope, { namespaces: Set<string>; workloads: Set<string> }>();
  /** The root namespaces of meshes: their configuration's, else the default (see MeshRoot). */
  private readonly meshRoots = new Map<MeshRoot, Set<string>>([
    ['istio', new Set([ISTIO_ROOT_NAMESPACE])],
    ['linkerd-egress', new Set([LINKERD_EGRESS_NAMESPACE])],
  ]);
  /** By kind and `ns/name`: the last of duplicates is used. */
  private readonly services = new Map<string, Service>();
  private readonly routes = new Map<string, IngressRoute>();
  private readonly grants: ReferenceGrant[] = [];
  /** By `ns/name`: the last of duplicates is used. */
  private readonly gateways = new Map<string, Gateway>();
  private readonly ingressClasses = new Map<string, IngressClass>();
  private readonly ignored = new Map<string, number>();
  private readonly ignoredCustom = new Map<string, number>();
  /** Objects holding settings, by kind, group and `ns/name`: the last declaration's are reported. */
  private readonly settings = new Map<string, Extract<Item, { kind: 'settings' }>>();
  private readonly referencedNamespaces = new Set<string>();
  private generators = 0;
  private readonly gitOpsNamespaces: Array<Extract<Item, { kind: 'gitOpsNamespace' }>> = [];
  /** The .jsonnet files of the state, which Argo CD directory sources render. */
  private readonly jsonnet: string[] = [];
  private readonly defaulted: Array<Extract<Item, { kind: 'namespaceDefaulted' }>> = [];
  /** The namespaces the manifests declare (a Namespace object), not the config. */
  private readonly declaredHere = new Set<string>();
  private readonly managed: Array<Extract<Item, { kind: 'managedNamespace' }>> = [];
  /** Kustomize roots built here, by the name of their output. */
  private readonly builtRoots = new Map<string, BuiltRoot>();
  /** The files of the state that hold objects deciding traffic (as skippedByArgo counts them), for what a GitOps source leaves out (moved). */
  private readonly deciding: string[] = [];
  /** The contributions of the files of `deciding`, for where a file no GitOps object applies acts (unapplied, decidingScope). */
  private readonly decidingFiles = new Map<string, FileContribution>();
  /** Files under a built Kustomize root that no kustomization names, which its build leaves out (RD052 on the file itself), for a GitOps source that applies them as plain files (moved). */
  private readonly unnamed: string[] = [];
  /** EndpointSlices of Services that the control plane does not manage. */
  private readonly slices: Array<Extract<Item, { kind: 'endpointSlice' }>> = [];
  /** Ingresses with ingress-nginx's snippet annotations, and the controller's ConfigMaps by `ns/name`. */
  private readonly snippets: Array<Extract<Item, { kind: 'nginxSnippets' }>> = [];
  private readonly nginxConfigs = new Map<string, Extract<Item, { kind: 'nginxConfig' }>>();
  /** ValidatingAdmissionPolicies by name, and the bindings with Deny. */
  private readonly admissionPolicies = new Map<string, Extract<Item, { kind: 'admissionPolicy' }>>();
  private readonly admissionBindings: Array<Extract<Item, { kind: 'admissionBinding' }>> = [];
  /** The first object that shows the cluster runs Cilium, if any. */
  private cilium: Extract<Item, { kind: 'cilium' }> | undefined;
  private readonly keptWhenRemoved = new Set<string>();
  private readonly keptIfRemovedWith = new Map<string, Set<string>>();
  private readonly gitOpsObjects = new Set<string>();
  /** Gateway API Gateways by what names them (the last of duplicates is used), the GatewayClasses' controllers by class name, and NGINX Gateway Fabric's controllers. */
  private readonly gatewayProxies = new Map<string, Extract<Item, { kind: 'gatewayProxy' }>>();
  private readonly gatewayClasses = new Map<string, string | undefined>();
  private readonly ngfControllers: Array<Extract<Item, { kind: 'ngfController' }>> = [];
  private readonly envoyGateways: Array<Extract<Item, { kind: 'envoyGateway' }>> = [];

  private warn(code: string, at: SourceRef, message: string): void {
    this.diagnostics.push(diagnostic('warning', code, at, message));
  }

  add(c: FileContribution): void {
    if (c.built) this.builtRoots.set(c.path, c.built);
    if (!c.outside && !c.generated && (c.generators > 0 || c.items.some((i) => !NOT_DECIDING_ITEMS.has(i.kind)))) {
      this.deciding.push(c.path);
      this.decidingFiles.set(c.path, c);
    }
    // a root's or a chart's own note is on its kustomization or Chart.yaml; one of a file its build leaves out, on that file
    if (c.notes && !/^(kustomization\.ya?ml|Kustomization|Chart\.yaml)$/.test(posix.basename(c.path)) && c.diagnostics.some((d) => d.code === InputCodes.kustomizeRoot && d.file === c.path)) this.unnamed.push(c.path);
    for (const d of c.diagnostics) this.diagnostics.push(d);
    this.generators += c.generators;
    for (const item of c.items) {
      switch (item.kind) {
        case 'workload':
          // what the manifests hold wins over what the config declares
          if (c.outside && this.workloads.has(item.part.id)) break;
          this.addWorkload(item.part, item.source);
          break;
        case 'namespace': {
          if (!c.outside) this.declaredHere.add(item.namespace.name);
          const previous = this.namespaces.get(item.namespace.name);
          if (c.outside && previous?.declared) {
            // the config says the namespace is in the cluster with these labels: kubectl apply of the
            // manifests' Namespace sets its own labels and leaves those it never set (a three-way
            // merge against its last-applied configuration), so the namespace carries both
            this.namespaces.set(previous.name, { ...previous, labels: { ...item.namespace.labels, ...previous.labels }, written: previous.labels });
            break;
          }
          if (previous?.declared && !this.conflict(`Namespace ${item.namespace.name}`, previous.source, item.source, previous.labels, item.namespace.labels)) {
            this.warn(Codes.duplicate, item.source, `Namespace ${item.namespace.name} is declared more than once (also at ${previous.source?.file}:${previous.source?.line}); the last one is used`);
          }
          this.namespaces.set(item.namespace.name, item.namespace);
          break;
        }
        case 'policy': {
          const { policy, kind } = item.policy;
          const id = policyId(policy);
          const key = `${policy.kind}\u0000${id}`;
          const previous = this.policies.get(key)?.policy;
          // a generated policy with a written one's name is the expansion's to report (RD141)
          if (previous && !previous.source.generatedBy && !policy.source.generatedBy && !this.conflict(`${policy.kind} ${id}`, previous.source, policy.source, previous, policy)) {
            this.warn(Codes.duplicate, policy.source, `${policy.kind} ${id} is declared more than once (also at ${previous.source.file}:${previous.source.line}); the last one is used`);
          }
          if (policy.namespace !== undefined) this.referencedNamespaces.add(policy.namespace);
          this.policies.set(key, { kind, policy });
          break;
        }
        case 'serviceAccount':
          this.serviceAccounts.set(item.id, item.labels);
          break;
        case 'meshRoot':
          this.meshRoots.get(item.mesh)!.add(item.namespace);
          break;
        case 'meshScope': {
          const own = this.meshScopes.get(item.scope) ?? { namespaces: new Set<string>(), workloads: new Set<string>() };
          this.meshScopes.set(item.scope, own);
          const set = item.workload !== undefined ? own.workloads : own.namespaces;
          const key = item.workload ?? item.namespace;
          if (item.own) set.add(key);
          else set.delete(key);
          break;
        }
        case 'service': {
          const id = `${item.service.namespace}/${item.service.name}`;
          const previous = this.services.get(id);
          if (previous) this.conflict(`Service ${id}`, previous.source, item.service.source, previous, item.service);
          this.services.set(id, item.service);
          break;
        }
        case 'ingressRoute':
          this.routes.set(`${item.route.kind}\u0000${item.route.namespace}/${item.route.name}`, item.route);
          break;
        case 'referenceGrant':
          this.grants.push(item.grant);
          break;
        case 'gateway':
          this.gateways.set(`${item.gateway.namespace}/${item.gateway.name}`, item.gateway);
          break;
        case 'ingressClass':
          this.ingressClasses.set(item.ingressClass.name, item.ingressClass);
          break;
        case 'notAnalysed':
          this.notAnalysed.push(item.what);
          break;
        case 'settings':
          this.addSettings(item);
          break;
        case 'ignored':
          this.ignored.set(item.objectKind, (this.ignored.get(item.objectKind) ?? 0) + 1);
          if (item.group !== undefined) {
            const kind = `${item.objectKind}.${item.group}`;
            this.ignoredCustom.set(kind, (this.ignoredCustom.get(kind) ?? 0) + 1);
          }
          break;
        case 'gitOpsNamespace':
          this.gitOpsNamespaces.push(item);
          break;
        case 'jsonnet':
          this.jsonnet.push(item.source.file);
          break;
        case 'managedNamespace':
          this.managed.push(item);
          break;
        case 'namespaceDefaulted':
          if (!c.outside) this.defaulted.push(item);
          break;
        case 'endpointSlice':
          this.slices.push(item);
          break;
        case 'nginxSnippets':
          this.snippets.push(item);
          break;
        case 'gatewayProxy':
          this.gatewayProxies.set(item.what, item);
          break;
        case 'gatewayClass':
          // the last declaration of a GatewayClass is the cluster's
          this.gatewayClasses.set(item.name, item.controller);
          break;
        case 'ngfController':
          this.ngfControllers.push(item);
          break;
        case 'envoyGateway':
          this.envoyGateways.push(item);
          break;
        case 'nginxConfig':
          // the last declaration of a ConfigMap is the cluster's
          this.nginxConfigs.set(item.name, item);
          break;
        case 'admissionPolicy':
          this.admissionPolicies.set(item.name, item);
          break;
        case 'admissionBinding':
          this.admissionBindings.push(item);
          break;
        case 'cilium':
          this.cilium ??= item;
          break;
        case 'keptWhenRemoved':
          this.keptWhenRemoved.add(item.key);
          break;
      }
    }
  }

  /** An object's settings, replacing what an earlier declaration of it said: the cluster keeps the one applied last. */
  private addSettings(item: Extract<Item, { kind: 'settings' }>): void {
    const previous = this.settings.get(item.object);
    if (previous) {
      this.warn(Codes.duplicate, item.source, `${item.name} is declared more than once (also at ${previous.source.file}:${previous.source.line}); the last one is used`);
      const said = new Set<unknown>([...previous.notAnalysed, ...previous.diagnostics]);
      this.notAnalysed.splice(0, this.notAnalysed.length, ...this.notAnalysed.filter((n) => !said.has(n)));
      this.diagnostics.splice(0, this.diagnostics.length, ...this.diagnostics.filter((d) => !said.has(d)));
    }
    this.settings.set(item.object, item);
    for (const n of item.notAnalysed) this.notAnalysed.push(n);
    for (const d of item.diagnostics) this.diagnostics.push(d);
  }

  /**
   * Objects that decide traffic and name no namespace, read in `default`,
   * beside workloads or Services that name another, or a Namespace other
   * than `default` the manifests declare (the layout of `kubectl apply -f
   * namespace.yaml` and then `kubectl apply -n NS -f .`), where no GitOps
   * object says where they go: `kubectl apply -n` or a deploy script may
   * put them in another namespace, which the manifests do not tell; said
   * once per state (RD013, a warning), naming a few. A default namespace
   * chosen (`--default-namespace`, a target's `namespace`) is taken as said.
   */
  private namedElsewhere(): void {
    if (this.gitOpsNamespaces.length > 0) return;
    const objects = this.defaulted.filter((d) => d.decides && d.readIn === 'default' && !d.given);
    if (objects.length === 0) return;
    const elsewhere = new Set<string>();
    for (const w of this.workloads.values()) for (const p of w.parts) if (p.namespace !== 'default') elsewhere.add(p.namespace);
    for (const s of this.services.values()) if (s.namespace !== 'default') elsewhere.add(s.namespace);
    const declared = [...this.declaredHere].filter((n) => n !== 'default' && !elsewhere.has(n));
    if (elsewhere.size === 0 && declared.length === 0) return;
    const shown = objects.slice(0, 3).map((d) => `${d.object} (${d.source.file}:${d.source.line})`);
    const more = objects.length > shown.length ? ` and ${objects.length - shown.length} more` : '';
    const list = (names: readonly string[]) => `${[...names].sort().slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''}`;
    const where =
      elsewhere.size > 0
        ? `other objects of the manifests name theirs (${list([...elsewhere])})`
        : `the manifests declare ${declared.length === 1 ? 'Namespace' : 'Namespaces'} ${list(declared)}`;
    this.warn(
      Codes.namespaceDefaulted,
      objects[0]!.source,
      `${shown.join(', ')}${more} name${objects.length === 1 ? 's' : ''} no namespace and ${objects.length === 1 ? 'is' : 'are'} read in default, where ${where}: kubectl apply -n, or the script that applies them, may put ${objects.length === 1 ? 'it' : 'them'} in another namespace, and the paths shown for ${objects.length === 1 ? 'it' : 'them'}, and the verdicts of invariants on ${objects.length === 1 ? 'it' : 'them'}, would be another namespace's; name the namespace in ${objects.length === 1 ? 'it' : 'each'}, or give the namespace they are applied to (--default-namespace, or a target's namespace)`,
    );
  }

  /** Whether objects that make pods name no namespace and are read in default, where no GitOps object says where they go (as namedElsewhere). */
  private defaultedPods(): boolean {
    return this.gitOpsNamespaces.length === 0 && this.defaulted.some((d) => d.pods === true && d.readIn === 'default' && !d.given);
  }

  /**
   * Objects a GitOps object applies elsewhere than where they are read, or
   * not at all (gitOpsNamespace): each such object with some that name no
   * namespace in its sources' directories (any, where those are not known),
   * an Argo CD source read as plain files where a Kustomize root was built,
   * or one that builds on its own a base reachdiff built only through the
   * overlay including it, is not analysed (RD011), failing every invariant
   * closed.
   */
  private moved(files: readonly string[]): void {
    const roots = [...this.builtRoots.values()];
    const repo = this.repositoryPath;
    const argoSource = (g: Extract<Item, { kind: 'gitOpsNamespace' }>) => g.objectKind === 'Application' || g.objectKind === 'ApplicationSet';
    // (a root counts only at the path itself, exactly: one whose directory merely ends with the path is another's)
    const atPath = (p: GitOpsPath) => roots.some((r) => cleanRepoPath(repo?.(r.dir) ?? r.dir) === p.path);
    for (const g of this.gitOpsNamespaces) {
      // a source path with no kustomization of its own, under a root built here: the tool reads it on its own (Argo CD
      // detects the tool from the path's directory; Flux generates a kustomization listing its files), so it applies
      // files there that the root's build leaves out
      const ownRoot = (p: GitOpsPath) => !p.plainFiles && roots.some((r) => [r.dir, ...r.includes].some((d) => surelyGitOpsDir(d, p, repo)));
      const dropped = (g.paths ?? []).flatMap((p) => (ownRoot(p) ? [] : this.unnamed.filter((f) => underGitOpsPath(f, p, undefined, repo)).map((f) => ({ p, f }))));
      // a source path below which no file read lies, at any depth: another repository's, or a directory not given (one
      // whose files a root's build leaves out is reported so, below)
      const unread =
        g.paths?.filter((p) => {
          if (dropped.some((d) => d.p === p)) return false;
          const below: GitOpsPath = { path: p.path, recurse: true };
          // a .jsonnet file there is one (reported as rendered, below); a rendered stream is none: it may hold anything, but
          // says nothing of which path's files it read (a Kustomize root built here is its directory's)
          return !files.some((f) => (this.builtRoots.has(f) || !f.startsWith('render:')) && underGitOpsPath(f, below, this.builtRoots.get(f), repo)) && !this.jsonnet.some((f) => underGitOpsPath(f, below, undefined, repo)) && !roots.some((r) => builtUnder(r.dir, below, repo));
        }) ?? [];
      if (unread.length > 0) {
        const tool = g.objectKind === 'Kustomization' ? 'Flux' : 'Argo CD';
        const reason = `${tool} applies what its source holds at ${unread.map((p) => p.path || '.').join(', ')}, and no file read lies there (a path of another repository, or a directory not given): those objects are not analysed`;
        this.warn(Codes.notAnalysed, g.source, `${g.objectKind}${g.name ? ` ${g.name}` : ''} is not analysed: ${reason}; every invariant fails closed`);
        this.notAnalysed.push({ kind: g.objectKind, ...(g.name ? { name: g.name } : {}), digest: g.digest, source: g.source, reason, effect: { does: 'both', unknownPods: true } });
      }
      if (dropped.length > 0) {
        const tool = g.objectKind === 'Kustomization' ? 'Flux' : 'Argo CD';
        const dirs = [...new Set(dropped.map((d) => d.p.path || '.'))];
        const shownFiles = dropped.slice(0, 3).map((d) => d.f);
        const reason = `${tool} applies ${dirs.join(', ')} on its own, where no kustomization stands, and ${shownFiles.join(', ')}${dropped.length > 3 ? ` and ${dropped.length - 3} more` : ''} there, which decide traffic, lie under a Kustomize root built here whose build leaves them out (no kustomization names them): the cluster gets their objects, which are not analysed; give ${dirs.length === 1 ? 'that directory' : 'those directories'} as a PATH or a target of their own`;
        this.warn(Codes.notAnalysed, g.source, `${g.objectKind}${g.name ? ` ${g.name}` : ''} is not analysed: ${reason}; every invariant fails closed`);
        this.notAnalysed.push({ kind: g.objectKind, ...(g.name ? { name: g.name } : {}), digest: g.digest, source: g.source, reason, effect: { does: 'both' } });
      }
      // files below a path Argo CD does not recurse into, which no other GitOps source applies: the cluster gets none of their objects
      const below = argoSource(g) ? (g.paths?.filter((p) => !p.recurse && !atPath(p)) ?? []).flatMap((p) => this.deciding.filter((f) => this.onlyBelow(f, p)).map((f) => ({ p, f }))) : [];
      if (below.length > 0) {
        const dirs = [...new Set(below.map((b) => b.p.path || '.'))];
        const shownFiles = below.slice(0, 3).map((b) => b.f);
        const reason = `Argo CD applies only the files directly in ${dirs.join(', ')} (directory.recurse is not set), and ${shownFiles.join(', ')}${below.length > 3 ? ` and ${below.length - 3} more` : ''} below it, which no other GitOps source applies, decide traffic: the cluster does not get their objects, which are analysed as applied`;
        this.warn(Codes.notAnalysed, g.source, `${g.objectKind}${g.name ? ` ${g.name}` : ''} is not analysed: ${reason}; every invariant fails closed`);
        this.notAnalysed.push({ kind: g.objectKind, ...(g.name ? { name: g.name } : {}), digest: g.digest, source: g.source, reason, effect: { does: 'both' } });
      }
      if (g.pathsOnly) continue;
      const objects = this.defaulted.filter((d) => !g.stays && (d.decides || g.anyObject) && (g.paths === undefined || g.paths.some((p) => underGitOpsPath(d.source.file, p, this.builtRoots.get(d.source.file), repo))));
      // a Kustomize root built here under a path read as plain files: the tool applies its files, not its build
      const plain = g.paths?.flatMap((p) => (p.plainFiles ? roots.filter((r) => builtUnder(r.dir, p, repo)).map((r) => r.dir) : [])) ?? [];
      // a root the tool builds on its own that reachdiff built only as part of another (an overlay's base)
      const parts = g.paths?.flatMap((p) => (p.plainFiles || roots.some((r) => surelyGitOpsDir(r.dir, p, repo)) ? [] : roots.filter((r) => r.includes.some((i) => isGitOpsDir(i, p, repo))).map((r) => `${p.path} (built here only within ${r.dir})`))) ?? [];
      // Argo CD evaluates the .jsonnet files of a directory source (not of a Kustomize root it builds)
      const argo = argoSource(g);
      const rendered = argo ? this.jsonnet.filter((file) => g.paths === undefined || g.paths.some((p) => !atPath(p) && underGitOpsPath(file, p, undefined, repo))) : [];
      for (const reason of [
        ...(rendered.length > 0 ? [`it renders ${rendered.slice(0, 3).join(', ')}${rendered.length > 3 ? ` and ${rendered.length - 3} more` : ''} (Argo CD evaluates a directory's .jsonnet files), which reachdiff does not evaluate: the objects they make are not analysed`] : []),
        ...(plain.length > 0 ? [`it reads ${plain.join(', ')} as a directory of plain files (directory: is set), where reachdiff reads the Kustomize build of it`] : []),
        ...(parts.length > 0 ? [`it builds ${parts.join(', ')} on its own, where reachdiff read it only through the root that includes it, whose namespace and patches are not its own`] : []),
      ]) {
        this.warn(Codes.notAnalysed, g.source, `${g.objectKind}${g.name ? ` ${g.name}` : ''} is not analysed: ${reason}; the paths shown for its objects may not be the cluster's`);
        this.notAnalysed.push({ kind: g.objectKind, ...(g.name ? { name: g.name } : {}), digest: g.digest, source: g.source, reason, effect: { does: 'both' } });
      }
      if (objects.length === 0) continue;
      const shown = objects.slice(0, 3).map((d) => `${d.object} (${d.source.file}:${d.source.line})`);
      const more = objects.length > shown.length ? ` and ${objects.length - shown.length} more` : '';
      const where = g.paths === undefined ? 'objects of the manifests' : `objects under ${g.paths.map((p) => p.path || '.').join(', ')}`;
      const reason = `${g.does}, and ${where} name none: ${shown.join(', ')}${more} are analysed in namespace ${g.readIn} instead; give them metadata.namespace`;
      this.warn(Codes.notAnalysed, g.source, `${g.objectKind}${g.name ? ` ${g.name}` : ''} is not analysed: ${reason}; the paths shown for those objects may not be the cluster's`);
      this.notAnalysed.push({ kind: g.objectKind, ...(g.name ? { name: g.name } : {}), digest: g.digest, source: g.source, reason, effect: { does: 'both' } });
    }
  }

  /**
   * Files that decide traffic under none of the paths of the GitOps
   * objects read (at any depth: one below a path that does not recurse is
   * moved's to report), where some GitOps object applies paths of a
   * repository (whatever its repoURL, which may be this one's): the
   * repository then says what the cluster gets, and nothing applies these
   * (a sample under docs/, a directory left over). Argo CD applies only
   * what lies under a source's path (argo-cd.readthedocs.io, user-guide/
   * directory), Flux's kustomize-controller only its spec.path
   * (fluxcd.io/flux/components/kustomize/kustomizations/#path). Each is
   * not analysed (RD011): the invariants on the namespaces its objects act
   * in (every one, for a cluster-scoped policy) fail closed, `isolated`
   * ones too, as what isolates the pods may not be there. Where a GitOps
   * object's paths are not known (an ApplicationSet's templates), it may
   * apply any, and nothing is said. A Kustomize root built here counts as
   * its directory, and as the directories it includes; a render's output
   * may hold anything, and counts as under every path.
   */
  private unapplied(): void {
    if (this.gitOpsNamespaces.some((g) => g.paths === undefined)) return;
    const paths = this.gitOpsNamespaces.flatMap((g) => g.paths ?? []).map((p): GitOpsPath => ({ path: p.path, recurse: true }));
    if (paths.length === 0) return;
    const repo = this.repositoryPath;
    const applied = (file: string) => {
      const built = this.builtRoots.get(file);
      if (built && built.includes.some((d) => paths.some((p) => builtUnder(d, p, repo)))) return true;
      return paths.some((p) => underGitOpsPath(file, p, built, repo));
    };
    const objects = this.gitOpsNamespaces.map((g) => `${g.objectKind}${g.name ? ` ${g.name}` : ''} (${g.source.file}:${g.source.line})`);
    const shown = `${objects.slice(0, 3).join(', ')}${objects.length > 3 ? ` and ${objects.length - 3} more` : ''}`;
    const dirs = [...new Set(paths.map((p) => p.path || '.'))].sort();
    const under = `${dirs.slice(0, 5).join(', ')}${dirs.length > 5 ? ` and ${dirs.length - 5} more` : ''}`;
    for (const file of this.deciding) {
      if (applied(file)) continue;
      const reason = `it decides traffic and lies under none of the paths the GitOps objects read here apply (${under}: ${shown}); nothing applies it, and the cluster may not get its objects, which are analysed as applied`;
      this.fileNotApplied(file, reason, " (give it to a GitOps object's path, or move it out of the state)");
    }
  }

  /**
   * A file that decides traffic and whose objects the cluster may not have
   * as written: not analysed (RD011, as a `file`), failing the invariants on
   * the namespaces its objects act in (any, for a cluster-scoped one) closed.
   */
  private fileNotApplied(file: string, reason: string, advice = ''): void {
    const contribution = this.decidingFiles.get(file);
    const scope = contribution && decidingScope(contribution);
    const built = this.builtRoots.get(file);
    const what = built ? `the build of Kustomize root ${built.dir}` : file;
    const source = { file, line: 1 };
    this.warn(Codes.notAnalysed, source, `${what} is not analysed: ${reason}; invariants on ${scope?.namespaces === undefined ? 'any namespace' : `namespace${scope.namespaces.length === 1 ? '' : 's'} ${scope.namespaces.join(', ')}`} fail closed${advice}`);
    for (const namespace of scope?.namespaces ?? [undefined]) {
      this.notAnalysed.push({ kind: 'file', name: file, source, reason, ...(scope ? { digest: scope.digest } : {}), effect: { does: 'both', mayBeAbsent: true, ...(namespace !== undefined ? { namespace } : {}) } });
    }
  }

  /**
   * Files that decide traffic under the paths of suspended Flux
   * Kustomizations only (spec.suspend: true: "the controller will stop
   * reconciling the Kustomization, and changes to the resources or the
   * source will not result in a new reconciliation",
   * fluxcd.io/flux/components/kustomize/kustomizations/#suspend): the
   * cluster has what was applied before, not what they write. Each is not
   * analysed (RD011), failing the invariants on its namespaces closed.
   */
  private suspendedPaths(): void {
    const suspended = this.gitOpsNamespaces.filter((g) => g.suspended && g.paths);
    if (suspended.length === 0) return;
    const under = (file: string, paths: readonly GitOpsPath[]) => this.underAny(file, paths);
    // a GitOps object whose paths are templates may apply any file
    if (this.gitOpsNamespaces.some((g) => g.paths === undefined)) return;
    const live = this.gitOpsNamespaces.filter((g) => !g.suspended).flatMap((g) => g.paths ?? []);
    for (const file of this.deciding) {
      const by = suspended.find((g) => under(file, g.paths!));
      if (!by || under(file, live)) continue;
      this.fileNotApplied(file, `it lies under the path of Flux Kustomization ${by.name} (${by.source.file}:${by.source.line}), which is suspended (spec.suspend: true) and applies no change: the cluster has what it applied before, not what the file writes`);
    }
  }

  /**
   * Argo CD Applications whose destinations name different clusters
   * (argoCluster), or Flux Kustomizations of different kubeconfigs
   * (fluxCluster), each with files read under its paths: each tool applies
   * each one's paths to its own cluster, so the state read, their union,
   * is no cluster's. A pod of one cluster does not reach another's by its
   * address, and a cluster-scoped policy (an AdminNetworkPolicy, a
   * ClusterNetworkPolicy, a CiliumClusterwideNetworkPolicy, a Calico
   * GlobalNetworkPolicy) acts only in the cluster it is applied to
   * (network-policy-api.sigs.k8s.io/api-overview/), where the union shows
   * paths between clusters and one cluster's policies on another's pods.
   * Each such object is not analysed (RD011), failing every invariant
   * closed, `isolated` ones too. A destination that is a template (an
   * ApplicationSet's) names no cluster here.
   */
  private severalClusters(): void {
    if (new Set(this.gitOpsNamespaces.flatMap((g) => (g.cluster === undefined ? [] : [g.cluster]))).size < 2) return;
    const repo = this.repositoryPath;
    // (a rendered stream says nothing of which path's files it read, as for moved's unread paths)
    const holds = (p: GitOpsPath) => this.deciding.some((f) => (this.builtRoots.has(f) || !f.startsWith('render:')) && underGitOpsPath(f, p, this.builtRoots.get(f), repo));
    const applied = this.gitOpsNamespaces.filter((g) => g.cluster !== undefined && (g.paths ?? []).some(holds));
    const clusters = [...new Set(applied.map((g) => g.cluster!))].sort();
    if (clusters.length < 2) return;
    const name = (g: Extract<Item, { kind: 'gitOpsNamespace' }>) => `${g.objectKind}${g.name ? ` ${g.name}` : ''}`;
    for (const g of applied) {
      const elsewhere = applied.filter((o) => o.cluster !== g.cluster);
      const shown = elsewhere.slice(0, 3).map((o) => `${name(o)} (${o.source.file}:${o.source.line}) to ${o.cluster}`);
      const others = `${shown.join(', ')}${elsewhere.length > shown.length ? ` and ${elsewhere.length - shown.length} more` : ''}`;
      const reason = `it applies ${(g.paths ?? []).map((p) => p.path || '.').join(', ')} to cluster ${g.cluster}, and the state read also holds paths applied to other clusters (${others}): their union is no cluster's, with paths between pods of different clusters and one cluster's cluster-scoped policies acting on another's pods`;
      this.warn(Codes.notAnalysed, g.source, `${name(g)} is not analysed: ${reason}; every invariant fails closed (give the paths of one cluster, or make each cluster a target)`);
      this.notAnalysed.push({ kind: g.objectKind, ...(g.name ? { name: g.name } : {}), digest: g.digest, source: g.source, reason, effect: { does: 'both', mayBeAbsent: true } });
    }
  }

  /**
   * Whether a file lies below a GitOps path that does not recurse, not in
   * it (argo-cd.readthedocs.io, user-guide/directory: "By default, directory
   * applications will only include the files from the root of the configured
   * repository/path"), and no other GitOps source applies it: one whose
   * paths are templates may apply any.
   */
  private onlyBelow(file: string, p: GitOpsPath): boolean {
    const repo = this.repositoryPath;
    const built = this.builtRoots.get(file);
    // (one in the directory that its globs leave out is the include's or exclude's to report: gitOpsRewrites)
    if (!underGitOpsPath(file, { path: p.path, recurse: true }, built, repo) || underGitOpsPath(file, { path: p.path, recurse: false }, built, repo)) return false;
    return !this.gitOpsNamespaces.some((g) => g.paths === undefined || g.paths.some((q) => q !== p && underGitOpsPath(file, q, built, repo)));
  }

  /**
   * Namespaces Argo CD creates with labels (managedNamespaceMetadata): one
   * the manifests do not declare gets them, as Argo CD creates it; where
   * the manifests declare it too, or its name is a template's, or two
   * Applications give it different labels, which labels it gets is not
   * modelled: not analysed (RD011), failing invariants closed.
   */
  private managedLabels(): void {
    const given = new Map<string, Extract<Item, { kind: 'managedNamespace' }>>();
    for (const m of this.managed) {
      const what = `${m.objectKind}${m.name ? ` ${m.name}` : ''}`;
      const previous = m.namespace === undefined ? undefined : given.get(m.namespace);
      const why =
        m.namespace === undefined
          ? 'it sets labels on the namespaces it creates (managedNamespaceMetadata), whose names are templates'
          : this.namespaces.get(m.namespace)?.declared
            ? `it sets labels on namespace ${m.namespace} (managedNamespaceMetadata), which the manifests also declare: which labels the namespace gets is not modelled`
            : previous && !sameContent(previous.labels, m.labels)
              ? `it sets labels on namespace ${m.namespace} (managedNamespaceMetadata) other than those ${previous.objectKind} ${previous.name} sets (${previous.source.file}:${previous.source.line})`
              : undefined;
      if (why !== undefined) {
        this.warn(Codes.notAnalysed, m.source, `${what} is not analysed: ${why}; the paths shown take the namespace's labels from the manifests`);
        this.notAnalysed.push({ kind: m.objectKind, ...(m.name ? { name: m.name } : {}), digest: m.digest, source: m.source, reason: why, effect: { does: 'both' } });
        continue;
      }
      if (m.namespace === undefined || previous) continue;
      given.set(m.namespace, m);
      this.namespaces.set(m.namespace, { name: m.namespace, labels: { ...m.labels, [NAMESPACE_NAME_LABEL]: m.namespace }, declared: true, source: m.source });
    }
  }

  /**
   * One object made differently by two builds of the state (two top
   * Kustomize roots, as one overlay per environment): which one the cluster
   * gets depends on which is applied, which the state does not say, so the
   * last is not used in silence. An error (RD006), unread input that fails
   * a check closed; true where it was reported.
   */
  private conflict(what: string, previous: SourceRef | undefined, source: SourceRef, a: unknown, b: unknown): boolean {
    if (!previous || previous.file === source.file || !previous.file.startsWith('render:') || !source.file.startsWith('render:') || sameContent(a, b)) return false;
    this.diagnostics.push(
      diagnostic(
        'error',
        Codes.duplicate,
        source,
        `${what} is made differently by two builds (also at ${previous.file}:${previous.line}): which one the cluster gets depends on which is applied, so the verdict does not rest on either (the listing shows the last); give one overlay's directory, or make each a target`,
      ),
    );
    return true;
  }

  private addWorkload(part: WorkloadPart, source: SourceRef): void {
    this.referencedNamespaces.add(part.namespace);
    const existing = this.workloads.get(part.id);
    if (!existing) {
      this.workloads.set(part.id, { parts: [part], pods: [part.pod], source });
      return;
    }
    if (part.generated && existing.parts.every((p) => p.owned || p.generated)) {
      // another object made under the same generated name: each creation makes one of its own, and all run
      addPart(existing, part);
      return;
    }
    if (!part.owned && existing.parts.some((p) => !p.owned)) {
      // the same object written again: the cluster keeps the one applied last; pods standing for it stay
      const written = existing.parts.find((p) => !p.owned)!;
      if (!this.conflict(part.id, existing.source, source, written.pod, part.pod)) {
        this.warn(Codes.duplicate, source, `${part.id} is declared more than once (also at ${existing.source.file}:${existing.source.line}); the last one is used`);
      }
      const parts = [...existing.parts.filter((p) => p.owned), part];
      const pods: PodTemplate[] = [];
      for (const p of parts) if (!pods.some((q) => samePod(q, p.pod))) pods.push(p.pod);
      this.workloads.set(part.id, { parts, pods, source });
      return;
    }
    if (!part.owned || !existing.parts.every((p) => p.owned)) {
      this.warn(Codes.duplicate, source, `${part.id} is declared more than once (also at ${existing.source.file}:${existing.source.line}); both are analysed as one workload`);
    }
    addPart(existing, part);
    if (part.pod.hostNetwork !== existing.pods[0]!.hostNetwork) this.warn(Codes.labelsDiffer, source, `pods of ${part.id} differ in hostNetwork`);
  }

  /**
   * A ReplicaSet whose Deployment, or a Job whose CronJob, is in the input
   * (a `kubectl get -o yaml` dump) is part of that workload, not one of its
   * own: its pods are the controller's, and its template counts only while
   * it may have pods (an old ReplicaSet scaled to 0 has none).
   */
  private foldControlled(): void {
    for (const [id, w] of this.workloads) {
      const controlled = w.parts.find((p) => !p.owned)?.controlledBy ?? deploymentByName(w.parts);
      const owner = controlled ? this.workloads.get(controlled.id) : undefined;
      if (!controlled || !owner || !owner.parts.some((p) => !p.owned)) continue;
      this.workloads.delete(id);
      for (const part of w.parts) {
        if (!part.owned && !controlled.running) continue;
        addPart(owner, { ...part, owned: true });
      }
    }
  }

  /**
   * The objects not analysed, where a controller reachdiff does not know
   * (an Argo Rollout) owns workloads the input holds (its ReplicaSet in a
   * `kubectl get -o yaml` dump): its pods are then in the analysis, and it
   * fails no invariant for them.
   */
  private withOwnedPods(notAnalysed: NotAnalysed[]): NotAnalysed[] {
    const owners = new Set<string>();
    for (const w of this.workloads.values()) for (const p of w.parts) if (p.ownerController) owners.add(`${p.namespace}/${p.ownerController}`);
    if (owners.size === 0) return notAnalysed;
    return notAnalysed.map((n) => {
      const pods = n.effect?.pods;
      if (!pods || !owners.has(`${n.effect!.namespace}/${pods.kind}/${pods.name}`)) return n;
      const { effect: _held, ...rest } = n;
      return rest;
    });
  }

  /**
   * A mesh setting leaves to the narrower ones that take priority over it
   * (MeshScope) the pods they govern: a namespace's Linkerd policy those of
   * its workloads with their own, the cluster's those of namespaces and
   * workloads with their own; an EgressNetwork of the global egress
   * namespace the clients of namespaces with their own. An Istio policy in
   * the mesh's root namespace (its configuration's, where the manifests
   * hold it) acts on the whole mesh.
   */
  private withMeshScopes(notAnalysed: NotAnalysed[]): NotAnalysed[] {
    return notAnalysed.map((given) => {
      let n = given;
      // every namespace a configuration names as root counts, and the default: which configuration the cluster runs is not known
      const roots = n.effect?.rootOf ? this.meshRoots.get(n.effect.rootOf) : undefined;
      // in a mesh's root namespace it acts on the whole mesh; Linkerd's global egress networks yield to a namespace's own
      if (n.effect && roots !== undefined && n.effect.namespace !== undefined && roots.has(n.effect.namespace)) {
        const { namespace: _root, ...meshWide } = n.effect;
        n = { ...n, effect: { ...meshWide, ...(n.effect.rootOf === 'linkerd-egress' ? { yields: 'linkerd-egress' as const } : {}) } };
      }
      const e = n.effect;
      const own = e?.yields ? this.meshScopes.get(e.yields) : undefined;
      if (!e || !own) return n;
      const egressRoots = this.meshRoots.get('linkerd-egress')!;
      const namespaces = e.namespace === undefined ? [...own.namespaces].filter((ns) => e.yields !== 'linkerd-egress' || !egressRoots.has(ns)).sort() : [];
      const workloads = e.yields === 'linkerd-inbound' ? [...own.workloads].filter((id) => e.namespace === undefined || id.startsWith(`${e.namespace}/`)).sort() : [];
      if (namespaces.length === 0 && workloads.length === 0) return n;
      return { ...n, effect: { ...e, except: { ...(namespaces.length > 0 ? { namespaces } : {}), ...(workloads.length > 0 ? { workloads } : {}) } } };
    });
  }

  /**
   * A setting that turns off the enforcement of policies matters only where
   * the state holds policies of the kind it concerns (requires): elsewhere
   * it changes nothing, and is still listed.
   */
  private withRequirements(policies: readonly KindedPolicy[]): NotAnalysed[] {
    const has = {
      policies: policies.length > 0,
      networkPolicies: policies.some((p) => p.policy.kind === 'NetworkPolicy'),
      kubernetesPolicies: policies.some((p) => KUBERNETES_POLICY_KINDS.has(p.policy.kind)),
      ciliumPolicies: policies.some((p) => p.policy.kind === 'CiliumNetworkPolicy'),
      ciliumClusterwidePolicies: policies.some((p) => p.policy.kind === 'CiliumClusterwideNetworkPolicy'),
      istioRegistryOnly: this.notAnalysed.some((n) => n.kind === 'setting' && n.name?.startsWith(`${ISTIO_REGISTRY_ONLY.key}: ${ISTIO_REGISTRY_ONLY.value} `)),
    };
    return this.notAnalysed.map((n) => {
      const need = n.effect?.requires;
      if (need === undefined || has[need]) return n;
      const { effect: _none, ...rest } = n;
      return rest;
    });
  }

  /**
   * EndpointSlices written by hand (or by a controller not the control
   * plane's) for a Service with a selector: the EndpointSlice controller
   * leaves a slice it does not manage be (its managed-by label), and
   * kube-proxy and ingress controllers join every slice of the Service
   * (kubernetes.io/docs/concepts/services-networking/endpoint-slices/), so
   * the Service's traffic may go to the slice's addresses, which may be any
   * pod's, as well as to the pods its selector picks. Not analysed (RD011):
   * paths from outside the cluster through it fail closed, and, where the
   * nodes take its traffic (NodePort, LoadBalancer, external IPs), so do
   * paths from pods through its node ports, which reach the addresses with
   * the node's. A slice of a Service without selector, or of one the
   * manifests do not hold, adds nothing: where such a Service leads is
   * already not known. The others decide no traffic.
   */
  private handSlices(): void {
    for (const s of this.slices) {
      const id = `${s.namespace}/${s.service}`;
      const service = this.services.get(id);
      if (!service?.selector || service.type === 'ExternalName') {
        this.ignored.set('EndpointSlice', (this.ignored.get('EndpointSlice') ?? 0) + 1);
        continue;
      }
      const name = `${s.namespace}/${s.name}`;
      const managed = s.managedBy === undefined ? `it has no ${MANAGED_BY_LABEL} label` : `its ${MANAGED_BY_LABEL} is ${s.managedBy}`;
      const reason = `it adds endpoints to Service ${id}, which has a selector: ${managed}, not the EndpointSlice controller's (${CONTROL_PLANE_SLICES[0]}), so that controller leaves it be, and kube-proxy and ingress controllers send the Service's traffic to its addresses too, which may be any pod's`;
      const nodes = service.type === 'NodePort' || service.type === 'LoadBalancer' || service.externalIPs.length > 0;
      const consequence = `paths from outside the cluster through Service ${id} may reach any workload, and invariants on traffic from the internet fail closed${nodes ? ', as do those on traffic from pods, which may reach its addresses through its node ports' : ''}`;
      this.warn(Codes.notAnalysed, s.source, `EndpointSlice ${name} is not analysed: ${reason}; ${consequence}`);
      this.notAnalysed.push({ kind: 'EndpointSlice', name, source: s.source, reason, routesFromOutside: true, ...(nodes ? { effect: { does: 'opens' as const } } : {}) });
    }
  }

  /**
   * ingress-nginx's ConfigMaps that set snippets of their own
   * (NGINX_CONFIG_SNIPPETS) or a URL to send every request to
   * (NGINX_CONFIG_SUBREQUESTS), and Ingresses with its snippet annotations
   * (NGINX_SNIPPETS), which may send what the controller takes to any
   * Service: not analysed
   * (RD011), failing invariants on traffic from the internet closed, unless
   * every ConfigMap of the controller's the manifests hold has it refuse
   * them (NginxSnippets; then it refuses such an Ingress at admission, or
   * drops the snippets). Where the manifests hold none, whether it accepts
   * them is not known.
   */
  private nginxSnippets(): void {
    const configs = [...this.nginxConfigs.values()];
    for (const c of configs) {
      if (c.own.length === 0) continue;
      const reason = `ingress-nginx inserts its ${c.own.join(' and ')} into its nginx configuration, for every server or location it serves whatever allow-snippet-annotations says, where a directive such as proxy_pass may send what the controller takes to any Service, which is not modelled`;
      this.warn(Codes.notAnalysed, c.source, `ConfigMap ${c.name} is not analysed: ${reason}; paths from outside the cluster through those snippets are not shown, and invariants on traffic from the internet fail closed`);
      this.notAnalysed.push({ kind: 'ConfigMap', name: c.name, source: c.source, reason, routesFromOutside: true });
    }
    for (const c of configs) {
      if (c.sends.length === 0) continue;
      const reason = `ingress-nginx sends a request for each request of every location it serves to the URL of its ${c.sends.join(' and ')}, which reachdiff does not resolve to a Service`;
      this.warn(Codes.notAnalysed, c.source, `ConfigMap ${c.name} is not analysed: ${reason}; paths from outside the cluster to what that URL names are not shown, and invariants on traffic from the internet fail closed`);
      this.notAnalysed.push({ kind: 'ConfigMap', name: c.name, source: c.source, reason, routesFromOutside: true });
    }
    if (this.snippets.length === 0) return;
    const accepting = configs.find((c) => c.snippets === 'accepted') ?? configs.find((c) => c.snippets === 'byVersion' || c.snippets === 'unset');
    if (configs.length > 0 && accepting === undefined) return;
    const at = accepting && `the controller's ConfigMap ${accepting.name} (${accepting.source.file}:${accepting.source.line})`;
    const accepts =
      accepting === undefined
        ? "the controller's ConfigMap is not in the manifests, so whether it accepts snippets is not known (allow-snippet-annotations, false by default since ingress-nginx 1.9, and annotations-risk-level Critical from 1.12)"
        : accepting.snippets === 'accepted'
          ? `${at} has it accept them`
          : accepting.snippets === 'unset'
            ? `${at} does not set allow-snippet-annotations, false by default from ingress-nginx 1.9 on and true before: which version runs is not known`
            : `${at} sets allow-snippet-annotations true without annotations-risk-level Critical, under which ingress-nginx refuses them from 1.12 on and accepts them before: which version runs is not known`;
    for (const s of this.snippets) {
      const reason = `ingress-nginx inserts its ${s.annotations.join(' and ')} into its nginx configuration, where a directive such as proxy_pass may send what the controller takes to any Service, which is not modelled, and ${accepts}`;
      this.warn(Codes.notAnalysed, s.source, `${s.what} is not analysed: ${reason}; paths from outside the cluster through those snippets are not shown, and invariants on traffic from the internet fail closed`);
      this.notAnalysed.push({ kind: 'Ingress', ...(s.name ? { name: s.name } : {}), source: s.source, reason, routesFromOutside: true });
    }
  }

  /**
   * ValidatingAdmissionPolicies the manifests bind with Deny
   * (kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/:
   * a policy does nothing without a binding, and a binding's
   * validationActions say what a failed validation does): each that may
   * refuse objects that decide traffic is reported (RD012) once, at the
   * policy; a binding of a policy the manifests do not hold, which may
   * match anything, at the binding.
   */
  private admissionBound(): void {
    const reported = new Set<string>();
    for (const b of this.admissionBindings) {
      const policy = this.admissionPolicies.get(b.policy);
      if (policy === undefined) {
        const how = `validationActions Deny, binding ValidatingAdmissionPolicy ${b.policy}, which the manifests do not hold`;
        this.warn(Codes.refusedAtAdmission, b.source, admissionText(`ValidatingAdmissionPolicyBinding ${b.name}`, 'objects of any kind, those that decide what traffic is allowed among them', how));
        continue;
      }
      if (reported.has(policy.name)) continue;
      reported.add(policy.name);
      this.warn(Codes.refusedAtAdmission, policy.source, admissionText(`ValidatingAdmissionPolicy ${policy.name}`, policy.resources, `bound with validationActions Deny by ValidatingAdmissionPolicyBinding ${b.name} (${b.source.file}:${b.source.line})`));
    }
  }

  /**
   * Gateways whose implementation deploys their proxy as pods of the
   * Gateway's own namespace (proxyInGatewayNamespace): those pods are pods
   * of that namespace like any other, which its policies may not select and
   * which reach what the namespace's pods reach, so the Gateway is not
   * analysed (RD011) and acts on every pod of its namespace, as an
   * operator's resource does.
   */
  private gatewayProxiesDeployed(): void {
    for (const g of this.gatewayProxies.values()) {
      const proxy = proxyInGatewayNamespace(g, this.gatewayClasses, this.ngfControllers, this.envoyGateways);
      if (proxy === undefined) continue;
      // its proxy is a pod of its namespace like any other: what reaches it, and what it reaches from there, is not analysed
      const reason = `${proxy}, pods with labels and ports the implementation sets, which are not modelled (they can be declared under outside.workloads in the config)`;
      this.warn(Codes.notAnalysed, g.source, `${g.what} is not analysed: ${reason}; their connections are not shown, and invariants on the pods of its namespace fail closed`);
      this.notAnalysed.push({ kind: 'Gateway', ...(g.name ? { name: g.name } : {}), source: g.source, reason, effect: { does: 'both', namespace: g.namespace, unknownPods: true } });
    }
  }

  /**
   * The paths of ApplicationSets of a git directory generator (directories):
   * the directories of the files read that its patterns include and do not
   * exclude, each read as its template's source says (recursing or not),
   * so that a file in none of them (a directory excluded, or below one the
   * source does not recurse into) is one nothing applies (unapplied). A
   * directory is told by its path in the repository where that is known,
   * else by each ending of its path.
   */
  private generatedDirectories(files: readonly string[]): void {
    if (!this.gitOpsNamespaces.some((g) => g.directories)) return;
    const repo = this.repositoryPath;
    const dirs = new Set<string>();
    for (const file of [...files, ...this.deciding]) {
      if (file.startsWith('render:')) continue;
      const exact = repo?.(file);
      const parts = cleanRepoPath(exact ?? file).split('/').slice(0, -1);
      // every directory above the file, and where its place in the repository is not known, every ending of each
      for (let end = 1; end <= parts.length; end++) {
        if (exact !== undefined) dirs.add(parts.slice(0, end).join('/'));
        else for (let start = 0; start < end; start++) dirs.add(parts.slice(start, end).join('/'));
      }
    }
    const match = (pattern: string, dir: string) => picomatch(pattern, { dot: true })(dir);
    this.gitOpsNamespaces.forEach((g, i) => {
      if (!g.directories) return;
      const { include, exclude, source } = g.directories;
      const chosen = [...dirs].filter((d) => include.some((p) => match(p, d)) && !exclude.some((p) => match(p, d))).sort();
      this.gitOpsNamespaces[i] = { ...g, paths: chosen.map((path) => ({ ...source, path })) };
    });
  }

  /**
   * What the deployment keeps of the objects its GitOps objects apply,
   * told once per file from the GitOps objects whose paths hold it (its
   * owners): where its owners include one that does not delete what its
   * paths no longer hold (keeps) and none that does, its objects are kept
   * when the manifests drop them (Cluster.keptWhenRemoved); where its one
   * owner leaves its objects in the cluster when it is itself deleted
   * (orphans), they are that owner's (Cluster.keptIfRemovedWith). Each
   * GitOps object read is named in Cluster.gitOpsObjects.
   */
  private keptByGitOps(): void {
    for (const g of this.gitOpsNamespaces) this.gitOpsObjects.add(`${g.objectKind} ${g.name}`);
    const placed = this.gitOpsNamespaces.filter((g) => g.paths);
    if (!placed.some((g) => g.keeps !== undefined || g.orphans)) return;
    const owners = new Map<string, typeof placed>();
    const ownersOf = (file: string) => {
      let found = owners.get(file);
      if (!found) owners.set(file, (found = placed.filter((g) => this.underAny(file, g.paths!))));
      return found;
    };
    const note = (file: string, key: string) => {
      const of = ownersOf(file);
      if (of.some((g) => g.keeps !== undefined) && of.every((g) => g.keeps !== undefined)) this.keptWhenRemoved.add(key);
      const only = of.length === 1 ? of[0]! : undefined;
      if (only?.orphans) {
        const owner = `${only.objectKind} ${only.name}`;
        const keys = this.keptIfRemovedWith.get(owner) ?? new Set<string>();
        this.keptIfRemovedWith.set(owner, keys.add(key));
      }
    };
    for (const [, w] of this.workloads) for (const part of w.parts) note(w.source.file, removalKey(part.kind, part.namespace, part.name));
    for (const p of this.policies.values()) note(p.policy.source.file, removalKey(p.policy.kind, p.policy.namespace, p.policy.name));
    for (const x of this.services.values()) note(x.source.file, removalKey('Service', x.namespace, x.name));
  }

  /** Whether a file (or the Kustomize root built of it) lies under one of some GitOps paths, at any depth. */
  private underAny(file: string, paths: readonly GitOpsPath[]): boolean {
    const repo = this.repositoryPath;
    const built = this.builtRoots.get(file);
    if (built && built.includes.some((d) => paths.some((p) => builtUnder(d, { path: p.path, recurse: true }, repo)))) return true;
    return paths.some((p) => underGitOpsPath(file, { path: p.path, recurse: true }, built, repo));
  }

  build(files: string[]): Cluster {
    this.handSlices();
    this.gatewayProxiesDeployed();
    this.nginxSnippets();
    this.admissionBound();
    this.managedLabels();
    for (const name of this.referencedNamespaces) {
      if (!this.namespaces.has(name)) this.namespaces.set(name, { name, labels: { [NAMESPACE_NAME_LABEL]: name }, declared: false });
    }
    this.foldControlled();
    this.generatedDirectories(files);
    this.moved(files);
    this.unapplied();
    this.suspendedPaths();
    this.severalClusters();
    this.namedElsewhere();
    const policies = this.enforcedAdminPolicies([...this.policies.values()]);
    this.keptByGitOps();
    const workloads: Workload[] = [...this.workloads.entries()]
      .map(([id, w]) => {
        const first = w.parts[0]!;
        const written = w.parts.find((p) => !p.owned);
        const immutable = written?.immutable;
        return {
          id,
          namespace: first.namespace,
          name: first.name,
          kind: first.kind,
          pods: w.pods,
          source: w.source,
          ...(immutable !== undefined ? { immutable } : {}),
          ...(written?.held !== undefined ? { held: written.held } : {}),
          ...(written?.labels !== undefined ? { labels: written.labels } : {}),
        };
      })
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return {
      namespaces: new Map([...this.namespaces.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
      workloads,
      serviceAccounts: this.serviceAccounts,
      policies,
      // Calico's NetworkPolicy has the same kind in another group: told apart by the policy's own kind
      networkPolicies: policies.filter((p) => p.policy.kind === 'NetworkPolicy').map((p) => p.policy as NetworkPolicy),
      notAnalysed: this.withOwnedPods(this.withMeshScopes(this.withRequirements(policies))),
      services: [...this.services.values()],
      ingressRoutes: withCloudClasses([...this.routes.values()], [...this.ingressClasses.values()]),
      referenceGrants: this.grants,
      gateways: [...this.gateways.values()],
      ignoredKinds: this.ignored,
      ignoredCustomKinds: this.ignoredCustom,
      diagnostics: this.diagnostics.sort(compareDiagnostics),
      files,
      generators: this.generators,
      ...(this.defaultedPods() ? { defaultedNamespace: 'default' } : {}),
      ...(this.cilium ? { runsCilium: true as const, ciliumFlags: ciliumAgentFlags([...this.settings.values()]) } : {}),
      ...(this.keptWhenRemoved.size > 0 ? { keptWhenRemoved: this.keptWhenRemoved } : {}),
      ...(this.keptIfRemovedWith.size > 0 ? { keptIfRemovedWith: this.keptIfRemovedWith } : {}),
      ...(this.gitOpsObjects.size > 0 ? { gitOpsObjects: this.gitOpsObjects } : {}),
    };
  }

  /**
   * The policies but the admin policies the cluster's network plugin does
   * not enforce, or may not (unenforcedWhy): each of those is not analysed
   * (RD011), left out as the plugin leaves it, and what it would decide
   * for its subjects, were it enforced, fails the invariants on them closed.
   */
  private enforcedAdminPolicies(policies: KindedPolicy[]): KindedPolicy[] {
    const calico = tierTableOf(policies) !== KUBERNETES_TIERS;
    if (!calico && !this.cilium) return policies;
    const plugin = { calico, cilium: this.cilium, clusterNetworkPolicies: this.cilium ? this.ciliumClusterNetworkPolicies() : undefined };
    return policies.filter(({ policy }) => {
      if (!ADMIN_POLICY_KINDS.has(policy.kind)) return true;
      const admin = policy as AdminPolicy;
      const why = unenforcedWhy(admin, plugin);
      if (why === undefined) return true;
      const what = `${admin.kind} ${admin.name}`;
      this.warn(Codes.notAnalysed, admin.source, `${what} is not analysed: ${why}; the traffic it governs is shown as if it did not exist, and invariants on its subjects fail closed`);
      const effect = adminEffect(admin);
      this.notAnalysed.push({ kind: admin.kind, name: admin.name, source: admin.source, reason: why, ...(effect ? { effect } : {}) });
      return false;
    });
  }

  /**
   * Why Cilium may not enforce ClusterNetworkPolicies, or undefined where
   * the manifests turn it on: cilium-config (each, should several
   * namespaces hold one) sets enable-k8s-cluster-network-policy true, and
   * no CiliumNodeConfig sets it otherwise for some nodes.
   */
  private ciliumClusterNetworkPolicies(): string | undefined {
    const settings = [...this.settings.values()].filter((s) => s.cilium !== undefined);
    const at = (s: { readonly source: SourceRef }) => `${s.source.file}:${s.source.line}`;
    const configs = settings.filter((s) => !s.cilium!.node);
    if (configs.length === 0) return `the manifests hold no cilium-config that sets it (they show Cilium: ${this.cilium!.what} at ${at(this.cilium!)})`;
    const off = configs.find((s) => !s.cilium!.on);
    if (off) return `${off.name} (${at(off)}) ${off.cilium!.value === undefined ? 'does not set it' : `sets it to "${off.cilium!.value}"`}`;
    const node = settings.find((s) => s.cilium!.node && s.cilium!.value !== undefined && !s.cilium!.on);
    if (node) return `${node.name} (${at(node)}) sets it to "${node.cilium!.value}" on the nodes it selects`;
    return undefined;
  }
}

/** The admin policy kinds of network-policy-api: ClusterNetworkPolicy (v1alpha2), AdminNetworkPolicy and BaselineAdminNetworkPolicy (v1alpha1). */
const ADMIN_POLICY_KINDS: ReadonlySet<string> = new Set(['ClusterNetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy']);

/**
 * Why the network plugin the manifests show may not enforce an admin
 * policy, with what to do about it; undefined where it does. Cilium
 * enforces ClusterNetworkPolicies from 1.20, where its agent's
 * enable-k8s-cluster-network-policy is true (false by default:
 * docs.cilium.io/en/latest/network/kubernetes/policy/), and never
 * implemented the v1alpha1 kinds. Calico v3.32, which reachdiff models,
 * enforces ClusterNetworkPolicies in its kube-admin and kube-baseline
 * tiers and no longer the v1alpha1 kinds (projectcalico/calico "Remove
 * ANP/BANP (#11144)", v3.32.0), which releases from v3.29 to v3.31
 * enforced in tiers of their own.
 */
function unenforcedWhy(policy: AdminPolicy, plugin: { readonly calico: boolean; readonly cilium: Extract<Item, { kind: 'cilium' }> | undefined; readonly clusterNetworkPolicies: string | undefined }): string | undefined {
  if (policy.kind === 'ClusterNetworkPolicy') {
    if (!plugin.cilium || plugin.clusterNetworkPolicies === undefined) return undefined;
    return `the cluster runs Cilium, which enforces ClusterNetworkPolicies only from 1.20 and only where its agent's enable-k8s-cluster-network-policy is true (false by default, the API being alpha), and ${plugin.clusterNetworkPolicies}: set enable-k8s-cluster-network-policy: "true" in cilium-config in the manifests (Cilium 1.20 or later) for it to be analysed`;
  }
  const successor = `write it as a ClusterNetworkPolicy of tier ${policy.kind === 'AdminNetworkPolicy' ? 'Admin' : 'Baseline'}`;
  if (plugin.cilium) {
    return `the cluster runs Cilium (${plugin.cilium.what} at ${plugin.cilium.source.file}:${plugin.cilium.source.line}), which does not implement ${policy.kind} (policy.networking.k8s.io/v1alpha1; it enforces its successor, ClusterNetworkPolicy, from 1.20 where enable-k8s-cluster-network-policy is on): ${successor}`;
  }
  if (plugin.calico) {
    return `the cluster runs Calico, whose v3.32, the version reachdiff models, no longer implements ${policy.kind} (removed in v3.32.0; earlier releases, up to v3.31, enforce it in a tier of its own): ${successor}`;
  }
  return undefined;
}

/**
 * What an admin policy left out may decide, were it enforced: traffic of
 * the pods its subject picks, either way, at the end its rules stand at
 * (ingress rules: as the destination; egress rules: as the source); none
 * for a policy without rules.
 */
function adminEffect(policy: AdminPolicy): NotAnalysedEffect | undefined {
  const ingress = policy.ingress.length > 0;
  const egress = policy.egress.length > 0;
  if (!ingress && !egress) return undefined;
  const s = policy.subject;
  return {
    does: 'both',
    ...(ingress && !egress ? { at: 'destination' as const } : !ingress ? { at: 'source' as const } : {}),
    subject: { namespaces: s.namespaceSelector, ...(s.kind === 'pods' ? { pods: s.podSelector } : {}) },
  };
}

/** What RD012 says of a policy (`Kind name`) that may refuse objects (of these resources) at admission, and what has it refuse them. */
function admissionText(what: string, resources: readonly string[] | string, how: string): string {
  const objects = typeof resources === 'string' ? resources : `objects of ${resources.join(', ')}, which decide what traffic is allowed`;
  return `${what} may refuse at admission ${objects} (${how}): such objects of the manifests are analysed as applied, though the API server may refuse one, which then never exists (its apply fails, as kubectl, Argo CD and Flux report)`;
}

function optionalName(obj: Pick<RawObject, 'body'>): string | undefined {
  const name = field(obj.body, 'metadata', 'name');
  const ns = field(obj.body, 'metadata', 'namespace');
  if (typeof name !== 'string') return undefined;
  return typeof ns === 'string' && ns !== '' ? `${ns}/${name}` : name;
}

/**
 * The Deployment that made the ReplicaSet pods stand for, where the dump
 * holds the pods but not the ReplicaSet: the Deployment controller names
 * each ReplicaSet after the Deployment and its pods' pod-template-hash.
 */
function deploymentByName(parts: readonly WorkloadPart[]): { id: string; running: boolean } | undefined {
  const first = parts[0]!;
  if (first.kind !== 'ReplicaSet' || !parts.every((p) => p.owned)) return undefined;
  const hash = first.pod.labels['pod-template-hash'];
  if (hash === undefined || hash === '' || !first.name.endsWith(`-${hash}`) || first.name.length <= hash.length + 1) return undefined;
  return { id: workloadId(first.namespace, first.name.slice(0, -(hash.length + 1)), 'Deployment'), running: true };
}

/** A part added to a workload: its pod too, unless one like it is there. */
function addPart(w: { parts: WorkloadPart[]; pods: PodTemplate[] }, part: WorkloadPart): void {
  w.parts.push(part);
  if (!w.pods.some((p) => samePod(p, part.pod))) w.pods.push(part.pod);
}

/** Whether two objects of the model say the same, wherever they were read (their sources and lines aside). */
function sameContent(a: unknown, b: unknown): boolean {
  // lines are where an object was read (`line`, `podSelectorLine`), not what it says
  const text = (x: unknown) => JSON.stringify(x, (key, value: unknown) => (key === 'source' || /(^l|L)ines?$/.test(key) ? undefined : value));
  return text(a) === text(b);
}

function samePod(a: PodTemplate, b: PodTemplate): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** A file's contribution from the cache (re-pathed if it was read under another path), if any. */
export function cachedContribution(f: SnapshotFile, cache: LoadCache | undefined): FileContribution | undefined {
  const cached = 'text' in f ? cache?.get(f.text) : undefined;
  // a walked file and a named one with the same text are read differently, and so are a Jsonnet program
  // (not applied) and a manifest holding the same text (JSON is Jsonnet)
  if (!cached || 'notes' in f || (cached.walked === true) !== (f.walked === true) || isJsonnetPath(cached.path) !== isJsonnetPath(f.path)) return undefined;
  const same = cached.path === f.path ? cached : repath(cached, f.path);
  // the same text built from another root
  const built = 'built' in f ? f.built : undefined;
  if (same.built === built) return same;
  const { built: _, ...rest } = same;
  return built ? { ...rest, built } : rest;
}

/** Combines the contributions of one state's files, in order, into a Cluster. */
export function combine(contributions: Iterable<FileContribution>, repositoryPath?: RepositoryPath): Cluster {
  const builder = new ClusterBuilder(repositoryPath);
  const paths: string[] = [];
  for (const c of contributions) {
    if (!c.generated && !c.notes && !c.outside) paths.push(c.path);
    builder.add(c);
  }
  return builder.build(paths);
}

/**
 * Reads the manifests of one state into a Cluster. Never throws for bad
 * input: every problem becomes a diagnostic with file and line, and the
 * document or object concerned is skipped. With a cache shared by the
 * states of a diff, a file with the same text is read once.
 */
export function loadCluster(files: Iterable<SnapshotFile>, options: LoadOptions = {}, cache?: LoadCache): Cluster {
  return combine(readFiles([...files], options, cache), options.repositoryPath);
}

/**
 * Reads the files of one state into their contributions, in order. Every
 * object is kept where generate rules may need it: when some file mentions
 * kyverno.io (a cheap test on the text that spares the others the memory),
 * and, should a generate rule turn up in a file that does not, on a second
 * reading.
 */
export function readFiles(files: readonly SnapshotFile[], options: LoadOptions = {}, cache?: LoadCache): FileContribution[] {
  const keepObjects = options.keepObjects ?? files.some((f) => 'text' in f && f.text.includes('kyverno.io'));
  const read = (opts: LoadOptions): FileContribution[] =>
    files.map((f) => {
      let c = cachedContribution(f, cache);
      if (!c || (opts.keepObjects && !c.objects)) {
        c = readFile(f, opts);
        if ('text' in f) cache?.set(f.text, c);
      }
      return c;
    });
  const contributions = read({ ...options, keepObjects });
  const all = !keepObjects && contributions.some((c) => c.generators > 0) ? read({ ...options, keepObjects: true }) : contributions;
  return options.outside ? [...all, outsideContribution(options.outside)] : all;
}

/**
 * The backends an Envoy Gateway SecurityPolicy's external authorization
 * calls for each request it checks (extAuth.http and extAuth.grpc, each a
 * BackendCluster with backendRef, deprecated, and backendRefs;
 * gateway.envoyproxy.io/docs/api/extension_types/): as shown, and as
 * `ns/name` where every one is a Service of the core group (undefined
 * services: some other kind, or one that cannot be read, which may lead
 * anywhere). Undefined where it names none.
 */
function extAuthBackends(obj: RawObject, namespace: string): { shown: string[]; services?: string[] } | undefined {
  const refs = (['http', 'grpc'] as const).flatMap((p) => {
    const one = field(obj.body, 'spec', 'extAuth', p, 'backendRef');
    const list = field(obj.body, 'spec', 'extAuth', p, 'backendRefs');
    return [...(one !== undefined && one !== null ? [one] : []), ...(Array.isArray(list) ? list : list !== undefined && list !== null ? [list] : [])];
  });
  if (refs.length === 0) return undefined;
  const services: string[] = [];
  let resolved = true;
  const shownRefs = refs.map((ref) => {
    const name = field(ref, 'name');
    const ns = field(ref, 'namespace');
    const group = field(ref, 'group') ?? '';
    const kind = field(ref, 'kind') ?? 'Service';
    const id = `${typeof ns === 'string' && ns !== '' ? ns : namespace}/${typeof name === 'string' ? name : '?'}`;
    if (group === '' && kind === 'Service' && typeof name === 'string' && name !== '') {
      services.push(id);
      return `Service ${id}`;
    }
    resolved = false;
    return `${shown(kind)}${group !== '' ? ` of ${shown(group)}` : ''} ${id}`;
  });
  return { shown: shownRefs, ...(resolved ? { services } : {}) };
}
