import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/engine/analyze.js';
import { listManifestFiles, readManifestFiles } from '../src/sources/directory.js';
import { loadCluster } from '../src/input/load.js';
import { cli, CORPUS, HAVE_CORPUS, listLines } from './helpers.js';

interface Case {
  kind: 'list' | 'diff';
  inputs: string[];
  expected: string;
}


function expectedLines(c: Case): string[] {
  return readFileSync(join(CORPUS, c.expected), 'utf8')
    .split('\n')
    .filter((l) => l !== '');
}

function matrix(dir: string, hostNetwork: 'exclude' | 'include') {
  const { files } = listManifestFiles([join(CORPUS, dir)]);
  return analyze(loadCluster(readManifestFiles(files, { maxFileBytes: 64 << 20 })), { hostNetwork });
}

function listOf(dir: string, hostNetwork: 'exclude' | 'include'): string[] {
  return listLines(matrix(dir, hostNetwork));
}

/** What `reachdiff diff BASE HEAD` prints on stdout (warnings and diagnostics go to stderr). */
async function diffOf(base: string, head: string, hostNetwork: 'exclude' | 'include'): Promise<string[]> {
  const r = await cli(['diff', join(CORPUS, base), join(CORPUS, head), '--host-network', hostNetwork]);
  if (r.code !== 0) throw new Error(`diff ${base} ${head} exited ${r.code}: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l !== '');
}

/** The golden diff; a header alone means no change. */
function expectedDiff(c: Case): string[] {
  const lines = expectedLines(c);
  return lines.length === 1 && lines[0] === 'Connectivity diff:' ? [] : lines;
}

/** Whether a case's inputs hold AdminNetworkPolicy or BaselineAdminNetworkPolicy objects. */
function usesAdminPolicies(dir: string): boolean {
  try {
    return execFileSync('grep', ['-rlE', '"?kind"?: *"?(Baseline)?AdminNetworkPolicy', join(CORPUS, dir)], { encoding: 'utf8' }).trim() !== '';
  } catch {
    return false;
  }
}

/** `N/M ... (NetworkPolicy only: n/m; with AdminNetworkPolicy or BaselineAdminNetworkPolicy: a/b)` */
function figure(kind: string, results: ReadonlyArray<{ pass: boolean; admin: boolean }>, total: number): string {
  const count = (rs: ReadonlyArray<{ pass: boolean }>) => `${rs.filter((r) => r.pass).length}/${rs.length}`;
  const np = results.filter((r) => !r.admin);
  const admin = results.filter((r) => r.admin);
  return `${results.filter((r) => r.pass).length}/${total} conformance cases passed (${kind}; NetworkPolicy only: ${count(np)}; with AdminNetworkPolicy or BaselineAdminNetworkPolicy: ${count(admin)})`;
}

function usesHostNetwork(dir: string): boolean {
  try {
    return execFileSync('grep', ['-rlE', '"?hostNetwork"?: *true', join(CORPUS, dir)], { encoding: 'utf8' }).trim() !== '';
  } catch {
    return false;
  }
}

const cases: Case[] = HAVE_CORPUS ? JSON.parse(readFileSync(join(CORPUS, 'cases.json'), 'utf8')) : [];
const listCases = cases.filter((c) => c.kind === 'list');
const diffCases = cases.filter((c) => c.kind === 'diff');

if (!HAVE_CORPUS) console.log('conformance: corpus not found at ../shared/conformance/np-guard; conformance cases skipped');

describe.skipIf(!HAVE_CORPUS)('conformance: reachdiff list against the np-guard corpus', () => {
  const results: Array<{ dir: string; pass: boolean; admin: boolean }> = [];

  it.each(listCases.map((c) => [c.inputs[0]!, c] as const))('%s', (dir, c) => {
    const expected = expectedLines(c);
    const got = listOf(dir, 'exclude');
    const pass = got.join('\n') === expected.join('\n');
    results.push({ dir, pass, admin: usesAdminPolicies(dir) });
    if (pass) return;
    // the one documented divergence: host-network pods are not selected by
    // policies here, while the corpus treats them as pods. Such a case must
    // hold host-network pods and match exactly once they are treated as pods.
    expect(usesHostNetwork(dir), `${dir} differs and has no host-network pods`).toBe(true);
    expect(listOf(dir, 'include')).toEqual(expected);
  });

  it('reports the figure', () => {
    const passed = results.filter((r) => r.pass).length;
    const divergent = results.filter((r) => !r.pass).map((r) => r.dir);
    console.log(
      `${figure('list', results, listCases.length)}; ${divergent.length} differ only by the documented hostNetwork choice and pass with --host-network include${divergent.length ? `: ${divergent.join(', ')}` : ''}`,
    );
    expect(passed + divergent.length).toBe(listCases.length);
    expect(results.length).toBe(listCases.length);
  });
});

describe.skipIf(!HAVE_CORPUS)('conformance: reachdiff diff against the np-guard corpus', () => {
  const results: Array<{ name: string; pass: boolean; admin: boolean }> = [];

  it.each(diffCases.map((c) => [`${c.inputs[0]} -> ${c.inputs[1]}`, c] as const))('%s', async (name, c) => {
    const expected = expectedDiff(c);
    const [base, head] = c.inputs as [string, string];
    const got = await diffOf(base, head, 'exclude');
    const pass = got.join('\n') === expected.join('\n');
    results.push({ name, pass, admin: usesAdminPolicies(base) || usesAdminPolicies(head) });
    if (pass) return;
    expect(usesHostNetwork(base) || usesHostNetwork(head), `${name} differs and has no host-network pods`).toBe(true);
    expect(await diffOf(base, head, 'include')).toEqual(expected);
  });

  it('reports the figure', () => {
    const passed = results.filter((r) => r.pass).length;
    const divergent = results.filter((r) => !r.pass).map((r) => r.name);
    console.log(
      `${figure('diff', results, diffCases.length)}; ${divergent.length} differ only by the documented hostNetwork choice and pass with --host-network include${divergent.length ? `: ${divergent.join(', ')}` : ''}`,
    );
    expect(passed + divergent.length).toBe(diffCases.length);
    expect(results.length).toBe(diffCases.length);
  });
});
