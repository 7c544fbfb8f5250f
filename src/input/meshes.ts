/**
 * Objects of service meshes that reachdiff does not model, and what each
 * may do to the paths it shows.
 */
import type { RawObject } from '../model/objects.js';
import { field, isRecord } from '../model/objects.js';
import type { NotAnalysedEffect } from './cluster.js';
import { parseDocuments } from './yaml/documents.js';

/**
 * Istio's root namespace, where a policy applies to the whole mesh, where
 * the manifests do not hold the mesh's configuration (meshConfig.rootNamespace
 * defaults to the control plane's namespace, istio-system by default).
 */
export const ISTIO_ROOT_NAMESPACE = 'istio-system';

/**
 * Whether an Istio object may refuse traffic: a PeerAuthentication only in
 * STRICT mode, for the workload or a port (PERMISSIVE takes plaintext too,
 * DISABLE and UNSET refuse nothing); an AuthorizationPolicy unless its
 * action is AUDIT, which only logs (istio.io reference: peer_authentication,
 * authorization-policy).
 */
export function istioRefuses(obj: RawObject): boolean {
  // a Sidecar is reported only where it refuses (REGISTRY_ONLY)
  if (obj.kind === 'Sidecar') return true;
  if (obj.kind === 'PeerAuthentication') {
    const ports = field(obj.body, 'spec', 'portLevelMtls');
    const modes = [field(obj.body, 'spec', 'mtls', 'mode'), ...(isRecord(ports) ? Object.values(ports).map((p) => field(p, 'mode')) : [])];
    return modes.includes('STRICT');
  }
  return obj.kind !== 'AuthorizationPolicy' || field(obj.body, 'spec', 'action') !== 'AUDIT';
}

/** Linkerd's global egress namespace: an EgressNetwork there (and a policy on it) applies to clients in every namespace (the default of egress.globalEgressNetworkNamespace). */
export const LINKERD_EGRESS_NAMESPACE = 'linkerd-egress';

/**
 * What a mesh's object may do to paths, given what its kind may do
 * (`effect`, within the object's namespace where the kind keeps to one):
 * undefined where this object refuses nothing. An Istio policy in the root
 * namespace acts mesh-wide (see `istio`); an Istio AuthorizationPolicy acts
 * too on traffic from any pod to external addresses, which an egress
 * gateway or waypoint it may govern carries. A Linkerd EgressNetwork refuses traffic from
 * the clients of its namespace (every namespace, in the global egress
 * namespace) to addresses outside the cluster only when its trafficPolicy
 * is Deny (Allow lets all through: linkerd.io/2/reference/egress-network/),
 * and so does an AuthorizationPolicy whose target is an EgressNetwork.
 */
export function meshEffect(obj: RawObject, group: string, effect: NotAnalysedEffect): NotAnalysedEffect | undefined {
  if (group === 'security.istio.io' || (group === 'networking.istio.io' && (obj.kind === 'Sidecar' || obj.kind === 'EnvoyFilter')) || (group === 'extensions.istio.io' && obj.kind === 'WasmPlugin')) {
    // an EnvoyFilter's workloadSelector (a WasmPlugin's selector) limits it to the pods it selects, in the root namespace too
    const labels = obj.kind === 'EnvoyFilter' ? field(obj.body, 'spec', 'workloadSelector', 'labels') : obj.kind === 'WasmPlugin' ? field(obj.body, 'spec', 'selector', 'matchLabels') : undefined;
    const selects = isRecord(labels) ? Object.fromEntries(Object.entries(labels).filter((e): e is [string, string] => typeof e[1] === 'string')) : undefined;
    // an AuthorizationPolicy may govern an egress gateway or waypoint (istio.io/latest/docs/tasks/security/authorization/authz-egress/,
    // ambient/usage/egress-gateway/), which carries the mesh's traffic to external addresses: which pods are such is not known
    const egress = obj.kind === 'AuthorizationPolicy' ? { egress: true as const } : {};
    return istioRefuses(obj) ? { ...effect, rootOf: 'istio', ...egress, ...(selects && Object.keys(selects).length > 0 ? { selects } : {}) } : undefined;
  }
  if (group === 'policy.linkerd.io') {
    const egress = (e: NotAnalysedEffect) => linkerdEgress(e.namespace);
    if (obj.kind === 'EgressNetwork') return field(obj.body, 'spec', 'trafficPolicy') === 'Allow' ? undefined : egress(effect);
    if (obj.kind === 'AuthorizationPolicy' && field(obj.body, 'spec', 'targetRef', 'kind') === 'EgressNetwork') return egress(effect);
  }
  return effect;
}

/**
 * What Linkerd's egress control in a namespace may do: refuse (or send
 * elsewhere) traffic from its clients to addresses outside the cluster;
 * every namespace's (less those with their own) in the global egress
 * namespace, which the loader knows once every file is read.
 */
export function linkerdEgress(namespace: string | undefined): NotAnalysedEffect {
  return { does: 'closes', at: 'source', external: true, rootOf: 'linkerd-egress', ...(namespace !== undefined ? { namespace } : {}) };
}

/**
 * A route attached to a Linkerd EgressNetwork (parentRefs of its kind)
 * sends traffic leaving the cluster where its rules say, perhaps to a
 * Service inside it (linkerd.io/2/tasks/managing-egress-traffic/): the
 * namespace of the EgressNetwork it attaches to, or undefined for none.
 */
export function egressNetworkParent(obj: RawObject, namespace: string): string | undefined {
  const refs = field(obj.body, 'spec', 'parentRefs');
  if (!Array.isArray(refs)) return undefined;
  for (const r of refs) {
    if (isRecord(r) && r['kind'] === 'EgressNetwork') return typeof r['namespace'] === 'string' && r['namespace'] !== '' ? r['namespace'] : namespace;
  }
  return undefined;
}

export { LINKERD_DEFAULT_POLICY } from '../model/annotations.js';

/**
 * What a Linkerd default inbound policy refuses to the meshed pods it
 * governs (linkerd.io/2/reference/authorization-policy/, "Default
 * policies"), with why; undefined for one that refuses nothing
 * (all-unauthenticated, the default, and audit, which only flags). Which
 * pods carry Linkerd's proxy, and which clients are meshed, is not known
 * from the manifests, so a policy that refuses unmeshed clients may refuse
 * any of them.
 */
export function linkerdRefuses(value: string): { readonly external?: true; readonly why: string } | undefined {
  switch (value) {
    case 'all-unauthenticated':
    case 'audit':
      return undefined;
    case 'cluster-unauthenticated':
      return { external: true, why: 'it refuses clients outside the cluster networks' };
    case 'all-authenticated':
    case 'cluster-authenticated':
      return { why: 'it refuses clients without a Linkerd proxy, and which pods have one is not known' };
    case 'deny':
      return { why: 'it refuses all traffic that no Linkerd Server and authorization admits' };
    default:
      return { why: `"${value}" is not a default policy Linkerd documents` };
  }
}

/**
 * Linkerd's control plane configuration, where the manifests hold it (the
 * linkerd-config ConfigMap the chart renders, whose `values` are the
 * chart's): the cluster-wide default inbound policy
 * (proxy.defaultInboundPolicy, or policyController.defaultAllowPolicy in
 * Linkerd 2.11) and the global egress namespace
 * (egress.globalEgressNetworkNamespace).
 */
export function linkerdConfig(obj: RawObject): { readonly defaultPolicy?: string; readonly egressNamespace?: string } | undefined {
  if (obj.kind !== 'ConfigMap' || !isConfigMapNamed(obj, 'linkerd-config')) return undefined;
  const values = yamlText(field(obj.body, 'data', 'values'), obj.file);
  if (!isRecord(values)) return undefined;
  const policy = field(values, 'proxy', 'defaultInboundPolicy') ?? field(values, 'policyController', 'defaultAllowPolicy');
  const egress = field(values, 'egress', 'globalEgressNetworkNamespace');
  return { ...(typeof policy === 'string' ? { defaultPolicy: policy } : {}), ...(typeof egress === 'string' && egress !== '' ? { egressNamespace: egress } : {}) };
}

/** Whether a ConfigMap has a name, or that name with the hash suffix Kustomize's configMapGenerator adds (the workloads mounting it are renamed to match). */
export function isConfigMapNamed(obj: RawObject, name: string): boolean {
  const own = field(obj.body, 'metadata', 'name');
  return typeof own === 'string' && (own === name || (own.startsWith(`${name}-`) && /^[a-z0-9]{10}$/.test(own.slice(name.length + 1))));
}

/** The value of YAML (or JSON) text held in a ConfigMap, read as the manifests are; undefined where it is not text or does not parse. */
export function yamlText(text: unknown, file: string): unknown {
  if (typeof text !== 'string') return undefined;
  const parsed = parseDocuments(text, file);
  return parsed.diagnostics.some((d) => d.severity === 'error') ? undefined : parsed.documents[0]?.value;
}
