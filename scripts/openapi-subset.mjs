// Extracts the GitHub REST operations the action calls from GitHub's published
// OpenAPI description (the @octokit/openapi package) into a small committed
// file that the end-to-end tests check every request against.
//   node scripts/openapi-subset.mjs   (rewrites test/github-api/openapi-subset.json)
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export const OPERATIONS = [
  ['get', '/user'],
  ['get', '/repos/{owner}/{repo}/issues/{issue_number}/comments'],
  ['post', '/repos/{owner}/{repo}/issues/{issue_number}/comments'],
  ['patch', '/repos/{owner}/{repo}/issues/comments/{comment_id}'],
  ['get', '/repos/{owner}/{repo}/git/trees/{tree_sha}'],
  ['get', '/repos/{owner}/{repo}/git/blobs/{file_sha}'],
  ['get', '/repos/{owner}/{repo}/commits/{commit_sha}/pulls'],
  ['get', '/repos/{owner}/{repo}/git/commits/{commit_sha}'],
  ['get', '/repos/{owner}/{repo}/compare/{basehead}'],
  ['get', '/repos/{owner}/{repo}/commits/{commit_sha}/branches-where-head'],
  ['get', '/repos/{owner}/{repo}/tarball/{ref}'],
];

// the keywords the project's validator understands; annotations are dropped
const KEEP = new Set(['type', 'enum', 'properties', 'required', 'items', 'additionalProperties', 'oneOf', 'anyOf', 'minimum', 'maximum', 'minLength', 'maxLength', 'pattern', 'minItems', 'maxItems']);

function simplify(schema) {
  if (typeof schema !== 'object' || schema === null) return schema;
  if (schema.allOf) {
    // merge the parts of an allOf (GitHub uses it for object extensions)
    const merged = { type: 'object', properties: {}, required: [] };
    for (const part of schema.allOf.map(simplify)) {
      Object.assign(merged.properties, part.properties ?? {});
      merged.required.push(...(part.required ?? []));
    }
    return merged;
  }
  const out = {};
  for (const [k, v] of Object.entries(schema)) {
    if (!KEEP.has(k)) continue;
    if (k === 'properties') out.properties = Object.fromEntries(Object.entries(v).map(([p, s]) => [p, simplify(s)]));
    else if (k === 'items' || (k === 'additionalProperties' && typeof v === 'object')) out[k] = simplify(v);
    else if (k === 'oneOf' || k === 'anyOf') out[k] = v.map(simplify);
    else out[k] = v;
  }
  if (schema.nullable) return { anyOf: [out, { type: 'null' }] };
  return out;
}

export function extract(spec) {
  const operations = [];
  for (const [method, path] of OPERATIONS) {
    const op = spec.paths[path]?.[method];
    if (!op) throw new Error(`the description has no ${method.toUpperCase()} ${path}`);
    const body = op.requestBody?.content?.['application/json'];
    operations.push({
      operationId: op.operationId,
      method: method.toUpperCase(),
      path,
      parameters: (op.parameters ?? []).map((p) => ({ name: p.name, in: p.in, required: p.required === true, schema: simplify(p.schema) })),
      requestBody: body ? { required: op.requestBody.required === true, schema: simplify(body.schema) } : null,
      responses: Object.keys(op.responses).sort(),
    });
  }
  return { source: `@octokit/openapi ${spec.info.version} (${spec.openapi})`, operations };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const require = createRequire(import.meta.url);
  const file = require.resolve('@octokit/openapi/generated/api.github.com.deref.json');
  const spec = JSON.parse(readFileSync(file, 'utf8'));
  writeFileSync(new URL('../test/github-api/openapi-subset.json', import.meta.url), `${JSON.stringify(extract(spec), null, 2)}\n`);
}
