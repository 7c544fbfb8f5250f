/**
 * reachdiff pointed at a repository as it is: fixtures/gitops is shaped
 * like a real GitOps repository (plain manifests, a Kustomize base and
 * overlay, a Helm chart, CI files, a dashboard, prometheus-operator
 * resources, a config declaring what runs outside the files). Each test
 * runs the command line on a git repository made from it in a temporary
 * directory, and is named by the behaviour it pins.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PATHS } from '../src/action/inputs.js';
import { MAX_READ_BYTES } from '../src/input/yaml/documents.js';
import { compareStates } from '../src/pipeline/compare.js';
import { findKustomizeTool } from '../src/sources/repository.js';
import { DEFAULT_RUN_LIMITS } from '../src/sources/runcommand.js';
import { gitSnapshot } from '../src/sources/snapshot.js';
import { cli, FIXTURES, policy, tree } from './helpers.js';

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
}

/** Whether a real Kustomize (kustomize, or kubectl's) is installed: the tests that build with it are skipped without one. */
const TOOL = findKustomizeTool();
if (!TOOL) console.log('repository: neither kustomize nor kubectl is installed; the tests that build Kustomize roots with them are skipped (a stand-in tool still covers building)');
const HAVE_KUBECTL = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
if (!HAVE_KUBECTL) console.log('repository: kubectl is not installed; the check of how kubectl reads port: 134:20 is skipped');

let root: string;
/** The clone: master (the remote's HEAD) checked out, and a pull request on the branch `feature`. */
let work: string;
const run = (...args: string[]) => cli(args, work);
const lines = (text: string) => text.split('\n').filter((l) => l !== '');
const savedPath = process.env['PATH'];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'reachdiff-repository-'));
  const seed = join(root, 'seed');
  cpSync(join(FIXTURES, 'gitops'), seed, { recursive: true });
  git(seed, 'init', '-q', '-b', 'master');
  git(seed, 'add', '-A');
  git(seed, 'commit', '-qm', 'shop as it runs');
  execFileSync('git', ['clone', '-q', '--bare', seed, join(root, 'remote.git')]);
  execFileSync('git', ['clone', '-q', join(root, 'remote.git'), join(root, 'work')]);
  work = join(root, 'work');
  git(work, 'checkout', '-q', '-b', 'feature');
  const edit = (path: string, from: string, to: string) => {
    const text = readFileSync(join(work, path), 'utf8');
    if (!text.includes(from)) throw new Error(`${path} does not hold ${from}`);
    writeFileSync(join(work, path), text.replace(from, to));
  };
  // a pull request: the api admits its peers on http only, the cache admits the web too,
  // a bump that changes no reachability, and a policy the API server rejects
  edit('apps/shop/policies.yaml', '        - podSelector: {}\n', '        - podSelector: {}\n      ports:\n        - port: http\n');
  edit('apps/shop/workloads.yaml', 'shop/web:1.4.2', 'shop/web:1.4.3');
  edit('deploy/base/policy.yaml', '            matchLabels: { app: api }\n', '            matchLabels: { app: api }\n        - podSelector:\n            matchLabels: { app: web }\n');
  writeFileSync(
    join(work, 'apps/shop/metrics.yaml'),
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web-metrics\n  namespace: shop\nspec:\n  podSelector:\n    matchLabels: { app: web }\n  ingress:\n    - ports:\n        - port: "9100"\n',
  );
  git(work, 'add', '-A');
  git(work, 'commit', '-qm', 'tighten the api, open the cache to the web');
  git(work, 'checkout', '-q', 'master');
  writeFileSync(join(root, 'empty.yml'), '');
});

afterEach(() => {
  process.env['PATH'] = savedPath;
});

/** A stand-in for kustomize on the PATH: prints `stream` (or fails), and records how it was called. */
function fakeKustomize(script: string): string {
  const bin = mkdtempSync(join(root, 'bin-'));
  writeFileSync(join(bin, 'kustomize'), `#!/bin/sh\necho "$@" >> "${bin}/calls"\n${script}\n`);
  chmodSync(join(bin, 'kustomize'), 0o755);
  process.env['PATH'] = `${bin}:${savedPath ?? ''}`;
  return bin;
}

const BUILT_CACHE = `apiVersion: apps/v1
kind: Deployment
metadata: { name: cache, namespace: shop }
spec:
  selector: { matchLabels: { app: cache } }
  template:
    metadata: { labels: { app: cache, env: prod } }
    spec: { containers: [ { name: redis, image: redis, ports: [ { name: redis, containerPort: 6379 } ] } ] }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: cache-from-api, namespace: shop }
spec:
  podSelector: { matchLabels: { app: cache, env: prod } }
  ingress: [ { from: [ { podSelector: { matchLabels: { app: api } } } ], ports: [ { port: redis } ] } ]
`;

describe('1. repository roots', () => {
  it('lint . at a repository root exits 0: YAML and JSON that is not Kubernetes (CI configs, a dashboard, renovate.json) is counted, not an error', async () => {
    const r = await run('lint', '.', '--kustomize', 'skip');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('reachdiff: skipped 4 YAML or JSON documents that are not Kubernetes objects');
    expect(r.stderr).not.toMatch(/RD002|RD001/);
  });

  it('list . at a repository root lists the workloads of its plain manifests', async () => {
    const r = await run('list', '.', '--kustomize', 'skip');
    expect(r.code).toBe(0);
    expect(lines(r.stdout)).toContain('shop/web[Deployment] => shop/api[Deployment] : All Connections');
  });

  it('a file named on the command line stays strict: a CI config is an error (exit 2)', async () => {
    const r = await run('lint', '.gitlab-ci.yml', 'apps/shop');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^\.gitlab-ci\.yml:1: error: not a Kubernetes object: the document has no kind; skipped \[RD002\]$/m);
  });

  it('hidden directories are not walked: .github/workflows is never read', async () => {
    const r = await run('lint', '.', '--kustomize', 'skip');
    expect(r.stderr).not.toContain('.github');
  });
});

describe('2. Helm charts and templates', () => {
  it('a Helm chart is reported once, with how to render it; its templates are not parsed', async () => {
    const r = await run('list', '.', '--kustomize', 'skip');
    const chart = lines(r.stderr).filter((l) => l.includes('[RD050]'));
    expect(chart).toEqual([
      'charts/web-frontend/Chart.yaml:1: warning: Helm chart charts/web-frontend (web-frontend) is not rendered: its 4 files are templates and values, not manifests, and are not read; to analyse it, render it: helm template web-frontend charts/web-frontend (the command line\'s --render, or a render target in the config) [RD050]',
    ]);
    expect(r.stderr).not.toContain('charts/web-frontend/templates');
  });

  it('a template outside a chart is one warning saying it is a template, not YAML syntax errors; named, it is an error', async () => {
    const walked = await run('lint', '.', '--kustomize', 'skip');
    expect(lines(walked.stderr).filter((l) => l.startsWith('tools/'))).toEqual([
      'tools/debug-pod.yaml:6: warning: a Go template ({{ }}), not YAML: it is not read; render it first (helm template, or the tool that fills it in) and analyse the output (--render, or a render target) [RD051]',
    ]);
    const named = await run('lint', 'tools/debug-pod.yaml');
    expect(named.code).toBe(2);
    expect(named.stderr).toMatch(/^tools\/debug-pod\.yaml:6: error: a Go template .* \[RD051\]$/m);
  });

  it("Helm's actions in a comment of a file that parses do not make it a template: kubectl applies it", async () => {
    const { loadCluster } = await import('../src/input/load.js');
    const text = `# port comes from {{ .Values.db.port }} in the chart this was copied from\n${policy('shop', 'db-open', { podSelector: {}, ingress: [{}] })}`;
    const read = loadCluster([{ path: 'p.yaml', text, walked: true }]);
    expect(read.diagnostics.map((d) => d.code)).not.toContain('RD051');
    expect(read.networkPolicies.map((p) => p.name)).toEqual(['db-open']);
    // in a value of what an object is, or at the end of a line after a space, the same action still makes it a template
    const inValue = `${policy('shop', 'db-open', { podSelector: { matchLabels: { app: '{{ .Values.app }}' } }, ingress: [{}] })}`;
    expect(loadCluster([{ path: 'p.yaml', text: inValue, walked: true }]).diagnostics.map((d) => d.code)).toContain('RD051');
    // in a key, or a value a repeated key replaced, too
    const lost = text.replace('# port comes from {{ .Values.db.port }} in the chart this was copied from\n', 'metadata: { annotations: { a: "{{ .Values.x }}" } }\n');
    expect(loadCluster([{ path: 'p.yaml', text: lost, walked: true }]).diagnostics.map((d) => d.code)).toContain('RD051');
    // in the text an object carries (a ConfigMap's data, an annotation: Istio's sidecar injector), kubectl applies it as it is
    const carried = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: istio-sidecar-injector, namespace: istio-system, annotations: { a: "{{ .Values.x }}" } }\ndata:\n  config: |\n    template: "{{ .Values.global.proxy.image }}"\n---\n';
    const withCarried = loadCluster([{ path: 'p.yaml', text: carried + text, walked: true }]);
    expect(withCarried.diagnostics.map((d) => d.code)).not.toContain('RD051');
    expect(withCarried.networkPolicies.map((p) => p.name)).toEqual(['db-open']);
    // not in the data of a ConfigMap whose settings reachdiff reads, nor in an annotation it reads: those it would read wrong
    const cilium = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: cilium-config, namespace: kube-system }\ndata: { enable-policy: "{{ .Values.policyEnforcementMode }}" }\n---\n';
    expect(loadCluster([{ path: 'p.yaml', text: cilium + text, walked: true }]).diagnostics.map((d) => d.code)).toContain('RD051');
    const backend = 'apiVersion: v1\nkind: Namespace\nmetadata: { name: x, annotations: { nginx.ingress.kubernetes.io/default-backend: "{{ .Values.backend }}" } }\n---\n';
    expect(loadCluster([{ path: 'p.yaml', text: backend + text, walked: true }]).diagnostics.map((d) => d.code)).toContain('RD051');
    const trailing = text.replace('# port comes', 'x: 1 # port comes');
    expect(loadCluster([{ path: 'p.yaml', text: trailing, walked: true }]).diagnostics.map((d) => d.code)).not.toContain('RD051');
  });

  it('Go templates in alert texts (a PrometheusRule) are YAML, not templates', async () => {
    const r = await run('lint', 'platform/monitoring');
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('RD051');
  });

  it('a chart directory alone says it holds a chart and how to render it, not only "nothing to analyse"', async () => {
    const r = await run('list', 'charts/web-frontend', '--config', join(root, 'empty.yml'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('[RD050]');
    expect(r.stderr).toContain('reachdiff: nothing to analyse: no workloads or policies were loaded from 0 files under charts/web-frontend; 1 Helm chart or Kustomize root left out (see above for how to render them)');
  });

  it('--render lists the output of a command, in a stream named after it', async () => {
    const r = await run('lint', '--render', 'cat apps/shop/policies.yaml deploy/overlays/prod/env-label.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^render:cat apps\/shop\/policies\.yaml deploy\/overlays\/prod\/env-label\.yaml:\d+: error: invalid Deployment \*: metadata\.name "\*"/m);
  });
});

describe('3. Kustomize roots', () => {
  it('--kustomize skip: a root is reported once with how to build it, and its raw files are left out: no patch becomes a workload', async () => {
    const r = await run('list', '.', '--kustomize', 'skip');
    expect(lines(r.stderr).filter((l) => l.includes('[RD052]'))).toEqual([
      "deploy/overlays/prod/kustomization.yaml:1: warning: Kustomize root deploy/overlays/prod is not built: its files and those of deploy/base are left out, since read one by one they are not what the cluster gets (patches are not objects, overlays repeat their base); to analyse it, render it: kubectl kustomize deploy/overlays/prod (the command line's --render, or a render target in the config), or --kustomize build where kustomize or kubectl is installed [RD052]",
    ]);
    expect(r.stdout).not.toContain('cache');
    expect(r.stdout).not.toContain('*');
    expect(r.stdout).not.toContain('default/');
  });

  it('a root that only an unused component, or a cycle of roots, includes is a root of its own, not left out in silence', async () => {
    // kubectl apply -k k8s/allow builds it whatever a component no root includes lists
    const dir = mkdtempSync(join(tmpdir(), 'reachdiff-kustomize-graph-'));
    const write = (path: string, text: string) => {
      mkdirSync(join(dir, path, '..'), { recursive: true });
      writeFileSync(join(dir, path), text);
    };
    write('k8s/allow/kustomization.yaml', 'resources: [db-from-frontend.yaml]\n');
    write('k8s/allow/db-from-frontend.yaml', policy('shop', 'db-from-frontend', { podSelector: {}, ingress: [{}] }));
    write('k8s/hide/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources: [../allow]\n');
    write('k8s/a/kustomization.yaml', 'resources: [../b]\n');
    write('k8s/b/kustomization.yaml', 'resources: [../a]\n');
    const r = await cli(['lint', 'k8s', '--kustomize', 'skip'], dir);
    const roots = lines(r.stderr).filter((l) => l.includes('[RD052]') && l.includes(' is not built')).map((l) => l.slice(0, l.indexOf(' is not built')));
    expect(roots).toEqual([
      'k8s/a/kustomization.yaml:1: warning: Kustomize root k8s/a',
      'k8s/allow/kustomization.yaml:1: warning: Kustomize root k8s/allow',
    ]);
    expect(r.stderr).toContain('k8s/hide/kustomization.yaml:1: info: Kustomize component k8s/hide is included by no Kustomize root');
  });

  it.skipIf(!TOOL)('a root is built with kustomize or kubectl when installed (the default): the overlay namespace and its patch apply', async () => {
    const r = await run('list', '.');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`deploy/overlays/prod/kustomization.yaml:1: info: Kustomize root deploy/overlays/prod is built with ${TOOL!.command('deploy/overlays/prod')}`);
    // the patch adds env: prod, which the base's policy selects
    expect(lines(r.stdout)).toContain('shop/api[Deployment] => shop/cache[Deployment] : TCP 6379');
    expect(r.stdout).not.toContain('shop/web[Deployment] => shop/cache');
  });

  it('a stand-in kustomize on the PATH builds the same way: one build per top root, the base only through its overlay', async () => {
    const bin = fakeKustomize(`cat <<'EOF'\n${BUILT_CACHE}EOF`);
    const r = await run('list', '.', '--kustomize', 'build');
    expect(r.code).toBe(0);
    expect(readFileSync(join(bin, 'calls'), 'utf8')).toBe('build deploy/overlays/prod\n');
    expect(lines(r.stdout)).toContain('shop/api[Deployment] => shop/cache[Deployment] : TCP 6379');
  });

  it('a build that fails is an error naming the root, and lint exits 2', async () => {
    fakeKustomize('echo "Error: accumulating resources: missing.yaml" >&2; exit 1');
    const r = await run('lint', '.', '--kustomize', 'build');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^deploy\/overlays\/prod\/kustomization\.yaml:1: error: Kustomize root deploy\/overlays\/prod could not be built: kustomize build deploy\/overlays\/prod exited with status 1 \(Error: accumulating resources: missing\.yaml\); its files are not analysed \[RD054\]$/m);
  });

  it('a root whose kustomization is a file named Kustomization is a root too', async () => {
    const dir = join(root, 'bare-kustomization');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'Kustomization'), 'resources: [cache.yaml]\n');
    cpSync(join(work, 'deploy/base/cache.yaml'), join(dir, 'cache.yaml'));
    const r = await cli(['list', dir, '--kustomize', 'skip'], root);
    expect(r.stderr).toContain('bare-kustomization/Kustomization:1: warning: Kustomize root bare-kustomization is not built');
    expect(r.stdout).toBe('');
  });

  it('a component directory alone says its files are left out because no root includes it, not "no file matched"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reachdiff-component-'));
    writeFileSync(join(dir, 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - np.yaml\n');
    writeFileSync(join(dir, 'np.yaml'), 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: deny }\nspec: { podSelector: {} }\n');
    const r = await cli(['list', '.', '--kustomize', 'skip'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Kustomize component . is included by no Kustomize root: its files are left out, where kubectl apply -k on its directory applies them; to analyse it, render it: kubectl kustomize . (the command line\'s --render, or a render target in the config) [RD052]');
    expect(r.stderr).toContain('reachdiff: nothing to analyse: no workloads or policies were loaded from 0 files under .; 1 Kustomize component that no Kustomize root includes left out (build a root that includes it)');
    expect(r.stderr).not.toContain('no file matched');
  });

  it('--kustomize build without kustomize or kubectl is a usage error', async () => {
    process.env['PATH'] = mkdtempSync(join(root, 'nothing-'));
    const r = await run('list', '.', '--kustomize', 'build');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--kustomize build needs kustomize or kubectl on the PATH');
  });
});

describe('the action\'s default paths read a repository the same way', () => {
  it('other YAML is counted, the chart and the Kustomize root are left out and listed (the action never builds)', async () => {
    const comparison = await compareStates(gitSnapshot(work, 'master', { maxFileBytes: MAX_READ_BYTES }), gitSnapshot(work, 'feature', { maxFileBytes: MAX_READ_BYTES }), {
      load: {},
      analyze: {},
      run: DEFAULT_RUN_LIMITS,
      target: { name: 'manifests', line: 1, kind: 'paths', paths: DEFAULT_PATHS },
      broad: true,
      explain: false,
    });
    const codes = comparison.head.diagnostics.map((d) => `${d.code} ${d.severity}`);
    expect(codes.filter((c) => c === 'RD002 info')).toHaveLength(4);
    expect(codes).toContain('RD050 warning');
    // the pull request edits deploy/base/policy.yaml, which the Kustomize root left out holds: that fails closed
    expect(codes).toContain('RD052 error');
    expect(comparison.head.workloads.map((w) => w.id)).not.toContain('shop/cache[Deployment]');
  });
});

describe("the action's default paths take every file the manifests' reader takes", () => {
  const compare = async (files: Record<string, string>) => {
    const repo = mkdtempSync(join(tmpdir(), 'reachdiff-default-paths-'));
    try {
      git(repo, 'init', '-q', '-b', 'main');
      writeFileSync(join(repo, 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: { name: app }\n');
      git(repo, 'add', '-A');
      git(repo, 'commit', '-qm', 'base');
      for (const [path, text] of Object.entries(files)) {
        mkdirSync(join(repo, path, '..'), { recursive: true });
        writeFileSync(join(repo, path), text);
      }
      git(repo, 'add', '-A');
      git(repo, 'commit', '-qm', 'head');
      const comparison = await compareStates(gitSnapshot(repo, 'HEAD~1', { maxFileBytes: MAX_READ_BYTES }), gitSnapshot(repo, 'HEAD', { maxFileBytes: MAX_READ_BYTES }), {
        load: {},
        analyze: {},
        run: DEFAULT_RUN_LIMITS,
        target: { name: 'manifests', line: 1, kind: 'paths', paths: DEFAULT_PATHS },
        broad: true,
        explain: false,
      });
      return comparison.head.diagnostics.map((d) => `${d.file} ${d.code} ${d.severity}: ${d.message}`);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  };
  const allow = policy('app', 'allow-web', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] });

  it('a Kustomize root whose kustomization is a file named Kustomization is left out and reported, not read file by file', async () => {
    const codes = await compare({ 'app/Kustomization': 'namespace: app\nresources:\n- allow.yaml\n', 'app/allow.yaml': allow });
    expect(codes.filter((c) => c.startsWith('app/Kustomization RD052 error: '))).toHaveLength(1);
  });

  it("a Jsonnet file of an Argo CD Application's directory source is seen, and reported as not read", async () => {
    const codes = await compare({
      'argo/app.yaml': 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: { name: app, namespace: argocd }\nspec:\n  project: default\n  source: { repoURL: https://example.com/r.git, path: app, targetRevision: HEAD }\n  destination: { server: https://kubernetes.default.svc, namespace: app }\n',
      'app/allow.jsonnet': '{ apiVersion: "networking.k8s.io/v1", kind: "NetworkPolicy", metadata: { name: "a", namespace: "app" }, spec: { podSelector: {} } }\n',
    });
    expect(codes.filter((c) => c.startsWith('argo/app.yaml RD011 '))).toEqual([expect.stringContaining('it renders app/allow.jsonnet (Argo CD evaluates')]);
  });
});

describe('4. partial manifests', () => {
  it('what the config declares outside the manifests is analysed: the ingress controller reaches web', async () => {
    const r = await run('list', '.', '--kustomize', 'skip');
    expect(lines(r.stdout)).toContain('ingress-nginx/ingress-nginx-controller[Deployment] => shop/web[Deployment] : TCP 8080');
  });

  it('without it, the policy that admits the ingress controller warns of a namespace made outside the files, not of a typo (RD103)', async () => {
    const r = await run('lint', '.', '--kustomize', 'skip', '--config', join(root, 'empty.yml'));
    expect(lines(r.stdout)).toEqual([
      'apps/shop/policies.yaml:20: warning: NetworkPolicy shop/web-from-ingress: ingress peer namespaceSelector kubernetes.io/metadata.name=ingress-nginx matches no namespace in the manifests: a typo, or a namespace made outside these files (by another chart or the platform; declare it with its labels in the config, outside: namespaces:) [RD103]',
    ]);
  });

  it('the Prometheus and Alertmanager resources stand for the pods prometheus-operator makes: their policies match them, and the paths are listed', async () => {
    const list = await run('list', '.', '--kustomize', 'skip');
    expect(lines(list.stdout)).toContain('monitoring/alertmanager-main[StatefulSet] => monitoring/prometheus-k8s[StatefulSet] : TCP 9090');
    expect(lines(list.stdout)).toContain('monitoring/prometheus-k8s[StatefulSet] => monitoring/alertmanager-main[StatefulSet] : TCP 9093');
    const lint = await run('lint', '.', '--kustomize', 'skip');
    expect(lint.stdout).toBe('');
  });

  it('check evaluates the invariants of the default config on what it declares', async () => {
    const r = await run('check', '.', '--kustomize', 'skip');
    expect(lines(r.stdout)).toEqual([
      'Invariants:',
      // api-from-web admits every namespace labelled team: platform, monitoring and any made later alike
      'FAIL violated: nothing outside shop and monitoring reaches the api (.github/reachdiff.yml:12)',
      // the input not read first: it fails the invariants closed
      expect.stringMatching(/^ {4}charts\/web-frontend\/Chart\.yaml:1: Helm chart .* \[RD050\]$/),
      expect.stringMatching(/^ {4}deploy\/overlays\/prod\/kustomization\.yaml:1: Kustomize root .* \[RD052\]$/),
      expect.stringMatching(/^ {4}tools\/debug-pod\.yaml:6: a Go template .* \[RD051\]$/),
      // a pod of a new team=platform namespace that is not ingress-nginx either: one of two selectors at once
      '    [namespace with {team=platform,{Key:kubernetes.io/metadata.name,Operator:NotIn,Values:[ingress-nginx],},{Key:kubernetes.io/metadata.name,Operator:NotIn,Values:[monitoring],},{Key:kubernetes.io/metadata.name,Operator:NotIn,Values:[shop],}}]/[all pods] => shop/api[Deployment] : All Connections',
      '      egress of [namespace with {team=platform,{Key:kubernetes.io/metadata.name,Operator:NotIn,Values:[ingress-nginx],},{Key:kubernetes.io/metadata.name,Operator:NotIn,Values:[monitoring],},{Key:kubernetes.io/metadata.name,Operator:NotIn,Values:[shop],}}]/[all pods]: allowed by default, no policy isolates it: All Connections',
      '      ingress of shop/api[Deployment]: allowed by shop/api-from-web ingress rule 0 (apps/shop/policies.yaml:37): All Connections',
      '    [namespace with {team=platform,{Key:kubernetes.io/metadata.name,Operator:NotIn,Values:[monitoring],},{Key:kubernetes.io/metadata.name,Operator:NotIn,Values:[shop],}}]/[all pods] => shop/api[Deployment] : All Connections',
      '      egress of [namespace with {team=platform,{Key:kubernetes.io/metadata.name,Operator:NotIn,Values:[monitoring],},{Key:kubernetes.io/metadata.name,Operator:NotIn,Values:[shop],}}]/[all pods]: allowed by default, no policy isolates it: All Connections',
      '      ingress of shop/api[Deployment]: allowed by shop/api-from-web ingress rule 0 (apps/shop/policies.yaml:37): All Connections',
      '    [namespace with {team=platform}]/[all pods] => shop/api[Deployment] : All Connections',
      '      egress of [namespace with {team=platform}]/[all pods]: allowed by default, no policy isolates it: All Connections',
      '      ingress of shop/api[Deployment]: allowed by shop/api-from-web ingress rule 0 (apps/shop/policies.yaml:37): All Connections',
      'FAIL fails closed: the ingress controller reaches web on http (.github/reachdiff.yml:16)',
      // where they are read, the verdicts say they are not the last word
      'unsure: these verdicts rest on a head with 3 inputs that could not be read, so they fail closed (fail-on-unread: false in the config accepts that)',
    ]);
    // the chart, the root and the template it leaves out are input its verdict would rest on unread
    expect(r.stderr).toMatch(/error: Helm chart charts\/web-frontend .* so it fails closed \[RD050\]/);
    expect(r.stderr).toMatch(/reachdiff: failing closed: .* 3 inputs that could not be read/);
    expect(r.code).toBe(1);
  });
});

describe('5. RD108 and "that namespace or my own namespace"', () => {
  it('namespaceSelector followed by podSelector: {} does not warn', async () => {
    const r = await run('lint', 'apps/shop', 'platform/monitoring');
    expect(r.stdout).not.toContain('RD108');
    expect(readFileSync(join(work, 'apps/shop/policies.yaml'), 'utf8')).toContain('        - podSelector: {}\n');
  });
});

describe('6. validity as the API server sees it', () => {
  it('a Deployment named "*" (a Kustomize patch) is rejected, not a workload', async () => {
    const file = join(root, 'env-label.yaml');
    writeFileSync(file, readFileSync(join(work, 'deploy/overlays/prod/env-label.yaml'), 'utf8'));
    const r = await run('list', file, '--config', join(root, 'empty.yml'));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('reachdiff: nothing to analyse');
    expect(r.stderr).toMatch(/env-label\.yaml:1: error: invalid Deployment \*: metadata\.name "\*" is not a valid Deployment name/m);
  });

  // named in its overlay, the patch is that root's: kubectl apply -k applies the root's build, of which the patch
  // is a part (kubectl.docs.kubernetes.io, Kustomization reference: patches), so it is read through the root
  it('a Kustomize patch named in its root is read through the root, not one file at a time', async () => {
    const r = await run('list', 'deploy/overlays/prod/env-label.yaml', '--config', join(root, 'empty.yml'), '--kustomize', 'skip');
    expect(r.stderr).toMatch(/^deploy\/overlays\/prod\/kustomization\.yaml:1: warning: Kustomize root deploy\/overlays\/prod is not built: its files are left out/m);
    expect(r.stderr).not.toMatch(/invalid Deployment/);
  });

  it('a Job with only generateName is one workload named after the prefix', async () => {
    const r = await run('list', 'apps/shop');
    expect(lines(r.stdout)).toContain('shop/migrate-[Job] => shop/api[Deployment] : All Connections');
  });

  it('port: "9100", quoted, is a port name the API server rejects: the policy is an error, not TCP 9100', async () => {
    git(work, 'checkout', '-q', 'feature', '--', 'apps/shop/metrics.yaml');
    const r = await run('lint', 'apps/shop/metrics.yaml', 'apps/shop/workloads.yaml');
    git(work, 'rm', '-q', '--cached', 'apps/shop/metrics.yaml');
    rmSync(join(work, 'apps/shop/metrics.yaml'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^apps\/shop\/metrics\.yaml:11: error: invalid NetworkPolicy shop\/web-metrics: spec\.ingress\[0\]\.ports\[0\]: port "9100" is quoted/m);
  });

  it('port: 134:20 stays the string "134:20" and is an invalid port name', async () => {
    const file = join(root, 'port.yaml');
    writeFileSync(file, git(work, 'show', 'feature:apps/shop/metrics.yaml').replace('port: "9100"', 'port: 134:20'));
    const r = await run('lint', file);
    expect(r.stderr).toMatch(/error: invalid NetworkPolicy shop\/web-metrics: spec\.ingress\[0\]\.ports\[0\]: "134:20" is not a valid port name/);
  });

  it.skipIf(!HAVE_KUBECTL)('kubectl reads port: 134:20 as the string "134:20" too', () => {
    const file = join(root, 'port.yaml');
    const out = execFileSync('kubectl', ['label', '--local', '-f', file, '-o', 'json', 'x=y'], { encoding: 'utf8' });
    expect(JSON.parse(out).spec.ingress[0].ports[0].port).toBe('134:20');
  });
});

describe('7. output for people', () => {
  it('diff prints only the input diagnostics the change introduces, and counts those base already had', async () => {
    const r = await run('diff', '--git', '--base-ref', 'origin/master', '--head-ref', 'feature', '--kustomize', 'skip');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^head: apps\/shop\/metrics\.yaml:11: error: invalid NetworkPolicy shop\/web-metrics: .*\[RD004\]$/m);
    // the chart and the template are reported at both: not repeated; the Kustomize root is too, but the
    // change edits its base, so at head it is an error of its own
    expect(r.stderr).not.toMatch(/RD050|RD051|RD055/);
    expect(r.stderr).toMatch(/^head: deploy\/overlays\/prod\/kustomization\.yaml:1: error: Kustomize root deploy\/overlays\/prod is not built: .*so it fails closed \[RD052\]$/m);
    expect(r.stderr).toMatch(/^reachdiff: \d+ input diagnostics already reported at base are not repeated \(reachdiff lint lists them\)$/m);
    expect(r.stderr).not.toMatch(/^base: /m);
  });

  it('the txt diff ends with a count on stderr; stdout stays np-guard\'s format', async () => {
    const r = await run('diff', '--git', '--base-ref', 'origin/master', '--head-ref', 'feature', '--kustomize', 'skip');
    expect(lines(r.stdout)[0]).toBe('Connectivity diff:');
    expect(lines(r.stdout)).toContain('diff-type: changed, source: shop/web[Deployment], destination: shop/api[Deployment], ref1: All Connections, ref2: TCP 8080');
    expect(r.stderr).toMatch(/^reachdiff: \d+ paths? opened, \d+ closed, [1-9]\d* changed$/m);
  });

  it('md shows a changed path as before → after, not the complement that was closed', async () => {
    const r = await run('diff', '--git', '--base-ref', 'origin/master', '--head-ref', 'feature', '--kustomize', 'skip', '--format', 'md');
    expect(r.stdout).toContain('| shop/web\\[Deployment\\] | shop/api\\[Deployment\\] | All Connections → TCP 8080 |');
    expect(r.stdout).not.toContain('− SCTP');
  });

  it('--base-ref defaults to the remote\'s HEAD branch (master here, not main)', async () => {
    const r = await run('diff', '--git', '--head-ref', 'feature', '--kustomize', 'skip');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('reachdiff: comparing with origin/master (give --base-ref for another base)');
    expect(r.stdout).toContain('ref1: All Connections, ref2: TCP 8080');
  });

  it.skipIf(!TOOL)('diff --git builds the Kustomize root at both revisions: the base edit opens web → cache', async () => {
    const r = await run('diff', '--git', '--head-ref', 'feature', '--config', '.github/reachdiff.yml');
    // head holds a policy the API server rejects: the invariants fail closed
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('reachdiff: failing closed');
    expect(lines(r.stdout)).toContain('diff-type: added, source: shop/web[Deployment], destination: shop/cache[Deployment], ref1: No Connections, ref2: TCP 6379');
    expect(git(work, 'worktree', 'list').trim().split('\n')).toHaveLength(1);
  });

  it('--render names its stream after the command', async () => {
    const r = await run('diff', '--git', '--head-ref', 'feature', '--explain', '--render', 'cat apps/shop/policies.yaml apps/shop/workloads.yaml');
    expect(r.stdout).toContain('cause: shop/api-from-web ingress rule 0 was edited (render:cat apps/shop/policies.yaml apps/shop/workloads.yaml:37)');
  });

  it('a path filter that matches no file says "no file matched"', async () => {
    const r = await run('diff', '--git', 'no/such/dir');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('reachdiff: no file matched no/such/dir at origin/master or HEAD');
    expect(r.stderr).not.toContain('nothing to analyse');
  });

  it('a path filter that matches no file fails the diff, naming it, where another one matches', async () => {
    const r = await run('diff', '--git', '--head-ref', 'feature', '--kustomize', 'skip', 'no/such.yaml', 'apps', 'apps/shop/gone.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('reachdiff: paths no/such.yaml, apps/shop/gone.yaml match no file at origin/master or at feature: nothing was read there');
    expect(r.stdout).toBe('');
    // a Helm chart left out and reported is something the path matched
    const chart = await run('diff', '--git', '--head-ref', 'feature', '--kustomize', 'skip', 'apps', 'charts/web-frontend');
    expect(chart.code).toBe(0);
    expect(chart.stderr).not.toContain('match');
  });

  it("a target's glob that matches no file fails the diff, naming it, where another one matches", async () => {
    const config = join(root, 'typo-target.yml');
    writeFileSync(config, 'targets:\n  - name: shop\n    paths: ["apps/**/*.yaml", "polcies/**"]\n');
    const r = await run('diff', '--git', '--head-ref', 'feature', '--config', config, '--target', 'shop');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('reachdiff: target shop: path polcies/** matches no file at origin/master or at feature: nothing was read there');
    writeFileSync(config, 'targets:\n  - name: shop\n    paths: ["apps/**/*.yaml", "apps/shop/*.yml"]\n');
    expect((await run('diff', '--git', '--head-ref', 'feature', '--config', config, '--target', 'shop')).stderr).toContain('path apps/shop/*.yml matches no file');
    writeFileSync(config, 'targets:\n  - name: shop\n    paths: ["apps/**/*.yaml", "!apps/none/**"]\n');
    expect((await run('diff', '--git', '--head-ref', 'feature', '--config', config, '--target', 'shop')).code).toBe(0);
  });

  it('list prints a summary line, and --focus-workload and --focus-namespace keep the pairs with an end they pick', async () => {
    const all = await run('list', '.', '--kustomize', 'skip');
    expect(all.stderr).toMatch(/^reachdiff: (\d+) connected pairs among 6 workloads in 3 namespaces and 1 external range \(IPv4 only/m);
    const focus = await run('list', '.', '--kustomize', 'skip', '--focus-workload', 'shop/web');
    const kept = lines(focus.stdout);
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.every((l) => l.includes('shop/web[Deployment]'))).toBe(true);
    expect(focus.stderr).toMatch(/^reachdiff: \d+ of \d+ connected pairs shown among/m);
    const ns = await run('list', '.', '--kustomize', 'skip', '--focus-namespace', 'monitoring');
    expect(lines(ns.stdout).every((l) => l.includes('monitoring/'))).toBe(true);
    expect((await run('list', '.', '--kustomize', 'skip', '--focus-workload', 'nope')).stderr).toContain('--focus-workload nope: no workload is named so');
  });

  it('--format grouped is for people: the summary, then per source the destinations grouped by their connections', async () => {
    const r = await run('list', '.', '--kustomize', 'skip', '--format', 'grouped');
    const out = lines(r.stdout);
    expect(out[0]).toMatch(/^\d+ connected pairs among 6 workloads in 3 namespaces and 1 external range$/);
    const at = out.indexOf('monitoring/alertmanager-main[StatefulSet] =>');
    expect(out.slice(at, at + 3)).toEqual([
      'monitoring/alertmanager-main[StatefulSet] =>',
      '  All Connections: 0.0.0.0-255.255.255.255[External], ingress-nginx/ingress-nginx-controller[Deployment], shop/api[Deployment]',
      '  TCP 9090: monitoring/prometheus-k8s[StatefulSet]',
    ]);
  });

  it('the txt list stays np-guard\'s format, line for line', async () => {
    const r = await run('list', '.', '--kustomize', 'skip');
    for (const l of lines(r.stdout)) expect(l).toMatch(/^\S+ => \S+ : .+$/);
  });

  it('a directory with policies but no workloads says so', async () => {
    mkdirSync(join(root, 'policies-only'), { recursive: true });
    cpSync(join(work, 'apps/shop/policies.yaml'), join(root, 'policies-only', 'policies.yaml'));
    const r = await cli(['list', join(root, 'policies-only')], root);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('reachdiff: no workloads: the manifests hold 4 policies but no Deployment, StatefulSet, Pod or other workload, so no pair of workloads can be listed');
  });
});

describe('8. a Kustomize root given as the current directory', () => {
  it.skipIf(!TOOL)('another PATH outside it is still read: its build takes in only its own files', async () => {
    const root = tree({
      'app/kustomization.yaml': 'resources: [db.yaml]\n',
      'app/db.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: db, namespace: shop }\nspec:\n  selector: { matchLabels: { app: db } }\n  template:\n    metadata: { labels: { app: db } }\n    spec: { containers: [ { name: c, image: i } ] }\n',
      'policies/deny.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: deny, namespace: shop }\nspec: { podSelector: {}, policyTypes: [Ingress] }\n',
    });
    // the policy of ../policies isolates db: nothing reaches it; read the policy was dropped before, and everything did
    const r = await cli(['list', '.', '../policies'], join(root, 'app'));
    expect(r.stdout).not.toMatch(/=> shop\/db/);
    expect(r.stderr).toMatch(/Kustomize root \. is built/);
  });
});
