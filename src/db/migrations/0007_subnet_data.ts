import type { Kysely } from 'kysely';
import type { Dialect } from '../database.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations run against the schema as it was, not as it is
export async function up(db: Kysely<any>, dialect: Dialect): Promise<void> {
  // SQLite's real is an 8-byte float; PostgreSQL's `real` is 4 bytes, so it gets double precision.
  const real = dialect === 'postgres' ? 'double precision' : 'real';
  // The subnet's own data, mirrored from its API, its mirror service and the price
  // sources (docs/subnet-data.md). GitHub ids are digit strings: the services send
  // them as numbers or strings, and the store keeps one form.

  // GitHub accounts of miners, by id: logins change, ids do not.
  await db.schema
    .createTable('subnet_accounts')
    .addColumn('github_id', 'text', (c) => c.primaryKey())
    .addColumn('login', 'text', (c) => c.notNull())
    .addColumn('previous_login', 'text')
    .addColumn('login_changed_at', 'text')
    .addColumn('miner_count', 'integer', (c) => c.notNull())
    .addColumn('first_seen_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // One row per registered miner (a uid), with the validators' official totals.
  await db.schema
    .createTable('subnet_miners')
    .addColumn('uid', 'integer', (c) => c.primaryKey())
    .addColumn('hotkey', 'text', (c) => c.notNull())
    .addColumn('github_id', 'text', (c) => c.notNull())
    .addColumn('login', 'text', (c) => c.notNull())
    // Several miners on one GitHub account: the subnet zeroes them all.
    .addColumn('shared_account', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_reason', 'text')
    .addColumn('total_score', real, (c) => c.notNull())
    .addColumn('base_total_score', real)
    .addColumn('total_open_prs', 'integer', (c) => c.notNull())
    .addColumn('total_closed_prs', 'integer', (c) => c.notNull())
    .addColumn('total_merged_prs', 'integer', (c) => c.notNull())
    .addColumn('is_eligible', 'integer', (c) => c.notNull())
    .addColumn('credibility', real, (c) => c.notNull())
    .addColumn('total_collateral_score', real)
    .addColumn('issue_discovery_score', real)
    .addColumn('is_issue_eligible', 'integer')
    .addColumn('alpha_per_day', real)
    .addColumn('tao_per_day', real)
    .addColumn('usd_per_day', real)
    .addColumn('evaluated_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('subnet_miners_github_id').on('subnet_miners').columns(['github_id']).execute();

  // The validators' score of each pull request, with its factors.
  await db.schema
    .createTable('subnet_pr_scores')
    .addColumn('repo_key', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('repository', 'text', (c) => c.notNull())
    .addColumn('github_id', 'text', (c) => c.notNull())
    .addColumn('pr_state', 'text', (c) => c.notNull())
    .addColumn('merged_at', 'text')
    .addColumn('score', real, (c) => c.notNull())
    .addColumn('base_score', real)
    .addColumn('collateral_score', real)
    .addColumn('token_score', real)
    .addColumn('label_multiplier', real)
    .addColumn('issue_multiplier', real)
    .addColumn('time_decay_multiplier', real)
    .addColumn('review_quality_multiplier', real)
    .addColumn('open_pr_spam_multiplier', real)
    .addColumn('linked_issues', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('subnet_pr_scores_pk', ['repo_key', 'number'])
    .execute();
  await db.schema.createIndex('subnet_pr_scores_github_id').on('subnet_pr_scores').columns(['github_id', 'repo_key']).execute();

  // Official standings per repository, and per miner within a repository.
  await db.schema
    .createTable('subnet_repo_standings')
    .addColumn('repo_key', 'text', (c) => c.primaryKey())
    .addColumn('repository', 'text', (c) => c.notNull())
    .addColumn('total_score', real, (c) => c.notNull())
    .addColumn('total_merged_prs', 'integer')
    .addColumn('total_open_prs', 'integer')
    .addColumn('miner_count', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('subnet_miner_repos')
    .addColumn('repo_key', 'text', (c) => c.notNull())
    .addColumn('github_id', 'text', (c) => c.notNull())
    .addColumn('uid', 'integer')
    .addColumn('total_score', real, (c) => c.notNull())
    .addColumn('total_merged_prs', 'integer', (c) => c.notNull())
    .addColumn('total_closed_prs', 'integer', (c) => c.notNull())
    .addColumn('total_open_prs', 'integer', (c) => c.notNull())
    .addColumn('is_eligible', 'integer', (c) => c.notNull())
    .addColumn('credibility', real, (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('subnet_miner_repos_pk', ['repo_key', 'github_id'])
    .execute();
  await db.schema.createIndex('subnet_miner_repos_github_id').on('subnet_miner_repos').columns(['github_id']).execute();

  // Who maintains each repository, and where the hub learned it.
  await db.schema
    .createTable('subnet_maintainers')
    .addColumn('repo_key', 'text', (c) => c.notNull())
    .addColumn('github_id', 'text', (c) => c.notNull())
    .addColumn('login', 'text', (c) => c.notNull())
    .addColumn('association', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('fetched_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('subnet_maintainers_pk', ['repo_key', 'github_id'])
    .execute();

  // The latest value of each price (alpha in TAO, alpha emitted per day, TAO in dollars).
  await db.schema
    .createTable('subnet_prices')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', real, (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('observed_at', 'text')
    .addColumn('fetched_at', 'text', (c) => c.notNull())
    .execute();

  // Per source (an endpoint, or an endpoint for one repository): what was last asked,
  // what last worked and what last failed. Freshness and "last good data" live here,
  // committed with the data they describe.
  await db.schema
    .createTable('subnet_fetch_state')
    .addColumn('source', 'text', (c) => c.primaryKey())
    .addColumn('etag', 'text')
    .addColumn('last_attempt_at', 'text')
    .addColumn('last_success_at', 'text')
    .addColumn('last_change_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('last_error_at', 'text')
    .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('item_count', 'integer')
    .execute();
}
