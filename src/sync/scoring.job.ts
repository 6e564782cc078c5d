import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { projectionEntry, pullEntry, repoEntry, type PendingCode } from '../core/scoring/entries.ts';
import { parseCurve, standingCurve, sumCurves, type Curve } from '../core/scoring/curve.ts';
import { evaluateRepo } from '../core/subnet/evaluate.ts';
import { round2 } from '../core/subnet/round.ts';
import type { PullFact } from '../core/subnet/facts.ts';
import type { RepoPolicy } from '../core/subnet/policy.ts';
import { projectMerged, projectOpen } from '../core/subnet/projection.ts';
import { toGithubTime } from '../core/time.ts';
import { getRepo, listRepos } from '../db/repos.queries.ts';
import type { DB, RepoRow } from '../db/schema.ts';
import {
  factsFingerprint,
  getScoringState,
  loadRepoScoringRows,
  registeredMiners,
  repoDataVersion,
  scoringCurves,
  writeRepoSums,
  storedInputVersions,
  writeEvaluation,
  type RegisteredMinerRow,
  refreshMinerTotals,
  type StandingWrite,
} from '../db/scoring.queries.ts';
import type { Logger } from '../logger.ts';
import { allocateRepoPay } from './repo-pay.job.ts';
import { refreshAllRepoStats, refreshRepoStats } from './repo-stats.job.ts';
import { buildRepoInputs, SCORING_INPUTS_VERSION, type AuthorInputs } from './scoring-inputs.ts';

/**
 * The scoring job (docs/scoring.md, "The scoring job"): re-evaluates a
 * repository's standings from the store and stores them, so every request reads a
 * precomputed answer. After a sync commit only authors whose inputs changed are
 * evaluated again; the hourly run evaluates everyone (decay moves with time).
 */
export interface ScoringDeps {
  db: Kysely<DB>;
  logger: Logger;
  signal?: AbortSignal;
  /** Epoch milliseconds (tests move time). */
  now?: () => number;
  /** Authors evaluated between yields to the event loop. */
  batchSize?: number;
}

export interface ScoringOutcome {
  repo: string;
  /** Nothing the evaluation reads changed since the last one. */
  skipped: boolean;
  authors: number;
  evaluated: number;
  removed: number;
  ms: number;
}

const registrationPrint = (miners: readonly RegisteredMinerRow[]): string =>
  createHash('sha1')
    .update(miners.map((m) => `${m.github_id}:${m.login.toLowerCase()}:${m.shared_account}`).join(','))
    .digest('base64url');

/**
 * A dropped pull request's token score is not pending: no rule reads it (its base is 0, the cliff
 * adds up counted ones only), and the token-score job never scores one outside the window, so the
 * mark would never clear. Its facts can still be pending (they may lift a merge-gate drop).
 */
function withoutDroppedTokens(pending: ReadonlyMap<number, readonly PendingCode[]>, pulls: readonly { number: number; excluded: string | null }[]): Map<number, readonly PendingCode[]> {
  const out = new Map(pending);
  for (const p of pulls) {
    const codes = out.get(p.number);
    if (p.excluded === null || !codes?.includes('token_score_pending')) continue;
    const rest = codes.filter((c) => c !== 'token_score_pending');
    if (rest.length > 0) out.set(p.number, rest);
    else out.delete(p.number);
  }
  return out;
}

/** Evaluates one author's standing, with each pull request's projection. */
export function evaluateAuthor(policy: RepoPolicy, now: number, a: AuthorInputs): StandingWrite {
  const standing = evaluateRepo(policy, now, a.identity, a.pulls, a.issues);
  const facts = new Map<number, PullFact>(a.pulls.map((p) => [p.number, p]));
  const pendingPulls = withoutDroppedTokens(a.pendingPulls, standing.pulls);
  const entry = repoEntry(standing, { pendingPulls, pendingIssues: a.pendingIssues, computedAt: now, inputsVersion: a.inputsVersion });
  const pulls = standing.pulls.map((s) => {
    const fact = facts.get(s.number)!;
    const projection =
      s.excluded !== null ? null : s.state === 'open' ? projectOpen(fact, policy, now, standing) : s.state === 'merged' ? projectMerged(fact, s, policy, now) : null;
    const scored = { ...pullEntry(s, pendingPulls.get(s.number)), projection: projection ? projectionEntry(projection) : null };
    return { itemId: a.pullIds.get(s.number)!, earned: s.earned, entry: JSON.stringify(scored) };
  });
  return {
    authorKey: a.key,
    login: a.login,
    githubId: a.githubId,
    registered: a.registered,
    eligible: standing.eligible,
    total: standing.total,
    issueTotal: standing.issueDiscovery.total,
    standing: JSON.stringify(entry),
    projection: JSON.stringify(standingCurve(policy, now, a.identity, a.pulls, a.issues, standing)),
    pulls,
  };
}

/**
 * Scores one repository. `force` evaluates every author (the hourly run);
 * otherwise a repository whose data version and facts did not move is skipped,
 * and only authors whose inputs fingerprint changed are evaluated. The new
 * standings replace the old ones in one transaction.
 */
export async function scoreRepository(deps: ScoringDeps, repoKey: string, options: { force?: boolean; followUp?: boolean } = {}): Promise<ScoringOutcome> {
  const started = performance.now();
  const { db } = deps;
  const repo = await getRepo(db, repoKey);
  const outcome: ScoringOutcome = { repo: repo?.full_name ?? repoKey, skipped: true, authors: 0, evaluated: 0, removed: 0, ms: 0 };
  if (!repo) return outcome;
  // Read before the facts: a commit landing in between leaves an older version recorded, so it is scored again next time.
  const dataVersion = await repoDataVersion(db, repo.id);
  const miners = await readRegistration(deps);
  const fingerprint = await repoFingerprint(db, repo, miners);
  const state = await getScoringState(db, repo.id);
  if (!options.force && state && state.data_version === dataVersion && state.inputs_version === fingerprint) {
    outcome.ms = Math.round(performance.now() - started);
    return outcome;
  }

  const inputs = buildRepoInputs(await loadRepoScoringRows(db, repo), miners);
  // Operator-added repositories have no entry: expected, so not a warning.
  if (inputs.policyProblem) deps.logger.debug({ repo: repo.full_name, problem: inputs.policyProblem }, 'the master-list entry gives no policy; scoring with every default');
  const stored = await storedInputVersions(db, repo.id);
  const keys = new Set(inputs.authors.map((a) => a.key));
  const changed = options.force ? inputs.authors : inputs.authors.filter((a) => stored.get(a.key) !== a.inputsVersion);
  const removed = [...stored.keys()].filter((k) => !keys.has(k));
  const now = (deps.now ?? Date.now)();
  const batch = deps.batchSize ?? 200;
  const standings: StandingWrite[] = [];
  for (let i = 0; i < changed.length; i += batch) {
    deps.signal?.throwIfAborted();
    for (const a of changed.slice(i, i + batch)) standings.push(evaluateAuthor(inputs.policy, now, a));
    // Let lease heartbeats and shutdown signals in.
    if (i + batch < changed.length) await new Promise((r) => setImmediate(r));
  }
  deps.signal?.throwIfAborted();
  await db.transaction().execute(async (trx) => {
    await writeEvaluation(trx, {
      repoId: repo.id,
      standings,
      removed,
      computedAt: toGithubTime(now),
      state: { repo_id: repo.id, data_version: dataVersion, inputs_version: fingerprint, scored_at: toGithubTime(now) },
    });
    await storeRepoSums(trx, repo.id, toGithubTime(now));
  });
  // Every repository's slice depends on which others have scorers, so the split is redone across all of them;
  // the repository's competition and responsiveness figures follow its new facts.
  if (options.followUp ?? true) {
    await allocateRepoPay(db, now);
    await refreshRepoStats({ db, logger: deps.logger, signal: deps.signal, now: deps.now }, repo.name_key);
  }
  Object.assign(outcome, { skipped: false, authors: inputs.authors.length, evaluated: standings.length, removed: removed.length, ms: Math.round(performance.now() - started) });
  return outcome;
}

/** Every active repository, every author: decay and the window move with time. */
export async function scoreAllRepositories(deps: ScoringDeps): Promise<ScoringOutcome[]> {
  const out: ScoringOutcome[] = [];
  for (const repo of await listRepos(deps.db, { activeOnly: true })) {
    deps.signal?.throwIfAborted();
    try {
      out.push(await scoreRepository(deps, repo.name_key, { force: true, followUp: false }));
    } catch (err) {
      if (deps.signal?.aborted) throw err;
      deps.logger.error({ err, repo: repo.full_name }, 'scoring a repository failed; its previous evaluation stays');
    }
  }
  deps.signal?.throwIfAborted();
  // Once for all of them: the split and every repository's figures (the window and ages moved).
  await allocateRepoPay(deps.db, (deps.now ?? Date.now)());
  // The leaderboard's sums, whole: a repository deactivated since leaves every sum it was in.
  await deps.db.transaction().execute((trx) => refreshMinerTotals(trx, null));
  await refreshAllRepoStats({ db: deps.db, logger: deps.logger, signal: deps.signal, now: deps.now });
  const evaluated = out.reduce((s, o) => s + o.evaluated, 0);
  deps.logger.info({ repos: out.length, evaluated, ms: out.reduce((s, o) => s + o.ms, 0) }, 'hourly scoring finished');
  return out;
}

/**
 * After a sync commit: scores the repository's changed authors. A failure is
 * logged and never fails the sync (the previous evaluation stays; the hourly run
 * tries again).
 */
export async function scoreAfterSync(deps: ScoringDeps, repoKey: string): Promise<ScoringOutcome | null> {
  try {
    const outcome = await scoreRepository(deps, repoKey);
    if (!outcome.skipped) deps.logger.debug({ repo: outcome.repo, evaluated: outcome.evaluated, removed: outcome.removed, ms: outcome.ms }, 'standings re-evaluated');
    return outcome;
  } catch (err) {
    if (deps.signal?.aborted) return null;
    deps.logger.error({ err, repo: repoKey }, 'scoring after sync failed; the previous evaluation stays');
    return null;
  }
}

/**
 * The repository's sums, from every stored curve (those just written and the unchanged
 * ones): the denominators of a miner's share of its pools. A standing stored before the
 * projection existed has no curve and is left out until the hourly run evaluates everyone
 * again (within the hour of an upgrade).
 */
async function storeRepoSums(trx: Parameters<typeof scoringCurves>[0], repoId: number, computedAt: string): Promise<void> {
  const curves: Curve[] = (await scoringCurves(trx, repoId)).map((text) => parseCurve(text)).filter((c): c is Curve => c !== null);
  const sum = sumCurves(curves);
  await writeRepoSums(trx, { repo_id: repoId, pr_total: round2(sum.pr[0] ?? 0), issue_total: round2(sum.issue[0] ?? 0), scorers: curves.length, curve: JSON.stringify(sum), computed_at: computedAt });
}

/** Registered miners, or none when the store cannot say (scoring goes on: everyone unregistered). */
async function readRegistration(deps: ScoringDeps): Promise<RegisteredMinerRow[]> {
  try {
    return await registeredMiners(deps.db);
  } catch (err) {
    deps.logger.warn({ err }, 'registered miners unreadable; scoring everyone as unregistered');
    return [];
  }
}

async function repoFingerprint(db: Kysely<DB>, repo: RepoRow, miners: readonly RegisteredMinerRow[]): Promise<string> {
  return createHash('sha1')
    .update(JSON.stringify([SCORING_INPUTS_VERSION, repo.entry, repo.default_branch, repo.full_name, await factsFingerprint(db, repo), registrationPrint(miners)]))
    .digest('base64url')
    .slice(0, 22);
}
