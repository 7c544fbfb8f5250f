import type { Protocol } from '../../model/connections.js';
import { MAX_PORT } from '../../model/connections.js';
import * as addr from '../../model/addresses.js';
import type { ParsedCidr } from '../../model/ipranges.js';
import { formatCidr, NETIP_PREFIX, parseCidr, unmapped, writtenMapped } from '../../model/ipranges.js';
import type { RulePort } from '../../model/cluster.js';
import type { PolicyNote } from '../kind.js';
import { controllerLabelNote, identityLabelNote } from '../notes.js';
import { checkNetworkPolicyFields } from './fields.js';
import type { IgnoredRules, ListField, NetworkPolicy, NetworkPolicyPeer, NetworkPolicyRule } from './types.js';
import type { RawObject } from '../../model/objects.js';
import { field, InvalidObject, isPortName, isPortNumber, isRecord, objectName, optionalString, readProtocol, shown } from '../../model/objects.js';
import type { Selector } from '../../model/selectors.js';
import { MATCH_ALL, parseSelector, writtenSelector } from '../../model/selectors.js';
import { labelKeyProblem, labelsProblem, labelValueProblem } from '../../model/validation.js';

/** A label selector, with the keys and values the API server accepts in a NetworkPolicy (ValidateLabelSelector). */
function selector(raw: unknown, what: string, line: number): Selector {
  const s = parseSelector(raw);
  if ('error' in s) throw new InvalidObject(`${what}: ${s.error}`, line);
  for (const r of s.requirements) {
    const problem = labelKeyProblem(r.key) ?? r.values.map(labelValueProblem).find((p) => p !== undefined);
    if (problem) throw new InvalidObject(`${what}: ${problem}`, line);
  }
  return s;
}

function listField(raw: unknown): ListField {
  if (raw === undefined || raw === null) return 'missing';
  return Array.isArray(raw) && raw.length === 0 ? 'empty' : 'list';
}

export function readRulePort(raw: unknown, what: string, line: number): RulePort {
  if (!isRecord(raw)) throw new InvalidObject(`${what} must be a mapping with port and protocol`, line);
  const protocol: Protocol = readProtocol(raw['protocol'], what);
  const protocolOmitted = raw['protocol'] === undefined || raw['protocol'] === null;
  const port = raw['port'];
  const endPort = raw['endPort'];
  if (port === undefined || port === null) {
    if (endPort !== undefined && endPort !== null) throw new InvalidObject(`${what}: endPort needs a numeric port`, line);
    return { kind: 'all', protocol };
  }
  // port is an IntOrString: a string is always a name, even of digits ("8080"), and a name needs a letter
  if (typeof port === 'string') {
    if (/^\d+$/.test(port)) throw new InvalidObject(`${what}: port "${port}" is quoted, so the API server reads it as a port name, and a port name needs a letter; write port: ${port} without quotes`, line);
    if (!isPortName(port)) throw new InvalidObject(`${what}: "${port}" is not a valid port name`, line);
    if (endPort !== undefined && endPort !== null) throw new InvalidObject(`${what}: endPort needs a numeric port, not the named port "${port}"`, line);
    return { kind: 'named', protocol, name: port };
  }
  if (!isPortNumber(port)) throw new InvalidObject(`${what}: port ${shown(port)} is not between 1 and ${MAX_PORT}`, line);
  const omitted = protocolOmitted ? { protocolOmitted: true as const } : {};
  if (endPort === undefined || endPort === null) return { kind: 'numbers', protocol, from: port, to: port, ...omitted };
  if (!isPortNumber(endPort) || endPort < port) {
    throw new InvalidObject(`${what}: endPort ${shown(endPort)} must be a port from ${port} to ${MAX_PORT}`, line);
  }
  return { kind: 'numbers', protocol, from: port, to: endPort, ...omitted };
}

/**
 * An ipBlock CIDR as the API server validates it (validation.go
 * ValidateIPBlock, IsValidCIDRForLegacyField): either family; an
 * IPv4-mapped IPv6 address is rejected, as the strict validation of
 * Kubernetes 1.36 and later does by default (StrictIPCIDRValidation), where
 * earlier versions took `::ffff:10.0.0.0/104` for 10.0.0.0/8.
 *
 * Read as netip.ParsePrefix reads it. Spaces around the CIDR: every
 * version refuses the object (ParseCIDRSloppy and netip do not trim), so it
 * is not in the cluster. A prefix length with a leading zero ("/08"):
 * versions before 1.36 accept it (ParseCIDRSloppy) and Calico reads it as
 * /8, but Cilium refuses the policy (CIDRRule.sanitize, netip.ParsePrefix)
 * and strict validation rejects it; which holds depends on the cluster, so
 * it is an error, as a leading zero in an address is.
 */
function ipBlockCidr(text: string, what: string, line: number): Exclude<ParsedCidr, { kind: 'invalid' }> {
  const parsed = parseCidr(text, NETIP_PREFIX);
  if (parsed.kind === 'invalid') {
    const why =
      parsed.problem === 'whitespace'
        ? '; the API server rejects the object (ValidateIPBlock: "must be a valid CIDR value"), so it is not in the cluster'
        : parsed.problem === 'padded-bits'
          ? '; API servers before Kubernetes 1.36 accept it (ParseCIDRSloppy) and Calico reads it without the zero, but Cilium refuses the policy (netip.ParsePrefix) and strict validation (1.36) rejects it, so whether the policy is in force depends on the cluster'
          : '';
    throw new InvalidObject(`${what}: ${parsed.reason}${why}`, line);
  }
  if (writtenMapped(parsed)) {
    throw new InvalidObject(
      `${what}: "${text}" has an IPv4-mapped IPv6 address, which the API server rejects (StrictIPCIDRValidation, on by default since Kubernetes 1.36; earlier versions read it as ${formatCidr(unmapped(parsed))}); write ${formatCidr(unmapped(parsed))}`,
      line,
    );
  }
  return parsed;
}

function readPeer(raw: unknown, what: string, line: number, notes: PolicyNote[]): NetworkPolicyPeer {
  if (!isRecord(raw)) throw new InvalidObject(`${what} must be a mapping`, line);
  // fields the schema lacks were refused before (checkNetworkPolicyFields): what is left is known
  const known = Object.keys(raw).filter((k) => raw[k] !== undefined && raw[k] !== null);
  if (known.length === 0) throw new InvalidObject(`${what} is empty: a peer needs podSelector, namespaceSelector or ipBlock`, line);
  if (raw['ipBlock'] !== undefined && raw['ipBlock'] !== null) {
    if (known.length > 1) throw new InvalidObject(`${what}: ipBlock may not be combined with podSelector or namespaceSelector`, line);
    const block = raw['ipBlock'];
    const cidr = isRecord(block) ? block['cidr'] : undefined;
    if (typeof cidr !== 'string') throw new InvalidObject(`${what}: ipBlock needs a cidr`, line);
    const parsed = ipBlockCidr(cidr, what, line);
    const exceptRaw = isRecord(block) ? block['except'] : undefined;
    if (exceptRaw !== undefined && exceptRaw !== null && !Array.isArray(exceptRaw)) {
      throw new InvalidObject(`${what}: ipBlock.except must be a list of CIDRs`, line);
    }
    const except: string[] = [];
    const hostBits = parsed.hostBitsSet ? [cidr] : [];
    let addresses = addr.ofCidr(parsed);
    for (const e of exceptRaw ?? []) {
      if (typeof e !== 'string') throw new InvalidObject(`${what}: ipBlock.except must be a list of CIDRs`, line);
      const hole = ipBlockCidr(e, `${what}: except`, line);
      if (hole.kind !== parsed.kind) throw new InvalidObject(`${what}: except "${e}" is not of the same IP family as cidr "${cidr}"`, line);
      // validation.go ValidateIPBlock: the except's block inside the cidr's, with a longer prefix
      const inside = hole.first >= parsed.first && hole.last <= parsed.last && hole.prefix > parsed.prefix;
      if (!inside) throw new InvalidObject(`${what}: except "${e}" must be strictly inside cidr "${cidr}"`, line);
      addresses = addr.subtract(addresses, addr.ofCidr(hole));
      except.push(e);
      if (hole.hostBitsSet) hostBits.push(e);
    }
    return { kind: 'ipBlock', cidr, except, addresses, line, ...(hostBits.length > 0 ? { hostBits } : {}) };
  }
  const ns = raw['namespaceSelector'];
  const pods = raw['podSelector'];
  const podSelector = pods !== undefined && pods !== null ? selector(pods, `${what}.podSelector`, line) : undefined;
  const note = podSelector && (controllerLabelNote(podSelector, `${what}.podSelector`, line) ?? identityLabelNote(podSelector, `${what}.podSelector`, line));
  if (note) notes.push(note);
  return {
    kind: 'pods',
    line,
    ...(ns !== undefined && ns !== null ? { namespaceSelector: selector(ns, `${what}.namespaceSelector`, line) } : {}),
    ...(podSelector ? { podSelector } : {}),
    written: {
      ...(ns !== undefined && ns !== null ? { namespaceSelector: writtenSelector(ns) } : {}),
      ...(pods !== undefined && pods !== null ? { podSelector: writtenSelector(pods) } : {}),
    },
  };
}

function readRules(obj: RawObject, raw: unknown, direction: 'ingress' | 'egress', notes: PolicyNote[]): NetworkPolicyRule[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new InvalidObject(`spec.${direction} must be a list of rules`, obj.lineOf(raw));
  const peerField = direction === 'ingress' ? 'from' : 'to';
  return raw.map((rule, index) => {
    const what = `spec.${direction}[${index}]`;
    const line = obj.lineOf(rule);
    if (rule !== null && !isRecord(rule)) throw new InvalidObject(`${what} must be a mapping`, line);
    const peersRaw = rule?.[peerField];
    const portsRaw = rule?.['ports'];
    if (peersRaw !== undefined && peersRaw !== null && !Array.isArray(peersRaw)) throw new InvalidObject(`${what}.${peerField} must be a list`, line);
    if (portsRaw !== undefined && portsRaw !== null && !Array.isArray(portsRaw)) throw new InvalidObject(`${what}.ports must be a list`, line);
    const peers = (peersRaw ?? []).map((p: unknown, i: number) => readPeer(p, `${what}.${peerField}[${i}]`, obj.lineOf(p) ?? line, notes));
    const ports = (portsRaw ?? []).map((p: unknown, i: number) => readRulePort(p, `${what}.ports[${i}]`, obj.lineOf(p) ?? line));
    return {
      index,
      line,
      peers: peers.length > 0 ? peers : 'all',
      ports: ports.length > 0 ? ports : 'all',
      peersField: listField(peersRaw),
      portsField: listField(portsRaw),
    };
  });
}

/**
 * Reads and validates a networking.k8s.io/v1 NetworkPolicy as the API server
 * would, applying its defaults. Throws InvalidObject for what the API server
 * would reject; returns notes for what it accepts but the analysis ignores.
 */
/**
 * The directions a NetworkPolicy's policyTypes isolate, as the API server
 * validates and defaults them (defaults.go: Ingress always, Egress where
 * egress rules are given); a list it refuses throws.
 */
export function policyTypesOf(typesRaw: unknown, egressRules: boolean): { ingress: boolean; egress: boolean } {
  if (typesRaw !== undefined && typesRaw !== null && !Array.isArray(typesRaw)) throw new InvalidObject('spec.policyTypes must be a list');
  if (!Array.isArray(typesRaw) || typesRaw.length === 0) return { ingress: true, egress: egressRules };
  if (typesRaw.length > 2) throw new InvalidObject('spec.policyTypes may not list more than two types');
  for (const t of typesRaw) {
    if (t !== 'Ingress' && t !== 'Egress') throw new InvalidObject(`spec.policyTypes: "${shown(t)}" is not Ingress or Egress`);
  }
  return { ingress: typesRaw.includes('Ingress'), egress: typesRaw.includes('Egress') };
}

export function readNetworkPolicy(obj: RawObject, defaultNamespace: string): { policy: NetworkPolicy; notes: PolicyNote[] } {
  // `kubectl apply` refuses an object named by generateName alone ("cannot use generate name with apply"); `kubectl
  // create` makes one under a random name: whether the policy exists is not known, and policies are not workloads, whose
  // pods are the same under any name
  if (!optionalString(obj.body, 'metadata', 'name') && optionalString(obj.body, 'metadata', 'generateName')) {
    throw new InvalidObject('NetworkPolicy has metadata.generateName and no metadata.name, which kubectl apply refuses ("cannot use generate name with apply"); give it a name');
  }
  const { name, namespace } = objectName(obj.body, 'NetworkPolicy', defaultNamespace);
  checkNetworkPolicyFields(obj);
  // ValidateObjectMeta: the API server refuses the policy, so it never isolates anything
  const labels = field(obj.body, 'metadata', 'labels');
  const metaProblem = labelsProblem(isRecord(labels) ? labels : {});
  if (metaProblem) throw new InvalidObject(`metadata: ${metaProblem}, which the API server refuses`);
  const spec = obj.body['spec'];
  if (spec !== undefined && spec !== null && !isRecord(spec)) throw new InvalidObject('spec must be a mapping');
  const notes: PolicyNote[] = [];
  const podSelector = spec?.['podSelector'] === undefined ? MATCH_ALL : selector(spec['podSelector'], 'spec.podSelector', obj.lineOf(spec));
  const subjectLine = isRecord(spec?.['podSelector']) ? obj.lineOf(spec['podSelector']) : obj.line;
  const subjectNote = controllerLabelNote(podSelector, 'spec.podSelector', subjectLine) ?? identityLabelNote(podSelector, 'spec.podSelector', subjectLine);
  if (subjectNote) notes.push(subjectNote);
  const ingress = readRules(obj, spec?.['ingress'], 'ingress', notes);
  const egress = readRules(obj, spec?.['egress'], 'egress', notes);
  const typesRaw = spec?.['policyTypes'];
  const policyTypes = policyTypesOf(typesRaw, egress.length > 0);
  const explicit = Array.isArray(typesRaw) && typesRaw.length > 0;
  const ignoredRules: IgnoredRules[] = [];
  for (const [direction, rules] of [['ingress', ingress], ['egress', egress]] as const) {
    if (rules.length > 0 && !policyTypes[direction]) ignoredRules.push({ direction, line: rules[0]!.line, count: rules.length });
  }
  return {
    policy: {
      kind: 'NetworkPolicy',
      namespace,
      name,
      source: { file: obj.file, line: obj.line },
      podSelector,
      podSelectorLine: isRecord(spec?.['podSelector']) ? obj.lineOf(spec['podSelector']) : obj.line,
      policyTypes,
      policyTypesExplicit: explicit,
      ingress: policyTypes.ingress ? ingress : [],
      egress: policyTypes.egress ? egress : [],
      ingressField: listField(spec?.['ingress']),
      egressField: listField(spec?.['egress']),
      ignoredRules,
    },
    notes,
  };
}
