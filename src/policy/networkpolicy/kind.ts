import * as addr from '../../model/addresses.js';
import { Codes } from '../../model/diagnostics.js';
import { isMatchAll, withOwnPrefix } from '../../model/selectors.js';
import type { ClassMatch, PolicyKind, Resolver, RuleSpec, SelectorPeer, Step } from '../kind.js';
import { MATCH_NO_CLASS } from '../kind.js';
import { Doubts, joinSubjectDoubts } from '../doubts.js';
import { controllerSelectorDoubt, identitySelectorDoubt } from '../notes.js';
import { doubtEgressPortNames, portNames } from '../cilium/kind.js';
import { mayHoldNodes, missingPodNetwork, nodesWhy, podsHeld, workloadsHeld } from '../podaddresses.js';
import { CALICO_NAMESPACE_PREFIX, KUBERNETES_TIERS } from '../tiers.js';
import { readNetworkPolicy } from './read.js';
import type { NetworkPolicy, NetworkPolicyPeer, NetworkPolicyRule } from './types.js';

function ruleSpec(policy: NetworkPolicy, rule: NetworkPolicyRule, direction: 'ingress' | 'egress', r: Resolver): RuleSpec {
  let classes: ClassMatch = MATCH_NO_CLASS;
  let addresses = addr.NONE;
  // may match other pods than shown: a block whose pods are not known, a selector on controllers' labels
  const doubts = new Doubts(r);
  if (rule.peers === 'all') {
    classes = r.everyWorkload;
    addresses = addr.ALL;
  } else {
    for (const peer of rule.peers) {
      if (peer.kind === 'ipBlock') {
        addresses = addr.union(addresses, peer.addresses);
        if (mayHoldNodes(peer.addresses, r)) doubts.mayMatchMore(nodesWhy(`ipBlock ${peer.cidr}`), { classes: r.hostNetworkWorkloads, addresses: false });
        if (r.tiers === KUBERNETES_TIERS) {
          // whether a block matches pods' addresses is the plugin's to say (Kubernetes leaves it open): taken not to, as np-guard
          // and Cilium do, with a doubt where it may hold pods, since Calico, Antrea and OVN-Kubernetes match them
          const held = podsHeld(peer.addresses, r);
          if (held.kind !== 'none') {
            const block = `ipBlock ${peer.cidr}${peer.except.length > 0 ? ` except ${peer.except.join(', ')}` : ''}`;
            const where = r.podNetwork() ? 'the pod network given with --pod-cidr' : privateWhere(peer.addresses);
            doubts.mayMatchMore(`whether ${block} matches pods depends on the network plugin (Calico, Antrea and OVN-Kubernetes match pod IPs): it holds addresses of ${where}`, {
              classes: held.kind === 'unknown' ? r.selectableWorkloads : workloadsHeld(held, r),
              addresses: false,
            });
          }
          continue;
        }
        const pods = podsOfBlock(policy, peer, r);
        if (pods) classes = r.union(classes, pods);
        else doubts.mayMatchMore(`which pods ipBlock ${peer.cidr} holds under Calico is not known`, { classes: r.selectableWorkloads, addresses: false });
      } else {
        // where Calico evaluates the policy, a namespaceSelector is one over its endpoints' pcns. labels, which a pod's own stand over
        const namespaces = peer.namespaceSelector ? (r.tiers === KUBERNETES_TIERS ? peer.namespaceSelector : withOwnPrefix(peer.namespaceSelector, CALICO_NAMESPACE_PREFIX)) : policy.namespace;
        classes = r.union(classes, r.pods(namespaces, peer.podSelector));
        if (peer.namespaceSelector) doubts.undeclared(r.undeclaredNamespaces(namespaces, peer.podSelector, 'its namespaceSelector'));
        const c = peer.podSelector && controllerSelectorDoubt(namespaces, peer.podSelector, 'its podSelector', r);
        if (c) doubts.mayMatchOther(c.why, { classes: c.within, addresses: false });
        // where Calico evaluates the policy, its selectors match every pod label
        const i = peer.podSelector && r.tiers === KUBERNETES_TIERS ? identitySelectorDoubt(namespaces, peer.podSelector, 'its podSelector', r) : undefined;
        if (i?.more) doubts.mayMatchOther(i.why, { classes: i.within, addresses: false });
        else if (i) doubts.mayMatchFewer(i.why);
      }
    }
  }
  // Cilium evaluates NetworkPolicies with its own rules: 1.18 and 1.19 resolve an egress port name across the cluster
  if (direction === 'egress' && r.runsCilium && rule.ports !== 'all') doubtEgressPortNames(doubts, portNames(rule.ports), { classes, addresses });
  // and resolves every port name on a pod's containers alone, one number per name; Calico, where its tiers are present, on
  // every container, init containers too, every number of a name (PortNames)
  const names = r.runsCilium ? 'cilium' : r.tiers !== KUBERNETES_TIERS ? 'calico' : undefined;
  return { action: 'allow', classes, addresses, ports: rule.ports, index: rule.index, line: rule.line, rule, ...doubts.field, ...(names ? { portNames: names } : {}) };
}

/**
 * Where Calico evaluates NetworkPolicies, an ipBlock is the converted rule's
 * `nets` (its except `notNets`; libcalico-go's k8s conversion), which match
 * any address, pods' too: the pods it holds as Calico `nets` are read (see
 * podsHeld), and where that depends on addresses the manifests do not give,
 * undefined (external addresses only), with a warning.
 */
function podsOfBlock(policy: NetworkPolicy, peer: Extract<NetworkPolicyPeer, { kind: 'ipBlock' }>, r: Resolver): ClassMatch | undefined {
  const held = podsHeld(peer.addresses, r);
  if (held.kind !== 'unknown') return workloadsHeld(held, r);
  const why = held.missing.length === 0 ? 'it splits the pod network' : `${missingPodNetwork(held.missing, r)} is given with --pod-cidr`;
  const block = `ipBlock ${peer.cidr}${peer.except.length > 0 ? ` except ${peer.except.join(', ')}` : ''}`;
  r.warn(
    Codes.unsupported,
    { file: policy.source.file, line: peer.line },
    `NetworkPolicy ${policy.namespace}/${policy.name}: under Calico an ${block} matches pod IPs too, and whether pods' match is not known (${why}), so only external addresses are matched`,
  );
  return undefined;
}

/**
 * The selector peers of a policy's rules. A rule that admits every pod of
 * every namespace (no peers, or `namespaceSelector: {}` with no or an empty
 * podSelector) names no representative: its other peers are left out too,
 * as np-guard's exposure analysis does.
 */
function selectorPeers(policy: NetworkPolicy): SelectorPeer[] {
  const out: SelectorPeer[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    for (const rule of policy[direction]) {
      if (rule.peers === 'all') continue;
      const peers: SelectorPeer[] = [];
      let everyPod = false;
      for (const peer of rule.peers) {
        if (peer.kind !== 'pods') continue;
        if (peer.namespaceSelector && isMatchAll(peer.namespaceSelector) && (!peer.podSelector || isMatchAll(peer.podSelector))) {
          everyPod = true;
          break;
        }
        peers.push({
          namespaces: peer.namespaceSelector ? { selector: peer.namespaceSelector, ...(peer.written.namespaceSelector ? { written: peer.written.namespaceSelector } : {}) } : { name: policy.namespace },
          ...(peer.podSelector ? { pods: { selector: peer.podSelector, ...(peer.written.podSelector ? { written: peer.written.podSelector } : {}) } } : {}),
        });
      }
      if (!everyPod) out.push(...peers);
    }
  }
  return out;
}

/** The pods it applies to: its pod selector, in its namespace. */
function subjectPeers(policy: NetworkPolicy): SelectorPeer[] {
  return [{ namespaces: { name: policy.namespace }, ...(isMatchAll(policy.podSelector) ? {} : { pods: { selector: policy.podSelector } }) }];
}

/** networking.k8s.io/v1 NetworkPolicy: selected pods are isolated per policyTypes, and the union of the rules is allowed. */
export const networkPolicyKind: PolicyKind<NetworkPolicy> = {
  kind: 'NetworkPolicy',
  group: 'networking.k8s.io',
  versions: ['v1'],
  plural: 'NetworkPolicies',
  namespaced: true,
  ordered: false,
  read: (obj, ctx) => readNetworkPolicy(obj, ctx.defaultNamespace),
  rules: (p, direction) => p[direction],
  selection: (p) => [p.podSelector.key, p.policyTypes],
  selectionParts: ['podSelector', 'policyTypes'],
  usesIPv6: (p) => [...p.ingress, ...p.egress].some((rule) => rule.peers !== 'all' && rule.peers.some((peer) => peer.kind === 'ipBlock' && peer.cidr.includes(':'))),
  compile(policy, r): Step[] {
    const subject = r.pods(policy.namespace, policy.podSelector);
    const selectorDoubt =
      controllerSelectorDoubt(policy.namespace, policy.podSelector, 'its podSelector', r) ??
      (r.tiers === KUBERNETES_TIERS ? identitySelectorDoubt(policy.namespace, policy.podSelector, 'its podSelector', r) : undefined);
    // a policy that may not exist may decide nothing for its pods, or all it shows
    const refused = strictRefusal(policy);
    const doubt = joinSubjectDoubts(r, [selectorDoubt, refused === undefined ? undefined : { why: refused, within: subject }]);
    const subjectDoubt = doubt ? { subjectDoubt: doubt } : {};
    const tier = r.tiers.networkPolicy;
    const order = r.tiers.networkPolicyOrder;
    const tieBreak = r.tiers.tieBreak(policy.kind, policy.name, policy.namespace);
    const steps: Step[] = [];
    for (const direction of ['ingress', 'egress'] as const) {
      if (!policy.policyTypes[direction]) continue;
      const rules = policy[direction].map((rule) => ruleSpec(policy, rule, direction, r));
      steps.push({ tier, order, tieBreak, direction, subject, isolates: true, rules, ...subjectDoubt });
    }
    return steps;
  },
  selectorPeers,
  subjectPeers,
};

/**
 * Why the whole policy may not exist: an ipBlock `cidr` or `except` with
 * host bits set (`10.1.2.3/16`), which API servers before Kubernetes 1.36
 * accept as the block it falls in, while the strict validation on by
 * default from 1.36 (StrictIPCIDRValidation, beta; apimachinery's
 * IsValidCIDRForLegacyField requires the "subnet/mask" form there) refuses
 * the object on create and on an update that changes the value.
 */
function strictRefusal(policy: NetworkPolicy): string | undefined {
  const blocks = new Set<string>();
  for (const rule of [...policy.ingress, ...policy.egress]) {
    if (rule.peers === 'all') continue;
    for (const peer of rule.peers) if (peer.kind === 'ipBlock') for (const b of peer.hostBits ?? []) blocks.add(b);
  }
  if (blocks.size === 0) return undefined;
  const shown = [...blocks].map((b) => `ipBlock ${b}`).join(', ');
  return `its ${shown} ${blocks.size === 1 ? 'has' : 'have'} host bits set, which makes the API server refuse the whole policy from Kubernetes 1.36 (StrictIPCIDRValidation, on by default), while earlier versions apply it`;
}

/** Where a block holds addresses pods may have, no pod network being given: RFC 1918, 100.64.0.0/10, 198.18.0.0/15 and 240.0.0.0/4 for IPv4, any IPv6 address. */
function privateWhere(addresses: addr.AddressSet): string {
  const families = addr.families(addr.intersect(addresses, addr.PRIVATE_RANGES));
  const parts = [
    ...(families.includes('ipv4') ? ['RFC 1918, 100.64.0.0/10, 198.18.0.0/15 or 240.0.0.0/4, where IPv4 pods are'] : []),
    ...(families.includes('ipv6') ? ['IPv6, where pods may have any address'] : []),
  ];
  return `${parts.join(', and of ')}, unless --pod-cidr says otherwise`;
}
