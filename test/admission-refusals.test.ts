/**
 * Validating admission: policies that may refuse objects of the manifests.
 *
 * kyverno.io/docs/policy-types/cluster-policy/validate/: a validate rule
 * blocks what fails it where its failure action is Enforce (the rule's
 * failureAction from Kyverno 1.13, else the policy's
 * validationFailureAction, Audit by default; failureActionOverrides and
 * validationFailureActionOverrides per namespace); spec.admission false
 * leaves admission alone.
 * kyverno.io/docs/policy-types/validating-policy/: a ValidatingPolicy's
 * validationActions, Deny where none are given.
 * kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/:
 * a ValidatingAdmissionPolicy acts through a ValidatingAdmissionPolicyBinding,
 * whose validationActions say whether a failed validation is refused (Deny)
 * or only warned of or audited.
 *
 * A refusal fails the apply loudly, so the objects are analysed as applied
 * and no invariant fails closed: a warning (RD012) says so.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readInputs } from '../src/action/inputs.js';
import type { ActionEnv, ActionIo, Annotation } from '../src/action/run.js';
import { analyzeRun } from '../src/action/run.js';
import { checkManifests, deployment, load, policy } from './helpers.js';

const APP = deployment('shop', 'db', { app: 'db' }) + deployment('shop', 'fe', { app: 'fe' }) + policy('shop', 'deny-ingress', { podSelector: {}, policyTypes: ['Ingress'] });
const FE_NEVER_DB = 'invariants:\n  - name: fe never reaches db\n    never: { from: { workload: shop/fe }, to: { workload: shop/db } }\n';

/** A Kyverno ClusterPolicy with one validate rule on these kinds, with the spec's and the rule's extra fields. */
const kyverno = (kinds: string, spec = 'validationFailureAction: Enforce', validate = '') => `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: restrict-np}
spec:
  ${spec}
  rules:
  - name: empty-podselector
    match:
      any:
      - resources:
          kinds: ${kinds}
    validate:
      ${validate}message: "NetworkPolicies must not use an empty podSelector."
      deny:
        conditions:
          any:
          - key: "{{request.object.spec.podSelector.keys(@) | length(@)}}"
            operator: Equals
            value: 0
---
`;

const VAP = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: no-empty-podselector}
spec:
  failurePolicy: Fail
  matchConstraints:
    resourceRules:
    - apiGroups: ["networking.k8s.io"]
      apiVersions: ["v1"]
      operations: ["CREATE", "UPDATE"]
      resources: ["networkpolicies"]
  validations:
  - expression: "has(object.spec.podSelector.matchLabels)"
---
`;
const binding = (actions: string, policyName = 'no-empty-podselector') =>
  `apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicyBinding\nmetadata: {name: no-empty-podselector}\nspec:\n  policyName: ${policyName}\n  validationActions: ${actions}\n---\n`;

const refusals = (text: string) => load({ 'm.yaml': text }).diagnostics.filter((d) => d.code === 'RD012').map((d) => `${d.severity} ${d.file}:${d.line} ${d.message}`);

describe('validating admission policies that may refuse objects deciding traffic', () => {
  it('a Kyverno validate rule in Enforce on NetworkPolicies is reported (RD012, a warning at the policy), and the invariant still holds as the objects are applied', async () => {
    const r = await checkManifests(APP + kyverno('[NetworkPolicy]'), FE_NEVER_DB);
    expect(r.stderr).toMatch(/m\.yaml:\d+: warning: ClusterPolicy restrict-np may refuse at admission objects of networkpolicies, which decide what traffic is allowed \(its validate rules with failure action Enforce\): such objects of the manifests are analysed as applied.*\[RD012\]/);
    expect(r.stdout).toMatch(/ok\s+holds: fe never reaches db/);
    expect(r.code).toBe(0);
    expect(load(APP + kyverno('[NetworkPolicy]')).notAnalysed).toEqual([]);
  });

  it('a rule that is not a mapping (a null entry kubectl reads) is no refusal and stops nothing', async () => {
    const text = 'apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: p}\nspec:\n  validationFailureAction: Enforce\n  rules:\n  -\n  - 3\n---\n';
    expect(refusals(text)).toEqual([]);
    const r = await checkManifests(APP + text, FE_NEVER_DB);
    expect(r.stderr).not.toMatch(/internal error/);
    expect(r.stdout).toMatch(/ok\s+holds: fe never reaches db/);
  });

  it("Kyverno's failure action: the rule's (1.13) over the policy's, Audit by default, overrides per namespace, in either case", () => {
    expect(refusals(kyverno('[NetworkPolicy]', 'validationFailureAction: Audit'))).toEqual([]);
    expect(refusals(kyverno('[NetworkPolicy]', 'background: true'))).toEqual([]);
    expect(refusals(kyverno('[NetworkPolicy]', 'validationFailureAction: enforce'))).toHaveLength(1);
    expect(refusals(kyverno('[NetworkPolicy]', 'validationFailureAction: Audit', 'failureAction: Enforce\n      '))).toHaveLength(1);
    expect(refusals(kyverno('[NetworkPolicy]', 'validationFailureAction: Enforce', 'failureAction: Audit\n      '))).toEqual([]);
    expect(refusals(kyverno('[NetworkPolicy]', 'validationFailureActionOverrides: [{action: Enforce, namespaces: [prod]}]'))).toHaveLength(1);
    expect(refusals(kyverno('[NetworkPolicy]', 'validationFailureAction: Enforce\n  admission: false'))).toEqual([]);
    expect(refusals(kyverno('[NetworkPolicy]').replace('ClusterPolicy\nmetadata: {name: restrict-np}', 'Policy\nmetadata: {name: restrict-np, namespace: shop}'))).toEqual([
      expect.stringMatching(/^warning m\.yaml:1 Policy shop\/restrict-np may refuse at admission objects of networkpolicies/),
    ]);
  });

  it('only kinds that decide traffic count, however Kyverno writes them (group/version/Kind, wildcards)', () => {
    expect(refusals(kyverno('[ConfigMap, Secret]'))).toEqual([]);
    expect(refusals(kyverno('[networking.k8s.io/v1/NetworkPolicy, Pod, Service]'))).toEqual([expect.stringContaining('objects of networkpolicies, pods, services,')]);
    expect(refusals(kyverno('["*"]'))).toEqual([expect.stringContaining('objects of *,')]);
    // a mutate rule refuses nothing
    expect(refusals(kyverno('[NetworkPolicy]').replace(/ {4}validate:[^]*?value: 0\n/, '    mutate:\n      patchStrategicMerge: {metadata: {labels: {team: x}}}\n'))).toEqual([]);
  });

  it("a Kyverno ValidatingPolicy refuses with Deny, its default, where it is evaluated at admission", () => {
    const vpol = (extra: string) => VAP.replace('admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy', 'policies.kyverno.io/v1\nkind: ValidatingPolicy').replace('  failurePolicy: Fail\n', extra);
    expect(refusals(vpol(''))).toEqual([expect.stringMatching(/ValidatingPolicy no-empty-podselector may refuse at admission objects of networkpolicies.*\(validationActions Deny\)/)]);
    expect(refusals(vpol('  validationActions: [Deny]\n'))).toHaveLength(1);
    expect(refusals(vpol('  validationActions: [Audit, Warn]\n'))).toEqual([]);
    expect(refusals(vpol('  evaluation: {admission: {enabled: false}}\n'))).toEqual([]);
  });

  it('a ValidatingAdmissionPolicy refuses through a binding with Deny: reported at the policy, once', async () => {
    expect(refusals(VAP + binding('[Deny]'))).toEqual([expect.stringMatching(/^warning m\.yaml:1 ValidatingAdmissionPolicy no-empty-podselector may refuse at admission objects of networkpolicies.*bound with validationActions Deny by ValidatingAdmissionPolicyBinding no-empty-podselector \(m\.yaml:15\)/)]);
    // the binding in another file, before the policy; two bindings
    const files = { 'a.yaml': binding('[Warn, Deny]') + binding('[Deny]').replace('name: no-empty-podselector}', 'name: other}'), 'b.yaml': VAP };
    expect(load(files).diagnostics.filter((d) => d.code === 'RD012').map((d) => `${d.file}:${d.line}`)).toEqual(['b.yaml:1']);
    // without a binding, or with one that only warns or audits, it refuses nothing
    expect(refusals(VAP)).toEqual([]);
    expect(refusals(VAP + binding('[Warn, Audit]'))).toEqual([]);
    // a binding with Deny of a policy the manifests do not hold may refuse anything
    expect(refusals(binding('[Deny]', 'elsewhere'))).toEqual([expect.stringMatching(/^warning m\.yaml:1 ValidatingAdmissionPolicyBinding no-empty-podselector may refuse at admission objects of any kind.*binding ValidatingAdmissionPolicy elsewhere, which the manifests do not hold/)]);
    const r = await checkManifests(APP + VAP + binding('[Deny]'), FE_NEVER_DB);
    expect(r.stdout).toMatch(/ok\s+holds: fe never reaches db/);
    expect(r.code).toBe(0);
  });
});

describe('in the action', () => {
  it('a validating admission policy the change adds is an annotation at its line; one already at base is not', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'reachdiff-admission-'));
    try {
      const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } }).trim();
      git('init', '-q', '-b', 'main');
      writeFileSync(join(repo, 'm.yaml'), APP);
      git('add', '-A');
      git('commit', '-qm', 'base');
      const base = git('rev-parse', 'HEAD');
      writeFileSync(join(repo, 'm.yaml'), APP + kyverno('[NetworkPolicy]'));
      git('commit', '-qam', 'head');
      const run = async (from: string) => {
        const warnings: Array<{ message: string; at?: Annotation }> = [];
        const io: ActionIo = { info: () => {}, warning: (message, at) => warnings.push({ message, ...(at ? { at } : {}) }), error: () => {}, setOutput: () => {}, setFailed: () => {}, writeSummary: async () => {} };
        const inputs = readInputs((name) => ({ 'base-ref': from, 'head-ref': 'HEAD', source: 'git', comment: 'never', paths: 'm.yaml' })[name] ?? '');
        const env: ActionEnv = { eventName: 'workflow_dispatch', payload: {}, repository: 'octo/shop', workspace: repo, tempDir: join(repo, '.tmp'), runUrl: undefined };
        await analyzeRun(inputs, env, () => {
          throw new Error('no API in this test');
        }, io);
        return warnings.filter((w) => w.message.endsWith('[RD012]'));
      };
      expect(await run(base)).toEqual([
        { message: expect.stringMatching(/^ClusterPolicy restrict-np may refuse at admission objects of networkpolicies/), at: { title: 'reachdiff: may be refused at admission', file: 'm.yaml', startLine: expect.any(Number) } },
      ]);
      expect(await run('HEAD')).toEqual([]);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});
