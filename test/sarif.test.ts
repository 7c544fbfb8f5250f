import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, describe, expect, it } from 'vitest';
import type { ErrorObject } from 'ajv';
import { Codes, ExpansionCodes, InputCodes, WarningCodes } from '../src/model/diagnostics.js';
import type { SarifLog, SarifResult } from '../src/render/sarif.js';
import { FINGERPRINT_KEY } from '../src/render/sarif.js';
import { CODE_HELP, INVARIANT_HELP } from '../src/report/codes.js';
import { cli, golden, REPO } from './helpers.js';

// The official schema of SARIF 2.1.0 (Errata 01, OASIS), vendored unchanged: see test/sarif/NOTICE.md.
// It is draft-04, which Ajv reads through ajv-draft-04; ajv-formats checks the uri and uri-reference formats.
const require = createRequire(import.meta.url);
const Ajv04 = require('ajv-draft-04') as new (o: object) => { compile(s: object): ((v: unknown) => boolean) & { errors?: ErrorObject[] | null } };
const addFormats = require('ajv-formats') as (ajv: object) => void;
const ajv = new Ajv04({ allErrors: true, strict: false });
addFormats(ajv);
/** The anchors GitHub makes of the README's headings. */
const anchors = [...readFileSync(join(REPO, 'README.md'), 'utf8').matchAll(/^#+ (.+)$/gm)].map((m) =>
  m[1]!
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-'),
);
const validateSarif = ajv.compile(JSON.parse(readFileSync(join(REPO, 'test', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')));

function schemaErrors(log: unknown): string[] {
  return validateSarif(log) ? [] : (validateSarif.errors ?? []).map((e) => `${e.instancePath}: ${e.message}`);
}

async function sarif(args: string[], cwd = REPO): Promise<SarifLog> {
  const { stdout, stderr } = await cli(args, cwd);
  expect(stdout, stderr).not.toBe('');
  return JSON.parse(stdout) as SarifLog;
}

const results = (log: SarifLog) => log.runs[0]!.results;
const byRule = (log: SarifLog, id: string) => results(log).filter((r) => r.ruleId === id);

const temps: string[] = [];
afterAll(() => {
  for (const t of temps) rmSync(t, { recursive: true, force: true });
});
function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'reachdiff-sarif-'));
  temps.push(dir);
  return dir;
}

describe('--format sarif follows the official SARIF 2.1.0 schema', () => {
  it('diff: failing invariants and introduced warnings', async () => {
    const log = await sarif(['diff', 'fixtures/demo', 'fixtures/demo-pr', '--config', 'fixtures/demo-invariants.yml', '--format', 'sarif']);
    expect(schemaErrors(log)).toEqual([]);
    golden('demo-diff.sarif', `${JSON.stringify(log, null, 2)}\n`);
  });

  it('check: every failing invariant is an error', async () => {
    const log = await sarif(['check', 'fixtures/demo-pr', '--config', 'fixtures/demo-invariants.yml', '--format', 'sarif']);
    expect(schemaErrors(log)).toEqual([]);
    const invariants = results(log).filter((r) => r.ruleId.startsWith('invariant/'));
    expect(invariants.length).toBeGreaterThan(0);
    expect(invariants.every((r) => r.level === 'error')).toBe(true);
  });

  it('lint: a result per warning, at its file and line', async () => {
    const log = await sarif(['lint', 'fixtures/lint', '--format', 'sarif']);
    expect(schemaErrors(log)).toEqual([]);
    const rd104 = byRule(log, 'RD104').find((r) => r.locations?.[0]?.physicalLocation.artifactLocation.uri === 'fixtures/lint/RD104/trap.yaml');
    expect(rd104?.level).toBe('warning');
    expect(rd104?.locations?.[0]?.physicalLocation.region.startLine).toBe(28);
    golden('lint-rd104.sarif', `${JSON.stringify(await sarif(['lint', 'fixtures/lint/RD104/trap.yaml', '--format', 'sarif']), null, 2)}\n`);
  });

  it('a path with spaces and characters URIs escape is a valid uri-reference', async () => {
    const dir = temp();
    cpSync(join(REPO, 'fixtures', 'lint', 'RD103', 'trap.yaml'), join(dir, 'my policies #1.yaml'));
    const log = await sarif(['lint', '.', '--format', 'sarif'], dir);
    expect(schemaErrors(log)).toEqual([]);
    expect(results(log)[0]!.locations![0]!.physicalLocation.artifactLocation.uri).toBe('my%20policies%20%231.yaml');
  });

  it('a backslash in a file name (not a separator outside Windows) stays in the name, escaped', async () => {
    const dir = temp();
    cpSync(join(REPO, 'fixtures', 'lint', 'RD103', 'trap.yaml'), join(dir, 'a\\b.yaml'));
    const log = await sarif(['lint', '.', '--format', 'sarif'], dir);
    expect(schemaErrors(log)).toEqual([]);
    expect(results(log)[0]!.locations![0]!.physicalLocation.artifactLocation.uri).toBe(process.platform === 'win32' ? 'a/b.yaml' : 'a%5Cb.yaml');
  });
});

describe('SARIF rules', () => {
  it('every RD code and invariant kind has a title, help text and a README section', () => {
    for (const code of [...Object.values(Codes), ...Object.values(InputCodes), ...Object.values(ExpansionCodes), ...Object.values(WarningCodes)]) {
      expect(CODE_HELP[code], code).toBeDefined();
      expect(CODE_HELP[code]!.what, code).toBeTruthy();
      expect(anchors, code).toContain(CODE_HELP[code]!.section);
    }
    for (const help of Object.values(INVARIANT_HELP)) expect(anchors).toContain(help.section);
  });

  it('rule ids are the RD codes and the invariant kinds, with help text and a link; results name them by id and index', async () => {
    const logs = [
      await sarif(['lint', 'fixtures/lint', '--format', 'sarif']),
      await sarif(['diff', 'fixtures/demo', 'fixtures/demo-pr', '--config', 'fixtures/demo-invariants.yml', '--format', 'sarif']),
    ];
    const ids = new Set<string>();
    for (const log of logs) {
      const rules = log.runs[0]!.tool.driver.rules as Array<{ id: string; help?: { text: string; markdown: string }; helpUri?: string; shortDescription?: { text: string } }>;
      for (const r of rules) {
        ids.add(r.id);
        expect(r.id).toMatch(/^(RD\d{3}|invariant\/(never|always|only|isolated))$/);
        expect(r.shortDescription?.text, r.id).toBeTruthy();
        expect(r.help?.markdown, r.id).toBeTruthy();
        expect(r.helpUri, r.id).toMatch(/^https:\/\/github\.com\/reachdiff\/reachdiff#[a-z-]+$/);
      }
      for (const r of results(log)) expect(rules[r.ruleIndex]!.id).toBe(r.ruleId);
      expect(new Set(results(log).map((r) => r.ruleId)).size).toBe(rules.length);
    }
    expect(ids).toContain('RD104');
    expect(ids).toContain('invariant/never');
  });
});

describe('SARIF results', () => {
  it('diff: an invariant the change breaks is an error, one already broken a warning', async () => {
    const config = join(temp(), 'invariants.yml');
    writeFileSync(
      config,
      [
        'invariants:',
        '  - name: frontend never reaches db',
        '    never: { from: { workload: staging/frontend }, to: { workload: staging/db } }',
        '  - name: toolbox never reaches db',
        '    never: { from: { workload: admin/toolbox }, to: { workload: staging/db } }',
        '',
      ].join('\n'),
    );
    const log = await sarif(['diff', 'fixtures/demo', 'fixtures/demo-pr', '--config', config, '--format', 'sarif']);
    const never = byRule(log, 'invariant/never');
    expect(never.map((r) => [r.properties?.['invariant'], r.properties?.['status'], r.level])).toEqual([
      ['frontend never reaches db', 'newly violated', 'error'],
      ['toolbox never reaches db', 'still violated', 'warning'],
    ]);
  });

  it('a failing invariant points at the rule responsible, with the invariant as a related location', async () => {
    const log = await sarif(['diff', 'fixtures/demo', 'fixtures/demo-pr', '--config', 'fixtures/demo-invariants.yml', '--format', 'sarif']);
    const r = byRule(log, 'invariant/never')[0]!;
    expect(r.locations![0]!.physicalLocation).toEqual({ artifactLocation: { uri: 'fixtures/demo-pr/policies.yaml' }, region: { startLine: 75 } });
    expect(r.message.text).toContain('rule responsible: staging/db-from-frontend ingress rule 0');
    expect(r.relatedLocations![0]).toMatchObject({ physicalLocation: { artifactLocation: { uri: 'fixtures/demo-invariants.yml' }, region: { startLine: 3 } } });
  });

  it('fingerprints survive unrelated edits that move every line', async () => {
    const before = await sarif(['diff', 'fixtures/demo', 'fixtures/demo-pr', '--config', 'fixtures/demo-invariants.yml', '--format', 'sarif']);
    const head = temp();
    cpSync(join(REPO, 'fixtures', 'demo-pr'), head, { recursive: true });
    const policies = join(head, 'policies.yaml');
    writeFileSync(policies, `# a comment added above everything\n# and another\n${readFileSync(policies, 'utf8')}`);
    const config = join(head, '..', `${head.split('/').pop()}-invariants.yml`);
    writeFileSync(config, `# moved down too\n\n${readFileSync(join(REPO, 'fixtures', 'demo-invariants.yml'), 'utf8')}`);
    temps.push(config);
    const after = await sarif(['diff', join(REPO, 'fixtures', 'demo'), head, '--config', config, '--format', 'sarif']);
    const prints = (log: SarifLog) => results(log).map((r: SarifResult) => `${r.ruleId} ${r.partialFingerprints[FINGERPRINT_KEY]}`);
    expect(prints(after)).toEqual(prints(before));
    const line = (log: SarifLog) => byRule(log, 'invariant/never')[0]!.locations![0]!.physicalLocation.region.startLine;
    expect(line(after)).toBe(line(before) + 2);
  });

  it('a warning in a rendered stream names the target and says the line is in its output', async () => {
    const [base, head] = [temp(), temp()];
    cpSync(join(REPO, 'fixtures', 'lint', 'RD103', 'correct.yaml'), join(base, 'all.yaml'));
    cpSync(join(REPO, 'fixtures', 'lint', 'RD103', 'trap.yaml'), join(head, 'all.yaml'));
    const log = await sarif(['diff', base, head, '--render', 'cat all.yaml', '--format', 'sarif']);
    expect(schemaErrors(log)).toEqual([]);
    const r = byRule(log, 'RD103')[0]!;
    expect(r.locations).toBeUndefined();
    expect(r.message.text).toMatch(/\(at line \d+ of the output of target cat all\.yaml's render\)$/);
  });

  it("with a config, a result in a target's render output points at the target, for code scanning", async () => {
    const [base, head, dir] = [temp(), temp(), temp()];
    cpSync(join(REPO, 'fixtures', 'lint', 'RD103', 'correct.yaml'), join(base, 'all.yaml'));
    cpSync(join(REPO, 'fixtures', 'lint', 'RD103', 'trap.yaml'), join(head, 'all.yaml'));
    writeFileSync(join(dir, 'reachdiff.yml'), 'targets:\n  - name: prod\n    render: cat all.yaml\n');
    const log = await sarif(['diff', base, head, '--target', 'prod', '--config', 'reachdiff.yml', '--format', 'sarif'], dir);
    expect(schemaErrors(log)).toEqual([]);
    const r = byRule(log, 'RD103')[0]!;
    expect(r.locations![0]!.physicalLocation).toEqual({ artifactLocation: { uri: 'reachdiff.yml' }, region: { startLine: 2 } });
    expect(r.message.text).toMatch(/\(at line \d+ of the output of target prod's render\)$/);
  });
});
