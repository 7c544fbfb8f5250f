/**
 * Compares the engine with the reference evaluator on one random cluster
 * (or one pair of states, for diffs), at the sample ports and addresses.
 * The engine reads the cluster from manifest text through the real loader.
 */
import type { AnalyzeOptions, IpFamily } from '../../src/engine/analyze.js';
import { analyze, ipFamilyOf } from '../../src/engine/analyze.js';
import type { Cluster } from '../../src/input/cluster.js';
import type { ConnectionSet } from '../../src/model/connections.js';
import type { Diff } from '../../src/change/diff.js';
import { diffReplicas } from '../../src/change/replicas.js';
import { diffMatrices } from '../../src/change/diff.js';
import { loadCluster } from '../../src/input/load.js';
import type { Endpoint as MatrixEndpoint, Matrix } from '../../src/engine/matrix.js';
import type { Endpoint, Points } from './evaluator.js';
import type { ReferenceCluster } from './evaluator.js';
import { PROTOCOLS, sampleAddresses, samplePorts } from './evaluator.js';
import type { Family } from './addresses.js';
import { familyOf, formatAddress, parseAddress, V6 } from './addresses.js';
import { referenceCluster } from './cilium.js';
import type { RandomCluster } from './random.js';
import { manifestFiles } from './random.js';

export interface Disagreement {
  /** What differs, in one line. */
  readonly message: string;
}

/** What the checks compared, to show they are not vacuous. */
export interface Coverage {
  /** Ordered pairs compared. */
  pairs: number;
  /** Pairs allowed on some sample points but not all. */
  partial: number;
  /** Pairs allowed on none. */
  none: number;
  /** Pairs with an IPv6 address at one end; of them, those allowed on some sample point. */
  ipv6: number;
  ipv6Allowed: number;
  /** Diff entries by type, and those with an IPv6 range at one end. */
  added: number;
  removed: number;
  changed: number;
  ipv6Entries: number;
  /** Workloads whose pods reach one another differently across a diff (RD111). */
  replicas: number;
}

export function newCoverage(): Coverage {
  return { pairs: 0, partial: 0, none: 0, ipv6: 0, ipv6Allowed: 0, added: 0, removed: 0, changed: 0, ipv6Entries: 0, replicas: 0 };
}

function count(coverage: Coverage | undefined, points: Points, ends: readonly Endpoint[]): void {
  if (!coverage) return;
  coverage.pairs++;
  if (ends.some((e) => e.kind === 'address' && familyOf(e.address) === 'ipv6')) {
    coverage.ipv6++;
    if (!isEmptyPoints(points)) coverage.ipv6Allowed++;
  }
  if (isEmptyPoints(points)) coverage.none++;
  else if (!points.every((x) => x === 1)) coverage.partial++;
}

function endpointName(e: Endpoint): string {
  return e.kind === 'workload' ? e.id : formatAddress(e.address);
}

/** The sample points a connection set holds. */
export function pointsOf(conn: ConnectionSet, ports: readonly number[]): Points {
  const out: Points = new Uint8Array(PROTOCOLS.length * ports.length);
  PROTOCOLS.forEach((protocol, p) => {
    // both sorted: walk the intervals along the ports
    const set = conn.get(protocol);
    let k = 0;
    ports.forEach((port, i) => {
      while (k < set.length && set[k + 1]! < port) k += 2;
      if (k < set.length && set[k]! <= port) out[p * ports.length + i] = 1;
    });
  });
  return out;
}

export function samePoints(a: Points, b: Points): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function isEmptyPoints(a: Points): boolean {
  return a.every((x) => x === 0);
}

/** `TCP 80,443 UDP 53` from sample points, for messages. */
export function formatPoints(points: Points, ports: readonly number[]): string {
  if (isEmptyPoints(points)) return 'nothing';
  if (points.every((x) => x === 1)) return 'every sample';
  return PROTOCOLS.map((protocol, p) => {
    const hit = ports.filter((_, i) => points[p * ports.length + i] === 1);
    return hit.length > 0 ? `${protocol} ${hit.join(',')}` : '';
  })
    .filter(Boolean)
    .join(' ');
}

function engineOptions(cluster: RandomCluster): AnalyzeOptions {
  return { hostNetwork: cluster.options.hostNetwork ?? 'exclude', podCIDRs: cluster.options.podCIDRs ?? [], ...(cluster.options.ipFamily ? { ipFamily: cluster.options.ipFamily } : {}) };
}

function engineCluster(cluster: RandomCluster, seed: number): Cluster {
  return loadCluster(manifestFiles(cluster, seed), { defaultNamespace: cluster.options.defaultNamespace ?? 'default' });
}

export function engineMatrix(cluster: RandomCluster, seed: number): Matrix {
  return analyze(engineCluster(cluster, seed), engineOptions(cluster));
}

function reference(cluster: RandomCluster, ipFamily?: IpFamily): ReferenceCluster {
  return referenceCluster(cluster.objects, ipFamily ? { ...cluster.options, ipFamily } : cluster.options);
}

/** `ipv4`, `ipv6` or `dual` for a list of families. */
function familyName(families: readonly Family[]): IpFamily {
  return families.length === 2 ? 'dual' : families[0]!;
}

/** The families a matrix analysed. */
function engineFamilies(m: Matrix): Family[] {
  return [...(m.addressSpace.v4.length > 0 ? ['ipv4' as const] : []), ...(m.addressSpace.v6.length > 0 ? ['ipv6' as const] : [])];
}

/** The engine's range of one address in the one space of addresses.ts. */
function addressRange(a: bigint) {
  return familyOf(a) === 'ipv4' ? { family: 'ipv4' as const, first: Number(a), last: Number(a) } : { family: 'ipv6' as const, first: a - V6, last: a - V6 };
}

/** The engine's endpoint for a reference endpoint: an external one as the one address. */
function matrixEndpoint(m: Matrix, e: Endpoint): MatrixEndpoint {
  if (e.kind === 'address') return m.externalEndpoint(addressRange(e.address));
  const w = m.workloadEndpoint(e.id);
  if (!w) throw new Error(`the engine has no workload ${e.id}`);
  return w;
}

/** The ordered pairs to compare: workload to workload (not itself), workload to address, address to workload. */
function pairs(ids: readonly string[], addresses: readonly bigint[]): Array<[Endpoint, Endpoint]> {
  const out: Array<[Endpoint, Endpoint]> = [];
  const workloads: Endpoint[] = ids.map((id) => ({ kind: 'workload', id }));
  const externals: Endpoint[] = addresses.map((address) => ({ kind: 'address', address }));
  for (const s of workloads) {
    for (const d of workloads) if (s !== d) out.push([s, d]);
    for (const d of externals) out.push([s, d]);
  }
  for (const s of externals) for (const d of workloads) out.push([s, d]);
  return out;
}

/**
 * Every disagreement between the engine and the reference on one cluster:
 * the workloads, the policies skipped as invalid, and for every ordered
 * pair the connections at the sample points, both as point queries and as
 * the listing the output is made from.
 */
export function checkCluster(cluster: RandomCluster, seed: number, coverage?: Coverage): Disagreement[] {
  const out: Disagreement[] = [];
  const m = engineMatrix(cluster, seed);
  const ref = reference(cluster);
  const ids = ref.workloads.map((w) => w.id);
  const engineIds = m.workloads.map((w) => w.id);
  if (ids.join(' ') !== engineIds.join(' ')) {
    return [{ message: `workloads differ: engine ${engineIds.join(' ')}; reference ${ids.join(' ')}` }];
  }
  const loaded = new Set(m.cluster.networkPolicies.map((p) => `${p.namespace}/${p.name}`));
  for (const name of ref.invalidPolicies) if (loaded.has(name)) out.push({ message: `NetworkPolicy ${name} is invalid but was loaded` });
  for (const np of ref.networkPolicies) {
    const name = `${np.metadata.namespace}/${np.metadata.name}`;
    if (!loaded.has(name)) out.push({ message: `NetworkPolicy ${name} is valid but was not loaded` });
  }
  // the generator writes admin policies the API server accepts (malformed peers, from skewed versions, aside): all are read
  const policies = new Set(m.cluster.policies.map((p) => `${p.policy.kind} ${p.policy.name}`));
  for (const p of [...ref.adminTier, ...ref.baselineTier]) {
    if (!policies.has(`${p.kind} ${p.metadata.name}`)) out.push({ message: `${p.kind} ${p.metadata.name} was not loaded` });
  }
  // the IP families: the reference's reading of the manifests and the engine's agree
  if (familyName(engineFamilies(m)) !== familyName(ref.families)) out.push({ message: `the engine analysed ${engineFamilies(m).join(' and ')}; the reference ${ref.families.join(' and ')}` });
  const ports = samplePorts(cluster.objects);
  const addresses = sampleAddresses(cluster.objects, cluster.options.podCIDRs ?? [], ref.families.filter((f) => engineFamilies(m).includes(f)));
  // the listing: the connections of every source row, keyed by endpoint names
  const listed = new Map<string, ConnectionSet>();
  for (const c of m.connections()) {
    const line = `${c.src.name} => ${c.dst.name} : ${c.conn.toString()}`;
    // a workload talking to itself is never listed, nor are two external ranges, nor a pair with nothing allowed
    if (c.src.name === c.dst.name) out.push({ message: `the listing has a workload to itself: ${line}` });
    if (c.src.kind === 'external' && c.dst.kind === 'external') out.push({ message: `the listing has two external ranges: ${line}` });
    if (c.conn.isEmpty()) out.push({ message: `the listing has an empty connection: ${line}` });
    if (listed.has(`${c.src.name} ${c.dst.name}`)) out.push({ message: `the listing has a pair twice: ${line}` });
    listed.set(`${c.src.name} ${c.dst.name}`, c.conn);
  }
  /** An endpoint's name in the listing: an address by the range that holds it (sources and destinations are cut apart). */
  const names = new Map<string, string>();
  const listedName = (e: Endpoint, role: 'src' | 'dst') => {
    if (e.kind === 'workload') return e.id;
    const key = `${role}${e.address}`;
    let name = names.get(key);
    if (name === undefined) {
      const a = addressRange(e.address);
      const range = (role === 'src' ? m.ingressRanges : m.egressRanges).find((r) => r.family === a.family && r.first <= a.first && a.first <= r.last)!;
      name = m.externalEndpoint(range).name;
      names.set(key, name);
    }
    return name;
  };
  for (const [src, dst] of pairs(ids, addresses)) {
    const expected = ref.allowedPoints(src, dst, ports);
    count(coverage, expected, [src, dst]);
    const engine = m.connection(matrixEndpoint(m, src), matrixEndpoint(m, dst));
    const got = pointsOf(engine, ports);
    const what = () => `${endpointName(src)} => ${endpointName(dst)}`;
    if (!samePoints(got, expected)) {
      out.push({ message: `${what()}: engine allows ${formatPoints(got, ports)} (${engine.toString()}); reference allows ${formatPoints(expected, ports)}` });
      continue;
    }
    const fromList = listed.get(`${listedName(src, 'src')} ${listedName(dst, 'dst')}`);
    const listedPoints = fromList ? pointsOf(fromList, ports) : new Uint8Array(expected.length);
    if (!samePoints(listedPoints, expected)) {
      out.push({ message: `${what()}: the listing has ${fromList?.toString() ?? 'no line'}; reference allows ${formatPoints(expected, ports)}` });
    }
  }
  // the lint's shortcut for whether a workload's egress lets anything through to a workload agrees with asking every one
  m.workloads.forEach((w, i) => {
    const every = m.workloads.some((_, d) => !m.admits(i, d, 'egress').isEmpty());
    if (m.egressReachesWorkloads(i) !== every) out.push({ message: `egress of ${w.id}: egressReachesWorkloads says ${!every}, asking every workload ${every}` });
    const src = m.workloadEndpoint(i)!;
    const outside = m.egressRanges.some((r) => !m.connection(src, m.externalEndpoint(r)).isEmpty());
    if (m.egressReachesOutside(i) !== outside) out.push({ message: `egress of ${w.id}: egressReachesOutside says ${!outside}, asking every range ${outside}` });
  });
  // two pods of one workload: a pair never listed, but one the policies govern (RD111 compares it across a change)
  for (const id of ids) {
    const expected = ref.replicaPoints(id, ports);
    const engine = m.betweenReplicas(m.workloadEndpoint(id)!);
    if (!samePoints(pointsOf(engine, ports), expected)) {
      out.push({ message: `between pods of ${id}: engine allows ${formatPoints(pointsOf(engine, ports), ports)} (${engine.toString()}); reference allows ${formatPoints(expected, ports)}` });
    }
  }
  return out;
}

/**
 * Every disagreement between the engine's diff of two states and the set
 * difference of the reference's answers: for every ordered pair (workloads
 * of either state, sample addresses), whether it changed, how (added,
 * removed, changed), the connections on each side and what opened and
 * closed, and which ends exist on one side only; and no change the
 * reference does not see.
 */
export function checkDiff(base: RandomCluster, head: RandomCluster, seed: number, coverage?: Coverage): Disagreement[] {
  const out: Disagreement[] = [];
  // both states are analysed for the same IP families, as the pipeline does: those either state needs
  const ca = engineCluster(base, seed);
  const cb = engineCluster(head, seed + 1);
  const family = ipFamilyOf([ca, cb], engineOptions(head));
  const refFamilies = [...new Set([...reference(base).families, ...reference(head).families])];
  const refFamily = head.options.ipFamily ?? familyName(refFamilies.sort());
  if (family !== refFamily) out.push({ message: `the engine analyses the diff for ${family}; the reference for ${refFamily}` });
  const a = analyze(ca, { ...engineOptions(base), ipFamily: family });
  const b = analyze(cb, { ...engineOptions(head), ipFamily: family });
  const diff: Diff = diffMatrices(a, b);
  if (coverage) {
    for (const c of diff.changes) {
      coverage[c.type]++;
      if (c.src.includes(':') || c.dst.includes(':')) coverage.ipv6Entries++;
    }
  }
  const refA = reference(base, family);
  const refB = reference(head, family);
  const ports = samplePorts([...base.objects, ...head.objects]);
  const addresses = sampleAddresses([...base.objects, ...head.objects], [...(base.options.podCIDRs ?? []), ...(head.options.podCIDRs ?? [])], refA.families);
  const idsA = new Set(refA.workloads.map((w) => w.id));
  const idsB = new Set(refB.workloads.map((w) => w.id));
  const ids = [...new Set([...idsA, ...idsB])].sort();

  const parseExternal = (name: string): { first: bigint; last: bigint } | undefined => {
    const m = /^([\da-fA-F.:]+)-([\da-fA-F.:]+)\[External\]$/.exec(name);
    const first = m ? parseAddress(m[1]!) : undefined;
    const last = m ? parseAddress(m[2]!) : undefined;
    return first === undefined || last === undefined ? undefined : { first, last };
  };
  // a pair whose connections stay while the rules with a note they pass through change (an L7 filter) is a change the reference,
  // which knows connections only, does not see: it must have the same connections on both sides and other notes
  for (const c of diff.changes) {
    if (!c.via) continue;
    const key = (via: NonNullable<typeof c.via>['base']) => via.map((v) => `${v.note} ${v.conn.toString()}`).join('; ');
    if (c.type !== 'changed' || !c.base.equals(c.head) || !c.opened.isEmpty() || !c.closed.isEmpty() || key(c.via.base) === key(c.via.head)) {
      out.push({ message: `${c.src} => ${c.dst}: a change of its notes alone (${key(c.via.base)} -> ${key(c.via.head)}) with ${c.type}, ${c.base.toString()} -> ${c.head.toString()}` });
    }
  }
  const changes = diff.changes.filter((c) => !c.via).map((c) => ({ change: c, src: parseExternal(c.src), dst: parseExternal(c.dst), seen: false }));
  const matchesEnd = (name: string, range: { first: bigint; last: bigint } | undefined, e: Endpoint) =>
    e.kind === 'workload' ? range === undefined && name === e.id : range !== undefined && range.first <= e.address && e.address <= range.last;

  for (const [src, dst] of pairs(ids, addresses)) {
    const before = refA.allowedPoints(src, dst, ports);
    const after = refB.allowedPoints(src, dst, ports);
    const what = () => `${endpointName(src)} => ${endpointName(dst)}`;
    const found = changes.filter((c) => matchesEnd(c.change.src, c.src, src) && matchesEnd(c.change.dst, c.dst, dst));
    found.forEach((c) => (c.seen = true));
    if (samePoints(before, after)) {
      if (found.length > 0) out.push({ message: `${what()}: unchanged (${formatPoints(before, ports)}) but the diff says ${found[0]!.change.type}` });
      continue;
    }
    if (found.length !== 1) {
      out.push({ message: `${what()}: ${formatPoints(before, ports)} -> ${formatPoints(after, ports)} but the diff has ${found.length} entries for it` });
      continue;
    }
    const c = found[0]!.change;
    const type = isEmptyPoints(before) ? 'added' : isEmptyPoints(after) ? 'removed' : 'changed';
    const opened = after.map((x, i) => (x === 1 && before[i] === 0 ? 1 : 0));
    const closed = before.map((x, i) => (x === 1 && after[i] === 0 ? 1 : 0));
    const checks: Array<[string, boolean]> = [
      ['type', c.type === type],
      ['base', samePoints(pointsOf(c.base, ports), before)],
      ['head', samePoints(pointsOf(c.head, ports), after)],
      ['opened', samePoints(pointsOf(c.opened, ports), opened)],
      ['closed', samePoints(pointsOf(c.closed, ports), closed)],
    ];
    const ends = [src, dst].flatMap((e) =>
      e.kind === 'workload' && idsA.has(e.id) !== idsB.has(e.id) ? [`${e.id} ${idsA.has(e.id) ? 'removed' : 'added'}`] : [],
    );
    checks.push(['workloads', c.workloads.map((w) => `${w.workload} ${w.change}`).join(', ') === ends.join(', ')]);
    const wrong = checks.filter(([, ok]) => !ok).map(([name]) => name);
    if (wrong.length > 0) {
      out.push({
        message: `${what()}: the diff's ${wrong.join(', ')} differ: diff ${c.type} ${c.base.toString()} -> ${c.head.toString()} (workloads: ${c.workloads.map((w) => `${w.workload} ${w.change}`).join(', ') || 'none'}); reference ${type} ${formatPoints(before, ports)} -> ${formatPoints(after, ports)}${ends.length ? ` (${ends.join(', ')})` : ''}`,
      });
    }
  }
  for (const c of changes) if (!c.seen) out.push({ message: `the diff lists ${c.change.type} ${c.change.src} => ${c.change.dst}, which no sample pair falls in` });
  // pods of one workload (RD111): a change exactly where the reference's answers for two of its pods differ
  const replicas = new Map(diffReplicas(a, b).map((r) => [r.workload, r] as const));
  for (const id of ids) {
    if (!idsA.has(id) || !idsB.has(id) || b.workloadEndpoint(id)?.kind !== 'workload' || id.endsWith('[Pod]')) continue;
    const before = refA.replicaPoints(id, ports);
    const after = refB.replicaPoints(id, ports);
    const r = replicas.get(id);
    replicas.delete(id);
    if (coverage && !samePoints(before, after)) coverage.replicas++;
    if (samePoints(before, after)) {
      if (r) out.push({ message: `between pods of ${id}: unchanged (${formatPoints(before, ports)}) but RD111 says ${r.base.toString()} -> ${r.head.toString()}` });
    } else if (!r) {
      out.push({ message: `between pods of ${id}: ${formatPoints(before, ports)} -> ${formatPoints(after, ports)} but no RD111` });
    } else if (!samePoints(pointsOf(r.base, ports), before) || !samePoints(pointsOf(r.head, ports), after)) {
      out.push({ message: `between pods of ${id}: RD111 says ${r.base.toString()} -> ${r.head.toString()}; reference ${formatPoints(before, ports)} -> ${formatPoints(after, ports)}` });
    }
  }
  for (const id of replicas.keys()) out.push({ message: `RD111 for ${id}, which is not a workload of both states` });
  return out;
}

type PathStep = string | number;

/** Paths of the parts one can drop from a cluster and keep it valid: list elements and label entries. */
function removableParts(objects: readonly unknown[]): PathStep[][] {
  const out: PathStep[][] = objects.map((_, i) => [i]);
  const mustStayNonEmpty = (key: PathStep | undefined, admin: boolean) =>
    key === 'values' || key === 'networks' || key === 'containers' || (admin && (key === 'from' || key === 'to' || key === 'protocols' || key === 'domainNames'));
  const walk = (value: unknown, path: PathStep[], admin: boolean): void => {
    if (Array.isArray(value)) {
      const key = path.at(-1);
      value.forEach((v, i) => {
        if (value.length > 1 || !mustStayNonEmpty(key, admin)) out.push([...path, i]);
        walk(v, [...path, i], admin);
      });
    } else if (typeof value === 'object' && value !== null) {
      const key = path.at(-1);
      for (const [k, v] of Object.entries(value)) {
        if (key === 'labels' || key === 'matchLabels') out.push([...path, k]);
        walk(v, [...path, k], admin);
      }
    }
  };
  objects.forEach((o, i) => {
    const kind = (o as { kind: string }).kind;
    walk(o, [i], kind.endsWith('AdminNetworkPolicy') || kind === 'ClusterNetworkPolicy');
  });
  return out;
}

function without(objects: readonly unknown[], path: PathStep[]): unknown[] {
  const copy = JSON.parse(JSON.stringify(objects)) as unknown[];
  let parent: unknown = copy;
  for (const step of path.slice(0, -1)) parent = (parent as Record<PathStep, unknown>)[step];
  const last = path.at(-1)!;
  if (Array.isArray(parent)) parent.splice(last as number, 1);
  else delete (parent as Record<string, unknown>)[last as string];
  return copy;
}

/**
 * A smaller cluster that still fails `fails`: drops objects, rules, peers,
 * ports, selector terms and labels one at a time while the failure stays,
 * within `budget` tries.
 */
export function shrink(cluster: RandomCluster, fails: (c: RandomCluster) => boolean, budget = 3000): RandomCluster {
  let current = cluster;
  let tries = 0;
  for (let progress = true; progress && tries < budget; ) {
    progress = false;
    for (const path of removableParts(current.objects)) {
      if (++tries > budget) break;
      const candidate: RandomCluster = { objects: without(current.objects, path) as RandomCluster['objects'], options: current.options };
      let failing: boolean;
      try {
        failing = fails(candidate);
      } catch {
        failing = true;
      }
      if (failing) {
        current = candidate;
        progress = true;
        break;
      }
    }
  }
  return current;
}
