import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, type FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorSchema, noQuery } from './schemas.ts';

/**
 * The OpenAPI description is generated from the same zod schemas that validate
 * requests and serialise answers, so it cannot drift from what the server does.
 * Registered before any route: @fastify/swagger collects routes as they are added.
 */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'SN74 Hub API',
        version,
        description:
          'A mirror of the issues and pull requests of the repositories Gittensor (Bittensor subnet 74) tracks. Every answer ' +
          'comes from the hub\'s own store; no route calls GitHub. Errors: {"error":{"code","message"}}.',
      },
      servers: [{ url: '/', description: 'The hub that serves this document (same origin)' }],
      // Read routes need no credentials; the write routes declare the bearer scheme themselves.
      security: [],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN, for the write routes' } } },
      tags: [
        { name: 'repositories', description: 'Tracked repositories, their counts and sync state' },
        { name: 'issues', description: 'Issues, with the pull requests that close them' },
        { name: 'pulls', description: 'Pull requests, with the issues they close' },
        { name: 'authors', description: "An author's items in a repository" },
        { name: 'search', description: 'Full-text search over titles and bodies' },
        { name: 'events', description: 'Server-sent events: items created, updated, gone' },
        { name: 'status', description: 'Health, sync status, metrics and this description' },
        { name: 'subnet', description: "Gittensor's rewards: the hub's standings, pull request scores and projections, and the official scores beside them" },
        { name: 'admin', description: 'Write routes (ADMIN_TOKEN)' },
      ],
    },
    transform: (input) => {
      const out = jsonSchemaTransform(input);
      const schema = out.schema as Record<string, unknown>;
      schema.operationId ??= operationId(String(input.route.method), input.url);
      return out;
    },
    transformObject: (input) => {
      const doc = jsonSchemaTransformObject(input);
      withoutUnusedSchemas(doc as unknown as OpenApiDocument);
      return doc;
    },
  });
}

// Stable names for clients generated from the document (the page's API types among them).
const OPERATION_IDS: Record<string, string> = {
  'GET /api/health': 'getHealth',
  'GET /api/repos': 'listRepos',
  'POST /api/repos': 'addRepo',
  'GET /api/repos/:owner/:name': 'getRepo',
  'DELETE /api/repos/:owner/:name': 'removeRepo',
  'POST /api/repos/:owner/:name/sync': 'requestSync',
  'GET /api/repos/:owner/:name/issues': 'listRepoIssues',
  'GET /api/repos/:owner/:name/issues/:number': 'getIssue',
  'GET /api/repos/:owner/:name/pulls': 'listRepoPulls',
  'GET /api/repos/:owner/:name/pulls/:number': 'getPull',
  'GET /api/repos/:owner/:name/authors/:login': 'getAuthor',
  'GET /api/miners/:login/standing': 'getMinerStanding',
  'GET /api/repos/:owner/:name/pulls/:number/score': 'getPullScore',
  'GET /api/repos/:owner/:name/policy': 'getRepoPolicy',
  'GET /api/miners': 'listMiners',
  'GET /api/miners.csv': 'exportMinersCsv',
  'GET /api/dashboard': 'getDashboard',
  'GET /api/repos/:owner/:name/collisions': 'listRepoCollisions',
  'GET /api/issues': 'listIssues',
  'GET /api/pulls': 'listPulls',
  'GET /api/search': 'search',
  'GET /api/sync': 'getSyncStatus',
  'GET /api/events': 'streamEvents',
  'GET /metrics': 'getMetrics',
  'GET /api/openapi.json': 'getOpenApi',
};

/** The table's name, or one derived from the method and path (`GET /api/foo/:id` → `getApiFooById`) for a route it does not list yet. */
export function operationId(method: string, url: string): string {
  const named = OPERATION_IDS[`${method} ${url}`];
  if (named) return named;
  const words = url.split(/[/.{}-]+/).filter(Boolean).map((w) => (w.startsWith(':') ? `by_${w.slice(1)}` : w));
  return [method.toLowerCase(), ...words.flatMap((w) => w.split('_'))].map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join('');
}

type OpenApiDocument = { components?: { schemas?: Record<string, unknown> } } & Record<string, unknown>;

// The zod registry yields an input and an output variant of every named schema;
// answers only use the output ones. Schemas nothing references are dropped, until
// none is left (a dropped schema may have been the only user of another). A
// schema's own `$id` names it without being a reference, so it is left out of the count.
function withoutUnusedSchemas(doc: OpenApiDocument): void {
  const schemas = doc.components?.schemas;
  if (!schemas) return;
  for (let changed = true; changed; ) {
    changed = false;
    const text = JSON.stringify({ ...doc, components: { ...doc.components, schemas: {} } }) + JSON.stringify(Object.values(schemas).map(withoutId));
    for (const name of Object.keys(schemas)) {
      if (!text.includes(`"#/components/schemas/${name}"`)) {
        delete schemas[name];
        changed = true;
      }
    }
  }
}

const withoutId = (schema: unknown) => (schema && typeof schema === 'object' ? { ...(schema as Record<string, unknown>), $id: undefined } : schema);

export const openApiRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/openapi.json',
    { schema: { tags: ['status'], summary: 'This description (OpenAPI 3.1)', querystring: noQuery, response: { 200: z.record(z.string(), z.unknown()), 400: errorSchema } } },
    async () => app.swagger() as unknown as Record<string, unknown>,
  );
};
