/**
 * Which Kustomize roots are built into a state, and which of their files
 * are read: overlays that are alternatives (one per environment), bases
 * reached through links or remote URLs, components no root includes, and
 * roots' files in hidden directories. `kubectl kustomize DIR` (as
 * `kubectl apply -k DIR` builds it) is the reference.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findKustomizeTool } from '../src/sources/repository.js';
import { cli, deployment, policy, tree } from './helpers.js';

const TOOL = findKustomizeTool();
if (!TOOL) console.log('kustomize-roots: neither kustomize nor kubectl is installed; these tests, which build roots, are skipped');

const APPS = deployment('', 'frontend', { app: 'frontend' }).replace('\n  namespace: \n', '\n') + deployment('', 'db', { app: 'db' }, [{ port: 5432 }]).replace('\n  namespace: \n', '\n');
const DENY = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: deny-all }\nspec: { podSelector: {}, policyTypes: [Ingress] }\n';
const NEVER = 'invariants:\n  - name: frontend never reaches db\n    never: { from: { labels: { app: frontend } }, to: { labels: { app: db } } }\n';
const kustomization = (body: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${body}`;
const BASE = { 'base/apps.yaml': APPS, 'base/kustomization.yaml': kustomization('resources: [apps.yaml]\n') };

describe.skipIf(!TOOL)('top roots whose builds make objects of the same ids', () => {
  // two overlays of one base into one namespace make the same Deployments: applied to one cluster, the one applied
  // last overwrites the other's (kubernetes.io, kubectl apply: objects are keyed by kind, namespace and name), so
  // they are alternatives, and what only one of them makes is not in the other's cluster
  it("an object that decides traffic which one makes and the other does not fails closed, naming both roots", async () => {
    const root = tree({
      ...BASE,
      'overlays/prod/kustomization.yaml': kustomization('namespace: shop\nresources: [../../base]\n'),
      'overlays/dev/kustomization.yaml': kustomization('namespace: shop\nresources: [../../base, deny.yaml]\n'),
      'overlays/dev/deny.yaml': DENY,
      'c.yml': NEVER,
    });
    const r = await cli(['check', root, '--config', join(root, 'c.yml'), '--kustomize', 'build'], root);
    expect(r.stderr).toMatch(
      /render:[^:]* overlays\/dev:\d+: error: NetworkPolicy shop\/deny-all is made by the build of Kustomize root overlays\/dev and not by that of overlays\/prod, which makes objects of the same ids \(Deployment shop\/\w+\): .*alternatives.*make each root a target \(render: kubectl kustomize overlays\/dev\), or give one root's directory \[RD006\]/,
    );
    expect(r.code).toBe(1);
    // one overlay given on its own is one cluster's state
    const prod = await cli(['check', join(root, 'overlays/prod'), '--config', join(root, 'c.yml'), '--kustomize', 'build'], root);
    expect(prod.stderr).not.toMatch(/RD006/);
    expect(prod.code).toBe(1);
    expect(prod.stdout).toMatch(/frontend never reaches db/);
  });

  it('a diff removing what only one of them makes fails closed', async () => {
    const overlays = (prodDeny: boolean) => ({
      ...BASE,
      'overlays/prod/kustomization.yaml': kustomization(`namespace: shop\nresources: [../../base${prodDeny ? ', deny.yaml' : ''}]\n`),
      ...(prodDeny ? { 'overlays/prod/deny.yaml': DENY } : {}),
      'overlays/dev/kustomization.yaml': kustomization('namespace: shop\nresources: [../../base, deny.yaml]\n'),
      'overlays/dev/deny.yaml': DENY,
    });
    const root = tree({ ...Object.fromEntries(Object.entries(overlays(true)).map(([k, v]) => [`a/${k}`, v])), ...Object.fromEntries(Object.entries(overlays(false)).map(([k, v]) => [`b/${k}`, v])), 'c.yml': NEVER });
    const r = await cli(['diff', join(root, 'a'), join(root, 'b'), '--config', join(root, 'c.yml'), '--kustomize', 'build'], root);
    expect(r.stderr).toMatch(/b\/overlays\/dev:\d+: error: NetworkPolicy shop\/deny-all is made by the build of Kustomize root b\/overlays\/dev and not by that of b\/overlays\/prod/);
    expect(r.code).toBe(1);
  });

  // overlays into other namespaces share no id: read as one cluster, as the README says
  it('roots whose builds share no id are read as one cluster', async () => {
    const root = tree({
      ...BASE,
      'overlays/prod/kustomization.yaml': kustomization('namespace: prod\nresources: [../../base]\n'),
      'overlays/dev/kustomization.yaml': kustomization('namespace: dev\nresources: [../../base, deny.yaml]\n'),
      'overlays/dev/deny.yaml': DENY,
    });
    const r = await cli(['list', root, '--kustomize', 'build'], root);
    expect(r.stderr).not.toMatch(/RD006/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/prod\/frontend\[Deployment\] => prod\/db\[Deployment\]/);
    expect(r.stdout).not.toMatch(/dev\/frontend\[Deployment\] => dev\/db\[Deployment\]/);
  });
});
