import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/engine/analyze.js';
import { diffMatrices } from '../src/change/diff.js';
import { listManifestFiles, readManifestFiles } from '../src/sources/directory.js';
import { loadCluster } from '../src/input/load.js';
import { renderMarkdown } from '../src/render/report-md.js';
import { diffReport } from '../src/report/report.js';
import type { Diagnostic } from '../src/model/diagnostics.js';
import { CORPUS, HAVE_CORPUS, matrixOf, namespace, thousandChanges } from './helpers.js';

const BUDGET = 60_000;
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

describe('the comment stays within its budget', () => {
  it('a thousand changed pairs render under 60,000 bytes, grouped rather than dropped', () => {
    const report = thousandChanges();
    expect(report.changes.length).toBeGreaterThanOrEqual(1000);
    const full = renderMarkdown(report, { graphLimit: 15 });
    expect(bytes(full)).toBeGreaterThan(BUDGET);
    const md = renderMarkdown(report, { budget: BUDGET, graphLimit: 15, fullReportHint: 'The full report is in the job summary.' });
    expect(bytes(md)).toBeLessThanOrEqual(BUDGET);
    // still per-namespace tables of paths, with the pairs grouped
    expect(md).toContain('<details><summary>Namespace <code>team-0</code>');
    expect(md).toMatch(/and \d+ more/);
    expect(md).toContain('The full report is in the job summary.');
    // every table and fence it opens, it closes
    expect((md.match(/<details>/g) ?? []).length).toBe((md.match(/<\/details>/g) ?? []).length);
    expect((md.match(/```/g) ?? []).length % 2).toBe(0);
  });

  it('steps down to per-namespace counts, then to the verdict alone', () => {
    const report = thousandChanges();
    const counts = renderMarkdown(report, { budget: 2_000 });
    expect(counts).toContain('| team-3 | 0 | 400 | 0 |');
    expect(counts).not.toContain('<details>');
    expect(renderMarkdown(report, { budget: 100 })).toBe(`**✅ ${report.summary.closed} paths closed**\n`);
  });
});

describe('warnings in the comment', () => {
  const warning = (i: number): Diagnostic => ({ severity: 'warning', code: 'RD109', file: 'apps.yaml', line: i + 1, message: `team-0/app-${i}[Deployment] has no NetworkPolicy`, object: `team-0/app-${i}` });
  const report = (introduced: number, existing: number) =>
    diffReport(diffMatrices(matrixOf(namespace('team-0')), matrixOf(namespace('team-0'))), { base: 'base', head: 'head' }, [], '', {
      warnings: { introduced: Array.from({ length: introduced }, (_, i) => warning(i)), existing: Array.from({ length: existing }, (_, i) => warning(1000 + i)), silenced: 2 },
    });

  it('lists introduced warnings up to a cap, counts the rest and the existing ones', () => {
    const md = renderMarkdown(report(500, 7));
    expect(md).toContain('**⚠️ Warnings introduced by this change**');
    expect((md.match(/^- apps\.yaml:/gm) ?? []).length).toBe(50);
    expect(md).toContain('… and 450 more');
    expect(md).toContain('_Also: 7 existing warnings · 2 silenced by the config._');
    expect(md).not.toContain('app-1000');
  });

  it('a tight budget keeps only their count', () => {
    const md = renderMarkdown(report(500, 7), { budget: 300 });
    expect(bytes(md)).toBeLessThanOrEqual(300);
    expect(md).toContain('_⚠️ 500 warnings introduced by this change (7 existing warnings · 2 silenced by the config); see the full report._');
  });
});

describe.skipIf(!HAVE_CORPUS)('the comment on corpus diffs with many external ranges', () => {
  const load = (dir: string) => {
    const { files } = listManifestFiles([join(CORPUS, dir)]);
    return analyze(loadCluster(readManifestFiles(files, { maxFileBytes: 64 << 20 })), { hostNetwork: 'include' });
  };

  it('ipblockstest -> ipblockstest_3 fits with every change shown, ranges grouped', () => {
    const report = diffReport(diffMatrices(load('tests/ipblockstest'), load('tests/ipblockstest_3')), { base: 'a', head: 'b' });
    const md = renderMarkdown(report, { budget: BUDGET, graphLimit: 15 });
    expect(bytes(md)).toBeLessThanOrEqual(BUDGET);
    expect(md).not.toMatch(/more rows/);
    expect(report.changes.length).toBeGreaterThan(20);
  });
});
