import { posix } from 'node:path';
import type { Config, Target } from '../check/config.js';
import type { InvariantResult } from '../check/invariants.js';
import { compareInvariants } from '../check/invariants.js';
import { leftBehindResults } from '../check/leftbehind.js';
import type { ChangeWarnings } from '../check/lint.js';
import { lintChange, withChangeWarnings } from '../check/lint.js';
import type { Diff } from '../change/diff.js';
import { diffMatrices } from '../change/diff.js';
import { affectedEnds } from '../change/affected.js';
import type { OutsideChange } from '../change/outside.js';
import { diffOutside } from '../change/outside.js';
import type { ExposureChange } from '../change/exposure.js';
import { diffExposure } from '../change/exposure.js';
import { exposure } from '../engine/exposure.js';
import type { AnalyzeOptions } from '../engine/analyze.js';
import { analyze, ipFamilyOf } from '../engine/analyze.js';
import type { Matrix } from '../engine/matrix.js';
import type { Cluster } from '../input/cluster.js';
import type { Namespace } from '../model/cluster.js';
import type { Diagnostic } from '../model/diagnostics.js';
import { Codes, compareDiagnostics, diagnostic, InputCodes } from '../model/diagnostics.js';
import type { FileContribution, LoadOptions, SnapshotFile } from '../input/load.js';
import { LoadCache, readFiles } from '../input/load.js';
import { expand } from '../expand/expand.js';
import type { Report } from '../report/report.js';
import { diffReport } from '../report/report.js';
import type { RunLimits } from '../sources/runcommand.js';
import type { KustomizeMode } from '../sources/repository.js';
import { filesBeside } from '../sources/beside.js';
import { alternativeDirectories, namedFiles, repositoryFiles, UNLISTED, withLayoutAbove } from '../sources/repository.js';
import type { Snapshot } from '../sources/snapshot.js';
import { pathMatcher } from '../sources/globs.js';
import { targetFiles } from '../sources/targets.js';

/**
 * The one pipeline the command line and the action share: files of a state
 * (through a Snapshot, for a target) → Cluster → Matrix, and for two states
 * the diff, the warnings the change introduces, the invariants and the
 * report.
 */
export interface PipelineOptions {
  readonly load: LoadOptions;
  readonly analyze: AnalyzeOptions;
  /** Limits of render commands. */
  readonly run: RunLimits;
  /** How Kustomize roots found while walking directories are handled; default: left out and listed. */
  readonly kustomize?: KustomizeMode;
  /** A paths target's globs pick a whole repository (the action's default paths): its files are read as walked. */
  readonly broad?: boolean;
  /** One state checked on its own: what it leaves out (charts, roots not built, templates) is unread input (see failLeftOut). */
  readonly leftOutUnread?: boolean;
}

/**
 * The files of one state: a target's, or every manifest file of the
 * snapshot. Walked files go through the repository's layout: Helm charts
 * and Kustomize roots are left out, reported, or built.
 */
export async function stateFiles(snapshot: Snapshot, target: Target | undefined, options: Pick<PipelineOptions, 'run' | 'kustomize' | 'broad'>): Promise<SnapshotFile[]> {
  const broad = options.broad === true && target?.kind === 'paths';
  if (target?.kind === 'paths' && !broad) {
    // the globs name what is read: what they leave out beside it, which kubectl applies from there, is noted (RD057)
    const excludes = target.paths.filter((g) => g.startsWith('!')).map((g) => g.slice(1));
    const beside = { what: `the paths (${target.paths.join(', ')})`, ...(excludes.length > 0 ? { excluded: pathMatcher(excludes) } : {}) };
    return namedFiles(await targetFiles(target, snapshot, options.run), snapshot, { kustomize: options.kustomize ?? 'skip', run: options.run, beside });
  }
  if (target && !broad) return targetFiles(target, snapshot, options.run);
  // paths given inside a chart or a root are read through it
  const { through, apart, given } = target ? { through: (await targetFiles(target, snapshot, options.run)).map((f) => ({ ...f, walked: true })), apart: [], given: undefined } : await withLayoutAbove(await snapshot.files(), snapshot);
  const files = [...through, ...apart];
  const read = await repositoryFiles(through, snapshot, { kustomize: options.kustomize ?? 'skip', run: options.run, ...(given && given.size > 0 ? { given } : {}) }, apart);
  // paths given that name files (diff --git's PATHs) read them alone: what they leave out beside them is noted (RD057)
  if (target || !snapshot.explicit || !files.some((f) => !f.walked)) return read;
  return [...read, ...(await filesBeside(files, snapshot, { what: snapshot.explicit, named: (f) => !f.walked }))];
}

/**
 * Loads and analyses files of one state, with the policies generate rules
 * create; a cache shared by the states of a diff reads a file common to
 * both once.
 */
export function analyseFiles(files: readonly SnapshotFile[], options: PipelineOptions, cache?: LoadCache): Matrix {
  return analyze(loadFiles(files, options, cache), options.analyze);
}

/** Loads files of one state, with the policies generate rules create. */
function loadFiles(files: readonly SnapshotFile[], options: PipelineOptions, cache?: LoadCache): Cluster {
  const read = readFiles(files, options.load, cache);
  // plain directories that declare the same workloads are alternatives: looked into (each file parsed again) only where some do
  const alternatives = workloadsInTwoDirectories(read) ? alternativeDirectories(files) : [];
  const cluster = expand(alternatives.length > 0 ? [...read, ...readFiles(alternatives, options.load)] : read, options.load);
  return options.leftOutUnread ? failLeftOut(cluster) : cluster;
}

/**
 * Whether plain files of two directories declare a workload of the same
 * id: only then may they be alternatives (alternativeDirectories), which
 * that function tells by parsing them again; the loader's own reading
 * answers this first, at no cost where no workload is declared twice.
 */
function workloadsInTwoDirectories(read: readonly FileContribution[]): boolean {
  const dirs = new Map<string, string>();
  for (const c of read) {
    if (c.notes || c.built || c.generated || c.outside || c.path.startsWith('render:')) continue;
    const dir = posix.dirname(c.path);
    for (const item of c.items) {
      if (item.kind !== 'workload') continue;
      const seen = dirs.get(item.part.id);
      if (seen === undefined) dirs.set(item.part.id, dir);
      else if (seen !== dir) return true;
    }
  }
  return false;
}

/** The codes of diagnostics that report a part of a state left out: a Helm chart, a Kustomize root not built, a Go template. */
const LEFT_OUT_CODES: ReadonlySet<string> = new Set([InputCodes.helmChart, InputCodes.kustomizeRoot, InputCodes.template]);

/**
 * One state checked on its own (`check`): a Helm chart not rendered, a
 * Kustomize root not built or a Go template is input its invariants'
 * verdict would rest on unread, and there is no change to say it was not
 * touched; each becomes an error, unread input that fails the check closed.
 */
function failLeftOut(cluster: Cluster): Cluster {
  return asUnread(cluster, (d) => d.severity === 'warning' && LEFT_OUT_CODES.has(d.code), "a check's verdict cannot rest on what it did not read, so it fails closed");
}

/** A state whose diagnostics `pick` chooses become errors, unread input that fails a check closed, saying why. */
function asUnread(cluster: Cluster, pick: (d: Diagnostic) => boolean, why: string): Cluster {
  if (!cluster.diagnostics.some(pick)) return cluster;
  return { ...cluster, diagnostics: cluster.diagnostics.map((d) => (pick(d) ? { ...d, severity: 'error' as const, message: `${d.message}; ${why}` } : d)) };
}

export interface Comparison {
  readonly base: Matrix;
  readonly head: Matrix;
  readonly diff: Diff;
  /** Workloads newly reachable from outside the cluster, or no longer. */
  readonly outside: readonly OutsideChange[];
  /** Where exposure is analysed: workloads newly exposed to pods the manifests do not hold, or no longer. */
  readonly exposure?: readonly ExposureChange[];
  readonly warnings: ChangeWarnings;
  readonly invariants: readonly InvariantResult[];
  readonly report: Report;
}

export interface CompareOptions extends PipelineOptions {
  /** The target whose files are compared; undefined: every manifest file. */
  readonly target?: Target;
  readonly config?: Config;
  /** Explanations of each change in the report (they cost a per-pair evaluation each). */
  readonly explain: boolean;
  /** Analyse the exposure of both states (representatives of pods the manifests do not hold) and compare it. */
  readonly exposure?: boolean;
}

/** The invariants that apply to a target: those that name no target, and those that name it. */
export function invariantsFor(config: Config | undefined, target: Target | undefined): Config['invariants'] {
  return (config?.invariants ?? []).filter((i) => !i.targets || (target !== undefined && i.targets.includes(target.name)));
}

/** Compares two states. Throws RenderError when a target's render fails at either state. */
export async function compareStates(base: Snapshot, head: Snapshot, given: CompareOptions): Promise<Comparison> {
  const options = withTarget(withConfig(given, given.config));
  // the two states are fetched at once: git and render commands run in their own processes
  const [baseFiles, headFiles] = await Promise.all([stateFiles(base, options.target, options), stateFiles(head, options.target, options)]);
  const cache = new LoadCache();
  const baseCluster = loadFiles(baseFiles, options, cache);
  const headCluster = withAppliedLabels(failRefusedUpdates(failTouchedLeftOut(loadFiles(headFiles, options, cache), baseFiles, headFiles), baseCluster), baseCluster);
  // both states are analysed for the same IP families, so that their external ranges compare
  const analyzeOptions = { ...options.analyze, ipFamily: ipFamilyOf([baseCluster, headCluster], options.analyze), ipFamilyAssumed: options.analyze.ipFamily === undefined };
  const baseMatrix = analyze(baseCluster, analyzeOptions);
  const headMatrix = analyze(headCluster, analyzeOptions);
  return compareMatrices(baseMatrix, headMatrix, { base: base.label, head: head.label }, options);
}

/**
 * What a change touched that head leaves out: a Helm chart or a Kustomize
 * root not built whose files (paths within it, and texts) are not those of
 * any part left out at base, a file explicit paths leave out beside the
 * files they read (RD057) whose name and content no such file of base has,
 * and a file read as a Go template whose text base does not have. A pull request that adds a Chart.yaml or a
 * kustomization.yaml beside an allow policy, or a Helm action to it, hides
 * it so; the verdict does not rest on such files, so each becomes an error,
 * unread input that fails a check closed. Parts the change did not touch
 * stay warnings: a pull request is not blocked by what it did not touch.
 */
function failTouchedLeftOut(head: Cluster, baseFiles: readonly SnapshotFile[], headFiles: readonly SnapshotFile[]): Cluster {
  const atBase = new Set(baseFiles.flatMap((f) => ('leftOut' in f && f.leftOut !== undefined ? [f.leftOut] : [])));
  const parts = new Set(headFiles.flatMap((f) => ('leftOut' in f && f.leftOut !== undefined && !atBase.has(f.leftOut) ? [f.path] : [])));
  const unlisted = new Set(headFiles.flatMap((f) => ('leftOut' in f && f.leftOut?.startsWith(UNLISTED) ? [f.path] : [])));
  const templates = head.diagnostics.some((d) => d.code === InputCodes.template && d.severity !== 'error') ? newTexts(baseFiles, headFiles) : new Set<string>();
  if (parts.size === 0 && templates.size === 0) return head;
  const part = (d: Diagnostic, paths: ReadonlySet<string>) => d.severity !== 'error' && (d.code === InputCodes.helmChart || d.code === InputCodes.kustomizeRoot || d.code === InputCodes.pathsLeaveOut) && paths.has(d.file);
  const unknown = asUnread(head, (d) => part(d, unlisted), 'its directory holds too many files to tell whether the change touches them, and the verdict does not rest on them, so it fails closed');
  const touched = (d: Diagnostic) => part(d, parts) || (d.severity !== 'error' && d.code === InputCodes.template && templates.has(d.file));
  return asUnread(unknown, touched, 'the change touches these files and the verdict does not rest on them, so it fails closed');
}

/**
 * Namespaces the config declares outside the manifests and the manifests
 * write: a label base's manifest wrote that head's no longer writes is in
 * base's last-applied configuration, so kubectl apply removes it, whatever
 * the config says the namespace carries (Namespace.written).
 */
function withAppliedLabels(head: Cluster, base: Cluster): Cluster {
  let changed: Map<string, Namespace> | undefined;
  for (const [name, ns] of head.namespaces) {
    const before = base.namespaces.get(name);
    const wrote = before?.written ?? (before?.declared ? before.labels : undefined);
    if (ns.written === undefined || wrote === undefined) continue;
    const dropped = Object.keys(wrote).filter((k) => !Object.hasOwn(ns.written!, k) && Object.hasOwn(ns.labels, k));
    if (dropped.length === 0) continue;
    changed ??= new Map(head.namespaces);
    changed.set(name, { ...ns, labels: Object.fromEntries(Object.entries(ns.labels).filter(([k]) => !dropped.includes(k))) });
  }
  return changed ? { ...head, namespaces: changed } : head;
}

/** What the API server keeps of each kind as the object was created (Workload.immutable), as a message says it. */
const IMMUTABLE_FIELDS: Readonly<Record<string, string>> = {
  Deployment: 'spec.selector',
  DaemonSet: 'spec.selector',
  ReplicaSet: 'spec.selector',
  StatefulSet: 'spec.selector, serviceName, podManagementPolicy or volumeClaimTemplates',
  Job: 'spec.selector and spec.template',
  Pod: 'its spec but the images, tolerations and a few timings',
};

/**
 * Workloads a change rewrites where the API server keeps the object as it
 * was created (a Deployment's selector, a StatefulSet's serviceName, a
 * Job's template): kubectl apply refuses the update ("field is
 * immutable"), and base's object keeps running its pods, labels and all,
 * which head does not show. Each is an error, unread input that fails a
 * check closed.
 */
function failRefusedUpdates(head: Cluster, base: Cluster): Cluster {
  const before = new Map<string, string>();
  for (const w of base.workloads) if (w.immutable !== undefined) before.set(w.id, w.immutable);
  const refused = head.workloads.filter((w) => w.immutable !== undefined && before.has(w.id) && before.get(w.id) !== w.immutable);
  // a paused Deployment, one updated OnDelete or partitioned, a ReplicaSet, keeps its pods as they were when its template changes
  const heldHead = head.workloads.filter((w) => w.held !== undefined && !refused.includes(w));
  const ids = new Set(heldHead.map((w) => w.id));
  const pods = new Map(base.workloads.filter((w) => ids.has(w.id)).map((w) => [w.id, JSON.stringify(w.pods)]));
  const heldBack = heldHead.filter((w) => pods.has(w.id) && pods.get(w.id) !== JSON.stringify(w.pods));
  if (refused.length === 0 && heldBack.length === 0) return head;
  const held = heldBack.map((w) =>
    diagnostic(
      'error',
      Codes.invalidObject,
      w.source,
      `${w.id}: the change rewrites its pod template, but the ${w.kind} ${w.held!}, which head does not show. A check cannot rest on it, so it fails closed`,
    ),
  );
  const errors = refused.map((w) =>
    diagnostic(
      'error',
      Codes.invalidObject,
      w.source,
      `${w.id}: the change rewrites ${IMMUTABLE_FIELDS[w.kind] ?? 'fields'} of the ${w.kind}, which the API server keeps as the object was created ("field is immutable"): kubectl apply refuses it, and base's ${w.kind} keeps running its pods as they were; delete and recreate it to change them. A check cannot rest on it, so it fails closed`,
    ),
  );
  return { ...head, diagnostics: [...head.diagnostics, ...errors, ...held].sort(compareDiagnostics) };
}

/** The paths of head's files whose text no file of base has. */
function newTexts(baseFiles: readonly SnapshotFile[], headFiles: readonly SnapshotFile[]): Set<string> {
  const texts = new Set(baseFiles.flatMap((f) => ('text' in f ? [f.text] : [])));
  return new Set(headFiles.flatMap((f) => ('text' in f && !texts.has(f.text) ? [f.path] : [])));
}

/** The options with what a target says: the namespace its objects that name none go to. */
function withTarget(options: CompareOptions): CompareOptions {
  const namespace = options.target?.namespace;
  return namespace === undefined ? options : { ...options, load: { ...options.load, defaultNamespace: namespace } };
}

/** The options with what the config says about the cluster: where the ingress controller runs. */
export function withConfig<T extends { readonly analyze: AnalyzeOptions }>(options: T, config: Config | undefined): T {
  const noSets = config?.outside?.networkSets === false;
  if (!config?.ingressController && !noSets) return options;
  return { ...options, analyze: { ...options.analyze, ...(config?.ingressController ? { ingressController: config.ingressController } : {}), ...(noSets ? { noNetworkSetsOutside: true } : {}) } };
}

/** The comparison of two analysed states. */
export function compareMatrices(base: Matrix, head: Matrix, labels: { base: string; head: string }, options: Omit<CompareOptions, 'run' | 'load'>): Comparison {
  const config = options.config;
  // the ends a change can have touched, for the diff and for the pairs of a workload with itself
  const affected = affectedEnds(base, head);
  const diff = diffMatrices(base, head, affected);
  // after the diff: the pairs it evaluated made the policy groups the warnings' pairs need
  const warnings = withChangeWarnings(lintChange(base, head, options.analyze, config?.ignore ?? []), base, head, config?.ignore ?? [], affected);
  const checked = config ? invariantsFor(config, options.target) : [];
  const compared = config ? compareInvariants(checked, base, head, options.analyze, config.file, config.failOnNotAnalysed) : [];
  // what the change removes from the manifests may stay in the cluster, unless the config says the deployment prunes (the target's say first)
  // where the deployment prunes, the objects marked to stay still do (Cluster.keptWhenRemoved)
  const prune = options.target?.prune ?? config?.prune;
  const marked = keptAcross(base.cluster, head.cluster);
  const invariants =
    config && (!prune || marked) ? leftBehindResults(compared, checked, base, head, options.analyze, config.file, config.failOnNotAnalysed, prune ? marked : undefined) : compared;
  const outside = diffOutside(base, head);
  const exposed = options.exposure ? diffExposure(exposure(base, options.analyze), exposure(head, options.analyze)) : undefined;
  const report = diffReport(diff, labels, invariants, config?.file ?? '', {
    explain: options.explain,
    warnings,
    failOnUnread: config?.failOnUnread ?? true,
    failOnNotAnalysed: config?.failOnNotAnalysed ?? true,
    outside,
    ...(exposed ? { exposure: exposed } : {}),
  });
  return { base, head, diff, outside, ...(exposed ? { exposure: exposed } : {}), warnings, invariants, report };
}

/**
 * The objects of base the deployment keeps though it prunes, where head
 * drops them: those marked to stay, and those of a GitOps object that
 * leaves its objects behind when head no longer holds it either.
 */
function keptAcross(base: Cluster, head: Cluster): ReadonlySet<string> | undefined {
  const gone = [...(base.keptIfRemovedWith ?? new Map<string, ReadonlySet<string>>())].filter(([owner]) => !head.gitOpsObjects?.has(owner));
  if (gone.length === 0) return base.keptWhenRemoved;
  return new Set([...(base.keptWhenRemoved ?? []), ...gone.flatMap(([, keys]) => [...keys])]);
}
