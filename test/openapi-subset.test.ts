import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: plain ES module without types
import { extract } from '../scripts/openapi-subset.mjs';
import { REPO } from './helpers.js';

const require = createRequire(import.meta.url);
let description: string | undefined;
try {
  description = require.resolve('@octokit/openapi/generated/api.github.com.deref.json');
} catch {
  description = undefined;
}

describe('the committed OpenAPI subset', () => {
  it.skipIf(!description || !existsSync(description))('is what scripts/openapi-subset.mjs extracts from the installed description', () => {
    const spec = JSON.parse(readFileSync(description!, 'utf8')) as unknown;
    const committed = JSON.parse(readFileSync(join(REPO, 'test', 'github-api', 'openapi-subset.json'), 'utf8')) as unknown;
    expect(committed).toEqual(extract(spec));
  });
});
