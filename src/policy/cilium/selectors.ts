import { NAMESPACE_NAME_LABEL } from '../../model/cluster.js';
import { Codes } from '../../model/diagnostics.js';
import { InvalidObject, isRecord, shown } from '../../model/objects.js';
import type { Labels, Operator, Requirement, Selector } from '../../model/selectors.js';
import { formatSelector, matches, parseSelector } from '../../model/selectors.js';
import type { PolicyNote } from '../kind.js';
import { controllerDoubt, controllerKeysNote } from '../notes.js';
import type { IdentitySelector } from './types.js';

/**
 * Cilium's endpoint selectors, read against the pods of the manifests.
 *
 * A selector matches the labels of a security identity. A pod's identity
 * holds its labels (source `k8s`) that the default label filter keeps,
 * `io.kubernetes.pod.namespace`, `io.cilium.k8s.namespace.labels.K` for
 * each label K of its namespace, its service account and cluster; nodes
 * and addresses outside the cluster have `reserved:` identities (host,
 * remote-node, world). A key is `source:key`; a key without source means
 * any source (Cilium rewrites it to `any:`) (docs.cilium.io, Security >
 * Network Policy > Layer 3, "Endpoints based"; pkg/labels/labels.go,
 * pkg/policy/api/selector.go Sanitize).
 */

/** The pod's namespace as a label of its identity. */
export const NAMESPACE_KEY = 'io.kubernetes.pod.namespace';
/** Namespace labels as labels of the pods' identities. */
export const NAMESPACE_LABELS_PREFIX = 'io.cilium.k8s.namespace.labels.';
const SERVICE_ACCOUNT_KEY = 'io.cilium.k8s.policy.serviceaccount';
const CLUSTER_KEY = 'io.cilium.k8s.policy.cluster';
/**
 * The prefix of the labels Cilium owns (pkg/k8s/apis/cilium.io const.go
 * LabelPrefix). Before it builds a pod's identity, Cilium drops every pod
 * label whose key starts with it (pkg/k8s/utils/utils.go filterPodLabels,
 * called by SanitizePodLabels) and then adds its own: the namespace labels,
 * the service account and the cluster name above. A selector on any other
 * such key matches no pod, whatever the pod's labels say.
 */
const CILIUM_OWNED_PREFIX = 'io.cilium.k8s';

/** A selector key split at its source: `k8s:app` is (k8s, app); `app` is (any, app). */
export interface SourcedKey {
  readonly source: string;
  readonly key: string;
}

export function splitKey(key: string): SourcedKey {
  const i = key.indexOf(':');
  return i < 0 ? { source: 'any', key } : { source: key.slice(0, i), key: key.slice(i + 1) };
}

/** Whether a key of this source can match a pod's labels (they are of source k8s). */
function podSource(source: string): boolean {
  return source === 'k8s' || source === 'any';
}

// --- the default identity label filter (pkg/labelsfilter/filter.go defaultLabelPrefixCfg) ---

/** Prefixes kept, as regular expressions matched at the start of the key. */
const KEPT = [/^io\.kubernetes\.pod\.namespace/, /^io\.cilium\.k8s\.namespace\.labels/, /^app\.kubernetes\.io/, /^io\.cilium\.k8s\.policy\.cluster/];
/** Prefixes left out. */
const LEFT_OUT = [
  /^io\.kubernetes/,
  /^kubernetes\.io/,
  /^statefulset\.kubernetes\.io\/pod-name/,
  /^apps\.kubernetes\.io\/pod-index/,
  /^batch\.kubernetes\.io\/job-completion-index/,
  /^.*beta\.kubernetes\.io/,
  /^k8s\.io/,
  /^pod-template-generation/,
  /^pod-template-hash/,
  /^controller-revision-hash/,
  /^annotation.*/,
  /^etcd_node/,
];

/**
 * Whether Cilium keeps a label in security identities under its default
 * label filter: a label is left out when a left-out prefix matches it and
 * no kept prefix matches a longer part of it.
 */
function keptInIdentity(key: string): boolean {
  let kept = 0;
  let leftOut = 0;
  for (const re of KEPT) kept = Math.max(kept, re.exec(key)?.[0].length ?? 0);
  for (const re of LEFT_OUT) {
    const n = re.exec(key)?.[0].length ?? 0;
    if (n > 0 && (leftOut === 0 || n < leftOut)) leftOut = n;
  }
  return leftOut === 0 || kept > leftOut;
}

/**
 * Whether a pod label is missing from the pod's security identity: one
 * Cilium owns (io.cilium.k8s..., dropped from the pod's labels), or one its
 * default label filter leaves out.
 */
export function leftOutOfIdentity(key: string): boolean {
  let out = identityOf.get(key);
  if (out === undefined) {
    out = key.startsWith(CILIUM_OWNED_PREFIX) || !keptInIdentity(key);
    if (identityOf.size >= 10_000) identityOf.clear();
    identityOf.set(key, out);
  }
  return out;
}

/** leftOutOfIdentity's answers, by key: every selector of every policy asks, of the same few keys. */
const identityOf = new Map<string, boolean>();

// --- validation (pkg/labels/validation.go IsValidCiliumLabelKey, apimachinery label keys and values) ---

const NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function keyProblem(key: string): string | undefined {
  const parts = key.split(':');
  if (parts.length > 2) return `label key "${key}" has more than one ":" (only a source prefix such as k8s: may precede the key)`;
  if (parts.length === 2 && !/^[A-Za-z0-9]+$/.test(parts[0]!)) return `label key "${key}": the source before ":" must be letters and digits`;
  const name = parts[parts.length - 1]!;
  const slash = name.lastIndexOf('/');
  const prefix = slash < 0 ? undefined : name.slice(0, slash);
  const local = slash < 0 ? name : name.slice(slash + 1);
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) return `label key "${key}": "${prefix}" is not a DNS subdomain`;
  if (local.length > 63 || !NAME.test(local)) return `label key "${key}" is not a valid label name`;
  return undefined;
}

function valueProblem(value: string): string | undefined {
  return value === '' || (value.length <= 63 && NAME.test(value)) ? undefined : `label value "${value}" is not a valid label value`;
}

function validated(raw: unknown, what: string, line: number): Record<string, unknown> {
  if (raw === null || raw === undefined) return {};
  if (!isRecord(raw)) throw new InvalidObject(`${what} must be a label selector (matchLabels, matchExpressions)`, line);
  const out: Record<string, unknown> = {};
  const labels = raw['matchLabels'];
  if (labels !== undefined && labels !== null) {
    if (!isRecord(labels)) throw new InvalidObject(`${what}.matchLabels must be a mapping of label keys to values`, line);
    for (const [k, v] of Object.entries(labels)) {
      if (typeof v !== 'string') throw new InvalidObject(`${what}.matchLabels: the value of "${k}" must be a string (quote it: "${shown(v)}")`, line);
      const problem = keyProblem(k) ?? valueProblem(v);
      if (problem) throw new InvalidObject(`${what}.matchLabels: ${problem}`, line);
    }
    out['matchLabels'] = labels;
  }
  const expressions = raw['matchExpressions'];
  if (expressions !== undefined && expressions !== null) {
    if (!Array.isArray(expressions)) throw new InvalidObject(`${what}.matchExpressions must be a list`, line);
    for (const e of expressions) {
      const key = isRecord(e) ? e['key'] : undefined;
      const problem = typeof key === 'string' ? keyProblem(key) : undefined;
      if (problem) throw new InvalidObject(`${what}.matchExpressions: ${problem}`, line);
      const values = isRecord(e) ? e['values'] : undefined;
      for (const v of Array.isArray(values) ? values : []) {
        const bad = typeof v === 'string' ? valueProblem(v) : undefined;
        if (bad) throw new InvalidObject(`${what}.matchExpressions: ${bad}`, line);
      }
    }
    out['matchExpressions'] = expressions;
  }
  return out;
}

// --- evaluation ---

function holds(operator: Operator, values: readonly string[], value: string | undefined): boolean {
  switch (operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
  }
}

/**
 * The reserved identities a selector may match beside world, host and
 * remote-node, each the one label `reserved:NAME` of an entity of that name
 * (cilium/cilium pkg/labels/labels.go IDName*; pkg/policy/api/entity.go
 * EntitySelectorMapping): world-ipv4 and world-ipv6 are the outside
 * world's addresses of each family on a dual-stack cluster, where they
 * carry no `reserved:world` (labels.go getWorldLabel).
 */
export const RESERVED_IDENTITIES = ['world-ipv4', 'world-ipv6', 'health', 'init', 'ingress', 'unmanaged', 'kube-apiserver'];

/** Whether requirements hold on a reserved identity (`reserved:world`, no other label); `any:` keys match it too. */
function matchesReserved(requirements: ReadonlyArray<{ sourced: SourcedKey; r: Requirement }>, identity: string): boolean {
  return requirements.every(({ sourced, r }) => {
    const present = (sourced.source === 'reserved' || sourced.source === 'any') && sourced.key === identity;
    return holds(r.operator, r.values, present ? '' : undefined);
  });
}

function selectorOf(requirements: Requirement[]): Selector {
  // the engine's own selector type, made through its parser so that equal selectors are one object
  const s = parseSelector({ matchExpressions: requirements.map((r) => ({ key: r.key, operator: r.operator, ...(r.values.length > 0 ? { values: r.values } : {}) })) });
  if ('error' in s) throw new Error(s.error);
  return s;
}

export interface SelectorScope {
  /** The CiliumNetworkPolicy's namespace; undefined for a clusterwide policy. */
  readonly namespace: string | undefined;
  /** A rule's subject (endpointSelector) or a peer (fromEndpoints, toEndpoints). */
  readonly role: 'subject' | 'peer';
}

/**
 * Reads an endpoint selector of a policy, with the namespace Cilium adds
 * (pkg/k8s/apis/cilium.io/utils/utils.go): a CiliumNetworkPolicy's subject
 * is always in the policy's namespace (a namespace written in matchLabels
 * is replaced); a peer that names no namespace is in the policy's
 * namespace (a CiliumNetworkPolicy, unless it names namespace labels) or in
 * any namespace but only pods (a clusterwide policy); a peer with a
 * `reserved:` key gets no namespace.
 */
export function readIdentitySelector(raw: unknown, what: string, line: number, scope: SelectorScope, notes: PolicyNote[]): IdentitySelector {
  const clean = validated(raw, what, line);
  if (scope.role === 'subject' && scope.namespace !== undefined && isRecord(clean['matchLabels'])) {
    const { [`k8s:${NAMESPACE_KEY}`]: _replaced, ...rest } = clean['matchLabels'];
    clean['matchLabels'] = rest;
  }
  const parsed = parseSelector(clean);
  if ('error' in parsed) throw new InvalidObject(`${what}: ${parsed.error}`, line);
  const sourced = parsed.requirements.map((r) => ({ sourced: splitKey(r.key), r }));
  const has = (test: (s: SourcedKey) => boolean) => sourced.some((x) => test(x.sourced));
  const reservedKey = has((s) => s.source === 'reserved');
  const namespaceKey = has((s) => podSource(s.source) && s.key === NAMESPACE_KEY);
  const namespaceLabels = has((s) => podSource(s.source) && s.key.startsWith(NAMESPACE_LABELS_PREFIX));

  // what Cilium adds: the policy's namespace, or (clusterwide peers) any namespace
  let added: { namespace: string } | 'exists' | undefined;
  let acrossNamespaces = false;
  if (scope.role === 'subject') {
    if (scope.namespace !== undefined) added = { namespace: scope.namespace };
  } else if (!reservedKey && !namespaceKey) {
    if (scope.namespace === undefined) added = 'exists';
    else if (namespaceLabels) acrossNamespaces = true;
    else added = { namespace: scope.namespace };
  }

  const namespaceReqs: Requirement[] = added !== undefined && added !== 'exists' ? [{ key: NAMESPACE_NAME_LABEL, operator: 'In', values: [added.namespace] }] : [];
  const podReqs: Requirement[] = [];
  const dropped: string[] = [];
  let noPod = false;
  let unresolved: string | undefined;
  /** A label pods do not carry: the requirement holds only for NotIn and DoesNotExist. */
  const absent = (r: Requirement) => {
    if (!holds(r.operator, r.values, undefined)) noPod = true;
  };
  for (const { sourced: s, r } of sourced) {
    if (!podSource(s.source)) {
      absent(r);
    } else if (s.key === NAMESPACE_KEY) {
      namespaceReqs.push({ ...r, key: NAMESPACE_NAME_LABEL });
    } else if (s.key.startsWith(NAMESPACE_LABELS_PREFIX)) {
      if (keptInIdentity(s.key)) namespaceReqs.push({ ...r, key: s.key.slice(NAMESPACE_LABELS_PREFIX.length) });
      else {
        dropped.push(r.key);
        absent(r);
      }
    } else if (s.key === SERVICE_ACCOUNT_KEY || s.key === CLUSTER_KEY) {
      notes.push({
        line,
        code: Codes.unsupported,
        message: `${what}: ${s.key} is not modelled (service accounts and cluster names are not read from the manifests); the selector is taken to match no pod`,
      });
      noPod = true;
      unresolved = `${what} reads ${s.key}, which the manifests do not give`;
    } else if (leftOutOfIdentity(s.key)) {
      // a label Cilium owns, dropped from the pod's labels, or one its label filter leaves out
      dropped.push(r.key);
      absent(r);
    } else {
      podReqs.push({ ...r, key: s.key });
    }
  }
  // labels controllers set on pods that Cilium keeps in identities (job-name, controller-uid): the manifests do not show them
  const controllers = controllerDoubt(podReqs.map((q) => q.key), what);
  if (controllers !== undefined) notes.push(controllerKeysNote(podReqs.map((q) => q.key), what, line)!);
  // reserved identities carry no namespace: an added namespace requirement never holds on them; and
  // subjects are endpoints, never the nodes (host policies select those with nodeSelector)
  const reservedMatch = (identity: string) => scope.role === 'peer' && added === undefined && matchesReserved(sourced, identity);
  const reserved = RESERVED_IDENTITIES.filter(reservedMatch);
  // Cilium's ingress proxy is an endpoint of its own (cilium/cilium commit 04f19e98, "Add Cilium Endpoint representing
  // Ingress"), which a clusterwide policy's endpointSelector selects as written; a CiliumNetworkPolicy's gets the
  // policy's namespace, which the proxy's identity does not carry (pkg/k8s/apis/cilium.io/utils ParseToCiliumRule)
  const ingressProxy = scope.role === 'subject' && scope.namespace === undefined && matchesReserved(sourced, 'ingress');
  for (const { sourced: s } of sourced) {
    if (s.source !== 'reserved' || ['world', 'host', 'remote-node'].includes(s.key)) continue;
    const known = RESERVED_IDENTITIES.includes(s.key);
    const subject = scope.role === 'subject' && s.key === 'ingress';
    // the proxy a clusterwide policy selects is doubted where ingress objects route to it (kind.ts ingressProxyDoubt)
    if (subject && ingressProxy) continue;
    notes.push({
      line,
      code: Codes.unsupported,
      message: subject
        ? `${what}: reserved:ingress selects nothing here (a CiliumNetworkPolicy's endpointSelector is given the policy's namespace, which the identity of Cilium's ingress proxy does not carry)`
        : known
          ? `${what}: reserved:${s.key} is read as the ${s.key} entity (${s.key.startsWith('world-') ? "the outside world's addresses of one family on a dual-stack cluster, none on a single-stack one" : 'no endpoint of the manifests'})`
          : `${what}: no identity carries reserved:${s.key} (Cilium's reserved identities: world, host, remote-node, ${RESERVED_IDENTITIES.join(', ')}), so it matches nothing`,
    });
  }
  return {
    namespaces: selectorOf(namespaceReqs),
    pods: selectorOf(podReqs),
    noPod,
    ...(unresolved !== undefined ? { unresolved } : {}),
    ...(controllers !== undefined ? { controllers } : {}),
    world: reservedMatch('world'),
    nodes: reservedMatch('host') || reservedMatch('remote-node'),
    reserved,
    ingressProxy,
    dropped,
    acrossNamespaces,
    text: formatSelector(parsed),
    line,
  };
}

/** Whether a selector matches a pod of a namespace with these labels, as Cilium matches identities. */
export function selectsPod(selector: IdentitySelector, namespaceLabels: Labels, podLabels: Labels): boolean {
  return !selector.noPod && matches(selector.namespaces, namespaceLabels) && matches(selector.pods, podLabels);
}
