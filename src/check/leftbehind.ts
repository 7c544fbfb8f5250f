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
import type { Invariant, InvariantResult, Witness } from './invariants.js';
import { checkInvariants } from './invariants.js';

/** A witness in a line of text. */
function witnessText(w: Witness): string {
  return w.kind === 'pair' ? `${w.src} => ${w.dst} : ${w.ports.toString()}` : w.kind === 'workload' ? `${w.workload}: ${w.message}` : `${w.object}: ${w.message}`;
}

/** How many removed objects a message names. */
const NAMED = 3;

/** Head with base's workloads, policies and Namespaces that head no longer holds; undefined where there are none. */
export function withLeftBehind(base: Cluster, head: Cluster): { cluster: Cluster; removed: string[]; source: { file: string; line: number } } | undefined {
  const workloadIds = new Set(head.workloads.map((w) => w.id));
  const policyKeys = new Set(head.policies.map((p) => policyKey(p.policy)));
  const workloads = base.workloads.filter((w) => !workloadIds.has(w.id));
  const policies = base.policies.filter((p) => !policyKeys.has(policyKey(p.policy)));
  const namespaces = [...base.namespaces.values()].filter((ns) => ns.declared && !head.namespaces.get(ns.name)?.declared);
  if (workloads.length + policies.length + namespaces.length === 0) return undefined;
  const removed = [
    ...workloads.map((w) => w.id),
    ...policies.map((p) => `${p.policy.kind} ${p.policy.namespace ? `${p.policy.namespace}/` : ''}${p.policy.name}`),
    ...namespaces.map((ns) => `Namespace ${ns.name}`),
  ];
  const first = workloads[0]?.source ?? policies[0]?.policy.source ?? namespaces[0]?.source ?? { file: '', line: 0 };
  const all = new Map(head.namespaces);
  for (const ns of namespaces) all.set(ns.name, ns);
  const networkPolicies = new Set(head.networkPolicies.map((p) => `${p.namespace}/${p.name}`));
  const cluster: Cluster = {
    ...head,
    namespaces: all,
    workloads: [...head.workloads, ...workloads],
    policies: [...head.policies, ...policies],
    networkPolicies: [...head.networkPolicies, ...base.networkPolicies.filter((p) => !networkPolicies.has(`${p.namespace}/${p.name}`))],
  };
  return { cluster, removed, source: first };
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
): InvariantResult[] {
  if (!results.some((r) => r.head.status === 'holds')) return [...results];
  const left = withLeftBehind(base.cluster, head.cluster);
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
      message: `the change removes ${named} from the manifests; where the deployment does not delete what the manifests no longer hold (kubectl apply without --prune, Argo CD without prune), ${left.removed.length === 1 ? 'it stays' : 'they stay'} in the cluster, and there ${first ? witnessText(first) : 'the invariant breaks'} (prune: true in the config says the deployment deletes them)`,
      file: left.source.file,
      line: left.source.line,
    };
    const headState = { ...r.head, status: 'violated' as const, witnesses: [witness], witnessCount: 1 };
    // a base that broke it already is broken still
    return { ...r, status: r.base !== undefined && r.base.status !== 'holds' ? 'still violated' : 'newly violated', head: headState };
  });
}
