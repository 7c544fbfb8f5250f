// Bundles the entry points into self-contained files under dist/.
import { build } from 'esbuild';

const banner = [
  "import { createRequire as __reachdiffCreateRequire } from 'node:module';",
  'const require = __reachdiffCreateRequire(import.meta.url);',
].join('\n');

export const entries = [
  { in: 'src/cli/main.ts', out: 'dist/cli.js', shebang: true },
  { in: 'src/action/main.ts', out: 'dist/index.js', shebang: false },
];

export async function bundle(entry, write = true) {
  const result = await build({
    entryPoints: [entry.in],
    outfile: entry.out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: entry.target ?? 'node20',
    banner: { js: `${entry.shebang ? '#!/usr/bin/env node\n' : ''}${banner}` },
    legalComments: 'none',
    // paths in the bundle stay node_modules/..., even where node_modules is a symlink
    preserveSymlinks: true,
    logLevel: 'warning',
    write,
  });
  return result.outputFiles?.[0]?.text;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const entry of entries) await bundle(entry);
}
