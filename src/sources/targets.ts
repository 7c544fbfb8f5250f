import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Target } from '../check/config.js';
import type { ManifestFile } from '../input/load.js';
import { pathMatcher } from './globs.js';
import type { RunLimits } from './runcommand.js';
import { runCommand } from './runcommand.js';
import type { Snapshot } from './snapshot.js';

/** A render that failed at one state: the target, the state, why, and the end of its stderr. */
export class RenderError extends Error {
  constructor(
    readonly target: string,
    readonly state: string,
    readonly reason: string,
    readonly stderrTail: string,
    /** Given as --render: the target is named after the command. */
    readonly adHoc = false,
  ) {
    super(`${RenderError.what(target, adHoc)} at ${state} ${reason}${stderrTail.trim() ? `; its stderr ends with:\n${stderrTail.trimEnd()}` : ''}`);
  }

  private static what(target: string, adHoc: boolean): string {
    return adHoc ? `the render command "${target}"` : `target ${target}: the render command`;
  }

  /** The failure without what the command printed, which may hold anything (secrets among it). */
  get brief(): string {
    return `${RenderError.what(this.target, this.adHoc)} at ${this.state} ${this.reason}`;
  }
}

/** The name rendered manifests go by in diagnostics and explanations: `render:prod`. */
export function renderedPath(target: Target): string {
  return `render:${target.name}`;
}

/**
 * The manifest files of one target at one state. A `paths` target reads the
 * files its globs match (relative to the state's root); a `render` target
 * runs its command in a directory holding the state, with a time limit and
 * bounded output (in its `directory` under it, where the target names
 * one), and its stdout is the manifest stream, with the submodules left
 * empty there reported unread. A render that fails, or whose directory the
 * state does not hold, throws RenderError.
 */
export async function targetFiles(target: Target, snapshot: Snapshot, run: RunLimits): Promise<ManifestFile[]> {
  if (target.kind === 'paths') return snapshot.files(pathMatcher(target.paths));
  const directory = target.directory;
  const result = await snapshot.inDirectory((dir) => {
    if (directory === undefined) return runCommand(target.command, dir, run);
    // the command's relative paths name what they name from there: run elsewhere, it would render another tree
    const where = join(dir, ...directory.split('/'));
    if (!isDirectory(where)) throw new RenderError(target.name, snapshot.label, `cannot run in ${directory}, where it is run from: that directory is not there`, '', target.adHoc === true);
    return runCommand(target.command, where, run);
  });
  if (!result.ok) throw new RenderError(target.name, snapshot.label, result.reason, result.stderrTail, target.adHoc === true);
  // a submodule the command may read (under its directory, where it names one) was empty where it ran: unread
  const empty = ((await snapshot.emptySubmodules?.()) ?? []).filter((s) => directory === undefined || s.path === directory || s.path.startsWith(`${directory}/`));
  const unread = empty.map((s) => ({ path: s.path, error: `a git submodule (commit ${s.commit.slice(0, 12)}): the checkout the render command runs in leaves it empty, so what the command would read there is not read` }));
  return [{ path: renderedPath(target), text: result.stdout }, ...unread];
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
