import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate, SHAPES } from '../bench/generate.js';
import { analyze } from '../src/engine/analyze.js';
import { listManifestFiles, readManifestFiles } from '../src/sources/directory.js';
import { loadCluster } from '../src/input/load.js';
import type { Matrix } from '../src/engine/matrix.js';
import { engineMatrix } from './reference/check.js';
import { randomCluster } from './reference/random.js';
import { matrixOf as matrixOfText } from './helpers.js';

const root = mkdtempSync(join(tmpdir(), 'reachdiff-pairs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function matrixOf(dir: string): Matrix {
  const { files } = listManifestFiles([dir]);
  return analyze(loadCluster(readManifestFiles(files, { maxFileBytes: 64 << 20 })));
}

/**
 * The matrix enumerates only the pairs that can be allowed and shares
 * verdicts between classes; explain() evaluates one pair from the rules of
 * each end. On every pair of generated repositories both must agree.
 */
describe('pair enumeration agrees with per-pair evaluation', () => {
  it.each([1, 2, 3])('on the small benchmark shape, seed %i, both states', (seed) => {
    const repo = generate(SHAPES['T']!, seed, join(root, String(seed)));
    for (const dir of [repo.base, repo.head]) {
      const m = matrixOf(dir);
      const listed = new Map([...m.connections()].map((c) => [`${c.src.name} ${c.dst.name}`, c.conn.toString()]));
      let pairs = 0;
      for (const src of m.sourceEndpoints()) {
        for (const dst of m.destinationEndpoints()) {
          if (src.kind === 'external' && dst.kind === 'external') continue;
          if (src.kind === 'workload' && dst.kind === 'workload' && src.index === dst.index) continue;
          const e = m.explain(src, dst);
          const reference = e.egress.allowed.intersect(e.ingress.allowed);
          expect(m.connection(src, dst).toString(), `${src.name} => ${dst.name}`).toBe(reference.toString());
          expect(listed.get(`${src.name} ${dst.name}`) ?? 'No Connections', `${src.name} => ${dst.name} listed`).toBe(reference.toString());
          pairs++;
        }
      }
      expect(pairs).toBeGreaterThan(1000);
    }
  });
});

/**
 * Rows are computed one source at a time until many are asked for, then all
 * at once; columns always one destination at a time. Every way must give
 * the pairs of the full listing.
 */
describe('rows and columns on demand agree with the listing', () => {
  const listing = (m: Matrix) => new Map([...m.connections()].map((c) => [`${c.src.name} ${c.dst.name}`, c.conn.toString()]));

  function check(fresh: () => Matrix): number {
    const listed = listing(fresh());
    const workloads = fresh().workloads;
    let compared = 0;
    // rows, a few per matrix so that each is computed on its own
    let m = fresh();
    workloads.forEach((w, i) => {
      if (i % 8 === 0) m = fresh();
      const src = m.workloadEndpoint(i)!;
      const row = new Map(m.row(src).filter((c) => c.dst.kind === 'workload').map((c) => [c.dst.name, c.conn.toString()]));
      for (const v of workloads) {
        if (v === w) continue;
        expect(row.get(v.id), `row ${w.id} => ${v.id}`).toBe(listed.get(`${w.id} ${v.id}`));
        compared++;
      }
    });
    // columns, and single pairs
    m = fresh();
    const columns = m.compactColumns(workloads.map((_, i) => i));
    workloads.forEach((v, j) => {
      for (const [i, conn] of columns[j]!) expect(m.connectionSet(conn).toString(), `column ${workloads[i]!.id} => ${v.id}`).toBe(listed.get(`${workloads[i]!.id} ${v.id}`));
      const count = workloads.filter((w) => listed.has(`${w.id} ${v.id}`)).length;
      expect(columns[j]!.size, `sources of ${v.id}`).toBe(count);
    });
    const pairs = fresh();
    workloads.forEach((w, i) =>
      workloads.forEach((v, j) => {
        if (i === j) return;
        const conn = pairs.connection(pairs.workloadEndpoint(i)!, pairs.workloadEndpoint(j)!);
        expect(conn.isEmpty() ? undefined : conn.toString(), `pair ${w.id} => ${v.id}`).toBe(listed.get(`${w.id} ${v.id}`));
      }),
    );
    return compared;
  }

  it('on the small benchmark shape', () => {
    const repo = generate(SHAPES['T']!, 4, join(root, 'lazy'));
    for (const dir of [repo.base, repo.head]) expect(check(() => matrixOf(dir))).toBeGreaterThan(1000);
  });

  // found by the Calico property test: a source closed by default for egress (its default tier denies what no rule
  // names) whose later tier holds a rule of every destination with a named port was left out of the listing
  it('where a direction closed by default has a rule of every destination with a named port in a later tier', () => {
    const manifests = `apiVersion: v1
kind: Pod
metadata: { name: w0, namespace: alpha, labels: { app: z } }
spec: { containers: [{ name: c, image: x }] }
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: w5, namespace: gamma }
spec:
  selector: { matchLabels: { env: x } }
  template:
    metadata: { labels: { env: x } }
    spec: { containers: [{ name: c, image: x }] }
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: np3, namespace: alpha }
spec:
  podSelector: {}
  policyTypes: [Egress]
  egress: [{ to: [{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: gamma } } }] }]
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: { name: c0, namespace: alpha }
spec:
  selector: app == 'z'
  egress: [{ action: Pass, destination: { selector: app == 'z' } }]
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: { name: c2 }
spec:
  tier: kube-baseline
  selector: projectcalico.org/namespace == 'alpha'
  types: [Egress]
  egress: [{ action: Deny, destination: { notPorts: [http] } }]
`;
    const m = matrixOfText(manifests);
    expect([...m.connections()].map((c) => `${c.src.name} => ${c.dst.name}`)).toContain('alpha/w0[Pod] => gamma/w5[DaemonSet]');
    expect(check(() => matrixOfText(manifests))).toBeGreaterThan(0);
  });

  it.each(['network', 'admin', 'cnp', 'cilium', 'calico'] as const)('on random %s clusters', (variant) => {
    let compared = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const cluster = randomCluster(seed, variant);
      compared += check(() => engineMatrix(cluster, seed));
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
