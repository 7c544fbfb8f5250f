/**
 * The md tables of reach from outside the cluster and of exposure to pods
 * the manifests do not hold, with --exposure.
 */
import { describe, expect, it } from 'vitest';
import { deployment, diffManifests, namespace, policy } from './helpers.js';

const CONFIG = `ingress-controller:
  namespace: ingress-nginx
  labels: { app.kubernetes.io/name: ingress-nginx }
`;

const WEB = namespace('shop') + deployment('shop', 'web', { app: 'web' }, [{ name: 'http', port: 8080 }, { name: 'admin', port: 9090 }]);
const SERVICE = `apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec:
  selector: { app: web }
  ports: [ { name: http, port: 80, targetPort: http }, { name: admin, port: 9090, targetPort: admin } ]
---
`;
const INGRESS = `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web, namespace: shop }
spec:
  rules:
    - host: shop.example.com
      http:
        paths:
          - { path: /, pathType: Prefix, backend: { service: { name: web, port: { number: 80 } } } }
          - { path: /admin, pathType: Prefix, backend: { service: { name: web, port: { number: 9090 } } } }
---
`;
const fromIngress = (ports: number[]) =>
  policy('shop', 'web-from-ingress', {
    podSelector: { matchLabels: { app: 'web' } },
    ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: ports.map((port) => ({ port })) }],
  });

/** The rows of the md table whose header ends with `header`. */
function rows(md: string, header: string): string[] {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.startsWith('| |') && l.endsWith(header));
  if (start < 0) return [];
  const out: string[] = [];
  // the files are in a temporary directory: their paths from it
  for (let i = start + 2; i < lines.length && lines[i]!.startsWith('|'); i++) out.push(lines[i]!.replace(/\/\S*?reachdiff-diff-[^/]+\//g, ''));
  return out;
}

describe('the rules shown beside outside reach and exposure', () => {
  it('are the rules that allow what the row has, with their ports, at head: not what closed the rest', async () => {
    const r = await diffManifests(WEB + SERVICE + INGRESS + fromIngress([8080, 9090]), WEB + SERVICE + INGRESS + fromIngress([8080]), CONFIG, ['--exposure', '--format', 'md']);
    expect(rows(r.stdout, '| Through | From | Connections | Allowed by |')).toEqual([
      '| 🟡 changed | shop/web\\[Deployment\\] | Ingress shop/web | {ingress-controller} | − TCP 9090 | shop/web-from-ingress ingress rule 0 (head/m.yaml:48): TCP 8080 |',
    ]);
    expect(rows(r.stdout, '| Direction | Pods | Connections | Allowed by |').map((l) => l.slice(l.lastIndexOf('| −')))).toEqual(['| − TCP 9090 | shop/web-from-ingress ingress rule 0 (head/m.yaml:48): TCP 8080 |']);
    expect(r.stdout).not.toContain('Rule responsible |\n| --- | --- | --- | --- | --- | --- |');
  });

  it('are those of base, said so, where the row has nothing at head', async () => {
    const r = await diffManifests(WEB + SERVICE + INGRESS + fromIngress([8080, 9090]), WEB + SERVICE + fromIngress([8080, 9090]), CONFIG, ['--exposure', '--format', 'md']);
    expect(rows(r.stdout, '| Through | From | Connections | Allowed by |')).toEqual([
      '| 🔴 no longer reachable | shop/web\\[Deployment\\] | Ingress shop/web | {ingress-controller} | TCP 8080,9090 | at base: shop/web-from-ingress ingress rule 0 (base/m.yaml:48): TCP 8080,9090 |',
    ]);
  });
});

/**
 * Opened and closed are from and to nothing, in every section, as the
 * connectivity diff's added and removed paths are (np-guard's diff-type);
 * a workload still reachable or exposed on some ports has changed.
 */
describe('opened, closed and changed in the outside-reach and exposure sections', () => {
  const icons = (md: string, header: string) => rows(md, header).map((l) => l.split(' | ')[0]!.replace(/^\| /, ''));

  it('a narrowing is changed, not "no longer exposed"', async () => {
    const r = await diffManifests(WEB + SERVICE + INGRESS + fromIngress([8080, 9090]), WEB + SERVICE + INGRESS + fromIngress([8080]), CONFIG, ['--exposure', '--format', 'md']);
    expect(icons(r.stdout, '| Through | From | Connections | Allowed by |')).toEqual(['🟡 changed']);
    expect(icons(r.stdout, '| Direction | Pods | Connections | Allowed by |')).toEqual(['🟡 changed']);
    const txt = await diffManifests(WEB + SERVICE + INGRESS + fromIngress([8080, 9090]), WEB + SERVICE + INGRESS + fromIngress([8080]), CONFIG, ['--exposure']);
    expect(txt.stdout).toMatch(/^changed: shop\/web\[Deployment\] <= ingress-nginx\/\[all pods\], ref1: TCP 8080,9090, ref2: TCP 8080 /m);
  });

  it('a widening is changed: not "newly exposed", and not "newly reachable from outside" in the verdict', async () => {
    const r = await diffManifests(WEB + SERVICE + INGRESS + fromIngress([8080]), WEB + SERVICE + INGRESS + fromIngress([8080, 9090]), CONFIG, ['--exposure', '--format', 'md']);
    expect(r.stdout).not.toContain('newly reachable from outside the cluster');
    expect(icons(r.stdout, '| Through | From | Connections | Allowed by |')).toEqual(['🟡 changed']);
    expect(icons(r.stdout, '| Direction | Pods | Connections | Allowed by |')).toEqual(['🟡 changed']);
  });

  it('a path from nothing is newly reachable, in the verdict too', async () => {
    const r = await diffManifests(WEB + SERVICE + fromIngress([8080, 9090]), WEB + SERVICE + INGRESS + fromIngress([8080, 9090]), CONFIG, ['--exposure', '--format', 'md']);
    expect(r.stdout).toContain('**🌐 1 workload newly reachable from outside the cluster: shop/web[Deployment] through Ingress shop/web on TCP 8080,9090');
    expect(icons(r.stdout, '| Through | From | Connections | Allowed by |')).toEqual(['🟢 newly reachable']);
  });
});
