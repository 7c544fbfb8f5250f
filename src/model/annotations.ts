/**
 * The annotations of pods (or their templates) and namespaces that reachdiff
 * reads to decide traffic, or to fail what it does not model closed. A
 * mutation that writes one of them (a Kyverno mutate rule, a Gatekeeper
 * mutator) may change what is analysed, so they are kept in one list.
 */

/** The annotation that sets Linkerd's default inbound policy for a namespace's pods, or a pod's. */
export const LINKERD_DEFAULT_POLICY = 'config.linkerd.io/default-inbound-policy';

/** Linkerd's annotation that has its proxy injected into a pod (on the pod or its namespace). */
export const LINKERD_INJECT = 'linkerd.io/inject';

/** Consul's annotation that has its sidecar proxy injected into a pod (developer.hashicorp.com/consul/docs/k8s/annotations-and-labels). */
export const CONSUL_CONNECT_INJECT = 'consul.hashicorp.com/connect-inject';

/** The OpenTelemetry Operator's annotation asking for a collector sidecar in a pod, or in every pod of a namespace. */
export const OTEL_SIDECAR_INJECT = 'sidecar.opentelemetry.io/inject';

/** Multus's annotation naming the secondary networks a pod is attached to. */
export const MULTUS_NETWORKS = 'k8s.v1.cni.cncf.io/networks';

export const TRAFFIC_ANNOTATIONS: readonly string[] = [LINKERD_DEFAULT_POLICY, LINKERD_INJECT, CONSUL_CONNECT_INJECT, OTEL_SIDECAR_INJECT, MULTUS_NETWORKS];

/**
 * A pattern finding any of TRAFFIC_ANNOTATIONS in text: a key as YAML or
 * JSON writes it, or in a JSON patch path (`linkerd.io~1inject`), or
 * quoted in a Gatekeeper location.
 */
export const TRAFFIC_ANNOTATION_PATTERN: RegExp = new RegExp(TRAFFIC_ANNOTATIONS.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace('/', '(?:/|~1)')).join('|'));
