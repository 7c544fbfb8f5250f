/**
 * Tabs that kubectl's YAML reader (yaml.v2) refuses where js-yaml takes
 * them: at the start of a line, after `-`, `?` or an explicit key's `:`, left of a plain
 * scalar's block or in a block scalar's indentation. Each case says what
 * kubectl does (checked in, from kubectl 1.32), and where kubectl is on
 * the machine, a test asks it again.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocuments } from '../src/input/yaml/documents.js';

const HEAD = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels:\n    app: db\n';

/** [what, the document, whether kubectl reads it] */
const CASES: ReadonlyArray<readonly [string, string, boolean]> = [
  ['a tab-indented comment after a plain value', `${HEAD}\t# c\ndata: {a: b}\n`, false],
  ['a comment with its tab right of the block', `${HEAD}     \t# c\ndata: {a: b}\n`, true],
  ['a comment with its tab within the block', `${HEAD}    \t# c\ndata: {a: b}\n`, false],
  ['a tab line at the end after a plain value', `${HEAD}\t\n`, false],
  ['a tab-indented comment after a quoted value', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "x"\n\t# c\ndata: {a: b}\n', false],
  ['a tab-indented comment after a comment', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x # c\n  \t# c\ndata: {a: b}\n', false],
  ['a tab line after a flow value', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: [b]\n\t\n', false],
  ['a tab line after a key with no value', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a:\n\t\n    b\n', false],
  ['a tab line first in the document', '\t\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n', false],
  ['a tab after a sequence entry', 'apiVersion: v1\nkind: List\nitems:\n-\t{apiVersion: v1, kind: ConfigMap, metadata: {name: x}}\n', false],
  ['a space and a tab after a sequence entry', 'apiVersion: v1\nkind: List\nitems:\n- \t{apiVersion: v1, kind: ConfigMap, metadata: {name: x}}\n', false],
  ['a tab after a key', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a:\tb\n', true],
  ['a tab after a value', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: b\t\n', true],
  ['a tab before a trailing comment', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\t# c\n', true],
  ['tabs in a flow mapping over lines', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {\n\tname: x}\n', true],
  ['a tab in a quoted scalar over lines', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: "x\n\ty"\n', true],
  ['a tab after a block scalar\'s indentation', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: |\n    line\n    \tmore\n', true],
  ['a tab line in a block scalar', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: |\n    line\n\t\n    more\n', false],
  ['a tab in a block scalar\'s indentation', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: |\n    line\n  \tmore\n', false],
  ['a shell script of tabs in a block scalar', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  run.sh: |\n    if true; then\n    \techo yes\n    fi\ndone: "1"\n', true],
  ['a block scalar in a sequence', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  annotations:\n    a: |-\n      x\n      \ty\n', true],
  ['a tab after an indentation indicator\'s columns', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  annotations:\n    x: |2\n      \ta\n', true],
  ['a tab within an indentation indicator\'s columns', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  annotations:\n    x: |2\n     \ta\n', false],
  ['a tab-indented comment after a sequence of plain values', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  finalizers:\n  - a\n\t# c\n', false],
  ['a tab after an explicit key\'s `?`', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  ? a\n  : b\n  ?\tc\n  : d\n', false],
  ['a tab after an explicit key\'s `:`', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  ? a\n  :\tb\n', false],
  ['a tab-indented `:` after an explicit key', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  ? a\n  \t: b\n', false],
  ['a tab-indented comment after an explicit key\'s flow value', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  ? a\n  : [b,\n   c]\n   \t# c\n', false],
  ['a tab after an explicit key\'s value', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  ? a\n  : b\t\n', true],
  ['a tab after a sequence entry, below an anchor and an alias', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: &l\n    app: db\ndata:\n  a: *l\n  b:\n  - \tc\n', false],
  ['a tab line in a block scalar after an anchor', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: &a |\n    line\n\t\n', false],
  ['a tab-indented line in a flow sequence after an anchor', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: &a [x,\n\ty]\n', true],
  ['a tab after a tagged value\'s explicit key', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  x: !!str X\n  ? a\n  : \tv\n', false],
  ['a tab line in a flow sequence after an explicit key', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  ? a\n  : [b,\n\t\n   c]\n', true],
];

/** Whether the reader takes a document (no error about it). */
function read(text: string): boolean {
  return !parseDocuments(text, 'f.yaml').diagnostics.some((d) => d.severity === 'error');
}

describe('tabs as kubectl reads them', () => {
  it.each(CASES)('%s', (_, text, kubectl) => {
    expect(read(text)).toBe(kubectl);
  });

  it('a refused tab is an error with its line and why', () => {
    const d = parseDocuments(`${HEAD}\t# c\n`, 'f.yaml').diagnostics[0]!;
    expect(d.line).toBe(7);
    expect(d.message).toMatch(/a tab left of the block's indentation \("found a tab character that violates indentation"\), which kubectl refuses/);
  });

  const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
  if (!kubectl) console.log('yaml-tabs: kubectl is not installed; the cases are checked against the recorded answers only');
  it.skipIf(!kubectl)('kubectl on this machine answers each case as recorded', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reachdiff-tabs-'));
    for (const [what, text, expected] of CASES) {
      const file = join(dir, 'f.yaml');
      writeFileSync(file, text);
      const r = spawnSync('kubectl', ['create', '--dry-run=client', '--validate=false', '-o', 'json', '-f', file], { encoding: 'utf8' });
      expect(!/error parsing|converting YAML to JSON/.test(r.stderr), what).toBe(expected);
    }
  });
});
