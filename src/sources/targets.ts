import { relative } from 'node:path';
import { withCheckout } from './checkout.js';
import type { Target } from '../check/config.js';
import { listManifestFiles, readManifestFiles } from './directory.js';
import { readRevision } from './git.js';
import { pathMatcher } from './globs.js';
import type { SnapshotFile } from '../input/load.js';
import type { RunLimits } from './runcommand.js';
import { DEFAULT_RUN_LIMITS, runCommand } from './runcommand.js';

/** Where one state's manifests come from: a git revision, or a directory. */
export type StateSource = { readonly kind: 'git'; readonly repo: string; readonly ref: string } | { readonly kind: 'directory'; readonly path: string };

/** A render that failed at one state: the target, the state, why, and the end of its stderr. */
export class RenderError extends Error {
  constructor(
    readonly target: string,
    readonly state: string,
    readonly reason: string,
    readonly stderrTail: string,
  ) {
    super(`target ${target}: the render command at ${state} ${reason}${stderrTail.trim() ? `; its stderr ends with:\n${stderrTail.trimEnd()}` : ''}`);
  }
}

export interface TargetOptions {
  readonly maxFileBytes: number;
  readonly run?: RunLimits;
}

function stateName(source: StateSource): string {
  return source.kind === 'git' ? source.ref : source.path;
}

/** The name rendered manifests go by in diagnostics and explanations: `render:prod`. */
export function renderedPath(target: Target): string {
  return `render:${target.name}`;
}

/**
 * The manifest files of one target at one state. A `paths` target reads the
 * files its globs match (relative to the repository root or the directory);
 * a `render` target runs its command in a temporary checkout of the
 * revision (or in the directory) with a time limit and bounded output, and
 * its stdout is the manifest stream. A render that fails throws RenderError.
 */
export async function targetFiles(target: Target, source: StateSource, options: TargetOptions): Promise<SnapshotFile[]> {
  if (target.kind === 'paths') {
    const wanted = pathMatcher(target.paths);
    if (source.kind === 'git') return readRevision(source.repo, source.ref, wanted, options.maxFileBytes);
    const { files } = listManifestFiles([source.path]);
    return [...readManifestFiles(files.filter((f) => wanted(relative(source.path, f).split('\\').join('/'))), { maxFileBytes: options.maxFileBytes })];
  }
  const run = (dir: string) => runCommand(target.command, dir, options.run ?? DEFAULT_RUN_LIMITS);
  const result = source.kind === 'git' ? await withCheckout(source.repo, source.ref, run) : await run(source.path);
  if (!result.ok) throw new RenderError(target.name, stateName(source), result.reason, result.stderrTail);
  return [{ path: renderedPath(target), text: result.stdout }];
}
