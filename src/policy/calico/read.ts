import { Codes, WarningCodes } from '../../model/diagnostics.js';
import * as addr from '../../model/addresses.js';
import { formatCidr, GO_NET_CIDR, hostCidr, parseCidr, unmapped } from '../../model/ipranges.js';
import type { RawObject } from '../../model/objects.js';
import { InvalidObject, isPortName, isRecord, shown } from '../../model/objects.js';
import type { PolicyNote } from '../kind.js';
import { controllerKeysNote } from '../notes.js';
import { checkCalicoFields } from './fields.js';
import { labelsOf, parseCalicoSelector, selectsNonNamespaced, usesGlobal } from './selector.js';
import type { CalicoAction, CalicoPolicy, CalicoPolicyKind, CalicoPort, CalicoProtocol, CalicoRule, CalicoSelector, CalicoTier, EntityRule, Nets } from './types.js';
import { BUILTIN_TIERS } from './types.js';

/**
 * Reading Calico's NetworkPolicy, GlobalNetworkPolicy and Tier, validated as
 * Calico's API server does (libcalico-go/lib/validator/v3/validator.go and
 * the CEL rules of api/pkg/apis/projectcalico/v3, v3.32): what it rejects is
 * an InvalidObject with its line; what it accepts but the analysis does not
 * model is a note.
 */

/** Where an object was read from: its API group decides the form of its metadata. */
export interface CalicoForm {
  /** crd.projectcalico.org/v1: the storage form, not the API users apply. */
  readonly storage: boolean;
}

const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const SUBDOMAIN = `${LABEL}(\\.${LABEL})*`;
/** validator.go networkPolicyNameRegex and globalNetworkPolicyNameRegex (v3.32: at most one dot, no tier prefix required). */
const NETWORK_POLICY_NAME = new RegExp(`^((${LABEL})(\\.${LABEL})?|((knp|ossg)\\.default\\.(${SUBDOMAIN})))$`);
const GLOBAL_NETWORK_POLICY_NAME = new RegExp(`^(${LABEL}\\.)?${LABEL}$`);
const TIER_NAME = new RegExp(`^${LABEL}$`);
const MAX_NAME = 253;
const MAX_TIER_NAME = 63;
const MAX_SELECTOR = 1024;
/** What numorstring.PortFromString takes for a port name (api/pkg/lib/numorstring/port.go nameRegex). */
const PORT_NAME = /^[a-zA-Z0-9_.-]{1,128}$/;

const PROTOCOL_NUMBERS: Readonly<Record<string, number>> = { TCP: 6, UDP: 17, ICMP: 1, ICMPv6: 58, SCTP: 132, UDPLite: 136 };
const MODELLED: Readonly<Record<number, 'TCP' | 'UDP' | 'SCTP'>> = { 6: 'TCP', 17: 'UDP', 132: 'SCTP' };
const ACTIONS: readonly CalicoAction[] = ['Allow', 'Deny', 'Pass', 'Log'];

function isSet(v: unknown): boolean {
  return v !== undefined && v !== null;
}

/** metadata.name of a policy or tier; in the storage form, the name Calico keeps in its projectcalico.org/metadata annotation. */
function readName(obj: RawObject, form: CalicoForm, defaultTier: boolean): string | undefined {
  const meta = obj.body['metadata'];
  const name = isRecord(meta) && typeof meta['name'] === 'string' ? meta['name'] : undefined;
  if (!form.storage) return name;
  const annotations = isRecord(meta) ? meta['annotations'] : undefined;
  const stored = isRecord(annotations) ? annotations['projectcalico.org/metadata'] : undefined;
  if (typeof stored === 'string') {
    try {
      const parsed: unknown = JSON.parse(stored);
      if (isRecord(parsed) && typeof parsed['name'] === 'string' && parsed['name'] !== '') return parsed['name'];
    } catch {
      // an annotation that is not JSON: Calico falls back on the object's own name
    }
  }
  // resources.go: a default-tier policy stored before v3.32 is named default.<name>
  return defaultTier && name?.startsWith('default.') ? name.slice('default.'.length) : name;
}

function storageNote(obj: RawObject, form: CalicoForm, kind: string, notes: PolicyNote[]): void {
  if (!form.storage) return;
  notes.push({
    line: obj.line,
    code: WarningCodes.calicoStorageForm,
    message: `read from ${kind} of crd.projectcalico.org/v1, the form Calico stores objects in, not the API to apply them with (projectcalico.org/v3); analysed as the same ${kind}`,
  });
}

export function readSelector(raw: unknown, what: string, line: number): CalicoSelector | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  if (typeof raw !== 'string') throw new InvalidObject(`${what} must be a selector string`, line);
  if (raw.length > MAX_SELECTOR) throw new InvalidObject(`${what} is longer than ${MAX_SELECTOR} characters`, line);
  const parsed = parseCalicoSelector(raw);
  if ('error' in parsed) throw new InvalidObject(`${what} ${JSON.stringify(raw)} does not parse: ${parsed.error.message} (at character ${parsed.error.position + 1})`, line);
  return { text: raw, expr: parsed.expr };
}

function readOrder(raw: unknown, what: string, line: number): number | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'number' || !Number.isFinite(raw)) throw new InvalidObject(`${what} must be a number`, line);
  return raw;
}

function readProtocol(raw: unknown, what: string, line: number): CalicoProtocol | undefined {
  if (raw === undefined || raw === null) return undefined;
  let number: number | undefined;
  let text: string;
  if (typeof raw === 'number' || (typeof raw === 'string' && /^\d+$/.test(raw))) {
    // numorstring: a numeric string is the number
    number = Number(raw);
    text = shown(raw);
    if (!Number.isInteger(number) || number < 1 || number > 255) throw new InvalidObject(`${what} ${text} must be a protocol number from 1 to 255`, line);
  } else if (typeof raw === 'string') {
    text = raw;
    number = PROTOCOL_NUMBERS[raw];
    if (number === undefined) {
      const hint = Object.keys(PROTOCOL_NUMBERS).find((n) => n.toLowerCase() === raw.toLowerCase());
      throw new InvalidObject(`${what} "${raw}" is not one of TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite or a number from 1 to 255${hint ? ` (names are case-sensitive: ${hint})` : ''}`, line);
    }
  } else {
    throw new InvalidObject(`${what} must be a protocol name or number`, line);
  }
  return { text, number, modelled: MODELLED[number] };
}

function readPorts(raw: unknown, what: string, line: number, storage: boolean): CalicoPort[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) throw new InvalidObject(`${what} must be a list of ports`, line);
  return raw.map((p, i) => {
    const at = `${what}[${i}]`;
    if (typeof p === 'number') {
      if (!Number.isInteger(p) || p < 1 || p > 65535) throw new InvalidObject(`${at}: port ${p} must be from 1 to 65535`, line);
      return { kind: 'range', from: p, to: p };
    }
    if (typeof p !== 'string') throw new InvalidObject(`${at} must be a port number, a range "a:b" or a port name`, line);
    const range = /^(\d+):(\d+)$/.exec(p);
    if (/^\d+$/.test(p) || range) {
      const from = Number(range ? range[1] : p);
      const to = Number(range ? range[2] : p);
      if (from < 1 || to > 65535 || from > to) throw new InvalidObject(`${at}: "${p}" must be a port or an inclusive range of ports from 1 to 65535, lowest first`, line);
      return { kind: 'range', from, to };
    }
    if (!PORT_NAME.test(p)) throw new InvalidObject(`${at}: "${p}" is not a port number, a range "a:b" or a valid port name`, line);
    // the validator takes Kubernetes port names only (libcalico-go/lib/validator/v3/validator.go validatePortName: IsValidPortName);
    // the storage form is written past it (its CRD's schema takes any string): such a name matches no container port
    if (!storage && !isPortName(p)) throw new InvalidObject(`${at}: port name "${p}" is not a valid port name (at most 15 lowercase letters, digits and "-", with a letter, as a container port's)`, line);
    return { kind: 'named', name: p };
  });
}

/**
 * A rule's nets or notNets. Go's net package reads each (no spaces
 * around, a prefix length with leading zeros read as a number), and reads an
 * IPv4-mapped block as the IPv4 block it maps. Calico's v3 validator
 * (libcalico-go lib/validator/v3/validator.go) takes only CIDRs, strictly
 * masked: EntityRule.Nets is `validate:"omitempty,dive,net"`, and
 * validateIPNetwork refuses host bits; validateRule's scanNets parses each
 * with cnet.ParseCIDR, which needs a "/", so a bare address is an "invalid
 * CIDR" (docs.tigera.io/calico/latest/reference/resources/networkpolicy,
 * EntityRule: nets takes a "list of valid IPv4 CIDRs or list of valid IPv6
 * CIDRs"). The storage form (crd.projectcalico.org/v1) is
 * written past the validator, and Felix reads it with cnet.ParseCIDROrIP:
 * a bare address is a /32 (or /128), host bits are masked.
 */
function readNets(raw: unknown, what: string, line: number, negated: boolean, storage: boolean): Nets | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) throw new InvalidObject(`${what} must be a list of CIDRs`, line);
  if (raw.length === 0) return undefined;
  let addresses = addr.NONE;
  const cidrs: string[] = [];
  for (const n of raw) {
    if (typeof n !== 'string') throw new InvalidObject(`${what} must be a list of CIDRs`, line);
    const bare = !n.includes('/');
    const parsed = parseCidr(bare ? hostCidr(n) : n, GO_NET_CIDR);
    if (parsed.kind === 'invalid') {
      const refused =
        parsed.problem !== 'whitespace'
          ? ''
          : storage
            ? '; Felix cannot parse it (cnet.ParseCIDROrIP does not trim), so what the rule matches is not known'
            : `; Calico's validator rejects it ("invalid CIDR"), so the policy is not in the cluster`;
      throw new InvalidObject(`${what}: ${bare && !parsed.problem ? `"${n}" is not a CIDR (expected address/prefix, for example 10.0.0.0/8 or 2001:db8::/32)` : parsed.reason}${refused}`, line);
    }
    if (!storage && bare) {
      throw new InvalidObject(`${what}: "${n}" is an address, not a CIDR, which Calico's validator rejects ("invalid CIDR": nets are CIDRs), so the policy is not in the cluster; write ${formatCidr(unmapped(parsed))}`, line);
    }
    if (!storage && parsed.hostBitsSet) {
      throw new InvalidObject(
        `${what}: "${n}" has host bits set, which Calico's validator rejects (nets must be strictly masked networks), so the policy is not in the cluster; write ${formatCidr(unmapped(parsed))} for the block or ${n.slice(0, n.indexOf('/'))}/${parsed.kind === 'ipv4' ? 32 : 128} for the one address`,
        line,
      );
    }
    const c = unmapped(parsed);
    // validateRule's scanNets (v3.32) refuses a catch-all in notNets: an IPv4 one only as the text "0.0.0.0/0", an IPv6
    // one at any /0; another way of writing every IPv4 address ("0.0.0.0/00", "::ffff:0.0.0.0/96") is taken, and the
    // rule matches nothing
    if (negated && !storage && ((c.kind === 'ipv4' && n === '0.0.0.0/0') || (parsed.kind === 'ipv6' && c.kind === 'ipv6' && c.prefix === 0))) {
      throw new InvalidObject(`${what}: "${n}" covers every address, so the rule could never match (Calico rejects it: "catch-all CIDR in negation creates logical contradiction")`, line);
    }
    addresses = addr.union(addresses, addr.ofCidr(c));
    cidrs.push(n);
  }
  const families = addr.families(addresses);
  if (families.length > 1) throw new InvalidObject(`${what} mixes IPv4 and IPv6 CIDRs`, line);
  return { cidrs, addresses, family: families[0]! };
}

function readEntityRule(raw: unknown, what: string, line: number, namespaced: boolean, storage: boolean): EntityRule {
  if (raw === undefined || raw === null) return {};
  if (!isRecord(raw)) throw new InvalidObject(`${what} must be a mapping`, line);
  const selector = readSelector(raw['selector'], `${what}.selector`, line);
  if (selector && usesGlobal(selector.expr)) throw new InvalidObject(`${what}.selector: global() can only be used in an EntityRule namespaceSelector`, line);
  const namespaceSelector = readSelector(raw['namespaceSelector'], `${what}.namespaceSelector`, line);
  if (namespaceSelector && usesGlobal(namespaceSelector.expr) && namespaceSelector.expr.op !== 'global') {
    throw new InvalidObject(`${what}.namespaceSelector: global() must be the whole namespaceSelector`, line);
  }
  const notSelector = readSelector(raw['notSelector'], `${what}.notSelector`, line);
  let serviceAccounts: EntityRule['serviceAccounts'];
  const sa = raw['serviceAccounts'];
  if (isSet(sa)) {
    if (!isRecord(sa)) throw new InvalidObject(`${what}.serviceAccounts must be a mapping with names and/or selector`, line);
    const names = sa['names'] ?? [];
    if (!Array.isArray(names) || names.some((n) => typeof n !== 'string')) throw new InvalidObject(`${what}.serviceAccounts.names must be a list of names`, line);
    const saSelector = readSelector(sa['selector'], `${what}.serviceAccounts.selector`, line);
    serviceAccounts = { names: names as string[], ...(saSelector ? { selector: saSelector } : {}) };
  }
  let services: EntityRule['services'];
  const svc = raw['services'];
  if (isSet(svc)) {
    if (!isRecord(svc) || typeof svc['name'] !== 'string' || svc['name'] === '') throw new InvalidObject(`${what}.services must specify a service name`, line);
    if (namespaceSelector) throw new InvalidObject(`${what}: cannot specify namespaceSelector and services on the same rule`, line);
    if (serviceAccounts) throw new InvalidObject(`${what}: cannot specify serviceAccounts and services on the same rule`, line);
    if (selector || notSelector) throw new InvalidObject(`${what}: cannot specify selector/notSelector and services on the same rule`, line);
    if (isSet(raw['nets']) || isSet(raw['notNets'])) throw new InvalidObject(`${what}: cannot specify nets/notNets and services on the same rule`, line);
    const ns = svc['namespace'];
    if (isSet(ns) && typeof ns !== 'string') throw new InvalidObject(`${what}.services.namespace must be a string`, line);
    if (!namespaced && (typeof ns !== 'string' || ns === '')) throw new InvalidObject(`${what}.services needs a namespace in a GlobalNetworkPolicy`, line);
    services = { name: svc['name'], ...(typeof ns === 'string' && ns !== '' ? { namespace: ns } : {}) };
  }
  const domains = raw['domains'];
  if (isSet(domains) && (!Array.isArray(domains) || domains.some((d) => typeof d !== 'string'))) throw new InvalidObject(`${what}.domains must be a list of domain names`, line);
  const nets = readNets(raw['nets'], `${what}.nets`, line, false, storage);
  const notNets = readNets(raw['notNets'], `${what}.notNets`, line, true, storage);
  const ports = readPorts(raw['ports'], `${what}.ports`, line, storage);
  const notPorts = readPorts(raw['notPorts'], `${what}.notPorts`, line, storage);
  return {
    ...(nets ? { nets } : {}),
    ...(notNets ? { notNets } : {}),
    ...(selector ? { selector } : {}),
    ...(notSelector ? { notSelector } : {}),
    ...(namespaceSelector ? { namespaceSelector } : {}),
    ...(ports && ports.length > 0 ? { ports } : {}),
    ...(notPorts && notPorts.length > 0 ? { notPorts } : {}),
    ...(serviceAccounts ? { serviceAccounts } : {}),
    ...(services ? { services } : {}),
    ...(Array.isArray(domains) && domains.length > 0 ? { domains: domains as string[] } : {}),
  };
}

function readIcmp(raw: unknown, what: string, line: number): boolean {
  if (!isSet(raw)) return false;
  if (!isRecord(raw)) throw new InvalidObject(`${what} must be a mapping with type and code`, line);
  const type = raw['type'];
  const code = raw['code'];
  if (isSet(type) && (typeof type !== 'number' || !Number.isInteger(type) || type < 0 || type > 254)) throw new InvalidObject(`${what}.type must be from 0 to 254`, line);
  if (isSet(code) && (typeof code !== 'number' || !Number.isInteger(code) || code < 0 || code > 255)) throw new InvalidObject(`${what}.code must be from 0 to 255`, line);
  if (isSet(code) && !isSet(type)) throw new InvalidObject(`${what}: ICMP code specified without an ICMP type`, line);
  return true;
}

/** A note for a selector of pods that reads labels controllers set on pods (pod-template-hash, job-name). */
function controllerLabelsNote(sel: CalicoSelector | undefined, what: string, line: number, notes: PolicyNote[]): void {
  const note = sel && controllerKeysNote(labelsOf(sel.expr), what, line);
  if (note) notes.push(note);
}

/** What a rule holds that the analysis does not model, in words; a Log rule decides nothing and needs none. */
function ruleNotes(rule: CalicoRule, what: string, direction: 'ingress' | 'egress', notes: PolicyNote[]): void {
  if (rule.action === 'Log') return;
  for (const side of ['source', 'destination'] as const) {
    controllerLabelsNote(rule[side].selector, `${what}.${side}.selector`, rule.line, notes);
    controllerLabelsNote(rule[side].notSelector, `${what}.${side}.notSelector`, rule.line, notes);
  }
  const note = (message: string) => notes.push({ line: rule.line, code: Codes.unsupported, message: `${what}: ${message}` });
  // an Allow is taken to match (a path that may be open is shown open), a Deny or Pass to match nothing
  const taken = (what: string) => (rule.action === 'Allow' ? `the Allow rule is taken to match ${what}` : `the ${rule.action} rule is taken to match nothing`);
  const remote = direction === 'ingress' ? rule.source : rule.destination;
  const sourceSide = rule.source;
  if (rule.protocol && !rule.protocol.modelled) {
    note(`protocol ${rule.protocol.text}${rule.icmp ? ' (with its ICMP type and code)' : ''} is not modelled (only TCP, UDP and SCTP are analysed); the rule matches none of the traffic analysed`);
  }
  if (rule.http) note('its HTTP match is enforced by Calico\'s application layer policy only; the rule is analysed at L3/L4, as if it had none');
  if (remote.services) {
    const svc = `${remote.services.namespace ? `${remote.services.namespace}/` : ''}${remote.services.name}`;
    note(`services (the endpoints of Service ${svc}) are not modelled; ${taken('every peer')}`);
  }
  if (sourceSide.ports || sourceSide.notPorts) note(`source ports are not modelled; ${taken('every source port')}`);
  // https://docs.tigera.io/calico-enterprise/latest/network-policy/domain-based-policy: the addresses DNS gives for the names, never a service in the cluster
  if (remote.domains) note(`domains ${remote.domains.join(', ')} (Calico Enterprise's DNS policy) are not resolved; ${rule.action === 'Allow' ? 'the Allow rule is taken to match every external address and no pod' : `the ${rule.action} rule is taken to match nothing`}`);
  const local = direction === 'ingress' ? rule.destination : rule.source;
  if (local.domains) note(`domains on the policy's own side (${local.domains.join(', ')}) are not modelled; ${taken('every one of its pods')}`);
  if (remote.namespaceSelector && selectsNonNamespaced(remote.namespaceSelector.expr)) {
    const pods = remote.namespaceSelector.expr.op === 'global' ? 'the rule matches no pod' : 'the rule matches only the pods of the namespaces it picks';
    note(`namespaceSelector ${remote.namespaceSelector.text} selects host endpoints and global network sets too, which are not modelled; ${pods}`);
  }
}

/**
 * An HTTPMatch as the validator takes it (libcalico-go/lib/validator/v3/
 * validator.go validateHTTPRule: validateHTTPMethods, validateHTTPPaths;
 * api/pkg/apis/projectcalico/v3/policy_common.go: at most 20 methods and 20
 * paths, a path at most 1024 characters): methods without duplicates; each
 * path exactly one of `exact` or `prefix`, starting with `/` and holding no
 * `?`, ` ` or `#`.
 */
function checkHttpMatch(http: Record<string, unknown>, what: string, line: number): void {
  const methods = http['methods'];
  if (isSet(methods)) {
    if (!Array.isArray(methods) || methods.some((m) => typeof m !== 'string')) throw new InvalidObject(`${what}.methods must be a list of strings`, line);
    if (methods.length > 20) throw new InvalidObject(`${what}.methods: at most 20 methods`, line);
    if (new Set(methods).size !== methods.length) throw new InvalidObject(`${what}.methods: Invalid methods (duplicates): ${methods.join(' ')}`, line);
  }
  const paths = http['paths'];
  if (!isSet(paths)) return;
  if (!Array.isArray(paths)) throw new InvalidObject(`${what}.paths must be a list of exact or prefix matches`, line);
  if (paths.length > 20) throw new InvalidObject(`${what}.paths: at most 20 paths`, line);
  paths.forEach((p, i) => {
    const at = `${what}.paths[${i}]`;
    if (!isRecord(p)) throw new InvalidObject(`${at} must be a mapping with exact or prefix`, line);
    const exact = p['exact'] ?? '';
    const prefix = p['prefix'] ?? '';
    if (typeof exact !== 'string' || typeof prefix !== 'string') throw new InvalidObject(`${at}: exact and prefix must be strings`, line);
    if (exact !== '' && prefix !== '') throw new InvalidObject(`${at}: Invalid path match. Both 'exact' and 'prefix' are set`, line);
    const v = exact || prefix;
    if (v === '') throw new InvalidObject(`${at}: Invalid path match. Either 'exact' or 'prefix' must be set`, line);
    if (v.length > 1024) throw new InvalidObject(`${at}: a path is at most 1024 characters`, line);
    if (!v.startsWith('/') || /[? #]/.test(v)) throw new InvalidObject(`${at}: Invalid path ${v} (must start with \`/\` and not contain \`?\` or \`#\`)`, line);
  });
}

function readRule(raw: unknown, index: number, direction: 'ingress' | 'egress', obj: RawObject, namespaced: boolean, notes: PolicyNote[], storage: boolean): CalicoRule {
  const what = `spec.${direction}[${index}]`;
  const line = obj.lineOf(raw);
  if (!isRecord(raw)) throw new InvalidObject(`${what} must be a mapping`, line);
  const action = raw['action'];
  if (typeof action !== 'string' || !(ACTIONS as readonly string[]).includes(action)) {
    throw new InvalidObject(`${what}.action ${isSet(action) ? `"${shown(action)}"` : 'is missing: it'} must be Allow, Deny, Pass or Log`, line);
  }
  const protocol = readProtocol(raw['protocol'], `${what}.protocol`, line);
  const notProtocol = readProtocol(raw['notProtocol'], `${what}.notProtocol`, line);
  const ipVersionRaw = raw['ipVersion'];
  if (isSet(ipVersionRaw) && ipVersionRaw !== 4 && ipVersionRaw !== 6) throw new InvalidObject(`${what}.ipVersion must be 4 or 6`, line);
  const ipVersion = isSet(ipVersionRaw) ? (ipVersionRaw as 4 | 6) : undefined;
  const sourceLine = isRecord(raw['source']) ? obj.lineOf(raw['source']) : line;
  const destinationLine = isRecord(raw['destination']) ? obj.lineOf(raw['destination']) : line;
  const source = readEntityRule(raw['source'], `${what}.source`, sourceLine, namespaced, storage);
  const destination = readEntityRule(raw['destination'], `${what}.destination`, destinationLine, namespaced, storage);
  const icmp = readIcmp(raw['icmp'], `${what}.icmp`, line);
  const notIcmp = readIcmp(raw['notICMP'], `${what}.notICMP`, line);
  const isIcmp = (p: CalicoProtocol | undefined) => p !== undefined && (p.number === 1 || p.number === 58);
  if ((icmp || notIcmp) && !isIcmp(protocol)) throw new InvalidObject(`${what}: ICMP fields require protocol to be ICMP or ICMPv6`, line);
  for (const p of [protocol, notProtocol]) {
    if (p?.number === 1 && ipVersion === 6) throw new InvalidObject(`${what}: protocol ICMP requires ipVersion 4`, line);
    if (p?.number === 58 && ipVersion === 4) throw new InvalidObject(`${what}: protocol ICMPv6 requires ipVersion 6`, line);
  }
  // validator.go validateRule: numeric ports need TCP, UDP or SCTP; a protocol without ports takes none
  for (const [side, entity] of [['source', source], ['destination', destination]] as const) {
    for (const field of ['ports', 'notPorts'] as const) {
      const list = entity[field];
      if (!list) continue;
      if (!protocol) {
        if (list.some((p) => p.kind === 'range')) throw new InvalidObject(`${what}.${side}.${field}: rules with numeric ports or port ranges must set protocol to TCP, UDP or SCTP`, line);
      } else if (!protocol.modelled) {
        throw new InvalidObject(`${what}.${side}.${field}: rules that specify ports must set protocol to TCP, UDP or SCTP (not ${protocol.text})`, line);
      }
    }
  }
  const nets = [source.nets, source.notNets, destination.nets, destination.notNets].filter((n): n is Nets => n !== undefined);
  if (new Set(nets.map((n) => n.family)).size > 1) throw new InvalidObject(`${what} contains both IPv4 and IPv6 CIDRs`, line);
  if (ipVersion !== undefined && nets.some((n) => n.family !== (ipVersion === 6 ? 'ipv6' : 'ipv4'))) throw new InvalidObject(`${what}: ipVersion ${ipVersion} does not match the IP version of its CIDRs`, line);
  const http = raw['http'];
  if (isSet(http)) {
    if (!isRecord(http)) throw new InvalidObject(`${what}.http must be a mapping with methods and/or paths`, line);
    checkHttpMatch(http, `${what}.http`, line);
    if (action !== 'Allow') throw new InvalidObject(`${what}: HTTP match is only valid on Allow rules`, line);
    if (protocol && protocol.number !== 6) throw new InvalidObject(`${what}: rules with HTTP match must have protocol TCP or unset`, line);
    if (direction === 'egress') throw new InvalidObject(`${what}: HTTP match is only valid on ingress rules`, line);
  }
  if (destination.services && (destination.ports || destination.notPorts)) throw new InvalidObject(`${what}: ports and notPorts cannot be specified with services`, line);
  // validator.go: services only as the remote side (an ingress rule's source, an egress rule's destination)
  if ((direction === 'ingress' && destination.services) || (direction === 'egress' && source.services)) {
    throw new InvalidObject(`${what}: services may only be used in ${direction === 'ingress' ? 'source' : 'destination'} of ${direction} rules`, line);
  }
  const rule: CalicoRule = {
    index,
    line,
    action: action as CalicoAction,
    ...(protocol ? { protocol } : {}),
    ...(notProtocol ? { notProtocol } : {}),
    ...(ipVersion ? { ipVersion } : {}),
    icmp: icmp || notIcmp,
    http: isSet(http),
    source,
    destination,
  };
  ruleNotes(rule, what, direction, notes);
  return rule;
}

function readRules(obj: RawObject, raw: unknown, direction: 'ingress' | 'egress', namespaced: boolean, notes: PolicyNote[], storage: boolean): CalicoRule[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new InvalidObject(`spec.${direction} must be a list of rules`, obj.lineOf(raw));
  return raw.map((r, i) => readRule(r, i, direction, obj, namespaced, notes, storage));
}

/** Reads a Calico NetworkPolicy (namespaced) or GlobalNetworkPolicy. */
export function readCalicoPolicy(obj: RawObject, kind: CalicoPolicyKind, defaultNamespace: string, form: CalicoForm): { policy: CalicoPolicy; notes: PolicyNote[] } {
  const namespaced = kind === 'CalicoNetworkPolicy';
  const written = obj.kind;
  checkCalicoFields(obj, namespaced ? 'NetworkPolicy' : 'GlobalNetworkPolicy');
  const spec = obj.body['spec'];
  if (isSet(spec) && !isRecord(spec)) throw new InvalidObject('spec must be a mapping');
  const s: Record<string, unknown> = isRecord(spec) ? spec : {};
  const specLine = isRecord(spec) ? obj.lineOf(spec) : obj.line;
  const tierRaw = s['tier'];
  if (isSet(tierRaw) && typeof tierRaw !== 'string') throw new InvalidObject('spec.tier must be a string', specLine);
  const tier = typeof tierRaw === 'string' && tierRaw !== '' ? tierRaw : 'default';
  const name = readName(obj, form, tier === 'default');
  if (!name) throw new InvalidObject(`${written} has no metadata.name`);
  const nameOk = name.length <= MAX_NAME && (namespaced ? NETWORK_POLICY_NAME : GLOBAL_NETWORK_POLICY_NAME).test(name);
  if (!nameOk) {
    throw new InvalidObject(
      `metadata.name "${name}" is not a valid ${written} name: lower-case letters, digits and "-", with at most one "."`,
    );
  }
  if (!TIER_NAME.test(tier) || tier.length > MAX_TIER_NAME) throw new InvalidObject(`spec.tier "${tier}" is not a valid tier name`, specLine);
  const metaNs = obj.body['metadata'];
  const namespace = namespaced ? (isRecord(metaNs) && typeof metaNs['namespace'] === 'string' && metaNs['namespace'] !== '' ? metaNs['namespace'] : defaultNamespace) : undefined;
  const notes: PolicyNote[] = [];
  storageNote(obj, form, written, notes);
  const selector = readSelector(s['selector'], 'spec.selector', specLine) ?? { text: '', expr: { op: 'all' as const } };
  controllerLabelsNote(selector, 'spec.selector', specLine, notes);
  const serviceAccountSelector = readSelector(s['serviceAccountSelector'], 'spec.serviceAccountSelector', specLine);
  const namespaceSelector = namespaced ? undefined : readSelector(s['namespaceSelector'], 'spec.namespaceSelector', specLine);
  if (namespaced && isSet(s['namespaceSelector'])) throw new InvalidObject('spec.namespaceSelector is a field of GlobalNetworkPolicy, not of NetworkPolicy', specLine);
  for (const [field, sel] of [['selector', selector], ['serviceAccountSelector', serviceAccountSelector], ['namespaceSelector', namespaceSelector]] as const) {
    if (!namespaced && sel && usesGlobal(sel.expr)) throw new InvalidObject(`spec.${field}: global() can only be used in an EntityRule namespaceSelector`, specLine);
  }
  const ruleNotes: PolicyNote[] = [];
  const ingress = readRules(obj, s['ingress'], 'ingress', namespaced, ruleNotes, form.storage);
  const egress = readRules(obj, s['egress'], 'egress', namespaced, ruleNotes, form.storage);
  const typesRaw = s['types'];
  let types: { ingress: boolean; egress: boolean };
  const explicit = Array.isArray(typesRaw) && typesRaw.length > 0;
  if (isSet(typesRaw) && !Array.isArray(typesRaw)) throw new InvalidObject('spec.types must be a list', specLine);
  if (explicit) {
    for (const t of typesRaw) if (t !== 'Ingress' && t !== 'Egress') throw new InvalidObject(`spec.types: "${shown(t)}" is not Ingress or Egress`, specLine);
    if (new Set(typesRaw).size !== typesRaw.length) throw new InvalidObject('spec.types lists a type twice', specLine);
    types = { ingress: typesRaw.includes('Ingress'), egress: typesRaw.includes('Egress') };
  } else if (form.storage) {
    // the storage form is not defaulted (only the API server and clientv3 fill types in, api/pkg/defaults), and Felix takes a
    // policy without types to govern both directions (felix/calc policy_sorter: "no Types means Ingress and Egress")
    types = { ingress: true, egress: true };
  } else {
    // api/pkg/defaults/networkpolicy.go: Ingress when there are no egress rules, Egress alone when there are only egress rules
    types = egress.length === 0 ? { ingress: true, egress: false } : ingress.length === 0 ? { ingress: false, egress: true } : { ingress: true, egress: true };
  }
  const ignoredRules: Array<{ direction: 'ingress' | 'egress'; line: number; count: number }> = [];
  for (const [direction, rules] of [['ingress', ingress], ['egress', egress]] as const) {
    if (rules.length > 0 && !types[direction]) ignoredRules.push({ direction, line: rules[0]!.line, count: rules.length });
  }
  // what the rules of ignored directions hold does not matter
  notes.push(...ruleNotes.filter((n) => types[n.message.startsWith('spec.ingress') ? 'ingress' : 'egress']));
  let hostEndpointsOnly = false;
  if (!namespaced) {
    const flag = (f: string) => {
      const v = s[f];
      if (isSet(v) && typeof v !== 'boolean') throw new InvalidObject(`spec.${f} must be true or false`, specLine);
      return v === true;
    };
    const doNotTrack = flag('doNotTrack');
    const preDNAT = flag('preDNAT');
    const applyOnForward = flag('applyOnForward');
    if (doNotTrack && preDNAT) throw new InvalidObject('spec: doNotTrack and preDNAT cannot both be true', specLine);
    if (preDNAT && (egress.length > 0 || types.egress)) throw new InvalidObject('spec: a preDNAT policy cannot have egress rules or the Egress type', specLine);
    if ((doNotTrack || preDNAT) && !applyOnForward) throw new InvalidObject('spec: applyOnForward must be true when doNotTrack or preDNAT is', specLine);
    hostEndpointsOnly = doNotTrack || preDNAT;
    if (hostEndpointsOnly) {
      notes.push({
        line: specLine,
        code: Codes.unsupported,
        message: `${doNotTrack ? 'doNotTrack' : 'preDNAT'} policies apply to host endpoints only, which are not modelled; the policy holds no pod`,
      });
    } else if (applyOnForward) {
      notes.push({ line: specLine, code: Codes.unsupported, message: 'applyOnForward concerns traffic forwarded through host endpoints, which is not modelled; the policy is analysed for pods' });
    }
  }
  return {
    policy: {
      kind,
      name,
      ...(namespace !== undefined ? { namespace } : {}),
      source: { file: obj.file, line: obj.line },
      tier,
      ...(isSet(s['order']) ? { order: readOrder(s['order'], 'spec.order', specLine)! } : {}),
      selector,
      selectorLine: specLine,
      ...(namespaceSelector ? { namespaceSelector } : {}),
      ...(serviceAccountSelector ? { serviceAccountSelector } : {}),
      types,
      typesExplicit: explicit,
      ingress: types.ingress ? ingress : [],
      egress: types.egress ? egress : [],
      ignoredRules,
      hostEndpointsOnly,
    },
    notes,
  };
}

/** Reads a Calico Tier; the built-in tiers must keep the order and default action Calico pins. */
export function readCalicoTier(obj: RawObject, form: CalicoForm): { policy: CalicoTier; notes: PolicyNote[] } {
  checkCalicoFields(obj, 'Tier');
  const name = readName(obj, form, false);
  if (!name) throw new InvalidObject('Tier has no metadata.name');
  if (!TIER_NAME.test(name) || name.length > MAX_TIER_NAME) throw new InvalidObject(`metadata.name "${name}" is not a valid tier name: lower-case letters, digits and "-", at most ${MAX_TIER_NAME}`);
  const spec = obj.body['spec'];
  if (isSet(spec) && !isRecord(spec)) throw new InvalidObject('spec must be a mapping');
  const specLine = isRecord(spec) ? obj.lineOf(spec) : obj.line;
  const order = readOrder(isRecord(spec) ? spec['order'] : undefined, 'spec.order', specLine);
  const actionRaw = isRecord(spec) ? spec['defaultAction'] : undefined;
  if (isSet(actionRaw) && actionRaw !== 'Deny' && actionRaw !== 'Pass') throw new InvalidObject(`spec.defaultAction "${shown(actionRaw)}" must be Deny or Pass`, specLine);
  const defaultAction = actionRaw === 'Pass' ? 'Pass' : 'Deny';
  const builtin = BUILTIN_TIERS.get(name);
  if (builtin && (order !== builtin.order || defaultAction !== builtin.defaultAction)) {
    throw new InvalidObject(`the ${name} tier is built in: its order must be ${builtin.order} and its defaultAction ${builtin.defaultAction}`, specLine);
  }
  const notes: PolicyNote[] = [];
  storageNote(obj, form, 'Tier', notes);
  return { policy: { kind: 'Tier', name, source: { file: obj.file, line: obj.line }, ...(order !== undefined ? { order } : {}), defaultAction }, notes };
}
