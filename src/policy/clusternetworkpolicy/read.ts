import type { RulePort } from '../../model/cluster.js';
import type { Protocol } from '../../model/connections.js';
import { MAX_PORT } from '../../model/connections.js';
import type { RawObject } from '../../model/objects.js';
import { InvalidObject, isPortName, isPortNumber, isRecord, optionalString, shown } from '../../model/objects.js';
import type { PolicyNote } from '../kind.js';
import type { PeerRules } from '../adminpolicy/read.js';
import { boundedList, checkNamedPortPeers, readPeer, readRuleName, readSubject } from '../adminpolicy/read.js';
import type { AdminAction, AdminPolicy, AdminRule } from '../adminpolicy/types.js';
import { checkClusterNetworkPolicyFields } from './fields.js';

/**
 * policy.networking.k8s.io/v1alpha2 ClusterNetworkPolicy, validated as its
 * CRD does (kubernetes-sigs/network-policy-api v0.2.0,
 * apis/v1alpha2/clusternetworkpolicy_types.go and the generated CRD).
 */

export const CNP_MAX_PRIORITY = 1000;
/** Most rules per direction, peers per rule and protocols per rule. */
const MAX_ITEMS = 25;

const V1ALPHA2: PeerRules = { namespaceSelectorRequired: false, allowWord: 'Accept', domainNames: true, strict: true };
const ACTIONS: readonly AdminAction[] = ['Accept', 'Deny', 'Pass'];
const PROTOCOLS: Readonly<Record<string, Protocol>> = { tcp: 'TCP', udp: 'UDP', sctp: 'SCTP' };

function setKeys(raw: Record<string, unknown>): string[] {
  return Object.keys(raw).filter((k) => raw[k] !== undefined && raw[k] !== null);
}

function list(raw: unknown, what: string, line: number, min: number): unknown[] | undefined {
  return boundedList(raw, what, line, min, MAX_ITEMS);
}

/** One item of `protocols`: exactly one of tcp, udp, sctp (each with a destinationPort) or destinationNamedPort. */
function readProtocolItem(raw: unknown, what: string, line: number): RulePort {
  const keys = isRecord(raw) ? setKeys(raw) : [];
  if (!isRecord(raw) || keys.length !== 1) {
    throw new InvalidObject(`${what} must set exactly one of tcp, udp, sctp or destinationNamedPort`, line);
  }
  const key = keys[0]!;
  if (key === 'destinationNamedPort') {
    const name = raw[key];
    if (!isPortName(name)) throw new InvalidObject(`${what}.destinationNamedPort: "${shown(name)}" is not a valid port name`, line);
    return { kind: 'named', protocol: undefined, name };
  }
  const protocol = PROTOCOLS[key];
  if (!protocol) throw new InvalidObject(`${what}: unknown field "${key}" (expected tcp, udp, sctp or destinationNamedPort)`, line);
  const port = isRecord(raw[key]) ? (raw[key] as Record<string, unknown>)['destinationPort'] : undefined;
  // the CRD requires a destinationPort: all ports of a protocol are written as the range 1-65535
  if (!isRecord(port)) throw new InvalidObject(`${what}.${key} needs a destinationPort (for every port, give range: {start: 1, end: ${MAX_PORT}})`, line);
  const portKeys = setKeys(port);
  if (portKeys.length !== 1 || (portKeys[0] !== 'number' && portKeys[0] !== 'range')) {
    throw new InvalidObject(`${what}.${key}.destinationPort must set exactly one of number or range`, line);
  }
  if (portKeys[0] === 'number') {
    const n = port['number'];
    if (!isPortNumber(n)) throw new InvalidObject(`${what}.${key}.destinationPort.number ${shown(n)} is not a port from 1 to ${MAX_PORT}`, line);
    return { kind: 'numbers', protocol, from: n, to: n };
  }
  const range = port['range'];
  const start = isRecord(range) ? range['start'] : undefined;
  const end = isRecord(range) ? range['end'] : undefined;
  if (!isPortNumber(start) || !isPortNumber(end)) throw new InvalidObject(`${what}.${key}.destinationPort.range needs start and end ports from 1 to ${MAX_PORT}`, line);
  if (start >= end) throw new InvalidObject(`${what}.${key}.destinationPort.range: start ${start} must be less than end ${end}`, line);
  return { kind: 'numbers', protocol, from: start, to: end };
}

function readRules(obj: RawObject, raw: unknown, direction: 'ingress' | 'egress', notes: PolicyNote[]): AdminRule[] {
  const rules = list(raw, `spec.${direction}`, obj.lineOf(raw), 0) ?? [];
  const peerField = direction === 'ingress' ? 'from' : 'to';
  return rules.map((rule, index) => {
    const line = obj.lineOf(rule);
    const what = `spec.${direction}[${index}]`;
    if (!isRecord(rule)) throw new InvalidObject(`${what} must be a mapping`, line);
    const action = rule['action'];
    if (typeof action !== 'string' || !(ACTIONS as readonly string[]).includes(action)) {
      const hint = action === 'Allow' ? ' (v1alpha2 calls it Accept)' : '';
      throw new InvalidObject(`${what}.action "${shown(action)}" must be Accept, Deny or Pass${hint}`, line);
    }
    const name = readRuleName(rule, what, line);
    const peers = list(rule[peerField], `${what}.${peerField}`, line, 1);
    if (!peers) throw new InvalidObject(`${what}.${peerField} must list at least one peer`, line);
    const protocols = list(rule['protocols'], `${what}.protocols`, line, 1);
    const ports = protocols?.map((p, i) => readProtocolItem(p, `${what}.protocols[${i}]`, obj.lineOf(p) ?? line)) ?? 'all';
    const read = peers.map((p, i) => readPeer(p, `${what}.${peerField}[${i}]`, obj.lineOf(p) ?? line, direction === 'egress', notes, V1ALPHA2));
    checkNamedPortPeers(read, ports, what, line);
    return { index, name, line, action: action as AdminAction, peers: read, ports };
  });
}

/** Reads and validates a ClusterNetworkPolicy; throws InvalidObject for what the API server rejects. */
export function readClusterNetworkPolicy(obj: RawObject): { policy: AdminPolicy; notes: PolicyNote[] } {
  const name = optionalString(obj.body, 'metadata', 'name');
  if (!name) throw new InvalidObject('ClusterNetworkPolicy has no metadata.name');
  checkClusterNetworkPolicyFields(obj);
  const spec = obj.body['spec'];
  if (!isRecord(spec)) throw new InvalidObject('spec must be a mapping');
  const specLine = obj.lineOf(spec);
  const tier = spec['tier'];
  if (tier !== 'Admin' && tier !== 'Baseline') {
    throw new InvalidObject(`spec.tier ${tier === undefined || tier === null ? 'is missing' : `"${shown(tier)}" is invalid`}: it must be Admin or Baseline`, specLine);
  }
  const priority = spec['priority'];
  if (typeof priority !== 'number' || !Number.isInteger(priority) || priority < 0 || priority > CNP_MAX_PRIORITY) {
    throw new InvalidObject(
      `spec.priority ${priority === undefined || priority === null ? 'is missing' : `${shown(priority)} is invalid`}: it must be an integer from 0 to ${CNP_MAX_PRIORITY}`,
      specLine,
    );
  }
  const notes: PolicyNote[] = [];
  const policy: AdminPolicy = {
    kind: 'ClusterNetworkPolicy',
    name,
    tier,
    priority,
    source: { file: obj.file, line: obj.line },
    subject: readSubject(spec['subject'], obj.lineOf(spec['subject']) ?? obj.line, V1ALPHA2, notes),
    ingress: readRules(obj, spec['ingress'], 'ingress', notes),
    egress: readRules(obj, spec['egress'], 'egress', notes),
  };
  return { policy, notes };
}
