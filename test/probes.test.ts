/**
 * The probe cases of ../shared/probes, written by others from each
 * project's own documentation (see its README): every case is run with
 * `reachdiff list` and its probes are checked against the output. Skipped
 * with a one-line notice where the probes are absent.
 */
import { describe, expect, it } from 'vitest';
import { cli } from './helpers.js';
import { checkProbes, probeCases, PROBES } from './probes.js';

/** The kinds reachdiff models, whose probes must all pass (PROBE_KINDS runs others). */
const KINDS = (process.env['PROBE_KINDS'] ?? 'cnp,cilium,calico,kyverno,ipv6').split(',');

/**
 * Options a kind's cases are run with. The IPv6 cases are dual-stack
 * clusters, which manifests that name no IPv6 address cannot show: they run
 * with --ip-family dual, and the figure without it is printed too (README,
 * "IPv6 and dual-stack clusters", says why one case differs).
 */
const OPTIONS: Record<string, readonly string[]> = { ipv6: ['--ip-family', 'dual'] };

async function runCases(cases: ReturnType<typeof probeCases>, options: readonly string[]) {
  let total = 0;
  let passed = 0;
  let full = 0;
  const failures: string[] = [];
  for (const c of cases) {
    const r = await cli(['list', c.dir, '--format', 'txt', ...options]);
    const result = checkProbes(c.probes, r.code === 0 ? r.stdout : '');
    if (r.code !== 0) failures.push(`${c.name}: list exited ${r.code}: ${r.stderr.split('\n')[0]}`);
    total += result.total;
    passed += result.passed;
    if (result.passed === result.total && r.code === 0) full++;
    failures.push(...result.failures.map((f) => `${c.name}: ${f}`));
  }
  return { total, passed, full, failures };
}

for (const kind of KINDS) {
  const cases = probeCases(kind);
  describe.skipIf(cases.length === 0)(`probes: ${kind}`, () => {
    it(`every probe of ${PROBES}/${kind} passes`, async () => {
      const options = OPTIONS[kind] ?? [];
      if (options.length > 0) {
        const plain = await runCases(cases, []);
        console.log(`${kind} without ${options.join(' ')}: ${plain.passed}/${plain.total} probes passed, ${plain.full}/${cases.length} cases fully passed`);
      }
      const { total, passed, full, failures } = await runCases(cases, options);
      console.log(`${kind}${options.length > 0 ? ` with ${options.join(' ')}` : ''}: ${passed}/${total} probes passed, ${full}/${cases.length} cases fully passed`);
      expect(failures).toEqual([]);
    });
  });
  if (cases.length === 0) console.log(`probes: ${PROBES}/${kind} is absent; the ${kind} probe cases are skipped`);
}
