/**
 * GitOps objects that install what the manifests do not hold: a chart
 * Flux's helm-controller renders for a HelmRelease from its source
 * (fluxcd.io/flux/components/helm/helmreleases/: "installs the podinfo
 * Helm chart" from a HelmRepository, or a chartRef's OCIRepository), an
 * artifact a Flux Kustomization applies from a source that is not a
 * GitRepository (fluxcd.io/flux/components/kustomize/kustomizations/,
 * Source reference), an Argo CD source that is a Helm repository's chart
 * (`chart:`) or a path of another repository
 * (argo-cd.readthedocs.io/en/stable/user-guide/application-specification/).
 * Each is not analysed (RD011), and since a chart may hold objects of any
 * namespace and cluster-scoped policies, every invariant fails closed,
 * rather than hold on the manifests without them.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tree } from './helpers.js';

/** podinfo's db, admitting only its own namespace's pods, and a workload of kube-system: the invariants hold on these manifests alone. */
const DB =
  'apiVersion: v1\nkind: Namespace\nmetadata: { name: podinfo }\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: db, namespace: podinfo }\nspec:\n  selector: { matchLabels: { app: db } }\n  template:\n    metadata: { labels: { app: db } }\n    spec: { containers: [ { name: db, image: pg, ports: [ { containerPort: 5432 } ] } ] }\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: db, namespace: podinfo }\nspec:\n  podSelector: { matchLabels: { app: db } }\n  ingress: [ { from: [ { podSelector: {} } ] } ]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: dns, namespace: kube-system }\nspec:\n  selector: { matchLabels: { app: dns } }\n  template:\n    metadata: { labels: { app: dns } }\n    spec: { containers: [ { name: dns, image: dns } ] }\n';
const INVARIANTS =
  'invariants:\n  - name: only podinfo pods reach db\n    only: { to: { workload: podinfo/db }, from: [ { namespace: podinfo } ] }\n  - name: nothing in podinfo reachable from internet\n    never: { from: internet, to: { namespace: podinfo } }\n  - name: kube-system never reaches db\n    never: { from: { namespace: kube-system }, to: { workload: podinfo/db } }\n';

const HELM_RELEASE =
  'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: { name: podinfo, namespace: podinfo }\nspec:\n  interval: 50m\n  chart:\n    spec:\n      chart: podinfo\n      sourceRef: { kind: HelmRepository, name: podinfo }\n  values:\n    ingress: { enabled: true }\n';
const application = (source: string, destination = 'podinfo') =>
  `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: { name: podinfo, namespace: argocd }\nspec:\n  project: default\n  source:\n${source}  destination: { server: https://kubernetes.default.svc, namespace: ${destination} }\n`;
const CHART = '    repoURL: https://stefanprodan.github.io/podinfo\n    chart: podinfo\n    targetRevision: 6.7.1\n    helm:\n      valuesObject: { ingress: { enabled: true } }\n';
const flux = (sourceRef: string, path = './apps/podinfo', extra = '') =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: { name: podinfo, namespace: flux-system }\nspec:\n  interval: 10m\n  path: ${path}\n  prune: true\n  sourceRef: ${sourceRef}\n${extra}`;

async function check(files: Record<string, string>) {
  const root = tree({ 'c.yml': INVARIANTS, 'manifests/app.yaml': DB, ...files });
  return cli(['check', join(root, 'manifests'), '--config', join(root, 'c.yml')]);
}

/** Every invariant fails closed, naming the object not analysed with its file and line. */
function failsClosed(r: { code: number; stdout: string }, what: string, file: string) {
  expect(r.code).toBe(1);
  expect(r.stdout).not.toMatch(/ok holds/);
  for (const name of ['only podinfo pods reach db', 'nothing in podinfo reachable from internet', 'kube-system never reaches db']) expect(r.stdout).toContain(`FAIL violated: ${name}`);
  expect(r.stdout).toMatch(new RegExp(`${what}: not analysed \\(.*\\) \\(.*${file}:1\\)`));
}

describe('GitOps objects that install what the manifests do not hold', () => {
  it('without them the invariants hold', async () => {
    expect((await check({})).code).toBe(0);
  });

  it("a Flux HelmRelease's chart is not analysed: every invariant fails closed, a chart's cluster-scoped policies acting anywhere", async () => {
    const r = await check({ 'manifests/release.yaml': HELM_RELEASE });
    failsClosed(r, 'HelmRelease podinfo/podinfo', 'release.yaml');
    expect(r.stderr).toMatch(/release\.yaml:1: warning: HelmRelease podinfo\/podinfo \(helm\.toolkit\.fluxcd\.io\/v2\) is not analysed: Flux installs the Helm chart podinfo of HelmRepository podinfo into namespace podinfo, and the objects it renders are not in the manifests read; .*\[RD011\]/);
    // its target namespace is where objects that name none go; a chartRef names the chart's source
    const target = HELM_RELEASE.replace('  interval: 50m\n', '  interval: 50m\n  targetNamespace: web\n').replace(/ {2}chart:\n.*\n.*\n.*\n/, '  chartRef: { kind: OCIRepository, name: podinfo }\n');
    expect((await check({ 'manifests/release.yaml': target })).stderr).toMatch(/Flux installs the chart of OCIRepository podinfo into namespace web/);
  });

  it("an Argo CD Application or ApplicationSet whose source is a Helm repository's chart is not analysed either", async () => {
    const r = await check({ 'manifests/application.yaml': application(CHART) });
    failsClosed(r, 'Application argocd/podinfo', 'application.yaml');
    expect(r.stderr).toMatch(/Application argocd\/podinfo \(argoproj\.io\/v1alpha1\) is not analysed: Argo CD installs the Helm chart podinfo of https:\/\/stefanprodan\.github\.io\/podinfo into namespace podinfo/);
    // one source of several, with a templated destination
    const set = `apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata: { name: charts, namespace: argocd }\nspec:\n  generators: [ { list: { elements: [ { ns: podinfo } ] } } ]\n  template:\n    metadata: { name: "podinfo-{{ns}}" }\n    spec:\n      project: default\n      sources:\n        - { repoURL: https://example.com/values.git, targetRevision: HEAD, ref: values }\n        - { repoURL: https://stefanprodan.github.io/podinfo, chart: podinfo, targetRevision: 6.7.1 }\n      destination: { server: https://kubernetes.default.svc, namespace: "{{ns}}" }\n`;
    failsClosed(await check({ 'manifests/set.yaml': set }), 'ApplicationSet argocd/charts', 'set.yaml');
  });

  it("an Argo CD source path or a Flux Kustomization's path below which no file read lies is not analysed: another repository's, or a directory not given", async () => {
    const elsewhere = application('    repoURL: https://example.com/other.git\n    targetRevision: HEAD\n    path: apps/podinfo\n');
    const r = await check({ 'manifests/argocd/podinfo.yaml': elsewhere });
    failsClosed(r, 'Application argocd/podinfo', 'podinfo.yaml');
    expect(r.stderr).toMatch(/Application argocd\/podinfo is not analysed: Argo CD applies what its source holds at apps\/podinfo, and no file read lies there/);
    const kustomization = flux('{ kind: GitRepository, name: other }', './apps/podinfo', '  targetNamespace: podinfo\n');
    failsClosed(await check({ 'manifests/flux/podinfo.yaml': kustomization }), 'Kustomization flux-system/podinfo', 'podinfo.yaml');
    // a path the files read lie in (below it too) is read
    const here = { 'manifests/apps/podinfo/sub/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: c, namespace: podinfo }\n' };
    const read = await check({ ...here, 'manifests/argocd/podinfo.yaml': elsewhere });
    expect(read.stderr).not.toMatch(/no file read lies there/);
    // (app.yaml, under no path of it, is not taken as applied: gitops-unapplied.test.ts)
    expect(read.stderr).toMatch(/app\.yaml is not analysed: it decides traffic and lies under none of the paths/);
    expect((await check({ ...here, 'manifests/flux/podinfo.yaml': kustomization })).stderr).not.toMatch(/no file read lies there/);
  });

  it('an Application or Kustomization in rendered output (--render) whose path holds no file read is not analysed: the stream says nothing of which files it read', async () => {
    // an app-of-apps chart renders an Application of apps/extra (argo-cd.readthedocs.io, operator-manual/cluster-bootstrapping),
    // whose files the check did not read
    const root = tree({ 'c.yml': INVARIANTS, 'manifests/app.yaml': DB, 'extra.yaml': '---\n' + application('    repoURL: https://example.com/repo.git\n    targetRevision: HEAD\n    path: apps/extra\n') });
    const r = await cli(['check', '--config', 'c.yml', '--render', 'cat manifests/app.yaml extra.yaml'], root);
    expect(r.code).toBe(1);
    for (const name of ['only podinfo pods reach db', 'nothing in podinfo reachable from internet', 'kube-system never reaches db']) expect(r.stdout).toContain(`FAIL violated: ${name}`);
    expect(r.stderr).toMatch(/Application argocd\/podinfo is not analysed: Argo CD applies what its source holds at apps\/extra, and no file read lies there/);
    const kustomization = join(root, 'flux.yaml');
    writeFileSync(kustomization, '---\n' + flux('{ kind: GitRepository, name: repo }', './apps/extra', '  targetNamespace: podinfo\n'));
    const k = await cli(['check', '--config', 'c.yml', '--render', 'cat manifests/app.yaml flux.yaml'], root);
    expect(k.code).toBe(1);
    expect(k.stderr).toMatch(/Kustomization flux-system\/podinfo is not analysed: Flux applies what its source holds at apps\/extra, and no file read lies there/);
  });

  it("a Flux Kustomization of an OCI artifact or a bucket is not analysed: its objects are none of the repository's", async () => {
    for (const kind of ['OCIRepository', 'Bucket']) {
      const r = await check({ 'manifests/flux/podinfo.yaml': flux(`{ kind: ${kind}, name: podinfo }`, './') });
      failsClosed(r, 'Kustomization flux-system/podinfo', 'podinfo.yaml');
      expect(r.stderr).toContain(`is not analysed: Flux applies the artifact of ${kind} podinfo, whose objects are not in the manifests read`);
    }
  });
});
