/**
 * An ignore entry that silences nothing: the warning it was written for is
 * gone (and the entry would silence the next one of its code unseen), or
 * its object is misspelt. Each command that reads the config says so on
 * stderr, with the entry's line; entries that silence something are not
 * named.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silence } from '../src/check/lint.js';
import type { Diagnostic } from '../src/model/diagnostics.js';
import { cli, deployment, policy } from './helpers.js';

const web = deployment('shop', 'web', { app: 'web' });
// RD103: a selector that matches no workload where workloads carry its key
const typo = policy('shop', 'typo', { podSelector: { matchLabels: { app: 'wbe' } }, ingress: [{}] });
const CONFIG =
  'ignore:\n  - { code: RD103, object: shop/typo }\n  - { code: RD103, object: shop/tpyo }\n  - { code: RD109 }\ninvariants:\n  - name: web reaches web\n    always: { from: { workload: shop/web }, to: { workload: shop/web } }\n';

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'reachdiff-ignore-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const notes = (stderr: string) => stderr.split('\n').filter((l) => / note: this ignore entry/.test(l));

describe('ignore entries that silence nothing', () => {
  it('silence() tells the entries no warning matched', () => {
    const w = { severity: 'warning', code: 'RD103', file: 'f', line: 1, message: 'm', object: 'shop/typo' } as Diagnostic;
    const rules = [
      { code: 'RD103', object: 'shop/typo', line: 2 },
      { code: 'RD103', line: 3 },
      { code: 'RD103', object: 'shop/other', line: 4 },
      { code: 'RD109', line: 5 },
    ];
    const r = silence([w], rules);
    expect(r.silenced).toEqual([w]);
    expect(r.unused.map((x) => x.line)).toEqual([4, 5]);
  });

  it('lint, list and check name each with its line, and not the one that silences', async () => {
    const dir = dirWith({ 'm.yaml': web + typo, 'c.yml': CONFIG });
    for (const command of ['lint', 'list', 'check']) {
      const r = await cli([command, join(dir, 'm.yaml'), '--config', join(dir, 'c.yml')]);
      expect(notes(r.stderr), command).toEqual([
        `${join(dir, 'c.yml')}:3: note: this ignore entry silences nothing here: no RD103 warning names shop/tpyo (the warning is gone, or the object is misspelt: ns/name of a policy or workload)`,
        `${join(dir, 'c.yml')}:4: note: this ignore entry silences nothing here: there is no RD109 warning (it is gone)`,
      ]);
      expect(r.stderr).toMatch(/1 warning silenced/);
    }
  });

  it('diff: an entry whose warning the change fixes is named; one head still needs is not', async () => {
    const dir = dirWith({ 'base/m.yaml': web + typo, 'head/m.yaml': web, 'c.yml': 'ignore:\n  - { code: RD103, object: shop/typo }\n' });
    const fixed = await cli(['diff', join(dir, 'base'), join(dir, 'head'), '--config', join(dir, 'c.yml')]);
    expect(notes(fixed.stderr)).toEqual([`head: ${join(dir, 'c.yml')}:2: note: this ignore entry silences nothing here: no RD103 warning names shop/typo (the warning is gone, or the object is misspelt: ns/name of a policy or workload)`]);
    const kept = await cli(['diff', join(dir, 'base'), join(dir, 'base'), '--config', join(dir, 'c.yml')]);
    expect(notes(kept.stderr)).toEqual([]);
  });

  it('not for RD111, which only a change touching replicas raises, nor for a config with targets, whose list serves them all', async () => {
    const dir = dirWith({ 'm.yaml': web + typo, 'c.yml': 'ignore:\n  - { code: RD111 }\n', 't.yml': `targets:\n  - name: prod\n    paths: ["m.yaml"]\n${CONFIG}` });
    expect(notes((await cli(['lint', join(dir, 'm.yaml'), '--config', join(dir, 'c.yml')])).stderr)).toEqual([]);
    expect(notes((await cli(['lint', join(dir, 'm.yaml'), '--config', join(dir, 't.yml')])).stderr)).toEqual([]);
  });

  it('an entry for a warning reading the manifests gives says that the ignore list does not silence it', async () => {
    // RD138: a Calico policy in its storage form, reported by the reader
    const calico = "apiVersion: crd.projectcalico.org/v1\nkind: NetworkPolicy\nmetadata: { name: p, namespace: shop }\nspec: { selector: app == 'web', ingress: [{ action: Allow }] }\n---\n";
    const dir = dirWith({ 'm.yaml': web + calico, 'c.yml': 'ignore:\n  - { code: RD138 }\n' });
    const r = await cli(['lint', join(dir, 'm.yaml'), '--config', join(dir, 'c.yml')]);
    expect(r.stderr).toMatch(/RD138/);
    expect(notes(r.stderr)).toEqual([`${join(dir, 'c.yml')}:2: note: this ignore entry silences nothing: RD138 is reported while the manifests are read, which the ignore list does not silence`]);
  });

  it('without an ignore list, nothing is said', async () => {
    const dir = dirWith({ 'm.yaml': web + typo });
    expect(notes((await cli(['lint', join(dir, 'm.yaml')])).stderr)).toEqual([]);
  });
});
