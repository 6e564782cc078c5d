/**
 * Official versus ours, kept current by the worker: whenever the official scores
 * or the hub's evaluations change, every official pull request score is compared
 * with the hub's evaluation of it and the result stored (migration 0010), so the
 * drift route and `score drift` only read. An unchanged store is not compared
 * again (driftInputs) for up to REFRESH_AT_LEAST_MS, after which it is anyway, so
 * an evaluation rewritten without its repository's scoring state moving is
 * still picked up.
 */
import type { Kysely } from 'kysely';
import { toGithubTime } from '../core/time.ts';
import { countDifferences, driftInputs, getDriftState, listDifferences, replaceScoreDrift } from '../db/score-drift.queries.ts';
import type { DB } from '../db/schema.ts';
import type { Logger } from '../logger.ts';

export const REFRESH_AT_LEAST_MS = 10 * 60_000;

export type DriftRefresh = { status: 'unchanged' } | { status: 'computed'; differing: number; compared: number; ms: number };

export async function refreshScoreDrift(ctx: { db: Kysely<DB>; logger: Logger; now?: () => number }): Promise<DriftRefresh> {
  const { db, logger } = ctx;
  const nowMs = (ctx.now ?? Date.now)();
  const inputs = await driftInputs(db);
  const state = await getDriftState(db);
  if (state?.inputs === inputs && nowMs - Date.parse(state.computed_at) < REFRESH_AT_LEAST_MS) return { status: 'unchanged' };
  const started = performance.now();
  const rows = await listDifferences(db);
  const groups = await countDifferences(db);
  const ms = Math.round(performance.now() - started);
  await db.transaction().execute((tx) => replaceScoreDrift(tx, rows, groups, { inputs, now: toGithubTime(nowMs), ms }));
  const compared = groups.reduce((a, g) => a + g.compared, 0);
  logger.info({ compared, differing: rows.length, ms }, 'score drift report computed');
  return { status: 'computed', differing: rows.length, compared, ms };
}
