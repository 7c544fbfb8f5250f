import type { CiliumPolicyObject } from './cilium-objects.js';
import { ciliumCidrs, ciliumPorts } from './cilium-objects.js';

/**
 * A reference evaluator of reachability, written from the semantics alone
 * and independent of the engine in src/: it reads the Kubernetes objects as
 * plain values and decides one connection at a time, for one pod pair (or a
 * pod and one IPv4 or IPv6 address), one protocol and one port. It is slow on
 * purpose and meant to be obviously right; the property tests compare the
 * engine with it at "interesting" sample ports and addresses, which are
 * enough to tell any two connection sets the clusters can produce apart.
 */

import type { CidrRange, Family } from './addresses.js';
import { cidrRange, goCidrRange, SPACE } from './addresses.js';
import type { CalicoObject } from './calico.js';
import { CalicoReference, calicoSampleCidrs, calicoSamplePorts, isCalicoObject } from './calico.js';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];
export const MAX_PORT = 65535;
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

// ---------------------------------------------------------------------------
// The objects, as they appear in manifests (only the fields that matter here)

export type Labels = Record<string, string>;

export interface LabelSelector {
  matchLabels?: Labels;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}

export interface ContainerPortSpec {
  containerPort: number;
  name?: string;
  protocol?: string;
}

export interface PodSpec {
  hostNetwork?: boolean;
  serviceAccountName?: string;
  containers: Array<{ name: string; image: string; ports?: ContainerPortSpec[] }>;
  /** Native sidecars where `restartPolicy: Always`, others run to completion before the containers start. */
  initContainers?: Array<{ name: string; image: string; restartPolicy?: string; ports?: ContainerPortSpec[] }>;
}

export interface ObjectMeta {
  name: string;
  namespace?: string;
  labels?: Labels;
  ownerReferences?: Array<{ apiVersion: string; kind: string; name: string; uid: string; controller?: boolean }>;
}

export interface PodObject {
  apiVersion: 'v1';
  kind: 'Pod';
  metadata: ObjectMeta;
  spec: PodSpec;
}

export interface ControllerObject {
  apiVersion: 'apps/v1';
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  metadata: ObjectMeta;
  spec: { selector?: { matchLabels?: Labels }; template: { metadata: { labels?: Labels }; spec: PodSpec } };
}

export interface NamespaceObject {
  apiVersion: 'v1';
  kind: 'Namespace';
  metadata: { name: string; labels?: Labels };
}

export interface NetworkPolicyPeerSpec {
  podSelector?: LabelSelector | null;
  namespaceSelector?: LabelSelector | null;
  ipBlock?: { cidr: string; except?: string[] };
}

export interface NetworkPolicyPortSpec {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}

export interface NetworkPolicyRuleSpec {
  from?: NetworkPolicyPeerSpec[];
  to?: NetworkPolicyPeerSpec[];
  ports?: NetworkPolicyPortSpec[];
}

export interface NetworkPolicyObject {
  apiVersion: 'networking.k8s.io/v1';
  kind: 'NetworkPolicy';
  metadata: { name: string; namespace?: string };
  spec: {
    podSelector?: LabelSelector | null;
    policyTypes?: string[];
    ingress?: NetworkPolicyRuleSpec[];
    egress?: NetworkPolicyRuleSpec[];
  };
}

export interface PodsSelectorSpec {
  namespaceSelector: LabelSelector;
  podSelector: LabelSelector;
}

/**
 * A peer of an admin rule, either version. The generator also writes
 * malformed ones (no field, two fields, a field of the wrong direction or
 * version, a field no version has).
 */
export interface AdminPeerSpec {
  namespaces?: LabelSelector;
  /** v1alpha2 may leave out the namespaceSelector (all namespaces). */
  pods?: { namespaceSelector?: LabelSelector; podSelector: LabelSelector };
  networks?: string[];
  nodes?: LabelSelector;
  domainNames?: string[];
  /** In no version of the API: a peer from a newer one, which must fail closed. */
  services?: LabelSelector;
}

export interface AdminPortSpec {
  portNumber?: { protocol?: string; port: number };
  portRange?: { protocol?: string; start: number; end: number };
  namedPort?: string;
}

export interface AdminRuleSpec {
  name: string;
  action: 'Allow' | 'Deny' | 'Pass';
  from?: AdminPeerSpec[];
  to?: AdminPeerSpec[];
  ports?: AdminPortSpec[];
}

export interface AdminPolicyObject {
  apiVersion: 'policy.networking.k8s.io/v1alpha1';
  kind: 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';
  metadata: { name: string };
  spec: {
    priority?: number;
    subject: { namespaces?: LabelSelector; pods?: PodsSelectorSpec };
    ingress?: AdminRuleSpec[];
    egress?: AdminRuleSpec[];
  };
}

/** One item of a ClusterNetworkPolicy rule's `protocols`: exactly one field. */
export interface ProtocolSpec {
  tcp?: { destinationPort: DestinationPortSpec };
  udp?: { destinationPort: DestinationPortSpec };
  sctp?: { destinationPort: DestinationPortSpec };
  destinationNamedPort?: string;
}

/** Exactly one of a port or an inclusive range (start below end). */
export interface DestinationPortSpec {
  number?: number;
  range?: { start: number; end: number };
}

export interface ClusterRuleSpec {
  name?: string;
  action: 'Accept' | 'Deny' | 'Pass';
  from?: AdminPeerSpec[];
  to?: AdminPeerSpec[];
  /** Omitted: all traffic. */
  protocols?: ProtocolSpec[];
}

export interface ClusterNetworkPolicyObject {
  apiVersion: 'policy.networking.k8s.io/v1alpha2';
  kind: 'ClusterNetworkPolicy';
  metadata: { name: string };
  spec: {
    tier: 'Admin' | 'Baseline';
    priority: number;
    subject: { namespaces?: LabelSelector; pods?: { namespaceSelector?: LabelSelector; podSelector: LabelSelector } };
    ingress?: ClusterRuleSpec[];
    egress?: ClusterRuleSpec[];
  };
}

export type K8sObject = PodObject | ControllerObject | NamespaceObject | NetworkPolicyObject | AdminPolicyObject | ClusterNetworkPolicyObject | CiliumPolicyObject;

export interface ReferenceOptions {
  /** Namespace of objects that name none. */
  readonly defaultNamespace?: string;
  /** Host-network pods are selectable (`include`) or not (`exclude`, the default). */
  readonly hostNetwork?: 'exclude' | 'include';
  /** The pod network, for AdminNetworkPolicy and ClusterNetworkPolicy `networks` peers. */
  readonly podCIDRs?: readonly string[];
  /** The IP families the cluster uses; unset: IPv4, and IPv6 too where a valid policy or the pod network names IPv6. */
  readonly ipFamily?: 'ipv4' | 'ipv6' | 'dual';
}

// ---------------------------------------------------------------------------
// Small helpers

function inCidr(address: bigint, cidr: string): boolean {
  const r = cidrRange(cidr);
  return r !== undefined && r.first <= address && address <= r.last;
}

/** Whether the ranges together hold every address of `target`. */
export function rangesCover(ranges: readonly CidrRange[], target: { readonly first: bigint; readonly last: bigint }): boolean {
  const sorted = [...ranges].sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : 0));
  let next = target.first;
  for (const r of sorted) {
    if (r.first > next) break;
    if (r.last >= next) next = r.last + 1n;
    if (next > target.last) return true;
  }
  return next > target.last;
}

export function selectorMatches(selector: LabelSelector | null | undefined, labels: Labels): boolean {
  if (selector === null || selector === undefined) return true;
  const has = (key: string) => Object.prototype.hasOwnProperty.call(labels, key);
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (!has(key) || labels[key] !== value) return false;
  }
  for (const e of selector.matchExpressions ?? []) {
    const values = e.values ?? [];
    const holds =
      e.operator === 'In'
        ? has(e.key) && values.includes(labels[e.key]!)
        : e.operator === 'NotIn'
          ? !(has(e.key) && values.includes(labels[e.key]!))
          : e.operator === 'Exists'
            ? has(e.key)
            : e.operator === 'DoesNotExist'
              ? !has(e.key)
              : false;
    if (!holds) return false;
  }
  return true;
}

function isSet<T>(value: T | null | undefined): value is T {
  return value !== null && value !== undefined;
}

// ---------------------------------------------------------------------------
// The cluster: namespaces, workloads and their pods, valid policies

export interface ContainerPort {
  readonly name: string | undefined;
  readonly port: number;
  readonly protocol: Protocol;
}

export interface RefPod {
  readonly workload: string;
  readonly namespace: string;
  readonly labels: Labels;
  /** The ports of its containers and native sidecars, which serve them while the pod runs. */
  readonly ports: readonly ContainerPort[];
  /** The ports of every init container, native sidecar or not, as declared (Calico names ports on all of them). */
  readonly initPorts?: readonly ContainerPort[];
  readonly hostNetwork: boolean;
  readonly serviceAccount?: string;
}

export interface RefWorkload {
  readonly id: string;
  readonly pods: RefPod[];
}

/** One end of a connection: a pod, or one external address (see addresses.ts). */
export type Peer = { readonly kind: 'pod'; readonly pod: RefPod } | { readonly kind: 'address'; readonly address: bigint };

/** One end as the matrix knows it: a workload, or an external address. */
export type Endpoint = { readonly kind: 'workload'; readonly id: string } | { readonly kind: 'address'; readonly address: bigint };

type Direction = 'ingress' | 'egress';

/** A policy of the admin or the baseline tier, of either API version. */
export type TierPolicy = AdminPolicyObject | ClusterNetworkPolicyObject;

/** What a rule of the admin or baseline tier does to the traffic it matches. */
type TierAction = 'allow' | 'deny' | 'pass';

/** One rule of a tier policy, the same for both versions: its action, its peers, and which protocols and ports it covers. */
interface TierRule {
  readonly action: TierAction;
  readonly peers: readonly AdminPeerSpec[];
  readonly ports: (protocol: Protocol, port: number, dstPorts: readonly ContainerPort[] | undefined) => boolean;
}

/** A rule of a tier policy that applies to one connection: its action, for the ports it covers. */
interface RuleEffect {
  readonly action: TierAction;
  readonly ports: (protocol: Protocol, port: number) => boolean;
}

function containerPorts(containers: ReadonlyArray<{ ports?: ContainerPortSpec[] }>): ContainerPort[] {
  return containers.flatMap((c) => (c.ports ?? []).map((p) => ({ name: p.name, port: p.containerPort, protocol: (p.protocol ?? 'TCP') as Protocol })));
}

/** The ports a running pod serves: its containers' and its native sidecars' (init containers with restartPolicy Always). */
function podSpecPorts(spec: PodSpec): ContainerPort[] {
  return containerPorts([...spec.containers, ...(spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')]);
}

/** Why a NetworkPolicy is invalid (the API server would reject it), or undefined. */
export function networkPolicyProblem(np: NetworkPolicyObject): string | undefined {
  for (const rule of [...(np.spec.ingress ?? []), ...(np.spec.egress ?? [])]) {
    for (const peer of [...(rule.from ?? []), ...(rule.to ?? [])]) {
      const selectors = isSet(peer.podSelector) || isSet(peer.namespaceSelector);
      if (!selectors && !isSet(peer.ipBlock)) return 'a peer sets none of podSelector, namespaceSelector, ipBlock';
      if (selectors && isSet(peer.ipBlock)) return 'a peer combines ipBlock with a selector';
      if (isSet(peer.ipBlock)) {
        // strict validation (Kubernetes 1.36 and later) rejects IPv4-mapped IPv6 addresses
        const block = cidrRange(peer.ipBlock.cidr);
        if (!block || block.mapped) return 'bad cidr';
        for (const e of peer.ipBlock.except ?? []) {
          const hole = cidrRange(e);
          if (!hole || hole.mapped) return 'bad except';
          const strictlyInside = hole.family === block.family && block.first <= hole.first && hole.last <= block.last && hole.prefix > block.prefix;
          if (!strictlyInside) return 'an except is not strictly inside its cidr';
        }
      }
    }
    for (const port of rule.ports ?? []) {
      if (port.endPort === undefined) continue;
      if (typeof port.port !== 'number') return 'endPort without a numeric port';
      if (port.endPort < port.port) return 'endPort below port';
    }
  }
  return undefined;
}

/** The policyTypes after defaulting. */
export function policyTypes(np: NetworkPolicyObject): Direction[] {
  const explicit = np.spec.policyTypes ?? [];
  if (explicit.length > 0) return explicit.map((t) => (t === 'Ingress' ? 'ingress' : 'egress'));
  return (np.spec.egress ?? []).length > 0 ? ['ingress', 'egress'] : ['ingress'];
}

/** The sample ports of a set of objects: every port any of them mentions, its neighbours, and both ends of the range. */
export function samplePorts(objects: readonly K8sObject[]): number[] {
  const mentioned = new Set<number>([1, MAX_PORT, ...calicoSamplePorts(objects)]);
  const add = (n: number | string | undefined) => {
    if (typeof n === 'number') mentioned.add(n);
  };
  for (const o of objects) {
    switch (o.kind) {
      case 'Pod':
        containerPorts([...o.spec.containers, ...(o.spec.initContainers ?? [])]).forEach((p) => add(p.port));
        break;
      case 'Deployment':
      case 'StatefulSet':
      case 'DaemonSet':
        containerPorts([...o.spec.template.spec.containers, ...(o.spec.template.spec.initContainers ?? [])]).forEach((p) => add(p.port));
        break;
      case 'NetworkPolicy':
        for (const rule of [...(o.spec.ingress ?? []), ...(o.spec.egress ?? [])]) {
          for (const p of rule.ports ?? []) {
            add(p.port);
            add(p.endPort);
          }
        }
        break;
      case 'AdminNetworkPolicy':
      case 'BaselineAdminNetworkPolicy':
        for (const rule of [...(o.spec.ingress ?? []), ...(o.spec.egress ?? [])]) {
          for (const p of rule.ports ?? []) {
            add(p.portNumber?.port);
            add(p.portRange?.start);
            add(p.portRange?.end);
          }
        }
        break;
      case 'ClusterNetworkPolicy':
        for (const rule of [...(o.spec.ingress ?? []), ...(o.spec.egress ?? [])]) {
          for (const item of rule.protocols ?? []) {
            for (const byProtocol of [item.tcp, item.udp, item.sctp]) {
              add(byProtocol?.destinationPort.number);
              add(byProtocol?.destinationPort.range?.start);
              add(byProtocol?.destinationPort.range?.end);
            }
          }
        }
        break;
      case 'CiliumNetworkPolicy':
      case 'CiliumClusterwideNetworkPolicy':
        ciliumPorts(o).forEach(add);
        break;
      case 'Namespace':
        break;
    }
  }
  const out = new Set<number>();
  for (const n of mentioned) for (const m of [n - 1, n, n + 1]) if (m >= 1 && m <= MAX_PORT) out.add(m);
  return [...out].sort((a, b) => a - b);
}

/**
 * The sample addresses of the families analysed: the ends of each family's
 * space, and both ends of every CIDR (and except) any object or the pod
 * network mentions (as written, and as Go reads an IPv4-mapped one), with
 * their neighbours.
 */
export function sampleAddresses(objects: readonly K8sObject[], podCIDRs: readonly string[], families: readonly Family[]): bigint[] {
  const cidrs: string[] = [...podCIDRs, ...calicoSampleCidrs(objects)];
  for (const o of objects) {
    if (o.kind === 'NetworkPolicy') {
      for (const rule of [...(o.spec.ingress ?? []), ...(o.spec.egress ?? [])]) {
        for (const peer of [...(rule.from ?? []), ...(rule.to ?? [])]) {
          if (peer.ipBlock) cidrs.push(peer.ipBlock.cidr, ...(peer.ipBlock.except ?? []));
        }
      }
    } else if (o.kind === 'AdminNetworkPolicy' || o.kind === 'BaselineAdminNetworkPolicy' || o.kind === 'ClusterNetworkPolicy') {
      for (const rule of [...(o.spec.ingress ?? []), ...(o.spec.egress ?? [])]) {
        for (const peer of [...(rule.from ?? []), ...(rule.to ?? [])]) cidrs.push(...(peer.networks ?? []));
      }
    } else if (o.kind === 'CiliumNetworkPolicy' || o.kind === 'CiliumClusterwideNetworkPolicy') {
      cidrs.push(...ciliumCidrs(o));
    }
  }
  const out = new Set<bigint>();
  for (const f of families) out.add(SPACE[f].first).add(SPACE[f].last);
  for (const c of cidrs) {
    for (const r of [cidrRange(c), goCidrRange(c)]) {
      if (!r || !families.includes(r.family)) continue;
      const space = SPACE[r.family];
      for (const a of [r.first - 1n, r.first, r.last, r.last + 1n]) if (a >= space.first && a <= space.last) out.add(a);
    }
  }
  return [...out].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The allowed sample points of one pair: a flag per protocol and sample
 * port, at `protocolIndex * ports.length + portIndex`.
 */
export type Points = Uint8Array;

export class ReferenceCluster {
  readonly namespaces = new Map<string, Labels>();
  readonly workloads: RefWorkload[] = [];
  readonly networkPolicies: NetworkPolicyObject[] = [];
  /** Names of NetworkPolicies skipped as invalid, `ns/name`. */
  readonly invalidPolicies: string[] = [];
  /** AdminNetworkPolicies and ClusterNetworkPolicies of the Admin tier, lowest priority number first. */
  readonly adminTier: TierPolicy[] = [];
  /** ClusterNetworkPolicies of the Baseline tier, lowest priority number first, then the BaselineAdminNetworkPolicy. */
  readonly baselineTier: TierPolicy[] = [];
  private readonly defaultNamespace: string;
  private readonly includeHostNetwork: boolean;
  private readonly podCIDRs: readonly string[];
  private readonly ipFamily: ReferenceOptions['ipFamily'];
  private familiesMemo: readonly Family[] | undefined;
  /** Where Calico objects are present, Calico evaluates every policy. */
  private readonly calico: CalicoReference | undefined;

  constructor(objects: readonly K8sObject[], options: ReferenceOptions = {}) {
    this.defaultNamespace = options.defaultNamespace ?? 'default';
    this.includeHostNetwork = options.hostNetwork === 'include';
    this.podCIDRs = (options.podCIDRs ?? []).filter((c) => cidrRange(c) !== undefined);
    this.ipFamily = options.ipFamily;
    const referenced = new Set<string>();
    const byId = new Map<string, RefWorkload>();
    let baseline: AdminPolicyObject | undefined;
    const baselineCnps: ClusterNetworkPolicyObject[] = [];
    const calico: CalicoObject[] = [];
    for (const o of objects) {
      if (isCalicoObject(o)) {
        calico.push(o);
        continue;
      }
      switch (o.kind) {
        case 'Namespace':
          this.namespaces.set(o.metadata.name, { ...(o.metadata.labels ?? {}), [NAMESPACE_NAME_LABEL]: o.metadata.name });
          break;
        case 'Pod':
        case 'Deployment':
        case 'StatefulSet':
        case 'DaemonSet': {
          if (o.kind !== 'Pod') {
            // the API server refuses an apps/v1 controller whose selector is missing, empty, or misses its template's labels
            const picks = Object.entries(o.spec.selector?.matchLabels ?? {});
            const labels = o.spec.template.metadata.labels ?? {};
            if (picks.length === 0 || picks.some(([k, v]) => labels[k] !== v)) break;
          }
          const namespace = o.metadata.namespace || this.defaultNamespace;
          referenced.add(namespace);
          let id = `${namespace}/${o.metadata.name}[${o.kind}]`;
          let labels: Labels;
          let spec: PodSpec;
          if (o.kind === 'Pod') {
            // a pod with a controller stands for it
            const owner = (o.metadata.ownerReferences ?? []).find((r) => r.controller === true);
            if (owner) id = `${namespace}/${owner.name}[${owner.kind}]`;
            labels = o.metadata.labels ?? {};
            spec = o.spec;
          } else {
            labels = o.spec.template.metadata.labels ?? {};
            spec = o.spec.template.spec;
          }
          const init = containerPorts(spec.initContainers ?? []);
          const pod: RefPod = { workload: id, namespace, labels, ports: podSpecPorts(spec), ...(init.length > 0 ? { initPorts: init } : {}), hostNetwork: spec.hostNetwork === true, serviceAccount: spec.serviceAccountName };
          const w = byId.get(id);
          if (w) w.pods.push(pod);
          else byId.set(id, { id, pods: [pod] });
          break;
        }
        case 'NetworkPolicy': {
          const namespace = o.metadata.namespace || this.defaultNamespace;
          if (networkPolicyProblem(o) !== undefined) {
            this.invalidPolicies.push(`${namespace}/${o.metadata.name}`);
            break;
          }
          referenced.add(namespace);
          this.networkPolicies.push({ ...o, metadata: { ...o.metadata, namespace } });
          break;
        }
        case 'AdminNetworkPolicy':
          this.adminTier.push(o);
          break;
        case 'BaselineAdminNetworkPolicy':
          baseline = o;
          break;
        case 'ClusterNetworkPolicy':
          if (o.spec.tier === 'Admin') this.adminTier.push(o);
          else baselineCnps.push(o);
          break;
      }
    }
    for (const ns of referenced) if (!this.namespaces.has(ns)) this.namespaces.set(ns, { [NAMESPACE_NAME_LABEL]: ns });
    this.workloads = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    // lower priority number first (the generator never writes two equal priorities in one tier)
    this.adminTier.sort((a, b) => a.spec.priority! - b.spec.priority!);
    baselineCnps.sort((a, b) => a.spec.priority - b.spec.priority);
    // the BaselineAdminNetworkPolicy comes after every ClusterNetworkPolicy of the Baseline tier
    this.baselineTier.push(...baselineCnps, ...(baseline ? [baseline] : []));
    if (calico.length > 0) {
      this.calico = new CalicoReference(calico, this.networkPolicies, this.namespaces, {
        includeHostNetwork: this.includeHostNetwork,
        podCIDRs: this.podCIDRs,
        defaultNamespace: this.defaultNamespace,
        families: () => this.families,
      });
    }
  }

  /**
   * The IP families analysed: those the options name, else IPv4, and IPv6
   * too where a policy that is valid or the pod network names an IPv6
   * address.
   */
  get families(): readonly Family[] {
    if (!this.ipFamily) return (this.familiesMemo ??= this.namesIPv6() ? ['ipv4', 'ipv6'] : ['ipv4']);
    return this.ipFamily === 'dual' ? ['ipv4', 'ipv6'] : [this.ipFamily];
  }

  /** Whether the pod network or a valid policy of the kinds this reference reads names IPv6 addresses. */
  protected namesIPv6(): boolean {
    const v6 = (c: string) => cidrRange(c)?.family === 'ipv6';
    if (this.podCIDRs.some(v6)) return true;
    if (this.calico?.namesIPv6()) return true;
    // the rules of the directions a policy governs (the others are ignored)
    const npBlocks = this.networkPolicies.flatMap((np) => policyTypes(np).flatMap((d) => np.spec[d] ?? []).flatMap((r) => [...(r.from ?? []), ...(r.to ?? [])]));
    if (npBlocks.some((p) => isSet(p.ipBlock) && v6(p.ipBlock.cidr))) return true;
    return [...this.adminTier, ...this.baselineTier].some((p) =>
      [...(p.spec.ingress ?? []), ...(p.spec.egress ?? [])].some((r) => [...(r.from ?? []), ...(r.to ?? [])].some((peer) => (peer.networks ?? []).some(v6))),
    );
  }

  /** The pod network within the families analysed. */
  private podPool(): CidrRange[] {
    return this.podCIDRs.map((c) => cidrRange(c)!).filter((r) => this.families.includes(r.family));
  }

  workload(id: string): RefWorkload | undefined {
    return this.workloads.find((w) => w.id === id);
  }

  private selectable(pod: RefPod): boolean {
    return this.includeHostNetwork || !pod.hostNetwork;
  }

  private namespaceLabels(name: string): Labels {
    return this.namespaces.get(name)!;
  }

  // --- ports -----------------------------------------------------------------

  /** A NetworkPolicy port; named ports resolve on the destination's container ports (none for an external one). */
  private networkPortMatches(spec: NetworkPolicyPortSpec, protocol: Protocol, port: number, dstPorts: readonly ContainerPort[] | undefined): boolean {
    if ((spec.protocol ?? 'TCP') !== protocol) return false;
    if (spec.port === undefined) return true;
    if (typeof spec.port === 'number') return spec.endPort === undefined ? port === spec.port : spec.port <= port && port <= spec.endPort;
    return (dstPorts ?? []).some((cp) => cp.name === spec.port && cp.protocol === protocol && cp.port === port);
  }

  private networkPortsMatch(rule: NetworkPolicyRuleSpec, protocol: Protocol, port: number, dstPorts: readonly ContainerPort[] | undefined): boolean {
    const ports = rule.ports ?? [];
    return ports.length === 0 || ports.some((p) => this.networkPortMatches(p, protocol, port, dstPorts));
  }

  /** v1alpha1 admin ports: a named port matches any protocol its container port has. */
  private adminPortsMatch(rule: AdminRuleSpec, protocol: Protocol, port: number, dstPorts: readonly ContainerPort[] | undefined): boolean {
    const ports = rule.ports ?? [];
    if (ports.length === 0) return true;
    return ports.some((p) => {
      if (p.portNumber) return (p.portNumber.protocol ?? 'TCP') === protocol && p.portNumber.port === port;
      if (p.portRange) return (p.portRange.protocol ?? 'TCP') === protocol && p.portRange.start <= port && port <= p.portRange.end;
      if (p.namedPort !== undefined) return (dstPorts ?? []).some((cp) => cp.name === p.namedPort && cp.protocol === protocol && cp.port === port);
      return false;
    });
  }

  /** v1alpha2 protocols: none given is all traffic; a named port matches any protocol its container port has. */
  private protocolsMatch(rule: ClusterRuleSpec, protocol: Protocol, port: number, dstPorts: readonly ContainerPort[] | undefined): boolean {
    if (rule.protocols === undefined) return true;
    return rule.protocols.some((item) => {
      if (item.destinationNamedPort !== undefined) {
        return (dstPorts ?? []).some((cp) => cp.name === item.destinationNamedPort && cp.protocol === protocol && cp.port === port);
      }
      const ofProtocol = protocol === 'TCP' ? item.tcp : protocol === 'UDP' ? item.udp : item.sctp;
      if (!ofProtocol) return false;
      const d = ofProtocol.destinationPort;
      if (d.number !== undefined) return d.number === port;
      return d.range !== undefined && d.range.start <= port && port <= d.range.end;
    });
  }

  // --- peers -----------------------------------------------------------------

  private networkPeerMatches(np: NetworkPolicyObject, rule: NetworkPolicyRuleSpec, direction: Direction, peer: Peer): boolean {
    const peers = (direction === 'ingress' ? rule.from : rule.to) ?? [];
    // no peers: every peer, pods (host-network ones too) and addresses
    if (peers.length === 0) return true;
    return peers.some((p) => {
      if (isSet(p.ipBlock)) {
        // ipBlocks never match pods
        if (peer.kind !== 'address') return false;
        return inCidr(peer.address, p.ipBlock.cidr) && !(p.ipBlock.except ?? []).some((e) => inCidr(peer.address, e));
      }
      if (peer.kind !== 'pod' || !this.selectable(peer.pod)) return false;
      const namespaceOk = isSet(p.namespaceSelector)
        ? selectorMatches(p.namespaceSelector, this.namespaceLabels(peer.pod.namespace))
        : peer.pod.namespace === np.metadata.namespace;
      return namespaceOk && selectorMatches(p.podSelector, peer.pod.labels);
    });
  }

  /** The rules of a tier policy in one direction, in order. */
  private tierRules(policy: TierPolicy, direction: Direction): TierRule[] {
    if (policy.kind === 'ClusterNetworkPolicy') {
      return (policy.spec[direction] ?? []).map((rule) => ({
        action: rule.action === 'Accept' ? 'allow' : rule.action === 'Deny' ? 'deny' : 'pass',
        peers: (direction === 'ingress' ? rule.from : rule.to) ?? [],
        ports: (protocol, port, dstPorts) => this.protocolsMatch(rule, protocol, port, dstPorts),
      }));
    }
    return (policy.spec[direction] ?? []).map((rule) => ({
      action: rule.action === 'Allow' ? 'allow' : rule.action === 'Deny' ? 'deny' : 'pass',
      peers: (direction === 'ingress' ? rule.from : rule.to) ?? [],
      ports: (protocol, port, dstPorts) => this.adminPortsMatch(rule, protocol, port, dstPorts),
    }));
  }

  /** Whether a peer sets exactly one field, and one its policy's version has in this direction. */
  private adminPeerUnderstood(policy: TierPolicy, p: AdminPeerSpec, direction: Direction): boolean {
    const fields = Object.entries(p)
      .filter(([, v]) => isSet(v))
      .map(([k]) => k);
    const known =
      direction === 'ingress'
        ? ['namespaces', 'pods']
        : policy.kind === 'BaselineAdminNetworkPolicy'
          ? ['namespaces', 'pods', 'networks', 'nodes']
          : ['namespaces', 'pods', 'networks', 'nodes', 'domainNames'];
    return fields.length === 1 && known.includes(fields[0]!);
  }

  /** Whether a peer (one the policy understands) holds the other end of the connection. */
  private adminPeerMatches(p: AdminPeerSpec, action: TierAction, peer: Peer): boolean {
    if (isSet(p.networks)) {
      const ranges = p.networks.map(cidrRange).filter((r): r is CidrRange => r !== undefined);
      if (peer.kind === 'address') return ranges.some((r) => r.first <= peer.address && peer.address <= r.last);
      // the whole space of every family analysed holds every workload, host-network ones too
      if (this.families.every((f) => rangesCover(ranges, SPACE[f]))) return true;
      // else the pods only where it holds the whole pod network of every family; host-network pods use node addresses
      const pool = this.podPool();
      const complete = this.families.every((f) => pool.some((r) => r.family === f));
      return complete && pool.every((r) => rangesCover(ranges, r)) && this.selectable(peer.pod);
    }
    // node addresses are not in the manifests: no endpoint is a node
    if (isSet(p.nodes)) return false;
    // the addresses behind names are unknown: an Allow may reach any external address, a Deny or Pass matches nothing
    if (isSet(p.domainNames)) return action === 'allow' && peer.kind === 'address';
    if (peer.kind !== 'pod' || !this.selectable(peer.pod)) return false;
    const nsLabels = this.namespaceLabels(peer.pod.namespace);
    if (isSet(p.namespaces)) return selectorMatches(p.namespaces, nsLabels);
    const pods = p.pods!;
    return selectorMatches(pods.namespaceSelector, nsLabels) && selectorMatches(pods.podSelector, peer.pod.labels);
  }

  /**
   * What a rule does to a connection with `peer`: undefined where it does
   * not apply. A peer the policy does not understand fails closed, for the
   * whole rule: an Allow (Accept) rule then matches nothing, a Deny or Pass
   * rule denies all traffic, every peer, port and protocol.
   */
  private ruleEffect(policy: TierPolicy, rule: TierRule, direction: Direction, peer: Peer, dstPorts: readonly ContainerPort[] | undefined): RuleEffect | undefined {
    if (rule.peers.some((p) => !this.adminPeerUnderstood(policy, p, direction))) {
      return rule.action === 'allow' ? undefined : { action: 'deny', ports: () => true };
    }
    if (!rule.peers.some((p) => this.adminPeerMatches(p, rule.action, peer))) return undefined;
    return { action: rule.action, ports: (protocol, port) => rule.ports(protocol, port, dstPorts) };
  }

  private subjectSelects(policy: TierPolicy, pod: RefPod): boolean {
    if (!this.selectable(pod)) return false;
    const s = policy.spec.subject;
    const nsLabels = this.namespaceLabels(pod.namespace);
    if (isSet(s.namespaces)) return selectorMatches(s.namespaces, nsLabels);
    if (isSet(s.pods)) return selectorMatches(s.pods.namespaceSelector, nsLabels) && selectorMatches(s.pods.podSelector, pod.labels);
    return false;
  }

  /** The rules of a tier's policies over `self` that apply to a connection with `peer`, in evaluation order. */
  private tierEffects(policies: readonly TierPolicy[], self: RefPod, direction: Direction, peer: Peer, dstPorts: readonly ContainerPort[] | undefined): RuleEffect[] {
    const out: RuleEffect[] = [];
    for (const policy of policies) {
      if (!this.subjectSelects(policy, self)) continue;
      for (const rule of this.tierRules(policy, direction)) {
        const effect = this.ruleEffect(policy, rule, direction, peer, dstPorts);
        if (effect) out.push(effect);
      }
    }
    return out;
  }

  // --- one direction of one pod ------------------------------------------------

  /**
   * Whether `self` lets a connection with `peer` through in `direction`
   * (egress: self is the source; ingress: self is the destination), as a
   * predicate over protocol and port. `dstPorts` are the destination's
   * container ports, undefined for an external destination.
   */
  directionAllows(self: RefPod, direction: Direction, peer: Peer, dstPorts: readonly ContainerPort[] | undefined): (protocol: Protocol, port: number) => boolean {
    if (this.calico) return this.calico.directionAllows(self, direction, peer, dstPorts);
    // 1. the Admin tier: AdminNetworkPolicies and ClusterNetworkPolicies over self, by priority, rules in order
    const admin = this.tierEffects(this.adminTier, self, direction, peer, dstPorts);
    // 2. NetworkPolicies of self's namespace that select it for this direction
    const isolating = this.selectable(self)
      ? this.networkPolicies.filter(
          (np) => np.metadata.namespace === self.namespace && selectorMatches(np.spec.podSelector, self.labels) && policyTypes(np).includes(direction),
        )
      : [];
    const network = isolating.flatMap((np) => (np.spec[direction] ?? []).filter((rule) => this.networkPeerMatches(np, rule, direction, peer)));
    // 3. the Baseline tier: ClusterNetworkPolicies by priority, then the BaselineAdminNetworkPolicy
    const baseline = this.tierEffects(this.baselineTier, self, direction, peer, dstPorts);

    return (protocol, port) => {
      for (const rule of admin) {
        if (!rule.ports(protocol, port)) continue;
        if (rule.action === 'allow') return true;
        if (rule.action === 'deny') return false;
        break; // Pass: no further admin rule decides; on to NetworkPolicy
      }
      if (isolating.length > 0) return network.some((rule) => this.networkPortsMatch(rule, protocol, port, dstPorts));
      for (const rule of baseline) {
        if (!rule.ports(protocol, port)) continue;
        if (rule.action === 'allow') return true;
        if (rule.action === 'deny') return false;
        break; // Pass: no further baseline rule decides; nothing comes after the baseline
      }
      return true;
    };
  }

  /** Whether one pod (or address) may open a connection to another, both ends considered. */
  podAllows(src: Peer, dst: Peer): (protocol: Protocol, port: number) => boolean {
    const dstPorts = dst.kind === 'pod' ? dst.pod.ports : undefined;
    const egress = src.kind === 'pod' ? this.directionAllows(src.pod, 'egress', dst, dstPorts) : () => true;
    const ingress = dst.kind === 'pod' ? this.directionAllows(dst.pod, 'ingress', src, dstPorts) : () => true;
    return (protocol, port) => egress(protocol, port) && ingress(protocol, port);
  }

  /**
   * The sample points on which src may reach dst: for workloads, through
   * any pair of their pods. A workload never reaches itself, nor does an
   * address reach an address; a workload not in this cluster reaches
   * nothing.
   */
  allowedPoints(src: Endpoint, dst: Endpoint, ports: readonly number[]): Points {
    const out: Points = new Uint8Array(PROTOCOLS.length * ports.length);
    if (src.kind === 'address' && dst.kind === 'address') return out;
    if (src.kind === 'workload' && dst.kind === 'workload' && src.id === dst.id) return out;
    const peers = (e: Endpoint): Peer[] =>
      e.kind === 'address' ? [{ kind: 'address', address: e.address }] : (this.workload(e.id)?.pods ?? []).map((pod) => ({ kind: 'pod', pod }));
    for (const s of peers(src)) {
      for (const d of peers(dst)) {
        const allows = this.podAllows(s, d);
        PROTOCOLS.forEach((protocol, p) => {
          ports.forEach((port, i) => {
            if (allows(protocol, port)) out[p * ports.length + i] = 1;
          });
        });
      }
    }
    return out;
  }

  /**
   * What one pod of a workload may open to another pod of it (two of its
   * replicas), at the sample points: every pair of its pods, a pod with a
   * pod of the same template included (two replicas made from it).
   */
  replicaPoints(id: string, ports: readonly number[]): Points {
    const out: Points = new Uint8Array(PROTOCOLS.length * ports.length);
    const pods = this.workload(id)?.pods ?? [];
    for (const s of pods) {
      for (const d of pods) {
        const allows = this.podAllows({ kind: 'pod', pod: s }, { kind: 'pod', pod: d });
        PROTOCOLS.forEach((protocol, p) => {
          ports.forEach((port, i) => {
            if (allows(protocol, port)) out[p * ports.length + i] = 1;
          });
        });
      }
    }
    return out;
  }
}
