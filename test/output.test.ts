/**
 * The CLI's buffered standard output (src/cli/main.ts BufferedOutput):
 * what is written comes out whole, in order, in chunks of at most 64 KiB
 * unless one write is larger, and a flush writes what is held. And a
 * listing written as bytes (src/render/connlist.ts listBytes) is the
 * listing the matrix holds, in every format.
 */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BufferedOutput, run } from '../src/cli/main.js';
import { newCounts, renderListBytes, renderListChunks } from '../src/render/connlist.js';
import { deployment, listLines, matrixOf, policy, REPO } from './helpers.js';

function sink(): { chunks: Array<string | Uint8Array>; text: () => string; write: (c: string | Uint8Array) => void } {
  const chunks: Array<string | Uint8Array> = [];
  return {
    chunks,
    write: (c) => chunks.push(c),
    text: () => chunks.map((c) => (typeof c === 'string' ? c : Buffer.from(c).toString('utf8'))).join(''),
  };
}

describe('BufferedOutput', () => {
  it('writes every text whole and in order, multi-byte characters included', () => {
    const out = sink();
    const b = new BufferedOutput(out);
    let expected = '';
    for (let i = 0; i < 20_000; i++) {
      const t = `${i} team-t${i % 500}/web-${i}[Deployment] => ns/é→✓ 😀 : TCP ${i}\n`;
      b.write(t);
      expected += t;
    }
    b.flush();
    expect(out.text()).toBe(expected);
    expect(out.chunks.length).toBeGreaterThan(1);
    for (const c of out.chunks) expect(typeof c === 'string' ? c.length : c.length).toBeLessThanOrEqual(1 << 16);
  });

  it('writes a text larger than the buffer directly, after what it holds', () => {
    const out = sink();
    const b = new BufferedOutput(out);
    b.write('first\n');
    const big = 'x'.repeat(100_000);
    b.write(big);
    b.write('last\n');
    expect(out.text()).toBe(`first\n${big}`);
    b.flush();
    expect(out.text()).toBe(`first\n${big}last\n`);
  });

  it('holds nothing back after a flush, and a flush of nothing writes nothing', () => {
    const out = sink();
    const b = new BufferedOutput(out);
    b.flush();
    expect(out.chunks).toEqual([]);
    b.write('a');
    expect(out.chunks).toEqual([]);
    b.flush();
    b.flush();
    expect(out.text()).toBe('a');
    expect(out.chunks.length).toBe(1);
  });

  it('never hands out a buffer it writes into again (a write to a pipe may complete later)', () => {
    const out = sink();
    const b = new BufferedOutput(out);
    b.write('one');
    b.flush();
    b.write('two');
    b.flush();
    expect(out.chunks.map((c) => Buffer.from(c as Uint8Array).toString())).toEqual(['one', 'two']);
  });
});

describe('list written as bytes', () => {
  // 120 workloads that all reach each other: 14,280 lines, several chunks of 64 KiB
  const files: Record<string, string> = {};
  for (let i = 0; i < 120; i++) files[`w${i}.yaml`] = deployment(`team-${i % 7}`, `web-${i}`, { app: `web-${i}`, tier: i % 2 ? 'api' : 'web' }, [{ port: 8080, name: 'http' }]);
  files['np.yaml'] = policy('team-1', 'only-api', {
    podSelector: {},
    policyTypes: ['Ingress'],
    ingress: [{ from: [{ podSelector: { matchLabels: { tier: 'api' } } }], ports: [{ port: 'http' }] }],
  });
  const m = matrixOf(files);

  it('gives the lines the matrix holds, in order, across chunk boundaries, in every line format', () => {
    const expected = listLines(m).map((l) => `${l}\n`).join('');
    expect(expected.length).toBeGreaterThan(3 * (1 << 16));
    const bytes = [...renderListBytes(m, 'txt')];
    expect(bytes.length).toBeGreaterThan(3);
    for (const b of bytes) {
      expect(b.length).toBeLessThanOrEqual(1 << 16);
      // every chunk ends at the end of a line
      expect(b[b.length - 1]).toBe(10);
    }
    expect(Buffer.concat(bytes).toString('utf8')).toBe(expected);
    expect([...renderListChunks(m, 'txt')].join('')).toBe(expected);
    for (const format of ['csv', 'md', 'json', 'grouped'] as const) {
      expect(Buffer.concat([...renderListBytes(m, format)]).toString('utf8'), format).toBe([...renderListChunks(m, format)].join(''));
    }
    const csv = [...renderListChunks(m, 'csv')].join('').split('\n');
    expect(csv[0]).toBe('src,dst,conn');
    expect(csv.length - 2).toBe(listLines(m).length);
  });

  it('counts and focuses as the text does: the same summary through both ways', () => {
    const focus = (e: { name: string }) => e.name.startsWith('team-1/');
    const a = newCounts();
    const b = newCounts();
    const text = Buffer.concat([...renderListBytes(m, 'txt', focus, a)]).toString('utf8');
    const lines = listLines(m).filter((l) => l.startsWith('team-1/') || l.includes(' => team-1/'));
    expect(text).toBe(lines.map((l) => `${l}\n`).join(''));
    expect([...renderListChunks(m, 'txt', focus, b)].join('')).toBe(text);
    expect(a).toEqual(b);
    expect(a.all).toBe(listLines(m).length);
    expect(a.shown).toBe(lines.length);
  });

  it('the CLI writes the same bytes whether its output takes bytes or text', async () => {
    for (const format of ['txt', 'csv', 'md', 'json', 'grouped']) {
      const args = ['list', join(REPO, 'fixtures', 'demo'), '--exposure', '--format', format];
      let text = '';
      const chunks: Uint8Array[] = [];
      const codeText = await run(args, { stdout: (t) => (text += t), stderr: () => undefined, cwd: REPO });
      const codeBytes = await run(args, { stdout: (t) => chunks.push(Buffer.from(t)), stdoutBytes: (b) => chunks.push(b), stderr: () => undefined, cwd: REPO });
      expect(codeBytes).toBe(codeText);
      expect(Buffer.concat(chunks).toString('utf8'), format).toBe(text);
      expect(text.length).toBeGreaterThan(0);
    }
  });
});

describe('the CLI process', () => {
  it('ends only once a slow reader of its pipe has every byte, with the exit status of the command', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reachdiff-output-'));
    try {
      let expected = '';
      for (let i = 0; i < 120; i++) writeFileSync(join(dir, `w${i}.yaml`), deployment(`team-${i % 7}`, `web-${i}`, { app: `web-${i}` }, [{ port: 8080 }]));
      const inProcess = await run(['list', dir], { stdout: (t) => (expected += t), stderr: () => undefined, cwd: REPO });
      expect(inProcess).toBe(0);
      expect(expected.length).toBeGreaterThan(1 << 20);
      const child = spawn(process.execPath, [join(REPO, 'dist', 'cli.js'), 'list', dir], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
      const chunks: Buffer[] = [];
      // nobody reads until the process has written all of it (its summary on stderr comes last): the pipe is full, the rest waits in the process
      child.stdout.pause();
      let resumed = false;
      child.stderr.on('data', (c: Buffer) => {
        if (!resumed && c.toString().includes('connected pairs')) {
          resumed = true;
          setTimeout(() => child.stdout.resume(), 300);
        }
      });
      child.stdout.on('data', (c: Buffer) => chunks.push(c));
      const code = await new Promise<number | null>((done) => child.on('close', done));
      expect(code).toBe(0);
      expect(Buffer.concat(chunks).toString('utf8')).toBe(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits with 1 where an invariant breaks, and with 2 on a usage error', async () => {
    const status = (args: string[]) =>
      new Promise<number | null>((done) => spawn(process.execPath, [join(REPO, 'dist', 'cli.js'), ...args], { cwd: REPO, stdio: 'ignore' }).on('close', done));
    expect(await status(['diff', 'fixtures/demo', 'fixtures/demo-pr', '--config', 'fixtures/demo-invariants.yml'])).toBe(1);
    expect(await status(['list', '--no-such-option'])).toBe(2);
    expect(await status(['--version'])).toBe(0);
  });
});
