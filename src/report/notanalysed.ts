import type { NotAnalysed } from '../input/cluster.js';
import { pluralOfKind } from '../policy/registry.js';

/** An object or rule part not analysed, as reports carry it. */
export interface NotAnalysedJson {
  kind: string;
  name?: string;
  file: string;
  line: number;
  reason: string;
}

export function notAnalysedJson(list: readonly NotAnalysed[]): NotAnalysedJson[] {
  return list.map((n) => ({ kind: n.kind, ...(n.name ? { name: n.name } : {}), file: n.source.file, line: n.source.line, reason: n.reason }));
}

/** `3 CiliumNetworkPolicies`, `1 rule part`, most common first (then by kind). */
export function notAnalysedCounts(list: readonly Pick<NotAnalysedJson, 'kind'>[]): string[] {
  const counts = new Map<string, number>();
  for (const n of list) counts.set(n.kind, (counts.get(n.kind) ?? 0) + 1);
  return [...counts.entries()]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .map(([kind, n]) => `${n} ${n === 1 ? kind : pluralOfKind(kind)}`);
}

/**
 * One line that says what was not analysed, or undefined when everything
 * was: "3 CiliumNetworkPolicies and 1 AuthorizationPolicy were not
 * analysed; the paths shown may not be those of the cluster".
 */
export function notAnalysedLine(list: readonly Pick<NotAnalysedJson, 'kind'>[]): string | undefined {
  if (list.length === 0) return undefined;
  const parts = notAnalysedCounts(list);
  const joined = parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]!}`;
  return `${joined} ${list.length === 1 ? 'was' : 'were'} not analysed; the paths shown may not be those of the cluster`;
}
