/**
 * Admin policies (ClusterNetworkPolicy, AdminNetworkPolicy,
 * BaselineAdminNetworkPolicy) where the manifests show the network plugin,
 * and it does not enforce them, or may not: such a policy is not analysed
 * (RD011), left out as the plugin leaves it, and the invariants on its
 * subjects fail closed. Each test cites the plugin's documentation or code.
 */
import { describe, expect, it } from 'vitest';
import { checkManifests, conn, deployment, diffManifests, load, matrixOf, namespace } from './helpers.js';

const SHOP = namespace('shop') + deployment('shop', 'frontend', { app: 'frontend' }) + deployment('shop', 'db', { app: 'db' }, [{ name: 'pg', port: 5432 }]) + deployment('shop', 'api', { app: 'api' });
const FRONTEND = 'shop/frontend[Deployment]';
const DB = 'shop/db[Deployment]';
const ALL = 'All Connections';
const NONE = 'No Connections';

/** Cilium runs: db takes traffic from every pod. */
const CILIUM_DB = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: { name: db-in, namespace: shop }\nspec:\n  endpointSelector: { matchLabels: { app: db } }\n  ingress: [{ fromEndpoints: [{}] }]\n---\n';
/** The admin's guard: frontend never reaches db. */
const GUARD =
  'apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: { name: guard-db }\nspec:\n  tier: Admin\n  priority: 10\n  subject: { pods: { podSelector: { matchLabels: { app: db } } } }\n  ingress:\n  - action: Deny\n    from: [{ pods: { podSelector: { matchLabels: { app: frontend } } } }]\n---\n';
const NEVER = 'invariants:\n  - name: frontend never reaches db\n    never: { from: { workload: shop/frontend }, to: { workload: shop/db } }\n';

function ciliumConfig(data: Record<string, string>, name = 'cilium-config'): string {
  return `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ${name}, namespace: kube-system }\ndata: ${JSON.stringify(data)}\n---\n`;
}

const errorsOf = (text: string) => load(text).diagnostics.filter((d) => d.severity === 'error');
const notAnalysed = (text: string) => load(text).notAnalysed.map((n) => `${n.kind} ${n.name ?? ''}`);

describe('ClusterNetworkPolicy in a cluster running Cilium', () => {
  // docs.cilium.io/en/latest/network/kubernetes/policy/: "Support for the Kubernetes ClusterNetworkPolicy (KCNP) is available
  // starting with Cilium 1.20 ... must be enabled by setting the --enable-k8s-cluster-network-policy flag to true" (an alpha
  // API, off by default)
  it('is not analysed while cilium-config does not turn on enable-k8s-cluster-network-policy: shown as Cilium leaves it, and a never invariant on its subjects fails closed', async () => {
    for (const config of ['', ciliumConfig({ 'enable-policy': 'default' }), ciliumConfig({ 'enable-k8s-cluster-network-policy': 'false' })]) {
      const text = SHOP + CILIUM_DB + config + GUARD;
      expect(errorsOf(text)).toEqual([]);
      expect(notAnalysed(text)).toContain('ClusterNetworkPolicy guard-db');
      // Cilium leaves it unenforced: frontend reaches db through the CiliumNetworkPolicy
      expect(conn(matrixOf(text), FRONTEND, DB)).toBe(ALL);
      const r = await checkManifests(text, NEVER);
      expect(r.code, config).toBe(1);
      expect(r.stdout).toMatch(/ClusterNetworkPolicy guard-db: not analysed \(the cluster runs Cilium, which enforces ClusterNetworkPolicies only from 1\.20 and only where its agent's enable-k8s-cluster-network-policy is true/);
      expect(r.stderr).toMatch(/warning: ClusterNetworkPolicy guard-db is not analysed: .*set enable-k8s-cluster-network-policy: "true" in cilium-config in the manifests .*\[RD011\]/);
    }
    expect((await checkManifests(SHOP + CILIUM_DB + GUARD, NEVER)).stdout).toMatch(/the manifests hold no cilium-config that sets it \(they show Cilium: CiliumNetworkPolicy shop\/db-in at /);
    expect((await checkManifests(SHOP + CILIUM_DB + ciliumConfig({}) + GUARD, NEVER)).stdout).toMatch(/ConfigMap kube-system\/cilium-config \(.*\) does not set it/);
    expect((await checkManifests(SHOP + CILIUM_DB + ciliumConfig({ 'enable-k8s-cluster-network-policy': 'false' }) + GUARD, NEVER)).stdout).toMatch(/sets it to "false"/);
  });

  it('is analysed where cilium-config sets it true, as the agent reads a boolean (Go strconv.ParseBool: true, True, 1, t)', async () => {
    for (const value of ['true', 'True', '1', 't']) {
      const text = SHOP + CILIUM_DB + ciliumConfig({ 'enable-k8s-cluster-network-policy': value }) + GUARD;
      expect(notAnalysed(text), value).not.toContain('ClusterNetworkPolicy guard-db');
      expect(conn(matrixOf(text), FRONTEND, DB)).toBe(NONE);
      expect((await checkManifests(text, NEVER)).code, value).toBe(0);
    }
  });

  it('a CiliumNodeConfig that sets it otherwise for the nodes it selects leaves it not analysed (docs.cilium.io/en/stable/configuration/per-node-config/)', async () => {
    const nodes = 'apiVersion: cilium.io/v2\nkind: CiliumNodeConfig\nmetadata: { name: old-nodes, namespace: kube-system }\nspec:\n  nodeSelector: { matchLabels: { pool: old } }\n  defaults: { enable-k8s-cluster-network-policy: "false" }\n---\n';
    const r = await checkManifests(SHOP + CILIUM_DB + ciliumConfig({ 'enable-k8s-cluster-network-policy': 'true' }) + nodes + GUARD, NEVER);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/CiliumNodeConfig kube-system\/old-nodes \(.*\) sets it to "false" on the nodes it selects/);
  });

  it('any object of Cilium, or cilium-config alone, shows the cluster runs it; without one the policy is analysed as Kubernetes has it', async () => {
    const pool = 'apiVersion: cilium.io/v2\nkind: CiliumLoadBalancerIPPool\nmetadata: { name: pool }\nspec: { blocks: [{ cidr: 192.0.2.0/24 }] }\n---\n';
    for (const cilium of [pool, ciliumConfig({ 'enable-policy': 'default' })]) {
      const r = await checkManifests(SHOP + cilium + GUARD, NEVER);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/ClusterNetworkPolicy guard-db: not analysed/);
    }
    expect(notAnalysed(SHOP + GUARD)).toEqual([]);
    expect((await checkManifests(SHOP + GUARD, NEVER)).code).toBe(0);
  });

  it('an invariant on pods its subject does not pick, or on the other end of its rules, keeps its verdict', async () => {
    // api takes traffic from db alone; the guard's subject is db, its rules ingress ones
    const apiIn = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: { name: api-in, namespace: shop }\nspec:\n  endpointSelector: { matchLabels: { app: api } }\n  ingress: [{ fromEndpoints: [{ matchLabels: { app: db } }] }]\n---\n';
    const toApi = (from: string) => `invariants:\n  - name: never api\n    never: { from: { workload: ${from} }, to: { workload: shop/api } }\n`;
    expect((await checkManifests(SHOP + CILIUM_DB + apiIn + GUARD, toApi('shop/frontend'))).code).toBe(0);
    // db is the guard's subject, but as the source: its ingress rules do not decide that
    const fromDb = await checkManifests(SHOP + CILIUM_DB + apiIn + GUARD, 'invariants:\n  - name: db never frontend\n    never: { from: { workload: shop/db }, to: { workload: shop/frontend } }\n');
    expect(fromDb.stdout).not.toMatch(/guard-db/);
    // an egress guard on frontend decides what frontend sends, to api too
    const egress = GUARD.replace('app: db } } } }\n  ingress:\n  - action: Deny\n    from: [{ pods: { podSelector: { matchLabels: { app: frontend', 'app: frontend } } } }\n  egress:\n  - action: Deny\n    to: [{ pods: { podSelector: { matchLabels: { app: db');
    const r = await checkManifests(SHOP + CILIUM_DB + apiIn + egress, toApi('shop/frontend'));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/ClusterNetworkPolicy guard-db: not analysed/);
  });

  it('diff: a change that moves a guard from a Cilium deny rule into a ClusterNetworkPolicy opens the path, and the check fails', async () => {
    const base = SHOP + CILIUM_DB.replace('ingress: [{ fromEndpoints: [{}] }]', 'ingress: [{ fromEndpoints: [{}] }]\n  ingressDeny: [{ fromEndpoints: [{ matchLabels: { app: frontend } }] }]');
    const r = await diffManifests(base, SHOP + CILIUM_DB + GUARD, NEVER);
    expect(r.code).toBe(1);
    expect(r.stdout).not.toMatch(/no reachability change/);
    expect(r.stdout).toMatch(/added, source: shop\/frontend\[Deployment\], destination: shop\/db\[Deployment\]/);
    expect(r.stdout).toMatch(/ClusterNetworkPolicy guard-db: not analysed/);
  });
});

/** The v1alpha1 guard: frontend never reaches db; and a baseline that denies db's ingress. */
const ANP_GUARD =
  'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: { name: guard-db }\nspec:\n  priority: 10\n  subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: db } } } }\n  ingress:\n  - action: Deny\n    from: [{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: frontend } } } }]\n---\n';
const BANP =
  'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: { name: default }\nspec:\n  subject: { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: db } } } }\n  ingress:\n  - action: Deny\n    from: [{ namespaces: {} }]\n---\n';

describe('AdminNetworkPolicy and BaselineAdminNetworkPolicy in a cluster running Cilium', () => {
  // Cilium implements no policy of policy.networking.k8s.io/v1alpha1: its Kubernetes policy page
  // (docs.cilium.io/en/latest/network/kubernetes/policy/) lists NetworkPolicy, its own CRDs and, from 1.20,
  // ClusterNetworkPolicy (v1alpha2), their successor
  it('neither is analysed, whatever cilium-config says: a never invariant on their subjects fails closed', async () => {
    for (const config of ['', ciliumConfig({ 'enable-k8s-cluster-network-policy': 'true' })]) {
      for (const [admin, kind] of [[ANP_GUARD, 'AdminNetworkPolicy guard-db'], [BANP, 'BaselineAdminNetworkPolicy default']] as const) {
        // db is in default deny for nothing else: only the admin policy would close it
        const text = SHOP + config + 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: { name: fe, namespace: shop }\nspec:\n  endpointSelector: { matchLabels: { app: frontend } }\n  egress: [{ toEntities: [all] }]\n---\n' + admin;
        expect(notAnalysed(text)).toContain(kind);
        expect(conn(matrixOf(text), FRONTEND, DB)).toBe(ALL);
        const r = await checkManifests(text, NEVER);
        expect(r.code).toBe(1);
        expect(r.stdout).toMatch(new RegExp(`${kind}: not analysed \\(the cluster runs Cilium \\((CiliumNetworkPolicy shop/fe|ConfigMap kube-system/cilium-config) at .*\\), which does not implement ${kind.split(' ')[0]} .*write it as a ClusterNetworkPolicy of tier`));
      }
    }
  });
});

describe('AdminNetworkPolicy and BaselineAdminNetworkPolicy in a cluster running Calico', () => {
  // Calico v3.32 removed them (projectcalico/calico "Remove ANP/BANP (#11144)", in v3.32.0); its tiered-policy page
  // (docs.tigera.io/calico/latest/network-policy/policy-tiers/tiered-policy) now has kube-admin and kube-baseline for
  // ClusterNetworkPolicy; releases up to v3.31 enforced the v1alpha1 kinds in tiers of their own
  const CALICO = 'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: { name: pass-all }\nspec:\n  selector: all()\n  types: [Egress]\n  egress: [{ action: Pass }]\n---\n';

  it('neither is analysed: shown as v3.32 leaves it, and a never invariant on their subjects fails closed, naming the versions', async () => {
    for (const [admin, kind] of [[ANP_GUARD, 'AdminNetworkPolicy guard-db'], [BANP, 'BaselineAdminNetworkPolicy default']] as const) {
      const text = SHOP + CALICO + admin;
      expect(notAnalysed(text)).toContain(kind);
      expect(conn(matrixOf(text), FRONTEND, DB)).toBe(ALL);
      const r = await checkManifests(text, NEVER);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(new RegExp(`${kind}: not analysed \\(the cluster runs Calico, whose v3.32, the version reachdiff models, no longer implements ${kind.split(' ')[0]} \\(removed in v3.32.0; earlier releases, up to v3.31, enforce it in a tier of its own\\)`));
    }
  });

  it('a ClusterNetworkPolicy is analysed there, in kube-admin; and without Calico or Cilium objects the v1alpha1 kinds are analysed as Kubernetes has them', async () => {
    const cnp = SHOP + CALICO + GUARD;
    expect(notAnalysed(cnp)).toEqual([]);
    expect((await checkManifests(cnp, NEVER)).code).toBe(0);
    for (const admin of [ANP_GUARD, BANP]) {
      expect(notAnalysed(SHOP + admin)).toEqual([]);
      expect((await checkManifests(SHOP + admin, NEVER)).code).toBe(0);
    }
  });
});
