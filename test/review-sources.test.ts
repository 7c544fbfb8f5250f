/**
 * Findings of a review of how a state's files are chosen and read, each
 * reproduced with the CLI: files a target's globs name inside a Kustomize
 * root or a Helm chart, a check on one state that leaves parts out, a built
 * root's files in a hidden directory, and characters kubectl's YAML reader
 * refuses.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findKustomizeTool } from '../src/sources/repository.js';
import { cli, tree } from './helpers.js';

const APPS = ['frontend', 'backend', 'db']
  .map(
    (app) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: ${app}, namespace: shop }\nspec:\n  selector: { matchLabels: { app: ${app} } }\n  template:\n    metadata: { labels: { app: ${app} } }\n    spec: { containers: [ { name: c, image: i } ] }\n---\n`,
  )
  .join('');
const DB_FROM_BACKEND =
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: db-allow, namespace: shop }\nspec:\n  podSelector: { matchLabels: { app: db } }\n  policyTypes: [Ingress]\n  ingress: [ { from: [ { podSelector: { matchLabels: { app: backend } } } ] } ]\n';
const NEVER = 'invariants:\n  - name: frontend never reaches db\n    never: { from: { workload: shop/frontend }, to: { workload: shop/db } }\n';
const KUSTOMIZATION = (body: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${body}`;
/** An overlay's inline patch that lets frontend reach db. */
const OPENING_PATCH = KUSTOMIZATION(
  'resources: [../../base]\npatches:\n  - patch: |-\n      apiVersion: networking.k8s.io/v1\n      kind: NetworkPolicy\n      metadata: { name: db-allow, namespace: shop }\n      spec:\n        ingress: [ { from: [ { podSelector: { matchLabels: { app: frontend } } } ] } ]\n',
);


const BASE = {
  'k8s/base/apps.yaml': APPS,
  'k8s/base/np.yaml': DB_FROM_BACKEND,
  'k8s/base/kustomization.yaml': KUSTOMIZATION('resources: [apps.yaml, np.yaml]\n'),
};

const HAVE_TOOL = findKustomizeTool() !== undefined;
if (!HAVE_TOOL) console.log('review-sources: neither kustomize nor kubectl is installed; the build through a paths target is skipped');

describe("a paths target's files inside a Kustomize root or a Helm chart", () => {
  const config = (paths: string) => `targets:\n  - name: raw\n    paths: [${JSON.stringify(paths)}]\n${NEVER}`;

  it.skipIf(!HAVE_TOOL)('are built with their root, so an overlay patch that opens a path is seen', async () => {
    const base = tree({ ...BASE, 'k8s/overlays/prod/kustomization.yaml': KUSTOMIZATION('resources: [../../base]\n'), 'c.yml': config('k8s/**/*.yaml') });
    const head = tree({ ...BASE, 'k8s/overlays/prod/kustomization.yaml': OPENING_PATCH });
    const r = await cli(['diff', base, head, '--target', 'raw', '--config', join(base, 'c.yml')], base);
    // read one by one, the overlay's inline patch was never seen: no change, and the invariant held
    expect(r.stdout).toMatch(/frontend never reaches db/);
    expect(r.code).toBe(1);
  });

  it('are left out and reported, not read as objects, where roots are not built', async () => {
    const root = tree({
      ...BASE,
      'k8s/overlays/prod/kustomization.yaml': KUSTOMIZATION('resources: [../../base]\npatches: [ { path: np-patch.yaml } ]\n'),
      // a patch: read as an object it is a policy of namespace default that selects every pod
      'k8s/overlays/prod/np-patch.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: db-allow }\nspec:\n  ingress: [ { from: [ { podSelector: { matchLabels: { app: frontend } } } ] } ]\n',
      'plain/extra.yaml': APPS,
      'c.yml': config('**/*.yaml'),
    });
    const r = await cli(['diff', tree({ 'none.yaml': '' }), root, '--target', 'raw', '--config', join(root, 'c.yml'), '--kustomize', 'skip'], root);
    expect(r.stderr).toMatch(/Kustomize root k8s\/overlays\/prod is not built: its files and those of k8s\/base are left out/);
    expect(r.stderr).not.toMatch(/declared more than once/);
    // the Namespace in no root is read as named
    expect(r.stderr).not.toMatch(/nothing to analyse/);
  });

  it.skipIf(!HAVE_TOOL)('files of a Kustomize component no root includes are read as named: nothing builds them', async () => {
    const component = (from: string) => ({
      'base/apps.yaml': APPS,
      'base/kustomization.yaml': KUSTOMIZATION('resources: [apps.yaml]\n'),
      'components/np/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [np.yaml]\n',
      'components/np/np.yaml': DB_FROM_BACKEND.replace('app: backend', `app: ${from}`),
      'c.yml': config('{base,components/np}/*.yaml'),
    });
    const base = tree(component('backend'));
    const r = await cli(['diff', base, tree(component('frontend')), '--target', 'raw', '--config', join(base, 'c.yml')], base);
    expect(r.stdout).toMatch(/frontend never reaches db/);
    expect(r.stderr).not.toMatch(/Component was not analysed/);
    expect(r.code).toBe(1);
  });

  it('a Helm chart a glob reaches into is left out and reported, not read as templates', async () => {
    const root = tree({
      'charts/db/Chart.yaml': 'apiVersion: v2\nname: db\nversion: 0.1.0\n',
      'charts/db/templates/np.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: {{ .Release.Name }}-db }\nspec:\n  podSelector: {}\n',
      'apps.yaml': APPS,
      'c.yml': config('**/*.yaml'),
    });
    const r = await cli(['diff', tree({ 'none.yaml': '' }), root, '--target', 'raw', '--config', join(root, 'c.yml')], root);
    expect(r.stderr).toMatch(/Helm chart charts\/db \(db\) is not rendered/);
    expect(r.stderr).not.toMatch(/RD051/);
  });
});

describe('a change to any file of a part left out is seen', () => {
  // a JSON 6902 patch of another name, a chart's template helpers, a file in a hidden directory of a root
  const part = (patch: string, helper: string, hidden: string) => ({
    'apps.yaml': APPS,
    'np.yaml': DB_FROM_BACKEND,
    'ov/kustomization.yaml': KUSTOMIZATION('resources: [np.yaml]\npatches: [ { path: np.patch, target: { kind: NetworkPolicy, name: db-allow } } ]\n'),
    'ov/np.yaml': DB_FROM_BACKEND,
    'ov/np.patch': `- op: replace\n  path: /spec/ingress/0/from/0/podSelector/matchLabels/app\n  value: ${patch}\n`,
    'ov/.extra/notes.txt': hidden,
    'chart/Chart.yaml': 'apiVersion: v2\nname: extra\nversion: 0.1.0\n',
    'chart/templates/np.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: extra, namespace: shop }\nspec:\n  podSelector: { matchLabels: { app: db } }\n  ingress: [ { from: [ { podSelector: { matchLabels: {{ include "extra.from" . }} } } ] } ]\n',
    'chart/templates/_helpers.tpl': `{{- define "extra.from" -}}{ app: ${helper} }{{- end -}}`,
    'c.yml': NEVER,
  });

  it.each([
    ['a patch that is not YAML', ['frontend', 'backend', 'a'], 'Kustomize root \\S*/ov'],
    ["a chart's template helpers", ['backend', 'frontend', 'a'], 'Helm chart \\S*/chart'],
    ['a file in a hidden directory of a root', ['backend', 'backend', 'b'], 'Kustomize root \\S*/ov'],
  ])('%s: the part counts as touched, and the diff fails closed', async (_, [patch, helper, hidden], what) => {
    const base = tree(part('backend', 'backend', 'a'));
    const head = tree(part(patch!, helper!, hidden!));
    const r = await cli(['diff', base, head, '--config', join(base, 'c.yml'), '--kustomize', 'skip'], base);
    expect(r.stderr).toMatch(new RegExp(`error: ${what} .*the change touches these files and the verdict does not rest on them, so it fails closed`));
    expect(r.code).toBe(1);
    // an untouched part stays a warning
    const same = await cli(['diff', base, tree(part('backend', 'backend', 'a')), '--config', join(base, 'c.yml'), '--kustomize', 'skip'], base);
    expect(same.code).toBe(0);
  });

  it('between two revisions of a repository too', async () => {
    const repo = tree(part('backend', 'backend', 'a'));
    const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-qm', 'base');
    git('checkout', '-q', '-b', 'feature');
    writeFileSync(join(repo, 'chart/templates/_helpers.tpl'), '{{- define "extra.from" -}}{ app: frontend }{{- end -}}');
    git('commit', '-qam', 'head');
    const r = await cli(['diff', '--git', '--repo', repo, '--base-ref', 'main', '--head-ref', 'feature', '--config', join(repo, 'c.yml'), '--kustomize', 'skip'], repo);
    expect(r.stderr).toMatch(/error: Helm chart chart \(extra\) .*the change touches these files/);
    expect(r.code).toBe(1);
  });
});

describe('check on one state: what it leaves out is unread input', () => {
  it('a Kustomize root not built or a Helm chart not rendered fails the check closed, unless fail-on-unread is false', async () => {
    const root = tree({
      'k8s/apps.yaml': APPS,
      'k8s/deny.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: deny, namespace: shop }\nspec: { podSelector: {}, policyTypes: [Ingress] }\n',
      // the chart's policy lets everyone reach db: read one by one it is a template
      'k8s/chart/Chart.yaml': 'apiVersion: v2\nname: extra\nversion: 0.1.0\n',
      'k8s/chart/templates/np.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: {{ .Release.Name }} , namespace: shop }\nspec:\n  podSelector: { matchLabels: { app: db } }\n  ingress: [ {} ]\n',
      'c.yml': NEVER,
      'loose.yml': `fail-on-unread: false\n${NEVER}`,
    });
    const r = await cli(['check', join(root, 'k8s'), '--config', join(root, 'c.yml')], root);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: Helm chart .* is not rendered: .*; a check's verdict cannot rest on what it did not read, so it fails closed \[RD050\]/);
    expect(`${r.stdout}${r.stderr}`).toMatch(/failing closed/);
    const loose = await cli(['check', join(root, 'k8s'), '--config', join(root, 'loose.yml')], root);
    expect(loose.code).toBe(0);
    // list and lint keep them warnings
    const lint = await cli(['lint', join(root, 'k8s')], root);
    expect(lint.code).toBe(0);
    expect(lint.stderr).toMatch(/warning: Helm chart/);
  });
});

describe('two top Kustomize roots that make one object differently', () => {
  it.skipIf(!HAVE_TOOL)('is an error that fails a check closed; the same object made alike by both is not', async () => {
    const overlay = (patch: boolean) => (patch ? OPENING_PATCH : KUSTOMIZATION('resources: [../../base]\n'));
    const differ = tree({ ...BASE, 'k8s/overlays/prod/kustomization.yaml': overlay(true), 'k8s/overlays/staging/kustomization.yaml': overlay(false), 'c.yml': NEVER });
    const r = await cli(['check', join(differ, 'k8s'), '--config', join(differ, 'c.yml'), '--kustomize', 'build'], differ);
    // staging's copy, built last, kept frontend from db: the verdict rested on which overlay is applied
    expect(r.stderr).toMatch(/error: NetworkPolicy shop\/db-allow is made differently by two builds \(also at render:[^)]*k8s\/overlays\/prod:\d+\).*make each a target \[RD006\]/);
    expect(r.code).toBe(1);
    // alike, at other lines of their builds (a ConfigMap before them in one)
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: aaa, namespace: shop }\ndata: { a: b }\n';
    const alike = tree({
      ...BASE,
      'k8s/overlays/prod/cm.yaml': cm,
      'k8s/overlays/prod/kustomization.yaml': KUSTOMIZATION('resources: [cm.yaml, ../../base]\n'),
      'k8s/overlays/staging/kustomization.yaml': overlay(false),
      'c.yml': NEVER,
    });
    const same = await cli(['check', join(alike, 'k8s'), '--config', join(alike, 'c.yml'), '--kustomize', 'build'], alike);
    expect(same.stderr).not.toMatch(/made differently/);
    expect(same.code).toBe(0);
  });
});

describe("a built root's files in a hidden directory", () => {
  it.skipIf(!HAVE_TOOL)('are read through the build, not reported as skipped', async () => {
    const root = tree({
      'k8s/apps.yaml': APPS,
      'k8s/.pol/np.yaml': DB_FROM_BACKEND,
      'k8s/kustomization.yaml': KUSTOMIZATION('resources: [apps.yaml, .pol/np.yaml]\n'),
    });
    const r = await cli(['lint', root, '--kustomize', 'build'], root);
    expect(r.stderr).not.toMatch(/RD056/);
    expect(r.code).toBe(0);
    // not built, the root is left out and its hidden file still said
    const skipped = await cli(['lint', root, '--kustomize', 'skip'], root);
    expect(skipped.stderr).toMatch(/RD056/);
  });
});

describe('characters kubectl refuses in a YAML document', () => {
  // yaml.v2's reader (readerc.go) allows tab, LF, CR, printable ASCII, NEL and printable Unicode only, in comments too
  it.each([
    ['a control character in a comment', `# frontend egress \u0001\n${DB_FROM_BACKEND}`, 'U+0001'],
    ['DEL in a comment', `${DB_FROM_BACKEND}# \u007f\n`, 'U+007F'],
    ['ESC in a comment', `# \u001b[0m\n${DB_FROM_BACKEND}`, 'U+001B'],
    ['a C1 control in a quoted scalar', DB_FROM_BACKEND.replace('name: db-allow', 'name: db-allow, annotations: { note: "a\u0090b" }'), 'U+0090'],
    ['U+FFFE', `# \ufffe\n${DB_FROM_BACKEND}`, 'U+FFFE'],
  ])('%s: the document is refused with its line, and a check on it fails closed', async (_, text, code) => {
    const root = tree({ 'apps.yaml': APPS, 'np.yaml': text, 'c.yml': NEVER });
    const r = await cli(['lint', root], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`np\\.yaml:\\d+: error: YAML syntax: control characters are not allowed \\(${code.replace('+', '\\+')}\\).*\\[RD001\\]`));
    expect((await cli(['check', root, '--config', join(root, 'c.yml')], root)).code).toBe(1);
  });

  it('tabs, NEL, non-breaking spaces and characters past the BMP stay readable', async () => {
    const text = DB_FROM_BACKEND.replace('name: db-allow', 'name: db-allow, annotations: { note: "tab\there \u00a0 \u0085 \u{1f512}" }');
    const root = tree({ 'apps.yaml': APPS, 'np.yaml': `# caf\u00e9\t\n${text}` });
    const r = await cli(['lint', root], root);
    expect(r.stderr).not.toMatch(/control characters/);
    expect(r.code).toBe(0);
  });
});
