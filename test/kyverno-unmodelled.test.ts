/**
 * What the Kyverno expansion does not model is said, never skipped in
 * silence: mutate rules that may change what governs traffic, and generate
 * rules on Pods whose effect on the pods the workloads' controllers make the
 * pod templates do not decide. Sources, cited as below:
 * - [mutate]: https://kyverno.io/docs/policy-types/cluster-policy/mutate/
 *   (patchStrategicMerge, patchesJson6902, foreach, mutate existing resources with `targets`)
 * - [autogen]: https://kyverno.io/docs/policy-types/cluster-policy/autogen/
 *   (a rule on Pods is applied to Deployments, StatefulSets, DaemonSets, Jobs, CronJobs... too)
 * - [generate]: https://kyverno.io/docs/policy-types/cluster-policy/generate/
 *   (a generate rule fires on the creation of the resources it matches; generateExisting on those that exist)
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Cluster } from '../src/input/cluster.js';
import { conn, deployment, load, matrixOf, namespace, policy } from './helpers.js';

const ALL = 'All Connections';
const NONE = 'No Connections';

function kyverno(name: string, rules: unknown[], options: { kind?: string; namespace?: string } = {}): string {
  const metadata = { name, ...(options.namespace ? { namespace: options.namespace } : {}) };
  return `${stringify({ apiVersion: 'kyverno.io/v1', kind: options.kind ?? 'ClusterPolicy', metadata, spec: { rules } })}---\n`;
}

const match = (kinds: string[], extra: Record<string, unknown> = {}) => ({ any: [{ resources: { kinds, ...extra } }] });

const LABEL_PATCH = { patchStrategicMerge: { metadata: { labels: { 'db-access': 'true' } } } };

/** /tmp/rt2/case5: db admits only pods labelled db-access=true, which a mutate rule adds to every pod of shop. */
const SHOP =
  namespace('shop') +
  deployment('shop', 'db', { app: 'db' }, [{ name: 'pg', port: 5432 }]) +
  deployment('shop', 'web', { app: 'web' }, [{ name: 'http', port: 8080 }]) +
  policy('shop', 'db', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { 'db-access': 'true' } } }] }] });

function warnings(c: Cluster, code: string): string[] {
  return [...c.diagnostics, ...(c.expansion?.warnings ?? [])].filter((d) => d.code === code).map((d) => `${d.file}:${d.line}: ${d.message}`);
}

function mutateRule(name: string, kinds: string[], mutate: Record<string, unknown> = LABEL_PATCH, extra: Record<string, unknown> = {}) {
  return { name, match: match(kinds, extra), mutate };
}

describe('Kyverno mutate rules are not applied, and say so where they may change traffic [mutate] [autogen]', () => {
  it('a patchStrategicMerge rule on Pods is a warning with file and line, and a ClusterPolicy not analysed', () => {
    const text = SHOP + kyverno('add-db-access', [mutateRule('label', ['Pod'], LABEL_PATCH, { namespaces: ['shop'] })]);
    const c = load({ 'p.yaml': text });
    const ruleLine = text.split('\n').findIndex((l) => l.includes('- name: label')) + 1;
    const w = warnings(c, 'RD011');
    expect(w).toHaveLength(1);
    expect(w[0]).toContain(`p.yaml:${ruleLine}: ClusterPolicy add-db-access (kyverno.io/v1) is not analysed: its mutate rule label is not applied, and it matches Pod`);
    expect(w[0]).toContain('autogen');
    // it adds a label: it may open and close paths anywhere
    expect(c.notAnalysed).toEqual([
      { kind: 'ClusterPolicy', name: 'add-db-access', source: { file: 'p.yaml', line: ruleLine }, reason: expect.stringContaining('mutate rule label is not applied'), effect: { does: 'both' } },
    ]);
    // the objects are still analysed as written
    expect(conn(matrixOf(text), 'shop/web[Deployment]', 'shop/db[Deployment]')).toBe(NONE);
  });

  it('rules on pod controllers (patchesJson6902), Namespaces, Services and every policy kind reachdiff reads are reported', () => {
    const json6902 = { patchesJson6902: stringify([{ op: 'add', path: '/spec/template/metadata/labels/db-access', value: 'true' }]) };
    for (const kinds of [['Deployment'], ['apps/v1/StatefulSet'], ['CronJob'], ['Namespace'], ['Service'], ['NetworkPolicy'], ['CiliumNetworkPolicy'], ['AdminNetworkPolicy'], ['GlobalNetworkPolicy'], ['Ingress']]) {
      const c = load(SHOP + kyverno('m', [mutateRule('r', kinds, json6902)]));
      expect(warnings(c, 'RD011'), kinds[0]).toHaveLength(1);
      expect(warnings(c, 'RD011')[0], kinds[0]).toContain(`it matches ${kinds[0]}`);
      expect(c.notAnalysed.map((n) => n.kind)).toEqual(['ClusterPolicy']);
    }
  });

  it('a rule matching any kind by wildcard is reported', () => {
    const c = load(SHOP + kyverno('m', [mutateRule('r', ['*'])]));
    expect(warnings(c, 'RD011')[0]).toContain('it matches every kind (*)');
    const versioned = load(SHOP + kyverno('m', [mutateRule('r', ['apps/v1/*'])]));
    expect(warnings(versioned, 'RD011')[0]).toContain('it matches apps/v1/*');
  });

  it('a foreach rule on Pods is reported, and so is a namespaced Policy', () => {
    const foreach = { foreach: [{ list: 'request.object.spec.containers', patchStrategicMerge: { metadata: { labels: { x: 'y' } } } }] };
    const c = load(SHOP + kyverno('m', [mutateRule('each', ['Pod'], foreach)], { kind: 'Policy', namespace: 'shop' }));
    expect(warnings(c, 'RD011')[0]).toContain('Policy shop/m (kyverno.io/v1) is not analysed: its mutate rule each is not applied');
    expect(c.notAnalysed.map((n) => `${n.kind} ${n.name}`)).toEqual(['Policy shop/m']);
  });

  it('a mutateExisting rule is reported by the kinds of its targets, whatever triggers it', () => {
    const targets = (kind: string, apiVersion: string) => ({ targets: [{ apiVersion, kind, namespace: 'shop' }], ...LABEL_PATCH });
    const deploymentTarget = load(SHOP + kyverno('m', [mutateRule('r', ['ConfigMap'], targets('Deployment', 'apps/v1'), { names: ['settings'] })]));
    expect(warnings(deploymentTarget, 'RD011')[0]).toContain('it matches apps/v1/Deployment');
    const variableTarget = load(SHOP + kyverno('m', [mutateRule('r', ['ConfigMap'], targets('{{request.object.data.kind}}', 'v1'))]));
    expect(warnings(variableTarget, 'RD011')[0]).toContain('every kind (*)');
    const secretTarget = load(SHOP + kyverno('m', [mutateRule('r', ['ConfigMap'], targets('Secret', 'v1'))]));
    expect(warnings(secretTarget, 'RD011')).toEqual([]);
    expect(secretTarget.notAnalysed).toEqual([]);
  });

  it('rules on kinds that govern no traffic (ConfigMap, Secret, ServiceAccount, a subresource) stay silent', () => {
    const c = load(SHOP + kyverno('m', [mutateRule('a', ['ConfigMap', 'Secret']), mutateRule('b', ['ServiceAccount']), mutateRule('c', ['Pod/status'])]));
    expect(warnings(c, 'RD011')).toEqual([]);
    expect(c.notAnalysed).toEqual([]);
  });

  it('a rule on ServiceAccounts is reported where Calico policies, whose serviceAccountSelector reads their labels, are present', () => {
    const calico = `${stringify({ apiVersion: 'projectcalico.org/v3', kind: 'NetworkPolicy', metadata: { name: 'c', namespace: 'shop' }, spec: { selector: 'app == "db"', ingress: [{ action: 'Allow' }] } })}---\n`;
    const c = load(SHOP + calico + kyverno('m', [mutateRule('sa', ['ServiceAccount'])]));
    expect(warnings(c, 'RD011').filter((w) => w.includes('mutate'))[0]).toContain('it matches ServiceAccount');
  });

  it('a policy with a generate rule and a mutate rule expands the first and reports the second [generate]', () => {
    const gen = { name: 'deny', match: match(['Namespace']), generate: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', name: 'deny', namespace: '{{request.object.metadata.name}}', generateExisting: true, data: { spec: { podSelector: {}, policyTypes: ['Ingress'] } } } };
    const c = load(SHOP + kyverno('both', [gen, mutateRule('label', ['Pod'])]));
    expect(c.policies.some((p) => p.policy.name === 'deny')).toBe(true);
    expect(c.notAnalysed.map((n) => n.reason)).toEqual([expect.stringContaining('mutate rule label is not applied')]);
  });
});

/** /tmp/rt2/case3: a generate rule on Pods labelled app=web opens db to them. */
const OPEN_DB = {
  name: 'gen',
  match: match(['Pod'], { selector: { matchLabels: { app: 'web' } } }),
  generate: {
    generateExisting: true,
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    name: 'db-from-{{request.object.metadata.labels.app}}',
    namespace: '{{request.object.metadata.namespace}}',
    data: { spec: { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: '{{request.object.metadata.labels.app}}' } } }] }] } },
  },
};

const ISOLATED_DB =
  namespace('shop') +
  deployment('shop', 'db', { app: 'db' }, [{ name: 'pg', port: 5432 }]) +
  deployment('shop', 'web', { app: 'web' }, [{ name: 'http', port: 8080 }]) +
  policy('shop', 'db', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'] });

function withRule(rule: Record<string, unknown>, manifests = ISOLATED_DB): Cluster {
  return load(manifests + kyverno('open-db-for-pods', [rule]));
}

describe('Kyverno generate rules on Pods fire for the pods the workloads make [generate] [autogen]', () => {
  it('a rule matching Pods generates for the pods of a Deployment, from its pod template, not "generates nothing"', () => {
    const c = withRule(OPEN_DB);
    expect(warnings(c, 'RD140')).toEqual([]);
    expect(c.notAnalysed).toEqual([]);
    const generated = c.policies.find((p) => p.policy.name === 'db-from-web');
    expect(generated?.policy.source.generatedBy?.trigger).toBe('the pods of Deployment shop/web');
    const m = matrixOf(ISOLATED_DB + kyverno('open-db-for-pods', [OPEN_DB]));
    expect(conn(m, 'shop/web[Deployment]', 'shop/db[Deployment]')).toBe(ALL);
    // db's pods do not carry app=web: nothing is generated for them
    expect(c.policies.map((p) => p.policy.name).sort()).toEqual(['db', 'db-from-web']);
  });

  it('without generateExisting it still fires for pods created after the policy, with the usual warning (RD042)', () => {
    const rule = { ...OPEN_DB, generate: { ...OPEN_DB.generate, generateExisting: false } };
    const c = withRule(rule);
    expect(c.policies.some((p) => p.policy.name === 'db-from-web')).toBe(true);
    expect(warnings(c, 'RD042')).toHaveLength(1);
  });

  it('StatefulSets and CronJobs (through their job template) make pods that trigger it too', () => {
    const sts = `${stringify({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'shop' }, spec: { serviceName: 'web', selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } } })}---\n`;
    const cron = `${stringify({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'web', namespace: 'shop' }, spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { metadata: { labels: { app: 'web' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'x' }] } } } } } })}---\n`;
    const base = namespace('shop') + deployment('shop', 'db', { app: 'db' });
    for (const [kind, workload] of [['StatefulSet', sts], ['CronJob', cron]] as const) {
      const c = withRule(OPEN_DB, base + workload);
      expect(c.policies.find((p) => p.policy.name === 'db-from-web')?.policy.source.generatedBy?.trigger, kind).toBe(`the pods of ${kind} shop/web`);
    }
  });

  it('a field the template sets (a label, a container name) is read from it; a label it lacks fails the rule there (RD040), as in Kyverno', () => {
    const sa = { ...OPEN_DB, generate: { ...OPEN_DB.generate, name: 'db-from-{{request.object.spec.containers[0].name}}' } };
    expect(withRule(sa).policies.some((p) => p.policy.name === 'db-from-main')).toBe(true);
    const missing = { ...OPEN_DB, generate: { ...OPEN_DB.generate, name: 'db-from-{{request.object.metadata.labels.team}}' } };
    const c = withRule(missing);
    expect(warnings(c, 'RD040')).toEqual([expect.stringContaining('does not resolve for the pods of Deployment shop/web')]);
    expect(c.notAnalysed).toEqual([]);
  });

  it('a rule on Pods in a namespace without workloads still generates nothing (RD140)', () => {
    const elsewhere = { ...OPEN_DB, match: match(['Pod'], { namespaces: ['ops'] }) };
    expect(warnings(withRule(elsewhere), 'RD140')).toHaveLength(1);
  });
});

describe('a generate rule on Pods that the pod templates do not decide is not analysed, never "generates nothing" [generate]', () => {
  const notAnalysed = (rule: Record<string, unknown>, why: string) => {
    const c = withRule(rule);
    expect(warnings(c, 'RD140')).toEqual([]);
    const w = warnings(c, 'RD041');
    expect(w, JSON.stringify(c.diagnostics)).toHaveLength(1);
    expect(w[0]).toContain('ClusterPolicy open-db-for-pods, rule gen is not expanded');
    expect(w[0]).toContain(why);
    expect(c.notAnalysed.map((n) => `${n.kind} ${n.name}`)).toEqual(['ClusterPolicy open-db-for-pods']);
    // nothing it would generate is analysed as if it were known
    expect(c.policies.map((p) => p.policy.name)).toEqual(['db']);
  };

  it('a variable reading the pod name, which the controller generates', () => {
    notAnalysed({ ...OPEN_DB, generate: { ...OPEN_DB.generate, name: 'from-{{request.object.metadata.name}}' } }, 'reads request.object.metadata.name');
    notAnalysed({ ...OPEN_DB, generate: { ...OPEN_DB.generate, name: 'from-{{request.name}}' } }, 'reads request.name');
  });

  it('a variable reading the whole labels, a controller label, owner references, or a field the API server defaults', () => {
    notAnalysed({ ...OPEN_DB, generate: { ...OPEN_DB.generate, name: "{{ join('-', keys(request.object.metadata.labels)) }}" } }, 'reads request.object.metadata.labels,');
    notAnalysed({ ...OPEN_DB, generate: { ...OPEN_DB.generate, name: "x-{{request.object.metadata.labels.\"pod-template-hash\"}}" } }, 'pod-template-hash');
    notAnalysed({ ...OPEN_DB, generate: { ...OPEN_DB.generate, name: 'x-{{request.object.metadata.ownerReferences[0].name}}' } }, 'ownerReferences');
    notAnalysed({ ...OPEN_DB, generate: { ...OPEN_DB.generate, name: 'x-{{request.object.spec.serviceAccountName}}' } }, 'request.object.spec.serviceAccountName');
    notAnalysed({ ...OPEN_DB, generate: { ...OPEN_DB.generate, name: 'x-{{to_string(@)}}' } }, 'the whole context');
  });

  it('context variables and preconditions are held to the same', () => {
    notAnalysed({ ...OPEN_DB, context: [{ name: 'pod', variable: { jmesPath: 'request.object.metadata.name' } }] }, 'reads request.object.metadata.name');
    notAnalysed({ ...OPEN_DB, preconditions: { all: [{ key: '{{request.object.metadata.generateName}}', operator: 'Equals', value: 'web-*' }] } }, 'generateName');
  });

  it('a match by pod name, or by a label the controller sets', () => {
    notAnalysed({ ...OPEN_DB, match: match(['Pod'], { names: ['web-*'] }) }, 'selects Pods by name');
    notAnalysed({ ...OPEN_DB, match: match(['Pod'], { selector: { matchExpressions: [{ key: 'pod-template-hash', operator: 'Exists' }] } }) }, 'pod-template-hash');
    notAnalysed({ ...OPEN_DB, exclude: match(['Pod'], { selector: { matchLabels: { 'job-*': '*' } } }) }, 'job-name');
  });
});

describe('CEL mutating policies are not applied either, and say so where they may change traffic', () => {
  // kyverno.io/docs/policy-types/mutating-policy: a MutatingPolicy (policies.kyverno.io) extends
  // Kubernetes' MutatingAdmissionPolicy, and both name what they mutate in spec.matchConstraints.resourceRules
  const cel = (apiVersion: string, kind: string, resources: string[]) =>
    `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: { name: add-label }\nspec:\n  matchConstraints:\n    resourceRules: [ { apiGroups: [''], apiVersions: [v1], operations: [CREATE], resources: ${JSON.stringify(resources)} } ]\n  mutations: [ { patchType: ApplyConfiguration, applyConfiguration: { expression: 'Object{}' } } ]\n---\n`;
  const reasons = (text: string) => load(namespace('shop') + text).notAnalysed.map((n) => `${n.kind}: ${n.reason}`);

  it('one that matches pods, a wildcard, or every resource with its subresources is not analysed', () => {
    expect(reasons(cel('policies.kyverno.io/v1', 'MutatingPolicy', ['pods']))).toEqual([expect.stringMatching(/^MutatingPolicy: its mutations are not applied, and it matches pods/)]);
    expect(reasons(cel('admissionregistration.k8s.io/v1beta1', 'MutatingAdmissionPolicy', ['*/*']))).toEqual([expect.stringMatching(/^MutatingAdmissionPolicy: .*matches \*/)]);
    expect(reasons(cel('policies.kyverno.io/v1', 'MutatingPolicy', ['configmaps', 'networkpolicies']))).toEqual([expect.stringMatching(/matches networkpolicies,/)]);
  });

  it('one on other resources, or on a subresource only, is not reported', () => {
    expect(reasons(cel('policies.kyverno.io/v1', 'MutatingPolicy', ['configmaps', 'secrets']))).toEqual([]);
    expect(reasons(cel('admissionregistration.k8s.io/v1', 'MutatingAdmissionPolicy', ['pods/status', 'pods/*']))).toEqual([]);
  });
});
