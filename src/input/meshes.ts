/**
 * Objects of service meshes that reachdiff does not model, and what each
 * may do to the paths it shows.
 */
import type { RawObject } from '../model/objects.js';
import { field, isRecord } from '../model/objects.js';

/** Istio's root namespace: a policy there applies to the whole mesh (the default of meshConfig.rootNamespace). */
export const ISTIO_ROOT_NAMESPACE = 'istio-system';

/**
 * Whether an Istio object may refuse traffic: a PeerAuthentication only in
 * STRICT mode, for the workload or a port (PERMISSIVE takes plaintext too,
 * DISABLE and UNSET refuse nothing); an AuthorizationPolicy unless its
 * action is AUDIT, which only logs (istio.io reference: peer_authentication,
 * authorization-policy).
 */
export function istioRefuses(obj: RawObject): boolean {
  if (obj.kind === 'PeerAuthentication') {
    const ports = field(obj.body, 'spec', 'portLevelMtls');
    const modes = [field(obj.body, 'spec', 'mtls', 'mode'), ...(isRecord(ports) ? Object.values(ports).map((p) => field(p, 'mode')) : [])];
    return modes.includes('STRICT');
  }
  return obj.kind !== 'AuthorizationPolicy' || field(obj.body, 'spec', 'action') !== 'AUDIT';
}
