/**
 * Reads manifest files as kubectl reads them (`kubectl apply -f`):
 *
 * - a file whose first character past white space is `{` is a stream of
 *   JSON values; if the first or second value does not parse, the rest is
 *   read as YAML (k8s.io/apimachinery/pkg/util/yaml, YAMLOrJSONDecoder);
 * - YAML is split into documents at lines that start with `---`, which
 *   may be followed only by blanks or a comment (YAMLReader); CRLF line
 *   ends become LF; within a document, text after a `...` line is not read
 *   (yaml.v2 reads one document);
 * - a document in the block YAML most manifests are written in is read by
 *   a quicker reader (fast.ts) that gives exactly what js-yaml gives here,
 *   or declines; any other document, and every error, is js-yaml's;
 * - each document is parsed by js-yaml with a schema that resolves plain
 *   scalars as Go's yaml.v2 does (scalars.ts), merge keys as yaml.v2 merges
 *   them, and mapping keys converted to JSON keys as sigs.k8s.io/yaml does;
 *   a repeated key keeps the later value, with a warning;
 * - empty and null documents are skipped.
 *
 * Every mapping and sequence keeps the line it starts on. Limits on the
 * bytes to parse, the nesting depth and the nodes a document expands to
 * (aliases included) fail the document or file concerned alone.
 */
import { load, loadAll, Schema, Type } from 'js-yaml';
import { isAlias, isNode, isScalar, LineCounter, Parser, parseDocument, visit } from 'yaml';
import type { State as JsYamlState, YAMLException } from 'js-yaml';
import { Codes, diagnostic } from '../../model/diagnostics.js';
import type { Diagnostic } from '../../model/diagnostics.js';
import type { GoScalar } from './scalars.js';
import { ConversionError, jsonValue, keyText, resolvedPlain, resolveTagged } from './scalars.js';
import { NOT_ASCII_TEXT, readFast } from './fast.js';
import { NodeLines } from './nodelines.js';
import { tabProblem } from './tabs.js';

/** Bounds that hold against hostile input; each failing document is skipped alone. */
export interface Limits {
  /**
   * Most bytes of YAML or JSON one file may hold to parse. Lines that are
   * blank or only a comment do not count: a policy after megabytes of
   * comments is read.
   */
  readonly maxFileBytes: number;
  /** Most nodes one document may expand to, aliases included. */
  readonly maxDocumentNodes: number;
  /** Deepest nesting of mappings and sequences in one document, aliases expanded. */
  readonly maxDepth: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxFileBytes: 64 * 1024 * 1024,
  maxDocumentNodes: 5_000_000,
  maxDepth: 200,
};

/** Largest file the sources read at all; beyond this a file is reported unread. */
export const MAX_READ_BYTES = 4 * DEFAULT_LIMITS.maxFileBytes;

/** One YAML document (or JSON value), converted to plain data, with lines. */
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

/** A document's text within its file. */
export interface DocumentText {
  readonly text: string;
  /** 0-based line of the text's first line within the file. */
  readonly firstLine: number;
  /** 0-based line of a `...` marker after which the document's text was dropped. */
  readonly endMarker?: number;
  /** A line starting with `---` followed by content, which kubectl refuses. */
  readonly badSeparator?: number;
  /** 0-based line of a `...` that ends a document with no content, which yaml.v2 cannot read. */
  readonly emptyEnd?: number;
  /**
   * Whether kubectl's reader hands the `---` line before the text to yaml.v2
   * with it (nothing came since the last one): a byte order mark at the
   * text's start is then not at the start of what yaml.v2 reads, and is
   * part of the first key.
   */
  readonly opened?: true;
  /** 0-based line of such a `---` line followed by more than blanks and a comment (`---#`): to yaml.v2 it is text, not a document marker. */
  readonly glued?: number;
}

/**
 * Splits YAML text into documents as kubectl's YAMLReader does: a line that
 * starts with `---` and holds nothing else but blanks or a comment ends a
 * document; a line that starts with `---` and holds more is an error.
 * A `...` line ends the document's text (yaml.v2 reads no further). Only
 * lines that start with `---` or `...` are looked at one by one: a file
 * of one document, however long, is one search.
 */
export function splitDocuments(text: string, lineOffset = 0): DocumentText[] {
  const out: DocumentText[] = [];
  let start = 0;
  let startLine = 0;
  let cut = -1;
  let cutLine = 0;
  // the line of `pos`, a line's start
  let line = 0;
  let pos = 0;
  // kubectl's line reader keeps a --- line in the document it starts only where nothing came before it since the last one
  let opened = false;
  let glued: number | undefined;
  const push = (end: number, badSeparator?: number) => {
    const stop = cut >= 0 ? cut : end;
    const content = hasContent(text, start, stop);
    if (!content && cut >= 0 && !opened && badSeparator === undefined) {
      // `...` with nothing before it but blanks and comments: yaml.v2 finds no node ("did not find expected node content")
      out.push({ text: '', firstLine: startLine + lineOffset, emptyEnd: cutLine + lineOffset });
    } else if (content || badSeparator !== undefined || glued !== undefined) {
      const endMarker = cut >= 0 ? contentAfterCut(text, cut, end, cutLine) : undefined;
      out.push({
        text: text.slice(start, stop),
        firstLine: startLine + lineOffset,
        ...(endMarker !== undefined ? { endMarker: endMarker + lineOffset } : {}),
        ...(badSeparator !== undefined ? { badSeparator: badSeparator + lineOffset } : {}),
        ...(opened ? { opened: true as const } : {}),
        ...(glued !== undefined ? { glued: glued + lineOffset } : {}),
      });
    }
  };
  const found = new NextFound(text);
  for (let at = nextMarkerLine(text, found, 0); at >= 0; at = nextMarkerLine(text, found, at + 3)) {
    line += lineBreaks(text, pos, at);
    pos = at;
    let nl = text.indexOf('\n', at);
    if (nl < 0) nl = text.length;
    if (text.charCodeAt(at) === 45) {
      const rest = goTrimSpace(text.slice(at + 3, nl));
      const bad = rest !== '' && rest[0] !== '#';
      push(at, bad ? line : undefined);
      // after a --- kept in the document it opened, the next --- ends that document (it is not empty) and is dropped
      opened = start === at && !opened;
      glued = opened && !markerLine(text, at + 3, nl) ? line : undefined;
      // where kubectl's reader keeps the --- line, yaml.v2 reads what follows a lone CR, NEL, LS or PS on it as lines of the document
      const kept = opened && !bad && glued === undefined && contentLine(text, at + 3, nl);
      start = kept ? at + 3 : nl + 1;
      startLine = kept ? line : line + 1;
      cut = -1;
    } else if (cut < 0 && /^\.\.\.(?:[ \t]+(?:#.*)?)?\r?$/.test(text.slice(at, nl))) {
      // (a marker only where a blank or the line's end follows it, as for ---: `...#` is text to yaml.v2)
      cut = at;
      cutLine = line;
    }
  }
  push(text.length);
  return out;
}

/**
 * The next place of each of a few texts in a text, from positions that
 * only grow: each is searched for again only once passed, so finding them
 * all through the text takes one search each.
 */
class NextFound {
  private readonly found = new Map<string, number>();

  constructor(private readonly text: string) {}

  /** Where `what` is next found at or after `from`, or -1. */
  next(what: string, from: number): number {
    const at = this.found.get(what);
    if (at !== undefined && (at < 0 || at >= from)) return at;
    const next = this.text.indexOf(what, from);
    this.found.set(what, next);
    return next;
  }
}

/** The start of the first line at or after `from` that starts with `---` or `...`, or -1 (`from` only grows). */
function nextMarkerLine(text: string, found: NextFound, from: number): number {
  const start = (marker: string) => {
    if (from === 0 && text.startsWith(marker)) return 0;
    const i = found.next(`\n${marker}`, Math.max(0, from - 1));
    return i < 0 ? -1 : i + 1;
  };
  const dashes = start('---');
  const dots = start('...');
  return dashes < 0 ? dots : dots < 0 || dashes < dots ? dashes : dots;
}

/** How many line breaks text[from, to) holds. */
function lineBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Whether a character ends a line to yaml.v2 (is_break): LF, CR, NEL, LS and PS. */
function yamlBreak(c: number): boolean {
  return c === 10 || c === 13 || c === 0x85 || c === 0x2028 || c === 0x2029;
}

/**
 * Whether the line text[from, end) holds more than blanks (spaces, tabs)
 * and comments. A comment ends at any line break yaml.v2 knows, a lone CR,
 * NEL, LS or PS as well as LF: what follows one within the line is read,
 * and is content where it is not blanks and a comment again.
 */
function contentLine(text: string, from: number, end: number): boolean {
  let i = from;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || yamlBreak(c)) i++;
    else if (c === 35) while (i < end && !yamlBreak(text.charCodeAt(i))) i++;
    else return true;
  }
  return false;
}

/** Whether text[from, to), whole lines, holds a line other than blanks and a comment. */
function hasContent(text: string, from: number, to: number): boolean {
  for (let pos = from; pos < to; ) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0 || nl > to) nl = to;
    if (contentLine(text, pos, nl)) return true;
    pos = nl + 1;
  }
  return false;
}

/** The 0-based line of the first line with content after a `...` line at `cut` (line `cutLine`) and before `end`, or undefined. */
function contentAfterCut(text: string, cut: number, end: number, cutLine: number): number | undefined {
  let line = cutLine;
  let pos = text.indexOf('\n', cut);
  while (pos >= 0 && pos + 1 < end) {
    pos++;
    line++;
    let nl = text.indexOf('\n', pos);
    if (nl < 0 || nl > end) nl = end;
    const row = text.slice(pos, nl);
    if (/\S/.test(row) && !/^\s*#/.test(row)) return line;
    pos = nl;
  }
  return undefined;
}

/**
 * The characters of a document's text outside blank and comment-only
 * lines, which count against the limit of a file's size: those lines need
 * no parsing.
 */
export function contentBytes(text: string): number {
  let bytes = 0;
  for (let pos = 0; pos < text.length; ) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = text.length;
    // the line and its line break, where it has one
    if (contentLine(text, pos, nl)) bytes += Math.min(nl + 1, text.length) - pos;
    pos = nl + 1;
  }
  return bytes;
}

/** What yaml.v2 takes for a blank or a line break after `---` (is_blankz): space, tab, CR, NEL, LS, PS. */
const YAML_BLANK = new Set([32, 9, 13, 0x85, 0x2028, 0x2029]);

/**
 * Whether the rest of a --- line (text[from, end)) leaves it a document
 * marker to yaml.v2: nothing, or blanks and then at most a comment. Where
 * kubectl's splitter keeps the line in the document it opens, anything
 * else there (`---#`, a no-break space or \f after `--- `, which Go's
 * TrimSpace let through) is text, and the document is refused.
 */
function markerLine(text: string, from: number, end: number): boolean {
  if (from >= end) return true;
  if (!YAML_BLANK.has(text.charCodeAt(from))) return false;
  for (let i = from + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 35) return true;
    if (!YAML_BLANK.has(c)) return false;
  }
  return true;
}

/** Whether a character is white space to Go's unicode.IsSpace, which strings.TrimSpace strips (a byte order mark is not; NEL is). */
function goSpace(c: number): boolean {
  return (c >= 9 && c <= 13) || c === 32 || c === 0x85 || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** A text with the white space Go's strings.TrimSpace strips taken off both ends (kubectl's splitter trims a --- line's rest so). */
function goTrimSpace(text: string): string {
  let a = 0;
  let b = text.length;
  while (a < b && goSpace(text.charCodeAt(a))) a++;
  while (b > a && goSpace(text.charCodeAt(b - 1))) b--;
  return text.slice(a, b);
}

/** A tag of our own for plain scalars that resolve to something other than a string. */
const GO_TAG = 'tag:reachdiff,2024:resolved';
/** Merge keys become keys of their own, unique per occurrence, and are applied after parsing. */
const MERGE_PREFIX = '\u0000<<';

/** The last plain scalar resolved: js-yaml calls resolve and then construct for the same scalar, and the listener closes it next. */
let lastScalar: GoScalar = { type: 'null', value: null };
let lastText = '';
const MERGE: GoScalar = { type: 'string', value: '<<' };

const goScalar = new Type(GO_TAG, {
  kind: 'scalar',
  resolve(data: string): boolean {
    const c = data.charCodeAt(0);
    if (c === 60 && data === '<<') {
      lastScalar = MERGE;
      lastText = data;
      return true;
    }
    const s = resolvedPlain(data);
    if (s === undefined) return false;
    lastScalar = s;
    lastText = data;
    return true;
  },
  construct: () => {
    goLast = true;
    return lastScalar.value;
  },
});

/**
 * Whether a plain scalar this schema resolved was the last node read since
 * a node was opened. A tag
 * alone on its line (`port: !!int` with `80` on the next) reaches its type
 * with the value js-yaml already resolved, not the text: the text is then
 * that scalar's (yaml.v2 reads such a node as if tag and text shared a line).
 */
let goLast = false;

/** The text of a scalar an explicit tag applies to: as written, or where js-yaml resolved it already, the text it resolved. */
function scalarText(data: unknown): string {
  if (typeof data === 'string') return data;
  if (data === null || data === undefined) return goLast ? lastText : '';
  return lastText;
}

const standard = (name: string) =>
  new Type(`tag:yaml.org,2002:${name}`, { kind: 'scalar', resolve: () => true, construct: (data: unknown) => resolveTagged(name, scalarText(data)) });
/** Any other tag: yaml.v2 reads a scalar with an unknown tag as its text, and ignores tags on collections. */
const anyTag = (kind: 'scalar' | 'sequence' | 'mapping') =>
  new Type('', { kind, multi: true, resolve: () => true, construct: (data: unknown) => (kind === 'scalar' ? scalarText(data) : data) });

const SCHEMA = new Schema({
  implicit: [goScalar],
  explicit: [
    new Type('tag:yaml.org,2002:str', { kind: 'scalar', construct: (data: unknown) => scalarText(data) }),
    new Type('tag:yaml.org,2002:seq', { kind: 'sequence', construct: (data: unknown[] | null) => data ?? '' }),
    new Type('tag:yaml.org,2002:map', { kind: 'mapping', construct: (data: object | null) => data ?? '' }),
    ...['int', 'float', 'bool', 'null', 'binary', 'timestamp'].map(standard),
    anyTag('scalar'),
    anyTag('sequence'),
    anyTag('mapping'),
  ],
});

/** js-yaml's parser state, with the node's tag and anchor it keeps but does not declare. */
type State = JsYamlState & { tag: string | null; anchor: string | null; anchorMap: Record<string, unknown> };

interface Positions {
  /** Offset within the document's text where each mapping and sequence was opened. */
  readonly offsets: Map<object, number>;
  mergeKeys: number;
}

/**
 * Follows js-yaml's node events: records where each collection starts,
 * counts nodes with aliases expanded, bounds the depth aliases reach, and
 * turns plain scalar keys into the JSON keys kubectl makes.
 */
class Listener implements Positions {
  readonly offsets = new Map<object, number>();
  mergeKeys = 0;
  /** A mapping holds the key "null": js-yaml's text of a null key, which kubectl refuses, or a quoted "null". */
  nullKey = false;
  /** A key resolved to other than a string (`1.0`, `true`): it may make the JSON key of another key written otherwise. */
  typedKeys = false;
  private nodes = 0;
  /** The nodes yaml.v2 has decoded so far, in its order (the document's own node first), and how many of them under an alias: see aliasRatio. */
  private decodes = 1;
  private aliasDecodes = 0;
  /** The nodes yaml.v2 decodes for what has been read, in any order, and that count where each open node started: an anchored node's decodes are what an alias of it decodes again. */
  private total = 1;
  private readonly totalAt: number[] = [];
  /**
   * Merge keys' values being read, innermost last: what they add to the
   * decodes (pairs of nodes and nodes under an alias), and where each of
   * their items starts. yaml.v2 decodes a sequence of mappings to merge
   * from its last item to its first, and not the sequence itself.
   */
  private readonly merges: Array<{ readonly depth: number; readonly steps: number[]; readonly items: number[] }> = [];
  private readonly openAt: number[] = [];
  private readonly nodesAt: number[] = [];
  private readonly deepestAt: number[] = [];
  /** By depth of an open node: the collections (and aliases of them) read inside it, each followed by the line it ended on. */
  private readonly inside: Array<unknown[] | undefined> = [];
  private deepest = 0;
  /** By depth of an open mapping that holds a merge key: its keys as written from the first merge key on, repeats included. */
  private readonly keysAt: Array<string[] | undefined> = [];
  /** The depth of the value of the merge key just read, until that value is read: -1 where none is pending. */
  private mergeValueAt = -1;
  /** By depth of an open node: whether it is the value of a merge key, whose mappings' entries join the mapping that holds the key. */
  private readonly mergeValueOpen: boolean[] = [];
  /** The keys of each mapping that holds a merge key, from the first merge key on, in the order they are written, for applyMerges. */
  readonly keyOrder = new Map<object, readonly string[]>();
  /** Where the node that last defined each anchor started, and its value. */
  private readonly anchorStarts = new Map<string, { start: number; value: unknown }>();
  /** Nodes and height of anchored collections, for the aliases that repeat them. */
  private readonly anchored = new Map<object, { nodes: number; decodes: number; height: number }>();

  /** Whether the text holds a backslash: only then may a double-quoted scalar hold an escape yaml.v2 refuses. */
  private readonly escapes: boolean;

  /** Whether the text holds a `?`, or a `:` right before a flow indicator or where a node may start, which yaml.v2 reads otherwise in flow collections. */
  private readonly flowMarks: boolean;

  /** Whether the text holds a `&` or a `!`: only then may a key have an anchor or a tag before it. */
  private readonly properties: boolean;

  constructor(
    private readonly text: string,
    private readonly limits: Limits,
  ) {
    this.escapes = text.indexOf('\\') >= 0;
    this.flowMarks = /\?|:[,[\]{}]|[[{,:][ \t\n]*(?:[!&][^ \t\n]*[ \t\n]+)*:/.test(text);
    this.properties = text.indexOf('&') >= 0 || text.indexOf('!') >= 0;
  }

  /**
   * Why yaml.v2 reads the plain scalar just read otherwise, where it is in a
   * flow collection (its parent, still open, starts with `[` or `{`), or
   * undefined. In a flow collection yaml.v2 ends a plain scalar at `?` and
   * takes a `?` or `:` that starts one as an indicator; and it ends one at a
   * `:` only where a blank follows, so that in `{k:[1]}` or `{k:}` the `:`
   * is part of the scalar (scannerc.go, yaml_parser_scan_plain_scalar and
   * yaml_parser_fetch_next_token), where js-yaml (YAML 1.2) ends the scalar
   * at a `:` before a flow indicator too.
   */
  private flowPlain(start: number, end: number): string | undefined {
    const text = this.text;
    const first = nodeContent(text, start, end);
    const c = text.charCodeAt(first);
    if (first >= end || c === 34 || c === 39 || c === 124 || c === 62) return undefined;
    const parent = text.charCodeAt(nodeContent(text, this.openAt[this.openAt.length - 1]!, end));
    if (parent !== 91 && parent !== 123) return undefined;
    if (c === 58) {
      return 'in a flow collection kubectl\'s reader (yaml.v2) takes a `:` that starts a plain scalar for a value indicator, so it refuses the document ("did not find expected node content") or makes a key of what comes before; quote the scalar';
    }
    if (text.slice(first, end).indexOf('?') >= 0) {
      return 'in a flow collection kubectl\'s reader (yaml.v2) ends a plain scalar at a `?`, and takes a `?` that starts one for a key indicator, so it reads this scalar otherwise than YAML 1.2 does (it refuses the document or makes another value of it); quote the scalar';
    }
    const after = text.charCodeAt(end + 1);
    if (text.charCodeAt(end) === 58 && (after === 44 || after === 91 || after === 93 || after === 123 || after === 125)) {
      return 'in a flow collection kubectl\'s reader (yaml.v2) takes a `:` that a flow indicator (`,[]{}`) follows at once for part of a plain scalar, not the end of a key, so it reads this scalar otherwise than YAML 1.2 does (it refuses the document or makes another key of it); put a space after the `:`';
    }
    return undefined;
  }

  readonly listen = (event: 'open' | 'close', jsState: JsYamlState): void => {
    const state = jsState as State;
    if (event === 'open') {
      goLast = false;
      // yaml.v2 decodes the nodes in the order they open (keys before their values)
      const opening = this.openAt.length + 1;
      this.mergeValueOpen[opening] = this.mergeValueAt === opening;
      if (this.mergeValueAt === opening) this.merges.push({ depth: opening, steps: [], items: [] });
      const merge = this.merges[this.merges.length - 1];
      if (merge?.depth === opening - 1) merge.items.push(merge.steps.length);
      this.totalAt.push(this.total);
      this.decoded(1, 0, state);
      this.openAt.push(state.position);
      this.nodesAt.push(this.nodes);
      this.deepestAt.push(this.deepest);
      this.inside[this.openAt.length] = undefined;
      this.keysAt[this.openAt.length] = undefined;
      this.deepest = this.openAt.length;
      return;
    }
    if (state.tag === '!' && state.result === null && state.kind === null) {
      // an empty node with the non-specific tag: yaml.v2 keeps the text of a scalar whose tag it does not resolve, "", where js-yaml reads null
      state.result = '';
      if (state.anchor !== null) state.anchorMap[state.anchor] = '';
    }
    const depth = this.openAt.length;
    const start = this.openAt.pop()!;
    const totalBefore = this.totalAt.pop()!;
    const nodesBefore = this.nodesAt.pop()!;
    const deepestBefore = this.deepestAt.pop()!;
    const inside = this.inside[depth];
    let deepest = this.deepest;
    const result: unknown = state.result;
    const kind = state.kind;
    this.nodes++;
    if (kind === 'mapping' || kind === 'sequence') {
      if (inside) collectionKey(result as object, kind, inside);
      if (kind === 'mapping' && !this.nullKey && Object.prototype.hasOwnProperty.call(result, 'null')) this.nullKey = true;
      if (depth > 1) (this.inside[depth - 1] ??= []).push(result, state.line);
      this.offsets.set(result as object, start);
      const keys = this.keysAt[depth];
      if (keys && kind === 'mapping') this.keyOrder.set(result as object, keys);
      if (state.anchor !== null) {
        this.anchored.set(result as object, { nodes: this.nodes - nodesBefore, decodes: this.total - totalBefore, height: deepest - depth });
      }
      if (this.isKey(state, true)) throw new ConversionError(COLLECTION_KEY, state.line);
    } else if (kind === null && typeof result === 'object' && result !== null) {
      // an alias repeats its anchor's nodes, as deep as they go
      const target = this.anchored.get(result);
      if (!target) throw new LimitError('an alias refers to the collection that holds it');
      if (depth > 1) (this.inside[depth - 1] ??= []).push(result, state.line);
      this.nodes += target.nodes;
      // yaml.v2 decodes the anchored node again, each node of it (and of the aliases in it) under an alias
      this.decoded(target.decodes, target.decodes, state);
      if (depth + target.height > deepest) deepest = depth + target.height;
    } else if (kind === 'scalar') {
      const why = (this.escapes ? refusedEscape(this.text, start, state.position) : undefined) ?? (this.flowMarks && depth > 1 ? this.flowPlain(start, state.position) : undefined);
      if (why) throw new ConversionError(`YAML syntax: ${why}`, state.line);
      if (this.properties && this.isKey(state, false)) {
        const at = nodeContent(this.text, start, state.position);
        if (propertiesAfterValue(this.text, at)) throw new ConversionError(PROPERTIES_AFTER_VALUE, lineAt(this.text, at));
      }
      // a key is looked at closely only where it may be long (an anchor and a tag before it count: more than 512 characters)
      if (state.position - start > (this.properties ? 512 : MAX_KEY) && this.isKey(state, false)) {
        const at = keyStart(this.text, nodeContent(this.text, start, state.position));
        let colon = state.position;
        while (this.text.charCodeAt(colon) === 32 || this.text.charCodeAt(colon) === 9) colon++;
        if (codePoints(this.text, at, colon) > MAX_KEY) throw new ConversionError(LONG_KEY, lineAt(this.text, at));
      }
    }
    if (state.anchor !== null) {
      // yaml.v2 ends an anchor's name at a blank or at one of ?:,]}%@` only: `&a[1]` is refused
      const at = this.text.indexOf(`&${state.anchor}`, start);
      const after = at < 0 ? -1 : this.text.charCodeAt(at + 1 + state.anchor.length);
      if (!ANCHOR_NAME.test(state.anchor) || after === 91 || after === 123) throw new ConversionError(anchorNameWhy('anchor', state.anchor), lineAt(this.text, at < 0 ? start : at));
      // yaml.v2 records an anchor where its node starts, js-yaml where it ends: of an anchor defined again inside its own
      // node (a: &s then b: &s 1), the inner one is what later aliases repeat. (Inside: past the node's own properties,
      // where js-yaml may have read them first as a key's, in a reading it dropped)
      const inner = this.anchorStarts.get(state.anchor);
      if (inner !== undefined && inner.start > start && inner.start > nodeContent(this.text, start, state.position)) state.anchorMap[state.anchor] = inner.value;
      else this.anchorStarts.set(state.anchor, { start, value: state.result });
    }
    if (this.merges[this.merges.length - 1]?.depth === depth) this.merged(kind, state);
    if (this.mergeValueAt === depth) {
      // yaml.v2 merges an alias only of a mapping (a list of mappings is merged only written out, of aliases)
      this.mergeValueAt = -1;
      if (kind === null && Array.isArray(result)) {
        throw new ConversionError('YAML syntax: a merge key (<<) whose value is an alias of a sequence, which kubectl refuses ("map merge requires map or sequence of maps as the value"); write the sequence out, of aliases of mappings', lineAt(this.text, nodeContent(this.text, start, state.position)));
      }
    }
    if (kind === null && result === null && this.text.charCodeAt(nodeContent(this.text, start, state.position)) === 42) {
      // an alias of a null: yaml.v2 decodes it again under the alias
      this.decoded(1, 1, state);
    }
    if (kind === null && result !== null) {
      // an alias (an empty node has no result): its name is what js-yaml reads after the *, up to a blank or a flow indicator
      const at = nodeContent(this.text, start, state.position);
      if (typeof result !== 'object') {
        // of a scalar: yaml.v2 decodes it again under the alias
        this.decoded(1, 1, state);
      }
      const name = /^[^ \t\r\n,[\]{}]*/.exec(this.text.slice(at + 1, state.position))![0];
      if (this.text.charCodeAt(at) === 42 && !ANCHOR_NAME.test(name)) throw new ConversionError(anchorNameWhy('alias', name), lineAt(this.text, at));
    }
    if (state.tag === GO_TAG) {
      try {
        if (this.isKey(state, false)) {
          state.result = lastScalar === MERGE ? `${MERGE_PREFIX}${this.mergeKeys++}` : keyText(lastScalar);
          if (lastScalar !== MERGE) this.typedKeys = true;
          if (lastScalar === MERGE) {
            // yaml.v2 does not decode a merge key, only its value
            this.decoded(-1, 0, state);
            if (depth > 1) this.keysAt[depth - 1] ??= [];
            this.mergeValueAt = depth;
          }
        } else {
          jsonValue(lastScalar, lastText);
        }
      } catch (e) {
        if (e instanceof ConversionError) e.line ??= state.line;
        throw e;
      }
    }
    // from a mapping's first merge key on, its keys as they come
    const recording = depth > 1 ? this.keysAt[depth - 1] : undefined;
    if (recording && typeof state.result === 'string' && this.isKey(state, false)) recording.push(state.result);
    if (this.nodes > this.limits.maxDocumentNodes) {
      throw new LimitError(`document expands to more than ${this.limits.maxDocumentNodes.toLocaleString('en-US')} nodes (an alias bomb?)`);
    }
    if (this.mergeValueOpen[depth]) {
      // a merge key's value nests nothing: the entries of its mapping (or of the mappings its sequence lists) join the
      // mapping that holds the key, one level up (two from a sequence's items), so a chain of merges stays flat
      deepest = Math.max(depth - 1, deepest - (kind === 'sequence' ? 2 : 1));
    }
    // js-yaml counts the root as depth 1 and stops at its own maxDepth; aliases it does not follow
    if (deepest > this.limits.maxDepth + 1) throw new LimitError(`document nests deeper than ${this.limits.maxDepth} levels`);
    this.deepest = deepest > deepestBefore ? deepest : deepestBefore;
  };

  /**
   * Fails as yaml.v2 does where aliases make up too much of what it has
   * decoded so far (decode.go, unmarshal and allowedAliasRatio: past 100
   * nodes under aliases and 1,000 in all, 99% of them up to 400,000 nodes,
   * then a share falling to 10% at 4,000,000): kubectl refuses the
   * document ("document contains excessive aliasing"). Within an alias's
   * nodes the share only grows, so it is enough to look after each alias
   * and at each node outside one.
   */
  /**
   * Counts nodes yaml.v2 decodes (and how many of them under an alias), and
   * looks at their share; inside a merge key's value, only once it is read,
   * in yaml.v2's order.
   */
  private decoded(nodes: number, aliased: number, state: State): void {
    this.total += nodes;
    const merge = this.merges[this.merges.length - 1];
    if (merge) merge.steps.push(nodes, aliased);
    else this.count(nodes, aliased, state);
  }

  private count(nodes: number, aliased: number, state: State): void {
    this.decodes += nodes;
    this.aliasDecodes += aliased;
    if (nodes > 0 && this.aliasDecodes > 100) this.aliasRatio(state);
  }

  /** Once a merge key's value is read: its decodes in yaml.v2's order, a sequence's items last to first, without the sequence itself. */
  private merged(kind: string | null, state: State): void {
    const { steps, items } = this.merges.pop()!;
    const replay = (from: number, to: number) => {
      for (let i = from; i < to; i += 2) {
        const merge = this.merges[this.merges.length - 1];
        if (merge) merge.steps.push(steps[i]!, steps[i + 1]!);
        else this.count(steps[i]!, steps[i + 1]!, state);
      }
    };
    if (kind !== 'sequence') {
      replay(0, steps.length);
      return;
    }
    // the sequence's own node (its first step) is not decoded
    this.total -= 1;
    for (let k = items.length - 1; k >= 0; k--) replay(items[k]!, k + 1 < items.length ? items[k + 1]! : steps.length);
  }

  private aliasRatio(state: State): void {
    const a = this.aliasDecodes;
    const d = this.decodes;
    if (a <= 100 || d <= 1000) return;
    const allowed = d <= 400_000 ? 0.99 : d >= 4_000_000 ? 0.1 : 0.99 - (0.89 * (d - 400_000)) / 3_600_000;
    if (a / d > allowed) {
      throw new ConversionError(`YAML syntax: aliases make up ${((100 * a) / d).toFixed(1)}% of the ${d.toLocaleString('en-US')} nodes kubectl's reader (yaml.v2) has decoded here, more than it allows (${(100 * allowed).toFixed(1)}%), so it refuses the document ("document contains excessive aliasing"); write the repeated parts out`, state.line);
    }
  }

  /** True when the node just read is an implicit key: a `:` follows it on its line. */
  private isKey(state: State, collection: boolean): boolean {
    const text = this.text;
    let i = state.position;
    if (collection) {
      const before = text.charCodeAt(i - 1);
      if (before !== 93 && before !== 125) return false;
    }
    let c = text.charCodeAt(i);
    while (c === 32 || c === 9) c = text.charCodeAt(++i);
    return c === 58;
  }
}

/**
 * Fails where a collection read inside a mapping or sequence is not one of
 * its values: it was a key (`? [a, b]`, `{{cell}}`, `[{a}: 1]`), which
 * js-yaml turns into text and kubectl refuses ("invalid map key"). A value
 * a repeated key replaced is not one either; a key is told from it by the
 * text js-yaml made of it, which the mapping then holds.
 */
function collectionKey(node: object, kind: 'mapping' | 'sequence', inside: readonly unknown[]): void {
  if (kind === 'sequence') {
    // elements come in the order they were read: one pass
    const items = node as unknown[];
    let i = 0;
    for (let k = 0; k < inside.length; k += 2) {
      const child = inside[k] as object;
      // js-yaml may report one node twice, nested in itself (a flow collection as a block entry)
      if (child === node) continue;
      let j = i;
      while (j < items.length && items[j] !== child) j++;
      if (j < items.length) {
        i = j;
        continue;
      }
      // a pair in a flow sequence ([a: {b: 1}]) is a mapping js-yaml makes without a node: the child is its value or its key
      const pairs = items.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x));
      if (pairs.some((m) => holds(m, child))) continue;
      const text = jsYamlKey(child);
      if (text !== undefined && pairs.some((m) => Object.prototype.hasOwnProperty.call(m, text))) throw new ConversionError(COLLECTION_KEY, inside[k + 1] as number);
    }
    return;
  }
  const map = node as Record<string, unknown>;
  const values = inside.length > 16 ? new Set(Object.values(map)) : undefined;
  for (let k = 0; k < inside.length; k += 2) {
    const child = inside[k] as object;
    if (child === node || (values ? values.has(child) : holds(map, child))) continue;
    const text = jsYamlKey(child);
    if (text !== undefined && Object.prototype.hasOwnProperty.call(map, text)) throw new ConversionError(COLLECTION_KEY, inside[k + 1] as number);
  }
}

function holds(map: Record<string, unknown>, value: unknown): boolean {
  for (const key in map) if (map[key] === value) return true;
  return false;
}

const COLLECTION_KEY = 'a mapping or sequence is used as a mapping key, which kubectl cannot convert to JSON';

/** The text js-yaml makes of a collection used as a key; undefined for a sequence holding one, which js-yaml refuses as a key ("nested arrays are not supported inside keys"). */
function jsYamlKey(key: object): string | undefined {
  if (!Array.isArray(key)) return '[object Object]';
  if (key.some((k) => Array.isArray(k))) return undefined;
  return String(key.map((k: unknown) => (typeof k === 'object' && k !== null && !Array.isArray(k) ? '[object Object]' : k)));
}

/**
 * Applies merge keys as yaml.v2 does: in the order the mapping's keys are
 * written (`keyOrder` from the first merge key on; js-yaml keeps a
 * repeated key where it first stood),
 * so a merged value replaces a key written before the `<<` and a key
 * written after it replaces the merged value; of a list of mappings, the
 * earlier ones win. A repeated key's value is the last one written.
 */
function applyMerges(root: unknown, offsets: Map<object, number>, keyOrder: ReadonlyMap<object, readonly string[]>): unknown {
  const done = new Map<object, unknown>();
  const fix = (node: unknown): unknown => {
    if (typeof node !== 'object' || node === null) return node;
    const seen = done.get(node);
    if (seen !== undefined) return seen;
    if (Array.isArray(node)) {
      done.set(node, node);
      for (let i = 0; i < node.length; i++) node[i] = fix(node[i]);
      return node;
    }
    const obj = node as Record<string, unknown>;
    const keys = Object.keys(obj);
    if (!keys.some((k) => k.startsWith(MERGE_PREFIX))) {
      done.set(node, node);
      for (const k of keys) obj[k] = fix(obj[k]);
      return node;
    }
    const out: Record<string, unknown> = {};
    done.set(node, out);
    const offset = offsets.get(node);
    if (offset !== undefined) offsets.set(out, offset);
    const set = (k: string, v: unknown) => Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    // the keys before the first merge key come first, whatever their order among themselves; then the rest as written
    const order = keyOrder.get(node);
    for (const k of order ? [...keys.filter((key) => !key.startsWith(MERGE_PREFIX)), ...order] : keys) {
      const v = fix(obj[k]);
      if (!k.startsWith(MERGE_PREFIX)) {
        set(k, v);
        continue;
      }
      const sources = Array.isArray(v) ? [...v].reverse() : [v];
      for (const m of sources) {
        if (typeof m !== 'object' || m === null || Array.isArray(m)) {
          throw new ConversionError('a merge key (<<) needs a mapping or a list of mappings');
        }
        for (const [mk, mv] of Object.entries(m as Record<string, unknown>)) set(mk, mv);
      }
    }
    return out;
  };
  return fix(root);
}

/** Lines of a text, found when first asked. */
class LineIndex {
  private starts: number[] | undefined;
  /** `read`: the same text as the parser reads it (line breaks yaml.v2 knows made \n), for content(). */
  constructor(
    private readonly text: string,
    private readonly read: string = text,
  ) {}

  /** 0-based line of an offset. */
  line(offset: number): number {
    if (!this.starts) {
      const starts = [0];
      for (let i = this.text.indexOf('\n'); i >= 0; i = this.text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.starts = starts;
    }
    const s = this.starts;
    let lo = 0;
    let hi = s.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** The offset of the first character at or after `offset` that is not blank space or a comment. */
  content(offset: number): number {
    const text = this.read;
    let i = offset;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else if (c === 35) {
        const nl = text.indexOf('\n', i);
        if (nl < 0) return text.length;
        i = nl;
      } else return Math.min(i, text.length);
    }
  }
}

type Outcome =
  | {
      readonly value: unknown;
      readonly lineOf: (node: unknown) => number;
      readonly line: number;
      readonly duplicate?: number;
      /** The document has keys resolved to other than strings: a repeated key may be two keys written otherwise that make one JSON key. */
      readonly typedKeys?: true;
      /** More documents followed the first in the text (after a line break kubectl's splitter does not split at); they are not read. */
      readonly rest?: true;
    }
  | { readonly error: string; readonly line: number; readonly code: string };

/**
 * The offset of the first character yaml.v2's reader refuses anywhere in a
 * document, comments included, or -1 (readerc.go: only tab, line feed,
 * carriage return, printable ASCII, NEL and the printable ranges from
 * U+00A0 up are allowed); js-yaml takes some of them in comments and
 * quoted scalars.
 */
function refusedCharacter(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x20 && c <= 0x7e) || c === 9 || c === 10 || c === 13 || c === 0x85 || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd)) continue;
    // a surrogate pair: a character above U+FFFF
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        continue;
      }
    }
    return i;
  }
  return -1;
}

/** A line that may hold an empty block sequence item: dashes alone, or before a comment. */
const EMPTY_ITEM = /^ *(?:- +)*-[ \t]*(?:#.*)?$/m;

/**
 * The offsets of the `-` of the block sequence items of a document that
 * have no content (`-` alone, or before a comment), as the `yaml` package
 * parses the text: an item whose content is on the lines below is not
 * one, nor is a line of a block scalar. yaml.v2 reads such an item as null
 * and ends its sequence at a `-` less indented, where js-yaml reads that
 * `-` as the next item of the same sequence (readBlockSequence pushes the
 * null and reads on without comparing the indentation).
 */
function emptyItems(text: string): number[] {
  const out: number[] = [];
  const walk = (token: unknown, depth: number): void => {
    if (typeof token !== 'object' || token === null || depth > 200) return;
    if (Array.isArray(token)) {
      for (const t of token) walk(t, depth + 1);
      return;
    }
    const t = token as { type?: string; items?: Array<{ start: Array<{ type: string; offset: number }>; value?: unknown; key?: unknown; sep?: unknown }> };
    if (t.type === 'block-seq') {
      for (const item of t.items ?? []) {
        if (item.value !== undefined || item.key !== undefined || item.sep !== undefined) continue;
        // only white space, line breaks and comments around the dash: an anchor or a tag alone is an item of its own
        if (!item.start.every((s) => s.type === 'seq-item-ind' || s.type === 'space' || s.type === 'comment' || s.type === 'newline')) continue;
        const dash = item.start.filter((s) => s.type === 'seq-item-ind');
        if (dash.length === 1) out.push(dash[0]!.offset);
      }
    }
    for (const key in token) if (key !== 'source' && key !== 'type' && key !== 'offset') walk((token as Record<string, unknown>)[key], depth + 1);
  };
  try {
    for (const token of new Parser().parse(text)) walk(token, 0);
  } catch {
    return [];
  }
  return out.sort((a, b) => a - b);
}

/** Parses one YAML document's text. */
function parseYaml(doc: DocumentText, limits: Limits, fast: boolean): Outcome {
  if (doc.glued !== undefined) {
    return {
      error: 'YAML syntax: the --- line that opens this document has something other than a space or a tab right after the dashes, or other than blanks before its comment (a # at once, a space of Unicode\'s, a form feed), so it is not a document marker: kubectl\'s reader passes that line on with the document, where it is text, and kubectl refuses the document (write --- alone, or --- # comment)',
      line: doc.glued + 1,
      code: Codes.syntax,
    };
  }
  // yaml.v2 drops a byte order mark only at the start of what it reads
  const written = doc.text.charCodeAt(0) === 0xfeff && !doc.opened ? doc.text.slice(1) : doc.text;
  const ascii = !NOT_ASCII_TEXT.test(written);
  const refused = ascii ? -1 : refusedCharacter(written);
  if (refused >= 0) {
    const code = written.charCodeAt(refused).toString(16).toUpperCase().padStart(4, '0');
    const line = doc.firstLine + written.slice(0, refused).split('\n').length;
    return { error: `YAML syntax: control characters are not allowed (U+${code}), in comments too, and kubectl refuses the document`, line, code: Codes.syntax };
  }
  if (written.indexOf('\t') >= 0) {
    const tab = tabProblem(written);
    if (tab) return { error: `YAML syntax: ${tab.why}, which kubectl refuses`, line: doc.firstLine + tab.line + 1, code: Codes.syntax };
  }
  const quick = fast ? readFast(written, limits, ascii) : undefined;
  if (quick) {
    const { value, lines: at } = quick;
    const docLine = doc.firstLine + quick.first + 1;
    const lineOf = (node: unknown) => {
      const line = typeof node === 'object' && node !== null ? at.get(node) : undefined;
      return line === undefined ? docLine : doc.firstLine + line + 1;
    };
    return { value, lineOf, line: docLine };
  }
  // yaml.v2 ends a line at NEL, LS and PS too (scannerc.go, is_break), where YAML 1.2 and js-yaml
  // read on: a rule after "# comment<U+2028>" is one kubectl applies. One character for one, so
  // offsets hold; lines are still counted at \n, as editors show them.
  const text = !ascii && /[\u0085\u2028\u2029]/.test(written) ? written.replace(/[\u0085\u2028\u2029]/g, '\n') : written;
  const lines = new LineIndex(written, text);
  const docLine = doc.firstLine + lines.line(lines.content(0)) + 1;
  let rest = false;
  // yaml.v2 reads \' in a double-quoted scalar as ', an escape js-yaml does not know: each one js-yaml stops at is
  // written \x27, two characters longer, in the text it reads, and offsets past it are taken back. So are the
  // escapes \n\ written at the end of each blank line after an escaped line break (EscapedBreak)
  let read = text;
  /** Where the text js-yaml reads was made longer, and by how much, in the order it was done. */
  const widened: Array<readonly [number, number]> = [];
  // js-yaml takes the item after an empty one for the empty one's sequence where it belongs to an enclosing
  // sequence: such items are written `- null` for it to read
  const empty = EMPTY_ITEM.test(text) ? emptyItems(text) : [];
  for (let k = 0; k < empty.length; k++) {
    const at = empty[k]! + 1 + 5 * k;
    read = `${read.slice(0, at)} null${read.slice(at)}`;
    widened.push([at, 5]);
  }
  const once = (json: boolean) => {
    // js-yaml drops one byte order mark at the start (offsets count from after it): one kept as text goes in twice
    const input = read.charCodeAt(0) === 0xfeff ? `\ufeff${read}` : read;
    let listener = new Listener(read, limits);
    let value: unknown;
    try {
      value = load(input, { schema: SCHEMA, json, listener: listener.listen, maxDepth: limits.maxDepth + 1 } as Parameters<typeof load>[1]);
    } catch (e) {
      if (!isYamlError(e) || !e.message.startsWith('expected a single document')) throw e;
      // a lone CR before --- (a line break to YAML, not to kubectl's splitter): yaml.v2 decodes the first document only
      listener = new Listener(read, limits);
      value = loadAll(input, undefined, { schema: SCHEMA, json, listener: listener.listen, maxDepth: limits.maxDepth + 1 } as Parameters<typeof loadAll>[2])[0];
      rest = true;
    }
    // a null key without a ':' after it ({null}, ? ~) reaches js-yaml's text unseen: the yaml package tells it from "null"
    if (listener.nullKey) {
      const line = nullKeyLine(read);
      if (line !== undefined) throw new ConversionError('a mapping key is null, which kubectl cannot convert to JSON', line);
    }
    return { value: listener.mergeKeys > 0 ? applyMerges(value, listener.offsets, listener.keyOrder) : value, offsets: listener.offsets, typedKeys: listener.typedKeys };
  };
  const attempt = (json: boolean) => {
    for (;;) {
      try {
        return once(json);
      } catch (e) {
        if (e instanceof EscapedBreak) {
          for (let k = e.blankLines.length - 1; k >= 0; k--) {
            const at = e.blankLines[k]!;
            read = `${read.slice(0, at)}\\n\\${read.slice(at)}`;
          }
          for (let k = 0; k < e.blankLines.length; k++) widened.push([e.blankLines[k]! + 3 * k, 3]);
          continue;
        }
        const at = isYamlError(e) && e.reason === 'unknown escape sequence' ? e.mark.position - 1 : -1;
        if (at < 0 || read.charCodeAt(at) !== 92 || read.charCodeAt(at + 1) !== 39) throw e;
        read = `${read.slice(0, at)}\\x27${read.slice(at + 2)}`;
        widened.push([at, 2]);
      }
    }
  };
  /** An offset of the text js-yaml read, in `text`. */
  const unwiden = (offset: number): number => {
    let o = offset;
    for (let k = widened.length - 1; k >= 0; k--) {
      const [at, by] = widened[k]!;
      if (at < o) o -= by;
    }
    return o;
  };
  let duplicate: number | undefined;
  try {
    let parsed;
    try {
      parsed = attempt(false);
    } catch (e) {
      if (!isYamlError(e) || e.reason !== 'duplicated mapping key') throw e;
      // kubectl keeps the later value of a repeated key; js-yaml does so in its JSON mode
      duplicate = doc.firstLine + e.mark.line + 1;
      parsed = attempt(true);
    }
    const { value, offsets, typedKeys } = parsed;
    const lineOf = (node: unknown) => {
      const offset = typeof node === 'object' && node !== null ? offsets.get(node) : undefined;
      return offset === undefined ? docLine : doc.firstLine + lines.line(lines.content(unwiden(offset))) + 1;
    };
    return {
      value,
      lineOf,
      line: docLine,
      ...(duplicate !== undefined ? { duplicate, ...(typedKeys ? { typedKeys: true as const } : {}) } : {}),
      ...(rest ? { rest: true as const } : {}),
    };
  } catch (e) {
    if (e instanceof LimitError) return { error: e.message, line: docLine, code: Codes.limit };
    if (e instanceof ConversionError) return { error: e.message, line: e.line === undefined ? docLine : doc.firstLine + e.line + 1, code: Codes.syntax };
    if (e instanceof RangeError) return { error: 'document is too deeply nested to read', line: docLine, code: Codes.limit };
    if (isYamlError(e)) {
      if (e.reason.startsWith('nesting exceeded maxDepth')) return { error: `document nests deeper than ${limits.maxDepth} levels`, line: docLine, code: Codes.limit };
      return syntaxError(read, doc.firstLine) ?? { error: `YAML syntax: ${e.reason}`, line: e.mark ? doc.firstLine + e.mark.line + 1 : docLine, code: Codes.syntax };
    }
    throw e;
  }
}

/**
 * The `yaml` package's account of a document js-yaml refused: it names the
 * place where a construct starts (an unclosed bracket, say) rather than
 * where the text ran out. Undefined where it finds no error.
 */
function syntaxError(text: string, firstLine: number): { error: string; line: number; code: string } | undefined {
  try {
    const lineCounter = new LineCounter();
    const error = parseDocument(text, { lineCounter, version: '1.1', uniqueKeys: false }).errors[0];
    if (!error) return undefined;
    const message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    // an error at the end of the text belongs to its last line with content
    const lastLine = text.replace(/\s+$/, '').split('\n').length;
    return { error: `YAML syntax: ${message}`, line: firstLine + Math.min(lineCounter.linePos(error.pos[0]).line, lastLine), code: Codes.syntax };
  } catch {
    return undefined;
  }
}

/**
 * The 0-based line of the first mapping key of a document that is null as
 * yaml.v2 reads it (`~`, `null` in three capitalisations, or nothing, not
 * quoted and without a tag), if any.
 */
function nullKeyLine(text: string): number | undefined {
  const lineCounter = new LineCounter();
  let found: number | undefined;
  const document = parseDocument(text, { lineCounter, version: '1.1', uniqueKeys: false });
  const isNull = (key: unknown, depth = 0): boolean => {
    if (key === null) return true;
    // an alias is the node its anchor names (`? *n` where `n: &n ~`)
    if (isAlias(key)) return depth < 8 && isNull(key.resolve(document), depth + 1);
    if (!isScalar(key)) return false;
    // a !!null tag makes the scalar null whatever it holds (`? !!null`, `? !!null ''`)
    if (key.tag === 'tag:yaml.org,2002:null') return true;
    if (key.tag !== undefined || (key.type !== 'PLAIN' && key.type !== undefined)) return false;
    return key.source === '' || key.source === '~' || key.source === 'null' || key.source === 'Null' || key.source === 'NULL';
  };
  visit(document, {
    Pair(_, pair) {
      if (!isNull(pair.key)) return undefined;
      const at = isScalar(pair.key) && pair.key.range ? pair.key.range[0] : isNode(pair.value) && pair.value.range ? pair.value.range[0] : 0;
      found = lineCounter.linePos(at).line - 1;
      return visit.BREAK;
    },
  });
  return found;
}

/**
 * Why yaml.v2 refuses an escape of the double-quoted scalar whose node
 * spans text[start, end) (after any tag or anchor), or undefined: it knows
 * no `\/` (js-yaml does), and an escape of a surrogate (`\ud83d`, which
 * js-yaml pairs with the next) or past U+10FFFF is an error to it
 * (scannerc.go, yaml_parser_scan_flow_scalar). Not a double-quoted scalar:
 * undefined. An escaped line break followed by blank lines, which js-yaml
 * reads otherwise, throws EscapedBreak.
 */
function refusedEscape(text: string, start: number, end: number): string | undefined {
  const i = nodeContent(text, start, end);
  if (text.charCodeAt(i) !== 34) return undefined;
  // within the scalar only: a search for the next backslash of the document would make many scalars quadratic
  for (let j = i + 1; j < end; j++) {
    if (text.charCodeAt(j) !== 92) continue;
    const e = text[j + 1];
    if (e === '\n') {
      const blankLines = blankLinesAfter(text, j + 2, end);
      if (blankLines.length > 0) throw new EscapedBreak(blankLines);
      j++;
      continue;
    }
    if (e === '/') return 'the escape \\/ in a double-quoted scalar is not one of YAML 1.1\'s ("found unknown escape character"), which kubectl refuses';
    const digits = e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (digits === 0) {
      // the escaped character: \\ is one escape, not two
      j++;
      continue;
    }
    const hex = text.slice(j + 2, j + 2 + digits);
    if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length < digits) {
      j++;
      continue;
    }
    const code = Number.parseInt(hex, 16);
    if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) {
      return code > 0x10ffff
        ? `the escape \\${e}${hex} in a double-quoted scalar names no Unicode character ("found invalid Unicode character escape code"), which kubectl refuses`
        : `the escape \\${e}${hex} in a double-quoted scalar names half of a surrogate pair, not a character ("found invalid Unicode character escape code"), which kubectl refuses (escape the character itself, as \\U and eight digits)`;
    }
    j += 1 + digits;
  }
  return undefined;
}

/**
 * Whether the implicit key at `at` has an anchor or a tag before it on its
 * line, right after the `:` of another implicit key (`selector: &web
 * matchLabels: {app: web}`): yaml.v2 takes no key after such a `:` on the
 * same line (scannerc.go: a simple key is not allowed after a simple key's
 * value indicator, and an anchor or a tag does not allow one again), and
 * refuses the document ("mapping values are not allowed in this context"),
 * where js-yaml reads a mapping with the anchor or tag. After `-`, `?`, an
 * explicit key's `:` or at the start of a line, the anchor or tag is the
 * key's, to both.
 */
function propertiesAfterValue(text: string, at: number): boolean {
  let i = at;
  let properties = false;
  for (;;) {
    const end = i;
    while (i > 0 && (text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9)) i--;
    if (i === end || i === 0 || text.charCodeAt(i - 1) === 10) return false;
    const tokenEnd = i;
    while (i > 0 && !isBlankOrBreak(text.charCodeAt(i - 1))) i--;
    const c = text.charCodeAt(i);
    if (c === 38 || c === 33) {
      properties = true;
      continue;
    }
    if (!properties || text.charCodeAt(tokenEnd - 1) !== 58) return false;
    // a `:` with nothing before it on its line but indentation, `-` and `?` is an explicit key's: a key may follow it
    if (tokenEnd - i > 1) return true;
    for (let j = i - 1; j >= 0 && text.charCodeAt(j) !== 10; j--) {
      const d = text.charCodeAt(j);
      if (d !== 32 && d !== 9 && !((d === 45 || d === 63) && isBlankOrBreak(text.charCodeAt(j + 1)))) return true;
    }
    return false;
  }
}

function isBlankOrBreak(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

const PROPERTIES_AFTER_VALUE =
  'YAML syntax: an anchor or a tag, and then a mapping key, on the line of another key after its `:`, which kubectl\'s reader (yaml.v2) refuses: it takes no second key on that line, anchor or tag before it or not; put the anchor or tag after the `:` and the mapping on the next line';

/**
 * Thrown where a double-quoted scalar holds an escaped line break followed
 * by blank lines: yaml.v2 keeps each of them as a line feed (so does YAML
 * 1.2), where js-yaml drops them. The text is read again with the escape
 * `\n\` at the end of each of those lines (at the offsets given, before
 * its line break), which js-yaml reads as a line feed and an escaped line
 * break: the value yaml.v2 reads, with the same lines.
 */
class EscapedBreak extends Error {
  constructor(readonly blankLines: readonly number[]) {
    super('blank lines after an escaped line break');
  }
}

/** The offsets of the line breaks ending the lines of blanks alone that start at `from`, one after another, before `end`. */
function blankLinesAfter(text: string, from: number, end: number): number[] {
  const out: number[] = [];
  for (let k = from; ; ) {
    let m = k;
    while (m < end && (text.charCodeAt(m) === 32 || text.charCodeAt(m) === 9)) m++;
    if (m >= end || text.charCodeAt(m) !== 10) return out;
    out.push(m);
    k = m + 1;
  }
}

/**
 * The most characters from the start of an implicit key (its anchor or
 * tag, if any) to its `:` that yaml.v2 takes: past them a key is no longer
 * a possible simple key (scannerc.go, yaml_parser_stale_simple_keys), and
 * the document is refused.
 */
const MAX_KEY = 1024;

const LONG_KEY = `YAML syntax: a mapping key longer than ${MAX_KEY} characters (from its start, with any anchor or tag, to its \`:\`), which kubectl's reader (yaml.v2) does not take for a key, so kubectl refuses the document; write it as an explicit key (\`? key\` and \`: value\` on the next line)`;

/** Where the key whose own text starts at `at` starts, with the anchor and tag before it on its line (a property over 1,100 characters long is not looked for). */
function keyStart(text: string, at: number): number {
  let first = at;
  let i = at;
  for (;;) {
    while (i > 0 && (text.charCodeAt(i - 1) === 32 || text.charCodeAt(i - 1) === 9)) i--;
    if (i === first) return first;
    const end = i;
    while (i > 0 && end - i < 1100 && !isBlankOrBreak(text.charCodeAt(i - 1))) i--;
    const c = text.charCodeAt(i);
    if (i === end || (c !== 38 && c !== 33) || (i > 0 && !isBlankOrBreak(text.charCodeAt(i - 1)))) return first;
    first = i;
  }
}

/** How many characters (code points, as yaml.v2 counts them) text[from, to) holds. */
function codePoints(text: string, from: number, to: number): number {
  let n = to - from;
  for (let i = from; i < to - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) n--;
    }
  }
  return n;
}

/** The names yaml.v2 takes for an anchor or an alias (scannerc.go, yaml_parser_scan_anchor: is_alpha); js-yaml takes more. */
const ANCHOR_NAME = /^[0-9A-Za-z_-]+$/;

/** The 0-based line of an offset (for an error: a scan of the text). */
function lineAt(text: string, offset: number): number {
  let line = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function anchorNameWhy(what: 'anchor' | 'alias', name: string): string {
  return `YAML syntax: the ${what} name ${JSON.stringify(name)} holds, or is followed by, a character kubectl's reader (yaml.v2) does not take there (a name is letters, digits, "_" and "-", and ends at a blank), so kubectl refuses the document`;
}

/** Where a node's own text starts, at or after `start` (where js-yaml began it): past blanks, a tag and an anchor. */
function nodeContent(text: string, start: number, end: number): number {
  let i = start;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) i++;
    else if ((c === 33 || c === 38) && i < end) {
      while (i < end && !/[ \t\n\r]/.test(text[i]!)) i++;
    } else return i;
  }
}

function isYamlError(e: unknown): e is YAMLException {
  return e instanceof Error && e.name === 'YAMLException';
}

/** Go's unicode.IsSpace for the characters that may lead a JSON stream. */
const JSON_START = /^[\t\n\v\f\r \u0085\u00a0]*\{/;

const JSON_NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/**
 * The end of a JSON scalar starting at `start` (a string, a number, true,
 * false or null), or -1. Go's json.Decoder reads such values in a stream as
 * it reads objects, and kubectl skips a null and refuses the others as
 * objects it cannot decode, reading on (cli-runtime's StreamVisitor).
 */
function jsonScalarEnd(text: string, start: number): number {
  if (text.charCodeAt(start) === 34) {
    const close = jsonStringClose(text, start);
    return close < 0 ? -1 : close + 1;
  }
  for (const literal of ['null', 'true', 'false']) if (text.startsWith(literal, start)) return start + literal.length;
  JSON_NUMBER.lastIndex = start;
  return JSON_NUMBER.test(text) ? JSON_NUMBER.lastIndex : -1;
}

/** The offset of the quote that closes the JSON string opening at `start`, or -1 where none does. */
function jsonStringClose(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    const s = text.charCodeAt(i);
    if (s === 92) i++;
    else if (s === 34) return i;
  }
  return -1;
}

/** Where the JSON value starting at `start` ends, or -1 when it does not close. */
function jsonValueEnd(text: string, start: number): number {
  const c = text.charCodeAt(start);
  if (c !== 123 && c !== 91) return jsonScalarEnd(text, start);
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 34) {
      i = jsonStringClose(text, i);
      if (i < 0) return -1;
    } else if (ch === 123 || ch === 91) depth++;
    else if (ch === 125 || ch === 93) {
      if (--depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Lines of a JSON value's objects and arrays, and the line of a repeated key if any. */
export interface JsonLines {
  readonly lines: { get(node: object): number | undefined };
  readonly duplicate?: number;
  /** The line `end` is on: the first line plus the line breaks of the value. */
  readonly endLine: number;
}

/**
 * The lines of a JSON value's objects and arrays, as jsonLinesExact finds
 * them, in one quicker pass: strings are skipped with indexOf, keys are
 * sliced rather than parsed where they hold no escape, and repeated keys
 * are noticed by counting (an object holds fewer keys than its text
 * names); only then is the value walked again with every key kept, to say
 * where the repeat is. Without a repeat, each node is recorded once, in
 * the order a reading from the top meets it (NodeLines).
 */
export function jsonLines(text: string, start: number, end: number, value: unknown, firstLine: number, limits: Limits): JsonLines {
  const lines = new NodeLines();
  // the open objects and arrays: node, whether an object, index or key, keys named so far
  const nodes: Array<Record<string, unknown> | unknown[]> = [];
  const objects: boolean[] = [];
  const indexes: number[] = [];
  const keys: string[] = [];
  const named: number[] = [];
  let expectKey = false;
  let line = firstLine;
  let budget = limits.maxDocumentNodes;
  const tooMany = () => new LimitError(`document expands to more than ${limits.maxDocumentNodes.toLocaleString('en-US')} nodes`);
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    // (indentation first: most characters of a JSON text written for people)
    if (c === 32) continue;
    if (c === 10) {
      line++;
    } else if (c === 34) {
      // the closing quote: the next one not escaped by an odd run of backslashes
      let j = text.indexOf('"', i + 1);
      for (;;) {
        let k = j - 1;
        while (text.charCodeAt(k) === 92) k--;
        if ((j - 1 - k) % 2 === 0) break;
        j = text.indexOf('"', j + 1);
      }
      const depth = nodes.length;
      if (depth > 0 && expectKey) {
        const raw = text.slice(i + 1, j);
        keys[depth - 1] = raw.indexOf('\\') < 0 ? raw : (JSON.parse(text.slice(i, j + 1)) as string);
        named[depth - 1]!++;
        expectKey = false;
      } else if (--budget < 0) {
        throw tooMany();
      }
      i = j;
    } else if (c === 123 || c === 91) {
      if (--budget < 0) throw tooMany();
      const depth = nodes.length;
      if (depth >= limits.maxDepth) throw new LimitError(`document nests deeper than ${limits.maxDepth} levels`);
      const found = depth === 0 ? value : objects[depth - 1] ? (nodes[depth - 1] as Record<string, unknown>)[keys[depth - 1]!] : (nodes[depth - 1] as unknown[])[indexes[depth - 1]!];
      // under a repeated key the earlier value is gone (the later one may be of another kind); its lines are not needed
      const node = typeof found === 'object' && found !== null && Array.isArray(found) === (c === 91) ? (found as Record<string, unknown> | unknown[]) : c === 123 ? {} : [];
      lines.set(node, line);
      nodes.push(node);
      objects.push(c === 123);
      indexes.push(0);
      keys.push('');
      named.push(0);
      expectKey = c === 123;
    } else if (c === 125 || c === 93) {
      const node = nodes.pop()!;
      objects.pop();
      indexes.pop();
      keys.pop();
      const count = named.pop()!;
      if (c === 125) {
        let own = 0;
        for (const k in node) if (Object.prototype.hasOwnProperty.call(node, k)) own++;
        if (own < count) return jsonLinesExact(text, start, end, value, firstLine, limits);
      }
      expectKey = false;
    } else if (c === 44) {
      const top = nodes.length - 1;
      if (objects[top]) expectKey = true;
      else indexes[top]!++;
    }
  }
  return { lines, endLine: line };
}

/**
 * Walks a JSON value's text once beside its parsed value, recording the
 * line of every object and array, counting nodes and depth, and finding
 * repeated keys (JSON.parse keeps the later value, as Go does).
 */
export function jsonLinesExact(text: string, start: number, end: number, value: unknown, firstLine: number, limits: Limits): JsonLines {
  const lines = new Map<object, number>();
  interface Frame {
    readonly node: Record<string, unknown> | unknown[];
    readonly keys: Set<string> | undefined;
    index: number;
    key: string;
    expectKey: boolean;
  }
  const stack: Frame[] = [];
  let line = firstLine;
  let budget = limits.maxDocumentNodes;
  let duplicate: number | undefined;
  const child = (): unknown => {
    const top = stack[stack.length - 1];
    if (!top) return value;
    return Array.isArray(top.node) ? top.node[top.index] : top.node[top.key];
  };
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
    } else if (c === 34) {
      let j = i + 1;
      for (; j < end; j++) {
        const ch = text.charCodeAt(j);
        if (ch === 92) j++;
        else if (ch === 34) break;
      }
      const top = stack[stack.length - 1];
      if (top && top.expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys!.has(key)) duplicate ??= line + 1;
        top.keys!.add(key);
        top.key = key;
        top.expectKey = false;
      } else if (--budget < 0) {
        throw new LimitError(`document expands to more than ${limits.maxDocumentNodes.toLocaleString('en-US')} nodes`);
      }
      i = j;
    } else if (c === 123 || c === 91) {
      if (--budget < 0) throw new LimitError(`document expands to more than ${limits.maxDocumentNodes.toLocaleString('en-US')} nodes`);
      if (stack.length >= limits.maxDepth) throw new LimitError(`document nests deeper than ${limits.maxDepth} levels`);
      const found = child();
      // under a repeated key the earlier value is gone (the later one may be of another kind); its lines are not needed
      const node = typeof found === 'object' && found !== null && Array.isArray(found) === (c === 91) ? (found as Record<string, unknown> | unknown[]) : c === 123 ? {} : [];
      lines.set(node, line);
      stack.push({ node, keys: c === 123 ? new Set() : undefined, index: 0, key: '', expectKey: c === 123 });
    } else if (c === 125 || c === 93) {
      stack.pop();
    } else if (c === 44) {
      const top = stack[stack.length - 1]!;
      if (Array.isArray(top.node)) top.index++;
      else top.expectKey = true;
    }
  }
  return duplicate === undefined ? { lines, endLine: line } : { lines, duplicate, endLine: line };
}

class OutOfRange extends Error {}

/** Text that may hold a number JSON.parse makes infinite: an exponent of three digits or more, or a run of over 300 digits. */
const OUT_OF_RANGE_HINT = /\d[eE]\+?\d{3}|\d{300}/;

/** JSON's strings and numbers, for finding its numbers. */
const JSON_TOKEN = /"(?:[^"\\]|\\.)*"|-?[0-9][0-9.eE+-]*/g;

/**
 * Whether a number written in text[start, end), JSON, is beyond the range
 * of float64: Go's decoder refuses it wherever it stands, under a key
 * repeated later too, where the value JSON.parse keeps may not hold it.
 */
function numberOutOfRange(text: string, start: number, end: number): boolean {
  const json = text.slice(start, end);
  JSON_TOKEN.lastIndex = 0;
  for (let m = JSON_TOKEN.exec(json); m !== null; m = JSON_TOKEN.exec(json)) {
    if (m[0].charCodeAt(0) !== 34 && !Number.isFinite(Number(m[0]))) return true;
  }
  return false;
}

/** An escape of a surrogate in JSON: only where one is written may a string hold half a pair. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/**
 * A JSON value with each half of a surrogate pair that stands alone in a
 * string or a key (`"\ud800"`) made U+FFFD, as Go's decoder makes it, where
 * JSON.parse keeps it. Objects and arrays are changed in place (their
 * lines are known by them); a key so changed that another then repeats
 * keeps the later value, as Go does.
 */
function wellFormed(value: unknown): unknown {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? value.replace(LONE_SURROGATES, '\ufffd') : value;
  if (typeof value !== 'object' || value === null) return value;
  const set = (o: object, k: string | number, v: unknown) => Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      const w = wellFormed(v);
      if (w !== v) value[i] = w;
    }
    return value;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  if (keys.some((k) => LONE_SURROGATE.test(k))) {
    const entries = keys.map((k) => [k, obj[k]] as const);
    for (const k of keys) delete obj[k];
    for (const [k, v] of entries) set(obj, wellFormed(k) as string, wellFormed(v));
    return obj;
  }
  for (const k of keys) {
    const v = obj[k];
    const w = wellFormed(v);
    if (w !== v) set(obj, k, w);
  }
  return obj;
}

/**
 * Reads a stream of JSON values from the start of `text`, as Go's
 * json.Decoder does. Returns the documents read, and where YAML takes over
 * when the first or second value does not parse (kubectl then reads the
 * rest as YAML), or an error after two or more values.
 */
function parseJsonStream(
  text: string,
  limits: Limits,
): { outcomes: Array<Outcome & { bytes: number }>; yamlFrom?: number; yamlLine?: number } {
  const outcomes: Array<Outcome & { bytes: number }> = [];
  let pos = 0;
  let line = 0;
  const lines = new NextFound(text);
  const skip = () => {
    while (pos < text.length && /[\t\n\r ]/.test(text[pos]!)) {
      if (text.charCodeAt(pos) === 10) line++;
      pos++;
    }
  };
  for (;;) {
    const before = pos;
    const lineBefore = line;
    skip();
    if (pos >= text.length) return { outcomes };
    let value: unknown;
    let end = -1;
    // a value written as JSON.stringify and kubectl write one ends at its closing bracket at the start of a line:
    // where the text up to the first such line parses, it is the value (a shorter text or a longer one does not).
    // Not where a line starts with an opening bracket first (values written a line each): the text up to a far
    // closing line would be read in vain, for every value
    const c = text.charCodeAt(pos);
    const closing = c === 123 ? lines.next('\n}', pos) : c === 91 ? lines.next('\n]', pos) : -1;
    const opening = c === 123 ? lines.next('\n{', pos) : c === 91 ? lines.next('\n[', pos) : -1;
    if (closing >= 0 && (opening < 0 || opening > closing)) {
      try {
        value = JSON.parse(text.slice(pos, closing + 2));
        end = closing + 2;
      } catch {
        // read to the balanced bracket below
      }
    }
    if (end < 0) end = jsonValueEnd(text, pos);
    let ok = end > 0;
    if (ok && value === undefined) {
      try {
        value = JSON.parse(text.slice(pos, end));
      } catch {
        ok = false;
      }
    }
    if (!ok) {
      if (outcomes.length > 1) {
        outcomes.push({ error: 'JSON syntax: a value of this JSON stream does not parse', line: line + 1, code: Codes.syntax, bytes: 0 });
        return { outcomes };
      }
      // kubectl reads on as YAML: from after the white space up to and including the first line break
      pos = before;
      line = lineBefore;
      while (pos < text.length && /[\t\v\f\r \u0085\u00a0]/.test(text[pos]!)) pos++;
      if (text.charCodeAt(pos) === 10) {
        pos++;
        line++;
      }
      return { outcomes, yamlFrom: pos, yamlLine: line };
    }
    const docLine = line;
    let endLine: number | undefined;
    try {
      const { lines, duplicate, endLine: after } = jsonLines(text, pos, end, value, docLine, limits);
      endLine = after;
      // a number beyond float64 (1e400) fails kubectl's decoding of the whole object, under a key repeated later too
      if (OUT_OF_RANGE_HINT.test(text.slice(pos, end)) && numberOutOfRange(text, pos, end)) throw new OutOfRange();
      if (SURROGATE_ESCAPE.test(text.slice(pos, end))) value = wellFormed(value);
      const lineOf = (node: unknown) => {
        const l = typeof node === 'object' && node !== null ? lines.get(node) : undefined;
        return (l ?? docLine) + 1;
      };
      outcomes.push({ value, lineOf, line: docLine + 1, bytes: end - pos, ...(duplicate !== undefined ? { duplicate } : {}) });
    } catch (e) {
      if (e instanceof OutOfRange) outcomes.push({ error: 'JSON: a number is out of the range of float64, which kubectl cannot decode', line: docLine + 1, code: Codes.syntax, bytes: end - pos });
      else if (e instanceof LimitError) outcomes.push({ error: e.message, line: docLine + 1, code: Codes.limit, bytes: end - pos });
      else throw e;
    }
    // the walk over the value counted its line breaks; where it stopped short (a limit), they are counted here
    if (endLine !== undefined) line = endLine;
    else for (let i = pos; i < end; i++) if (text.charCodeAt(i) === 10) line++;
    pos = end;
  }
}

/**
 * Parses a manifest file's text into documents, as kubectl reads it. Each
 * document that cannot be read yields one diagnostic and is skipped; the
 * others are returned. `fast: false` reads every YAML document with
 * js-yaml, for the tests that compare the two readers.
 */
export function parseDocuments(text: string, file: string, limits: Limits = DEFAULT_LIMITS, fast = true): ParseResult {
  const documents: ParsedDocument[] = [];
  const diagnostics: Diagnostic[] = [];
  const at = (line: number) => ({ file, line });
  let body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let bytes = 0;
  const tooLarge = (line: number) =>
    diagnostics.push(
      diagnostic('error', Codes.limit, at(line), `the file holds more than ${limits.maxFileBytes} bytes of YAML or JSON to parse (blank and comment lines not counted); the rest of the file from here is skipped`),
    );
  const take = (r: Outcome): void => {
    if ('error' in r) {
      diagnostics.push(diagnostic('error', r.code, at(r.line), `${r.error}; document skipped`));
      return;
    }
    if (r.duplicate !== undefined && r.typedKeys) {
      // two keys written otherwise that make one JSON key (1 and 1.0, true and "true") are two keys to yaml.v2: kubectl
      // keeps whichever it converts last, in the random order of Go's map, so neither value is the one applied
      const why = 'a mapping repeats a key in a document that has keys that are not strings: where the two are written otherwise and only their JSON key is one (1 and 1.0, true and "true"), kubectl keeps either value, in no set order';
      diagnostics.push(diagnostic('error', Codes.duplicate, at(r.duplicate), `${why}; document skipped`));
      return;
    }
    if (r.duplicate !== undefined) diagnostics.push(diagnostic('warning', Codes.duplicate, at(r.duplicate), 'a mapping repeats a key; the later value is used, as kubectl uses it'));
    if (r.rest) {
      diagnostics.push(
        diagnostic('warning', Codes.syntax, at(r.line), 'a --- after a lone carriage return starts a second YAML document that kubectl does not split off: only the first is read, as kubectl reads it; end lines with LF or CRLF'),
      );
    }
    if (r.value === null || r.value === undefined) return;
    documents.push({ value: r.value, line: r.line, lineOf: r.lineOf });
  };
  let lineOffset = 0;
  if (JSON_START.test(body)) {
    const stream = parseJsonStream(body, limits);
    for (const r of stream.outcomes) {
      bytes += r.bytes;
      if (bytes > limits.maxFileBytes) {
        tooLarge(r.line);
        return { documents, diagnostics };
      }
      take(r);
    }
    if (stream.yamlFrom === undefined) return { documents, diagnostics };
    // apimachinery's YAML-or-JSON decoder reads on as YAML since Kubernetes 1.33; before, it stopped at the JSON error
    const kept = stream.outcomes.length === 0 ? 'none of the file' : 'only the JSON before this line';
    diagnostics.push(
      diagnostic('warning', Codes.syntax, at(stream.yamlLine! + 1), `the file starts as JSON, and what follows does not parse as JSON: it is read as YAML from here, as kubectl 1.33 and later read it; kubectl 1.32 and older refuse it with a JSON syntax error, applying ${kept}`),
    );
    body = body.slice(stream.yamlFrom);
    lineOffset = stream.yamlLine!;
  }
  // kubectl's line reader drops the CR of CRLF line ends
  if (body.indexOf('\r\n') >= 0) body = body.replace(/\r\n/g, '\n');
  for (const doc of splitDocuments(body, lineOffset)) {
    if (doc.emptyEnd !== undefined) {
      diagnostics.push(diagnostic('error', Codes.syntax, at(doc.emptyEnd + 1), 'YAML syntax: a document ends (...) before any content, which kubectl cannot read ("did not find expected node content"); document skipped'));
      continue;
    }
    if (doc.badSeparator !== undefined) {
      diagnostics.push(diagnostic('error', Codes.syntax, at(doc.badSeparator + 1), 'a line starting with --- must be a document separator, followed by nothing but a comment; the document before it is skipped, as kubectl refuses it'));
      continue;
    }
    // (a file no longer than the limit holds no more)
    if (text.length > limits.maxFileBytes) bytes += contentBytes(doc.text);
    if (bytes > limits.maxFileBytes) {
      tooLarge(doc.firstLine + 1);
      break;
    }
    take(parseYaml(doc, limits, fast));
    if (doc.endMarker !== undefined) {
      diagnostics.push(diagnostic('warning', Codes.syntax, at(doc.endMarker + 1), 'text after the document end marker `...` is not read, as kubectl does not read it; start a new document with ---'));
    }
  }
  return { documents, diagnostics };
}
