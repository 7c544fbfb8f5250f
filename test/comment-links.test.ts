import { describe, expect, it } from 'vitest';
import type { ActionReport } from '../src/action/report.js';
import { renderActionMarkdown, summarize } from '../src/action/report.js';
import { COMMENT_BUDGET } from '../src/action/run.js';
import { commentMarker } from '../src/action/comment.js';
import { diffMatrices } from '../src/change/diff.js';
import { compareInvariants } from '../src/check/invariants.js';
import { parseConfig } from '../src/check/config.js';
import { blobLinks } from '../src/render/locations.js';
import { renderMarkdown } from '../src/render/report-md.js';
import type { Report } from '../src/report/report.js';
import { diffReport } from '../src/report/report.js';
import { deployment, matrixOf, namespace, policy, thousandChanges } from './helpers.js';

const BASE = 'a'.repeat(40);
const HEAD = 'b'.repeat(40);
const SERVER = 'https://github.com';

function actionReport(report: Report, extra: Partial<ActionReport> = {}): ActionReport {
  const targets = [{ name: 'manifests', report, error: null }];
  return { version: 1, kind: 'action', repository: 'octo/shop', pullRequest: 7, base: { sha: BASE }, head: { sha: HEAD }, comparison: 'merge', configFile: '.github/reachdiff.yml', summary: summarize(targets), targets, ...extra };
}

const comment = (report: ActionReport, budget = COMMENT_BUDGET) => renderActionMarkdown(report, { marker: commentMarker('default'), budget, serverUrl: SERVER });

const SHOP = namespace('shop') + deployment('shop', 'web', { app: 'web' }) + deployment('shop', 'db', { app: 'db' });
const DENY_DB = policy('shop', 'db-deny', { podSelector: { matchLabels: { app: 'db' } }, ingress: [] });
const ALLOW_DB = policy('shop', 'db-from-web', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] });

/** Every `file:line` of a Markdown text, and whether it is the text of a link. */
function places(md: string): Array<{ place: string; url: string | undefined }> {
  const found: Array<{ place: string; url: string | undefined }> = [];
  for (const m of md.matchAll(/(\[)?([\w./\\-]+\.ya?ml:\d+)(?:\]\(([^)\s]+)\))?/g)) found.push({ place: m[2]!, url: m[1] ? m[3] : undefined });
  return found;
}

describe('links in the comment', () => {
  it('a place at head links to the head commit, a deleted policy to where it was at base', () => {
    const base = matrixOf({ 'k8s/apps.yaml': SHOP, 'k8s/deny.yaml': DENY_DB, 'k8s/allow.yaml': ALLOW_DB });
    const head = matrixOf({ 'k8s/apps.yaml': SHOP + deployment('shop', 'cache', { app: 'db' }), 'k8s/deny.yaml': DENY_DB });
    const report = diffReport(diffMatrices(base, head), { base: BASE, head: HEAD });
    const md = comment(actionReport(report));
    expect(md).toContain(`(it was at [k8s/allow.yaml:1](${SERVER}/octo/shop/blob/${BASE}/k8s/allow.yaml#L1))`);
    expect(md).toContain(`[k8s/apps.yaml:`);
    expect(md).toMatch(new RegExp(`\\[k8s/apps\\.yaml:\\d+\\]\\(${SERVER}/octo/shop/blob/${HEAD}/`));
    const all = places(md);
    expect(all.length).toBeGreaterThan(0);
    for (const p of all) {
      expect(p.url, p.place).toBeDefined();
      const [file, line] = p.place.split(':');
      expect(p.url).toMatch(new RegExp(`^${SERVER}/octo/shop/blob/(${BASE}|${HEAD})/${file!.replace(/\./g, '\\.')}#L${line}$`));
    }
  });

  it('the selector of an invariant links to the config at the revision it was read at', () => {
    const config = parseConfig('invariants:\n  - name: web never reaches dbb\n    never: { from: { labels: { app: web } }, to: { labels: { app: dbb } } }\n', '.github/reachdiff.yml');
    const [b, h] = [matrixOf(SHOP), matrixOf(SHOP)];
    const report = diffReport(diffMatrices(b, h), { base: BASE, head: HEAD }, compareInvariants(config.invariants, b, h), config.file);
    expect(comment(actionReport(report))).toContain(`[.github/reachdiff.yml:3](${SERVER}/octo/shop/blob/${BASE}/.github/reachdiff.yml#L3)`);
    expect(comment(actionReport(report, { configAt: HEAD }))).toContain(`[.github/reachdiff.yml:3](${SERVER}/octo/shop/blob/${HEAD}/.github/reachdiff.yml#L3)`);
    // compared with a merge base, the config is still the base branch's tip's: the link says so
    const TIP = 'c'.repeat(40);
    expect(comment(actionReport(report, { configAt: TIP }))).toContain(`[.github/reachdiff.yml:3](${SERVER}/octo/shop/blob/${TIP}/.github/reachdiff.yml#L3)`);
  });

  it('a rendered stream names its target and says the line is in its render output, without a link', () => {
    const base = matrixOf({ 'render:prod': SHOP + DENY_DB });
    const head = matrixOf({ 'render:prod': SHOP + DENY_DB + ALLOW_DB });
    const md = comment(actionReport(diffReport(diffMatrices(base, head), { base: BASE, head: HEAD })));
    expect(md).toMatch(/line \d+ of the output of target prod's render/);
    expect(md).not.toContain('render:prod');
    expect(md).not.toContain('/blob/');
  });

  it('links only to files of the repository, at a real commit, their paths encoded', () => {
    const links = blobLinks(SERVER, 'octo/shop', { base: BASE, head: HEAD })!;
    expect(links.url('k8s/my policies (v2).yaml', 4, 'head')).toBe(`${SERVER}/octo/shop/blob/${HEAD}/k8s/my%20policies%20(v2).yaml#L4`);
    expect(links.url('/etc/passwd', 1, 'head')).toBeUndefined();
    expect(links.url('../outside.yaml', 1, 'head')).toBeUndefined();
    expect(links.url('render:prod', 3, 'head')).toBeUndefined();
    expect(blobLinks(SERVER, 'octo/shop', { base: 'main', head: HEAD })!.url('a.yaml', 1, 'base')).toBeUndefined();
    expect(blobLinks('javascript:alert(1)', 'octo/shop', { base: BASE, head: HEAD })).toBeUndefined();
    // parentheses in a path cannot end the Markdown link early
    const base = matrixOf({ 'k8s/a (1).yaml': SHOP });
    const head = matrixOf({ 'k8s/a (1).yaml': SHOP + DENY_DB });
    expect(comment(actionReport(diffReport(diffMatrices(base, head), { base: BASE, head: HEAD })))).toContain(`(${SERVER}/octo/shop/blob/${HEAD}/k8s/a%20%281%29.yaml#L`);
  });

  it('the 60,000-byte budget holds with links, which go before rows do', () => {
    const report = thousandChanges();
    const md = comment(actionReport(report));
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(COMMENT_BUDGET);
    // where the rows fit only without links, the rows stay and the links go
    const plain = renderMarkdown(report, { graphLimit: 15 });
    const linked = renderMarkdown(report, { graphLimit: 15, links: blobLinks(SERVER, 'octo/shop', { base: BASE, head: HEAD }) });
    expect(Buffer.byteLength(linked)).toBeGreaterThan(Buffer.byteLength(plain));
    expect(renderMarkdown(report, { graphLimit: 15, budget: Buffer.byteLength(plain), links: blobLinks(SERVER, 'octo/shop', { base: BASE, head: HEAD }) })).toBe(plain);
  });
});
