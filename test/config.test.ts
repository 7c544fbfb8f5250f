import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/check/config.js';

function error(text: string): ConfigError {
  try {
    parseConfig(text, '.github/reachdiff.yml');
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('reads every invariant kind of the documented example', () => {
    const c = parseConfig(
      `invariants:
  - name: frontend must never reach db
    never: { from: { namespace: shop, labels: { app: frontend } }, to: { namespace: shop, labels: { app: db } } }
  - name: backend reaches db on 5432
    always: { from: { workload: shop/backend }, to: { workload: shop/db }, ports: [TCP/5432] }
  - name: only backend and admin reach db
    only: { to: { namespace: shop, labels: { app: db } }, from: [ { workload: shop/backend }, { namespaceLabels: { role: admin } } ] }
  - name: every payments workload is selected by a policy
    isolated: { workloads: { namespace: payments }, direction: both }
  - name: nothing outside payments reaches it
    only: { to: { namespace: payments }, from: [ { namespace: payments } ] }
  - name: nothing reaches the metadata service
    never: { from: { namespace: "*" }, to: { cidr: 169.254.169.254/32 } }
`,
      'c.yml',
    );
    expect(c.invariants.map((i) => i.kind)).toEqual(['never', 'always', 'only', 'isolated', 'only', 'never']);
    const always = c.invariants[1]!;
    expect(always.kind === 'always' && always.ports.toString()).toBe('TCP 5432');
    const only = c.invariants[2]!;
    expect(only.kind === 'only' && only.side).toBe('to');
    expect(only.kind === 'only' && only.allowed.length).toBe(2);
    expect(c.invariants[2]!.line).toBe(6);
  });

  it('ports default to all and accept ranges and bare protocols', () => {
    const c = parseConfig('invariants:\n  - name: x\n    never: { from: { namespace: a }, to: { namespace: b }, ports: [TCP/8000-8080, SCTP, UDP/53] }\n', 'c.yml');
    const inv = c.invariants[0]!;
    expect(inv.kind === 'never' && inv.ports.toString()).toBe('SCTP 1-65535,TCP 8000-8080,UDP 53');
    const d = parseConfig('invariants:\n  - name: x\n    never: { from: { namespace: a }, to: { namespace: b } }\n', 'c.yml');
    expect(d.invariants[0]!.kind === 'never' && (d.invariants[0] as { ports: { isAll(): boolean } }).ports.isAll()).toBe(true);
  });

  it('labels take matchLabels or a full selector with matchExpressions', () => {
    const c = parseConfig(
      'invariants:\n  - name: x\n    never:\n      from: { labels: { matchExpressions: [{ key: tier, operator: In, values: [web] }] } }\n      to: { labels: { app: db } }\n',
      'c.yml',
    );
    const inv = c.invariants[0]!;
    expect(inv.kind === 'never' && inv.from[0]!.labels!.key).toBe('tier In (web)');
    expect(inv.kind === 'never' && inv.to[0]!.labels!.key).toBe('app In (db)');
  });

  it('ingress-controller gives the namespace and labels of the ingress controller', () => {
    const c = parseConfig('ingress-controller:\n  namespace: ingress-nginx\n  labels: { app.kubernetes.io/name: ingress-nginx }\n  namespaceLabels: { tier: edge }\n', 'c.yml');
    expect(c.ingressController).toEqual({ namespace: 'ingress-nginx', labels: { 'app.kubernetes.io/name': 'ingress-nginx' }, namespaceLabels: { tier: 'edge' } });
    expect(error('ingress-controller:\n  labels: { app: x }\n').message).toMatch(/ingress-controller.namespace must be the name/);
    expect(error('ingress-controller:\n  namespace: x\n  label: { app: x }\n').message).toMatch(/unknown key "label"/);
  });

  it('anyNamespace picks pods present or future by labels; internet is every address outside and the ingress controller', () => {
    const c = parseConfig(
      'invariants:\n  - name: a\n    never: { from: { anyNamespace: true, namespaceLabels: { team: data } }, to: { labels: { app: db } } }\n  - name: b\n    never: { from: internet, to: { labels: { app: db } } }\n',
      'c.yml',
    );
    const [a, b] = c.invariants.map((i) => (i.kind === 'never' ? i.from[0] : undefined));
    expect(a).toMatchObject({ anyNamespace: true });
    expect(b).toMatchObject({ internet: true, text: 'internet' });
    expect(error('invariants:\n  - name: a\n    never: { from: { anyNamespace: true, namespace: shop }, to: { labels: { app: db } } }\n').message).toMatch(/namespace, workload, kind and cidr do not go with it/);
    expect(error('invariants:\n  - name: a\n    never: { from: { anyNamespace: yes please }, to: { labels: { app: db } } }\n').message).toMatch(/anyNamespace must be true/);
    expect(error('invariants:\n  - name: a\n    never: { from: outside, to: { labels: { app: db } } }\n').message).toMatch(/"outside" is not an endpoint selector/);
  });

  it('an empty file has no invariants', () => {
    expect(parseConfig('', 'c.yml').invariants).toEqual([]);
  });

  it('a YAML syntax error names file and line', () => {
    const e = error('invariants:\n  - name: x\n    never: { from: [\n');
    expect(e.message).toMatch(/^\.github\/reachdiff\.yml:\d+: YAML syntax/);
  });

  it('an unknown key is an error at its line', () => {
    const e = error('invariants:\n  - name: ok\n    never: { from: { namespace: a }, to: { namespace: b } }\n  - name: typo\n    nevr: { from: { namespace: a } }\n');
    expect(e.line).toBe(4);
    expect(e.message).toMatch(/unknown key "nevr"/);
  });

  it('an invariant needs exactly one kind', () => {
    expect(error('invariants:\n  - name: x\n').message).toMatch(/exactly one of never, always, only, isolated/);
    expect(error('invariants:\n  - name: x\n    never: { from: { namespace: a }, to: { namespace: b } }\n    always: { from: { namespace: a }, to: { namespace: b } }\n').message).toMatch(/exactly one/);
  });

  it('names are required and unique', () => {
    expect(error('invariants:\n  - never: { from: { namespace: a }, to: { namespace: b } }\n').message).toMatch(/needs a name/);
    expect(error('invariants:\n  - name: x\n    never: { from: { namespace: a }, to: { namespace: b } }\n  - name: x\n    never: { from: { namespace: a }, to: { namespace: b } }\n').message).toMatch(/used twice/);
  });

  it('a bad port, CIDR, selector or direction is an error', () => {
    expect(error('invariants:\n  - name: x\n    never: { from: { namespace: a }, to: { namespace: b }, ports: [HTTP/80] }\n').message).toMatch(/not a protocol/);
    expect(error('invariants:\n  - name: x\n    never: { from: { namespace: a }, to: { cidr: 10.0.0.300/8 } }\n').message).toMatch(/not an IPv4 address/);
    expect(error('invariants:\n  - name: x\n    never: { from: { namespace: a }, to: { cidr: 10.0.0.0/8, namespace: b } }\n').message).toMatch(/cannot be combined/);
    expect(error('invariants:\n  - name: x\n    never: { from: { labels: { matchExpressions: [{ key: a, operator: Near }] } }, to: { namespace: b } }\n').message).toMatch(/operator "Near"/);
    expect(error('invariants:\n  - name: x\n    isolated: { workloads: { namespace: a }, direction: sideways }\n').message).toMatch(/direction must be ingress, egress or both/);
    expect(error('invariants:\n  - name: x\n    never: { from: { workload: backend }, to: { namespace: b } }\n').message).toMatch(/namespace\/name/);
  });

  it('a CIDR with host bits set is an error naming the block it would mean: read so, it would widen what the invariant allows', () => {
    const config = (cidr: string) => `invariants:\n  - name: x\n    only:\n      from: { workload: shop/web }\n      to: [ { cidr: "${cidr}" } ]\n`;
    expect(error(config('10.9.9.9/8')).message).toBe('.github/reachdiff.yml:5: invariants[0].only.to[0].cidr: "10.9.9.9/8" has host bits set, so it would mean 10.0.0.0/8; write 10.0.0.0/8 for that block, or 10.9.9.9/32 for the one address');
    expect(error(config('2001:db8::1/32')).message).toMatch(/"2001:db8::1\/32" has host bits set, so it would mean 2001:db8::\/32; write 2001:db8::\/32 for that block, or 2001:db8::1\/128 for the one address$/);
    expect(parseConfig(config('10.0.0.0/8'), 'c.yml').invariants).toHaveLength(1);
    expect(parseConfig(config('10.9.9.9/32'), 'c.yml').invariants).toHaveLength(1);
  });

  it('a workload written as reachdiff shows it (ns/name[Kind]) is an error that says how to write it: it would match nothing', () => {
    const config = (workload: string) => `invariants:\n  - name: x\n    never:\n      from: { workload: "${workload}" }\n      to: { namespace: b }\n`;
    expect(error(config('shop/frontend[Pod]')).message).toBe('.github/reachdiff.yml:4: invariants[0].never.from.workload "shop/frontend[Pod]" is written as reachdiff shows a workload: write workload: shop/frontend with kind: Pod');
    expect(error(config('shop/web-*[Deployment]')).message).toMatch(/write workload: shop\/web-\* with kind: Deployment$/);
    expect(error(config('shop/web[a-z]x')).message).toMatch(/holds \[ or \], which no namespace or name has \(the globs are \* and \?\)/);
    expect(parseConfig(config('shop/frontend'), 'c.yml').invariants).toHaveLength(1);
  });

  it('a missing from or to is an error', () => {
    expect(error('invariants:\n  - name: x\n    never: { from: { namespace: a } }\n').message).toMatch(/invariants\[0\]\.never\.to is required/);
  });

  it('only with two lists is ambiguous', () => {
    expect(error('invariants:\n  - name: x\n    only: { from: [{ namespace: a }], to: [{ namespace: b }] }\n').message).toMatch(/one of from\/to is the protected/);
  });

  it('ignore rules take a code and an optional object', () => {
    const c = parseConfig('ignore:\n  - { code: RD103, object: shop/legacy-policy }\n  - { code: RD101 }\n', 'c.yml');
    expect(c.ignore).toEqual([
      { code: 'RD103', object: 'shop/legacy-policy', line: 2 },
      { code: 'RD101', line: 3 },
    ]);
    expect(error('ignore:\n  - { code: 103 }\n').message).toMatch(/warning code/);
  });
});
