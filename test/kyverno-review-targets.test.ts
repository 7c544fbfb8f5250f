/**
 * Objects a Kyverno policy changes that are not those it matches, found by a
 * review where `check` said `ok holds` of invariants Kyverno breaks. Sources:
 * - [mpol]: https://kyverno.io/docs/policy-types/mutating-policy/ and kyverno/kyverno
 *   pkg/background/mpol/processor.go (the background controller mutates the
 *   targets of spec.targetMatchConstraints, or those a CEL expression there
 *   resolves, where matchConstraints only name the trigger)
 */
import { describe, expect, it } from 'vitest';
import { checkManifests, deployment, namespace, policy } from './helpers.js';

const DB = namespace('app') + namespace('db') + deployment('app', 'client', { app: 'client' }) + deployment('db', 'postgres', { app: 'postgres' }, [{ port: 5432 }]);
const DB_ACCESS = policy('db', 'db-access', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'db-access': 'granted' } } }] }] });
const REQUEST = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: db-access-request, namespace: app }\ndata: { reason: reporting }\n---\n';
const APP_NEVER_DB = 'invariants:\n  - name: app never reaches db\n    never: { from: { namespace: app }, to: { namespace: db } }\n';

/** A MutatingPolicy triggered by the ConfigMap above that labels what `targets` (its targetMatchConstraints) names. */
function grantDbAccess(targets: string, kind = 'MutatingPolicy'): string {
  return `apiVersion: policies.kyverno.io/v1
kind: ${kind}
metadata: { name: grant-db-access${kind.startsWith('Namespaced') ? ', namespace: app' : ''} }
spec:
  evaluation:
    mutateExisting: { enabled: true }
  matchConstraints:
    resourceRules:
      - { apiGroups: [''], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [configmaps], resourceNames: [db-access-request] }
  targetMatchConstraints:
${targets}
  mutations:
    - patchType: ApplyConfiguration
      applyConfiguration:
        expression: >
          Object{ metadata: Object.metadata{ labels: Object.metadata.labels{ "db-access": "granted" } } }
---
`;
}

describe("a Kyverno MutatingPolicy's targetMatchConstraints [mpol]", () => {
  const namespaces = "    resourceRules:\n      - { apiGroups: [''], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [namespaces] }";
  const secrets = "    resourceRules:\n      - { apiGroups: [''], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [secrets] }";
  const expression = "    expression: \"[resource.Get('v1', 'namespaces', '', 'app')]\"\n" + namespaces;

  it('targets that decide traffic (namespaces) fail the invariant closed, though the trigger (a ConfigMap) decides none', async () => {
    expect((await checkManifests(DB + DB_ACCESS + REQUEST, APP_NEVER_DB)).code).toBe(0);
    for (const kind of ['MutatingPolicy', 'NamespacedMutatingPolicy']) {
      const r = await checkManifests(DB + DB_ACCESS + REQUEST + grantDbAccess(namespaces, kind), APP_NEVER_DB);
      expect(r.code, kind).toBe(1);
      expect(r.stdout, kind).toMatch(new RegExp(`${kind} (app/)?grant-db-access: not analysed`));
      expect(r.stderr, kind).toMatch(/its mutations are not applied, and it matches namespaces, which decide what traffic is allowed: .*RD011/);
    }
  });

  it('targets a CEL expression resolves may be of any resource: the invariant fails closed', async () => {
    const r = await checkManifests(DB + DB_ACCESS + REQUEST + grantDbAccess(expression), APP_NEVER_DB);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/MutatingPolicy grant-db-access: not analysed/);
  });

  it('targets that decide no traffic (secrets) leave the verdict as it is', async () => {
    expect((await checkManifests(DB + DB_ACCESS + REQUEST + grantDbAccess(secrets), APP_NEVER_DB)).code).toBe(0);
  });
});

/**
 * [generate]: https://kyverno.io/docs/policy-types/cluster-policy/generate/ (a
 * generate rule creates objects of any kind the background controller may
 * create; kyverno/kyverno charts/kyverno/templates/background-controller/clusterrole.yaml
 * lets it create kyverno.io policies and clusterpolicies)
 */
describe('a Kyverno policy a generate rule creates [generate]', () => {
  const SHOP = namespace('shop') + deployment('shop', 'web', { app: 'web' }, [{ port: 80 }]);
  const OPEN = 'invariants:\n  - name: web open\n    always: { from: { namespace: shop }, to: { workload: shop/web } }\n';
  /** A ClusterPolicy generating, into namespace shop, a Policy whose only rule is `rule` (YAML, indented for its place). */
  const tenantPolicy = (rule: string) => `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: { name: gen-policy }
spec:
  rules:
    - name: gen
      match: { any: [{ resources: { kinds: [Namespace], names: [shop] } }] }
      generate:
        generateExisting: true
        apiVersion: kyverno.io/v1
        kind: Policy
        name: tenant-netpol
        namespace: "{{request.object.metadata.name}}"
        data:
          spec:
            rules:
${rule}---
`;
  const denyAll = `              - name: deny
                match: { any: [{ resources: { kinds: [Pod] } }] }
                generate:
                  generateExisting: true
                  apiVersion: networking.k8s.io/v1
                  kind: NetworkPolicy
                  name: deny-all
                  namespace: shop
                  data: { spec: { podSelector: {}, policyTypes: [Ingress] } }
`;
  const relabel = (labels: string) => `              - name: relabel
                match: { any: [{ resources: { kinds: [Pod] } }] }
                mutate:
                  patchStrategicMerge:
                    metadata: { ${labels} }
`;

  it('with generate rules, is not expanded in turn: the invariants on its namespace fail closed', async () => {
    expect((await checkManifests(SHOP, OPEN)).code).toBe(0);
    const r = await checkManifests(SHOP + tenantPolicy(denyAll), OPEN);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Policy shop\/tenant-netpol: not analysed/);
    expect(r.stderr).toMatch(/Policy shop\/tenant-netpol generated by ClusterPolicy gen-policy, rule gen .* is not expanded: its generate rules are not expanded in turn.*\[RD041\]/);
  });

  it('with mutate rules, is reported as a written one is: a relabelling of pods fails closed, a new annotation does not', async () => {
    const r = await checkManifests(SHOP + tenantPolicy(relabel('labels: { app: other }')), OPEN);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Policy shop\/tenant-netpol \(kyverno\.io\/v1\) generated by ClusterPolicy gen-policy, rule gen .* is not analysed: its mutate rule relabel is not applied.*\[RD011\]/);
    expect((await checkManifests(SHOP + tenantPolicy(relabel('annotations: { team: shop }')), OPEN)).code).toBe(0);
  });
});
