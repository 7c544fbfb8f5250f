import { describe, expect, it } from 'vitest';
import { diffMatrices } from '../src/change/diff.js';
import { renderDiffText } from '../src/render/difftext.js';
import { diffReport } from '../src/report/report.js';
import { deployment, matrixOf, namespace, policy } from './helpers.js';

function diffLines(base: string, head: string): string[] {
  const report = diffReport(diffMatrices(matrixOf(base), matrixOf(head)), { base: 'base', head: 'head' });
  return renderDiffText(report).split('\n').filter(Boolean);
}

const APPS = namespace('shop') + deployment('shop', 'a', { app: 'a' }) + deployment('shop', 'b', { app: 'b' });
const ISOLATE_B = (ports: unknown[]) =>
  policy('shop', 'b-in', { podSelector: { matchLabels: { app: 'b' } }, ingress: [{ from: [{ podSelector: { matchLabels: { app: 'a' } } }], ports }] });

describe('diff', () => {
  it('no change gives empty output', () => {
    expect(diffLines(APPS, APPS)).toEqual([]);
  });

  it('a path whose ports differ is changed, with both sides', () => {
    const lines = diffLines(APPS + ISOLATE_B([{ port: 80 }]), APPS + ISOLATE_B([{ port: 80 }, { port: 443 }]));
    expect(lines).toEqual([
      'Connectivity diff:',
      'diff-type: changed, source: shop/a[Deployment], destination: shop/b[Deployment], ref1: TCP 80, ref2: TCP 80,443',
    ]);
  });

  it('says which connections were opened and which closed', () => {
    const d = diffMatrices(matrixOf(APPS + ISOLATE_B([{ port: 80 }, { port: 53, protocol: 'UDP' }])), matrixOf(APPS + ISOLATE_B([{ port: 443 }, { port: 53, protocol: 'UDP' }])));
    const c = d.changes.find((x) => x.src === 'shop/a[Deployment]')!;
    expect([c.type, c.opened.toString(), c.closed.toString()]).toEqual(['changed', 'TCP 443', 'TCP 80']);
  });

  it('an isolating policy closes paths: removed', () => {
    const lines = diffLines(APPS, APPS + ISOLATE_B([{ port: 80 }]));
    expect(lines).toEqual([
      'Connectivity diff:',
      'diff-type: changed, source: shop/a[Deployment], destination: shop/b[Deployment], ref1: All Connections, ref2: TCP 80',
      'diff-type: removed, source: 0.0.0.0-255.255.255.255[External], destination: shop/b[Deployment], ref1: All Connections, ref2: No Connections',
    ]);
  });

  it('a new workload opens paths: added, with workloads-diff-info', () => {
    const lines = diffLines(APPS, APPS + deployment('shop', 'c', { app: 'c' }));
    expect(lines).toContain('diff-type: added, source: shop/a[Deployment], destination: shop/c[Deployment], ref1: No Connections, ref2: All Connections, workloads-diff-info: workload shop/c[Deployment] added');
    expect(lines.every((l) => l === 'Connectivity diff:' || l.includes('workload shop/c[Deployment] added'))).toBe(true);
  });

  it('a pair whose both ends are new names both', () => {
    const two = deployment('shop', 'c', { app: 'c' }) + deployment('shop', 'd', { app: 'd' });
    expect(diffLines(APPS, APPS + two)).toContain(
      'diff-type: added, source: shop/c[Deployment], destination: shop/d[Deployment], ref1: No Connections, ref2: All Connections, workloads-diff-info: workload shop/c[Deployment] and shop/d[Deployment] added',
    );
    expect(diffLines(APPS + two, APPS)).toContain(
      'diff-type: removed, source: shop/d[Deployment], destination: shop/c[Deployment], ref1: All Connections, ref2: No Connections, workloads-diff-info: workload shop/d[Deployment] and shop/c[Deployment] removed',
    );
  });

  it('workloads match by identity: the same name in another kind is another workload', () => {
    const asStateful = APPS.replace(/kind: Deployment\nmetadata:\n {2}name: b/, 'kind: StatefulSet\nmetadata:\n  name: b');
    const lines = diffLines(APPS, asStateful);
    expect(lines).toContain('diff-type: added, source: shop/a[Deployment], destination: shop/b[StatefulSet], ref1: No Connections, ref2: All Connections, workloads-diff-info: workload shop/b[StatefulSet] added');
    expect(lines).toContain('diff-type: removed, source: shop/a[Deployment], destination: shop/b[Deployment], ref1: All Connections, ref2: No Connections, workloads-diff-info: workload shop/b[Deployment] removed');
  });

  it('external ranges are re-cut on the union of both sides', () => {
    const block = (cidr: string) =>
      policy('shop', 'b-ext', { podSelector: { matchLabels: { app: 'b' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ ipBlock: { cidr } }] }] });
    const lines = diffLines(APPS + block('10.0.0.0/8'), APPS + block('10.0.0.0/9'));
    expect(lines).toEqual([
      'Connectivity diff:',
      'diff-type: removed, source: 10.128.0.0-10.255.255.255[External], destination: shop/b[Deployment], ref1: All Connections, ref2: No Connections',
    ]);
  });

  it('orders changed, then added, then removed, each by source and destination', () => {
    const base = APPS + ISOLATE_B([{ port: 80 }]) + deployment('shop', 'z', { app: 'z' });
    const head = APPS + ISOLATE_B([{ port: 81 }]) + deployment('shop', 'c', { app: 'c' });
    const types = diffLines(base, head).slice(1).map((l) => l.split(',')[0]);
    expect(types).toEqual([...types].sort((x, y) => ['diff-type: changed', 'diff-type: added', 'diff-type: removed'].indexOf(x!) - ['diff-type: changed', 'diff-type: added', 'diff-type: removed'].indexOf(y!)));
    expect(types[0]).toBe('diff-type: changed');
    expect(types.at(-1)).toBe('diff-type: removed');
  });
});

describe('reading both states', () => {
  it('a file unchanged between the states is read once, and its objects carry each state path', async () => {
    const { loadCluster, LoadCache } = await import('../src/input/load.js');
    const text = APPS + ISOLATE_B([{ port: 80 }]);
    const cache = new LoadCache();
    const base = loadCluster([{ path: 'base/apps.yaml', text }], {}, cache);
    const head = loadCluster([{ path: 'head/apps.yaml', text }], {}, cache);
    expect(cache.size).toBe(1);
    expect(base.networkPolicies[0]!.source.file).toBe('base/apps.yaml');
    expect(head.networkPolicies[0]!.source.file).toBe('head/apps.yaml');
    expect(head.workloads.map((w) => w.source.file)).toEqual(['head/apps.yaml', 'head/apps.yaml']);
    expect(head.networkPolicies[0]!.ingress).toBe(base.networkPolicies[0]!.ingress);
  });

  it('texts of one length that differ only between the characters the cache samples are read apart', async () => {
    const { loadCluster, LoadCache } = await import('../src/input/load.js');
    // one character changed in the middle of a long text: same length, same start and end
    const before = APPS + ISOLATE_B([{ port: 8080 }]);
    const after = before.replace('"port":8080', '"port":8081');
    expect(after).not.toBe(before);
    expect(after.length).toBe(before.length);
    // the changed character is not one the fingerprint samples (sixteen spread over the text, and the last)
    const n = before.length;
    const sampled = new Set([...Array.from({ length: 16 }, (_, i) => Math.floor((n * i) / 16)), n - 1]);
    expect(sampled.has(before.indexOf('"port":8080') + 10)).toBe(false);
    const cache = new LoadCache();
    const base = loadCluster([{ path: 'apps.yaml', text: before }], {}, cache);
    const head = loadCluster([{ path: 'apps.yaml', text: after }], {}, cache);
    expect(cache.size).toBe(2);
    const port = (c: typeof base) => JSON.stringify(c.networkPolicies[0]!.ingress);
    expect(port(base)).toContain('8080');
    expect(port(head)).toContain('8081');
    // and the same text again is the same contribution
    expect(loadCluster([{ path: 'apps.yaml', text: `${after}` }], {}, cache).networkPolicies[0]!.ingress).toBe(head.networkPolicies[0]!.ingress);
  });
});

describe('diff compares only what a change can touch, and misses nothing', () => {
  // db admits clients from namespaces labelled tier=front; the policy itself never changes
  const DB = namespace('data') + deployment('data', 'db', { app: 'db' }, [{ name: 'sql', port: 5432 }]);
  const DB_IN = policy('data', 'db-in', { podSelector: { matchLabels: { app: 'db' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { tier: 'front' } } }], ports: [{ port: 'sql' }] }] });
  const WEB = (labels: Record<string, string>) => namespace('web', labels) + deployment('web', 'ui', { app: 'ui' });

  it('a namespace label that an unchanged policy selects on opens a path', () => {
    expect(diffLines(DB + DB_IN + WEB({}), DB + DB_IN + WEB({ tier: 'front' }))).toEqual([
      'Connectivity diff:',
      'diff-type: added, source: web/ui[Deployment], destination: data/db[Deployment], ref1: No Connections, ref2: TCP 5432',
    ]);
  });

  it('a renamed container port that an unchanged policy names closes a path', () => {
    const renamed = namespace('data') + deployment('data', 'db', { app: 'db' }, [{ name: 'postgres', port: 5432 }]);
    expect(diffLines(DB + DB_IN + WEB({ tier: 'front' }), renamed + DB_IN + WEB({ tier: 'front' }))).toEqual([
      'Connectivity diff:',
      'diff-type: removed, source: web/ui[Deployment], destination: data/db[Deployment], ref1: TCP 5432, ref2: No Connections',
    ]);
  });

  it('a policy moved within its file, unchanged, changes nothing', () => {
    expect(diffLines(DB + DB_IN + WEB({}), DB_IN + '\n\n' + WEB({}) + DB)).toEqual([]);
  });
});
