/**
 * Deterministic synthetic manifest repositories for the benchmark.
 *
 * A repository is a set of team namespaces plus the shared ones a platform
 * has (ingress controller, monitoring, cluster DNS). Each team namespace
 * holds Deployments (with Services), StatefulSets and CronJobs, and the
 * NetworkPolicies such repositories carry: default-deny for ingress almost
 * everywhere, default-deny for egress with DNS allowed in some namespaces,
 * allow-within-namespace, from the ingress controller and from monitoring,
 * per-application rules with matchExpressions, named and ranged ports,
 * cross-namespace paths, egress to external ipBlocks with `except`, and some
 * policies without rules. Connectivity stays realistic: the output grows
 * with the workloads, not with their square.
 *
 * The head state changes 1% of the policies and the labels of 1% of the
 * workloads of the base state.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dump, loadAll } from 'js-yaml';

export interface Shape {
  readonly name: string;
  readonly description: string;
  readonly namespaces: number;
  readonly workloads: number;
  readonly policies: number;
  /** Team namespaces without a default-deny ingress policy. */
  readonly openNamespaces: number;
  /** Share of team namespaces that deny egress (DNS allowed). */
  readonly egressDenyShare: number;
  /** Share of the policies that are per-application and have no rules (default-deny policies have none either). */
  readonly emptyShare: number;
  /** Workloads are bare Pods owned by ReplicaSets/StatefulSets, as in a cluster dump. */
  readonly pods: boolean;
}

export const SHAPES: Readonly<Record<string, Shape>> = {
  T: {
    name: 'T',
    description: 'smoke: 40 workloads, 40 policies, 6 namespaces',
    namespaces: 6,
    workloads: 40,
    policies: 40,
    openNamespaces: 1,
    egressDenyShare: 0.3,
    emptyShare: 0.05,
    pods: false,
  },
  S: {
    name: 'S',
    description: '1,000 workloads, 1,000 policies, 100 namespaces',
    namespaces: 100,
    workloads: 1_000,
    policies: 1_000,
    openNamespaces: 3,
    egressDenyShare: 0.3,
    emptyShare: 0.05,
    pods: false,
  },
  L: {
    name: 'L',
    description: '10,000 workloads, 10,000 policies, 500 namespaces',
    namespaces: 500,
    workloads: 10_000,
    policies: 10_000,
    openNamespaces: 5,
    egressDenyShare: 0.3,
    emptyShare: 0.05,
    pods: false,
  },
  R: {
    name: 'R',
    description: 'real-cluster profile: 5,413 pods, 604 namespaces, 13,678 policies (3,559 per-application ones without rules) and the cluster DNS policy',
    namespaces: 604,
    workloads: 5_413,
    policies: 13_678,
    openNamespaces: 6,
    egressDenyShare: 0.3,
    emptyShare: 3_559 / 13_678,
    pods: true,
  },
  X: {
    name: 'X',
    description: '50,000 distinct workload classes, 50,000 policies, 2,500 namespaces',
    namespaces: 2_500,
    workloads: 50_000,
    policies: 50_000,
    openNamespaces: 5,
    egressDenyShare: 0.3,
    emptyShare: 0.05,
    pods: false,
  },
};

/** mulberry32: a small, fast PRNG; the same seed gives the same repository. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(rand: Rand, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

const TIERS = ['web', 'api', 'api', 'worker', 'db', 'cache'] as const;
type Tier = (typeof TIERS)[number];

/** Partner and provider ranges that egress rules name; a small pool keeps the external ranges few. */
const PARTNER_CIDRS = [
  '203.0.113.0/24',
  '198.51.100.0/24',
  '192.0.2.0/24',
  '52.10.0.0/16',
  '34.120.0.0/14',
  '35.190.0.0/17',
  '104.16.0.0/13',
  '151.101.0.0/16',
  '140.82.112.0/20',
  '185.199.108.0/22',
];
const PRIVATE_EXCEPT = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'];

interface ContainerPort {
  name?: string;
  port: number;
  protocol?: string;
}

interface App {
  name: string;
  kind: 'Deployment' | 'StatefulSet' | 'CronJob';
  tier: Tier;
  labels: Record<string, string>;
  ports: ContainerPort[];
  replicas: number;
}

interface Ns {
  name: string;
  team: string;
  labels: Record<string, string>;
  apps: App[];
  /** Policies as YAML documents (without the leading `---`). */
  policies: string[];
}

function portsFor(tier: Tier): ContainerPort[] {
  switch (tier) {
    case 'web':
      return [
        { name: 'http', port: 8080 },
        { name: 'metrics', port: 9090 },
      ];
    case 'api':
      return [
        { name: 'http', port: 8080 },
        { name: 'grpc', port: 9000 },
        { name: 'metrics', port: 9090 },
      ];
    case 'worker':
      return [{ name: 'metrics', port: 9090 }];
    case 'db':
      return [
        { name: 'postgres', port: 5432 },
        { name: 'metrics', port: 9187 },
      ];
    case 'cache':
      return [
        { name: 'redis', port: 6379 },
        { name: 'gossip', port: 7946, protocol: 'UDP' },
      ];
  }
}

function yamlLabels(labels: Record<string, string>, indent: string): string {
  return Object.entries(labels)
    .map(([k, v]) => `${indent}${k}: ${/^[a-z][a-z0-9.-]*$/i.test(v) && !/^(y|n|yes|no|on|off|true|false|null)$/i.test(v) ? v : JSON.stringify(v)}\n`)
    .join('');
}

function appYaml(ns: Ns, app: App, pods: boolean, rand: Rand): string {
  const ports = app.ports
    .map((p) => `        - name: ${p.name}\n          containerPort: ${p.port}\n${p.protocol ? `          protocol: ${p.protocol}\n` : ''}`)
    .join('');
  const probe = app.ports[0]?.name
    ? `        readinessProbe:\n          httpGet:\n            path: /healthz\n            port: ${app.ports[0].name}\n          periodSeconds: 10\n`
    : '';
  const container = `      containers:
      - name: ${app.name}
        image: registry.example.com/${ns.team}/${app.name}:1.${Math.floor(rand() * 20)}.${Math.floor(rand() * 10)}
        ports:
${ports}${probe}        resources:
          requests:
            cpu: 100m
            memory: 128Mi
          limits:
            memory: 512Mi
        env:
        - name: LOG_LEVEL
          value: info
        - name: TEAM
          value: ${ns.team}
`;
  if (pods) {
    // a cluster dump: one Pod per replica, owned by its controller
    const ownerKind = app.kind === 'StatefulSet' ? 'StatefulSet' : 'ReplicaSet';
    const owner = app.kind === 'StatefulSet' ? app.name : `${app.name}-7d9f8c6b5`;
    const out: string[] = [];
    for (let r = 0; r < app.replicas; r++) {
      out.push(`apiVersion: v1
kind: Pod
metadata:
  name: ${owner}-${r}
  namespace: ${ns.name}
  labels:
${yamlLabels(app.labels, '    ')}  ownerReferences:
  - apiVersion: apps/v1
    kind: ${ownerKind}
    name: ${owner}
    controller: true
spec:
${container.replace(/^ {4}/gm, '')}`);
    }
    return out.join('---\n');
  }
  const template = `    metadata:
      labels:
${yamlLabels(app.labels, '        ')}    spec:
${container}`;
  const service = app.ports[0]?.name
    ? `---
apiVersion: v1
kind: Service
metadata:
  name: ${app.name}
  namespace: ${ns.name}
spec:
  selector:
    app: ${app.name}
  ports:
  - name: ${app.ports[0].name}
    port: ${app.ports[0].port}
    targetPort: ${app.ports[0].name}
`
    : '';
  if (app.kind === 'CronJob') {
    return `apiVersion: batch/v1
kind: CronJob
metadata:
  name: ${app.name}
  namespace: ${ns.name}
spec:
  schedule: "*/15 * * * *"
  jobTemplate:
    spec:
      template:
${template.replace(/^/gm, '        ').replace(/^ +$/gm, '')}`;
  }
  return `apiVersion: apps/v1
kind: ${app.kind}
metadata:
  name: ${app.name}
  namespace: ${ns.name}
  labels:
    app: ${app.name}
    team: ${ns.team}
  annotations:
    owner: ${ns.team}@example.com
    description: "${app.tier} service of team ${ns.team}"
spec:
  replicas: ${app.replicas}
  selector:
    matchLabels:
      app: ${app.name}
  template:
${template}${service}`;
}

function policy(ns: string, name: string, spec: string, annotations = ''): string {
  return `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: ${name}
  namespace: ${ns}
${annotations}spec:
${spec}`;
}

const DENY_INGRESS = '  podSelector: {}\n  policyTypes:\n  - Ingress\n';
const DNS_EGRESS = `  podSelector: {}
  policyTypes:
  - Egress
  egress:
  - to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: kube-system
      podSelector:
        matchLabels:
          k8s-app: kube-dns
    ports:
    - protocol: UDP
      port: 53
    - protocol: TCP
      port: 53
`;

/** A policy for one application, of one of the shapes real repositories hold. */
function appPolicy(ns: Ns, app: App, all: readonly Ns[], rand: Rand, variant: number): string {
  const sel = `  podSelector:\n    matchLabels:\n      app: ${app.name}\n`;
  switch (variant % 7) {
    case 0:
      return `${sel}  policyTypes:
  - Ingress
  ingress:
  - from:
    - podSelector:
        matchExpressions:
        - key: tier
          operator: In
          values:
          - web
          - api
    ports:
    - port: ${app.ports[0]?.name ?? 8080}
`;
    case 1:
      return `${sel}  ingress:
  - from:
    - podSelector:
        matchLabels:
          tier: api
    ports:
    - protocol: TCP
      port: 8000
      endPort: 8100
    - protocol: TCP
      port: ${app.ports[0]?.port ?? 8080}
`;
    case 2: {
      const other = pick(rand, all);
      return `${sel}  ingress:
  - from:
    - namespaceSelector:
        matchLabels:
          team: ${other.team}
      podSelector:
        matchLabels:
          tier: ${pick(rand, TIERS)}
    - namespaceSelector:
        matchExpressions:
        - key: env
          operator: NotIn
          values:
          - dev
      podSelector:
        matchLabels:
          app: ${pick(rand, other.apps.length > 0 ? other.apps : ns.apps).name}
    ports:
    - port: ${app.ports[0]?.port ?? 8080}
`;
    }
    case 3:
      return `${sel}  policyTypes:
  - Egress
  egress:
  - to:
    - ipBlock:
        cidr: 0.0.0.0/0
        except:
${PRIVATE_EXCEPT.map((c) => `        - ${c}\n`).join('')}    ports:
    - port: 443
  - to:
    - podSelector:
        matchExpressions:
        - key: tier
          operator: In
          values:
          - db
          - cache
`;
    case 4:
      return `${sel}  policyTypes:
  - Egress
  egress:
  - to:
    - ipBlock:
        cidr: ${pick(rand, PARTNER_CIDRS)}
    - ipBlock:
        cidr: ${pick(rand, PARTNER_CIDRS)}
    ports:
    - protocol: TCP
      port: 443
  - to:
    - namespaceSelector: {}
      podSelector:
        matchLabels:
          tier: api
    ports:
    - port: grpc
`;
    case 5:
      return `${sel}  ingress:
  - from:
    - podSelector:
        matchExpressions:
        - key: tier
          operator: Exists
        - key: legacy
          operator: DoesNotExist
  - from:
    - ipBlock:
        cidr: ${pick(rand, PARTNER_CIDRS)}
    ports:
    - port: 8443
`;
    default:
      return `${sel}  policyTypes:
  - Ingress
  - Egress
  ingress:
  - from:
    - podSelector:
        matchLabels:
          tier: web
    ports:
    - port: http
  egress:
  - to:
    - podSelector:
        matchLabels:
          tier: db
    ports:
    - port: 5432
  - ports:
    - port: 53
      protocol: UDP
`;
  }
}

/** Builds the base state: namespaces with their applications and policies. */
function buildBase(shape: Shape, seed: number): Ns[] {
  const rand = random(seed);
  const teams = shape.namespaces - 3;
  const namespaces: Ns[] = [];
  for (let i = 0; i < teams; i++) {
    const team = `t${String(i).padStart(4, '0')}`;
    const env = i % 7 === 0 ? 'dev' : i % 3 === 0 ? 'staging' : 'prod';
    namespaces.push({ name: `team-${team}`, team, labels: { team, env, 'cost-center': `cc${i % 40}` }, apps: [], policies: [] });
  }
  // workloads: spread unevenly over the team namespaces
  const perApp = shape.pods ? 3 : 1;
  const apps = Math.max(teams, Math.round(shape.workloads / perApp));
  let podsLeft = shape.workloads;
  for (let a = 0; a < apps; a++) {
    const ns = a < teams ? namespaces[a]! : namespaces[Math.floor(rand() * rand() * teams)]!;
    const tier = pick(rand, TIERS);
    const kind = tier === 'db' || tier === 'cache' ? 'StatefulSet' : tier === 'worker' && rand() < 0.3 ? 'CronJob' : 'Deployment';
    const name = `${tier}-${ns.apps.length}`;
    const labels: Record<string, string> = { app: name, tier, version: `v${1 + Math.floor(rand() * 3)}` };
    if (rand() < 0.1) labels['legacy'] = 'true';
    const replicas = shape.pods ? Math.max(1, Math.min(podsLeft, a === apps - 1 ? podsLeft : 1 + Math.floor(rand() * 5))) : 2;
    podsLeft -= shape.pods ? replicas : 0;
    ns.apps.push({ name, kind: shape.pods && kind === 'CronJob' ? 'Deployment' : kind, tier, labels, ports: portsFor(tier), replicas });
    if (shape.pods && podsLeft <= 0) break;
  }
  // policies: namespace-wide ones first, then per application, until the count is reached
  let count = 0;
  const emptyTarget = Math.round(shape.policies * shape.emptyShare);
  let empty = 0;
  namespaces.forEach((ns, i) => {
    const add = (name: string, spec: string) => {
      if (count < shape.policies) ns.policies.push(policy(ns.name, name, spec));
      count++;
    };
    if (i >= shape.openNamespaces) add('default-deny-ingress', DENY_INGRESS);
    if (rand() < shape.egressDenyShare) add('default-deny-egress-allow-dns', DNS_EGRESS);
    if (rand() < 0.3) add('allow-same-namespace', '  podSelector: {}\n  ingress:\n  - from:\n    - podSelector: {}\n');
    add(
      'allow-ingress-controller',
      `  podSelector:
    matchLabels:
      tier: web
  ingress:
  - from:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: ingress-nginx
      podSelector:
        matchLabels:
          app.kubernetes.io/name: ingress-nginx
    ports:
    - port: http
`,
    );
    add(
      'allow-monitoring',
      `  podSelector: {}
  ingress:
  - from:
    - namespaceSelector:
        matchLabels:
          purpose: monitoring
    ports:
    - port: metrics
    - port: 9187
`,
    );
  });
  let variant = 0;
  for (let round = 0; count < shape.policies; round++) {
    for (const ns of namespaces) {
      if (count >= shape.policies) break;
      const app = ns.apps[(round + ns.apps.length) % Math.max(1, ns.apps.length)];
      if (!app) continue;
      const name = `${app.name}-${round}`;
      if (empty < emptyTarget && rand() < shape.emptyShare * 1.5) {
        // no rules: isolates the application for ingress, allows nothing more
        ns.policies.push(policy(ns.name, `${name}-deny`, `  podSelector:\n    matchLabels:\n      app: ${app.name}\n  policyTypes:\n  - Ingress\n`));
        empty++;
      } else {
        ns.policies.push(policy(ns.name, name, appPolicy(ns, app, namespaces, rand, variant++)));
      }
      count++;
    }
  }
  return namespaces;
}

function sharedNamespaces(): string {
  return `apiVersion: v1
kind: Namespace
metadata:
  name: ingress-nginx
  labels:
    purpose: ingress
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: ingress-nginx-controller
  namespace: ingress-nginx
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: ingress-nginx
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ingress-nginx
        app.kubernetes.io/component: controller
    spec:
      containers:
      - name: controller
        image: registry.k8s.io/ingress-nginx/controller:v1.10.0
        ports:
        - name: http
          containerPort: 80
        - name: https
          containerPort: 443
---
apiVersion: v1
kind: Namespace
metadata:
  name: monitoring
  labels:
    purpose: monitoring
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: prometheus
  namespace: monitoring
spec:
  selector:
    matchLabels:
      app: prometheus
  template:
    metadata:
      labels:
        app: prometheus
    spec:
      containers:
      - name: prometheus
        image: quay.io/prometheus/prometheus:v2.51.0
        ports:
        - name: web
          containerPort: 9090
---
apiVersion: v1
kind: Namespace
metadata:
  name: kube-system
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: coredns
  namespace: kube-system
spec:
  selector:
    matchLabels:
      k8s-app: kube-dns
  template:
    metadata:
      labels:
        k8s-app: kube-dns
    spec:
      containers:
      - name: coredns
        image: registry.k8s.io/coredns/coredns:v1.11.1
        ports:
        - name: dns
          containerPort: 53
          protocol: UDP
        - name: dns-tcp
          containerPort: 53
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: dns
  namespace: kube-system
spec:
  podSelector:
    matchLabels:
      k8s-app: kube-dns
  ingress:
  - ports:
    - protocol: UDP
      port: 53
    - protocol: TCP
      port: 53
`;
}

/** Changes 1% of the policies and the labels of 1% of the workloads. */
function mutate(namespaces: Ns[], shape: Shape, seed: number): Ns[] {
  const rand = random(seed ^ 0x5eed);
  const copy = namespaces.map((ns) => ({ ...ns, apps: ns.apps.map((a) => ({ ...a, labels: { ...a.labels } })), policies: [...ns.policies] }));
  const allApps = copy.flatMap((ns) => ns.apps);
  const appChanges = Math.max(1, Math.round(allApps.length / 100));
  for (let i = 0; i < appChanges; i++) {
    const app = pick(rand, allApps);
    if (rand() < 0.5) app.labels['tier'] = pick(rand, TIERS.filter((t) => t !== app.labels['tier']));
    else app.labels['legacy'] = 'true';
  }
  const withPolicies = copy.filter((ns) => ns.policies.length > 0);
  const policyChanges = Math.max(1, Math.round(shape.policies / 100));
  for (let i = 0; i < policyChanges; i++) {
    const ns = pick(rand, withPolicies);
    const k = Math.floor(rand() * ns.policies.length);
    const p = ns.policies[k]!;
    const r = rand();
    if (r < 0.4 && /port: \d+\n/.test(p)) {
      ns.policies[k] = p.replace(/port: (\d+)\n/, (_, n: string) => `port: ${Number(n) + 1}\n`);
    } else if (r < 0.7 && p.includes('  ingress:\n')) {
      // open the first ingress rule to the whole namespace
      ns.policies[k] = p.replace('  ingress:\n', '  ingress:\n  - from:\n    - podSelector: {}\n');
    } else if (r < 0.85) {
      ns.policies.splice(k, 1);
    } else {
      ns.policies[k] = p.replace(/(\n {6}app: )([^\n]+)/, `$1${pick(rand, ns.apps.length > 0 ? ns.apps : allApps).name}`);
    }
  }
  return copy;
}

function writeState(dir: string, namespaces: readonly Ns[], shape: Shape, seed: number): { files: number; bytes: number } {
  const rand = random(seed);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let files = 0;
  let bytes = 0;
  const write = (path: string, text: string) => {
    writeFileSync(path, text);
    files++;
    bytes += Buffer.byteLength(text);
  };
  write(join(dir, 'platform.yaml'), sharedNamespaces());
  for (const ns of namespaces) {
    const nsDir = join(dir, ns.name);
    mkdirSync(nsDir, { recursive: true });
    write(join(nsDir, 'namespace.yaml'), `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns.name}\n  labels:\n${yamlLabels(ns.labels, '    ')}`);
    // applications a few per file, policies in files of ten, as repositories split them
    for (let i = 0; i < ns.apps.length; i += 4) {
      const docs = ns.apps.slice(i, i + 4).map((a) => appYaml(ns, a, shape.pods, rand));
      write(join(nsDir, `apps-${i / 4}.yaml`), `---\n${docs.join('---\n')}`);
    }
    for (let i = 0; i < ns.policies.length; i += 10) {
      write(join(nsDir, `networkpolicies-${i / 10}.yaml`), `${ns.policies.slice(i, i + 10).join('---\n')}`);
    }
  }
  return { files, bytes };
}

/**
 * How the manifests are written. `block` is the generator's own block YAML;
 * the others rewrite the same objects as real repositories and tools do:
 * `flow` with flow collections for selectors, lists and ports
 * (`- {key: tier, operator: In, values: [web, api]}`), `json` as JSON files
 * (several objects per file, one after another), `kustomize` as one
 * `kustomize build` stream per namespace (keys sorted, strings quoted where
 * needed), `helm` as `helm template` output (a `# Source:` comment per
 * document, chart labels, quoted values), and `dump` as `kubectl get -o yaml`
 * Lists with managedFields, status and the last-applied annotation.
 */
export const STYLES = ['block', 'flow', 'json', 'kustomize', 'helm', 'dump'] as const;
export type Style = (typeof STYLES)[number];

export interface Generated {
  readonly base: string;
  readonly head: string;
  /** The base state's objects as JSON files, one object per line, for the JSON.parse floor. */
  readonly json: string;
  readonly files: number;
  /** Bytes of one state (the base). */
  readonly bytes: number;
}

function treeFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...treeFiles(p));
    else out.push(p);
  }
  return out.sort();
}

type Obj = Record<string, unknown> & { metadata?: Record<string, unknown>; kind?: string };

/** A 32-bit FNV-1a hash of a text. */
function fnv(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/**
 * Adds what a live cluster adds to an object: ids, timestamps,
 * managedFields, status. As in a cluster, an object's uid stays with it
 * (here, with its kind, namespace and name), and its resourceVersion
 * changes only where the object does: a dump of the cluster before and
 * after a change gives the objects it leaves as they were.
 */
function asDumped(o: Obj): Obj {
  const metadata = { ...(o.metadata ?? {}) };
  const applied = JSON.stringify(o);
  metadata['annotations'] = { ...((metadata['annotations'] as object | undefined) ?? {}), 'kubectl.kubernetes.io/last-applied-configuration': `${applied}\n` };
  metadata['creationTimestamp'] = '2024-03-01T10:00:00Z';
  metadata['generation'] = 1;
  metadata['resourceVersion'] = String(100000 + (fnv(applied) % 900000));
  const id = fnv(`${String(o.kind)}/${String(metadata['namespace'] ?? '')}/${String(metadata['name'] ?? '')}`);
  metadata['uid'] = `0000${id.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
  metadata['managedFields'] = [
    {
      apiVersion: o['apiVersion'],
      fieldsType: 'FieldsV1',
      fieldsV1: { 'f:metadata': { 'f:annotations': { '.': {}, 'f:kubectl.kubernetes.io/last-applied-configuration': {} } }, 'f:spec': { '.': {}, 'k:{"port":8080,"protocol":"TCP"}': { '.': {}, 'f:port': {} } } },
      manager: 'kubectl-client-side-apply',
      operation: 'Update',
      time: '2024-03-01T10:00:00Z',
    },
  ];
  const out: Obj = { ...o, metadata };
  if (o.kind !== 'NetworkPolicy' && o.kind !== 'Namespace') {
    out['status'] = { observedGeneration: 1, replicas: 2, readyReplicas: 2, conditions: [{ type: 'Available', status: 'True', lastTransitionTime: '2024-03-01T10:00:05Z', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }] };
  }
  return out;
}

/** Helm's labels and its habit of quoting values. */
function asHelm(o: Obj): Obj {
  const metadata = { ...(o.metadata ?? {}) };
  metadata['labels'] = { ...((metadata['labels'] as object | undefined) ?? {}), 'helm.sh/chart': 'app-1.2.3', 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/instance': 'release' };
  return { ...o, metadata };
}

/** Rewrites a state written in block style into another style, file by file. */
function restyle(dir: string, style: Style): void {
  if (style === 'block') return;
  const files = treeFiles(dir);
  const byDir = new Map<string, Obj[]>();
  for (const file of files) {
    const docs = (loadAll(readFileSync(file, 'utf8')) as Obj[]).filter((d) => d !== null && d !== undefined);
    const folder = file.slice(0, file.lastIndexOf('/'));
    if (style === 'flow' || style === 'json') {
      const text =
        style === 'json'
          ? docs.map((d) => JSON.stringify(d, null, 2)).join('\n')
          : docs.map((d) => dump(d, { flowLevel: 3, lineWidth: -1 })).join('---\n');
      rmSync(file);
      writeFileSync(style === 'json' ? file.replace(/\.yaml$/, '.json') : file, `${text}\n`);
      continue;
    }
    rmSync(file);
    if (!byDir.has(folder)) byDir.set(folder, []);
    byDir.get(folder)!.push(...docs);
  }
  for (const [folder, docs] of byDir) {
    let text: string;
    if (style === 'kustomize') {
      text = docs.map((d) => dump(d, { sortKeys: true, lineWidth: -1 })).join('---\n');
    } else if (style === 'helm') {
      text = docs.map((d, i) => `---\n# Source: app/templates/${(d.kind ?? 'object').toLowerCase()}-${i}.yaml\n${dump(asHelm(d), { lineWidth: -1, quotingType: '"', forceQuotes: true })}`).join('');
    } else {
      text = dump({ apiVersion: 'v1', kind: 'List', items: docs.map((d) => asDumped(d)), metadata: { resourceVersion: '' } }, { lineWidth: -1 });
    }
    writeFileSync(join(folder, style === 'kustomize' ? 'kustomized.yaml' : style === 'helm' ? 'rendered.yaml' : 'dump.yaml'), text);
  }
}

/** The objects of a state as JSON, one object per line, for the JSON.parse floor. */
function writeJsonMirror(from: string, to: string): void {
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  const files = treeFiles(from);
  for (let i = 0; i < files.length; i += 200) {
    const lines: string[] = [];
    for (const file of files.slice(i, i + 200)) {
      const text = readFileSync(file, 'utf8');
      const docs = file.endsWith('.json') ? text.split(/\n(?=\{)/).map((t) => JSON.parse(t) as unknown) : loadAll(text);
      for (const d of docs) if (d !== null && d !== undefined) lines.push(JSON.stringify(d));
    }
    writeFileSync(join(to, `part-${i / 200}.json`), `${lines.join('\n')}\n`);
  }
}

/** Writes `<root>/<shape>/<style>/{base,head,json}/` for a shape, seed and style. */
export function generate(shape: Shape, seed: number, root: string, style: Style = 'block'): Generated {
  const base = buildBase(shape, seed);
  const head = mutate(base, shape, seed);
  const dir = join(root, shape.name, style);
  const baseDir = join(dir, 'base');
  const headDir = join(dir, 'head');
  const jsonDir = join(dir, 'json');
  const b = writeState(baseDir, base, shape, seed);
  writeState(headDir, head, shape, seed);
  restyle(baseDir, style);
  restyle(headDir, style);
  writeJsonMirror(baseDir, jsonDir);
  const files = treeFiles(baseDir);
  const bytes = style === 'block' ? b.bytes : files.reduce((sum, f) => sum + statSync(f).size, 0);
  return { base: baseDir, head: headDir, json: jsonDir, files: files.length, bytes };
}
