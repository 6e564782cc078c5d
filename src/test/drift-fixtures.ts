import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { buildPull, type BuiltRepo } from './factories.ts';

/** Test data for the official-versus-ours report: one official score, one hub evaluation, with the factors given. */
export interface Factors {
  state: 'open' | 'merged' | 'closed';
  score: number;
  collateral: number;
  base: number;
  issue: number;
  label: number;
  decay: number;
  review: number;
  spam: number;
}
export const MERGED: Factors = { state: 'merged', score: 12.5, collateral: 0, base: 10, issue: 1.25, label: 1, decay: 1, review: 1, spam: 1 };

export async function addMinerAccounts(db: Kysely<DB>): Promise<void> {
  await db
    .insertInto('subnet_accounts')
    .values([
      { github_id: '1001', login: 'Miner-One', miner_count: 1, first_seen_at: '2026-06-01T00:00:00Z', updated_at: '2026-06-01T00:00:00Z' },
      { github_id: '1002', login: 'miner-two', previous_login: 'old-two', login_changed_at: '2026-06-01T00:00:00Z', miner_count: 1, first_seen_at: '2026-06-01T00:00:00Z', updated_at: '2026-06-01T00:00:00Z' },
    ])
    .execute();
}

/** One official score, as the subnet API gave it. */
export async function officialScore(db: Kysely<DB>, number: number, f: Factors, o: { githubId?: string; repoKey?: string; repository?: string } = {}): Promise<void> {
  await db
    .insertInto('subnet_pr_scores')
    .values({
      repo_key: o.repoKey ?? 'acme/widgets', number, repository: o.repository ?? 'Acme/Widgets', github_id: o.githubId ?? '1001', pr_state: f.state.toUpperCase(), merged_at: null,
      score: f.score, base_score: f.base, collateral_score: f.collateral, token_score: 120, label_multiplier: f.label, issue_multiplier: f.issue, time_decay_multiplier: f.decay,
      review_quality_multiplier: f.review, open_pr_spam_multiplier: f.spam, linked_issues: '[]', updated_at: '2026-06-01T12:00:00Z',
    })
    .execute();
}

/** The contract's pull entry for these factors. */
export function pullEntry(number: number, f: Factors, excluded: string | null = null) {
  return {
    number, state: f.state, counted: !excluded, excluded, base: f.base,
    multipliers: { issue: f.issue, label: f.label, decay: f.decay, review: f.review, spam: f.spam }, earned: f.score, collateral: f.collateral, reasons: excluded ? [excluded] : [],
  };
}

/** The hub's evaluation of pull request `number` of `repo` (created in the store). */
export async function hubScore(db: Kysely<DB>, repo: BuiltRepo, number: number, f: Factors, o: { author?: string; excluded?: string | null; entry?: string } = {}): Promise<void> {
  const item = await buildPull(db, repo, { number, author: o.author ?? 'Miner-One', merged: f.state === 'merged', state: f.state === 'open' ? 'open' : 'closed' });
  await db
    .insertInto('hub_pull_scores')
    .values({ item_id: item.id, repo_id: repo.id, author_key: (o.author ?? 'Miner-One').toLowerCase(), earned: f.score, entry: o.entry ?? JSON.stringify(pullEntry(number, f, o.excluded ?? null)), computed_at: '2026-06-01T12:01:00Z' })
    .execute();
}
