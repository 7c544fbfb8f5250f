/**
 * Bad and hostile input: each kind of bad document is reported with its
 * file and line and skipped, and the rest is analysed; hostile documents
 * fail alone within bounded time and memory.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/engine/analyze.js';
import { DEFAULT_LIMITS, MAX_READ_BYTES, parseDocuments } from '../src/input/yaml/documents.js';
import { listManifestFiles, readManifestFiles } from '../src/sources/directory.js';
import { loadCluster } from '../src/input/load.js';
import { cli, conn, deployment, load, matrixOf, namespace } from './helpers.js';

describe('malformed manifests (fixtures/malformed)', () => {
  it('every bad document is reported with file, line and code; the rest is analysed', async () => {
    const r = await cli(['list', 'fixtures/malformed']);
    expect(r.code).toBe(0);
    const diagnostics = r.stderr.trim().split('\n');
    // package.json is found by walking the directory: counted, not an error (named, it is one)
    expect(diagnostics).toEqual([
      expect.stringMatching(/^fixtures\/malformed\/policies.yaml:18: error: invalid NetworkPolicy shop\/empty-peer: .*is empty.* \[RD004\]$/),
      expect.stringMatching(/^fixtures\/malformed\/policies.yaml:27: error: invalid NetworkPolicy shop\/ipblock-and-selector: .*ipBlock may not be combined.* \[RD004\]$/),
      expect.stringMatching(/^fixtures\/malformed\/policies.yaml:37: error: invalid NetworkPolicy shop\/bad-cidr: .*is not a CIDR.* \[RD004\]$/),
      expect.stringMatching(/^fixtures\/malformed\/policies.yaml:46: error: invalid NetworkPolicy shop\/named-endport: .*endPort needs a numeric port.* \[RD004\]$/),
      expect.stringMatching(/^fixtures\/malformed\/workloads.yaml:1[34]: error: YAML syntax: .* \[RD001\]$/),
      'reachdiff: skipped 1 YAML or JSON document that is not a Kubernetes object (CI configs, values, package.json) in the directories walked; files named on the command line are read strictly',
      'reachdiff: 5 connected pairs among 2 workloads in 1 namespace and 1 external range (IPv4 only: nothing names IPv6; --ip-family dual for a dual-stack cluster)',
    ]);
    // the documents around the broken one, the valid policy, and the typed list item are all there
    expect(r.stdout).toContain('shop/web[Deployment] => shop/api[Deployment] : TCP 9090');
    expect(r.stdout).toContain('shop/api[Deployment] => shop/web[Deployment] : TCP 8080');
    expect(r.stdout).not.toContain('broken');
  });

  it('tabs inside flow sequences are read, as kubectl reads them', () => {
    const { files } = listManifestFiles(['fixtures/malformed/workloads.yaml']);
    const cluster = loadCluster(readManifestFiles(files, { maxFileBytes: MAX_READ_BYTES }));
    const api = cluster.workloads.find((w) => w.id === 'shop/api[Deployment]');
    expect(api?.pods[0]?.ports.map((p) => p.port)).toEqual([9090, 9091]);
  });

  it('the json format carries the diagnostics', async () => {
    const r = await cli(['list', 'fixtures/malformed', '--format', 'json']);
    const doc = JSON.parse(r.stdout) as { diagnostics: Array<{ code: string; line: number }> };
    expect(doc.diagnostics.map((d) => d.code)).toEqual(['RD002', 'RD004', 'RD004', 'RD004', 'RD004', 'RD001']);
  });

  it('nothing loadable at all is exit 2', async () => {
    const r = await cli(['list', 'fixtures/malformed/package.json']);
    expect(r.code).toBe(2);
  });
});

const GOOD = namespace('shop') + deployment('shop', 'a', { app: 'a' }) + deployment('shop', 'b', { app: 'b' });

function timed<T>(fn: () => T): { value: T; ms: number } {
  const start = performance.now();
  const value = fn();
  return { value, ms: performance.now() - start };
}

describe('hostile input', () => {
  it('an alias bomb fails its document within bounded time; the other documents are read', () => {
    let bomb = 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 12; i++) bomb += `a${i}: &a${i} [${Array.from({ length: 10 }, () => `*a${i - 1}`).join(', ')}]\n`;
    const { value: cluster, ms } = timed(() => load({ 'bomb.yaml': `${GOOD}${bomb}` }));
    expect(ms).toBeLessThan(10_000);
    // kubectl's reader refuses it for its share of aliases before any count of nodes is reached
    const d = cluster.diagnostics.find((x) => x.code === 'RD001' || x.code === 'RD005');
    expect(d?.message).toMatch(/excessive aliasing/);
    expect(d?.file).toBe('bomb.yaml');
    expect(d?.line).toBeGreaterThan(1);
    expect(cluster.workloads.map((w) => w.id)).toEqual(['shop/a[Deployment]', 'shop/b[Deployment]']);
  });

  it('deep nesting fails its document, no stack overflow', () => {
    for (const deep of ['['.repeat(100_000), `${'- '.repeat(5_000)}x`, `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`]) {
      const { value, ms } = timed(() => parseDocuments(deep, 'deep.yaml'));
      expect(ms).toBeLessThan(10_000);
      expect(value.documents).toEqual([]);
      expect(value.diagnostics.length).toBe(1);
      expect(['RD001', 'RD005']).toContain(value.diagnostics[0]!.code);
    }
  });

  it('a file over the size limit is reported and skipped without being read; the other files are analysed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reachdiff-huge-'));
    writeFileSync(join(dir, 'huge.yaml'), `# ${'x'.repeat(2_000_000)}\n`);
    writeFileSync(join(dir, 'good.yaml'), GOOD);
    const { files } = listManifestFiles([dir]);
    const cluster = loadCluster(readManifestFiles(files, { maxFileBytes: 1_000_000, cwd: dir }));
    expect(cluster.diagnostics.map((d) => `${d.file} ${d.code}`)).toEqual(['huge.yaml RD009']);
    expect(cluster.diagnostics[0]!.message).toContain('over the limit of 1000000');
    expect(cluster.workloads).toHaveLength(2);
  });

  it('the depth limit counts only real nesting: comments and block scalar lines do not count', () => {
    const policy = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: deny\n  namespace: shop\nspec:\n  podSelector: {}\n`;
    const brackets = `${'['.repeat(300)}\n`;
    const texts = [
      `#${brackets}${policy}`,
      `# note\n${' '.repeat(1000)}# a deeply indented comment\n${policy}`,
      `${policy}  description: |\n${' '.repeat(900)}a deeply indented line\n    # ${brackets}`,
      `${policy}  folded: >\n${Array.from({ length: 300 }, (_, i) => `${' '.repeat(4 + i * 2)}x ${'{'.repeat(5)}`).join('\n')}\n`,
    ];
    for (const text of texts) {
      const parsed = parseDocuments(text, 'shallow.yaml');
      expect(parsed.diagnostics).toEqual([]);
      expect(parsed.documents.map((d) => (d.value as { kind: string }).kind)).toEqual(['NetworkPolicy']);
    }
    // real nesting past the limit is still refused, with its file and line
    const deep = parseDocuments(`a: 1\n---\n${'- '.repeat(201)}x\n`, 'deep.yaml');
    expect(deep.diagnostics.map((d) => `${d.line} ${d.code}`)).toEqual(['3 RD005']);
  });

  it('merge keys nest nothing: a chain of 250 merges is a flat mapping, as kubectl reads it; real nesting through a merge counts', () => {
    // YAML merge key type (yaml.org/type/merge.html): the merged mappings' entries join the mapping holding `<<`;
    // kubectl 1.32 (`kubectl label --local -f chain.yaml x=y -o json`) reads the first document, a249 with 250 keys
    const head = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: chain, namespace: shop}\nx:\n  a0: &a0 {k0: v0}\n';
    const chain = (merge: (i: number) => string) => head + Array.from({ length: 249 }, (_, j) => `  a${j + 1}: &a${j + 1} {<<: ${merge(j)}, k${j + 1}: v}\n`).join('');
    for (const text of [chain((j) => `*a${j}`), chain((j) => `[*a${j}]`)]) {
      const parsed = parseDocuments(text, 'chain.yaml');
      expect(parsed.diagnostics).toEqual([]);
      const a249 = (parsed.documents[0]!.value as { x: Record<string, Record<string, string>> }).x.a249!;
      expect(Object.keys(a249)).toHaveLength(250);
    }
    // a mapping nesting 150 levels merged 60 levels down nests 210: past the limit of 200
    const nested = (n: number) => `${'{a: '.repeat(n)}1${'}'.repeat(n)}`;
    const deep = `kind: ConfigMap\nd: &d ${nested(150)}\nx: ${'{b: '.repeat(60)}{<<: *d}${'}'.repeat(60)}\n`;
    expect(parseDocuments(deep, 'deep.yaml').diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(['RD005 document nests deeper than 200 levels; document skipped']);
    const shallow = `kind: ConfigMap\nd: &d ${nested(130)}\nx: ${'{b: '.repeat(60)}{<<: *d}${'}'.repeat(60)}\n`;
    expect(parseDocuments(shallow, 'shallow.yaml').diagnostics).toEqual([]);
  });

  it('the size limit counts what must be parsed: a policy after 66 MiB of comments is read', () => {
    const comments = `# ${'x'.repeat(1022)}\n`.repeat(66 * 1024);
    const text = `${comments}apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\nspec: {podSelector: {}}\n`;
    expect(text.length).toBeGreaterThan(DEFAULT_LIMITS.maxFileBytes);
    const parsed = parseDocuments(text, 'padded.yaml');
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.documents).toHaveLength(1);
    expect(parsed.documents[0]!.line).toBe(66 * 1024 + 1);
  });

  it('a file with more to parse than the limit is reported at the document where it crosses it, and the rest is unread', () => {
    const doc = (i: number) => `kind: ConfigMap\nmetadata: {name: c${i}}\ndata: {k: ${'v'.repeat(200)}}\n`;
    const text = Array.from({ length: 10 }, (_, i) => doc(i)).join('---\n');
    const parsed = parseDocuments(text, 'big.yaml', { ...DEFAULT_LIMITS, maxFileBytes: 1_000 });
    expect(parsed.documents.length).toBe(4);
    expect(parsed.diagnostics.map((d) => `${d.file}:${d.line} ${d.severity} ${d.code}`)).toEqual(['big.yaml:17 error RD005']);
    expect(parsed.diagnostics[0]!.message).toMatch(/more than 1000 bytes of YAML or JSON to parse/);
  });

  it('files up to four times the parse limit are read; larger ones are reported unread', () => {
    expect(MAX_READ_BYTES).toBe(4 * DEFAULT_LIMITS.maxFileBytes);
  });

  it('a document with too many nodes fails alone', () => {
    const many = `items: [${Array.from({ length: 2_000 }, (_, i) => i).join(', ')}]\n`;
    const parsed = parseDocuments(`${many}---\n${GOOD}`, 'many.yaml', { ...DEFAULT_LIMITS, maxDocumentNodes: 1_000 });
    expect(parsed.diagnostics.map((d) => d.code)).toEqual(['RD005']);
    expect(parsed.documents.length).toBeGreaterThanOrEqual(3);
  });

  it('binary garbage and a BOM are handled', () => {
    const m = matrixOf({ 'bom.yaml': `\uFEFF${GOOD}`, 'junk.yaml': '\u0000\u0001\u0002 : : [' });
    expect(conn(m, 'shop/a[Deployment]', 'shop/b[Deployment]')).toBe('All Connections');
    expect(analyze(load({ 'junk.yaml': '\u0000\u0001\u0002 : : [' })).diagnostics.some((d) => d.file === 'junk.yaml')).toBe(true);
  });
});

describe('validity as the API server sees it', () => {
  const policyWithPort = (port: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: p, namespace: shop }
spec:
  podSelector: {}
  ingress:
    - ports:
        - port: ${port}
`;
  const codes = (text: string) => load(text).diagnostics.map((d) => `${d.code} ${d.message}`);

  it('a quoted number is a port name, which needs a letter: port: "8080" is rejected, not read as TCP 8080', () => {
    // NetworkPolicyPort.port is an IntOrString: a JSON string is a name, and IsValidPortName wants a letter
    const c = load(deployment('shop', 'web', { app: 'web' }, [{ port: 8080 }]) + policyWithPort('"8080"'));
    expect(c.policies).toEqual([]);
    expect(codes(policyWithPort('"8080"'))).toEqual([expect.stringMatching(/^RD004 .*port "8080" is quoted, so the API server reads it as a port name.*write port: 8080 without quotes/)]);
    expect(load(policyWithPort('8080')).policies).toHaveLength(1);
  });

  it('a workload whose labels or pod-template labels the API server refuses is refused (ValidateObjectMeta), as a NetworkPolicy is', () => {
    const bad = deployment('shop', 'web', { app: 'web', tier: 'w e/b' });
    const c = load(bad + deployment('shop', 'ok', { app: 'ok' }));
    expect(c.workloads.map((w) => w.id)).toEqual(['shop/ok[Deployment]']);
    expect(codes(bad)).toEqual([expect.stringMatching(/^RD003 .*Deployment template labels: label value "w e\/b" is not valid .*which the API server refuses/)]);
    expect(codes(deployment('shop', 'web', { 'a/b/c': 'x' }))).toEqual([expect.stringMatching(/label key "a\/b\/c" holds more than one "\/"/)]);
    const ownLabel = deployment('shop', 'web', { app: 'web' }).replace('  namespace: shop\n', '  namespace: shop\n  labels: { team: "-x" }\n');
    expect(codes(ownLabel)).toEqual([expect.stringMatching(/metadata\.labels: label value "-x" is not valid/)]);
  });

  it('workloads of API versions Kubernetes no longer serves are refused by it: reported not analysed (RD011), not workloads', () => {
    // https://kubernetes.io/docs/reference/using-api/deprecation-guide/ (v1.16: extensions/v1beta1, apps/v1beta1 and apps/v1beta2; v1.25: batch/v1beta1 CronJob)
    const old = (apiVersion: string, kind: string, name: string) =>
      deployment('shop', name, { app: name }).replace('apiVersion: apps/v1', `apiVersion: ${apiVersion}`).replace('kind: Deployment', `kind: ${kind}`);
    const cronJob = `apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: { name: nightly, namespace: shop }\nspec:\n  schedule: "0 0 * * *"\n  jobTemplate:\n    spec:\n      template:\n        metadata: { labels: { app: nightly } }\n        spec: { containers: [{ name: c, image: x }] }\n---\n`;
    const c = load(old('extensions/v1beta1', 'Deployment', 'a') + old('apps/v1beta2', 'DaemonSet', 'b') + old('apps/v1beta1', 'StatefulSet', 'c') + cronJob + deployment('shop', 'd', { app: 'd' }));
    expect(c.workloads.map((w) => w.id)).toEqual(['shop/d[Deployment]']);
    expect(c.notAnalysed.map((n) => `${n.kind} ${n.name}`)).toEqual(['Deployment shop/a', 'DaemonSet shop/b', 'StatefulSet shop/c', 'CronJob shop/nightly']);
    expect(c.diagnostics.filter((d) => d.code === 'RD011').map((d) => d.message)).toEqual([
      expect.stringMatching(/^Deployment shop\/a \(extensions\/v1beta1\) is not analysed: extensions\/v1beta1 Deployment is no longer served by Kubernetes \(removed in 1\.16; use apps\/v1\)/),
      expect.stringMatching(/^DaemonSet shop\/b \(apps\/v1beta2\) is not analysed/),
      expect.stringMatching(/^StatefulSet shop\/c \(apps\/v1beta1\) is not analysed/),
      expect.stringMatching(/^CronJob shop\/nightly \(batch\/v1beta1\) is not analysed: .*removed in 1\.25; use batch\/v1/),
    ]);
  });

  it('port: 134:20 stays the string "134:20" (no base 60, as kubectl reads YAML) and is an invalid port name', () => {
    expect(parseDocuments('port: 134:20\n', 'x.yaml').documents[0]!.value).toEqual({ port: '134:20' });
    expect(codes(policyWithPort('134:20'))).toEqual([expect.stringMatching(/^RD004 .*"134:20" is not a valid port name/)]);
  });

  it('a Deployment named "*" (a Kustomize patch target) is not a workload: the API server rejects the name', () => {
    const c = load(deployment('shop', "'*'", { app: 'web' }));
    expect(c.workloads).toEqual([]);
    expect(codes(deployment('shop', "'*'", { app: 'web' }))).toEqual([expect.stringMatching(/^RD003 invalid Deployment shop\/\*: metadata.name "\*" is not a valid Deployment name/)]);
  });

  it('a Namespace and a namespace are RFC 1123 labels; a policy name is a subdomain', () => {
    expect(codes(namespace('Shop'))).toEqual([expect.stringMatching(/^RD003 .*metadata.name "Shop" is not a valid Namespace name/)]);
    expect(codes(deployment('my_ns', 'web', { app: 'web' }))).toEqual([expect.stringMatching(/^RD003 .*metadata.namespace "my_ns" is not a valid namespace name/)]);
    expect(codes(policyWithPort('80').replace('name: p,', 'name: allow_web,'))).toEqual([expect.stringMatching(/^RD004 .*metadata.name "allow_web" is not a valid NetworkPolicy name/)]);
  });

  it('a Job with only generateName is one workload, named after the prefix', () => {
    const job = `apiVersion: batch/v1
kind: Job
metadata: { generateName: migrate-, namespace: shop }
spec:
  template:
    metadata: { labels: { app: migrate } }
    spec: { containers: [ { name: m, image: m } ], restartPolicy: Never }
`;
    const c = load(job);
    expect(c.diagnostics).toEqual([]);
    expect(c.workloads.map((w) => w.id)).toEqual(['shop/migrate-[Job]']);
  });

  it('container ports are validated as the API server validates them: a number from 1 to 65535, a valid name', () => {
    const withPort = (port: string) => deployment('shop', 'web', { app: 'web' }).replace('containers:', `containers:\n        - name: c\n          image: c\n          ports: [ ${port} ]`);
    expect(codes(withPort('{ containerPort: "8080" }'))).toEqual([expect.stringMatching(/^RD003 .*containerPort "8080" is quoted: it must be a number/)]);
    expect(codes(withPort('{ containerport: 8080 }'))).toEqual([expect.stringMatching(/^RD003 .*containerPort is missing/)]);
    expect(codes(withPort('{ containerPort: 70000 }'))).toEqual([expect.stringMatching(/^RD003 .*containerPort 70000 is not a port from 1 to 65535/)]);
    expect(codes(withPort('{ containerPort: 8080, name: HTTP }'))).toEqual([expect.stringMatching(/^RD003 .*name "HTTP" is not a valid port name/)]);
    expect(codes(withPort('{ containerPort: 8080, name: http }'))).toEqual([]);
  });

  // kubernetes pkg/apis/core/validation/validation.go: ValidatePodSpec (run by ValidatePodTemplateSpec on a workload's
  // template too) refuses these whatever applies the object; validateContainerPorts checks names within one container,
  // checkHostPortConflicts hostPorts among the containers and within each init container, validatePodHostNetworkDeps
  // a non-zero hostPort other than containerPort under hostNetwork (regular containers)
  it('a pod template the API server refuses for its containers is refused (RD003), its pods not analysed', () => {
    const spec = (containers: string, extra = '') => `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web, namespace: shop }\nspec:\n  selector: { matchLabels: { app: web } }\n  template:\n    metadata: { labels: { app: web } }\n    spec:${extra}\n      containers:\n${containers}---\n`;
    const refused = (containers: string, extra = '') => {
      const c = load(spec(containers, extra) + deployment('shop', 'db', { app: 'db' }));
      expect(c.workloads.map((w) => w.id)).toEqual(['shop/db[Deployment]']);
      return c.diagnostics.map((d) => `${d.code} ${d.message} @${d.line}`);
    };
    // the same port name twice in one container (dns for UDP and TCP 53), at the line of the second port
    expect(refused('        - name: a\n          image: x\n          ports:\n            - { name: dns, containerPort: 53, protocol: UDP }\n            - { name: dns, containerPort: 53, protocol: TCP }\n')).toEqual([
      expect.stringMatching(/^RD003 .*Deployment template spec\.containers\[0\]\.ports\[1\]: port name "dns" is used twice in container "a", which the API server refuses \("Duplicate value"\).* @14$/),
    ]);
    expect(refused('        - { name: a, image: x }\n        - { name: a, image: img }\n')).toEqual([expect.stringMatching(/^RD003 .*spec\.containers\[1\]: container name "a" is also spec\.containers\[0\]'s.*"Duplicate value"/)]);
    expect(refused('        - { name: a, image: x }\n', '\n      initContainers: [{ name: a, image: img }]')).toEqual([expect.stringMatching(/spec\.initContainers\[0\]: container name "a" is also spec\.containers\[0\]'s/)]);
    expect(refused('        - { name: a, image: x, ports: [{ containerPort: 80, hostPort: 8080 }] }\n        - { name: b, image: img, ports: [{ containerPort: 81, hostPort: 8080, protocol: TCP }] }\n')).toEqual([
      expect.stringMatching(/^RD003 .*spec\.containers\[1\]\.ports\[0\]: hostPort 8080 \(TCP\) is also container "a"'s, which the API server refuses/),
    ]);
    expect(refused('        - { name: a, image: x, ports: [{ containerPort: 80, hostPort: 8080 }] }\n', '\n      hostNetwork: true')).toEqual([
      expect.stringMatching(/^RD003 .*hostPort 8080 is not its containerPort 80, which the API server refuses with hostNetwork/),
    ]);
    expect(refused('        - { name: a }\n')).toEqual([expect.stringMatching(/^RD003 .*spec\.containers\[0\] \(container "a"\) has no image, which the API server refuses \("image: Required value"\)/)]);
    expect(refused('        - { image: x }\n')).toEqual([expect.stringMatching(/spec\.containers\[0\] has no name/)]);
    expect(refused('        - { name: App, image: x }\n')).toEqual([expect.stringMatching(/container name "App" is not a lowercase RFC 1123 label/)]);
    expect(refused('        []\n')).toEqual([expect.stringMatching(/spec\.containers is empty or missing, which the API server refuses/)]);
    // what it takes: one port name in two containers, one hostPort for two protocols or in two init containers,
    // hostNetwork with hostPort left out or equal to containerPort
    const taken = [
      spec('        - { name: a, image: x, ports: [{ name: http, containerPort: 80 }] }\n        - { name: b, image: img, ports: [{ name: http, containerPort: 81 }] }\n'),
      spec('        - { name: a, image: x, ports: [{ containerPort: 53, hostPort: 53, protocol: UDP }, { containerPort: 53, hostPort: 53 }] }\n'),
      spec('        - { name: a, image: x }\n', '\n      initContainers: [{ name: i, image: img, ports: [{ containerPort: 80, hostPort: 80 }] }, { name: j, image: img, ports: [{ containerPort: 80, hostPort: 80 }] }]'),
      spec('        - { name: a, image: x, ports: [{ containerPort: 80 }, { containerPort: 81, hostPort: 81 }] }\n', '\n      hostNetwork: true'),
    ];
    for (const text of taken) expect(load(text).diagnostics.filter((d) => d.code === 'RD003')).toEqual([]);
    // a pod its controller made is one the API server took: a dump trimmed to labels and ports is read as it is
    const owned = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-1\n  namespace: shop\n  labels: { app: web }\n  ownerReferences: [{ apiVersion: apps/v1, kind: ReplicaSet, name: web-x, controller: true, uid: u }]\nspec:\n  containers: [{ ports: [] }]\n';
    expect(load(owned).workloads.map((w) => w.id)).toEqual(['shop/web-x[ReplicaSet]']);
  });

  // ValidateService (kubernetes pkg/apis/core/validation): a targetPort given as a string must be a port name
  // (IsValidPortName, IANA_SVC_NAME: at most 15 lowercase letters, digits and "-", with a letter, no "--", not at
  // either end); a Service's port is an int32, which a quoted number does not decode into
  it('a Service\'s targetPort that is a quoted number is a port name without a letter: the Service is refused (RD003), not routed', () => {
    const web = deployment('shop', 'web', { app: 'web' }, [{ port: 8080 }]);
    const service = (port: string) => `apiVersion: v1\nkind: Service\nmetadata: { name: web, namespace: shop }\nspec:\n  selector: { app: web }\n  ports: [ ${port} ]\n---\n`;
    const quoted = load(web + service('{ port: 80, targetPort: "8080" }'));
    expect(quoted.services).toEqual([]);
    expect(codes(service('{ port: 80, targetPort: "8080" }'))).toEqual([
      expect.stringMatching(/^RD003 invalid Service shop\/web: spec\.ports\[0\]\.targetPort: "8080" is quoted, so the API server reads it as a port name, and a port name needs a letter.*write targetPort: 8080 without quotes/),
    ]);
    for (const bad of ['"HTTP"', '"http--alt"', '"-http"', '"a-very-long-port-name"', '70000']) {
      expect(codes(service(`{ port: 80, targetPort: ${bad} }`)), bad).toEqual([expect.stringMatching(/^RD003 invalid Service shop\/web: spec\.ports\[0\]\.targetPort: /)]);
    }
    expect(codes(service('{ port: "80", targetPort: 8080 }'))).toEqual([expect.stringMatching(/^RD003 .*spec\.ports\[0\]\.port: "80" is quoted: it must be a number/)]);
    for (const good of ['8080', 'http', '"http-alt"', '0', '""']) {
      expect(codes(service(`{ port: 80, targetPort: ${good} }`)), good).toEqual([]);
    }
    expect(load(web + service('{ port: 80, targetPort: 8080 }')).services.map((s) => s.ports[0]!.targetPort)).toEqual([8080]);
  });

  // ValidateIngressBackend (kubernetes pkg/apis/networking/validation): port.name must be a valid port name, port.number
  // an int32 from 1 to 65535; one of them, not both ("port name or number is required", "cannot set both port name & port number")
  it("an Ingress backend's port is validated as the API server validates it: a name, or a number, and one of them", () => {
    const ingress = (port: string) =>
      `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: { name: web, namespace: shop }\nspec:\n  rules:\n    - http:\n        paths:\n          - { path: /, pathType: Prefix, backend: { service: { name: web${port} } } }\n---\n`;
    expect(codes(ingress(', port: { name: "8080" }'))).toEqual([expect.stringMatching(/^RD003 invalid Ingress shop\/web: .*service\.port\.name: "8080" is quoted, so the API server reads it as a port name, and a port name needs a letter.*port\.number: 8080/)]);
    expect(codes(ingress(', port: { name: HTTP }'))).toEqual([expect.stringMatching(/^RD003 .*service\.port\.name: "HTTP" is not a valid port name/)]);
    expect(codes(ingress(', port: { number: "80" }'))).toEqual([expect.stringMatching(/^RD003 .*service\.port\.number: "80" is quoted: it must be a number/)]);
    expect(codes(ingress(', port: { number: 80, name: http }'))).toEqual([expect.stringMatching(/^RD003 .*sets both a port name and a port number/)]);
    expect(codes(ingress(''))).toEqual([expect.stringMatching(/^RD003 .*a port name or number is required/)]);
    expect(load(ingress(', port: { number: 80 }')).ingressRoutes.map((r) => r.backends.map((b) => b.port))).toEqual([[80]]);
    expect(load(ingress(', port: { name: http }')).ingressRoutes.map((r) => r.backends.map((b) => b.port))).toEqual([['http']]);
    // a Gateway API backendRef's port is a PortNumber (an integer of the CRD's schema): a quoted one is refused too
    const route = (port: string) =>
      `apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: { name: web, namespace: shop }\nspec:\n  parentRefs: [ { name: gw } ]\n  rules: [ { backendRefs: [ { name: web, port: ${port} } ] } ]\n---\n`;
    expect(codes(route('"80"'))).toEqual([expect.stringMatching(/^RD003 invalid HTTPRoute shop\/web: spec\.rules\[0\]\.backendRefs\[0\]\.port: "80" is quoted: it must be a number/)]);
    expect(codes(route('80'))).toEqual([]);
  });
});
