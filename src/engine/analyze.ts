import { ConnectionTable } from '../model/connections.js';
import type { Diagnostic, SourceRef } from '../model/diagnostics.js';
import { Codes, compareDiagnostics, diagnostic } from '../model/diagnostics.js';
import type { AddressSet } from '../model/addresses.js';
import * as addr from '../model/addresses.js';
import type { ExternalRange } from '../model/ipranges.js';
import { Matrix } from './matrix.js';
import type { EngineState, IngressGroup, EgressGroup, PodClass } from './matrix.js';
import type { ContainerPort, Workload } from '../model/cluster.js';
import { CONTROLLER_POD_LABELS, DEFAULT_SERVICE_ACCOUNT, labelsKnown, mayPickByName, NAMESPACE_NAME_LABEL } from '../model/cluster.js';
import type { Cluster } from '../input/cluster.js';
import { ciliumAgentFlags } from '../input/settings.js';
import type { Action, CiliumAgentFlags, KindedPolicy, Resolver, RuleDoubt, RuleSpec, Step, Tier, UndeclaredNamespaces } from '../policy/kind.js';
import { policyId } from '../policy/kind.js';
import { pluralOfKind, tierTableOf } from '../policy/registry.js';
import type { TierTable } from '../policy/tiers.js';
import type { ClassMatch, CompiledRule, Direction, DirectionPolicy, HoldingPolicy, PortMap, RuleOrigin, TierRules } from './rules.js';
import { ciliumNamedPorts, classMatchHas, EMPTY_PORTS, evaluate, MATCH_NO_CLASS, OPEN_DIRECTION, PortMatcher } from './rules.js';
import type { LabelContext, Labels, Selector } from '../model/selectors.js';
import { isMatchAll, matches, selectorOfRequirements } from '../model/selectors.js';
import type { IngressControllerOptions } from './ingress.js';
import { DEFAULT_INGRESS_CONTROLLER, INGRESS_CONTROLLER_ID, ingressPaths, unknownPodServices, withIngressController } from './ingress.js';

/** Cilium's agent flags where the manifests say nothing of them: their defaults. */
const DEFAULT_CILIUM_FLAGS: CiliumAgentFlags = ciliumAgentFlags([]);

export interface AnalyzeOptions {
  /** Where the ingress controller runs (traffic of Ingress, Route and Gateway API route objects comes from it). */
  readonly ingressController?: IngressControllerOptions;
  /** The config says no Calico network set lives outside the manifests (outside.networkSets: false). */
  readonly noNetworkSetsOutside?: boolean;
  /**
   * `exclude` (default): host-network workloads are never selected by
   * policies, as on most network plugins. `include`: treat them as pods.
   */
  readonly hostNetwork?: 'exclude' | 'include';
  /** The cluster's pod network, for AdminNetworkPolicy `networks` peers. */
  readonly podCIDRs?: readonly string[];
  /**
   * The cluster's Service network, where given: traffic to an address in
   * it is sent on to a Service's endpoints before policies see it, so an
   * invariant's cidr destination inside it is not an address policies
   * decide for (see serviceAddressTargets in check/invariants.ts).
   */
  readonly serviceCIDRs?: readonly string[];
  /**
   * The IP families the cluster uses: `ipv4`, `ipv6` or `dual`. Unset: see
   * ipFamilyOf. External endpoints are ranges of these families, and pods
   * have addresses of each.
   */
  readonly ipFamily?: IpFamily;
  /**
   * Set where ipFamily was chosen by ipFamilyOf, not given: IPv4 where
   * nothing names IPv6, though the cluster may be dual-stack.
   */
  readonly ipFamilyAssumed?: boolean;
}

export const IP_FAMILIES = ['ipv4', 'ipv6', 'dual'] as const;
export type IpFamily = (typeof IP_FAMILIES)[number];

/**
 * The IP families to analyse one or more states with (the states of a diff
 * share them, so that their external ranges compare): those the options
 * name, else IPv4, and IPv6 too where some policy of a state names IPv6
 * addresses, a Service says the cluster has IPv6 addresses (an IPv6 family
 * or address), or the pod network (--pod-cidr) has IPv6 CIDRs.
 */
export function ipFamilyOf(clusters: readonly Cluster[], options: AnalyzeOptions): IpFamily {
  if (options.ipFamily) return options.ipFamily;
  const v6 =
    addr.ofCidrs(options.podCIDRs ?? []).v6.length > 0 ||
    clusters.some((c) => c.policies.some((p) => p.kind.usesIPv6?.(p.policy) === true) || c.services.some((s) => s.ipv6 === true));
  return v6 ? 'dual' : 'ipv4';
}

/** The whole address space of some IP families. */
export function familySpace(family: IpFamily): AddressSet {
  return family === 'dual' ? addr.ALL : family === 'ipv6' ? addr.ALL_IPV6 : addr.ALL_IPV4;
}

/** Keys of label sets and port lists, kept per object: both states of a diff share most objects. */
function keptPerObject<T extends object>(compute: (value: T) => string): (value: T) => string {
  const keys = new WeakMap<T, string>();
  return (value) => {
    let key = keys.get(value);
    if (key === undefined) {
      key = compute(value);
      keys.set(value, key);
    }
    return key;
  };
}

const labelsKey = keptPerObject(computeLabelsKey);
const portListKey = keptPerObject(computePortsKey);

function portsKey(ports: readonly ContainerPort[]): string {
  return ports.length === 0 ? '' : portListKey(ports);
}

function computeLabelsKey(labels: Labels): string {
  const keys = Object.keys(labels);
  let sorted = true;
  for (let i = 1; i < keys.length && sorted; i++) sorted = keys[i - 1]! < keys[i]!;
  if (!sorted) keys.sort();
  let out = '';
  for (const k of keys) out += `${k}=${labels[k]}\u0000`;
  return out;
}

function computePortsKey(ports: readonly ContainerPort[]): string {
  const key = (list: readonly ContainerPort[]) =>
    list
      .filter((p) => p.name !== undefined)
      .map((p) => `${p.name}/${p.protocol}/${p.port}`)
      .sort()
      .join(',');
  const all = key(ports);
  // pods whose named ports Cilium sees otherwise (on a native sidecar, a name declared twice) keep that view apart
  const cilium = key(ciliumNamedPorts(ports));
  return cilium === all ? all : `${all}|${cilium}`;
}

function unionMatches(a: ClassMatch, b: ClassMatch): ClassMatch {
  if (a.kind === 'all' || b.kind === 'all') return { kind: 'all' };
  if (a.kind === 'selectable' || b.kind === 'selectable') return { kind: 'selectable' };
  if (a.classes.length === 0) return b;
  if (b.classes.length === 0) return a;
  const out = new Int32Array(a.classes.length + b.classes.length);
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.classes.length || j < b.classes.length) {
    const x = i < a.classes.length ? a.classes[i]! : Infinity;
    const y = j < b.classes.length ? b.classes[j]! : Infinity;
    const v = Math.min(x, y);
    if (x === v) i++;
    if (y === v) j++;
    out[n++] = v;
  }
  return { kind: 'set', classes: out.subarray(0, n) };
}

/** The classes of two sorted sets that `keep` says to keep, by whether each is in a and in b. */
function mergeSets(a: Int32Array, b: Int32Array, keep: (inA: boolean, inB: boolean) => boolean): ClassMatch {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = i < a.length ? a[i]! : Infinity;
    const y = j < b.length ? b[j]! : Infinity;
    const v = Math.min(x, y);
    if (keep(x === v, y === v)) out.push(v);
    if (x === v) i++;
    if (y === v) j++;
  }
  return out.length === 0 ? MATCH_NO_CLASS : { kind: 'set', classes: Int32Array.from(out) };
}

class Engine implements Resolver {
  readonly table = new ConnectionTable();
  readonly diagnostics: Diagnostic[] = [];
  readonly namespaces: string[];
  private readonly nsIndex = new Map<string, number>();
  private readonly nsLabels: Labels[];
  readonly classes: PodClass[] = [];
  private readonly classesByNs: number[][];
  private readonly labelIndex = new Map<string, number[]>();
  readonly workloadClasses: number[][] = [];
  private readonly portMaps = new Map<string, PortMap>([['', EMPTY_PORTS]]);
  private readonly nsSelectionCache = new Map<string, Int32Array>();
  private readonly classSelectionByNs: Array<Map<string, ClassMatch> | undefined> = [];
  private readonly classSelectionBySelector = new Map<string, Map<string, ClassMatch>>();
  private selectableCount = 0;
  readonly rules: CompiledRule[] = [];
  readonly tiers: TierTable;
  readonly addressSpace: AddressSet;
  readonly familyAssumed: boolean;
  readonly familyGiven: boolean;
  /** Pods that differ only in their service account are told apart: some selector sees it. */
  private readonly byServiceAccount: boolean;

  constructor(
    readonly cluster: Cluster,
    private readonly options: AnalyzeOptions,
  ) {
    this.namespaces = [...cluster.namespaces.keys()];
    this.namespaces.forEach((n, i) => this.nsIndex.set(n, i));
    this.nsLabels = this.namespaces.map((n) => cluster.namespaces.get(n)!.labels);
    this.classesByNs = this.namespaces.map(() => []);
    this.tiers = tierTableOf(cluster.policies);
    const family = ipFamilyOf([cluster], options);
    this.addressSpace = familySpace(family);
    this.familyAssumed = family === 'ipv4' && (options.ipFamily === undefined || options.ipFamilyAssumed === true);
    this.familyGiven = options.ipFamily !== undefined && options.ipFamilyAssumed !== true;
    this.byServiceAccount = cluster.policies.some((p) => p.kind.seesServiceAccounts === true);
    this.buildClasses();
  }

  private readonly contexts: Array<LabelContext | undefined> = [];

  /** What a selector with a test sees beside a class's labels: its namespace and service account. */
  private classContext(c: number): LabelContext {
    let ctx = this.contexts[c];
    if (!ctx) {
      const cls = this.classes[c]!;
      const namespace = this.namespaces[cls.namespace]!;
      const serviceAccount = cls.serviceAccount ?? DEFAULT_SERVICE_ACCOUNT;
      const saLabels = this.cluster.serviceAccounts.get(`${namespace}/${serviceAccount}`);
      ctx = { namespace, namespaceLabels: this.nsLabels[cls.namespace]!, serviceAccount, ...(saLabels ? { serviceAccountLabels: saLabels } : {}) };
      this.contexts[c] = ctx;
    }
    return ctx;
  }

  private classMatches(selector: Selector, c: number): boolean {
    const cls = this.classes[c]!;
    return matches(selector, cls.labels, selector.test ? this.classContext(c) : undefined);
  }

  private namespaceMatches(selector: Selector, i: number): boolean {
    return matches(selector, this.nsLabels[i]!, selector.test ? { namespace: this.namespaces[i]!, namespaceLabels: this.nsLabels[i]! } : undefined);
  }

  namespaceIndex(name: string): number {
    return this.nsIndex.get(name)!;
  }

  private portMap(ports: readonly ContainerPort[], initPorts: readonly ContainerPort[] | undefined): PortMap {
    // pods whose init containers name ports Calico resolves names on keep them apart
    const key = initPorts ? `${portsKey(ports)}\u0003${portsKey(initPorts)}` : portsKey(ports);
    let pm = this.portMaps.get(key);
    if (!pm) {
      pm = { id: this.portMaps.size, ports: ports.filter((p) => p.name !== undefined), ...(initPorts ? { initPorts } : {}) };
      this.portMaps.set(key, pm);
    }
    return pm;
  }

  private buildClasses(): void {
    // per namespace, by label key; pods with named ports or unselectable ones add their port map and mode to the key
    const byKey: Array<Map<string, number>> = this.namespaces.map(() => new Map());
    const include = this.options.hostNetwork === 'include';
    const workloads = this.cluster.workloads;
    for (let wi = 0; wi < workloads.length; wi++) {
      const w = workloads[wi]!;
      const ns = this.nsIndex.get(w.namespace)!;
      const keys = byKey[ns]!;
      // most workloads have one class: arrays made with their first element hold no spare room
      let ids: number[] | undefined;
      let hostNetwork = false;
      for (const pod of w.pods) {
        hostNetwork ||= pod.hostNetwork;
        const selectable = include || !pod.hostNetwork;
        const pm = this.portMap(pod.ports, pod.initPorts);
        const lk = labelsKey(pod.labels);
        let key = pm.id === 0 && selectable ? lk : `${lk}\u0001${pm.id}\u0001${selectable ? 1 : 0}`;
        const sa = this.byServiceAccount ? (pod.serviceAccountName ?? DEFAULT_SERVICE_ACCOUNT) : undefined;
        if (sa !== undefined) key += `\u0002${sa}`;
        let id = keys.get(key);
        if (id === undefined) {
          id = this.classes.length;
          keys.set(key, id);
          // one shape for every class (no spread): classes are many
          this.classes.push({ index: id, namespace: ns, labels: pod.labels, portMap: pm, selectable, workloads: [wi], serviceAccount: sa });
          this.classesByNs[ns]!.push(id);
          if (selectable) {
            this.selectableCount++;
            for (const k in pod.labels) {
              const lk = `${k}\u0000${pod.labels[k]}`;
              const list = this.labelIndex.get(lk);
              if (list) list.push(id);
              else this.labelIndex.set(lk, [id]);
            }
          }
        }
        if (!ids) ids = [id];
        else if (!ids.includes(id)) ids.push(id);
        const cw = this.classes[id]!.workloads;
        if (cw[cw.length - 1] !== wi) cw.push(wi);
      }
      this.workloadClasses.push(ids ?? []);
      if (!include && hostNetwork) {
        this.diagnostics.push(
          diagnostic(
            'warning',
            Codes.hostNetwork,
            w.source,
            `${w.id} uses hostNetwork: NetworkPolicies do not apply to it on most network plugins, so no policy isolates it and selectors do not match it (--host-network include treats it as a pod)`,
          ),
        );
      }
    }
  }

  private selectNamespaces(selector: Selector): Int32Array {
    let r = this.nsSelectionCache.get(selector.key);
    if (!r) {
      // an equality requirement narrows the namespaces to try to those carrying its label
      let candidates: readonly number[] | undefined;
      for (const req of selector.requirements) {
        if (req.operator !== 'In' || req.values.length !== 1) continue;
        const list = this.nsLabelIndex().get(`${req.key}\u0000${req.values[0]}`) ?? [];
        if (!candidates || list.length < candidates.length) candidates = list;
      }
      const out: number[] = [];
      if (candidates) {
        for (const i of candidates) if (this.namespaceMatches(selector, i)) out.push(i);
      } else {
        for (let i = 0; i < this.nsLabels.length; i++) if (this.namespaceMatches(selector, i)) out.push(i);
      }
      r = Int32Array.from(out);
      this.nsSelectionCache.set(selector.key, r);
    }
    return r;
  }

  private readonly nsNameCache = new Map<string, string[]>();

  /** The names of the namespaces a selector matches, in the cluster's order. */
  namespaceNames(selector: Selector): string[] {
    let names = this.nsNameCache.get(selector.key);
    if (!names) {
      names = [...this.selectNamespaces(selector)].sort((a, b) => a - b).map((i) => this.namespaces[i]!);
      this.nsNameCache.set(selector.key, names);
    }
    return names;
  }

  private nsLabelIndexCache: Map<string, number[]> | undefined;
  private nsLabelIndex(): Map<string, number[]> {
    if (!this.nsLabelIndexCache) {
      const index = new Map<string, number[]>();
      this.nsLabels.forEach((labels, i) => {
        for (const [k, v] of Object.entries(labels)) {
          const key = `${k}\u0000${v}`;
          const list = index.get(key);
          if (list) list.push(i);
          else index.set(key, [i]);
        }
      });
      this.nsLabelIndexCache = index;
    }
    return this.nsLabelIndexCache;
  }

  /**
   * The selectable classes in the namespaces chosen by `namespaces` (a
   * namespace index, or a selector over namespaces) whose labels match
   * `pods` (undefined: all pods). Cached; uses the label index when the
   * selector has an equality requirement.
   */
  selectClasses(namespaces: number | Selector, pods: Selector | undefined): ClassMatch {
    // cached by namespace (or namespace selector), then by pod selector: the keys are the selectors' own strings
    let byPods = typeof namespaces === 'number' ? this.classSelectionByNs[namespaces] : this.classSelectionBySelector.get(namespaces.key);
    if (!byPods) {
      byPods = new Map();
      if (typeof namespaces === 'number') this.classSelectionByNs[namespaces] = byPods;
      else this.classSelectionBySelector.set(namespaces.key, byPods);
    }
    const podsKey = pods?.key ?? '*';
    const cached = byPods.get(podsKey);
    if (cached) return cached;
    const result = this.computeClassSelection(namespaces, pods);
    byPods.set(podsKey, result);
    return result;
  }

  private computeClassSelection(namespaces: number | Selector, pods: Selector | undefined): ClassMatch {
    const nsList = typeof namespaces === 'number' ? Int32Array.of(namespaces) : this.selectNamespaces(namespaces);
    let result: ClassMatch;
    const podsAll = pods === undefined || isMatchAll(pods);
    if (podsAll && nsList.length === this.namespaces.length) {
      result = this.selectableCount === 0 ? MATCH_NO_CLASS : { kind: 'selectable' };
    } else {
      const inNs = (this.nsStamp ??= new Int32Array(this.namespaces.length));
      const call = ++this.nsCall;
      for (let i = 0; i < nsList.length; i++) inNs[nsList[i]!] = call;
      let candidates: readonly number[] | undefined;
      // the label index helps only where it names fewer classes than the selected namespaces hold
      let best = 0;
      for (let i = 0; i < nsList.length; i++) best += this.classesByNs[nsList[i]!]!.length;
      for (const r of pods?.requirements ?? []) {
        if (r.operator !== 'In') continue;
        let total = 0;
        const lists: number[][] = [];
        for (const v of r.values) {
          const list = this.labelIndex.get(`${r.key}\u0000${v}`);
          if (list) {
            total += list.length;
            lists.push(list);
          }
        }
        if (total < best) {
          best = total;
          candidates = lists.length === 1 ? lists[0]! : lists.flat().sort((a, b) => a - b);
        }
      }
      const out: number[] = [];
      const consider = (c: number) => {
        const cls = this.classes[c]!;
        if (cls.selectable && inNs[cls.namespace] === call && (podsAll || this.classMatches(pods!, c))) out.push(c);
      };
      if (candidates) {
        for (let i = 0; i < candidates.length; i++) consider(candidates[i]!);
      } else {
        for (let i = 0; i < nsList.length; i++) for (const c of this.classesByNs[nsList[i]!]!) consider(c);
        // each namespace's classes are in order
        if (nsList.length > 1) out.sort((a, b) => a - b);
      }
      result = out.length === 0 ? MATCH_NO_CLASS : { kind: 'set', classes: Int32Array.from(out) };
    }
    return typeof namespaces !== 'number' && namespaces.ownPrefix !== undefined ? this.withOwnNamespaceLabels(result, namespaces, namespaces.ownPrefix, pods) : result;
  }

  private readonly prefixedClasses = new Map<string, number[]>();

  /**
   * A selection by a namespace selector under which pods' own labels with
   * `prefix` stand over their namespace's (Selector.ownPrefix): each
   * selectable class carrying such a label is in it where the selector
   * picks its namespace's labels with its own over them, whatever the
   * namespace alone gives.
   */
  private withOwnNamespaceLabels(result: ClassMatch, namespaces: Selector, prefix: string, pods: Selector | undefined): ClassMatch {
    let prefixed = this.prefixedClasses.get(prefix);
    if (!prefixed) {
      prefixed = this.classes.filter((c) => c.selectable && Object.keys(c.labels).some((k) => k.startsWith(prefix))).map((c) => c.index);
      this.prefixedClasses.set(prefix, prefixed);
    }
    if (prefixed.length === 0) return result;
    const set = new Set(this.classList(result));
    for (const c of prefixed) {
      const cls = this.classes[c]!;
      const own: Record<string, string> = {};
      for (const k in cls.labels) if (k.startsWith(prefix)) own[k.slice(prefix.length)] = cls.labels[k]!;
      const merged = { ...this.nsLabels[cls.namespace]!, ...own };
      // a selector with a test: the test decides (its requirements only narrow candidates, and speak of the namespace's own labels)
      const inNamespace = namespaces.test ? namespaces.test(merged, { namespace: this.namespaces[cls.namespace]!, namespaceLabels: merged, ownLabels: own }) : matches(namespaces, merged);
      if (inNamespace && (pods === undefined || this.classMatches(pods, c))) set.add(c);
      else set.delete(c);
    }
    return set.size === 0 ? MATCH_NO_CLASS : { kind: 'set', classes: Int32Array.from([...set].sort((a, b) => a - b)) };
  }

  private nsStamp: Int32Array | undefined;
  private nsCall = 0;
  private readonly workloadSelectionCache = new Map<string, Workload[]>();
  private nonSelectable: number[] | undefined;
  private workloadStamp: Int32Array | undefined;
  private stampCall = 0;

  /**
   * The workloads with some pod in the chosen namespaces whose labels match
   * `pods`, host-network pods included (they carry labels even where
   * policies ignore them): what a selector names, for the warnings. Shares
   * the class selections the analysis made.
   */
  selectWorkloads(namespaces: number | Selector, pods: Selector | undefined): Workload[] {
    const nsKey = typeof namespaces === 'number' ? `#${namespaces}` : `?${namespaces.key}`;
    const key = `${nsKey}\u0002${pods?.key ?? '*'}`;
    let out = this.workloadSelectionCache.get(key);
    if (out) return out;
    const workloads = this.cluster.workloads;
    const stamp = (this.workloadStamp ??= new Int32Array(workloads.length));
    const call = ++this.stampCall;
    const found: Workload[] = [];
    const take = (c: number) => {
      for (const w of this.classes[c]!.workloads) {
        if (stamp[w] !== call) {
          stamp[w] = call;
          found.push(workloads[w]!);
        }
      }
    };
    for (const c of this.classList(this.selectClasses(namespaces, pods))) take(c);
    this.nonSelectable ??= this.classes.filter((c) => !c.selectable).map((c) => c.index);
    if (this.nonSelectable.length > 0) {
      const nsList = typeof namespaces === 'number' ? [namespaces] : [...this.selectNamespaces(namespaces)];
      for (const c of this.nonSelectable) {
        const cls = this.classes[c]!;
        if (nsList.includes(cls.namespace) && (pods === undefined || this.classMatches(pods, c))) take(c);
      }
    }
    out = found;
    this.workloadSelectionCache.set(key, out);
    return out;
  }

  /** Whether selectWorkloads would name some workload, without listing them. */
  selectsAny(namespaces: number | Selector, pods: Selector | undefined): boolean {
    const m = this.selectClasses(namespaces, pods);
    if (m.kind !== 'set' || m.classes.length > 0) return true;
    this.nonSelectable ??= this.classes.filter((c) => !c.selectable).map((c) => c.index);
    if (this.nonSelectable.length === 0) return false;
    return this.selectWorkloads(namespaces, pods).length > 0;
  }

  private everyClass: { readonly all: readonly number[]; readonly selectable: readonly number[] } | undefined;

  /** The classes a match holds, in order. */
  classList(m: ClassMatch): Int32Array | readonly number[] {
    if (m.kind === 'set') return m.classes;
    this.everyClass ??= {
      all: this.classes.map((c) => c.index),
      selectable: this.classes.filter((c) => c.selectable).map((c) => c.index),
    };
    return m.kind === 'all' ? this.everyClass.all : this.everyClass.selectable;
  }

  // the resolver policy kinds compile against
  readonly everyWorkload: ClassMatch = { kind: 'all' };
  readonly selectableWorkloads: ClassMatch = { kind: 'selectable' };
  readonly noWorkload: ClassMatch = MATCH_NO_CLASS;
  private hostNetworkMatch: ClassMatch | undefined;

  get hostNetworkWorkloads(): ClassMatch {
    this.nonSelectable ??= this.classes.filter((c) => !c.selectable).map((c) => c.index);
    return (this.hostNetworkMatch ??= this.nonSelectable.length === 0 ? MATCH_NO_CLASS : { kind: 'set', classes: Int32Array.from(this.nonSelectable) });
  }

  private ingressControllerMatch: ClassMatch | undefined;

  get ingressController(): ClassMatch {
    if (!this.ingressControllerMatch) {
      const i = this.cluster.workloads.findIndex((w) => w.id === INGRESS_CONTROLLER_ID);
      this.ingressControllerMatch = i < 0 ? MATCH_NO_CLASS : { kind: 'set', classes: Int32Array.from(this.workloadClasses[i]!).sort() };
    }
    return this.ingressControllerMatch;
  }

  pods(namespaces: string | Selector, pods: Selector | undefined): ClassMatch {
    return this.selectClasses(typeof namespaces === 'string' ? this.nsIndex.get(namespaces)! : namespaces, pods);
  }

  /** The namespaces (by index) neither the manifests nor the config declare that hold pods. */
  private undeclared: number[] | undefined;
  private readonly undeclaredCache = new Map<string, UndeclaredNamespaces | null>();

  undeclaredNamespaces(namespaces: string | Selector, pods: Selector | undefined, what: string): UndeclaredNamespaces | undefined {
    if (typeof namespaces === 'string') return undefined;
    // the namespace objects that name none were read in, where it is not given: its name is not known either
    const defaulted = this.cluster.defaultedNamespace;
    this.undeclared ??= this.namespaces.flatMap((n, i) => ((n === defaulted || !labelsKnown(this.cluster.namespaces.get(n))) && this.classesByNs[i]!.length > 0 ? [i] : []));
    if (this.undeclared.length === 0 || isMatchAll(namespaces)) return undefined;
    const key = `${namespaces.key}\u0002${pods?.key ?? '*'}\u0002${what}`;
    const cached = this.undeclaredCache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const out = this.undeclaredOf(namespaces, pods, what);
    this.undeclaredCache.set(key, out ?? null);
    return out;
  }

  private undeclaredOf(namespaces: Selector, pods: Selector | undefined, what: string): UndeclaredNamespaces | undefined {
    // the name label is the API server's: requirements on it are decided; a test may read any label, but those it says it reads
    const all = [...new Set([...namespaces.requirements.map((q) => q.key), ...(namespaces.reads ?? [])])];
    const read = all.filter((k) => k !== NAMESPACE_NAME_LABEL);
    const anyLabel = namespaces.test !== undefined && namespaces.reads === undefined;
    const labelsRead = read.length > 0 || anyLabel;
    // but not the name of the namespace objects that name none were read in (defaultedNamespace): a requirement that tells names apart
    const defaulted = this.cluster.defaultedNamespace;
    const nameRead = anyLabel || namespaces.requirements.some((q) => q.key === NAMESPACE_NAME_LABEL && (q.operator === 'In' || q.operator === 'NotIn')) || (namespaces.reads ?? []).includes(NAMESPACE_NAME_LABEL);
    if (!labelsRead && (!nameRead || defaulted === undefined)) return undefined;
    const now = new Set(this.selectNamespaces(namespaces));
    // labels controllers set on pods are not known either (another doubt says so): the pods the rest of the selector picks
    const picked = pods && pods.test === undefined && pods.requirements.some((q) => CONTROLLER_POD_LABELS.has(q.key)) ? selectorOfRequirements(pods.requirements.filter((q) => !CONTROLLER_POD_LABELS.has(q.key))) : pods;
    const unknown: string[] = [];
    let more: ClassMatch = MATCH_NO_CLASS;
    let within: ClassMatch = MATCH_NO_CLASS;
    let fewer = false;
    const others: string[] = [];
    let nameUnknown = false;
    for (const i of this.undeclared!) {
      const name = this.namespaces[i]!;
      const declared = labelsKnown(this.cluster.namespaces.get(name));
      const byName = name === defaulted && (nameRead || (labelsRead && declared));
      if (!byName && (!labelsRead || declared || !mayPickByName(namespaces, name))) continue;
      const held = this.selectClasses(i, picked);
      if (this.classList(held).length === 0) continue;
      if (byName) nameUnknown = true;
      else others.push(name);
      unknown.push(name);
      within = this.union(within, held);
      if (now.has(i)) fewer = true;
      else more = this.union(more, held);
    }
    if (unknown.length === 0) return undefined;
    const reads = read.length > 0 ? `reads ${read.join(', ')} of namespaces` : 'reads labels of namespaces';
    const whys: string[] = [];
    if (nameUnknown) {
      whys.push(`${what} ${nameRead ? `reads ${[...new Set([NAMESPACE_NAME_LABEL, ...read])].join(', ')} of namespaces` : reads}, and the objects read in namespace ${defaulted} name no namespace: kubectl apply -n, or the script that applies them, may put them in another, whose name and labels are not known (name their namespace, or give the one they are applied to with --default-namespace)`);
    }
    if (others.length > 0) {
      const list = others.length <= 3 ? others.join(', ') : `${others.slice(0, 3).join(', ')} and ${others.length - 3} more`;
      whys.push(`${what} ${reads}, and ${others.length === 1 ? 'namespace' : 'namespaces'} ${list}, which neither the manifests nor the config's outside.namespaces declare, may carry labels other than ${NAMESPACE_NAME_LABEL} (declare ${others.length === 1 ? 'it' : 'them'} with ${others.length === 1 ? 'its' : 'their'} labels)`);
    }
    const why = whys.join('; ');
    return { why, more, fewer, within };
  }

  union(a: ClassMatch, b: ClassMatch): ClassMatch {
    // every selectable class and some that are not (host-network ones, which node entities match): spelt out
    const other = a.kind === 'selectable' && b.kind === 'set' ? b : b.kind === 'selectable' && a.kind === 'set' ? a : undefined;
    if (other && other.classes.some((c) => !this.classes[c]!.selectable)) {
      return unionMatches({ kind: 'set', classes: Int32Array.from(this.classList(this.selectableWorkloads)) }, other);
    }
    return unionMatches(a, b);
  }

  /** A match as a set of classes. */
  private asSet(m: ClassMatch): Int32Array {
    return m.kind === 'set' ? m.classes : Int32Array.from(this.classList(m));
  }

  intersect(a: ClassMatch, b: ClassMatch): ClassMatch {
    if (a.kind === 'all') return b;
    if (b.kind === 'all') return a;
    if (a.kind === 'selectable' && b.kind === 'selectable') return a;
    return mergeSets(this.asSet(a), this.asSet(b), (x, y) => x && y);
  }

  subtract(a: ClassMatch, b: ClassMatch): ClassMatch {
    if (b.kind === 'set' && b.classes.length === 0) return a;
    if (b.kind === 'all') return MATCH_NO_CLASS;
    return mergeSets(this.asSet(a), this.asSet(b), (x, y) => x && !y);
  }

  private readonly warned = new Set<string>();

  get networkSetsOutside(): boolean {
    return this.options.noNetworkSetsOutside !== true;
  }

  get runsCilium(): boolean {
    return this.cluster.runsCilium === true;
  }

  get ciliumFlags(): CiliumAgentFlags {
    return this.cluster.ciliumFlags ?? DEFAULT_CILIUM_FLAGS;
  }

  warn(code: string, at: SourceRef, message: string): void {
    const key = `${at.file}\u0000${at.line}\u0000${message}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.diagnostics.push(diagnostic('warning', code, at, message));
  }

  private podNetworkCache: AddressSet | null | undefined;
  podNetwork(): AddressSet | null {
    if (this.podNetworkCache === undefined) {
      const set = addr.intersect(addr.ofCidrs(this.options.podCIDRs ?? []), this.addressSpace);
      this.podNetworkCache = addr.isEmpty(set) ? null : set;
    }
    return this.podNetworkCache;
  }

  /** The rules of one step of a policy, numbered in the engine. */
  addRules(step: Step, policy: KindedPolicy, id: string): CompiledRule[] {
    return step.rules.map((spec) => {
      const r = new EngineRule(this.rules.length, step, spec, policy, id);
      this.rules.push(r);
      return r;
    });
  }
}

/** A rule of a policy. Its origin and port matcher are made on first use: a diff looks at few rules' ports and explains few. */
class EngineRule implements CompiledRule {
  private madeOrigin: RuleOrigin | undefined;
  private matcher: PortMatcher | undefined;

  constructor(
    readonly id: number,
    private readonly step: Step,
    private readonly spec: RuleSpec,
    private readonly policy: KindedPolicy,
    private readonly policyName: string,
  ) {}

  get tier(): Tier {
    return this.step.tier;
  }

  get order(): number {
    return this.step.order;
  }

  get direction(): Direction {
    return this.step.direction;
  }

  get action(): Action {
    return this.spec.action;
  }

  get classes(): ClassMatch {
    return this.spec.classes;
  }

  get addresses(): AddressSet {
    return this.spec.addresses;
  }

  get origin(): RuleOrigin {
    return (this.madeOrigin ??= {
      policyKind: this.policy.policy.kind,
      policy: this.policyName,
      direction: this.step.direction,
      index: this.spec.index,
      ...(this.spec.name ? { name: this.spec.name } : {}),
      ...(this.step.priority !== undefined ? { priority: this.step.priority } : {}),
      ...(this.spec.note ? { note: this.spec.note } : {}),
      source: { file: this.policy.policy.source.file, line: this.spec.line },
      model: { policy: this.policy, rule: this.spec.rule },
    });
  }

  get ports(): PortMatcher {
    return (this.matcher ??= new PortMatcher(this.spec.ports, this.spec.portNames));
  }

  get note(): string | undefined {
    return this.spec.note;
  }

  get doubt(): RuleDoubt | undefined {
    return this.spec.doubt;
  }
}

/** A step of a policy as applied to the classes it holds. */
interface AppliedStep {
  readonly tier: Tier;
  readonly rules: readonly CompiledRule[];
  readonly holder: HoldingPolicy;
}

/**
 * A node of the trie of step sequences: classes that the same policies hold,
 * in the same order, share a node, and so one DirectionPolicy.
 */
interface TrieNode {
  readonly parent: TrieNode | undefined;
  readonly step: AppliedStep | undefined;
  /** Made when the first child is. */
  children: Map<AppliedStep, TrieNode> | undefined;
  policy?: DirectionPolicy;
}

/** A union tier's rules with the Deny rules first, in their order, then the others. */
function denyFirst(rules: readonly CompiledRule[]): readonly CompiledRule[] {
  if (!rules.some((r) => r.action === 'deny')) return rules;
  return [...rules.filter((r) => r.action === 'deny'), ...rules.filter((r) => r.action !== 'deny')];
}

function directionPolicyOf(node: TrieNode): DirectionPolicy {
  if (node.policy) return node.policy;
  const steps: AppliedStep[] = [];
  for (let n: TrieNode | undefined = node; n?.step; n = n.parent) steps.push(n.step);
  steps.reverse();
  // steps come in tier order: a tier's steps are next to each other
  const tiers: TierRules[] = [];
  let lists: Array<readonly CompiledRule[]> = [];
  let isolated = false;
  const close = (tier: Tier) => {
    // one step's list is used as it is
    const rules = lists.length === 1 ? lists[0]! : lists.flat();
    tiers.push({ tier, rules: tier.combine === 'union' ? denyFirst(rules) : rules, isolated });
  };
  steps.forEach((st, i) => {
    lists.push(st.rules);
    isolated ||= st.holder.isolates;
    if (steps[i + 1]?.tier !== st.tier) {
      close(st.tier);
      lists = [];
      isolated = false;
    }
  });
  const dp: DirectionPolicy = { tiers, isolated: tiers.some((t) => t.isolated), policies: steps.map((st) => st.holder) };
  node.policy = dp;
  return dp;
}

/**
 * Assigns every class its per-direction policy; classes under the same
 * policies share one. Each policy kind compiles its policies into steps;
 * the steps are applied in evaluation order: by tier, then by their order in
 * the tier, then by name where the tier's ties are ambiguous, else in the
 * order of the manifests. `subjects` gives, by rule id, the classes whose
 * policy holds the rule (some of them may set it aside: baseline rules
 * under NetworkPolicy isolation); `stepsOf` the steps of each policy.
 */
function buildDirectionPolicies(engine: Engine): {
  ingress: DirectionPolicy[];
  egress: DirectionPolicy[];
  subjects: ClassMatch[];
  subjectsOf: Map<object, Array<{ direction: Direction; subject: ClassMatch }>>;
  subjectDoubts: Array<{ direction: Direction; policy: string; why: string; within: ClassMatch }>;
} {
  const n = engine.classes.length;
  const root = (): TrieNode => ({ parent: undefined, step: undefined, children: undefined });
  const roots: Record<Direction, TrieNode> = { ingress: root(), egress: root() };
  const at: Record<Direction, TrieNode[]> = { ingress: new Array<TrieNode>(n).fill(roots.ingress), egress: new Array<TrieNode>(n).fill(roots.egress) };
  const subjects: ClassMatch[] = [];
  const subjectsOf = new Map<object, Array<{ direction: Direction; subject: ClassMatch }>>();
  const compiled: Array<{ step: Step; policy: KindedPolicy; id: string; seq: number }> = [];
  const subjectDoubts: Array<{ direction: Direction; policy: string; why: string; within: ClassMatch }> = [];
  for (const p of engine.cluster.policies) {
    const id = policyId(p.policy);
    const steps = p.kind.compile(p.policy, engine);
    subjectsOf.set(p.policy, steps.map((s) => ({ direction: s.direction, subject: s.subject })));
    for (const step of steps) {
      compiled.push({ step, policy: p, id, seq: compiled.length });
      if (step.subjectDoubt) subjectDoubts.push({ direction: step.direction, policy: `${p.policy.kind} ${id}`, why: step.subjectDoubt.why, within: engine.union(step.subjectDoubt.within, step.subject) });
    }
  }
  // orders may be infinite (Calico's policies and tiers without one come last): compared, never subtracted
  const cmp = (x: number | string, y: number | string) => (x < y ? -1 : x > y ? 1 : 0);
  compiled.sort(
    (a, b) =>
      cmp(a.step.tier.order, b.step.tier.order) ||
      (a.step.tier === b.step.tier ? 0 : cmp(a.step.tier.name, b.step.tier.name)) ||
      cmp(a.step.order, b.step.order) ||
      (a.step.tieBreak !== undefined && b.step.tieBreak !== undefined && a.step.tieBreak !== b.step.tieBreak ? (a.step.tieBreak < b.step.tieBreak ? -1 : 1) : 0) ||
      a.seq - b.seq,
  );
  for (const { step, policy, id } of compiled) {
    const rules = engine.addRules(step, policy, id);
    for (const r of rules) subjects[r.id] = step.subject;
    const applied: AppliedStep = { tier: step.tier, rules, holder: { kind: policy.policy.kind, id, isolates: step.isolates } };
    const nodes = at[step.direction];
    const list = engine.classList(step.subject);
    for (let i = 0; i < list.length; i++) {
      const from = nodes[list[i]!]!;
      let to = from.children?.get(applied);
      if (!to) {
        to = { parent: from, step: applied, children: undefined };
        (from.children ??= new Map()).set(applied, to);
      }
      nodes[list[i]!] = to;
    }
  }
  const finish = (node: TrieNode) => (node.step ? directionPolicyOf(node) : OPEN_DIRECTION);
  return { ingress: at.ingress.map(finish), egress: at.egress.map(finish), subjects, subjectsOf, subjectDoubts };
}

/**
 * The rules that can decide in a direction: every tier's, up to the first
 * that isolates and denies the rest (unless some of its rules pass traffic
 * on to the next tier).
 */
function rulesOf(dp: DirectionPolicy): readonly CompiledRule[] {
  const tiers = dp.tiers;
  if (tiers.length === 1) return tiers[0]!.rules;
  const out: CompiledRule[] = [];
  for (const t of tiers) {
    for (const r of t.rules) out.push(r);
    if (t.isolated && t.tier.endAction === 'deny' && !t.rules.some((r) => r.action === 'pass')) break;
  }
  return out;
}

function externalVerdicts(engine: Engine, dp: DirectionPolicy, rules: readonly CompiledRule[], ranges: readonly ExternalRange[], portMap: PortMap): Int32Array {
  const out = new Int32Array(ranges.length);
  const withAddresses = rules.filter((r) => !addr.isEmpty(r.addresses));
  // without address rules every range gets the same verdict
  if (withAddresses.length === 0) return out.fill(engine.table.intern(evaluate(dp, () => false, portMap)));
  const memo = new Map<string, number>();
  ranges.forEach((range, i) => {
    const hit = withAddresses.filter((r) => addr.holds(r.addresses, range));
    const key = hit.map((r) => r.id).join(',');
    let conn = memo.get(key);
    if (conn === undefined) {
      const set = new Set(hit);
      conn = engine.table.intern(evaluate(dp, (r) => set.has(r), portMap));
      memo.set(key, conn);
    }
    out[i] = conn;
  });
  return out;
}

/** Up to this many rules, which of them name a class is kept as bits of a number. */
const SIGNATURE_BITS = 30;

/**
 * Which of `rules` name a class: a bit per rule where there are at most
 * SIGNATURE_BITS (a number), else their positions, each followed by a comma
 * (a string); 0 or '' where none does.
 */
function namingSignature(rules: readonly CompiledRule[], c: number, selectable: boolean): number | string {
  if (rules.length <= SIGNATURE_BITS) {
    let mask = 0;
    for (let i = 0; i < rules.length; i++) if (classMatchHas(rules[i]!.classes, c, selectable)) mask += 2 ** i;
    return mask;
  }
  let ids = '';
  for (let i = 0; i < rules.length; i++) if (classMatchHas(rules[i]!.classes, c, selectable)) ids += `${i},`;
  return ids;
}

/**
 * What a direction allows to a peer no rule names, where that is the same
 * for every peer and port map: nothing when isolated with every rule before
 * naming its peers, everything when no rule applies at all.
 */
function fixedDefault(dp: DirectionPolicy): number | undefined {
  if (surelyClosed(dp)) return ConnectionTable.NONE;
  if (!dp.isolated && dp.tiers.every((t) => t.rules.length === 0)) return ConnectionTable.ALL;
  return undefined;
}

function ingressGroup(engine: Engine, dp: DirectionPolicy, portMap: PortMap, ranges: readonly ExternalRange[]): IngressGroup {
  const t = engine.table;
  const rules = rulesOf(dp);
  const fixed = fixedDefault(dp);
  const defaultSel = fixed ?? t.intern(evaluate(dp, (r) => r.classes.kind !== 'set', portMap));
  const defaultNonSel = fixed ?? t.intern(evaluate(dp, (r) => r.classes.kind === 'all', portMap));
  const setRules = rules.filter((r) => r.classes.kind === 'set' && r.classes.classes.length > 0);
  // verdicts memoized by which rules name the source, as namingSignature gives it, and whether selectors can match it
  const bits = setRules.length <= SIGNATURE_BITS;
  const memo = new Map<number | string, number>();
  const verdict = (signature: number | string, src: number): number => {
    const selectable = engine.classes[src]!.selectable;
    // rules of every selectable class do not name a host-network one: its verdicts are kept apart
    const key = selectable ? signature : `h${signature}`;
    let conn = memo.get(key);
    if (conn === undefined) {
      conn = t.intern(evaluate(dp, (r) => classMatchHas(r.classes, src, selectable), portMap));
      memo.set(key, conn);
    }
    return conn;
  };
  let specific: Map<number, number> | undefined;
  let lastSrc = -1;
  let lastConn = ConnectionTable.NONE;
  let external: Int32Array | undefined;
  return {
    policy: dp,
    defaultSel,
    defaultNonSel,
    get specific() {
      if (!specific) {
        // one pass over the rules' peer lists
        const keys = new Map<number, number | string>();
        setRules.forEach((r, i) => {
          for (const c of (r.classes as Extract<ClassMatch, { kind: 'set' }>).classes) {
            const prev = keys.get(c);
            keys.set(c, bits ? ((prev as number | undefined) ?? 0) + 2 ** i : `${(prev as string | undefined) ?? ''}${i},`);
          }
        });
        specific = new Map();
        for (const [c, key] of keys) {
          const conn = verdict(key, c);
          // against the default of the class's kind: rules may name host-network classes (node entities)
          if (conn !== (engine.classes[c]!.selectable ? defaultSel : defaultNonSel)) specific.set(c, conn);
        }
      }
      return specific;
    },
    from(src: number): number {
      // the classes of a group are often asked about the same source in turn
      if (src === lastSrc) return lastConn;
      lastSrc = src;
      const sc = engine.classes[src]!;
      if (specific) return (lastConn = specific.get(src) ?? (sc.selectable ? defaultSel : defaultNonSel));
      const key = namingSignature(setRules, src, sc.selectable);
      if (key === 0 || key === '') return (lastConn = sc.selectable ? defaultSel : defaultNonSel);
      return (lastConn = verdict(key, src));
    },
    named: setRules.map((r) => (r.classes as Extract<ClassMatch, { kind: 'set' }>).classes),
    get external() {
      return (external ??= externalVerdicts(engine, dp, rules, ranges, portMap));
    },
    open: defaultSel !== ConnectionTable.NONE || defaultNonSel !== ConnectionTable.NONE,
  };
}

/**
 * Egress verdicts of one group. The connections to a destination class
 * depend only on which of the group's rules name it (and on its named
 * ports), so they are computed per destination on demand and memoized by
 * that signature: a rule naming thousands of classes costs nothing until a
 * pair is asked for.
 */
function egressGroup(engine: Engine, dp: DirectionPolicy, ranges: readonly ExternalRange[]): EgressGroup {
  const t = engine.table;
  const rules = rulesOf(dp);
  const namedDefault = rules.some((r) => r.classes.kind !== 'set' && r.ports.hasNamed);
  const defaults = new Map<number, number>();
  const fixed = fixedDefault(dp);
  const defaultFor = (pm: PortMap, selectable: boolean): number => {
    if (fixed !== undefined) return fixed;
    const key = (namedDefault ? pm.id * 2 : 0) + (selectable ? 1 : 0);
    let conn = defaults.get(key);
    if (conn === undefined) {
      conn = t.intern(evaluate(dp, (r) => r.classes.kind === 'all' || (selectable && r.classes.kind === 'selectable'), pm));
      defaults.set(key, conn);
    }
    return conn;
  };
  const setRules = rules.filter((r) => r.classes.kind === 'set' && r.classes.classes.length > 0);
  const namedSpecific = rules.some((r) => r.ports.hasNamed);
  const memo = new Map<number | string, number>();
  // memoized by which rules name the destination (see namingSignature) and its port map where named ports matter
  const to = (d: number): number => {
    const dc = engine.classes[d]!;
    const signature = namingSignature(setRules, d, dc.selectable);
    if (signature === 0 || signature === '') return defaultFor(dc.portMap, dc.selectable);
    const pm = namedSpecific ? dc.portMap.id : 0;
    // a host-network destination is not one of every selectable class: its verdicts are kept apart
    const key = !dc.selectable ? `h${signature}@${pm}` : typeof signature === 'number' && pm < 2 ** 22 ? signature * 2 ** 22 + pm : `${signature}@${pm}`;
    let conn = memo.get(key);
    if (conn === undefined) {
      const hit = new Set<CompiledRule>(setRules.filter((r) => classMatchHas(r.classes, d, dc.selectable)));
      conn = t.intern(evaluate(dp, (r) => (r.classes.kind === 'set' ? hit.has(r) : classMatchHas(r.classes, d, dc.selectable)), dc.portMap));
      memo.set(key, conn);
    }
    return conn;
  };
  // a rule of every destination with a named port makes the default depend on the destination's ports, unless the default is fixed:
  // a direction surely closed is closed whatever the ports (Pairs.all takes the sources of open groups as open)
  const open = fixed === ConnectionTable.NONE ? false : namedDefault || defaultFor(EMPTY_PORTS, true) !== ConnectionTable.NONE || defaultFor(EMPTY_PORTS, false) !== ConnectionTable.NONE;
  const named = setRules.map((r) => (r.classes as Extract<ClassMatch, { kind: 'set' }>).classes);
  const namedCount = named.reduce((sum, c) => sum + c.length, 0);
  let external: Int32Array | undefined;
  return {
    policy: dp,
    defaultFor,
    to,
    named,
    namedCount,
    get external() {
      return (external ??= externalVerdicts(engine, dp, rules, ranges, EMPTY_PORTS));
    },
    open,
  };
}

/** Groups made on first use: classes with the same key share one. */
function lazyGroups<T>(n: number, key: (c: number) => string, make: (c: number) => T): (c: number) => T {
  const byClass = new Array<T | undefined>(n);
  const byKey = new Map<string, T>();
  return (c) => {
    let g = byClass[c];
    if (g === undefined) {
      const k = key(c);
      g = byKey.get(k);
      if (g === undefined) {
        g = make(c);
        byKey.set(k, g);
      }
      byClass[c] = g;
    }
    return g;
  };
}

/** Reports policies of the same order in a tier whose order is then undefined (AdminNetworkPolicy priorities) and whose rules both match some connection. */
function reportAmbiguities(engine: Engine, dps: readonly DirectionPolicy[]): void {
  const seen = new Set<string>();
  const checked = new Set<TierRules>();
  for (const dp of dps) {
    for (const t of dp.tiers) {
      if (!t.tier.tiesAmbiguous || t.rules.length < 2 || checked.has(t)) continue;
      checked.add(t);
      for (let i = 0; i < t.rules.length; i++) {
        const a = t.rules[i]!;
        for (let j = i + 1; j < t.rules.length; j++) {
          const b = t.rules[j]!;
          if (a.order !== b.order || a.origin.model.policy === b.origin.model.policy) continue;
          const key = `${a.origin.policyKind}\u0000${a.origin.policy}\u0000${b.origin.policyKind}\u0000${b.origin.policy}`;
          if (seen.has(key)) continue;
          // named ports resolve per destination; count them as overlapping
          const portsOverlap = a.ports.hasNamed || b.ports.hasNamed || !a.ports.numeric.intersect(b.ports.numeric).isEmpty();
          if (!portsOverlap || !overlaps(engine, a, b)) continue;
          seen.add(key);
          const pa = a.origin;
          const pb = b.origin;
          const names = pa.policyKind === pb.policyKind ? `${pluralOfKind(pa.policyKind)} ${pa.policy} and ${pb.policy}` : `${pa.policyKind} ${pa.policy} and ${pb.policyKind} ${pb.policy}`;
          const tier = pa.policyKind === 'AdminNetworkPolicy' && pb.policyKind === 'AdminNetworkPolicy' ? '' : ` in the ${t.tier.name} tier`;
          engine.diagnostics.push(
            diagnostic(
              'warning',
              Codes.unsupported,
              pb.source,
              `${names} have the same priority ${a.order}${tier} and both match some ${pa.direction} connections; Kubernetes leaves their order undefined (here ${pa.policy} is applied first)`,
            ),
          );
        }
      }
    }
  }
}

/** True when two rules' peers share some endpoint. */
function overlaps(engine: Engine, a: CompiledRule, b: CompiledRule): boolean {
  if (addr.overlaps(a.addresses, b.addresses)) return true;
  const x = a.classes;
  const y = b.classes;
  if (x.kind === 'set' && y.kind === 'set') {
    let i = 0;
    let j = 0;
    while (i < x.classes.length && j < y.classes.length) {
      if (x.classes[i] === y.classes[j]) return true;
      if (x.classes[i]! < y.classes[j]!) i++;
      else j++;
    }
    return false;
  }
  if (x.kind === 'set') return x.classes.length > 0;
  if (y.kind === 'set') return y.classes.length > 0;
  return x.kind === 'all' && y.kind === 'all' ? engine.classes.length > 0 : engine.classes.some((c) => c.selectable);
}

/** Reports workloads whose pods differ in labels when some selector tells them apart. */
function reportSplitWorkloads(engine: Engine, matchesUsed: Iterable<ClassMatch>): void {
  const multi = engine.workloadClasses.map((cs, w) => ({ cs, w })).filter((x) => x.cs.length > 1);
  if (multi.length === 0) return;
  const sets = [...matchesUsed].filter((m): m is Extract<ClassMatch, { kind: 'set' }> => m.kind === 'set');
  for (const { cs, w } of multi) {
    const split = sets.some((m) => {
      const inside = cs.filter((c) => m.classes.includes(c)).length;
      return inside > 0 && inside < cs.length;
    });
    if (!split) continue;
    const wl: Workload = engine.cluster.workloads[w]!;
    engine.diagnostics.push(
      diagnostic(
        'warning',
        Codes.labelsDiffer,
        wl.source,
        `pods of ${wl.id} have different labels and some policy selects only part of them; its connections are those of any of its pods`,
      ),
    );
  }
}

/**
 * Computes the reachability matrix of a cluster: for every ordered pair of
 * endpoints (workloads and external address ranges), the connections allowed.
 *
 * Work is proportional to the output plus the sizes of rule peer sets:
 * classes of look-alike pods share rows, classes under the same policies
 * share one evaluation, and pairs are enumerated only where some end is
 * open or some rule names the other end.
 */
export function analyze(cluster: Cluster, options: AnalyzeOptions = {}): Matrix {
  // traffic through ingress objects comes from one more pod, the ingress controller
  const ingress = cluster.ingressRoutes.length > 0 ? ingressPaths(cluster) : undefined;
  // the controller stands in where some object routes to pods, or to a backend whose pods are not known (whether its
  // traffic would get in is then the policies' to say)
  const routed = ingress !== undefined && (ingress.paths.size > 0 || ingress.unresolved.length > 0);
  // NodePort, LoadBalancer and externalIPs Services whose pods the state does not hold
  const unknownPods = unknownPodServices(cluster);
  const engine = new Engine(routed ? withIngressController(cluster, options.ingressController ?? DEFAULT_INGRESS_CONTROLLER) : cluster, options);
  const dps = buildDirectionPolicies(engine);
  const rangesFor = (dir: Direction) => {
    const sets: AddressSet[] = [];
    for (const r of engine.rules) if (r.direction === dir && !addr.isEmpty(r.addresses)) sets.push(r.addresses);
    return addr.cutAddressSpace(sets, engine.addressSpace);
  };
  const ingressRanges = rangesFor('ingress');
  const egressRanges = rangesFor('egress');
  const ids = new Map<DirectionPolicy, number>();
  const idOf = (dp: DirectionPolicy) => ids.get(dp) ?? (ids.set(dp, ids.size), ids.size - 1);
  const named = new Map<DirectionPolicy, boolean>();
  const hasNamed = (dp: DirectionPolicy) => named.get(dp) ?? (named.set(dp, rulesOf(dp).some((r) => r.ports.hasNamed)), named.get(dp)!);
  const n = engine.classes.length;
  const ingressGroupOf = lazyGroups(
    n,
    (c) => `${idOf(dps.ingress[c]!)}@${hasNamed(dps.ingress[c]!) ? engine.classes[c]!.portMap.id : 0}`,
    (c) => ingressGroup(engine, dps.ingress[c]!, engine.classes[c]!.portMap, ingressRanges),
  );
  const egressGroupOf = lazyGroups(n, (c) => String(idOf(dps.egress[c]!)), (c) => egressGroup(engine, dps.egress[c]!, egressRanges));
  const pairs = new Pairs(engine, ingressGroupOf, egressGroupOf, dps);
  reportAmbiguities(engine, [...dps.ingress, ...dps.egress]);
  reportSplitWorkloads(engine, engine.rules.map((r) => r.classes));

  const state: EngineState = {
    cluster,
    workloads: engine.cluster.workloads,
    ...(routed ? { ingress: { controller: cluster.workloads.length, paths: ingress.paths } } : {}),
    ...(ingress && ingress.unresolved.length > 0 ? { unresolvedBackends: ingress.unresolved } : {}),
    ...(unknownPods.services.length > 0 ? { unknownPodServices: unknownPods.services } : {}),
    table: engine.table,
    classes: engine.classes,
    workloadClasses: engine.workloadClasses,
    ingressPolicies: dps.ingress,
    egressPolicies: dps.egress,
    ingressGroup: ingressGroupOf,
    egressGroup: egressGroupOf,
    addressSpace: engine.addressSpace,
    ingressRanges,
    egressRanges,
    row: (c) => pairs.row(c),
    column: (d) => pairs.column(d),
    pair: (c, d) => pairs.pair(c, d),
    allRows: () => pairs.all(),
    selectNamespaces: (selector) => engine.namespaceNames(selector),
    selectWorkloads: (namespace, pods) =>
      engine.selectWorkloads(typeof namespace === 'string' ? engine.namespaceIndex(namespace) : namespace, pods),
    selectsWorkloads: (namespace, pods) => engine.selectsAny(typeof namespace === 'string' ? engine.namespaceIndex(namespace) : namespace, pods),
    subjectsOf: dps.subjectsOf,
    classList: (m) => engine.classList(m),
    noted: engine.rules.some((r) => r.note !== undefined),
    doubted: engine.rules.some((r) => r.doubt !== undefined) || dps.subjectDoubts.length > 0,
    subjectDoubts: dps.subjectDoubts,
    diagnostics: [...cluster.diagnostics, ...[...(ingress?.diagnostics ?? []), ...unknownPods.diagnostics, ...engine.diagnostics].sort(compareDiagnostics)],
  };
  return new Matrix(state);
}

/**
 * Whether a direction allows nothing by default, told from its rules alone:
 * a tier isolates it and denies what no rule decided, and every rule up to
 * there names its peers (the common case, which spares making the class's
 * group).
 */
function surelyClosed(dp: DirectionPolicy): boolean {
  if (!dp.isolated) return false;
  for (const t of dp.tiers) {
    if (!t.rules.every((r) => r.classes.kind === 'set')) return false;
    if (t.isolated && t.tier.endAction === 'deny') return true;
  }
  return false;
}

/**
 * The class-level matrix, computed on demand: a row (the destination
 * classes one source class reaches, with the connection ids, sorted), a
 * column (the same for the sources that reach one destination class), or
 * one pair. A pair is looked at only where it can be allowed: both ends open
 * by default, or a rule of an end closed by default names the other end.
 */
class Pairs {
  private readonly t: ConnectionTable;
  private readonly rows: Array<Int32Array | undefined>;
  private readonly stamp: Int32Array;
  private call = 0;
  private single = 0;
  private readonly open = new Map<Direction, number[]>();
  private readonly naming = new Map<Direction, { start: Int32Array; ids: Int32Array }>();

  constructor(
    private readonly engine: Engine,
    private readonly ingress: (c: number) => IngressGroup,
    private readonly egress: (c: number) => EgressGroup,
    private readonly dps: { readonly ingress: readonly DirectionPolicy[]; readonly egress: readonly DirectionPolicy[]; readonly subjects: readonly ClassMatch[] },
  ) {
    this.t = engine.table;
    this.rows = new Array<Int32Array | undefined>(engine.classes.length);
    this.stamp = new Int32Array(engine.classes.length);
    this.ingressOpenness = new Int8Array(engine.classes.length);
    this.egressOpenness = new Int8Array(engine.classes.length);
  }

  /** Per class: 0 not yet known, 1 open by default, 2 closed. */
  private readonly ingressOpenness: Int8Array;
  private readonly egressOpenness: Int8Array;

  private ingressOpen(d: number): boolean {
    let o = this.ingressOpenness[d]!;
    if (o === 0) this.ingressOpenness[d] = o = !surelyClosed(this.dps.ingress[d]!) && this.ingress(d).open ? 1 : 2;
    return o === 1;
  }

  private egressOpen(s: number): boolean {
    let o = this.egressOpenness[s]!;
    if (o === 0) this.egressOpenness[s] = o = !surelyClosed(this.dps.egress[s]!) && this.egress(s).open ? 1 : 2;
    return o === 1;
  }

  pair(s: number, d: number): number {
    const ing = this.ingress(d).from(s);
    return ing === ConnectionTable.NONE ? ing : this.t.meet(ing, this.egress(s).to(d));
  }

  /** Classes open by default as sources (egress) or as destinations (ingress). */
  private opens(dir: Direction): number[] {
    let list = this.open.get(dir);
    if (!list) {
      list = [];
      for (let c = 0; c < this.engine.classes.length; c++) if (dir === 'egress' ? this.egressOpen(c) : this.ingressOpen(c)) list.push(c);
      this.open.set(dir, list);
    }
    return list;
  }

  /**
   * The ids of the rules of a direction that name a class as a peer. The
   * index for all classes is built on first use, flat: an offset per class
   * into one array of rule ids.
   */
  private namers(dir: Direction, c: number): Int32Array {
    let index = this.naming.get(dir);
    if (!index) {
      const n = this.engine.classes.length;
      const rules = this.engine.rules.filter((r) => r.direction === dir && r.classes.kind === 'set');
      const start = new Int32Array(n + 1);
      for (const r of rules) for (const x of (r.classes as Extract<ClassMatch, { kind: 'set' }>).classes) start[x + 1]!++;
      for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
      const ids = new Int32Array(start[n]!);
      const fill = start.slice(0, n);
      for (const r of rules) for (const x of (r.classes as Extract<ClassMatch, { kind: 'set' }>).classes) ids[fill[x]!++] = r.id;
      index = { start, ids };
      this.naming.set(dir, index);
    }
    return index.ids.subarray(index.start[c]!, index.start[c + 1]!);
  }

  /** Sorts (class, connection) pairs by class into one array. */
  private pack(ends: number[], conns: number[]): Int32Array {
    const n = ends.length;
    const out = new Int32Array(n * 2);
    let sorted = true;
    for (let i = 1; i < n && sorted; i++) sorted = ends[i - 1]! < ends[i]!;
    if (sorted) {
      for (let i = 0; i < n; i++) {
        out[2 * i] = ends[i]!;
        out[2 * i + 1] = conns[i]!;
      }
      return out;
    }
    // each end with its position below it, sorted as numbers (exact: both are below 2^26)
    const keyed = new Float64Array(n);
    for (let i = 0; i < n; i++) keyed[i] = ends[i]! * 2 ** 26 + i;
    keyed.sort();
    for (let i = 0; i < n; i++) {
      const k = keyed[i]! % 2 ** 26;
      out[2 * i] = ends[k]!;
      out[2 * i + 1] = conns[k]!;
    }
    return out;
  }

  row(s: number): Int32Array {
    let row = this.rows[s];
    if (row) return row;
    // past a share of the rows, all of them in one pass cost less
    if (this.single >= 0 && ++this.single > this.engine.classes.length / 8 + 16) {
      this.all();
      return this.rows[s]!;
    }
    const e = this.egress(s);
    row = this.gather(
      (offer) => {
        // destinations open by default: all of them from an open source, those its rules name from a closed one
        if (e.open) {
          for (const d of this.opens('ingress')) offer(d);
        } else {
          for (const list of e.named) for (const d of list) if (this.ingressOpen(d)) offer(d);
        }
        // destinations closed by default: those held by a policy with an ingress rule that names s
        for (const r of this.namers('ingress', s)) {
          const subjects = this.engine.classList(this.dps.subjects[r]!);
          for (let i = 0; i < subjects.length; i++) if (!this.ingressOpen(subjects[i]!)) offer(subjects[i]!);
        }
      },
      (d) => this.pair(s, d),
    );
    this.rows[s] = row;
    return row;
  }

  /**
   * Every row, destination by destination: a destination open by default
   * takes the open sources, a closed one the sources its rules name; then
   * each closed source takes the open destinations its rules name.
   */
  all(): void {
    if (this.single < 0) return;
    this.single = -1;
    const n = this.engine.classes.length;
    const dsts: number[][] = Array.from({ length: n }, () => []);
    const conns: number[][] = Array.from({ length: n }, () => []);
    const compute = (s: number, d: number, ing: number) => {
      if (ing === ConnectionTable.NONE) return;
      const conn = this.t.meet(ing, this.egress(s).to(d));
      if (conn === ConnectionTable.NONE) return;
      dsts[s]!.push(d);
      conns[s]!.push(conn);
    };
    const sources = this.opens('egress');
    const destinations = this.opens('ingress');
    const classes = this.engine.classes;
    for (let d = 0; d < n; d++) {
      const g = this.ingress(d);
      const specific = g.specific;
      if (g.open) {
        for (const s of sources) compute(s, d, specific.get(s) ?? (classes[s]!.selectable ? g.defaultSel : g.defaultNonSel));
      } else {
        // a destination closed by default admits only the sources its rules name, open or not
        for (const [s, ing] of specific) compute(s, d, ing);
      }
    }
    const seen = new Int32Array(n).fill(-1);
    for (let s = 0; s < n; s++) {
      const e = this.egress(s);
      if (e.open) continue;
      if (e.namedCount < destinations.length) {
        for (const list of e.named) {
          for (const d of list) {
            if (seen[d] === s || !this.ingress(d).open) continue;
            seen[d] = s;
            compute(s, d, this.ingress(d).from(s));
          }
        }
      } else {
        for (const d of destinations) compute(s, d, this.ingress(d).from(s));
      }
    }
    for (let s = 0; s < n; s++) this.rows[s] = this.pack(dsts[s]!, conns[s]!);
  }

  column(d: number): Int32Array {
    const g = this.ingress(d);
    return this.gather(
      (offer) => {
        if (g.open) {
          // open sources, and closed ones held by a policy with an egress rule that names d
          for (const s of this.opens('egress')) offer(s);
          for (const r of this.namers('egress', d)) {
            const subjects = this.engine.classList(this.dps.subjects[r]!);
            for (let i = 0; i < subjects.length; i++) if (!this.egressOpen(subjects[i]!)) offer(subjects[i]!);
          }
        } else {
          // a destination closed by default admits only the sources its rules name
          for (const list of g.named) for (const s of list) offer(s);
        }
      },
      (s) => this.pair(s, d),
    );
  }

  /** The other ends `visit` offers, each once, with the connections `connection` gives them where there are some; packed. */
  private gather(visit: (offer: (other: number) => void) => void, connection: (other: number) => number): Int32Array {
    const call = ++this.call;
    const ends: number[] = [];
    const conns: number[] = [];
    visit((other) => {
      if (this.stamp[other] === call) return;
      this.stamp[other] = call;
      const conn = connection(other);
      if (conn === ConnectionTable.NONE) return;
      ends.push(other);
      conns.push(conn);
    });
    return this.pack(ends, conns);
  }
}
