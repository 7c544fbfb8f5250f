import { describe, expect, it } from 'vitest';
import { checkManifests, deployment, namespace } from './helpers.js';

/**
 * An invariant on pods of any namespace places a representative pod in
 * each namespace of the manifests for each selector of the policies that
 * may pick it: 150 namespaces and a policy of 100 peers make 15,000 pods,
 * and the pairs among them grow as their square (some 2 minutes and 4 GB).
 * Past 3,000 placed pods the rest are untried, which fails the invariant
 * closed, and the check ends in seconds.
 */
describe('pods placed for invariants on any namespace', () => {
  it('stops placing at 3,000 pods, and the check ends in seconds', { timeout: 60_000 }, async () => {
    let m = '';
    for (let n = 0; n < 150; n++) m += namespace(`n${n}`);
    m += deployment('n0', 'db', { app: 'db' }, [{ port: 5432 }]);
    const peers = Array.from({ length: 100 }, (_, p) => `  - from: [{ podSelector: { matchLabels: { role: r${p} } }, namespaceSelector: {} }]\n`).join('');
    m += `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: db, namespace: n0 }\nspec:\n  podSelector: { matchLabels: { app: db } }\n  policyTypes: [Ingress]\n  ingress:\n${peers}`;
    const config = 'invariants:\n  - name: nothing labelled evil reaches db\n    never: { from: { anyNamespace: true, labels: { app: evil } }, to: { workload: n0/db } }\n';
    const started = Date.now();
    const r = await checkManifests(m, config);
    expect(r.stdout).toMatch(/FAIL violated: nothing labelled evil reaches db/);
    expect(r.code).toBe(1);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});
