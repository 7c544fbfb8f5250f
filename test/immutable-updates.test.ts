/**
 * A change that rewrites what the API server keeps as an object was created
 * is refused by kubectl apply, and the object already in the cluster keeps
 * running its pods as they were: a diff that showed head's pods would rest
 * on pods that do not exist, so it fails closed.
 */
import { describe, expect, it } from 'vitest';
import { deployment, diffManifests, namespace, policy } from './helpers.js';

const NEVER = 'invariants:\n  - name: frontend never reaches db\n    never: { from: { namespace: shop, labels: { app: frontend } }, to: { namespace: shop, labels: { app: db } } }\n';
const DB = deployment('shop', 'db', { app: 'db' }, [{ name: 'pg', port: 5432 }]);
const DENY = policy('shop', 'default-deny', { podSelector: {}, policyTypes: ['Ingress'] });
const FROM_EDGE = policy('shop', 'db-from-edge', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { tier: 'edge' } } }] }] });

const frontend = (selector: Record<string, string>, labels: Record<string, string>) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: frontend, namespace: shop }
spec:
  selector: { matchLabels: ${JSON.stringify(selector)} }
  template:
    metadata: { labels: ${JSON.stringify(labels)} }
    spec: { containers: [{ name: c, image: x }] }
---
`;

describe('updates the API server refuses', () => {
  // kubernetes.io/docs/concepts/workloads/controllers/deployment, "Label selector updates": in apps/v1
  // a Deployment's selector is immutable after creation (apps validation.go, ValidateDeploymentUpdate)
  it("a Deployment whose selector the change rewrites: base's pods keep running, so the check fails closed", async () => {
    const base = namespace('shop') + DB + DENY + frontend({ app: 'frontend', tier: 'edge' }, { app: 'frontend', tier: 'edge' });
    // head drops tier: edge from selector and template, and admits tier: edge to the database
    const head = namespace('shop') + DB + DENY + FROM_EDGE + frontend({ app: 'frontend' }, { app: 'frontend' });
    const r = await diffManifests(base, head, NEVER);
    expect(r.stderr).toMatch(/error: shop\/frontend\[Deployment\]: the change rewrites spec\.selector of the Deployment, which the API server keeps as the object was created \("field is immutable"\): kubectl apply refuses it, and base's Deployment keeps running its pods as they were/);
    expect(r.stdout).toMatch(/unsure: these verdicts rest on a head with 1 input that could not be read, so they fail closed/);
    expect(r.code).toBe(1);
  });

  it('a change to the template alone, to how the selector is written, or a new workload is applied', async () => {
    const base = namespace('shop') + DB + DENY + frontend({ app: 'frontend', tier: 'edge' }, { app: 'frontend', tier: 'edge' });
    const reordered = frontend({ tier: 'edge', app: 'frontend' }, { app: 'frontend', tier: 'edge', version: 'v2' });
    const r = await diffManifests(base, namespace('shop') + DB + DENY + reordered + deployment('shop', 'new', { app: 'new' }), NEVER);
    expect(r.stderr).not.toMatch(/immutable/);
    expect(r.stdout).toMatch(/ok\s+holds/);
    expect(r.code).toBe(0);
  });

  // ValidateStatefulSetUpdate: "updates to statefulset spec for fields other than 'replicas', 'ordinals',
  // 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"
  const statefulSet = (serviceName: string, labels: Record<string, string>) =>
    `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: { name: cache, namespace: shop }\nspec:\n  serviceName: ${serviceName}\n  replicas: 2\n  selector: { matchLabels: { app: cache } }\n  template:\n    metadata: { labels: ${JSON.stringify(labels)} }\n    spec: { containers: [{ name: c, image: x }] }\n---\n`;

  it('a StatefulSet whose serviceName the change rewrites is refused; its replicas and template are not', async () => {
    const base = namespace('shop') + DB + DENY + statefulSet('cache', { app: 'cache' });
    const refused = await diffManifests(base, namespace('shop') + DB + DENY + statefulSet('cache-v2', { app: 'cache', tier: 'edge' }), NEVER);
    expect(refused.stderr).toMatch(/shop\/cache\[StatefulSet\]: the change rewrites spec\.selector, serviceName, podManagementPolicy or volumeClaimTemplates of the StatefulSet/);
    // its default written out is the same value
    const defaulted = statefulSet('cache', { app: 'cache' }).replace('  replicas: 2', '  replicas: 2\n  podManagementPolicy: OrderedReady');
    expect((await diffManifests(base, namespace('shop') + DB + DENY + defaulted, NEVER)).stderr).not.toMatch(/immutable/);
    const applied = await diffManifests(base, namespace('shop') + DB + DENY + statefulSet('cache', { app: 'cache', tier: 'edge' }).replace('replicas: 2', 'replicas: 3'), NEVER);
    expect(applied.stderr).not.toMatch(/immutable/);
  });

  // ValidateJobSpecUpdate: a Job's pod template may not change once it is created
  it("a Job whose pod template the change rewrites is refused", async () => {
    const job = (labels: Record<string, string>) => `apiVersion: batch/v1\nkind: Job\nmetadata: { name: migrate, namespace: shop }\nspec:\n  template:\n    metadata: { labels: ${JSON.stringify(labels)} }\n    spec: { restartPolicy: Never, containers: [{ name: c, image: x }] }\n---\n`;
    const r = await diffManifests(namespace('shop') + DB + DENY + job({ app: 'migrate' }), namespace('shop') + DB + DENY + job({ app: 'migrate', tier: 'edge' }), NEVER);
    expect(r.stderr).toMatch(/shop\/migrate\[Job\]: the change rewrites spec\.selector and spec\.template of the Job/);
    // a Helm hook's Job is deleted and made anew (helm.sh/docs/topics/charts_hooks), as is one deleted once finished
    const hooked = (labels: Record<string, string>) => job(labels).replace('metadata: { name: migrate, namespace: shop }', 'metadata: { name: migrate, namespace: shop, annotations: { helm.sh/hook: pre-upgrade } }');
    expect((await diffManifests(namespace('shop') + DB + DENY + hooked({ app: 'migrate' }), namespace('shop') + DB + DENY + hooked({ app: 'migrate', tier: 'edge' }), NEVER)).stderr).not.toMatch(/immutable/);
  });

  // apimachinery's semantic equality takes an empty list for an absent one: the update is accepted
  it('a selector that only adds an empty matchExpressions is the same selector', async () => {
    const base = namespace('shop') + DB + DENY + frontend({ app: 'frontend' }, { app: 'frontend' });
    const head = base.replace('selector: { matchLabels: {"app":"frontend"} }', 'selector: { matchLabels: {"app":"frontend"}, matchExpressions: [] }');
    expect(head).not.toBe(base);
    const r = await diffManifests(base, head, NEVER);
    expect(r.stderr).not.toMatch(/immutable/);
    expect(r.code).toBe(0);
  });

  // ValidatePodUpdate: "pod updates may not change fields other than" images, activeDeadlineSeconds, tolerations...
  it("a Pod whose container ports the change rewrites is refused; its labels and image are not", async () => {
    const pod = (labels: Record<string, string>, port: string, image = 'x') =>
      `apiVersion: v1\nkind: Pod\nmetadata: { name: db, namespace: shop, labels: ${JSON.stringify(labels)} }\nspec: { containers: [{ name: c, image: ${image}, ports: [{ containerPort: 5432, name: ${port} }] }] }\n---\n`;
    const base = namespace('shop') + DENY + pod({ app: 'db' }, 'metrics');
    const refused = await diffManifests(base, namespace('shop') + DENY + pod({ app: 'db' }, 'pg'), NEVER);
    expect(refused.stderr).toMatch(/shop\/db\[Pod\]: the change rewrites its spec but the images, tolerations and a few timings of the Pod/);
    const applied = await diffManifests(base, namespace('shop') + DENY + pod({ app: 'db', tier: 'data' }, 'metrics', 'y'), NEVER);
    expect(applied.stderr).not.toMatch(/immutable/);
  });

  // kubernetes.io/docs/concepts/workloads/controllers/deployment, "Pausing and Resuming a rollout": changes to a
  // paused Deployment's template do not roll out; a StatefulSet updated OnDelete changes a pod only when it is deleted
  it('a paused Deployment or a StatefulSet updated OnDelete whose template the change rewrites keeps its pods: fails closed', async () => {
    const paused = (labels: Record<string, string>) => frontend({ app: 'frontend' }, labels).replace('spec:\n  selector', 'spec:\n  paused: true\n  selector');
    const base = namespace('shop') + DB + DENY + paused({ app: 'frontend', tier: 'edge' });
    const r = await diffManifests(base, namespace('shop') + DB + DENY + FROM_EDGE + paused({ app: 'frontend' }), NEVER);
    expect(r.stderr).toMatch(/shop\/frontend\[Deployment\]: the change rewrites its pod template, but the Deployment is paused \(spec\.paused\), so its pods keep running as they were/);
    expect(r.code).toBe(1);
    const onDelete = (labels: Record<string, string>) => statefulSet('cache', labels).replace('  replicas: 2', '  replicas: 2\n  updateStrategy: { type: OnDelete }');
    const s = await diffManifests(namespace('shop') + DB + DENY + onDelete({ app: 'cache' }), namespace('shop') + DB + DENY + onDelete({ app: 'cache', tier: 'edge' }), NEVER);
    expect(s.stderr).toMatch(/shop\/cache\[StatefulSet\]: the change rewrites its pod template, but the StatefulSet is updated OnDelete/);
    // without a change to the template, nothing is said
    const same = await diffManifests(base, base + FROM_EDGE, NEVER);
    expect(same.stderr).not.toMatch(/paused/);
  });
});
