/**
 * Mutation fuzzing of the reader and the lint pipeline: the contract is
 * that no text makes them throw. `readFile` and `parseDocuments` turn every
 * problem into a diagnostic with file and line and skip the document; the
 * rest of the pipeline (Kyverno expansion, the engine, lint, the lint
 * report, and the diff of a state against its mutation) reads whatever the
 * reader let through.
 *
 * Seeds: every .yaml, .yml and .json file under fixtures/ and
 * test/yaml-corpus/ (files over 200 KB are skipped), and EXTRA_SEEDS for
 * kinds the fixtures lack. Each case picks a seed in turn and applies one
 * to four mutations, deterministic from FUZZ_SEED:
 * edits of the object tree (kinds confused, hostile keys, subtrees spliced
 * from other seeds, kinds and apiVersions swapped, lists wrapped around
 * objects) and edits of the text (lines deleted, duplicated, swapped,
 * re-indented; keys repeated with a value of another kind; separators,
 * hostile characters, anchors, aliases, merge keys, tags and huge numbers
 * inserted; JSON-specific edits for JSON files).
 *
 * Every exception is a failure: the test lists each distinct crash (by the
 * first src/ frame of its stack) with an input shrunk to a minimum. The
 * crashes found when it was written (KNOWN) are run first, every time.
 * Each case is read by parseDocuments and readFile (plain, keepObjects,
 * walked), then loaded, expanded, analysed and linted alone and with the
 * seed's directory; one in ten is also diffed against its seed.
 * FUZZ_SEED sets the seed (default 1), FUZZ_CASES the number of cases
 * (default CASES), FUZZ_OUT a directory the reproductions are written to.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative } from 'node:path';
import { dump, loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { compareMatrices } from '../src/pipeline/compare.js';
import { lint, silence } from '../src/check/lint.js';
import { analyze, ipFamilyOf } from '../src/engine/analyze.js';
import type { Cluster } from '../src/input/cluster.js';
import type { AnalyzeOptions } from '../src/engine/analyze.js';
import type { Matrix } from '../src/engine/matrix.js';
import { expand } from '../src/expand/expand.js';
import type { LoadOptions, ManifestFile } from '../src/input/load.js';
import { readFile, readFiles } from '../src/input/load.js';
import { parseDocuments } from '../src/input/yaml/documents.js';
import { formatDiagnostic } from '../src/model/diagnostics.js';
import { notAnalysedJson, notAnalysedLine } from '../src/report/notanalysed.js';
import { lintReport } from '../src/report/report.js';
import { REPO } from './helpers.js';
import { Rng as SeededRandom } from './reference/random.js';

/** Cases per run: a few thousand stay well under 20 s. */
const CASES = Number(process.env['FUZZ_CASES'] ?? 3000);
const SEED = Number(process.env['FUZZ_SEED'] ?? 1);
const OUT = process.env['FUZZ_OUT'];
const MAX_SEED_BYTES = 200 * 1024;
/** Time spent shrinking the distinct crashes, all together (each gets a share, at least 250 ms). */
const SHRINK_MS = 6000;

// ---------------------------------------------------------------- random

/** The seeded generator of the property tests (mulberry32), with the shorter calls this test makes. */
class Rng {
  private readonly random: SeededRandom;
  constructor(seed: number) {
    this.random = new SeededRandom(seed);
  }
  private next(): number {
    return this.random.next();
  }
  float(): number {
    return this.next();
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(list: readonly T[]): T {
    return list[this.int(list.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

// ---------------------------------------------------------------- seeds

interface Seed {
  readonly path: string;
  readonly text: string;
  readonly json: boolean;
  /** The other manifest files of the seed's directory, read with it by the pipeline. */
  readonly siblings: readonly ManifestFile[];
  /** The documents, where the file parses (js-yaml, or JSON.parse for JSON). */
  readonly docs: unknown[] | undefined;
}

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    const st = statSync(full);
    if (st.isDirectory()) walk(full, out);
    else if (/\.(ya?ml|json)$/.test(name) && st.size <= MAX_SEED_BYTES) out.push(full);
  }
}

function parseSeed(text: string, json: boolean): unknown[] | undefined {
  try {
    if (json) return [JSON.parse(text.replace(/^\uFEFF/, ''))];
    return loadAll(text.replace(/^\uFEFF/, '')).filter((d) => d !== null && d !== undefined);
  } catch {
    return undefined;
  }
}

/**
 * Seeds of kinds the fixtures lack (AdminNetworkPolicy, BaselineAdminNetworkPolicy,
 * ClusterNetworkPolicy, Calico's namespaced NetworkPolicy, routes, Kyverno rules
 * with context, preconditions, foreach, clone and cloneList), read as the files
 * of one directory.
 */
const EXTRA_SEEDS: Record<string, string> = {
  'anp.yaml': `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: anp}
spec:
  priority: 10
  subject: {namespaces: {matchLabels: {team: shop}}}
  ingress:
    - name: from-ops
      action: Allow
      from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: ops}}}, {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: x}}}}]
      ports: [{portNumber: {protocol: TCP, port: 80}}, {namedPort: http}, {portRange: {protocol: UDP, start: 1000, end: 2000}}]
  egress:
    - name: to-net
      action: Deny
      to: [{networks: [10.0.0.0/8, "::/0"]}, {nodes: {matchLabels: {role: node}}}]
    - name: pass
      action: Pass
      to: [{namespaces: {}}]
`,
  'apps.yaml': `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: shop}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      serviceAccountName: web
      containers:
        - name: web
          ports: [{name: http, containerPort: 8080}, {name: dns, containerPort: 53, protocol: UDP}]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: job, namespace: shop}
spec:
  schedule: "* * * * *"
  jobTemplate:
    spec:
      template:
        metadata: {labels: {app: job}}
        spec:
          hostNetwork: false
          containers: [{name: j, ports: [{containerPort: 9090}]}]
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
spec:
  containers: [{name: db, ports: [{containerPort: 5432, name: pg}]}]
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: web, namespace: shop, labels: {sa: web}}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  type: LoadBalancer
  ports: [{name: http, port: 80, targetPort: http}, {port: 9090, targetPort: 9090, protocol: TCP}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: isolate, namespace: default}
data: {namespaces: "shop,b,c"}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: base, namespace: platform, labels: {clone: "true"}}
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress: [{from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}], ports: [{port: 80, endPort: 90, protocol: TCP}, {port: http}]}]
`,
  'banp.yaml': `apiVersion: policy.networking.k8s.io/v1alpha1
kind: BaselineAdminNetworkPolicy
metadata: {name: default}
spec:
  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}}
  ingress:
    - name: deny
      action: Deny
      from: [{namespaces: {}}]
  egress:
    - name: allow
      action: Allow
      to: [{networks: [0.0.0.0/0]}]
      ports: [{portNumber: {protocol: TCP, port: 443}}]
`,
  'calico.yaml': `apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: cal, namespace: shop}
spec:
  tier: default
  order: 100
  selector: app == 'web' && has(team)
  types: [Ingress, Egress]
  ingress:
    - action: Allow
      protocol: TCP
      source: {selector: "app in {'a', 'b'}", namespaceSelector: all(), nets: [10.0.0.0/8], notNets: [10.1.0.0/16]}
      destination: {ports: [80, "8000:9000", http], notPorts: [81]}
    - action: Deny
      protocol: ICMP
      icmp: {type: 8, code: 0}
  egress:
    - action: Pass
      destination: {serviceAccounts: {names: [web], selector: sa == 'web'}}
    - action: Allow
      destination: {services: {name: web, namespace: shop}}
    - action: Log
`,
  'cnp.yaml': `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: cnp}
spec:
  tier: Admin
  priority: 5
  subject: {namespaces: {matchLabels: {team: shop}}}
  ingress:
    - name: a
      action: Accept
      from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: ops}}}, {pods: {namespaceSelector: {}, podSelector: {matchExpressions: [{key: app, operator: In, values: [web]}]}}}]
      protocols: [{tcp: {destinationPort: {number: 80}}}, {udp: {destinationPort: {range: {start: 1, end: 9}}}}, {destinationNamedPort: http}]
  egress:
    - name: b
      action: Deny
      to: [{networks: [10.0.0.0/8]}, {nodes: {matchLabels: {a: b}}}]
      protocols: [{sctp: {destinationPort: {number: 9}}}]
`,
  'kyverno.yaml': `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: kp}
spec:
  generateExisting: true
  rules:
    - name: per-namespace
      match: {any: [{resources: {kinds: [Namespace], selector: {matchLabels: {team: "*"}}}}]}
      exclude: {any: [{resources: {names: [kube-*]}}]}
      context:
        - name: team
          variable: {jmesPath: "request.object.metadata.labels.team", default: none}
      preconditions:
        all: [{key: "{{ team }}", operator: NotEquals, value: ""}, {key: "{{ request.object.metadata.name }}", operator: AnyNotIn, value: [kube-system]}]
      generate:
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        name: "deny-{{ team }}"
        namespace: "{{request.object.metadata.name}}"
        synchronize: true
        data:
          metadata: {labels: {team: "{{ to_upper(team) }}"}}
          spec:
            podSelector: {matchLabels: {team: "{{ team }}"}}
            policyTypes: [Ingress]
            ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: "{{ request.object.metadata.name }}"}}}], ports: [{port: 80}]}]
    - name: each
      match: {any: [{resources: {kinds: [ConfigMap], names: [isolate]}}]}
      generate:
        foreach:
          - list: "request.object.data.namespaces | split(@, ',')"
            context: [{name: ns, variable: {jmesPath: element}}]
            preconditions: {any: [{key: "{{ ns }}", operator: AnyNotIn, value: [c]}]}
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            name: "deny-{{ elementIndex }}-{{ ns }}"
            namespace: "{{ ns }}"
            data: {spec: {podSelector: {}, policyTypes: [Ingress, Egress]}}
    - name: copy
      match: {any: [{resources: {kinds: [Namespace], names: [shop]}}]}
      generate:
        namespace: "{{request.object.metadata.name}}"
        cloneList: {namespace: platform, kinds: [networking.k8s.io/v1/NetworkPolicy], selector: {matchLabels: {clone: "true"}}}
    - name: clone-one
      match: {any: [{resources: {kinds: [Namespace]}}]}
      generate:
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        name: base
        namespace: "{{request.object.metadata.name}}"
        clone: {namespace: platform, name: base}
`,
  'routes.yaml': `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  defaultBackend: {service: {name: web, port: {name: http}}}
  rules:
    - host: example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend: {service: {name: web, port: {number: 80}}}
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: shop}
spec:
  parentRefs: [{name: gw, namespace: infra}]
  rules:
    - backendRefs: [{name: web, port: 80}, {name: other, namespace: ops, port: 8080, kind: Service}]
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: ReferenceGrant
metadata: {name: g, namespace: ops}
spec:
  from: [{group: gateway.networking.k8s.io, kind: HTTPRoute, namespace: shop}]
  to: [{group: "", kind: Service, name: other}]
---
apiVersion: route.openshift.io/v1
kind: Route
metadata: {name: web, namespace: shop}
spec:
  to: {kind: Service, name: web}
  port: {targetPort: http}
`,
};

function loadSeeds(): Seed[] {
  const files: string[] = [];
  walk(join(REPO, 'fixtures'), files);
  walk(join(REPO, 'test', 'yaml-corpus'), files);
  const texts = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));
  const seeds = files.map((f): Seed => {
    const text = texts.get(f)!;
    const json = extname(f) === '.json';
    const siblings = files.filter((g) => g !== f && dirname(g) === dirname(f)).map((g): ManifestFile => ({ path: relative(REPO, g), text: texts.get(g)! }));
    return { path: relative(REPO, f), text, json, siblings, docs: parseSeed(text, json)?.map((d) => clone(d)) };
  });
  const extra = Object.entries(EXTRA_SEEDS).map(([name, text]) => ({ path: `extra/${name}`, text }));
  for (const { path, text } of extra) {
    seeds.push({ path, text, json: false, siblings: extra.filter((e) => e.path !== path), docs: parseSeed(text, false)?.map((d) => clone(d)) });
  }
  return seeds;
}

// ---------------------------------------------------------------- hostile material

const HOSTILE_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', 'length', '', ' ', '0', 'toJSON', 'then', '__defineGetter__', 'isPrototypeOf'];
const DOMAIN_KEYS = [
  'apiVersion', 'kind', 'metadata', 'name', 'namespace', 'labels', 'annotations', 'spec', 'items', 'podSelector', 'namespaceSelector', 'matchLabels',
  'matchExpressions', 'key', 'operator', 'values', 'ingress', 'egress', 'from', 'to', 'ports', 'port', 'endPort', 'protocol', 'policyTypes', 'ipBlock',
  'cidr', 'except', 'template', 'selector', 'containers', 'containerPort', 'hostNetwork', 'serviceAccountName', 'rules', 'generate', 'data', 'match',
  'endpointSelector', 'toEndpoints', 'fromEndpoints', 'toPorts', 'toCIDR', 'toCIDRSet', 'toEntities', 'order', 'types', 'action', 'source', 'destination',
  'nets', 'notNets', 'subject', 'priority', 'tier', 'jobTemplate', 'replicas', 'targetPort', 'type', 'clusterIP', 'backend', 'service', 'parentRefs',
  'backendRefs', 'hostname', 'synchronize', 'clone', 'cloneList', 'resources', 'kinds', 'namespaces', 'preconditions', 'context', 'variables',
];
const HOSTILE_SCALARS: readonly unknown[] = [
  null, true, false, 0, -1, 1, 1.5, -0.5, 65535, 65536, 2 ** 31, 2 ** 53 + 2, 1e308, -1e308, Infinity, -Infinity, NaN, '', ' ', 'x', '*', '-', '0',
  '80', '65536', 'http', 'TCP', 'UDP', 'SCTP', 'ICMP', 'tcp', 'Ingress', 'Egress', 'In', 'NotIn', 'Exists', 'DoesNotExist', 'Allow', 'Deny', 'Pass', 'Log',
  '0.0.0.0/0', '::/0', '10.0.0.0/8', '10.0.0.1', '10.0.0.0/33', '256.0.0.0/8', 'fe80::/200', '1.2.3.4/-1', 'a/b', '__proto__', 'constructor', 'toString',
  'all()', 'has(app)', "app == 'x'", '!', 'world', 'cluster', 'kube-apiserver', 'host', 'all', '{{ .Values.x }}', '$(request.object.metadata.name)',
  '{{request.object.metadata.name}}', 'a'.repeat(300), '\u0000', '\u2028', '\uFEFF',
];
const TEXT_TOKENS = [
  '{', '}', '[', ']', ':', ': ', '- ', '-', '?', '? ', '&', '&a ', '*', '*a', '!', '!!', '|', '>', "'", '"', '#', ' #', '%', '@', '`', '\t', ',', '\\',
  '\u2028', '\u2029', '\u0085', '\uFEFF', '\u0000', '\r', '\r\n', '\n', '~', '<<', '<<: *a', '1e400', '-1e400', '99999999999999999999999', '0x1F', '0o17',
  '0b101', '1_000', '.inf', '-.nan', '0.', '+1', '-0', '!!binary ', '!!timestamp ', '!custom ', '!!int ', '!!float ', '!!str ', '!!map ', '!!seq ',
  '!!null ', '!!bool ', '!<tag:yaml.org,2002:int> ', '%YAML 1.2\n', '%TAG ! tag:x,2024:\n', '...', '---', '{{', '}}', '{{ .Values.x }}', 'null', '[]',
  '{}', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '\r---', '\r...\r', '\r--- x', '!!int\n  ', '!!str\n  ', '!!bool\n  ', '!!float\n  ',
];
/** Kyverno variables' JMESPath, hostile: prototype names as functions and fields, bad escapes, deep nesting, huge outputs. */
const JMESPATHS = [
  'request.object.metadata.name', 'request.object.metadata.labels', 'request.object', '@', 'element', 'elementIndex', 'request.operation',
  'hasOwnProperty(@)', 'valueOf(@)', 'toString(@)', 'constructor(@)', '__proto__(@)', 'isPrototypeOf(@)', 'toLocaleString(@)',
  'request."\\q"', 'request."a\tb"', 'request."\\u12"', 'request.object.metadata.constructor', 'request.object.metadata.toString', 'request.object.__proto__',
  "replace(request.object.metadata.name, '', 'x', `20`)", "replace(request.object.metadata.name, 'a', '', `-1`)", "split(request.object.metadata.name, '')", 'to_string(request.object)', 'length(@)',
  'request.object.metadata.labels.*', 'sort_by(@, &a)', 'max_by(request.object.spec, &x)', '`1e400`', 'request.object.metadata.name[99999999999999999999]',
  'merge(request.object, `{"__proto__": {"x": 1}}`)', "items(request.object.metadata, '__proto__', 'b')", "object_from_lists(['__proto__'], [`1`])",
  '{a: @, b: [@]}', 'request.object.metadata.name || `{}`', 'to_upper(request.object.metadata.name)', 'join(`,`, request.object.metadata.labels)',
  `${'('.repeat(20000)}request${')'.repeat(20000)}`, `request${'.a'.repeat(20000)}`, `${'!'.repeat(20000)}request`, `request.object.metadata.name${' | to_string(@)'.repeat(5000)}`,
  '', ' ', '{', '}}', 'request[', '`', "'", '"',
];

/** An object String() and template literals cannot convert: its toString is not a function. */
function noString(value: unknown = null): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  setKey(o, 'toString', value);
  return o;
}

/** Values of another kind for a key's line, as YAML text. */
const KIND_TEXTS = [
  '[]', '{}', 'null', '~', '', '5', '-1', '0', '1.5', '1e400', '99999999999999999999999', 'true', 'no', 'y', '"x"', "'x'", 'x', '[a, b]', '[1, 2]',
  '[null]', '[[]]', '[{}]', '{a: b}', '{a: [b]}', '{__proto__: x}', '{toString: x}', '{constructor: {}}', '{hasOwnProperty: 1}', '!!binary aGVsbG8=',
  '!!timestamp 2001-12-14', '!custom x', '!!int 12', '!!float 1', '!!str 5', '!!seq []', '!!map {}', '*a', '&a {}', '&a []', '&a x', '|\n  x', '>-\n  x',
  '{toString: null}', '[{toString: x}]', '{a: {toString: 1}}', '{valueOf: 1, toString: 1}', '"{{ hasOwnProperty(@) }}"', '"{{request.object.metadata.constructor}}"',
  '"\\u0000"', '"\\ud800"', '0x7fffffffffffffff', '18446744073709551616', '-9223372036854775809', '.nan', '-.inf', '2001-12-14', '20:21', '<<',
];
const LIST_KINDS = ['List', 'NetworkPolicyList', 'DeploymentList', 'PodList', 'ConfigMapList', 'CiliumNetworkPolicyList', 'FooList'];

/** A Kyverno rule that generates a NetworkPolicy named by `name` for each Namespace. */
const KYVERNO_NAMED = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: k}\nspec:\n  rules:\n    - name: r\n      match: {any: [{resources: {kinds: [Namespace]}}]}\n      generate:\n        apiVersion: networking.k8s.io/v1\n        kind: NetworkPolicy\n        namespace: a\n        data: {spec: {podSelector: {}}}\n        name: '{{ ${name} }}'\n`;

/**
 * Inputs that made the reader or the pipeline throw when this fuzzer was
 * written, shrunk by hand: run first, every time, so that each stays fixed.
 * (Not here, as they would stall the run rather than throw: a Kyverno
 * `replace(x, '', y, n)` builds a string of n characters, and a wildcard
 * with a dozen stars backtracks for minutes on a 50-character name.)
 */
const KNOWN: ReadonlyArray<readonly [string, string]> = [
  ["NetworkPolicy podSelector.matchLabels value is a mapping with a toString key", "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {matchLabels: {app: {toString: x}}}\n"],
  ["NetworkPolicy matchExpressions operator is a mapping with a toString key", "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {matchExpressions: [{key: a, operator: {toString: x}}]}\n"],
  ["ClusterNetworkPolicy pods.podSelector matchExpressions key is a mapping with a toString key", "apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: p}\nspec:\n  tier: Admin\n  priority: 5\n  subject: {namespaces: {}}\n  ingress:\n    - name: a\n      action: Accept\n      from: [{pods: {namespaceSelector: {}, podSelector: {matchExpressions: [{key: {toString: x}, operator: Exists}]}}}]\n"],
  ["Namespace metadata.labels value is a mapping with a toString key", "apiVersion: v1\nkind: Namespace\nmetadata: {name: a, labels: {team: {toString: x}}}\n"],
  ["NetworkPolicy ports protocol is a mapping with a toString key", "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {}\n  ingress: [{ports: [{protocol: {toString: x}}]}]\n"],
  ["NetworkPolicy ports port is a mapping with a toString key", "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {}\n  ingress: [{ports: [{port: {toString: x}}]}]\n"],
  ["NetworkPolicy ports endPort is a mapping with a toString key", "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {}\n  ingress: [{ports: [{port: 80, endPort: {toString: x}}]}]\n"],
  ["NetworkPolicy policyTypes item is a mapping with a toString key", "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {}\n  policyTypes: [{toString: x}]\n"],
  ["Calico NetworkPolicy rule action is a mapping with a toString key", "apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  ingress: [{action: {toString: x}}]\n"],
  ["Calico NetworkPolicy spec.types item is a mapping with a toString key", "apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  types: [{toString: x}]\n"],
  ["Calico Tier spec.defaultAction is a mapping with a toString key", "apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: t}\nspec:\n  order: 10\n  defaultAction: {toString: x}\n"],
  ["Pod containerPort is a mapping with a toString key", "apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers: [{name: c, ports: [{containerPort: {toString: x}}]}]\n"],
  ["Service targetPort is a mapping with a toString key", "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: 80, targetPort: {toString: x}}]\n"],
  ["Service spec.type is a mapping with a toString key", "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  type: {toString: x}\n"],
  ["CiliumNetworkPolicy fromEndpoints matchLabels value is a mapping with a toString key", "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: p}\nspec:\n  endpointSelector: {}\n  ingress: [{fromEndpoints: [{matchLabels: {app: {toString: x}}}]}]\n"],
  ["CiliumNetworkPolicy toEntities item is a mapping with a toString key", "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: p}\nspec:\n  endpointSelector: {}\n  egress: [{toEntities: [{toString: x}]}]\n"],
  ["CiliumNetworkPolicy toFQDNs matchName is a mapping with a toString key", "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: p}\nspec:\n  endpointSelector: {}\n  egress: [{toFQDNs: [{matchName: {toString: x}}]}]\n"],
  ["CiliumNetworkPolicy toPorts protocol is a mapping with a toString key", "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: p}\nspec:\n  endpointSelector: {}\n  ingress: [{toPorts: [{ports: [{port: '80', protocol: {toString: x}}]}]}]\n"],
  ["CiliumNetworkPolicy toPorts port is a mapping with a toString key", "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: p}\nspec:\n  endpointSelector: {}\n  ingress: [{toPorts: [{ports: [{port: {toString: x}}]}]}]\n"],
  ["CiliumNetworkPolicy toPorts endPort is a mapping with a toString key", "apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: p}\nspec:\n  endpointSelector: {}\n  ingress: [{toPorts: [{ports: [{port: '80', endPort: {toString: x}}]}]}]\n"],
  ["AdminNetworkPolicy spec.priority is a mapping with a toString key", "apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: p}\nspec:\n  priority: {toString: x}\n  subject: {namespaces: {}}\n"],
  ["AdminNetworkPolicy rule action is a mapping with a toString key", "apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: p}\nspec:\n  priority: 1\n  subject: {namespaces: {}}\n  ingress: [{name: a, action: {toString: x}, from: [{namespaces: {}}]}]\n"],
  ["AdminNetworkPolicy ports namedPort is a mapping with a toString key", "apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: p}\nspec:\n  priority: 1\n  subject: {namespaces: {}}\n  ingress: [{name: a, action: Allow, from: [{namespaces: {}}], ports: [{namedPort: {toString: x}}]}]\n"],
  ["ClusterNetworkPolicy spec.tier is a mapping with a toString key", "apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: p}\nspec:\n  tier: {toString: x}\n  priority: 1\n  subject: {namespaces: {}}\n"],
  ["ClusterNetworkPolicy spec.priority is a mapping with a toString key", "apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: p}\nspec:\n  tier: Admin\n  priority: {toString: x}\n  subject: {namespaces: {}}\n"],
  ["ClusterNetworkPolicy rule action is a mapping with a toString key", "apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: p}\nspec:\n  tier: Admin\n  priority: 1\n  subject: {namespaces: {}}\n  ingress: [{name: a, action: {toString: x}, from: [{namespaces: {}}]}]\n"],
  ["ClusterNetworkPolicy destinationPort.number is a mapping with a toString key", "apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: p}\nspec:\n  tier: Admin\n  priority: 1\n  subject: {namespaces: {}}\n  ingress: [{name: a, action: Accept, from: [{namespaces: {}}], protocols: [{tcp: {destinationPort: {number: {toString: x}}}}]}]\n"],
  ["ClusterNetworkPolicy destinationNamedPort is a mapping with a toString key", "apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: p}\nspec:\n  tier: Admin\n  priority: 1\n  subject: {namespaces: {}}\n  ingress: [{name: a, action: Accept, from: [{namespaces: {}}], protocols: [{destinationNamedPort: {toString: x}}]}]\n"],
  ["Kyverno cloneList source whose metadata.name is a mapping with a toString key", "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: {toString: x}, namespace: platform}\nspec: {podSelector: {}}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: k}\nspec:\n  rules:\n    - name: r\n      match: {any: [{resources: {kinds: [Namespace]}}]}\n      generate:\n        namespace: a\n        cloneList: {namespace: platform, kinds: [networking.k8s.io/v1/NetworkPolicy]}\n"],
  ["Kyverno generate.clone that is not a mapping", "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: k}\nspec:\n  rules:\n    - name: r\n      match: {any: [{resources: {kinds: [Namespace]}}]}\n      generate:\n        apiVersion: networking.k8s.io/v1\n        kind: NetworkPolicy\n        name: x\n        namespace: a\n        clone: 5\n"],
  ["Kyverno variable calling valueOf(), a name of Object.prototype", "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: k}\nspec:\n  rules:\n    - name: r\n      match: {any: [{resources: {kinds: [Namespace]}}]}\n      generate:\n        apiVersion: networking.k8s.io/v1\n        kind: NetworkPolicy\n        namespace: a\n        data: {spec: {podSelector: {}}}\n        name: '{{ valueOf(@) }}'\n"],
  ["Kyverno variable with a quoted identifier holding an invalid JSON escape", "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: kyverno.io/v1\nkind: ClusterPolicy\nmetadata: {name: k}\nspec:\n  rules:\n    - name: r\n      match: {any: [{resources: {kinds: [Namespace]}}]}\n      generate:\n        apiVersion: networking.k8s.io/v1\n        kind: NetworkPolicy\n        namespace: a\n        data: {spec: {podSelector: {}}}\n        name: '{{ request.\"\\q\" }}'\n"],
  ["a !!int tag with its scalar on the next line", "a: !!int\n  8\n"],
  ["a Service port written !!int with the number on the next line", "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports:\n    - port: !!int\n        80\n"],
  ["a lone CR before ---", "a\r---\n"],
  ['a !!binary tag with its scalar on the next line', '!!binary\n2\n'],
  ['a sequence in a sequence beside a mapping with a toString key', '  script:\n  - - toString: \n  script: '],
  // deep enough to overflow the stack however small the optimised frames are
  ['Kyverno variable nested 50000 parentheses deep', KYVERNO_NAMED(`${'('.repeat(50000)}request${')'.repeat(50000)}`)],
  ['Kyverno variable with a path 50000 fields long', KYVERNO_NAMED(`request${'.a'.repeat(50000)}`)],
];

// ---------------------------------------------------------------- tree mutations

type Container = Record<string, unknown> | unknown[];

interface Slot {
  readonly parent: Container | undefined;
  readonly key: string | number;
  readonly value: unknown;
}

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A deep copy; a cycle (an alias inside its anchor) is cut with null. */
function clone(v: unknown, open = new Set<unknown>()): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (v instanceof Date) return v.toISOString();
  if (open.has(v)) return null;
  open.add(v);
  let out: unknown;
  if (Array.isArray(v)) out = v.map((x) => clone(x, open));
  else {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v)) setKey(o, k, clone((v as Record<string, unknown>)[k], open));
    out = o;
  }
  open.delete(v);
  return out;
}

function setKey(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function slots(root: unknown): Slot[] {
  const out: Slot[] = [];
  const seen = new Set<unknown>();
  const visit = (parent: Container | undefined, key: string | number, value: unknown) => {
    out.push({ parent, key, value });
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) value.forEach((v, i) => visit(value, i, v));
    else for (const k of Object.keys(value)) visit(value as Record<string, unknown>, k, (value as Record<string, unknown>)[k]);
  };
  visit(undefined, '', root);
  return out;
}

/** Values found under each key across all seeds, for splicing. */
function keyIndex(seeds: readonly Seed[]): { byKey: Map<string, unknown[]>; all: unknown[]; kinds: string[]; apiVersions: string[] } {
  const byKey = new Map<string, unknown[]>();
  const all: unknown[] = [];
  const kinds = new Set<string>();
  const apiVersions = new Set<string>();
  for (const s of seeds) {
    for (const doc of s.docs ?? []) {
      for (const slot of slots(doc)) {
        if (slot.parent === undefined) continue;
        all.push(slot.value);
        if (typeof slot.key === 'string') {
          const list = byKey.get(slot.key) ?? [];
          list.push(slot.value);
          byKey.set(slot.key, list);
          if (slot.key === 'kind' && typeof slot.value === 'string') kinds.add(slot.value);
          if (slot.key === 'apiVersion' && typeof slot.value === 'string') apiVersions.add(slot.value);
        }
      }
    }
  }
  return { byKey, all, kinds: [...kinds].sort(), apiVersions: [...apiVersions].sort() };
}

type Index = ReturnType<typeof keyIndex>;

function hostileValue(rng: Rng, index: Index, key?: string | number): unknown {
  const r = rng.int(12);
  if (r === 10) return rng.pick([noString(), [noString('x')], { a: noString(1) }, noString({})]);
  if (r === 11) return `${rng.chance(0.5) ? '' : 'x-'}{{${rng.chance(0.5) ? ' ' : ''}${rng.pick(JMESPATHS)} }}`;
  if (r < 3) return rng.pick(HOSTILE_SCALARS);
  if (r < 5) {
    const same = typeof key === 'string' ? index.byKey.get(key) : undefined;
    return clone(same && rng.chance(0.7) ? rng.pick(same) : rng.pick(index.all));
  }
  switch (rng.int(9)) {
    case 0:
      return [];
    case 1:
      return {};
    case 2:
      return [rng.pick(HOSTILE_SCALARS)];
    case 3:
      return [{}];
    case 4:
      return [[]];
    case 5: {
      const o: Record<string, unknown> = {};
      setKey(o, rng.pick([...HOSTILE_KEYS, ...DOMAIN_KEYS]), rng.pick(HOSTILE_SCALARS));
      return o;
    }
    case 6:
      return { matchLabels: rng.pick(HOSTILE_SCALARS), matchExpressions: rng.pick([[], {}, 'x', [{ key: 'a', operator: rng.pick(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Foo', 5]), values: rng.pick([[], ['x'], 'x', null, [5], [{}]]) }]]) };
    case 7:
      return [{ port: rng.pick(HOSTILE_SCALARS), protocol: rng.pick(HOSTILE_SCALARS), endPort: rng.pick(HOSTILE_SCALARS) }];
    default:
      return { ipBlock: { cidr: rng.pick(HOSTILE_SCALARS), except: rng.pick([[], ['10.0.0.0/8'], 'x', [5], null, ['0.0.0.0/0']]) } };
  }
}

function mutateTree(doc: unknown, rng: Rng, index: Index): unknown {
  let root = clone(doc);
  const all = slots(root);
  const slot = rng.pick(all);
  const replace = (v: unknown) => {
    if (slot.parent === undefined) root = v;
    else if (Array.isArray(slot.parent)) slot.parent[slot.key as number] = v;
    else setKey(slot.parent, slot.key as string, v);
  };
  switch (rng.int(11)) {
    case 0:
    case 1:
    case 2:
      replace(hostileValue(rng, index, slot.key));
      break;
    case 3: {
      const objs = all.filter((s) => isObj(s.value));
      if (objs.length === 0) break;
      const target = rng.pick(objs).value as Record<string, unknown>;
      const key = rng.chance(0.5) ? rng.pick(HOSTILE_KEYS) : rng.pick(DOMAIN_KEYS);
      setKey(target, key, hostileValue(rng, index, key));
      break;
    }
    case 4: {
      if (slot.parent === undefined) break;
      if (Array.isArray(slot.parent)) slot.parent.splice(slot.key as number, 1);
      else delete slot.parent[slot.key as string];
      break;
    }
    case 5: {
      // kind and apiVersion swapped: one kind's body read as another's
      const objs = all.filter((s) => isObj(s.value) && 'kind' in (s.value as object));
      if (objs.length === 0) break;
      const target = rng.pick(objs).value as Record<string, unknown>;
      if (rng.chance(0.7) && index.kinds.length > 0) target['kind'] = rng.pick(index.kinds);
      if (rng.chance(0.5) && index.apiVersions.length > 0) target['apiVersion'] = rng.pick(index.apiVersions);
      break;
    }
    case 6:
      root = { apiVersion: 'v1', kind: rng.pick(LIST_KINDS), items: rng.chance(0.8) ? [root] : rng.pick([null, {}, 'x', 3, [null], [[]]]) };
      break;
    case 7: {
      const arrays = all.filter((s) => Array.isArray(s.value) && s.value.length > 0);
      if (arrays.length === 0) break;
      const a = rng.pick(arrays).value as unknown[];
      const i = rng.int(a.length);
      if (rng.chance(0.5)) a.splice(i, 0, clone(a[i]));
      else a.length = 0;
      break;
    }
    case 8:
      if (typeof slot.value === 'number') replace(String(slot.value));
      else if (typeof slot.value === 'string' && /^\d+$/.test(slot.value)) replace(Number(slot.value));
      else replace(typeof slot.value === 'string' ? [slot.value] : rng.pick(HOSTILE_SCALARS));
      break;
    case 9:
      // a mapping replaced by its values as a list, or a list by a mapping of its elements
      if (isObj(slot.value)) replace(Object.values(slot.value));
      else if (Array.isArray(slot.value)) replace(Object.fromEntries(slot.value.map((v, i) => [String(i), v])));
      else replace({ [String(slot.key)]: slot.value });
      break;
    default: {
      // several deep edits at once
      for (let n = 0; n < 3; n++) {
        const s = rng.pick(slots(root));
        if (s.parent === undefined) continue;
        const v = hostileValue(rng, index, s.key);
        if (Array.isArray(s.parent)) s.parent[s.key as number] = v;
        else setKey(s.parent, s.key as string, v);
      }
    }
  }
  return root;
}

function dumpYaml(docs: readonly unknown[], rng: Rng): string {
  const flow = rng.chance(0.15);
  return docs
    .map((d) => {
      try {
        return dump(d, { noRefs: rng.chance(0.8), lineWidth: -1, flowLevel: flow ? rng.int(4) : -1, skipInvalid: true, sortKeys: false });
      } catch {
        return JSON.stringify(d) ?? 'null';
      }
    })
    .join('---\n');
}

function dumpJson(docs: readonly unknown[], rng: Rng): string {
  const indent = rng.pick([0, 1, 2, 4, '\t']);
  return docs.map((d) => JSON.stringify(d, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? rng.pick([null, 1e308, '1e400']) : v), indent) ?? 'null').join('\n');
}

// ---------------------------------------------------------------- text mutations

function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}

const KEY_LINE = /^(\s*)(- )?([^\s:#][^:#]*?):(\s|$)/;

function blockEnd(lines: readonly string[], i: number): number {
  const indent = /^\s*/.exec(lines[i]!)![0].length + (/^\s*- /.test(lines[i]!) ? 2 : 0);
  let j = i + 1;
  while (j < lines.length && (lines[j]!.trim() === '' || /^\s*/.exec(lines[j]!)![0].length > indent)) j++;
  return j;
}

function mutateYamlText(text: string, rng: Rng): string {
  const lines = text.split('\n');
  const n = lines.length;
  const i = rng.int(n);
  const keyLines = lines.map((l, k) => (KEY_LINE.test(l) ? k : -1)).filter((k) => k >= 0);
  switch (rng.int(19)) {
    case 0:
      lines.splice(i, 1);
      break;
    case 1:
      lines.splice(i, 0, lines[i]!);
      break;
    case 2: {
      const j = rng.int(n);
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      break;
    }
    case 3: {
      const m = /^([ \t]*)([\s\S]*)$/.exec(lines[i]!)!;
      const indent = m[1]!;
      const d = rng.pick([-4, -2, -1, 1, 2, 4]);
      lines[i] = rng.chance(0.15) ? `\t${m[2]}` : `${' '.repeat(Math.max(0, indent.length + d))}${m[2]}`;
      break;
    }
    case 4:
      lines.splice(i, 0, rng.pick(['---', '--- # c', '---x', '--- x', '...', '--- |', '---\t', '... # end', '---\r']));
      break;
    case 5:
    case 6: {
      // a key repeated with a value of another kind
      if (keyLines.length === 0) break;
      const k = rng.pick(keyLines);
      const m = KEY_LINE.exec(lines[k]!)!;
      const indent = m[1]! + (m[2] ? '  ' : '');
      const end = blockEnd(lines, k);
      const value = rng.pick(KIND_TEXTS);
      const line = `${indent}${m[3]}: ${value.replace(/\n/g, `\n${indent}`)}`;
      if (rng.chance(0.5)) lines.splice(end, 0, line);
      else lines.splice(m[2] ? k + 1 : k, 0, m[2] ? line : line);
      break;
    }
    case 7:
    case 8: {
      // a key's value (and its block) replaced by another kind
      if (keyLines.length === 0) break;
      const k = rng.pick(keyLines);
      const m = KEY_LINE.exec(lines[k]!)!;
      const end = blockEnd(lines, k);
      const indent = m[1]! + (m[2] ? '  ' : '');
      const value = rng.pick(KIND_TEXTS);
      lines.splice(k, end - k, `${m[1]}${m[2] ?? ''}${m[3]}: ${value.replace(/\n/g, `\n${indent}`)}`);
      break;
    }
    case 9: {
      // a hostile key beside an existing one
      if (keyLines.length === 0) break;
      const k = rng.pick(keyLines);
      const m = KEY_LINE.exec(lines[k]!)!;
      const indent = m[1]! + (m[2] ? '  ' : '');
      lines.splice(k + 1, 0, `${indent}${rng.pick(HOSTILE_KEYS) || '""'}: ${rng.pick(KIND_TEXTS).replace(/\n/g, `\n${indent}`)}`);
      break;
    }
    case 10: {
      // an anchor on one key's value, and an alias or merge of it elsewhere
      if (keyLines.length < 2) break;
      const a = rng.pick(keyLines);
      const b = rng.pick(keyLines);
      const name = rng.pick(['a', 'x', 'a b', '']);
      lines[a] = lines[a]!.replace(/:(\s|$)/, `: &${name} `);
      const m = KEY_LINE.exec(lines[b]!)!;
      const indent = m[1]! + (m[2] ? '  ' : '');
      if (rng.chance(0.5)) lines.splice(b + 1, 0, `${indent}<<: *${rng.pick([name, 'x', 'undefined'])}`);
      else lines.splice(b, blockEnd(lines, b) - b, `${m[1]}${m[2] ?? ''}${m[3]}: *${rng.pick([name, 'nope'])}`);
      break;
    }
    case 11: {
      // a tag on a value
      if (keyLines.length === 0) break;
      const k = rng.pick(keyLines);
      const tag = rng.pick(['!!binary', '!!timestamp', '!custom', '!!int', '!!float', '!!str', '!!map', '!!seq', '!!null', '!!bool', '!!set', '!!omap', '!!pairs', '!<x>', '!', '!!merge', '!<tag:yaml.org,2002:int>']);
      // the tag alone on the key's line, its node on the next
      const indent = `${/^\s*/.exec(lines[k]!)![0]}    `;
      lines[k] = lines[k]!.replace(/:(\s|$)/, rng.chance(0.3) ? `: ${tag}\n${indent}` : `: ${tag} `);
      break;
    }
    case 12: {
      // numbers made huge
      const t = lines.join('\n');
      return t.replace(/\b\d+\b/, rng.pick(['1e400', '99999999999999999999999', '-1e400', '0x' + 'f'.repeat(40), '9'.repeat(320), '1' + '0'.repeat(400), '1.7976931348623159e308', '4.9e-325', '0.0000001']));
    }
    case 13:
      return rng.chance(0.5) ? text.replace(/\n/g, '\r\n') : `\uFEFF${text}`;
    case 14:
      return text.slice(0, rng.int(text.length + 1));
    case 15: {
      // a key written as a complex key, or a flow collection as a key
      if (keyLines.length === 0) break;
      const k = rng.pick(keyLines);
      const m = KEY_LINE.exec(lines[k]!)!;
      lines[k] = lines[k]!.replace(m[3]!, rng.pick([`? ${m[3]}\n${m[1]}`, `[${m[3]}]`, `{${m[3]}: 1}`, `"${m[3]}"`, `'${m[3]}'`, `${m[3]}\u2028`, `${m[3]} #`, `!!str ${m[3]}`, `&k ${m[3]}`, '*k', '<<', '~', 'null', '1', 'true', '1.0', '-0', '.inf']));
      break;
    }
    default: {
      // a Kyverno variable's expression replaced
      const t = lines.join('\n');
      const vars: number[] = [];
      for (let v = t.indexOf('{{'); v >= 0 && vars.length < 200; v = t.indexOf('{{', v + 1)) vars.push(v);
      if (vars.length === 0) break;
      const at = rng.pick(vars);
      const end = t.indexOf('}}', at);
      if (end < 0) break;
      const expr = rng.pick(JMESPATHS);
      // inside a double-quoted YAML scalar, backslashes and quotes are escaped
      const quoted = t.lastIndexOf('"', at) > t.lastIndexOf('\n', at);
      return `${t.slice(0, at + 2)}${quoted ? expr.replace(/[\\"]/g, '\\$&').replace(/\t/g, '\\t') : expr}${t.slice(end)}`;
    }
  }
  return lines.join('\n');
}

function insertToken(text: string, rng: Rng, tokens: readonly string[] = TEXT_TOKENS): string {
  const starts = lineStarts(text);
  let at: number;
  const r = rng.int(3);
  if (r === 0) at = rng.int(text.length + 1);
  else if (r === 1) {
    // after a key's colon
    const colons: number[] = [];
    for (let i = text.indexOf(': '); i >= 0 && colons.length < 500; i = text.indexOf(': ', i + 1)) colons.push(i + 2);
    at = colons.length > 0 ? rng.pick(colons) : rng.int(text.length + 1);
  } else {
    // at the start of a line's content
    const s = rng.pick(starts);
    at = s + /^[ \t]*/.exec(text.slice(s))![0].length;
  }
  return text.slice(0, at) + rng.pick(tokens) + text.slice(at);
}

function mutateJsonText(text: string, rng: Rng): string {
  switch (rng.int(10)) {
    case 0: {
      // a key repeated with a value of another kind
      const keys: Array<{ at: number; key: string }> = [];
      const re = /"((?:[^"\\]|\\.)*)"\s*:/g;
      for (let m = re.exec(text); m && keys.length < 500; m = re.exec(text)) keys.push({ at: m.index, key: m[1]! });
      if (keys.length === 0) return text;
      const k = rng.pick(keys);
      const value = rng.pick(['[]', '{}', 'null', '5', '"x"', 'true', '[1]', '{"a":1}', '1e400', '-1e400', '99999999999999999999999', '1E+999', '{"__proto__":{}}', '[{}]']);
      return `${text.slice(0, k.at)}"${k.key}": ${value}, ${text.slice(k.at)}`;
    }
    case 1: {
      // a hostile key in an object
      const opens: number[] = [];
      for (let i = text.indexOf('{'); i >= 0 && opens.length < 500; i = text.indexOf('{', i + 1)) opens.push(i + 1);
      if (opens.length === 0) return text;
      const at = rng.pick(opens);
      const key = rng.pick([...HOSTILE_KEYS, 'kind', 'items', 'metadata', 'spec']);
      const sep = /^\s*\}/.test(text.slice(at)) ? '' : ', ';
      return `${text.slice(0, at)}"${key}": ${rng.pick(['{}', '[]', 'null', '1', '"x"', '{"a":"b"}', '1e400'])}${sep}${text.slice(at)}`;
    }
    case 2:
      return insertToken(text, rng, ['{', '}', '[', ']', ',', ':', '"', '\\', '\\u', '\u0000', '\uFEFF', '\u2028', '\u0085', '\t', '\n', '1e400', '-', 'null', '//', '/*', '#', '\n---\n', 'NaN', 'Infinity', "'"]);
    case 3: {
      // a character deleted
      const i = rng.int(text.length);
      return text.slice(0, i) + text.slice(i + 1);
    }
    case 4:
      return text.slice(0, rng.int(text.length + 1));
    case 5:
      // a stream of values, and YAML after JSON
      return `${text}${rng.pick(['\n{}', '\n[]', '\n{"kind": "x"}', `\n${text}`, '\nkind: Pod\n', '\n---\nkind: x\n', 'x', ' }', '\n{', '\n"x"', '\n5', '\nnull'])}`;
    case 6:
      return `${rng.pick([' ', '\n', '\t', '\u0085', '\u00a0', '\v', '\f', '\uFEFF', '\r\n', '[', ''])}${text}`;
    case 7:
      return text.replace(/-?\d+(\.\d+)?/, rng.pick(['1e400', '-1e400', '1E999', '99999999999999999999999', '9'.repeat(320), '1e-400', '-0', '0.5', '1.0']));
    case 8: {
      // a string made hostile: escapes, surrogates, quotes
      const strings: number[] = [];
      for (let i = text.indexOf('"'); i >= 0 && strings.length < 500; i = text.indexOf('"', i + 1)) strings.push(i + 1);
      if (strings.length === 0) return text;
      const at = rng.pick(strings);
      return text.slice(0, at) + rng.pick(['\\"', '\\\\', '\\u0000', '\\ud800', '\\u2028', '\\n', '\\t', '\\/', '{{', '}', ']', '\\"}']) + text.slice(at);
    }
    default:
      return text.replace(/\n/g, '\r\n');
  }
}

function mutate(seed: Seed, rng: Rng, index: Index): string {
  let text = seed.text;
  let mutations = 1 + rng.int(4);
  if (seed.docs && seed.docs.length > 0 && rng.chance(0.55)) {
    let docs = seed.docs;
    const edits = 1 + rng.int(3);
    for (let e = 0; e < edits; e++) {
      const d = rng.int(docs.length);
      docs = docs.map((doc, k) => (k === d ? mutateTree(doc, rng, index) : doc));
    }
    // a document from another seed, of another kind
    if (rng.chance(0.15)) {
      const other = rng.pick(index.all.filter((v) => isObj(v) && 'kind' in v).slice(0, 2000));
      if (other !== undefined) docs = [...docs, clone(other)];
    }
    text = seed.json ? dumpJson(docs, rng) : dumpYaml(docs, rng);
    mutations--;
  }
  for (let m = 0; m < mutations; m++) {
    if (seed.json && text.trimStart().startsWith('{') && rng.chance(0.75)) text = mutateJsonText(text, rng);
    else if (rng.chance(0.7)) text = mutateYamlText(text, rng);
    else text = insertToken(text, rng);
  }
  return text;
}

// ---------------------------------------------------------------- running

interface Case {
  readonly path: string;
  readonly text: string;
  /** Files read with it by the pipeline (unchanged seeds of its directory). */
  readonly siblings: readonly ManifestFile[];
  /** The unmutated file, for the diff of base (the seed) and head (the mutation). */
  readonly original: string;
}

interface Crash {
  readonly stage: string;
  readonly error: unknown;
}

const ANALYZE: AnalyzeOptions = { hostNetwork: 'exclude', podCIDRs: [] };
const LOAD: LoadOptions = { defaultNamespace: 'default' };

function lintText(matrix: Matrix): string {
  const { kept, silenced } = silence(lint(matrix, ANALYZE), []);
  const out = [...matrix.diagnostics, ...kept].map(formatDiagnostic);
  out.push(notAnalysedLine(notAnalysedJson(matrix.cluster.notAnalysed)) ?? '');
  out.push(JSON.stringify(lintReport(matrix, 'fuzz', kept, silenced.length)));
  return out.join('\n');
}

function state(files: readonly ManifestFile[]): Matrix {
  return analyze(cluster(files), ANALYZE);
}

function cluster(files: readonly ManifestFile[]): Cluster {
  return expand(readFiles(files, LOAD), LOAD);
}

/** Runs one case through every stage; the first exception, if any. */
function runCase(c: Case, withDiff: boolean): Crash | undefined {
  const stage = (name: string, f: () => unknown): Crash | undefined => {
    try {
      f();
      return undefined;
    } catch (error) {
      return { stage: name, error };
    }
  };
  return (
    stage('parseDocuments', () => parseDocuments(c.text, c.path)) ??
    stage('readFile', () => readFile({ path: c.path, text: c.text }, {})) ??
    stage('readFile keepObjects', () => readFile({ path: c.path, text: c.text }, { keepObjects: true })) ??
    stage('readFile walked', () => readFile({ path: c.path, text: c.text, walked: true }, {})) ??
    stage('lint pipeline (file alone)', () => lintText(state([{ path: c.path, text: c.text }]))) ??
    (c.siblings.length > 0 ? stage('lint pipeline (with its directory)', () => lintText(state([...c.siblings, { path: c.path, text: c.text }]))) : undefined) ??
    (withDiff
      ? stage('diff pipeline (seed -> mutation)', () => {
          // as compareStates does: both states analysed for the same IP families
          const base = cluster([...c.siblings, { path: c.path, text: c.original }]);
          const head = cluster([...c.siblings, { path: c.path, text: c.text }]);
          const options = { ...ANALYZE, ipFamily: ipFamilyOf([base, head], ANALYZE) };
          const comparison = compareMatrices(analyze(base, options), analyze(head, options), { base: 'base', head: 'head' }, { analyze: options, explain: true, exposure: true });
          JSON.stringify(comparison.report);
        })
      : undefined)
  );
}

function frames(error: unknown): string[] {
  const stack = error instanceof Error ? (error.stack ?? '') : '';
  return stack
    .split('\n')
    .filter((l) => /^\s+at /.test(l))
    .map((l) => l.trim().replace(/^at /, '').replace(`${REPO}/`, '').replace('file://', ''));
}

/** What tells one crash from another: the error's type and the first frame in src/. */
function crashKey(crash: Crash): string {
  const e = crash.error;
  const name = e instanceof Error ? e.name : typeof e;
  const top = frames(e).find((f) => f.includes('src/')) ?? frames(e)[0] ?? String(e);
  // which frame of a deep recursion overflows varies with how the code was optimised: one key per file
  if (e instanceof RangeError && /call stack/.test(e.message)) return `${name} (stack overflow) in ${/src\/[^:)]+/.exec(top)?.[0] ?? top}`;
  return `${name} at ${top.replace(/:(\d+):\d+(\)?)$/, ':$1$2')}`;
}

function crashesWith(c: Case, key: string, withDiff: boolean): boolean {
  const crash = runCase(c, withDiff);
  return crash !== undefined && crashKey(crash) === key;
}

/** Shrinks a crashing case: siblings dropped, then line chunks, then character chunks, keeping the same crash. */
function shrink(c: Case, key: string, withDiff: boolean, ms: number): Case {
  const deadline = Date.now() + ms;
  let best = c;
  if (best.siblings.length > 0) {
    const alone = { ...best, siblings: [] };
    if (crashesWith(alone, key, withDiff)) best = alone;
    else {
      for (let i = best.siblings.length - 1; i >= 0 && Date.now() < deadline; i--) {
        const fewer = { ...best, siblings: best.siblings.filter((_, k) => k !== i) };
        if (crashesWith(fewer, key, withDiff)) best = fewer;
      }
    }
  }
  const pass = (split: (t: string) => string[], join: string) => {
    let parts = split(best.text);
    for (let size = Math.max(1, parts.length >> 1); size >= 1 && Date.now() < deadline; size = size >> 1) {
      for (let i = 0; i + size <= parts.length && Date.now() < deadline; ) {
        const candidate = [...parts.slice(0, i), ...parts.slice(i + size)];
        const next = { ...best, text: candidate.join(join) };
        if (crashesWith(next, key, withDiff)) {
          best = next;
          parts = candidate;
        } else i += size;
      }
    }
  };
  pass((t) => t.split('\n'), '\n');
  pass((t) => [...t], '');
  return best;
}

interface Found {
  readonly crash: Crash;
  readonly c: Case;
  count: number;
  readonly withDiff: boolean;
}

function report(found: Map<string, Found>): string {
  const parts: string[] = [];
  let n = 0;
  for (const [key, { crash, c, count }] of found) {
    n++;
    const e = crash.error;
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    parts.push(
      [
        `#${n} ${key} (${count} case${count === 1 ? '' : 's'}; stage: ${crash.stage})`,
        `  ${message}`,
        ...frames(e)
          .slice(0, 8)
          .map((f) => `    at ${f}`),
        `  input ${c.path}${c.siblings.length > 0 ? ` (read with ${c.siblings.map((s) => s.path).join(', ')})` : ''}:`,
        `  ${JSON.stringify(c.text)}`,
      ].join('\n'),
    );
  }
  return parts.join('\n\n');
}

describe('fuzz: no text makes the reader or the lint pipeline throw', () => {
  it(`${CASES} mutated manifests (seed ${SEED})`, () => {
    const seeds = loadSeeds();
    expect(seeds.length).toBeGreaterThan(50);
    const index = keyIndex(seeds);
    const rng = new Rng(SEED);
    const found = new Map<string, Found>();
    const started = Date.now();
    let slowest = { ms: 0, path: '' };
    for (let k = 0; k < CASES; k++) {
      const seed = seeds[k % seeds.length]!;
      const text = mutate(seed, rng, index);
      const ext = seed.json ? '.json' : rng.chance(0.1) ? '.yml' : '.yaml';
      const withSiblings = rng.chance(0.5);
      const withDiff = rng.chance(0.1);
      const c: Case = { path: `fuzz${ext}`, text, siblings: withSiblings ? seed.siblings : [], original: seed.text };
      const t0 = Date.now();
      const crash = runCase(c, withDiff);
      const ms = Date.now() - t0;
      if (ms > slowest.ms) slowest = { ms, path: seed.path };
      if (!crash) continue;
      const key = crashKey(crash);
      const seen = found.get(key);
      if (seen) {
        seen.count++;
        if (c.text.length + c.siblings.length * 1000 < seen.c.text.length + seen.c.siblings.length * 1000) found.set(key, { crash, c, count: seen.count, withDiff });
      } else found.set(key, { crash, c, count: 1, withDiff });
    }
    const fuzzMs = Date.now() - started;
    // the crashes found before, first in the report; random cases with the same stack top add nothing
    const known = new Map<string, Found>();
    for (const [name, text] of KNOWN) {
      const c: Case = { path: 'known.yaml', text, siblings: [], original: text };
      const crash = runCase(c, false);
      if (!crash) continue;
      const key = crashKey(crash);
      found.delete(key);
      known.set(`${key} [known: ${name}]`, { crash, c, count: 1, withDiff: false });
    }
    for (const [key, entry] of found) {
      const small = shrink(entry.c, key, entry.withDiff, Math.max(250, SHRINK_MS / found.size));
      found.set(key, { ...entry, c: small, crash: runCase(small, entry.withDiff) ?? entry.crash });
    }
    console.log(
      `fuzz: ${CASES} cases from ${seeds.length} seeds in ${fuzzMs} ms (slowest case ${slowest.ms} ms, from ${slowest.path}); ` +
        `${known.size} of ${KNOWN.length} known crashes remain; ${found.size} other distinct crash${found.size === 1 ? '' : 'es'}`,
    );
    const all = new Map([...known, ...found]);
    if (OUT && all.size > 0) {
      mkdirSync(OUT, { recursive: true });
      let n = 0;
      for (const { c } of all.values()) {
        n++;
        const dir = join(OUT, `crash-${n}`);
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, basename(c.path)), c.text);
        for (const s of c.siblings) if ('text' in s) writeFileSync(join(dir, basename(s.path)), s.text);
      }
      writeFileSync(join(OUT, 'report.txt'), report(all));
    }
    expect(report(all), 'inputs that make the reader or the pipeline throw').toBe('');
  });
});
