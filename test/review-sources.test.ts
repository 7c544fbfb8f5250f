/**
 * Findings of a review of how a state's files are chosen and read, each
 * reproduced with the CLI: a check on one state that leaves parts out, and
 * characters kubectl's YAML reader refuses.
 */
import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cli } from './helpers.js';

const APPS = ['frontend', 'backend', 'db']
  .map(
    (app) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: ${app}, namespace: shop }\nspec:\n  selector: { matchLabels: { app: ${app} } }\n  template:\n    metadata: { labels: { app: ${app} } }\n    spec: { containers: [ { name: c, image: i } ] }\n---\n`,
  )
  .join('');
const DB_FROM_BACKEND =
  'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: db-allow, namespace: shop }\nspec:\n  podSelector: { matchLabels: { app: db } }\n  policyTypes: [Ingress]\n  ingress: [ { from: [ { podSelector: { matchLabels: { app: backend } } } ] } ]\n';
const NEVER = 'invariants:\n  - name: frontend never reaches db\n    never: { from: { workload: shop/frontend }, to: { workload: shop/db } }\n';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'reachdiff-sources-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('check on one state: what it leaves out is unread input', () => {
  it('a Kustomize root not built or a Helm chart not rendered fails the check closed, unless fail-on-unread is false', async () => {
    const root = tree({
      'k8s/apps.yaml': APPS,
      'k8s/deny.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: deny, namespace: shop }\nspec: { podSelector: {}, policyTypes: [Ingress] }\n',
      // the chart's policy lets everyone reach db: read one by one it is a template
      'k8s/chart/Chart.yaml': 'apiVersion: v2\nname: extra\nversion: 0.1.0\n',
      'k8s/chart/templates/np.yaml': 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: {{ .Release.Name }} , namespace: shop }\nspec:\n  podSelector: { matchLabels: { app: db } }\n  ingress: [ {} ]\n',
      'c.yml': NEVER,
      'loose.yml': `fail-on-unread: false\n${NEVER}`,
    });
    const r = await cli(['check', join(root, 'k8s'), '--config', join(root, 'c.yml')], root);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error: Helm chart .* is not rendered: .*; a check's verdict cannot rest on what it did not read, so it fails closed \[RD050\]/);
    expect(`${r.stdout}${r.stderr}`).toMatch(/failing closed/);
    const loose = await cli(['check', join(root, 'k8s'), '--config', join(root, 'loose.yml')], root);
    expect(loose.code).toBe(0);
    // list and lint keep them warnings
    const lint = await cli(['lint', join(root, 'k8s')], root);
    expect(lint.code).toBe(0);
    expect(lint.stderr).toMatch(/warning: Helm chart/);
  });
});

describe('characters kubectl refuses in a YAML document', () => {
  // yaml.v2's reader (readerc.go) allows tab, LF, CR, printable ASCII, NEL and printable Unicode only, in comments too
  it.each([
    ['a control character in a comment', `# frontend egress \u0001\n${DB_FROM_BACKEND}`, 'U+0001'],
    ['DEL in a comment', `${DB_FROM_BACKEND}# \u007f\n`, 'U+007F'],
    ['ESC in a comment', `# \u001b[0m\n${DB_FROM_BACKEND}`, 'U+001B'],
    ['a C1 control in a quoted scalar', DB_FROM_BACKEND.replace('name: db-allow', 'name: db-allow, annotations: { note: "a\u0090b" }'), 'U+0090'],
    ['U+FFFE', `# \ufffe\n${DB_FROM_BACKEND}`, 'U+FFFE'],
  ])('%s: the document is refused with its line, and a check on it fails closed', async (_, text, code) => {
    const root = tree({ 'apps.yaml': APPS, 'np.yaml': text, 'c.yml': NEVER });
    const r = await cli(['lint', root], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`np\\.yaml:\\d+: error: YAML syntax: control characters are not allowed \\(${code.replace('+', '\\+')}\\).*\\[RD001\\]`));
    expect((await cli(['check', root, '--config', join(root, 'c.yml')], root)).code).toBe(1);
  });

  it('tabs, NEL, non-breaking spaces and characters past the BMP stay readable', async () => {
    const text = DB_FROM_BACKEND.replace('name: db-allow', 'name: db-allow, annotations: { note: "tab\there \u00a0 \u0085 \u{1f512}" }');
    const root = tree({ 'apps.yaml': APPS, 'np.yaml': `# caf\u00e9\t\n${text}` });
    const r = await cli(['lint', root], root);
    expect(r.stderr).not.toMatch(/control characters/);
    expect(r.code).toBe(0);
  });
});
