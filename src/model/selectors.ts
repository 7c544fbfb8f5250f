import { shown } from './objects.js';
export type Labels = Readonly<Record<string, string>>;

export type Operator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

export interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  readonly values: readonly string[];
}

/**
 * Where labels are matched: the namespace of a pod (or the namespace whose
 * labels they are) and, for a pod, its service account. Kubernetes
 * selectors see labels alone; other selector languages (Calico's) also see
 * these.
 */
export interface LabelContext {
  readonly namespace: string;
  readonly namespaceLabels: Labels;
  /** A pod's service account; undefined for a namespace. */
  readonly serviceAccount?: string;
  /** The labels of that service account, where the manifests declare it. */
  readonly serviceAccountLabels?: Labels;
  /**
   * For a namespace selector with an `ownPrefix`, evaluated for one pod:
   * the pod's own labels under that prefix, without it (they are also
   * over the namespace's in `namespaceLabels`).
   */
  readonly ownLabels?: Labels;
}

/**
 * A label selector: every requirement must hold. A Kubernetes selector is
 * its requirements. A selector of another language carries a `test`: its
 * requirements are then only conditions it implies (possibly none), which
 * indexes use to narrow the candidates, and the test decides.
 */
export interface Selector {
  readonly requirements: readonly Requirement[];
  /** Canonical text; equal selectors have equal keys. */
  readonly key: string;
  readonly test?: (labels: Labels, context: LabelContext) => boolean;
  /** For a selector with a test: the label keys the test reads, where they are known (what a selector of namespaces reads decides whether a namespace's unknown labels matter). */
  readonly reads?: readonly string[];
  /**
   * On a selector of namespaces: a pod's own labels under this prefix stand
   * over its namespace's labels (Calico's `pcns.`: a pod labelled
   * `pcns.team: trusted` is in a namespace labelled team=trusted to
   * Calico's namespace selectors), so the selector picks pods one by one
   * where they carry such labels. The key tells it apart.
   */
  readonly ownPrefix?: string;
}

/** A selector of namespaces under which a pod's own labels with `prefix` stand over its namespace's (see Selector.ownPrefix). */
export function withOwnPrefix(selector: Selector, prefix: string): Selector {
  return { ...selector, key: `${selector.key}\u0003${prefix}`, ownPrefix: prefix };
}

/** A label key or value as written in a selector's key: quoted where it holds a character the key's syntax uses. */
function keyPart(text: string): string {
  return /[\s,;()"]/.test(text) ? JSON.stringify(text) : text;
}

/** Selectors made so far, by key: manifests repeat the same few selectors many times. */
const interned = new Map<string, Selector>();
const INTERNED_MAX = 50_000;

function makeSelector(requirements: Requirement[]): Selector {
  const sorted = requirements.map((r) => (r.values.length < 2 ? r : { ...r, values: [...new Set(r.values)].sort() }));
  if (sorted.length > 1) {
    sorted.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.operator < b.operator ? -1 : a.operator > b.operator ? 1 : 0));
  }
  let key = '';
  for (let i = 0; i < sorted.length; i++) {
    const r = sorted[i]!;
    key += `${i > 0 ? ';' : ''}${keyPart(r.key)} ${r.operator} (${r.values.length === 1 ? keyPart(r.values[0]!) : r.values.map(keyPart).join(',')})`;
  }
  let selector = interned.get(key);
  if (!selector) {
    if (interned.size >= INTERNED_MAX) interned.clear();
    selector = { requirements: sorted, key };
    interned.set(key, selector);
  }
  return selector;
}

export const MATCH_ALL: Selector = makeSelector([]);

/** The Kubernetes selector of these requirements (all must hold). */
export function selectorOfRequirements(requirements: readonly Requirement[]): Selector {
  return makeSelector([...requirements]);
}

/** The requirement that holds exactly where `r` does not. */
export function negated(r: Requirement): Requirement {
  switch (r.operator) {
    case 'In':
      return { ...r, operator: 'NotIn' };
    case 'NotIn':
      return { ...r, operator: 'In' };
    case 'Exists':
      return { ...r, operator: 'DoesNotExist' };
    case 'DoesNotExist':
      return { ...r, operator: 'Exists' };
  }
}

export function selectorFromLabels(labels: Labels): Selector {
  return makeSelector(Object.entries(labels).map(([key, value]) => ({ key, operator: 'In', values: [value] })));
}

/** Whether labels match a selector; a selector with a test needs the context of the labels. */
export function matches(selector: Selector, labels: Labels, context?: LabelContext): boolean {
  for (const r of selector.requirements) {
    const has = Object.prototype.hasOwnProperty.call(labels, r.key);
    switch (r.operator) {
      case 'In':
        if (!has || !r.values.includes(labels[r.key]!)) return false;
        break;
      case 'NotIn':
        // a missing key satisfies NotIn, as in apimachinery's labels.Selector
        if (has && r.values.includes(labels[r.key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return selector.test === undefined || selector.test(labels, context ?? { namespace: '', namespaceLabels: {} });
}

export function isMatchAll(selector: Selector): boolean {
  return selector.requirements.length === 0 && selector.test === undefined;
}

/**
 * A selector decided by a test (another selector language), keyed by its
 * canonical text `key` (which must not be the key of a Kubernetes selector:
 * begin it with a character a label key cannot start with unquoted), with
 * requirements it implies.
 */
export function selectorWithTest(key: string, requirements: readonly Requirement[], test: (labels: Labels, context: LabelContext) => boolean, reads?: readonly string[]): Selector {
  return { requirements, key, test, ...(reads ? { reads } : {}) };
}

/** The selector that picks what both pick: their requirements together, and both tests where either has one. */
export function bothSelect(a: Selector, b: Selector): Selector {
  if (isMatchAll(a)) return b;
  if (isMatchAll(b)) return a;
  const same = (x: Requirement, y: Requirement) => x.key === y.key && x.operator === y.operator && x.values.join('\u0000') === y.values.join('\u0000');
  const requirements = [...a.requirements, ...b.requirements.filter((r) => !a.requirements.some((q) => same(q, r)))];
  if (a.test === undefined && b.test === undefined) return makeSelector(requirements);
  // `&` cannot start a label key: the key is no Kubernetes selector's
  return selectorWithTest(`&(${a.key})(${b.key})`, requirements, (labels, context) => matches(a, labels, context) && matches(b, labels, context));
}

const OPERATORS: readonly Operator[] = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The selector already made for `{matchLabels: {k: v}}`, the most common form, without making it again. */
function internedSingleLabel(raw: Record<string, unknown>): Selector | undefined {
  let only: unknown;
  let fields = 0;
  for (const f in raw) {
    if (++fields > 1 || f !== 'matchLabels') return undefined;
    only = raw[f];
  }
  if (!isRecord(only)) return undefined;
  let key: string | undefined;
  for (const k in only) {
    const v = only[k];
    if (key !== undefined || typeof v !== 'string') return undefined;
    key = `${keyPart(k)} In (${keyPart(v)})`;
  }
  return key === undefined ? undefined : interned.get(key);
}

/**
 * Parses a `LabelSelector` ({matchLabels, matchExpressions}) as the API
 * server validates it. `null` and `{}` select everything.
 */
export function parseSelector(raw: unknown): Selector | { error: string } {
  if (raw === null || raw === undefined) return MATCH_ALL;
  if (!isRecord(raw)) return { error: 'a label selector must be a mapping with matchLabels and/or matchExpressions' };
  const known = internedSingleLabel(raw);
  if (known) return known;
  const requirements: Requirement[] = [];
  for (const field of Object.keys(raw)) {
    if (field !== 'matchLabels' && field !== 'matchExpressions') {
      return { error: `unknown label selector field "${field}" (expected matchLabels or matchExpressions)` };
    }
  }
  const matchLabels = raw['matchLabels'];
  if (matchLabels !== null && matchLabels !== undefined) {
    if (!isRecord(matchLabels)) return { error: 'matchLabels must be a mapping of label keys to values' };
    for (const [key, value] of Object.entries(matchLabels)) {
      if (typeof value !== 'string') {
        return { error: `matchLabels value of "${key}" must be a string (quote it: "${shown(value)}")` };
      }
      requirements.push({ key, operator: 'In', values: [value] });
    }
  }
  const expressions = raw['matchExpressions'];
  if (expressions !== null && expressions !== undefined) {
    if (!Array.isArray(expressions)) return { error: 'matchExpressions must be a list' };
    for (const [i, e] of expressions.entries()) {
      if (!isRecord(e)) return { error: `matchExpressions[${i}] must be a mapping with key, operator and values` };
      const key = e['key'];
      const operator = e['operator'];
      const values = e['values'] ?? [];
      if (typeof key !== 'string' || key === '') return { error: `matchExpressions[${i}] needs a key` };
      if (typeof operator !== 'string' || !OPERATORS.includes(operator as Operator)) {
        return { error: `matchExpressions[${i}]: operator "${shown(operator)}" is not one of In, NotIn, Exists, DoesNotExist` };
      }
      if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) {
        return { error: `matchExpressions[${i}]: values must be a list of strings` };
      }
      const op = operator as Operator;
      if ((op === 'In' || op === 'NotIn') && values.length === 0) {
        return { error: `matchExpressions[${i}]: operator ${op} needs at least one value` };
      }
      if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) {
        return { error: `matchExpressions[${i}]: operator ${op} takes no values` };
      }
      requirements.push({ key, operator: op, values: values as string[] });
    }
  }
  return makeSelector(requirements);
}

/** Human-readable form, as kubectl prints selectors: `app=db,tier in (a,b),!legacy`. */
export function formatSelector(selector: Selector): string {
  if (selector.requirements.length === 0) return '{}';
  return selector.requirements
    .map((r) => {
      switch (r.operator) {
        case 'In':
          return r.values.length === 1 ? `${r.key}=${r.values[0]}` : `${r.key} in (${r.values.join(',')})`;
        case 'NotIn':
          return `${r.key} notin (${r.values.join(',')})`;
        case 'Exists':
          return r.key;
        case 'DoesNotExist':
          return `!${r.key}`;
      }
    })
    .join(',');
}

/**
 * A label selector as written in a manifest: its matchLabels, then its
 * matchExpressions with their values in the order given. Outputs that quote
 * a selector back (exposure representatives) print it as written.
 */
export interface WrittenSelector {
  readonly matchLabels: Labels;
  readonly matchExpressions: readonly Requirement[];
}

export const WRITTEN_MATCH_ALL: WrittenSelector = { matchLabels: {}, matchExpressions: [] };

/** The written form of a selector that parseSelector accepted. */
export function writtenSelector(raw: unknown): WrittenSelector {
  if (!isRecord(raw)) return WRITTEN_MATCH_ALL;
  const labels = isRecord(raw['matchLabels']) ? (raw['matchLabels'] as Record<string, string>) : {};
  const expressions = Array.isArray(raw['matchExpressions']) ? raw['matchExpressions'] : [];
  return {
    matchLabels: { ...labels },
    matchExpressions: expressions.filter(isRecord).map((e) => ({ key: shown(e['key']), operator: e['operator'] as Operator, values: Array.isArray(e['values']) ? (e['values'] as string[]) : [] })),
  };
}

/** Whether a written selector has no requirement. */
export function writtenIsEmpty(w: WrittenSelector): boolean {
  return Object.keys(w.matchLabels).length === 0 && w.matchExpressions.length === 0;
}

/** The written form of a selector made of labels alone, or with requirements (values kept in order). */
export function writtenOf(selector: Selector): WrittenSelector {
  const matchLabels: Record<string, string> = {};
  const matchExpressions: Requirement[] = [];
  for (const r of selector.requirements) {
    if (r.operator === 'In' && r.values.length === 1 && !(r.key in matchLabels)) matchLabels[r.key] = r.values[0]!;
    else matchExpressions.push(r);
  }
  return { matchLabels, matchExpressions };
}
