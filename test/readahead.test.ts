/**
 * Reading files on several threads (src/pipeline/readahead.ts) puts into
 * the cache what reading them on one would: contributions sent between
 * threads come back equal, policy kinds and all, and the bundle's output
 * is the same byte for byte whatever the number of threads.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deserialize, serialize } from 'node:v8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: plain ES module without types
import { bundle } from '../scripts/build.mjs';
import { generate, SHAPES } from '../bench/generate.js';
import type { FileContribution, SnapshotFile } from '../src/input/load.js';
import { LoadCache, readFile } from '../src/input/load.js';
import { pack, readAhead, unpack } from '../src/pipeline/readahead.js';
import { FIXTURES, REPO } from './helpers.js';

const SHARED = join(REPO, '..', 'shared');

function manifests(dir: string): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d).sort()) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ya?ml|json)$/.test(e)) out.push({ path: p, text: readFileSync(p, 'utf8') });
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

const temps: string[] = [];
const temp = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'reachdiff-threads-'));
  temps.push(dir);
  return dir;
};
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('contributions sent between threads', () => {
  const dirs = [FIXTURES, join(REPO, 'test', 'yaml-corpus'), join(SHARED, 'probes'), join(SHARED, 'conformance')];
  if (!existsSync(join(SHARED, 'conformance'))) console.log('readahead: ../shared/conformance/ is absent; its manifests are not sent between threads here');

  it('come back as readFile returned them, every policy with its kind, for the fixtures, probes and corpus', () => {
    let policies = 0;
    let files = 0;
    for (const dir of dirs) {
      for (const f of manifests(dir)) {
        const c = readFile(f);
        const back = unpack(deserialize(serialize(pack(c))) as ReturnType<typeof pack>);
        expect(back, f.path).toEqual(c);
        back.items.forEach((item, i) => {
          const was = c.items[i]!;
          if (item.kind === 'policy' && was.kind === 'policy') {
            expect(item.policy.kind, f.path).toBe(was.policy.kind);
            policies++;
          }
        });
        files++;
      }
    }
    expect(files).toBeGreaterThan(300);
    expect(policies).toBeGreaterThan(300);
  });

  it('refuse a policy of a kind not among the kinds modelled', () => {
    const c = readFile({ path: 'np.yaml', text: 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: a}\nspec: {podSelector: {}}\n' });
    const item = c.items.find((i) => i.kind === 'policy');
    expect(item).toBeDefined();
    const forged: FileContribution = { ...c, items: c.items.map((i) => (i.kind === 'policy' ? { ...i, policy: { ...i.policy, kind: { ...i.policy.kind } } } : i)) };
    expect(() => pack(forged)).toThrow(/not in POLICY_KINDS/);
  });
});

describe('reading ahead on other threads', () => {
  let script: URL;
  beforeAll(async () => {
    // a bundle that serves reads, as the entry points' bundles do
    const dir = temp();
    const entry = join(dir, 'reader.ts');
    writeFileSync(entry, `import { serveReads } from ${JSON.stringify(join(REPO, 'src', 'pipeline', 'readahead.ts'))};\nserveReads();\n`);
    await bundle({ in: entry, out: join(dir, 'reader.js') });
    script = pathToFileURL(join(dir, 'reader.js'));
  });

  it('fills the cache with what each file contributes, read here or there', async () => {
    const generated = generate(SHAPES['S']!, 3, temp());
    // four copies told apart by a comment: about 6 MB, more than this thread reads before another starts
    const files: SnapshotFile[] = [];
    for (let copy = 0; copy < 4; copy++) for (const f of manifests(generated.head)) files.push({ path: `${copy}/${f.path}`, text: `# copy ${copy}\n${f.text}` });
    const cache = new LoadCache();
    const read = await readAhead(files, {}, cache, { script, count: 2, minChars: 0 });
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThan(files.length);
    for (const f of files) {
      if (!('text' in f)) continue;
      expect(cache.get(f.text), f.path).toEqual(readFile(f, { keepObjects: false }));
    }
  });

  it('leaves files that keep every object (Kyverno) and small inputs to the states reading', async () => {
    const kyverno = manifests(join(FIXTURES)).filter((f) => f.text.includes('kyverno.io'));
    expect(kyverno.length).toBeGreaterThan(0);
    const cache = new LoadCache();
    expect(await readAhead(kyverno, {}, cache, { script, count: 2, minChars: 0 })).toBe(0);
    expect(cache.size).toBe(0);
    const small = manifests(join(FIXTURES, 'demo')).filter((f) => !f.text.includes('kyverno.io'));
    expect(small.length).toBeGreaterThan(0);
    expect(await readAhead(small, {}, cache, { script, count: 2 })).toBe(0);
    expect(cache.size).toBe(0);
  });

  it('reads every file here where the other thread cannot start', async () => {
    const files = manifests(generate(SHAPES['S']!, 4, temp()).head);
    const cache = new LoadCache();
    expect(await readAhead(files, {}, cache, { script: pathToFileURL(join(temp(), 'missing.js')), count: 2, minChars: 0 })).toBe(0);
    for (const f of files) expect(cache.get(f.text)).toEqual(readFile(f, { keepObjects: false }));
  });
});

describe('the bundle on several threads', () => {
  const cliJs = join(REPO, 'dist', 'cli.js');
  const run = (args: string[]) => {
    try {
      return { code: 0, out: execFileSync(process.execPath, [cliJs, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 }) };
    } catch (e) {
      const err = e as { status: number; stdout: string; stderr: string };
      return { code: err.status, out: `${err.stdout}\n--- stderr\n${err.stderr}` };
    }
  };

  it('lists and diffs a generated repository as it does on one thread', () => {
    const generated = generate(SHAPES['S']!, 5, temp(), 'flow');
    for (const args of [['list', generated.head, '--format', 'json'], ['diff', generated.base, generated.head, '--explain']]) {
      const one = run([...args, '--threads', '1']);
      expect(one.out.length).toBeGreaterThan(1000);
      expect(run([...args, '--threads', '2']), `${args[0]} --threads 2`).toEqual(one);
    }
  });

  it('refuses --threads that is not a whole number from 1 to 64', () => {
    for (const bad of ['0', '65', 'two', '1.5', '-1']) {
      const r = run(['list', join(FIXTURES, 'demo'), `--threads=${bad}`]);
      expect(r.code, bad).toBe(2);
      expect(r.out).toContain('--threads must be a whole number from 1 to 64');
    }
  });
});
