/**
 * Characters that change how text reads without being seen: bidirectional
 * overrides and isolates, and zero-width ones. Text from manifests shows
 * them as their code points instead.
 */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

function visible(text: string): string {
  return text.replace(INVISIBLE, (c) => `[U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}]`);
}

/**
 * What GitHub turns into links and references: mentions (`@user`), issue
 * numbers (`#123`, `GH-123`) and URLs (a URL of an issue notifies it).
 * A zero-width space, which the text from manifests can no longer hold,
 * keeps them apart.
 */
function unlinked(text: string): string {
  return text
    .replace(/@/g, '@\u200b')
    .replace(/#(?=\d)/g, '#\u200b')
    .replace(/\b(GH)-(?=\d)/gi, '$1-\u200b')
    .replace(/\b([a-z][a-z0-9+.-]*):\/\//gi, '$1:\u200b//')
    .replace(/\bwww\./gi, 'www\u200b.');
}

/**
 * Escapes text taken from manifests for a Markdown table cell, so that it
 * cannot break the table, inject HTML, notify anyone (`@user`, `#123`,
 * `GH-123`, an issue's URL) or hide what it says (bidi and zero-width
 * characters).
 */
export function markdownCell(text: string): string {
  return unlinked(
    visible(text)
      .replace(/\\/g, '\\\\')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/\|/g, '\\|')
      .replace(/[\r\n]+/g, ' ')
      .replace(/([*_`~[\]])/g, '\\$1'),
  );
}

/** Escapes text for HTML contexts (`<summary>`), where Markdown escapes do not apply: Markdown's characters become entities. */
export function htmlText(text: string): string {
  // the character references come last: their own # must stay as it is
  return unlinked(
    visible(text)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/[\r\n]+/g, ' '),
  ).replace(/[[\]`*_~\\]/g, (c) => `&#${c.charCodeAt(0)};`);
}
