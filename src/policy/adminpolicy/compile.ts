import { Codes } from '../../model/diagnostics.js';
import type { AddressSet } from '../../model/addresses.js';
import * as addr from '../../model/addresses.js';
import type { Selector } from '../../model/selectors.js';
import { formatSelector, isMatchAll } from '../../model/selectors.js';
import type { Action, ClassMatch, Resolver, RuleSpec, SelectorPeer, Step, Tier } from '../kind.js';
import { MATCH_NO_CLASS } from '../kind.js';
import { Doubts, joinSubjectDoubts } from '../doubts.js';
import { controllerSelectorDoubt } from '../notes.js';
import { ipv4OnlyWhy, mayHoldNodes, missingPodNetwork, nodesWhy, podsHeld, workloadsHeld } from '../podaddresses.js';
import { KUBERNETES_TIERS } from '../tiers.js';
import { tiedSteps } from './ties.js';
import { mayNameInCluster, namedPortBesideNetworks } from './read.js';
import type { AdminAction, AdminPeer, AdminPolicy, AdminRule, AdminSubject } from './types.js';

export function toAction(a: AdminAction): Action {
  return a === 'Allow' || a === 'Accept' ? 'allow' : a === 'Deny' ? 'deny' : 'pass';
}

export function subjectClasses(subject: AdminSubject, r: Resolver): ClassMatch {
  return r.pods(subject.namespaceSelector, subject.kind === 'namespaces' ? undefined : subject.podSelector);
}

function label(policy: AdminPolicy): string {
  return `${policy.kind} ${policy.name}`;
}

/** The endpoints a peer matches, noting in `doubts` how they may differ; undefined for a peer that fails closed. */
function peerMatch(policy: AdminPolicy, peer: AdminPeer, action: Action, r: Resolver, doubts: Doubts): { classes: ClassMatch; addresses: AddressSet } | undefined {
  switch (peer.kind) {
    case 'namespaces':
      doubts.undeclared(r.undeclaredNamespaces(peer.namespaceSelector, undefined, 'its namespaces peer'));
      // Calico converts it to a namespaceSelector alone (a pods peer's selector adds projectcalico.org/orchestrator == 'k8s'),
      // which holds the NetworkSets of those namespaces too, whose addresses are outside the cluster (calicoNetworkSetsWhy)
      if (r.tiers !== KUBERNETES_TIERS && r.networkSetsOutside) doubts.mayMatchMore(calicoNetworkSetsWhy(peer.namespaceSelector), { classes: r.noWorkload, addresses: true });
      return { classes: r.pods(peer.namespaceSelector, undefined), addresses: addr.NONE };
    case 'pods': {
      const c = controllerSelectorDoubt(peer.namespaceSelector, peer.podSelector, 'its pods peer', r);
      if (c) doubts.mayMatchOther(c.why, { classes: c.within, addresses: false });
      doubts.undeclared(r.undeclaredNamespaces(peer.namespaceSelector, peer.podSelector, 'its pods peer'));
      return { classes: r.pods(peer.namespaceSelector, peer.podSelector), addresses: addr.NONE };
    }
    case 'nodes':
      // host-network pods have their node's address
      doubts.mayMatchMore('its nodes peer is not resolved', { classes: r.hostNetworkWorkloads, addresses: true });
      return { classes: MATCH_NO_CLASS, addresses: addr.NONE };
    case 'domainNames': {
      // the addresses behind the names are unknown: an Accept may reach any external address, a Deny or Pass is not relied on
      const why = `the addresses behind ${peer.names.join(', ')} are not known`;
      if (action === 'allow') doubts.mayMatchFewer(why);
      else doubts.mayMatchMore(why, { classes: MATCH_NO_CLASS, addresses: true });
      // a cluster DNS name resolves to pod IPs (a headless Service's, a pod's own record): the rule may match pods
      const inCluster = peer.names.filter(mayNameInCluster);
      if (inCluster.length > 0) doubts.mayMatchMore(`${inCluster.join(', ')} may name pods (a headless Service's or a pod's DNS record), which the rule then matches`, { classes: r.everyWorkload, addresses: false });
      return action === 'allow' ? { classes: MATCH_NO_CLASS, addresses: addr.ALL } : { classes: MATCH_NO_CLASS, addresses: addr.NONE };
    }
    case 'unknown':
      return undefined;
    case 'networks': {
      const held = podsHeld(peer.addresses, r);
      if (mayHoldNodes(peer.addresses, r)) doubts.mayMatchMore(nodesWhy(`networks ${peer.cidrs.join(', ')}`), { classes: r.hostNetworkWorkloads, addresses: false });
      // a Deny or Pass that holds pods by their IPv4 addresses leaves their IPv6 traffic alone on a dual-stack cluster
      if (held.kind !== 'unknown' && held.kind !== 'none' && action !== 'allow' && r.familyAssumed) doubts.mayMatchFewer(ipv4OnlyWhy(`networks ${peer.cidrs.join(', ')}`, action));
      // host-network pods use node addresses, not the pod network's: only the whole space holds them
      if (held.kind !== 'unknown') return { classes: workloadsHeld(held, r), addresses: peer.addresses };
      const why = held.missing.length === 0 ? 'it covers only part of the pod network' : `${missingPodNetwork(held.missing, r)} is configured (--pod-cidr)`;
      r.warn(Codes.unsupported, policy.source, `${label(policy)}: networks ${peer.cidrs.join(', ')} may hold pod IPs; ${why}, so it is applied to external addresses only`);
      doubts.mayMatchMore(`which pods networks ${peer.cidrs.join(', ')} hold is not known`, { classes: r.selectableWorkloads, addresses: false });
      return { classes: MATCH_NO_CLASS, addresses: peer.addresses };
    }
  }
}

/**
 * A rule as the engine sees it. A peer with no field or an unknown one fails
 * closed, as the API says: an Allow (Accept) rule then matches no traffic,
 * and a Deny or Pass rule becomes a rule that denies all traffic. That is
 * what an implementation older than the CRD does; the CRD the peer's
 * version comes with refuses such a peer (no such field, or none at all),
 * so that the policy is not applied, and an implementation that knows the
 * field matches what it says. Every rule of such a policy is doubted to
 * match fewer (the policy may not be applied), and an Accept rule with
 * such a peer to match more.
 */
function ruleSpec(policy: AdminPolicy, rule: AdminRule, r: Resolver, notApplied: readonly string[], unconverted: string | undefined): RuleSpec {
  const action = toAction(rule.action);
  const base = { index: rule.index, name: rule.name, line: rule.line, rule };
  let classes: ClassMatch = MATCH_NO_CLASS;
  let addresses = addr.NONE;
  const doubts = new Doubts(r);
  for (const why of notApplied) doubts.mayMatchFewer(why);
  // an Accept Calico drops matches nothing; what a Pass it turns into a Deny matches is denied (see calicoRuleSpecs)
  if (unconverted !== undefined && action !== 'deny') doubts.mayMatchFewer(unconverted);
  for (const peer of rule.peers) {
    const m = peerMatch(policy, peer, action, r, doubts);
    if (!m) {
      if (action !== 'allow') return { ...base, action: 'deny', classes: r.everyWorkload, addresses: addr.ALL, ports: 'all', ...doubts.field };
      if (peer.kind === 'unknown') doubts.mayMatchMore(`its peer with ${peer.what} may match any traffic where a newer CRD and implementation know its field`, { classes: r.everyWorkload, addresses: true });
      return { ...base, action, classes: MATCH_NO_CLASS, addresses: addr.NONE, ports: rule.ports, ...doubts.field };
    }
    classes = r.union(classes, m.classes);
    addresses = addr.union(addresses, m.addresses);
  }
  return { ...base, action, classes, addresses, ports: rule.ports, ...doubts.field };
}

/**
 * Why a namespaces peer may match Calico network sets, where Calico
 * enforces the policy: its conversion (libcalico-go/lib/backend/k8s/
 * conversion/clusternetworkpolicy.go) gives the Calico rule the peer's
 * namespaceSelector and no selector, and a rule's selectors take "the CIDRs
 * from any network sets that match the selector"
 * (docs.tigera.io/calico/latest/reference/resources/networkset): those of
 * the namespaces it picks. Network sets are often managed outside the
 * repository (unless the config says otherwise: outside.networkSets).
 */
function calicoNetworkSetsWhy(namespaces: Selector): string {
  return `its namespaces peer ${formatSelector(namespaces)} is a namespaceSelector alone under Calico, which may match NetworkSets of the namespaces it picks, whose addresses outside the cluster are not modelled`;
}

/**
 * Why Calico cannot convert a ClusterNetworkPolicy rule, or undefined
 * where it can. Its conversion (libcalico-go/lib/backend/k8s/conversion/
 * clusternetworkpolicy.go) knows no nodes or domainNames peer ("none of
 * supported fields in 'To' is set") and no destinationNamedPort ("named
 * ports are not supported yet"), and puts in place of a rule it cannot
 * convert one that denies all traffic where the rule is Deny or Pass
 * (k8sClusterNetPolHandleFailedRules), none where it is Accept.
 */
function calicoUnconvertedWhy(rule: AdminRule): string | undefined {
  const parts = [...new Set(rule.peers.flatMap((p) => (p.kind === 'nodes' || p.kind === 'domainNames' ? [`a ${p.kind} peer`] : [])))];
  if (rule.ports !== 'all' && rule.ports.some((p) => p.kind === 'named')) parts.push('a destinationNamedPort');
  if (parts.length === 0) return undefined;
  return `Calico cannot convert a rule with ${parts.join(' and ')}, and puts in place of a Deny or Pass rule it cannot convert one that denies all traffic, and none of an Accept rule`;
}

/**
 * A rule as the engine sees it where Calico enforces ClusterNetworkPolicies,
 * and cannot convert it (calicoUnconvertedWhy): a Deny or Pass rule may
 * deny every peer on every port, which a rule that matches nothing carries
 * as a doubt after it (its own ports may be fewer); an Accept rule may
 * match nothing.
 */
function ruleSpecs(policy: AdminPolicy, rule: AdminRule, r: Resolver, notApplied: readonly string[]): RuleSpec[] {
  const unconverted = policy.kind === 'ClusterNetworkPolicy' && r.tiers !== KUBERNETES_TIERS ? calicoUnconvertedWhy(rule) : undefined;
  const spec = ruleSpec(policy, rule, r, notApplied, unconverted);
  if (unconverted === undefined || spec.action === 'allow') return [spec];
  const doubts = new Doubts(r);
  doubts.mayMatchMore(unconverted, { classes: r.everyWorkload, addresses: true });
  return [spec, { index: rule.index, name: rule.name, line: rule.line, rule, action: 'deny', classes: MATCH_NO_CLASS, addresses: addr.NONE, ports: 'all', ...doubts.field }];
}

/**
 * Why a policy may not be applied, its CRD refusing it: a peer with no
 * field, or with one its version does not have (its first), a networks
 * peer beside a named port in an egress rule, which the experimental
 * channel's CRD refuses (see namedPortBesideNetworks), and, in a
 * ClusterNetworkPolicy, a nodes or domainNames peer, fields of the
 * experimental channel alone (network-policy-api v0.2.0,
 * apis/v1alpha2/clusternetworkpolicy_types.go L366-373 and L394-409,
 * `<network-policy-api:experimental>`): the standard channel's CRD, which
 * Calico ships and Cilium's documentation installs, does not have them,
 * so kubectl's strict field validation refuses the whole object.
 */
function notAppliedWhy(policy: AdminPolicy): string[] {
  const out: string[] = [];
  const unknown = [...policy.ingress, ...policy.egress].flatMap((rule) => rule.peers).find((peer) => peer.kind === 'unknown');
  if (unknown) out.push(`the policy has a peer with ${unknown.what}, which the CRD of its version refuses: it may not be applied`);
  const rule = policy.egress.find(namedPortBesideNetworks);
  if (rule) out.push(`egress rule ${rule.index} has a networks peer beside a named port, which the experimental channel's CRD refuses (the standard one takes it): the policy may not be applied`);
  if (policy.kind === 'ClusterNetworkPolicy') {
    const experimental = [...new Set(policy.egress.flatMap((r) => r.peers.flatMap((peer) => (peer.kind === 'nodes' || peer.kind === 'domainNames' ? [peer.kind] : []))))].sort();
    if (experimental.length > 0) {
      out.push(`the policy has ${experimental.join(' and ')} peers, which only the experimental channel's CRD has (the standard one, which Calico ships and Cilium's documentation installs, refuses the object): it may not be applied`);
    }
  }
  return out;
}

/** Whether a policy's networks peers name IPv6 addresses. */
export function adminUsesIPv6(policy: AdminPolicy): boolean {
  return [...policy.ingress, ...policy.egress].some((rule) => rule.peers.some((peer) => peer.kind === 'networks' && peer.addresses.v6.length > 0));
}

/**
 * The steps of an admin policy: first match in its tier, at its priority;
 * its subjects are not isolated. Where it ties with a policy compiled
 * before it, the rule parts whose verdict rests on their undefined order are
 * doubted (tiedSteps).
 */
export function compileAdminPolicy(policy: AdminPolicy, tier: Tier, order: number, r: Resolver): Step[] {
  const subject = subjectClasses(policy.subject, r);
  const podSelector = policy.subject.kind === 'pods' ? policy.subject.podSelector : undefined;
  const undeclared = r.undeclaredNamespaces(policy.subject.namespaceSelector, podSelector, 'its subject');
  const doubt = joinSubjectDoubts(r, [podSelector && controllerSelectorDoubt(policy.subject.namespaceSelector, podSelector, 'its subject', r), undeclared && { why: undeclared.why, within: undeclared.within }]);
  const subjectDoubt = doubt ? { subjectDoubt: doubt } : {};
  const notApplied = notAppliedWhy(policy);
  const steps: Step[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    const rules = policy[direction];
    if (rules.length === 0) continue;
    const step: Step = {
      tier,
      order,
      tieBreak: r.tiers.tieBreak(policy.kind, policy.name, undefined),
      ...(policy.priority !== undefined ? { priority: policy.priority } : {}),
      direction,
      subject,
      isolates: false,
      rules: rules.flatMap((rule) => ruleSpecs(policy, rule, r, notApplied)),
      ...subjectDoubt,
    };
    // where a policy of the same priority holds the same workloads and decides otherwise, the order between them is undefined
    steps.push(...tiedSteps(policy, step, r));
  }
  return steps;
}

/** The selector peers of an admin policy's rules; those that pick every pod of every namespace are left out. */
/** The pods an admin policy applies to: its subject (every pod of every namespace left out). */
export function adminSubjectPeers(policy: AdminPolicy): SelectorPeer[] {
  const subject = policy.subject;
  const pods = subject.kind === 'pods' && !isMatchAll(subject.podSelector) ? { pods: { selector: subject.podSelector } } : {};
  if (isMatchAll(subject.namespaceSelector) && !('pods' in pods)) return [];
  return [{ namespaces: { selector: subject.namespaceSelector }, ...pods }];
}

export function adminSelectorPeers(policy: AdminPolicy): SelectorPeer[] {
  const out: SelectorPeer[] = [];
  for (const rule of [...policy.ingress, ...policy.egress]) {
    for (const peer of rule.peers) {
      if (peer.kind === 'namespaces') {
        if (!isMatchAll(peer.namespaceSelector)) out.push({ namespaces: { selector: peer.namespaceSelector, written: peer.written.namespaceSelector } });
      } else if (peer.kind === 'pods') {
        if (isMatchAll(peer.namespaceSelector) && isMatchAll(peer.podSelector)) continue;
        out.push({
          namespaces: { selector: peer.namespaceSelector, written: peer.written.namespaceSelector },
          pods: { selector: peer.podSelector, ...(peer.written.podSelector ? { written: peer.written.podSelector } : {}) },
        });
      }
    }
  }
  return out;
}
