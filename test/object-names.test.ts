import { describe, expect, it } from 'vitest';
import { checkManifests, deployment, namespace } from './helpers.js';

// The API server checks every object's name and labels (apimachinery's
// ValidateObjectMeta, given a name rule per kind: kubernetes.io/docs/concepts/overview/working-with-objects/names/),
// custom resources' too (the apiextensions API server validates their names as DNS subdomains):
// an object that fails is refused, so it never reaches the cluster.

const APPS = namespace('shop') + deployment('shop', 'frontend', { app: 'frontend' }, [{ port: 8080 }]) + deployment('shop', 'db', { app: 'db' }, [{ port: 5432 }]);
const NEVER = 'invariants:\n  - name: frontend never db\n    never: { from: { workload: shop/frontend }, to: { workload: shop/db } }\n';

/** A policy of the given kind that would keep frontend from db, under the given name and labels. */
function denying(kind: 'cnp' | 'anp' | 'cilium', name: string, labels = '{}'): string {
  switch (kind) {
    case 'cnp':
      // network-policy-api.sigs.k8s.io/reference/spec/ (ClusterNetworkPolicy)
      return `---\napiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: { name: ${JSON.stringify(name)}, labels: ${labels} }\nspec:\n  tier: Admin\n  priority: 5\n  subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: db } } } }\n  ingress: [{ action: Deny, from: [{ namespaces: {} }] }]\n`;
    case 'anp':
      return `---\napiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: { name: ${JSON.stringify(name)}, labels: ${labels} }\nspec:\n  priority: 5\n  subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: db } } } }\n  ingress: [{ action: Deny, from: [{ namespaces: {} }] }]\n`;
    case 'cilium':
      // docs.cilium.io/en/stable/security/policy/language/: a policy selecting db with a rule admitting no one isolates it
      return `---\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: { name: ${JSON.stringify(name)}, namespace: shop, labels: ${labels} }\nspec:\n  endpointSelector: { matchLabels: { app: db } }\n  ingress: [{ fromEndpoints: [{ matchLabels: { app: nothing } }] }]\n`;
  }
}

describe('names and labels the API server refuses, on every kind', () => {
  it('a ClusterNetworkPolicy, AdminNetworkPolicy or CiliumNetworkPolicy of such a name or label is refused: the invariant it alone keeps fails closed', async () => {
    for (const kind of ['cnp', 'anp', 'cilium'] as const) {
      expect((await checkManifests(APPS + denying(kind, 'deny-db'), NEVER)).code, kind).toBe(0);
      for (const name of ['Deny_DB', 'deny db', 'a/b', 'x'.repeat(254)]) {
        const r = await checkManifests(APPS + denying(kind, name), NEVER);
        expect(r.stderr, `${kind} ${name}`).toContain(`metadata.name "${name}" is not a valid`);
        expect(r.code, `${kind} ${name}`).toBe(1);
      }
      const r = await checkManifests(APPS + denying(kind, 'deny-db', '{ "bad key!": x }'), NEVER);
      expect(r.stderr, kind).toMatch(/metadata\.labels: label key "bad key!" is not a valid name/);
      expect(r.code, kind).toBe(1);
    }
  });

  it("a CronJob's name has at most 52 characters, 63 less the 11 of its Jobs' suffix (kubernetes pkg/apis/batch/validation ValidateCronJob)", async () => {
    const cronJob = (name: string) =>
      `---\napiVersion: batch/v1\nkind: CronJob\nmetadata: { name: ${name}, namespace: shop }\nspec:\n  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        metadata: { labels: { app: frontend } }\n        spec: { restartPolicy: Never, containers: [{ name: c, image: x }] }\n`;
    expect((await checkManifests(APPS + cronJob('c'.repeat(52)), NEVER)).stderr).not.toMatch(/longer than 52/);
    const r = await checkManifests(APPS + cronJob('c'.repeat(53)), NEVER);
    expect(r.stderr).toMatch(/is longer than 52 characters, the most a CronJob's name may have/);
  });

  it("a Service's name is an RFC 1035 label: one starting with a digit is refused (ValidateServiceName)", async () => {
    const service = (name: string) => `---\napiVersion: v1\nkind: Service\nmetadata: { name: ${JSON.stringify(name)}, namespace: shop }\nspec: { selector: { app: db }, ports: [{ port: 5432 }] }\n`;
    const ok = await checkManifests(APPS + service('db'), NEVER);
    expect(ok.stderr).not.toMatch(/not a valid Service name/);
    const r = await checkManifests(APPS + service('1db'), NEVER);
    expect(r.stderr).toMatch(/metadata\.name "1db" is not a valid Service name \(at most 63 lowercase letters, digits and "-", starting with a letter/);
  });
});
