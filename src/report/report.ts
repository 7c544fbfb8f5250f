import type { ConnectionSet } from '../model/connections.js';
import type { EndpointSelector, Invariant } from '../check/invariants.js';
import type { Diagnostic } from '../model/diagnostics.js';
import type { Change, Diff } from '../change/diff.js';
import { workloadsInfo } from '../change/diff.js';
import { explainChange, explanationJson, pairJson } from '../change/explain.js';
import type { InvariantResult, InvariantState, Witness } from '../check/invariants.js';
import { failing } from '../check/invariants.js';
import type { Matrix } from '../engine/matrix.js';
import type { NotAnalysedJson } from './notanalysed.js';
import { notAnalysedJson } from './notanalysed.js';

/** The JSON report (schema/report.schema.json): what `diff`/`check --format json` print and the action consumes. */
export const REPORT_VERSION = 1;

export type PortsJson = 'all' | Partial<Record<'SCTP' | 'TCP' | 'UDP', Array<[number, number]>>>;

export interface DiagnosticJson {
  severity: 'error' | 'warning' | 'info';
  code: string;
  file: string;
  line: number;
  message: string;
}

/** A foot-gun warning, with the policy or workload it is about. */
export interface WarningJson extends DiagnosticJson {
  object: string;
}

/** Warnings of head: those the change introduces, those base already had, and how many the config silenced. */
export interface WarningsJson {
  introduced: WarningJson[];
  existing: WarningJson[];
  silenced: number;
}

/** Warnings as the commands pass them in. */
export interface Warnings {
  readonly introduced: readonly Diagnostic[];
  readonly existing: readonly Diagnostic[];
  readonly silenced: number;
}

export interface StateSummary {
  /** What was read: a path, or a git revision. */
  label: string;
  workloads: number;
  policies: number;
  namespaces: number;
  diagnostics: DiagnosticJson[];
  /** What governs traffic there and was not analysed (policy kinds reachdiff does not model, rule parts it cannot decide). */
  notAnalysed: NotAnalysedJson[];
}

export interface DecisionJson {
  default?: boolean;
  policy?: string;
  policyKind?: string;
  direction?: string;
  rule?: number;
  ruleName?: string;
  /** What the rule filters beyond L3/L4 (`L7 HTTP`): the ports it allows may be narrower. */
  note?: string;
  priority?: number;
  action: string;
  ports: string;
  file?: string;
  line?: number;
}

export interface EndJson {
  endpoint: string;
  governed: boolean;
  isolated: boolean;
  policies: string[];
  decisions: DecisionJson[];
  allowed: string;
}

export interface PairJson {
  allowed: string;
  egress: EndJson;
  ingress: EndJson;
}

export interface CauseJson {
  message: string;
  file?: string;
  line?: number;
}

/** Connections of a pair that pass through a rule with a note (an L7 filter, DNS names). */
export interface ViaJson {
  note: string;
  conn: string;
  ports: PortsJson;
}

export interface ReportChange {
  type: 'added' | 'removed' | 'changed';
  src: string;
  dst: string;
  /** Namespace the change is filed under: the destination's, or the source's for an external destination. */
  namespace: string;
  base: string;
  head: string;
  basePorts: PortsJson | null;
  headPorts: PortsJson | null;
  opened: string | null;
  closed: string | null;
  /** Where some connections pass through a rule with a note, on either side. */
  via?: { base: ViaJson[]; head: ViaJson[] };
  workloads: Array<{ workload: string; change: 'added' | 'removed' }>;
  workloadsInfo: string | null;
  explanation: { base: PairJson | null; head: PairJson | null; causes: CauseJson[] };
}

export type WitnessJson =
  | { kind: 'pair'; src: string; dst: string; ports: string; explanation: PairJson | null }
  | { kind: 'workload'; workload: string; direction: string; message: string; file: string; line: number };

export interface InvariantStateJson {
  status: 'holds' | 'violated' | 'unmatched';
  unmatched: Array<{ selector: string; line: number }>;
  witnessCount: number;
  witnesses: WitnessJson[];
}

export interface ReportInvariant {
  name: string;
  kind: Invariant['kind'];
  file: string;
  line: number;
  status: InvariantResult['status'];
  /** Counts as a failure, and is new in head (for --fail-on new-violations). */
  failed: boolean;
  isNew: boolean;
  base: InvariantStateJson | null;
  head: InvariantStateJson;
}

export interface Report {
  version: typeof REPORT_VERSION;
  kind: 'diff' | 'check';
  base: StateSummary | null;
  head: StateSummary;
  summary: {
    opened: number;
    closed: number;
    changed: number;
    invariants: number;
    violations: number;
    newViolations: number;
  };
  changes: ReportChange[];
  invariants: ReportInvariant[];
  warnings: WarningsJson;
}

function ports(c: ConnectionSet): PortsJson | null {
  return c.isEmpty() ? null : c.toJSON();
}

function diagnostics(ds: readonly Diagnostic[]): DiagnosticJson[] {
  return ds.map((d) => ({ severity: d.severity, code: d.code, file: d.file, line: d.line, message: d.message }));
}

function warningJson(d: Diagnostic): WarningJson {
  return { severity: d.severity, code: d.code, file: d.file, line: d.line, message: d.message, object: d.object ?? '' };
}

const NO_WARNINGS: Warnings = { introduced: [], existing: [], silenced: 0 };

function warningsJson(w: Warnings): WarningsJson {
  return { introduced: w.introduced.map(warningJson), existing: w.existing.map(warningJson), silenced: w.silenced };
}

export function stateSummary(m: Matrix, label: string): StateSummary {
  const c = m.cluster;
  return {
    label,
    workloads: c.workloads.length,
    policies: c.policies.length,
    namespaces: c.namespaces.size,
    diagnostics: diagnostics(m.diagnostics),
    notAnalysed: notAnalysedJson(c.notAnalysed),
  };
}

function namespaceOf(name: string): string | undefined {
  return name.endsWith('[External]') ? undefined : name.slice(0, name.indexOf('/'));
}

const UNEXPLAINED: ReportChange['explanation'] = { base: null, head: null, causes: [] };

function viaJson(m: Matrix, ends: Change['baseEndpoints']): ViaJson[] {
  if (!ends) return [];
  return m.via(ends.src, ends.dst).map((v) => ({ note: v.note, conn: v.conn.toString(), ports: v.conn.toJSON() }));
}

function changeJson(diff: Diff, c: Change, explain: boolean): ReportChange {
  const via = { base: viaJson(diff.base, c.baseEndpoints), head: viaJson(diff.head, c.headEndpoints) };
  return {
    type: c.type,
    src: c.src,
    dst: c.dst,
    namespace: namespaceOf(c.dst) ?? namespaceOf(c.src) ?? '',
    base: c.base.toString(),
    head: c.head.toString(),
    basePorts: ports(c.base),
    headPorts: ports(c.head),
    opened: c.opened.isEmpty() ? null : c.opened.toString(),
    closed: c.closed.isEmpty() ? null : c.closed.toString(),
    ...(via.base.length + via.head.length > 0 ? { via } : {}),
    workloads: c.workloads.map((w) => ({ workload: w.workload, change: w.change })),
    workloadsInfo: workloadsInfo(c) ?? null,
    explanation: explain ? (explanationJson(explainChange(diff, c)) as ReportChange['explanation']) : UNEXPLAINED,
  };
}

function selectorJson(s: EndpointSelector): { selector: string; line: number } {
  return { selector: s.text, line: s.line };
}

function witnessJson(w: Witness): WitnessJson {
  if (w.kind === 'workload') return { ...w };
  return { kind: 'pair', src: w.src, dst: w.dst, ports: w.ports.toString(), explanation: pairJson(w.explanation) as PairJson | null };
}

function stateJson(s: InvariantState): InvariantStateJson {
  return { status: s.status, unmatched: s.unmatched.map(selectorJson), witnessCount: s.witnessCount, witnesses: s.witnesses.map(witnessJson) };
}

function invariantJson(r: InvariantResult, file: string): ReportInvariant {
  const f = failing(r);
  return {
    name: r.invariant.name,
    kind: r.invariant.kind,
    file,
    line: r.invariant.line,
    status: r.status,
    failed: f.failed,
    isNew: f.isNew,
    base: r.base ? stateJson(r.base) : null,
    head: stateJson(r.head),
  };
}

/** The counts of a report, from its changes and invariants. */
export function summary(changes: readonly ReportChange[], invariants: readonly ReportInvariant[]): Report['summary'] {
  return {
    opened: changes.filter((c) => c.type === 'added').length,
    closed: changes.filter((c) => c.type === 'removed').length,
    changed: changes.filter((c) => c.type === 'changed').length,
    invariants: invariants.length,
    violations: invariants.filter((i) => i.failed).length,
    newViolations: invariants.filter((i) => i.failed && i.isNew).length,
  };
}

/**
 * The report of a diff. `explain: false` leaves explanations out, for
 * outputs that do not show them (they cost a per-pair evaluation each).
 */
export function diffReport(
  diff: Diff,
  labels: { base: string; head: string },
  invariants: readonly InvariantResult[] = [],
  configFile = '',
  options: { explain?: boolean; warnings?: Warnings } = {},
): Report {
  const explain = options.explain ?? true;
  const changes = diff.changes.map((c) => changeJson(diff, c, explain));
  const inv = invariants.map((r) => invariantJson(r, configFile));
  return {
    version: REPORT_VERSION,
    kind: 'diff',
    base: stateSummary(diff.base, labels.base),
    head: stateSummary(diff.head, labels.head),
    summary: summary(changes, inv),
    changes,
    invariants: inv,
    warnings: warningsJson(options.warnings ?? NO_WARNINGS),
  };
}

/** The report of one state; its warnings are all `existing`, as there is no base to introduce them. */
export function checkReport(m: Matrix, label: string, invariants: readonly InvariantResult[], configFile: string, warnings: Warnings = NO_WARNINGS): Report {
  const inv = invariants.map((r) => invariantJson(r, configFile));
  return {
    version: REPORT_VERSION,
    kind: 'check',
    base: null,
    head: stateSummary(m, label),
    summary: summary([], inv),
    changes: [],
    invariants: inv,
    warnings: warningsJson(warnings),
  };
}

/** What `lint --format json` prints (schema/lint.schema.json). */
export interface LintReport {
  version: typeof REPORT_VERSION;
  kind: 'lint';
  /** What was read. */
  label: string;
  warnings: WarningJson[];
  silenced: number;
  /** What reading the manifests reported (documents skipped and the like). */
  diagnostics: DiagnosticJson[];
  notAnalysed: NotAnalysedJson[];
}

export function lintReport(m: Matrix, label: string, warnings: readonly Diagnostic[], silenced: number): LintReport {
  return {
    version: REPORT_VERSION,
    kind: 'lint',
    label,
    warnings: warnings.map(warningJson),
    silenced,
    diagnostics: diagnostics(m.diagnostics),
    notAnalysed: notAnalysedJson(m.cluster.notAnalysed),
  };
}
