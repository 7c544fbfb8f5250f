/**
 * The change between two states, object by object: policies and workloads
 * added, removed, edited, moved between files or listed in another order
 * are told apart from those that stayed the same, however far apart the
 * two lists drift.
 */
import { describe, expect, it } from 'vitest';
import { clusterChange } from '../src/change/affected.js';
import { deployment, load, policy } from './helpers.js';

const spec = (port: number) => ({ podSelector: { matchLabels: { app: 'a' } }, ingress: [{ ports: [{ port }] }] });

/** One file per policy, in order, so that a state's lists follow the given names. */
function state(policies: ReadonlyArray<[string, number]>, workloads: readonly string[]) {
  const files: Record<string, string> = {};
  policies.forEach(([name, port], i) => (files[`p${String(i).padStart(4, '0')}.yaml`] = policy('ns', name, spec(port))));
  workloads.forEach((name, i) => (files[`w${String(i).padStart(4, '0')}.yaml`] = deployment('ns', name, { app: name })));
  return load(files);
}

describe('clusterChange', () => {
  it('finds what was added, removed and edited among many that stayed, in any order', () => {
    const names = Array.from({ length: 300 }, (_, i) => `p${i}`);
    const basePolicies = names.map((n): [string, number] => [n, 80]);
    // head: some removed, some added, one edited, a stretch moved far away
    const removed = new Set(['p3', 'p4', 'p150']);
    const edited = new Set(['p1', 'p120', 'p200', 'p299']);
    const headPolicies: Array<[string, number]> = basePolicies.filter(([n]) => !removed.has(n)).map(([n, p]): [string, number] => [n, edited.has(n) ? 443 : p]);
    headPolicies.splice(10, 0, ['new1', 80]);
    headPolicies.splice(100, 0, ['new2', 80], ['new3', 80]);
    // a short stretch moved to the end, then a long one
    headPolicies.push(...headPolicies.splice(20, 30));
    headPolicies.push(...headPolicies.splice(130, 90));
    const workloads = Array.from({ length: 200 }, (_, i) => `w${i}`);
    const headWorkloads = workloads.filter((w) => w !== 'w7').concat(['w-new']);
    const base = state(basePolicies, workloads);
    const head = state(headPolicies, headWorkloads);

    const change = clusterChange(base, head);
    const policies = [...change.policies.entries()].map(([key, v]) => `${key.split('\u0000')[1]}:${v.base ? 'b' : ''}${v.head ? 'h' : ''}`).sort();
    expect(policies).toEqual(['ns/new1:h', 'ns/new2:h', 'ns/new3:h', 'ns/p1:bh', 'ns/p120:bh', 'ns/p150:b', 'ns/p200:bh', 'ns/p299:bh', 'ns/p3:b', 'ns/p4:b'].sort());
    expect([...change.workloads].sort()).toEqual(['ns/w-new[Deployment]', 'ns/w7[Deployment]']);
    expect([...change.policyNamespaces]).toEqual(['ns']);
  });

  it('finds nothing between a state and a copy of it read from other files', () => {
    const policies = Array.from({ length: 50 }, (_, i): [string, number] => [`p${i}`, 80 + i]);
    const change = clusterChange(state(policies, ['a', 'b']), state(policies, ['a', 'b']));
    expect(change.policies.size).toBe(0);
    expect(change.workloads.size).toBe(0);
  });
});
