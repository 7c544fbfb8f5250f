import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ActionReport } from '../src/action/report.js';
import { actionVerdict, noteworthy, summarize } from '../src/action/report.js';
import type { Report } from '../src/report/report.js';
import { cli, deployment, namespace, policy, tree } from './helpers.js';

/**
 * A change that only exposes a workload to pods the manifests do not hold
 * (a rule that now admits any namespace's frontend pods) changes who can
 * reach it: the verdict, the count on stderr and the action's decision to
 * comment must not say there is no change.
 */
const APPS = namespace('shop') + deployment('shop', 'frontend', { app: 'frontend' }) + deployment('shop', 'db', { app: 'db' }, [{ port: 5432 }]);
const FROM_FRONTEND = { from: [{ podSelector: { matchLabels: { app: 'frontend' } } }], ports: [{ port: 5432 }] };
const FROM_ANY_FRONTEND = { from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'frontend' } } }], ports: [{ port: 5432 }] };
const db = (ingress: unknown[]) => policy('shop', 'db-allow', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress });

function states(): string {
  return tree({ 'base/m.yaml': APPS + db([FROM_FRONTEND]), 'head/m.yaml': APPS + db([FROM_FRONTEND, FROM_ANY_FRONTEND]) });
}

function action(r: Report): ActionReport {
  const targets = [{ name: 'manifests', report: r, error: null }];
  return { version: 1, kind: 'action', repository: 'o/r', pullRequest: 1, base: { sha: 'a'.repeat(40) }, head: { sha: 'b'.repeat(40) }, comparison: 'merge', configFile: null, summary: summarize(targets), targets };
}

describe('a change of exposure alone', () => {
  it('is no "no reachability change" in the verdict, the count or the action', async () => {
    const root = states();
    const md = await cli(['diff', join(root, 'base'), join(root, 'head'), '--exposure', '--format', 'md']);
    expect(md.stdout.split('\n')[0]).toBe('**✅ no path between workloads changed**');
    expect(md.stdout).toContain('| 🟢 newly exposed | shop/db\\[Deployment\\] | from | \\[all namespaces\\]/\\[pod with {app=frontend}\\] | TCP 5432 |');
    const txt = await cli(['diff', join(root, 'base'), join(root, 'head'), '--exposure']);
    expect(txt.stderr).toContain('reachdiff: no path between workloads changed; the exposure of 1 workload to pods the manifests do not hold did');
    expect(txt.stderr).not.toContain('no reachability change');
    const json = await cli(['diff', join(root, 'base'), join(root, 'head'), '--exposure', '--format', 'json']);
    const report = JSON.parse(json.stdout) as Report;
    expect(noteworthy(action(report))).toBe(true);
    // the verdict over all targets, as a comment of several targets heads it
    expect(actionVerdict(action(report))).toBe('✅ no path between workloads changed');
  });
});
