/**
 * Hostile input to the expansion of Kyverno generate rules: most cases once
 * crashed the reader (an exception escaping is an internal error) or hung
 * it, the others pin down how the code that did now behaves. Each is read
 * as the pipeline reads it; the rule concerned is reported with its
 * diagnostic, and the policy's other rule is still expanded, unless Kyverno
 * refuses the whole policy for it (RD040), when nothing of it is.
 */
import { describe, expect, it } from 'vitest';
import type { Cluster } from '../src/input/cluster.js';
import { Budget, search } from '../src/expand/kyverno/jmespath.js';
import { wildcardMatch } from '../src/expand/kyverno/wildcard.js';
import { load } from './helpers.js';

const NAMESPACE_A = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n';

/** A ClusterPolicy with a rule `good` and a rule `r` whose generate block is `generate` (lines indented by 8), both triggered by every Namespace. */
function policy(generate: string, match = '{any: [{resources: {kinds: [Namespace]}}]}'): string {
  return `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: k}
spec:
  rules:
    - name: good
      match: {any: [{resources: {kinds: [Namespace]}}]}
      generate: {apiVersion: networking.k8s.io/v1, kind: NetworkPolicy, name: good, namespace: a, data: {spec: {podSelector: {}}}}
    - name: r
      match: ${match}
      generate:
${generate}`;
}

const DATA = `        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        namespace: a
        data: {spec: {podSelector: {}}}
`;

/** Manifests whose rule r names its NetworkPolicy by a variable holding `expression`. */
function naming(expression: string): string {
  return NAMESPACE_A + policy(`${DATA}        name: ${JSON.stringify(`{{ ${expression} }}`)}\n`);
}

/** The messages of one diagnostic code, each checked to name the rule r. */
function reported(c: Cluster, code: string): string[] {
  const messages = c.diagnostics.filter((d) => d.code === code).map((d) => d.message);
  for (const m of messages) expect(m).toMatch(/^ClusterPolicy k, rule r/);
  return messages;
}

function generated(c: Cluster): string[] {
  return c.policies.map((p) => `${p.policy.namespace}/${p.policy.name}`);
}

describe('Kyverno generate rules: values of the input are shown, never converted with String()', () => {
  it('cloneList skips a source whose name is not a string, which the API server would not hold', () => {
    const source = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: {toString: x}, namespace: platform}\nspec: {podSelector: {}}\n---\n';
    const c = load(source + NAMESPACE_A + policy('        namespace: a\n        cloneList: {namespace: platform, kinds: [networking.k8s.io/v1/NetworkPolicy]}\n'));
    expect(reported(c, 'RD041')).toEqual([
      'ClusterPolicy k, rule r is not expanded: its cloneList selects no object of the manifests in namespace platform, and what the cluster holds there is not known; what it generates is not analysed',
    ]);
    expect(generated(c)).toEqual(['a/good']);
  });

  it('an annotation a filter matches that is a mapping is an error, not a crash', () => {
    const c = load(NAMESPACE_A + policy(`${DATA}        name: x\n`, '{any: [{resources: {kinds: [Namespace], annotations: {team: {toString: x}}}}]}'));
    expect(reported(c, 'RD040')).toEqual(['ClusterPolicy k, rule r: resources.annotations: the value of "team" must be a string; Kyverno rejects the policy, so none of its rules generates anything']);
    expect(generated(c)).toEqual([]);
  });

  it('a JSON literal with a toString key is shown in a syntax error as JSON', () => {
    const c = load(naming('`{}` `{"toString": 1}`'));
    expect(reported(c, 'RD040')[0]).toContain('unexpected "{"toString":1}" at position 5');
    expect(generated(c)).toEqual([]);
  });
});

describe('Kyverno generate rules: clone and cloneList are mappings [generate]', () => {
  it('a generate.clone that is a number is an error: Kyverno rejects the policy', () => {
    const c = load(NAMESPACE_A + policy('        apiVersion: networking.k8s.io/v1\n        kind: NetworkPolicy\n        name: x\n        namespace: a\n        clone: 5\n'));
    expect(reported(c, 'RD040')).toEqual(['ClusterPolicy k, rule r: generate.clone must be a mapping; Kyverno rejects the policy, so none of its rules generates anything']);
    expect(generated(c)).toEqual([]);
  });

  it('a generate.cloneList that is a list is an error: Kyverno rejects the policy', () => {
    const c = load(NAMESPACE_A + policy('        namespace: a\n        cloneList: [networking.k8s.io/v1/NetworkPolicy]\n'));
    expect(reported(c, 'RD040')).toEqual(['ClusterPolicy k, rule r: generate.cloneList must be a mapping; Kyverno rejects the policy, so none of its rules generates anything']);
    expect(generated(c)).toEqual([]);
  });

  // kyverno/kyverno api/kyverno/v1/common_types.go, Generation.Validate: data counts where it is given (GetData() != nil), an empty mapping too
  it('an empty data beside a clone is a second pattern: Kyverno rejects the policy', () => {
    const source = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: template, namespace: platform}\nspec: {podSelector: {}, policyTypes: [Ingress]}\n---\n';
    const c = load(source + NAMESPACE_A + policy('        apiVersion: networking.k8s.io/v1\n        kind: NetworkPolicy\n        name: x\n        namespace: a\n        data: {}\n        clone: {namespace: platform, name: template}\n'));
    expect(reported(c, 'RD040')).toEqual([
      'ClusterPolicy k, rule r: only one of generate patterns (data, clone, cloneList and foreach) can be specified (it has data and clone); Kyverno rejects the policy, so none of its rules generates anything',
    ]);
    expect(generated(c)).toEqual(['platform/template']);
  });
});

describe('Kyverno generate rules: JMESPath reads own keys only [jmespath]', () => {
  // go-jmespath compiles a call of any name, and its functionCaller fails where it knows none (functions.go, CallFunction): Kyverno's
  // validation of the policy only compiles it, so the rule fails on each object it is evaluated for, and the policy's other rules generate
  it.each(['valueOf', 'toString', 'hasOwnProperty', 'constructor', '__proto__'])('%s(@) is an unknown function, as Kyverno has none of that name', (name) => {
    const c = load(naming(`${name}(@)`));
    expect(reported(c, 'RD040')).toEqual([
      `ClusterPolicy k, rule r: the variable {{${name}(@)}} fails (unknown function: ${name}) for namespace a; Kyverno fails the rule there and generates nothing`,
    ]);
    expect(generated(c)).toEqual(['a/good']);
  });

  it('a field a mapping lacks is null even where Object.prototype has it', () => {
    const c = load(naming('request.object.metadata.constructor'));
    expect(reported(c, 'RD040')).toEqual([
      'ClusterPolicy k, rule r: the variable {{request.object.metadata.constructor}} does not resolve for namespace a; Kyverno fails the rule there and generates nothing',
    ]);
    expect(generated(c)).toEqual(['a/good']);
  });

  it('a key named __proto__ is a key of the mapping built, as in Go', () => {
    // a function call first: Kyverno's validation allows a variable that calls one (allowedVariablesBackground), not merge({...}) alone
    const c = load(naming("to_string(merge({__proto__: 'x'}, {b: 'y'}).__proto__)"));
    expect(generated(c)).toEqual(['a/good', 'a/x']);
  });

  it('a mapping of the input is never taken for an expression reference', () => {
    const trigger = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a, labels: {x: y}}\ndata: {expref: {t: call, name: abs, args: 5}}\n---\n';
    const c = load(trigger + policy(`${DATA}        name: "{{ sort_by([request.object], request.object.data) }}"\n`));
    // go-jmespath checks each argument's type when it calls the function: a mapping is no expression reference, and the rule fails there
    expect(reported(c, 'RD040')[0]).toMatch(/sort_by\(\): invalid type for argument 2: object, expected expref\) for namespace a; Kyverno fails the rule there/);
    expect(generated(c)).toEqual(['a/good']);
  });
});

describe('Kyverno generate rules: malformed JMESPath is a syntax error [jmespath]', () => {
  it.each([
    ['a bad escape', 'request."\\q"'],
    ['a raw tab', 'request."\t"'],
  ])('a quoted identifier with %s is an error: Kyverno rejects the policy', (_, expression) => {
    const c = load(naming(expression));
    expect(reported(c, 'RD040')[0]).toContain(': a quoted identifier with a bad escape or an unescaped control character at position 8 of ');
    expect(generated(c)).toEqual([]);
  });
});

describe('Kyverno generate rules: an expression nesting beyond 100 levels is not evaluated [jmespath]', () => {
  it.each([
    ['parentheses', `${'('.repeat(50_000)}request${')'.repeat(50_000)}`],
    ['negations', `${'!'.repeat(20_000)}request`],
    ['a chain of fields', `request${'.a'.repeat(20_000)}`],
    ['a chain of pipes', `request.object.metadata.name${' | to_string(@)'.repeat(5000)}`],
  ])('%s: the rule is not expanded, with a warning, and the stack holds', (_, expression) => {
    const c = load(naming(expression));
    const [message] = reported(c, 'RD041');
    expect(message).toMatch(/^ClusterPolicy k, rule r is not expanded: the expression ".{57}\.\.\." nests more than 100 levels deep, which reachdiff does not evaluate; what it generates is not analysed$/);
    expect(c.notAnalysed).toMatchObject([{ kind: 'ClusterPolicy', name: 'k' }]);
    expect(generated(c)).toEqual(['a/good']);
  });

  it('a JSON literal nesting beyond twice the depth the reader takes is not evaluated', () => {
    const c = load(naming(`to_string(\`${'['.repeat(100_000)}${']'.repeat(100_000)}\`)`));
    expect(reported(c, 'RD041')[0]).toMatch(/the literal at position 10 of ".*" nests more than 400 levels deep/);
    expect(generated(c)).toEqual(['a/good']);
  });

  it('an expression nesting 50 levels is evaluated', () => {
    const c = load(naming(`${'('.repeat(25)}request.object.metadata.name${' | to_string(@)'.repeat(25)}${')'.repeat(25)}`));
    expect(generated(c)).toEqual(['a/good', 'a/a']);
  });
});

describe('Kyverno generate rules: strings and values grow within bounds [jmespath]', () => {
  it("replace() with an empty search string inserts at most n times, as Go's strings.Replace: fast, whatever n", () => {
    const started = performance.now();
    const c = load(naming("replace('x', '', 'y', `100000000`)"));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(generated(c)).toEqual(['a/good', 'a/yxy']);
  });

  it('replace() and replace_all() follow strings.Replace: an empty old before each character and at the end, a count without its fraction', () => {
    expect(search("replace('abc', '', 'x', `-1`)", null)).toBe('xaxbxcx');
    expect(search("replace_all('abc', '', 'x')", null)).toBe('xaxbxcx');
    expect(search("replace('abc', '', 'x', `2`)", null)).toBe('xaxbc');
    expect(search("replace('añb', '', '-', `-1`)", null)).toBe('-a-ñ-b-');
    expect(search("replace('aaa', 'a', 'b', `1.9`)", null)).toBe('baa');
    expect(search("replace('aaa', 'a', 'b', `0`)", null)).toBe('aaa');
    expect(search("split('a😀b', '')", null)).toEqual(['a', '😀', 'b']);
  });

  it('a string doubled by join() until it passes 2 MiB is not evaluated', () => {
    const c = load(naming(`'x'${" | join('', [@, @])".repeat(40)}`));
    expect(reported(c, 'RD041')).toEqual([
      'ClusterPolicy k, rule r is not expanded: the string join() would make is longer than 2,097,152 characters written out, which reachdiff does not evaluate; what it generates is not analysed',
    ]);
    expect(generated(c)).toEqual(['a/good']);
  });

  it('a list holding itself twice, forty times over, is neither written out nor compared', () => {
    const doubled = `(request${' | [@, @]'.repeat(40)})`;
    for (const expression of [`to_string(${doubled})`, `${doubled} == ${doubled}`]) {
      const c = load(naming(expression));
      expect(reported(c, 'RD041')[0]).toMatch(/is longer than 2,097,152 characters written out, which reachdiff does not evaluate/);
      expect(generated(c)).toEqual(['a/good']);
    }
  });

  it('filters within filters, or lists flattened again and again, stop after two million steps', () => {
    let filters = 'false';
    for (let k = 0; k < 40; k++) filters = `[@, @][?${filters}]`;
    const flattened = `request${' | [@, @]'.repeat(40)}${' | []'.repeat(40)} | length(@)`;
    for (const expression of [filters, flattened]) {
      const started = performance.now();
      const c = load(naming(expression));
      expect(performance.now() - started).toBeLessThan(2000);
      expect(reported(c, 'RD041')[0]).toMatch(/^ClusterPolicy k, rule r is not expanded: evaluating ".{57}\.\.\." takes more than 2,000,000 steps, which reachdiff does not do;/);
      expect(generated(c)).toEqual(['a/good']);
    }
  });

  it('a text whose variables make it longer than 2 MiB is not evaluated', () => {
    const context = `      context: [{name: x, variable: {jmesPath: "'x'${" | join('', [@, @])".repeat(20)}"}}]\n`;
    const c = load(NAMESPACE_A + policy(`${DATA}        name: "{{x}}{{x}}{{x}}"\n`).replace('    - name: r\n', `    - name: r\n${context}`));
    expect(reported(c, 'RD041')).toEqual([
      'ClusterPolicy k, rule r is not expanded: the text of "{{x}}{{x}}{{x}}" grows longer than 2,097,152 characters as its variables are substituted, which reachdiff does not evaluate; what it generates is not analysed',
    ]);
    expect(generated(c)).toEqual(['a/good']);
  });
});

describe('Kyverno generate rules: wildcards match without backtracking into every star [match]', () => {
  it('a pattern of many stars that fails against a long name fails at once', () => {
    const name = 'a'.repeat(40);
    const text = `${NAMESPACE_A}apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}}\n---\n${policy(`${DATA}        name: x\n`, '{any: [{resources: {kinds: [Namespace], names: ["*a*a*a*a*a*a*a*a*a*a*a*a*b", "?a*"]}}]}')}`;
    const started = performance.now();
    const c = load(text);
    expect(performance.now() - started).toBeLessThan(1000);
    // `?a*` takes the long name, neither takes a
    expect(c.policies.map((p) => `${p.policy.name} for ${p.policy.source.generatedBy?.trigger ?? ''}`)).toEqual(['good for namespace a', `x for namespace ${name}`]);
  });

  it('matches as the regular expression it replaces: * any run of characters, ? exactly one', () => {
    const reference = (pattern: string, text: string) =>
      new RegExp(`^${[...pattern].map((c) => (c === '*' ? '[\\s\\S]*' : c === '?' ? '[\\s\\S]' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`, 'u').test(text);
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const word = (alphabet: string[], length: number) => Array.from({ length: random(length) }, () => alphabet[random(alphabet.length)]!).join('');
    for (let k = 0; k < 3000; k++) {
      const pattern = word(['a', 'b', '*', '?', '😀', '.'], 9);
      const text = word(['a', 'b', '😀', '.'], 12);
      expect(wildcardMatch(pattern, text, new Budget(Infinity, () => 'the test')), `${pattern} ~ ${text}`).toBe(reference(pattern, text));
    }
  });

  it('a match that would take more than ten million steps is not evaluated', () => {
    const trigger = `apiVersion: v1\nkind: Namespace\nmetadata: {name: a, annotations: {x: ${'a'.repeat(20_000)}}}\n---\n`;
    const rule = policy(`${DATA}        name: x\n`).replace('      generate:\n', `      preconditions: [{key: "{{request.object.metadata.annotations.x}}", operator: Equals, value: "*${'a'.repeat(5000)}b"}]\n      generate:\n`);
    const c = load(trigger + rule);
    expect(reported(c, 'RD041')[0]).toMatch(/with the wildcard pattern "\*a{56}\.\.\." takes more than 10,000,000 steps, which reachdiff does not do/);
    expect(generated(c)).toEqual(['a/good']);
  });
});

describe('Kyverno generate rules: the expansion of a state is bounded as a whole', () => {
  it('wildcard matches each within bounds, for many namespaces, stop after fifty million steps', () => {
    const long = 'a'.repeat(20_000);
    const namespaces = Array.from({ length: 12 }, (_, i) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: n${i}, annotations: {x: ${long}}}\n---\n`).join('');
    // some six million steps each
    const precondition = `      preconditions: [{key: "{{request.object.metadata.annotations.x}}", operator: Equals, value: "*${'a'.repeat(300)}b"}]\n`;
    const started = performance.now();
    const c = load(NAMESPACE_A + namespaces + policy(`${DATA}        name: x\n`).replace('    - name: r\n', `    - name: r\n${precondition}`));
    expect(performance.now() - started).toBeLessThan(3000);
    expect(reported(c, 'RD041')).toEqual([
      'ClusterPolicy k, rule r is not expanded: expanding the generate rules of the manifests takes more than 50,000,000 steps, which reachdiff does not do; what it generates is not analysed',
    ]);
    expect(generated(c)).toEqual(['a/good']);
  });
});

describe('Kyverno generate rules: fields that come out empty [generate]', () => {
  it('a generate.kind whose variable is empty for an object fails the rule there, with an error, instead of dropping the object unsaid', () => {
    const trigger = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a, labels: {kind: ""}}\n---\n';
    const c = load(trigger + policy('        apiVersion: networking.k8s.io/v1\n        kind: "{{request.object.metadata.labels.kind}}"\n        name: x\n        namespace: a\n        data: {spec: {podSelector: {}}}\n'));
    expect(reported(c, 'RD040')).toEqual([
      'ClusterPolicy k, rule r: generate.kind is empty once its variables are substituted for namespace a; Kyverno fails the rule there and generates nothing',
    ]);
    expect(generated(c)).toEqual(['a/good']);
  });
});
