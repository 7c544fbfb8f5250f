import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AnalyzeOptions } from '../src/engine/analyze.js';
import { analyze } from '../src/engine/analyze.js';
import type { Diagnostic } from '../src/model/diagnostics.js';
import { listManifestFiles, readManifestFiles } from '../src/sources/directory.js';
import { compareWarnings, lint, lintChange, silence, unchangedObjects } from '../src/check/lint.js';
import { generate, SHAPES } from '../bench/generate.js';
import { engineMatrix } from './reference/check.js';
import { mutate, randomCluster } from './reference/random.js';
import { LoadCache, loadCluster, readFiles } from '../src/input/load.js';
import { expand } from '../src/expand/expand.js';
import { CORPUS, deployment, FIXTURES, HAVE_CORPUS, matrixOf, namespace, policy, REPO } from './helpers.js';

const LINT_FIXTURES = join(FIXTURES, 'lint');

/** The warnings of manifest files or directories, paths shown relative to the repository. */
function lintPaths(paths: string[], options: AnalyzeOptions = {}): Diagnostic[] {
  const { files } = listManifestFiles(paths.map((p) => join(REPO, p)));
  return lint(analyze(expand(readFiles([...readManifestFiles(files, { maxFileBytes: 64 << 20, cwd: REPO })])), options), options);
}

function lintText(files: Record<string, string> | string, options: AnalyzeOptions = {}): Diagnostic[] {
  return lint(matrixOf(files, options), options);
}

const codes = (ws: readonly Diagnostic[]) => ws.map((w) => w.code);

/** The line a trap marks with `# warns here`. */
function markedLine(file: string): number {
  const lines = readFileSync(join(REPO, file), 'utf8').split('\n');
  return lines.findIndex((l) => l.includes('# warns here')) + 1;
}

describe('every warning code has a trap that fires it and a correct version that does not', () => {
  const dirs = readdirSync(LINT_FIXTURES).filter((d) => /^RD1\d\d$/.test(d));

  // RD124 is no longer given: a Cilium policy with an unknown field is refused (RD004)
  it('the fixtures cover RD101 to RD110, RD120 to RD129 but RD124 for Cilium policies, RD130 to RD136 for Calico policies, and RD140 and RD141 for Kyverno', () => {
    const cilium = Array.from({ length: 10 }, (_, i) => `RD12${i}`).filter((c) => c !== 'RD124');
    const calico = Array.from({ length: 7 }, (_, i) => `RD13${i}`);
    expect(dirs.sort()).toEqual(['RD101', 'RD102', 'RD103', 'RD104', 'RD105', 'RD106', 'RD107', 'RD108', 'RD109', 'RD110', ...cilium, ...calico, 'RD140', 'RD141']);
  });

  for (const code of dirs) {
    it(`${code}: the trap warns at the line it marks`, () => {
      const file = `fixtures/lint/${code}/trap.yaml`;
      const hits = lintPaths([file]).filter((w) => w.code === code);
      expect(hits.length).toBeGreaterThan(0);
      expect(hits[0]).toMatchObject({ severity: 'warning', file, line: markedLine(file) });
      // ns/name, or the name of a cluster-scoped object (a GlobalNetworkPolicy, a Tier, a Kyverno ClusterPolicy)
      expect(hits[0]!.object).toMatch(/^[^/]+(\/[^/]+)?$/);
    });

    it(`${code}: the correct version has no warning at all`, () => {
      expect(lintPaths([`fixtures/lint/${code}/correct.yaml`])).toEqual([]);
    });
  }
});

const WEB = deployment('shop', 'web', { app: 'web' });
const API = deployment('shop', 'api', { app: 'api' }, [{ port: 8080 }]);
const TO_API = { to: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ protocol: 'TCP', port: 8080 }] };

function egressOnly(...rules: unknown[]): string {
  return policy('shop', 'egress', { podSelector: {}, policyTypes: ['Egress'], egress: rules });
}

/** NodeLocal DNSCache as its addon installs it: a DaemonSet on the host network. */
const NODE_LOCAL_DNS = `apiVersion: apps/v1
kind: DaemonSet
metadata: { name: node-local-dns, namespace: kube-system }
spec:
  selector: { matchLabels: { k8s-app: node-local-dns } }
  template:
    metadata: { labels: { k8s-app: node-local-dns } }
    spec:
      hostNetwork: true
      containers: [ { name: node-cache, image: k8s-dns-node-cache, ports: [ { name: dns, containerPort: 53, protocol: UDP }, { name: dns-tcp, containerPort: 53, protocol: TCP } ] } ]
---
`;

const DNS_PORTS_53 = [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }];
const TO_KUBE_DNS = { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: DNS_PORTS_53 };
const TO_PARTNER = { to: [{ ipBlock: { cidr: '203.0.113.0/24' } }], ports: [{ protocol: 'TCP', port: 443 }] };
const WEB_ONLY = (...rules: unknown[]) => policy('shop', 'web-egress', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: rules });

describe('RD101 and RD120 read what the engine lets through to where DNS answers', () => {
  it('an "internet only" ipBlock (0.0.0.0/0 except the private ranges) cuts DNS off, and the warning names it', () => {
    // kubernetes.io/docs/concepts/services-networking/network-policies (ipBlock, except); kube-dns' pods are in the private pod network
    const ws = lintText(WEB + WEB_ONLY({ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] } }] }));
    expect(codes(ws)).toEqual(['RD101']);
    expect(ws[0]!.message).toContain('ipBlock 0.0.0.0/0 except 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 of NetworkPolicy shop/web-egress does not hold all of');
    // a block holding the whole pod network given reaches kube-dns's pods on plugins that match pod IPs
    expect(lintText(WEB + WEB_ONLY({ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: DNS_PORTS_53 }), { podCIDRs: ['10.244.0.0/16'] })).toEqual([]);
    expect(lintText(WEB + WEB_ONLY({ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: DNS_PORTS_53 }))).toEqual([]);
  });

  it('with node-local-dns in the manifests, a kube-dns or node-local-dns pod selector does not reach it', () => {
    // kubernetes.io/docs/tasks/administer-cluster/nodelocaldns: the cache runs with hostNetwork on each node
    const byPods = lintText(WEB + NODE_LOCAL_DNS + WEB_ONLY(TO_KUBE_DNS, TO_PARTNER));
    expect(codes(byPods)).toEqual(['RD101']);
    expect(byPods[0]!.message).toContain('allow ipBlock 169.254.20.10/32 on port 53');
    const nld = { ...TO_KUBE_DNS, to: [{ ...TO_KUBE_DNS.to[0], podSelector: { matchLabels: { 'k8s-app': 'node-local-dns' } } }] };
    expect(codes(lintText(WEB + NODE_LOCAL_DNS + WEB_ONLY(nld, TO_PARTNER)))).toEqual(['RD101']);
  });

  it('under Cilium a NetworkPolicy ipBlock on port 53 does not reach kube-dns, as toCIDR does not', () => {
    // docs.cilium.io/en/latest/security/policy/layer3/: CIDR rules are for peers that are not endpoints
    const cnp = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: web-egress, namespace: shop }
spec:
  endpointSelector: { matchLabels: { app: web } }
  egress:
    - toCIDR: [203.0.113.0/24]
      toPorts: [ { ports: [ { port: "443", protocol: TCP } ] } ]
---
`;
    const allowDns = policy('shop', 'allow-dns', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: DNS_PORTS_53 }] });
    const ws = lintText(WEB + cnp + allowDns);
    expect(codes(ws)).toEqual(['RD120']);
    expect(ws[0]!.message).toContain('ipBlock 0.0.0.0/0 of NetworkPolicy shop/allow-dns matches no pod under Cilium');
  });

  it("port 53 to openshift-dns does not count (its pods listen on 5353), nor 5353 to kube-dns (CoreDNS listens on 53)", () => {
    // openshift/cluster-dns-operator assets/dns/daemonset.yaml (containerPort 5353, name dns) and service.yaml (port 53, targetPort dns)
    const toOpenshift = { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'openshift-dns' } } }], ports: DNS_PORTS_53 };
    expect(codes(lintText(WEB + WEB_ONLY(toOpenshift, TO_PARTNER)))).toEqual(['RD101']);
    expect(lintText(WEB + WEB_ONLY({ ...toOpenshift, ports: [{ protocol: 'UDP', port: 5353 }, { protocol: 'TCP', port: 5353 }] }, TO_PARTNER))).toEqual([]);
    expect(codes(lintText(WEB + WEB_ONLY({ ...TO_KUBE_DNS, ports: [{ protocol: 'UDP', port: 5353 }, { protocol: 'TCP', port: 5353 }] }, TO_PARTNER)))).toEqual(['RD101']);
    expect(lintText(WEB + WEB_ONLY(TO_KUBE_DNS, TO_PARTNER))).toEqual([]);
  });

  it('a Calico tier that only passes leaves DNS to the NetworkPolicies, and RD101 is given', () => {
    // docs.tigera.io/calico/latest/network-policy/policy-tiers/tiered-policy: Pass goes on to the next tier; Kubernetes policies are in default
    const gnp = `apiVersion: projectcalico.org/v3
kind: Tier
metadata: { name: security }
spec: { order: 100 }
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: { name: security.block-metadata }
spec:
  tier: security
  order: 10
  selector: all()
  types: [Egress]
  egress:
    - action: Deny
      destination: { nets: [169.254.169.254/32] }
    - action: Pass
---
`;
    expect(codes(lintText(WEB + gnp + WEB_ONLY(TO_PARTNER)))).toEqual(['RD101']);
    expect(lintText(WEB + gnp + WEB_ONLY(TO_PARTNER, TO_KUBE_DNS))).toEqual([]);
  });

  it('an AdminNetworkPolicy Deny to kube-system comes before the NetworkPolicy allow, and the warning names it; within one the first match decides', () => {
    // network-policy-api.sigs.k8s.io/api-overview: AdminNetworkPolicy rules come before NetworkPolicies, in order
    const anp = (rules: string) => `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: { name: protect-kube-system }
spec:
  priority: 10
  subject: { namespaces: { matchLabels: { kubernetes.io/metadata.name: shop } } }
  egress:
${rules}
---
`;
    const deny = `    - name: deny-to-kube-system
      action: Deny
      to: [ { namespaces: { matchLabels: { kubernetes.io/metadata.name: kube-system } } } ]
`;
    const allow = `    - name: allow-dns
      action: Allow
      to: [ { pods: { namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: kube-system } }, podSelector: { matchLabels: { k8s-app: kube-dns } } } } ]
      ports: [ { portNumber: { protocol: UDP, port: 53 } }, { portNumber: { protocol: TCP, port: 53 } } ]
`;
    const ws = lintText(WEB + anp(deny) + WEB_ONLY(TO_KUBE_DNS, TO_PARTNER));
    expect(codes(ws)).toEqual(['RD101']);
    expect(ws[0]!.message).toContain('is denied by AdminNetworkPolicy protect-kube-system rule deny-to-kube-system');
    expect(codes(lintText(WEB + anp(deny + allow) + WEB_ONLY(TO_PARTNER)))).toEqual(['RD101']);
    expect(lintText(WEB + anp(allow + deny) + WEB_ONLY(TO_PARTNER))).toEqual([]);
  });

  it('a Baseline default deny with Admin accepts that leave DNS out is RD101, with no NetworkPolicy at all', () => {
    // kubernetes-sigs/network-policy-api apis/v1alpha2/clusternetworkpolicy_types.go: the Baseline tier denies what no other rule allowed
    const cnp = (tier: string, name: string, priority: number, rule: string) => `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: { name: ${name} }
spec:
  tier: ${tier}
  priority: ${priority}
  subject: { namespaces: { matchLabels: { kubernetes.io/metadata.name: shop } } }
  egress:
${rule}
---
`;
    const baseline = cnp('Baseline', 'baseline-default-deny', 100, `    - name: deny-all
      action: Deny
      to: [ { networks: [0.0.0.0/0] }, { namespaces: {} } ]`);
    const https = cnp('Admin', 'shop-https', 20, `    - name: allow-partner-api
      action: Accept
      to: [ { networks: [203.0.113.0/24] } ]
      protocols: [ { tcp: { destinationPort: { number: 443 } } } ]`);
    const dns = cnp('Admin', 'shop-dns', 10, `    - name: allow-dns
      action: Accept
      to: [ { namespaces: { matchLabels: { kubernetes.io/metadata.name: kube-system } } } ]
      protocols: [ { udp: { destinationPort: { number: 53 } } }, { tcp: { destinationPort: { number: 53 } } } ]`);
    const ws = lintText(WEB + baseline + https);
    expect(codes(ws)).toEqual(['RD101']);
    expect(ws[0]!.message).toContain('denied by ClusterNetworkPolicy baseline-default-deny rule deny-all');
    expect(lintText(WEB + baseline + https + dns)).toEqual([]);
  });
});

describe('RD101: egress isolation without DNS', () => {
  it('names each workload and points at the isolating policy', () => {
    const ws = lintText(WEB + API + egressOnly(TO_API));
    expect(ws.filter((w) => w.code === 'RD101').map((w) => w.object)).toEqual(['shop/api', 'shop/web']);
    expect(ws[0]!.message).toMatch(/^shop\/api\[Deployment\] is isolated for egress and no rule allows DNS/);
  });

  it('UDP 53 without TCP 53 is reported as such', () => {
    const ws = lintText(WEB + API + egressOnly(TO_API, { ports: [{ protocol: 'UDP', port: 53 }] }));
    expect(ws.map((w) => w.message)).toEqual(
      ['api', 'web'].map((name) => `shop/${name}[Deployment] is isolated for egress and allows DNS over UDP 53 but not TCP 53, which lookups with large answers need`),
    );
  });

  it('DNS to every destination counts', () => {
    expect(lintText(WEB + API + egressOnly(TO_API, { ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }))).toEqual([]);
  });

  it("DNS to node-local DNS's address counts only where the manifests hold node-local-dns", () => {
    // kubernetes cluster/addons/dns/nodelocaldns/README.md: hostNetwork, "a link local ip (169.254.20.10/32 by default)"
    const dns = { to: [{ ipBlock: { cidr: '169.254.20.10/32' } }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] };
    expect(codes(lintText(WEB + egressOnly(dns)))).toEqual(['RD101']);
    expect(lintText(WEB + NODE_LOCAL_DNS + egressOnly(dns))).toEqual([]);
  });

  it("node-local-dns's -localip flag names where it answers (Kubespray's 169.254.25.10), and the warning names that address", () => {
    // kubernetes cluster/addons/dns/nodelocaldns/nodelocaldns.yaml: node-cache runs with args [ "-localip", "__PILLAR__LOCAL__DNS__,__PILLAR__DNS__SERVER__", ... ];
    // Kubespray's default nodelocaldns_ip is 169.254.25.10
    const kubespray = NODE_LOCAL_DNS.replace('image: k8s-dns-node-cache,', 'image: k8s-dns-node-cache, args: [ "-localip", "169.254.25.10", "-conf", /etc/Corefile ],');
    expect(kubespray).not.toEqual(NODE_LOCAL_DNS);
    const to = (cidr: string) => ({ to: [{ ipBlock: { cidr } }], ports: DNS_PORTS_53 });
    // before, only 169.254.20.10 counted: the policy that allows Kubespray's address was warned about, and one that allows the default was not
    expect(lintText(WEB + kubespray + egressOnly(to('169.254.25.10/32')))).toEqual([]);
    const other = lintText(WEB + kubespray + egressOnly(to('169.254.20.10/32')));
    expect(codes(other)).toEqual(['RD101']);
    expect(other[0]!.message).toContain('allow ipBlock 169.254.25.10/32 on port 53');
    // -localip=A,B and two dashes: either address answers
    const both = NODE_LOCAL_DNS.replace('image: k8s-dns-node-cache,', 'image: k8s-dns-node-cache, args: [ "--localip=169.254.25.10,10.233.0.3" ],');
    expect(lintText(WEB + both + egressOnly(to('10.233.0.3/32')))).toEqual([]);
  });

  it('DNS allowed only to pods of the own namespace does not count', () => {
    const own = { to: [{ podSelector: {} }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] };
    expect(codes(lintText(WEB + API + egressOnly(TO_API, own)))).toEqual(['RD101', 'RD101']);
  });

  it("OpenShift's DNS port 5353 in all namespaces counts", () => {
    const dns = { to: [{ namespaceSelector: {} }], ports: [{ protocol: 'UDP', port: 5353 }, { protocol: 'TCP', port: 5353 }] };
    expect(lintText(WEB + API + egressOnly(TO_API, dns))).toEqual([]);
  });

  it('a workload whose egress allows nothing needs no DNS', () => {
    expect(lintText(WEB + egressOnly())).toEqual([]);
  });

  it('an AdminNetworkPolicy that allows DNS to kube-dns counts; one that allows port 53 elsewhere does not', () => {
    const anp = (ns: string) => `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: { name: dns }
spec:
  priority: 10
  subject: { namespaces: {} }
  egress:
    - action: Allow
      to: [ { namespaces: { matchLabels: { kubernetes.io/metadata.name: ${ns} } } } ]
      ports:
        - portNumber: { protocol: UDP, port: 53 }
        - portRange: { protocol: TCP, start: 1, end: 1024 }
---
`;
    expect(lintText(WEB + API + anp('kube-system') + egressOnly(TO_API))).toEqual([]);
    expect(codes(lintText(WEB + API + anp('elsewhere') + egressOnly(TO_API)))).toEqual(['RD101', 'RD101']);
  });

  it('a DNS workload of the manifests counts, whatever its namespace', () => {
    const coredns = deployment('dns', 'coredns', { 'k8s-app': 'kube-dns' });
    const dns = { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'dns' } } }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] };
    expect(lintText(WEB + API + coredns + egressOnly(TO_API, dns))).toEqual([]);
  });
});

describe('RD102: port 53 without protocol', () => {
  it('is not reported where the same rule also allows UDP 53', () => {
    const rule = { ports: [{ port: 53 }, { port: 53, protocol: 'UDP' }] };
    expect(lintText(WEB + egressOnly(rule))).toEqual([]);
  });

  it('an explicit TCP 53 alone is RD101, not RD102', () => {
    expect(codes(lintText(WEB + egressOnly({ ports: [{ port: 53, protocol: 'TCP' }] })))).toEqual(['RD101']);
  });

  it('is about egress rules only', () => {
    expect(lintText(WEB + policy('shop', 'in', { podSelector: {}, ingress: [{ ports: [{ port: 53 }] }] }))).toEqual([]);
  });
});

describe('RD103: selectors that match nothing', () => {
  it('a label no workload of the namespace carries reads as a partial view, not a typo: it says how to declare the pods', () => {
    // kube-prometheus' policies select pods that prometheus-operator makes, not written in the manifests
    const p = policy('shop', 'p', { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } });
    expect(lintText(WEB + p).map((w) => w.message)).toEqual([
      'NetworkPolicy shop/p: spec.podSelector app.kubernetes.io/name=prometheus selects no workload of namespace shop: no workload there carries the label app.kubernetes.io/name, so its pods are likely not in these files (made by an operator or another chart); if so, declare them in the config (outside: workloads:), else it is a typo',
    ]);
  });

  it('empty selectors never warn', () => {
    const p = policy('shop', 'p', { podSelector: {}, ingress: [{ from: [{ podSelector: {} }, { namespaceSelector: {} }, { namespaceSelector: {}, podSelector: {} }] }] });
    expect(lintText(WEB + p)).toEqual([]);
  });

  it('a peer podSelector with a typo', () => {
    const p = policy('shop', 'p', { podSelector: {}, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'wbe' } } }] }] });
    expect(lintText(WEB + p).map((w) => w.message)).toEqual(['NetworkPolicy shop/p: ingress peer podSelector app=wbe matches no workload in namespace shop: a typo? (workloads there carry its labels, but not with these values)']);
  });

  it('a namespaceSelector that matches no declared namespace', () => {
    const p = policy('shop', 'p', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'ops' } } }] }] });
    expect(lintText(namespace('shop', { team: 'shop' }) + WEB + p).map((w) => w.message)).toEqual([
      'NetworkPolicy shop/p: ingress peer namespaceSelector team=ops matches no namespace in the manifests: a typo, or a namespace made outside these files (by another chart or the platform; declare it with its labels in the config, outside: namespaces:)',
    ]);
  });

  it('labels of namespaces that the manifests do not declare are not judged', () => {
    const p = policy('shop', 'p', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'ops' } } }] }] });
    expect(lintText(WEB + p)).toEqual([]);
  });

  it('pods of namespaces without workloads in the manifests are not judged', () => {
    const p = policy('other', 'p', { podSelector: { matchLabels: { app: 'x' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'y' } } }] }] });
    expect(lintText(WEB + p)).toEqual([]);
  });

  it('the cluster DNS peer is not reported though kube-system is not in the manifests', () => {
    const dns = { to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] };
    expect(lintText(WEB + egressOnly(dns))).toEqual([]);
  });
});

describe('RD104: rules that allow everything by accident', () => {
  it('a lone {} rule is the allow-all idiom, not a warning', () => {
    expect(lintText(WEB + policy('shop', 'allow-all', { podSelector: {}, ingress: [{}] }))).toEqual([]);
  });

  it('{} beside a rule that lists sources', () => {
    const p = policy('shop', 'p', { podSelector: {}, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }, {}] });
    expect(lintText(WEB + p).map((w) => w.message)).toEqual([
      `NetworkPolicy shop/p: ingress rule {} allows every source on every port, so the policy's other ingress rules restrict nothing (a stray "-"?)`,
    ]);
  });

  it('to: [] with ports beside a rule that lists destinations', () => {
    const p = egressOnly(TO_API, { to: [], ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] });
    expect(lintText(WEB + API + p).map((w) => w.message)).toEqual([`NetworkPolicy shop/egress: egress rule has to: [], which allows every destination, not none (a stray "-"?)`]);
  });
});

describe('RD105, RD106: policyTypes', () => {
  it('egress rules with an explicit ingress: [] are a deliberate deny, not RD105', () => {
    const p = policy('shop', 'p', { podSelector: {}, ingress: [], egress: [{ ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] }] });
    expect(lintText(WEB + p)).toEqual([]);
  });

  it('egress rules under policyTypes [Ingress] are ignored too', () => {
    const p = policy('shop', 'p', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{}], egress: [{}, {}] });
    expect(lintText(WEB + p).map((w) => w.message)).toEqual(['NetworkPolicy shop/p: Kubernetes ignores its 2 egress rules, as spec.policyTypes does not list Egress']);
  });

  it('the loader no longer reports ignored rules itself', () => {
    const p = policy('shop', 'p', { podSelector: {}, policyTypes: ['Egress'], ingress: [{}] });
    expect(matrixOf(WEB + p).diagnostics).toEqual([]);
  });
});

describe('RD107: named ports', () => {
  it('a port declared with another protocol', () => {
    const dns = deployment('shop', 'dns', { app: 'dns' }, [{ name: 'dns', port: 53, protocol: 'UDP' }]);
    const p = policy('shop', 'p', { podSelector: { matchLabels: { app: 'dns' } }, ingress: [{ ports: [{ port: 'dns' }] }] });
    expect(lintText(dns + p).map((w) => w.message)).toEqual([
      'NetworkPolicy shop/p: ingress rule names port "dns" (TCP), which no workload the policy selects declares with TCP (only with UDP); it matches nothing',
    ]);
  });

  it('egress to ipBlocks only: a named port never matches an address', () => {
    const p = egressOnly({ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ port: 'https' }] }, { ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] });
    expect(codes(lintText(WEB + p))).toEqual(['RD107']);
  });

  it('egress resolves on the destinations', () => {
    const api = deployment('shop', 'api', { app: 'api' }, [{ name: 'http', port: 8080 }]);
    const rule = { to: [{ podSelector: { matchLabels: { app: 'api' } } }], ports: [{ port: 'http' }] };
    const dns = { ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }] };
    expect(lintText(WEB + api + egressOnly(rule, dns))).toEqual([]);
    expect(codes(lintText(WEB + API + egressOnly(rule, dns)))).toEqual(['RD107']);
  });

  // Calico's endpoint of a pod takes the ports of pod.Spec.Containers and of every pod.Spec.InitContainers
  // (projectcalico/calico libcalico-go/lib/backend/k8s/conversion/workload_endpoint_default.go, appendEndpointPorts)
  it('a name only an init container declares: Calico resolves it there, and the warning says so', () => {
    const db = deployment('shop', 'db', { app: 'db' }, [{ port: 9090 }]).replace(
      'containers:',
      'initContainers:\n        - { name: init, image: x, ports: [{ name: metrics, containerPort: 9090 }] }\n      containers:',
    );
    const p = policy('shop', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ ports: [{ port: 'metrics' }] }] });
    expect(lintText(db + p).map((w) => w.message)).toEqual([
      'NetworkPolicy shop/p: ingress rule names port "metrics" (TCP), which no workload the policy selects declares; it is shown matching nothing, but an init container that is not a native sidecar declares it (TCP 9090), and Calico resolves port names on every init container too: under Calico the rule allows TCP 9090 on the pods that declare it',
    ]);
  });

  // where the manifests hold Calico's objects the analysis resolves the name as Calico does (test/calico-named-ports.test.ts)
  it('a name only an init container declares, where the manifests show Calico: the warning says the rule is shown allowing its port', () => {
    const db = deployment('shop', 'db', { app: 'db' }, [{ port: 9090 }]).replace(
      'containers:',
      'initContainers:\n        - { name: init, image: x, ports: [{ name: metrics, containerPort: 9090 }] }\n      containers:',
    );
    const p = policy('shop', 'p', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ ports: [{ port: 'metrics' }] }] });
    const tier = 'apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: security}\nspec: {order: 100}\n---\n';
    expect(lintText(db + p + tier).filter((w) => w.code === 'RD107').map((w) => w.message)).toEqual([
      'NetworkPolicy shop/p: ingress rule names port "metrics" (TCP), which no workload the policy selects declares; an init container that is not a native sidecar declares it (TCP 9090), and Calico, whose objects the manifests hold, resolves port names on every init container too: the rule allows TCP 9090 on the pods that declare it, as shown',
    ]);
  });
});

describe('RD103 and host-network workloads', () => {
  const host = WEB.replace('containers:', 'hostNetwork: true\n      containers:').replace('name: web', 'name: agent').replaceAll('"app":"web"', '"app":"agent"');

  it('a selector that names only a host-network workload names something, with or without --host-network include', () => {
    const p = policy('shop', 'p', { podSelector: { matchLabels: { app: 'agent' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'agent' } } }] }] });
    for (const hostNetwork of ['exclude', 'include'] as const) {
      expect(codes(lintText(host + API + p, { hostNetwork })).filter((c) => c === 'RD103')).toEqual([]);
    }
  });

  it('in another namespace it is not named', () => {
    const p = policy('other', 'p', { podSelector: {}, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'agent' } } }] }] });
    const ws = lintText(host + namespace('other') + deployment('other', 'x', { app: 'x' }) + p);
    expect(ws.map((w) => w.message)).toEqual(['NetworkPolicy other/p: ingress peer podSelector app=agent matches no workload in namespace other: a typo? (workloads there carry its labels, but not with these values)']);
  });
});

describe('RD108: peers that look like one AND', () => {
  it('namespaceSelector then podSelector: {} is the idiom "that namespace or my own namespace": no warning', () => {
    // merged, {namespaceSelector, podSelector: {}} would mean the namespaceSelector alone: the author meant the OR
    const p = policy('shop', 'p', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { role: 'monitoring' } } }, { podSelector: {} }] }] });
    expect(lintText(namespace('mon', { role: 'monitoring' }) + WEB + p).filter((w) => w.code === 'RD108')).toEqual([]);
  });

  it('namespaceSelector then a podSelector that selects some pods still warns', () => {
    const p = policy('shop', 'p', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { role: 'monitoring' } } }, { podSelector: { matchLabels: { app: 'web' } } }] }] });
    expect(codes(lintText(namespace('mon', { role: 'monitoring' }) + WEB + p))).toContain('RD108');
  });

  it('podSelector then namespaceSelector is not the pattern', () => {
    const p = policy('shop', 'p', { podSelector: {}, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }, { namespaceSelector: {} }] }] });
    expect(lintText(WEB + p)).toEqual([]);
  });
});

describe('RD109: unpolicied workloads beside isolated ones', () => {
  it('host-network workloads, which policies cannot isolate, are left to RD008', () => {
    const host = WEB.replace('containers:', 'hostNetwork: true\n      containers:').replace('name: web', 'name: agent');
    const p = policy('shop', 'p', { podSelector: { matchLabels: { app: 'api' } } });
    const ws = lintText(host + API + p);
    expect(ws).toEqual([]);
  });

  it('a namespace where nothing is isolated is not reported', () => {
    expect(lintText(WEB + API)).toEqual([]);
  });
});

describe('RD110: CIDRs that are not normal', () => {
  it('an except with host bits set', () => {
    const p = policy('shop', 'p', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.2.3/16'] } }] }] });
    expect(lintText(WEB + p).map((w) => w.message)).toEqual(['NetworkPolicy shop/p: ingress peer ipBlock except 10.1.2.3/16 has host bits set; it means 10.1.0.0/16, and from Kubernetes 1.36 the API server refuses the policy (StrictIPCIDRValidation): write 10.1.0.0/16']);
  });

  it('an except outside its cidr is an invalid policy (the API server rejects it), reported by the loader', () => {
    const p = policy('shop', 'p', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/16', except: ['10.1.0.0/24'] } }] }] });
    const m = matrixOf(WEB + p);
    expect(m.diagnostics.map((d) => d.code)).toEqual(['RD004']);
    expect(m.diagnostics[0]!.message).toMatch(/must be strictly inside cidr/);
  });
});

describe('silencing and comparing states', () => {
  const warning = (code: string, object: string, message = 'm', line = 1): Diagnostic => ({ severity: 'warning', code, file: 'f.yaml', line, message, object });

  it('ignore silences a code everywhere, or for one object', () => {
    const ws = [warning('RD101', 'shop/web'), warning('RD101', 'shop/api'), warning('RD103', 'shop/p')];
    expect(silence(ws, [{ code: 'RD101', line: 1 }]).kept.map((w) => w.object)).toEqual(['shop/p']);
    const { kept, silenced } = silence(ws, [{ code: 'RD101', object: 'shop/api', line: 1 }]);
    expect(kept.map((w) => w.object)).toEqual(['shop/web', 'shop/p']);
    expect(silenced.map((w) => w.object)).toEqual(['shop/api']);
  });

  it('a warning that only moved lines is existing, not introduced', () => {
    const { introduced, existing } = compareWarnings([warning('RD101', 'shop/web', 'm', 3)], [warning('RD101', 'shop/web', 'm', 30), warning('RD101', 'shop/api', 'm', 31)]);
    expect(existing.map((w) => w.object)).toEqual(['shop/web']);
    expect(introduced.map((w) => w.object)).toEqual(['shop/api']);
  });

  it('a second copy of a warning base had once is introduced', () => {
    const w = warning('RD104', 'shop/p');
    expect(compareWarnings([w], [w, { ...w, line: 9 }]).introduced).toHaveLength(1);
  });
});

interface Case {
  inputs: string[];
}

if (!HAVE_CORPUS) console.log('lint: corpus not found at ../shared/conformance/np-guard; the corpus run is skipped');

describe.skipIf(!HAVE_CORPUS)('lint over every input of the conformance corpus', () => {
  it('runs without crashing and gives only well-formed warnings', () => {
    const cases: Case[] = HAVE_CORPUS ? JSON.parse(readFileSync(join(CORPUS, 'cases.json'), 'utf8')) : [];
    const dirs = [...new Set(cases.flatMap((c) => c.inputs))].sort();
    const counts = new Map<string, number>();
    for (const dir of dirs) {
      const { files } = listManifestFiles([join(CORPUS, dir)]);
      const matrix = analyze(loadCluster(readManifestFiles(files, { maxFileBytes: 64 << 20, cwd: CORPUS })));
      for (const w of lint(matrix)) {
        expect(w.code).toMatch(/^RD1(0[1-9]|10)$/);
        expect(w.line).toBeGreaterThan(0);
        expect(w.object).toBeTruthy();
        counts.set(w.code, (counts.get(w.code) ?? 0) + 1);
      }
    }
    expect(dirs.length).toBeGreaterThan(0);
    console.log(`lint: ${dirs.length} corpus inputs; warnings by code: ${[...counts.entries()].sort().map(([c, n]) => `${c} ${n}`).join(', ') || 'none'}`);
  });
});

describe('lintChange: head in full, base only for the objects head warns about', () => {
  it('splits warnings as linting both states in full does, on 400 random changes', () => {
    let introduced = 0;
    let existing = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const variant = seed % 2 === 0 ? 'admin' : 'network';
      const baseCluster = randomCluster(seed, variant);
      const headCluster = mutate(baseCluster, seed + 7, variant).cluster;
      const base = engineMatrix(baseCluster, seed);
      const head = engineMatrix(headCluster, seed + 1);
      const ignore = seed % 5 === 0 ? [{ code: 'RD101', line: 1 }] : [];
      const full = silence(lint(base), ignore).kept;
      const headFull = silence(lint(head), ignore);
      const expected = compareWarnings(full, headFull.kept);
      const actual = lintChange(base, head, {}, ignore);
      expect(actual.introduced).toEqual(expected.introduced);
      expect(actual.existing).toEqual(expected.existing);
      expect(actual.silenced).toBe(headFull.silenced.length);
      introduced += expected.introduced.length;
      existing += expected.existing.length;
    }
    // the random changes both introduce warnings and keep old ones
    expect(introduced).toBeGreaterThan(50);
    expect(existing).toBeGreaterThan(50);
  });
});

describe('lintChange keeps the warnings of objects nothing touched', () => {
  it('on a generated repository where a change touches a few namespaces: the split of full lints, most objects not linted at base', () => {
    const root = mkdtempSync(join(tmpdir(), 'reachdiff-lintchange-'));
    try {
      const repo = generate(SHAPES['S']!, 3, root);
      const cache = new LoadCache();
      const read = (dir: string) => analyze(loadCluster(readManifestFiles(listManifestFiles([dir]).files, { maxFileBytes: 64 << 20 }), {}, cache));
      const base = read(repo.base);
      const head = read(repo.head);
      const headWarnings = lint(head);
      const expected = compareWarnings(lint(base), headWarnings);
      const actual = lintChange(base, head, {}, []);
      expect(actual.introduced).toEqual(expected.introduced);
      expect(actual.existing).toEqual(expected.existing);
      expect(expected.existing.length).toBeGreaterThan(100);
      const same = unchangedObjects(base, head, true);
      const objects = new Set(headWarnings.map((w) => w.object!));
      const kept = [...objects].filter(same).length;
      expect(kept).toBeGreaterThan(objects.size / 2);
      expect(kept).toBeLessThan(objects.size);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("a change of where NodeLocal DNSCache listens (its -localip) introduces the DNS warnings it brings about", () => {
    // kubernetes cluster/addons/dns/nodelocaldns: node-cache's -localip is where pods' queries go on each node
    const files = (address: string) => ({
      'dns.yaml': NODE_LOCAL_DNS.replace('image: k8s-dns-node-cache,', `image: k8s-dns-node-cache, args: [ "-localip", "${address}" ],`),
      'web.yaml': WEB,
      'policy.yaml': egressOnly({ to: [{ ipBlock: { cidr: '169.254.20.10/32' } }], ports: DNS_PORTS_53 }),
    });
    const change = lintChange(matrixOf(files('169.254.20.10')), matrixOf(files('169.254.25.10')), {}, []);
    // before, where DNS runs was told by its pods' labels alone, and the warning was taken for one base had
    expect(change.introduced.map((w) => w.code)).toEqual(['RD101']);
    expect(change.existing).toEqual([]);
  });

  it('reports a warning on an unchanged policy that a change elsewhere brings about', () => {
    const files = (appLabel: string) => ({
      'ns.yaml': namespace('a', { team: 'a' }) + namespace('b', { team: 'b' }),
      'a.yaml': deployment('a', 'api', { app: appLabel }),
      'b.yaml': deployment('b', 'web', { app: 'web' }),
      // unchanged, in namespace b: its peer picks pods of namespace a
      'policy.yaml': policy('b', 'from-api', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'a' } }, podSelector: { matchLabels: { app: 'api' } } }] }] }),
    });
    const base = matrixOf(files('api'));
    const head = matrixOf(files('api-v2'));
    const change = lintChange(base, head, {}, []);
    expect(change.introduced.map((w) => `${w.code} ${w.object}`)).toEqual(['RD103 b/from-api']);
    expect(unchangedObjects(base, head, true)('b/from-api')).toBe(false);
    expect(unchangedObjects(base, head, true)('b/web')).toBe(true);
  });
});
