/**
 * Objects that name no namespace beside objects that name theirs: kubectl
 * puts an object without metadata.namespace in the namespace of its
 * context or of `-n` (kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/),
 * which the manifests do not tell; reachdiff reads it in `default` and says
 * so (RD013) where other objects name another namespace.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, deployment, tree } from './helpers.js';

const ALLOW = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: db-from-web }\nspec:\n  podSelector: { matchLabels: { app: db } }\n  ingress: [ { from: [ { podSelector: { matchLabels: { app: web } } } ] } ]\n';

describe('objects that name no namespace', () => {
  it('beside objects that name another, are read in default with a warning naming them (RD013)', async () => {
    const root = tree({ 'apps.yaml': deployment('shop', 'web', { app: 'web' }) + deployment('shop', 'db', { app: 'db' }), 'allow.yaml': ALLOW });
    const r = await cli(['lint', root], root);
    expect(r.stderr).toMatch(/allow\.yaml:1: warning: NetworkPolicy db-from-web \(\S*allow\.yaml:1\) names no namespace and is read in default, where other objects of the manifests name theirs \(shop\): kubectl apply -n, or the script that applies them, may put it in another namespace.*--default-namespace.* \[RD013\]/);
  });

  it('all of them, or with the namespace they are read in given, draw no warning', async () => {
    const alone = tree({ 'apps.yaml': deployment('', 'web', { app: 'web' }).replace('\n  namespace: \n', '\n'), 'allow.yaml': ALLOW });
    expect((await cli(['lint', alone], alone)).stderr).not.toMatch(/RD013/);
    const given = tree({ 'apps.yaml': deployment('shop', 'web', { app: 'web' }), 'allow.yaml': ALLOW });
    expect((await cli(['lint', given, '--default-namespace', 'shop'], given)).stderr).not.toMatch(/RD013/);
    expect((await cli(['lint', join(given, 'apps.yaml')], given)).stderr).not.toMatch(/RD013/);
  });
});
