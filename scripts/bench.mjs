// Bundles a benchmark (bench/main.ts, or the one `--entry FILE` names) and runs it with the other arguments.
import { build } from 'esbuild';

const at = process.argv.indexOf('--entry');
const entry = at >= 0 ? process.argv[at + 1] : 'bench/main.ts';
if (at >= 0) process.argv.splice(at, 2);
const outfile = `.bench/bin/${entry.replace(/^bench\//, '').replace(/\.ts$/, '')}.mjs`;
await build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
await import(new URL(`../${outfile}`, import.meta.url).href);
