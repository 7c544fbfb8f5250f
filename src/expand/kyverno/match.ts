/**
 * Which objects a rule's `match` selects and its `exclude` spares
 * (kyverno.io/docs/policy-types/cluster-policy/match-exclude/, and
 * kyverno/kyverno pkg/engine/utils/match.go): `any` holds when one filter
 * does, `all` when every one does; inside a filter, the fields are ANDed and
 * each list is ORed. An object is selected when `match` holds and `exclude`
 * does not.
 */
import type { Labels } from '../../model/selectors.js';
import { matches, parseSelector, selectorOfRequirements } from '../../model/selectors.js';
import { NAMESPACE_NAME_LABEL } from '../../model/cluster.js';
import { isRecord } from '../../model/objects.js';
import type { Budget } from './jmespath.js';
import { wildcardMatch } from './wildcard.js';

/** An object as a rule sees it: its identity, labels and those of its namespace. */
export interface Candidate {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly name: string;
  /** '' for cluster-scoped objects. */
  readonly namespace: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly namespaceLabels: Labels;
}

/** A filter of `match` or `exclude` that cannot be used: Kyverno rejects the policy. */
export class InvalidFilter extends Error {}

function strings(v: unknown, what: string): string[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new InvalidFilter(`${what} must be a list of strings`);
  return v as string[];
}

/** The group, version and kind patterns of a `kinds` entry (`Kind`, `Version/Kind`, `Group/Version/Kind`, with wildcards); undefined for a subresource. */
export function kindPattern(pattern: string): { group: string; version: string; kind: string } | undefined {
  const parts = pattern.split('/');
  const last = parts[parts.length - 1]!;
  // `Pod/status`, `Pod.status`, `apps/v1/Deployment/scale`: a subresource, not the object itself
  const subresource = (parts.length >= 2 && /^[a-z]/.test(last) && /^[A-Z*]/.test(parts[parts.length - 2]!)) || /^[A-Z][^.]*\.[a-z]/.test(last);
  if (subresource || parts.length > 3) return undefined;
  const [group, version, kind] = (parts.length === 1 ? ['*', '*', last] : parts.length === 2 ? ['*', parts[0]!, last] : parts) as [string, string, string];
  return { group, version, kind };
}

/** Whether a `kinds` entry names the object; a subresource never does. */
export function kindMatches(pattern: string, c: Pick<Candidate, 'group' | 'version' | 'kind'>, budget: Budget): boolean {
  const p = kindPattern(pattern);
  return p !== undefined && wildcardMatch(p.group, c.group, budget) && wildcardMatch(p.version, c.version, budget) && wildcardMatch(p.kind, c.kind, budget);
}

/** A label or annotation value as a filter gives it: a string, or a number or boolean YAML did not quote; anything else Kyverno rejects. */
function valueText(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/** A label selector whose matchLabels keys and values may hold wildcards, as Kyverno's are. */
export function selectorMatches(raw: unknown, labels: Labels, what: string, budget: Budget): boolean {
  return selectorVerdict(raw, labels, what, budget) === true;
}

/** Whether a filter names who makes the request (subjects, roles, clusterRoles), which the manifests do not say. */
export function namesUser(filter: Record<string, unknown>): boolean {
  return ['subjects', 'roles', 'clusterRoles'].some((k) => Array.isArray(filter[k]) && (filter[k] as unknown[]).length > 0);
}

/**
 * The admission operation a trigger is read as: CREATE (as every object of
 * the manifests is), or a later UPDATE of it; or none (''), as the
 * background controller reads an object that existed before a policy with
 * generateExisting, which no operation a filter names takes.
 */
export type Operation = 'CREATE' | 'UPDATE' | '';

/**
 * Whether the `resources` of one filter hold for an object, on a request of
 * `operation`. A filter naming who makes the request (namesUser) is not
 * matched: the generate rules' expansion refuses such a rule, or leaves it
 * unexpanded, first.
 */
function filterHolds(filter: Record<string, unknown>, c: Candidate, budget: Budget, operation: Operation): boolean {
  const res = filter['resources'];
  const r = isRecord(res) ? res : {};
  const kinds = strings(r['kinds'], 'resources.kinds');
  if (kinds.length > 0 && !kinds.some((k) => kindMatches(k, c, budget))) return false;
  if (typeof r['name'] === 'string' && r['name'] !== '' && !wildcardMatch(r['name'], c.name, budget)) return false;
  const names = strings(r['names'], 'resources.names');
  if (names.length > 0 && !names.some((n) => wildcardMatch(n, c.name, budget))) return false;
  // for a Namespace, its namespace is itself (checkNameSpace)
  const ns = c.kind === 'Namespace' && c.group === '' ? c.name : c.namespace;
  const namespaces = strings(r['namespaces'], 'resources.namespaces');
  if (namespaces.length > 0 && !namespaces.some((n) => wildcardMatch(n, ns, budget))) return false;
  if (isRecord(r['annotations'])) {
    for (const [k, v] of Object.entries(r['annotations'])) {
      const value = valueText(v);
      if (value === undefined) throw new InvalidFilter(`resources.annotations: the value of "${k}" must be a string`);
      if (!Object.entries(c.annotations).some(([ak, av]) => wildcardMatch(k, ak, budget) && wildcardMatch(value, av, budget))) return false;
    }
  }
  if (r['selector'] !== undefined && r['selector'] !== null && !selectorMatches(r['selector'], c.labels, 'resources.selector', budget)) return false;
  // a namespaceSelector fails a filter on a Namespace, in match and exclude alike: Kyverno 1.11 and later
  // ("namespace selector is not applicable for namespace resource", pkg/engine/utils/match.go)
  if (r['namespaceSelector'] !== undefined && r['namespaceSelector'] !== null) {
    if (c.kind === 'Namespace' && c.group === '') return false;
    if (!selectorMatches(r['namespaceSelector'], c.namespaceLabels, 'resources.namespaceSelector', budget)) return false;
  }
  const operations = strings(r['operations'], 'resources.operations');
  if (operations.length > 0 && !operations.includes(operation)) return false;
  return true;
}

/** Whether a match or exclude block names operations (resources.operations) in some filter. */
export function namesOperations(block: ReturnType<typeof filtersOf>): boolean {
  return (block?.filters ?? []).some((f) => isRecord(f['resources']) && strings(f['resources']['operations'], 'resources.operations').length > 0);
}

function isEmptyFilter(filter: Record<string, unknown>): boolean {
  const r = filter['resources'];
  return !isRecord(r) || Object.values(r).every((v) => v === undefined || v === null || (Array.isArray(v) && v.length === 0));
}

/** The filters of a match or exclude block and how they combine: `any`, `all`, or the deprecated single filter. */
export function filtersOf(block: unknown, what: string): { combine: 'any' | 'all'; filters: Array<Record<string, unknown>> } | undefined {
  if (block === undefined || block === null) return undefined;
  if (!isRecord(block)) throw new InvalidFilter(`${what} must be a mapping`);
  for (const combine of ['any', 'all'] as const) {
    const list = block[combine];
    if (list === undefined || list === null || (Array.isArray(list) && list.length === 0)) continue;
    if (!Array.isArray(list) || !list.every(isRecord)) throw new InvalidFilter(`${what}.${combine} must be a list of filters`);
    return { combine, filters: list };
  }
  return { combine: 'any', filters: [block] };
}

/** Kinds a match block names, to tell a rule that matches by wildcard (Kyverno rejects it for generate). */
export function kindsOf(block: ReturnType<typeof filtersOf>): string[] {
  return (block?.filters ?? []).flatMap((f) => (isRecord(f['resources']) ? strings(f['resources']['kinds'], 'resources.kinds') : []));
}

/** Whether the rule's match selects the object and its exclude does not spare it, on a request of `operation` (every object of the manifests is read as a CREATE). */
export function selects(match: ReturnType<typeof filtersOf>, exclude: ReturnType<typeof filtersOf>, c: Candidate, budget: Budget, operation: Operation = 'CREATE'): boolean {
  if (!match) return false;
  budget.take(1);
  const holds = (f: Record<string, unknown>) => !isEmptyFilter(f) && filterHolds(f, c, budget, operation);
  if (!(match.combine === 'any' ? match.filters.some(holds) : match.filters.every(holds))) return false;
  if (!exclude) return true;
  const excludes = (f: Record<string, unknown>) => !isEmptyFilter(f) && filterHolds(f, c, budget, operation);
  return !(exclude.combine === 'any' ? exclude.filters.some(excludes) : exclude.filters.every(excludes));
}

/** A filter's verdict where part of what it reads is not known: true, false, or either. */
type Verdict = boolean | 'unknown';

/**
 * A label selector's verdict on labels, all known; or, with `reads`, on
 * the labels of a namespace no one declares: it has its name's label,
 * which the API server sets, and may have any other. `matchLabels`
 * entries hold where some label matches, so one its known labels meet
 * holds whatever else it carries, and one on the name's label alone is
 * decided; a requirement of `matchExpressions` on another key may go
 * either way. The keys it leaves undecided go to `reads`.
 */
function selectorVerdict(raw: unknown, labels: Labels, what: string, budget: Budget, reads?: Set<string>): Verdict {
  if (!isRecord(raw)) throw new InvalidFilter(`${what} must be a label selector`);
  let out: Verdict = true;
  const ml = raw['matchLabels'];
  if (ml !== undefined && ml !== null) {
    if (!isRecord(ml)) throw new InvalidFilter(`${what}.matchLabels must be a mapping`);
    for (const [k, v] of Object.entries(ml)) {
      const value = valueText(v);
      if (value === undefined) throw new InvalidFilter(`${what}.matchLabels: the value of "${k}" must be a string`);
      if (Object.entries(labels).some(([lk, lv]) => wildcardMatch(k, lk, budget) && wildcardMatch(value, lv, budget))) continue;
      if (!reads || k === NAMESPACE_NAME_LABEL) return false;
      reads.add(k);
      out = 'unknown';
    }
  }
  if (raw['matchExpressions'] === undefined || raw['matchExpressions'] === null) return out;
  const parsed = parseSelector({ matchExpressions: raw['matchExpressions'] });
  if ('error' in parsed) throw new InvalidFilter(`${what}: ${parsed.error}`);
  if (!reads) return matches(parsed, labels) && out;
  for (const q of parsed.requirements) {
    if (q.key === NAMESPACE_NAME_LABEL) {
      if (!matches(selectorOfRequirements([q]), labels)) return false;
      continue;
    }
    reads.add(q.key);
    out = 'unknown';
  }
  return out;
}

/**
 * One filter's verdict on an object whose namespace (itself, for a
 * Namespace) no one declares: what it reads of the namespace's labels (a
 * Namespace's `selector` and `annotations`, another object's
 * `namespaceSelector`) is not known but for the name's label; the rest is
 * read as filterHolds reads it.
 */
function filterVerdict(filter: Record<string, unknown>, c: Candidate, budget: Budget, reads: Set<string>): Verdict {
  if (isEmptyFilter(filter)) return false;
  const r = isRecord(filter['resources']) ? filter['resources'] : {};
  const isNamespace = c.kind === 'Namespace' && c.group === '';
  const rest = isNamespace ? { ...r, selector: undefined, annotations: undefined } : { ...r, namespaceSelector: undefined };
  if (!filterHolds({ ...filter, resources: rest }, c, budget, 'CREATE')) return false;
  const own = new Set<string>();
  const verdicts: Verdict[] = [];
  if (isNamespace) {
    if (r['selector'] !== undefined && r['selector'] !== null) verdicts.push(selectorVerdict(r['selector'], c.labels, 'resources.selector', budget, own));
    if (isRecord(r['annotations'])) {
      for (const [k, v] of Object.entries(r['annotations'])) {
        const value = valueText(v);
        if (value === undefined) throw new InvalidFilter(`resources.annotations: the value of "${k}" must be a string`);
        if (Object.entries(c.annotations).some(([ak, av]) => wildcardMatch(k, ak, budget) && wildcardMatch(value, av, budget))) continue;
        own.add(`annotation ${k}`);
        verdicts.push('unknown');
      }
    }
  } else if (r['namespaceSelector'] !== undefined && r['namespaceSelector'] !== null) {
    verdicts.push(selectorVerdict(r['namespaceSelector'], c.namespaceLabels, 'resources.namespaceSelector', budget, own));
  }
  if (verdicts.includes(false)) return false;
  if (!verdicts.includes('unknown')) return true;
  for (const k of own) reads.add(k);
  return 'unknown';
}

/** A match or exclude block's verdict, `any` or `all` of its filters'; the keys that leave it undecided go to `reads`. */
function blockVerdict(block: NonNullable<ReturnType<typeof filtersOf>>, c: Candidate, budget: Budget, reads: Set<string>): Verdict {
  const own = new Set<string>();
  const verdicts = block.filters.map((f) => filterVerdict(f, c, budget, own));
  const out = block.combine === 'any' ? (verdicts.includes(true) ? true : verdicts.includes('unknown') ? 'unknown' : false) : verdicts.includes(false) ? false : verdicts.includes('unknown') ? 'unknown' : true;
  if (out === 'unknown') for (const k of own) reads.add(k);
  return out;
}

/**
 * Where the object's namespace (itself, for a Namespace) is one neither the
 * manifests nor the config declare, whose labels are not known but for its
 * name's: the keys of its labels (and, for a Namespace, `annotation KEY`)
 * that decide whether the rule's match selects it and its exclude spares
 * it, on its CREATE; undefined where they do not decide it (what the
 * filters read of it is its name's label, or another field decides).
 */
export function undecidedBy(match: ReturnType<typeof filtersOf>, exclude: ReturnType<typeof filtersOf>, c: Candidate, budget: Budget): string[] | undefined {
  if (!match) return undefined;
  // most rules read nothing of a namespace but its name: their verdict is the one already taken
  const isNamespace = c.kind === 'Namespace' && c.group === '';
  const fields = isNamespace ? ['selector', 'annotations'] : ['namespaceSelector'];
  const reads = (block: ReturnType<typeof filtersOf>) =>
    block?.filters.some((f) => {
      const r = f['resources'];
      return isRecord(r) && fields.some((k) => r[k] !== undefined && r[k] !== null);
    }) === true;
  if (!reads(match) && !reads(exclude)) return undefined;
  budget.take(1);
  const keys = new Set<string>();
  const m = blockVerdict(match, c, budget, keys);
  if (m === false) return undefined;
  const e = exclude ? blockVerdict(exclude, c, budget, keys) : false;
  if (e === true || (m === true && e === false)) return undefined;
  return [...keys].sort();
}

/** The filters of a block as Kyverno decodes it: each of any, all, and the deprecated single one (the block's own resources and user info). */
function allFilters(block: Record<string, unknown>): Array<Record<string, unknown>> {
  const listed = (k: string) => (Array.isArray(block[k]) ? (block[k] as unknown[]).filter(isRecord) : []);
  return [...listed('any'), ...listed('all'), block];
}

/**
 * Checks a match or exclude block as Kyverno's validation of a policy does
 * (kyverno/kyverno api/kyverno/v1/match_resources_types.go,
 * MatchResources.Validate, and resource_description_types.go,
 * ResourceDescription.Validate): any and all not together; in each filter,
 * name and names not together, a selector (without wildcards) that has
 * requirements; in a namespaced Policy, no namespaces and no cluster-wide
 * kind. Throws InvalidFilter.
 */
export function validateBlock(raw: unknown, what: string, namespaced: boolean, clusterKind: (kind: string) => boolean): void {
  if (!isRecord(raw)) return;
  const nonEmpty = (k: string) => Array.isArray(raw[k]) && (raw[k] as unknown[]).length > 0;
  if (nonEmpty('any') && nonEmpty('all')) throw new InvalidFilter(`${what}: Can't specify any and all together`);
  for (const filter of allFilters(raw)) {
    const r = filter['resources'];
    if (!isRecord(r)) continue;
    const names = Array.isArray(r['names']) ? r['names'] : [];
    if (typeof r['name'] === 'string' && r['name'] !== '' && names.length > 0) throw new InvalidFilter(`${what}: Both name and names can not be specified together`);
    const selector = r['selector'];
    if (isRecord(selector)) {
      const labels = isRecord(selector['matchLabels']) ? Object.entries(selector['matchLabels']) : [];
      const wildcard = labels.some(([k, v]) => /[*?]/.test(k) || (typeof v === 'string' && /[*?]/.test(v)));
      const expressions = Array.isArray(selector['matchExpressions']) ? selector['matchExpressions'].length : 0;
      if (!wildcard && labels.length + expressions === 0) throw new InvalidFilter(`${what}.resources.selector: The requirements are not specified in selector`);
    }
    if (!namespaced) continue;
    if (Array.isArray(r['namespaces']) && r['namespaces'].length > 0) throw new InvalidFilter(`${what}.resources.namespaces: Filtering namespaces not allowed in namespaced policies`);
    const clusterWide = (Array.isArray(r['kinds']) ? r['kinds'] : []).find((k) => typeof k === 'string' && clusterKind(k));
    if (clusterWide !== undefined) throw new InvalidFilter(`${what}.resources.kinds: Cluster wide resource '${String(clusterWide)}' not allowed in namespaced policy`);
  }
}

/** A filter as Go decodes it into its struct, to compare with reflect.DeepEqual: a null, or an empty string, is the field's zero value, as absent. */
function decoded(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decoded);
  if (!isRecord(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== null && x !== undefined && x !== '') out[k] = decoded(x);
  return out;
}

function sameDecoded(a: unknown, b: unknown): boolean {
  return JSON.stringify(sortedKeys(decoded(a))) === JSON.stringify(sortedKeys(decoded(b)));
}

function sortedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (!isRecord(v)) return v;
  return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortedKeys(v[k])]));
}

/**
 * Whether Kyverno refuses a rule as "matching an empty set" (kyverno/kyverno
 * api/kyverno/v1/rule_types.go, ValidateMatchExcludeConflict): a filter of
 * exclude.any the same as one of match.any; or, without any or all, an
 * exclude that spares all the deprecated single match filter selects.
 */
export function matchesEmptySet(match: unknown, exclude: unknown, budget: Budget): boolean {
  if (!isRecord(exclude) || !isRecord(match)) return false;
  const list = (b: Record<string, unknown>, k: string) => (Array.isArray(b[k]) ? (b[k] as unknown[]) : []);
  if (list(exclude, 'all').length > 0 || list(match, 'all').length > 0) return false;
  if (list(match, 'any').length > 0 && list(exclude, 'any').length > 0) return list(match, 'any').some((m) => list(exclude, 'any').some((x) => sameDecoded(m, x)));
  // an exclude of nothing: every field absent (an empty list is not)
  if (Object.values(exclude).every((v) => v === null || v === undefined)) return false;
  const m = isRecord(match['resources']) ? match['resources'] : {};
  const x = isRecord(exclude['resources']) ? exclude['resources'] : {};
  const strs = (b: Record<string, unknown>, k: string) => list(b, k).filter((s): s is string => typeof s === 'string');
  // an exclude list given spares all the match names only where the match gives some, each among the exclude's
  const covers = (ex: string[], mine: string[]) => ex.length === 0 || (mine.length > 0 && mine.every((s) => ex.includes(s)));
  if (!covers(strs(exclude, 'roles'), strs(match, 'roles')) || !covers(strs(exclude, 'clusterRoles'), strs(match, 'clusterRoles'))) return false;
  const exSubjects = list(exclude, 'subjects');
  if (exSubjects.length > 0) {
    const mine = list(match, 'subjects');
    if (mine.length === 0 || !mine.every((s) => exSubjects.some((e) => sameDecoded(s, e)))) return false;
  }
  if (typeof x['name'] === 'string' && x['name'] !== '' && !wildcardMatch(x['name'], typeof m['name'] === 'string' ? m['name'] : '', budget)) return false;
  const exNames = strs(x, 'names');
  if (exNames.length > 0) {
    const mine = strs(m, 'names');
    return mine.length > 0 && mine.some((n) => exNames.some((e) => wildcardMatch(e, n, budget)));
  }
  if (!covers(strs(x, 'namespaces'), strs(m, 'namespaces')) || !covers(strs(x, 'kinds'), strs(m, 'kinds'))) return false;
  const given = (v: unknown) => v !== undefined && v !== null;
  for (const key of ['selector', 'namespaceSelector']) {
    const ms = m[key];
    const xs = x[key];
    if (given(ms) !== given(xs)) return false;
    if (!isRecord(ms) || !isRecord(xs)) continue;
    const xe = list(xs, 'matchExpressions');
    if (xe.length > 0) {
      const me = list(ms, 'matchExpressions');
      if (me.length === 0 || !me.every((e) => xe.some((f) => sameDecoded(e, f)))) return false;
    }
    const xl = isRecord(xs['matchLabels']) ? xs['matchLabels'] : {};
    if (Object.keys(xl).length > 0) {
      const ml = isRecord(ms['matchLabels']) ? ms['matchLabels'] : {};
      if (Object.keys(ml).length === 0 || Object.entries(ml).some(([k, v]) => xl[k] !== v)) return false;
    }
  }
  if (given(m['annotations']) !== given(x['annotations'])) return false;
  if (given(m['annotations']) && !sameDecoded(m['annotations'], x['annotations'])) return false;
  return true;
}
