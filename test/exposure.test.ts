/**
 * Exposure analysis: what a workload's own policies admit with pods the
 * manifests do not hold, through representatives of the selectors the
 * rules use (np-guard's docs/exposure_analysis.md describes the output).
 */
import { describe, expect, it } from 'vitest';
import { diffExposure } from '../src/change/exposure.js';
import type { Exposure } from '../src/engine/exposure.js';
import { exposure, exposureConnText, exposurePeerName } from '../src/engine/exposure.js';
import { exposureText } from '../src/render/exposure.js';
import { deployment, matrixOf, namespace, policy } from './helpers.js';

const SHOP = namespace('shop') + deployment('shop', 'db', { app: 'db' }, [{ name: 'pg', port: 5432 }]);

/** `W <= PEER : CONNS` and `W => PEER : CONNS` lines, without external ranges, sorted. */
function lines(e: Exposure): string[] {
  return e.workloads
    .flatMap((w) =>
    (['ingress', 'egress'] as const).flatMap((d) =>
      w[d].lines.filter((l) => l.peer.kind !== 'external').map((l) => `${w.workload.id} ${d === 'ingress' ? '<=' : '=>'} ${exposurePeerName(l.peer)} : ${exposureConnText(l.conn, l.names)}`),
    ),
    )
    .sort();
}

const dbIngress = (ingress: unknown[]) => policy('shop', 'db', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress', 'Egress'], ingress, egress: [] });

describe('exposure', () => {
  it('a rule that admits namespaces by labels exposes the workload to them, even when none exists yet', () => {
    const e = exposure(matrixOf(SHOP + dbIngress([{ from: [{ namespaceSelector: { matchLabels: { team: 'data' } } }], ports: [{ port: 5432 }] }])));
    expect(lines(e)).toEqual(['shop/db[Deployment] <= [namespace with {team=data}]/[all pods] : TCP 5432']);
  });

  it('entire-cluster is what the rules that admit every pod of every namespace allow', () => {
    const e = exposure(matrixOf(SHOP + dbIngress([{ from: [{ namespaceSelector: {} }], ports: [{ port: 5432 }] }])));
    expect(lines(e)).toEqual(['shop/db[Deployment] <= entire-cluster : TCP 5432']);
  });

  it('a representative admitted as entire-cluster is left out; one admitted more keeps its line', () => {
    const e = exposure(
      matrixOf(
        SHOP +
          dbIngress([
            { from: [{ namespaceSelector: {} }], ports: [{ port: 5432 }] },
            { from: [{ namespaceSelector: { matchLabels: { team: 'a' } } }], ports: [{ port: 5432 }] },
            { from: [{ namespaceSelector: { matchLabels: { team: 'b' } } }] },
          ]),
      ),
    );
    expect(lines(e)).toEqual(['shop/db[Deployment] <= [namespace with {team=b}]/[all pods] : All Connections', 'shop/db[Deployment] <= entire-cluster : TCP 5432']);
  });

  it("an admin policy's earlier Deny that cuts entire-cluster shows the cut peer with its own connections", () => {
    const anp = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: cut}
spec:
  priority: 1
  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: db}}}}
  ingress:
    - {action: Deny, from: [{namespaces: {matchLabels: {team: x}}}]}
    - {action: Allow, from: [{namespaces: {}}]}
---
`;
    expect(lines(exposure(matrixOf(SHOP + anp)))).toEqual(['shop/db[Deployment] <= [namespace with {team=x}]/[all pods] : No Connections', 'shop/db[Deployment] <= entire-cluster : All Connections', 'shop/db[Deployment] => entire-cluster : All Connections']);
  });

  it("a ClusterNetworkPolicy's earlier Deny that cuts entire-cluster shows the cut peer with its own connections", () => {
    const cnp = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: cut}
spec:
  tier: Admin
  priority: 1
  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: db}}}}
  ingress:
    - {action: Deny, from: [{namespaces: {matchLabels: {team: x}}}]}
    - {action: Accept, from: [{namespaces: {}}]}
---
`;
    expect(lines(exposure(matrixOf(SHOP + cnp)))).toEqual(['shop/db[Deployment] <= [namespace with {team=x}]/[all pods] : No Connections', 'shop/db[Deployment] <= entire-cluster : All Connections', 'shop/db[Deployment] => entire-cluster : All Connections']);
  });

  it('a representative of labels alone that a pod of the manifests holds is left out, as np-guard does', () => {
    const web = deployment('shop', 'web', { app: 'web' });
    const e = exposure(matrixOf(SHOP + web + dbIngress([{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }])));
    expect(e.representatives.map((r) => r.name)).toEqual([]);
  });

  it('a pod of a representative stands for the pods no other peer singles out: it takes values that keep it out of them', () => {
    const e = exposure(
      matrixOf(
        SHOP +
          dbIngress([
            { from: [{ namespaceSelector: { matchExpressions: [{ key: 'env', operator: 'DoesNotExist' }] } }], ports: [{ port: 1 }] },
            { from: [{ namespaceSelector: { matchLabels: { team: 'a' } } }], ports: [{ port: 2 }] },
          ]),
      ),
    );
    const team = e.representatives.find((r) => r.name === '[namespace with {team=a}]/[all pods]')!;
    // env is present (with a value no selector names) so that the DoesNotExist rule does not pick it
    expect(team.witness.namespaceLabels['env']).toBeDefined();
    expect(lines(e)).toContain('shop/db[Deployment] <= [namespace with {team=a}]/[all pods] : TCP 2');
  });

  it('a named port to a representative is shown by name: a pod there would declare it', () => {
    const web = policy('shop', 'web', { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ namespaceSelector: { matchLabels: { team: 'x' } } }], ports: [{ port: 'http' }] }] });
    expect(lines(exposure(matrixOf(SHOP + web)))).toContain('shop/db[Deployment] => [namespace with {team=x}]/[all pods] : TCP http');
  });

  it('a workload no policy holds in a direction is exposed to entire-cluster on everything, and said not protected', () => {
    const text = exposureText(exposure(matrixOf(SHOP)));
    expect(text).toContain('shop/db[Deployment] \t<= \tentire-cluster : All Connections');
    expect(text).toContain('shop/db[Deployment] is not protected on Ingress');
  });

  it("Cilium's endpoint selectors name representatives", () => {
    const cnp = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: db}}
  ingress:
    - fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: analytics, role: etl}}]
---
`;
    expect(lines(exposure(matrixOf(SHOP + cnp)))).toContain('shop/db[Deployment] <= analytics/[pod with {role=etl}] : All Connections');
  });

  it("Calico's selectors name representatives, quoted in Calico's language", () => {
    const gnp = `apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  selector: app == 'db'
  types: [Ingress]
  ingress:
    - action: Allow
      source: {selector: role == 'etl'}
---
`;
    const e = exposure(matrixOf(SHOP + gnp));
    expect(lines(e).some((l) => l.startsWith("shop/db[Deployment] <= shop/[pod with {role == \"etl\"}]") || l.startsWith("shop/db[Deployment] <= shop/[pod with {role == 'etl'}]"))).toBe(true);
  });
});

describe('the exposure a change makes', () => {
  it('newly exposed: a rule admitting a namespace the manifests do not hold, with the rule responsible', () => {
    const base = matrixOf(SHOP + dbIngress([]));
    const head = matrixOf(SHOP + dbIngress([{ from: [{ namespaceSelector: { matchLabels: { team: 'data' } } }], ports: [{ port: 5432 }] }]));
    const changes = diffExposure(exposure(base), exposure(head));
    expect(changes.map((c) => [c.type, c.workload, c.direction, c.peer, c.base, c.head])).toEqual([['opened', 'shop/db[Deployment]', 'ingress', '[namespace with {team=data}]/[all pods]', 'No Connections', 'TCP 5432']]);
    expect(changes[0]!.decisions.map((d) => d.rule?.origin.index)).toEqual([0]);
  });

  it('no longer exposed when the rule goes; a representative without a line is compared with entire-cluster on its side', () => {
    const open = matrixOf(SHOP + dbIngress([{ from: [{ namespaceSelector: {} }] }, { from: [{ namespaceSelector: { matchLabels: { team: 'data' } } }] }]));
    const closed = matrixOf(SHOP + dbIngress([{ from: [{ namespaceSelector: { matchLabels: { team: 'data' } } }] }]));
    const changes = diffExposure(exposure(open), exposure(closed));
    // team=data is admitted on both sides (with entire-cluster in base): only entire-cluster changed
    expect(changes.map((c) => [c.type, c.peer])).toEqual([['closed', 'entire-cluster']]);
  });
});
