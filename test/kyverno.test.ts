/**
 * One test per rule of the expansion of Kyverno generate rules, named by the
 * rule. Sources, cited as below:
 * - [generate]: kyverno.io/docs/policy-types/cluster-policy/generate/
 * - [match]: kyverno.io/docs/policy-types/cluster-policy/match-exclude/
 * - [preconditions]: kyverno.io/docs/policy-types/cluster-policy/preconditions/
 * - [variables]: kyverno.io/docs/policy-types/cluster-policy/variables/
 * - [jmespath]: kyverno.io/docs/policy-types/cluster-policy/jmespath/
 *   (kyverno/website @7c0814a, src/content/docs/docs/policy-types/cluster-policy/)
 * - [match.go]: kyverno/kyverno pkg/engine/utils/match.go
 * - [library]: kyverno/policies @b9c4317, best-practices/add-network-policy,
 *   best-practices/add-networkpolicy-dns, other/generate-networkpolicy-existing
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { diffMatrices } from '../src/change/diff.js';
import { explainChange } from '../src/change/explain.js';
import { lint } from '../src/check/lint.js';
import { analyze } from '../src/engine/analyze.js';
import type { Cluster } from '../src/input/cluster.js';
import { readFiles } from '../src/input/load.js';
import { search } from '../src/expand/kyverno/jmespath.js';
import { renderDiffText } from '../src/render/difftext.js';
import { diffReport } from '../src/report/report.js';
import { checkManifests, cli, conn, deployment, load, matrixOf, namespace, policy } from './helpers.js';

const ALL = 'All Connections';
const NONE = 'No Connections';
const OUTSIDE = '8.8.8.8';

/** A Kyverno policy as YAML, one field a line, so that lines can be checked. */
function kyverno(name: string, rules: unknown[], options: { kind?: string; namespace?: string; apiVersion?: string; spec?: Record<string, unknown> } = {}): string {
  const metadata = { name, ...(options.namespace ? { namespace: options.namespace } : {}) };
  return `${stringify({ apiVersion: options.apiVersion ?? 'kyverno.io/v1', kind: options.kind ?? 'ClusterPolicy', metadata, spec: { ...options.spec, rules } })}---\n`;
}

/** The library's default deny (best-practices/add-network-policy), generated per Namespace. */
const DENY_ALL = { podSelector: {}, policyTypes: ['Ingress', 'Egress'] };

function generateRule(name: string, match: unknown, data: unknown = { spec: DENY_ALL }, extra: Record<string, unknown> = {}, generate: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    match,
    ...extra,
    generate: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', name, namespace: '{{request.object.metadata.name}}', synchronize: true, data, ...generate },
  };
}

const namespaces = { any: [{ resources: { kinds: ['Namespace'] } }] };
const app = (ns: string, labels: Record<string, string> = {}) => namespace(ns, labels) + deployment(ns, 'app', { app: 'app' }, [{ name: 'http', port: 80 }]);
const APP = (ns: string) => `${ns}/app[Deployment]`;

/** Whether the app of a namespace is isolated (denied from outside). */
function isolated(m: ReturnType<typeof matrixOf>, ns: string): boolean {
  return conn(m, OUTSIDE, APP(ns)) === NONE;
}

function codes(c: Cluster): string[] {
  return c.diagnostics.map((d) => d.code);
}

describe('Kyverno generate rules: match and exclude [match] [match.go]', () => {
  it('a rule matching Namespaces generates its policy in every namespace of the manifests [generate, library]', () => {
    const m = matrixOf(app('shop') + app('ops') + kyverno('add-networkpolicy', [generateRule('default-deny', namespaces)]));
    expect(isolated(m, 'shop')).toBe(true);
    expect(isolated(m, 'ops')).toBe(true);
    expect(m.cluster.policies.map((p) => `${p.policy.namespace}/${p.policy.name}`)).toEqual(['shop/default-deny', 'ops/default-deny']);
  });

  it('a namespace only referenced, not declared, exists all the same and is matched with its implicit label', () => {
    const m = matrixOf(deployment('shop', 'app', { app: 'app' }) + kyverno('p', [generateRule('default-deny', namespaces)]));
    expect(isolated(m, 'shop')).toBe(true);
  });

  it('match.any holds when one filter holds, match.all only when every one does', () => {
    const any = { any: [{ resources: { kinds: ['Namespace'], names: ['shop'] } }, { resources: { kinds: ['Namespace'], names: ['ops'] } }] };
    const all = { all: [{ resources: { kinds: ['Namespace'], names: ['s*'] } }, { resources: { kinds: ['Namespace'], names: ['*p'] } }] };
    const base = app('shop') + app('ops') + app('dev');
    const mAny = matrixOf(base + kyverno('p', [generateRule('deny', any)]));
    expect(['shop', 'ops', 'dev'].map((n) => isolated(mAny, n))).toEqual([true, true, false]);
    const mAll = matrixOf(base + kyverno('p', [generateRule('deny', all)]));
    expect(['shop', 'ops', 'dev'].map((n) => isolated(mAll, n))).toEqual([true, false, false]);
  });

  it('resources.names takes wildcards: * any run of characters, ? exactly one', () => {
    const m = matrixOf(app('dev-a') + app('dev') + app('qa-1') + app('qa-10') + kyverno('p', [generateRule('deny', { any: [{ resources: { kinds: ['Namespace'], names: ['dev-*', 'qa-?'] } }] })]));
    expect(['dev-a', 'dev', 'qa-1', 'qa-10'].map((n) => isolated(m, n))).toEqual([true, false, true, false]);
  });

  it('for a Namespace, resources.namespaces is compared with its own name (checkNameSpace)', () => {
    const rule = generateRule('deny', namespaces, undefined, { exclude: { any: [{ resources: { namespaces: ['kube-*', 'default'] } }] } });
    const m = matrixOf(app('kube-system') + app('default') + app('team') + kyverno('p', [rule]));
    expect(['kube-system', 'default', 'team'].map((n) => isolated(m, n))).toEqual([false, false, true]);
  });

  it('resources.selector matches the labels of the object, with wildcards in matchLabels', () => {
    const rule = generateRule('deny', { any: [{ resources: { kinds: ['Namespace'], selector: { matchLabels: { 'tier*': 'prod-?' } } } }] });
    const m = matrixOf(app('a', { 'tier.example/x': 'prod-1' }) + app('b', { tier: 'prod-10' }) + app('c') + kyverno('p', [rule]));
    expect(['a', 'b', 'c'].map((n) => isolated(m, n))).toEqual([true, false, false]);
  });

  it('exclude.any spares an object any filter holds for; exclude.all one that every filter holds for', () => {
    const excludeAny = { any: [{ resources: { kinds: ['Namespace'], selector: { matchLabels: { skip: 'true' } } } }, { resources: { names: ['b'] } }] };
    const excludeAll = { all: [{ resources: { kinds: ['Namespace'], selector: { matchLabels: { skip: 'true' } } } }, { resources: { names: ['b'] } }] };
    const base = app('a', { skip: 'true' }) + app('b', { skip: 'true' }) + app('c');
    const mAny = matrixOf(base + kyverno('p', [generateRule('deny', namespaces, undefined, { exclude: excludeAny })]));
    expect(['a', 'b', 'c'].map((n) => isolated(mAny, n))).toEqual([false, false, true]);
    const mAll = matrixOf(base + kyverno('p', [generateRule('deny', namespaces, undefined, { exclude: excludeAll })]));
    expect(['a', 'b', 'c'].map((n) => isolated(mAll, n))).toEqual([true, false, true]);
  });

  it("namespaceSelector matches the labels of the object's namespace, and on a Namespace fails the filter, in match and exclude", () => {
    const perDeployment = generateRule('deny', { any: [{ resources: { kinds: ['Deployment'], namespaceSelector: { matchLabels: { env: 'prod' } } } }] }, undefined, {}, {
      namespace: '{{request.object.metadata.namespace}}',
    });
    const m = matrixOf(app('a', { env: 'prod' }) + app('b', { env: 'dev' }) + kyverno('p', [perDeployment]));
    expect(['a', 'b'].map((n) => isolated(m, n))).toEqual([true, false]);
    // Kyverno 1.11 and later, pkg/engine/utils/match.go: "namespace selector is not applicable for namespace resource"
    const onNamespaces = generateRule('deny', { any: [{ resources: { kinds: ['Namespace'], namespaceSelector: { matchLabels: { env: 'prod' } } } }] });
    const n = matrixOf(app('a', { env: 'prod' }) + app('b', { env: 'dev' }) + kyverno('p', [onNamespaces]));
    expect(['a', 'b'].map((x) => isolated(n, x))).toEqual([false, false]);
    // so an exclude block written so never excludes a Namespace
    const excluding = generateRule('deny', { any: [{ resources: { kinds: ['Namespace'] } }] }, undefined, { exclude: { any: [{ resources: { kinds: ['Namespace'], namespaceSelector: { matchLabels: { env: 'dev' } } } }] } });
    const e = matrixOf(app('a', { env: 'prod' }) + app('b', { env: 'dev' }) + kyverno('p', [excluding]));
    expect(['a', 'b'].map((x) => isolated(e, x))).toEqual([true, true]);
  });

  // [match]: a filter's selector reads the object's labels, its namespaceSelector those of its namespace; a namespace the
  // manifests only reference has, in the model, its name's label alone, and the cluster's may carry others
  describe('labels of a namespace neither the manifests nor the config declare [match] [generate]', () => {
    const exempt = { any: [{ resources: { selector: { matchLabels: { 'netpol-exempt': 'true' } } } }] };
    const denyExisting = (rule: Record<string, unknown>) => kyverno('default-deny', [rule], { spec: { generateExisting: true } });
    const db = deployment('data', 'db', { app: 'db' }, [{ port: 5432 }]);
    const frontend = deployment('web', 'frontend', { app: 'frontend' });
    const never = 'invariants:\n  - name: frontend never reaches db\n    never: { from: { workload: web/frontend }, to: { workload: data/db } }\n';
    const outside = (labels: string) => `outside:\n  namespaces:\n    - name: data\n      labels: { ${labels} }\n    - name: web\n      labels: { team: web }\n`;

    it('an exclude on the labels of a namespace only referenced leaves what the rule generates there not analysed: never fails closed, where it held', async () => {
      const manifests = frontend + db + denyExisting(generateRule('default-deny', namespaces, { spec: { podSelector: {}, policyTypes: ['Ingress'] } }, { exclude: exempt }));
      const r = await checkManifests(manifests, never);
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(
        'ClusterPolicy default-deny: not analysed (rule default-deny generates for namespace data as the manifests give its labels, and may not: its match and exclude read label netpol-exempt of namespace data, which neither the manifests nor the config declare',
      );
      expect(r.stderr).toMatch(/warning: ClusterPolicy default-deny, rule default-deny: whether it generates for objects of namespaces data \(label netpol-exempt\), web \(label netpol-exempt\) depends on their labels.*declare them with their labels, in the manifests or under outside\.namespaces in the config, to analyse it exactly \[RD041\]/);
      // declared, in the manifests or the config, the namespace is analysed as its labels say
      expect((await checkManifests(namespace('data') + namespace('web') + manifests, never)).code).toBe(0);
      expect((await checkManifests(namespace('data', { 'netpol-exempt': 'true' }) + namespace('web') + manifests, never)).stdout).toContain('FAIL violated: frontend never reaches db');
      const declared = await checkManifests(manifests, never + outside('tier: data'));
      expect(declared.code).toBe(0);
      expect(declared.stderr).not.toContain('RD041');
      expect((await checkManifests(manifests, never + outside('netpol-exempt: "true"'))).stdout).toContain('FAIL violated: frontend never reaches db');
    });

    it('a match on such labels, which the model does not meet, leaves what the rule would generate there not analysed, in that namespace alone', () => {
      const rule = generateRule('deny', { any: [{ resources: { kinds: ['Namespace'], selector: { matchLabels: { isolate: 'true' } } } }] });
      const c = load(db + app('shop') + denyExisting(rule));
      expect(c.policies).toEqual([]);
      expect(c.notAnalysed.map((n) => [n.effect, n.reason.split(':')[0]])).toEqual([[{ does: 'both', namespace: 'data' }, 'rule deny does not generate for namespace data as the manifests give its labels, and may']]);
    });

    it('a namespaceSelector on the triggers of such a namespace: in their namespace where generate.namespace is theirs, in every one otherwise', () => {
      const selector = { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }] };
      const perDeployment = (generate: Record<string, unknown>) =>
        denyExisting(generateRule('deny', { any: [{ resources: { kinds: ['Deployment'], namespaceSelector: selector } }] }, undefined, {}, generate));
      // generated in the model (no env label), and may not be
      const own = load(db + perDeployment({ namespace: '{{ request.object.metadata.namespace }}' }));
      expect(own.policies.map((p) => `${p.policy.namespace}/${p.policy.name}`)).toEqual(['data/deny']);
      expect(own.notAnalysed.map((n) => n.effect)).toEqual([{ does: 'both', mayBeAbsent: true, namespace: 'data' }]);
      expect(own.notAnalysed[0]!.reason).toContain('rule deny generates for Deployment data/db as the manifests give the labels of namespace data, and may not: its match and exclude read label env of namespace data');
      // not generated in the model (an In on a label it lacks), generated where written
      const inSelector = { matchLabels: { env: 'prod' } };
      const written = load(db + denyExisting(generateRule('deny', { any: [{ resources: { kinds: ['Deployment'], namespaceSelector: inSelector } }] }, undefined, {}, { namespace: 'security' })));
      expect(written.notAnalysed.map((n) => n.effect)).toEqual([{ does: 'both', namespace: 'security' }]);
      // a cluster-scoped kind acts on every namespace
      const anp = { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', namespace: undefined, name: 'deny-{{request.object.metadata.namespace}}' };
      const cluster = load(db + denyExisting(generateRule('deny', { any: [{ resources: { kinds: ['Deployment'], namespaceSelector: inSelector } }] }, { spec: { priority: 10, subject: { namespaces: {} } } }, {}, anp)));
      expect(cluster.notAnalysed.map((n) => n.effect)).toEqual([{ does: 'both' }]);
      // the pods a controller makes are triggers of that namespace too
      const pods = load(db + denyExisting(generateRule('deny', { any: [{ resources: { kinds: ['Pod'], namespaceSelector: inSelector } }] }, undefined, {}, { namespace: '{{request.namespace}}' })));
      expect(pods.notAnalysed.map((n) => [n.effect, n.reason.split(' as ')[0]])).toEqual([[{ does: 'both', namespace: 'data' }, 'rule deny does not generate for the pods of Deployment data/db']]);
    });

    it('requirements on the name label alone are decided, and namespaces the manifests or the config declare are not doubted', () => {
      const byName = { any: [{ resources: { kinds: ['Namespace'], selector: { matchLabels: { 'kubernetes.io/metadata.name': 'data' } } } }] };
      const c = load(db + denyExisting(generateRule('deny', byName, undefined, { exclude: { any: [{ resources: { selector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['kube-*'] }] } } }] } })));
      expect(c.policies.map((p) => `${p.policy.namespace}/${p.policy.name}`)).toEqual(['data/deny']);
      expect(c.notAnalysed).toEqual([]);
      // a name that rules the namespace out decides, whatever else the filter reads
      const other = { any: [{ resources: { kinds: ['Namespace'], selector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop', team: 'x' } } } }] };
      expect(load(db + denyExisting(generateRule('deny', other))).notAnalysed).toEqual([]);
      const declared = load(namespace('data') + db + denyExisting(generateRule('deny', namespaces, undefined, { exclude: exempt })));
      expect(declared.notAnalysed).toEqual([]);
      expect(codes(declared)).not.toContain('RD041');
    });

    it('a namespace every cluster has, only referenced, is one no one declares too; so is a Namespace\'s annotation', () => {
      const c = load(deployment('default', 'app', { app: 'app' }) + denyExisting(generateRule('deny', namespaces, undefined, { exclude: exempt })));
      expect(c.notAnalysed.map((n) => n.effect)).toEqual([{ does: 'both', mayBeAbsent: true, namespace: 'default' }]);
      const annotated = { any: [{ resources: { kinds: ['Namespace'], annotations: { 'example.com/isolate': 'true' } } }] };
      const a = load(db + denyExisting(generateRule('deny', annotated)));
      expect(a.notAnalysed.map((n) => n.reason.split(', which')[0])).toEqual([
        'rule deny does not generate for namespace data as the manifests give its labels, and may: its match and exclude read annotation example.com/isolate of namespace data',
      ]);
    });

    it("preconditions or variables that read such a Namespace's labels or annotations (but its name's) leave what it generates there not analysed [preconditions, variables]", () => {
      const condition = { all: [{ key: `{{ request.object.metadata.labels."netpol-exempt" || '' }}`, operator: 'NotEquals', value: 'true' }] };
      const rule = generateRule('deny', namespaces, undefined, { preconditions: condition });
      const c = load(db + app('shop') + denyExisting(rule));
      // in a declared namespace the labels are known: generated as they say
      expect(c.policies.map((p) => `${p.policy.namespace}/${p.policy.name}`)).toEqual(['shop/deny']);
      expect(c.notAnalysed.map((n) => n.effect)).toEqual([{ does: 'both', namespace: 'data' }]);
      expect(c.notAnalysed[0]!.reason).toContain('rule deny may generate for namespace data other objects than the manifests\' labels of it give, or none: its {{request.object.metadata.labels."netpol-exempt" || \'\'}} reads request.object.metadata.labels.netpol-exempt of namespace data');
      expect(c.diagnostics.find((d) => d.code === 'RD041')?.message).toContain('namespace data ({{request.object.metadata.labels."netpol-exempt" || \'\'}} reads request.object.metadata.labels.netpol-exempt)');
      // its name's label is the API server's
      const byName = generateRule('deny', namespaces, undefined, { preconditions: { all: [{ key: '{{ request.object.metadata.labels."kubernetes.io/metadata.name" }}', operator: 'NotEquals', value: 'kube-system' }] } });
      const named = load(db + denyExisting(byName));
      expect(named.policies.map((p) => `${p.policy.namespace}/${p.policy.name}`)).toEqual(['data/deny']);
      expect(named.notAnalysed).toEqual([]);
    });

    it('with applyRules: One, a later rule on an object an earlier one may or may not apply to is not analysed there either', () => {
      const first = generateRule('first', namespaces, undefined, { exclude: exempt });
      const second = generateRule('second', namespaces);
      const c = load(db + kyverno('p', [first, second], { spec: { generateExisting: true, applyRules: 'One' } }));
      expect(c.policies.map((p) => `${p.policy.namespace}/${p.policy.name}`)).toEqual(['data/first']);
      expect(c.notAnalysed.map((n) => [n.effect, n.reason.split(' as ')[0]])).toEqual([
        [{ does: 'both', mayBeAbsent: true, namespace: 'data' }, 'rule first generates for namespace data'],
        [{ does: 'both', namespace: 'data' }, 'rule second does not generate for namespace data'],
      ]);
      expect(c.notAnalysed[1]!.reason).toContain('with applyRules: One, it applies only where rule first before it does not, whose match and exclude read label netpol-exempt of namespace data');
    });
  });

  it('a rule matching Deployments generates per Deployment, in its namespace, named after it; kinds may name the group and version', () => {
    const rule = {
      name: 'isolate',
      match: { any: [{ resources: { kinds: ['apps/v1/Deployment'], selector: { matchLabels: { isolate: 'enabled' } } } }] },
      generate: {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        name: '{{request.object.metadata.name}}-isolated',
        namespace: '{{request.object.metadata.namespace}}',
        data: { spec: { podSelector: { matchLabels: '{{request.object.spec.template.metadata.labels}}' }, policyTypes: ['Ingress'] } },
      },
    };
    const text = namespace('shop') + deployment('shop', 'a', { app: 'a' }) + deployment('shop', 'b', { app: 'b' }) + kyverno('p', [rule]);
    const withLabel = text.replace('name: a\n', 'name: a\n  labels: { isolate: enabled }\n');
    const m = matrixOf(withLabel);
    expect(m.cluster.policies.map((p) => `${p.policy.namespace}/${p.policy.name}`)).toEqual(['shop/a-isolated']);
    expect(conn(m, 'shop/b[Deployment]', 'shop/a[Deployment]')).toBe(NONE);
    expect(conn(m, 'shop/a[Deployment]', 'shop/b[Deployment]')).toBe(ALL);
  });

  it('operations that leave out CREATE select nothing: every object of the manifests is read as a CREATE request', () => {
    const m = matrixOf(app('a') + kyverno('p', [generateRule('deny', { any: [{ resources: { kinds: ['Namespace'], operations: ['UPDATE'] } }] })]));
    expect(isolated(m, 'a')).toBe(false);
  });

  it('a namespaced Policy matches only objects of its own namespace and generates there [match.go]', () => {
    const rule = generateRule('deny', { any: [{ resources: { kinds: ['ConfigMap'] } }] }, undefined, {}, { namespace: 'a' });
    const cm = (ns: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings, namespace: ${ns} }\n---\n`;
    const m = matrixOf(app('a') + app('b') + cm('a') + cm('b') + kyverno('p', [rule], { kind: 'Policy', namespace: 'a' }));
    expect(['a', 'b'].map((n) => isolated(m, n))).toEqual([true, false]);
  });

  it('a namespaced Policy that generates into another namespace is an error: Kyverno rejects it', () => {
    const rule = generateRule('deny', { any: [{ resources: { kinds: ['ConfigMap'] } }] }, undefined, {}, { namespace: 'b' });
    const c = load(app('a') + app('b') + 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: s, namespace: a }\n---\n' + kyverno('p', [rule], { kind: 'Policy', namespace: 'a' }));
    expect(c.diagnostics.find((d) => d.code === 'RD040')?.message).toMatch(/generates only in its own namespace a, not in b/);
    expect(c.policies).toHaveLength(0);
  });
});

describe('Kyverno generate rules: preconditions [preconditions]', () => {
  const withPre = (pre: unknown) => app('a', { team: 'alpha' }) + app('b', { team: 'beta' }) + app('c') + kyverno('p', [generateRule('deny', namespaces, undefined, { preconditions: pre })]);
  const result = (pre: unknown) => {
    const m = matrixOf(withPre(pre));
    return ['a', 'b', 'c'].map((n) => isolated(m, n));
  };

  it('Equals and NotEquals compare a key with a value, strings by wildcard', () => {
    expect(result({ all: [{ key: "{{request.object.metadata.labels.team || ''}}", operator: 'Equals', value: 'al*' }] })).toEqual([true, false, false]);
    expect(result({ all: [{ key: "{{request.object.metadata.labels.team || ''}}", operator: 'NotEquals', value: 'alpha' }] })).toEqual([false, true, true]);
  });

  it('AnyIn, AllIn, AnyNotIn and AllNotIn compare lists', () => {
    const key = "{{request.object.metadata.labels.team || 'none'}}";
    expect(result({ any: [{ key, operator: 'AnyIn', value: ['alpha', 'beta'] }] })).toEqual([true, true, false]);
    expect(result({ any: [{ key: ['{{request.object.metadata.name}}', 'a'], operator: 'AllIn', value: ['a', 'b'] }] })).toEqual([true, true, false]);
    expect(result({ any: [{ key: ['{{request.object.metadata.name}}', 'a'], operator: 'AnyNotIn', value: ['a'] }] })).toEqual([false, true, true]);
    expect(result({ any: [{ key, operator: 'AllNotIn', value: ['alpha', 'beta'] }] })).toEqual([false, false, true]);
  });

  it('any and all are both required where both are given; a plain list is an all block', () => {
    const any = [{ key: '{{request.object.metadata.name}}', operator: 'Equals', value: 'a' }, { key: '{{request.object.metadata.name}}', operator: 'Equals', value: 'b' }];
    const all = [{ key: '{{request.object.metadata.name}}', operator: 'NotEquals', value: 'b' }];
    expect(result({ any, all })).toEqual([true, false, false]);
    expect(result([{ key: '{{request.object.metadata.name}}', operator: 'In', value: ['a', 'c'] }])).toEqual([true, false, true]);
  });

  it('a condition whose variable does not resolve does not hold, so nothing is generated for that object', () => {
    expect(result({ all: [{ key: '{{request.object.metadata.labels.team}}', operator: 'NotEquals', value: 'x' }] })).toEqual([true, true, false]);
  });
});

describe('Kyverno generate rules: variables [variables] [jmespath]', () => {
  it('variables in generate.name and data are substituted from the trigger: name, namespace, labels.X', () => {
    const rule = generateRule(
      'team-ingress',
      { any: [{ resources: { kinds: ['Namespace'], selector: { matchExpressions: [{ key: 'team', operator: 'Exists' }] } } }] },
      { spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: '{{request.object.metadata.labels.team}}' } } }] }] } },
      {},
      { name: '{{request.object.metadata.name}}-team-ingress' },
    );
    const m = matrixOf(app('a1', { team: 'alpha' }) + app('a2', { team: 'alpha' }) + app('b1', { team: 'beta' }) + kyverno('team', [rule]));
    expect(m.cluster.policies.map((p) => p.policy.name)).toEqual(['a1-team-ingress', 'a2-team-ingress', 'b1-team-ingress']);
    expect(conn(m, APP('a2'), APP('a1'))).toBe(ALL);
    expect(conn(m, APP('b1'), APP('a1'))).toBe(NONE);
  });

  it('a variable that is the whole value keeps its type; inside a longer string it is written out', () => {
    const scope = { data: { request: { object: { metadata: { name: 'x', labels: { a: 'b' } } } } }, names: new Set<string>() };
    expect(search('request.object.metadata.labels', scope.data)).toEqual({ a: 'b' });
    const rule = generateRule(
      'deny',
      namespaces,
      { spec: { podSelector: { matchLabels: '{{request.object.metadata.labels}}' }, policyTypes: ['Ingress'] } },
      {},
      { name: 'deny-{{request.object.metadata.labels}}' },
    );
    const c = load(app('shop', { zone: 'z1' }) + kyverno('p', [rule]));
    // written out as JSON, which is no valid name: the policy is rejected, as the API server would reject it;
    // Kyverno writes it with Go's encoding/json, whose mappings have their keys sorted (pkg/engine/variables/vars.go, substituteVarInPattern)
    expect(c.policies).toEqual([]);
    expect(c.diagnostics.map((d) => d.message).join('\n')).toContain('metadata.name "deny-{"kubernetes.io/metadata.name":"shop","zone":"z1"}" is not a valid NetworkPolicy name');
  });

  it('JMESPath expressions: || defaults, quoted keys, pipes and functions (split, to_upper, join, length)', () => {
    const data = { request: { object: { metadata: { name: 'Shop', labels: { 'app.kubernetes.io/name': 'web' }, annotations: { list: 'a,b,c' } } } } };
    expect(search("request.object.metadata.labels.team || 'none'", data)).toBe('none');
    expect(search('request.object.metadata.labels."app.kubernetes.io/name"', data)).toBe('web');
    expect(search("request.object.metadata.annotations.list | split(@, ',') | length(@)", data)).toBe(3);
    expect(search("join('-', [to_upper(request.object.metadata.name), 'x'])", data)).toBe('SHOP-x');
    expect(search("split(request.object.metadata.annotations.list, ',')[?@ != 'b'] | [1]", data)).toBe('c');
    expect(search('`[1, 2, 3]`[::-1]', data)).toEqual([3, 2, 1]);
    expect(search('{n: request.object.metadata.name, l: length(keys(request.object.metadata))}', data)).toEqual({ n: 'Shop', l: 3 });
  });

  it('context variables are evaluated in order, each from a value or a JMESPath expression, with a default', () => {
    const rule = generateRule('deny', namespaces, { spec: DENY_ALL }, {
      context: [
        { name: 'team', variable: { jmesPath: 'request.object.metadata.labels.team', default: 'shared' } },
        { name: 'target', variable: { value: 'np-{{team}}' } },
      ],
    }, { name: '{{target}}' });
    const c = load(app('a', { team: 'alpha' }) + app('b') + kyverno('p', [rule]));
    expect(c.policies.map((p) => `${p.policy.namespace}/${p.policy.name}`)).toEqual(['a/np-alpha', 'b/np-shared']);
  });

  it('a variable that does not resolve is an error with file and line, and nothing is generated for that object', () => {
    const rule = generateRule('deny', namespaces, { spec: { podSelector: { matchLabels: { team: '{{request.object.metadata.labels.team}}' } }, policyTypes: ['Ingress'] } });
    const text = app('a', { team: 'alpha' }) + app('b') + app('c') + kyverno('p', [rule]);
    const c = load({ 'platform/kyverno.yaml': text });
    const d = c.diagnostics.find((x) => x.code === 'RD040')!;
    expect(d).toMatchObject({ severity: 'error', file: 'platform/kyverno.yaml' });
    expect(text.split('\n')[d.line - 1]).toContain('- name: deny');
    expect(d.message).toBe('ClusterPolicy p, rule deny: the variable {{request.object.metadata.labels.team}} does not resolve for namespace b (and 1 more); Kyverno fails the rule there and generates nothing');
    expect(c.policies.map((p) => p.policy.namespace)).toEqual(['a']);
  });

  // Kyverno's policy validation refuses the whole ClusterPolicy at admission (kubectl apply fails on it), so its
  // other rules never reach the cluster either
  it('a variable not defined in the context is an error: Kyverno rejects the policy, and its other rules with it', () => {
    const bad = generateRule('bad', namespaces, { spec: DENY_ALL }, {}, { name: '{{requests.object.metadata.name}}' });
    const c = load(app('a') + kyverno('p', [bad, generateRule('good', namespaces)]));
    expect(c.diagnostics.find((x) => x.code === 'RD040')?.message).toMatch(/rule bad: the variable \{\{requests.object.metadata.name\}\} is not defined in the context/);
    expect(c.policies.map((p) => p.policy.name)).toEqual([]);
    // the good rule alone is expanded
    expect(load(app('a') + kyverno('p', [generateRule('good', namespaces)])).policies.map((p) => p.policy.name)).toEqual(['good']);
  });
});

describe('Kyverno generate rules: data, clone, cloneList, foreach [generate]', () => {
  it('generate.clone copies a policy of the manifests into each namespace', () => {
    const source = policy('platform', 'template', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] });
    const rule = { name: 'copy', match: namespaces, exclude: { any: [{ resources: { names: ['platform'] } }] }, generate: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', name: 'same-namespace', namespace: '{{request.object.metadata.name}}', clone: { namespace: 'platform', name: 'template' } } };
    const m = matrixOf(namespace('platform') + app('a') + app('b') + source + kyverno('p', [rule]));
    expect(m.cluster.policies.map((p) => `${p.policy.namespace}/${p.policy.name}`)).toEqual(['platform/template', 'a/same-namespace', 'b/same-namespace']);
    expect(isolated(m, 'a')).toBe(true);
  });

  it('generate.cloneList copies the policies of a namespace that its kinds and selector name', () => {
    const src = (name: string, labels: Record<string, string>) =>
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: ${name}, namespace: platform, labels: ${JSON.stringify(labels)} }\nspec: { podSelector: {}, policyTypes: [Ingress] }\n---\n`;
    const rule = { name: 'copy', match: { any: [{ resources: { kinds: ['Namespace'], names: ['a'] } }] }, generate: { namespace: '{{request.object.metadata.name}}', cloneList: { namespace: 'platform', kinds: ['networking.k8s.io/v1/NetworkPolicy'], selector: { matchLabels: { clone: 'true' } } } } };
    const c = load(namespace('platform') + app('a') + src('one', { clone: 'true' }) + src('two', {}) + kyverno('p', [rule]));
    expect(c.policies.map((p) => `${p.policy.namespace}/${p.policy.name}`)).toEqual(['platform/one', 'platform/two', 'a/one']);
  });

  it('foreach generates once for each element of a list of the trigger, with element and elementIndex and per-element preconditions', () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: isolate, namespace: default }\ndata: { namespaces: "a,b,c" }\n---\n';
    const rule = {
      name: 'isolate',
      match: { any: [{ resources: { kinds: ['ConfigMap'], names: ['isolate'] } }] },
      generate: {
        foreach: [
          {
            list: "request.object.data.namespaces | split(@, ',')",
            context: [{ name: 'ns', variable: { jmesPath: 'element' } }],
            preconditions: { any: [{ key: '{{ ns }}', operator: 'AnyNotIn', value: ['c'] }] },
            apiVersion: 'networking.k8s.io/v1',
            kind: 'NetworkPolicy',
            name: 'deny-{{ elementIndex }}-{{ ns }}',
            namespace: '{{ ns }}',
            data: { spec: DENY_ALL },
          },
        ],
      },
    };
    const m = matrixOf(app('a') + app('b') + app('c') + cm + kyverno('p', [rule]));
    expect(m.cluster.policies.map((p) => `${p.policy.namespace}/${p.policy.name}`)).toEqual(['a/deny-0-a', 'b/deny-1-b']);
    expect(['a', 'b', 'c'].map((n) => isolated(m, n))).toEqual([true, true, false]);
  });

  it('synchronize does not change what is generated', () => {
    const sync = matrixOf(app('a') + kyverno('p', [generateRule('deny', namespaces, undefined, {}, { synchronize: true })]));
    const nosync = matrixOf(app('a') + kyverno('p', [generateRule('deny', namespaces, undefined, {}, { synchronize: false })]));
    expect(isolated(sync, 'a')).toBe(true);
    expect(isolated(nosync, 'a')).toBe(true);
  });

  it('generateExisting not true: one warning per rule, and the policy is analysed in every namespace [generate, Generate for Existing resources]', () => {
    const c = load(app('a') + app('b') + kyverno('p', [generateRule('deny', namespaces)]));
    expect(c.diagnostics.filter((d) => d.code === 'RD042').map((d) => d.message)).toEqual([
      'ClusterPolicy p, rule deny: generateExisting is not true, so objects that existed before the policy was installed do not get what it generates; analysed as if they did',
    ]);
    expect(c.policies).toHaveLength(2);
    expect(codes(load(app('a') + kyverno('p', [generateRule('deny', namespaces, undefined, {}, { generateExisting: true })])))).not.toContain('RD042');
    expect(codes(load(app('a') + kyverno('p', [generateRule('deny', namespaces)], { spec: { generateExisting: true } })))).not.toContain('RD042');
  });

  // [generate]: standard generate rules act on admission events, and only "generate existing" rules on resources that exist before the policy
  describe('generateExisting not true, in namespaces the manifests do not create [generate, Generate for Existing resources]', () => {
    const invariants = (ns: string) => `invariants:
  - name: nothing from outside
    never: { from: { cidr: ${OUTSIDE}/32 }, to: { namespace: ${ns} } }
  - name: isolated
    isolated: { workloads: { namespace: ${ns} } }
`;
    const generateExisting = { spec: { generateExisting: true } };

    it('what it generates in a namespace every cluster has (default, kube-system) is not analysed, failing invariants there closed, where it would make them hold', async () => {
      for (const ns of ['default', 'kube-system']) {
        const manifests = deployment(ns, 'app', { app: 'app' }, [{ port: 80 }]) + kyverno('p', [generateRule('deny', namespaces)]);
        const r = await checkManifests(manifests, invariants(ns));
        expect(r.code).toBe(1);
        expect(r.stdout).toContain(`ClusterPolicy p: not analysed (rule deny generates for namespace ${ns}, which exists from the cluster's start: without generateExisting Kyverno generates only on the admission requests it sees once the policy is installed`);
        expect(r.stdout).toContain('the policies it stands for, which may be what isolates these pods, may not be in the cluster');
        expect(r.stderr).toContain(`analysed as if they did, and invariants on namespace ${ns} fail closed (not analysed)`);
        // with generateExisting, Kyverno generates for the namespaces that exist when the policy is created
        const sure = await checkManifests(deployment(ns, 'app', { app: 'app' }, [{ port: 80 }]) + kyverno('p', [generateRule('deny', namespaces)], generateExisting), invariants(ns));
        expect(sure.code).toBe(0);
      }
    });

    it('so is what it generates in a namespace the manifests only reference, or the config declares outside them; not in one they create', async () => {
      const manifests = deployment('shop', 'app', { app: 'app' }, [{ port: 80 }]) + kyverno('p', [generateRule('deny', namespaces)]);
      const referenced = await checkManifests(manifests, invariants('shop'));
      expect(referenced.code).toBe(1);
      expect(referenced.stdout).toContain('rule deny generates for namespace shop, which the manifests do not create (they only reference it)');
      const config = `${invariants('shop')}outside:
  namespaces:
    - name: shop
      labels: { team: shop }
`;
      const declared = await checkManifests(manifests, config);
      expect(declared.code).toBe(1);
      expect(declared.stdout).toMatch(/rule deny generates for namespace shop, which the manifests do not create \(declared at .*c\.yml:\d+\)/);
      // the config's namespace exists all the same: a rule with generateExisting generates there too
      expect((await checkManifests(deployment('shop', 'app', { app: 'app' }, [{ port: 80 }]) + kyverno('p', [generateRule('deny', namespaces)], generateExisting), config)).code).toBe(0);
      const created = await checkManifests(namespace('shop') + manifests, invariants('shop'));
      expect(created.code).toBe(0);
      expect(created.stderr).not.toContain('fail closed');
    });

    it('a cluster-scoped object it generates there fails invariants on every namespace', () => {
      const rule = {
        name: 'anp',
        match: { any: [{ resources: { kinds: ['Namespace'], names: ['kube-system'] } }] },
        generate: { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', name: 'deny-{{request.object.metadata.name}}', data: { spec: { priority: 10, subject: { namespaces: {} }, ingress: [{ name: 'deny', action: 'Deny', from: [{ namespaces: {} }] }] } } },
      };
      const c = load(deployment('kube-system', 'dns', { app: 'dns' }) + kyverno('p', [rule]));
      expect(c.notAnalysed.map((n) => n.effect)).toEqual([{ does: 'both', mayBeAbsent: true }]);
    });
  });

  it('a rule that needs context from apiCall or configMap is not expanded: a warning naming the rule, counted as not analysed', () => {
    const rule = generateRule('deny', namespaces, undefined, { context: [{ name: 'cm', configMap: { name: 'settings', namespace: 'default' } }] });
    const c = load(app('a') + kyverno('p', [rule]));
    expect(c.diagnostics.find((d) => d.code === 'RD041')?.message).toBe(
      'ClusterPolicy p, rule deny is not expanded: its context entry cm reads configMap, which reachdiff does not evaluate; what it generates is not analysed',
    );
    expect(c.notAnalysed).toMatchObject([{ kind: 'ClusterPolicy', name: 'p' }]);
    expect(c.policies).toHaveLength(0);
  });

  it('a JMESPath function reachdiff does not evaluate leaves the rule not expanded', () => {
    const rule = generateRule('deny', namespaces, undefined, {}, { name: "{{ regex_replace_all('[^a-z]', request.object.metadata.name, '') }}" });
    const c = load(app('a') + kyverno('p', [rule]));
    expect(c.diagnostics.find((d) => d.code === 'RD041')?.message).toMatch(/regex_replace_all\(\) is not evaluated by reachdiff/);
    expect(c.policies).toHaveLength(0);
  });

  it('a clone source that is not in the manifests leaves the rule not expanded', () => {
    const rule = { name: 'copy', match: namespaces, generate: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', name: 'x', namespace: '{{request.object.metadata.name}}', clone: { namespace: 'platform', name: 'missing' } } };
    const c = load(app('a') + kyverno('p', [rule]));
    expect(c.diagnostics.find((d) => d.code === 'RD041')?.message).toMatch(/clone source NetworkPolicy platform\/missing is not in the manifests/);
    expect(c.notAnalysed).toHaveLength(1);
  });

  it('a missing generate.kind is an error with file and line; the policy\'s other rules are not expanded', () => {
    const bad = generateRule('bad', namespaces, undefined, {}, { kind: undefined });
    const text = app('a') + kyverno('p', [bad, generateRule('good', namespaces)]);
    const c = load({ 'k.yaml': text });
    const d = c.diagnostics.find((x) => x.code === 'RD040')!;
    expect(d.message).toBe('ClusterPolicy p, rule bad: generate.kind is required; Kyverno rejects the policy, so none of its rules generates anything');
    // the first line of the rule's generate block
    expect(text.split('\n')[d.line - 2]).toContain('generate:');
    expect(c.policies.map((p) => p.policy.name)).toEqual([]);
  });

  it('a generate rule that matches kinds by wildcard is an error: Kyverno rejects it [match]', () => {
    const c = load(app('a') + kyverno('p', [generateRule('deny', { any: [{ resources: { kinds: ['*'] } }] })]));
    expect(c.diagnostics.find((x) => x.code === 'RD040')?.message).toMatch(/cannot match kinds by wildcard/);
  });

  it('a generated policy of a kind reachdiff does not model is reported as not analysed, naming the rule', () => {
    const rule = generateRule('deny-all', namespaces, { spec: {} }, {}, { apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy' });
    const c = load(app('a') + kyverno('p', [rule]));
    expect(c.notAnalysed).toMatchObject([{ kind: 'AuthorizationPolicy', name: 'a/deny-all' }]);
    expect(c.diagnostics.find((d) => d.code === 'RD011')?.message).toMatch(/generated by ClusterPolicy p, rule deny-all \(test.yaml:\d+\) for namespace a is not analysed/);
  });

  it('a generated cluster-scoped policy (an AdminNetworkPolicy) is analysed', () => {
    const rule = {
      name: 'deny-ns',
      match: { any: [{ resources: { kinds: ['Namespace'], names: ['a'] } }] },
      generate: {
        apiVersion: 'policy.networking.k8s.io/v1alpha1',
        kind: 'AdminNetworkPolicy',
        name: 'deny-{{request.object.metadata.name}}',
        data: { spec: { priority: 10, subject: { namespaces: { matchLabels: { 'kubernetes.io/metadata.name': '{{request.object.metadata.name}}' } } }, ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }] } },
      },
    };
    const m = matrixOf(app('a') + app('b') + kyverno('p', [rule]));
    expect(m.cluster.policies.map((p) => `${p.policy.kind} ${p.policy.name}`)).toEqual(['AdminNetworkPolicy deny-a']);
    expect(conn(m, APP('b'), APP('a'))).toBe(NONE);
  });

  it('kyverno.io/v2beta1 policies are read the same way; an invalid generated policy is an error naming the rule', () => {
    expect(isolated(matrixOf(app('a') + kyverno('p', [generateRule('deny', namespaces)], { apiVersion: 'kyverno.io/v2beta1' })), 'a')).toBe(true);
    const c = load(app('a') + kyverno('p', [generateRule('deny', namespaces, { spec: { podSelector: {}, policyTypes: ['Sideways'] } })]));
    expect(c.diagnostics.find((d) => d.code === 'RD043')?.message).toMatch(/^invalid NetworkPolicy a\/deny generated by ClusterPolicy p, rule deny/);
  });

  it('a Kyverno GeneratingPolicy (CEL) and a PolicyException are reported as not analysed', () => {
    const gpol = 'apiVersion: policies.kyverno.io/v1alpha1\nkind: GeneratingPolicy\nmetadata: { name: add-network-policy }\nspec: {}\n---\n';
    const exception = 'apiVersion: kyverno.io/v2\nkind: PolicyException\nmetadata: { name: skip-shop, namespace: kyverno }\nspec: {}\n';
    expect(load(gpol + exception).notAnalysed).toMatchObject([{ kind: 'GeneratingPolicy' }, { kind: 'PolicyException' }]);
  });

  it('one object generated twice with different content: a warning, the first is analysed', () => {
    const cm = (ns: string, name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: ${name}, namespace: ${ns} }\n---\n`;
    const rule = generateRule('deny', { any: [{ resources: { kinds: ['ConfigMap'] } }] }, { spec: { podSelector: { matchLabels: { from: '{{request.object.metadata.name}}' } }, policyTypes: ['Ingress'] } }, {}, {
      namespace: '{{request.object.metadata.namespace}}',
    });
    const c = load(app('a') + cm('a', 'one') + cm('a', 'two') + kyverno('p', [rule]));
    expect(c.diagnostics.find((d) => d.code === 'RD045')?.message).toMatch(/is generated by ClusterPolicy p, rule deny .* for ConfigMap a\/two and also, with other content, generated by .* for ConfigMap a\/one/);
    expect(c.policies).toHaveLength(1);
  });

  it('objects are kept for expansion only where a file mentions kyverno.io', () => {
    const plain = readFiles([{ path: 'a.yaml', text: app('a') }]);
    expect(plain[0]?.objects).toBeUndefined();
    const withKyverno = readFiles([{ path: 'a.yaml', text: app('a') }, { path: 'k.yaml', text: kyverno('p', [generateRule('deny', namespaces)]) }]);
    expect(withKyverno.map((c) => c.objects?.length)).toEqual([2, 1]);
  });
});

describe('Kyverno generate rules: the library policies [library]', () => {
  it('add-network-policy and add-networkpolicy-dns: every namespace but kube-system reaches kube-dns on UDP 53 and nothing else', async () => {
    const r = await cli(['list', 'fixtures/kyverno', '--format', 'txt']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual([
      '0.0.0.0-255.255.255.255[External] => kube-system/coredns[Deployment] : All Connections',
      'kube-system/coredns[Deployment] => 0.0.0.0-255.255.255.255[External] : All Connections',
      'shop/api[Deployment] => kube-system/coredns[Deployment] : UDP 53',
      'shop/web[Deployment] => kube-system/coredns[Deployment] : UDP 53',
    ]);
  });
});

describe('Kyverno generate rules: explanations, diff and lint', () => {
  const metadataDeny = (except: string[]) =>
    kyverno('netpol-deny-metadata-access', [
      generateRule('deny-metadata-access', namespaces, { spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except } }, { namespaceSelector: {} }] }] } }),
    ]);

  it('an explanation of a generated rule names the ClusterPolicy, the rule, its file and line and the trigger', () => {
    const text = app('shop') + metadataDeny(['169.254.169.254/32']);
    const m = matrixOf({ 'platform/kyverno.yaml': text });
    const [e] = m.explain(m.workloadEndpoint(APP('shop'))!, m.externalEndpoint({ family: 'ipv4', first: 0x08080808, last: 0x08080808 })).egress.decisions.map((d) => d.rule!);
    expect(e?.origin.model.policy.policy.source.generatedBy).toMatchObject({ kind: 'ClusterPolicy', policy: 'netpol-deny-metadata-access', rule: 'deny-metadata-access', file: 'platform/kyverno.yaml', trigger: 'namespace shop' });
    const line = text.split('\n').findIndex((l) => l.includes('- name: deny-metadata-access')) + 1;
    expect(e!.origin.source.file).toBe('platform/kyverno.yaml');
    const d = diffMatrices(matrixOf(app('shop')), m);
    const report = diffReport(d, { base: 'base', head: 'head' }, [], '', { explain: true });
    const out = renderDiffText(report, true);
    expect(out).toContain(`generated by ClusterPolicy netpol-deny-metadata-access, rule deny-metadata-access (platform/kyverno.yaml:${line}) for namespace shop`);
  });

  it('a change to a ClusterPolicy shows as the paths it opens or closes in every namespace it reaches, with the rule as the cause', () => {
    const base = matrixOf({ 'k.yaml': app('shop') + app('ops') + metadataDeny(['169.254.169.254/32']) });
    const head = matrixOf({ 'k.yaml': app('shop') + app('ops') + metadataDeny(['169.254.169.254/32', '10.0.0.0/8']) });
    const d = diffMatrices(base, head);
    const closed = d.changes.filter((c) => c.dst.startsWith('10.0.0.0'));
    expect(closed.map((c) => `${c.src} ${c.type}`)).toEqual(['ops/app[Deployment] removed', 'shop/app[Deployment] removed']);
    const causes = explainChange(d, closed[1]!).causes;
    expect(causes.map((c) => c.message)).toEqual([
      expect.stringMatching(/^shop\/deny-metadata-access egress rule 0 \(generated by ClusterPolicy netpol-deny-metadata-access, rule deny-metadata-access \(k.yaml:\d+\) for namespace shop\) was edited$/),
    ]);
    expect(causes[0]?.file).toBe('k.yaml');
  });

  it('RD140: a generate rule whose match selects no object of the manifests', () => {
    const m = matrixOf(app('a') + kyverno('p', [generateRule('deny', { any: [{ resources: { kinds: ['Namespace'], names: ['nothing-*'] } }] })]));
    expect(lint(m).filter((w) => w.code === 'RD140').map((w) => [w.object, w.message])).toEqual([['p', 'ClusterPolicy p, rule deny: its match selects no object of the manifests, so it generates nothing here']]);
  });

  it('RD141: a generated name that collides with a written policy; with synchronize the generated one is analysed, without it the written one', () => {
    const written = policy('a', 'deny', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] });
    const sync = matrixOf(app('a') + written + kyverno('p', [generateRule('deny', namespaces, undefined, {}, { synchronize: true })]));
    expect(lint(sync).find((w) => w.code === 'RD141')?.message).toMatch(/^NetworkPolicy a\/deny is written at test.yaml:\d+ and also generated by ClusterPolicy p, rule deny .* with synchronize: true Kyverno replaces/);
    expect(sync.cluster.policies).toHaveLength(1);
    expect(sync.cluster.policies[0]?.policy.source.generatedBy).toBeDefined();
    expect(sync.cluster.diagnostics.map((d) => d.code)).not.toContain('RD006');
    const nosync = matrixOf(app('a') + written + kyverno('p', [generateRule('deny', namespaces, undefined, {}, { synchronize: false })]));
    expect(nosync.cluster.policies[0]?.policy.source.generatedBy).toBeUndefined();
  });

  it('RD101 for a generated policy that blocks DNS points at the ClusterPolicy', () => {
    const https = { spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ protocol: 'TCP', port: 443 }] }] } };
    const text = app('a') + kyverno('p', [generateRule('deny', namespaces, https)]);
    const m = analyze(load({ 'platform/kyverno.yaml': text }));
    const w = lint(m).find((x) => x.code === 'RD101')!;
    expect(w.file).toBe('platform/kyverno.yaml');
    expect(text.split('\n')[w.line - 2]).toContain('generate:');
    expect(w.message).toMatch(/\(NetworkPolicy a\/deny is generated by ClusterPolicy p, rule deny \(platform\/kyverno.yaml:\d+\) for namespace a\)$/);
  });
});
