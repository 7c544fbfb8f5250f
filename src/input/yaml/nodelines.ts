/**
 * The line of each mapping and sequence of a document, recorded in the
 * order a reader makes them. Recording is two pushes rather than a Map
 * entry (a Map costs an identity hash per object and a table that grows
 * by copies), and only a few of the nodes recorded are ever looked up.
 *
 * Lookups mostly come in the same order (a policy's reader walks the
 * document from top to bottom), so each starts where the last one was
 * found. Where they do not, the work done on scans is counted, and past a
 * few times the number of nodes a Map is built once and answers the rest:
 * no order of lookups costs more than linear time overall.
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
    let i = nodes.indexOf(node, this.cursor);
    this.work += (i < 0 ? n : i) - this.cursor;
    if (i < 0 && this.cursor > 0) {
      // before the cursor, nearest first (lastIndexOf with a negative start would count from the end)
      i = nodes.lastIndexOf(node, this.cursor - 1);
      this.work += this.cursor - i;
    }
    if (this.work > 4 * n + 256) {
      this.map = new Map();
      for (let j = 0; j < n; j++) this.map.set(nodes[j]!, this.lines[j]!);
    }
    if (i < 0) return undefined;
    this.cursor = i + 1;
    return this.lines[i];
  }
}
