import type { Kysely } from 'kysely';
import type { Config } from '../config/config.ts';
import { intervalOf, sourceFreshness, type SourceFreshness } from '../core/subnet-freshness.ts';
import type { DB } from '../db/schema.ts';
import { listFetchStates } from '../db/subnet-state.queries.ts';

/** Freshness of every mirrored source of the subnet's data (job claim rows left out). */
export async function readSubnetFreshness(db: Kysely<DB>, services: Config['services'], nowMs = Date.now()): Promise<SourceFreshness[]> {
  const rows = await listFetchStates(db);
  return rows.filter((r) => !r.source.startsWith('job:')).map((r) => sourceFreshness(r, intervalOf(r.source, services), nowMs));
}
