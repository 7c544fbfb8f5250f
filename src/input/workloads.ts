import type { ContainerPort, Labels, PodTemplate, WorkloadKind } from '../model/cluster.js';
import { dnsLabelProblem, labelsProblem, metadataProblem } from '../model/validation.js';
import { formatSelector, matches, parseSelector } from '../model/selectors.js';
import { workloadId } from '../model/cluster.js';
import type { RawObject } from '../model/objects.js';
import { field, InvalidObject, isPortName, isPortNumber, isRecord, objectName, optionalList, optionalString, readLabels, readProtocol, shown } from '../model/objects.js';

/** One object's contribution to a workload; pods of one owner add up. */
export interface WorkloadPart {
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  readonly kind: string;
  readonly pod: PodTemplate;
  /** True for a Pod standing for its controller. */
  readonly owned: boolean;
  /**
   * A ReplicaSet a Deployment controls, or a Job a CronJob controls (as a
   * `kubectl get -o yaml` dump holds them): the controller's id, and whether
   * it may have pods now (a ReplicaSet scaled to 0, a Job done, has none).
   * Where the controller is in the input too, it is part of that workload.
   */
  readonly controlledBy?: { readonly id: string; readonly running: boolean };
  /** The controller its ownerReferences name, of any kind (`Rollout/web`): a dump's ReplicaSet of a controller reachdiff does not know. */
  readonly ownerController?: string;
  /** What of the object the API server keeps as created (immutableFields), for an object written in the manifests. */
  readonly immutable?: string;
  /**
   * Its template's changes reach no running pod, or not all, by themselves
   * (a paused Deployment, an update strategy OnDelete or partitioned, a
   * ReplicaSet): why, as a message says it after the kind.
   */
  readonly held?: string;
  /**
   * Named by `metadata.generateName` alone: each creation (kubectl create,
   * a Helm or Argo CD hook) makes an object of its own under a new name,
   * so objects written with one prefix all run, and none is ever updated.
   */
  readonly generated?: true;
  /** Its own metadata.labels, for an object with a pod template, where it has some. */
  readonly labels?: Labels;
}

/**
 * What of a workload object the API server keeps as it was created, as
 * canonical JSON, or undefined where all it analyses may change: a
 * Deployment's, DaemonSet's and ReplicaSet's spec.selector (apps
 * validation.go, ValidateDeploymentUpdate and its kin: "field is
 * immutable"), a StatefulSet's selector, serviceName and
 * podManagementPolicy (ValidateStatefulSetUpdate: "updates to statefulset
 * spec for fields other than ... are forbidden"), a Job's selector and pod
 * template (ValidateJobSpecUpdate) but for a hook's or one deleted once
 * finished, which is made anew, a Pod's spec but its images and a few
 * fields (ValidatePodUpdate). An update that changes it is refused, and the
 * object, with its pods, stays as it was.
 */
function immutableFields(body: unknown, kind: WorkloadKind): string | undefined {
  const spec = field(body, 'spec');
  if (!isRecord(spec)) return undefined;
  switch (kind) {
    case 'Deployment':
    case 'DaemonSet':
    case 'ReplicaSet':
      return canonicalJson({ selector: spec['selector'] ?? null });
    case 'StatefulSet':
      // ValidateStatefulSetUpdate: "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template',
      // 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are
      // forbidden": the selector, serviceName, podManagementPolicy (OrderedReady by default) and volumeClaimTemplates,
      // compared as the API server holds them (a claim's volumeMode is Filesystem by default, its status and its
      // metadata but name, labels and annotations are not kept)
      return canonicalJson({
        selector: spec['selector'] ?? null,
        serviceName: spec['serviceName'] ?? null,
        podManagementPolicy: spec['podManagementPolicy'] ?? 'OrderedReady',
        volumeClaimTemplates: Array.isArray(spec['volumeClaimTemplates']) ? spec['volumeClaimTemplates'].map(claimTemplate) : null,
      });
    case 'Job': {
      // a Job a Helm or Argo CD hook runs, or one deleted once finished (ttlSecondsAfterFinished), is made anew, not updated
      const annotations = field(body, 'metadata', 'annotations');
      const hook = isRecord(annotations) && Object.keys(annotations).some((k) => k.startsWith('helm.sh/hook') || k.startsWith('argocd.argoproj.io/hook'));
      if (hook || spec['ttlSecondsAfterFinished'] !== undefined) return undefined;
      return canonicalJson({ selector: spec['selector'] ?? null, template: spec['template'] ?? null });
    }
    case 'Pod': {
      // ValidatePodUpdate: "pod updates may not change fields other than" the images, activeDeadlineSeconds,
      // tolerations (additions), terminationGracePeriodSeconds and schedulingGates
      const { activeDeadlineSeconds: _a, tolerations: _t, terminationGracePeriodSeconds: _g, schedulingGates: _s, ephemeralContainers: _e, ...fixed } = spec;
      const noImages = (list: unknown) => (Array.isArray(list) ? list.map((c) => (isRecord(c) ? { ...c, image: null } : c)) : list);
      return canonicalJson({ ...fixed, containers: noImages(fixed['containers']), initContainers: noImages(fixed['initContainers']) });
    }
    default:
      return undefined;
  }
}

/** A StatefulSet's claim template as the API server keeps it, for comparison: its quantities by value. */
function claimTemplate(claim: unknown): unknown {
  if (!isRecord(claim)) return claim;
  const metadata = isRecord(claim['metadata']) ? claim['metadata'] : {};
  const spec = isRecord(claim['spec']) ? claim['spec'] : {};
  const resources = isRecord(spec['resources']) ? spec['resources'] : undefined;
  const amounts = (list: unknown) => (isRecord(list) ? Object.fromEntries(Object.entries(list).map(([k, v]) => [k, quantityValue(v)])) : list);
  return {
    metadata: { name: metadata['name'] ?? null, labels: metadata['labels'] ?? null, annotations: metadata['annotations'] ?? null },
    spec: {
      ...spec,
      volumeMode: spec['volumeMode'] ?? 'Filesystem',
      ...(resources ? { resources: { ...resources, requests: amounts(resources['requests']), limits: amounts(resources['limits']) } } : {}),
    },
  };
}

const BINARY_SUFFIXES: Readonly<Record<string, number>> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL_SUFFIXES: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/**
 * A resource quantity by its value, as the API server compares them
 * (apimachinery's resource.Quantity: `10Gi` and `10240Mi` are one amount,
 * kept in a canonical form): the exact value as an integer and a power of
 * ten. A value that is not a quantity is left as written.
 */
function quantityValue(value: unknown): unknown {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string') return value;
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([numkMGTPE]?)|[eE]([+-]?\d+))$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return value;
  const fraction = m[3] ?? '';
  let digits = BigInt(`${m[2]}${fraction}` || '0');
  let exponent = -fraction.length + (m[4] !== undefined ? 0 : m[6] !== undefined ? Number(m[6]) : DECIMAL_SUFFIXES[m[5] ?? '']!);
  if (m[4] !== undefined) digits *= 1024n ** BigInt(BINARY_SUFFIXES[m[4]]!);
  if (digits === 0n) return '0';
  while (digits % 10n === 0n) {
    digits /= 10n;
    exponent++;
  }
  return `${m[1] === '-' ? '-' : ''}${digits}e${exponent}`;
}

/**
 * JSON with every mapping's keys in order, and without null, empty lists
 * and empty mappings: values the API server holds equal (its semantic
 * comparison takes an empty list for an absent one), equal texts.
 */
function canonicalJson(value: unknown): string {
  const empty = (v: unknown) => v === null || v === undefined || (Array.isArray(v) && v.length === 0) || (isRecord(v) && Object.keys(v).length === 0);
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (!isRecord(v)) return v;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const c = canonical(v[k]);
      if (!empty(c)) out[k] = c;
    }
    return out;
  };
  return JSON.stringify(canonical(value));
}

/**
 * Why a workload's template changes stay off its running pods, or
 * undefined where they roll out: a paused Deployment, a StatefulSet or
 * DaemonSet updated OnDelete, a StatefulSet whose rolling update has a
 * partition (its pods of a lower ordinal keep the old template, even when
 * deleted: kubernetes.io/docs/concepts/workloads/controllers/statefulset/#partitions),
 * a ReplicaSet or ReplicationController, whose controller makes new pods
 * from its template but never updates those it has
 * (kubernetes.io/docs/concepts/workloads/controllers/replicaset/).
 */
function held(obj: RawObject, kind: WorkloadKind): string | undefined {
  const body = obj.body;
  if (kind === 'Deployment') return field(body, 'spec', 'paused') === true ? 'is paused (spec.paused), so its pods keep running as they were until it is resumed' : undefined;
  if (kind === 'ReplicaSet' || kind === 'ReplicationController') return 'does not update the pods it has made, so they keep running as they were until each is deleted';
  if (kind !== 'StatefulSet' && kind !== 'DaemonSet') return undefined;
  const strategy = field(body, 'spec', 'updateStrategy');
  if (field(strategy, 'type') === 'OnDelete') return 'is updated OnDelete, so its pods keep running as they were until each is deleted';
  if (kind === 'DaemonSet') return undefined;
  const partition = partitionOf(obj, strategy);
  return partition > 0 ? `updates only its pods of ordinal ${partition} and above (spec.updateStrategy.rollingUpdate.partition), so those below keep running as they were, even when deleted, until the partition is lowered` : undefined;
}

/**
 * A StatefulSet's rolling update partition, 0 where none is written: an
 * int32 the API server decodes from a whole number alone (a quoted one,
 * or a placeholder, does not decode) and refuses below 0
 * (ValidateStatefulSetSpec, apps validation.go: ValidateNonnegativeField).
 */
function partitionOf(obj: RawObject, strategy: unknown): number {
  const raw = field(strategy, 'rollingUpdate', 'partition');
  if (raw === undefined || raw === null) return 0;
  const line = obj.lineOf(field(strategy, 'rollingUpdate')) ?? obj.line;
  const what = 'spec.updateStrategy.rollingUpdate.partition';
  if (typeof raw === 'string') throw new InvalidObject(`${what} ${JSON.stringify(raw)} is a string: it must be a number, so the API server rejects the object`, line);
  if (typeof raw !== 'number' || !Number.isInteger(raw)) throw new InvalidObject(`${what} ${shown(raw)} is not a whole number, so the API server rejects the object`, line);
  if (raw < 0) throw new InvalidObject(`${what} ${raw} is below 0, which the API server refuses ("must be greater than or equal to 0")`, line);
  return raw;
}

/** The kinds whose objects another workload's controller makes, and that controller's kind. */
const CONTROLLER_OF: Partial<Record<WorkloadKind, string>> = { ReplicaSet: 'Deployment', Job: 'CronJob' };

/** Whether a ReplicaSet or Job may have pods: not scaled to 0, not done. */
function running(body: unknown, kind: WorkloadKind): boolean {
  if (kind === 'ReplicaSet') {
    const wanted = field(body, 'spec', 'replicas');
    const current = field(body, 'status', 'replicas');
    return !(wanted === 0 && (current === undefined || current === null || current === 0));
  }
  // a Job with a status has pods while some are active; one without (written by hand) is taken to
  const status = field(body, 'status');
  if (!isRecord(status)) return true;
  const active = status['active'];
  return typeof active === 'number' && active > 0;
}

/** Where each kind keeps its pod template. */
const TEMPLATE_PATH: Record<Exclude<WorkloadKind, 'Pod'>, string[]> = {
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
};

/** The ports a pod's containers declare, its native sidecars' too (marked, and after the containers'), as the API server validates them. */
export function readPorts(podSpec: unknown): ContainerPort[] {
  const ports: ContainerPort[] = [];
  const containers = optionalList(podSpec, 'containers') ?? [];
  // native sidecars (init containers that keep running) serve ports too
  const sidecars = (optionalList(podSpec, 'initContainers') ?? []).filter((c) => field(c, 'restartPolicy') === 'Always');
  for (const container of [...containers, ...sidecars]) {
    const sidecar = !containers.includes(container);
    for (const p of optionalList(container, 'ports') ?? []) {
      if (!isRecord(p)) throw new InvalidObject('a container port must be a mapping');
      const number = p['containerPort'];
      // as the API server validates it: an int32 from 1 to 65535 (a quoted number does not decode), and a valid name
      if (typeof number === 'string') throw new InvalidObject(`containerPort "${number}" is quoted: it must be a number, so the API server rejects the object`);
      if (!isPortNumber(number)) throw new InvalidObject(`containerPort ${number === undefined || number === null ? 'is missing' : `${shown(number)} is not a port from 1 to 65535`}`);
      const rawName = p['name'];
      if (rawName !== undefined && rawName !== null && rawName !== '' && !isPortName(rawName)) {
        throw new InvalidObject(`container port ${number}: name ${JSON.stringify(rawName)} is not a valid port name (at most 15 lowercase letters, digits and "-", with a letter)`);
      }
      const name = typeof rawName === 'string' && rawName !== '' ? rawName : undefined;
      const hostPort = p['hostPort'];
      if (hostPort !== undefined && hostPort !== null && hostPort !== 0 && !isPortNumber(hostPort)) throw new InvalidObject(`container port ${number}: hostPort ${shown(hostPort)} is not a port from 1 to 65535`);
      ports.push({ port: number, protocol: readProtocol(p['protocol'], `container port ${number}`), ...(name ? { name } : {}), ...(isPortNumber(hostPort) ? { hostPort } : {}), ...(sidecar ? { sidecar: true as const } : {}) });
    }
  }
  return ports;
}

/**
 * The named ports of a pod's init containers that are not native sidecars,
 * which Calico maps onto the pod's endpoint with its containers' (libcalico-go
 * lib/backend/k8s/conversion/workload_endpoint_default.go, appendEndpointPorts
 * over pod.Spec.InitContainers); ports it cannot read are left out.
 */
function initContainerPorts(podSpec: unknown): ContainerPort[] {
  const init = (optionalList(podSpec, 'initContainers') ?? []).filter((c) => field(c, 'restartPolicy') !== 'Always');
  return init.length === 0 ? [] : readPorts({ containers: init }).filter((p) => p.name !== undefined);
}

/** The container lists of a pod, in the order the API server validates them. */
const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'] as const;

/**
 * What the API server's pod validation (kubernetes pkg/apis/core/validation/validation.go,
 * ValidatePodSpec, which ValidatePodTemplateSpec runs on every workload's
 * template too) refuses in the containers, whatever tool applies the
 * object: no containers ("Required value"); a container without a name
 * that is a DNS label or without an image (validateContainerCommon); two
 * containers of one name among containers, initContainers and
 * ephemeralContainers (validateContainers, validateInitContainers,
 * validateEphemeralContainers: "Duplicate value"); one port name twice in
 * one container (validateContainerPorts, which checks each container's
 * list on its own: two containers may each name a port `http`); one
 * hostPort twice for a protocol and hostIP among the containers, or within
 * one init container (checkHostPortConflicts); and, with hostNetwork, a
 * container's hostPort other than its containerPort
 * (validatePodHostNetworkDeps: 0 is defaulted to containerPort on the pod).
 * The object never reaches the cluster, and a refused update leaves the
 * old one running: it is refused here too.
 */
function checkContainers(spec: unknown, what: string, obj: RawObject): void {
  const regular = optionalList(spec, 'containers');
  if (!regular || regular.length === 0) throw new InvalidObject(`${what} spec.containers is empty or missing, which the API server refuses ("Required value"): a pod needs a container`, obj.lineOf(spec) ?? obj.line);
  const names = new Map<string, string>();
  const hostPorts = new Map<string, string>();
  for (const list of CONTAINER_LISTS) {
    (optionalList(spec, list) ?? []).forEach((c, i) => {
      const at = `${what} spec.${list}[${i}]`;
      const line = obj.lineOf(c) ?? obj.line;
      if (!isRecord(c)) throw new InvalidObject(`${at} is not a mapping, so the API server rejects the object`, line);
      const name = c['name'];
      if (typeof name !== 'string' || name === '') throw new InvalidObject(`${at} has no name, which the API server refuses ("name: Required value")`, line);
      const problem = dnsLabelProblem(name);
      if (problem) throw new InvalidObject(`${at}: container name ${problem}, which the API server refuses`, line);
      const before = names.get(name);
      if (before) throw new InvalidObject(`${at}: container name "${name}" is also ${before}'s, which the API server refuses ("Duplicate value"): names are unique among a pod's containers, init and ephemeral containers`, line);
      names.set(name, `spec.${list}[${i}]`);
      const image = c['image'];
      if (typeof image !== 'string' || image === '') throw new InvalidObject(`${at} (container "${name}") has no image, which the API server refuses ("image: Required value")`, line);
      // each init container runs on its own: its host ports conflict only among themselves
      const accumulated = list === 'containers' ? hostPorts : new Map<string, string>();
      const portNames = new Set<string>();
      (optionalList(c, 'ports') ?? []).forEach((p, j) => {
        if (!isRecord(p)) return;
        const portLine = obj.lineOf(p) ?? line;
        const portName = p['name'];
        if (typeof portName === 'string' && portName !== '') {
          if (portNames.has(portName)) {
            throw new InvalidObject(`${at}.ports[${j}]: port name "${portName}" is used twice in container "${name}", which the API server refuses ("Duplicate value"): a container's port names are unique (name one dns and the other dns-tcp, say)`, portLine);
          }
          portNames.add(portName);
        }
        const hostPort = p['hostPort'];
        if (!isPortNumber(hostPort)) return;
        const protocol = typeof p['protocol'] === 'string' && p['protocol'] !== '' ? p['protocol'] : 'TCP';
        const hostIP = typeof p['hostIP'] === 'string' ? p['hostIP'] : '';
        const key = `${protocol}/${hostIP}/${hostPort}`;
        const other = accumulated.get(key);
        if (other) throw new InvalidObject(`${at}.ports[${j}]: hostPort ${hostPort} (${protocol}${hostIP ? ` on ${hostIP}` : ''}) is also ${other}'s, which the API server refuses ("Duplicate value")`, portLine);
        accumulated.set(key, `${list === 'containers' ? `container "${name}"` : `init container "${name}"`}`);
        if (list === 'containers' && field(spec, 'hostNetwork') === true && hostPort !== p['containerPort']) {
          throw new InvalidObject(`${at}.ports[${j}]: hostPort ${hostPort} is not its containerPort ${shown(p['containerPort'])}, which the API server refuses with hostNetwork ("must match \`containerPort\` when \`hostNetwork\` is true")`, portLine);
        }
      });
    });
  }
}

/** `obj` where its containers are to be checked as the API server checks them (checkContainers), undefined for a pod that is known to exist. */
function readTemplate(template: unknown, what: string, obj: RawObject | undefined): PodTemplate {
  const spec = field(template, 'spec');
  // serviceAccount is the deprecated name of the field, still honoured where the new one is absent
  const sa = field(spec, 'serviceAccountName') || field(spec, 'serviceAccount');
  // a literal of one shape: an object made by spreading costs more memory, and pods are many
  const labels = readLabels(field(template, 'metadata', 'labels'), `${what} labels`);
  checkLabels(labels, `${what} labels`);
  // the template's annotations too (ValidatePodTemplateSpec): a refused update leaves the old pods and their labels in the cluster
  const meta = metadataProblem(field(template, 'metadata'));
  if (meta) throw new InvalidObject(`${what} metadata.${meta}, which the API server refuses`);
  const ports = readPorts(spec);
  if (obj) checkContainers(spec, what, obj);
  const initPorts = initContainerPorts(spec);
  const hostNetwork = field(spec, 'hostNetwork') === true;
  const dnsListen = hostNetwork ? localIpFlag(spec) : undefined;
  return {
    labels,
    ports,
    hostNetwork,
    serviceAccountName: typeof sa === 'string' && sa !== '' ? sa : undefined,
    ...(initPorts.length > 0 ? { initPorts } : {}),
    ...(dnsListen ? { dnsListen } : {}),
  };
}

/**
 * The addresses a `-localip` flag of a container names (NodeLocal
 * DNSCache's node-cache, kubernetes cluster/addons/dns/nodelocaldns:
 * `-localip 169.254.20.10,10.0.0.10`, a list split at commas), as
 * `-localip X`, `-localip=X` or with two dashes; undefined where no
 * container has one.
 */
function localIpFlag(spec: unknown): string[] | undefined {
  for (const c of optionalList(spec, 'containers') ?? []) {
    const args = [...(optionalList(c, 'command') ?? []), ...(optionalList(c, 'args') ?? [])].map(String);
    for (let i = 0; i < args.length; i++) {
      const m = /^--?localip(?:=(.*))?$/.exec(args[i]!);
      if (!m) continue;
      const value = m[1] ?? args[i + 1];
      if (value === undefined) continue;
      const addresses = value.split(',').map((a) => a.trim()).filter((a) => a !== '');
      if (addresses.length > 0) return addresses;
    }
  }
  return undefined;
}

/** ValidateObjectMeta's label checks: a key or value it refuses leaves the object out of the cluster. */
function checkLabels(labels: Labels, what: string): void {
  const problem = labelsProblem(labels);
  if (problem) throw new InvalidObject(`${what}: ${problem}, which the API server refuses`);
}

/** The kinds whose spec.selector must pick their own pod template's labels; a ReplicationController's may be left out (its template's labels then). */
const SELECTING: ReadonlySet<WorkloadKind> = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController']);

/**
 * As the API server validates a controller (apps validation.go
 * ValidateDeploymentSpec and its kin, core ValidateReplicationControllerSpec):
 * a selector given must not be empty and must match the pod template's
 * labels, "selector does not match template labels"; such an object is
 * refused, and the controller of that name, if any, stays as it was.
 */
function checkSelector(obj: RawObject, kind: WorkloadKind, labels: Labels): void {
  if (!SELECTING.has(kind)) return;
  const raw = field(obj.body, 'spec', 'selector');
  if (raw === undefined || raw === null) {
    // apps/v1 made the selector required; only a ReplicationController's defaults to its template's labels
    if (kind === 'ReplicationController') return;
    throw new InvalidObject(`spec.selector is missing, which the API server refuses for a ${kind} ("spec.selector: Required value"): it must pick the pod template's labels`, obj.line);
  }
  const line = obj.lineOf(raw) ?? obj.line;
  // a ReplicationController's selector is a plain map of labels
  const selector = kind === 'ReplicationController' ? (isRecord(raw) ? parseSelector({ matchLabels: raw }) : { error: 'spec.selector must be a mapping of labels' }) : parseSelector(raw);
  if ('error' in selector) throw new InvalidObject(`spec.selector: ${selector.error}`, line);
  if (kind === 'ReplicationController' && selector.requirements.length === 0) return;
  if (selector.requirements.length === 0) throw new InvalidObject(`spec.selector is empty, which the API server refuses for a ${kind}: it must pick the pod template's labels`, line);
  if (!matches(selector, labels)) {
    throw new InvalidObject(`spec.selector ${formatSelector(selector)} does not match the pod template's labels, so the API server refuses the ${kind} ("selector does not match template labels")`, line);
  }
}

/** Reads a workload object; throws InvalidObject when it cannot be used. */
export function readWorkload(obj: RawObject, kind: WorkloadKind, defaultNamespace: string): WorkloadPart {
  // a Kustomize patch target (`name: "*"`) or a template placeholder is not a name the API server accepts
  const { name, namespace } = objectName(obj.body, kind, defaultNamespace);
  const generated = !optionalString(obj.body, 'metadata', 'name') ? { generated: true as const } : {};
  const own = kind === 'Pod' ? {} : readLabels(field(obj.body, 'metadata', 'labels'), 'metadata.labels');
  if (kind !== 'Pod') checkLabels(own, 'metadata.labels');
  if (kind === 'Pod') {
    const owners = optionalList(obj.body, 'metadata', 'ownerReferences') ?? [];
    // a pod a controller (or the kubelet, for a mirror pod) made is one the API server took: a dump of it trimmed to
    // its labels and ports, as test data often is, is not refused for the container fields it leaves out
    const made = owners.some((o) => isRecord(o) && o['controller'] === true);
    const pod = readTemplate(obj.body, 'Pod', made ? undefined : obj);
    // a static pod's mirror is owned by its Node: it is a pod of its own, not a workload named after the node
    const controller = owners.find((o) => isRecord(o) && o['controller'] === true && typeof o['name'] === 'string' && o['kind'] !== 'Node');
    if (controller && isRecord(controller)) {
      const ownerName = controller['name'] as string;
      // an owner reference without a kind still names the workload
      const ownerKind = typeof controller['kind'] === 'string' && controller['kind'] !== '' ? controller['kind'] : 'Pod';
      return { id: workloadId(namespace, ownerName, ownerKind), namespace, name: ownerName, kind: ownerKind, pod, owned: true };
    }
    const immutable = 'generated' in generated ? undefined : immutableFields(obj.body, kind);
    return { id: workloadId(namespace, name, kind), namespace, name, kind, pod, owned: false, ...(immutable !== undefined ? { immutable } : {}), ...generated };
  }
  const template = field(obj.body, ...TEMPLATE_PATH[kind]);
  if (!isRecord(template)) throw new InvalidObject(`${kind} ${namespace}/${name} has no pod template (${TEMPLATE_PATH[kind].join('.')})`);
  const owners = optionalList(obj.body, 'metadata', 'ownerReferences') ?? [];
  const anyController = owners.find((o) => isRecord(o) && o['controller'] === true && typeof o['kind'] === 'string' && typeof o['name'] === 'string' && o['name'] !== '');
  const ownerController = isRecord(anyController) ? { ownerController: `${anyController['kind'] as string}/${anyController['name'] as string}` } : {};
  const immutable = 'generated' in generated ? undefined : immutableFields(obj.body, kind);
  const heldBack = held(obj, kind);
  const part = {
    id: workloadId(namespace, name, kind),
    namespace,
    name,
    kind,
    pod: readTemplate(template, `${kind} template`, obj),
    owned: false,
    ...ownerController,
    ...(immutable !== undefined ? { immutable } : {}),
    ...(heldBack !== undefined ? { held: heldBack } : {}),
    ...(Object.keys(own).length > 0 ? { labels: own } : {}),
    ...generated,
  };
  checkSelector(obj, kind, part.pod.labels);
  const controllerKind = CONTROLLER_OF[kind];
  if (controllerKind === undefined) return part;
  const controller = owners.find((o) => isRecord(o) && o['controller'] === true && o['kind'] === controllerKind && typeof o['name'] === 'string' && o['name'] !== '');
  if (!isRecord(controller)) return part;
  return { ...part, controlledBy: { id: workloadId(namespace, controller['name'] as string, controllerKind), running: running(obj.body, kind) } };
}
