/**
 * A client opening a Service's own address (its cluster IP, kubernetes.default's
 * 10.96.0.1) is sent on to the Service's endpoints, at their address and port,
 * before policies see the packet: "Cluster ingress and egress mechanisms often
 * require rewriting the source or destination IP of packets"
 * (kubernetes.io/docs/concepts/services-networking/network-policies/, ipBlock),
 * and cert-manager/cert-manager#5787 shows a policy admitting the API server's
 * cluster IP on 443 that does not let a webhook reach it (its endpoint,
 * 6443, is what the policy sees). An invariant over such addresses used to
 * hold either way; it now fails closed, naming the endpoints to write instead.
 */
import { describe, expect, it } from 'vitest';
import { checkManifests, cli, deployment, namespace, policy, tree } from './helpers.js';

const WEB = namespace('shop') + deployment('shop', 'web', { app: 'web' }, [{ port: 8080 }]);
const ALL_BUT_API = policy('shop', 'no-apiserver', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.96.0.1/32'] } }] }] });
const ONLY_API = policy('shop', 'apiserver', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.96.0.1/32' } }], ports: [{ port: 443, protocol: 'TCP' }] }] });
const NEVER = 'invariants:\n  - name: web never reaches the API server\n    never: { from: { workload: shop/web }, to: { cidr: 10.96.0.1/32 } }\n';
const ALWAYS = 'invariants:\n  - name: web reaches the API server\n    always: { from: { workload: shop/web }, to: { cidr: 10.96.0.1/32 }, ports: [TCP/443] }\n';

describe("invariants over Services' addresses", () => {
  it('a never invariant on the API server cluster IP fails closed where an except of it looked like a block', async () => {
    const r = await checkManifests(WEB + ALL_BUT_API, NEVER);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/10\.96\.0\.1\/32 is 10\.96\.0\.1 \(kubernetes\.default under kubeadm's default\): a client opening a Service's address is sent on to its endpoints.*or give the cluster's Service network with --service-cidr/);
  });

  it('an always invariant on it fails closed where a policy admitting the cluster IP looked like a way there', async () => {
    const r = await checkManifests(WEB + ONLY_API, ALWAYS);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/name the endpoints' addresses and ports/);
  });

  it('an address outside the Service network is checked as policies see it', async () => {
    const ext = ALL_BUT_API.replace('10.96.0.1/32', '203.0.113.7/32');
    const r = await checkManifests(WEB + ext, NEVER.replace('10.96.0.1/32', '203.0.113.7/32'));
    expect(r.code).toBe(0);
    // other addresses of the common Service networks are as often a VPC's or an office's (an RDS at 10.0.12.34 under
    // AKS's 10.0.0.0/16, a VPC of 172.20.0.0/16): checked as policies see them unless --service-cidr says they are Services'
    for (const cidr of ['10.0.12.34/32', '10.0.0.0/16', '172.20.0.0/16', '10.96.0.0/12']) {
      const vpc = await checkManifests(WEB + ALL_BUT_API.replace('10.96.0.1/32', cidr), NEVER.replace('10.96.0.1/32', cidr));
      expect(vpc.stdout).not.toMatch(/Service/);
    }
    // a wide range that holds the Service network and more is about the addresses policies see
    const wide = await checkManifests(WEB + ALL_BUT_API.replace("except: ['10.96.0.1/32']", ''), NEVER.replace('10.96.0.1/32', '10.0.0.0/8'));
    expect(wide.stdout).not.toMatch(/Service network/);
  });

  it('--service-cidr replaces the defaults, and a Service of the manifests with its own clusterIP counts wherever it lies', async () => {
    const dir = tree({ 'm.yaml': WEB + ALL_BUT_API, 'inv.yml': NEVER });
    const given = await cli(['check', dir, '--config', `${dir}/inv.yml`, '--service-cidr', '10.128.0.0/16']);
    expect(given.code).toBe(0);
    const svc = 'apiVersion: v1\nkind: Service\nmetadata: { name: api, namespace: shop }\nspec: { clusterIP: 10.96.0.1, ports: [{ port: 443 }] }\n---\n';
    const dir2 = tree({ 'm.yaml': WEB + ALL_BUT_API + svc, 'inv.yml': NEVER });
    const held = await cli(['check', dir2, '--config', `${dir2}/inv.yml`, '--service-cidr', '10.128.0.0/16']);
    expect(held.code).toBe(1);
    expect(held.stdout).toMatch(/10\.96\.0\.1\/32 is 10\.96\.0\.1 \(Service shop\/api\): /);
    // given, the whole network counts
    const dir3 = tree({ 'm.yaml': WEB + ALL_BUT_API, 'inv.yml': NEVER.replace('10.96.0.1/32', '10.100.5.0/24') });
    const network = await cli(['check', dir3, '--config', `${dir3}/inv.yml`, '--service-cidr', '10.96.0.0/12']);
    expect(network.code).toBe(1);
    expect(network.stdout).toMatch(/10\.100\.5\.0\/24 lies in the Service network given \(10\.96\.0\.0\/12\): /);
    // an external IP the nodes take is sent on to the endpoints as a cluster IP is
    const ext = 'apiVersion: v1\nkind: Service\nmetadata: { name: web, namespace: shop }\nspec: { selector: { app: web }, externalIPs: [203.0.113.7], ports: [{ port: 80 }] }\n---\n';
    const byExternal = await checkManifests(WEB + ALL_BUT_API.replace('10.96.0.1/32', '203.0.113.7/32') + ext, NEVER.replace('10.96.0.1/32', '203.0.113.7/32'));
    expect(byExternal.code).toBe(1);
    expect(byExternal.stdout).toMatch(/203\.0\.113\.7\/32 is 203\.0\.113\.7 \(Service shop\/web\): /);
    const bad = await cli(['check', dir, '--config', `${dir}/inv.yml`, '--service-cidr', '10.128.0.0/33']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--service-cidr/);
  });
});
