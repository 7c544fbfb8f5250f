/**
 * Objects a review used to pass a change that opens frontend -> db, or cuts
 * backend -> db, through a check with no word: each is now reported as not
 * analysed (RD011) and fails the invariants it may break closed, while
 * objects of the same kinds that cannot break them stay quiet.
 */
import { describe, expect, it } from 'vitest';
import { checkManifests as check } from './helpers.js';

const deployment = (app: string, labels = `app: ${app}`, annotations = '') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: ${app}, namespace: shop }\nspec:\n  selector: { matchLabels: { app: ${app} } }\n  template:\n    metadata:\n      labels: { ${labels} }\n${annotations ? `      annotations: { ${annotations} }\n` : ''}    spec: { containers: [ { name: c, image: i, ports: [ { containerPort: 5432 } ] } ] }\n---\n`;
const NS = 'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n---\n';
/** db admits the pods labelled db-client only. */
const DB_CLIENTS =
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: db, namespace: shop }\nspec:\n  podSelector: { matchLabels: { app: db } }\n  policyTypes: [Ingress]\n  ingress: [ { from: [ { podSelector: { matchLabels: { db-client: "true" } } } ] } ]\n---\n';
const SHOP = NS + deployment('frontend') + deployment('backend', 'app: backend, db-client: "true"') + deployment('db') + DB_CLIENTS;
const NEVER = 'invariants:\n  - name: frontend never reaches db\n    never: { from: { workload: shop/frontend }, to: { workload: shop/db } }\n';
const ALWAYS = 'invariants:\n  - name: backend reaches db\n    always: { from: { workload: shop/backend }, to: { workload: shop/db } }\n';
const NEVER_LABELS = 'invariants:\n  - name: frontend pods never reach db\n    never: { from: { namespace: shop, labels: { app: frontend } }, to: { workload: shop/db } }\n';

describe('admission mutations of Gatekeeper', () => {
  // open-policy-agent.github.io/gatekeeper/website/docs/mutation: AssignMetadata adds labels and annotations at admission
  const assignMetadata = (location: string) =>
    `apiVersion: mutations.gatekeeper.sh/v1\nkind: AssignMetadata\nmetadata: { name: label-shop-pods }\nspec:\n  match: { scope: Namespaced, kinds: [ { apiGroups: ["*"], kinds: [Pod] } ], namespaces: [shop] }\n  location: ${location}\n  parameters: { assign: { value: "true" } }\n---\n`;

  it('one that may change labels fails the invariants closed', async () => {
    expect((await check(SHOP, NEVER)).code).toBe(0);
    const r = await check(SHOP + assignMetadata('metadata.labels.db-client'), NEVER);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/AssignMetadata label-shop-pods .* is not analysed: its mutation of metadata.labels.db-client is not applied.*\[RD011\]/);
  });

  it('one that sets an annotation reachdiff does not read stays quiet, as a Kyverno rule does', async () => {
    expect((await check(SHOP + assignMetadata('metadata.annotations.owner'), NEVER)).code).toBe(0);
    expect((await check(SHOP + assignMetadata('"metadata.annotations.k8s.v1.cni.cncf.io/networks"'), NEVER)).code).toBe(1);
  });

  it('one that changes what decides no traffic stays quiet', async () => {
    const assign =
      'apiVersion: mutations.gatekeeper.sh/v1\nkind: Assign\nmetadata: { name: pull-policy }\nspec:\n  applyTo: [ { groups: [""], kinds: [Pod], versions: [v1] } ]\n  location: "spec.containers[name:*].imagePullPolicy"\n  parameters: { assign: { value: Always } }\n---\n';
    const r = await check(SHOP + assign, NEVER);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/RD011/);
  });
});

describe("Istio's EnvoyFilter", () => {
  // istio.io/latest/docs/reference/config/networking/envoy-filter/: an RBAC network filter inserted at SIDECAR_INBOUND refuses connections
  const rbacDeny =
    'apiVersion: networking.istio.io/v1alpha3\nkind: EnvoyFilter\nmetadata: { name: db-deny, namespace: shop }\nspec:\n  workloadSelector: { labels: { app: db } }\n  configPatches:\n  - applyTo: NETWORK_FILTER\n    match: { context: SIDECAR_INBOUND, listener: { filterChain: { filter: { name: envoy.filters.network.tcp_proxy } } } }\n    patch:\n      operation: INSERT_BEFORE\n      value:\n        name: envoy.filters.network.rbac\n        typed_config: { "@type": type.googleapis.com/envoy.extensions.filters.network.rbac.v3.RBAC, stat_prefix: deny, rules: { action: DENY, policies: { all: { permissions: [ { any: true } ], principals: [ { any: true } ] } } } }\n---\n';

  it('may refuse connections: an always invariant to its namespace fails closed, a never invariant does not', async () => {
    expect((await check(SHOP, ALWAYS)).code).toBe(0);
    const r = await check(SHOP + rbacDeny, ALWAYS);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/EnvoyFilter shop\/db-deny: not analysed/);
    expect((await check(SHOP + rbacDeny, NEVER)).code).toBe(0);
  });

  it('its workloadSelector limits it to the pods it selects', async () => {
    // an always invariant between backend and frontend: db's filter does not touch it
    const toFrontend = 'invariants:\n  - name: backend reaches frontend\n    always: { from: { workload: shop/backend }, to: { workload: shop/frontend } }\n';
    expect((await check(SHOP + rbacDeny, toFrontend)).code).toBe(0);
    expect((await check(SHOP + rbacDeny.replace('  workloadSelector: { labels: { app: db } }\n', ''), toFrontend)).code).toBe(1);
  });
});

describe("Istio's WasmPlugin and a Gateway that passes TLS through", () => {
  // istio.io/latest/docs/reference/config/proxy_extensions/wasm-plugin/: a filter in the AUTHN phase (the basic-auth example)
  const wasm = (selector: string) =>
    `apiVersion: extensions.istio.io/v1alpha1\nkind: WasmPlugin\nmetadata: { name: basic-auth, namespace: shop }\nspec:\n${selector}  url: oci://ghcr.io/istio-ecosystem/wasm-extensions/basic_auth:1.12.0\n  phase: AUTHN\n---\n`;

  it('a WasmPlugin may refuse connections at the pods it selects: always fails closed there, never does not', async () => {
    const r = await check(SHOP + wasm('  selector: { matchLabels: { app: db } }\n'), ALWAYS);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/WasmPlugin shop\/basic-auth: not analysed/);
    expect((await check(SHOP + wasm('  selector: { matchLabels: { app: db } }\n'), NEVER)).code).toBe(0);
    const toFrontend = 'invariants:\n  - name: backend reaches frontend\n    always: { from: { workload: shop/backend }, to: { workload: shop/frontend } }\n';
    expect((await check(SHOP + wasm('  selector: { matchLabels: { app: db } }\n'), toFrontend)).code).toBe(0);
    expect((await check(SHOP + wasm(''), toFrontend)).code).toBe(1);
  });

  // istio.io/latest/docs/reference/config/networking/gateway/ (ServerTLSSettings.TLSmode AUTO_PASSTHROUGH): routes on the
  // SNI to any Service, with no VirtualService (Istio's east-west gateway for multicluster)
  it('an Istio Gateway with an AUTO_PASSTHROUGH server fails invariants on traffic from the internet closed', async () => {
    const gateway = (mode: string) =>
      `apiVersion: networking.istio.io/v1\nkind: Gateway\nmetadata: { name: cross-network-gateway, namespace: istio-system }\nspec:\n  selector: { istio: eastwestgateway }\n  servers:\n  - port: { number: 15443, name: tls, protocol: TLS }\n    tls: { mode: ${mode} }\n    hosts: ["*.local"]\n---\n`;
    const internet = 'invariants:\n  - name: the internet never reaches db\n    never: { from: internet, to: { workload: shop/db } }\n';
    expect((await check(SHOP + gateway('SIMPLE'), internet)).code).toBe(0);
    const r = await check(SHOP + gateway('AUTO_PASSTHROUGH'), internet);
    expect(r.stderr).toMatch(/Gateway istio-system\/cross-network-gateway .*is not analysed: a server with TLS mode AUTO_PASSTHROUGH routes on the SNI to any Service of the mesh/);
    expect(r.code).toBe(1);
  });
});

describe("Multus's secondary networks", () => {
  // github.com/k8snetworkplumbingwg/multus-cni: NetworkPolicies govern the pod network; secondary ones are MultiNetworkPolicy's
  it("pods attached to one may reach each other there: never invariants with them fail closed", async () => {
    const attached = NS + deployment('frontend', 'app: frontend', 'k8s.v1.cni.cncf.io/networks: storage-net') + deployment('backend', 'app: backend, db-client: "true"') + deployment('db', 'app: db', 'k8s.v1.cni.cncf.io/networks: storage-net') + DB_CLIENTS;
    const r = await check(attached, NEVER);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/shop\/frontend\[Deployment\]: k8s.v1.cni.cncf.io\/networks is not analysed \(its pods are attached to secondary networks \(Multus\).*\[RD011\]/);
    // an always invariant is not broken by a network that only adds paths
    expect((await check(attached, ALWAYS)).code).toBe(0);
  });
});

describe('pods made without a pod template of containers', () => {
  it("KubeVirt's virtual machines and Argo's workflows run in pods whose labels an invariant may pick", async () => {
    // kubevirt.io: the virt-launcher pod carries the VirtualMachineInstance template's labels
    const vm =
      'apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata: { name: vm, namespace: shop }\nspec:\n  runStrategy: Always\n  template:\n    metadata: { labels: { app: frontend, db-client: "true" } }\n    spec: { domain: { devices: {} } }\n---\n';
    const r = await check(SHOP + vm, NEVER_LABELS);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/VirtualMachine shop\/vm .* is not analysed: its controller runs it in pods/);
    // argo-workflows.readthedocs.io: a workflow's podMetadata labels every step's pod
    const cron =
      'apiVersion: argoproj.io/v1alpha1\nkind: CronWorkflow\nmetadata: { name: dump, namespace: shop }\nspec:\n  schedule: "0 * * * *"\n  workflowSpec:\n    entrypoint: main\n    podMetadata: { labels: { app: frontend, db-client: "true" } }\n    templates: [ { name: main, container: { image: postgres, command: [psql, -h, db] } } ]\n---\n';
    expect((await check(SHOP + cron, NEVER_LABELS)).code).toBe(1);
    // labels no selector of the invariant picks: nothing to fail
    expect((await check(SHOP + vm.replace('app: frontend, db-client: "true"', 'app: batch'), NEVER_LABELS)).code).toBe(0);
  });
});

describe('metadata the API server refuses', () => {
  // apimachinery's ValidateObjectMeta (api/validation/objectmeta.go): kubectl apply fails on the object, so it never reaches the cluster
  const egress = (metadata: string) =>
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: frontend-egress, namespace: shop${metadata} }\nspec:\n  podSelector: { matchLabels: { app: frontend } }\n  policyTypes: [Egress]\n  egress: [ { to: [ { podSelector: { matchLabels: { app: backend } } } ] } ]\n---\n`;
  const OPEN_DB = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: db-from-frontend, namespace: shop }\nspec:\n  podSelector: { matchLabels: { app: db } }\n  ingress: [ { from: [ { podSelector: { matchLabels: { app: frontend } } } ] } ]\n---\n';

  it.each([
    ['an annotation key that is not a qualified name', ', annotations: { "not a key!": x }', /metadata.annotations: key "not a key!" is not a valid name/],
    ['annotations over 256 KiB', `, annotations: { note: "${'x'.repeat(262_200)}" }`, /metadata.annotations: they take more than 262144 bytes/],
    ['a finalizer that is not a qualified name', ', finalizers: ["not a valid finalizer!"]', /metadata.finalizers: finalizer "not a valid finalizer!" is not a valid name/],
  ])('%s: the object is refused with its line, and the check fails closed', async (_, metadata, message) => {
    // the egress policy would keep frontend from db; refused, it does not
    const r = await check(SHOP + OPEN_DB + egress(metadata), NEVER);
    expect(r.stderr).toMatch(message);
    expect(r.code).toBe(1);
  });

  it('an object of a kind that decides no traffic is let be; a settings ConfigMap is not', async () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x, namespace: shop, annotations: { "a/b/c": x } }\ndata: { a: b }\n---\n';
    expect((await check(SHOP + cm, NEVER)).code).toBe(0);
    const cilium = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: cilium-config, namespace: kube-system, annotations: { "a/b/c": x } }\ndata: { enable-policy: never }\n---\n';
    const r = await check(SHOP + cilium, NEVER);
    expect(r.stderr).toMatch(/invalid ConfigMap kube-system\/cilium-config: metadata.annotations/);
    expect(r.stderr).not.toMatch(/enable-policy: never is not modelled/);
  });

  it("a pod template's annotations are checked too", async () => {
    const r = await check(NS + deployment('frontend', 'app: frontend', '"bad key!": x') + deployment('db') + DB_CLIENTS, NEVER);
    expect(r.stderr).toMatch(/Deployment template metadata.annotations: key "bad key!" is not a valid name/);
    expect(r.code).toBe(1);
  });

  it('valid metadata of every kind passes, as a dump gives it', async () => {
    const meta = ', annotations: { kubectl.kubernetes.io/last-applied-configuration: "{}", example.com/owner: team-a }, finalizers: [example.com/cleanup, kubernetes], ownerReferences: [ { apiVersion: apps/v1, kind: Deployment, name: d, uid: 0b2c6f1e-0000-4000-8000-000000000001 } ]';
    expect((await check(SHOP + egress(meta), NEVER)).code).toBe(0);
  });
});

describe('GitOps controllers that change the manifests they apply', () => {
  // fluxcd.io/flux/components/kustomize/kustomizations/#patches: a patch that deletes the default deny
  // (its path the root, where the file read lies: a path no file read lies in fails the invariants closed of itself)
  const flux = (extra: string) =>
    `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: { name: apps, namespace: flux-system }\nspec:\n  interval: 10m\n  path: ./\n  prune: true\n  sourceRef: { kind: GitRepository, name: repo }\n${extra}---\n`;
  const deletePatch = '  patches:\n    - patch: |\n        $patch: delete\n        apiVersion: networking.k8s.io/v1\n        kind: NetworkPolicy\n        metadata: { name: db, namespace: shop }\n';

  it("a Flux Kustomization's patches, substitution, target namespace or labels fail the invariants closed", async () => {
    expect((await check(SHOP + flux(''), NEVER)).code).toBe(0);
    const r = await check(SHOP + flux(deletePatch), NEVER);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Kustomization flux-system\/apps .* is not analysed: it changes the manifests it applies \(patches\), which is not applied here/);
    expect((await check(SHOP + flux('  targetNamespace: prod\n'), NEVER)).code).toBe(1);
    expect((await check(SHOP + flux('  postBuild: { substitute: { app: frontend } }\n'), NEVER)).code).toBe(1);
    // fluxcd.io/flux/components/kustomize/kustomizations/#components: components Flux adds to the path's build (an allow-all one)
    const components = await check(SHOP + flux('  components: [ ../../components/open-db ]\n'), NEVER);
    expect(components.code).toBe(1);
    expect(components.stderr).toMatch(/Kustomization flux-system\/apps .* is not analysed: it changes the manifests it applies \(components\)/);
    // a patch of a kind that decides no traffic (fluxcd/flux2-kustomize-helm-example's ClusterIssuer) changes none
    const issuer = '  patches:\n    - patch: |\n        - op: replace\n          path: /spec/acme/server\n          value: https://acme-staging-v02.api.letsencrypt.org/directory\n      target: { kind: ClusterIssuer, name: letsencrypt }\n';
    expect((await check(SHOP + flux(issuer), NEVER)).code).toBe(0);
  });

  it("an Argo CD Application's Kustomize options or directory filters do too; its chart's values do not", async () => {
    // argo-cd.readthedocs.io, Application specification: source.kustomize and source.directory
    const app = (source: string) =>
      `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: { name: shop, namespace: argocd }\nspec:\n  project: default\n  destination: { server: https://kubernetes.default.svc, namespace: shop }\n  source:\n    repoURL: https://example.com/repo.git\n    path: k8s\n${source}---\n`;
    expect((await check(SHOP + app("    directory: { exclude: 'policies.yaml' }\n"), NEVER)).code).toBe(1);
    expect((await check(SHOP + app('    kustomize: { commonLabels: { db-client: "true" } }\n'), NEVER)).code).toBe(1);
    // (at the root, where the file read lies: a path no file read lies in fails them closed of itself)
    expect((await check(SHOP + app('    helm: { values: "replicas: 2" }\n').replace('path: k8s', 'path: .'), NEVER)).code).toBe(0);
    // the app-of-apps pattern: the Application leaves its own file out (istio's samples/ambient-argo); every manifest included
    expect((await check(SHOP + app("    directory: { exclude: 'm.yaml' }\n").replace('path: k8s', 'path: .'), NEVER)).code).toBe(0);
    // a file of the same name elsewhere, or a glob that takes more than its own file, may be a policy
    expect((await check(SHOP + app("    directory: { exclude: 'm.yaml' }\n"), NEVER)).code).toBe(1);
    expect((await check(SHOP + app("    directory: { exclude: 'm*' }\n").replace('path: k8s', 'path: .'), NEVER)).code).toBe(1);
    expect((await check(SHOP + app("    directory: { include: '*.yml' }\n"), NEVER)).code).toBe(1);
    // another file left out may be a policy the cluster then does not get
    expect((await check(SHOP + app("    directory: { exclude: '{m.yaml,policies.yaml}' }\n"), NEVER)).code).toBe(1);
    // Argo CD reads .yaml, .yml and .json files of a directory (argo-cd.readthedocs.io, user-guide/directory): an include of
    // the YAML ones leaves a policy in a .json file out
    expect((await check(SHOP + app("    directory: { include: '{*.yaml,*.yml,*.json}' }\n").replace('path: k8s', 'path: .'), NEVER)).code).toBe(0);
    expect((await check(SHOP + app("    directory: { include: '*.{yaml,yml,json}' }\n").replace('path: k8s', 'path: .'), NEVER)).code).toBe(0);
    expect((await check(SHOP + app("    directory: { include: '{*.yaml,*.yml}' }\n").replace('path: k8s', 'path: .'), NEVER)).code).toBe(1);
    expect((await check(SHOP + app("    directory: { include: '*.{yaml,yml}' }\n").replace('path: k8s', 'path: .'), NEVER)).code).toBe(1);
    expect((await check(SHOP + app("    directory: { include: 'deployment.yaml' }\n"), NEVER)).code).toBe(1);
  });

  it('a kustomization named as a file, read as a manifest, fails them closed', async () => {
    const kustomization = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [np.yaml]\npatches: [ { path: open.yaml } ]\n---\n';
    const r = await check(SHOP + kustomization, NEVER);
    expect(r.stderr).toMatch(/is a Kustomize kustomization read as a manifest/);
    expect(r.code).toBe(1);
    // one that only lists resources changes nothing
    const listing = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [np.yaml]\n---\n';
    expect((await check(SHOP + listing, NEVER)).code).toBe(0);
  });

  it("a Capsule TenantResource's objects are not read: it fails them closed", async () => {
    const tenant =
      'apiVersion: capsule.clastix.io/v1beta2\nkind: TenantResource\nmetadata: { name: open, namespace: shop }\nspec:\n  resources:\n    - rawItems:\n        - apiVersion: networking.k8s.io/v1\n          kind: NetworkPolicy\n          metadata: { name: open }\n          spec: { podSelector: {}, ingress: [ {} ] }\n---\n';
    expect((await check(SHOP + tenant, NEVER)).code).toBe(1);
  });
});

describe('an ipBlock that may hold pod addresses', () => {
  // kubernetes.io/docs/concepts/services-networking/network-policies/: whether ipBlock matches pod IPs is up to the plugin; Calico converts it to nets, which match them
  const frontendEgress = (cidr: string) =>
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: frontend-out, namespace: shop }\nspec:\n  podSelector: { matchLabels: { app: frontend } }\n  policyTypes: [Egress]\n  egress: [ { to: [ { ipBlock: ${cidr} } ] } ]\n---\n`;
  const OPEN_DB = NS + deployment('frontend') + deployment('db');

  it('fails a never invariant closed where the other end does not close the path', async () => {
    const r = await check(OPEN_DB + frontendEgress('{ cidr: 0.0.0.0/0 }'), NEVER);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/whether ipBlock 0.0.0.0\/0 matches pods depends on the network plugin .*: it holds addresses of RFC 1918, 100.64.0.0\/10, 198.18.0.0\/15 or 240.0.0.0\/4, where IPv4 pods are, unless --pod-cidr says otherwise/);
    // an IPv6 block is doubted for what it is: pods may have any IPv6 address (no pod network given), not for private IPv4 ranges
    const v6 = await check(OPEN_DB + frontendEgress('{ cidr: "2001:4860:4860::8888/128" }'), NEVER);
    expect(v6.code).toBe(1);
    expect(v6.stdout).toMatch(/whether ipBlock 2001:4860:4860::8888\/128 matches pods depends on the network plugin .*: it holds addresses of IPv6, where pods may have any address, unless --pod-cidr says otherwise/);
    expect(v6.stdout).not.toContain('RFC 1918');
    // the block's exceptions are said, and what it still holds of where pods may be
    const partly = await check(OPEN_DB + frontendEgress('{ cidr: 0.0.0.0/0, except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16] }'), NEVER);
    expect(partly.stdout).toMatch(/whether ipBlock 0.0.0.0\/0 except 10.0.0.0\/8, 172.16.0.0\/12, 192.168.0.0\/16 matches pods/);
    // a block that misses the ranges pods use holds no pod; RFC 1918 and 100.64.0.0/10 are not all of them: Amazon EKS's
    // custom networking guidance gives pods 198.19.0.0/16 (docs.aws.amazon.com/eks/latest/best-practices/custom-networking.html),
    // GKE Class E addresses, 240.0.0.0/4 (cloud.google.com/kubernetes-engine/docs/concepts/alias-ips)
    const internetOnly = '{ cidr: 0.0.0.0/0, except: [10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16, 100.64.0.0/10] }';
    const beyond = await check(OPEN_DB + frontendEgress(internetOnly), NEVER);
    expect(beyond.stdout).toMatch(/it holds addresses of 198.18.0.0\/15 or 240.0.0.0\/4|it holds addresses of RFC 1918, 100.64.0.0\/10, 198.18.0.0\/15 or 240.0.0.0\/4/);
    expect(beyond.code).toBe(1);
    expect((await check(OPEN_DB + frontendEgress(internetOnly.replace('100.64.0.0/10]', '100.64.0.0/10, 198.18.0.0/15, 240.0.0.0/4]')), NEVER)).code).toBe(0);

    // db closed to frontend by its own policy: the path is closed whatever the block holds
    expect((await check(SHOP + frontendEgress('{ cidr: 0.0.0.0/0 }'), NEVER)).code).toBe(0);
  });
});
