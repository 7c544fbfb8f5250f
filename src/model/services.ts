import type { PodTemplate, Workload } from './cluster.js';
import { CONTROLLER_POD_LABELS, LABEL_SETTERS, OPERATED_KINDS, WORKLOAD_KINDS } from './cluster.js';
import type { Protocol } from './connections.js';
import { ConnectionSet } from './connections.js';
import type { SourceRef } from './diagnostics.js';
import type { Labels, Selector } from './selectors.js';

/** A port of a Service: where clients connect (`port`), and the pods' port it forwards to. */
export interface ServicePort {
  readonly name?: string;
  readonly port: number;
  /** The pods' port, by number or by container port name; the service port itself when not given. */
  readonly targetPort: number | string;
  readonly protocol: Protocol;
}

export const SERVICE_TYPES = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

/** A v1 Service: the pods of its namespace its selector picks, on its ports. */
export interface Service {
  readonly namespace: string;
  readonly name: string;
  readonly type: ServiceType;
  /** undefined: a Service without selector, whose endpoints are managed by hand (not modelled). */
  readonly selector?: Labels;
  readonly ports: readonly ServicePort[];
  /** `spec.loadBalancerSourceRanges`, the CIDRs clients of a load balancer are limited to (empty: any), as kube-proxy reads them (see sloppyCidr), in canonical form. */
  readonly loadBalancerSourceRanges: readonly string[];
  /** `spec.externalIPs`: addresses outside the cluster that the nodes take the Service's traffic on, whatever its type. */
  readonly externalIPs: readonly string[];
  /**
   * `spec.clusterIP`, `spec.clusterIPs` (not `None`) and `spec.loadBalancerIP`:
   * addresses the nodes' service proxy takes traffic on and sends on to the
   * Service's endpoints before policies see it, as it does for externalIPs.
   */
  readonly virtualIPs?: readonly string[];
  /** `spec.externalTrafficPolicy`: Cluster (the default) has kube-proxy replace the client's address with a node's; Local keeps it. */
  readonly externalTrafficPolicy: 'Cluster' | 'Local';
  /** `spec.allocateLoadBalancerNodePorts` (default true), or a port's `nodePort` set, which it opens whatever that field says: a LoadBalancer also opens a node port, which its source ranges do not guard. */
  readonly allocateLoadBalancerNodePorts: boolean;
  /** A LoadBalancer's cloud provider annotation that makes it internal (`key: value`), whose clients are those of the cloud network (not modelled). */
  readonly internal?: string;
  /**
   * A LoadBalancer's load balancer the manifests show to be one that passes
   * the client's address on to the nodes (a passthrough load balancer: an
   * AWS NLB with instance targets or client IP preservation, GKE's, Azure's,
   * MetalLB), as what shows it; undefined: not known, and one that proxies
   * (AWS's Classic ELB, an NLB with IP targets) sends from its own address,
   * so externalTrafficPolicy Local keeps no client's address.
   */
  readonly keepsClientAddress?: string;
  /** The ranges of the load-balancer-source-ranges annotation, where the field is empty: shown with the path, not narrowing its clients (only some cloud providers read it). */
  readonly annotatedSourceRanges?: string;
  /** The Service says the cluster has IPv6 addresses (an IPv6 family, RequireDualStack, an IPv6 address or range): IPv6 is analysed too. */
  readonly ipv6?: true;
  readonly source: SourceRef;
}

/**
 * Whether a pod of a workload may carry a label its controller sets on the
 * pods it makes (kubernetes.io/docs/reference/labels-annotations-taints):
 * the kinds that set it (LABEL_SETTERS); a StatefulSet's pod names are its
 * name and an index, a Job's pods carry its name (a CronJob's jobs, its name
 * and a suffix). Pods of kinds whose controllers reachdiff does not know,
 * and labels a mesh's injector adds, may carry any value.
 */
function mayCarry(w: Pick<Workload, 'kind' | 'name'>, key: string, value: string): boolean {
  const setters = LABEL_SETTERS[key];
  if (setters === undefined || !KNOWN_KINDS.has(w.kind)) return true;
  if (!setters.includes(w.kind)) return false;
  if (key === 'statefulset.kubernetes.io/pod-name') return value.startsWith(`${w.name}-`) && /^\d+$/.test(value.slice(w.name.length + 1));
  // a Job written with generateName alone is named by its prefix (ending in "-", as no name can): its jobs' names start with it
  if (key === 'job-name' || key === 'batch.kubernetes.io/job-name') return w.kind === 'Job' ? value === w.name || (w.name.endsWith('-') && value.startsWith(w.name)) : value.startsWith(`${w.name}-`);
  return true;
}

/** The kinds whose controllers mayCarry knows: the built-in ones, and the Pod, which none makes. */
const KNOWN_KINDS: ReadonlySet<string> = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Pod', 'ReplicationController']);

/**
 * Whether a Service's selector picks pods of a workload with these template
 * labels. A selector on a label controllers (or a mesh's injector) set on
 * pods, which templates do not show (a StatefulSet's
 * `statefulset.kubernetes.io/pod-name`, for a Service per pod), picks the
 * workload where its pods may carry the value (mayCarry), and its other
 * labels match: the workload stands for all its pods, so a Service that
 * picks one of them reaches it.
 */
export function servicePicks(selector: Labels, w: Pick<Workload, 'kind' | 'name'>, podLabels: Labels): boolean {
  for (const key in selector) {
    const value = selector[key]!;
    if (podLabels[key] === value) continue;
    // the controller's value wins over one the template writes
    if (!CONTROLLER_POD_LABELS.has(key) || !mayCarry(w, key, value)) return false;
  }
  return true;
}

/**
 * The ports a service port forwards to on a pod: its target port by
 * number, or the container port of that name and of the service port's
 * protocol. A name is unique within one container only, so a pod may have
 * ports of one name and different protocols in different containers; the
 * EndpointSlice controller takes the one whose protocol is the service port's
 * (FindPort, kubernetes pkg/api/v1/pod/util.go).
 */
export function podPorts(port: ServicePort, pod: PodTemplate): ConnectionSet {
  if (typeof port.targetPort === 'number') return ConnectionSet.ports(port.protocol, port.targetPort, port.targetPort);
  const named = pod.ports.find((p) => p.name === port.targetPort && p.protocol === port.protocol);
  return named ? ConnectionSet.ports(port.protocol, named.port, named.port) : ConnectionSet.NONE;
}

/** The kinds of objects that route traffic from outside the cluster to Services. */
export const ROUTE_KINDS = ['Ingress', 'Route', 'HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute'] as const;
export type RouteKind = (typeof ROUTE_KINDS)[number];

/**
 * The kinds besides the policy kinds whose objects the loader reads into
 * what it analyses, whatever their group: workloads, namespaces, Services,
 * routes, Gateways and their listener sets, reference grants, and the
 * operators' resources analysed as the pods they make.
 */
export const READ_KINDS: readonly string[] = [...WORKLOAD_KINDS, 'Namespace', 'Service', ...ROUTE_KINDS, 'Gateway', 'ListenerSet', 'XListenerSet', 'ReferenceGrant', ...OPERATED_KINDS];

/**
 * A Service an ingress object sends traffic to, and which of its ports: a
 * number or a name, matched as the kind defines it; undefined: every port.
 */
export interface RouteBackend {
  readonly namespace: string;
  /** The Service's name (or, for a backend of another kind, that object's). */
  readonly service: string;
  readonly port?: number | string;
  readonly line: number;
  /** A backend that is not a Service: its kind and API group (`Backend of gateway.envoyproxy.io`); where it leads is not modelled. */
  readonly other?: string;
}

/**
 * An object that lets traffic from outside the cluster in, through an
 * ingress controller or a gateway, to the pods behind Services: an Ingress,
 * an OpenShift Route, or a Gateway API HTTPRoute, GRPCRoute or TCPRoute.
 */
export interface IngressRoute {
  readonly kind: RouteKind;
  readonly namespace: string;
  readonly name: string;
  readonly backends: readonly RouteBackend[];
  /**
   * A Gateway API route's parents: the Gateways it asks to attach to (a
   * listener by `sectionName` or `port`, or any), or `undefined` where some
   * parent is of another kind (a ListenerSet), whose listeners are not read.
   */
  readonly gateways?: readonly GatewayParent[];
  /** A Gateway API route's hostnames (HTTPRoute, GRPCRoute, TLSRoute); none: any. */
  readonly hostnames?: readonly string[];
  /**
   * A Gateway API route attached to Services (GEP-1426 mesh routing): the
   * Services' ports it takes (`ns/name`, and the parentRef's port where
   * given), and the backends it sends their meshed clients' requests to.
   */
  readonly mesh?: { readonly parents: ReadonlyArray<{ readonly service: string; readonly port?: number }>; readonly backends: readonly RouteBackend[] };
  /**
   * An Ingress of a cloud load balancer's class (`ingressClassName: alb`):
   * that load balancer, not an ingress controller of the cluster, sends its
   * traffic to the pods, from its own addresses in the cloud network.
   */
  readonly cloudBalancer?: string;
  /** An Ingress's class as it names it (spec.ingressClassName, else the older annotation); null where it names none (the default IngressClass, if any, applies). */
  readonly className?: string | null;
  /** ingress-nginx's annotation that limits an Ingress's clients by address (`key: value`), not modelled. */
  readonly sourceRanges?: string;
  readonly source: SourceRef;
}

/** A route's parentRef to a Gateway. */
export interface GatewayParent {
  readonly namespace: string;
  readonly name: string;
  readonly sectionName?: string;
  readonly port?: number;
}

/** A Gateway API Gateway: its listeners, and which routes each accepts. */
export interface Gateway {
  readonly namespace: string;
  readonly name: string;
  readonly listeners: readonly GatewayListener[];
}

export interface GatewayListener {
  readonly name: string;
  readonly port: number;
  /** allowedRoutes.namespaces: the Gateway's own (Same, the default), every one (All), or those a selector picks. */
  readonly namespaces: 'Same' | 'All' | { readonly selector: Selector };
  /** allowedRoutes.kinds, where given: the route kinds (of the Gateway API group) it accepts; undefined: those its protocol takes. */
  readonly kinds?: readonly string[];
  /** The hostname it serves (`*.` first: a suffix); undefined: any. */
  readonly hostname?: string;
}

/**
 * Whether a listener's hostname and a route's hostnames intersect, as the
 * Gateway API has a listener take a route (gateway-api.sigs.k8s.io/
 * reference/spec/, HTTPRouteSpec.hostnames and Listener.hostname): where
 * either gives none, or some route hostname matches the listener's, a
 * name beginning `*.` matching the names that end with the rest after at
 * least one more label, two such names where one's suffix holds the
 * other's.
 */
export function hostnamesIntersect(listener: string | undefined, route: readonly string[] | undefined): boolean {
  if (listener === undefined || route === undefined || route.length === 0) return true;
  const suffix = (h: string) => (h.startsWith('*.') ? h.slice(1) : undefined);
  const l = suffix(listener);
  return route.some((r) => {
    const s = suffix(r);
    if (l === undefined && s === undefined) return r === listener;
    if (l !== undefined && s === undefined) return r.endsWith(l) && r.length > l.length;
    if (l === undefined && s !== undefined) return listener.endsWith(s) && listener.length > s.length;
    return l!.endsWith(s!) || s!.endsWith(l!);
  });
}

/** A Gateway API ReferenceGrant: routes of some kinds in other namespaces may name Services of its own. */
export interface ReferenceGrant {
  readonly namespace: string;
  readonly name: string;
  /** Route kinds and their namespaces allowed to refer here. */
  readonly from: ReadonlyArray<{ readonly kind: string; readonly namespace: string }>;
  /** Services allowed to be referred to; an undefined name: every Service of the namespace. */
  readonly to: ReadonlyArray<{ readonly name?: string }>;
}

/** How a route is named as the object a path goes through (PathVia.object): `Ingress shop/web`. */
export function routeObject(route: Pick<IngressRoute, 'kind' | 'namespace' | 'name'>): string {
  return `${route.kind} ${route.namespace}/${route.name}`;
}
