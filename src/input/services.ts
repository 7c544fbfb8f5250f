import type { RawObject } from '../model/objects.js';
import { field, InvalidObject, isPortName, isPortNumber, isRecord, optionalList, optionalString, readLabels, readProtocol, shown } from '../model/objects.js';
import type { Gateway, GatewayListener, GatewayParent, IngressRoute, ReferenceGrant, RouteBackend, RouteKind, Service, ServicePort, ServiceType } from '../model/services.js';
import { formatCidr, sloppyCidr } from '../model/ipranges.js';
import { parseSelector } from '../model/selectors.js';
import { SERVICE_TYPES } from '../model/services.js';

/** Where ingress objects are read from: kind and API group. */
export const ROUTE_GROUPS: Readonly<Record<RouteKind, readonly string[]>> = {
  Ingress: ['networking.k8s.io'],
  Route: ['route.openshift.io'],
  HTTPRoute: ['gateway.networking.k8s.io'],
  GRPCRoute: ['gateway.networking.k8s.io'],
  TCPRoute: ['gateway.networking.k8s.io'],
  TLSRoute: ['gateway.networking.k8s.io'],
};

const GATEWAY_GROUP = 'gateway.networking.k8s.io';

function metadata(obj: RawObject, defaultNamespace: string): { name: string; namespace: string } {
  const name = optionalString(obj.body, 'metadata', 'name');
  if (!name) throw new InvalidObject(`${obj.kind} has no metadata.name`);
  return { name, namespace: optionalString(obj.body, 'metadata', 'namespace') || defaultNamespace };
}

/** A port by number or by name (an IntOrString) as an OpenShift Route reads it, a quoted number taken as that number; undefined when absent. */
function portRef(raw: unknown, what: string, line: number): number | string | undefined {
  if (raw === undefined || raw === null || raw === '' || raw === 0) return undefined;
  if (isPortNumber(raw)) return raw;
  if (typeof raw === 'string' && /^\d+$/.test(raw) && isPortNumber(Number(raw))) return Number(raw);
  if (isPortName(raw)) return raw;
  throw new InvalidObject(`${what}: "${shown(raw)}" is neither a port number nor a port name`, line);
}

/**
 * A port the API server validates by number or by name (an IntOrString: a
 * Service's targetPort, ValidateService), or by name alone (an Ingress
 * backend's port.name, ValidateIngressBackend): a number from 1 to 65535,
 * or a name as IsValidPortName wants it (IANA_SVC_NAME: at most 15
 * lowercase letters, digits and "-", with a letter, no "--", not starting
 * or ending with "-"). A quoted number is a string, so a name without a
 * letter: the API server refuses the object. Undefined when absent (0 or
 * "": a Service's targetPort then defaults to its port).
 */
function validatedPortRef(raw: unknown, what: string, line: number, byNumber = true): number | string | undefined {
  if (raw === undefined || raw === null || raw === '' || (byNumber && raw === 0)) return undefined;
  if (byNumber && typeof raw === 'number') {
    if (!isPortNumber(raw)) throw new InvalidObject(`${what}: ${shown(raw)} is not a port from 1 to 65535, which the API server refuses`, line);
    return raw;
  }
  if (isPortName(raw)) return raw;
  const key = what.split('.').pop()!;
  if (typeof raw === 'string' && /^\d+$/.test(raw)) {
    const instead = byNumber ? `write ${key}: ${raw} without quotes` : `name the port, or give its number as port.number: ${raw}`;
    throw new InvalidObject(`${what}: "${raw}" is quoted, so the API server reads it as a port name, and a port name needs a letter: it refuses the object; ${instead}`, line);
  }
  throw new InvalidObject(`${what}: "${shown(raw)}" is ${byNumber ? 'neither a port number nor a valid port name' : 'not a valid port name'} (at most 15 lowercase letters, digits and "-", with a letter), which the API server refuses`, line);
}

/** A port number (an int32 field: a Service's port, an Ingress backend's port.number, a Gateway API backendRef's port): a quoted number does not decode into it, and the API server refuses the object. */
function portNumber(raw: unknown, what: string, line: number): number | undefined {
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw === 'string') throw new InvalidObject(`${what}: "${shown(raw)}" is quoted: it must be a number, so the API server refuses the object`, line);
  if (!isPortNumber(raw)) throw new InvalidObject(`${what}: ${shown(raw)} is not a port from 1 to 65535, which the API server refuses`, line);
  return raw;
}

/** Reads a v1 Service. */
export function readService(obj: RawObject, defaultNamespace: string): Service {
  const { name, namespace } = metadata(obj, defaultNamespace);
  const spec = obj.body['spec'];
  const type = field(spec, 'type') ?? 'ClusterIP';
  if (!(SERVICE_TYPES as readonly unknown[]).includes(type)) throw new InvalidObject(`spec.type "${shown(type)}" is not one of ${SERVICE_TYPES.join(', ')}`, obj.lineOf(spec));
  const selectorRaw = field(spec, 'selector');
  const selector = selectorRaw !== undefined && selectorRaw !== null ? readLabels(selectorRaw, 'spec.selector') : undefined;
  const ports: ServicePort[] = (optionalList(spec, 'ports') ?? []).map((p, i) => {
    const what = `spec.ports[${i}]`;
    const line = obj.lineOf(p) ?? obj.line;
    if (!isRecord(p)) throw new InvalidObject(`${what} must be a mapping`, line);
    const port = portNumber(p['port'], `${what}.port`, line);
    if (port === undefined) throw new InvalidObject(`${what}.port must be a port from 1 to 65535`, line);
    const portName = p['name'];
    return {
      port,
      targetPort: validatedPortRef(p['targetPort'], `${what}.targetPort`, line) ?? port,
      protocol: readProtocol(p['protocol'], what),
      ...(typeof portName === 'string' && portName !== '' ? { name: portName } : {}),
    };
  });
  const ranges = optionalList(spec, 'loadBalancerSourceRanges') ?? [];
  if (ranges.some((r) => typeof r !== 'string')) throw new InvalidObject('spec.loadBalancerSourceRanges must be a list of CIDRs', obj.lineOf(spec));
  // ValidateService: "may only be used when `type` is 'LoadBalancer'", and each range must parse ("must be a list of IP ranges")
  if (ranges.length > 0 && type !== 'LoadBalancer') throw new InvalidObject(`spec.loadBalancerSourceRanges may only be used where spec.type is LoadBalancer, not ${String(type)}: the API server refuses the Service`, obj.lineOf(spec));
  const sourceRanges = (ranges as string[]).map((r, i) => {
    const c = sloppyCidr(r);
    if (c.kind === 'invalid') throw new InvalidObject(`spec.loadBalancerSourceRanges[${i}]: ${c.reason}: the API server refuses the Service ("must be a list of IP ranges")`, obj.lineOf(spec));
    return formatCidr(c);
  });
  const annotations = field(obj.body, 'metadata', 'annotations');
  const annotated = sourceRanges.length > 0 ? [] : annotatedSourceRanges(annotations, String(type), obj.lineOf(field(obj.body, 'metadata')) ?? obj.line);
  const externalIPs = optionalList(spec, 'externalIPs') ?? [];
  if (externalIPs.some((r) => typeof r !== 'string')) throw new InvalidObject('spec.externalIPs must be a list of addresses', obj.lineOf(spec));
  // the API server refuses any other value; Cluster, the default, has kube-proxy replace the client's address with a node's
  const policy = field(spec, 'externalTrafficPolicy') ?? 'Cluster';
  if (policy !== 'Cluster' && policy !== 'Local') throw new InvalidObject(`spec.externalTrafficPolicy must be Cluster or Local, not ${JSON.stringify(policy)}`, obj.lineOf(spec));
  return {
    namespace,
    name,
    type: type as ServiceType,
    // "If empty or not present, the service is assumed to have an external process managing its endpoints" (core/v1
    // ServiceSpec.selector): an empty selector picks no pods, as none does
    ...(selector && Object.keys(selector).length > 0 ? { selector } : {}),
    ports,
    loadBalancerSourceRanges: sourceRanges,
    ...annotatedRanges(annotated),
    externalIPs: externalIPs as string[],
    ...virtualIPsOf(spec),
    externalTrafficPolicy: policy,
    // "If the caller requests specific NodePorts (by specifying a value), those requests will be respected, regardless of
    // this field" (ServiceSpec.allocateLoadBalancerNodePorts): a port with its nodePort set opens it on every node still
    allocateLoadBalancerNodePorts: field(spec, 'allocateLoadBalancerNodePorts') !== false || (optionalList(spec, 'ports') ?? []).some((p) => isPortNumber(field(p, 'nodePort'))),
    ...(type === 'LoadBalancer' ? internalBy(annotations, field(spec, 'loadBalancerClass')) : {}),
    ...(type === 'LoadBalancer' ? passthroughBy(annotations, field(spec, 'loadBalancerClass')) : {}),
    ...(namesIPv6(spec, [...sourceRanges, ...annotated]) ? { ipv6: true as const } : {}),
    source: { file: obj.file, line: obj.line },
  };
}

/** The Service's own addresses, which its endpoints answer on (see Service.virtualIPs): a headless Service (`None`) has none. */
function virtualIPsOf(spec: unknown): { virtualIPs?: string[] } {
  const listed = field(spec, 'clusterIPs');
  const all = [field(spec, 'clusterIP'), ...(Array.isArray(listed) ? listed : []), field(spec, 'loadBalancerIP')];
  const ips = [...new Set(all.filter((a): a is string => typeof a === 'string' && a !== '' && a !== 'None'))];
  return ips.length > 0 ? { virtualIPs: ips } : {};
}

/**
 * Whether a Service says the cluster has IPv6 addresses: an IPv6 family
 * (spec.ipFamilies, which the API server refuses where the cluster has no
 * IPv6 service range), RequireDualStack, an IPv6 clusterIP, load balancer
 * IP, external IP or source range (the field's or the annotation's).
 */
function namesIPv6(spec: unknown, sourceRanges: readonly string[]): boolean {
  const strings = (key: string) => (optionalList(spec, key) ?? []).filter((v): v is string => typeof v === 'string');
  const one = (key: string) => {
    const v = field(spec, key);
    return typeof v === 'string' ? [v] : [];
  };
  return (
    strings('ipFamilies').includes('IPv6') ||
    field(spec, 'ipFamilyPolicy') === 'RequireDualStack' ||
    [...strings('clusterIPs'), ...one('clusterIP'), ...one('loadBalancerIP'), ...strings('externalIPs'), ...sourceRanges].some((a) => a.includes(':'))
  );
}

/**
 * The annotation that sets a load balancer's source ranges where
 * spec.loadBalancerSourceRanges is empty (k8s.io/api core/v1
 * AnnotationLoadBalancerSourceRangesKey: "a comma-separated list of CIDRs";
 * "Not all cloud providers support this annotation, though AWS & GCE do").
 */
const SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';

/**
 * A Service's source ranges as its annotation gives them, read as
 * GetLoadBalancerSourceRanges (k8s.io/cloud-provider service helpers)
 * reads it where the field is empty: blank is none (every address), else
 * each item between commas, blanks trimmed, a CIDR as ParseCIDRSloppy
 * reads it. ValidateService refuses the Service where one does not parse
 * ("must be a list of IP ranges") or where the Service is not a
 * LoadBalancer ("may only be used when `type` is 'LoadBalancer'").
 */
function annotatedSourceRanges(annotations: unknown, type: string, line: number): string[] {
  const value = field(annotations, SOURCE_RANGES_ANNOTATION);
  if (value === undefined || value === null) return [];
  const what = `metadata.annotations[${SOURCE_RANGES_ANNOTATION}]`;
  if (type !== 'LoadBalancer') throw new InvalidObject(`${what} may only be used where spec.type is LoadBalancer, not ${type}: the API server refuses the Service`, line);
  if (typeof value !== 'string') throw new InvalidObject(`${what} must be a string of comma-separated CIDRs`, line);
  if (value.trim() === '') return [];
  return value.split(',').map((r) => {
    const c = sloppyCidr(r);
    if (c.kind === 'invalid') throw new InvalidObject(`${what}: ${r.trim() === '' ? 'an empty item' : c.reason}: the API server refuses the Service ("must be a list of IP ranges")`, line);
    return formatCidr(c);
  });
}

/**
 * The annotation's ranges, shown with the load balancer's path and not
 * narrowing its clients: the cloud providers that read it (AWS, GCE,
 * Azure) limit the load balancer's clients to them, but kube-proxy reads
 * only spec.loadBalancerSourceRanges, so where another load balancer
 * (MetalLB, a plugin's) takes the Service, every client gets in.
 */
function annotatedRanges(ranges: readonly string[]): { annotatedSourceRanges: string } | Record<string, never> {
  return ranges.length > 0 ? { annotatedSourceRanges: ranges.join(', ') } : {};
}

/** The AWS Load Balancer Controller's class of Services (spec.loadBalancerClass), and the values of its type annotation, under which it makes the load balancer. */
const AWS_LBC_CLASS = 'service.k8s.aws/nlb';
const AWS_LBC_TYPES = ['external', 'nlb-ip'];

/** Whether the AWS Load Balancer Controller makes a Service's load balancer: its class, or its values of the type annotation. */
function awsControllerMakes(awsType: string | undefined, loadBalancerClass: unknown): boolean {
  return loadBalancerClass === AWS_LBC_CLASS || (awsType !== undefined && AWS_LBC_TYPES.includes(awsType));
}

/** GKE's annotations of a load balancer's type, the first of them set deciding (GetLoadBalancerAnnotationType). */
const GKE_TYPE_KEYS = ['networking.gke.io/load-balancer-type', 'cloud.google.com/load-balancer-type'];

/** A string at a key of a mapping (annotations), or undefined. */
function textAt(mapping: unknown, key: string): string | undefined {
  const v = field(mapping, key);
  return typeof v === 'string' ? v : undefined;
}

/**
 * The cloud provider annotation that makes a LoadBalancer internal, given
 * its clients only in the cloud network (as `key: value`): AWS's in-tree
 * service.beta.kubernetes.io/aws-load-balancer-internal, any value but
 * "false" (cloud-provider-aws); the AWS Load Balancer Controller's
 * aws-load-balancer-scheme, internal by default where the controller makes
 * it (kubernetes-sigs.github.io/aws-load-balancer-controller, service
 * annotations); GKE's networking.gke.io/load-balancer-type and its older
 * cloud.google.com/load-balancer-type, Internal (cloud.google.com/
 * kubernetes-engine/docs/how-to/internal-load-balancing); Azure's
 * service.beta.kubernetes.io/azure-load-balancer-internal, "true"
 * (cloud-provider-azure).
 */
function internalBy(annotations: unknown, loadBalancerClass: unknown): { internal: string } | Record<string, never> {
  const value = (key: string) => textAt(annotations, key);
  const said = (key: string, v: string) => ({ internal: `${key}: ${JSON.stringify(v)}` });
  const aws = value('service.beta.kubernetes.io/aws-load-balancer-internal');
  if (aws !== undefined && aws !== '' && aws !== 'false') return said('service.beta.kubernetes.io/aws-load-balancer-internal', aws);
  const scheme = value('service.beta.kubernetes.io/aws-load-balancer-scheme');
  const awsType = value('service.beta.kubernetes.io/aws-load-balancer-type');
  const controller = awsControllerMakes(awsType, loadBalancerClass);
  if (scheme === 'internal') return said('service.beta.kubernetes.io/aws-load-balancer-scheme', scheme);
  if (controller && scheme !== 'internet-facing') return { internal: 'service.beta.kubernetes.io/aws-load-balancer-scheme not internet-facing' };
  // the first of the two that is set decides (GetLoadBalancerAnnotationType)
  const gkeKey = GKE_TYPE_KEYS.find((k) => value(k) !== undefined);
  const gke = gkeKey === undefined ? undefined : value(gkeKey);
  if (gkeKey !== undefined && (gke === 'Internal' || gke === 'internal')) return said(gkeKey, gke);
  const azure = value('service.beta.kubernetes.io/azure-load-balancer-internal');
  if (azure === 'true') return said('service.beta.kubernetes.io/azure-load-balancer-internal', azure);
  return {};
}

/**
 * What shows a LoadBalancer's load balancer to pass the client's address on
 * to the nodes, where kube-proxy keeps it with externalTrafficPolicy Local,
 * as `key: value`; nothing where the manifests do not show it, or show two
 * providers' (which takes the Service is then not known), or a
 * loadBalancerClass of another implementation:
 * - an AWS Network Load Balancer: the in-tree `aws-load-balancer-type: nlb`
 *   (instance targets), or the AWS Load Balancer Controller's (its
 *   loadBalancerClass, or the type `external` or `nlb-ip`), whose
 *   `aws-load-balancer-nlb-target-type` is instance (the default with the
 *   class, `nlb-ip` being IP targets); a target group attribute
 *   `preserve_client_ip.enabled` decides either way, since for TCP an IP
 *   target group does not keep it by default
 *   (docs.aws.amazon.com/elasticloadbalancing/latest/network/edit-target-group-attributes.html,
 *   "Client IP preservation"; kubernetes-sigs.github.io/aws-load-balancer-controller
 *   guide/service/annotations). The in-tree default, a Classic ELB, proxies;
 * - GKE's passthrough Network Load Balancers: internal (its load balancer
 *   type annotation, Internal) or backend service-based external
 *   (`cloud.google.com/l4-rbs: enabled`), or its regional classes
 *   (cloud.google.com/kubernetes-engine/docs/concepts/service-load-balancer-parameters);
 * - Azure's load balancer (an `azure-load-balancer-` annotation), which
 *   passes packets through, unless the Service makes a Private Link
 *   Service, which translates the clients' addresses;
 * - MetalLB (its address pool or addresses annotation), which only
 *   announces the address (metallb.universe.tf/usage/).
 */
function passthroughBy(annotations: unknown, loadBalancerClass: unknown): { keepsClientAddress: string } | Record<string, never> {
  const value = (key: string) => textAt(annotations, key)?.trim();
  const keys = isRecord(annotations) ? Object.keys(annotations) : [];
  const said = (key: string, v: string) => `${key}: ${JSON.stringify(v)}`;
  const found: string[] = [];
  const providers = new Set<string>();
  // AWS
  const awsType = value('service.beta.kubernetes.io/aws-load-balancer-type');
  const targetType = value('service.beta.kubernetes.io/aws-load-balancer-nlb-target-type');
  const lbc = awsControllerMakes(awsType, loadBalancerClass);
  if (lbc || awsType !== undefined || keys.some((k) => k.startsWith('service.beta.kubernetes.io/aws-load-balancer-'))) providers.add('aws');
  const nlb = lbc || awsType === 'nlb';
  if (nlb) {
    const instance = awsType === 'nlb-ip' ? false : targetType !== undefined ? targetType === 'instance' : awsType === 'nlb' || loadBalancerClass === AWS_LBC_CLASS;
    const attributes = value('service.beta.kubernetes.io/aws-load-balancer-target-group-attributes') ?? '';
    const preserve = /(?:^|,)\s*preserve_client_ip\.enabled\s*=\s*(true|false)\s*(?:,|$)/.exec(attributes)?.[1];
    if (preserve === 'true') found.push(said('service.beta.kubernetes.io/aws-load-balancer-target-group-attributes', attributes));
    else if (preserve === undefined && instance) found.push(targetType !== undefined ? said('service.beta.kubernetes.io/aws-load-balancer-nlb-target-type', targetType) : awsType !== undefined ? said('service.beta.kubernetes.io/aws-load-balancer-type', awsType) : `spec.loadBalancerClass: ${AWS_LBC_CLASS}`);
  }
  // GKE
  const gkeKey = GKE_TYPE_KEYS.find((k) => value(k) !== undefined);
  const gkeClass = typeof loadBalancerClass === 'string' && GKE_CLASSES.includes(loadBalancerClass);
  if (gkeKey !== undefined || gkeClass || value('cloud.google.com/l4-rbs') !== undefined) providers.add('gke');
  if (gkeClass) found.push(`spec.loadBalancerClass: ${String(loadBalancerClass)}`);
  else if (gkeKey !== undefined && value(gkeKey)!.toLowerCase() === 'internal') found.push(said(gkeKey, value(gkeKey)!));
  else if (value('cloud.google.com/l4-rbs') === 'enabled') found.push(said('cloud.google.com/l4-rbs', 'enabled'));
  // Azure
  const azureKey = keys.find((k) => k.startsWith('service.beta.kubernetes.io/azure-load-balancer-'));
  if (azureKey !== undefined || keys.some((k) => k.startsWith('service.beta.kubernetes.io/azure-'))) providers.add('azure');
  if (azureKey !== undefined && value('service.beta.kubernetes.io/azure-pls-create') !== 'true') found.push(said(azureKey, value(azureKey) ?? ''));
  // MetalLB
  const metallbKey = METALLB_ANNOTATIONS.find((k) => value(k) !== undefined);
  if (metallbKey !== undefined) {
    providers.add('metallb');
    found.push(said(metallbKey, value(metallbKey)!));
  }
  // a class of another implementation takes the Service, whatever the annotations
  const otherClass = typeof loadBalancerClass === 'string' && loadBalancerClass !== '' && loadBalancerClass !== AWS_LBC_CLASS && !gkeClass;
  return found.length === 1 && providers.size === 1 && !otherClass ? { keepsClientAddress: found[0]! } : {};
}

/** GKE's loadBalancerClass values of its passthrough Network Load Balancers. */
const GKE_CLASSES = ['networking.gke.io/l4-regional-internal', 'networking.gke.io/l4-regional-external'];

/** MetalLB's annotations that ask it for an address (metallb.universe.tf/usage/). */
const METALLB_ANNOTATIONS = ['metallb.universe.tf/address-pool', 'metallb.universe.tf/loadBalancerIPs', 'metallb.io/address-pool', 'metallb.io/loadBalancerIPs'];

/** `{name, port: {number} | {name}}` of an Ingress backend's service. */
function ingressBackend(raw: unknown, namespace: string, what: string, line: number): RouteBackend | undefined {
  const service = field(raw, 'service');
  // a resource backend (an object of another kind, as a storage bucket): where it leads is not modelled, and said
  const resource = field(raw, 'resource');
  if ((service === undefined || service === null) && isRecord(resource) && typeof resource['name'] === 'string') {
    const group = typeof resource['apiGroup'] === 'string' ? resource['apiGroup'] : '';
    return { namespace, service: resource['name'], other: `${String(resource['kind'])}${group !== '' ? ` of ${group}` : ''}`, line };
  }
  if (service === undefined || service === null) return undefined;
  const name = field(service, 'name');
  if (typeof name !== 'string' || name === '') throw new InvalidObject(`${what}.service needs a name`, line);
  // ValidateIngressBackend: a port by number or by name, not both; 0 and "" are not set
  const rawNumber = field(service, 'port', 'number');
  const number = rawNumber === 0 ? undefined : portNumber(rawNumber, `${what}.service.port.number`, line);
  const portName = validatedPortRef(field(service, 'port', 'name'), `${what}.service.port.name`, line, false);
  if (number !== undefined && portName !== undefined) throw new InvalidObject(`${what}.service.port: it sets both a port name and a port number, which the API server refuses`, line);
  const port = number ?? portName;
  if (port === undefined) throw new InvalidObject(`${what}.service.port: a port name or number is required, and the API server refuses the Ingress without one`, line);
  return { namespace, service: name, port, line };
}

/** Ingress class names that name a controller other than ingress-nginx. */
const OTHER_INGRESS_CONTROLLERS = /traefik|haproxy|contour|kong|istio|gce|\balb\b|aws-load-balancer|ambassador|emissary|skipper|apisix|cilium|azure|application-gateway|openshift|nginx\.org|nginx-plus/i;

/**
 * Whether ingress-nginx may serve an Ingress, and read its annotations:
 * another controller's Ingress ignores them, one whose class names that
 * controller (such as Traefik's; an IngressClass of any other name may be
 * ingress-nginx's).
 */
export function maybeNginxIngress(obj: RawObject): boolean {
  const className = ingressClassOf(obj);
  return className === null || !OTHER_INGRESS_CONTROLLERS.test(className);
}

/** The class an Ingress names: spec.ingressClassName, else the older kubernetes.io/ingress.class annotation; null where it names none. */
function ingressClassOf(obj: RawObject): string | null {
  const className = field(obj.body, 'spec', 'ingressClassName') ?? field(obj.body, 'metadata', 'annotations', 'kubernetes.io/ingress.class');
  return typeof className === 'string' ? className : null;
}

function readIngress(obj: RawObject, namespace: string): RouteBackend[] {
  const spec = obj.body['spec'];
  const backends: RouteBackend[] = [];
  const def = field(spec, 'defaultBackend');
  if (def !== undefined && def !== null) {
    const b = ingressBackend(def, namespace, 'spec.defaultBackend', obj.lineOf(def) ?? obj.line);
    if (b) backends.push(b);
  }
  // ingress-nginx sends requests there when the rule's Service has no ready endpoint, and error responses with
  // custom-http-errors (kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#default-backend)
  const nginxDefault = field(obj.body, 'metadata', 'annotations', 'nginx.ingress.kubernetes.io/default-backend');
  if (maybeNginxIngress(obj) && typeof nginxDefault === 'string' && nginxDefault.trim() !== '') backends.push({ namespace, service: nginxDefault.trim(), line: obj.lineOf(field(obj.body, 'metadata')) ?? obj.line });
  (optionalList(spec, 'rules') ?? []).forEach((rule, i) => {
    (optionalList(rule, 'http', 'paths') ?? []).forEach((path, j) => {
      const what = `spec.rules[${i}].http.paths[${j}].backend`;
      const b = ingressBackend(field(path, 'backend'), namespace, what, obj.lineOf(path) ?? obj.line);
      if (b) backends.push(b);
    });
  });
  return backends;
}

function readOpenShiftRoute(obj: RawObject, namespace: string): RouteBackend[] {
  const spec = obj.body['spec'];
  const port = portRef(field(spec, 'port', 'targetPort'), 'spec.port.targetPort', obj.lineOf(field(spec, 'port')) ?? obj.line);
  const targets = [field(spec, 'to'), ...(optionalList(spec, 'alternateBackends') ?? [])];
  const backends: RouteBackend[] = [];
  for (const t of targets) {
    if (!isRecord(t)) continue;
    const kind = t['kind'];
    // a Route may only point at Services; weight 0 "suppresses requests to this backend" (route.openshift.io/v1 RouteTargetReference)
    if (kind !== undefined && kind !== null && kind !== '' && kind !== 'Service') continue;
    if (t['weight'] === 0) continue;
    const name = t['name'];
    if (typeof name !== 'string' || name === '') throw new InvalidObject('a Route target needs a name', obj.lineOf(t) ?? obj.line);
    backends.push({ namespace, service: name, ...(port !== undefined ? { port } : {}), line: obj.lineOf(t) ?? obj.line });
  }
  return backends;
}

/**
 * What a Gateway API route's parentRef names, by its group (default
 * gateway.networking.k8s.io) and kind (default Gateway): a Gateway; a
 * ListenerSet, standard from Gateway API v1.5, or the XListenerSet of
 * gateway.networking.x-k8s.io it was in the experimental channel of v1.3
 * and v1.4 (GEP-1713), whose listeners a Gateway takes on; a Service of the
 * core group (mesh routing inside the cluster, GEP-1426); a Linkerd
 * EgressNetwork (reported where the route is read); or another kind,
 * undefined.
 */
function parentOf(ref: unknown): 'gateway' | 'listenerSet' | 'mesh' | 'egress' | undefined {
  const group = field(ref, 'group') ?? GATEWAY_GROUP;
  const kind = field(ref, 'kind') ?? 'Gateway';
  if (group === GATEWAY_GROUP && kind === 'Gateway') return 'gateway';
  if ((group === GATEWAY_GROUP && kind === 'ListenerSet') || (group === 'gateway.networking.x-k8s.io' && kind === 'XListenerSet')) return 'listenerSet';
  if (group === '' && kind === 'Service') return 'mesh';
  if (group === 'policy.linkerd.io' && kind === 'EgressNetwork') return 'egress';
  return undefined;
}

/**
 * The parentRefs of a Gateway API route that name a kind reachdiff does
 * not know (an implementation's own parent, a misspelt group): where they
 * attach it, and whether traffic from outside the cluster comes through
 * them, is not known. Each as `Kind of group`.
 */
export function unknownRouteParents(obj: RawObject): string[] {
  return (optionalList(obj.body['spec'], 'parentRefs') ?? [])
    .filter((p) => parentOf(p) === undefined)
    .map((p) => `${shown(field(p, 'kind') ?? 'Gateway')} of ${shown(field(p, 'group') ?? GATEWAY_GROUP) || 'the core group'}`);
}

/**
 * The scope of default Gateways a Gateway API route asks to attach to
 * (spec.useDefaultGateways, GEP-3793, experimental: "it will be attached to
 * any default Gateway supporting the named scope"), or undefined where it
 * asks for none (unset, or None). Which Gateways those are is set on them
 * (spec.defaultScope), often outside the manifests at hand.
 */
export function defaultGatewayScope(obj: RawObject): string | undefined {
  const scope = field(obj.body['spec'], 'useDefaultGateways');
  return scope === undefined || scope === null || scope === '' || scope === 'None' ? undefined : shown(scope);
}

/**
 * A Gateway API route: the Services its rules send to, where it is attached
 * to a Gateway, directly or through a ListenerSet or XListenerSet (a route
 * whose parents are Services is mesh routing inside the cluster, not
 * traffic from outside: its parents and backends are kept under `mesh`,
 * since an ingress controller in the mesh follows it; one of a parent of
 * another kind is reported where it is read, unknownRouteParents). A backend of weight 0 gets no traffic;
 * a RequestMirror filter's backend gets a copy of every request, an
 * ExternalAuth filter's the details of every request it decides on
 * (https://gateway-api.sigs.k8s.io/reference/spec/).
 */
function readGatewayRoute(obj: RawObject, namespace: string): { backends: RouteBackend[]; gateways?: GatewayParent[]; hostnames?: string[]; mesh?: NonNullable<IngressRoute['mesh']> } {
  const spec = obj.body['spec'];
  const parents = optionalList(spec, 'parentRefs') ?? [];
  const toGateway = parents.some((p) => parentOf(p) === 'gateway' || parentOf(p) === 'listenerSet');
  // a Service parent: the route applies to requests the mesh's clients send to it (gateway-api.sigs.k8s.io/mesh/)
  const meshParents = parents
    .filter((p) => parentOf(p) === 'mesh' && typeof field(p, 'name') === 'string')
    .map((p) => {
      const ns = field(p, 'namespace');
      const port = field(p, 'port');
      return { service: `${typeof ns === 'string' && ns !== '' ? ns : namespace}/${field(p, 'name') as string}`, ...(isPortNumber(port) ? { port } : {}) };
    });
  if (!toGateway && meshParents.length === 0) return { backends: [] };
  // a ListenerSet's listeners are not read: a route with one among its parents is taken as attached
  const gateways = parents.some((p) => parentOf(p) === 'listenerSet')
    ? undefined
    : parents
        .filter((p) => parentOf(p) === 'gateway' && typeof field(p, 'name') === 'string')
        .map((p): GatewayParent => {
          const ns = field(p, 'namespace');
          const section = field(p, 'sectionName');
          const port = field(p, 'port');
          return { namespace: typeof ns === 'string' && ns !== '' ? ns : namespace, name: field(p, 'name') as string, ...(typeof section === 'string' && section !== '' ? { sectionName: section } : {}), ...(isPortNumber(port) ? { port } : {}) };
        });
  const backends: RouteBackend[] = [];
  const add = (ref: unknown, what: string) => {
    const line = obj.lineOf(ref) ?? obj.line;
    if (!isRecord(ref)) throw new InvalidObject(`${what} must be a mapping`, line);
    const group = ref['group'] ?? '';
    const kind = ref['kind'] ?? 'Service';
    // the routes' CRDs refuse a Service without port (BackendRef's rule: Must have port for Service reference), weight 0 or not
    if (group === '' && kind === 'Service' && (ref['port'] === undefined || ref['port'] === null)) {
      throw new InvalidObject(`${what} names a Service without a port, which the API server refuses (Must have port for Service reference)`, line);
    }
    if (ref['weight'] === 0) return;
    const name = ref['name'];
    if (typeof name !== 'string' || name === '') throw new InvalidObject(`${what} needs a name`, line);
    const ns = typeof ref['namespace'] === 'string' && ref['namespace'] !== '' ? ref['namespace'] : namespace;
    // an implementation's own backend (Envoy Gateway's Backend, a ServiceImport): where it leads is not modelled, and said
    if (group !== '' || kind !== 'Service') {
      backends.push({ namespace: ns, service: name, other: `${String(kind)}${group !== '' ? ` of ${String(group)}` : ''}`, line });
      return;
    }
    const port = portNumber(ref['port'], `${what}.port`, line);
    backends.push({ namespace: ns, service: name, ...(port !== undefined ? { port } : {}), line });
  };
  const mirrors = (filters: unknown, what: string) =>
    (Array.isArray(filters) ? filters : []).forEach((f, k) => {
      if (field(f, 'type') === 'RequestMirror' && field(f, 'requestMirror', 'backendRef') !== undefined) add(field(f, 'requestMirror', 'backendRef'), `${what}[${k}].requestMirror.backendRef`);
      // the proxy sends each request's details to an ExternalAuth filter's backend (HTTPExternalAuthFilter)
      if (field(f, 'type') === 'ExternalAuth' && field(f, 'externalAuth', 'backendRef') !== undefined) add(field(f, 'externalAuth', 'backendRef'), `${what}[${k}].externalAuth.backendRef`);
    });
  (optionalList(spec, 'rules') ?? []).forEach((rule, i) => {
    mirrors(field(rule, 'filters'), `spec.rules[${i}].filters`);
    (optionalList(rule, 'backendRefs') ?? []).forEach((ref, j) => {
      add(ref, `spec.rules[${i}].backendRefs[${j}]`);
      // a backend's own filters mirror only the requests sent to it: none where its weight is 0
      if (field(ref, 'weight') !== 0) mirrors(field(ref, 'filters'), `spec.rules[${i}].backendRefs[${j}].filters`);
    });
  });
  const mesh = meshParents.length > 0 ? { mesh: { parents: meshParents, backends } } : {};
  if (!toGateway) return { backends: [], ...mesh };
  // HTTPRoutes, GRPCRoutes and TLSRoutes name hostnames (TCPRoutes and UDPRoutes have none)
  const hostnames = obj.kind === 'TCPRoute' || obj.kind === 'UDPRoute' ? [] : (optionalList(spec, 'hostnames') ?? []).filter((h): h is string => typeof h === 'string' && h !== '');
  return { backends, ...(gateways ? { gateways } : {}), ...(hostnames.length > 0 ? { hostnames } : {}), ...mesh };
}

/**
 * The route kinds a listener of a protocol of the Gateway API's own
 * accepts where its allowedRoutes lists none (gateway-api.sigs.k8s.io/
 * reference/spec/#allowedroutes: "When unspecified or empty, the kinds of
 * Routes selected are determined using the Listener protocol"; the
 * conformance tests refuse a TLSRoute on an HTTP or HTTPS listener, a
 * TCPRoute on a listener not TCP): HTTP and HTTPS take HTTPRoutes and
 * GRPCRoutes, TLS TLSRoutes (and TCPRoutes, where it terminates TLS), TCP
 * TCPRoutes, UDP UDPRoutes.
 */
const PROTOCOL_KINDS: Readonly<Record<string, readonly string[]>> = {
  HTTP: ['HTTPRoute', 'GRPCRoute'],
  HTTPS: ['HTTPRoute', 'GRPCRoute'],
  TLS: ['TLSRoute', 'TCPRoute'],
  TCP: ['TCPRoute'],
  UDP: ['UDPRoute'],
};

/**
 * Reads a Gateway's listeners: name, port and which routes each accepts
 * (allowedRoutes; https://gateway-api.sigs.k8s.io/reference/spec/#listener).
 * A listener whose allowedRoutes cannot be read accepts every route, so
 * that no path from outside is left out.
 */
export function readGateway(obj: RawObject, defaultNamespace: string): Gateway {
  const { name, namespace } = metadata(obj, defaultNamespace);
  const listeners: GatewayListener[] = [];
  for (const l of optionalList(obj.body['spec'], 'listeners') ?? []) {
    const listenerName = field(l, 'name');
    const port = field(l, 'port');
    if (typeof listenerName !== 'string' || !isPortNumber(port)) continue;
    const from = field(l, 'allowedRoutes', 'namespaces', 'from') ?? 'Same';
    let namespaces: GatewayListener['namespaces'] = 'All';
    if (from === 'Same') namespaces = 'Same';
    else if (from === 'Selector') {
      const selector = parseSelector(field(l, 'allowedRoutes', 'namespaces', 'selector'));
      if (!('error' in selector)) namespaces = { selector };
    }
    // kinds listed (each with a kind) are all it accepts; none listed: those of its protocol (any, for a protocol of an implementation's own)
    const kinds = optionalList(l, 'allowedRoutes', 'kinds') ?? [];
    const listed = kinds.length > 0 && kinds.every((k) => typeof field(k, 'kind') === 'string');
    const ours = kinds.filter((k) => (field(k, 'group') ?? GATEWAY_GROUP) === GATEWAY_GROUP).map((k) => field(k, 'kind') as string);
    const byProtocol = PROTOCOL_KINDS[String(field(l, 'protocol'))];
    const hostname = field(l, 'hostname');
    listeners.push({ name: listenerName, port, namespaces, ...(listed ? { kinds: ours } : byProtocol ? { kinds: byProtocol } : {}), ...(typeof hostname === 'string' && hostname !== '' ? { hostname } : {}) });
  }
  return { namespace, name, listeners };
}

/**
 * ingress-nginx's annotations that limit an Ingress's clients by address
 * (annotations/#whitelist-source-range, allowlist-source-range, its newer
 * name, and #denylist-source-range): the address it checks is the client's
 * as the controller sees it, which depends on how traffic reaches the
 * controller, so they are not modelled, but shown with the path.
 */
const NGINX_SOURCE_RANGES = ['whitelist-source-range', 'allowlist-source-range', 'denylist-source-range'].map((a) => `nginx.ingress.kubernetes.io/${a}`);

/** Those of ingress-nginx's source range annotations an Ingress it may serve sets, as `key: value`, or undefined. */
function nginxSourceRanges(obj: RawObject): string | undefined {
  if (!maybeNginxIngress(obj)) return undefined;
  const annotations = field(obj.body, 'metadata', 'annotations');
  const set = NGINX_SOURCE_RANGES.flatMap((k) => {
    const v = field(annotations, k);
    return typeof v === 'string' && v.trim() !== '' ? [`${k.slice(k.indexOf('/') + 1)}: ${v.trim()}`] : [];
  });
  return set.length > 0 ? set.join('; ') : undefined;
}

/**
 * The Ingress classes of cloud load balancers, which send to the pods from
 * their own addresses: the AWS Load Balancer Controller's `alb`
 * (kubernetes-sigs.github.io/aws-load-balancer-controller guide/ingress/
 * annotations: target-type instance goes through the Service's node port,
 * ip to the pods, the ALB proxying either way); GKE's `gce`, `gce-internal`
 * and `gce-regional-external` (cloud.google.com/kubernetes-engine/docs/
 * concepts/ingress: Application Load Balancers, proxies, which reach the
 * pods through container-native NEGs or the nodes).
 */
const CLOUD_INGRESS_CLASSES: Readonly<Record<string, string>> = {
  alb: "the AWS Load Balancer Controller's Application Load Balancer",
  gce: "GKE's external Application Load Balancer",
  'gce-internal': "GKE's internal Application Load Balancer",
  'gce-regional-external': "GKE's regional external Application Load Balancer",
};

/** The cloud load balancer an Ingress's class (its field, or the older annotation, either of which a controller may read) names, as `key: value (what)`. */
function cloudBalancer(obj: RawObject): string | undefined {
  for (const [key, value] of [
    ['spec.ingressClassName', field(obj.body, 'spec', 'ingressClassName')],
    ['kubernetes.io/ingress.class', field(obj.body, 'metadata', 'annotations', 'kubernetes.io/ingress.class')],
  ] as const) {
    if (typeof value === 'string' && Object.hasOwn(CLOUD_INGRESS_CLASSES, value)) return `${key}: ${value}, ${CLOUD_INGRESS_CLASSES[value]}`;
  }
  return undefined;
}

/** Reads an Ingress, a Route or a Gateway API route into the Services it routes to. */
export function readIngressRoute(obj: RawObject, kind: RouteKind, defaultNamespace: string): IngressRoute {
  const { name, namespace } = metadata(obj, defaultNamespace);
  const spec = obj.body['spec'];
  if (spec !== undefined && spec !== null && !isRecord(spec)) throw new InvalidObject('spec must be a mapping');
  const read = kind === 'Ingress' ? { backends: readIngress(obj, namespace) } : kind === 'Route' ? { backends: readOpenShiftRoute(obj, namespace) } : readGatewayRoute(obj, namespace);
  const sourceRanges = kind === 'Ingress' ? nginxSourceRanges(obj) : undefined;
  const cloud = kind === 'Ingress' ? cloudBalancer(obj) : undefined;

  return {
    kind,
    namespace,
    name,
    ...read,
    ...(sourceRanges !== undefined ? { sourceRanges } : {}),
    ...(cloud !== undefined ? { cloudBalancer: cloud } : {}),
    ...(kind === 'Ingress' ? { className: ingressClassOf(obj) } : {}),
    source: { file: obj.file, line: obj.line },
  };
}

/**
 * The controllers of cloud load balancers an IngressClass may name
 * (spec.controller): the AWS Load Balancer Controller's, which serves the
 * Ingresses of any class naming it, the default class too
 * (kubernetes-sigs.github.io/aws-load-balancer-controller, guide/ingress/
 * ingress_class: spec.controller ingress.k8s.aws/alb).
 */
const CLOUD_INGRESS_CONTROLLERS: Readonly<Record<string, string>> = {
  'ingress.k8s.aws/alb': "the AWS Load Balancer Controller's Application Load Balancer",
};

/** An IngressClass: its name, the controller it names, and whether it is the default (annotation ingressclass.kubernetes.io/is-default-class: "true"). */
export interface IngressClass {
  readonly name: string;
  readonly controller?: string;
  readonly isDefault: boolean;
}

/** Reads a networking.k8s.io IngressClass. */
export function readIngressClass(obj: RawObject): IngressClass {
  const name = field(obj.body, 'metadata', 'name');
  if (typeof name !== 'string' || name === '') throw new InvalidObject('metadata.name is required');
  const controller = field(obj.body, 'spec', 'controller');
  return { name, ...(typeof controller === 'string' ? { controller } : {}), isDefault: field(obj.body, 'metadata', 'annotations', 'ingressclass.kubernetes.io/is-default-class') === 'true' };
}

/**
 * Ingresses whose IngressClass (the one they name, else the default one)
 * the manifests show to be a cloud load balancer's, marked as such (see
 * IngressRoute.cloudBalancer), where their class's name alone did not say.
 */
export function withCloudClasses(routes: readonly IngressRoute[], classes: readonly IngressClass[]): IngressRoute[] {
  if (!classes.some((c) => c.controller !== undefined && Object.hasOwn(CLOUD_INGRESS_CONTROLLERS, c.controller))) return [...routes];
  const byName = new Map(classes.map((c) => [c.name, c]));
  const defaults = classes.filter((c) => c.isDefault);
  return routes.map((r) => {
    if (r.kind !== 'Ingress' || r.cloudBalancer !== undefined || r.className === undefined) return r;
    const named = r.className === null ? undefined : byName.get(r.className);
    // with no class named, the default one applies; two defaults: either may (the API server refuses a new Ingress then)
    const candidates = r.className === null ? defaults : named ? [named] : [];
    const cloud = candidates.find((c) => c.controller !== undefined && Object.hasOwn(CLOUD_INGRESS_CONTROLLERS, c.controller));
    if (!cloud) return r;
    const how = r.className === null ? `the default IngressClass ${cloud.name}` : `IngressClass ${cloud.name}`;
    return { ...r, cloudBalancer: `${how} (controller ${cloud.controller}), ${CLOUD_INGRESS_CONTROLLERS[cloud.controller!]}` };
  });
}

/** Reads a Gateway API ReferenceGrant, keeping what it grants to Services. */
export function readReferenceGrant(obj: RawObject, defaultNamespace: string): ReferenceGrant {
  const { name, namespace } = metadata(obj, defaultNamespace);
  const spec = obj.body['spec'];
  const from = (optionalList(spec, 'from') ?? []).filter(isRecord).flatMap((f) =>
    f['group'] === GATEWAY_GROUP && typeof f['kind'] === 'string' && typeof f['namespace'] === 'string' ? [{ kind: f['kind'], namespace: f['namespace'] }] : [],
  );
  const to = (optionalList(spec, 'to') ?? []).filter(isRecord).flatMap((t) =>
    (t['group'] ?? '') === '' && t['kind'] === 'Service' ? [typeof t['name'] === 'string' && t['name'] !== '' ? { name: t['name'] } : {}] : [],
  );
  return { namespace, name, from, to };
}
