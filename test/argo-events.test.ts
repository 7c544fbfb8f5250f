/**
 * Argo Events makes pods from its EventSources, Sensors and EventBuses,
 * with labels its controller sets over those of a template of one
 * `container`: they are not analysed (RD011), and invariants on the pods
 * of their namespace fail closed. A custom resource of any group holding
 * such a template is read as one that makes pods, and kinds of argoproj.io
 * reachdiff does not know are named in the line of ignored custom
 * resources like those of any other group.
 */
import { describe, expect, it } from 'vitest';
import { checkManifests, deployment, load, namespace, policy } from './helpers.js';

const APPS =
  namespace('argo-events') +
  deployment('argo-events', 'api', { app: 'api' }, [{ port: 8080 }]) +
  policy('argo-events', 'api', { podSelector: { matchLabels: { app: 'api' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: {} }] }] }) +
  namespace('web') +
  deployment('web', 'front', { app: 'front' });
const INVARIANTS = `invariants:
  - name: web never reaches argo-events
    never: { from: { namespace: web }, to: { namespace: argo-events } }
  - name: argo-events is isolated
    isolated: { workloads: { namespace: argo-events }, direction: ingress }
  - name: only argo-events reaches argo-events
    only: { to: { namespace: argo-events }, from: [ { namespace: argo-events } ] }
`;
const object = (kind: string, spec: string, apiVersion = 'argoproj.io/v1alpha1', name = 'webhook') => `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: { name: ${name}, namespace: argo-events }\nspec:\n${spec}---\n`;
const EVENT_SOURCE = object('EventSource', '  service: { ports: [ { port: 12000, targetPort: 12000 } ] }\n  webhook: { example: { port: "12000", endpoint: /example, method: POST } }\n');
const SENSOR = object('Sensor', '  template: { container: { resources: { requests: { cpu: 10m } } } }\n  dependencies: [ { name: dep, eventSourceName: webhook, eventName: example } ]\n  triggers: [ { template: { name: http, http: { url: "http://x/", method: POST } } } ]\n');
const kinds = (text: string) => load(APPS + text).notAnalysed.map((n) => n.kind);

describe("Argo Events' resources", () => {
  // argoproj/argo-events pkg/reconciler/eventsource/resource.go buildDeployment: a Deployment in the EventSource's
  // namespace, whose pods no policy of the manifests may select (argoproj.github.io/argo-events/concepts/event_source/)
  it('an EventSource is not analysed, and invariants on the pods of its namespace fail closed', async () => {
    expect((await checkManifests(APPS, INVARIANTS)).code).toBe(0);
    const r = await checkManifests(APPS + EVENT_SOURCE, INVARIANTS);
    expect(r.stderr).toMatch(/EventSource argo-events\/webhook \(argoproj\.io\/v1alpha1\) is not analysed: Argo Events makes pods for it[^\n]*\[RD011\]/);
    expect(r.stdout).not.toMatch(/ok\s+holds/);
    expect(r.stdout.match(/EventSource argo-events\/webhook: not analysed/g)).toHaveLength(3);
    expect(r.code).toBe(1);
  });

  // pkg/reconciler/sensor/resource.go: a Sensor runs as a Deployment of its own, a source with egress to its triggers
  it('so is a Sensor', async () => {
    expect(kinds(SENSOR)).toEqual(['Sensor']);
    const r = await checkManifests(APPS + SENSOR, INVARIANTS);
    expect(r.stdout).not.toMatch(/ok\s+holds/);
  });

  // pkg/reconciler/eventbus/installer/installer.go getInstaller: nats.native and jetstream run NATS as a StatefulSet
  // (docs/eventbuses/jetstream.md); nats.exotic, jetstreamExotic and kafka name a bus that runs elsewhere
  it('an EventBus whose NATS the controller runs, and not one that names a bus running elsewhere', () => {
    expect(kinds(object('EventBus', '  jetstream: { version: 2.10.10 }\n', undefined, 'default'))).toEqual(['EventBus']);
    expect(kinds(object('EventBus', '  nats: { native: { replicas: 3 } }\n', undefined, 'default'))).toEqual(['EventBus']);
    expect(kinds(object('EventBus', '  nats: { exotic: { url: "nats://nats.infra:4222" } }\n', undefined, 'default'))).toEqual([]);
    expect(kinds(object('EventBus', '  jetstreamExotic: { url: "nats://nats.infra:4222" }\n', undefined, 'default'))).toEqual([]);
    expect(kinds(object('EventBus', '  kafka: { url: "kafka.infra:9092" }\n', undefined, 'default'))).toEqual([]);
  });
});

describe('a template of one container', () => {
  // Argo Events' types write a pod template as { metadata, container } (argo-events api/event-source.md, Template):
  // a resource of another group holding one is a controller's pod template too
  it('in a custom resource of a group reachdiff does not know is read as the pods its controller makes', async () => {
    const widget = object('Widget', '  template:\n    metadata: { labels: { app: widget } }\n    container: { image: example }\n', 'acme.example.com/v1', 'w');
    const cluster = load(APPS + widget);
    expect(cluster.notAnalysed.map((n) => [n.kind, n.effect?.pods?.labels])).toEqual([['Widget', { app: 'widget' }]]);
    const r = await checkManifests(APPS + widget, INVARIANTS);
    expect(r.stdout).toMatch(/FAIL violated: web never reaches argo-events/);
    expect(r.stdout).toMatch(/Widget argo-events\/w: not analysed \(it holds a pod template/);
  });
});

describe('kinds of argoproj.io reachdiff does not know', () => {
  const LINE = /^reachdiff: ignored \d+ custom resources? of (?:a kind|kinds) reachdiff does not know \(([^\n]*)\)/m;
  // argoproj.io holds Argo CD's, Rollouts', Workflows' and Events' kinds: one of none of them is not known to decide no traffic
  it('are named in the line of ignored custom resources; those it knows are not', async () => {
    const unknown = object('Gadget', '  replicas: 1\n', 'argoproj.io/v1alpha1', 'g');
    const project = `apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: { name: p, namespace: argocd }\nspec: { destinations: [ { namespace: '*', server: '*' } ] }\n---\n`;
    const r = await checkManifests(APPS + unknown + project, INVARIANTS);
    expect(r.stderr.match(LINE)?.[1]).toBe('Gadget.argoproj.io');
    expect((await checkManifests(APPS + project, INVARIANTS)).stderr).not.toMatch(LINE);
  });
});
