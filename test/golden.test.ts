import { describe, it } from 'vitest';
import { cli, golden } from './helpers.js';

const DIFF = ['diff', 'fixtures/demo', 'fixtures/demo-pr', '--config', 'fixtures/demo-invariants.yml'];

describe('golden renderings of the demo pull request', () => {
  it('list txt', async () => golden('demo-list.txt', (await cli(['list', 'fixtures/demo'])).stdout));
  it('diff txt', async () => golden('demo-diff.txt', (await cli(DIFF)).stdout));
  it('diff txt --explain', async () => golden('demo-diff-explain.txt', (await cli([...DIFF, '--explain'])).stdout));
  it('diff md', async () => golden('demo-diff.md', (await cli([...DIFF, '--format', 'md'])).stdout));
  it('diff json', async () => golden('demo-diff.json', (await cli([...DIFF, '--format', 'json'])).stdout));
  it('check txt', async () => golden('demo-check.txt', (await cli(['check', 'fixtures/demo-pr', '--config', 'fixtures/demo-invariants.yml'])).stdout));
});

const CALICO_DIFF = ['diff', 'fixtures/calico/base', 'fixtures/calico/pr', '--config', 'fixtures/calico/invariants.yml'];

describe('golden renderings of a pull request on a cluster with Calico tiers', () => {
  it('list txt', async () => golden('calico-list.txt', (await cli(['list', 'fixtures/calico/base'])).stdout));
  it('diff txt --explain', async () => golden('calico-diff-explain.txt', (await cli([...CALICO_DIFF, '--explain'])).stdout));
  it('diff md', async () => golden('calico-diff.md', (await cli([...CALICO_DIFF, '--format', 'md'])).stdout));
  it('diff json', async () => golden('calico-diff.json', (await cli([...CALICO_DIFF, '--format', 'json'])).stdout));
});

const DUAL_DIFF = ['diff', 'fixtures/dual-stack/base', 'fixtures/dual-stack/pr', '--config', 'fixtures/dual-stack/invariants.yml'];

describe('golden renderings of a pull request on a dual-stack cluster', () => {
  it('list txt', async () => golden('dual-stack-list.txt', (await cli(['list', 'fixtures/dual-stack/base'])).stdout));
  it('list json', async () => golden('dual-stack-list.json', (await cli(['list', 'fixtures/dual-stack/base', '--format', 'json'])).stdout));
  it('diff txt --explain', async () => golden('dual-stack-diff-explain.txt', (await cli([...DUAL_DIFF, '--explain'])).stdout));
  it('diff md', async () => golden('dual-stack-diff.md', (await cli([...DUAL_DIFF, '--format', 'md'])).stdout));
  it('diff json', async () => golden('dual-stack-diff.json', (await cli([...DUAL_DIFF, '--format', 'json'])).stdout));
});

const EXPOSURE_DIFF = ['diff', 'fixtures/exposure/base', 'fixtures/exposure/pr', '--config', 'fixtures/exposure/config.yml', '--exposure'];

describe('golden renderings of a pull request that opens a port from outside the cluster and admits namespaces not created yet', () => {
  it('list txt --exposure', async () => golden('exposure-list.txt', (await cli(['list', '--exposure', 'fixtures/exposure/pr', '--config', 'fixtures/exposure/config.yml'])).stdout));
  it('diff txt --exposure', async () => golden('exposure-diff.txt', (await cli(EXPOSURE_DIFF)).stdout));
  it('diff md --exposure', async () => golden('exposure-diff.md', (await cli([...EXPOSURE_DIFF, '--format', 'md'])).stdout));
  it('diff json --exposure', async () => golden('exposure-diff.json', (await cli([...EXPOSURE_DIFF, '--format', 'json'])).stdout));
});
