import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate, SHAPES, STYLES } from '../bench/generate.js';
import { resultsTable, runBench } from '../bench/harness.js';
import { REPO } from './helpers.js';

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[p.slice(dir.length)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

const temps: string[] = [];
const temp = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'reachdiff-bench-'));
  temps.push(dir);
  return dir;
};
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('benchmark', () => {
  it('generates the same repository for the same seed', () => {
    const a = generate(SHAPES['T']!, 7, temp());
    const b = generate(SHAPES['T']!, 7, temp());
    expect(snapshot(a.base)).toEqual(snapshot(b.base));
    expect(snapshot(a.head)).toEqual(snapshot(b.head));
    expect(snapshot(a.head)).not.toEqual(snapshot(a.base));
  });

  it('writes every style, and the JSON mirror holds the same objects', () => {
    for (const style of STYLES) {
      const g = generate(SHAPES['T']!, 3, temp(), style);
      const mirror = Object.values(snapshot(g.json)).flatMap((t) => t.split('\n').filter((l) => l !== ''));
      const block = generate(SHAPES['T']!, 3, temp(), 'block');
      const blockMirror = Object.values(snapshot(block.json)).flatMap((t) => t.split('\n').filter((l) => l !== ''));
      const kinds = (lines: string[]) => lines.flatMap((l) => { const o = JSON.parse(l) as { kind: string; items?: unknown[] }; return o.kind === 'List' ? o.items!.map(() => 'item') : [o.kind]; }).length;
      expect(kinds(mirror), style).toBe(kinds(blockMirror));
    }
  });

  it('runs the CLI and the parse floors on a tiny shape (smoke; no timing asserted)', async () => {
    const log: string[] = [];
    const results = await runBench({
      shapes: [SHAPES['T']!],
      styles: () => ['block'],
      runs: () => 1,
      seed: 1,
      root: temp(),
      cli: join(REPO, 'dist', 'cli.js'),
      repo: REPO,
      log: (l) => log.push(l),
    });
    const list = results.find((r) => r.command === 'list')!;
    expect(list.cli!.lines).toBeGreaterThan(0);
    expect(list.cli!.megabytes).toBeGreaterThan(0);
    expect(list.floor.seconds).toBeGreaterThan(0);
    // one run: the run-by-run ratio is that run's
    expect(list.ratio!.median).toBeCloseTo(list.cli!.seconds / list.loadAll.seconds, 6);
    expect(list.jsonParse.seconds).toBeGreaterThan(0);
    expect(list.ratio!.min).toBe(list.ratio!.median);
    const diff = results.find((r) => r.command === 'diff')!;
    // until the CLI has a diff command, the harness says so and goes on
    expect(diff.cli !== undefined || diff.skipped !== undefined).toBe(true);
    const table = resultsTable(results);
    expect(table.split('\n')).toHaveLength(2 + results.length);
    expect(table).toContain('| T | block | list |');
  });
});
