import { z } from 'zod';

/**
 * GET /api/miners/{login}/projection (docs/scoring.md, "Projection"): the miner's pay now and
 * at each point of the stored curve. Shares are fractions of the subnet's emission to 8
 * decimals; alpha and TAO to 4; dollars to 2; null where the price that converts it is unknown.
 */
const ts = z.string().describe('ISO-8601 UTC, e.g. 2024-05-01T12:00:00Z');
const money = {
  share: z.number().describe("Fraction of the subnet's emission, to 8 decimals"),
  alpha: z.number().nullable().describe('Alpha per day, to 4 decimals; null when the daily emission is unknown'),
  tao: z.number().nullable().describe('TAO per day, to 4 decimals; null when a price is unknown'),
  usd: z.number().nullable().describe('Dollars per day, to 2 decimals; null when a price is unknown'),
};
const point = z.object({ day: z.number().int(), at: ts, ...money }).meta({ id: 'PayPoint' });
const repoPoint = z
  .object({ day: z.number().int(), at: ts, pr_total: z.number(), issue_total: z.number(), repo_pr_total: z.number(), repo_issue_total: z.number(), ...money })
  .meta({ id: 'RepoPayPoint' });

const officialRepo = z
  .object({ total_score: z.number(), is_eligible: z.boolean(), credibility: z.number(), merged: z.number().int(), open: z.number().int() })
  .meta({ id: 'OfficialRepoStanding' });

export const projectionSchema = z
  .object({
    login: z.string(),
    github_id: z.string().nullable(),
    computed_at: ts.nullable().describe('The newest evaluation the curve starts from; null with nothing evaluated'),
    days: z.array(z.number().int()).describe('Days ahead of computed_at that each point is for'),
    assumptions: z.string().describe('What the projection holds fixed, in words'),
    prices: z.object({
      alpha_per_day: z.number().nullable().describe('Alpha the subnet emits per day'),
      alpha_tao: z.number().nullable().describe('TAO per alpha'),
      tao_usd: z.number().nullable().describe('Dollars per TAO'),
      known: z.boolean().describe('Every price is known (else some figures are null: "price unknown")'),
    }),
    points: z.array(point).describe('Σ over repositories, one per day of days'),
    repos: z
      .array(
        z.object({
          repo: z.string(),
          emission_share: z.number().describe("The master list's share of the miners' pool"),
          gates: z
            .object({ min_merged: z.number().int(), min_credibility: z.number(), min_solved: z.number().int(), min_issue_credibility: z.number() })
            .describe("The repository's eligibility thresholds (its policy), for showing the gates as progress"),
          pr_pool_share: z.number().nullable().describe("Today: the miner's PR total ÷ the repository's (0 to 1, 4 decimals); null when nobody scores"),
          issue_pool_share: z.number().nullable(),
          points: z.array(repoPoint),
          official: officialRepo.nullable().describe("The validators' own standing in this repository, when the hub has mirrored it"),
        }),
      )
      .describe("Every repository where the miner has a standing, today's highest pay first"),
    official_pulls: z
      .array(z.object({ repo: z.string(), number: z.number().int(), score: z.number(), collateral: z.number().nullable() }))
      .describe("The validators' score of each of the miner's pull requests they scored (to set beside the hub's)"),
    official_total: z.number().nullable().describe("The validators' total score of the account; null when unknown"),
  })
  .meta({ id: 'MinerProjection' });
