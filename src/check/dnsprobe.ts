/**
 * Where a workload's DNS queries go and whether its egress lets them
 * through there, as the engine evaluates every policy: the lint asks the
 * matrix instead of reading rules again, so that admin tiers (a Deny above
 * a NetworkPolicy's allow, rule order, a Baseline deny), Calico tiers (a
 * Pass hands traffic on to the NetworkPolicies) and what each kind's peers
 * match are applied as the analysis applies them.
 */
import type { AnalyzeOptions } from '../engine/analyze.js';
import { analyze } from '../engine/analyze.js';
import type { Endpoint, Matrix } from '../engine/matrix.js';
import type { Decision } from '../engine/rules.js';
import type { Cluster } from '../input/cluster.js';
import * as addr from '../model/addresses.js';
import type { Namespace, Workload } from '../model/cluster.js';
import { NAMESPACE_NAME_LABEL, REPRESENTATIVE_KIND } from '../model/cluster.js';
import { ConnectionSet } from '../model/connections.js';
import type { Protocol } from '../model/connections.js';
import { parseIPv4 } from '../model/ipranges.js';
import { matches, selectorFromLabels } from '../model/selectors.js';
import type { NetworkPolicy } from '../policy/networkpolicy/types.js';
import { podsHeld } from '../policy/podaddresses.js';
import { tierTableOf } from '../policy/registry.js';
import { KUBERNETES_TIERS } from '../policy/tiers.js';
import { CLUSTER_DNS, DNS_PORT, DNS_PORT_NAMES, DNS_PORTS, isDnsWorkload } from './dns.js';

/**
 * NodeLocal DNSCache's default listen address (kubernetes
 * cluster/addons/dns/nodelocaldns/README.md: "a link local ip
 * (169.254.20.10/32 by default)"), where the manifests' `-localip` flag
 * names no IPv4 address.
 */
export const NODE_LOCAL_DNS_ADDRESS = '169.254.20.10';

/** A place DNS answers: pods (by index into the probe's matrix) or an address, and the port its server listens on. */
interface DnsTarget {
  readonly name: string;
  readonly endpoint: Endpoint;
  readonly port: number;
  /** Where NodeLocal DNSCache answers on each node: the address. */
  readonly address?: string;
}

/** What a workload's egress lets through to where DNS answers. */
export interface DnsVerdict {
  readonly udp: boolean;
  readonly tcp: boolean;
  /** Where DNS was looked for, for messages: `kube-dns (kube-system, port 53)`. */
  readonly where: string;
  /** The Deny rule that cuts DNS to the first of them, where one decided it. */
  readonly cut?: string;
  /** DNS answers on the nodes' link-local address (NodeLocal DNSCache in the manifests). */
  readonly nodeLocal: boolean;
  /** That address, where it does: the first its -localip flag names, else the default. */
  readonly nodeLocalAddress?: string;
  /** The NetworkPolicies' ipBlocks on a DNS port that do not reach where DNS answers, and why. */
  readonly blocks: readonly string[];
}

/** The witness pods' namespace labels: the manifests', else the name label the API server sets. */
function namespaceOf(cluster: Cluster, name: string): Namespace {
  return cluster.namespaces.get(name) ?? { name, labels: { [NAMESPACE_NAME_LABEL]: name }, declared: false, chosen: true };
}

/** The port a DNS workload of the manifests listens on for a protocol: its port named `dns` or `dns-tcp`, else 53. */
function declaredDnsPort(w: Workload, protocol: Protocol): number {
  for (const pod of w.pods) for (const p of pod.ports) if (p.name !== undefined && DNS_PORT_NAMES[p.name] === protocol && p.protocol === protocol) return p.port;
  return DNS_PORT;
}

/** The state the probe asks, where DNS answers in it, and each workload's index there (the state's index in it). */
interface Probe {
  readonly matrix: Matrix;
  readonly targets: readonly DnsTarget[];
  readonly nodeLocal: boolean;
  readonly index: (i: number) => number | undefined;
}

export class DnsProbe {
  private built?: Probe;
  private blocksMatchPods?: boolean;
  private held?: Parameters<typeof podsHeld>[1];

  /**
   * `asked`: the workloads verdict() may be asked about (the lint of a
   * change asks base about the objects head warns about only).
   */
  constructor(
    private readonly matrix: Matrix,
    private readonly options: AnalyzeOptions,
    private readonly asked: (w: Workload) => boolean = () => true,
  ) {}

  /**
   * The state with a pod for each place cluster DNS usually answers that
   * the manifests do not hold (kube-dns in kube-system, port 53;
   * OpenShift's dns-default in openshift-dns, which listens on 5353 behind
   * the Service's 53), analysed with every policy; where the manifests hold
   * a DNS server on the host network (NodeLocal DNSCache), pods' queries go
   * to it on its node's link-local address, which no pod selector matches:
   * that address is then the one place.
   */
  private build(): Probe {
    if (this.built) return this.built;
    const cluster = this.matrix.cluster;
    const hostExcluded = this.options.hostNetwork !== 'include';
    const dnsWorkloads = cluster.workloads.map((w, i) => ({ w, i })).filter(({ w }) => isDnsWorkload(w));
    const onHost = dnsWorkloads.filter(({ w }) => hostExcluded && w.pods.every((p) => p.hostNetwork));
    if (onHost.length > 0) {
      // the addresses its -localip flag names, else its default; pods' queries reach it at any of them
      const written = [...new Set(onHost.flatMap(({ w }) => w.pods.flatMap((p) => p.dnsListen ?? [])))];
      const listen = written.filter((a) => parseIPv4(a) !== undefined);
      const addresses = listen.length > 0 ? listen : [NODE_LOCAL_DNS_ADDRESS];
      const names = onHost.map(({ w }) => w.id).join(', ');
      const targets = addresses.map((a) => {
        const first = parseIPv4(a)!;
        return { name: `${a}, where ${names} answers on each node (host network)`, endpoint: this.matrix.externalEndpoint({ family: 'ipv4', first, last: first }), port: DNS_PORT, address: a };
      });
      this.built = { matrix: this.matrix, targets, nodeLocal: true, index: (i) => i };
      return this.built;
    }
    const targets: Array<{ name: string; index: number; port: number }> = [];
    for (const { w, i } of dnsWorkloads) targets.push({ name: `${w.id} (port ${declaredDnsPort(w, 'UDP')})`, index: i, port: declaredDnsPort(w, 'UDP') });
    const missing = CLUSTER_DNS.filter((d) => !dnsWorkloads.some(({ w }) => w.namespace === d.namespace && w.pods.some((p) => matches(selectorFromLabels(d.labels), p.labels))));
    if (missing.length === 0) {
      this.built = { matrix: this.matrix, targets: targets.map((t) => ({ name: t.name, endpoint: this.matrix.workloadEndpoint(t.index)!, port: t.port })), nodeLocal: false, index: (i) => i };
      return this.built;
    }
    // the state's workloads the lint asks about (those asked and some policy holds for egress) and the DNS servers it holds: what
    // one workload's egress lets through to another is the policies' verdict on the two alone, so the others are left out
    const kept = new Map<number, number>();
    const workloads: Workload[] = [];
    const keep = (i: number) => {
      if (kept.has(i)) return;
      kept.set(i, workloads.length);
      workloads.push(cluster.workloads[i]!);
    };
    for (let i = 0; i < cluster.workloads.length; i++) if (this.asked(cluster.workloads[i]!) && this.matrix.isolation(i, 'egress').holders.length > 0) keep(i);
    for (const { i } of dnsWorkloads) keep(i);
    for (const t of targets) t.index = kept.get(t.index)!;
    const namespaces = new Map(cluster.namespaces);
    for (const d of missing) {
      const ns = namespaceOf(cluster, d.namespace);
      if (!namespaces.has(d.namespace)) namespaces.set(d.namespace, ns);
      const ports = [
        { name: 'dns', port: d.port, protocol: 'UDP' as const },
        { name: 'dns-tcp', port: d.port, protocol: 'TCP' as const },
      ];
      targets.push({ name: `${d.name} (${d.namespace}, port ${d.port})`, index: workloads.length, port: d.port });
      workloads.push({ id: `${d.namespace}/${d.name}[DNS]`, namespace: d.namespace, name: d.name, kind: REPRESENTATIVE_KIND, pods: [{ labels: d.labels, ports, hostNetwork: false }], source: { file: '', line: 0 } });
    }
    // only egress is asked of this state: NetworkPolicies of ingress alone decide none of it, and analysing them again cost
    // most of this second analysis (two thirds of an L state's policies)
    const policies = cluster.policies.filter((p) => p.policy.kind !== 'NetworkPolicy' || (p.policy as NetworkPolicy).policyTypes.egress);
    const matrix = analyze({ ...cluster, namespaces, workloads, policies }, this.options);
    this.built = { matrix, targets: targets.map((t) => ({ name: t.name, endpoint: matrix.workloadEndpoint(t.index)!, port: t.port })), nodeLocal: false, index: (i) => kept.get(i) };
    return this.built;
  }

  /**
   * What workload `index`'s egress lets through to where DNS answers, on
   * UDP and TCP at the port each server listens on. `policies`: its
   * NetworkPolicies, whose ipBlocks reach DNS pods' addresses where the
   * network plugin matches pods by address (not shown by the manifests to
   * be Cilium, which never does; Calico's are the engine's) and the block
   * holds the whole pod network.
   */
  verdict(index: number, policies: readonly NetworkPolicy[]): DnsVerdict {
    const { matrix, targets, nodeLocal, index: probed } = this.build();
    const at = probed(index);
    if (at === undefined) throw new Error(`DNS probe: workload ${index} is not asked about or held by no egress policy`);
    const src = matrix.workloadEndpoint(at)!;
    let udp = false;
    let tcp = false;
    let cut: string | undefined;
    targets.forEach((t, k) => {
      // the source's egress alone: what the DNS pod's ingress says is not the question
      const egress = matrix.end('egress', src, t.endpoint);
      const allowed = egress.allowed.union(nodeLocal ? ConnectionSet.NONE : this.byBlock(t, egress.decisions, policies));
      udp ||= allowed.contains('UDP', t.port);
      tcp ||= allowed.contains('TCP', t.port);
      if (k === 0) cut = cutBy(egress.decisions, t.port);
    });
    const address = targets[0]?.address;
    return { udp, tcp, where: targets.map((t) => t.name).join('; '), nodeLocal, ...(address ? { nodeLocalAddress: address } : {}), blocks: nodeLocal ? [] : this.missedBlocks(policies), ...(cut ? { cut } : {}) };
  }

  /** What podsHeld asks of the state: its address space and the pod network (given with --pod-cidr, or not known). */
  private resolver(): Parameters<typeof podsHeld>[1] {
    const network = podNetworkOf(this.options, this.matrix.addressSpace);
    this.held ??= { addressSpace: this.matrix.addressSpace, podNetwork: () => network };
    return this.held;
  }

  /** The ipBlocks of `policies` on a DNS port that reach no DNS pod, each with why: Cilium never matches pods by CIDR, and a block must hold the whole pod network. */
  private missedBlocks(policies: readonly NetworkPolicy[]): string[] {
    const cluster = this.matrix.cluster;
    const cilium = cluster.runsCilium === true;
    const resolver = this.resolver();
    const where = this.options.podCIDRs?.length ? `the pod network given with --pod-cidr` : 'the ranges pods usually have (RFC 1918, 100.64.0.0/10, 198.18.0.0/15, 240.0.0.0/4; give --pod-cidr)';
    const out: string[] = [];
    for (const p of policies) {
      for (const rule of p.egress) {
        if (rule.peers === 'all' || !DNS_PORTS.some((port) => portsAllow(rule.ports, 'UDP', port) || portsAllow(rule.ports, 'TCP', port))) continue;
        for (const peer of rule.peers) {
          if (peer.kind !== 'ipBlock') continue;
          const block = `ipBlock ${peer.cidr}${peer.except.length > 0 ? ` except ${peer.except.join(', ')}` : ''} of NetworkPolicy ${p.namespace}/${p.name}`;
          if (cilium) out.push(`${block} matches no pod under Cilium`);
          else if (!['all', 'pod-network'].includes(podsHeld(peer.addresses, resolver).kind)) out.push(`${block} does not hold all of ${where}, where kube-dns's pods are`);
        }
      }
    }
    return out;
  }

  /**
   * What the NetworkPolicies' ipBlocks let through to a DNS pod, where the
   * engine takes them to match no pod (no Calico objects in the manifests)
   * and the manifests do not show Cilium: a block holding the whole pod
   * network (--pod-cidr, or every range where pods usually live) reaches it
   * on plugins that match pod IPs (Calico, Antrea, OVN-Kubernetes), unless
   * a rule of a tier before the NetworkPolicies' decided those ports.
   */
  private byBlock(t: DnsTarget, decisions: readonly Decision[], policies: readonly NetworkPolicy[]): ConnectionSet {
    const cluster = this.matrix.cluster;
    // whether the engine matches no pod by ipBlock here: asked once, not per workload (the tiers come of every policy)
    this.blocksMatchPods ??= cluster.runsCilium !== true && tierTableOf(cluster.policies) === KUBERNETES_TIERS;
    if (!this.blocksMatchPods) return ConnectionSet.NONE;
    const resolver = this.resolver();
    let ports = ConnectionSet.NONE;
    for (const p of policies) {
      for (const rule of p.egress) {
        if (rule.peers === 'all') continue;
        const held = rule.peers.some((peer) => peer.kind === 'ipBlock' && ['all', 'pod-network'].includes(podsHeld(peer.addresses, resolver).kind));
        if (!held) continue;
        for (const protocol of ['UDP', 'TCP'] as const) if (portsAllow(rule.ports, protocol, t.port)) ports = ports.union(ConnectionSet.ports(protocol, t.port, t.port));
      }
    }
    for (const d of decisions) if (d.rule && d.rule.tier.order < KUBERNETES_TIERS.networkPolicy.order && d.action !== 'pass') ports = ports.subtract(d.ports);
    return ports;
  }
}

/** The pod network given with --pod-cidr within the families analysed, as the engine reads it; null where none is given. */
function podNetworkOf(options: AnalyzeOptions, space: addr.AddressSet): addr.AddressSet | null {
  const set = addr.intersect(addr.ofCidrs(options.podCIDRs ?? []), space);
  return addr.isEmpty(set) ? null : set;
}

/** Whether a NetworkPolicy rule's ports allow a port number on a protocol (a name, `dns` or `dns-tcp`, on that protocol too). */
function portsAllow(ports: NetworkPolicy['egress'][number]['ports'], protocol: Protocol, port: number): boolean {
  if (ports === 'all') return true;
  return ports.some((p) => {
    if (p.kind === 'named') return (p.protocol === undefined || p.protocol === protocol) && DNS_PORT_NAMES[p.name] === protocol;
    if (p.protocol !== protocol) return false;
    return p.kind === 'all' || (p.from <= port && port <= p.to);
  });
}

/** The Deny rule that decided DNS against the workload, where one did. */
function cutBy(decisions: readonly Decision[], port: number): string | undefined {
  const d = decisions.find((x) => x.rule && x.action === 'deny' && (x.ports.contains('UDP', port) || x.ports.contains('TCP', port)));
  if (!d?.rule) return undefined;
  const o = d.rule.origin;
  const rule = o.name !== undefined ? `rule ${o.name}` : `${o.direction} rule ${o.index}`;
  return `denied by ${o.policyKind} ${o.policy} ${rule} (${o.source.file}:${o.source.line})`;
}
