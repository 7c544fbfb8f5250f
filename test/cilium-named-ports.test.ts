/**
 * How Cilium's agent resolves a port name: on the named ports it gives a
 * pod's endpoint, which it reads from the pod's containers alone (not its
 * init containers, native sidecars included), keeping one port per name,
 * the last container's (cilium/cilium pkg/k8s GetPodMetadata: `for _,
 * containers := range pod.Spec.Containers`, then NamedPortMap.AddPort, which
 * sets `npm[name] = pp`, in pkg/policy/types; issue #15070 "Only one named
 * port shows up in Cilium endpoint objects"). Releases 1.18 and 1.19 build
 * the same map in pkg/endpoint SetK8sMetadata from the ports GetPodMetadata
 * returns. Cilium resolves the port names of a Kubernetes NetworkPolicy it
 * enforces on the same map.
 */
import { describe, expect, it } from 'vitest';
import { checkManifests, conn, matrixOf, namespace, policy } from './helpers.js';

const NONE = 'No Connections';

/** A Deployment in shop whose containers (and native sidecars) declare these ports. */
function workload(name: string, containers: Array<Array<{ name: string; port: number; protocol?: string }>>, sidecars: Array<Array<{ name: string; port: number }>> = []): string {
  const list = (items: typeof containers, sidecar: boolean) =>
    items.map((ports, i) => ({ name: `${sidecar ? 's' : 'c'}${i}`, image: 'x', ...(sidecar ? { restartPolicy: 'Always' } : {}), ports: ports.map((p) => ({ name: p.name, containerPort: p.port, ...(p.protocol ? { protocol: p.protocol } : {}) })) }));
  const spec = { containers: list(containers, false), ...(sidecars.length > 0 ? { initContainers: list(sidecars, true) } : {}) };
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

function cnp(name: string, spec: Record<string, unknown>): string {
  return `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: ${name}, namespace: shop}
spec: ${JSON.stringify(spec)}
---
`;
}

const WEB = 'shop/web[Deployment]';
const DB = 'shop/db[Deployment]';
const web = workload('web', [[]]);
/** db allows every pod in, and denies the port named admin. */
const denyAdmin = cnp('db', { endpointSelector: { matchLabels: { app: 'db' } }, ingress: [{ fromEndpoints: [{}] }], ingressDeny: [{ fromEndpoints: [{}], toPorts: [{ ports: [{ port: 'admin', protocol: 'TCP' }] }] }] });
const never = (port: string) => `invariants:\n  - name: no-admin\n    never: { from: { labels: { app: web } }, to: { labels: { app: db } }, ports: [${port}] }\n`;

describe('Cilium port names (pkg/k8s GetPodMetadata, pkg/policy/types NamedPortMap.AddPort)', () => {
  it('a name declared on a native sidecar is no named port of the endpoint: an ingressDeny by that name denies nothing', async () => {
    const m = namespace('shop') + web + workload('db', [[{ name: 'http', port: 8080 }]], [[{ name: 'admin', port: 9901 }]]) + denyAdmin;
    expect(conn(matrixOf(m), WEB, DB)).toBe('All Connections');
    const r = await checkManifests(m, never('TCP/9901'));
    expect(r.stdout).toMatch(/violated: no-admin/);
    expect(r.code).toBe(1);
  });

  it('a name two containers declare is the last container\'s port alone: the first one\'s stays open', async () => {
    const m = namespace('shop') + web + workload('db', [[{ name: 'admin', port: 9000 }], [{ name: 'admin', port: 9901 }]]) + denyAdmin;
    expect(conn(matrixOf(m), WEB, DB)).toBe('SCTP 1-65535,TCP 1-9900,9902-65535,UDP 1-65535');
    const r = await checkManifests(m, never('TCP/9000'));
    expect(r.stdout).toMatch(/violated: no-admin/);
  });

  it('the last container\'s port of a name holds its protocol too: a rule of the other protocol matches nothing', () => {
    const db = workload('db', [[{ name: 'dns', port: 53, protocol: 'UDP' }], [{ name: 'dns', port: 5353, protocol: 'TCP' }]]);
    const allow = (protocol: string) => cnp('db', { endpointSelector: { matchLabels: { app: 'db' } }, ingress: [{ toPorts: [{ ports: [{ port: 'dns', protocol }] }] }] });
    expect(conn(matrixOf(namespace('shop') + web + db + allow('UDP')), WEB, DB)).toBe(NONE);
    expect(conn(matrixOf(namespace('shop') + web + db + allow('TCP')), WEB, DB)).toBe('TCP 5353');
    expect(conn(matrixOf(namespace('shop') + web + db + allow('ANY')), WEB, DB)).toBe('TCP 5353');
  });

  it('an allow rule by a sidecar\'s port name allows nothing, in ingress and in egress rules', () => {
    const db = workload('db', [[{ name: 'http', port: 8080 }]], [[{ name: 'admin', port: 9901 }]]);
    const ingress = cnp('db', { endpointSelector: { matchLabels: { app: 'db' } }, ingress: [{ toPorts: [{ ports: [{ port: 'admin' }, { port: 'http' }] }] }] });
    expect(conn(matrixOf(namespace('shop') + web + db + ingress), WEB, DB)).toBe('TCP 8080');
    const egress = cnp('web', { endpointSelector: { matchLabels: { app: 'web' } }, egress: [{ toPorts: [{ ports: [{ port: 'admin' }, { port: 'http' }] }] }] });
    expect(conn(matrixOf(namespace('shop') + web + db + egress), WEB, DB)).toBe('TCP 8080');
  });

  it('a Kubernetes NetworkPolicy resolves names so too where the manifests show Cilium, and on every declared port elsewhere', () => {
    const db = workload('db', [[{ name: 'http', port: 8080 }]], [[{ name: 'admin', port: 9901 }]]);
    const np = policy('shop', 'db', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ ports: [{ port: 'admin' }, { port: 'http' }] }] });
    const config = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cilium-config, namespace: kube-system}\ndata: {}\n---\n`;
    expect(conn(matrixOf(namespace('shop') + web + db + np), WEB, DB)).toBe('TCP 8080,9901');
    expect(conn(matrixOf(namespace('shop') + web + db + np + config), WEB, DB)).toBe('TCP 8080');
  });

  it('pods with the same ports in another container order are told apart', () => {
    const one = workload('db', [[{ name: 'admin', port: 9000 }], [{ name: 'admin', port: 9901 }]]);
    const two = workload('db2', [[{ name: 'admin', port: 9901 }], [{ name: 'admin', port: 9000 }]]).replaceAll('app: db2', 'app: db');
    const m = matrixOf(namespace('shop') + web + one + two + denyAdmin);
    expect(conn(m, WEB, DB)).toBe('SCTP 1-65535,TCP 1-9900,9902-65535,UDP 1-65535');
    expect(conn(m, WEB, 'shop/db2[Deployment]')).toBe('SCTP 1-65535,TCP 1-8999,9001-65535,UDP 1-65535');
  });
});
