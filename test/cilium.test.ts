/**
 * One test per rule of CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy
 * (cilium.io/v2) at L3/L4, named by the rule. Each cites the page of
 * docs.cilium.io it follows (Security > Network Policy: intro, layer3,
 * layer4, layer7, deny, kubernetes; written `intro`, `layer3`, ... with the
 * section) or, where the docs leave it open, the Cilium code path
 * (cilium/cilium, pkg/...; written as the path and function).
 */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/model/diagnostics.js';
import type { Matrix } from '../src/engine/matrix.js';
import { cli, conn, deployment, golden, listLines, load, matrixOf, namespace, policy, REPO } from './helpers.js';
import type { Schema } from '../src/report/jsonschema.js';
import { validate } from '../src/report/jsonschema.js';
import { lint, lintChange } from '../src/check/lint.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ALL = 'All Connections';
const NONE = 'No Connections';
const OUTSIDE = '8.8.8.8';

/** shop (team: blue) with a and b, ops (team: red) with o; b serves http 8080/TCP and dns 53/UDP. */
const world = () =>
  namespace('shop', { team: 'blue' }) +
  deployment('shop', 'a', { app: 'a' }) +
  deployment('shop', 'b', { app: 'b' }, [{ name: 'http', port: 8080 }, { name: 'dns', port: 53, protocol: 'UDP' }]) +
  namespace('ops', { team: 'red' }) +
  deployment('ops', 'o', { app: 'o' });
const A = 'shop/a[Deployment]';
const B = 'shop/b[Deployment]';
const O = 'ops/o[Deployment]';

/** A host-network DaemonSet in kube-system: the node's own traffic. */
const agent = `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent, namespace: kube-system }
spec:
  selector: { matchLabels: { app: agent } }
  template:
    metadata: { labels: { app: agent } }
    spec:
      hostNetwork: true
      containers: [{ name: c, image: x }]
---
`;
const AGENT = 'kube-system/agent[DaemonSet]';

/** A CiliumNetworkPolicy with its spec on one line. */
function cnp(ns: string, name: string, spec: unknown, top: Record<string, unknown> = { spec }): string {
  return `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: ${name}, namespace: ${ns} }
${Object.entries(top)
  .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
  .join('\n')}
---
`;
}

function ccnp(name: string, spec: unknown): string {
  return `apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: { name: ${name} }
spec: ${JSON.stringify(spec)}
---
`;
}

const app = (name: string) => ({ matchLabels: { app: name } });
const errors = (m: Matrix | { diagnostics: readonly Diagnostic[] }): Diagnostic[] => m.diagnostics.filter((d) => d.severity === 'error');
const codes = (m: { diagnostics: readonly Diagnostic[] }, code: string) => m.diagnostics.filter((d) => d.code === code).map((d) => d.message);
/** The one error of a state, which names the policy as skipped. */
function rejected(text: string): string {
  const found = errors(load(text));
  expect(found).toHaveLength(1);
  expect(found[0]!.code).toBe('RD004');
  expect(found[0]!.message).toMatch(/policy skipped$/);
  return found[0]!.message;
}

describe('subjects', () => {
  it('a CiliumNetworkPolicy selects pods of its own namespace only, whatever namespace its endpointSelector names (kubernetes, "Known Pitfalls")', () => {
    const m = matrixOf(world() + deployment('ops', 'a', { app: 'a' }) + cnp('shop', 'p', { endpointSelector: { matchLabels: { app: 'a', 'k8s:io.kubernetes.pod.namespace': 'ops' } }, ingress: [{}] }));
    expect(conn(m, B, A)).toBe(NONE);
    expect(conn(m, B, 'ops/a[Deployment]')).toBe(ALL);
  });

  it('a CiliumClusterwideNetworkPolicy selects pods of every namespace; io.kubernetes.pod.namespace names one, with or without k8s: (kubernetes, "Clusterwide Policies")', () => {
    const everywhere = matrixOf(world() + ccnp('p', { endpointSelector: {}, ingress: [{}] }));
    expect(conn(everywhere, A, O)).toBe(NONE);
    expect(conn(everywhere, O, A)).toBe(NONE);
    for (const key of ['k8s:io.kubernetes.pod.namespace', 'io.kubernetes.pod.namespace']) {
      const m = matrixOf(world() + ccnp('p', { endpointSelector: { matchLabels: { [key]: 'ops' } }, ingress: [{}] }));
      expect(conn(m, A, O)).toBe(NONE);
      expect(conn(m, O, A)).toBe(ALL);
    }
  });

  it('selectors match identity labels: a pod label Cilium leaves out of identities matches nothing (pkg/labelsfilter/filter.go defaultLabelPrefixCfg)', () => {
    const base = world() + deployment('shop', 'c', { app: 'c', 'pod-template-hash': 'x1', 'app.kubernetes.io/name': 'c' });
    const byHash = matrixOf(base + cnp('shop', 'p', { endpointSelector: { matchLabels: { 'pod-template-hash': 'x1' } }, ingress: [{}] }));
    expect(conn(byHash, A, 'shop/c[Deployment]')).toBe(ALL);
    const byName = matrixOf(base + cnp('shop', 'p', { endpointSelector: { matchLabels: { 'app.kubernetes.io/name': 'c' } }, ingress: [{}] }));
    expect(conn(byName, A, 'shop/c[Deployment]')).toBe(NONE);
  });

  it('a nodeSelector rule (host policy) is not modelled and says so; in a CiliumNetworkPolicy it is rejected (host, pkg/k8s/apis/cilium.io/v2 cnp_types.go Parse)', () => {
    const host = load(world() + ccnp('h', { nodeSelector: {}, ingress: [{}] }));
    expect(host.notAnalysed).toEqual([expect.objectContaining({ kind: 'rule part', reason: expect.stringMatching(/host policies apply to nodes/) })]);
    expect(rejected(world() + cnp('shop', 'h', { nodeSelector: {}, ingress: [{}] }))).toMatch(/rule cannot have NodeSelector/);
  });

  it('host-network pods are never subjects (host, "Host Policies")', () => {
    const m = matrixOf(world() + agent + ccnp('p', { endpointSelector: {}, egress: [{}] }));
    expect(conn(m, AGENT, A)).toBe(ALL);
  });
});

describe('default deny', () => {
  it('a rule with an ingress section puts its pods in ingress default deny, and only ingress (intro, "Endpoint default policy")', () => {
    const m = matrixOf(world() + cnp('shop', 'p', { endpointSelector: app('a'), ingress: [{ fromEndpoints: [app('b')] }] }));
    expect(conn(m, B, A)).toBe(ALL);
    expect(conn(m, O, A)).toBe(NONE);
    expect(conn(m, OUTSIDE, A)).toBe(NONE);
    expect(conn(m, A, O)).toBe(ALL);
    expect(conn(m, A, OUTSIDE)).toBe(ALL);
  });

  it('ingress: [{}] denies all ingress; ingress: [] does nothing (layer3, "Ingress/Egress Default Deny"; pkg/policy/rule.go mergeL4Filter)', () => {
    const deny = matrixOf(world() + cnp('shop', 'p', { endpointSelector: app('a'), ingress: [{}] }));
    expect(conn(deny, B, A)).toBe(NONE);
    const nothing = matrixOf(world() + cnp('shop', 'p', { endpointSelector: app('a'), ingress: [], egress: [{}] }));
    expect(conn(nothing, B, A)).toBe(ALL);
    expect(conn(nothing, A, B)).toBe(NONE);
  });

  it('a rule with no entries at all is rejected (pkg/policy/api/rule_validation.go Sanitize, Cilium 1.17 and later)', () => {
    expect(rejected(world() + cnp('shop', 'p', { endpointSelector: app('a'), ingress: [] }))).toMatch(/at least one of Ingress, IngressDeny, Egress, EgressDeny/);
  });

  it('enableDefaultDeny false: the rule allows without putting its pods in default deny; its deny rules still apply (intro, "Endpoint default policy")', () => {
    const m = matrixOf(
      world() +
        cnp('shop', 'p', { endpointSelector: app('a'), enableDefaultDeny: { ingress: false }, ingress: [{ fromEndpoints: [app('b')] }], ingressDeny: [{ fromEntities: ['world'] }] }),
    );
    expect(conn(m, O, A)).toBe(ALL);
    expect(conn(m, B, A)).toBe(ALL);
    expect(conn(m, OUTSIDE, A)).toBe(NONE);
  });

  it('a deny-only policy puts its pods in default deny for that direction (deny, "Deny Policies")', () => {
    const m = matrixOf(world() + cnp('shop', 'p', { endpointSelector: app('a'), ingressDeny: [{ toPorts: [{ ports: [{ port: '80', protocol: 'TCP' }] }] }] }));
    expect(conn(m, B, A)).toBe(NONE);
    expect(conn(m, A, B)).toBe(ALL);
  });

  it('default deny from any one policy: another that disables it does not undo it (pkg/policy/api/rule.go EnableDefaultDeny)', () => {
    const m = matrixOf(
      world() +
        cnp('shop', 'open', { endpointSelector: app('a'), enableDefaultDeny: { ingress: false }, ingress: [{ fromEndpoints: [app('b')] }] }) +
        cnp('shop', 'closed', { endpointSelector: app('a'), ingress: [{ fromEntities: ['world'] }] }),
    );
    expect(conn(m, B, A)).toBe(ALL);
    expect(conn(m, O, A)).toBe(NONE);
    expect(conn(m, OUTSIDE, A)).toBe(ALL);
  });
});

describe('allows add up, deny wins, both ends decide', () => {
  it('allows are the union over CiliumNetworkPolicies, clusterwide ones and Kubernetes NetworkPolicies (intro, "Rule Basics"; kubernetes)', () => {
    const m = matrixOf(
      world() +
        cnp('shop', 'from-b', { endpointSelector: app('a'), ingress: [{ fromEndpoints: [app('b')] }] }) +
        ccnp('from-ops', { endpointSelector: { matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'shop', app: 'a' } }, ingress: [{ fromEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'ops' } }] }] }) +
        policy('shop', 'from-world', { podSelector: app('a'), ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] }),
    );
    expect(conn(m, B, A)).toBe(ALL);
    expect(conn(m, O, A)).toBe(ALL);
    expect(conn(m, OUTSIDE, A)).toBe(ALL);
  });

  it('a Kubernetes NetworkPolicy alone isolates the pod for Cilium too; a Cilium allow adds to it (kubernetes)', () => {
    const m = matrixOf(world() + policy('shop', 'deny', { podSelector: app('a') }) + cnp('shop', 'p', { endpointSelector: app('a'), enableDefaultDeny: { ingress: false }, ingress: [{ fromEndpoints: [app('b')] }] }));
    expect(conn(m, B, A)).toBe(ALL);
    expect(conn(m, O, A)).toBe(NONE);
  });

  it('ingressDeny wins over every allow, a Kubernetes NetworkPolicy allow included (deny, "Deny Policies")', () => {
    const m = matrixOf(
      world() +
        policy('shop', 'all', { podSelector: app('a'), ingress: [{}] }) +
        cnp('shop', 'deny-ops', { endpointSelector: app('a'), ingressDeny: [{ fromEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'ops' } }] }] }),
    );
    expect(conn(m, O, A)).toBe(NONE);
    expect(conn(m, B, A)).toBe(ALL);
  });

  it('egressDeny on some ports leaves the others to the allows (deny, example "Deny egress to a port")', () => {
    const m = matrixOf(
      world() +
        cnp('shop', 'all', { endpointSelector: {}, egress: [{ toEntities: ['all'] }] }) +
        cnp('shop', 'no-80', { endpointSelector: app('a'), egressDeny: [{ toEndpoints: [app('b')], toPorts: [{ ports: [{ port: '80', protocol: 'TCP' }] }] }] }),
    );
    expect(conn(m, A, B)).toBe('SCTP 1-65535,TCP 1-79,81-65535,UDP 1-65535');
    expect(conn(m, A, O)).toBe(ALL);
  });

  it('a connection needs the egress of its source and the ingress of its destination (layer3, "Ingress" and "Egress")', () => {
    const m = matrixOf(world() + cnp('shop', 'a-out', { endpointSelector: app('a'), egress: [{ toEndpoints: [app('b')], toPorts: [{ ports: [{ port: '80' }] }] }] }) + cnp('shop', 'b-in', { endpointSelector: app('b'), ingress: [{ fromEndpoints: [app('a')], toPorts: [{ ports: [{ port: '80', protocol: 'TCP' }, { port: '81', protocol: 'TCP' }] }] }] }));
    expect(conn(m, A, B)).toBe('TCP 80');
  });
});

describe('peers', () => {
  it('fromEndpoints without a namespace means the policy namespace; {} means every pod of it (layer3, "Endpoints based"; kubernetes, "Namespaces")', () => {
    const m = matrixOf(world() + deployment('ops', 'b', { app: 'b' }) + cnp('shop', 'p', { endpointSelector: app('a'), ingress: [{ fromEndpoints: [app('b')] }] }));
    expect(conn(m, B, A)).toBe(ALL);
    expect(conn(m, 'ops/b[Deployment]', A)).toBe(NONE);
    const any = matrixOf(world() + cnp('shop', 'p', { endpointSelector: app('a'), ingress: [{ fromEndpoints: [{}] }] }));
    expect(conn(any, B, A)).toBe(ALL);
    expect(conn(any, O, A)).toBe(NONE);
    expect(conn(any, OUTSIDE, A)).toBe(NONE);
  });

  it('a namespace key in matchExpressions lifts the policy namespace: NotIn [shop] is every other namespace (pkg/k8s/apis/cilium.io/utils/utils.go getEndpointSelector)', () => {
    const m = matrixOf(world() + cnp('shop', 'p', { endpointSelector: app('a'), ingress: [{ fromEndpoints: [{ matchExpressions: [{ key: 'io.kubernetes.pod.namespace', operator: 'NotIn', values: ['shop'] }] }] }] }));
    expect(conn(m, O, A)).toBe(ALL);
    expect(conn(m, B, A)).toBe(NONE);
  });

  it('in a clusterwide policy {} is every pod of every namespace, and no address (kubernetes, "Clusterwide Policies")', () => {
    const m = matrixOf(world() + agent + ccnp('p', { endpointSelector: app('a'), ingress: [{ fromEndpoints: [{}] }] }));
    expect(conn(m, O, A)).toBe(ALL);
    expect(conn(m, B, A)).toBe(ALL);
    expect(conn(m, OUTSIDE, A)).toBe(NONE);
    expect(conn(m, AGENT, A)).toBe(NONE);
  });

  it('namespace labels select through io.cilium.k8s.namespace.labels; in a CiliumNetworkPolicy across namespaces (kubernetes, "Namespaces"; utils.go getEndpointSelector, Cilium 1.16 and later)', () => {
    const fromBlue = { fromEndpoints: [{ matchLabels: { 'io.cilium.k8s.namespace.labels.team': 'red' } }] };
    const cluster = matrixOf(world() + ccnp('p', { endpointSelector: app('a'), ingress: [fromBlue] }));
    expect(conn(cluster, O, A)).toBe(ALL);
    expect(conn(cluster, B, A)).toBe(NONE);
    const namespaced = matrixOf(world() + cnp('shop', 'p', { endpointSelector: app('a'), ingress: [fromBlue] }));
    expect(conn(namespaced, O, A)).toBe(ALL);
  });

  it('selectors in one list add up; inside one selector every label must match (intro, "Rule Basics")', () => {
    const m = matrixOf(world() + deployment('shop', 'c', { app: 'c', tier: 'x' }) + cnp('shop', 'p', { endpointSelector: app('a'), ingress: [{ fromEndpoints: [app('b'), { matchLabels: { app: 'c' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['y'] }] }] }] }));
    expect(conn(m, B, A)).toBe(ALL);
    expect(conn(m, 'shop/c[Deployment]', A)).toBe(NONE);
  });

  it('the world entity is every address outside the cluster and no pod; cluster is every workload, host-network ones included; all is both (layer3, "Entities based")', () => {
    const base = world() + agent;
    const w = matrixOf(base + cnp('shop', 'p', { endpointSelector: app('a'), egress: [{ toEntities: ['world'] }] }));
    expect(conn(w, A, OUTSIDE)).toBe(ALL);
    expect(conn(w, A, B)).toBe(NONE);
    const c = matrixOf(base + cnp('shop', 'p', { endpointSelector: app('a'), egress: [{ toEntities: ['cluster'] }] }));
    expect(conn(c, A, OUTSIDE)).toBe(NONE);
    expect(conn(c, A, O)).toBe(ALL);
    expect(conn(c, A, AGENT)).toBe(ALL);
    const all = matrixOf(base + cnp('shop', 'p', { endpointSelector: app('a'), egress: [{ toEntities: ['all'] }] }));
    expect(conn(all, A, OUTSIDE)).toBe(ALL);
    expect(conn(all, A, AGENT)).toBe(ALL);
  });

  it('host and remote-node are the host-network workloads, whichever node they run on (layer3, "Entities based")', () => {
    for (const entity of ['host', 'remote-node']) {
      const m = matrixOf(world() + agent + cnp('shop', 'p', { endpointSelector: app('a'), ingress: [{ fromEntities: [entity] }] }));
      expect(conn(m, AGENT, A)).toBe(ALL);
      expect(conn(m, B, A)).toBe(NONE);
    }
  });

  it('entities that are no endpoint of the manifests match nothing; kube-apiserver and ingress say so (layer3, "Entities based")', () => {
    const m = matrixOf(world() + cnp('shop', 'p', { endpointSelector: app('a'), egress: [{ toEntities: ['kube-apiserver', 'health'] }] }));
    expect(conn(m, A, OUTSIDE)).toBe(NONE);
    expect(conn(m, A, B)).toBe(NONE);
    expect(codes(m, 'RD007')).toEqual([expect.stringMatching(/the kube-apiserver entity .* is not an endpoint of the manifests/)]);
  });

  it('a reserved: selector names identities that are not pods: reserved:host is the host-network workloads (layer3, "Endpoints based")', () => {
    const m = matrixOf(world() + agent + cnp('shop', 'p', { endpointSelector: app('a'), ingress: [{ fromEndpoints: [{ matchLabels: { 'reserved:host': '' } }] }] }));
    expect(conn(m, AGENT, A)).toBe(ALL);
    expect(conn(m, B, A)).toBe(NONE);
  });

  it('CIDR rules match addresses outside the cluster, never pods, even 0.0.0.0/0; except leaves holes (layer3, "IP/CIDR based")', () => {
    const m = matrixOf(world() + agent + cnp('shop', 'p', { endpointSelector: app('a'), egress: [{ toCIDRSet: [{ cidr: '0.0.0.0/0', except: ['8.8.8.0/24'] }] }, { toCIDR: ['8.8.8.8/32'], toPorts: [{ ports: [{ port: '53', protocol: 'UDP' }] }] }] }));
    expect(conn(m, A, '1.1.1.1')).toBe(ALL);
    expect(conn(m, A, '8.8.8.9')).toBe(NONE);
    expect(conn(m, A, OUTSIDE)).toBe('UDP 53');
    expect(conn(m, A, B)).toBe(NONE);
    expect(conn(m, A, AGENT)).toBe(NONE);
  });

  it('an explicit empty peer list selects nothing, even with ports; no peer field with ports is every peer (pkg/policy/utils/parserules.go mergeEndpointSelectors; ingress.go)', () => {
    const empty = matrixOf(world() + cnp('shop', 'p', { endpointSelector: app('a'), ingress: [{ fromEndpoints: [], toPorts: [{ ports: [{ port: '80', protocol: 'TCP' }] }] }] }));
    expect(conn(empty, B, A)).toBe(NONE);
    const any = matrixOf(world() + agent + cnp('shop', 'p', { endpointSelector: app('a'), ingress: [{ toPorts: [{ ports: [{ port: '80', protocol: 'TCP' }] }] }] }));
    for (const from of [B, O, OUTSIDE, AGENT]) expect(conn(any, from, A)).toBe('TCP 80');
  });

  it('toServices, toGroups and fromNodes are not modelled: they match nothing and are counted as not analysed (layer3, "Services based", "Node based")', () => {
    const m = matrixOf(world() + cnp('shop', 'p', { endpointSelector: app('a'), egress: [{ toServices: [{ k8sService: { serviceName: 'b', namespace: 'shop' } }] }] }));
    expect(conn(m, A, B)).toBe(NONE);
    expect(m.cluster.notAnalysed).toEqual([expect.objectContaining({ kind: 'rule part', reason: expect.stringMatching(/toServices is not modelled/) })]);
  });

  it('a selector on a service account is not modelled: it matches no pod, and says so (kubernetes, "Service Accounts")', () => {
    const m = matrixOf(world() + cnp('shop', 'p', { endpointSelector: app('a'), ingress: [{ fromEndpoints: [{ matchLabels: { 'io.cilium.k8s.policy.serviceaccount': 'web' } }] }] }));
    expect(conn(m, B, A)).toBe(NONE);
    expect(codes(m, 'RD007')).toEqual([expect.stringMatching(/serviceaccount is not modelled/)]);
  });
});

describe('ports', () => {
  it('a port without protocol, or with ANY, is TCP, UDP and SCTP (layer4; pkg/policy/rule.go mergeL4Filter)', () => {
    for (const protocol of [undefined, 'ANY']) {
      const m = matrixOf(world() + cnp('shop', 'p', { endpointSelector: app('a'), ingress: [{ toPorts: [{ ports: [{ port: '80', ...(protocol ? { protocol } : {}) }] }] }] }));
      expect(conn(m, B, A)).toBe('SCTP 80,TCP 80,UDP 80');
    }
  });

  it('port 0 is every port of its protocol; endPort makes a range; an endPort below port is the single port (layer4, "Port Ranges"; pkg/policy/l4.go keysForRange)', () => {
    const m = matrixOf(
      world() +
        cnp('shop', 'p', {
          endpointSelector: app('a'),
          ingress: [{ fromEndpoints: [app('b')], toPorts: [{ ports: [{ port: '0', protocol: 'UDP' }, { port: '8000', endPort: 8100, protocol: 'TCP' }, { port: '9000', endPort: 10, protocol: 'TCP' }] }] }],
        }),
    );
    expect(conn(m, B, A)).toBe('TCP 8000-8100,9000,UDP 1-65535');
  });

  it('a port name resolves on the destination, for ingress and egress rules; with ANY it takes the protocol the container port declares (layer4, "Named ports"; pkg/policy/l4.go)', () => {
    const m = matrixOf(
      world() +
        cnp('shop', 'in', { endpointSelector: app('b'), ingress: [{ toPorts: [{ ports: [{ port: 'dns' }] }] }] }) +
        cnp('shop', 'out', { endpointSelector: app('a'), egress: [{ toPorts: [{ ports: [{ port: 'HTTP', protocol: 'TCP' }] }] }] }),
    );
    expect(conn(m, O, B)).toBe('UDP 53');
    expect(conn(m, A, B)).toBe(NONE);
    expect(conn(m, A, O)).toBe(NONE);
  });

  it('a port is a string: a number is rejected; "010" is octal 8 (pkg/policy/api/l4.go PortProtocol; rule_validation.go strconv.ParseUint base 0)', () => {
    expect(rejected(world() + cnp('shop', 'p', { endpointSelector: app('a'), ingress: [{ toPorts: [{ ports: [{ port: 80 }] }] }] }))).toMatch(/port must be a string/);
    const m = matrixOf(world() + cnp('shop', 'p', { endpointSelector: app('a'), ingress: [{ toPorts: [{ ports: [{ port: '010', protocol: 'TCP' }] }] }] }));
    expect(conn(m, B, A)).toBe('TCP 8');
  });

  it('toPorts: [{}] allows nothing but still puts the pods in default deny (pkg/policy/rule.go mergeL4Filter)', () => {
    const m = matrixOf(world() + cnp('shop', 'p', { endpointSelector: app('a'), ingress: [{ fromEndpoints: [app('b')], toPorts: [{}] }] }));
    expect(conn(m, B, A)).toBe(NONE);
  });

  it('an icmps rule allows ICMP only, so no TCP, UDP or SCTP, and isolates (layer4, "ICMP/ICMPv6")', () => {
    const m = matrixOf(world() + cnp('shop', 'p', { endpointSelector: app('a'), ingress: [{ fromEndpoints: [app('b')], icmps: [{ fields: [{ type: 8, family: 'IPv4' }] }] }] }));
    expect(conn(m, B, A)).toBe(NONE);
  });

  it('a protocol is upper case TCP, UDP, SCTP or ANY; ICMP belongs in icmps (pkg/policy/api/l4.go L4Proto enum)', () => {
    expect(rejected(world() + cnp('shop', 'p', { endpointSelector: app('a'), ingress: [{ toPorts: [{ ports: [{ port: '80', protocol: 'tcp' }] }] }] }))).toMatch(/protocol "tcp" is not one of/);
    expect(rejected(world() + cnp('shop', 'p', { endpointSelector: app('a'), ingress: [{ toPorts: [{ ports: [{ port: '8', protocol: 'ICMP' }] }] }] }))).toMatch(/ICMP is matched with icmps/);
  });
});

describe('L7 rules and DNS names', () => {
  it('an HTTP rule opens its port at L3/L4, and the path is marked as passing through it (layer7, "HTTP")', () => {
    const m = matrixOf(world() + cnp('shop', 'p', { endpointSelector: app('a'), ingress: [{ fromEndpoints: [app('b')], toPorts: [{ ports: [{ port: '80', protocol: 'TCP' }], rules: { http: [{ method: 'GET', path: '/public' }] } }, { ports: [{ port: '443', protocol: 'TCP' }] }] }] }));
    expect(conn(m, B, A)).toBe('TCP 80,443');
    expect(listLines(m)).toContain(`${B} => ${A} : TCP 80,443`);
    const via = m.via(m.workloadEndpoint(B)!, m.workloadEndpoint(A)!);
    expect(via.map((v) => `${v.note}: ${v.conn.toString()}`)).toEqual(['L7 HTTP: TCP 80']);
    expect(conn(m, O, A)).toBe(NONE);
  });

  it('L7 rules other than DNS need protocol TCP, and no port 0 (pkg/policy/api/rule_validation.go PortRule.sanitize)', () => {
    expect(rejected(world() + cnp('shop', 'p', { endpointSelector: app('a'), ingress: [{ toPorts: [{ ports: [{ port: '80' }], rules: { http: [{}] } }] }] }))).toMatch(/L7 rules can only apply to TCP \(not ANY\)/);
  });

  it("generic L7 rules (l7) need the parser l7proto names: without it the agent refuses the policy (pkg/policy/api/rule_validation.go L7Rules.Validate, \"'l7' may only be specified when a 'l7proto' is also specified\"; l4.go L7Rules.IsEmpty counts the l7 list)", () => {
    const l7 = (rules: Record<string, unknown>) => world() + cnp('shop', 'p', { endpointSelector: app('a'), ingress: [{ fromEndpoints: [app('b')], toPorts: [{ ports: [{ port: '9000', protocol: 'TCP' }], rules }] }] });
    expect(rejected(l7({ l7: [{ action: 'deny' }] }))).toMatch(/'l7' may only be specified when a 'l7proto' is also specified/);
    expect(rejected(l7({ l7proto: '', l7: [{ action: 'deny' }] }))).toMatch(/'l7' may only be specified when a 'l7proto' is also specified/);
    // with l7proto the port is open at L3/L4 and the path marked; an empty list is no L7 rule (IsEmpty)
    const m = matrixOf(l7({ l7proto: 'r2d2', l7: [{ cmd: 'READ' }] }));
    expect(conn(m, B, A)).toBe('TCP 9000');
    expect(m.via(m.workloadEndpoint(B)!, m.workloadEndpoint(A)!).map((v) => v.note)).toEqual(['L7 r2d2']);
    expect(errors(load(l7({ l7: [] })))).toEqual([]);
  });

  it('an empty l7proto is no L7 rule type beside http, a named one makes two (pkg/policy/api/rule_validation.go L7Rules.Validate counts L7Proto only where not "")', () => {
    const rules = (r: Record<string, unknown>) => world() + cnp('shop', 'p', { endpointSelector: app('a'), ingress: [{ fromEndpoints: [app('b')], toPorts: [{ ports: [{ port: '80', protocol: 'TCP' }], rules: r }] }] });
    const m = matrixOf(rules({ http: [{ method: 'GET' }], l7proto: '' }));
    expect(conn(m, B, A)).toBe('TCP 80');
    expect(m.via(m.workloadEndpoint(B)!, m.workloadEndpoint(A)!).map((v) => v.note)).toEqual(['L7 HTTP']);
    expect(rejected(rules({ http: [{ method: 'GET' }], l7proto: 'r2d2' }))).toMatch(/multiple L7 protocol rule types/);
  });

  it('DNS rules are for egress only and need a port (layer7, "DNS Policy and IP Discovery"; rule_validation.go)', () => {
    expect(rejected(world() + cnp('shop', 'p', { endpointSelector: app('a'), ingress: [{ toPorts: [{ ports: [{ port: '53', protocol: 'UDP' }], rules: { dns: [{ matchPattern: '*' }] } }] }] }))).toMatch(/DNS rules are not allowed on ingress/);
    expect(rejected(world() + cnp('shop', 'p', { endpointSelector: app('a'), egress: [{ toPorts: [{ rules: { dns: [{ matchPattern: '*' }] } }] }] }))).toMatch(/port 53 must be specified for DNS rules/);
  });

  it('toFQDNs reaches any external address on its ports and no pod, counted as not analysed and marked (layer3, "DNS based")', () => {
    const m = matrixOf(world() + cnp('shop', 'p', { endpointSelector: app('a'), egress: [{ toFQDNs: [{ matchName: 'api.example.com' }], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] }] }));
    expect(conn(m, A, OUTSIDE)).toBe('TCP 443');
    expect(conn(m, A, B)).toBe(NONE);
    expect(m.cluster.notAnalysed).toEqual([expect.objectContaining({ kind: 'rule part', reason: expect.stringMatching(/toFQDNs \(api\.example\.com\)/) })]);
    const via = m.via(m.workloadEndpoint(A)!, m.externalEndpoint({ family: 'ipv4', first: 0, last: 2 ** 32 - 1 }));
    expect(via.map((v) => v.note)).toEqual(['toFQDNs api.example.com']);
  });
});

describe('validation', () => {
  it('one rule names one kind of peer (rule_validation.go IngressCommonRule.sanitize: "combining ... is not supported yet")', () => {
    expect(rejected(world() + cnp('shop', 'p', { endpointSelector: app('a'), ingress: [{ fromEndpoints: [{}], fromCIDR: ['10.0.0.0/8'] }] }))).toMatch(/combining fromEndpoints and fromCIDR is not supported yet/);
  });

  it('entities are those of the CRD enum; world-ipv4 is not one (pkg/policy/api/entity.go)', () => {
    expect(rejected(world() + cnp('shop', 'p', { endpointSelector: app('a'), egress: [{ toEntities: ['world-ipv4'] }] }))).toMatch(/unsupported entity "world-ipv4"/);
    // entity.go's `+kubebuilder:validation:Enum=all;world;cluster;host;init;ingress;unmanaged;remote-node;health;none;kube-apiserver`
    // through Cilium 1.20: cluster-mesh came later (cilium/cilium PR #46813), so the API server of 1.18 to 1.20 refuses it
    expect(rejected(world() + cnp('shop', 'p', { endpointSelector: app('a'), enableDefaultDeny: { ingress: false }, ingressDeny: [{ fromEntities: ['cluster-mesh'] }] }))).toMatch(
      /unsupported entity "cluster-mesh" \(not in the CRD of Cilium 1\.18 to 1\.20, which refuses the policy/,
    );
    expect(rejected(world() + cnp('shop', 'p', { endpointSelector: app('a'), egress: [{ toEntities: ['internet'] }] }))).toMatch(/unsupported entity "internet"/);
  });

  it('an except\'s address lies inside its CIDR; the except may equal or cover it (rule_validation.go CIDRRule.sanitize)', () => {
    expect(rejected(world() + cnp('shop', 'p', { endpointSelector: app('a'), egress: [{ toCIDRSet: [{ cidr: '10.0.0.0/16', except: ['10.1.0.0/24'] }] }] }))).toMatch(/does not contain exclude CIDR prefix 10\.1\.0\.0\/24/);
    const m = matrixOf(world() + cnp('shop', 'p', { endpointSelector: app('a'), egress: [{ toCIDRSet: [{ cidr: '10.0.0.0/16', except: ['10.0.0.0/16'] }] }] }));
    expect(errors(m)).toEqual([]);
    expect(conn(m, A, '10.0.0.1')).toBe(NONE);
    // only the except's address as written must lie inside (prefix.Contains(except.Addr())), not its whole range: a shorter
    // except is taken, and removes the whole CIDR (masked, as the CIDR labels' prefixes are), the rule still putting the
    // pod in default deny for egress
    const wider = matrixOf(world() + cnp('shop', 'p', { endpointSelector: app('a'), egress: [{ toCIDRSet: [{ cidr: '10.1.0.0/16', except: ['10.1.0.0/8'] }] }, { toEndpoints: [app('b')] }] }));
    expect(errors(wider)).toEqual([]);
    expect(conn(wider, A, '10.1.0.1')).toBe(NONE);
    expect(conn(wider, A, '10.2.0.1')).toBe(NONE);
    expect(conn(wider, A, B)).toBe(ALL);
    // an IPv4-mapped except is of the other family to an IPv4 CIDR (netip: an IPv4-mapped address is not in an IPv4 prefix)
    expect(rejected(world() + cnp('shop', 'p', { endpointSelector: app('a'), egress: [{ toCIDRSet: [{ cidr: '10.0.0.0/8', except: ['::ffff:10.1.0.0/120'] }] }] }))).toMatch(/does not contain exclude CIDR prefix/);
  });

  it('spec or specs is required; each rule of specs has its own subjects (pkg/k8s/apis/cilium.io/v2 cnp_types.go Parse)', () => {
    expect(rejected(world() + cnp('shop', 'p', undefined, { description: 'x' }))).toMatch(/spec or specs must be provided/);
    const m = matrixOf(world() + cnp('shop', 'p', undefined, { specs: [{ endpointSelector: app('a'), ingress: [{}] }, { endpointSelector: app('b'), egress: [{}] }] }));
    expect(conn(m, O, A)).toBe(NONE);
    expect(conn(m, B, O)).toBe(NONE);
    expect(conn(m, A, O)).toBe(ALL);
  });

  it('a field the schema does not have refuses the policy under strict field validation: toFQDNs in an egressDeny rule (deny, "Deny Policies" limitations; pkg/policy/api/egress.go EgressDenyRule)', () => {
    const text = world() + cnp('shop', 'p', { endpointSelector: app('a'), egress: [{ toEntities: ['all'] }], egressDeny: [{ toFQDNs: [{ matchName: 'example.com' }], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] }] });
    expect(rejected(text)).toMatch(/unknown field "spec.egressDeny\[0\].toFQDNs" \(deny rules cannot name DNS names\): kubectl apply refuses/);
    expect(conn(matrixOf(text), A, B)).toBe(ALL);
  });

  it('a misspelt selector field refuses the policy too (pkg/policy/api/selector.go: matchLabels, matchExpressions)', () => {
    expect(rejected(world() + cnp('shop', 'p', { endpointSelector: { matchLabel: { app: 'a' } }, ingress: [{}] }))).toMatch(/unknown field "spec.endpointSelector.matchLabel"/);
  });

  it('invalid selectors are rejected: label keys with two sources, values that are not label values (pkg/labels/validation.go)', () => {
    expect(rejected(world() + cnp('shop', 'p', { endpointSelector: { matchLabels: { 'a:b:c': 'x' } }, ingress: [{}] }))).toMatch(/more than one ":"/);
    expect(rejected(world() + cnp('shop', 'p', { endpointSelector: { matchLabels: { app: 'a b' } }, ingress: [{}] }))).toMatch(/not a valid label value/);
  });
});

describe('the documentation examples', () => {
  it('"Simple Ingress Allow": pods labelled role=backend accept from role=frontend only (layer3 example l3/simple/l3.yaml)', () => {
    const m = matrixOf(
      namespace('default') +
        deployment('default', 'frontend', { role: 'frontend' }) +
        deployment('default', 'backend', { role: 'backend' }) +
        deployment('default', 'other', { role: 'other' }) +
        cnp('default', 'l3-rule', { endpointSelector: { matchLabels: { role: 'backend' } }, ingress: [{ fromEndpoints: [{ matchLabels: { role: 'frontend' } }] }] }),
    );
    expect(conn(m, 'default/frontend[Deployment]', 'default/backend[Deployment]')).toBe(ALL);
    expect(conn(m, 'default/other[Deployment]', 'default/backend[Deployment]')).toBe(NONE);
  });

  it('"Allow egress to kube-dns": app=a may send DNS to kube-dns in kube-system on 53 UDP and TCP, nothing else (kubernetes example)', () => {
    const dns = namespace('kube-system') + deployment('kube-system', 'coredns', { 'k8s-app': 'kube-dns' });
    const m = matrixOf(
      world() +
        dns +
        cnp('shop', 'dns', {
          endpointSelector: app('a'),
          egress: [
            {
              toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s:k8s-app': 'kube-dns' } }],
              toPorts: [{ ports: [{ port: '53', protocol: 'UDP' }, { port: '53', protocol: 'TCP' }], rules: { dns: [{ matchPattern: '*' }] } }],
            },
          ],
        }),
    );
    expect(conn(m, A, 'kube-system/coredns[Deployment]')).toBe('TCP 53,UDP 53');
    expect(conn(m, A, OUTSIDE)).toBe(NONE);
  });

  it('"Ingress deny from world": everything but the outside world may reach the pods (deny example l3/entities/from_world_deny.yaml)', () => {
    const m = matrixOf(world() + cnp('shop', 'from-world-deny', { endpointSelector: app('a'), ingressDeny: [{ fromEntities: ['world'] }], ingress: [{ fromEntities: ['all'] }] }));
    expect(conn(m, OUTSIDE, A)).toBe(NONE);
    expect(conn(m, O, A)).toBe(ALL);
  });

  it('"Layer 4 example": app=myService may reach port 80/TCP anywhere, nothing else (layer4 example l4/l4.yaml)', () => {
    const m = matrixOf(world() + cnp('shop', 'l4-rule', { endpointSelector: app('a'), egress: [{ toPorts: [{ ports: [{ port: '80', protocol: 'TCP' }] }] }] }));
    expect(conn(m, A, OUTSIDE)).toBe('TCP 80');
    expect(conn(m, A, B)).toBe('TCP 80');
  });

  it('"CIDR-dependent Layer 4 Rule": only 192.0.2.0/24 on TCP 80 (layer4 example l4/cidr_l4.yaml)', () => {
    const m = matrixOf(world() + cnp('shop', 'cidr-l4-rule', { endpointSelector: app('a'), egress: [{ toCIDR: ['192.0.2.0/24'], toPorts: [{ ports: [{ port: '80', protocol: 'TCP' }] }] }] }));
    expect(conn(m, A, '192.0.2.1')).toBe('TCP 80');
    expect(conn(m, A, OUTSIDE)).toBe(NONE);
  });
});

describe('invariants', () => {
  it('isolated: a Cilium policy in default deny isolates; one with enableDefaultDeny false does not (intro, "Endpoint default policy")', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reachdiff-cilium-isolated-'));
    writeFileSync(join(dir, 'config.yml'), 'invariants:\n  - name: shop is isolated\n    isolated: { workloads: { namespace: shop }, direction: ingress }\n');
    writeFileSync(join(dir, 'apps.yaml'), world() + cnp('shop', 'p', { endpointSelector: app('a'), ingress: [{}] }) + cnp('shop', 'q', { endpointSelector: app('b'), enableDefaultDeny: { ingress: false }, ingressDeny: [{ fromEntities: ['world'] }] }));
    const r = await cli(['check', join(dir, 'apps.yaml'), '--config', join(dir, 'config.yml')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${B}: no policy isolates ${B} for ingress`);
    expect(r.stdout).not.toContain(`${A}: no policy isolates`);
  });
});

describe('warnings (RD120 to RD129, the fixtures under fixtures/lint/RD12x)', () => {
  const dnsRule = { toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s:k8s-app': 'kube-dns' } }], toPorts: [{ ports: [{ port: '53', protocol: 'UDP' }, { port: '53', protocol: 'TCP' }] }] };
  const lintCodes = (text: string, options = {}) => lint(matrixOf(text, options), options).map((w) => `${w.code} ${w.object}`);

  it('RD120: egress default deny from a Cilium policy without DNS to kube-dns; a Kubernetes NetworkPolicy allowing DNS counts (kubernetes, "Known Pitfalls"; egress.go toFQDNs comment)', () => {
    const isolating = cnp('shop', 'p', { endpointSelector: app('a'), egress: [{ toEndpoints: [app('b')] }] });
    expect(lintCodes(world() + isolating)).toContain('RD120 shop/a');
    const knpDns = policy('shop', 'dns', { podSelector: app('a'), policyTypes: ['Egress'], egress: [{ ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }] });
    expect(lintCodes(world() + isolating + knpDns).filter((c) => c.startsWith('RD120') || c.startsWith('RD101'))).toEqual([]);
    expect(lintCodes(world() + cnp('shop', 'p', { endpointSelector: app('a'), egress: [{ toEndpoints: [app('b')] }, dnsRule] })).filter((c) => c.startsWith('RD120'))).toEqual([]);
  });

  // docs.cilium.io/en/stable/security/policy/layer3/, "Selecting pods or nodes with CIDR / ipBlock": under
  // --policy-cidr-match-mode=pods a CIDR rule holding kube-dns's address reaches it, which the analysis does not model
  it("RD120 says CIDR rules do not reach kube-dns only in Cilium's default mode: under policy-cidr-match-mode pods a CIDR rule may", () => {
    const pods = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: cilium-config, namespace: kube-system }\ndata: { policy-cidr-match-mode: pods }\n---\n';
    const rd120 = (t: string) => lint(matrixOf(t), {}).filter((w) => w.code === 'RD120').map((w) => w.message);
    const cidr = cnp('shop', 'p', { endpointSelector: app('a'), egress: [{ toCIDR: ['0.0.0.0/0'] }] });
    expect(rd120(world() + cidr)).toEqual([expect.stringMatching(/so name lookups fail; world and CIDR rules do not reach kube-dns/)]);
    const under = rd120(world() + cidr + pods);
    expect(under).toEqual([expect.stringMatching(/name lookups fail unless one of its CIDR rules holds kube-dns's address, which CIDR rules select only under policy-cidr-match-mode: pods in ConfigMap kube-system\/cilium-config/)]);
    expect(under[0]).not.toMatch(/CIDR rules do not reach/);
    // a CIDR rule on ports that take no DNS reaches no kube-dns in any mode
    const https = cnp('shop', 'p', { endpointSelector: app('a'), egress: [{ toCIDR: ['0.0.0.0/0'], toPorts: [{ ports: [{ port: '443', protocol: 'TCP' }] }] }] });
    expect(rd120(world() + https + pods)).toEqual([expect.stringMatching(/world and CIDR rules do not reach kube-dns/)]);
  });

  it('RD101 gives way to RD120 where a Cilium policy isolates, and counts the DNS a Cilium policy allows where only a NetworkPolicy isolates', () => {
    const knp = policy('shop', 'egress', { podSelector: app('a'), policyTypes: ['Egress'], egress: [{ to: [{ podSelector: app('b') }] }] });
    const ciliumDns = cnp('shop', 'dns', { endpointSelector: app('a'), enableDefaultDeny: { egress: false }, egress: [dnsRule] });
    expect(lintCodes(world() + knp)).toContain('RD101 shop/a');
    expect(lintCodes(world() + knp + ciliumDns).filter((c) => /^RD1(01|20)/.test(c))).toEqual([]);
  });

  it('RD123: a CIDR rule over the pod network given with --pod-cidr (layer3, "IP/CIDR based")', () => {
    const text = world() + cnp('shop', 'p', { endpointSelector: {}, ingress: [{ fromCIDR: ['10.244.0.0/16'] }] });
    expect(lintCodes(text)).not.toContain('RD123 shop/p');
    expect(lintCodes(text, { podCIDRs: ['10.244.0.0/16'] })).toContain('RD123 shop/p');
  });

  // docs.cilium.io/en/stable/security/policy/layer3/, "Selecting pods or nodes with CIDR / ipBlock": with
  // --policy-cidr-match-mode=pods (or nodes) CIDR rules select pods (or nodes) too, which the analysis does not model
  it('RD123 says CIDR rules never match pods only in the default mode: under policy-cidr-match-mode pods or nodes it says what they select', () => {
    const config = (mode: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: cilium-config, namespace: kube-system }\ndata: { policy-cidr-match-mode: "${mode}" }\n---\n`;
    const text = world() + cnp('shop', 'p', { endpointSelector: app('a'), egress: [{ toCIDR: ['0.0.0.0/0'] }] });
    const rd123 = (t: string) => lint(matrixOf(t), {}).filter((w) => w.code === 'RD123').map((w) => w.message);
    expect(rd123(text)).toEqual([expect.stringMatching(/CIDR rules never match pods or nodes in Cilium/)]);
    const pods = rd123(text + config('pods'));
    expect(pods).toEqual([expect.stringMatching(/policy-cidr-match-mode: pods in ConfigMap kube-system\/cilium-config makes them select, besides external addresses, the pods whose addresses they hold, which is not analysed/)]);
    expect(pods[0]).not.toMatch(/never match/);
    expect(rd123(text + config('nodes'))).toEqual([expect.stringMatching(/makes them select, besides external addresses, nodes' addresses/)]);
    // a value the agent does not read as a mode changes nothing
    expect(rd123(text + config('none'))).toEqual(rd123(text));
  });

  it('a diff tells the warnings a change to a Cilium policy introduces', () => {
    const base = world() + cnp('shop', 'p', { endpointSelector: {}, egress: [{ toEntities: ['all'] }] });
    const head = world() + cnp('shop', 'p', { endpointSelector: {}, egress: [{ toEntities: ['all'] }, { toEndpoints: [{ matchLabels: { 'pod-template-hash': 'x' } }] }] });
    const w = lintChange(matrixOf(base), matrixOf(head), {}, []);
    expect(w.introduced.map((d) => d.code)).toEqual(['RD125']);
  });
});

describe('in every output', () => {
  it('explanations name the Cilium rule and its L7 filter; the not-analysed line counts Cilium rule parts (list, diff)', async () => {
    const base = mkdtempSync(join(tmpdir(), 'reachdiff-cilium-base-'));
    const head = mkdtempSync(join(tmpdir(), 'reachdiff-cilium-head-'));
    writeFileSync(join(base, 'apps.yaml'), world() + cnp('shop', 'p', { endpointSelector: app('a'), ingress: [{ fromEndpoints: [app('o')] }] }));
    writeFileSync(
      join(head, 'apps.yaml'),
      world() + cnp('shop', 'p', { endpointSelector: app('a'), ingress: [{ fromEndpoints: [app('b')], toPorts: [{ ports: [{ port: '80', protocol: 'TCP' }], rules: { http: [{ path: '/' }] } }] }] }),
    );
    const txt = await cli(['diff', base, head, '--explain']);
    expect(txt.stdout).toContain(`diff-type: added, source: ${B}, destination: ${A}, ref1: No Connections, ref2: TCP 80`);
    expect(txt.stdout).toContain('allowed by CiliumNetworkPolicy shop/p ingress rule 0 "ingress[0]" [L7 HTTP: may be narrower]');
    const md = (await cli(['diff', base, head, '--format', 'md'])).stdout;
    expect(md).toContain('TCP 80 (via L7 HTTP)');
    const list = (await cli(['list', head])).stdout;
    expect(list).toContain(`${B} => ${A} : TCP 80, via L7 HTTP`);
  });
});

describe('the Cilium demo (fixtures/cilium): golden renderings', () => {
  const DIFF = ['diff', 'fixtures/cilium/demo', 'fixtures/cilium/demo-pr', '--config', 'fixtures/cilium/invariants.yml'];
  it('list txt marks the paths through L7 rules and DNS names', async () => golden('cilium-demo-list.txt', (await cli(['list', 'fixtures/cilium/demo'])).stdout));
  it('diff txt --explain', async () => golden('cilium-demo-diff-explain.txt', (await cli([...DIFF, '--explain'])).stdout));
  it('diff md (the pull-request comment)', async () => golden('cilium-demo-diff.md', (await cli([...DIFF, '--format', 'md'])).stdout));
  it('list json validates against its schema, with the via of each marked path', async () => {
    const doc = JSON.parse((await cli(['list', 'fixtures/cilium/demo', '--format', 'json'])).stdout) as { connections: Array<{ src: string; dst: string; via?: unknown }> };
    expect(validate(JSON.parse(readFileSync(join(REPO, 'schema', 'list.schema.json'), 'utf8')) as Schema, doc)).toEqual([]);
    expect(doc.connections.find((c) => c.src === 'shop/frontend[Deployment]' && c.dst === 'shop/api[Deployment]')?.via).toEqual([{ note: 'L7 HTTP', conn: 'TCP 8080', ports: { TCP: [[8080, 8080]] } }]);
  });
  it('diff json validates against the report schema', async () => {
    const doc = JSON.parse((await cli([...DIFF, '--format', 'json'])).stdout) as unknown;
    expect(validate(JSON.parse(readFileSync(join(REPO, 'schema', 'report.schema.json'), 'utf8')) as Schema, doc)).toEqual([]);
  });
});
