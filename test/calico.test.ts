/**
 * One test per rule of Calico's policy model (projectcalico.org/v3
 * NetworkPolicy, GlobalNetworkPolicy, Tier), named by the rule. The
 * references are the Calico reference pages (https://docs.tigera.io/calico/latest/
 * reference/resources/networkpolicy, .../globalnetworkpolicy, .../tier;
 * network-policy/policy-tiers/tiered-policy) and projectcalico/calico v3.32
 * code: api/pkg/apis/projectcalico/v3 (types and CEL rules),
 * api/pkg/defaults/networkpolicy.go, libcalico-go/lib/validator/v3/validator.go,
 * libcalico-go/lib/backend/syncersv1/updateprocessors (rules.go,
 * networkpolicyprocessor.go, globalnetworkpolicyprocessor.go),
 * libcalico-go/lib/backend/k8s/conversion (conversion.go,
 * workload_endpoint_default.go), felix/calc/policy_sorter.go and
 * felix/rules/endpoints.go.
 */
import { describe, expect, it } from 'vitest';
import type { Matrix } from '../src/engine/matrix.js';
import { diffMatrices } from '../src/change/diff.js';
import { explainChange } from '../src/change/explain.js';
import { lint } from '../src/check/lint.js';
import { conn, deployment, load, matrixOf, namespace, policy } from './helpers.js';

const ALL = 'All Connections';
const NONE = 'No Connections';

/** A Calico object of some kind (namespaced when ns is given). */
function calico(kind: string, name: string, spec: Record<string, unknown>, ns?: string, apiVersion = 'projectcalico.org/v3'): string {
  return `apiVersion: ${apiVersion}
kind: ${kind}
metadata:
  name: ${name}${ns !== undefined ? `\n  namespace: ${ns}` : ''}
spec: ${JSON.stringify(spec)}
---
`;
}

const np = (ns: string, name: string, spec: Record<string, unknown>) => calico('NetworkPolicy', name, spec, ns);
const gnp = (name: string, spec: Record<string, unknown>) => calico('GlobalNetworkPolicy', name, spec);
const tier = (name: string, spec: Record<string, unknown>) => calico('Tier', name, spec);

/** Pods with a service account: a Deployment whose template names one. */
function withServiceAccount(ns: string, name: string, labels: Record<string, string>, sa: string): string {
  return deployment(ns, name, labels).replace('    spec:\n      containers:', `    spec:\n      serviceAccountName: ${sa}\n      containers:`);
}

/** alpha (ns: alpha, team: red) with a, b, c; beta (ns: beta, team: blue) with a, b; b declares http as TCP 8080 and dns as UDP 53. */
const world = () =>
  namespace('alpha', { ns: 'alpha', team: 'red' }) +
  namespace('beta', { ns: 'beta', team: 'blue' }) +
  deployment('alpha', 'a', { app: 'a' }) +
  deployment('alpha', 'b', { app: 'b', tier: 'web' }, [{ name: 'http', port: 8080 }, { name: 'dns', port: 53, protocol: 'UDP' }]) +
  deployment('alpha', 'c', { app: 'c' }) +
  deployment('beta', 'a', { app: 'a' }) +
  deployment('beta', 'b', { app: 'b' }, [{ name: 'http', port: 9090 }]);

const XA = 'alpha/a[Deployment]';
const XB = 'alpha/b[Deployment]';
const XC = 'alpha/c[Deployment]';
const YA = 'beta/a[Deployment]';
const YB = 'beta/b[Deployment]';
const OUT = '8.8.8.8';

const warnings = (m: Matrix, code: string) => m.diagnostics.filter((d) => d.code === code);
const errors = (m: Matrix) => m.diagnostics.filter((d) => d.severity === 'error');

describe('Calico: which pods a policy holds', () => {
  it('a NetworkPolicy selects pods of its own namespace only (networkpolicyprocessor.go adds projectcalico.org/namespace == ns)', () => {
    const m = matrixOf(world() + np('alpha', 'deny-a', { selector: "app == 'a'" }));
    expect(conn(m, XB, XA)).toBe(NONE);
    expect(conn(m, XB, YA)).toBe(ALL);
  });

  it('an empty or missing selector is all(): every pod of the namespace', () => {
    const m = matrixOf(world() + np('alpha', 'deny-all', {}));
    for (const p of [XA, XB, XC]) expect(conn(m, YA, p)).toBe(NONE);
    expect(conn(m, XA, YA)).toBe(ALL);
  });

  it('a GlobalNetworkPolicy selects pods of every namespace', () => {
    const m = matrixOf(world() + gnp('deny-a', { selector: "app == 'a'" }));
    expect(conn(m, XB, XA)).toBe(NONE);
    expect(conn(m, XB, YA)).toBe(NONE);
    expect(conn(m, XA, XB)).toBe(ALL);
  });

  it("a GlobalNetworkPolicy's namespaceSelector picks namespaces by their labels and projectcalico.org/name (globalnetworkpolicyprocessor.go, pcns. labels)", () => {
    const byLabel = matrixOf(world() + gnp('deny-blue', { namespaceSelector: "team == 'blue'" }));
    expect(conn(byLabel, XA, YA)).toBe(NONE);
    expect(conn(byLabel, YA, XA)).toBe(ALL);
    const byName = matrixOf(world() + gnp('deny-y', { namespaceSelector: "projectcalico.org/name == 'beta'" }));
    expect(conn(byName, XA, YB)).toBe(NONE);
    expect(conn(byName, YA, XB)).toBe(ALL);
  });

  it("pods carry projectcalico.org/namespace and projectcalico.org/orchestrator == 'k8s' (workload_endpoint_default.go)", () => {
    const m = matrixOf(world() + gnp('deny', { selector: "projectcalico.org/namespace == 'beta' && projectcalico.org/orchestrator == 'k8s'" }));
    expect(conn(m, XA, YA)).toBe(NONE);
    expect(conn(m, YA, XA)).toBe(ALL);
  });

  it("a pod's selector sees its namespace's labels under pcns. (profile labels, calico-labels page)", () => {
    const m = matrixOf(world() + gnp('deny-red', { selector: "pcns.team == 'red' && app == 'b'" }));
    expect(conn(m, YA, XB)).toBe(NONE);
    expect(conn(m, XA, YB)).toBe(ALL);
  });

  it('serviceAccountSelector selects by the labels of the pods\' service account; projectcalico.org/serviceaccount is the account\'s name', () => {
    const sa = `apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: robot\n  namespace: alpha\n  labels: {role: batch}\n---\n`;
    const base = namespace('alpha') + withServiceAccount('alpha', 'job', { app: 'job' }, 'robot') + deployment('alpha', 'web', { app: 'web' });
    const bySelector = matrixOf(base + sa + np('alpha', 'deny-batch', { serviceAccountSelector: "role == 'batch'" }));
    expect(conn(bySelector, 'alpha/web[Deployment]', 'alpha/job[Deployment]')).toBe(NONE);
    expect(conn(bySelector, 'alpha/job[Deployment]', 'alpha/web[Deployment]')).toBe(ALL);
    const byName = matrixOf(base + gnp('deny-robot', { selector: "projectcalico.org/serviceaccount == 'robot'" }));
    expect(conn(byName, 'alpha/web[Deployment]', 'alpha/job[Deployment]')).toBe(NONE);
    const byDefault = matrixOf(base + gnp('deny-default', { selector: "projectcalico.org/serviceaccount == 'default'" }));
    expect(conn(byDefault, 'alpha/job[Deployment]', 'alpha/web[Deployment]')).toBe(NONE);
  });

  it('host-network pods are not workload endpoints: no Calico policy selects them', () => {
    const host = deployment('alpha', 'h', { app: 'a' }).replace('    spec:\n      containers:', '    spec:\n      hostNetwork: true\n      containers:');
    const m = matrixOf(world() + host + gnp('deny-a', { selector: "app == 'a'" }));
    expect(conn(m, XB, 'alpha/h[Deployment]')).toBe(ALL);
  });
});

describe('Calico: types', () => {
  it('types default to Ingress when there are no egress rules (api/pkg/defaults/networkpolicy.go)', () => {
    const m = matrixOf(world() + np('alpha', 'p', { selector: "app == 'a'", ingress: [{ action: 'Allow', source: { selector: "app == 'b'" } }] }));
    expect(conn(m, XC, XA)).toBe(NONE);
    expect(conn(m, XA, XC)).toBe(ALL);
  });

  it('types default to Egress alone when there are only egress rules', () => {
    const m = matrixOf(world() + np('alpha', 'p', { selector: "app == 'a'", egress: [{ action: 'Allow', destination: { selector: "app == 'b'" } }] }));
    expect(conn(m, XA, XC)).toBe(NONE);
    expect(conn(m, XA, XB)).toBe(ALL);
    expect(conn(m, XC, XA)).toBe(ALL);
  });

  it('types default to both when there are rules of both directions', () => {
    const m = matrixOf(world() + np('alpha', 'p', { selector: "app == 'a'", ingress: [{ action: 'Allow', source: { selector: "app == 'b'" } }], egress: [{ action: 'Allow', destination: { selector: "app == 'b'" } }] }));
    expect(conn(m, XC, XA)).toBe(NONE);
    expect(conn(m, XA, XC)).toBe(NONE);
  });

  it('rules of a direction that explicit types leave out are ignored', () => {
    const m = matrixOf(world() + np('alpha', 'p', { selector: "app == 'a'", types: ['Egress'], ingress: [{ action: 'Deny' }] }));
    expect(conn(m, XC, XA)).toBe(ALL);
    expect(conn(m, XA, XC)).toBe(NONE);
  });
});

describe('Calico: order of evaluation', () => {
  it('rules run in order and the first Allow or Deny is final (Rule section of the NetworkPolicy reference)', () => {
    const m = matrixOf(world() + np('alpha', 'p', { selector: "app == 'a'", ingress: [{ action: 'Deny', source: { selector: "app == 'b'" } }, { action: 'Allow' }] }));
    expect(conn(m, XB, XA)).toBe(NONE);
    expect(conn(m, XC, XA)).toBe(ALL);
  });

  it('a Log rule decides nothing: the next rule does', () => {
    const m = matrixOf(world() + np('alpha', 'p', { selector: "app == 'a'", ingress: [{ action: 'Log' }, { action: 'Deny', source: { selector: "app == 'b'" } }, { action: 'Allow' }] }));
    expect(conn(m, XB, XA)).toBe(NONE);
    expect(conn(m, XC, XA)).toBe(ALL);
  });

  it('policies of a tier run by order, lowest first; a policy without order comes after every order (NetworkPolicy reference, order)', () => {
    const m = matrixOf(world() + np('alpha', 'late', { selector: "app == 'a'", ingress: [{ action: 'Allow' }] }) + np('alpha', 'early', { order: 5000, selector: "app == 'a'", ingress: [{ action: 'Deny', source: { selector: "app == 'b'" } }] }));
    expect(conn(m, XB, XA)).toBe(NONE);
    expect(conn(m, XC, XA)).toBe(ALL);
  });

  it('policies of equal order run by name/namespace/kind (policy_sorter.go, v3.32)', () => {
    const m = matrixOf(world() + np('alpha', 'b-allow', { order: 10, selector: "app == 'a'", ingress: [{ action: 'Allow' }] }) + np('alpha', 'a-deny', { order: 10, selector: "app == 'a'", ingress: [{ action: 'Deny' }] }));
    expect(conn(m, XB, XA)).toBe(NONE);
    // "a-b" sorts before "a" followed by "/": the whole key is compared, not the name alone
    const keys = matrixOf(world() + np('alpha', 'a', { order: 10, selector: "app == 'a'", ingress: [{ action: 'Allow' }] }) + np('alpha', 'a-b', { order: 10, selector: "app == 'a'", ingress: [{ action: 'Deny' }] }));
    expect(conn(keys, XB, XA)).toBe(NONE);
  });

  it('tiers run by order, lowest first (Tier reference)', () => {
    const m = matrixOf(
      world() +
        tier('alpha', { order: 300 }) +
        tier('beta', { order: 100 }) +
        gnp('alpha.allow', { tier: 'alpha', selector: "app == 'a'", ingress: [{ action: 'Allow' }] }) +
        gnp('beta.deny', { tier: 'beta', selector: "app == 'a'", ingress: [{ action: 'Deny', source: { selector: "app == 'b'" } }, { action: 'Pass' }] }),
    );
    expect(conn(m, XB, XA)).toBe(NONE);
    expect(conn(m, XC, XA)).toBe(ALL);
  });

  it('a tier without order comes after every tier with one; equal orders by tier name (policy_sorter.go TierLess)', () => {
    const m = matrixOf(
      world() +
        tier('zeta', { order: 50 }) +
        tier('eta', { order: 50 }) +
        tier('last', {}) +
        gnp('in-last', { tier: 'last', selector: "app == 'a'", ingress: [{ action: 'Allow' }] }) +
        gnp('in-zeta', { tier: 'zeta', selector: "app == 'a'", ingress: [{ action: 'Deny', source: { selector: "app == 'c'" } }, { action: 'Pass' }] }) +
        gnp('in-eta', { tier: 'eta', selector: "app == 'a'", ingress: [{ action: 'Deny', source: { selector: "app == 'b'" } }, { action: 'Pass' }] }),
    );
    expect(conn(m, XB, XA)).toBe(NONE);
    expect(conn(m, XC, XA)).toBe(NONE);
    expect(conn(m, YA, XA)).toBe(ALL);
  });

  it('Pass skips the rest of its tier, the tier default action included, and goes on to the next tier', () => {
    const m = matrixOf(world() + tier('first', { order: 10 }) + gnp('pass-b', { tier: 'first', order: 1, selector: "app == 'a'", ingress: [{ action: 'Pass', source: { selector: "app == 'b'" } }] }) + gnp('deny-rest', { tier: 'first', order: 2, selector: "app == 'a'", ingress: [{ action: 'Deny' }] }));
    expect(conn(m, XB, XA)).toBe(ALL);
    expect(conn(m, XC, XA)).toBe(NONE);
  });

  it('a tier that holds the pod and decides nothing denies: its default action (Tier reference)', () => {
    const m = matrixOf(world() + tier('security', { order: 100 }) + gnp('allow-b', { tier: 'security', selector: "app == 'a'", ingress: [{ action: 'Allow', source: { selector: "app == 'b'" } }] }));
    expect(conn(m, XB, XA)).toBe(ALL);
    expect(conn(m, XC, XA)).toBe(NONE);
    expect(conn(m, OUT, XA)).toBe(NONE);
  });

  it('defaultAction Pass hands what the tier did not decide to the next tier', () => {
    const m = matrixOf(world() + tier('security', { order: 100, defaultAction: 'Pass' }) + gnp('allow-b', { tier: 'security', selector: "app == 'a'", ingress: [{ action: 'Allow', source: { selector: "app == 'b'" } }] }) + policy('alpha', 'from-c', { podSelector: { matchLabels: { app: 'a' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'c' } } }] }] }));
    expect(conn(m, XB, XA)).toBe(ALL);
    expect(conn(m, XC, XA)).toBe(ALL);
    expect(conn(m, YA, XA)).toBe(NONE);
  });

  it('a tier none of whose policies holds the pod for the direction is skipped, its default action too (tiered-policy page)', () => {
    const m = matrixOf(world() + tier('security', { order: 100 }) + gnp('egress-only', { tier: 'security', selector: "app == 'a'", types: ['Egress'], egress: [{ action: 'Allow' }] }));
    expect(conn(m, XB, XA)).toBe(ALL);
    expect(conn(m, XA, XB)).toBe(ALL);
  });

  it("after the last tier, what was passed is allowed (the namespace's profile)", () => {
    const m = matrixOf(world() + np('alpha', 'pass-all', { selector: "app == 'a'", ingress: [{ action: 'Pass' }] }));
    expect(conn(m, XB, XA)).toBe(ALL);
  });

  it('a tier no Tier object declares is placed after every tier and denies what it does not decide, with a warning', () => {
    const m = matrixOf(world() + gnp('lost', { tier: 'elsewhere', selector: "app == 'a'", ingress: [{ action: 'Allow', source: { selector: "app == 'b'" } }] }) + np('alpha', 'pass', { selector: "app == 'a'", ingress: [{ action: 'Pass' }] }));
    expect(conn(m, XB, XA)).toBe(ALL);
    expect(conn(m, XC, XA)).toBe(NONE);
    expect(load(world() + gnp('lost', { tier: 'elsewhere' })).policies).toHaveLength(1);
  });
});

describe('Calico: Kubernetes policies in Calico tiers', () => {
  const knp = policy('alpha', 'a-from-y', { podSelector: { matchLabels: { app: 'a' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'beta' } } }] }] });

  it('a Calico Deny ordered before 1000 is seen before the Kubernetes NetworkPolicies of the default tier (conversion.go: order 1000)', () => {
    const m = matrixOf(world() + knp + np('alpha', 'deny-yb', { order: 500, selector: "app == 'a'", ingress: [{ action: 'Deny', source: { namespaceSelector: "ns == 'beta'", selector: "app == 'b'" } }] }));
    expect(conn(m, YB, XA)).toBe(NONE);
    expect(conn(m, YA, XA)).toBe(ALL);
  });

  it('a Calico Deny ordered after 1000 never sees what a Kubernetes NetworkPolicy allowed: the default tier is first match', () => {
    const m = matrixOf(world() + knp + np('alpha', 'deny-yb', { order: 2000, selector: "app == 'a'", ingress: [{ action: 'Deny', source: { namespaceSelector: "ns == 'beta'", selector: "app == 'b'" } }] }));
    expect(conn(m, YB, XA)).toBe(ALL);
    expect(conn(m, XB, XA)).toBe(NONE);
  });

  it('a Calico policy without order comes after the Kubernetes NetworkPolicies', () => {
    const m = matrixOf(world() + knp + np('alpha', 'deny-all', { selector: "app == 'a'", ingress: [{ action: 'Deny' }] }));
    expect(conn(m, YB, XA)).toBe(ALL);
    expect(conn(m, XB, XA)).toBe(NONE);
  });

  it('ClusterNetworkPolicies are in kube-admin (1000) and kube-baseline (10,000,000): a user tier of order 500 comes before the Admin tier', () => {
    const cnp = `apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata:
  name: admin-deny
spec: ${JSON.stringify({ tier: 'Admin', priority: 10, subject: { namespaces: {} }, ingress: [{ action: 'Deny', from: [{ namespaces: { matchLabels: { ns: 'beta' } } }] }] })}
---
`;
    const allowFirst = matrixOf(world() + cnp + tier('early', { order: 500 }) + gnp('allow-y', { tier: 'early', selector: "app == 'a'", ingress: [{ action: 'Allow', source: { namespaceSelector: "ns == 'beta'" } }] }));
    expect(conn(allowFirst, YA, XA)).toBe(ALL);
    expect(conn(allowFirst, YA, XB)).toBe(NONE);
    const allowLater = matrixOf(world() + cnp + tier('later', { order: 5000 }) + gnp('allow-y', { tier: 'later', selector: "app == 'a'", ingress: [{ action: 'Allow', source: { namespaceSelector: "ns == 'beta'" } }] }));
    expect(conn(allowLater, YA, XA)).toBe(NONE);
  });

  it('without Calico objects, NetworkPolicies keep the Kubernetes tier: the union of their rules', () => {
    const m = matrixOf(world() + knp);
    const x = m.explain(m.workloadEndpoint(YA)!, m.workloadEndpoint(XA)!);
    expect(x.ingress.isolated).toBe(true);
    expect(conn(m, YA, XA)).toBe(ALL);
  });

  it('a Calico NetworkPolicy and a Kubernetes NetworkPolicy of the same name are two policies', () => {
    const m = matrixOf(world() + policy('alpha', 'same', { podSelector: {}, ingress: [{}] }) + np('alpha', 'same', { order: 1, selector: "app == 'a'", ingress: [{ action: 'Deny' }] }));
    expect(m.cluster.policies).toHaveLength(2);
    expect(warnings(m, 'RD006')).toEqual([]);
    expect(conn(m, XB, XA)).toBe(NONE);
    expect(conn(m, XA, XB)).toBe(ALL);
  });
});

describe('Calico: rules', () => {
  it("a rule's selector in a NetworkPolicy matches pods of the policy's namespace; in a GlobalNetworkPolicy of every namespace (rules.go getEndpointSelector)", () => {
    const namespaced = matrixOf(world() + np('alpha', 'p', { selector: "app == 'c'", ingress: [{ action: 'Allow', source: { selector: "app == 'a'" } }] }));
    expect(conn(namespaced, XA, XC)).toBe(ALL);
    expect(conn(namespaced, YA, XC)).toBe(NONE);
    const global = matrixOf(world() + gnp('p', { selector: "app == 'c'", ingress: [{ action: 'Allow', source: { selector: "app == 'a'" } }] }));
    expect(conn(global, YA, XC)).toBe(ALL);
    expect(conn(global, OUT, XC)).toBe(NONE);
  });

  it('namespaceSelector alone matches every pod of those namespaces and no external address; with selector, both must hold (EntityRule)', () => {
    const alone = matrixOf(world() + np('alpha', 'p', { selector: "app == 'c'", ingress: [{ action: 'Allow', source: { namespaceSelector: "team == 'blue'" } }] }));
    expect(conn(alone, YA, XC)).toBe(ALL);
    expect(conn(alone, XA, XC)).toBe(NONE);
    expect(conn(alone, OUT, XC)).toBe(NONE);
    const both = matrixOf(world() + np('alpha', 'p', { selector: "app == 'c'", ingress: [{ action: 'Allow', source: { namespaceSelector: "team == 'blue'", selector: "app == 'b'" } }] }));
    expect(conn(both, YB, XC)).toBe(ALL);
    expect(conn(both, YA, XC)).toBe(NONE);
  });

  it('namespaceSelector all() is every namespace; global() matches no pod (rules.go rewrites them), and says so', () => {
    const all = matrixOf(world() + np('alpha', 'p', { selector: "app == 'c'", ingress: [{ action: 'Allow', source: { namespaceSelector: 'all()' } }] }));
    expect(conn(all, YA, XC)).toBe(ALL);
    expect(conn(all, OUT, XC)).toBe(NONE);
    const global = matrixOf(world() + np('alpha', 'p', { selector: "app == 'c'", ingress: [{ action: 'Allow', source: { namespaceSelector: 'global()' } }] }));
    expect(conn(global, YA, XC)).toBe(NONE);
    expect(warnings(global, 'RD007').map((d) => d.message)).toEqual([expect.stringContaining('global() selects host endpoints and global network sets')]);
  });

  it('notSelector matches every packet, external ones included, except from pods it selects, in any namespace (EntityRule, policy_common.go)', () => {
    const m = matrixOf(world() + np('alpha', 'p', { selector: "app == 'a'", ingress: [{ action: 'Allow', source: { notSelector: "app == 'b'" } }] }));
    expect(conn(m, OUT, XA)).toBe(NONE);
    expect(conn(m, XB, XA)).toBe(NONE);
    expect(conn(m, YB, XA)).toBe(NONE);
    expect(conn(m, XC, XA)).toBe(ALL);
    // in a GlobalNetworkPolicy nothing scopes it: external addresses match too
    const g = matrixOf(world() + gnp('p', { selector: "app == 'a'", ingress: [{ action: 'Allow', source: { notSelector: "app == 'b'" } }] }));
    expect(conn(g, OUT, XA)).toBe(ALL);
    expect(conn(g, YB, XA)).toBe(NONE);
    expect(conn(g, YA, XA)).toBe(ALL);
  });

  it('nets and notNets match external addresses; pods only where the pod network (--pod-cidr) decides', () => {
    const spec = { selector: "app == 'a'", ingress: [{ action: 'Allow', source: { nets: ['10.0.0.0/8'] } }] };
    const m = matrixOf(world() + np('alpha', 'p', spec));
    expect(conn(m, '10.1.2.3', XA)).toBe(ALL);
    expect(conn(m, OUT, XA)).toBe(NONE);
    expect(conn(m, XB, XA)).toBe(NONE);
    expect(warnings(m, 'RD007').map((d) => d.message)).toEqual([expect.stringContaining('whether pod IPs match is not known')]);
    const covered = matrixOf(world() + np('alpha', 'p', spec), { podCIDRs: ['10.244.0.0/16'] });
    expect(conn(covered, XB, XA)).toBe(ALL);
    const outside = matrixOf(world() + np('alpha', 'p', { selector: "app == 'a'", ingress: [{ action: 'Allow', source: { notNets: ['10.244.0.0/16'] } }] }), { podCIDRs: ['10.244.0.0/16'] });
    expect(conn(outside, XB, XA)).toBe(NONE);
    expect(conn(outside, OUT, XA)).toBe(ALL);
  });

  it('ports take numbers, "a:b" ranges and named ports, each resolved on its destination (Ports section)', () => {
    const m = matrixOf(world() + gnp('p', { selector: "app == 'a'", types: ['Egress'], egress: [{ action: 'Allow', protocol: 'TCP', destination: { ports: [80, '8000:8100', 'http'] } }] }));
    expect(conn(m, XA, XB)).toBe('TCP 80,8000-8100');
    expect(conn(m, XA, YB)).toBe('TCP 80,8000-8100,9090');
    expect(conn(m, XA, OUT)).toBe('TCP 80,8000-8100');
  });

  it('notPorts takes ports out, named ones on each destination', () => {
    const m = matrixOf(world() + gnp('p', { selector: "app == 'a'", types: ['Egress'], egress: [{ action: 'Allow', protocol: 'TCP', destination: { notPorts: [22, 'http'] } }] }));
    expect(conn(m, XA, XB)).toBe('TCP 1-21,23-8079,8081-65535');
    expect(conn(m, XA, OUT)).toBe('TCP 1-21,23-65535');
  });

  it('protocol takes names and numbers; notProtocol every other protocol', () => {
    const byNumber = matrixOf(world() + np('alpha', 'p', { selector: "app == 'a'", ingress: [{ action: 'Allow', protocol: 17 }] }));
    expect(conn(byNumber, XB, XA)).toBe('UDP 1-65535');
    const numericString = matrixOf(world() + np('alpha', 'p', { selector: "app == 'a'", ingress: [{ action: 'Allow', protocol: '132' }] }));
    expect(conn(numericString, XB, XA)).toBe('SCTP 1-65535');
    const not = matrixOf(world() + np('alpha', 'p', { selector: "app == 'a'", ingress: [{ action: 'Allow', notProtocol: 'TCP' }] }));
    expect(conn(not, XB, XA)).toBe('SCTP 1-65535,UDP 1-65535');
  });

  it('a named port without protocol matches the port of that name on any protocol', () => {
    const m = matrixOf(world() + gnp('p', { selector: "app == 'a'", types: ['Egress'], egress: [{ action: 'Allow', destination: { ports: ['dns'] } }] }));
    expect(conn(m, XA, XB)).toBe('UDP 53');
  });

  it('protocols other than TCP, UDP and SCTP match none of the traffic analysed, and say so', () => {
    const m = matrixOf(world() + np('alpha', 'p', { selector: "app == 'a'", ingress: [{ action: 'Allow', protocol: 'ICMP', icmp: { type: 8 } }, { action: 'Allow', protocol: 47 }] }));
    expect(conn(m, XB, XA)).toBe(NONE);
    expect(warnings(m, 'RD007').map((d) => d.message)).toEqual([expect.stringContaining('protocol ICMP (with its ICMP type and code) is not modelled'), expect.stringContaining('protocol 47 is not modelled')]);
  });

  it('serviceAccounts match pods by their service account names and its labels (rules.go parseServiceAccounts)', () => {
    const base = namespace('alpha') + withServiceAccount('alpha', 'job', { app: 'job' }, 'robot') + deployment('alpha', 'web', { app: 'web' }) + deployment('alpha', 'db', { app: 'db' });
    const m = matrixOf(base + np('alpha', 'p', { selector: "app == 'db'", ingress: [{ action: 'Allow', source: { serviceAccounts: { names: ['robot'] } } }] }));
    expect(conn(m, 'alpha/job[Deployment]', 'alpha/db[Deployment]')).toBe(ALL);
    expect(conn(m, 'alpha/web[Deployment]', 'alpha/db[Deployment]')).toBe(NONE);
  });

  it("a selector on the policy's own side (an ingress rule's destination) limits the rule to those of its pods", () => {
    const m = matrixOf(world() + np('alpha', 'p', { ingress: [{ action: 'Allow', destination: { selector: "app == 'a'" } }, { action: 'Deny', source: { selector: "app == 'b'" } }] }));
    expect(conn(m, XB, XA)).toBe(ALL);
    expect(conn(m, XB, XC)).toBe(NONE);
    expect(conn(m, YA, XC)).toBe(NONE);
  });

  it('destination ports of an ingress rule are the port on the pod itself, named ones resolved on it', () => {
    const m = matrixOf(world() + np('alpha', 'p', { selector: "app == 'b'", ingress: [{ action: 'Allow', protocol: 'TCP', destination: { ports: ['http'] } }] }));
    expect(conn(m, XA, XB)).toBe('TCP 8080');
  });

  it('services are not modelled: an Allow is taken to match every peer, a Deny none, and says so', () => {
    const allow = matrixOf(world() + np('alpha', 'p', { selector: "app == 'a'", types: ['Egress'], egress: [{ action: 'Allow', destination: { services: { name: 'api', namespace: 'beta' } } }] }));
    expect(conn(allow, XA, YB)).toBe(ALL);
    expect(warnings(allow, 'RD007').map((d) => d.message)).toEqual([expect.stringContaining('the Allow rule is taken to match every peer')]);
    const deny = matrixOf(world() + np('alpha', 'p', { selector: "app == 'a'", types: ['Egress'], egress: [{ action: 'Deny', destination: { services: { name: 'api' } } }, { action: 'Allow' }] }));
    expect(conn(deny, XA, YB)).toBe(ALL);
  });

  it('source ports are not modelled: an Allow is taken to match every source port, a Deny none', () => {
    const m = matrixOf(world() + np('alpha', 'p', { selector: "app == 'a'", ingress: [{ action: 'Deny', protocol: 'TCP', source: { ports: [53] } }, { action: 'Allow', protocol: 'UDP', source: { ports: [53] } }] }));
    expect(conn(m, XB, XA)).toBe('UDP 1-65535');
    expect(warnings(m, 'RD007')).toHaveLength(2);
  });

  it('an HTTP match is analysed at L3/L4, as if absent, and says so', () => {
    const m = matrixOf(world() + np('alpha', 'p', { selector: "app == 'a'", ingress: [{ action: 'Allow', protocol: 'TCP', http: { methods: ['GET'] } }] }));
    expect(conn(m, XB, XA)).toBe('TCP 1-65535');
    expect(warnings(m, 'RD007').map((d) => d.message)).toEqual([expect.stringContaining('HTTP match is enforced by Calico')]);
  });

  it('a rule of one IP family (ipVersion, or the family of its nets) matches traffic of that family only (felix/rules/policy.go renders it per family)', () => {
    const rules = { selector: "app == 'a'", ingress: [{ action: 'Deny', ipVersion: 6 }, { action: 'Deny', source: { nets: ['10.0.0.0/8'] } }, { action: 'Allow' }] };
    const m = matrixOf(world() + np('alpha', 'p', rules));
    expect(conn(m, '2001:db8::1', XA)).toBe(NONE);
    expect(conn(m, '10.1.2.3', XA)).toBe(NONE);
    expect(conn(m, OUT, XA)).toBe(ALL);
    // pods talk over IPv4 and IPv6 here, and each Deny matches one of them: said, and pods are left to the Allow
    expect(conn(m, XB, XA)).toBe(ALL);
    expect(warnings(m, 'RD007').map((d) => d.message)).toEqual([
      expect.stringMatching(/ingress rule 0 source \(IPv6 traffic only\): whether pod IPs match is not known \(no pod network is given with --pod-cidr\)/),
      expect.stringMatching(/ingress rule 1 source nets 10\.0\.0\.0\/8: whether pod IPs match is not known \(no pod network is given with --pod-cidr\)/),
    ]);
    // in an IPv6-only cluster the ipVersion 6 Deny holds every pod, and the IPv4 rule none
    const v6 = matrixOf(world() + np('alpha', 'p', rules), { ipFamily: 'ipv6' });
    expect(conn(v6, XB, XA)).toBe(NONE);
    expect(v6.ingressRanges.every((r) => r.family === 'ipv6')).toBe(true);
  });

  it('doNotTrack and preDNAT policies apply to host endpoints only: they hold no pod, and say so; applyOnForward is noted', () => {
    const m = matrixOf(world() + gnp('untracked', { selector: 'all()', doNotTrack: true, applyOnForward: true, ingress: [{ action: 'Deny' }] }) + gnp('fwd', { selector: "app == 'b'", applyOnForward: true, ingress: [{ action: 'Deny' }] }));
    expect(conn(m, XB, XA)).toBe(ALL);
    expect(conn(m, XA, XB)).toBe(NONE);
    expect(warnings(m, 'RD007').map((d) => d.message)).toEqual([expect.stringContaining('doNotTrack policies apply to host endpoints only'), expect.stringContaining('applyOnForward')]);
    expect(m.cluster.notAnalysed.map((n) => n.kind)).toEqual(['rule part', 'rule part']);
  });
});

describe('Calico: objects not modelled, and the storage form', () => {
  it('staged policies are never enforced: reported as not analysed, and left out', () => {
    const staged = calico('StagedNetworkPolicy', 'try', { selector: 'all()', ingress: [{ action: 'Deny' }] }, 'alpha');
    const m = matrixOf(world() + staged);
    expect(conn(m, XB, XA)).toBe(ALL);
    expect(m.cluster.notAnalysed).toEqual([expect.objectContaining({ kind: 'StagedNetworkPolicy', reason: expect.stringContaining('never enforced') as unknown as string })]);
  });

  it('network sets and host endpoints are reported as not analysed', () => {
    const m = matrixOf(world() + calico('GlobalNetworkSet', 'bad', { nets: ['1.2.3.4/32'] }) + calico('HostEndpoint', 'node1', { node: 'n1' }));
    expect(m.cluster.notAnalysed.map((n) => n.kind)).toEqual(['GlobalNetworkSet', 'HostEndpoint']);
  });

  it('the crd.projectcalico.org/v1 storage form is read with a warning; its name comes from projectcalico.org/metadata, or without default.', () => {
    const stored = `apiVersion: crd.projectcalico.org/v1
kind: NetworkPolicy
metadata:
  name: default.deny-a
  namespace: alpha
spec: {"selector": "app == 'a'"}
---
apiVersion: crd.projectcalico.org/v1
kind: GlobalNetworkPolicy
metadata:
  name: stored-name
  annotations:
    projectcalico.org/metadata: '{"name":"real-name"}'
spec: {"selector": "app == 'c'"}
---
`;
    const m = matrixOf(world() + stored);
    expect(m.cluster.policies.map((p) => p.policy.name)).toEqual(['deny-a', 'real-name']);
    expect(conn(m, XB, XA)).toBe(NONE);
    expect(warnings(m, 'RD138')).toHaveLength(2);
  });
});

describe('Calico: validation, as the API server does', () => {
  const invalid = (spec: Record<string, unknown>, kind: 'NetworkPolicy' | 'GlobalNetworkPolicy' = 'NetworkPolicy') => {
    const m = matrixOf(world() + (kind === 'NetworkPolicy' ? np('alpha', 'p', spec) : gnp('p', spec)));
    expect(m.cluster.policies).toHaveLength(0);
    return errors(m).map((d) => `${d.line}: ${d.message}`);
  };

  it('a selector that does not parse is an error with file, line and position', () => {
    const text = world() + np('alpha', 'p', { selector: "app = 'a'" });
    const m = matrixOf(text);
    const line = text.split('\n').findIndex((l) => l.startsWith('spec: {"selector"')) + 1;
    expect(errors(m)).toEqual([expect.objectContaining({ code: 'RD004', file: 'test.yaml', line, message: expect.stringContaining('does not parse: expected "==" (a single "=" is not an operator) (at character 5)') as unknown as string })]);
  });

  it('numeric ports need protocol TCP, UDP or SCTP (validator.go validateRule)', () => {
    expect(invalid({ ingress: [{ action: 'Allow', destination: { ports: [80] } }] })).toEqual([expect.stringContaining('must set protocol to TCP, UDP or SCTP')]);
    expect(invalid({ ingress: [{ action: 'Allow', protocol: 'ICMP', destination: { ports: ['http'] } }] })).toEqual([expect.stringContaining('not ICMP')]);
  });

  it('protocol names are case-sensitive', () => {
    expect(invalid({ ingress: [{ action: 'Allow', protocol: 'tcp' }] })).toEqual([expect.stringContaining('names are case-sensitive: TCP')]);
  });

  it('an action is required, one of Allow, Deny, Pass, Log', () => {
    expect(invalid({ ingress: [{ source: {} }] })).toEqual([expect.stringContaining('action is missing')]);
    expect(invalid({ ingress: [{ action: 'Accept' }] })).toEqual([expect.stringContaining('must be Allow, Deny, Pass or Log')]);
  });

  it('global() may only be the whole of an EntityRule namespaceSelector', () => {
    expect(invalid({ selector: 'global()' }, 'GlobalNetworkPolicy')).toEqual([expect.stringContaining('global() can only be used')]);
    expect(invalid({ ingress: [{ action: 'Allow', source: { namespaceSelector: "global() || a == 'b'" } }] })).toEqual([expect.stringContaining('must be the whole namespaceSelector')]);
  });

  it('notNets may not hold a catch-all as Calico writes it; written otherwise, it is taken and the rule matches nothing', () => {
    // projectcalico/calico libcalico-go/lib/validator/v3/validator.go (v3.32.0) validateRule, scanNets: in notNets an IPv4
    // CIDR is refused where its text is "0.0.0.0/0", an IPv6 one where it parses to ::/0
    for (const n of ['0.0.0.0/0', '::/0', '::/00']) {
      expect(invalid({ ingress: [{ action: 'Allow', source: { notNets: [n] } }] }), n).toEqual([expect.stringContaining('catch-all CIDR in negation')]);
    }
    // "0.0.0.0/00" and the IPv4-mapped "::ffff:0.0.0.0/96" parse to every IPv4 address, written otherwise: the validator
    // takes them, and a rule whose notNets hold every address matches no traffic
    for (const n of ['0.0.0.0/00', '::ffff:0.0.0.0/96']) {
      const allowed = matrixOf(world() + np('alpha', 'p', { selector: "app == 'a'", ingress: [{ action: 'Allow', source: { notNets: [n] } }] }));
      expect(errors(allowed), n).toEqual([]);
      expect(conn(allowed, OUT, XA), n).toBe(NONE);
      const denied = matrixOf(world() + np('alpha', 'p', { selector: "app == 'a'", ingress: [{ action: 'Deny', source: { notNets: [n] } }, { action: 'Allow' }] }));
      expect(conn(denied, OUT, XA), n).toBe(ALL);
    }
  });

  it('a NetworkPolicy name has at most one dot, in lower case (v3.32 name rules)', () => {
    const m = matrixOf(world() + np('alpha', 'a.b.c', {}));
    expect(errors(m).map((d) => d.message)).toEqual([expect.stringContaining('is not a valid NetworkPolicy name')]);
  });

  it('the built-in tiers keep the order and default action Calico pins (tier.go CEL rules)', () => {
    const m = matrixOf(world() + tier('default', { order: 5 }));
    expect(errors(m).map((d) => d.message)).toEqual([expect.stringContaining('order must be 1000000 and its defaultAction Deny')]);
    expect(errors(matrixOf(world() + tier('kube-admin', { order: 1000, defaultAction: 'Pass' })))).toEqual([]);
  });

  it('HTTP matches are for Allow ingress rules only', () => {
    expect(invalid({ ingress: [{ action: 'Deny', http: { methods: ['GET'] } }] })).toEqual([expect.stringContaining('only valid on Allow rules')]);
  });

  it('a field the schema does not have is refused (strict field validation), not dropped: a misspelt destination does not match every destination (policy_common.go)', () => {
    const typo = { types: ['Egress'], egress: [{ action: 'Allow', protocol: 'TCP', destinaton: { selector: "app == 'b'", ports: [443] } }] };
    expect(invalid(typo)).toEqual([expect.stringMatching(/: unknown field "spec\.egress\[0\]\.destinaton": the API server refuses the object/)]);
    expect(invalid({ egres: [] }, 'GlobalNetworkPolicy')).toEqual([expect.stringContaining('unknown field "spec.egres"')]);
    // fields of GlobalNetworkPolicy only are unknown to NetworkPolicy, and a Tier has order and defaultAction
    expect(invalid({ doNotTrack: false })).toEqual([expect.stringContaining('unknown field "spec.doNotTrack"')]);
    expect(errors(matrixOf(world() + tier('security', { order: 100, defaultActon: 'Pass' }))).map((d) => d.message)).toEqual([expect.stringContaining('unknown field "spec.defaultActon"')]);
    // every field of the API is known
    const full = { order: 1, tier: 'default', selector: "app == 'a'", types: ['Ingress'], serviceAccountSelector: '', performanceHints: ['AssumeNeededOnEveryNode'], ingress: [{ action: 'Allow', ipVersion: 4, protocol: 'TCP', notProtocol: 'UDP', source: { nets: ['10.0.0.0/8'], notNets: ['10.1.0.0/16'], selector: "app == 'b'", notSelector: "app == 'c'", namespaceSelector: 'all()', serviceAccounts: { names: ['x'] } }, destination: { ports: [80], notPorts: [81] }, http: { methods: ['GET'], paths: [{ exact: '/' }] }, metadata: { annotations: { a: 'b' } } }] };
    expect(errors(matrixOf(world() + np('alpha', 'full', full)))).toEqual([]);
  });
});

describe('Calico Enterprise: domains (https://docs.tigera.io/calico-enterprise/latest/network-policy/domain-based-policy)', () => {
  // "allows only the addresses DNS returns for those names", and "does not support using domain names for services within the cluster"
  const egress = (action: string) => world() + np('alpha', 'to-domains', { selector: "app == 'a'", types: ['Egress'], egress: [{ action, destination: { domains: ['*.twilio.com'] } }, { action: 'Allow', protocol: 'UDP', destination: { ports: [53] } }] });

  it('an Allow to domains is taken to match every external address and no pod, and says so (RD007)', () => {
    const m = matrixOf(egress('Allow'));
    expect(conn(m, XA, OUT)).toBe(ALL);
    expect(conn(m, XA, XB)).toBe('UDP 53');
    expect(m.diagnostics.filter((d) => d.code === 'RD007').map((d) => d.message)).toEqual([expect.stringContaining('domains *.twilio.com (Calico Enterprise\'s DNS policy) are not resolved; the Allow rule is taken to match every external address and no pod')]);
  });

  it('a Deny to domains is taken to match nothing, and says so', () => {
    const m = matrixOf(egress('Deny'));
    expect(conn(m, XA, OUT)).toBe('UDP 53');
    expect(m.diagnostics.filter((d) => d.code === 'RD007').map((d) => d.message)).toEqual([expect.stringContaining('the Deny rule is taken to match nothing')]);
  });
});

describe('Calico: explanations', () => {
  it('explanations name the Calico rule that decided, with its kind', () => {
    const m = matrixOf(world() + np('alpha', 'deny-b', { order: 10, selector: "app == 'a'", ingress: [{ action: 'Deny', source: { selector: "app == 'b'" } }] }));
    const x = m.explain(m.workloadEndpoint(XB)!, m.workloadEndpoint(XA)!);
    expect(x.ingress.decisions.map((d) => [d.rule?.origin.policyKind, d.rule?.origin.policy, d.rule?.origin.index, d.action])).toEqual([['CalicoNetworkPolicy', 'alpha/deny-b', 0, 'deny']]);
  });
});

describe('Calico: the diff and the checks', () => {
  it('a changed Tier changes the pairs of the pods its policies hold, and explanations name it (PolicyKind.dependsOn)', () => {
    const policies = gnp('allow-b', { tier: 'security', selector: "app == 'a'", ingress: [{ action: 'Allow', source: { selector: "app == 'b'" } }, { action: 'Pass' }] }) + np('alpha', 'deny-b', { order: 10, selector: "app == 'a'", ingress: [{ action: 'Deny', source: { selector: "app == 'b'" } }] });
    const before = matrixOf(world() + tier('security', { order: 100 }) + policies);
    const after = matrixOf(world() + tier('security', { order: 2_000_000 }) + policies);
    expect(conn(before, XB, XA)).toBe(ALL);
    expect(conn(after, XB, XA)).toBe(NONE);
    const diff = diffMatrices(before, after);
    // the GlobalNetworkPolicy's selector picks b in both namespaces
    expect(diff.changes.map((c) => `${c.src} => ${c.dst}`)).toEqual([`${XB} => ${XA}`, `${YB} => ${XA}`]);
    const causes = explainChange(diff, diff.changes[0]!).causes.map((c) => c.message);
    expect(causes).toContain('the order of Tier security, which GlobalNetworkPolicy allow-b is in, changed from 100 to 2000000');
  });

  it('RD101 leaves DNS to Calico where a Calico policy holds a workload for egress', () => {
    // the Kubernetes policy allows only 443, and the Calico one, ordered before it, allows DNS
    const k8s = policy('alpha', 'egress-https', { podSelector: { matchLabels: { app: 'a' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 443 }] }] });
    const text = world() + k8s + np('alpha', 'dns', { order: 100, selector: "app == 'a'", types: ['Egress'], egress: [{ action: 'Allow', protocol: 'UDP', destination: { ports: [53] } }, { action: 'Allow', protocol: 'TCP', destination: { ports: [53] } }] });
    expect(conn(matrixOf(text), XA, OUT)).toBe('TCP 53,443,UDP 53');
    expect(lint(matrixOf(text)).filter((w) => w.code === 'RD101')).toEqual([]);
  });

  it('the checks name a Calico policy by ns/name and a GlobalNetworkPolicy or Tier by name', () => {
    const m = matrixOf(world() + tier('unused', { order: 5 }) + gnp('typo', { selector: "app == 'nope'" }) + np('alpha', 'typo', { selector: "app == 'nope'" }));
    expect(lint(m).map((w) => `${w.code} ${w.object}`).sort()).toEqual(['RD131 alpha/typo', 'RD131 typo', 'RD134 unused']);
  });
});

describe('Kubernetes NetworkPolicies under Calico: an ipBlock is the converted rule\'s nets', () => {
  // libcalico-go lib/backend/k8s/conversion/conversion.go (k8sPeerToCalicoFields): ipBlock.cidr becomes the
  // rule's nets and its except notNets; docs.tigera.io/calico/latest/reference/resources/networkpolicy: nets
  // match any address, pods' included. Without Calico objects, Kubernetes' own reading stands (ipBlocks for
  // addresses outside the cluster).
  const ALLOW_DNS = gnp('allow-dns', { order: 100, selector: 'all()', types: ['Egress'], egress: [{ action: 'Allow', protocol: 'UDP', destination: { ports: [53] } }] });
  const egressByIp = (cidr: string, except: string[] = []) =>
    policy('alpha', 'a-by-ip', { podSelector: { matchLabels: { app: 'a' } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr, ...(except.length ? { except } : {}) } }] }] });
  const ingressByIp = (cidr: string) => policy('beta', 'b-by-ip', { podSelector: { matchLabels: { app: 'b' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ ipBlock: { cidr } }] }] });

  it('0.0.0.0/0 lets pods through, both ways, where Calico objects are present', () => {
    const m = matrixOf(world() + ALLOW_DNS + egressByIp('0.0.0.0/0') + ingressByIp('0.0.0.0/0'));
    expect(conn(m, XA, YB)).toBe(ALL);
    expect(conn(m, XA, OUT)).toBe(ALL);
    // without them, Kubernetes' reading: an ipBlock is for addresses outside the cluster
    const k8s = matrixOf(world() + egressByIp('0.0.0.0/0') + ingressByIp('0.0.0.0/0'));
    expect(conn(k8s, XA, YB)).toBe(NONE);
  });

  it('a block holding the pod network given with --pod-cidr matches pods; one missing it does not; between, a warning', () => {
    const pods = { podCIDRs: ['10.244.0.0/16'] };
    expect(conn(matrixOf(world() + ALLOW_DNS + egressByIp('10.0.0.0/8'), pods), XA, YB)).toBe(ALL);
    // (UDP 53: the GlobalNetworkPolicy's, first in the default tier)
    expect(conn(matrixOf(world() + ALLOW_DNS + egressByIp('10.0.0.0/8', ['10.244.0.0/16']), pods), XA, YB)).toBe('UDP 53');
    const unknown = matrixOf(world() + ALLOW_DNS + egressByIp('10.0.0.0/8'));
    expect(conn(unknown, XA, YB)).toBe('UDP 53');
    expect(warnings(unknown, 'RD007').map((d) => d.message)).toEqual([
      'NetworkPolicy alpha/a-by-ip: under Calico an ipBlock 10.0.0.0/8 matches pod IPs too, and whether pods\' match is not known (no pod network is given with --pod-cidr), so only external addresses are matched',
    ]);
  });
});
