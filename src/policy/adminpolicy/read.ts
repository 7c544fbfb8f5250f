import { Codes } from '../../model/diagnostics.js';
import * as addr from '../../model/addresses.js';
import { formatCidr, NETIP_PREFIX, parseCidr, unmapped, writtenMapped } from '../../model/ipranges.js';
import type { RulePort } from '../../model/cluster.js';
import type { PolicyNote } from '../kind.js';
import { controllerLabelNote } from '../notes.js';
import type { AdminAction, AdminPeer, AdminPolicy, AdminRule, AdminSubject } from './types.js';
import { checkAdminPolicyFields } from './fields.js';
import type { RawObject } from '../../model/objects.js';
import { field, InvalidObject, isPortName, isPortNumber, isRecord, optionalString, readProtocol, shown } from '../../model/objects.js';
import type { Selector } from '../../model/selectors.js';
import { parseSelector, writtenSelector } from '../../model/selectors.js';

export const ANP_MAX_PRIORITY = 1000;
/** Most rules per direction, peers per rule and ports per rule in v1alpha1 (its CRDs' maxItems). */
const V1ALPHA1_MAX_ITEMS = 100;
/** Longest rule name in either version (MaxLength 100). */
const MAX_RULE_NAME = 100;

/** A list whose length the CRD bounds (minItems, maxItems); undefined where it is not given. */
export function boundedList(raw: unknown, what: string, line: number | undefined, min: number, max: number): unknown[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) throw new InvalidObject(`${what} must be a list`, line);
  if (raw.length < min || raw.length > max) throw new InvalidObject(`${what} must have ${min === 0 ? 'at most' : `${min} to`} ${max} items, not ${raw.length}`, line);
  return raw;
}

export function selector(raw: unknown, what: string, line: number): Selector {
  const s = parseSelector(raw);
  if ('error' in s) throw new InvalidObject(`${what}: ${s.error}`, line);
  return s;
}

/** How the two API versions differ in the fields both have. */
export interface PeerRules {
  /**
   * Both versions require `pods.podSelector`; v1alpha1 requires
   * `pods.namespaceSelector` too (NamespacedPod in apis/v1alpha1/
   * shared_types.go has no +optional, and the CRDs list it as required),
   * so the API server refuses a v1alpha1 object without it; in v1alpha2 a
   * missing one is every namespace.
   */
  readonly namespaceSelectorRequired: boolean;
  /** Allow rules are called Accept in v1alpha2. */
  readonly allowWord: string;
  /** Whether egress peers may name domains (not in the v1alpha1 baseline). */
  readonly domainNames: boolean;
  /**
   * Whether a peer with two known fields is rejected (v1alpha2). More than 25
   * or repeated networks or domain names, and names that are not DNS names,
   * are rejected in both versions: their CRDs have the same limits
   * (maxItems 25, x-kubernetes-list-type set, the DomainName pattern).
   */
  readonly strict: boolean;
}

const V1ALPHA1: PeerRules = { namespaceSelectorRequired: true, allowWord: 'Allow', domainNames: true, strict: false };
const V1ALPHA1_BASELINE: PeerRules = { ...V1ALPHA1, domainNames: false };

/** A pods selector; one reading a label controllers set on pods (pod-template-hash, job-name) gets a note: which pods it matches is not modelled. */
function readPodsSelector(raw: unknown, what: string, line: number, v: PeerRules, notes: PolicyNote[]): { namespaceSelector: Selector; podSelector: Selector } {
  if (!isRecord(raw)) throw new InvalidObject(`${what} must be a mapping with namespaceSelector and podSelector`, line);
  for (const key of v.namespaceSelectorRequired ? ['namespaceSelector', 'podSelector'] : ['podSelector']) {
    if (raw[key] === undefined || raw[key] === null) throw new InvalidObject(`${what}.${key} is required: the API server refuses the object without it`, line);
  }
  const podSelector = selector(raw['podSelector'], `${what}.podSelector`, line);
  const note = controllerLabelNote(podSelector, `${what}.podSelector`, line);
  if (note) notes.push(note);
  return { namespaceSelector: selector(raw['namespaceSelector'], `${what}.namespaceSelector`, line), podSelector };
}

export function readSubject(raw: unknown, line: number, v: PeerRules, notes: PolicyNote[]): AdminSubject {
  if (!isRecord(raw)) throw new InvalidObject('spec.subject must set exactly one of namespaces or pods', line);
  const set = Object.keys(raw).filter((k) => raw[k] !== undefined && raw[k] !== null);
  if (set.length !== 1 || (set[0] !== 'namespaces' && set[0] !== 'pods')) {
    throw new InvalidObject(`spec.subject must set exactly one of namespaces or pods (found ${set.length === 0 ? 'none' : set.join(', ')})`, line);
  }
  if (set[0] === 'namespaces') return { kind: 'namespaces', namespaceSelector: selector(raw['namespaces'], 'spec.subject.namespaces', line) };
  return { kind: 'pods', ...readPodsSelector(raw['pods'], 'spec.subject.pods', line, v, notes) };
}

/** The DomainName pattern of network-policy-api v1alpha2 (clusternetworkpolicy_types.go) and v1alpha1 (shared_types.go), as the CRDs write it. */
const DOMAIN_NAME = /^(\*\.)?([a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.)+[a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\.?$/;
/** Most CIDRs or names in one peer. */
const MAX_PEER_ITEMS = 25;

/** A list the CRD declares a set of at most 25 items. */
function checkSet(items: readonly unknown[], what: string, line: number): void {
  if (items.length > MAX_PEER_ITEMS) throw new InvalidObject(`${what} has ${items.length} items; at most ${MAX_PEER_ITEMS} are allowed`, line);
  const seen = new Set<unknown>();
  for (const item of items) {
    if (seen.has(item)) throw new InvalidObject(`${what} lists "${shown(item)}" more than once`, line);
    seen.add(item);
  }
}

/**
 * Whether a domain name may be a cluster DNS name, which selects pods: a
 * Service's (`db.shop.svc.cluster.local`, a headless one's records being its
 * pods' IPs) or a pod's (`10-0-0-1.shop.pod.cluster.local`), or a wildcard
 * over such names (`*.cluster.local`). NPEP-133 lets a domainNames peer
 * select them (network-policy-api site-src/npeps/npep-133-fqdn-egress-selector.md,
 * Expected Behavior). The cluster domain is not in the manifests: a name
 * with a `svc` or `pod` label, or under `.local` (cluster.local by default),
 * is taken to be one.
 */
export function mayNameInCluster(name: string): boolean {
  const labels = name.replace(/^\*\./, '').replace(/\.$/, '').toLowerCase().split('.');
  return labels.includes('svc') || labels.includes('pod') || labels[labels.length - 1] === 'local';
}

const INGRESS_PEERS = ['namespaces', 'pods'];
const EGRESS_PEERS = ['namespaces', 'pods', 'nodes', 'networks', 'domainNames'];
const EGRESS_PEERS_NO_NAMES = EGRESS_PEERS.filter((p) => p !== 'domainNames');

/**
 * A peer of a rule. One with no field or with a field this version does not
 * have fails closed, as the API asks of implementations that meet one.
 */
export function readPeer(raw: unknown, what: string, line: number, egress: boolean, notes: PolicyNote[], v: PeerRules): AdminPeer {
  const set = isRecord(raw) ? Object.keys(raw).filter((k) => raw[k] !== undefined && raw[k] !== null) : [];
  const allowed = egress ? (v.domainNames ? EGRESS_PEERS : EGRESS_PEERS_NO_NAMES) : INGRESS_PEERS;
  if (v.strict && isRecord(raw) && set.length > 1 && set.every((k) => allowed.includes(k))) {
    throw new InvalidObject(`${what} sets ${set.join(' and ')}; a peer sets exactly one of ${allowed.join(', ')}`, line);
  }
  if (!isRecord(raw) || set.length !== 1 || !allowed.includes(set[0]!)) {
    const found = set.length === 0 ? 'no field' : set.map((k) => `"${k}"`).join(', ');
    notes.push({
      line,
      code: Codes.unsupported,
      message: `${what} has ${found} (expected exactly one of ${allowed.join(', ')}); it fails closed: an ${v.allowWord} rule matches nothing, a Deny or Pass rule denies all traffic`,
    });
    return { kind: 'unknown', what: found };
  }
  const key = set[0]!;
  if (key === 'namespaces') {
    return { kind: 'namespaces', namespaceSelector: selector(raw['namespaces'], `${what}.namespaces`, line), written: { namespaceSelector: writtenSelector(raw['namespaces']) } };
  }
  if (key === 'pods') {
    const pods = raw['pods'];
    const written = { namespaceSelector: writtenSelector(field(pods, 'namespaceSelector')), podSelector: writtenSelector(field(pods, 'podSelector')) };
    return { kind: 'pods', ...readPodsSelector(pods, `${what}.pods`, line, v, notes), written };
  }
  if (key === 'nodes') {
    selector(raw['nodes'], `${what}.nodes`, line);
    notes.push({ line, code: Codes.unsupported, message: `${what}: nodes peers are not modelled (node addresses are not in the manifests); this peer matches no endpoint` });
    return { kind: 'nodes' };
  }
  if (key === 'domainNames') {
    const names = raw['domainNames'];
    if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === 'string' && n !== '')) {
      throw new InvalidObject(`${what}.domainNames must be a non-empty list of DNS names`, line);
    }
    checkSet(names as string[], `${what}.domainNames`, line);
    const bad = (names as string[]).find((n) => !DOMAIN_NAME.test(n));
    if (bad !== undefined) throw new InvalidObject(`${what}.domainNames: "${bad}" is not a domain name (two or more labels, "*." only in front)`, line);
    const inCluster = (names as string[]).filter(mayNameInCluster);
    const pods = inCluster.length > 0 ? `; ${inCluster.join(', ')} may name pods (a headless Service's or a pod's DNS record), which the rule then matches too: an invariant on the paths it may decide to pods fails closed` : '';
    notes.push({
      line,
      code: Codes.unsupported,
      message: `${what}: domainNames peers (${names.join(', ')}) are not modelled: the addresses behind a name are not in the manifests, so an ${v.allowWord} rule is taken to reach any external address and a Deny or Pass rule to match nothing${pods}`,
    });
    return { kind: 'domainNames', names: names as string[] };
  }
  const cidrs = raw['networks'];
  if (!Array.isArray(cidrs) || cidrs.length === 0) throw new InvalidObject(`${what}.networks must be a non-empty list of CIDRs`, line);
  checkSet(cidrs, `${what}.networks`, line);
  let addresses = addr.NONE;
  for (const c of cidrs) {
    if (typeof c !== 'string') throw new InvalidObject(`${what}.networks must be a list of CIDRs`, line);
    // the CRDs' CIDR type has maxLength 43 (written out in full, an IPv6 address with an IPv4 tail is longer)
    if (c.length > 43) throw new InvalidObject(`${what}.networks: "${c}" is longer than the 43 characters the CRD allows for a CIDR, so the API server refuses the object; write the address shorter (:: for zeros)`, line);
    // CEL isCIDR (k8s.io/apiserver/pkg/cel/library/cidr.go) reads with netip.ParsePrefix: no spaces around, no leading zero in the
    // prefix length ("bad bits after slash"); it refuses IPv4-mapped addresses
    const parsed = parseCidr(c, NETIP_PREFIX);
    if (parsed.kind === 'invalid') {
      const refused = parsed.problem ? "; the CRD's isCIDR validation (netip.ParsePrefix) rejects it, so the object is not in the cluster" : '';
      throw new InvalidObject(`${what}.networks: ${parsed.reason}${refused}`, line);
    }
    if (writtenMapped(parsed)) throw new InvalidObject(`${what}.networks: "${c}" has an IPv4-mapped IPv6 address, which the CRD's isCIDR validation rejects; write ${formatCidr(unmapped(parsed))}`, line);
    addresses = addr.union(addresses, addr.ofCidr(parsed));
  }
  return { kind: 'networks', cidrs: cidrs as string[], addresses };
}

function readPort(raw: unknown, what: string, line: number): RulePort {
  const set = isRecord(raw) ? Object.keys(raw).filter((k) => raw[k] !== undefined && raw[k] !== null) : [];
  if (!isRecord(raw) || set.length !== 1) throw new InvalidObject(`${what} must set exactly one of portNumber, namedPort or portRange`, line);
  const key = set[0]!;
  if (key === 'namedPort') {
    const name = raw['namedPort'];
    if (!isPortName(name)) throw new InvalidObject(`${what}: "${shown(name)}" is not a valid port name`, line);
    return { kind: 'named', protocol: undefined, name };
  }
  if (key === 'portNumber') {
    const p = raw['portNumber'];
    const port = isRecord(p) ? p['port'] : undefined;
    if (!isPortNumber(port)) throw new InvalidObject(`${what}.portNumber.port must be a port from 1 to 65535`, line);
    return { kind: 'numbers', protocol: readProtocol(isRecord(p) ? p['protocol'] : undefined, what), from: port, to: port };
  }
  if (key === 'portRange') {
    const r = raw['portRange'];
    const start = isRecord(r) ? r['start'] : undefined;
    const end = isRecord(r) ? r['end'] : undefined;
    if (!isPortNumber(start) || !isPortNumber(end) || start > end) {
      throw new InvalidObject(`${what}.portRange needs start and end ports from 1 to 65535, start not above end`, line);
    }
    return { kind: 'numbers', protocol: readProtocol(isRecord(r) ? r['protocol'] : undefined, what), from: start, to: end };
  }
  throw new InvalidObject(`${what}: unknown port field "${key}" (expected portNumber, namedPort or portRange)`, line);
}

/** A rule's optional name, of at most 100 characters in either version. */
export function readRuleName(rule: Record<string, unknown>, what: string, line: number | undefined): string {
  const name = rule['name'];
  if (name === undefined || name === null) return '';
  if (typeof name !== 'string' || name.length > MAX_RULE_NAME) throw new InvalidObject(`${what}.name must be a string of at most ${MAX_RULE_NAME} characters`, line);
  return name;
}

function readRules(obj: RawObject, raw: unknown, direction: 'ingress' | 'egress', baseline: boolean, notes: PolicyNote[]): AdminRule[] {
  const rules = boundedList(raw, `spec.${direction}`, obj.lineOf(raw), 0, V1ALPHA1_MAX_ITEMS) ?? [];
  const peerField = direction === 'ingress' ? 'from' : 'to';
  return rules.map((rule: unknown, index: number) => {
    const line = obj.lineOf(rule);
    const what = `spec.${direction}[${index}]`;
    if (!isRecord(rule)) throw new InvalidObject(`${what} must be a mapping`, line);
    const action = rule['action'];
    const allowedActions = baseline ? ['Allow', 'Deny'] : ['Allow', 'Deny', 'Pass'];
    if (typeof action !== 'string' || !allowedActions.includes(action)) {
      throw new InvalidObject(`${what}.action "${shown(action)}" must be ${allowedActions.join(', ').replace(/, (\w+)$/, ' or $1')}`, line);
    }
    const peersRaw = boundedList(rule[peerField], `${what}.${peerField}`, line, 1, V1ALPHA1_MAX_ITEMS);
    if (!peersRaw) throw new InvalidObject(`${what}.${peerField} must list at least one peer`, line);
    // an empty list is refused (minItems 1), not every port: no ports is written by leaving the field out
    const portsRaw = boundedList(rule['ports'], `${what}.ports`, line, 1, V1ALPHA1_MAX_ITEMS);
    const ports = (portsRaw ?? []).map((p: unknown, i: number) => readPort(p, `${what}.ports[${i}]`, obj.lineOf(p)));
    const name = readRuleName(rule, what, line);
    const peers = peersRaw.map((p: unknown, i: number) => readPeer(p, `${what}.${peerField}[${i}]`, obj.lineOf(p), direction === 'egress', notes, baseline ? V1ALPHA1_BASELINE : V1ALPHA1));
    checkNamedPortPeers(peers, ports, what, line);
    return { index, name, line, action: action as AdminAction, peers, ports: ports.length > 0 ? ports : 'all' };
  });
}

/**
 * The experimental CRDs' rule on egress rules: a networks, nodes or
 * domainNames peer has no named ports, so a rule holding one may not name a
 * port (x-kubernetes-validations of the egress rule of each kind). A nodes
 * or domainNames peer is the experimental CRD's alone, so the API server
 * that takes it refuses such a rule; a networks peer is the standard CRD's
 * too, which has no such rule: see namedPortBesideNetworks.
 */
export function checkNamedPortPeers(peers: readonly AdminPeer[], ports: AdminRule['ports'], what: string, line: number | undefined): void {
  const experimental = peers.find((p) => p.kind === 'nodes' || p.kind === 'domainNames');
  if (experimental && namesPort(ports)) {
    throw new InvalidObject(`${what}: a ${experimental.kind} peer may not stand with a named port (its addresses have no named ports): the experimental CRD, which alone has ${experimental.kind} peers, refuses it`, line);
  }
}

function namesPort(ports: AdminRule['ports']): boolean {
  return ports !== 'all' && ports.some((p) => p.kind === 'named');
}

/** Whether an egress rule holds a networks peer beside a named port: the standard CRD takes it, the experimental CRD refuses it. */
export function namedPortBesideNetworks(rule: AdminRule): boolean {
  return namesPort(rule.ports) && rule.peers.some((p) => p.kind === 'networks');
}

/** Reads and validates an AdminNetworkPolicy or BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1). */
export function readAdminPolicy(obj: RawObject): { policy: AdminPolicy; notes: PolicyNote[] } {
  const baseline = obj.kind === 'BaselineAdminNetworkPolicy';
  const name = optionalString(obj.body, 'metadata', 'name');
  if (!name) throw new InvalidObject(`${obj.kind} has no metadata.name`);
  if (baseline && name !== 'default') throw new InvalidObject(`a BaselineAdminNetworkPolicy must be named "default", not "${name}"`);
  checkAdminPolicyFields(obj, baseline ? 'BaselineAdminNetworkPolicy' : 'AdminNetworkPolicy');
  const spec = obj.body['spec'];
  if (!isRecord(spec)) throw new InvalidObject('spec must be a mapping');
  const notes: PolicyNote[] = [];
  let priority: number | undefined;
  if (!baseline) {
    const p = spec['priority'];
    if (typeof p !== 'number' || !Number.isInteger(p) || p < 0 || p > ANP_MAX_PRIORITY) {
      throw new InvalidObject(`spec.priority ${p === undefined ? 'is missing' : `${shown(p)} is invalid`}: it must be an integer from 0 to ${ANP_MAX_PRIORITY}`, obj.lineOf(spec));
    }
    priority = p;
  }
  const policy: AdminPolicy = {
    kind: baseline ? 'BaselineAdminNetworkPolicy' : 'AdminNetworkPolicy',
    name,
    tier: baseline ? 'Baseline' : 'Admin',
    ...(priority !== undefined ? { priority } : {}),
    source: { file: obj.file, line: obj.line },
    subject: readSubject(spec['subject'], obj.lineOf(spec['subject']) ?? obj.line, V1ALPHA1, notes),
    ingress: readRules(obj, spec['ingress'], 'ingress', baseline, notes),
    egress: readRules(obj, spec['egress'], 'egress', baseline, notes),
  };
  return { policy, notes };
}
