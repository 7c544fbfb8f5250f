/**
 * An Argo CD Application's destination names the cluster it applies its
 * paths to: `server`, "the URL of the target cluster's Kubernetes control
 * plane API", or `name`, the cluster's name in Argo CD's settings
 * (argo-cd.readthedocs.io/en/stable/user-guide/application-specification/,
 * operator-manual/declarative-setup/#clusters). A cluster-scoped policy
 * acts only in the cluster it is applied to
 * (network-policy-api.sigs.k8s.io/api-overview/), and pods of different
 * clusters do not reach each other by their addresses: a state read from
 * the paths of Applications to different clusters is no cluster's, and
 * every invariant fails closed (RD011) rather than hold on the union.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tree } from './helpers.js';

const workload = (kind: string, ns: string, app: string) =>
  `apiVersion: apps/v1\nkind: ${kind}\nmetadata: { name: ${app}, namespace: ${ns} }\nspec:\n  selector: { matchLabels: { app: ${app} } }\n  template:\n    metadata: { labels: { app: ${app} } }\n    spec: { containers: [ { name: c, image: i, ports: [ { containerPort: 80 } ] } ] }\n`;
/** The prod overlay's own guard: cluster-scoped, so it acts only in the cluster prod is applied to. */
const ANP =
  'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: { name: db-guard }\nspec:\n  priority: 10\n  subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: db } } } }\n  ingress:\n  - name: no-frontend\n    action: Deny\n    from: [ { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: frontend } } } } ]\n';
const NEVER = 'invariants:\n  - name: frontend never reaches db\n    never: { from: { labels: { app: frontend } }, to: { labels: { app: db } } }\n';
const application = (env: string, destination: string) =>
  `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: { name: shop-${env}, namespace: argocd }\nspec:\n  project: default\n  source: { repoURL: https://github.com/acme/gitops.git, targetRevision: main, path: apps/${env} }\n  destination: { ${destination}, namespace: ${env} }\n`;

/** A check of states read as one cluster: the invariant holds on the prod overlay's guard, and nothing fails closed. */
function readAsOneCluster(r: { code: number; stdout: string; stderr: string }, what: string): void {
  expect(r.code, what).toBe(0);
  expect(r.stdout, what).toMatch(/ok holds: frontend never reaches db/);
  expect(r.stderr, what).not.toMatch(/RD011/);
}

async function check(dev: string, prod: string) {
  const root = tree({
    'inv.yml': NEVER,
    'repo/apps/dev/app.yaml': workload('Deployment', 'dev', 'frontend') + '---\n' + workload('Deployment', 'dev', 'db'),
    'repo/apps/prod/app.yaml': workload('Deployment', 'prod', 'frontend') + '---\n' + workload('Deployment', 'prod', 'db'),
    'repo/apps/prod/anp.yaml': ANP,
    'repo/argocd/dev.yaml': application('dev', dev),
    'repo/argocd/prod.yaml': application('prod', prod),
  });
  return cli(['check', join(root, 'repo'), '--config', join(root, 'inv.yml')]);
}

describe('Argo CD Applications whose destinations are different clusters', () => {
  it("one cluster's cluster-scoped deny does not protect another's pods: every invariant fails closed", async () => {
    const r = await check('name: dev-cluster', 'name: prod-cluster');
    // the last round's build said "ok holds": in dev-cluster no AdminNetworkPolicy stands, and dev/frontend reaches dev/db
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/ok holds/);
    expect(r.stdout).toMatch(/Application argocd\/shop-dev: not analysed \(it applies apps\/dev to cluster dev-cluster, and the state read also holds paths applied to other clusters \(Application argocd\/shop-prod \(.*prod\.yaml:1\) to prod-cluster\)/);
    expect(r.stderr).toMatch(/prod\.yaml:1: warning: Application argocd\/shop-prod is not analysed: it applies apps\/prod to cluster prod-cluster, .*Application argocd\/shop-dev .* to dev-cluster.*every invariant fails closed.*\[RD011\]/);
    // a server URL names a cluster as well
    expect((await check('server: https://dev.example.com:6443', 'server: https://prod.example.com:6443')).stderr).toMatch(/to cluster https:\/\/prod\.example\.com:6443/);
  });

  it('Applications to one cluster, however its destination is spelled, are read as one cluster, as before', async () => {
    // the cluster Argo CD runs in is both https://kubernetes.default.svc and in-cluster
    for (const [dev, prod] of [
      ['name: prod-cluster', 'name: prod-cluster'],
      ['server: https://kubernetes.default.svc', 'name: in-cluster'],
      ['server: https://prod.example.com/', 'server: https://prod.example.com'],
    ] as const) {
      readAsOneCluster(await check(dev, prod), dev);
    }
  });

  it('a destination that is a template names no cluster here', async () => {
    const r = await check('name: "{{cluster}}"', 'name: prod-cluster');
    expect(r.stderr).not.toMatch(/other clusters/);
  });
});

/**
 * A Flux Kustomization applies its path to the cluster Flux runs in, or,
 * with `spec.kubeConfig`, to the cluster its kubeconfig Secret names
 * (fluxcd.io/flux/components/kustomize/kustomizations/, "Remote Clusters /
 * Cluster-API").
 */
describe('Flux Kustomizations applied to different clusters', () => {
  const kustomization = (env: string, kubeConfig: string, ns = 'flux-system') =>
    `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: { name: shop-${env}, namespace: ${ns} }\nspec:\n  interval: 10m\n  path: ./apps/${env}\n  prune: true\n  sourceRef: { kind: GitRepository, name: flux-system }\n${kubeConfig}`;
  async function checkFlux(dev: string, prod: string, devNs?: string, prodNs?: string) {
    const root = tree({
      'inv.yml': NEVER,
      'repo/apps/dev/app.yaml': workload('Deployment', 'dev', 'frontend') + '---\n' + workload('Deployment', 'dev', 'db'),
      'repo/apps/prod/app.yaml': workload('Deployment', 'prod', 'frontend') + '---\n' + workload('Deployment', 'prod', 'db'),
      'repo/apps/prod/anp.yaml': ANP,
      'repo/clusters/dev.yaml': kustomization('dev', dev, devNs),
      'repo/clusters/prod.yaml': kustomization('prod', prod, prodNs),
    });
    return cli(['check', join(root, 'repo'), '--config', join(root, 'inv.yml')]);
  }

  it("one applied through a kubeconfig goes to another cluster: prod's cluster-scoped deny does not protect dev's pods, and every invariant fails closed", async () => {
    const r = await checkFlux('  kubeConfig: { secretRef: { name: dev-kubeconfig } }\n', '');
    // before, the union was read as one cluster and the invariant held on prod's AdminNetworkPolicy
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/ok holds/);
    expect(r.stderr).toMatch(/dev\.yaml:1: warning: Kustomization flux-system\/shop-dev is not analysed: it applies apps\/dev to cluster of the kubeconfig in Secret flux-system\/dev-kubeconfig, and the state read also holds paths applied to other clusters \(Kustomization flux-system\/shop-prod .* to in-cluster\).*\[RD011\]/);
  });

  it("a kubeconfig is its Kustomization's namespace's: Secrets of one name in two namespaces are two clusters", async () => {
    // the docs' own example names its ConfigMap `kubeconfig`; each Kustomization reads the one of its namespace
    const remote = '  kubeConfig: { configMapRef: { name: kubeconfig } }\n';
    const r = await checkFlux(remote, remote, 'staging', 'production');
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/ok holds/);
    expect(r.stderr).toMatch(/to cluster of the kubeconfig in ConfigMap staging\/kubeconfig, .*\[RD011\]/);
  });

  it('Kustomizations to one cluster are read as one, as before', async () => {
    for (const [dev, prod] of [
      ['', ''],
      ['  kubeConfig: { secretRef: { name: remote } }\n', '  kubeConfig: { secretRef: { name: remote } }\n'],
    ] as const) {
      readAsOneCluster(await checkFlux(dev, prod), dev);
    }
  });
});
