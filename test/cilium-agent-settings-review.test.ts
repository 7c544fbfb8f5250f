/**
 * Cilium agent settings that decide whether the agent takes a policy at
 * all, or how it reads one: node selectors, L7 rules and ICMP rules under
 * flags that may be off, hand-written `reserved:` selectors, and
 * enableDefaultDeny where non-default-deny policies are off. Each test
 * cites the source it follows.
 */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../src/check/config.js';
import { checkInvariants } from '../src/check/invariants.js';
import { lint } from '../src/check/lint.js';
import type { AnalyzeOptions } from '../src/engine/analyze.js';
import { conn, matrixOf, namespace } from './helpers.js';

const ALL = 'All Connections';
const NONE = 'No Connections';

/** A bare pod with labels and an http port (80). */
function pod(ns: string, name: string, labels: Record<string, string>): string {
  return `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${ns}, labels: ${JSON.stringify(labels)}}
spec: {containers: [{name: c, image: x, ports: [{name: http, containerPort: 80}]}]}
---
`;
}

/** Namespaces x and z; pods x/a, x/b and z/a. */
const world = () => namespace('x') + namespace('z') + pod('x', 'a', { pod: 'a' }) + pod('x', 'b', { pod: 'b' }) + pod('z', 'a', { pod: 'a' });
const XA = 'x/a[Pod]';
const XB = 'x/b[Pod]';
const ZA = 'z/a[Pod]';

function cilium(kind: 'CiliumNetworkPolicy' | 'CiliumClusterwideNetworkPolicy', name: string, spec: Record<string, unknown>, ns?: string): string {
  return `apiVersion: cilium.io/v2
kind: ${kind}
metadata: {name: ${name}${ns !== undefined ? `, namespace: ${ns}` : ''}}
spec: ${JSON.stringify(spec)}
---
`;
}
const cnp = (ns: string, name: string, spec: Record<string, unknown>) => cilium('CiliumNetworkPolicy', name, spec, ns);

/** cilium-config in kube-system with these settings. */
function ciliumConfig(data: Record<string, string>): string {
  return `apiVersion: v1
kind: ConfigMap
metadata: {name: cilium-config, namespace: kube-system}
data: ${JSON.stringify(data)}
---
`;
}

/** The status and the first witness of one invariant (`never` or `always`). */
function invariant(kind: 'never' | 'always', manifests: string, from: string, to: string, options: AnalyzeOptions = {}, ports?: string): { status: string; why: string } {
  const text = `invariants:\n  - name: i\n    ${kind}: { from: ${from}, to: ${to}${ports ? `, ports: [${ports}]` : ''} }\n`;
  const [result] = checkInvariants(parseConfig(text, 'c.yml').invariants, matrixOf(manifests, options), options);
  return { status: result!.status, why: JSON.stringify(result!.head, (_, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) };
}

const warnings = (text: string, options: AnalyzeOptions = {}) => matrixOf(text, options).diagnostics.filter((d) => d.severity === 'warning').map((d) => `${d.code} ${d.message}`);

describe('Cilium: fromNodes and toNodes need enable-node-selector-labels', () => {
  // pkg/policy/api/rule_validation.go IngressCommonRule.Validate / EgressCommonRule.Validate: ErrFromToNodesRequiresNodeSelectorOption
  // ("FromNodes/ToNodes rules can only be applied when the "enable-node-selector-labels" flag is set"), false by default
  // (pkg/defaults EnableNodeSelectorLabels; docs.cilium.io/en/latest/security/policy/language/, "Node based")
  const nodes = cnp('x', 'a-in', {
    endpointSelector: { matchLabels: { pod: 'a' } },
    ingress: [{ fromEndpoints: [{ matchLabels: { pod: 'b' } }] }, { fromNodes: [{ matchLabels: { 'node-role.kubernetes.io/control-plane': '' } }] }],
  });

  it('without the flag in the manifests the agent refuses the whole policy: x/a is left open, and a never invariant on it fails closed', () => {
    const text = world() + nodes;
    expect(conn(matrixOf(text), ZA, XA)).toBe(ALL);
    const r = invariant('never', text, '{ namespace: z }', '{ workload: x/a }');
    expect(r.status).toBe('violated');
    expect(warnings(text).join('\n')).toMatch(/RD011 CiliumNetworkPolicy x\/a-in is not analysed: Cilium's agent refuses the whole policy for its fromNodes unless enable-node-selector-labels is on, and the manifests hold no cilium-config that sets it \(off by default\)/);
  });

  it('an always invariant the policy would decide, were the flag on, fails closed too', () => {
    // z/a reaches x/a as shown, which the policy would stop
    const r = invariant('always', world() + nodes, '{ namespace: z }', '{ workload: x/a }');
    expect(r.status).toBe('violated');
    expect(r.why).toContain('enable-node-selector-labels');
    expect(invariant('always', world() + ciliumConfig({ 'enable-node-selector-labels': 'true' }) + nodes, '{ namespace: z }', '{ workload: x/a }').status).toBe('violated');
    // where no policy holds x/a, the path is sure
    expect(invariant('always', world(), '{ namespace: z }', '{ workload: x/a }').status).toBe('holds');
  });

  it('toNodes in egress alike; a cilium-config with the flag off says where', () => {
    const text = world() + ciliumConfig({ 'enable-node-selector-labels': 'false' }) + cnp('x', 'a-out', { endpointSelector: { matchLabels: { pod: 'a' } }, egress: [{ toEndpoints: [{ matchLabels: { pod: 'b' } }] }, { toNodes: [{}] }] });
    expect(conn(matrixOf(text), XA, ZA)).toBe(ALL);
    expect(invariant('never', text, '{ workload: x/a }', '{ namespace: z }').status).toBe('violated');
    expect(warnings(text).join('\n')).toMatch(/for its toNodes unless enable-node-selector-labels is on, and ConfigMap kube-system\/cilium-config \(test.yaml:\d+\) sets it to "false"/);
  });

  it('with enable-node-selector-labels on in cilium-config the policy is analysed as before: the rest of it is enforced', () => {
    const text = world() + ciliumConfig({ 'enable-node-selector-labels': 'true' }) + nodes;
    expect(conn(matrixOf(text), ZA, XA)).toBe(NONE);
    expect(conn(matrixOf(text), XB, XA)).toBe(ALL);
    expect(invariant('never', text, '{ namespace: z }', '{ workload: x/a }').status).toBe('holds');
    expect(warnings(text).join('\n')).not.toMatch(/RD011/);
  });

  it('a CiliumNodeConfig that turns it off for some nodes leaves the policy shown as enforced, in doubt', () => {
    // docs.cilium.io/en/stable/configuration/per-node-config/: its defaults override cilium-config on the nodes it selects
    const nodeConfig = `apiVersion: cilium.io/v2\nkind: CiliumNodeConfig\nmetadata: {name: some, namespace: kube-system}\nspec: {nodeSelector: {matchLabels: {pool: b}}, defaults: {enable-node-selector-labels: "false"}}\n---\n`;
    const text = world() + ciliumConfig({ 'enable-node-selector-labels': 'true' }) + nodeConfig + nodes;
    expect(conn(matrixOf(text), ZA, XA)).toBe(NONE);
    expect(invariant('never', text, '{ namespace: z }', '{ workload: x/a }').status).toBe('violated');
  });
});

describe('Cilium: selectors on reserved labels other than world, host and remote-node', () => {
  // an entity is a selector on one reserved label (cilium/cilium pkg/policy/api/entity.go EntitySelectorMapping;
  // pkg/labels/labels.go IDNameIngress, IDNameKubeAPIServer, IDNameWorldIPv4...), so reserved:ingress is the ingress entity
  const peer = (labels: Record<string, string>, section: 'ingress' | 'ingressDeny' = 'ingress', extra: Record<string, unknown> = {}) =>
    cnp('x', 'a-in', { endpointSelector: { matchLabels: { pod: 'a' } }, ...extra, [section]: [{ fromEndpoints: [{ matchLabels: labels }] }] });

  it('reserved:ingress is the ingress entity (the Cilium Envoy that handles ingress L7 traffic: docs.cilium.io/en/latest/security/policy/language/, "Entities Based"): a never invariant from the internet fails closed, as with fromEntities: [ingress]', () => {
    for (const text of [world() + peer({ 'reserved:ingress': '' }), world() + cnp('x', 'a-in', { endpointSelector: { matchLabels: { pod: 'a' } }, ingress: [{ fromEntities: ['ingress'] }] })]) {
      const r = invariant('never', text, 'internet', '{ workload: x/a }');
      expect(r.status).toBe('violated');
      expect(r.why).toContain('ingress');
    }
    expect(warnings(world() + peer({ 'reserved:ingress': '' })).join('\n')).toMatch(/RD007 .*reserved:ingress is read as the ingress entity/);
  });

  it('reserved:kube-apiserver and reserved:unmanaged alike; health and init, no endpoint of the manifests, are said', () => {
    expect(invariant('never', world() + peer({ 'reserved:kube-apiserver': '' }), 'internet', '{ workload: x/a }').status).toBe('violated');
    expect(invariant('never', world() + peer({ 'reserved:unmanaged': '' }), '{ namespace: z }', '{ workload: x/a }').status).toBe('violated');
    const health = world() + peer({ 'reserved:health': '' });
    expect(invariant('never', health, 'internet', '{ workload: x/a }').status).toBe('holds');
    expect(warnings(health).join('\n')).toMatch(/reserved:health is read as the health entity \(no endpoint of the manifests\)/);
    expect(warnings(world() + peer({ 'reserved:nosuch': '' })).join('\n')).toMatch(/no identity carries reserved:nosuch/);
  });

  it('on a dual-stack cluster outside addresses are world-ipv4 and world-ipv6, not world (pkg/labels/labels.go getWorldLabel): reserved:world-ipv4 allows every IPv4 client, reserved:world none', () => {
    const dual: AnalyzeOptions = { ipFamily: 'dual' };
    expect(invariant('never', world() + peer({ 'reserved:world-ipv4': '' }), 'internet', '{ workload: x/a }', dual).status).toBe('violated');
    expect(conn(matrixOf(world() + peer({ 'reserved:world-ipv4': '' }), dual), '0.0.0.0-9.255.255.255', XA)).toBe(ALL);
    // a deny of reserved:world denies no outside address there
    const deny = world() + peer({ 'reserved:world': '' }, 'ingressDeny', { enableDefaultDeny: { ingress: false } });
    expect(invariant('never', deny, 'internet', '{ workload: x/a }', dual).status).toBe('violated');
    // single-stack: world is every outside address, world-ipv4 none
    const v4: AnalyzeOptions = { ipFamily: 'ipv4' };
    expect(invariant('never', deny, 'internet', '{ workload: x/a }', v4).status).toBe('holds');
    expect(invariant('never', world() + peer({ 'reserved:world-ipv4': '' }), 'internet', '{ workload: x/a }', v4).status).toBe('holds');
  });

  it('where the cluster was taken to be IPv4 only since nothing names IPv6, either may differ on a dual-stack cluster: invariants fail closed', () => {
    const deny = world() + peer({ 'reserved:world': '' }, 'ingressDeny', { enableDefaultDeny: { ingress: false } });
    const r = invariant('never', deny, 'internet', '{ workload: x/a }');
    expect(r.status).toBe('violated');
    expect(r.why).toContain('world-ipv4 and world-ipv6, not world');
    expect(invariant('never', world() + peer({ 'reserved:world-ipv4': '' }), 'internet', '{ workload: x/a }').status).toBe('violated');
  });
});

describe("Cilium: a clusterwide policy whose endpointSelector selects the ingress proxy (reserved:ingress)", () => {
  // Cilium's Ingress and Gateway API send traffic from outside the cluster through an Envoy proxy that is an endpoint of
  // its own, of identity reserved:ingress, to which the policies selecting it apply (cilium/cilium commit 04f19e98, "Add
  // Cilium Endpoint representing Ingress"); docs.cilium.io/en/latest/network/servicemesh/ingress-and-network-policy/
  // ("Default Deny Ingress Policy": a NetworkPolicy that selects reserved:ingress and allows egress to specific
  // identities). A clusterwide policy's endpointSelector is taken as written, a CiliumNetworkPolicy's is given its
  // namespace (pkg/k8s/apis/cilium.io/utils/utils.go ParseToCiliumRule), which the proxy's identity does not carry.
  const routed =
    world() +
    `apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: x}\nspec: {selector: {pod: a}, ports: [{port: 80, targetPort: 80}]}\n---\n` +
    `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web, namespace: x}\nspec: {ingressClassName: cilium, rules: [{http: {paths: [{path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}]}}]}\n---\n`;
  const proxy = { matchLabels: { 'reserved:ingress': '' } };
  const toB = { egress: [{ toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'x', pod: 'b' } }] }] };

  it('its egress rules decide which backends the proxy reaches: an always invariant from the internet to a backend it may not reach fails closed, saying so', () => {
    expect(invariant('always', routed, 'internet', '{ workload: x/a }', {}, 'TCP/80').status).toBe('holds');
    const text = routed + cilium('CiliumClusterwideNetworkPolicy', 'ingress-egress', { endpointSelector: proxy, ...toB });
    const r = invariant('always', text, 'internet', '{ workload: x/a }', {}, 'TCP/80');
    expect(r.status).toBe('violated');
    expect(r.why).toContain("selects Cilium's ingress proxy (reserved:ingress)");
    expect(warnings(text).join('\n')).toMatch(/RD007 CiliumClusterwideNetworkPolicy ingress-egress: spec.endpointSelector selects Cilium's ingress proxy \(reserved:ingress\).*which backends it reaches/);
  });

  it('its ingress rules decide which clients get through it; a selector of any source (ingress: Exists) selects it too', () => {
    const text = routed + cilium('CiliumClusterwideNetworkPolicy', 'ingress-clients', { endpointSelector: { matchExpressions: [{ key: 'ingress', operator: 'Exists' }] }, ingress: [{ fromCIDR: ['192.0.2.0/24'] }] });
    const r = invariant('always', text, 'internet', '{ workload: x/a }', {}, 'TCP/80');
    expect(r.status).toBe('violated');
    expect(r.why).toContain('which clients get through it');
  });

  it("a CiliumNetworkPolicy's endpointSelector on reserved:ingress selects nothing, and says so", () => {
    const text = routed + cnp('x', 'ingress-egress', { endpointSelector: proxy, ...toB });
    expect(invariant('always', text, 'internet', '{ workload: x/a }', {}, 'TCP/80').status).toBe('holds');
    expect(warnings(text).join('\n')).toMatch(/reserved:ingress selects nothing here/);
  });

  it('endpointSelector {} holds the ingress controller the analysis stands in as a pod too, with the same egress rules: not doubted', () => {
    const text = routed + cilium('CiliumClusterwideNetworkPolicy', 'all', { endpointSelector: {}, ...toB });
    expect(conn(matrixOf(text), '{ingress-controller}', XA)).toBe(NONE);
    expect(warnings(text).join('\n')).not.toMatch(/ingress proxy/);
  });
});

describe('Cilium: L7 rules need enable-l7-proxy, icmps enable-icmp-rules', () => {
  // pkg/policy/api/rule_validation.go IngressRule.Validate / EgressRule.Validate: "L7 policy is not supported since L7 proxy
  // is not enabled" (any toPorts entry with L7 rules, DNS included), "ICMP rules can only be applied when the
  // "enable-icmp-rules" flag is set"; the agent then refuses the whole policy. Both flags are on by default (pkg/defaults).
  const dns = cnp('x', 'a-egress', {
    endpointSelector: { matchLabels: { pod: 'a' } },
    egress: [
      { toEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'kube-system', 'k8s-app': 'kube-dns' } }], toPorts: [{ ports: [{ port: '53', protocol: 'ANY' }], rules: { dns: [{ matchPattern: '*' }] } }] },
      { toEndpoints: [{ matchLabels: { pod: 'b' } }], toPorts: [{ ports: [{ port: '80', protocol: 'TCP' }] }] },
    ],
  });

  it('with enable-l7-proxy "false" in cilium-config a policy with DNS rules is refused: x/a is left open, and a never invariant on it fails closed', () => {
    const text = world() + ciliumConfig({ 'enable-l7-proxy': 'false' }) + dns;
    expect(conn(matrixOf(text), XA, ZA)).toBe(ALL);
    const r = invariant('never', text, '{ workload: x/a }', '{ namespace: z }');
    expect(r.status).toBe('violated');
    expect(warnings(text).join('\n')).toMatch(/RD011 CiliumNetworkPolicy x\/a-egress is not analysed: Cilium's agent refuses the whole policy for its L7 rules unless enable-l7-proxy is on, and ConfigMap kube-system\/cilium-config \(test.yaml:\d+\) sets it to "false"/);
    // by default, or set on, the policy is enforced as before
    for (const on of [world() + dns, world() + ciliumConfig({ 'enable-l7-proxy': 'true' }) + dns]) {
      expect(conn(matrixOf(on), XA, ZA)).toBe(NONE);
      expect(invariant('never', on, '{ workload: x/a }', '{ namespace: z }').status).toBe('holds');
    }
  });

  it('HTTP rules on ingress alike (Go booleans: "0")', () => {
    const text =
      world() +
      ciliumConfig({ 'enable-l7-proxy': '0' }) +
      cnp('x', 'a-in', { endpointSelector: { matchLabels: { pod: 'a' } }, ingress: [{ fromEndpoints: [{ matchLabels: { pod: 'b' } }], toPorts: [{ ports: [{ port: '80', protocol: 'TCP' }], rules: { http: [{ method: 'GET' }] } }] }] });
    expect(conn(matrixOf(text), ZA, XA)).toBe(ALL);
    expect(invariant('never', text, '{ namespace: z }', '{ workload: x/a }').status).toBe('violated');
  });

  it('with enable-icmp-rules "false" a policy with icmps is refused whole, its other rules too', () => {
    const icmp = cnp('x', 'a-in', { endpointSelector: { matchLabels: { pod: 'a' } }, ingress: [{ fromEndpoints: [{ matchLabels: { pod: 'b' } }] }, { icmps: [{ fields: [{ type: 8, family: 'IPv4' }] }] }] });
    const text = world() + ciliumConfig({ 'enable-icmp-rules': 'false' }) + icmp;
    expect(conn(matrixOf(text), ZA, XA)).toBe(ALL);
    expect(invariant('never', text, '{ namespace: z }', '{ workload: x/a }').status).toBe('violated');
    expect(warnings(text).join('\n')).toMatch(/for its icmps unless enable-icmp-rules is on/);
    expect(invariant('never', world() + icmp, '{ namespace: z }', '{ workload: x/a }').status).toBe('holds');
  });
});

describe('Cilium: enableDefaultDeny false needs enable-non-default-deny-policies', () => {
  // pkg/policy/api/rule_validation.go Rule.Sanitize: "Since Non Default Deny Policies is disabled by flag, set
  // EnableDefaultDeny to true" (pkg/policy/utils/parserules.go evaluateDefaultDenyForRule in earlier releases: "return
  // true, true"); the flag is on by default (pkg/defaults EnableNonDefaultDenyPolicies)
  const baseline = cilium('CiliumClusterwideNetworkPolicy', 'baseline-deny-from-z', {
    endpointSelector: { matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'x' } },
    enableDefaultDeny: { ingress: false, egress: false },
    ingressDeny: [{ fromEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'z' } }] }],
  });

  it('with the flag "false" in cilium-config enableDefaultDeny false is ignored: the deny-only policy puts x/a in default deny, and x/b no longer reaches it', () => {
    const text = world() + ciliumConfig({ 'enable-non-default-deny-policies': 'false' }) + baseline;
    expect(conn(matrixOf(text), XB, XA)).toBe(NONE);
    expect(invariant('always', text, '{ workload: x/b }', '{ workload: x/a }', {}, 'TCP/80').status).toBe('violated');
    // egress has no entries: it stays open (Sanitize's default deny applies to the rule's entries)
    expect(conn(matrixOf(text), XA, ZA)).toBe(ALL);
    // by default the policy only denies z
    expect(conn(matrixOf(world() + baseline), XB, XA)).toBe(ALL);
    expect(invariant('always', world() + baseline, '{ workload: x/b }', '{ workload: x/a }', {}, 'TCP/80').status).toBe('holds');
  });

  it('a CiliumNodeConfig that turns it off for some nodes puts the policy in doubt: an always invariant on its pods fails closed', () => {
    const nodeConfig = `apiVersion: cilium.io/v2\nkind: CiliumNodeConfig\nmetadata: {name: some, namespace: kube-system}\nspec: {nodeSelector: {matchLabels: {pool: b}}, defaults: {enable-non-default-deny-policies: "false"}}\n---\n`;
    const text = world() + nodeConfig + baseline;
    expect(conn(matrixOf(text), XB, XA)).toBe(ALL);
    const r = invariant('always', text, '{ workload: x/b }', '{ workload: x/a }', {}, 'TCP/80');
    expect(r.status).toBe('violated');
    expect(r.why).toContain('enableDefaultDeny.ingress: false is ignored');
  });
});

describe('Cilium: RD128 reads enable-non-default-deny-policies', () => {
  // pkg/policy/api/rule_validation.go Rule.Sanitize: with the flag off the agent sets EnableDefaultDeny true whatever the
  // policy says, so a deny-only rule with enableDefaultDeny false puts its pods in default deny all the same, and
  // enableDefaultDeny false is no remedy (docs.cilium.io/en/latest/security/policy/language/, "Deny Policies")
  const denyOnly = (enableDefaultDeny?: Record<string, boolean>) =>
    cnp('x', 'deny-z', { endpointSelector: { matchLabels: { pod: 'a' } }, ...(enableDefaultDeny ? { enableDefaultDeny } : {}), ingressDeny: [{ fromEndpoints: [{ matchLabels: { 'k8s:io.kubernetes.pod.namespace': 'z' } }] }] });
  const rd128 = (text: string) => lint(matrixOf(text)).filter((w) => w.code === 'RD128').map((w) => w.message);

  it('enableDefaultDeny false with the flag "false" in cilium-config: RD128 warns, naming the flag', () => {
    const text = world() + ciliumConfig({ 'enable-non-default-deny-policies': 'false' }) + denyOnly({ ingress: false });
    const [message] = rd128(text);
    expect(message).toMatch(/ingressDeny alone puts the pods it selects in ingress default deny although enableDefaultDeny.ingress is false, which Cilium's agent ignores where enable-non-default-deny-policies is off, and ConfigMap kube-system\/cilium-config \(test.yaml:\d+\) sets it to "false"/);
    // on by default: enableDefaultDeny false only denies
    expect(rd128(world() + denyOnly({ ingress: false }))).toEqual([]);
  });

  it('some nodes with it off (a CiliumNodeConfig) warn alike; without enableDefaultDeny the remedy is not offered where it does not work', () => {
    const nodeConfig = `apiVersion: cilium.io/v2\nkind: CiliumNodeConfig\nmetadata: {name: some, namespace: kube-system}\nspec: {nodeSelector: {matchLabels: {pool: b}}, defaults: {enable-non-default-deny-policies: "false"}}\n---\n`;
    expect(rd128(world() + nodeConfig + denyOnly({ ingress: false })).join('\n')).toMatch(/default deny on some nodes although enableDefaultDeny.ingress is false/);
    expect(rd128(world() + ciliumConfig({ 'enable-non-default-deny-policies': 'false' }) + denyOnly()).join('\n')).toMatch(/allow what they need \(enableDefaultDeny: \{ingress: false\} only denies where the agent's enable-non-default-deny-policies is on/);
    expect(rd128(world() + denyOnly()).join('\n')).toMatch(/set enableDefaultDeny: \{ingress: false\} to only deny/);
  });
});

describe('Cilium: reserved:world where the analysis infers dual-stack', () => {
  it('both families analysed because a policy names an IPv6 CIDR: reserved:world matches no outside address as shown, and a never invariant it could break fails closed (a single-stack cluster gives outside addresses world: pkg/labels/labels.go getWorldLabel)', () => {
    const v6 = cnp('z', 'v6', { endpointSelector: {}, egress: [{ toCIDR: ['2001:db8::/32'] }] });
    const allow = world() + v6 + cnp('x', 'a-in', { endpointSelector: { matchLabels: { pod: 'a' } }, ingress: [{ fromEndpoints: [{ matchLabels: { 'reserved:world': '' } }] }] });
    const r = invariant('never', allow, 'internet', '{ workload: x/a }');
    expect(r.status).toBe('violated');
    expect(r.why).toContain('a single-stack cluster gives them world');
    // given as dual, it is exact
    expect(invariant('never', allow, 'internet', '{ workload: x/a }', { ipFamily: 'dual' }).status).toBe('holds');
  });
});
