import type { CauseJson, DecisionJson, EndJson, ExposureChangeJson, OutsideChangeJson, PairJson, Report, ReportChange, ReportInvariant, WitnessJson } from '../report/report.js';

/** One line of the connectivity diff, as np-guard's netpol-analyzer prints it. */
export function changeLine(c: ReportChange): string {
  return `diff-type: ${c.type}, source: ${c.src}, destination: ${c.dst}, ref1: ${c.base}, ref2: ${c.head}${c.workloadsInfo ? `, workloads-diff-info: ${c.workloadsInfo}` : ''}`;
}

const ACTION_WORD: Record<string, string> = { allow: 'allowed', deny: 'denied', pass: 'passed to NetworkPolicy' };
/** Calico's Pass goes to the next of its tiers, whichever it is. */
const CALICO_KINDS: ReadonlySet<string> = new Set(['CalicoNetworkPolicy', 'GlobalNetworkPolicy']);

export function ruleText(d: DecisionJson): string {
  if (d.default) return 'no policy isolates it';
  const rule = `${d.direction} rule ${d.rule}${d.ruleName ? ` "${d.ruleName}"` : ''}`;
  return d.policyKind === 'NetworkPolicy' ? `${d.policy} ${rule}` : `${d.policyKind} ${d.policy} ${rule}`;
}

export function decisionText(d: DecisionJson): string {
  if (d.default) return `allowed by default, no policy isolates it: ${d.ports}`;
  const note = d.note ? ` [${d.note}: may be narrower]` : '';
  const word = d.action === 'pass' && d.policyKind !== undefined && CALICO_KINDS.has(d.policyKind) ? 'passed to the next tier' : (ACTION_WORD[d.action] ?? d.action);
  return `${word} by ${ruleText(d)}${note} (${d.file}:${d.line}${d.generatedBy ? `, ${d.generatedBy}` : ''}): ${d.ports}`;
}

/** `ingress of staging/db[StatefulSet]: allowed by staging/db-from-backend ingress rule 0 (policies.yaml:23): TCP 5432` */
export function endText(e: EndJson, direction: 'egress' | 'ingress'): string {
  const subject = `${direction} of ${e.endpoint}`;
  if (!e.governed) return `${subject}: external, no policy applies`;
  if (e.decisions.length === 0) return e.isolated ? `${subject}: isolated by ${e.policies.join(', ')}; no rule allows it` : `${subject}: nothing allowed`;
  return `${subject}: ${e.decisions.map(decisionText).join('; ')}`;
}

export function pairLines(p: PairJson, prefix = ''): string[] {
  return [`${prefix}${endText(p.egress, 'egress')}`, `${prefix}${endText(p.ingress, 'ingress')}`];
}

export function causeText(c: CauseJson): string {
  return `${c.message}${c.file ? ` (${c.file}:${c.line})` : ''}`;
}

export function explanationLines(c: ReportChange): string[] {
  const lines: string[] = [];
  if (c.explanation.base) lines.push(...pairLines(c.explanation.base, 'base: '));
  if (c.explanation.head) lines.push(...pairLines(c.explanation.head, 'head: '));
  for (const cause of c.explanation.causes) lines.push(`cause: ${causeText(cause)}`);
  return lines;
}

const REACH_WORD: Record<OutsideChangeJson['type'], string> = { opened: 'newly reachable', closed: 'no longer reachable', changed: 'changed' };
const EXPOSURE_WORD: Record<ExposureChangeJson['type'], string> = { opened: 'newly exposed', closed: 'no longer exposed', changed: 'changed' };

function rulesLine(rules: readonly DecisionJson[]): string {
  return rules.length === 0 ? '' : ` (${rules.map(decisionText).join('; ')})`;
}

/**
 * After the connectivity diff, with --exposure: what the change does to the
 * reach of workloads from outside the cluster and to their exposure to pods
 * the manifests do not hold, one line each with the rules responsible.
 */
export function reachLines(report: Report): string[] {
  const lines: string[] = [];
  const outside = report.outside ?? [];
  if (outside.length > 0) {
    lines.push('Reachable from outside the cluster:');
    for (const o of outside) lines.push(`${REACH_WORD[o.type]}: ${o.workload} through ${o.via} from ${o.from}, ref1: ${o.base}, ref2: ${o.head}${rulesLine(o.rules)}`);
  }
  const exposure = report.exposure ?? [];
  if (exposure.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push('Exposure diff:');
    for (const e of exposure) lines.push(`${EXPOSURE_WORD[e.type]}: ${e.workload} ${e.direction === 'ingress' ? '<=' : '=>'} ${e.peer}, ref1: ${e.base}, ref2: ${e.head}${rulesLine(e.rules)}`);
  }
  return lines;
}

/** Lines are written out in chunks of about this many. */
const CHUNK_LINES = 4096;

/**
 * `Connectivity diff:` then one line per changed pair (changed, added,
 * removed); an empty diff is empty. With `explain`, indented lines under
 * each change say which rules decided on each side and what changed.
 * `changes` is every change (the report lists only the first ones), read
 * one at a time and written out in chunks, so that a million changes are
 * never held as text at once.
 */
export function* diffTextChunks(report: Report, explain = false, changes: Iterable<ReportChange> = report.changes, reach = false): Generator<string> {
  let lines: string[] = [];
  let any = false;
  for (const c of changes) {
    if (!any) lines.push('Connectivity diff:');
    any = true;
    lines.push(changeLine(c));
    if (explain) for (const l of explanationLines(c)) lines.push(`    ${l}`);
    if (lines.length >= CHUNK_LINES) {
      yield `${lines.join('\n')}\n`;
      lines = [];
    }
  }
  const reached = reach ? reachLines(report) : [];
  if (reached.length > 0) {
    if (any) lines.push('');
    lines.push(...reached);
  }
  if (report.invariants.length > 0) {
    if (any || reached.length > 0) lines.push('');
    lines.push(...invariantLines(report.invariants));
  }
  // warnings go to stderr with the other diagnostics: stdout stays np-guard's format
  if (lines.length > 0) yield `${lines.join('\n')}\n`;
}

export function renderDiffText(report: Report, explain = false): string {
  return [...diffTextChunks(report, explain)].join('');
}

const STATUS_MARK: Record<ReportInvariant['status'], string> = {
  holds: 'ok',
  fixed: 'ok',
  violated: 'FAIL',
  'newly violated': 'FAIL',
  'still violated': 'FAIL',
  unmatched: 'FAIL',
};

function witnessLines(w: WitnessJson): string[] {
  if (w.kind === 'workload') return [`${w.workload}: ${w.message} (${w.file}:${w.line})`];
  return [`${w.src} => ${w.dst} : ${w.ports}`, ...(w.explanation ? pairLines(w.explanation, '  ') : [])];
}

/** The invariant section: a line per invariant, then witnesses of those that fail. */
export function invariantLines(invariants: readonly ReportInvariant[]): string[] {
  const lines = ['Invariants:'];
  for (const inv of invariants) {
    lines.push(`${STATUS_MARK[inv.status]} ${inv.status}: ${inv.name} (${inv.file}:${inv.line})`);
    if (!inv.failed) continue;
    for (const u of inv.head.unmatched) lines.push(`    selector ${u.selector} (line ${u.line}) matches nothing`);
    for (const w of inv.head.witnesses) for (const l of witnessLines(w)) lines.push(`    ${l}`);
    if (inv.head.witnessCount > inv.head.witnesses.length) lines.push(`    ... and ${inv.head.witnessCount - inv.head.witnesses.length} more`);
  }
  return lines;
}
