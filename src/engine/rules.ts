import { ConnectionSet } from '../model/connections.js';
import type { Protocol } from '../model/connections.js';
import type { SourceRef } from '../model/diagnostics.js';
import * as iv from '../model/intervals.js';
import type { AddressSet } from '../model/addresses.js';
import * as addr from '../model/addresses.js';
import type { ContainerPort, PortExpression, RulePort } from '../model/cluster.js';
import type { Action, ClassMatch, Direction, KindedPolicy, PortNames, RuleDoubt, Tier } from '../policy/kind.js';

export type { Action, ClassMatch, Direction } from '../policy/kind.js';
export { MATCH_NO_CLASS } from '../policy/kind.js';

/** Where a rule comes from, for explanations. */
export interface RuleOrigin {
  readonly policyKind: string;
  /** `ns/name` for a namespaced policy, the name for cluster-scoped ones. */
  readonly policy: string;
  readonly direction: Direction;
  readonly index: number;
  /** The rule's name, for kinds that name rules. */
  readonly name?: string;
  readonly priority?: number;
  /** What the rule filters beyond L3/L4 (see RuleSpec.note). */
  readonly note?: string;
  readonly source: SourceRef;
  /** The policy (with its kind) and rule as read, to compare states. */
  readonly model: { readonly policy: KindedPolicy; readonly rule: object };
}

export function classMatchHas(m: ClassMatch, cls: number, selectable: boolean): boolean {
  if (m.kind === 'all') return true;
  if (m.kind === 'selectable') return selectable;
  const a = m.classes;
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = a[mid]!;
    if (v === cls) return true;
    if (v < cls) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** A named-port map of a destination: name -> (protocol, port) pairs. */
export interface PortMap {
  readonly id: number;
  readonly ports: readonly ContainerPort[];
  /** The named ports of its init containers that are not native sidecars, where it has any (PodTemplate.initPorts): Calico resolves names on them too. */
  readonly initPorts?: readonly ContainerPort[];
}

/** The port map of pods that name no port (id 0). */
export const EMPTY_PORTS: PortMap = { id: 0, ports: [] };

type NamedPort = { readonly name: string; readonly protocol: Protocol | undefined };

/** A port list split into its numbers (as connections) and its names. */
function splitPorts(ports: readonly RulePort[]): { numeric: ConnectionSet; named: NamedPort[] } {
  let numeric = ConnectionSet.NONE;
  const named: NamedPort[] = [];
  for (const p of ports) {
    if (p.kind === 'all') numeric = numeric.union(ConnectionSet.ports(p.protocol));
    else if (p.kind === 'numbers') numeric = numeric.union(ConnectionSet.ports(p.protocol, p.from, p.to));
    else named.push({ name: p.name, protocol: p.protocol });
  }
  return { numeric, named };
}

/**
 * The named ports Cilium's agent gives a pod's endpoint: those of its
 * containers, not of its init containers (native sidecars included), and
 * for a name that several containers declare, the last one's port, in its
 * protocol (cilium/cilium pkg/k8s GetPodMetadata reads pod.Spec.Containers
 * in order; pkg/policy/types NamedPortMap.AddPort sets npm[name], so a later
 * port of a name replaces an earlier one; issue #15070).
 */
export function ciliumNamedPorts(ports: readonly ContainerPort[]): ContainerPort[] {
  const byName = new Map<string, ContainerPort>();
  for (const p of ports) if (p.name !== undefined && p.sidecar !== true) byName.set(p.name, p);
  return [...byName.values()];
}

/** Each port map's named ports as Cilium's agent sees them, made once. */
const ciliumViews = new WeakMap<PortMap, readonly ContainerPort[]>();

function ciliumView(dst: PortMap): readonly ContainerPort[] {
  let view = ciliumViews.get(dst);
  if (!view) {
    view = ciliumNamedPorts(dst.ports);
    ciliumViews.set(dst, view);
  }
  return view;
}

/**
 * The named ports Calico resolves a policy's port names on: those of every
 * container of the pod, init containers included, whether native sidecars
 * or not (libcalico-go lib/backend/k8s/conversion/workload_endpoint_default.go
 * maps the ports of pod.Spec.Containers and pod.Spec.InitContainers onto
 * the workload endpoint, appendEndpointPorts), each kept: a name several
 * containers declare matches each of its numbers (felix/labelindex
 * named_port_index.go, LookupNamedPorts returns every port of the name).
 */
function calicoView(dst: PortMap): readonly ContainerPort[] {
  return dst.initPorts ? [...dst.ports, ...dst.initPorts] : dst.ports;
}

/** The connections of some port names on a destination's container ports. */
function resolveNamed(named: readonly NamedPort[], ports: readonly ContainerPort[]): ConnectionSet {
  const parts: Partial<Record<Protocol, Array<[number, number]>>> = {};
  for (const n of named) {
    for (const cp of ports) {
      if (cp.name === n.name && (n.protocol === undefined || cp.protocol === n.protocol)) (parts[cp.protocol] ??= []).push([cp.port, cp.port]);
    }
  }
  return ConnectionSet.of({
    SCTP: iv.fromIntervals(parts.SCTP ?? []),
    TCP: iv.fromIntervals(parts.TCP ?? []),
    UDP: iv.fromIntervals(parts.UDP ?? []),
  });
}

interface PortParts {
  /** The numbers of the included ports less those excluded; with no names, the whole match. */
  readonly numeric: ConnectionSet;
  readonly named: readonly NamedPort[];
  /** Numbers and names taken out (Calico's notPorts). */
  readonly excludedNumeric: ConnectionSet;
  readonly excludedNamed: readonly NamedPort[];
}

/** The ports of a rule; named ports resolve on each destination. Both states of a diff share most rules' port lists. */
const portParts = new WeakMap<object, PortParts>();

function partsOf(ports: readonly RulePort[] | PortExpression): PortParts {
  let parts = portParts.get(ports);
  if (!parts) {
    if ('include' in ports) {
      const include = ports.include === 'all' ? { numeric: ConnectionSet.ALL, named: [] } : splitPorts(ports.include);
      const exclude = splitPorts(ports.exclude);
      parts = { numeric: include.numeric.subtract(exclude.numeric), named: include.named, excludedNumeric: exclude.numeric, excludedNamed: exclude.named };
    } else {
      const { numeric, named } = splitPorts(ports);
      parts = { numeric, named, excludedNumeric: ConnectionSet.NONE, excludedNamed: [] };
    }
    portParts.set(ports, parts);
  }
  return parts;
}

const ALL_PORTS: PortParts = { numeric: ConnectionSet.ALL, named: [], excludedNumeric: ConnectionSet.NONE, excludedNamed: [] };

export class PortMatcher {
  /** The port numbers matched, where no port names are involved (hasNamed false). */
  readonly numeric: ConnectionSet;
  readonly named: readonly NamedPort[];
  private readonly parts: PortParts;
  private resolved: Map<number, ConnectionSet> | undefined;

  constructor(
    ports: readonly RulePort[] | 'all' | PortExpression,
    private readonly names: PortNames = 'declared',
  ) {
    this.parts = ports === 'all' ? ALL_PORTS : partsOf(ports);
    this.numeric = this.parts.numeric;
    this.named = this.parts.named;
  }

  get hasNamed(): boolean {
    return this.parts.named.length > 0 || this.parts.excludedNamed.length > 0;
  }

  /** The connections on a destination with these container ports; externals have none. */
  on(dst: PortMap): ConnectionSet {
    if (!this.hasNamed) return this.numeric;
    this.resolved ??= new Map();
    let r = this.resolved.get(dst.id);
    if (r === undefined) {
      const p = this.parts;
      const declared = this.names === 'cilium' ? ciliumView(dst) : this.names === 'calico' ? calicoView(dst) : dst.ports;
      r = p.named.length === 0 ? p.numeric : p.numeric.union(resolveNamed(p.named, declared).subtract(p.excludedNumeric));
      if (p.excludedNamed.length > 0) r = r.subtract(resolveNamed(p.excludedNamed, declared));
      this.resolved.set(dst.id, r);
    }
    return r;
  }
}

/** A policy rule compiled against one cluster: peers resolved to classes and addresses. */
export interface CompiledRule {
  readonly id: number;
  readonly tier: Tier;
  /** The order of its policy in the tier (priority). */
  readonly order: number;
  readonly action: Action;
  readonly origin: RuleOrigin;
  readonly direction: Direction;
  readonly classes: ClassMatch;
  readonly addresses: AddressSet;
  readonly ports: PortMatcher;
  /** What the rule filters beyond L3/L4 (see RuleSpec.note). */
  readonly note?: string;
  /** Where its peers are not modelled exactly (see RuleSpec.doubt). */
  readonly doubt?: RuleDoubt;
}

/** The rules of one tier that apply to a class in one direction, in evaluation order. */
export interface TierRules {
  readonly tier: Tier;
  /** First-match tiers: policy order, then rule order. Union tiers: Deny rules first, then Allow rules. */
  readonly rules: readonly CompiledRule[];
  /** Some policy of the tier isolates the class: what no rule decided meets the tier's end action. */
  readonly isolated: boolean;
}

/** A policy that holds a class as subject in a direction. */
export interface HoldingPolicy {
  readonly kind: string;
  /** `ns/name` or `name`. */
  readonly id: string;
  readonly isolates: boolean;
}

/** What applies to one workload class in one direction: its tiers in evaluation order. */
export interface DirectionPolicy {
  readonly tiers: readonly TierRules[];
  /** Some policy isolates the class: traffic no rule allows is denied. */
  readonly isolated: boolean;
  /** Policies whose subject holds the class, for explanations. */
  readonly policies: readonly HoldingPolicy[];
}

export const OPEN_DIRECTION: DirectionPolicy = { tiers: [], isolated: false, policies: [] };

/**
 * Whether a direction denies by default what no rule allows: some tier
 * isolates it and denies what its rules left undecided, and no rule of that
 * tier passes every connection of every peer on (a Calico policy ending in
 * `- action: Pass`, which hands what it has not decided to the next tier,
 * so that nothing meets this tier's end). Kubernetes' own sense is kept
 * otherwise: a policy that allows everything still isolates.
 */
export function deniesByDefault(policy: DirectionPolicy): boolean {
  return policy.tiers.some(
    (t) =>
      t.isolated &&
      t.tier.endAction === 'deny' &&
      !t.rules.some((r) => r.action === 'pass' && r.classes.kind === 'all' && addr.covers(r.addresses, addr.ALL) && r.ports.on(EMPTY_PORTS).isAll() && r.doubt === undefined),
  );
}

/** A port by name on a destination that does not declare it yet (a pod the manifests do not hold); protocol undefined: any. */
export interface NamedPortToken {
  readonly protocol: Protocol | undefined;
  readonly name: string;
}

/** Whether a rule's ports take in a port name: the name itself, or every port of its protocol. */
function coversName(rule: CompiledRule, token: NamedPortToken): boolean {
  if (token.protocol !== undefined && iv.covers(rule.ports.numeric.get(token.protocol), iv.interval(1, 65535))) return true;
  return rule.ports.named.some((n) => n.name === token.name && n.protocol === token.protocol);
}

/**
 * Whether one direction allows a port name, as `evaluate` decides a port:
 * for a destination that would declare the name (a representative of pods
 * the manifests do not hold), so that the rules that name it decide it.
 */
export function allowsName(policy: DirectionPolicy, matches: (rule: CompiledRule) => boolean, token: NamedPortToken): boolean {
  for (const t of policy.tiers) {
    let passed = false;
    let decided = false;
    if (t.tier.combine === 'first-match') {
      for (const rule of t.rules) {
        if (!matches(rule) || !coversName(rule, token)) continue;
        if (rule.action === 'allow') return true;
        if (rule.action === 'deny') return false;
        passed = true;
        decided = true;
        break;
      }
    } else {
      let allowed = false;
      for (const rule of t.rules) {
        if (!matches(rule) || !coversName(rule, token)) continue;
        if (rule.action === 'deny') return false;
        allowed = true;
      }
      if (allowed) return true;
    }
    if (!decided && t.isolated && t.tier.endAction === 'deny') return false;
    if (passed) continue;
  }
  return true;
}

/** One rule's effect on a connection, as an explanation reports it. */
export interface Decision {
  /** The rule, or undefined for the default (no policy isolates this end). */
  readonly rule?: CompiledRule;
  readonly action: Action;
  readonly ports: ConnectionSet;
}

/**
 * The connections one direction allows to/from a peer, given which rules
 * match the peer. Tiers run in order. In a first-match tier, a rule decides
 * the ports it matches that no earlier rule decided: Allow and Deny finally,
 * Pass hands them over to the next tier. In a union tier, Deny rules take
 * their ports first, and every Allow rule allows its ports of the rest.
 * Where a tier isolates the class, what no rule decided meets the tier's end
 * action (deny, or pass on); after the last tier, what is left is allowed.
 * With `decisions`, records which rule decided which ports.
 */
export function evaluate(
  policy: DirectionPolicy,
  matches: (rule: CompiledRule) => boolean,
  dst: PortMap,
  decisions?: Decision[],
): ConnectionSet {
  let allowed = ConnectionSet.NONE;
  let undecided = ConnectionSet.ALL;
  for (const t of policy.tiers) {
    if (undecided.isEmpty()) break;
    let passed = ConnectionSet.NONE;
    if (t.tier.combine === 'first-match') {
      for (const rule of t.rules) {
        if (undecided.isEmpty()) break;
        if (!matches(rule)) continue;
        const p = rule.ports.on(dst).intersect(undecided);
        if (p.isEmpty()) continue;
        decisions?.push({ rule, action: rule.action, ports: p });
        if (rule.action === 'allow') allowed = allowed.union(p);
        else if (rule.action === 'pass') passed = passed.union(p);
        undecided = undecided.subtract(p);
      }
    } else {
      let byAllow = ConnectionSet.NONE;
      for (const rule of t.rules) {
        if (!matches(rule)) continue;
        const p = rule.ports.on(dst).intersect(undecided);
        if (p.isEmpty()) continue;
        decisions?.push({ rule, action: rule.action, ports: p });
        // deny rules come first: what they take is gone for the allow rules after them
        if (rule.action === 'deny') undecided = undecided.subtract(p);
        else byAllow = byAllow.union(p);
      }
      allowed = allowed.union(byAllow);
      undecided = undecided.subtract(byAllow);
    }
    if (t.isolated && t.tier.endAction === 'deny') undecided = ConnectionSet.NONE;
    undecided = undecided.union(passed);
  }
  if (!undecided.isEmpty()) decisions?.push({ action: 'allow', ports: undecided });
  return allowed.union(undecided);
}
