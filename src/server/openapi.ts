import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, type FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

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
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'ADMIN_TOKEN, for the write routes' } } },
      tags: [
        { name: 'repositories' }, { name: 'issues' }, { name: 'pulls' }, { name: 'authors' }, { name: 'search' },
        { name: 'events' }, { name: 'status' }, { name: 'admin' },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: (input) => {
      const doc = jsonSchemaTransformObject(input);
      withoutUnusedSchemas(doc as unknown as OpenApiDocument);
      return doc;
    },
  });
}

type OpenApiDocument = { components?: { schemas?: Record<string, unknown> } } & Record<string, unknown>;

// The zod registry yields an input and an output variant of every named schema;
// answers only use the output ones, so unreferenced variants are dropped.
function withoutUnusedSchemas(doc: OpenApiDocument): void {
  const schemas = doc.components?.schemas;
  if (!schemas) return;
  const text = JSON.stringify({ ...doc, components: { ...doc.components, schemas: {} } }) + JSON.stringify(schemas);
  for (const name of Object.keys(schemas)) {
    const others = text.split(`"#/components/schemas/${name}"`).length - 1;
    if (others === 0 && name.endsWith('Input')) delete schemas[name];
  }
}

export const openApiRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api/openapi.json',
    { schema: { tags: ['status'], summary: 'This description (OpenAPI 3.1)', response: { 200: z.record(z.string(), z.unknown()) } } },
    async () => app.swagger() as unknown as Record<string, unknown>,
  );
};
