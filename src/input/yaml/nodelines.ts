/**
 * The line of each mapping and sequence of a document, recorded in the
 * order a reader makes them. Recording is two pushes rather than a Map
 * entry (a Map costs an identity hash per object and a table that grows
 * by copies), and only a few of the nodes recorded are ever looked up.
 *
 * Lookups mostly come in the same order (a policy's reader walks the
 * document from top to bottom), a few nodes forward or back of the last
 * one found, so each search starts there and widens on both sides by
 * doubling windows: a lookup costs a few times its distance from the last,
 * where a search to the end of the document (a step back in a List of
 * many objects) cost the whole of it. The work done on scans is counted,
 * and past a few dozen times the number of nodes a Map is built once and
 * answers the rest: no order of lookups costs more than linear time
 * overall.
 */
export class NodeLines {
  private readonly nodes: object[] = [];
  private readonly lines: number[] = [];
  private cursor = 0;
  private work = 0;
  private map: Map<object, number> | undefined;

  /** Records a node's line; each node is recorded once. */
  set(node: object, line: number): void {
    this.nodes.push(node);
    this.lines.push(line);
    this.map?.set(node, line);
  }

  get(node: object): number | undefined {
    if (this.map) return this.map.get(node);
    const nodes = this.nodes;
    const n = nodes.length;
    // searched so far: [lo, hi), around the cursor
    let lo = this.cursor;
    let hi = lo;
    let i = -1;
    for (let width = 16; lo > 0 || hi < n; width *= 2) {
      const end = Math.min(n, hi + width);
      for (let j = hi; j < end; j++) {
        if (nodes[j] === node) {
          i = j;
          break;
        }
      }
      this.work += end - hi;
      hi = end;
      if (i >= 0) break;
      const start = Math.max(0, lo - width);
      for (let j = lo - 1; j >= start; j--) {
        if (nodes[j] === node) {
          i = j;
          break;
        }
      }
      this.work += lo - start;
      lo = start;
      if (i >= 0) break;
    }
    // a scan step costs far less than a Map entry: the budget is a few dozen steps a node
    if (this.work > 32 * n + 256) {
      this.map = new Map();
      for (let j = 0; j < n; j++) this.map.set(nodes[j]!, this.lines[j]!);
    }
    if (i < 0) return undefined;
    this.cursor = i + 1;
    return this.lines[i];
  }
}
