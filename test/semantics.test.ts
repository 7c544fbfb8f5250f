/**
 * One test per rule of the semantics (SEMANTICS.md), named by the rule:
 * the model, the both-ends rule, NetworkPolicy details, and the tiers of
 * AdminNetworkPolicy and BaselineAdminNetworkPolicy.
 */
import { describe, expect, it } from 'vitest';
import { conn, deployment, listLines, load, matrixOf, namespace, policy } from './helpers.js';

const ALL = 'All Connections';
const NONE = 'No Connections';

const twoApps = (ns = 'shop') => namespace(ns) + deployment(ns, 'a', { app: 'a' }) + deployment(ns, 'b', { app: 'b' }, [{ name: 'http', port: 8080 }, { name: 'dns', port: 53, protocol: 'UDP' }]);
const A = 'shop/a[Deployment]';
const B = 'shop/b[Deployment]';

function pod(ns: string, name: string, labels: Record<string, string>, extra = ''): string {
  return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${ns}
  labels: ${JSON.stringify(labels)}
${extra}spec:
  containers: [{ name: c, image: x }]
---
`;
}

function anp(name: string, priority: number, subject: unknown, ingress: unknown[] = [], egress: unknown[] = []): string {
  return `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata:
  name: ${name}
spec: ${JSON.stringify({ priority, subject, ...(ingress.length ? { ingress } : {}), ...(egress.length ? { egress } : {}) })}
---
`;
}

function banp(subject: unknown, ingress: unknown[] = [], egress: unknown[] = [], name = 'default'): string {
  return `apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata:
  name: ${name}
spec: ${JSON.stringify({ subject, ...(ingress.length ? { ingress } : {}), ...(egress.length ? { egress } : {}) })}
---
`;
}

const shopSubject = { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } };
const fromShop = [{ namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } } }];

describe('the model', () => {
  it('namespaces carry the implicit kubernetes.io/metadata.name label', () => {
    const m = matrixOf(twoApps() + namespace('ops') + deployment('ops', 'o', { app: 'o' }) + policy('shop', 'p', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ops' } } }] }] }));
    expect(conn(m, 'ops/o[Deployment]', A)).toBe(ALL);
    expect(conn(m, B, A)).toBe(NONE);
  });

  it('a namespace referenced but not declared exists with only its name label', () => {
    const m = matrixOf(deployment('ghost', 'g', { app: 'g' }) + twoApps() + policy('shop', 'p', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ghost' } } }] }] }));
    expect(conn(m, 'ghost/g[Deployment]', A)).toBe(ALL);
  });

  it('a workload stands for its pods: pod-template labels select it', () => {
    const m = matrixOf(twoApps() + policy('shop', 'p', { podSelector: { matchLabels: { app: 'b' } }, ingress: [] }));
    expect(conn(m, A, B)).toBe(NONE);
    expect(conn(m, B, A)).toBe(ALL);
  });

  it('a Pod with a controller ownerReference stands for its owner', () => {
    const owned = pod('shop', 'web-abc12', { app: 'web' }, '  ownerReferences: [{ apiVersion: apps/v1, kind: ReplicaSet, name: web-abc, controller: true, uid: u }]\n');
    const lines = listLines(matrixOf(namespace('shop') + owned + pod('shop', 'solo', { app: 'solo' })));
    expect(lines).toContain('shop/web-abc[ReplicaSet] => shop/solo[Pod] : All Connections');
  });

  it('a workload written twice is the one applied last, as the cluster keeps it (RD006 says so); pods of one owner still add up', () => {
    const isolated = policy('shop', 'internal-only', { podSelector: { matchLabels: { tier: 'internal' } }, ingress: [] });
    const first = deployment('shop', 'api', { app: 'api', tier: 'public' });
    const last = deployment('shop', 'api', { app: 'api', tier: 'internal' });
    const m = matrixOf(namespace('shop') + deployment('shop', 'web', { app: 'web' }) + first + last + isolated);
    expect(conn(m, 'shop/web[Deployment]', 'shop/api[Deployment]')).toBe(NONE);
    expect(m.diagnostics.filter((d) => d.code === 'RD006').map((d) => d.message)).toEqual([expect.stringMatching(/^shop\/api\[Deployment\] is declared more than once \(also at .*:\d+\); the last one is used$/)]);
    // the other way round, the public one is kept
    expect(conn(matrixOf(namespace('shop') + deployment('shop', 'web', { app: 'web' }) + last + first + isolated), 'shop/web[Deployment]', 'shop/api[Deployment]')).toBe(ALL);
    // two pods of one ReplicaSet are one workload with both pods
    const owner = (name: string, labels: Record<string, string>) =>
      pod('shop', name, labels, '  ownerReferences: [{ apiVersion: apps/v1, kind: ReplicaSet, name: api-abc, controller: true, uid: u }]\n');
    const both = load(namespace('shop') + owner('api-abc-1', { app: 'api', tier: 'public' }) + owner('api-abc-2', { app: 'api', tier: 'internal' }));
    expect(both.workloads.map((w) => [w.id, w.pods.length])).toEqual([['shop/api-abc[ReplicaSet]', 2]]);
  });

  it('in a kubectl get -o yaml dump, ReplicaSets and Jobs whose Deployment or CronJob is there are part of it; one scaled to 0 or done has no pods', () => {
    const owned = (kind: string, name: string) => `  ownerReferences: [{ apiVersion: ${kind === 'Deployment' ? 'apps/v1' : kind === 'CronJob' ? 'batch/v1' : 'apps/v1'}, kind: ${kind}, name: ${name}, controller: true, uid: u }]\n`;
    const rs = (name: string, labels: Record<string, string>, replicas: number) =>
      `apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: ${name}\n  namespace: shop\n${owned('Deployment', 'api')}spec:\n  replicas: ${replicas}\n  selector: { matchLabels: ${JSON.stringify(labels)} }\n  template:\n    metadata: { labels: ${JSON.stringify(labels)} }\n    spec: { containers: [ { name: c, image: c } ] }\nstatus: { replicas: ${replicas} }\n---\n`;
    const cron = 'apiVersion: batch/v1\nkind: CronJob\nmetadata: { name: backup, namespace: shop }\nspec:\n  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        metadata: { labels: { app: backup } }\n        spec: { containers: [ { name: c, image: c } ], restartPolicy: Never }\n---\n';
    const job = (name: string, active: number) =>
      `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ${name}\n  namespace: shop\n${owned('CronJob', 'backup')}spec:\n  template:\n    metadata: { labels: { app: backup, job-name: ${name} } }\n    spec: { containers: [ { name: c, image: c } ], restartPolicy: Never }\nstatus: { active: ${active} }\n---\n`;
    const dump =
      namespace('shop') +
      deployment('shop', 'api', { app: 'api' }) +
      rs('api-7d9f', { app: 'api', 'pod-template-hash': '7d9f' }, 2) +
      rs('api-5c4b', { app: 'api', version: 'old', 'pod-template-hash': '5c4b' }, 0) +
      pod('shop', 'api-7d9f-x1', { app: 'api', 'pod-template-hash': '7d9f' }, owned('ReplicaSet', 'api-7d9f')) +
      cron +
      job('backup-1', 0) +
      job('backup-2', 1) +
      pod('shop', 'backup-1-z', { app: 'backup', 'job-name': 'backup-1' }, owned('Job', 'backup-1'));
    const c = load(dump);
    expect(c.workloads.map((w) => [w.id, w.pods.map((p) => Object.keys(p.labels).sort().join(',')).sort()])).toEqual([
      ['shop/api[Deployment]', ['app', 'app,pod-template-hash']],
      // the done Job's template is not a pod; a pod it left behind (in the dump) still is
      ['shop/backup[CronJob]', ['app', 'app,job-name', 'app,job-name']],
    ]);
    // the old ReplicaSet's labels (version=old) are on no pod: a rule for them admits nothing
    const old = policy('shop', 'old-only', { podSelector: { matchLabels: { app: 'api' } }, egress: [{ to: [{ podSelector: { matchLabels: { version: 'old' } } }] }], policyTypes: ['Egress'] });
    expect(listLines(matrixOf(dump + old)).filter((l) => l.startsWith('shop/api[Deployment] => shop/api'))).toEqual([]);
    // pods whose ReplicaSet the dump does not hold stand for the Deployment its name and their pod-template-hash give
    const pods = pod('shop', 'api-7d9f-x1', { app: 'api', 'pod-template-hash': '7d9f' }, owned('ReplicaSet', 'api-7d9f'));
    expect(load(namespace('shop') + deployment('shop', 'api', { app: 'api' }) + pods).workloads.map((w) => [w.id, w.pods.length])).toEqual([['shop/api[Deployment]', 2]]);
    expect(load(namespace('shop') + pods).workloads.map((w) => w.id)).toEqual(['shop/api-7d9f[ReplicaSet]']);
    const otherHash = pod('shop', 'api-7d9f-x1', { app: 'api', 'pod-template-hash': 'zzzz' }, owned('ReplicaSet', 'api-7d9f'));
    expect(load(namespace('shop') + deployment('shop', 'api', { app: 'api' }) + otherHash).workloads.map((w) => w.id)).toEqual(['shop/api-7d9f[ReplicaSet]', 'shop/api[Deployment]']);
    // without its Deployment, a ReplicaSet is a workload of its own, as before
    expect(load(namespace('shop') + rs('api-7d9f', { app: 'api' }, 2)).workloads.map((w) => w.id)).toEqual(['shop/api-7d9f[ReplicaSet]']);
  });

  it('an object without a namespace lives in default (configurable)', () => {
    const noNs = 'apiVersion: v1\nkind: Pod\nmetadata: { name: p, labels: { app: p } }\nspec: { containers: [{ name: c, image: x }] }\n---\n';
    expect(load(noNs).workloads.map((w) => w.id)).toEqual(['default/p[Pod]']);
    expect(load(noNs, { defaultNamespace: 'dev' }).workloads.map((w) => w.id)).toEqual(['dev/p[Pod]']);
  });

  it('every cidr and except boundary cuts the external address space into disjoint ranges', () => {
    const m = matrixOf(twoApps() + policy('shop', 'p', { podSelector: { matchLabels: { app: 'a' } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }] }] }));
    expect(conn(m, A, '10.0.0.0-10.0.255.255')).toBe(ALL);
    expect(conn(m, A, '10.1.0.0-10.1.255.255')).toBe(NONE);
    expect(conn(m, A, '10.2.0.0-10.255.255.255')).toBe(ALL);
    expect(conn(m, A, '11.0.0.0-255.255.255.255')).toBe(NONE);
  });

  it('ipBlocks never match workloads', () => {
    const m = matrixOf(twoApps() + policy('shop', 'p', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ from: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] }));
    expect(conn(m, A, B)).toBe(NONE);
    expect(conn(m, '0.0.0.0-255.255.255.255', B)).toBe(ALL);
  });

  it('an IPv6 ipBlock admits its IPv6 range and no workload; IPv4 addresses stay outside it', () => {
    const m = matrixOf(twoApps() + policy('shop', 'p', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: 'fd00::/8' } }] }] }));
    expect(m.diagnostics).toEqual([]);
    expect(conn(m, A, B)).toBe(NONE);
    expect(conn(m, 'fd00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', B)).toBe(ALL);
    expect(conn(m, '0.0.0.0-255.255.255.255', B)).toBe(NONE);
  });

  it('hostNetwork pods are reported and excluded from selection (by default)', () => {
    const host = 'apiVersion: v1\nkind: Pod\nmetadata: { name: h, namespace: shop, labels: { app: h } }\nspec: { hostNetwork: true, containers: [{ name: c, image: x }] }\n---\n';
    const text = twoApps() + host + policy('shop', 'deny', { podSelector: {}, ingress: [] });
    const m = matrixOf(text);
    expect(m.diagnostics.some((d) => d.code === 'RD008')).toBe(true);
    expect(conn(m, A, 'shop/h[Pod]')).toBe(ALL);
    expect(conn(matrixOf(text, { hostNetwork: 'include' }), A, 'shop/h[Pod]')).toBe(NONE);
  });

  it('a workload talking to itself is always allowed and never listed', () => {
    const m = matrixOf(twoApps() + policy('shop', 'deny', { podSelector: {}, ingress: [], policyTypes: ['Ingress', 'Egress'] }));
    expect(listLines(m).filter((l) => l.startsWith(`${A} => ${A}`))).toEqual([]);
    expect(listLines(m)).toEqual([]);
  });
});

describe('a connection is allowed iff both ends allow it', () => {
  it('egress of the source AND ingress of the destination', () => {
    const egressOnly80 = policy('shop', 'e', { podSelector: { matchLabels: { app: 'a' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 80 }, { port: 443 }] }] });
    const ingressOnly443 = policy('shop', 'i', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ ports: [{ port: 443 }, { port: 8443 }] }] });
    expect(conn(matrixOf(twoApps() + egressOnly80 + ingressOnly443), A, B)).toBe('TCP 443');
  });

  it('rules of the isolating policies are a union: nothing subtracts', () => {
    const p1 = policy('shop', 'p1', { podSelector: {}, ingress: [{ ports: [{ port: 80 }] }] });
    const p2 = policy('shop', 'p2', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ ports: [{ port: 443 }] }] });
    expect(conn(matrixOf(twoApps() + p1 + p2), A, B)).toBe('TCP 80,443');
  });
});

describe('NetworkPolicy details', () => {
  it('policyTypes omitted: Ingress, plus Egress iff spec.egress is non-empty', () => {
    const withEgress = policy('shop', 'p', { podSelector: { matchLabels: { app: 'a' } }, egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] });
    const m = matrixOf(twoApps() + withEgress);
    expect(conn(m, A, B)).toBe('UDP 53');
    expect(conn(m, B, A)).toBe(NONE);
    const emptyEgress = policy('shop', 'p', { podSelector: { matchLabels: { app: 'a' } }, ingress: [{}], egress: [] });
    expect(conn(matrixOf(twoApps() + emptyEgress), A, B)).toBe(ALL);
  });

  it('explicit policyTypes are never changed; rules of an unlisted direction are ignored', () => {
    const p = policy('shop', 'p', { podSelector: { matchLabels: { app: 'b' } }, policyTypes: ['Egress'], ingress: [{ ports: [{ port: 80 }] }] });
    const m = matrixOf(twoApps() + p);
    expect(conn(m, A, B)).toBe(ALL);
    expect(conn(m, B, A)).toBe(NONE);
  });

  it('spec.podSelector {}, null or missing selects every pod of the namespace', () => {
    for (const podSelector of [{}, null, undefined]) {
      const m = matrixOf(twoApps() + policy('shop', 'p', { ...(podSelector === undefined ? {} : { podSelector }), ingress: [] }));
      expect(conn(m, A, B)).toBe(NONE);
      expect(conn(m, B, A)).toBe(NONE);
    }
  });

  it('ingress missing or [] with Ingress isolation allows nothing; a rule {} allows everything, external included', () => {
    expect(conn(matrixOf(twoApps() + policy('shop', 'p', { podSelector: {}, policyTypes: ['Ingress'] })), A, B)).toBe(NONE);
    const m = matrixOf(twoApps() + policy('shop', 'p', { podSelector: {}, ingress: [{}] }));
    expect(conn(m, A, B)).toBe(ALL);
    expect(conn(m, '0.0.0.0-255.255.255.255', B)).toBe(ALL);
  });

  it('a rule with from missing or empty matches all peers; ports missing or empty match all ports', () => {
    const m = matrixOf(twoApps() + policy('shop', 'p', { podSelector: {}, ingress: [{ from: [], ports: [] }] }));
    expect(conn(m, A, B)).toBe(ALL);
    expect(conn(m, '0.0.0.0-255.255.255.255', A)).toBe(ALL);
  });

  it('a podSelector peer alone selects pods of the policy namespace only', () => {
    const text = twoApps() + namespace('ops') + deployment('ops', 'a', { app: 'a' }) + policy('shop', 'p', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'a' } } }] }] });
    const m = matrixOf(text);
    expect(conn(m, A, B)).toBe(ALL);
    expect(conn(m, 'ops/a[Deployment]', B)).toBe(NONE);
  });

  it('a namespaceSelector peer alone selects all pods of the matching namespaces; {} is every namespace but not external IPs', () => {
    const text = twoApps() + namespace('ops', { team: 'ops' }) + deployment('ops', 'o', { app: 'o' });
    const m = matrixOf(text + policy('shop', 'p', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'ops' } } }] }] }));
    expect(conn(m, 'ops/o[Deployment]', B)).toBe(ALL);
    expect(conn(m, A, B)).toBe(NONE);
    const all = matrixOf(text + policy('shop', 'p', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ from: [{ namespaceSelector: {} }] }] }));
    expect(conn(all, 'ops/o[Deployment]', B)).toBe(ALL);
    expect(conn(all, A, B)).toBe(ALL);
    expect(conn(all, '0.0.0.0-255.255.255.255', B)).toBe(NONE);
  });

  it('namespaceSelector and podSelector in ONE element are ANDed; in separate elements ORed', () => {
    const text = twoApps() + namespace('ops', { team: 'ops' }) + deployment('ops', 'a', { app: 'a' }) + deployment('ops', 'x', { app: 'x' });
    const and = matrixOf(text + policy('shop', 'p', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'ops' } }, podSelector: { matchLabels: { app: 'a' } } }] }] }));
    expect(conn(and, 'ops/a[Deployment]', B)).toBe(ALL);
    expect(conn(and, 'ops/x[Deployment]', B)).toBe(NONE);
    expect(conn(and, A, B)).toBe(NONE);
    const or = matrixOf(text + policy('shop', 'p', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'ops' } } }, { podSelector: { matchLabels: { app: 'a' } } }] }] }));
    expect(conn(or, 'ops/x[Deployment]', B)).toBe(ALL);
    expect(conn(or, A, B)).toBe(ALL);
  });

  it('ipBlock except holes only affect that peer', () => {
    const m = matrixOf(twoApps() + policy('shop', 'p', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }, { ipBlock: { cidr: '10.1.2.0/24' } }] }] }));
    expect(conn(m, '10.1.2.0-10.1.2.255', B)).toBe(ALL);
    expect(conn(m, '10.1.0.0-10.1.1.255', B)).toBe(NONE);
  });

  it('a peer {} or an ipBlock combined with a selector is an error for that policy, never a guess', () => {
    const bad = policy('shop', 'bad', { podSelector: {}, ingress: [{ from: [{}] }] }) + policy('shop', 'bad2', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }] }] });
    const m = matrixOf(twoApps() + bad);
    expect(m.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['RD004', 'RD004']);
    expect(conn(m, A, B)).toBe(ALL);
  });

  it('label selectors: matchLabels and matchExpressions are all ANDed', () => {
    const text = namespace('shop') + deployment('shop', 'a', { app: 'a', tier: 'web' }) + deployment('shop', 'c', { app: 'a', tier: 'db' }) + deployment('shop', 'b', { app: 'b' });
    const m = matrixOf(text + policy('shop', 'p', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'a' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] } }] }] }));
    expect(conn(m, A, B)).toBe(ALL);
    expect(conn(m, 'shop/c[Deployment]', B)).toBe(NONE);
  });

  it('In, NotIn, Exists, DoesNotExist; NotIn and DoesNotExist match an object that lacks the key', () => {
    const text = namespace('shop') + deployment('shop', 'web', { app: 'web', tier: 'front' }) + deployment('shop', 'plain', { app: 'plain' }) + deployment('shop', 'b', { app: 'b' });
    const from = (expr: Record<string, unknown>) => matrixOf(text + policy('shop', 'p', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ from: [{ podSelector: { matchExpressions: [expr] } }] }] }));
    const allowed = (expr: Record<string, unknown>) => ['web', 'plain'].filter((w) => conn(from(expr), `shop/${w}[Deployment]`, 'shop/b[Deployment]') === ALL);
    expect(allowed({ key: 'tier', operator: 'In', values: ['front'] })).toEqual(['web']);
    expect(allowed({ key: 'tier', operator: 'NotIn', values: ['front'] })).toEqual(['plain']);
    expect(allowed({ key: 'tier', operator: 'Exists' })).toEqual(['web']);
    expect(allowed({ key: 'tier', operator: 'DoesNotExist' })).toEqual(['plain']);
  });

  it('ports: protocol defaults to TCP; a protocol without a port is all its ports', () => {
    const m = matrixOf(twoApps() + policy('shop', 'p', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ ports: [{ port: 80 }, { protocol: 'UDP' }] }] }));
    expect(conn(m, A, B)).toBe('TCP 80,UDP 1-65535');
  });

  it('endPort makes an inclusive range, valid only with a numeric port', () => {
    const m = matrixOf(twoApps() + policy('shop', 'p', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ ports: [{ port: 8000, endPort: 8080 }] }] }));
    expect(conn(m, A, B)).toBe('TCP 8000-8080');
    const bad = matrixOf(twoApps() + policy('shop', 'p', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ ports: [{ port: 'http', endPort: 8080 }] }] }));
    expect(bad.diagnostics.some((d) => d.code === 'RD004' && /endPort/.test(d.message))).toBe(true);
  });

  it('a named port resolves on the destination, in egress rules too, where name and protocol both match', () => {
    const ing = matrixOf(twoApps() + policy('shop', 'p', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ ports: [{ port: 'http' }, { port: 'dns', protocol: 'UDP' }, { port: 'dns' }] }] }));
    expect(conn(ing, A, B)).toBe('TCP 8080,UDP 53');
    const eg = matrixOf(twoApps() + policy('shop', 'p', { podSelector: { matchLabels: { app: 'a' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'http' }] }] }));
    expect(conn(eg, A, B)).toBe('TCP 8080');
  });

  it('a named port the destination does not declare matches nothing there, and never an external destination', () => {
    const m = matrixOf(twoApps() + policy('shop', 'p', { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 'http' }] }] }));
    expect(conn(m, B, A)).toBe(NONE);
    expect(conn(m, A, '0.0.0.0-255.255.255.255')).toBe(NONE);
  });

  it('a numeric port matches whether or not a container declares it', () => {
    const m = matrixOf(twoApps() + policy('shop', 'p', { podSelector: {}, ingress: [{ ports: [{ port: 9999 }] }] }));
    expect(conn(m, B, A)).toBe('TCP 9999');
  });

  it('CIDRs with host bits set are normalized; 0.0.0.0/0 covers IPv4 only', () => {
    const m = matrixOf(twoApps() + policy('shop', 'p', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ from: [{ ipBlock: { cidr: '10.1.2.3/16' } }] }] }));
    expect(conn(m, '10.1.0.0-10.1.255.255', B)).toBe(ALL);
  });
});

describe('AdminNetworkPolicy and BaselineAdminNetworkPolicy', () => {
  it('ANPs apply in ascending priority: the lower number decides first', () => {
    const text = twoApps() + anp('deny', 20, shopSubject, [{ action: 'Deny', from: fromShop }]) + anp('allow', 10, shopSubject, [{ action: 'Allow', from: fromShop, ports: [{ portNumber: { protocol: 'TCP', port: 80 } }] }]);
    expect(conn(matrixOf(text), A, B)).toBe('TCP 80');
  });

  it('inside one ANP the first matching rule in list order decides', () => {
    const text = twoApps() + anp('p', 10, shopSubject, [{ action: 'Allow', from: fromShop, ports: [{ portNumber: { protocol: 'TCP', port: 80 } }] }, { action: 'Deny', from: fromShop }]);
    expect(conn(matrixOf(text), A, B)).toBe('TCP 80');
    const reversed = twoApps() + anp('p', 10, shopSubject, [{ action: 'Deny', from: fromShop }, { action: 'Allow', from: fromShop }]);
    expect(conn(matrixOf(reversed), A, B)).toBe(NONE);
  });

  it('Allow and Deny are final: a NetworkPolicy cannot override them', () => {
    const text = twoApps() + anp('allow', 10, shopSubject, [{ action: 'Allow', from: fromShop }]) + policy('shop', 'deny', { podSelector: {}, ingress: [] });
    expect(conn(matrixOf(text), A, B)).toBe(ALL);
    const deny = twoApps() + anp('deny', 10, shopSubject, [{ action: 'Deny', from: fromShop }]) + policy('shop', 'allow', { podSelector: {}, ingress: [{}] });
    expect(conn(matrixOf(deny), A, B)).toBe(NONE);
  });

  it('Pass skips the remaining ANP rules and goes on to NetworkPolicy', () => {
    const text = twoApps() + anp('pass', 10, shopSubject, [{ action: 'Pass', from: fromShop, ports: [{ portNumber: { protocol: 'TCP', port: 80 } }] }, { action: 'Deny', from: fromShop }]) + anp('later', 20, shopSubject, [{ action: 'Deny', from: fromShop }]);
    // TCP 80 passes to NetworkPolicy (none: allowed); the rest is denied by the second rule
    expect(conn(matrixOf(text), A, B)).toBe('TCP 80');
  });

  it('ANP subjects are not implicitly isolated', () => {
    const text = twoApps() + anp('p', 10, shopSubject, [{ action: 'Deny', from: [{ namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'elsewhere' } } }] }]);
    expect(conn(matrixOf(text), A, B)).toBe(ALL);
  });

  it('two ANPs of the same priority that both match are reported as ambiguous', () => {
    const text = twoApps() + anp('one', 10, shopSubject, [{ action: 'Allow', from: fromShop }]) + anp('two', 10, shopSubject, [{ action: 'Deny', from: fromShop }]);
    const m = matrixOf(text);
    expect(m.diagnostics.some((d) => d.severity === 'warning' && /one/.test(d.message) && /two/.test(d.message))).toBe(true);
  });

  it('networks 0.0.0.0/0 matches every workload; other CIDRs match workloads only inside the configured pod network', () => {
    const egress = (cidr: string) => twoApps() + anp('p', 10, shopSubject, [], [{ action: 'Deny', to: [{ networks: [cidr] }] }]);
    expect(conn(matrixOf(egress('0.0.0.0/0')), A, B)).toBe(NONE);
    expect(conn(matrixOf(egress('10.0.0.0/8')), A, B)).toBe(ALL);
    expect(conn(matrixOf(egress('10.0.0.0/8'), { podCIDRs: ['10.244.0.0/16'] }), A, B)).toBe(NONE);
    expect(conn(matrixOf(egress('10.0.0.0/8')), A, '10.0.0.0-10.255.255.255')).toBe(NONE);
  });

  it('a peer with no field set fails closed: Allow matches nothing, Deny and Pass match everything', () => {
    const allow = twoApps() + anp('p', 10, shopSubject, [{ action: 'Allow', from: [{}] }]) + policy('shop', 'deny', { podSelector: {}, ingress: [] });
    expect(conn(matrixOf(allow), A, B)).toBe(NONE);
    const deny = twoApps() + anp('p', 10, shopSubject, [{ action: 'Deny', from: [{}] }]);
    expect(conn(matrixOf(deny), A, B)).toBe(NONE);
  });

  it('NetworkPolicy isolation decides for selected workloads and the BANP is then skipped', () => {
    const text = twoApps() + policy('shop', 'allow', { podSelector: {}, ingress: [{ ports: [{ port: 80 }] }] }) + banp(shopSubject, [{ action: 'Deny', from: fromShop }]);
    expect(conn(matrixOf(text), A, B)).toBe('TCP 80');
  });

  it('otherwise the BANP decides, first matching rule; otherwise allowed', () => {
    const text = twoApps() + banp(shopSubject, [{ action: 'Allow', from: fromShop, ports: [{ portNumber: { protocol: 'TCP', port: 80 } }] }, { action: 'Deny', from: fromShop }]);
    expect(conn(matrixOf(text), A, B)).toBe('TCP 80');
    expect(conn(matrixOf(twoApps() + banp({ namespaces: { matchLabels: { x: 'y' } } }, [{ action: 'Deny', from: fromShop }])), A, B)).toBe(ALL);
  });

  it('ports: portNumber, portRange and namedPort', () => {
    const text = twoApps() + anp('p', 10, shopSubject, [{ action: 'Allow', from: fromShop, ports: [{ portNumber: { protocol: 'UDP', port: 53 } }, { portRange: { protocol: 'TCP', start: 9000, end: 9100 } }, { namedPort: 'http' }] }, { action: 'Deny', from: fromShop }]);
    expect(conn(matrixOf(text), A, B)).toBe('TCP 8080,9000-9100,UDP 53');
  });

  it('validation: priority out of 0-1000, a BANP not named default, Pass in a BANP are errors with file and line', () => {
    const text = twoApps() + anp('high', 1001, shopSubject, [{ action: 'Deny', from: fromShop }]) + banp(shopSubject, [{ action: 'Deny', from: fromShop }], [], 'other') + banp(shopSubject, [{ action: 'Pass', from: fromShop }]);
    const m = matrixOf(text);
    const errors = m.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.length).toBe(3);
    expect(errors.every((d) => d.file === 'test.yaml' && d.line > 0)).toBe(true);
    expect(conn(m, A, B)).toBe(ALL);
  });

  it('nodes peers are reported as unsupported', () => {
    const text = twoApps() + anp('p', 10, shopSubject, [], [{ action: 'Deny', to: [{ nodes: { matchLabels: {} } }] }]);
    expect(matrixOf(text).diagnostics.some((d) => /nodes/.test(d.message))).toBe(true);
  });
});
