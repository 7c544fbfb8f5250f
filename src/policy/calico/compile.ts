import type { PortExpression, RulePort } from '../../model/cluster.js';
import { DEFAULT_SERVICE_ACCOUNT, NAMESPACE_NAME_LABEL } from '../../model/cluster.js';
import type { Protocol } from '../../model/connections.js';
import { PROTOCOLS } from '../../model/connections.js';
import { Codes } from '../../model/diagnostics.js';
import type { AddressSet } from '../../model/addresses.js';
import * as addr from '../../model/addresses.js';
import type { LabelContext, Labels, Requirement, Selector } from '../../model/selectors.js';
import { isMatchAll, MATCH_ALL, selectorOfRequirements, selectorWithTest, withOwnPrefix } from '../../model/selectors.js';
import type { ClassMatch, Direction, Resolver, RuleSpec, SelectorPeer, Step } from '../kind.js';
import { MATCH_NO_CLASS } from '../kind.js';
import { Doubts, joinSubjectDoubts } from '../doubts.js';
import { controllerDoubt } from '../notes.js';
import { ipv4OnlyWhy, mayHoldNodes, missingPodNetwork, nodesWhy, podsHeld, workloadsHeld } from '../podaddresses.js';
import { CALICO_NAMESPACE_PREFIX } from '../tiers.js';
import type { CalicoExpr, Functions } from './selector.js';
import { conjuncts, evaluate, formatCalicoSelector, labelsOf, selectsNonNamespaced } from './selector.js';
import type { CalicoPolicy, CalicoPort, CalicoRule, EntityRule } from './types.js';

/**
 * A Calico policy as the engine evaluates it, after libcalico-go's
 * conversion to Felix's model (lib/backend/syncersv1/updateprocessors:
 * networkpolicyprocessor.go, globalnetworkpolicyprocessor.go, rules.go) and
 * Felix's rendering (felix/rules/policy.go, endpoints.go).
 */

/** Labels Calico gives every pod's endpoint (api/pkg/apis/projectcalico/v3/constants.go). */
const NAMESPACE_LABEL = 'projectcalico.org/namespace';
const ORCHESTRATOR_LABEL = 'projectcalico.org/orchestrator';
const SERVICE_ACCOUNT_LABEL = 'projectcalico.org/serviceaccount';
/** The label of a namespace's (or service account's) own name, under the pcns. (pcsa.) prefix. */
const NAME_LABEL = 'projectcalico.org/name';
const NAMESPACE_PREFIX = CALICO_NAMESPACE_PREFIX;
const SERVICE_ACCOUNT_PREFIX = 'pcsa.';
/** conversion/workload_endpoint_default.go: the service account label only where the name is shorter than 63. */
const MAX_SERVICE_ACCOUNT_LABEL = 62;

function serviceAccountLabel(ctx: LabelContext): string | undefined {
  const sa = ctx.serviceAccount ?? DEFAULT_SERVICE_ACCOUNT;
  return sa.length <= MAX_SERVICE_ACCOUNT_LABEL ? sa : undefined;
}

/**
 * A pod's labels as Calico's selectors see them: its own, with Calico's
 * namespace, orchestrator and service-account labels over them; then, for
 * what the pod does not carry, its namespace's labels under `pcns.` and its
 * service account's under `pcsa.` (profiles, which the endpoint's own
 * labels override).
 */
function podLookup(labels: Labels, ctx: LabelContext): (key: string) => string | undefined {
  return (key) => {
    if (key === NAMESPACE_LABEL) return ctx.namespace;
    if (key === ORCHESTRATOR_LABEL) return 'k8s';
    if (key === SERVICE_ACCOUNT_LABEL) {
      const sa = serviceAccountLabel(ctx);
      if (sa !== undefined) return sa;
    }
    if (Object.prototype.hasOwnProperty.call(labels, key)) return labels[key];
    if (key.startsWith(NAMESPACE_PREFIX)) return namespaceLookup(ctx.namespace, ctx.namespaceLabels)(key.slice(NAMESPACE_PREFIX.length));
    if (key.startsWith(SERVICE_ACCOUNT_PREFIX)) return serviceAccountLookup(ctx)(key.slice(SERVICE_ACCOUNT_PREFIX.length));
    return undefined;
  };
}

/**
 * A namespace's labels, and its name as projectcalico.org/name, as
 * namespaceSelectors see them; for one pod, its own `pcns.` labels
 * (`own`, without the prefix) over them, its name among them
 * (libcalico-go's label inheritance: an endpoint's own labels over its
 * profiles').
 */
function namespaceLookup(name: string, labels: Labels, own?: Labels): (key: string) => string | undefined {
  return (key) => {
    if (own && Object.prototype.hasOwnProperty.call(own, key)) return own[key];
    return key === NAME_LABEL ? name : Object.prototype.hasOwnProperty.call(labels, key) ? labels[key] : undefined;
  };
}

/** A service account's labels (where the manifests declare it) and its name as projectcalico.org/name. */
function serviceAccountLookup(ctx: LabelContext): (key: string) => string | undefined {
  const labels = ctx.serviceAccountLabels ?? {};
  return (key) => (key === NAME_LABEL ? (ctx.serviceAccount ?? DEFAULT_SERVICE_ACCOUNT) : Object.prototype.hasOwnProperty.call(labels, key) ? labels[key] : undefined);
}

/** Keys of Calico selectors begin with "(", which a Kubernetes selector's key never does (a key holding one is quoted). */
const KEY = '(calico) ';

/** In a namespaceSelector, `all()` is any namespace and `global()` none (rules.go rewrites them so). */
const NAMESPACE_FUNCTIONS: Functions = { all: true, global: false };

/** Equality conditions an expression implies on a label, from its top-level conjuncts: for label indexes. */
function impliedValues(expr: CalicoExpr, label: (key: string) => string | undefined): Requirement[] {
  const out: Requirement[] = [];
  for (const c of conjuncts(expr)) {
    let values: readonly string[];
    if (c.op === '==') values = [c.value];
    else if (c.op === 'in') values = c.values;
    else continue;
    const key = label(c.label);
    if (key === undefined) continue;
    if (values.length > 0) out.push({ key, operator: 'In', values });
  }
  return out;
}

/**
 * The namespace labels a pod selector reads through Calico's `pcns.`
 * prefix (its name's aside), as a selector of namespaces that asks for
 * each: for the analysis of namespaces nobody declares; undefined where it
 * reads none.
 */
function namespaceKeysRead(expr: CalicoExpr): Selector | undefined {
  const keys = [...new Set(labelsOf(expr).filter((k) => k.startsWith(NAMESPACE_PREFIX) && k !== `${NAMESPACE_PREFIX}${NAME_LABEL}`).map((k) => k.slice(NAMESPACE_PREFIX.length)))];
  return keys.length === 0 ? undefined : selectorOfRequirements(keys.map((key) => ({ key, operator: 'Exists', values: [] })));
}

/** A pod's own label key, for a label that is nothing but one (not Calico's, not inherited). */
function ownLabel(key: string): string | undefined {
  if (key === NAMESPACE_LABEL || key === ORCHESTRATOR_LABEL || key === SERVICE_ACCOUNT_LABEL) return undefined;
  return key.startsWith(NAMESPACE_PREFIX) || key.startsWith(SERVICE_ACCOUNT_PREFIX) ? undefined : key;
}

/** A condition on one pod, with the text that identifies it. */
interface PodCondition {
  readonly text: string;
  readonly test: (labels: Labels, ctx: LabelContext) => boolean;
  /** Conditions it implies on the pod's own labels, and the namespaces it implies, if any. */
  readonly requirements: readonly Requirement[];
  readonly namespaces?: readonly string[];
}

function podCondition(expr: CalicoExpr, prefix = ''): PodCondition {
  const namespaces = impliedValues(expr, (k) => (k === NAMESPACE_LABEL ? k : undefined))[0]?.values;
  return {
    text: `${prefix}${formatCalicoSelector(expr)}`,
    test: (labels, ctx) => evaluate(expr, podLookup(labels, ctx)),
    requirements: impliedValues(expr, ownLabel),
    ...(namespaces ? { namespaces } : {}),
  };
}

/** A service-account selector: over the labels of the pod's service account (`pcsa.` prefixed in Calico's model). */
function serviceAccountCondition(expr: CalicoExpr, allMeansLabelled: boolean): PodCondition {
  return {
    text: `sa(${formatCalicoSelector(expr)}${allMeansLabelled ? ', all=labelled' : ''})`,
    // globalnetworkpolicyprocessor.go turns all() into has(projectcalico.org/serviceaccount); the pod's own pcsa. labels stand over its service account's
    test: (labels, ctx) => {
      const pod = podLookup(labels, ctx);
      return evaluate(expr, (key) => pod(SERVICE_ACCOUNT_PREFIX + key), { all: !allMeansLabelled || serviceAccountLabel(ctx) !== undefined, global: true });
    },
    requirements: [],
  };
}

/**
 * The pods whose service account the manifests do not declare, but for the
 * namespace's `default`, which Kubernetes makes without labels: that
 * account's labels are not known (it is made elsewhere, by a chart or by
 * hand), so a service-account selector that reads labels may match them or
 * not, whatever the analysis shows.
 */
const UNDECLARED_ACCOUNT: Selector = selectorWithTest(`${KEY}sa-undeclared`, [], (_labels, ctx) => ctx.serviceAccountLabels === undefined && (ctx.serviceAccount ?? DEFAULT_SERVICE_ACCOUNT) !== DEFAULT_SERVICE_ACCOUNT);

/**
 * Why a service-account selector that reads labels (beside the account's
 * own name, projectcalico.org/name) may match other pods than shown: those
 * whose account the manifests do not declare (UNDECLARED_ACCOUNT);
 * undefined where it reads none. Names (serviceAccounts.names) are exact.
 * With `prefix` (`pcsa.`), a pod selector's: the keys under it.
 */
function accountLabelsDoubt(expr: CalicoExpr | undefined, what: string, prefix = ''): string | undefined {
  if (!expr) return undefined;
  const keys = [...new Set(labelsOf(expr).filter((k) => k.startsWith(prefix) && k !== `${prefix}${NAME_LABEL}`))];
  if (keys.length === 0) return undefined;
  const reads = prefix === '' ? `${keys.join(', ')} of the pods' service accounts` : `${keys.join(', ')}, labels of the pods' service accounts`;
  return `${what} reads ${reads}, and where the manifests do not declare a pod's ServiceAccount its labels are not known`;
}

/** Service accounts by name: projectcalico.org/serviceaccount in {names}. */
function serviceAccountNames(names: readonly string[]): PodCondition {
  const set = [...new Set(names)].sort();
  return {
    text: `sa-names(${set.map((n) => JSON.stringify(n)).join(',')})`,
    test: (labels, ctx) => {
      const v = podLookup(labels, ctx)(SERVICE_ACCOUNT_LABEL);
      return v !== undefined && set.includes(v);
    },
    requirements: [],
  };
}

/** The pod selector that every condition must hold, or undefined where there is none. */
function podSelector(conditions: readonly PodCondition[]): Selector | undefined {
  if (conditions.length === 0) return undefined;
  const key = KEY + conditions.map((c) => c.text).join(' && ');
  const requirements = conditions.flatMap((c) => c.requirements);
  return selectorWithTest(key, requirements, (labels, ctx) => conditions.every((c) => c.test(labels, ctx)));
}

/** A selector over namespaces: a namespaceSelector expression, and the names some pod condition implies. */
function namespaceSelector(expr: CalicoExpr | undefined, names: readonly string[] | undefined): Selector {
  if (!expr && !names) return MATCH_ALL;
  const requirements: Requirement[] = [];
  if (names) requirements.push({ key: NAMESPACE_NAME_LABEL, operator: 'In', values: [...names].sort() });
  if (expr) requirements.push(...impliedValues(expr, (k) => (k === NAME_LABEL ? NAMESPACE_NAME_LABEL : k)));
  const text = `${expr ? formatCalicoSelector(expr) : 'all()'}${names ? ` names(${[...names].sort().join(',')})` : ''}`;
  // the namespace's name is its projectcalico.org/name label to Calico
  const reads = [...(names ? [NAMESPACE_NAME_LABEL] : []), ...(expr ? labelsOf(expr).map((k) => (k === NAME_LABEL ? NAMESPACE_NAME_LABEL : k)) : [])];
  const selector = selectorWithTest(
    `${KEY}ns ${text}`,
    requirements,
    (labels, ctx) => {
      if (names && !names.includes(ctx.namespace)) return false;
      return !expr || evaluate(expr, namespaceLookup(ctx.namespace, labels, ctx.ownLabels), NAMESPACE_FUNCTIONS);
    },
    reads,
  );
  // a pod's own pcns. labels stand over its namespace's (rules.go matches the expression against pcns.-prefixed endpoint labels)
  return expr ? withOwnPrefix(selector, NAMESPACE_PREFIX) : selector;
}

/** The namespaces implied by all of some pod conditions (their intersection), if any implies some. */
function impliedNamespaces(conditions: readonly PodCondition[]): readonly string[] | undefined {
  let names: string[] | undefined;
  for (const c of conditions) {
    if (!c.namespaces) continue;
    names = names ? names.filter((n) => c.namespaces!.includes(n)) : [...c.namespaces];
  }
  return names;
}

/** The pods a policy holds: its selector (and serviceAccountSelector), in its namespace or the namespaces its namespaceSelector picks. */
export function policySubject(policy: CalicoPolicy, r: Resolver): ClassMatch {
  const s = subjectSelection(policy);
  return r.pods(s.namespaces, s.pods);
}

/** Which endpoints (pod classes and external addresses) one side of a rule matches; undefined where it matches nothing. */
interface SideMatch {
  readonly classes: ClassMatch;
  readonly addresses: AddressSet;
  /** Whether its nets decide pods the manifests give no addresses for: which pods match is not known. */
  readonly unknownPods?: true;
  /** Whether, with no selector, its nets may hold host-network pods' node addresses (mayHoldNodes): what it names. */
  readonly nodes?: string;
}

/**
 * The positive part of an EntityRule (rules.go getEndpointSelector): its
 * selector and serviceAccounts, in the namespaces its namespaceSelector
 * picks, or in the policy's own namespace in a NetworkPolicy as soon as any
 * selector field is set (notSelector included). Undefined where there is no
 * positive part: the side then matches every endpoint, external addresses
 * too, less what notSelector and nets take out.
 */
export function entitySelection(policy: CalicoPolicy, e: EntityRule): { namespaces: string | Selector; pods: Selector | undefined } | undefined {
  const conditions: PodCondition[] = [];
  if (e.serviceAccounts) {
    if (e.serviceAccounts.selector) conditions.push(serviceAccountCondition(e.serviceAccounts.selector.expr, false));
    if (e.serviceAccounts.names.length > 0) conditions.push(serviceAccountNames(e.serviceAccounts.names));
  }
  if (e.selector) conditions.push(podCondition(e.selector.expr));
  const scoped = e.namespaceSelector !== undefined || policy.namespace !== undefined;
  const positive = conditions.length > 0 || (scoped && (e.notSelector !== undefined || e.namespaceSelector !== undefined));
  if (!positive) return undefined;
  const pods = podSelector(conditions);
  if (e.namespaceSelector) return { namespaces: namespaceSelector(e.namespaceSelector.expr, impliedNamespaces(conditions)), pods };
  if (policy.namespace !== undefined) return { namespaces: policy.namespace, pods };
  return { namespaces: namespaceSelector(undefined, impliedNamespaces(conditions)), pods };
}

/** The pods a notSelector takes out, in every namespace (rules.go passes it on unscoped). */
export function notSelection(expr: CalicoExpr): { namespaces: Selector; pods: Selector | undefined } {
  const not = podCondition(expr);
  return { namespaces: namespaceSelector(undefined, not.namespaces), pods: podSelector([not]) };
}

/** The pods a policy holds, as a selection: its namespace (or namespaceSelector) and its selectors. */
export function subjectSelection(policy: CalicoPolicy): { namespaces: string | Selector; pods: Selector | undefined } {
  const conditions = [podCondition(policy.selector.expr)];
  if (policy.serviceAccountSelector) conditions.push(serviceAccountCondition(policy.serviceAccountSelector.expr, policy.namespace === undefined));
  const pods = podSelector(conditions);
  if (policy.namespace !== undefined) return { namespaces: policy.namespace, pods };
  return { namespaces: namespaceSelector(policy.namespaceSelector?.expr, impliedNamespaces(conditions)), pods };
}

/**
 * The endpoints of an EntityRule: its positive part (entitySelection),
 * less the pods notSelector selects, within nets and outside notNets, in
 * the rule's IP family (`family`: the whole space of the families it
 * matches traffic of). A positive part holds only endpoints with labels:
 * never an external address. `uncertain` says what to do where pod
 * addresses would decide (undefined: keep the external addresses only, and
 * warn).
 */
function sideMatch(policy: CalicoPolicy, e: EntityRule, family: AddressSet, r: Resolver, uncertain: 'match' | 'no-match' | undefined, what: string, line: number): SideMatch {
  const positive = entitySelection(policy, e);
  let classes = positive ? r.pods(positive.namespaces, positive.pods) : r.everyWorkload;
  let addresses = positive ? addr.NONE : family;
  if (e.notSelector) {
    const not = notSelection(e.notSelector.expr);
    classes = r.subtract(classes, r.pods(not.namespaces, not.pods));
  }
  let unknownPods = false;
  let nodes: string | undefined;
  if (e.nets || e.notNets || family !== addr.ALL) {
    const within = addr.subtract(addr.intersect(e.nets?.addresses ?? family, family), e.notNets?.addresses ?? addr.NONE);
    addresses = addr.intersect(addresses, within);
    const pods = podsWithin(policy, within, e, family, r, uncertain, what, line);
    unknownPods = pods === undefined;
    classes = r.intersect(classes, pods ?? (uncertain === 'match' ? r.everyWorkload : MATCH_NO_CLASS));
    // host-network pods are no endpoints a selector picks, but their traffic has their node's address
    if (!positive && !e.notSelector && mayHoldNodes(within, r)) nodes = [e.nets && `nets ${e.nets.cidrs.join(', ')}`, e.notNets && `notNets ${e.notNets.cidrs.join(', ')}`].filter(Boolean).join(' and ') || 'its IP version';
  }
  return { classes, addresses, ...(unknownPods ? { unknownPods: true as const } : {}), ...(nodes ? { nodes } : {}) };
}

/**
 * The pods whose addresses lie in a set, as far as the manifests tell (see
 * podsHeld): every pod where it holds the whole space of the families
 * analysed, host-network ones too; the pods off the host network where it
 * holds the whole pod network (--pod-cidr); none where it misses it.
 * Elsewhere it depends on addresses the manifests do not give: undefined,
 * after a warning.
 */
function podsWithin(policy: CalicoPolicy, within: AddressSet, e: EntityRule, family: AddressSet, r: Resolver, uncertain: 'match' | 'no-match' | undefined, what: string, line: number): ClassMatch | undefined {
  const held = podsHeld(within, r);
  if (held.kind !== 'unknown') return workloadsHeld(held, r);
  const parts = [...(e.nets ? [`nets ${e.nets.cidrs.join(', ')}`] : []), ...(e.notNets ? [`notNets ${e.notNets.cidrs.join(', ')}`] : [])];
  if (parts.length === 0) parts.push(`(${family === addr.ALL_IPV6 ? 'IPv6' : 'IPv4'} traffic only)`);
  const why = held.missing.length === 0 ? 'they split the pod network' : `${missingPodNetwork(held.missing, r)} is given with --pod-cidr`;
  const label = `${policy.kind} ${policy.namespace !== undefined ? `${policy.namespace}/` : ''}${policy.name}`;
  const at = { file: policy.source.file, line };
  if (uncertain === undefined) {
    r.warn(Codes.unsupported, at, `${label}: ${what} ${parts.join(' and ')}: whether pod IPs match is not known (${why}), so only external addresses are matched`);
  } else {
    r.warn(Codes.unsupported, at, `${label}: ${what} ${parts.join(' and ')}: whether the policy's own pods match is not known (${why}), so the rule is taken to ${uncertain === 'match' ? 'apply to them' : 'apply to none of them'}`);
  }
  return undefined;
}

/** The protocols a rule's protocol and notProtocol leave, among those analysed. */
function protocolsOf(rule: CalicoRule): readonly Protocol[] {
  let out: Protocol[] = rule.protocol ? (rule.protocol.modelled ? [rule.protocol.modelled] : []) : [...PROTOCOLS];
  if (rule.notProtocol?.modelled) out = out.filter((p) => p !== rule.notProtocol!.modelled);
  return out;
}

function portList(ports: readonly CalicoPort[], protocols: readonly Protocol[]): RulePort[] {
  return ports.flatMap((p): RulePort[] =>
    p.kind === 'range'
      ? protocols.map((protocol) => ({ kind: 'numbers', protocol, from: p.from, to: p.to }))
      : protocols.length === PROTOCOLS.length
        ? [{ kind: 'named', protocol: undefined, name: p.name }]
        : protocols.map((protocol) => ({ kind: 'named', protocol, name: p.name })),
  );
}

/** The destination ports a rule matches: its protocols, its destination ports, less its destination notPorts. */
function rulePorts(rule: CalicoRule): readonly RulePort[] | 'all' | PortExpression {
  const protocols = protocolsOf(rule);
  const d = rule.destination;
  const include: readonly RulePort[] | 'all' = d.ports
    ? portList(d.ports, protocols)
    : protocols.length === PROTOCOLS.length
      ? 'all'
      : protocols.map((protocol) => ({ kind: 'all', protocol }));
  if (!d.notPorts) return include;
  return { include, exclude: portList(d.notPorts, [...PROTOCOLS]) };
}

/**
 * One rule as the engine sees it: what it matches on the remote side (one
 * spec, or two where its pods are exact and its external addresses are
 * not), and which of the policy's own pods it applies to (undefined: all).
 */
interface CompiledRule {
  readonly specs: readonly RuleSpec[];
  readonly local: ClassMatch | undefined;
}

/** The label keys an EntityRule's selector and notSelector read. */
function selectorLabels(e: EntityRule): string[] {
  return [e.selector, e.notSelector].flatMap((sel) => (sel ? labelsOf(sel.expr) : []));
}

/** Whether an EntityRule constrains the endpoint it describes (beyond ports). */
function constrains(e: EntityRule): boolean {
  return e.selector !== undefined || e.notSelector !== undefined || e.namespaceSelector !== undefined || e.serviceAccounts !== undefined || e.nets !== undefined || e.notNets !== undefined;
}

/**
 * The IP families a rule matches traffic of, as the whole space of each:
 * its ipVersion, or the family of its nets and notNets (Felix renders a
 * rule into the tables of those families only), or both.
 */
function ruleFamily(rule: CalicoRule): AddressSet {
  const family = rule.ipVersion !== undefined ? (rule.ipVersion === 6 ? 'ipv6' : 'ipv4') : [rule.source, rule.destination].flatMap((e) => [e.nets, e.notNets]).find((n) => n !== undefined)?.family;
  return family === undefined ? addr.ALL : addr.space([family]);
}

/**
 * A rule, or undefined where it can match none of the traffic analysed (a
 * protocol other than TCP, UDP and SCTP). A part that decides it and is not
 * modelled makes it doubted (RuleSpec.doubt): an Allow is taken to match
 * where it may (services, source ports, domains), a Deny or Pass to match
 * nothing.
 */
function compileRule(policy: CalicoPolicy, rule: CalicoRule, direction: Direction, r: Resolver): CompiledRule | undefined {
  if (rule.action === 'Log') return undefined;
  const ports = rulePorts(rule);
  if (Array.isArray(ports) && ports.length === 0) return undefined;
  const allow = rule.action === 'Allow';
  const remote = direction === 'ingress' ? rule.source : rule.destination;
  const local = direction === 'ingress' ? rule.destination : rule.source;
  const action = allow ? 'allow' : rule.action === 'Deny' ? 'deny' : 'pass';
  // what decides the rule and is not modelled: an Allow is taken to match (fewer may match), a Deny or Pass to match nothing (more may)
  const unmodelled = [
    remote.services ? 'services' : undefined,
    rule.source.ports || rule.source.notPorts ? 'source ports' : undefined,
    remote.domains ? 'domains' : undefined,
    local.domains ? "domains on the policy's own side" : undefined,
  ].filter((w): w is string => w !== undefined);
  // port names resolve on every container of the pod, init containers too, to every number of a name (PortNames)
  const base = { action, ports, index: rule.index, line: rule.line, rule, portNames: 'calico' } as const;
  const doubts = new Doubts(r);
  if (!allow && unmodelled.length > 0) {
    doubts.mayMatchMore(`its ${unmodelled.join(' and ')} are not modelled`);
    return { specs: [{ ...base, classes: MATCH_NO_CLASS, addresses: addr.NONE, ...doubts.field }], local: undefined };
  }
  if (unmodelled.length > 0) doubts.mayMatchFewer(`its ${unmodelled.join(' and ')} are not modelled`);
  const what = `${direction} rule ${rule.index}`;
  const family = ruleFamily(rule);
  const remoteWhat = `${direction === 'ingress' ? 'source' : 'destination'}`;
  let match: SideMatch = remote.services ? { classes: r.everyWorkload, addresses: family } : sideMatch(policy, remote, family, r, undefined, `${what} ${remoteWhat}`, rule.line);
  if (match.unknownPods) doubts.mayMatchMore(`which pods its ${remoteWhat} nets hold is not known`, { classes: r.everyWorkload, addresses: false });
  if (match.nodes) doubts.mayMatchMore(nodesWhy(`its ${remoteWhat} ${match.nodes}`), { classes: r.hostNetworkWorkloads, addresses: false });
  if (remote.namespaceSelector && selectsNonNamespaced(remote.namespaceSelector.expr)) {
    // global() and the like hold no pod; others hold the pods of the namespaces they pick as well
    if (remote.namespaceSelector.expr.op === 'global') match = { classes: MATCH_NO_CLASS, addresses: addr.NONE };
    // host endpoints are nodes (so host-network pods); network sets hold addresses
    doubts.mayMatchMore(`namespaceSelector ${remote.namespaceSelector.text} selects host endpoints and network sets, which are not modelled`, { classes: r.hostNetworkWorkloads, addresses: true });
  }
  const sets = remote.services || remote.domains || !r.networkSetsOutside ? undefined : networkSetsWhy(policy, remote);
  if (sets !== undefined) doubts.mayMatchMore(`its ${remoteWhat} ${sets}`, { classes: r.noWorkload, addresses: true });
  // domains (Calico Enterprise) are addresses outside the cluster, never a pod: every external one is taken (noted)
  if (remote.domains) match = { classes: MATCH_NO_CLASS, addresses: match.addresses };
  const selection = entitySelection(policy, remote);
  const controllers = controllerDoubt(selectorLabels(remote), `its ${remoteWhat} selector`);
  if (controllers !== undefined) doubts.mayMatchOther(controllers, selection ? { classes: r.pods(selection.namespaces, undefined), addresses: false } : undefined);
  // a namespaceSelector over labels of namespaces nobody declares: they may carry them or not
  const chosen = remote.services || remote.domains ? undefined : selection;
  if (chosen && remote.namespaceSelector) doubts.undeclared(r.undeclaredNamespaces(chosen.namespaces, chosen.pods, `its ${remoteWhat} namespaceSelector`));
  // a selector on pcns. labels reads the pod's namespace's labels too: on a namespace nobody declares, its pods there may match or not
  const pcns = chosen && remote.selector ? namespaceKeysRead(remote.selector.expr) : undefined;
  const viaPods = pcns && r.undeclaredNamespaces(pcns, undefined, `its ${remoteWhat} selector`);
  if (viaPods && chosen) doubts.mayMatchOther(viaPods.why, { classes: r.intersect(viaPods.within, r.pods(chosen.namespaces, undefined)), addresses: false });
  const accounts = accountLabelsDoubt(remote.serviceAccounts?.selector?.expr, `its ${remoteWhat} serviceAccounts selector`);
  // the pods of the rule's namespaces whose account is not declared, whatever else it asks of them
  if (accounts !== undefined && !remote.services) doubts.mayMatchOther(accounts, selection ? { classes: r.pods(selection.namespaces, UNDECLARED_ACCOUNT), addresses: false } : undefined);
  // a selector on pcsa. labels reads the labels of the pod's service account: the same for accounts not declared
  const viaAccount = chosen && remote.selector ? accountLabelsDoubt(remote.selector.expr, `its ${remoteWhat} selector`, SERVICE_ACCOUNT_PREFIX) : undefined;
  if (viaAccount !== undefined && chosen) doubts.mayMatchOther(viaAccount, { classes: r.pods(chosen.namespaces, UNDECLARED_ACCOUNT), addresses: false });
  // the rule's family is the remote side's to decide: the local side's own nets alone constrain it
  const localWhat = direction === 'ingress' ? 'destination' : 'source';
  const localSide = constrains(local) ? sideMatch(policy, local, addr.ALL, r, allow ? 'match' : 'no-match', `${what} ${localWhat}`, rule.line) : undefined;
  let localMatch = localSide?.classes;
  const localControllers = controllerDoubt(selectorLabels(local), `its ${localWhat} selector`);
  const localDoubts = [
    ...(localSide?.unknownPods ? ["which of the policy's own pods its nets hold is not known"] : []),
    ...(localControllers !== undefined ? [`which of the policy's own pods it applies to is not known: ${localControllers}`] : []),
  ];
  for (const why of localDoubts) {
    if (allow) {
      // taken to apply to the policy's pods it may apply to (nets: sideMatch took them; a selector on controllers' labels: all)
      doubts.mayMatchFewer(why);
      if (localControllers !== undefined) localMatch = undefined;
    } else {
      // taken to apply to none of them: kept for all of them, matching no peer, so that invariants see the doubt
      doubts.mayMatchMore(why, { classes: match.classes, addresses: !addr.isEmpty(match.addresses) });
      match = { classes: MATCH_NO_CLASS, addresses: addr.NONE };
      localMatch = undefined;
    }
  }
  // a Deny or Pass of IPv4 traffic only (its nets, or ipVersion 4) leaves pods' IPv6 traffic alone on a dual-stack cluster
  if (!allow && r.familyAssumed && family !== addr.ALL && match.classes !== MATCH_NO_CLASS) doubts.mayMatchFewer(ipv4OnlyWhy(`its ${rule.ipVersion !== undefined ? 'ipVersion 4' : 'nets'}`, action));
  const notSets = remote.notSelector && !remote.services && !remote.domains && r.networkSetsOutside && !addr.isEmpty(match.addresses) ? notSelectorSetsWhy(remote.notSelector.text) : undefined;
  if (notSets === undefined) return { specs: [{ ...base, classes: match.classes, addresses: match.addresses, ...doubts.field }], local: localMatch };
  // the pods it takes out are exact, the addresses not: its external addresses are a rule of their own, at the same place, that may match fewer
  const addresses = new Doubts(r);
  addresses.add(doubts.doubt);
  addresses.mayMatchFewer(`its ${remoteWhat} ${notSets}`);
  const specs: RuleSpec[] = [{ ...base, classes: MATCH_NO_CLASS, addresses: match.addresses, ...addresses.field }];
  if (r.classList(match.classes).length > 0) specs.unshift({ ...base, classes: match.classes, addresses: addr.NONE, ...doubts.field });
  return { specs, local: localMatch };
}

/**
 * Why a notSelector may leave out external addresses a side is shown to
 * match. Felix renders it as "not in the IP set of the selector"
 * (rules.go passes NotSelector on as NotSrcSelector/NotDstSelector,
 * unscoped), and that IP set holds "the CIDRs from any network sets that
 * match the selector"
 * (docs.tigera.io/calico/latest/reference/resources/globalnetworkset):
 * GlobalNetworkSets and NetworkSets of any namespace, which the manifests
 * may not hold.
 */
function notSelectorSetsWhy(text: string): string {
  return `notSelector ${text} also takes out the addresses of the GlobalNetworkSets and NetworkSets of any namespace it matches, which are not modelled`;
}

/**
 * Whether a rule's serviceAccounts match only endpoints that run as a
 * service account, never a network set. rules.go parseServiceAccounts
 * turns names into `projectcalico.org/serviceaccount in {...}` and prefixes
 * the selector's keys with `pcsa.`, labels only a pod's service-account
 * profile gives, and Felix evaluates the result over every labelled
 * endpoint, network sets too (libcalico-go/lib/backend/syncersv1/
 * updateprocessors/rules.go): names, or a selector that an endpoint without
 * those labels fails, match none; a selector alone that it passes (`all()`,
 * `!has(k)`, `k != 'v'`, `k not in {...}`) matches every one.
 */
function accountsOnly(accounts: EntityRule['serviceAccounts']): boolean {
  if (!accounts) return false;
  return accounts.names.length > 0 || (accounts.selector !== undefined && !evaluate(accounts.selector.expr, () => undefined));
}

/**
 * Why an EntityRule's positive part may match Calico network sets, whose
 * addresses are outside the cluster and are not modelled (the manifests
 * may hold none of them: they are often managed elsewhere), or undefined
 * where it cannot. Calico includes in a rule's selector "the CIDRs from any
 * network sets that match the selector": in a GlobalNetworkPolicy rule
 * GlobalNetworkSets, and NetworkSets of every namespace (its selector
 * matches "resources in any namespace and non-namespaced resources"), in a
 * NetworkPolicy rule NetworkSets of its namespace, and with a
 * namespaceSelector those of the namespaces it picks (global() is doubted
 * apart). A network set runs as no service account: serviceAccounts that
 * need one (accountsOnly) match none.
 * (docs.tigera.io/calico/latest/reference/resources/globalnetworkset and
 * .../networkset; .../network-policy/get-started/calico-policy/calico-labels.)
 */
function networkSetsWhy(policy: CalicoPolicy, e: EntityRule): string | undefined {
  if (accountsOnly(e.serviceAccounts) || !entitySelection(policy, e)) return undefined;
  if (e.namespaceSelector && selectsNonNamespaced(e.namespaceSelector.expr)) return undefined;
  const accounts = e.serviceAccounts?.selector ? `serviceAccounts selector ${e.serviceAccounts.selector.text}, which an endpoint without a service account matches,` : undefined;
  const selector = e.selector ? `selector ${e.selector.text}` : undefined;
  const text =
    selector || accounts ? [selector, accounts].filter(Boolean).join(' and ') : e.namespaceSelector ? `namespaceSelector ${e.namespaceSelector.text}` : `notSelector ${e.notSelector!.text}`;
  const which = e.namespaceSelector
    ? 'NetworkSets of the namespaces its namespaceSelector picks'
    : policy.namespace !== undefined
      ? `NetworkSets of namespace ${policy.namespace}`
      : 'GlobalNetworkSets and NetworkSets of any namespace';
  return `${text} may match ${which}, whose addresses outside the cluster are not modelled`;
}

/** Whether a policy names IPv6 addresses: an IPv6 net, or a rule of ipVersion 6. */
export function calicoUsesIPv6(policy: CalicoPolicy): boolean {
  return [...policy.ingress, ...policy.egress].some((rule) => ruleFamily(rule) === addr.ALL_IPV6);
}

/**
 * The steps of a Calico policy: in its tier, at its order (none: after
 * every order), ties broken by name; per direction its `types` lists, its
 * rules in order (Log rules decide nothing and are left out). Holding a pod
 * makes the tier apply to it, so traffic no rule decides meets the tier's
 * default action. Rules that apply to some of the policy's pods only (a
 * selector on the policy's own side) split the subject into groups that
 * share their rules.
 */
export function compileCalicoPolicy(policy: CalicoPolicy, r: Resolver): Step[] {
  if (policy.hostEndpointsOnly) return [];
  // a tier no Tier object declares is placed last (and warned about by the checks)
  const tier = r.tiers.named(policy.tier) ?? r.tiers.networkPolicy;
  const subject = policySubject(policy, r);
  const controllers = controllerDoubt(labelsOf(policy.selector.expr), 'its selector');
  const accounts = accountLabelsDoubt(policy.serviceAccountSelector?.expr, 'its serviceAccountSelector');
  const selection = subjectSelection(policy);
  const namespaces = selection.namespaces;
  // a GlobalNetworkPolicy's namespaceSelector over labels of namespaces nobody declares
  const undeclared = policy.namespaceSelector ? r.undeclaredNamespaces(namespaces, selection.pods, 'its namespaceSelector') : undefined;
  // a rule whose own side reads accounts' labels may apply to the policy's pods whose account is not declared, or not:
  // what the policy decides for them is doubted (the rule is kept as shown, to the pods it is shown to apply to)
  const ownSides = [...policy.ingress.map((rule) => rule.destination), ...policy.egress.map((rule) => rule.source)];
  const ownAccounts = ownSides.map((side) => accountLabelsDoubt(side.serviceAccounts?.selector?.expr, "a rule's own serviceAccounts selector")).find((why) => why !== undefined);
  // (a subject doubt covers the policy's whole subject: only where some such pod is held)
  const ownUndeclared = ownAccounts !== undefined ? r.intersect(subject, r.pods(namespaces, UNDECLARED_ACCOUNT)) : r.noWorkload;
  // a rule's own namespaceSelector over labels of namespaces nobody declares: it may apply to the policy's pods there, or not
  const ownNamespaces = ownSides.flatMap((side) => {
    const chosen = side.namespaceSelector ? entitySelection(policy, side) : undefined;
    const u = chosen && r.undeclaredNamespaces(chosen.namespaces, chosen.pods, "a rule's own namespaceSelector");
    const within = u ? r.intersect(subject, u.within) : r.noWorkload;
    return u && r.classList(within).length > 0 ? [{ why: u.why, within }] : [];
  });
  const subjectDoubts = [
    ...(controllers !== undefined ? [{ why: controllers, within: r.pods(namespaces, undefined) }] : []),
    ...(accounts !== undefined && r.classList(r.pods(namespaces, UNDECLARED_ACCOUNT)).length > 0 ? [{ why: accounts, within: r.pods(namespaces, UNDECLARED_ACCOUNT) }] : []),
    ...(ownAccounts !== undefined && r.classList(ownUndeclared).length > 0 ? [{ why: ownAccounts, within: ownUndeclared }] : []),
    ...ownNamespaces,
    ...(undeclared ? [{ why: undeclared.why, within: undeclared.within }] : []),
  ];
  const joined = joinSubjectDoubts(r, subjectDoubts);
  const subjectDoubt = joined ? { subjectDoubt: joined } : {};
  const tieBreak = r.tiers.tieBreak(policy.kind, policy.name, policy.namespace);
  const order = policy.order ?? Infinity;
  const isolates = tier.endAction === 'deny';
  const steps: Step[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    if (!policy.types[direction]) continue;
    const rules = policy[direction].map((rule) => compileRule(policy, rule, direction, r)).filter((c): c is CompiledRule => c !== undefined);
    if (rules.every((c) => c.local === undefined)) {
      steps.push({ tier, order, tieBreak, direction, subject, isolates, rules: rules.flatMap((c) => c.specs), ...subjectDoubt });
      continue;
    }
    // classes grouped by which rules apply to them
    const localSets = rules.map((c) => (c.local ? new Set(r.classList(c.local)) : undefined));
    const groups = new Map<string, { classes: number[]; rules: RuleSpec[] }>();
    for (const c of r.classList(subject)) {
      const applies = rules.filter((_, i) => localSets[i]?.has(c) ?? true);
      const key = applies.map((x) => x.specs[0]!.index).join(',');
      let g = groups.get(key);
      if (!g) {
        g = { classes: [], rules: applies.flatMap((x) => x.specs) };
        groups.set(key, g);
      }
      g.classes.push(c);
    }
    for (const g of groups.values()) steps.push({ tier, order, tieBreak, direction, subject: { kind: 'set', classes: Int32Array.from(g.classes) }, isolates, rules: g.rules, ...subjectDoubt });
  }
  return steps;
}

/** A Calico selector's text, for outputs that quote it. */
function selectorText(s: Selector): string {
  return s.key.startsWith(KEY) ? s.key.slice(KEY.length).replace(/^ns /, '') : s.key;
}

/** The positive parts of its rules' sides that pick pods by selectors (see entitySelection). */
/** The endpoints a Calico policy applies to: its selector (and service accounts) in its namespace, or in the namespaces its namespaceSelector picks. */
export function calicoSubjectPeers(policy: CalicoPolicy): SelectorPeer[] {
  const s = subjectSelection(policy);
  const pods = s.pods && !isMatchAll(s.pods) ? { pods: { selector: s.pods, text: selectorText(s.pods) } } : {};
  if (typeof s.namespaces === 'string') return [{ namespaces: { name: s.namespaces }, ...pods }];
  if (isMatchAll(s.namespaces) && !('pods' in pods)) return [];
  return [{ namespaces: { selector: s.namespaces, text: selectorText(s.namespaces) }, ...pods }];
}

export function calicoSelectorPeers(policy: CalicoPolicy): SelectorPeer[] {
  const out: SelectorPeer[] = [];
  for (const direction of ['ingress', 'egress'] as const) {
    if (!policy.types[direction]) continue;
    for (const rule of policy[direction]) {
      const side = entitySelection(policy, direction === 'ingress' ? rule.source : rule.destination);
      if (!side) continue;
      const pods = side.pods ? { selector: side.pods, text: selectorText(side.pods) } : undefined;
      const namespaces = typeof side.namespaces === 'string' ? { name: side.namespaces } : { selector: side.namespaces, text: selectorText(side.namespaces) };
      out.push({ namespaces, ...(pods ? { pods } : {}) });
    }
  }
  return out;
}
