/**
 * Where yaml.v2, kubectl's YAML reader, refuses a tab that js-yaml takes.
 * Its scanner (scannerc.go, yaml_parser_scan_to_next_token) skips tabs as
 * white space only in flow collections, or in block context where a simple
 * key cannot start: not at the start of a line, nor after a `-` or `?`
 * indicator. Elsewhere a tab is found where no token can start ("found
 * character that cannot start any token"), unless a scalar's scanner takes
 * it: a plain scalar's trailing blank lines, where a tab left of the
 * scalar's block indentation is refused ("found a tab character that
 * violates indentation"), quoted scalars, which take tabs anywhere, and
 * block scalars, which refuse a tab within their indentation ("found a tab
 * character where an indentation space is expected").
 *
 * `tabProblem` reads a document's lines with what decides that (flow depth,
 * open quotes, block scalars, whether the last node was a plain scalar and
 * its block's indentation) and gives the first line yaml.v2 refuses and
 * why, or undefined. It looks only at tabs: what else is wrong is the
 * parser's to say. Explicit keys (`?`) and their values (`:` at the start
 * of a line's content) are read as sequence entries are: a tab may not
 * follow the indicator. An anchor or a tag is passed over to its node;
 * where a tab follows one, it stops looking rather than guess.
 */

/** The first line (0-based) of a document where kubectl's reader refuses a tab, with why; undefined where it refuses none. */
export function tabProblem(text: string): { line: number; why: string } | undefined {
  const lines = text.split('\n');
  let flow = 0;
  let quote: '"' | "'" | undefined;
  /** The block scalar being read: the indentation of its parent block, and of its content once known. */
  let block: { parent: number; indent?: number } | undefined;
  /** The last node was a plain scalar with nothing after it: the column of its block plus one. */
  let plain: number | undefined;
  const CANNOT_START = 'a tab where no token can start ("found character that cannot start any token")';
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    let i = 0;
    while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
    const lead = line.slice(0, i);
    const firstTab = lead.indexOf('\t');
    const blank = i === line.length;
    if (block) {
      let spaces = 0;
      while (spaces < line.length && line[spaces] === ' ') spaces++;
      const tabbed = line[spaces] === '\t';
      if (block.indent === undefined) {
        // the first line with content sets the indentation; blank lines before it may not hold a tab
        if (blank) {
          if (firstTab >= 0) return { line: n, why: 'a tab where a block scalar\'s indentation is expected ("found a tab character where an indentation space is expected")' };
          continue;
        }
        if (spaces > block.parent) {
          if (tabbed) return { line: n, why: 'a tab where a block scalar\'s indentation is expected ("found a tab character where an indentation space is expected")' };
          block.indent = spaces;
          continue;
        }
        block = undefined;
      } else if (spaces >= block.indent || (blank && firstTab < 0)) {
        continue;
      } else if (tabbed || (blank && firstTab >= 0)) {
        return { line: n, why: 'a tab where a block scalar\'s indentation is expected ("found a tab character where an indentation space is expected")' };
      } else {
        block = undefined;
      }
    }
    let at = 0;
    if (quote) {
      const end = closingQuote(line, 0, quote);
      if (end < 0) continue;
      quote = undefined;
      plain = undefined;
      at = end;
    } else if (flow === 0) {
      // block context, at the start of a line
      if (blank || line[i] === '#') {
        if (firstTab >= 0 && (plain === undefined || leftOf(lead, plain))) return { line: n, why: plain === undefined ? CANNOT_START : 'a tab left of the block\'s indentation ("found a tab character that violates indentation")' };
        // a comment ends a plain scalar; a blank line does not
        if (!blank) plain = undefined;
        continue;
      }
      if (firstTab >= 0 && (plain === undefined || leftOf(lead, plain))) return { line: n, why: plain === undefined ? CANNOT_START : 'a tab left of the block\'s indentation ("found a tab character that violates indentation")' };
      if (plain !== undefined && i >= plain) {
        // a line more indented than a plain scalar's block: the scalar goes on (or the parser refuses the line)
        if (/[ \t]#/.test(line.slice(i))) plain = undefined;
        continue;
      }
      plain = undefined;
      let collection = i;
      at = i;
      // block sequence entries, explicit keys and their values (a `:` that starts the line's content): after
      // each a simple key may start, so a tab may not
      for (;;) {
        const c = line[at];
        if ((c === '-' || c === '?' || c === ':') && (at + 1 === line.length || line[at + 1] === ' ' || line[at + 1] === '\t')) {
          let j = at + 1;
          while (j < line.length && line[j] === ' ') j++;
          if (line[j] === '\t') return { line: n, why: `a tab after \`${c}\` where no token can start ("found character that cannot start any token")` };
          collection = at;
          at = j;
          continue;
        }
        break;
      }
      if (at >= line.length || line[at] === '#') continue;
      const key = keyEnd(line, at);
      if (key >= 0) {
        collection = at;
        at = key + 1;
        while (at < line.length && (line[at] === ' ' || line[at] === '\t')) at++;
        if (at >= line.length || line[at] === '#') continue;
      }
      let c = line[at];
      // an anchor or a tag comes before its node: the node follows it, on this line or below (an alias is a node)
      while (c === '&' || c === '!') {
        let j = at;
        while (j < line.length && line[j] !== ' ' && line[j] !== '\t') j++;
        // a tab right after it: not followed here
        if (line[j] === '\t') return undefined;
        while (j < line.length && line[j] === ' ') j++;
        at = j;
        c = line[at];
      }
      if (at >= line.length || c === '#' || c === '*') continue;
      if (c === '|' || c === '>') {
        // an indentation indicator (`|2`) sets the content's indentation; else its first line does
        const indicator = /^[|>][-+]?([1-9])/.exec(line.slice(at));
        block = indicator ? { parent: collection, indent: collection + Number(indicator[1]) } : { parent: collection };
        continue;
      }
      if (c === '"' || c === "'") {
        const end = closingQuote(line, at + 1, c);
        if (end < 0) {
          quote = c;
          continue;
        }
        at = end;
      } else if (c !== '[' && c !== '{') {
        // a plain scalar: it ends at a comment
        if (!/[ \t]#/.test(line.slice(at))) plain = collection + 1;
        continue;
      }
    }
    // flow collections and what follows a quoted scalar on the line: brackets counted outside quotes and comments
    for (let k = at; k < line.length; k++) {
      const c = line[k]!;
      if (c === '#' && (k === 0 || line[k - 1] === ' ' || line[k - 1] === '\t')) break;
      if (c === '"' || c === "'") {
        const end = closingQuote(line, k + 1, c);
        if (end < 0) {
          quote = c;
          break;
        }
        k = end - 1;
      } else if (c === '[' || c === '{') {
        flow++;
      } else if ((c === ']' || c === '}') && flow > 0) {
        flow--;
      }
    }
  }
  return undefined;
}

/** Whether some tab of a line's leading white space stands left of a column. */
function leftOf(lead: string, column: number): boolean {
  for (let k = 0; k < lead.length && k < column; k++) if (lead[k] === '\t') return true;
  return false;
}

/** The offset past the quote closing a scalar opened before `from`, or -1 where it goes on past the line. */
function closingQuote(line: string, from: number, quote: '"' | "'"): number {
  for (let k = from; k < line.length; k++) {
    const c = line[k];
    if (quote === '"' && c === '\\') {
      k++;
      continue;
    }
    if (c === quote) {
      if (quote === "'" && line[k + 1] === "'") {
        k++;
        continue;
      }
      return k + 1;
    }
  }
  return -1;
}

/** The offset of the `:` ending a simple key that starts at `from`, or -1: outside quotes and brackets, followed by a blank or the line's end. */
function keyEnd(line: string, from: number): number {
  let k = from;
  if (line[k] === '"' || line[k] === "'") {
    const end = closingQuote(line, k + 1, line[k] as '"' | "'");
    if (end < 0) return -1;
    k = end;
  } else if (line[k] === '[' || line[k] === '{') {
    return -1;
  }
  for (; k < line.length; k++) {
    const c = line[k];
    if (c === '#' && (line[k - 1] === ' ' || line[k - 1] === '\t')) return -1;
    if (c === ':' && (k + 1 === line.length || line[k + 1] === ' ' || line[k + 1] === '\t')) return k;
  }
  return -1;
}
