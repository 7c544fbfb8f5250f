/**
 * Cilium and Calico constructs whose reading decides a `never` invariant:
 * labels Cilium owns, fromRequires and toRequires, egress port names, and
 * fields the CRD does not have (Cilium); port names and HTTP matches the
 * validator refuses, and namespaceSelectors that hold endpoints outside
 * every namespace (Calico). Each test cites the source it follows.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/check/config.js';
import { checkInvariants } from '../src/check/invariants.js';
import type { Matrix } from '../src/engine/matrix.js';
import { checkManifests, conn, load, matrixOf, namespace } from './helpers.js';

const ALL = 'All Connections';
const NONE = 'No Connections';

/** A bare pod with labels and named container ports. */
function pod(ns: string, name: string, labels: Record<string, string>, ports: Array<{ name: string; port: number }> = []): string {
  const p = ports.length > 0 ? `, ports: [${ports.map((x) => `{name: ${x.name}, containerPort: ${x.port}}`).join(', ')}]` : '';
  return `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${ns}, labels: ${JSON.stringify(labels)}}
spec: {containers: [{name: c, image: x${p}}]}
---
`;
}

/** shop (team: blue) with db (pg 5432, and io.cilium.k8s.tier: db), pgbouncer (pg 6432) and api; other with evil (http 8080). */
const world = () =>
  namespace('shop', { team: 'blue' }) +
  namespace('other') +
  pod('shop', 'db', { app: 'db', 'io.cilium.k8s.tier': 'db' }, [{ name: 'pg', port: 5432 }]) +
  pod('shop', 'pgbouncer', { app: 'pgbouncer' }, [{ name: 'pg', port: 6432 }]) +
  pod('shop', 'api', { app: 'api' }) +
  pod('other', 'evil', { app: 'evil' }, [{ name: 'http', port: 8080 }]);
const DB = 'shop/db[Pod]';
const API = 'shop/api[Pod]';
const EVIL = 'other/evil[Pod]';

function cilium(kind: 'CiliumNetworkPolicy' | 'CiliumClusterwideNetworkPolicy', name: string, body: Record<string, unknown>, ns?: string): string {
  return `apiVersion: cilium.io/v2
kind: ${kind}
metadata: {name: ${name}${ns !== undefined ? `, namespace: ${ns}` : ''}}
${Object.entries(body)
  .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
  .join('\n')}
---
`;
}
const cnp = (ns: string, name: string, spec: Record<string, unknown>) => cilium('CiliumNetworkPolicy', name, { spec }, ns);

function calico(kind: string, name: string, spec: Record<string, unknown>, ns?: string): string {
  return `apiVersion: projectcalico.org/v3
kind: ${kind}
metadata: {name: ${name}${ns !== undefined ? `, namespace: ${ns}` : ''}}
spec: ${JSON.stringify(spec)}
---
`;
}

const config = (from: string, to: string, ports?: string) => `invariants:
  - name: never
    never: { from: { ${from} }, to: { ${to} }${ports ? `, ports: [${ports}]` : ''} }
`;

/** The status and the first witness of one `never` invariant. */
function never(manifests: string, from: string, to: string, ports?: string): { status: string; why: string } {
  const [result] = checkInvariants(parseConfig(config(from, to, ports), 'c.yml').invariants, matrixOf(manifests));
  return { status: result!.status, why: JSON.stringify(result!.head) };
}

/** The one error a refused object gives, the policy skipped. */
function refused(text: string): string {
  const found = load(text).diagnostics.filter((d) => d.severity === 'error');
  expect(found).toHaveLength(1);
  expect(found[0]!.code).toBe('RD004');
  expect(found[0]!.message).toMatch(/policy skipped$/);
  return found[0]!.message;
}

const accepted = (text: string) => expect(load(text).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);

describe('Cilium: labels it owns are not the pod labels', () => {
  it('a selector on an io.cilium.k8s label matches no pod: Cilium drops pod labels with that prefix before it builds identities (pkg/k8s/utils/utils.go filterPodLabels, k8sconst.LabelPrefix "io.cilium.k8s")', () => {
    const text = world() + cnp('shop', 'db-in', { endpointSelector: { matchLabels: { 'io.cilium.k8s.tier': 'db' } }, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'api' } }] }] });
    const m = matrixOf(text);
    // the policy holds no pod: db is not isolated
    expect(conn(m, EVIL, DB)).toBe(ALL);
    expect(never(text, 'workload: other/evil', 'workload: shop/db').status).toBe('violated');
    // the prefix is a plain string prefix: io.cilium.k8sx is dropped too
    const other = matrixOf(world() + cnp('shop', 'db-in', { endpointSelector: { matchLabels: { app: 'db' } }, ingress: [{ fromEndpoints: [{ matchLabels: { 'io.cilium.k8sx': 'y' } }] }] }));
    expect(conn(other, API, DB)).toBe(NONE);
  });

  it('a requirement that holds where the label is absent holds on every pod: NotIn and DoesNotExist on an io.cilium.k8s label (filterPodLabels)', () => {
    const m = matrixOf(world() + cnp('shop', 'db-in', { endpointSelector: { matchLabels: { app: 'db' }, matchExpressions: [{ key: 'io.cilium.k8s.tier', operator: 'DoesNotExist' }] }, ingress: [{}] }));
    expect(conn(m, API, DB)).toBe(NONE);
  });

  it('the labels Cilium adds itself still select: io.cilium.k8s.namespace.labels (SanitizePodLabels)', () => {
    const m = matrixOf(world() + cnp('shop', 'db-in', { endpointSelector: { matchLabels: { app: 'db' } }, ingress: [{ fromEndpoints: [{ matchLabels: { 'io.cilium.k8s.namespace.labels.team': 'blue' } }] }] }));
    expect(conn(m, API, DB)).toBe(ALL);
    expect(conn(m, EVIL, DB)).toBe(NONE);
  });
});

describe('Cilium: fromRequires and toRequires', () => {
  it('a policy with fromRequires may not exist (the CRD takes no item from Cilium 1.19: cilium/cilium issue #43088, PR #43167, MaxItems=0): a never invariant resting on its isolation fails closed', () => {
    const isolating = { endpointSelector: { matchLabels: { app: 'db' } }, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'api' } }] }] };
    expect(never(world() + cnp('shop', 'db-in', isolating), 'workload: other/evil', 'workload: shop/db').status).toBe('holds');
    const requires = { ...isolating, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'api' } }], fromRequires: [{ matchLabels: { app: 'api' } }] }] };
    const r = never(world() + cnp('shop', 'db-in', requires), 'workload: other/evil', 'workload: shop/db');
    expect(r.status).toBe('violated');
    expect(r.why).toContain('fromRequires makes the API server refuse the whole policy from Cilium 1.19');
  });

  it('toRequires in one rule puts the whole policy in doubt, its other direction too', () => {
    const spec = {
      endpointSelector: { matchLabels: { app: 'db' } },
      ingress: [{ fromEndpoints: [{ matchLabels: { app: 'api' } }] }],
      egress: [{ toEndpoints: [{ matchLabels: { app: 'api' } }], toRequires: [{ matchLabels: { app: 'api' } }] }],
    };
    expect(never(world() + cnp('shop', 'db-in', spec), 'workload: other/evil', 'workload: shop/db').status).toBe('violated');
  });
});

describe('Cilium: egress port names', () => {
  it('an egress allow naming a port fails closed where a never invariant rests on it: Cilium 1.18 and 1.19 resolve egress port names across the cluster, later versions on the destination (cilium/cilium PR #44429)', () => {
    const egress = (port: string) =>
      world() +
      cnp('other', 'evil-egress', {
        endpointSelector: { matchLabels: { app: 'evil' } },
        egress: [{ toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'shop', app: 'db' } }], toPorts: [{ ports: [{ port, protocol: 'TCP' }] }] }],
      });
    // db has no port named http: no connection, as Cilium 1.20 has it; 1.18 and 1.19 take evil's own http, 8080
    expect(conn(matrixOf(egress('http')), EVIL, DB)).toBe(NONE);
    const r = never(egress('http'), 'workload: other/evil', 'workload: shop/db', 'TCP/5432');
    expect(r.status).toBe('violated');
    expect(r.why).toContain('egress port name http');
    // a number is read alike by every version
    expect(never(egress('8080'), 'workload: other/evil', 'workload: shop/db', 'TCP/5432').status).toBe('holds');
  });

  it('an egressDeny naming a port fails closed too: a name with two numbers in the cluster (pg: 5432 and 6432) drops the rule in 1.18 and 1.19 ("duplicate named ports")', () => {
    const text =
      world() +
      cnp('shop', 'api-egress', {
        endpointSelector: { matchLabels: { app: 'api' } },
        egress: [{ toEntities: ['all'] }],
        egressDeny: [{ toEndpoints: [{ matchLabels: { app: 'db' } }], toPorts: [{ ports: [{ port: 'pg', protocol: 'TCP' }] }] }],
      });
    expect(conn(matrixOf(text), API, DB)).not.toContain('TCP 5432');
    expect(never(text, 'workload: shop/api', 'workload: shop/db', 'TCP/5432').status).toBe('violated');
  });

  it('a Kubernetes NetworkPolicy egress naming a port is doubted alike where the cluster runs Cilium, which puts NetworkPolicies in the same repository (cilium/cilium PR #44429: "egress policies using named ports would consider all named port definitions across the cluster")', () => {
    const egress = (port: string) =>
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: evil-egress, namespace: other }\nspec:\n  podSelector: { matchLabels: { app: evil } }\n  policyTypes: [Egress]\n  egress: [{ to: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: db } } }], ports: [{ port: ${port}, protocol: TCP }] }]\n---\n`;
    // Cilium runs: a policy of its own elsewhere
    const CILIUM = cnp('shop', 'api-in', { endpointSelector: { matchLabels: { app: 'api' } }, ingress: [{ fromEndpoints: [{}] }] });
    expect(conn(matrixOf(world() + CILIUM + egress('http')), EVIL, DB)).toBe(NONE);
    const r = never(world() + CILIUM + egress('http'), 'workload: other/evil', 'workload: shop/db', 'TCP/5432');
    expect(r.status).toBe('violated');
    expect(r.why).toContain('NetworkPolicy other/evil-egress');
    expect(r.why).toContain('egress port name http: Cilium 1.18 and 1.19 resolve egress port names across every pod of the cluster');
    // a number reads alike; without Cilium, Kubernetes' own rule (the destination's ports) decides
    expect(never(world() + CILIUM + egress('8080'), 'workload: other/evil', 'workload: shop/db', 'TCP/5432').status).toBe('holds');
    expect(never(world() + egress('http'), 'workload: other/evil', 'workload: shop/db', 'TCP/5432').status).toBe('holds');
  });

  it('an ingress port name resolves on the pod itself in every version: no doubt', () => {
    const text = world() + cnp('shop', 'db-in', { endpointSelector: { matchLabels: { app: 'db' } }, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'api' } }], toPorts: [{ ports: [{ port: 'pg', protocol: 'TCP' }] }] }] });
    expect(never(text, 'workload: other/evil', 'workload: shop/db').status).toBe('holds');
  });
});

describe('Cilium: fields the CRD does not have refuse the policy', () => {
  const base = { endpointSelector: { matchLabels: { app: 'db' } }, ingress: [{ fromEndpoints: [{ matchLabels: { app: 'api' } }] }] };

  it('a misspelt section (egres) is refused, not dropped: the CRDs keep no unknown fields, so kubectl strict field validation refuses the object (pkg/policy/api/rule.go Rule)', () => {
    const text = world() + cnp('shop', 'db-in', { ...base, egres: [{ toEntities: ['world'] }] });
    expect(refused(text)).toMatch(/unknown field "spec.egres"/);
    // skipped: db is not isolated
    expect(conn(matrixOf(text), EVIL, DB)).toBe(ALL);
  });

  it('at every level read: the object, metadata, specs, rules, peers, ports, ICMP fields, selector requirements (cnp_types.go, ingress.go, egress.go, l4.go, cidr.go, icmp.go, selector.go)', () => {
    const rule = base.ingress[0]!;
    const cases: Array<[string, string]> = [
      [cilium('CiliumNetworkPolicy', 'p', { spec: base, specz: [] }, 'shop'), 'specz'],
      [cilium('CiliumNetworkPolicy', 'p', { spec: base }, 'shop').replace('metadata: {name: p', 'metadata: {nmae: x, name: p'), 'metadata.nmae'],
      [cilium('CiliumNetworkPolicy', 'p', { specs: [base, { ...base, ingres: [] }] }, 'shop'), 'specs[1].ingres'],
      [cnp('shop', 'p', { ...base, ingress: [{ ...rule, fromEndpoint: [] }] }), 'spec.ingress[0].fromEndpoint'],
      [cnp('shop', 'p', { ...base, ingress: [{ ...rule, toPorts: [{ ports: [{ port: '80', proto: 'TCP' }] }] }] }), 'spec.ingress[0].toPorts[0].ports[0].proto'],
      [cnp('shop', 'p', { ...base, ingress: [{ ...rule, toPorts: [{ port: [{ port: '80' }] }] }] }), 'spec.ingress[0].toPorts[0].port'],
      [cnp('shop', 'p', { ...base, ingress: [{ fromCIDRSet: [{ cidr: '10.0.0.0/8', exept: ['10.1.0.0/16'] }] }] }), 'spec.ingress[0].fromCIDRSet[0].exept'],
      [cnp('shop', 'p', { ...base, ingress: [{ icmps: [{ fields: [{ type: 8, famly: 'IPv4' }] }] }] }), 'spec.ingress[0].icmps[0].fields[0].famly'],
      [cnp('shop', 'p', { ...base, ingress: [{ fromEndpoints: [{ matchExpressions: [{ key: 'app', operator: 'In', value: ['x'] }] }] }] }), 'spec.ingress[0].fromEndpoints[0].matchExpressions[0].value'],
      [cnp('shop', 'p', { ...base, enableDefaultDeny: { ingres: false } }), 'spec.enableDefaultDeny.ingres'],
      [cilium('CiliumClusterwideNetworkPolicy', 'p', { spec: { ...base, egressDeny: [{ toFQDNs: [{ matchName: 'x.example' }] }] } }), 'spec.egressDeny[0].toFQDNs'],
    ];
    for (const [text, path] of cases) expect(refused(world() + text)).toContain(`unknown field "${path}"`);
    accepted(world() + cilium('CiliumNetworkPolicy', 'p', { spec: base, status: { conditions: [] } }, 'shop'));
  });

  it('check fails closed on the refused policy', async () => {
    const r = await checkManifests(world() + cnp('shop', 'db-in', { ...base, egres: [{ toEntities: ['world'] }] }), config('workload: other/evil', 'workload: shop/db'));
    expect(r.code).not.toBe(0);
    expect(r.stderr + r.stdout).toContain('unknown field "spec.egres"');
  });
});

describe('Calico: what the validator refuses', () => {
  const rule = (ports: unknown[]) => calico('NetworkPolicy', 'db-in', { selector: "app == 'db'", ingress: [{ action: 'Allow', protocol: 'TCP', source: { selector: "app == 'api'" }, destination: { ports } }] }, 'shop');

  it('a port name must be a valid Kubernetes port name (libcalico-go/lib/validator/v3/validator.go validatePortName: IsValidPortName)', () => {
    for (const name of ['Metrics_Port', 'metrics.port', 'http-', '-http', 'a--b', 'abcdefghijklmnop', 'UPPER']) {
      expect(refused(world() + rule([5432, name]))).toContain(`port name "${name}" is not a valid port name`);
    }
    for (const name of ['pg', 'http-alt', 'abcdefghijklmno', 'h2c']) accepted(world() + rule([name]));
    // digits only is a port number, not a name (numorstring.PortFromString)
    accepted(world() + rule(['5432', '1:2']));
  });

  // crd.projectcalico.org/v1 objects are written past the validator, as the CRD's schema takes them: such a name is kept
  // (it matches no container port, whose names are Kubernetes port names)
  it('the storage form keeps a name the validator would refuse', () => {
    const stored = rule([5432, 'prometheus-metrics']).replace('apiVersion: projectcalico.org/v3', 'apiVersion: crd.projectcalico.org/v1');
    expect(load(world() + stored).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('a refused policy fails closed where a never invariant rests on it', async () => {
    const r = await checkManifests(world() + rule([5432, 'Metrics_Port']), config('workload: other/evil', 'workload: shop/db'));
    expect(r.code).not.toBe(0);
  });

  it('an HTTP match is refused as validateHTTPPaths and validateHTTPMethods refuse it (validator.go validateHTTPRule; policy_common.go HTTPMatch)', () => {
    const http = (match: Record<string, unknown>) => calico('NetworkPolicy', 'db-in', { selector: "app == 'db'", ingress: [{ action: 'Allow', protocol: 'TCP', http: match }] }, 'shop');
    expect(refused(world() + http({ paths: [{ prefix: 'api' }] }))).toContain('must start with `/`');
    expect(refused(world() + http({ paths: [{ exact: '/a?b' }] }))).toContain('Invalid path /a?b');
    expect(refused(world() + http({ paths: [{ exact: '/a b' }] }))).toContain('Invalid path');
    expect(refused(world() + http({ paths: [{ exact: '/a#b' }] }))).toContain('Invalid path');
    expect(refused(world() + http({ paths: [{ exact: '/a', prefix: '/b' }] }))).toContain("Both 'exact' and 'prefix' are set");
    expect(refused(world() + http({ paths: [{}] }))).toContain("Either 'exact' or 'prefix' must be set");
    expect(refused(world() + http({ methods: ['GET', 'GET'] }))).toContain('duplicates');
    expect(refused(world() + http({ paths: [{ prefix: `/${'a'.repeat(1024)}` }] }))).toContain('at most 1024');
    expect(refused(world() + http({ methods: Array.from({ length: 21 }, (_, i) => `M${i}`) }))).toContain('at most 20');
    accepted(world() + http({ methods: ['GET', 'POST'], paths: [{ exact: '/healthz' }, { prefix: '/api/' }] }));
  });
});

describe('Calico: a namespaceSelector that holds endpoints outside every namespace', () => {
  const allow = (namespaceSelector: string) =>
    world() +
    calico(
      'NetworkPolicy',
      'db-in',
      {
        selector: "app == 'db'",
        ingress: [
          { action: 'Allow', source: { selector: "app == 'api'" } },
          { action: 'Allow', source: { namespaceSelector } },
        ],
      },
      'shop',
    );
  const fromOutside = (text: string) => never(text, 'cidr: 0.0.0.0/0', 'workload: shop/db');

  it('!all(), a negation and a missing label hold host endpoints and global network sets, as global() does (updateprocessors/rules.go getEndpointSelector: pcns. prefix, all() to has(projectcalico.org/namespace), global() to its negation)', () => {
    for (const sel of ['global()', '!all()', "team != 'x'", '!has(team)', "team not in {'x'}", "team == 'blue' || !all()"]) {
      const r = fromOutside(allow(sel));
      expect(r.status, sel).toBe('violated');
      expect(r.why, sel).toContain('selects host endpoints and network sets');
    }
  });

  it('one that needs a namespace label or all() holds none of them, only the NetworkSets of the namespaces it picks', () => {
    // a namespaced NetworkSet carries its namespace's labels, as a pod does: the namespaceSelector may match it
    // (docs.tigera.io/calico/latest/reference/resources/networkset), and the manifests may not hold it
    for (const sel of ['all()', "team == 'blue'", 'has(team)', "team in {'blue'}", "!(team != 'blue')"]) {
      const r = fromOutside(allow(sel));
      expect(r.why, sel).not.toContain('selects host endpoints');
      expect(r.why, sel).toContain('may match NetworkSets of the namespaces its namespaceSelector picks');
    }
  });

  it('pods of the namespaces it picks are still matched: team != x holds shop and other (their own labels)', () => {
    const m: Matrix = matrixOf(allow("team != 'x'"));
    expect(conn(m, EVIL, DB)).toBe(ALL);
    const none = matrixOf(allow('!all()'));
    expect(conn(none, EVIL, DB)).toBe(NONE);
  });
});
