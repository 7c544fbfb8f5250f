import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/check/config.js';
import type { InvariantResult } from '../src/check/invariants.js';
import { checkInvariants, compareInvariants } from '../src/check/invariants.js';
import { deployment, matrixOf, namespace, policy } from './helpers.js';

const SHOP =
  namespace('shop') +
  namespace('admin', { role: 'admin' }) +
  namespace('payments') +
  deployment('shop', 'frontend', { app: 'frontend' }) +
  deployment('shop', 'backend', { app: 'backend' }) +
  deployment('shop', 'db', { app: 'db' }, [{ name: 'pg', port: 5432 }]) +
  deployment('admin', 'toolbox', { app: 'toolbox' }) +
  deployment('payments', 'api', { app: 'api' });

const DENY_SHOP = policy('shop', 'deny', { podSelector: {}, policyTypes: ['Ingress'] });
const DB_FROM_BACKEND = policy('shop', 'db-from-backend', {
  podSelector: { matchLabels: { app: 'db' } },
  ingress: [{ from: [{ podSelector: { matchLabels: { app: 'backend' } } }], ports: [{ port: 5432 }] }],
});
const DB_FROM_FRONTEND = policy('shop', 'db-from-frontend', {
  podSelector: { matchLabels: { app: 'db' } },
  ingress: [{ from: [{ podSelector: { matchLabels: { app: 'frontend' } } }], ports: [{ port: 5432 }] }],
});

function check(config: string, manifests: string): InvariantResult[] {
  return checkInvariants(parseConfig(config, 'c.yml').invariants, matrixOf(manifests));
}

function compare(config: string, base: string, head: string): InvariantResult[] {
  return compareInvariants(parseConfig(config, 'c.yml').invariants, matrixOf(base), matrixOf(head));
}

const NEVER = 'invariants:\n  - name: frontend never reaches db\n    never: { from: { namespace: shop, labels: { app: frontend } }, to: { namespace: shop, labels: { app: db } } }\n';

describe('never', () => {
  it('holds when no connection exists', () => {
    const [r] = check(NEVER, SHOP + DENY_SHOP + DB_FROM_BACKEND);
    expect(r!.status).toBe('holds');
    expect(r!.head.witnesses).toEqual([]);
  });

  it('is violated with the pair, the ports and the rule that allows them', () => {
    const [r] = check(NEVER, SHOP + DENY_SHOP + DB_FROM_FRONTEND);
    expect(r!.status).toBe('violated');
    expect(r!.head.witnessCount).toBe(1);
    const w = r!.head.witnesses[0]!;
    expect(w.kind === 'pair' && [w.src, w.dst, w.ports.toString()]).toEqual(['shop/frontend[Deployment]', 'shop/db[Deployment]', 'TCP 5432']);
    const decisions = w.kind === 'pair' ? w.explanation!.ingress.decisions : [];
    expect(decisions.map((d) => d.rule?.origin.policy)).toEqual(['shop/db-from-frontend']);
  });

  it('only counts the ports it names', () => {
    const config = NEVER.replace('labels: { app: db } }', 'labels: { app: db } }, ports: [UDP/53]');
    expect(check(config, SHOP + DENY_SHOP + DB_FROM_FRONTEND)[0]!.status).toBe('holds');
  });

  it('picks external addresses by cidr and names the offending addresses', () => {
    const config = 'invariants:\n  - name: no metadata\n    never: { from: { namespace: "*" }, to: { cidr: 169.254.169.254/32 } }\n';
    const [r] = check(config, SHOP);
    expect(r!.status).toBe('violated');
    expect(r!.head.witnessCount).toBe(5);
    const w = r!.head.witnesses[0]!;
    expect(w.kind === 'pair' && w.dst).toBe('169.254.169.254-169.254.169.254[External]');
    const egressDeny = policy('shop', 'no-egress', { podSelector: {}, policyTypes: ['Egress'] });
    expect(check(config, SHOP + egressDeny)[0]!.head.witnessCount).toBe(2);
  });
});

describe('always', () => {
  const ALWAYS = 'invariants:\n  - name: backend reaches db\n    always: { from: { workload: shop/backend }, to: { workload: shop/db }, ports: [TCP/5432] }\n';

  it('from a cidr, names the addresses of the cidr that do not get through, not the whole range the rules cut', () => {
    const config = 'invariants:\n  - name: office reaches db\n    always: { from: { cidr: 10.0.0.0/24 }, to: { workload: shop/db }, ports: [TCP/5432] }\n';
    const [r] = check(config, SHOP + DENY_SHOP);
    expect(r!.status).toBe('violated');
    expect(r!.head.witnesses.map((w) => w.kind === 'pair' && `${w.src} => ${w.dst} : ${w.ports.toString()}`)).toEqual(['10.0.0.0-10.0.0.255[External] => shop/db[Deployment] : TCP 5432']);
  });

  it('holds when every port is allowed', () => {
    expect(check(ALWAYS, SHOP + DENY_SHOP + DB_FROM_BACKEND)[0]!.status).toBe('holds');
  });

  it('is violated with the missing ports and why they are missing', () => {
    const [r] = check(ALWAYS, SHOP + DENY_SHOP);
    expect(r!.status).toBe('violated');
    const w = r!.head.witnesses[0]!;
    expect(w.kind === 'pair' && w.ports.toString()).toBe('TCP 5432');
    expect(w.kind === 'pair' && w.explanation!.ingress.isolated).toBe(true);
    expect(w.kind === 'pair' && w.explanation!.ingress.policies).toEqual(['shop/deny']);
  });

  it('reports only the ports that are missing', () => {
    const config = ALWAYS.replace('[TCP/5432]', '[TCP/5432, TCP/6379]');
    const [r] = check(config, SHOP + DENY_SHOP + DB_FROM_BACKEND);
    const w = r!.head.witnesses[0]!;
    expect(w.kind === 'pair' && w.ports.toString()).toBe('TCP 6379');
  });
});

describe('only', () => {
  const ONLY = `invariants:
  - name: only backend and admin reach db
    only:
      to: { namespace: shop, labels: { app: db } }
      from: [ { workload: shop/backend }, { namespaceLabels: { role: admin } } ]
`;

  it('holds when every other source is denied', () => {
    const adminIn = policy('shop', 'from-admin', { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchLabels: { role: 'admin' } } }] }] });
    expect(check(ONLY, SHOP + DENY_SHOP + DB_FROM_BACKEND + adminIn)[0]!.status).toBe('holds');
  });

  it('is violated by each other source, external ones included', () => {
    const [r] = check(ONLY, SHOP);
    expect(r!.status).toBe('violated');
    const srcs = r!.head.witnesses.map((w) => (w.kind === 'pair' ? w.src : ''));
    // db's own replicas among them: policies govern traffic between two of its pods too
    expect(srcs.filter((s) => /\[(Deployment|External)\]$/.test(s))).toEqual(['shop/db[Deployment]', '0.0.0.0-255.255.255.255[External]', 'payments/api[Deployment]', 'shop/frontend[Deployment]']);
    // and pods the manifests do not hold, outside the list: any pod of payments, one of shop not labelled as backend's pods
    expect(srcs).toContain('payments/[all pods]');
    expect(srcs).toContain('shop/[pod with {{Key:app,Operator:NotIn,Values:[backend],}}]');
  });

  it('with from as the subject, limits where it may go', () => {
    const config = 'invariants:\n  - name: frontend only talks to backend\n    only: { from: { workload: shop/frontend }, to: [ { workload: shop/backend } ] }\n';
    const [r] = check(config, SHOP + DENY_SHOP + DB_FROM_FRONTEND);
    const dsts = r!.head.witnesses.map((w) => (w.kind === 'pair' ? w.dst : ''));
    expect(dsts.filter((d) => /\[(Deployment|External)\]$/.test(d))).toEqual(['0.0.0.0-255.255.255.255[External]', 'admin/toolbox[Deployment]', 'payments/api[Deployment]', 'shop/db[Deployment]']);
    // new pods outside the list are destinations it may not reach either
    expect(dsts).toContain('admin/[all pods]');
  });
});

describe('isolated', () => {
  const ISOLATED = 'invariants:\n  - name: shop is default-deny\n    isolated: { workloads: { namespace: shop }, direction: ingress }\n';

  it('holds when a NetworkPolicy selects every workload for the direction', () => {
    expect(check(ISOLATED, SHOP + DENY_SHOP)[0]!.status).toBe('holds');
  });

  it('is violated by each workload no policy isolates', () => {
    const [r] = check(ISOLATED, SHOP + DB_FROM_BACKEND);
    expect(r!.head.witnesses.map((w) => (w.kind === 'workload' ? w.workload : ''))).toEqual(['shop/backend[Deployment]', 'shop/frontend[Deployment]']);
  });

  it('both directions are checked by default', () => {
    const config = 'invariants:\n  - name: shop\n    isolated: { workloads: { workload: shop/db } }\n';
    const [r] = check(config, SHOP + DENY_SHOP);
    expect(r!.head.witnesses.map((w) => (w.kind === 'workload' ? w.direction : ''))).toEqual(['egress']);
  });
});

describe('selectors that match nothing', () => {
  it('make the invariant fail, naming the selector', () => {
    const config = 'invariants:\n  - name: typo\n    never:\n      from: { namespace: shop, labels: { app: fronted } }\n      to: { namespace: shop, labels: { app: db } }\n';
    const [r] = check(config, SHOP);
    expect(r!.status).toBe('unmatched');
    expect(r!.head.unmatched.map((s) => [s.text, s.line])).toEqual([['{namespace: shop, labels: {app: fronted}}', 4]]);
  });

  it('globs match workloads and namespaces', () => {
    const config = 'invariants:\n  - name: glob\n    never: { from: { workload: "shop/front*" }, to: { workload: "*/db" } }\n';
    expect(check(config, SHOP + DENY_SHOP + DB_FROM_FRONTEND)[0]!.status).toBe('violated');
    expect(check(config.replace('shop/front*', 'shop/nothing*'), SHOP)[0]!.status).toBe('unmatched');
  });
});

describe('classification across two states', () => {
  it('holds, newly violated, still violated and fixed', () => {
    const good = SHOP + DENY_SHOP + DB_FROM_BACKEND;
    const bad = SHOP + DENY_SHOP + DB_FROM_FRONTEND;
    expect(compare(NEVER, good, good)[0]!.status).toBe('holds');
    expect(compare(NEVER, good, bad)[0]!.status).toBe('newly violated');
    expect(compare(NEVER, bad, bad)[0]!.status).toBe('still violated');
    expect(compare(NEVER, bad, good)[0]!.status).toBe('fixed');
  });

  it('a workload removed in head makes the invariant unmatched there', () => {
    const withoutDb = SHOP.replace(/apiVersion: apps\/v1\nkind: Deployment\nmetadata:\n {2}name: db\n[\s\S]*?---\n/, '');
    const r = compare(NEVER, SHOP + DENY_SHOP, withoutDb + DENY_SHOP)[0]!;
    expect(r.status).toBe('unmatched');
    expect(r.base!.status).toBe('holds');
  });
});

describe('pods present or future (anyNamespace) and internet', () => {
  const DB_FROM_DATA = policy('shop', 'db-from-data', {
    podSelector: { matchLabels: { app: 'db' } },
    ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'data' } } }], ports: [{ port: 5432 }] }],
  });
  const FUTURE = 'invariants:\n  - name: no data pod, present or future, reaches db\n    never: { from: { anyNamespace: true, namespaceLabels: { team: data } }, to: { labels: { app: db } } }\n';

  it('a rule that admits a namespace that does not exist yet breaks never for pods present or future', () => {
    const [r] = check(FUTURE, SHOP + DENY_SHOP + DB_FROM_DATA);
    expect(r!.status).toBe('violated');
    expect(r!.head.witnesses[0]).toMatchObject({ kind: 'pair', src: '[namespace with {team=data}]/[all pods]', dst: 'shop/db[Deployment]' });
  });

  it('namespace labels that no namespace carries and no policy names are a warning on the invariant, not a failure: a typo there would pass', () => {
    const typo = FUTURE.replace('team: data', 'team: dta');
    const [r] = check(typo, SHOP + DENY_SHOP + DB_FROM_DATA);
    expect(r!.status).toBe('holds');
    expect(r!.head.warnings.map((w) => [w.selector.text, w.message])).toEqual([
      ['{anyNamespace: true, namespaceLabels: {team: dta}}', "the namespace label team: dta appears nowhere in the manifests (no namespace carries it, no policy's namespace selector names it), so the selector stands only for namespaces not made yet, and a typo there would pass"],
    ]);
    // named by a policy's namespace selector, or carried by a namespace: no warning
    expect(check(FUTURE, SHOP + DENY_SHOP + DB_FROM_DATA)[0]!.head.warnings).toEqual([]);
    expect(check(typo, SHOP + namespace('etl', { team: 'dta' }) + DENY_SHOP + DB_FROM_DATA)[0]!.head.warnings).toEqual([]);
    // a selector of pods present or future without namespace labels, or other invariants: none
    expect(check('invariants:\n  - name: x\n    never: { from: { anyNamespace: true, labels: { app: frontend } }, to: { labels: { app: db } } }\n', SHOP)[0]!.head.warnings).toEqual([]);
    expect(check(NEVER, SHOP)[0]!.head.warnings).toEqual([]);
    // the namespaces every cluster has carry their name's label, declared or not
    // (kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/, Initial namespaces)
    const system = FUTURE.replace('team: data', 'kubernetes.io/metadata.name: kube-system');
    expect(check(system, SHOP + DENY_SHOP + DB_FROM_DATA)[0]!.head.warnings).toEqual([]);
    expect(check(FUTURE.replace('team: data', 'kubernetes.io/metadata.name: kube-sytem'), SHOP + DENY_SHOP + DB_FROM_DATA)[0]!.head.warnings).toHaveLength(1);
  });

  it('pod labels that no workload carries and no policy names are a warning on the invariant, not a failure: a typo or a rename there would pass', () => {
    // a label selector picks the objects whose labels satisfy it, exactly as written
    // (kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors): no pod carries app=frontend any more.
    // The same selector without anyNamespace matches nothing and fails as unmatched; with it, it stands for pods not made yet
    const renamed = 'invariants:\n  - name: frontend never reaches db\n    never: { from: { anyNamespace: true, labels: { app: frontend } }, to: { labels: { app: db } } }\n';
    const web = SHOP.replace(/app":"frontend"/g, 'app":"web"');
    const [r] = check(renamed, web + DENY_SHOP + DB_FROM_BACKEND);
    expect(r!.status).toBe('holds');
    expect(r!.head.warnings.map((w) => [w.selector.text, w.message])).toEqual([
      ['{anyNamespace: true, labels: {app: frontend}}', "the pod label app: frontend appears nowhere in the manifests (no workload's pods carry it, no policy's pod selector names it), so the selector stands only for pods not made yet, and a typo there would pass"],
    ]);
    expect(check(renamed.replace('anyNamespace: true, ', ''), web + DENY_SHOP + DB_FROM_BACKEND)[0]!.status).toBe('unmatched');
    // carried by a workload's pods, or named by a policy's pod selector (here db-from-frontend's peer): no warning
    expect(check(renamed, SHOP + DENY_SHOP + DB_FROM_BACKEND)[0]!.head.warnings).toEqual([]);
    expect(check(renamed, web + DENY_SHOP + DB_FROM_FRONTEND)[0]!.head.warnings).toEqual([]);
    // a key asked to exist, by matchExpressions, likewise
    const exists = renamed.replace('labels: { app: frontend }', 'labels: { matchExpressions: [ { key: tier, operator: Exists } ] }');
    expect(check(exists, SHOP + DENY_SHOP + DB_FROM_BACKEND)[0]!.head.warnings.map((w) => w.message)).toEqual([
      "the pod label tier appears nowhere in the manifests (no workload's pods carry it, no policy's pod selector names it), so the selector stands only for pods not made yet, and a typo there would pass",
    ]);
  });

  it('holds where no rule admits such pods, though none exists: the selector stands for pods of its own', () => {
    const [r] = check(FUTURE, SHOP + DENY_SHOP + DB_FROM_BACKEND);
    expect(r!.status).toBe('holds');
  });

  it('the pods of a selector in any namespace are checked too, where a rule admits every namespace', () => {
    const open = policy('shop', 'db-open', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: {} }] }] });
    const [r] = check(FUTURE, SHOP + DENY_SHOP + open);
    expect(r!.status).toBe('violated');
  });

  it('never and always see only the pods the manifests hold, where their selectors do not say anyNamespace', () => {
    const never = 'invariants:\n  - name: only backend reaches db\n    never: { from: { namespace: "*" }, to: { labels: { app: db } } }\n';
    const [, r] = check(FUTURE + never.replace('invariants:\n', ''), SHOP + DENY_SHOP + DB_FROM_DATA);
    expect(r!.status).toBe('holds');
  });

  it('only sees the pods outside its list the manifests do not hold, those of a namespace nobody has made too', () => {
    const only = 'invariants:\n  - name: only backend reaches db\n    only: { to: { labels: { app: db } }, from: [ { workload: shop/backend } ] }\n';
    const [, r] = check(FUTURE + only.replace('invariants:\n', ''), SHOP + DENY_SHOP + DB_FROM_BACKEND + DB_FROM_DATA);
    expect(r!.head.witnesses.map((w) => (w.kind === 'pair' ? w.src : ''))).toContain('[namespace with {team=data}]/[all pods]');
  });

  it('a new pod with the labels of a workload the manifests hold is tried too: it is not that workload', () => {
    // db admits its own peers (replication): a new pod labelled app=db in shop reaches db, whatever db itself is
    const peers = policy('shop', 'db-peers', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'db' } } }], ports: [{ port: 5432 }] }] });
    const config = 'invariants:\n  - name: no pod reaches db\n    never: { from: { anyNamespace: true }, to: { labels: { app: db } } }\n';
    const [r] = check(config, SHOP + DENY_SHOP + peers);
    expect(r!.status).toBe('violated');
    expect(r!.head.witnesses.map((w) => (w.kind === 'pair' ? `${w.src} -> ${w.dst} ${w.ports.toString()}` : ''))).toEqual([
      // db's replicas, one pod of it to another (the manifests' own workloads come first)
      'shop/db[Deployment] -> shop/db[Deployment] TCP 5432',
      'shop/[pod with {app=db}] -> shop/db[Deployment] TCP 5432',
    ]);
  });

  it("each rule's peer is tried with the selector's labels: a new pod may lack a label every such workload has", () => {
    // the frontend workload carries tier=front, which db's rule keeps out; a new pod labelled app=frontend alone gets in
    const front = namespace('shop') + deployment('shop', 'frontend', { app: 'frontend', tier: 'front' }) + deployment('shop', 'db', { app: 'db' }, [{ name: 'pg', port: 5432 }]);
    const untiered = policy('shop', 'db-untiered', {
      podSelector: { matchLabels: { app: 'db' } },
      ingress: [{ from: [{ podSelector: { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] } }], ports: [{ port: 5432 }] }],
    });
    const config = 'invariants:\n  - name: no frontend pod reaches db\n    never: { from: { anyNamespace: true, labels: { app: frontend } }, to: { labels: { app: db } } }\n';
    const [r] = check(config, front + untiered);
    expect(r!.status).toBe('violated');
    expect(r!.head.witnesses.map((w) => (w.kind === 'pair' ? w.src : ''))).toEqual(['shop/[pod with {app=frontend,{Key:tier,Operator:DoesNotExist,Values:[],}}]']);
    // the existing frontend alone does not reach db: without pods present or future the invariant holds
    const plain = 'invariants:\n  - name: frontend does not reach db\n    never: { from: { labels: { app: frontend } }, to: { labels: { app: db } } }\n';
    expect(check(plain, front + untiered)[0]!.status).toBe('holds');
  });

  it('pods whose new namespace another representative made with other labels are tried in a cluster of their own; past a bound, the invariant fails closed', () => {
    // one namespace named ghost is made with team=t0 for backend's rule; db's rules ask ghost with other teams, which that cluster cannot also hold
    const ghost = (team: string) => ({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ghost', team } } });
    const backend = policy('shop', 'backend-from-ghost', { podSelector: { matchLabels: { app: 'backend' } }, ingress: [{ from: [ghost('t0')] }] });
    const db = (teams: number) => policy('shop', 'db-from-ghost', { podSelector: { matchLabels: { app: 'db' } }, ingress: Array.from({ length: teams }, (_, i) => ({ from: [ghost(`t${i + 1}`)] })) });
    const config = 'invariants:\n  - name: no pod reaches db\n    never: { from: { anyNamespace: true }, to: { labels: { app: db } } }\n';
    const run = (teams: number) => checkInvariants(parseConfig(config, 'c.yml').invariants, matrixOf(SHOP + DENY_SHOP + backend + db(teams)), {}, 'c.yml')[0]!;
    const two = run(2);
    expect(two.status).toBe('violated');
    const witnessed = two.head.witnesses.map((w) => (w.kind === 'pair' ? `${w.src} -> ${w.dst}` : w.kind === 'object' ? w.object : w.workload));
    expect(witnessed).toEqual(
      expect.arrayContaining([
        '[namespace with {kubernetes.io/metadata.name=ghost,team=t1}]/[all pods] -> shop/db[Deployment]',
        '[namespace with {kubernetes.io/metadata.name=ghost,team=t2}]/[all pods] -> shop/db[Deployment]',
      ]),
    );
    // the pods of two selectors at once (ghost of team t1 and not of t0) are those pods again, tried in clusters of their own
    expect(witnessed.every((w) => /^\[namespace with \{kubernetes\.io\/metadata\.name=ghost,team=t[12][,}].* -> shop\/db\[Deployment\]$/.test(w))).toBe(true);
    // eight more clusters at most (one ghost each): the four ghosts left are named, and the invariant fails closed on them
    const many = run(12);
    const untried = many.head.witnesses.filter((w) => w.kind === 'workload');
    // (with the pods of two selectors at once, ghost of one team and not of another, tried and left the same way)
    expect(many.head.witnessCount).toBeGreaterThanOrEqual(12);
    expect(untried.length).toBeGreaterThanOrEqual(4);
    for (const team of [9, 10, 11, 12]) expect(untried.some((w) => w.kind === 'workload' && w.workload.includes(`team=t${team}}`))).toBe(true);
    expect(untried[0]).toEqual(expect.objectContaining({ direction: 'egress', file: 'c.yml', line: 3, message: expect.stringMatching(/no pod could be made .* not known/) }));
  });

  it('a new pod reached on a port name an egress rule allows, wherever it declares it, breaks never', () => {
    // frontend may open port "pg" on pods labelled app=db anywhere: a new one declaring pg on 5432 is reached
    const named = policy('shop', 'frontend-out', {
      podSelector: { matchLabels: { app: 'frontend' } },
      policyTypes: ['Egress'],
      egress: [{ to: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'db' } } }], ports: [{ port: 'pg' }] }],
    });
    const config = 'invariants:\n  - name: frontend reaches no database on 5432\n    never: { from: { workload: shop/frontend }, to: { anyNamespace: true, labels: { app: db } }, ports: [ TCP/5432 ] }\n';
    const [r] = check(config, SHOP + DENY_SHOP + named);
    expect(r!.status).toBe('violated');
    expect(r!.head.witnesses.map((w) => (w.kind === 'pair' ? `${w.src} -> ${w.dst} ${w.ports.toString()}` : w.kind === 'object' ? w.object : w.workload))).toContain(
      'shop/frontend[Deployment] -> [all namespaces]/[pod with {app=db}] (declaring port pg) TCP 5432',
    );
  });

  it('internet: traffic through an Ingress, and from external addresses', () => {
    const ingress = `apiVersion: v1
kind: Service
metadata: {name: db, namespace: shop}
spec:
  selector: {app: db}
  ports: [{port: 5432}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: db, namespace: shop}
spec:
  defaultBackend: {service: {name: db, port: {number: 5432}}}
---
`;
    const config = 'invariants:\n  - name: nothing from outside reaches db\n    never: { from: internet, to: { labels: { app: db } } }\n';
    expect(check(config, SHOP + DENY_SHOP + DB_FROM_BACKEND)[0]!.status).toBe('holds');
    const admitted = policy('shop', 'db-from-anywhere', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: {} }] }] });
    const [r] = check(config, SHOP + DENY_SHOP + admitted + ingress);
    expect(r!.head.witnesses.map((w) => (w.kind === 'pair' ? `${w.src} ${w.ports.toString()}` : ''))).toEqual(['{ingress-controller} TCP 5432']);
  });
});
