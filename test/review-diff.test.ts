/**
 * Pull requests a review built so that `diff` said nothing changed, or an
 * invariant held, where applying the head to a cluster running the base
 * opens frontend → db.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Schema } from '../src/report/jsonschema.js';
import { validate } from '../src/report/jsonschema.js';
import type { Report } from '../src/report/report.js';
import { cli, diffManifests, REPO, tree } from './helpers.js';

const NEVER = 'invariants:\n  - name: frontend never reaches db\n    never: { from: { labels: { app: frontend } }, to: { labels: { app: db } } }\n';
const deployment = (name: string, labels: string, port: number) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: shop}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}${labels}}}\n    spec: {containers: [{name: c, image: x, ports: [{containerPort: ${port}}]}]}\n---\n`;
const APPS = `apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\n${deployment('frontend', ', role: web', 80)}${deployment('backend', ', role: trusted', 8080)}${deployment('db', '', 5432)}`;
const DB_FROM_TRUSTED = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db-allow, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  policyTypes: [Ingress]\n  ingress:\n  - from: [{podSelector: {matchLabels: {role: trusted}}}]\n    ports: [{port: 5432}]\n`;

async function diffTrees(base: Record<string, string>, head: Record<string, string>, args: string[] = []) {
  const root = tree({ ...Object.fromEntries(Object.entries(base).map(([k, v]) => [`base/${k}`, v])), ...Object.fromEntries(Object.entries(head).map(([k, v]) => [`head/${k}`, v])), 'c.yml': NEVER });
  return cli(['diff', join(root, 'base'), join(root, 'head'), '--config', join(root, 'c.yml'), ...args]);
}

describe('a diff reads what each state holds', () => {
  // kubectl apply -R applies .json, .yaml and .yml files, never a .jsonnet one; JSON is Jsonnet, so the same
  // text may be both: the diff's cache of files read (by their text) must not hand one's reading to the other
  it('a Jsonnet program renamed to .json is read as the manifest it now is', async () => {
    const allow = JSON.stringify({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'db-allow-frontend', namespace: 'shop' },
      spec: { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }] }] },
    });
    const r = await diffTrees({ 'app.yaml': APPS, 'pol.yaml': DB_FROM_TRUSTED, 'allow.jsonnet': allow }, { 'app.yaml': APPS, 'pol.yaml': DB_FROM_TRUSTED, 'allow.json': allow });
    expect(r.stdout).toMatch(/FAIL newly violated: frontend never reaches db/);
    expect(r.stderr).toMatch(/1 path opened/);
    expect(r.code).toBe(1);
    // the other way round, the policy is gone
    const back = await diffTrees({ 'app.yaml': APPS, 'pol.yaml': DB_FROM_TRUSTED, 'allow.json': allow }, { 'app.yaml': APPS, 'pol.yaml': DB_FROM_TRUSTED, 'allow.jsonnet': allow });
    expect(back.stderr).toMatch(/0 paths opened, 1 closed/);
  });

  // docs.tigera.io, Kubernetes policy: where Calico enforces NetworkPolicies, an ipBlock matches pods'
  // addresses too; reachdiff evaluates them so where the manifests hold Calico's own objects
  it('a first Calico object changes what every NetworkPolicy means, and the diff compares every pair', async () => {
    const fromAnywhere = DB_FROM_TRUSTED.replace('{podSelector: {matchLabels: {role: trusted}}}', '{ipBlock: {cidr: 0.0.0.0/0}}');
    const calico = `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: log-nothing}\nspec:\n  selector: app == 'nothing-here'\n  types: [Ingress]\n  ingress:\n  - action: Allow\n`;
    const r = await diffTrees({ 'app.yaml': APPS, 'pol.yaml': fromAnywhere }, { 'app.yaml': APPS, 'pol.yaml': fromAnywhere, 'calico.yaml': calico });
    expect(r.stdout).toMatch(/shop\/frontend\[Deployment\] => shop\/db\[Deployment\] : TCP 5432/);
    expect(r.stderr).toMatch(/2 paths opened/);
    // without the Calico object, nothing changes
    const same = await diffTrees({ 'app.yaml': APPS, 'pol.yaml': fromAnywhere }, { 'app.yaml': APPS, 'pol.yaml': fromAnywhere, 'other.yaml': APPS.slice(0, 0) });
    expect(same.stderr).toMatch(/no reachability change/);
  });

  // docs.tigera.io, NetworkPolicy (projectcalico.org/v3) reference: a rule's `source` is its peer (selector, nets,
  // namespaceSelector, ports): a change to it alone is a change of what the policy allows, not of where its text is
  it("a change to a Calico rule's source alone is compared", async () => {
    const calico = (peer: string) =>
      `apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: db, namespace: shop}\nspec:\n  selector: app == 'db'\n  types: [Ingress]\n  ingress:\n  - action: Allow\n    protocol: TCP\n    source: {selector: app == '${peer}'}\n`;
    const r = await diffTrees({ 'app.yaml': APPS, 'calico.yaml': calico('backend') }, { 'app.yaml': APPS, 'calico.yaml': calico('frontend') });
    expect(r.stdout).toMatch(/shop\/frontend\[Deployment\] => shop\/db\[Deployment\]/);
    expect(r.stdout).toMatch(/FAIL newly violated: frontend never reaches db/);
    expect(r.stderr).toMatch(/1 path opened, 1 closed/);
    expect(r.code).toBe(1);
  });

  // a warning on a generated policy names its rule's place, which lies under each state's own directory
  it('a warning base had on a generated policy is not introduced by a change elsewhere in a diff of two directories', async () => {
    const generate = `apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: add-networkpolicy}\nspec:\n  rules:\n  - name: default-deny\n    match: {any: [{resources: {kinds: [Namespace]}}]}\n    generate:\n      apiVersion: networking.k8s.io/v1\n      kind: NetworkPolicy\n      name: default-deny\n      namespace: '{{request.object.metadata.name}}'\n      synchronize: true\n      data: {spec: {podSelector: {}, policyTypes: [Ingress, Egress]}}\n`;
    const egress = (ports: string) =>
      `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: backend-egress, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: backend}}\n  policyTypes: [Egress]\n  egress:\n  - to: [{podSelector: {matchLabels: {app: db}}}]\n    ports: [${ports}]\n`;
    const base = { 'app.yaml': APPS, 'pol.yaml': DB_FROM_TRUSTED + egress('{port: 5432}'), 'gen.yaml': generate };
    const head = { ...base, 'pol.yaml': DB_FROM_TRUSTED.replace('[{port: 5432}]', '[{port: 5432}, {port: 6379}]') + egress('{port: 5432}, {port: 6379}') };
    const lint = await cli(['lint', join(tree(base), '.')]);
    // base has the warning: the backend's egress allows no DNS
    expect(lint.stdout + lint.stderr).toMatch(/shop\/backend\[Deployment\] is isolated for egress .*\(NetworkPolicy shop\/default-deny is generated by ClusterPolicy add-networkpolicy, rule default-deny \(.*gen\.yaml:6\)/);
    const r = await diffTrees(base, head, ['--format', 'md']);
    expect(r.stdout).toMatch(/1 path widened/);
    expect(r.stderr).not.toMatch(/^head: .*RD10/m);
    expect(r.stdout).not.toMatch(/\d+ warnings? introduced/);
    expect(r.stdout).toMatch(/No warning introduced by this change \(1 existing warning\)/);
    // nor is an input diagnostic base had, where the states' directories lie outside the working directory
    expect(r.stderr).not.toMatch(/^head: .*RD042/m);
  });
});

describe('parts of head a change does not touch', () => {
  // a chart not rendered is not read: an untouched one does not fail a diff, but its policies may decide the verdict
  // (a label the change adds to a namespace that the chart's policy selects opens frontend → db in the cluster)
  it('a Helm chart left out at head makes the verdicts unsure, loudly, without failing the run', async () => {
    const allow = DB_FROM_TRUSTED.replace('db-allow', 'db-allow-front').replace('{role: trusted}', '{tier: {{ .Values.tier }}}');
    const chart = { 'pol.yaml': DB_FROM_TRUSTED, 'charts/np/Chart.yaml': 'apiVersion: v2\nname: np\nversion: 0.1.0\n', 'charts/np/templates/np.yaml': allow, 'charts/np/values.yaml': 'tier: front\n' };
    const r = await diffTrees({ 'app.yaml': APPS, ...chart }, { 'app.yaml': APPS.replace('role: web', 'role: web, tier: front'), ...chart });
    expect(r.stdout).toMatch(/ok holds: frontend never reaches db/);
    expect(r.stdout).toMatch(/unsure: head leaves out a part not read \(a Helm chart not rendered, a Kustomize root not built, a Go template: see the warnings\); the change does not touch it, so the run does not fail on it/);
    expect(r.code).toBe(0);
    const md = await diffTrees({ 'app.yaml': APPS, ...chart }, { 'app.yaml': APPS, ...chart }, ['--format', 'md']);
    expect(md.stdout).toMatch(/\*\*⚠️ 1 part of head not read \(not touched by the change\) · no reachability change · 1 invariant holds on what could be read\*\*/);
    // without the chart, the verdict is plain
    const plain = await diffTrees({ 'app.yaml': APPS, 'pol.yaml': DB_FROM_TRUSTED }, { 'app.yaml': APPS, 'pol.yaml': DB_FROM_TRUSTED }, ['--format', 'md']);
    expect(plain.stdout).toMatch(/\*\*✅ no reachability change · 1 invariant holds\*\*/);
  });
});

describe('updates and creations as the API server takes them', () => {
  // ValidateStatefulSetUpdate: "updates to statefulset spec for fields other than 'replicas', 'ordinals',
  // 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and
  // 'minReadySeconds' are forbidden": a claim template's size too, so the whole update is refused
  const statefulSet = (net: string, storage: string, extra = '') =>
    `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db, namespace: shop}\nspec:\n  serviceName: db\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db, net: ${net}}}\n    spec: {containers: [{name: c, image: x, ports: [{containerPort: 5432}]}]}\n  volumeClaimTemplates:\n  - metadata: {name: data}\n    spec:\n      accessModes: [ReadWriteOnce]${extra}\n      resources: {requests: {storage: ${storage}}}\n---\n`;
  const base = `${APPS.replace(deployment('db', '', 5432), '')}${statefulSet('restricted', '10Gi')}`;
  it('a StatefulSet whose claim templates the change rewrites is refused, failing closed', async () => {
    const r = await diffManifests(base, `${APPS.replace(deployment('db', '', 5432), '')}${statefulSet('db-only', '50Gi')}`, NEVER);
    expect(r.stderr).toMatch(/shop\/db\[StatefulSet\]: the change rewrites spec\.selector, serviceName, podManagementPolicy or volumeClaimTemplates of the StatefulSet/);
    expect(r.stdout).toMatch(/unsure: these verdicts rest on a head with 1 input that could not be read/);
    expect(r.code).toBe(1);
  });

  it('a claim template with its default volumeMode written out, and a template change alone, are applied', async () => {
    const r = await diffManifests(base, `${APPS.replace(deployment('db', '', 5432), '')}${statefulSet('db-only', '10Gi', '\n      volumeMode: Filesystem')}`, NEVER);
    expect(r.stderr).not.toMatch(/immutable/);
    expect(r.code).toBe(0);
  });

  // kubectl create, Helm hooks and Argo CD hooks make an object of its own for each one written with
  // generateName (kubernetes.io/docs/reference/using-api/api-concepts, Generated values): all of them run
  it('two Jobs written with one generateName prefix both run', async () => {
    const job = (labels: string) => `apiVersion: batch/v1\nkind: Job\nmetadata: {generateName: migrate-, namespace: shop}\nspec:\n  template:\n    metadata: {labels: {${labels}}}\n    spec: {restartPolicy: Never, containers: [{name: c, image: x}]}\n---\n`;
    const allowTrusted = DB_FROM_TRUSTED.replace('role: trusted', 'trusted: "yes"');
    const r = await diffManifests(APPS + allowTrusted, `${APPS}${job('app: frontend, trusted: "yes"')}${job('app: migrate')}${allowTrusted}`, NEVER);
    expect(r.stderr).not.toMatch(/declared more than once/);
    expect(r.stdout).toMatch(/FAIL newly violated: frontend never reaches db[^]*shop\/migrate-\[Job\] => shop\/db\[Deployment\] : TCP 5432/);
    expect(r.code).toBe(1);
  });
});

describe('the pull-request comment', () => {
  it('lists paths opened before paths changed, so that a cut leaves out changes first', async () => {
    const r = await cli(['diff', 'fixtures/demo', 'fixtures/demo-pr', '--format', 'md']);
    // the staging namespace's table: five paths opened and one changed
    const from = r.stdout.indexOf('Namespace <code>staging</code>');
    const table = r.stdout.slice(from, r.stdout.indexOf('</details>', from));
    const opened = table.indexOf('🟢 opened');
    const changed = table.indexOf('🟡 changed');
    expect(opened).toBeGreaterThan(0);
    expect(changed).toBeGreaterThan(opened);
  });
});

describe('objects a change removes from the manifests', () => {
  // kubectl apply without --prune (kubernetes.io/docs/tasks/manage-kubernetes-objects/declarative-config,
  // "How to delete objects"), and Argo CD without prune (argo-cd.readthedocs.io, auto_sync: "automatic
  // sync will not delete resources"), leave an object the manifests no longer hold in the cluster
  const renamed = DB_FROM_TRUSTED.replace('name: db-allow', 'name: db-allow-v2').replace('role: trusted}', 'role: trusted-v2}');
  const headApps = APPS.replace('role: web', 'role: trusted').replace('app: backend, role: trusted', 'app: backend, role: trusted-v2');
  it('a policy renamed away, whose old rule admits a workload relabelled into it, fails the invariant closed', async () => {
    expect(headApps).not.toBe(APPS);
    const r = await diffTrees({ 'app.yaml': APPS, 'pol.yaml': DB_FROM_TRUSTED }, { 'app.yaml': headApps, 'pol-v2.yaml': renamed });
    expect(r.stdout).toMatch(/FAIL newly violated: frontend never reaches db/);
    expect(r.stdout).toMatch(/the change removes NetworkPolicy shop\/db-allow from the manifests; where the deployment does not delete .* shop\/frontend\[Deployment\] => shop\/db\[Deployment\] : TCP 5432/);
    expect(r.code).toBe(1);
  });

  it('with prune: true in the config, or where what is removed breaks nothing, the invariant holds', async () => {
    const root = tree({ 'base/app.yaml': APPS, 'base/pol.yaml': DB_FROM_TRUSTED, 'head/app.yaml': headApps, 'head/pol-v2.yaml': renamed, 'c.yml': `prune: true\n${NEVER}` });
    const pruned = await cli(['diff', join(root, 'base'), join(root, 'head'), '--config', join(root, 'c.yml')]);
    expect(pruned.stdout).toMatch(/ok holds: frontend never reaches db/);
    expect(pruned.code).toBe(0);
    // the same rename, frontend left as it was: the old policy admits backend alone
    const harmless = await diffTrees({ 'app.yaml': APPS, 'pol.yaml': DB_FROM_TRUSTED }, { 'app.yaml': APPS, 'pol-v2.yaml': DB_FROM_TRUSTED.replace('name: db-allow', 'name: db-allow-v2') });
    expect(harmless.stdout).toMatch(/ok holds: frontend never reaches db/);
    expect(harmless.code).toBe(0);
  });

  // argo-cd.readthedocs.io/en/stable/user-guide/sync-options/ (No Prune Resources: the annotation "will always override a
  // Prune sync policy defined in the Application"); fluxcd.io/flux/components/kustomize/kustomizations/#prune
  // (kustomize.toolkit.fluxcd.io/prune: disabled); helm.sh/docs/howto/charts_tips_and_tricks/ (helm.sh/resource-policy: keep)
  // argo-cd.readthedocs.io/en/stable/user-guide/auto_sync/ ("automated sync will not delete resources" unless prune: true);
  // fluxcd.io/flux/components/kustomize/kustomizations/#prune (deleted only with spec.prune: true)
  it('with prune: true, objects under a GitOps object that does not prune are still checked as left in the cluster', async () => {
    const app = (syncPolicy: string) =>
      `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: shop, namespace: argocd}\nspec:\n  project: default\n  source: {repoURL: https://github.com/acme/gitops.git, targetRevision: main, path: apps}\n  destination: {server: https://kubernetes.default.svc, namespace: shop}\n${syncPolicy}`;
    const flux = (prune: boolean) =>
      `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: shop, namespace: flux-system}\nspec:\n  interval: 10m\n  path: ./apps\n  prune: ${prune}\n  sourceRef: {kind: GitRepository, name: flux-system}\n`;
    const run = async (gitops: string) => {
      const root = tree({ 'base/gitops.yaml': gitops, 'base/apps/app.yaml': APPS, 'base/apps/pol.yaml': DB_FROM_TRUSTED, 'head/gitops.yaml': gitops, 'head/apps/app.yaml': headApps, 'head/apps/pol-v2.yaml': renamed, 'c.yml': `prune: true\n${NEVER}` });
      return cli(['diff', join(root, 'base'), join(root, 'head'), '--config', join(root, 'c.yml')]);
    };
    for (const keeps of [app('  syncPolicy: {automated: {selfHeal: true}}\n'), app('  syncPolicy: {automated: {prune: true}, syncOptions: [Prune=false]}\n'), flux(false)]) {
      const r = await run(keeps);
      // before, prune: true was taken for every object, and the invariant held
      expect(r.stdout, keeps).toMatch(/FAIL newly violated: frontend never reaches db/);
      expect(r.stdout, keeps).toMatch(/the change removes NetworkPolicy shop\/db-allow from the manifests, which the deployment keeps though the config says it prunes \(.*\): it stays/);
      expect(r.code, keeps).toBe(1);
    }
    for (const prunes of [app('  syncPolicy: {automated: {prune: true}}\n'), app(''), flux(true)]) {
      const r = await run(prunes);
      expect(r.stdout, prunes).toMatch(/ok holds: frontend never reaches db/);
      expect(r.code, prunes).toBe(0);
    }
  });

  // argo-cd.readthedocs.io/en/stable/user-guide/app_deletion/ (without resources-finalizer.argocd.argoproj.io, deleting the
  // Application leaves its resources); fluxcd.io/flux/components/kustomize/kustomizations/#deletion-policy
  it('with prune: true, deleting a GitOps object that leaves its objects behind, with its directory, does not delete them', async () => {
    const app = (finalizer: string) =>
      `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: shop, namespace: argocd${finalizer}}\nspec:\n  project: default\n  source: {repoURL: https://github.com/acme/gitops.git, targetRevision: main, path: apps}\n  destination: {server: https://kubernetes.default.svc, namespace: shop}\n  syncPolicy: {automated: {prune: true}}\n`;
    const flux = (policy: string) =>
      `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: shop, namespace: flux-system}\nspec:\n  interval: 10m\n  path: ./apps\n  prune: true\n${policy}  sourceRef: {kind: GitRepository, name: flux-system}\n`;
    // base: its policy opens db to every pod, beside a deny of db applied by hand; head: the GitOps object and its directory are gone
    const OPEN = DB_FROM_TRUSTED.replace('- from: [{podSelector: {matchLabels: {role: trusted}}}]\n    ports', '- ports');
    expect(OPEN).not.toBe(DB_FROM_TRUSTED);
    const DENY_DB = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db-deny, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  policyTypes: [Ingress]\n';
    const run = async (gitops: string) => {
      const root = tree({ 'base/gitops.yaml': gitops, 'base/apps/pol.yaml': OPEN, 'base/manual/app.yaml': APPS + '---\n' + DENY_DB, 'head/manual/app.yaml': APPS + '---\n' + DENY_DB, 'c.yml': `prune: true\n${NEVER}` });
      return cli(['diff', join(root, 'base'), join(root, 'head'), '--config', join(root, 'c.yml')]);
    };
    for (const orphaning of [app(''), flux('  deletionPolicy: Orphan\n')]) {
      const r = await run(orphaning);
      // before, prune: true was taken to delete the open policy with its GitOps object, and the invariant said fixed; it stays
      // violated as at base (no new violation: --fail-on new-violations passes it, --fail-on violations does not)
      expect(r.stdout, orphaning).toMatch(/FAIL still violated: frontend never reaches db/);
      expect(r.stdout, orphaning).toMatch(/the change removes NetworkPolicy shop\/db-allow from the manifests, which the deployment keeps/);
      expect(r.stdout, orphaning).not.toMatch(/fixed/);
    }
    for (const deleting of [app(', finalizers: [resources-finalizer.argocd.argoproj.io]'), flux('')]) {
      const r = await run(deleting);
      expect(r.stdout, deleting).toMatch(/ok fixed: frontend never reaches db/);
      expect(r.code, deleting).toBe(0);
    }
  });

  it('with prune: true, an object marked to stay where the deployment prunes still fails the invariant closed', async () => {
    const marks = [
      'annotations: {argocd.argoproj.io/sync-options: "Prune=false"}',
      'annotations: {argocd.argoproj.io/sync-options: "ServerSideApply=true,Prune=confirm"}',
      'labels: {kustomize.toolkit.fluxcd.io/prune: disabled}',
      'annotations: {helm.sh/resource-policy: keep}',
    ];
    for (const mark of marks) {
      const kept = DB_FROM_TRUSTED.replace('name: db-allow,', `name: db-allow, ${mark},`);
      expect(kept, mark).not.toBe(DB_FROM_TRUSTED);
      const root = tree({ 'base/app.yaml': APPS, 'base/pol.yaml': kept, 'head/app.yaml': headApps, 'head/pol-v2.yaml': renamed, 'c.yml': `prune: true\n${NEVER}` });
      const r = await cli(['diff', join(root, 'base'), join(root, 'head'), '--config', join(root, 'c.yml')]);
      // before, prune: true was taken to delete it, and the invariant held
      expect(r.stdout, mark).toMatch(/FAIL newly violated: frontend never reaches db/);
      expect(r.stdout, mark).toMatch(/the change removes NetworkPolicy shop\/db-allow from the manifests, which the deployment keeps though the config says it prunes/);
      expect(r.code, mark).toBe(1);
    }
  });
});

describe('prune said by a target', () => {
  // helm upgrade deletes what a release no longer renders (helm.sh/docs/helm/helm_upgrade), kubectl apply
  // without --prune does not: a config whose targets are deployed both ways says so target by target
  const renamed = DB_FROM_TRUSTED.replace('name: db-allow', 'name: db-allow-v2').replace('role: trusted}', 'role: trusted-v2}');
  const headApps = APPS.replace('role: web', 'role: trusted').replace('app: backend, role: trusted', 'app: backend, role: trusted-v2');
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
  const git = (repo: string, ...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', env });
  const TARGETS = (top: string, applied: string, released: string) =>
    `${top}targets:\n  - name: applied\n    paths: ["applied/**"]\n${applied}  - name: released\n    paths: ["released/**"]\n${released}${NEVER}`;
  const repoWith = (config: string) => {
    const repo = tree({ 'applied/app.yaml': APPS, 'applied/pol.yaml': DB_FROM_TRUSTED, 'released/app.yaml': APPS, 'released/pol.yaml': DB_FROM_TRUSTED, 'c.yml': config });
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'base');
    git(repo, 'checkout', '-q', '-b', 'feature');
    for (const dir of ['applied', 'released']) {
      git(repo, 'rm', '-q', `${dir}/pol.yaml`);
      writeFileSync(join(repo, dir, 'app.yaml'), headApps);
      writeFileSync(join(repo, dir, 'pol-v2.yaml'), renamed);
    }
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'head');
    return repo;
  };
  const diffTarget = (repo: string, target: string) => cli(['diff', '--git', '--repo', repo, '--base-ref', 'main', '--head-ref', 'feature', '--config', join(repo, 'c.yml'), '--target', target]);

  it("a target's prune: false keeps the left-behind check where the config prunes, and prune: true spares it where it does not", async () => {
    const topPrunes = repoWith(TARGETS('prune: true\n', '    prune: false\n', ''));
    const applied = await diffTarget(topPrunes, 'applied');
    expect(applied.stdout).toMatch(/FAIL newly violated: frontend never reaches db/);
    expect(applied.stdout).toMatch(/the change removes NetworkPolicy shop\/db-allow from the manifests/);
    expect(applied.code).toBe(1);
    const released = await diffTarget(topPrunes, 'released');
    expect(released.stdout).toMatch(/ok holds: frontend never reaches db/);
    expect(released.code).toBe(0);

    const targetPrunes = repoWith(TARGETS('', '', '    prune: true\n'));
    expect((await diffTarget(targetPrunes, 'applied')).stdout).toMatch(/FAIL newly violated: frontend never reaches db/);
    const pruned = await diffTarget(targetPrunes, 'released');
    expect(pruned.stdout).toMatch(/ok holds: frontend never reaches db/);
    expect(pruned.code).toBe(0);
  });

  it('a target whose prune is not true or false is a config error with its line', async () => {
    const repo = repoWith(TARGETS('', '    prune: 1\n', ''));
    const r = await diffTarget(repo, 'released');
    expect(r.stderr).toMatch(/c\.yml:2: targets\[0\]\.prune must be true or false/);
    expect(r.code).toBe(2);
  });
});

describe('objects a change removes, a second look', () => {
  const deploy = (ns: string, name: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec: {containers: [{name: c, image: x, ports: [{containerPort: 8080}]}]}\n---\n`;
  const run = async (base: Record<string, string>, head: Record<string, string>, config: string) => {
    const root = tree({ ...Object.fromEntries(Object.entries(base).map(([k, v]) => [`base/${k}`, v])), ...Object.fromEntries(Object.entries(head).map(([k, v]) => [`head/${k}`, v])), 'c.yml': config });
    return cli(['diff', join(root, 'base'), join(root, 'head'), '--config', join(root, 'c.yml')]);
  };

  it('a workload removed from a namespace nothing declares is analysed where it was, without a crash', async () => {
    const deny = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  policyTypes: [Ingress]\n---\n`;
    const r = await run({ 'a.yaml': deploy('shop', 'web') + deploy('shop', 'db') + deny + deploy('legacy', 'old') }, { 'a.yaml': deploy('shop', 'web') + deploy('shop', 'db') + deny }, 'invariants:\n  - name: web never db\n    never: { from: { workload: shop/web }, to: { workload: shop/db } }\n');
    expect(r.stderr).not.toMatch(/internal error/);
    // the old workload may stay, but db's policy keeps everyone out
    expect(r.stdout).toMatch(/ok holds: web never db/);
    expect(r.code).toBe(0);
  });

  it('a break only left-behind objects make is new where base had no verdict (unmatched)', async () => {
    const open = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db-open, namespace: shop}\nspec:\n  podSelector: {}\n  ingress: [{}]\n---\n`;
    const closed = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n---\n`;
    const r = await run({ 'a.yaml': deploy('shop', 'web') + deploy('shop', 'db') + closed + open }, { 'a.yaml': deploy('shop', 'web') + deploy('shop', 'database') + closed }, 'invariants:\n  - name: web never database\n    never: { from: { workload: shop/web }, to: { workload: shop/database } }\n');
    expect(r.stdout).toMatch(/FAIL newly violated: web never database/);
    expect(r.stdout).toMatch(/the change removes .*NetworkPolicy shop\/db-open/);
    expect(r.code).toBe(1);
  });

  // kubectl apply without --prune leaves the Ingress too: the controller, now let in, carries traffic from outside
  it('a removed Ingress counts as left behind', async () => {
    const ns = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ingress-nginx}\n---\n';
    const svc = 'apiVersion: v1\nkind: Service\nmetadata: {name: admin, namespace: shop}\nspec:\n  selector: {app: admin}\n  ports: [{port: 80, targetPort: 8080}]\n---\n';
    const ingress = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: admin, namespace: shop}\nspec:\n  defaultBackend: {service: {name: admin, port: {number: 80}}}\n---\n';
    const pol = (from: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: admin, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: admin}}\n  policyTypes: [Ingress]\n  ingress:\n  - from: [${from}]\n---\n`;
    const config = 'ingress-controller: {namespace: ingress-nginx, labels: {app.kubernetes.io/name: ingress-nginx}}\ninvariants:\n  - name: admin never from outside\n    never: { from: internet, to: { workload: shop/admin } }\n';
    const r = await run({ 'a.yaml': ns + deploy('shop', 'admin') + svc + ingress + pol('{podSelector: {}}') }, { 'a.yaml': ns + deploy('shop', 'admin') + svc + pol('{namespaceSelector: {}}') }, config);
    // (at base, another controller may serve the Ingress that the declared one cannot carry: ingress-classes.test.ts)
    expect(r.stdout).toMatch(/FAIL (newly )?violated: admin never from outside/);
    expect(r.stdout).toMatch(/the change removes Ingress shop\/admin/);
    const pruned = await run({ 'a.yaml': ns + deploy('shop', 'admin') + svc + ingress + pol('{podSelector: {}}') }, { 'a.yaml': ns + deploy('shop', 'admin') + svc + pol('{namespaceSelector: {}}') }, `prune: true\n${config}`);
    expect(pruned.stdout).toMatch(/ok fixed: admin never from outside/);
    expect(pruned.stdout).not.toMatch(/the change removes/);
  });

  // apimachinery's resource.Quantity compares values: 10Gi and 10240Mi are the same size
  it('a claim template whose size is written another way is the same template', async () => {
    const sts = (storage: string, image: string) =>
      `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db, namespace: shop}\nspec:\n  serviceName: db\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec: {containers: [{name: c, image: ${image}}]}\n  volumeClaimTemplates:\n  - metadata: {name: data}\n    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: ${storage}}}}\n---\n`;
    const r = await diffManifests(APPS + sts('10240Mi', 'pg:15'), APPS + sts('10Gi', 'pg:16'), NEVER);
    expect(r.stderr).not.toMatch(/immutable/);
    const resized = await diffManifests(APPS + sts('10Gi', 'pg:15'), APPS + sts('11Gi', 'pg:15'), NEVER);
    expect(resized.stderr).toMatch(/immutable/);
  });
});

// np-guard's connectivity diff calls a pair whose ports differ `changed` (README "Each line is `changed` (the ports
// differ)"; github.com/np-guard/netpol-analyzer pkg/netpol/diff/diff.go): a pair that gains ports is still opened to more
describe('a path that gains ports is counted as an opening', () => {
  const DB_PORTS = (ports: string) => DB_FROM_TRUSTED.replace('[{port: 5432}]', `[${ports}]`);
  const diff = (from: string, to: string, format: string) => diffTrees({ 'app.yaml': APPS, 'pol.yaml': DB_PORTS(from) }, { 'app.yaml': APPS, 'pol.yaml': DB_PORTS(to) }, ['--format', format]);

  it('is widened in the md headline, its row and the summary counts, and changed in the connectivity diff', async () => {
    const md = await diff('{port: 5432}', '{port: 5432}, {port: 22}', 'md');
    expect(md.stdout.split('\n')[0]).toBe('**✅ 1 path widened · 1 invariant holds**');
    expect(md.stdout).toContain('<summary>Namespace <code>shop</code>: 1 widened</summary>');
    expect(md.stdout).toMatch(/^\| 🟢 widened \| shop\/backend\\\[Deployment\\\] \| shop\/db\\\[Deployment\\\] \| TCP 5432 → TCP 22,5432 \|/m);
    const json = await diff('{port: 5432}', '{port: 5432}, {port: 22}', 'json');
    const report = JSON.parse(json.stdout) as Report;
    expect(report.summary).toMatchObject({ opened: 0, closed: 0, changed: 1, widened: 1 });
    expect(report.groups).toMatchObject([{ type: 'changed', count: 1, widened: 1 }]);
    expect(validate(JSON.parse(readFileSync(join(REPO, 'schema', 'report.schema.json'), 'utf8')) as Schema, report)).toEqual([]);
    const txt = await diff('{port: 5432}', '{port: 5432}, {port: 22}', 'txt');
    expect(txt.stdout).toContain('diff-type: changed, source: shop/backend[Deployment], destination: shop/db[Deployment], ref1: TCP 5432, ref2: TCP 22,5432');
    expect(txt.stderr).toContain('reachdiff: 0 paths opened, 0 closed, 1 changed (1 widened)\n');
  });

  it('a path that loses ports stays changed', async () => {
    const md = await diff('{port: 5432}, {port: 22}', '{port: 5432}', 'md');
    expect(md.stdout.split('\n')[0]).toBe('**✅ 1 path changed · 1 invariant holds**');
    expect(md.stdout).toMatch(/^\| 🟡 changed \|/m);
    const txt = await diff('{port: 5432}, {port: 22}', '{port: 5432}', 'txt');
    expect(txt.stderr).toContain('reachdiff: 0 paths opened, 0 closed, 1 changed\n');
    expect((JSON.parse((await diff('{port: 5432}, {port: 22}', '{port: 5432}', 'json')).stdout) as Report).summary).toMatchObject({ changed: 1, widened: 0 });
    // and so does one that gains some ports and loses others
    expect((await diff('{port: 5432}', '{port: 22}', 'md')).stdout.split('\n')[0]).toBe('**✅ 1 path changed · 1 invariant holds**');
  });
});
