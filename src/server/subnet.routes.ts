import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { HubError } from '../core/errors.ts';
import type { RepoEntry, ScoredPullEntry } from '../core/scoring/entries.ts';
import { worded, wordedRepoEntry } from '../core/scoring/reason-text.ts';
import { policyDocument, policyOfRepo } from '../core/scoring/repo-policy.ts';
import { round2 } from '../core/subnet/round.ts';
import { loginSeen, pullScoreOf, standingsOfLogin } from '../db/scoring.queries.ts';
import type { ServerContext } from './context.ts';
import { AnswerCache } from './answer-cache.ts';
import { etagOfBody, notModified as sendNotModified } from './etag.ts';
import { pullOf, trackedRepo } from './lookup.ts';
import { errors, itemParams, noQuery, notModified, repoParams } from './schemas.ts';
import { minerPageSchema, minerParams, minersQuery, minerStandingSchema, policySchema, pullScoreSchema } from './subnet.schemas.ts';
import { decodeMinerCursor, encodeMinerCursor } from './cursor.ts';
import { minerSummaries, splitFullName } from './miners.ts';

const JOB_NOTE = 'Read from the evaluations the scoring job stores after each sync and hourly; nothing is computed on request.';

/** The subnet routes that serve the hub's own evaluation (contract.md, "Subnet routes"). */
export function subnetRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  const standingAnswers = new AnswerCache();
  return async (app) => {
    app.get(
      '/api/miners/:login/standing',
      {
        schema: {
          tags: ['subnet'],
          summary: "A GitHub account's standing in every tracked repository, registered miner or not",
          description: `${JOB_NOTE} The login matches in any case. 404 miner_not_found for a login the hub has never seen; a login it has seen with nothing evaluated yet answers repos: [].`,
          params: minerParams,
          querystring: noQuery,
          response: { 200: minerStandingSchema, 304: notModified, ...errors },
        },
      },
      async (request, reply) => {
        const { login } = request.params;
        const rows = await standingsOfLogin(ctx.db, login);
        if (rows.length === 0 && !(await loginSeen(ctx.db, login))) throw new HubError(404, 'miner_not_found', `the hub has never seen the GitHub login ${login}`);
        // The answer is the stored rows worded: kept by their digest, rebuilt only when one moved.
        return standingAnswers.send(request, reply, minerStandingSchema, JSON.stringify([login, rows]), () => {
          // Stored entries carry codes; their words are filled in here (the type is the schema's).
          const repos = rows.map((r) => wordedRepoEntry(JSON.parse(r.standing) as RepoEntry)) as unknown as z.output<typeof minerStandingSchema>['repos'];
          const newest = [...rows].sort((a, b) => (a.computed_at < b.computed_at ? 1 : -1))[0];
          return {
            login: newest?.login ?? login,
            github_id: rows.find((r) => r.github_id !== null)?.github_id ?? null,
            registered: rows.some((r) => r.registered === 1),
            eligible: repos.some((r) => r.eligible),
            issue_eligible: repos.some((r) => r.issue_discovery.eligible),
            total: round2(rows.reduce((s, r) => s + r.total, 0)),
            repos,
          };
        });
      },
    );

    app.get(
      '/api/repos/:owner/:name/pulls/:number/score',
      {
        schema: {
          tags: ['subnet'],
          summary: "A pull request's entry of its author's standing, with its projection",
          description: `${JOB_NOTE} 404 pull_not_found for no such pull request; 404 score_not_computed while the scoring job has not evaluated it yet.`,
          params: itemParams,
          querystring: noQuery,
          response: { 200: pullScoreSchema, 304: notModified, ...errors },
        },
      },
      async (request, reply) => {
        const repo = await trackedRepo(ctx, request.params);
        const { number } = request.params;
        const item = await pullOf(ctx, repo, number);
        const row = await pullScoreOf(ctx.db, item.id);
        if (!row) throw new HubError(404, 'score_not_computed', `${repo.full_name}#${number} is not evaluated yet: the scoring job runs after each sync`);
        const entry = JSON.parse(row.entry) as ScoredPullEntry;
        const body: z.output<typeof pullScoreSchema> = { repo: repo.full_name, author: row.login, github_id: row.github_id, registered: row.registered === 1, computed_at: row.computed_at, ...entry, explain: worded(entry.explain) };
        if (sendNotModified(request, reply, etagOfBody(request, body))) return reply;
        return body;
      },
    );

    app.get(
      '/api/repos/:owner/:name/policy',
      {
        schema: {
          tags: ['subnet'],
          summary: "The repository's complete reward policy: every master-list field with its default filled in",
          params: repoParams,
          querystring: noQuery,
          response: { 200: policySchema, 304: notModified, ...errors },
        },
      },
      async (request, reply) => {
        const repo = await trackedRepo(ctx, request.params);
        const { policy, problem } = policyOfRepo(repo);
        const body = { repo: repo.full_name, ...policyDocument(policy), problem };
        if (sendNotModified(request, reply, etagOfBody(request, body))) return reply;
        return body;
      },
    );

    app.get(
      '/api/miners',
      {
        schema: {
          tags: ['subnet'],
          summary: 'A page of authors and miners (the leaderboard): computed total, highest first or by login, and the official standing where known',
          description: `${JOB_NOTE} Every author in the mirror has a computed standing; official is the subnet API's own, when the hub has mirrored it. With repo, totals are that repository's, and official is the subnet's per-repository score. 404 repo_not_tracked for a repository the hub does not track. GET /api/miners.csv exports every row of the same filters.`,
          querystring: minersQuery,
          response: { 200: minerPageSchema, 304: notModified, ...errors },
        },
      },
      async (request, reply) => {
        const { limit, registered, cursor, sort } = request.query;
        const after = decodeMinerCursor(cursor);
        const repo = request.query.repo ? await trackedRepo(ctx, splitFullName(request.query.repo)) : undefined;
        const { rows, items } = await minerSummaries(ctx, { registered, repo, sort }, limit + 1, after);
        const last = rows[limit - 1];
        const body: z.output<typeof minerPageSchema> = {
          items: items.slice(0, limit),
          next_cursor: rows.length > limit && last ? encodeMinerCursor({ total: last.total, key: last.author_key }) : null,
        };
        if (sendNotModified(request, reply, etagOfBody(request, body))) return reply;
        return body;
      },
    );
  };
}
