/**
 * Policy kinds behind one seam: objects are recognised by API group and
 * kind, never by kind alone; what governs traffic but is not modelled is
 * reported with file and line and counted in every output, never silently
 * skipped.
 */
import { describe, expect, it } from 'vitest';
import { cli, conn, deployment, load, matrixOf, namespace, policy } from './helpers.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { POLICY_KINDS, recognise } from '../src/policy/registry.js';

const apps = namespace('shop') + deployment('shop', 'web', { app: 'web' }) + deployment('shop', 'db', { app: 'db' });
const WEB = 'shop/web[Deployment]';
const DB = 'shop/db[Deployment]';

/** Calico's NetworkPolicy: same kind name, another API group, a selector language of its own. */
const calicoDeny = `apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: { name: deny-db, namespace: shop }
spec:
  selector: app == 'db'
  ingress: [{ action: Deny }]
---
`;

const antrea = `apiVersion: crd.antrea.io/v1beta1
kind: NetworkPolicy
metadata: { name: drop-web, namespace: shop }
spec:
  appliedTo: [{ podSelector: { matchLabels: { app: db } } }]
  ingress: [{ action: Drop, from: [{ podSelector: { matchLabels: { app: web } } }] }]
---
`;

/** GKE's FQDN egress policy: a policy kind reachdiff does not model. */
const gke = `apiVersion: networking.gke.io/v1alpha3
kind: FQDNNetworkPolicy
metadata: { name: db, namespace: shop }
spec:
  podSelector: { matchLabels: { app: db } }
  egress: [{ matches: [{ name: example.com }] }]
---
`;

const istio = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: { name: deny-all, namespace: shop }
spec: {}
---
`;

describe('recognising policy objects', () => {
  it('a NetworkPolicy of another API group is never read as a Kubernetes NetworkPolicy', () => {
    // Antrea's is not modelled: reported, and left out
    const cluster = load(apps + antrea);
    expect(cluster.policies).toEqual([]);
    expect(cluster.networkPolicies).toEqual([]);
    expect(cluster.notAnalysed).toHaveLength(1);
    // read as a Kubernetes NetworkPolicy, its missing podSelector would isolate every pod of shop
    expect(conn(matrixOf(apps + antrea), WEB, DB)).toBe('All Connections');
    // Calico's is read as Calico's: its selector language, its Deny
    const calico = load(apps + calicoDeny);
    expect(calico.networkPolicies).toEqual([]);
    expect(calico.policies.map((p) => `${p.kind.group}/${p.policy.kind}`)).toEqual(['projectcalico.org/CalicoNetworkPolicy']);
    const m = matrixOf(apps + calicoDeny);
    expect(conn(m, WEB, DB)).toBe('No Connections');
    expect(conn(m, DB, WEB)).toBe('All Connections');
  });

  it("policy.networking.k8s.io's other kinds govern no traffic: a ConformanceReport is not counted as a policy not analysed, a policy kind not modelled is", () => {
    const report = 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: ConformanceReport\nmetadata: { name: ovn-kubernetes }\nimplementation: { project: x }\n---\n';
    const future = 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: NamespacedNetworkPolicy\nmetadata: { name: p, namespace: shop }\nspec: {}\n---\n';
    expect(load(apps + report).notAnalysed).toEqual([]);
    expect(load(apps + future).notAnalysed.map((n) => n.kind)).toEqual(['NamespacedNetworkPolicy']);
  });

  it('a NetworkPolicy of networking.k8s.io/v1 is read', () => {
    const cluster = load(apps + policy('shop', 'deny', { podSelector: {} }));
    expect(cluster.policies.map((p) => `${p.kind.kind}/${p.policy.name}`)).toEqual(['NetworkPolicy/deny']);
  });

  it('every modelled kind is recognised by its group and version, and only those', () => {
    for (const k of POLICY_KINDS) {
      const obj = { kind: k.kind, body: {}, file: 'f', line: 1, lineOf: () => 1 };
      expect(recognise(obj, `${k.group}/${k.versions[0]}`)).toEqual({ kind: 'policy', policyKind: k });
      expect(recognise(obj, `${k.group}/v9`).kind).toBe('notAnalysed');
      expect(recognise(obj, `example.com/${k.versions[0]}`).kind).toBe(k.kind.endsWith('NetworkPolicy') ? 'notAnalysed' : 'other');
    }
  });

  it('a policy kind without apiVersion is an error: kubectl rejects it and its API cannot be told', () => {
    const noVersion = 'kind: NetworkPolicy\nmetadata: { name: p, namespace: shop }\nspec: { podSelector: {} }\n';
    const cluster = load(apps + noVersion);
    expect(cluster.policies).toEqual([]);
    expect(cluster.diagnostics).toContainEqual(expect.objectContaining({ severity: 'error', code: 'RD004', message: expect.stringMatching(/no apiVersion/) }));
  });

  it('a Deployment of another API group is not a workload', () => {
    const other = 'apiVersion: example.com/v1\nkind: Deployment\nmetadata: { name: x, namespace: shop }\nspec: {}\n---\n';
    expect(load(apps + other).workloads.map((w) => w.id)).toEqual([DB, WEB]);
  });

  it('items of a typed list take the list API group', () => {
    const list = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicyList
items:
  - metadata: { name: deny, namespace: shop }
    spec: { podSelector: {} }
`;
    expect(load(apps + list).networkPolicies.map((p) => p.name)).toEqual(['deny']);
  });
});

describe('what is not analysed is reported, never skipped in silence', () => {
  it('each object gets a warning with its file and line, and the cluster counts it', () => {
    const cluster = load({ 'apps.yaml': apps, 'gke.yaml': gke, 'istio.yaml': istio });
    expect(cluster.notAnalysed.map((n) => `${n.kind} ${n.name} ${n.source.file}:${n.source.line}`)).toEqual([
      'FQDNNetworkPolicy shop/db gke.yaml:1',
      'AuthorizationPolicy shop/deny-all istio.yaml:1',
    ]);
    expect(cluster.diagnostics.filter((d) => d.code === 'RD011').map((d) => `${d.file}:${d.line}`)).toEqual(['gke.yaml:1', 'istio.yaml:1']);
  });

  it('a rule part the engine cannot decide counts too (domainNames)', () => {
    const cnp = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: { name: egress }
spec:
  tier: Admin
  priority: 10
  subject: { namespaces: {} }
  egress: [{ action: Accept, to: [{ domainNames: [example.com] }] }]
`;
    const cluster = load(apps + cnp);
    expect(cluster.notAnalysed).toEqual([expect.objectContaining({ kind: 'rule part', name: 'ClusterNetworkPolicy egress' })]);
  });

  it('every command prints a one-line count on stderr', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reachdiff-kinds-'));
    writeFileSync(join(dir, 'apps.yaml'), apps + gke + gke.replace('name: db', 'name: db2') + istio);
    const line = /reachdiff: 2 FQDNNetworkPolicies and 1 AuthorizationPolicy were not analysed; the paths shown may not be those of the cluster/;
    for (const command of ['list', 'lint']) expect((await cli([command, dir])).stderr).toMatch(line);
    const config = join(dir, 'config.yml');
    writeFileSync(config, 'invariants:\n  - name: web never reaches db\n    never: { from: { labels: { app: web } }, to: { labels: { app: db } } }\n');
    expect((await cli(['check', dir, '--config', config])).stderr).toMatch(line);
  });

  it('a diff says so in every format even when no path changed', async () => {
    const base = mkdtempSync(join(tmpdir(), 'reachdiff-kinds-base-'));
    const head = mkdtempSync(join(tmpdir(), 'reachdiff-kinds-head-'));
    writeFileSync(join(base, 'apps.yaml'), apps);
    writeFileSync(join(head, 'apps.yaml'), apps + gke);
    const txt = await cli(['diff', base, head]);
    expect(txt.stderr).toMatch(/reachdiff: head: 1 FQDNNetworkPolicy was not analysed/);
    const json = JSON.parse((await cli(['diff', base, head, '--format', 'json'])).stdout) as { summary: { opened: number }; head: { notAnalysed: unknown[] }; base: { notAnalysed: unknown[] } };
    expect(json.summary.opened).toBe(0);
    expect(json.base.notAnalysed).toEqual([]);
    expect(json.head.notAnalysed).toEqual([expect.objectContaining({ kind: 'FQDNNetworkPolicy', name: 'shop/db', file: expect.stringMatching(/apps\.yaml$/), line: 37 })]);
    const md = (await cli(['diff', base, head, '--format', 'md'])).stdout;
    expect(md).toMatch(/> ⚠️ At head, 1 FQDNNetworkPolicy was not analysed; the paths shown may not be those of the cluster\./);
    expect(md).toMatch(/> - FQDNNetworkPolicy shop\/db \(.*apps\.yaml:37\): GKE policies are not modelled/);
  });
});

describe('workloads', () => {
  it('a static pod mirrored by its Node is a Pod of its own, not the node', () => {
    const mirror = `apiVersion: v1
kind: Pod
metadata:
  name: etcd-node1
  namespace: kube-system
  labels: { component: etcd }
  ownerReferences: [{ apiVersion: v1, kind: Node, name: node1, uid: u, controller: true }]
spec: { containers: [{ name: etcd, image: x }] }
`;
    expect(load(mirror).workloads.map((w) => w.id)).toEqual(['kube-system/etcd-node1[Pod]']);
  });
});
