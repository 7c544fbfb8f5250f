import type { ContainerPort, Labels } from '../model/cluster.js';
import { workloadId } from '../model/cluster.js';
import type { RawObject } from '../model/objects.js';
import { field, InvalidObject, isPortName, isRecord, objectName, readLabels } from '../model/objects.js';
import type { WorkloadPart } from './workloads.js';

/**
 * Custom resources from which an operator makes pods whose labels and ports
 * its documentation and code fix, so that they can be analysed as the
 * workloads the operator creates. prometheus-operator makes one
 * StatefulSet per Prometheus shard and per Alertmanager
 * (pkg/prometheus/server/statefulset.go, pkg/alertmanager/statefulset.go,
 * pkg/operator/config_reloader.go).
 */
interface OperatorKind {
  readonly group: string;
  readonly kind: string;
  readonly operator: string;
  workloads(obj: RawObject, defaultNamespace: string): WorkloadPart[];
}

/** The labels the operator sets on every pod it makes, and the pod template fields the resource carries. */
function podOf(obj: RawObject, labels: Labels, ports: ContainerPort[]): WorkloadPart['pod'] {
  const spec = field(obj.body, 'spec');
  const podLabels = readLabels(field(spec, 'podMetadata', 'labels'), 'spec.podMetadata.labels');
  const version = field(spec, 'version');
  const sa = field(spec, 'serviceAccountName');
  return {
    // the operator's own labels win over podMetadata's; the version label only where spec.version says it
    labels: { ...(typeof version === 'string' && version !== '' ? { 'app.kubernetes.io/version': version.replace(/^v/, '') } : {}), ...podLabels, ...labels },
    ports,
    hostNetwork: field(spec, 'hostNetwork') === true,
    serviceAccountName: typeof sa === 'string' && sa !== '' ? sa : undefined,
  };
}

function portName(obj: RawObject): string {
  const name = field(obj.body, 'spec', 'portName');
  if (name === undefined || name === null || name === '') return 'web';
  if (!isPortName(name)) throw new InvalidObject(`spec.portName ${JSON.stringify(name)} is not a valid port name`);
  return name;
}

function part(namespace: string, name: string, pod: WorkloadPart['pod']): WorkloadPart {
  return { id: workloadId(namespace, name, 'StatefulSet'), namespace, name, kind: 'StatefulSet', pod, owned: false };
}

const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'prometheus-operator' };

/** The config reloader sidecar serves its metrics on 8080, unless the resource listens on localhost only. */
const RELOADER: ContainerPort = { name: 'reloader-web', port: 8080, protocol: 'TCP' };

const PROMETHEUS: OperatorKind = {
  group: 'monitoring.coreos.com',
  kind: 'Prometheus',
  operator: 'prometheus-operator',
  workloads(obj, defaultNamespace) {
    const { name, namespace } = objectName(obj.body, 'Prometheus', defaultNamespace);
    const local = field(obj.body, 'spec', 'listenLocal') === true;
    const ports: ContainerPort[] = local ? [] : [{ name: portName(obj), port: 9090, protocol: 'TCP' }, RELOADER];
    if (isRecord(field(obj.body, 'spec', 'thanos'))) ports.push({ name: 'http', port: 10902, protocol: 'TCP' }, { name: 'grpc', port: 10901, protocol: 'TCP' });
    const shardsRaw = field(obj.body, 'spec', 'shards');
    const shards = typeof shardsRaw === 'number' && Number.isInteger(shardsRaw) && shardsRaw > 1 ? shardsRaw : 1;
    return Array.from({ length: shards }, (_, shard) => {
      const labels = {
        ...MANAGED_BY,
        'app.kubernetes.io/name': 'prometheus',
        'app.kubernetes.io/instance': name,
        'operator.prometheus.io/name': name,
        'operator.prometheus.io/shard': String(shard),
        prometheus: name,
      };
      return part(namespace, shard === 0 ? `prometheus-${name}` : `prometheus-${name}-shard-${shard}`, podOf(obj, labels, ports));
    });
  },
};

const ALERTMANAGER: OperatorKind = {
  group: 'monitoring.coreos.com',
  kind: 'Alertmanager',
  operator: 'prometheus-operator',
  workloads(obj, defaultNamespace) {
    const { name, namespace } = objectName(obj.body, 'Alertmanager', defaultNamespace);
    const local = field(obj.body, 'spec', 'listenLocal') === true;
    const mesh: ContainerPort[] = [
      { name: 'mesh-tcp', port: 9094, protocol: 'TCP' },
      { name: 'mesh-udp', port: 9094, protocol: 'UDP' },
    ];
    const ports = local ? mesh : [{ name: portName(obj), port: 9093, protocol: 'TCP' as const }, ...mesh, RELOADER];
    const labels = { ...MANAGED_BY, 'app.kubernetes.io/name': 'alertmanager', 'app.kubernetes.io/instance': name, alertmanager: name };
    return [part(namespace, `alertmanager-${name}`, podOf(obj, labels, ports))];
  },
};

const OPERATOR_KINDS: readonly OperatorKind[] = [PROMETHEUS, ALERTMANAGER];

/** The operator kind of a custom resource, by API group and kind. */
export function operatorKind(group: string | undefined, kind: string): OperatorKind | undefined {
  return OPERATOR_KINDS.find((k) => k.group === group && k.kind === kind);
}

