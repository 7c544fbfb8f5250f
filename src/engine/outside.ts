import { ConnectionSet } from '../model/connections.js';
import * as addr from '../model/addresses.js';
import type { AddressSet } from '../model/addresses.js';
import type { ExternalRange } from '../model/ipranges.js';
import { appendRange, parseCidr } from '../model/ipranges.js';
import type { Workload } from '../model/cluster.js';
import { hostPortOf } from '../model/cluster.js';
import type { Service } from '../model/services.js';
import { podPorts, routeObject, servicePicks } from '../model/services.js';
import type { Matrix } from './matrix.js';

/**
 * How traffic from outside the cluster reaches a workload: through an
 * ingress object (Ingress, Route, Gateway API route) from the ingress
 * controller; through a Service of type LoadBalancer or NodePort from the
 * external addresses its pods' ingress rules admit (and its
 * loadBalancerSourceRanges allow), on the service's target ports; through
 * a Service's externalIPs, a way of its own, from the addresses the pods'
 * ingress rules admit, which the source ranges do not limit; or through a
 * container's hostPort, a port of the node that forwards to the pod, or a
 * container port of a pod on the host network, which is the node's, from
 * the external addresses the pod's ingress rules admit.
 */
export interface OutsidePath {
  /** The workload, by index. */
  readonly workload: number;
  /** `Ingress ns/name`, `Route ns/name`, `HTTPRoute ns/name`, `Service ns/name (LoadBalancer)`, `Service ns/name (externalIPs)`, `hostPort 8080/TCP`, `hostNetwork 9100/TCP`. */
  readonly via: string;
  /** `ingress-controller`, or the external ranges that reach it. */
  readonly from: 'ingress-controller' | readonly ExternalRange[];
  readonly conn: ConnectionSet;
  /** The disjoint external ranges that reach it, each with its own connections, in address order (none from the ingress controller). */
  readonly pieces: readonly RangeReach[];
}

/** An external range and the connections it opens on one path. */
export interface RangeReach {
  readonly range: ExternalRange;
  readonly conn: ConnectionSet;
}

/** The ports a Service forwards to on the pods of a workload its selector picks (none for a Service without selector). */
export function servicePodPorts(service: Service, w: Workload): ConnectionSet {
  const selector = service.selector;
  if (!selector || service.namespace !== w.namespace) return ConnectionSet.NONE;
  let ports = ConnectionSet.NONE;
  for (const pod of w.pods) if (servicePicks(selector, w, pod.labels)) for (const p of service.ports) ports = ports.union(podPorts(p, pod));
  return ports;
}

/**
 * The addresses a Service of type LoadBalancer admits clients from (its
 * loadBalancerSourceRanges), or every address: also where it opens a node
 * port (allocateLoadBalancerNodePorts, true by default), which the source
 * ranges, enforced at the load balancer, do not guard. They guard neither
 * its externalIPs, which are another way in.
 */
function sourceAddresses(service: Service): AddressSet {
  if (service.type !== 'LoadBalancer' || service.loadBalancerSourceRanges.length === 0 || service.allocateLoadBalancerNodePorts) return addr.ALL;
  let set = addr.NONE;
  for (const c of service.loadBalancerSourceRanges) {
    const p = parseCidr(c);
    if (p.kind !== 'invalid') set = addr.union(set, addr.ofCidr(p));
  }
  return set;
}

/** Every way traffic from outside the cluster reaches a workload of the state, by workload then object. */
export function outsidePaths(m: Matrix): OutsidePath[] {
  const out: OutsidePath[] = [];
  const controller = m.ingressController();
  const real = m.cluster.workloads.length;
  // the clients' addresses an Ingress admits (ingress-nginx's source ranges) are shown, not modelled: a change of them is a change of the path
  const ranged = new Map<string, string>(m.cluster.ingressRoutes.flatMap((r) => (r.sourceRanges !== undefined ? [[routeObject(r), r.sourceRanges] as const] : [])));
  for (let i = 0; i < real; i++) {
    const path = m.ingressPath(i);
    if (!controller || !path) continue;
    const allowed = m.connection(controller, m.workloadEndpoint(i)!);
    // one path per object: an object with several backends to the workload routes their ports together
    const byObject = new Map<string, ConnectionSet>();
    for (const v of path.via) byObject.set(v.object, (byObject.get(v.object) ?? ConnectionSet.NONE).union(v.ports));
    for (const [object, ports] of byObject) {
      const conn = allowed.intersect(ports);
      const ranges = ranged.get(object);
      if (!conn.isEmpty()) out.push({ workload: i, via: ranges !== undefined ? `${object} (${ranges})` : object, from: 'ingress-controller', conn, pieces: [] });
    }
  }
  const byNamespace = new Map<string, number[]>();
  for (let i = 0; i < real; i++) {
    const ns = m.workloads[i]!.namespace;
    byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), i]);
  }
  /** The external ranges that reach a workload on some of `ports`, and on which, together and range by range. */
  const fromOutside = (i: number, ports: ConnectionSet, sources: AddressSet): { ranges: ExternalRange[]; conn: ConnectionSet; pieces: RangeReach[] } => {
    const dst = m.workloadEndpoint(i)!;
    const ranges: ExternalRange[] = [];
    const pieces: RangeReach[] = [];
    let conn = ConnectionSet.NONE;
    for (const r of m.ingressRanges) {
      for (const piece of addr.ranges(addr.intersect(addr.ofRange(r), sources))) {
        const c = m.connection(m.externalEndpoint(piece), dst).intersect(ports);
        if (c.isEmpty()) continue;
        conn = conn.union(c);
        pieces.push({ range: piece, conn: c });
        appendRange(ranges, piece);
      }
    }
    return { ranges, conn, pieces };
  };
  for (const service of m.cluster.services) {
    if (!service.selector) continue;
    // the load balancer (and node port) and the external IPs are two ways in: the source ranges guard the load balancer's
    // own addresses only, and kube-proxy takes traffic to an external IP from any client
    const ways: Array<{ label: string; sources: AddressSet }> = [];
    // an internal load balancer's clients are the cloud network's, which the manifests do not give: its sources are not
    // narrowed, but a change between internal and not is a change of the path
    if (service.type === 'LoadBalancer' || service.type === 'NodePort') {
      const notes = [...(service.internal !== undefined ? ['internal'] : []), ...(service.annotatedSourceRanges !== undefined ? [`source ranges annotation ${service.annotatedSourceRanges}`] : [])];
      ways.push({ label: [service.type, ...notes].join(', '), sources: sourceAddresses(service) });
    }
    if (service.externalIPs.length > 0) ways.push({ label: 'externalIPs', sources: addr.ALL });
    if (ways.length === 0) continue;
    for (const i of byNamespace.get(service.namespace) ?? []) {
      const ports = servicePodPorts(service, m.workloads[i]!);
      if (ports.isEmpty()) continue;
      for (const { label, sources } of ways) {
        const { ranges, conn, pieces } = fromOutside(i, ports, sources);
        if (!conn.isEmpty()) out.push({ workload: i, via: `Service ${service.namespace}/${service.name} (${label})`, from: ranges, conn, pieces });
      }
    }
  }
  // a hostPort opens a port of the node to the pod's port, whatever the Services; a host-network pod's ports are the node's
  for (let i = 0; i < real; i++) {
    const byHostPort = new Map<string, ConnectionSet>();
    for (const pod of m.workloads[i]!.pods) {
      for (const p of pod.ports) {
        const hostPort = hostPortOf(pod, p);
        if (hostPort === undefined) continue;
        const key = `${pod.hostNetwork ? 'hostNetwork' : 'hostPort'} ${hostPort}/${p.protocol}`;
        byHostPort.set(key, (byHostPort.get(key) ?? ConnectionSet.NONE).union(ConnectionSet.ports(p.protocol, p.port, p.port)));
      }
    }
    for (const [via, ports] of byHostPort) {
      const { ranges, conn, pieces } = fromOutside(i, ports, addr.ALL);
      if (!conn.isEmpty()) out.push({ workload: i, via, from: ranges, conn, pieces });
    }
  }
  return out.sort((a, b) => a.workload - b.workload || (a.via < b.via ? -1 : a.via > b.via ? 1 : 0));
}
