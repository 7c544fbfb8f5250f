export type Severity = 'error' | 'warning' | 'info';

/** Where something came from: a file (as given by the user) and a 1-based line. */
export interface SourceRef {
  readonly file: string;
  readonly line: number;
}

/**
 * Something the user should know about the input. Errors mean a document or
 * object was skipped; warnings mean it was analysed but deserves a look.
 */
export interface Diagnostic {
  readonly severity: Severity;
  readonly code: string;
  readonly file: string;
  readonly line: number;
  readonly message: string;
  /** The policy or workload a foot-gun warning is about (`ns/name`), for silencing and comparing states. */
  readonly object?: string;
}

/** Stable codes for loader diagnostics; foot-gun warnings use RD1xx. */
export const Codes = {
  syntax: 'RD001',
  notKubernetes: 'RD002',
  invalidObject: 'RD003',
  invalidPolicy: 'RD004',
  limit: 'RD005',
  duplicate: 'RD006',
  unsupported: 'RD007',
  hostNetwork: 'RD008',
  unreadable: 'RD009',
  labelsDiffer: 'RD010',
  notAnalysed: 'RD011',
} as const;

/** Stable codes of the foot-gun warnings (src/lint.ts). */
export const WarningCodes = {
  dnsBlocked: 'RD101',
  dnsPortWithoutProtocol: 'RD102',
  selectsNothing: 'RD103',
  allowsEverything: 'RD104',
  ingressDeniedByDefault: 'RD105',
  rulesIgnored: 'RD106',
  namedPortUndeclared: 'RD107',
  peersSplit: 'RD108',
  noPolicy: 'RD109',
  cidrNotNormal: 'RD110',
  calicoDenyBeforeKubernetes: 'RD130',
  calicoSelectsNothing: 'RD131',
  calicoNegatedSelector: 'RD132',
  calicoNotSelectorAllowsAll: 'RD133',
  calicoTierUnused: 'RD134',
  calicoTierUndeclared: 'RD135',
  calicoRulesIgnored: 'RD136',
  calicoStorageForm: 'RD138',
} as const;

export function diagnostic(severity: Severity, code: string, at: SourceRef, message: string): Diagnostic {
  return { severity, code, file: at.file, line: at.line, message };
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${d.file}:${d.line}: ${d.severity}: ${d.message} [${d.code}]`;
}

export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.line !== b.line) return a.line - b.line;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}
