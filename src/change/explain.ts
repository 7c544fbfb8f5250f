import type { ConnectionSet } from '../model/connections.js';
import type { SourceRef } from '../model/diagnostics.js';
import type { Change, Diff } from './diff.js';
import type { EndExplanation, Matrix, PairExplanation } from '../engine/matrix.js';
import type { Labels } from '../model/cluster.js';
import type { Cluster } from '../input/cluster.js';
import type { KindedPolicy } from '../policy/kind.js';
import { policyId } from '../policy/kind.js';
import type { CompiledRule, Decision, Direction, RuleOrigin } from '../engine/rules.js';
import { clusterChange, dependents } from './affected.js';

/** Why a change happened, in words, with where to look. */
export interface Cause {
  readonly message: string;
  readonly file?: string;
  readonly line?: number;
}

export interface ChangeExplanation {
  /** The pair's explanation in base, when both ends exist there. */
  readonly base?: PairExplanation;
  readonly head?: PairExplanation;
  readonly causes: readonly Cause[];
}

export function where(source: SourceRef): string {
  return `${source.file}:${source.line}`;
}

/** `staging/db-from-backend ingress rule 0`, or `AdminNetworkPolicy deny-all egress rule 1 "block"`. */
export function ruleLabel(origin: RuleOrigin): string {
  const rule = `${origin.direction} rule ${origin.index}${origin.name ? ` "${origin.name}"` : ''}`;
  return origin.policyKind === 'NetworkPolicy' ? `${origin.policy} ${rule}` : `${origin.policyKind} ${origin.policy} ${rule}`;
}

function policyLabel(p: KindedPolicy): string {
  return p.policy.kind === 'NetworkPolicy' ? `policy ${policyId(p.policy)}` : `${p.policy.kind} ${policyId(p.policy)}`;
}

export function decisionJson(d: Decision): Record<string, unknown> {
  if (!d.rule) return { default: true, action: d.action, ports: d.ports.toString() };
  const o = d.rule.origin;
  return {
    policy: o.policy,
    policyKind: o.policyKind,
    direction: o.direction,
    rule: o.index,
    ...(o.name ? { ruleName: o.name } : {}),
    ...(o.priority !== undefined ? { priority: o.priority } : {}),
    action: d.action,
    ports: d.ports.toString(),
    file: o.source.file,
    line: o.source.line,
  };
}

export function endJson(e: EndExplanation): Record<string, unknown> {
  return {
    endpoint: e.endpoint,
    governed: e.governed,
    isolated: e.isolated,
    policies: e.policies,
    decisions: e.decisions.map(decisionJson),
    allowed: e.allowed.toString(),
  };
}

export function pairJson(p: PairExplanation | undefined): Record<string, unknown> | null {
  return p ? { allowed: p.allowed.toString(), egress: endJson(p.egress), ingress: endJson(p.ingress) } : null;
}

export function explanationJson(x: ChangeExplanation): Record<string, unknown> {
  return {
    base: pairJson(x.base),
    head: pairJson(x.head),
    causes: x.causes.map((c) => ({ message: c.message, ...(c.file ? { file: c.file, line: c.line } : {}) })),
  };
}

/** Lookups of one state's policies, workloads and namespaces, built once per cluster. */
class StateIndex {
  private static readonly cache = new WeakMap<Cluster, StateIndex>();
  readonly policies = new Map<string, KindedPolicy>();
  readonly labels = new Map<string, Labels>();
  readonly namespaceOf = new Map<string, string>();
  readonly sources = new Map<string, SourceRef>();

  private constructor(readonly cluster: Cluster) {
    for (const p of cluster.policies) this.policies.set(`${p.policy.kind}/${policyId(p.policy)}`, p);
    for (const w of cluster.workloads) {
      this.labels.set(w.id, w.pods[0]?.labels ?? {});
      this.namespaceOf.set(w.id, w.namespace);
      this.sources.set(w.id, w.source);
    }
  }

  static of(m: Matrix): StateIndex {
    let x = StateIndex.cache.get(m.cluster);
    if (!x) {
      x = new StateIndex(m.cluster);
      StateIndex.cache.set(m.cluster, x);
    }
    return x;
  }

  policy(kind: string, id: string): KindedPolicy | undefined {
    return this.policies.get(`${kind}/${id}`);
  }
}

function fingerprint(value: unknown): string {
  return JSON.stringify(value, (k, v: unknown) => (k === 'line' || k === 'index' ? undefined : v));
}

/** What selects a policy's subjects, to tell "no longer selects" from "rule edited". */
function selectionFingerprint(p: KindedPolicy): string {
  return fingerprint(p.kind.selection(p.policy));
}

function labelsDiff(before: Labels | undefined, after: Labels | undefined): string | undefined {
  if (!before || !after) return undefined;
  const parts: string[] = [];
  for (const k of Object.keys(before).sort()) {
    if (!(k in after)) parts.push(`-${k}=${before[k]}`);
    else if (after[k] !== before[k]) parts.push(`${k}=${before[k]} → ${k}=${after[k]}`);
  }
  for (const k of Object.keys(after).sort()) if (!(k in before)) parts.push(`+${k}=${after[k]}`);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

/** "labels of X changed (...)" and "labels of namespace N changed (...)", when they did. */
function labelChanges(base: StateIndex, head: StateIndex, endpoint: string): string[] {
  const out: string[] = [];
  const own = labelsDiff(base.labels.get(endpoint), head.labels.get(endpoint));
  if (own) out.push(`labels of ${endpoint} changed (${own})`);
  const ns = base.namespaceOf.get(endpoint);
  if (ns) {
    const nsDiff = labelsDiff(base.cluster.namespaces.get(ns)?.labels, head.cluster.namespaces.get(ns)?.labels);
    if (nsDiff) out.push(`labels of namespace ${ns} changed (${nsDiff})`);
  }
  return out;
}

function withLabels(message: string, labels: string[]): string {
  return labels.length > 0 ? `${message}: ${labels.join('; ')}` : message;
}

interface EndContext {
  readonly base: StateIndex;
  readonly head: StateIndex;
  readonly direction: Direction;
  /** The workload whose policies these are. */
  readonly end: string;
  /** The other end of the pair. */
  readonly peer: string;
}

/**
 * Explains why rules of one side (`from`) that decided `ports` do not decide
 * them the same way on the other side (`to`): the policy is gone or new, no
 * longer or newly selects the end, the rule was edited, or the peer's labels
 * changed so that the rule no longer or newly matches.
 */
function ruleCauses(ctx: EndContext, decisions: readonly Decision[], ports: ConnectionSet, action: 'allow' | 'deny', from: StateIndex, to: StateIndex, fromIsBase: boolean): Cause[] {
  const causes: Cause[] = [];
  for (const d of decisions) {
    if (!d.rule || d.ports.intersect(ports).isEmpty()) continue;
    if (action === 'allow' ? d.action !== 'allow' : d.action === 'allow') continue;
    const rule: CompiledRule = d.rule;
    const origin = rule.origin;
    const policy = origin.model.policy;
    const other = to.policy(origin.policyKind, origin.policy);
    if (!other) {
      causes.push(
        fromIsBase
          ? { message: `${policyLabel(policy)} was deleted (it was at ${where(policy.policy.source)})` }
          : { message: `${policyLabel(policy)} was added`, file: policy.policy.source.file, line: policy.policy.source.line },
      );
      continue;
    }
    const otherRules = other.kind.rules(other.policy, origin.direction) as ReadonlyArray<{ line: number; index: number }>;
    const fp = fingerprint(origin.model.rule);
    const sameRule = otherRules.find((r) => fingerprint(r) === fp);
    const otherRule = sameRule ?? otherRules[origin.index];
    // point at the head version: where a reviewer can look now
    const headPolicy = fromIsBase ? other : policy;
    const headLine = fromIsBase ? (otherRule?.line ?? other.policy.source.line) : origin.source.line;
    const at = { file: headPolicy.policy.source.file, line: headLine };
    if (selectionFingerprint(other) !== selectionFingerprint(policy)) {
      causes.push({ message: `the subject selector of ${policyLabel(policy)} was edited`, ...at });
      continue;
    }
    if (!sameRule) {
      // the other side's rule at this index is an edit of this one, unless it still exists here (an insertion)
      const ownRules = policy.kind.rules(policy.policy, origin.direction) as readonly unknown[];
      const shifted = otherRule !== undefined && ownRules.some((r) => fingerprint(r) === fingerprint(otherRule));
      const word = otherRule && !shifted ? 'edited' : fromIsBase ? 'removed' : 'added';
      causes.push({ message: `${ruleLabel(origin)} was ${word}`, ...at });
      continue;
    }
    if (sameRule.index !== origin.index && policy.kind.ordered) {
      // rules of this kind are ordered: the first match decides
      const [from_, to_] = fromIsBase ? [origin.index, sameRule.index] : [sameRule.index, origin.index];
      causes.push({ message: `${ruleLabel(origin)} moved from position ${from_} to ${to_}`, ...at });
      continue;
    }
    // a Pass decides nothing itself: the same rule passing on the other side is no cause
    if (d.action === 'pass') continue;
    const labels = [...labelChanges(ctx.base, ctx.head, ctx.end), ...labelChanges(ctx.base, ctx.head, ctx.peer)];
    const pair = ctx.direction === 'ingress' ? `${ctx.peer} → ${ctx.end}` : `${ctx.end} → ${ctx.peer}`;
    causes.push({ message: withLabels(`${ruleLabel(origin)} ${fromIsBase ? 'no longer applies to' : 'now applies to'} ${pair}`, labels), ...at });
  }
  return causes;
}

/** Causes for an isolation that appeared (newly true) or went away. */
function isolationCauses(ctx: EndContext, before: EndExplanation, after: EndExplanation, appeared: boolean): Cause[] {
  const causes: Cause[] = [];
  const [was, now] = appeared ? [before, after] : [after, before];
  const state = appeared ? ctx.head : ctx.base;
  const other = appeared ? ctx.base : ctx.head;
  for (const h of now.holders) {
    if (!h.isolates || was.holders.some((x) => x.kind === h.kind && x.id === h.id && x.isolates)) continue;
    const p = state.policy(h.kind, h.id);
    if (!p) continue;
    const existed = other.policy(h.kind, h.id);
    const labels = labelChanges(ctx.base, ctx.head, ctx.end);
    if (!existed) {
      causes.push(
        appeared
          ? { message: `${policyLabel(p)} was added and isolates ${ctx.end} for ${ctx.direction}`, file: p.policy.source.file, line: p.policy.source.line }
          : { message: `${policyLabel(p)} was deleted, so ${ctx.end} is no longer isolated for ${ctx.direction} (it was at ${where(p.policy.source)})` },
      );
    } else {
      causes.push({
        message: withLabels(appeared ? `${policyLabel(p)} now selects ${ctx.end} for ${ctx.direction}` : `${policyLabel(p)} no longer selects ${ctx.end} for ${ctx.direction}`, labels),
        file: (appeared ? p : existed).policy.source.file,
        line: (appeared ? p : existed).policy.source.line,
      });
    }
  }
  return causes;
}

function endCauses(ctx: EndContext, b: EndExplanation, h: EndExplanation, change: Change): Cause[] {
  if (!b.governed) return [];
  const lost = b.allowed.subtract(h.allowed).intersect(change.closed);
  const gained = h.allowed.subtract(b.allowed).intersect(change.opened);
  const causes: Cause[] = [];
  const label = `${ctx.direction} of ${ctx.end}`;
  if (!lost.isEmpty()) {
    const found: Cause[] = [];
    if (!b.isolated && h.isolated) found.push(...isolationCauses(ctx, b, h, true));
    found.push(...ruleCauses(ctx, b.decisions, lost, 'allow', ctx.base, ctx.head, true));
    found.push(...ruleCauses(ctx, h.decisions, lost, 'deny', ctx.head, ctx.base, false));
    causes.push(...(found.length > 0 ? found : [{ message: `the policies of ${label} no longer allow ${lost.toString()}` }]));
  }
  if (!gained.isEmpty()) {
    const found: Cause[] = [];
    if (b.isolated && !h.isolated) found.push(...isolationCauses(ctx, b, h, false));
    found.push(...ruleCauses(ctx, h.decisions, gained, 'allow', ctx.head, ctx.base, false));
    found.push(...ruleCauses(ctx, b.decisions, gained, 'deny', ctx.base, ctx.head, true));
    causes.push(...(found.length > 0 ? found : [{ message: `the policies of ${label} now allow ${gained.toString()}` }]));
  }
  return causes;
}

/**
 * Objects that changed and that a policy holding either end depends on (the
 * Tier of a Calico policy): added, deleted or edited, with where to look.
 */
function dependencyCauses(diff: Diff, pairs: readonly PairExplanation[]): Cause[] {
  const change = clusterChange(diff.base.cluster, diff.head.cluster);
  const causes: Cause[] = [];
  const held = new Set<string>();
  for (const p of pairs) for (const end of [p.egress, p.ingress]) for (const h of end.holders) held.add(`${h.kind}\u0000${h.id}`);
  for (const [, p, key] of dependents(change, diff.base.cluster, diff.head.cluster)) {
    if (!held.has(`${p.policy.kind}\u0000${policyId(p.policy)}`)) continue;
    const { base: b, head: h } = change.policies.get(key)!;
    const object = (h ?? b)!.policy;
    const what = `${object.kind} ${policyId(object)}, which ${policyLabel(p)} is in,`;
    if (!b) causes.push({ message: `${what} was added`, file: object.source.file, line: object.source.line });
    else if (!h) causes.push({ message: `${what} was deleted (it was at ${where(object.source)})` });
    else causes.push({ message: `${what} was edited`, file: object.source.file, line: object.source.line });
  }
  return causes;
}

function dedupeCauses(causes: Cause[]): Cause[] {
  const seen = new Set<string>();
  return causes.filter((c) => {
    const k = `${c.message}@${c.file}:${c.line}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** The explanation of one change: each side's rules, and what changed between them. */
export function explainChange(diff: Diff, change: Change): ChangeExplanation {
  const base = change.baseEndpoints ? diff.base.explain(change.baseEndpoints.src, change.baseEndpoints.dst) : undefined;
  const head = change.headEndpoints ? diff.head.explain(change.headEndpoints.src, change.headEndpoints.dst) : undefined;
  const bi = StateIndex.of(diff.base);
  const hi = StateIndex.of(diff.head);
  const causes: Cause[] = [];
  for (const w of change.workloads) {
    const source = (w.change === 'added' ? hi : bi).sources.get(w.workload);
    if (!source) causes.push({ message: `workload ${w.workload} was ${w.change}` });
    else if (w.change === 'added') causes.push({ message: `workload ${w.workload} was added`, file: source.file, line: source.line });
    // a removed workload's place is in base: said in the message, as file and line point into head
    else causes.push({ message: `workload ${w.workload} was removed (it was at ${where(source)})` });
  }
  if (base && head) {
    causes.push(...dependencyCauses(diff, [base, head]));
    causes.push(...endCauses({ base: bi, head: hi, direction: 'egress', end: change.src, peer: change.dst }, base.egress, head.egress, change));
    causes.push(...endCauses({ base: bi, head: hi, direction: 'ingress', end: change.dst, peer: change.src }, base.ingress, head.ingress, change));
  }
  return { ...(base ? { base } : {}), ...(head ? { head } : {}), causes: dedupeCauses(causes) };
}
