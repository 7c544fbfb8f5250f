import { createHash } from 'node:crypto';
import { accessSync, constants, realpathSync } from 'node:fs';
import { delimiter, join, posix, resolve } from 'node:path';
import type { ManifestFile, SnapshotFile } from '../input/load.js';
import { compareBytes, isManifestPath } from '../input/load.js';
import { parseDocuments } from '../input/yaml/documents.js';
import type { Diagnostic } from '../model/diagnostics.js';
import { Codes, diagnostic, InputCodes } from '../model/diagnostics.js';
import { WORKLOAD_KINDS } from '../model/cluster.js';
import { isRecord } from '../model/objects.js';
import { ROUTE_KINDS } from '../model/services.js';
import { plural } from '../model/plural.js';
import type { BesideOptions } from './beside.js';
import { filesBeside } from './beside.js';
import { namesTrafficKind } from './hidden.js';
import type { RunLimits } from './runcommand.js';
import { runCommand } from './runcommand.js';
import type { Snapshot } from './snapshot.js';

/**
 * What a repository holds besides plain manifests, found among the files a
 * walk of its directories read: Helm charts (a `Chart.yaml`) and Kustomize
 * roots (a `kustomization.yaml`). Read as plain files they give wrong
 * answers (templates do not parse, patches look like workloads, overlays
 * repeat their base), so their files are left out, each is reported once,
 * and Kustomize roots are built where a tool is at hand and allowed.
 */

/** A program that builds a Kustomize root: `kustomize build DIR` or `kubectl kustomize DIR`. */
export interface KustomizeTool {
  readonly name: 'kustomize' | 'kubectl';
  readonly command: (dir: string) => string;
}

/** How Kustomize roots are handled: built with a tool, or left out and listed with how to build them. */
export type KustomizeMode = { readonly build: KustomizeTool } | 'skip';

const TOOLS: readonly KustomizeTool[] = [
  { name: 'kustomize', command: (dir) => `kustomize build ${shellWord(dir)}` },
  { name: 'kubectl', command: (dir) => `kubectl kustomize ${shellWord(dir)}` },
];

/** The Kustomize tool on the PATH: `kustomize` first (the reference build), else `kubectl`'s built-in one. */
export function findKustomizeTool(path: string | undefined = process.env['PATH']): KustomizeTool | undefined {
  const dirs = (path ?? '').split(delimiter).filter(Boolean);
  return TOOLS.find((t) =>
    dirs.some((d) => {
      try {
        accessSync(join(d, t.name), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    }),
  );
}

/** A path as one word of `sh -c`: bare when it is plain, else single-quoted. */
function shellWord(path: string): string {
  return /^[\w./-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}

const KUSTOMIZATION_FILES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization']);

/** How the digest of a part left out starts where it holds more files than are listed: no two such digests are equal. */
export const UNLISTED = 'unlisted:';
let unlisted = 0;

function dirOf(path: string): string {
  return posix.dirname(path);
}

/**
 * Whether a path of the state is in a directory. The current directory
 * (`.`) holds the paths shown relative to it, not those of another PATH
 * outside it, which are shown absolute (or from `..`).
 */
function under(path: string, dir: string): boolean {
  if (dir === '.') return !path.startsWith('/') && path !== '..' && !path.startsWith('../');
  return path.startsWith(`${dir}/`);
}

/** The first document of a file, as a mapping (empty when it does not parse). */
function mapping(file: ManifestFile): Record<string, unknown> {
  if (!('text' in file)) return {};
  const value = parseDocuments(file.text, file.path).documents[0]?.value;
  return isRecord(value) ? value : {};
}

interface Chart {
  readonly dir: string;
  readonly file: string;
  readonly name: string;
}

interface Root {
  readonly dir: string;
  readonly file: string;
  readonly component: boolean;
  /** Local directories it includes (resources, bases, components), normalised. */
  readonly includes: readonly string[];
  /** The remote directories it includes (URLs, git repositories), which the build fetches: this repository's own roots, maybe. */
  readonly remote: readonly string[];
  /** The files and directories its kustomization reads as objects or patches (PATH_LISTS, patches' and replacements' paths), as paths from the repository, normalised; a generator's files become data, so they are not among them. */
  readonly names: readonly string[];
}

function readRoot(file: ManifestFile): Root {
  const dir = dirOf(file.path);
  const body = mapping(file);
  const includes: string[] = [];
  const remote: string[] = [];
  // transformers, generators and validators may list directories too, whose kustomizations the build runs
  for (const key of ['resources', 'bases', 'components', 'transformers', 'generators', 'validators']) {
    const list = body[key];
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      if (typeof entry !== 'string') continue;
      // remote bases (URLs, git repositories) are fetched by the build, not read here; a remote file is no root
      if (/:\/\/|^github\.com\/|^git@|\?ref=/.test(entry)) {
        if (!/\.(ya?ml|json)$/i.test(entry.replace(/[?#].*$/, ''))) remote.push(entry);
      } else includes.push(posix.normalize(posix.join(dir, entry)).replace(/\/+$/, ''));
    }
  }
  const names: string[] = [];
  const name = (v: unknown): void => {
    // a generator's `key=path` names the path
    if (typeof v === 'string' && v !== '' && !/:\/\/|^\//.test(v)) names.push(posix.normalize(posix.join(dir, v.replace(/^[^=]*=/, ''))).replace(/\/+$/, ''));
  };
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  for (const key of PATH_LISTS) list(body[key]).forEach(name);
  for (const key of ['patches', 'patchesJson6902', 'replacements']) for (const p of list(body[key])) name(isRecord(p) ? p['path'] : undefined);
  return { dir, file: file.path, component: body['kind'] === 'Component', includes, remote, names };
}

/**
 * The fields of a kustomization that list files or directories it reads
 * (kubectl.docs.kubernetes.io, the Kustomization reference): only a path
 * there is named, not any string of the file (a label's value).
 */
const PATH_LISTS = ['resources', 'bases', 'components', 'crds', 'patchesStrategicMerge', 'transformers', 'generators', 'validators'];

/**
 * Whether an object decides traffic: a workload, namespace, Service, route,
 * Gateway or policy of any kind, a list of them (`List`, `NetworkPolicyList`),
 * or any object holding a pod's containers (an Argo Rollout's template).
 */
function decidesTraffic(value: Record<string, unknown>): boolean {
  const kind = value['kind'];
  if (typeof kind !== 'string' || typeof value['apiVersion'] !== 'string') return false;
  const item = kind !== 'List' && kind.endsWith('List') ? kind.slice(0, -4) : kind;
  return (
    (WORKLOAD_KINDS as readonly string[]).includes(item) ||
    (ROUTE_KINDS as readonly string[]).includes(item) ||
    ['Namespace', 'Service', 'Gateway', 'List', 'Tier', 'ClusterPolicy', 'Policy'].includes(item) ||
    /NetworkPolicy$|NetworkSet$/.test(item) ||
    holdsContainers(value, 0)
  );
}

/** Whether an object is an Argo CD Application or ApplicationSet, or a Flux Kustomization: what applies a repository's directories. */
function isGitOpsObject(value: Record<string, unknown>): boolean {
  const { apiVersion, kind } = value;
  if (typeof apiVersion !== 'string') return false;
  const group = apiVersion.split('/')[0];
  return (group === 'argoproj.io' && (kind === 'Application' || kind === 'ApplicationSet')) || (group === 'kustomize.toolkit.fluxcd.io' && kind === 'Kustomization');
}

/** Whether a value holds a list of containers at some depth (a pod template's spec.containers). */
function holdsContainers(v: unknown, depth: number): boolean {
  if (depth > 32) return true;
  if (Array.isArray(v)) return v.some((x) => holdsContainers(x, depth + 1));
  if (!isRecord(v)) return false;
  return Array.isArray(v['containers']) || Object.values(v).some((x) => holdsContainers(x, depth + 1));
}

/**
 * The files under the built roots that no kustomization names: those that
 * hold GitOps objects (Argo CD Applications, Flux Kustomizations) and
 * nothing that decides traffic are read, for which directories they
 * apply; those that hold objects that decide traffic are notes: the
 * builds leave them out, where `kubectl apply -f` (-R for those in deeper
 * directories) applies them. Each is reported (RD052) with a digest of its path and text, so that a change
 * that adds or edits one (a pull request adding a kustomization.yaml that
 * lists the others beside an allow policy) fails a check closed, as a root
 * left out does; `check` counts those of a root's own directory as unread,
 * and notes the deeper ones (test fixtures, rendered copies).
 */
function unnamedFiles(walked: readonly ManifestFile[], roots: readonly Root[], built: ReadonlySet<string>, charts: readonly Chart[], given: ReadonlySet<string> = new Set()): SnapshotFile[] {
  // what the builds read: a root no build includes (a stray component) names nothing
  const named = new Set(roots.filter((r) => built.has(r.dir)).flatMap((r) => r.names));
  const out: SnapshotFile[] = [];
  for (const f of walked) {
    if (!('text' in f) || KUSTOMIZATION_FILES.has(posix.basename(f.path)) || charts.some((c) => under(f.path, c.dir))) continue;
    // the root whose directory holds it most closely
    const root = roots.filter((r) => under(f.path, r.dir)).sort((a, b) => b.dir.length - a.dir.length)[0];
    if (!root || !built.has(root.dir) || named.has(f.path)) continue;
    const values = parseDocuments(f.text, f.path).documents.flatMap((d) => (isRecord(d.value) ? [d.value] : []));
    const deciding = values.some(decidesTraffic);
    // GitOps objects say which directories are applied, and how: read, where they decide no traffic themselves
    if (!deciding && values.some(isGitOpsObject)) out.push(f);
    if (!deciding) continue;
    // a file of the root's own directory is applied by kubectl apply -f on it; one deeper, with -R only (fixtures, rendered
    // copies): that one is noted, and counts as unread only where a change adds or edits it; one of a PATH given is what
    // was asked to be analysed, and kubectl apply -f on that PATH applies it
    out.push(unnamedNote(f.path, root.dir, f.text, given.has(f.path)));
  }
  return out;
}

/**
 * The note (RD052) for a file under a built root that no kustomization
 * names, with a digest of its path from the root and its content: a
 * warning (unread input, which fails a check closed) for one of the root's
 * own directory, or of a PATH given (`given`: the file was asked to be
 * analysed, and which of kubectl apply -f on the PATH and -k on the root
 * deploys is not known); an info for one deeper.
 */
function unnamedNote(path: string, root: string, content: string, given = false): SnapshotFile {
  const own = dirOf(path) === root;
  const message = given
    ? `${path} is in a PATH given, under Kustomize root ${root}, whose build is read, but no kustomization names it: the build of ${root} leaves its objects out, where kubectl apply -f on the PATH applies them, and which of the two the cluster gets is not known; it is not read`
    : `${path} is under Kustomize root ${root}, whose build is read, but no kustomization names it: the build leaves its objects out, where kubectl apply ${own ? '-f' : '-R -f'} on the root applies them; it is not read`;
  return {
    path,
    leftOut: createHash('sha256').update(`${posix.relative(root, path)}\u0000${content}`).digest('hex'),
    notes: [diagnostic(own || given ? 'warning' : 'info', InputCodes.kustomizeRoot, { file: path, line: 1 }, message)],
  };
}

/** How a part left out can be analysed, in one clause. */
function renderHint(command: string): string {
  return `to analyse it, render it: ${command} (the command line's --render, or a render target in the config)`;
}

export interface RepositoryOptions {
  readonly kustomize: KustomizeMode;
  readonly run: RunLimits;
  /** The files of PATHs given that lie in a Kustomize root above them (LayoutAbove.given). */
  readonly given?: ReadonlySet<string>;
}

/**
 * The files of a state with the repository's layout applied: walked files
 * that belong to a Helm chart or a Kustomize root are left out; each chart
 * is reported once (RD050) with how to render it; each top Kustomize root
 * (one no other root includes) is built into a stream named after the
 * command (`render:kubectl kustomize overlays/prod`), or reported (RD052)
 * with how to build it. A build that fails is an error (RD054). Files
 * named explicitly are returned as they are. Files the walk skipped in
 * hidden directories that look like Kubernetes objects are reported
 * (RD056; Snapshot.hiddenManifests). Files `apart` (LayoutAbove) go
 * through the layout on their own.
 */
export async function repositoryFiles(files: readonly ManifestFile[], snapshot: Snapshot, options: RepositoryOptions, apart: readonly ManifestFile[] = []): Promise<SnapshotFile[]> {
  const hidden = snapshot.hiddenManifests ? await snapshot.hiddenManifests() : [];
  // a built root reads what it names, in hidden directories too (a base in .base that an overlay includes): those files are not skipped
  const roots = options.kustomize === 'skip' ? [] : [...files, ...apart].filter((f) => f.walked && KUSTOMIZATION_FILES.has(posix.basename(f.path))).map(readRoot);
  const named = roots.flatMap((r) => r.names);
  const notes: SnapshotFile[] = [];
  for (const h of hidden) {
    if (named.some((n) => h.path === n || under(h.path, n))) continue;
    const root = roots.filter((r) => under(h.path, r.dir)).sort((a, b) => b.dir.length - a.dir.length)[0];
    if (!root || !isManifestPath(h.path)) {
      notes.push(h);
      continue;
    }
    // one no kustomization names under a built root (root/.extra/allow.yaml) is left out by the build, as one in a
    // directory that is not hidden is: reported so (RD052) where it decides traffic (where its note is an error)
    if (!('notes' in h) || !h.notes.some((d) => d.severity === 'error')) continue;
    const listed = snapshot.contents ? await snapshot.contents([dirOf(h.path)]) : undefined;
    const id = listed?.find((f) => f.path === h.path)?.id;
    notes.push(unnamedNote(h.path, root.dir, id ?? `${UNLISTED}${++unlisted}`));
  }
  const read = [...(await layoutFiles(files, snapshot, options)), ...(apart.length > 0 ? await layoutFiles(apart, snapshot, options) : []), ...notes];
  return read;
}

/** The files of paths given, split by the layout above them (withLayoutAbove). */
export interface LayoutAbove {
  /** The files read through the layout: those in the charts and roots above, marked walked, with those parts' own files. */
  readonly through: readonly ManifestFile[];
  /** The files of the paths that lie under such a root but in no directory it reads: plain files, or parts of their own. */
  readonly apart: readonly ManifestFile[];
  /** The paths of the files of the paths read through a Kustomize root above: those its build leaves out are unread input (unnamedNote). */
  readonly given: ReadonlySet<string>;
}

/**
 * Paths given (the command line's PATHs, `diff --git`'s) with the Helm
 * charts and Kustomize roots above them that hold what they read
 * (Snapshot.layoutAbove): a chart at or above a file read that it
 * deploys (its templates/, crds/ and subcharts: chartTakes), and a root
 * whose kustomization names a file read or includes a directory at,
 * under or above one (with the roots that include such a root, and the
 * components they include). `kubectl apply -k` on the root applies the
 * build of those files (patched, moved into the root's namespace), not
 * the files as they are, so they go through the layout as a walk of the
 * root's directory takes them: marked walked, with the root's own files,
 * to be left out and reported, or built. A root above that names none
 * of them (a kustomization at the repository's top listing other
 * directories) leaves them plain files, and so do those in a directory
 * it reads nothing of (`policies` beside an `apps` it includes), which
 * go through the layout apart.
 */
export async function withLayoutAbove(files: readonly ManifestFile[], snapshot: Snapshot): Promise<LayoutAbove> {
  const above = snapshot.layoutAbove && files.length > 0 ? await snapshot.layoutAbove() : [];
  if (above.length === 0) return { through: [...files], apart: [], given: new Set() };
  const holds = (entry: string) => files.some((f) => f.path === entry || under(f.path, entry));
  const roots = above.filter((l) => KUSTOMIZATION_FILES.has(posix.basename(l.path))).map(readRoot);
  const parts = new Set(roots.filter((r) => !r.component && [...r.names, ...r.includes].some(holds)));
  for (let grown = parts.size > 0; grown; ) {
    grown = false;
    for (const r of roots) {
      if (parts.has(r)) continue;
      // a root that includes one taken is built with it; a component one taken includes is read through its build
      if ((!r.component && r.includes.some((d) => [...parts].some((p) => p.dir === d))) || [...parts].some((p) => p.includes.includes(r.dir))) {
        parts.add(r);
        grown = true;
      }
    }
  }
  const chartFiles = above.filter((l) => posix.basename(l.path) === 'Chart.yaml');
  const chartDirs = chartFiles.map((c) => dirOf(c.path));
  // a chart takes the files of the paths it deploys; the others of its directory are plain files beside it
  const charts = chartFiles.filter((c) => files.some((f) => chartTakes(dirOf(c.path), f.path, chartDirs)));
  if (parts.size === 0 && charts.length === 0) return { through: [...files], apart: [], given: new Set() };
  // the directories the roots read of the paths: that of a file they name (where kubectl apply -f on it applies its other
  // files too, which the builds leave out and are reported so), and those they include; and the charts' own
  const read = [...parts].flatMap((r) => [...r.names.map((n) => (files.some((f) => f.path === n) ? dirOf(n) : n)), ...r.includes]);
  const taken = (path: string) => read.some((d) => path === d || under(path, d)) || charts.some((c) => chartTakes(dirOf(c.path), path, chartDirs));
  const layout = above.filter((l) => charts.includes(l) || [...parts].some((r) => r.file === l.path));
  const through = files.filter((f) => taken(f.path));
  return {
    through: [...through.map((f) => ({ ...f, walked: true })), ...layout.map((l) => ({ ...l, walked: true }))],
    apart: files.filter((f) => !taken(f.path)),
    given: new Set(through.map((f) => f.path)),
  };
}

/**
 * Whether a file under a Helm chart's directory (`chart`) is part of what
 * the chart deploys: one of its templates/ (rendered), its crds/
 * (installed as they are), a file of its own directory (values,
 * Chart.yaml), or one that a subchart under its charts/ deploys (`charts`:
 * the directories of the charts known), rendered with it. Helm reads
 * nothing else of the directory (helm.sh/docs/topics/charts/, The Chart
 * File Structure): `CHART/k8s/app.yaml` is a plain manifest beside the
 * chart, which kubectl apply -f applies as it is.
 */
function chartTakes(chart: string, path: string, charts: readonly string[]): boolean {
  if (!under(path, chart)) return false;
  const rest = posix.relative(chart, path).split('/');
  if (rest.length === 1 || rest[0] === 'templates' || rest[0] === 'crds') return true;
  return rest[0] === 'charts' && charts.some((sub) => under(sub, posix.join(chart, 'charts')) && chartTakes(sub, path, charts));
}

/** The files that make a directory a Helm chart or a Kustomize root. */
function isLayoutFile(path: string): boolean {
  const name = posix.basename(path);
  return name === 'Chart.yaml' || KUSTOMIZATION_FILES.has(name);
}

/**
 * Files a target's globs name, with the repository's layout applied where
 * some of them lie in a Helm chart or a Kustomize root (a directory at or
 * above them holds a Chart.yaml or a kustomization): read one by one they
 * would give what the cluster does not get (patches read as objects, an
 * overlay's inline patches not seen), so such files, with the chart's or
 * root's own, go through the layout as a walk's do: left out and
 * reported, or built. Files in no chart or root, or in a Kustomize
 * component (never built on its own) that no root built here includes,
 * are read as named.
 */
export async function namedFiles(files: readonly ManifestFile[], snapshot: Snapshot, options: RepositoryOptions & { readonly beside?: BesideOptions }): Promise<SnapshotFile[]> {
  const layout = await snapshot.files(isLayoutFile);
  // a Kustomize component is never built on its own (a root that includes it is): its files, named, are read as named,
  // but where a root built here includes it, through the build only; the roots such a root includes go with it
  const roots = layout.filter((l) => KUSTOMIZATION_FILES.has(posix.basename(l.path))).map(readRoot);
  const components = new Set(roots.filter((r) => r.component).map((r) => r.file));
  const parts = layout.filter((l) => !components.has(l.path) && files.some((f) => under(f.path, dirOf(l.path))));
  const reach = reachOf(roots);
  for (const root of roots.filter((r) => parts.some((l) => l.path === r.file))) {
    for (const dir of reach(root)) {
      const r = roots.find((x) => x.dir === dir)!;
      // a base outside the globs is part of the root's build, and of what a change to it touches, built or not
      if (!parts.some((l) => l.path === r.file)) parts.push(layout.find((l) => l.path === r.file)!);
    }
  }
  const inPart = (path: string) => parts.some((l) => under(path, dirOf(l.path)));
  // what the paths leave out beside the files they read, outside the parts (whose files are left out or built as a whole)
  const beside = options.beside ? await filesBeside(files, snapshot, { ...options.beside, skip: (dir) => inPart(`${dir}/-`) }) : [];
  if (parts.length === 0) return [...files, ...beside];
  const named = new Set(files.map((f) => f.path));
  const marked = files.map((f) => (inPart(f.path) ? { ...f, walked: true } : f));
  const read = await layoutFiles([...marked, ...parts.filter((l) => !named.has(l.path)).map((l) => ({ ...l, walked: true }))], snapshot, options);
  return [...read, ...beside];
}

async function layoutFiles(files: readonly ManifestFile[], snapshot: Snapshot, options: RepositoryOptions): Promise<SnapshotFile[]> {
  const walked = files.filter((f) => f.walked);
  const charts: Chart[] = walked
    .filter((f) => posix.basename(f.path) === 'Chart.yaml')
    .map((f) => {
      const name = mapping(f)['name'];
      return { dir: dirOf(f.path), file: f.path, name: typeof name === 'string' && name !== '' ? name : posix.basename(dirOf(f.path)) };
    })
    .sort((a, b) => a.dir.length - b.dir.length)
    // a chart's subcharts (under its charts/) are rendered with it
    .filter((c, i, all) => !all.slice(0, i).some((outer) => under(c.dir, outer.dir)));
  const roots = walked.filter((f) => KUSTOMIZATION_FILES.has(posix.basename(f.path)) && !charts.some((c) => under(f.path, c.dir))).map(readRoot);
  if (charts.length === 0 && roots.length === 0) return [...files];
  const leftOut = (path: string) => charts.some((c) => under(path, c.dir)) || roots.some((r) => under(path, r.dir));
  const kept: SnapshotFile[] = files.filter((f) => !f.walked || !leftOut(f.path));
  const count = (dir: string) => walked.filter((f) => under(f.path, dir)).length;
  // the files a part leaves out, by their paths from its directory (the same in any checkout) and their contents: every
  // file where the snapshot lists them (templates' helpers, patches of any name, hidden files), else the walked ones
  const digest = async (dir: string, dirs: readonly string[]): Promise<string> => {
    const hash = createHash('sha256');
    const listed = snapshot.contents ? await snapshot.contents(dirs) : walked.filter((f) => dirs.some((d) => f.path === d || under(f.path, d))).map((f) => ({ path: f.path, id: 'text' in f ? f.text : f.error }));
    // too many files to list: this part is like no other, at base or at head
    if (listed === undefined) return `${UNLISTED}${++unlisted}`;
    const parts = listed.map((f) => `${posix.relative(dir, f.path)}\u0000${f.id}`);
    for (const part of parts.sort()) hash.update(part).update('\u0001');
    return hash.digest('hex');
  };
  for (const c of charts) {
    kept.push({
      path: c.file,
      leftOut: await digest(c.dir, [c.dir]),
      notes: [
        diagnostic(
          'warning',
          InputCodes.helmChart,
          { file: c.file, line: 1 },
          `Helm chart ${c.dir} (${c.name}) is not rendered: its ${plural(count(c.dir), 'file')} are templates and values, not manifests, and are not read; ${renderHint(`helm template ${c.name} ${shellWord(c.dir)}`)}`,
        ),
      ],
    });
  }
  // a component no root includes is built by none, where `kubectl apply -k` on its directory applies it: noted, with a
  // digest of its files, so that a change that adds or edits it counts as unread, as a root not built does
  // what a root left out reads: its directory and its bases', and the files they name outside them (a patch in a shared directory)
  const readDigest = (r: Root, bases: readonly string[]): Promise<string> => {
    const dirs = [r.dir, ...bases];
    const named = [r, ...bases.flatMap((b) => roots.filter((x) => x.dir === b))].flatMap((x) => x.names).filter((n) => !dirs.some((d) => n === d || under(n, d)));
    return digest(r.dir, [...dirs, ...new Set(named)]);
  };
  // a root or component left out: noted with what it reads, and a digest of it
  const leaveOut = async (r: Root, bases: readonly string[], severity: 'info' | 'warning', text: (files: string) => string) => {
    const files = `its files${bases.length ? ` and those of ${bases.join(', ')}` : ''}`;
    kept.push({ path: r.file, leftOut: await readDigest(r, bases), notes: [diagnostic(severity, InputCodes.kustomizeRoot, { file: r.file, line: 1 }, text(files))] });
  };
  const stray = async (reached: ReadonlySet<string>, reach: (root: Root) => string[]) => {
    for (const r of roots.filter((x) => x.component && !reached.has(x.dir))) {
      await leaveOut(r, reach(r), 'info', (files) => `Kustomize component ${r.dir} is included by no Kustomize root: ${files} are left out, where kubectl apply -k on its directory applies them; ${renderHint(TOOLS[1]!.command(r.dir))}`);
    }
  };
  const mode = options.kustomize;
  if (mode === 'skip') {
    const { top, reach, reached, fetched } = planBuilds(roots);
    await stray(reached, reach);
    for (const r of [...top, ...fetched.map((f) => f.root)].sort((a, b) => compareBytes(a.dir, b.dir))) {
      await leaveOut(
        r,
        reach(r),
        'warning',
        (files) =>
          `Kustomize root ${r.dir} is not built: ${files} are left out, since read one by one they are not what the cluster gets (patches are not objects, overlays repeat their base); ${renderHint(TOOLS[1]!.command(r.dir))}, or --kustomize build where kustomize or kubectl is installed`,
      );
    }
    return kept;
  }
  const { built, plan } = await snapshot.withFiles(async (dir) => {
    const plan = planBuilds(realIncludes(roots, dir));
    const { top, reach } = plan;
    const out: SnapshotFile[] = [];
    for (const r of top) {
      const command = mode.build.command(r.dir);
      const result = await runCommand(command, dir, options.run);
      if (result.ok) {
        out.push({ path: `render:${command}`, text: result.stdout, built: { dir: r.dir, includes: reach(r) } });
        out.push({ path: r.file, notes: [diagnostic('info', InputCodes.kustomizeBuilt, { file: r.file, line: 1 }, `Kustomize root ${r.dir} is built with ${command}; its files are read through the build`)] });
      } else {
        const tail = result.stderrTail.trim().split('\n').slice(-3).join(' ');
        out.push({
          path: r.file,
          notes: [diagnostic('error', InputCodes.kustomizeFailed, { file: r.file, line: 1 }, `Kustomize root ${r.dir} could not be built: ${command} ${result.reason}${tail ? ` (${tail})` : ''}; its files are not analysed`)],
        });
      }
    }
    return { built: out, plan };
  });
  await stray(plan.reached, plan.reach);
  for (const { root, by, url } of plan.fetched) {
    await leaveOut(
      root,
      plan.reach(root),
      'warning',
      (files) =>
        `Kustomize root ${root.dir} is included by no local root, but ${by.dir} includes the remote resource ${url}, which may be this root: built on its own it would be read as applied beside ${by.dir}'s build, which may change or delete its objects, so it is not built, and ${files} are left out; ${renderHint(TOOLS[1]!.command(root.dir))}, or make each root a target`,
    );
  }
  const unnamed = unnamedFiles(walked, roots, new Set(plan.top.flatMap((r) => [r.dir, ...plan.reach(r)])), charts, options.given);
  return [...kept, ...unnamed, ...built, ...alternativeBuilds(built)];
}

/**
 * Which roots are built: the top ones (those no other root includes), and
 * a root only what is never built includes (a cycle of roots), built on
 * its own as `kubectl apply -k` would build it; with what each includes,
 * directly or not (what its build stands for), and every root a build
 * reaches.
 */
function planBuilds(roots: readonly Root[]): { top: Root[]; reach: (root: Root) => string[]; reached: ReadonlySet<string>; fetched: Array<{ root: Root; by: Root; url: string }> } {
  const byDir = (a: Root, b: Root) => compareBytes(a.dir, b.dir);
  const included = new Set(roots.flatMap((r) => r.includes));
  const unincluded = roots.filter((r) => !r.component && !included.has(r.dir)).sort(byDir);
  // a root no local root includes may be what another's remote resource fetches (this repository's own base, by URL)
  const fetched = unincluded.flatMap((root) => {
    if (root.remote.length > 0) return [];
    const by = roots.flatMap((r) => (r === root ? [] : r.remote.filter((url) => mayFetch(url, root.dir)).map((url) => ({ root, by: r, url }))));
    return by.slice(0, 1);
  });
  const top = unincluded.filter((r) => !fetched.some((f) => f.root === r));
  const reach = reachOf(roots);
  const reached = new Set<string>();
  const mark = (root: Root) => {
    reached.add(root.dir);
    for (const dir of reach(root)) reached.add(dir);
  };
  top.forEach(mark);
  for (const f of fetched) mark(f.root);
  for (const r of roots.filter((x) => !x.component).sort(byDir)) {
    if (reached.has(r.dir)) continue;
    top.push(r);
    mark(r);
  }
  top.sort(byDir);
  return { top, reach, reached, fetched };
}

/** The roots a root's build reaches through its includes, at any depth (its bases and components), by directory, nearest first. */
function reachOf(roots: readonly Root[]): (root: Root) => string[] {
  return (root) => {
    const seen = new Set<string>([root.dir]);
    const queue = [root];
    while (queue.length > 0) {
      for (const dir of queue.shift()!.includes) {
        const r = roots.find((x) => x.dir === dir);
        if (r && !seen.has(dir)) {
          seen.add(dir);
          queue.push(r);
        }
      }
    }
    return [...seen].slice(1);
  };
}

/**
 * Whether a remote resource may be a directory of this repository: one
 * whose last segment is the directory's (`github.com/org/repo//deploy/base?ref=main`,
 * `gitlab.example/org/repo.git/deploy/base` and `deploy/base`), or, for one
 * that names no directory (a repository's root), this repository's root.
 */
function mayFetch(url: string, dir: string): boolean {
  const path = url
    .replace(/[?#].*$/, '')
    .replace(/^[a-z][\w+.-]*:\/\//i, '')
    .replace(/^git@([^:/]+):/, '$1/');
  let sub: string;
  if (path.includes('//')) sub = path.slice(path.lastIndexOf('//') + 2);
  else if (/^(github\.com|gitlab\.com|bitbucket\.org)\//.test(path)) sub = path.split('/').slice(3).join('/');
  else if (/\.git(\/|$)/.test(path)) sub = path.slice(path.search(/\.git(\/|$)/) + 4);
  // another host, no `//` and no `.git`: its last segment is the best guess of a directory
  else sub = posix.basename(path);
  sub = sub.replace(/^\/+|\/+$/g, '');
  return sub === '' ? dir === '.' : posix.basename(sub) === posix.basename(dir);
}

/**
 * The roots with their includes matched by real path in the directory
 * the build runs in: a base reached through a link (`../base-link`) is
 * that base, which the build reads through it, not a root no other
 * includes.
 */
function realIncludes(roots: readonly Root[], cwd: string): Root[] {
  const real = (path: string): string | undefined => {
    try {
      return realpathSync(resolve(cwd, path));
    } catch {
      return undefined;
    }
  };
  const byReal = new Map<string, string>();
  for (const r of roots) {
    const p = real(r.dir);
    if (p !== undefined && !byReal.has(p)) byReal.set(p, r.dir);
  }
  return roots.map((r) => ({ ...r, includes: r.includes.map((i) => byReal.get(real(i) ?? '') ?? i) }));
}

/** The id of a built object, as the API server keys it: group, kind, namespace and name. */
function objectId(value: Record<string, unknown>): string | undefined {
  const meta = value['metadata'];
  const { apiVersion, kind } = value;
  if (!isRecord(meta) || typeof meta['name'] !== 'string' || typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  const namespace = typeof meta['namespace'] === 'string' ? meta['namespace'] : '';
  return `${apiVersion.includes('/') ? apiVersion.split('/')[0] : ''}\u0000${kind}\u0000${namespace}\u0000${meta['name']}`;
}

/**
 * Whether two builds making an object of this id tells that they are
 * alternatives: a workload (the same pods, in one namespace, or in the one
 * each is applied to where it names none). Other objects two roots make
 * alike, a ClusterRole of their base or a default-deny policy of a
 * component every application of a namespace includes, are one object of
 * one cluster applied twice.
 */
function sameWorkload(id: string): boolean {
  return (WORKLOAD_KINDS as readonly string[]).includes(id.split('\u0000')[1]!);
}

/** An object's id as a message names it: `NetworkPolicy shop/deny-all`. */
function idText(id: string): string {
  const [, kind, namespace, name] = id.split('\u0000');
  return `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
}

/**
 * Top roots whose builds make objects of the same id (two overlays of one
 * base into one namespace, one per environment) cannot both be applied to
 * one cluster as they are: the one applied last overwrites the other's
 * objects. They are alternatives, and their union is no cluster's state:
 * an object that decides traffic which one builds and such another does
 * not (a deny policy only dev adds) is an error (RD006), unread input that
 * fails a check closed, as an object two builds make differently is. Roots
 * whose builds share no workload (other namespaces, other applications)
 * are read as one cluster.
 */
function alternativeBuilds(built: readonly SnapshotFile[]): SnapshotFile[] {
  const builds = built.flatMap((f) => {
    if (!('text' in f) || !f.built) return [];
    const objects = new Map<string, { line: number; value: Record<string, unknown> }>();
    for (const d of parseDocuments(f.text, f.path).documents) {
      const id = isRecord(d.value) ? objectId(d.value) : undefined;
      if (id !== undefined && !objects.has(id)) objects.set(id, { line: d.line, value: d.value as Record<string, unknown> });
    }
    return [{ stream: f.path, dir: f.built.dir, objects }];
  });
  const out: SnapshotFile[] = [];
  for (const b of builds) {
    const others = builds.filter((o) => o !== b && [...o.objects.keys()].some((id) => sameWorkload(id) && b.objects.has(id)));
    if (others.length === 0) continue;
    const notes = [];
    for (const [id, { line, value }] of b.objects) {
      const lacking = others.filter((o) => !o.objects.has(id));
      if (lacking.length === 0 || !namesTrafficKind(JSON.stringify(value))) continue;
      const shared = [...b.objects.keys()].find((x) => sameWorkload(x) && lacking[0]!.objects.has(x))!;
      notes.push(
        diagnostic(
          'error',
          Codes.duplicate,
          { file: b.stream, line },
          `${idText(id)} is made by the build of Kustomize root ${b.dir} and not by that of ${lacking.map((o) => o.dir).join(', ')}, which makes objects of the same ids (${idText(shared)}): the roots cannot both be applied to one cluster as they are (one overwrites the other's objects), so they are alternatives, and the verdict does not rest on their union; make each root a target (render: kubectl kustomize ${shellWord(b.dir)}), or give one root's directory`,
        ),
      );
    }
    if (notes.length > 0) out.push({ path: b.stream, notes });
  }
  return out;
}

/** A `kind:` of a workload, in YAML or JSON: a file without one makes no workload. */
const WORKLOAD_KIND_LINE = new RegExp(`["']?kind["']?[ \\t]*:[ \\t]*["']?(${WORKLOAD_KINDS.join('|')})\\b`);

/** A value as JSON with its mappings' keys sorted: two declarations of an object compare equal whatever their keys' order. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isRecord(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

/** A directory's path as segments (none for `.`). */
function segments(dir: string): string[] {
  return dir === '.' ? [] : dir.split('/');
}

/**
 * Where two directories holding the same workload part: the directories
 * below their nearest common one that lead to each (`deploy/dev` and
 * `deploy/prod` for `deploy/dev/apps` and `deploy/prod`), or that common
 * directory's own files where one of them is it. Each side is a directory
 * `kubectl apply -f` (-R) would apply on its own.
 */
interface Side {
  readonly dir: string;
  /** Only the files directly in `dir`. */
  readonly own: boolean;
}

function sidesOf(a: string, b: string): [Side, Side] {
  const sa = segments(a);
  const sb = segments(b);
  let n = 0;
  while (n < sa.length && n < sb.length && sa[n] === sb[n]) n++;
  const common = sa.slice(0, n).join('/') || (a.startsWith('/') ? '/' : '.');
  const side = (s: string[]): Side => (s.length > n ? { dir: s.slice(0, n + 1).join('/'), own: false } : { dir: common, own: true });
  return [side(sa), side(sb)];
}

function sideHolds(side: Side, path: string): boolean {
  return side.own ? dirOf(path) === side.dir : path === side.dir || under(path, side.dir);
}

function sideText(side: Side): string {
  return side.own ? `the files directly in ${side.dir}` : side.dir;
}

/** Directories whose names say they hold examples, documentation or tests, not what is applied. */
const NOT_APPLIED_DIR = /(^|\/)(examples?|samples?|docs?|tests?|testdata|e2e|fixtures?)(\/|$)/i;

/**
 * Whether a side is a directory of examples, documentation or tests that
 * holds only copies of the other side's objects (a quick-start Deployment
 * repeated under examples/): applied with it or not, the other side's
 * state is the same, so the two are no alternatives.
 */
function copiesOnly(side: Side, own: ReadonlyMap<string, { readonly value: Record<string, unknown> }>, other: ReadonlyMap<string, { readonly value: Record<string, unknown> }>): boolean {
  if (!NOT_APPLIED_DIR.test(side.dir)) return false;
  for (const [id, o] of own) {
    const p = other.get(id);
    if (!p || canonical(p.value) !== canonical(o.value)) return false;
  }
  return true;
}

/**
 * Plain files in directories that declare the same workload (one
 * directory of manifests per environment, `deploy/dev` and `deploy/prod`,
 * each into one namespace): applied to one cluster, the one applied last
 * overwrites the other's objects, so they are alternatives (each applied
 * on its own, `kubectl apply -f deploy/$ENV`, to its own cluster), as
 * alternativeBuilds takes two roots' builds to be; their union is no
 * cluster's state. An object that decides traffic which one declares and
 * the other does not, or declares otherwise, is an error (RD006), unread
 * input that fails a check closed. Objects declared alike stay one
 * object, and directories that share no workload (a policy repeated in a
 * subdirectory, `kubectl apply -R -f` of one tree) are one cluster, where
 * the last declaration read is used.
 */
export function alternativeDirectories(files: readonly SnapshotFile[]): SnapshotFile[] {
  const plain = files.filter((f): f is Extract<ManifestFile, { text: string }> => 'text' in f && !f.built && !f.path.startsWith('render:'));
  const objectsOf = (f: { path: string; text: string }) => {
    const objects = new Map<string, { line: number; value: Record<string, unknown> }>();
    for (const d of parseDocuments(f.text, f.path).documents) {
      const id = isRecord(d.value) ? objectId(d.value) : undefined;
      // within one file the last declaration is the one applied
      if (id !== undefined) objects.set(id, { line: d.line, value: d.value as Record<string, unknown> });
    }
    return objects;
  };
  const parsed = new Map<string, ReturnType<typeof objectsOf>>();
  const parse = (f: { path: string; text: string }) => {
    let objects = parsed.get(f.path);
    if (!objects) parsed.set(f.path, (objects = objectsOf(f)));
    return objects;
  };
  // the directories that declare each workload: only files that name a workload's kind are read for it
  const where = new Map<string, Set<string>>();
  for (const f of plain) {
    if (!WORKLOAD_KIND_LINE.test(f.text)) continue;
    for (const id of parse(f).keys()) if (sameWorkload(id)) where.set(id, (where.get(id) ?? new Set()).add(dirOf(f.path)));
  }
  const pairs = new Map<string, { a: Side; b: Side; shared: string }>();
  for (const [id, dirs] of where) {
    const list = [...dirs].sort(compareBytes);
    for (let i = 0; i < list.length; i++) {
      for (let j = i + 1; j < list.length; j++) {
        const [a, b] = sidesOf(list[i]!, list[j]!);
        const key = `${a.own}\u0000${a.dir}\u0000${b.own}\u0000${b.dir}`;
        if (!pairs.has(key)) pairs.set(key, { a, b, shared: id });
      }
    }
  }
  if (pairs.size === 0) return [];
  const declared = (side: Side) => {
    const objects = new Map<string, { file: string; line: number; value: Record<string, unknown> }>();
    for (const f of plain) if (sideHolds(side, f.path)) for (const [id, o] of parse(f)) objects.set(id, { file: f.path, ...o });
    return objects;
  };
  const notes = new Map<string, Diagnostic[]>();
  const note = (file: string, line: number, message: string) => notes.set(file, [...(notes.get(file) ?? []), diagnostic('error', Codes.duplicate, { file, line }, message)]);
  for (const { a, b, shared } of pairs.values()) {
    const [ofA, ofB] = [declared(a), declared(b)];
    if (copiesOnly(a, ofA, ofB) || copiesOnly(b, ofB, ofA)) continue;
    const why = (other: Side) =>
      `which ${other.own ? 'declare' : 'declares'} objects of the same ids (${idText(shared)}): applied to one cluster, one overwrites the other's objects, so they are alternatives (one per environment, each applied on its own), and the verdict does not rest on their union; give one directory, or make each a target`;
    for (const [self, other, here, there] of [
      [a, b, ofA, ofB],
      [b, a, ofB, ofA],
    ] as const) {
      for (const [id, o] of here) {
        if (there.has(id) || !namesTrafficKind(JSON.stringify(o.value))) continue;
        note(o.file, o.line, `${idText(id)} is declared in ${sideText(self)} and not in ${sideText(other)}, ${why(other)}`);
      }
    }
    for (const [id, o] of ofA) {
      const p = ofB.get(id);
      if (!p || canonical(p.value) === canonical(o.value) || !namesTrafficKind(JSON.stringify(o.value) + JSON.stringify(p.value))) continue;
      note(o.file, o.line, `${idText(id)} is declared otherwise in ${sideText(a)} than in ${sideText(b)} (${p.file}:${p.line}), ${why(b)}`);
    }
  }
  return [...notes].map(([path, list]) => ({ path, notes: list }));
}
