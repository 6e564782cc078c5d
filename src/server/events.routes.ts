import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HubError } from '../core/errors.ts';
import type { ChangeFeed } from './change-feed.ts';
import type { ServerContext } from './context.ts';
import { trackedRepos } from './lookup.ts';
import { errors, eventsQuery } from './schemas.ts';

const LAST_EVENT_ID = /^[0-9]{1,15}$/;

export function eventRoutes(ctx: ServerContext, feed: ChangeFeed): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/events',
      {
        schema: {
          tags: ['events'],
          summary: 'Server-sent events: items created, updated or gone, after each sync commit',
          description:
            'text/event-stream. Events: `ready` (data.last_event_id), `change` (id = change id; data {id, repo, number, type: issue|pull, ' +
            'kind: created|updated|gone, at}), `reset` (missed too much or history pruned: reload), `shutdown`. Comment lines every 15 s keep ' +
            'the connection open. Reconnecting with Last-Event-ID resumes after that change.',
          querystring: eventsQuery,
          headers: z.object({ 'last-event-id': z.string().optional() }).passthrough(),
          response: { 200: z.string().describe('text/event-stream'), ...errors },
        },
      },
      async (request, reply) => {
        const raw = request.headers['last-event-id'];
        if (raw !== undefined && (typeof raw !== 'string' || !LAST_EVENT_ID.test(raw.trim()))) {
          throw new HubError(400, 'invalid_last_event_id', 'Last-Event-ID must be an event id this server sent');
        }
        const repoIds = request.query.repo ? new Set((await trackedRepos(ctx, request.query.repo)).map((r) => r.id)) : null;
        reply.hijack();
        const headers: Record<string, string | number | string[]> = {};
        for (const [k, v] of Object.entries(reply.getHeaders())) if (v !== undefined) headers[k] = v as string | number | string[];
        reply.raw.writeHead(200, {
          ...headers,
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          connection: 'keep-alive',
          // Reverse proxies must pass events through as they come.
          'x-accel-buffering': 'no',
        });
        await feed.subscribe(reply.raw, { lastEventId: raw === undefined ? null : Number(raw.trim()), repoIds });
      },
    );
  };
}
