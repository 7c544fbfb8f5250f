/**
 * Where a repository holds GitOps objects that apply its paths, what lies
 * under none of those paths is applied by none of them: Argo CD syncs only
 * the files under an Application source's `path`
 * (argo-cd.readthedocs.io/en/stable/user-guide/directory/), Flux's
 * kustomize-controller only what lies under a Kustomization's `spec.path`
 * (fluxcd.io/flux/components/kustomize/kustomizations/#path). A file that
 * decides traffic outside every such path (a sample under docs/) is not
 * taken as applied: it is not analysed (RD011), and the invariants on the
 * namespaces its objects act in fail closed. Without GitOps objects the
 * tree is read as `kubectl apply -R -f .` applies it, as before.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tree } from './helpers.js';

const FRONTEND =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: frontend, namespace: shop }\nspec:\n  selector: { matchLabels: { app: frontend } }\n  template:\n    metadata: { labels: { app: frontend } }\n    spec: { containers: [ { name: c, image: nginx, ports: [ { containerPort: 80 } ] } ] }\n';
const DB =
  'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: { name: db, namespace: shop }\nspec:\n  serviceName: db\n  selector: { matchLabels: { app: db } }\n  template:\n    metadata: { labels: { app: db } }\n    spec: { containers: [ { name: c, image: postgres, ports: [ { containerPort: 5432 } ] } ] }\n';
/** Isolates db: no ingress rule admits anything. */
const DENY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: db-deny, namespace: shop }\nspec:\n  podSelector: { matchLabels: { app: db } }\n  policyTypes: [Ingress]\n';
const NEVER = 'invariants:\n  - name: frontend never reaches db\n    never: { from: { labels: { app: frontend } }, to: { labels: { app: db } } }\n';
const application = (name: string, path: string, namespace = 'shop') =>
  `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: { name: ${name}, namespace: argocd }\nspec:\n  project: default\n  source: { repoURL: https://github.com/acme/gitops.git, targetRevision: main, path: ${path} }\n  destination: { server: https://kubernetes.default.svc, namespace: ${namespace} }\n`;
const FLUX =
  'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: { name: flux-system, namespace: flux-system }\nspec: { interval: 1m, url: https://github.com/acme/gitops, ref: { branch: main } }\n---\napiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: { name: shop, namespace: flux-system }\nspec:\n  interval: 10m\n  path: ./k8s\n  prune: true\n  sourceRef: { kind: GitRepository, name: flux-system }\n';

async function check(files: Record<string, string>) {
  const root = tree({ 'inv.yml': NEVER, 'repo/k8s/frontend.yaml': FRONTEND, 'repo/k8s/db.yaml': DB, ...files });
  return cli(['check', join(root, 'repo'), '--config', join(root, 'inv.yml')]);
}

describe("a file under no GitOps object's path", () => {
  it('an example deny policy outside the only Application path is not taken as applied: the invariant fails closed', async () => {
    const r = await check({ 'repo/argocd/app.yaml': application('shop', 'k8s'), 'repo/docs/examples/restrict-db.yaml': DENY });
    // the last round's build said "ok holds": Argo CD never applies the example, and frontend reaches db
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/ok holds/);
    expect(r.stdout).toMatch(/file .*docs\/examples\/restrict-db\.yaml: not analysed \(it decides traffic and lies under none of the paths the GitOps objects read here apply \(k8s: Application argocd\/shop \(.*argocd\/app\.yaml:1\)\)/);
    expect(r.stderr).toMatch(/docs\/examples\/restrict-db\.yaml:1: warning: .*restrict-db\.yaml is not analysed: .*invariants on namespace shop fail closed.*\[RD011\]/);
  });

  it('the same with a Flux Kustomization of this repository', async () => {
    const r = await check({ 'repo/clusters/prod/apps.yaml': FLUX, 'repo/docs/examples/restrict-db.yaml': DENY });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/restrict-db\.yaml is not analysed: it decides traffic and lies under none of the paths .*\(k8s: Kustomization flux-system\/shop .*\[RD011\]/);
  });

  it('without GitOps objects, or with the policy under a path, it is applied, as before', async () => {
    const none = await check({ 'repo/docs/examples/restrict-db.yaml': DENY });
    expect(none.code).toBe(0);
    expect(none.stderr).not.toMatch(/RD011/);
    const inside = await check({ 'repo/argocd/app.yaml': application('shop', 'k8s'), 'repo/k8s/restrict-db.yaml': DENY });
    expect(inside.code).toBe(0);
    expect(inside.stderr).not.toMatch(/RD011/);
    const flux = await check({ 'repo/clusters/prod/apps.yaml': FLUX, 'repo/k8s/policies/restrict-db.yaml': DENY });
    expect(flux.code).toBe(0);
    expect(flux.stderr).not.toMatch(/RD011/);
  });

  it('app-of-apps: the Application objects themselves lie under no path of theirs, and decide no traffic', async () => {
    // argo-cd.readthedocs.io, operator-manual/cluster-bootstrapping: a root Application applied by hand applies apps/
    const r = await check({ 'repo/bootstrap/root.yaml': application('root', 'apps', 'argocd'), 'repo/apps/shop.yaml': application('shop', 'k8s'), 'repo/k8s/restrict-db.yaml': DENY });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/RD011/);
  });

  it('only the invariants on the namespaces its objects act in fail closed', async () => {
    const other = DENY.replace('namespace: shop', 'namespace: demo');
    const r = await check({ 'repo/argocd/app.yaml': application('shop', 'k8s'), 'repo/k8s/restrict-db.yaml': DENY, 'repo/docs/examples/demo.yaml': other });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ok holds: frontend never reaches db/);
    expect(r.stderr).toMatch(/demo\.yaml is not analysed: .*invariants on namespace demo fail closed.*\[RD011\]/);
    // a cluster-scoped policy may act on any
    const anp =
      'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: { name: sample }\nspec:\n  priority: 10\n  subject: { namespaces: { matchLabels: { team: demo } } }\n  ingress: [ { name: deny, action: Deny, from: [ { namespaces: {} } ] } ]\n';
    const cluster = await check({ 'repo/argocd/app.yaml': application('shop', 'k8s'), 'repo/k8s/restrict-db.yaml': DENY, 'repo/docs/examples/anp.yaml': anp });
    expect(cluster.code).toBe(1);
    expect(cluster.stderr).toMatch(/anp\.yaml is not analysed: .*invariants on any namespace fail closed/);
  });

  it("an ApplicationSet whose paths are templates may apply any directory: nothing is said", async () => {
    const set =
      'apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata: { name: teams, namespace: argocd }\nspec:\n  generators: [ { git: { repoURL: https://github.com/acme/gitops.git, revision: HEAD, directories: [ { path: "docs/*" } ] } } ]\n  template:\n    metadata: { name: "{{path.basename}}" }\n    spec:\n      project: default\n      source: { repoURL: https://github.com/acme/gitops.git, targetRevision: HEAD, path: "{{path}}" }\n      destination: { server: https://kubernetes.default.svc, namespace: shop }\n';
    const r = await check({ 'repo/argocd/app.yaml': application('shop', 'k8s'), 'repo/argocd/set.yaml': set, 'repo/docs/examples/restrict-db.yaml': DENY });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/lies under none of the paths/);
  });
});

/**
 * An ApplicationSet's git directory generator makes one Application per
 * directory its patterns match (Go's path.Match: a star within one
 * directory), less those an `exclude: true` entry matches
 * (argo-cd.readthedocs.io/en/stable/operator-manual/applicationset/Generators-Git/);
 * each reads its directory as its template's source says (not recursing
 * by default).
 */
describe('an ApplicationSet of a git directory generator', () => {
  const appSet = (template: string, goTemplate: boolean) =>
    `apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata: { name: apps, namespace: argocd }\nspec:\n${goTemplate ? '  goTemplate: true\n' : ''}  generators:\n  - git:\n      repoURL: https://github.com/acme/gitops.git\n      revision: HEAD\n      directories:\n      - path: k8s/*\n      - path: k8s/legacy\n        exclude: true\n  template:\n    metadata: { name: 'apps' }\n    spec:\n      project: default\n      source: { repoURL: https://github.com/acme/gitops.git, targetRevision: HEAD, path: '${template}' }\n      destination: { server: https://kubernetes.default.svc, namespace: shop }\n`;
  const files = (deny: string, goTemplate = true) => ({
    'repo/argocd/apps.yaml': appSet(goTemplate ? '{{.path.path}}' : '{{path}}', goTemplate),
    'repo/k8s/shop/frontend.yaml': FRONTEND,
    'repo/k8s/shop/db.yaml': DB,
    [deny]: DENY,
  });
  async function checkSet(f: Record<string, string>) {
    const root = tree({ 'inv.yml': NEVER, ...f });
    return cli(['check', join(root, 'repo'), '--config', join(root, 'inv.yml')]);
  }

  it('a deny in a directory it excludes, or below one it reads without recursing, is not applied: the invariant fails closed', async () => {
    for (const [deny, goTemplate] of [['repo/k8s/legacy/restrict-db.yaml', true], ['repo/k8s/shop/drafts/restrict-db.yaml', true], ['repo/k8s/legacy/restrict-db.yaml', false]] as const) {
      const r = await checkSet(files(deny, goTemplate));
      // before, its paths were taken for templates that may name any directory, and the deny as applied
      expect(r.code, deny).toBe(1);
      expect(r.stdout, deny).not.toMatch(/ok holds/);
    }
  });

  it('a deny in a directory it includes is applied', async () => {
    const r = await checkSet(files('repo/k8s/shop/restrict-db.yaml'));
    expect(r.stdout).toMatch(/ok holds: frontend never reaches db/);
    expect(r.code).toBe(0);
  });
});
