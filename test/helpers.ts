import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { expect } from 'vitest';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AnalyzeOptions } from '../src/engine/analyze.js';
import { analyze } from '../src/engine/analyze.js';
import type { Io } from '../src/cli/common.js';
import { run } from '../src/cli/main.js';
import type { LoadOptions } from '../src/input/load.js';
import { readFiles } from '../src/input/load.js';
import { expand } from '../src/expand/expand.js';
import type { Matrix } from '../src/engine/matrix.js';
import { diffMatrices } from '../src/change/diff.js';
import type { Report } from '../src/report/report.js';
import { diffReport } from '../src/report/report.js';
import type { Cluster } from '../src/input/cluster.js';
import { parseIPv4, parseIPv6 } from '../src/model/ipranges.js';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURES = join(REPO, 'fixtures');
/** The peer conformance corpus, kept outside the repository. */
export const CORPUS = resolve(REPO, '..', 'shared', 'conformance', 'np-guard');
export const HAVE_CORPUS = existsSync(join(CORPUS, 'cases.json'));

/** Loads manifests given as text, each entry of `files` one file, and expands generate rules. */
export function load(files: Record<string, string> | string, options: LoadOptions = {}): Cluster {
  const entries = typeof files === 'string' ? { 'test.yaml': files } : files;
  // as the pipeline does: with the policies generate rules create
  return expand(
    readFiles(
      Object.entries(entries).map(([path, text]) => ({ path, text })),
      options,
    ),
    options,
  );
}

export function matrixOf(files: Record<string, string> | string, options: AnalyzeOptions & LoadOptions = {}): Matrix {
  return analyze(load(files, options), options);
}

/** The connection text between two endpoints named as in the list output. */
export function conn(matrix: Matrix, src: string, dst: string): string {
  const endpoint = (name: string) => {
    const w = matrix.workloadEndpoint(name);
    if (w) return w;
    const [a, b] = name.replace('[External]', '').split('-');
    if (a?.includes(':')) {
      const first = parseIPv6(a);
      const last = b === undefined ? first : parseIPv6(b);
      if (first === undefined || last === undefined) throw new Error(`no endpoint ${name}`);
      return matrix.externalEndpoint({ family: 'ipv6', first, last });
    }
    const first = a === undefined ? undefined : parseIPv4(a);
    const last = b === undefined ? first : parseIPv4(b);
    if (first === undefined || last === undefined) throw new Error(`no endpoint ${name}`);
    return matrix.externalEndpoint({ family: 'ipv4', first, last });
  };
  return matrix.connection(endpoint(src), endpoint(dst)).toString();
}

export function listLines(matrix: Matrix): string[] {
  return [...matrix.connections()].map((c) => `${c.src.name} => ${c.dst.name} : ${c.conn.toString()}`);
}

/** Runs the CLI in-process and captures its output. */
export async function cli(args: string[], cwd = REPO): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: Io = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd };
  const code = await run(args, io);
  return { code, stdout, stderr };
}

/** `check` on one manifest file against one config, both written to a new temporary directory. */
export async function checkManifests(manifests: string, config: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const root = mkdtempSync(join(tmpdir(), 'reachdiff-check-'));
  writeFileSync(join(root, 'm.yaml'), manifests);
  writeFileSync(join(root, 'c.yml'), config);
  return cli(['check', join(root, 'm.yaml'), '--config', join(root, 'c.yml')]);
}

/** `diff` of two states of one manifest file against one config, with more arguments. */
export async function diffManifests(base: string, head: string, config: string, args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  const root = mkdtempSync(join(tmpdir(), 'reachdiff-diff-'));
  for (const [dir, text] of [['base', base], ['head', head]] as const) {
    mkdirSync(join(root, dir));
    writeFileSync(join(root, dir, 'm.yaml'), text);
  }
  writeFileSync(join(root, 'c.yml'), config);
  return cli(['diff', join(root, 'base'), join(root, 'head'), '--config', join(root, 'c.yml'), ...args]);
}

/** A Deployment manifest with the given labels and container ports. */
export function deployment(ns: string, name: string, labels: Record<string, string>, ports: Array<{ name?: string; port: number; protocol?: string }> = []): string {
  const portLines = ports.length
    ? `\n          ports:\n${ports.map((p) => `            - { containerPort: ${p.port}${p.name ? `, name: ${p.name}` : ''}${p.protocol ? `, protocol: ${p.protocol}` : ''} }`).join('\n')}`
    : '';
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  selector: { matchLabels: ${JSON.stringify(labels)} }
  template:
    metadata:
      labels: ${JSON.stringify(labels)}
    spec:
      containers:
        - name: main
          image: example${portLines}
---
`;
}

/**
 * A Pod whose owner (a ReplicaSet) has any name: object names are validated as
 * the API server does, an owner reference's name is not, so this is how a
 * hostile workload name reaches the outputs.
 */
export function ownedPod(ns: string, owner: string, labels: Record<string, string>): string {
  return `apiVersion: v1\nkind: Pod\nmetadata:\n  name: pod-${Math.abs([...owner].reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7))}\n  namespace: ${ns}\n  labels: ${JSON.stringify(labels)}\n  ownerReferences: [ { apiVersion: apps/v1, kind: ReplicaSet, controller: true, name: ${JSON.stringify(owner)}, uid: u } ]\nspec: { containers: [ { name: c, image: c } ] }\n---\n`;
}

export function namespace(name: string, labels: Record<string, string> = {}): string {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ${name}
  labels: ${JSON.stringify(labels)}
---
`;
}

export function policy(ns: string, name: string, spec: Record<string, unknown>): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${ns}
spec: ${JSON.stringify(spec)}
---
`;
}

/** 40 workloads in 4 namespaces, all open; the head isolates every one of them for ingress. */
export function thousandChanges(): Report {
  let base = '';
  for (let n = 0; n < 4; n++) {
    base += namespace(`team-${n}`);
    for (let w = 0; w < 10; w++) base += deployment(`team-${n}`, `app-${w}`, { app: `app-${w}` });
  }
  let head = base;
  for (let n = 0; n < 4; n++) head += policy(`team-${n}`, 'deny', { podSelector: {}, policyTypes: ['Ingress'] });
  return diffReport(diffMatrices(matrixOf(base), matrixOf(head)), { base: 'base', head: 'head' });
}

const UPDATE_GOLDEN = process.env['UPDATE_GOLDEN'] === '1';

/** Compares with a committed golden file under test/golden/; UPDATE_GOLDEN=1 rewrites it. */
export function golden(name: string, actual: string): void {
  const path = join(REPO, 'test', 'golden', name);
  if (UPDATE_GOLDEN || !existsSync(path)) writeFileSync(path, actual);
  expect(actual, `${name} differs from its golden file (UPDATE_GOLDEN=1 rewrites it)`).toBe(readFileSync(path, 'utf8'));
}

/** A temporary directory holding files by their paths (directories made as needed); its path. */
export function tree(files: Record<string, string>, prefix = 'reachdiff-tree-'): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}
