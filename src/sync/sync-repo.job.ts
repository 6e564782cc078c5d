import { writeTransaction } from '../db/transaction.ts';
import type { Kysely } from 'kysely';
import { redactString } from '../config/redact.ts';
import { toError } from '../core/errors.ts';
import { nowIso } from '../core/time.ts';
import { refreshRepoCounts } from '../db/items.write.ts';
import { getRepo, listRepos } from '../db/repos.queries.ts';
import { pullFieldsDue } from '../db/facts.write.ts';
import { getSyncState, recordPass, updateSyncState } from '../db/sync-state.write.ts';
import type { DB } from '../db/schema.ts';
import { Meter, type GithubGateway, type KindCost } from '../github/client.ts';
import { isGatewayFailure } from '../github/failures.ts';
import type { Logger } from '../logger.ts';
import { syncGraphqlLinks } from './graphql.step.ts';
import { syncIssues } from './issues.step.ts';
import type { PassContext } from './pass-context.ts';
import { syncRestFacts } from './facts-rest.step.ts';
import { syncPulls } from './pulls.step.ts';
import { reconcileRepo } from './reconcile.step.ts';
import { syncRepoMeta } from './repo-meta.step.ts';

export interface SyncDeps {
  db: Kysely<DB>;
  gateway: GithubGateway;
  logger: Logger;
  signal?: AbortSignal;
  /** How often deleted and transferred issues are looked for. */
  reconcileHours?: number;
  /** GitHub link answers fetched per pass (the rest wait for the next pass). */
  graphqlPerPass?: number;
  /** Set once GraphQL answered 404: the text links stand and no more queries are sent. */
  graphqlState?: { unavailableUntil: number };
  /** Items whose facts are fetched over REST per pass where GraphQL is not served (three or more requests each). */
  restFactsPerPass?: number;
  /** The GitHub web URL (`config.githubWebUrl`); default the gateway's. */
  webUrl?: string;
}

export interface SyncOutcome {
  repo: string;
  ok: boolean;
  error: string | null;
  created: number;
  updated: number;
  pages: number;
  requests: number;
  quota: number;
  ms: number;
  /** Cost per kind of request (issues, pulls, graphql, reviews, timeline, …). */
  kinds: Record<string, KindCost>;
}

/**
 * One incremental pass over one repository: metadata, changed issues and pull
 * requests, pull-request fields, (every few hours) reconciliation of deleted and
 * transferred issues, and GitHub's link answer for pull requests that changed. Every
 * step commits as it goes, so a failure or a kill keeps what was done.
 */
export async function syncRepository(deps: SyncDeps, repoKey: string): Promise<SyncOutcome> {
  const started = performance.now();
  const meter = new Meter();
  const repo = await getRepo(deps.db, repoKey);
  const outcome: SyncOutcome = { repo: repo?.full_name ?? repoKey, ok: false, error: null, created: 0, updated: 0, pages: 0, requests: 0, quota: 0, ms: 0, kinds: {} };
  if (!repo) {
    outcome.error = 'not a tracked repository';
    return outcome;
  }
  const state = await getSyncState(deps.db, repo.id);
  await updateSyncState(deps.db, repo.id, { last_attempt_at: nowIso() });

  const tracked = await listRepos(deps.db);
  const { octokit } = deps.gateway.session(meter, deps.signal);
  const [owner, name] = repo.full_name.split('/') as [string, string];
  const p: PassContext = {
    db: deps.db,
    octokit,
    meter,
    repo,
    owner,
    name,
    logger: deps.logger,
    signal: deps.signal,
    ingest: { id: repo.id, fullName: repo.full_name, key: repo.name_key, defaultBranch: repo.default_branch, trackedNames: new Map(tracked.map((r) => [r.name_key, r.full_name])), webUrl: deps.webUrl ?? deps.gateway.webUrl },
  };

  try {
    await syncRepoMeta(p, state.repo_etag);
    const issues = await syncIssues(p, state.issues_watermark, state.issues_etag);
    const allowance = deps.graphqlPerPass ?? 1000;
    const gq = deps.graphqlState;
    const graphqlUsable = !gq || gq.unavailableUntil <= Date.now();
    // A pull request's own fields (base, head, draft, merged) come from the GraphQL answer the
    // pass asks for anyway when that answer can bring every one that is due: a `/pulls` page
    // weighs about 16 KB a pull request (mostly its two repository objects) for six fields.
    // Otherwise (a first walk larger than the allowance, an interrupted `/pulls` walk, no
    // GraphQL) `/pulls` is walked as before.
    const fieldsFromGraphql = graphqlUsable && state.pulls_resume === null && (await pullFieldsDue(deps.db, repo.id, allowance)) <= allowance;
    let pulls = fieldsFromGraphql ? { pages: 0, created: 0, updated: 0 } : await syncPulls(p, state.pulls_watermark, state.pulls_etag, state.pulls_resume);

    const reconcileMs = (deps.reconcileHours ?? 24) * 3600_000;
    if (state.issues_watermark === null) {
      // A first, full walk saw every live item: nothing is left to reconcile.
      await updateSyncState(deps.db, repo.id, { reconciled_at: nowIso() });
    } else if (!state.reconciled_at || Date.parse(state.reconciled_at) + reconcileMs <= Date.now()) {
      const r = await reconcileRepo(p);
      if (r.deleted + r.transferred > 0) deps.logger.info({ repo: repo.full_name, ...r }, 'reconciled deleted and transferred issues');
    }
    let graphqlServed = false;
    let graphqlFailed = false;
    if (graphqlUsable) {
      const links = await syncGraphqlLinks(p, allowance);
      graphqlServed = !links.unavailable;
      graphqlFailed = links.error !== null;
      if (links.unavailable && gq) {
        gq.unavailableUntil = Date.now() + 3600_000;
        deps.logger.info('GitHub GraphQL is not served here; links come from pull request text and facts from REST');
      }
    }
    if (fieldsFromGraphql) {
      if (!graphqlServed || graphqlFailed) {
        // The answer that was to bring the fields did not come: `/pulls` brings them in this pass.
        pulls = await syncPulls(p, state.pulls_watermark, state.pulls_etag, null);
      } else {
        await advancePullsWatermark(deps.db, repo.id);
      }
    }
    if (!graphqlServed) await syncRestFacts(p, deps.restFactsPerPass ?? 100);
    outcome.created = issues.created + pulls.created;
    outcome.updated = issues.updated + pulls.updated;
    outcome.pages = issues.pages + pulls.pages;

    outcome.ok = true;
  } catch (err) {
    outcome.error = redactString(describe(err));
    if (deps.signal?.aborted) outcome.error = 'interrupted by shutdown';
  }

  outcome.requests = meter.requests;
  outcome.quota = meter.quota;
  outcome.kinds = meter.kinds;
  outcome.ms = Math.round(performance.now() - started);
  await recordOutcome(deps.db, repo.id, outcome);
  const log = { repo: repo.full_name, created: outcome.created, updated: outcome.updated, pages: outcome.pages, requests: outcome.requests, quota: outcome.quota, ms: outcome.ms };
  if (outcome.ok) deps.logger.info(log, 'repository synced');
  else deps.logger.warn({ ...log, error: outcome.error }, 'repository sync failed');
  return outcome;
}

/**
 * After a pass that took every due pull request's fields from GraphQL, `/pulls`
 * owes nothing before the `/issues` watermark: every pull request updated before
 * it was on an `/issues` page and now has its fields. Moving the `/pulls`
 * watermark there keeps a later `/pulls` walk (a burst past the allowance, GraphQL
 * gone) from walking back through everything GraphQL already brought.
 */
async function advancePullsWatermark(db: Kysely<DB>, repoId: number): Promise<void> {
  if ((await pullFieldsDue(db, repoId, 0)) > 0) return;
  const s = await getSyncState(db, repoId);
  const to = s.issues_watermark;
  if (to !== null && (s.pulls_watermark === null || s.pulls_watermark < to)) await updateSyncState(db, repoId, { pulls_watermark: to });
}

function describe(err: unknown): string {
  const e = toError(err) as Error & { status?: number; code?: string };
  // Before the status: Octokit stamps 500 on errors it passes through.
  if (isGatewayFailure(e)) return e.message;
  if (e.code === 'SQLITE_FULL') return 'the disk holding the database is full (SQLITE_FULL): nothing of the failed page was stored; free space and the next pass resumes';
  if (typeof e.status === 'number' && e.status > 0) {
    if (e.status === 404) return 'GitHub answered 404: the repository does not exist or is not visible to the configured tokens';
    return `GitHub answered ${e.status}: ${e.message.split('\n')[0]}`;
  }
  return e.message.split('\n')[0] ?? 'unknown error';
}

async function recordOutcome(db: Kysely<DB>, repoId: number, o: SyncOutcome): Promise<void> {
  const now = nowIso();
  await writeTransaction(db, async (trx) => {
    await recordPass(trx, repoId, o, now);
    if (o.ok) await refreshRepoCounts(trx, repoId);
  });
}
