import type { RawObject } from '../../model/objects.js';
import { InvalidObject } from '../../model/objects.js';
import type { Shape } from '../fields.js';
import { firstUnknown, METADATA } from '../fields.js';

/**
 * The fields of Calico's NetworkPolicy, GlobalNetworkPolicy and Tier
 * (projectcalico.org/v3, api/pkg/apis/projectcalico/v3 policy_common.go,
 * networkpolicy.go, globalnetworkpolicy.go, tier.go; the
 * crd.projectcalico.org/v1 form stores the same spec). A field they do not
 * have is refused under kubectl's strict field validation, by Calico's API
 * server and by the CRD's schema alike: a typo such as `destinaton:` leaves
 * no rule that matches every destination, as a loose reading would.
 * `domains` is Calico Enterprise's DNS policy: known, and noted where read.
 */
const SERVICES: Shape = { name: 'leaf', namespace: 'leaf' };
const SERVICE_ACCOUNTS: Shape = { names: 'leaf', selector: 'leaf' };
const ENTITY: Shape = {
  nets: 'leaf',
  notNets: 'leaf',
  selector: 'leaf',
  notSelector: 'leaf',
  namespaceSelector: 'leaf',
  services: SERVICES,
  ports: 'leaf',
  notPorts: 'leaf',
  serviceAccounts: SERVICE_ACCOUNTS,
  domains: 'leaf',
};
const ICMP: Shape = { type: 'leaf', code: 'leaf' };
const RULE: Shape = {
  action: 'leaf',
  ipVersion: 'leaf',
  protocol: 'leaf',
  notProtocol: 'leaf',
  icmp: ICMP,
  notICMP: ICMP,
  source: ENTITY,
  destination: ENTITY,
  http: { methods: 'leaf', paths: [{ exact: 'leaf', prefix: 'leaf' }] },
  metadata: { annotations: 'leaf' },
};
const POLICY_SPEC: Shape = {
  order: 'leaf',
  tier: 'leaf',
  selector: 'leaf',
  types: 'leaf',
  ingress: [RULE],
  egress: [RULE],
  serviceAccountSelector: 'leaf',
  performanceHints: 'leaf',
};

const SHAPES: Readonly<Record<'NetworkPolicy' | 'GlobalNetworkPolicy' | 'Tier', Shape>> = {
  NetworkPolicy: { apiVersion: 'leaf', kind: 'leaf', metadata: METADATA, spec: POLICY_SPEC, status: 'leaf' },
  GlobalNetworkPolicy: {
    apiVersion: 'leaf',
    kind: 'leaf',
    metadata: METADATA,
    spec: { ...POLICY_SPEC, namespaceSelector: 'leaf', doNotTrack: 'leaf', preDNAT: 'leaf', applyOnForward: 'leaf' },
    status: 'leaf',
  },
  Tier: { apiVersion: 'leaf', kind: 'leaf', metadata: METADATA, spec: { order: 'leaf', defaultAction: 'leaf' }, status: 'leaf' },
};

/** Throws, as the API server refuses the object, when a Calico policy or tier has a field its schema does not. */
export function checkCalicoFields(obj: RawObject, kind: keyof typeof SHAPES): void {
  const found = firstUnknown(obj, obj.body, SHAPES[kind]);
  if (found) {
    throw new InvalidObject(
      `unknown field "${found.path.join('.')}": the API server refuses the object (kubectl's strict field validation), so the ${kind === 'Tier' ? 'tier' : 'policy'} never reaches the cluster`,
      found.line,
    );
  }
}
