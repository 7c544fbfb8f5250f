import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { diffMatrices } from '../src/change/diff.js';
import { diffDot, listDot } from '../src/render/dot.js';
import { diffReport, reportChanges } from '../src/report/report.js';
import { cli, deployment, golden, matrixOf, namespace, ownedPod, policy } from './helpers.js';

const HAVE_DOT = spawnSync('dot', ['-V']).status === 0;
if (!HAVE_DOT) console.log('dot.test.ts: Graphviz (dot) is not installed; the DOT outputs are checked against their golden files but not laid out');

/** Lays the graph out with Graphviz, where it is installed: a syntax error fails. */
function layOut(text: string): void {
  if (!HAVE_DOT) return;
  const r = spawnSync('dot', ['-Tsvg'], { input: text, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}

describe('--format dot', () => {
  it('list: namespaces as clusters, external ranges apart, an edge per pair with its connections, a legend', async () => {
    const { stdout } = await cli(['list', 'fixtures/demo', '--format', 'dot']);
    golden('demo-list.dot', stdout);
    expect(stdout).toContain('label="namespace staging"');
    expect(stdout).toContain('"staging/backend[Deployment]" -> "staging/db[StatefulSet]" [label="TCP 5432"];');
    expect(stdout).toContain('"cluster_legend"');
    layOut(stdout);
  });

  it('diff: opened green, closed red and dashed, changed amber, with what changed', async () => {
    const { stdout } = await cli(['diff', 'fixtures/demo', 'fixtures/demo-pr', '--format', 'dot']);
    golden('demo-diff.dot', stdout);
    expect(stdout).toContain('"staging/frontend[Deployment]" -> "staging/db[StatefulSet]" [label="opened: TCP 5432", color="#2da44e"');
    expect(stdout).toContain('[label="changed: + TCP 8080 / − TCP 80", color="#bf8700"');
    layOut(stdout);
    const closed = diffReport(diffMatrices(matrixOf(namespace('a') + deployment('a', 'x', { app: 'x' }) + deployment('a', 'api', { app: 'api' })), matrixOf(namespace('a') + deployment('a', 'x', { app: 'x' }) + deployment('a', 'api', { app: 'api' }) + policy('a', 'deny', { podSelector: {}, policyTypes: ['Ingress'] }))), { base: 'b', head: 'h' });
    expect(diffDot(closed.changes)).toContain('color="#cf222e", fontcolor="#cf222e", style=dashed];');
  });

  it('names with quotes and backslashes stay inside their strings', () => {
    const m = matrixOf(namespace('a') + ownedPod('a', 'x"]; evil -> me [label="\\', { app: 'x' }));
    const text = listDot(m);
    expect(text).toContain('"a/x\\"]; evil -> me [label=\\"\\\\[ReplicaSet]"');
    layOut(text);
    expect([...reportChanges(diffMatrices(m, m), false)]).toEqual([]);
  });
});
