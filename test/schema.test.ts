import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { parseConfig } from '../src/check/config.js';
import { describe, expect, it } from 'vitest';
import type { Schema } from '../src/report/jsonschema.js';
import { validate } from '../src/report/jsonschema.js';
import { cli, REPO } from './helpers.js';

const schema = (name: string): Schema => JSON.parse(readFileSync(join(REPO, 'schema', name), 'utf8'));

describe('JSON outputs follow their committed schemas', () => {
  it('list --format json', async () => {
    const doc = JSON.parse((await cli(['list', 'fixtures/demo', '--format', 'json'])).stdout);
    expect(validate(schema('list.schema.json'), doc)).toEqual([]);
  });

  it('list --format json --exposure', async () => {
    const doc = JSON.parse((await cli(['list', 'fixtures/demo', '--format', 'json', '--exposure'])).stdout);
    expect(doc.exposure.ingress.length).toBeGreaterThan(0);
    expect(validate(schema('list.schema.json'), doc)).toEqual([]);
  });

  it('diff --format json, with invariants', async () => {
    const doc = JSON.parse((await cli(['diff', 'fixtures/demo', 'fixtures/demo-pr', '--config', 'fixtures/demo-invariants.yml', '--format', 'json'])).stdout);
    expect(doc.changes.length).toBeGreaterThan(0);
    expect(validate(schema('report.schema.json'), doc)).toEqual([]);
  });

  it('diff --format json --exposure, with ingress objects and invariants on pods present or future', async () => {
    const doc = JSON.parse((await cli(['diff', 'fixtures/exposure/base', 'fixtures/exposure/pr', '--config', 'fixtures/exposure/config.yml', '--exposure', '--format', 'json'])).stdout);
    expect(doc.outside.length).toBeGreaterThan(0);
    expect(doc.exposure.length).toBeGreaterThan(0);
    expect(validate(schema('report.schema.json'), doc)).toEqual([]);
  });

  it('diff --format json, with Calico policies and tiers', async () => {
    const doc = JSON.parse((await cli(['diff', 'fixtures/calico/base', 'fixtures/calico/pr', '--config', 'fixtures/calico/invariants.yml', '--format', 'json'])).stdout);
    expect(doc.changes.length).toBeGreaterThan(0);
    expect(validate(schema('report.schema.json'), doc)).toEqual([]);
  });

  it('check --format json', async () => {
    const doc = JSON.parse((await cli(['check', 'fixtures/demo-pr', '--config', 'fixtures/demo-invariants.yml', '--format', 'json'])).stdout);
    expect(validate(schema('report.schema.json'), doc)).toEqual([]);
  });

  it('diff --format json with warnings introduced and existing', async () => {
    const doc = JSON.parse((await cli(['diff', 'fixtures/lint/RD103/correct.yaml', 'fixtures/lint/RD103/trap.yaml', '--format', 'json'])).stdout);
    expect(doc.warnings.introduced.length).toBeGreaterThan(0);
    expect(validate(schema('report.schema.json'), doc)).toEqual([]);
    doc.warnings.introduced[0].code = 'RD008';
    delete doc.warnings.introduced[0].object;
    expect(validate(schema('report.schema.json'), doc)).toEqual([
      '$.warnings.introduced[0]: missing "object"',
      '$.warnings.introduced[0].code: does not match ^RD1[0-9]{2}$',
    ]);
  });

  it('lint --format json', async () => {
    const doc = JSON.parse((await cli(['lint', 'fixtures/lint', '--format', 'json'])).stdout);
    expect(doc.warnings.length).toBeGreaterThan(0);
    expect(validate(schema('lint.schema.json'), doc)).toEqual([]);
  });

  it('a tampered report fails validation', async () => {
    const doc = JSON.parse((await cli(['diff', 'fixtures/demo', 'fixtures/demo-pr', '--format', 'json'])).stdout);
    expect(validate(schema('report.schema.json'), { ...doc, version: 2 })).toEqual(['$.version: must be 1']);
    doc.changes[0].type = 'opened';
    doc.summary.injected = '<script>';
    expect(validate(schema('report.schema.json'), doc)).toEqual(['$.summary.injected: not allowed', '$.changes[0].type: must be one of "added", "removed", "changed"']);
  });
});

describe('the config schema agrees with the config reader', () => {
  const config = schema('config.schema.json');

  it('the demo invariants validate', () => {
    expect(validate(config, parse(readFileSync(join(REPO, 'fixtures/demo-invariants.yml'), 'utf8')))).toEqual([]);
  });

  it('the exposure example validates: ingress-controller, anyNamespace and internet', () => {
    expect(validate(config, parse(readFileSync(join(REPO, 'fixtures/exposure/config.yml'), 'utf8')))).toEqual([]);
  });

  it('rejects what the reader rejects', () => {
    const bad = [
      { invariants: [{ name: 'x', nevr: { from: {}, to: {} } }] },
      { invariants: [{ name: 'x', never: { from: { namespace: 'a' } } }] },
      { invariants: [{ name: 'x', never: { from: { namespace: 'a' }, to: { namespace: 'b' } }, always: { from: { namespace: 'a' }, to: { namespace: 'b' } } }] },
      { invariants: [{ name: 'x', never: { from: { namespace: 'a' }, to: { namespace: 'b' }, ports: ['HTTP/80'] } }] },
      { invariants: [{ name: 'x', isolated: { workloads: { namespace: 'a' }, direction: 'up' } }] },
      { ignore: [{ code: '103' }] },
      { ignore: [{ code: 'RD008' }] },
      { targets: [{ name: 'x' }] },
      { targets: [{ name: 'x', render: 'make', paths: ['a'] }] },
      { targets: [{ name: 'x', render: 'make', prune: 'yes' }] },
      { outside: { workloads: [{ name: 'x' }] } },
      { outside: { namespaces: [{ name: 'Monitoring' }] } },
      { outside: { workloads: [{ namespace: 'a', name: 'x', ports: ['HTTP/80'] }] } },
      { outside: { operators: 'yes' } },
      { 'ingress-controller': { labels: { app: 'x' } } },
      { invariants: [{ name: 'x', never: { from: 'outside', to: { namespace: 'b' } } }] },
    ];
    for (const b of bad) expect(validate(config, b), JSON.stringify(b)).not.toEqual([]);
  });

  it("a target's own prune validates and is read", () => {
    const targets = { prune: false, targets: [{ name: 'shop', render: 'helm template shop charts/shop', namespace: 'shop', prune: true }, { name: 'platform', paths: ['platform/**'] }] };
    expect(validate(config, targets)).toEqual([]);
    const read = parseConfig(stringify(targets), 'c.yml');
    expect(read.targets.map((t) => t.prune)).toEqual([true, undefined]);
    expect(read.prune).toBeUndefined();
  });

  it('what the config declares outside the manifests validates', () => {
    const outside = {
      outside: {
        namespaces: [{ name: 'monitoring', labels: { team: 'platform' } }],
        workloads: [{ namespace: 'monitoring', name: 'grafana', kind: 'Deployment', labels: { app: 'grafana' }, ports: [3000, 'UDP/53', { port: 9090, name: 'web', protocol: 'TCP' }] }],
        operators: false,
      },
    };
    expect(validate(config, outside)).toEqual([]);
    expect(parseConfig(stringify(outside), 'c.yml').outside?.workloads[0]?.ports).toEqual([
      { port: 3000, protocol: 'TCP' },
      { port: 53, protocol: 'UDP' },
      { port: 9090, protocol: 'TCP', name: 'web' },
    ]);
  });
});

describe('the validator', () => {
  it('refuses schemas with keywords it does not know', () => {
    expect(() => validate({ type: 'object', additionalProps: false }, {})).toThrow(/unknown keyword: "additionalProps"/);
  });

  it('checks types, bounds, patterns, oneOf and refs', () => {
    const s: Schema = { $defs: { port: { type: 'integer', minimum: 1, maximum: 65535 } }, type: 'array', items: { oneOf: [{ $ref: '#/$defs/port' }, { type: 'string', pattern: '^[a-z]+$' }] } };
    expect(validate(s, [80, 'http'])).toEqual([]);
    expect(validate(s, [0, 'HTTP', 1.5])).toEqual(['$[0]: matches 0 of the oneOf alternatives', '$[1]: matches 0 of the oneOf alternatives', '$[2]: matches 0 of the oneOf alternatives']);
  });
});
