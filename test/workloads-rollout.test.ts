/**
 * Template changes that never reach the running pods: a StatefulSet whose
 * rolling update has a partition, a ReplicaSet and a ReplicationController
 * keep (some of) their pods as they were, so a diff that showed head's
 * template would rest on pods that do not exist; it fails closed, as for a
 * paused Deployment or an update strategy OnDelete.
 */
import { describe, expect, it } from 'vitest';
import { deployment, diffManifests, namespace, policy } from './helpers.js';

const NEVER = 'invariants:\n  - name: frontend never reaches db\n    never: { from: { namespace: shop, labels: { app: frontend } }, to: { namespace: shop, labels: { app: db } } }\n';
const FRONTEND = deployment('shop', 'frontend', { app: 'frontend' });
const DB_POLICY = policy('shop', 'db', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'backend' } } }] }] });
// head adds a policy that opens the pods still labelled version: v1 to every pod of the namespace
const LEGACY_OPEN = policy('shop', 'legacy-open', { podSelector: { matchLabels: { version: 'v1' } }, ingress: [{ from: [{ podSelector: {} }] }] });

const statefulSet = (version: string, strategy: string) =>
  `apiVersion: apps/v1\nkind: StatefulSet\nmetadata: { name: db, namespace: shop }\nspec:\n  serviceName: db\n  replicas: 3\n  selector: { matchLabels: { app: db } }\n${strategy}  template:\n    metadata: { labels: { app: db, version: ${version} } }\n    spec: { containers: [{ name: c, image: x, ports: [{ containerPort: 5432 }] }] }\n---\n`;
const partitioned = (partition: string) => `  updateStrategy:\n    type: RollingUpdate\n    rollingUpdate: { partition: ${partition} }\n`;

const relabel = (db: (version: string) => string) => diffManifests(namespace('shop') + FRONTEND + DB_POLICY + db('v1'), namespace('shop') + FRONTEND + DB_POLICY + LEGACY_OPEN + db('v2'), NEVER);

describe('template changes that do not reach the running pods', () => {
  // kubernetes.io/docs/concepts/workloads/controllers/statefulset/#partitions: "All Pods with an ordinal that is less
  // than the partition will not be updated, and, even if they are deleted, they will be recreated at the previous version"
  it('a StatefulSet whose rolling update has a partition keeps its pods below it as they were: fails closed', async () => {
    for (const partition of ['3', '1']) {
      const r = await relabel((v) => statefulSet(v, partitioned(partition)));
      expect(r.stderr).toMatch(
        new RegExp(`shop/db\\[StatefulSet\\]: the change rewrites its pod template, but the StatefulSet updates only its pods of ordinal ${partition} and above \\(spec\\.updateStrategy\\.rollingUpdate\\.partition\\), so those below keep running as they were, even when deleted`),
      );
      expect(r.stdout).toMatch(/unsure: these verdicts rest on a head with 1 input that could not be read/);
      expect(r.code).toBe(1);
    }
  });

  it('a partition of 0, or none, rolls the template out to every pod', async () => {
    for (const strategy of [partitioned('0'), '', '  updateStrategy: { type: RollingUpdate }\n']) {
      const r = await relabel((v) => statefulSet(v, strategy));
      expect(r.stderr).not.toMatch(/rewrites its pod template/);
      expect(r.code).toBe(0);
    }
  });

  // the partition is an int32 (k8s.io/api apps/v1 RollingUpdateStatefulSetStrategy): a string does not decode, and
  // ValidateStatefulSetSpec (kubernetes pkg/apis/apps/validation/validation.go) refuses one below 0
  it('a partition the API server does not accept leaves the StatefulSet unread', async () => {
    for (const [partition, said] of [
      ['"3"', /partition "3" is a string: it must be a number, so the API server rejects the object/],
      // a placeholder a tool fills in later (Flux's postBuild substitution) is not a number either
      ["'${PARTITION}'", /partition "\$\{PARTITION\}" is a string/],
      ['-1', /partition -1 is below 0, which the API server refuses/],
      ['1.5', /partition 1\.5 is not a whole number/],
    ] as const) {
      const r = await diffManifests(namespace('shop') + FRONTEND + DB_POLICY + statefulSet('v1', ''), namespace('shop') + FRONTEND + DB_POLICY + statefulSet('v1', partitioned(partition)), NEVER);
      expect(r.stderr).toMatch(said);
      expect(r.code).toBe(1);
    }
  });

  // kubernetes.io/docs/concepts/workloads/controllers/replicaset/ and .../replicationcontroller/: the controller makes
  // pods from its template when it needs more, and does not update the pods it already has
  it('a ReplicaSet or ReplicationController whose template the change rewrites keeps its pods: fails closed', async () => {
    const replicaSet = (v: string) =>
      `apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: { name: db, namespace: shop }\nspec:\n  replicas: 3\n  selector: { matchLabels: { app: db } }\n  template:\n    metadata: { labels: { app: db, version: ${v} } }\n    spec: { containers: [{ name: c, image: x, ports: [{ containerPort: 5432 }] }] }\n---\n`;
    const controller = (v: string) =>
      `apiVersion: v1\nkind: ReplicationController\nmetadata: { name: db, namespace: shop }\nspec:\n  replicas: 3\n  selector: { app: db }\n  template:\n    metadata: { labels: { app: db, version: ${v} } }\n    spec: { containers: [{ name: c, image: x, ports: [{ containerPort: 5432 }] }] }\n---\n`;
    for (const [kind, db] of [
      ['ReplicaSet', replicaSet],
      ['ReplicationController', controller],
    ] as const) {
      const r = await relabel(db);
      expect(r.stderr).toMatch(new RegExp(`shop/db\\[${kind}\\]: the change rewrites its pod template, but the ${kind} does not update the pods it has made, so they keep running as they were until each is deleted`));
      expect(r.code).toBe(1);
      // without a change to the template, nothing is said
      const same = await diffManifests(namespace('shop') + FRONTEND + DB_POLICY + db('v1'), namespace('shop') + FRONTEND + DB_POLICY + LEGACY_OPEN + db('v1'), NEVER);
      expect(same.stderr).not.toMatch(/rewrites its pod template/);
    }
  });
});
