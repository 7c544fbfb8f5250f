/**
 * Calico selectors that read objects the manifests may not hold. A
 * serviceAccounts selector matches the labels of the pods' ServiceAccounts
 * (docs.tigera.io/calico/latest/reference/resources/networkpolicy,
 * ServiceAccountMatch: "selector: ... matches service accounts' labels"):
 * where the manifests do not declare a pod's ServiceAccount (a chart or an
 * operator made it), its labels are not known, so whether the rule matches
 * that pod is not known either.
 */
import { describe, expect, it } from 'vitest';
import { checkManifests } from './helpers.js';

const deploy = (namespace: string, name: string, sa?: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: ${name}, namespace: ${namespace} }\nspec:\n  selector: { matchLabels: { app: ${name} } }\n  template:\n    metadata: { labels: { app: ${name} } }\n    spec: { ${sa ? `serviceAccountName: ${sa}, ` : ''}containers: [{ name: c, image: x, ports: [{ containerPort: 5432 }] }] }\n---\n`;
const account = (namespace: string, name: string, labels: string) => `apiVersion: v1\nkind: ServiceAccount\nmetadata: { name: ${name}, namespace: ${namespace}, labels: ${labels} }\n---\n`;
const dbIngress = (source: string) =>
  `apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: { name: db-ingress, namespace: data }\nspec:\n  selector: app == 'db'\n  types: [Ingress]\n  ingress:\n    - action: Allow\n      source: ${source}\n---\n`;
const NEVER = 'invariants:\n  - name: frontend never reaches db\n    never: { from: { workload: web/frontend }, to: { workload: data/db } }\n';
const ALWAYS = 'invariants:\n  - name: frontend reaches db\n    always: { from: { workload: web/frontend }, to: { workload: data/db }, ports: [TCP/5432] }\n';
const TRUSTED = dbIngress("{ namespaceSelector: all(), serviceAccounts: { selector: \"role == 'trusted'\" } }");

describe("a Calico serviceAccounts selector on a ServiceAccount the manifests do not declare", () => {
  it('fails a never invariant closed: the account may carry the label', async () => {
    const r = await checkManifests(deploy('web', 'frontend', 'fe') + deploy('data', 'db') + TRUSTED, NEVER);
    expect(r.stdout).toMatch(/FAIL violated: frontend never reaches db/);
    expect(r.stdout).toContain("its source serviceAccounts selector reads role of the pods' service accounts");
    expect(r.code).toBe(1);
  });

  it('a declared account is read exactly: without the label it holds, with it it is violated', async () => {
    const without = await checkManifests(deploy('web', 'frontend', 'fe') + account('web', 'fe', '{ role: other }') + deploy('data', 'db') + TRUSTED, NEVER);
    expect(without.stdout).toMatch(/ok\s+holds: frontend never reaches db/);
    expect(without.code).toBe(0);
    const labelled = await checkManifests(deploy('web', 'frontend', 'fe') + account('web', 'fe', '{ role: trusted }') + deploy('data', 'db') + TRUSTED, NEVER);
    expect(labelled.stdout).toMatch(/web\/frontend\[Deployment\] => data\/db\[Deployment\]/);
    expect(labelled.stdout).not.toContain('is shown closed');
  });

  it("the namespace's default account, which Kubernetes makes without labels, is read as having none", async () => {
    const r = await checkManifests(deploy('web', 'frontend') + deploy('data', 'db') + TRUSTED, NEVER);
    expect(r.stdout).toMatch(/ok\s+holds: frontend never reaches db/);
  });

  it('names are exact: a rule for account fe matches it, declared or not', async () => {
    const byName = dbIngress('{ namespaceSelector: all(), serviceAccounts: { names: [other] } }');
    const r = await checkManifests(deploy('web', 'frontend', 'fe') + deploy('data', 'db') + byName, NEVER);
    expect(r.stdout).toMatch(/ok\s+holds: frontend never reaches db/);
  });

  it('a negated selector shown to match may not: an always invariant fails closed', async () => {
    const notBlocked = dbIngress("{ namespaceSelector: all(), serviceAccounts: { selector: \"blocked != 'true'\" } }");
    const r = await checkManifests(deploy('web', 'frontend', 'fe') + deploy('data', 'db') + notBlocked, ALWAYS);
    expect(r.stdout).toMatch(/FAIL violated: frontend reaches db/);
    expect(r.stdout).toContain('could close it');
  });

  it("a selector on the rule's own side may apply to such pods of the policy: what the policy decides for them is doubted", async () => {
    const own =
      "apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: { name: db-ingress, namespace: data }\nspec:\n  selector: app == 'db'\n  types: [Ingress]\n  ingress:\n    - action: Allow\n      destination: { serviceAccounts: { selector: \"role == 'open'\" } }\n---\n";
    const r = await checkManifests(deploy('web', 'frontend') + deploy('data', 'db', 'db') + own, NEVER);
    expect(r.stdout).toMatch(/FAIL violated: frontend never reaches db/);
    expect(r.stdout).toMatch(/web\/frontend\[Deployment\] => data\/db\[Deployment\]/);
    const declared = await checkManifests(deploy('web', 'frontend') + deploy('data', 'db', 'db') + account('data', 'db', '{}') + own, NEVER);
    expect(declared.stdout).toMatch(/ok\s+holds: frontend never reaches db/);
  });

  // docs.tigera.io, Calico selectors: a service account's labels are pcsa.-prefixed labels of its pods to a selector
  it('a selector on pcsa. labels reads the labels of the pods\' service accounts', async () => {
    const viaPods = dbIngress('{ namespaceSelector: all(), selector: "pcsa.role == \'trusted\'" }');
    const r = await checkManifests(deploy('web', 'frontend', 'fe') + deploy('data', 'db') + viaPods, NEVER);
    expect(r.stdout).toMatch(/FAIL violated: frontend never reaches db/);
    expect(r.stdout).toContain("its source selector reads pcsa.role, labels of the pods' service accounts");
    const declared = await checkManifests(deploy('web', 'frontend', 'fe') + account('web', 'fe', '{}') + deploy('data', 'db') + viaPods, NEVER);
    expect(declared.stdout).toMatch(/ok\s+holds: frontend never reaches db/);
  });

  it("a policy's serviceAccountSelector may hold such pods or not", async () => {
    // frontend's egress: a GlobalNetworkPolicy for accounts role == 'locked' denies all; fe is not declared
    const locked =
      "apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: { name: locked }\nspec:\n  selector: all()\n  serviceAccountSelector: role == 'locked'\n  types: [Egress]\n  egress:\n    - action: Deny\n---\n";
    const r = await checkManifests(deploy('web', 'frontend', 'fe') + deploy('data', 'db') + locked, ALWAYS);
    expect(r.stdout).toMatch(/FAIL violated: frontend reaches db/);
    expect(r.stdout).toContain("its serviceAccountSelector reads role of the pods' service accounts");
    const declared = await checkManifests(deploy('web', 'frontend', 'fe') + account('web', 'fe', '{}') + deploy('data', 'db') + locked, ALWAYS);
    expect(declared.stdout).toMatch(/ok\s+holds: frontend reaches db/);
  });
});

/**
 * A rule's selector matches Calico network sets as well as pods: "When
 * Calico is calculating the set of IPs that should match a
 * source/destination selector within a global network policy rule ... it
 * includes the CIDRs from any network sets that match the selector"
 * (docs.tigera.io/calico/latest/reference/resources/globalnetworkset), and
 * a NetworkPolicy rule's selector those of the namespace's NetworkSets
 * (docs.tigera.io/calico/latest/reference/resources/networkset). Network
 * sets are often managed outside the repository, so such a rule may match
 * external addresses the manifests do not show.
 */
describe('a Calico rule selector and network sets the manifests may not hold', () => {
  const egress = (kind: string, rules: string) =>
    `apiVersion: projectcalico.org/v3\nkind: ${kind}\nmetadata: { name: egress${kind === 'NetworkPolicy' ? ', namespace: web' : ''} }\nspec:\n  selector: app == 'frontend'\n  types: [Egress]\n  egress:\n${rules}---\n`;
  const METADATA = 'invariants:\n  - name: no metadata\n    never: { from: { namespace: "*" }, to: { cidr: 169.254.169.254/32 } }\n';
  const PROXY = "    - action: Allow\n      destination: { selector: role == 'metadata-proxy' }\n    - action: Deny\n";

  it('an Allow of a GlobalNetworkPolicy may reach the addresses of GlobalNetworkSets: a never invariant to an address fails closed', async () => {
    const r = await checkManifests(deploy('web', 'frontend') + egress('GlobalNetworkPolicy', PROXY), METADATA);
    expect(r.stdout).toMatch(/FAIL violated: no metadata/);
    expect(r.stdout).toContain("selector role == 'metadata-proxy' may match GlobalNetworkSets and NetworkSets of any namespace");
    expect(r.code).toBe(1);
  });

  it('the config may say the cluster holds no network set but those of the manifests (outside.networkSets: false): it holds', async () => {
    const r = await checkManifests(deploy('web', 'frontend') + egress('GlobalNetworkPolicy', PROXY), `${METADATA}outside:\n  networkSets: false\n`);
    expect(r.stdout).toMatch(/ok\s+holds: no metadata/);
    expect(r.code).toBe(0);
    // a value other than true or false is an error
    const bad = await checkManifests(deploy('web', 'frontend') + egress('GlobalNetworkPolicy', PROXY), `${METADATA}outside:\n  networkSets: none\n`);
    expect(bad.stderr).toMatch(/outside\.networkSets must be true or false/);
    expect(bad.code).toBe(2);
  });

  it("an Allow of a NetworkPolicy may reach those of its namespace's NetworkSets", async () => {
    const r = await checkManifests(deploy('web', 'frontend') + egress('NetworkPolicy', PROXY), METADATA);
    expect(r.stdout).toMatch(/FAIL violated: no metadata/);
    expect(r.stdout).toContain('may match NetworkSets of namespace web');
  });

  it('a rule that names service accounts matches no network set: it holds', async () => {
    const rules = "    - action: Allow\n      destination: { selector: role == 'metadata-proxy', serviceAccounts: { names: [proxy] } }\n    - action: Deny\n";
    const r = await checkManifests(deploy('web', 'frontend') + egress('GlobalNetworkPolicy', rules), METADATA);
    expect(r.stdout).toMatch(/ok\s+holds: no metadata/);
  });

  it('pods stay exact: a never invariant between two workloads holds', async () => {
    const r = await checkManifests(deploy('web', 'frontend') + deploy('data', 'db') + egress('GlobalNetworkPolicy', PROXY), NEVER);
    expect(r.stdout).toMatch(/ok\s+holds: frontend never reaches db/);
  });

  it('a Deny may take more addresses: an always invariant to an address fails closed, a never one holds', async () => {
    const rules = "    - action: Deny\n      destination: { selector: role == 'blocked' }\n    - action: Allow\n      destination: { nets: [1.2.3.0/24] }\n";
    const always = 'invariants:\n  - name: frontend reaches the partner\n    always: { from: { workload: web/frontend }, to: { cidr: 1.2.3.4/32 }, ports: [TCP/443] }\n';
    const a = await checkManifests(deploy('web', 'frontend') + egress('GlobalNetworkPolicy', rules), always);
    expect(a.stdout).toMatch(/FAIL violated: frontend reaches the partner/);
    expect(a.stdout).toContain('could close it');
    const n = await checkManifests(deploy('web', 'frontend') + egress('GlobalNetworkPolicy', rules), METADATA);
    expect(n.stdout).toMatch(/ok\s+holds: no metadata/);
  });
});
