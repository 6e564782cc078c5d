import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { HubError } from '../core/errors.ts';
import type { RepoEntry, ScoredPullEntry } from '../core/scoring/entries.ts';
import { worded, wordedRepoEntry } from '../core/scoring/reason-text.ts';
import { policyDocument, policyOfRepo } from '../core/scoring/repo-policy.ts';
import { round2 } from '../core/subnet/round.ts';
import { listMinerSummaries, loginSeen, officialStandings, pullScoreOf, standingsOfLogin } from '../db/scoring.queries.ts';
import type { ServerContext } from './context.ts';
import { etagOfBody, notModified as sendNotModified } from './etag.ts';
import { pullOf, trackedRepo } from './lookup.ts';
import { errors, itemParams, noQuery, notModified, repoParams } from './schemas.ts';
import { minerPageSchema, minerParams, minersQuery, minerStandingSchema, policySchema, pullScoreSchema } from './subnet.schemas.ts';
import { decodeMinerCursor, encodeMinerCursor } from './cursor.ts';

const JOB_NOTE = 'Read from the evaluations the scoring job stores after each sync and hourly; nothing is computed on request.';

/** The subnet routes that serve the hub's own evaluation (contract.md, "Subnet routes"). */
export function subnetRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
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
        // Stored entries carry codes; their words are filled in here (the type is the schema's).
        const repos = rows.map((r) => wordedRepoEntry(JSON.parse(r.standing) as RepoEntry)) as unknown as z.output<typeof minerStandingSchema>['repos'];
        const newest = [...rows].sort((a, b) => (a.computed_at < b.computed_at ? 1 : -1))[0];
        const body: z.output<typeof minerStandingSchema> = {
          login: newest?.login ?? login,
          github_id: rows.find((r) => r.github_id !== null)?.github_id ?? null,
          registered: rows.some((r) => r.registered === 1),
          eligible: repos.some((r) => r.eligible),
          issue_eligible: repos.some((r) => r.issue_discovery.eligible),
          total: round2(rows.reduce((s, r) => s + r.total, 0)),
          repos,
        };
        if (sendNotModified(request, reply, etagOfBody(request, body))) return reply;
        return body;
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
          summary: 'A page of authors and miners: computed total, highest first, and the official standing where known',
          description: `${JOB_NOTE} Every author in the mirror has a computed standing; official is the subnet API's own, when the hub has mirrored it.`,
          querystring: minersQuery,
          response: { 200: minerPageSchema, 304: notModified, ...errors },
        },
      },
      async (request, reply) => {
        const { limit, registered, cursor } = request.query;
        const after = decodeMinerCursor(cursor);
        const rows = await listMinerSummaries(ctx.db, { limit: limit + 1, after, registered: registered === undefined ? undefined : registered === 'true' });
        const page = rows.slice(0, limit);
        const official = await officialStandings(ctx.db, page.map((r) => r.github_id).filter((id) => id !== null));
        const byAccount = new Map<string, typeof official>();
        for (const o of official) byAccount.set(o.github_id, [...(byAccount.get(o.github_id) ?? []), o]);
        const last = page[page.length - 1];
        const body: z.output<typeof minerPageSchema> = {
          items: page.map((r) => {
            const mine = r.github_id === null ? undefined : byAccount.get(r.github_id);
            return {
              login: r.login,
              github_id: r.github_id,
              registered: r.registered === 1,
              eligible: r.eligible === 1,
              total: round2(r.total),
              repos: r.repos,
              computed_at: r.computed_at,
              official: mine
                ? {
                    uids: mine.map((m) => m.uid),
                    total_score: round2(mine.reduce((s, m) => s + m.total_score, 0)),
                    is_eligible: mine.some((m) => m.is_eligible === 1),
                    credibility: round2(Math.max(...mine.map((m) => m.credibility))),
                    evaluated_at: mine.map((m) => m.evaluated_at).filter((t) => t !== null).sort().pop() ?? null,
                  }
                : null,
            };
          }),
          next_cursor: rows.length > limit && last ? encodeMinerCursor({ total: last.total, key: last.author_key }) : null,
        };
        if (sendNotModified(request, reply, etagOfBody(request, body))) return reply;
        return body;
      },
    );
  };
}
