/**
 * The reference evaluation of Calico policies (projectcalico.org/v3
 * NetworkPolicy, GlobalNetworkPolicy, Tier) beside Kubernetes
 * NetworkPolicies, written from Calico's documentation and code alone and
 * independent of src/: one pod, one direction, one peer, one protocol and
 * one port at a time. Also the random Calico objects of the property tests.
 *
 * What it follows (projectcalico/calico v3.32):
 * - tiers by order (none: after every order; equal orders by name), a tier
 *   named but not declared after all of them with default action Deny
 *   (felix/calc/policy_sorter.go TierLess); built-in kube-admin (1000,
 *   Pass), default (1,000,000, Deny), kube-baseline (10,000,000, Pass);
 * - in a tier, the policies that select the pod and govern the direction,
 *   by order (none last), then `name/namespace/kind`; Kubernetes
 *   NetworkPolicies are such policies of the default tier at order 1000
 *   whose rules allow (libcalico-go k8s conversion);
 * - rules in order: Allow and Deny final, Pass to the next tier, Log
 *   nothing; a tier that holds the pod and decides nothing applies its
 *   default action; after the last tier, allowed (felix/rules/endpoints.go);
 * - selectors, entity rules and ports as libcalico-go's
 *   updateprocessors/rules.go combines them.
 * The project's choices where the manifests do not tell (pod addresses,
 * services, source ports) are those its README documents.
 */
import type { ContainerPort, K8sObject, LabelSelector, Labels, NetworkPolicyObject, NetworkPolicyPeerSpec, NetworkPolicyPortSpec, Peer, PodSpec, Protocol, RefPod } from './evaluator.js';
import { NAMESPACE_NAME_LABEL, policyTypes, selectorMatches } from './evaluator.js';
import type { Family } from './addresses.js';
import { familyOf, goCidrRange, SPACE } from './addresses.js';
import type { Rng } from './random.js';

// ---------------------------------------------------------------------------
// The objects

export interface CalicoEntityRuleSpec {
  nets?: string[];
  notNets?: string[];
  selector?: string;
  notSelector?: string;
  namespaceSelector?: string;
  ports?: Array<number | string>;
  notPorts?: Array<number | string>;
  serviceAccounts?: { names?: string[]; selector?: string };
  services?: { name: string; namespace?: string };
}

export interface CalicoRuleSpec {
  action: 'Allow' | 'Deny' | 'Pass' | 'Log';
  protocol?: string | number;
  notProtocol?: string | number;
  ipVersion?: number;
  source?: CalicoEntityRuleSpec;
  destination?: CalicoEntityRuleSpec;
  http?: { methods?: string[] };
}

export interface CalicoPolicySpec {
  tier?: string;
  order?: number;
  selector?: string;
  namespaceSelector?: string;
  serviceAccountSelector?: string;
  types?: string[];
  ingress?: CalicoRuleSpec[];
  egress?: CalicoRuleSpec[];
}

export interface CalicoNetworkPolicyObject {
  apiVersion: 'projectcalico.org/v3' | 'crd.projectcalico.org/v1';
  kind: 'NetworkPolicy';
  metadata: { name: string; namespace?: string };
  spec: CalicoPolicySpec;
}

export interface GlobalNetworkPolicyObject {
  apiVersion: 'projectcalico.org/v3' | 'crd.projectcalico.org/v1';
  kind: 'GlobalNetworkPolicy';
  metadata: { name: string };
  spec: CalicoPolicySpec;
}

export interface TierObject {
  apiVersion: 'projectcalico.org/v3' | 'crd.projectcalico.org/v1';
  kind: 'Tier';
  metadata: { name: string };
  spec: { order?: number; defaultAction?: 'Deny' | 'Pass' };
}

export interface ServiceAccountObject {
  apiVersion: 'v1';
  kind: 'ServiceAccount';
  metadata: { name: string; namespace?: string; labels?: Labels };
}

export type CalicoObject = CalicoNetworkPolicyObject | GlobalNetworkPolicyObject | TierObject | ServiceAccountObject;

/** Calico's objects (and ServiceAccounts, whose labels only Calico reads) among a cluster's. */
export function isCalicoObject(o: { apiVersion: string; kind: string }): o is CalicoObject {
  return o.apiVersion.startsWith('projectcalico.org/') || o.apiVersion.startsWith('crd.projectcalico.org/') || o.kind === 'ServiceAccount';
}

// ---------------------------------------------------------------------------
// Selectors: a small parser of its own, for the selectors the generator writes

type Expr = (get: (key: string) => string | undefined, nsContext: boolean) => boolean;

function parseSelector(text: string): Expr {
  const tokens = text.match(/\|\||&&|==|!=|!|\(|\)|\{|\}|,|"[^"]*"|'[^']*'|has\(\s*[\w./-]+\s*\)|all\(\s*\)|global\(\s*\)|not\s*in\b|starts\s*with\b|ends\s*with\b|[\w./-]+/g) ?? [];
  let i = 0;
  const next = () => tokens[i++]!;
  const peek = () => tokens[i];
  const literal = (t: string) => t.slice(1, -1);
  const or = (): Expr => {
    const parts = [and()];
    while (peek() === '||') {
      next();
      parts.push(and());
    }
    return (g, ns) => parts.some((p) => p(g, ns));
  };
  const and = (): Expr => {
    const parts = [unary()];
    while (peek() === '&&') {
      next();
      parts.push(unary());
    }
    return (g, ns) => parts.every((p) => p(g, ns));
  };
  const unary = (): Expr => {
    if (peek() === '!') {
      next();
      const inner = unary();
      return (g, ns) => !inner(g, ns);
    }
    return primary();
  };
  const primary = (): Expr => {
    const t = next();
    if (t === '(') {
      const inner = or();
      next();
      return inner;
    }
    if (t.startsWith('has(')) {
      const key = t.slice(4, -1).trim();
      return (g) => g(key) !== undefined;
    }
    // in a namespaceSelector, Calico turns all() into "in a namespace" and global() into "in none"
    if (t.startsWith('all(')) return () => true;
    if (t.startsWith('global(')) return (_, ns) => !ns;
    const op = next().replace(/\s+/g, ' ');
    if (op === 'in' || op === 'not in') {
      next();
      const values: string[] = [];
      while (peek() !== '}') {
        const v = next();
        if (v !== ',') values.push(literal(v));
      }
      next();
      return op === 'in' ? (g) => values.includes(g(t) as string) : (g) => !values.includes(g(t) as string);
    }
    const value = literal(next());
    switch (op) {
      case '==':
        return (g) => g(t) === value;
      case '!=':
        return (g) => g(t) !== value;
      case 'contains':
        return (g) => g(t)?.includes(value) ?? false;
      case 'starts with':
        return (g) => g(t)?.startsWith(value) ?? false;
      default:
        return (g) => g(t)?.endsWith(value) ?? false;
    }
  };
  if (tokens.length === 0) return () => true;
  return or();
}

const parsed = new Map<string, Expr>();
function selector(text: string): Expr {
  let e = parsed.get(text);
  if (!e) {
    e = parseSelector(text);
    parsed.set(text, e);
  }
  return e;
}

// ---------------------------------------------------------------------------
// Evaluation

const PROTOCOL_NUMBERS: Record<string, number> = { TCP: 6, UDP: 17, SCTP: 132, ICMP: 1, ICMPv6: 58, UDPLite: 136 };

function protocolNumber(p: string | number): number {
  return typeof p === 'number' ? p : /^\d+$/.test(p) ? Number(p) : PROTOCOL_NUMBERS[p]!;
}

/** A net as Calico reads it (cnet.ParseCIDROrIP, Go's net package): a bare address is a /32 or /128, an IPv4-mapped block the IPv4 block. */
function netRange(c: string) {
  return goCidrRange(c.includes('/') ? c : `${c}/${c.includes(':') ? 128 : 32}`);
}

function inCidrs(address: bigint, cidrs: readonly string[]): boolean {
  return cidrs.some((c) => {
    const r = netRange(c);
    return r !== undefined && r.first <= address && address <= r.last;
  });
}

/** The one IP family a rule matches traffic of (its ipVersion, or its nets' family), or undefined for both. */
function ruleFamily(rule: CalicoRuleSpec): Family | undefined {
  if (rule.ipVersion !== undefined) return rule.ipVersion === 6 ? 'ipv6' : 'ipv4';
  const first = [rule.source, rule.destination].flatMap((e) => [...(e?.nets ?? []), ...(e?.notNets ?? [])])[0];
  return first === undefined ? undefined : netRange(first)?.family;
}

/** An empty list is an omitted field (the API's omitempty). */
function withoutEmptyLists(e: CalicoEntityRuleSpec): CalicoEntityRuleSpec {
  const out: CalicoEntityRuleSpec = { ...e };
  for (const k of ['nets', 'notNets', 'ports', 'notPorts'] as const) if (out[k]?.length === 0) delete out[k];
  return out;
}

/** One policy as a tier orders it. */
interface Entry {
  readonly tier: string;
  readonly order: number;
  /** `name/namespace/kind`, Felix's tie-break. */
  readonly key: string;
  readonly selects: (pod: RefPod) => boolean;
  readonly governs: (direction: 'ingress' | 'egress') => boolean;
  /** The action of the first rule that matches, or undefined. */
  readonly decide: (self: RefPod, direction: 'ingress' | 'egress', peer: Peer, protocol: Protocol, port: number, dstPorts: readonly ContainerPort[] | undefined) => 'Allow' | 'Deny' | 'Pass' | undefined;
}

export interface CalicoOptions {
  readonly includeHostNetwork: boolean;
  readonly podCIDRs: readonly string[];
  readonly defaultNamespace: string;
  /** The IP families analysed. */
  readonly families: () => readonly Family[];
}

export class CalicoReference {
  private readonly tiers: Array<{ name: string; order: number; pass: boolean }> = [];
  private readonly entries: Entry[] = [];
  private readonly rules: CalicoRuleSpec[] = [];
  private readonly serviceAccountLabels = new Map<string, Labels>();

  constructor(
    objects: readonly CalicoObject[],
    networkPolicies: readonly NetworkPolicyObject[],
    private readonly namespaces: ReadonlyMap<string, Labels>,
    private readonly options: CalicoOptions,
  ) {
    const declared = new Map<string, { order: number; pass: boolean }>([
      ['kube-admin', { order: 1000, pass: true }],
      ['default', { order: 1_000_000, pass: false }],
      ['kube-baseline', { order: 10_000_000, pass: true }],
    ]);
    for (const o of objects) {
      if (o.kind === 'Tier') declared.set(o.metadata.name, { order: o.spec.order ?? Number.MAX_VALUE, pass: o.spec.defaultAction === 'Pass' });
      if (o.kind === 'ServiceAccount') this.serviceAccountLabels.set(`${o.metadata.namespace || options.defaultNamespace}/${o.metadata.name}`, o.metadata.labels ?? {});
    }
    for (const o of objects) {
      if (o.kind !== 'NetworkPolicy' && o.kind !== 'GlobalNetworkPolicy') continue;
      const tier = o.spec.tier ?? 'default';
      // a tier nobody declares comes after every other, and drops what it does not decide
      if (!declared.has(tier)) declared.set(tier, { order: Infinity, pass: false });
      const entry = this.calicoEntry(o);
      this.entries.push(entry);
      // the rules of the directions the policy governs (the others are ignored)
      if (entry.governs('ingress')) this.rules.push(...(o.spec.ingress ?? []));
      if (entry.governs('egress')) this.rules.push(...(o.spec.egress ?? []));
    }
    for (const np of networkPolicies) this.entries.push(this.kubernetesEntry(np));
    for (const [name, t] of declared) this.tiers.push({ name, ...t });
    this.tiers.sort((a, b) => (a.order !== b.order ? (a.order < b.order ? -1 : 1) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    this.entries.sort((a, b) => (a.order !== b.order ? (a.order < b.order ? -1 : 1) : a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  private selectable(pod: RefPod): boolean {
    return this.options.includeHostNetwork || !pod.hostNetwork;
  }

  /** Whether some rule matches IPv6 traffic only. */
  namesIPv6(): boolean {
    return this.rules.some((r) => ruleFamily(r) === 'ipv6');
  }

  private namespaceLabels(ns: string): Labels {
    return this.namespaces.get(ns) ?? { [NAMESPACE_NAME_LABEL]: ns };
  }

  private serviceAccountOf(pod: RefPod): string {
    return pod.serviceAccount ?? 'default';
  }

  private readonly labelsOf = new WeakMap<RefPod, (key: string) => string | undefined>();

  /** A pod's labels as Calico's selectors see them. */
  private podLabels(pod: RefPod): (key: string) => string | undefined {
    let f = this.labelsOf.get(pod);
    if (!f) {
      f = this.computePodLabels(pod);
      this.labelsOf.set(pod, f);
    }
    return f;
  }

  private computePodLabels(pod: RefPod): (key: string) => string | undefined {
    const sa = this.serviceAccountOf(pod);
    const own: Labels = { ...pod.labels, 'projectcalico.org/namespace': pod.namespace, 'projectcalico.org/orchestrator': 'k8s' };
    if (sa.length < 63) own['projectcalico.org/serviceaccount'] = sa;
    const parents: Labels = {};
    for (const [k, v] of Object.entries(this.namespaceLabels(pod.namespace))) parents[`pcns.${k}`] = v;
    parents['pcns.projectcalico.org/name'] = pod.namespace;
    for (const [k, v] of Object.entries(this.serviceAccountLabels.get(`${pod.namespace}/${sa}`) ?? {})) parents[`pcsa.${k}`] = v;
    parents['pcsa.projectcalico.org/name'] = sa;
    return (key) => (key in own ? own[key] : key in parents ? parents[key] : undefined);
  }

  // rules.go: a namespaceSelector (serviceAccountSelector) is matched against the endpoint's labels under pcns. (pcsa.),
  // where the pod's own labels stand over those it inherits
  private namespaceSelects(text: string, pod: RefPod): boolean {
    const labels = this.podLabels(pod);
    return selector(text)((k) => labels(`pcns.${k}`), true);
  }

  private serviceAccountSelects(text: string, pod: RefPod, globalPolicy: boolean): boolean {
    const sa = this.serviceAccountOf(pod);
    const labels = this.podLabels(pod);
    const e = selector(text);
    // a GlobalNetworkPolicy's all() in serviceAccountSelector stands for has(projectcalico.org/serviceaccount)
    if (globalPolicy && /all\(/.test(text) && sa.length >= 63) return false;
    return e((k) => labels(`pcsa.${k}`), false);
  }

  /**
   * Whether an EntityRule matches an endpoint (a pod, or an address). A
   * pod's address is known to be in a set only where the set holds every
   * address, or the whole pod network (--pod-cidr); known to be out where it
   * misses the pod network (or, with none given, the private ranges pods
   * use). Elsewhere the remote side is taken not to match, and the pod's own
   * side (`local`) to match an Allow rule and not a Deny's or Pass's.
   */
  private entityMatches(e: CalicoEntityRuleSpec, ns: string | undefined, end: Peer, local: boolean, allow: boolean, family?: Family): boolean {
    // serviceAccounts with neither names nor selector constrains nothing (rules.go parseServiceAccounts)
    const hasSelector = e.selector !== undefined || (e.serviceAccounts !== undefined && ((e.serviceAccounts.names ?? []).length > 0 || e.serviceAccounts.selector !== undefined));
    const scoped = e.namespaceSelector !== undefined || ns !== undefined;
    const positive = hasSelector || (scoped && (e.notSelector !== undefined || e.namespaceSelector !== undefined));
    if (end.kind === 'address') {
      if (positive) return false;
      if (family && familyOf(end.address) !== family) return false;
      if (e.nets && !inCidrs(end.address, e.nets)) return false;
      if (e.notNets && inCidrs(end.address, e.notNets)) return false;
      return true;
    }
    const pod = end.pod;
    if (positive) {
      if (!this.selectable(pod)) return false;
      const labels = this.podLabels(pod);
      if (e.namespaceSelector !== undefined) {
        if (!this.namespaceSelects(e.namespaceSelector, pod)) return false;
      } else if (ns !== undefined && pod.namespace !== ns) {
        return false;
      }
      if (e.selector !== undefined && !selector(e.selector)(labels, false)) return false;
      if (e.serviceAccounts) {
        if (e.serviceAccounts.selector !== undefined && !this.serviceAccountSelects(e.serviceAccounts.selector, pod, false)) return false;
        const names = e.serviceAccounts.names ?? [];
        if (names.length > 0 && !names.includes(labels('projectcalico.org/serviceaccount') as string)) return false;
      }
    }
    if (e.notSelector !== undefined && this.selectable(pod) && selector(e.notSelector)(this.podLabels(pod), false)) return false;
    if (e.nets || e.notNets || family) {
      const where = this.podWhere(pod, e.nets, e.notNets, family);
      if (where === 'out' || (where === 'unknown' && !(local && allow))) return false;
    }
    return true;
  }

  private readonly whereMemo = new Map<string, 'in' | 'out' | 'unknown'>();

  /** Whether a pod's address (of a family, or of each analysed) is in nets and not in notNets, as far as the whole space and the pod network tell. */
  private podWhere(pod: RefPod, nets: readonly string[] | undefined, notNets: readonly string[] | undefined, family: Family | undefined): 'in' | 'out' | 'unknown' {
    const key = `${this.selectable(pod)}|${family ?? '*'}|${(nets ?? ['-']).join(',')}|${(notNets ?? []).join(',')}`;
    let w = this.whereMemo.get(key);
    if (w === undefined) {
      w = this.computeWhere(pod, nets, notNets, family);
      this.whereMemo.set(key, w);
    }
    return w;
  }

  /**
   * In 'in' where the set holds every address of the families analysed, or
   * (off the host network) the whole pod network of each; 'out' where it
   * misses the pod network of each (where none is given, where pods usually
   * live: PRIVATE for IPv4, anywhere for IPv6); 'unknown' otherwise.
   */
  private computeWhere(pod: RefPod, nets: readonly string[] | undefined, notNets: readonly string[] | undefined, family: Family | undefined): 'in' | 'out' | 'unknown' {
    const within = (a: bigint) => (family === undefined || familyOf(a) === family) && (nets === undefined || inCidrs(a, nets)) && !(notNets !== undefined && inCidrs(a, notNets));
    const families = this.options.families();
    const pool = this.options.podCIDRs.map((c) => netRange(c)!).filter((r) => families.includes(r.family));
    const around = families.flatMap((f) => {
      const own = pool.filter((r) => r.family === f);
      if (own.length > 0) return own;
      return f === 'ipv4' ? PRIVATE.map((c) => netRange(c)!) : [SPACE.ipv6];
    });
    // the boundaries of every set involved cut the space into pieces wholly in or out
    const cuts = new Set<bigint>([SPACE.ipv4.first, SPACE.ipv6.first, SPACE.ipv6.last + 1n]);
    for (const r of [...[...(nets ?? []), ...(notNets ?? [])].map((c) => netRange(c)!), ...around]) {
      cuts.add(r.first);
      cuts.add(r.last + 1n);
    }
    const points = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const inside = (lo: bigint, hi: bigint) => points.filter((x, i) => x <= hi && (points[i + 1] ?? SPACE.ipv6.last + 1n) > lo).map((x) => within(x > lo ? x : lo));
    if (families.every((f) => inside(SPACE[f].first, SPACE[f].last).every(Boolean))) return 'in';
    // host-network pods have node addresses: only the whole space is known to hold them
    if (!this.selectable(pod)) return 'out';
    const complete = families.every((f) => pool.some((r) => r.family === f));
    if (complete && pool.flatMap((r) => inside(r.first, r.last)).every(Boolean)) return 'in';
    if (around.flatMap((r) => inside(r.first, r.last)).every((x) => !x)) return 'out';
    return 'unknown';
  }

  private portMatches(list: ReadonlyArray<number | string>, protocol: Protocol, port: number, dstPorts: readonly ContainerPort[] | undefined, named: Protocol | undefined): boolean {
    return list.some((p) => {
      if (typeof p === 'number') return p === port;
      const range = /^(\d+)(?::(\d+))?$/.exec(p);
      if (range) return Number(range[1]) <= port && port <= Number(range[2] ?? range[1]);
      return (dstPorts ?? []).some((c) => c.name === p && c.protocol === protocol && c.port === port && (named === undefined || named === protocol));
    });
  }

  private ruleAction(rule: CalicoRuleSpec, ns: string | undefined, self: RefPod, direction: 'ingress' | 'egress', peer: Peer, protocol: Protocol, port: number, dstPorts: readonly ContainerPort[] | undefined): 'Allow' | 'Deny' | 'Pass' | undefined {
    if (rule.action === 'Log') return undefined;
    const allow = rule.action === 'Allow';
    const source = withoutEmptyLists(rule.source ?? {});
    const destination = withoutEmptyLists(rule.destination ?? {});
    const family = ruleFamily(rule);
    const number = PROTOCOL_NUMBERS[protocol]!;
    if (rule.protocol !== undefined && protocolNumber(rule.protocol) !== number) return undefined;
    if (rule.notProtocol !== undefined && protocolNumber(rule.notProtocol) === number) return undefined;
    const remote = direction === 'ingress' ? source : destination;
    const local = direction === 'ingress' ? destination : source;
    // not modelled: an Allow is taken to match, a Deny or Pass not to
    if (remote.services || source.ports || source.notPorts) {
      if (!allow) return undefined;
    }
    if (remote.services) {
      if (peer.kind === 'address' && family && familyOf(peer.address) !== family) return undefined;
    } else {
      if (remote.namespaceSelector?.trim() === 'global()') return undefined;
      if (!this.entityMatches(remote, ns, peer, false, allow, family)) return undefined;
    }
    if (!this.entityMatches(local, ns, { kind: 'pod', pod: self }, true, allow)) return undefined;
    const named = rule.protocol !== undefined ? (['TCP', 'UDP', 'SCTP'] as const).find((p) => PROTOCOL_NUMBERS[p] === protocolNumber(rule.protocol!)) : undefined;
    if (destination.ports && !this.portMatches(destination.ports, protocol, port, dstPorts, named)) return undefined;
    if (destination.notPorts && this.portMatches(destination.notPorts, protocol, port, dstPorts, undefined)) return undefined;
    return rule.action;
  }

  private calicoEntry(o: CalicoNetworkPolicyObject | GlobalNetworkPolicyObject): Entry {
    const ns = o.kind === 'NetworkPolicy' ? o.metadata.namespace || this.options.defaultNamespace : undefined;
    const spec = o.spec;
    const ingress = spec.ingress ?? [];
    const egress = spec.egress ?? [];
    // the API server defaults types from the rules; Felix takes a stored policy without types (crd.projectcalico.org/v1,
    // written past the API server) to govern both directions
    const defaulted = o.apiVersion === 'projectcalico.org/v3' ? (egress.length === 0 ? ['Ingress'] : ingress.length === 0 ? ['Egress'] : ['Ingress', 'Egress']) : ['Ingress', 'Egress'];
    const types = spec.types && spec.types.length > 0 ? spec.types : defaulted;
    const globalPolicy = ns === undefined;
    return {
      tier: spec.tier ?? 'default',
      order: spec.order ?? Infinity,
      key: `${o.metadata.name}/${ns ?? ''}/${o.kind}`,
      selects: (pod) => {
        if (!this.selectable(pod)) return false;
        if (ns !== undefined && pod.namespace !== ns) return false;
        if (spec.namespaceSelector !== undefined && !this.namespaceSelects(spec.namespaceSelector, pod)) return false;
        if (spec.serviceAccountSelector !== undefined && !this.serviceAccountSelects(spec.serviceAccountSelector, pod, globalPolicy)) return false;
        return selector(spec.selector ?? '')(this.podLabels(pod), false);
      },
      governs: (d) => types.includes(d === 'ingress' ? 'Ingress' : 'Egress'),
      decide: (self, direction, peer, protocol, port, dstPorts) => {
        for (const rule of direction === 'ingress' ? ingress : egress) {
          const a = this.ruleAction(rule, ns, self, direction, peer, protocol, port, dstPorts);
          if (a) return a;
        }
        return undefined;
      },
    };
  }

  // --- Kubernetes NetworkPolicies, with Kubernetes' own peer and port rules -------------

  private knpPeer(np: NetworkPolicyObject, p: NetworkPolicyPeerSpec, peer: Peer): boolean {
    if (p.ipBlock) {
      // Calico converts an ipBlock to the rule's nets (its except to notNets), which match pods' addresses too:
      // a pod is in where the block is known to hold it, as for nets on the remote side
      if (peer.kind === 'pod') return this.podWhere(peer.pod, [p.ipBlock.cidr], p.ipBlock.except?.length ? p.ipBlock.except : undefined, undefined) === 'in';
      return inCidrs(peer.address, [p.ipBlock.cidr]) && !inCidrs(peer.address, p.ipBlock.except ?? []);
    }
    if (peer.kind !== 'pod' || !this.selectable(peer.pod)) return false;
    // Calico converts the namespaceSelector to one over pcns. labels, which the pod's own stand over
    const inherited = (): Labels => {
      const labels = this.podLabels(peer.pod);
      const keys = [...Object.keys(this.namespaceLabels(peer.pod.namespace)), ...Object.keys(peer.pod.labels).filter((k) => k.startsWith('pcns.')).map((k) => k.slice(5))];
      const out: Labels = {};
      for (const k of keys) out[k] = labels(`pcns.${k}`)!;
      return out;
    };
    const nsOk = p.namespaceSelector ? selectorMatches(p.namespaceSelector, inherited()) : peer.pod.namespace === np.metadata.namespace;
    return nsOk && selectorMatches(p.podSelector as LabelSelector | undefined, peer.pod.labels);
  }

  private knpPort(spec: NetworkPolicyPortSpec, protocol: Protocol, port: number, dstPorts: readonly ContainerPort[] | undefined): boolean {
    if ((spec.protocol ?? 'TCP') !== protocol) return false;
    if (spec.port === undefined) return true;
    if (typeof spec.port === 'number') return spec.endPort === undefined ? port === spec.port : spec.port <= port && port <= spec.endPort;
    return (dstPorts ?? []).some((c) => c.name === spec.port && c.protocol === protocol && c.port === port);
  }

  private kubernetesEntry(np: NetworkPolicyObject): Entry {
    const types = policyTypes(np);
    return {
      tier: 'default',
      order: 1000,
      key: `${np.metadata.name}/${np.metadata.namespace}/KubernetesNetworkPolicy`,
      selects: (pod) => this.selectable(pod) && pod.namespace === np.metadata.namespace && selectorMatches(np.spec.podSelector, pod.labels),
      governs: (d) => types.includes(d),
      decide: (_, direction, peer, protocol, port, dstPorts) => {
        for (const rule of np.spec[direction] ?? []) {
          const peers = (direction === 'ingress' ? rule.from : rule.to) ?? [];
          if (peers.length > 0 && !peers.some((p) => this.knpPeer(np, p, peer))) continue;
          const ports = rule.ports ?? [];
          if (ports.length > 0 && !ports.some((p) => this.knpPort(p, protocol, port, dstPorts))) continue;
          return 'Allow';
        }
        return undefined;
      },
    };
  }

  // --- one direction -----------------------------------------------------------------

  directionAllows(self: RefPod, direction: 'ingress' | 'egress', peer: Peer, dstPorts: readonly ContainerPort[] | undefined): (protocol: Protocol, port: number) => boolean {
    const applicable = this.entries.filter((e) => e.governs(direction) && e.selects(self));
    // names resolve on the destination's workload endpoint, which holds the ports of its init containers too
    const destination = direction === 'ingress' ? self : peer.kind === 'pod' ? peer.pod : undefined;
    const endpointPorts = destination && dstPorts ? endpointPortsOf(destination) : dstPorts;
    return (protocol, port) => {
      for (const tier of this.tiers) {
        const policies = applicable.filter((e) => e.tier === tier.name);
        if (policies.length === 0) continue;
        let verdict: 'Allow' | 'Deny' | 'Pass' | undefined;
        for (const p of policies) {
          verdict = p.decide(self, direction, peer, protocol, port, endpointPorts);
          if (verdict) break;
        }
        if (verdict === 'Allow') return true;
        if (verdict === 'Deny') return false;
        if (verdict === 'Pass' || tier.pass) continue;
        return false;
      }
      return true;
    };
  }
}

/**
 * The named ports of a pod's workload endpoint: libcalico-go's conversion
 * appends the ports of pod.Spec.Containers, then those of every
 * pod.Spec.InitContainers (native sidecar or not), and keeps each, so a
 * name several containers declare has each of its numbers (felix
 * named_port_index.go LookupNamedPorts collects every match).
 */
function endpointPortsOf(pod: RefPod): readonly ContainerPort[] {
  return pod.initPorts ? [...pod.ports, ...pod.initPorts] : pod.ports;
}

/** Ports and CIDRs the Calico objects mention, for the sample points. */
export function calicoSamplePorts(objects: readonly { kind: string; apiVersion: string }[]): number[] {
  const out: number[] = [];
  for (const o of objects) {
    if (!isCalicoObject(o) || (o.kind !== 'NetworkPolicy' && o.kind !== 'GlobalNetworkPolicy')) continue;
    for (const rule of [...(o.spec.ingress ?? []), ...(o.spec.egress ?? [])]) {
      for (const p of [...(rule.destination?.ports ?? []), ...(rule.destination?.notPorts ?? [])]) {
        if (typeof p === 'number') out.push(p);
        const m = /^(\d+)(?::(\d+))?$/.exec(String(p));
        if (m) out.push(Number(m[1]), Number(m[2] ?? m[1]));
      }
    }
  }
  return out;
}

export function calicoSampleCidrs(objects: readonly { kind: string; apiVersion: string }[]): string[] {
  const out: string[] = [];
  for (const o of objects) {
    if (!isCalicoObject(o) || (o.kind !== 'NetworkPolicy' && o.kind !== 'GlobalNetworkPolicy')) continue;
    for (const rule of [...(o.spec.ingress ?? []), ...(o.spec.egress ?? [])]) {
      for (const e of [rule.source, rule.destination]) for (const c of [...(e?.nets ?? []), ...(e?.notNets ?? [])]) out.push(c.includes('/') ? c : `${c}/32`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------
// Random Calico objects

const POD_KEYS = ['app', 'tier', 'env'];
const NS_KEYS = ['team', 'env'];
const VALUES = ['x', 'y', 'z'];
const SERVICE_ACCOUNTS = ['default', 'sa1', 'sa2'];
const PORT_NAMES = ['http', 'dns', 'metrics', 'grpc'];
const PORTS = [1, 53, 80, 443, 8080, 8081, 9090, 65535];
const CIDRS = ['0.0.0.0/0', '10.0.0.0/8', '10.1.0.0/16', '10.1.2.0/24', '10.1.2.3/32', '172.16.0.0/12', '192.168.0.0/16', '8.8.8.0/24', '128.0.0.0/1', '10.244.0.0/16', '8.8.8.8'];
const NOT_CIDRS = [...CIDRS.filter((c) => c !== '0.0.0.0/0'), '::ffff:10.0.0.0/104'];
/** IPv6 nets: blocks, a bare address, and the IPv4-mapped form among the IPv4 ones above (Go reads it as 10.0.0.0/8). */
const CIDRS6 = ['::/0', '2001:db8::/32', '2001:db8::1', 'fd00::/8', 'fd00:10::/56', '64:ff9b::8.8.8.0/120'];
const NOT_CIDRS6 = CIDRS6.filter((c) => c !== '::/0');
const TIER_NAMES = ['security', 'platform', 'apps'];
/** Where pods live when no pod network is given: RFC 1918, the shared address space, 198.18.0.0/15 and 240.0.0.0/4. */
const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '198.18.0.0/15', '240.0.0.0/4'];

/** A v3 policy's nets as CIDRs: the v3 validator takes no bare address (the storage form's, which Felix reads as one host). */
function v3Nets(spec: CalicoPolicySpec): void {
  const host = (c: string) => (c.includes('/') ? c : `${c}/${c.includes(':') ? 128 : 32}`);
  for (const rule of [...(spec.ingress ?? []), ...(spec.egress ?? [])]) {
    for (const e of [rule.source, rule.destination]) {
      if (e?.nets) e.nets = e.nets.map(host);
      if (e?.notNets) e.notNets = e.notNets.map(host);
    }
  }
}

/** The generator of Calico objects, over the namespaces of a random cluster. */
export class CalicoGenerator {
  constructor(
    private readonly r: Rng,
    private readonly namespaces: readonly string[],
    /** The share of rules whose nets are IPv6. */
    private readonly ipv6 = 0,
  ) {}

  private q(v: string): string {
    return this.r.chance(0.5) ? `'${v}'` : `"${v}"`;
  }

  /** A label a pod may give itself under the prefixes of those Calico gives it from its namespace (pcns.) and service account (pcsa.). */
  inheritedLabel(): Labels {
    const r = this.r;
    switch (r.int(0, 3)) {
      case 0:
        return { [`pcns.${r.pick(NS_KEYS)}`]: r.pick(VALUES) };
      case 1:
        return { [`pcns.${r.pick(['projectcalico.org/name', 'kubernetes.io/metadata.name'])}`]: r.pick(this.namespaces) };
      case 2:
        return { 'pcsa.role': r.pick(VALUES) };
      default:
        return { 'pcsa.projectcalico.org/name': r.pick(SERVICE_ACCOUNTS) };
    }
  }

  /** An operation over pod labels (and now and then Calico's own and inherited ones). */
  private atom(): string {
    const r = this.r;
    const k = r.pick(POD_KEYS);
    const v = r.pick(VALUES);
    switch (r.int(0, 14)) {
      case 0:
        return `${k} != ${this.q(v)}`;
      case 1:
        return `has(${k})`;
      case 2:
        return `!has(${k})`;
      case 3:
        return `${k} in {${r.some(VALUES, 0, 2).map((x) => this.q(x)).join(', ')}}`;
      case 4:
        return `${k} not in {${r.some(VALUES, 1, 2).map((x) => this.q(x)).join(', ')}}`;
      case 5:
        return `${k} ${r.pick(['contains', 'starts with', 'ends with'])} ${this.q(r.pick(['x', 'y', '']))}`;
      case 6:
        return 'all()';
      case 7:
        return `projectcalico.org/namespace == ${this.q(r.pick(this.namespaces))}`;
      case 8:
        return `pcns.${r.pick(NS_KEYS)} == ${this.q(v)}`;
      case 9:
        return `projectcalico.org/serviceaccount == ${this.q(r.pick(SERVICE_ACCOUNTS))}`;
      case 10:
        return `pcsa.role == ${this.q(v)}`;
      case 11:
        return `projectcalico.org/orchestrator == 'k8s'`;
      default:
        return `${k} == ${this.q(v)}`;
    }
  }

  /** A selector in Calico's language: operations joined by &&, ||, !, parentheses. */
  selector(depth = 0): string {
    const r = this.r;
    if (depth > 1 || r.chance(0.5)) return this.atom();
    switch (r.int(0, 2)) {
      case 0:
        return `${this.selector(depth + 1)} && ${this.selector(depth + 1)}`;
      case 1:
        return `(${this.selector(depth + 1)} || ${this.selector(depth + 1)})`;
      default:
        return `!(${this.selector(depth + 1)})`;
    }
  }

  namespaceSelector(): string {
    const r = this.r;
    switch (r.int(0, 4)) {
      case 0:
        return 'all()';
      case 1:
        return `projectcalico.org/name == ${this.q(r.pick(this.namespaces))}`;
      case 2:
        return `kubernetes.io/metadata.name in {${r.some(this.namespaces, 1, 2).map((n) => this.q(n)).join(', ')}}`;
      default:
        return `${r.pick(NS_KEYS)} ${r.pick(['==', '!='])} ${this.q(r.pick(VALUES))}${r.chance(0.3) ? ` || has(${r.pick(NS_KEYS)})` : ''}`;
    }
  }

  private ports(numeric: boolean): Array<number | string> {
    const r = this.r;
    return r.times(1, 3, () => {
      if (!numeric || r.chance(0.3)) return r.pick(PORT_NAMES);
      const p = r.pick(PORTS);
      return r.chance(0.3) ? `${p}:${Math.min(65535, p + r.pick([0, 1, 100, 10000]))}` : r.chance(0.5) ? p : String(p);
    });
  }

  /** One side of a rule; `v6`: its nets are IPv6 (a rule keeps to one family). */
  private entity(remote: boolean, withProtocol: boolean, egress: boolean, v6: boolean): CalicoEntityRuleSpec {
    const r = this.r;
    const e: CalicoEntityRuleSpec = {};
    if (r.chance(remote ? 0.45 : 0.2)) e.selector = this.selector();
    if (r.chance(remote ? 0.2 : 0.1)) e.notSelector = this.selector(1);
    if (r.chance(remote ? 0.25 : 0.1)) e.namespaceSelector = remote && r.chance(0.05) ? 'global()' : this.namespaceSelector();
    if (r.chance(0.2)) e.nets = r.some(v6 ? CIDRS6 : CIDRS, 1, 2);
    if (r.chance(0.15)) e.notNets = r.some(v6 ? NOT_CIDRS6 : NOT_CIDRS, 1, 2);
    if (r.chance(0.08)) e.serviceAccounts = { ...(r.chance(0.7) ? { names: r.some(SERVICE_ACCOUNTS, 1, 2) } : {}), ...(r.chance(0.5) ? { selector: `role == ${this.q(r.pick(VALUES))}` } : {}) };
    if (remote && egress && r.chance(0.03) && !e.selector && !e.notSelector && !e.namespaceSelector && !e.nets && !e.notNets && !e.serviceAccounts) {
      e.services = { name: 'svc', namespace: r.pick(this.namespaces) };
    }
    // destination ports only on the side that holds them
    if (!e.services && (egress ? remote : !remote)) {
      if (r.chance(0.35)) e.ports = this.ports(withProtocol);
      if (r.chance(0.15)) e.notPorts = this.ports(withProtocol);
    }
    return e;
  }

  rule(direction: 'ingress' | 'egress'): CalicoRuleSpec {
    const r = this.r;
    const action = r.pick(['Allow', 'Allow', 'Allow', 'Deny', 'Deny', 'Pass', 'Log'] as const);
    const rule: CalicoRuleSpec = { action };
    const protocol = r.chance(0.45) ? r.pick<string | number>(['TCP', 'UDP', 'SCTP', 'TCP', 6, '17', 'ICMP', 47]) : undefined;
    if (protocol !== undefined) rule.protocol = protocol;
    else if (r.chance(0.15)) rule.notProtocol = r.pick(['TCP', 'UDP', 'ICMP']);
    const ports = protocol !== undefined && ['TCP', 'UDP', 'SCTP', 6, '17'].includes(protocol);
    const egress = direction === 'egress';
    const v6 = this.ipv6 > 0 && r.chance(this.ipv6);
    const source = this.entity(!egress, ports, egress, v6);
    const destination = this.entity(egress, ports, egress, v6);
    // numeric ports need a port protocol, and any port a protocol that has them
    for (const e of [source, destination]) {
      if (protocol !== undefined && !ports) {
        delete e.ports;
        delete e.notPorts;
      }
    }
    if (r.chance(0.03)) source.ports = ports ? [r.pick(PORTS)] : [r.pick(PORT_NAMES)];
    if (protocol !== undefined && !ports) {
      delete source.ports;
    }
    const family = [source, destination].flatMap((e) => [...(e.nets ?? []), ...(e.notNets ?? [])]);
    // ICMP (as protocol or notProtocol) goes with IPv4 only
    const icmp = protocol === 'ICMP' || rule.notProtocol === 'ICMP';
    if (r.chance(this.ipv6 > 0 ? 0.08 : 0.03) && family.length === 0) rule.ipVersion = icmp ? 4 : r.pick([4, 6]);
    // a matching ipVersion beside nets is valid too
    if (r.chance(0.05) && family.length > 0 && !(icmp && v6)) rule.ipVersion = v6 ? 6 : 4;
    if (Object.keys(source).length > 0) rule.source = source;
    if (Object.keys(destination).length > 0) rule.destination = destination;
    if (action === 'Allow' && direction === 'ingress' && (protocol === undefined || protocol === 'TCP' || protocol === 6) && r.chance(0.03)) rule.http = { methods: ['GET'] };
    return rule;
  }

  policy(name: string, global: boolean, tiers: readonly string[]): CalicoNetworkPolicyObject | GlobalNetworkPolicyObject {
    const r = this.r;
    const spec: CalicoPolicySpec = {};
    const tier = r.chance(0.45) ? 'default' : r.chance(0.85) && tiers.length > 0 ? r.pick(tiers) : r.pick(['kube-admin', 'kube-baseline', 'undeclared']);
    if (tier !== 'default' || r.chance(0.3)) spec.tier = tier;
    if (r.chance(0.75)) spec.order = r.pick([1, 100, 500, 999, 1000, 1000, 1001, 2000, 100.5]);
    if (r.chance(0.8)) spec.selector = this.selector();
    if (global && r.chance(0.3)) spec.namespaceSelector = this.namespaceSelector();
    if (r.chance(0.1)) spec.serviceAccountSelector = r.chance(0.3) ? 'all()' : `role == ${this.q(r.pick(VALUES))}`;
    if (r.chance(0.4)) spec.types = r.pick([['Ingress'], ['Egress'], ['Ingress', 'Egress']]);
    for (const direction of ['ingress', 'egress'] as const) {
      if (r.chance(0.3)) continue;
      spec[direction] = r.times(0, 3, () => this.rule(direction));
    }
    const apiVersion = r.chance(0.1) ? ('crd.projectcalico.org/v1' as const) : ('projectcalico.org/v3' as const);
    if (apiVersion === 'projectcalico.org/v3') v3Nets(spec);
    return global
      ? { apiVersion, kind: 'GlobalNetworkPolicy', metadata: { name }, spec }
      : { apiVersion, kind: 'NetworkPolicy', metadata: { name, namespace: r.pick(this.namespaces) }, spec };
  }

  tier(name: string): TierObject {
    const r = this.r;
    return {
      apiVersion: 'projectcalico.org/v3',
      kind: 'Tier',
      metadata: { name },
      spec: { ...(r.chance(0.8) ? { order: r.pick([50, 100, 100, 2_000_000, 999_999, 1_000_000]) } : {}), ...(r.chance(0.6) ? { defaultAction: r.pick(['Deny', 'Pass'] as const) } : {}) },
    };
  }

  serviceAccount(namespace: string, name: string): ServiceAccountObject {
    return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace, labels: { role: this.r.pick(VALUES) } } };
  }

  /** Tiers, Calico policies (names with and without a dot, so that ties sort by more than the name), service accounts. */
  objects(): CalicoObject[] {
    const r = this.r;
    const tiers = r.some(TIER_NAMES, 0, 3);
    const out: CalicoObject[] = tiers.map((t) => this.tier(t));
    const count = r.int(1, 5);
    for (let i = 0; i < count; i++) out.push(this.policy(r.chance(0.2) ? `p.c${i}` : `c${i}`, r.chance(0.4), tiers));
    for (const ns of this.namespaces) for (const sa of SERVICE_ACCOUNTS.slice(1)) if (r.chance(0.3)) out.push(this.serviceAccount(ns, sa));
    return out;
  }

  /** A random service account for a pod spec, or none (the pod runs as default). */
  serviceAccountName(): string | undefined {
    return this.r.chance(0.5) ? this.r.pick(SERVICE_ACCOUNTS) : undefined;
  }

  /** Now and then an init container that names ports, a native sidecar or one that runs to completion; names may repeat the containers'. */
  initContainers(): PodSpec['initContainers'] {
    const r = this.r;
    if (!r.chance(0.25)) return undefined;
    const ports = r.some(PORT_NAMES, 1, 2).map((name) => ({ name, containerPort: r.pick(PORTS), ...(r.chance(0.3) ? { protocol: r.pick(['TCP', 'UDP', 'SCTP']) } : {}) }));
    return [{ name: 'init', image: 'example', ...(r.chance(0.3) ? { restartPolicy: 'Always' } : {}), ports }];
  }

  /** One edit of the Calico objects of a cluster, described. */
  mutate(objects: Array<K8sObject | CalicoObject>): string {
    const r = this.r;
    const calico = objects.map((o, i) => ({ o, i })).filter((x) => x.o.kind === 'GlobalNetworkPolicy' || (x.o.kind === 'NetworkPolicy' && isCalicoObject(x.o)));
    const tiers = objects.filter((o): o is TierObject => o.kind === 'Tier');
    switch (r.int(0, 6)) {
      case 0: {
        const name = `cm${objects.length}`;
        objects.push(this.policy(name, r.chance(0.5), tiers.map((t) => t.metadata.name)));
        return `added Calico policy ${name}`;
      }
      case 1: {
        if (calico.length === 0) return 'nothing';
        const x = r.pick(calico);
        objects.splice(x.i, 1);
        return `removed Calico policy ${x.o.metadata.name}`;
      }
      case 2: {
        if (tiers.length === 0) return 'nothing';
        const t = r.pick(tiers);
        t.spec = this.tier(t.metadata.name).spec;
        return `tier ${t.metadata.name} set to ${JSON.stringify(t.spec)}`;
      }
      case 3: {
        if (calico.length === 0) return 'nothing';
        const p = r.pick(calico).o as CalicoNetworkPolicyObject;
        p.spec.order = r.pick([1, 999, 1000, 1001, 5000]);
        return `order of ${p.metadata.name} set to ${p.spec.order}`;
      }
      case 4: {
        const sa = objects.filter((o): o is ServiceAccountObject => o.kind === 'ServiceAccount');
        if (sa.length === 0) return 'nothing';
        const s = r.pick(sa);
        s.metadata.labels = { role: r.pick(VALUES) };
        return `labels of service account ${s.metadata.name} set to ${JSON.stringify(s.metadata.labels)}`;
      }
      default: {
        if (calico.length === 0) return 'nothing';
        const p = r.pick(calico).o as CalicoNetworkPolicyObject;
        const direction = r.pick(['ingress', 'egress'] as const);
        const rules = (p.spec[direction] ??= []);
        const k = r.int(0, rules.length);
        if (k < rules.length && r.chance(0.5)) rules.splice(k, 1);
        else rules.splice(k, k < rules.length ? 1 : 0, this.rule(direction));
        if (p.apiVersion === 'projectcalico.org/v3') v3Nets(p.spec);
        return `edited ${direction} rule ${k} of ${p.metadata.name}`;
      }
    }
  }
}
