/**
 * Objects reachdiff does not analyse (RD011) used to leave invariants
 * holding beside them: an Antrea policy that allows frontend -> db ahead of
 * the NetworkPolicies, an Istio authorization that refuses what an always
 * invariant needs. An invariant such an object could break now fails
 * closed, naming it, unless the config accepts that (fail-on-not-analysed:
 * false); objects that cannot touch it leave it alone.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/check/config.js';
import { checkManifests, deployment, diffManifests, namespace } from './helpers.js';

const SHOP = namespace('shop') + namespace('other') + deployment('shop', 'frontend', { app: 'frontend' }) + deployment('shop', 'db', { app: 'db' }, [{ name: 'pg', port: 5432 }]);
const DB_CLOSED = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: db, namespace: shop }\nspec: { podSelector: { matchLabels: { app: db } }, policyTypes: [Ingress] }\n---\n';
const NEVER = 'invariants:\n  - name: frontend never reaches db\n    never: { from: { workload: shop/frontend }, to: { workload: shop/db } }\n';
const ALWAYS = 'invariants:\n  - name: frontend reaches db\n    always: { from: { workload: shop/frontend }, to: { workload: shop/db }, ports: [TCP/5432] }\n';

const check = checkManifests;

describe('objects that may open paths', () => {
  // antrea.io/docs/main/docs/antrea-network-policy/: Antrea-native policies are enforced before Kubernetes NetworkPolicies
  const antrea =
    'apiVersion: crd.antrea.io/v1beta1\nkind: ClusterNetworkPolicy\nmetadata: { name: allow-fe-db }\nspec:\n  priority: 5\n  tier: securityops\n  appliedTo: [{ podSelector: { matchLabels: { app: db } } }]\n  ingress:\n  - action: Allow\n    from: [{ podSelector: { matchLabels: { app: frontend } } }]\n---\n';

  it('an Antrea ClusterNetworkPolicy fails a never invariant closed, naming it; the config may accept that', async () => {
    const r = await check(SHOP + DB_CLOSED + antrea, NEVER);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/ClusterNetworkPolicy allow-fe-db: not analysed \(Antrea policies are not modelled\): it may open paths this invariant checks/);
    const accepted = await check(SHOP + DB_CLOSED + antrea, `fail-on-not-analysed: false\n${NEVER}`);
    expect(accepted.code).toBe(0);
    // still listed
    expect(accepted.stderr).toMatch(/1 ClusterNetworkPolicy was not analysed/);
  });

  it('an Antrea NetworkPolicy of another namespace cannot act on these pods: the verdict stands', async () => {
    const other = antrea.replace('kind: ClusterNetworkPolicy\nmetadata: { name: allow-fe-db }', 'kind: NetworkPolicy\nmetadata: { name: allow, namespace: other }');
    expect((await check(SHOP + DB_CLOSED + other, NEVER)).code).toBe(0);
    const here = antrea.replace('kind: ClusterNetworkPolicy\nmetadata: { name: allow-fe-db }', 'kind: NetworkPolicy\nmetadata: { name: allow, namespace: shop }');
    expect((await check(SHOP + DB_CLOSED + here, NEVER)).code).toBe(1);
  });

  it('a Kyverno generate rule that is not expanded fails a never invariant closed', async () => {
    // kyverno.io/docs/policy-types/cluster-policy/generate/: what a rule generates may be any policy
    const kyverno =
      'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: { name: gen }\nspec:\n  rules:\n  - name: allow-all\n    match: { any: [{ resources: { kinds: [Namespace] } }] }\n    context: [{ name: cm, configMap: { name: x, namespace: default } }]\n    generate:\n      apiVersion: networking.k8s.io/v1\n      kind: NetworkPolicy\n      name: allow-all\n      namespace: "{{request.object.metadata.name}}"\n      data: { spec: { podSelector: {}, ingress: [{}] } }\n---\n';
    const r = await check(SHOP + DB_CLOSED + kyverno, NEVER);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/ClusterPolicy gen: not analysed \(rule allow-all is not expanded/);
  });

  it('Calico staged policies are never enforced: no invariant fails for them', async () => {
    // docs.tigera.io/calico/latest/reference/resources/stagednetworkpolicy: staged policies are not enforced
    const staged = "apiVersion: projectcalico.org/v3\nkind: StagedNetworkPolicy\nmetadata: { name: s, namespace: shop }\nspec:\n  selector: app == 'db'\n  ingress: [{ action: Allow }]\n---\n";
    expect((await check(SHOP + DB_CLOSED + staged, NEVER)).code).toBe(0);
  });
});

describe('objects that may close paths', () => {
  // istio.io/latest/docs/reference/config/security/authorization-policy/: a DENY policy refuses what the network allows; one in the root namespace applies to the whole mesh
  const istio = (ns: string) =>
    `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: { name: deny-fe, namespace: ${ns} }\nspec:\n  action: DENY\n  rules: [{ from: [{ source: { principals: [cluster.local/ns/shop/sa/frontend] } }] }]\n---\n`;

  it('an Istio AuthorizationPolicy fails an always invariant on its namespace closed, and leaves never alone', async () => {
    const r = await check(SHOP + istio('shop'), ALWAYS);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/AuthorizationPolicy shop\/deny-fe: not analysed \(Istio policies are not modelled\): it may close paths this invariant checks/);
    expect((await check(SHOP + DB_CLOSED + istio('shop'), NEVER)).code).toBe(0);
  });

  it('in another namespace it does not act on these pods; in the root namespace it acts on the whole mesh', async () => {
    expect((await check(SHOP + istio('other'), ALWAYS)).code).toBe(0);
    expect((await check(SHOP + namespace('istio-system') + istio('istio-system'), ALWAYS)).code).toBe(1);
  });
});

describe('objects of hooks that may not be there', () => {
  // helm.sh/docs/topics/chart_tests/: a test hook is made only by helm test; helm.sh/docs/topics/charts_hooks/ (Hook
  // deletion policies): hook-succeeded deletes it once it has run; argo-cd.readthedocs.io/en/stable/user-guide/resource_hooks/
  const hooked = (annotations: string) => DB_CLOSED.replace('metadata: { name: db, namespace: shop }', `metadata: { name: db, namespace: shop, annotations: { ${annotations} } }`);
  const ISOLATED = 'invariants:\n  - name: db isolated\n    isolated: { workloads: { workload: shop/db }, direction: ingress }\n';

  it('a NetworkPolicy of a Helm test hook, or of a hook deleted once it has run, fails never and isolated invariants closed', async () => {
    expect((await check(SHOP + DB_CLOSED, NEVER)).code).toBe(0);
    expect((await check(SHOP + DB_CLOSED, ISOLATED)).code).toBe(0);
    for (const annotations of ['helm.sh/hook: test', 'helm.sh/hook: test-success', 'helm.sh/hook: pre-install, helm.sh/hook-delete-policy: "before-hook-creation,hook-succeeded"', 'argocd.argoproj.io/hook: PreSync, argocd.argoproj.io/hook-delete-policy: HookSucceeded']) {
      const r = await check(SHOP + hooked(annotations), NEVER);
      expect(r.stdout).toMatch(/NetworkPolicy shop\/db: not analysed \(it is an? (Helm|Argo CD) (test )?hook/);
      expect(r.code).toBe(1);
      expect((await check(SHOP + hooked(annotations), ISOLATED)).code).toBe(1);
    }
    // a hook that stays once it has run (before-hook-creation, the default) is there
    expect((await check(SHOP + hooked('helm.sh/hook: pre-install, helm.sh/hook-delete-policy: before-hook-creation'), NEVER)).code).toBe(0);
  });

  it('hooks Argo CD does not apply in a sync, Helm makes only on rollback or uninstall or not at all, or a delete policy of either removes', async () => {
    // argo-cd.readthedocs.io/en/stable/user-guide/resource_hooks/ (Skip, SyncFail, PostDelete) and user-guide/helm/ (Helm Hooks:
    // pre-delete, post-delete not supported); helm.sh/docs/topics/charts_hooks/: Helm lower-cases hook types and delete policies
    // and skips types it does not know (pkg/releaseutil/manifest_sorter.go); gitops-engine pkg/sync/hook/delete_policy.go reads
    // Helm's delete policy beside Argo CD's, on either's hooks
    for (const annotations of [
      'argocd.argoproj.io/hook: Skip',
      'argocd.argoproj.io/hook: SyncFail',
      'argocd.argoproj.io/hook: PostDelete',
      'helm.sh/hook: pre-delete',
      'helm.sh/hook: "post-delete,post-rollback"',
      'helm.sh/hook: crd-install',
      'helm.sh/hook: Test',
      'helm.sh/hook: pre-install, helm.sh/hook-delete-policy: Hook-Succeeded',
      'argocd.argoproj.io/hook: PreSync, helm.sh/hook-delete-policy: hook-succeeded',
      'helm.sh/hook: post-upgrade, argocd.argoproj.io/hook-delete-policy: HookFailed',
    ]) {
      const r = await check(SHOP + hooked(annotations), NEVER);
      expect(r.stdout, annotations).toMatch(/NetworkPolicy shop\/db: not analysed \(it is an? (Helm|Argo CD) (test )?hook/);
      expect(r.code, annotations).toBe(1);
    }
    // hooks a sync and an install both apply, kept once they have run
    for (const annotations of ['argocd.argoproj.io/hook: Sync, argocd.argoproj.io/hook-delete-policy: BeforeHookCreation', 'helm.sh/hook: "pre-install,pre-delete"', 'argocd.argoproj.io/hook: "PostSync,SyncFail"']) {
      expect((await check(SHOP + hooked(annotations), NEVER)).code, annotations).toBe(0);
    }
  });

  it("a hook's NetworkPolicy fails closed only invariants on the pods it selects, in the directions it governs", async () => {
    // kubernetes.io/docs/concepts/services-networking/network-policies/: a policy acts on the pods its podSelector selects in its
    // namespace, on their ingress, egress or both (policyTypes); ingress-nginx's chart makes its admission webhook's policy a
    // hook of this kind (helm.sh/hook: pre-install,...; hook-delete-policy: before-hook-creation,hook-succeeded)
    const admission = (selector: string, types: string) =>
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: admission, namespace: shop, annotations: { helm.sh/hook: "pre-install,post-upgrade", helm.sh/hook-delete-policy: "before-hook-creation,hook-succeeded" } }\nspec: { podSelector: ${selector}, policyTypes: ${types}, egress: [{}] }\n---\n`;
    const webhook = deployment('shop', 'webhook', { app: 'webhook' });
    expect((await check(SHOP + webhook + DB_CLOSED + admission('{ matchLabels: { app: webhook } }', '[Ingress, Egress]'), NEVER)).code).toBe(0);
    // it selects db, or frontend: it may be what decides this path
    const r = await check(SHOP + webhook + DB_CLOSED + admission('{ matchExpressions: [{ key: app, operator: In, values: [db] }] }', '[Ingress]'), NEVER);
    expect(r.stdout).toMatch(/NetworkPolicy shop\/admission: not analysed \(it is a Helm hook/);
    expect(r.code).toBe(1);
    expect((await check(SHOP + webhook + DB_CLOSED + admission('{ matchLabels: { app: frontend } }', '[Egress]'), NEVER)).code).toBe(1);
    expect((await check(SHOP + webhook + DB_CLOSED + admission('{}', '[Ingress]'), NEVER)).code).toBe(1);
    // frontend's ingress and db's egress are not on the path from frontend to db
    expect((await check(SHOP + webhook + DB_CLOSED + admission('{ matchLabels: { app: frontend } }', '[Ingress]'), NEVER)).code).toBe(0);
    expect((await check(SHOP + webhook + DB_CLOSED + admission('{ matchLabels: { app: db } }', '[Egress]'), NEVER)).code).toBe(0);
    // traffic from the internet comes through the ingress controller, which the policy does not select
    const internet = `ingress-controller: { namespace: shop, labels: { app: frontend } }\ninvariants:\n  - name: internet never reaches db\n    never: { from: internet, to: { workload: shop/db } }\n`;
    expect((await check(SHOP + webhook + DB_CLOSED + admission('{ matchLabels: { app: webhook } }', '[Ingress, Egress]'), internet)).code).toBe(0);
    expect((await check(SHOP + webhook + DB_CLOSED + admission('{ matchLabels: { app: db } }', '[Ingress]'), internet)).code).toBe(1);
  });

  it("a hook's pod, which may not be there, fails no invariant closed: were it absent, only its own paths would be missing", async () => {
    // helm.sh/docs/topics/chart_tests/ (helm create's test-connection Pod); helm.sh/docs/topics/charts_hooks/ (a migration Job deleted
    // once it has run): an always invariant holds over the pods that exist, and those paths are shown as they are while it runs
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: { name: web-test, namespace: shop, labels: { app: frontend }, annotations: { helm.sh/hook: test } }\nspec: { containers: [{ name: c, image: x }] }\n---\n';
    const job = 'apiVersion: batch/v1\nkind: Job\nmetadata: { name: migrate, namespace: shop, annotations: { helm.sh/hook: pre-upgrade, helm.sh/hook-delete-policy: hook-succeeded } }\nspec: { template: { metadata: { labels: { app: migrate } }, spec: { restartPolicy: Never, containers: [{ name: c, image: x }] } } }\n---\n';
    const always = ALWAYS.replace('{ workload: shop/frontend }', '{ workload: shop/web-test, kind: Pod }');
    const own = await check(SHOP + pod, always);
    expect(own.stdout).not.toMatch(/not analysed/);
    expect(own.code).toBe(0);
    const namespaceWide = 'invariants:\n  - name: shop reaches db\n    always: { from: { namespace: shop }, to: { workload: shop/db }, ports: [TCP/5432] }\n';
    expect((await check(SHOP + pod + job, namespaceWide)).code).toBe(0);
    // its paths are analysed as if it ran: a never invariant on them still fails where they are open
    const never = NEVER.replace('{ workload: shop/frontend }', '{ workload: shop/web-test, kind: Pod }');
    expect((await check(SHOP + pod, never)).code).toBe(1);
    expect((await check(SHOP + pod + DB_CLOSED, NEVER)).code).toBe(0);
  });
});

describe('pods of a controller reachdiff does not know', () => {
  // argoproj.github.io/argo-rollouts/features/specification/: a Rollout makes pods from its template
  const rollout =
    'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: { name: api, namespace: shop }\nspec:\n  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec: { containers: [{ name: c, image: x }] }\n---\n';

  it('fail closed an invariant whose selectors pick them, and leave one on other workloads alone', async () => {
    const fromShop = 'invariants:\n  - name: shop never reaches db\n    never: { from: { namespace: shop }, to: { workload: shop/db } }\n';
    const r = await check(SHOP + DB_CLOSED + rollout, fromShop);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Rollout shop\/api: not analysed .*its pods are not in the analysis, and this invariant concerns them/);
    expect((await check(SHOP + DB_CLOSED + rollout, NEVER)).code).toBe(0);
    const otherLabels = 'invariants:\n  - name: web never reaches db\n    never: { from: { namespace: shop, labels: { app: web } }, to: { workload: shop/db } }\n';
    expect((await check(SHOP + DB_CLOSED + deployment('shop', 'web', { app: 'web' }) + rollout, otherLabels)).code).toBe(0);
  });
});

describe('a dump that holds what an unknown controller made', () => {
  it("a Rollout whose ReplicaSet is in the input has its pods in the analysis: it fails nothing for them", async () => {
    // a `kubectl get -o yaml` dump holds the Rollout, the ReplicaSet it owns (ownerReferences) and that ReplicaSet's pods
    const rollout = 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: { name: web, namespace: shop }\nspec:\n  selector: { matchLabels: { app: web } }\n  template:\n    metadata: { labels: { app: web } }\n    spec: { containers: [{ name: c, image: x }] }\n---\n';
    const rs =
      'apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: web-7b9c6d5f4\n  namespace: shop\n  ownerReferences: [{ apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: web, uid: r1, controller: true }]\nspec:\n  replicas: 1\n  selector: { matchLabels: { app: web } }\n  template:\n    metadata: { labels: { app: web } }\n    spec: { containers: [{ name: c, image: x }] }\n---\n';
    const never = 'invariants:\n  - name: web never reaches db\n    never: { from: { namespace: shop, labels: { app: web } }, to: { workload: shop/db } }\n';
    expect((await check(SHOP + DB_CLOSED + rollout, never)).code).toBe(1);
    const r = await check(SHOP + DB_CLOSED + rollout + rs, never);
    expect(r.code).toBe(0);
    // still listed as not analysed
    expect(r.stderr).toMatch(/1 Rollout was not analysed/);
  });
});

describe('the config', () => {
  it('fail-on-not-analysed is true by default and must be a boolean', () => {
    expect(parseConfig('invariants: []\n', 'c.yml').failOnNotAnalysed).toBe(true);
    expect(parseConfig('fail-on-not-analysed: false\n', 'c.yml').failOnNotAnalysed).toBe(false);
    expect(() => parseConfig('fail-on-not-analysed: sometimes\n', 'c.yml')).toThrow(/fail-on-not-analysed must be true or false/);
  });
});

describe('review: what a fail-closed base hides, and false alarms', () => {
  const istio = 'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: { name: deny-fe, namespace: shop }\nspec:\n  action: DENY\n  rules: [{ from: [{ source: { namespaces: [other] } }] }]\n---\n';
  const dbFromFrontend =
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: db-from-fe, namespace: shop }\nspec:\n  podSelector: { matchLabels: { app: db } }\n  ingress: [{ from: [{ podSelector: { matchLabels: { app: frontend } } }] }]\n---\n';

  it('a change that breaks an invariant for real is newly violated where base only failed closed', async () => {
    // base fails closed for the Istio policy; head also removes the rule that let frontend in
    const r = await diffManifests(SHOP + istio + DB_CLOSED + dbFromFrontend, SHOP + istio + DB_CLOSED, ALWAYS, ['--fail-on', 'new-violations']);
    expect(r.stdout).toMatch(/FAIL newly violated: frontend reaches db/);
    expect(r.code).toBe(1);
    // nothing changed: still violated (closed), and new-violations lets it pass
    const same = await diffManifests(SHOP + istio + DB_CLOSED + dbFromFrontend, SHOP + istio + DB_CLOSED + dbFromFrontend, ALWAYS, ['--fail-on', 'new-violations']);
    expect(same.stdout).toMatch(/FAIL still violated: frontend reaches db/);
    expect(same.code).toBe(0);
  });

  it('an edit of an object not analysed is a new doubt: a base that failed closed on it does not pass the change as still violated', async () => {
    // the Istio policy now refuses frontend's own namespace (istio.io/latest/docs/reference/config/security/authorization-policy/)
    const edited = istio.replace('namespaces: [other]', 'namespaces: [shop]');
    const r = await diffManifests(SHOP + istio + DB_CLOSED + dbFromFrontend, SHOP + edited + DB_CLOSED + dbFromFrontend, ALWAYS, ['--fail-on', 'new-violations']);
    expect(r.stdout).toMatch(/FAIL newly violated: frontend reaches db/);
    expect(r.code).toBe(1);
    // moved in its file, not edited: the same doubt
    const moved = await diffManifests(SHOP + istio + DB_CLOSED + dbFromFrontend, SHOP + DB_CLOSED + istio + dbFromFrontend, ALWAYS, ['--fail-on', 'new-violations']);
    expect(moved.stdout).toMatch(/FAIL still violated: frontend reaches db/);
    expect(moved.code).toBe(0);
    // a Flux HelmRelease's values (fluxcd.io/flux/components/helm/helmreleases/: the chart is rendered with them), an Argo CD
    // Application's directory include (argo-cd.readthedocs.io, user-guide/directory)
    const release = (values: string) =>
      `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: { name: web, namespace: shop }\nspec:\n  interval: 5m\n  chart: { spec: { chart: web, sourceRef: { kind: HelmRepository, name: charts } } }\n  values: { ${values} }\n---\n`;
    const values = await diffManifests(SHOP + DB_CLOSED + dbFromFrontend + release('networkPolicy: true'), SHOP + DB_CLOSED + dbFromFrontend + release('networkPolicy: false'), ALWAYS, ['--fail-on', 'new-violations']);
    expect(values.stdout).toMatch(/FAIL newly violated: frontend reaches db/);
    expect(values.code).toBe(1);
    const app = (include: string) =>
      `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: { name: shop, namespace: argocd }\nspec:\n  project: default\n  destination: { server: https://kubernetes.default.svc, namespace: shop }\n  source: { repoURL: https://example.com/repo.git, path: ., directory: { include: '${include}' } }\n---\n`;
    const include = await diffManifests(SHOP + DB_CLOSED + dbFromFrontend + app('*.yaml'), SHOP + DB_CLOSED + dbFromFrontend + app('test.yaml'), ALWAYS, ['--fail-on', 'new-violations']);
    expect(include.stdout).toMatch(/FAIL newly violated: frontend reaches db/);
    expect(include.code).toBe(1);
  });

  it('a real break on a base that only failed closed is new however many witnesses either state has (past the 1,000 listed)', async () => {
    // 32 clients x 32 databases: each pair a doubt (10.0.0.0/8 may hold pod addresses), 1,024 witnesses at base
    const state = (extra: string) => {
      let m = namespace('shop');
      for (let i = 0; i < 32; i++) m += deployment('shop', `c${i}`, { app: `c${i}`, role: 'client' });
      for (let i = 0; i < 32; i++) m += deployment('shop', `db${i}`, { app: `db${i}`, tier: 'db' }, [{ port: 5432 }]);
      return `${m}apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: db, namespace: shop }\nspec:\n  podSelector: { matchLabels: { tier: db } }\n  policyTypes: [Ingress]\n  ingress:\n  - from: [{ ipBlock: { cidr: 10.0.0.0/8 } }]\n${extra}`;
    };
    const never = 'invariants:\n  - name: clients never reach the databases\n    never: { from: { namespace: shop, labels: { role: client } }, to: { namespace: shop, labels: { tier: db } } }\n';
    // head: a real path from c0 to every database
    const r = await diffManifests(state(''), state('  - from: [{ podSelector: { matchLabels: { app: c0 } } }]\n'), never, ['--fail-on', 'new-violations']);
    expect(r.stdout).toMatch(/FAIL newly violated: clients never reach the databases/);
    expect(r.code).toBe(1);
    const same = await diffManifests(state(''), state(''), never, ['--fail-on', 'new-violations']);
    expect(same.stdout).toMatch(/FAIL still violated/);
    expect(same.code).toBe(0);
  });

  it('Istio objects that refuse nothing fail nothing: PeerAuthentication PERMISSIVE, an AUDIT policy', async () => {
    // istio.io/latest/docs/reference/config/security/peer_authentication/: PERMISSIVE accepts plaintext and mTLS
    const permissive = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: { name: default, namespace: shop }\nspec: { mtls: { mode: PERMISSIVE } }\n---\n';
    expect((await check(SHOP + dbFromFrontend, ALWAYS)).code).toBe(0);
    expect((await check(SHOP + dbFromFrontend + permissive, ALWAYS)).code).toBe(0);
    expect((await check(SHOP + dbFromFrontend + permissive.replace('PERMISSIVE', 'STRICT'), ALWAYS)).code).toBe(1);
    expect((await check(SHOP + dbFromFrontend + istio.replace('action: DENY', 'action: AUDIT'), ALWAYS)).code).toBe(0);
  });

  it("an egress firewall acts on paths to external addresses only; a Multus policy not on the pod network", async () => {
    // docs.redhat.com (EgressFirewall k8s.ovn.org/v1): traffic from a pod to an address outside the cluster is checked
    const firewall = 'apiVersion: k8s.ovn.org/v1\nkind: EgressFirewall\nmetadata: { name: default, namespace: shop }\nspec:\n  egress: [{ type: Deny, to: { cidrSelector: 0.0.0.0/0 } }]\n---\n';
    expect((await check(SHOP + dbFromFrontend + firewall, ALWAYS)).code).toBe(0);
    const out = 'invariants:\n  - name: frontend reaches the gateway\n    always: { from: { workload: shop/frontend }, to: { cidr: 198.51.100.7/32 }, ports: [TCP/443] }\n';
    expect((await check(SHOP + firewall, out)).code).toBe(1);
    const multus = 'apiVersion: k8s.cni.cncf.io/v1beta1\nkind: MultiNetworkPolicy\nmetadata: { name: m, namespace: shop }\nspec: { podSelector: {}, ingress: [{}] }\n---\n';
    expect((await check(SHOP + DB_CLOSED + multus, NEVER)).code).toBe(0);
  });

  it('a Kyverno mutation that adds an annotation changes no traffic; one that adds a label may', async () => {
    // kyverno.io/policies/other/add-safe-to-evict/: the sample only annotates pods
    const mutate = (patch: string) =>
      `apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: { name: m }\nspec:\n  rules:\n  - name: r\n    match: { any: [{ resources: { kinds: [Pod] } }] }\n    mutate: { patchStrategicMerge: { metadata: { ${patch}: { x: "true" } } } }\n---\n`;
    expect((await check(SHOP + DB_CLOSED + mutate('annotations'), NEVER)).code).toBe(0);
    expect((await check(SHOP + DB_CLOSED + mutate('labels'), NEVER)).code).toBe(1);
  });

  it("pods of an unknown controller are picked by globbed selectors, stand outside an only invariant's list, and count for isolated", async () => {
    const rollout = 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: { name: worker, namespace: shop }\nspec:\n  template:\n    metadata: { labels: { app: worker } }\n    spec: { containers: [{ name: c, image: x }] }\n---\n';
    const glob = 'invariants:\n  - name: nothing in sh* reaches db\n    never: { from: { namespace: "sh*" }, to: { workload: shop/db } }\n';
    expect((await check(SHOP + DB_CLOSED + rollout, glob)).code).toBe(1);
    const only = 'invariants:\n  - name: only frontend reaches db\n    only: { to: { workload: shop/db }, from: [ { workload: shop/frontend } ] }\n';
    expect((await check(SHOP + DB_CLOSED + rollout, only)).stdout).toMatch(/Rollout shop\/worker: not analysed/);
    const listed = 'invariants:\n  - name: only frontend and workers reach db\n    only: { to: { workload: shop/db }, from: [ { workload: shop/frontend }, { namespace: shop, labels: { app: worker } } ] }\n';
    // (a Deployment of workers too, so that the list's selector matches a workload the manifests hold)
    expect((await check(SHOP + DB_CLOSED + deployment('shop', 'worker-v1', { app: 'worker' }) + rollout, listed)).code).toBe(0);
    const isolated = 'invariants:\n  - name: shop isolated\n    isolated: { workloads: { namespace: shop }, direction: ingress }\n';
    expect((await check(SHOP + DB_CLOSED + rollout, isolated)).stdout).toMatch(/Rollout shop\/worker: not analysed/);
  });
});
