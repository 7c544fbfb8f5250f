import type { AddressSet } from '../../model/addresses.js';
import * as addr from '../../model/addresses.js';
import type { RulePort } from '../../model/cluster.js';
import { Codes } from '../../model/diagnostics.js';
import { Doubts } from '../doubts.js';
import type { ClassMatch, Resolver, RuleSpec, Step } from '../kind.js';
import type { AdminPolicy } from './types.js';

/**
 * Policies of equal priority in a tier whose ties are ambiguous (the Admin
 * and Baseline tiers of Kubernetes' own evaluation): "the implementation can
 * apply any of the matching policies to the connection, and there is no way
 * for the user to reliably determine which one it will choose"
 * (network-policy-api apis/v1alpha2/clusternetworkpolicy_types.go and
 * apis/v1alpha1/adminnetworkpolicy_types.go, Priority). The engine applies
 * them by name, and warns; where two such policies hold the same workloads
 * and have rules that match the same peers on the same ports with different
 * actions, what decides those connections is not known, and is doubted, so
 * that invariants fail closed on them. Rules of the same action, or whose
 * peers, ports or subjects do not meet, decide alike in either order and
 * are left as they are.
 *
 * The same holds, whatever their priorities, between a v1alpha1 policy
 * (AdminNetworkPolicy, BaselineAdminNetworkPolicy) and a ClusterNetworkPolicy
 * of its tier: network-policy-api defines no order between the two APIs, and
 * the one implementation documented to run both orders them by kind, not by
 * priority (Antrea, docs/admin-network-policy.md and
 * pkg/controller/networkpolicy/{clusternetworkpolicy,adminnetworkpolicy}.go:
 * Admin-tier ClusterNetworkPolicies at tier priority 220, AdminNetworkPolicies
 * at 251; the BaselineAdminNetworkPolicy at priority 1 of the tier Baseline
 * ClusterNetworkPolicies share at their own priority). The engine applies
 * them by priority, and warns where they conflict.
 *
 * Each policy is compiled alone; the steps compiled for one resolver (one
 * analysis) are kept here, so that a policy is compared with those of its
 * priority compiled before it, and the doubt goes on the later one's rules:
 * a doubt on one side of each tied pair is enough (see tiedSteps).
 */
const compiledFor = new WeakMap<Resolver, Array<{ readonly policy: AdminPolicy; readonly step: Step }>>();

function holdsNone(m: ClassMatch, r: Resolver): boolean {
  return m.kind === 'set' ? m.classes.length === 0 : r.classList(m).length === 0;
}

/** Whether two ports of admin rules share a port; a named port resolves per destination, so it meets any port of its protocol. */
function portMeets(x: RulePort, y: RulePort): boolean {
  if (x.protocol !== undefined && y.protocol !== undefined && x.protocol !== y.protocol) return false;
  if (x.kind !== 'numbers' || y.kind !== 'numbers') return true;
  return x.from <= y.to && y.from <= x.to;
}

function portsMeet(a: RuleSpec['ports'], b: RuleSpec['ports']): boolean {
  if (typeof a === 'string' || typeof b === 'string' || 'include' in a || 'include' in b) return true;
  return a.some((x) => b.some((y) => portMeets(x, y)));
}

/** Where a rule meets rules of tied policies that decide otherwise: the peers they share, and the policies, tied by priority or of the other API. */
interface TieScope {
  classes: ClassMatch;
  addresses: AddressSet;
  readonly with: Set<string>;
  readonly across: Set<string>;
}

/** Whether one policy is of v1alpha1 and the other a ClusterNetworkPolicy (v1alpha2): no API orders them. */
function acrossApis(a: AdminPolicy, b: AdminPolicy): boolean {
  return (a.kind === 'ClusterNetworkPolicy') !== (b.kind === 'ClusterNetworkPolicy');
}

const ACROSS_APIS =
  'and no API defines the order between AdminNetworkPolicies (or the BaselineAdminNetworkPolicy) and ClusterNetworkPolicies of a tier (Antrea applies every Admin ClusterNetworkPolicy before every AdminNetworkPolicy, and the BaselineAdminNetworkPolicy before Baseline ClusterNetworkPolicies of priority 2 and more, whatever their priorities)';

/**
 * A rule, split into the part whose peers a tied policy's rule of another
 * action also matches, doubted both ways (its connections may be decided by
 * that rule instead, and that rule's by it), and the rest, as it was.
 */
function splitRule(rule: RuleSpec, scope: TieScope, step: Step, r: Resolver): RuleSpec[] {
  if (scope.with.size + scope.across.size === 0) return [rule];
  const doubts = new Doubts(r);
  doubts.add(rule.doubt);
  const within = { classes: scope.classes, addresses: !addr.isEmpty(scope.addresses) };
  if (scope.with.size > 0) {
    doubts.mayMatchOther(
      `its priority ${step.order} ties with ${[...scope.with].sort().join(', ')} in the ${step.tier.name} tier, which decides some of the same connections otherwise, and the order of policies of equal priority is undefined`,
      within,
    );
  }
  if (scope.across.size > 0) doubts.mayMatchOther(`${[...scope.across].sort().join(', ')} in the ${step.tier.name} tier decides some of the same connections otherwise, ${ACROSS_APIS}`, within);
  const tied: RuleSpec = { ...rule, classes: scope.classes, addresses: scope.addresses, ...doubts.field };
  const classes = r.subtract(rule.classes, scope.classes);
  const addresses = addr.subtract(rule.addresses, scope.addresses);
  return holdsNone(classes, r) && addr.isEmpty(addresses) ? [tied] : [tied, { ...rule, classes, addresses }];
}

/**
 * The steps a policy's step becomes among the policies of its priority
 * compiled before it for this resolver: for the workloads it holds with a
 * tied policy whose rules decide some of its connections otherwise, a step
 * whose conflicting rule parts are doubted; for the others, the step as it
 * was.
 *
 * One side of each tied pair suffices: where this policy's rule is shown to
 * decide, its doubt says it may not (the tied rule may come first); where
 * the tied policy's rule is shown to decide, this one's says it may match
 * those peers first. Its reach is the peers both rules match, for the
 * workloads both policies hold (external addresses as a whole, which a
 * doubt's scope does not tell apart).
 */
export function tiedSteps(policy: AdminPolicy, step: Step, r: Resolver): Step[] {
  let compiled = compiledFor.get(r);
  if (!compiled) compiledFor.set(r, (compiled = []));
  const earlier = step.tier.tiesAmbiguous
    ? compiled.filter((c) => c.policy !== policy && c.step.tier === step.tier && c.step.direction === step.direction && (c.step.order === step.order || acrossApis(c.policy, policy)))
    : [];
  compiled.push({ policy, step });
  if (earlier.length === 0) return [step];
  const scopes: TieScope[] = step.rules.map(() => ({ classes: r.noWorkload, addresses: addr.NONE, with: new Set<string>(), across: new Set<string>() }));
  let held = r.noWorkload;
  for (const other of earlier) {
    const both = r.intersect(step.subject, other.step.subject);
    if (holdsNone(both, r)) continue;
    let conflicts = false;
    const tie = other.step.order === step.order;
    const name = `${other.policy.kind} ${other.policy.name}`;
    step.rules.forEach((a, i) => {
      for (const b of other.step.rules) {
        if (a.action === b.action || !portsMeet(a.ports, b.ports)) continue;
        const classes = r.intersect(a.classes, b.classes);
        const addresses = addr.intersect(a.addresses, b.addresses);
        if (holdsNone(classes, r) && addr.isEmpty(addresses)) continue;
        const scope = scopes[i]!;
        scope.classes = r.union(scope.classes, classes);
        scope.addresses = addr.union(scope.addresses, addresses);
        (tie ? scope.with : scope.across).add(name);
        conflicts = true;
      }
    });
    if (conflicts && !tie) {
      const [first, then] = other.step.order < step.order ? [other.policy, policy] : [policy, other.policy];
      r.warn(
        Codes.unsupported,
        policy.source,
        `${policy.kind} ${policy.name} and ${name} decide some of the same ${step.direction} connections differently in the ${step.tier.name} tier, ${ACROSS_APIS}; here ${first.kind} ${first.name} is applied before ${then.kind} ${then.name}, by priority`,
      );
    }
    if (conflicts) held = r.union(held, both);
  }
  if (holdsNone(held, r)) return [step];
  const tied: Step = { ...step, subject: held, rules: step.rules.flatMap((rule, i) => splitRule(rule, scopes[i]!, step, r)) };
  const rest = r.subtract(step.subject, held);
  return holdsNone(rest, r) ? [tied] : [tied, { ...step, subject: rest }];
}
