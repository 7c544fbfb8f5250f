import type { Item, SnapshotFile } from '../input/load.js';
import { readFile } from '../input/load.js';
import { WORKLOAD_KINDS } from '../model/cluster.js';
import { diagnostic, InputCodes } from '../model/diagnostics.js';
import { isRecord } from '../model/objects.js';
import { OPERATED_KINDS } from '../input/operators.js';
import { parseDocuments } from '../input/yaml/documents.js';

/**
 * Walks skip hidden directories (`.github`, `.cache`) and `node_modules`,
 * so that CI configs and packages are not read as manifests; `kubectl
 * apply -R -f DIR` skips neither, and reads every `.json`, `.yaml` and
 * `.yml` file. So that a verdict never rests in silence on fewer objects
 * than kubectl applies, files in skipped hidden directories (`.git` aside)
 * that look like Kubernetes objects are reported (RD056), each with how to
 * read it. Looking costs little: at most the first bytes of at most
 * HIDDEN_MAX_FILES files.
 */

/** How many files of hidden directories are looked at, at most; past it, a note says the look stopped. */
export const HIDDEN_MAX_FILES = 1000;

/** How many directory entries a look into hidden directories visits, at most (a `.cache` can be large). */
export const HIDDEN_MAX_ENTRIES = 20_000;

/** How much of each file is looked at. */
export const HIDDEN_HEAD_BYTES = 1 << 20;

/** The files `kubectl apply -R` reads: by extension, case and all. */
export function isKubectlManifestName(path: string): boolean {
  return path.endsWith('.yaml') || path.endsWith('.yml') || path.endsWith('.json');
}

/** A top-level YAML key with a value on its line, or on the next line, indented (a plain scalar continued). */
function topLevelKey(name: string): RegExp {
  return new RegExp(`^["']?${name}["']?[ \\t]*:[ \\t]*(?:[^\\s#]|(?:#.*)?\\r?\\n[ \\t]+[^\\s#])`, 'm');
}

const API_VERSION = topLevelKey('apiVersion');
const KIND = topLevelKey('kind');

/**
 * Whether the start of a file looks like a Kubernetes object: `apiVersion:`
 * and `kind:` with a value at the start of lines (top-level YAML keys; the
 * value may be on the next line, indented), or `"apiVersion"` and `"kind"`
 * keys with string values (JSON; a JSON schema, whose values are objects,
 * does not). CI workflows, values files and package.json have neither.
 * A file that goes on past what was looked at (`truncated`) may be one,
 * YAML or JSON.
 */
export function looksLikeKubernetes(head: string, truncated = false): boolean {
  if ((API_VERSION.test(head) && KIND.test(head)) || (/"apiVersion"\s*:\s*"/.test(head) && /"kind"\s*:\s*"/.test(head))) return true;
  // past what was looked at, an object may follow a YAML file's comments, and a JSON object's apiVersion and kind may
  // follow its other keys (a List's items, a ConfigMap's data), in whatever order they are written
  if (truncated) return true;
  // indented, flow and escaped forms: what the text reads as
  return parsedKinds(head).length > 0;
}

/** The kinds of the Kubernetes objects (mappings with a string apiVersion and kind) a text reads as, as the manifests are read; none where it does not parse. */
function parsedKinds(text: string): string[] {
  // escapes may spell any key (a JSON "\u0061piVersion")
  if (!/apiversion|\\u/i.test(text)) return [];
  // a file is asked whether it looks like an object, then what kind: it is parsed once
  if (lastParsed?.text === text) return lastParsed.kinds;
  const kinds: string[] = [];
  for (const d of parseDocuments(text, '').documents) {
    const items = isRecord(d.value) && Array.isArray(d.value['items']) ? d.value['items'] : [d.value];
    for (const v of [d.value, ...items]) if (isRecord(v) && typeof v['apiVersion'] === 'string' && typeof v['kind'] === 'string') kinds.push(v['kind']);
  }
  lastParsed = { text, kinds };
  return kinds;
}

/** The last text parsedKinds parsed, and what it found. */
let lastParsed: { readonly text: string; readonly kinds: string[] } | undefined;

/**
 * The kinds of objects that decide traffic: workloads, namespaces, Services,
 * ingress objects and routes, every policy kind (any `...Policy`), Calico's
 * and Cilium's sets of addresses, operators' resources, and lists (whose
 * items may be any of these).
 */
const TRAFFIC_KIND = new RegExp(
  `^(?:${[...WORKLOAD_KINDS, 'Namespace', 'Service', 'Ingress', 'Gateway', 'ListenerSet', 'XListenerSet', 'ReferenceGrant', 'Tier', 'NetworkSet', 'GlobalNetworkSet', 'CiliumCIDRGroup', ...OPERATED_KINDS].join('|')}|.*Polic(?:y|ies)|.*Route|.*List)$`,
);

/**
 * Whether the start of a file names a kind of object that decides traffic
 * (TRAFFIC_KIND), in YAML or in JSON, or holds an object the manifests'
 * reader would take as deciding it under another kind's name
 * (readerSeesTraffic: a plugin's or a mesh's settings in a ConfigMap named
 * cilium-config, a resource holding a pod template).
 */
export function namesTrafficKind(head: string): boolean {
  for (const m of head.matchAll(/^["']?kind["']?[ \t]*:[ \t]*(?:#.*)?(?:\r?\n[ \t]+)?["']?([A-Za-z][A-Za-z0-9]*)/gm)) if (TRAFFIC_KIND.test(m[1]!)) return true;
  for (const m of head.matchAll(/"kind"\s*:\s*"([A-Za-z][A-Za-z0-9]*)"/g)) if (TRAFFIC_KIND.test(m[1]!)) return true;
  if (parsedKinds(head).some((k) => TRAFFIC_KIND.test(k))) return true;
  return readerSeesTraffic(head);
}

/**
 * Whether the manifests' reader takes an object of a text as deciding
 * traffic: a workload, policy, Service, route or namespace, a
 * ServiceAccount with labels, a plugin's or mesh's settings, an object it reports as not analysed for what it does
 * to paths, a rule that generates policies. Not a resource whose pods it
 * does not know (an operator's, a pipeline run's: the pods of its
 * namespace), nor what does not parse or is refused (a kind of its own
 * that decides traffic is told by its name, TRAFFIC_KIND).
 */
function readerSeesTraffic(text: string): boolean {
  const read = readFile({ path: 'hidden.yaml', text, walked: true });
  const passed = (item: Item) =>
    item.kind === 'ignored' ||
    // an object of Cilium's is read for what it is besides (a policy, settings)
    item.kind === 'cilium' ||
    item.kind === 'jsonnet' ||
    item.kind === 'namespaceDefaulted' ||
    // a ServiceAccount's labels are what Calico's serviceAccounts selectors (and Cilium's) match: one without them decides nothing
    (item.kind === 'serviceAccount' && Object.keys(item.labels).length === 0) ||
    item.kind === 'gitOpsNamespace' ||
    item.kind === 'managedNamespace' ||
    (item.kind === 'notAnalysed' && item.what.effect?.unknownPods === true);
  return read.generators > 0 || !read.items.every(passed);
}

/**
 * The note for one file not read: it is in `dir`, a hidden directory the
 * walk skipped. Where its start names a kind that decides traffic (a
 * NetworkPolicy, a Deployment), or goes on past what was looked at, it is
 * input the verdict does not rest on: an error that fails a check closed,
 * as an unreadable file does; otherwise a warning.
 */
export function hiddenNote(path: string, dir: string, head: string, truncated: boolean): SnapshotFile {
  // past what was looked at, any kind may follow
  const traffic = truncated || namesTrafficKind(head);
  const seen = looksLikeKubernetes(head);
  const past = path.endsWith('.json') ? "a JSON object's apiVersion and kind may follow its other keys" : 'Kubernetes objects may follow';
  const what = seen ? `it looks like a Kubernetes object${traffic ? ' of a kind that decides traffic' : ''}` : `it goes on past the ${HIDDEN_HEAD_BYTES / (1 << 20)} MiB looked at, where ${past}`;
  return {
    path,
    notes: [
      diagnostic(
        traffic ? 'error' : 'warning',
        InputCodes.hiddenDirectory,
        { file: path, line: 1 },
        `not read: the file is in ${dir.split('/').pop() === 'node_modules' ? '' : 'the hidden directory '}${dir}, which a walk of directories skips, yet ${what}, and \`kubectl apply -R -f\` reads it; to read it, name the file or ${dir} explicitly (as a PATH, or after diff --git)`,
      ),
    ],
  };
}

/**
 * The note that the look into hidden directories stopped at its limit, at
 * the directory where it stopped: what it did not look at may decide
 * traffic, so it is an error that fails a check closed, as unread input
 * does. `remedy`: how else to read them (through the API: check out the
 * repository).
 */
export function hiddenCappedNote(dir: string, limit: string, remedy = ''): SnapshotFile {
  return {
    path: dir,
    notes: [
      diagnostic(
        'error',
        InputCodes.hiddenDirectory,
        { file: dir, line: 1 },
        `stopped looking into hidden directories after ${limit}: ${dir} and hidden directories after it may hold Kubernetes objects that decide traffic, which are not read and which \`kubectl apply -R -f\` reads; name them explicitly to read them, or name the manifests to read (paths, targets) so that nothing is left to look into${remedy}`,
      ),
    ],
  };
}

/**
 * The skipped directory of a path of a git revision a walk skipped
 * (`a/.policies` for `a/.policies/x/p.yaml`, `k8s/node_modules` for
 * `k8s/node_modules/p.yaml`), given the part of the path below the walked
 * directory; undefined when no directory of it is hidden or
 * `node_modules`, or one is `.git`. (A revision holds a `node_modules`
 * only where it was committed, so looking into it costs little, unlike a
 * work tree's, which the walk of a directory does not look into.)
 */
export function hiddenDirOf(prefix: string, rest: string): string | undefined {
  const dirs = rest.split('/').slice(0, -1);
  if (dirs.includes('.git')) return undefined;
  const i = dirs.findIndex((d) => d.startsWith('.') || d === 'node_modules');
  return i < 0 ? undefined : `${prefix}${dirs.slice(0, i + 1).join('/')}`;
}
