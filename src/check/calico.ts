import type { Matrix } from '../engine/matrix.js';
import type { ClassMatch, CompiledRule, Direction } from '../engine/rules.js';
import type { SourceRef } from '../model/diagnostics.js';
import { WarningCodes } from '../model/diagnostics.js';
import * as addr from '../model/addresses.js';
import type { Labels, Selector } from '../model/selectors.js';
import { matches } from '../model/selectors.js';
import { entitySelection, subjectSelection } from '../policy/calico/compile.js';
import type { CalicoExpr } from '../policy/calico/selector.js';
import { formatCalicoSelector, labelsOf } from '../policy/calico/selector.js';
import type { CalicoPolicy, CalicoRule, CalicoTier, EntityRule } from '../policy/calico/types.js';
import { BUILTIN_TIERS, KUBERNETES_NETWORK_POLICY_ORDER } from '../policy/calico/types.js';
import { plural } from '../model/plural.js';

/**
 * The foot-gun warnings of Calico policies (RD130 to RD136): what Calico
 * accepts but very likely does not do what its author meant.
 */

/** Where cluster DNS answers, as the checks see it (the manifests often do not hold it). */
export interface DnsEndpoint {
  readonly namespace: string;
  readonly namespaceLabels: Labels;
  readonly podLabels: Labels;
}

export interface CalicoLintContext {
  readonly matrix: Matrix;
  /** Only warnings about these objects (`ns/name` or `name`), where given. */
  readonly only: ReadonlySet<string> | undefined;
  readonly dnsEndpoints: readonly DnsEndpoint[];
  /** Whether the manifests declare some Namespace (else only namespace names can be checked). */
  readonly declaredNamespaces: boolean;
  warn(code: string, at: SourceRef, object: string, message: string): void;
}

const CALICO_KINDS = new Set(['CalicoNetworkPolicy', 'GlobalNetworkPolicy']);
const NAME_LABELS = new Set(['projectcalico.org/name', 'kubernetes.io/metadata.name']);

function idOf(p: { readonly name: string; readonly namespace?: string }): string {
  return p.namespace !== undefined ? `${p.namespace}/${p.name}` : p.name;
}

function labelOf(p: CalicoPolicy): string {
  return `${p.kind} ${idOf(p)}`;
}

/** Whether a selection could hold cluster DNS, which the manifests seldom declare. */
function matchesDns(ctx: CalicoLintContext, s: { namespaces: string | Selector; pods: Selector | undefined }): boolean {
  return ctx.dnsEndpoints.some((e) => {
    const context = { namespace: e.namespace, namespaceLabels: e.namespaceLabels };
    const inNamespace = typeof s.namespaces === 'string' ? s.namespaces === e.namespace : matches(s.namespaces, e.namespaceLabels, context);
    return inNamespace && (!s.pods || matches(s.pods, e.podLabels, { ...context, serviceAccount: 'default' }));
  });
}

/** The namespaces a selection looks in: one by name, those a selector picks. */
function namespacesOf(ctx: CalicoLintContext, s: { namespaces: string | Selector }): readonly string[] {
  return typeof s.namespaces === 'string' ? [s.namespaces] : ctx.matrix.selectNamespaces(s.namespaces);
}

function workloadsIn(ctx: CalicoLintContext, namespaces: readonly string[]): number {
  const set = new Set(namespaces);
  return ctx.matrix.workloads.filter((w) => set.has(w.namespace)).length;
}

/** RD131 for the pods a policy holds. */
function lintSubject(ctx: CalicoLintContext, p: CalicoPolicy): void {
  if (p.hostEndpointsOnly) return;
  const selects = p.selector.expr.op !== 'all' || p.namespaceSelector !== undefined || p.serviceAccountSelector !== undefined;
  if (!selects) return;
  const s = subjectSelection(p);
  if (ctx.matrix.selectsWorkloads(s.namespaces, s.pods)) return;
  const where = p.namespace !== undefined ? [p.namespace] : ctx.matrix.cluster.workloads.map((w) => w.namespace);
  if (workloadsIn(ctx, where) === 0) return;
  const what = [p.selector.expr.op !== 'all' ? `selector ${JSON.stringify(p.selector.text)}` : '', p.namespaceSelector ? `namespaceSelector ${JSON.stringify(p.namespaceSelector.text)}` : '', p.serviceAccountSelector ? `serviceAccountSelector ${JSON.stringify(p.serviceAccountSelector.text)}` : '']
    .filter(Boolean)
    .join(' and ');
  ctx.warn(WarningCodes.calicoSelectsNothing, { file: p.source.file, line: p.selectorLine }, idOf(p), `${labelOf(p)}: ${what} selects no workload${p.namespace !== undefined ? ` of namespace ${p.namespace}` : ''}, so the policy holds nothing`);
}

/** What a selector negates at its top (!e, k != v, k not in {...}), as a positive expression; undefined where it is not a negation. */
function negatedPart(e: EntityRule): CalicoExpr | undefined {
  const x = e.selector?.expr;
  if (x?.op === 'not') return x.expr;
  if (x?.op === '!=') return { op: '==', label: x.label, value: x.value };
  if (x?.op === 'not in') return { op: 'in', label: x.label, values: x.values };
  return undefined;
}

/** RD131 for a rule's peers, RD132 and RD133. */
function lintRule(ctx: CalicoLintContext, p: CalicoPolicy, rule: CalicoRule, direction: Direction): void {
  if (rule.action === 'Log') return;
  const remote = direction === 'ingress' ? rule.source : rule.destination;
  const side = direction === 'ingress' ? 'source' : 'destination';
  const at = { file: p.source.file, line: rule.line };
  const what = `${labelOf(p)}: ${direction} rule ${rule.index}`;
  const id = idOf(p);
  const selection = entitySelection(p, remote);
  if (selection && remote.namespaceSelector && remote.namespaceSelector.expr.op !== 'global' && typeof selection.namespaces !== 'string') {
    const checkable = ctx.declaredNamespaces || labelsOf(remote.namespaceSelector.expr).every((l) => NAME_LABELS.has(l));
    if (checkable && ctx.matrix.selectNamespaces(selection.namespaces).length === 0 && !matchesDns(ctx, { namespaces: selection.namespaces, pods: undefined })) {
      ctx.warn(WarningCodes.calicoSelectsNothing, at, id, `${what} ${side} namespaceSelector ${JSON.stringify(remote.namespaceSelector.text)} matches no namespace in the manifests`);
      return;
    }
  }
  if (selection && (remote.selector || remote.serviceAccounts) && remote.namespaceSelector?.expr.op !== 'global') {
    const where = namespacesOf(ctx, selection);
    if (!ctx.matrix.selectsWorkloads(selection.namespaces, selection.pods) && workloadsIn(ctx, where) > 0 && !matchesDns(ctx, selection)) {
      const sel = remote.selector ? `selector ${JSON.stringify(remote.selector.text)}` : 'serviceAccounts';
      const scope = typeof selection.namespaces === 'string' ? `namespace ${selection.namespaces}` : remote.namespaceSelector ? `the namespaces namespaceSelector ${JSON.stringify(remote.namespaceSelector.text)} picks` : 'any namespace';
      ctx.warn(WarningCodes.calicoSelectsNothing, at, id, `${what} ${side} ${sel} matches no workload in ${scope}`);
    }
  }
  const negation = negatedPart(remote);
  if (rule.action !== 'Allow' && remote.selector && negation && !remote.nets && !remote.notSelector) {
    ctx.warn(
      WarningCodes.calicoNegatedSelector,
      at,
      id,
      `${what} (${rule.action}) has ${side} selector ${JSON.stringify(remote.selector.text)}, which matches pods (and network sets of those labels) only, never other external addresses; notSelector: ${JSON.stringify(formatCalicoSelector(negation))} matches every ${side} but those pods, external addresses included`,
    );
  }
  if (rule.action === 'Allow' && p.namespace === undefined && remote.notSelector && !selection && !remote.nets && !remote.notNets && !remote.services) {
    ctx.warn(
      WarningCodes.calicoNotSelectorAllowsAll,
      at,
      id,
      `${what} allows ${side}s by notSelector ${JSON.stringify(remote.notSelector.text)} alone, which matches every address outside the cluster too, not only the other pods; selector: ${JSON.stringify(`!(${remote.notSelector.text})`)} would match pods only`,
    );
  }
}

/** Whether two rules can match some same connection: peers and ports overlap. */
function overlap(a: CompiledRule, b: CompiledRule): boolean {
  const ports = a.ports.hasNamed || b.ports.hasNamed || !a.ports.numeric.intersect(b.ports.numeric).isEmpty();
  if (!ports) return false;
  if (addr.overlaps(a.addresses, b.addresses)) return true;
  const size = (m: ClassMatch) => (m.kind === 'set' ? m.classes.length : 1);
  if (size(a.classes) === 0 || size(b.classes) === 0) return false;
  if (a.classes.kind !== 'set' || b.classes.kind !== 'set') return true;
  const y = new Set(b.classes.classes);
  return a.classes.classes.some((c) => y.has(c));
}

/**
 * RD130: in the default tier, a Calico Deny (or Pass) ordered before the
 * Kubernetes NetworkPolicies (order 1000) that takes traffic one of them
 * allows, for some pod both hold.
 */
function lintShadowing(ctx: CalicoLintContext, policies: ReadonlyMap<object, CalicoPolicy>): void {
  const seen = new Set<string>();
  const m = ctx.matrix;
  m.workloads.forEach((_, i) => {
    for (const direction of ['ingress', 'egress'] as const) {
      for (const dp of m.directionPolicies(i, direction)) {
        for (const t of dp.tiers) {
          if (t.tier.name !== 'default') continue;
          t.rules.forEach((r, k) => {
            const p = policies.get(r.origin.model.policy.policy);
            if (!p || r.action === 'allow' || (ctx.only && !ctx.only.has(idOf(p)))) return;
            for (const a of t.rules.slice(k + 1)) {
              if (a.action !== 'allow' || a.origin.policyKind !== 'NetworkPolicy' || !overlap(r, a)) continue;
              const key = `${r.id}\u0000${a.origin.policy}`;
              if (seen.has(key)) continue;
              seen.add(key);
              const order = p.order !== undefined ? `order ${p.order}` : 'no order';
              ctx.warn(
                WarningCodes.calicoDenyBeforeKubernetes,
                r.origin.source,
                idOf(p),
                `${labelOf(p)}: ${direction} rule ${r.origin.index} (${r.action === 'deny' ? 'Deny' : 'Pass'}, ${order}) comes before NetworkPolicy ${a.origin.policy}, which Calico places in the default tier at order ${KUBERNETES_NETWORK_POLICY_ORDER}, and ${r.action === 'deny' ? 'denies' : 'passes on'} traffic that policy allows`,
              );
            }
          });
        }
      }
    }
  });
}

/** The warnings of the Calico policies and tiers of a state. */
export function lintCalico(ctx: CalicoLintContext): void {
  const cluster = ctx.matrix.cluster;
  const policies = new Map<object, CalicoPolicy>();
  const tiers = new Map<string, CalicoTier>();
  for (const p of cluster.policies) {
    if (CALICO_KINDS.has(p.policy.kind)) policies.set(p.policy, p.policy as CalicoPolicy);
    else if (p.policy.kind === 'Tier') tiers.set(p.policy.name, p.policy as CalicoTier);
  }
  if (policies.size === 0 && tiers.size === 0) return;
  const used = new Set<string>();
  for (const p of policies.values()) {
    used.add(p.tier);
    const id = idOf(p);
    if (ctx.only && !ctx.only.has(id)) continue;
    if (!tiers.has(p.tier) && !BUILTIN_TIERS.has(p.tier)) {
      ctx.warn(
        WarningCodes.calicoTierUndeclared,
        p.source,
        id,
        `${labelOf(p)} is in tier "${p.tier}", which no Tier of the manifests declares; Calico applies such a policy after every tier and drops what it does not decide (declare the Tier, with its order)`,
      );
    }
    for (const ignored of p.ignoredRules) {
      const type = ignored.direction === 'ingress' ? 'Ingress' : 'Egress';
      ctx.warn(WarningCodes.calicoRulesIgnored, { file: p.source.file, line: ignored.line }, id, `${labelOf(p)}: Calico ignores its ${plural(ignored.count, `${ignored.direction} rule`)}, as spec.types does not list ${type}`);
    }
    lintSubject(ctx, p);
    for (const direction of ['ingress', 'egress'] as const) for (const rule of p[direction]) lintRule(ctx, p, rule, direction);
  }
  for (const t of tiers.values()) {
    if (used.has(t.name) || BUILTIN_TIERS.has(t.name) || (ctx.only && !ctx.only.has(t.name))) continue;
    ctx.warn(WarningCodes.calicoTierUnused, t.source, t.name, `Tier ${t.name} holds no policy of the manifests; a policy meant for it that names another tier (or none, the default) is evaluated elsewhere`);
  }
  if (policies.size > 0 && cluster.networkPolicies.length > 0) lintShadowing(ctx, policies);
}
