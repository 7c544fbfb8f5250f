import type { AnalyzeOptions } from '../engine/analyze.js';
import type { Matrix } from '../engine/matrix.js';
import type { HoldingPolicy } from '../engine/rules.js';
import type { RulePort, Workload } from '../model/cluster.js';
import { ConnectionSet } from '../model/connections.js';
import type { SourceRef } from '../model/diagnostics.js';
import { WarningCodes } from '../model/diagnostics.js';
import * as addr from '../model/addresses.js';
import { parseCidr } from '../model/ipranges.js';
import { policyId } from '../policy/kind.js';
import type { CiliumPeer, CiliumPolicy, CiliumRule, IdentitySelector } from '../policy/cilium/types.js';
import { ruleName } from '../policy/cilium/read.js';
import { selectsPod } from '../policy/cilium/selectors.js';
import { CIDR_MATCH_MODE, ciliumAgentFlags, cidrMatchModeWhy, cidrMatchModes } from '../input/settings.js';
import type { DnsEndpoint } from './dns.js';
import { allowsDns } from './dns.js';

/**
 * The foot-guns of Cilium policies (RD120 to RD129): policies Cilium
 * accepts and reachdiff analyses exactly, but that very likely do not do
 * what their author meant, from the pitfalls the Cilium documentation warns
 * about. RD120 (DNS) is checked with the workloads' other policies, by the
 * lint module; the others here, policy by policy.
 */

export const CILIUM_KINDS: ReadonlySet<string> = new Set(['CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy']);

/** Ports that services inside and outside the cluster both use: a rule to world on them names no in-cluster port in particular. */
const COMMON_PORTS = new Set([80, 443]);
const ALL_IPV4_TEXT = '0.0.0.0/0';
const ALL_IPV6_TEXT = '::/0';

type Warn = (code: string, at: SourceRef, object: string, message: string) => void;

/** Cilium's agent flags where the manifests say nothing of them: their defaults. */
const DEFAULT_CILIUM_FLAGS = ciliumAgentFlags([]);

/** What DNS some rules allow (see dns.ts), and whether they allow anything at all. */
export interface DnsAllowed {
  udp: boolean;
  tcp: boolean;
  tcpExplicit: boolean;
  anything: boolean;
}

function rulePorts(rule: CiliumRule): readonly RulePort[] | 'all' {
  return rule.ports === 'all' ? 'all' : rule.ports.flatMap((p) => p.ports);
}

/** `TCP 80` for messages: the numbered ports of a rule, or its names. */
function portsText(ports: readonly RulePort[]): string {
  return ports.map((p) => (p.kind === 'named' ? `port "${p.name}"` : p.kind === 'all' ? `${p.protocol} (all ports)` : `${p.protocol} ${p.from === p.to ? p.from : `${p.from}-${p.to}`}`)).join(', ');
}

/** Every selector of a policy: subjects and endpoint peers, with where they are. */
function* selectors(p: CiliumPolicy): Generator<{ selector: IdentitySelector; what: string }> {
  for (const s of p.specs) if (s.subject) yield { selector: s.subject, what: `${s.path}.endpointSelector` };
  for (const rule of [...p.ingress, ...p.egress]) {
    if (rule.peers === 'any' || rule.peers === 'none') continue;
    for (const peer of rule.peers) if (peer.kind === 'endpoints') yield { selector: peer.selector, what: `${ruleName(p, rule)} ${rule.section.startsWith('ingress') ? 'fromEndpoints' : 'toEndpoints'}` };
  }
}

/**
 * The settings of the state that let CIDR rules select pods or nodes
 * (policy-cidr-match-mode with pods or nodes, in cilium-config or a
 * CiliumNodeConfig's defaults), as the loader reports them (RD011): where
 * each is, and what CIDR rules then select besides external addresses.
 */
function cidrMatchSettings(m: Matrix): Array<{ setting: string; selects: string; pods: boolean }> {
  const out: Array<{ setting: string; selects: string; pods: boolean }> = [];
  for (const n of m.cluster.notAnalysed) {
    if (n.setting?.key !== CIDR_MATCH_MODE) continue;
    const modes = cidrMatchModes(n.setting.value);
    const selects = cidrMatchModeWhy(modes);
    if (selects !== undefined) out.push({ setting: n.name ?? CIDR_MATCH_MODE, selects, pods: modes.includes('pods') });
  }
  return out;
}

export class CiliumChecks {
  private readonly byKey = new Map<string, CiliumPolicy>();
  private readonly dns = new Map<CiliumPolicy, DnsAllowed>();
  private cidrSettings: ReturnType<typeof cidrMatchSettings> | undefined;

  constructor(
    private readonly matrix: Matrix,
    private readonly options: AnalyzeOptions,
    private readonly dnsEndpoints: readonly DnsEndpoint[],
    private readonly warn: Warn,
  ) {
    for (const p of matrix.cluster.policies) {
      if (CILIUM_KINDS.has(p.policy.kind)) this.byKey.set(`${p.policy.kind}\u0000${policyId(p.policy)}`, p.policy as CiliumPolicy);
    }
  }

  get policies(): IterableIterator<CiliumPolicy> {
    return this.byKey.values();
  }

  /** The Cilium policy a holder names, if it is one. */
  policy(h: HoldingPolicy): CiliumPolicy | undefined {
    return this.byKey.get(`${h.kind}\u0000${h.id}`);
  }

  /** The settings of the state under which CIDR rules select pods or nodes (policy-cidr-match-mode), with what they then select. */
  private cidrMatchSettings(): ReturnType<typeof cidrMatchSettings> {
    return (this.cidrSettings ??= cidrMatchSettings(this.matrix));
  }

  /**
   * Where CIDR rules may reach kube-dns: the settings that let them select
   * pods (policy-cidr-match-mode with pods), where some egress allow rule of
   * the policy has a CIDR peer on a port that takes DNS; empty in Cilium's
   * default mode, where they never do.
   */
  cidrDnsSettings(p: CiliumPolicy): string[] {
    const pods = this.cidrMatchSettings().filter((x) => x.pods);
    const dnsByCidr = (rule: CiliumRule) =>
      rule.action === 'allow' && Array.isArray(rule.peers) && rule.peers.some((x) => x.kind === 'cidr') && (allowsDns(rulePorts(rule), 'UDP') || allowsDns(rulePorts(rule), 'TCP'));
    if (pods.length === 0 || !p.egress.some(dnsByCidr)) return [];
    return pods.map((x) => x.setting);
  }

  /** Whether a peer reaches where cluster DNS answers: kube-dns by its labels, the cluster or the nodes (node-local DNS), or a Service; never world or a CIDR, which pods are not. */
  private peerReachesDns(peer: CiliumPeer): boolean {
    switch (peer.kind) {
      case 'endpoints':
        return this.dnsEndpoints.some((e) => selectsPod(peer.selector, e.namespaceLabels, e.podLabels));
      case 'entity':
        return ['all', 'cluster', 'host', 'remote-node'].includes(peer.entity);
      case 'unmodelled':
        return peer.what === 'toServices';
      default:
        return false;
    }
  }

  private reachesDns(rule: CiliumRule): boolean {
    return rule.peers === 'any' || (rule.peers !== 'none' && rule.peers.some((p) => this.peerReachesDns(p)));
  }

  /** What DNS the egress allow rules of a policy allow towards cluster DNS. */
  dnsOf(p: CiliumPolicy): DnsAllowed {
    let d = this.dns.get(p);
    if (!d) {
      d = { udp: false, tcp: false, tcpExplicit: false, anything: false };
      for (const rule of p.egress) {
        if (rule.action !== 'allow') continue;
        const ports = rulePorts(rule);
        d.anything ||= rule.peers !== 'none' && (ports === 'all' || ports.length > 0);
        if (!this.reachesDns(rule)) continue;
        d.udp ||= allowsDns(ports, 'UDP');
        d.tcp ||= allowsDns(ports, 'TCP');
        d.tcpExplicit ||= allowsDns(ports, 'TCP', true);
      }
      this.dns.set(p, d);
    }
    return d;
  }

  /** Whether some egress rule of a policy sends DNS to cluster DNS through Cilium's DNS proxy (a rule with rules: dns). */
  private hasDnsProxy(p: CiliumPolicy): boolean {
    return p.egress.some((rule) => rule.action === 'allow' && rule.ports !== 'all' && rule.ports.some((pr) => pr.l7 === 'L7 DNS') && this.reachesDns(rule));
  }

  /** The policy warnings (RD121 to RD129) of the Cilium policies, or of those named in `only` (`ns/name` or `name`). */
  run(only?: ReadonlySet<string>): void {
    for (const p of this.policies) if (!only || only.has(policyId(p))) this.lintPolicy(p);
  }

  private lintPolicy(p: CiliumPolicy): void {
    const id = policyId(p);
    const what = `${p.kind} ${id}`;
    const at = (line: number): SourceRef => ({ file: p.source.file, line });
    const warn = (code: string, line: number, message: string) => this.warn(code, at(line), id, `${what}: ${message}`);
    for (const q of p.portQuirks) warn(WarningCodes.ciliumPortRangeBelow, q.line, `${q.what}: ${q.message}`);
    for (const { selector, what: where } of selectors(p)) {
      for (const key of selector.dropped) {
        warn(WarningCodes.ciliumLabelNotInIdentity, selector.line, `${where} selects on ${key}, a label Cilium leaves out of security identities (its default label filter), so no pod matches it there`);
      }
      if (selector.acrossNamespaces) {
        warn(
          WarningCodes.ciliumNamespaceLabelsAcrossNamespaces,
          selector.line,
          `${where} names namespace labels and no namespace: Cilium 1.16 and later match pods of every namespace with those labels (earlier versions, and the documentation, only the policy's namespace); add io.kubernetes.pod.namespace to say which`,
        );
      }
    }
    for (const spec of p.specs) {
      for (const e of spec.emptySections) {
        const direction = e.section.startsWith('ingress') ? 'ingress' : 'egress';
        if (spec.has[direction] || e.section.endsWith('Deny')) continue;
        warn(WarningCodes.ciliumEmptySection, e.line, `${e.section}: [] puts no pod in default deny and allows nothing more; write ${e.section}: [{}] to deny all ${direction} traffic`);
      }
    }
    this.lintDenyOnly(p, warn);
    for (const rule of [...p.ingress, ...p.egress]) {
      if (rule.peers === 'any' || rule.peers === 'none') continue;
      this.lintCidrs(p, rule, warn);
      if (rule.action === 'allow' && rule.section === 'egress') {
        this.lintWorld(p, rule, warn);
        if (rule.peers.some((x) => x.kind === 'fqdn')) this.lintFqdn(p, rule, warn);
      }
    }
  }

  /**
   * RD128: a spec rule with deny rules only in a direction isolates its
   * pods, and here no other policy allows them anything. enableDefaultDeny
   * false keeps them out of default deny only where the agent's
   * enable-non-default-deny-policies is on: off, Rule.Sanitize sets it true
   * whatever the policy says (pkg/policy/api/rule_validation.go), and where
   * only some nodes have it off, there.
   */
  private lintDenyOnly(p: CiliumPolicy, warn: (code: string, line: number, message: string) => void): void {
    const flag = (this.matrix.cluster.ciliumFlags ?? DEFAULT_CILIUM_FLAGS)['enable-non-default-deny-policies'];
    p.specs.forEach((spec, i) => {
      if (!spec.subject) return;
      for (const direction of ['ingress', 'egress'] as const) {
        const written = spec.enableDefaultDeny[direction];
        if (written === true || (written === false && flag.on === true)) continue;
        const rules = p[direction].filter((r) => r.spec === i);
        if (rules.length === 0 || rules.some((r) => r.action === 'allow')) continue;
        if (this.heldByOthers(p, direction)) continue;
        const section = `${direction}Deny`;
        const off = `enable-non-default-deny-policies is off${flag.on === 'some' ? ' on some nodes' : ''}, and ${flag.why}`;
        const message =
          written === false
            ? `${section} alone puts the pods it selects in ${direction} default deny${flag.on === 'some' ? ' on some nodes' : ''} although enableDefaultDeny.${direction} is false, which Cilium's agent ignores where ${off}: besides what it denies, everything is dropped there, as no other policy allows them anything; allow what they need, or turn the flag on`
            : `${section} alone puts the pods it selects in ${direction} default deny: besides what it denies, everything is dropped, as no other policy allows them anything; ${flag.on === true ? `set enableDefaultDeny: {${direction}: false} to only deny` : `allow what they need (enableDefaultDeny: {${direction}: false} only denies where the agent's enable-non-default-deny-policies is on, and ${off})`}`;
        warn(WarningCodes.ciliumDenyOnlyDefaultDeny, rules[0]!.line, message);
      }
    });
  }

  /** Whether some workload the policy holds in a direction is held by another policy too. */
  private heldByOthers(p: CiliumPolicy, direction: 'ingress' | 'egress'): boolean {
    for (const s of this.matrix.subjects(p)) {
      if (s.direction !== direction) continue;
      for (const w of s.workloads) {
        const index = this.matrix.workloadEndpoint(w.id);
        if (index?.kind !== 'workload') continue;
        if (this.matrix.isolation(index.index, direction).holders.some((h) => h.kind !== p.kind || h.id !== policyId(p))) return true;
      }
    }
    return false;
  }

  /** RD123: a CIDR rule that looks meant for pods: 0.0.0.0/0 or ::/0, or the pod network given with --pod-cidr. */
  private lintCidrs(p: CiliumPolicy, rule: CiliumRule, warn: (code: string, line: number, message: string) => void): void {
    const field = rule.section.startsWith('ingress') ? 'fromCIDR' : 'toCIDR';
    const pods = addr.ofCidrs(this.options.podCIDRs ?? []);
    for (const peer of rule.peers as readonly CiliumPeer[]) {
      if (peer.kind !== 'cidr') continue;
      const c = parseCidr(peer.cidr);
      if (c.kind === 'invalid') continue;
      const whole = c.prefix === 0;
      if (!whole && !addr.overlaps(addr.ofCidr(c), pods)) continue;
      const instead = rule.section.startsWith('ingress') ? 'fromEndpoints or fromEntities: [cluster]' : 'toEndpoints or toEntities: [cluster]';
      const settings = this.cidrMatchSettings();
      if (settings.length === 0) {
        const why = whole ? `${c.kind === 'ipv4' ? ALL_IPV4_TEXT : ALL_IPV6_TEXT} is every ${c.kind === 'ipv4' ? 'IPv4' : 'IPv6'} address outside the cluster` : `${peer.cidr} overlaps the pod network`;
        warn(
          WarningCodes.ciliumCidrForPods,
          peer.line,
          `${ruleName(p, rule)} ${field} ${peer.cidr}: ${why}, but CIDR rules never match pods or nodes in Cilium (their identities are not CIDRs); select them with ${instead}${whole ? ', or everything with all' : ''}`,
        );
        continue;
      }
      // a mode that lets CIDR rules select pods or nodes (docs.cilium.io, Layer 3 Policies, "Selecting pods or nodes with
      // CIDR / ipBlock") is not analysed: what the rule holds then depends on it, and is said so
      const why = whole ? `${c.kind === 'ipv4' ? ALL_IPV4_TEXT : ALL_IPV6_TEXT} is every ${c.kind === 'ipv4' ? 'IPv4' : 'IPv6'} address` : `${peer.cidr} overlaps the pod network`;
      const modes = settings.map((x) => `${x.setting} makes them select, besides external addresses, ${x.selects}`).join('; and ');
      warn(
        WarningCodes.ciliumCidrForPods,
        peer.line,
        `${ruleName(p, rule)} ${field} ${peer.cidr}: ${why}: in Cilium's default mode CIDR rules match no pod or node (their identities are not CIDRs), but ${modes}, which is not analysed (RD011); to select pods in any mode, use ${instead}${whole ? ', or all for everything' : ''}`,
      );
    }
  }

  /** RD122: toEntities world with ports that workloads of the manifests serve: world is only what is outside the cluster. */
  private lintWorld(p: CiliumPolicy, rule: CiliumRule, warn: (code: string, line: number, message: string) => void): void {
    const entities = (rule.peers as readonly CiliumPeer[]).flatMap((x) => (x.kind === 'entity' ? [x.entity] : []));
    if (!entities.includes('world') || entities.some((e) => e === 'cluster' || e === 'all') || rule.ports === 'all') return;
    const ports = rule.ports.flatMap((p) => p.ports).filter((p) => p.kind !== 'numbers' || !(p.from === p.to && COMMON_PORTS.has(p.from)));
    if (ports.length === 0) return;
    const serving = this.serving(ports);
    if (!serving) return;
    warn(
      WarningCodes.ciliumWorldNotCluster,
      rule.line,
      `${ruleName(p, rule)} toEntities [world] on ${portsText(ports)}: world is only what is outside the cluster, so it does not reach ${serving.workload.id}, which serves ${serving.port}; use cluster (or toEndpoints) for destinations in the cluster`,
    );
  }

  /** A workload of the manifests that declares a container port some of `ports` matches. */
  private serving(ports: readonly RulePort[]): { workload: Workload; port: string } | undefined {
    const allowed = ports.filter((p): p is Exclude<RulePort, { kind: 'named' }> => p.kind !== 'named').reduce((c, p) => c.union(p.kind === 'all' ? ConnectionSet.ports(p.protocol) : ConnectionSet.ports(p.protocol, p.from, p.to)), ConnectionSet.NONE);
    const names = ports.flatMap((p) => (p.kind === 'named' ? [p] : []));
    for (const w of this.matrix.cluster.workloads) {
      for (const pod of w.pods) {
        for (const cp of pod.ports) {
          const named = cp.name !== undefined && names.some((n) => n.name === cp.name && (n.protocol === undefined || n.protocol === cp.protocol));
          if (named || allowed.contains(cp.protocol, cp.port)) return { workload: w, port: `${cp.protocol} ${cp.port}` };
        }
      }
    }
    return undefined;
  }

  /** RD121: toFQDNs while the pods send no DNS through Cilium's DNS proxy, which is where the names' addresses are learned. */
  private lintFqdn(p: CiliumPolicy, rule: CiliumRule, warn: (code: string, line: number, message: string) => void): void {
    const names = (rule.peers as readonly CiliumPeer[]).flatMap((x) => (x.kind === 'fqdn' ? x.names : []));
    for (const s of this.matrix.subjects(p)) {
      if (s.direction !== 'egress') continue;
      for (const w of s.workloads) {
        const e = this.matrix.workloadEndpoint(w.id);
        if (e?.kind !== 'workload') continue;
        const holders = this.matrix.isolation(e.index, 'egress').holders;
        if (holders.some((h) => this.policy(h) !== undefined && this.hasDnsProxy(this.policy(h)!))) continue;
        warn(
          WarningCodes.ciliumFqdnWithoutDnsProxy,
          rule.line,
          `${ruleName(p, rule)} toFQDNs ${names.join(', ')}: Cilium learns the addresses of names only from lookups through its DNS proxy, and no egress rule of ${w.id} sends DNS to kube-dns with rules: {dns: [...]}, so the names allow no address`,
        );
        return;
      }
    }
  }
}
