/**
 * Objects a Kyverno policy changes that are not those it matches, found by a
 * review where `check` said `ok holds` of invariants Kyverno breaks. Sources:
 * - [mpol]: https://kyverno.io/docs/policy-types/mutating-policy/ and kyverno/kyverno
 *   pkg/background/mpol/processor.go (the background controller mutates the
 *   targets of spec.targetMatchConstraints, or those a CEL expression there
 *   resolves, where matchConstraints only name the trigger)
 */
import { describe, expect, it } from 'vitest';
import { checkManifests, deployment, namespace, policy } from './helpers.js';

const DB = namespace('app') + namespace('db') + deployment('app', 'client', { app: 'client' }) + deployment('db', 'postgres', { app: 'postgres' }, [{ port: 5432 }]);
const DB_ACCESS = policy('db', 'db-access', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'db-access': 'granted' } } }] }] });
const REQUEST = 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: db-access-request, namespace: app }\ndata: { reason: reporting }\n---\n';
const APP_NEVER_DB = 'invariants:\n  - name: app never reaches db\n    never: { from: { namespace: app }, to: { namespace: db } }\n';

/** A MutatingPolicy triggered by the ConfigMap above that labels what `targets` (its targetMatchConstraints) names. */
function grantDbAccess(targets: string, kind = 'MutatingPolicy'): string {
  return `apiVersion: policies.kyverno.io/v1
kind: ${kind}
metadata: { name: grant-db-access${kind.startsWith('Namespaced') ? ', namespace: app' : ''} }
spec:
  evaluation:
    mutateExisting: { enabled: true }
  matchConstraints:
    resourceRules:
      - { apiGroups: [''], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [configmaps], resourceNames: [db-access-request] }
  targetMatchConstraints:
${targets}
  mutations:
    - patchType: ApplyConfiguration
      applyConfiguration:
        expression: >
          Object{ metadata: Object.metadata{ labels: Object.metadata.labels{ "db-access": "granted" } } }
---
`;
}

describe("a Kyverno MutatingPolicy's targetMatchConstraints [mpol]", () => {
  const namespaces = "    resourceRules:\n      - { apiGroups: [''], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [namespaces] }";
  const secrets = "    resourceRules:\n      - { apiGroups: [''], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [secrets] }";
  const expression = "    expression: \"[resource.Get('v1', 'namespaces', '', 'app')]\"\n" + namespaces;

  it('targets that decide traffic (namespaces) fail the invariant closed, though the trigger (a ConfigMap) decides none', async () => {
    expect((await checkManifests(DB + DB_ACCESS + REQUEST, APP_NEVER_DB)).code).toBe(0);
    for (const kind of ['MutatingPolicy', 'NamespacedMutatingPolicy']) {
      const r = await checkManifests(DB + DB_ACCESS + REQUEST + grantDbAccess(namespaces, kind), APP_NEVER_DB);
      expect(r.code, kind).toBe(1);
      expect(r.stdout, kind).toMatch(new RegExp(`${kind} (app/)?grant-db-access: not analysed`));
      expect(r.stderr, kind).toMatch(/its mutations are not applied, and it matches namespaces, which decide what traffic is allowed: .*RD011/);
    }
  });

  it('targets a CEL expression resolves may be of any resource: the invariant fails closed', async () => {
    const r = await checkManifests(DB + DB_ACCESS + REQUEST + grantDbAccess(expression), APP_NEVER_DB);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/MutatingPolicy grant-db-access: not analysed/);
  });

  it('targets that decide no traffic (secrets) leave the verdict as it is', async () => {
    expect((await checkManifests(DB + DB_ACCESS + REQUEST + grantDbAccess(secrets), APP_NEVER_DB)).code).toBe(0);
  });
});

/**
 * [generate]: https://kyverno.io/docs/policy-types/cluster-policy/generate/ (a
 * generate rule creates objects of any kind the background controller may
 * create; kyverno/kyverno charts/kyverno/templates/background-controller/clusterrole.yaml
 * lets it create kyverno.io policies and clusterpolicies)
 */
describe('a Kyverno policy a generate rule creates [generate]', () => {
  const SHOP = namespace('shop') + deployment('shop', 'web', { app: 'web' }, [{ port: 80 }]);
  const OPEN = 'invariants:\n  - name: web open\n    always: { from: { namespace: shop }, to: { workload: shop/web } }\n';
  /** A ClusterPolicy generating, into namespace shop, a Policy whose only rule is `rule` (YAML, indented for its place). */
  const tenantPolicy = (rule: string) => `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: { name: gen-policy }
spec:
  rules:
    - name: gen
      match: { any: [{ resources: { kinds: [Namespace], names: [shop] } }] }
      generate:
        generateExisting: true
        apiVersion: kyverno.io/v1
        kind: Policy
        name: tenant-netpol
        namespace: "{{request.object.metadata.name}}"
        data:
          spec:
            rules:
${rule}---
`;
  const denyAll = `              - name: deny
                match: { any: [{ resources: { kinds: [Pod] } }] }
                generate:
                  generateExisting: true
                  apiVersion: networking.k8s.io/v1
                  kind: NetworkPolicy
                  name: deny-all
                  namespace: shop
                  data: { spec: { podSelector: {}, policyTypes: [Ingress] } }
`;
  const relabel = (labels: string) => `              - name: relabel
                match: { any: [{ resources: { kinds: [Pod] } }] }
                mutate:
                  patchStrategicMerge:
                    metadata: { ${labels} }
`;

  it('with generate rules, is not expanded in turn: the invariants on its namespace fail closed', async () => {
    expect((await checkManifests(SHOP, OPEN)).code).toBe(0);
    const r = await checkManifests(SHOP + tenantPolicy(denyAll), OPEN);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Policy shop\/tenant-netpol: not analysed/);
    expect(r.stderr).toMatch(/Policy shop\/tenant-netpol generated by ClusterPolicy gen-policy, rule gen .* is not expanded: its generate rules are not expanded in turn.*\[RD041\]/);
  });

  it('with mutate rules, is reported as a written one is: a relabelling of pods fails closed, a new annotation does not', async () => {
    const r = await checkManifests(SHOP + tenantPolicy(relabel('labels: { app: other }')), OPEN);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Policy shop\/tenant-netpol \(kyverno\.io\/v1\) generated by ClusterPolicy gen-policy, rule gen .* is not analysed: its mutate rule relabel is not applied.*\[RD011\]/);
    expect((await checkManifests(SHOP + tenantPolicy(relabel('annotations: { team: shop }')), OPEN)).code).toBe(0);
  });
});

/**
 * [mutate]: https://kyverno.io/docs/policy-types/cluster-policy/mutate/ and the
 * Kyverno library's "Add Linkerd Mesh Injection" (kyverno/policies
 * linkerd/add-linkerd-mesh-injection), which adds linkerd.io/inject: enabled to
 * every Namespace; https://linkerd.io/2/common-errors/network-policy (meshed
 * traffic arrives on the proxy's port 4143); the OpenTelemetry Operator's
 * sidecar.opentelemetry.io/inject (github.com/open-telemetry/opentelemetry-operator
 * README, sidecar injection); Gatekeeper's AssignMetadata
 * (https://open-policy-agent.github.io/gatekeeper/website/docs/mutation).
 */
describe('a mutation writing an annotation reachdiff reads to decide traffic [mutate]', () => {
  const APPS = namespace('shop') + deployment('shop', 'web', { app: 'web' }, [{ port: 80 }]) + deployment('shop', 'api', { app: 'api' }, [{ port: 8080 }]);
  const API_FROM_WEB = policy('shop', 'api-from-web', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 8080, protocol: 'TCP' }] }] });
  const REACHES = 'invariants:\n  - name: web reaches api\n    always: { from: { workload: shop/web }, to: { workload: shop/api }, ports: [TCP/8080] }\n';
  const onNamespaces = (mutate: string) => `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: { name: add-annotation }
spec:
  rules:
    - name: annotate
      match: { any: [{ resources: { kinds: [Namespace] } }] }
      mutate:
${mutate}---
`;
  const merge = (key: string, value: string) => `        patchStrategicMerge:\n          metadata:\n            annotations:\n              ${key}: "${value}"\n`;

  it('linkerd.io/inject or sidecar.opentelemetry.io/inject added to Namespaces fails the invariant closed, as the annotation written by hand does', async () => {
    expect((await checkManifests(APPS + API_FROM_WEB, REACHES)).code).toBe(0);
    const byHand = await checkManifests(APPS.replace('name: shop\n', 'name: shop\n  annotations: { linkerd.io/inject: enabled }\n') + API_FROM_WEB, REACHES);
    expect(byHand.code).toBe(1);
    for (const [key, value] of [['linkerd.io/inject', 'enabled'], ['sidecar.opentelemetry.io/inject', 'true']] as const) {
      const r = await checkManifests(APPS + API_FROM_WEB + onNamespaces(merge(key, value)), REACHES);
      expect(r.code, key).toBe(1);
      expect(r.stdout, key).toMatch(/ClusterPolicy add-annotation: not analysed/);
    }
  });

  it('so does a JSON patch whose path writes the key escaped', async () => {
    const patch = "        patchesJson6902: |-\n          - op: add\n            path: /metadata/annotations/linkerd.io~1inject\n            value: enabled\n";
    expect((await checkManifests(APPS + API_FROM_WEB + onNamespaces(patch), REACHES)).code).toBe(1);
  });

  it('another annotation does not', async () => {
    expect((await checkManifests(APPS + API_FROM_WEB + onNamespaces(merge('team', 'shop')), REACHES)).code).toBe(0);
  });

  it("a Gatekeeper AssignMetadata of linkerd.io/inject is not analysed either", async () => {
    const assign = `apiVersion: mutations.gatekeeper.sh/v1
kind: AssignMetadata
metadata: { name: mesh-namespaces }
spec:
  match: { scope: Cluster, kinds: [{ apiGroups: ['*'], kinds: [Namespace] }] }
  location: 'metadata.annotations."linkerd.io/inject"'
  parameters: { assign: { value: enabled } }
---
`;
    const r = await checkManifests(APPS + API_FROM_WEB + assign, REACHES);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/AssignMetadata mesh-namespaces: not analysed/);
  });
});

/**
 * [mpol] above, https://kyverno.io/docs/policy-types/deleting-policy/, and
 * https://prometheus-operator.dev/docs/api-reference/api/ (EmbeddedObjectMetadata:
 * a Prometheus's podMetadata labels are propagated to its pods): Kyverno's CEL
 * policies on the resources of every kind reachdiff reads.
 */
describe("Kyverno's CEL policies on the kinds reachdiff reads [mpol]", () => {
  const MONITORING = namespace('monitoring') + namespace('shop') + 'apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata: { name: k8s, namespace: monitoring }\nspec: { replicas: 1 }\n---\n';
  const SCRAPERS = policy('shop', 'allow-scrapers', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: {}, podSelector: { matchLabels: { scraper: 'true' } } }] }] });
  const NEVER = 'invariants:\n  - name: monitoring never reaches db\n    never: { from: { namespace: monitoring }, to: { workload: shop/db } }\n';
  const cel = (kind: string, group: string, resources: string) =>
    `apiVersion: policies.kyverno.io/v1\nkind: ${kind}\nmetadata: { name: p }\nspec:\n  matchConstraints:\n    resourceRules: [{ apiGroups: ['${group}'], apiVersions: ['*'], operations: [CREATE, UPDATE], resources: [${resources}] }]\n---\n`;

  it('a MutatingPolicy or DeletingPolicy on prometheus-operator resources, routes or listener sets fails the invariant closed', async () => {
    const base = MONITORING + SCRAPERS + deployment('shop', 'db', { app: 'db' }, [{ port: 5432 }]);
    expect((await checkManifests(base, NEVER)).code).toBe(0);
    for (const [kind, group, resources] of [
      ['MutatingPolicy', 'monitoring.coreos.com', 'prometheuses'],
      ['MutatingPolicy', 'monitoring.coreos.com', 'alertmanagers'],
      ['DeletingPolicy', 'route.openshift.io', 'routes'],
      ['DeletingPolicy', 'gateway.networking.k8s.io', 'tlsroutes'],
      ['MutatingPolicy', 'gateway.networking.k8s.io', 'listenersets'],
    ] as const) {
      const r = await checkManifests(base + cel(kind, group, resources), NEVER);
      expect(r.code, `${kind} ${resources}`).toBe(1);
      expect(r.stdout, `${kind} ${resources}`).toMatch(new RegExp(`${kind} p: not analysed`));
    }
    expect((await checkManifests(base + cel('MutatingPolicy', 'monitoring.coreos.com', 'servicemonitors'), NEVER)).code).toBe(0);
  });
});

/**
 * [generate] above: a generate rule acts on every admission request it
 * matches, those of the StatefulSet and pods prometheus-operator makes for a
 * Prometheus too (https://prometheus-operator.dev/docs/api-reference/api/,
 * EmbeddedObjectMetadata: podMetadata labels are propagated to its pods).
 */
describe("a generate rule on Pods, where an operator's resource is analysed as the pods it makes [generate]", () => {
  const STATE = namespace('monitoring') + namespace('shop') + 'apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata: { name: k8s, namespace: monitoring }\nspec:\n  replicas: 1\n  podMetadata: { labels: { isolate: "true" } }\n---\n' + deployment('shop', 'web', { app: 'web' }, [{ port: 80 }]);
  const isolate = (kinds: string) => `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: { name: isolate-labelled-pods }
spec:
  rules:
    - name: deny-ingress
      match: { any: [{ resources: { kinds: [${kinds}], selector: { matchLabels: { isolate: "true" } } } }] }
      generate:
        generateExisting: true
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        name: isolate-labelled
        namespace: "{{request.object.metadata.namespace}}"
        data: { spec: { podSelector: { matchLabels: { isolate: "true" } }, policyTypes: [Ingress] } }
---
`;
  const REACHES = 'invariants:\n  - name: web reaches prometheus\n    always: { from: { workload: shop/web }, to: { namespace: monitoring }, ports: [TCP/9090] }\n';

  it('fails the invariants on its namespace closed, and is not said to generate nothing', async () => {
    expect((await checkManifests(STATE, REACHES)).code).toBe(0);
    for (const kinds of ['Pod', 'StatefulSet']) {
      const r = await checkManifests(STATE + isolate(kinds), REACHES);
      expect(r.code, kinds).toBe(1);
      expect(r.stdout, kinds).toMatch(/ClusterPolicy isolate-labelled-pods: not analysed/);
      expect(r.stderr, kinds).toMatch(/what it generates for the pods and StatefulSets of Prometheus monitoring\/k8s is not analysed.*\[RD041\]/);
      expect(r.stderr, kinds).not.toMatch(/RD140/);
    }
  });

  it('not on a namespace without such resources', async () => {
    const elsewhere = 'invariants:\n  - name: shop reaches web\n    always: { from: { namespace: shop }, to: { workload: shop/web } }\n';
    expect((await checkManifests(STATE + isolate('Pod'), elsewhere)).code).toBe(0);
  });
});
