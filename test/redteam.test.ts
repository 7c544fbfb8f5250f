/**
 * Pull requests written to pass the check while the cluster gets something
 * else: manifests that kubectl or the API server read differently from a
 * plain reading, policies the API server rejects, pods the manifests do not
 * show. Each case states the input, what a cluster does with it, and the
 * source that says so.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeGitHub } from './github-api/server.js';
import { cli, deployment, FIXTURES, load, namespace, policy, REPO, tree } from './helpers.js';

const APPS = namespace('shop') + deployment('shop', 'frontend', { app: 'frontend' }) + deployment('shop', 'backend', { app: 'backend' }) + deployment('shop', 'db', { app: 'db' }, [{ name: 'pg', port: 5432 }]);
const DB_FROM_BACKEND = policy('shop', 'db-from-backend', {
  podSelector: { matchLabels: { app: 'db' } },
  ingress: [{ from: [{ podSelector: { matchLabels: { app: 'backend' } } }], ports: [{ port: 5432 }] }],
});
const NEVER = 'invariants:\n  - name: frontend never reaches db\n    never: { from: { labels: { app: frontend } }, to: { labels: { app: db } } }\n';


/** `reachdiff diff` of two trees with the invariant that frontend never reaches db. */
async function diff(base: Record<string, string>, head: Record<string, string>, config = NEVER) {
  const b = tree(base);
  const h = tree(head);
  const cfg = join(tree({ 'config.yml': config }), 'config.yml');
  return cli(['diff', b, h, '--config', cfg, '--format', 'json']);
}

describe('an object with an items field is a list to kubectl', () => {
  // apimachinery's unstructured JSON scheme decodes any object whose "items" is set as a
  // list (k8s.io/apimachinery/pkg/apis/meta/v1/unstructured/helpers.go, decode), and
  // kubectl applies the items: `kubectl label --local -o json -f` prints the inner policy
  const hidden = `${DB_FROM_BACKEND.replace(/---\n$/, '').trimEnd()}
items:
  - apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: { name: db-from-backend, namespace: shop }
    spec:
      podSelector: { matchLabels: { app: db } }
      ingress: [{ from: [{ podSelector: { matchLabels: { app: frontend } } }] }]
`;

  it('a NetworkPolicy that carries items is not read as the policy: the check fails closed', async () => {
    const r = await diff({ 'apps.yaml': APPS, 'np.yaml': DB_FROM_BACKEND }, { 'apps.yaml': APPS, 'np.yaml': hidden });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/np\.yaml:\d+: error: NetworkPolicy shop\/db-from-backend has an "items" field: kubectl reads it as a list/);
  });

  it('items of a typed list that have a kind but no apiVersion (or the reverse) are rejected, as kubectl rejects them', () => {
    const list = (item: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicyList\nitems:\n  - metadata: { name: deny, namespace: shop }\n    spec: { podSelector: {} }\n${item}`;
    expect(load(APPS + list('')).networkPolicies.map((p) => p.name)).toEqual(['deny']);
    for (const item of ['    kind: NetworkPolicy\n', '    apiVersion: networking.k8s.io/v1\n']) {
      const cluster = load(APPS + list(item));
      expect(cluster.networkPolicies).toEqual([]);
      expect(cluster.diagnostics).toContainEqual(expect.objectContaining({ severity: 'error', message: expect.stringMatching(/item has no (kind|apiVersion), which kubectl rejects/) }));
    }
  });

  it('a List in a List fails the whole document, as kubectl cannot decode it ("is not a list: no Items field"), so a policy inside is not silently lost', async () => {
    const nested = `apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: List\n  items:\n  - apiVersion: networking.k8s.io/v1\n    kind: NetworkPolicy\n    metadata: { name: deny, namespace: shop }\n    spec: { podSelector: {} }\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: { name: c, namespace: shop }\n`;
    const cluster = load(APPS + nested);
    expect(cluster.policies).toEqual([]);
    expect(cluster.diagnostics).toContainEqual(expect.objectContaining({ severity: 'error', code: 'RD003', message: expect.stringMatching(/List holds an item with "items" of its own \(a list in a list\), which kubectl cannot decode: the whole List is refused/) }));
    // as unread input, it fails the check closed
    const r = await diff({ 'apps.yaml': APPS, 'np.yaml': DB_FROM_BACKEND }, { 'apps.yaml': APPS, 'np.yaml': nested });
    expect(r.code).toBe(1);
  });

  it('items that are not a list fail the document, as kubectl cannot decode it', () => {
    const cluster = load(`${APPS}apiVersion: v1\nkind: List\nitems: { a: 1 }\n`);
    expect(cluster.diagnostics).toContainEqual(expect.objectContaining({ severity: 'error', code: 'RD003', message: expect.stringMatching(/items must be a list/) }));
  });
});

describe('a directory is read as kubectl apply -f reads it', () => {
  // kubectl picks a directory's files by filepath.Ext against ".json", ".yaml", ".yml",
  // case and all (k8s.io/cli-runtime/pkg/resource/visitor.go, ignoreFile):
  // `kubectl label --local -f DIR` leaves a.YAML out and reads it when named
  it('a policy renamed to .YAML is not applied from a directory, so the check sees it go', async () => {
    const r = await diff({ 'apps.yaml': APPS, 'np.yaml': DB_FROM_BACKEND }, { 'apps.yaml': APPS, 'np.YAML': DB_FROM_BACKEND });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).invariants[0].status).toBe('newly violated');
  });
});

describe('a NetworkPolicy the API server refuses isolates nothing', () => {
  // A new database and a new policy meant to isolate it: if the API server refuses the
  // policy, the database is created open (pkg/apis/networking/validation/validation.go)
  const DB2 = deployment('shop', 'db2', { app: 'db', instance: 'two' });
  const isolate = (ingress: unknown, extra: Record<string, unknown> = {}) =>
    policy('shop', 'db2-from-backend', { podSelector: { matchLabels: { instance: 'two' } }, ingress, ...extra });
  const cases: Array<[string, string]> = [
    // ValidateNetworkPolicyPort: a string port is a name, and IsValidPortName wants a letter
    ['a port written as a string of digits', isolate([{ from: [{ podSelector: { matchLabels: { app: 'backend' } } }], ports: [{ port: '5432' }] }])],
    // ValidateLabelSelector: values must be label values, keys qualified names
    ['a selector value that is not a label value', isolate([{ from: [{ podSelector: { matchLabels: { app: 'back end' } } }] }])],
    ['a selector key that is not a label key', isolate([{ from: [{ podSelector: { matchExpressions: [{ key: 'app:x', operator: 'Exists' }] } }] }])],
    ['an expression value that is not a label value', isolate([{ from: [{ podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['backend', 'a/b'] }] } }] }])],
    // ValidateNetworkPolicySpec: "may not specify more than two policyTypes"
    ['three policyTypes', isolate([], { policyTypes: ['Ingress', 'Ingress', 'Egress'] })],
    // ValidateObjectMeta: the policy's own labels are labels
    ['a label of the policy that is not a label value', isolate([]).replace('namespace: shop', 'namespace: shop\n  labels: { owner: "team a" }')],
  ];

  it.each(cases)('%s: the policy is an error and the check fails closed', async (_, text) => {
    const r = await diff({ 'apps.yaml': APPS, 'np.yaml': DB_FROM_BACKEND }, { 'apps.yaml': APPS + DB2, 'np.yaml': DB_FROM_BACKEND + text });
    expect(r.stderr).toMatch(/error: invalid NetworkPolicy .*db2-from-backend.*\[RD004\]/);
    expect(r.code).toBe(1);
  });

  it('a numeric port and valid selectors still read', () => {
    const ok = isolate([{ from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'back-end_1.x' } } }], ports: [{ port: 5432 }, { port: 'pg' }] }]);
    expect(load(APPS + DB2 + ok).networkPolicies.map((p) => p.name)).toEqual(['db2-from-backend']);
  });
});

describe('a NetworkPolicy with a field its schema does not have is refused by kubectl apply', () => {
  // kubectl apply validates strictly by default (kubectl reference, "kubectl apply":
  // --validate='strict' ... "will use a schema to validate the input and fail the request
  // if invalid"); the API server's field validation says "strict decoding error: unknown field"
  const DB2 = deployment('shop', 'db2', { app: 'db', instance: 'two' });
  const from = [{ podSelector: { matchLabels: { app: 'backend' } } }];
  const cases: Array<[string, Record<string, unknown>, string]> = [
    // read loosely, a misspelt ingress leaves a policy that isolates db2 for ingress and allows nothing
    ['a misspelt spec field', { podSelector: { matchLabels: { instance: 'two' } }, ingres: [{ from }] }, 'spec.ingres'],
    ['a misspelt rule field', { podSelector: { matchLabels: { instance: 'two' } }, ingress: [{ form: from }] }, 'spec.ingress[0].form'],
    ['an unknown field beside a known one in a peer', { podSelector: { matchLabels: { instance: 'two' } }, ingress: [{ from: [{ podSelector: {}, namespace: 'shop' }] }] }, 'spec.ingress[0].from[0].namespace'],
    ['a misspelt selector field', { podSelector: { matchLabel: { instance: 'two' } }, ingress: [{ from }] }, 'spec.podSelector.matchLabel'],
    ['an unknown port field', { podSelector: { matchLabels: { instance: 'two' } }, ingress: [{ from, ports: [{ port: 5432, endport: 5440 }] }] }, 'spec.ingress[0].ports[0].endport'],
    ['an unknown ipBlock field', { podSelector: { matchLabels: { instance: 'two' } }, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', exclude: ['10.1.0.0/16'] } }] }] }, 'spec.egress[0].to[0].ipBlock.exclude'],
  ];

  it.each(cases)('%s: the policy is an error naming the field, and the check fails closed', async (_, spec, field) => {
    const text = policy('shop', 'db2-from-backend', spec);
    const r = await diff({ 'apps.yaml': APPS, 'np.yaml': DB_FROM_BACKEND }, { 'apps.yaml': APPS + DB2, 'np.yaml': DB_FROM_BACKEND + text });
    expect(r.stderr).toContain(`unknown field "${field}"`);
    expect(r.stderr).toMatch(/error: invalid NetworkPolicy .*db2-from-backend.*\[RD004\]/);
    expect(r.code).toBe(1);
  });

  it('every field of the schema is read, metadata and a dumped status included', () => {
    const full = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: all-fields
  namespace: shop
  uid: 0b9f
  resourceVersion: "12"
  generation: 1
  creationTimestamp: "2026-01-01T00:00:00Z"
  labels: { team: a }
  annotations: { note: x }
  finalizers: []
  managedFields: [ { manager: kubectl, operation: Apply } ]
  ownerReferences: [ { apiVersion: v1, kind: ConfigMap, name: x, uid: u, controller: false, blockOwnerDeletion: false } ]
spec:
  podSelector: { matchExpressions: [ { key: app, operator: In, values: [db] } ] }
  policyTypes: [Ingress, Egress]
  ingress: [ { from: [ { namespaceSelector: { matchLabels: { a: b } }, podSelector: {} } ], ports: [ { protocol: TCP, port: 5432, endPort: 5440 } ] } ]
  egress: [ { to: [ { ipBlock: { cidr: 10.0.0.0/8, except: [10.1.0.0/16] } } ] } ]
status: {}
`;
    const c = load(APPS + full);
    expect(c.networkPolicies.map((p) => p.name)).toEqual(['all-fields']);
    expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('the action reads the invariants where the pull request cannot choose them', () => {
  const gitEnv = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
  const git = (repo: string, ...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', env: gitEnv }).trim();
  let server: FakeGitHub | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  /** Runs the bundled action as GitHub runs a step; the exit code and the log. */
  async function runAction(gh: FakeGitHub, eventName: string, event: unknown, workspace: string, inputs: Record<string, string> = {}): Promise<{ code: number; stdout: string; outputs: Record<string, string> }> {
    const dir = mkdtempSync(join(tmpdir(), 'reachdiff-runner-'));
    writeFileSync(join(dir, 'event.json'), JSON.stringify(event));
    for (const f of ['output', 'summary']) writeFileSync(join(dir, f), '');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      GITHUB_EVENT_PATH: join(dir, 'event.json'),
      GITHUB_EVENT_NAME: eventName,
      GITHUB_REPOSITORY: 'octo/shop',
      GITHUB_API_URL: gh.url,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: '1',
      GITHUB_OUTPUT: join(dir, 'output'),
      GITHUB_STEP_SUMMARY: join(dir, 'summary'),
      GITHUB_WORKSPACE: workspace,
      RUNNER_TEMP: join(dir, 'temp'),
      'INPUT_GITHUB-TOKEN': 'ghs_test',
    };
    for (const [k, v] of Object.entries(inputs)) env[`INPUT_${k.toUpperCase()}`] = v;
    const child = spawn(process.execPath, [join(REPO, 'dist', 'index.js')], { env, cwd: workspace });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stdout += c.toString()));
    const code = await new Promise<number>((r) => child.on('close', (c) => r(c ?? -1)));
    const outputs: Record<string, string> = {};
    for (const m of readFileSync(join(dir, 'output'), 'utf8').matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) outputs[m[1]!] = m[3]!;
    return { code, stdout, outputs };
  }

  // main gains the invariants in a later commit; the pull request branches from before it and
  // lets the frontend reach the database. The merge base has no config: the pull request chose it.
  function repository(): { repo: string; main: string; head: string } {
    const repo = mkdtempSync(join(tmpdir(), 'reachdiff-redteam-action-'));
    git(repo, 'init', '-q', '-b', 'main');
    cpSync(join(FIXTURES, 'demo'), join(repo, 'k8s'), { recursive: true });
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'manifests');
    const old = git(repo, 'rev-parse', 'HEAD');
    mkdirSync(join(repo, '.github'));
    cpSync(join(FIXTURES, 'demo-invariants.yml'), join(repo, '.github', 'reachdiff.yml'));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'invariants');
    const main = git(repo, 'rev-parse', 'HEAD');
    git(repo, 'checkout', '-q', '-b', 'pr', old);
    execFileSync('rm', ['-rf', join(repo, 'k8s')]);
    cpSync(join(FIXTURES, 'demo-pr'), join(repo, 'k8s'), { recursive: true });
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'frontend reads the database');
    const head = git(repo, 'rev-parse', 'HEAD');
    git(repo, 'checkout', '-q', 'main');
    return { repo, main, head };
  }

  it('on pull_request_target, the config is the base branch\'s, not the merge base\'s', async () => {
    const { repo, main, head } = repository();
    server = new FakeGitHub({ repo, repository: 'octo/shop', viewer: undefined });
    await server.start();
    const event = { pull_request: { number: 3, base: { sha: main, repo: { full_name: 'octo/shop' } }, head: { sha: head, repo: { full_name: 'octo/shop' } } } };
    const r = await runAction(server, 'pull_request_target', event, repo, { comment: 'never' });
    expect(r.stdout).toContain('newly violated invariants: "frontend must never reach db"');
    expect(r.code).toBe(1);
  });

  it('in publish mode, the comment checks the base branch\'s invariants too', async () => {
    const { repo, main, head } = repository();
    server = new FakeGitHub({ repo, repository: 'octo/shop', viewer: undefined, pulls: { [head]: 3 }, pullBase: main });
    await server.start();
    const event = { pull_request: { number: 3, base: { sha: main, repo: { full_name: 'octo/shop' } }, head: { sha: head, repo: { full_name: 'octo/shop' } } } };
    const analysed = await runAction(server, 'pull_request', event, repo, { comment: 'never', 'fail-on': 'never' });
    const run = { workflow_run: { head_sha: head, html_url: 'https://github.com/octo/shop/actions/runs/2' } };
    await runAction(server, 'workflow_run', run, repo, { mode: 'publish', 'report-file': analysed.outputs['report']! });
    const body = (server.calls('issues/create-comment')[0]!.body as { body: string }).body;
    expect(body).toContain('frontend must never reach db');
    expect(body).toMatch(/❌ \d+ invariants? newly violated/);
  });
});

describe('pods that a controller reachdiff does not know makes are reported, not ignored', () => {
  // an Argo Rollout makes pods from spec.template as a Deployment does
  // (argoproj.github.io/argo-rollouts/features/specification); with the labels of backend,
  // its pods reach the database, which "only backend reaches db" forbids
  const rollout = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: { name: evil, namespace: shop }
spec:
  selector: { matchLabels: { app: backend } }
  template:
    metadata: { labels: { app: backend } }
    spec: { containers: [{ name: c, image: x }] }
---
`;
  const ONLY = 'invariants:\n  - name: only backend reaches db\n    only: { to: { labels: { app: db } }, from: [ { workload: shop/backend } ] }\n';

  it('an object of an unknown kind with a pod template is not analysed, loudly', async () => {
    const r = await diff({ 'apps.yaml': APPS, 'np.yaml': DB_FROM_BACKEND }, { 'apps.yaml': APPS + rollout, 'np.yaml': DB_FROM_BACKEND }, ONLY);
    expect(r.stderr).toContain('reachdiff: head: 1 Rollout was not analysed; the paths shown may not be those of the cluster');
    expect(JSON.parse(r.stdout).head.notAnalysed).toEqual([expect.objectContaining({ kind: 'Rollout', name: 'shop/evil', reason: expect.stringMatching(/holds a pod template/) })]);
  });

  it('so is a CronJob-like template, and objects without one stay ignored', () => {
    const cron = 'apiVersion: example.com/v1\nkind: Batch\nmetadata: { name: b, namespace: shop }\nspec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: c }] } } } } }\n---\n';
    const other = 'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w, namespace: shop }\nspec: { template: { replicas: 2 } }\n';
    const cluster = load(APPS + cron + other);
    expect(cluster.notAnalysed.map((n) => n.kind)).toEqual(['Batch']);
    expect(cluster.ignoredKinds.get('Widget')).toBe(1);
  });
});

describe('labels that controllers set on pods are not in the manifests', () => {
  // the Deployment controller labels every pod with pod-template-hash
  // (kubernetes.io/docs/concepts/workloads/controllers/deployment, "Pod-template-hash label"),
  // so this peer matches the frontend's pods in a cluster, though no template shows the label
  const open = policy('shop', 'db-from-backend', {
    podSelector: { matchLabels: { app: 'db' } },
    ingress: [{ from: [{ podSelector: { matchLabels: { app: 'backend' } } }, { podSelector: { matchExpressions: [{ key: 'pod-template-hash', operator: 'Exists' }] } }], ports: [{ port: 5432 }] }],
  });

  it('a selector on pod-template-hash is a rule part not analysed, not a selector that matches nothing', async () => {
    const r = await diff({ 'apps.yaml': APPS, 'np.yaml': DB_FROM_BACKEND }, { 'apps.yaml': APPS, 'np.yaml': open });
    expect(r.stderr).toMatch(/reads "pod-template-hash", a label that controllers set on their pods and pod templates do not show; which pods it matches is not modelled \[RD007\]/);
    expect(r.stderr).toContain('reachdiff: head: 1 rule part was not analysed');
    expect(r.stderr).not.toContain('RD103');
  });

  it('so is a policy subject on job-name', () => {
    const subject = policy('shop', 'jobs', { podSelector: { matchExpressions: [{ key: 'job-name', operator: 'Exists' }] }, policyTypes: ['Egress'] });
    expect(load(APPS + subject).notAnalysed).toEqual([expect.objectContaining({ kind: 'rule part', reason: expect.stringMatching(/spec.podSelector reads "job-name"/) })]);
  });

  // the same labels in the other policy kinds' selectors of pods: the Job controller sets
  // batch.kubernetes.io/job-name, the StatefulSet controller statefulset.kubernetes.io/pod-name
  // (kubernetes.io/docs/reference/labels-annotations-taints)
  const notAnalysed = (text: string) => load(APPS + text).notAnalysed.map((n) => n.reason);

  it('so is a ClusterNetworkPolicy subject or peer on one, and an AdminNetworkPolicy subject', () => {
    // network-policy-api: subject.pods and peers' pods take a podSelector (apis/v1alpha2/clusternetworkpolicy_types.go)
    const cnp = (name: string, spec: Record<string, unknown>) => `apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: { name: ${name} }\nspec: ${JSON.stringify(spec)}\n---\n`;
    const subject = cnp('protect-db', {
      tier: 'Admin',
      priority: 10,
      subject: { pods: { namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['db'] }, { key: 'pod-template-hash', operator: 'DoesNotExist' }] } } },
      ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }],
    });
    expect(notAnalysed(subject)).toEqual([expect.stringMatching(/spec.subject.pods.podSelector reads "pod-template-hash"/)]);
    const peer = cnp('jobs-to-db', {
      tier: 'Admin',
      priority: 10,
      subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'db' } } } },
      ingress: [{ action: 'Accept', from: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { 'batch.kubernetes.io/job-name': 'migrate' } } } }] }],
    });
    expect(notAnalysed(peer)).toEqual([expect.stringMatching(/spec.ingress\[0\].from\[0\].pods.podSelector reads "batch.kubernetes.io\/job-name"/)]);
    const anp = `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: { name: sts }\nspec: ${JSON.stringify({
      priority: 5,
      subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { 'statefulset.kubernetes.io/pod-name': 'db-0' } } } },
      ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }],
    })}\n---\n`;
    expect(notAnalysed(anp)).toEqual([expect.stringMatching(/spec.subject.pods.podSelector reads "statefulset.kubernetes.io\/pod-name"/)]);
  });

  it('so is a Calico selector that reads one, in the policy or in a rule, negated or not', () => {
    // docs.tigera.io/calico/latest/reference/resources/networkpolicy#selectors: has(), ==, in … over the pod's labels
    const calico = (spec: Record<string, unknown>) => `apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: { name: p, namespace: shop }\nspec: ${JSON.stringify(spec)}\n---\n`;
    expect(notAnalysed(calico({ selector: "app == 'db' && !has(pod-template-hash)", types: ['Ingress'] }))).toEqual([expect.stringMatching(/spec.selector reads "pod-template-hash"/)]);
    expect(notAnalysed(calico({ selector: "app == 'db'", ingress: [{ action: 'Allow', source: { selector: "job-name == 'migrate'" } }] }))).toEqual([
      expect.stringMatching(/spec.ingress\[0\].source.selector reads "job-name"/),
    ]);
    expect(notAnalysed(calico({ selector: "app == 'db'", ingress: [{ action: 'Deny', source: { notSelector: "has(controller-revision-hash) || app == 'x'" } }] }))).toEqual([
      expect.stringMatching(/spec.ingress\[0\].source.notSelector reads "controller-revision-hash"/),
    ]);
    // a label of the pods' own is no note
    expect(notAnalysed(calico({ selector: "app == 'db'", ingress: [{ action: 'Allow', source: { selector: "app == 'backend'" } }] }))).toEqual([]);
  });
});

describe('of two objects with one name, the cluster keeps the one kubectl reads last', () => {
  // `kubectl apply -R -f k8s` walks k8s/a/ before k8s/a.yaml (filepath.Walk sorts names
  // within a directory); `kubectl label --local -R -f k8s -o name` prints them in that order
  const allowFrontend = policy('shop', 'db-from-backend', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }] }] });

  it('a revision read from git keeps the policy of k8s/a.yaml over that of k8s/a/x.yaml', async () => {
    const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
    const repo = tree({ 'k8s/apps.yaml': APPS, 'k8s/np.yaml': DB_FROM_BACKEND });
    const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', env });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-qm', 'base');
    git('mv', 'k8s/np.yaml', 'k8s/a-x.yaml');
    mkdirSync(join(repo, 'k8s', 'a'));
    git('mv', 'k8s/a-x.yaml', 'k8s/a/x.yaml');
    writeFileSync(join(repo, 'k8s', 'a.yaml'), allowFrontend);
    git('add', '-A');
    git('commit', '-qm', 'head');
    const cfg = join(tree({ 'config.yml': NEVER }), 'config.yml');
    const r = await cli(['diff', '--git', '--repo', repo, '--base-ref', 'HEAD~1', '--head-ref', 'HEAD', '--config', cfg]);
    expect(r.stderr).toContain('k8s/a.yaml:1: warning: NetworkPolicy shop/db-from-backend is declared more than once (also at k8s/a/x.yaml:1); the last one is used [RD006]');
    expect(r.stdout).toContain('FAIL newly violated: frontend never reaches db');
    expect(r.code).toBe(1);
  });
});

describe('line breaks that yaml.v2 knows and YAML 1.2 does not', () => {
  // yaml.v2, which kubectl reads YAML with, ends a line at NEL (U+0085), LS (U+2028) and
  // PS (U+2029) as at a line feed (gopkg.in/yaml.v2 scannerc.go, is_break): a comment ends there, and
  // what follows is read. `kubectl label --local -o json -f` shows the hidden `- {}` rule.
  for (const [name, br] of [['LS', '\u2028'], ['PS', '\u2029'], ['NEL', '\u0085']] as const) {
    it(`a rule after "# comment${name}" is read, as kubectl reads it`, async () => {
      const hidden = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: db-from-backend, namespace: shop }
spec:
  podSelector: { matchLabels: { app: db } }
  ingress:
  - from: [{ podSelector: { matchLabels: { app: backend } } }] # backend only${br}  - {}
`;
      const r = await diff({ 'apps.yaml': APPS, 'np.yaml': DB_FROM_BACKEND }, { 'apps.yaml': APPS, 'np.yaml': hidden });
      expect(JSON.parse(r.stdout).invariants[0].status).toBe('newly violated');
      expect(r.code).toBe(1);
    });
  }

  it('lines are still counted at line feeds', () => {
    const cluster = load({ 'np.yaml': `# a${'\u2028'}# b\n${DB_FROM_BACKEND}` });
    expect(cluster.policies[0]!.policy.source.line).toBe(2);
  });
});

describe('JSON numbers beyond float64', () => {
  // kubectl decodes JSON numbers as float64 and refuses the object ("json: cannot unmarshal
  // number 1e400 into Go value of type float64"); JSON.parse makes them Infinity
  it('a JSON policy with 1e400 in it is not applied, so it is an error and the check fails closed', async () => {
    const json = JSON.stringify({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'db2-from-backend', namespace: 'shop', annotations: {} },
      spec: { podSelector: { matchLabels: { instance: 'two' } }, ingress: [] },
    }).replace('"annotations":{}', '"generation":1e400');
    const db2 = deployment('shop', 'db2', { app: 'db', instance: 'two' });
    const r = await diff({ 'apps.yaml': APPS, 'np.yaml': DB_FROM_BACKEND }, { 'apps.yaml': APPS + db2, 'np.yaml': DB_FROM_BACKEND, 'db2.json': json });
    expect(r.stderr).toMatch(/db2\.json:1: error: JSON: a number is out of the range of float64, which kubectl cannot decode; document skipped \[RD001\]/);
    expect(r.code).toBe(1);
  });
});

describe('a controller whose selector does not pick its own pods is refused, as the API server refuses it', () => {
  // apps/v1 validation (ValidateDeploymentSpec, ValidateStatefulSetSpec, ValidateDaemonSetSpec,
  // ValidateReplicaSetSpec): "selector does not match template labels", and an empty selector is
  // invalid; kubernetes.io/docs/concepts/workloads/controllers/deployment ("Selector"): spec.selector
  // must match spec.template.metadata.labels, or it is rejected by the API
  const workload = (kind: string, name: string, selector: unknown, labels: Record<string, string>, apiVersion = 'apps/v1') =>
    `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: { name: ${name}, namespace: shop }\nspec:\n  selector: ${JSON.stringify(selector)}\n  template:\n    metadata: { labels: ${JSON.stringify(labels)} }\n    spec: { containers: [ { name: c, image: c } ] }\n---\n`;
  const ids = (text: string) => load(namespace('shop') + text).workloads.map((w) => w.id);
  const errors = (text: string) => load(namespace('shop') + text).diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.line}: ${d.message}`);

  it('a Deployment, StatefulSet, DaemonSet or ReplicaSet whose selector misses its template is left out, with an error at the selector', () => {
    for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']) {
      const bad = workload(kind, 'db', { matchLabels: { app: 'database' } }, { app: 'db' });
      expect(ids(bad)).toEqual([]);
      expect(errors(bad)).toEqual([
        expect.stringMatching(new RegExp(`^11: .*spec.selector app=database does not match the pod template's labels, so the API server refuses the ${kind}`)),
      ]);
    }
    // the line is that of spec.selector (the namespace takes six lines); matchExpressions count too
    expect(ids(workload('Deployment', 'db', { matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, { app: 'db' }))).toEqual([]);
    expect(ids(workload('Deployment', 'db', { matchExpressions: [{ key: 'app', operator: 'In', values: ['db', 'x'] }] }, { app: 'db', tier: 'data' }))).toEqual(['shop/db[Deployment]']);
  });

  it('an empty selector is refused; a selector picking a part of the template labels is not', () => {
    expect(errors(workload('StatefulSet', 'db', {}, { app: 'db' }))).toEqual([expect.stringMatching(/spec.selector is empty, which the API server refuses for a StatefulSet/)]);
    expect(ids(workload('StatefulSet', 'db', { matchLabels: { app: 'db' } }, { app: 'db', tier: 'data' }))).toEqual(['shop/db[StatefulSet]']);
  });

  it('a selector left out is refused for the apps/v1 kinds, at the line of the object', () => {
    // apps/v1 DeploymentSpec, StatefulSetSpec, DaemonSetSpec, ReplicaSetSpec: selector is required ("spec.selector:
    // Required value"); only the removed extensions/v1beta1 and apps/v1beta1 defaulted it from the template
    const without = (kind: string) => workload(kind, 'db', null, { app: 'db' }).replace('  selector: null\n', '');
    for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']) {
      expect(without(kind)).not.toMatch(/selector/);
      expect(ids(without(kind))).toEqual([]);
      expect(errors(without(kind))).toEqual([expect.stringMatching(new RegExp(`^7: invalid ${kind} shop/db: spec.selector is missing, which the API server refuses for a ${kind} \\("spec.selector: Required value"\\)`))]);
    }
    // a null selector is one left out
    expect(ids(workload('Deployment', 'db', null, { app: 'db' }))).toEqual([]);
  });

  it("a ReplicationController's selector, a map of labels, may be left out; given, it must match", () => {
    // core/v1 ReplicationControllerSpec: "If Selector is empty, it is defaulted to the labels present on the Pod template"
    expect(ids(workload('ReplicationController', 'db', {}, { app: 'db' }, 'v1'))).toEqual(['shop/db[ReplicationController]']);
    expect(ids(workload('ReplicationController', 'db', { app: 'db' }, { app: 'db' }, 'v1'))).toEqual(['shop/db[ReplicationController]']);
    expect(errors(workload('ReplicationController', 'db', { app: 'database' }, { app: 'db' }, 'v1'))).toEqual([expect.stringMatching(/does not match the pod template's labels/)]);
  });

  it('a refused redefinition leaves the earlier object in place, and its pods reach where they did', async () => {
    const root = mkdtempSync(join(tmpdir(), 'reachdiff-selector-'));
    const valid = workload('Deployment', 'frontend', { matchLabels: { app: 'frontend' } }, { app: 'frontend', tier: 'web' });
    const refused = workload('Deployment', 'frontend', { matchLabels: { app: 'frontend-v2' } }, { app: 'frontend' });
    writeFileSync(join(root, 'a.yaml'), namespace('shop') + valid + workload('Deployment', 'db', { matchLabels: { app: 'db' } }, { app: 'db' }));
    writeFileSync(join(root, 'b.yaml'), refused);
    writeFileSync(join(root, 'np.yaml'), policy('shop', 'db-in', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { tier: 'web' } } }] }] }));
    writeFileSync(join(root, 'config.yml'), 'invariants:\n  - name: frontend never reaches db\n    never: { from: { workload: shop/frontend }, to: { workload: shop/db } }\n');
    const r = await cli(['check', root, '--config', join(root, 'config.yml')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/frontend never reaches db/);
    expect(r.stdout).toMatch(/shop\/frontend\[Deployment\] => shop\/db\[Deployment\]/);
    expect(r.stderr).toMatch(/b\.yaml:\d+: error: .*does not match the pod template's labels/);
    // a redefinition that drops the selector is refused as well, and the check still fails
    writeFileSync(join(root, 'b.yaml'), refused.replace("  selector: {\"matchLabels\":{\"app\":\"frontend-v2\"}}\n", ''));
    const dropped = await cli(['check', root, '--config', join(root, 'config.yml')]);
    expect(dropped.code).toBe(1);
    expect(dropped.stderr).toMatch(/b\.yaml:1: error: .*spec.selector is missing/);
  });
});

describe('a NetworkPolicy named by generateName alone', () => {
  // kubectl apply refuses such an object: "from ...: cannot use generate name with apply"
  // (kubectl's apply.go); kubectl create would make it under a random name
  it('is refused with an error, not analysed, so the check fails closed', async () => {
    const root = mkdtempSync(join(tmpdir(), 'reachdiff-generatename-'));
    const deny = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { generateName: deny-db-, namespace: shop }\nspec: { podSelector: { matchLabels: { app: db } }, policyTypes: [Ingress] }\n`;
    writeFileSync(join(root, 'apps.yaml'), APPS);
    writeFileSync(join(root, 'np.yaml'), deny);
    writeFileSync(join(root, 'config.yml'), 'invariants:\n  - name: frontend never reaches db\n    never: { from: { workload: shop/frontend }, to: { workload: shop/db } }\n');
    expect(load({ 'np.yaml': deny }).networkPolicies).toEqual([]);
    const r = await cli(['check', root, '--config', join(root, 'config.yml')]);
    expect(r.stderr).toMatch(/np\.yaml:1: error: .*generateName and no metadata.name, which kubectl apply refuses/);
    expect(r.code).toBe(1);
  });
});

describe('traffic from outside where the config does not say where the ingress controller runs', () => {
  // kubernetes.io/docs/concepts/services-networking/ingress: "An Ingress controller is responsible for
  // fulfilling the Ingress"; the controller's pods reach the backends, as the backends' policies let them
  const web = `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web, namespace: shop }\nspec:\n  selector: { matchLabels: { app: web } }\n  template:\n    metadata: { labels: { app: web } }\n    spec: { containers: [ { name: c, image: c, ports: [ { name: http, containerPort: 8080 } ] } ] }\n---\n`;
  const routes = `apiVersion: v1\nkind: Service\nmetadata: { name: web, namespace: shop }\nspec: { selector: { app: web }, ports: [ { port: 80, targetPort: http } ] }\n---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: { name: web, namespace: shop }\nspec: { defaultBackend: { service: { name: web, port: { number: 80 } } } }\n---\n`;
  const fromNginx = policy('shop', 'web-from-ingress', { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }] }] });
  const run = async (config: string) => {
    const root = mkdtempSync(join(tmpdir(), 'reachdiff-placeholder-'));
    writeFileSync(join(root, 'all.yaml'), namespace('shop') + namespace('ingress-nginx') + web + routes + fromNginx);
    writeFileSync(join(root, 'config.yml'), `${config}invariants:\n  - name: nothing from outside reaches web\n    never: { from: internet, to: { workload: shop/web } }\n  - name: only the frontend reaches web\n    only: { to: { workload: shop/web }, from: [ { workload: shop/frontend } ] }\n`);
    return cli(['check', root, '--config', join(root, 'config.yml')]);
  };

  it('an Ingress to a backend whose policies keep the placeholder out fails closed, saying what to declare', async () => {
    const r = await run('');
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/ok holds: nothing from outside/);
    expect(r.stdout).toMatch(/Ingress shop\/web route TCP 8080 to it from outside the cluster, and where the ingress controller runs is not declared \(ingress-controller: in the config\)/);
    expect(r.stdout).not.toMatch(/ok holds: only the frontend/);
  });

  it('declared where it runs, the controller reaches web through the rule for its namespace', async () => {
    const r = await run('ingress-controller: { namespace: ingress-nginx, labels: { app.kubernetes.io/name: ingress-nginx } }\n');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\{ingress-controller\}.* => shop\/web\[Deployment\]/);
    expect(r.stdout).not.toMatch(/is not declared/);
  });

  // the Ingress then leads where the declared controller cannot go: another controller, which web admits, may serve it
  it('declared elsewhere, in a namespace the config declares, the Ingress may be another controller\'s', async () => {
    const r = await run('ingress-controller: { namespace: gateway, labels: { app: envoy } }\noutside:\n  namespaces:\n    - name: gateway\n');
    expect(r.stdout).not.toMatch(/ok holds: nothing from outside reaches web/);
    expect(r.stdout).toMatch(/Ingress shop\/web route TCP 8080 to it from outside the cluster, which its ingress policies keep the declared ingress controller from: another controller may serve it/);
    expect(r.stdout).not.toMatch(/is not declared/);
  });

  it('declared in a namespace nothing declares or runs in, which may be a typo, it fails closed', async () => {
    const r = await run('ingress-controller: { namespace: gateway, labels: { app: envoy } }\n');
    expect(r.stdout).toMatch(/keep out the ingress controller the config declares in namespace gateway, which neither the manifests nor the config's outside: declare/);
    expect(r.code).toBe(1);
  });
});

describe('a host-network workload and the pods of its node', () => {
  // kubernetes.io/docs/concepts/services-networking/network-policies: "traffic to and from the node
  // where a Pod is running is always allowed, regardless of the IP address of the Pod or the node",
  // and pods cannot "block access from their resident node"; a host-network pod's traffic is its node's
  const agent = (kind: string) =>
    `apiVersion: apps/v1\nkind: ${kind}\nmetadata: { name: agent, namespace: shop }\nspec:\n  selector: { matchLabels: { app: agent } }\n  template:\n    metadata: { labels: { app: agent } }\n    spec: { hostNetwork: true, containers: [ { name: c, image: c } ] }\n---\n`;
  const isolateDb = policy('shop', 'deny', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress', 'Egress'] });
  const run = async (kind: string, invariants: string, flags: string[] = []) => {
    const root = mkdtempSync(join(tmpdir(), 'reachdiff-hostnet-'));
    writeFileSync(join(root, 'all.yaml'), APPS + agent(kind) + isolateDb);
    writeFileSync(join(root, 'config.yml'), `invariants:\n${invariants}`);
    return cli(['check', root, '--config', join(root, 'config.yml'), ...flags]);
  };

  it('a DaemonSet on the host network reaches a pod its policies isolate, and is reached by it: never fails', async () => {
    for (const flags of [[], ['--host-network', 'include']]) {
      const r = await run('DaemonSet', '  - name: agent never reaches db\n    never: { from: { workload: shop/agent }, to: { workload: shop/db } }\n  - name: db never reaches agent\n    never: { from: { workload: shop/db }, to: { workload: shop/agent } }\n', flags);
      expect(r.code).toBe(1);
      expect(r.stdout).not.toMatch(/ok holds/);
      expect(r.stdout).toMatch(/shop\/agent\[DaemonSet\] uses the host network and runs on every node, so on that of shop\/db\[Deployment\] too/);
    }
  });

  it('a Deployment on the host network may share the node: it fails closed too; only lists it among the outsiders', async () => {
    const r = await run('Deployment', '  - name: only backend reaches db\n    only: { to: { workload: shop/db }, from: [ { workload: shop/backend } ] }\n');
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/shop\/agent\[Deployment\] uses the host network and may run on the node of shop\/db\[Deployment\]/);
  });

  it('two pods neither of which is on the host network keep what the policies say', async () => {
    const r = await run('DaemonSet', '  - name: frontend never reaches db\n    never: { from: { workload: shop/frontend }, to: { workload: shop/db } }\n');
    expect(r.stdout).toMatch(/ok holds: frontend never reaches db/);
    expect(r.code).toBe(0);
  });
});

describe('files are walked in the order of their names\' bytes, as kubectl walks them', () => {
  // Go compares strings byte by byte (UTF-8): U+FF01 (EF BC 81) sorts before U+1F600 (F0 9F 98 80),
  // where JavaScript's < on UTF-16 units puts the surrogate pair (D83D ...) first
  it('a name above U+FFFF comes after one of U+E000 to U+FFFF, so the later of two same-named policies is kubectl\'s', async () => {
    const { compareWalkOrder } = await import('../src/input/load.js');
    const { listManifestFiles } = await import('../src/sources/directory.js');
    expect(compareWalkOrder('k8s/\uff01.yaml', 'k8s/\u{1f600}.yaml')).toBeLessThan(0);
    expect(compareWalkOrder('k8s/a.yaml', 'k8s/b.yaml')).toBeLessThan(0);
    const root = mkdtempSync(join(tmpdir(), 'reachdiff-order-'));
    writeFileSync(join(root, '\u{1f600}.yaml'), APPS);
    writeFileSync(join(root, '\uff01.yaml'), DB_FROM_BACKEND);
    expect(listManifestFiles([root]).files.map((f) => f.slice(root.length + 1))).toEqual(['\uff01.yaml', '\u{1f600}.yaml']);
  });
});
