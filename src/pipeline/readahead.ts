import { availableParallelism } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { FileContribution, Item, LoadCache, LoadOptions, ManifestFile, SnapshotFile } from '../input/load.js';
import { readFile } from '../input/load.js';
import type { KindedPolicy, PolicyKind, PolicyObject } from '../policy/kind.js';
import { POLICY_KINDS } from '../policy/registry.js';

/** A file with its text, as read. */
type TextFile = Extract<ManifestFile, { readonly text: string }>;

/**
 * Reading files on more than one thread. readFile is a pure function of a
 * file and the options, and what it returns is plain data but for each
 * policy's kind (an object of functions, sent as its place in
 * POLICY_KINDS): other threads read some of a state's files and hand back
 * their contributions, which go into the LoadCache the state's reading
 * consults. Where anything fails (a thread that cannot start, a
 * contribution that cannot be sent), the files concerned are left to that
 * reading, on this thread: reading ahead only ever saves work.
 */
export interface ReadThreads {
  /** The script other threads run: the bundle of the process's entry point, which serves reads (serveReads) when started so. */
  readonly script: URL;
  /** How many threads read, this one counted; 1 reads on this thread alone. */
  readonly count: number;
  /** Read ahead only where the files to read hold more characters than this; default READ_AHEAD_MIN_CHARS. */
  readonly minChars?: number;
}

/** The most threads that read files by default: past that, taking in what they read costs this thread more than reading saves. */
const MAX_DEFAULT_THREADS = 4;

/** Reading on the machine's cores (at most MAX_DEFAULT_THREADS) where there is enough to read. */
export function defaultThreads(script: URL): ReadThreads {
  return { script, count: Math.min(availableParallelism(), MAX_DEFAULT_THREADS) };
}

/** Below this much text (about 4 MB), starting a thread (loading the bundle again) costs about what it saves. */
export const READ_AHEAD_MIN_CHARS = 4_000_000;

/** About how many characters of files a thread takes at a time: small enough that threads finish together, large enough that sending stays cheap. */
const CHUNK_CHARS = 200_000;

const ROLE = 'reachdiff-read';

/** What a reading thread is started with: the files in chunks, and the shared count of chunks taken. */
interface Task {
  readonly role: typeof ROLE;
  readonly chunks: ReadonlyArray<readonly TextFile[]>;
  readonly taken: SharedArrayBuffer;
  readonly options: LoadOptions;
}

/** What a reading thread sends: each chunk it read, then that it is done. */
type Message = { readonly chunk: number; readonly packed: ReadonlyArray<Packed | null> } | { readonly done: true };

/** A contribution as sent between threads: each policy's kind by its index in POLICY_KINDS. */
type Packed = Omit<FileContribution, 'items'> & { readonly items: ReadonlyArray<Item | PackedPolicy> };
interface PackedPolicy {
  readonly kind: 'packedPolicy';
  readonly policyKind: number;
  readonly policy: PolicyObject;
}

/** A contribution that can be sent to another thread (see Packed). Throws where a policy's kind is not one of POLICY_KINDS. */
export function pack(c: FileContribution): Packed {
  if (!c.items.some((i) => i.kind === 'policy')) return c;
  const items = c.items.map((i): Item | PackedPolicy => {
    if (i.kind !== 'policy') return i;
    const index = POLICY_KINDS.indexOf(i.policy.kind);
    if (index < 0) throw new Error(`policy kind ${i.policy.kind.kind} is not in POLICY_KINDS`);
    return { kind: 'packedPolicy', policyKind: index, policy: i.policy.policy };
  });
  return { ...c, items };
}

/** The contribution a packed one stands for. */
export function unpack(p: Packed): FileContribution {
  if (!p.items.some((i) => i.kind === 'packedPolicy')) return p as FileContribution;
  const items = p.items.map((i): Item => {
    if (i.kind !== 'packedPolicy') return i;
    const policy: KindedPolicy = { kind: POLICY_KINDS[i.policyKind] as PolicyKind<PolicyObject>, policy: i.policy };
    return { kind: 'policy', policy };
  });
  return { ...p, items };
}

/** The options as another thread is handed them: readFile reads no function among them (LoadOptions.repositoryPath is for combining). */
function sendable(options: LoadOptions): LoadOptions {
  const { repositoryPath: _, ...rest } = options;
  return rest;
}

/**
 * Reads ahead, on other threads as well as this one, the files of one or
 * more states that the cache does not hold yet, and puts what each
 * contributes into the cache, as the states' reading would
 * (readFiles with the same options and cache). The files are cut into
 * chunks that every thread takes from one count, so that a thread slow to
 * start, or slowed by others on the machine, takes fewer. Does nothing
 * where files would be read keeping every object (Kyverno: those are
 * large to send), where there is one thread, or where there is too little
 * to read. Returns how many files other threads read.
 */
export async function readAhead(files: readonly SnapshotFile[], options: LoadOptions, cache: LoadCache, threads: ReadThreads | undefined): Promise<number> {
  if (!threads || threads.count < 2 || options.keepObjects) return 0;
  const texts = new Set<string>();
  const chunks: TextFile[][] = [];
  let chunk: TextFile[] = [];
  let chunkChars = 0;
  let chars = 0;
  for (const f of files) {
    if (!('text' in f)) continue;
    // as readFiles decides: every object is kept where some file mentions kyverno.io
    if (f.text.includes('kyverno.io')) return 0;
    if (texts.has(f.text) || cache.get(f.text)) continue;
    texts.add(f.text);
    chunk.push(f);
    chunkChars += f.text.length;
    chars += f.text.length;
    if (chunkChars >= CHUNK_CHARS) {
      chunks.push(chunk);
      chunk = [];
      chunkChars = 0;
    }
  }
  if (chunk.length > 0) chunks.push(chunk);
  if (chars <= (threads.minChars ?? READ_AHEAD_MIN_CHARS)) return 0;
  const opts: LoadOptions = { ...options, keepObjects: false };
  const taken = new SharedArrayBuffer(4);
  const count = new Int32Array(taken);
  const task: Task = { role: ROLE, chunks, taken, options: sendable(opts) };
  const workers = Array.from({ length: threads.count - 1 }, () => startReading(threads.script, task, cache));
  let own = 0;
  for (let k = Atomics.add(count, 0, 1); k < chunks.length; k = Atomics.add(count, 0, 1)) {
    for (const f of chunks[k]!) cache.set(f.text, readFile(f, opts));
    own++;
  }
  // where this thread read every chunk, the others took none and need not be waited for
  if (own === chunks.length) {
    for (const w of workers) void w?.worker.terminate();
    return 0;
  }
  return (await Promise.all(workers.map((w) => w?.done))).reduce((n: number, read) => n + (read ?? 0), 0);
}

/**
 * Starts a thread that reads chunks, putting what they contribute into the
 * cache as they come; `done` settles, with how many files it read, when it
 * is done or has failed (the files of a chunk it took and did not send are
 * then read on this thread, later). Undefined where no thread starts.
 */
function startReading(script: URL, task: Task, cache: LoadCache): { readonly worker: Worker; readonly done: Promise<number> } | undefined {
  let worker: Worker;
  try {
    worker = new Worker(script, { workerData: task, stdout: true, stderr: true });
  } catch {
    return undefined;
  }
  let read = 0;
  const done = new Promise<number>((resolve) => {
    worker.on('message', (message: Message) => {
      if ('done' in message) return resolve(read);
      const files = task.chunks[message.chunk]!;
      message.packed.forEach((p, i) => {
        if (!p) return;
        cache.set(files[i]!.text, unpack(p));
        read++;
      });
    });
    worker.once('error', () => resolve(read));
    worker.once('exit', () => resolve(read));
  });
  return { worker, done };
}

/**
 * In a thread readAhead started: takes chunks of files until none is left,
 * sending back what each file contributes (null for one that cannot be
 * read or sent), then that it is done. Returns false in any other thread,
 * where the entry point runs as usual.
 */
export function serveReads(): boolean {
  const task = workerData as Partial<Task> | undefined;
  if (isMainThread || !parentPort || task?.role !== ROLE || !task.chunks || !task.taken || !task.options) return false;
  const { chunks, options } = task;
  const count = new Int32Array(task.taken);
  for (let k = Atomics.add(count, 0, 1); k < chunks.length; k = Atomics.add(count, 0, 1)) {
    const packed = chunks[k]!.map((f) => {
      try {
        return pack(readFile(f, options));
      } catch {
        return null;
      }
    });
    parentPort.postMessage({ chunk: k, packed } satisfies Message);
  }
  parentPort.postMessage({ done: true } satisfies Message);
  return true;
}

/** Set by the build (scripts/build.mjs) in the bundles under dist/, which other threads can run; not defined where the sources run (tests). */
declare const __REACHDIFF_BUNDLE__: boolean | undefined;

/** The bundle this code runs in, for reading threads to run; undefined where it runs from its sources. */
export function bundleScript(): URL | undefined {
  return typeof __REACHDIFF_BUNDLE__ !== 'undefined' && __REACHDIFF_BUNDLE__ ? new URL(import.meta.url) : undefined;
}
