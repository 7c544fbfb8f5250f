import { describe, expect, it } from 'vitest';
import type { ActionReport } from '../src/action/report.js';
import { noteworthy, summarize } from '../src/action/report.js';
import { diffMatrices } from '../src/change/diff.js';
import { renderDiffText } from '../src/render/difftext.js';
import { renderMarkdown } from '../src/render/report-md.js';
import type { Report } from '../src/report/report.js';
import { diffReport } from '../src/report/report.js';
import { deployment, matrixOf, namespace } from './helpers.js';

/**
 * An L7 rule of a Cilium policy filters what passes on its ports (HTTP
 * methods and paths): docs.cilium.io/en/stable/security/policy/language/#layer-7-examples.
 * Dropping it lets every request through where only some were: the same
 * ports, another path.
 */
const APPS = namespace('shop') + deployment('shop', 'frontend', { app: 'frontend' }) + deployment('shop', 'db', { app: 'db' }, [{ port: 5432 }]);
const cnp = (l7: boolean) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: db-allow, namespace: shop }
spec:
  endpointSelector: { matchLabels: { app: db } }
  ingress:
    - fromEndpoints: [ { matchLabels: { app: frontend } } ]
      toPorts:
        - ports: [ { port: "5432", protocol: TCP } ]${l7 ? '\n          rules:\n            http: [ { method: GET, path: "/health" } ]' : ''}
---
`;

function report(base: string, head: string): Report {
  return diffReport(diffMatrices(matrixOf({ 'base.yaml': base }), matrixOf({ 'head.yaml': head })), { base: 'base', head: 'head' });
}

function action(r: Report): ActionReport {
  const targets = [{ name: 'manifests', report: r, error: null }];
  return { version: 1, kind: 'action', repository: 'o/r', pullRequest: 1, base: { sha: 'a'.repeat(40) }, head: { sha: 'b'.repeat(40) }, comparison: 'merge', configFile: null, summary: summarize(targets), targets };
}

describe('a path whose L7 filter changes while its ports stay', () => {
  it('is a changed path, said so in every output, and worth a comment', () => {
    const r = report(APPS + cnp(true), APPS + cnp(false));
    expect(r.summary).toMatchObject({ opened: 0, closed: 0, changed: 1 });
    const text = renderDiffText(r, true).split('\n');
    expect(text[1]).toBe('diff-type: changed, source: shop/frontend[Deployment], destination: shop/db[Deployment], ref1: TCP 5432, ref2: TCP 5432, via-diff-info: no longer via L7 HTTP');
    expect(text).toContain('    cause: CiliumNetworkPolicy shop/db-allow ingress rule 0 "ingress[0]" was edited (head.yaml:45)');
    const md = renderMarkdown(r);
    expect(md).not.toContain('no reachability change');
    expect(md.split('\n')[0]).toBe('**✅ 1 path changed**');
    expect(md).toContain('| 🟡 changed | shop/frontend\\[Deployment\\] | shop/db\\[Deployment\\] | TCP 5432 (via L7 HTTP) → TCP 5432 |');
    expect(noteworthy(action(r))).toBe(true);
  });

  it('an L7 filter added is a change the other way', () => {
    const r = report(APPS + cnp(false), APPS + cnp(true));
    expect(r.changes.map((c) => [c.type, c.viaInfo])).toEqual([['changed', 'now via L7 HTTP']]);
  });

  it('the same filter on both sides is no change', () => {
    expect(report(APPS + cnp(true), APPS + cnp(true)).changes).toEqual([]);
  });
});

/**
 * The same L7 rule edited in place: its ports and type stay, what it lets
 * through does not (an HTTP path widened: docs.cilium.io/en/stable/security/policy/language/#layer-7-examples,
 * whose `path` is a regular expression over the request's path). The README
 * reports a pair whose L7 rules change as `changed`.
 */
const edited = (rule: string, from = '[ { matchLabels: { app: frontend } } ]') => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: db-allow, namespace: shop }
spec:
  endpointSelector: { matchLabels: { app: db } }
  ingress:
    - fromEndpoints: ${from}
      toPorts:
        - ports: [ { port: "5432", protocol: TCP } ]
          rules:
            http: [ ${rule} ]
---
`;

describe('an L7 filter edited in place', () => {
  it('a path widened is a changed path, through the same note, edited', () => {
    const r = report(APPS + edited('{ method: GET, path: "/api/.*" }'), APPS + edited('{ method: GET, path: "/.*" }'));
    expect(r.changes.map((c) => [c.type, c.src, c.dst, c.base, c.head, c.viaInfo])).toEqual([['changed', 'shop/frontend[Deployment]', 'shop/db[Deployment]', 'TCP 5432', 'TCP 5432', 'via L7 HTTP, edited']]);
    expect(renderDiffText(r, true)).toContain('    cause: CiliumNetworkPolicy shop/db-allow ingress rule 0 "ingress[0]" was edited (head.yaml:45)');
    const md = renderMarkdown(r);
    expect(md.split('\n')[0]).toBe('**✅ 1 path changed**');
    expect(md).toContain('| 🟡 changed | shop/frontend\\[Deployment\\] | shop/db\\[Deployment\\] | TCP 5432, via L7 HTTP, edited |');
  });

  it('a method added or a header match dropped is a change too', () => {
    const before = '{ method: GET, path: "/api", headers: [ "X-Team: a" ] }';
    expect(report(APPS + edited(before), APPS + edited(`${before}, { method: POST, path: "/api" }`)).changes.map((c) => c.viaInfo)).toEqual(['via L7 HTTP, edited']);
    expect(report(APPS + edited(before), APPS + edited('{ method: GET, path: "/api" }')).changes.map((c) => c.viaInfo)).toEqual(['via L7 HTTP, edited']);
  });

  it('the same filter with its keys in another order, or the rule given another peer, leaves the pair as it was', () => {
    const rule = '{ method: GET, path: "/api/.*" }';
    expect(report(APPS + edited(rule), APPS + edited('{ path: "/api/.*", method: GET }')).changes).toEqual([]);
    // the new peer's path opens; frontend's passes through the very same filter
    const toolbox = deployment('shop', 'toolbox', { app: 'toolbox' });
    const r = report(APPS + toolbox + edited(rule), APPS + toolbox + edited(rule, '[ { matchLabels: { app: frontend } }, { matchLabels: { app: toolbox } } ]'));
    expect(r.changes.map((c) => [c.type, c.src, c.dst])).toEqual([['added', 'shop/toolbox[Deployment]', 'shop/db[Deployment]']]);
  });
});
