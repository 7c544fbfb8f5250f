/**
 * How renderers write a place in the manifests: `file:line` in text, a
 * link to the file at its commit in Markdown where the revisions are known,
 * and, for a rendered stream (`render:prod`), the line of the target's
 * render output in words, since no file holds it.
 */

/** Which revision a place belongs to: the base, the head, or the one the config was read at. */
export type Side = 'base' | 'head' | 'config';

/** How a renderer writes text taken from reports and the places in it. */
export interface TextStyle {
  /** Escapes text for the output. */
  text(s: string): string;
  /** A place, written for the output. */
  at(file: string, line: number, side: Side): string;
}

/** Plain text: as it is, places as `file:line`. */
export const PLAIN: TextStyle = { text: (s) => s, at: (file, line) => `${file}:${line}` };

/** Rendered streams are not files of the repository. */
export function isStream(file: string): boolean {
  return file.startsWith('render:');
}

/** `line 120 of the output of target prod's render` */
export function streamLine(file: string, line: number): string {
  return `line ${line} of the output of target ${file.slice('render:'.length)}'s render`;
}

/** Links to files at a commit. */
export interface SourceLinks {
  url(file: string, line: number, side: Side): string | undefined;
}

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
const REPOSITORY = /^[A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100}$/;

/**
 * Links of the form `SERVER/OWNER/REPO/blob/SHA/PATH#LLINE`, each place at
 * the commit it belongs to. Paths relative to the repository only: a
 * rendered stream, an absolute path or one that leaves the repository has
 * no link.
 */
export function blobLinks(server: string, repository: string, commits: { base: string; head: string; config?: string | undefined }): SourceLinks | undefined {
  if (!/^https?:\/\/[^\s()<>"]+$/.test(server) || !REPOSITORY.test(repository)) return undefined;
  const root = `${server.replace(/\/+$/, '')}/${repository}/blob/`;
  return {
    url(file, line, side) {
      const sha = side === 'config' ? commits.config : commits[side];
      if (!sha || !SHA.test(sha) || isStream(file) || file.startsWith('/') || file.split('/').some((p) => p === '..' || p === '')) return undefined;
      return `${root}${sha}/${file.split('/').map(encodeURIComponent).join('/')}#L${Math.max(1, line)}`;
    },
  };
}
