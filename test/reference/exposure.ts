/**
 * Checks exposure representatives against the reference evaluator: for
 * each representative (and entire-cluster) of a random cluster, a concrete
 * pod with its labels is added to the cluster, in its namespace (made, with
 * its labels, where it is new), and the reference decides what each
 * workload's own policies admit with that pod, in each direction, at every
 * sample port. That is exactly what the exposure must say of the
 * representative: its line, or entire-cluster's where its line is left out
 * as the same, or everything where no policy holds the workload there.
 */
import type { Exposure } from '../../src/engine/exposure.js';
import { exposure } from '../../src/engine/exposure.js';
import { ConnectionSet } from '../../src/model/connections.js';
import type { Disagreement } from './check.js';
import { engineMatrix, formatPoints, pointsOf, samePoints } from './check.js';
import { referenceCluster } from './cilium.js';
import type { K8sObject, Labels, Points } from './evaluator.js';
import { NAMESPACE_NAME_LABEL, PROTOCOLS, samplePorts } from './evaluator.js';
import type { RandomCluster } from './random.js';

export interface ExposureCoverage {
  clusters: number;
  representatives: number;
  /** Representatives in a namespace the manifests do not hold. */
  newNamespaces: number;
  /** Workload, direction and representative triples compared. */
  compared: number;
  /** Of those, where the representative has a line of its own (it differs from entire-cluster). */
  ownLines: number;
  /** Of those, where the workload's policies admit something but not everything. */
  partial: number;
}

export function newExposureCoverage(): ExposureCoverage {
  return { clusters: 0, representatives: 0, newNamespaces: 0, compared: 0, ownLines: 0, partial: 0 };
}

const ADDED = 'added-pod';

/** What the engine's exposure says a workload admits in a direction with a peer (by its line's peer name). */
function claimed(e: Exposure, workload: string, direction: 'ingress' | 'egress', peer: string): { conn: ConnectionSet; own: boolean } {
  const w = e.workloads.find((x) => x.workload.id === workload);
  if (!w) return { conn: ConnectionSet.NONE, own: false };
  const side = w[direction];
  if (!side.protected) return { conn: ConnectionSet.ALL, own: false };
  const name = (l: (typeof side.lines)[number]) => (l.peer.kind === 'cluster' ? 'entire-cluster' : l.peer.kind === 'representative' ? l.peer.representative.name : '');
  const own = side.lines.find((l) => name(l) === peer);
  if (own) return { conn: own.conn, own: true };
  return { conn: side.lines.find((l) => l.peer.kind === 'cluster')?.conn ?? ConnectionSet.NONE, own: false };
}

/** Every disagreement between the engine's exposure of a cluster and the reference on pods added where its representatives stand. */
export function checkExposure(cluster: RandomCluster, seed: number, coverage?: ExposureCoverage): Disagreement[] {
  const out: Disagreement[] = [];
  const m = engineMatrix(cluster, seed);
  // as the cluster was analysed: its IP family too (the representatives' state is analysed again)
  const options = { hostNetwork: cluster.options.hostNetwork ?? 'exclude', podCIDRs: cluster.options.podCIDRs ?? [], ...(cluster.options.ipFamily ? { ipFamily: cluster.options.ipFamily } : {}) } as const;
  const e = exposure(m, options);
  const ports = samplePorts(cluster.objects);
  if (coverage) coverage.clusters++;
  const peers = [{ name: 'entire-cluster', witness: e.cluster }, ...e.representatives.map((r) => ({ name: r.name, witness: r.witness }))];
  for (const { name, witness } of peers) {
    if (coverage) {
      coverage.representatives++;
      if (witness.newNamespace) coverage.newNamespaces++;
    }
    // the pod a user would add: the representative's labels, in its namespace
    const added: K8sObject[] = [];
    if (witness.newNamespace) {
      const labels: Labels = { ...witness.namespaceLabels };
      delete labels[NAMESPACE_NAME_LABEL];
      added.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: witness.namespace, labels } });
    }
    added.push({ apiVersion: 'v1', kind: 'Pod', metadata: { name: ADDED, namespace: witness.namespace, labels: { ...witness.labels } }, spec: { containers: [{ name: 'c', image: 'x' }] } });
    const ref = referenceCluster([...cluster.objects, ...added], cluster.options);
    const pod = ref.workload(`${witness.namespace}/${ADDED}[Pod]`)?.pods[0];
    if (!pod) {
      out.push({ message: `${name}: the reference has no pod ${witness.namespace}/${ADDED}` });
      continue;
    }
    for (const w of m.cluster.workloads) {
      const refW = ref.workload(w.id);
      if (!refW) continue;
      for (const direction of ['ingress', 'egress'] as const) {
        const points: Points = new Uint8Array(PROTOCOLS.length * ports.length);
        for (const self of refW.pods) {
          const allows = ref.directionAllows(self, direction, { kind: 'pod', pod }, direction === 'ingress' ? self.ports : pod.ports);
          PROTOCOLS.forEach((protocol, p) => ports.forEach((port, i) => {
            if (allows(protocol, port)) points[p * ports.length + i] = 1;
          }));
        }
        const said = claimed(e, w.id, direction, name);
        const got = pointsOf(said.conn, ports);
        if (coverage) {
          coverage.compared++;
          if (said.own) coverage.ownLines++;
          if (!points.every((x) => x === 1) && !points.every((x) => x === 0)) coverage.partial++;
        }
        if (!samePoints(got, points)) {
          out.push({ message: `${w.id} ${direction === 'ingress' ? '<=' : '=>'} ${name} (a pod with ${JSON.stringify(witness.labels)} in ${witness.namespace}): exposure says ${formatPoints(got, ports)} (${said.conn.toString()}); reference admits ${formatPoints(points, ports)}` });
        }
      }
    }
  }
  return out;
}
