/**
 * Objects reachdiff does not analyse (RD011) used to leave invariants
 * holding beside them: an Antrea policy that allows frontend -> db ahead of
 * the NetworkPolicies, an Istio authorization that refuses what an always
 * invariant needs. An invariant such an object could break now fails
 * closed, naming it, unless the config accepts that (fail-on-not-analysed:
 * false); objects that cannot touch it leave it alone.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/check/config.js';
import { cli, deployment, namespace } from './helpers.js';

const SHOP = namespace('shop') + namespace('other') + deployment('shop', 'frontend', { app: 'frontend' }) + deployment('shop', 'db', { app: 'db' }, [{ name: 'pg', port: 5432 }]);
const DB_CLOSED = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: db, namespace: shop }\nspec: { podSelector: { matchLabels: { app: db } }, policyTypes: [Ingress] }\n---\n';
const NEVER = 'invariants:\n  - name: frontend never reaches db\n    never: { from: { workload: shop/frontend }, to: { workload: shop/db } }\n';
const ALWAYS = 'invariants:\n  - name: frontend reaches db\n    always: { from: { workload: shop/frontend }, to: { workload: shop/db }, ports: [TCP/5432] }\n';

async function check(manifests: string, config: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const root = mkdtempSync(join(tmpdir(), 'reachdiff-not-analysed-'));
  writeFileSync(join(root, 'm.yaml'), manifests);
  writeFileSync(join(root, 'c.yml'), config);
  return cli(['check', join(root, 'm.yaml'), '--config', join(root, 'c.yml')]);
}

describe('objects that may open paths', () => {
  // antrea.io/docs/main/docs/antrea-network-policy/: Antrea-native policies are enforced before Kubernetes NetworkPolicies
  const antrea =
    'apiVersion: crd.antrea.io/v1beta1\nkind: ClusterNetworkPolicy\nmetadata: { name: allow-fe-db }\nspec:\n  priority: 5\n  tier: securityops\n  appliedTo: [{ podSelector: { matchLabels: { app: db } } }]\n  ingress:\n  - action: Allow\n    from: [{ podSelector: { matchLabels: { app: frontend } } }]\n---\n';

  it('an Antrea ClusterNetworkPolicy fails a never invariant closed, naming it; the config may accept that', async () => {
    const r = await check(SHOP + DB_CLOSED + antrea, NEVER);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/ClusterNetworkPolicy allow-fe-db: not analysed \(Antrea policies are not modelled\): it may open paths this invariant checks/);
    const accepted = await check(SHOP + DB_CLOSED + antrea, `fail-on-not-analysed: false\n${NEVER}`);
    expect(accepted.code).toBe(0);
    // still listed
    expect(accepted.stderr).toMatch(/1 ClusterNetworkPolicy was not analysed/);
  });

  it('an Antrea NetworkPolicy of another namespace cannot act on these pods: the verdict stands', async () => {
    const other = antrea.replace('kind: ClusterNetworkPolicy\nmetadata: { name: allow-fe-db }', 'kind: NetworkPolicy\nmetadata: { name: allow, namespace: other }');
    expect((await check(SHOP + DB_CLOSED + other, NEVER)).code).toBe(0);
    const here = antrea.replace('kind: ClusterNetworkPolicy\nmetadata: { name: allow-fe-db }', 'kind: NetworkPolicy\nmetadata: { name: allow, namespace: shop }');
    expect((await check(SHOP + DB_CLOSED + here, NEVER)).code).toBe(1);
  });

  it('a Kyverno generate rule that is not expanded fails a never invariant closed', async () => {
    // kyverno.io/docs/policy-types/cluster-policy/generate/: what a rule generates may be any policy
    const kyverno =
      'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: { name: gen }\nspec:\n  rules:\n  - name: allow-all\n    match: { any: [{ resources: { kinds: [Namespace] } }] }\n    context: [{ name: cm, configMap: { name: x, namespace: default } }]\n    generate:\n      apiVersion: networking.k8s.io/v1\n      kind: NetworkPolicy\n      name: allow-all\n      namespace: "{{request.object.metadata.name}}"\n      data: { spec: { podSelector: {}, ingress: [{}] } }\n---\n';
    const r = await check(SHOP + DB_CLOSED + kyverno, NEVER);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/ClusterPolicy gen: not analysed \(rule allow-all is not expanded/);
  });

  it('Calico staged policies are never enforced: no invariant fails for them', async () => {
    // docs.tigera.io/calico/latest/reference/resources/stagednetworkpolicy: staged policies are not enforced
    const staged = "apiVersion: projectcalico.org/v3\nkind: StagedNetworkPolicy\nmetadata: { name: s, namespace: shop }\nspec:\n  selector: app == 'db'\n  ingress: [{ action: Allow }]\n---\n";
    expect((await check(SHOP + DB_CLOSED + staged, NEVER)).code).toBe(0);
  });
});

describe('objects that may close paths', () => {
  // istio.io/latest/docs/reference/config/security/authorization-policy/: a DENY policy refuses what the network allows; one in the root namespace applies to the whole mesh
  const istio = (ns: string) =>
    `apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: { name: deny-fe, namespace: ${ns} }\nspec:\n  action: DENY\n  rules: [{ from: [{ source: { principals: [cluster.local/ns/shop/sa/frontend] } }] }]\n---\n`;

  it('an Istio AuthorizationPolicy fails an always invariant on its namespace closed, and leaves never alone', async () => {
    const r = await check(SHOP + istio('shop'), ALWAYS);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/AuthorizationPolicy shop\/deny-fe: not analysed \(Istio policies are not modelled\): it may close paths this invariant checks/);
    expect((await check(SHOP + DB_CLOSED + istio('shop'), NEVER)).code).toBe(0);
  });

  it('in another namespace it does not act on these pods; in the root namespace it acts on the whole mesh', async () => {
    expect((await check(SHOP + istio('other'), ALWAYS)).code).toBe(0);
    expect((await check(SHOP + namespace('istio-system') + istio('istio-system'), ALWAYS)).code).toBe(1);
  });
});

describe('pods of a controller reachdiff does not know', () => {
  // argoproj.github.io/argo-rollouts/features/specification/: a Rollout makes pods from its template
  const rollout =
    'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: { name: api, namespace: shop }\nspec:\n  selector: { matchLabels: { app: api } }\n  template:\n    metadata: { labels: { app: api } }\n    spec: { containers: [{ name: c, image: x }] }\n---\n';

  it('fail closed an invariant whose selectors pick them, and leave one on other workloads alone', async () => {
    const fromShop = 'invariants:\n  - name: shop never reaches db\n    never: { from: { namespace: shop }, to: { workload: shop/db } }\n';
    const r = await check(SHOP + DB_CLOSED + rollout, fromShop);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Rollout shop\/api: not analysed .*its pods are not in the analysis, and this invariant picks them/);
    expect((await check(SHOP + DB_CLOSED + rollout, NEVER)).code).toBe(0);
    const otherLabels = 'invariants:\n  - name: web never reaches db\n    never: { from: { namespace: shop, labels: { app: web } }, to: { workload: shop/db } }\n';
    expect((await check(SHOP + DB_CLOSED + deployment('shop', 'web', { app: 'web' }) + rollout, otherLabels)).code).toBe(0);
  });
});

describe('the config', () => {
  it('fail-on-not-analysed is true by default and must be a boolean', () => {
    expect(parseConfig('invariants: []\n', 'c.yml').failOnNotAnalysed).toBe(true);
    expect(parseConfig('fail-on-not-analysed: false\n', 'c.yml').failOnNotAnalysed).toBe(false);
    expect(() => parseConfig('fail-on-not-analysed: sometimes\n', 'c.yml')).toThrow(/fail-on-not-analysed must be true or false/);
  });
});
