/**
 * Paths given (the command line's PATHs, `diff --git`'s) that lie inside a
 * Kustomize root: `kubectl apply -k` on the root applies its build of
 * their files (patched, moved into its namespace), not the files as they
 * are (kubectl.docs.kubernetes.io, Kustomization reference: patches and
 * the namespace transformer), so they are read through the root.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findKustomizeTool } from '../src/sources/repository.js';
import { cli, deployment, tree } from './helpers.js';

const TOOL = findKustomizeTool();
if (!TOOL) console.log('kustomize-above: neither kustomize nor kubectl is installed; the tests that build roots are skipped');

const APPS = deployment('', 'frontend', { app: 'frontend' }).replace('\n  namespace: \n', '\n') + deployment('', 'db', { app: 'db' }, [{ port: 5432 }]).replace('\n  namespace: \n', '\n');
const NETPOL = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: db-ingress }\nspec:\n  podSelector: { matchLabels: { app: db } }\n  policyTypes: [Ingress]\n  ingress:\n  - from: [ { podSelector: { matchLabels: { app: backend } } } ]\n';
// a strategic merge patch replaces the ingress list: the built policy admits frontend
const PATCH = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: db-ingress }\nspec:\n  ingress:\n  - from: [ { podSelector: { matchLabels: { app: frontend } } } ]\n';
const NEVER = 'invariants:\n  - name: frontend never reaches db\n    never: { from: { labels: { app: frontend } }, to: { labels: { app: db } } }\n';
const ROOT = {
  'deploy/kustomization.yaml': 'namespace: shop\nresources:\n- manifests/apps.yaml\n- manifests/netpol.yaml\npatches:\n- path: patches/db-ingress.yaml\n',
  'deploy/manifests/apps.yaml': APPS,
  'deploy/manifests/netpol.yaml': NETPOL,
  'deploy/patches/db-ingress.yaml': PATCH,
  'c.yml': NEVER,
};

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
}

describe.skipIf(!TOOL)('a PATH inside a Kustomize root', () => {
  it('is read through the root built, patches and namespace applied', async () => {
    const root = tree(ROOT);
    for (const path of ['deploy/manifests', 'deploy/manifests/netpol.yaml']) {
      const r = await cli(['check', path, 'deploy/manifests/apps.yaml', '--config', 'c.yml', '--kustomize', 'build'], root);
      expect(r.stderr).toMatch(/deploy\/kustomization\.yaml:1: info: Kustomize root deploy is built with .*\[RD053\]/);
      expect(r.stdout).toMatch(/FAIL violated: frontend never reaches db[\s\S]*shop\/frontend\[Deployment\] => shop\/db\[Deployment\][\s\S]*allowed by shop\/db-ingress ingress rule 0 \(render:[^)]* deploy:\d+\)/);
      expect(r.code).toBe(1);
    }
  });

  it('after diff --git is read through the root at both revisions, and still matches files', async () => {
    const root = tree(ROOT);
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'base');
    git(root, 'checkout', '-qb', 'pr');
    writeFileSync(join(root, 'deploy/manifests/netpol.yaml'), NETPOL.replace('backend', 'api'));
    git(root, 'commit', '-qam', 'pr');
    const r = await cli(['diff', '--git', 'deploy/manifests', '--base-ref', 'main', '--config', 'c.yml', '--kustomize', 'build'], root);
    expect(r.stdout).toMatch(/FAIL still violated: frontend never reaches db/);
    expect(r.stdout).toMatch(/render:[^)]* deploy:\d+/);
    // a path that names nothing stays a mistake
    const typo = await cli(['diff', '--git', 'deploy/manifestz', '--base-ref', 'main', '--config', 'c.yml', '--kustomize', 'build'], root);
    expect(typo.code).toBe(2);
  });
});

describe('a PATH inside a Kustomize root not built', () => {
  it('leaves the root out and reports it, and a check fails closed', async () => {
    const root = tree(ROOT);
    const r = await cli(['check', 'deploy/manifests', '--config', 'c.yml', '--kustomize', 'skip'], root);
    expect(r.stderr).toMatch(/deploy\/kustomization\.yaml:1: error: Kustomize root deploy is not built: .*fails closed \[RD052\]/);
    expect(r.stdout).not.toMatch(/ok holds/);
    expect(r.code).not.toBe(0);
  });
});

describe('a PATH below a kustomization that names none of its files', () => {
  // kubectl apply -f on the directory applies its files as they are: the root above is another application's
  it('is read as plain files', async () => {
    const root = tree({
      'kustomization.yaml': 'resources: [apps]\n',
      'apps/kustomization.yaml': 'resources: [deny.yaml]\n',
      'apps/deny.yaml': NETPOL,
      'workloads/apps.yaml': APPS,
      'policies/allow.yaml': NETPOL.replace('name: db-ingress', 'name: db-ingress, namespace: default').replace('backend', 'frontend'),
      'c.yml': NEVER,
    });
    const r = await cli(['check', 'policies', 'workloads', '--config', 'c.yml', '--kustomize', 'skip'], root);
    expect(r.stderr).not.toMatch(/RD052/);
    expect(r.stdout).toMatch(/FAIL violated: frontend never reaches db[\s\S]*policies\/allow\.yaml/);
  });
});

describe.skipIf(!TOOL)('PATHs of which a Kustomize root above reads one', () => {
  // kubectl apply -k . builds apps through the top kustomization; kubectl apply -f policies applies its files as they
  // are: a directory the root reads nothing of is not the root's
  it('read the other as plain files', async () => {
    const root = tree({
      'kustomization.yaml': 'resources: [apps]\n',
      'apps/kustomization.yaml': 'namespace: shop\nresources: [apps.yaml]\n',
      'apps/apps.yaml': APPS,
      'policies/allow.yaml': NETPOL.replace('name: db-ingress', 'name: db-ingress, namespace: shop').replace('backend', 'frontend'),
      'c.yml': NEVER,
    });
    const r = await cli(['check', 'policies', 'apps', '--config', 'c.yml', '--kustomize', 'build'], root);
    expect(r.stderr).toMatch(/^kustomization\.yaml:1: info: Kustomize root \. is built/m);
    expect(r.stderr).not.toMatch(/policies\/allow\.yaml:1: info/);
    expect(r.stdout).toMatch(/FAIL violated: frontend never reaches db[\s\S]*allowed by shop\/db-ingress ingress rule 0 \(policies\/allow\.yaml:\d+\)/);
  });
});

describe.skipIf(!TOOL)('a PATH of which a Kustomize root above names only some files', () => {
  // kubectl.docs.kubernetes.io, Kustomization reference (resources): kubectl apply -k deploy applies only the files its
  // kustomization names, where kubectl apply -f deploy/manifests applies them all; which the cluster gets is not known,
  // so a file of the PATH the build leaves out is unread input, and a check fails closed on it
  it('fails a check closed on the file the build leaves out, naming the root', async () => {
    const root = tree({
      'deploy/kustomization.yaml': 'namespace: shop\nresources:\n- manifests/apps.yaml\n',
      'deploy/manifests/apps.yaml': APPS,
      'deploy/manifests/netpol.yaml': NETPOL,
      'c.yml': 'invariants:\n  - name: frontend reaches db\n    always: { from: { labels: { app: frontend } }, to: { labels: { app: db } }, ports: [TCP/5432] }\n',
    });
    const r = await cli(['check', 'deploy/manifests', '--config', 'c.yml', '--kustomize', 'build'], root);
    expect(r.stderr).toMatch(/deploy\/manifests\/netpol\.yaml:1: error: deploy\/manifests\/netpol\.yaml is in a PATH given, under Kustomize root deploy, [^\n]*no kustomization names it[^\n]*\[RD052\]/);
    expect(r.stdout).not.toMatch(/ok holds/);
    expect(r.code).toBe(1);
    // given the root itself, kubectl apply -k deploy is what it asks for: the deeper file stays an info
    const whole = await cli(['check', 'deploy', '--config', 'c.yml', '--kustomize', 'build'], root);
    expect(whole.stderr).toMatch(/deploy\/manifests\/netpol\.yaml:1: info: /);
    expect(whole.code).toBe(0);
  });
});

describe('a PATH inside a Helm chart directory', () => {
  // helm.sh/docs/topics/charts/ (The Chart File Structure): Helm renders templates/ and installs crds/; a directory beside
  // them (CHART/k8s) is no part of the chart, and kubectl apply -f on it applies its files as they are
  const CHART = {
    'tooling/Chart.yaml': 'apiVersion: v2\nname: tooling\nversion: 0.1.0\n',
    'tooling/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: {{ .Release.Name }} }\n',
    'tooling/k8s/apps.yaml': APPS,
    'tooling/k8s/netpol.yaml': NETPOL,
    'c.yml': NEVER,
  };

  it('outside its templates/ is read as plain files', async () => {
    const r = await cli(['check', 'tooling/k8s', '--config', 'c.yml'], tree(CHART));
    expect(r.stderr).not.toMatch(/RD050/);
    expect(r.stdout).toMatch(/ok holds: frontend never reaches db/);
    expect(r.code).toBe(0);
  });

  it('in its templates/ is read through the chart, left out and reported', async () => {
    const r = await cli(['check', 'tooling/templates', '--config', 'c.yml'], tree(CHART));
    expect(r.stderr).toMatch(/tooling\/Chart\.yaml:1: error: Helm chart tooling \(tooling\) is not rendered[^\n]*\[RD050\]/);
    expect(r.code).toBe(2);
  });
});
