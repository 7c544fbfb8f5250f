/**
 * Argo CD puts the objects of an Application's sources that name no
 * namespace in its destination namespace: "The namespace will only be set
 * for namespace-scoped resources that have not set a value for
 * .metadata.namespace" (Argo CD's API, ApplicationDestination; the
 * Application specification at argo-cd.readthedocs.io, user-guide/
 * application-specification). reachdiff reads such objects in the default
 * namespace, so where an Application would put them elsewhere the paths
 * shown for them are another namespace's: the Application is reported as
 * not analysed (RD011) and the invariants fail closed, rather than hold
 * on the wrong namespace.
 */
import { spawnSync } from 'node:child_process';
import { rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findKustomizeTool } from '../src/sources/repository.js';
import { cli, tree } from './helpers.js';

/** A Kustomize root is built only where kustomize or kubectl is installed. */
const TOOL = findKustomizeTool();
if (!TOOL) console.log('argocd-namespace: neither kustomize nor kubectl is installed; the test of a Kustomize root built at an Application path is skipped');

const application = (path: string, namespace = 'shop', extra = '') =>
  `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: { name: payments, namespace: argocd }\nspec:\n  project: default\n  source:\n    repoURL: https://example.com/platform.git\n    targetRevision: HEAD\n    path: ${path}\n${extra}  destination: { server: https://kubernetes.default.svc, namespace: ${namespace} }\n`;
const FRONTEND =
  'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: frontend, namespace: shop }\nspec:\n  selector: { matchLabels: { app: frontend } }\n  template:\n    metadata: { labels: { app: frontend } }\n    spec: { containers: [ { name: c, image: i } ] }\n';
/** db, and a policy admitting its own namespace's pods to it: neither names a namespace. */
const PAYMENTS =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: db }\nspec:\n  selector: { matchLabels: { app: db } }\n  template:\n    metadata: { labels: { app: db } }\n    spec: { containers: [ { name: c, image: i, ports: [ { containerPort: 5432 } ] } ] }\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: db-same-namespace }\nspec:\n  podSelector: { matchLabels: { app: db } }\n  policyTypes: [Ingress]\n  ingress: [ { from: [ { podSelector: {} } ] } ]\n';
const NEVER = 'invariants:\n  - name: frontend never reaches db\n    never: { from: { workload: shop/frontend }, to: { labels: { app: db } } }\n';

/** What applies FRONTEND: an Application of its own directory (a file under no GitOps object's path is not taken as applied). */
const FRONTEND_APP = application('manifests/frontend').replace('name: payments', 'name: frontend');

function repo(files: Record<string, string>): string {
  return tree({ 'c.yml': NEVER, 'manifests/frontend/shop.yaml': FRONTEND, 'manifests/argocd/frontend.yaml': FRONTEND_APP, ...files });
}

/** A repository without GitOps objects: kubectl applies all of it. */
function plain(files: Record<string, string>): string {
  return tree({ 'c.yml': NEVER, 'manifests/shop.yaml': FRONTEND, ...files });
}

async function check(root: string, ...args: string[]) {
  return cli(['check', join(root, 'manifests'), '--config', join(root, 'c.yml'), ...args]);
}

describe("an Argo CD Application's destination namespace", () => {
  it('objects of its path that name no namespace: the Application is not analysed and the never invariant fails closed', async () => {
    // in the cluster db is in shop, and admits frontend: the invariant is broken; read in default it would hold
    const root = repo({ 'manifests/argocd/payments.yaml': application('manifests/payments'), 'manifests/payments/db.yaml': PAYMENTS });
    const r = await check(root);
    // the last round's build said "ok holds" here
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Application argocd\/payments is not analysed: Argo CD applies the objects of its sources that name no namespace in namespace shop, and objects under manifests\/payments name none: Deployment db \(.*db\.yaml:1\), NetworkPolicy db-same-namespace \(.*db\.yaml:\d+\) are analysed in namespace default instead.*\[RD011\]/);
    expect(r.stdout).toMatch(/Application argocd\/payments: not analysed/);
  });

  it('read in the namespace the Application names, the same objects are analysed and the verdict is exact', async () => {
    const root = repo({ 'manifests/argocd/payments.yaml': application('manifests/payments'), 'manifests/payments/db.yaml': PAYMENTS });
    const r = await check(root, '--default-namespace', 'shop');
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/RD011/);
    expect(r.stdout).toMatch(/FAIL violated: frontend never reaches db/);
    expect(r.stdout).toMatch(/ingress of shop\/db\[Deployment\]: allowed by shop\/db-same-namespace/);
  });

  it('objects that name their namespace, or lie outside its path, are not its business', async () => {
    const named = PAYMENTS.replace('name: db }', 'name: db, namespace: data }').replace('name: db-same-namespace }', 'name: db-same-namespace, namespace: data }');
    expect((await check(repo({ 'manifests/argocd/payments.yaml': application('manifests/payments'), 'manifests/payments/db.yaml': named }))).code).toBe(0);
    // another directory: what applies it is not this Application (whose own directory holds what names its namespace); under
    // no GitOps object's path, nothing applies it (gitops-unapplied.test.ts), which is no doubt of the Application's
    const other = await check(repo({ 'manifests/argocd/payments.yaml': application('manifests/payments'), 'manifests/payments/db.yaml': named, 'manifests/ledger/db.yaml': PAYMENTS }));
    expect(other.stderr).not.toMatch(/Application argocd\/payments is not analysed/);
    expect(other.stderr).toMatch(/manifests\/ledger\/db\.yaml is not analysed: it decides traffic and lies under none of the paths/);
  });

  it('a subdirectory is read only where the directory recurses (Argo CD reads one level by default)', async () => {
    const files = { 'manifests/payments/db/db.yaml': PAYMENTS };
    const flat = await check(repo({ ...files, 'manifests/argocd/payments.yaml': application('manifests/payments') }));
    expect(flat.stderr).not.toMatch(/Argo CD applies the objects of its sources/);
    const recursive = await check(repo({ ...files, 'manifests/argocd/payments.yaml': application('manifests/payments', 'shop', '    directory: { recurse: true }\n') }));
    expect(recursive.code).toBe(1);
    expect(recursive.stderr).toMatch(/Application argocd\/payments is not analysed/);
  });

  it('files below a path that does not recurse, which nothing else applies, fail the invariants closed', async () => {
    // argo-cd.readthedocs.io, user-guide/directory: "By default, directory applications will only include the files from the
    // root of the configured repository/path"; with prune, moving a policy into a subdirectory deletes it from the cluster
    const DENY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: deny, namespace: shop }\nspec: { podSelector: {}, policyTypes: [Ingress] }\n';
    const DB = PAYMENTS.split('---')[0]!.replace('name: db }', 'name: db, namespace: shop }');
    const files = { 'manifests/shop/db.yaml': DB, 'manifests/argocd/shop.yaml': application('manifests/shop') };
    // the deny policy in the directory itself: applied, and frontend does not reach db
    expect((await check(repo({ ...files, 'manifests/shop/deny.yaml': DENY }))).code).toBe(0);
    // the last round's build said "ok holds" here, where the cluster loses the policy
    const moved = await check(repo({ ...files, 'manifests/shop/policies/deny.yaml': DENY }));
    expect(moved.code).toBe(1);
    expect(moved.stderr).toMatch(/Application argocd\/payments is not analysed: Argo CD applies only the files directly in manifests\/shop \(directory.recurse is not set\), and .*manifests\/shop\/policies\/deny\.yaml below it, which no other GitOps source applies, decide traffic.*\[RD011\]/);
    // recursing, or another Application of the subdirectory, applies it
    expect((await check(repo({ ...files, 'manifests/argocd/shop.yaml': application('manifests/shop', 'shop', '    directory: { recurse: true }\n'), 'manifests/shop/policies/deny.yaml': DENY }))).code).toBe(0);
    const other = application('manifests/shop/policies').replace('name: payments', 'name: policies');
    expect((await check(repo({ ...files, 'manifests/argocd/policies.yaml': other, 'manifests/shop/policies/deny.yaml': DENY }))).code).toBe(0);
  });

  it.skipIf(!TOOL)('a Kustomize root below a recursive path, or under a path read as plain files, counts', async () => {
    const files = { 'manifests/payments/web/kustomization.yaml': 'resources: [db.yaml]\n', 'manifests/payments/web/db.yaml': PAYMENTS };
    const recursive = await check(repo({ ...files, 'manifests/argocd/payments.yaml': application('manifests/payments', 'shop', '    directory: { recurse: true }\n') }));
    expect(recursive.code).toBe(1);
    expect(recursive.stderr).toMatch(/Application argocd\/payments is not analysed: .* Deployment db \(render:(kubectl kustomize|kustomize build) /);
    // directory: set makes Argo CD read the root's files as they are, not its build (whose namespace: web names them all)
    const named = { 'manifests/web/kustomization.yaml': 'namespace: web\nresources: [db.yaml]\n', 'manifests/web/db.yaml': PAYMENTS };
    const plain = await check(repo({ ...named, 'manifests/argocd/payments.yaml': application('manifests/web', 'shop', '    directory: { recurse: false }\n') }));
    expect(plain.code).toBe(1);
    expect(plain.stderr).toMatch(/Application argocd\/payments is not analysed: it reads .*manifests\/web as a directory of plain files \(directory: is set\), where reachdiff reads the Kustomize build of it/);
    // without directory:, Argo CD builds the root as reachdiff does: its namespace holds
    expect((await check(repo({ ...named, 'manifests/argocd/payments.yaml': application('manifests/web') }))).stderr).not.toMatch(/Argo CD applies|plain files/);
  });

  it.skipIf(!TOOL)('a Kustomize base that an overlay includes, named by an Application, is not what reachdiff built', async () => {
    // Argo CD builds the Application's path on its own; reachdiff built the base only through the overlay (namespace: dev)
    const files = {
      'manifests/payments/kustomization.yaml': 'resources: [db.yaml]\n',
      'manifests/payments/db.yaml': PAYMENTS,
      'manifests/overlays/dev/kustomization.yaml': 'namespace: dev\nresources: [../../payments]\n',
    };
    for (const destination of ['shop', 'default']) {
      const r = await check(repo({ ...files, 'manifests/argocd/payments.yaml': application('manifests/payments', destination) }));
      expect(r.code, destination).toBe(1);
      expect(r.stderr, destination).toMatch(/Application argocd\/payments is not analysed: it builds manifests\/payments \(built here only within .*manifests\/overlays\/dev\) on its own/);
    }
    // an Application of the overlay itself builds what reachdiff built
    const overlay = await check(repo({ ...files, 'manifests/argocd/payments.yaml': application('manifests/overlays/dev', 'dev') }));
    expect(overlay.stderr).not.toMatch(/on its own|Argo CD applies/);
  });

  it("a directory's include and exclude globs keep out the files Argo CD leaves out", async () => {
    // the app-of-apps of Istio's ambient-argo sample: include: application.yaml, beside the manifests another Application applies
    const files = { 'manifests/payments/db.yaml': PAYMENTS, 'manifests/payments/app.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c }\n' };
    const only = await check(repo({ ...files, 'manifests/argocd/payments.yaml': application('manifests/payments', 'shop', '    directory: { include: app.yaml }\n') }));
    expect(only.stderr).not.toMatch(/Argo CD applies/);
    const braces = await check(repo({ ...files, 'manifests/argocd/payments.yaml': application('manifests/payments', 'shop', '    directory: { include: "{app,db}.yaml" }\n') }));
    expect(braces.stderr).toMatch(/Argo CD applies .* Deployment db/);
    const excluded = await check(repo({ ...files, 'manifests/argocd/payments.yaml': application('manifests/payments', 'shop', '    directory: { exclude: "d*.yaml" }\n') }));
    expect(excluded.stderr).not.toMatch(/Argo CD applies/);
  });

  it('a path as Argo CD cleans it, and a check run from inside the repository, find the same objects', async () => {
    // Argo CD joins the path to the repository's root (util/app/path): ./, // and .. are resolved
    for (const path of ['./manifests/payments/', 'manifests//payments', 'manifests/x/../payments/.']) {
      const r = await check(repo({ 'manifests/argocd/payments.yaml': application(path), 'manifests/payments/db.yaml': PAYMENTS }));
      expect(r.stderr, path).toMatch(/Application argocd\/payments is not analysed/);
    }
    // `check .` in a subdirectory: the files' paths are the end of the source's
    const root = tree({ 'k8s/c.yml': NEVER, 'k8s/shop.yaml': FRONTEND, 'k8s/argocd/payments.yaml': application('k8s/payments'), 'k8s/payments/db.yaml': PAYMENTS });
    const inside = await cli(['check', '.', '--config', 'c.yml'], join(root, 'k8s'));
    expect(inside.code).toBe(1);
    expect(inside.stderr).toMatch(/Application argocd\/payments is not analysed/);
  });

  it('a namespaced Kyverno Policy and a plugin settings ConfigMap that name no namespace count too', async () => {
    // kyverno.io/docs/policy-types/cluster-policy/: a Policy generates in its own namespace
    const kyverno =
      'apiVersion: kyverno.io/v1\nkind: Policy\nmetadata: { name: open-db }\nspec:\n  rules:\n  - name: allow\n    match: { any: [ { resources: { kinds: [Deployment], names: [db] } } ] }\n    generate:\n      apiVersion: networking.k8s.io/v1\n      kind: NetworkPolicy\n      name: allow-db\n      namespace: "{{request.object.metadata.namespace}}"\n      data: { spec: { podSelector: { matchLabels: { app: db } }, ingress: [ {} ] } }\n';
    const r = await check(repo({ 'manifests/argocd/payments.yaml': application('manifests/payments'), 'manifests/payments/kyverno.yaml': kyverno }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Application argocd\/payments is not analysed: .* Policy open-db/);
    // docs.aws.amazon.com/eks/latest/userguide/cni-network-policy.html: the VPC CNI's settings, in kube-system
    const cni = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: amazon-vpc-cni }\ndata: { enable-network-policy-controller: "false" }\n';
    const c = await check(repo({ 'manifests/argocd/cni.yaml': application('manifests/cni', 'kube-system'), 'manifests/cni/cm.yaml': cni }));
    expect(c.stderr).toMatch(/Application argocd\/payments is not analysed: .* ConfigMap amazon-vpc-cni/);
  });

  it("an ApplicationSet whose generators' templates or templatePatch may set the namespace counts every object that names none", async () => {
    const set = (generators: string, patch = '') =>
      `apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata: { name: teams, namespace: argocd }\nspec:\n  generators: ${generators}\n${patch}  template:\n    metadata: { name: "{{name}}" }\n    spec:\n      project: default\n      source: { repoURL: https://example.com/platform.git, targetRevision: HEAD, path: manifests/payments }\n      destination: { server: https://kubernetes.default.svc, namespace: default }\n`;
    // applicationset/Template.md, generator templates: a generator's own template fields take precedence
    const own = set('[ { list: { elements: [ { name: pay } ], template: { spec: { source: { path: manifests/payments }, destination: { namespace: shop } } } } } ]');
    const r = await check(repo({ 'manifests/argocd/teams.yaml': own, 'manifests/payments/db.yaml': PAYMENTS }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/ApplicationSet argocd\/teams is not analysed: Argo CD applies the objects of its sources that name no namespace in the namespaces its generators' templates name/);
    const patched = set('[ { list: { elements: [ { name: pay, ns: shop } ] } } ]', '  templatePatch: |\n    spec:\n      destination:\n        namespace: "{{ .ns }}"\n');
    expect((await check(repo({ 'manifests/argocd/teams.yaml': patched, 'manifests/payments/db.yaml': PAYMENTS }))).code).toBe(1);
    expect((await check(repo({ 'manifests/argocd/teams.yaml': set('[ { list: { elements: [ { name: pay } ] } } ]'), 'manifests/payments/db.yaml': PAYMENTS }))).code).toBe(0);
  });

  it.skipIf(!TOOL)("a Kustomize root built here counts for the Application whose path it is, not for every Application", async () => {
    const kustomization = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [db.yaml]\n';
    const files = { 'manifests/web/kustomization.yaml': kustomization, 'manifests/web/db.yaml': PAYMENTS };
    const elsewhere = { 'manifests/payments/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c, namespace: shop }\n' };
    const other = await check(repo({ ...files, ...elsewhere, 'manifests/argocd/payments.yaml': application('manifests/payments') }));
    expect(other.stderr).not.toMatch(/Argo CD applies/);
    const own = await check(repo({ ...files, 'manifests/argocd/payments.yaml': application('manifests/web') }));
    expect(own.code).toBe(1);
    expect(own.stderr).toMatch(/Application argocd\/payments is not analysed: .* Deployment db \(render:(kubectl kustomize|kustomize build) /);
  });

  it('a destination that is the namespace objects are read in changes nothing', async () => {
    const r = await check(repo({ 'manifests/argocd/payments.yaml': application('manifests/payments', 'default'), 'manifests/payments/db.yaml': PAYMENTS }));
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/RD011/);
  });

  it("an ApplicationSet's template: where its paths are templates, any object that names none counts", async () => {
    const set =
      'apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata: { name: teams, namespace: argocd }\nspec:\n  generators: [ { git: { repoURL: https://example.com/platform.git, revision: HEAD, directories: [ { path: "teams/*" } ] } } ]\n  template:\n    metadata: { name: "{{path.basename}}" }\n    spec:\n      project: default\n      source: { repoURL: https://example.com/platform.git, targetRevision: HEAD, path: "{{path}}" }\n      destination: { server: https://kubernetes.default.svc, namespace: "{{path.basename}}" }\n';
    const r = await check(repo({ 'manifests/argocd/teams.yaml': set, 'manifests/teams/payments/db.yaml': PAYMENTS }));
    expect(r.code).toBe(1);
    // its paths are its git directory generator's directories (teams/payments here): the objects there count
    expect(r.stderr).toMatch(/ApplicationSet argocd\/teams is not analysed: Argo CD applies the objects of its sources that name no namespace in namespace \{\{path.basename\}\}, and objects under teams\/payments name none/);
    // a list generator over versions of a chart (Istio's ambient-argo sample): no path, none of these files; what it installs is not
    // analysed (charts from a Helm repository), as the test of such charts below says
    const charts =
      'apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata: { name: control, namespace: argocd }\nspec:\n  generators: [ { list: { elements: [ { version: 1.19.3 } ] } } ]\n  template:\n    metadata: { name: "control-{{version}}" }\n    spec:\n      project: default\n      sources: [ { repoURL: https://example.com/charts, chart: istiod, targetRevision: "{{version}}" } ]\n      destination: { name: ambient, namespace: istio-system }\n';
    const control = await check(repo({ 'manifests/argocd/control.yaml': charts, 'manifests/payments/db.yaml': PAYMENTS }));
    expect(control.code).toBe(1);
    expect(control.stderr).not.toMatch(/Argo CD applies the objects of its sources that name no namespace/);
    expect(control.stderr).toMatch(/ApplicationSet argocd\/control \(argoproj.io\/v1alpha1\) is not analysed: Argo CD installs the Helm chart istiod of https:\/\/example.com\/charts into namespace istio-system/);
  });
});

describe('a Flux Kustomization without a target namespace', () => {
  // fluxcd.io/flux/components/kustomize/kustomizations/ (Target namespace): objects that name no namespace get none,
  // and the API server refuses them ("namespace not specified"): nothing of the path is applied
  const kustomization = (extra = '') =>
    `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: { name: payments, namespace: flux-system }\nspec:\n  interval: 10m\n  path: ./manifests/payments\n  prune: true\n  sourceRef: { kind: GitRepository, name: platform }\n${extra}`;
  const DENY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: deny, namespace: shop }\nspec: { podSelector: {}, policyTypes: [Ingress] }\n---\n';

  it('objects of its path that name none: it is not analysed, and the policies it would apply are not taken as applied', async () => {
    const r = await check(repo({ 'manifests/flux/payments.yaml': kustomization(), 'manifests/payments/db.yaml': DENY + PAYMENTS }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Kustomization flux-system\/payments is not analysed: Flux applies none of its path's namespaced objects where one there names no namespace/);
  });

  it("any namespaced object that names none counts, a ConfigMap or a HelmRelease too: the API server's refusal stops the apply", async () => {
    // fluxcd/pkg ssa: every object is dry-run before any is applied, and one that names no namespace fails
    const notes = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: policy-notes }\ndata: { a: b }\n---\n';
    const r = await check(repo({ 'manifests/flux/payments.yaml': kustomization(), 'manifests/payments/deny.yaml': DENY + notes }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Kustomization flux-system\/payments is not analysed: .* ConfigMap policy-notes/);
    // cluster-scoped kinds need none
    const cluster = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: reader }\nrules: []\n---\napiVersion: v1\nkind: Namespace\nmetadata: { name: extra }\n';
    expect((await check(repo({ 'manifests/flux/payments.yaml': kustomization(), 'manifests/payments/deny.yaml': DENY + cluster }))).stderr).not.toMatch(/Flux applies none/);
  });

  it('an artifact that is not this repository (an OCI artifact, a bucket) holds none of its files', async () => {
    const oci = kustomization().replace('sourceRef: { kind: GitRepository, name: platform }', 'sourceRef: { kind: OCIRepository, name: extras }');
    expect((await check(repo({ 'manifests/flux/payments.yaml': oci, 'manifests/payments/db.yaml': PAYMENTS }))).stderr).not.toMatch(/Flux applies none/);
  });

  it.skipIf(!TOOL)('a Kustomize root built below its path counts: Flux builds it as part of the path', async () => {
    const files = { 'manifests/payments/web/kustomization.yaml': 'resources: [db.yaml]\n', 'manifests/payments/web/db.yaml': PAYMENTS, 'manifests/payments/deny.yaml': DENY };
    const r = await check(repo({ ...files, 'manifests/flux/payments.yaml': kustomization() }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Kustomization flux-system\/payments is not analysed: .* Deployment db \(render:(kubectl kustomize|kustomize build) /);
  });

  it('with a target namespace, or objects that all name theirs, it changes nothing here', async () => {
    const named = PAYMENTS.replace('name: db }', 'name: db, namespace: data }').replace('name: db-same-namespace }', 'name: db-same-namespace, namespace: data }');
    const r = await check(repo({ 'manifests/flux/payments.yaml': kustomization(), 'manifests/payments/db.yaml': named }));
    expect(r.stderr).not.toMatch(/Flux applies none/);
    // a target namespace is a rewrite reachdiff does not apply, reported as such
    const t = await check(repo({ 'manifests/flux/payments.yaml': kustomization('  targetNamespace: shop\n'), 'manifests/payments/db.yaml': PAYMENTS }));
    expect(t.stderr).not.toMatch(/Flux applies none/);
    expect(t.stderr).toMatch(/changes the manifests it applies \(targetNamespace\)/);
  });
});

describe("a file Argo CD skips (+argocd:skip-file-rendering)", () => {
  // argo-cd.readthedocs.io/en/latest/user-guide/directory/ (Skipping File Rendering): Argo CD leaves out a file holding
  // the marker anywhere; kubectl applies it
  const DENY = '# +argocd:skip-file-rendering\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: deny, namespace: shop }\nspec: { podSelector: {}, policyTypes: [Ingress] }\n';
  const DB = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: db, namespace: shop }\nspec:\n  selector: { matchLabels: { app: db } }\n  template:\n    metadata: { labels: { app: db } }\n    spec: { containers: [ { name: c, image: i } ] }\n';

  it('a policy in such a file is not analysed, so a never invariant resting on it fails closed', async () => {
    expect((await check(plain({ 'manifests/db.yaml': DB, 'manifests/deny.yaml': DENY.replace('# +argocd:skip-file-rendering\n', '') }))).code).toBe(0);
    const r = await check(plain({ 'manifests/db.yaml': DB, 'manifests/deny.yaml': DENY }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/deny\.yaml:1: warning: .*deny\.yaml is not analysed: the file holds \+argocd:skip-file-rendering, so Argo CD does not apply it, where kubectl does.*\[RD011\]/);
  });

  it('a file of values or other objects that decide no traffic stays quiet', async () => {
    const values = '# +argocd:skip-file-rendering\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: example }\ndata: { not-actually: a-manifest }\n';
    const r = await check(plain({ 'manifests/db.yaml': DB, 'manifests/deny.yaml': DENY.replace('# +argocd:skip-file-rendering\n', ''), 'manifests/values.yaml': values }));
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/RD011/);
  });
});

describe("the labels Argo CD sets on a namespace it creates (managedNamespaceMetadata)", () => {
  // argo-cd.readthedocs.io/en/latest/user-guide/sync-options/ (Namespace Auto-Creation): with CreateNamespace=true,
  // managedNamespaceMetadata's labels are set on the destination namespace
  const app = (labels: string, extra = '') =>
    `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: { name: web, namespace: argocd }\nspec:\n  project: default\n  source: { repoURL: https://example.com/platform.git, targetRevision: HEAD, path: apps/web }\n  destination: { server: https://kubernetes.default.svc, namespace: web }\n  syncPolicy:\n    syncOptions: [CreateNamespace=true]\n    managedNamespaceMetadata: { labels: { ${labels} } }\n${extra}`;
  const WEB = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: frontend, namespace: web }\nspec:\n  selector: { matchLabels: { app: frontend } }\n  template:\n    metadata: { labels: { app: frontend } }\n    spec: { containers: [ { name: c, image: i } ] }\n';
  const DB =
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: db, namespace: shop }\nspec:\n  selector: { matchLabels: { app: db } }\n  template:\n    metadata: { labels: { app: db } }\n    spec: { containers: [ { name: c, image: i } ] }\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: db-from-trusted, namespace: shop }\nspec:\n  podSelector: { matchLabels: { app: db } }\n  policyTypes: [Ingress]\n  ingress: [ { from: [ { namespaceSelector: { matchLabels: { zone: trusted } } } ] } ]\n';
  const WEB_NEVER = 'invariants:\n  - name: web never reaches db\n    never: { from: { namespace: web }, to: { workload: shop/db } }\n';
  const run = (files: Record<string, string>) => {
    // the Application's path holds web
    // and another applies db (a file under no GitOps object's path is not taken as applied)
    const shop = app('').replace('name: web', 'name: shop').replace('path: apps/web', 'path: apps/shop').replace(/ {2}syncPolicy:[^]*$/, '');
    const root = tree({ 'c.yml': WEB_NEVER, 'manifests/apps/shop/db.yaml': DB, 'manifests/argocd/shop.yaml': shop, 'manifests/apps/web/web.yaml': WEB, ...files });
    return cli(['check', join(root, 'manifests'), '--config', join(root, 'c.yml')]);
  };

  it('a namespace the manifests do not declare gets them, so a namespaceSelector on them matches', async () => {
    // the last round's build said "ok holds": the namespace had no labels but its name
    const r = await run({ 'manifests/argocd/web.yaml': app('zone: trusted') });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/FAIL violated: web never reaches db/);
    expect(r.stderr).not.toMatch(/RD011/);
    expect((await run({ 'manifests/argocd/web.yaml': app('zone: dmz') })).code).toBe(0);
  });

  it('without CreateNamespace=true Argo CD sets none', async () => {
    const plain = app('zone: trusted').replace('syncOptions: [CreateNamespace=true]', 'syncOptions: [ServerSideApply=true]');
    // the namespace is made elsewhere, with labels the manifests do not show: the namespaceSelector on zone may pick it
    const r = await run({ 'manifests/argocd/web.yaml': plain });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/its namespaceSelector reads zone of namespaces, and namespaces shop, web, which neither the manifests nor the config's outside\.namespaces declare/);
    // declared, it carries what its manifest says
    const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${name} }\n---\n`;
    expect((await run({ 'manifests/argocd/web.yaml': plain, 'manifests/apps/shop/ns.yaml': ns('web') + ns('shop') })).code).toBe(0);
  });

  it('a namespace the manifests declare too is not analysed: which labels it gets is not modelled', async () => {
    const r = await run({ 'manifests/argocd/web.yaml': app('zone: trusted'), 'manifests/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: { name: web }\n' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Application argocd\/web is not analysed: it sets labels on namespace web \(managedNamespaceMetadata\), which the manifests also declare/);
  });
});

describe('the .jsonnet files an Argo CD directory source renders', () => {
  // argo-cd.readthedocs.io/en/latest/user-guide/jsonnet/: "Any file matching *.jsonnet in a directory app is treated as
  // a Jsonnet file"; kubectl applies none of them, and reachdiff does not evaluate them
  const DB_DENIED =
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: db, namespace: shop }\nspec:\n  selector: { matchLabels: { app: db } }\n  template:\n    metadata: { labels: { app: db } }\n    spec: { containers: [ { name: c, image: i } ] }\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: deny, namespace: shop }\nspec: { podSelector: {}, policyTypes: [Ingress] }\n';
  // what Argo CD would render: a policy admitting every pod to db
  const ALLOW =
    "{ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'allow-db', namespace: 'shop' }, spec: { podSelector: { matchLabels: { app: 'db' } }, ingress: [{}] } }\n";

  it('a .jsonnet file under an Application path: the Application is not analysed and the never invariant fails closed', async () => {
    const plain = repo({ 'manifests/argocd/payments.yaml': application('manifests/payments'), 'manifests/payments/db.yaml': DB_DENIED });
    expect((await check(plain)).code).toBe(0);
    const r = await check(repo({ 'manifests/argocd/payments.yaml': application('manifests/payments'), 'manifests/payments/db.yaml': DB_DENIED, 'manifests/payments/allow.jsonnet': ALLOW }));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Application argocd\/payments is not analysed: it renders .*manifests\/payments\/allow\.jsonnet \(Argo CD evaluates a directory's \.jsonnet files\), which reachdiff does not evaluate.*\[RD011\]/);
  });

  it('without an Application whose path holds it, a .jsonnet file is left alone, as kubectl leaves it', async () => {
    const elsewhere = await check(repo({ 'manifests/argocd/payments.yaml': application('manifests/payments'), 'manifests/payments/db.yaml': DB_DENIED, 'manifests/lib/allow.jsonnet': ALLOW }));
    expect(elsewhere.code).toBe(0);
    expect(elsewhere.stderr).not.toMatch(/RD011|jsonnet/);
    const none = await check(plain({ 'manifests/payments/db.yaml': DB_DENIED, 'manifests/payments/allow.jsonnet': ALLOW }));
    expect(none.code).toBe(0);
    expect(none.stderr).not.toMatch(/RD011|jsonnet/);
  });

  it.skipIf(!TOOL)('a Kustomize root elsewhere whose directory ends with the same path does not hide them', async () => {
    const files = { 'manifests/argocd/payments.yaml': application('manifests/payments'), 'manifests/payments/db.yaml': DB_DENIED, 'manifests/payments/allow.jsonnet': ALLOW };
    const root = repo({ ...files, 'clusters/prod/manifests/payments/kustomization.yaml': 'resources: [cm.yaml]\n', 'clusters/prod/manifests/payments/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x, namespace: shop }\n' });
    const r = await cli(['check', '.', '--config', 'c.yml'], root);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/it renders .*allow\.jsonnet/);
  });

  it("a directory's exclude glob that leaves the file out keeps it out of the reasons", async () => {
    const excluded = (glob: string) => application('manifests/payments', 'shop', `    directory: { exclude: '${glob}' }\n`);
    const files = { 'manifests/payments/db.yaml': DB_DENIED, 'manifests/payments/allow.jsonnet': ALLOW };
    // (an exclude glob is itself not modelled for the objects it leaves out: the Application is reported for that anyway)
    expect((await check(repo({ 'manifests/argocd/payments.yaml': excluded('*.jsonnet'), ...files }))).stderr).not.toMatch(/renders/);
    expect((await check(repo({ 'manifests/argocd/payments.yaml': excluded('*.txt'), ...files }))).stderr).toMatch(/it renders .*allow\.jsonnet/);
  });
});

describe("where the repository read is a git checkout", () => {
  const payments = { 'manifests/argocd/payments.yaml': application('manifests/payments'), 'manifests/payments/db.yaml': PAYMENTS };
  const clone = (remote: string | undefined) => {
    const root = repo(payments);
    spawnSync('git', ['init', '-q', root]);
    if (remote) spawnSync('git', ['-C', root, 'remote', 'add', 'origin', remote]);
    return root;
  };

  it("a source whose repoURL names another repository still counts: a renamed repository keeps serving its old URL", async () => {
    // the Application names platform.git; this checkout's remote is shop-manifests (a rename GitHub redirects, say)
    for (const remote of ['https://github.com/acme/shop-manifests.git', 'git@github.com:acme/platform.git', undefined]) {
      const r = await check(clone(remote));
      expect(r.code, String(remote)).toBe(1);
      expect(r.stderr, String(remote)).toMatch(/Application argocd\/payments is not analysed: Argo CD applies the objects of its sources that name no namespace in namespace shop/);
    }
  });

  it("in a checkout with a remote, paths match from the work tree's root too: a check inside the application's directory finds it, and a tree below another project's root, a link or a submodule is still matched by its end", async () => {
    const layout = { 'c.yml': NEVER, 'manifests/shop.yaml': FRONTEND, 'manifests/argocd/payments.yaml': application('manifests/payments'), 'manifests/payments/db.yaml': PAYMENTS };
    const checkout = (remote: string | undefined, files: Record<string, string> = layout) => {
      const root = tree(files);
      spawnSync('git', ['init', '-q', root]);
      if (remote) spawnSync('git', ['-C', root, 'remote', 'add', 'origin', remote]);
      return root;
    };
    // `check . ../argocd` inside the application's own directory: its files' place in the work tree is known
    const inside = checkout('https://github.com/acme/platform.git');
    const r = await cli(['check', '.', '../argocd', '../shop.yaml', '--config', '../../c.yml'], join(inside, 'manifests', 'payments'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Application argocd\/payments is not analysed: Argo CD applies the objects of its sources that name no namespace in namespace shop, and objects under manifests\/payments name none/);
    // with a PATH outside any work tree too: each file is placed in the work tree holding it
    const outside = tree({ 'extra.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: { name: extra }\n' });
    const mixed = await cli(['check', '.', '../argocd', '../shop.yaml', join(outside, 'extra.yaml'), '--config', '../../c.yml'], join(inside, 'manifests', 'payments'));
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toMatch(/Application argocd\/payments is not analysed/);
    // the GitOps tree kept in deploy/ of a project with a remote: the source's path is the end of the directories'
    const below = checkout('https://github.com/acme/platform.git', Object.fromEntries(Object.entries(layout).map(([k, v]) => [k === 'c.yml' ? k : `deploy/${k}`, v])));
    const deploy = await cli(['check', join(below, 'deploy'), '--config', join(below, 'c.yml')]);
    expect(deploy.code).toBe(1);
    expect(deploy.stderr).toMatch(/Application argocd\/payments is not analysed/);
    // db.yaml a link to a file elsewhere in the work tree: Argo CD reads it where the link stands
    const linked = checkout('https://github.com/acme/platform.git', { ...layout, 'manifests/payments/db.yaml': '', 'shared/db.yaml': PAYMENTS });
    rmSync(join(linked, 'manifests', 'payments', 'db.yaml'));
    symlinkSync('../../shared/db.yaml', join(linked, 'manifests', 'payments', 'db.yaml'));
    const link = await cli(['check', join(linked, 'manifests'), '--config', join(linked, 'c.yml')]);
    expect(link.code).toBe(1);
    expect(link.stderr).toMatch(/Application argocd\/payments is not analysed/);
  });

});
