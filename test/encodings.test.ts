/**
 * Files in UTF-16 with a byte order mark are read as kubectl reads them
 * (its file reader decodes through golang.org/x/text's BOMOverride), from
 * every source: a directory, a git revision and a render command's output.
 * test/yaml-corpus holds such files with kubectl's values.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeManifest, mayBeUtf16 } from '../src/input/text.js';
import { cli, deployment, policy } from './helpers.js';

const LE = Buffer.from([0xff, 0xfe]);
const BE = Buffer.from([0xfe, 0xff]);

function utf16le(text: string): Buffer {
  return Buffer.concat([LE, Buffer.from(text, 'utf16le')]);
}

function utf16be(text: string): Buffer {
  return Buffer.concat([BE, Buffer.from(text, 'utf16le').swap16()]);
}

const DENY_DB = policy('shop', 'db-deny', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'] });
const APPS = deployment('shop', 'web', { app: 'web' }) + deployment('shop', 'db', { app: 'db' });

describe('decodeManifest', () => {
  it('decodes UTF-16 after either byte order mark and UTF-8 otherwise', () => {
    const text = 'a: café 😀\n';
    expect(decodeManifest(utf16le(text))).toBe(text);
    expect(decodeManifest(utf16be(text))).toBe(text);
    expect(decodeManifest(Buffer.from(text))).toBe(text);
    // a UTF-8 mark stays for the YAML reader to drop, as kubectl's
    expect(decodeManifest(Buffer.from(`\ufeff${text}`))).toBe(`\ufeff${text}`);
  });

  it('an odd last byte and a lone surrogate become U+FFFD, as Go decodes them', () => {
    expect(decodeManifest(Buffer.concat([utf16le('ab'), Buffer.from([0x41])]))).toBe('ab\ufffd');
    expect(decodeManifest(Buffer.concat([utf16be('ab'), Buffer.from([0x41])]))).toBe('ab\ufffd');
    expect(decodeManifest(Buffer.concat([LE, Buffer.from([0x3d, 0xd8, 0x41, 0x00])]))).toBe('\ufffdA');
  });

  it('UTF-16 with a mark, read as UTF-8, is told apart from ordinary text', () => {
    expect(mayBeUtf16(utf16le('a: b\n').toString('utf8'))).toBe(true);
    expect(mayBeUtf16(utf16be('a: b\n').toString('utf8'))).toBe(true);
    expect(mayBeUtf16('a: b\n')).toBe(false);
    expect(mayBeUtf16('\ufeffa: b\n')).toBe(false);
  });
});

describe('UTF-16 manifests from every source', () => {
  it('a directory: the policy in UTF-16 LE and the workloads in UTF-16 BE are analysed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reachdiff-utf16-'));
    writeFileSync(join(dir, 'apps.yaml'), utf16be(APPS));
    writeFileSync(join(dir, 'policy.yaml'), utf16le(DENY_DB));
    const r = await cli(['list', dir]);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('shop/db[Deployment] => shop/web[Deployment] : All Connections');
    expect(r.stdout).not.toContain('=> shop/db[Deployment]');
  });

  it('a git revision: a policy rewritten in UTF-16 is the same policy', async () => {
    const repo = mkdtempSync(join(tmpdir(), 'reachdiff-utf16-git-'));
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
    git('init', '-q', '-b', 'main');
    writeFileSync(join(repo, 'apps.yaml'), APPS);
    writeFileSync(join(repo, 'policy.yaml'), DENY_DB);
    git('add', '-A');
    git('commit', '-qm', 'base');
    writeFileSync(join(repo, 'policy.yaml'), utf16le(DENY_DB));
    git('commit', '-qam', 'head');
    const r = await cli(['diff', '--git', '--repo', repo, '--base-ref', 'HEAD~1', '--head-ref', 'HEAD']);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('no reachability change');
  });

  it("a render command's output", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'reachdiff-utf16-render-'));
    mkdirSync(join(dir, 'base'));
    mkdirSync(join(dir, 'head'));
    writeFileSync(join(dir, 'base', 'out.bin'), utf16le(APPS));
    writeFileSync(join(dir, 'head', 'out.bin'), utf16le(APPS + DENY_DB));
    const render = `node -e "process.stdout.write(require('fs').readFileSync('out.bin'))"`;
    const r = await cli(['diff', join(dir, 'base'), join(dir, 'head'), '--render', render]);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.stdout).toContain('diff-type: removed, source: shop/web[Deployment], destination: shop/db[Deployment]');
  });
});
