/**
 * The lines of a document's nodes (src/input/yaml/nodelines.ts): every
 * order of lookups gives what a Map would, and none costs more than
 * linear time.
 */
import { describe, expect, it } from 'vitest';
import { NodeLines } from '../src/input/yaml/nodelines.js';

function filled(n: number): { lines: NodeLines; nodes: object[] } {
  const lines = new NodeLines();
  const nodes: object[] = [];
  for (let i = 0; i < n; i++) {
    const node = i % 2 === 0 ? {} : [];
    nodes.push(node);
    lines.set(node, 10 * i);
  }
  return { lines, nodes };
}

describe('NodeLines', () => {
  it('finds nodes looked up in the order they were recorded, skipping some', () => {
    const { lines, nodes } = filled(200);
    for (let i = 0; i < 200; i += 7) expect(lines.get(nodes[i]!)).toBe(10 * i);
  });

  it('finds nodes looked up backwards, at random, again, and says undefined for one never recorded', () => {
    const { lines, nodes } = filled(300);
    for (let i = 299; i >= 0; i -= 3) expect(lines.get(nodes[i]!)).toBe(10 * i);
    let seed = 7;
    for (let k = 0; k < 2000; k++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const i = seed % 300;
      expect(lines.get(nodes[i]!)).toBe(10 * i);
    }
    expect(lines.get({})).toBeUndefined();
    expect(lines.get(nodes[0]!)).toBe(0);
  });

  it('answers from the first lookup on: the cursor at 0 never counts from the end', () => {
    const { lines, nodes } = filled(5);
    expect(lines.get({})).toBeUndefined();
    expect(lines.get(nodes[4]!)).toBe(40);
    expect(lines.get(nodes[0]!)).toBe(0);
    expect(new NodeLines().get({})).toBeUndefined();
  });

  it('keeps answering for nodes recorded after lookups began', () => {
    const lines = new NodeLines();
    const a = {};
    lines.set(a, 1);
    expect(lines.get(a)).toBe(1);
    // enough misses to switch to a Map, then more nodes
    for (let i = 0; i < 100; i++) expect(lines.get({})).toBeUndefined();
    const b: unknown[] = [];
    lines.set(b, 2);
    expect(lines.get(b)).toBe(2);
    expect(lines.get(a)).toBe(1);
  });

  it('answers lookups that step a little back and forth through a long document, as a List of many objects is read', () => {
    const { lines, nodes } = filled(200_000);
    // forward 20 nodes, back 17, as an object's reader asks for a rule and then the object it is in
    for (let i = 20; i + 20 < nodes.length; i += 20) {
      if (lines.get(nodes[i]!) !== 10 * i) throw new Error(`node ${i}`);
      if (lines.get(nodes[i - 17]!) !== 10 * (i - 17)) throw new Error(`node ${i - 17}`);
    }
    expect(lines.get(nodes[0]!)).toBe(0);
  });

  it('stays linear when every lookup runs against the order: 100,000 nodes backwards, and 100,000 misses', () => {
    const { lines, nodes } = filled(100_000);
    const start = performance.now();
    for (let i = nodes.length - 1; i >= 0; i--) if (lines.get(nodes[i]!) !== 10 * i) throw new Error(`node ${i}`);
    for (let i = 0; i < 100_000; i++) if (lines.get({}) !== undefined) throw new Error('a node never recorded');
    // a quadratic scan would take minutes; linear work takes milliseconds
    expect(performance.now() - start).toBeLessThan(2000);
  });
});
