/**
 * Pods whose labels the manifests do not show in a Deployment-like
 * template: pods a controller reachdiff does not know makes from a
 * template kept anywhere in its resource, labels a mesh's injector or a
 * mutating webhook adds at admission. A `never` invariant that rests on
 * them fails closed rather than holds.
 */
import { describe, expect, it } from 'vitest';
import { checkManifests, deployment, load, namespace, policy } from './helpers.js';

const APPS = namespace('shop') + deployment('shop', 'frontend', { app: 'frontend' }) + deployment('shop', 'db', { app: 'db' }, [{ name: 'pg', port: 5432 }]);
const DENY = policy('shop', 'default-deny', { podSelector: {}, policyTypes: ['Ingress'] });
const NEVER = 'invariants:\n  - name: frontend never reaches db\n    never: { from: { namespace: shop, labels: { app: frontend } }, to: { namespace: shop, labels: { app: db } } }\n';
const admitting = (labels: Record<string, string>) => policy('shop', 'db-from', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: labels } }] }] });

describe('labels added to pods at admission', () => {
  // Istio's injection template sets security.istio.io/tlsMode: istio on every pod it injects
  // (istio.io/docs/reference/config/labels; the sidecar template of istio-sidecar-injector)
  it('a peer on a label Istio injects is not known to match nothing: the invariant fails closed', async () => {
    const r = await checkManifests(APPS + DENY + admitting({ 'security.istio.io/tlsMode': 'istio' }), NEVER);
    expect(r.stdout).not.toMatch(/ok\s+holds/);
    expect(r.stdout).toMatch(/security\.istio\.io\/tlsMode, which a mesh's sidecar injector may set on pods/);
    expect(r.code).toBe(1);
  });

  // the injection template sets networking.istio.io/tunnel: http where the mesh carries traffic through HBONE
  it("a policy's selector that a label Istio may inject takes pods out of is not known either", async () => {
    const narrowed = policy('shop', 'default-deny', { podSelector: { matchExpressions: [{ key: 'networking.istio.io/tunnel', operator: 'DoesNotExist' }] }, policyTypes: ['Ingress'] });
    const r = await checkManifests(APPS + narrowed, NEVER);
    expect(r.stdout).not.toMatch(/ok\s+holds/);
    expect(r.code).toBe(1);
  });

  it('so is one on the label Linkerd sets with the workload it injects', async () => {
    const r = await checkManifests(APPS + DENY + admitting({ 'linkerd.io/proxy-deployment': 'frontend' }), NEVER);
    expect(r.stdout).not.toMatch(/ok\s+holds/);
    expect(r.code).toBe(1);
  });

  const webhook = (name: string, service: string, resources: string[], namespace = 'x', groups = ['']) =>
    `apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata: { name: hook }\nwebhooks:\n  - name: ${name}\n    clientConfig: { service: { name: ${service}, namespace: ${namespace} } }\n    rules: [{ operations: [CREATE], apiGroups: ${JSON.stringify(groups)}, apiVersions: [v1], resources: ${JSON.stringify(resources)} }]\n    sideEffects: None\n    admissionReviewVersions: [v1]\n---\n`;

  // a webhook may change the pods it is sent as it likes (kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers)
  it('a MutatingWebhookConfiguration on pods is not analysed (RD011), and invariants fail closed', async () => {
    const hook = webhook('labels.example.com', 'labeller', ['pods']);
    expect(load(APPS + hook).notAnalysed.map((n) => n.kind)).toEqual(['MutatingWebhookConfiguration']);
    const r = await checkManifests(APPS + DENY + admitting({ role: 'backup' }) + hook, NEVER);
    expect(r.stderr).toMatch(/MutatingWebhookConfiguration hook \(admissionregistration\.k8s\.io\/v1\) is not analysed: its mutations are not applied, and it matches pods/);
    expect(r.stdout).not.toMatch(/ok\s+holds/);
  });

  it("one on resources that decide no traffic, and Istio's and Linkerd's injectors, are not reported", () => {
    expect(load(APPS + webhook('certs.example.com', 'certs', ['certificates'])).notAnalysed).toEqual([]);
    expect(load(APPS + webhook('rev.namespace.sidecar-injector.istio.io', 'istiod', ['pods'], 'istio-system')).notAnalysed).toEqual([]);
    expect(load(APPS + webhook('linkerd-proxy-injector.linkerd.io', 'linkerd-proxy-injector', ['pods', 'services'], 'linkerd')).notAnalysed).toEqual([]);
    // the name alone does not make one an injector, nor the name and service elsewhere, nor rules beyond pods
    const reported = (text: string) => load(APPS + text).notAnalysed.map((n) => n.kind);
    expect(reported(webhook('object.sidecar-injector.istio.io', 'labeller', ['pods'], 'istio-system'))).toEqual(['MutatingWebhookConfiguration']);
    expect(reported(webhook('labels.sidecar-injector.istio.io', 'istiod-helper', ['pods'], 'tools'))).toEqual(['MutatingWebhookConfiguration']);
    expect(reported(webhook('labels.sidecar-injector.istio.io', 'istiod', ['*'], 'istio-system', ['*']))).toEqual(['MutatingWebhookConfiguration']);
    // Gatekeeper's mutation webhook applies the mutators reachdiff reads; the AWS Load Balancer Controller's adds readiness gates
    expect(reported(webhook('mutation.gatekeeper.sh', 'gatekeeper-webhook-service', ['*'], 'gatekeeper-system', ['*']))).toEqual([]);
    expect(reported(webhook('mpod.elbv2.k8s.aws', 'aws-load-balancer-webhook-service', ['pods'], 'kube-system'))).toEqual([]);
    // a resource whose controller makes pods from a template it holds counts too
    expect(reported(webhook('labels.example.com', 'labeller', ['rollouts'], 'x', ['argoproj.io']))).toEqual(['MutatingWebhookConfiguration']);
  });
});

describe('containers added to pods at admission', () => {
  // the OpenTelemetry Operator injects a collector container, with the ports of its receivers, into pods annotated
  // sidecar.opentelemetry.io/inject ("true", a collector's name, or NAMESPACE/NAME of any namespace), or of a namespace so
  // annotated; "false" asks for none (opentelemetry.io/docs/platforms/kubernetes/operator/, open-telemetry/opentelemetry-operator README)
  const OTLP = policy('shop', 'otlp-in', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 'otlp-grpc' }] }] });
  const annotated = (value: string) => deployment('shop', 'db', { app: 'db' }, [{ name: 'pg', port: 5432 }]).replace("      labels: {\"app\":\"db\"}\n", `      labels: {"app":"db"}\n      annotations: { sidecar.opentelemetry.io/inject: "${value}" }\n`);
  const FRONTEND = namespace('shop') + deployment('shop', 'frontend', { app: 'frontend' });

  it("a pod's sidecar injection, of a collector of any namespace, is not analysed (RD011), and invariants on its pods fail closed", async () => {
    expect((await checkManifests(FRONTEND + annotated('false') + OTLP, NEVER)).stdout).toMatch(/ok\s+holds/);
    for (const value of ['observability/sidecar', 'true', 'sidecar']) {
      const text = FRONTEND + annotated(value) + OTLP;
      expect(load(text).notAnalysed.map((n) => [n.name, n.effect])).toEqual([[`sidecar.opentelemetry.io/inject: ${value} on shop/db[Deployment]`, { does: 'opens', namespace: 'shop', workload: 'shop/db[Deployment]' }]]);
      const r = await checkManifests(text, NEVER);
      expect(r.stdout).not.toMatch(/ok\s+holds/);
      expect(r.code).toBe(1);
    }
  });

  it("a namespace's acts on its pods", async () => {
    const text = namespace('shop').replace('labels: {}', 'labels: {}\n  annotations: { sidecar.opentelemetry.io/inject: "true" }') + deployment('shop', 'frontend', { app: 'frontend' }) + deployment('shop', 'db', { app: 'db' }) + OTLP;
    expect(load(text).notAnalysed.map((n) => n.effect)).toEqual([{ does: 'opens', namespace: 'shop' }]);
    expect((await checkManifests(text, NEVER)).code).toBe(1);
  });
});

describe('pod templates of custom resources, wherever they are kept', () => {
  // KubeRay makes the head pod from spec.headGroupSpec.template (ray-project/kuberay, RayCluster API)
  const ray = `apiVersion: ray.io/v1
kind: RayCluster
metadata: { name: ml, namespace: shop }
spec:
  headGroupSpec:
    rayStartParams: {}
    template:
      metadata: { labels: { app: frontend, role: ml } }
      spec: { containers: [{ name: ray-head, image: ray }] }
  workerGroupSpecs:
    - groupName: w
      template:
        metadata: { labels: { role: ml-worker } }
        spec: { containers: [{ name: ray-worker, image: ray }] }
---
`;

  it('a RayCluster is not analysed, with a set of labels for each template', () => {
    const n = load(APPS + ray).notAnalysed;
    expect(n.map((x) => x.effect?.pods?.labels)).toEqual([
      { app: 'frontend', role: 'ml' },
      { role: 'ml-worker' },
    ]);
  });

  it('a never invariant whose selectors pick pods of its templates fails closed', async () => {
    const r = await checkManifests(APPS + DENY + admitting({ role: 'ml' }) + ray, NEVER);
    expect(r.stdout).not.toMatch(/ok\s+holds/);
    expect(r.stdout).toMatch(/RayCluster shop\/ml: not analysed/);
    expect(r.code).toBe(1);
  });

  // JobSet: spec.replicatedJobs[].template is a JobTemplateSpec (jobset.sigs.k8s.io/v1alpha2)
  it("a JobSet's templates inside a list, and a resource whose own spec is a pod's, count too", () => {
    const jobset = `apiVersion: jobset.x-k8s.io/v1alpha2\nkind: JobSet\nmetadata: { name: js, namespace: shop }\nspec:\n  replicatedJobs:\n    - name: w\n      template:\n        spec:\n          template:\n            metadata: { labels: { app: frontend } }\n            spec: { containers: [{ name: c, image: x }] }\n---\n`;
    const revision = `apiVersion: serving.knative.dev/v1\nkind: Revision\nmetadata: { name: r, namespace: shop, labels: { app: frontend } }\nspec: { containers: [{ image: x }] }\n---\n`;
    expect(load(APPS + jobset + revision).notAnalysed.map((x) => [x.kind, x.effect?.pods?.labels])).toEqual([
      ['JobSet', { app: 'frontend' }],
      ['Revision', { app: 'frontend' }],
    ]);
  });

  // Argo Rollouts merges a canary's stableMetadata and canaryMetadata labels into its pods
  // (argo-rollouts.readthedocs.io/en/stable/features/ephemeral-metadata)
  it("an Argo Rollout's pods carry the labels of its ephemeral metadata", async () => {
    const rollout = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { tier: web } }
  template:
    metadata: { labels: { tier: web } }
    spec: { containers: [{ name: c, image: x }] }
  strategy:
    canary:
      stableMetadata: { labels: { app: frontend } }
      canaryMetadata: { labels: { role: canary } }
---
`;
    expect(load(APPS + rollout).notAnalysed.map((x) => x.effect?.pods?.labels)).toEqual([{ tier: 'web' }, { tier: 'web', app: 'frontend' }, { tier: 'web', role: 'canary' }]);
    const r = await checkManifests(APPS + DENY + admitting({ tier: 'web' }) + rollout, NEVER);
    expect(r.stdout).not.toMatch(/ok\s+holds/);
  });

  // CloudNativePG copies spec.inheritedMetadata onto its pods (cloudnative-pg.io, API reference); the Spark
  // operator labels the driver pod with the application's labels and driver.labels, the executor pods with them and
  // executor.labels (kubeflow.org/docs/components/spark-operator/user-guide/writing-sparkapplication/;
  // kubeflow/spark-operator internal/controller/sparkapplication/submission.go driverConfOption, executorConfOption)
  it("operators' resources without a template: CloudNativePG's Cluster and a SparkApplication, with their pods' labels", () => {
    const cnpg = 'apiVersion: postgresql.cnpg.io/v1\nkind: Cluster\nmetadata: { name: pg, namespace: shop }\nspec: { instances: 3, inheritedMetadata: { labels: { app: db } }, storage: { size: 1Gi } }\n---\n';
    const spark = 'apiVersion: sparkoperator.k8s.io/v1beta2\nkind: SparkApplication\nmetadata: { name: s, namespace: shop }\nspec: { driver: { labels: { app: frontend } }, executor: { labels: { access: db } } }\n---\n';
    expect(load(APPS + cnpg + spark).notAnalysed.map((x) => [x.kind, x.effect?.pods?.labels])).toEqual([
      ['Cluster', { app: 'db', 'cnpg.io/cluster': 'pg' }],
      ['SparkApplication', { 'sparkoperator.k8s.io/launched-by-spark-operator': 'true', 'sparkoperator.k8s.io/app-name': 's', app: 'frontend', 'spark-role': 'driver' }],
      ['SparkApplication', { 'sparkoperator.k8s.io/launched-by-spark-operator': 'true', 'sparkoperator.k8s.io/app-name': 's', access: 'db', 'spark-role': 'executor' }],
    ]);
  });

  it("a SparkApplication's driver pod is picked by its own labels, not the executors' over them", async () => {
    const spark = `apiVersion: sparkoperator.k8s.io/v1beta2
kind: SparkApplication
metadata: { name: etl, namespace: shop, labels: { team: data } }
spec:
  driver: { labels: { job: etl, tier: driver } }
  executor: { labels: { job: etl, tier: executor } }
---
`;
    const never = 'invariants:\n  - name: drivers never reach db\n    never: { from: { namespace: shop, labels: { tier: driver, team: data } }, to: { namespace: shop, labels: { app: db } } }\n';
    const r = await checkManifests(APPS + DENY + admitting({ job: 'etl' }) + spark, never);
    expect(r.stdout).not.toMatch(/ok\s+holds/);
    expect(r.stdout).toMatch(/SparkApplication shop\/etl: not analysed/);
    expect(r.code).toBe(1);
    const scheduled = spark.replace('kind: SparkApplication', 'kind: ScheduledSparkApplication').replace('spec:\n  driver', 'spec:\n  schedule: "@daily"\n  template:\n   driver').replace('\n  executor', '\n   executor');
    expect(load(APPS + scheduled).notAnalysed.map((x) => x.effect?.pods?.labels)).toEqual([
      { 'sparkoperator.k8s.io/launched-by-spark-operator': 'true', 'sparkoperator.k8s.io/scheduled-app-name': 'etl', team: 'data', job: 'etl', tier: 'driver', 'spark-role': 'driver' },
      { 'sparkoperator.k8s.io/launched-by-spark-operator': 'true', 'sparkoperator.k8s.io/scheduled-app-name': 'etl', team: 'data', job: 'etl', tier: 'executor', 'spark-role': 'executor' },
    ]);
  });

  // Argo Workflows runs each container, script, resource, containerSet and data template in a pod of its own, labelled
  // with spec.podMetadata's labels, then spec.templateDefaults.metadata's, then the template's metadata.labels
  // (argo-workflows.readthedocs.io/en/latest/fields/#template; argoproj/argo-workflows workflow/controller/workflowpod.go
  // addMetadata); steps and dag templates run none
  it("an Argo Workflow's pods: one set of labels per template that runs a pod", async () => {
    const workflow = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: { name: release, namespace: shop }
spec:
  entrypoint: main
  podMetadata: { labels: { runner: argo } }
  templateDefaults: { metadata: { labels: { tier: ci } } }
  templates:
    - name: main
      steps:
        - [{ name: b, template: build }]
        - [{ name: d, template: deploy }]
        - [{ name: i, inline: { metadata: { labels: { step: inline } }, script: { image: x, source: "true" } } }]
    - name: build
      metadata: { labels: { step: build } }
      container: { image: x }
    - name: deploy
      metadata: { labels: { step: deploy, tier: cd } }
      container: { image: x }
---
`;
    expect(load(APPS + workflow).notAnalysed.map((x) => x.effect?.pods?.labels)).toEqual([
      { runner: 'argo', tier: 'ci', step: 'inline' },
      { runner: 'argo', tier: 'ci', step: 'build' },
      { runner: 'argo', tier: 'cd', step: 'deploy' },
    ]);
    const never = NEVER.replace('{ app: frontend }', '{ step: build }');
    const r = await checkManifests(APPS + DENY + admitting({ runner: 'argo' }) + workflow, never);
    expect(r.stdout).not.toMatch(/ok\s+holds/);
    expect(r.stdout).toMatch(/Workflow shop\/release: not analysed/);
    expect(r.code).toBe(1);
  });

  // a workflowTemplateRef, or a step's templateRef (clusterScope: a ClusterWorkflowTemplate's), runs the referenced
  // template's pods in the Workflow's namespace (argo-workflows.readthedocs.io, workflow-templates.md,
  // cluster-workflow-templates.md); HTTP and plugin templates run in the agent pod the controller labels (http-template.md)
  it('a Workflow whose pods come from templates held elsewhere, or the agent pod, acts on its namespace', async () => {
    const cluster = 'apiVersion: argoproj.io/v1alpha1\nkind: ClusterWorkflowTemplate\nmetadata: { name: build-tpl }\nspec: { templates: [{ name: build, metadata: { labels: { app: frontend } }, container: { image: x } }] }\n---\n';
    const wf = (spec: string) => `apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: { name: release, namespace: shop }\nspec: ${spec}\n---\n`;
    const refs = [
      wf('{ workflowTemplateRef: { name: build-tpl, clusterScope: true } }'),
      wf('{ entrypoint: main, templates: [{ name: main, steps: [[{ name: b, templateRef: { name: build-tpl, template: build, clusterScope: true } }]] }] }'),
      wf('{ entrypoint: main, templates: [{ name: main, dag: { tasks: [{ name: b, templateRef: { name: t, template: build } }] } }] }'),
      wf('{ entrypoint: get, templates: [{ name: get, http: { url: "https://example.com" } }] }'),
    ];
    for (const text of refs) {
      expect(load(APPS + cluster + text).notAnalysed.map((x) => [x.kind, x.effect])).toEqual([
        ['ClusterWorkflowTemplate', undefined],
        ['Workflow', { does: 'both', namespace: 'shop', unknownPods: true }],
      ]);
      const r = await checkManifests(APPS + DENY + admitting({ app: 'frontend' }) + cluster + text, NEVER);
      expect(r.stdout).not.toMatch(/ok\s+holds/);
      expect(r.code).toBe(1);
    }
  });

  // Argo substitutes {{...}} in a template's metadata as in its other fields (argo-workflows.readthedocs.io,
  // variables.md): a label written so has the value a parameter gives when the workflow runs
  it('a Workflow whose pod labels hold an expression acts on its namespace', async () => {
    const wf = 'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: { name: release, namespace: shop }\nspec:\n  entrypoint: main\n  arguments: { parameters: [{ name: role, value: frontend }] }\n  templates: [{ name: main, metadata: { labels: { app: "{{workflow.parameters.role}}" } }, container: { image: x } }]\n---\n';
    expect(load(APPS + wf).notAnalysed.map((x) => [x.kind, x.effect])).toEqual([['Workflow', { does: 'both', namespace: 'shop', unknownPods: true }]]);
    const r = await checkManifests(APPS + DENY + admitting({ app: 'frontend' }) + wf, NEVER);
    expect(r.stdout).not.toMatch(/ok\s+holds/);
    expect(r.code).toBe(1);
  });

  // argo-rollouts.readthedocs.io, "Reference Deployment From Rollout" (workloadRef); a template past the search's
  // budget may be anywhere: pods of labels not known, so every invariant on the namespace's pods fails closed
  it('a Rollout whose template is a Deployment it references, and a resource too large to search, act on their namespace', async () => {
    const ref = 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: { name: web, namespace: shop }\nspec: { workloadRef: { apiVersion: apps/v1, kind: Deployment, name: frontend }, strategy: { canary: { canaryMetadata: { labels: { access: db } } } } }\n---\n';
    expect(load(APPS + ref).notAnalysed.map((x) => x.effect)).toEqual([{ does: 'both', namespace: 'shop', unknownPods: true, refers: ['frontend'] }]);
    const r = await checkManifests(APPS + DENY + admitting({ access: 'db' }) + ref, NEVER);
    expect(r.stdout).not.toMatch(/ok\s+holds/);
    // its pods run frontend's template: an invariant naming frontend whole concerns them too
    const whole = await checkManifests(APPS + DENY + admitting({ access: 'db' }) + ref, 'invariants:\n  - name: named\n    never: { from: { workload: shop/frontend }, to: { workload: shop/db } }\n');
    expect(whole.stdout).toMatch(/Rollout shop\/web: not analysed/);
    const values = Array.from({ length: 100_001 }, (_, i) => `v${i}`);
    const big = `apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: { name: big, namespace: shop }\nspec:\n  selector: { matchExpressions: [{ key: x, operator: In, values: ${JSON.stringify(values)} }] }\n  template: { metadata: { labels: { app: frontend } }, spec: { containers: [{ name: c, image: x }] } }\n---\n`;
    expect(load(APPS + big).notAnalysed.map((x) => x.effect)).toEqual([{ does: 'both', namespace: 'shop', unknownPods: true }]);
  });

  // provider-kubernetes creates spec.forProvider.manifest; a Workflow's resource template applies its manifest
  it('objects that create the objects they hold (a Crossplane Object, a Workflow resource template) fail every invariant closed', async () => {
    const object = `apiVersion: kubernetes.crossplane.io/v1alpha2\nkind: Object\nmetadata: { name: np }\nspec: { forProvider: { manifest: { apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, metadata: { name: open, namespace: shop }, spec: { podSelector: {}, ingress: [{}] } } } }\n---\n`;
    const workflow = `apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: { name: w, namespace: ops }\nspec: { entrypoint: a, templates: [{ name: a, resource: { action: apply, manifest: "kind: NetworkPolicy" } }] }\n---\n`;
    for (const text of [object, workflow]) {
      expect(load(APPS + text).notAnalysed.map((x) => x.effect)).toEqual([{ does: 'both' }]);
      expect((await checkManifests(APPS + DENY + text, NEVER)).stdout).not.toMatch(/ok\s+holds/);
    }
  });

  // a validate rule's pattern and a mutate rule's patch hold a pod's spec that no controller runs; an
  // AdmissionReview is a request body (kubernetes.io extensible admission controllers)
  it("admission policies' patterns and an AdmissionReview make no pods", () => {
    const validate = 'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: { name: ro }\nspec:\n  rules:\n    - name: ro\n      match: { any: [{ resources: { kinds: [Pod] } }] }\n      validate: { pattern: { spec: { containers: [{ securityContext: { readOnlyRootFilesystem: true } }] } } }\n---\n';
    const review = 'apiVersion: admission.k8s.io/v1\nkind: AdmissionReview\nrequest: { object: { spec: { template: { spec: { containers: [{ name: c }] } } } } }\n---\n';
    expect(load(APPS + validate + review).notAnalysed).toEqual([]);
  });

  it('a custom resource without a pod template stays ignored', () => {
    const widget = 'apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w, namespace: shop }\nspec: { template: { replicas: 2 }, items: [{ spec: { image: x } }] }\n';
    const cluster = load(APPS + widget);
    expect(cluster.notAnalysed).toEqual([]);
    expect(cluster.ignoredKinds.get('Widget')).toBe(1);
  });

  // kubernetes.io/docs/reference/kubernetes-api/workload-resources/controller-revision-v1/: "an immutable snapshot of
  // state data" the DaemonSet and StatefulSet controllers keep for update and rollback; a dump lists it beside its owner
  it("a ControllerRevision of a dump is ignored: it holds its DaemonSet's template and makes no pods", async () => {
    const agent = 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: { name: agent, namespace: shop }\nspec:\n  selector: { matchLabels: { app: agent } }\n  template:\n    metadata: { labels: { app: agent } }\n    spec: { containers: [{ name: a, image: x }] }\n---\n';
    const revision = 'apiVersion: apps/v1\nkind: ControllerRevision\nmetadata: { name: agent-5d8f7c9b6, namespace: shop, labels: { app: agent } }\nrevision: 1\ndata:\n  spec:\n    template:\n      $patch: replace\n      metadata: { labels: { app: agent } }\n      spec: { containers: [{ name: a, image: x }] }\n---\n';
    const cluster = load(APPS + agent + revision);
    expect(cluster.notAnalysed).toEqual([]);
    expect(cluster.ignoredKinds.get('ControllerRevision')).toBe(1);
    const never = 'invariants:\n  - name: agent never reaches db\n    never: { from: { namespace: shop, labels: { app: agent } }, to: { namespace: shop, labels: { app: db } } }\n';
    const r = await checkManifests(APPS + agent + revision + DENY, never);
    expect(r.stdout).toMatch(/ok\s+holds: agent never reaches db/);
  });
});

describe("operators' custom resources whose pods' labels the operator sets", () => {
  const BACKEND = deployment('shop', 'backend', { app: 'backend' });
  const ONLY = 'invariants:\n  - name: only the backend reaches the database\n    only: { to: { workload: shop/db }, from: [ { workload: shop/backend } ] }\n';
  // Strimzi labels every pod of a Kafka cluster strimzi.io/cluster: NAME (strimzi.io/docs, "Configuring pod and
  // container labels"); its KafkaNodePools, Connect, MirrorMaker 2 and Bridge clusters run in pods of its own too
  const kafka = (ns: string) => `apiVersion: kafka.strimzi.io/v1beta2\nkind: Kafka\nmetadata: { name: events, namespace: ${ns} }\nspec:\n  kafka: { listeners: [{ name: plain, port: 9092, type: internal, tls: false }] }\n---\n`;

  it('a Strimzi Kafka is not analysed (RD011, with its file and line), acting on its namespace, and an only invariant fails closed', async () => {
    const c = load({ 'apps.yaml': APPS + BACKEND, 'kafka.yaml': kafka('shop') });
    expect(c.notAnalysed.map((n) => [n.kind, n.name, n.source.file, n.source.line, n.effect])).toEqual([['Kafka', 'shop/events', 'kafka.yaml', 1, { does: 'both', namespace: 'shop', unknownPods: true }]]);
    const r = await checkManifests(APPS + BACKEND + admitting({ 'strimzi.io/cluster': 'events' }) + kafka('shop'), ONLY);
    expect(r.stderr).toMatch(/:\d+: warning: Kafka shop\/events \(kafka\.strimzi\.io\/v1beta2\) is not analysed: Strimzi makes pods for it, with labels and ports of its own that are not modelled \(they can be declared under outside\.workloads in the config\)/);
    expect(r.stdout).not.toMatch(/ok\s+holds/);
    expect(r.stdout).toMatch(/Kafka shop\/events: not analysed/);
    expect(r.code).toBe(1);
    // an isolated invariant on its namespace's pods concerns its pods, whose labels the policies may not select
    const isolated = 'invariants:\n  - name: shop isolated\n    isolated: { workloads: { namespace: shop }, direction: ingress }\n';
    const closed = await checkManifests(APPS + DENY + kafka('shop'), isolated);
    expect(closed.stdout).toMatch(/Kafka shop\/events: not analysed .*its pods are not in the analysis, and this invariant concerns them/);
    expect(closed.code).toBe(1);
    expect((await checkManifests(APPS + DENY, isolated)).code).toBe(0);
    // one in another namespace leaves a never invariant on the pods of this one alone
    const elsewhere = await checkManifests(APPS + DENY + namespace('streams') + kafka('streams'), NEVER);
    expect(elsewhere.stdout).toMatch(/ok\s+holds/);
    expect(elsewhere.code).toBe(0);
  });

  it('invariants whose ends name workloads of its namespace whole concern other pods than its own', async () => {
    const named = (kind: string, from: string, to: string) => `invariants:\n  - name: named\n    ${kind}: { from: { workload: ${from} }, to: { workload: ${to} } }\n`;
    // its pods are not frontend's or db's: a never, an always and an isolated invariant on those two hold or fail on their own
    const never = await checkManifests(APPS + DENY + kafka('shop'), named('never', 'shop/frontend', 'shop/db'));
    expect(never.stdout).toMatch(/ok\s+holds: named/);
    expect(never.code).toBe(0);
    const always = await checkManifests(APPS + kafka('shop'), named('always', 'shop/frontend', 'shop/db'));
    expect(always.stdout).toMatch(/ok\s+holds: named/);
    const isolated = await checkManifests(APPS + DENY + kafka('shop'), 'invariants:\n  - name: db isolated\n    isolated: { workloads: { workload: shop/db }, direction: ingress }\n');
    expect(isolated.stdout).toMatch(/ok\s+holds: db isolated/);
    // a glob, labels, or a name holding the object's (an operator names what it makes after it: Strimzi's events-kafka) may be its pods
    for (const config of [
      named('never', 'shop/*', 'shop/db'),
      'invariants:\n  - name: named\n    never: { from: { workload: shop/frontend }, to: { namespace: shop, labels: { app: db } } }\n',
    ]) {
      const r = await checkManifests(APPS + DENY + kafka('shop'), config);
      expect(r.stdout).toMatch(/Kafka shop\/events: not analysed/);
      expect(r.code).toBe(1);
    }
    const lookalike = await checkManifests(APPS + DENY + deployment('shop', 'events-kafka', { app: 'kafka' }) + kafka('shop'), named('never', 'shop/events-kafka', 'shop/db'));
    expect(lookalike.stdout).toMatch(/Kafka shop\/events: not analysed/);
    // an only invariant forbids every other pod, its own among them
    const only = await checkManifests(APPS + BACKEND + DENY + kafka('shop'), ONLY);
    expect(only.stdout).toMatch(/Kafka shop\/events: not analysed/);
    // a workload the config declares may be declared for its pods, under any name
    const declared = `outside:\n  workloads:\n    - { namespace: shop, name: brokers, labels: { app: brokers }, ports: [9092] }\n${named('never', 'shop/brokers', 'shop/db')}`;
    const outside = await checkManifests(APPS + DENY + kafka('shop'), declared);
    expect(outside.stdout).toMatch(/Kafka shop\/events: not analysed/);
    expect(outside.code).toBe(1);
  });

  // each project's CRD reference: ECK (elastic.co/guide/en/cloud-on-k8s), the RabbitMQ Cluster Operator, the MongoDB
  // Community Operator, Zalando's postgres-operator (acid.zalan.do/v1 postgresql), Crunchy PGO, OT-Container-Kit's
  // redis-operator, the Percona Operator for MySQL based on Percona XtraDB Cluster, Strimzi
  it('the kinds of the table, whatever pod template they hold; the kinds of their groups that make no pods are not', () => {
    const cr = (apiVersion: string, kind: string, spec = '{}') => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: { name: x, namespace: shop }\nspec: ${spec}\n---\n`;
    const made = [
      cr('elasticsearch.k8s.elastic.co/v1', 'Elasticsearch', '{ nodeSets: [{ name: default, count: 3, podTemplate: { metadata: { labels: { app: es } }, spec: { containers: [{ name: elasticsearch }] } } }] }'),
      cr('kibana.k8s.elastic.co/v1', 'Kibana'),
      cr('rabbitmq.com/v1beta1', 'RabbitmqCluster'),
      cr('mongodbcommunity.mongodb.com/v1', 'MongoDBCommunity'),
      cr('acid.zalan.do/v1', 'postgresql'),
      cr('postgres-operator.crunchydata.com/v1beta1', 'PostgresCluster'),
      cr('redis.redis.opstreelabs.in/v1beta2', 'RedisCluster'),
      cr('pxc.percona.com/v1', 'PerconaXtraDBCluster'),
      cr('kafka.strimzi.io/v1beta2', 'KafkaConnect'),
    ];
    const c = load(APPS + made.join(''));
    expect(c.notAnalysed.map((n) => n.kind)).toEqual(['Elasticsearch', 'Kibana', 'RabbitmqCluster', 'MongoDBCommunity', 'postgresql', 'PostgresCluster', 'RedisCluster', 'PerconaXtraDBCluster', 'KafkaConnect']);
    // Tekton Triggers runs an EventListener as the Deployment el-NAME (tekton.dev/docs/triggers/eventlisteners/); CloudNativePG
    // a Pooler as a PgBouncer Deployment (cloudnative-pg.io/documentation/current/connection_pooling/)
    const more = load(APPS + cr('triggers.tekton.dev/v1beta1', 'EventListener', '{ triggers: [] }') + cr('postgresql.cnpg.io/v1', 'Pooler', '{ cluster: { name: pg }, type: rw, pgbouncer: {} }'));
    expect(more.notAnalysed.map((n) => [n.kind, n.effect])).toEqual([
      ['EventListener', { does: 'both', namespace: 'shop', unknownPods: true }],
      ['Pooler', { does: 'both', namespace: 'shop', unknownPods: true }],
    ]);
    // the operator's labels are not all in a template it holds: the namespace's pods, not the template's labels
    expect(c.notAnalysed[0]!.effect).toEqual({ does: 'both', namespace: 'shop', unknownPods: true });
    const none = load(APPS + cr('kafka.strimzi.io/v1beta2', 'KafkaTopic') + cr('rabbitmq.com/v1beta1', 'Queue') + cr('example.com/v1', 'Kafka'));
    expect(none.notAnalysed).toEqual([]);
  });

  // the MySQL Operator runs an InnoDBCluster as the StatefulSet NAME and the Deployment NAME-router in its namespace
  // (mysql/mysql-operator mysqloperator/controller/innodbcluster/cluster_objects.py, router_objects.py;
  // dev.mysql.com/doc/mysql-operator/en/mysql-operator-innodbcluster.html): frontend reaches MySQL where no policy selects them
  it('a MySQL InnoDBCluster fails the invariants on the pods of its namespace closed', async () => {
    const db = namespace('db') + deployment('db', 'dump', { app: 'dump' }) + policy('db', 'dump', { podSelector: { matchLabels: { app: 'dump' } }, policyTypes: ['Ingress'] });
    const cluster = 'apiVersion: mysql.oracle.com/v2\nkind: InnoDBCluster\nmetadata: { name: mycluster, namespace: db }\nspec: { secretName: pwds, tlsUseSelfSigned: true, instances: 3, router: { instances: 1 } }\n---\n';
    const config = 'invariants:\n  - name: frontend never reaches db\n    never: { from: { workload: shop/frontend }, to: { namespace: db } }\n  - name: db isolated\n    isolated: { workloads: { namespace: db }, direction: ingress }\n';
    expect((await checkManifests(APPS + db, config)).code).toBe(0);
    const r = await checkManifests(APPS + db + cluster, config);
    expect(r.stderr).toMatch(/InnoDBCluster db\/mycluster \(mysql\.oracle\.com\/v2\) is not analysed: the MySQL Operator for Kubernetes makes pods for it/);
    expect(r.stdout).not.toMatch(/ok\s+holds/);
    expect(r.code).toBe(1);
  });

  // each project's documentation or source, as cited in src/input/operators.ts: Flink Kubernetes Operator (custom-resource/overview),
  // KServe (concepts/architecture), actions-runner-controller (legacy and scale-set APIs), OpenShift builds, Camel K
  // (concepts/integrations, pipes), naiserator (application-spec), OpenSearch and TiDB operators
  it('the kinds added to the table, those without a template of spec.containers among them, act on their namespace', () => {
    const cr = (apiVersion: string, kind: string, spec = '{}') => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: { name: x, namespace: shop }\nspec: ${spec}\n---\n`;
    const made: Array<[string, string, string?]> = [
      ['mysql.oracle.com/v2', 'MySQLBackup'],
      ['flink.apache.org/v1beta1', 'FlinkDeployment', '{ image: "flink:1.17", flinkVersion: v1_17, jobManager: { resource: { memory: 2048m, cpu: 1 } } }'],
      ['serving.kserve.io/v1beta1', 'InferenceService', '{ predictor: { model: { modelFormat: { name: sklearn }, storageUri: "gs://m" } } }'],
      ['serving.kserve.io/v1alpha1', 'InferenceGraph'],
      ['actions.summerwind.dev/v1alpha1', 'RunnerDeployment', '{ template: { spec: { repository: org/repo } } }'],
      ['actions.summerwind.dev/v1alpha1', 'RunnerSet'],
      ['actions.github.com/v1alpha1', 'AutoscalingRunnerSet', '{ githubConfigUrl: "https://github.com/org" }'],
      ['build.openshift.io/v1', 'BuildConfig', '{ strategy: { dockerStrategy: {} } }'],
      ['camel.apache.org/v1', 'Integration'],
      ['camel.apache.org/v1', 'Pipe'],
      ['nais.io/v1alpha1', 'Application', '{ image: x, port: 8080 }'],
      ['opensearch.opster.io/v1', 'OpenSearchCluster'],
      ['pingcap.com/v1alpha1', 'TidbCluster'],
    ];
    const c = load(APPS + made.map(([v, k, spec]) => cr(v, k, spec)).join(''));
    expect(c.notAnalysed.map((n) => [n.kind, n.effect])).toEqual(made.map(([, k]) => [k, { does: 'both', namespace: 'shop', unknownPods: true }]));
    // kinds of those groups that make no pods of their own: a Flink session job runs in its session cluster's
    const none = load(APPS + cr('flink.apache.org/v1beta1', 'FlinkSessionJob') + cr('serving.kserve.io/v1alpha1', 'ServingRuntime') + cr('camel.apache.org/v1', 'Kamelet'));
    expect(none.notAnalysed).toEqual([]);
  });

  // Crossplane runs a Provider's or Function's package as a Deployment of the namespace Crossplane runs in
  // (docs.crossplane.io/latest/packages/providers/); the Tailscale operator its Connector's StatefulSet in its own
  // (tailscale/tailscale cmd/k8s-operator/connector.go): cluster-scoped resources, whose pods' namespace the manifests do not say
  it("a cluster-scoped one whose pods run where the operator runs fails the invariants of the operator's namespace closed", async () => {
    const provider = 'apiVersion: pkg.crossplane.io/v1\nkind: Provider\nmetadata: { name: provider-aws-s3 }\nspec: { package: "xpkg.upbound.io/upbound/provider-aws-s3:v1" }\n---\n';
    const connector = 'apiVersion: tailscale.com/v1alpha1\nkind: Connector\nmetadata: { name: ts }\nspec: { subnetRouter: { advertiseRoutes: ["10.0.0.0/8"] } }\n---\n';
    const c = load(APPS + provider + connector);
    expect(c.notAnalysed.map((n) => [n.kind, n.effect])).toEqual([
      ['Provider', { does: 'both', namespace: 'crossplane-system', unknownPods: true }],
      ['Connector', { does: 'both', namespace: 'tailscale', unknownPods: true }],
    ]);
    const r = await checkManifests(namespace('crossplane-system') + APPS + DENY + provider, 'invariants:\n  - name: crossplane-system isolated\n    isolated: { workloads: { namespace: crossplane-system }, direction: ingress }\n  - name: frontend never reaches db\n    never: { from: { namespace: shop, labels: { app: frontend } }, to: { namespace: shop, labels: { app: db } } }\n');
    expect(r.stderr).toMatch(/Provider provider-aws-s3 \(pkg\.crossplane\.io\/v1\) is not analysed: Crossplane makes pods for it in the namespace the operator runs in, taken to be crossplane-system/);
    expect(r.stdout).toMatch(/FAIL.*crossplane-system isolated/);
    // other namespaces' invariants are not about its pods
    expect(r.stdout).toMatch(/ok\s+holds: frontend never reaches db/);
    expect(r.code).toBe(1);
    // the operator names its pods after the resource (provider-aws-s3-<hash>): workloads named whole otherwise are none of them
    const named = await checkManifests(APPS + DENY + provider, 'invariants:\n  - name: frontend never reaches db\n    never: { from: { workload: shop/frontend }, to: { workload: shop/db } }\n');
    expect(named.stdout).toMatch(/ok\s+holds/);
    expect(named.code).toBe(0);
    const same = await checkManifests(APPS + DENY + provider + namespace('crossplane-system') + deployment('crossplane-system', 'provider-aws-s3-1a2b', { pkg: 'aws' }), 'invariants:\n  - name: nothing reaches the provider\n    never: { from: { workload: shop/frontend }, to: { workload: crossplane-system/provider-aws-s3-1a2b } }\n');
    expect(same.stdout).toMatch(/its pods are not in the analysis/);
  });
});
