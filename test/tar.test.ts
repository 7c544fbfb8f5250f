import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TreeApi, TreeEntry } from '../src/sources/github.js';
import { ARCHIVE_FROM_FILES, apiReader } from '../src/sources/github.js';
import { gitBlobId } from '../src/sources/gitobject.js';
import { readTarGz } from '../src/sources/tar.js';

const ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };

function git(repo: string, ...args: string[]): Buffer {
  return execFileSync('git', ['-C', repo, ...args], { env: ENV, maxBuffer: 1 << 28 });
}

function write(root: string, path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

/** Feeds a buffer in small pieces, as a network stream does. */
function trickle(data: Buffer, size = 37): Readable {
  const pieces: Buffer[] = [];
  for (let at = 0; at < data.length; at += size) pieces.push(data.subarray(at, at + size));
  return Readable.from(pieces);
}

// a path longer than the 100 bytes of a tar header's name field, and one longer than its 155-byte prefix too
const LONG = `deep/${'a'.repeat(60)}/${'b'.repeat(60)}/manifest.yaml`;
const LONGER = `${'d'.repeat(120)}/${'e'.repeat(120)}/${'f'.repeat(120)}.yaml`;
const UNICODE = 'apps/café/ünïcode-ñame.yaml';

let repo: string;
let sha: string;

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'reachdiff-tar-'));
  git(repo, 'init', '-q', '-b', 'main');
  write(repo, 'a.yaml', 'kind: Namespace\n');
  write(repo, 'empty.yaml', '');
  write(repo, LONG, 'long: true\n');
  write(repo, LONGER, 'longer: true\n');
  write(repo, UNICODE, 'name: café\n');
  // exactly one block, and one byte over: the padding after data is handled either way
  write(repo, 'block.yaml', 'x'.repeat(512));
  write(repo, 'over.yaml', 'y'.repeat(513));
  write(repo, 'README.md', 'not wanted');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-qm', 'files');
  sha = git(repo, 'rev-parse', 'HEAD').toString().trim();
});

describe('reading a gzipped tar archive', () => {
  it('reads what `git archive` writes (pax headers, GitHub-style top directory), in pieces', async () => {
    const archive = git(repo, 'archive', '--format=tar.gz', `--prefix=octo-shop-${sha.slice(0, 7)}/`, sha);
    const files = await readTarGz(trickle(archive), (p) => p.endsWith('.yaml'));
    expect([...files.keys()].sort()).toEqual(['a.yaml', 'block.yaml', 'empty.yaml', 'over.yaml', LONGER, LONG, UNICODE].sort());
    expect(files.get(LONG)!.toString()).toBe('long: true\n');
    expect(files.get(LONGER)!.toString()).toBe('longer: true\n');
    expect(files.get(UNICODE)!.toString()).toBe('name: café\n');
    expect(files.get('block.yaml')!.length).toBe(512);
    expect(files.get('over.yaml')!.toString()).toBe('y'.repeat(513));
    expect(files.get('empty.yaml')!.length).toBe(0);
    // every file is byte for byte the blob git holds
    for (const [path, bytes] of files) expect(gitBlobId(bytes), path).toBe(git(repo, 'rev-parse', `${sha}:${path}`).toString().trim());
  });

  it('reads GNU tar long names (L entries) and keeps only what is wanted', async () => {
    const tree = mkdtempSync(join(tmpdir(), 'reachdiff-gnutar-'));
    write(tree, `top/${LONG}`, 'long: gnu\n');
    write(tree, 'top/keep.yaml', 'keep\n');
    write(tree, 'top/drop.yaml', 'drop\n');
    const archive = gzipSync(execFileSync('tar', ['--format=gnu', '-C', tree, '-cf', '-', 'top']));
    const files = await readTarGz(archive, (p) => p !== 'drop.yaml');
    expect(files.get(LONG)?.toString()).toBe('long: gnu\n');
    expect(files.get('keep.yaml')?.toString()).toBe('keep\n');
    expect(files.has('drop.yaml')).toBe(false);
  });

  it('rejects what is not gzip', async () => {
    await expect(readTarGz(Buffer.from('<html>not an archive</html>'), () => true)).rejects.toThrow();
  });
});

/** A TreeApi over the local repository that counts its requests. */
function localApi(archive: (sha: string) => Buffer | Promise<Buffer>) {
  const calls = { tree: 0, blob: 0, tarball: 0 };
  const api: TreeApi = {
    async tree(at) {
      calls.tree++;
      const listing = git(repo, 'ls-tree', '-z', '-l', '-r', at).toString('utf8');
      const entries: TreeEntry[] = listing
        .split('\0')
        .filter(Boolean)
        .map((record) => {
          const tab = record.indexOf('\t');
          const [mode, type, oid, size] = record.slice(0, tab).split(/\s+/);
          return { path: record.slice(tab + 1), mode: mode!, type: type!, sha: oid!, size: Number(size) };
        });
      return { entries, truncated: false };
    },
    async blob(id) {
      calls.blob++;
      return git(repo, 'cat-file', 'blob', id);
    },
    async tarball(at) {
      calls.tarball++;
      return trickle(await archive(at), 4096);
    },
  };
  return { api, calls };
}

describe('reading a revision through its archive', () => {
  let many: string;
  beforeAll(() => {
    for (let i = 0; i < ARCHIVE_FROM_FILES + 20; i++) write(repo, `many/f${String(i).padStart(3, '0')}.yaml`, `index: ${i}\n`);
    // an attribute that changes the archive's copy of a file: the blob must be read instead
    write(repo, '.gitattributes', 'many/f000.yaml export-subst\nmany/f001.yaml export-ignore\n');
    write(repo, 'many/f000.yaml', 'commit: $Format:%H$\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-qm', 'many');
    many = git(repo, 'rev-parse', 'HEAD').toString().trim();
  });

  const expected = () => {
    const out = new Map<string, string>();
    for (let i = 2; i < ARCHIVE_FROM_FILES + 20; i++) out.set(`many/f${String(i).padStart(3, '0')}.yaml`, `index: ${i}\n`);
    out.set('many/f000.yaml', 'commit: $Format:%H$\n');
    out.set('many/f001.yaml', 'index: 1\n');
    return out;
  };

  it('reads many files in one request, and fetches as blobs the files the archive changes or leaves out', async () => {
    const { api, calls } = localApi((at) => git(repo, 'archive', '--format=tar.gz', '--prefix=x/', at));
    const files = await apiReader(api).files(many, (p) => p.startsWith('many/'), 1 << 20);
    expect(new Map(files.map((f) => [f.path, 'text' in f ? f.text : f.error]))).toEqual(expected());
    expect(calls.tarball).toBe(1);
    // f000 substituted, f001 left out
    expect(calls.blob).toBe(2);
  });

  it('reads blob by blob when the archive fails, and says so', async () => {
    const logged: string[] = [];
    const { api, calls } = localApi(() => Buffer.from('<html>a proxy page</html>'));
    const files = await apiReader(api, { log: (m) => logged.push(m) }).files(many, (p) => p.startsWith('many/'), 1 << 20);
    expect(new Map(files.map((f) => [f.path, 'text' in f ? f.text : f.error]))).toEqual(expected());
    expect(calls.blob).toBe(ARCHIVE_FROM_FILES + 20);
    expect(logged.join('\n')).toMatch(/archive of [0-9a-f]{40} could not be read.*one by one/);
  });

  it('never takes an archive whose file differs from the blob the tree names', async () => {
    // an archive of another commit, whose files hold other text under the same names
    const forged = mkdtempSync(join(tmpdir(), 'reachdiff-forged-'));
    for (let i = 0; i < ARCHIVE_FROM_FILES + 20; i++) write(forged, `x/many/f${String(i).padStart(3, '0')}.yaml`, `index: forged\n`);
    const { api, calls } = localApi(() => gzipSync(execFileSync('tar', ['-C', forged, '-cf', '-', 'x'])));
    const files = await apiReader(api).files(many, (p) => p.startsWith('many/'), 1 << 20);
    expect(new Map(files.map((f) => [f.path, 'text' in f ? f.text : f.error]))).toEqual(expected());
    expect(calls.blob).toBe(ARCHIVE_FROM_FILES + 20);
  });

  it('reads a few files blob by blob', async () => {
    const { api, calls } = localApi(() => {
      throw new Error('not asked');
    });
    const files = await apiReader(api).files(many, (p) => p.endsWith('.yaml') && !p.startsWith('many/'), 1 << 20);
    expect(files.length).toBe(7);
    expect(calls.tarball).toBe(0);
  });
});
