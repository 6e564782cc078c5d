import type { Kysely } from 'kysely';
import type { Config } from '../config/config.ts';
import type { Dialect } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import type { SearchResult, SearchSpec } from '../db/search.queries.ts';
import type { BuiltList, ListJob } from './list-build.ts';
import type { LoopDelayMonitor } from './loop-delay.ts';
import type { Metrics } from './metrics.ts';
import type { StoreHealth } from './store-health.ts';

/** What every route module receives: read access to the store and the settings it needs. */
export interface ServerContext {
  db: Kysely<DB>;
  /** Full-text search: on a thread pool in production, inline in most tests. */
  search: (spec: SearchSpec) => Promise<SearchResult>;
  /** A list page's text (list-build.ts): on the same thread pool in production, inline in most tests. */
  buildList: (job: ListJob) => Promise<BuiltList>;
  dialect: Dialect;
  config: Config;
  demo: boolean;
  version: string;
  loopDelay: LoopDelayMonitor;
  metrics: Metrics;
  /** The store's integrity: the check made at start and any damage seen since. */
  storeHealth: StoreHealth;
  /** Epoch milliseconds; tests move time for freshness figures. */
  now: () => number;
}
