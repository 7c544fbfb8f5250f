/**
 * The text of a manifest file from its bytes, as kubectl decodes it: UTF-8,
 * unless a byte order mark says UTF-16 (little or big endian), as
 * golang.org/x/text's BOMOverride, which kubectl's file reader applies,
 * says it. A UTF-8 mark is kept (the YAML reader drops it); a UTF-16 one
 * is not part of the text. Malformed sequences become U+FFFD either way.
 */
export function decodeManifest(bytes: Uint8Array): string {
  if (bytes.length >= 2) {
    const [a, b] = [bytes[0], bytes[1]];
    if (a === 0xff && b === 0xfe) return UTF16LE.decode(bytes.subarray(2));
    if (a === 0xfe && b === 0xff) return UTF16LE.decode(swapped(bytes.subarray(2)));
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}

/**
 * Whether text read as UTF-8 may have been UTF-16 with a byte order mark:
 * both marks' bytes are malformed UTF-8, and read as two U+FFFD.
 */
export function mayBeUtf16(text: string): boolean {
  return text.charCodeAt(0) === 0xfffd && text.charCodeAt(1) === 0xfffd;
}

/** Big-endian UTF-16 as little-endian (Node.js decodes the latter without ICU); an odd last byte stays last. */
function swapped(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    out[i] = bytes[i + 1]!;
    out[i + 1] = bytes[i]!;
  }
  if (bytes.length % 2 === 1) out[bytes.length - 1] = bytes[bytes.length - 1]!;
  return out;
}

// the mark is dropped before decoding; a second one is text, as it is to kubectl
const UTF16LE = new TextDecoder('utf-16le', { ignoreBOM: true });
