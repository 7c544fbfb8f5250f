import type { Protocol } from './connections.js';
import type { SourceRef } from './diagnostics.js';
import type { Labels, Selector } from './selectors.js';
import { matches, selectorOfRequirements } from './selectors.js';

export type { Labels } from './selectors.js';

export const WORKLOAD_KINDS = [
  'Pod',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'ReplicationController',
  'Job',
  'CronJob',
] as const;
export type WorkloadKind = (typeof WORKLOAD_KINDS)[number];

/** The kinds of custom resources analysed as the pods their operator makes (prometheus-operator's: src/input/operators.ts). */
export const OPERATED_KINDS = ['Prometheus', 'PrometheusAgent', 'Alertmanager', 'ThanosRuler'] as const;
export type OperatedKind = (typeof OPERATED_KINDS)[number];

/**
 * Labels a mesh's sidecar injector puts on the pods it injects: Istio's
 * injection template sets security.istio.io/tlsMode,
 * service.istio.io/canonical-name and canonical-revision and istio.io/rev
 * (istio.io/docs/reference/config/labels), Linkerd's proxy injector the
 * control plane's namespace, the workload's namespace and its
 * linkerd.io/proxy-KIND (linkerd2, pkg/k8s/labels.go).
 */
export const INJECTED_POD_LABELS: ReadonlySet<string> = new Set(injectedPodLabels());

function injectedPodLabels(): string[] {
  const linkerdKinds = ['deployment', 'replicaset', 'replicationcontroller', 'statefulset', 'daemonset', 'job', 'cronjob', 'pod'];
  return [
    'security.istio.io/tlsMode',
    'service.istio.io/canonical-name',
    'service.istio.io/canonical-revision',
    'istio.io/rev',
    // set where the mesh carries traffic through HBONE tunnels
    'networking.istio.io/tunnel',
    'linkerd.io/control-plane-ns',
    'linkerd.io/workload-ns',
    ...linkerdKinds.map((k) => `linkerd.io/proxy-${k}`),
  ];
}

/**
 * The node's labels the API server copies onto every pod bound to it, over
 * any value its template writes: the PodTopologyLabels admission plugin
 * (kubernetes plugin/pkg/admission/podtopologylabels, KEP-4742; feature
 * gate PodTopologyLabelsAdmission, on by default since 1.35).
 */
export const NODE_TOPOLOGY_POD_LABELS: readonly string[] = ['topology.kubernetes.io/zone', 'topology.kubernetes.io/region'];

/**
 * Labels pods carry that their templates do not show: those the
 * controllers put on the pods they make, Deployment (through its
 * ReplicaSets), StatefulSet, DaemonSet and Job
 * (kubernetes.io/docs/reference/labels-annotations-taints), those a
 * mesh's injector adds (INJECTED_POD_LABELS), and the node's zone and
 * region (NODE_TOPOLOGY_POD_LABELS). Their values (hashes, uids, indexes,
 * whether a pod is injected, where it is scheduled) are not in the
 * manifests, so selectors on them are not modelled.
 */
export const CONTROLLER_POD_LABELS: ReadonlySet<string> = new Set([
  ...injectedPodLabels(),
  ...NODE_TOPOLOGY_POD_LABELS,
  'pod-template-hash',
  'controller-revision-hash',
  'pod-template-generation',
  'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index',
  'job-name',
  'controller-uid',
  'batch.kubernetes.io/job-name',
  'batch.kubernetes.io/controller-uid',
  'batch.kubernetes.io/job-completion-index',
]);

/**
 * The kinds whose controllers set each label of CONTROLLER_POD_LABELS on
 * the pods they make (but the injected and topology ones, which any pod may carry): a
 * Deployment's through its ReplicaSets, a CronJob's through its Jobs.
 */
export const LABEL_SETTERS: Readonly<Record<string, readonly string[]>> = {
  'pod-template-hash': ['Deployment', 'ReplicaSet'],
  'controller-revision-hash': ['StatefulSet', 'DaemonSet'],
  'pod-template-generation': ['DaemonSet'],
  'statefulset.kubernetes.io/pod-name': ['StatefulSet'],
  'apps.kubernetes.io/pod-index': ['StatefulSet'],
  'job-name': ['Job', 'CronJob'],
  'controller-uid': ['Job', 'CronJob'],
  'batch.kubernetes.io/job-name': ['Job', 'CronJob'],
  'batch.kubernetes.io/controller-uid': ['Job', 'CronJob'],
  'batch.kubernetes.io/job-completion-index': ['Job', 'CronJob'],
};

/** The label every namespace carries with its own name. */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** The namespaces the API server makes in every cluster (kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/, Initial namespaces). */
export const BUILT_IN_NAMESPACES: readonly string[] = ['default', 'kube-node-lease', 'kube-public', 'kube-system'];

/**
 * Whether a namespace's labels but its name's are known: one the manifests
 * or the config declare, or one made for a representative with the labels
 * chosen for it; not one only referenced (or absent), which the cluster
 * may have made with any.
 */
export function labelsKnown(ns: Namespace | undefined): boolean {
  return ns !== undefined && (ns.declared || ns.chosen === true);
}

/**
 * Whether a selector of namespaces may pick a namespace of this name whose
 * labels but its name's are not known: its requirements on the name's
 * label (the API server's) hold.
 */
export function mayPickByName(selector: Selector, name: string): boolean {
  return matches(selectorOfRequirements(selector.requirements.filter((q) => q.key === NAMESPACE_NAME_LABEL)), { [NAMESPACE_NAME_LABEL]: name });
}

export interface Namespace {
  readonly name: string;
  /** Manifest labels plus the implicit `kubernetes.io/metadata.name`. */
  readonly labels: Labels;
  /** False for a namespace only referenced, never declared. */
  readonly declared: boolean;
  /** Made for a representative of pods the manifests do not hold: its labels are those chosen for it, where an undeclared one's are not known. */
  readonly chosen?: boolean;
  /** Where the config declares it outside the manifests too: the labels the manifests write, whose keys kubectl apply manages. */
  readonly written?: Labels;
  readonly source?: SourceRef;
}

export interface ContainerPort {
  readonly name?: string;
  readonly port: number;
  readonly protocol: Protocol;
  /** The node's port that forwards to it, which clients outside the cluster may reach. */
  readonly hostPort?: number;
  /** Declared on a native sidecar (an init container that keeps running), not on one of the pod's containers. */
  readonly sidecar?: true;
}

/** The pods of a workload that look alike: same labels, ports, network mode. */
export interface PodTemplate {
  readonly labels: Labels;
  readonly ports: readonly ContainerPort[];
  readonly hostNetwork: boolean;
  /** `spec.serviceAccountName` where given; Kubernetes runs the pod as `default` otherwise. */
  readonly serviceAccountName?: string;
  /**
   * The named ports of its init containers that are not native sidecars,
   * where it has any: they serve nothing once the container is done, and
   * are not among `ports`, but Calico resolves a policy's port names on
   * them too (RD107 says so).
   */
  readonly initPorts?: readonly ContainerPort[];
  /**
   * Where a pod on the host network is NodeLocal DNSCache, the addresses
   * its `-localip` flag has it listen on, on each node (169.254.25.10 under
   * Kubespray), as written; read for the DNS check only.
   */
  readonly dnsListen?: readonly string[];
}

/**
 * The node's port that forwards to a container port of a pod: its hostPort,
 * or, in a pod on the host network, the container port itself (the API
 * server defaults hostPort to containerPort there, SetDefaults_Pod in
 * kubernetes pkg/apis/core/v1/defaults.go, and refuses any other value).
 */
export function hostPortOf(pod: PodTemplate, port: ContainerPort): number | undefined {
  return pod.hostNetwork ? port.port : port.hostPort;
}

/** The service account pods run as when their spec names none. */
export const DEFAULT_SERVICE_ACCOUNT = 'default';

/**
 * A unit of the matrix: `ns/name[Kind]`. Pods owned by a controller stand
 * for that controller, so the kind may be any owner kind. Usually one pod
 * template; pods of one owner that differ in labels give several.
 */
export interface Workload {
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  readonly kind: string;
  readonly pods: readonly PodTemplate[];
  readonly source: SourceRef;
  /** What of the object written the API server keeps as it was created (a Deployment's selector...), as canonical JSON: a change to it is refused. */
  readonly immutable?: string;
  /** Why its template's changes reach no running pod, or not all, by themselves (a paused Deployment, an update strategy OnDelete or partitioned, a ReplicaSet), as a message says it after the kind. */
  readonly held?: string;
  /** The labels of the object written itself (its metadata.labels), not a Pod's, where it has some: not its pods' unless its template carries them too. */
  readonly labels?: Labels;
}

/** The kind of the pod an exposure or invariant state adds for pods the manifests do not hold (a representative). */
export const REPRESENTATIVE_KIND = 'Representative';

/** Whether a workload of an exposure's matrix is a representative's pod (or entire-cluster's). */
export function isRepresentative(w: Pick<Workload, 'kind'>): boolean {
  return w.kind === REPRESENTATIVE_KIND;
}

export function workloadId(namespace: string, name: string, kind: string): string {
  return `${namespace}/${name}[${kind}]`;
}

/** A port of a policy rule, before named ports are resolved on a destination. */
export type RulePort =
  /** `protocolOmitted`: the protocol was not written and defaulted to TCP. */
  | { readonly kind: 'numbers'; readonly protocol: Protocol; readonly from: number; readonly to: number; readonly protocolOmitted?: true }
  | { readonly kind: 'all'; readonly protocol: Protocol }
  /** A container port name; `protocol` undefined matches any protocol (ANP namedPort). */
  | { readonly kind: 'named'; readonly protocol: Protocol | undefined; readonly name: string };

/**
 * Ports as a set expression (Calico's ports and notPorts): those of
 * `include` ('all': every port of every protocol) less those of `exclude`;
 * named ports on both sides resolve on each destination.
 */
export interface PortExpression {
  readonly include: readonly RulePort[] | 'all';
  readonly exclude: readonly RulePort[];
}
