import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { z } from 'zod';
import { HubError } from '../core/errors.ts';
import { fixedNumber } from '../core/subnet/round.ts';
import { parseCurve, PROJECTION_DAYS } from '../core/scoring/curve.ts';
import { projectMinerPay, type KnownPrices, type PayPoint } from '../core/scoring/miner-projection.ts';
import { policyOfRepo } from '../core/scoring/repo-policy.ts';
import type { RepoPolicy } from '../core/subnet/policy.ts';
import { activeRepoSums, curvesOfLogin, officialPulls, officialRepos, type CurveRow, type OfficialPullRow, type OfficialRepoRow, type RepoSumsRow } from '../db/projection.queries.ts';
import { loginSeen } from '../db/scoring.queries.ts';
import { minerIdByLogin } from '../db/score-drift.queries.ts';
import { listPrices } from '../db/subnet-state.queries.ts';
import type { SubnetPriceRow } from '../db/subnet.schema.ts';
import type { ServerContext } from './context.ts';
import { AnswerCache } from './answer-cache.ts';
import { projectionSchema } from './miner-projection.schemas.ts';
import { errors, noQuery, notModified } from './schemas.ts';
import { minerParams } from './subnet.schemas.ts';

export const PROJECTION_ASSUMPTIONS =
  'Nothing new happens: no pull request merges, closes or opens and no issue is solved; each point is the rules evaluated at that time ' +
  "(decay, the lookback window), everyone else's standings moving the same way, and today's prices.";

const fixed = (x: number | null, digits: number): number | null => (x === null ? null : fixedNumber(x, digits));
const DAY = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');


/** GET /api/miners/{login}/projection: stored curves and sums, O(repositories) on request. */
export function minerProjectionRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  const answers = new AnswerCache();
  const settings = JSON.stringify(ctx.config.subnet);
  return async (app) => {
    app.get(
      '/api/miners/:login/projection',
      {
        schema: {
          tags: ['subnet'],
          operationId: 'getMinerProjection',
          summary: "A GitHub account's projected pay per day, now and over the next 30 days as decay bites, beside the validators' own scores",
          description:
            'Read from the curves and repository sums the scoring job stores; the emission rules run over those on request, O(tracked repositories). ' +
            `${PROJECTION_ASSUMPTIONS} 404 miner_not_found for a login the hub has never seen.`,
          params: minerParams,
          querystring: noQuery,
          response: { 200: projectionSchema, 304: notModified, ...errors },
        },
      },
      async (request, reply) => {
        const { login } = request.params;
        const rows = await curvesOfLogin(ctx.db, login);
        if (rows.length === 0 && !(await loginSeen(ctx.db, login))) throw new HubError(404, 'miner_not_found', `the hub has never seen the GitHub login ${login}`);
        const priceRows = await listPrices(ctx.db);
        const sums = await activeRepoSums(ctx.db);
        const githubId = rows.find((r) => r.github_id !== null)?.github_id ?? (await minerIdByLogin(ctx.db, login));
        const offRepos = githubId ? await officialRepos(ctx.db, githubId) : [];
        const offPulls = githubId ? await officialPulls(ctx.db, githubId) : [];
        // Everything the answer is built from; the settings are the process's own.
        const inputs = JSON.stringify([login, rows, priceRows, sums, githubId, offRepos, offPulls, settings]);
        return answers.send(request, reply, projectionSchema, inputs, () => projectionBody(ctx, login, rows, priceRows, sums, githubId, offRepos, offPulls));
      },
    );
  };
}

/**
 * Policies by the entry they are parsed from: every projection reads every tracked
 * repository's, and they change only with the master list. Bounded (a changed list
 * leaves its old entries behind).
 */
const policies = new Map<string, RepoPolicy>();
function policyOf(r: RepoSumsRow): RepoPolicy {
  const key = `${r.full_name}\u0000${r.entry}`;
  let policy = policies.get(key);
  if (!policy) {
    if (policies.size >= 2000) policies.clear();
    policies.set(key, (policy = policyOfRepo(r).policy));
  }
  return policy;
}

function projectionBody(
  ctx: ServerContext,
  login: string,
  rows: readonly CurveRow[],
  priceRows: readonly SubnetPriceRow[],
  sums: readonly RepoSumsRow[],
  githubId: string | null,
  officialRepoRows: readonly OfficialRepoRow[],
  offPulls: readonly OfficialPullRow[],
): z.input<typeof projectionSchema> {
  const mine = new Map(rows.map((r) => [r.name_key, r]));
  const priceOf = new Map(priceRows.map((p) => [p.name, p.value]));
  const prices: KnownPrices = { alphaPerDay: priceOf.get('alpha_emission_per_day') ?? null, alphaTao: priceOf.get('alpha_tao') ?? null, taoUsd: priceOf.get('tao_usd') ?? null };
  const repos = sums.map((r) => {
    const policy = policyOf(r);
    const own = mine.get(r.name_key);
    return {
      repo: r.full_name,
      key: r.name_key,
      emissionShare: policy.emissionShare,
      gates: { min_merged: policy.eligibility.minValidMergedPrs, min_credibility: policy.eligibility.minCredibility, min_solved: policy.eligibility.minValidSolvedIssues, min_issue_credibility: policy.eligibility.minIssueCredibility },
      issueDiscoveryShare: policy.issueDiscoveryShare,
      maintainerCut: policy.maintainerCut,
      maintainerCutApplies: r.maintained_by_miner === 1,
      sums: parseCurve(r.curve),
      // A standing stored before the projection existed: today's totals, held flat.
      mine: own ? (parseCurve(own.projection) ?? { pr: PROJECTION_DAYS.map(() => own.total), issue: PROJECTION_DAYS.map(() => own.issue_total) }) : null,
    };
  });
  const pay = projectMinerPay(repos, ctx.config.subnet, prices);
  const newest = rows.map((r) => r.computed_at).sort().pop() ?? null;
  const start = newest ? Date.parse(newest) : ctx.now();
  // One timestamp per point of the curve, shared by the total and every repository.
  const atOf = new Map<number, string>(PROJECTION_DAYS.map((day) => [day, iso(start + day * DAY)]));
  const present = (p: PayPoint) => ({ day: p.day, at: atOf.get(p.day)!, share: fixedNumber(p.share, 8), alpha: fixed(p.alpha, 4), tao: fixed(p.tao, 4), usd: fixed(p.usd, 2) });
  const offRepos = new Map(officialRepoRows.map((o) => [o.repo_key, o]));
  const inputOf = new Map(repos.map((r) => [r.key, r]));
  const ratio = (a: number, b: number) => (b > 0 ? fixedNumber(a / b, 4) : null);
  return {
    login: rows[0]?.login ?? login,
    github_id: githubId,
    computed_at: newest,
    days: [...PROJECTION_DAYS],
    assumptions: PROJECTION_ASSUMPTIONS,
    prices: { alpha_per_day: prices.alphaPerDay, alpha_tao: prices.alphaTao, tao_usd: prices.taoUsd, known: prices.alphaPerDay !== null && prices.alphaTao !== null && prices.taoUsd !== null },
    points: pay.points.map(present),
    repos: pay.repos
      .map((rp) => {
        const key = rp.repo.toLowerCase();
        const o = offRepos.get(key);
        const input = inputOf.get(key)!;
        return {
          repo: rp.repo,
          emission_share: input.emissionShare,
          gates: input.gates,
          pr_pool_share: ratio(rp.prTotal[0]!, rp.repoPrTotal[0]!),
          issue_pool_share: ratio(rp.issueTotal[0]!, rp.repoIssueTotal[0]!),
          points: rp.points.map((p, i) => ({
            day: p.day,
            at: atOf.get(p.day)!,
            share: fixedNumber(p.share, 8),
            alpha: fixed(p.alpha, 4),
            tao: fixed(p.tao, 4),
            usd: fixed(p.usd, 2),
            pr_total: rp.prTotal[i]!,
            issue_total: rp.issueTotal[i]!,
            repo_pr_total: fixedNumber(rp.repoPrTotal[i]!, 2),
            repo_issue_total: fixedNumber(rp.repoIssueTotal[i]!, 2),
          })),
          official: o ? { total_score: o.total_score, is_eligible: o.is_eligible === 1, credibility: o.credibility, merged: o.total_merged_prs, open: o.total_open_prs } : null,
        };
      })
      .sort((a, b) => b.points[0]!.share - a.points[0]!.share || (a.repo < b.repo ? -1 : 1)),
    official_pulls: offPulls.map((p) => ({ repo: inputOf.get(p.repo_key)?.repo ?? p.repo_key, number: p.number, score: p.score, collateral: p.collateral_score })),
    official_total: offRepos.size > 0 || offPulls.length > 0 ? Number([...offRepos.values()].reduce((s, o) => s + o.total_score, 0).toFixed(2)) : null,
  };
}
