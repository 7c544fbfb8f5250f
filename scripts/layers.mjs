// The layers of src/, lowest first, and an ESLint rule that keeps imports
// running down them: a module imports from its own folder or from a lower one.
// cli/ and action/ are two shells on the same level and never import each other;
// render/ is imported by the shells only.
import { dirname, relative, resolve, sep } from 'node:path';

export const LAYERS = [['model'], ['policy'], ['input'], ['expand'], ['engine'], ['change'], ['check'], ['report'], ['render'], ['sources'], ['pipeline'], ['cli', 'action']];

/** Only the shells render: the core hands them report values. */
const RENDERERS = ['render', 'cli', 'action'];

const srcRoot = resolve(dirname(new URL(import.meta.url).pathname), '..', 'src');

/** The top folder of a path under src/, or undefined outside it. */
function folderOf(path) {
  const rel = relative(srcRoot, path);
  if (rel.startsWith('..') || rel === '') return undefined;
  return rel.split(sep)[0];
}

function levelOf(folder) {
  return LAYERS.findIndex((l) => l.includes(folder));
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'imports in src/ run down the layers (LAYERS), and only the shells import render/' },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const from = folderOf(file);
    if (from === undefined) return {};
    const fromLevel = levelOf(from);
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = folderOf(resolve(dirname(file), source));
      if (to === undefined || to === from) return;
      const toLevel = levelOf(to);
      if (fromLevel < 0 || toLevel < 0) {
        context.report({ node, message: `src/${fromLevel < 0 ? from : to}/ is not a known layer (scripts/layers.mjs)` });
      } else if (to === 'render' && !RENDERERS.includes(from)) {
        context.report({ node, message: `src/${from}/ may not import from src/render/: only the shells (cli/, action/) render` });
      } else if (toLevel >= fromLevel) {
        context.report({ node, message: `src/${from}/ may not import from src/${to}/: imports run down the layers (${LAYERS.map((l) => l.join('|')).join(' < ')})` });
      }
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export const layers = { rules: { 'imports-run-down': rule } };
