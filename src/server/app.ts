import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Config } from '../config/config.ts';
import type { Dialect } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import type { Logger } from '../logger.ts';
import { installErrorHandlers } from './errors.ts';
import { healthRoutes } from './health.routes.ts';
import { LoopDelayMonitor } from './loop-delay.ts';
import type { ServerContext } from './context.ts';
import { HUB_VERSION } from '../version.ts';

export type HubServer = FastifyInstance<Server, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

export interface ServerDeps {
  db: Kysely<DB>;
  dialect: Dialect;
  config: Config;
  logger: Logger;
}

/**
 * Builds the HTTP server. Every route only reads from the store: sync and link
 * work happen in the worker process, never here.
 */
export async function buildServer(deps: ServerDeps): Promise<HubServer> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    disableRequestLogging: true,
    // Bounded input: long query strings and bodies are refused before any handler runs.
    bodyLimit: 64 * 1024,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandlers(app);

  const loopDelay = new LoopDelayMonitor();
  app.addHook('onClose', async () => loopDelay.stop());
  const ctx: ServerContext = { db: deps.db, dialect: deps.dialect, config: deps.config, demo: deps.config.demo, version: HUB_VERSION, loopDelay };

  await app.register(healthRoutes(ctx));
  return app;
}
