import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diffMatrices } from '../src/change/diff.js';
import { diffHtmlData, listHtmlData, renderHtml } from '../src/render/html.js';
import type { HtmlData } from '../src/render/html.js';
import { diffReport } from '../src/report/report.js';
import { cli, deployment, golden, matrixOf, namespace, ownedPod, policy, REPO } from './helpers.js';

/** The data a page carries, read back from its script element. */
export function pageData(html: string): HtmlData {
  const m = /<script type="application\/json" id="reachdiff-data">(.*?)<\/script>/s.exec(html);
  if (!m) throw new Error('no data in the page');
  return JSON.parse(m[1]!) as HtmlData;
}

describe('--format html', () => {
  it('list: the data of the demo', async () => {
    const { stdout } = await cli(['list', 'fixtures/demo', '--format', 'html']);
    const data = pageData(stdout);
    golden('demo-list.html-data.json', `${JSON.stringify(data, null, 2)}\n`);
    const list = data.targets[0]!;
    expect(list.kind).toBe('list');
  });

  it('diff: the changed paths with their explanations, the invariants and the warnings introduced', async () => {
    const { stdout } = await cli(['diff', 'fixtures/demo', 'fixtures/demo-pr', '--config', 'fixtures/demo-invariants.yml', '--format', 'html']);
    const data = pageData(stdout);
    golden('demo-diff.html-data.json', `${JSON.stringify(data, null, 2)}\n`);
    const diff = data.targets[0]!;
    if (diff.kind !== 'diff') throw new Error('not a diff');
    expect(diff.changes.find((c) => c.dst === 'staging/db[StatefulSet]')?.why).toContain('cause: policy staging/db-from-frontend was added (fixtures/demo-pr/policies.yaml:66)');
    expect(diff.invariants.filter((i) => i.failed).map((i) => i.name)).toEqual(['frontend must never reach db', 'only backend and admin reach db']);
  });

  it('diff: input at head that could not be read is named, with file, line and reason', async () => {
    const head = mkdtempSync(join(tmpdir(), 'reachdiff-html-unread-'));
    cpSync(join(REPO, 'fixtures', 'demo-pr'), head, { recursive: true });
    writeFileSync(join(head, 'broken.yaml'), 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x\n');
    const { stdout } = await cli(['diff', 'fixtures/demo', head, '--format', 'html']);
    const diff = pageData(stdout).targets[0]!;
    if (diff.kind !== 'diff') throw new Error('not a diff');
    expect(diff.unread).toEqual([{ code: 'RD001', where: expect.stringMatching(/broken\.yaml:\d+$/), message: expect.any(String) }]);
    expect(stdout).toContain('Input that could not be read');
  });

  it('is one self-contained file: inline style and script, and a policy that allows no request', async () => {
    const { stdout } = await cli(['list', 'fixtures/demo', '--format', 'html']);
    expect(stdout).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`);
    expect(stdout).not.toMatch(/\b(src|href)=/);
    expect(stdout).not.toMatch(/<link\b/);
    expect(stdout).not.toMatch(/@import|url\(http/);
  });

  it('names from manifests cannot end the data script or inject markup', () => {
    const evil = 'x</script><script>alert(1)</script>';
    const m = matrixOf(namespace('a') + ownedPod('a', evil, { app: 'web' }));
    const html = renderHtml(listHtmlData(m, '<b>label</b>'));
    expect(html.match(/<script/g)).toHaveLength(2);
    expect(html).toContain('<title>reachdiff list &lt;b&gt;label&lt;/b&gt;</title>');
    expect(pageData(html).targets[0]!.kind).toBe('list');
    expect(JSON.stringify(pageData(html))).toContain(evil);
  });

  it('list rows are shared by the sources that reach the same destinations the same way', () => {
    let text = namespace('a');
    for (let i = 0; i < 5; i++) text += deployment('a', `w${i}`, { app: `w${i}` });
    text += policy('a', 'deny', { podSelector: {}, policyTypes: ['Ingress'] }) + policy('a', 'to-w0', { podSelector: { matchLabels: { app: 'w0' } }, ingress: [{ from: [{ podSelector: {} }] }] });
    const data = listHtmlData(matrixOf(text), 'a').targets[0]!;
    if (data.kind !== 'list') throw new Error('not a list');
    // w1..w4 reach w0 and the outside alike; w0 reaches only the outside
    expect(new Set(data.rowOf.slice(1, 5)).size).toBe(1);
    expect(data.rows.length).toBeLessThan(5);
  });

  it('diff data counts every change and lists those the report lists', () => {
    const base = matrixOf(namespace('a') + deployment('a', 'x', { app: 'x' }) + deployment('a', 'api', { app: 'api' }));
    const head = matrixOf(namespace('a') + deployment('a', 'x', { app: 'x' }) + deployment('a', 'api', { app: 'api' }) + policy('a', 'deny', { podSelector: {}, policyTypes: ['Ingress'] }));
    const report = diffReport(diffMatrices(base, head), { base: 'b', head: 'h' }, [], '', { listed: 1 });
    const data = diffHtmlData([{ name: 'prod', report }], 't').targets[0]!;
    if (data.kind !== 'diff') throw new Error('not a diff');
    expect(data.changes).toHaveLength(1);
    // x → api, api → x, and the outside to each
    expect(data.counts.closed).toBe(4);
    expect(data.name).toBe('prod');
  });
});
