/**
 * How Calico resolves a port name: on the named ports of a pod's workload
 * endpoint, which libcalico-go builds from every container of the pod,
 * init containers included, native sidecars or not
 * (projectcalico/calico libcalico-go/lib/backend/k8s/conversion/workload_endpoint_default.go:
 * `appendEndpointPorts(endpointPorts, pod, pod.Spec.Containers)`, then the
 * same over `pod.Spec.InitContainers`), keeping each port: Felix's named
 * port index gives a name every port of the endpoint that has it
 * (felix/labelindex/named_port_index.go, endpointData.LookupNamedPorts
 * appends each match), so a name several containers declare matches each
 * of its numbers. Calico resolves the port names of a Kubernetes
 * NetworkPolicy it enforces on the same endpoint ports.
 */
import { describe, expect, it } from 'vitest';
import { checkManifests, conn, matrixOf, namespace, policy } from './helpers.js';

const NONE = 'No Connections';

type Port = { name: string; port: number; protocol?: string };

/** A Deployment in shop whose containers and init containers (native sidecars where `restartPolicy: Always`) declare these ports. */
function workload(name: string, containers: Port[][], init: Array<{ ports: Port[]; sidecar?: boolean }> = []): string {
  const ports = (list: Port[]) => list.map((p) => ({ name: p.name, containerPort: p.port, ...(p.protocol ? { protocol: p.protocol } : {}) }));
  const spec = {
    ...(init.length > 0 ? { initContainers: init.map((c, i) => ({ name: `i${i}`, image: 'x', ...(c.sidecar ? { restartPolicy: 'Always' } : {}), ports: ports(c.ports) })) } : {}),
    containers: containers.map((list, i) => ({ name: `c${i}`, image: 'x', ports: ports(list) })),
  };
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: ${JSON.stringify(spec)}
---
`;
}

function calico(kind: 'NetworkPolicy' | 'GlobalNetworkPolicy', name: string, spec: Record<string, unknown>): string {
  return `apiVersion: projectcalico.org/v3
kind: ${kind}
metadata: {name: ${name}${kind === 'NetworkPolicy' ? ', namespace: shop' : ''}}
spec: ${JSON.stringify(spec)}
---
`;
}

/** A Calico policy that holds no pod: the manifests show Calico, whose tiers then order every policy. */
const SHOWS_CALICO = calico('GlobalNetworkPolicy', 'none', { selector: 'app == "nothing"', types: ['Ingress'], ingress: [{ action: 'Pass' }] });

const WEB = 'shop/web[Deployment]';
const DB = 'shop/db[Deployment]';
const web = workload('web', [[]]);
/** db runs the metrics port 9090 and names it only on an init container that is done once the pod runs. */
const db = workload('db', [[{ name: 'pg', port: 5432 }, { name: 'plain', port: 9090 }]], [{ ports: [{ name: 'metrics', port: 9090 }] }]);
const byName = policy('shop', 'db', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 'pg' }, { port: 'metrics' }] }] });
const never = (port: string) => `invariants:\n  - name: web-never\n    never: { from: { labels: { app: web } }, to: { labels: { app: db } }, ports: [${port}] }\n`;

describe('Calico port names (libcalico-go workload_endpoint_default.go appendEndpointPorts, felix named_port_index.go)', () => {
  it('a NetworkPolicy under Calico allows a port named only on a plain init container, and a never invariant on it fails', async () => {
    const m = namespace('shop') + web + db + byName + SHOWS_CALICO;
    expect(conn(matrixOf(m), WEB, DB)).toBe('TCP 5432,9090');
    const r = await checkManifests(m, never('TCP/9090'));
    expect(r.stdout).toMatch(/violated: web-never/);
    expect(r.code).toBe(1);
  });

  it('without Calico (or under Cilium) the name of a plain init container matches nothing', () => {
    expect(conn(matrixOf(namespace('shop') + web + db + byName), WEB, DB)).toBe('TCP 5432');
    const cilium = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cilium-config, namespace: kube-system}\ndata: {}\n---\n`;
    expect(conn(matrixOf(namespace('shop') + web + db + byName + cilium), WEB, DB)).toBe('TCP 5432');
  });

  it("a Calico policy's Allow and Deny by such a name match its port, in ingress and in egress rules", () => {
    const allow = calico('NetworkPolicy', 'db', { selector: 'app == "db"', ingress: [{ action: 'Allow', protocol: 'TCP', destination: { ports: ['metrics'] } }] });
    expect(conn(matrixOf(namespace('shop') + web + db + allow), WEB, DB)).toBe('TCP 9090');
    const deny = calico('NetworkPolicy', 'db', { selector: 'app == "db"', ingress: [{ action: 'Deny', protocol: 'TCP', destination: { ports: ['metrics'] } }, { action: 'Allow' }] });
    expect(conn(matrixOf(namespace('shop') + web + db + deny), WEB, DB)).toBe('SCTP 1-65535,TCP 1-9089,9091-65535,UDP 1-65535');
    const egress = calico('NetworkPolicy', 'web', { selector: 'app == "web"', types: ['Egress'], egress: [{ action: 'Allow', protocol: 'TCP', destination: { ports: ['metrics'] } }] });
    expect(conn(matrixOf(namespace('shop') + web + db + egress), WEB, DB)).toBe('TCP 9090');
  });

  it('a NetworkPolicy egress rule by such a name reaches the port under Calico', () => {
    const egress = policy('shop', 'web', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'metrics' }] }] });
    expect(conn(matrixOf(namespace('shop') + web + db + egress + SHOWS_CALICO), WEB, DB)).toBe('TCP 9090');
    expect(conn(matrixOf(namespace('shop') + web + db + egress), WEB, DB)).toBe(NONE);
  });

  it('a name declared with several numbers, by containers, a native sidecar and an init container, matches each of them', () => {
    const many = workload('db', [[{ name: 'admin', port: 9000 }], [{ name: 'admin', port: 9001 }]], [{ ports: [{ name: 'admin', port: 9002 }], sidecar: true }, { ports: [{ name: 'admin', port: 9003 }] }]);
    const allow = calico('NetworkPolicy', 'db', { selector: 'app == "db"', ingress: [{ action: 'Allow', protocol: 'TCP', destination: { ports: ['admin'] } }] });
    expect(conn(matrixOf(namespace('shop') + web + many + allow), WEB, DB)).toBe('TCP 9000-9003');
  });

  it('pods alike but for their init containers\' named ports are told apart', () => {
    const other = workload('db2', [[{ name: 'pg', port: 5432 }, { name: 'plain', port: 9090 }]]).replaceAll('app: db2', 'app: db');
    const m = matrixOf(namespace('shop') + web + db + other + byName + SHOWS_CALICO);
    expect(conn(m, WEB, DB)).toBe('TCP 5432,9090');
    expect(conn(m, WEB, 'shop/db2[Deployment]')).toBe('TCP 5432');
  });
});
