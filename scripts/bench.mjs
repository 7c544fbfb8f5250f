// Bundles the benchmark (bench/) and runs it with the given arguments.
import { build } from 'esbuild';

const outfile = '.bench/bin/main.mjs';
await build({
  entryPoints: ['bench/main.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
await import(new URL(`../${outfile}`, import.meta.url).href);
