/**
 * What Kyverno does where evaluating a generate rule fails for one object,
 * or gives null, and what reachdiff cannot know of the object it reads:
 * Kyverno's validation of a policy only compiles its expressions, so a
 * runtime error fails the rule for that object alone (or for that foreach
 * element), and the policy's other objects and rules generate. Sources:
 * - [validate.go]: kyverno/kyverno pkg/validation/policy/validate.go
 *   (hasInvalidVariables: variables checked against a mock context that
 *   only compiles them; validateVariable)
 * - [generator.go]: kyverno/kyverno pkg/background/generate/generator.go
 *   (generateForeach, generateElements: errors collected per entry and per
 *   element, a nil element skipped)
 * - [vars.go]: kyverno/kyverno pkg/engine/variables/vars.go (a variable's
 *   value substituted as it is, null included; NotFoundError an error)
 * - [variable.go]: kyverno/kyverno pkg/engine/context/loaders/variable.go
 * - [GetTrigger]: kyverno/kyverno pkg/background/common (the trigger read
 *   from the API server, as it stores it)
 * - [items]: kyverno/kyverno pkg/engine/jmespath/functions.go (jpItems
 *   takes a map or a list)
 */
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Cluster } from '../src/input/cluster.js';
import { readFiles } from '../src/input/load.js';
import { expandKyverno } from '../src/expand/kyverno/generate.js';
import { Budget, Unsupported } from '../src/expand/kyverno/jmespath.js';
import { substituteString } from '../src/expand/kyverno/variables.js';
import { checkManifests, deployment, load, namespace, policy } from './helpers.js';

function kyverno(name: string, rules: unknown[], spec: Record<string, unknown> = {}): string {
  return `${stringify({ apiVersion: 'kyverno.io/v1', kind: 'ClusterPolicy', metadata: { name }, spec: { ...spec, rules } })}---\n`;
}

const NAMESPACES = { any: [{ resources: { kinds: ['Namespace'] } }] };

/** A rule generating, in each namespace it matches, a NetworkPolicy named `name` that opens db to everything. */
function openDb(ruleName: string, name: string, extra: Record<string, unknown> = {}, generate: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: ruleName,
    match: NAMESPACES,
    ...extra,
    generate: {
      generateExisting: true,
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      name,
      namespace: '{{request.object.metadata.name}}',
      data: { spec: { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [{}] } },
      ...generate,
    },
  };
}

const DB_CLOSED = (ns: string) => policy(ns, 'db-closed', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'] });
const APPS = (ns: string, labels: Record<string, string> = {}) =>
  namespace(ns, labels) + deployment(ns, 'db', { app: 'db' }, [{ port: 5432 }]) + deployment(ns, 'client', { app: 'client' }) + DB_CLOSED(ns);
const NEVER = (ns: string) => `invariants:\n  - name: client never reaches db\n    never: { from: { workload: ${ns}/client }, to: { workload: ${ns}/db } }\n`;

function reported(c: Cluster, code: string): string[] {
  return [...c.diagnostics, ...(c.expansion?.warnings ?? [])].filter((d) => d.code === code).map((d) => d.message);
}

const generated = (c: Cluster) => c.policies.filter((p) => p.policy.source.generatedBy).map((p) => `${p.policy.namespace ?? ''}/${p.policy.name}`).sort();

describe('a runtime error fails the rule for that object alone [validate.go] [vars.go]', () => {
  it('a function given what it does not take, for one namespace: the others, and the policy\'s other rules, generate', async () => {
    const rules = [openDb('by-team', "open-{{ to_lower(request.object.metadata.labels.team) }}"), openDb('other', 'other-open')];
    const text = APPS('shop', { team: 'Shop' }) + APPS('tools') + kyverno('p', rules);
    const c = load(text);
    expect(generated(c)).toEqual(['shop/open-shop', 'shop/other-open', 'tools/other-open']);
    expect(reported(c, 'RD040')).toEqual([
      'ClusterPolicy p, rule by-team: the variable {{to_lower(request.object.metadata.labels.team)}} fails (to_lower(): invalid type for argument 1: null, expected string) for namespace tools; Kyverno fails the rule there and generates nothing',
    ]);
    expect((await checkManifests(text, NEVER('shop'))).code).not.toBe(0);
  });

  it("items() of a list, which Kyverno's takes, generates for each element [items] [generator.go]", () => {
    const rule = {
      name: 'per-port',
      match: { any: [{ resources: { kinds: ['Deployment'] } }] },
      generate: {
        generateExisting: true,
        foreach: [
          {
            list: "items(request.object.spec.template.spec.containers, 'index', 'container')",
            apiVersion: 'networking.k8s.io/v1',
            kind: 'NetworkPolicy',
            name: '{{request.object.metadata.name}}-{{element.index}}',
            namespace: '{{request.object.metadata.namespace}}',
            data: { spec: { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: '{{element.container.ports[0].containerPort}}' }] }] } },
          },
        ],
      },
    };
    const c = load(namespace('shop') + deployment('shop', 'db', { app: 'db' }, [{ port: 5432 }]) + kyverno('p', [rule]));
    expect(generated(c)).toEqual(['shop/db-0']);
    expect(reported(c, 'RD040')).toEqual([]);
  });

  it('a foreach element that fails fails alone; an element that is null is skipped, its index kept [generator.go]', () => {
    const settings = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ports, namespace: shop}\ndata: {ports: "8080,http"}\n---\n';
    const entry = (list: string, name: string) => ({
      list,
      context: [{ name: 'port', variable: { jmesPath: 'to_number(element)' } }],
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      name,
      namespace: 'shop',
      data: { spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: '{{port}}' }] }] } },
    });
    const rule = {
      name: 'ports',
      match: { any: [{ resources: { kinds: ['ConfigMap'] } }] },
      generate: { generateExisting: true, foreach: [entry("split(request.object.data.ports, ',')", 'port-{{elementIndex}}'), entry("[request.object.data.none, '9090']", 'other-{{elementIndex}}')] },
    };
    const c = load(namespace('shop') + settings + kyverno('p', [rule]));
    // "http" is no number: to_number gives null, and a context variable of null fails that element
    expect(generated(c)).toEqual(['shop/other-1', 'shop/port-0']);
    expect(reported(c, 'RD040')).toEqual([
      'ClusterPolicy p, rule ports: foreach element 1: context entry port evaluates to null for ConfigMap shop/ports; Kyverno fails the rule there and generates nothing for those elements',
    ]);
  });
});

describe('a value of null, and what the object in the cluster holds beyond the manifest, are not taken for a failure [vars.go] [GetTrigger]', () => {
  const services = (rule: Record<string, unknown>) =>
    namespace('shop') + deployment('shop', 'db', { app: 'db' }, [{ port: 5432 }]) + deployment('shop', 'client', { app: 'client' }) + DB_CLOSED('shop') +
    'apiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: shop}\nspec: {selector: {app: db}, ports: [{name: sql, port: 5432}]}\n---\n' +
    kyverno('p', [rule]);
  const serviceRule = (data: Record<string, unknown>) => ({
    name: 'open',
    match: { any: [{ resources: { kinds: ['Service'] } }] },
    generate: { generateExisting: true, apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', name: 'open-{{request.object.metadata.name}}', namespace: '{{request.object.metadata.namespace}}', data },
  });

  it('a variable whose value is null, with no error, is substituted as null: what it generates is not analysed, not dropped', async () => {
    const text = services(serviceRule({ spec: { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: "{{ request.object.spec.ports[?name=='http'] | [0].port }}" }] }] } }));
    const c = load(text);
    expect(reported(c, 'RD040')).toEqual([]);
    expect(reported(c, 'RD041')).toEqual([expect.stringContaining('what it generates for Service shop/db is not analysed: the variable')]);
    expect(c.notAnalysed.map((n) => n.effect?.namespace)).toEqual(['shop']);
    expect((await checkManifests(text, NEVER('shop'))).code).not.toBe(0);
  });

  it('metadata.uid, which the API server sets on the trigger, is not analysed rather than taken as not resolving', async () => {
    const text = services(serviceRule({ metadata: { ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: 'db', uid: '{{ request.object.metadata.uid }}' }] }, spec: { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [{}] } }));
    const c = load(text);
    expect(reported(c, 'RD040')).toEqual([]);
    expect(reported(c, 'RD041')).toEqual([expect.stringContaining('{{request.object.metadata.uid}} reads request.object.metadata.uid, which the manifest does not give')]);
    expect((await checkManifests(text, NEVER('shop'))).code).not.toBe(0);
  });

  it("a default that reads the spec's defaults (request.object.spec.type || ...) is not analysed, where the field is not written", () => {
    const c = load(services(serviceRule({ metadata: { labels: { type: "{{ request.object.spec.type || 'none' }}" } }, spec: { podSelector: {}, policyTypes: ['Ingress'] } })));
    expect(generated(c)).toEqual([]);
    expect(reported(c, 'RD041')).toEqual([expect.stringContaining('reads request.object.spec.type')]);
  });

  it('a label the manifest does not give is absent: the rule still fails there, as before', () => {
    const c = load(APPS('shop') + kyverno('p', [openDb('r', 'open-{{request.object.metadata.labels.team}}')]));
    expect(reported(c, 'RD040')).toEqual([expect.stringContaining('the variable {{request.object.metadata.labels.team}} does not resolve for namespace shop')]);
  });
});

describe('context variables load as Kyverno loads them [variable.go] [validate.go]', () => {
  const withContext = (variable: Record<string, unknown>) => kyverno('p', [openDb('r', 'open-{{team}}', { context: [{ name: 'team', variable }] })]);

  it('a jmesPath beside a value is applied to the value, and names no context variable', () => {
    const c = load(APPS('shop', { team: 'a' }) + APPS('tools') + withContext({ value: '{{request.object.metadata.labels}}', jmesPath: 'team', default: 'none' }));
    expect(generated(c)).toEqual(['shop/open-a', 'tools/open-none']);
    expect(reported(c, 'RD040')).toEqual([]);
  });

  it('the default takes the place of a query that fails, as of one that does not find its key', () => {
    const c = load(APPS('shop') + withContext({ jmesPath: 'to_lower(request.object.metadata.labels.team)', default: 'none' }));
    expect(generated(c)).toEqual(['shop/open-none']);
  });

  it('without a default, a query that does not find its key fails the rule: the variable is not null for a later || to replace', () => {
    const c = load(APPS('shop') + kyverno('p', [openDb('r', "open-{{team || 'unowned'}}", { context: [{ name: 'team', variable: { jmesPath: 'request.object.metadata.labels.team' } }] })]));
    expect(generated(c)).toEqual([]);
    expect(reported(c, 'RD040')).toEqual([expect.stringContaining('does not resolve for namespace shop')]);
  });

  it('a query of the value that gives null gives null, the default aside, which fails the rule', () => {
    const c = load(APPS('shop') + withContext({ value: { team: null }, jmesPath: 'team', default: 'none' }));
    expect(generated(c)).toEqual([]);
    expect(reported(c, 'RD040')).toEqual([expect.stringContaining('context entry team evaluates to null for namespace shop')]);
  });
});

describe('references $(...) in a generate rule [vars.go]', () => {
  // substituteReferences runs before variables, when Kyverno validates the policy (hasInvalidVariables) and when it generates:
  // a reference it cannot resolve against the rule fails it; an escaped one, \$(...), loses its backslash
  const proxy = (arg: string) => ({
    name: 'proxy',
    match: NAMESPACES,
    generate: {
      generateExisting: true,
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      name: 'proxy',
      namespace: '{{request.object.metadata.name}}',
      data: { metadata: { annotations: { args: arg } }, spec: { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [{}] } },
    },
  });

  it('a reference, as a container argument $(POD_IP) is, leaves the policy not expanded, where it was generated as written', () => {
    const c = load(APPS('shop') + kyverno('p', [proxy('--bind=$(POD_IP)'), openDb('other', 'other-open')]));
    expect(generated(c)).toEqual([]);
    expect(reported(c, 'RD041')).toEqual([
      expect.stringContaining('rule proxy of the policy holds a reference $(...), which Kyverno resolves against the rule itself'),
      expect.stringContaining('ClusterPolicy p, rule other is not expanded'),
    ]);
  });

  it('an escaped reference is generated without its backslash', () => {
    const text = APPS('shop') + kyverno('p', [proxy('--bind=\\$(POD_IP)')]);
    const contributions = readFiles([{ path: 'test.yaml', text }], { keepObjects: true });
    const objects = contributions.flatMap((c) => c.objects ?? []);
    const result = expandKyverno(objects.filter((o) => o.kind === 'ClusterPolicy'), objects, load(text).namespaces, 'default');
    expect(result.objects.map((o) => (o.body as { metadata: { annotations: unknown } }).metadata.annotations)).toEqual([{ args: '--bind=$(POD_IP)' }]);
  });
});

/**
 * - [generate.go]: kyverno/kyverno pkg/policy/generate.go (handleGenerateForExisting: the rule's
 *   generateExisting, where set, over the policy's)
 * - [spec_types.go]: kyverno/kyverno api/kyverno/v1/spec_types.go (validateDeprecatedFields)
 * - [background]: kyverno/kyverno pkg/background/common/context.go (NewBackgroundContext) and
 *   pkg/engine/policycontext/policy_context.go (NewPolicyContext): an object that existed before the
 *   policy is read without an admission request, request.operation "", request.namespace its own
 *   namespace, no request.name or request.kind; pkg/engine/utils/match.go: operations take none
 */
describe('generateExisting [generate.go] [spec_types.go] [background]', () => {
  const deny = (extra: Record<string, unknown> = {}, generate: Record<string, unknown> = {}) => ({
    name: 'deny',
    match: NAMESPACES,
    ...extra,
    generate: {
      generateExisting: true,
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      name: 'deny',
      namespace: '{{request.object.metadata.name}}',
      data: { spec: { podSelector: {}, policyTypes: ['Ingress'] } },
      ...generate,
    },
  });
  const DEFAULT = deployment('default', 'db', { app: 'db' }, [{ port: 5432 }]) + deployment('default', 'client', { app: 'client' });

  it("the rule's generateExisting: false wins over the policy's true", () => {
    const c = load(DEFAULT + kyverno('p', [deny({}, { generateExisting: false })], { generateExisting: true }));
    expect(reported(c, 'RD042')).toHaveLength(1);
    expect(c.notAnalysed.map((n) => n.effect?.namespace)).toEqual(['default']);
  });

  it('spec.generateExistingOnPolicyUpdate, true or false, is forbidden: Kyverno rejects the policy', () => {
    for (const value of [true, false]) {
      const c = load(DEFAULT + kyverno('p', [deny()], { generateExistingOnPolicyUpdate: value }));
      expect(generated(c)).toEqual([]);
      expect(reported(c, 'RD040')).toEqual([expect.stringContaining('spec.generateExistingOnPolicyUpdate is set, which Kyverno forbids from 1.13')]);
    }
  });

  it('for a namespace the cluster has from its start, request.operation is "", and a precondition on CREATE does not hold', async () => {
    const text = DEFAULT + kyverno('p', [deny({ preconditions: { all: [{ key: '{{request.operation}}', operator: 'Equals', value: 'CREATE' }] } })]);
    expect(generated(load(text))).toEqual([]);
    expect(generated(load(DEFAULT + kyverno('p', [deny()])))).toEqual(['default/deny']);
    expect((await checkManifests(text, NEVER('default'))).code).not.toBe(0);
  });

  it('nor does a match on operations', () => {
    const c = load(DEFAULT + kyverno('p', [deny({ match: { any: [{ resources: { kinds: ['Namespace'], operations: ['CREATE'] } }] } })]));
    expect(generated(c)).toEqual([]);
  });

  it('for a namespace the manifests create, which may have existed before the policy or not, what differs is not analysed', () => {
    const c = load(APPS('shop') + kyverno('p', [deny({}, { namespace: '{{request.namespace}}' })]));
    expect(generated(c)).toEqual([]);
    expect(reported(c, 'RD041')).toEqual([expect.stringContaining('what it generates for namespace shop is not analysed: with generateExisting, Kyverno generates for namespace shop as it reads an object that existed before the policy')]);
    expect(c.notAnalysed.map((n) => n.effect?.namespace)).toEqual(['shop']);
  });
});

/**
 * - [common_types.go]: kyverno/kyverno api/kyverno/v1/common_types.go (Generation.Validate counts
 *   data where given, even empty, a clone naming something, a cloneList with kinds, and foreach)
 * - [generator.go], [data.go]: pkg/background/generate (generate: a clone where clone.name is given,
 *   else a cloneList naming kinds, else manageData, which skips data of nil and fails on what is not a map)
 */
describe('the patterns of a generate rule [common_types.go] [generator.go]', () => {
  const rule = (generate: Record<string, unknown>) => ({
    name: 'r',
    match: NAMESPACES,
    generate: { generateExisting: true, apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', name: 'deny', namespace: '{{request.object.metadata.name}}', ...generate },
  });
  const ISOLATED = 'invariants:\n  - name: shop is isolated\n    isolated: { workloads: { namespace: shop }, direction: ingress }\n';
  const SHOP = namespace('shop') + deployment('shop', 'db', { app: 'db' });

  it('data: {} is data: a NetworkPolicy with no spec is generated, which isolates every pod of its namespace', async () => {
    const text = SHOP + kyverno('p', [rule({ data: {} })]);
    expect(generated(load(text))).toEqual(['shop/deny']);
    expect((await checkManifests(text, ISOLATED)).code).toBe(0);
  });

  it('none of data, clone and cloneList generates nothing, and refuses nothing', () => {
    const c = load(SHOP + kyverno('p', [rule({}), openDb('other', 'other-open')]));
    expect(generated(c)).toEqual(['shop/other-open']);
    expect(reported(c, 'RD040')).toEqual([]);
  });

  it('data that is no mapping fails the rule where it generates, and refuses nothing', () => {
    const c = load(SHOP + kyverno('p', [rule({ data: 'x' }), openDb('other', 'other-open')]));
    expect(generated(c)).toEqual(['shop/other-open']);
    expect(reported(c, 'RD040')).toEqual([expect.stringContaining('generate.data is not a mapping once its variables are substituted for namespace shop; Kyverno fails the rule there')]);
  });

  it('foreach beside data is a second pattern: Kyverno rejects the policy', () => {
    const foreach = [{ list: "['a']", apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', name: 'x', namespace: 'shop', data: {} }];
    const c = load(SHOP + kyverno('p', [rule({ data: { spec: {} }, foreach })]));
    expect(generated(c)).toEqual([]);
    expect(reported(c, 'RD040')).toEqual([expect.stringContaining('only one of generate patterns (data, clone, cloneList and foreach) can be specified (it has foreach and data)')]);
  });
});

/**
 * - [match_resources_types.go], [resource_description_types.go], [rule_types.go]: kyverno/kyverno
 *   api/kyverno/v1 (MatchResources.Validate, ResourceDescription.Validate, ValidateMatchExcludeConflict)
 */
describe("what Kyverno's validation of a policy refuses [match_resources_types.go] [resource_description_types.go] [rule_types.go]", () => {
  const deny = (match: unknown, exclude?: unknown, extra: Record<string, unknown> = {}) => ({
    name: 'deny',
    match,
    ...(exclude !== undefined ? { exclude } : {}),
    ...extra,
    generate: { generateExisting: true, apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', name: 'deny', namespace: 'shop', data: { spec: { podSelector: {}, policyTypes: ['Ingress'] } } },
  });
  const SHOP = namespace('shop') + deployment('shop', 'db', { app: 'db' });
  const refused = (text: string, message: string) => {
    const c = load(text);
    expect(generated(c)).toEqual([]);
    expect(reported(c, 'RD040')).toEqual([expect.stringContaining(message)]);
  };

  it('any and all together', () => {
    refused(SHOP + kyverno('p', [deny({ any: [{ resources: { kinds: ['Namespace'] } }], all: [{ resources: { kinds: ['Namespace'], names: ['x'] } }] })]), "Can't specify any and all together");
  });

  it('name and names together', () => {
    refused(SHOP + kyverno('p', [deny({ any: [{ resources: { kinds: ['Namespace'], name: 'shop', names: ['shop'] } }] })]), 'Both name and names can not be specified together');
  });

  it('a selector without requirements, where it has no wildcard', () => {
    refused(SHOP + kyverno('p', [deny({ any: [{ resources: { kinds: ['Namespace'], selector: {} } }] })]), 'The requirements are not specified in selector');
    expect(generated(load(SHOP + kyverno('p', [deny({ any: [{ resources: { kinds: ['Namespace'], selector: { matchLabels: { 'kubernetes.io/metadata.name': 'sh*' } } } }] })])))).toEqual(['shop/deny']);
  });

  it('namespaces, or a cluster-wide kind, in a namespaced Policy', () => {
    const policyOf = (resources: Record<string, unknown>) =>
      `${stringify({ apiVersion: 'kyverno.io/v1', kind: 'Policy', metadata: { name: 'p', namespace: 'shop' }, spec: { rules: [deny({ any: [{ resources }] })] } })}---\n`;
    const settings = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: s, namespace: shop}\n---\n';
    refused(SHOP + settings + policyOf({ kinds: ['ConfigMap'], namespaces: ['shop'] }), 'Filtering namespaces not allowed in namespaced policies');
    refused(SHOP + settings + policyOf({ kinds: ['Namespace'] }), "Cluster wide resource 'Namespace' not allowed in namespaced policy");
    expect(generated(load(SHOP + settings + policyOf({ kinds: ['ConfigMap'] })))).toEqual(['shop/deny']);
  });

  it('an exclude.any filter the same as one of match.any: "Rule is matching an empty set"', () => {
    const kube = { resources: { kinds: ['Namespace'], names: ['kube-*'] } };
    refused(SHOP + kyverno('p', [deny({ any: [{ resources: { kinds: ['Namespace'] } }, kube] }, { any: [kube] })]), 'Rule is matching an empty set');
    // the deprecated single filters: an exclude of the same kinds spares all the match selects
    refused(SHOP + kyverno('p', [deny({ resources: { kinds: ['Namespace'] } }, { resources: { kinds: ['Namespace'] } })]), 'Rule is matching an empty set');
    expect(generated(load(SHOP + kyverno('p', [deny({ any: [{ resources: { kinds: ['Namespace'] } }] }, { any: [kube] })])))).toEqual(['shop/deny']);
  });
});

/**
 * - [operator]: kyverno/kyverno api/kyverno/v1/common_types.go (ConditionOperators: Equal and NotEqual deprecated;
 *   the enum of ConditionOperator, which a foreach entry's typed preconditions are checked against, leaves them out),
 *   pkg/engine/variables/operator/operator.go (CreateOperatorHandler), utils.go (IsOperatorValid)
 */
describe('the deprecated operators [operator]', () => {
  const SHOP = namespace('shop') + deployment('shop', 'db', { app: 'db' });
  const deny = (extra: Record<string, unknown>) => ({
    name: 'deny',
    match: { any: [{ resources: { kinds: ['Namespace'], names: ['shop'] } }] },
    ...extra,
    generate: { generateExisting: true, apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', name: 'deny', namespace: 'shop', data: { spec: { podSelector: {}, policyTypes: ['Ingress'] } } },
  });
  it('Equal and NotEqual, the deprecated names of Equals and NotEquals, are taken in a rule\'s preconditions', () => {
    const when = (operator: string) => deny({ preconditions: { all: [{ key: '{{request.object.metadata.name}}', operator, value: 'shop' }] } });
    expect(generated(load(SHOP + kyverno('p', [when('Equal')])))).toEqual(['shop/deny']);
    expect(generated(load(SHOP + kyverno('p', [when('NotEqual')])))).toEqual([]);
    expect(reported(load(SHOP + kyverno('p', [when('NotEqual')])), 'RD040')).toEqual([]);
  });

  it("a foreach entry's preconditions are typed, and the CRD refuses them there", () => {
    const entry = { list: "['a']", preconditions: { all: [{ key: 'a', operator: 'Equal', value: 'a' }] }, apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', name: 'x', namespace: 'shop', data: {} };
    const rule = { ...deny({}), generate: { generateExisting: true, foreach: [entry] } };
    const c = load(SHOP + kyverno('p', [rule]));
    expect(generated(c)).toEqual([]);
    expect(reported(c, 'RD040')).toEqual([expect.stringContaining("operator Equal is not among those the CRD takes in a foreach entry's preconditions")]);
  });
});

describe('what Kyverno validates of a rule refuses its policy whether or not the rule is evaluated for some object [validate.go]', () => {
  const SHOP = namespace('shop') + deployment('shop', 'db', { app: 'db' });
  // a rule that applies to no object: its preconditions never hold
  const never = (extra: Record<string, unknown>, generate: Record<string, unknown> = {}) =>
    openDb('never', 'never-open', { preconditions: { all: [{ key: 'a', operator: 'Equals', value: 'b' }] }, ...extra }, generate);
  const refused = (rule: Record<string, unknown>, message: string) => {
    const c = load(SHOP + kyverno('p', [rule, openDb('other', 'other-open')]));
    expect(generated(c)).toEqual([]);
    expect(reported(c, 'RD040')).toEqual([expect.stringContaining(message)]);
  };

  it('a variable naming nothing the rule defines (hasInvalidVariables)', () => {
    refused(never({}, { name: 'never-{{ team }}' }), 'the variable {{team}} is not defined in the context');
  });

  it('element outside a foreach (validateElementInForEach)', () => {
    refused(never({}, { name: 'never-{{ element.name }}' }), "variable 'element.name' present outside of foreach");
  });

  it('an unknown operator in a condition never evaluated (validateConditions)', () => {
    refused(openDb('never', 'never-open', { preconditions: { any: [{ key: 'a', operator: 'Equals', value: 'a' }, { key: 'a', operator: 'Matches', value: 'a' }] } }), 'unknown operator "Matches"');
  });

  it("a context variable's jmesPath that does not parse (validateVariable)", () => {
    refused(never({ context: [{ name: 'x', variable: { jmesPath: 'a[' } }] }), 'context entry x: failed to parse JMESPath a[');
  });
});

describe('substitution as vars.go does it (substituteVariablesIfAny) [vars.go]', () => {
  const data = { request: { object: { metadata: { name: 'shop', labels: { a: '{{request.object.metadata.name}}', n: 5 } } } }, tmpl: '{{request.object.metadata.name}}' };
  const scope = { data, names: new Set(['tmpl']), budget: new Budget(1e7, () => 'substituting') };
  const sub = (text: string) => substituteString(text, scope);

  it('a string that is one variable takes its value as it is: not read for variables again', () => {
    expect(sub('{{ tmpl }}')).toBe('{{request.object.metadata.name}}');
    expect(sub('{{request.object.metadata.labels.n}}')).toBe(5);
    // inside a longer string, it is
    expect(sub('x-{{ tmpl }}')).toBe('x-shop');
  });

  it('each round substitutes every variable it found; after one whose last variable is shallow, none is read again', () => {
    expect(sub('{{request.object.metadata.labels.a}} {{- tmpl}}')).toBe('{{request.object.metadata.name}} {{request.object.metadata.name}}');
    expect(sub('{{- tmpl}} {{request.object.metadata.labels.a}}')).toBe('{{request.object.metadata.name}} shop');
  });

  it('a shallow variable whose value is no string, on which Go panics, is not evaluated', () => {
    expect(() => sub('a {{- request.object.metadata.labels.n}}')).toThrow(Unsupported);
  });

  it('a value that holds its own variable, which Kyverno substitutes for ever, is not evaluated', () => {
    const loop = { ...scope, data: { ...data, tmpl: 'x{{tmpl}}' } };
    expect(() => substituteString('a{{tmpl}}', loop)).toThrow(Unsupported);
  });
});

describe('elementIndex, an int64 in Kyverno\'s context (pkg/engine/context/context.go, AddElement) [generator.go]', () => {
  const settings = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ports, namespace: shop}\ndata: {ports: "8080,9090"}\n---\n';
  const rule = (name: string, extra: Record<string, unknown> = {}) => ({
    name: 'ports',
    match: { any: [{ resources: { kinds: ['ConfigMap'] } }] },
    generate: {
      generateExisting: true,
      foreach: [{ list: "split(request.object.data.ports, ',')", apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', name, namespace: 'shop', data: { spec: { podSelector: {} } }, ...extra }],
    },
  });

  it('written out, it is its digits', () => {
    expect(generated(load(namespace('shop') + settings + kyverno('p', [rule('port-{{elementIndex}}')])))).toEqual(['shop/port-0', 'shop/port-1']);
  });

  it('compared, or given to a function, it is not evaluated: go-jmespath takes it for no number', () => {
    for (const c of [
      load(namespace('shop') + settings + kyverno('p', [rule("port-{{ to_string(elementIndex == `0`) }}")])),
      load(namespace('shop') + settings + kyverno('p', [rule('port-{{elementIndex}}', { preconditions: { all: [{ key: '{{elementIndex}}', operator: 'Equals', value: 0 }] } })])),
    ]) {
      expect(generated(c)).toEqual([]);
      expect(reported(c, 'RD041')).toEqual([expect.stringContaining('elementIndex')]);
    }
  });
});

/**
 * - [unstructured]: k8s.io/apimachinery's JSON reader, which decodes the whole numbers of an unstructured
 *   object (the trigger Kyverno's dynamic client reads, [GetTrigger]) as int64, and kyverno/go-jmespath
 *   (interpreter.go: == is reflect.DeepEqual, < takes float64; functions.go: number arguments are float64,
 *   type() knows no int64); Kyverno's context takes elements and context entries through JSON, as float64
 *   (pkg/engine/utils/foreach.go, AddElementToContext; pkg/engine/context/loaders/variable.go)
 */
describe('the whole numbers of the trigger are int64s [unstructured] [generator.go] [variable.go]', () => {
  const SERVICE = namespace('shop') + deployment('shop', 'db', { app: 'db' }, [{ port: 5432 }]) +
    'apiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: shop}\nspec: {selector: {app: db}, ports: [{name: sql, port: 5432}]}\n---\n';
  const rule = (extra: Record<string, unknown>, generate: Record<string, unknown> = {}) => ({
    name: 'open',
    match: { any: [{ resources: { kinds: ['Service'] } }] },
    ...extra,
    generate: { generateExisting: true, apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', name: 'open-{{request.object.metadata.name}}', namespace: 'shop', data: { spec: { podSelector: {}, policyTypes: ['Ingress'] } }, ...generate },
  });
  const when = (key: string, operator = 'GreaterThan', value: unknown = 0) => ({ preconditions: { all: [{ key, operator, value }] } });

  it('a filter comparing a port of the trigger with a number finds none: == tells an int64 from a float64', () => {
    expect(generated(load(SERVICE + kyverno('p', [rule(when('{{ length(request.object.spec.ports[?port == `5432`]) }}'))])))).toEqual([]);
    expect(generated(load(SERVICE + kyverno('p', [rule(when("{{ length(request.object.spec.ports[?to_string(port) == '5432']) }}"))])))).toEqual(['shop/open-db']);
  });

  it('a function of numbers fails on it, written out it is its digits', () => {
    const c = load(SERVICE + kyverno('p', [rule({}, { name: 'open-{{ abs(request.object.spec.ports[0].port) }}' }), rule({}, { name: 'port-{{ request.object.spec.ports[0].port }}' })].map((r, i) => ({ ...r, name: `r${i}` }))));
    expect(generated(c)).toEqual(['shop/port-5432']);
    expect(reported(c, 'RD040')).toEqual([expect.stringContaining('abs(): invalid type for argument 1')]);
  });

  it("Kyverno's operators take it as an int64: Equals a number of its value, or a string ParseInt reads so", () => {
    expect(generated(load(SERVICE + kyverno('p', [rule(when('{{ request.object.spec.ports[0].port }}', 'Equals', 5432))])))).toEqual(['shop/open-db']);
    expect(generated(load(SERVICE + kyverno('p', [rule(when('{{ request.object.spec.ports[0].port }}', 'Equals', '5432.0'))])))).toEqual([]);
    expect(generated(load(SERVICE + kyverno('p', [rule(when('{{ request.object.spec.ports[0].port }}', 'GreaterThan', 5000))])))).toEqual(['shop/open-db']);
  });

  it('a foreach element, taken through JSON, holds float64s', () => {
    const foreach = [{ list: 'request.object.spec.ports', preconditions: { all: [{ key: '{{ element.port == `5432` }}', operator: 'Equals', value: true }] }, apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', name: 'port-{{element.name}}', namespace: 'shop', data: { spec: { podSelector: {} } } }];
    expect(generated(load(SERVICE + kyverno('p', [{ ...rule({}), generate: { generateExisting: true, foreach } }])))).toEqual(['shop/port-sql']);
  });
});

describe('on an admission request, the webhook decides first whether a rule applies, on the object the request holds [unstructured] (pkg/engine/background.go, filterRule)', () => {
  const SERVICE = namespace('shop') + 'apiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: shop}\nspec: {selector: {app: db}, ports: [{name: sql, port: 5432}]}\n---\n';
  // true on the int64 the background controller reads, false on the float64 the admission request holds
  const rule = (generateExisting: boolean) => ({
    name: 'open',
    match: { any: [{ resources: { kinds: ['Service'] } }] },
    preconditions: { all: [{ key: '{{ request.object.spec.ports[0].port == `5432` }}', operator: 'Equals', value: false }] },
    generate: { generateExisting, apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', name: 'open-{{request.object.metadata.name}}', namespace: 'shop', data: { spec: { podSelector: {}, policyTypes: ['Ingress'] } } },
  });

  it('where its preconditions hold on the trigger as read but not as admitted, nothing is generated on its creation', () => {
    expect(generated(load(SERVICE + kyverno('p', [rule(false)])))).toEqual([]);
  });

  it('with generateExisting, an object that existed before the policy gets it: which it was is not known', () => {
    const c = load(SERVICE + kyverno('p', [rule(true)]));
    expect(generated(c)).toEqual([]);
    expect(reported(c, 'RD041')).toEqual([expect.stringContaining('what it generates for Service shop/db is not analysed: with generateExisting')]);
  });
});

describe('a rule not expanded that may generate a settings ConfigMap', () => {
  // docs.cilium.io/en/stable/security/policy/intro/ (enable-policy: never enforces no policy); settings.ts reads cilium-config,
  // and the Amazon VPC CNI's amazon-vpc-cni: what a rule may write there acts on every namespace
  const app =
    'apiVersion: v1\nkind: Namespace\nmetadata: { name: shop }\n---\n' +
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: frontend, namespace: shop }\nspec:\n  selector: { matchLabels: { app: frontend } }\n  template:\n    metadata: { labels: { app: frontend } }\n    spec: { containers: [{ name: c, image: x }] }\n---\n' +
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: db, namespace: shop }\nspec:\n  selector: { matchLabels: { app: db } }\n  template:\n    metadata: { labels: { app: db } }\n    spec: { containers: [{ name: c, image: x, ports: [{ containerPort: 5432 }] }] }\n---\n' +
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: db-deny, namespace: shop }\nspec: { podSelector: { matchLabels: { app: db } }, policyTypes: [Ingress] }\n---\n';
  // an expression nested past the evaluator's depth: the rule is not expanded
  const deep = `{{${'('.repeat(101)}'never'${')'.repeat(101)}}}`;
  const policy = (name: string, namespace: string) =>
    `apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: { name: settings }\nspec:\n  rules:\n    - name: settings\n      match: { any: [{ resources: { kinds: [Namespace], names: [shop] } }] }\n      generate:\n        generateExisting: true\n        apiVersion: v1\n        kind: ConfigMap\n        name: ${name}\n        namespace: ${namespace}\n        data:\n          data:\n            enable-policy: "${deep}"\n`;
  const never = 'invariants:\n  - name: frontend never reaches db\n    never: { from: { workload: shop/frontend }, to: { workload: shop/db } }\n';

  it('fails the invariants closed where the ConfigMap may be cilium-config or amazon-vpc-cni, in any namespace', async () => {
    for (const [name, namespace] of [['cilium-config', 'kube-system'], ['amazon-vpc-cni', 'kube-system'], ['"{{request.object.metadata.name}}-config"', 'kube-system']]) {
      const r = await checkManifests(app + policy(name!, namespace!), never);
      expect(r.stdout, name).toMatch(/FAIL violated: frontend never reaches db/);
      expect(r.code, name).toBe(1);
    }
  });

  it('leaves them alone where its name, written out, is no settings ConfigMap', async () => {
    const r = await checkManifests(app + policy('app-settings', 'shop'), never);
    expect(r.stdout).toMatch(/ok holds: frontend never reaches db/);
    expect(r.code).toBe(0);
  });
});

describe('a foreach that writes more objects than are analysed', () => {
  it('stops past 100,000 generated objects: the rule is not expanded, and the invariants fail closed, in seconds', { timeout: 120_000 }, async () => {
    // 3 namespaces x 34,000 elements: 102,000 NetworkPolicies from a few lines
    const items = Array.from({ length: 34_000 }, (_, i) => i).join(',');
    const text =
      ['n0', 'n1', 'n2'].map((n) => namespace(n)).join('') +
      deployment('n0', 'db', { app: 'db' }, [{ port: 5432 }]) +
      deployment('n1', 'frontend', { app: 'frontend' }) +
      `apiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: { name: many }\nspec:\n  rules:\n    - name: many\n      match: { any: [{ resources: { kinds: [Namespace] } }] }\n      context:\n        - name: items\n          variable: { value: "${items}" }\n      generate:\n        generateExisting: true\n        foreach:\n          - list: "split(items, ',')"\n            apiVersion: networking.k8s.io/v1\n            kind: NetworkPolicy\n            name: "p-{{element}}"\n            namespace: "{{request.object.metadata.name}}"\n            data:\n              spec: { podSelector: { matchLabels: { app: "x{{element}}" } }, policyTypes: [Ingress] }\n`;
    const r = await checkManifests(text, 'invariants:\n  - name: frontend never reaches db\n    never: { from: { workload: n1/frontend }, to: { workload: n0/db } }\n');
    expect(r.stderr).toMatch(/rule many is not expanded: the generate rules of the manifests make more than 100,000 objects/);
    expect(r.stdout).toMatch(/FAIL violated: frontend never reaches db/);
    expect(r.code).toBe(1);
  });
});
