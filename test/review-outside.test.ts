/**
 * Verdicts a review found confidently wrong (each printed `ok holds`, exit
 * 0, while in a cluster the invariant is broken), each next to the nearby
 * case that must still hold:
 * - F1 `only` with its allowed list on `to` skipped the ways in from
 *   outside the cluster (a LoadBalancer with externalTrafficPolicy Cluster,
 *   an Ingress whose controller is not declared, a route not modelled), and
 *   `never` from a `cidr` skipped them too;
 * - F2 `only` never tried named ports on pods not yet made (anyNamespace);
 * - F3 a Service selecting by a label controllers set
 *   (statefulset.kubernetes.io/pod-name) was taken to pick no pods;
 * - F5 a Service's `selector: {}` was read as every pod of its namespace;
 * - F6 a declared ingress controller was taken to carry Gateway API routes.
 */
import { describe, expect, it } from 'vitest';
import { servicePicks } from '../src/model/services.js';
import { checkManifests as check } from './helpers.js';

const HOLDS = /ok\s+holds/;

/**
 * The witness lines of a check's output (indented four spaces) that name
 * none of the pods made for the check: an only invariant also forbids pods
 * the manifests do not hold (a namespace not made yet, whose pods no policy
 * isolates, takes traffic from outside; entire-cluster stands for any such
 * pod), which these cases are not about.
 */
const manifestWitnesses = (stdout: string) => stdout.split('\n').filter((l) => /^ {4}\S/.test(l) && !/\[(pod with|all pods)|entire-cluster/.test(l));

// ---- F1: traffic from outside the cluster under `only` (and `never` from a cidr)

/** db behind a LoadBalancer Service; its policy admits web's pods only. */
const LB_DB = (serviceExtra: string) => `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: x}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: shop}
spec:
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: c, image: x, ports: [{containerPort: 5432}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: shop}
spec:
${serviceExtra}  selector: {app: db}
  ports: [{port: 5432}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: web}}}]
`;
const LOAD_BALANCER = '  type: LoadBalancer\n';
const ONLY_WEB = 'invariants:\n  - name: all traffic from outside stays on web\n    only: { from: internet, to: [ { workload: shop/web } ] }\n';
const NEVER_FROM_CIDR = 'invariants:\n  - name: documentation range never reaches db\n    never: { from: { cidr: 203.0.113.0/24 }, to: { labels: { app: db } } }\n';

/** web and admin, each behind a Service; admin's policy admits namespace `admitted` only; `route` routes from outside. */
const SHOP_ADMIN = (route: string, admitted: string) => `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: x, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: admin, namespace: shop}
spec:
  selector: {matchLabels: {app: admin}}
  template:
    metadata: {labels: {app: admin}}
    spec: {containers: [{name: c, image: x, ports: [{containerPort: 9000}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: admin, namespace: shop}
spec:
  selector: {app: admin}
  ports: [{port: 80, targetPort: 9000}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: admin, namespace: shop}
spec:
  podSelector: {matchLabels: {app: admin}}
  ingress:
  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ${admitted}}}}]
---
${route}`;
const INGRESS_TO = (service: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: ${service}, namespace: shop}
spec:
  rules:
  - host: ${service}.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: ${service}, port: {number: 80}}}}
`;
const TRAEFIK_ROUTE = `apiVersion: traefik.io/v1alpha1
kind: IngressRoute
metadata: {name: admin, namespace: shop}
spec:
  entryPoints: [websecure]
  routes:
  - match: Host(\`admin.example.com\`)
    kind: Rule
    services: [{name: admin, port: 80}]
`;
const ONLY_WEB_NEVER_ADMIN = `${ONLY_WEB}  - name: internet never admin\n    never: { from: internet, to: { workload: shop/admin } }\n`;

describe('F1: only { from: internet, to: [allowed] } takes the ways in from outside the cluster', () => {
  // kubernetes.io/docs/tutorials/services/source-ip: with externalTrafficPolicy Cluster the client's address is the node's,
  // and traffic from a pod's own node is always allowed (kubernetes.io/docs/concepts/services-networking/network-policies)
  it('a LoadBalancer with externalTrafficPolicy Cluster in front of db violates it', async () => {
    const r = await check(LB_DB(LOAD_BALANCER), ONLY_WEB);
    expect(r.stdout).toMatch(/FAIL violated: all traffic from outside stays on web/);
    expect(r.stdout).toMatch(/shop\/db\[Deployment\]: Service shop\/db \(LoadBalancer, externalTrafficPolicy: Cluster\) takes TCP 5432 for it from outside the cluster/);
    expect(r.stdout).not.toMatch(HOLDS);
    expect(r.code).toBe(1);
  });

  it('with externalTrafficPolicy Local the client keeps its address, and db\'s policy keeps it out: db is no witness', async () => {
    const r = await check(LB_DB(`${LOAD_BALANCER}  externalTrafficPolicy: Local\n`), ONLY_WEB);
    expect(manifestWitnesses(r.stdout)).toEqual([]);
    expect(r.stdout).not.toMatch(/shop\/db\[Deployment\]/);
  });

  it('an Ingress to admin, where the ingress controller runs is not declared, violates it as it does never', async () => {
    const r = await check(SHOP_ADMIN(INGRESS_TO('admin'), 'ingress-nginx'), ONLY_WEB_NEVER_ADMIN);
    const where = /shop\/admin\[Deployment\]: Ingress shop\/admin route TCP 9000 to it from outside the cluster, and where the ingress controller runs is not declared/g;
    expect(r.stdout).toMatch(/FAIL violated: all traffic from outside stays on web/);
    expect(r.stdout).toMatch(/FAIL violated: internet never admin/);
    expect(r.stdout.match(where)).toHaveLength(2);
    expect(r.stdout).not.toMatch(HOLDS);
    expect(r.code).toBe(1);
  });

  it('an Ingress to web alone breaks neither through the manifests\' workloads', async () => {
    const r = await check(SHOP_ADMIN(INGRESS_TO('web'), 'ingress-nginx'), ONLY_WEB_NEVER_ADMIN);
    expect(manifestWitnesses(r.stdout)).toEqual([]);
    expect(r.stdout).toMatch(/ok\s+holds: internet never admin/);
  });

  it('a route that is not modelled (a Traefik IngressRoute) violates it', async () => {
    const r = await check(SHOP_ADMIN(TRAEFIK_ROUTE, 'traefik'), ONLY_WEB_NEVER_ADMIN);
    expect(r.stderr).toMatch(/IngressRoute shop\/admin \(traefik.io\/v1alpha1\) is not analysed.*invariants on traffic from the internet fail closed \[RD011\]/);
    expect(r.stdout).toMatch(/FAIL violated: all traffic from outside stays on web/);
    expect(manifestWitnesses(r.stdout).join('\n')).toMatch(/^\s+shop\/admin\[Deployment\]: IngressRoute shop\/admin routes traffic from outside the cluster where the analysis cannot follow/);
    expect(r.stdout).not.toMatch(HOLDS);
    expect(r.code).toBe(1);
    // without it, nothing from outside reaches admin
    const without = await check(SHOP_ADMIN('', 'traefik'), ONLY_WEB_NEVER_ADMIN);
    expect(manifestWitnesses(without.stdout)).toEqual([]);
    expect(without.stdout).toMatch(/ok\s+holds: internet never admin/);
  });
});

describe('F1: never { from: {cidr}, to } takes the ways in from outside the cluster too', () => {
  it('a client in the range reaches db through the LoadBalancer: violated', async () => {
    const r = await check(LB_DB(LOAD_BALANCER), NEVER_FROM_CIDR);
    expect(r.stdout).toMatch(/FAIL violated: documentation range never reaches db/);
    expect(r.stdout).toMatch(/Service shop\/db \(LoadBalancer, externalTrafficPolicy: Cluster\) takes TCP 5432/);
    expect(r.code).toBe(1);
  });

  it('through a ClusterIP Service it does not: it holds', async () => {
    const r = await check(LB_DB(''), NEVER_FROM_CIDR);
    expect(r.stdout).toMatch(/ok\s+holds: documentation range never reaches db/);
    expect(r.code).toBe(0);
  });
});

// ---- F2: named ports on pods not yet made, under only

/** web may send on a port named http to pods `egressTo` picks; api declares http. */
const NAMED_TO = (egressTo: string) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: x}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: c, image: x, ports: [{containerPort: 8080, name: http}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-egress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress:
  - to: [${egressTo}]
    ports: [{port: http}]
`;
const ONLY_TO_API = 'invariants:\n  - name: web reaches only api pods\n    only: { from: { workload: shop/web }, to: [ { anyNamespace: true, labels: { app: api } } ] }\n';

/** vault admits pods of shop labelled app web or api; web may send on a port named http to the namespaces `egressTo` picks. */
const VAULT = (egressTo: string) => `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Namespace
metadata: {name: vault}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: x}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: c, image: x}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-egress, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Egress]
  egress:
  - to: [{namespaceSelector: ${egressTo}}]
    ports: [{port: http}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: vault-ingress, namespace: vault}
spec:
  podSelector: {}
  ingress:
  - from:
    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop}}
      podSelector: {matchExpressions: [{key: app, operator: In, values: [web, api]}]}
`;
const ONLY_API_TO_VAULT = `invariants:
  - name: only api reaches vault pods
    only: { to: { anyNamespace: true, namespaceLabels: { kubernetes.io/metadata.name: vault } }, from: [ { workload: shop/api }, { anyNamespace: true, namespaceLabels: { kubernetes.io/metadata.name: shop }, labels: { app: api } } ] }
`;

// networking/v1 NetworkPolicyPort: "a numerical or named port on a pod", the name resolved against the destination pod's ports
describe('F2: only tries named ports on pods not yet made', () => {
  it('allowed list on to: a new pod of any labels that declares http is reached', async () => {
    const r = await check(NAMED_TO('{namespaceSelector: {}}'), ONLY_TO_API);
    expect(r.stdout).toMatch(/FAIL violated: web reaches only api pods/);
    expect(r.stdout).toMatch(/shop\/web\[Deployment\] => entire-cluster \(declaring port http\) : TCP 1-65535/);
    expect(r.code).toBe(1);
  });

  it('where the egress rule picks api pods only, it holds', async () => {
    const r = await check(NAMED_TO('{namespaceSelector: {}, podSelector: {matchLabels: {app: api}}}'), ONLY_TO_API);
    expect(r.stdout).toMatch(/ok\s+holds: web reaches only api pods/);
    expect(r.code).toBe(0);
  });

  it('allowed list on from: web reaches a new vault pod that declares http', async () => {
    const r = await check(VAULT('{}'), ONLY_API_TO_VAULT);
    expect(r.stdout).toMatch(/FAIL violated: only api reaches vault pods/);
    expect(r.stdout).toMatch(/shop\/web\[Deployment\] => vault\/\[all pods\] \(declaring port http\) : TCP 1-65535/);
    expect(r.code).toBe(1);
  });

  it("where web's egress rule picks its own namespace only, it holds", async () => {
    const r = await check(VAULT('{matchLabels: {kubernetes.io/metadata.name: shop}}'), ONLY_API_TO_VAULT);
    expect(r.stdout).toMatch(/ok\s+holds: only api reaches vault pods/);
    expect(r.code).toBe(0);
  });
});

// ---- F3: Services that select by a label the controller sets on its pods

// kubernetes.io/docs/reference/labels-annotations-taints/: statefulset.kubernetes.io/pod-name ("to attach a Service to a
// specific Pod in the StatefulSet"), apps.kubernetes.io/pod-index, batch.kubernetes.io/job-name and job-name (the Job's
// name), pod-template-hash (a Deployment's ReplicaSets): set by the controllers, never written in a pod template

/** Kafka's external access, one LoadBalancer per broker; kafka's policy admits in-cluster pods only. */
const KAFKA = (podName: string) => `apiVersion: v1
kind: Namespace
metadata: {name: data}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: kafka, namespace: data}
spec:
  serviceName: kafka
  replicas: 3
  selector: {matchLabels: {app: kafka}}
  template:
    metadata: {labels: {app: kafka}}
    spec: {containers: [{name: c, image: x, ports: [{containerPort: 9094, name: external}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: ${podName}-external, namespace: data}
spec:
  type: LoadBalancer
  selector:
    app: kafka
    statefulset.kubernetes.io/pod-name: ${podName}
  ports: [{port: 9094, targetPort: external}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: kafka, namespace: data}
spec:
  podSelector: {matchLabels: {app: kafka}}
  ingress:
  - from: [{podSelector: {}}]
`;
const NEVER_KAFKA = 'invariants:\n  - name: internet never kafka\n    never: { from: internet, to: { labels: { app: kafka } } }\n';

/** An Ingress to a per-pod Service of StatefulSet db; db admits every namespace's pods. */
const DB_ADMIN = (podName: string) => `apiVersion: v1
kind: Namespace
metadata: {name: data}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: data}
spec:
  serviceName: db
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: c, image: x, ports: [{containerPort: 8080, name: http}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: db-0-admin, namespace: data}
spec:
  selector:
    statefulset.kubernetes.io/pod-name: ${podName}
  ports: [{port: 80, targetPort: http}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: db-admin, namespace: data}
spec:
  rules:
  - http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: db-0-admin, port: {number: 80}}}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: data}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - from: [{namespaceSelector: {}}]
`;
const NEVER_DB = 'invariants:\n  - name: internet never db\n    never: { from: internet, to: { labels: { app: db } } }\n';

describe('F3: a Service selecting by a label the controller sets picks those pods', () => {
  it("a LoadBalancer per broker (pod-name kafka-0) takes the internet's traffic to kafka", async () => {
    const r = await check(KAFKA('kafka-0'), NEVER_KAFKA);
    expect(r.stdout).toMatch(/FAIL violated: internet never kafka/);
    expect(r.stdout).toMatch(/data\/kafka\[StatefulSet\]: Service data\/kafka-0-external \(LoadBalancer, externalTrafficPolicy: Cluster\) takes TCP 9094/);
    expect(r.code).toBe(1);
  });

  it("a pod name that is not one of kafka's pods picks none of them, but pods made elsewhere: it fails closed, not through kafka's node port", async () => {
    // no pod of the manifests is other-0: a StatefulSet other of another chart may carry app: kafka
    const r = await check(KAFKA('other-0'), NEVER_KAFKA);
    expect(r.stdout).toMatch(/FAIL violated: internet never kafka/);
    expect(r.stdout).toContain('Service data/other-0-external (LoadBalancer, whose selector picks no pod of the manifests');
    expect(r.stdout).not.toMatch(/takes TCP 9094/);
    expect(r.code).toBe(1);
  });

  it('an Ingress to a per-pod Service leads the ingress controller to db', async () => {
    const r = await check(DB_ADMIN('db-0'), NEVER_DB);
    expect(r.stdout).toMatch(/FAIL violated: internet never db/);
    expect(r.stdout).toMatch(/\{ingress-controller\} => data\/db\[StatefulSet\] : TCP 8080/);
    expect(r.code).toBe(1);
  });

  it("an Ingress to a Service of a pod name not db's leads to none of db's pods, but to pods made elsewhere: it fails closed", async () => {
    const r = await check(DB_ADMIN('other-0'), NEVER_DB);
    expect(r.stdout).toMatch(/FAIL violated: internet never db/);
    expect(r.stdout).toContain('Ingress data/db-admin (to Service data/db-0-admin, whose selector picks no pod of the manifests');
    expect(r.stdout).not.toContain('{ingress-controller} => data/db');
    expect(r.code).toBe(1);
  });
});

describe('servicePicks', () => {
  const POD_NAME = 'statefulset.kubernetes.io/pod-name';
  const kafka = { kind: 'StatefulSet', name: 'kafka' };

  it("a StatefulSet's pods are named after it and an index", () => {
    expect(servicePicks({ [POD_NAME]: 'kafka-0' }, kafka, { app: 'kafka' })).toBe(true);
    expect(servicePicks({ [POD_NAME]: 'kafka-12' }, kafka, { app: 'kafka' })).toBe(true);
    expect(servicePicks({ app: 'kafka', [POD_NAME]: 'kafka-0' }, kafka, { app: 'kafka' })).toBe(true);
    expect(servicePicks({ [POD_NAME]: 'kafka-x' }, kafka, { app: 'kafka' })).toBe(false);
    expect(servicePicks({ [POD_NAME]: 'kafkaa-0' }, kafka, { app: 'kafka' })).toBe(false);
    expect(servicePicks({ [POD_NAME]: 'other-0' }, kafka, { app: 'kafka' })).toBe(false);
    // the other labels still have to match
    expect(servicePicks({ app: 'zookeeper', [POD_NAME]: 'kafka-0' }, kafka, { app: 'kafka' })).toBe(false);
  });

  it("a Job's pods carry its name; a CronJob's, its name and a suffix", () => {
    const migrate = { kind: 'Job', name: 'migrate' };
    expect(servicePicks({ 'batch.kubernetes.io/job-name': 'migrate' }, migrate, {})).toBe(true);
    expect(servicePicks({ 'batch.kubernetes.io/job-name': 'other' }, migrate, {})).toBe(false);
    expect(servicePicks({ 'job-name': 'nightly-28000000' }, { kind: 'CronJob', name: 'nightly' }, {})).toBe(true);
  });

  it("pod-template-hash is a Deployment's, not a StatefulSet's nor a bare Pod's", () => {
    expect(servicePicks({ 'pod-template-hash': 'abc' }, { kind: 'Deployment', name: 'web' }, { app: 'web' })).toBe(true);
    expect(servicePicks({ 'pod-template-hash': 'abc' }, { kind: 'StatefulSet', name: 'web' }, { app: 'web' })).toBe(false);
    expect(servicePicks({ 'pod-template-hash': 'abc' }, { kind: 'Pod', name: 'web' }, { app: 'web' })).toBe(false);
    // unless the Pod's own labels say so
    expect(servicePicks({ 'pod-template-hash': 'abc' }, { kind: 'Pod', name: 'web' }, { app: 'web', 'pod-template-hash': 'abc' })).toBe(true);
  });

  it('an ordinary label must be equal', () => {
    const web = { kind: 'Deployment', name: 'web' };
    expect(servicePicks({ app: 'web' }, web, { app: 'web', tier: 'front' })).toBe(true);
    expect(servicePicks({ app: 'web' }, web, { app: 'web2' })).toBe(false);
    expect(servicePicks({ app: 'web' }, web, { tier: 'front' })).toBe(false);
  });
});

// ---- F5: a Service's empty selector is no selector

// core/v1 ServiceSpec.selector: "If empty or not present, the service is assumed to have an external process managing
// its endpoints, which Kubernetes will not modify" (an EndpointSlice written by hand may point at any pod)

/** An Ingress to Service edge/proxy of selector `selector`; db, in another namespace, admits every namespace's pods. */
const EDGE = (selector: string) => `apiVersion: v1
kind: Namespace
metadata: {name: edge}
---
apiVersion: v1
kind: Namespace
metadata: {name: data}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: edge}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: x, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: proxy, namespace: edge}
spec:
  selector: ${selector}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: proxy, namespace: edge}
spec:
  defaultBackend: {service: {name: proxy, port: {number: 80}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: data}
spec:
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: c, image: x, ports: [{containerPort: 8080}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: data}
spec:
  podSelector: {}
  ingress:
  - from: [{namespaceSelector: {}}]
`;
/** A LoadBalancer without selector, its endpoints written by hand; db's policy admits pods only. */
const HAND_ENDPOINTS = (serviceExtra: string) => `apiVersion: v1
kind: Namespace
metadata: {name: data}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: db, namespace: data}
spec:
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: c, image: x, ports: [{containerPort: 5432}]}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: data}
spec:
  podSelector: {}
  ingress:
  - from: [{podSelector: {}}]
---
apiVersion: v1
kind: Service
metadata: {name: db-public, namespace: data}
spec:
  type: LoadBalancer
${serviceExtra}  ports: [{port: 5432}]
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: db-public-1
  namespace: data
  labels: {kubernetes.io/service-name: db-public}
addressType: IPv4
ports: [{port: 5432, protocol: TCP}]
endpoints:
- addresses: ["10.244.1.17"]
`;
const NEVER_DATA_DB = 'invariants:\n  - name: internet never db\n    never: { from: internet, to: { workload: data/db } }\n';

describe('F5: selector: {} on a Service is no selector', () => {
  it('an Ingress to a Service of selector {} may lead anywhere: warned (RD007), failing closed', async () => {
    const r = await check(EDGE('{}'), NEVER_DATA_DB);
    expect(r.stderr).toMatch(/warning: Service edge\/proxy has no selector.*where Ingress edge\/proxy leads is not known \[RD007\]/);
    expect(r.stdout).toMatch(/FAIL violated: internet never db/);
    expect(r.stdout).toMatch(/data\/db\[Deployment\]: Ingress edge\/proxy \(to Service edge\/proxy, without selector\)/);
    expect(r.code).toBe(1);
  });

  it('the same Service selecting web leads to web alone: it holds, without RD007', async () => {
    const r = await check(EDGE('{app: web}'), NEVER_DATA_DB);
    expect(r.stdout).toMatch(/ok\s+holds: internet never db/);
    expect(r.stderr).not.toMatch(/RD007/);
    expect(r.code).toBe(0);
  });

  it('a LoadBalancer without selector may forward to db: violated', async () => {
    const r = await check(HAND_ENDPOINTS(''), NEVER_DATA_DB);
    expect(r.stdout).toMatch(/FAIL violated: internet never db/);
    expect(r.stdout).toMatch(/Service data\/db-public \(LoadBalancer, externalTrafficPolicy: Cluster\) takes All Connections for it from outside the cluster on every node \(it has no selector/);
    expect(r.code).toBe(1);
  });

  it('with externalTrafficPolicy Local the client keeps its address, which db\'s policy keeps out: it holds', async () => {
    const r = await check(HAND_ENDPOINTS('  externalTrafficPolicy: Local\n'), NEVER_DATA_DB);
    expect(r.stdout).toMatch(/ok\s+holds: internet never db/);
    expect(r.code).toBe(0);
  });
});

// ---- F6: a declared ingress controller does not carry Gateway API routes

/** ingress-nginx in its namespace, an Istio Gateway in gw, and `route` to admin, whose policy admits namespace gw only. */
const GATEWAY_SHOP = (route: string) => `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Namespace
metadata: {name: gw}
---
apiVersion: v1
kind: Namespace
metadata: {name: ingress-nginx}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: ingress-nginx-controller, namespace: ingress-nginx}
spec:
  selector: {matchLabels: {app.kubernetes.io/name: ingress-nginx}}
  template:
    metadata: {labels: {app.kubernetes.io/name: ingress-nginx}}
    spec: {containers: [{name: c, image: x, ports: [{containerPort: 80}]}]}
---
apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: public, namespace: gw}
spec:
  gatewayClassName: istio
  listeners:
  - {name: http, port: 80, protocol: HTTP, allowedRoutes: {namespaces: {from: All}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: admin, namespace: shop}
spec:
  selector: {matchLabels: {app: admin}}
  template:
    metadata: {labels: {app: admin}}
    spec: {containers: [{name: c, image: x, ports: [{containerPort: 9000}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: admin, namespace: shop}
spec:
  selector: {app: admin}
  ports: [{port: 80, targetPort: 9000}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: admin, namespace: shop}
spec:
  podSelector: {matchLabels: {app: admin}}
  ingress:
  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: gw}}}]
---
${route}`;
const HTTP_ROUTE = `apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: admin, namespace: shop}
spec:
  parentRefs: [{name: public, namespace: gw}]
  rules:
  - backendRefs: [{name: admin, port: 80}]
`;
const NGINX_NEVER_ADMIN = `ingress-controller: { namespace: ingress-nginx, labels: { app.kubernetes.io/name: ingress-nginx } }
invariants:
  - name: internet never admin
    never: { from: internet, to: { workload: shop/admin } }
`;

describe('F6: a declared ingress controller does not carry Gateway API routes', () => {
  // istio.io, Gateway API "Automated deployment": the Gateway's proxy runs in the Gateway's namespace, which admin admits
  it("an HTTPRoute's traffic comes from its Gateway's proxy, wherever it runs: violated", async () => {
    const r = await check(GATEWAY_SHOP(HTTP_ROUTE), NGINX_NEVER_ADMIN);
    expect(r.stdout).toMatch(/FAIL violated: internet never admin/);
    expect(r.stdout).toMatch(/shop\/admin\[Deployment\]: HTTPRoute shop\/admin route TCP 9000 to it from outside the cluster[^\n]*through a Gateway/);
    expect(r.code).toBe(1);
  });

  // admin's policy keeps the declared controller out, and admits the Gateway's namespace: another controller there may serve the Ingress
  it("an Ingress that admin's policy keeps the declared controller from is doubted as another controller's, not as the Gateway's", async () => {
    const r = await check(GATEWAY_SHOP(INGRESS_TO('admin')), NGINX_NEVER_ADMIN);
    expect(r.stdout).not.toMatch(/through a Gateway/);
    expect(r.stdout).toMatch(/Ingress shop\/admin route TCP 9000 to it from outside the cluster, which its ingress policies keep the declared ingress controller from: another controller may serve it/);
    expect(r.code).toBe(1);
  });
});

describe('a ClusterIP Service with external IPs', () => {
  // kubernetes.io/docs/concepts/services-networking/service, External IPs: the nodes take traffic to them for the
  // Service, and kube-proxy gives it the node's address (externalTrafficPolicy applies to NodePort and
  // LoadBalancer only, so a ClusterIP Service's is Cluster)
  it('lets outside traffic in through the node, failing a never invariant from the internet closed', async () => {
    const manifests = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: db, namespace: shop}\nspec:\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec: {containers: [{name: c, image: x, ports: [{containerPort: 5432}]}]}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: db}}\n  ingress: [{from: [{podSelector: {}}]}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: db, namespace: shop}\nspec:\n  selector: {app: db}\n  externalIPs: [203.0.113.10]\n  ports: [{port: 5432}]\n`;
    const r = await check(manifests, 'invariants:\n  - name: db never from outside\n    never: { from: internet, to: { workload: shop/db } }\n');
    expect(r.stdout).toMatch(/Service shop\/db \(ClusterIP with external IPs, externalTrafficPolicy: Cluster\) takes TCP 5432/);
    expect(r.code).toBe(1);
    const inside = await check(manifests.replace('  externalIPs: [203.0.113.10]\n', ''), 'invariants:\n  - name: db never from outside\n    never: { from: internet, to: { workload: shop/db } }\n');
    expect(inside.code).toBe(0);
  });
});

describe('pods present or future in a namespace the selector names', () => {
  // found by the brute force of test/invariant-future-property.test.ts (seed 1069): the selector names alpha, which
  // the manifests hold without the label it asks, and omega, which they do not hold; a pod in a new namespace
  // omega labelled env reaches w1, as nothing isolates it
  it('is tried in another namespace the selector names where the first one it names does not fit', async () => {
    const manifests = `apiVersion: v1\nkind: Namespace\nmetadata: {name: alpha}\n---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: w1, namespace: beta}\nspec:\n  selector: {matchLabels: {env: z}}\n  template:\n    metadata: {labels: {env: z}}\n    spec: {containers: [{name: main, image: example}]}\n`;
    const config = `invariants:\n  - name: new pods never reach w1\n    never:\n      from: { anyNamespace: true, labels: { app: q }, namespaceLabels: { matchExpressions: [ { key: env, operator: Exists }, { key: kubernetes.io/metadata.name, operator: In, values: [alpha, omega] } ] } }\n      to: { workload: beta/w1 }\n`;
    const r = await check(manifests, config);
    expect(r.stdout).toMatch(/FAIL violated: new pods never reach w1/);
    expect(r.stdout).toMatch(/omega/);
    expect(r.code).toBe(1);
  });
});
