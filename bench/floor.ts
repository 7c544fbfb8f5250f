/**
 * The parse floor: reads and parses the manifests under the given
 * directories with the project's parser, and does nothing else. What the
 * CLI takes beyond this is the cost of the analysis and the output.
 */
import { DEFAULT_LIMITS, MAX_READ_BYTES, parseDocuments } from '../src/input/yaml/documents.js';
import { listManifestFiles, readManifestFiles } from '../src/sources/directory.js';

let documents = 0;
let errors = 0;
for (const dir of process.argv.slice(2)) {
  const { files } = listManifestFiles([dir]);
  for (const f of readManifestFiles(files, { maxFileBytes: MAX_READ_BYTES })) {
    if ('error' in f) continue;
    const parsed = parseDocuments(f.text, f.path, DEFAULT_LIMITS);
    documents += parsed.documents.length;
    errors += parsed.diagnostics.length;
  }
}
process.stdout.write(`${documents} documents, ${errors} errors\n`);
