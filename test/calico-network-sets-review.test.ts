/**
 * Calico rules and network sets the manifests may not hold (outside.networkSets,
 * true unless the config says false), beyond a rule's `selector`
 * (test/review-calico-outside-objects.test.ts): a rule's selector, and so
 * the IP set Felix matches it by, includes "the CIDRs from any network sets
 * that match the selector"
 * (docs.tigera.io/calico/latest/reference/resources/globalnetworkset).
 */
import { describe, expect, it } from 'vitest';
import { checkManifests } from './helpers.js';

const deploy = (namespace: string, name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: ${name}, namespace: ${namespace} }\nspec:\n  selector: { matchLabels: { app: ${name} } }\n  template:\n    metadata: { labels: { app: ${name} } }\n    spec: { containers: [{ name: c, image: x, ports: [{ containerPort: 80 }] }] }\n---\n`;
const egress = (kind: 'GlobalNetworkPolicy' | 'NetworkPolicy', rules: string) =>
  `apiVersion: projectcalico.org/v3\nkind: ${kind}\nmetadata: { name: egress-guard${kind === 'NetworkPolicy' ? ', namespace: web' : ''} }\nspec:\n  order: 10\n  selector: app == 'frontend'\n  types: [Egress]\n  egress:\n${rules}---\n`;
const APPS = deploy('web', 'frontend') + deploy('data', 'db');
const NO_SETS = 'outside:\n  networkSets: false\n';
const NEVER_INTERNET = 'invariants:\n  - name: frontend never reaches the internet\n    never: { from: { workload: web/frontend }, to: internet }\n';
const NEVER_DB = 'invariants:\n  - name: frontend never reaches db\n    never: { from: { workload: web/frontend }, to: { workload: data/db } }\n';
const ALWAYS_PARTNER = 'invariants:\n  - name: frontend reaches the partner\n    always: { from: { workload: web/frontend }, to: { cidr: 198.51.100.10/32 }, ports: [TCP/443] }\n';

/**
 * A notSelector is "not in the IP set of the selector": rules.go
 * (libcalico-go/lib/backend/syncersv1/updateprocessors, RuleAPIV3ToBackend)
 * passes it on unscoped as NotSrcSelector/NotDstSelector, and the IP set
 * holds the CIDRs of the GlobalNetworkSets and NetworkSets it matches, so
 * it takes their addresses out of what the rule matches.
 */
describe('a Calico notSelector and network sets the manifests may not hold', () => {
  // everything but the approved endpoints is denied; a GlobalNetworkSet labelled egress-approved is let through in the cluster
  const GUARD = "    - action: Deny\n      destination: { notSelector: \"egress-approved == 'true'\" }\n    - action: Allow\n";

  it('a Deny may leave the addresses of approved network sets to the Allow after it: a never invariant to the internet fails closed', async () => {
    const r = await checkManifests(APPS + egress('GlobalNetworkPolicy', GUARD), NEVER_INTERNET);
    expect(r.stdout).toMatch(/FAIL violated: frontend never reaches the internet/);
    expect(r.stdout).toContain("notSelector egress-approved == 'true' also takes out the addresses of the GlobalNetworkSets and NetworkSets of any namespace it matches");
    expect(r.code).toBe(1);
  });

  it('the pods it takes out are exact: a never invariant between two workloads holds', async () => {
    const r = await checkManifests(APPS + egress('GlobalNetworkPolicy', GUARD), NEVER_DB);
    expect(r.stdout).toMatch(/ok\s+holds: frontend never reaches db/);
    expect(r.code).toBe(0);
  });

  it('where no network set lives outside the manifests (outside.networkSets: false), it is exact: the invariant holds', async () => {
    const r = await checkManifests(APPS + egress('GlobalNetworkPolicy', GUARD), NEVER_INTERNET + NO_SETS);
    expect(r.stdout).toMatch(/ok\s+holds: frontend never reaches the internet/);
    expect(r.code).toBe(0);
  });

  it('an Allow may match fewer addresses than shown: an always invariant to an address fails closed, and holds without outside network sets', async () => {
    const rules = "    - action: Allow\n      destination: { notSelector: \"blocked == 'true'\" }\n";
    const r = await checkManifests(APPS + egress('GlobalNetworkPolicy', rules), ALWAYS_PARTNER);
    expect(r.stdout).toMatch(/FAIL violated: frontend reaches the partner/);
    expect(r.stdout).toContain('could close it');
    expect(r.stdout).toContain("notSelector blocked == 'true' also takes out the addresses");
    const exact = await checkManifests(APPS + egress('GlobalNetworkPolicy', rules), ALWAYS_PARTNER + NO_SETS);
    expect(exact.stdout).toMatch(/ok\s+holds: frontend reaches the partner/);
  });

  it("in a NetworkPolicy, whose notSelector brings the namespace with it, the Deny takes no external address: the path is open, as before", async () => {
    const r = await checkManifests(APPS + egress('NetworkPolicy', GUARD), NEVER_INTERNET);
    expect(r.stdout).toMatch(/FAIL violated: frontend never reaches the internet/);
    expect(r.stdout).toContain('allowed by CalicoNetworkPolicy web/egress-guard egress rule 1');
    expect(r.stdout).not.toContain('also takes out the addresses');
  });
});

/**
 * A rule's serviceAccounts selector is a selector like any other over
 * every labelled endpoint, network sets included, with its keys prefixed
 * `pcsa.`: libcalico-go/lib/backend/syncersv1/updateprocessors/rules.go,
 * parseServiceAccounts (`parseSelectorAttachPrefix(sam.Selector,
 * conversion.ServiceAccountLabelPrefix)`, names as
 * `projectcalico.org/serviceaccount in {...}`) and getEndpointSelector. A
 * network set carries its own labels and projectcalico.org/namespace, and
 * inherits its namespace's profile only
 * (libcalico-go/lib/backend/syncersv1/updateprocessors/networksetprocessor.go):
 * no `pcsa.` label, so a selector that an endpoint without labels passes
 * matches every network set.
 */
describe('a Calico serviceAccounts selector and network sets the manifests may not hold', () => {
  const TO = (accounts: string, action = 'Allow') => `    - action: ${action}\n      destination: { serviceAccounts: ${accounts} }\n`;
  const NEVER_CIDR = 'invariants:\n  - name: frontend never reaches 198.51.100.0/24\n    never: { from: { workload: web/frontend }, to: { cidr: 198.51.100.0/24 } }\n';

  it('a negated selector matches every network set: a never invariant to an address fails closed', async () => {
    for (const selector of ['!has(restricted)', "tier != 'x'", "tier not in {'x'}", 'all()']) {
      const r = await checkManifests(APPS + egress('GlobalNetworkPolicy', TO(`{ selector: "${selector}" }`)), NEVER_CIDR);
      expect(r.stdout, selector).toMatch(/FAIL violated: frontend never reaches 198\.51\.100\.0\/24/);
      expect(r.stdout, selector).toContain(`serviceAccounts selector ${selector}, which an endpoint without a service account matches, may match GlobalNetworkSets and NetworkSets of any namespace`);
      expect(r.code, selector).toBe(1);
    }
  });

  it('one of a NetworkPolicy matches the NetworkSets of its namespace', async () => {
    const r = await checkManifests(APPS + egress('NetworkPolicy', TO('{ selector: "!has(restricted)" }')), NEVER_CIDR);
    expect(r.stdout).toMatch(/FAIL violated: frontend never reaches 198\.51\.100\.0\/24/);
    expect(r.stdout).toContain('may match NetworkSets of namespace web');
  });

  it('a Deny may take addresses shown open: an always invariant to an address fails closed', async () => {
    const rules = TO('{ selector: "!has(trusted)" }', 'Deny') + '    - action: Allow\n';
    const r = await checkManifests(APPS + egress('GlobalNetworkPolicy', rules), ALWAYS_PARTNER);
    expect(r.stdout).toMatch(/FAIL violated: frontend reaches the partner/);
    expect(r.stdout).toContain('could close it');
  });

  it('names, or a selector that needs a label, match no network set: the invariant holds', async () => {
    for (const accounts of ['{ names: [proxy] }', '{ selector: "role == \'proxy\'" }', '{ selector: "!has(restricted)", names: [proxy] }', '{ selector: "has(role)" }']) {
      const r = await checkManifests(APPS + egress('GlobalNetworkPolicy', TO(accounts)), NEVER_CIDR);
      expect(r.stdout, accounts).toMatch(/ok\s+holds: frontend never reaches 198\.51\.100\.0\/24/);
      expect(r.code, accounts).toBe(0);
    }
  });

  it('where no network set lives outside the manifests (outside.networkSets: false), it is exact: the invariant holds', async () => {
    const r = await checkManifests(APPS + egress('GlobalNetworkPolicy', TO('{ selector: "!has(restricted)" }')), NEVER_CIDR + NO_SETS);
    expect(r.stdout).toMatch(/ok\s+holds: frontend never reaches 198\.51\.100\.0\/24/);
    expect(r.code).toBe(0);
  });
});
