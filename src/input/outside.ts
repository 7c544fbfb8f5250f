import type { ContainerPort, Labels, Namespace } from '../model/cluster.js';
import { NAMESPACE_NAME_LABEL, workloadId } from '../model/cluster.js';
import type { SourceRef } from '../model/diagnostics.js';
import type { FileContribution, Item } from './load.js';

/** A namespace that exists in the cluster but not in the manifests (installed by another chart, by hand). */
export interface OutsideNamespace {
  readonly name: string;
  readonly labels: Labels;
  readonly line: number;
}

/** A workload whose pods run in the cluster but are not in the manifests (made by an operator, another chart). */
export interface OutsideWorkload {
  readonly namespace: string;
  readonly name: string;
  readonly kind: string;
  readonly labels: Labels;
  readonly ports: readonly ContainerPort[];
  readonly line: number;
}

/**
 * What the config declares to exist outside the manifests, analysed as if
 * the manifests held it (where they hold an object of the same name, theirs
 * is used), and whether custom resources of known operators stand for the
 * pods their operator makes.
 */
export interface Outside {
  /** The config file, where the declarations are. */
  readonly file: string;
  readonly namespaces: readonly OutsideNamespace[];
  readonly workloads: readonly OutsideWorkload[];
  /** Custom resources of known operators (Prometheus, PrometheusAgent, Alertmanager, ThanosRuler) as their workloads (default true). */
  readonly operators: boolean;
  /** Whether Calico network sets may exist outside the manifests (default true); false: none but theirs. */
  readonly networkSets: boolean;
}

/** The declarations as one contribution to a state, read after its files. */
export function outsideContribution(outside: Outside): FileContribution {
  const at = (line: number): SourceRef => ({ file: outside.file, line });
  const items: Item[] = [];
  for (const n of outside.namespaces) {
    const namespace: Namespace = { name: n.name, labels: { ...n.labels, [NAMESPACE_NAME_LABEL]: n.name }, declared: true, source: at(n.line) };
    items.push({ kind: 'namespace', namespace, source: at(n.line) });
  }
  for (const w of outside.workloads) {
    const pod = { labels: w.labels, ports: w.ports, hostNetwork: false, serviceAccountName: undefined };
    items.push({ kind: 'workload', part: { id: workloadId(w.namespace, w.name, w.kind), namespace: w.namespace, name: w.name, kind: w.kind, pod, owned: false }, source: at(w.line) });
  }
  return { path: outside.file, items, diagnostics: [], generators: 0, outside: true };
}
