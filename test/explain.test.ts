import { describe, expect, it } from 'vitest';
import { diffMatrices } from '../src/change/diff.js';
import { explainChange } from '../src/change/explain.js';
import { deployment, matrixOf, namespace, policy } from './helpers.js';

function causes(base: string, head: string, src: string, dst: string): string[] {
  const d = diffMatrices(matrixOf({ 'base.yaml': base }), matrixOf({ 'head.yaml': head }));
  const c = d.changes.find((x) => x.src === src && x.dst === dst);
  if (!c) throw new Error(`no change ${src} -> ${dst}: ${d.changes.map((x) => `${x.src}->${x.dst}`).join(' ')}`);
  return explainChange(d, c).causes.map((x) => `${x.message}${x.file ? ` @${x.file}:${x.line}` : ''}`);
}

const NS = namespace('shop', { team: 'shop' }) + namespace('ops', { role: 'ops' });
const A = deployment('shop', 'a', { app: 'a' });
const B = deployment('shop', 'b', { app: 'b' });
const OPS = deployment('ops', 'probe', { app: 'probe' });
const B_FROM_A = policy('shop', 'b-from-a', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'a' } } }] }] });
const a = 'shop/a[Deployment]';
const b = 'shop/b[Deployment]';

describe('why a path changed', () => {
  it('an isolating policy was added', () => {
    const deny = policy('shop', 'deny', { podSelector: {}, policyTypes: ['Ingress'] });
    expect(causes(NS + A + B, NS + A + B + deny, a, b)).toEqual(['policy shop/deny was added and isolates shop/b[Deployment] for ingress @head.yaml:43']);
  });

  it('the allowing policy was deleted, so the isolation went with it', () => {
    expect(causes(NS + A + B + B_FROM_A + deployment('shop', 'c', { app: 'c' }), NS + A + B + deployment('shop', 'c', { app: 'c' }), 'shop/c[Deployment]', b)).toEqual([
      'policy shop/b-from-a was deleted, so shop/b[Deployment] is no longer isolated for ingress (it was at base.yaml:43)',
    ]);
  });

  it('the allowing rule was edited', () => {
    const edited = B_FROM_A.replace('"app":"a"', '"app":"x"');
    expect(causes(NS + A + B + B_FROM_A, NS + A + B + edited, a, b)).toEqual(['shop/b-from-a ingress rule 0 was edited @head.yaml:48']);
  });

  it('the peer labels changed so that the rule no longer applies', () => {
    const relabelled = deployment('shop', 'a', { app: 'frontend' });
    expect(causes(NS + A + B + B_FROM_A, NS + relabelled + B + B_FROM_A, a, b)).toEqual([
      'shop/b-from-a ingress rule 0 no longer applies to shop/a[Deployment] → shop/b[Deployment]: labels of shop/a[Deployment] changed (app=a → app=frontend) @head.yaml:48',
    ]);
  });

  it('the namespace labels changed so that a namespaceSelector now matches', () => {
    const fromOps = policy('shop', 'b-from-ops', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { role: 'ops' } } }] }] });
    const baseNs = namespace('shop', { team: 'shop' }) + namespace('ops', { role: 'none' });
    expect(causes(baseNs + A + B + OPS + fromOps, NS + A + B + OPS + fromOps, 'ops/probe[Deployment]', b)).toEqual([
      'shop/b-from-ops ingress rule 0 now applies to ops/probe[Deployment] → shop/b[Deployment]: labels of namespace ops changed (role=none → role=ops) @head.yaml:63',
    ]);
  });

  it('a reordered NetworkPolicy rule is not a change; an added one is', () => {
    const two = (rules: unknown[]) => policy('shop', 'b-in', { podSelector: { matchLabels: { app: 'b' } }, ingress: rules });
    const fromA = { from: [{ podSelector: { matchLabels: { app: 'a' } } }], ports: [{ port: 80 }] };
    const fromA443 = { from: [{ podSelector: { matchLabels: { app: 'a' } } }], ports: [{ port: 443 }] };
    expect(causes(NS + A + B + two([fromA]), NS + A + B + two([fromA443, fromA]), a, b)).toEqual(['shop/b-in ingress rule 0 was added @head.yaml:48']);
  });

  it("a named port the destination moved: the rule matches other ports, which its container ports say (kubernetes.io/docs/concepts/services-networking/network-policies/, port: a named port)", () => {
    const admin = (port: number) => deployment('shop', 'b', { app: 'b' }, [{ name: 'admin', port }]);
    const toAdmin = policy('shop', 'b-admin', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'a' } } }], ports: [{ port: 'admin' }] }] });
    expect(causes(NS + A + admin(9090) + toAdmin, NS + A + admin(9191) + toAdmin, a, b)).toEqual([
      'shop/b-admin ingress rule 0 matches other ports of shop/a[Deployment] → shop/b[Deployment] than it did: container ports of shop/b[Deployment] changed (admin TCP 9090 → admin TCP 9191) @head.yaml:50',
    ]);
  });

  // Calico resolves port names on init containers too (projectcalico/calico libcalico-go/lib/backend/k8s/conversion/workload_endpoint_default.go, appendEndpointPorts)
  it("a named port an init container moved, under Calico: the init container's port is said", () => {
    const admin = (port: number) =>
      deployment('shop', 'b', { app: 'b' }).replace('containers:', `initContainers:\n        - { name: init, image: x, ports: [{ name: admin, containerPort: ${port} }] }\n      containers:`);
    const toAdmin = policy('shop', 'b-admin', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'a' } } }], ports: [{ port: 'admin' }] }] });
    const tier = 'apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: security}\nspec: {order: 100}\n---\n';
    expect(causes(NS + A + admin(9090) + toAdmin + tier, NS + A + admin(9191) + toAdmin + tier, a, b)).toEqual([
      'shop/b-admin ingress rule 0 matches other ports of shop/a[Deployment] → shop/b[Deployment] than it did: container ports of shop/b[Deployment] changed (admin TCP 9090 (init container) → admin TCP 9191 (init container)) @head.yaml:50',
    ]);
  });

  it('a new or removed workload is named with its file and line', () => {
    expect(causes(NS + B, NS + A + B, a, b)).toEqual(['workload shop/a[Deployment] was added @head.yaml:13']);
    expect(causes(NS + A + B, NS + B, a, b)).toEqual(['workload shop/a[Deployment] was removed (it was at base.yaml:13)']);
  });
});

/**
 * Where only precedence changed, the rules below it still match the pair:
 * a Pass (network-policy-api.sigs.k8s.io/api-overview/: Pass skips the rest
 * of the admin tier, to NetworkPolicy), a Deny of a higher priority, a
 * Calico tier or order (docs.tigera.io/calico/latest/network-policy/policy-tiers/tiered-policy),
 * a Cilium deny (which takes precedence over allow rules: docs.cilium.io,
 * deny policies). What changed is what comes first, not whether they apply.
 */
/** An AdminNetworkPolicy on shop's db pods with one ingress rule. */
const anp = (name: string, priority: number, action: string, from: unknown) => `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: { name: ${name} }
spec:
  priority: ${priority}
  subject: { pods: { namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: shop } }, podSelector: { matchLabels: { app: db } } } }
  ingress:
    - name: ${name}-rule
      action: ${action}
      from: [ ${JSON.stringify(from)} ]
---
`;

describe('why a path changed where only precedence did', () => {
  const APPS = namespace('shop') + deployment('shop', 'frontend', { app: 'frontend' }) + deployment('shop', 'db', { app: 'db' }, [{ port: 5432 }]);
  const frontend = 'shop/frontend[Deployment]';
  const db = 'shop/db[Deployment]';
  const DB_ALLOW = policy('shop', 'db-allow', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }], ports: [{ port: 5432 }] }] });
  const FROM_FRONTEND = { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'frontend' } } } };
  const DENY_ALL = anp('deny-db', 20, 'Deny', { namespaces: {} });
  const PASS = anp('delegate', 5, 'Pass', FROM_FRONTEND);
  const calico = (tierOrder: number, passFrom: string) => `apiVersion: projectcalico.org/v3
kind: Tier
metadata: { name: security }
spec: { order: ${tierOrder}, defaultAction: Deny }
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: { name: guard-db }
spec:
  tier: security
  order: 10
  selector: app == 'db'
  types: [Ingress]
  ingress:
    - action: Pass
      source: { selector: app == '${passFrom}' }
---
`;

  it('a Pass removed: the Pass is named, not the rules it handed the pair to or the Deny it skipped', () => {
    expect(causes(APPS + DENY_ALL + PASS + DB_ALLOW, APPS + DENY_ALL + DB_ALLOW, frontend, db)).toEqual([
      'AdminNetworkPolicy delegate was deleted, and with it the Pass of its ingress rule 0 "delegate-rule" (it was at base.yaml:50)',
    ]);
    expect(causes(APPS + DENY_ALL + DB_ALLOW, APPS + DENY_ALL + PASS + DB_ALLOW, frontend, db)).toEqual([
      'AdminNetworkPolicy delegate was added, with the Pass of its ingress rule 0 "delegate-rule" @head.yaml:57',
    ]);
  });

  it('a Calico Pass edited, either way: the edit is named, not the NetworkPolicy rule after it', () => {
    expect(causes(APPS + calico(100, 'frontend') + DB_ALLOW, APPS + calico(100, 'backend') + DB_ALLOW, frontend, db)).toEqual(['GlobalNetworkPolicy guard-db ingress rule 0 was edited @head.yaml:53']);
    expect(causes(APPS + calico(100, 'backend') + DB_ALLOW, APPS + calico(100, 'frontend') + DB_ALLOW, frontend, db)).toEqual(['GlobalNetworkPolicy guard-db ingress rule 0 was edited @head.yaml:53']);
  });

  it('a Deny of higher precedence added: the allow rule it overrides still applies', () => {
    expect(causes(APPS + DB_ALLOW, APPS + DB_ALLOW + anp('deny-db', 10, 'Deny', FROM_FRONTEND), frontend, db)).toEqual(['AdminNetworkPolicy deny-db was added @head.yaml:46']);
    const ciliumDeny = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: deny-frontend, namespace: shop }
spec:
  endpointSelector: { matchLabels: { app: db } }
  ingressDeny: [ { fromEndpoints: [ { matchLabels: { app: frontend } } ] } ]
---
`;
    expect(causes(APPS + DB_ALLOW, APPS + DB_ALLOW + ciliumDeny, frontend, db)).toEqual(['CiliumNetworkPolicy shop/deny-frontend was added @head.yaml:46']);
  });

  it('a Calico tier moved before the default tier: the Tier is named, and its rule that now decides does not "now apply"', () => {
    const tier = (order: number) => calico(order, 'x').replace('defaultAction: Deny', 'defaultAction: Pass').replace("- action: Pass\n      source: { selector: app == 'x' }", "- action: Deny\n      source: { selector: app == 'frontend' }");
    const got = causes(APPS + tier(2_000_000) + DB_ALLOW, APPS + tier(100) + DB_ALLOW, frontend, db);
    expect(got.some((c) => c.startsWith('the order of Tier security, which GlobalNetworkPolicy guard-db is in, changed from 2000000 to 100'))).toBe(true);
    expect(got.filter((c) => /no longer applies|now applies/.test(c))).toEqual([]);
  });

  it('a priority that puts an allow after a deny: the deny that now decides does not "now apply"', () => {
    const allow = (priority: number) => anp('allow-db', priority, 'Allow', FROM_FRONTEND);
    const got = causes(APPS + allow(10) + DENY_ALL, APPS + allow(30) + DENY_ALL, frontend, db);
    expect(got.filter((c) => /no longer applies|now applies/.test(c))).toEqual([]);
  });
});

/**
 * The selection of a policy holds more than its subject selector: its
 * priority (network-policy-api.sigs.k8s.io/api-overview/), Calico order and
 * tier (docs.tigera.io/calico/latest/network-policy/policy-tiers/tiered-policy),
 * policyTypes (kubernetes.io/docs/concepts/services-networking/network-policies/),
 * Cilium's enableDefaultDeny (docs.cilium.io/en/stable/security/policy/language/).
 * What changed is named, and the labels of the pods are still looked at.
 */
describe('why a path changed where a policy changed other than its subject selector', () => {
  const APPS = namespace('shop') + deployment('shop', 'frontend', { app: 'frontend' }) + deployment('shop', 'db', { app: 'db' }, [{ port: 5432 }]);
  const frontend = 'shop/frontend[Deployment]';
  const db = 'shop/db[Deployment]';

  it('an AdminNetworkPolicy priority', () => {
    const allow = (priority: number) => anp('allow-db', priority, 'Allow', { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'frontend' } } } });
    const deny = anp('deny-db', 20, 'Deny', { namespaces: {} });
    expect(causes(APPS + allow(10) + deny, APPS + allow(30) + deny, frontend, db)).toEqual(['the priority of AdminNetworkPolicy allow-db changed from 10 to 30 @head.yaml:39']);
  });

  it('a Calico order', () => {
    const dbAllow = policy('shop', 'db-allow', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }], ports: [{ port: 5432 }] }] });
    const deny = (order: number) => `apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: { name: deny-frontend, namespace: shop }
spec:
  order: ${order}
  selector: app == 'db'
  types: [Ingress]
  ingress: [ { action: Deny, source: { selector: app == 'frontend' } } ]
---
`;
    expect(causes(APPS + dbAllow + deny(1500), APPS + dbAllow + deny(500), frontend, db)).toEqual(['the order of CalicoNetworkPolicy shop/deny-frontend changed from 1500 to 500 @head.yaml:46']);
  });

  it('policyTypes that gain Egress do not hide a label change that ingress depends on, and isolate egress', () => {
    const dbAllow = (types: string[]) =>
      policy('shop', 'db-allow', {
        podSelector: { matchLabels: { app: 'db' } },
        policyTypes: types,
        ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: 'version', operator: 'NotIn', values: ['v2'] }] } }], ports: [{ port: 5432 }] }],
      });
    const v2 = APPS.replace('labels: {"app":"frontend"}', 'labels: {"app":"frontend","version":"v2"}');
    expect(causes(APPS + dbAllow(['Ingress']), v2 + dbAllow(['Ingress', 'Egress']), frontend, db)).toEqual([
      'shop/db-allow ingress rule 0 no longer applies to shop/frontend[Deployment] → shop/db[Deployment]: labels of shop/frontend[Deployment] changed (+version=v2) @head.yaml:44',
    ]);
    expect(causes(APPS + dbAllow(['Ingress']), APPS + dbAllow(['Ingress', 'Egress']), db, frontend)).toEqual(['the policyTypes of policy shop/db-allow now lists Egress @head.yaml:39']);
  });

  it("a Cilium spec's enableDefaultDeny", () => {
    const cnp = (deny: string) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: { name: db-allow, namespace: shop }
spec:
  endpointSelector: { matchLabels: { app: db } }${deny}
  ingress: [ { fromEndpoints: [ { matchLabels: { app: frontend } } ] } ]
---
`;
    expect(causes(APPS + cnp('\n  enableDefaultDeny: { ingress: false }'), APPS + cnp(''), '0.0.0.0-255.255.255.255[External]', db)).toEqual([
      'the enableDefaultDeny of CiliumNetworkPolicy shop/db-allow: ingress changed from false to unset @head.yaml:39',
    ]);
  });
});

/**
 * A Kyverno generate rule makes a policy for each object it matches, from
 * a template that may read that object (kyverno.io/docs/policy-types/cluster-policy/generate/):
 * a namespace labelled anew makes, changes or drops the policy while the
 * ClusterPolicy stays as it was. The label change is named, where it is.
 */
describe('why a path changed where a generated policy changed with what it is generated for', () => {
  const generate = (match: string, spec: string) => `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: { name: gen }
spec:
  rules:
    - name: per-namespace
      match: { any: [ { resources: { kinds: [Namespace]${match} } } ] }
      generate:
        generateExisting: true
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        name: generated
        namespace: "{{request.object.metadata.name}}"
        synchronize: true
        data:
          spec: ${spec}
---
`;
  const workloads = deployment('shop', 'frontend', { app: 'frontend' }) + deployment('shop', 'db', { app: 'db' }) + deployment('payments', 'pay', { app: 'pay' });

  it('a namespace label that makes the rule match: the policy is now generated, and the label is named', () => {
    const rule = generate(', selector: { matchLabels: { isolate: "true" } }', '{ podSelector: {}, policyTypes: [Ingress] }');
    const base = namespace('shop') + namespace('payments') + workloads + rule;
    const head = namespace('shop', { isolate: 'true' }) + namespace('payments') + workloads + rule;
    expect(causes(base, head, 'shop/frontend[Deployment]', 'shop/db[Deployment]')).toEqual([
      'policy shop/generated (generated by ClusterPolicy gen, rule per-namespace (head.yaml:63) for namespace shop) is now generated and isolates shop/db[Deployment] for ingress: labels of namespace shop changed (+isolate=true) @head.yaml:1',
    ]);
  });

  it('a namespace label the template reads: the generated rule changed with it', () => {
    const rule = generate('', '{ podSelector: {}, policyTypes: [Ingress], ingress: [ { from: [ { namespaceSelector: { matchLabels: { team: "{{request.object.metadata.labels.team}}" } } } ] } ] }');
    const base = namespace('shop', { team: 'red' }) + namespace('payments', { team: 'blue' }) + workloads + rule;
    const head = namespace('shop', { team: 'blue' }) + namespace('payments', { team: 'blue' }) + workloads + rule;
    expect(causes(base, head, 'payments/pay[Deployment]', 'shop/db[Deployment]')).toEqual([
      'shop/generated ingress rule 0 (generated by ClusterPolicy gen, rule per-namespace (head.yaml:63) for namespace shop) is now generated otherwise: labels of namespace shop changed (team=red → team=blue) @head.yaml:1',
    ]);
  });
});

/**
 * The rules of an AdminNetworkPolicy are evaluated in order, the first
 * match deciding (network-policy-api.sigs.k8s.io/api-overview/): a rule
 * that moved among the others is a cause; one whose index changed only
 * because an earlier rule was removed or added keeps its place.
 */
describe('why a path changed where the rules of an ordered policy did', () => {
  const APPS = namespace('shop') + deployment('shop', 'frontend', { app: 'frontend' }) + deployment('shop', 'db', { app: 'db' }, [{ port: 5432 }]);
  const FROM_FRONTEND = '{ pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: frontend } } } }';
  const ALLOW_PG = `    - name: allow-pg\n      action: Allow\n      from: [ ${FROM_FRONTEND} ]\n      ports: [ { portNumber: { protocol: TCP, port: 5432 } } ]\n`;
  const BLOCK = `    - name: block-frontend\n      action: Deny\n      from: [ ${FROM_FRONTEND} ]\n`;
  const guard = (rules: string) => `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: { name: db-guard }
spec:
  priority: 10
  subject: { pods: { namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: shop } }, podSelector: { matchLabels: { app: db } } } }
  ingress:
${rules}---
`;

  it('an earlier rule removed: it is the cause, and the rule after it did not move', () => {
    expect(causes(APPS + guard(ALLOW_PG + BLOCK), APPS + guard(BLOCK), 'shop/frontend[Deployment]', 'shop/db[Deployment]')).toEqual([
      'AdminNetworkPolicy db-guard ingress rule 0 "allow-pg" was removed @head.yaml:46',
    ]);
  });

  it('two rules swapped: each moved', () => {
    expect(causes(APPS + guard(ALLOW_PG + BLOCK), APPS + guard(BLOCK + ALLOW_PG), 'shop/frontend[Deployment]', 'shop/db[Deployment]')).toEqual([
      'AdminNetworkPolicy db-guard ingress rule 0 "allow-pg" moved from position 0 to 1 @head.yaml:49',
      'AdminNetworkPolicy db-guard ingress rule 0 "block-frontend" moved from position 1 to 0 @head.yaml:46',
    ]);
  });
});
