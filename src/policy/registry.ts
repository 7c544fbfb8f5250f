import { TRAFFIC_ANNOTATION_PATTERN } from '../model/annotations.js';
import { READ_KINDS } from '../model/services.js';
import type { RawObject } from '../model/objects.js';
import { field, isRecord } from '../model/objects.js';
import { adminNetworkPolicyKind, baselineAdminNetworkPolicyKind } from './adminpolicy/kind.js';
import { ciliumClusterwideNetworkPolicyKind, ciliumNetworkPolicyKind } from './cilium/kind.js';
import { CALICO_KINDS } from './calico/kind.js';
import { clusterNetworkPolicyKind } from './clusternetworkpolicy/kind.js';
import type { KindedPolicy, PolicyKind, PolicyObject } from './kind.js';
import { networkPolicyKind } from './networkpolicy/kind.js';
import type { TierTable } from './tiers.js';
import { KUBERNETES_TIERS } from './tiers.js';

/** Every policy kind reachdiff models. Adding a kind: write its module under src/policy/ and list it here. */
export const POLICY_KINDS: readonly PolicyKind<PolicyObject>[] = [
  networkPolicyKind as PolicyKind<PolicyObject>,
  adminNetworkPolicyKind as PolicyKind<PolicyObject>,
  baselineAdminNetworkPolicyKind as PolicyKind<PolicyObject>,
  clusterNetworkPolicyKind as PolicyKind<PolicyObject>,
  ciliumNetworkPolicyKind as PolicyKind<PolicyObject>,
  ciliumClusterwideNetworkPolicyKind as PolicyKind<PolicyObject>,
  ...CALICO_KINDS,
];

/**
 * The tiers of a cluster: those of the network plugin whose own policy
 * objects are present (Calico's), else Kubernetes' own.
 */
export function tierTableOf(policies: readonly KindedPolicy[]): TierTable {
  for (const p of policies) if (p.kind.tierTable) return p.kind.tierTable(policies);
  return KUBERNETES_TIERS;
}

const byGroupKind = new Map<string, PolicyKind<PolicyObject>>(POLICY_KINDS.map((k) => [`${k.group}\u0000${k.kind}`, k]));

/** `networking.k8s.io/v1` into its group and version; the core group is empty. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** A mesh's policy: refuses traffic to the pods of its namespace (in Istio's root namespace, mesh-wide: see the loader). */
const MESH: KindEffect = { does: 'closes', namespaced: true, at: 'destination' };
/** An egress firewall: refuses traffic from the pods of its namespace to addresses outside the cluster. */
const EGRESS_FIREWALL: KindEffect = { does: 'closes', namespaced: true, at: 'source', external: true };
/** A mesh-wide authorization: refuses traffic to any pod. */
const MESH_WIDE: KindEffect = { does: 'closes', namespaced: false, at: 'destination' };
/** A gateway's policy: refuses traffic from outside the cluster to the routes' backends. */
const GATEWAY: KindEffect = { does: 'closes', namespaced: false, at: 'destination', external: true };
/** An object that may open and close paths anywhere. */
const ANYTHING: KindEffect = { does: 'both', namespaced: false };

/**
 * API groups of network plugins and meshes whose policy objects govern
 * traffic, and the kinds among them that do. reachdiff models none of these
 * (beyond the Kubernetes ones above): each is reported as not analysed.
 */
const POLICY_GROUPS: ReadonlyArray<{
  readonly groups: readonly string[];
  readonly project: string;
  readonly kinds: readonly string[];
  /** Why a kind is not modelled, where there is more to say than that. */
  readonly reasons?: Readonly<Record<string, string>>;
  /** What each kind may do to paths (null: nothing); a kind not listed may open and close them anywhere. */
  readonly effects?: Readonly<Record<string, KindEffect | null>>;
}> = [
  {
    groups: ['projectcalico.org', 'crd.projectcalico.org'],
    project: 'Calico',
    kinds: ['StagedNetworkPolicy', 'StagedGlobalNetworkPolicy', 'StagedKubernetesNetworkPolicy', 'NetworkSet', 'GlobalNetworkSet', 'HostEndpoint'],
    reasons: {
      StagedNetworkPolicy: 'staged policies are never enforced (Calico only reports what they would do), and reachdiff leaves them out as the cluster does',
      StagedGlobalNetworkPolicy: 'staged policies are never enforced (Calico only reports what they would do), and reachdiff leaves them out as the cluster does',
      StagedKubernetesNetworkPolicy: 'staged policies are never enforced (Calico only reports what they would do), and reachdiff leaves them out as the cluster does',
      NetworkSet: 'Calico network sets are not modelled: selectors that would match their addresses match none of them',
      GlobalNetworkSet: 'Calico network sets are not modelled: selectors that would match their addresses match none of them',
      HostEndpoint: 'Calico host endpoints are not modelled: policies that select them are analysed for pods only',
    },
    effects: {
      // never enforced
      StagedNetworkPolicy: null,
      StagedGlobalNetworkPolicy: null,
      StagedKubernetesNetworkPolicy: null,
      // policies on host endpoints may drop traffic forwarded to pods (applyOnForward, preDNAT)
      HostEndpoint: { does: 'closes', namespaced: false },
    },
  },
  {
    groups: ['crd.antrea.io'],
    project: 'Antrea',
    kinds: ['NetworkPolicy', 'ClusterNetworkPolicy', 'Tier'],
    // a Tier only orders policies
    effects: { NetworkPolicy: { does: 'both', namespaced: true }, Tier: null },
  },
  // a mesh's authorization and mTLS refuse traffic the network allows; they never let in what it denies
  { groups: ['security.istio.io'], project: 'Istio', kinds: ['AuthorizationPolicy', 'PeerAuthentication'], effects: { AuthorizationPolicy: MESH, PeerAuthentication: MESH } },
  // an EgressNetwork refuses traffic to addresses outside the cluster where its trafficPolicy is Deny (see the loader)
  {
    groups: ['policy.linkerd.io'],
    project: 'Linkerd',
    kinds: ['AuthorizationPolicy', 'ServerAuthorization', 'Server', 'EgressNetwork'],
    effects: { AuthorizationPolicy: MESH, ServerAuthorization: MESH, Server: MESH, EgressNetwork: EGRESS_FIREWALL },
  },
  // mesh authorization of Kuma (kuma.io/docs: MeshTrafficPermission), mesh-wide from the control plane's namespace; a Mesh and a
  // MeshPassthrough refuse by what they say (see ownEffect)
  {
    groups: ['kuma.io'],
    project: 'Kuma',
    kinds: ['MeshTrafficPermission', 'TrafficPermission'],
    effects: { MeshTrafficPermission: MESH_WIDE, TrafficPermission: MESH_WIDE },
  },
  // Service Mesh Interface access control (Open Service Mesh, Traefik Mesh): where it is on, traffic no TrafficTarget admits is refused, anywhere in the mesh
  { groups: ['access.smi-spec.io'], project: 'SMI', kinds: ['TrafficTarget'], effects: { TrafficTarget: MESH_WIDE } },
  { groups: ['consul.hashicorp.com'], project: 'Consul', kinds: ['ServiceIntentions'], effects: { ServiceIntentions: { does: 'closes', namespaced: false } } },
  { groups: ['k8s.ovn.org'], project: 'OVN-Kubernetes', kinds: ['EgressFirewall'], effects: { EgressFirewall: EGRESS_FIREWALL } },
  { groups: ['network.openshift.io'], project: 'OpenShift', kinds: ['EgressNetworkPolicy'], effects: { EgressNetworkPolicy: EGRESS_FIREWALL } },
  { groups: ['networking.gke.io'], project: 'GKE', kinds: ['FQDNNetworkPolicy'], effects: { FQDNNetworkPolicy: { does: 'both', namespaced: true, at: 'source' } } },
  { groups: ['kubeovn.io'], project: 'Kube-OVN', kinds: ['SecurityGroup'] },
  // distributed firewall rules of NSX for the pods of a namespace (the nsx-operator's SecurityPolicy)
  { groups: ['crd.nsx.vmware.com', 'nsx.vmware.com'], project: 'VMware NSX', kinds: ['SecurityPolicy'], effects: { SecurityPolicy: { does: 'both', namespaced: true } } },
  // security groups attached to the pods a SecurityGroupPolicy selects (Amazon VPC CNI's security groups for pods)
  { groups: ['vpcresources.k8s.aws'], project: 'Amazon VPC CNI', kinds: ['SecurityGroupPolicy'], effects: { SecurityGroupPolicy: { does: 'both', namespaced: true } } },
  { groups: ['neuvector.com'], project: 'NeuVector', kinds: ['NvSecurityRule', 'NvClusterSecurityRule'] },
  // authorization, extensions and patches of the gateway's proxies: they may refuse requests from outside the cluster the routes would forward
  {
    groups: ['gateway.envoyproxy.io'],
    project: 'Envoy Gateway',
    kinds: ['SecurityPolicy', 'EnvoyExtensionPolicy', 'EnvoyPatchPolicy'],
    effects: { SecurityPolicy: GATEWAY, EnvoyExtensionPolicy: GATEWAY, EnvoyPatchPolicy: GATEWAY },
  },
  // policies of secondary (Multus) networks: the pod network the analysis concerns is not theirs
  { groups: ['k8s.cni.cncf.io'], project: 'Multus', kinds: ['MultiNetworkPolicy'], reasons: { MultiNetworkPolicy: 'it governs secondary networks (Multus), not the pod network analysed' }, effects: { MultiNetworkPolicy: null } },
];

/**
 * Names of kinds that govern traffic in the projects that have them (a
 * firewall, a security policy or rule, a mesh's traffic permission or
 * authorization): an object of such a kind from a group reachdiff does not
 * know is reported, never passed over. Kubernetes' PodSecurityPolicy
 * governs pods' privileges, not traffic.
 */
const TRAFFIC_KIND_NAME = /(SecurityPolicy|SecurityRule|Firewall|FirewallPolicy|FirewallRule|FirewallPolicyRule|TrafficPermission|AuthorizationPolicy|Intentions?)$/;

/**
 * API groups of cloud resources managed from Kubernetes (Config Connector,
 * Azure Service Operator, AWS Controllers for Kubernetes, Crossplane's
 * providers): their firewalls and security policies filter traffic at the
 * cloud's network, around the cluster's nodes.
 */
const CLOUD_GROUP = /(^|\.)(cnrm\.cloud\.google\.com|azure\.com|azure\.microsoft\.com|services\.k8s\.aws|upbound\.io|crossplane\.io)$/;

/**
 * What a cloud's filter may refuse: a web application firewall at the
 * edge (Cloud Armor's ComputeSecurityPolicy), traffic from outside the
 * cluster; the network's firewall (ComputeFirewall, a network security
 * group), any traffic between the nodes; a managed service's own firewall
 * (a database server's firewall rule), traffic from the pods to that
 * service, an address outside the cluster.
 */
function cloudEffect(kind: string): KindEffect {
  if (/SecurityPolicy$/.test(kind)) return { does: 'closes', namespaced: false, at: 'destination', external: true };
  if (/^(Compute)?(Firewall|FirewallPolicy|FirewallPolicyRule|FirewallRule)$|^NetworkSecurityGroup|^SecurityGroup/.test(kind)) return { does: 'closes', namespaced: false };
  return { does: 'closes', namespaced: false, at: 'source', external: true };
}

/**
 * API groups whose kinds' names say security or firewall but govern no
 * network traffic: StackRox's policies (build, deploy and runtime checks)
 * and Kubernetes' own PodSecurityPolicy (of policy, and of extensions before it).
 */
const NO_TRAFFIC_GROUPS: readonly string[] = ['config.stackrox.io', 'platform.stackrox.io', 'policy', 'extensions'];

/** Kinds that govern traffic, by name: the Kubernetes policy kinds and their likes (`*Policy`), the other projects' kinds above, and names that say so. */
function governsTraffic(kind: string): boolean {
  return /Policy$/.test(kind) || TRAFFIC_KIND_NAME.test(kind) || POLICY_GROUPS.some((g) => g.kinds.includes(kind));
}

/** What an object of a kind not modelled may do to paths (see NotAnalysedEffect), and whether within its own namespace. */
export interface KindEffect {
  readonly does: 'opens' | 'closes' | 'both';
  readonly namespaced: boolean;
  /** The end of a path it acts at, and whether on paths to external addresses only (see NotAnalysedEffect). */
  readonly at?: 'source' | 'destination';
  readonly external?: true;
  readonly requires?: 'istioRegistryOnly';
}

/** What the loader does with an object of some kind. */
export type Recognised =
  | { readonly kind: 'policy'; readonly policyKind: PolicyKind<PolicyObject> }
  /** Carries network policy semantics that reachdiff does not model, and may do that to paths (null: nothing). */
  | { readonly kind: 'notAnalysed'; readonly reason: string; readonly effect: KindEffect | null }
  /** Holds rules that generate policies (a Kyverno policy), expanded by src/expand/. */
  | { readonly kind: 'generator' }
  | { readonly kind: 'other' };

/** The versions of Kyverno's ClusterPolicy and Policy whose generate rules are expanded: they share one shape. */
export const KYVERNO_VERSIONS: readonly string[] = ['v1', 'v2beta1', 'v2'];

/** The kinds one generate block (or a foreach entry of it) may create: unknown ones (missing, or a variable) as undefined. */
function generatedKinds(gen: Record<string, unknown>): Array<string | undefined> {
  const kinds: Array<string | undefined> = [];
  const listKinds = field(gen, 'cloneList', 'kinds');
  if (Array.isArray(listKinds)) {
    for (const k of listKinds) kinds.push(typeof k === 'string' && !k.includes('{{') ? k.split('/').pop() : undefined);
  } else if (!Array.isArray(gen['foreach'])) {
    const kind = gen['kind'] ?? field(gen, 'data', 'kind');
    kinds.push(typeof kind === 'string' && !kind.includes('{{') ? kind : undefined);
  }
  if (Array.isArray(gen['foreach'])) for (const f of gen['foreach']) if (isRecord(f)) kinds.push(...generatedKinds(f));
  return kinds;
}

/**
 * Whether a Kyverno policy has generate rules that may create objects of a
 * kind that governs traffic (a policy, a mesh's permission, a firewall: see
 * governsTraffic), or of one not known before the rule is expanded (a
 * variable, or missing, which expansion reports).
 */
function generatesPolicies(obj: RawObject): boolean {
  const rules = field(obj.body, 'spec', 'rules');
  if (!Array.isArray(rules)) return false;
  return rules.some((r) => {
    const gen = isRecord(r) ? r['generate'] : undefined;
    return isRecord(gen) && generatedKinds(gen).some((k) => k === undefined || governsTraffic(k));
  });
}

/**
 * Recognises an object by API group and kind, never by kind alone: a
 * NetworkPolicy of another group (Calico's, Antrea's) is not a Kubernetes
 * NetworkPolicy.
 */
/**
 * Resources (as admission rules name them, plural and lower case) whose
 * objects decide what traffic is allowed: those of the kinds the loader
 * reads (READ_KINDS) and the policy kinds, and others below.
 */
const TRAFFIC_RESOURCES: ReadonlySet<string> = new Set([
  ...READ_KINDS.map(resourceOf),
  // resources whose controllers make pods from templates they hold (Argo Rollouts, OpenKruise, Knative, KubeRay, JobSet)
  'rollouts',
  'clonesets',
  'advancedstatefulsets',
  'revisions',
  'configurations',
  'rayclusters',
  'rayjobs',
  'jobsets',
  'scaledjobs',
  ...POLICY_KINDS.map((k) => k.plural.toLowerCase()),
]);

/**
 * The resources a CEL admission policy's matchConstraints.resourceRules
 * name that decide traffic: `*` counts, and so does `*` with every
 * subresource; a subresource (`pods/status`, every one of pods) does not,
 * as admission rules read them. Without rules, none.
 */
function trafficResources(obj: RawObject): string[] {
  return trafficResourcesOf(field(obj.body, 'spec', 'matchConstraints', 'resourceRules'));
}

/**
 * The same for a Kyverno MutatingPolicy (or NamespacedMutatingPolicy): what
 * it mutates at admission (matchConstraints) and the existing objects it
 * mutates in the background, its targetMatchConstraints' resourceRules
 * where it has them (kyverno/kyverno pkg/background/mpol/processor.go);
 * a target expression may name objects of any resource, so `*`.
 */
function mutatingPolicyResources(obj: RawObject): string[] {
  const targets = field(obj.body, 'spec', 'targetMatchConstraints');
  const expression = field(targets, 'expression');
  if (typeof expression === 'string' && expression.trim() !== '') return ['*'];
  const rules = (path: string): unknown[] => {
    const list = field(obj.body, 'spec', path, 'resourceRules');
    return Array.isArray(list) ? list : [];
  };
  return trafficResourcesOf([...rules('matchConstraints'), ...rules('targetMatchConstraints')]);
}

/**
 * The same for a MutatingWebhookConfiguration: the resources its webhooks'
 * rules name (admissionregistration.k8s.io/v1 MutatingWebhook.rules), which
 * a webhook may change at admission as it likes. Istio's and Linkerd's
 * sidecar injectors are left out: what they change that decides traffic is
 * the labels they add to the pods they inject, and selectors reading those
 * (INJECTED_POD_LABELS) are doubted wherever they stand.
 */
function webhookResources(obj: RawObject): string[] {
  const webhooks = field(obj.body, 'webhooks');
  const own = (Array.isArray(webhooks) ? webhooks : []).filter((w) => !meshInjector(w) && !knownWebhook(w));
  return trafficResourcesOf(own.flatMap((w) => (isRecord(w) && Array.isArray(w['rules']) ? (w['rules'] as unknown[]) : [])));
}

/**
 * Webhooks of installs whose changes to pods decide no traffic, as their
 * installs write them (name, service, its namespace): Gatekeeper's mutation
 * webhook, which applies the Assign, AssignMetadata and ModifySet objects
 * reachdiff reads (and reports where they may decide traffic), the AWS Load
 * Balancer Controller's pod webhook (readiness gates), Linkerd's tap
 * injector (annotations).
 */
const KNOWN_WEBHOOKS: ReadonlyArray<readonly [name: string, service: string, namespace: string]> = [
  ['mutation.gatekeeper.sh', 'gatekeeper-webhook-service', 'gatekeeper-system'],
  ['mpod.elbv2.k8s.aws', 'aws-load-balancer-webhook-service', 'kube-system'],
  ['tap-injector.linkerd.io', 'tap-injector', 'linkerd-viz'],
];

function knownWebhook(webhook: unknown): boolean {
  const name = field(webhook, 'name');
  const service = field(webhook, 'clientConfig', 'service', 'name');
  const namespace = field(webhook, 'clientConfig', 'service', 'namespace');
  return KNOWN_WEBHOOKS.some(([n, s, ns]) => n === name && s === service && ns === namespace);
}

/**
 * Istio's injector (webhooks named *.sidecar-injector.istio.io served by
 * istiod in istio-system) or Linkerd's (linkerd-proxy-injector.linkerd.io
 * served by linkerd-proxy-injector in linkerd), as their installs write
 * them: rules on pods of the core group alone (Linkerd's on services too,
 * whose annotations it sets). Another webhook of such a name, service or
 * rules is any webhook.
 */
function meshInjector(webhook: unknown): boolean {
  const name = field(webhook, 'name');
  const service = field(webhook, 'clientConfig', 'service', 'name');
  const namespace = field(webhook, 'clientConfig', 'service', 'namespace');
  if (typeof name !== 'string' || typeof service !== 'string') return false;
  const istio = /(^|\.)sidecar-injector\.istio\.io$/.test(name) && /^istiod(-|$)/.test(service) && namespace === 'istio-system';
  const linkerd = name === 'linkerd-proxy-injector.linkerd.io' && service === 'linkerd-proxy-injector' && namespace === 'linkerd';
  if (!istio && !linkerd) return false;
  const rules = field(webhook, 'rules');
  const only = (list: unknown, allowed: readonly string[]) => Array.isArray(list) && list.length > 0 && list.every((x) => allowed.includes(x as string));
  return Array.isArray(rules) && rules.every((r) => only(field(r, 'apiGroups'), ['']) && only(field(r, 'resources'), linkerd ? ['pods', 'services'] : ['pods']));
}

function trafficResourcesOf(rules: unknown): string[] {
  const out = new Set<string>();
  for (const rule of Array.isArray(rules) ? rules : []) {
    const resources = isRecord(rule) && Array.isArray(rule['resources']) ? rule['resources'] : [];
    for (const r of resources) {
      if (typeof r !== 'string') continue;
      const [resource, sub] = r.split('/');
      if (sub !== undefined && !(resource === '*' && sub === '*')) continue;
      if (resource === '*' || TRAFFIC_RESOURCES.has(resource!)) out.add(resource!);
    }
  }
  return [...out].sort();
}

/** A kind's resource, as admission rules name it: plural and lower case (NetworkPolicy: networkpolicies). */
function resourceOf(kind: string): string {
  return pluralOfKind(kind).toLowerCase();
}

/**
 * The kinds a Kyverno ClusterCleanupPolicy or CleanupPolicy matches
 * (spec.match's any and all, resources.kinds, written `Kind`,
 * `group/version/Kind` or with wildcards) that decide traffic, as
 * resources: a wildcard counts.
 */
function cleanedKinds(obj: RawObject): string[] {
  return matchedKinds(field(obj.body, 'spec', 'match'));
}

/** The kinds a Kyverno match (its any and all, or its resources) names that decide traffic, as resources (see cleanedKinds). */
function matchedKinds(match: unknown): string[] {
  const out = new Set<string>();
  for (const list of [field(match, 'any'), field(match, 'all'), [match]]) {
    for (const filter of Array.isArray(list) ? list : []) {
      const kinds = field(filter, 'resources', 'kinds');
      for (const k of Array.isArray(kinds) ? kinds : []) {
        if (typeof k !== 'string') continue;
        const kind = k.split('/').pop()!;
        if (/[*?]/.test(kind)) out.add(kind);
        else if (TRAFFIC_RESOURCES.has(resourceOf(kind))) out.add(resourceOf(kind));
      }
    }
  }
  return [...out].sort();
}

/** What a validating admission policy may refuse: the resources that decide traffic it matches, and what has it refuse them. */
export interface AdmissionRefusal {
  readonly resources: readonly string[];
  readonly how: string;
  /** A Kubernetes ValidatingAdmissionPolicy: it refuses only through a binding with Deny among its validationActions. */
  readonly bound?: true;
}

/** A Kyverno failure action that blocks: Enforce (in either case); one not known before admission (a variable) may. */
function enforces(action: unknown): boolean {
  return typeof action === 'string' && (action.toLowerCase() === 'enforce' || action.includes('{{'));
}

/**
 * Whether a Kyverno validate rule blocks what fails it (kyverno.io/docs/
 * policy-types/cluster-policy/validate/): its own failureAction (Kyverno
 * 1.13 and later), else the policy's validationFailureAction (Audit by
 * default), is Enforce, or an override (the rule's failureActionOverrides,
 * else the policy's validationFailureActionOverrides) has it enforce in
 * some namespaces.
 */
function ruleEnforces(spec: unknown, validate: unknown): boolean {
  const action = field(validate, 'failureAction') ?? field(spec, 'validationFailureAction');
  const overrides = field(validate, 'failureActionOverrides') ?? field(spec, 'validationFailureActionOverrides');
  return enforces(action) || (Array.isArray(overrides) && overrides.some((o) => enforces(field(o, 'action'))));
}

/**
 * What a validating admission policy may refuse, of the kinds that decide
 * traffic (TRAFFIC_RESOURCES, or a wildcard), or undefined where it
 * refuses none of them: a Kyverno ClusterPolicy or Policy's validate rules
 * that block (ruleEnforces; none with spec.admission false), a Kyverno
 * ValidatingPolicy (or NamespacedValidatingPolicy) whose validationActions
 * hold Deny (the default) where it is evaluated at admission, and a
 * Kubernetes ValidatingAdmissionPolicy, which refuses through a binding
 * with Deny (ValidatingAdmissionPolicyBinding.spec.validationActions).
 */
export function admissionRefusal(obj: RawObject, group: string): AdmissionRefusal | undefined {
  const spec = field(obj.body, 'spec');
  let resources: string[];
  let how: string;
  if (group === 'kyverno.io' && (obj.kind === 'ClusterPolicy' || obj.kind === 'Policy')) {
    if (field(spec, 'admission') === false) return undefined;
    const rules = field(spec, 'rules');
    const blocking = (Array.isArray(rules) ? rules : []).filter((r) => isRecord(r) && isRecord(r['validate']) && ruleEnforces(spec, r['validate']));
    resources = [...new Set(blocking.flatMap((r) => matchedKinds(field(r, 'match'))))].sort();
    how = 'its validate rules with failure action Enforce';
  } else if (group === 'policies.kyverno.io' && /^(Namespaced)?ValidatingPolicy$/.test(obj.kind)) {
    // Kyverno's ValidatingPolicySpec.ValidationActions: Deny where none are given
    const actions = field(spec, 'validationActions');
    const deny = !Array.isArray(actions) || actions.length === 0 || actions.includes('Deny');
    if (!deny || field(spec, 'evaluation', 'admission', 'enabled') === false || field(spec, 'evaluation', 'mode') === 'JSON') return undefined;
    resources = trafficResources(obj);
    how = 'validationActions Deny';
  } else if (group === 'admissionregistration.k8s.io' && obj.kind === 'ValidatingAdmissionPolicy') {
    resources = trafficResources(obj);
    how = 'bound with validationActions Deny';
  } else {
    return undefined;
  }
  if (resources.length === 0) return undefined;
  return { resources, how, ...(obj.kind === 'ValidatingAdmissionPolicy' ? { bound: true as const } : {}) };
}

export function recognise(obj: RawObject, apiVersion: string): Recognised {
  const { group, version } = splitApiVersion(apiVersion);
  const known = byGroupKind.get(`${group}\u0000${obj.kind}`);
  if (known) {
    if (known.versions.includes(version)) return { kind: 'policy', policyKind: known };
    return { kind: 'notAnalysed', reason: `version ${version} of ${known.kind} is not modelled (reachdiff reads ${known.versions.map((v) => `${group}/${v}`).join(', ')})`, effect: { does: 'both', namespaced: known.namespaced } };
  }
  if (obj.kind === 'NetworkPolicy' && group === 'extensions') {
    // the API server refuses it: the cluster gets no such policy
    return { kind: 'notAnalysed', reason: 'extensions/v1beta1 NetworkPolicy is no longer served by Kubernetes (use networking.k8s.io/v1)', effect: null };
  }
  const own = ownEffect(obj, group);
  if (own !== undefined) return own;
  for (const g of POLICY_GROUPS) {
    if (g.groups.includes(group) && g.kinds.includes(obj.kind)) {
      const effect = g.effects?.[obj.kind];
      return { kind: 'notAnalysed', reason: g.reasons?.[obj.kind] ?? `${g.project} policies are not modelled`, effect: effect === undefined ? ANYTHING : effect };
    }
  }
  // the group's other kinds (a ConformanceReport of the project's tests) govern no traffic
  if (group === 'policy.networking.k8s.io' && obj.kind.includes('Policy')) return { kind: 'notAnalysed', reason: `${obj.kind} of ${group} is not modelled`, effect: ANYTHING };
  if (group === 'kyverno.io' && (obj.kind === 'ClusterPolicy' || obj.kind === 'Policy') && generatesPolicies(obj)) {
    return KYVERNO_VERSIONS.includes(version)
      ? { kind: 'generator' }
      : { kind: 'notAnalysed', reason: `version ${version} of Kyverno's ${obj.kind} is not read (reachdiff reads ${KYVERNO_VERSIONS.map((v) => `kyverno.io/${v}`).join(', ')})`, effect: { does: 'both', namespaced: obj.kind === 'Policy' } };
  }
  // Kyverno's CEL kinds (policies.kyverno.io/v1) come in a namespaced form too, which acts within its own namespace
  const kyvernoCel = group === 'policies.kyverno.io' ? /^(Namespaced)?(Mutating|Generating|Deleting)Policy$/.exec(obj.kind) : null;
  const within: KindEffect = { does: 'both', namespaced: kyvernoCel?.[1] !== undefined };
  // mutation at admission (Kyverno's MutatingPolicy, Kubernetes' MutatingAdmissionPolicy and webhooks): not applied
  const mutated =
    kyvernoCel?.[2] === 'Mutating'
      ? mutatingPolicyResources(obj)
      : group === 'admissionregistration.k8s.io' && obj.kind === 'MutatingAdmissionPolicy'
        ? trafficResources(obj)
      : group === 'admissionregistration.k8s.io' && obj.kind === 'MutatingWebhookConfiguration'
        ? webhookResources(obj)
        : [];
  if (mutated.length > 0) {
    return { kind: 'notAnalysed', reason: `its mutations are not applied, and it matches ${mutated.join(', ')}, which decide what traffic is allowed: the objects are analysed as written`, effect: within };
  }
  if (kyvernoCel?.[2] === 'Generating') {
    return { kind: 'notAnalysed', reason: `Kyverno ${obj.kind} objects (CEL) are not expanded`, effect: within };
  }
  // deletion by Kyverno's cleanup controller, on a schedule (kyverno.io/docs/policy-types/cleanup-policy, deleting-policy)
  const deleted = kyvernoCel?.[2] === 'Deleting' ? trafficResources(obj) : group === 'kyverno.io' && (obj.kind === 'ClusterCleanupPolicy' || obj.kind === 'CleanupPolicy') ? cleanedKinds(obj) : [];
  if (deleted.length > 0) {
    return {
      kind: 'notAnalysed',
      reason: `Kyverno's cleanup controller deletes the objects it matches on its schedule, and it matches ${deleted.join(', ')}, which decide what traffic is allowed (the objects are analysed as if they stayed)`,
      effect: { does: 'both', namespaced: kyvernoCel ? kyvernoCel[1] !== undefined : obj.kind === 'CleanupPolicy' },
    };
  }
  if ((group === 'kyverno.io' || group === 'policies.kyverno.io') && obj.kind === 'PolicyException') {
    return { kind: 'notAnalysed', reason: 'Kyverno PolicyExceptions are not applied: generate rules are expanded for the objects they exempt too', effect: ANYTHING };
  }
  if (/NetworkPolicy$/.test(obj.kind)) return { kind: 'notAnalysed', reason: `${obj.kind} of ${group || 'the core group'} is not a Kubernetes NetworkPolicy and is not modelled`, effect: ANYTHING };
  // a group whose traffic kinds are listed above, or one known to govern no traffic, has no others to guess at
  const listed = POLICY_GROUPS.some((g) => g.groups.includes(group)) || NO_TRAFFIC_GROUPS.includes(group);
  const cloudSecurityGroup = CLOUD_GROUP.test(group) && /SecurityGroup(Rule|IngressRule|EgressRule)?$/.test(obj.kind);
  if (!listed && (TRAFFIC_KIND_NAME.test(obj.kind) || cloudSecurityGroup)) {
    // a cloud's firewall stands in front of the nodes: it may refuse what the cluster's policies allow, never allow what they refuse
    return CLOUD_GROUP.test(group)
      ? { kind: 'notAnalysed', reason: `${obj.kind} of ${group} is a cloud resource reachdiff does not model, and its name says it may filter traffic`, effect: cloudEffect(obj.kind) }
      : { kind: 'notAnalysed', reason: `${obj.kind} of ${group || 'the core group'} is a kind reachdiff does not know, and its name says it may govern traffic`, effect: ANYTHING };
  }
  return { kind: 'other' };
}

/**
 * What a GitOps controller's object changes in the manifests it applies
 * (names of its fields), or none: a Flux Kustomization's patches, variable
 * substitution, target namespace and common labels
 * (fluxcd.io/flux/components/kustomize/kustomizations/), an Argo CD
 * Application's Kustomize patches, labels, name affixes and namespace, and
 * the files of a directory it leaves out or takes (argo-cd.readthedocs.io,
 * Application specification). Images, intervals and the like change no
 * traffic; a chart's values change objects the manifests do not hold.
 */
function gitOpsRewrites(obj: RawObject, group: string): string[] {
  const set = (v: unknown) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0) && !(isRecord(v) && Object.keys(v).length === 0) && v !== '';
  if (group === 'kustomize.toolkit.fluxcd.io' && obj.kind === 'Kustomization') {
    const spec = field(obj.body, 'spec');
    const fields = ['targetNamespace', 'namePrefix', 'nameSuffix'].filter((k) => set(field(spec, k)));
    // a patch of a kind that decides no traffic (a ClusterIssuer's ACME server) changes none
    for (const k of ['patches', 'patchesStrategicMerge', 'patchesJson6902']) {
      const list = field(spec, k);
      if (Array.isArray(list) && list.some((p) => !NO_TRAFFIC_KINDS.has(patchedKind(p) ?? ''))) fields.push(k);
    }
    if (set(field(spec, 'postBuild', 'substitute')) || set(field(spec, 'postBuild', 'substituteFrom'))) fields.push('postBuild substitution');
    if (set(field(spec, 'commonMetadata', 'labels'))) fields.push('commonMetadata labels');
    // fluxcd.io/flux/components/kustomize/kustomizations/#components: Kustomize components added to the path's build
    if (set(field(spec, 'components'))) fields.push('components');
    return fields;
  }
  if (group === 'argoproj.io' && (obj.kind === 'Application' || obj.kind === 'ApplicationSet')) {
    const spec = obj.kind === 'ApplicationSet' ? field(obj.body, 'spec', 'template', 'spec') : field(obj.body, 'spec');
    const sources = [field(spec, 'source'), ...(Array.isArray(field(spec, 'sources')) ? (field(spec, 'sources') as unknown[]) : [])];
    const fields = new Set<string>();
    for (const source of sources) {
      for (const k of ['patches', 'commonLabels', 'labels', 'namePrefix', 'nameSuffix', 'namespace', 'replicas', 'components']) if (set(field(source, 'kustomize', k))) fields.add(`kustomize ${k}`);
      // an exclude of the Application's own file and nothing else (the app-of-apps pattern), an include of every manifest
      // (each extension Argo CD reads: .yaml, .yml and .json), leave the rest as it is
      const exclude = field(source, 'directory', 'exclude');
      const dir = String(field(source, 'path') ?? '').replace(/^\.\/+|\/+$/g, '');
      const own = `${dir === '.' || dir === '' ? '' : `${dir}/`}${typeof exclude === 'string' ? exclude : ''}`;
      if (typeof exclude === 'string' && exclude !== '' && (/[*?[{]/.test(exclude) || !(obj.file === own || obj.file.endsWith(`/${own}`)))) fields.add('directory exclude');
      const include = field(source, 'directory', 'include');
      const alternatives = typeof include === 'string' ? globAlternatives(include) : [];
      if (typeof include === 'string' && include !== '' && !alternatives.includes('*') && !['*.yaml', '*.yml', '*.json'].every((a) => alternatives.includes(a))) fields.add('directory include');
    }
    return [...fields];
  }
  return [];
}

/** The kind a Kustomize or Flux patch names: its target's, else the patch's own (a strategic merge patch, inline or as text); undefined where it names none. */
function patchedKind(patch: unknown): string | undefined {
  const target = field(patch, 'target', 'kind');
  if (typeof target === 'string' && target !== '' && !/[*?[]/.test(target)) return target;
  const own = field(patch, 'kind');
  if (typeof own === 'string' && own !== '') return own;
  const text = field(patch, 'patch');
  const m = typeof text === 'string' ? /^kind:[ \t]*["']?([A-Za-z0-9]+)/m.exec(text) : null;
  return m ? m[1] : undefined;
}

/** The patterns of a glob with braces (`{a.yaml,b/*}`): each alternative. */
function globAlternatives(glob: string): string[] {
  const m = /^(.*)\{([^{}]*)\}(.*)$/.exec(glob);
  return m ? m[2]!.split(',').flatMap((alt) => globAlternatives(`${m[1]}${alt}${m[3]}`)) : [glob];
}

/** Kinds that decide no traffic: certificates, secrets, access control, storage, scaling, monitoring, and GitOps sources. */
const NO_TRAFFIC_KINDS: ReadonlySet<string> = new Set([
  'Certificate', 'CertificateRequest', 'ClusterIssuer', 'Issuer', 'Secret', 'SealedSecret', 'ExternalSecret', 'SecretStore', 'ClusterSecretStore',
  'ServiceAccountToken', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PriorityClass',
  'PersistentVolume', 'PersistentVolumeClaim', 'StorageClass', 'VolumeSnapshotClass', 'HorizontalPodAutoscaler', 'VerticalPodAutoscaler',
  'PodDisruptionBudget', 'LimitRange', 'ResourceQuota', 'ServiceMonitor', 'PodMonitor', 'PrometheusRule', 'Probe', 'ScrapeConfig',
  'GitRepository', 'HelmRepository', 'HelmChart', 'OCIRepository', 'Bucket', 'Provider', 'Alert', 'Receiver',
  'ImageRepository', 'ImagePolicy', 'ImageUpdateAutomation',
]);

/** Gatekeeper's mutators that change fields of objects (AssignImage changes images only). */
const GATEKEEPER_MUTATIONS: readonly string[] = ['Assign', 'AssignMetadata', 'ModifySet'];

/**
 * Where a mutation may change what decides traffic: labels, selectors,
 * ports, rules, the host network, the service account, and the annotations
 * reachdiff reads (TRAFFIC_ANNOTATIONS of pods and namespaces,
 * ingress-nginx's default backend); not other annotations.
 */
const TRAFFIC_LOCATION = /labels|selector|ports?\b|containerPort|hostPort|hostNetwork|ingress|egress|policyTypes|ipBlock|cidr|serviceAccount|backend|rules/i;

/** Leaving the mesh's pods for outside it (Kuma's passthrough off). */
const LEAVING_MESH: KindEffect = { does: 'closes', namespaced: false, at: 'source', external: true };

/**
 * Consul's configuration entries that change what traffic its mesh lets
 * through (developer.hashicorp.com/consul/docs/connect/config-entries):
 * a Mesh with transparentProxy.meshDestinationsOnly refuses traffic from
 * the transparent proxies to any destination not registered in the mesh
 * (a pod without a Consul sidecar, an address outside the cluster), and
 * which pods are in the mesh is not known from the manifests; a
 * TerminatingGateway carries the mesh's traffic to services outside it
 * through the gateway's pods, which network policies see in place of the
 * client; an IngressGateway carries traffic from outside the cluster to
 * the mesh's services through its pods. Undefined for other objects, and
 * for a Mesh that refuses nothing.
 */
function consulEffect(obj: RawObject): Recognised | undefined {
  if (obj.kind === 'Mesh') {
    if (field(obj.body, 'spec', 'transparentProxy', 'meshDestinationsOnly') !== true) return { kind: 'other' };
    return {
      kind: 'notAnalysed',
      reason: "with meshDestinationsOnly, Consul's transparent proxies refuse traffic to destinations not registered in the mesh (pods without a Consul sidecar, addresses outside the cluster), and which pods are in the mesh is not known: not modelled",
      effect: { does: 'closes', namespaced: false, at: 'source' },
    };
  }
  if (obj.kind === 'TerminatingGateway') {
    return {
      kind: 'notAnalysed',
      reason: "Consul's terminating gateway carries the mesh's traffic to the services it lists outside the mesh through its own pods, which network policies see in place of the client: not modelled",
      effect: { does: 'both', namespaced: false, at: 'source', external: true },
    };
  }
  if (obj.kind === 'IngressGateway') {
    return {
      kind: 'notAnalysed',
      reason: "Consul's ingress gateway carries traffic from outside the cluster to the mesh's services it lists through its own pods: not modelled",
      effect: { does: 'both', namespaced: false, at: 'destination', external: true },
    };
  }
  return undefined;
}

/**
 * Cilium's objects that send traffic elsewhere than its address says, and
 * why each is not modelled: an Envoy configuration sends the traffic of the
 * Services it names into Envoy listeners in the agents, whose filters may
 * refuse it or route it to other Services (its backendServices:
 * docs.cilium.io, servicemesh/l7-traffic-management); a local redirect
 * policy sends traffic to an address or a Service to the node-local pods
 * it selects (docs.cilium.io, network/kubernetes/local-redirect-policy).
 */
const CILIUM_REDIRECTS: Readonly<Record<string, string>> = {
  CiliumEnvoyConfig: 'Cilium sends traffic through the Envoy listeners it configures, whose filters may refuse it and whose routes may send it to other Services: not modelled',
  CiliumClusterwideEnvoyConfig: 'Cilium sends traffic through the Envoy listeners it configures, whose filters may refuse it and whose routes may send it to other Services: not modelled',
  CiliumLocalRedirectPolicy: "Cilium sends the traffic to its frontend (an address, or a Service) to the node-local pods its backend selects instead: not modelled",
};

/**
 * Objects whose effect is told by what they say, not by their kind alone
 * (undefined for the others): a Kuma Mesh refuses what no traffic
 * permission admits only with mTLS on (kuma.io/docs, MeshTrafficPermission),
 * and traffic leaving the mesh with passthrough off; a MeshPassthrough
 * refuses that unless its mode is All (Kong Mesh docs, MeshPassthrough: None
 * disallows all such traffic, Matched all but what it lists); an Envoy
 * Gateway SecurityPolicy refuses nothing where it says no more than CORS
 * (the browser's to enforce) and what it targets.
 * An Istio Sidecar refuses hosts outside the registry with its own
 * REGISTRY_ONLY, or with egress hosts under the mesh's.
 */
function ownEffect(obj: RawObject, group: string): Recognised | undefined {
  if (group === 'kuma.io' && obj.kind === 'Mesh') {
    const backend = field(obj.body, 'spec', 'mtls', 'enabledBackend');
    const mtls = typeof backend === 'string' && backend !== '';
    const closed = field(obj.body, 'spec', 'networking', 'outbound', 'passthrough') === false;
    const why = [...(mtls ? ['with mTLS, Kuma refuses what no traffic permission admits'] : []), ...(closed ? ['with passthrough off, it refuses traffic from the mesh to hosts outside it'] : [])];
    if (why.length === 0) return { kind: 'other' };
    // both: paths with a mesh pod at either end
    const effect: KindEffect = mtls && closed ? { does: 'closes', namespaced: false } : mtls ? MESH_WIDE : LEAVING_MESH;
    return { kind: 'notAnalysed', reason: `${why.join('; ')}: not modelled`, effect };
  }
  if (group === 'kuma.io' && obj.kind === 'MeshPassthrough') {
    return field(obj.body, 'spec', 'default', 'passthroughMode') === 'All'
      ? { kind: 'other' }
      : { kind: 'notAnalysed', reason: 'a MeshPassthrough that is not All refuses traffic from the mesh to hosts outside it it does not list, which is not modelled', effect: LEAVING_MESH };
  }
  const consul = group === 'consul.hashicorp.com' ? consulEffect(obj) : undefined;
  if (consul) return consul;
  // istio.io/latest/docs/reference/config/networking/sidecar/: a Sidecar's outboundTrafficPolicy REGISTRY_ONLY refuses hosts outside the registry
  if (group === 'networking.istio.io' && obj.kind === 'Sidecar') {
    const mode = field(obj.body, 'spec', 'outboundTrafficPolicy', 'mode');
    const egress = field(obj.body, 'spec', 'egress');
    if (mode === 'REGISTRY_ONLY') {
      return { kind: 'notAnalysed', reason: "its outboundTrafficPolicy REGISTRY_ONLY refuses traffic to hosts outside the mesh's registry and its egress hosts, which is not modelled", effect: { does: 'closes', namespaced: true, at: 'source' } };
    }
    // under the mesh's REGISTRY_ONLY, its egress hosts are all its pods reach (with ALLOW_ANY, the others pass through)
    if (mode === undefined && Array.isArray(egress) && egress.length > 0) {
      return { kind: 'notAnalysed', reason: "its egress hosts are the only ones its pods reach where the mesh's outboundTrafficPolicy is REGISTRY_ONLY, which is not modelled", effect: { does: 'closes', namespaced: true, at: 'source', requires: 'istioRegistryOnly' } };
    }
  }
  // istio.io/latest/docs/reference/config/networking/envoy-filter/: it patches the proxies' configuration, with filters that may refuse connections
  if (group === 'networking.istio.io' && obj.kind === 'EnvoyFilter') {
    return { kind: 'notAnalysed', reason: "it patches the configuration of the mesh's proxies, whose filters (RBAC, external authorization) may refuse connections: not modelled", effect: { does: 'closes', namespaced: true } };
  }
  // istio.io/latest/docs/reference/config/proxy_extensions/wasm-plugin/: a Wasm filter in the proxies, in their
  // authentication or authorization phase or on TCP (NETWORK), may refuse connections
  if (group === 'extensions.istio.io' && obj.kind === 'WasmPlugin') {
    return { kind: 'notAnalysed', reason: "it adds a Wasm filter to the mesh's proxies, which may refuse connections (authentication, authorization): not modelled", effect: { does: 'closes', namespaced: true } };
  }
  // open-policy-agent.github.io/gatekeeper/website/docs/mutation: mutations applied at admission, to what their match names
  if (group === 'mutations.gatekeeper.sh' && GATEKEEPER_MUTATIONS.includes(obj.kind)) {
    const location = field(obj.body, 'spec', 'location');
    return typeof location === 'string' && !TRAFFIC_LOCATION.test(location) && !TRAFFIC_ANNOTATION_PATTERN.test(location)
      ? { kind: 'other' }
      : { kind: 'notAnalysed', reason: `its mutation${typeof location === 'string' ? ` of ${location}` : ''} is not applied, and it may change what decides traffic: the objects are analysed as written`, effect: ANYTHING };
  }
  // GitOps controllers that change the manifests they apply: what the cluster gets is not what the files say
  const rewrites = gitOpsRewrites(obj, group);
  if (rewrites.length > 0) {
    return { kind: 'notAnalysed', reason: `it changes the manifests it applies (${rewrites.join(', ')}), which is not applied here: they are analysed as written`, effect: ANYTHING };
  }
  // a kustomization read as a manifest (a file named on its own): its resources, patches and generators are not applied
  if (group === 'kustomize.config.k8s.io' && (obj.kind === 'Kustomization' || obj.kind === 'Component')) {
    // one that only lists resources changes none: the files it lists, named too, are read as they are
    if (Object.keys(obj.body).every((k) => ['apiVersion', 'kind', 'metadata', 'resources'].includes(k))) return { kind: 'other' };
    return { kind: 'notAnalysed', reason: "it is a Kustomize kustomization read as a manifest, so its patches, generators and transformers are not applied; give its directory, which is built (or left out and reported)", effect: ANYTHING };
  }
  // capsule.clastix.io: a TenantResource makes the objects it holds in its tenant's namespaces
  if (group === 'capsule.clastix.io' && (obj.kind === 'TenantResource' || obj.kind === 'GlobalTenantResource')) {
    return { kind: 'notAnalysed', reason: 'it makes the objects it holds (rawItems) or copies (namespacedItems) in its tenant\'s namespaces, which are not read here', effect: ANYTHING };
  }
  // Cilium's redirects: the loader tells where each acts (ciliumRedirect); an object it cannot place acts anywhere
  if (group === 'cilium.io' && CILIUM_REDIRECTS[obj.kind] !== undefined) return { kind: 'notAnalysed', reason: CILIUM_REDIRECTS[obj.kind]!, effect: ANYTHING };
  if (group === 'gateway.envoyproxy.io' && obj.kind === 'SecurityPolicy') {
    const spec = field(obj.body, 'spec');
    // anything besides CORS and what it targets (csrf, authentication, authorization, fields of later versions) may refuse requests
    const refuses = isRecord(spec) && Object.entries(spec).some(([k, v]) => v !== undefined && v !== null && !['cors', 'targetRef', 'targetRefs', 'targetSelectors', 'mergeType'].includes(k));
    return refuses ? undefined : { kind: 'other' };
  }
  return undefined;
}

/** `CiliumNetworkPolicies`, `AuthorizationPolicies`, `Tiers`, `Ingresses`. */
export function pluralOfKind(kind: string): string {
  const known = POLICY_KINDS.find((k) => k.kind === kind);
  if (known) return known.plural;
  if (/[^aeiou]y$/.test(kind)) return `${kind.slice(0, -1)}ies`;
  return /(s|x|ch|sh)$/.test(kind) ? `${kind}es` : `${kind}s`;
}
