/**
 * Rule parts the analysis does not model exactly (RD007) used to leave
 * invariants confidently wrong: a peer taken to match nothing can still
 * open a path in the cluster (a never invariant held), and one taken to
 * match every external address can still refuse it (an always invariant
 * held). Each case here is reproduced from the project's own docs, cited
 * on the case; each fails closed now, and a control next to it shows that
 * an invariant the doubted rule cannot touch keeps its verdict.
 */
import { describe, expect, it } from 'vitest';
import { checkManifests, deployment, namespace } from './helpers.js';

const SHOP =
  namespace('shop') +
  deployment('shop', 'frontend', { app: 'frontend' }) +
  deployment('shop', 'db', { app: 'db' }, [{ name: 'pg', port: 5432 }]) +
  deployment('shop', 'cache', { app: 'cache' }, [{ name: 'redis', port: 6379 }]);

const NEVER_FRONTEND_DB = 'invariants:\n  - name: frontend never reaches db\n    never: { from: { workload: shop/frontend }, to: { workload: shop/db } }\n';
const NEVER_CACHE_DB = 'invariants:\n  - name: cache never reaches db\n    never: { from: { workload: shop/cache }, to: { workload: shop/db } }\n';

const check = checkManifests;

function cnp(name: string, spec: string): string {
  return `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: { name: ${name}, namespace: shop }\nspec:\n${spec}---\n`;
}

describe('Cilium', () => {
  // docs.cilium.io/en/stable/security/policy/language/#services-based: toServices allows the endpoints behind a Service
  const toServices = cnp('fe', '  endpointSelector: { matchLabels: { app: frontend } }\n  egress:\n  - toServices: [{ k8sService: { serviceName: db, namespace: shop } }]\n');
  const dbOpen = cnp('db', '  endpointSelector: { matchLabels: { app: db } }\n  ingress:\n  - fromEndpoints: [{}]\n');

  it('a never invariant fails closed where a toServices rule of the source may open the path', async () => {
    const r = await check(SHOP + toServices + dbOpen, NEVER_FRONTEND_DB);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/shop\/frontend\[Deployment\] => shop\/db\[Deployment\]: All Connections is shown closed, but policy parts not modelled exactly could open it \(CiliumNetworkPolicy shop\/fe egress\[0\]: its toServices peer is not resolved\)/);
  });

  it('a never invariant from a source the toServices rule does not govern keeps its verdict', async () => {
    const closed = cnp('cache', '  endpointSelector: { matchLabels: { app: cache } }\n  egress:\n  - toEndpoints: [{ matchLabels: { app: frontend } }]\n');
    expect((await check(SHOP + toServices + dbOpen + closed, NEVER_CACHE_DB)).code).toBe(0);
  });

  it('a deny rule with a toServices peer may close a path: an always invariant through it fails closed', async () => {
    const deny = cnp('fe-deny', '  endpointSelector: { matchLabels: { app: frontend } }\n  egress:\n  - toEndpoints: [{}]\n  egressDeny:\n  - toServices: [{ k8sService: { serviceName: db, namespace: shop } }]\n');
    const always = 'invariants:\n  - name: frontend reaches db\n    always: { from: { workload: shop/frontend }, to: { workload: shop/db }, ports: [TCP/5432] }\n';
    const r = await check(SHOP + deny, always);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/TCP 5432 is shown open, but policy parts not modelled exactly could close it/);
    // without the deny rule the path is sure
    expect((await check(SHOP + deny.replace(/ {2}egressDeny:\n.*\n/, ''), always)).code).toBe(0);
  });

  it('a selector on the service-account label may match the source: never fails closed', async () => {
    // docs.cilium.io/en/stable/security/policy/kubernetes/#serviceaccounts: io.cilium.k8s.policy.serviceaccount selects pods by service account
    const sa = cnp('db', '  endpointSelector: { matchLabels: { app: db } }\n  ingress:\n  - fromEndpoints: [{ matchLabels: { io.cilium.k8s.policy.serviceaccount: frontend-sa } }]\n    toPorts: [{ ports: [{ port: "5432", protocol: TCP }] }]\n');
    const r = await check(SHOP + sa, NEVER_FRONTEND_DB);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/TCP 5432 is shown closed.*io\.cilium\.k8s\.policy\.serviceaccount, which the manifests do not give/);
    // ports the rule does not name stay closed for sure
    const other = 'invariants:\n  - name: frontend never reaches db on 22\n    never: { from: { workload: shop/frontend }, to: { workload: shop/db }, ports: [TCP/22] }\n';
    expect((await check(SHOP + sa, other)).code).toBe(0);
  });

  it('a selector on job-name, which the Job controller sets on its pods, is noted and fails a never invariant closed', async () => {
    // kubernetes.io/docs/concepts/workloads/controllers/job/: the controller labels a Job's pods job-name; Cilium keeps it in their identity
    const job = 'apiVersion: batch/v1\nkind: Job\nmetadata: { name: migrate, namespace: shop }\nspec:\n  template:\n    metadata: { labels: { app: migrate } }\n    spec: { restartPolicy: Never, containers: [{ name: c, image: x }] }\n---\n';
    const policy = cnp('db', '  endpointSelector: { matchLabels: { app: db } }\n  ingress:\n  - fromEndpoints: [{ matchLabels: { job-name: migrate } }]\n');
    const r = await check(SHOP + job + policy, 'invariants:\n  - name: migrate never reaches db\n    never: { from: { workload: shop/migrate }, to: { workload: shop/db } }\n');
    expect(r.stderr).toMatch(/reads "job-name", a label that controllers set on their pods.*\[RD007\]/);
    expect(r.code).toBe(1);
  });

  it('mutual authentication may refuse what a rule allows: an always invariant through it fails closed', async () => {
    // docs.cilium.io/en/stable/network/servicemesh/mutual-authentication/mutual-authentication/: traffic is dropped until authentication succeeds
    const auth = cnp('db', '  endpointSelector: { matchLabels: { app: db } }\n  ingress:\n  - fromEndpoints: [{ matchLabels: { app: frontend } }]\n    authentication: { mode: test-always-fail }\n    toPorts: [{ ports: [{ port: "5432", protocol: TCP }] }]\n');
    const always = 'invariants:\n  - name: frontend reaches db\n    always: { from: { workload: shop/frontend }, to: { workload: shop/db }, ports: [TCP/5432] }\n';
    const r = await check(SHOP + auth, always);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/mutual authentication \(test-always-fail\) may refuse its connections/);
  });
});

describe('Calico', () => {
  // docs.tigera.io/calico/latest/reference/resources/globalnetworkpolicy#servicematch: services match the endpoints of a Service
  const tier = 'apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: { name: security }\nspec: { order: 100 }\n---\n';
  const pass = (action: string) =>
    `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: { name: security.fe }\nspec:\n  tier: security\n  order: 10\n  selector: app == 'frontend'\n  types: [Egress]\n  egress:\n  - action: ${action}\n    destination:\n      services: { name: db, namespace: shop }\n  - action: Deny\n---\n`;

  it('a Pass rule with services, taken to match nothing, may hand the path to a tier that allows it: never fails closed', async () => {
    const r = await check(SHOP + tier + pass('Pass'), NEVER_FRONTEND_DB);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/could open it \(GlobalNetworkPolicy security\.fe egress\[0\]: its services are not modelled\)/);
    // where db's own policy closes its ingress, what the Pass hands on cannot get in: the verdict stands
    const dbClosed = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: db, namespace: shop }\nspec: { podSelector: { matchLabels: { app: db } }, policyTypes: [Ingress] }\n---\n';
    expect((await check(SHOP + tier + pass('Pass') + dbClosed, NEVER_FRONTEND_DB)).code).toBe(0);
  });

  it('an Allow rule with services, taken to match every peer, may allow less: always fails closed, never is violated as shown', async () => {
    const always = 'invariants:\n  - name: frontend reaches cache\n    always: { from: { workload: shop/frontend }, to: { workload: shop/cache }, ports: [TCP/6379] }\n';
    const r = await check(SHOP + tier + pass('Allow'), always);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/TCP 6379 is shown open, but policy parts not modelled exactly could close it/);
  });

  it('nets that may hold pod addresses (no --pod-cidr) fail a never invariant closed; with --pod-cidr the path is known', async () => {
    // docs.tigera.io/calico/latest/reference/resources/networkpolicy#entityrule: nets match any address in the CIDRs, pods' too
    const nets = "apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: { name: db, namespace: shop }\nspec:\n  selector: app == 'db'\n  types: [Ingress]\n  ingress:\n  - action: Allow\n    protocol: TCP\n    source: { nets: [10.244.0.0/16] }\n    destination: { ports: [5432] }\n---\n";
    const r = await check(SHOP + nets, NEVER_FRONTEND_DB);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/which pods its source nets hold is not known/);
  });
});

describe('ClusterNetworkPolicy', () => {
  // network-policy-api.sigs.k8s.io/reference/spec/ (ClusterNetworkPolicyEgressPeer.domainNames): the addresses a name resolves to
  const policy = (action: string) =>
    `apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: { name: egress }\nspec:\n  tier: Admin\n  priority: 10\n  subject: { namespaces: { matchLabels: { kubernetes.io/metadata.name: shop } } }\n  egress:\n  - name: saas\n    action: ${action}\n    to: [{ domainNames: [api.saas.example.com] }]\n  - name: no-internet\n    action: Deny\n    to: [{ networks: [0.0.0.0/0] }]\n---\n`;

  it('an Accept rule with domainNames, taken to reach any address, may not reach the one an always invariant names', async () => {
    const always = 'invariants:\n  - name: frontend reaches the gateway\n    always: { from: { workload: shop/frontend }, to: { cidr: 198.51.100.7/32 }, ports: [TCP/443] }\n';
    const r = await check(SHOP + policy('Accept'), always);
    expect(r.code).toBe(1);
    // (the policy may not be applied at all either: domainNames is a field of the experimental channel's CRD alone)
    expect(r.stdout).toMatch(/could close it \(ClusterNetworkPolicy egress saas: .*the addresses behind api\.saas\.example\.com are not known\)/);
  });

  it('a Pass rule with domainNames, taken to match nothing, may pass what the Deny after it blocks: never fails closed', async () => {
    const never = 'invariants:\n  - name: frontend never reaches 203.0.113.10\n    never: { from: { workload: shop/frontend }, to: { cidr: 203.0.113.10/32 } }\n';
    const r = await check(SHOP + policy('Pass'), never);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/is shown closed, but policy parts not modelled exactly could open it/);
  });
});

describe('NetworkPolicy', () => {
  it('a peer selector on pod-template-hash may match any pod of its namespace: never fails closed on the ports it opens', async () => {
    // kubernetes.io/docs/concepts/workloads/controllers/deployment/#pod-template-hash-label: the controller adds it to the pods, not the template
    const np =
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: db, namespace: shop }\nspec:\n  podSelector: { matchLabels: { app: db } }\n  ingress:\n  - from: [{ podSelector: { matchLabels: { pod-template-hash: 5d8f7c9b6 } } }]\n    ports: [{ port: 5432 }]\n---\n';
    const r = await check(SHOP + np, NEVER_FRONTEND_DB);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/TCP 5432 is shown closed.*its podSelector reads pod-template-hash, which controllers set on pods/);
    const other = 'invariants:\n  - name: frontend never reaches db on 22\n    never: { from: { workload: shop/frontend }, to: { workload: shop/db }, ports: [TCP/22] }\n';
    expect((await check(SHOP + np, other)).code).toBe(0);
  });
});

describe("a policy's own selector on a label the manifests do not show", () => {
  const dbClosed = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: db-closed, namespace: shop }\nspec: { podSelector: { matchLabels: { app: db } }, policyTypes: [Ingress] }\n---\n';

  it('a NetworkPolicy on pod-template-hash, which every Deployment pod carries, may open db: never fails closed', async () => {
    // kubernetes.io/docs/concepts/workloads/controllers/deployment/#pod-template-hash-label
    const open = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: rs-open, namespace: shop }\nspec:\n  podSelector: { matchExpressions: [{ key: pod-template-hash, operator: Exists }] }\n  ingress: [{}]\n---\n';
    const r = await check(SHOP + dbClosed + open, NEVER_FRONTEND_DB);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/NetworkPolicy shop\/rs-open: its podSelector reads pod-template-hash, which controllers set on pods, so what it decides here is not known/);
    // without it, db stays closed for sure
    expect((await check(SHOP + dbClosed, NEVER_FRONTEND_DB)).code).toBe(0);
  });

  it('an isolated invariant fails closed where only such a policy isolates the workload, and holds where another surely does', async () => {
    const deny = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: bare, namespace: shop }\nspec:\n  podSelector: { matchExpressions: [{ key: pod-template-hash, operator: DoesNotExist }] }\n  policyTypes: [Ingress]\n---\n';
    const isolated = 'invariants:\n  - name: db isolated\n    isolated: { workloads: { workload: shop/db }, direction: ingress }\n';
    // DoesNotExist matches every pod the manifests show, and no Deployment pod in the cluster
    const r = await check(SHOP + deny, isolated);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/so whether a policy isolates shop\/db\[Deployment\] for ingress is not known/);
    expect((await check(SHOP + deny + dbClosed, isolated)).code).toBe(0);
  });

  it('a Cilium endpointSelector on the service-account label may hold db: never fails closed', async () => {
    const closed = cnp('db-closed', '  endpointSelector: { matchLabels: { app: db } }\n  ingress: [{ fromEndpoints: [{ matchLabels: { app: none } }] }]\n');
    const bySa = cnp('db-by-sa', '  endpointSelector: { matchLabels: { io.cilium.k8s.policy.serviceaccount: db-sa } }\n  ingress: [{ fromEndpoints: [{ matchLabels: { app: frontend } }] }]\n');
    const r = await check(SHOP + closed + bySa, NEVER_FRONTEND_DB);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/CiliumNetworkPolicy shop\/db-by-sa: spec\.endpointSelector reads io\.cilium\.k8s\.policy\.serviceaccount/);
  });
});

describe('between the replicas of one workload', () => {
  it('a peer that may match the workload itself fails an only invariant closed on traffic between its pods', async () => {
    // the only invariant protects db from every source outside its list, db's own other pods included
    const np = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: db, namespace: shop }\nspec:\n  podSelector: { matchLabels: { app: db } }\n  ingress:\n  - from: [{ podSelector: { matchLabels: { app: frontend } } }]\n  - from: [{ podSelector: { matchExpressions: [{ key: pod-template-hash, operator: Exists }] } }]\n    ports: [{ port: 7000 }]\n---\n';
    const only = 'invariants:\n  - name: only frontend reaches db\n    only: { to: { workload: shop/db }, from: [ { workload: shop/frontend } ] }\n';
    const r = await check(SHOP + np, only);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/shop\/db\[Deployment\] => shop\/db\[Deployment\]: between two of its pods, TCP 7000 is shown closed, but policy parts not modelled exactly could open it/);
  });
});

describe('doubts keep to the peers they may match', () => {
  it('peers that never match a pod (a CIDR group, cloud groups, the API server entity) leave invariants between pods alone', async () => {
    // docs.cilium.io/en/stable/security/policy/language/#ip-cidr-based: CIDR rules do not match endpoints Cilium manages
    const rules = cnp(
      'fe',
      '  endpointSelector: { matchLabels: { app: frontend } }\n  egress:\n  - toEndpoints: [{ matchLabels: { app: cache } }]\n  - toCIDRSet: [{ cidrGroupRef: partners }]\n  - toGroups: [{ aws: { securityGroupsIds: [sg-1] } }]\n  - toEntities: [kube-apiserver]\n    toPorts: [{ ports: [{ port: "443", protocol: TCP }] }]\n',
    );
    expect((await check(SHOP + rules, NEVER_FRONTEND_DB)).code).toBe(0);
    // an external address may be one of them
    const external = 'invariants:\n  - name: frontend never reaches 203.0.113.10\n    never: { from: { workload: shop/frontend }, to: { cidr: 203.0.113.10/32 } }\n';
    expect((await check(SHOP + rules, external)).code).toBe(1);
  });

  it('a selector on a controller label doubts only the pods its other requirements and namespace match', async () => {
    const np = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: db, namespace: shop }\nspec:\n  podSelector: { matchLabels: { app: db } }\n  ingress:\n  - from: [{ podSelector: { matchLabels: { app: migrate, job-name: migrate } } }]\n---\n';
    expect((await check(SHOP + np, NEVER_FRONTEND_DB)).code).toBe(0);
    const internet = 'invariants:\n  - name: internet never reaches db\n    never: { from: internet, to: { workload: shop/db } }\n';
    expect((await check(SHOP + np, internet)).code).toBe(0);
  });
});

describe('review: replica doubts follow the doubt', () => {
  it('a toFQDNs rule, which may allow fewer, does not open traffic between the replicas of a workload', async () => {
    const fe = cnp('fe', '  endpointSelector: { matchLabels: { app: frontend } }\n  egress:\n  - toFQDNs: [{ matchName: api.example.com }]\n    toPorts: [{ ports: [{ port: "443", protocol: TCP }] }]\n');
    const closed = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: deny, namespace: shop }\nspec: { podSelector: {}, policyTypes: [Ingress] }\n---\n';
    const only = 'invariants:\n  - name: frontend reaches only db\n    only: { from: { workload: shop/frontend }, to: [ { workload: shop/db }, { cidr: 0.0.0.0/0 } ] }\n';
    expect((await check(SHOP + closed + fe, only)).code).toBe(0);
  });
});

describe('Cilium host policies', () => {
  it('a host policy (nodeSelector) may refuse what a host-network pod is shown to get: always fails closed; pods off the host network keep their verdict', async () => {
    // docs.cilium.io/en/stable/security/policy/host/: host policies apply to the nodes, whose network host-network pods share
    const manifests =
      namespace('monitoring') +
      deployment('monitoring', 'prometheus', { app: 'prometheus' }) +
      'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: { name: node-exporter, namespace: monitoring }\nspec:\n  selector: { matchLabels: { app: node-exporter } }\n  template:\n    metadata: { labels: { app: node-exporter } }\n    spec: { hostNetwork: true, containers: [{ name: c, image: x, ports: [{ containerPort: 9100 }] }] }\n---\n' +
      deployment('monitoring', 'grafana', { app: 'grafana' }, [{ name: 'http', port: 3000 }]);
    const host = 'apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: { name: host-fw }\nspec:\n  nodeSelector: {}\n  ingress:\n  - fromEntities: [remote-node]\n    toPorts: [{ ports: [{ port: "22", protocol: TCP }] }]\n---\n';
    const scrape = 'invariants:\n  - name: prometheus scrapes node-exporter\n    always: { from: { workload: monitoring/prometheus }, to: { workload: monitoring/node-exporter }, ports: [TCP/9100] }\n';
    expect((await check(manifests, scrape)).code).toBe(0);
    const r = await check(manifests + host, scrape);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/CiliumClusterwideNetworkPolicy host-fw: spec\.nodeSelector: a host policy applies to the nodes/);
    const grafana = 'invariants:\n  - name: prometheus reaches grafana\n    always: { from: { workload: monitoring/prometheus }, to: { workload: monitoring/grafana }, ports: [TCP/3000] }\n';
    expect((await check(manifests + host, grafana)).code).toBe(0);
  });
});
