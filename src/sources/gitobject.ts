import { createHash } from 'node:crypto';

/** Git's object name of a blob: what the tree lists, so that bytes from elsewhere can be checked against it. */
export function gitBlobId(bytes: Buffer, length = 40): string {
  const hash = createHash(length === 64 ? 'sha256' : 'sha1');
  hash.update(`blob ${bytes.length}\0`);
  hash.update(bytes);
  return hash.digest('hex');
}
