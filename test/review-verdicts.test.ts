/**
 * Verdicts a review found confidently wrong, each reproduced here: a
 * config that says a thing twice, an ingress controller declared without
 * its labels, invariants a check leaves to their targets, a violation
 * after a base that matched nothing, an Ingress port two Service ports may
 * stand for, routing objects of ingress proxies that are not modelled, an
 * invariant that matches nothing at head, and namespace labels of pods
 * present or future that appear nowhere in the manifests.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ActionEnv, ActionIo } from '../src/action/run.js';
import { analyzeRun } from '../src/action/run.js';
import { readInputs } from '../src/action/inputs.js';
import { parseConfig } from '../src/check/config.js';
import type { Schema } from '../src/report/jsonschema.js';
import { validate } from '../src/report/jsonschema.js';
import type { Report } from '../src/report/report.js';
import { checkManifests, cli, conn, deployment, diffManifests, matrixOf, namespace, policy, REPO } from './helpers.js';

const SHOP = namespace('shop') + deployment('shop', 'web', { app: 'web' }) + deployment('shop', 'db', { app: 'db' }, [{ name: 'pg', port: 5432 }]);
const DB_FROM_WEB = policy('shop', 'db-from-web', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 5432 }] }] });

function dir(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'reachdiff-review-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
  return root;
}

describe('the config', () => {
  it('a repeated key is an error with its line, not the later value kept in silence', () => {
    const text = 'invariants:\n  - name: a\n    never: { from: { workload: shop/web }, to: { workload: shop/db } }\nfail-on-unread: true\ninvariants:\n  - name: b\n    isolated: { workloads: { workload: shop/db } }\n';
    expect(() => parseConfig(text, 'c.yml')).toThrow(/c\.yml:5: a mapping repeats a key/);
    // inside an invariant and in a label map too
    expect(() => parseConfig('invariants:\n  - name: a\n    never: { from: { labels: { app: db, app: web } }, to: { workload: shop/db } }\n', 'c.yml')).toThrow(/repeats a key/);
  });

  it('an only invariant whose from and to are both mappings is an error: which side is the allowed list?', () => {
    expect(() => parseConfig('invariants:\n  - name: web talks only to db\n    only: { from: { workload: shop/web }, to: { workload: shop/db } }\n', 'c.yml')).toThrow(/c\.yml:3: .*write the allowed side as a list/);
    expect(parseConfig('invariants:\n  - name: web talks only to db\n    only: { from: { workload: shop/web }, to: [ { workload: shop/db } ] }\n', 'c.yml').invariants[0]).toMatchObject({ kind: 'only', side: 'from' });
  });

  it('a mistyped field of a matchExpressions entry is an error', () => {
    const config = (entry: string) => `invariants:\n  - name: a\n    never: { from: { labels: { matchExpressions: [ ${entry} ] } }, to: { workload: shop/db } }\n`;
    expect(() => parseConfig(config('{ key: app, operator: NotIn, values: [web], value: [db] }'), 'c.yml')).toThrow(/matchExpressions\[0\]: unknown key "value"/);
    expect(parseConfig(config('{ key: app, operator: NotIn, values: [web] }'), 'c.yml').invariants).toHaveLength(1);
  });

  it('an ingress controller declared without labels is an error; {} says it has none', () => {
    expect(() => parseConfig('ingress-controller: { namespace: ingress-nginx }\n', 'c.yml')).toThrow(/ingress-controller\.labels must be the labels of the controller's pods/);
    expect(parseConfig('ingress-controller: { namespace: ingress-nginx, labels: {} }\n', 'c.yml').ingressController).toEqual({ namespace: 'ingress-nginx', labels: {} });
  });

  it('check says which invariants it leaves to their targets', async () => {
    const root = dir({
      'm.yaml': SHOP + DB_FROM_WEB,
      'c.yml': 'targets:\n  - { name: prod, paths: [m.yaml] }\ninvariants:\n  - name: web never reaches db\n    targets: [prod]\n    never: { from: { workload: shop/web }, to: { workload: shop/db } }\n  - name: db isolated\n    isolated: { workloads: { workload: shop/db }, direction: ingress }\n',
    });
    const r = await cli(['check', join(root, 'm.yaml'), '--config', join(root, 'c.yml')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/1 of the 2 invariants of .*c\.yml name targets \(prod\) and are not checked here/);
  });
});

describe('--fail-on new-violations after a base whose selectors matched nothing', () => {
  const config = (to: string) => `invariants:\n  - name: web never reaches db\n    never: { from: ${to}, to: { labels: { app: db } } }\n`;

  it('a path the change opens is a new violation where base had no verdict', async () => {
    const root = dir({ 'c.yml': config('{ workload: shop/web }') });
    const base = dir({ 'm.yaml': namespace('shop') + deployment('shop', 'web', { app: 'web' }) });
    const head = dir({ 'm.yaml': SHOP + DB_FROM_WEB });
    const r = await cli(['diff', base, head, '--config', join(root, 'c.yml')]);
    expect(r.stdout).toMatch(/FAIL newly violated: web never reaches db/);
    expect(r.code).toBe(1);
  });

  it('still matching nothing in part, a violating path head has and base had not is new', async () => {
    const root = dir({ 'c.yml': config('[{ workload: shop/web }, { workload: shop/web-v2 }]') });
    const base = dir({ 'm.yaml': SHOP + policy('shop', 'db-closed', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'] }) });
    const head = dir({ 'm.yaml': SHOP + DB_FROM_WEB });
    const r = await cli(['diff', base, head, '--config', join(root, 'c.yml')]);
    expect(r.stdout).toMatch(/FAIL unmatched: web never reaches db/);
    expect(r.code).toBe(1);
    // with no path at either state it has no verdict still: it fails as well
    const same = await cli(['diff', base, base, '--config', join(root, 'c.yml')]);
    expect(same.stdout).toMatch(/FAIL unmatched/);
    expect(same.code).toBe(1);
  });
});

describe('an Ingress port two Service ports may stand for', () => {
  // networking.k8s.io/v1 IngressServiceBackend: port.number is "the numerical port number on the Service";
  // ingress-nginx also matches it against target ports, taking the first: both pod ports are reachable
  it('reaches the pod port of each', () => {
    const api = namespace('shop') + deployment('shop', 'api', { app: 'api' }, [{ name: 'http', port: 8080 }, { name: 'mgmt', port: 9090 }]);
    const svc = 'apiVersion: v1\nkind: Service\nmetadata: { name: api, namespace: shop }\nspec:\n  selector: { app: api }\n  ports: [{ name: web, port: 80, targetPort: 8080 }, { name: mgmt, port: 8080, targetPort: 9090 }]\n---\n';
    const ing = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: { name: api, namespace: shop }\nspec:\n  rules: [{ http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: api, port: { number: 8080 } } } }] } }]\n---\n';
    const m = matrixOf(api + svc + ing);
    expect(conn(m, '{ingress-controller}', 'shop/api[Deployment]')).toBe('TCP 8080,9090');
  });
});

describe('routing objects of ingress proxies that are not modelled', () => {
  const db = namespace('data') + deployment('data', 'db', { app: 'db' }, [{ name: 'pg', port: 5432 }]) + policy('data', 'db-in', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: {} }] }] });
  const traefik = 'apiVersion: traefik.io/v1alpha1\nkind: IngressRouteTCP\nmetadata: { name: db, namespace: data }\nspec:\n  entryPoints: [postgres]\n  routes: [{ match: HostSNI(`*`), services: [{ name: db, port: 5432 }] }]\n---\n';
  const contour = 'apiVersion: projectcontour.io/v1\nkind: HTTPProxy\nmetadata: { name: db, namespace: data }\nspec:\n  virtualhost: { fqdn: db.example.com }\n  tcpproxy: { services: [{ name: db, port: 5432 }] }\n---\n';
  const nginx = 'apiVersion: k8s.nginx.org/v1\nkind: VirtualServer\nmetadata: { name: db, namespace: data }\nspec:\n  host: db.example.com\n  upstreams: [{ name: db, service: db, port: 5432 }]\n  routes: [{ path: /, action: { pass: db } }]\n---\n';
  const never = 'invariants:\n  - name: db never from the internet\n    never: { from: internet, to: { workload: data/db } }\n';

  it('are reported as not analysed (RD011), each naming its proxy', async () => {
    const root = dir({ 'm.yaml': db + traefik + contour + nginx });
    const r = await cli(['list', root]);
    expect(r.stderr).toMatch(/IngressRouteTCP data\/db \(traefik\.io\/v1alpha1\) is not analysed: routing through Traefik is not modelled.*\[RD011\]/);
    expect(r.stderr).toMatch(/HTTPProxy data\/db \(projectcontour\.io\/v1\) is not analysed: routing through Contour/);
    expect(r.stderr).toMatch(/VirtualServer data\/db \(k8s\.nginx\.org\/v1\) is not analysed: routing through NGINX Ingress Controller/);
  });

  it('fail an invariant on traffic from the internet closed, where without them it holds', async () => {
    for (const router of [traefik, contour, nginx]) {
      const root = dir({ 'm.yaml': db + router, 'c.yml': never });
      const r = await cli(['check', join(root, 'm.yaml'), '--config', join(root, 'c.yml')]);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/data\/db\[Deployment\]: .* routes traffic from outside the cluster where the analysis cannot follow, so whether it reaches this workload is not known/);
    }
    const root = dir({ 'm.yaml': db, 'c.yml': never });
    expect((await cli(['check', join(root, 'm.yaml'), '--config', join(root, 'c.yml')])).code).toBe(0);
  });

  it('so does a route to a Service whose pods are not known: not in the manifests, without selector, an ExternalName', async () => {
    const ingress = (service: string) => `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: { name: tcp, namespace: data }\nspec:\n  rules: [{ http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: ${service}, port: { number: 5432 } } } }] } }]\n---\n`;
    const bySelectorless = 'apiVersion: v1\nkind: Service\nmetadata: { name: db2, namespace: data }\nspec: { ports: [{ port: 5432 }] }\n---\n';
    const byAlias = 'apiVersion: v1\nkind: Service\nmetadata: { name: alias, namespace: data }\nspec: { type: ExternalName, externalName: db.data.svc.cluster.local }\n---\n';
    for (const [extra, service, why] of [['', 'missing', 'which the manifests do not hold'], [bySelectorless, 'db2', 'without selector'], [byAlias, 'alias', 'an ExternalName']] as const) {
      const root = dir({ 'm.yaml': db + extra + ingress(service), 'c.yml': never });
      const r = await cli(['check', join(root, 'm.yaml'), '--config', join(root, 'c.yml')]);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(`Ingress data/tcp (to Service data/${service}, ${why}) routes traffic from outside the cluster where the analysis cannot follow`);
    }
  });

  it('an invariant that does not speak of the internet is not touched by them', async () => {
    const root = dir({ 'm.yaml': db + traefik + namespace('shop') + deployment('shop', 'web', { app: 'web' }), 'c.yml': 'invariants:\n  - name: db isolated\n    isolated: { workloads: { workload: data/db }, direction: ingress }\n' });
    expect((await cli(['check', join(root, 'm.yaml'), '--config', join(root, 'c.yml')])).code).toBe(0);
  });
});

describe("a workload's replicas, between two of its pods", () => {
  // kubernetes.io network policies: a policy governs traffic between any two pods, those of one workload
  // included (a StatefulSet's peers gossiping on 9094)
  const am = namespace('mon') + deployment('mon', 'am', { app: 'am' }, [{ name: 'mesh', port: 9094 }]).replace('kind: Deployment', 'kind: StatefulSet');
  const denyAll = policy('mon', 'deny', { podSelector: {}, policyTypes: ['Ingress'] });
  const openAll = policy('mon', 'open', { podSelector: {}, ingress: [{}] });
  const run = async (manifests: string, invariant: string) => {
    const root = dir({ 'm.yaml': manifests, 'c.yml': `invariants:\n  - name: i\n    ${invariant}\n` });
    return cli(['check', join(root, 'm.yaml'), '--config', join(root, 'c.yml')]);
  };

  it('always fails where the policies keep them apart, and holds where they let them talk', async () => {
    const always = 'always: { from: { workload: mon/am }, to: { workload: mon/am }, ports: [TCP/9094] }';
    const denied = await run(am + denyAll, always);
    expect(denied.code).toBe(1);
    expect(denied.stdout).toMatch(/mon\/am\[StatefulSet\] => mon\/am\[StatefulSet\] : TCP 9094/);
    expect((await run(am + openAll, always)).code).toBe(0);
  });

  it('never fails where the policies let them talk, and holds where they keep them apart', async () => {
    const never = 'never: { from: { labels: { app: am } }, to: { labels: { app: am } } }';
    expect((await run(am + openAll, never)).code).toBe(1);
    expect((await run(am + denyAll, never)).code).toBe(0);
  });

  it('only counts them as sources outside the list unless the workload is listed', async () => {
    const only = (from: string) => `only: { to: { workload: mon/am }, from: [ ${from} ] }`;
    expect((await run(am + openAll, only('{ workload: mon/other }'))).stdout).toMatch(/mon\/am\[StatefulSet\] => mon\/am\[StatefulSet\]/);
    expect((await run(am + openAll + deployment('mon', 'other', { app: 'other' }), only('{ workload: mon/am }, { workload: mon/other }'))).stdout).not.toMatch(/mon\/am\[StatefulSet\] => mon\/am/);
  });

  it('a lone Pod is one pod: nothing between its pods to check', async () => {
    const pod = namespace('mon') + 'apiVersion: v1\nkind: Pod\nmetadata: { name: solo, namespace: mon, labels: { app: solo } }\nspec: { containers: [{ name: c, image: x }] }\n---\n';
    expect((await run(pod + denyAll, 'always: { from: { workload: mon/solo }, to: { workload: mon/solo }, ports: [TCP/80] }')).code).toBe(0);
  });
});

describe('an ingress controller on the host network', () => {
  // kubernetes.io network policies: "traffic to and from the node where a Pod is running is always allowed"; a
  // host-network controller's traffic is its node's, so what it routes gets in there whatever the policies say
  const controller = (kind: string) =>
    deployment('ingress-nginx', 'ingress-nginx-controller', { 'app.kubernetes.io/name': 'ingress-nginx' }).replace('kind: Deployment', `kind: ${kind}`).replace('containers:', 'hostNetwork: true\n      containers:');
  const admin = namespace('shop') + namespace('ingress-nginx') + deployment('shop', 'admin', { app: 'admin' }, [{ name: 'http', port: 8080 }]) + policy('shop', 'deny', { podSelector: {}, policyTypes: ['Ingress'] });
  const svc = 'apiVersion: v1\nkind: Service\nmetadata: { name: admin, namespace: shop }\nspec: { selector: { app: admin }, ports: [{ port: 80, targetPort: 8080 }] }\n---\n';
  const ing = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: { name: admin, namespace: shop }\nspec:\n  rules: [{ http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: admin, port: { number: 80 } } } }] } }]\n---\n';
  const config = 'ingress-controller: { namespace: ingress-nginx, labels: { app.kubernetes.io/name: ingress-nginx } }\ninvariants:\n  - name: admin never from the internet\n    never: { from: internet, to: { workload: shop/admin } }\n';

  it('lets what ingress objects route to a workload in, whatever its policies say: never from internet fails closed', async () => {
    for (const [kind, where] of [['DaemonSet', 'runs on every node'], ['Deployment', 'may run on the node of any pod']]) {
      const root = dir({ 'm.yaml': admin + controller(kind!) + svc + ing, 'c.yml': config });
      const r = await cli(['check', join(root, 'm.yaml'), '--config', join(root, 'c.yml')]);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(`route TCP 8080 to it from outside the cluster through the ingress controller ingress-nginx/ingress-nginx-controller[${kind}], which uses the host network and ${where}`);
    }
  });

  // the policies keep the controller out, so the Ingress works only where another controller serves it (ingress-classes.test.ts)
  it('on the pod network, the policies decide: not through the host network', async () => {
    const root = dir({ 'm.yaml': admin + controller('DaemonSet').replace('hostNetwork: true\n      ', '') + svc + ing, 'c.yml': config });
    const r = await cli(['check', join(root, 'm.yaml'), '--config', join(root, 'c.yml')]);
    expect(r.stdout).not.toMatch(/uses the host network/);
    expect(r.stdout).toMatch(/keep the declared ingress controller from: another controller may serve it/);
  });
});

describe('a NodePort or LoadBalancer Service in front of a workload its policies close to outside addresses', () => {
  // kubernetes.io/docs/tutorials/services/source-ip: with externalTrafficPolicy Cluster, kube-proxy replaces the client's
  // address with the node's; kubernetes.io network policies: traffic from a pod's own node is always allowed
  const db = namespace('shop') + deployment('shop', 'db', { app: 'db' }, [{ name: 'pg', port: 5432 }]) + policy('shop', 'deny', { podSelector: {}, policyTypes: ['Ingress'] });
  const svc = (type: string, policy = '') => `apiVersion: v1\nkind: Service\nmetadata: { name: db, namespace: shop }\nspec: { type: ${type}, selector: { app: db }, ports: [{ port: 5432 }]${policy} }\n---\n`;
  const config = 'invariants:\n  - name: db never from the internet\n    never: { from: internet, to: { workload: shop/db } }\n';
  const run = async (manifests: string) => {
    const root = dir({ 'm.yaml': manifests, 'c.yml': config });
    return cli(['check', join(root, 'm.yaml'), '--config', join(root, 'c.yml')]);
  };

  it('lets outside traffic in on its own node with externalTrafficPolicy Cluster, the default: never from internet fails closed', async () => {
    for (const type of ['NodePort', 'LoadBalancer']) {
      const r = await run(db + svc(type));
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(`Service shop/db (${type}, externalTrafficPolicy: Cluster) takes TCP 5432 for it from outside the cluster on every node`);
    }
  });

  it('keeps the client address with Local, and behind a ClusterIP Service nothing comes from outside: the invariant holds', async () => {
    expect((await run(db + svc('LoadBalancer', ', externalTrafficPolicy: Local'))).code).toBe(0);
    expect((await run(db + svc('ClusterIP'))).code).toBe(0);
  });

  it('an externalTrafficPolicy the API server refuses is an error', async () => {
    const r = await cli(['list', dir({ 'm.yaml': db + svc('NodePort', ', externalTrafficPolicy: Global') })]);
    expect(r.stderr).toMatch(/spec\.externalTrafficPolicy must be Cluster or Local, not "Global"/);
  });
});

describe('a comment too long for every failing invariant', () => {
  it('names those newly violated first, whatever their place in the config', async () => {
    const lines = ['invariants:'];
    for (let i = 0; i < 60; i++) lines.push(`  - name: old ${i}`, '    never: { from: { workload: shop/web }, to: { workload: shop/db } }');
    lines.push('  - name: the new one', '    never: { from: { workload: shop/web }, to: { workload: shop/api } }');
    const root = dir({ 'c.yml': `${lines.join('\n')}\n` });
    const base = dir({ 'm.yaml': SHOP });
    const head = dir({ 'm.yaml': SHOP + deployment('shop', 'api', { app: 'api' }) });
    const r = await cli(['diff', base, head, '--config', join(root, 'c.yml'), '--format', 'md', '--max-bytes', '3000']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/1 invariant newly violated/);
    // no room for the table: every failing one by name, the new one first
    expect(r.stdout).toContain('_61 invariants: 61 failing, 0 holding; the job summary lists them._\n\n- ❌ newly violated: the new one\n- ⚠️ still violated: old 0\n');
    expect(r.stdout).toContain('- ⚠️ still violated: old 59\n');
  });
});

describe('an always invariant met only through a rule taken to reach more addresses than it may', () => {
  // docs.cilium.io (DNS based policies): toFQDNs allows the addresses the names resolve to, learned at run time
  const pod = namespace('x') + 'apiVersion: v1\nkind: Pod\nmetadata: { name: a, namespace: x, labels: { pod: a } }\nspec: { containers: [{ name: c, image: x }] }\n---\n';
  const fqdn = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: { name: p, namespace: x }\nspec:\n  endpointSelector: { matchLabels: { pod: a } }\n  egress:\n  - toFQDNs: [{ matchName: api.example.com }]\n    toPorts: [{ ports: [{ port: "443", protocol: TCP }] }]\n';
  const always = 'invariants:\n  - name: a reaches 8.8.8.8 on 443\n    always: { from: { workload: x/a }, to: { cidr: 8.8.8.8/32 }, ports: [TCP/443] }\n';

  it('fails closed: a toFQDNs rule does not say which addresses it reaches', async () => {
    const root = dir({ 'm.yaml': pod + fqdn, 'c.yml': always });
    const r = await cli(['check', join(root, 'm.yaml'), '--config', join(root, 'c.yml')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/TCP 443 is shown open, but policy parts not modelled exactly could close it \(CiliumNetworkPolicy x\/p egress\[0\]: toFQDNs api\.example\.com: the addresses behind DNS names are learned at run time/);
  });

  it('a path an L7 rule marks is open at L4, as shown: the invariant holds', async () => {
    const l7 = fqdn.replace('toFQDNs: [{ matchName: api.example.com }]', 'toCIDR: [8.8.8.0/24]').replace('protocol: TCP }] }]', 'protocol: TCP }], rules: { http: [{ method: GET }] } }]');
    const root = dir({ 'm.yaml': pod + l7, 'c.yml': always });
    expect((await cli(['check', join(root, 'm.yaml'), '--config', join(root, 'c.yml')])).code).toBe(0);
  });
});

describe('diff --git with a config of the repository', () => {
  const gitEnv = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
  const git = (repo: string, ...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', env: gitEnv }).trim();
  const never = 'invariants:\n  - name: web never reaches db\n    never: { from: { workload: shop/web }, to: { workload: shop/db } }\n';

  const loose = 'invariants:\n  - name: db is isolated\n    isolated: { workloads: { workload: shop/db }, direction: ingress }\n';
  /** A repository whose base holds the never invariant and db closed, on a branch `loosen` made from it. */
  const branched = () => {
    const repo = mkdtempSync(join(tmpdir(), 'reachdiff-review-git-'));
    git(repo, 'init', '-q', '-b', 'main');
    mkdirSync(join(repo, '.github'));
    writeFileSync(join(repo, '.github', 'reachdiff.yml'), never);
    writeFileSync(join(repo, 'm.yaml'), SHOP + policy('shop', 'db-closed', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'] }));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'base');
    git(repo, 'checkout', '-q', '-b', 'loosen');
    return repo;
  };

  it("checks the base's invariants, as the action does: a branch cannot loosen what it is checked against", async () => {
    const repo = branched();
    writeFileSync(join(repo, '.github', 'reachdiff.yml'), loose);
    writeFileSync(join(repo, 'm.yaml'), SHOP + DB_FROM_WEB);
    git(repo, 'commit', '-qam', 'open web to db, drop the invariant');
    const r = await cli(['diff', '--git', '--base-ref', 'main', '--config', '.github/reachdiff.yml'], repo);
    expect(r.stderr).toMatch(/\.github\/reachdiff\.yml differs from its version at main; the invariants are those of main/);
    expect(r.stdout).toMatch(/FAIL newly violated: web never reaches db/);
    expect(r.code).toBe(1);
  });

  // the work tree is the branch's: a link there, to a file of its own or outside the repository, is not where the
  // config is looked up at base
  it('a branch that turns the config into a link to a looser one is checked against the base version all the same', async () => {
    for (const outside of [false, true]) {
      const repo = branched();
      const target = outside ? join(mkdtempSync(join(tmpdir(), 'reachdiff-review-loose-')), 'loose.yml') : join(repo, 'docs', 'loose.yml');
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, loose);
      rmSync(join(repo, '.github', 'reachdiff.yml'));
      symlinkSync(outside ? target : '../docs/loose.yml', join(repo, '.github', 'reachdiff.yml'));
      writeFileSync(join(repo, 'm.yaml'), SHOP + DB_FROM_WEB);
      git(repo, 'add', '-A');
      git(repo, 'commit', '-qm', 'open web to db, point the config elsewhere');
      const r = await cli(['diff', '--git', '--base-ref', 'main', '--config', '.github/reachdiff.yml'], repo);
      expect(r.stderr, String(outside)).toMatch(/\.github\/reachdiff\.yml differs from its version at main; the invariants are those of main/);
      expect(r.stdout).toMatch(/FAIL newly violated: web never reaches db/);
      expect(r.code).toBe(1);
    }
  });
});

describe('second review', () => {
  it('a backend whose pods are not known is followed by the declared ingress controller: where the policies keep it out, the invariant holds', async () => {
    const db = namespace('shop') + namespace('ingress-nginx') + deployment('shop', 'db', { app: 'db' }, [{ name: 'pg', port: 5432 }]);
    const ing = 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: { name: legacy, namespace: shop }\nspec:\n  rules: [{ http: { paths: [{ path: /, pathType: Prefix, backend: { service: { name: legacy, port: { number: 80 } } } }] } }]\n---\n';
    const config = 'ingress-controller: { namespace: ingress-nginx, labels: { app: ingress-nginx } }\ninvariants:\n  - name: db private\n    never: { from: internet, to: { workload: shop/db } }\n';
    const fromWeb = policy('shop', 'db-in', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] });
    const fromController = policy('shop', 'db-in', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'ingress-nginx' } } }] }] });
    const kept = dir({ 'm.yaml': db + fromWeb + ing, 'c.yml': config });
    expect((await cli(['check', join(kept, 'm.yaml'), '--config', join(kept, 'c.yml')])).code).toBe(0);
    const admitted = dir({ 'm.yaml': db + fromController + ing, 'c.yml': config });
    const r = await cli(['check', join(admitted, 'm.yaml'), '--config', join(admitted, 'c.yml')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Ingress shop/legacy (to Service shop/legacy, which the manifests do not hold) routes traffic from outside the cluster where the analysis cannot follow');
  });

  it('an always invariant that a plain rule meets holds, though a toFQDNs rule allows the same port', async () => {
    const pod = namespace('x') + 'apiVersion: v1\nkind: Pod\nmetadata: { name: a, namespace: x, labels: { pod: a } }\nspec: { containers: [{ name: c, image: x }] }\n---\n';
    const both = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: { name: p, namespace: x }\nspec:\n  endpointSelector: { matchLabels: { pod: a } }\n  egress:\n  - toCIDR: [203.0.113.10/32]\n    toPorts: [{ ports: [{ port: "443", protocol: TCP }] }]\n  - toFQDNs: [{ matchName: api.example.com }]\n    toPorts: [{ ports: [{ port: "443", protocol: TCP }] }]\n';
    const root = dir({ 'm.yaml': pod + both, 'c.yml': 'invariants:\n  - name: a reaches the api\n    always: { from: { workload: x/a }, to: { cidr: 203.0.113.10/32 }, ports: [TCP/443] }\n' });
    expect((await cli(['check', join(root, 'm.yaml'), '--config', join(root, 'c.yml')])).code).toBe(0);
  });

  it('behind a NodePort, an only invariant fails closed even where the policies admit an allowed outside range', async () => {
    const admin = namespace('shop') + deployment('shop', 'admin', { app: 'admin' }, [{ name: 'http', port: 8080 }]) + policy('shop', 'admin-in', { podSelector: { matchLabels: { app: 'admin' } }, ingress: [{ from: [{ ipBlock: { cidr: '192.0.2.0/24' } }], ports: [{ port: 8080 }] }] });
    const svc = 'apiVersion: v1\nkind: Service\nmetadata: { name: admin, namespace: shop }\nspec: { type: NodePort, selector: { app: admin }, ports: [{ port: 8080 }] }\n---\n';
    const root = dir({ 'm.yaml': admin + svc, 'c.yml': 'invariants:\n  - name: only the office reaches admin\n    only: { to: { workload: shop/admin }, from: [ { cidr: 192.0.2.0/24 } ] }\n' });
    const r = await cli(['check', join(root, 'm.yaml'), '--config', join(root, 'c.yml')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Service shop/admin (NodePort, externalTrafficPolicy: Cluster) takes TCP 8080');
  });

  it("a witness between a workload's replicas carries no explanation that contradicts it", async () => {
    const db = namespace('shop') + deployment('shop', 'db', { app: 'db' }, [{ name: 'pg', port: 5432 }]).replace('kind: Deployment', 'kind: StatefulSet') + policy('shop', 'db-peers', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'db' } } }], ports: [{ port: 5432 }] }] });
    const root = dir({ 'm.yaml': db, 'c.yml': 'invariants:\n  - name: nothing reaches db\n    never: { from: { namespace: shop }, to: { workload: shop/db }, ports: [TCP/5432] }\n' });
    const r = await cli(['check', join(root, 'm.yaml'), '--config', join(root, 'c.yml')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('shop/db[StatefulSet] => shop/db[StatefulSet] : TCP 5432');
    expect(r.stdout).not.toMatch(/nothing allowed|no rule allows it/);
  });

  it('diff --git pointed at a directory inside the work tree finds the config at base all the same', async () => {
    const gitEnv = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
    const git = (repo: string, ...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', env: gitEnv }).trim();
    const repo = mkdtempSync(join(tmpdir(), 'reachdiff-review-sub-'));
    git(repo, 'init', '-q', '-b', 'main');
    mkdirSync(join(repo, 'k8s'));
    mkdirSync(join(repo, '.github'));
    // two targets: the verdict over them is the action's own, each target's its report's
    const targets = 'targets:\n  - name: all\n    paths: ["**"]\n  - name: plain\n    paths: ["m.yaml"]\n';
    writeFileSync(join(repo, '.github', 'reachdiff.yml'), `${targets}invariants:\n  - name: web never reaches db\n    never: { from: { workload: shop/web }, to: { workload: shop/db } }\n`);
    writeFileSync(join(repo, 'k8s', 'm.yaml'), SHOP + policy('shop', 'db-closed', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'] }));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'base');
    git(repo, 'checkout', '-q', '-b', 'loosen');
    writeFileSync(join(repo, '.github', 'reachdiff.yml'), 'invariants:\n  - name: db isolated\n    isolated: { workloads: { workload: shop/db }, direction: ingress }\n');
    writeFileSync(join(repo, 'k8s', 'm.yaml'), SHOP + DB_FROM_WEB);
    git(repo, 'commit', '-qam', 'loosen');
    const r = await cli(['diff', '--git', '--repo', 'k8s', '--base-ref', 'main', '--config', '.github/reachdiff.yml'], repo);
    expect(r.stderr).toMatch(/differs from its version at main/);
    expect(r.code).toBe(1);
  });
});

describe('metadata kubectl cannot decode', () => {
  // kubectl decodes metadata into ObjectMeta: "cannot unmarshal number into Go struct field ObjectMeta.metadata.annotations of type string"
  const apps =
    'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: frontend, namespace: shop }\nspec:\n  selector: { matchLabels: { app: frontend } }\n  template:\n    metadata: { labels: { app: frontend } }\n    spec: { containers: [ { name: c, image: i } ] }\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: db, namespace: shop }\nspec:\n  selector: { matchLabels: { app: db } }\n  template:\n    metadata: { labels: { app: db } }\n    spec: { containers: [ { name: c, image: i } ] }\n---\n';
  const deny = (metadata: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: db-deny-all\n  namespace: shop\n${metadata}spec: { podSelector: { matchLabels: { app: db } }, policyTypes: [Ingress] }\n`;
  const never = 'invariants:\n  - name: frontend never reaches db\n    never: { from: { workload: shop/frontend }, to: { workload: shop/db } }\n';

  it('a policy whose annotation is an unquoted number, or whose labels or lists are of the wrong kind, is not applied: the check fails closed', async () => {
    expect((await checkManifests(apps + deny("  annotations:\n    argocd.argoproj.io/sync-wave: '1'\n"), never)).code).toBe(0);
    for (const metadata of [
      '  annotations:\n    argocd.argoproj.io/sync-wave: 1\n',
      '  annotations: x\n',
      '  labels: {a: 1}\n',
      '  finalizers: x\n',
      '  uid: 1\n',
      '  ownerReferences: [1]\n',
      '  ownerReferences: [{apiVersion: v1, kind: ConfigMap, name: x, uid: u, controller: "true"}]\n',
      '  managedFields: [{manager: m, time: bad}]\n',
      '  creationTimestamp: 2020-01-01\n',
      '  generation: 1e20\n',
    ]) {
      const r = await checkManifests(apps + deny(metadata), never);
      expect(r.code, metadata).toBe(1);
      expect(r.stderr, metadata).toMatch(/invalid NetworkPolicy shop\/db-deny-all: metadata\.\w+[:[].*cannot unmarshal/);
    }
  });

  it("what kubectl get -o yaml writes decodes: no false alarm", async () => {
    const dump =
      '  uid: 0b8f1f2e-1111-2222-3333-444455556666\n  resourceVersion: "12345"\n  generation: 1\n  creationTimestamp: "2024-05-01T10:20:30Z"\n  annotations:\n    kubectl.kubernetes.io/last-applied-configuration: |\n      {"apiVersion":"networking.k8s.io/v1"}\n  managedFields:\n  - apiVersion: networking.k8s.io/v1\n    fieldsType: FieldsV1\n    fieldsV1: {f:spec: {}}\n    manager: kubectl-client-side-apply\n    operation: Update\n    time: "2024-05-01T10:20:30.5+02:00"\n  ownerReferences:\n  - {apiVersion: v1, kind: ConfigMap, name: owner, uid: u, controller: true}\n';
    expect((await checkManifests(apps + deny(dump), never)).code).toBe(0);
    expect((await checkManifests(apps + deny('  creationTimestamp: null\n  generation: 1.0\n  annotations: {a: null}\n'), never)).code).toBe(0);
  });
});

describe('an invariant that matches nothing at head', () => {
  const pods = 'apiVersion: v1\nkind: Pod\nmetadata: {name: frontend, namespace: shop, labels: {app: frontend}}\nspec: {containers: [{name: c, image: x}]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: db, namespace: shop, labels: {app: db}}\nspec: {containers: [{name: c, image: x}]}\n---\n';
  const dbIngress = (rules: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db-ingress, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  ingress: ${rules}\n---\n`;
  const closed = pods + dbIngress('[]');
  const opened = pods + dbIngress('[{from: [{podSelector: {matchLabels: {app: frontend}}}]}]');
  const typo = 'invariants:\n  - name: frontend never reaches db\n    never: { from: { labels: { app: fronted } }, to: { labels: { app: db } } }\n';

  it('fails diff under every fail-on that fails on anything, though base matched nothing either', async () => {
    for (const failOn of ['new-violations', 'violations']) {
      for (const head of [closed, opened]) {
        const r = await diffManifests(closed, head, typo, ['--fail-on', failOn]);
        expect(r.stdout).toMatch(/FAIL unmatched: frontend never reaches db/);
        expect(r.code, `--fail-on ${failOn}`).toBe(1);
      }
    }
    expect((await diffManifests(closed, opened, typo, ['--fail-on', 'never'])).code).toBe(0);
    const json = JSON.parse((await diffManifests(closed, opened, typo, ['--format', 'json'])).stdout) as Report;
    expect(json.invariants[0]).toMatchObject({ status: 'unmatched', failed: true, isNew: true });
    expect(json.summary.newViolations).toBe(1);
  });

  it('the md verdict says it matches nothing, not that it is still violated', async () => {
    const r = await diffManifests(closed, opened, typo, ['--format', 'md']);
    const verdict = r.stdout.split('\n')[0]!;
    expect(verdict).toMatch(/^\*\*❌ 1 invariant matches nothing · 1 path opened\*\*$/);
    expect(r.stdout).not.toMatch(/still violated|newly violated/);
  });

  it('fails the action, naming it as matching nothing', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'reachdiff-unmatched-'));
    const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } }).trim();
    git('init', '-q', '-b', 'main');
    mkdirSync(join(repo, '.github'));
    writeFileSync(join(repo, '.github', 'reachdiff.yml'), typo);
    writeFileSync(join(repo, 'm.yaml'), closed);
    git('add', '-A');
    git('commit', '-qm', 'base');
    const base = git('rev-parse', 'HEAD');
    writeFileSync(join(repo, 'm.yaml'), opened);
    git('commit', '-qam', 'head');
    const failed: string[] = [];
    const io: ActionIo = { info: () => {}, warning: () => {}, error: () => {}, setOutput: () => {}, setFailed: (m) => failed.push(m), writeSummary: async () => {} };
    const inputs = readInputs((name) => ({ 'base-ref': base, 'head-ref': 'HEAD', source: 'git', comment: 'never', paths: 'm.yaml' })[name] ?? '');
    const env: ActionEnv = { eventName: 'workflow_dispatch', payload: {}, repository: 'octo/shop', workspace: repo, tempDir: join(repo, '.tmp'), runUrl: undefined };
    await analyzeRun(inputs, env, () => {
      throw new Error('no API in this test');
    }, io);
    expect(failed).toEqual(['reachdiff: invariant matching nothing at head: "frontend never reaches db"']);
  });
});

describe('the md verdict follows --fail-on', () => {
  const config = 'invariants:\n  - name: web never reaches db\n    never: { from: { workload: shop/web }, to: { workload: shop/db } }\n';
  const verdict = (stdout: string) => stdout.split('\n')[0];

  it('❌ where the run fails, ⚠️ where it fails an invariant the run does not fail on', async () => {
    // violated at base and head: still violated
    const still = await diffManifests(SHOP + DB_FROM_WEB, SHOP + DB_FROM_WEB, config, ['--format', 'md', '--fail-on', 'violations']);
    expect(still.code).toBe(1);
    expect(verdict(still.stdout)).toBe('**❌ 1 invariant still violated · no reachability change**');
    const passing = await diffManifests(SHOP + DB_FROM_WEB, SHOP + DB_FROM_WEB, config, ['--format', 'md']);
    expect(passing.code).toBe(0);
    expect(verdict(passing.stdout)).toBe('**⚠️ 1 invariant still violated · no reachability change**');
    const closed = SHOP + policy('shop', 'db-closed', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'] });
    const never = await diffManifests(closed, SHOP + DB_FROM_WEB, config, ['--format', 'md', '--fail-on', 'never']);
    expect(never.code).toBe(0);
    expect(verdict(never.stdout)).toBe('**⚠️ 1 invariant newly violated · 1 path opened**');
    const root = dir({ 'm.yaml': SHOP + DB_FROM_WEB, 'c.yml': config });
    const check = await cli(['check', join(root, 'm.yaml'), '--config', join(root, 'c.yml'), '--format', 'md', '--fail-on', 'never']);
    expect(check.code).toBe(0);
    expect(verdict(check.stdout)).toBe('**⚠️ 1 invariant violated**');
  });
});

describe('namespace labels of pods present or future that appear nowhere in the manifests', () => {
  it('check says so on the invariant, in txt, md and json, and passes', async () => {
    const fromData = policy('shop', 'db-from-data', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'data' } } }], ports: [{ port: 5432 }] }] });
    const config = 'invariants:\n  - name: no data pod reaches db\n    never:\n      from: { anyNamespace: true, namespaceLabels: { team: dta } }\n      to: { labels: { app: db } }\n';
    const txt = await checkManifests(SHOP + fromData, config);
    expect(txt.code).toBe(0);
    expect(txt.stdout).toMatch(/^ok holds: no data pod reaches db .*\n {4}warning: selector \{anyNamespace: true, namespaceLabels: \{team: dta\}\} \(line 4\): the namespace label team: dta appears nowhere in the manifests/m);
    const root = dir({ 'm.yaml': SHOP + fromData, 'c.yml': config });
    const md = await cli(['check', join(root, 'm.yaml'), '--config', join(root, 'c.yml'), '--format', 'md']);
    expect(md.stdout).toMatch(/\| ✅ holds \| no data pod reaches db \| never \| ⚠️ \{anyNamespace: true, namespaceLabels: \{team: dta\}\}: the namespace label team: dta appears nowhere/);
    const json = JSON.parse((await cli(['check', join(root, 'm.yaml'), '--config', join(root, 'c.yml'), '--format', 'json'])).stdout) as Report;
    expect(json.invariants[0]!.head.warnings).toEqual([{ selector: '{anyNamespace: true, namespaceLabels: {team: dta}}', line: 4, message: expect.stringMatching(/a typo there would pass$/) }]);
    expect(validate(JSON.parse(readFileSync(join(REPO, 'schema', 'report.schema.json'), 'utf8')) as Schema, json)).toEqual([]);
  });
});

describe('parts of head left out that the change does not touch, in the action', () => {
  it('the verdict holds on what was read, and says so', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'reachdiff-leftout-'));
    const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } }).trim();
    git('init', '-q', '-b', 'main');
    mkdirSync(join(repo, '.github'));
    mkdirSync(join(repo, 'charts', 'np', 'templates'), { recursive: true });
    // two targets: the verdict over them is the action's own, each target's its report's
    const targets = 'targets:\n  - name: all\n    paths: ["**"]\n  - name: plain\n    paths: ["m.yaml"]\n';
    writeFileSync(join(repo, '.github', 'reachdiff.yml'), `${targets}invariants:\n  - name: web never reaches db\n    never: { from: { workload: shop/web }, to: { workload: shop/db } }\n`);
    const closed = SHOP + policy('shop', 'db-closed', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'] });
    writeFileSync(join(repo, 'm.yaml'), closed);
    writeFileSync(join(repo, 'charts', 'np', 'Chart.yaml'), 'apiVersion: v2\nname: np\nversion: 0.1.0\n');
    writeFileSync(join(repo, 'charts', 'np', 'templates', 'np.yaml'), 'kind: NetworkPolicy\nmetadata: {name: {{ .Release.Name }}}\n');
    git('add', '-A');
    git('commit', '-qm', 'base');
    const base = git('rev-parse', 'HEAD');
    writeFileSync(join(repo, 'm.yaml'), `${closed}# a comment\n`);
    git('commit', '-qam', 'head');
    const summaries: string[] = [];
    const infos: string[] = [];
    const io: ActionIo = { info: (m) => infos.push(m), warning: () => {}, error: () => {}, setOutput: () => {}, setFailed: () => {}, writeSummary: async (s) => void summaries.push(s) };
    const inputs = readInputs((name) => ({ 'base-ref': base, 'head-ref': 'HEAD', source: 'git', comment: 'never' })[name] ?? '');
    const env: ActionEnv = { eventName: 'workflow_dispatch', payload: {}, repository: 'octo/shop', workspace: repo, tempDir: join(repo, '.tmp'), runUrl: undefined };
    await analyzeRun(inputs, env, () => {
      throw new Error('no API in this test');
    }, io);
    expect(summaries.join('\n')).toMatch(/^\*\*⚠️ 1 part of head not read \(not touched by the change\) · no reachability change · 2 invariants hold on what could be read\*\*$/m);
    expect(infos.join('\n')).toMatch(/target all: ⚠️ 1 part of head not read/);
    expect(infos.join('\n')).toMatch(/target plain: ✅ no reachability change · 1 invariant holds/);
  });
});
