/**
 * Seeded random clusters for the property tests: a few namespaces, workloads
 * and policies drawn from small vocabularies so that selectors, ports and
 * address blocks often meet. Variants: `network` (NetworkPolicies only),
 * `admin` (with v1alpha1 AdminNetworkPolicies and the baseline), `cnp` (with
 * v1alpha2 ClusterNetworkPolicies of both tiers besides all of those).
 * `mutate` derives a second state from a first one; `manifestFiles` writes a
 * cluster out as YAML or JSON files in varied layouts so that the real loader
 * reads them.
 */
import { stringify } from 'yaml';
import type {
  AdminPeerSpec,
  AdminPolicyObject,
  AdminPortSpec,
  AdminRuleSpec,
  ClusterNetworkPolicyObject,
  ClusterRuleSpec,
  ContainerPortSpec,
  K8sObject,
  LabelSelector,
  Labels,
  NamespaceObject,
  NetworkPolicyObject,
  NetworkPolicyPeerSpec,
  NetworkPolicyPortSpec,
  NetworkPolicyRuleSpec,
  PodSpec,
  ProtocolSpec,
  ReferenceOptions,
} from './evaluator.js';
import { NAMESPACE_NAME_LABEL } from './evaluator.js';
import { cidrRange, formatAddress } from './addresses.js';
import { CiliumGenerator, EXTRA_POD_LABELS } from './cilium.js';
import { isCilium } from './cilium-objects.js';
import { CalicoGenerator, isCalicoObject } from './calico.js';

/** mulberry32: small, fast, good enough for test data. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Up to `max` distinct items, at least `min`. */
  some<T>(items: readonly T[], min: number, max: number): T[] {
    const pool = [...items];
    const n = Math.min(pool.length, this.int(min, max));
    const out: T[] = [];
    for (let i = 0; i < n; i++) out.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0]!);
    return out;
  }

  times<T>(min: number, max: number, make: (i: number) => T): T[] {
    return Array.from({ length: this.int(min, max) }, (_, i) => make(i));
  }
}

export type Variant = 'network' | 'admin' | 'cnp' | 'cilium' | 'calico';

export interface RandomCluster {
  readonly objects: K8sObject[];
  readonly options: ReferenceOptions;
}

const NAMESPACES = ['alpha', 'beta', 'gamma', 'default'];
const POD_KEYS = ['app', 'tier', 'env'];
const NS_KEYS = ['team', 'env'];
const VALUES = ['x', 'y', 'z'];
const PORT_NAMES = ['http', 'dns', 'metrics', 'grpc'];
const PORTS = [1, 53, 80, 443, 8080, 8081, 9090, 65535];
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'] as const;
const CIDRS = ['0.0.0.0/0', '10.0.0.0/8', '10.1.0.0/16', '10.1.2.0/24', '10.1.2.3/32', '172.16.0.0/12', '192.168.0.0/16', '8.8.8.0/24', '10.1.2.77/24', '128.0.0.0/1'];
/** IPv6 blocks, in the forms RFC 4291 allows (an IPv4 tail among them), host bits set in some. */
export const V6_CIDRS = ['::/0', '2001:db8::/32', '2001:db8:1::/48', '2001:db8::1/128', 'fd00::/8', '2001:db8::77/64', '64:ff9b::8.8.8.0/120', 'fd00:10::/56', '2001:DB8:0:0:0:0:0:0/33'];
const POD_CIDRS = [['10.0.0.0/16'], ['10.1.0.0/16', '10.2.0.0/16'], ['10.244.0.0/16'], ['fd00:10::/56'], ['10.244.0.0/16', 'fd00:10::/56']];
const DOMAIN_NAMES = ['example.com', '*.example.com', 'api.example.org.', 'registry.k8s.io'];

type Tier = 'Admin' | 'Baseline';
type Direction = 'ingress' | 'egress';

/** The names of the namespaces a cluster's objects live in or declare. */
function namespacesOf(objects: readonly K8sObject[], defaultNamespace: string): string[] {
  const names = new Set<string>();
  for (const o of objects) {
    if (o.kind === 'Namespace') names.add(o.metadata.name);
    else if ('namespace' in o.metadata || o.kind === 'NetworkPolicy' || o.kind === 'Pod' || o.kind === 'Deployment' || o.kind === 'StatefulSet' || o.kind === 'DaemonSet') {
      names.add((o.metadata as { namespace?: string }).namespace || defaultNamespace);
    }
  }
  return [...names];
}

class Generator {
  constructor(
    readonly rng: Rng,
    readonly variant: Variant,
    /** Namespaces policies may name; workloads and policies live in them. */
    readonly namespaces: readonly string[],
    /** Where objects without metadata.namespace live. */
    readonly defaultNamespace: string,
    /**
     * Whether admin policies may use the experimental channel's peers (nodes,
     * domainNames); its CRD then also forbids ClusterNetworkPolicy named ports
     * in egress rules with networks, nodes or domainNames peers.
     */
    readonly experimental = false,
  ) {}

  /** The share of CIDRs that are IPv6 (none in clusters that stay IPv4). */
  ipv6 = 0;

  labels(keys: readonly string[], min = 0, max = keys.length): Record<string, string> {
    const out: Record<string, string> = {};
    for (const k of this.rng.some(keys, min, max)) out[k] = this.rng.pick(VALUES);
    return out;
  }

  /** A selector over pod or namespace labels, every operator and form included. */
  selector(keys: readonly string[], forNamespaces = false): LabelSelector {
    const r = this.rng;
    if (r.chance(0.2)) return {};
    const sel: LabelSelector = {};
    const values = (key: string) => (key === NAMESPACE_NAME_LABEL ? this.namespaces : VALUES);
    const allKeys = forNamespaces ? [...keys, NAMESPACE_NAME_LABEL] : keys;
    if (r.chance(0.6)) {
      const labels: Record<string, string> = {};
      for (const k of r.some(allKeys, 1, 2)) labels[k] = r.pick(values(k));
      sel.matchLabels = labels;
    }
    if (!sel.matchLabels || r.chance(0.3)) {
      sel.matchExpressions = r.times(1, 2, () => {
        const key = r.pick(allKeys);
        const operator = r.pick(['In', 'NotIn', 'Exists', 'DoesNotExist']);
        return operator === 'In' || operator === 'NotIn' ? { key, operator, values: r.some(values(key), 1, 2) } : { key, operator };
      });
    }
    return sel;
  }

  cidr(): string {
    const r = this.rng;
    if (this.ipv6 > 0 && r.chance(this.ipv6)) {
      if (r.chance(0.7)) return r.pick(V6_CIDRS);
      // a random block near the others, host bits often set
      const groups = Array.from({ length: 8 }, () => r.pick([0, 0, 0x2001, 0xdb8, 0xfd00, r.int(0, 0xffff)]).toString(16));
      return `${groups.join(':')}/${r.int(0, 128)}`;
    }
    if (r.chance(0.8)) return r.pick(CIDRS);
    // a random block, host bits often set
    const prefix = r.int(1, 32);
    return `${r.int(0, 255)}.${r.int(0, 255)}.${r.int(0, 255)}.${r.int(0, 255)}/${prefix}`;
  }

  /** A CIDR strictly inside `cidr`, of its family, host bits sometimes set. */
  hole(cidr: string): string | undefined {
    return holeIn(this.rng, cidr);
  }

  port(): number {
    return this.rng.chance(0.85) ? this.rng.pick(PORTS) : this.rng.int(1, 65535);
  }

  containerPorts(): ContainerPortSpec[] {
    return this.rng.some(PORT_NAMES, 0, 3).map((name) => {
      const p: ContainerPortSpec = { containerPort: this.port() };
      if (this.rng.chance(0.85)) p.name = name;
      if (this.rng.chance(0.6)) p.protocol = this.rng.pick(PROTOCOLS);
      return p;
    });
  }

  podSpec(): PodSpec {
    const ports = this.containerPorts();
    // ports split over one or two containers (names stay unique within the pod)
    const split = this.rng.int(0, ports.length);
    const containers: PodSpec['containers'] = [{ name: 'main', image: 'example', ...(split > 0 ? { ports: ports.slice(0, split) } : {}) }];
    if (split < ports.length || this.rng.chance(0.2)) containers.push({ name: 'side', image: 'example', ports: ports.slice(split) });
    return { ...(this.rng.chance(0.08) ? { hostNetwork: true } : {}), containers };
  }

  /** metadata.namespace, left out now and then for objects of the default namespace. */
  namespaceField(ns: string): { namespace?: string } {
    return ns === this.defaultNamespace && this.rng.chance(0.5) ? {} : { namespace: ns };
  }

  /** One workload: a Pod, a controller, or two pods of one ReplicaSet with different labels. */
  workload(name: string): K8sObject[] {
    const r = this.rng;
    const ns = r.pick(this.namespaces);
    const kind = r.pick(['Pod', 'Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'owned']);
    if (kind === 'Pod') {
      return [{ apiVersion: 'v1', kind: 'Pod', metadata: { name, ...this.namespaceField(ns), labels: this.labels(POD_KEYS) }, spec: this.podSpec() }];
    }
    if (kind === 'owned') {
      const spec = this.podSpec();
      return [0, 1].map((i) => ({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: `${name}-${i}`,
          ...this.namespaceField(ns),
          labels: this.labels(POD_KEYS),
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name, uid: `uid-${name}`, controller: true }],
        },
        spec,
      }));
    }
    return [
      {
        apiVersion: 'apps/v1',
        kind: kind as 'Deployment' | 'StatefulSet' | 'DaemonSet',
        metadata: { name, ...this.namespaceField(ns) },
        spec: (() => {
          const labels = this.labels(POD_KEYS);
          // the selector picks the template's labels; with none, the API server refuses the object (so does the reference)
          return { selector: { matchLabels: { ...labels } }, template: { metadata: { labels }, spec: this.podSpec() } };
        })(),
      },
    ];
  }

  namespaceObject(name: string): NamespaceObject {
    return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: this.labels(NS_KEYS) } };
  }

  // --- NetworkPolicy ---------------------------------------------------------

  /** Rarely, something the API server rejects. */
  private invalid(): boolean {
    return this.rng.chance(0.01);
  }

  networkPeer(): NetworkPolicyPeerSpec {
    const r = this.rng;
    if (this.invalid()) return r.chance(0.5) ? {} : { ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} };
    const form = r.pick(['pods', 'namespaces', 'both', 'ipBlock']);
    if (form === 'ipBlock') {
      const cidr = this.cidr();
      const except = r.chance(0.5) ? r.times(1, 2, () => this.hole(cidr)).filter((h): h is string => h !== undefined) : [];
      if (this.invalid()) except.push('11.0.0.0/8');
      // an IPv4-mapped address (strict validation rejects it), an IPv6 zone, a hole of the other family
      if (this.ipv6 > 0 && this.invalid()) return { ipBlock: { cidr: r.pick(['::ffff:10.0.0.0/104', 'fe80::1%eth0/64', '2001:db8::/32']), except: r.pick([[], ['10.0.0.0/8']]) } };
      return { ipBlock: { cidr, ...(except.length > 0 || r.chance(0.1) ? { except } : {}) } };
    }
    const peer: NetworkPolicyPeerSpec = {};
    if (form !== 'namespaces') peer.podSelector = this.selector(POD_KEYS);
    if (form !== 'pods') peer.namespaceSelector = this.selector(NS_KEYS, true);
    return peer;
  }

  networkPort(): NetworkPolicyPortSpec {
    const r = this.rng;
    const protocol = r.chance(0.5) ? { protocol: r.pick(PROTOCOLS) } : {};
    if (this.invalid()) return { port: r.pick(PORT_NAMES), endPort: 9000 };
    switch (r.pick(['number', 'number', 'protocol', 'named', 'range'])) {
      case 'number':
        return { ...protocol, port: this.port() };
      case 'protocol':
        return { protocol: r.pick(PROTOCOLS) };
      case 'named':
        return { ...protocol, port: r.pick(PORT_NAMES) };
      default: {
        const port = this.port();
        return { ...protocol, port, endPort: Math.min(65535, port + r.pick([0, 1, 10, 1000, 60000])) };
      }
    }
  }

  networkRule(direction: 'ingress' | 'egress'): NetworkPolicyRuleSpec {
    const r = this.rng;
    if (r.chance(0.1)) return {};
    const rule: NetworkPolicyRuleSpec = {};
    const peers = r.chance(0.15) ? [] : r.times(1, 3, () => this.networkPeer());
    if (peers.length > 0 || r.chance(0.5)) rule[direction === 'ingress' ? 'from' : 'to'] = peers;
    const ports = r.chance(0.3) ? [] : r.times(1, 3, () => this.networkPort());
    if (ports.length > 0 || r.chance(0.5)) rule.ports = ports;
    return rule;
  }

  networkRules(direction: 'ingress' | 'egress'): NetworkPolicyRuleSpec[] | undefined {
    const r = this.rng;
    if (r.chance(0.3)) return undefined;
    return r.chance(0.15) ? [] : r.times(1, 3, () => this.networkRule(direction));
  }

  networkPolicy(name: string): NetworkPolicyObject {
    const r = this.rng;
    const ns = r.pick(this.namespaces);
    const spec: NetworkPolicyObject['spec'] = {};
    if (r.chance(0.8)) spec.podSelector = r.chance(0.05) ? null : this.selector(POD_KEYS);
    if (r.chance(0.5)) spec.policyTypes = r.pick([['Ingress'], ['Egress'], ['Ingress', 'Egress'], ['Egress', 'Ingress'], []]);
    const ingress = this.networkRules('ingress');
    const egress = this.networkRules('egress');
    if (ingress) spec.ingress = ingress;
    if (egress) spec.egress = egress;
    return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, ...this.namespaceField(ns) }, spec };
  }

  // --- AdminNetworkPolicy and the baseline -------------------------------------

  adminPeer(direction: Direction, baseline = false): AdminPeerSpec {
    const r = this.rng;
    if (this.variant === 'cnp') return this.tierPeer(direction, baseline ? ['nodes'] : ['nodes', 'domainNames'], false);
    if (r.chance(0.03)) {
      // malformed: no field, two fields, or networks where only egress has it
      return r.pick<AdminPeerSpec>([{}, { namespaces: {}, pods: { namespaceSelector: {}, podSelector: {} } }, { networks: ['10.0.0.0/8'] }]);
    }
    // every namespace now and then, so that policies overlap and order matters
    if (r.chance(0.2)) return { namespaces: {} };
    const form = r.pick(direction === 'egress' ? ['namespaces', 'pods', 'networks'] : ['namespaces', 'pods']);
    if (form === 'namespaces') return { namespaces: this.selector(NS_KEYS, true) };
    if (form === 'pods') return { pods: { namespaceSelector: this.selector(NS_KEYS, true), podSelector: this.selector(POD_KEYS) } };
    // a set in the CRD: a repeated CIDR is refused
    return { networks: [...new Set(r.times(1, 2, () => this.cidr()))] };
  }

  /**
   * A peer of an admin policy in the `cnp` variant: `experimentalForms` are
   * the egress peers of the experimental channel the policy's version has;
   * `optionalNamespaces` whether `pods` may leave out its namespaceSelector
   * (v1alpha2). Now and then a malformed one, which fails closed.
   */
  tierPeer(direction: Direction, experimentalForms: readonly string[], optionalNamespaces: boolean): AdminPeerSpec {
    const r = this.rng;
    if (r.chance(0.02)) {
      // malformed: no field, two fields (v1alpha2's CRD rejects those outright), a field of the other direction or of no version
      return r.pick<AdminPeerSpec>([
        {},
        ...(optionalNamespaces ? [] : [{ namespaces: {}, pods: { namespaceSelector: {}, podSelector: {} } }]),
        direction === 'ingress'
          ? r.pick<AdminPeerSpec>([{ networks: ['10.0.0.0/8'] }, { domainNames: ['example.com'] }, { nodes: {} }])
          : r.pick<AdminPeerSpec>([{ services: {} }, ...(experimentalForms.includes('domainNames') ? [] : [{ domainNames: ['example.com'] }])]),
      ]);
    }
    // every namespace now and then, so that policies overlap and order matters
    if (r.chance(0.2)) return { namespaces: {} };
    const forms = direction === 'egress' ? ['namespaces', 'pods', 'networks', ...(this.experimental ? experimentalForms : [])] : ['namespaces', 'pods'];
    switch (r.pick(forms)) {
      case 'namespaces':
        return { namespaces: this.selector(NS_KEYS, true) };
      case 'pods':
        return {
          pods: { ...(optionalNamespaces && r.chance(0.3) ? {} : { namespaceSelector: this.selector(NS_KEYS, true) }), podSelector: this.selector(POD_KEYS) },
        };
      case 'nodes':
        return { nodes: this.selector(POD_KEYS) };
      case 'domainNames':
        return { domainNames: r.some(DOMAIN_NAMES, 1, 2) };
      default:
        // a set: no CIDR twice
        return { networks: [...new Set(r.times(1, 2, () => this.cidr()))] };
    }
  }

  adminPort(namedPorts = true): AdminPortSpec {
    const r = this.rng;
    switch (r.pick(namedPorts ? ['number', 'range', 'named'] : ['number', 'range'])) {
      case 'number':
        return { portNumber: { protocol: r.pick(PROTOCOLS), port: this.port() } };
      case 'range': {
        const start = this.port();
        return { portRange: { protocol: r.pick(PROTOCOLS), start, end: Math.min(65535, start + r.pick([0, 1, 10, 1000, 60000])) } };
      }
      default:
        return { namedPort: r.pick(PORT_NAMES) };
    }
  }

  adminRule(direction: 'ingress' | 'egress', index: number, baseline: boolean): AdminRuleSpec {
    const r = this.rng;
    const action = r.pick(baseline ? (['Allow', 'Deny'] as const) : (['Allow', 'Deny', 'Pass'] as const));
    const rule: AdminRuleSpec = { name: `r${index}`, action };
    const peers = r.times(1, 2, () => this.adminPeer(direction, baseline));
    rule[direction === 'ingress' ? 'from' : 'to'] = peers;
    // the experimental CRD, which alone has nodes and domainNames peers, refuses a named port beside them
    const namedPorts = !peers.some((p) => Object.keys(p).length === 1 && (p.nodes !== undefined || p.domainNames !== undefined));
    if (r.chance(0.6)) rule.ports = r.times(1, 2, () => this.adminPort(namedPorts));
    return rule;
  }

  adminPolicy(name: string, priority: number | undefined): AdminPolicyObject {
    const r = this.rng;
    const baseline = priority === undefined;
    const subject = r.chance(0.5)
      ? { namespaces: r.chance(0.3) ? {} : this.selector(NS_KEYS, true) }
      : { pods: { namespaceSelector: this.selector(NS_KEYS, true), podSelector: this.selector(POD_KEYS) } };
    const spec: AdminPolicyObject['spec'] = { ...(baseline ? {} : { priority }), subject };
    for (const direction of ['ingress', 'egress'] as const) {
      if (r.chance(0.2)) continue;
      spec[direction] = r.times(0, 3, (i) => this.adminRule(direction, i, baseline));
    }
    return {
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: baseline ? 'BaselineAdminNetworkPolicy' : 'AdminNetworkPolicy',
      metadata: { name: baseline ? 'default' : name },
      spec,
    };
  }

  // --- ClusterNetworkPolicy -----------------------------------------------------

  /** One item of `protocols`: a port or a range (start below end) of one protocol, or a named port. */
  clusterProtocol(namedPorts: boolean): ProtocolSpec {
    const r = this.rng;
    const form = r.pick(namedPorts ? ['number', 'number', 'range', 'named'] : ['number', 'number', 'range']);
    if (form === 'named') return { destinationNamedPort: r.pick(PORT_NAMES) };
    const protocol = r.pick(['tcp', 'udp', 'sctp'] as const);
    if (form === 'number') return { [protocol]: { destinationPort: { number: this.port() } } };
    if (r.chance(0.1)) return { [protocol]: { destinationPort: { range: { start: 1, end: 65535 } } } };
    const start = Math.min(65534, this.port());
    return { [protocol]: { destinationPort: { range: { start, end: Math.min(65535, start + r.pick([1, 10, 1000, 60000])) } } } };
  }

  /** A rule's protocols, or none (all traffic); the experimental CRD forbids named ports beside networks, nodes and domainNames peers. */
  clusterProtocols(direction: Direction, peers: readonly AdminPeerSpec[]): ProtocolSpec[] | undefined {
    if (this.rng.chance(0.4)) return undefined;
    const namedPorts = !(this.experimental && direction === 'egress' && peers.some((p) => p.networks || p.nodes || p.domainNames));
    return this.rng.times(1, 3, () => this.clusterProtocol(namedPorts));
  }

  clusterRule(direction: Direction, index: number): ClusterRuleSpec {
    const r = this.rng;
    const rule: ClusterRuleSpec = { ...(r.chance(0.8) ? { name: `r${index}` } : {}), action: r.pick(['Accept', 'Deny', 'Pass'] as const) };
    const peers = r.times(1, 3, () => this.tierPeer(direction, ['nodes', 'domainNames'], true));
    rule[direction === 'ingress' ? 'from' : 'to'] = peers;
    const protocols = this.clusterProtocols(direction, peers);
    if (protocols) rule.protocols = protocols;
    return rule;
  }

  clusterPolicy(name: string, tier: Tier, priority: number): ClusterNetworkPolicyObject {
    const r = this.rng;
    const subject = r.chance(0.5)
      ? { namespaces: r.chance(0.3) ? {} : this.selector(NS_KEYS, true) }
      : { pods: { ...(r.chance(0.3) ? {} : { namespaceSelector: this.selector(NS_KEYS, true) }), podSelector: this.selector(POD_KEYS) } };
    const spec: ClusterNetworkPolicyObject['spec'] = { tier, priority, subject };
    for (const direction of ['ingress', 'egress'] as const) {
      if (r.chance(0.2)) continue;
      spec[direction] = r.times(0, 3, (i) => this.clusterRule(direction, i));
    }
    return { apiVersion: 'policy.networking.k8s.io/v1alpha2', kind: 'ClusterNetworkPolicy', metadata: { name }, spec };
  }

  /**
   * A priority no policy of `tier` in `objects` has (equal priorities are
   * ambiguous by definition): AdminNetworkPolicies share the Admin tier's.
   */
  freshPriority(objects: readonly K8sObject[], tier: Tier = 'Admin'): number {
    const taken = new Set(
      objects.flatMap((o) =>
        (o.kind === 'AdminNetworkPolicy' && tier === 'Admin') || (o.kind === 'ClusterNetworkPolicy' && o.spec.tier === tier) ? [o.spec.priority] : [],
      ),
    );
    for (;;) {
      const p = this.rng.chance(0.5) ? this.rng.int(0, 20) : this.rng.int(0, 1000);
      if (!taken.has(p)) return p;
    }
  }

  options(): ReferenceOptions {
    const r = this.rng;
    return {
      defaultNamespace: this.defaultNamespace,
      hostNetwork: r.chance(0.15) ? 'include' : 'exclude',
      ...(this.variant !== 'network' && r.chance(0.3) ? { podCIDRs: r.pick(this.ipv6 > 0 ? POD_CIDRS : POD_CIDRS.slice(0, 3)) } : {}),
      ...(r.chance(0.1) ? { ipFamily: r.pick(['ipv4', 'ipv6', 'dual'] as const) } : {}),
    };
  }
}

/** A CIDR strictly inside `cidr`, of its family, host bits sometimes set; undefined where there is none. */
export function holeIn(rng: Rng, cidr: string, minExtra = 1): string | undefined {
  const range = cidrRange(cidr);
  if (!range) return undefined;
  const bits = range.family === 'ipv4' ? 32 : 128;
  if (range.prefix + minExtra > bits) return undefined;
  const p = rng.int(range.prefix + minExtra, Math.min(bits, range.prefix + (range.family === 'ipv4' ? 8 : 24)));
  const offset = (BigInt(Math.floor(rng.next() * 2 ** 32)) * (range.last - range.first + 1n)) >> 32n;
  return `${formatAddress(range.first + offset)}/${p}`;
}

/** A name no object of `objects` has (nor a pod of a workload of that name). */
function fresh(objects: readonly K8sObject[], prefix: string): string {
  const taken = new Set(objects.flatMap((o) => [o.metadata.name, ...((o.metadata as { ownerReferences?: Array<{ name: string }> }).ownerReferences ?? []).map((r) => r.name)]));
  for (let i = 0; ; i++) {
    const name = `${prefix}m${i}`;
    if (!taken.has(name) && !taken.has(`${name}-0`)) return name;
  }
}

/**
 * A random cluster: 2-4 namespaces (some only referenced), 2-6 workloads,
 * 0-5 NetworkPolicies; for `admin` also 0-3 ANPs and maybe the BANP; for
 * `cnp` 1-4 ClusterNetworkPolicies of either tier, 0-2 ANPs and maybe the
 * BANP, from the standard or the experimental channel.
 */
export function randomCluster(seed: number, variant: Variant): RandomCluster {
  const rng = new Rng(seed);
  const namespaces = rng.some(NAMESPACES, 2, 4);
  // the default namespace is usually `default`, sometimes another (--default-namespace)
  const defaultNamespace = rng.chance(0.8) ? 'default' : rng.pick(namespaces);
  const g = new Generator(rng, variant, namespaces, defaultNamespace, variant === 'cnp' && rng.chance(0.6));
  // half the clusters stay IPv4; in the others a third of the CIDRs are IPv6
  g.ipv6 = rng.chance(0.5) ? 0.35 : 0;
  const objects: K8sObject[] = [];
  for (const ns of namespaces) if (rng.chance(0.8)) objects.push(g.namespaceObject(ns));
  const workloads = rng.int(2, 6);
  for (let i = 0; i < workloads; i++) objects.push(...g.workload(`w${i}`));
  const policies = rng.int(0, 5);
  for (let i = 0; i < policies; i++) objects.push(g.networkPolicy(`np${i}`));
  if (variant === 'cilium') {
    // some pods carry labels Cilium leaves out of identities, or keeps
    for (const o of objects) if (o.kind === 'Pod' && rng.chance(0.2)) o.metadata.labels = { ...o.metadata.labels, ...Object.fromEntries([rng.pick(EXTRA_POD_LABELS)]) };
    const cilium = new CiliumGenerator(rng, namespaces, g.ipv6);
    for (let i = rng.int(1, 4); i > 0; i--) objects.push(cilium.policy(`cnp${i}`));
  }
  if (variant === 'admin') {
    const anps = rng.pick([0, 1, 2, 2, 3, 3]);
    for (let i = 0; i < anps; i++) objects.push(g.adminPolicy(`anp${i}`, g.freshPriority(objects)));
    if (rng.chance(0.5)) objects.push(g.adminPolicy('default', undefined));
  }
  if (variant === 'cnp') {
    const anps = rng.pick([0, 0, 1, 2]);
    for (let i = 0; i < anps; i++) objects.push(g.adminPolicy(`anp${i}`, g.freshPriority(objects)));
    const cnps = rng.int(1, 4);
    for (let i = 0; i < cnps; i++) {
      const tier = rng.chance(0.55) ? 'Admin' : 'Baseline';
      objects.push(g.clusterPolicy(`cnp${i}`, tier, g.freshPriority(objects, tier)));
    }
    if (rng.chance(0.4)) objects.push(g.adminPolicy('default', undefined));
  }
  if (variant === 'calico') {
    const calico = new CalicoGenerator(rng, namespaces, g.ipv6);
    // some pods label themselves under the prefixes of the labels Calico gives them from their namespace and service account
    for (const o of objects) if (o.kind === 'Pod' && rng.chance(0.2)) o.metadata.labels = { ...o.metadata.labels, ...calico.inheritedLabel() };
    addCalico(objects, calico);
  }
  return { objects, options: g.options() };
}

/** Calico objects, and service accounts and init containers for some pods (the reference reads them from the same list). */
function addCalico(objects: K8sObject[], c: CalicoGenerator): void {
  for (const o of objects) {
    const spec = o.kind === 'Pod' ? o.spec : o.kind === 'Deployment' || o.kind === 'StatefulSet' || o.kind === 'DaemonSet' ? o.spec.template.spec : undefined;
    const sa = spec && c.serviceAccountName();
    if (spec && sa) spec.serviceAccountName = sa;
    const init = spec && c.initContainers();
    if (spec && init) spec.initContainers = init;
  }
  objects.push(...(c.objects() as unknown as K8sObject[]));
}

/** Whether admin policies use peers of the experimental channel, so that mutations keep to its CRD. */
function usesExperimentalPeers(objects: readonly K8sObject[]): boolean {
  return objects.some((o) => {
    if (o.kind !== 'AdminNetworkPolicy' && o.kind !== 'BaselineAdminNetworkPolicy' && o.kind !== 'ClusterNetworkPolicy') return false;
    const names = o.kind !== 'BaselineAdminNetworkPolicy';
    const peers: AdminPeerSpec[] = (o.spec.egress ?? []).flatMap((rule) => rule.to ?? []);
    return peers.some((p) => Object.keys(p).length === 1 && (p.nodes !== undefined || (names && p.domainNames !== undefined)));
  });
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

/** What `mutate` did, for messages. */
export type Mutation = string;

/**
 * A second state derived from `base`: one to three random edits (labels of a
 * workload or namespace, a policy added or removed, a rule added, removed or
 * replaced, a port list or priority changed, a workload added or removed,
 * for `cnp` a ClusterNetworkPolicy moved to the other tier), or none at all
 * now and then.
 */
export function mutate(base: RandomCluster, seed: number, variant: Variant): { cluster: RandomCluster; mutations: Mutation[] } {
  const rng = new Rng(seed);
  const objects = clone(base.objects);
  const defaultNamespace = base.options.defaultNamespace ?? 'default';
  const known = namespacesOf(objects, defaultNamespace);
  const g = new Generator(rng, variant, known.length > 0 ? known : [defaultNamespace], defaultNamespace, variant === 'cnp' && usesExperimentalPeers(objects));
  // edits bring IPv6 into half the states, the first IPv6 address of a diff's head among them
  g.ipv6 = rng.chance(0.5) ? 0.35 : 0;
  const mutations: Mutation[] = [];
  const count = rng.chance(0.05) ? 0 : rng.int(1, 3);
  const indexOf = (pred: (o: K8sObject) => boolean): number | undefined => {
    const candidates = objects.map((o, i) => (pred(o) ? i : -1)).filter((i) => i >= 0);
    return candidates.length > 0 ? rng.pick(candidates) : undefined;
  };
  const isWorkload = (o: K8sObject) => o.kind === 'Pod' || o.kind === 'Deployment' || o.kind === 'StatefulSet' || o.kind === 'DaemonSet';
  const isPolicy = (o: K8sObject) =>
    !isCalicoObject(o) &&
    (o.kind === 'NetworkPolicy' || o.kind === 'AdminNetworkPolicy' || o.kind === 'BaselineAdminNetworkPolicy' || o.kind === 'ClusterNetworkPolicy' || isCilium(o));
  const ops = ['workload-labels', 'namespace-labels', 'add-policy', 'remove-policy', 'edit-rule', 'edit-rule', 'ports', 'add-workload', 'remove-workload', 'priority', 'pod-spec'];
  if (variant === 'cnp') ops.push('edit-rule', 'tier');
  const cilium = new CiliumGenerator(rng, known.length > 0 ? known : [defaultNamespace], g.ipv6);
  const calico = variant === 'calico' ? new CalicoGenerator(rng, known.length > 0 ? known : [defaultNamespace], g.ipv6) : undefined;
  for (let m = 0; m < count; m++) {
    if (calico && rng.chance(0.5)) {
      mutations.push(calico.mutate(objects as unknown as Parameters<CalicoGenerator['mutate']>[0]));
      continue;
    }
    const op = rng.pick(ops);
    switch (op) {
      case 'workload-labels': {
        const i = indexOf(isWorkload);
        if (i === undefined) break;
        const o = objects[i]!;
        const labels = g.labels(POD_KEYS);
        if (o.kind === 'Pod') o.metadata.labels = labels;
        else if (o.kind !== 'Namespace' && o.spec !== undefined && 'template' in o.spec) {
          o.spec.template.metadata.labels = labels;
          o.spec.selector = { matchLabels: { ...labels } };
        }
        mutations.push(`labels of ${o.metadata.name} set to ${JSON.stringify(labels)}`);
        break;
      }
      case 'namespace-labels': {
        const i = indexOf((o) => o.kind === 'Namespace');
        if (i === undefined) break;
        const o = objects[i] as NamespaceObject;
        o.metadata.labels = g.labels(NS_KEYS);
        mutations.push(`labels of namespace ${o.metadata.name} set to ${JSON.stringify(o.metadata.labels)}`);
        break;
      }
      case 'add-policy': {
        const kind =
          variant === 'admin' ? rng.pick(['np', 'anp', 'banp']) : variant === 'cnp' ? rng.pick(['np', 'anp', 'banp', 'cnp', 'cnp']) : variant === 'cilium' ? rng.pick(['np', 'cilium', 'cilium']) : 'np';
        if (kind === 'np') objects.push(g.networkPolicy(fresh(objects, 'np')));
        else if (kind === 'cilium') objects.push(cilium.policy(fresh(objects, 'cilium')));
        else if (kind === 'anp') objects.push(g.adminPolicy(fresh(objects, 'anp'), g.freshPriority(objects)));
        else if (kind === 'cnp') {
          const tier = rng.pick(['Admin', 'Baseline'] as const);
          objects.push(g.clusterPolicy(fresh(objects, 'cnp'), tier, g.freshPriority(objects, tier)));
        } else if (!objects.some((o) => o.kind === 'BaselineAdminNetworkPolicy')) objects.push(g.adminPolicy('default', undefined));
        mutations.push(`added ${objects.at(-1)!.kind} ${objects.at(-1)!.metadata.name}`);
        break;
      }
      case 'remove-policy': {
        const i = indexOf(isPolicy);
        if (i === undefined) break;
        mutations.push(`removed ${objects[i]!.kind} ${objects[i]!.metadata.name}`);
        objects.splice(i, 1);
        break;
      }
      case 'edit-rule':
      case 'ports': {
        const i = indexOf(isPolicy);
        if (i === undefined) break;
        const o = objects[i]!;
        const direction = rng.pick(['ingress', 'egress'] as const);
        if (o.kind === 'NetworkPolicy') {
          const rules = (o.spec[direction] ??= []);
          const k = rng.int(0, rules.length);
          if (op === 'ports' && k < rules.length) rules[k]!.ports = rng.times(0, 2, () => g.networkPort());
          else if (k < rules.length && rng.chance(0.5)) rules.splice(k, 1);
          else rules.splice(k, k < rules.length ? 1 : 0, g.networkRule(direction));
        } else if (o.kind === 'AdminNetworkPolicy' || o.kind === 'BaselineAdminNetworkPolicy') {
          const baseline = o.kind === 'BaselineAdminNetworkPolicy';
          const rules = (o.spec[direction] ??= []);
          const k = rng.int(0, rules.length);
          if (op === 'ports' && k < rules.length) {
            // no ports is every port: the CRD refuses an empty list (minItems 1)
            const ports = rng.times(0, 2, () => g.adminPort());
            if (ports.length > 0) rules[k]!.ports = ports;
            else delete rules[k]!.ports;
          } else if (k < rules.length && rng.chance(0.3)) rules[k]!.action = rng.pick(baseline ? (['Allow', 'Deny'] as const) : (['Allow', 'Deny', 'Pass'] as const));
          else if (k < rules.length && rng.chance(0.5)) rules.splice(k, 1);
          else rules.splice(k, k < rules.length ? 1 : 0, g.adminRule(direction, rules.length, baseline));
        } else if (o.kind === 'ClusterNetworkPolicy') {
          const rules = (o.spec[direction] ??= []);
          const k = rng.int(0, rules.length);
          const rule = rules[k];
          if (op === 'ports' && rule) {
            const protocols = g.clusterProtocols(direction, (direction === 'ingress' ? rule.from : rule.to) ?? []);
            if (protocols) rule.protocols = protocols;
            else delete rule.protocols;
          } else if (rule && rng.chance(0.3)) rule.action = rng.pick(['Accept', 'Deny', 'Pass'] as const);
          else if (rule && rng.chance(0.5)) rules.splice(k, 1);
          else rules.splice(k, rule ? 1 : 0, g.clusterRule(direction, rules.length));
        } else if (isCilium(o)) {
          cilium.edit(o);
        }
        mutations.push(`${op === 'ports' ? 'ports of' : 'edited'} a ${direction} rule of ${o.kind} ${o.metadata.name}`);
        break;
      }
      case 'add-workload': {
        const added = g.workload(fresh(objects, 'w'));
        objects.push(...added);
        mutations.push(`added workload ${added[0]!.metadata.name}`);
        break;
      }
      case 'remove-workload': {
        const i = indexOf(isWorkload);
        if (i === undefined) break;
        mutations.push(`removed ${objects[i]!.kind} ${objects[i]!.metadata.name}`);
        objects.splice(i, 1);
        break;
      }
      case 'pod-spec': {
        // container ports (named ports resolve on them) and the network mode
        const i = indexOf(isWorkload);
        if (i === undefined) break;
        const o = objects[i]!;
        const spec = g.podSpec();
        if (o.kind === 'Pod') o.spec = spec;
        else if (o.kind !== 'Namespace' && o.spec !== undefined && 'template' in o.spec) o.spec.template.spec = spec;
        mutations.push(`pod spec of ${o.metadata.name} set to ${JSON.stringify(spec)}`);
        break;
      }
      case 'priority': {
        const i = indexOf((o) => o.kind === 'AdminNetworkPolicy' || o.kind === 'ClusterNetworkPolicy');
        if (i === undefined) break;
        const o = objects[i] as AdminPolicyObject | ClusterNetworkPolicyObject;
        o.spec.priority = g.freshPriority(objects, o.kind === 'ClusterNetworkPolicy' ? o.spec.tier : 'Admin');
        mutations.push(`priority of ${o.metadata.name} set to ${o.spec.priority}`);
        break;
      }
      case 'tier': {
        // to the other tier, at a priority free there
        const i = indexOf((o) => o.kind === 'ClusterNetworkPolicy');
        if (i === undefined) break;
        const o = objects[i] as ClusterNetworkPolicyObject;
        const tier = o.spec.tier === 'Admin' ? 'Baseline' : 'Admin';
        o.spec.priority = g.freshPriority(objects, tier);
        o.spec.tier = tier;
        mutations.push(`${o.metadata.name} moved to the ${tier} tier at priority ${o.spec.priority}`);
        break;
      }
    }
  }
  return { cluster: { objects, options: base.options }, mutations };
}

/**
 * The cluster as manifest files, in one of several layouts: one YAML stream,
 * one file per object (YAML or JSON), or a `List` object, so that the
 * loader's readers are all exercised.
 */
export function manifestFiles(cluster: RandomCluster, seed: number): Array<{ path: string; text: string }> {
  const rng = new Rng(seed ^ 0x5bd1e995);
  const objects = cluster.objects;
  switch (rng.int(0, 3)) {
    case 0:
      return [{ path: 'all.yaml', text: objects.map((o) => stringify(o, { version: '1.1' })).join('---\n') }];
    case 1:
      return objects.map((o, i) => ({ path: `${i}.yaml`, text: stringify(o, { version: '1.1' }) }));
    case 2:
      return objects.map((o, i) => ({ path: `${i}.json`, text: JSON.stringify(o, null, rng.chance(0.5) ? 2 : undefined) }));
    default:
      return [{ path: 'list.json', text: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }) }];
  }
}

/** A cluster as one YAML stream, to print with a failure. */
export function describeCluster(cluster: RandomCluster): string {
  const options = JSON.stringify(cluster.options);
  return `# options: ${options}\n${cluster.objects.map((o) => stringify(o, { version: '1.1' })).join('---\n')}`;
}

/**
 * Shapes of cluster whose paths need a pod that several selectors pick at
 * once, or that one Deny peer misses while others pick it: `pass` (an
 * AdminNetworkPolicy Pass peer, then Deny of every namespace, before a
 * NetworkPolicy's peer), `selection` (a namespace whose egress, or ingress,
 * is denied but for the pods one NetworkPolicy selects, and a workload that
 * admits a peer of other labels), `calico` (a Calico Deny of `!has(k)`, or
 * `has(k)`, before an Allow of another label), `deny` (an admin Deny peer
 * of `Exists`, or of a value, besides rule peers that ask `DoesNotExist`
 * and a NetworkPolicy's peer of other labels). Each is a small random
 * cluster of its variant with one such guard around one of its workloads,
 * both ways.
 */
export type Shape = 'pass' | 'selection' | 'calico' | 'deny';

/** The variant a shape's clusters are of (the reference's reading of them). */
export const SHAPE_VARIANT: Record<Shape, Variant> = { pass: 'admin', selection: 'network', calico: 'calico', deny: 'admin' };

/** A selector of pods that a pod can meet beside others: one or two labels, or a key that must (or must not) be there. */
function meetable(rng: Rng, keys: readonly string[] = POD_KEYS): LabelSelector {
  const key = rng.pick(keys);
  switch (rng.int(0, 3)) {
    case 0:
      return { matchExpressions: [{ key, operator: 'Exists' }] };
    case 1:
      return { matchExpressions: [{ key, operator: 'DoesNotExist' }] };
    default: {
      const other = rng.pick(keys);
      return { matchLabels: { [key]: rng.pick(VALUES), ...(other !== key && rng.chance(0.3) ? { [other]: rng.pick(VALUES) } : {}) } };
    }
  }
}

/** The Calico text of a requirement on a pod label: `has(k)`, `!has(k)`, `k == 'v'`, `k != 'v'`. */
function calicoTest(rng: Rng, keys: readonly string[] = POD_KEYS): string {
  const key = rng.pick(keys);
  switch (rng.int(0, 3)) {
    case 0:
      return `has(${key})`;
    case 1:
      return `!has(${key})`;
    case 2:
      return `${key} == '${rng.pick(VALUES)}'`;
    default:
      return `${key} != '${rng.pick(VALUES)}'`;
  }
}

export function shapedCluster(seed: number, shape: Shape): RandomCluster {
  const rng = new Rng(seed ^ 0x6f3a9e1d);
  const variant = SHAPE_VARIANT[shape];
  const namespaces = rng.some(NAMESPACES.filter((n) => n !== 'default'), 2, 3);
  const g = new Generator(rng, variant, namespaces, 'default');
  const objects: K8sObject[] = namespaces.map((ns) => g.namespaceObject(ns));
  const workloads = rng.int(2, 3);
  for (let i = 0; i < workloads; i++) objects.push(...g.workload(`w${i}`));
  // the guarded workload, by the labels of its pods and its namespace
  const target = objects.filter((o) => o.kind !== 'Namespace')[0]!;
  const targetNs = (target.metadata as { namespace?: string }).namespace ?? 'default';
  const targetLabels = target.kind === 'Pod' ? (target.metadata.labels ?? {}) : ((target.spec as { template: { metadata: { labels?: Labels } } }).template.metadata.labels ?? {});
  const subject: LabelSelector = Object.keys(targetLabels).length > 0 ? { matchLabels: { ...targetLabels } } : {};
  const everywhere = () => (rng.chance(0.7) ? {} : g.selector(NS_KEYS, true));
  // the key the guards turn on, and those the allowing peers ask
  const guardKey = rng.pick(POD_KEYS);
  const allowKeys = POD_KEYS.filter((k) => k !== guardKey);
  // the namespace whose pods alone are let send (or be reached) by one policy's selection, in `selection`
  const shut = rng.pick(namespaces);
  const pinned = () => (shape === 'selection' && rng.chance(0.8) ? { matchLabels: { [NAMESPACE_NAME_LABEL]: shut } } : everywhere());
  const peerOf = (direction: Direction): NetworkPolicyRuleSpec => ({ [direction === 'ingress' ? 'from' : 'to']: [{ namespaceSelector: pinned(), podSelector: meetable(rng, allowKeys) }] });
  const guarded = (direction: Direction, name: string, extra: NetworkPolicyRuleSpec[] = []): NetworkPolicyObject => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace: targetNs },
    spec: { podSelector: subject, policyTypes: [direction === 'ingress' ? 'Ingress' : 'Egress'], [direction]: [peerOf(direction), ...extra] },
  });
  for (const direction of ['ingress', 'egress'] as const) {
    const d = direction === 'ingress' ? 'in' : 'eg';
    const side = direction === 'ingress' ? 'from' : 'to';
    if (shape === 'pass' || shape === 'deny') {
      const rules: AdminRuleSpec[] =
        shape === 'pass'
          ? [
              { name: 'pass', action: 'Pass', [side]: [{ pods: { namespaceSelector: everywhere(), podSelector: meetable(rng, rng.chance(0.7) ? [guardKey] : POD_KEYS) } }] },
              { name: 'deny', action: 'Deny', [side]: [{ namespaces: {} }] },
            ]
          : [{ name: 'deny', action: 'Deny', [side]: rng.times(1, 2, () => ({ pods: { namespaceSelector: {}, podSelector: rng.chance(0.7) ? { matchExpressions: [{ key: guardKey, operator: 'Exists' as const }] } : meetable(rng) } })) }];
      objects.push({
        apiVersion: 'policy.networking.k8s.io/v1alpha1',
        kind: 'AdminNetworkPolicy',
        metadata: { name: `guard-${d}` },
        spec: { priority: direction === 'ingress' ? 10 : 11, subject: { pods: { namespaceSelector: {}, podSelector: subject } }, [direction]: rules },
      } as AdminPolicyObject);
      objects.push(guarded(direction, `allow-${d}`));
      // peers that ask a label be absent, on another workload: a representative kept out of them lands in the Deny peer
      if (shape === 'deny') {
        const absent = (i: number): NetworkPolicyPeerSpec => ({
          namespaceSelector: {},
          podSelector: { matchExpressions: [guardKey, ...rng.some(allowKeys, i, i)].map((key) => ({ key, operator: 'DoesNotExist' as const })) },
        });
        objects.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `absent-${d}`, namespace: rng.pick(namespaces) }, spec: { podSelector: meetable(rng), [direction]: [{ [side]: rng.times(1, 3, absent) }] } });
      }
    } else if (shape === 'selection') {
      // the other end's namespace lets only the pods one policy selects send (or be reached)
      const ns = shut;
      const other = direction === 'ingress' ? 'Egress' : 'Ingress';
      const otherDir = direction === 'ingress' ? 'egress' : 'ingress';
      objects.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `shut-${d}`, namespace: ns }, spec: { podSelector: {}, policyTypes: [other] } });
      objects.push({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `open-${d}`, namespace: ns }, spec: { podSelector: meetable(rng, [guardKey]), policyTypes: [other], [otherDir]: [{}] } });
      objects.push(guarded(direction, `allow-${d}`));
    } else {
      const rules = [
        { action: rng.pick(['Deny', 'Deny', 'Allow'] as const), [direction === 'ingress' ? 'source' : 'destination']: { selector: rng.chance(0.6) ? `!has(${guardKey})` : calicoTest(rng), namespaceSelector: 'all()' } },
        { action: 'Allow' as const, [direction === 'ingress' ? 'source' : 'destination']: { selector: calicoTest(rng, allowKeys), namespaceSelector: 'all()' } },
      ];
      const sel = Object.entries(targetLabels).map(([k, v]) => `${k} == '${v}'`).join(' && ') || 'all()';
      objects.push({ apiVersion: 'projectcalico.org/v3', kind: 'GlobalNetworkPolicy', metadata: { name: `guard-${d}` }, spec: { selector: sel, types: [direction === 'ingress' ? 'Ingress' : 'Egress'], [direction]: rules } } as unknown as K8sObject);
    }
  }
  return { objects, options: { defaultNamespace: 'default', hostNetwork: 'exclude' } };
}
