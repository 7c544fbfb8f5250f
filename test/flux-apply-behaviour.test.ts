/**
 * What Flux's kustomize-controller does not apply of the objects under its
 * path (fluxcd.io/flux/components/kustomize/kustomizations/): an object
 * marked `kustomize.toolkit.fluxcd.io/reconcile: disabled` gets no change
 * from the repository, one annotated `kustomize.toolkit.fluxcd.io/ssa:
 * IfNotPresent` is created once and never updated ("Controlling the apply
 * behavior of resources"), and a Kustomization with `spec.suspend: true`
 * applies nothing new ("Suspend"). What such objects decide in the cluster
 * is not what the manifests write: the invariants on it fail closed.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tree } from './helpers.js';

const FRONTEND =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: frontend, namespace: shop }\nspec:\n  selector: { matchLabels: { app: frontend } }\n  template:\n    metadata: { labels: { app: frontend } }\n    spec: { containers: [ { name: c, image: nginx, ports: [ { containerPort: 80 } ] } ] }\n';
const DB =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: db, namespace: shop }\nspec:\n  selector: { matchLabels: { app: db } }\n  template:\n    metadata: { labels: { app: db } }\n    spec: { containers: [ { name: c, image: postgres, ports: [ { containerPort: 5432 } ] } ] }\n';
const NEVER = 'invariants:\n  - name: frontend never reaches db\n    never: { from: { labels: { app: frontend } }, to: { labels: { app: db } } }\n';
const deny = (metadata = '') =>
  `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: db-deny\n  namespace: shop\n${metadata}spec:\n  podSelector: { matchLabels: { app: db } }\n  policyTypes: [Ingress]\n`;
const flux = (more = '') =>
  `apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: { name: shop, namespace: flux-system }\nspec:\n  interval: 10m\n  path: ./apps/shop\n  prune: true\n  sourceRef: { kind: GitRepository, name: flux-system }\n${more}`;

async function check(files: Record<string, string>) {
  const root = tree({ 'inv.yml': NEVER, 'repo/apps/shop/workloads.yaml': FRONTEND + '---\n' + DB, ...files });
  return cli(['check', join(root, 'repo'), '--config', join(root, 'inv.yml')]);
}

describe('objects Flux does not update from the repository', () => {
  it('a deny marked reconcile: disabled, or ssa: IfNotPresent, does not make the invariant hold', async () => {
    expect((await check({ 'repo/clusters/shop.yaml': flux(), 'repo/apps/shop/deny.yaml': deny() })).code).toBe(0);
    for (const metadata of ['  annotations: { kustomize.toolkit.fluxcd.io/reconcile: disabled }\n', '  labels: { kustomize.toolkit.fluxcd.io/reconcile: disabled }\n', '  annotations: { kustomize.toolkit.fluxcd.io/ssa: IfNotPresent }\n']) {
      const r = await check({ 'repo/clusters/shop.yaml': flux(), 'repo/apps/shop/deny.yaml': deny(metadata) });
      // before, the deny was taken as applied as written, and the invariant held
      expect(r.code, metadata).toBe(1);
      expect(r.stdout, metadata).not.toMatch(/ok holds/);
      expect(r.stderr, metadata).toMatch(/NetworkPolicy shop\/db-deny \(networking\.k8s\.io\/v1\) is not analysed: it is (marked kustomize\.toolkit\.fluxcd\.io\/reconcile: disabled|annotated kustomize\.toolkit\.fluxcd\.io\/ssa: IfNotPresent)[^\n]*\[RD011\]/);
    }
  });
});

describe('a suspended Flux Kustomization', () => {
  it('applies no change of its path: a deny under it does not make the invariant hold', async () => {
    const r = await check({ 'repo/clusters/shop.yaml': flux('  suspend: true\n'), 'repo/apps/shop/deny.yaml': deny() });
    // before, the suspension was not read, and the deny was taken as applied
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/ok holds/);
    expect(r.stderr).toMatch(/apps\/shop\/deny\.yaml:1: warning: [^\n]*deny\.yaml is not analysed: it lies under the path of Flux Kustomization flux-system\/shop \([^)]*\), which is suspended \(spec\.suspend: true\)[^\n]*\[RD011\]/);
    // suspend: false, or another Kustomization that applies the path and is not suspended, applies it
    expect((await check({ 'repo/clusters/shop.yaml': flux('  suspend: false\n'), 'repo/apps/shop/deny.yaml': deny() })).code).toBe(0);
    const other = flux().replace('name: shop,', 'name: shop-live,');
    expect((await check({ 'repo/clusters/shop.yaml': flux('  suspend: true\n') + '---\n' + other, 'repo/apps/shop/deny.yaml': deny() })).code).toBe(0);
  });
});

describe("Flux's post-build variables in a policy", () => {
  // fluxcd.io/flux/components/kustomize/kustomizations/ (Post build variable substitution): ${var} and ${var:=default} are
  // replaced before apply, $${var} is the escape for a literal; the Kustomization that substitutes may live in another repository
  const calico = (selector: string) =>
    `apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: { name: db-same-env-only, namespace: shop }\nspec:\n  selector: app == 'db'\n  types: [Ingress]\n  ingress:\n  - action: Deny\n    source:\n      namespaceSelector: ${selector}\n  - action: Allow\n`;
  const NS = 'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop, labels: { env: prod } }\n';

  it('a policy holding ${var} is not analysed as written: the invariants on its namespace fail closed', async () => {
    // the Deny takes every namespace whose env is not the literal text, shop's too: read literally, frontend never reaches db
    expect((await check({ 'repo/apps/shop/ns.yaml': NS, 'repo/apps/shop/policy.yaml': calico(`env != 'staging'`) })).code).toBe(0);
    for (const variable of ['${cluster_env}', '${cluster_env:=prod}']) {
      const r = await check({ 'repo/apps/shop/ns.yaml': NS, 'repo/apps/shop/policy.yaml': calico(`env != '${variable}'`) });
      // before, the literal was taken as the value, and the invariant held
      expect(r.code, variable).toBe(1);
      expect(r.stderr, variable).toContain(`is not analysed: its spec holds ${variable}, Flux's post-build variable`);
    }
    // Flux's escape is a literal
    expect((await check({ 'repo/apps/shop/ns.yaml': NS, 'repo/apps/shop/policy.yaml': calico(`env != '$\${cluster_env}'`) })).stderr).not.toContain("Flux's post-build variable");
  });
});
