/**
 * What an invariant's endpoint selectors pick, where a review found them
 * picking less than they say (each printed `ok holds`, exit 0, while in a
 * cluster the invariant is broken), each next to the nearby case that
 * must still hold:
 * - selectors of pods by namespace and labels left out the ingress
 *   controller the config places in a namespace with labels;
 * - a `labels` selector left out, without a word, a workload that carries
 *   the labels on its own metadata and not on its pods;
 * - invariant ports are the pods' ports: one that is a Service's port
 *   forwarded to another target port held in silence.
 */
import { describe, expect, it } from 'vitest';
import { checkManifests as check, diffManifests } from './helpers.js';

const CONTROLLER = 'ingress-controller: { namespace: ingress-nginx, labels: { app.kubernetes.io/name: ingress-nginx } }\n';

/** web behind an Ingress; web's policy admits the controller's pods (namespace ingress-nginx, its label); a default backend runs in ingress-nginx too. */
const ROUTED_WEB = (ingress: boolean) => `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Namespace
metadata: {name: ingress-nginx}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, image: nginx, ports: [{containerPort: 8080, name: http}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{port: 80, targetPort: http}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
  - from:
    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ingress-nginx}}
      podSelector: {matchLabels: {app.kubernetes.io/name: ingress-nginx}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: default-backend, namespace: ingress-nginx}
spec:
  selector: {matchLabels: {app.kubernetes.io/component: default-backend}}
  template:
    metadata: {labels: {app.kubernetes.io/component: default-backend}}
    spec: {containers: [{name: c, image: defaultbackend}]}
---
${
  ingress
    ? `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  rules:
  - host: web.example.com
    http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}
`
    : ''
}`;

const never = (name: string, from: string) => `${CONTROLLER}invariants:\n  - name: ${name}\n    never: { from: ${from}, to: { workload: shop/web } }\n`;

describe('selectors of pods pick the ingress controller the config declares, as a source', () => {
  // The controller's pods run in its namespace with its labels (the config says so), and web's policy admits them
  // (NetworkPolicy peer namespaceSelector with podSelector: kubernetes.io/docs/concepts/services-networking/network-policies/#behavior-of-to-and-from-selectors);
  // an Ingress has them send traffic from outside on to web (kubernetes.io/docs/concepts/services-networking/ingress/).
  for (const [name, from] of [
    ['no pod of the cluster reaches web', '{ namespace: "*" }'],
    ['nothing in ingress-nginx reaches web', '{ namespace: ingress-nginx }'],
    ['nothing labelled ingress-nginx reaches web', '{ labels: { app.kubernetes.io/name: ingress-nginx } }'],
    ['nothing of an edge namespace reaches web', '{ namespaceLabels: { kubernetes.io/metadata.name: ingress-nginx } }'],
    ['no pod present or future reaches web', '{ anyNamespace: true }'],
  ] as const) {
    it(`never from ${from} is violated by the controller`, async () => {
      const r = await check(ROUTED_WEB(true), never(name, from));
      expect(r.stdout).toContain(`FAIL violated: ${name}`);
      expect(r.stdout).toMatch(/\{ingress-controller\} => shop\/web\[Deployment\] : All Connections/);
      expect(r.code).toBe(1);
    });
  }

  it('a selector whose labels or namespace are not the controller\'s does not pick it', async () => {
    for (const from of ['{ namespace: shop }', '{ namespace: ingress-nginx, labels: { app.kubernetes.io/component: default-backend } }', '{ workload: "ingress-nginx/*" }']) {
      const r = await check(ROUTED_WEB(true), never('web kept apart', from));
      expect(r.stdout).toContain('ok holds: web kept apart');
      expect(r.code).toBe(0);
    }
  });

  it('without an Ingress its pods still run, outside the analysis: never fails closed on them', async () => {
    const r = await check(ROUTED_WEB(false), never('nothing in ingress-nginx reaches web', '{ namespace: ingress-nginx }'));
    expect(r.stdout).toContain('FAIL violated: nothing in ingress-nginx reaches web');
    expect(r.stdout).toMatch(/no Ingress or Route of the manifests leads through it, so its pods, which open what their policies let them, are no part of the analysis/);
    expect(r.code).toBe(1);
  });

  it('an only list that names the controller\'s namespace lets it in, one that does not keeps it out', async () => {
    const only = (from: string) => `${CONTROLLER}invariants:\n  - name: only listed reach web\n    only: { to: { workload: shop/web }, from: [ ${from} ] }\n`;
    const allowed = await check(ROUTED_WEB(true), only('{ namespace: ingress-nginx, labels: { app.kubernetes.io/name: ingress-nginx } }'));
    expect(allowed.stdout).toContain('ok holds: only listed reach web');
    const outside = await check(ROUTED_WEB(true), only('{ namespace: shop }'));
    expect(outside.stdout).toMatch(/FAIL violated: only listed reach web[^]*\{ingress-controller\} => shop\/web\[Deployment\]/);
    // with from a mapping, the controller is among the sources, and web is outside the list
    const from = `${CONTROLLER}invariants:\n  - name: ingress-nginx reaches only its own\n    only: { from: { namespace: ingress-nginx }, to: [ { namespace: ingress-nginx } ] }\n`;
    const r = await check(ROUTED_WEB(true), from);
    expect(r.stdout).toMatch(/FAIL violated: ingress-nginx reaches only its own[^]*\{ingress-controller\} => shop\/web\[Deployment\] : All Connections/);
  });

  it('isolated picks the controller: no policy of the manifests selects its pods', async () => {
    const r = await check(ROUTED_WEB(true), `${CONTROLLER}invariants:\n  - name: edge isolated\n    isolated: { workloads: { namespace: ingress-nginx }, direction: egress }\n`);
    expect(r.stdout).toMatch(/FAIL violated: edge isolated[^]*no policy isolates \{ingress-controller\} for egress/);
  });

  it('diff: an Ingress added at head newly violates never from the controller\'s namespace', async () => {
    const r = await diffManifests(ROUTED_WEB(false), ROUTED_WEB(true), never('nothing in ingress-nginx reaches web', '{ namespace: ingress-nginx }'));
    expect(r.stdout).toContain('FAIL newly violated: nothing in ingress-nginx reaches web');
    expect(r.code).toBe(1);
  });
});

/** web reaches every namespace; ledger's pods carry team: payments, cards carries it on the Deployment only (`podTeam` puts it on its pods too). */
const TEAMS = (opts: { podTeam?: boolean; ledger?: boolean } = {}) => `apiVersion: v1
kind: Namespace
metadata: {name: pay}
---
apiVersion: v1
kind: Namespace
metadata: {name: cards}
---
apiVersion: v1
kind: Namespace
metadata: {name: web}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: web}
spec:
  selector: {matchLabels: {app: web}}
  template: {metadata: {labels: {app: web}}, spec: {containers: [{name: c, image: nginx}]}}
---
${
  opts.ledger === false
    ? ''
    : `apiVersion: apps/v1
kind: Deployment
metadata: {name: ledger, namespace: pay, labels: {app: ledger, team: payments}}
spec:
  selector: {matchLabels: {app: ledger}}
  template: {metadata: {labels: {app: ledger, team: payments}}, spec: {containers: [{name: c, image: nginx}]}}
---
`
}apiVersion: apps/v1
kind: Deployment
metadata: {name: cards, namespace: cards, labels: {app: cards, team: payments}}
spec:
  selector: {matchLabels: {app: cards}}
  template: {metadata: {labels: {app: cards${opts.podTeam ? ', team: payments' : ''}}}, spec: {containers: [{name: c, image: nginx}]}}
`;

describe('a labels selector and workloads labelled on their own metadata only', () => {
  // Labels are "attached to objects, such as pods" (kubernetes.io/docs/concepts/overview/working-with-objects/labels/):
  // a Deployment's own labels are its, `kubectl get deployments -l team=payments` lists it, while policies select
  // its pods by the template's labels (NetworkPolicy podSelector "selects particular Pods": kubernetes.io/docs/concepts/services-networking/network-policies/).
  const NEVER = 'invariants:\n  - name: web never reaches payments\n    never: { from: { namespace: web }, to: { labels: { team: payments } } }\n';
  const WARNING = /warning: selector \{labels: \{team: payments\}\} \(line 3\): cards\/cards\[Deployment\] carries the labels it asks for on the object itself \(metadata\.labels\), not on its pods[^\n]*it is taken in, the stricter reading \(name it with workload:/;

  it('never takes such a workload in, saying so, and fails where web reaches it', async () => {
    const r = await check(TEAMS(), NEVER);
    expect(r.stdout).toMatch(/FAIL violated: web never reaches payments/);
    expect(r.stdout).toMatch(WARNING);
    expect(r.stdout).toMatch(/web\/web\[Deployment\] => cards\/cards\[Deployment\] : All Connections/);
    expect(r.code).toBe(1);
  });

  it('where its pods carry the labels too, it is picked as before, without a warning', async () => {
    const r = await check(TEAMS({ podTeam: true }), NEVER);
    expect(r.stdout).toMatch(/web\/web\[Deployment\] => cards\/cards\[Deployment\] : All Connections/);
    expect(r.stdout).not.toMatch(/warning/);
  });

  it('a selector that only such a workload matches is still unmatched, with the warning', async () => {
    const r = await check(TEAMS({ ledger: false }), NEVER);
    expect(r.stdout).toMatch(/FAIL unmatched: web never reaches payments/);
    expect(r.stdout).toMatch(WARNING);
    expect(r.code).toBe(1);
  });

  it("an only invariant's list leaves it out, the stricter reading, and says so", async () => {
    const only = 'invariants:\n  - name: only payments reach web\n    only: { to: { workload: web/web }, from: [ { labels: { team: payments } } ] }\n';
    const r = await check(TEAMS(), only);
    expect(r.stdout).toMatch(/FAIL violated: only payments reach web/);
    expect(r.stdout).toMatch(/cards\/cards\[Deployment\] carries the labels it asks for[^\n]*it is left out of the list, the stricter reading/);
    expect(r.stdout).toMatch(/cards\/cards\[Deployment\] => web\/web\[Deployment\]/);
  });

  it('isolated takes it in', async () => {
    const r = await check(TEAMS(), 'invariants:\n  - name: payments isolated\n    isolated: { workloads: { labels: { team: payments } }, direction: ingress }\n');
    expect(r.stdout).toMatch(/no policy isolates cards\/cards\[Deployment\] for ingress/);
  });
});

/** db's Service takes 5432 and forwards it to its pods' port pg (15432 by default), which db's policy admits from every pod of shop. */
const SERVICE_PORTS = (target = 'pg', containerPort = 15432) => `apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: frontend, namespace: shop}
spec:
  selector: {matchLabels: {app: frontend}}
  template:
    metadata: {labels: {app: frontend}}
    spec: {containers: [{name: c, image: nginx}]}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db, namespace: shop}
spec:
  serviceName: db
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec: {containers: [{name: c, image: postgres, ports: [{containerPort: ${containerPort}, name: pg}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: shop}
spec:
  selector: {app: db}
  ports: [{name: pg, port: 5432, targetPort: ${target}}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress]
  ingress:
  - from: [{podSelector: {}}]
    ports: [{port: pg}]
`;

describe("invariant ports are the pods' ports: a Service port forwarded to another one fails closed", () => {
  // A client opens the Service's port, and kube-proxy sends it on to the targetPort of its pods, "a number or a name"
  // (kubernetes.io/docs/concepts/services-networking/service/#defining-a-service); a NetworkPolicy's port is "a
  // numerical or named port on a pod" (kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/).
  const NEVER = (ports: string) => `invariants:\n  - name: frontend never opens postgres on db\n    never: { from: { workload: shop/frontend }, to: { workload: shop/db }, ports: [${ports}] }\n`;
  const CLOSED = /shop\/db\[StatefulSet\]: TCP 5432, a port of this invariant, is Service shop\/db's port 5432, which sends it on to TCP 15432 (\(pg\) )?of these pods: an invariant's ports are the pods' ports/;

  it('never on the Service port 5432 does not hold: the path through the Service is on 15432, which it does not name', async () => {
    const r = await check(SERVICE_PORTS(), NEVER('TCP/5432'));
    expect(r.stdout).toMatch(/FAIL violated: frontend never opens postgres on db/);
    expect(r.stdout).toMatch(CLOSED);
    expect(r.code).toBe(1);
  });

  it('a number targetPort is read alike', async () => {
    const r = await check(SERVICE_PORTS('15432'), NEVER('TCP/5432'));
    expect(r.stdout).toMatch(CLOSED);
    expect(r.code).toBe(1);
  });

  it("naming the pods' port too checks the path: violated by the pair itself", async () => {
    const r = await check(SERVICE_PORTS(), NEVER('TCP/5432, TCP/15432'));
    expect(r.stdout).toMatch(/FAIL violated: frontend never opens postgres on db[^]*shop\/frontend\[Deployment\] => shop\/db\[StatefulSet\] : TCP 15432/);
    expect(r.stdout).not.toMatch(CLOSED);
  });

  it('where the Service forwards 5432 to 5432, or the invariant names another port, nothing is said', async () => {
    const same = await check(SERVICE_PORTS('pg', 5432), NEVER('TCP/22'));
    expect(same.stdout).toMatch(/ok\s+holds: frontend never opens postgres on db/);
    const other = await check(SERVICE_PORTS(), NEVER('TCP/22'));
    expect(other.stdout).toMatch(/ok\s+holds: frontend never opens postgres on db/);
    expect(other.code).toBe(0);
  });

  it('always on the Service port says why it fails, and holds on the pods\' port', async () => {
    const always = (ports: string) => `invariants:\n  - name: frontend opens postgres on db\n    always: { from: { workload: shop/frontend }, to: { workload: shop/db }, ports: [${ports}] }\n`;
    const r = await check(SERVICE_PORTS(), always('TCP/5432'));
    expect(r.stdout).toMatch(/FAIL violated: frontend opens postgres on db/);
    expect(r.stdout).toMatch(CLOSED);
    const pods = await check(SERVICE_PORTS(), always('TCP/15432'));
    expect(pods.stdout).toMatch(/ok\s+holds: frontend opens postgres on db/);
  });

  it('only on the Service port: the protected side is db', async () => {
    const only = 'invariants:\n  - name: nobody opens postgres on db\n    only: { to: { workload: shop/db }, from: [ { workload: shop/db } ], ports: [TCP/5432] }\n';
    const r = await check(SERVICE_PORTS(), only);
    expect(r.stdout).toMatch(CLOSED);
    expect(r.code).toBe(1);
  });
});
