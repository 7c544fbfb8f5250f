import { Parser, Composer, LineCounter, isMap, isSeq, isScalar, isAlias, isPair } from 'yaml';
import type { Node as YamlNode, Document } from 'yaml';
import { Codes, diagnostic } from '../../model/diagnostics.js';
import type { Diagnostic } from '../../model/diagnostics.js';
import { readBlockYaml, readJson } from './fastyaml.js';

/** Bounds that hold against hostile input; each failing document is skipped alone. */
export interface Limits {
  /** Largest file read, in bytes. */
  readonly maxFileBytes: number;
  /** Most nodes one document may expand to, aliases included. */
  readonly maxDocumentNodes: number;
  /** Deepest nesting of mappings and sequences in one document. */
  readonly maxDepth: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxFileBytes: 64 * 1024 * 1024,
  maxDocumentNodes: 5_000_000,
  maxDepth: 200,
};

/** One YAML document (or a JSON file), converted to plain data, with lines. */
export interface ParsedDocument {
  readonly value: unknown;
  /** 1-based line where the document's content starts. */
  readonly line: number;
  /** 1-based line of a mapping or sequence of `value`, or of the document. */
  lineOf(node: unknown): number;
}

export interface ParseResult {
  readonly documents: ParsedDocument[];
  readonly diagnostics: Diagnostic[];
}

class LimitError extends Error {}

interface DocumentText {
  readonly text: string;
  /** 0-based line of the slice's first line within the file. */
  readonly firstLine: number;
}

/**
 * Splits a YAML stream at document markers. A `---` or `...` at column 0
 * ends a document wherever it appears, so a textual split agrees with the
 * grammar and lets one broken document fail alone.
 */
export function splitDocuments(text: string): DocumentText[] {
  const out: DocumentText[] = [];
  let start = 0;
  let startLine = 0;
  let line = 0;
  let pos = 0;
  for (;;) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    const marker = text.startsWith('---', pos) ? 'start' : text.startsWith('...', pos) ? 'end' : undefined;
    const after = text.charCodeAt(pos + 3);
    if (marker && (pos + 3 >= end || after === 32 || after === 9 || after === 13)) {
      if (pos > start) out.push({ text: text.slice(start, pos), firstLine: startLine });
      // `--- content` keeps its line in the next document; `...` is dropped
      start = marker === 'start' ? pos : end + 1;
      startLine = marker === 'start' ? line : line + 1;
    }
    if (nl < 0) break;
    pos = nl + 1;
    line++;
  }
  if (start < text.length) out.push({ text: text.slice(start), firstLine: startLine });
  return out.filter((d) => hasContent(d.text));
}

/** True when some line is more than blank space, a comment, a directive or a bare document marker. */
function hasContent(text: string): boolean {
  // lines end where the regular expressions' lines end; the scan below knows only \n
  if (/[\r\u2028\u2029]/.test(text)) return /[^\s]/.test(stripComments(text));
  for (let pos = 0; pos < text.length; ) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    const line = text.slice(pos, end);
    const body = line.trimStart();
    if (body !== '' && body[0] !== '#' && body[0] !== '%' && !/^(---|\.\.\.)\s*$/.test(line)) return true;
    pos = end + 1;
  }
  return false;
}

function stripComments(text: string): string {
  return text.replace(/^\s*[#%].*$/gm, '').replace(/^(---|\.\.\.)\s*$/gm, '');
}

/**
 * An upper bound of the nesting depth, read from the raw text without
 * parsing: flow brackets outside quotes and comments, plus block nesting
 * (indentation and compact `- - ` sequences). The YAML parser itself is not
 * safe against very deep input, so this runs first.
 */
export function nestingBound(text: string): number {
  let flow = 0;
  let maxFlow = 0;
  let maxBlock = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    // start of a line: measure indentation and compact sequence dashes
    let indent = 0;
    while (i < n && text.charCodeAt(i) === 32) {
      indent++;
      i++;
    }
    let dashes = 0;
    while (i + 1 < n && text.charCodeAt(i) === 45 && (text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 9)) {
      dashes++;
      i += 2;
      while (i < n && text.charCodeAt(i) === 32) i++;
    }
    if (flow === 0) maxBlock = Math.max(maxBlock, indent / 2 + dashes);
    // rest of the line
    let quote = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        i++;
        break;
      }
      if (quote !== 0) {
        if (c === 92 && quote === 34) i++;
        else if (c === quote) quote = 0;
      } else if (c === 34 || c === 39) {
        const prev = i > 0 ? text.charCodeAt(i - 1) : 32;
        if (prev === 32 || prev === 9 || prev === 91 || prev === 123 || prev === 44 || prev === 58) quote = c;
      } else if (c === 35) {
        const prev = i > 0 ? text.charCodeAt(i - 1) : 32;
        if (prev === 32 || prev === 9) {
          while (i < n && text.charCodeAt(i) !== 10) i++;
          continue;
        }
      } else if (c === 91 || c === 123) {
        flow++;
        if (flow > maxFlow) maxFlow = flow;
      } else if ((c === 93 || c === 125) && flow > 0) {
        flow--;
      }
      i++;
    }
  }
  return maxFlow + maxBlock;
}

/** Maps an offset within a document slice to a 1-based line of the file, within the slice. */
function lineFinder(lineCounter: LineCounter, slice: DocumentText) {
  const lastLine = slice.text.replace(/\s+$/, '').split('\n').length;
  return (offset: number) => Math.min(lineCounter.linePos(offset).line, lastLine) + slice.firstLine;
}

/**
 * Converts a composed YAML node to plain data, recording where each mapping
 * and sequence starts. Aliases are expanded, and every expanded node counts
 * against the budget, so an alias bomb stops early with a clear error.
 */
function convert(doc: Document, root: YamlNode, limits: Limits, positions: WeakMap<object, number>, merge: boolean): unknown {
  let budget = limits.maxDocumentNodes;
  const resolving = new Set<YamlNode>();
  // resolving an alias scans the document, so each alias node is resolved once however often a bomb expands it
  const targets = new Map<unknown, YamlNode | undefined>();
  const visit = (node: unknown, depth: number): unknown => {
    if (--budget < 0) {
      throw new LimitError(`document expands to more than ${limits.maxDocumentNodes.toLocaleString('en-US')} nodes (an alias bomb?)`);
    }
    if (depth > limits.maxDepth) throw new LimitError(`document nests deeper than ${limits.maxDepth} levels`);
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      let target = targets.get(node);
      if (!targets.has(node)) {
        target = node.resolve(doc) as YamlNode | undefined;
        targets.set(node, target);
      }
      if (!target) throw new LimitError(`alias *${node.source} refers to no anchor`);
      if (resolving.has(target)) throw new LimitError(`alias *${node.source} refers to itself`);
      resolving.add(target);
      try {
        return visit(target, depth + 1);
      } finally {
        resolving.delete(target);
      }
    }
    if (isScalar(node)) return node.value ?? null;
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      if (node.range) positions.set(out, node.range[0]);
      const merged: Array<Record<string, unknown>> = [];
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? pair.key.value : pair.key === null ? null : visit(pair.key, depth + 1);
        const keyText = key === null || key === undefined ? '' : typeof key === 'object' ? JSON.stringify(key) : String(key);
        const value = visit(pair.value, depth + 1);
        if (merge && keyText === '<<' && isScalar(pair.key) && pair.key.source === '<<') {
          for (const m of Array.isArray(value) ? value : [value]) {
            if (typeof m === 'object' && m !== null && !Array.isArray(m)) merged.push(m as Record<string, unknown>);
          }
          continue;
        }
        Object.defineProperty(out, keyText, { value, enumerable: true, writable: true, configurable: true });
      }
      for (const m of merged) {
        for (const [k, v] of Object.entries(m)) if (!Object.prototype.hasOwnProperty.call(out, k)) out[k] = v;
      }
      return out;
    }
    if (isSeq(node)) {
      const out: unknown[] = [];
      if (node.range) positions.set(out, node.range[0]);
      for (const item of node.items) out.push(visit(item, depth + 1));
      return out;
    }
    return null;
  };
  return visit(root, 0);
}

function firstContentLine(text: string): number {
  for (let i = 0, pos = 0; pos <= text.length; i++) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    const l = text.slice(pos, end).trim();
    if (l !== '' && !l.startsWith('#') && l !== '---') return i;
    if (nl < 0) break;
    pos = nl + 1;
  }
  return 0;
}

/** Parses one document slice; throws LimitError or returns errors as strings. */
function parseOne(
  slice: DocumentText,
  json: boolean,
  limits: Limits,
  fast: boolean,
): { value: unknown; lineOf: (node: unknown) => number; line: number } | { error: string; line: number; code: string } {
  const docLine = slice.firstLine + firstContentLine(slice.text) + 1;
  // Most manifests are of the subset the fast reader handles; it gives the
  // same values and lines, and leaves anything deeper than the limit to the
  // checks below.
  const quick = fast ? (json ? readJson(slice.text, limits) : readBlockYaml(slice.text, limits)) : undefined;
  if (quick) {
    const lineOf = (node: unknown) => {
      const line = typeof node === 'object' && node !== null ? quick.lines.get(node) : undefined;
      return line === undefined ? docLine : line + 1 + slice.firstLine;
    };
    return { value: quick.value, lineOf, line: docLine };
  }
  const depth = nestingBound(slice.text);
  if (depth > limits.maxDepth) {
    return { error: `document nests deeper than ${limits.maxDepth} levels`, line: docLine, code: Codes.limit };
  }
  const lineCounter = new LineCounter();
  const parser = new Parser(lineCounter.addNewLine);
  const composer = new Composer({ version: json ? '1.2' : '1.1', uniqueKeys: true, merge: !json });
  const docs = [...composer.compose(parser.parse(slice.text), true)];
  const toLine = lineFinder(lineCounter, slice);
  const doc = docs.find((d) => d.contents !== null || d.errors.length > 0);
  if (!doc) return { value: null, lineOf: () => docLine, line: docLine };
  const error = doc.errors[0];
  if (error) {
    const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    return { error: `YAML syntax: ${message}`, line: toLine(error.pos[0]), code: Codes.syntax };
  }
  const positions = new WeakMap<object, number>();
  try {
    const value = convert(doc, doc.contents as YamlNode, limits, positions, !json);
    const lineOf = (node: unknown) => {
      const offset = typeof node === 'object' && node !== null ? positions.get(node) : undefined;
      return offset === undefined ? docLine : toLine(offset);
    };
    return { value, lineOf, line: docLine };
  } catch (e) {
    if (e instanceof LimitError) return { error: e.message, line: docLine, code: Codes.limit };
    if (e instanceof RangeError) return { error: 'document is too deeply nested to read', line: docLine, code: Codes.limit };
    throw e;
  }
}

/**
 * Parses a manifest file's text. JSON files are one document; YAML files
 * may hold many. Each document that cannot be read yields one diagnostic and
 * is skipped; the others are returned. `fast: false` reads every document
 * with the `yaml` package, which the fast reader must agree with.
 */
export function parseDocuments(text: string, file: string, limits: Limits = DEFAULT_LIMITS, fast = true): ParseResult {
  const documents: ParsedDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  const trimmed = text.replace(/^\uFEFF/, '');
  const json = /^\s*[[{]/.test(trimmed) && file.toLowerCase().endsWith('.json');
  const slices = json ? [{ text: trimmed, firstLine: 0 }] : splitDocuments(trimmed);
  for (const slice of slices) {
    const result = parseOne(slice, json, limits, fast);
    if ('error' in result) {
      diagnostics.push(diagnostic('error', result.code, { file, line: result.line }, `${result.error}; document skipped`));
      continue;
    }
    if (result.value === null || result.value === undefined) continue;
    documents.push({ value: result.value, line: result.line, lineOf: result.lineOf });
  }
  return { documents, diagnostics };
}
