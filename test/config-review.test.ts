import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/check/config.js';
import { CONTROLLER_POD_LABELS, INJECTED_POD_LABELS, NODE_TOPOLOGY_POD_LABELS } from '../src/model/cluster.js';
import { checkManifests, deployment, namespace, policy } from './helpers.js';

function error(text: string): ConfigError {
  try {
    parseConfig(text, '.github/reachdiff.yml');
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

const VAULT = `apiVersion: apps/v1
kind: StatefulSet
metadata: { name: vault, namespace: shop }
spec:
  serviceName: vault
  selector: { matchLabels: { app: vault } }
  template:
    metadata: { labels: { app: vault } }
    spec: { containers: [ { name: c, image: x, ports: [ { containerPort: 8200 } ] } ] }
---
`;

const MIGRATE_JOB = `apiVersion: batch/v1
kind: Job
metadata: { name: migrate, namespace: shop }
spec:
  template:
    metadata: { labels: { app: migrate } }
    spec: { restartPolicy: Never, containers: [ { name: c, image: x } ] }
---
`;

/**
 * Labels that controllers (and a mesh's sidecar injector) set on the pods
 * they make, which pod templates, and so the manifests, never show:
 * https://kubernetes.io/docs/reference/labels-annotations-taints/
 * (pod-template-hash, controller-revision-hash, pod-template-generation,
 * statefulset.kubernetes.io/pod-name, apps.kubernetes.io/pod-index,
 * batch.kubernetes.io/job-name and job-name,
 * batch.kubernetes.io/controller-uid and controller-uid,
 * batch.kubernetes.io/job-completion-index). Invariants match the
 * templates' labels, so a selector on one of them picks other pods than it
 * says: the config reader refuses it.
 */
describe('an invariant selector on a label controllers set on pods is refused', () => {
  it('reproducer: only { from: [ job-name DoesNotExist ] } held though the Job reaches vault; now a config error, exit 2', async () => {
    const manifests = VAULT + MIGRATE_JOB + policy('shop', 'vault', { podSelector: { matchLabels: { app: 'vault' } }, ingress: [{ from: [{ podSelector: {} }] }] });
    const config = `invariants:
  - name: no batch Job pod reaches vault
    only:
      to: { workload: shop/vault }
      from:
        - labels: { matchExpressions: [ { key: batch.kubernetes.io/job-name, operator: DoesNotExist } ] }
`;
    const r = await checkManifests(manifests, config);
    expect(r.code).toBe(2);
    expect(r.stdout).not.toMatch(/holds/);
    expect(r.stderr).toMatch(/c\.yml:6: invariants\[0\]\.only\.from\[0\]\.labels reads "batch\.kubernetes\.io\/job-name", a label that controllers set on the pods they make/);
    expect(r.stderr).toMatch(/the manifests do not show it/);
    expect(r.stderr).toMatch(/select the workloads instead, with workload: namespace\/name or kind: Job/);
    expect(r.stderr).toMatch(/kubernetes\.io\/docs\/reference\/labels-annotations-taints/);
    // selecting the workloads instead: the Job is outside the allowed list, and reaches vault
    const fixed = config.replace('labels: { matchExpressions: [ { key: batch.kubernetes.io/job-name, operator: DoesNotExist } ] }', 'kind: StatefulSet');
    const ok = await checkManifests(manifests, fixed);
    expect(ok.code).toBe(1);
    expect(ok.stdout).toMatch(/shop\/migrate\[Job\]/);
  });

  it('reproducer: pod-template-hash DoesNotExist held though the Deployment reaches vault; now a config error naming Deployment', async () => {
    const manifests =
      namespace('shop') +
      deployment('shop', 'web', { app: 'web' }) +
      VAULT +
      policy('shop', 'vault', { podSelector: { matchLabels: { app: 'vault' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] });
    const config = `invariants:
  - name: only non-deployment pods reach vault
    only:
      to: { workload: shop/vault }
      from:
        - labels: { matchExpressions: [ { key: pod-template-hash, operator: DoesNotExist } ] }
`;
    const r = await checkManifests(manifests, config);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/c\.yml:6: .*reads "pod-template-hash", a label that controllers set on the pods they make.*or kind: Deployment/);
  });

  it('refuses every label of CONTROLLER_POD_LABELS, in a map of labels, matchLabels and matchExpressions, on either side and for every kind', () => {
    // istio.io/rev aside: it is written on pod templates too, to pick the revision that injects them
    for (const key of [...CONTROLLER_POD_LABELS].filter((k) => k !== 'istio.io/rev')) {
      for (const labels of [`{ ${key}: x }`, `{ matchLabels: { ${key}: x } }`, `{ matchExpressions: [ { key: ${key}, operator: Exists } ] }`]) {
        for (const body of [
          `never: { from: { labels: ${labels} }, to: { workload: shop/db } }`,
          `always: { from: { workload: shop/web }, to: { namespace: shop, labels: ${labels} } }`,
          `only: { to: { workload: shop/db }, from: [ { workload: shop/web }, { labels: ${labels} } ] }`,
          `isolated: { workloads: { labels: ${labels} } }`,
          `never: { from: { anyNamespace: true, labels: ${labels} }, to: { workload: shop/db } }`,
        ]) {
          const e = error(`invariants:\n  - name: x\n    ${body}\n`);
          expect(e.message, `${key} ${body}`).toContain(`.labels reads "${key}"`);
          expect(e.line).toBe(3);
          expect(e.message).toMatch(
            INJECTED_POD_LABELS.has(key) ? /a mesh's sidecar injector sets on the pods it injects/ : NODE_TOPOLOGY_POD_LABELS.includes(key) ? /the API server copies from the node onto the pods bound to it/ : /controllers set on the pods they make/,
          );
        }
      }
    }
  });

  it('gives the line of the expression that reads the label, and names every such label once', () => {
    const e = error(`invariants:
  - name: x
    never:
      from:
        labels:
          matchLabels: { app: web }
          matchExpressions:
            - { key: tier, operator: In, values: [front] }
            - { key: job-name, operator: DoesNotExist }
            - { key: statefulset.kubernetes.io/pod-name, operator: NotIn, values: [a, b] }
      to: { workload: shop/db }
`);
    expect(e.file).toBe('.github/reachdiff.yml');
    expect(e.line).toBe(9);
    expect(e.message).toMatch(/^\.github\/reachdiff\.yml:9: invariants\[0\]\.never\.from\.labels reads "job-name", "statefulset\.kubernetes\.io\/pod-name", labels that controllers set/);
    expect(e.message).toMatch(/the manifests do not show them/);
    expect(e.message).toMatch(/kind: Job or CronJob or StatefulSet$/);
    const mixed = error('invariants:\n  - name: x\n    never: { from: { labels: { pod-template-hash: a, security.istio.io/tlsMode: istio } }, to: { workload: shop/db } }\n');
    expect(mixed.message).toMatch(/labels that controllers and a mesh's sidecar injector set on pods/);
    const mesh = error('invariants:\n  - name: x\n    never: { from: { labels: { security.istio.io/tlsMode: istio } }, to: { workload: shop/db } }\n');
    expect(mesh.message).toMatch(/with workload: namespace\/name$/);
  });

  it('ordinary selectors still load: app labels, look-alike keys, and namespaceLabels (namespaces carry none of these labels)', () => {
    const c = parseConfig(
      `invariants:
  - name: a
    never: { from: { namespace: shop, labels: { app: frontend } }, to: { namespace: shop, labels: { app: db } } }
  - name: b
    only: { to: { workload: shop/vault }, from: [ { kind: StatefulSet }, { workload: shop/migrate } ] }
  - name: c
    never: { from: { labels: { matchExpressions: [ { key: app.kubernetes.io/name, operator: Exists }, { key: example.com/job-name, operator: DoesNotExist } ] } }, to: { labels: { my-pod-template-hash: x } } }
  - name: d
    never: { from: { anyNamespace: true, namespaceLabels: { matchExpressions: [ { key: pod-template-hash, operator: DoesNotExist } ] } }, to: { labels: { app: db } } }
  - name: e
    isolated: { workloads: { namespace: payments } }
`,
      'c.yml',
    );
    expect(c.invariants.map((i) => i.name)).toEqual(['a', 'b', 'c', 'd', 'e']);
    const d = c.invariants[3]!;
    expect(d.kind === 'never' && d.from[0]!.namespaceLabels!.key).toBe('pod-template-hash DoesNotExist ()');
  });
});

const ADMIN = `apiVersion: v1
kind: Namespace
metadata: { name: shop }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: admin, namespace: shop }
spec:
  selector: { matchLabels: { app: admin } }
  template:
    metadata: { labels: { app: admin } }
    spec: { containers: [ { name: c, image: x, ports: [ { containerPort: 9000 } ] } ] }
---
apiVersion: v1
kind: Service
metadata: { name: admin, namespace: shop }
spec:
  selector: { app: admin }
  ports: [ { port: 80, targetPort: 9000 } ]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: admin, namespace: shop }
spec:
  rules:
    - host: admin.example.com
      http:
        paths:
          - { path: /, pathType: Prefix, backend: { service: { name: admin, port: { number: 80 } } } }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: admin, namespace: shop }
spec:
  podSelector: { matchLabels: { app: admin } }
  ingress:
    - from: [ { namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: ingress-nginx } } } ]
---
`;

const NEVER_ADMIN = `invariants:
  - name: internet never admin
    never: { from: internet, to: { workload: shop/admin } }
`;

describe('ingress-controller.namespace must be a namespace name', () => {
  it('reproducer: Bad_NS was accepted and never { from: internet } held; now a config error with file and line, exit 2', async () => {
    const r = await checkManifests(ADMIN, `ingress-controller: { namespace: Bad_NS, labels: { app.kubernetes.io/name: ingress-nginx } }\n${NEVER_ADMIN}`);
    expect(r.code).toBe(2);
    expect(r.stdout).not.toMatch(/holds/);
    expect(r.stderr).toMatch(/c\.yml:1: ingress-controller\.namespace "Bad_NS" is not a namespace name \(at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit\)/);
  });

  it('refuses what is not a DNS-1123 label, and keeps refusing a missing or empty one', () => {
    for (const ns of ['Bad_NS', 'Ingress-Nginx', '-ingress', 'ingress-', 'ingress.nginx', 'a'.repeat(64), '"1 2"']) {
      const e = error(`ingress-controller:\n  namespace: ${ns}\n  labels: {}\n`);
      expect(e.message, ns).toMatch(/ingress-controller\.namespace ".*" is not a namespace name/);
      expect(e.line).toBe(2);
    }
    expect(error('ingress-controller:\n  namespace: 42\n  labels: {}\n').message).toMatch(/ingress-controller\.namespace must be the name/);
    expect(error('ingress-controller:\n  namespace: ""\n  labels: {}\n').message).toMatch(/ingress-controller\.namespace must be the name/);
  });

  it('ordinary namespaces still load, 63 characters and digits first included', () => {
    for (const ns of ['ingress-nginx', 'traefik', 'kube-system', '0ingress', 'a'.repeat(63)]) {
      expect(parseConfig(`ingress-controller:\n  namespace: ${ns}\n  labels: {}\n`, 'c.yml').ingressController?.namespace).toBe(ns);
    }
  });

  it('the controller declared where the policy admits it: never { from: internet } fails as it should', async () => {
    const r = await checkManifests(ADMIN, `ingress-controller: { namespace: ingress-nginx, labels: { app.kubernetes.io/name: ingress-nginx } }\n${NEVER_ADMIN}`);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/internet never admin/);
  });

  // a valid name with a typo (ingres-nginx) loads: the controller is then kept out of admin, whose policy admits
  // ingress-nginx, though an Ingress routes to it; a namespace nothing declares or runs in fails that closed
  it('a valid name that nothing declares, where the policies keep the controller out of a routed workload, fails closed', async () => {
    const r = await checkManifests(ADMIN, `ingress-controller: { namespace: ingres-nginx, labels: { app.kubernetes.io/name: ingress-nginx } }\n${NEVER_ADMIN}`);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/declares in namespace ingres-nginx, which neither the manifests nor the config's outside: declare/);
  });

  // an Ingress to a workload the controller is kept out of may still be served, by another controller (ingress-classes.test.ts)
  it('the namespace declared under outside: is taken as the controller\'s, no typo of another', async () => {
    const config = `ingress-controller: { namespace: ingres-nginx, labels: { app.kubernetes.io/name: ingress-nginx } }\noutside:\n  namespaces:\n    - name: ingres-nginx\n${NEVER_ADMIN}`;
    const r = await checkManifests(ADMIN, config);
    expect(r.stdout).not.toMatch(/a typo of one the policies admit/);
    expect(r.stdout).toMatch(/keep the declared ingress controller from: another controller may serve it/);
  });

  it('takes istio.io/rev, which manifests write on pod templates to pick a revision', () => {
    expect(parseConfig('invariants:\n  - name: x\n    never: { from: { labels: { istio.io/rev: canary } }, to: { workload: shop/db } }\n', 'c.yml').invariants).toHaveLength(1);
  });
});
