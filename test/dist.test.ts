import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain ES module without types
import { bundle, entries } from '../scripts/build.mjs';
import { REPO } from './helpers.js';

describe('committed bundle', () => {
  for (const entry of entries as Array<{ in: string; out: string }>) {
    it(`${entry.out} is fresh against src/ (run npm run build)`, async () => {
      const fresh = (await bundle(entry, false)) as string;
      const committed = readFileSync(join(REPO, entry.out), 'utf8');
      expect(committed === fresh, `${entry.out} is stale: run npm run build and commit it`).toBe(true);
    });
  }
});
