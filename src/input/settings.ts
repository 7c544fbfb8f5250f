/**
 * Settings of network plugins and meshes, in the ConfigMaps their charts
 * render, that change what the policies reachdiff reads do: reachdiff
 * analyses the policies as enforced in each project's default mode, and
 * reports a setting that departs from it (RD011) with what it may do to
 * the paths shown.
 */
import type { RawObject } from '../model/objects.js';
import { field, isRecord } from '../model/objects.js';
import type { NotAnalysedEffect } from './cluster.js';

/** A setting that departs from what reachdiff analyses: its key and value, why it matters, and what it may do to paths. */
export interface PluginSetting {
  readonly key: string;
  readonly value: string;
  readonly why: string;
  readonly effect: NotAnalysedEffect;
}

/**
 * Cilium's agent settings (cilium-config): the policy enforcement mode
 * `enable-policy` (docs.cilium.io/en/stable/security/policy/intro/: in
 * never, no policy is enforced; in always, an endpoint no policy selects
 * is in default deny too), policy audit mode (policies' verdicts are
 * logged, nothing dropped: docs.cilium.io, Policy Audit Mode), and
 * `enable-k8s-networkpolicy: "false"`, where Kubernetes NetworkPolicies are
 * not enforced.
 */
function cilium(data: Record<string, unknown>): PluginSetting[] {
  const out: PluginSetting[] = [];
  const mode = data['enable-policy'];
  if (mode === 'never') out.push({ key: 'enable-policy', value: mode, why: 'Cilium enforces no policy in this mode: all traffic is allowed', effect: { does: 'opens' } });
  if (mode === 'always') {
    out.push({ key: 'enable-policy', value: mode, why: 'Cilium enforces policy on every endpoint in this mode, also where no policy selects it: what no rule allows is dropped', effect: { does: 'closes' } });
  }
  if (data['policy-audit-mode'] === 'true') out.push({ key: 'policy-audit-mode', value: 'true', why: "in audit mode Cilium logs policies' verdicts and drops nothing", effect: { does: 'opens' } });
  if (data['enable-k8s-networkpolicy'] === 'false') out.push({ key: 'enable-k8s-networkpolicy', value: 'false', why: 'Cilium does not enforce Kubernetes NetworkPolicies', effect: { does: 'opens' } });
  return out;
}

/**
 * Istio's mesh configuration (the `istio` ConfigMap's `mesh`):
 * outboundTrafficPolicy REGISTRY_ONLY refuses traffic from the mesh's pods
 * to hosts outside its service registry (istio.io, Accessing External
 * Services), addresses outside the cluster unless a ServiceEntry names them.
 */
function istio(data: Record<string, unknown>): PluginSetting[] {
  const mesh = data['mesh'];
  // block or flow style: outboundTrafficPolicy: {mode: REGISTRY_ONLY}
  if (typeof mesh !== 'string' || !/\boutboundTrafficPolicy:[\s{]*mode:\s*["']?REGISTRY_ONLY\b/.test(mesh)) return [];
  return [{ key: 'outboundTrafficPolicy', value: 'REGISTRY_ONLY', why: "Istio's sidecars refuse traffic to hosts outside the mesh's registry (those no ServiceEntry names)", effect: { does: 'closes', at: 'source', external: true } }];
}

/**
 * The root namespace of the Istio mesh a ConfigMap configures (its `mesh`'s
 * rootNamespace, else the control plane's namespace, where the ConfigMap
 * is: istio.io, MeshConfig), or undefined for another object.
 */
export function istioRootNamespace(obj: RawObject, namespace: string): string | undefined {
  if (obj.kind !== 'ConfigMap') return undefined;
  const name = field(obj.body, 'metadata', 'name');
  const mesh = field(obj.body, 'data', 'mesh');
  if ((name !== 'istio' && !(typeof name === 'string' && name.startsWith('istio-'))) || typeof mesh !== 'string') return undefined;
  return /^\s*rootNamespace:\s*["']?([a-z0-9-]+)/m.exec(mesh)?.[1] ?? namespace;
}

/** The settings of a ConfigMap that depart from what reachdiff analyses (none for other objects). */
export function pluginSettings(obj: RawObject): PluginSetting[] {
  if (obj.kind !== 'ConfigMap') return [];
  const name = field(obj.body, 'metadata', 'name');
  const data = field(obj.body, 'data');
  if (!isRecord(data)) return [];
  if (name === 'cilium-config') return cilium(data);
  if (name === 'istio' || (typeof name === 'string' && name.startsWith('istio-'))) return istio(data);
  return [];
}
