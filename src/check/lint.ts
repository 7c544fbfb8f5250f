import type { AnalyzeOptions } from '../engine/analyze.js';
import type { Config, IgnoreRule } from './config.js';
import type { Protocol } from '../model/connections.js';
import type { Diagnostic, SourceRef } from '../model/diagnostics.js';
import type { AffectedEnds } from '../change/affected.js';
import { clusterChange } from '../change/affected.js';
import type { ReplicaChange } from '../change/replicas.js';
import { diffReplicas } from '../change/replicas.js';
import { compareDiagnostics, diagnostic, generatedByText, WarningCodes } from '../model/diagnostics.js';
import { formatCidr, parseCidr } from '../model/ipranges.js';
import type { Matrix } from '../engine/matrix.js';
import { plural } from '../model/plural.js';
import type { Labels, PodTemplate, RulePort, Workload } from '../model/cluster.js';
import { CONTROLLER_POD_LABELS, NAMESPACE_NAME_LABEL } from '../model/cluster.js';
import { policyId } from '../policy/kind.js';
import type { NetworkPolicy, NetworkPolicyPeer, NetworkPolicyRule } from '../policy/networkpolicy/types.js';
import type { Direction } from '../engine/rules.js';
import type { Selector } from '../model/selectors.js';
import { formatSelector, isMatchAll, matches } from '../model/selectors.js';
import { CILIUM_KINDS, CiliumChecks } from './cilium.js';
import type { DnsEndpoint } from './dns.js';
import type { HoldingPolicy } from '../engine/rules.js';
import { allowsDns, CLUSTER_DNS, DNS_PORT, isDnsWorkload } from './dns.js';
import { DnsProbe, NODE_LOCAL_DNS_ADDRESS } from './dnsprobe.js';
import { lintCalico } from './calico.js';
import { tierTableOf } from '../policy/registry.js';
import { KUBERNETES_TIERS } from '../policy/tiers.js';

type PodsPeer = Extract<NetworkPolicyPeer, { kind: 'pods' }>;

function compareSources(a: SourceRef, b: SourceRef): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line;
}

function objectOf(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function policyObject(p: NetworkPolicy): string {
  return objectOf(p.namespace, p.name);
}

/** How each direction's rules name their peers, and its policyTypes entry. */
const DIRECTION_WORDS: Record<Direction, { field: string; peer: string; policyType: string }> = {
  ingress: { field: 'from', peer: 'source', policyType: 'Ingress' },
  egress: { field: 'to', peer: 'destination', policyType: 'Egress' },
};

/** Workloads and namespaces of a state, with the selector lookups the checks share. */
class Index {
  /** The workloads of each namespace, by index into the cluster's. */
  readonly byNamespace = new Map<string, number[]>();
  private readonly namespaceSetCache = new Map<string, ReadonlySet<string>>();
  private readonly declaredCache = new Map<string, ReadonlySet<Protocol> | undefined>();
  /** Per namespace, the pods declaring each container port name. */
  private readonly portNames = new Map<string, Map<string, PodTemplate[]>>();
  readonly declaredNamespaces: boolean;

  readonly workloads: readonly Workload[];
  readonly namespaces: ReadonlyMap<string, { readonly labels: Labels; readonly declared: boolean }>;

  constructor(private readonly matrix: Matrix) {
    this.workloads = matrix.cluster.workloads;
    this.namespaces = matrix.cluster.namespaces;
    this.workloads.forEach((w, i) => {
      const list = this.byNamespace.get(w.namespace);
      if (list) list.push(i);
      else this.byNamespace.set(w.namespace, [i]);
    });
    this.declaredNamespaces = [...this.namespaces.values()].some((n) => n.declared);
  }

  namespacesMatching(selector: Selector): readonly string[] {
    return this.matrix.selectNamespaces(selector);
  }

  namespaceSet(selector: Selector): ReadonlySet<string> {
    let set = this.namespaceSetCache.get(selector.key);
    if (!set) {
      set = new Set(this.namespacesMatching(selector));
      this.namespaceSetCache.set(selector.key, set);
    }
    return set;
  }

  /** The namespaces a peer's pods live in: those its namespaceSelector picks, or the policy's own. */
  peerNamespaces(policy: NetworkPolicy, peer: PodsPeer): readonly string[] {
    return peer.namespaceSelector ? this.namespacesMatching(peer.namespaceSelector) : [policy.namespace];
  }

  workloadsIn(namespaces: readonly string[]): number {
    return namespaces.reduce((n, ns) => n + (this.byNamespace.get(ns)?.length ?? 0), 0);
  }

  private readonly keysByNamespace = new Map<string, ReadonlySet<string>>();

  /** The label keys the pods of a namespace carry; gathered on first use. */
  labelKeys(namespace: string): ReadonlySet<string> {
    let keys = this.keysByNamespace.get(namespace);
    if (!keys) {
      const set = new Set<string>();
      for (const w of this.byNamespace.get(namespace) ?? []) for (const pod of this.workloads[w]!.pods) for (const k of Object.keys(pod.labels)) set.add(k);
      this.keysByNamespace.set(namespace, (keys = set));
    }
    return keys;
  }

  /** The pods of a namespace that declare a container port of this name; indexed per namespace on first use. */
  podsDeclaring(name: string, namespace: string): readonly PodTemplate[] {
    let byName = this.portNames.get(namespace);
    if (!byName) {
      byName = new Map();
      for (const w of this.byNamespace.get(namespace) ?? []) {
        for (const pod of this.workloads[w]!.pods) {
          for (let i = 0; i < pod.ports.length; i++) {
            const n = pod.ports[i]!.name;
            // once per name and pod
            if (n === undefined || pod.ports.findIndex((c) => c.name === n) !== i) continue;
            const list = byName.get(n);
            if (list) list.push(pod);
            else byName.set(n, [pod]);
          }
        }
      }
      this.portNames.set(namespace, byName);
    }
    return byName.get(name) ?? [];
  }

  /** Protocols a port name is declared with on some pods, computed once per pod signature and name. */
  declaredOn(key: string, compute: () => ReadonlySet<Protocol> | undefined): ReadonlySet<Protocol> | undefined {
    if (this.declaredCache.has(key)) return this.declaredCache.get(key);
    const set = compute();
    this.declaredCache.set(key, set);
    return set;
  }

  /** Whether a peer matches a pod of a namespace. */
  peerSelects(policy: NetworkPolicy, peer: PodsPeer, namespace: string, labels: Labels): boolean {
    const ns = peer.namespaceSelector ? this.namespaceSet(peer.namespaceSelector).has(namespace) : namespace === policy.namespace;
    return ns && (!peer.podSelector || matches(peer.podSelector, labels));
  }

  /**
   * Why a pod selector that matches nothing in these namespaces likely
   * does: a label some workload there carries with other values (a typo),
   * or a label none carries at all, the sign of pods the manifests do not
   * hold (made by an operator, another chart).
   */
  whyNoPods(selector: Selector, namespaces: readonly string[]): string {
    const carried = (key: string) => namespaces.some((ns) => this.labelKeys(ns).has(key));
    const missing = selector.requirements.filter((r) => (r.operator === 'In' || r.operator === 'Exists') && !carried(r.key)).map((r) => r.key);
    if (missing.length === 0) return ': a typo? (workloads there carry its labels, but not with these values)';
    return `: no workload there carries the label ${missing.join(', ')}, so its pods are likely not in these files (made by an operator or another chart); if so, declare them in the config (outside: workloads:), else it is a typo`;
  }

  selectsSubjects(policy: NetworkPolicy): boolean {
    return this.matrix.selectsWorkloads(policy.namespace, policy.podSelector);
  }

  selectsPeers(policy: NetworkPolicy, peer: PodsPeer): boolean {
    return this.matrix.selectsWorkloads(peer.namespaceSelector ?? policy.namespace, peer.podSelector);
  }
}

/** Collects the warnings of one state. */
class Linter {
  readonly warnings: Diagnostic[] = [];
  private readonly index: Index;
  private readonly dnsEndpoints: DnsEndpoint[];
  private readonly cilium: CiliumChecks;

  constructor(
    private readonly matrix: Matrix,
    private readonly options: AnalyzeOptions,
  ) {
    const cluster = matrix.cluster;
    this.index = new Index(matrix);
    const nsLabels = (ns: string): Labels => cluster.namespaces.get(ns)?.labels ?? { [NAMESPACE_NAME_LABEL]: ns };
    this.dnsEndpoints = [
      ...CLUSTER_DNS.map((d) => ({ namespace: d.namespace, namespaceLabels: nsLabels(d.namespace), podLabels: d.labels })),
      ...cluster.workloads
        .filter(isDnsWorkload)
        .flatMap((w) => w.pods.map((p) => ({ namespace: w.namespace, namespaceLabels: nsLabels(w.namespace), podLabels: p.labels }))),
    ];
    this.cilium = new CiliumChecks(matrix, options, this.dnsEndpoints, (code, at, object, message) => this.warn(code, at, object, message));
  }

  /** Where DNS answers, as the checks see it: the DNS pods' labels, and where they listen (their ports, the host network, NodeLocal DNSCache's -localip). */
  dnsSignature(): string {
    const listening = this.matrix.cluster.workloads.filter(isDnsWorkload).map((w) => [w.id, w.pods.map((p) => [p.hostNetwork, p.ports, p.dnsListen ?? []])]);
    return JSON.stringify([this.dnsEndpoints, listening]);
  }

  private warn(code: string, at: SourceRef, object: string, message: string): void {
    this.warnings.push({ severity: 'warning', code, file: at.file, line: at.line, message, object });
  }

  /** The warnings of the state, or only those about the given objects (`ns/name`). */
  run(only?: ReadonlySet<string>): Diagnostic[] {
    for (const policy of this.matrix.cluster.networkPolicies) if (!only || only.has(policyObject(policy))) this.lintPolicy(policy);
    this.cilium.run(only);
    this.lintWorkloads(only);
    // about the generating rules (RD140, RD141): few, and found while expanding them
    for (const w of this.matrix.cluster.expansion?.warnings ?? []) this.warnings.push(w);
    lintCalico({
      matrix: this.matrix,
      only,
      dnsEndpoints: this.dnsEndpoints,
      declaredNamespaces: this.index.declaredNamespaces,
      warn: (code, at, object, message) => this.warn(code, at, object, message),
    });
    return this.warnings.sort(compareDiagnostics);
  }

  private lintPolicy(policy: NetworkPolicy): void {
    const id = policyObject(policy);
    const at = (line: number): SourceRef => ({ file: policy.source.file, line });
    const what = `NetworkPolicy ${id}`;
    // a selector on labels controllers set (pod-template-hash) is reported by the loader as not modelled, not as a typo
    if (!isMatchAll(policy.podSelector) && !readsControllerLabel(policy.podSelector) && !this.index.selectsSubjects(policy) && this.index.workloadsIn([policy.namespace]) > 0) {
      this.warn(
        WarningCodes.selectsNothing,
        at(policy.podSelectorLine),
        id,
        `${what}: spec.podSelector ${formatSelector(policy.podSelector)} selects no workload of namespace ${policy.namespace}${this.index.whyNoPods(policy.podSelector, [policy.namespace])}`,
      );
    }
    if (!policy.policyTypesExplicit && policy.egressField === 'list' && policy.ingressField === 'missing') {
      this.warn(
        WarningCodes.ingressDeniedByDefault,
        policy.source,
        id,
        `${what} has egress rules and no policyTypes, so it also isolates its pods for ingress and denies them all incoming traffic; add policyTypes: [Egress] if only egress was meant`,
      );
    }
    for (const ignored of policy.ignoredRules) {
      const { policyType } = DIRECTION_WORDS[ignored.direction];
      this.warn(
        WarningCodes.rulesIgnored,
        at(ignored.line),
        id,
        `${what}: Kubernetes ignores its ${plural(ignored.count, `${ignored.direction} rule`)}, as spec.policyTypes does not list ${policyType}`,
      );
    }
    for (const direction of ['ingress', 'egress'] as const) {
      const rules = policy[direction];
      this.lintAllowAll(policy, direction, rules);
      for (const rule of rules) {
        if (direction === 'egress') this.lintDnsPort(policy, rule);
        this.lintNamedPorts(policy, direction, rule);
        if (rule.peers === 'all') continue;
        this.lintPeers(policy, direction, rule.peers);
      }
    }
  }

  /** RD104: a rule that matches every peer on every port, or an explicit empty peer list, beside rules that restrict. */
  private lintAllowAll(policy: NetworkPolicy, direction: Direction, rules: readonly NetworkPolicyRule[]): void {
    const { field, peer } = DIRECTION_WORDS[direction];
    const id = policyObject(policy);
    const restricting = rules.filter((r) => r.peersField === 'list' || r.portsField === 'list');
    for (const rule of rules) {
      const at = { file: policy.source.file, line: rule.line };
      if (rule.peers === 'all' && rule.ports === 'all') {
        if (restricting.length === 0) continue;
        const written = [rule.peersField === 'empty' ? `${field}: []` : '', rule.portsField === 'empty' ? 'ports: []' : ''].filter(Boolean).join(', ');
        this.warn(
          WarningCodes.allowsEverything,
          at,
          id,
          `NetworkPolicy ${id}: ${direction} rule {${written}} allows every ${peer} on every port, so the policy's other ${direction} rules restrict nothing (a stray "-"?)`,
        );
      } else if (rule.peersField === 'empty' && restricting.some((r) => r !== rule && r.peersField === 'list')) {
        this.warn(WarningCodes.allowsEverything, at, id, `NetworkPolicy ${id}: ${direction} rule has ${field}: [], which allows every ${peer}, not none (a stray "-"?)`);
      }
    }
  }

  /** RD102: `port: 53` without protocol is TCP only, where DNS needs UDP. */
  private lintDnsPort(policy: NetworkPolicy, rule: NetworkPolicyRule): void {
    if (rule.ports === 'all' || allowsDns(rule.ports, 'UDP')) return;
    if (!rule.ports.some((p) => p.kind === 'numbers' && p.protocolOmitted && p.from === DNS_PORT && p.to === DNS_PORT)) return;
    const id = policyObject(policy);
    this.warn(
      WarningCodes.dnsPortWithoutProtocol,
      { file: policy.source.file, line: rule.line },
      id,
      `NetworkPolicy ${id}: egress rule allows port 53 without a protocol, which means TCP only; DNS needs protocol: UDP (and TCP)`,
    );
  }

  /** RD107: a named port that none of the pods it would resolve on declares with its protocol. */
  private lintNamedPorts(policy: NetworkPolicy, direction: Direction, rule: NetworkPolicyRule): void {
    if (rule.ports === 'all' || !rule.ports.some((p) => p.kind === 'named')) return;
    const named = rule.ports.filter((p): p is Extract<RulePort, { kind: 'named' }> => p.kind === 'named');
    const id = policyObject(policy);
    const at = { file: policy.source.file, line: rule.line };
    // which pods the port resolves on: the policy's own for ingress, the peers' for egress
    let selects: (namespace: string, labels: Labels) => boolean;
    // the namespaces those pods are in (undefined: any), and whether there is any
    let namespaces: () => readonly string[] | undefined;
    let any: () => boolean;
    let whose: string;
    // what picks the pods, for sharing the answer between rules that pick alike
    let signature: string;
    if (direction === 'ingress') {
      signature = `#${policy.namespace}\u0001${policy.podSelector.key}`;
      any = () => this.index.selectsSubjects(policy);
      namespaces = () => [policy.namespace];
      selects = (ns, labels) => ns === policy.namespace && matches(policy.podSelector, labels);
      whose = 'no workload the policy selects';
    } else if (rule.peers === 'all') {
      signature = '*';
      any = () => this.index.workloads.length > 0;
      namespaces = () => undefined;
      selects = () => true;
      whose = 'no workload';
    } else {
      const pods = rule.peers.filter((p): p is PodsPeer => p.kind === 'pods');
      if (pods.length === 0) {
        for (const p of named) {
          this.warn(WarningCodes.namedPortUndeclared, at, id, `NetworkPolicy ${id}: egress rule names port "${p.name}", which never matches an ipBlock destination; give the port number`);
        }
        return;
      }
      signature = pods.map((peer) => `${peer.namespaceSelector ? `?${peer.namespaceSelector.key}` : `#${policy.namespace}`}\u0001${peer.podSelector?.key ?? '*'}`).join('\u0003');
      any = () => pods.some((peer) => this.index.selectsPeers(policy, peer));
      namespaces = () => [...new Set(pods.flatMap((peer) => this.index.peerNamespaces(policy, peer)))];
      selects = (ns, labels) => pods.some((peer) => this.index.peerSelects(policy, peer, ns, labels));
      whose = 'no destination workload';
    }
    for (const p of named) {
      const protocol = p.protocol ?? 'TCP';
      const declared = this.index.declaredOn(`${signature}\u0002${p.name}`, () => {
        // where no workload is selected there is nothing to resolve against (RD103 says so)
        if (!any()) return undefined;
        const found = new Set<Protocol>();
        const add = (namespace: string, pod: PodTemplate) => {
          if (selects(namespace, pod.labels)) for (const c of pod.ports) if (c.name === p.name) found.add(c.protocol);
        };
        const where = namespaces();
        if (where === undefined) {
          for (const namespace of this.index.byNamespace.keys()) for (const pod of this.index.podsDeclaring(p.name, namespace)) add(namespace, pod);
        } else {
          for (const namespace of where) for (const pod of this.index.podsDeclaring(p.name, namespace)) add(namespace, pod);
        }
        return found;
      });
      if (declared === undefined) return;
      if (declared.has(protocol)) continue;
      const others = [...declared].sort();
      const detail = others.length > 0 ? `declares with ${protocol} (only with ${others.join(', ')})` : 'declares';
      // Calico maps the ports of every init container onto the pod's endpoint, those of one that is done too
      const init = this.initPortNumbers(p.name, protocol, namespaces(), selects);
      const ports = `${protocol} ${init.join(', ')}`;
      const matches =
        init.length === 0
          ? 'it matches nothing'
          : this.calicoResolves()
            ? `an init container that is not a native sidecar declares it (${ports}), and Calico, whose objects the manifests hold, resolves port names on every init container too: the rule allows ${ports} on the pods that declare it, as shown`
            : `it is shown matching nothing, but an init container that is not a native sidecar declares it (${ports}), and Calico resolves port names on every init container too: under Calico the rule allows ${ports} on the pods that declare it`;
      this.warn(WarningCodes.namedPortUndeclared, at, id, `NetworkPolicy ${id}: ${direction} rule names port "${p.name}" (${protocol}), which ${whose} ${detail}; ${matches}`);
    }
  }

  /** Whether Calico resolves the NetworkPolicies' port names: where the manifests hold its objects and show no Cilium (PortNames). */
  private calicoResolves(): boolean {
    const cluster = this.matrix.cluster;
    return cluster.runsCilium !== true && tierTableOf(cluster.policies) !== KUBERNETES_TIERS;
  }

  /** The numbers a port name has with a protocol on the init containers (not native sidecars) of the pods `selects` picks, in order. */
  private initPortNumbers(name: string, protocol: Protocol, where: readonly string[] | undefined, selects: (namespace: string, labels: Labels) => boolean): number[] {
    const found = new Set<number>();
    for (const namespace of where ?? this.index.byNamespace.keys()) {
      for (const w of this.index.byNamespace.get(namespace) ?? []) {
        for (const pod of this.index.workloads[w]!.pods) {
          if (!pod.initPorts || !selects(namespace, pod.labels)) continue;
          for (const c of pod.initPorts) if (c.name === name && c.protocol === protocol) found.add(c.port);
        }
      }
    }
    return [...found].sort((a, b) => a - b);
  }

  /** RD103 for peers, RD108 and RD110. */
  private lintPeers(policy: NetworkPolicy, direction: Direction, peers: readonly NetworkPolicyPeer[]): void {
    const id = policyObject(policy);
    const what = `NetworkPolicy ${id}: ${direction} peer`;
    const both = `NetworkPolicy ${id}: ${direction} peers`;
    peers.forEach((peer, i) => {
      const at = { file: policy.source.file, line: peer.line };
      if (peer.kind === 'ipBlock') {
        this.lintCidr(id, what, at, 'cidr', peer.cidr);
        for (const e of peer.except) this.lintCidr(id, what, at, 'except', e);
        return;
      }
      const next = peers[i + 1];
      // `podSelector: {}` after it is "or my own namespace": in one element it would add nothing, so no AND was meant
      if (peer.namespaceSelector && !peer.podSelector && next?.kind === 'pods' && next.podSelector && !next.namespaceSelector && !isMatchAll(next.podSelector)) {
        const ns = formatSelector(peer.namespaceSelector);
        const pods = formatSelector(next.podSelector);
        this.warn(
          WarningCodes.peersSplit,
          at,
          id,
          `${both} namespaceSelector ${ns} and podSelector ${pods} are separate elements, so either matches (OR); for pods ${pods} in namespaces ${ns} only, put both in one element`,
        );
      }
      if (this.reachesDns(policy, peer)) return;
      if (peer.namespaceSelector && !isMatchAll(peer.namespaceSelector)) {
        const checkable = this.index.declaredNamespaces || peer.namespaceSelector.requirements.every((r) => r.key === NAMESPACE_NAME_LABEL);
        if (checkable && this.index.namespacesMatching(peer.namespaceSelector).length === 0) {
          this.warn(
            WarningCodes.selectsNothing,
            at,
            id,
            `${what} namespaceSelector ${formatSelector(peer.namespaceSelector)} matches no namespace in the manifests: a typo, or a namespace made outside these files (by another chart or the platform; declare it with its labels in the config, outside: namespaces:)`,
          );
          return;
        }
      }
      if (peer.podSelector && !isMatchAll(peer.podSelector) && !readsControllerLabel(peer.podSelector)) {
        const namespaces = this.index.peerNamespaces(policy, peer);
        if (this.index.selectsPeers(policy, peer) || this.index.workloadsIn(namespaces) === 0) return;
        const where = peer.namespaceSelector ? `the namespaces namespaceSelector ${formatSelector(peer.namespaceSelector)} matches` : `namespace ${policy.namespace}`;
        this.warn(WarningCodes.selectsNothing, at, id, `${what} podSelector ${formatSelector(peer.podSelector)} matches no workload in ${where}${this.index.whyNoPods(peer.podSelector, namespaces)}`);
      }
    });
  }

  /** RD110: a CIDR whose address has bits set past its prefix. */
  private lintCidr(id: string, what: string, at: SourceRef, field: 'cidr' | 'except', text: string): void {
    const c = parseCidr(text);
    if (c.kind === 'invalid' || !c.hostBitsSet) return;
    const normal = formatCidr(c);
    this.warn(
      WarningCodes.cidrNotNormal,
      at,
      id,
      `${what} ipBlock ${field} ${text} has host bits set; it means ${normal}, and from Kubernetes 1.36 the API server refuses the policy (StrictIPCIDRValidation): write ${normal}`,
    );
  }

  /** Whether a peer matches where cluster DNS answers: kube-dns, a DNS workload of the manifests, or an address. */
  private reachesDns(policy: NetworkPolicy, peer: NetworkPolicyPeer): boolean {
    if (peer.kind === 'ipBlock') return true;
    return this.dnsEndpoints.some(
      (e) =>
        (peer.namespaceSelector ? matches(peer.namespaceSelector, e.namespaceLabels) : e.namespace === policy.namespace) &&
        (!peer.podSelector || matches(peer.podSelector, e.podLabels)),
    );
  }

  /** RD101 and RD109. */
  private lintWorkloads(only: ReadonlySet<string> | undefined): void {
    const cluster = this.matrix.cluster;
    const policies = new Map(cluster.networkPolicies.map((p) => [policyObject(p), p]));
    const hostNetworkExcluded = this.options.hostNetwork !== 'include';
    const wanted = (w: Workload) => !only || only.has(objectOf(w.namespace, w.name));
    // the DNS check's second analysis holds only the workloads asked about
    const dns = new DnsProbe(this.matrix, this.options, wanted);
    for (const [ns, indices] of this.index.byNamespace) {
      if (only && !indices.some((i) => wanted(cluster.workloads[i]!))) continue;
      const isolation = indices.map((i) => ({ i, w: cluster.workloads[i]!, ingress: this.matrix.isolation(i, 'ingress'), egress: this.matrix.isolation(i, 'egress') }));
      // every workload some policy holds for egress: a Baseline deny or an admin Deny cuts DNS where no NetworkPolicy isolates
      for (const { i, w, egress } of isolation) if (egress.holders.length > 0 && wanted(w)) this.lintDns(dns, w, i, egress.isolated, egress.holders, policies);
      if (!isolation.some((x) => x.ingress.isolated || x.egress.isolated)) continue;
      for (const { w, ingress, egress } of isolation) {
        if (!wanted(w) || ingress.policies.length > 0 || egress.policies.length > 0) continue;
        if (hostNetworkExcluded && w.pods.some((p) => p.hostNetwork)) continue;
        this.warn(
          WarningCodes.noPolicy,
          w.source,
          objectOf(w.namespace, w.name),
          `${w.id} has no NetworkPolicy while other workloads of namespace ${ns} are isolated, so all traffic to and from it is allowed`,
        );
      }
    }
  }

  /**
   * RD101, and RD120 where a Cilium policy isolates: a workload held by
   * egress policies that cannot resolve names. What its egress lets through
   * to where DNS answers is the engine's verdict (DnsProbe), every policy
   * kind and tier applied in order; Cilium policies' DNS peers that the
   * engine does not model exactly (a toServices peer) count too.
   */
  private lintDns(dns: DnsProbe, w: Workload, index: number, isolated: boolean, holders: readonly HoldingPolicy[], policies: ReadonlyMap<string, NetworkPolicy>): void {
    const own: NetworkPolicy[] = [];
    const cilium: Array<{ source: SourceRef; label: string }> = [];
    let ciliumUdp = false;
    let ciliumTcp = false;
    // settings under which a CIDR rule of these policies may hold kube-dns's address (policy-cidr-match-mode with pods)
    const cidrDns = new Set<string>();
    for (const h of holders) {
      const c = this.cilium.policy(h);
      if (c) {
        const dc = this.cilium.dnsOf(c);
        ciliumUdp ||= dc.udp;
        ciliumTcp ||= dc.tcp;
        for (const setting of this.cilium.cidrDnsSettings(c)) cidrDns.add(setting);
        if (h.isolates) cilium.push({ source: c.source, label: `${c.kind} ${h.id}` });
        continue;
      }
      const p = h.kind === 'NetworkPolicy' ? policies.get(h.id) : undefined;
      if (p?.policyTypes.egress) own.push(p);
    }
    // a workload whose egress allows nothing opens no connection that needs a name
    if (!this.egressAllowsSomething(index)) return;
    const v = dns.verdict(index, own);
    const udp = v.udp || ciliumUdp;
    const tcp = v.tcp || ciliumTcp;
    if (udp && tcp) return;
    // port 53 written without protocol: RD102 on the rule says what to fix
    if (!udp && tcp && own.some((p) => p.egress.some((r) => r.ports !== 'all' && r.ports.some((x) => x.kind === 'numbers' && x.protocolOmitted && x.from <= DNS_PORT && DNS_PORT <= x.to)))) return;
    // where rules on a DNS port reach none of the places DNS answers, which those are (OpenShift's pods listen on 5353)
    const triedPorts = !v.cut && !v.nodeLocal && v.blocks.length === 0 && own.some((p) => p.egress.some((r) => r.peers !== 'all' && (allowsDns(r.ports, 'UDP') || allowsDns(r.ports, 'TCP'))));
    const why = [
      v.cut ? `DNS to ${v.where.split('; ')[0]} is ${v.cut}` : '',
      v.nodeLocal ? `queries go to ${v.where}, which pod selectors do not match: allow ipBlock ${v.nodeLocalAddress ?? NODE_LOCAL_DNS_ADDRESS}/32 on port 53` : '',
      ...v.blocks,
      triedPorts ? `DNS answers at ${v.where}: policies see the pods' port` : '',
    ]
      .filter(Boolean)
      .join('; ');
    const detail = why ? ` (${why})` : '';
    if (cilium.length > 0) {
      const first = cilium.sort((a, b) => compareSources(a.source, b.source))[0]!;
      const subject = `${w.id} is in egress default deny through ${first.label}`;
      const allowDns = 'allow toEndpoints {k8s:io.kubernetes.pod.namespace: kube-system, k8s-app: kube-dns} on port 53';
      const message = !udp && !tcp
        ? cidrDns.size > 0
          ? `${subject} and no rule allows DNS (UDP and TCP 53) to kube-dns by its labels, an entity or a Service, so name lookups fail unless one of its CIDR rules holds kube-dns's address, which CIDR rules select only under ${[...cidrDns].sort().join(' and ')} (not analysed, RD011); world does not reach kube-dns: ${allowDns}`
          : `${subject} and no rule allows DNS (UDP and TCP 53) to kube-dns, so name lookups fail; world and CIDR rules do not reach kube-dns: ${allowDns}`
        : udp
          ? `${subject} and allows DNS to kube-dns over UDP 53 but not TCP 53, which lookups with large answers need`
          : `${subject} and allows DNS to kube-dns over TCP 53 but not UDP 53, which most lookups use`;
      this.warn(WarningCodes.ciliumDnsBlocked, first.source, objectOf(w.namespace, w.name), `${message}${detail}`);
      return;
    }
    const subject = isolated ? `${w.id} is isolated for egress and` : `${w.id} is held for egress by ${holders.map((h) => `${h.kind} ${h.id}`).sort().join(', ')} and`;
    const message = !udp && !tcp
      ? `${subject} no rule allows DNS (UDP and TCP 53) to kube-dns or to any destination, so name lookups fail`
      : udp
        ? `${subject} allows DNS over UDP 53 but not TCP 53, which lookups with large answers need`
        : `${subject} allows DNS over TCP 53 but not UDP 53, which most lookups use`;
    const first = own.sort((a, b) => compareSources(a.source, b.source))[0];
    const at = first?.source ?? this.holderSource(holders);
    const by = first?.source.generatedBy;
    this.warn(WarningCodes.dnsBlocked, at, objectOf(w.namespace, w.name), `${message}${detail}${by && first ? ` (NetworkPolicy ${policyObject(first)} is ${generatedByText(by)})` : ''}`);
  }

  /** Whether a workload's own egress lets anything out: to an external range, or to a workload (itself too), whatever the other end's ingress says. */
  private egressAllowsSomething(index: number): boolean {
    return this.matrix.egressReachesOutside(index) || this.matrix.egressReachesWorkloads(index);
  }

  /** Where the first (by file and line) of the policies holding a workload is written. */
  private holderSource(holders: readonly HoldingPolicy[]): SourceRef {
    const held = new Set(holders.map((h) => `${h.kind}\u0000${h.id}`));
    const sources = this.matrix.cluster.policies.filter((p) => held.has(`${p.policy.kind}\u0000${policyId(p.policy)}`)).map((p) => p.policy.source);
    return sources.sort(compareSources)[0] ?? { file: '', line: 0 };
  }
}

/**
 * The foot-gun warnings of one analysed state (codes RD101 to RD110, and
 * RD130 to RD136 for Calico policies, src/check/calico.ts): policy
 * text that Kubernetes accepts but that very likely does not do what its
 * author meant. Each names the policy or workload concerned (`object`), so
 * that a config can silence it and a diff can tell new warnings from old.
 */
export function lint(matrix: Matrix, options: AnalyzeOptions = {}): Diagnostic[] {
  return new Linter(matrix, options).run();
}

/** The warnings a change introduces and those base already had, and how many of head's the ignore list silences. */
export interface ChangeWarnings {
  readonly introduced: Diagnostic[];
  readonly existing: Diagnostic[];
  readonly silenced: number;
  /** Entries of the ignore list that silence no warning of head. */
  readonly unused: readonly IgnoreRule[];
}

/**
 * Lints head, and base only for the objects head warns about: a warning base
 * has on an object head does not warn about is neither introduced nor
 * existing, and every warning is about the one object it names.
 */
export function lintChange(base: Matrix, head: Matrix, options: AnalyzeOptions, ignore: readonly IgnoreRule[]): ChangeWarnings {
  const headLinter = new Linter(head, options);
  const headWarnings = silence(headLinter.run(), ignore);
  const baseLinter = new Linter(base, options);
  // objects whose warnings cannot differ keep head's as base's; the others are linted at base
  const same = unchangedObjects(base, head, baseLinter.dnsSignature() === headLinter.dnsSignature());
  const objects = new Set<string>();
  const kept: Diagnostic[] = [];
  for (const w of headWarnings.kept) {
    if (w.object === undefined) continue;
    if (same(w.object)) kept.push(w);
    else objects.add(w.object);
  }
  const baseWarnings = silence(baseLinter.run(objects), ignore);
  return { ...compareWarnings([...baseWarnings.kept, ...kept], headWarnings.kept), silenced: headWarnings.silenced.length, unused: headWarnings.unused };
}

/**
 * The warnings of a change itself, besides those linting the states gives:
 * RD111 for each workload whose pods reach one another differently, which
 * no diff line shows. `affected`: the ends the change can have touched
 * (worked out here when not given). Added to the introduced ones.
 */
export function withChangeWarnings(warnings: ChangeWarnings, base: Matrix, head: Matrix, ignore: readonly IgnoreRule[], affected?: AffectedEnds): ChangeWarnings {
  const replicas = silence(diffReplicas(base, head, affected).map(replicaWarning), ignore);
  if (replicas.kept.length + replicas.silenced.length === 0) return warnings;
  return {
    introduced: [...warnings.introduced, ...replicas.kept].sort(compareDiagnostics),
    existing: warnings.existing,
    silenced: warnings.silenced + replicas.silenced.length,
    unused: warnings.unused.filter((r) => replicas.unused.includes(r)),
  };
}

/** RD111: the change opens or closes connections between pods of one workload, which no diff line shows. */
function replicaWarning(r: ReplicaChange): Diagnostic {
  const parts = [...(r.opened.isEmpty() ? [] : [`opens ${r.opened.toString()}`]), ...(r.closed.isEmpty() ? [] : [`closes ${r.closed.toString()}`])];
  return {
    ...diagnostic('warning', WarningCodes.replicasChanged, r.source, `the change ${parts.join(' and ')} between pods of ${r.workload} (its replicas): a workload's connections to itself are not listed, so no diff line shows this`),
    object: r.workload,
  };
}

/**
 * Which objects (`ns/name`) have the same warnings in both states, told
 * from what the checks read: a policy's warnings depend on the policy, on
 * the workloads of its namespace and of the namespaces its peers select, on
 * namespace labels and on where DNS runs; a workload's on itself, on the
 * workloads and policies of its namespace, on its namespace's labels, on
 * the admin policies and on where DNS runs. Anything else is "not known to
 * be the same".
 */
export function unchangedObjects(base: Matrix, head: Matrix, sameDns: boolean): (object: string) => boolean {
  if (!sameDns) return () => false;
  const change = clusterChange(base.cluster, head.cluster);
  const labelsChanged = change.namespaces.size > 0 || change.declared;
  const policySame = (p: NetworkPolicy): boolean => {
    if (change.policies.has(`NetworkPolicy\u0000${policyId(p)}`) || change.workloadNamespaces.has(p.namespace)) return false;
    for (const rule of [...p.ingress, ...p.egress]) {
      if (rule.peers === 'all') {
        // a named port on an egress rule to every peer resolves on every workload
        if (rule.ports !== 'all' && rule.ports.some((x) => x.kind === 'named') && change.workloads.size > 0) return false;
        continue;
      }
      for (const peer of rule.peers) {
        if (peer.kind !== 'pods' || !peer.namespaceSelector) continue;
        if (labelsChanged || head.selectNamespaces(peer.namespaceSelector).some((ns) => change.workloadNamespaces.has(ns))) return false;
      }
    }
    return true;
  };
  const workloadSame = (w: Workload): boolean =>
    !change.admin &&
    !change.workloads.has(w.id) &&
    !change.workloadNamespaces.has(w.namespace) &&
    !change.policyNamespaces.has(w.namespace) &&
    !change.namespaces.has(w.namespace);
  // the warnings of a Cilium policy depend on the policies holding its subjects too: always linted again
  const cilium = new Set([...base.cluster.policies, ...head.cluster.policies].filter((p) => CILIUM_KINDS.has(p.policy.kind)).map((p) => policyId(p.policy)));
  // by object (`ns/name`), worked out on first use: a policy and workloads may share one
  let byNamespace: Map<string, { policies: NetworkPolicy[]; workloads: Workload[] }> | undefined;
  const memo = new Map<string, boolean>();
  return (object) => {
    let same = memo.get(object);
    if (same === undefined && cilium.has(object)) same = false;
    if (same === undefined) {
      if (!byNamespace) {
        byNamespace = new Map();
        const entry = (ns: string) => {
          let e = byNamespace!.get(ns);
          if (!e) byNamespace!.set(ns, (e = { policies: [], workloads: [] }));
          return e;
        };
        for (const p of head.cluster.networkPolicies) entry(p.namespace).policies.push(p);
        for (const w of head.cluster.workloads) entry(w.namespace).workloads.push(w);
      }
      const slash = object.indexOf('/');
      const ns = object.slice(0, slash);
      const name = object.slice(slash + 1);
      const e = byNamespace.get(ns);
      const policies = e?.policies.filter((p) => p.name === name) ?? [];
      const workloads = e?.workloads.filter((w) => w.name === name) ?? [];
      same = policies.length + workloads.length > 0 && policies.every(policySame) && workloads.every(workloadSame);
      memo.set(object, same);
    }
    return same;
  };
}

/** Splits warnings into those kept and those a config's `ignore` list silences. */
export function silence(warnings: readonly Diagnostic[], ignore: readonly IgnoreRule[]): { kept: Diagnostic[]; silenced: Diagnostic[]; unused: IgnoreRule[] } {
  const kept: Diagnostic[] = [];
  const silenced: Diagnostic[] = [];
  const used = new Set<IgnoreRule>();
  for (const w of warnings) {
    let ignored = false;
    for (const r of ignore) {
      if (r.code !== w.code || (r.object !== undefined && r.object !== w.object)) continue;
      ignored = true;
      used.add(r);
    }
    (ignored ? silenced : kept).push(w);
  }
  return { kept, silenced, unused: ignore.filter((r) => !used.has(r)) };
}

/**
 * What to say of the ignore entries that silence nothing (silence's
 * `unused`), one line each with the entry's line in the config, `file`
 * naming it: such an entry is stale (the warning was fixed, and it would
 * hide the next one unseen) or names its object wrongly. Nothing for RD111,
 * which only a change that touches replicas raises, nor for a config with
 * targets, whose one ignore list serves them all (what one target's state
 * does not use, another's may); an entry for a code that reading the
 * manifests gives (`read`) is one the ignore list cannot silence.
 */
export function unusedIgnoreNotes(unused: readonly IgnoreRule[], config: Pick<Config, 'targets'>, file: string, read: ReadonlySet<string> = new Set()): string[] {
  if (config.targets.length > 0) return [];
  return unused
    .filter((r) => r.code !== WarningCodes.replicasChanged)
    .map((r) => {
      if (read.has(r.code)) return `${file}:${r.line}: note: this ignore entry silences nothing: ${r.code} is reported while the manifests are read, which the ignore list does not silence`;
      const why = r.object ? `no ${r.code} warning names ${r.object} (the warning is gone, or the object is misspelt: ns/name of a policy or workload)` : `there is no ${r.code} warning (it is gone)`;
      return `${file}:${r.line}: note: this ignore entry silences nothing here: ${why}`;
    });
}

/**
 * Places in files a warning's message names (a generating rule's, another
 * declaration's): `path.yaml:12`, and a render's `render:CMD:12`.
 */
const PLACES = /render:[^()\n]*?:\d+|[^\s()]+\.(?:ya?ml|json|jsonnet)(?::\d+)?/g;
/** What every match of PLACES holds. */
const MAY_NAME_PLACE = /render:|\.(?:ya?ml|json)/;

/**
 * Splits head's warnings into those the change introduces and those base
 * already had. Warnings are the same when code, object and message are:
 * lines move with unrelated edits, so they do not count, nor do the places
 * a message names (each state's files lie under its own directory in a
 * diff of two directories).
 */
export function compareWarnings(base: readonly Diagnostic[], head: readonly Diagnostic[]): { introduced: Diagnostic[]; existing: Diagnostic[] } {
  // most messages name no place: the search for one (a slow pattern) is tried only where a file's extension or a render is named
  const key = (d: Diagnostic) => `${d.code}\u0000${d.object ?? ''}\u0000${MAY_NAME_PLACE.test(d.message) ? d.message.replace(PLACES, '@') : d.message}`;
  const remaining = new Map<string, number>();
  for (const d of base) {
    const k = key(d);
    remaining.set(k, (remaining.get(k) ?? 0) + 1);
  }
  const introduced: Diagnostic[] = [];
  const existing: Diagnostic[] = [];
  for (const d of head) {
    const k = key(d);
    const n = remaining.get(k) ?? 0;
    if (n > 0) {
      remaining.set(k, n - 1);
      existing.push(d);
    } else {
      introduced.push(d);
    }
  }
  return { introduced, existing };
}

function readsControllerLabel(s: Selector): boolean {
  return s.requirements.some((r) => CONTROLLER_POD_LABELS.has(r.key));
}
