import { ConnectionSet } from '../model/connections.js';
import type { Diagnostic, SourceRef } from '../model/diagnostics.js';
import { Codes, diagnostic } from '../model/diagnostics.js';
import type { Labels, Workload } from '../model/cluster.js';
import { isRepresentative, NAMESPACE_NAME_LABEL } from '../model/cluster.js';
import type { GatewayListener, IngressRoute, RouteBackend, Service, ServicePort } from '../model/services.js';
import { hostnamesIntersect, podPorts, routeObject, servicePicks } from '../model/services.js';
import { matches } from '../model/selectors.js';
import type { Cluster } from '../input/cluster.js';

/**
 * Traffic from outside the cluster through an ingress controller or a
 * gateway: Ingress, OpenShift Route and Gateway API HTTPRoute, GRPCRoute and
 * TCPRoute objects send it to the pods behind Services. It is analysed as
 * coming from one pod, `{ingress-controller}`, whose namespace and labels the
 * config may give so that policies' rules for it match as in the cluster;
 * its connections to a workload are those the policies allow, on the TCP
 * ports the objects route to it.
 */
export const INGRESS_CONTROLLER_ID = '{ingress-controller}';
export const INGRESS_CONTROLLER_KIND = 'IngressController';

/** Where the ingress controller runs, and its pods' labels. */
export interface IngressControllerOptions {
  readonly namespace: string;
  readonly labels: Labels;
  /** The namespace's labels where the manifests do not declare it (besides its name label). */
  readonly namespaceLabels?: Labels;
}

/** np-guard's placeholder: a namespace of its own, pods without labels. */
export const DEFAULT_INGRESS_CONTROLLER: IngressControllerOptions = { namespace: 'ingress-controller-ns', labels: {} };

/** Whether a workload is the ingress controller placed where nothing said it runs (np-guard's placeholder). */
export function isPlaceholderController(w: Workload): boolean {
  return w.id === INGRESS_CONTROLLER_ID && w.namespace === DEFAULT_INGRESS_CONTROLLER.namespace && w.pods.every((p) => Object.keys(p.labels).length === 0);
}

/** What reaches one workload through ingress objects: the TCP ports, and the objects (`Ingress ns/name`) with theirs. */
export interface IngressPath {
  readonly ports: ConnectionSet;
  readonly via: ReadonlyArray<{ readonly object: string; readonly service: string; readonly ports: ConnectionSet }>;
}

export interface IngressPaths {
  /** By workload index. */
  readonly paths: ReadonlyMap<number, IngressPath>;
  readonly diagnostics: readonly Diagnostic[];
  /** Backends whose pods are not known (a Service the manifests do not hold, one without selector, an ExternalName, one whose selector picks no pod of theirs): they may lead anywhere (of `namespace`, where given). */
  readonly unresolved: readonly UnresolvedBackend[];
}

/** A backend of an ingress object whose pods are not known. */
export interface UnresolvedBackend {
  /** `Kind ns/name` of the object. */
  readonly object: string;
  readonly service: string;
  /** What the backend is, where it is not a Service (`Backend of gateway.envoyproxy.io ns/name`). */
  readonly target?: string;
  readonly why: string;
  readonly source: SourceRef;
  /** The namespace its pods are in, where that is known (a Service's selector picks pods of its own namespace only); any, where not given. */
  readonly namespace?: string;
}

/** Why a Service whose selector picks no pod of the state leads where the analysis cannot follow. */
export const PICKS_NO_POD = "whose selector picks no pod of the manifests or of the config's outside.workloads: its pods are made elsewhere (a chart, an operator), with labels and policies the analysis does not know";

/**
 * Whether a Service's selector picks no pod of the state's workloads (the
 * manifests' and those the config declares under outside.workloads; not
 * the pods an exposure or invariant state adds): the pods it forwards to
 * are then made outside them, and may be any pod of its namespace with
 * those labels.
 */
export function picksNoPod(service: Service, workloads: readonly Workload[]): boolean {
  const selector = service.selector;
  if (!selector) return false;
  return !workloads.some((w) => w.namespace === service.namespace && w.id !== INGRESS_CONTROLLER_ID && !isRepresentative(w) && w.pods.some((p) => servicePicks(selector, w, p.labels)));
}

/** What a Service that takes traffic from outside the cluster itself is: NodePort, LoadBalancer, or one with external IPs. */
function exposedAs(service: Service): string | undefined {
  if (service.type === 'NodePort' || service.type === 'LoadBalancer') return `${service.type}${service.externalIPs.length > 0 ? ' with external IPs' : ''}`;
  return service.externalIPs.length > 0 ? `${service.type} with external IPs` : undefined;
}

/**
 * The Services that take traffic from outside the cluster themselves
 * (NodePort, LoadBalancer, externalIPs) and whose selector picks no pod of
 * the state (picksNoPod): that traffic reaches pods the analysis does not
 * hold, in the Service's namespace, whatever the policies say of the
 * workloads it does hold. Each is an unresolved way in, with a warning.
 */
export function unknownPodServices(cluster: Cluster): { readonly services: readonly UnresolvedBackend[]; readonly diagnostics: readonly Diagnostic[] } {
  const services: UnresolvedBackend[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const service of cluster.services) {
    const as = exposedAs(service);
    if (as === undefined || !picksNoPod(service, cluster.workloads)) continue;
    const serviceId = `${service.namespace}/${service.name}`;
    diagnostics.push(
      diagnostic('warning', Codes.unsupported, service.source, `Service ${serviceId} (${as}) takes traffic from outside the cluster, and its selector picks no pod of the manifests or of the config's outside.workloads: its pods are made elsewhere, so where that traffic leads is not known (declare them under outside.workloads)`),
    );
    services.push({ object: `Service ${serviceId}`, service: serviceId, target: as, why: PICKS_NO_POD, source: service.source, namespace: service.namespace });
  }
  return { services, diagnostics };
}

/**
 * The service ports a backend names: a port by number or name, matched as
 * np-guard's ingress analyzer does for Ingress and Route objects (the
 * service port's name, its number, or its target port); Gateway API
 * routes name the service port by number. Every port when none is named.
 */
function servicePorts(route: IngressRoute, backend: RouteBackend, service: Service): ServicePort[] {
  if (backend.port === undefined) return [...service.ports];
  const wanted = backend.port;
  // an Ingress's port.number is the Service port's number, a Route's targetPort the pods' port; controllers also
  // match it against the other (ingress-nginx takes the first port either way): every port it may mean is taken
  return service.ports.filter((p) =>
    route.kind === 'Ingress' || route.kind === 'Route' ? (typeof wanted === 'string' && p.name === wanted) || p.port === wanted || p.targetPort === wanted : p.port === wanted,
  );
}

/** Whether a Gateway API route may name a Service in another namespace: a ReferenceGrant there allows it. */
function granted(cluster: Cluster, route: IngressRoute, backend: RouteBackend): boolean {
  if (backend.namespace === route.namespace) return true;
  return cluster.referenceGrants.some(
    (g) => g.namespace === backend.namespace && g.from.some((f) => f.kind === route.kind && f.namespace === route.namespace) && g.to.some((t) => t.name === undefined || t.name === backend.service),
  );
}

/**
 * Why a Gateway API route attaches to none of its Gateways' listeners, or
 * undefined where it may attach to one: a Gateway the manifests do not hold,
 * or a ListenerSet among its parents, counts as taking it, so that no path
 * from outside is left out. A listener takes a route when the parentRef's
 * sectionName and port (where given) are its own, its allowedRoutes admit
 * the route's namespace (Same, the default; All; or a selector of the
 * namespace's labels) and kind (listed, or its protocol's), and its
 * hostname and the route's intersect (hostnamesIntersect)
 * (https://gateway-api.sigs.k8s.io/reference/spec/#listener).
 */
function unattached(cluster: Cluster, route: IngressRoute): string | undefined {
  if (!route.gateways || route.gateways.length === 0) return undefined;
  const why: string[] = [];
  const routeNamespace = cluster.namespaces.get(route.namespace);
  for (const parent of route.gateways) {
    const gateway = cluster.gateways.find((g) => g.namespace === parent.namespace && g.name === parent.name);
    if (!gateway) return undefined;
    const named = gateway.listeners.filter((l) => (parent.sectionName === undefined || l.name === parent.sectionName) && (parent.port === undefined || l.port === parent.port));
    const admits = (l: GatewayListener) => {
      if (l.kinds && !l.kinds.includes(route.kind)) return false;
      if (!hostnamesIntersect(l.hostname, route.hostnames)) return false;
      if (l.namespaces === 'All') return true;
      if (l.namespaces === 'Same') return route.namespace === gateway.namespace;
      // a namespace the manifests do not declare may carry labels they do not show: taken as picked
      return !routeNamespace?.declared || matches(l.namespaces.selector, routeNamespace.labels);
    };
    if (named.some(admits)) return undefined;
    const listener = `listener${parent.sectionName !== undefined ? ` ${parent.sectionName}` : ''}${parent.port !== undefined ? ` on port ${parent.port}` : ''}`;
    const gatewayId = `Gateway ${parent.namespace}/${parent.name}`;
    const hosts = route.hostnames && named.some((l) => !hostnamesIntersect(l.hostname, route.hostnames)) ? ` with hostnames ${route.hostnames.join(', ')}` : '';
    why.push(named.length === 0 ? `${gatewayId} has no ${listener}` : `no ${listener} of ${gatewayId} allows ${route.kind}s from namespace ${route.namespace}${hosts}`);
  }
  return why.join('; ');
}

/** Why a backend whose Service a mesh route is attached to may lead elsewhere. */
export const MESH_REROUTED = 'mesh routing: where the ingress controller is in the mesh, its requests to that Service follow the route';

/**
 * Gateway API routes attached to Services (GEP-1426 mesh routing) by the
 * Service they take, each with where it sends: a route applies to the
 * requests its mesh's clients send to the Service (gateway-api.sigs.k8s.io/mesh/;
 * istio.io/latest/docs/tasks/traffic-management/ingress/gateway-api/,
 * "Mesh Traffic"), an ingress controller in the mesh among them, so the
 * traffic an ingress object sends to that Service may reach the route's
 * backends. A route whose backends are the Service itself, on the port it
 * takes, leads nowhere else and is left out. `namespaces`: those of the
 * backends' pods (undefined: any, for a backend not a Service).
 */
function reroutingMeshRoutes(cluster: Cluster, services: ReadonlyMap<string, Service>): Map<string, Array<{ route: IngressRoute; to: string; namespaces: ReadonlyArray<string | undefined> }>> {
  const out = new Map<string, Array<{ route: IngressRoute; to: string; namespaces: ReadonlyArray<string | undefined> }>>();
  for (const route of cluster.ingressRoutes) {
    if (!route.mesh) continue;
    for (const parent of route.mesh.parents) {
      const own = services.get(parent.service)?.ports ?? [];
      // the parent itself on the one port the route takes (the parentRef's, or the Service's only port)
      const itself = (b: RouteBackend) =>
        b.other === undefined && `${b.namespace}/${b.service}` === parent.service && b.port !== undefined && (parent.port !== undefined ? b.port === parent.port : own.length === 1 && own[0]!.port === b.port);
      const elsewhere = route.mesh.backends.filter((b) => !itself(b));
      if (elsewhere.length === 0) continue;
      const to = [...new Set(elsewhere.map((b) => `${b.other ?? 'Service'} ${b.namespace}/${b.service}`))].join(', ');
      const namespaces = [...new Set(elsewhere.map((b) => (b.other !== undefined ? undefined : b.namespace)))];
      const list = out.get(parent.service) ?? [];
      list.push({ route, to, namespaces: namespaces.includes(undefined) ? [undefined] : namespaces });
      out.set(parent.service, list);
    }
  }
  return out;
}

/** Resolves every ingress object to the workloads behind its Services, with the ports. */
export function ingressPaths(cluster: Cluster): IngressPaths {
  const diagnostics: Diagnostic[] = [];
  const services = new Map<string, Service>(cluster.services.map((s) => [`${s.namespace}/${s.name}`, s]));
  const byNamespace = new Map<string, number[]>();
  cluster.workloads.forEach((w, i) => {
    const list = byNamespace.get(w.namespace);
    if (list) list.push(i);
    else byNamespace.set(w.namespace, [i]);
  });
  // whether a Service picks no pod, once per Service, of its own namespace's workloads
  const noPod = new Map<Service, boolean>();
  const picksNone = (service: Service) => {
    let none = noPod.get(service);
    if (none === undefined) noPod.set(service, (none = picksNoPod(service, (byNamespace.get(service.namespace) ?? []).map((i) => cluster.workloads[i]!))));
    return none;
  };
  const paths = new Map<number, { ports: ConnectionSet; via: Array<{ object: string; service: string; ports: ConnectionSet }> }>();
  const unresolved: UnresolvedBackend[] = [];
  const meshRoutes = reroutingMeshRoutes(cluster, services);
  const rerouted = new Set<string>();
  for (const route of cluster.ingressRoutes) {
    const object = routeObject(route);
    const notAttached = unattached(cluster, route);
    if (notAttached !== undefined) {
      diagnostics.push(diagnostic('warning', Codes.unsupported, route.source, `${object} attaches to no Gateway listener (${notAttached}): it carries no traffic from outside`));
      continue;
    }
    for (const backend of route.backends) {
      const at = { file: route.source.file, line: backend.line };
      const serviceId = `${backend.namespace}/${backend.service}`;
      if (backend.other !== undefined) {
        diagnostics.push(diagnostic('warning', Codes.unsupported, at, `${object} routes to ${backend.other} ${serviceId}, not a Service: where it leads is not modelled`));
        unresolved.push({ object, service: serviceId, target: `${backend.other} ${serviceId}`, why: 'not a Service', source: at });
        continue;
      }
      if (!granted(cluster, route, backend)) {
        diagnostics.push(diagnostic('warning', Codes.unsupported, at, `${object} names Service ${serviceId} in another namespace, and no ReferenceGrant there allows it: that backend is not used`));
        continue;
      }
      for (const mesh of meshRoutes.get(serviceId) ?? []) {
        const meshObject = routeObject(mesh.route);
        if (rerouted.has(`${object}\u0000${meshObject}`)) continue;
        rerouted.add(`${object}\u0000${meshObject}`);
        diagnostics.push(
          diagnostic('warning', Codes.unsupported, mesh.route.source, `${object} routes to Service ${serviceId}, to which ${meshObject} is attached (mesh routing): where the ingress controller is in the mesh (its pods injected with a sidecar, or in ambient mode), its requests to that Service follow ${meshObject} to ${mesh.to}, which is not modelled`),
        );
        for (const namespace of mesh.namespaces) {
          unresolved.push({ object, service: serviceId, target: `${meshObject} attached to Service ${serviceId}`, why: MESH_REROUTED, source: mesh.route.source, ...(namespace !== undefined ? { namespace } : {}) });
        }
      }
      const service = services.get(serviceId);
      if (!service) {
        diagnostics.push(diagnostic('warning', Codes.unsupported, at, `${object} routes to Service ${serviceId}, which the manifests do not hold: where it leads is not known`));
        unresolved.push({ object, service: serviceId, why: 'which the manifests do not hold', source: at });
        continue;
      }
      if (service.type === 'ExternalName') {
        diagnostics.push(diagnostic('warning', Codes.unsupported, at, `${object} routes to Service ${serviceId}, an ExternalName (a DNS alias, which may name a Service of the cluster): where it leads is not modelled`));
        unresolved.push({ object, service: serviceId, why: 'an ExternalName', source: at });
        continue;
      }
      if (!service.selector) {
        diagnostics.push(diagnostic('warning', Codes.unsupported, service.source, `Service ${serviceId} has no selector (or an empty one): its endpoints are set by hand (an EndpointSlice, which may hold pods' addresses) and are not modelled, so where ${object} leads is not known`));
        unresolved.push({ object, service: serviceId, why: 'without selector', source: at });
        continue;
      }
      const ports = servicePorts(route, backend, service).filter((p) => p.protocol === 'TCP');
      const selector = service.selector;
      if (picksNone(service)) {
        diagnostics.push(diagnostic('warning', Codes.unsupported, at, `${object} routes to Service ${serviceId}, whose selector picks no pod of the manifests or of the config's outside.workloads: its pods are made elsewhere, so where it leads is not known (declare them under outside.workloads)`));
        unresolved.push({ object, service: serviceId, why: PICKS_NO_POD, source: at, namespace: service.namespace });
      }
      for (const i of byNamespace.get(service.namespace) ?? []) {
        const w: Workload = cluster.workloads[i]!;
        let reached = ConnectionSet.NONE;
        for (const pod of w.pods) {
          if (!servicePicks(selector, w, pod.labels)) continue;
          for (const p of ports) reached = reached.union(podPorts(p, pod));
        }
        if (reached.isEmpty() && !w.pods.some((pod) => servicePicks(selector, w, pod.labels))) continue;
        const entry = paths.get(i) ?? { ports: ConnectionSet.NONE, via: [] };
        entry.ports = entry.ports.union(reached);
        entry.via.push({ object, service: serviceId, ports: reached });
        paths.set(i, entry);
      }
    }
  }
  return { paths, diagnostics, unresolved };
}

/** The cluster with the ingress controller's pod, and its namespace where the manifests have none. */
export function withIngressController(cluster: Cluster, controller: IngressControllerOptions): Cluster {
  const namespaces = new Map(cluster.namespaces);
  if (!namespaces.has(controller.namespace)) {
    namespaces.set(controller.namespace, { name: controller.namespace, labels: { ...controller.namespaceLabels, [NAMESPACE_NAME_LABEL]: controller.namespace }, declared: false });
  }
  const workload: Workload = {
    id: INGRESS_CONTROLLER_ID,
    namespace: controller.namespace,
    name: 'ingress-controller',
    kind: INGRESS_CONTROLLER_KIND,
    pods: [{ labels: controller.labels, ports: [], hostNetwork: false }],
    source: { file: '', line: 0 },
  };
  return { ...cluster, namespaces, workloads: [...cluster.workloads, workload] };
}
