import { z } from 'zod';
import { pageOf, repoBaseSchema } from './schemas.ts';
import { policySchema } from './subnet.schemas.ts';

/**
 * What repositories pay and how their maintainers respond (GET /api/subnet, the
 * `pay` and `stats` of GET /api/repos, GET /api/repos/{owner}/{name}/responsiveness).
 * Stored by the scoring and repository-statistics jobs; read, never computed, here.
 */
const ts = z.string().describe('ISO-8601 UTC, e.g. 2024-05-01T12:00:00Z');
const seconds = z.number().int().nullable().describe('Whole seconds; null when nothing was measured');

export const moneySchema = z
  .object({
    share: z.number().describe('Fraction of the subnet emission'),
    pool_percent: z.number().describe("Percentage of the miners' pool"),
    alpha_per_day: z.number().nullable(),
    tao_per_day: z.number().nullable(),
    usd_per_day: z.number().nullable(),
    reason: z.string().nullable().describe('Why an amount is null (a price the hub has not fetched); null when all are known'),
  })
  .meta({ id: 'Money' });

const price = z
  .object({
    value: z.number(),
    source: z.string().describe('Host the worker fetched it from'),
    observed_at: ts.nullable().describe('When the source says it held'),
    fetched_at: ts,
    age_seconds: z.number().int().describe('Since it was fetched'),
  })
  .nullable();

export const pricesSchema = z
  .object({
    alpha_tao: price.describe('TAO per alpha'),
    alpha_emission_per_day: price.describe('Alpha the subnet emits per day'),
    tao_usd: price.describe('Dollars per TAO'),
    reason: z.string().nullable().describe('What is missing and how to get it; null when every price is known'),
  })
  .meta({ id: 'Prices' });

export const repoPaySchema = z
  .object({
    repo: z.string(),
    emission_share: z.number(),
    active: z.boolean().describe('Somebody scores here; an idle repository’s share flows to the active ones'),
    slice: moneySchema.describe('Its slice after idle shares flowed in: maintainer carve + PR pool + issue pool'),
    pr_pool: moneySchema,
    issue_pool: moneySchema,
    maintainer_carve: moneySchema,
    maintainer_cut: z.number().describe('As listed in the master list'),
    maintainer_cut_applies: z.boolean().describe('Some maintainer of the repository is a registered miner'),
    maintainer_miners: z.number().int(),
    pr_scorers: z.number().int().describe('Miners with a positive pull-request total'),
    issue_scorers: z.number().int(),
    opportunity: z.number().describe('pools × merge rate ÷ (1 + miners active in the window), as a percentage of the miners’ pool (docs/scoring.md, "Opportunity")'),
    computed_at: ts,
  })
  .meta({ id: 'RepoPay' });

export const subnetSchema = z
  .object({
    rules: z.object({
      validator: z.string().describe('The validator repository the rules are read from'),
      commit: z.string().describe('The validator commit the rules were read at'),
      read_at: z.string().describe('Date of that commit'),
      miners_share: z.number().describe('HUB_SUBNET_MINERS_SHARE'),
      burn_share: z.number().describe('HUB_SUBNET_BURN_SHARE'),
      serving_share: z.number().describe('HUB_SUBNET_SERVING_SHARE'),
      round_minutes: z.number().int().describe('HUB_SUBNET_ROUND_MINUTES'),
      weight_smoothing: z.number().describe('HUB_SUBNET_WEIGHT_SMOOTHING'),
      maintainer_cut_cap: z.number(),
      basis: z.enum(['registered', 'all_authors']).nullable().describe("Whose standings share the pools: registered miners, or every author when the hub knows no registration; null before the first split"),
    }),
    prices: pricesSchema,
    recycled: moneySchema.describe("The miners' pool nobody receives: master-list slack and idle repositories with no active one to flow to"),
    computed_at: ts.nullable().describe('When the split was last computed; null before the scoring job ran'),
    repos: z.array(repoPaySchema).describe('Highest slice first'),
  })
  .meta({ id: 'Subnet' });

const figures = {
  reviewed: z.number().int().describe('Pull requests created in the window that someone other than their author reviewed'),
  first_review_median_seconds: seconds.describe('Median wait from opening to the first review by someone else'),
  merged: z.number().int().describe('Merged in the window'),
  closed_unmerged: z.number().int().describe('Closed without merging in the window'),
  merge_median_seconds: seconds.describe('Median time from opening to merge'),
  merge_rate: z.number().nullable().describe('merged ÷ (merged + closed unmerged); null when none was decided'),
};

export const repoStatsSchema = z
  .object({
    window_days: z.number().int().describe("The repository's pr_lookback_days"),
    active_authors: z.number().int().describe('Non-maintainers with a pull request in the window'),
    active_miners: z.number().int().nullable().describe('Registered miners among them; null when the hub knows no registration'),
    open_pulls: z.number().int().describe('Open pull requests (drafts included) by non-maintainers'),
    unclaimed_issues: z.number().int().describe('Open issues no open or merged pull request closes'),
    ...figures,
    queue: z.number().int().describe('Open, ready-for-review pull requests by non-maintainers'),
    queue_median_age_seconds: seconds,
    queue_oldest_age_seconds: seconds,
    stale: z.number().int().describe('In the queue over 7 days with no review yet'),
    maintainer_pulls: z.number().int().describe("Maintainers' own pull requests in the window, left out of every figure"),
    computed_at: ts,
  })
  .meta({ id: 'RepoStats' });

export const decayPointSchema = z.object({ day: z.number(), multiplier: z.number() }).meta({ id: 'DecayPoint' });

export const repoRewardSchema = z
  .object({
    pay: repoPaySchema.nullable().describe('null until the scoring job has split the emission'),
    stats: repoStatsSchema.nullable().describe('null until the repository statistics job has run'),
    policy: policySchema.omit({ repo: true }).describe('Label multipliers, eligibility gates, lookback and decay, every default filled in'),
    decay_curve: z.array(decayPointSchema).describe('The decay factor by whole day since merge, 0 to 30 days'),
  })
  .meta({ id: 'RepoReward' });

export const authorStatsSchema = z
  .object({
    login: z.string(),
    registered: z.boolean(),
    pulls: z.number().int().describe('In the window: open and closed by creation, merged by merge time'),
    open: z.number().int(),
    ...figures,
    first_review_vs_repo: z.number().nullable().describe("This author's median wait for a first review ÷ the repository's (above 1: waits longer)"),
    merge_vs_repo: z.number().nullable().describe("This author's median time to merge ÷ the repository's"),
  })
  .meta({ id: 'AuthorResponsiveness' });

export const responsivenessSchema = z
  .object({
    repo: z.string(),
    stats: repoStatsSchema,
    maintainers: z.array(z.object({ login: z.string(), association: z.string(), source: z.string() })).describe('Whose own pull requests are left out (the maintainer list; OWNER, MEMBER and COLLABORATOR authors too)'),
    authors: z.array(authorStatsSchema).describe('Most pull requests first'),
  })
  .meta({ id: 'RepoResponsiveness' });

export const repoSchema = repoBaseSchema.extend({ reward: repoRewardSchema }).meta({ id: 'Repo' });
export const repoListSchema = pageOf(repoSchema).extend({
  web_url: z.string().describe('The GitHub web host items are opened on (GITHUB_WEB_URL): https://github.com, or a GitHub Enterprise host'),
});
