/**
 * Parse floors: a process that reads the manifests under the given
 * directories and parses them, and does nothing else. What the CLI takes
 * beyond this is the cost of the analysis and the output.
 *
 * REACHDIFF_FLOOR_MODE picks the parser: `reader` (default) the project's
 * reader, `loadall` js-yaml's plain `loadAll` of every file, `json`
 * `JSON.parse` of each line of the JSON mirror the benchmark writes.
 */
import { readFileSync } from 'node:fs';
import { loadAll } from 'js-yaml';
import { DEFAULT_LIMITS, MAX_READ_BYTES, parseDocuments } from '../src/input/yaml/documents.js';
import { listManifestFiles, readManifestFiles } from '../src/sources/directory.js';

const mode = process.env['REACHDIFF_FLOOR_MODE'] ?? 'reader';
let documents = 0;
let errors = 0;
for (const dir of process.argv.slice(2)) {
  if (mode === 'json') {
    const { files } = listManifestFiles([dir]);
    for (const file of files) {
      for (const line of readFileSync(file, 'utf8').split('\n')) if (line !== '' && JSON.parse(line) !== null) documents++;
    }
    continue;
  }
  const { files } = listManifestFiles([dir]);
  for (const f of readManifestFiles(files, { maxFileBytes: MAX_READ_BYTES })) {
    if ('error' in f) continue;
    if (mode === 'loadall') {
      // a stream of JSON objects is not one YAML document: each object is loaded alone
      const parts = /^\s*\{/.test(f.text) ? f.text.split(/\n(?=\{)/) : [f.text];
      for (const part of parts) documents += loadAll(part).length;
      continue;
    }
    const parsed = parseDocuments(f.text, f.path, DEFAULT_LIMITS);
    documents += parsed.documents.length;
    errors += parsed.diagnostics.length;
  }
}
process.stdout.write(`${documents} documents, ${errors} errors\n`);
