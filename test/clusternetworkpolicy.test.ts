/**
 * One test per rule of ClusterNetworkPolicy (policy.networking.k8s.io/v1alpha2),
 * named by the rule. Line numbers cite kubernetes-sigs/network-policy-api
 * v0.2.0 (a17adecd), apis/v1alpha2/clusternetworkpolicy_types.go, written
 * `types.go Lx-y` below; `@HEAD` cites the newest main (0eec1b0), whose types
 * file differs only in doc comments.
 */
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/model/diagnostics.js';
import type { Matrix } from '../src/engine/matrix.js';
import { endJson } from '../src/change/explain.js';
import { endText } from '../src/render/difftext.js';
import type { EndJson } from '../src/report/report.js';
import { conn, deployment, load, matrixOf, namespace, policy } from './helpers.js';

const ALL = 'All Connections';
const NONE = 'No Connections';

const twoApps = (ns = 'shop') => namespace(ns) + deployment(ns, 'a', { app: 'a' }) + deployment(ns, 'b', { app: 'b' }, [{ name: 'http', port: 8080 }, { name: 'dns', port: 53, protocol: 'UDP' }]);
/** shop/a, shop/b, plus ops/o and ops/b in a second namespace. */
const world = () => twoApps() + namespace('ops', { team: 'ops' }) + deployment('ops', 'o', { app: 'o' }) + deployment('ops', 'b', { app: 'b' });
const A = 'shop/a[Deployment]';
const B = 'shop/b[Deployment]';
const OPS_O = 'ops/o[Deployment]';
const OPS_B = 'ops/b[Deployment]';
const OUTSIDE = '8.8.8.8';

type Rule = { name?: string; action: string; from?: unknown[]; to?: unknown[]; protocols?: unknown[] };
interface Rules {
  ingress?: Rule[];
  egress?: Rule[];
}

/**
 * A ClusterNetworkPolicy; each scalar field of the spec on its own line and
 * each rule on its own line, so that a rule's line can be found in the text.
 * `tier` or `priority` undefined leaves the field out.
 */
function cnp(name: string, tier: unknown, priority: unknown, subject: unknown, rules: Rules = {}): string {
  const lines = ['apiVersion: policy.networking.k8s.io/v1alpha2', 'kind: ClusterNetworkPolicy', 'metadata:', `  name: ${JSON.stringify(name)}`, 'spec:'];
  if (tier !== undefined) lines.push(`  tier: ${JSON.stringify(tier)}`);
  if (priority !== undefined) lines.push(`  priority: ${JSON.stringify(priority)}`);
  lines.push(`  subject: ${JSON.stringify(subject)}`);
  for (const direction of ['ingress', 'egress'] as const) {
    const list = rules[direction];
    if (!list) continue;
    lines.push(`  ${direction}:`);
    for (const r of list) lines.push(`    - ${JSON.stringify(r)}`);
  }
  return `${lines.join('\n')}\n---\n`;
}

const admin = (name: string, priority: number, subject: unknown, rules: Rules) => cnp(name, 'Admin', priority, subject, rules);
const baseline = (name: string, priority: number, subject: unknown, rules: Rules) => cnp(name, 'Baseline', priority, subject, rules);

/** A v1alpha1 AdminNetworkPolicy, to mix with ClusterNetworkPolicies. */
function anp(name: string, priority: number, subject: unknown, ingress: unknown[]): string {
  return `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata:
  name: ${JSON.stringify(name)}
spec: ${JSON.stringify({ priority, subject, ingress })}
---
`;
}

const ns = (name: string) => ({ matchLabels: { 'kubernetes.io/metadata.name': name } });
const inShop = { namespaces: ns('shop') };
const fromShop = [{ namespaces: ns('shop') }];
const toAll = [{ namespaces: {} }];
const podsOf = (app: string, namespaceSelector?: unknown) => ({ pods: { ...(namespaceSelector !== undefined ? { namespaceSelector } : {}), podSelector: { matchLabels: { app } } } });
const tcp = (number: number) => ({ tcp: { destinationPort: { number } } });
const udp = (number: number) => ({ udp: { destinationPort: { number } } });
const range = (protocol: 'tcp' | 'udp' | 'sctp', start: number, end: number) => ({ [protocol]: { destinationPort: { range: { start, end } } } });

/** The 1-based line of the first line of `text` that contains `needle`. */
function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`no line with ${needle}`);
  return i + 1;
}

const errors = (m: Matrix): Diagnostic[] => m.diagnostics.filter((d) => d.severity === 'error');
const warnings = (m: Matrix): Diagnostic[] => m.diagnostics.filter((d) => d.severity === 'warning');

describe('tiers', () => {
  it('the Admin tier comes before NetworkPolicies: an Admin Deny beats a NetworkPolicy allow', () => {
    // types.go L71-75 (v0.2.0): the Admin tier cannot be overridden; Accept or Deny there is final
    const m = matrixOf(twoApps() + admin('deny', 10, inShop, { ingress: [{ action: 'Deny', from: fromShop }] }) + policy('shop', 'allow', { podSelector: {}, ingress: [{}] }));
    expect(conn(m, A, B)).toBe(NONE);
  });

  it('an Admin Accept is final: a NetworkPolicy that isolates the pod does not undo it', () => {
    // types.go L71-75, L193-195 (v0.2.0): Accept - no further ClusterNetworkPolicy or NetworkPolicy rules will be processed
    const m = matrixOf(twoApps() + admin('accept', 10, inShop, { ingress: [{ action: 'Accept', from: fromShop }] }) + policy('shop', 'deny', { podSelector: {}, policyTypes: ['Ingress'] }));
    expect(conn(m, A, B)).toBe(ALL);
    // the NetworkPolicy still isolates b from what the Accept does not cover
    expect(conn(m, OUTSIDE, B)).toBe(NONE);
  });

  it('the Baseline tier comes after NetworkPolicies: a pod a NetworkPolicy isolates never reaches the Baseline', () => {
    // types.go L77-82 (v0.2.0): v1.NetworkPolicy always makes a final decision for selected pods
    const allow80 = policy('shop', 'allow-80', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ ports: [{ port: 80 }] }] });
    const denyAll = baseline('deny', 10, inShop, { ingress: [{ action: 'Deny', from: fromShop }] });
    expect(conn(matrixOf(twoApps() + allow80 + denyAll), A, B)).toBe('TCP 80');
    // nor does a Baseline Accept rescue what the NetworkPolicy leaves denied
    const isolate = policy('shop', 'isolate', { podSelector: { matchLabels: { app: 'b' } }, policyTypes: ['Ingress'] });
    const acceptAll = baseline('accept', 10, inShop, { ingress: [{ action: 'Accept', from: fromShop }] });
    expect(conn(matrixOf(twoApps() + isolate + acceptAll), A, B)).toBe(NONE);
  });

  it('a pod no NetworkPolicy isolates gets the Baseline verdict', () => {
    // types.go L81-86 (v0.2.0): further evaluation only happens for pods not selected by a v1.NetworkPolicy; the Baseline decision is final
    const denyAll = baseline('deny', 10, inShop, { ingress: [{ action: 'Deny', from: fromShop }] });
    const onlyA = policy('shop', 'only-a', { podSelector: { matchLabels: { app: 'a' } }, ingress: [{}] });
    const m = matrixOf(twoApps() + onlyA + denyAll);
    expect(conn(m, A, B)).toBe(NONE);
    expect(conn(m, B, A)).toBe(ALL);
    // per direction (an inference from L80-82, as NetworkPolicy isolation is per policyType): egress isolation of b leaves its ingress to the Baseline
    const egressOfB = policy('shop', 'egress-b', { podSelector: { matchLabels: { app: 'b' } }, policyTypes: ['Egress'], egress: [{}] });
    expect(conn(matrixOf(twoApps() + egressOfB + denyAll), A, B)).toBe(NONE);
  });

  it('an egress Accept at the source does not override ingress isolation at the destination', () => {
    // types.go L250-252 (v0.2.0) and @HEAD L250-253: an egress Accept ends egress evaluation, but ingress rules at the destination still apply
    const acceptOut = admin('out', 10, inShop, { egress: [{ action: 'Accept', to: toAll }] });
    const isolate = policy('shop', 'isolate', { podSelector: { matchLabels: { app: 'b' } }, policyTypes: ['Ingress'] });
    const m = matrixOf(twoApps() + acceptOut + isolate);
    expect(conn(m, A, B)).toBe(NONE);
    expect(conn(m, B, A)).toBe(ALL);
  });
});

describe('priority', () => {
  it('within a tier the lower priority is evaluated first', () => {
    // types.go L93-97 (v0.2.0): lower priority values have higher precedence within the tier
    const adminTier = twoApps() + admin('deny', 20, inShop, { ingress: [{ action: 'Deny', from: fromShop }] }) + admin('web', 10, inShop, { ingress: [{ action: 'Accept', from: fromShop, protocols: [tcp(80)] }] });
    expect(conn(matrixOf(adminTier), A, B)).toBe('TCP 80');
    const reversed = twoApps() + admin('deny', 5, inShop, { ingress: [{ action: 'Deny', from: fromShop }] }) + admin('web', 10, inShop, { ingress: [{ action: 'Accept', from: fromShop, protocols: [tcp(80)] }] });
    expect(conn(matrixOf(reversed), A, B)).toBe(NONE);
    const baselineTier = twoApps() + baseline('deny', 20, inShop, { ingress: [{ action: 'Deny', from: fromShop }] }) + baseline('web', 10, inShop, { ingress: [{ action: 'Accept', from: fromShop, protocols: [tcp(80)] }] });
    expect(conn(matrixOf(baselineTier), A, B)).toBe('TCP 80');
  });

  it('an Admin priority 900 still comes before any Baseline priority 0', () => {
    // types.go L96-97 (v0.2.0): all Admin tier rules have higher precedence than NetworkPolicy or Baseline tier rules
    const deny = twoApps() + admin('late-admin', 900, inShop, { ingress: [{ action: 'Deny', from: fromShop }] }) + baseline('first-baseline', 0, inShop, { ingress: [{ action: 'Accept', from: fromShop }] });
    expect(conn(matrixOf(deny), A, B)).toBe(NONE);
    const accept = twoApps() + admin('late-admin', 900, inShop, { ingress: [{ action: 'Accept', from: fromShop }] }) + baseline('first-baseline', 0, inShop, { ingress: [{ action: 'Deny', from: fromShop }] });
    expect(conn(matrixOf(accept), A, B)).toBe(ALL);
  });
});

describe('rule order', () => {
  it('inside one policy the first matching rule decides (swapping Accept and Deny flips the result)', () => {
    // types.go L117-121 (v0.2.0): rule order decides ingress precedence; L132-136 the same for egress
    const acceptFirst = twoApps() + admin('p', 10, inShop, { ingress: [{ action: 'Accept', from: fromShop }, { action: 'Deny', from: fromShop }] });
    expect(conn(matrixOf(acceptFirst), A, B)).toBe(ALL);
    const denyFirst = twoApps() + admin('p', 10, inShop, { ingress: [{ action: 'Deny', from: fromShop }, { action: 'Accept', from: fromShop }] });
    expect(conn(matrixOf(denyFirst), A, B)).toBe(NONE);
    const egress = twoApps() + admin('p', 10, inShop, { egress: [{ action: 'Accept', to: fromShop, protocols: [tcp(443)] }, { action: 'Deny', to: fromShop }] });
    expect(conn(matrixOf(egress), A, B)).toBe('TCP 443');
  });
});

describe('Pass', () => {
  it('Pass in Admin skips the rest of the Admin tier and hands over to NetworkPolicy', () => {
    // types.go L206-208, L299-304 (v0.2.0): Pass skips all further rules of the tier; after Admin, NetworkPolicy evaluation happens next
    const pass = admin('pass', 10, inShop, { ingress: [{ action: 'Pass', from: fromShop }, { action: 'Deny', from: fromShop }] });
    const laterDeny = admin('later', 20, inShop, { ingress: [{ action: 'Deny', from: fromShop }] });
    const np = policy('shop', 'allow-80', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ ports: [{ port: 80 }] }] });
    expect(conn(matrixOf(twoApps() + pass + laterDeny + np), A, B)).toBe('TCP 80');
  });

  it('Pass in Admin reaches the Baseline when no NetworkPolicy selects the pod', () => {
    // types.go L88-90, L299-304 (v0.2.0): Admin, then NetworkPolicy (none here), then Baseline
    const pass = admin('pass', 10, inShop, { ingress: [{ action: 'Pass', from: fromShop }] });
    const base = baseline('base', 10, inShop, { ingress: [{ action: 'Accept', from: fromShop, protocols: [udp(53)] }, { action: 'Deny', from: fromShop }] });
    expect(conn(matrixOf(twoApps() + pass + base), A, B)).toBe('UDP 53');
  });

  it('Pass in Baseline skips the rest of the Baseline tier, so the connection is allowed', () => {
    // types.go L206-208 (v0.2.0): Pass passes evaluation to the next tier, after Baseline the default allow of L88-90
    const samePolicy = twoApps() + baseline('base', 10, inShop, { ingress: [{ action: 'Pass', from: fromShop, protocols: [tcp(80)] }, { action: 'Deny', from: fromShop }] });
    expect(conn(matrixOf(samePolicy), A, B)).toBe('TCP 80');
    const laterPolicy = twoApps() + baseline('pass', 10, inShop, { ingress: [{ action: 'Pass', from: fromShop }] }) + baseline('deny', 20, inShop, { ingress: [{ action: 'Deny', from: fromShop }] });
    expect(conn(matrixOf(laterPolicy), A, B)).toBe(ALL);
  });

  it('the explanation says where a Pass goes: from Admin to NetworkPolicy, from Baseline to the default, which allows', () => {
    // types.go L206-208, L88-90 (v0.2.0): the NetworkPolicy tier runs before the Baseline tier, so a Baseline Pass meets the default allow
    const said = (text: string) => {
      const m = matrixOf(text);
      return endText(endJson(m.explain(m.workloadEndpoint(A)!, m.workloadEndpoint(B)!).ingress) as unknown as EndJson, 'ingress');
    };
    expect(said(twoApps() + baseline('pass', 10, inShop, { ingress: [{ action: 'Pass', from: fromShop }] }))).toMatch(/^ingress of shop\/b\[Deployment\]: passed to the default \(allowed\) by ClusterNetworkPolicy pass ingress rule 0/);
    expect(said(twoApps() + admin('pass', 10, inShop, { ingress: [{ action: 'Pass', from: fromShop }] }))).toMatch(/^ingress of shop\/b\[Deployment\]: passed to NetworkPolicy by ClusterNetworkPolicy pass ingress rule 0/);
  });
});

describe('subjects', () => {
  it('subjects are not isolated: traffic no rule matches is allowed', () => {
    // types.go L88-90 (v0.2.0) and site-src/api-overview.md L40-42: no implicit isolation of the subject
    const m = matrixOf(world() + admin('p', 10, inShop, { ingress: [{ action: 'Deny', from: [{ namespaces: ns('elsewhere') }] }], egress: [{ action: 'Deny', to: [{ namespaces: ns('elsewhere') }] }] }));
    expect(conn(m, A, B)).toBe(ALL);
    expect(conn(m, OPS_O, B)).toBe(ALL);
    expect(conn(m, A, OUTSIDE)).toBe(ALL);
  });

  it('subject pods with a podSelector and no namespaceSelector selects those pods in every namespace', () => {
    // types.go L415-419 (v0.2.0): NamespaceSelector is optional; if empty, it selects all Namespaces
    const m = matrixOf(world() + admin('p', 10, { pods: { podSelector: { matchLabels: { app: 'b' } } } }, { ingress: [{ action: 'Deny', from: toAll }] }));
    expect(conn(m, A, B)).toBe(NONE);
    expect(conn(m, OPS_O, OPS_B)).toBe(NONE);
    expect(conn(m, OPS_O, A)).toBe(ALL);
  });

  it('subject pods needs a podSelector', () => {
    // types.go L421-425 (v0.2.0): PodSelector is +required
    const m = matrixOf(world() + admin('p', 10, { pods: { namespaceSelector: {} } }, { ingress: [{ action: 'Deny', from: toAll }] }));
    expect(errors(m).map((d) => d.code)).toEqual(['RD004']);
    expect(errors(m)[0]!.message).toMatch(/podSelector is required/);
    expect(conn(m, A, B)).toBe(ALL);
  });

  it('subject namespaces: {} selects every namespace', () => {
    // types.go L169-171 (v0.2.0): Namespaces selects pods via a namespace selector; an empty selector matches all (site-src/user-story-examples/user-story-2.yaml L9)
    const m = matrixOf(world() + admin('p', 10, { namespaces: {} }, { ingress: [{ action: 'Deny', from: fromShop }] }));
    expect(conn(m, A, B)).toBe(NONE);
    expect(conn(m, A, OPS_O)).toBe(NONE);
    expect(conn(m, OPS_O, OPS_B)).toBe(ALL);
  });

  it('host-networked pods are never subjects, nor matched by namespaces or pods peers; networks 0.0.0.0/0 matches them', () => {
    // types.go L164 (v0.2.0): host-networked pods are not included in subject selection; L351, L357-358: nor in namespaces and pods peers; L375-381: networks see every IP
    const host = 'apiVersion: v1\nkind: Pod\nmetadata: { name: h, namespace: shop, labels: { app: h } }\nspec: { hostNetwork: true, containers: [{ name: c, image: x }] }\n---\n';
    const H = 'shop/h[Pod]';
    const selectors = matrixOf(twoApps() + host + admin('p', 10, inShop, { ingress: [{ action: 'Deny', from: fromShop }], egress: [{ action: 'Deny', to: [podsOf('h', ns('shop'))] }] }));
    expect(conn(selectors, A, H)).toBe(ALL);
    expect(conn(selectors, H, B)).toBe(ALL);
    expect(conn(selectors, A, B)).toBe(NONE);
    const networks = matrixOf(twoApps() + host + admin('p', 10, inShop, { egress: [{ action: 'Deny', to: [{ networks: ['0.0.0.0/0'] }] }] }));
    expect(conn(networks, A, H)).toBe(NONE);
  });

  it('a subject sets exactly one of namespaces or pods', () => {
    // types.go L162-167 (v0.2.0): exactly one field must be set (MinProperties=MaxProperties=1)
    for (const subject of [{}, { namespaces: {}, pods: { podSelector: {} } }]) {
      const m = matrixOf(twoApps() + admin('p', 10, subject, { ingress: [{ action: 'Deny', from: fromShop }] }));
      expect(errors(m).map((d) => d.code)).toEqual(['RD004']);
      expect(errors(m)[0]!.message).toMatch(/exactly one of namespaces or pods/);
      expect(conn(m, A, B)).toBe(ALL);
    }
  });
});

describe('peers', () => {
  it('a namespaces peer selects every pod of the matching namespaces', () => {
    // types.go L350-354 (v0.2.0): Namespaces selects all pods within a set of namespaces
    const m = matrixOf(world() + admin('p', 10, inShop, { ingress: [{ action: 'Deny', from: [{ namespaces: { matchLabels: { team: 'ops' } } }] }] }));
    expect(conn(m, OPS_O, B)).toBe(NONE);
    expect(conn(m, OPS_B, A)).toBe(NONE);
    expect(conn(m, A, B)).toBe(ALL);
  });

  it('a pods peer ANDs its namespaceSelector and podSelector; without namespaceSelector it means every namespace', () => {
    // types.go L356-361, L412-425 (v0.2.0): Pods selects pods in a set of namespaces; an empty namespaceSelector selects all namespaces
    const and = matrixOf(world() + admin('p', 10, inShop, { ingress: [{ action: 'Deny', from: [podsOf('b', { matchLabels: { team: 'ops' } })] }] }));
    expect(conn(and, OPS_B, A)).toBe(NONE);
    expect(conn(and, OPS_O, A)).toBe(ALL);
    expect(conn(and, B, A)).toBe(ALL);
    const anyNs = matrixOf(world() + admin('p', 10, inShop, { ingress: [{ action: 'Deny', from: [podsOf('b')] }] }));
    expect(conn(anyNs, OPS_B, A)).toBe(NONE);
    expect(conn(anyNs, B, A)).toBe(NONE);
    expect(conn(anyNs, OPS_O, A)).toBe(ALL);
  });

  it('separate peers are ORed', () => {
    // types.go L211-213 (v0.2.0): if any element of from matches the source, the action is applied (L263-265 for to)
    const m = matrixOf(world() + admin('p', 10, inShop, { ingress: [{ action: 'Deny', from: [{ namespaces: { matchLabels: { team: 'ops' } } }, podsOf('a', ns('shop'))] }] }));
    expect(conn(m, OPS_O, B)).toBe(NONE);
    expect(conn(m, A, B)).toBe(NONE);
    expect(conn(m, B, A)).toBe(ALL);
  });

  it('networks 0.0.0.0/0 matches pods as well as external addresses', () => {
    // types.go L375-381 (v0.2.0): Deny to "0.0.0.0/0" denies all IPv4 pod-to-pod traffic as well
    const m = matrixOf(world() + admin('p', 10, inShop, { egress: [{ action: 'Deny', to: [{ networks: ['0.0.0.0/0'] }] }] }));
    expect(conn(m, A, B)).toBe(NONE);
    expect(conn(m, A, OPS_O)).toBe(NONE);
    expect(conn(m, A, OUTSIDE)).toBe(NONE);
    expect(conn(m, OPS_O, A)).toBe(ALL);
  });

  it('a narrower network matches only external ranges when no pod network is given, with a warning', () => {
    // types.go L375-379 (v0.2.0): cluster-internal traffic is checked against networks too; without --pod-cidr pod IPs are unknown, so it is reported
    const m = matrixOf(twoApps() + admin('p', 10, inShop, { egress: [{ action: 'Deny', to: [{ networks: ['10.0.0.0/8'] }] }] }));
    expect(conn(m, A, B)).toBe(ALL);
    expect(conn(m, A, '10.1.2.3')).toBe(NONE);
    expect(conn(m, A, OUTSIDE)).toBe(ALL);
    const w = warnings(m).filter((d) => d.code === 'RD007' && /10\.0\.0\.0\/8/.test(d.message));
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toMatch(/--pod-cidr/);
  });

  it('a network that covers the pod network (podCIDRs) matches the pods', () => {
    // types.go L375-381 (v0.2.0): a networks peer matches pod IPs inside it
    const text = twoApps() + admin('p', 10, inShop, { egress: [{ action: 'Deny', to: [{ networks: ['10.0.0.0/8'] }] }] });
    const covered = matrixOf(text, { podCIDRs: ['10.244.0.0/16'] });
    expect(conn(covered, A, B)).toBe(NONE);
    expect(conn(covered, A, '10.1.2.3')).toBe(NONE);
    expect(conn(covered, A, OUTSIDE)).toBe(ALL);
    expect(warnings(covered).filter((d) => /10\.0\.0\.0\/8/.test(d.message))).toEqual([]);
    // one that covers only part of the pod network is kept to external addresses, with the warning
    const part = matrixOf(text, { podCIDRs: ['10.0.0.0/7'] });
    expect(conn(part, A, B)).toBe(ALL);
    expect(warnings(part).some((d) => d.code === 'RD007' && /only part of the pod network/.test(d.message))).toBe(true);
  });
});

describe('protocols', () => {
  it('tcp, udp and sctp destinationPort: a number or an inclusive range', () => {
    // types.go L433-447, L487-506 (v0.2.0): a number or a range; PortRange is inclusive of start and end
    const text = twoApps() + admin('p', 10, inShop, { ingress: [{ action: 'Accept', from: fromShop, protocols: [tcp(80), range('udp', 5000, 5100), { sctp: { destinationPort: { number: 9003 } } }, range('tcp', 8000, 8001)] }, { action: 'Deny', from: fromShop }] });
    expect(conn(matrixOf(text), A, B)).toBe('SCTP 9003,TCP 80,8000-8001,UDP 5000-5100');
  });

  it('destinationNamedPort resolves on the destination container ports, with the protocol they declare', () => {
    // types.go L449-454 (v0.2.0): DestinationNamedPort selects a destination port by ContainerPort name
    const ingress = twoApps() + admin('p', 10, inShop, { ingress: [{ action: 'Accept', from: fromShop, protocols: [{ destinationNamedPort: 'dns' }, { destinationNamedPort: 'http' }] }, { action: 'Deny', from: fromShop }] });
    const m = matrixOf(ingress);
    expect(conn(m, A, B)).toBe('TCP 8080,UDP 53');
    // a has no such container port: the rule matches nothing there
    expect(conn(m, B, A)).toBe(NONE);
    const egress = twoApps() + admin('p', 10, inShop, { egress: [{ action: 'Accept', to: fromShop, protocols: [{ destinationNamedPort: 'dns' }] }, { action: 'Deny', to: toAll }] });
    expect(conn(matrixOf(egress), A, B)).toBe('UDP 53');
  });

  it('protocols omitted: the rule matches all traffic, every protocol and port', () => {
    // types.go L220-224 (v0.2.0): if unspecified, protocol-specific attributes are not used to match traffic
    const m = matrixOf(twoApps() + admin('p', 10, inShop, { ingress: [{ action: 'Deny', from: fromShop }] }));
    expect(conn(m, A, B)).toBe(NONE);
    const withProtocols = matrixOf(twoApps() + admin('p', 10, inShop, { ingress: [{ action: 'Deny', from: fromShop, protocols: [tcp(80)] }] }));
    expect(conn(withProtocols, A, B)).not.toBe(NONE);
  });

  it('a protocols item tcp: {} (no destinationPort) is rejected with file and line, and the policy skipped', () => {
    // types.go L457-465 (v0.2.0): ClusterNetworkPolicyProtocolTCP has MinProperties=1, so destinationPort must be set
    const bad = admin('bad', 10, inShop, { ingress: [{ action: 'Deny', from: fromShop, protocols: [udp(53)] }, { name: 'no-port', action: 'Deny', from: fromShop, protocols: [{ tcp: {} }] }] });
    const text = twoApps() + bad;
    const m = matrixOf({ 'cnp.yaml': text });
    const e = errors(m);
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ code: 'RD004', file: 'cnp.yaml', line: lineOf(text, '"no-port"') });
    expect(e[0]!.message).toMatch(/ClusterNetworkPolicy bad/);
    expect(e[0]!.message).toMatch(/tcp needs a destinationPort/);
    expect(e[0]!.message).toMatch(/policy skipped/);
    // the whole policy is skipped, its valid first rule too
    expect(conn(m, A, B)).toBe(ALL);
    expect(load({ 'cnp.yaml': text }).policies).toHaveLength(0);
  });

  it('a port range whose start is not below its end is rejected', () => {
    // types.go L508 (v0.2.0): CEL self.start < self.end, "Start port must be less than End port"
    for (const [start, end] of [
      [80, 80],
      [90, 80],
    ] as const) {
      const m = matrixOf(twoApps() + admin('p', 10, inShop, { ingress: [{ action: 'Deny', from: fromShop, protocols: [range('tcp', start, end)] }] }));
      expect(errors(m).map((d) => d.code)).toEqual(['RD004']);
      expect(errors(m)[0]!.message).toMatch(/must be less than end/);
      expect(conn(m, A, B)).toBe(ALL);
    }
  });

  it('a protocols item with no field, or with two, is rejected', () => {
    // types.go L428-432 (v0.2.0): exactly one of tcp, udp, sctp, destinationNamedPort (MinProperties=MaxProperties=1)
    for (const item of [{}, { ...tcp(80), destinationNamedPort: 'http' }]) {
      const m = matrixOf(twoApps() + admin('p', 10, inShop, { ingress: [{ action: 'Deny', from: fromShop, protocols: [item] }] }));
      expect(errors(m).map((d) => d.code)).toEqual(['RD004']);
      expect(conn(m, A, B)).toBe(ALL);
    }
  });
});

describe('validation', () => {
  it('priority outside 0..1000 is rejected; 0 and 1000 are valid', () => {
    // types.go L106-107 (v0.2.0): Minimum=0, Maximum=1000
    for (const priority of [-1, 1001]) {
      const text = twoApps() + admin('p', priority, inShop, { ingress: [{ action: 'Deny', from: fromShop }] });
      const m = matrixOf({ 'cnp.yaml': text });
      expect(errors(m)).toHaveLength(1);
      expect(errors(m)[0]).toMatchObject({ code: 'RD004', file: 'cnp.yaml' });
      expect(errors(m)[0]!.message).toMatch(/priority/);
      expect(conn(m, A, B)).toBe(ALL);
    }
    for (const priority of [0, 1000]) {
      const m = matrixOf(twoApps() + admin('p', priority, inShop, { ingress: [{ action: 'Deny', from: fromShop }] }));
      expect(errors(m)).toEqual([]);
      expect(conn(m, A, B)).toBe(NONE);
    }
  });

  it('priority is required', () => {
    // types.go L108 (v0.2.0): `json:"priority"` with no +optional, and the package default is Required (L18-19)
    const m = matrixOf(twoApps() + cnp('p', 'Admin', undefined, inShop, { ingress: [{ action: 'Deny', from: fromShop }] }));
    expect(errors(m).map((d) => d.code)).toEqual(['RD004']);
    expect(errors(m)[0]!.message).toMatch(/priority is missing/);
  });

  it('tier missing or in the wrong case is rejected', () => {
    // types.go L91, L144-150 (v0.2.0): tier is required, enum {"Admin", "Baseline"}
    for (const tier of [undefined, 'admin', 'baseline']) {
      const m = matrixOf(twoApps() + cnp('p', tier, 10, inShop, { ingress: [{ action: 'Deny', from: fromShop }] }));
      expect(errors(m).map((d) => d.code)).toEqual(['RD004']);
      expect(errors(m)[0]!.message).toMatch(/tier/);
      expect(conn(m, A, B)).toBe(ALL);
    }
  });

  it('action Allow is rejected, with the hint that v1alpha2 calls it Accept', () => {
    // types.go L283-288 (v0.2.0): enum {"Accept", "Deny", "Pass"}
    const text = twoApps() + admin('p', 10, inShop, { ingress: [{ name: 'old-word', action: 'Allow', from: fromShop }] });
    const m = matrixOf({ 'cnp.yaml': text });
    expect(errors(m)).toHaveLength(1);
    expect(errors(m)[0]).toMatchObject({ code: 'RD004', file: 'cnp.yaml', line: lineOf(text, '"old-word"') });
    expect(errors(m)[0]!.message).toMatch(/v1alpha2 calls it Accept/);
    const lower = matrixOf(twoApps() + admin('p', 10, inShop, { ingress: [{ action: 'accept', from: fromShop }] }));
    expect(errors(lower).map((d) => d.code)).toEqual(['RD004']);
  });

  it('from and to must list at least one peer', () => {
    // types.go L214-218, L266-270 (v0.2.0): must be defined and contain at least one item (MinItems=1)
    const m = matrixOf(twoApps() + admin('p', 10, inShop, { ingress: [{ action: 'Deny', from: [] }] }) + admin('q', 20, inShop, { egress: [{ action: 'Deny' }] }));
    expect(errors(m).map((d) => d.code)).toEqual(['RD004', 'RD004']);
    expect(conn(m, A, B)).toBe(ALL);
  });

  it('lists are bounded: at most 25 rules per direction, 1 to 25 peers and protocols per rule, rule names of at most 100 characters', () => {
    // types.go L115/L125, L130/L140 (v0.2.0): at most 25 rules; L216-217, L268-269: 1 to 25 peers; L226-227, L278-279: 1 to 25 protocols; L187: names up to 100 characters
    const deny = { action: 'Deny', from: fromShop };
    const cases: Array<[Rules, RegExp]> = [
      [{ ingress: Array.from({ length: 26 }, () => deny) }, /spec\.ingress must have at most 25 items/],
      [{ egress: Array.from({ length: 26 }, () => ({ action: 'Deny', to: toAll })) }, /spec\.egress must have at most 25 items/],
      [{ ingress: [{ action: 'Deny', from: Array.from({ length: 26 }, () => ({ namespaces: {} })) }] }, /from must have 1 to 25 items/],
      [{ ingress: [{ ...deny, protocols: [] }] }, /protocols must have 1 to 25 items, not 0/],
      [{ ingress: [{ ...deny, protocols: Array.from({ length: 26 }, (_, i) => tcp(i + 1)) }] }, /protocols must have 1 to 25 items, not 26/],
      [{ ingress: [{ ...deny, name: 'x'.repeat(101) }] }, /name must be a string of at most 100 characters/],
    ];
    for (const [rules, message] of cases) {
      const m = matrixOf(twoApps() + admin('p', 10, inShop, rules));
      expect(errors(m).map((d) => d.code)).toEqual(['RD004']);
      expect(errors(m)[0]!.message).toMatch(message);
      expect(conn(m, A, B)).toBe(ALL);
    }
    const limits = matrixOf(twoApps() + admin('p', 10, inShop, { ingress: [...Array.from({ length: 24 }, () => ({ ...deny, protocols: [tcp(1)] })), { ...deny, name: 'x'.repeat(100) }] }));
    expect(errors(limits)).toEqual([]);
    expect(conn(limits, A, B)).toBe(NONE);
  });

  it('port numbers are 1 to 65535', () => {
    // types.go L495-496, L514-515, L522-523 (v0.2.0): Minimum=1, Maximum=65535 for number, start and end
    for (const item of [tcp(0), udp(65536), range('sctp', 0, 80), range('tcp', 1, 65536)]) {
      const m = matrixOf(twoApps() + admin('p', 10, inShop, { ingress: [{ action: 'Deny', from: fromShop, protocols: [item] }] }));
      expect(errors(m).map((d) => d.code)).toEqual(['RD004']);
      expect(conn(m, A, B)).toBe(ALL);
    }
    expect(conn(matrixOf(twoApps() + admin('p', 10, inShop, { ingress: [{ action: 'Accept', from: fromShop, protocols: [range('tcp', 1, 65535)] }, { action: 'Deny', from: fromShop }] })), A, B)).toBe('TCP 1-65535');
  });

  it('networks must be CIDRs: a bare address is rejected; host bits are accepted and masked; IPv6 is modelled, IPv4-mapped IPv6 rejected', () => {
    // types.go L527-532 (v0.2.0): CEL isCIDR(self), which needs a prefix length and does not check host bits
    const deny = (cidr: string) => matrixOf(twoApps() + admin('p', 10, inShop, { egress: [{ action: 'Deny', to: [{ networks: [cidr] }] }] }));
    const bare = deny('8.8.8.8');
    expect(errors(bare).map((d) => d.code)).toEqual(['RD004']);
    expect(conn(bare, A, OUTSIDE)).toBe(ALL);
    const hostBits = deny('8.1.2.3/8');
    expect(errors(hostBits)).toEqual([]);
    expect(conn(hostBits, A, '8.0.0.0')).toBe(NONE);
    expect(conn(hostBits, A, '9.0.0.0')).toBe(ALL);
    const v6 = deny('fd00::/8');
    expect(errors(v6)).toEqual([]);
    expect(conn(v6, A, 'fd00::1')).toBe(NONE);
    expect(conn(v6, A, '2001:db8::1')).toBe(ALL);
    // pods may have IPv6 addresses anywhere, and no pod network says where: the rule is applied to external addresses, loudly
    expect(warnings(v6).map((d) => d.message)).toEqual([expect.stringMatching(/networks fd00::\/8 may hold pod IPs; no pod network is configured/)]);
    expect(conn(v6, A, B)).toBe(ALL);
    // CEL isCIDR refuses IPv4-mapped addresses (k8s.io/apiserver/pkg/cel/library/cidr.go)
    expect(errors(deny('::ffff:8.0.0.0/104')).map((d) => d.message)).toEqual([expect.stringMatching(/IPv4-mapped IPv6 address.*write 8\.0\.0\.0\/8/)]);
    // apis/v1alpha2/clusternetworkpolicy_types.go (network-policy-api, main): type CIDR has MaxLength=43; a NAT64 address
    // written out in full is 49 characters, and the API server refuses the whole object
    const long = deny('0064:ff9b:0000:0000:0000:0000:192.168.100.200/128');
    expect(errors(long).map((d) => d.message)).toEqual([expect.stringMatching(/is longer than the 43 characters the CRD allows for a CIDR, so the API server refuses the object/)]);
    expect(conn(long, A, OUTSIDE)).toBe(ALL);
    expect(errors(deny('64:ff9b::192.168.100.200/128'))).toEqual([]);
  });

  it('an egress peer with two fields is rejected, as the CRD enforces exactly one', () => {
    // types.go L338-339, L347-348 (v0.2.0): exactly one of the fields must be set, enforced by the validation rules on the CRD (MaxProperties=1)
    const m = matrixOf(twoApps() + admin('p', 10, inShop, { egress: [{ action: 'Deny', to: [{ namespaces: ns('elsewhere'), networks: ['192.0.2.0/24'] }] }] }));
    expect(errors(m).map((d) => d.code)).toEqual(['RD004']);
    expect(conn(m, A, B)).toBe(ALL);
  });

  it('networks holds at most 25 CIDRs', () => {
    // types.go L386, L391 (v0.2.0): Networks can have up to 25 CIDRs (MaxItems=25)
    const networks = Array.from({ length: 26 }, (_, i) => `192.0.${i}.0/24`);
    const m = matrixOf(twoApps() + admin('p', 10, inShop, { egress: [{ action: 'Deny', to: [{ networks }] }] }));
    expect(errors(m).map((d) => d.code)).toEqual(['RD004']);
    expect(conn(m, A, '192.0.0.1')).toBe(ALL);
  });

  it('networks lists each CIDR once', () => {
    // types.go L389 (v0.2.0): +listType=set
    const m = matrixOf(twoApps() + admin('p', 10, inShop, { egress: [{ action: 'Deny', to: [{ networks: ['192.0.2.0/24', '192.0.2.0/24'] }] }] }));
    expect(errors(m).map((d) => d.code)).toEqual(['RD004']);
    expect(conn(m, A, '192.0.2.1')).toBe(ALL);
  });

  it('domainNames holds 1 to 25 distinct names, each matching the DomainName pattern', () => {
    // types.go L406-408, L553 (v0.2.0): listType=set, MaxItems=25, Pattern ^(\*\.)?([a-zA-z0-9]...\.)+...$
    const lists = [['localhost'], ['foo.*.example.com'], ['example.com', 'example.com'], Array.from({ length: 26 }, (_, i) => `a${i}.example.com`)];
    for (const domainNames of lists) {
      const m = matrixOf(twoApps() + admin('p', 10, inShop, { egress: [{ action: 'Accept', to: [{ domainNames }] }] }));
      expect(errors(m).map((d) => d.code)).toEqual(['RD004']);
    }
  });
});

describe('fail closed', () => {
  const badPeers: Array<[string, unknown]> = [
    ['no field', {}],
    ['an unknown field', { fqdns: ['example.com'] }],
  ];

  for (const [what, bad] of badPeers) {
    it(`an egress peer with ${what}: an Accept rule matches nothing at all, not even through its other peers`, () => {
      // types.go L339-345 (v0.2.0): fail closed; for Accept rules, treat the rule as matching no traffic
      const good = admin('p', 10, inShop, { egress: [{ action: 'Accept', to: [podsOf('b')] }, { action: 'Deny', to: toAll }] });
      expect(conn(matrixOf(twoApps() + good), A, B)).toBe(ALL);
      const m = matrixOf(twoApps() + admin('p', 10, inShop, { egress: [{ action: 'Accept', to: [podsOf('b'), bad] }, { action: 'Deny', to: toAll }] }));
      expect(conn(m, A, B)).toBe(NONE);
      expect(warnings(m).some((d) => d.code === 'RD007' && /fails closed/.test(d.message))).toBe(true);
    });

    it(`an egress peer with ${what}: a Deny rule denies all traffic, on every port`, () => {
      // types.go L343-345 (v0.2.0): for Deny rules, fail closed means treat the rule as a 'Deny all' rule
      const m = matrixOf(world() + admin('p', 10, inShop, { egress: [{ action: 'Deny', to: [podsOf('nothing'), bad], protocols: [tcp(80)] }] }));
      expect(conn(m, A, B)).toBe(NONE);
      expect(conn(m, A, OPS_O)).toBe(NONE);
      expect(conn(m, A, OUTSIDE)).toBe(NONE);
      expect(conn(m, OPS_O, A)).toBe(ALL);
      expect(warnings(m).some((d) => d.code === 'RD007' && /fails closed/.test(d.message))).toBe(true);
    });

    it(`an egress peer with ${what}: a Pass rule also denies all traffic, it does not pass`, () => {
      // types.go L343-345 (v0.2.0): for Pass rules too, fail closed means a 'Deny all' rule
      const np = policy('shop', 'allow', { podSelector: {}, policyTypes: ['Egress'], egress: [{}] });
      expect(conn(matrixOf(twoApps() + admin('p', 10, inShop, { egress: [{ action: 'Pass', to: toAll }] }) + np), A, B)).toBe(ALL);
      const m = matrixOf(twoApps() + admin('p', 10, inShop, { egress: [{ action: 'Pass', to: [bad] }] }) + np);
      expect(conn(m, A, B)).toBe(NONE);
      expect(conn(m, A, OUTSIDE)).toBe(NONE);
      expect(warnings(m).some((d) => d.code === 'RD007' && /fails closed/.test(d.message))).toBe(true);
    });
  }

  it('an ingress peer with a field only egress peers have fails closed', () => {
    // types.go L308-334 (v0.2.0): ingress peers have only namespaces and pods; a Deny rule with another field is 'Deny all'
    const m = matrixOf(world() + admin('p', 10, inShop, { ingress: [{ action: 'Deny', from: [{ networks: ['10.0.0.0/8'] }], protocols: [tcp(80)] }] }));
    expect(conn(m, OPS_O, A)).toBe(NONE);
    expect(conn(m, OUTSIDE, A)).toBe(NONE);
    expect(warnings(m).some((d) => d.code === 'RD007' && /fails closed/.test(d.message))).toBe(true);
  });
});

describe('domainNames', () => {
  it('domainNames peers are reported and listed as not analysed', () => {
    // types.go L394-409 (v0.2.0): DomainNames (experimental) name peers whose addresses are not in the manifests
    const text = twoApps() + admin('dns', 10, inShop, { egress: [{ action: 'Accept', to: [{ domainNames: ['example.com', '*.example.org'] }] }] });
    const m = matrixOf({ 'cnp.yaml': text });
    const w = warnings(m).filter((d) => d.code === 'RD007' && /domainNames/.test(d.message));
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toMatch(/example\.com/);
    expect(w[0]!.file).toBe('cnp.yaml');
    const notAnalysed = load({ 'cnp.yaml': text }).notAnalysed;
    expect(notAnalysed).toHaveLength(1);
    expect(notAnalysed[0]).toMatchObject({ kind: 'rule part', name: 'ClusterNetworkPolicy dns', source: { file: 'cnp.yaml' } });
  });

  it('an Accept rule with domainNames reaches external addresses but no pod', () => {
    // types.go L394-399 (v0.2.0): domainNames are for Accept rules, followed by a lower-precedence Deny as an allowlist
    const text = twoApps() + admin('dns', 10, inShop, { egress: [{ action: 'Accept', to: [{ domainNames: ['example.com'] }] }, { action: 'Deny', to: [{ networks: ['0.0.0.0/0'] }] }] });
    const m = matrixOf(text);
    expect(conn(m, A, OUTSIDE)).toBe(ALL);
    expect(conn(m, A, B)).toBe(NONE);
  });
});

describe('nodes', () => {
  it('nodes peers match no workload, with a warning', () => {
    // types.go L363-373 (v0.2.0): Nodes selects node IPs (node.Status.Addresses), which the manifests do not hold
    const m = matrixOf(twoApps() + admin('p', 10, inShop, { egress: [{ action: 'Deny', to: [{ nodes: {} }] }] }));
    expect(conn(m, A, B)).toBe(ALL);
    expect(conn(m, A, OUTSIDE)).toBe(ALL);
    expect(warnings(m).some((d) => d.code === 'RD007' && /nodes/.test(d.message))).toBe(true);
  });
});

describe('ambiguity', () => {
  const ambiguous = (m: Matrix) => warnings(m).filter((d) => /same priority/.test(d.message));

  it('two Admin policies with the same priority whose rules overlap are reported', () => {
    // types.go L98-104 (v0.2.0): with the same priority in the same tier, the implementation can apply any of them
    const text = twoApps() + admin('one', 10, inShop, { ingress: [{ action: 'Accept', from: fromShop }] }) + admin('two', 10, inShop, { ingress: [{ action: 'Deny', from: fromShop }] });
    const w = ambiguous(matrixOf(text));
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toMatch(/\bone\b/);
    expect(w[0]!.message).toMatch(/\btwo\b/);
    expect(w[0]!.message).toMatch(/same priority 10/);
  });

  it('not when their rules do not overlap, in peers or in ports', () => {
    // types.go L98-100 (v0.2.0): the ambiguity is for policies that could match a connection
    const peers = world() + admin('one', 10, inShop, { ingress: [{ action: 'Accept', from: fromShop }] }) + admin('two', 10, inShop, { ingress: [{ action: 'Deny', from: [{ namespaces: ns('ops') }] }] });
    expect(ambiguous(matrixOf(peers))).toEqual([]);
    const ports = twoApps() + admin('one', 10, inShop, { ingress: [{ action: 'Accept', from: fromShop, protocols: [tcp(80)] }] }) + admin('two', 10, inShop, { ingress: [{ action: 'Deny', from: fromShop, protocols: [tcp(443)] }] });
    expect(ambiguous(matrixOf(ports))).toEqual([]);
    const priorities = twoApps() + admin('one', 10, inShop, { ingress: [{ action: 'Accept', from: fromShop }] }) + admin('two', 11, inShop, { ingress: [{ action: 'Deny', from: fromShop }] });
    expect(ambiguous(matrixOf(priorities))).toEqual([]);
  });
});

describe('with v1alpha1 AdminNetworkPolicies', () => {
  it('a ClusterNetworkPolicy and an AdminNetworkPolicy are ordered together by priority in the Admin tier', () => {
    // types.go L93-97 (v0.2.0): priority orders the policies of a tier; the v1alpha1 AdminNetworkPolicy is the former Admin tier
    const anpAllow = anp('old', 10, inShop, [{ action: 'Allow', from: fromShop, ports: [{ portNumber: { protocol: 'TCP', port: 80 } }] }]);
    const cnpBefore = admin('new', 5, inShop, { ingress: [{ action: 'Deny', from: fromShop }] });
    expect(conn(matrixOf(twoApps() + anpAllow + cnpBefore), A, B)).toBe(NONE);
    const cnpAfter = admin('new', 20, inShop, { ingress: [{ action: 'Deny', from: fromShop }] });
    expect(conn(matrixOf(twoApps() + anpAllow + cnpAfter), A, B)).toBe('TCP 80');
    // the same priority across the two kinds is as ambiguous as within one
    const tie = matrixOf(twoApps() + anpAllow + admin('new', 10, inShop, { ingress: [{ action: 'Deny', from: fromShop }] }));
    expect(warnings(tie).some((d) => /same priority 10/.test(d.message) && /AdminNetworkPolicy old/.test(d.message) && /ClusterNetworkPolicy new/.test(d.message))).toBe(true);
  });
});

describe('explanations', () => {
  it('explain names the deciding ClusterNetworkPolicy rule: kind, policy, rule index and name, priority', () => {
    // types.go L181-188 (v0.2.0): the rule name is there for observability and error reporting
    const text = twoApps() + admin('guard', 7, inShop, { ingress: [{ name: 'web', action: 'Accept', from: fromShop, protocols: [tcp(80)] }, { name: 'deny-rest', action: 'Deny', from: fromShop }] });
    const m = matrixOf({ 'cnp.yaml': text });
    const e = m.explain(m.workloadEndpoint(A)!, m.workloadEndpoint(B)!);
    expect(e.allowed.toString()).toBe('TCP 80');
    const decided = e.ingress.decisions.filter((d) => d.rule).map((d) => ({ action: d.action, ports: d.ports.toString(), origin: d.rule!.origin }));
    expect(decided).toHaveLength(2);
    expect(decided[0]).toMatchObject({ action: 'allow', ports: 'TCP 80', origin: { policyKind: 'ClusterNetworkPolicy', policy: 'guard', direction: 'ingress', index: 0, name: 'web', priority: 7, source: { file: 'cnp.yaml', line: lineOf(text, '"web"') } } });
    expect(decided[1]!.action).toBe('deny');
    expect(decided[1]!.origin).toMatchObject({ policyKind: 'ClusterNetworkPolicy', policy: 'guard', index: 1, name: 'deny-rest', priority: 7, source: { line: lineOf(text, '"deny-rest"') } });
    expect(e.ingress.holders).toEqual([{ kind: 'ClusterNetworkPolicy', id: 'guard', isolates: false }]);
  });

  it('explain shows a Pass handing over to the next tier', () => {
    // types.go L299-304 (v0.2.0): a Pass in Admin hands over to NetworkPolicy, which decides
    const text = twoApps() + admin('pass', 3, inShop, { ingress: [{ name: 'to-np', action: 'Pass', from: fromShop }] }) + policy('shop', 'np', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ ports: [{ port: 443 }] }] });
    const m = matrixOf(text);
    const e = m.explain(m.workloadEndpoint(A)!, m.workloadEndpoint(B)!);
    expect(e.allowed.toString()).toBe('TCP 443');
    const pass = e.ingress.decisions.find((d) => d.action === 'pass');
    expect(pass?.rule?.origin).toMatchObject({ policyKind: 'ClusterNetworkPolicy', policy: 'pass', name: 'to-np', priority: 3 });
    expect(e.ingress.decisions.some((d) => d.action === 'allow' && d.rule?.origin.policyKind === 'NetworkPolicy')).toBe(true);
  });
});
