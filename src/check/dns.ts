/** Where cluster DNS answers and on which ports, as the checks of every policy kind see it. */
import type { Labels, RulePort, Workload } from '../model/cluster.js';
import type { Protocol } from '../model/connections.js';

export const DNS_PORT = 53;
/** Ports DNS servers listen on: 53, and 5353 on OpenShift, where policies see the port behind the service. */
export const DNS_PORTS = [DNS_PORT, 5353];
/**
 * Where cluster DNS runs when the manifests do not hold it: kube-dns's
 * namespace and label, which CoreDNS keeps, listening on 53; and
 * OpenShift's DNS, whose pods listen on 5353 behind the Service's 53
 * (openshift/cluster-dns-operator assets/dns/daemonset.yaml `containerPort:
 * 5353, name: dns`; assets/dns/service.yaml `port: 53, targetPort: dns`),
 * the port policies see.
 */
export const CLUSTER_DNS: ReadonlyArray<{ name: string; namespace: string; labels: Labels; port: number }> = [
  { name: 'kube-dns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' }, port: DNS_PORT },
  { name: 'dns-default', namespace: 'openshift-dns', labels: { 'dns.operator.openshift.io/daemonset-dns': 'default' }, port: 5353 },
];
/** Container port names DNS servers declare. */
export const DNS_PORT_NAMES: Readonly<Record<string, Protocol>> = { dns: 'UDP', 'dns-tcp': 'TCP' };
export const DNS_APPS: ReadonlySet<string> = new Set(['kube-dns', 'coredns', 'node-local-dns']);

/** A place DNS answers from, as policy peers see it. */
export interface DnsEndpoint {
  readonly namespace: string;
  readonly namespaceLabels: Labels;
  readonly podLabels: Labels;
}

export function isDnsWorkload(w: Workload): boolean {
  return DNS_APPS.has(w.name) || w.pods.some((p) => DNS_APPS.has(p.labels['k8s-app'] ?? '') || DNS_APPS.has(p.labels['app.kubernetes.io/name'] ?? ''));
}

/** Whether ports allow DNS on a protocol; `explicit` leaves out ports whose protocol was not written. */
export function allowsDns(ports: readonly RulePort[] | 'all', protocol: Protocol, explicit = false): boolean {
  if (ports === 'all') return true;
  return ports.some((p) => {
    if (p.kind === 'named') return (p.protocol === undefined || p.protocol === protocol) && DNS_PORT_NAMES[p.name] === protocol;
    if (p.protocol !== protocol) return false;
    if (p.kind === 'all') return true;
    return DNS_PORTS.some((port) => p.from <= port && port <= p.to) && !(explicit && p.protocolOmitted);
  });
}
