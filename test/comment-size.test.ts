import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/engine/analyze.js';
import { diffMatrices } from '../src/change/diff.js';
import { listManifestFiles, readManifestFiles } from '../src/sources/directory.js';
import { loadCluster } from '../src/input/load.js';
import { renderMarkdown } from '../src/render/report-md.js';
import { diffReport } from '../src/report/report.js';
import type { Diagnostic } from '../src/model/diagnostics.js';
import { CORPUS, deployment, HAVE_CORPUS, matrixOf, namespace, thousandChanges } from './helpers.js';
import type { ActionReport, TargetOutcome } from '../src/action/report.js';
import { boundedReportJson, renderActionMarkdown, summarize } from '../src/action/report.js';
import { commentMarker } from '../src/action/comment.js';
import { parseConfig } from '../src/check/config.js';
import { compareInvariants } from '../src/check/invariants.js';

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
    expect(counts).toContain('| team-3 | 0 | 0 | 400 | 0 |');
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

describe("GitHub's limit is a guarantee: generated extremes stay under the budget", () => {
  const fits = (md: string) => {
    expect(bytes(md)).toBeLessThanOrEqual(BUDGET);
    // GitHub counts characters: 65,536 at most
    expect([...md].length).toBeLessThanOrEqual(65_536);
    expect((md.match(/<details>/g) ?? []).length).toBe((md.match(/<\/details>/g) ?? []).length);
  };
  const apps = namespace('shop') + Array.from({ length: 20 }, (_, i) => deployment('shop', `w${i}`, { app: `w${i}` })).join('');
  const comment = (report: ActionReport) => renderActionMarkdown(report, { marker: commentMarker('default'), budget: BUDGET, runUrl: 'https://github.com/o/r/actions/runs/1' });
  const action = (targets: TargetOutcome[]): ActionReport => ({
    version: 1,
    kind: 'action',
    repository: 'o/r',
    pullRequest: 1,
    base: { sha: 'a'.repeat(40) },
    head: { sha: 'b'.repeat(40) },
    comparison: 'merge',
    configFile: 'c.yml',
    summary: summarize(targets),
    targets,
  });

  it('1,200 invariants: the failing ones are named, the rest counted', () => {
    const lines = ['invariants:'];
    for (let i = 0; i < 1200; i++) {
      const from = i % 3 === 0 ? 'w0' : `w${i % 20}`;
      lines.push(`  - name: invariant number ${i} keeps ${from} from w${(i + 1) % 20} with a long name to fill the table`, `    never: { from: { labels: { app: ${from} } }, to: { labels: { app: w${(i + 1) % 20} } } }`);
    }
    const config = parseConfig(lines.join('\n'), 'c.yml');
    const base = matrixOf(apps);
    const head = matrixOf(apps);
    const report = diffReport(diffMatrices(base, head), { base: 'a', head: 'b' }, compareInvariants(config.invariants, base, head), 'c.yml');
    const md = comment(action([{ name: 'manifests', report, error: null }]));
    fits(md);
    // every one fails: no policy, so even the twenty from a workload to itself fail between its replicas
    expect(report.summary.violations).toBe(1200);
    // too many to name them all: the first fifty, the rest counted
    expect(md).toContain('_1200 invariants: 1200 failing, 0 holding; the job summary lists them._');
    expect((md.match(/^- ⚠️ still violated: invariant number/gm) ?? []).length).toBe(50);
    expect(md).toContain('- … and 1150 more failing');
  });

  it('the invariants step down from a table of all, to the failing ones, to their names, to the first fifty names, to counts', () => {
    const lines = ['invariants:'];
    for (let i = 0; i < 420; i++) {
      const [from, to] = [`w${i % 20}`, `w${(i + 1) % 20}`];
      // never fails where no policy is, always holds
      lines.push(`  - name: ${i < 120 ? 'failing' : 'holding'} invariant ${i} of ${from} and ${to}`, `    ${i < 120 ? 'never' : 'always'}: { from: { labels: { app: ${from} } }, to: { labels: { app: ${to} } } }`);
    }
    const config = parseConfig(lines.join('\n'), 'c.yml');
    const state = matrixOf(apps);
    const report = diffReport(diffMatrices(state, state), { base: 'a', head: 'b' }, compareInvariants(config.invariants, state, state), 'c.yml');
    expect(report.summary).toMatchObject({ invariants: 420, violations: 120 });
    const form = (md: string) => {
      const named = (md.match(/^- ⚠️ still violated: failing invariant/gm) ?? []).length;
      if (md.includes('| Status | Invariant |')) return md.includes('holding invariant') ? 'table of all' : md.includes('… and 300 more invariants, all holding') && (md.match(/\| failing invariant/g) ?? []).length === 120 ? 'table of the failing' : 'other table';
      if (named === 120) return 'every failing name';
      if (named === 50 && md.includes('- … and 70 more failing')) return 'fifty failing names';
      if (md.includes('_420 invariants: 120 failing, 300 holding; the job summary lists them._')) return 'counts';
      return 'verdict';
    };
    const forms: string[] = [];
    for (let budget = 60_000; budget >= 0; budget -= 500) {
      const f = form(renderMarkdown(report, { budget }));
      if (forms.at(-1) !== f) forms.push(f);
    }
    expect(forms).toEqual(['table of all', 'table of the failing', 'every failing name', 'fifty failing names', 'counts', 'verdict']);
  });

  it('100 targets, and 20 failing targets with long errors', () => {
    const report = thousandChanges();
    fits(comment(action(Array.from({ length: 100 }, (_, i) => ({ name: `target-${i}`, report, error: null })))));
    const long = 'x'.repeat(5000);
    const failing = Array.from({ length: 20 }, (_, i): TargetOutcome => ({ name: `broken-${i}`, report: null, error: `target broken-${i}: the render command failed: ${long}` }));
    fits(comment(action(failing)));
    fits(comment(action([...failing, ...Array.from({ length: 100 }, (_, i) => ({ name: `t${i}`, report, error: null }))])));
  });

  it('1,000 targets: as many as fit are named, and the rest counted', () => {
    const report = thousandChanges();
    const md = comment(action(Array.from({ length: 1000 }, (_, i) => ({ name: `a-target-with-a-rather-long-name-${i}`, report, error: null }))));
    fits(md);
    expect(md).toMatch(/… and \d+ more targets; the job summary and the report output hold them all/);
  });
});

describe('the report the action writes is one publish mode reads', () => {
  it('a report over the size limit keeps its counts and statuses, with fewer witnesses, changes and explanations', () => {
    const big = thousandChanges();
    const report: ActionReport = {
      version: 1,
      kind: 'action',
      repository: 'o/r',
      pullRequest: 1,
      base: { sha: 'a'.repeat(40) },
      head: { sha: 'b'.repeat(40) },
      comparison: 'merge',
      configFile: null,
      summary: summarize([{ name: 't', report: big, error: null }]),
      targets: Array.from({ length: 20 }, (_, i) => ({ name: `t${i}`, report: big, error: null })),
    };
    const whole = JSON.stringify(report);
    const limit = Math.floor(whole.length / 10);
    const { text, shortened } = boundedReportJson(report, limit);
    expect(shortened).toBe(true);
    expect(bytes(text)).toBeLessThanOrEqual(limit);
    const back = JSON.parse(text) as ActionReport;
    expect(back.targets[3]!.report!.summary).toEqual(big.summary);
    expect(back.targets[3]!.report!.groups).toEqual(big.groups);
    expect(boundedReportJson(report, whole.length + 1)).toEqual({ text: whole, shortened: false });
  });
});
