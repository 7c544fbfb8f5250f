import type { ContainerPort, Labels } from '../model/cluster.js';
import { workloadId } from '../model/cluster.js';
import type { RawObject } from '../model/objects.js';
import { field, InvalidObject, isPortName, isRecord, objectName, readLabels, shown } from '../model/objects.js';
import type { WorkloadPart } from './workloads.js';

/**
 * Custom resources from which an operator makes pods whose labels and ports
 * its documentation and code fix, so that they can be analysed as the
 * workloads the operator creates. prometheus-operator makes one
 * StatefulSet per Prometheus shard, per PrometheusAgent shard, per
 * Alertmanager and per ThanosRuler (pkg/prometheus/server/statefulset.go,
 * pkg/prometheus/agent/statefulset.go, pkg/alertmanager/statefulset.go,
 * pkg/thanos/statefulset.go, pkg/operator/config_reloader.go).
 */
interface OperatorKind {
  readonly group: string;
  readonly kind: string;
  readonly operator: string;
  workloads(obj: RawObject, defaultNamespace: string): WorkloadPart[];
  /** Why the pods the operator makes for this resource are not known here, where they are not (a setting that hangs on the operator's own flags). */
  notModelled?(obj: RawObject): string | undefined;
}

/** The labels the operator sets on every pod it makes, and the pod template fields the resource carries (spec.hostNetwork where the kind has it). */
function podOf(obj: RawObject, labels: Labels, ports: ContainerPort[], hostNetwork = true): WorkloadPart['pod'] {
  const spec = field(obj.body, 'spec');
  const podLabels = readLabels(field(spec, 'podMetadata', 'labels'), 'spec.podMetadata.labels');
  const version = field(spec, 'version');
  const sa = field(spec, 'serviceAccountName');
  return {
    // the operator's own labels win over podMetadata's; the version label only where spec.version says it
    labels: { ...(typeof version === 'string' && version !== '' ? { 'app.kubernetes.io/version': version.replace(/^v/, '') } : {}), ...podLabels, ...labels },
    ports,
    hostNetwork: hostNetwork && field(spec, 'hostNetwork') === true,
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

/**
 * The ports of a Prometheus or PrometheusAgent's pods: the web port
 * (MakeContainerPorts, none with listenLocal) and the config reloader's,
 * which listens on localhost too with listenLocal, unless the reload
 * strategy is ProcessSignal, under which listenLocal is not passed to it
 * (pkg/prometheus/common.go BuildConfigReloader).
 */
function prometheusPorts(obj: RawObject): ContainerPort[] {
  const local = field(obj.body, 'spec', 'listenLocal') === true;
  const signal = field(obj.body, 'spec', 'reloadStrategy') === 'ProcessSignal';
  return [...(local ? [] : [{ name: portName(obj), port: 9090, protocol: 'TCP' as const }]), ...(local && !signal ? [] : [RELOADER])];
}

/** The number of StatefulSets of a Prometheus or PrometheusAgent: spec.shards where above 1 (pkg/prometheus/common.go shardsNumber). */
function shardsOf(obj: RawObject): number {
  const shardsRaw = field(obj.body, 'spec', 'shards');
  return typeof shardsRaw === 'number' && Number.isInteger(shardsRaw) && shardsRaw > 1 ? shardsRaw : 1;
}

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

/**
 * A PrometheusAgent: in its default mode one StatefulSet per shard,
 * prom-agent-NAME and prom-agent-NAME-shard-N, whose pods carry the
 * selector labels of pkg/prometheus/agent/operator.go makeSelectorLabels
 * and the shard label (pkg/prometheus/agent/statefulset.go; the mode label
 * is the StatefulSet's, not its pods'). Its DaemonSet mode runs only where
 * the operator's PrometheusAgentDaemonSet feature gate is on, which the
 * manifests do not say.
 */
const PROMETHEUS_AGENT: OperatorKind = {
  group: 'monitoring.coreos.com',
  kind: 'PrometheusAgent',
  operator: 'prometheus-operator',
  workloads(obj, defaultNamespace) {
    const { name, namespace } = objectName(obj.body, 'PrometheusAgent', defaultNamespace);
    const ports = prometheusPorts(obj);
    return Array.from({ length: shardsOf(obj) }, (_, shard) => {
      const labels = {
        ...MANAGED_BY,
        'app.kubernetes.io/name': 'prometheus-agent',
        'app.kubernetes.io/instance': name,
        'operator.prometheus.io/name': name,
        'operator.prometheus.io/shard': String(shard),
      };
      return part(namespace, shard === 0 ? `prom-agent-${name}` : `prom-agent-${name}-shard-${shard}`, podOf(obj, labels, ports));
    });
  },
  notModelled(obj) {
    const mode = field(obj.body, 'spec', 'mode');
    return mode === undefined || mode === null || mode === 'StatefulSet'
      ? undefined
      : `its mode ${shown(mode)} runs it as the operator's feature gates allow (the DaemonSet mode only with PrometheusAgentDaemonSet), which the manifests do not say`;
  },
};

/**
 * A ThanosRuler: the StatefulSet thanos-ruler-NAME, whose pods carry the
 * selector labels of pkg/thanos/operator.go makeSelectorLabels; its
 * container serves grpc on 10901 and the web port (spec.portName) on 10902
 * unless it listens on localhost, and the config reloader, there for the
 * rule ConfigMaps the operator always makes (one at least, even without
 * rules: pkg/operator/rules.go), on 8080 where it does not
 * (pkg/thanos/statefulset.go). The operator makes no StatefulSet for one
 * without spec.queryConfig or spec.queryEndpoints. The kind has no
 * hostNetwork field.
 */
const THANOS_RULER: OperatorKind = {
  group: 'monitoring.coreos.com',
  kind: 'ThanosRuler',
  operator: 'prometheus-operator',
  workloads(obj, defaultNamespace) {
    const { name, namespace } = objectName(obj.body, 'ThanosRuler', defaultNamespace);
    const endpoints = field(obj.body, 'spec', 'queryEndpoints');
    const queryConfig = field(obj.body, 'spec', 'queryConfig');
    if (!isRecord(queryConfig) && !(Array.isArray(endpoints) && endpoints.length > 0)) return [];
    const local = field(obj.body, 'spec', 'listenLocal') === true;
    const ports: ContainerPort[] = [{ name: 'grpc', port: 10901, protocol: 'TCP' }, ...(local ? [] : [{ name: portName(obj), port: 10902, protocol: 'TCP' as const }, RELOADER])];
    const labels = { ...MANAGED_BY, 'app.kubernetes.io/name': 'thanos-ruler', 'app.kubernetes.io/instance': name, 'thanos-ruler': name };
    return [part(namespace, `thanos-ruler-${name}`, podOf(obj, labels, ports, false))];
  },
};

const OPERATOR_KINDS: readonly OperatorKind[] = [PROMETHEUS, PROMETHEUS_AGENT, ALERTMANAGER, THANOS_RULER];

/** The kinds of the custom resources that stand for the pods their operator makes. */
export const OPERATED_KINDS: readonly string[] = OPERATOR_KINDS.map((k) => k.kind);

/** The operator kind of a custom resource, by API group and kind. */
export function operatorKind(group: string | undefined, kind: string): OperatorKind | undefined {
  return OPERATOR_KINDS.find((k) => k.group === group && k.kind === kind);
}

