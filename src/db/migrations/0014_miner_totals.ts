import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as it is
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  // SQLite's real is an 8-byte float; PostgreSQL's `real` is 4 bytes, so it gets double precision.
  const real = dialect === 'postgres' ? 'double precision' : 'real';
  // The leaderboard: each author's standings summed over the active repositories, kept by the
  // scoring job as it writes standings, so a page of miners is an index range, not a grouped
  // pass over every stored standing on each request.
  await db.schema
    .createTable('hub_miner_totals')
    .addColumn('author_key', 'text', (c) => c.primaryKey())
    .addColumn('login', 'text', (c) => c.notNull())
    .addColumn('github_id', 'text')
    .addColumn('registered', 'integer', (c) => c.notNull())
    .addColumn('eligible', 'integer', (c) => c.notNull())
    .addColumn('total', real, (c) => c.notNull())
    .addColumn('repos', 'integer', (c) => c.notNull())
    .addColumn('computed_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('hub_miner_totals_rank').on('hub_miner_totals').columns(['total desc', 'author_key']).execute();
  // One repository's leaderboard reads its standings in rank order.
  await db.schema.createIndex('hub_standings_repo_rank').on('hub_standings').columns(['repo_id', 'total desc', 'author_key']).execute();
  // Standings stored before this migration are summed once here; the job keeps them after.
  // The sum is written out here rather than borrowed from the live queries: an applied
  // migration must keep doing what it did when those queries change.
  await db
    .insertInto('hub_miner_totals')
    .columns(['author_key', 'login', 'github_id', 'registered', 'eligible', 'total', 'repos', 'computed_at'])
    .expression(minerTotalsSelect(db))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
function minerTotalsSelect(db: Kysely<any>) {
  return db
    .selectFrom('hub_standings')
    .innerJoin('repos', 'repos.id', 'hub_standings.repo_id')
    .where('repos.active', '=', 1)
    .select((eb) => [
      'hub_standings.author_key',
      eb.fn.max('hub_standings.login').as('login'),
      eb.fn.max('hub_standings.github_id').as('github_id'),
      eb.fn.max('hub_standings.registered').as('registered'),
      eb.fn.max('hub_standings.eligible').as('eligible'),
      eb.fn.sum('hub_standings.total').as('total'),
      eb.fn.countAll().as('repos'),
      eb.fn.max('hub_standings.computed_at').as('computed_at'),
    ])
    .groupBy('hub_standings.author_key');
}
