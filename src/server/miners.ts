import type { z } from 'zod';
import { round2 } from '../core/subnet/round.ts';
import { listMinerSummaries, officialRepoStandings, officialStandings, type MinerSummaryRow, type OfficialRow } from '../db/scoring.queries.ts';
import type { ServerContext } from './context.ts';
import type { minerPageSchema } from './subnet.schemas.ts';

export type MinerSummary = z.output<typeof minerPageSchema>['items'][number];

export interface MinerFilters {
  registered?: 'true' | 'false';
  /** A tracked repository: its id and key. */
  repo?: { id: number; name_key: string };
  sort: 'total' | 'login';
}

/**
 * A page of the leaderboard (GET /api/miners and its CSV): the computed standings
 * and, beside each, the validators' own standing (over every repository, or the
 * filtered repository's), read for the page's accounts only.
 */
export async function minerSummaries(ctx: ServerContext, f: MinerFilters, limit: number, after: { total: number; key: string } | null): Promise<{ rows: MinerSummaryRow[]; items: MinerSummary[] }> {
  const rows = await listMinerSummaries(ctx.db, { limit, after, registered: f.registered === undefined ? undefined : f.registered === 'true', repoId: f.repo?.id, sort: f.sort });
  const ids = rows.map((r) => r.github_id).filter((id) => id !== null);
  const official = f.repo ? await officialRepoStandings(ctx.db, f.repo.name_key, ids) : await officialStandings(ctx.db, ids);
  const byAccount = new Map<string, OfficialRow[]>();
  for (const o of official) byAccount.set(o.github_id, [...(byAccount.get(o.github_id) ?? []), o]);
  const items = rows.map((r): MinerSummary => {
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
            uids: mine.map((m) => m.uid).filter((u) => u !== null),
            total_score: round2(mine.reduce((s, m) => s + m.total_score, 0)),
            is_eligible: mine.some((m) => m.is_eligible === 1),
            credibility: round2(Math.max(...mine.map((m) => m.credibility))),
            evaluated_at: mine.map((m) => m.evaluated_at).filter((t) => t !== null).sort().pop() ?? null,
          }
        : null,
    };
  });
  return { rows, items };
}

/** `owner/name` (already validated by fullNameSchema) as route parameters. */
export function splitFullName(full: string): { owner: string; name: string } {
  const at = full.indexOf('/');
  return { owner: full.slice(0, at), name: full.slice(at + 1) };
}
