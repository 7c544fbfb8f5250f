/**
 * Settings of network plugins and meshes, in the objects their charts
 * render, that change what the policies reachdiff reads do: reachdiff
 * analyses the policies as enforced in each project's default mode, and
 * reports a setting that departs from it (RD011) with what it may do to
 * the paths shown.
 */
import type { RawObject } from '../model/objects.js';
import { field, isRecord } from '../model/objects.js';
import type { CiliumAgentFlag, CiliumAgentFlags, CiliumAgentFlagState } from '../policy/kind.js';
import type { NotAnalysedEffect } from './cluster.js';
import { ISTIO_ROOT_NAMESPACE, isConfigMapNamed, yamlText } from './meshes.js';

/** A setting that departs from what reachdiff analyses: its key and value, why it matters, and what it may do to paths. */
export interface PluginSetting {
  readonly key: string;
  readonly value: string;
  readonly why: string;
  readonly effect: NotAnalysedEffect;
}

/** A boolean as Go's strconv.ParseBool reads it (Cilium's flags, through viper): undefined for anything else. */
function goBool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v !== 'string') return undefined;
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(v)) return false;
  return undefined;
}

/**
 * Cilium's agent settings (cilium-config, or a CiliumNodeConfig's defaults
 * for some nodes): the policy enforcement mode `enable-policy`, which the
 * agent reads in lower case (docs.cilium.io/en/stable/security/policy/intro/:
 * in never, no policy is enforced; in always, an endpoint no policy selects
 * is in default deny too), policy audit mode (no policy is enforced, its
 * verdicts only logged: docs.cilium.io, Creating Policies from Verdicts),
 * `enable-k8s-networkpolicy`, `enable-cilium-network-policy` and
 * `enable-cilium-clusterwide-network-policy` set false, where policies of
 * that API are not enforced (cilium-agent's flags of those names, true by
 * default), and an identity label filter of its own (`labels`:
 * docs.cilium.io, Limiting Identity-Relevant Labels: once an inclusive
 * pattern is given, only the labels it matches are in identities, so
 * selectors on the others match nothing, Kubernetes NetworkPolicies' too).
 * Settings that turn enforcement off matter only where the state holds
 * policies for them to turn off.
 */
/** cilium-agent's flags that turn off the enforcement of one API's policies (true by default): the policies, and the kind the state must hold for it to matter. */
const CILIUM_ENFORCEMENT_FLAGS: ReadonlyArray<readonly [key: string, kinds: string, requires: NonNullable<NotAnalysedEffect['requires']>]> = [
  ['enable-k8s-networkpolicy', 'Kubernetes NetworkPolicies', 'networkPolicies'],
  ['enable-cilium-network-policy', 'CiliumNetworkPolicies', 'ciliumPolicies'],
  ['enable-cilium-clusterwide-network-policy', 'CiliumClusterwideNetworkPolicies', 'ciliumClusterwidePolicies'],
];

function cilium(data: Record<string, unknown>): PluginSetting[] {
  const out: PluginSetting[] = [];
  const raw = data['enable-policy'];
  const mode = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
  if (mode === 'never') {
    out.push({ key: 'enable-policy', value: String(raw), why: 'Cilium enforces no policy in this mode: all traffic is allowed', effect: { does: 'opens', enforcement: 'off', requires: 'policies' } });
  }
  if (mode === 'always') {
    out.push({ key: 'enable-policy', value: String(raw), why: 'Cilium enforces policy on every endpoint in this mode, also where no policy selects it: what no rule allows is dropped', effect: { does: 'closes' } });
  }
  if (goBool(data['policy-audit-mode']) === true) {
    out.push({ key: 'policy-audit-mode', value: String(data['policy-audit-mode']), why: "in audit mode Cilium logs policies' verdicts and drops nothing", effect: { does: 'opens', enforcement: 'off', requires: 'policies' } });
  }
  for (const [key, kinds, requires] of CILIUM_ENFORCEMENT_FLAGS) {
    if (goBool(data[key]) === false) out.push({ key, value: String(data[key]), why: `Cilium does not enforce ${kinds}`, effect: { does: 'opens', enforcement: 'off', requires } });
  }
  const cidrMode = data[CIDR_MATCH_MODE];
  const cidrWhy = typeof cidrMode === 'string' ? cidrMatchModeWhy(cidrMatchModes(cidrMode)) : undefined;
  if (cidrWhy !== undefined) {
    out.push({ key: CIDR_MATCH_MODE, value: String(cidrMode), why: `Cilium's CIDR rules and NetworkPolicies' ipBlocks then select ${cidrWhy}, which reachdiff does not model (by default they select no pod and no node)`, effect: { does: 'both', requires: 'policies' } });
  }
  const labels = data['labels'];
  if (typeof labels === 'string' && labels.trim() !== '') {
    out.push({
      key: 'labels',
      value: labels,
      why: "Cilium builds identities from the labels this filter keeps, not from its default filter, which reachdiff models: a selector on a label left out of identities matches no pod, Kubernetes NetworkPolicies' too",
      effect: { does: 'both', requires: 'policies' },
    });
  }
  return out;
}

/** cilium-agent's flag that lets CIDR rules and ipBlocks select addresses in the cluster. */
export const CIDR_MATCH_MODE = 'policy-cidr-match-mode';

/**
 * The modes of Cilium's policy-cidr-match-mode, a list flag (StringSlice,
 * empty by default) the agent reads from cilium-config as viper reads a
 * list from text: split at white space (`pods nodes`). Commas split too
 * here, so that a value the agent may read otherwise is still reported.
 * The modes are `nodes` (Cilium 1.15 and later) and `pods` (cilium/cilium
 * PR #45194, "policy: Allow CIDR selectors to match in-cluster IPs"); the
 * agent refuses to start on a mode it does not know (pkg/option/config.go
 * validatePolicyCIDRMatchMode), as versions before `pods` do on it.
 */
export function cidrMatchModes(value: string): string[] {
  return value.split(/[\s,]+/).filter((m) => m === 'pods' || m === 'nodes');
}

/**
 * What CIDR rules and ipBlocks select besides external addresses under
 * these modes (docs.cilium.io, Layer 3 Policies, "Selecting pods or nodes
 * with CIDR / ipBlock"): the pods whose addresses they hold, the nodes'
 * addresses (so host-network pods where a block holds their node);
 * undefined where the modes add nothing.
 */
export function cidrMatchModeWhy(modes: readonly string[]): string | undefined {
  const what = [
    ...(modes.includes('pods') ? ['the pods whose addresses they hold'] : []),
    ...(modes.includes('nodes') ? ["nodes' addresses, so host-network pods where a block holds their node"] : []),
  ];
  return what.length === 0 ? undefined : what.join(', and ');
}

/**
 * What a Cilium settings object (cilium-config, or a CiliumNodeConfig's
 * defaults for the nodes it selects) says of `enable-k8s-cluster-network-policy`,
 * the agent's flag that has it enforce ClusterNetworkPolicies: from Cilium
 * 1.20, false by default, the API being alpha
 * (docs.cilium.io/en/latest/network/kubernetes/policy/). `value` as
 * written, where it is set, and whether the agent reads it as true;
 * undefined for any other object.
 */
export interface CiliumClusterNetworkPolicySetting {
  readonly node: boolean;
  readonly value?: string;
  readonly on: boolean;
  /** The agent's flags of CILIUM_AGENT_FLAGS it sets, as written and as the agent reads them. */
  readonly flags: Partial<Record<CiliumAgentFlag, { readonly value: string; readonly on: boolean }>>;
}

export function ciliumClusterNetworkPolicySetting(obj: RawObject, group: string): CiliumClusterNetworkPolicySetting | undefined {
  const node = group === 'cilium.io' && obj.kind === 'CiliumNodeConfig';
  if (!node && !(group === '' && obj.kind === 'ConfigMap' && isConfigMapNamed(obj, 'cilium-config'))) return undefined;
  const data = node ? field(obj.body, 'spec', 'defaults') : field(obj.body, 'data');
  const flags: Partial<Record<CiliumAgentFlag, { value: string; on: boolean }>> = {};
  for (const flag of Object.keys(CILIUM_AGENT_FLAGS) as CiliumAgentFlag[]) {
    const v = isRecord(data) ? data[flag] : undefined;
    // a value Go's ParseBool does not take leaves the agent's default (it refuses to start on it, so none is applied)
    const on = goBool(v);
    if (on !== undefined) flags[flag] = { value: String(v), on };
  }
  const raw = isRecord(data) ? data['enable-k8s-cluster-network-policy'] : undefined;
  if (raw === undefined || raw === null) return { node, on: false, flags };
  return { node, value: String(raw), on: goBool(raw) === true, flags };
}

/**
 * cilium-agent's flags that decide whether it takes some policies at all,
 * or how it reads one of their fields, with their defaults: the agent's
 * rule validation (cilium/cilium pkg/policy/api/rule_validation.go) refuses
 * a rule with fromNodes or toNodes unless enable-node-selector-labels is
 * on, a rule with L7 rules unless enable-l7-proxy is, and one with icmps
 * unless enable-icmp-rules is, and a refused rule leaves its whole policy
 * out; with enable-non-default-deny-policies off, Rule.Sanitize sets
 * enableDefaultDeny true whatever the policy says (defaults:
 * pkg/defaults, pkg/option/config.go).
 */
export const CILIUM_AGENT_FLAGS: Readonly<Record<CiliumAgentFlag, boolean>> = {
  'enable-node-selector-labels': false,
  'enable-l7-proxy': true,
  'enable-icmp-rules': true,
  'enable-non-default-deny-policies': true,
};

/**
 * What Cilium's agents do under each flag of CILIUM_AGENT_FLAGS, from the
 * Cilium settings objects of the manifests (settings items' `cilium`, each
 * with its name and place): the value of every cilium-config (the
 * default where one does not set it, or where the manifests hold none), and
 * of every CiliumNodeConfig that sets it for some nodes; one value where
 * they agree, `some` where they do not (which nodes run which is not
 * known). `why` names where it is set, for messages.
 */
export function ciliumAgentFlags(settings: ReadonlyArray<{ readonly name: string; readonly source: { readonly file: string; readonly line: number }; readonly cilium?: CiliumClusterNetworkPolicySetting }>): CiliumAgentFlags {
  const objects = settings.filter((s) => s.cilium !== undefined);
  const configs = objects.filter((s) => !s.cilium!.node);
  const out: Partial<Record<CiliumAgentFlag, CiliumAgentFlagState>> = {};
  for (const flag of Object.keys(CILIUM_AGENT_FLAGS) as CiliumAgentFlag[]) {
    const fallback = CILIUM_AGENT_FLAGS[flag];
    const said: Array<{ on: boolean; why: string }> = [];
    for (const s of objects) {
      const set = s.cilium!.flags[flag];
      const at = `${s.name} (${s.source.file}:${s.source.line})`;
      if (set) said.push({ on: set.on, why: `${at} sets it to "${set.value}"${s.cilium!.node ? ' on the nodes it selects' : ''}` });
      else if (!s.cilium!.node) said.push({ on: fallback, why: `${at} does not set it (${fallback ? 'on' : 'off'} by default)` });
    }
    if (configs.length === 0) said.push({ on: fallback, why: `the manifests hold no cilium-config that sets it (${fallback ? 'on' : 'off'} by default)` });
    const values = new Set(said.map((x) => x.on));
    const on = values.size === 1 ? [...values][0]! : 'some';
    // the objects that set it otherwise than the default, or else what keeps the default
    const telling = said.filter((x) => x.on !== fallback);
    out[flag] = { on, why: (telling.length > 0 ? telling : said.slice(0, 1)).map((x) => x.why).join('; ') };
  }
  return out as CiliumAgentFlags;
}

/**
 * The Amazon VPC CNI's `amazon-vpc-cni` ConfigMap in kube-system
 * (docs.aws.amazon.com/eks/latest/userguide/cni-network-policy-configure.html):
 * with `enable-network-policy-controller` false, the default of the CNI's
 * own manifest, its controller turns no Kubernetes network policy into
 * rules for its node agent, so it enforces none (another plugin may).
 */
function vpcCni(data: Record<string, unknown>): PluginSetting[] {
  const raw = data['enable-network-policy-controller'];
  if (goBool(raw) !== false) return [];
  return [
    {
      key: 'enable-network-policy-controller',
      value: String(raw),
      why: "the Amazon VPC CNI's network policy controller is off, so the CNI enforces no Kubernetes network policy (another plugin may)",
      effect: { does: 'opens', enforcement: 'off', requires: 'kubernetesPolicies' },
    },
  ];
}

/** The Amazon VPC CNI's ConfigMap, under the one name and namespace its controller reads. */
function isVpcCniConfig(obj: RawObject, namespace: string): boolean {
  return obj.kind === 'ConfigMap' && namespace === 'kube-system' && field(obj.body, 'metadata', 'name') === 'amazon-vpc-cni';
}

/**
 * Istio's mesh configuration (the `istio` ConfigMap's `mesh`, or an
 * IstioOperator's meshConfig or values.meshConfig): outboundTrafficPolicy REGISTRY_ONLY refuses
 * traffic from the mesh's pods to hosts outside its service registry
 * (istio.io, Accessing External Services): addresses outside the cluster
 * unless a ServiceEntry names them.
 */
function istio(mesh: unknown): PluginSetting[] {
  return field(mesh, 'outboundTrafficPolicy', 'mode') === 'REGISTRY_ONLY' ? [ISTIO_REGISTRY_ONLY] : [];
}

/** Istio's mesh-wide REGISTRY_ONLY (Sidecars' egress hosts then limit their pods: see the loader). */
export const ISTIO_REGISTRY_ONLY: PluginSetting = {
  key: 'outboundTrafficPolicy',
  value: 'REGISTRY_ONLY',
  why: "Istio's sidecars refuse traffic to hosts outside the mesh's registry (those no ServiceEntry names)",
  effect: { does: 'closes', at: 'source', external: true },
};

/** The Sail Operator's groups, the current one and the one before it (operator.istio.io). */
const SAIL_GROUPS: readonly string[] = ['sailoperator.io', 'operator.istio.io'];

/**
 * An IstioOperator's mesh configuration: its `spec.meshConfig` laid over
 * its `spec.values.meshConfig`. The operator implements the one as the
 * other (istio/istio, "Use values.meshConfig as implementation for
 * meshConfig field"), and the istiod chart renders the `istio` ConfigMap
 * from `.Values.meshConfig`, so either spelling configures the mesh; where
 * both set a field, `spec.meshConfig`'s wins.
 */
function overlay(under: unknown, over: unknown): unknown {
  if (!isRecord(under)) return over ?? under;
  if (!isRecord(over)) return under;
  const out: Record<string, unknown> = { ...under };
  for (const [key, value] of Object.entries(over)) out[key] = overlay(under[key], value);
  return out;
}

/** The mesh configuration an object holds: the `istio` ConfigMap's (of any revision, `istio-<revision>`), an IstioOperator's meshConfig (over its values.meshConfig) or a Sail Operator Istio's values.meshConfig, with the control plane's namespace. */
function istioMesh(obj: RawObject, group: string, namespace: string): { readonly mesh: unknown; readonly namespace: string } | undefined {
  if (group === '' && obj.kind === 'ConfigMap') {
    const name = field(obj.body, 'metadata', 'name');
    if (typeof name !== 'string' || !(name === 'istio' || name.startsWith('istio-'))) return undefined;
    const mesh = yamlText(field(obj.body, 'data', 'mesh'), obj.file);
    return isRecord(mesh) ? { mesh, namespace } : undefined;
  }
  // OpenShift Service Mesh 2: the root namespace is the control plane's
  if (group === 'maistra.io' && obj.kind === 'ServiceMeshControlPlane') return { mesh: {}, namespace };
  if ((group === 'install.istio.io' && obj.kind === 'IstioOperator') || (SAIL_GROUPS.includes(group) && (obj.kind === 'Istio' || obj.kind === 'IstioRevision'))) {
    const own = field(obj.body, 'spec', 'namespace');
    const values = field(obj.body, 'spec', 'values', 'meshConfig');
    const mesh = obj.kind === 'IstioOperator' ? overlay(values, field(obj.body, 'spec', 'meshConfig')) : values;
    return { mesh, namespace: typeof own === 'string' && own !== '' ? own : ISTIO_ROOT_NAMESPACE };
  }
  return undefined;
}

/**
 * The root namespace of the Istio mesh an object configures (its mesh
 * configuration's rootNamespace, else the control plane's namespace:
 * istio.io, MeshConfig), or undefined for another object.
 */
export function istioRootNamespace(obj: RawObject, group: string, namespace: string): string | undefined {
  const config = istioMesh(obj, group, namespace);
  if (!config) return undefined;
  const root = field(config.mesh, 'rootNamespace');
  return typeof root === 'string' && root !== '' ? root : config.namespace;
}

/**
 * Whether an object is one whose settings reachdiff reads (those of
 * pluginSettings, and Linkerd's linkerd-config): the cluster keeps its last
 * declaration, whatever the earlier ones said.
 */
export function holdsSettings(obj: RawObject, group: string, namespace: string): boolean {
  if (group === '') {
    if (obj.kind !== 'ConfigMap') return false;
    const name = field(obj.body, 'metadata', 'name');
    return (
      isConfigMapNamed(obj, 'cilium-config') ||
      isConfigMapNamed(obj, 'linkerd-config') ||
      isVpcCniConfig(obj, namespace) ||
      // Istio's of the default revision, or of another (`istio-<revision>`) where it holds a mesh configuration
      name === 'istio' ||
      (typeof name === 'string' && name.startsWith('istio-') && field(obj.body, 'data', 'mesh') !== undefined)
    );
  }
  return (
    (group === 'cilium.io' && obj.kind === 'CiliumNodeConfig') ||
    (SAIL_GROUPS.includes(group) && (obj.kind === 'Istio' || obj.kind === 'IstioRevision')) ||
    (group === 'maistra.io' && obj.kind === 'ServiceMeshControlPlane') ||
    (group === 'install.istio.io' && obj.kind === 'IstioOperator')
  );
}

/** The settings an object holds that depart from what reachdiff analyses (none for most objects). */
export function pluginSettings(obj: RawObject, group: string, namespace: string): PluginSetting[] {
  if (group === '' && obj.kind === 'ConfigMap' && isConfigMapNamed(obj, 'cilium-config')) {
    const data = field(obj.body, 'data');
    return isRecord(data) ? cilium(data) : [];
  }
  if (group === '' && isVpcCniConfig(obj, namespace)) {
    const data = field(obj.body, 'data');
    return isRecord(data) ? vpcCni(data) : [];
  }
  if (SAIL_GROUPS.includes(group) && (obj.kind === 'Istio' || obj.kind === 'IstioRevision')) return istio(field(obj.body, 'spec', 'values', 'meshConfig'));
  // OpenShift Service Mesh 2 (docs.redhat.com, ServiceMeshControlPlane): spec.proxy.networking.trafficControl.outbound.policy
  if (group === 'maistra.io' && obj.kind === 'ServiceMeshControlPlane') {
    return field(obj.body, 'spec', 'proxy', 'networking', 'trafficControl', 'outbound', 'policy') === 'REGISTRY_ONLY' ? [ISTIO_REGISTRY_ONLY] : [];
  }
  // docs.cilium.io/en/stable/configuration/per-node-config/: its defaults override cilium-config on the nodes it selects
  if (group === 'cilium.io' && obj.kind === 'CiliumNodeConfig') {
    const defaults = field(obj.body, 'spec', 'defaults');
    return isRecord(defaults) ? cilium(defaults) : [];
  }
  // the Sail Operator's Istio and OpenShift Service Mesh's control plane are read above
  const config = obj.kind === 'IstioOperator' || obj.kind === 'ConfigMap' ? istioMesh(obj, group, namespace) : undefined;
  return config ? istio(config.mesh) : [];
}

/** How a settings object is named in messages and witnesses: a ConfigMap without the hash suffix Kustomize adds, so that the suffix changing with its content does not make a witness new. */
export function settingsObjectName(obj: RawObject, name: string | undefined): string {
  if (obj.kind === 'ConfigMap' && name !== undefined) {
    const namespace = name.includes('/') ? name.slice(0, name.lastIndexOf('/') + 1) : '';
    for (const base of ['cilium-config', 'linkerd-config', 'istio']) if (isConfigMapNamed(obj, base)) return `${namespace}${base}`;
  }
  return name ?? '';
}
