import type { RulePort } from '../../model/cluster.js';
import type { Protocol } from '../../model/connections.js';
import { MAX_PORT } from '../../model/connections.js';
import { Codes } from '../../model/diagnostics.js';
import * as addr from '../../model/addresses.js';
import type { ParsedCidr } from '../../model/ipranges.js';
import { NETIP_PREFIX, parseCidr } from '../../model/ipranges.js';
import type { RawObject } from '../../model/objects.js';
import { InvalidObject, isRecord, optionalString, shown } from '../../model/objects.js';
import type { Shape } from '../fields.js';
import { firstUnknown, METADATA } from '../fields.js';
import type { PolicyNote } from '../kind.js';
import type { SelectorScope } from './selectors.js';
import { readIdentitySelector } from './selectors.js';
import type { CiliumKind, CiliumPeer, CiliumPolicy, CiliumPortRule, CiliumRule, CiliumSpecRule, IdentitySelector, PortQuirk, Section } from './types.js';

/**
 * Reads cilium.io/v2 CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy
 * as Cilium does. What the CRD schema or the agent's validation rejects
 * (pkg/policy/api/rule_validation.go Sanitize; the agent then does not
 * apply the policy at all) throws InvalidObject with the line, and so does a
 * field the schema does not have (kubectl's strict field validation refuses
 * the object); peers and rule parts the analysis does not model are notes
 * (RD007).
 */

/** The fields of each object of the schema (pkg/policy/api: rule.go, ingress.go, egress.go, l4.go, cidr.go). */
const RULE_FIELDS = ['endpointSelector', 'nodeSelector', 'ingress', 'ingressDeny', 'egress', 'egressDeny', 'labels', 'enableDefaultDeny', 'description', 'log'];
const INGRESS_PEERS = ['fromEndpoints', 'fromCIDR', 'fromCIDRSet', 'fromEntities', 'fromNodes', 'fromGroups'];
const EGRESS_PEERS = ['toEndpoints', 'toCIDR', 'toCIDRSet', 'toEntities', 'toServices', 'toGroups', 'toNodes'];
const SECTION_FIELDS: Record<Section, readonly string[]> = {
  ingress: [...INGRESS_PEERS, 'fromRequires', 'toPorts', 'icmps', 'authentication'],
  ingressDeny: [...INGRESS_PEERS, 'fromRequires', 'toPorts', 'icmps'],
  egress: [...EGRESS_PEERS, 'toRequires', 'toPorts', 'toFQDNs', 'icmps', 'authentication'],
  egressDeny: [...EGRESS_PEERS, 'toRequires', 'toPorts', 'icmps'],
};
const PORT_RULE_FIELDS = ['ports', 'rules', 'serverNames', 'terminatingTLS', 'originatingTLS', 'listener'];

/** A value as JSON with its mappings' keys in order: the same value written with its keys in another order is the same text. */
function sortedJson(value: unknown): string {
  const sorted = (v: unknown): unknown => (Array.isArray(v) ? v.map(sorted) : isRecord(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])])) : v);
  return JSON.stringify(sorted(value));
}
const PORT_FIELDS = ['port', 'endPort', 'protocol'];
const CIDR_RULE_FIELDS = ['cidr', 'cidrGroupRef', 'cidrGroupSelector', 'except'];
const L7_TYPES: Record<string, string> = { http: 'HTTP', kafka: 'Kafka', dns: 'DNS', l7proto: '' };

/** What a field of a shaped object holds (see Reader.shaped). */
type ShapeKind = 'string' | 'integer' | 'strings' | 'stringMap' | NestedShape | readonly [NestedShape];
interface NestedShape {
  readonly fields: Readonly<Record<string, ShapeKind>>;
  readonly required?: readonly string[];
}

/** A Secret reference (pkg/policy/api Secret). */
const SECRET: NestedShape = { fields: { namespace: 'string', name: 'string' }, required: ['name'] };
/** The entries of each kind of L7 rules (pkg/policy/api http.go, kafka.go, l7.go, fqdn.go's PortRuleDNS). */
const L7_ENTRIES: Readonly<Record<string, NestedShape>> = {
  http: { fields: { path: 'string', method: 'string', host: 'string', headers: 'strings', headerMatches: [{ fields: { mismatch: 'string', name: 'string', secret: SECRET, value: 'string' }, required: ['name'] }] } },
  kafka: { fields: { role: 'string', apiKey: 'string', apiVersion: 'string', clientID: 'string', topic: 'string' } },
  dns: { fields: { matchName: 'string', matchPattern: 'string' } },
};
/** A TLS context (pkg/policy/api TLSContext). */
const TLS_CONTEXT: Readonly<Record<string, ShapeKind>> = { secret: SECRET, trustedCA: 'string', certificate: 'string', privateKey: 'string' };
/** A listener (pkg/policy/api Listener): the CiliumEnvoyConfig that defines it, its name and priority. */
const LISTENER: Readonly<Record<string, ShapeKind>> = { envoyConfig: { fields: { kind: 'string', name: 'string' }, required: ['kind', 'name'] }, name: 'string', priority: 'integer' };
/** The ICMP types the CRD's pattern takes by name (pkg/policy/api icmp.go ICMPField.Type), beside numbers from 0 to 255. */
const ICMP_TYPE_NAMES: ReadonlySet<string> = new Set(
  'EchoReply DestinationUnreachable Redirect Echo RouterAdvertisement RouterSelection TimeExceeded ParameterProblem Timestamp TimestampReply Photuris ExtendedEchoRequest PacketTooBig EchoRequest MulticastListenerQuery MulticastListenerReport MulticastListenerDone RouterSolicitation NeighborSolicitation NeighborAdvertisement RedirectMessage RouterRenumbering ICMPNodeInformationQuery ICMPNodeInformationResponse InverseNeighborDiscoverySolicitation InverseNeighborDiscoveryAdvertisement HomeAgentAddressDiscoveryRequest HomeAgentAddressDiscoveryReply MobilePrefixSolicitation MobilePrefixAdvertisement DuplicateAddressRequestCodeSuffix DuplicateAddressConfirmationCodeSuffix'.split(' '),
);
/**
 * The object around the rules (pkg/k8s/apis/cilium.io/v2 cnp_types.go,
 * ccnp_types.go: TypeMeta, ObjectMeta, spec, specs, status); the rules
 * themselves are checked field by field as they are read.
 */
const OBJECT_SHAPE: Shape = { apiVersion: 'leaf', kind: 'leaf', metadata: METADATA, spec: 'leaf', specs: 'leaf', status: 'leaf' };
const SELECTOR_FIELDS = ['matchLabels', 'matchExpressions'];
const REQUIREMENT_FIELDS = ['key', 'operator', 'values'];

/** Why a field the schema does not have refuses the whole policy. */
function unknownFieldMessage(path: string, why?: string): string {
  return `unknown field "${path}"${why ? ` (${why})` : ''}: kubectl apply refuses the object (strict field validation; Cilium's CRDs keep no unknown fields), so the policy never reaches the cluster`;
}

/**
 * The entities of the CRD enum (pkg/policy/api/entity.go, `+kubebuilder:validation:Enum`) of Cilium 1.18 to 1.20; the
 * API server refuses a policy naming another. world-ipv4 and world-ipv6 are entities of the agent but not of the enum;
 * cluster-mesh came after 1.20 (cilium/cilium PR #46813, "Policy: add cluster-mesh entity").
 */
export const ENTITIES = ['all', 'world', 'cluster', 'host', 'init', 'ingress', 'unmanaged', 'remote-node', 'health', 'none', 'kube-apiserver'];
const PROTOCOLS = ['TCP', 'UDP', 'SCTP', 'ANY', 'VRRP', 'IGMP', 'GRE', 'IPIP', 'IPV6', 'ESP', 'AH'];
const MAX_PORTS = 40;
const FQDN_NAME = /^([-a-zA-Z0-9_]+[.]?)+$/;
const FQDN_PATTERN = /^([-a-zA-Z0-9_*]+[.]?)+$/;
/** IANA service names, as Cilium tells a port name from a number (pkg/iana/svcname.go). */
const SERVICE_NAME = /^([a-zA-Z0-9]-?)*[a-zA-Z](-?[a-zA-Z0-9])*$/;

/**
 * Who refuses a CIDR whose form only some parsers take: spaces around it
 * fail the CRD's format: cidr (net.ParseCIDR does not trim), so the object
 * is not stored; a prefix length with a leading zero passes the CRD but not
 * the agent's sanitizer (netip.ParsePrefix), so the policy is not imported.
 */
function ciliumRefuses(c: Extract<ParsedCidr, { kind: 'invalid' }>): string {
  if (c.problem === 'whitespace') return '; the CRD rejects it (format: cidr), so the object is not in the cluster';
  if (c.problem === 'padded-bits') return "; the agent's policy sanitizer rejects it (netip.ParsePrefix), so Cilium does not import the policy";
  return '';
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

/** A list field: undefined when absent or null. */
function listOf(raw: unknown, what: string, line: number): unknown[] | undefined {
  if (!present(raw)) return undefined;
  if (!Array.isArray(raw)) throw new InvalidObject(`${what} must be a list`, line);
  return raw;
}

/**
 * A port number as Go's strconv.ParseUint(port, 0, 16) reads the digits
 * Cilium passes it: a leading 0 means octal ("010" is 8), underscores may
 * separate digits.
 */
export function parsePortNumber(text: string): number | undefined {
  if (!/^[0-9]+(_[0-9]+)*$/.test(text)) return undefined;
  const digits = text.replace(/_/g, '');
  const octal = digits.length > 1 && digits.startsWith('0');
  if (octal && !/^[0-7]+$/.test(digits)) return undefined;
  const n = octal ? parseInt(digits, 8) : Number(digits);
  return n <= MAX_PORT ? n : undefined;
}

class Reader {
  readonly notes: PolicyNote[] = [];
  readonly portQuirks: PortQuirk[] = [];

  constructor(
    private readonly obj: RawObject,
    private readonly kind: CiliumKind,
    private readonly namespace: string | undefined,
  ) {}

  line(node: unknown, fallback: number): number {
    return typeof node === 'object' && node !== null ? (this.obj.lineOf(node) ?? fallback) : fallback;
  }

  note(line: number, message: string): void {
    this.notes.push({ line, code: Codes.unsupported, message });
  }

  /**
   * Refuses a field the schema does not have at this place; `misplaced` says
   * why a known field is not allowed here. Cilium's CRDs do not preserve
   * unknown fields, so kubectl's strict field validation (the default of
   * `kubectl apply` from 1.27) refuses the object: the policy never reaches
   * the cluster.
   */
  unknown(raw: Record<string, unknown>, known: readonly string[], what: string, line: number, misplaced: Record<string, string> = {}): void {
    for (const k of Object.keys(raw)) {
      if (known.includes(k)) continue;
      const at = typeof raw[k] === 'object' && raw[k] !== null ? this.line(raw[k], line) : line;
      throw new InvalidObject(unknownFieldMessage(`${what}.${k}`, Object.prototype.hasOwnProperty.call(misplaced, k) ? misplaced[k] : undefined), at);
    }
  }

  /**
   * The fields of an object of the CRD's schema whose contents the analysis
   * does not read (L7 rules, TLS contexts, a listener): each must be a
   * mapping of the fields `fields` lists, as `kind` says each holds
   * (`string`, a list of strings, a mapping of strings, or a nested shape);
   * those of `required` must be there. kubectl's strict validation and the
   * CRD's schema refuse any other (pkg/policy/api l7.go, http.go, kafka.go,
   * rule_validation.go's TLSContext and Listener).
   */
  shaped(raw: unknown, what: string, line: number, fields: Readonly<Record<string, ShapeKind>>, required: readonly string[] = []): void {
    if (!isRecord(raw)) throw new InvalidObject(`${what} must be a mapping`, line);
    const at = this.line(raw, line);
    this.unknown(raw, Object.keys(fields), what, at);
    for (const key of required) if (!present(raw[key])) throw new InvalidObject(`${what}.${key} is required`, at);
    for (const [key, kind] of Object.entries(fields)) {
      const v = raw[key];
      if (!present(v)) continue;
      const field = `${what}.${key}`;
      if (kind === 'string' && typeof v !== 'string') throw new InvalidObject(`${field} must be a string`, at);
      if (kind === 'integer' && !(typeof v === 'number' && Number.isInteger(v))) throw new InvalidObject(`${field} must be an integer`, at);
      if (kind === 'strings' && !(Array.isArray(v) && v.every((x) => typeof x === 'string'))) throw new InvalidObject(`${field} must be a list of strings`, at);
      if (kind === 'stringMap' && !(isRecord(v) && Object.values(v).every((x) => typeof x === 'string'))) throw new InvalidObject(`${field} must be a mapping of strings`, at);
      if (typeof kind === 'object') {
        if (Array.isArray(kind)) {
          if (!Array.isArray(v)) throw new InvalidObject(`${field} must be a list`, at);
          v.forEach((item, i) => this.shaped(item, `${field}[${i}]`, at, kind[0].fields, kind[0].required));
        } else {
          this.shaped(v, field, at, (kind as NestedShape).fields, (kind as NestedShape).required);
        }
      }
    }
  }

  /** An endpoint selector; a field other than matchLabels and matchExpressions is dropped by the API server, which leaves a selector of everything. */
  selector(raw: unknown, what: string, line: number, role: SelectorScope['role'], notes = this.notes): IdentitySelector {
    this.selectorFields(raw, what, line);
    return readIdentitySelector(raw, what, line, { namespace: this.namespace, role }, notes);
  }

  /** The fields of a label selector and of its requirements (pkg/policy/api/selector.go EndpointSelector: a slim LabelSelector). */
  selectorFields(raw: unknown, what: string, line: number): void {
    if (!isRecord(raw)) return;
    this.unknown(raw, SELECTOR_FIELDS, what, line);
    const expressions = raw['matchExpressions'];
    if (!Array.isArray(expressions)) return;
    expressions.forEach((e, i) => {
      if (isRecord(e)) this.unknown(e, REQUIREMENT_FIELDS, `${what}.matchExpressions[${i}]`, this.line(e, line));
    });
  }

  // --- peers ---

  cidr(raw: unknown, except: unknown, what: string, line: number): CiliumPeer {
    if (typeof raw !== 'string' || raw === '') throw new InvalidObject(`${what} must be a CIDR`, line);
    // netip.ParsePrefix, as the agent's sanitizer reads it (rule_validation.go CIDR.sanitize, CIDRRule.sanitize): an IPv4-mapped
    // prefix stays the IPv6 prefix it is written as; spaces around it and a prefix length with a leading zero are refused
    const parsed = parseCidr(raw, NETIP_PREFIX);
    if (parsed.kind === 'invalid') throw new InvalidObject(`${what}: ${parsed.reason}${ciliumRefuses(parsed)}`, line);
    const holes = listOf(except, `${what}.except`, line) ?? [];
    let addresses = addr.ofCidr(parsed);
    for (const e of holes) {
      const hole = typeof e === 'string' ? parseCidr(e, NETIP_PREFIX) : undefined;
      if (!hole || hole.kind === 'invalid') throw new InvalidObject(`${what}.except: ${hole?.reason ?? 'must be a list of CIDRs'}${hole ? ciliumRefuses(hole) : ''}`, line);
      // the hole's address as written inside the CIDR, which also asks the same family (rule_validation.go CIDRRule.sanitize:
      // prefix.Contains(except.Addr()), whatever the hole's length); a hole shorter than the CIDR removes all of it, masked
      const inside = hole.kind === parsed.kind && hole.address >= parsed.first && hole.address <= parsed.last;
      if (!inside) throw new InvalidObject(`${what}: allow CIDR prefix ${raw} does not contain exclude CIDR prefix ${shown(e)}`, line);
      addresses = addr.subtract(addresses, addr.ofCidr(hole));
    }
    return { kind: 'cidr', cidr: raw, except: holes as string[], addresses, line };
  }

  cidrRule(raw: unknown, what: string, line: number): CiliumPeer {
    if (!isRecord(raw)) throw new InvalidObject(`${what} must be a mapping with cidr (and except)`, line);
    this.unknown(raw, CIDR_RULE_FIELDS, what, line);
    const set = ['cidr', 'cidrGroupRef', 'cidrGroupSelector'].filter((k) => present(raw[k]) && raw[k] !== '');
    if (set.length !== 1) {
      throw new InvalidObject(`${what}: ${set.length === 0 ? 'one of cidr, cidrGroupRef, or cidrGroupSelector is required' : 'more than one of cidr, cidrGroupRef, or cidrGroupSelector may not be set'}`, line);
    }
    if (set[0] !== 'cidr') {
      this.note(line, `${what}.${set[0]}: CiliumCIDRGroups are not read; this peer matches no address`);
      return { kind: 'unmodelled', what: set[0]! };
    }
    return this.cidr(raw['cidr'], raw['except'], `${what}.cidr`, line);
  }

  entity(raw: unknown, what: string, line: number): CiliumPeer {
    if (typeof raw !== 'string' || !ENTITIES.includes(raw)) {
      const hint =
        raw === 'world-ipv4' || raw === 'world-ipv6'
          ? ' (the CRD does not accept world-ipv4 and world-ipv6; use world)'
          : raw === 'cluster-mesh'
            ? ` (not in the CRD of Cilium 1.18 to 1.20, which refuses the policy: a later release adds it; one of ${ENTITIES.join(', ')})`
            : ` (one of ${ENTITIES.join(', ')})`;
      throw new InvalidObject(`${what}: unsupported entity "${shown(raw)}"${hint}`, line);
    }
    if (raw === 'kube-apiserver' || raw === 'ingress' || raw === 'unmanaged') {
      const who = { 'kube-apiserver': 'the API server', ingress: "Cilium's ingress proxy", unmanaged: 'endpoints Cilium does not manage' }[raw];
      this.note(line, `${what}: the ${raw} entity (${who}) is not an endpoint of the manifests; it matches no workload or address here`);
    }
    return { kind: 'entity', entity: raw };
  }

  fqdn(raw: unknown, what: string, line: number): string {
    if (!isRecord(raw)) throw new InvalidObject(`${what} must be a mapping with matchName or matchPattern`, line);
    this.unknown(raw, ['matchName', 'matchPattern'], what, line);
    const set = ['matchName', 'matchPattern'].filter((k) => present(raw[k]));
    if (set.length !== 1) throw new InvalidObject(`${what} must set exactly one of matchName or matchPattern`, line);
    const value = raw[set[0]!];
    const pattern = set[0] === 'matchName' ? FQDN_NAME : FQDN_PATTERN;
    if (typeof value !== 'string' || value.length > 255 || !pattern.test(value)) throw new InvalidObject(`${what}.${set[0]}: "${shown(value)}" is not a valid DNS ${set[0] === 'matchName' ? 'name' : 'pattern'}`, line);
    return value;
  }

  /** Whether a rule gives fromRequires (ingress) or toRequires (egress), which is not modelled: noted. */
  requires(raw: Record<string, unknown>, section: Section, what: string, line: number): boolean {
    const field = section.startsWith('ingress') ? 'fromRequires' : 'toRequires';
    const list = listOf(raw[field], `${what}.${field}`, line) ?? [];
    list.forEach((item, i) => this.selectorFields(item, `${what}.${field}[${i}]`, this.line(item, line)));
    if (list.length === 0) return false;
    this.note(line, `${what}.${field} is not modelled (deprecated in Cilium 1.17, rejected from 1.19): the requirements it adds to other rules' peers are left out`);
    return true;
  }

  /**
   * The peers of a rule. At most one peer field may be non-empty
   * (rule_validation.go: "combining X and Y is not supported yet"); an
   * explicit empty list of endpoints, nodes, entities or CIDRs selects
   * nothing (pkg/policy/utils/parserules.go mergeEndpointSelectors); no
   * peer field at all is every peer where ports are given.
   */
  peers(raw: Record<string, unknown>, section: Section, what: string, line: number): CiliumRule['peers'] {
    const ingress = section.startsWith('ingress');
    const fields = [...(ingress ? INGRESS_PEERS : EGRESS_PEERS), ...(section === 'egress' ? ['toFQDNs'] : [])];
    const lists = new Map<string, unknown[]>();
    for (const f of fields) {
      const list = listOf(raw[f], `${what}.${f}`, line);
      if (list) lists.set(f, list);
    }
    const nonEmpty = [...lists].filter(([, l]) => l.length > 0).map(([f]) => f);
    if (nonEmpty.length > 1) throw new InvalidObject(`${what}: combining ${nonEmpty[0]} and ${nonEmpty[1]} is not supported yet`, line);
    const selecting = ingress ? ['fromEndpoints', 'fromNodes', 'fromEntities', 'fromCIDR', 'fromCIDRSet'] : ['toEndpoints', 'toNodes', 'toEntities', 'toCIDR', 'toCIDRSet'];
    if (selecting.some((f) => lists.get(f)?.length === 0)) return 'none';
    if (nonEmpty.length === 0) return 'any';
    const field = nonEmpty[0]!;
    const items = lists.get(field)!;
    const at = (item: unknown) => this.line(item, line);
    switch (field) {
      case 'fromEndpoints':
      case 'toEndpoints':
        return items.map((item, i) => ({ kind: 'endpoints', selector: this.selector(item, `${what}.${field}[${i}]`, at(item), 'peer') }));
      case 'fromEntities':
      case 'toEntities':
        return items.map((item, i) => this.entity(item, `${what}.${field}[${i}]`, line));
      case 'fromCIDR':
      case 'toCIDR':
        return items.map((item, i) => this.cidr(item, undefined, `${what}.${field}[${i}]`, line));
      case 'fromCIDRSet':
      case 'toCIDRSet':
        return items.map((item, i) => this.cidrRule(item, `${what}.${field}[${i}]`, at(item)));
      case 'toFQDNs': {
        const names = items.map((item, i) => this.fqdn(item, `${what}.toFQDNs[${i}]`, at(item)));
        this.note(
          line,
          `${what}.toFQDNs (${names.join(', ')}): the addresses behind DNS names are learned at run time and not modelled; the rule is taken to reach any external address (and no pod), and its paths are marked`,
        );
        return [{ kind: 'fqdn', names }];
      }
      default: {
        const why: Record<string, string> = {
          fromNodes: 'node labels are not in the manifests (and Cilium needs --enable-node-selector-labels)',
          toNodes: 'node labels are not in the manifests (and Cilium needs --enable-node-selector-labels)',
          fromGroups: 'cloud security groups are resolved by the operator at run time',
          toGroups: 'cloud security groups are resolved by the operator at run time',
          toServices: 'Services are not read; Cilium turns them into the endpoints or addresses behind them',
        };
        this.note(line, `${what}.${field} is not modelled (${why[field]}); this peer matches nothing`);
        return [{ kind: 'unmodelled', what: field }];
      }
    }
  }

  // --- ports ---

  /** One item of `ports`: a number (or 0: every port), a name, or a range with endPort; ANY is TCP, UDP and SCTP. */
  portProtocol(raw: unknown, what: string, line: number, l7: { dns: boolean }): { ports: RulePort[]; zero: boolean; protocol: string; range: boolean } {
    if (!isRecord(raw)) throw new InvalidObject(`${what} must be a mapping with port (and protocol)`, line);
    this.unknown(raw, PORT_FIELDS, what, line);
    const protocolRaw = raw['protocol'];
    if (present(protocolRaw) && (typeof protocolRaw !== 'string' || !PROTOCOLS.includes(protocolRaw))) {
      const hint = typeof protocolRaw === 'string' && protocolRaw.toUpperCase() === 'ICMP' ? ' (ICMP is matched with icmps)' : '';
      throw new InvalidObject(`${what}: protocol "${shown(protocolRaw)}" is not one of ${PROTOCOLS.join(', ')}${hint}`, line);
    }
    const protocol = (protocolRaw as string | undefined) ?? 'ANY';
    const portRaw = raw['port'];
    if (present(portRaw) && typeof portRaw !== 'string') throw new InvalidObject(`${what}: port must be a string (quote it: "${shown(portRaw)}")`, line);
    if (typeof portRaw !== 'string' || portRaw === '') throw new InvalidObject(`${what}: port must be specified`, line);
    const port = portRaw;
    const endPort = raw['endPort'];
    if (present(endPort) && (typeof endPort !== 'number' || !Number.isInteger(endPort) || endPort < 0 || endPort > MAX_PORT)) {
      throw new InvalidObject(`${what}: endPort ${shown(endPort)} must be an integer from 0 to ${MAX_PORT}`, line);
    }
    const extended = !['TCP', 'UDP', 'SCTP', 'ANY'].includes(protocol);
    const protocols: Protocol[] = protocol === 'ANY' ? ['TCP', 'UDP', 'SCTP'] : extended ? [] : [protocol as Protocol];
    if (port.length <= 15 && SERVICE_NAME.test(port)) {
      if (extended) throw new InvalidObject(`${what}: port must be empty or 0 for protocol ${protocol}`, line);
      const name = port.toLowerCase();
      const ports: RulePort[] = protocol === 'ANY' ? [{ kind: 'named', protocol: undefined, name }] : protocols.map((p) => ({ kind: 'named', protocol: p, name }));
      return { ports, zero: false, protocol, range: false };
    }
    if (extended && port !== '0') throw new InvalidObject(`${what}: port must be empty or 0 for protocol ${protocol}`, line);
    const number = parsePortNumber(port);
    if (number === undefined) throw new InvalidObject(`${what}: unable to parse port "${port}" (a number up to ${MAX_PORT} or a port name)`, line);
    const end = typeof endPort === 'number' ? endPort : 0;
    const range = number !== 0 && end > number;
    if (l7.dns && range) throw new InvalidObject(`${what}: DNS rules do not support port ranges`, line);
    if (number !== 0 && end !== 0 && end < number) {
      this.portQuirks.push({ what, line, message: `endPort ${end} is below port ${number}, so Cilium allows the single port ${number}` });
    }
    const ports: RulePort[] = protocols.map((p) => (number === 0 ? { kind: 'all', protocol: p } : { kind: 'numbers', protocol: p, from: number, to: range ? end : number }));
    return { ports, zero: number === 0, protocol, range };
  }

  /** One entry of toPorts, with its L7 rules, server names or listener (allow rules only). */
  portRule(raw: unknown, what: string, line: number, section: Section, hostPolicy: boolean): CiliumPortRule {
    if (!isRecord(raw)) throw new InvalidObject(`${what} must be a mapping with ports`, line);
    const deny = section.endsWith('Deny');
    const ingress = section.startsWith('ingress');
    const misplaced = deny ? Object.fromEntries(PORT_RULE_FIELDS.filter((f) => f !== 'ports').map((f) => [f, 'deny rules have no L7 part'])) : {};
    this.unknown(raw, deny ? ['ports'] : PORT_RULE_FIELDS, what, line, misplaced);
    const items = listOf(raw['ports'], `${what}.ports`, line) ?? [];
    if (items.length > MAX_PORTS) throw new InvalidObject(`${what}: too many ports, the max is ${MAX_PORTS}`, line);
    const rules = deny ? undefined : raw['rules'];
    let l7: string | undefined;
    let l7Type: string | undefined;
    if (present(rules)) {
      if (!isRecord(rules)) throw new InvalidObject(`${what}.rules must be a mapping (http, dns)`, line);
      this.unknown(rules, [...Object.keys(L7_TYPES), 'l7'], `${what}.rules`, line);
      // an empty l7proto names no parser and is no rule type (rule_validation.go L7Rules.Validate counts it where not "")
      const types = Object.keys(L7_TYPES).filter((t) => present(rules[t]) && !(t === 'l7proto' && rules[t] === ''));
      if (types.length > 1) throw new InvalidObject(`${what}.rules: multiple L7 protocol rule types specified in single rule`, line);
      const type = types[0];
      const value = type === undefined ? undefined : rules[type];
      if (type !== undefined && type !== 'l7proto' && !Array.isArray(value)) throw new InvalidObject(`${what}.rules.${type} must be a list`, line);
      if (type === 'l7proto' && typeof value !== 'string') throw new InvalidObject(`${what}.rules.l7proto must be a string`, line);
      if (type !== undefined && type !== 'l7proto') (value as unknown[]).forEach((e, i) => this.shaped(e, `${what}.rules.${type}[${i}]`, line, L7_ENTRIES[type]!.fields, L7_ENTRIES[type]!.required));
      // l7: the generic rules of l7proto, each a mapping of strings (PortRuleL7)
      const generic = rules['l7'];
      if (present(generic)) {
        if (!Array.isArray(generic) || !generic.every((e) => isRecord(e) && Object.values(e).every((x) => typeof x === 'string'))) throw new InvalidObject(`${what}.rules.l7 must be a list of mappings of strings`, line);
        // rules with entries are validated (L7Rules.IsEmpty counts the l7 list), and l7 asks for the parser l7proto names
        // (rule_validation.go L7Rules.Validate): the agent refuses the whole policy without it
        const proto = rules['l7proto'];
        if (generic.length > 0 && !(typeof proto === 'string' && proto !== '')) throw new InvalidObject(`${what}.rules: 'l7' may only be specified when a 'l7proto' is also specified, so Cilium's agent refuses the policy`, line);
      }
      // empty L7 rules are no L7 rules (L7Rules.IsEmpty)
      if (type === 'l7proto' ? typeof value === 'string' && value !== '' : Array.isArray(value) && value.length > 0) {
        l7Type = type;
        l7 = type === 'l7proto' ? `L7 ${shown(value)}` : `L7 ${L7_TYPES[type!]}`;
      }
    }
    const dns = l7Type === 'dns';
    if (dns && ingress) throw new InvalidObject(`${what}: DNS rules are not allowed on ingress`, line);
    if (hostPolicy && l7 && (ingress || !dns)) throw new InvalidObject(`${what}: ${ingress ? 'L7 policy is not supported on host ingress yet' : `L7 protocol ${l7Type} is not supported on host egress yet`}`, line);
    const ports: RulePort[] = [];
    items.forEach((item, i) => {
      const p = this.portProtocol(item, `${what}.ports[${i}]`, this.line(item, line), { dns });
      if (l7 && p.zero) throw new InvalidObject(`${what}: L7 rules can not be used when a port is 0`, line);
      if (l7 && !dns && p.protocol !== 'TCP') throw new InvalidObject(`${what}: L7 rules can only apply to TCP (not ${p.protocol}) except for DNS rules`, line);
      ports.push(...p.ports);
    });
    if (dns && items.length === 0) throw new InvalidObject(`${what}: port 53 must be specified for DNS rules`, line);
    const names = deny ? [] : (listOf(raw['serverNames'], `${what}.serverNames`, line) ?? []);
    if (names.some((n) => n === '' || typeof n !== 'string')) throw new InvalidObject(`${what}.serverNames: empty server name is not allowed`, line);
    if (names.length > 0 && l7 && !present(raw['terminatingTLS'])) throw new InvalidObject(`${what}: ServerNames are not allowed with L7 rules without TLS termination`, line);
    for (const tls of ['terminatingTLS', 'originatingTLS']) if (!deny && present(raw[tls])) this.shaped(raw[tls], `${what}.${tls}`, line, TLS_CONTEXT);
    const listener = deny ? undefined : raw['listener'];
    let listenerName: string | undefined;
    if (present(listener)) {
      this.shaped(listener, `${what}.listener`, line, LISTENER, ['envoyConfig', 'name']);
      listenerName = isRecord(listener) && typeof listener['name'] === 'string' ? listener['name'] : '';
      if (ingress) throw new InvalidObject(`${what}: Listener is not allowed on ingress (${listenerName})`, line);
      if (l7) throw new InvalidObject(`${what}: Listener is not allowed with L7 rules (${listenerName})`, line);
    }
    const parts = [l7, names.length > 0 ? `SNI ${names.join(' ')}` : undefined, listenerName !== undefined ? `listener ${listenerName}` : undefined].filter((p): p is string => p !== undefined);
    const filter = parts.length > 0 ? sortedJson(Object.fromEntries(PORT_RULE_FIELDS.filter((f) => f !== 'ports' && present(raw[f])).map((f) => [f, raw[f]]))) : undefined;
    return { ports, ...(parts.length > 0 ? { l7: parts.join(' + '), filter } : {}), ...(l7 ? { l7Rules: true as const } : {}), line };
  }

  // --- rules ---

  rule(raw: unknown, section: Section, what: string, index: number, spec: number, hostPolicy: boolean): CiliumRule {
    const line = this.line(raw, this.obj.line);
    if (!isRecord(raw)) throw new InvalidObject(`${what} must be a mapping`, line);
    const deny = section.endsWith('Deny');
    const misplaced: Record<string, string> = deny ? { toFQDNs: 'deny rules cannot name DNS names', authentication: 'deny rules have no authentication' } : {};
    this.unknown(raw, SECTION_FIELDS[section], what, line, misplaced);
    const requires = this.requires(raw, section, what, line);
    const peers = this.peers(raw, section, what, line);
    const toPorts = listOf(raw['toPorts'], `${what}.toPorts`, line) ?? [];
    const icmps = listOf(raw['icmps'], `${what}.icmps`, line) ?? [];
    if (toPorts.length > 0 && icmps.length > 0) throw new InvalidObject(`${what}: the ICMPs block may only be present without ToPorts. Define a separate rule to use ToPorts`, line);
    for (const [i, icmp] of icmps.entries()) {
      // ICMPRule {fields}, ICMPField {family, type} (pkg/policy/api/icmp.go)
      if (isRecord(icmp)) this.unknown(icmp, ['fields'], `${what}.icmps[${i}]`, this.line(icmp, line));
      const fields = isRecord(icmp) ? listOf(icmp['fields'], `${what}.icmps[${i}].fields`, line) : undefined;
      if (!fields) throw new InvalidObject(`${what}.icmps[${i}] must be a mapping with fields`, line);
      if (fields.length > MAX_PORTS) throw new InvalidObject(`${what}.icmps[${i}]: too many types, the max is ${MAX_PORTS}`, line);
      for (const [j, f] of fields.entries()) {
        if (isRecord(f)) this.unknown(f, ['family', 'type'], `${what}.icmps[${i}].fields[${j}]`, this.line(f, line));
        const family = isRecord(f) ? f['family'] : undefined;
        if (present(family) && family !== 'IPv4' && family !== 'IPv6') throw new InvalidObject(`${what}.icmps[${i}]: wrong family: ${shown(family)}`, line);
        // an integer from 0 to 255 (the uint8 of the CRDs before names were taken: Minimum 0, Maximum 255)
        // or a string of the CRD's pattern: a number from 0 to 255 or a type's name
        const type = isRecord(f) ? f['type'] : undefined;
        if (!present(type)) throw new InvalidObject(`${what}.icmps[${i}].fields[${j}].type is required`, line);
        if (typeof type === 'string' ? !(/^([0-9]|[1-9][0-9]|1[0-9]{2}|2[0-4][0-9]|25[0-5])$/.test(type) || ICMP_TYPE_NAMES.has(type)) : !(typeof type === 'number' && Number.isInteger(type) && type >= 0 && type <= 255)) {
          throw new InvalidObject(`${what}.icmps[${i}].fields[${j}].type: ${typeof type === 'string' ? JSON.stringify(type) : shown(type)} is not an ICMP type (a number from 0 to 255 or a type's name, as the CRD's pattern takes)`, line);
        }
      }
    }
    // ICMP is outside the connections analysed (TCP, UDP, SCTP): said, so that a rule of ICMP alone does not pass in silence
    if (icmps.length > 0) this.note(line, `${what}: its icmps are not analysed (ICMP is outside the connections reachdiff models: TCP, UDP and SCTP), so the ${deny ? 'ICMP it denies' : 'ICMP it allows'} is not shown`);
    const ports: CiliumRule['ports'] =
      icmps.length > 0 ? [] : toPorts.length === 0 ? 'all' : toPorts.map((p, i) => this.portRule(p, `${what}.toPorts[${i}]`, this.line(p, line), section, hostPolicy));
    const notes: string[] = [];
    if (peers !== 'any' && peers !== 'none' && peers[0]?.kind === 'fqdn') notes.push(`toFQDNs ${peers[0].names.join(' ')}`);
    const auth = deny ? undefined : raw['authentication'];
    let authMode: string | undefined;
    if (present(auth)) {
      // Authentication {mode} (pkg/policy/api/rule.go)
      if (isRecord(auth)) this.unknown(auth, ['mode'], `${what}.authentication`, line);
      const mode = isRecord(auth) ? auth['mode'] : undefined;
      if (mode !== 'disabled' && mode !== 'required' && mode !== 'test-always-fail') throw new InvalidObject(`${what}.authentication.mode must be disabled, required or test-always-fail`, line);
      if (mode !== 'disabled') {
        authMode = mode;
        notes.push(`mutual auth${mode === 'required' ? '' : ` (${mode})`}`);
      }
    }
    return {
      index,
      section,
      action: deny ? 'deny' : 'allow',
      line,
      spec,
      // no peer and no port: the rule puts the pods in default deny and allows nothing (pkg/policy/rule.go mergeL4Filter)
      peers: peers === 'any' && ports === 'all' ? 'none' : peers,
      ports,
      ...(notes.length > 0 ? { note: notes.join(' + ') } : {}),
      ...(icmps.length > 0 ? { icmpOnly: true as const } : {}),
      ...(authMode !== undefined ? { authentication: authMode } : {}),
      ...(requires ? { requires: true as const } : {}),
    };
  }

  /** One rule of spec or specs; `path` is empty for a lone spec (its rules are named `ingress[0]`), else `spec` or `specs[i]`. */
  specRule(raw: unknown, prefixPath: string, spec: number, out: { ingress: CiliumRule[]; egress: CiliumRule[] }): CiliumSpecRule {
    const path = prefixPath || 'spec';
    const line = this.line(raw, this.obj.line);
    if (!isRecord(raw)) throw new InvalidObject(`${path} must be a mapping`, line);
    this.unknown(raw, RULE_FIELDS, path, line);
    const sections = new Map<Section, unknown[] | undefined>();
    for (const s of ['ingress', 'ingressDeny', 'egress', 'egressDeny'] as const) sections.set(s, listOf(raw[s], `${path}.${s}`, this.line(raw[s], line)));
    if ([...sections.values()].every((l) => !l || l.length === 0)) {
      throw new InvalidObject(`${path}: rule must have at least one of Ingress, IngressDeny, Egress, EgressDeny`, line);
    }
    const endpointSelector = raw['endpointSelector'];
    const nodeSelector = raw['nodeSelector'];
    if (!present(endpointSelector) && !present(nodeSelector)) throw new InvalidObject(`${path}: rule must have one of EndpointSelector or NodeSelector`, line);
    if (present(endpointSelector) && present(nodeSelector)) throw new InvalidObject(`${path}: rule cannot have both EndpointSelector and NodeSelector`, line);
    if (present(nodeSelector) && this.kind === 'CiliumNetworkPolicy') throw new InvalidObject(`${path}: rule cannot have NodeSelector (host policies are CiliumClusterwideNetworkPolicies)`, line);
    let subject: CiliumSpecRule['subject'];
    if (present(endpointSelector)) {
      subject = this.selector(endpointSelector, `${path}.endpointSelector`, this.line(endpointSelector, line), 'subject');
    } else {
      this.selector(nodeSelector, `${path}.nodeSelector`, this.line(nodeSelector, line), 'subject', []);
      this.note(line, `${path}.nodeSelector: host policies apply to nodes (with the host firewall enabled), which are not endpoints of the manifests; this rule is not modelled`);
    }
    const enable = raw['enableDefaultDeny'];
    const enableDefaultDeny: { ingress?: boolean; egress?: boolean } = {};
    if (present(enable)) {
      if (!isRecord(enable)) throw new InvalidObject(`${path}.enableDefaultDeny must be a mapping with ingress and egress`, line);
      this.unknown(enable, ['ingress', 'egress'], `${path}.enableDefaultDeny`, line);
      for (const d of ['ingress', 'egress'] as const) {
        const v = enable[d];
        if (!present(v)) continue;
        if (typeof v !== 'boolean') throw new InvalidObject(`${path}.enableDefaultDeny.${d} must be true or false`, line);
        enableDefaultDeny[d] = v;
      }
    }
    this.metadataFields(raw, path, line);
    const prefix = prefixPath === '' ? '' : `${prefixPath}.`;
    const emptySections: Array<{ section: Section; line: number }> = [];
    for (const [section, list] of sections) {
      if (list?.length === 0) emptySections.push({ section, line: this.line(raw[section], line) });
      const into = section.startsWith('ingress') ? out.ingress : out.egress;
      (list ?? []).forEach((item, i) => into.push(this.rule(item, section, `${path}.${section}[${i}]`, into.length, spec, present(nodeSelector))));
    }
    const has = (d: 'ingress' | 'egress') => (sections.get(d)?.length ?? 0) + (sections.get(`${d}Deny`)?.length ?? 0) > 0;
    return { path, prefix, line, subject, enableDefaultDeny, has: { ingress: has('ingress'), egress: has('egress') }, emptySections };
  }

  /** labels, description and log: metadata, checked as the CRD does. */
  metadataFields(raw: Record<string, unknown>, path: string, line: number): void {
    for (const [i, l] of (listOf(raw['labels'], `${path}.labels`, line) ?? []).entries()) {
      if (!isRecord(l) || typeof l['key'] !== 'string') throw new InvalidObject(`${path}.labels[${i}] needs a key`, line);
      // a Label of pkg/labels/labels.go: key, value, source
      this.unknown(l, ['key', 'value', 'source'], `${path}.labels[${i}]`, this.line(l, line));
    }
    if (present(raw['description']) && typeof raw['description'] !== 'string') throw new InvalidObject(`${path}.description must be a string`, line);
    const log = raw['log'];
    // LogConfig {value} (pkg/policy/api/rule.go)
    if (isRecord(log)) this.unknown(log, ['value'], `${path}.log`, line);
    if (present(log)) {
      const value = isRecord(log) ? log['value'] : undefined;
      if (present(value) && (typeof value !== 'string' || value.length > 32 || !/^[\x20-\x7e]*$/.test(value))) {
        throw new InvalidObject(`${path}.log.value must be at most 32 printable characters`, line);
      }
    }
  }
}

/** A rule's name as written: `ingressDeny[0]` in a lone spec, `specs[1].egress[2]`. */
export function ruleName(p: CiliumPolicy, rule: CiliumRule): string {
  const list = rule.section.startsWith('ingress') ? p.ingress : p.egress;
  const position = list.filter((r) => r.spec === rule.spec && r.section === rule.section && r.index < rule.index).length;
  return `${p.specs[rule.spec]!.prefix}${rule.section}[${position}]`;
}

/** Reads and validates a CiliumNetworkPolicy or CiliumClusterwideNetworkPolicy; throws InvalidObject for what Cilium rejects. */
export function readCiliumPolicy(obj: RawObject, kind: CiliumKind, defaultNamespace: string): { policy: CiliumPolicy; notes: PolicyNote[] } {
  const name = optionalString(obj.body, 'metadata', 'name');
  if (!name) throw new InvalidObject(`${kind} has no metadata.name`);
  const namespace = kind === 'CiliumNetworkPolicy' ? optionalString(obj.body, 'metadata', 'namespace') || defaultNamespace : undefined;
  const r = new Reader(obj, kind, namespace);
  const spec = obj.body['spec'];
  const specs = listOf(obj.body['specs'], 'specs', obj.line);
  if (!present(spec) && !specs) throw new InvalidObject('spec or specs must be provided');
  const found = firstUnknown(obj, obj.body, OBJECT_SHAPE);
  if (found) throw new InvalidObject(unknownFieldMessage(found.path.join('.')), found.line);
  const both = present(spec) && specs !== undefined;
  const rules: Array<{ raw: unknown; path: string }> = [
    ...(present(spec) ? [{ raw: spec, path: both ? 'spec' : '' }] : []),
    ...(specs ?? []).map((raw, i) => ({ raw, path: `specs[${i}]` })),
  ];
  const out = { ingress: [] as CiliumRule[], egress: [] as CiliumRule[] };
  const specRules = rules.map((x, i) => r.specRule(x.raw, x.path, i, out));
  const policy: CiliumPolicy = {
    kind,
    name,
    ...(namespace !== undefined ? { namespace } : {}),
    source: { file: obj.file, line: obj.line },
    specs: specRules,
    ingress: out.ingress,
    egress: out.egress,
    portQuirks: r.portQuirks,
  };
  return { policy, notes: r.notes };
}
