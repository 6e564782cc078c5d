import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { collisionOf } from '../core/issue-claims.ts';
import { linkedPullsOfMany, multiplyClaimedIssues } from '../db/issues.queries.ts';
import type { ServerContext } from './context.ts';
import { etagOfBody, notModified as sendNotModified } from './etag.ts';
import { trackedRepo } from './lookup.ts';
import { collisionPageSchema, collisionsQuery, errors, notModified, repoParams } from './schemas.ts';

/** GET /api/repos/{owner}/{name}/collisions: open issues several miners' open pull requests claim. */
export function collisionRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/repos/:owner/:name/collisions',
      {
        schema: {
          tags: ['issues'],
          summary: 'Open issues that open or draft pull requests of two or more authors claim (collisions)',
          description:
            'Reads the open issues with two or more claiming pull requests through the linked-count index, at most 4 × limit of them, and keeps those whose ' +
            'open or draft claimers have two or more authors. 404 repo_not_tracked for a repository the hub does not track.',
          params: repoParams,
          querystring: collisionsQuery,
          response: { 200: collisionPageSchema, 304: notModified, ...errors },
        },
      },
      async (request, reply) => {
        const repo = await trackedRepo(ctx, request.params);
        const { limit } = request.query;
        const issues = await multiplyClaimedIssues(ctx.db, repo.id, 4 * limit);
        const links = await linkedPullsOfMany(ctx.db, issues.map((i) => ({ repoKey: repo.name_key, number: i.number })), 50);
        const items: z.output<typeof collisionPageSchema>['items'] = [];
        for (const i of issues) {
          const collision = collisionOf(links.get(`${repo.name_key}#${i.number}`) ?? []);
          if (collision && items.length < limit) items.push({ number: i.number, title: i.title, collision });
        }
        const body = { items, scanned: issues.length };
        if (sendNotModified(request, reply, etagOfBody(request, body))) return reply;
        return body;
      },
    );
  };
}
