/**
 * Which Kustomize roots are built into a state, and which of their files
 * are read: overlays that are alternatives (one per environment), bases
 * reached through links or remote URLs, components no root includes, and
 * roots' files in hidden directories. `kubectl kustomize DIR` (as
 * `kubectl apply -k DIR` builds it) is the reference.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findKustomizeTool } from '../src/sources/repository.js';
import { cli, deployment, policy, tree } from './helpers.js';

const TOOL = findKustomizeTool();
if (!TOOL) console.log('kustomize-roots: neither kustomize nor kubectl is installed; these tests, which build roots, are skipped');

const APPS = deployment('', 'frontend', { app: 'frontend' }).replace('\n  namespace: \n', '\n') + deployment('', 'db', { app: 'db' }, [{ port: 5432 }]).replace('\n  namespace: \n', '\n');
const DENY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: deny-all }\nspec: { podSelector: {}, policyTypes: [Ingress] }\n';
const NEVER = 'invariants:\n  - name: frontend never reaches db\n    never: { from: { labels: { app: frontend } }, to: { labels: { app: db } } }\n';
const kustomization = (body: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${body}`;
const BASE = { 'base/apps.yaml': APPS, 'base/kustomization.yaml': kustomization('resources: [apps.yaml]\n') };

/** Runs git in a repository a test made, as a committer of its own. */
function git(repo: string, ...args: string[]): string {
  return execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
}

/** Makes a directory a repository whose one commit, on main, holds its files. */
function commitAll(repo: string): void {
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'base');
}

describe.skipIf(!TOOL)('top roots whose builds make objects of the same ids', () => {
  // two overlays of one base into one namespace make the same Deployments: applied to one cluster, the one applied
  // last overwrites the other's (kubernetes.io, kubectl apply: objects are keyed by kind, namespace and name), so
  // they are alternatives, and what only one of them makes is not in the other's cluster
  it("an object that decides traffic which one makes and the other does not fails closed, naming both roots", async () => {
    const root = tree({
      ...BASE,
      'overlays/prod/kustomization.yaml': kustomization('namespace: shop\nresources: [../../base]\n'),
      'overlays/dev/kustomization.yaml': kustomization('namespace: shop\nresources: [../../base, deny.yaml]\n'),
      'overlays/dev/deny.yaml': DENY,
      'c.yml': NEVER,
    });
    const r = await cli(['check', root, '--config', join(root, 'c.yml'), '--kustomize', 'build'], root);
    expect(r.stderr).toMatch(
      /render:[^:]* overlays\/dev:\d+: error: NetworkPolicy shop\/deny-all is made by the build of Kustomize root overlays\/dev and not by that of overlays\/prod, which makes objects of the same ids \(Deployment shop\/\w+\): .*alternatives.*make each root a target \(render: kubectl kustomize overlays\/dev\), or give one root's directory \[RD006\]/,
    );
    expect(r.code).toBe(1);
    // one overlay given on its own is one cluster's state
    const prod = await cli(['check', join(root, 'overlays/prod'), '--config', join(root, 'c.yml'), '--kustomize', 'build'], root);
    expect(prod.stderr).not.toMatch(/RD006/);
    expect(prod.code).toBe(1);
    expect(prod.stdout).toMatch(/frontend never reaches db/);
  });

  it('a diff removing what only one of them makes fails closed', async () => {
    const overlays = (prodDeny: boolean) => ({
      ...BASE,
      'overlays/prod/kustomization.yaml': kustomization(`namespace: shop\nresources: [../../base${prodDeny ? ', deny.yaml' : ''}]\n`),
      ...(prodDeny ? { 'overlays/prod/deny.yaml': DENY } : {}),
      'overlays/dev/kustomization.yaml': kustomization('namespace: shop\nresources: [../../base, deny.yaml]\n'),
      'overlays/dev/deny.yaml': DENY,
    });
    const root = tree({ ...Object.fromEntries(Object.entries(overlays(true)).map(([k, v]) => [`a/${k}`, v])), ...Object.fromEntries(Object.entries(overlays(false)).map(([k, v]) => [`b/${k}`, v])), 'c.yml': NEVER });
    const r = await cli(['diff', join(root, 'a'), join(root, 'b'), '--config', join(root, 'c.yml'), '--kustomize', 'build'], root);
    expect(r.stderr).toMatch(/b\/overlays\/dev:\d+: error: NetworkPolicy shop\/deny-all is made by the build of Kustomize root b\/overlays\/dev and not by that of b\/overlays\/prod/);
    expect(r.code).toBe(1);
  });

  // manifests that name no namespace (kubectl apply -n or an Argo CD destination gives it): the overlays still make
  // the same Deployments, in whatever namespace each is applied to
  it('so are overlays whose objects name no namespace', async () => {
    const root = tree({
      ...BASE,
      'overlays/prod/kustomization.yaml': kustomization('resources: [../../base]\n'),
      'overlays/dev/kustomization.yaml': kustomization('resources: [../../base, deny.yaml]\n'),
      'overlays/dev/deny.yaml': DENY,
      'c.yml': NEVER,
    });
    const r = await cli(['check', root, '--config', join(root, 'c.yml'), '--kustomize', 'build'], root);
    expect(r.stderr).toMatch(/error: NetworkPolicy deny-all is made by the build of Kustomize root overlays\/dev and not by that of overlays\/prod, which makes objects of the same ids \(Deployment \w+\)/);
    expect(r.code).toBe(1);
  });

  // applications of one namespace that each include a component of its defaults make its default-deny policy alike:
  // one object of one cluster, applied twice, with each application's own workloads beside it
  it('applications that make one policy alike and workloads of their own are read as one cluster', async () => {
    const app = (name: string) => deployment('', name, { app: name }).replace('\n  namespace: \n', '\n');
    const root = tree({
      'components/ns-defaults/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [deny.yaml]\n',
      'components/ns-defaults/deny.yaml': DENY,
      'apps/web/base/kustomization.yaml': kustomization('resources: [app.yaml]\n'),
      'apps/web/base/app.yaml': app('frontend'),
      'apps/web/prod/kustomization.yaml': kustomization('namespace: prod\nresources: [../base]\ncomponents: [../../../components/ns-defaults]\n'),
      'apps/db/base/kustomization.yaml': kustomization('resources: [app.yaml]\n'),
      'apps/db/base/app.yaml': app('db'),
      'apps/db/prod/kustomization.yaml': kustomization('namespace: prod\nresources: [../base]\ncomponents: [../../../components/ns-defaults]\n'),
      'c.yml': NEVER,
    });
    const r = await cli(['check', root, '--config', join(root, 'c.yml'), '--kustomize', 'build'], root);
    expect(r.stderr).not.toMatch(/alternatives/);
    expect(r.stdout).toMatch(/ok +holds: frontend never reaches db/);
    expect(r.code).toBe(0);
  });

  // overlays into other namespaces share no id: read as one cluster, as the README says
  it('roots whose builds share no id are read as one cluster', async () => {
    const root = tree({
      ...BASE,
      'overlays/prod/kustomization.yaml': kustomization('namespace: prod\nresources: [../../base]\n'),
      'overlays/dev/kustomization.yaml': kustomization('namespace: dev\nresources: [../../base, deny.yaml]\n'),
      'overlays/dev/deny.yaml': DENY,
    });
    const r = await cli(['list', root, '--kustomize', 'build'], root);
    expect(r.stderr).not.toMatch(/RD006/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/prod\/frontend\[Deployment\] => prod\/db\[Deployment\]/);
    expect(r.stdout).not.toMatch(/dev\/frontend\[Deployment\] => dev\/db\[Deployment\]/);
  });

  // a cluster-scoped object both make alike (a ClusterRole of the base) is one object of one cluster, applied twice:
  // it does not make overlays into other namespaces alternatives
  it('a cluster-scoped object both make does not make them alternatives', async () => {
    const role = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: reader }\nrules: []\n';
    const root = tree({
      'base/apps.yaml': APPS,
      'base/role.yaml': role,
      'base/kustomization.yaml': kustomization('resources: [apps.yaml, role.yaml]\n'),
      'overlays/prod/kustomization.yaml': kustomization('namespace: prod\nresources: [../../base]\n'),
      'overlays/dev/kustomization.yaml': kustomization('namespace: dev\nresources: [../../base, deny.yaml]\n'),
      'overlays/dev/deny.yaml': DENY,
    });
    const r = await cli(['list', root, '--kustomize', 'build'], root);
    expect(r.stderr).not.toMatch(/alternatives/);
    expect(r.stdout).toMatch(/prod\/frontend\[Deployment\] => prod\/db\[Deployment\]/);
    expect(r.stdout).not.toMatch(/dev\/frontend\[Deployment\] => dev\/db\[Deployment\]/);
  });
});

describe.skipIf(!TOOL)("a paths target's globs that name a component a built root includes", () => {
  // a component's resources are added to the build of the root that lists it under components, and the root's
  // prefixes and patches apply to them (kubectl.docs.kubernetes.io, Kustomize components): read raw beside that
  // build, its unpatched policy is one the cluster never gets
  it("reads the component's files only through that build", async () => {
    const DB_FROM_BACKEND = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: db-ingress }\nspec:\n  podSelector: { matchLabels: { app: db } }\n  policyTypes: [Ingress]\n  ingress: [ { from: [ { podSelector: { matchLabels: { app: frontend-x } } } ] } ]\n';
    const state = (patched: boolean) => ({
      'k8s/base/apps.yaml': APPS,
      'k8s/base/kustomization.yaml': kustomization('resources: [apps.yaml]\n'),
      'k8s/components/db-policy/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [pol.yaml]\n',
      'k8s/components/db-policy/pol.yaml': DB_FROM_BACKEND,
      'k8s/overlays/prod/kustomization.yaml': kustomization(
        `namePrefix: prod-\nresources: [../../base]\ncomponents: [../../components/db-policy]\n${patched ? 'patches:\n  - target: { kind: NetworkPolicy, name: db-ingress }\n    patch: |\n      - op: replace\n        path: /spec/podSelector/matchLabels/app\n        value: db-legacy\n' : ''}`,
      ),
      'c.yml': `targets:\n  - name: raw\n    paths: ["k8s/**/*.{yaml,yml,json}"]\n${NEVER}`,
    });
    const base = tree(state(false));
    const r = await cli(['diff', base, tree(state(true)), '--target', 'raw', '--config', join(base, 'c.yml'), '--kustomize', 'build'], base);
    // the patch moves the build's policy off db: frontend reaches db
    expect(r.stdout).toMatch(/default\/prod-frontend\[Deployment\] => default\/prod-db\[Deployment\]/);
    expect(r.stdout).toMatch(/frontend never reaches db/);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/components\/db-policy\/pol\.yaml/);
  });
});

describe.skipIf(!TOOL)('a base an overlay includes through a link', () => {
  // kustomize reads a resource directory through a symbolic link as the directory it points to (it loads files
  // through the OS; sigs.k8s.io/kustomize/api/internal/loader): the base is built within the overlay only
  it('is that base, not a root no other includes built on its own', async () => {
    const pol = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: db-ingress }\nspec:\n  podSelector: { matchLabels: { app: db } }\n  policyTypes: [Ingress]\n  ingress: [ { from: [ { podSelector: { matchLabels: { app: backend } } } ] } ]\n';
    const root = tree({
      'base/apps.yaml': APPS,
      'base/pol.yaml': pol,
      'base/kustomization.yaml': kustomization('resources: [apps.yaml, pol.yaml]\n'),
      'overlay/kustomization.yaml': kustomization('resources: [../base-link]\npatches:\n  - patch: |\n      $patch: delete\n      apiVersion: networking.k8s.io/v1\n      kind: NetworkPolicy\n      metadata: { name: db-ingress }\n'),
      'c.yml': NEVER,
    });
    symlinkSync('base', join(root, 'base-link'));
    const r = await cli(['check', root, '--config', join(root, 'c.yml'), '--kustomize', 'build'], root);
    expect(r.stderr).not.toMatch(/Kustomize root base is built/);
    // the overlay deletes the base's policy: frontend reaches db
    expect(r.stdout).toMatch(/frontend never reaches db/);
    expect(r.code).toBe(1);
  });
});

describe.skipIf(!TOOL)('a root no local root includes, beside a remote resource that may be it', () => {
  // a remote resource is a repository URL with the directory after `//` (kubectl.docs.kubernetes.io, Kustomization
  // resources; sigs.k8s.io/kustomize/api/internal/git/repospec.go): it may be this repository's own base, which the
  // overlay builds on and patches, and which is no root applied on its own
  it('is not built on its own: it is left out and reported, and a check fails closed', async () => {
    const pol = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: db-ingress }\nspec:\n  podSelector: { matchLabels: { app: db } }\n  policyTypes: [Ingress]\n  ingress: [ { from: [ { podSelector: { matchLabels: { app: backend } } } ] } ]\n';
    const root = tree({ 'base/apps.yaml': APPS, 'base/pol.yaml': pol, 'base/kustomization.yaml': kustomization('resources: [apps.yaml, pol.yaml]\n'), 'c.yml': NEVER });
    const url = `file://${root}//base?ref=main`;
    mkdirSync(join(root, 'overlay'));
    writeFileSync(
      join(root, 'overlay/kustomization.yaml'),
      kustomization(`resources: [${JSON.stringify(url)}]\npatches:\n  - patch: |\n      $patch: delete\n      apiVersion: networking.k8s.io/v1\n      kind: NetworkPolicy\n      metadata: { name: db-ingress }\n`),
    );
    commitAll(root);
    const r = await cli(['check', root, '--config', join(root, 'c.yml'), '--kustomize', 'build'], root);
    expect(r.stderr).toMatch(/base\/kustomization\.yaml:1: error: Kustomize root base is included by no local root, but overlay includes the remote resource file:\/\/\S+\/\/base\?ref=main, which may be this root: .* it is not built, .* \[RD052\]/);
    expect(r.stderr).not.toMatch(/Kustomize root base is built/);
    // the overlay deletes the base's policy: frontend reaches db
    expect(r.stdout).toMatch(/frontend never reaches db/);
    expect(r.code).toBe(1);
  });
});

describe.skipIf(!TOOL)('a root no local root includes, beside a remote resource of a whole repository', () => {
  // a URL with no directory after the repository (sigs.k8s.io/kustomize/api/internal/git/repospec.go) is that
  // repository's top kustomization: it may be this repository's root only, not any directory of it
  it('is built: only a root at the top of the repository may be what it fetches', async () => {
    const root = tree({
      'monitoring/kustomization.yaml': kustomization('resources: ["https://github.com/prometheus-operator/kube-prometheus?ref=v0.13.0"]\n'),
      'apps/web/kustomization.yaml': kustomization('namespace: web\nresources: [apps.yaml]\n'),
      'apps/web/apps.yaml': APPS,
    });
    const r = await cli(['list', root, '--kustomize', 'build', '--render-timeout', '20'], root);
    expect(r.stderr).not.toMatch(/Kustomize root apps\/web is included by no local root/);
    expect(r.stdout).toMatch(/web\/frontend\[Deployment\] => web\/db\[Deployment\]/);
  });
});

describe('a root not built whose base lies outside the paths', () => {
  // the build of an overlay reads the bases it lists under resources (kubectl.docs.kubernetes.io, Kustomization
  // resources), wherever they lie: a change to one is a change to what the overlay makes
  it("counts a change to that base as touching the root's files, and fails closed", async () => {
    const pol = (from: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: db-ingress, namespace: shop }\nspec:\n  podSelector: { matchLabels: { app: db } }\n  ingress: [ { from: [ { podSelector: { matchLabels: { app: ${from} } } } ] } ]\n`;
    const repo = tree({
      'k8s/base/kustomization.yaml': kustomization('resources: [pol.yaml]\n'),
      'k8s/base/pol.yaml': pol('backend'),
      'k8s/overlays/prod/kustomization.yaml': kustomization('resources: [../../base, ns.yaml]\n'),
      'k8s/overlays/prod/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n',
      'k8s/plain/app.yaml': deployment('shop', 'frontend', { app: 'frontend' }) + deployment('shop', 'db', { app: 'db' }),
      'c.yml': `targets:\n  - name: t\n    paths: ["k8s/overlays/prod/**", "k8s/plain/**"]\n${NEVER}`,
    });
    commitAll(repo);
    git(repo, 'checkout', '-q', '-b', 'feature');
    writeFileSync(join(repo, 'k8s/base/pol.yaml'), pol('frontend'));
    git(repo, 'commit', '-qam', 'head');
    const args = ['diff', '--git', '--repo', repo, '--base-ref', 'main', '--head-ref', 'feature', '--config', join(repo, 'c.yml'), '--target', 't', '--kustomize', 'skip'];
    const r = await cli(args, repo);
    expect(r.stderr).toMatch(/error: Kustomize root k8s\/overlays\/prod is not built: its files and those of k8s\/base are left out.*the change touches these files and the verdict does not rest on them, so it fails closed/);
    expect(r.code).toBe(1);
  });

  // transformers, generators and validators may list a directory whose kustomization the build runs, and any
  // field may name a file outside the overlay (kubectl.docs.kubernetes.io, Kustomization reference): a change to
  // either is a change to what the overlay makes
  it('counts a change to a transformers directory, or to a patch file it names elsewhere, as touching it', async () => {
    const transformer = (to: string) => `apiVersion: builtin\nkind: PatchTransformer\nmetadata: { name: t }\npatch: '[{"op": "replace", "path": "/spec/ingress/0/from/0/podSelector/matchLabels/app", "value": "${to}"}]'\ntarget: { kind: NetworkPolicy, name: db-ingress }\n`;
    const patch = (to: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: db-ingress }\nspec:\n  ingress: [ { from: [ { podSelector: { matchLabels: { app: ${to} } } } ] } ]\n`;
    for (const edit of ['k8s/transformers/t.yaml', 'k8s/patches/p.yaml']) {
      const repo = tree({
        'k8s/base/kustomization.yaml': kustomization('resources: [pol.yaml]\n'),
        'k8s/base/pol.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: db-ingress, namespace: shop }\nspec:\n  podSelector: { matchLabels: { app: db } }\n  ingress: [ { from: [ { podSelector: { matchLabels: { app: backend } } } ] } ]\n',
        'k8s/transformers/kustomization.yaml': kustomization('resources: [t.yaml]\n'),
        'k8s/transformers/t.yaml': transformer('backend'),
        'k8s/patches/p.yaml': patch('backend'),
        'k8s/overlays/prod/kustomization.yaml': kustomization('resources: [../../base]\ntransformers: [../../transformers]\npatchesStrategicMerge: [../../patches/p.yaml]\n'),
        'k8s/plain/app.yaml': deployment('shop', 'frontend', { app: 'frontend' }) + deployment('shop', 'db', { app: 'db' }),
        'c.yml': `targets:\n  - name: t\n    paths: ["k8s/overlays/prod/**", "k8s/plain/**"]\n${NEVER}`,
      });
      commitAll(repo);
      git(repo, 'checkout', '-q', '-b', 'feature');
      writeFileSync(join(repo, edit), edit.includes('transformers') ? transformer('frontend') : patch('frontend'));
      git(repo, 'commit', '-qam', 'head');
      const r = await cli(['diff', '--git', '--repo', repo, '--base-ref', 'main', '--head-ref', 'feature', '--config', join(repo, 'c.yml'), '--target', 't', '--kustomize', 'skip'], repo);
      expect(r.stderr, edit).toMatch(/error: Kustomize root k8s\/overlays\/prod is not built: .*the change touches these files and the verdict does not rest on them, so it fails closed/);
      expect(r.code, edit).toBe(1);
    }
  });
});

describe.skipIf(!TOOL)('a Kustomize component no root includes', () => {
  // kubectl kustomize (and kubectl apply -k) builds a Component's directory on its own as it builds a root
  // (kubectl.docs.kubernetes.io, Kustomize components): no build here reads it
  it('is noted, and a diff whose change adds or edits it fails closed', async () => {
    const app = { 'app/apps.yaml': APPS, 'app/deny.yaml': DENY, 'app/kustomization.yaml': kustomization('resources: [apps.yaml, deny.yaml]\n') };
    const component = (from: string) => ({
      'allow/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [np.yaml]\n',
      'allow/np.yaml': policy('default', 'db-from-frontend', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: from } } }] }] }),
    });
    const prefixed = (dir: string, files: Record<string, string>) => Object.fromEntries(Object.entries(files).map(([k, v]) => [`${dir}/${k}`, v]));
    const root = tree({ ...prefixed('a', app), ...prefixed('b', { ...app, ...component('frontend') }), ...prefixed('c', { ...app, ...component('frontend') }), ...prefixed('d', { ...app, ...component('backend') }), 'c.yml': NEVER });
    const diff = (base: string, head: string) => cli(['diff', base, head, '--config', join(root, 'c.yml'), '--kustomize', 'build'], root);
    const added = await diff('a', 'b');
    expect(added.stderr).toMatch(/b\/allow\/kustomization\.yaml:1: error: Kustomize component b\/allow is included by no Kustomize root: its files are left out, where kubectl apply -k on its directory applies them; .*the change touches these files/);
    expect(added.code).toBe(1);
    const edited = await diff('d', 'c');
    expect(edited.code).toBe(1);
    // untouched, it is a note
    const same = await diff('b', 'c');
    expect(same.stderr).toMatch(/c\/allow\/kustomization\.yaml:1: info: Kustomize component c\/allow is included by no Kustomize root/);
    expect(same.code).toBe(0);
  });
});

describe.skipIf(!TOOL)('a base in a hidden directory that an overlay includes', () => {
  // kustomize reads the directories a kustomization names, hidden ones too (kubectl.docs.kubernetes.io,
  // Kustomization resources): the build read the base's files, so they are not skipped
  it('is read through the build, not reported as skipped', async () => {
    const root = tree({
      '.base/apps.yaml': APPS,
      '.base/deny.yaml': DENY,
      '.base/kustomization.yaml': kustomization('resources: [apps.yaml, deny.yaml]\n'),
      'overlay/kustomization.yaml': kustomization('namespace: shop\nresources: [../.base]\n'),
      'c.yml': NEVER,
    });
    const r = await cli(['check', root, '--config', join(root, 'c.yml'), '--kustomize', 'build'], root);
    expect(r.stderr).not.toMatch(/RD056/);
    expect(r.code).toBe(0);
  });
});

describe.skipIf(!TOOL)('a file in a hidden directory under a built root that no kustomization names', () => {
  // kubectl apply -R -f on the root applies it (kubernetes.io, kubectl apply: hidden directories are not skipped),
  // the build does not: reported as a file in a directory that is not hidden is
  it('is reported (RD052), and a diff whose change adds it fails closed', async () => {
    const app = { 'app/apps.yaml': APPS, 'app/deny.yaml': DENY, 'app/kustomization.yaml': kustomization('namespace: shop\nresources: [apps.yaml, deny.yaml]\n') };
    const allow = policy('shop', 'db-allow-all', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{}] });
    const root = tree({
      ...Object.fromEntries(Object.entries(app).map(([k, v]) => [`a/${k}`, v])),
      ...Object.fromEntries(Object.entries({ ...app, 'app/.extra/allow.yaml': allow }).map(([k, v]) => [`b/${k}`, v])),
      'c.yml': NEVER,
    });
    const r = await cli(['diff', 'a', 'b', '--config', join(root, 'c.yml'), '--kustomize', 'build'], root);
    expect(r.stderr).toMatch(/b\/app\/\.extra\/allow\.yaml:1: error: b\/app\/\.extra\/allow\.yaml is under Kustomize root b\/app, whose build is read, but no kustomization names it: .*kubectl apply -R -f on the root applies them/);
    expect(r.code).toBe(1);
    const checked = await cli(['check', 'b', '--config', join(root, 'c.yml'), '--kustomize', 'build'], root);
    expect(checked.stderr).toMatch(/b\/app\/\.extra\/allow\.yaml:1: info: .*no kustomization names it/);
    expect(checked.code).toBe(0);
  });
});
