/**
 * The parts of a CiliumNetworkPolicy's rules the analysis does not read
 * (L7 rules, TLS contexts, a listener, ICMP types) are still read against
 * the CRD's schema, found by a review where a typo in them made `check`
 * say `ok holds` (and `diff` `ok fixed`) for a policy kubectl refuses:
 * strict field validation refuses an unknown field, and the schema a value
 * of another type or an ICMP type outside its pattern (pkg/policy/api
 * http.go, kafka.go, l7.go, icmp.go; docs.cilium.io/en/stable/security/policy/language/).
 */
import { describe, expect, it } from 'vitest';
import { checkManifests, deployment, namespace } from './helpers.js';

const APPS = namespace('shop') + deployment('shop', 'web', { app: 'web' }) + deployment('shop', 'api', { app: 'api' }, [{ port: 8080 }]) + deployment('shop', 'db', { app: 'db' }, [{ port: 5432 }]);
const NEVER = 'invariants:\n  - name: web never reaches db\n    never: { from: { workload: shop/web }, to: { workload: shop/db } }\n';
const cnp = (egress: string) =>
  `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: { name: web, namespace: shop }\nspec:\n  endpointSelector: { matchLabels: { app: web } }\n  egress:\n${egress}---\n`;
const toApi = (portRule: string) => `    - toEndpoints: [{ matchLabels: { app: api } }]\n      toPorts:\n        - ports: [{ port: "8080", protocol: TCP }]\n${portRule}`;

describe('Cilium rules refused by the CRD schema', () => {
  it('a policy kubectl refuses isolates nothing: the invariant fails, with the field named', async () => {
    const cases: Array<[string, RegExp]> = [
      ['          rules: { http: [{ methd: GET, path: "/api/.*" }] }\n', /rules\.http\[0\]\.methd/],
      ['          rules: { http: [{ method: 5 }] }\n', /rules\.http\[0\]\.method must be a string/],
      ['          rules: { http: [null] }\n', /rules\.http\[0\] must be a mapping/],
      ['          rules: { kafka: [{ topik: x }] }\n', /rules\.kafka\[0\]\.topik/],
      ['          rules: { l7proto: 5 }\n', /rules\.l7proto must be a string/],
      ['          terminatingTLS: { secrt: { name: s } }\n', /terminatingTLS\.secrt/],
      ['          originatingTLS: { secret: { name: s }, bogus: 1 }\n', /originatingTLS\.bogus/],
      ['          listener: { name: l }\n', /listener\.envoyConfig is required/],
      ['          listener: { envoyConfg: { kind: CiliumEnvoyConfig, name: e }, name: l }\n', /listener\.envoyConfg/],
    ];
    expect((await checkManifests(APPS + cnp(toApi('')), NEVER)).code).toBe(0);
    for (const [portRule, field] of cases) {
      const r = await checkManifests(APPS + cnp(toApi(portRule)), NEVER);
      expect(r.stderr, portRule).toMatch(field);
      expect(r.stderr, portRule).toMatch(/policy skipped/);
      expect(r.code, portRule).toBe(1);
    }
    // as written, each is read (and its L7 part noted, not analysed)
    for (const portRule of ['          rules: { http: [{ method: GET, path: "/api/.*", headerMatches: [{ name: x-a, value: b }] }] }\n', '          terminatingTLS: { secret: { name: s } }\n', '          listener: { envoyConfig: { kind: CiliumEnvoyConfig, name: e }, name: l }\n']) {
      expect((await checkManifests(APPS + cnp(toApi(portRule)), NEVER)).code, portRule).toBe(0);
    }
  });

  it('an ICMP type outside the pattern, or none, is refused; a number or a name of the pattern is read', async () => {
    const icmp = (field: string) => `    - toEndpoints: [{ matchLabels: { app: api } }]\n      icmps: [{ fields: [${field}] }]\n`;
    for (const [field, why] of [
      ['{ type: Bogus }', /"Bogus" is not an ICMP type/],
      ['{ type: "256" }', /"256" is not an ICMP type/],
      // a number beyond one byte: refused as the uint8 field's Minimum and Maximum refused it
      ['{ type: 300 }', /type: 300 is not an ICMP type/],
      ['{ type: -1 }', /type: -1 is not an ICMP type/],
      ['{ family: IPv4 }', /fields\[0\]\.type is required/],
    ] as const) {
      const r = await checkManifests(APPS + cnp(icmp(field)), NEVER);
      expect(r.stderr, field).toMatch(why);
      expect(r.code, field).toBe(1);
    }
    for (const field of ['{ type: 8 }', '{ type: EchoRequest, family: IPv6 }', '{ type: "8" }']) {
      const r = await checkManifests(APPS + cnp(icmp(field)), NEVER);
      expect(r.code, field).toBe(0);
      // ICMP is outside the connections analysed, and said so
      expect(r.stderr, field).toMatch(/its icmps are not analysed \(ICMP is outside the connections reachdiff models: TCP, UDP and SCTP\), so the ICMP it allows is not shown \[RD007\]/);
    }
  });
});

describe("Cilium's host and remote-node entities", () => {
  // docs.cilium.io/en/stable/security/policy/language/ (Entities based): host is the local host, with the
  // containers in host networking mode on it; remote-node any node but the local one
  const exporter =
    'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: { name: node-exporter, namespace: monitoring }\nspec:\n  selector: { matchLabels: { app: node-exporter } }\n  template:\n    metadata: { labels: { app: node-exporter } }\n    spec: { hostNetwork: true, containers: [{ name: c, image: x, ports: [{ containerPort: 9100 }] }] }\n---\n';
  const ALWAYS = 'invariants:\n  - name: web scrapes node exporter\n    always: { from: { workload: shop/web }, to: { workload: monitoring/node-exporter }, ports: [TCP/9100] }\n';
  const toEntities = (entities: string) => cnp(`    - toEntities: [${entities}]\n      toPorts: [{ ports: [{ port: "9100", protocol: TCP }] }]\n`);

  it('either alone holds host-network pods on some nodes only: always fails closed; both together hold them all', async () => {
    for (const entities of ['host', 'remote-node']) {
      const r = await checkManifests(APPS + namespace('monitoring') + exporter + toEntities(entities), ALWAYS);
      expect(r.stdout, entities).toMatch(/holds host-network pods on some nodes only/);
      expect(r.code, entities).toBe(1);
    }
    for (const entities of ['host, remote-node', 'cluster']) expect((await checkManifests(APPS + namespace('monitoring') + exporter + toEntities(entities), ALWAYS)).code, entities).toBe(0);
  });
});
