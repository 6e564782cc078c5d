/**
 * The page's API types, generated from the OpenAPI document the server builds
 * from its own zod schemas (openapi-typescript), so the page and the server share
 * one source of truth for shapes without the page importing server code.
 *
 *   npm run gen:api-types     writes src/web/api/openapi.gen.ts
 *   npm run check:api-types   fails when the committed file differs from a fresh generation
 *
 * The document is built offline (openApiDocument: the real server over an empty
 * in-memory store, never listening), as `npm run openapi:write` builds it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { openApiDocument } from './openapi.write.ts';

export const API_TYPES_FILE = fileURLToPath(new URL('../web/api/openapi.gen.ts', import.meta.url));

const HEADER = `/**
 * The hub's API shapes, generated from /api/openapi.json by \`npm run gen:api-types\`
 * (src/server/api-types.ts). Do not edit: change the server's schemas and regenerate.
 */

`;

export async function generateApiTypes(): Promise<string> {
  const ast = await openapiTS(JSON.parse(JSON.stringify(await openApiDocument())) as Parameters<typeof openapiTS>[0]);
  return HEADER + astToString(ast);
}

async function main(): Promise<void> {
  const fresh = await generateApiTypes();
  if (process.argv.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(API_TYPES_FILE, 'utf8');
    } catch {
      // Missing counts as out of date.
    }
    if (committed !== fresh) {
      console.error(`src/web/api/openapi.gen.ts is not what the server's OpenAPI document generates: run npm run gen:api-types and commit the result.`);
      process.exitCode = 1;
      return;
    }
    console.log('the page\'s API types match the OpenAPI document');
    return;
  }
  writeFileSync(API_TYPES_FILE, fresh);
  console.log('wrote src/web/api/openapi.gen.ts');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
