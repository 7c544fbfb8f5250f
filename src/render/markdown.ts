/**
 * Escapes text taken from manifests for a Markdown table cell, so that it
 * cannot break the table, inject HTML, or notify anyone (`@user`, `#123`).
 */
export function markdownCell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')
    .replace(/([*_`~[\]])/g, '\\$1')
    .replace(/@/g, '@\u200b')
    .replace(/#(?=\d)/g, '#\u200b');
}

/** Escapes text for HTML contexts (`<summary>`), where Markdown escapes do not apply: Markdown's characters become entities. */
export function htmlText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\r\n]+/g, ' ')
    .replace(/@/g, '@\u200b')
    .replace(/#(?=\d)/g, '#\u200b')
    .replace(/[[\]`*_~\\]/g, (c) => `&#${c.charCodeAt(0)};`);
}
