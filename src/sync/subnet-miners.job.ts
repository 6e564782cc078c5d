/**
 * Mirrors the subnet API: the registered miners (uid, hotkey, GitHub account) with
 * their official totals, every scored pull request with its factors, the official
 * standings of each repository and of each miner within it. Each endpoint is a
 * source of its own: one failing leaves the others and its own last good data.
 */
import { listRepoStandings, replaceMinerRepos, replaceMiners, replacePrScores, replaceRepoStandings } from '../db/subnet.queries.ts';
import { mirrorSource, type SubnetJobContext, type SourceOutcome } from './subnet-context.ts';

const bit = (v: boolean | null) => (v === null ? null : v ? 1 : 0);

export async function run(ctx: SubnetJobContext): Promise<SourceOutcome[]> {
  const { api } = ctx.clients;
  const out: SourceOutcome[] = [];
  // GITTENSOR_API_URL=off: nothing is asked, and freshness says "not configured".
  if (!api.http.configured) return out;
  out.push(
    await mirrorSource(ctx, 'api:miners', (o) => api.miners(o), async (tx, miners, now) => {
      const r = await replaceMiners(
        tx,
        miners.map((m) => ({
          uid: m.uid,
          hotkey: m.hotkey,
          github_id: m.githubId,
          login: m.githubUsername,
          failed_reason: m.failedReason,
          total_score: m.totalScore,
          base_total_score: m.baseTotalScore,
          total_open_prs: m.totalOpenPrs,
          total_closed_prs: m.totalClosedPrs,
          total_merged_prs: m.totalMergedPrs,
          is_eligible: bit(m.isEligible)!,
          credibility: m.credibility,
          total_collateral_score: m.totalCollateralScore,
          issue_discovery_score: m.issueDiscoveryScore,
          is_issue_eligible: bit(m.isIssueEligible),
          alpha_per_day: m.alphaPerDay,
          tao_per_day: m.taoPerDay,
          usd_per_day: m.usdPerDay,
          evaluated_at: m.evaluatedAt,
        })),
        now,
      );
      for (const x of r.renamed) ctx.logger.info({ githubId: x.githubId, from: x.from, to: x.to }, 'miner account changed its login');
      return r.miners;
    }),
  );
  out.push(
    await mirrorSource(ctx, 'api:prs', (o) => api.prs(o), (tx, prs, now) =>
      replacePrScores(
        tx,
        prs.map((p) => ({
          repo_key: p.repository.toLowerCase(),
          number: p.pullRequestNumber,
          repository: p.repository,
          github_id: p.githubId,
          pr_state: p.prState,
          merged_at: p.mergedAt,
          score: p.score,
          base_score: p.baseScore,
          collateral_score: p.collateralScore,
          token_score: p.tokenScore,
          label_multiplier: p.labelMultiplier,
          issue_multiplier: p.issueMultiplier,
          time_decay_multiplier: p.timeDecayMultiplier,
          review_quality_multiplier: p.reviewQualityMultiplier,
          open_pr_spam_multiplier: p.openPrSpamMultiplier,
          linked_issues: JSON.stringify(p.linkedIssues ?? []),
        })),
        now,
      ),
    ),
  );
  out.push(
    await mirrorSource(ctx, 'api:repos', (o) => api.repos(o), async (tx, repos, now) => {
      await replaceRepoStandings(
        tx,
        repos.map((r) => ({ repo_key: r.repository.toLowerCase(), repository: r.repository, total_score: r.totalScore, total_merged_prs: r.totalMergedPrs, total_open_prs: r.totalOpenPrs, miner_count: r.minerCount })),
        now,
      );
      return repos.length;
    }),
  );
  // Per repository, from the standings just stored (or the last good ones).
  for (const repo of await listRepoStandings(ctx.db)) {
    if (ctx.signal?.aborted) break;
    out.push(
      await mirrorSource(ctx, `api:repo-miners:${repo.repo_key}`, (o) => api.repoMiners(repo.repository, o), async (tx, rows, now) => {
        await replaceMinerRepos(
          tx,
          repo.repo_key,
          rows.map((m) => ({ github_id: m.githubId, uid: m.uid, total_score: m.totalScore, total_merged_prs: m.totalMergedPrs, total_closed_prs: m.totalClosedPrs, total_open_prs: m.totalOpenPrs, is_eligible: m.isEligible ? 1 : 0, credibility: m.credibility })),
          now,
        );
        return rows.length;
      }),
    );
  }
  return out;
}
