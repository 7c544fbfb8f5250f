/**
 * A setting read from the manifests that decides what every policy
 * compiles to (a flag of Cilium's agent in cilium-config, the network
 * plugin the manifests show) changes pairs whose policies did not change:
 * the diff compares every pair where one differs, explains the pairs by it,
 * and files the warnings it causes as introduced, not as present at base.
 */
import { describe, expect, it } from 'vitest';
import { affectedEnds, clusterChange } from '../src/change/affected.js';
import { cli, deployment, load, matrixOf, namespace, tree } from './helpers.js';

/** frontend, api (8080) and db (5432) in namespace shop. */
const APPS = namespace('shop') + deployment('shop', 'frontend', { app: 'frontend' }) + deployment('shop', 'api', { app: 'api' }, [{ port: 8080 }]) + deployment('shop', 'db', { app: 'db' }, [{ port: 5432 }]);

/** cilium-config in kube-system with these settings. */
function ciliumConfig(data: Record<string, string>): string {
  return `apiVersion: v1
kind: ConfigMap
metadata: {name: cilium-config, namespace: kube-system}
data: ${JSON.stringify(data)}
---
`;
}

interface JsonChange {
  readonly type: string;
  readonly src: string;
  readonly dst: string;
  readonly base: string;
  readonly head: string;
  readonly explanation?: { readonly causes: ReadonlyArray<{ readonly message: string }> };
}

const causes = (c: JsonChange) => (c.explanation?.causes ?? []).map((x) => x.message);

interface JsonDiff {
  readonly changes: readonly JsonChange[];
  readonly warnings: { readonly introduced: ReadonlyArray<{ code: string; object?: string }>; readonly existing: ReadonlyArray<{ code: string; object?: string }> };
}

/** `diff --format json --explain` of two states, each one directory of files. */
async function diff(base: Record<string, string>, head: Record<string, string>): Promise<JsonDiff> {
  const root = tree(Object.fromEntries([...Object.entries(base).map(([p, t]) => [`base/${p}`, t]), ...Object.entries(head).map(([p, t]) => [`head/${p}`, t])]));
  const r = await cli(['diff', 'base', 'head', '--format', 'json', '--explain', '--fail-on', 'never'], root);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as JsonDiff;
}

const lines = (d: JsonDiff) => d.changes.map((c) => `${c.type} ${c.src} -> ${c.dst}: ${c.base} -> ${c.head}`).sort();

describe('a change of Cilium agent flags', () => {
  // with enable-non-default-deny-policies off, the agent's Rule.Sanitize sets enableDefaultDeny true whatever the
  // policy says (cilium/cilium pkg/policy/api/rule_validation.go; docs.cilium.io/en/stable/security/policy/intro/)
  const extra = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: db-extra, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: db}}
  enableDefaultDeny: {ingress: false, egress: false}
  ingress:
  - fromEndpoints: [{matchLabels: {app: api}}]
    toPorts: [{ports: [{port: "5432", protocol: TCP}]}]
---
`;

  it('enable-non-default-deny-policies turned off closes the paths the default deny closes, and says why', async () => {
    const d = await diff({ 'app.yaml': APPS + extra, 'cilium-config.yaml': ciliumConfig({ 'enable-non-default-deny-policies': 'true' }) }, { 'app.yaml': APPS + extra, 'cilium-config.yaml': ciliumConfig({ 'enable-non-default-deny-policies': 'false' }) });
    expect(lines(d)).toEqual([
      'changed shop/api[Deployment] -> shop/db[Deployment]: All Connections -> TCP 5432',
      'removed 0.0.0.0-255.255.255.255[External] -> shop/db[Deployment]: All Connections -> No Connections',
      'removed shop/frontend[Deployment] -> shop/db[Deployment]: All Connections -> No Connections',
    ]);
    for (const c of d.changes) {
      const said = causes(c);
      expect(said.some((m) => m.startsWith("Cilium's agent flag enable-non-default-deny-policies: on at base, off at head") && m.includes('cilium-config.yaml:1'))).toBe(true);
      // the policy selects what it selected: the flag, not the policy, isolates db now
      expect(said.some((m) => m.includes('now selects'))).toBe(false);
    }
    // base lints no RD109 (db is not isolated there): those of head are the change's
    expect(d.warnings.introduced.filter((w) => w.code === 'RD109').map((w) => w.object).sort()).toEqual(['shop/api', 'shop/frontend']);
    expect(d.warnings.existing.filter((w) => w.code === 'RD109')).toEqual([]);
  });

  it('enable-l7-proxy turned off drops a policy with L7 rules, which opens what it closed', async () => {
    // Validate: "L7 policy is not supported since L7 proxy is not enabled" refuses the whole rule (rule_validation.go)
    const l7 = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: api-l7, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: api}}
  ingress:
  - fromEndpoints: [{matchLabels: {app: frontend}}]
    toPorts:
    - ports: [{port: "8080", protocol: TCP}]
      rules:
        http: [{method: GET, path: "/api/.*"}]
---
`;
    const d = await diff({ 'app.yaml': APPS + l7, 'cilium-config.yaml': ciliumConfig({ 'enable-l7-proxy': 'true' }) }, { 'app.yaml': APPS + l7, 'cilium-config.yaml': ciliumConfig({ 'enable-l7-proxy': 'false' }) });
    expect(lines(d)).toEqual([
      'added 0.0.0.0-255.255.255.255[External] -> shop/api[Deployment]: No Connections -> All Connections',
      'added shop/db[Deployment] -> shop/api[Deployment]: No Connections -> All Connections',
      'changed shop/frontend[Deployment] -> shop/api[Deployment]: TCP 8080 -> All Connections',
    ]);
    for (const c of d.changes) expect(causes(c).some((m) => m.startsWith("Cilium's agent flag enable-l7-proxy: on at base, off at head"))).toBe(true);
  });

  it('an edit of cilium-config that leaves the flags as they were widens nothing', () => {
    const base = load({ 'app.yaml': APPS + deployment('shop', 'other', { app: 'other' }), 'cilium-config.yaml': ciliumConfig({ 'enable-l7-proxy': 'false' }) });
    const head = load({ 'app.yaml': APPS + deployment('shop', 'other', { app: 'other', v: '2' }), 'cilium-config.yaml': `# moved\n${ciliumConfig({ 'cluster-name': 'b', 'enable-l7-proxy': 'false' })}` });
    expect(clusterChange(base, head).settings).toEqual([]);
    const affected = affectedEnds(matrixOf({ 'app.yaml': APPS, 'c.yaml': ciliumConfig({ 'enable-l7-proxy': 'false' }) }), matrixOf({ 'app.yaml': APPS, 'c.yaml': ciliumConfig({ 'enable-l7-proxy': 'false', 'cluster-name': 'b' }) }));
    expect([...affected.sources, ...affected.destinations]).toEqual([]);
    expect([...clusterChange(base, head).workloads]).toEqual(['shop/other[Deployment]']);
  });
});

describe('the network plugin the manifests show', () => {
  it('Cilium appearing resolves port names as its agent does, on containers alone (not a native sidecar)', async () => {
    // Cilium resolves a named port on the pod's containers' ports (engine/rules.ts ciliumNamedPorts; kubernetes.io
    // NetworkPolicy: a named port is one of the pod's; Cilium's agent reads spec.containers only)
    const app = `${namespace('shop')}${deployment('shop', 'client', { app: 'client' })}apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      initContainers: [{name: proxy, image: p, restartPolicy: Always, ports: [{name: metrics, containerPort: 9090}]}]
      containers: [{name: c, image: x, ports: [{containerPort: 8080, name: http}]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api, namespace: shop}
spec:
  podSelector: {matchLabels: {app: api}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: client}}}]
    ports: [{port: metrics}, {port: http}]
---
`;
    const d = await diff({ 'app.yaml': app }, { 'app.yaml': app, 'cilium-config.yaml': ciliumConfig({ 'enable-policy': 'default' }) });
    expect(lines(d)).toEqual(['changed shop/client[Deployment] -> shop/api[Deployment]: TCP 8080,9090 -> TCP 8080']);
    expect(causes(d.changes[0]!).some((m) => m.startsWith('whether the cluster runs Cilium: no at base, yes at head'))).toBe(true);
  });
});
