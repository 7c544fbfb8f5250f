import { describe, expect, it } from 'vitest';
import { conn, deployment, matrixOf, namespace } from './helpers.js';

/**
 * Lists of rules as long as the input makes them are joined without
 * passing each as an argument: a call takes at most some 120,000
 * arguments in V8, and a generate rule's foreach writes that many
 * policies from a few lines.
 */
describe('many policies on one pod', () => {
  it('analyses 130,000 policies selecting the same pod', { timeout: 120_000 }, () => {
    const n = 130_000;
    const policies: string[] = [];
    for (let i = 0; i < n; i++) {
      policies.push(
        JSON.stringify({
          apiVersion: 'networking.k8s.io/v1',
          kind: 'NetworkPolicy',
          metadata: { name: `p-${i}`, namespace: 'shop' },
          spec: { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { role: `r${i}` } } }] }] },
        }),
      );
    }
    const m = matrixOf({
      'app.yaml': [namespace('shop'), deployment('shop', 'db', { app: 'db' }), deployment('shop', 'web', { role: 'r129999' }), deployment('shop', 'other', { role: 'x' })].join(''),
      'policies.json': policies.join('\n'),
    });
    expect(conn(m, 'shop/web[Deployment]', 'shop/db[Deployment]')).toBe('All Connections');
    expect(conn(m, 'shop/other[Deployment]', 'shop/db[Deployment]')).toBe('No Connections');
  });
});
