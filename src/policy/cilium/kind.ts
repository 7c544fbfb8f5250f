import type { RulePort } from '../../model/cluster.js';
import type { AddressSet } from '../../model/addresses.js';
import * as addr from '../../model/addresses.js';
import { isMatchAll } from '../../model/selectors.js';
import { Doubts, joinSubjectDoubts } from '../doubts.js';
import { ipv4OnlyWhy } from '../podaddresses.js';
import type { CiliumAgentFlag, ClassMatch, PolicyKind, Resolver, RuleSpec, SelectorPeer, Step, SubjectDoubt } from '../kind.js';
import { withoutControllerKeys } from '../notes.js';
import { NETWORK_POLICY_TIER } from '../tiers.js';
import { policyId } from '../kind.js';
import { Codes } from '../../model/diagnostics.js';
import { readCiliumPolicy, ruleName } from './read.js';
import type { CiliumPeer, CiliumPolicy, CiliumPortRule, CiliumRule, CiliumSpecRule, IdentitySelector } from './types.js';

/**
 * cilium.io/v2 CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy at
 * L3/L4 (docs.cilium.io, Security > Network Policy).
 *
 * Cilium puts their rules in one repository with Kubernetes
 * NetworkPolicies: what any of them allows is allowed, and a deny rule of
 * any of them wins over every allow (Deny Policies); a pod is in default
 * deny for a direction once some rule selecting it has an entry for that
 * direction, unless the rule sets enableDefaultDeny to false (Policy
 * Enforcement Modes, "Endpoint default policy"). Both are what the
 * NetworkPolicy tier does, so they share it.
 */

/** The pods (and, for `reserved:` selectors, host-network workloads) a selector matches. */
function selected(s: IdentitySelector, r: Resolver): ClassMatch {
  const pods = s.noPod ? r.noWorkload : r.pods(s.namespaces, s.pods);
  return s.nodes ? r.union(pods, r.hostNetworkWorkloads) : pods;
}

/**
 * What an entity reaches among the endpoints of the matrix
 * (pkg/policy/api/entity.go; Layer 3, "Entities based"): `world` every
 * address outside the cluster; `cluster` every workload (pods, and the
 * nodes, so host-network pods); `all` both; `host` and `remote-node` the
 * host-network workloads (which node a pod runs on is not known, so both
 * are taken to be any node); the others no endpoint of the manifests.
 */
function entity(name: string, r: Resolver): { classes: ClassMatch; addresses: AddressSet } {
  switch (name) {
    case 'all':
      return { classes: r.everyWorkload, addresses: addr.ALL };
    case 'world':
      return { classes: r.noWorkload, addresses: addr.ALL };
    case 'cluster':
      return { classes: r.everyWorkload, addresses: addr.NONE };
    case 'host':
    case 'remote-node':
      return { classes: r.hostNetworkWorkloads, addresses: addr.NONE };
    default:
      return { classes: r.noWorkload, addresses: addr.NONE };
  }
}

/** Whether the analysis takes the cluster to be dual-stack: outside addresses then carry world-ipv4 or world-ipv6, not world (pkg/labels getWorldLabel). */
function dualStack(r: Resolver): boolean {
  return !addr.isEmpty(addr.intersect(r.addressSpace, addr.ALL_IPV4)) && !addr.isEmpty(addr.intersect(r.addressSpace, addr.ALL_IPV6));
}

/** The outside addresses a selector's reserved labels match: world on a single-stack cluster, world-ipv4 and world-ipv6 each its family on a dual-stack one. */
function selectedAddresses(s: IdentitySelector, r: Resolver): AddressSet {
  const dual = dualStack(r);
  let out = s.world && !dual ? addr.ALL : addr.NONE;
  if (dual && s.reserved.includes('world-ipv4')) out = addr.union(out, addr.ALL_IPV4);
  if (dual && s.reserved.includes('world-ipv6')) out = addr.union(out, addr.ALL_IPV6);
  return out;
}

function peer(p: CiliumPeer, r: Resolver): { classes: ClassMatch; addresses: AddressSet } {
  switch (p.kind) {
    case 'endpoints':
      // the other reserved identities are those of entities that stand for no endpoint of the manifests
      return { classes: selected(p.selector, r), addresses: selectedAddresses(p.selector, r) };
    case 'entity':
      return entity(p.entity, r);
    case 'cidr':
      // CIDR rules match addresses without a richer identity: never pods or nodes (Layer 3, "IP/CIDR based")
      return { classes: r.noWorkload, addresses: p.addresses };
    case 'fqdn':
      // the addresses behind the names are not known: any external address, never a pod (Layer 3, "DNS based")
      return { classes: r.noWorkload, addresses: addr.ALL };
    case 'unmodelled':
      return { classes: r.noWorkload, addresses: addr.NONE };
  }
}

/** Entities that stand for endpoints the manifests do not hold (the API server, Cilium's ingress proxy, unmanaged endpoints), taken to match nothing. */
const UNRESOLVED_ENTITIES: ReadonlySet<string> = new Set(['kube-apiserver', 'ingress', 'unmanaged']);

/**
 * How a rule's peers may differ from those it is shown to match: a peer not
 * resolved (toServices, toNodes, toGroups, a CIDR group, some entities, a
 * service-account selector) may match more; DNS names, taken to be any
 * external address, a spec's fromRequires or toRequires, left out, and
 * mutual authentication may match fewer; a selector reading controllers'
 * labels either. Where what a peer may match is known to be narrower than
 * any peer (CIDR groups and cloud groups: addresses; nodes: host-network
 * workloads and addresses; a selector: the pods its other requirements
 * match), the doubt says so.
 */
function doubtOf(rule: CiliumRule, requires: boolean, r: Resolver, matched: { classes: ClassMatch; addresses: AddressSet }): Doubts {
  const d = new Doubts(r);
  doubtEgressPortNames(d, egressPortNames(rule), matched);
  const ADDRESSES_ONLY = ['fromGroups', 'toGroups', 'cidrGroupRef', 'cidrGroupSelector'];
  for (const p of Array.isArray(rule.peers) ? rule.peers : []) {
    if (p.kind === 'unmodelled') {
      const nodes = p.what === 'fromNodes' || p.what === 'toNodes';
      const within = ADDRESSES_ONLY.includes(p.what) ? { classes: r.noWorkload, addresses: true } : nodes ? { classes: r.hostNetworkWorkloads, addresses: true } : undefined;
      d.mayMatchMore(`its ${p.what} peer is not resolved`, within);
    } else if (p.kind === 'entity' && UNRESOLVED_ENTITIES.has(p.entity)) {
      doubtUnresolvedEntity(d, p.entity, `the ${p.entity} entity`, r);
    } else if (p.kind === 'endpoints' && p.selector.unresolved !== undefined) {
      // the requirement not read is left out of the pod selector: the pods the rest matches
      d.mayMatchMore(p.selector.unresolved, { classes: r.pods(p.selector.namespaces, p.selector.pods), addresses: false });
    } else if (p.kind === 'endpoints' && p.selector.controllers !== undefined) {
      d.mayMatchOther(p.selector.controllers, { classes: r.pods(p.selector.namespaces, withoutControllerKeys(p.selector.pods)), addresses: false });
    } else if (p.kind === 'fqdn') d.mayMatchFewer(`toFQDNs ${p.names.join(' ')}: the addresses behind DNS names are learned at run time, and taken to be any external address`);
    if (p.kind === 'endpoints') doubtReserved(d, p.selector, r);
    if (p.kind === 'endpoints' && !p.selector.noPod) d.undeclared(r.undeclaredNamespaces(p.selector.namespaces, p.selector.pods, 'its endpoint selector'));
  }
  // host is the local node alone, remote-node every other (Layer 3, "Entities based"): a host-network pod runs on one of
  // them, which the manifests do not say, so either alone holds it on some nodes only
  const entities = new Set((Array.isArray(rule.peers) ? rule.peers : []).flatMap((p) => (p.kind === 'entity' ? [p.entity] : [])));
  const nodes = ['host', 'remote-node'].filter((e) => entities.has(e));
  if (nodes.length === 1 && !['all', 'cluster'].some((e) => entities.has(e))) {
    d.mayMatchFewer(`the ${nodes[0]} entity is ${nodes[0] === 'host' ? 'the local node alone (remote-node the others)' : 'every node but the local one (host the local one)'}, so it holds host-network pods on some nodes only, and which the manifests do not say`);
  }
  if (rule.authentication !== undefined) d.mayMatchFewer(`mutual authentication (${rule.authentication}) may refuse its connections`);
  // a deny of every IPv4 address by CIDR (0.0.0.0/0) leaves IPv6 clients and destinations alone on a dual-stack cluster
  // (world-ipv6; the world entity is both)
  if (rule.section.endsWith('Deny') && r.familyAssumed) {
    const cidrs = (Array.isArray(rule.peers) ? rule.peers : []).reduce((a, p) => (p.kind === 'cidr' ? addr.union(a, p.addresses) : a), addr.NONE);
    if (addr.covers(cidrs, addr.ALL_IPV4)) d.mayMatchFewer(ipv4OnlyWhy('its CIDRs', 'deny', "the outside world's"));
  }
  if (requires) d.mayMatchFewer(`the ${rule.section.startsWith('ingress') ? 'fromRequires' : 'toRequires'} of its spec is left out`);
  return d;
}

/** An entity that stands for endpoints the manifests do not hold may match more: the API server runs on nodes or outside the cluster; the ingress proxy carries traffic from outside. */
function doubtUnresolvedEntity(d: Doubts, entity: string, what: string, r: Resolver): void {
  const within = entity === 'kube-apiserver' ? { classes: r.hostNetworkWorkloads, addresses: true } : entity === 'ingress' ? { classes: r.noWorkload, addresses: true } : undefined;
  d.mayMatchMore(`${what} is not an endpoint of the manifests`, within);
}

/**
 * A selector on reserved labels, as its entities are doubted: the API
 * server's, the ingress proxy's and unmanaged endpoints' identities may
 * match more; where the cluster was taken to be IPv4 only since nothing
 * names IPv6, `reserved:world` matches no outside address on a dual-stack
 * cluster (may match fewer) and `reserved:world-ipv4` or `-ipv6` all those
 * of its family (may match more); where it was taken to be dual-stack since
 * something names IPv6, the other way round.
 */
function doubtReserved(d: Doubts, s: IdentitySelector, r: Resolver): void {
  for (const e of s.reserved) if (UNRESOLVED_ENTITIES.has(e)) doubtUnresolvedEntity(d, e, `${s.text}: the ${e} identity`, r);
  const families = s.reserved.filter((e) => e === 'world-ipv4' || e === 'world-ipv6');
  if (dualStack(r) && !r.familyGiven) {
    // both families analysed since something names IPv6: a single-stack cluster gives its outside addresses world
    const why = 'the analysis took the cluster to be dual-stack since something names IPv6, where outside addresses carry world-ipv4 and world-ipv6, not world; a single-stack cluster gives them world (--ip-family says which)';
    if (s.world) d.mayMatchMore(`${s.text}: ${why}`, { classes: r.noWorkload, addresses: true });
    if (families.length > 0) d.mayMatchFewer(`${s.text}: ${why}`);
  }
  if (!r.familyAssumed) return;
  if (families.length > 0) d.mayMatchMore(`${s.text}: ${families.join(' and ')} ${families.length > 1 ? 'are' : 'is'} the outside world's addresses on a dual-stack cluster, and the analysis took the cluster to be IPv4 only since nothing names IPv6 (--ip-family says which)`, { classes: r.noWorkload, addresses: true });
  if (s.world) d.mayMatchFewer(`${s.text}: a dual-stack cluster gives outside addresses world-ipv4 and world-ipv6, not world, and the analysis took the cluster to be IPv4 only since nothing names IPv6 (--ip-family says which)`);
}

/**
 * The port names of an egress or egressDeny rule. Up to Cilium 1.19 the
 * agent resolved an egress port name against the named ports of every pod
 * of the cluster, and skipped the rule where they gave the name more than
 * one number ("duplicate named ports"); from cilium/cilium PR #44429
 * ("policy: Resolve named ports for egress policies by destination
 * identities", merged for 1.20) against the destination's own ports, which
 * is what the analysis does. Over the versions the README claims, such a
 * rule may thus reach other ports, or none.
 */
function egressPortNames(rule: CiliumRule): string[] {
  if (!rule.section.startsWith('egress') || rule.ports === 'all') return [];
  return portNames(rule.ports.flatMap((pr) => pr.ports));
}

/** The names of the named ports of a list, each once, sorted. */
export function portNames(ports: readonly RulePort[]): string[] {
  return [...new Set(ports.flatMap((p) => (p.kind === 'named' ? [p.name] : [])))].sort();
}

/**
 * Doubts an egress rule of a policy Cilium enforces that names ports
 * (egressPortNames; a Kubernetes NetworkPolicy's too, which Cilium puts in
 * the same repository): the peers are those shown, which ports of theirs
 * the names stand for may differ, over the versions the README claims.
 */
export function doubtEgressPortNames(d: Doubts, names: readonly string[], matched: { classes: ClassMatch; addresses: AddressSet }): void {
  if (names.length === 0) return;
  const where = `its egress port name${names.length > 1 ? 's' : ''} ${names.join(', ')}`;
  d.mayMatchOther(
    `${where}: Cilium 1.18 and 1.19 resolve egress port names across every pod of the cluster (a name with two numbers there drops the rule), later versions on the destination, as shown`,
    { classes: matched.classes, addresses: !addr.isEmpty(matched.addresses) },
  );
}

/** Where an endpointSelector reads a label the manifests do not show (a service account, a cluster name, a controller's label): the pods it may hold. */
function subjectDoubtOf(s: IdentitySelector, r: Resolver): { subjectDoubt?: SubjectDoubt } {
  const why = s.unresolved ?? s.controllers;
  // the requirement not read is left out of the pod selector already; a controller's label is dropped here
  const pods = s.unresolved !== undefined ? s.pods : withoutControllerKeys(s.pods);
  const u = s.noPod ? undefined : r.undeclaredNamespaces(s.namespaces, s.pods, 'its endpointSelector');
  const doubt = joinSubjectDoubts(r, [why !== undefined ? { why, within: r.pods(s.namespaces, pods) } : undefined, u && { why: u.why, within: u.within }]);
  return doubt ? { subjectDoubt: doubt } : {};
}

/** The note of the ports of one entry of a rule's toPorts: the rule's own (DNS names, mutual auth) and the entry's L7 part. */
function portRuleNote(rule: CiliumRule, pr: CiliumPortRule): string {
  return [rule.note, pr.l7].filter((n) => n !== undefined).join(' + ');
}

/** The L7 parts, as written, of the entries of a rule's toPorts whose ports carry a note (PolicyKind.noteFilter). */
function noteFilter(rule: object, note: string): string | undefined {
  const r = rule as CiliumRule;
  if (r.ports === 'all') return undefined;
  const filters = new Set(r.ports.flatMap((pr) => (pr.filter !== undefined && portRuleNote(r, pr) === note ? [pr.filter] : [])));
  return filters.size === 0 ? undefined : [...filters].sort().join('\n');
}

/** A rule as the engine evaluates it: one spec per L7 part of its toPorts, so that paths through an L7 rule can be told. */
function ruleSpecs(policy: CiliumPolicy, rule: CiliumRule, r: Resolver, requires: boolean): RuleSpec[] {
  let classes: ClassMatch = r.noWorkload;
  let addresses: AddressSet = addr.NONE;
  if (rule.peers === 'any') {
    classes = r.everyWorkload;
    addresses = addr.ALL;
  } else if (rule.peers !== 'none') {
    for (const p of rule.peers) {
      const m = peer(p, r);
      classes = r.union(classes, m.classes);
      addresses = addr.union(addresses, m.addresses);
    }
  }
  // port names resolve as the agent resolves them: on a pod's containers alone, one number per name
  const base = { action: rule.action, classes, addresses, index: rule.index, name: ruleName(policy, rule), line: rule.line, rule, portNames: 'cilium' as const, ...doubtOf(rule, requires, r, { classes, addresses }).field };
  if (rule.ports === 'all') return [{ ...base, ports: 'all', ...(rule.note ? { note: rule.note } : {}) }];
  const byNote = new Map<string, RulePort[]>();
  for (const pr of rule.ports) {
    const note = portRuleNote(rule, pr);
    const list = byNote.get(note);
    if (list) list.push(...pr.ports);
    else byNote.set(note, [...pr.ports]);
  }
  if (byNote.size === 0) byNote.set(rule.note ?? '', []);
  return [...byNote].map(([note, ports]) => ({ ...base, ports, ...(note ? { note } : {}) }));
}

/**
 * Why the whole policy may not exist: a fromRequires or toRequires, which
 * Cilium deprecated in 1.17 and whose CRD takes no item from 1.19
 * (cilium/cilium issue #43088, PR #43167: MaxItems=0), so that the API
 * server refuses the policy there, while 1.18 applies it. Whatever the
 * policy decides, isolating its pods included, is then not known.
 */
function requiresDoubt(policy: CiliumPolicy): string | undefined {
  const fields = new Set<string>();
  for (const rule of [...policy.ingress, ...policy.egress]) if (rule.requires) fields.add(rule.section.startsWith('ingress') ? 'fromRequires' : 'toRequires');
  if (fields.size === 0) return undefined;
  return `its ${[...fields].join(' and ')} makes the API server refuse the whole policy from Cilium 1.19 (1.18 applies it)`;
}

/** What of a policy Cilium's agent takes only under a flag (rule_validation.go Validate): fromNodes and toNodes, L7 rules (http, dns, kafka, l7proto), icmps. */
function flagsNeeded(policy: CiliumPolicy): Array<{ readonly flag: CiliumAgentFlag; readonly what: string }> {
  const rules = [...policy.ingress, ...policy.egress];
  const nodes = [...new Set(rules.flatMap((rule) => (Array.isArray(rule.peers) ? rule.peers.flatMap((p) => (p.kind === 'unmodelled' && (p.what === 'fromNodes' || p.what === 'toNodes') ? [p.what] : [])) : [])))].sort();
  const l7 = rules.some((rule) => rule.ports !== 'all' && rule.ports.some((pr) => pr.l7Rules));
  return [
    ...(nodes.length > 0 ? [{ flag: 'enable-node-selector-labels' as const, what: nodes.join(' and ') }] : []),
    ...(l7 ? [{ flag: 'enable-l7-proxy' as const, what: 'L7 rules' }] : []),
    ...(rules.some((rule) => rule.icmpOnly) ? [{ flag: 'enable-icmp-rules' as const, what: 'icmps' }] : []),
  ];
}

/**
 * Why Cilium's agent may refuse the whole policy: it holds what the agent
 * takes only under a flag that is off (ErrFromToNodesRequiresNodeSelectorOption,
 * "L7 policy is not supported since L7 proxy is not enabled", "ICMP rules
 * can only be applied when the enable-icmp-rules flag is set"), and a rule
 * the agent refuses leaves its whole policy out. `surely` where the flag
 * is off on every node; else it is off on some (a CiliumNodeConfig).
 */
function agentRefusal(policy: CiliumPolicy, r: Resolver): { why: string; surely: boolean } | undefined {
  const off = flagsNeeded(policy).filter((n) => r.ciliumFlags[n.flag].on !== true);
  if (off.length === 0) return undefined;
  const why = off.map((n) => `Cilium's agent refuses the whole policy for its ${n.what} unless ${n.flag} is on, and ${r.ciliumFlags[n.flag].why}`).join('; ');
  return { why, surely: off.some((n) => r.ciliumFlags[n.flag].on === false) };
}

/**
 * Where a clusterwide policy's endpointSelector selects Cilium's ingress
 * proxy (reserved:ingress), an endpoint of its own through which Cilium's
 * Ingress and Gateway API send traffic from outside the cluster to the
 * backends: its egress rules decide which backends it reaches, and its
 * ingress rules, which Envoy enforces for the original client, which
 * clients get through (docs.cilium.io, Ingress and Network Policy Example;
 * cilium/cilium commit 04f19e98, "Add Cilium Endpoint representing
 * Ingress"). Whether the manifests' ingress objects are served by it, and
 * so whether the ingress controller the analysis stands in stands for it,
 * is not known: what the controller sends is doubted, where the selector
 * does not hold the controller as a pod already (`{}` does, and applies the
 * same egress rules to it). Undefined where nothing routes from outside.
 */
function ingressProxyDoubt(policy: CiliumPolicy, spec: CiliumSpecRule, subject: ClassMatch, r: Resolver): Step | undefined {
  if (!spec.subject?.ingressProxy) return undefined;
  const within = r.subtract(r.ingressController, subject);
  if (r.classList(within).length === 0) return undefined;
  const decides = [...(spec.has.ingress ? ['which clients get through it'] : []), ...(spec.has.egress ? ['which backends it reaches'] : [])].join(' and ');
  const why = `${spec.path}.endpointSelector selects Cilium's ingress proxy (reserved:ingress), which carries Cilium's Ingress and Gateway API traffic from outside the cluster to their backends, and its rules decide ${decides}; whether the ingress objects of the manifests are served by it is not modelled`;
  r.warn(Codes.unsupported, { file: policy.source.file, line: spec.line }, `${policy.kind} ${policyId(policy)}: ${why}, so invariants on traffic from the internet fail closed on what the ingress controller sends`);
  return { tier: NETWORK_POLICY_TIER, order: 0, direction: 'egress', subject: r.noWorkload, isolates: false, rules: [], subjectDoubt: { why, within } };
}

function compile(policy: CiliumPolicy, r: Resolver): Step[] {
  const steps: Step[] = [];
  const refusal = agentRefusal(policy, r);
  if (refusal) {
    const shown = refusal.surely ? 'the traffic it governs is shown as if it did not exist' : 'it is shown as enforced';
    r.warn(Codes.notAnalysed, policy.source, `${policy.kind} ${policyId(policy)} is not analysed: ${refusal.why}; ${shown}, and invariants on its subjects fail closed`);
  }
  const doubts = [requiresDoubt(policy), refusal?.why].filter((w): w is string => w !== undefined);
  const refused = doubts.length > 0 ? doubts.join('; ') : undefined;
  policy.specs.forEach((spec, i) => {
    if (!spec.subject) {
      // a host policy (nodeSelector) applies to nodes with the host firewall, whose network host-network pods share: not modelled, so doubted there
      const subjectDoubt: SubjectDoubt = { why: `${spec.path}.nodeSelector: a host policy applies to the nodes, whose network host-network pods share, and is not modelled`, within: r.hostNetworkWorkloads };
      for (const direction of ['ingress', 'egress'] as const) {
        if (spec.has[direction]) steps.push({ tier: NETWORK_POLICY_TIER, order: 0, direction, subject: r.noWorkload, isolates: false, rules: [], subjectDoubt });
      }
      return;
    }
    const subject = selected(spec.subject, r);
    const proxy = refusal?.surely ? undefined : ingressProxyDoubt(policy, spec, subject, r);
    if (proxy) steps.push(proxy);
    const selectorDoubt = subjectDoubtOf(spec.subject, r).subjectDoubt;
    // a policy that may not exist may decide nothing for its pods, or all it shows
    const doubt = joinSubjectDoubts(r, [selectorDoubt, refused === undefined ? undefined : { why: refused, within: subject }]);
    const subjectDoubt = doubt ? { subjectDoubt: doubt } : {};
    for (const direction of ['ingress', 'egress'] as const) {
      if (!spec.has[direction]) continue;
      const own = policy[direction].filter((rule) => rule.spec === i);
      // fromRequires and toRequires narrow the peers of every rule of the spec in their direction
      const requires = own.some((rule) => rule.requires);
      // a policy the agent surely refuses decides nothing: its pods are left as if it did not exist, in doubt
      if (refusal?.surely) {
        steps.push({ tier: NETWORK_POLICY_TIER, order: 0, direction, subject, isolates: false, rules: [], ...subjectDoubt });
        continue;
      }
      const rules = own.flatMap((rule) => ruleSpecs(policy, rule, r, requires));
      // an absent enableDefaultDeny means deny where the rule has entries; with enable-non-default-deny-policies off the
      // agent sets it true whatever is written (rule_validation.go Rule.Sanitize)
      const allowing = spec.enableDefaultDeny[direction] === false;
      const nonDefaultDeny = r.ciliumFlags['enable-non-default-deny-policies'];
      const isolates = !allowing || nonDefaultDeny.on === false;
      const ignored = allowing && nonDefaultDeny.on === 'some' ? `${spec.path}.enableDefaultDeny.${direction}: false is ignored, the pods put in default deny, where enable-non-default-deny-policies is off, and ${nonDefaultDeny.why}` : undefined;
      const stepDoubt = joinSubjectDoubts(r, [doubt, ignored === undefined ? undefined : { why: ignored, within: subject }]);
      steps.push({ tier: NETWORK_POLICY_TIER, order: 0, direction, subject, isolates, rules, ...(stepDoubt ? { subjectDoubt: stepDoubt } : {}) });
    }
  });
  return steps;
}

/** The endpoint selectors of its rules that pick pods, those that pick every pod of every namespace left out. */
function selectorPeers(policy: CiliumPolicy): SelectorPeer[] {
  const out: SelectorPeer[] = [];
  for (const rule of [...policy.ingress, ...policy.egress]) {
    if (rule.peers === 'any' || rule.peers === 'none') continue;
    for (const p of rule.peers) {
      if (p.kind !== 'endpoints' || p.selector.noPod) continue;
      if (isMatchAll(p.selector.namespaces) && isMatchAll(p.selector.pods)) continue;
      out.push({ namespaces: { selector: p.selector.namespaces }, pods: { selector: p.selector.pods } });
    }
  }
  return out;
}

/** The endpoints its rules apply to (node selectors and every pod of every namespace left out). */
function subjectPeers(policy: CiliumPolicy): SelectorPeer[] {
  const out: SelectorPeer[] = [];
  for (const spec of policy.specs) {
    const s = spec.subject;
    if (!s || s.noPod || (isMatchAll(s.namespaces) && isMatchAll(s.pods))) continue;
    out.push({ namespaces: { selector: s.namespaces }, pods: { selector: s.pods } });
  }
  return out;
}

/** Each spec's subject, enableDefaultDeny, and the directions it has rules of: a part each, with every spec's. */
function selection(p: CiliumPolicy): unknown {
  return [p.specs.map((s) => (s.subject ? [s.subject.namespaces.key, s.subject.pods.key, s.subject.noPod] : 'nodes')), p.specs.map((s) => s.enableDefaultDeny), p.specs.map((s) => s.has)];
}

function usesIPv6(p: CiliumPolicy): boolean {
  return [...p.ingress, ...p.egress].some((rule) => Array.isArray(rule.peers) && rule.peers.some((peer) => peer.kind === 'cidr' && peer.cidr.includes(':')));
}

export const ciliumNetworkPolicyKind: PolicyKind<CiliumPolicy> = {
  kind: 'CiliumNetworkPolicy',
  group: 'cilium.io',
  versions: ['v2'],
  plural: 'CiliumNetworkPolicies',
  namespaced: true,
  ordered: false,
  read: (obj, ctx) => readCiliumPolicy(obj, 'CiliumNetworkPolicy', ctx.defaultNamespace),
  rules: (p, direction) => p[direction],
  selection,
  selectionParts: ['endpointSelector', 'enableDefaultDeny', 'rules'],
  compile,
  noteFilter,
  usesIPv6,
  selectorPeers,
  subjectPeers,
};

export const ciliumClusterwideNetworkPolicyKind: PolicyKind<CiliumPolicy> = {
  ...ciliumNetworkPolicyKind,
  kind: 'CiliumClusterwideNetworkPolicy',
  plural: 'CiliumClusterwideNetworkPolicies',
  namespaced: false,
  read: (obj, ctx) => readCiliumPolicy(obj, 'CiliumClusterwideNetworkPolicy', ctx.defaultNamespace),
};
