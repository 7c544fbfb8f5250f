import type { Matrix } from './matrix.js';
import type { AdminPolicy, Namespace, NetworkPolicy, Policy, PodTemplate, Workload } from './model.js';
import { policyId } from './model.js';
import type { Direction } from './rules.js';

/**
 * The workloads whose connections a change can have touched, by identity
 * (`ns/name[Kind]`): `sources` may have gained or lost connections as
 * sources, `destinations` as destinations.
 *
 * The connections of a pair are the meet of the source's egress verdict and
 * the destination's ingress verdict. The source's verdict depends only on
 * the policies that hold it as an egress subject and on how their peers
 * match the destination; the destination's only on its ingress policies and
 * how their peers match the source. A selector's match depends on a pod's
 * labels, named ports and network mode and on its namespace's labels. So
 * when neither end changed (same pods, same namespace labels) and no policy
 * that holds the source for egress, or the destination for ingress, in
 * either state, was added, removed or edited, the pair's connections are
 * the same in both states. External endpoints have no policies of their own:
 * a pair with one changes only where its workload end is listed here.
 */
export interface AffectedEnds {
  readonly sources: ReadonlySet<string>;
  readonly destinations: ReadonlySet<string>;
}

/** Policy fields that say where the text is, not what it means. */
function positional(key: string): boolean {
  return key === 'source' || key === 'line' || key.endsWith('Line');
}

/** Whether two objects hold the same values, or the very same objects, outside positional fields. */
function shallowSame(a: object, b: object): boolean {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  return keys.every((k) => positional(k) || x[k] === y[k]);
}

function samePolicy(a: Policy, b: Policy): boolean {
  // a file read once for both states gives policies that share everything but their source
  if (a === b || shallowSame(a, b)) return true;
  const text = (p: Policy) => JSON.stringify(p, (key, value: unknown) => (positional(key) ? undefined : value));
  return text(a) === text(b);
}

function samePods(a: readonly PodTemplate[], b: readonly PodTemplate[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  return a.every((p, i) => p === b[i] || JSON.stringify(p) === JSON.stringify(b[i]));
}

function sameNamespace(a: Namespace | undefined, b: Namespace | undefined): boolean {
  if (!a || !b) return a === b;
  return a === b || a.labels === b.labels || JSON.stringify(a.labels) === JSON.stringify(b.labels);
}

/** The directions in which a policy acts on its subjects. */
function directions(p: Policy): Direction[] {
  const out: Direction[] = [];
  for (const d of ['ingress', 'egress'] as const) {
    if (p.kind === 'NetworkPolicy' ? p.policyTypes[d] : p[d].length > 0) out.push(d);
  }
  return out;
}

function subjects(m: Matrix, p: Policy): readonly Workload[] {
  if (p.kind === 'NetworkPolicy') return m.selectWorkloads(p.namespace, p.podSelector);
  const s = p.subject;
  return m.selectWorkloads(s.namespaceSelector, s.kind === 'namespaces' ? undefined : s.podSelector);
}

function policiesOf(m: Matrix): Map<string, Policy> {
  const c = m.cluster;
  const out = new Map<string, Policy>();
  const add = (p: NetworkPolicy | AdminPolicy) => out.set(`${p.kind}\u0000${policyId(p)}`, p);
  c.networkPolicies.forEach(add);
  c.adminPolicies.forEach(add);
  if (c.baselinePolicy) add(c.baselinePolicy);
  return out;
}

export function affectedEnds(base: Matrix, head: Matrix): AffectedEnds {
  const sources = new Set<string>();
  const destinations = new Set<string>();
  const both = (id: string) => {
    sources.add(id);
    destinations.add(id);
  };
  // ends that changed: added, removed, other pods, or a namespace with other labels
  const changedNamespaces = new Set<string>();
  for (const [name, ns] of base.cluster.namespaces) if (!sameNamespace(ns, head.cluster.namespaces.get(name))) changedNamespaces.add(name);
  for (const [name, ns] of head.cluster.namespaces) if (!sameNamespace(base.cluster.namespaces.get(name), ns)) changedNamespaces.add(name);
  const headWorkloads = new Map(head.cluster.workloads.map((w) => [w.id, w]));
  const baseIds = new Set<string>();
  for (const w of base.cluster.workloads) {
    baseIds.add(w.id);
    const h = headWorkloads.get(w.id);
    if (!h || changedNamespaces.has(w.namespace) || !samePods(w.pods, h.pods)) both(w.id);
  }
  for (const w of head.cluster.workloads) if (!baseIds.has(w.id) || changedNamespaces.has(w.namespace)) both(w.id);
  // the subjects, in either state, of policies that changed
  const basePolicies = policiesOf(base);
  const headPolicies = policiesOf(head);
  const mark = (m: Matrix, p: Policy) => {
    for (const d of directions(p)) {
      const into = d === 'egress' ? sources : destinations;
      for (const w of subjects(m, p)) into.add(w.id);
    }
  };
  for (const [key, p] of basePolicies) {
    const h = headPolicies.get(key);
    if (h && samePolicy(p, h)) continue;
    mark(base, p);
    if (h) mark(head, h);
  }
  for (const [key, p] of headPolicies) if (!basePolicies.has(key)) mark(head, p);
  return { sources, destinations };
}
