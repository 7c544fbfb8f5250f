/**
 * Objects that name no namespace beside objects that name theirs: kubectl
 * puts an object without metadata.namespace in the namespace of its
 * context or of `-n` (kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/),
 * which the manifests do not tell; reachdiff reads it in `default` and says
 * so (RD013) where other objects name another namespace.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkManifests, cli, deployment, namespace, policy, tree } from './helpers.js';

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

  // the layout of `kubectl apply -f namespace.yaml` then `kubectl apply -n prod -f .`: kubectl's -n sets the namespace
  // of objects that name none (kubernetes.io/docs/reference/kubectl/generated/kubectl_apply/), so web and db run in prod
  const unnamed = (text: string) => text.replace('\n  namespace: \n', '\n');
  const prodLayout =
    namespace('prod', { team: 'shop' }) +
    unnamed(deployment('', 'db', { app: 'db' }, [{ port: 5432 }])) +
    unnamed(deployment('', 'web', { app: 'web' })) +
    unnamed(policy('', 'db', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'prod' } } }] }] }));
  const NEVER = 'invariants:\n  - name: web-never-db\n    never: { from: { labels: { app: web } }, to: { labels: { app: db } } }\n';

  it('beside a Namespace the manifests declare, are read in default with a warning naming it (RD013)', async () => {
    const root = tree({ 'all.yaml': prodLayout });
    const r = await cli(['lint', root], root);
    expect(r.stderr).toMatch(/names? no namespace and (is|are) read in default, where the manifests declare Namespace prod: kubectl apply -n.* \[RD013\]/);
  });

  it('whose namespace a kubernetes.io/metadata.name selector names fail a never invariant closed, as its name is not known', async () => {
    const r = await checkManifests(prodLayout, NEVER);
    expect(r.stdout).not.toMatch(/ok holds: web-never-db/);
    expect(r.stdout).toMatch(/web-never-db/);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/name no namespace: kubectl apply -n, or the script that applies them, may put them in another, whose name and labels are not known/);
  });

  it('with the namespace they are applied to given, or named in each, are checked exactly', async () => {
    const root = tree({ 'm.yaml': prodLayout, 'c.yml': NEVER });
    const given = await cli(['check', join(root, 'm.yaml'), '--config', join(root, 'c.yml'), '--default-namespace', 'prod'], root);
    expect(given.stdout).toMatch(/FAIL violated: web-never-db/);
    const named = await checkManifests(prodLayout.replaceAll('\nmetadata:\n  name: db\n', '\nmetadata:\n  name: db\n  namespace: prod\n').replace('\nmetadata:\n  name: web\n', '\nmetadata:\n  name: web\n  namespace: prod\n'), NEVER);
    expect(named.stdout).toMatch(/FAIL violated: web-never-db/);
    // where the selector picks namespaces by name and no pod's namespace is in doubt, it is decided
    const exact = await checkManifests(namespace('prod') + deployment('prod', 'db', { app: 'db' }) + deployment('prod', 'web', { app: 'web' }) + policy('prod', 'db', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'other' } } }] }] }), NEVER);
    expect(exact.stdout).toMatch(/ok holds: web-never-db/);
  });

  it('with default itself given, they are known to run in default: checked exactly, and no warning', async () => {
    // --default-namespace default says kubectl applies them there; without it, default is only what they are read in
    const root = tree({ 'm.yaml': prodLayout, 'c.yml': NEVER });
    const given = await cli(['check', join(root, 'm.yaml'), '--config', join(root, 'c.yml'), '--default-namespace', 'default'], root);
    expect(given.stdout).toMatch(/ok holds: web-never-db/);
    expect(given.stderr).not.toMatch(/RD013/);
    expect(given.code).toBe(0);
    const read = await cli(['check', join(root, 'm.yaml'), '--config', join(root, 'c.yml')], root);
    expect(read.stdout).not.toMatch(/ok holds: web-never-db/);
  });
});
