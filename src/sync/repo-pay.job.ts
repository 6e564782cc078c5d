import type { Kysely, Transaction } from 'kysely';
import { policyOfRepo } from '../core/scoring/repo-policy.ts';
import { allocateEmission, type EmissionRepoInput } from '../core/subnet/emission.ts';
import { toGithubTime } from '../core/time.ts';
import { maintainerMiners, registrationKnown, replaceRepoPay, standingSums } from '../db/repo-pay.queries.ts';
import { LOCKS, transactionLock, writeTransaction } from '../db/transaction.ts';
import { listRepos } from '../db/repos.queries.ts';
import type { DB } from '../db/schema.ts';
import type { HubRepoPayTable } from '../db/scoring.schema.ts';

/**
 * The emission split per repository (docs/scoring.md, "What a repository pays"),
 * from the stored standings: run by the scoring job after it stores a
 * repository's evaluation, since an idle repository's share flows to the
 * active ones and so every repository's slice depends on all the others.
 *
 * Stored as fractions of the miners' pool: the pool's share of emission
 * (HUB_SUBNET_MINERS_SHARE) and the prices are applied when read, so a changed
 * setting or a new price needs no recomputation.
 */
export async function allocateRepoPay(db: Kysely<DB>, now: number): Promise<HubRepoPayTable[]> {
  // Read and written in one transaction that holds the split's lock (replaceRepoPay): every worker
  // splits after each repository it scores, so on PostgreSQL two splits run at once; taking turns,
  // each reads the sums the one before it committed, and the split stored last is the newest.
  return writeTransaction(db, async (trx) => {
    await transactionLock(trx, LOCKS.repoPay);
    return splitAndStore(trx, now);
  });
}

async function splitAndStore(db: Transaction<DB>, now: number): Promise<HubRepoPayTable[]> {
  const repos = await listRepos(db, { activeOnly: true });
  // The validator pays registered miners only; a hub that knows no registration splits among every author it scored.
  const known = await registrationKnown(db);
  const sums = new Map((await standingSums(db, !known)).map((s) => [s.repo_id, s]));
  const maintainers = await maintainerMiners(db);
  const none: Record<string, number> = {};
  const inputs: (EmissionRepoInput & { id: number })[] = repos.map((repo) => {
    const { policy } = policyOfRepo(repo);
    const s = sums.get(repo.id);
    return {
      id: repo.id,
      repo: repo.full_name,
      emissionShare: policy.emissionShare,
      issueDiscoveryShare: policy.issueDiscoveryShare,
      maintainerCut: policy.maintainerCut,
      maintainerMiners: maintainers.get(repo.name_key) ?? [],
      // Only the sums matter to a repository's pools; each miner's part is score ÷ sum of these.
      prScores: s && s.pr_total > 0 ? { all: s.pr_total } : none,
      issueScores: s && s.issue_total > 0 ? { all: s.issue_total } : none,
    };
  });
  const result = allocateEmission(inputs, { minersShare: 1, burnShare: 0, servingShare: 0, roundMinutes: 120, weightSmoothing: 0.7 });
  const at = toGithubTime(now);
  const rows: HubRepoPayTable[] = result.repos.map((a, i) => {
    const input = inputs[i]!;
    const s = sums.get(input.id);
    return {
      repo_id: input.id,
      emission_share: a.emissionShare,
      active: a.active ? 1 : 0,
      slice: a.slice,
      maintainer_cut: a.maintainerCut,
      maintainer_cut_applies: a.maintainerCutApplies ? 1 : 0,
      maintainer_carve: a.maintainerCarve,
      maintainer_miners: input.maintainerMiners.length,
      pr_pool: a.prPool,
      issue_pool: a.issuePool,
      recycled: a.recycled,
      pr_score_total: s?.pr_total ?? 0,
      issue_score_total: s?.issue_total ?? 0,
      pr_scorers: s?.pr_scorers ?? 0,
      issue_scorers: s?.issue_scorers ?? 0,
      basis: known ? 'registered' : 'all_authors',
      computed_at: at,
    };
  });
  await replaceRepoPay(db, rows);
  return rows;
}
