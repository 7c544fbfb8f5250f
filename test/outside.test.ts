/**
 * Partial manifests: what the config declares to exist outside the
 * manifests, and the custom resources of operators that stand for the pods
 * their operator makes, used in the analysis, the invariants and lint.
 */
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/check/config.js';
import { checkInvariants } from '../src/check/invariants.js';
import { lint } from '../src/check/lint.js';
import { checkManifests, conn, deployment, diffManifests, matrixOf, namespace, policy } from './helpers.js';

const CONFIG = `outside:
  namespaces:
    - name: monitoring
      labels: { team: platform }
  workloads:
    - namespace: monitoring
      name: grafana
      labels: { app: grafana }
      ports: [ { port: 3000, name: http } ]
invariants:
  - name: grafana reaches the shop's web on http only
    never: { from: { workload: monitoring/grafana }, to: { namespace: shop }, ports: [TCP/1-2999] }
`;

const WEB = deployment('shop', 'web', { app: 'web' }, [{ name: 'http', port: 8080 }]);
const FROM_PLATFORM = policy('shop', 'from-platform', {
  podSelector: { matchLabels: { app: 'web' } },
  ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'platform' } }, podSelector: { matchLabels: { app: 'grafana' } } }], ports: [{ port: 'http' }] }],
});

describe('the config declares what exists outside the manifests', () => {
  const config = parseConfig(CONFIG, '.github/reachdiff.yml');

  it('declared namespaces and workloads are analysed as if the manifests held them', () => {
    const m = matrixOf(WEB + FROM_PLATFORM, { outside: config.outside! });
    expect(m.workloads.map((w) => w.id)).toEqual(['monitoring/grafana[Deployment]', 'shop/web[Deployment]']);
    expect(conn(m, 'monitoring/grafana[Deployment]', 'shop/web[Deployment]')).toBe('TCP 8080');
    expect(m.workloads[0]!.source).toEqual({ file: '.github/reachdiff.yml', line: 6 });
  });

  it('lint reads them: a selector that matches a declared workload or namespace does not warn (RD103)', () => {
    const without = lint(matrixOf(namespace('shop') + WEB + FROM_PLATFORM));
    expect(without.map((w) => w.code)).toContain('RD103');
    expect(lint(matrixOf(namespace('shop') + WEB + FROM_PLATFORM, { outside: config.outside! })).map((w) => w.code)).not.toContain('RD103');
  });

  it('invariants read them', () => {
    const m = matrixOf(WEB + FROM_PLATFORM, { outside: config.outside! });
    const [result] = checkInvariants(config.invariants, m);
    expect(result!.status).toBe('holds');
  });

  it('what the manifests hold wins over what the config declares', () => {
    const written = namespace('monitoring', { team: 'other' }) + deployment('monitoring', 'grafana', { app: 'grafana' }, [{ name: 'http', port: 3000 }]);
    const m = matrixOf(written + WEB + FROM_PLATFORM, { outside: config.outside! });
    expect(m.cluster.namespaces.get('monitoring')!.labels['team']).toBe('other');
    expect(m.workloads.find((w) => w.id === 'monitoring/grafana[Deployment]')!.source.file).toBe('test.yaml');
    expect(m.diagnostics).toEqual([]);
  });

  // kubectl apply of an object that exists patches it against its last-applied configuration
  // (kubernetes.io/docs/tasks/manage-kubernetes-objects/declarative-config/, "How apply calculates
  // differences and merges changes"): a label the manifests never set is not removed
  it('a namespace both declare carries the labels of both, the manifests winning on a key both set', () => {
    const DATA = `outside:\n  namespaces:\n    - name: analytics\n      labels: { team: data, tier: gold }\n`;
    const out = parseConfig(DATA, 'c.yml').outside!;
    const m = matrixOf(namespace('analytics', { tier: 'silver' }), { outside: out });
    expect(m.cluster.namespaces.get('analytics')!.labels).toEqual({ team: 'data', tier: 'silver', 'kubernetes.io/metadata.name': 'analytics' });
    // a pull request that writes the Namespace does not take away a label the policy admits
    const DB = deployment('shop', 'db', { app: 'db' }, [{ name: 'pg', port: 5432 }]);
    const FROM_DATA = policy('shop', 'db', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'data' } } }] }] });
    const frontend = deployment('analytics', 'frontend', { app: 'frontend' });
    const head = matrixOf(namespace('analytics') + frontend + DB + FROM_DATA, { outside: out });
    expect(conn(head, 'analytics/frontend[Deployment]', 'shop/db[Deployment]')).toBe('All Connections');
  });

  // a label base's Namespace wrote is in its last-applied configuration: kubectl apply of head's, which drops it, removes it
  it('a label base wrote and head drops is removed, whatever the config says', async () => {
    const config = `outside:\n  namespaces:\n    - name: shop\n      labels: { trust: low }\ninvariants:\n  - name: frontend never reaches db\n    never: { from: { workload: shop/frontend }, to: { workload: data/db } }\n`;
    const apps = deployment('shop', 'frontend', { app: 'frontend' }) + deployment('data', 'db', { app: 'db' }, [{ name: 'pg', port: 5432 }]);
    const trusted = policy('data', 'db', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'trust', operator: 'NotIn', values: ['low'] }] } }] }] });
    const r = await diffManifests(namespace('shop', { trust: 'low' }) + apps + trusted, namespace('shop') + apps + trusted, config);
    expect(r.stdout).toMatch(/FAIL newly violated: frontend never reaches db/);
  });

  it('a malformed declaration is a config error with its line', () => {
    expect(() => parseConfig('outside:\n  workloads:\n    - { name: x }\n', 'c.yml')).toThrow(ConfigError);
    expect(() => parseConfig('outside:\n  workloads:\n    - { name: x }\n', 'c.yml')).toThrow(/^c.yml:3: outside.workloads\[0\].namespace must be a namespace name/);
    expect(() => parseConfig('outside:\n  namespaces:\n    - name: Mon\n', 'c.yml')).toThrow(/^c.yml:3: outside.namespaces\[0\].name must be a namespace name/);
    expect(() => parseConfig('outside:\n  workloads:\n    - { namespace: a, name: x, ports: [ 0 ] }\n', 'c.yml')).toThrow(/ports\[0\].port must be a port number/);
  });
});

/** kube-prometheus' shape: a Prometheus and an Alertmanager resource, and policies for the pods the operator makes. */
const MONITORING = `${namespace('monitoring')}apiVersion: monitoring.coreos.com/v1
kind: Prometheus
metadata: { name: k8s, namespace: monitoring }
spec:
  version: v2.54.1
  podMetadata:
    labels: { app.kubernetes.io/component: prometheus, app.kubernetes.io/part-of: kube-prometheus }
  replicas: 2
---
apiVersion: monitoring.coreos.com/v1
kind: Alertmanager
metadata: { name: main, namespace: monitoring }
spec:
  podMetadata:
    labels: { app.kubernetes.io/component: alert-router }
---
${policy('monitoring', 'prometheus-k8s', {
  podSelector: { matchLabels: { 'app.kubernetes.io/component': 'prometheus', 'app.kubernetes.io/instance': 'k8s', 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/part-of': 'kube-prometheus' } },
  policyTypes: ['Ingress'],
  ingress: [{ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'alertmanager' } } }], ports: [{ port: 9090 }] }],
})}${policy('monitoring', 'alertmanager-main', {
  podSelector: { matchLabels: { 'app.kubernetes.io/component': 'alert-router', 'app.kubernetes.io/instance': 'main', 'app.kubernetes.io/name': 'alertmanager' } },
  policyTypes: ['Ingress'],
  ingress: [{ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } }], ports: [{ port: 'web' }] }],
})}`;

describe('custom resources of operators stand for the pods the operator makes', () => {
  it('a Prometheus is the StatefulSet prometheus-NAME, with the labels and ports prometheus-operator sets', () => {
    // pkg/prometheus/server/operator.go makeSelectorLabels; pkg/prometheus/common.go MakeContainerPorts; pkg/operator/config_reloader.go
    const m = matrixOf(MONITORING);
    const prometheus = m.workloads.find((w) => w.id === 'monitoring/prometheus-k8s[StatefulSet]')!;
    expect(prometheus.pods[0]!.labels).toEqual({
      'app.kubernetes.io/component': 'prometheus',
      'app.kubernetes.io/instance': 'k8s',
      'app.kubernetes.io/managed-by': 'prometheus-operator',
      'app.kubernetes.io/name': 'prometheus',
      'app.kubernetes.io/part-of': 'kube-prometheus',
      'app.kubernetes.io/version': '2.54.1',
      'operator.prometheus.io/name': 'k8s',
      'operator.prometheus.io/shard': '0',
      prometheus: 'k8s',
    });
    expect(prometheus.pods[0]!.ports).toEqual([
      { name: 'web', port: 9090, protocol: 'TCP' },
      { name: 'reloader-web', port: 8080, protocol: 'TCP' },
    ]);
    expect(m.diagnostics.map((d) => `${d.code} ${d.severity}`)).toEqual(['RD055 info', 'RD055 info']);
  });

  it('an Alertmanager is the StatefulSet alertmanager-NAME, with web 9093 and the mesh on TCP and UDP 9094', () => {
    // pkg/alertmanager/operator.go makeSelectorLabels; pkg/alertmanager/statefulset.go
    const am = matrixOf(MONITORING).workloads.find((w) => w.id === 'monitoring/alertmanager-main[StatefulSet]')!;
    expect(am.pods[0]!.labels).toMatchObject({ 'app.kubernetes.io/name': 'alertmanager', 'app.kubernetes.io/instance': 'main', alertmanager: 'main', 'app.kubernetes.io/component': 'alert-router' });
    expect(am.pods[0]!.ports.map((p) => `${p.name}:${p.protocol}/${p.port}`)).toEqual(['web:TCP/9093', 'mesh-tcp:TCP/9094', 'mesh-udp:UDP/9094', 'reloader-web:TCP/8080']);
  });

  it('the policies written for those pods select them: analysis sees the paths, lint no "matches nothing"', () => {
    const m = matrixOf(MONITORING);
    expect(conn(m, 'monitoring/alertmanager-main[StatefulSet]', 'monitoring/prometheus-k8s[StatefulSet]')).toBe('TCP 9090');
    expect(conn(m, 'monitoring/prometheus-k8s[StatefulSet]', 'monitoring/alertmanager-main[StatefulSet]')).toBe('TCP 9093');
    expect(lint(m).filter((w) => w.code === 'RD103')).toEqual([]);
  });

  it('shards are StatefulSets of their own; listenLocal serves no web port; outside.operators: false turns the mapping off', () => {
    const sharded = MONITORING.replace('replicas: 2', 'replicas: 2\n  shards: 2\n  listenLocal: true');
    const ids = matrixOf(sharded).workloads.map((w) => w.id);
    expect(ids).toContain('monitoring/prometheus-k8s-shard-1[StatefulSet]');
    expect(matrixOf(sharded).workloads.find((w) => w.id === 'monitoring/prometheus-k8s[StatefulSet]')!.pods[0]!.ports).toEqual([]);
    // with the ProcessSignal reload strategy the config reloader is not told to listen on localhost (pkg/prometheus/common.go BuildConfigReloader)
    const signal = matrixOf(sharded.replace('listenLocal: true', 'listenLocal: true\n  reloadStrategy: ProcessSignal'));
    expect(signal.workloads.find((w) => w.id === 'monitoring/prometheus-k8s[StatefulSet]')!.pods[0]!.ports.map((p) => `${p.name}:${p.port}`)).toEqual(['reloader-web:8080']);
    const off = parseConfig('outside:\n  operators: false\n', 'c.yml');
    const m = matrixOf(MONITORING, { outside: off.outside! });
    expect(m.workloads).toEqual([]);
    expect(m.cluster.ignoredKinds.get('Prometheus')).toBe(1);
  });

  // spec.containers "allows injecting additional containers ... or patching operator-generated containers", merged by
  // name (prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.PrometheusSpec): their ports are the pods'
  it("the ports of the resource's own containers are its pods' too: a sidecar's, and a name given to the operator's port", async () => {
    const proxied = MONITORING.replace('replicas: 2', 'replicas: 2\n  containers:\n    - { name: oauth-proxy, image: x, ports: [{ name: proxy, containerPort: 9091 }] }\n    - { name: prometheus, ports: [{ name: metrics, containerPort: 9090 }] }');
    const m = matrixOf(proxied);
    expect(m.workloads.find((w) => w.id === 'monitoring/prometheus-k8s[StatefulSet]')!.pods[0]!.ports).toEqual([
      { name: 'metrics', port: 9090, protocol: 'TCP' },
      { name: 'reloader-web', port: 8080, protocol: 'TCP' },
      { name: 'proxy', port: 9091, protocol: 'TCP' },
    ]);
    const admitted = policy('monitoring', 'proxy-in', {
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } },
      policyTypes: ['Ingress'],
      ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 'proxy' }] }],
    });
    const apps = namespace('apps') + deployment('apps', 'web', { app: 'web' });
    const never = 'invariants:\n  - name: apps never reach monitoring\n    never: { from: { namespace: apps }, to: { namespace: monitoring } }\n';
    const r = await checkManifests(apps + proxied + admitted, never);
    expect(r.stdout).toMatch(/apps\/web\[Deployment\] => monitoring\/prometheus-k8s\[StatefulSet\][^\n]*TCP 9091/);
    expect(r.code).toBe(1);
  });

  // containers merge by name, and ports within a container by containerPort (a strategic merge patch of the operator's
  // containers): a sidecar's port of the number the operator's own container serves stays beside it
  it("a sidecar's port of the number of the operator's own container's leaves that port as it is", async () => {
    const alertmanager = namespace('monitoring') + 'apiVersion: monitoring.coreos.com/v1\nkind: Alertmanager\nmetadata: { name: main, namespace: monitoring }\nspec:\n  containers:\n    - { name: oauth-proxy, image: x, ports: [{ name: proxy, containerPort: 9093 }] }\n---\n';
    const m = matrixOf(alertmanager);
    expect(m.workloads.find((w) => w.id === 'monitoring/alertmanager-main[StatefulSet]')!.pods[0]!.ports.map((p) => `${p.name}:${p.port}/${p.protocol}`)).toEqual(['web:9093/TCP', 'mesh-tcp:9094/TCP', 'mesh-udp:9094/UDP', 'reloader-web:8080/TCP', 'proxy:9093/TCP']);
    const web = policy('monitoring', 'web-in', { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'alertmanager' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 'web' }] }] });
    const apps = namespace('apps') + deployment('apps', 'web', { app: 'web' });
    const r = await checkManifests(apps + alertmanager + web, 'invariants:\n  - name: apps never reach monitoring\n    never: { from: { namespace: apps }, to: { namespace: monitoring } }\n');
    expect(r.stdout).toMatch(/apps\/web\[Deployment\] => monitoring\/alertmanager-main\[StatefulSet\][^\n]*TCP 9093/);
    expect(r.code).toBe(1);
  });

  const DB = namespace('shop') + deployment('shop', 'backend', { app: 'backend' }) + deployment('shop', 'db', { app: 'db' }, [{ name: 'pg', port: 5432 }]);
  const dbFrom = (labels: Record<string, string>) => policy('shop', 'db', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: labels } }] }] });
  const ONLY = 'invariants:\n  - name: only the backend reaches the database\n    only: { to: { workload: shop/db }, from: [ { workload: shop/backend } ] }\n';

  it('a ThanosRuler is the StatefulSet thanos-ruler-NAME, with grpc 10901, web 10902 and the config reloader', async () => {
    // pkg/thanos/operator.go makeSelectorLabels; pkg/thanos/statefulset.go makeStatefulSetSpec (ports, the config reloader
    // for the rule ConfigMaps, of which pkg/operator/rules.go makeConfigMapsFromRules makes one at least)
    const ruler = (extra: string) => `apiVersion: monitoring.coreos.com/v1\nkind: ThanosRuler\nmetadata: { name: main, namespace: shop }\nspec:\n  queryEndpoints: [dnssrv+_http._tcp.thanos-query.monitoring.svc]\n  podMetadata: { labels: { team: obs } }\n${extra}---\n`;
    const m = matrixOf(DB + ruler(''));
    const w = m.workloads.find((x) => x.id === 'shop/thanos-ruler-main[StatefulSet]')!;
    expect(w.pods[0]!.labels).toEqual({
      'app.kubernetes.io/instance': 'main',
      'app.kubernetes.io/managed-by': 'prometheus-operator',
      'app.kubernetes.io/name': 'thanos-ruler',
      team: 'obs',
      'thanos-ruler': 'main',
    });
    expect(w.pods[0]!.ports.map((p) => `${p.name}:${p.protocol}/${p.port}`)).toEqual(['grpc:TCP/10901', 'web:TCP/10902', 'reloader-web:TCP/8080']);
    // listenLocal keeps grpc; the kind has no hostNetwork field
    const local = matrixOf(DB + ruler('  listenLocal: true\n  hostNetwork: true\n')).workloads.find((x) => x.id === 'shop/thanos-ruler-main[StatefulSet]')!;
    expect(local.pods[0]!.ports.map((p) => p.name)).toEqual(['grpc']);
    expect(local.pods[0]!.hostNetwork).toBe(false);
    // without a query endpoint or config the operator makes no StatefulSet
    const none = matrixOf(DB + ruler('').replace(/ {2}queryEndpoints: .*\n/, ''));
    expect(none.workloads.map((x) => x.id)).not.toContain('shop/thanos-ruler-main[StatefulSet]');
    // its pods are among the sources an only invariant forbids
    const r = await checkManifests(DB + ruler('') + dbFrom({ 'app.kubernetes.io/name': 'thanos-ruler' }), ONLY);
    expect(r.stdout).toMatch(/violated: only the backend reaches the database[^\n]*\n(?: .*\n)* +shop\/thanos-ruler-main\[StatefulSet\] => shop\/db\[Deployment\]/);
    expect(r.code).toBe(1);
  });

  it('a PrometheusAgent is the StatefulSet prom-agent-NAME per shard; its DaemonSet mode is not analysed (RD011)', () => {
    // pkg/prometheus/agent/operator.go makeSelectorLabels; pkg/prometheus/agent/statefulset.go; pkg/prometheus/common.go
    // Prefix, statefulSetNameFromPrometheusName, MakeContainerPorts and BuildConfigReloader (listenLocal goes to the
    // reloader only with the HTTP reload strategy)
    const agent = (extra: string) => `apiVersion: monitoring.coreos.com/v1alpha1\nkind: PrometheusAgent\nmetadata: { name: edge, namespace: shop }\nspec:\n  version: v3.5.0\n${extra}---\n`;
    const m = matrixOf(DB + agent('  shards: 2\n'));
    const w = m.workloads.find((x) => x.id === 'shop/prom-agent-edge[StatefulSet]')!;
    expect(w.pods[0]!.labels).toEqual({
      'app.kubernetes.io/instance': 'edge',
      'app.kubernetes.io/managed-by': 'prometheus-operator',
      'app.kubernetes.io/name': 'prometheus-agent',
      'app.kubernetes.io/version': '3.5.0',
      'operator.prometheus.io/name': 'edge',
      'operator.prometheus.io/shard': '0',
    });
    expect(w.pods[0]!.ports.map((p) => `${p.name}:${p.protocol}/${p.port}`)).toEqual(['web:TCP/9090', 'reloader-web:TCP/8080']);
    expect(m.workloads.find((x) => x.id === 'shop/prom-agent-edge-shard-1[StatefulSet]')!.pods[0]!.labels['operator.prometheus.io/shard']).toBe('1');
    const ports = (extra: string) => matrixOf(DB + agent(extra)).workloads.find((x) => x.id === 'shop/prom-agent-edge[StatefulSet]')!.pods[0]!.ports.map((p) => p.name);
    expect(ports('  listenLocal: true\n')).toEqual([]);
    expect(ports('  listenLocal: true\n  reloadStrategy: ProcessSignal\n')).toEqual(['reloader-web']);
    const daemons = matrixOf(DB + agent('  mode: DaemonSet\n'));
    expect(daemons.workloads.map((x) => x.id)).not.toContain('shop/prom-agent-edge[StatefulSet]');
    expect(daemons.cluster.notAnalysed.map((n) => [n.kind, n.effect])).toEqual([['PrometheusAgent', { does: 'both', namespace: 'shop', unknownPods: true }]]);
    expect(daemons.diagnostics.filter((d) => d.code === 'RD011').map((d) => d.message)).toEqual([expect.stringContaining('PrometheusAgentDaemonSet')]);
  });
});
