import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import fastifyCompress from '@fastify/compress';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Config } from '../config/config.ts';
import type { Dialect } from '../db/database.ts';
import type { StoreCheck } from '../db/store-check.ts';
import type { DB } from '../db/schema.ts';
import { searchItems, SearchWindows } from '../db/search.queries.ts';
import type { Logger } from '../logger.ts';
import { HUB_VERSION } from '../version.ts';
import { adminRoutes } from './admin.routes.ts';
import { authorRoutes } from './authors.routes.ts';
import type { ChangeNotifier } from '../db/change-notifier.ts';
import { ChangeFeed } from './change-feed.ts';
import type { ServerContext } from './context.ts';
import { brotliOptions, COMPRESS_THRESHOLD, ENCODINGS } from './compression.ts';
import { clientErrorHandler, frameworkErrors, installErrorHandlers } from './errors.ts';
import { eventRoutes } from './events.routes.ts';
import { healthRoutes } from './health.routes.ts';
import { issueRoutes } from './issues.routes.ts';
import { LoopDelayMonitor } from './loop-delay.ts';
import { Metrics } from './metrics.ts';
import { metricsRoutes } from './metrics.routes.ts';
import { openApiRoutes, registerOpenApi } from './openapi.ts';
import { pullRoutes } from './pulls.routes.ts';
import { repoPayRoutes } from './repo-pay.routes.ts';
import { repoRoutes } from './repos.routes.ts';
import { SearchPool } from './search-pool.ts';
import { buildListPage } from './list-build.ts';
import { StoreHealth } from './store-health.ts';
import { searchRoutes } from './search.routes.ts';
import { registerSecurity } from './security.ts';
import { SlowRequestLog, type SlowRequestOptions } from './slow-requests.ts';
import { collisionRoutes } from './collisions.routes.ts';
import { dashboardRoutes } from './dashboard.routes.ts';
import { minersCsvRoutes } from './miners-csv.routes.ts';
import { statusRoutes } from './status.routes.ts';
import { minerProjectionRoutes } from './miner-projection.routes.ts';
import { subnetDriftRoutes } from './subnet-drift.routes.ts';
import { subnetRoutes } from './subnet.routes.ts';
import { DEFAULT_WEB_ROOT, registerWeb } from './web.routes.ts';

export type HubServer = FastifyInstance<Server, IncomingMessage, ServerResponse, FastifyBaseLogger, ZodTypeProvider>;

export interface ServerDeps {
  db: Kysely<DB>;
  dialect: Dialect;
  config: Config;
  logger: Logger;
  /** How often /api/events looks for new changes (default 1 s) when no notifier is given. */
  eventsPollMs?: number;
  /** What wakes /api/events on new changes (`start` passes LISTEN/NOTIFY on PostgreSQL); default: polling. */
  changeNotifier?: ChangeNotifier;
  eventsHeartbeatMs?: number;
  /** How many missed changes /api/events replays to a resuming client before it sends `reset` (default 2,000). */
  eventsReplayLimit?: number;
  /** The built page; null serves the API only. Default: src/web/dist when it exists. */
  webRoot?: string | null;
  /**
   * The SQLite file behind `db`: when given, searches run on a pool of threads with
   * read-only connections of their own instead of on the event loop.
   */
  databasePath?: string | null;
  /** Slow-request summary: threshold and interval (defaults 250 ms and 60 s). */
  slowRequests?: Partial<SlowRequestOptions>;
  /** Epoch milliseconds, for freshness figures (tests move time). */
  now?: () => number;
  /** The integrity check made at start (`/api/health` reports it). */
  storeCheck?: StoreCheck | null;
}

// A request slower than this is news (handlers are bounded reads); they are logged as
// one summary per interval, so a burst under load is a line, not thousands.
const SLOW_REQUEST_MS = 250;
const SLOW_SUMMARY_MS = 60_000;

/**
 * Builds the HTTP server. Every route only reads from the store: sync and link
 * work happen in the worker process, never here, and no route calls GitHub.
 */
export async function buildServer(deps: ServerDeps): Promise<HubServer> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    // Per-request lines would drown the log; onResponse below records numbers and summarises slow requests.
    logController: new LogController({ disableRequestLogging: true }),
    // Bounded input: long query strings and bodies are refused before any handler runs.
    bodyLimit: 64 * 1024,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    frameworkErrors,
    clientErrorHandler,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandlers(app);

  const loopDelay = new LoopDelayMonitor();
  const storeHealth = new StoreHealth(deps.storeCheck ?? null);
  app.addHook('onError', async (_request, _reply, err) => storeHealth.noticeError(err));
  const metrics = new Metrics();
  const feed = new ChangeFeed(deps.db, deps.logger, {
    pollMs: deps.eventsPollMs ?? 1000,
    notifier: deps.changeNotifier,
    heartbeatMs: deps.eventsHeartbeatMs ?? 15_000,
    maxBufferedBytes: 256 * 1024,
    backlogLimit: deps.eventsReplayLimit ?? 2000,
  });
  // Open event streams would hold close() forever: end them first.
  app.addHook('preClose', async () => feed.close());
  const slow = new SlowRequestLog(deps.logger, { thresholdMs: SLOW_REQUEST_MS, intervalMs: SLOW_SUMMARY_MS, ...deps.slowRequests });
  app.addHook('onClose', async () => loopDelay.stop());
  app.addHook('onClose', async () => slow.close());
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.observeRequest(route, request.method, reply.statusCode, reply.elapsedTime / 1000);
    // An event stream stays open by design: its length is not slowness.
    if (route !== '/api/events') slow.record(route, request.method, request.url, reply.elapsedTime, reply.statusCode);
  });

  const pool = deps.databasePath ? new SearchPool(deps.databasePath) : null;
  if (pool) app.addHook('onClose', async () => pool.close());
  // Inline searches (PostgreSQL, and SQLite without a file path) keep their ranked windows here; the pool's threads keep their own.
  const windows = new SearchWindows();
  const ctx: ServerContext = {
    db: deps.db,
    search: pool ? (spec) => pool.search(spec) : (spec) => searchItems(deps.db, spec, windows),
    buildList: pool ? (job) => pool.list(job) : (job) => buildListPage(deps.db, job),
    dialect: deps.dialect,
    config: deps.config,
    demo: deps.config.demo,
    version: HUB_VERSION,
    loopDelay,
    metrics,
    storeHealth,
    now: deps.now ?? Date.now,
  };

  await registerSecurity(app);
  // Compression as compression.ts sets it (answers kept by answer-cache.ts arrive already
  // encoded and pass through). Before the routes and the page's static files, as the plugin
  // requires. /api/events takes over its reply and is never buffered or compressed.
  await app.register(fastifyCompress, { global: true, globalDecompression: false, threshold: COMPRESS_THRESHOLD, encodings: [...ENCODINGS], brotliOptions });
  await registerOpenApi(app, HUB_VERSION);
  await app.register(healthRoutes(ctx));
  await app.register(repoRoutes(ctx));
  await app.register(issueRoutes(ctx));
  await app.register(pullRoutes(ctx));
  await app.register(authorRoutes(ctx));
  await app.register(searchRoutes(ctx));
  await app.register(subnetRoutes(ctx));
  await app.register(minerProjectionRoutes(ctx));
  await app.register(repoPayRoutes(ctx));
  await app.register(statusRoutes(ctx));
  await app.register(dashboardRoutes(ctx));
  await app.register(minersCsvRoutes(ctx));
  await app.register(collisionRoutes(ctx));
  await app.register(subnetDriftRoutes(ctx));
  await app.register(eventRoutes(ctx, feed));
  await app.register(metricsRoutes(ctx, feed));
  await app.register(adminRoutes(ctx));
  await app.register(openApiRoutes);
  // The page comes last: API routes always win over file names.
  await registerWeb(app, deps.webRoot === undefined ? DEFAULT_WEB_ROOT : deps.webRoot);
  return app;
}
