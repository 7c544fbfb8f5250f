import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze } from '../src/engine/analyze.js';
import { listManifestFiles, readManifestFiles } from '../src/sources/directory.js';
import { loadCluster } from '../src/input/load.js';
import { cli, CORPUS, HAVE_CORPUS, listLines } from './helpers.js';

interface Case {
  kind: 'list' | 'diff' | 'exposure';
  inputs: string[];
  expected: string;
}

const INGRESS_CONTROLLER = '{ingress-controller}';

/** Whether a case's golden output has traffic through Ingress or Route objects. */
function hasIngress(c: Case): boolean {
  return readFileSync(join(CORPUS, c.expected), 'utf8').includes(INGRESS_CONTROLLER);
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

/**
 * The second documented divergence: objects the API server rejects (a name
 * with "_", a container port without containerPort, a Deployment whose
 * selector does not match its pod template's labels, an AdminNetworkPolicy
 * whose pods leave out the namespaceSelector or podSelector its v1alpha1 CRD
 * requires), which reachdiff reports as invalid and skips, while the corpus
 * analyses them.
 */
function rejectsObjects(dir: string): boolean {
  return matrix(dir, 'exclude').diagnostics.some(
    (d) =>
      (d.code === 'RD003' || d.code === 'RD004') &&
      /is not a valid .*name|containerPort|does not match the pod template's labels|pods\.(namespace|pod)Selector is required/.test(d.message),
  );
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
const exposureCases = cases.filter((c) => c.kind === 'exposure');

/** `N/M` of the cases with {ingress-controller} lines among results. */
function ingressFigure(results: ReadonlyArray<{ pass: boolean; ingress: boolean }>): string {
  const ing = results.filter((r) => r.ingress);
  return `with {ingress-controller} lines: ${ing.filter((r) => r.pass).length}/${ing.length}`;
}

if (!HAVE_CORPUS) console.log('conformance: corpus not found at ../shared/conformance/np-guard; conformance cases skipped');

describe.skipIf(!HAVE_CORPUS)('conformance: reachdiff list against the np-guard corpus', () => {
  const results: Array<{ dir: string; pass: boolean; admin: boolean; ingress: boolean }> = [];
  const rejected: string[] = [];

  it.each(listCases.map((c) => [c.inputs[0]!, c] as const))('%s', (dir, c) => {
    const expected = expectedLines(c);
    const got = listOf(dir, 'exclude');
    const pass = got.join('\n') === expected.join('\n');
    results.push({ dir, pass, admin: usesAdminPolicies(dir), ingress: hasIngress(c) });
    if (pass) return;
    if (rejectsObjects(dir)) return void rejected.push(dir);
    // the one documented divergence: host-network pods are not selected by
    // policies here, while the corpus treats them as pods. Such a case must
    // hold host-network pods and match exactly once they are treated as pods.
    expect(usesHostNetwork(dir), `${dir} differs and has no host-network pods`).toBe(true);
    expect(listOf(dir, 'include')).toEqual(expected);
  });

  it('reports the figure', () => {
    const passed = results.filter((r) => r.pass).length;
    const divergent = results.filter((r) => !r.pass).map((r) => r.dir);
    const hostNetwork = divergent.filter((d) => !rejected.includes(d));
    console.log(
      `${figure('list', results, listCases.length)}; ${ingressFigure(results)}; ${hostNetwork.length} differ only by the documented hostNetwork choice and pass with --host-network include${hostNetwork.length ? `: ${hostNetwork.join(', ')}` : ''}; ${rejected.length} hold objects the API server rejects, which are reported and skipped${rejected.length ? `: ${rejected.join(', ')}` : ''}`,
    );
    expect(passed + divergent.length).toBe(listCases.length);
    expect(results.length).toBe(listCases.length);
  });
});

describe.skipIf(!HAVE_CORPUS)('conformance: reachdiff diff against the np-guard corpus', () => {
  const results: Array<{ name: string; pass: boolean; admin: boolean; ingress: boolean }> = [];

  it.each(diffCases.map((c) => [`${c.inputs[0]} -> ${c.inputs[1]}`, c] as const))('%s', async (name, c) => {
    const expected = expectedDiff(c);
    const [base, head] = c.inputs as [string, string];
    const got = await diffOf(base, head, 'exclude');
    const pass = got.join('\n') === expected.join('\n');
    results.push({ name, pass, admin: usesAdminPolicies(base) || usesAdminPolicies(head), ingress: hasIngress(c) });
    if (pass) return;
    expect(usesHostNetwork(base) || usesHostNetwork(head), `${name} differs and has no host-network pods`).toBe(true);
    expect(await diffOf(base, head, 'include')).toEqual(expected);
  });

  it('reports the figure', () => {
    const passed = results.filter((r) => r.pass).length;
    const divergent = results.filter((r) => !r.pass).map((r) => r.name);
    console.log(
      `${figure('diff', results, diffCases.length)}; ${ingressFigure(results)}; ${divergent.length} differ only by the documented hostNetwork choice and pass with --host-network include${divergent.length ? `: ${divergent.join(', ')}` : ''}`,
    );
    expect(passed + divergent.length).toBe(diffCases.length);
    expect(results.length).toBe(diffCases.length);
  });
});

/** What `reachdiff list --exposure DIR` prints on stdout. */
async function exposureOf(dir: string, hostNetwork: 'exclude' | 'include'): Promise<string[]> {
  const r = await cli(['list', '--exposure', join(CORPUS, dir), '--host-network', hostNetwork]);
  if (r.code !== 0) throw new Error(`list --exposure ${dir} exited ${r.code}: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l !== '');
}

/**
 * The cases where reachdiff's exposure differs from np-guard's on purpose
 * (README, Conformance): np-guard gives a representative the connections of
 * the rules whose selectors are written the same as its own (or match
 * everything); reachdiff those of every rule that picks its pods, so a
 * pod `app in (x)` also gets what a rule for `app exists` allows.
 */
const SELECTOR_MEANING: ReadonlySet<string> = new Set([
  'tests/exposure_test_real_namespace_without_real_pod',
  'tests/exposure_test_with_different_rules_2',
  'tests/exposure_test_with_different_rules_2_with_matching_pod',
  'tests/exposure_test_with_different_rules_3_with_matching_pod',
  'tests/exposure_test_with_different_rules_4',
  'tests/exposure_test_with_different_rules_4_with_matching_pods',
  'tests/exposure_test_with_match_expression_does_not_exist_op_with_matching_pods',
  'tests/exposure_test_with_match_expression_not_in_op_with_matching_pods',
]);

/** `TCP 80,8080-8090,UDP 53` (or All/No Connections, or port names) as a set of protocol/port items, for containment. */
function connItems(text: string): Set<string> {
  const out = new Set<string>();
  if (text === 'All Connections') return new Set(['*']);
  if (text === 'No Connections') return out;
  let protocol = '';
  for (const item of text.split(',')) {
    const m = /^(\S*) (.+)$/.exec(item);
    const port = m ? m[2]! : item;
    if (m) protocol = m[1]!;
    const range = /^(\d+)-(\d+)$/.exec(port);
    if (range) for (let p = Number(range[1]); p <= Number(range[2]); p++) out.add(`${protocol}/${p}`);
    else out.add(`${protocol}/${port}`);
  }
  return out;
}

/** Exposure lines by workload, direction and representative: `W \t<= \tPEER : CONNS`. */
function representativeLines(lines: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const l of lines) {
    const m = /^(\S+)\s+\t(=>|<=) \t(.+?) : (.*)$/.exec(l);
    if (m && m[3]!.includes('/[')) out.set(`${m[1]} ${m[2]} ${m[3]}`, m[4]!);
  }
  return out;
}

/**
 * Whether two exposure outputs differ only where a representative gets, in
 * reachdiff, connections that np-guard does not give it: every other line
 * is the same, and each representative's connections hold np-guard's.
 */
function differsOnlyBySelectorMeaning(got: readonly string[], expected: readonly string[]): boolean {
  const isRep = (l: string) => /\t(=>|<=) \t.*\/\[/.test(l);
  if (got.filter((l) => !isRep(l)).join('\n') !== expected.filter((l) => !isRep(l)).join('\n')) return false;
  const ours = representativeLines(got);
  const theirs = representativeLines(expected);
  for (const key of new Set([...ours.keys(), ...theirs.keys()])) {
    const a = connItems(ours.get(key) ?? 'No Connections');
    const b = connItems(theirs.get(key) ?? 'No Connections');
    if (!a.has('*') && [...b].some((x) => !a.has(x))) return false;
  }
  return true;
}

describe.skipIf(!HAVE_CORPUS)('conformance: reachdiff list --exposure against the np-guard corpus', () => {
  const results: Array<{ name: string; pass: boolean; admin: boolean; ingress: boolean }> = [];
  const rejected: string[] = [];

  it.each(exposureCases.map((c) => [c.inputs[0]!, c] as const))('%s', async (dir, c) => {
    const expected = expectedLines(c);
    const got = await exposureOf(dir, 'exclude');
    const pass = got.join('\n') === expected.join('\n');
    results.push({ name: dir, pass, admin: usesAdminPolicies(dir), ingress: hasIngress(c) });
    if (pass) return;
    if (rejectsObjects(dir)) return void rejected.push(dir);
    expect(SELECTOR_MEANING.has(dir), `${dir} differs from np-guard and is not a documented divergence`).toBe(true);
    expect(differsOnlyBySelectorMeaning(got, expected), `${dir} differs beyond the documented divergence`).toBe(true);
  });

  it('reports the figure', () => {
    const divergent = results.filter((r) => !r.pass && !rejected.includes(r.name)).map((r) => r.name);
    console.log(
      `${figure('exposure', results, exposureCases.length)}; ${ingressFigure(results)}; ${divergent.length} differ only where reachdiff gives a representative the connections of every rule that picks its pods (documented): ${divergent.join(', ')}; ${rejected.length} hold objects the API server rejects${rejected.length ? `: ${rejected.join(', ')}` : ''}`,
    );
    expect(results.length).toBe(exposureCases.length);
  });
});
