import type { ContainerPort, Labels, OperatedKind } from '../model/cluster.js';
import { workloadId } from '../model/cluster.js';
import type { RawObject } from '../model/objects.js';
import { field, InvalidObject, isPortName, isRecord, objectName, readLabels, shown } from '../model/objects.js';
import type { WorkloadPart } from './workloads.js';
import { readPorts } from './workloads.js';

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
  readonly kind: OperatedKind;
  readonly operator: string;
  workloads(obj: RawObject, defaultNamespace: string): WorkloadPart[];
  /** Why the pods the operator makes for this resource are not known here, where they are not (a setting that hangs on the operator's own flags). */
  notModelled?(obj: RawObject): string | undefined;
}

/**
 * The labels the operator sets on every pod it makes, and the pod template
 * fields the resource carries (spec.hostNetwork where the kind has it).
 * Its spec.containers (and spec.initContainers) are merged into the pod by
 * name, a strategic merge patch of the containers the operator makes, or
 * added as containers of their own (an OAuth proxy), so their ports are
 * the pods' too; a port of a number the container of that name already
 * has (the list's merge key) is that port, named as the resource names it,
 * and another container's port of that number stays beside it
 * (prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.PrometheusSpec,
 * `containers`).
 */
function podOf(obj: RawObject, labels: Labels, operatorPorts: readonly OperatorPort[], hostNetwork = true): WorkloadPart['pod'] {
  const spec = field(obj.body, 'spec');
  const ports: OperatorPort[] = [...operatorPorts];
  // containers merge by name, and ports within one container by number: another container's port of that number stays
  const sidecars = (Array.isArray(field(spec, 'initContainers')) ? (field(spec, 'initContainers') as unknown[]) : []).filter((c) => field(c, 'restartPolicy') === 'Always');
  const containers = [...(Array.isArray(field(spec, 'containers')) ? (field(spec, 'containers') as unknown[]) : []), ...sidecars];
  for (const c of containers) {
    const container = field(c, 'name');
    // a native sidecar's ports are marked as readPorts marks them
    for (const p of readPorts(sidecars.includes(c) ? { initContainers: [c] } : { containers: [c] })) {
      const same = ports.findIndex((q) => q.container === container && q.port === p.port && q.protocol === p.protocol);
      if (same < 0) ports.push({ ...p, container: typeof container === 'string' ? container : '' });
      else ports[same] = { ...ports[same]!, ...p };
    }
  }
  const podLabels = readLabels(field(spec, 'podMetadata', 'labels'), 'spec.podMetadata.labels');
  const version = field(spec, 'version');
  const sa = field(spec, 'serviceAccountName');
  return {
    // the operator's own labels win over podMetadata's; the version label only where spec.version says it
    labels: { ...(typeof version === 'string' && version !== '' ? { 'app.kubernetes.io/version': version.replace(/^v/, '') } : {}), ...podLabels, ...labels },
    ports: ports.map(({ container: _, ...port }) => port),
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

/** A port of a container the operator makes, with that container's name (the key spec.containers merge on). */
type OperatorPort = ContainerPort & { readonly container: string };

/** The config reloader sidecar serves its metrics on 8080, unless the resource listens on localhost only. */
const RELOADER: OperatorPort = { name: 'reloader-web', port: 8080, protocol: 'TCP', container: 'config-reloader' };

/**
 * The ports of a Prometheus or PrometheusAgent's pods: the web port
 * (MakeContainerPorts, none with listenLocal) and the config reloader's,
 * which listens on localhost too with listenLocal, unless the reload
 * strategy is ProcessSignal, under which listenLocal is not passed to it
 * (pkg/prometheus/common.go BuildConfigReloader).
 */
function prometheusPorts(obj: RawObject): OperatorPort[] {
  const local = field(obj.body, 'spec', 'listenLocal') === true;
  const signal = field(obj.body, 'spec', 'reloadStrategy') === 'ProcessSignal';
  return [...(local ? [] : [{ name: portName(obj), port: 9090, protocol: 'TCP' as const, container: 'prometheus' }]), ...(local && !signal ? [] : [RELOADER])];
}

/** The number of StatefulSets of a Prometheus or PrometheusAgent: spec.shards where above 1 (pkg/prometheus/common.go shardsNumber). */
function shardsOf(obj: RawObject): number {
  const shardsRaw = field(obj.body, 'spec', 'shards');
  return typeof shardsRaw === 'number' && Number.isInteger(shardsRaw) && shardsRaw > 1 ? shardsRaw : 1;
}

/**
 * The StatefulSets of a Prometheus or PrometheusAgent, one per shard
 * (PREFIX-NAME, then PREFIX-NAME-shard-N), whose pods carry its selector
 * labels (makeSelectorLabels: `app` the kind's name), the shard's and
 * `extra`.
 */
function shards(obj: RawObject, namespace: string, name: string, prefix: string, app: string, ports: OperatorPort[], extra: Labels = {}): WorkloadPart[] {
  return Array.from({ length: shardsOf(obj) }, (_, shard) => {
    const labels = {
      ...MANAGED_BY,
      'app.kubernetes.io/name': app,
      'app.kubernetes.io/instance': name,
      'operator.prometheus.io/name': name,
      'operator.prometheus.io/shard': String(shard),
      ...extra,
    };
    return part(namespace, shard === 0 ? `${prefix}-${name}` : `${prefix}-${name}-shard-${shard}`, podOf(obj, labels, ports));
  });
}

const PROMETHEUS: OperatorKind = {
  group: 'monitoring.coreos.com',
  kind: 'Prometheus',
  operator: 'prometheus-operator',
  workloads(obj, defaultNamespace) {
    const { name, namespace } = objectName(obj.body, 'Prometheus', defaultNamespace);
    const ports = prometheusPorts(obj);
    if (isRecord(field(obj.body, 'spec', 'thanos'))) ports.push({ name: 'http', port: 10902, protocol: 'TCP', container: 'thanos-sidecar' }, { name: 'grpc', port: 10901, protocol: 'TCP', container: 'thanos-sidecar' });
    return shards(obj, namespace, name, 'prometheus', 'prometheus', ports, { prometheus: name });
  },
};

const ALERTMANAGER: OperatorKind = {
  group: 'monitoring.coreos.com',
  kind: 'Alertmanager',
  operator: 'prometheus-operator',
  workloads(obj, defaultNamespace) {
    const { name, namespace } = objectName(obj.body, 'Alertmanager', defaultNamespace);
    const local = field(obj.body, 'spec', 'listenLocal') === true;
    const mesh: OperatorPort[] = [
      { name: 'mesh-tcp', port: 9094, protocol: 'TCP', container: 'alertmanager' },
      { name: 'mesh-udp', port: 9094, protocol: 'UDP', container: 'alertmanager' },
    ];
    const ports = local ? mesh : [{ name: portName(obj), port: 9093, protocol: 'TCP' as const, container: 'alertmanager' }, ...mesh, RELOADER];
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
    return shards(obj, namespace, name, 'prom-agent', 'prometheus-agent', ports);
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
    const ports: OperatorPort[] = [{ name: 'grpc', port: 10901, protocol: 'TCP', container: 'thanos-ruler' }, ...(local ? [] : [{ name: portName(obj), port: 10902, protocol: 'TCP' as const, container: 'thanos-ruler' }, RELOADER])];
    const labels = { ...MANAGED_BY, 'app.kubernetes.io/name': 'thanos-ruler', 'app.kubernetes.io/instance': name, 'thanos-ruler': name };
    return [part(namespace, `thanos-ruler-${name}`, podOf(obj, labels, ports, false))];
  },
};

const OPERATOR_KINDS: readonly OperatorKind[] = [PROMETHEUS, PROMETHEUS_AGENT, ALERTMANAGER, THANOS_RULER];

/** The kinds of the custom resources that stand for the pods their operator makes. */
export { OPERATED_KINDS } from '../model/cluster.js';

/** The operator kind of a custom resource, by API group and kind. */
export function operatorKind(group: string | undefined, kind: string): OperatorKind | undefined {
  return OPERATOR_KINDS.find((k) => k.group === group && k.kind === kind);
}


/**
 * Custom resources from which an operator makes pods (through StatefulSets,
 * Deployments, Jobs or pod sets of its own) whose labels and ports it sets
 * in its own code, which reachdiff does not model, by API group: the
 * operator's name and the kinds it runs pods for (each project's CRD
 * reference), and, where only some objects of a kind make pods, what
 * makes them for one (undefined: none). Kinds of these groups not listed
 * (users, topics, backups the running pods take themselves) make no pods.
 */
interface NotModelledOperator {
  readonly operator: string;
  readonly kinds: readonly string[];
  readonly makes?: (body: unknown, kind: string) => string | undefined;
  /**
   * Kinds (cluster-scoped) whose pods run in the namespace the operator
   * itself runs in, which the manifests do not tie to the resource: taken
   * to be the one its documented install uses.
   */
  readonly inOperatorNamespace?: { readonly kinds: readonly string[]; readonly namespace: string };
}

const OPERATORS_NOT_MODELLED: Readonly<Record<string, NotModelledOperator>> = {
  'kafka.strimzi.io': { operator: 'Strimzi', kinds: ['Kafka', 'KafkaNodePool', 'KafkaConnect', 'KafkaMirrorMaker2', 'KafkaMirrorMaker', 'KafkaBridge'] },
  'platform.confluent.io': { operator: 'Confluent for Kubernetes', kinds: ['Kafka', 'KRaftController', 'Zookeeper', 'Connect', 'SchemaRegistry', 'KsqlDB', 'ControlCenter', 'KafkaRestProxy'] },
  'acid.zalan.do': { operator: "Zalando's postgres-operator", kinds: ['postgresql'] },
  'postgres-operator.crunchydata.com': { operator: 'Crunchy Postgres for Kubernetes (PGO)', kinds: ['PostgresCluster', 'PGAdmin', 'PGUpgrade'] },
  'elasticsearch.k8s.elastic.co': { operator: 'ECK', kinds: ['Elasticsearch'] },
  'kibana.k8s.elastic.co': { operator: 'ECK', kinds: ['Kibana'] },
  'apm.k8s.elastic.co': { operator: 'ECK', kinds: ['ApmServer'] },
  'beat.k8s.elastic.co': { operator: 'ECK', kinds: ['Beat'] },
  'agent.k8s.elastic.co': { operator: 'ECK', kinds: ['Agent'] },
  'logstash.k8s.elastic.co': { operator: 'ECK', kinds: ['Logstash'] },
  'enterprisesearch.k8s.elastic.co': { operator: 'ECK', kinds: ['EnterpriseSearch'] },
  'maps.k8s.elastic.co': { operator: 'ECK', kinds: ['ElasticMapsServer'] },
  'rabbitmq.com': { operator: 'the RabbitMQ Cluster Operator', kinds: ['RabbitmqCluster'] },
  'mongodbcommunity.mongodb.com': { operator: 'the MongoDB Community Operator', kinds: ['MongoDBCommunity'] },
  'mongodb.com': { operator: "MongoDB's Enterprise Kubernetes Operator", kinds: ['MongoDB', 'MongoDBMultiCluster', 'MongoDBOpsManager'] },
  'pxc.percona.com': { operator: 'the Percona Operator for MySQL based on Percona XtraDB Cluster', kinds: ['PerconaXtraDBCluster', 'PerconaXtraDBClusterBackup', 'PerconaXtraDBClusterRestore'] },
  'ps.percona.com': { operator: 'the Percona Operator for MySQL', kinds: ['PerconaServerMySQL', 'PerconaServerMySQLBackup', 'PerconaServerMySQLRestore'] },
  'psmdb.percona.com': { operator: 'the Percona Operator for MongoDB', kinds: ['PerconaServerMongoDB'] },
  'pgv2.percona.com': { operator: 'the Percona Operator for PostgreSQL', kinds: ['PerconaPGCluster', 'PerconaPGBackup', 'PerconaPGRestore', 'PerconaPGUpgrade'] },
  'redis.redis.opstreelabs.in': { operator: "OT-Container-Kit's redis-operator", kinds: ['Redis', 'RedisCluster', 'RedisReplication', 'RedisSentinel'] },
  'databases.spotahome.com': { operator: "Spotahome's redis-operator", kinds: ['RedisFailover'] },
  'dragonflydb.io': { operator: 'the Dragonfly Operator', kinds: ['Dragonfly'] },
  'k8s.mariadb.com': { operator: 'mariadb-operator', kinds: ['MariaDB', 'MaxScale', 'Backup', 'PhysicalBackup', 'Restore', 'SqlJob'] },
  'clickhouse.altinity.com': { operator: 'the Altinity ClickHouse Operator', kinds: ['ClickHouseInstallation'] },
  'clickhouse-keeper.altinity.com': { operator: 'the Altinity ClickHouse Operator', kinds: ['ClickHouseKeeperInstallation'] },
  'k8ssandra.io': { operator: 'K8ssandra', kinds: ['K8ssandraCluster'] },
  'cassandra.datastax.com': { operator: 'cass-operator', kinds: ['CassandraDatacenter'] },
  'solr.apache.org': { operator: 'the Solr Operator', kinds: ['SolrCloud'] },
  'zookeeper.pravega.io': { operator: 'the Pravega ZooKeeper operator', kinds: ['ZookeeperCluster'] },
  'planetscale.com': { operator: 'the Vitess Operator', kinds: ['VitessCluster'] },
  'minio.min.io': { operator: 'the MinIO Operator', kinds: ['Tenant'] },
  'ceph.rook.io': { operator: 'Rook', kinds: ['CephCluster', 'CephObjectStore', 'CephFilesystem', 'CephNFS', 'CephRBDMirror', 'CephFilesystemMirror'] },
  'k8s.keycloak.org': { operator: 'the Keycloak Operator', kinds: ['Keycloak'] },
  'operator.victoriametrics.com': {
    operator: 'the VictoriaMetrics operator',
    kinds: ['VMAgent', 'VMAlert', 'VMAlertmanager', 'VMAuth', 'VMCluster', 'VMSingle', 'VMAnomaly', 'VLogs', 'VLSingle', 'VLCluster', 'VLAgent', 'VTSingle', 'VTCluster'],
  },
  'opentelemetry.io': { operator: 'the OpenTelemetry Operator', kinds: ['OpenTelemetryCollector', 'TargetAllocator', 'OpAMPBridge'] },
  'jaegertracing.io': { operator: 'the Jaeger Operator', kinds: ['Jaeger'] },
  'grafana.integreatly.org': { operator: 'the Grafana Operator', kinds: ['Grafana'] },
  'loki.grafana.com': { operator: 'the Loki Operator', kinds: ['LokiStack'] },
  'tempo.grafana.com': { operator: 'the Tempo Operator', kinds: ['TempoStack', 'TempoMonolithic'] },
  'tekton.dev': { operator: 'Tekton Pipelines', kinds: ['TaskRun', 'PipelineRun'] },
  // an EventListener runs as the Deployment el-NAME (tekton.dev/docs/triggers/eventlisteners/)
  'triggers.tekton.dev': { operator: 'Tekton Triggers', kinds: ['EventListener'] },
  // a Pooler runs PgBouncer as a Deployment of its name (cloudnative-pg.io/documentation/current/connection_pooling/); a Cluster's pods are read from it
  'postgresql.cnpg.io': { operator: 'CloudNativePG', kinds: ['Pooler'] },
  'flagger.app': { operator: 'Flagger', kinds: ['Canary'], makes: flaggerPrimary },
  // an InnoDBCluster runs as the StatefulSet NAME and the router Deployment NAME-router, a MySQLBackup as a Job
  // (mysql/mysql-operator mysqloperator/controller/innodbcluster/cluster_objects.py, router_objects.py, backup/backup_objects.py;
  // dev.mysql.com/doc/mysql-operator/en/mysql-operator-innodbcluster.html)
  'mysql.oracle.com': { operator: 'the MySQL Operator for Kubernetes', kinds: ['InnoDBCluster', 'MySQLBackup'] },
  // a FlinkDeployment runs as the JobManager Deployment NAME and TaskManager pods; a FlinkSessionJob runs in its session
  // cluster's (nightlies.apache.org/flink/flink-kubernetes-operator-docs-stable/docs/custom-resource/overview/)
  'flink.apache.org': { operator: 'the Flink Kubernetes Operator', kinds: ['FlinkDeployment'] },
  // an InferenceService's predictor, transformer and explainer run as Knative Services or Deployments of its namespace,
  // an InferenceGraph's router as one more (kserve.github.io/website/docs/concepts/architecture/, .../inference-graph/)
  'serving.kserve.io': { operator: 'KServe', kinds: ['InferenceService', 'InferenceGraph'] },
  // actions-runner-controller's runners are pods of the resource's namespace (github.com/actions/actions-runner-controller
  // docs/using-arc-runners-in-an-organization.md, legacy summerwind API; docs.github.com, actions-runner-controller, scale sets)
  'actions.summerwind.dev': { operator: 'actions-runner-controller', kinds: ['RunnerDeployment', 'RunnerReplicaSet', 'Runner', 'RunnerSet'] },
  'actions.github.com': { operator: 'actions-runner-controller', kinds: ['AutoscalingRunnerSet', 'EphemeralRunnerSet', 'EphemeralRunner', 'AutoscalingListener'] },
  // each Build runs as a build pod of its namespace, and a BuildConfig starts Builds (docs.openshift.com, builds: understanding-image-builds)
  'build.openshift.io': { operator: 'OpenShift', kinds: ['BuildConfig', 'Build'] },
  // an Integration runs as a Deployment, a Knative Service or a CronJob of its name; a Pipe (KameletBinding before it) makes
  // an Integration (camel.apache.org/camel-k/next/concepts/integrations/, .../pipes/)
  'camel.apache.org': { operator: 'Camel K', kinds: ['Integration', 'Pipe', 'KameletBinding'] },
  // naiserator makes a Deployment of an Application and a CronJob or Job of a Naisjob, and NetworkPolicies of their
  // accessPolicy (doc.nais.io/workloads/application/reference/application-spec/, .../job/reference/naisjob-spec/)
  'nais.io': { operator: 'naiserator (NAIS)', kinds: ['Application', 'Naisjob'] },
  // Crossplane runs each Provider's and Function's package as a Deployment in its own namespace (crossplane-system by
  // default: docs.crossplane.io/latest/packages/providers/, .../packages/functions/)
  'pkg.crossplane.io': { operator: 'Crossplane', kinds: ['Provider', 'Function'], inOperatorNamespace: { kinds: ['Provider', 'Function'], namespace: 'crossplane-system' } },
  // the Tailscale operator runs a Connector, a ProxyGroup and a Recorder as StatefulSets, a DNSConfig's nameserver as a
  // Deployment, in its own namespace (tailscale/tailscale cmd/k8s-operator connector.go, proxygroup.go, tsrecorder.go,
  // nameserver.go; tailscale.com/kb/1236/kubernetes-operator)
  'tailscale.com': { operator: 'the Tailscale Kubernetes operator', kinds: ['Connector', 'ProxyGroup', 'Recorder', 'DNSConfig'], inOperatorNamespace: { kinds: ['Connector', 'ProxyGroup', 'Recorder', 'DNSConfig'], namespace: 'tailscale' } },
  // an OpenSearchCluster runs as StatefulSets per node pool and a Dashboards Deployment (opensearch-project/opensearch-k8s-operator docs/userguide/main.md)
  'opensearch.opster.io': { operator: 'the OpenSearch Kubernetes Operator', kinds: ['OpenSearchCluster'] },
  // a TidbCluster runs PD, TiKV and TiDB StatefulSets (docs.pingcap.com/tidb-in-kubernetes/stable/configure-a-tidb-cluster)
  'pingcap.com': { operator: 'TiDB Operator', kinds: ['TidbCluster', 'TidbMonitor', 'TidbDashboard', 'TidbNGMonitoring'] },
  // the group's other kinds (Argo CD's, Rollouts', Workflows') are read where they are met: only Argo Events' are here
  'argoproj.io': { operator: 'Argo Events', kinds: ['EventSource', 'Sensor', 'EventBus'], makes: argoEventsPods },
};

/**
 * What Argo Events makes: for each EventSource and each Sensor a
 * Deployment in its namespace (NAME-eventsource-..., NAME-sensor-...),
 * whose pods carry the controller's labels (eventsource-name,
 * sensor-name, controller) over spec.template.metadata.labels, its
 * template holding one `container`, not a list (argoproj/argo-events
 * pkg/reconciler/eventsource/resource.go buildDeployment,
 * pkg/reconciler/sensor/resource.go; argoproj.github.io/argo-events/concepts/event_source/);
 * for an EventBus, a NATS StatefulSet where it is `nats.native` or
 * `jetstream`, and nothing where it names a bus that runs elsewhere
 * (`nats.exotic`, `jetstreamExotic`, `kafka`) or is of no type the
 * controller takes (pkg/reconciler/eventbus/installer/installer.go
 * getInstaller, whose order this follows).
 */
function argoEventsPods(body: unknown, kind: string): string | undefined {
  if (kind !== 'EventBus') return 'Argo Events';
  const nats = field(body, 'spec', 'nats');
  if (isRecord(nats)) return !isRecord(field(nats, 'exotic')) && isRecord(field(nats, 'native')) ? 'Argo Events' : undefined;
  return isRecord(field(body, 'spec', 'jetstream')) ? 'Argo Events' : undefined;
}

/**
 * What Flagger makes for a Canary: for a target of any kind but a Service
 * (a Deployment, a DaemonSet, and what it takes for a Deployment), the
 * primary NAME-primary, a copy of the target whose pods carry the value of
 * the target's selector label with "-primary" appended (the first of the
 * controller's --selector-labels its selector has, app, name and
 * app.kubernetes.io/name by default, which the manifests do not show), and
 * it scales the target to zero between analyses (fluxcd/flagger
 * pkg/canary/factory.go, deployment_controller.go createPrimaryDeployment,
 * util.go makePrimaryLabels, daemonset_controller.go). A Service target is
 * routed to, not copied: no pods.
 */
function flaggerPrimary(body: unknown): string | undefined {
  const target = field(body, 'spec', 'targetRef');
  const kind = field(target, 'kind');
  if (kind === 'Service') return undefined;
  const name = field(target, 'name');
  const named = typeof name === 'string' && name !== '' ? name : 'its target';
  const copied = `${typeof kind === 'string' && kind !== '' ? kind : 'Deployment'} ${named}`;
  return `Flagger, as ${named}-primary (a copy of ${copied}, which it scales to zero between analyses, with "-primary" appended to the value of its selector label on the pods: app, name or app.kubernetes.io/name unless the controller's --selector-labels say otherwise),`;
}

/**
 * The operator that makes pods not modelled from a custom resource of this
 * API group and kind, and, where they run in the operator's own namespace
 * rather than the resource's, the one its documented install uses;
 * undefined where it makes none.
 */
export function operatorNotModelled(group: string | undefined, kind: string, body: unknown): { operator: string; inOperatorNamespace?: string } | undefined {
  const known = group === undefined ? undefined : OPERATORS_NOT_MODELLED[group];
  if (!known?.kinds.includes(kind)) return undefined;
  const operator = known.makes ? known.makes(body, kind) : known.operator;
  if (operator === undefined) return undefined;
  return known.inOperatorNamespace?.kinds.includes(kind) ? { operator, inOperatorNamespace: known.inOperatorNamespace.namespace } : { operator };
}
