import type { FailOn } from '../check/config.js';
import { DEFAULT_CONFIG_PATH, FAIL_ON } from '../check/config.js';
import type { IpFamily } from '../engine/analyze.js';
import { IP_FAMILIES } from '../engine/analyze.js';
import { podCidrProblem } from '../model/ipranges.js';

export const COMMENT_MODES = ['on-change', 'always', 'never'] as const;
export const SOURCES = ['auto', 'git', 'api'] as const;
export const MODES = ['analyze', 'publish'] as const;

/**
 * Manifests the action reads when `paths` is not given: every file the
 * manifests' reader takes (isManifestPath: YAML and JSON, a kustomization
 * named `Kustomization`, Argo CD's `.jsonnet`) outside hidden directories
 * and node_modules.
 */
export const DEFAULT_PATHS = ['**/*.{yaml,yml,json,jsonnet}', '**/Kustomization', '!**/.*/**', '!**/node_modules/**'];

export interface ActionInputs {
  readonly token: string;
  readonly mode: (typeof MODES)[number];
  readonly paths: readonly string[];
  readonly config: string;
  /** Whether the workflow named the config (then it must exist), rather than leaving the default. */
  readonly configGiven: boolean;
  readonly comment: (typeof COMMENT_MODES)[number];
  readonly commentId: string;
  readonly failOn: FailOn;
  /** List head's existing warnings in the comment too, not only those the change introduces. */
  readonly allWarnings: boolean;
  readonly baseRef: string | undefined;
  readonly headRef: string | undefined;
  readonly source: (typeof SOURCES)[number];
  readonly reportFile: string | undefined;
  readonly renderTimeoutMs: number;
  readonly defaultNamespace: string;
  /** Whether the workflow gave default-namespace, `default` too. */
  readonly defaultNamespaceGiven: boolean;
  readonly hostNetwork: 'exclude' | 'include';
  readonly podCIDRs: readonly string[];
  /** The service-cidr input: the cluster's Service network, where given (see AnalyzeOptions.serviceCIDRs). */
  readonly serviceCIDRs?: readonly string[];
  /** Write a SARIF log for code scanning, and give its path as the `sarif` output. */
  readonly sarif: boolean;
  /** The IP families the cluster uses; undefined: from the manifests (see ipFamilyOf). */
  readonly ipFamily: IpFamily | undefined;
  /** Compare each workload's exposure to pods the manifests do not hold (newly exposed, no longer exposed). */
  readonly exposure: boolean;
  /** Time limit of each GitHub API request. */
  readonly apiTimeoutMs: number;
}

/** A workflow input the action cannot use: fails the step with this message. */
export class InputError extends Error {}

/** Items one per line or comma-separated; a comma inside braces belongs to a glob's alternatives (`*.{yaml,yml}`). */
function list(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    let depth = 0;
    let start = 0;
    for (let i = 0; i <= line.length; i++) {
      const c = line[i];
      if (c === '{') depth++;
      else if (c === '}' && depth > 0) depth--;
      else if (i === line.length || (c === ',' && depth === 0)) {
        out.push(line.slice(start, i));
        start = i + 1;
      }
    }
  }
  return out.map((s) => s.trim()).filter((s) => s !== '' && !s.startsWith('#'));
}

/** The longest time limit an input takes, in seconds: an hour (Node's timers hold no more than about 24 days, and fire at once past that). */
export const MAX_SECONDS = 3600;

/** A time limit in whole seconds, from 1 to MAX_SECONDS. */
function seconds(name: string, value: string, fallback: number): number {
  if (value === '') return fallback;
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= 1 && n <= MAX_SECONDS)) throw new InputError(`input ${name} takes a whole number of seconds from 1 to ${MAX_SECONDS}, not "${value}"`);
  return n;
}

function choice<T extends string>(name: string, value: string, allowed: readonly T[], fallback: T): T {
  if (value === '') return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new InputError(`input ${name} must be one of ${allowed.join(', ')}, not "${value}"`);
  return value as T;
}

/**
 * A revision as git check-ref-format and rev-parse accept it, never an
 * option: a value such as `--upload-pack=...` would run a command through
 * git.
 */
function revision(name: string, value: string): string | undefined {
  if (value === '') return undefined;
  const ok = /^[A-Za-z0-9._/@^~{}+-]{1,255}$/.test(value) && !value.startsWith('-') && !value.includes('..') && !value.includes('@{') && !value.endsWith('.lock') && !value.endsWith('/') && !value.endsWith('.');
  if (!ok) throw new InputError(`input ${name} must be a commit SHA, a branch or tag name, or a revision like HEAD~1, not "${value}"`);
  return value;
}

/** A path in the repository as the git and API sources both read it: no leading ./ or /. */
function repositoryPath(name: string, value: string): string {
  const clean = value.replace(/^(\.\/)+/, '').replace(/^\/+/, '');
  if (clean === '' || clean.split('/').some((part) => part === '..' || part === '.' || part === '')) throw new InputError(`input ${name} must be a path inside the repository, not "${value}"`);
  return clean;
}

/** The pod-cidr input's CIDRs: one that is not a CIDR fails the step, naming it, rather than being left out (see podCidrProblem). */
function podCidrs(values: string[], input = 'pod-cidr'): string[] {
  for (const value of values) {
    const problem = podCidrProblem(value);
    if (problem !== undefined) throw new InputError(`input ${input}: ${problem}`);
  }
  return values;
}

/** Reads the action's inputs; `get` returns an input's trimmed value, '' when unset. */
export function readInputs(get: (name: string) => string): ActionInputs {
  const commentId = get('comment-id') || 'default';
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(commentId)) throw new InputError(`input comment-id may hold letters, digits, ".", "_" and "-" (at most 64), not "${commentId}"`);
  const timeout = seconds('render-timeout', get('render-timeout'), 300);
  const mode = choice('mode', get('mode'), MODES, 'analyze');
  const reportFile = get('report-file') || undefined;
  if (mode === 'publish' && !reportFile) throw new InputError('mode: publish needs report-file, the JSON report of an earlier run');
  // globs are relative to the repository: a leading / (or !/) means its root, as for config
  const paths = list(get('paths')).map((p) => p.replace(/^(!?)\/+/, '$1'));
  return {
    token: get('github-token'),
    mode,
    paths: paths.length > 0 ? paths : DEFAULT_PATHS,
    config: repositoryPath('config', get('config') || DEFAULT_CONFIG_PATH),
    configGiven: get('config') !== '',
    comment: choice('comment', get('comment'), COMMENT_MODES, 'on-change'),
    commentId,
    failOn: choice('fail-on', get('fail-on'), FAIL_ON, 'new-violations'),
    allWarnings: choice('warnings', get('warnings'), ['introduced', 'all'] as const, 'introduced') === 'all',
    baseRef: revision('base-ref', get('base-ref')),
    headRef: revision('head-ref', get('head-ref')),
    source: choice('source', get('source'), SOURCES, 'auto'),
    reportFile,
    renderTimeoutMs: timeout * 1000,
    defaultNamespace: get('default-namespace') || 'default',
    defaultNamespaceGiven: get('default-namespace') !== '',
    hostNetwork: choice('host-network', get('host-network'), ['exclude', 'include'] as const, 'exclude'),
    podCIDRs: podCidrs(list(get('pod-cidr'))),
    ...(get('service-cidr') !== '' ? { serviceCIDRs: podCidrs(list(get('service-cidr')), 'service-cidr') } : {}),
    sarif: choice('sarif', get('sarif'), ['true', 'false'] as const, 'false') === 'true',
    ipFamily: get('ip-family') === '' ? undefined : choice('ip-family', get('ip-family'), IP_FAMILIES, 'ipv4'),
    exposure: choice('exposure', get('exposure'), ['true', 'false'] as const, 'true') === 'true',
    apiTimeoutMs: seconds('api-timeout', get('api-timeout'), 30) * 1000,
  };
}
