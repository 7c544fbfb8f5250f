/**
 * `npm run bench [-- --shapes S,L --runs 5 --seed 1 --cli dist/cli.js]`:
 * generates the repositories under .bench/, runs the CLI on them and prints
 * a markdown table of medians, peak memory and parse-floor ratios. `--cli`
 * times another build of the CLI (an older one, say) on the same inputs.
 */
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SHAPES } from './generate.js';
import { resultsTable, runBench } from './harness.js';

const { values } = parseArgs({
  options: {
    shapes: { type: 'string', default: 'S,L,R,X' },
    runs: { type: 'string' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: '.bench' },
    cli: { type: 'string', default: 'dist/cli.js' },
  },
});

const shapes = values.shapes.split(',').map((name) => {
  const shape = SHAPES[name.trim()];
  if (!shape) throw new Error(`unknown shape "${name}" (known: ${Object.keys(SHAPES).join(', ')})`);
  return shape;
});
const runs = values.runs === undefined ? undefined : Number(values.runs);
const root = resolve(values.out);
const results = await runBench({
  shapes,
  // X takes long enough that three runs give a stable median
  runs: (shape) => runs ?? (shape.name === 'X' ? 3 : 5),
  seed: Number(values.seed),
  root,
  cli: resolve(values.cli),
  repo: resolve('.'),
  log: (line) => process.stderr.write(`${line}\n`),
});
const machine = `${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node.js ${process.version}`;
const report = `Machine: ${machine}; seed ${values.seed}.\n\n${resultsTable(results)}\n`;
process.stdout.write(report);
await import('node:fs').then((fs) => {
  fs.writeFileSync(join(root, 'results.md'), report);
  fs.writeFileSync(join(root, 'results.json'), `${JSON.stringify({ machine, seed: values.seed, results }, null, 2)}\n`);
});
