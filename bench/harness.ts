/**
 * Runs the real CLI as a child process on generated repositories, several
 * times per case, and reports the median wall time, the peak resident set
 * size, and the parse floor of the same inputs.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build } from 'esbuild';
import type { Shape, Style } from './generate.js';
import { generate } from './generate.js';

export type Command = 'list' | 'diff';

export interface Target {
  readonly seconds?: number;
  readonly megabytes?: number;
  /** Most the wall time may be, as a multiple of the parse floor. */
  readonly floorRatio?: number;
}

/** The issue's targets, per shape and command (2 cores, one process). */
export const TARGETS: Readonly<Record<string, Partial<Record<Command, Target>>>> = {
  S: { diff: { seconds: 1, megabytes: 200 } },
  L: { list: { seconds: 2.5 }, diff: { seconds: 3, megabytes: 1024, floorRatio: 3 } },
  R: { list: { seconds: 3 } },
  X: { list: { seconds: 30, megabytes: 4096 }, diff: { seconds: 20, megabytes: 2048 } },
};

/** Most the project's reader may take, as a multiple of js-yaml's plain loadAll of the same files. */
export const READER_RATIO = 1.3;

export interface Sample {
  readonly seconds: number;
  /** Peak resident set size of the process, in MB. */
  readonly megabytes: number;
}

export interface CaseResult {
  readonly shape: string;
  readonly style: Style;
  /** js-yaml's plain loadAll of the same files, and JSON.parse of the same objects (medians). */
  readonly loadAll: Sample;
  readonly jsonParse: Sample;
  /** The reader's floor over loadAll's, run by run: median, least and most. */
  readonly readerRatio: { readonly median: number; readonly min: number; readonly max: number };
  readonly command: Command;
  readonly files: number;
  /** Megabytes of manifests per state. */
  readonly inputMegabytes: number;
  readonly runs: number;
  readonly floor: Sample;
  /** Undefined when the CLI does not have the command yet. */
  readonly cli?: Sample & { readonly lines: number };
  /**
   * Wall time over the parse floor, run by run: each CLI run against the
   * floor run just before it. The median, and the least and most.
   */
  readonly ratio?: { readonly median: number; readonly min: number; readonly max: number };
  readonly skipped?: string;
  /** Why the CLI failed (out of memory, a crash), with the time of the failed run. */
  readonly failed?: string;
}

export interface BenchOptions {
  readonly shapes: readonly Shape[];
  readonly styles: (shape: Shape) => readonly Style[];
  readonly runs: (shape: Shape) => number;
  readonly seed: number;
  /** Where repositories, outputs and support scripts go (gitignored). */
  readonly root: string;
  /** The CLI bundle to run. */
  readonly cli: string;
  /** The repository, whose bench/floor.ts is the parse floor. */
  readonly repo: string;
  readonly log: (line: string) => void;
}

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Bundles the parse-floor script, and a preload that reports the process's peak RSS on exit. */
export async function supportScripts(root: string, repo: string): Promise<{ floor: string; probe: string }> {
  const dir = join(root, 'bin');
  mkdirSync(dir, { recursive: true });
  const floor = join(dir, 'floor.mjs');
  await build({
    entryPoints: [join(repo, 'bench', 'floor.ts')],
    outfile: floor,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
    logLevel: 'warning',
  });
  const probe = join(dir, 'rss-probe.cjs');
  writeFileSync(
    probe,
    "'use strict';\nprocess.on('exit', () => require('node:fs').writeFileSync(process.env.REACHDIFF_BENCH_RSS, String(process.resourceUsage().maxRSS)));\n",
  );
  return { floor, probe };
}

interface RunOutcome {
  readonly sample: Sample;
  readonly status: number | null;
  readonly stderr: string;
}

/** Runs `node [script] args` once, stdout to a file; returns wall time and peak RSS. */
export function runOnce(script: string, args: readonly string[], probe: string, stdoutFile: string, mode = 'reader'): RunOutcome {
  const rssFile = `${stdoutFile}.rss`;
  const out = openSync(stdoutFile, 'w');
  const start = performance.now();
  const r = spawnSync(process.execPath, ['--require', probe, script, ...args], {
    stdio: ['ignore', out, 'pipe'],
    env: { ...process.env, REACHDIFF_BENCH_RSS: rssFile, REACHDIFF_FLOOR_MODE: mode },
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
  const seconds = (performance.now() - start) / 1000;
  closeSync(out);
  const kilobytes = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) : NaN;
  return { sample: { seconds, megabytes: kilobytes / 1024 }, status: r.status, stderr: r.stderr ?? '' };
}

function countLines(file: string): number {
  const buf = readFileSync(file);
  let n = 0;
  for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, i + 1)) n++;
  return n;
}

function medianSample(samples: readonly Sample[]): Sample {
  return { seconds: median(samples.map((s) => s.seconds)), megabytes: median(samples.map((s) => s.megabytes)) };
}

function ratios(a: readonly Sample[], b: readonly Sample[]): { median: number; min: number; max: number } {
  const r = a.map((x, i) => x.seconds / b[i]!.seconds);
  return { median: median(r), min: Math.min(...r), max: Math.max(...r) };
}

/** Generates each shape in each style, then measures `list` of the base and `diff` of base and head. */
export async function runBench(options: BenchOptions): Promise<CaseResult[]> {
  const { floor, probe } = await supportScripts(options.root, options.repo);
  const results: CaseResult[] = [];
  for (const shape of options.shapes) {
    for (const style of options.styles(shape)) {
      const t0 = performance.now();
      const repo = generate(shape, options.seed, options.root, style);
      const inputMegabytes = repo.bytes / 1e6;
      options.log(`${shape.name} ${style}: generated ${repo.files} files, ${inputMegabytes.toFixed(1)} MB per state in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      const runs = options.runs(shape);
      for (const command of ['list', 'diff'] as const) {
        const inputs = command === 'list' ? [repo.base] : [repo.base, repo.head];
        const outFile = join(options.root, shape.name, style, `${command}.out`);
        const floors: Record<'reader' | 'loadall' | 'json', Sample[]> = { reader: [], loadall: [], json: [] };
        const floorRun = (mode: 'reader' | 'loadall' | 'json') => {
          // the JSON floor parses the base state's objects once per state the command reads
          const args = mode === 'json' ? inputs.map(() => repo.json) : inputs;
          const r = runOnce(floor, args, probe, `${outFile}.floor`, mode);
          if (r.status !== 0) throw new Error(`parse floor (${mode}) failed on ${shape.name} ${style}: ${r.stderr}`);
          floors[mode].push(r.sample);
        };
        const cliSamples: Sample[] = [];
        let lines = 0;
        let skipped: string | undefined;
        let failed: string | undefined;
        // floor and CLI runs alternate, so that the machine's drift in speed weighs on all alike
        for (let i = 0; i < runs; i++) {
          floorRun('loadall');
          floorRun('reader');
          floorRun('json');
          if (failed || skipped) continue;
          const r = runOnce(options.cli, [command, ...inputs], probe, outFile);
          if (command === 'diff' && r.status === 2 && /unknown command/.test(r.stderr)) {
            skipped = 'this build of the CLI has no diff command';
            options.log(`${shape.name} diff: skipped: ${skipped}`);
            continue;
          }
          if (r.status !== 0) {
            const why = /heap out of memory/.test(r.stderr) ? 'out of memory' : `exit ${r.status}: ${r.stderr.trim().split('\n').pop() ?? ''}`;
            failed = `failed after ${fmtSeconds(r.sample.seconds)} (${why})`;
            options.log(`${shape.name} ${style} ${command}: ${failed}`);
            continue;
          }
          if (i === 0) lines = countLines(outFile);
          cliSamples.push(r.sample);
        }
        const result: CaseResult = {
          shape: shape.name,
          style,
          command,
          files: repo.files,
          inputMegabytes,
          runs,
          floor: medianSample(floors.reader),
          loadAll: medianSample(floors.loadall),
          jsonParse: medianSample(floors.json),
          readerRatio: ratios(floors.reader, floors.loadall),
          ...(skipped
            ? { skipped }
            : failed
              ? { failed }
              : { cli: { ...medianSample(cliSamples), lines }, ratio: ratios(cliSamples, floors.loadall.slice(0, cliSamples.length)) }),
        };
        results.push(result);
        options.log(formatRow(result));
      }
    }
  }
  return results;
}

const fmtSeconds = (s: number) => `${s < 10 ? s.toFixed(2) : s.toFixed(1)} s`;
const fmtMegabytes = (m: number) => `${Math.round(m)} MB`;

function verdict(r: CaseResult): string {
  const parts: string[] = [`reader ≤ ${READER_RATIO}× loadAll ${r.readerRatio.median <= READER_RATIO ? 'met' : 'missed'}`];
  const t = TARGETS[r.shape]?.[r.command];
  if (!t) return parts.join(', ');
  const check = (label: string, ok: boolean | undefined) => parts.push(`${label} ${ok === undefined ? '(not run)' : ok ? 'met' : 'missed'}`);
  const cli = r.failed ? { seconds: Infinity, megabytes: Infinity } : r.cli;
  if (t.seconds !== undefined) check(`≤ ${t.seconds} s`, cli && cli.seconds <= t.seconds);
  if (t.megabytes !== undefined) check(`≤ ${t.megabytes >= 1024 ? `${t.megabytes / 1024} GB` : `${t.megabytes} MB`}`, cli && cli.megabytes <= t.megabytes);
  if (t.floorRatio !== undefined) check(`≤ ${t.floorRatio}× js-yaml floor`, r.failed ? false : r.ratio && r.ratio.median <= t.floorRatio);
  return parts.join(', ');
}

const fmtRatio = (r: { median: number; min: number; max: number }) => `${r.median.toFixed(2)}× (${r.min.toFixed(2)}–${r.max.toFixed(2)})`;

function formatRow(r: CaseResult): string {
  const cells = [
    r.shape,
    r.style,
    r.command,
    `${r.files} files, ${r.inputMegabytes.toFixed(1)} MB`,
    String(r.runs),
    `${fmtSeconds(r.floor.seconds)}`,
    `${fmtSeconds(r.loadAll.seconds)}`,
    `${fmtSeconds(r.jsonParse.seconds)}`,
    fmtRatio(r.readerRatio),
    r.cli ? fmtSeconds(r.cli.seconds) : (r.failed ?? r.skipped ?? '–'),
    r.cli ? fmtMegabytes(r.cli.megabytes) : '–',
    r.ratio ? fmtRatio(r.ratio) : '–',
    verdict(r),
  ];
  return `| ${cells.join(' | ')} |`;
}

/** The results as a markdown table. */
export function resultsTable(results: readonly CaseResult[]): string {
  return [
    '| Shape | Style | Command | Input per state | Runs | Reader floor | js-yaml loadAll floor | JSON.parse floor | Reader / loadAll, run by run | CLI median wall | CLI peak RSS | CLI / loadAll floor, run by run | Targets |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...results.map(formatRow),
  ].join('\n');
}
