/**
 * Cilium policy objects as the property tests write them, and what the
 * sample points need of them (the ports and CIDRs they mention). Apart from
 * the reference evaluation in cilium.ts, so that evaluator.ts can read them
 * without importing the evaluation that builds on it.
 */
import type { LabelSelector } from './evaluator.js';

export interface CiliumPortSpec {
  port?: string | number;
  endPort?: number;
  protocol?: string;
}

export interface CiliumPortRuleSpec {
  ports?: CiliumPortSpec[];
  rules?: { http?: Array<Record<string, string>> };
}

export interface CiliumCidrRuleSpec {
  cidr: string;
  except?: string[];
}

/** One item of ingress, ingressDeny, egress or egressDeny; the generator uses the from* or to* fields by direction. */
export interface CiliumRuleItem {
  fromEndpoints?: LabelSelector[];
  toEndpoints?: LabelSelector[];
  fromEntities?: string[];
  toEntities?: string[];
  fromCIDR?: string[];
  toCIDR?: string[];
  fromCIDRSet?: CiliumCidrRuleSpec[];
  toCIDRSet?: CiliumCidrRuleSpec[];
  toPorts?: CiliumPortRuleSpec[];
}

export interface CiliumRuleSpec {
  endpointSelector?: LabelSelector;
  nodeSelector?: LabelSelector;
  enableDefaultDeny?: { ingress?: boolean; egress?: boolean };
  ingress?: CiliumRuleItem[];
  ingressDeny?: CiliumRuleItem[];
  egress?: CiliumRuleItem[];
  egressDeny?: CiliumRuleItem[];
}

export interface CiliumPolicyObject {
  apiVersion: 'cilium.io/v2';
  kind: 'CiliumNetworkPolicy' | 'CiliumClusterwideNetworkPolicy';
  metadata: { name: string; namespace?: string };
  spec?: CiliumRuleSpec;
  specs?: CiliumRuleSpec[];
}

export function isCilium(o: { kind: string }): o is CiliumPolicyObject {
  return o.kind === 'CiliumNetworkPolicy' || o.kind === 'CiliumClusterwideNetworkPolicy';
}

/** An IANA service name: Cilium reads such a port as a name (pkg/iana/svcname.go). */
export function isServiceName(port: string): boolean {
  return port.length <= 15 && /^([a-zA-Z0-9]-?)*[a-zA-Z](-?[a-zA-Z0-9])*$/.test(port);
}

/** A numeric port as Go's ParseUint with base 0 reads the digits: a leading 0 is octal. */
export function portValue(port: string): number | undefined {
  if (!/^[0-9]+$/.test(port)) return undefined;
  const n = port.length > 1 && port.startsWith('0') ? (/^[0-7]+$/.test(port) ? parseInt(port, 8) : NaN) : Number(port);
  return Number.isNaN(n) || n > 65535 ? undefined : n;
}

/** The sample ports a Cilium policy mentions. */
export function ciliumPorts(p: CiliumPolicyObject): number[] {
  const out: number[] = [];
  for (const rule of [...(p.spec ? [p.spec] : []), ...(p.specs ?? [])]) {
    for (const s of ['ingress', 'ingressDeny', 'egress', 'egressDeny'] as const) {
      for (const item of rule[s] ?? []) {
        for (const pr of item.toPorts ?? []) {
          for (const port of pr.ports ?? []) {
            const n = portValue(String(port.port));
            if (n !== undefined && n > 0) out.push(n);
            if (port.endPort !== undefined && port.endPort > 0) out.push(port.endPort);
          }
        }
      }
    }
  }
  return out;
}

/** The CIDRs a Cilium policy mentions. */
export function ciliumCidrs(p: CiliumPolicyObject): string[] {
  const out: string[] = [];
  for (const rule of [...(p.spec ? [p.spec] : []), ...(p.specs ?? [])]) {
    for (const s of ['ingress', 'ingressDeny', 'egress', 'egressDeny'] as const) {
      for (const item of rule[s] ?? []) {
        out.push(...(item.fromCIDR ?? []), ...(item.toCIDR ?? []));
        for (const set of [...(item.fromCIDRSet ?? []), ...(item.toCIDRSet ?? [])]) out.push(set.cidr, ...(set.except ?? []));
      }
    }
  }
  return out;
}

