import type { z } from 'zod';
import type { SubnetSettings } from '../core/subnet/emission.ts';
import { opportunity } from '../core/scoring/opportunity.ts';
import { policyDocument, policyOfRepo } from '../core/scoring/repo-policy.ts';
import type { AuthorStats } from '../core/scoring/responsiveness.ts';
import { rawDecay } from '../core/subnet/decay.ts';
import { DAY_MS } from '../core/subnet/facts.ts';
import { round2 } from '../core/subnet/round.ts';
import type { RepoStatsSummary } from '../db/repo-pay.queries.ts';
import type { SubnetPriceRow } from '../db/subnet.schema.ts';
import type { HubRepoPayRow, HubRepoStatsRow } from '../db/scoring.schema.ts';
import type { authorStatsSchema, moneySchema, pricesSchema, repoPaySchema, repoRewardSchema, repoStatsSchema } from './repo-pay.schemas.ts';

/** Rows of the pay and statistics tables to the API's shapes; prices and the miners' share are applied here. */


export interface PriceView {
  prices: z.output<typeof pricesSchema>;
  alphaPerDay: number | null;
  alphaTao: number | null;
  taoUsd: number | null;
}

const PRICE_HINT: Record<string, string> = {
  alpha_emission_per_day: "the subnet's daily alpha emission (HUB_ALPHA_PRICE_URL)",
  alpha_tao: "alpha's price in TAO (HUB_ALPHA_PRICE_URL)",
  tao_usd: "TAO's price in dollars (HUB_TAO_PRICE_URL)",
};

export function priceView(rows: readonly SubnetPriceRow[], now: number): PriceView {
  const one = (name: string) => {
    const p = rows.find((r) => r.name === name);
    return p ? { value: p.value, source: p.source, observed_at: p.observed_at, fetched_at: p.fetched_at, age_seconds: Math.max(0, Math.round((now - Date.parse(p.fetched_at)) / 1000)) } : null;
  };
  const prices = { alpha_tao: one('alpha_tao'), alpha_emission_per_day: one('alpha_emission_per_day'), tao_usd: one('tao_usd') };
  const missing = Object.keys(PRICE_HINT).filter((k) => prices[k as keyof typeof prices] === null);
  const reason = missing.length === 0 ? null : `not fetched yet: ${missing.map((k) => PRICE_HINT[k]).join('; ')}; the worker mirrors each source that is set`;
  return { prices: { ...prices, reason }, alphaPerDay: prices.alpha_emission_per_day?.value ?? null, alphaTao: prices.alpha_tao?.value ?? null, taoUsd: prices.tao_usd?.value ?? null };
}

/** A fraction of the miners' pool as a share of emission, a percentage of the pool, and amounts per day where prices allow. */
export function money(ofPool: number, settings: SubnetSettings, p: PriceView): z.output<typeof moneySchema> {
  const share = ofPool * settings.minersShare;
  const alpha = p.alphaPerDay === null ? null : share * p.alphaPerDay;
  const tao = alpha === null || p.alphaTao === null ? null : alpha * p.alphaTao;
  const usd = tao === null || p.taoUsd === null ? null : tao * p.taoUsd;
  return { share, pool_percent: ofPool * 100, alpha_per_day: alpha, tao_per_day: tao, usd_per_day: usd, reason: usd === null ? p.prices.reason : null };
}

export function presentPay(repo: string, row: HubRepoPayRow, stats: RepoStatsSummary | undefined, settings: SubnetSettings, p: PriceView): z.output<typeof repoPaySchema> {
  const competitors = stats ? (stats.active_miners ?? stats.active_authors) : 0;
  const cut = row.maintainer_cut_applies === 1 ? row.maintainer_carve / Math.max(row.emission_share, Number.MIN_VALUE) : 0;
  return {
    repo,
    emission_share: row.emission_share,
    active: row.active === 1,
    slice: money(row.slice, settings, p),
    pr_pool: money(row.pr_pool, settings, p),
    issue_pool: money(row.issue_pool, settings, p),
    maintainer_carve: money(row.maintainer_carve, settings, p),
    maintainer_cut: row.maintainer_cut,
    maintainer_cut_applies: row.maintainer_cut_applies === 1,
    maintainer_miners: row.maintainer_miners,
    pr_scorers: row.pr_scorers,
    issue_scorers: row.issue_scorers,
    opportunity: 100 * opportunity({ active: row.active === 1, emissionShare: row.emission_share, appliedCut: cut, prPool: row.pr_pool, issuePool: row.issue_pool, mergeRate: stats?.merge_rate ?? null, activeMiners: competitors }),
    computed_at: row.computed_at,
  };
}

export function presentStats(s: RepoStatsSummary): z.output<typeof repoStatsSchema> {
  return {
    window_days: s.window_days,
    active_authors: s.active_authors,
    active_miners: s.active_miners,
    open_pulls: s.open_pulls,
    unclaimed_issues: s.unclaimed_issues,
    reviewed: s.reviewed,
    first_review_median_seconds: s.first_review_median_s,
    merged: s.merged,
    closed_unmerged: s.closed_unmerged,
    merge_median_seconds: s.merge_median_s,
    merge_rate: s.merge_rate,
    queue: s.queue,
    queue_median_age_seconds: s.queue_median_age_s,
    queue_oldest_age_seconds: s.queue_oldest_age_s,
    stale: s.stale,
    maintainer_pulls: s.maintainer_pulls,
    computed_at: s.computed_at,
  };
}

const ratio = (mine: number | null, repo: number | null): number | null => (mine === null || repo === null || repo === 0 ? null : round2(mine / repo));

export function presentAuthors(s: HubRepoStatsRow): z.output<typeof authorStatsSchema>[] {
  return (JSON.parse(s.authors) as AuthorStats[]).map((a) => ({
    login: a.login,
    registered: a.registered,
    pulls: a.pulls,
    open: a.open,
    reviewed: a.reviewed,
    first_review_median_seconds: a.firstReviewMedianS,
    merged: a.merged,
    closed_unmerged: a.closedUnmerged,
    merge_median_seconds: a.mergeMedianS,
    merge_rate: a.mergeRate,
    first_review_vs_repo: ratio(a.firstReviewMedianS, s.first_review_median_s),
    merge_vs_repo: ratio(a.mergeMedianS, s.merge_median_s),
  }));
}

/** The repository's reward rules for the repositories view: its policy and decay by day (31 points). */
export function presentReward(repo: { full_name: string; entry: string }, pay: z.output<typeof repoPaySchema> | null, stats: RepoStatsSummary | undefined): z.output<typeof repoRewardSchema> {
  const { policy, problem } = policyOfRepo(repo);
  return {
    pay,
    stats: stats ? presentStats(stats) : null,
    policy: { ...policyDocument(policy), problem },
    decay_curve: Array.from({ length: 31 }, (_, day) => ({ day, multiplier: round2(rawDecay(day * DAY_MS, policy.scoring.timeDecay)) })),
  };
}
