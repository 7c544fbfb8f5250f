/**
 * `npm run bench:big`: a change of a million paths. One namespace of 1,000
 * workloads, all open at base; head adds one default-deny, closing every
 * path between them (999,000) and from outside (1,000). Runs `diff` in
 * each output format as a child process and reports the median wall time,
 * the peak RSS and the size of what it printed (the md output at a
 * pull-request comment's budget).
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { median, runOnce, supportScripts } from './harness.js';

const { values } = parseArgs({ options: { workloads: { type: 'string', default: '1000' }, runs: { type: 'string', default: '3' }, out: { type: 'string', default: '.bench' }, cli: { type: 'string', default: 'dist/cli.js' } } });
const n = Number(values.workloads);
const root = join(resolve(values.out), `big-${n}`);
const docs = ['apiVersion: v1\nkind: Namespace\nmetadata: { name: big }\n'];
for (let i = 0; i < n; i++) {
  docs.push(`apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: w${i}, namespace: big }\nspec:\n  template:\n    metadata: { labels: { app: w${i} } }\n    spec: { containers: [{ name: c, image: x }] }\n`);
}
for (const side of ['base', 'head']) {
  mkdirSync(join(root, side), { recursive: true });
  writeFileSync(join(root, side, 'apps.yaml'), docs.join('---\n'));
}
writeFileSync(join(root, 'head', 'deny.yaml'), 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: deny, namespace: big }\nspec: { podSelector: {}, policyTypes: [Ingress] }\n');
writeFileSync(join(root, 'config.yml'), 'invariants:\n  - name: w0 never reaches w1\n    never: { from: { labels: { app: w0 } }, to: { labels: { app: w1 } } }\n  - name: w1 reaches w2\n    always: { from: { labels: { app: w1 } }, to: { labels: { app: w2 } } }\n');

const { probe } = await supportScripts(resolve(values.out), resolve('.'));
const cli = resolve(values.cli);
const formats: Array<[string, string[]]> = [
  ['txt', ['--format', 'txt']],
  ['json', ['--format', 'json']],
  ['md (comment, 60,000 bytes)', ['--format', 'md', '--max-bytes', '60000']],
];
const rows: string[] = [];
for (const [name, args] of formats) {
  const seconds: number[] = [];
  const megabytes: number[] = [];
  let bytes = 0;
  let status: number | null = 0;
  for (let r = 0; r < Number(values.runs); r++) {
    const out = join(root, `out-${name.split(' ')[0]}`);
    const run = runOnce(cli, ['diff', join(root, 'base'), join(root, 'head'), '--config', join(root, 'config.yml'), ...args], probe, out);
    seconds.push(run.sample.seconds);
    megabytes.push(run.sample.megabytes);
    bytes = statSync(out).size;
    status = run.status;
    process.stderr.write(`${name}: ${run.sample.seconds.toFixed(2)} s, ${Math.round(run.sample.megabytes)} MB, exit ${run.status}\n`);
  }
  rows.push(`| ${n * (n - 1) + n} | ${name} | ${median(seconds).toFixed(2)} s | ${Math.round(median(megabytes))} MB | ${bytes.toLocaleString('en-US')} bytes | ${status} |`);
}
const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node.js ${process.version}`;
const table = [`Machine: ${machine}; ${values.runs} runs each, medians.`, '', '| Paths closed | Output | Median wall | Peak RSS | Printed | Exit |', '| ---: | --- | ---: | ---: | ---: | ---: |', ...rows].join('\n');
process.stdout.write(`${table}\n`);
writeFileSync(join(root, 'results.md'), `${table}\n`);
