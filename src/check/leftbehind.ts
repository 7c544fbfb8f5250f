/**
 * Objects a change removes from the manifests, which the cluster may keep:
 * `kubectl apply` without `--prune`, and Argo CD without `prune` (its
 * default), leave an object the manifests no longer hold in place. A
 * verdict on head that such an object would break is not sure, unless the
 * config says the deployment deletes them (`prune: true`).
 */
import type { AnalyzeOptions } from '../engine/analyze.js';
import { analyze, ipFamilyOf } from '../engine/analyze.js';
import type { Matrix } from '../engine/matrix.js';
import type { Cluster } from '../input/cluster.js';
import { policyKey } from '../change/affected.js';
import { removalKey } from '../input/cluster.js';
import type { Invariant, InvariantResult, Witness } from './invariants.js';
import { checkInvariants, comparedStatus } from './invariants.js';

/** A witness in a line of text. */
function witnessText(w: Witness): string {
  return w.kind === 'pair' ? `${w.src} => ${w.dst} : ${w.ports.toString()}` : w.kind === 'workload' ? `${w.workload}: ${w.message}` : `${w.object}: ${w.message}`;
}

/** How many removed objects a message names. */
const NAMED = 3;

/** The items of `base` whose key no item of `head` has. */
function removed<T>(base: readonly T[], head: readonly T[], key: (x: T) => string): T[] {
  const kept = new Set(head.map(key));
  return base.filter((x) => !kept.has(key(x)));
}

/**
 * Head with what base holds and head no longer does, by identity: its
 * workloads, policies, Namespaces, ServiceAccounts, Services, routes,
 * Gateways and ReferenceGrants, and the objects not analysed; the
 * namespaces they stand in, as base has them. Undefined where there is
 * nothing of the kind.
 */
export function withLeftBehind(base: Cluster, head: Cluster, only?: ReadonlySet<string>): { cluster: Cluster; removed: string[] } | undefined {
  const named = (x: { namespace?: string; name: string }) => `${x.namespace ?? ''}/${x.name}`;
  // where the deployment prunes, only the objects it is told to keep stay (Cluster.keptWhenRemoved)
  const kept = (kind: string, namespace: string | undefined, name: string) => !only || only.has(removalKey(kind, namespace, name));
  const workloads = removed(base.workloads, head.workloads, (w) => w.id).filter((w) => kept(w.kind, w.namespace, w.name));
  const policies = removed(base.policies, head.policies, (p) => policyKey(p.policy)).filter((p) => kept(p.policy.kind, p.policy.namespace, p.policy.name));
  const services = removed(base.services, head.services, named).filter((x) => kept('Service', x.namespace, x.name));
  const routes = removed(base.ingressRoutes, head.ingressRoutes, (r) => `${r.kind} ${named(r)}`).filter((r) => kept(r.kind, r.namespace, r.name));
  const gateways = removed(base.gateways, head.gateways, named).filter((x) => kept('Gateway', x.namespace, x.name));
  const grants = removed(base.referenceGrants, head.referenceGrants, named).filter((x) => kept('ReferenceGrant', x.namespace, x.name));
  const notAnalysed = only ? [] : removed(base.notAnalysed, head.notAnalysed, (n) => `${n.kind} ${n.name ?? n.source.file}`);
  const declared = [...base.namespaces.values()].filter((ns) => ns.declared && !head.namespaces.get(ns.name)?.declared && kept('Namespace', undefined, ns.name));
  const accounts = [...base.serviceAccounts].filter(([id]) => !head.serviceAccounts.has(id) && kept('ServiceAccount', id.slice(0, id.indexOf('/')), id.slice(id.indexOf('/') + 1)));
  const found = [
    ...workloads.map((w) => w.id),
    ...policies.map((p) => `${p.policy.kind} ${p.policy.namespace ? `${p.policy.namespace}/` : ''}${p.policy.name}`),
    ...services.map((x) => `Service ${named(x)}`),
    ...routes.map((x) => `${x.kind} ${named(x)}`),
    ...gateways.map((x) => `Gateway ${named(x)}`),
    ...grants.map((x) => `ReferenceGrant ${named(x)}`),
    ...notAnalysed.filter((n) => n.effect).map((n) => `${n.kind}${n.name ? ` ${n.name}` : ''}`),
    ...declared.map((ns) => `Namespace ${ns.name}`),
    ...accounts.map(([id]) => `ServiceAccount ${id}`),
  ];
  if (found.length === 0) return undefined;
  // the namespaces they stand in: as base declares or references them, where head has none
  const namespaces = new Map(head.namespaces);
  for (const ns of declared) namespaces.set(ns.name, ns);
  const used = [...workloads.map((w) => w.namespace), ...policies.flatMap((p) => (p.policy.namespace ? [p.policy.namespace] : [])), ...services.map((x) => x.namespace), ...routes.map((x) => x.namespace)];
  for (const name of used) {
    const ns = base.namespaces.get(name);
    if (!namespaces.has(name) && ns) namespaces.set(name, ns);
  }
  const networkPolicies = new Set(head.networkPolicies.map((p) => `${p.namespace}/${p.name}`));
  const cluster: Cluster = {
    ...head,
    namespaces,
    serviceAccounts: new Map([...head.serviceAccounts, ...accounts]),
    workloads: [...head.workloads, ...workloads],
    policies: [...head.policies, ...policies],
    networkPolicies: [...head.networkPolicies, ...base.networkPolicies.filter((p) => !networkPolicies.has(`${p.namespace}/${p.name}`))],
    services: [...head.services, ...services],
    ingressRoutes: [...head.ingressRoutes, ...routes],
    gateways: [...head.gateways, ...gateways],
    referenceGrants: [...head.referenceGrants, ...grants],
    notAnalysed: [...head.notAnalysed, ...notAnalysed],
  };
  return { cluster, removed: found };
}

/**
 * Each invariant head keeps but that head with base's removed objects
 * breaks gets, in its head state, a witness that says so, failing it
 * closed: the change deletes an object from the manifests that, left in
 * the cluster, breaks it.
 */
export function leftBehindResults(
  results: readonly InvariantResult[],
  invariants: readonly Invariant[],
  base: Matrix,
  head: Matrix,
  options: AnalyzeOptions,
  file: string,
  failOnNotAnalysed: boolean,
  only?: ReadonlySet<string>,
): InvariantResult[] {
  if (!results.some((r) => r.head.status === 'holds')) return [...results];
  const left = withLeftBehind(base.cluster, head.cluster, only);
  if (!left) return [...results];
  const matrix = analyze(left.cluster, { ...options, ipFamily: ipFamilyOf([base.cluster, head.cluster], options), ipFamilyAssumed: options.ipFamily === undefined });
  const kept = invariants.filter((_, i) => results[i]!.head.status === 'holds');
  const withLeft = new Map(checkInvariants(kept, matrix, options, file, failOnNotAnalysed).map((r) => [r.invariant, r]));
  const named = left.removed.length > NAMED ? `${left.removed.slice(0, NAMED).join(', ')} and ${left.removed.length - NAMED} more` : left.removed.join(', ');
  return results.map((r) => {
    const l = withLeft.get(r.invariant);
    if (!l || l.head.status === 'holds') return r;
    const first = l.head.witnesses[0];
    const witness: Witness = {
      kind: 'object',
      object: named,
      message: only
        ? `the change removes ${named} from the manifests, which the deployment keeps though the config says it prunes (marked Prune=false or Prune=confirm for Argo CD, prune: disabled for Flux or resource-policy: keep for Helm, under an Argo CD Application or Flux Kustomization that does not prune, or of one the change deletes that leaves its objects behind: an Application without the resources finalizer, a Kustomization that orphans them): ${left.removed.length === 1 ? 'it stays' : 'they stay'} in the cluster, and there ${first ? witnessText(first) : 'the invariant breaks'}`
        : `the change removes ${named} from the manifests; where the deployment does not delete what the manifests no longer hold (kubectl apply without --prune, Argo CD without prune), ${left.removed.length === 1 ? 'it stays' : 'they stay'} in the cluster, and there ${first ? witnessText(first) : 'the invariant breaks'} (prune: true in the config, or on the target, says the deployment deletes them, as Flux and Helm do)`,
      file,
      line: r.invariant.line,
    };
    // told apart from base by what breaks it there: pairs and doubts base had already are no new violation
    const head = { ...r.head, status: 'violated' as const, witnesses: [witness], witnessCount: 1, evidence: l.head.evidence };
    const status = r.base ? comparedStatus(r.base, head) : 'violated';
    return { ...r, status, head, ...(r.base ? { added: new Set(status === 'still violated' ? [] : [witness]) } : {}) };
  });
}
