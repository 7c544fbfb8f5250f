/// <reference lib="dom" />
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { cli, deployment, namespace, policy } from './helpers.js';

/**
 * The HTML report in a real browser: Debian's Chromium driven by
 * playwright-core. Where Chromium is missing, the set-up installs it with
 * apt-get when it can, within 200 seconds (as root; REACHDIFF_BROWSER_INSTALL=0 turns that off,
 * and REACHDIFF_CHROMIUM names another binary);
 * where neither works, the tests are skipped with a one-line notice.
 */
const CHROMIUM = process.env['REACHDIFF_CHROMIUM'] ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

function chromium(): string | undefined {
  if (existsSync(CHROMIUM)) return undefined;
  if (process.env['REACHDIFF_BROWSER_INSTALL'] === '0') return 'REACHDIFF_BROWSER_INSTALL=0';
  if (CHROMIUM !== '/usr/bin/chromium' || process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get')) return 'no apt-get to install it with, as root';
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // one budget for the whole set-up, so that a slow mirror cannot push the suite past CI's time limit
  const deadline = Date.now() + 200_000;
  const run = (args: string[]) => spawnSync('apt-get', args, { env, timeout: Math.max(1, deadline - Date.now()), stdio: 'ignore' }).status === 0;
  if (!run(['install', '-y', '-qq', 'chromium']) && Date.now() < deadline) {
    run(['update', '-qq']);
    if (Date.now() < deadline) run(['install', '-y', '-qq', 'chromium']);
  }
  return existsSync(CHROMIUM) ? undefined : 'apt-get install chromium failed';
}

const missing = chromium();
if (missing) console.log(`browser.test.ts: skipped: no Chromium at ${CHROMIUM} (${missing})`);

describe.skipIf(missing !== undefined)('the HTML report in Chromium', () => {
  let browser: Browser;
  const dir = mkdtempSync(join(tmpdir(), 'reachdiff-html-'));

  beforeAll(async () => {
    const { chromium: launcher } = await import('playwright-core');
    browser = await launcher.launch({ executablePath: CHROMIUM, args: FLAGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Opens a page, recording console errors and any request but the page's own. */
  async function open(name: string, html: string): Promise<{ page: Page; errors: string[]; requests: string[] }> {
    const file = join(dir, name);
    writeFileSync(file, html);
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => {
      if (r.url() !== `file://${file}`) requests.push(r.url());
    });
    await page.goto(`file://${file}`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
    return { page, errors, requests };
  }

  async function screenshot(page: Page, name: string): Promise<void> {
    const path = join(dir, name);
    await page.screenshot({ path, fullPage: false });
    expect(readFileSync(path).subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(statSync(path).size).toBeGreaterThan(10_000);
  }

  const ids = (page: Page, selector: string, attr: string) => page.locator(selector).evaluateAll((els, a) => els.map((e) => e.getAttribute(a as string)), attr);

  it('list: loads without errors or requests, shows every workload and pair, filters, and is captured', async () => {
    const { stdout } = await cli(['list', 'fixtures/demo', '--format', 'html']);
    const { page, errors, requests } = await open('list.html', stdout);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    const nodes = await ids(page, '.node', 'data-id');
    for (const w of ['admin/toolbox[Deployment]', 'staging/backend[Deployment]', 'staging/db[StatefulSet]', 'staging/frontend[Deployment]']) expect(nodes).toContain(w);
    expect(await page.locator('.edge').count()).toBe(19);
    expect(await page.locator('.edge[data-src="staging/backend[Deployment]"][data-dst="staging/db[StatefulSet]"] title').textContent()).toBe('staging/backend[Deployment] → staging/db[StatefulSet]: TCP 5432');
    expect(await page.locator('table.matrix td.on').count()).toBe(19);
    await screenshot(page, 'list.png');
    await page.fill('input[data-filter="connections"]', 'TCP 5432');
    await page.waitForFunction(() => document.querySelectorAll('.edge').length === 1);
    expect(await ids(page, '.edge', 'data-dst')).toEqual(['staging/db[StatefulSet]']);
    await page.fill('input[data-filter="connections"]', '');
    await page.selectOption('select[data-filter="namespace"]', 'admin');
    await page.waitForFunction(() => document.querySelectorAll('.edge').length < 19);
    for (const e of await page.locator('.edge').evaluateAll((els) => els.map((x) => `${x.getAttribute('data-src')} ${x.getAttribute('data-dst')}`))) expect(e).toContain('admin/toolbox');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('diff: the changed paths coloured by kind, their explanations and the invariants; filters by kind', async () => {
    const { stdout } = await cli(['diff', 'fixtures/demo', 'fixtures/demo-pr', '--config', 'fixtures/demo-invariants.yml', '--format', 'html']);
    const { page, errors, requests } = await open('diff.html', stdout);
    expect(errors).toEqual([]);
    expect(requests).toEqual([]);
    expect(await ids(page, '.node', 'data-id')).toContain('staging/cache[Deployment]');
    expect((await ids(page, '.edge', 'data-type')).sort()).toEqual(['added', 'added', 'added', 'added', 'added', 'added', 'changed']);
    expect(await page.locator('.edge.changed').getAttribute('stroke')).toBe('#bf8700');
    expect(await page.locator('tr[data-type="added"]', { hasText: 'staging/db[StatefulSet]' }).locator('pre').textContent()).toContain('cause: policy staging/db-from-frontend was added (fixtures/demo-pr/policies.yaml:66)');
    expect(await page.locator('table.invariants tr[data-status="newly violated"]').count()).toBe(2);
    await screenshot(page, 'diff.png');
    await page.selectOption('select[data-filter="type"]', 'changed');
    await page.waitForFunction(() => document.querySelectorAll('.edge').length === 1);
    expect(await ids(page, '.edge', 'data-dst')).toEqual(['staging/backend[Deployment]']);
    await page.selectOption('select[data-filter="type"]', 'removed');
    await page.waitForSelector('text=No changed path matches the filters.');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('list of 2,000 workloads: loads in seconds, one node per namespace until filtered, then the workloads and their grid', async () => {
    const repo = join(dir, 'big');
    mkdirSync(repo);
    for (let n = 0; n < 100; n++) {
      let text = namespace(`team-${n}`);
      for (let w = 0; w < 20; w++) text += deployment(`team-${n}`, `app-${w}`, { app: `app-${w}`, team: `team-${n}` });
      text += policy(`team-${n}`, 'same-namespace', { podSelector: {}, ingress: [{ from: [{ podSelector: {} }] }] });
      writeFileSync(join(repo, `team-${n}.yaml`), text);
    }
    const { stdout } = await cli(['list', repo, '--format', 'html']);
    const started = Date.now();
    const { page, errors } = await open('big.html', stdout);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(errors).toEqual([]);
    expect(await page.locator('p.verdict').first().textContent()).toMatch(/^2000 workloads, /);
    // 100 namespaces and the external addresses, not 2,000 boxes
    expect(await page.locator('.node').count()).toBe(101);
    await page.selectOption('select[data-filter="namespace"]', 'team-7');
    await page.waitForFunction(() => document.querySelectorAll('table.matrix').length === 1, undefined, { timeout: 15_000 });
    const nodes = await ids(page, '.node', 'data-id');
    expect(nodes).toContain('team-7/app-3[Deployment]');
    expect(nodes.filter((n) => n!.startsWith('team-7/'))).toHaveLength(20);
    // within the namespace every pair but a workload to itself
    expect(await page.locator('.edge[data-dst^="team-7/"]').count()).toBe(20 * 19);
    await screenshot(page, 'big.png');
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);
});
