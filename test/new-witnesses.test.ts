import { describe, expect, it } from 'vitest';
import { deployment, diffManifests, namespace, policy } from './helpers.js';

// An invariant already broken at base is broken again by a change that adds a pair (or connections of a
// pair) that base did not have: `--fail-on new-violations` must not pass it as still violated.
// NetworkPolicy ipBlock `except` and ports, as the API reference describes them:
// https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/

const SHOP = namespace('shop') + deployment('shop', 'legacy', { app: 'legacy' }) + deployment('shop', 'web', { app: 'web' }) + deployment('shop', 'db', { app: 'db' });

/** web's egress to every address but the metadata service's (legacy has no egress policy: it reaches it). */
const WEB_EGRESS = policy('shop', 'web-egress', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.169.254/32'] } }] }] });
const WEB_EGRESS_ALL = policy('shop', 'web-egress', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }] }] });
const METADATA = 'invariants:\n  - name: nothing reaches the metadata service\n    never: { from: { namespace: "*" }, to: { cidr: 169.254.169.254/32 } }\n';

/** db admits legacy on the given ports, and web too where asked. */
function dbFrom(ports: number[], web = false): string {
  const from = [{ podSelector: { matchLabels: { app: 'legacy' } } }, ...(web ? [{ podSelector: { matchLabels: { app: 'web' } } }] : [])];
  return policy('shop', 'db', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [{ from, ports: ports.map((port) => ({ port })) }] });
}
const NOTHING_TO_DB = 'invariants:\n  - name: nothing in shop reaches db\n    never: { from: { namespace: shop }, to: { workload: shop/db } }\n';

describe('a violated invariant is newly violated where the change adds a witness', () => {
  it('never: a pair base did not have fails, though another pair broke it at base', async () => {
    const r = await diffManifests(SHOP + WEB_EGRESS, SHOP + WEB_EGRESS_ALL, METADATA);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL newly violated: nothing reaches the metadata service');
    // the new witness first, marked; the one base had after it
    const witnesses = r.stdout.split('\n').filter((l) => l.includes('=> 169.254.169.254'));
    expect(witnesses.map((l) => l.trim())).toEqual([
      'new: shop/web[Deployment] => 169.254.169.254-169.254.169.254[External] : All Connections',
      'shop/db[Deployment] => 169.254.169.254-169.254.169.254[External] : All Connections',
      'shop/legacy[Deployment] => 169.254.169.254-169.254.169.254[External] : All Connections',
    ]);
  });

  it('never: more ports on a pair base had already fail', async () => {
    const r = await diffManifests(SHOP + dbFrom([5432]), SHOP + dbFrom([5432, 22]), NOTHING_TO_DB);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL newly violated: nothing in shop reaches db');
    expect(r.stdout).toContain('new: shop/legacy[Deployment] => shop/db[Deployment] : TCP 22,5432');
  });

  it('never: the same witnesses, or fewer ports, stay still violated and pass', async () => {
    const same = await diffManifests(SHOP + dbFrom([5432, 22]), SHOP + dbFrom([5432, 22]) + deployment('shop', 'other', { app: 'other' }).replace('namespace: shop', 'namespace: elsewhere'), NOTHING_TO_DB);
    expect(same.stdout).toContain('FAIL still violated: nothing in shop reaches db');
    expect(same.stdout).not.toContain('new: ');
    expect(same.code).toBe(0);
    const fewer = await diffManifests(SHOP + dbFrom([5432, 22]), SHOP + dbFrom([5432]), NOTHING_TO_DB);
    expect(fewer.stdout).toContain('FAIL still violated: nothing in shop reaches db');
    expect(fewer.code).toBe(0);
  });

  it('never: the same addresses, cut into other ranges by an unrelated policy, are no new witness', async () => {
    // another ipBlock splits the address space differently at head: legacy still reaches what it reached
    const split = policy('shop', 'db-egress', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '169.254.100.0/24' } }] }] });
    const config = 'invariants:\n  - name: legacy reaches no link-local address\n    never: { from: { workload: shop/legacy }, to: { cidr: 169.254.0.0/16 } }\n';
    const r = await diffManifests(SHOP + WEB_EGRESS, SHOP + WEB_EGRESS + split, config);
    expect(r.stdout).toContain('FAIL still violated: legacy reaches no link-local address');
    expect(r.stdout).toContain('shop/legacy[Deployment] => 169.254.100.0-169.254.100.255[External] : All Connections');
    expect(r.code).toBe(0);
  });

  it('always: a pair that misses connections it did not miss at base fails', async () => {
    const config = 'invariants:\n  - name: legacy and web reach db\n    always: { from: { labels: { app: legacy } }, to: { workload: shop/db }, ports: [TCP/5432] }\n  - name: web reaches db\n    always: { from: { workload: "shop/*" }, to: { workload: shop/db }, ports: [TCP/5432] }\n';
    // base: legacy reaches db, web does not (still violated); head: neither does
    const r = await diffManifests(SHOP + dbFrom([5432]), SHOP + dbFrom([22]), config);
    expect(r.stdout).toContain('FAIL newly violated: legacy and web reach db');
    expect(r.stdout).toContain('FAIL newly violated: web reaches db');
    expect(r.stdout).toContain('new: shop/legacy[Deployment] => shop/db[Deployment] : TCP 5432');
    expect(r.code).toBe(1);
  });

  it('only: a new source outside the list fails, and the JSON and markdown say which witness is new', async () => {
    const config = 'invariants:\n  - name: only legacy reaches db\n    only: { to: { workload: shop/db }, from: [{ workload: shop/legacy }], ports: [TCP/5432] }\n';
    // base: batch, outside the list, reaches db already; head: web does too
    const base = SHOP + deployment('shop', 'batch', { app: 'batch' }) + dbFrom([5432]).replace('"app":"legacy"}}}', '"app":"legacy"}}},{"podSelector":{"matchLabels":{"app":"batch"}}}');
    const head = SHOP + deployment('shop', 'batch', { app: 'batch' }) + dbFrom([5432], true).replace('"app":"legacy"}}}', '"app":"legacy"}}},{"podSelector":{"matchLabels":{"app":"batch"}}}');
    const txt = await diffManifests(base, head, config);
    expect(txt.stdout).toContain('FAIL newly violated: only legacy reaches db');
    expect(txt.code).toBe(1);
    const json = JSON.parse((await diffManifests(base, head, config, ['--format', 'json'])).stdout);
    // the manifests' own workloads (pods a selector of the list would not pick, present or future, are witnesses too)
    const own = json.invariants[0].head.witnesses.filter((w: { src: string }) => w.src.endsWith('[Deployment]'));
    expect(own.map((w: { src: string; new: boolean }) => [w.src, w.new])).toEqual([
      ['shop/web[Deployment]', true],
      ['shop/batch[Deployment]', false],
    ]);
    const md = (await diffManifests(base, head, config, ['--format', 'md'])).stdout;
    expect(md).toContain('| 🆕 shop/web\\[Deployment\\] → shop/db\\[Deployment\\] | TCP 5432 |');
    expect(md).toContain('| shop/batch\\[Deployment\\] → shop/db\\[Deployment\\] | TCP 5432 |');
    const sarif = JSON.parse((await diffManifests(base, head, config, ['--format', 'sarif'])).stdout);
    expect(sarif.runs[0].results[0].message.text).toContain('newly violated: new: shop/web[Deployment] → shop/db[Deployment]: TCP 5432 (and 5 more); rule responsible: shop/db ingress rule 0');
  });
});

// Pods present or future: each state makes its representatives from its own selectors, so one pod may be named
// otherwise at base; a pod that base's own policies let through as well is no new witness, one they did not is.
describe('anyNamespace witnesses are new only where base did not let the same pod through', () => {
  const DB = namespace('shop') + deployment('shop', 'db', { app: 'db' });
  const dbAdmits = (...from: unknown[]) => policy('shop', 'db', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: from.map((f) => ({ from: [f], ports: [{ port: 5432 }] })) });
  const API_ANYWHERE = { namespaceSelector: {}, podSelector: { matchLabels: { app: 'api' } } };
  const NO_CLIENTS = 'invariants:\n  - name: no new pod reaches db\n    never: { from: { anyNamespace: true }, to: { workload: shop/db } }\n';

  it('a peer that renames the pods base already let through leaves the invariant still violated', async () => {
    // head adds a rule for pods labelled app=api and tier=backend in team=a namespaces: base's rule for app=api anywhere
    // let every such pod through already, but head's representatives are made of its own peers
    const narrower = { namespaceSelector: { matchLabels: { team: 'a' } }, podSelector: { matchLabels: { app: 'api', tier: 'backend' } } };
    const r = await diffManifests(DB + dbAdmits(API_ANYWHERE), DB + dbAdmits(API_ANYWHERE, narrower), NO_CLIENTS);
    expect(r.stdout).toContain('FAIL still violated: no new pod reaches db');
    expect(r.stdout).not.toMatch(/new: /);
    expect(r.code).toBe(0);
  });

  it('a peer that lets other pods through makes it newly violated, naming them', async () => {
    const clients = { namespaceSelector: { matchLabels: { team: 'a' } }, podSelector: { matchLabels: { role: 'client' } } };
    const r = await diffManifests(DB + dbAdmits(API_ANYWHERE), DB + dbAdmits(API_ANYWHERE, clients), NO_CLIENTS);
    expect(r.stdout).toContain('FAIL newly violated: no new pod reaches db');
    expect(r.stdout).toMatch(/new: \[namespace with \{team=a\}\]\/\[pod with \{role=client\}\] => shop\/db\[Deployment\] : TCP 5432/);
    expect(r.code).toBe(1);
  });
});

// The same pod let through at base is a violation there only where base's invariant picked its ends: a change that
// brings a workload under the invariant (a namespace or pod label its `to` asks for) adds the pairs to it.
describe('a pod present or future that base let through, to a workload base did not count', () => {
  const NEVER_PCI =
    'invariants:\n  - name: pods outside PCI namespaces never reach PCI workloads\n    never: { from: { anyNamespace: true, namespaceLabels: { matchExpressions: [ { key: pci, operator: DoesNotExist } ] } }, to: { namespaceLabels: { pci: "true" } } }\n';
  const state = (billingLabels: Record<string, string>) =>
    namespace('shop', { pci: 'true' }) +
    namespace('billing', billingLabels) +
    deployment('shop', 'db', { app: 'db' }, [{ port: 5432 }]) +
    deployment('billing', 'api', { app: 'api' }, [{ port: 8080 }]) +
    policy('shop', 'db', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { team: 'web' } } }], ports: [{ port: 5432 }] }] }) +
    policy('billing', 'api', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: {} }], ports: [{ port: 8080 }] }] });

  it('a namespace label that brings a workload under the invariant makes it newly violated', async () => {
    // base is violated already (a new team=web namespace reaches shop/db); head puts billing, open to every namespace, in PCI scope
    const r = await diffManifests(state({}), state({ pci: 'true' }), NEVER_PCI);
    expect(r.stdout).toContain('FAIL newly violated: pods outside PCI namespaces never reach PCI workloads');
    expect(r.stdout).toMatch(/new: .* => billing\/api\[Deployment\] : TCP 8080/);
    expect(r.code).toBe(1);
  });
});
