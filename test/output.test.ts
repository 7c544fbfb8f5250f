/**
 * The CLI's buffered standard output (src/cli/main.ts BufferedOutput):
 * what is written comes out whole, in order, in chunks of at most 64 KiB
 * unless one write is larger, and a flush writes what is held.
 */
import { describe, expect, it } from 'vitest';
import { BufferedOutput } from '../src/cli/main.js';

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
