import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { HubError } from '../core/errors.ts';
import { collisionOf, solveReward } from '../core/issue-claims.ts';
import { policyOfRepo } from '../core/scoring/repo-policy.ts';
import { getItem, linkedPulls } from '../db/issues.queries.ts';
import type { ServerContext } from './context.ts';
import { etagOfBody, notModified as sendNotModified } from './etag.ts';
import { listPage, scopeOf } from './lists.ts';
import { trackedRepo } from './lookup.ts';
import { presentIssue } from './presenters.ts';
import { errors, globalIssueListQuery, issueDetailSchema, issueListQuery, issuePageSchema, itemParams, noQuery, notModified, repoParams } from './schemas.ts';

const LIST_DESCRIPTION =
  'Keyset pagination: pass next_cursor as cursor until it is null. A page may hold fewer than limit items when filters ' +
  'the sort index cannot serve leave the bounded read short; next_cursor then continues where reading stopped.';

export function issueRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/repos/:owner/:name/issues',
      {
        schema: {
          tags: ['issues'],
          summary: "A page of a repository's issues",
          description: LIST_DESCRIPTION,
          params: repoParams,
          querystring: issueListQuery,
          response: { 200: issuePageSchema, 304: notModified, ...errors },
        },
      },
      async (request, reply) => {
        const repo = await trackedRepo(ctx, request.params);
        return listPage(ctx, request, reply, 'issue', request.query, await scopeOf(ctx, repo, undefined));
      },
    );

    app.get(
      '/api/issues',
      {
        schema: {
          tags: ['issues'],
          summary: 'A page of issues across every tracked repository (or those named in repo)',
          description: LIST_DESCRIPTION,
          querystring: globalIssueListQuery,
          response: { 200: issuePageSchema, 304: notModified, ...errors },
        },
      },
      async (request, reply) => {
        const scope = await scopeOf(ctx, undefined, request.query.repo);
        return listPage(ctx, request, reply, 'issue', request.query, scope);
      },
    );

    app.get(
      '/api/repos/:owner/:name/issues/:number',
      {
        schema: {
          tags: ['issues'],
          summary: 'One issue with the pull requests that close it',
          description:
            'linked_pulls: the pull requests that claim it (open, draft, merged), earliest opened first; at most 200. collision: set when open or draft ' +
            'pull requests of two or more authors claim it. solve_reward: what solving it adds to a pull request under the repository’s rules (docs/scoring.md).',
          params: itemParams,
          querystring: noQuery,
          response: { 200: issueDetailSchema, 304: notModified, ...errors },
        },
      },
      async (request, reply) => {
        const repo = await trackedRepo(ctx, request.params);
        const { number } = request.params;
        const row = await getItem(ctx.db, repo.id, number);
        if (!row || row.is_pull === 1) {
          const why = row ? `${repo.full_name}#${number} is a pull request` : `${repo.full_name} has no issue #${number} (yet)`;
          throw new HubError(404, 'issue_not_found', why);
        }
        const links = await linkedPulls(ctx.db, repo.name_key, number);
        const labels = (JSON.parse(row.labels) as Array<{ name: string }>).map((l) => l.name);
        const body = {
          ...presentIssue(row, repo.full_name, links),
          body: row.body,
          collision: collisionOf(links),
          solve_reward: solveReward(policyOfRepo(repo).policy, { authorAssociation: row.author_association, labels }),
        };
        // A detail reads rows of other repositories (its pull requests), so its tag is its content.
        if (sendNotModified(request, reply, etagOfBody(request, body))) return reply;
        return body;
      },
    );
  };
}
