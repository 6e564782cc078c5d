import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HubError } from '../core/errors.ts';
import { enqueueJob } from '../db/jobs.queries.ts';
import { addOperatorRepo, getStoredMasterList, removeOperatorRepo } from '../db/repos.queries.ts';
import { findRepo } from '../db/status.queries.ts';
import { requireAdmin } from './auth.ts';
import type { ServerContext } from './context.ts';
import { trackedRepo } from './lookup.ts';
import { addRepoBody, errorSchema, repoParams } from './schemas.ts';

const adminErrors = { 400: errorSchema, 401: errorSchema, 403: errorSchema, 404: errorSchema, 409: errorSchema };
const queuedSchema = z.object({ repo: z.string(), queued: z.boolean().describe('false: a sync of this repository was already pending (made sooner instead)') });

/** Asking for a sync never calls GitHub here: it queues a job the worker picks up. */
async function requestSync(ctx: ServerContext, nameKey: string): Promise<boolean> {
  return enqueueJob(ctx.db, { kind: 'sync', key: 'sync:' + nameKey, payload: { repo: nameKey }, priority: 100 });
}

async function inMasterList(ctx: ServerContext, nameKey: string): Promise<boolean> {
  const stored = await getStoredMasterList(ctx.db);
  if (!stored) return false;
  try {
    return Object.keys(JSON.parse(stored.body) as object).some((k) => k.toLowerCase() === nameKey);
  } catch {
    return false;
  }
}

export function adminRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    // onRequest: the token is checked before the body is even read.
    app.addHook('onRequest', requireAdmin(ctx));
    const security = [{ bearer: [] }];

    app.post(
      '/api/repos',
      {
        schema: {
          tags: ['admin'],
          summary: 'Track a repository the master list does not name',
          description: 'Needs Authorization: Bearer <ADMIN_TOKEN>. Queues its first sync.',
          security,
          body: addRepoBody,
          response: { 200: queuedSchema, 201: queuedSchema, ...adminErrors },
        },
      },
      async (request, reply) => {
        const fullName = request.body.full_name;
        const before = await findRepo(ctx.db, fullName.toLowerCase());
        const repo = await addOperatorRepo(ctx.db, before?.full_name ?? fullName);
        const queued = await requestSync(ctx, repo.name_key);
        reply.code(before?.active === 1 ? 200 : 201);
        return { repo: repo.full_name, queued };
      },
    );

    app.delete(
      '/api/repos/:owner/:name',
      {
        schema: {
          tags: ['admin'],
          summary: 'Stop tracking an operator-added repository (its data stays)',
          description: 'Repositories named by the master list are managed by it and answer 409.',
          security,
          params: repoParams,
          response: { 204: z.null(), ...adminErrors },
        },
      },
      async (request, reply) => {
        const repo = await trackedRepo(ctx, request.params);
        if (await inMasterList(ctx, repo.name_key)) {
          throw new HubError(409, 'managed_by_master_list', `${repo.full_name} is named by the master list; it stays tracked while the list names it`);
        }
        await removeOperatorRepo(ctx.db, repo.full_name);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/repos/:owner/:name/sync',
      {
        schema: {
          tags: ['admin'],
          summary: 'Ask the worker to sync a repository now',
          security,
          params: repoParams,
          response: { 202: queuedSchema, ...adminErrors },
        },
      },
      async (request, reply) => {
        const repo = await trackedRepo(ctx, request.params);
        const queued = await requestSync(ctx, repo.name_key);
        reply.code(202);
        return { repo: repo.full_name, queued };
      },
    );
  };
}
