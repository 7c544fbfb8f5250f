/**
 * Property test of diffs: for random pairs of states (a random cluster and
 * a mutation of it), the engine's diff equals the set difference of the
 * two states as the reference evaluator sees them: which pairs were added,
 * removed or changed, with the connections on each side, what opened and
 * closed, and which ends exist on one side only.
 *
 * PROPERTY_SEED sets the first seed (default 1); DIFF_PROPERTY_RUNS the
 * number of pairs of each variant (default 500).
 */
import { describe, expect, it } from 'vitest';
import type { Coverage, Disagreement } from './reference/check.js';
import { checkDiff, newCoverage, shrink } from './reference/check.js';
import type { RandomCluster, Variant } from './reference/random.js';
import { describeCluster, mutate, randomCluster } from './reference/random.js';

const FIRST_SEED = Number(process.env['PROPERTY_SEED'] ?? 1);
const RUNS = Number(process.env['DIFF_PROPERTY_RUNS'] ?? 500);
const REPORTED = 3;
const TIMEOUT = Math.max(60_000, RUNS * 100);

const outcomes = new Map<Variant, { pairs: number; failing: number; coverage: Coverage }>();

function checked(base: RandomCluster, head: RandomCluster, seed: number, coverage?: Coverage): Disagreement[] {
  try {
    return checkDiff(base, head, seed, coverage);
  } catch (e) {
    return [{ message: `threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` }];
  }
}

function run(variant: Variant): void {
  let failing = 0;
  const coverage = newCoverage();
  for (let i = 0; i < RUNS; i++) {
    const seed = FIRST_SEED + i;
    const base = randomCluster(seed, variant);
    const { cluster: head, mutations } = mutate(base, seed + 0x9e3779b9, variant);
    const found = checked(base, head, seed, coverage);
    if (found.length === 0) continue;
    failing++;
    if (failing > REPORTED) continue;
    // shrink the head with the base fixed, then the base with the head fixed
    const smallHead = shrink(head, (h) => checked(base, h, seed).length > 0, 1500);
    const smallBase = shrink(base, (b) => checked(b, smallHead, seed).length > 0, 1500);
    console.log(
      [
        `diff property: ${variant} pair of seed ${seed} disagrees (mutations: ${mutations.join('; ') || 'none'}; PROPERTY_SEED=${seed} DIFF_PROPERTY_RUNS=1 reproduces it)`,
        ...found.slice(0, 5).map((d) => `  ${d.message}`),
        '  shrunk, where:',
        ...checked(smallBase, smallHead, seed)
          .slice(0, 5)
          .map((d) => `  ${d.message}`),
        '# base',
        describeCluster(smallBase),
        '# head',
        describeCluster(smallHead),
      ].join('\n'),
    );
  }
  outcomes.set(variant, { pairs: RUNS, failing, coverage });
}

describe('diff property: the engine diff is the set difference of the reference matrices', () => {
  it(`on ${RUNS} random pairs of NetworkPolicy-only states`, () => {
    run('network');
    expect(outcomes.get('network')!.failing).toBe(0);
  }, TIMEOUT);

  it(`on ${RUNS} random pairs of states with admin policies`, () => {
    run('admin');
    expect(outcomes.get('admin')!.failing).toBe(0);
  }, TIMEOUT);

  it(`on ${RUNS} random pairs of states with ClusterNetworkPolicies`, () => {
    run('cnp');
    expect(outcomes.get('cnp')!.failing).toBe(0);
  }, TIMEOUT);

  it(`on ${RUNS} random pairs of states with Cilium policies`, () => {
    run('cilium');
    expect(outcomes.get('cilium')!.failing).toBe(0);
  }, TIMEOUT);

  it(`on ${RUNS} random pairs of states with Calico policies and tiers`, () => {
    run('calico');
    expect(outcomes.get('calico')!.failing).toBe(0);
  }, TIMEOUT * 2);

  it('reports the figure', () => {
    const np = outcomes.get('network');
    const admin = outcomes.get('admin');
    const cnp = outcomes.get('cnp');
    const cilium = outcomes.get('cilium');
    const calico = outcomes.get('calico');
    const entries = (c: Coverage | undefined) => (c ? `${c.changed} changed, ${c.added} added, ${c.removed} removed, ${c.ipv6Entries} with an IPv6 range, ${c.replicas} workloads whose replicas reach one another differently` : 'not run');
    // the check of RD111 is not empty: every kind of change reaches pairs of a workload's own pods
    for (const o of [np, admin, cnp, cilium, calico]) if (o) expect(o.coverage.replicas).toBeGreaterThan(0);
    const failing = (np?.failing ?? 0) + (admin?.failing ?? 0) + (cnp?.failing ?? 0) + (cilium?.failing ?? 0) + (calico?.failing ?? 0);
    console.log(
      `diff property: ${np?.pairs ?? 0} NetworkPolicy state pairs, ${admin?.pairs ?? 0} admin-policy state pairs, ${cnp?.pairs ?? 0} ClusterNetworkPolicy state pairs, ${cilium?.pairs ?? 0} Cilium state pairs, ${calico?.pairs ?? 0} Calico state pairs, ${failing} disagreements (seeds from ${FIRST_SEED}; diff entries checked, NetworkPolicy: ${entries(np?.coverage)}; admin: ${entries(admin?.coverage)}; ClusterNetworkPolicy: ${entries(cnp?.coverage)}; Cilium: ${entries(cilium?.coverage)}; Calico: ${entries(calico?.coverage)})`,
    );
  });
});
