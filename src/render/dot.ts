import type { Matrix } from '../engine/matrix.js';
import type { ReportChange } from '../report/report.js';
import { connectionsText } from './via.js';

/**
 * Graphviz DOT of reachability: one cluster per namespace, external ranges
 * in a cluster of their own, an edge per ordered pair that can connect
 * (list) or whose connections changed (diff: opened green, closed red and
 * dashed, changed amber), labelled with the connections, and a legend.
 */

/** A DOT string: quoted, with quotes, backslashes and line ends escaped. */
function q(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n|\r/g, '\\n')}"`;
}

const EXTERNAL = '(external)';

function namespaceOf(name: string): string {
  return name.endsWith('[External]') ? EXTERNAL : name.slice(0, name.indexOf('/'));
}

/** The short label of a node inside its namespace's cluster. */
function nodeLabel(name: string): string {
  return name.endsWith('[External]') ? name.slice(0, -'[External]'.length) : name.slice(name.indexOf('/') + 1);
}

export const CHANGE_COLOURS: Readonly<Record<ReportChange['type'], string>> = { added: '#2da44e', removed: '#cf222e', changed: '#bf8700' };
const CHANGE_WORDS: Readonly<Record<ReportChange['type'], string>> = { added: 'opened', removed: 'closed', changed: 'changed' };

function clusters(names: Iterable<string>): string[] {
  const byNs = new Map<string, string[]>();
  for (const n of names) {
    const ns = namespaceOf(n);
    const list = byNs.get(ns);
    if (list) list.push(n);
    else byNs.set(ns, [n]);
  }
  const lines: string[] = [];
  [...byNs.keys()].sort().forEach((ns, i) => {
    const external = ns === EXTERNAL;
    lines.push(`  subgraph ${q(`cluster_${i}`)} {`, `    label=${q(external ? 'external addresses' : `namespace ${ns}`)};`, `    style=${external ? 'dashed' : 'rounded'}; color="#8c959f";`);
    for (const n of byNs.get(ns)!.sort()) lines.push(`    ${q(n)} [label=${q(nodeLabel(n))}${external ? ', shape=box, style=dashed' : ''}];`);
    lines.push('  }');
  });
  return lines;
}

function legend(items: ReadonlyArray<{ label: string; colour: string; style: string }>): string[] {
  const lines = ['  subgraph "cluster_legend" {', '    label="legend"; style=dotted; color="#8c959f"; fontsize=10;', '    node [shape=plaintext, fontsize=10];'];
  items.forEach((it, i) => {
    lines.push(`    "legend_${i}_a" [label=""]; "legend_${i}_b" [label=${q(it.label)}];`);
    lines.push(`    "legend_${i}_a" -> "legend_${i}_b" [color=${q(it.colour)}, style=${it.style}];`);
  });
  lines.push('  }');
  return lines;
}

const HEADER = ['  rankdir=LR;', '  compound=true;', '  node [shape=ellipse, fontname="Helvetica", fontsize=11];', '  edge [fontname="Helvetica", fontsize=9];'];

/** `reachdiff list --format dot`: who can reach whom. */
export function listDot(matrix: Matrix): string {
  const names = new Set<string>(matrix.workloads.map((w) => w.id));
  const edges: string[] = [];
  for (const c of matrix.connections()) {
    names.add(c.src.name);
    names.add(c.dst.name);
    edges.push(`  ${q(c.src.name)} -> ${q(c.dst.name)} [label=${q(connectionsText(c.conn, matrix.via(c.src, c.dst)))}];`);
  }
  const key = legend([{ label: 'may connect, on the connections its label lists', colour: '#57606a', style: 'solid' }]);
  return ['digraph reachability {', ...HEADER, '  edge [color="#57606a"];', ...clusters(names), ...edges, ...key, '}', ''].join('\n');
}

/** `reachdiff diff --format dot`: the paths a change opened, closed or changed, and the workloads at their ends. */
export function diffDot(changes: Iterable<ReportChange>): string {
  const names = new Set<string>();
  const edges: string[] = [];
  for (const c of changes) {
    names.add(c.src);
    names.add(c.dst);
    const ports = c.type === 'added' ? c.head : c.type === 'removed' ? c.base : c.viaInfo ? `${c.head}, ${c.viaInfo}` : [c.opened ? `+ ${c.opened}` : '', c.closed ? `− ${c.closed}` : ''].filter(Boolean).join(' / ');
    const style = c.type === 'removed' ? 'dashed' : 'solid';
    edges.push(`  ${q(c.src)} -> ${q(c.dst)} [label=${q(`${CHANGE_WORDS[c.type]}: ${ports}`)}, color=${q(CHANGE_COLOURS[c.type])}, fontcolor=${q(CHANGE_COLOURS[c.type])}, style=${style}];`);
  }
  const key = legend([
    { label: 'opened', colour: CHANGE_COLOURS.added, style: 'solid' },
    { label: 'closed', colour: CHANGE_COLOURS.removed, style: 'dashed' },
    { label: 'changed (+ opened, − closed)', colour: CHANGE_COLOURS.changed, style: 'solid' },
  ]);
  return ['digraph reachability_diff {', ...HEADER, ...clusters(names), ...edges, ...key, '}', ''].join('\n');
}
