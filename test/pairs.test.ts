import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate, SHAPES } from '../bench/generate.js';
import { analyze } from '../src/analyze.js';
import { listManifestFiles, readManifestFiles } from '../src/files.js';
import { loadCluster } from '../src/load.js';
import type { Matrix } from '../src/matrix.js';

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
