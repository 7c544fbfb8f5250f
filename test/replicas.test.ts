/**
 * Traffic between pods of one workload (its replicas) is never a listed
 * pair, yet policies govern it: a change that opens or closes it is said
 * with RD111. The case is kube-prometheus's "alertmanager/networkPolicy:
 * Allow cluster peer-to-peer communication" (TCP and UDP 9094 between
 * alertmanager pods), which the diff showed as no reachability change.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ActionReport } from '../src/action/report.js';
import { noteworthy, summarize } from '../src/action/report.js';
import { diffReplicas } from '../src/change/replicas.js';
import { ConnectionSet } from '../src/model/connections.js';
import { compareMatrices } from '../src/pipeline/compare.js';
import type { Report } from '../src/report/report.js';
import { cli, deployment, matrixOf, namespace, policy } from './helpers.js';

function statefulSet(ns: string, name: string, labels: Record<string, string>): string {
  return deployment(ns, name, labels, [{ name: 'mesh-tcp', port: 9094 }]).replace('kind: Deployment', 'kind: StatefulSet');
}

const AM = { 'app.kubernetes.io/name': 'alertmanager' };
const ingress = (from: unknown[]) => [{ from: [{ podSelector: { matchLabels: { app: 'prometheus' } } }], ports: [{ port: 9093 }] }, ...from];
const PEERS = { from: [{ podSelector: { matchLabels: AM } }], ports: [{ port: 9094, protocol: 'TCP' }, { port: 9094, protocol: 'UDP' }] };

function state(peers: boolean, extra = ''): string {
  return (
    namespace('mon') +
    statefulSet('mon', 'alertmanager', AM) +
    deployment('mon', 'prometheus', { app: 'prometheus' }) +
    policy('mon', 'alertmanager', { podSelector: { matchLabels: AM }, policyTypes: ['Ingress'], ingress: ingress(peers ? [PEERS] : []) }) +
    extra
  );
}

describe('connections between replicas of one workload', () => {
  it('a change to them is found, with what it opens, though no pair of two workloads changed', () => {
    const base = matrixOf(state(false));
    const head = matrixOf(state(true));
    const changes = diffReplicas(base, head);
    expect(changes.map((c) => [c.workload, c.opened.toString(), c.closed.toString()])).toEqual([['mon/alertmanager[StatefulSet]', 'TCP 9094,UDP 9094', 'No Connections']]);
    expect(changes[0]!.base.equals(ConnectionSet.NONE)).toBe(true);
    // and back: closed
    expect(diffReplicas(head, base).map((c) => [c.workload, c.opened.toString(), c.closed.toString()])).toEqual([['mon/alertmanager[StatefulSet]', 'No Connections', 'TCP 9094,UDP 9094']]);
    expect(diffReplicas(base, matrixOf(state(false)))).toEqual([]);
  });

  it('a lone Pod is one pod (traffic to itself is not policed), and a workload on one side only has no change of its own', () => {
    const pod = (labels: Record<string, string>) => `apiVersion: v1\nkind: Pod\nmetadata: { name: solo, namespace: mon, labels: ${JSON.stringify(labels)} }\nspec: { containers: [{ name: c, image: x }] }\n---\n`;
    const isolate = policy('mon', 'solo', { podSelector: { matchLabels: { app: 'solo' } }, ingress: [] });
    expect(diffReplicas(matrixOf(namespace('mon') + pod({ app: 'solo' })), matrixOf(namespace('mon') + pod({ app: 'solo' }) + isolate))).toEqual([]);
    expect(diffReplicas(matrixOf(namespace('mon')), matrixOf(state(true)))).toEqual([]);
  });

  it('diff says so with RD111 on stderr and in the comment, and the config can silence it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reachdiff-replicas-'));
    for (const [side, peers] of [['base', false], ['head', true]] as const) {
      mkdirSync(join(dir, side));
      writeFileSync(join(dir, side, 'am.yaml'), state(peers));
    }
    const r = await cli(['diff', 'base', 'head'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('reachdiff: no path between workloads changed; the change introduces 1 warning (above)');
    expect(r.stderr).not.toContain('no reachability change');
    expect(r.stderr).toMatch(/head: head\/am\.yaml:\d+: warning: the change opens TCP 9094,UDP 9094 between pods of mon\/alertmanager\[StatefulSet\] \(its replicas\): a workload's connections to itself are not listed, so no diff line shows this \[RD111\]/);
    const md = await cli(['diff', 'base', 'head', '--format', 'md'], dir);
    // no all-clear: the change opens what no row shows
    expect(md.stdout.split('\n')[0]).toBe('**⚠️ no path between workloads changed · 1 warning introduced**');
    expect(md.stdout).toContain('RD111: the change opens TCP 9094,UDP 9094 between pods of mon/alertmanager\\[StatefulSet\\]');
    writeFileSync(join(dir, 'reachdiff.yml'), 'ignore:\n  - code: RD111\n    object: mon/alertmanager[StatefulSet]\n');
    const silenced = await cli(['diff', 'base', 'head', '--config', 'reachdiff.yml'], dir);
    expect(silenced.stderr).not.toContain('RD111');
    expect(silenced.stderr).toContain('1 warning silenced by the config');
  });

  it('the action comments on such a change where it comments only on changes', () => {
    const { report } = compareMatrices(matrixOf(state(false)), matrixOf(state(true)), { base: 'base', head: 'head' }, { analyze: {}, explain: false });
    expect(report.summary).toMatchObject({ opened: 0, closed: 0, changed: 0 });
    expect(report.warnings.introduced.map((w) => w.code)).toEqual(['RD111']);
    const action = (r: Report): ActionReport => {
      const targets = [{ name: 'manifests', report: r, error: null }];
      return { version: 1, kind: 'action', repository: 'o/r', pullRequest: 1, base: { sha: 'a'.repeat(40) }, head: { sha: 'b'.repeat(40) }, comparison: 'merge', configFile: null, summary: summarize(targets), targets };
    };
    expect(noteworthy(action(report))).toBe(true);
    expect(noteworthy(action({ ...report, warnings: { ...report.warnings, introduced: [] } }))).toBe(false);
  });
});
