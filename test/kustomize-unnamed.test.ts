/**
 * Files under a Kustomize root that no kustomization names: the build
 * (`kubectl apply -k`) leaves their objects out, where `kubectl apply -f`
 * applies them. A pull request that adds a kustomization.yaml listing the
 * other files beside an allow policy must not hide the policy.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findKustomizeTool } from '../src/sources/repository.js';
import { cli, deployment, namespace, policy, tree } from './helpers.js';

const TOOL = findKustomizeTool();
if (!TOOL) console.log('kustomize-unnamed: neither kustomize nor kubectl is installed; these tests, which build roots, are skipped');

const APP = namespace('shop') + deployment('shop', 'frontend', { app: 'frontend' }) + deployment('shop', 'db', { app: 'db' }, [{ name: 'pg', port: 5432 }]) + policy('shop', 'default-deny', { podSelector: {}, policyTypes: ['Ingress'] });
const ALLOW = policy('shop', 'db-allow-all', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{}] });
const CONFIG = 'invariants:\n  - name: frontend never reaches db\n    never: { from: { namespace: shop, labels: { app: frontend } }, to: { namespace: shop, labels: { app: db } } }\n';
const kustomization = (resources: string[]) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: ${JSON.stringify(resources)}\n`;

describe.skipIf(!TOOL)('files a built Kustomize root does not name', () => {
  it('a pull request adding a kustomization beside an allow policy it does not list fails closed', async () => {
    const root = tree({ 'base/app/app.yaml': APP, 'head/app/app.yaml': APP, 'head/app/allow.yaml': ALLOW, 'head/app/kustomization.yaml': kustomization(['app.yaml']), 'c.yml': CONFIG });
    const r = await cli(['diff', join(root, 'base'), join(root, 'head'), '--config', join(root, 'c.yml')]);
    expect(r.stderr).toMatch(/allow\.yaml:1: error: .*allow\.yaml is under Kustomize root .*app, whose build is read, but no kustomization names it: the build leaves its objects out, where kubectl apply -f on the root applies them/);
    expect(r.stdout).toMatch(/unsure: these verdicts rest on a head with 1 input that could not be read, so they fail closed/);
    expect(r.code).toBe(1);
    // a string of the kustomization that is not a path it reads (a label's value) does not name the file
    const labelled = tree({
      'base/app/app.yaml': APP,
      'head/app/app.yaml': APP,
      'head/app/allow.yaml': ALLOW,
      'head/app/kustomization.yaml': `${kustomization(['app.yaml'])}commonAnnotations: { note: allow.yaml }\n`,
      'c.yml': CONFIG,
    });
    const again = await cli(['diff', join(labelled, 'base'), join(labelled, 'head'), '--config', join(labelled, 'c.yml')]);
    expect(again.stderr).toMatch(/allow\.yaml:1: error: .*no kustomization names it/);
    expect(again.code).toBe(1);
    // one state on its own: every such file is unread input
    const checked = await cli(['check', join(root, 'head'), '--config', join(root, 'c.yml')]);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toMatch(/allow\.yaml:1: error: /);
  });

  // a generator's files become a ConfigMap's data (kubectl.docs.kubernetes.io, configMapGenerator), a component
  // no root includes is built by no build, and a NetworkPolicyList or a Rollout decide traffic too
  it('a file named only as generator data or by a stray component, a list of policies and a Rollout are reported', async () => {
    const cases: Array<[string, Record<string, string>]> = [
      ['generator', { 'head/app/kustomization.yaml': `${kustomization(['app.yaml'])}configMapGenerator: [{ name: archive, files: [allow.yaml] }]\n` }],
      ['stray component', { 'head/app/kustomization.yaml': kustomization(['app.yaml']), 'head/app/unused/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [../allow.yaml]\n' }],
      ['list', { 'head/app/kustomization.yaml': kustomization(['app.yaml']), 'head/app/allow.yaml': `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicyList\nitems:\n  - ${JSON.stringify({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'db-allow-all', namespace: 'shop' }, spec: { podSelector: { matchLabels: { app: 'db' } }, ingress: [{}] } })}\n` }],
      ['rollout', { 'head/app/kustomization.yaml': kustomization(['app.yaml']), 'head/app/allow.yaml': 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: { name: r, namespace: shop }\nspec: { selector: { matchLabels: { app: r } }, template: { metadata: { labels: { app: r } }, spec: { containers: [{ name: c, image: x }] } } }\n' }],
    ];
    for (const [why, files] of cases) {
      const root = tree({ 'base/app/app.yaml': APP, 'head/app/app.yaml': APP, 'head/app/allow.yaml': ALLOW, ...files, 'c.yml': CONFIG });
      const r = await cli(['diff', join(root, 'base'), join(root, 'head'), '--config', join(root, 'c.yml')]);
      expect(r.stderr, why).toMatch(/allow\.yaml:1: error: .*no kustomization names it/);
      expect(r.code, why).toBe(1);
    }
  });

  // kubectl apply -f DIR reads DIR's own files; those of deeper directories only with -R (kubernetes.io, kubectl apply)
  it('a file deeper under the root is noted, unread only where the change adds or edits it', async () => {
    const files = { 'base/app/app.yaml': APP, 'base/app/kustomization.yaml': kustomization(['app.yaml']), 'head/app/app.yaml': APP, 'head/app/kustomization.yaml': kustomization(['app.yaml']), 'c.yml': CONFIG };
    const same = tree({ ...files, 'base/app/samples/allow.yaml': ALLOW, 'head/app/samples/allow.yaml': ALLOW });
    const checked = await cli(['check', join(same, 'head'), '--config', join(same, 'c.yml')]);
    expect(checked.stderr).toMatch(/samples\/allow\.yaml:1: info: .*where kubectl apply -R -f on the root applies them/);
    expect(checked.code).toBe(0);
    expect((await cli(['diff', join(same, 'base'), join(same, 'head'), '--config', join(same, 'c.yml')])).code).toBe(0);
    const added = tree({ ...files, 'head/app/samples/allow.yaml': ALLOW });
    const r = await cli(['diff', join(added, 'base'), join(added, 'head'), '--config', join(added, 'c.yml')]);
    expect(r.stderr).toMatch(/samples\/allow\.yaml:1: error: /);
    expect(r.code).toBe(1);
  });

  it('a file the kustomization names is read through the build, and one without objects is not reported', async () => {
    const root = tree({
      'base/app/app.yaml': APP,
      'head/app/app.yaml': APP,
      'head/app/allow.yaml': ALLOW,
      'head/app/notes.yaml': 'owners: [platform]\n',
      'head/app/kustomization.yaml': kustomization(['app.yaml', 'allow.yaml']),
      'c.yml': CONFIG,
    });
    const r = await cli(['diff', join(root, 'base'), join(root, 'head'), '--config', join(root, 'c.yml')]);
    expect(r.stderr).not.toMatch(/no kustomization names it/);
    expect(r.stdout).toMatch(/FAIL newly violated: frontend never reaches db/);
  });
});

describe.skipIf(!TOOL)('a GitOps source whose plain directory lies under a built root that does not name its files', () => {
  // Argo CD picks the tool from the source path's own directory: with no kustomization.yaml there it is a plain directory
  // (argo-cd.readthedocs.io, user-guide/tool_detection); Flux generates a kustomization listing the path's manifests
  // when none is there (fluxcd.io/flux/components/kustomize/kustomizations/#generating-a-kustomizationyaml-file).
  // Either applies the allow policy that the top root's build leaves out.
  const APPLICATION = 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: { name: shop-policies, namespace: argocd }\nspec:\n  project: default\n  source: { repoURL: https://example.com/gitops.git, path: policies }\n  destination: { server: https://kubernetes.default.svc, namespace: shop }\n';
  const FLUX =
    'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: { name: shop-policies, namespace: flux-system }\nspec:\n  interval: 10m\n  path: ./policies\n  prune: true\n  sourceRef: { kind: GitRepository, name: gitops }\n';
  const layout = (gitops: string) =>
    tree({ 'kustomization.yaml': kustomization(['apps/shop']), 'apps/shop/app.yaml': APP, 'apps/shop/kustomization.yaml': kustomization(['app.yaml']), 'policies/allow.yaml': ALLOW, 'gitops/policies.yaml': gitops, 'c.yml': CONFIG });

  for (const [tool, gitops, kind] of [
    ['Argo CD', APPLICATION, 'Application'],
    ['Flux', FLUX, 'Kustomization'],
  ] as const) {
    it(`${tool}: is not analysed, naming the files left out, and a check fails closed`, async () => {
      const root = layout(gitops);
      const r = await cli(['check', '.', '--config', 'c.yml', '--kustomize', 'build'], root);
      expect(r.stderr).toMatch(new RegExp(`gitops/policies\\.yaml:\\d+: warning: ${kind} \\S*shop-policies is not analysed: ${tool} applies policies on its own, where no kustomization stands, and policies/allow\\.yaml there, .*leaves them out.*every invariant fails closed \\[RD011\\]`));
      expect(r.stdout).not.toMatch(/ok holds/);
      expect(r.code).toBe(1);
    });
  }

  it('a source path with a kustomization of its own, whose build leaves a file out, is not reported so', async () => {
    const root = tree({
      'kustomization.yaml': kustomization(['policies']),
      'policies/kustomization.yaml': kustomization(['deny.yaml']),
      'policies/deny.yaml': policy('shop', 'deny', { podSelector: {}, policyTypes: ['Ingress'] }),
      'policies/allow.yaml': ALLOW,
      'apps/app.yaml': APP,
      'gitops/policies.yaml': APPLICATION,
      'c.yml': CONFIG,
    });
    const r = await cli(['check', '.', '--config', 'c.yml', '--kustomize', 'build'], root);
    expect(r.stderr).not.toMatch(/applies policies on its own/);
  });
});
