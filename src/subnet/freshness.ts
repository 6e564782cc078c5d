import type { Kysely } from 'kysely';
import type { Config } from '../config/config.ts';
import { intervalOf, sourceFreshness, subnetDataFreshness, type SourceFreshness, type SubnetDataFreshness } from '../core/subnet-freshness.ts';
import type { DB } from '../db/schema.ts';
import { listFetchStates } from '../db/subnet-state.queries.ts';

/** Freshness of every mirrored source of the subnet's data (job claim rows left out). */
export async function readSubnetFreshness(db: Kysely<DB>, services: Config['services'], nowMs = Date.now()): Promise<SourceFreshness[]> {
  const rows = await listFetchStates(db);
  return rows.filter((r) => !r.source.startsWith('job:')).map((r) => sourceFreshness(r, intervalOf(r.source, services), nowMs));
}

/** Which of the subnet's services the settings turn on. */
export function configuredServices(services: Config['services']): Record<'api' | 'mirror' | 'alpha_price' | 'tao_price', boolean> {
  return { api: services.apiUrl !== null, mirror: services.mirrorUrl !== null, alpha_price: services.alphaPriceUrl !== null, tao_price: services.taoPriceUrl !== null };
}

/** Each kind of the subnet's data with its freshness, one entry per kind (what /api/sync and the page show). */
export async function readSubnetDataFreshness(db: Kysely<DB>, services: Config['services'], nowMs = Date.now()): Promise<SubnetDataFreshness[]> {
  return subnetDataFreshness(await readSubnetFreshness(db, services, nowMs), configuredServices(services), services);
}
