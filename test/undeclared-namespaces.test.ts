/**
 * A namespace that workloads or policies name but neither the manifests nor
 * the config declare is modelled with its name's label alone
 * (kubernetes.io/metadata.name, which the API server sets: Kubernetes
 * docs, "Namespaces", Automatic labelling). The cluster's namespace may
 * carry other labels, so a selector of namespaces that reads them may pick
 * its pods or not: invariants on the pairs it decides fail closed, and
 * declaring the namespace makes the verdict exact again.
 */
import { describe, expect, it } from 'vitest';
import { checkManifests, deployment, namespace, policy } from './helpers.js';

const APPS = deployment('web', 'frontend', { app: 'frontend' }) + deployment('data', 'db', { app: 'db' }, [{ port: 5432 }]);
const NEVER = 'invariants:\n  - name: frontend never reaches db\n    never: { from: { workload: web/frontend }, to: { workload: data/db } }\n';
const ALWAYS = 'invariants:\n  - name: frontend reaches db\n    always: { from: { workload: web/frontend }, to: { workload: data/db } }\n';
// kubernetes.io/docs/concepts/services-networking/network-policies: a namespaceSelector picks namespaces by their labels
const fromNamespaces = (selector: Record<string, unknown>) => policy('data', 'db-ingress', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: selector }] }] });
const PROD = fromNamespaces({ matchLabels: { environment: 'prod' } });

describe('selectors of namespaces on namespaces nobody declares', () => {
  it('a never invariant fails closed where the source namespace may carry the label a namespaceSelector reads', async () => {
    const r = await checkManifests(APPS + PROD, NEVER);
    expect(r.stdout).toMatch(/FAIL violated: frontend never reaches db/);
    expect(r.stdout).toMatch(/NetworkPolicy data\/db-ingress ingress\[0\]: its namespaceSelector reads environment of namespaces, and namespaces data, web, which neither the manifests nor the config's outside\.namespaces declare/);
    expect(r.code).toBe(1);
  });

  it('declared, in the manifests or under outside.namespaces, the namespace decides', async () => {
    const declared = await checkManifests(namespace('web', { team: 'shop' }) + namespace('data') + APPS + PROD, NEVER);
    expect(declared.stdout).toMatch(/ok holds: frontend never reaches db/);
    expect(declared.code).toBe(0);
    const outside = await checkManifests(APPS + PROD, `${NEVER}outside:\n  namespaces:\n    - name: web\n      labels: { team: shop }\n    - name: data\n`);
    expect(outside.stdout).toMatch(/ok holds: frontend never reaches db/);
    // where it carries the label, the path is open and the invariant broken, exactly
    const prod = await checkManifests(namespace('web', { environment: 'prod' }) + namespace('data') + APPS + PROD, NEVER);
    expect(prod.stdout).toMatch(/FAIL violated: frontend never reaches db.*\n\s+web\/frontend\[Deployment\] => data\/db\[Deployment\] : All Connections\n/);
  });

  it('a namespaceSelector on the name label alone is exact', async () => {
    const r = await checkManifests(APPS + fromNamespaces({ matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } }), NEVER);
    expect(r.stdout).toMatch(/ok holds: frontend never reaches db/);
    expect(r.code).toBe(0);
    // nor does a name that rules the namespace out leave room, whatever else it reads
    const named = await checkManifests(APPS + fromNamespaces({ matchLabels: { 'kubernetes.io/metadata.name': 'monitoring', environment: 'prod' } }), NEVER);
    expect(named.stdout).toMatch(/ok holds: frontend never reaches db/);
  });

  it('an always invariant fails closed where the selector picks the namespace only for want of a label', async () => {
    const notProd = fromNamespaces({ matchExpressions: [{ key: 'environment', operator: 'NotIn', values: ['prod'] }] });
    const r = await checkManifests(APPS + notProd, ALWAYS);
    expect(r.stdout).toMatch(/FAIL violated: frontend reaches db/);
    expect(r.stdout).toMatch(/its namespaceSelector reads environment of namespaces/);
    const declared = await checkManifests(namespace('web') + namespace('data') + APPS + notProd, ALWAYS);
    expect(declared.stdout).toMatch(/ok holds: frontend reaches db/);
  });

  // network-policy-api, AdminNetworkPolicy: a namespaces peer selects namespaces by label
  // (https://network-policy-api.sigs.k8s.io/reference/spec/#policy.networking.k8s.io/v1alpha1.AdminNetworkPolicyIngressPeer)
  it("an admin policy's namespaces peer, and its subject", async () => {
    const deny = policy('data', 'default-deny', { podSelector: {}, policyTypes: ['Ingress'] });
    const anp = (subject: string, peer: string) =>
      `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: platform}\nspec:\n  priority: 10\n  subject: ${subject}\n  ingress:\n  - name: monitoring\n    action: Allow\n    from:\n    - namespaces: ${peer}\n---\n`;
    const peer = await checkManifests(APPS + deny + anp('{namespaces: {}}', '{matchLabels: {platform.example.com/monitoring: "true"}}'), NEVER);
    expect(peer.stdout).toMatch(/FAIL violated: frontend never reaches db/);
    expect(peer.stdout).toMatch(/AdminNetworkPolicy platform .*its namespaces peer reads platform\.example\.com\/monitoring of namespaces/);
    // the subject: which namespaces the policy holds is not known, so neither is what it decides there
    const subject = await checkManifests(APPS + deny + anp('{namespaces: {matchLabels: {tier: data}}}', '{}'), NEVER);
    expect(subject.stdout).toMatch(/FAIL violated: frontend never reaches db/);
    expect(subject.stdout).toMatch(/AdminNetworkPolicy platform: its subject reads tier of namespaces/);
    const declared = await checkManifests(namespace('web') + namespace('data') + APPS + deny + anp('{namespaces: {matchLabels: {tier: data}}}', '{}'), NEVER);
    expect(declared.stdout).toMatch(/ok holds: frontend never reaches db/);
  });

  it("an admin policy's subject that reads a controller's label too keeps both reasons", async () => {
    const anp = `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: platform}\nspec:\n  priority: 10\n  subject: {pods: {namespaceSelector: {matchLabels: {tier: data}}, podSelector: {matchLabels: {pod-template-hash: abc}}}}\n  ingress:\n  - name: none\n    action: Deny\n    from: [{namespaces: {}}]\n---\n`;
    const r = await checkManifests(APPS + anp, ALWAYS);
    expect(r.stdout).toMatch(/FAIL violated: frontend reaches db/);
    expect(r.stdout).toMatch(/its subject reads pod-template-hash.*; its subject reads tier of namespaces/);
  });

  // docs.cilium.io, Layer 3 policies, "Namespace labels": io.cilium.k8s.namespace.labels.<key> selects by the namespace's labels
  it('a Cilium selector on namespace labels', async () => {
    const cnp = `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: db-ingress, namespace: data}\nspec:\n  endpointSelector: {matchLabels: {app: db}}\n  ingress:\n  - fromEndpoints:\n    - matchLabels: {k8s:io.cilium.k8s.namespace.labels.tier: trusted, k8s:io.kubernetes.pod.namespace: web}\n---\n`;
    const r = await checkManifests(APPS + cnp, NEVER);
    expect(r.stdout).toMatch(/FAIL violated: frontend never reaches db/);
    expect(r.stdout).toMatch(/CiliumNetworkPolicy data\/db-ingress ingress\[0\]: its endpoint selector reads tier of namespaces, and namespace web/);
    const declared = await checkManifests(namespace('web', { tier: 'untrusted' }) + APPS + cnp, NEVER);
    expect(declared.stdout).toMatch(/ok holds: frontend never reaches db/);
  });

  // docs.tigera.io, Calico NetworkPolicy reference, EntityRule: namespaceSelector selects namespaces by their labels,
  // projectcalico.org/name by their names; GlobalNetworkPolicy: namespaceSelector picks the namespaces whose pods it holds
  it('Calico: a namespaceSelector over labels, a GlobalNetworkPolicy held so, and one over names', async () => {
    const calico = (selector: string) =>
      `apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: db-ingress, namespace: data}\nspec:\n  selector: app == 'db'\n  types: [Ingress]\n  ingress:\n  - action: Allow\n    source: {namespaceSelector: "${selector}"}\n---\n`;
    const labels = await checkManifests(APPS + calico("environment == 'prod'"), NEVER);
    expect(labels.stdout).toMatch(/FAIL violated: frontend never reaches db/);
    expect(labels.stdout).toMatch(/CalicoNetworkPolicy data\/db-ingress ingress\[0\]: .*its source namespaceSelector reads environment of namespaces, and namespaces data, web/);
    expect((await checkManifests(namespace('web') + namespace('data') + APPS + calico("environment == 'prod'"), NEVER)).stdout).toMatch(/ok holds: frontend never reaches db/);
    const byName = await checkManifests(APPS + calico("projectcalico.org/name == 'monitoring'"), NEVER);
    expect(byName.stdout).toMatch(/ok holds: frontend never reaches db/);
    const gnp = `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: data-closed}\nspec:\n  namespaceSelector: tier == 'data'\n  selector: all()\n  types: [Ingress]\n---\n`;
    // shown open, the path may be closed: data may be a namespace the policy holds
    const subject = await checkManifests(APPS + gnp, ALWAYS);
    expect(subject.stdout).toMatch(/FAIL violated: frontend reaches db/);
    expect(subject.stdout).toMatch(/GlobalNetworkPolicy data-closed: its namespaceSelector reads tier of namespaces/);
    expect((await checkManifests(namespace('web') + namespace('data', { tier: 'other' }) + APPS + gnp, ALWAYS)).stdout).toMatch(/ok holds: frontend reaches db/);
  });

  // docs.tigera.io, GlobalNetworkPolicy: a rule's destination namespaceSelector (ingress) narrows the policy's own pods it applies to
  it("Calico: a rule's own namespaceSelector may apply to the policy's pods in a namespace nobody declares", async () => {
    const edge = `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: edge}\nspec:\n  selector: all()\n  types: [Ingress]\n  ingress:\n  - action: Allow\n    source: {nets: [0.0.0.0/0]}\n    destination: {namespaceSelector: exposure == 'public'}\n---\n`;
    const external = 'invariants:\n  - name: nothing external reaches db\n    never: { from: { cidr: 0.0.0.0/0 }, to: { workload: data/db } }\n';
    const r = await checkManifests(namespace('web') + APPS + edge, external);
    expect(r.stdout).toMatch(/FAIL violated: nothing external reaches db/);
    expect(r.stdout).toMatch(/GlobalNetworkPolicy edge: a rule's own namespaceSelector reads exposure of namespaces, and namespace data/);
    expect((await checkManifests(namespace('web') + namespace('data') + APPS + edge, external)).stdout).toMatch(/ok holds: nothing external reaches db/);
  });

  it("an invariant's own namespaceLabels on a namespace nobody declares: its pods may be those it picks", async () => {
    const byLabels = 'invariants:\n  - name: nothing untrusted reaches db\n    never: { from: { namespaceLabels: { team: untrusted } }, to: { workload: data/db } }\n';
    // lab is declared untrusted, and kept from db; web is not declared
    const lab = namespace('lab', { team: 'untrusted' }) + deployment('lab', 'tool', { app: 'tool' });
    const r = await checkManifests(lab + APPS + PROD, byLabels);
    expect(r.stdout).toMatch(/FAIL violated: nothing untrusted reaches db/);
    expect(r.stdout).toMatch(/pods of namespace web.*namespace web, which neither the manifests nor the config's outside\.namespaces declare, may carry labels other than kubernetes\.io\/metadata\.name/);
    // declared, the namespace is picked or not by what it carries
    expect((await checkManifests(lab + namespace('web', { team: 'shop' }) + namespace('data') + APPS + PROD, byLabels)).stdout).toMatch(/ok holds: nothing untrusted reaches db/);
    // on the name label alone, it is exact
    const byName = 'invariants:\n  - name: nothing of lab reaches db\n    never: { from: { namespaceLabels: { kubernetes.io/metadata.name: lab } }, to: { workload: data/db } }\n';
    const closed = policy('data', 'closed', { podSelector: {}, policyTypes: ['Ingress'] });
    expect((await checkManifests(APPS + deployment('lab', 'tool', { app: 'tool' }) + closed, byName)).stdout).toMatch(/ok holds: nothing of lab reaches db/);
  });

  // docs.tigera.io, Calico selectors: a pod's namespace's labels are pcns.-prefixed labels of the pod to a selector
  it('Calico: a selector on pcns. labels reads the labels of the namespace the pod runs in', async () => {
    const gnp = `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: db}\nspec:\n  selector: app == 'db'\n  types: [Ingress]\n  ingress:\n  - action: Allow\n    source: {selector: "pcns.team == 'trusted'"}\n---\n`;
    const r = await checkManifests(namespace('data') + APPS + gnp, NEVER);
    expect(r.stdout).toMatch(/FAIL violated: frontend never reaches db/);
    expect(r.stdout).toMatch(/GlobalNetworkPolicy db ingress\[0\]: .*its source selector reads team of namespaces, and namespace web/);
    expect((await checkManifests(namespace('data') + namespace('web', { team: 'shop' }) + APPS + gnp, NEVER)).stdout).toMatch(/ok holds: frontend never reaches db/);
  });

  it('pods present or future: a namespace made for a representative has the labels chosen for it, and is not doubted', async () => {
    const future = 'invariants:\n  - name: no frontend reaches db\n    never: { from: { anyNamespace: true, labels: { app: frontend } }, to: { workload: data/db } }\n';
    const r = await checkManifests(namespace('web') + APPS + PROD, future);
    // a new namespace labelled environment: prod is a witness, exactly
    expect(r.stdout).toMatch(/FAIL violated: no frontend reaches db.*\n\s+\[namespace with \{environment=prod\}\]\/\[pod with \{app=frontend\}\] => data\/db\[Deployment\] : All Connections\n/);
    // db's namespace is not declared: its own pods may carry its label; the namespaces made for representatives are not named
    expect(r.stdout).toMatch(/namespace data, which neither the manifests nor the config's outside\.namespaces declare/);
    expect(r.stdout).not.toMatch(/new namespace/);
  });
});
