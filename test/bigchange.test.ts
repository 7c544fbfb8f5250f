/**
 * Big changes finish, with bounded reports: one default-deny added to a
 * namespace of 500 workloads closes 250,000 paths. The report lists the
 * first changes with their explanations and counts every change per
 * namespace pair; the text output streams every line. Where the list is
 * cut, paths opened are kept before those narrowed or closed.
 */
import { describe, expect, it } from 'vitest';
import type { ActionReport } from '../src/action/report.js';
import { boundedReportJson, summarize } from '../src/action/report.js';
import { diffMatrices } from '../src/change/diff.js';
import { renderMarkdown } from '../src/render/report-md.js';
import { diffTextChunks } from '../src/render/difftext.js';
import { diffReport, LISTED_CHANGES, reportChanges } from '../src/report/report.js';
import { deployment, matrixOf, namespace, policy } from './helpers.js';

const WORKLOADS = 500;

describe('a change of 250,000 paths', () => {
  let apps = namespace('big');
  for (let i = 0; i < WORKLOADS; i++) apps += deployment('big', `w${i}`, { app: `w${i}` });
  const diff = diffMatrices(matrixOf(apps), matrixOf(apps + policy('big', 'deny', { podSelector: {}, policyTypes: ['Ingress'] })));
  const total = WORKLOADS * (WORKLOADS - 1) + WORKLOADS;

  it('every path closed is counted, per namespace pair', () => {
    const report = diffReport(diff, { base: 'base', head: 'head' });
    expect(report.summary.closed).toBe(total);
    expect(report.groups.map((g) => [g.type, g.srcNamespace, g.dstNamespace, g.count])).toEqual([
      ['removed', '', 'big', WORKLOADS],
      ['removed', 'big', 'big', WORKLOADS * (WORKLOADS - 1)],
    ]);
    expect(report.groups[1]!.example.causes.map((c) => c.message)).toEqual(['policy big/deny was added and isolates big/w100[Deployment] for ingress']);
  });

  it('the report lists the first changes with explanations, and stays small', () => {
    const report = diffReport(diff, { base: 'base', head: 'head' });
    expect(report.changes).toHaveLength(LISTED_CHANGES);
    expect(report.changes[0]!.explanation.causes.length).toBeGreaterThan(0);
    expect(JSON.stringify(report).length).toBeLessThan(16 << 20);
  });

  it('the Markdown report says how many it lists, and fits a budget', () => {
    const md = renderMarkdown(diffReport(diff, { base: 'base', head: 'head' }), { budget: 60_000 });
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(60_000);
    expect(md).toContain(`${total} paths closed`);
  });

  it('the text output streams a line for every change, in chunks', () => {
    const report = diffReport(diff, { base: 'base', head: 'head' }, [], '', { explain: false });
    let lines = 0;
    let chunks = 0;
    for (const chunk of diffTextChunks(report, false, reportChanges(diff, false))) {
      chunks++;
      lines += chunk.split('\n').length - 1;
    }
    expect(lines).toBe(total + 1);
    expect(chunks).toBeGreaterThan(10);
  });
});

describe('rows are filed under the namespace of their workload', () => {
  it('a namespace whose name holds a / is refused, as the API server refuses it, so no row is split', () => {
    const apps = deployment('team/a', 'web', { app: 'web' });
    const m = matrixOf(apps);
    expect(m.workloads).toHaveLength(0);
    expect(m.cluster.diagnostics.map((d) => d.code)).toContain('RD003');
  });

  it('a workload whose name holds dots is filed under its namespace', () => {
    const apps = deployment('team-a', 'web.v1', { app: 'web' }) + deployment('team-a', 'db.v2', { app: 'db' });
    const report = diffReport(diffMatrices(matrixOf(apps), matrixOf(apps + policy('team-a', 'deny', { podSelector: {} }))), { base: 'b', head: 'h' });
    expect(report.changes.every((c) => c.namespace === 'team-a')).toBe(true);
    expect(report.groups.filter((g) => g.srcNamespace !== '').map((g) => [g.srcNamespace, g.dstNamespace])).toEqual([['team-a', 'team-a']]);
  });
});

describe('a path opened among thousands narrowed', () => {
  // every path into big narrows to TCP 80 (changes, listed first in the diff), and one path to shop/db opens
  let apps = namespace('big') + namespace('shop') + deployment('shop', 'web', { app: 'web' }) + deployment('shop', 'db', { app: 'db' });
  for (let i = 0; i < 45; i++) apps += deployment('big', `w${i}`, { app: `w${i}` });
  const dbFrom = (ingress: unknown[]) => policy('shop', 'db', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress });
  const diff = diffMatrices(matrixOf(apps + dbFrom([])), matrixOf(apps + dbFrom([{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }]) + policy('big', 'web-only', { podSelector: {}, ingress: [{ ports: [{ port: 80 }] }] })));
  const opening = (c: { type: string; src: string; dst: string }) => c.type === 'added' && c.src === 'shop/web[Deployment]' && c.dst === 'shop/db[Deployment]';

  it('the report lists the opening, cut after ranking the whole diff', () => {
    const report = diffReport(diff, { base: 'base', head: 'head' });
    expect(report.summary).toMatchObject({ opened: 1, closed: 0 });
    expect(report.summary.changed).toBeGreaterThan(LISTED_CHANGES);
    expect(report.changes).toHaveLength(LISTED_CHANGES);
    expect(report.changes.filter(opening)).toHaveLength(1);
    const md = renderMarkdown(report);
    expect(md).toContain('| 🟢 opened | shop/web\\[Deployment\\] | shop/db\\[Deployment\\] |');
    expect(md).toContain(`_The report lists ${LISTED_CHANGES} of ${report.summary.changed + 1} changes, those that open paths or ports first`);
  });

  it("the action's bounded report keeps it among its 200 changes", () => {
    const report = diffReport(diff, { base: 'base', head: 'head' });
    const targets = [{ name: 'manifests', report, error: null }];
    const action: ActionReport = { version: 1, kind: 'action', repository: 'o/r', pullRequest: 1, base: { sha: 'a'.repeat(40) }, head: { sha: 'b'.repeat(40) }, comparison: 'merge', configFile: null, summary: summarize(targets), targets };
    const { text, shortened } = boundedReportJson(action, Buffer.byteLength(JSON.stringify(action)) - 1);
    expect(shortened).toBe(true);
    const kept = (JSON.parse(text) as ActionReport).targets[0]!.report!.changes;
    expect(kept).toHaveLength(200);
    expect(kept.filter(opening)).toHaveLength(1);
  });
});
