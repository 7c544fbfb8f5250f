/**
 * Steps that add objects to a state before analysis: the objects Kyverno
 * generate rules create (policies, workloads, Services, Namespaces), and
 * the report of the Kyverno mutate rules that are not applied. They are
 * read as the loader reads written ones, so they are analysed, explained,
 * diffed and linted alike, and each keeps the rule and the object that
 * generated it in its source.
 */
import type { Diagnostic, GeneratedBy } from '../model/diagnostics.js';
import { diagnostic, ExpansionCodes, generatedByText, WarningCodes } from '../model/diagnostics.js';
import type { ManifestObject } from '../model/objects.js';
import { field, isRecord, shown } from '../model/objects.js';
import type { Cluster, NotAnalysed } from '../input/cluster.js';
import type { FileContribution, Item, LoadOptions } from '../input/load.js';
import { combine, readGenerated } from '../input/load.js';
import { policyId } from '../policy/kind.js';
import type { PolicyObject } from '../policy/kind.js';
import { KYVERNO_VERSIONS, splitApiVersion } from '../policy/registry.js';
import { deepEqual } from './kyverno/jmespath.js';
import type { Json } from './kyverno/jmespath.js';
import { expandKyverno } from './kyverno/generate.js';
import { unappliedMutations } from './kyverno/mutate.js';

const policyKey = (p: PolicyObject): string => `${p.kind}\u0000${policyId(p)}`;

function objectKey(o: ManifestObject): string {
  return `${splitApiVersion(o.apiVersion ?? '').group}\u0000${o.kind}\u0000${shown(field(o.body, 'metadata', 'namespace') ?? '')}\u0000${shown(field(o.body, 'metadata', 'name'))}`;
}

/** One object generated more than once (by two triggers or rules): the same content once, another content with a warning, the first kept. */
function dedupe(objects: readonly ManifestObject[], diagnostics: Diagnostic[]): ManifestObject[] {
  const byKey = new Map<string, ManifestObject>();
  for (const o of objects) {
    const key = objectKey(o);
    const previous = byKey.get(key);
    if (previous && !deepEqual(previous.body as Json, o.body as Json)) {
      const g = o.generatedBy!;
      diagnostics.push(
        diagnostic(
          'warning',
          ExpansionCodes.generatedTwice,
          { file: g.file, line: g.line },
          `${o.kind} ${shown(field(o.body, 'metadata', 'namespace') ?? '')}/${shown(field(o.body, 'metadata', 'name'))} is ${generatedByText(g)} and also, with other content, ${generatedByText(previous.generatedBy!)}; which Kyverno keeps depends on the order it handles them: the first is analysed`,
        ),
      );
      continue;
    }
    if (!previous) byKey.set(key, o);
  }
  return [...byKey.values()];
}

/**
 * Whether an object is a Kyverno policy with generate rules, of a version
 * whose rules are expanded: whatever the rules generate (a policy, a
 * workload, a Service, a Namespace) is read as the loader reads it.
 */
function hasGenerateRules(o: ManifestObject): boolean {
  return !o.generatedBy && isGenerator(o);
}

/** Whether an object, written or generated, is a Kyverno policy with generate rules, of a version whose rules are read. */
function isGenerator(o: ManifestObject): boolean {
  if (!isKyvernoPolicy(o)) return false;
  const rules = field(o.body, 'spec', 'rules');
  return Array.isArray(rules) && rules.some((r) => isRecord(r) && isRecord(r['generate']));
}

function isKyvernoPolicy(o: ManifestObject): boolean {
  if (o.apiVersion === undefined || (o.kind !== 'ClusterPolicy' && o.kind !== 'Policy')) return false;
  const { group, version } = splitApiVersion(o.apiVersion);
  return group === 'kyverno.io' && KYVERNO_VERSIONS.includes(version);
}

/**
 * The Kyverno policies generate rules create (a tenant's Policy in each
 * namespace) whose own generate rules are not expanded in turn: what they
 * would generate, in their namespace (a ClusterPolicy's, anywhere), is
 * not analysed. Their mutate rules are reported as written ones are
 * (unappliedMutations).
 */
function generatedGenerators(made: readonly ManifestObject[]): { diagnostics: Diagnostic[]; notAnalysed: NotAnalysed[] } {
  const diagnostics: Diagnostic[] = [];
  const notAnalysed: NotAnalysed[] = [];
  for (const o of made) {
    if (!isGenerator(o)) continue;
    const g = o.generatedBy!;
    const name = shown(field(o.body, 'metadata', 'name'));
    const ns = field(o.body, 'metadata', 'namespace');
    const namespace = o.kind === 'Policy' && typeof ns === 'string' && ns !== '' ? ns : undefined;
    const id = namespace !== undefined ? `${namespace}/${name}` : name;
    const reason = `it is ${generatedByText(g)}, and the generate rules of a policy a generate rule creates are not expanded`;
    diagnostics.push(diagnostic('warning', ExpansionCodes.notExpanded, { file: g.file, line: g.line }, `${o.kind} ${id} ${generatedByText(g)} is not expanded: its generate rules are not expanded in turn; what it generates is not analysed`));
    notAnalysed.push({ kind: o.kind, name: id, source: { file: g.file, line: g.line, generatedBy: g }, reason, effect: { does: 'both', ...(namespace !== undefined ? { namespace } : {}) } });
  }
  return { diagnostics, notAnalysed };
}

/**
 * Combines the contributions of one state into a Cluster, with the
 * policies generate rules create for the objects of the state.
 */
export function expand(contributions: readonly FileContribution[], options: LoadOptions = {}): Cluster {
  const objects = contributions.flatMap((c) => c.objects ?? []);
  const generators = objects.filter(hasGenerateRules);
  const cluster = combine(contributions, options.repositoryPath);
  const result = generators.length === 0 ? undefined : expandKyverno(generators, objects, cluster.namespaces, options.defaultNamespace ?? 'default');
  const diagnostics: Diagnostic[] = [...(result?.diagnostics ?? [])];
  const made = result ? dedupe(result.objects, diagnostics) : [];
  // the mutate rules of the Kyverno policies generate rules create count as written ones do
  const mutations = unappliedMutations([...objects, ...made.filter(isKyvernoPolicy)], options.defaultNamespace ?? 'default');
  const unapplied: FileContribution = {
    path: '',
    items: mutations.notAnalysed.map((what): Item => ({ kind: 'notAnalysed', what })),
    diagnostics: mutations.diagnostics,
    generators: 0,
    notes: true,
  };
  if (result === undefined) return mutations.notAnalysed.length === 0 ? cluster : combine([...contributions, unapplied], options.repositoryPath);
  const nested = generatedGenerators(made);
  diagnostics.push(...nested.diagnostics);
  const generated = readGenerated(made, options);
  const synchronized = new Set<GeneratedBy>([...result.synchronized].map((o) => o.generatedBy!));
  const written = new Map(cluster.policies.map((p) => [policyKey(p.policy), p.policy]));
  const warnings: Diagnostic[] = [...result.warnings];
  const items: Item[] = generated.items.filter((item) => {
    if (item.kind !== 'policy') return true;
    const p = item.policy.policy;
    const other = written.get(policyKey(p));
    if (!other) return true;
    const g = p.source.generatedBy!;
    const sync = synchronized.has(g);
    warnings.push({
      ...diagnostic(
        'warning',
        WarningCodes.generatedCollides,
        { file: g.file, line: g.line },
        `${p.kind} ${policyId(p)} is written at ${other.source.file}:${other.source.line} and also ${generatedByText(g)}; ${
          sync
            ? 'with synchronize: true Kyverno replaces the written one with what it generates (until the next apply of the manifests), and that is analysed'
            : 'Kyverno does not replace an existing object without synchronize: true, so the written one is analysed (unless the generated one is created first)'
        }`,
      ),
      object: g.policy,
    });
    return sync;
  });
  for (const what of [...result.notAnalysed, ...nested.notAnalysed]) items.push({ kind: 'notAnalysed', what });
  const contribution: FileContribution = { ...generated, items, diagnostics: [...generated.diagnostics, ...diagnostics] };
  return { ...combine([...contributions, unapplied, contribution], options.repositoryPath), expansion: { warnings } };
}
