import { describe, expect, it } from 'vitest';
import { diffMatrices } from '../src/change/diff.js';
import { explainChange } from '../src/change/explain.js';
import { deployment, matrixOf, namespace, policy } from './helpers.js';

function causes(base: string, head: string, src: string, dst: string): string[] {
  const d = diffMatrices(matrixOf({ 'base.yaml': base }), matrixOf({ 'head.yaml': head }));
  const c = d.changes.find((x) => x.src === src && x.dst === dst);
  if (!c) throw new Error(`no change ${src} -> ${dst}: ${d.changes.map((x) => `${x.src}->${x.dst}`).join(' ')}`);
  return explainChange(d, c).causes.map((x) => `${x.message}${x.file ? ` @${x.file}:${x.line}` : ''}`);
}

const NS = namespace('shop', { team: 'shop' }) + namespace('ops', { role: 'ops' });
const A = deployment('shop', 'a', { app: 'a' });
const B = deployment('shop', 'b', { app: 'b' });
const OPS = deployment('ops', 'probe', { app: 'probe' });
const B_FROM_A = policy('shop', 'b-from-a', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'a' } } }] }] });
const a = 'shop/a[Deployment]';
const b = 'shop/b[Deployment]';

describe('why a path changed', () => {
  it('an isolating policy was added', () => {
    const deny = policy('shop', 'deny', { podSelector: {}, policyTypes: ['Ingress'] });
    expect(causes(NS + A + B, NS + A + B + deny, a, b)).toEqual(['policy shop/deny was added and isolates shop/b[Deployment] for ingress @head.yaml:43']);
  });

  it('the allowing policy was deleted, so the isolation went with it', () => {
    expect(causes(NS + A + B + B_FROM_A + deployment('shop', 'c', { app: 'c' }), NS + A + B + deployment('shop', 'c', { app: 'c' }), 'shop/c[Deployment]', b)).toEqual([
      'policy shop/b-from-a was deleted, so shop/b[Deployment] is no longer isolated for ingress (it was at base.yaml:43)',
    ]);
  });

  it('the allowing rule was edited', () => {
    const edited = B_FROM_A.replace('"app":"a"', '"app":"x"');
    expect(causes(NS + A + B + B_FROM_A, NS + A + B + edited, a, b)).toEqual(['shop/b-from-a ingress rule 0 was edited @head.yaml:48']);
  });

  it('the peer labels changed so that the rule no longer applies', () => {
    const relabelled = deployment('shop', 'a', { app: 'frontend' });
    expect(causes(NS + A + B + B_FROM_A, NS + relabelled + B + B_FROM_A, a, b)).toEqual([
      'shop/b-from-a ingress rule 0 no longer applies to shop/a[Deployment] → shop/b[Deployment]: labels of shop/a[Deployment] changed (app=a → app=frontend) @head.yaml:48',
    ]);
  });

  it('the namespace labels changed so that a namespaceSelector now matches', () => {
    const fromOps = policy('shop', 'b-from-ops', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { role: 'ops' } } }] }] });
    const baseNs = namespace('shop', { team: 'shop' }) + namespace('ops', { role: 'none' });
    expect(causes(baseNs + A + B + OPS + fromOps, NS + A + B + OPS + fromOps, 'ops/probe[Deployment]', b)).toEqual([
      'shop/b-from-ops ingress rule 0 now applies to ops/probe[Deployment] → shop/b[Deployment]: labels of namespace ops changed (role=none → role=ops) @head.yaml:63',
    ]);
  });

  it('a reordered NetworkPolicy rule is not a change; an added one is', () => {
    const two = (rules: unknown[]) => policy('shop', 'b-in', { podSelector: { matchLabels: { app: 'b' } }, ingress: rules });
    const fromA = { from: [{ podSelector: { matchLabels: { app: 'a' } } }], ports: [{ port: 80 }] };
    const fromA443 = { from: [{ podSelector: { matchLabels: { app: 'a' } } }], ports: [{ port: 443 }] };
    expect(causes(NS + A + B + two([fromA]), NS + A + B + two([fromA443, fromA]), a, b)).toEqual(['shop/b-in ingress rule 0 was added @head.yaml:48']);
  });

  it("a named port the destination moved: the rule matches other ports, which its container ports say (kubernetes.io/docs/concepts/services-networking/network-policies/, port: a named port)", () => {
    const admin = (port: number) => deployment('shop', 'b', { app: 'b' }, [{ name: 'admin', port }]);
    const toAdmin = policy('shop', 'b-admin', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'a' } } }], ports: [{ port: 'admin' }] }] });
    expect(causes(NS + A + admin(9090) + toAdmin, NS + A + admin(9191) + toAdmin, a, b)).toEqual([
      'shop/b-admin ingress rule 0 matches other ports of shop/a[Deployment] → shop/b[Deployment] than it did: container ports of shop/b[Deployment] changed (admin TCP 9090 → admin TCP 9191) @head.yaml:50',
    ]);
  });

  it('a new or removed workload is named with its file and line', () => {
    expect(causes(NS + B, NS + A + B, a, b)).toEqual(['workload shop/a[Deployment] was added @head.yaml:13']);
    expect(causes(NS + A + B, NS + B, a, b)).toEqual(['workload shop/a[Deployment] was removed (it was at base.yaml:13)']);
  });
});
