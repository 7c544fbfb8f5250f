/**
 * `npm run bench [-- --shapes S,L --styles block,json --runs 5 --seed 1 --cli dist/cli.js]`:
 * generates the repositories under .bench/ in each style, runs the CLI on
 * them and prints a markdown table of medians, peak memory and the parse
 * floors of the project's reader, js-yaml's plain loadAll and JSON.parse.
 * `--cli` times another build of the CLI (an older one, say) on the same
 * inputs. By default L runs in every style and the other shapes in block
 * style.
 */
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Style } from './generate.js';
import { SHAPES, STYLES } from './generate.js';
import { resultsTable, runBench } from './harness.js';

const { values } = parseArgs({
  options: {
    shapes: { type: 'string', default: 'S,L,R,X' },
    runs: { type: 'string' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string', default: '.bench' },
    cli: { type: 'string', default: 'dist/cli.js' },
    styles: { type: 'string' },
  },
});

const shapes = values.shapes.split(',').map((name) => {
  const shape = SHAPES[name.trim()];
  if (!shape) throw new Error(`unknown shape "${name}" (known: ${Object.keys(SHAPES).join(', ')})`);
  return shape;
});
const runs = values.runs === undefined ? undefined : Number(values.runs);
const styles = values.styles?.split(',').map((s) => {
  if (!(STYLES as readonly string[]).includes(s.trim())) throw new Error(`unknown style "${s}" (known: ${STYLES.join(', ')})`);
  return s.trim() as Style;
});
const root = resolve(values.out);
const results = await runBench({
  shapes,
  styles: (shape) => styles ?? (shape.name === 'L' ? STYLES : ['block']),
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
