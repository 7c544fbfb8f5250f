/**
 * Kyverno constructs that used to let `check` say an invariant holds where
 * Kyverno does otherwise: each is now modelled as Kyverno does, or reported
 * (RD040 for a policy Kyverno or the API server rejects, RD041/RD011 for
 * what is not analysed), failing closed. Sources, cited as below:
 * - [evaluate.go]: kyverno/kyverno pkg/engine/variables/evaluate.go
 *   (evaluateAnyAllConditionsWithContext: an error in `any` or `all` is returned)
 * - [operator]: kyverno/kyverno pkg/engine/variables/operator/ (equal.go,
 *   notequal.go, anyin.go, allin.go, anynotin.go, allnotin.go, in.go, operator.go;
 *   equal_test.go "bool with wrong type")
 * - [variables]: https://kyverno.io/docs/policy-types/cluster-policy/variables/
 *   (a variable that does not resolve is an error; `|| ''` gives a default)
 * - [settings]: https://kyverno.io/docs/policy-types/cluster-policy/policy-settings/
 *   (applyRules: One applies only the first matching rule), and kyverno/kyverno
 *   pkg/engine/background.go (filterRules), pkg/background/generate/controller.go
 * - [validate.go]: kyverno/kyverno pkg/validation/policy/validate.go
 * - [common_types.go]: kyverno/kyverno api/kyverno/v1/common_types.go
 *   (GeneratePattern.Validate, validateNamespacedTargetsScope, ValidateCloneList)
 * - [crd]: kyverno/kyverno config/crds/kyverno/kyverno.io_clusterpolicies.yaml
 *   (from api/kyverno/v1/spec_types.go, rule_types.go, match_resources_types.go)
 * - [mutate]: https://kyverno.io/docs/policy-types/cluster-policy/mutate/
 * - [generate]: https://kyverno.io/docs/policy-types/cluster-policy/generate/
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Cluster } from '../src/input/cluster.js';
import { checkManifests, conn, deployment, load, matrixOf, namespace, policy } from './helpers.js';

const ALL = 'All Connections';

function kyverno(name: string, rules: unknown[], options: { kind?: string; namespace?: string; apiVersion?: string; spec?: Record<string, unknown> } = {}): string {
  const metadata = { name, ...(options.namespace ? { namespace: options.namespace } : {}) };
  return `${stringify({ apiVersion: options.apiVersion ?? 'kyverno.io/v1', kind: options.kind ?? 'ClusterPolicy', metadata, spec: { ...options.spec, rules } })}---\n`;
}

const NAMESPACES = { any: [{ resources: { kinds: ['Namespace'] } }] };
const CONFIGMAPS = { any: [{ resources: { kinds: ['ConfigMap'] } }] };

/** A rule isolating db in each namespace it matches. */
function denyDb(name: string, extra: Record<string, unknown> = {}, generate: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name,
    match: NAMESPACES,
    ...extra,
    generate: {
      generateExisting: true,
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      name,
      namespace: '{{request.object.metadata.name}}',
      data: { spec: { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'] } },
      ...generate,
    },
  };
}

/** A rule opening db to frontend in each namespace it matches. */
function allowFrontend(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return denyDb(name, extra, {
    data: { spec: { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }] }] } },
  });
}

const SHOP = (labels: Record<string, string> = {}) =>
  namespace('shop', labels) + deployment('shop', 'frontend', { app: 'frontend' }) + deployment('shop', 'db', { app: 'db' }, [{ name: 'pg', port: 5432 }]);

const NEVER = 'invariants:\n  - name: frontend never reaches db\n    never: { from: { workload: shop/frontend }, to: { workload: shop/db } }\n';
const ALWAYS = 'invariants:\n  - name: frontend reaches db\n    always: { from: { workload: shop/frontend }, to: { workload: shop/db }, ports: [TCP/5432] }\n';

function reported(c: Cluster, code: string): string[] {
  return [...c.diagnostics, ...(c.expansion?.warnings ?? [])].filter((d) => d.code === code).map((d) => d.message);
}

const generated = (c: Cluster) => c.policies.filter((p) => p.policy.source.generatedBy).map((p) => `${p.policy.namespace ?? ''}/${p.policy.name}`);

describe('preconditions whose variables do not resolve fail the rule, in any as in all [evaluate.go] [variables]', () => {
  const missing = { key: '{{request.object.metadata.labels.tier}}', operator: 'Equals', value: 'web' };
  const holds = { key: 'a', operator: 'Equals', value: 'a' };

  it('an unresolved variable in an any block is an error (RD040), not a false condition: nothing is generated, and check fails', async () => {
    const text = SHOP() + kyverno('p', [denyDb('deny', { preconditions: { any: [missing, holds] } })]);
    const c = load(text);
    expect(generated(c)).toEqual([]);
    expect(reported(c, 'RD040')).toEqual([expect.stringContaining('the variable {{request.object.metadata.labels.tier}} does not resolve for namespace shop')]);
    // Kyverno generates nothing there: frontend does reach db, so the never invariant must not pass
    expect((await checkManifests(text, NEVER)).code).not.toBe(0);
  });

  it('in an all block, and where an any block before it holds nothing, the same', () => {
    expect(reported(load(SHOP() + kyverno('p', [denyDb('deny', { preconditions: { all: [holds, missing] } })])), 'RD040')).toHaveLength(1);
    const noneHolds = { key: 'a', operator: 'Equals', value: 'b' };
    expect(reported(load(SHOP() + kyverno('p', [denyDb('deny', { preconditions: { any: [noneHolds], all: [missing] } })])), 'RD040')).toHaveLength(1);
  });

  it("a JMESPath default (|| '') resolves: the next condition of any decides, and the policy is generated", async () => {
    const withDefault = { ...missing, key: "{{request.object.metadata.labels.tier || ''}}" };
    const text = SHOP() + kyverno('p', [denyDb('deny', { preconditions: { any: [withDefault, holds] } })]);
    const c = load(text);
    expect(generated(c)).toEqual(['shop/deny']);
    expect(reported(c, 'RD040')).toEqual([]);
    expect((await checkManifests(text, NEVER)).code).toBe(0);
  });

  it('a condition after one that holds in any is not evaluated, as in Kyverno (the loop breaks)', () => {
    expect(generated(load(SHOP() + kyverno('p', [denyDb('deny', { preconditions: { any: [holds, missing] } })])))).toEqual(['shop/deny']);
  });
});

describe('an empty any block, and a condition without value [evaluate.go] [validate.go]', () => {
  // evaluateAnyAllConditionsWithContext: `if anyConditions != nil { anyConditionsResult = false ... }`, and
  // `any: []` decodes to an empty list that is not nil: no condition holds, so the rule does not apply
  it('any: [] holds nothing: nothing is generated', () => {
    expect(generated(load(SHOP() + kyverno('p', [denyDb('deny', { preconditions: { any: [] } })])))).toEqual([]);
    expect(generated(load(SHOP() + kyverno('p', [denyDb('deny', { preconditions: { all: [] } })])))).toEqual(['shop/deny']);
  });

  it('a condition without value is refused (RD040)', () => {
    const c = load(SHOP() + kyverno('p', [denyDb('deny', { preconditions: { all: [{ key: 'a', operator: 'NotEquals' }] } })]));
    expect(generated(c)).toEqual([]);
    expect(reported(c, 'RD040')).toEqual([expect.stringContaining('a NotEquals condition has no value')]);
  });
});

describe('condition operators compare as Kyverno handlers do, types strictly [operator]', () => {
  const generates = (key: unknown, operator: string, value: unknown): boolean => {
    const c = load(SHOP() + kyverno('p', [denyDb('deny', { preconditions: { all: [{ key, operator, value }] } })]));
    expect(reported(c, 'RD040'), JSON.stringify([key, operator, value])).toEqual([]);
    expect(reported(c, 'RD041'), JSON.stringify([key, operator, value])).toEqual([]);
    return generated(c).length > 0;
  };

  it('Equals: a boolean key against a string is not equal, nor a string against a boolean (equal_test.go "bool with wrong type")', async () => {
    expect(generates(true, 'Equals', 'true')).toBe(false);
    expect(generates('true', 'Equals', true)).toBe(false);
    expect(generates(true, 'Equals', true)).toBe(true);
    expect(generates(true, 'NotEquals', 'true')).toBe(true);
    // a label (a string) against a boolean value: Kyverno generates nothing, so frontend reaches db
    const text = SHOP({ isolate: 'true' }) + kyverno('p', [denyDb('deny', { preconditions: { all: [{ key: '{{request.object.metadata.labels.isolate}}', operator: 'Equals', value: true }] } })]);
    expect(generated(load(text))).toEqual([]);
    expect((await checkManifests(text, NEVER)).code).not.toBe(0);
  });

  it('Equals: a number key reads a string value as a number (validateValueWithFloatPattern); a string key never equals a number', () => {
    expect(generates(1, 'Equals', '1')).toBe(true);
    expect(generates(1, 'Equals', '1.0')).toBe(true);
    expect(generates(1.5, 'Equals', 1.5)).toBe(true);
    expect(generates(1, 'Equals', 'one')).toBe(false);
    expect(generates('1', 'Equals', 1)).toBe(false);
    expect(generates('1', 'NotEquals', 1)).toBe(true);
  });

  it('Equals: a string key is read as a duration, then as a quantity, then by wildcard (validateValueWithStringPattern)', () => {
    expect(generates('5m', 'Equals', '300s')).toBe(true);
    expect(generates('1h', 'Equals', 3600)).toBe(true);
    expect(generates('1', 'Equals', '1.0')).toBe(true);
    expect(generates('1Ki', 'Equals', '1024')).toBe(true);
    expect(generates('500m', 'Equals', '0.5')).toBe(true);
    // a quantity key against a value that is no quantity is not equal, wildcard or not
    expect(generates('10', 'Equals', '1*')).toBe(false);
    expect(generates('web', 'Equals', 'w*')).toBe(true);
  });

  it('Equals on maps and lists: equal by structure, never to another type; NotEquals on a null key is false', () => {
    expect(generates({ a: 1 }, 'Equals', { a: 1 })).toBe(true);
    expect(generates({ a: 1 }, 'Equals', '{"a":1}')).toBe(false);
    expect(generates([1, 2], 'Equals', [1, 2])).toBe(true);
    expect(generates([1, 2], 'Equals', [2, 1])).toBe(false);
    expect(generates(null, 'Equals', null)).toBe(false);
    expect(generates(null, 'NotEquals', 'x')).toBe(false);
  });

  it('AnyIn and AllIn compare as Go prints the values (fmt.Sprint: 1e+06), by wildcard both ways', () => {
    expect(generates(1, 'AnyIn', ['1'])).toBe(true);
    expect(generates(1000000, 'AnyIn', ['1000000'])).toBe(false);
    expect(generates(1000000, 'AnyIn', ['1e+06'])).toBe(true);
    expect(generates(true, 'AnyIn', ['true'])).toBe(true);
    expect(generates('a*', 'AnyIn', ['abc'])).toBe(true);
    expect(generates(['a', 'b'], 'AllIn', ['a', 'b*'])).toBe(true);
    expect(generates(['a', 'c'], 'AllIn', ['a', 'b'])).toBe(false);
    expect(generates(['a', 'c'], 'AnyNotIn', ['a', 'b'])).toBe(true);
    expect(generates(['a', 'c'], 'AllNotIn', ['a', 'b'])).toBe(false);
    // a value of another type (a map) makes every set operator false, the NotIn ones too
    expect(generates('a', 'AnyNotIn', { a: 1 })).toBe(false);
    // a JSON list written as a string is a list; another JSON value (a number) is not, and fails
    expect(generates('b', 'AnyIn', '["a","b"]')).toBe(true);
    expect(generates('6', 'AnyIn', '5')).toBe(false);
  });

  it('a range ("1-10") of a set operator is not evaluated: the rule is reported (RD041), not guessed', () => {
    const c = load(SHOP() + kyverno('p', [denyDb('deny', { preconditions: { all: [{ key: 5, operator: 'AnyIn', value: '1-10' }] } })]));
    expect(reported(c, 'RD041')).toEqual([expect.stringContaining('the range "1-10" of a set operator is not evaluated')]);
    expect(c.notAnalysed).toHaveLength(1);
  });
});

describe('applyRules: One applies only the first rule that applies to an object [settings]', () => {
  it('the second rule generates nothing for an object the first applied to, and the always invariant is not passed on its policy', async () => {
    const text = SHOP() + kyverno('p', [denyDb('deny'), allowFrontend('allow')], { spec: { applyRules: 'One' } });
    expect(generated(load(text))).toEqual(['shop/deny']);
    expect((await checkManifests(text, ALWAYS)).code).not.toBe(0);
    // applyRules: All (the default) applies both
    const all = SHOP() + kyverno('p', [denyDb('deny'), allowFrontend('allow')]);
    expect(generated(load(all))).toEqual(['shop/deny', 'shop/allow']);
    expect((await checkManifests(all, ALWAYS)).code).toBe(0);
  });

  it('a rule whose match or preconditions skip an object leaves it to the next rule', () => {
    const skipped = denyDb('deny', { preconditions: { all: [{ key: 'a', operator: 'Equals', value: 'b' }] } });
    expect(generated(load(SHOP() + kyverno('p', [skipped, allowFrontend('allow')], { spec: { applyRules: 'One' } })))).toEqual(['shop/allow']);
    const other = { ...denyDb('deny'), match: { any: [{ resources: { kinds: ['Namespace'], names: ['other'] } }] } };
    expect(generated(load(namespace('other') + SHOP() + kyverno('p', [other, allowFrontend('allow')], { spec: { applyRules: 'One' } })))).toEqual(['other/deny', 'shop/allow']);
  });

  it('after a rule that is not expanded, or a mutate existing rule, the later rules are not expanded either (RD041)', () => {
    const unexpanded = denyDb('deny', { context: [{ name: 'cm', configMap: { name: 'x', namespace: 'default' } }] });
    const c = load(SHOP() + kyverno('p', [unexpanded, allowFrontend('allow')], { spec: { applyRules: 'One' } }));
    expect(generated(c)).toEqual([]);
    expect(reported(c, 'RD041')[1]).toContain('with applyRules: One, rule deny before it is not expanded');
    const mutateExisting = { name: 'm', match: NAMESPACES, mutate: { targets: [{ apiVersion: 'v1', kind: 'ConfigMap', namespace: 'shop' }], patchStrategicMerge: { metadata: { annotations: { a: 'b' } } } } };
    const m = load(SHOP() + kyverno('p', [mutateExisting, allowFrontend('allow')], { spec: { applyRules: 'One' } }));
    expect(generated(m)).toEqual([]);
    expect(reported(m, 'RD041')).toEqual([expect.stringContaining('the mutate existing rule m before it may be the one that applies')]);
  });
});

describe('policies Kyverno rejects are errors (RD040), not expanded [validate.go] [common_types.go]', () => {
  it('admission: false on a policy with a generate rule: "disabling admission processing is only allowed with validation policies"', async () => {
    const text = SHOP() + kyverno('p', [denyDb('deny')], { spec: { admission: false } });
    const c = load(text);
    expect(generated(c)).toEqual([]);
    expect(reported(c, 'RD040')).toEqual([expect.stringContaining('disabling admission processing is only allowed with validation policies')]);
    expect((await checkManifests(text, NEVER)).code).not.toBe(0);
  });

  it('a namespaced Policy generating a cluster-scoped kind: "the target must be a namespaced resource"', () => {
    // matching ConfigMaps: a namespaced Policy's match may name no cluster-wide kind (resource_description_types.go)
    const cnp = denyDb('cnp', { match: CONFIGMAPS }, { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'ClusterNetworkPolicy', namespace: 'shop', data: { spec: { tier: 'Admin', priority: 1, subject: { namespaces: {} }, ingress: [{ action: 'Deny', from: [{ namespaces: {} }] }] } } });
    const c = load(SHOP() + kyverno('p', [cnp], { kind: 'Policy', namespace: 'shop' }));
    expect(c.policies).toEqual([]);
    expect(reported(c, 'RD040')).toEqual([expect.stringContaining('the target must be a namespaced resource: policy.networking.k8s.io/v1alpha1/ClusterNetworkPolicy')]);
  });

  it('a namespaced Policy whose generate omits namespace: "expected: shop, received: "', async () => {
    const text = SHOP() + kyverno('p', [denyDb('deny', { match: CONFIGMAPS }, { namespace: undefined })], { kind: 'Policy', namespace: 'shop' });
    const c = load(text);
    expect(generated(c)).toEqual([]);
    expect(reported(c, 'RD040')).toEqual([expect.stringContaining('a namespaced policy cannot generate resources in other namespaces, expected: shop, received: )')]);
    expect((await checkManifests(text, NEVER)).code).not.toBe(0);
    // written out, and the same as the policy's, it is expanded (for an object of its namespace: a Policy matches no Namespace)
    const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: settings, namespace: shop }\n---\n';
    const written = { ...denyDb('deny', {}, { namespace: 'shop' }), match: { any: [{ resources: { kinds: ['ConfigMap'] } }] } };
    expect(generated(load(SHOP() + configMap + kyverno('p', [written], { kind: 'Policy', namespace: 'shop' })))).toEqual(['shop/deny']);
  });

  it('a ClusterPolicy generating a cluster-scoped kind with namespace set: "target namespace must not be set for a cluster-wide resource"', () => {
    const anp = denyDb('anp', {}, { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', namespace: 'shop', data: { spec: { priority: 1, subject: { namespaces: {} }, ingress: [{ name: 'd', action: 'Deny', from: [{ namespaces: {} }] }] } } });
    const c = load(SHOP() + kyverno('p', [anp]));
    expect(c.policies).toEqual([]);
    expect(reported(c, 'RD040')).toEqual([expect.stringContaining('target namespace must not be set for a cluster-wide resource')]);
  });

  it('a namespaced Policy cloning from another namespace: "cannot clone resources from other namespaces"', () => {
    const source = policy('base', 'deny', { podSelector: {}, policyTypes: ['Ingress'] });
    const clone = denyDb('deny', { match: CONFIGMAPS }, { namespace: 'shop', data: undefined, clone: { namespace: 'base', name: 'deny' } });
    const c = load(namespace('base') + SHOP() + source + kyverno('p', [clone], { kind: 'Policy', namespace: 'shop' }));
    expect(generated(c)).toEqual([]);
    expect(reported(c, 'RD040')).toEqual([expect.stringContaining('a namespaced policy cannot clone resources from other namespaces, expected: shop, received: base')]);
    const list = denyDb('deny', { match: CONFIGMAPS }, { namespace: 'shop', data: undefined, kind: undefined, name: undefined, apiVersion: undefined, cloneList: { namespace: 'base', kinds: ['networking.k8s.io/v1/NetworkPolicy'] } });
    expect(reported(load(namespace('base') + SHOP() + source + kyverno('p', [list], { kind: 'Policy', namespace: 'shop' })), 'RD040')).toEqual([
      expect.stringContaining('a namespaced policy cannot clone resources from other namespace, expected: shop, received: base'),
    ]);
  });
});

describe('a mutate rule whose patch comes through its context or the object is reported as changing traffic [mutate] [variables]', () => {
  // db admits only pods labelled tier=trusted, which the rule may add to frontend
  const closed = SHOP() + policy('shop', 'db', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { tier: 'trusted' } } }] }] });
  const mutate = (rule: Record<string, unknown>) => kyverno('m', [{ name: 'r', match: { any: [{ resources: { kinds: ['Pod'] } }] }, ...rule }]);
  const json6902 = (path: string) => ({ patchesJson6902: stringify([{ op: 'add', path, value: 'trusted' }]) });

  it('a path given by a context variable fails the never invariant closed, as one written literally does', async () => {
    const viaContext = mutate({ context: [{ name: 'p', variable: { value: '/metadata/labels/tier' } }], mutate: json6902('{{ p }}') });
    const c = load(closed + viaContext);
    expect(c.notAnalysed).toEqual([expect.objectContaining({ kind: 'ClusterPolicy', name: 'm', effect: { does: 'both' } })]);
    expect((await checkManifests(closed + viaContext, NEVER)).code).not.toBe(0);
    const literal = mutate({ mutate: json6902('/metadata/labels/tier') });
    expect(load(closed + literal).notAnalysed).toEqual([expect.objectContaining({ effect: { does: 'both' } })]);
  });

  it('a path read from the object, or a context that builds it, is reported the same; an annotation only is not', () => {
    const fromObject = mutate({ mutate: json6902('{{request.object.metadata.annotations.target}}') });
    expect(load(closed + fromObject).notAnalysed).toEqual([expect.objectContaining({ effect: { does: 'both' } })]);
    const built = mutate({ context: [{ name: 'p', variable: { jmesPath: "join('/', ['', 'metadata', 'lab', 'els'])" } }], mutate: { patchStrategicMerge: { metadata: '{{ p }}' } } });
    expect(load(closed + built).notAnalysed).toEqual([expect.objectContaining({ effect: { does: 'both' } })]);
    const annotation = mutate({ mutate: { patchStrategicMerge: { metadata: { annotations: { owner: '{{request.object.metadata.name}}' } } } } });
    expect(load(closed + annotation).notAnalysed).toEqual([expect.not.objectContaining({ effect: expect.anything() })]);
  });
});

describe('webhookConfiguration.matchConditions (CEL) are not evaluated: the policy is reported (RD041) [crd]', () => {
  it('a generate policy with matchConditions is not expanded, and the never invariant fails closed', async () => {
    const webhookConfiguration = { matchConditions: [{ name: 'only-labelled', expression: "has(object.metadata.labels) && 'isolate' in object.metadata.labels" }] };
    const text = SHOP() + kyverno('p', [denyDb('deny')], { spec: { webhookConfiguration } });
    const c = load(text);
    expect(generated(c)).toEqual([]);
    expect(reported(c, 'RD041')).toEqual([expect.stringContaining('webhookConfiguration.matchConditions (CEL)')]);
    expect((await checkManifests(text, NEVER)).code).not.toBe(0);
    // without matchConditions (or with an empty list), it is expanded
    expect(generated(load(SHOP() + kyverno('p', [denyDb('deny')], { spec: { webhookConfiguration: { matchConditions: [] } } })))).toEqual(['shop/deny']);
  });
});

describe('what a generate rule creates besides policies (workloads, Services, Namespaces) is read as written objects are [generate]', () => {
  const workload = {
    name: 'worker',
    match: NAMESPACES,
    generate: {
      generateExisting: true,
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'worker',
      namespace: '{{request.object.metadata.name}}',
      data: { spec: { selector: { matchLabels: { app: 'worker' } }, template: { metadata: { labels: { app: 'worker' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } } },
    },
  };

  it('a generated Deployment is a workload, with its connections; the policy is not reported for its pod template', async () => {
    const text = SHOP() + kyverno('p', [workload]);
    const c = load(text);
    expect(c.notAnalysed).toEqual([]);
    expect(reported(c, 'RD011')).toEqual([]);
    const m = matrixOf(text);
    expect(conn(m, 'shop/worker[Deployment]', 'shop/db[Deployment]')).toBe(ALL);
    const never = 'invariants:\n  - name: worker never reaches db\n    never: { from: { workload: shop/worker }, to: { workload: shop/db } }\n';
    expect((await checkManifests(text, never)).code).not.toBe(0);
  });

  it('a generated Service and Namespace are read too', () => {
    const service = { name: 'svc', match: NAMESPACES, generate: { generateExisting: true, apiVersion: 'v1', kind: 'Service', name: 'db', namespace: '{{request.object.metadata.name}}', data: { spec: { selector: { app: 'db' }, ports: [{ port: 5432 }] } } } };
    const ns = { name: 'ns', match: { any: [{ resources: { kinds: ['Namespace'], names: ['shop'] } }] }, generate: { generateExisting: true, apiVersion: 'v1', kind: 'Namespace', name: 'shop-staging', data: { metadata: { labels: { env: 'staging' } } } } };
    const c = load(SHOP() + kyverno('p', [service, ns]));
    expect(c.services.map((s) => `${s.namespace}/${s.name}`)).toContain('shop/db');
    expect(c.namespaces.get('shop-staging')?.labels).toMatchObject({ env: 'staging' });
  });

  it('a rule applying to what Kyverno itself generates (skipBackgroundRequests: false) is not expanded: such chains are not followed', () => {
    const c = load(SHOP() + kyverno('p', [{ ...denyDb('deny'), skipBackgroundRequests: false }]));
    expect(reported(c, 'RD041')).toEqual([expect.stringContaining('skipBackgroundRequests: false')]);
  });
});

describe('fields the CRD does not have are refused, as kubectl apply refuses the policy (RD040) [crd]', () => {
  it('a typo precondition: (for preconditions:) is an error, not a rule without conditions; check fails', async () => {
    const text = SHOP() + kyverno('p', [denyDb('deny', { precondition: { all: [{ key: 'a', operator: 'Equals', value: 'b' }] } })]);
    const c = load(text);
    expect(generated(c)).toEqual([]);
    expect(reported(c, 'RD040')).toEqual([
      'ClusterPolicy p: unknown field "spec.rules[0].precondition": kubectl apply refuses the object (strict field validation); the policy never reaches the cluster, its rules are not expanded',
    ]);
    expect((await checkManifests(text, NEVER)).code).not.toBe(0);
  });

  it('at each level the expansion reads: spec, generate, match filters and resources, context', () => {
    const cases: Array<[string, string]> = [
      [kyverno('p', [denyDb('deny')], { spec: { applyRule: 'One' } }), 'spec.applyRule'],
      [kyverno('p', [denyDb('deny', {}, { namespce: 'x' })]), 'spec.rules[0].generate.namespce'],
      [kyverno('p', [{ ...denyDb('deny'), match: { any: [{ resources: { kinds: ['Namespace'], namespace: ['shop'] } }] } }]), 'spec.rules[0].match.any[0].resources.namespace'],
      [kyverno('p', [{ ...denyDb('deny'), exclude: { any: [{ resource: { kinds: ['Namespace'] } }] } }]), 'spec.rules[0].exclude.any[0].resource'],
      [kyverno('p', [denyDb('deny', { context: [{ name: 'v', variable: { vaule: 'x' } }] })]), 'spec.rules[0].context[0].variable.vaule'],
    ];
    for (const [text, path] of cases) expect(reported(load(SHOP() + text), 'RD040'), path).toEqual([expect.stringContaining(`unknown field "${path}"`)]);
  });

  it("v2beta1's preconditions are any and all only; v1's keep unknown fields (x-kubernetes-preserve-unknown-fields), as does a foreach entry's", () => {
    const pre = { any: [{ key: 'a', operator: 'Equals', value: 'a' }], anyy: [] };
    expect(reported(load(SHOP() + kyverno('p', [denyDb('deny', { preconditions: pre })], { apiVersion: 'kyverno.io/v2beta1' })), 'RD040')).toEqual([
      expect.stringContaining('unknown field "spec.rules[0].preconditions.anyy"'),
    ]);
    expect(generated(load(SHOP() + kyverno('p', [denyDb('deny', { preconditions: pre })])))).toEqual(['shop/deny']);
  });

  it('fields of the API that the expansion does not model are not refused: celPreconditions is reported (RD041), the others are read as Kyverno does', () => {
    const cel = load(SHOP() + kyverno('p', [denyDb('deny', { celPreconditions: [{ name: 'c', expression: 'true' }] })]));
    expect(reported(cel, 'RD040')).toEqual([]);
    expect(reported(cel, 'RD041')).toEqual([expect.stringContaining('celPreconditions (CEL) are not evaluated')]);
    const accepted = kyverno('p', [denyDb('deny', { reportProperties: { a: 'b' } }, { orphanDownstreamOnPolicyDelete: true })], { spec: { background: true, failurePolicy: 'Fail', emitWarning: false, useServerSideApply: true } });
    expect(generated(load(SHOP() + accepted))).toEqual(['shop/deny']);
  });
});

describe('what the expansion cannot know stays out of the verdicts where it decides no traffic', () => {
  // Kyverno takes a kind's scope from the cluster's API (GeneratePattern.Validate, clusterResources): a
  // cluster-scoped custom kind such as ClusterCleanupPolicy is generated without a namespace
  it('a generate rule of a cluster-scoped custom kind without namespace is not refused', () => {
    const rule = {
      name: 'expire',
      match: NAMESPACES,
      generate: { apiVersion: 'kyverno.io/v2', kind: 'ClusterCleanupPolicy', name: 'expire-{{request.object.metadata.name}}', data: { spec: { schedule: '* * * * *' } } },
    };
    expect(reported(load(SHOP() + kyverno('p', [rule])), 'RD040')).toEqual([]);
  });

  // a rule cloning a Secret that the manifests do not hold is not expanded (RD041); a Secret decides no traffic
  it('a rule generating only Secrets that is not expanded is reported, and leaves invariants as they are', async () => {
    const rule = { name: 'sync', match: NAMESPACES, generate: { apiVersion: 'v1', kind: 'Secret', name: 'regcred', namespace: '{{request.object.metadata.name}}', clone: { namespace: 'default', name: 'regcred' } } };
    const text = SHOP() + policy('shop', 'deny', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'] }) + kyverno('p', [rule]);
    const c = load(text);
    expect(reported(c, 'RD041')).toHaveLength(1);
    expect(c.notAnalysed.filter((n) => n.effect)).toEqual([]);
    expect((await checkManifests(text, NEVER)).code).toBe(0);
  });
});

