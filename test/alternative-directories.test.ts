/**
 * Plain directories of manifests that declare the same workloads, one per
 * environment (`deploy/dev`, `deploy/prod`), each applied on its own
 * (`kubectl apply -f deploy/$ENV`, or an Argo CD Application per
 * cluster). Applied to one cluster, objects are keyed by group, kind,
 * namespace and name, and the one applied last overwrites the other
 * (kubernetes.io/docs/reference/kubectl/generated/kubectl_apply/), so the
 * directories are alternatives, as two Kustomize overlays of one base are
 * (alternativeBuilds in src/sources/repository.ts).
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, deployment, policy, tree } from './helpers.js';

const FRONTEND = deployment('shop', 'frontend', { app: 'frontend' });
const DB = deployment('shop', 'db', { app: 'db' }, [{ port: 5432 }]);
const DB_INGRESS = policy('shop', 'db-ingress', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { 'db-access': 'true' } } }] }] });
const NEVER = 'invariants:\n  - name: frontend never reaches db\n    never: { from: { labels: { app: frontend } }, to: { labels: { app: db } } }\n';
const env = (dir: string, frontend = FRONTEND) => ({ [`deploy/${dir}/frontend.yaml`]: frontend, [`deploy/${dir}/db.yaml`]: DB, [`deploy/${dir}/netpol.yaml`]: DB_INGRESS });
// dev's frontend carries the label the policy admits
const DEV_FRONTEND = FRONTEND.replace(/\{"app":"frontend"\}/g, '{"app":"frontend","db-access":"true"}');

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
}

describe('plain directories that declare the same workloads', () => {
  it('a workload declared otherwise in one of them fails closed, naming both directories', async () => {
    const root = tree({ ...env('dev', DEV_FRONTEND), ...env('prod'), 'c.yml': NEVER });
    const r = await cli(['check', 'deploy', '--config', 'c.yml'], root);
    expect(r.stderr).toMatch(/^deploy\/dev\/frontend\.yaml:1: error: Deployment shop\/frontend is declared otherwise in deploy\/dev than in deploy\/prod \(deploy\/prod\/frontend\.yaml:1\), .*alternatives.*give one directory, or make each a target \[RD006\]/m);
    expect(r.stdout).not.toMatch(/ok holds/);
    expect(r.code).toBe(1);
    // each directory on its own is one cluster's state: dev's breaks the invariant
    const dev = await cli(['check', 'deploy/dev', '--config', 'c.yml'], root);
    expect(dev.stderr).not.toMatch(/error/);
    expect(dev.stdout).toMatch(/FAIL violated: frontend never reaches db/);
  });

  it('a policy only one of them declares fails closed', async () => {
    const allow = policy('shop', 'db-allow-frontend', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }] }] });
    const root = tree({ ...env('dev'), 'deploy/dev/allow.yaml': allow, ...env('prod'), 'c.yml': NEVER });
    const r = await cli(['check', 'deploy', '--config', 'c.yml'], root);
    expect(r.stderr).toMatch(/^deploy\/dev\/allow\.yaml:1: error: NetworkPolicy shop\/db-allow-frontend is declared in deploy\/dev and not in deploy\/prod, .*\[RD006\]/m);
    expect(r.code).toBe(1);
  });

  it('a diff --git whose change edits one of them fails closed', async () => {
    const root = tree({ ...env('dev'), ...env('prod'), 'c.yml': NEVER });
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '-A');
    git(root, 'commit', '-qm', 'base');
    writeFileSync(join(root, 'deploy/dev/frontend.yaml'), DEV_FRONTEND);
    git(root, 'commit', '-qam', 'head');
    const r = await cli(['diff', '--git', '--base-ref', 'HEAD~1', '--config', 'c.yml'], root);
    expect(r.stderr).toMatch(/head: deploy\/dev\/frontend\.yaml:1: error: Deployment shop\/frontend is declared otherwise in deploy\/dev than in deploy\/prod/);
    expect(r.stdout).not.toMatch(/ok holds/);
    expect(r.code).toBe(1);
  });

  it('declared alike, they are one cluster', async () => {
    const root = tree({ ...env('dev'), ...env('prod'), 'c.yml': NEVER });
    const r = await cli(['check', 'deploy', '--config', 'c.yml'], root);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.stdout).toMatch(/ok holds: frontend never reaches db/);
    expect(r.code).toBe(0);
  });

  it('one file repeating an object keeps the last, with a warning', async () => {
    const root = tree({ 'k8s/apps.yaml': FRONTEND + DB + FRONTEND.replace('image: example', 'image: example:2'), 'c.yml': NEVER });
    const r = await cli(['check', 'k8s', '--config', 'c.yml'], root);
    expect(r.stderr).toMatch(/warning: shop\/frontend\[Deployment\] is declared more than once .*the last one is used \[RD006\]/);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.stdout).toMatch(/FAIL violated: frontend never reaches db/);
  });
  it('a directory of examples, docs or tests that only copies objects of another is no alternative; one that differs is', async () => {
    const files = { ...env('prod'), 'examples/quickstart.yaml': FRONTEND };
    const copy = await cli(['check', tree(files), '--config', tree({ 'c.yml': NEVER }) + '/c.yml']);
    expect(copy.stderr).not.toMatch(/alternatives/);
    expect(copy.stdout).toMatch(/ok\s+holds/);
    expect(copy.code).toBe(0);
    // a copy that differs may be what is applied: the verdict does not rest on either
    const differs = await cli(['check', tree({ ...env('prod'), 'examples/quickstart.yaml': DEV_FRONTEND }), '--config', tree({ 'c.yml': NEVER }) + '/c.yml']);
    expect(differs.stderr).toMatch(/alternatives/);
    expect(differs.code).toBe(1);
    // a per-environment directory that copies part of another (dev without prod's policy) still is one
    const dev = { 'deploy/dev/frontend.yaml': FRONTEND, 'deploy/dev/db.yaml': DB };
    const subset = await cli(['check', tree({ ...env('prod'), ...dev }), '--config', tree({ 'c.yml': NEVER }) + '/c.yml']);
    expect(subset.stderr).toMatch(/alternatives/);
    expect(subset.code).toBe(1);
  });
});
