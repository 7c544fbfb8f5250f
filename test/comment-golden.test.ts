import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ActionReport } from '../src/action/report.js';
import { renderActionMarkdown, summarize } from '../src/action/report.js';
import { COMMENT_BUDGET } from '../src/action/run.js';
import { commentMarker } from '../src/action/comment.js';
import { diffMatrices } from '../src/change/diff.js';
import { compareInvariants } from '../src/check/invariants.js';
import { parseConfig } from '../src/check/config.js';
import type { Report } from '../src/report/report.js';
import { diffReport } from '../src/report/report.js';
import { cli, deployment, golden, matrixOf, namespace, policy, REPO, thousandChanges } from './helpers.js';

const BASE = 'a'.repeat(40);
const HEAD = 'b'.repeat(40);

function actionReport(targets: Array<{ name: string; report: Report }>): ActionReport {
  const outcomes = targets.map((t) => ({ ...t, error: null }));
  return { version: 1, kind: 'action', repository: 'octo/shop', pullRequest: 7, base: { sha: BASE }, head: { sha: HEAD }, comparison: 'merge', configFile: '.github/reachdiff.yml', summary: summarize(outcomes), targets: outcomes };
}

function comment(report: ActionReport): string {
  return renderActionMarkdown(report, { marker: commentMarker('default'), budget: COMMENT_BUDGET, runUrl: 'https://github.com/octo/shop/actions/runs/1', serverUrl: 'https://github.com' });
}

const SHOP = namespace('shop') + deployment('shop', 'frontend', { app: 'frontend' }) + deployment('shop', 'db', { app: 'db' }, [{ name: 'pg', port: 5432 }]);

function smallReport(): Report {
  const base = SHOP + policy('shop', 'db-ingress', { podSelector: { matchLabels: { app: 'db' } }, ingress: [] });
  const head = SHOP + policy('shop', 'db-ingress', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }], ports: [{ port: 'pg' }] }] });
  const config = parseConfig('invariants:\n  - name: frontend never reaches db\n    never: { from: { labels: { app: frontend } }, to: { labels: { app: db } } }\n', '.github/reachdiff.yml');
  const [b, h] = [matrixOf(base), matrixOf(head)];
  return diffReport(diffMatrices(b, h), { base: BASE, head: HEAD }, compareInvariants(config.invariants, b, h), config.file);
}

/** Text from manifests and the config that tries to break the table, inject HTML and notify people. */
function hostileReport(): Report {
  const evil = 'x|y</details><script>alert(1)</script>@org/team #123 `code` [link](http://e) GH-77 https://github.com/o/r/issues/9 \u202eevil\u200b';
  // object names are validated as the API server does; an owner reference's name and a file's path are not
  const pod = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-1\n  namespace: shop\n  labels: { app: web }\n  ownerReferences: [ { apiVersion: apps/v1, kind: ReplicaSet, controller: true, name: ${JSON.stringify(`web-${evil}`)}, uid: u } ]\nspec: { containers: [ { name: c, image: c } ] }\n---\n`;
  const ns = namespace('shop') + pod + deployment('shop', 'api', { app: 'api' });
  const head = ns + policy('shop', 'allow', { podSelector: { matchLabels: { app: 'api' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 8080 }] }] });
  const base = ns + policy('shop', 'deny', { podSelector: { matchLabels: { app: 'api' } }, ingress: [] });
  const config = parseConfig(`invariants:\n  - name: "${evil.replace(/"/g, '\\"')}"\n    never: { from: { labels: { app: web } }, to: { labels: { app: api } } }\n`, '.github/reachdiff.yml');
  const file = `k8s/${evil}.yaml`;
  const [b, h] = [matrixOf({ [file]: base }), matrixOf({ [file]: head })];
  return diffReport(diffMatrices(b, h), { base: BASE, head: HEAD }, compareInvariants(config.invariants, b, h), config.file);
}

/** Rows of a table, outside code spans, have as many unescaped pipes as its header. */
function tablesIntact(md: string): void {
  const pipes = (line: string) => line.replace(/\\\\/g, '').replace(/\\\|/g, '').split('|').length;
  let width: number | undefined;
  for (const line of md.split('\n')) {
    if (!line.startsWith('|')) {
      width = undefined;
      continue;
    }
    width ??= pipes(line);
    expect(pipes(line), line).toBe(width);
  }
}

describe('golden pull-request comments', () => {
  it('small: one target, one opened path, an invariant newly violated', () => {
    const md = comment(actionReport([{ name: 'manifests', report: smallReport() }]));
    golden('comment-small.md', md);
    tablesIntact(md);
  });

  it('exposure: a port newly reachable from outside the cluster has its own verdict line with the rule, newly exposed pods a table', async () => {
    const r = await cli(['diff', 'fixtures/exposure/base', 'fixtures/exposure/pr', '--config', 'fixtures/exposure/config.yml', '--exposure', '--format', 'json']);
    const md = comment(actionReport([{ name: 'default', report: JSON.parse(r.stdout) as Report }]));
    tablesIntact(md);
    golden('comment-exposure.md', md);
  });

  it('two targets: one section each, the verdict summed', () => {
    const md = comment(actionReport([
      { name: 'prod', report: smallReport() },
      { name: 'staging', report: thousandChanges() },
    ]));
    golden('comment-two-targets.md', md);
    expect(md).toMatch(/^<!-- reachdiff:comment:default -->\n### reachdiff\n\n\*\*❌ 1 invariant newly violated · \d+ paths? opened · \d+ closed/);
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(COMMENT_BUDGET);
  });

  it('the verdict is marked as the fail-on input fails the step: ❌ where it does, ⚠️ where an invariant fails that it does not fail on', () => {
    const report = actionReport([
      { name: 'prod', report: smallReport() },
      { name: 'staging', report: smallReport() },
    ]);
    const verdict = (failOn?: 'new-violations' | 'violations' | 'never') =>
      renderActionMarkdown(report, { marker: commentMarker('default'), budget: COMMENT_BUDGET, ...(failOn ? { failOn } : {}) }).split('\n').find((l) => l.startsWith('**'))!;
    expect(verdict()).toMatch(/^\*\*❌ 2 invariants newly violated/);
    expect(verdict('violations')).toMatch(/^\*\*❌ /);
    expect(verdict('never')).toMatch(/^\*\*⚠️ 2 invariants newly violated/);
    const single = actionReport([{ name: 'prod', report: smallReport() }]);
    const one = (failOn: 'new-violations' | 'never') => renderActionMarkdown(single, { marker: commentMarker('default'), budget: COMMENT_BUDGET, failOn }).split('\n').find((l) => l.startsWith('**'))!;
    expect(one('new-violations')).toMatch(/^\*\*❌ /);
    expect(one('never')).toMatch(/^\*\*⚠️ /);
  });

  it("each target's section, and its line where only lines fit, is marked as fail-on fails the step, as the verdict over them is", () => {
    const still = (): Report => {
      // base already breaks the invariant: an old violation, which only fail-on: violations fails on
      const state = SHOP + policy('shop', 'db-ingress', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }], ports: [{ port: 'pg' }] }] });
      const config = parseConfig('invariants:\n  - name: frontend never reaches db\n    never: { from: { labels: { app: frontend } }, to: { labels: { app: db } } }\n', '.github/reachdiff.yml');
      const [b, h] = [matrixOf(state), matrixOf(state)];
      return diffReport(diffMatrices(b, h), { base: BASE, head: HEAD }, compareInvariants(config.invariants, b, h), config.file);
    };
    const icons = (report: ActionReport, failOn: 'new-violations' | 'violations' | 'never', budget: number) => {
      const md = renderActionMarkdown(report, { marker: commentMarker('default'), budget, failOn });
      // the verdict over the targets, then one per target (a section's bold verdict, or a line each)
      return [...md.matchAll(/^(?:\*\*|- \*\*[^*]+\*\*: )(❌|⚠️|✅)/gmu)].map((m) => m[1]);
    };
    const broken = actionReport([{ name: 'prod', report: smallReport() }, { name: 'staging', report: smallReport() }]);
    const old = actionReport([{ name: 'prod', report: still() }, { name: 'staging', report: still() }]);
    for (const budget of [COMMENT_BUDGET, 3000]) {
      expect(icons(broken, 'new-violations', budget), `budget ${budget}`).toEqual(['❌', '❌', '❌']);
      expect(icons(broken, 'never', budget), `budget ${budget}`).toEqual(['⚠️', '⚠️', '⚠️']);
      expect(icons(old, 'new-violations', budget), `budget ${budget}`).toEqual(['⚠️', '⚠️', '⚠️']);
      expect(icons(old, 'violations', budget), `budget ${budget}`).toEqual(['❌', '❌', '❌']);
    }
    // the small budget leaves a line per target
    expect(renderActionMarkdown(broken, { marker: commentMarker('default'), budget: 3000, failOn: 'never' })).toContain('- **prod**: ⚠️');
  });

  it('large: over the budget, it steps down and says where the full report is', () => {
    const md = comment(actionReport([{ name: 'manifests', report: thousandChanges() }]));
    golden('comment-large.md', md);
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(COMMENT_BUDGET);
    expect(md).toContain('the full report is in the [job summary](https://github.com/octo/shop/actions/runs/1)');
    tablesIntact(md);
  });

  it('hostile: names with |, HTML, mentions, issue links and bidi characters cannot break a table, inject HTML, notify or hide text', () => {
    const md = comment(actionReport([{ name: 'manifests', report: hostileReport() }]));
    golden('comment-hostile.md', md);
    expect(md).not.toContain('<script');
    expect(md).not.toMatch(/@org/);
    expect(md).not.toMatch(/#123/);
    // GitHub links nothing inside a fenced block; the Mermaid labels keep only characters that cannot end a label
    const prose = md.replace(/```mermaid\n[\s\S]*?```/g, '');
    expect(prose).not.toMatch(/GH-77/);
    expect(prose).not.toContain('https://github.com/o/r/issues/9');
    for (const label of md.match(/n\d+\["[^"]*"\]/g) ?? []) expect(label).toMatch(/^n\d+\["[A-Za-z0-9._/:,+\- ?#;]*"\]$/);
    expect(md).not.toContain('\u202e');
    expect(md).toContain('\\[U+202E\\]evil\\[U+200B\\]');
    expect(md).not.toContain('[link](');
    expect((md.match(/<details>/g) ?? []).length).toBe((md.match(/<\/details>/g) ?? []).length);
    tablesIntact(md);
  });
});

describe('warnings in the comment', () => {
  it('lists the warnings the change introduces; those already present only when asked', async () => {
    const { readFileSync: read } = await import('node:fs');
    const { lint, compareWarnings } = await import('../src/check/lint.js');
    const trap = read(join(REPO, 'fixtures', 'lint', 'RD109', 'trap.yaml'), 'utf8');
    const [b, h] = [matrixOf(trap), matrixOf(`${trap}\n---\n${namespace('ops')}${deployment('ops', 'tool', { app: 'tool' })}`)];
    const warnings = { ...compareWarnings(lint(b), lint(h)), silenced: 0 };
    expect(warnings.existing.map((w) => w.code)).toContain('RD109');
    const report = diffReport(diffMatrices(b, h), { base: BASE, head: HEAD }, [], '', { warnings });
    const plain = comment(actionReport([{ name: 'manifests', report }]));
    expect(plain).toMatch(/No warning introduced by this change \(\d+ existing warnings?\)/);
    expect(plain).not.toContain('RD109');
    const all = renderActionMarkdown(actionReport([{ name: 'manifests', report }]), { marker: commentMarker('default'), budget: COMMENT_BUDGET, existingWarnings: true });
    expect(all).toContain('**Warnings already present**');
    expect(all).toMatch(/- test.yaml:\d+ RD109: shop\/cache\\\[Deployment\\\] has no NetworkPolicy/);
  });
});
