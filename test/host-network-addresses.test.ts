import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { checkManifests, cli, namespace, tree } from './helpers.js';

// A host-network pod has its node's address (kubernetes.io/docs/concepts/workloads/pods/#pod-networking,
// hostNetwork): a rule that matches addresses, not pods, may hold it wherever it may hold the nodes', which the
// manifests do not give.

const db = (hostNetwork: boolean) =>
  `---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: db, namespace: shop }\nspec:\n  selector: { matchLabels: { app: db } }\n  template:\n    metadata: { labels: { app: db } }\n    spec: { hostNetwork: ${hostNetwork}, containers: [{ name: c, image: x, ports: [{ containerPort: 5432 }] }] }\n`;
const frontend =
  '---\napiVersion: apps/v1\nkind: Deployment\nmetadata: { name: frontend, namespace: shop }\nspec:\n  selector: { matchLabels: { app: frontend } }\n  template:\n    metadata: { labels: { app: frontend } }\n    spec: { containers: [{ name: c, image: x }] }\n';
const APPS = (hostNetwork = true) => namespace('shop') + frontend + db(hostNetwork);
const ALWAYS = 'invariants:\n  - name: frontend reaches db\n    always: { from: { workload: shop/frontend }, to: { workload: shop/db }, ports: [TCP/5432] }\n';
const NEVER = 'invariants:\n  - name: frontend never db\n    never: { from: { workload: shop/frontend }, to: { workload: shop/db } }\n';

describe('rules on addresses and host-network pods', () => {
  it('a ClusterNetworkPolicy networks Deny may hold a host-network destination: always fails closed (network-policy-api.sigs.k8s.io/reference/spec/, networks)', async () => {
    const deny = '---\napiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: { name: deny-nodes }\nspec:\n  tier: Admin\n  priority: 5\n  subject: { namespaces: {} }\n  egress: [{ action: Deny, to: [{ networks: ["10.0.0.0/8"] }] }]\n';
    const r = await checkManifests(APPS() + deny, ALWAYS);
    expect(r.stdout).toMatch(/host-network pods have their nodes' addresses, which networks 10\.0\.0\.0\/8 may hold/);
    expect(r.code).toBe(1);
    // a pod off the host network has an address of the pod network, which the rule misses: exact
    expect((await checkManifests(APPS(false) + deny, ALWAYS)).stdout).not.toMatch(/host-network pods have their nodes' addresses/);
  });

  it('a NetworkPolicy ipBlock Allow may hold a host-network source: never fails closed (kubernetes.io/docs/concepts/services-networking/network-policies/, ipBlock)', async () => {
    const allow =
      '---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: fe, namespace: shop }\nspec:\n  podSelector: { matchLabels: { app: frontend } }\n  policyTypes: [Ingress]\n  ingress: [{ from: [{ ipBlock: { cidr: 192.168.0.0/16 } }] }]\n';
    const reverse = NEVER.replace('from: { workload: shop/frontend }, to: { workload: shop/db }', 'from: { workload: shop/db }, to: { workload: shop/frontend }');
    const r = await checkManifests(APPS() + allow, reverse);
    expect(r.stdout).toMatch(/which ipBlock 192\.168\.0\.0\/16 may hold/);
    expect(r.code).toBe(1);
  });

  it('a Calico nets rule with no selector may hold a host-network source; one within the pod network given does not (docs.tigera.io/calico/latest/reference/resources/networkpolicy, EntityRule nets)', async () => {
    const calico = (nets: string) =>
      `---\napiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: { name: fe, namespace: shop }\nspec:\n  selector: app == 'frontend'\n  types: [Ingress]\n  ingress: [{ action: Allow, source: { nets: ["${nets}"] } }]\n`;
    const reverse = NEVER.replace('from: { workload: shop/frontend }, to: { workload: shop/db }', 'from: { workload: shop/db }, to: { workload: shop/frontend }');
    const r = await checkManifests(APPS() + calico('172.16.0.0/12'), reverse);
    expect(r.stdout).toMatch(/which its source nets 172\.16\.0\.0\/12 may hold/);
    expect(r.code).toBe(1);
    // the pod network holds no node's address
    const dir = tree({ 'm.yaml': APPS() + calico('172.16.0.0/12'), 'c.yaml': reverse });
    const within = await cli(['check', join(dir, 'm.yaml'), '--config', join(dir, 'c.yaml'), '--pod-cidr', '172.16.0.0/12']);
    expect(within.stdout).not.toMatch(/may hold: where the nodes are/);
  });
});
