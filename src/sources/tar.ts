import { createGunzip } from 'node:zlib';
import { Readable } from 'node:stream';

/**
 * Reads a gzipped tar archive as it arrives (GitHub's tarball of a commit),
 * keeping only the regular files `wanted` accepts: a repository of a
 * hundred thousand files is read in one request, and only its manifests are
 * kept in memory. Long names come from pax extended headers (GitHub's
 * archives use them) or GNU long-name entries; `strip` leading path parts
 * are dropped (GitHub's `owner-repo-sha/`).
 */
export async function readTarGz(data: Readable | Buffer, wanted: (path: string) => boolean, strip = 1): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const input = Buffer.isBuffer(data) ? Readable.from([data]) : data;
  let buffer: Buffer = Buffer.alloc(0);
  // the entry being read: how many bytes of data are left, and whether they are kept
  let left = 0;
  let padding = 0;
  let keep: { path: string; parts: Buffer[] } | undefined;
  let longName: string | undefined;
  let paxPath: string | undefined;
  let meta: { kind: 'pax' | 'long'; parts: Buffer[] } | undefined;
  let ended = false;
  const finishEntry = () => {
    if (keep) out.set(keep.path, Buffer.concat(keep.parts));
    if (meta) {
      const text = Buffer.concat(meta.parts).toString('utf8');
      if (meta.kind === 'long') longName = text.replace(/\0+$/, '');
      else paxPath = paxValue(text, 'path');
    }
    keep = undefined;
    meta = undefined;
  };
  for await (const chunk of input.pipe(createGunzip())) {
    buffer = buffer.length === 0 ? (chunk as Buffer) : Buffer.concat([buffer, chunk as Buffer]);
    while (!ended) {
      if (left > 0) {
        const take = Math.min(left, buffer.length);
        if (take === 0) break;
        (keep ?? meta)?.parts.push(buffer.subarray(0, take));
        buffer = buffer.subarray(take);
        left -= take;
        if (left > 0) break;
        finishEntry();
        continue;
      }
      if (padding > 0) {
        const take = Math.min(padding, buffer.length);
        buffer = buffer.subarray(take);
        padding -= take;
        if (padding > 0) break;
        continue;
      }
      if (buffer.length < 512) break;
      const header = buffer.subarray(0, 512);
      buffer = buffer.subarray(512);
      if (header.every((b) => b === 0)) {
        ended = true;
        break;
      }
      const size = parseInt(field(header, 124, 12).trim() || '0', 8);
      const type = String.fromCharCode(header[156]!);
      const prefix = field(header, 345, 155);
      const name = paxPath ?? longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
      left = size;
      padding = (512 - (size % 512)) % 512;
      if (type === 'x') meta = { kind: 'pax', parts: [] };
      else if (type === 'L') meta = { kind: 'long', parts: [] };
      else {
        paxPath = undefined;
        longName = undefined;
        const path = name.split('/').slice(strip).join('/');
        if ((type === '0' || type === '\0') && path !== '' && wanted(path)) keep = { path, parts: [] };
      }
      if (size === 0) finishEntry();
    }
  }
  return out;
}

/** A NUL-terminated text field of a tar header. */
function field(header: Buffer, offset: number, length: number): string {
  const raw = header.subarray(offset, offset + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? length : end).toString('utf8');
}

/** One value of a pax extended header's records (`LEN key=value\n`). */
function paxValue(text: string, key: string): string | undefined {
  let at = 0;
  while (at < text.length) {
    const space = text.indexOf(' ', at);
    if (space < 0) break;
    const length = Number(text.slice(at, space));
    if (!(length > 0)) break;
    const record = text.slice(space + 1, at + length - 1);
    const eq = record.indexOf('=');
    if (record.slice(0, eq) === key) return record.slice(eq + 1);
    at += length;
  }
  return undefined;
}
