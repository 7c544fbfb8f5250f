import { CONTROLLER_POD_LABELS, INJECTED_POD_LABELS, NODE_TOPOLOGY_POD_LABELS } from '../model/cluster.js';
import { Codes } from '../model/diagnostics.js';
import type { Selector } from '../model/selectors.js';
import { selectorOfRequirements } from '../model/selectors.js';
import type { ClassMatch, PolicyNote, Resolver } from './kind.js';
import { leftOutOfIdentity } from './cilium/selectors.js';

/**
 * A note for a pod selector that reads a label the controllers set on pods
 * (pod-template-hash, job-name): the manifests do not show it, so which pods
 * the selector matches is not modelled.
 */
export function controllerLabelNote(s: Selector, what: string, line: number): PolicyNote | undefined {
  return controllerKeysNote(s.requirements.map((r) => r.key), what, line);
}

/** Of the label keys a selector reads, those controllers set on pods, each once. */
export function controllerKeys(readKeys: readonly string[]): string[] {
  return [...new Set(readKeys.filter((k) => CONTROLLER_POD_LABELS.has(k)))];
}

/**
 * Why a peer selector reading such labels may match other pods than shown
 * (RuleSpec.doubt: more and fewer), or undefined where it reads none.
 */
export function controllerDoubt(readKeys: readonly string[], what: string): string | undefined {
  const keys = controllerKeys(readKeys);
  return keys.length === 0 ? undefined : `${what} reads ${keys.join(', ')}, which ${setters(keys)} set on pods`;
}

/** Who sets these labels on pods: controllers, a mesh's injector, the API server (the node's topology), or several. */
function setters(keys: readonly string[]): string {
  const injected = keys.filter((k) => INJECTED_POD_LABELS.has(k)).length;
  const topology = keys.filter((k) => NODE_TOPOLOGY_POD_LABELS.includes(k)).length;
  const who = [...(keys.length > injected + topology ? ['controllers'] : []), ...(injected > 0 ? ["a mesh's sidecar injector"] : []), ...(topology > 0 ? ['the API server'] : [])];
  if (who.length === 1) return who[0] === 'controllers' ? 'controllers' : `${who[0]!} may`;
  return `${who.slice(0, -1).join(', ')} and ${who[who.length - 1]!}`;
}

/** A selector without its requirements on labels controllers set on pods: the pods it may match whatever those labels are. */
export function withoutControllerKeys(s: Selector): Selector {
  return selectorOfRequirements(s.requirements.filter((r) => !CONTROLLER_POD_LABELS.has(r.key)));
}

/**
 * For a pod selector that reads labels controllers set on pods: why it may
 * match other pods than shown, and the workloads it may match (those its
 * other requirements pick in `namespaces`); undefined where it reads none.
 * The shape of a Step's subjectDoubt, and of a rule's doubt scope.
 */
export function controllerSelectorDoubt(namespaces: string | Selector, pods: Selector, what: string, r: Resolver): { why: string; within: ClassMatch } | undefined {
  const why = controllerDoubt(pods.requirements.map((q) => q.key), what);
  return why === undefined ? undefined : { why, within: r.pods(namespaces, withoutControllerKeys(pods)) };
}

/** The same for the label keys a selector of another language reads. */
export function controllerKeysNote(readKeys: readonly string[], what: string, line: number): PolicyNote | undefined {
  const keys = controllerKeys(readKeys);
  if (keys.length === 0) return undefined;
  return {
    line,
    code: Codes.unsupported,
    message: `${what} reads ${keys.map((k) => `"${k}"`).join(', ')}, ${keys.length === 1 ? 'a label' : 'labels'} that ${setters(keys)} set on ${keys.some((k) => INJECTED_POD_LABELS.has(k) || NODE_TOPOLOGY_POD_LABELS.includes(k)) ? 'pods' : 'their pods'} and pod templates do not show; which pods it matches is not modelled`,
  };
}

/**
 * Of the label keys a Kubernetes NetworkPolicy's pod selector reads, those
 * Cilium leaves out of pods' security identities, which its policies match
 * (docs.cilium.io, "Limiting Identity-Relevant Labels": kubernetes.io/...,
 * k8s.io/..., io.kubernetes..., beta.kubernetes.io...; and its own
 * io.cilium.k8s... labels, dropped from pods' labels), each once; labels
 * controllers set are left to controllerKeys.
 */
function identityKeys(readKeys: readonly string[]): string[] {
  return [...new Set(readKeys.filter((k) => !CONTROLLER_POD_LABELS.has(k) && leftOutOfIdentity(k)))];
}

/** Why a selector on such keys depends on the network plugin. */
function identityWhy(keys: readonly string[], what: string): string {
  return `${what} reads ${keys.join(', ')}, which Cilium leaves out of the pods' identities (there it matches as if no pod carried ${keys.length === 1 ? 'it' : 'them'}), where other network plugins match the pods' labels`;
}

/**
 * For a Kubernetes NetworkPolicy's pod selector that reads labels Cilium
 * leaves out of identities: why which pods it matches depends on the
 * network plugin, the workloads it may match, and whether they may be more
 * than shown (`more`). Under Cilium no pod carries such a label: a
 * requirement that it be there (In, Exists) holds on no pod, so the
 * selector matches fewer pods, among those shown; one that it be absent
 * (NotIn, DoesNotExist) holds on every pod, so it may match those its other
 * requirements pick in `namespaces`. Undefined where it reads none.
 */
export function identitySelectorDoubt(namespaces: string | Selector, pods: Selector, what: string, r: Resolver): { why: string; within: ClassMatch; more: boolean } | undefined {
  const keys = identityKeys(pods.requirements.map((q) => q.key));
  if (keys.length === 0) return undefined;
  const more = pods.requirements.some((q) => keys.includes(q.key) && (q.operator === 'NotIn' || q.operator === 'DoesNotExist'));
  const within = more ? r.pods(namespaces, selectorOfRequirements(pods.requirements.filter((q) => !keys.includes(q.key)))) : r.pods(namespaces, pods);
  return { why: identityWhy(keys, what), within, more };
}

/** The note of such a selector. */
export function identityLabelNote(s: Selector, what: string, line: number): PolicyNote | undefined {
  const keys = identityKeys(s.requirements.map((r) => r.key));
  if (keys.length === 0) return undefined;
  return { line, code: Codes.unsupported, message: `${identityWhy(keys.map((k) => `"${k}"`), what)}: which pods it matches is not modelled` };
}
