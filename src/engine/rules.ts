import { ConnectionSet } from '../model/connections.js';
import type { Protocol } from '../model/connections.js';
import type { SourceRef } from '../model/diagnostics.js';
import * as iv from '../model/intervals.js';
import type { IntervalSet } from '../model/intervals.js';
import type { AdminAction, AdminRule, ContainerPort, NetworkPolicyRule, Policy, RulePort } from '../model/cluster.js';

export type Direction = 'ingress' | 'egress';
export type Action = 'allow' | 'deny' | 'pass';
export type Tier = 'admin' | 'network' | 'baseline';

/** Where a rule comes from, for explanations. */
export interface RuleOrigin {
  readonly policyKind: 'NetworkPolicy' | 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';
  /** `ns/name` for a NetworkPolicy, the name for cluster-scoped policies. */
  readonly policy: string;
  readonly direction: Direction;
  readonly index: number;
  /** ANP/BANP rule name. */
  readonly name?: string;
  readonly priority?: number;
  readonly source: SourceRef;
  /** The policy and rule as read, to compare states. */
  readonly model: { readonly policy: Policy; readonly rule: NetworkPolicyRule | AdminRule };
}

/** Which workloads (by class) a rule's peers match. */
export type ClassMatch =
  | { readonly kind: 'all' }
  /** Every workload NetworkPolicy can select (host-network ones aside). */
  | { readonly kind: 'selectable' }
  | { readonly kind: 'set'; readonly classes: Int32Array };

export const MATCH_NO_CLASS: ClassMatch = { kind: 'set', classes: new Int32Array(0) };

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
}

/** The ports of a rule; named ports resolve on each destination. */
const portParts = new WeakMap<readonly RulePort[], { numeric: ConnectionSet; named: PortMatcher['named'] }>();

export class PortMatcher {
  readonly numeric: ConnectionSet;
  readonly named: ReadonlyArray<{ readonly name: string; readonly protocol: Protocol | undefined }>;
  private resolved: Map<number, ConnectionSet> | undefined;

  constructor(ports: readonly RulePort[] | 'all') {
    if (ports === 'all') {
      this.numeric = ConnectionSet.ALL;
      this.named = [];
      return;
    }
    // both states of a diff share most rules' port lists
    const known = portParts.get(ports);
    if (known) {
      this.numeric = known.numeric;
      this.named = known.named;
      return;
    }
    let numeric = ConnectionSet.NONE;
    const named: Array<{ name: string; protocol: Protocol | undefined }> = [];
    for (const p of ports) {
      if (p.kind === 'all') numeric = numeric.union(ConnectionSet.ports(p.protocol));
      else if (p.kind === 'numbers') numeric = numeric.union(ConnectionSet.ports(p.protocol, p.from, p.to));
      else named.push({ name: p.name, protocol: p.protocol });
    }
    this.numeric = numeric;
    this.named = named;
    portParts.set(ports, { numeric, named });
  }

  get hasNamed(): boolean {
    return this.named.length > 0;
  }

  /** The connections on a destination with these container ports; externals have none. */
  on(dst: PortMap): ConnectionSet {
    if (this.named.length === 0) return this.numeric;
    this.resolved ??= new Map();
    let r = this.resolved.get(dst.id);
    if (r === undefined) {
      const parts: Partial<Record<Protocol, Array<[number, number]>>> = {};
      for (const n of this.named) {
        for (const cp of dst.ports) {
          if (cp.name === n.name && (n.protocol === undefined || cp.protocol === n.protocol)) {
            (parts[cp.protocol] ??= []).push([cp.port, cp.port]);
          }
        }
      }
      r = this.numeric.union(
        ConnectionSet.of({
          SCTP: iv.fromIntervals(parts.SCTP ?? []),
          TCP: iv.fromIntervals(parts.TCP ?? []),
          UDP: iv.fromIntervals(parts.UDP ?? []),
        }),
      );
      this.resolved.set(dst.id, r);
    }
    return r;
  }
}

/** A policy rule compiled against one cluster: peers resolved to classes and addresses. */
export interface CompiledRule {
  readonly id: number;
  readonly tier: Tier;
  readonly action: Action;
  readonly origin: RuleOrigin;
  readonly direction: Direction;
  readonly classes: ClassMatch;
  readonly addresses: IntervalSet;
  readonly ports: PortMatcher;
}

export function toAction(a: AdminAction): Action {
  return a === 'Allow' ? 'allow' : a === 'Deny' ? 'deny' : 'pass';
}

/**
 * What applies to one workload class in one direction, in evaluation order:
 * admin rules (ANP priority, then rule order), then NetworkPolicy isolation
 * and rules, then baseline rules.
 */
export interface DirectionPolicy {
  readonly admin: readonly CompiledRule[];
  /** Some NetworkPolicy selects the class for this direction. */
  readonly isolated: boolean;
  readonly network: readonly CompiledRule[];
  readonly baseline: readonly CompiledRule[];
  /** Policies whose subject holds the class, for explanations. */
  readonly isolatingPolicies: readonly string[];
}

export const OPEN_DIRECTION: DirectionPolicy = { admin: [], isolated: false, network: [], baseline: [], isolatingPolicies: [] };

/** One rule's effect on a connection, as an explanation reports it. */
export interface Decision {
  /** The rule, or undefined for the default (no policy isolates this end). */
  readonly rule?: CompiledRule;
  readonly action: Action;
  readonly ports: ConnectionSet;
}

/**
 * The connections one direction allows to/from a peer, given which rules
 * match the peer. The tiers run as the semantics say: an admin rule decides
 * the ports it matches (Pass hands them on); what is left goes to
 * NetworkPolicy when the class is isolated, else to the baseline, else is
 * allowed. With `decisions`, records which rule decided which ports.
 */
export function evaluate(
  policy: DirectionPolicy,
  matches: (rule: CompiledRule) => boolean,
  dst: PortMap,
  decisions?: Decision[],
): ConnectionSet {
  let allowed = ConnectionSet.NONE;
  let undecided = ConnectionSet.ALL;
  let passed = ConnectionSet.NONE;
  for (const rule of policy.admin) {
    if (undecided.isEmpty()) break;
    if (!matches(rule)) continue;
    const p = rule.ports.on(dst).intersect(undecided);
    if (p.isEmpty()) continue;
    decisions?.push({ rule, action: rule.action, ports: p });
    if (rule.action === 'allow') allowed = allowed.union(p);
    else if (rule.action === 'pass') passed = passed.union(p);
    undecided = undecided.subtract(p);
  }
  let rest = undecided.union(passed);
  if (rest.isEmpty()) return allowed;
  if (policy.isolated) {
    let byNetwork = ConnectionSet.NONE;
    for (const rule of policy.network) {
      if (!matches(rule)) continue;
      const p = rule.ports.on(dst).intersect(rest);
      if (p.isEmpty()) continue;
      decisions?.push({ rule, action: 'allow', ports: p });
      byNetwork = byNetwork.union(p);
    }
    return allowed.union(byNetwork);
  }
  for (const rule of policy.baseline) {
    if (rest.isEmpty()) break;
    if (!matches(rule)) continue;
    const p = rule.ports.on(dst).intersect(rest);
    if (p.isEmpty()) continue;
    decisions?.push({ rule, action: rule.action, ports: p });
    if (rule.action === 'allow') allowed = allowed.union(p);
    rest = rest.subtract(p);
  }
  if (!rest.isEmpty()) decisions?.push({ action: 'allow', ports: rest });
  return allowed.union(rest);
}
