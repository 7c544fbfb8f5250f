/**
 * Custom resources of kinds reachdiff does not know decide no traffic in
 * the analysis; check and list say on stderr, in one line, how many were
 * ignored and of which kinds, so that an operator's resource whose pods are
 * left out is seen. It fails nothing.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkManifests, cli, deployment } from './helpers.js';

const custom = (apiVersion: string, kind: string, name: string) => `---\napiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: { name: ${name}, namespace: data }\nspec: { instances: 3 }\n`;
const DENY = '---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: deny, namespace: data }\nspec: { podSelector: {}, policyTypes: [Ingress] }\n';
const BASE = deployment('data', 'migrator', { app: 'migrator' }) + deployment('web', 'frontend', { app: 'frontend' }) + DENY;
const NEVER = 'invariants:\n  - name: web never reaches data\n    never: { from: { namespace: web }, to: { namespace: data } }\n';
const LINE = /^reachdiff: ignored (\d+) custom resources? of (?:a kind|kinds) reachdiff does not know \(([^)]*(?:\(\d+\))?[^)]*)\)/m;

describe('custom resources of kinds reachdiff does not know', () => {
  it('check names them in one line, and the verdict is the analysis of the rest', async () => {
    const r = await checkManifests(BASE + custom('db.acme.io/v1', 'PostgresInstance', 'pg') + custom('db.acme.io/v1', 'PostgresInstance', 'pg2') + custom('cache.acme.io/v1', 'Redis', 'r'), NEVER);
    expect(r.stderr).toContain('reachdiff: ignored 3 custom resources of kinds reachdiff does not know (PostgresInstance.db.acme.io (2), Redis.cache.acme.io), taken to decide no traffic');
    expect(r.stderr.match(/ignored \d+ custom resource/g)).toHaveLength(1);
    expect(r.stdout).toMatch(/holds: web never reaches data/);
    expect(r.code).toBe(0);
  });

  it('list does too', async () => {
    const root = mkdtempSync(join(tmpdir(), 'reachdiff-custom-'));
    writeFileSync(join(root, 'm.yaml'), BASE + custom('db.acme.io/v1', 'PostgresInstance', 'pg'));
    const r = await cli(['list', join(root, 'm.yaml')]);
    expect(r.stderr).toMatch(LINE);
    expect(r.stderr).toContain('(PostgresInstance.db.acme.io)');
    expect(r.code).toBe(0);
  });

  it("objects of Kubernetes' own APIs are not named (ConfigMap, a Role, a StorageClass)", async () => {
    const own =
      '---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: c, namespace: data }\n---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: { name: r, namespace: data }\n---\napiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: { name: s }\nprovisioner: x\n';
    const r = await checkManifests(BASE + own, NEVER);
    expect(r.stderr).not.toMatch(LINE);
  });

  it('nor are those of groups reachdiff reads for some kinds (a mesh, a GitOps tool), whether or not this one says something', async () => {
    const sidecar = '---\napiVersion: networking.istio.io/v1\nkind: Sidecar\nmetadata: { name: default, namespace: data }\nspec: { outboundTrafficPolicy: { mode: ALLOW_ANY } }\n';
    const app = '---\napiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: { name: shop, namespace: argocd }\nspec: { destination: { namespace: data }, source: { repoURL: https://example.com/r.git, path: . } }\n';
    const r = await checkManifests(BASE + sidecar + app, NEVER);
    expect(r.stderr).not.toMatch(LINE);
  });
});
