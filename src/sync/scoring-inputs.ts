import { createHash } from 'node:crypto';
import { isMaintainer, type Association, type IssueFact, type LabelFact, type LinkedIssueFact, type MinerIdentity, type PullFact, type SolverFact, type TokenFacts } from '../core/subnet/facts.ts';
import type { RepoPolicy } from '../core/subnet/policy.ts';
import { policyOfRepo } from '../core/scoring/repo-policy.ts';
import type { PendingCode } from '../core/scoring/entries.ts';
import type { RegisteredMinerRow, RepoScoringRows, ScoringItemRow } from '../db/scoring.queries.ts';
import type { PullTokenScoreRow } from '../db/scoring.schema.ts';

/**
 * Store rows → the rules' inputs (src/core/subnet/facts.ts), for every author of one
 * repository. Facts the hub has not fetched yet are filled with what is known and
 * marked pending (docs/scoring.md, "Facts not fetched yet"), never left to look final.
 */

/** Bumped when the mapping changes meaning: every stored standing is then out of date. */
export const SCORING_INPUTS_VERSION = 1;

/** Linked issues the rules read: GitHub's closing references, the first 10 of the same repository. */
export const MAX_LINKED_ISSUES = 10;

export interface AuthorInputs {
  /** Lower-case login: the key of the stored standing. */
  key: string;
  /** As GitHub spells it on the author's most recent item. */
  login: string;
  /** GitHub user id when the store knows it. */
  githubId: string | null;
  registered: boolean;
  identity: MinerIdentity;
  pulls: PullFact[];
  issues: IssueFact[];
  /** Store ids of the pull requests, by number. */
  pullIds: Map<number, number>;
  /** Pull requests and issues (by number) whose facts are not all in yet. */
  pendingPulls: Map<number, PendingCode[]>;
  pendingIssues: Map<number, PendingCode[]>;
  /** Fingerprint of everything above and of the policy: equal fingerprints, equal evaluations at equal times. */
  inputsVersion: string;
}

export interface RepoInputs {
  policy: RepoPolicy;
  /** Why the master-list entry could not give the policy (then every default applies). */
  policyProblem: string | null;
  authors: AuthorInputs[];
}

/**
 * The one place token scores become the rules' numbers: `token_score` is the
 * parsed files' score (cliffs, valid solves), `source_token_score` the part from
 * source files (the base score's saturating term), `total_token_score` every
 * file's score (the contribution bonus). A pull request with no score yet counts
 * 0 (and is marked `token_score_pending`).
 */
export function tokenFactsOf(row: Pick<PullTokenScoreRow, 'token_score' | 'source_token_score' | 'total_token_score'> | undefined): TokenFacts {
  if (!row) return { tokenScore: 0, sourceTokenScore: 0, totalTokenScore: 0 };
  return { tokenScore: row.token_score, sourceTokenScore: row.source_token_score, totalTokenScore: row.total_token_score ?? row.token_score };
}

const ms = (t: string | null): number | null => (t === null ? null : Date.parse(t));

function group<T, K>(rows: readonly T[], key: (r: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

export function buildRepoInputs(rows: RepoScoringRows, miners: readonly RegisteredMinerRow[]): RepoInputs {
  const { repo } = rows;
  const { policy, problem } = policyOfRepo(repo);
  const maintainerById = new Map(rows.maintainers.map((m) => [m.github_id, m.association]));
  const maintainerByLogin = new Map(rows.maintainers.map((m) => [m.login.toLowerCase(), m.association]));
  /**
   * The association a rule should see for an actor: GitHub's when it is a maintainer
   * one; else the subnet's maintainer list for the repository (by id, then login);
   * else GitHub's as it is.
   */
  const actorAssociation = (association: Association, id: string | null, login: string | null): Association => {
    if (isMaintainer(association)) return association;
    const listed = (id !== null ? maintainerById.get(id) : undefined) ?? (login !== null ? maintainerByLogin.get(login.toLowerCase()) : undefined);
    if (listed === undefined) return association;
    return isMaintainer(listed) ? listed.toUpperCase() : 'COLLABORATOR';
  };

  const live = rows.items.filter((i) => i.gone !== 'deleted');
  const byNumber = new Map(live.map((i) => [i.number, i]));
  const deleted = new Set(rows.items.filter((i) => i.gone === 'deleted').map((i) => i.number));
  const pullFacts = new Map(rows.pullFacts.map((f) => [f.item_id, f]));
  const issueFacts = new Map(rows.issueFacts.map((f) => [f.item_id, f]));
  const tokens = new Map(rows.tokenScores.map((t) => [t.item_id, t]));
  const reviews = group(rows.reviews, (r) => r.item_id);
  const labelEvents = new Map(rows.labelEvents.map((e) => [`${e.item_id}\n${e.label_key}`, e]));
  const links = group(rows.links, (l) => l.pull_id);

  // One id per author, used for every comparison of who is who: GitHub's user id
  // when any item carries it, else a registered miner's with that login, else the login.
  const minersById = group(miners, (m) => m.github_id);
  const minerIdByLogin = new Map(miners.map((m) => [m.login.toLowerCase(), m.github_id]));
  const authorGithubId = new Map<string, string>();
  for (const i of live) if (i.author_key && i.author_id) authorGithubId.set(i.author_key, i.author_id);
  const canonicalId = (key: string): string => authorGithubId.get(key) ?? minerIdByLogin.get(key) ?? `login:${key}`;

  const labelsOf = (item: ScoringItemRow): LabelFact[] => {
    let names: string[] = [];
    try {
      names = (JSON.parse(item.labels) as { name: string }[]).map((l) => l.name);
    } catch {
      names = [];
    }
    return names.map((name) => {
      const e = labelEvents.get(`${item.id}\n${name.toLowerCase()}`);
      return { name, actorAssociation: e ? actorAssociation(e.actor_association, e.actor_id, e.actor) : null };
    });
  };

  const linkedOf = (pull: ScoringItemRow): { linked: LinkedIssueFact[]; missing: boolean } => {
    const out: LinkedIssueFact[] = [];
    let missing = false;
    for (const l of (links.get(pull.id) ?? []).slice(0, MAX_LINKED_ISSUES)) {
      const issue = byNumber.get(l.issue_number);
      if (!issue) {
        // Deleted on GitHub: nothing to count. Not synced yet: nothing known about it yet.
        if (!deleted.has(l.issue_number)) missing = true;
        continue;
      }
      if (issue.is_pull === 1) continue;
      out.push({
        number: issue.number,
        authorGithubId: issue.author_key ? canonicalId(issue.author_key) : null,
        authorAssociation: issue.author_association,
        createdAt: Date.parse(issue.created_at),
        state: issue.state,
        stateReason: issue.state_reason,
        closedAt: ms(issue.closed_at),
        transferred: issue.gone === 'transferred',
      });
    }
    return { linked: out, missing };
  };

  // Every pull request's facts, once (solvers reuse them).
  const pulls = new Map<number, { fact: PullFact; pending: PendingCode[] }>();
  for (const item of live) {
    if (item.is_pull !== 1 || !item.author_key) continue;
    const facts = pullFacts.get(item.id);
    const token = tokens.get(item.id);
    const state: PullFact['state'] = item.merged === 1 ? 'merged' : item.state === 'open' ? 'open' : 'closed';
    const itemReviews = reviews.get(item.id) ?? [];
    const { linked, missing } = linkedOf(item);
    const fact: PullFact = {
      number: item.number,
      state,
      repoFullName: repo.full_name,
      defaultBranch: repo.default_branch,
      baseRef: item.base_ref ?? repo.default_branch ?? 'main',
      headRef: item.head_ref,
      headRepoFullName: item.head_repo,
      authorGithubId: canonicalId(item.author_key),
      authorLogin: item.author ?? item.author_key,
      authorAssociation: item.author_association,
      createdAt: Date.parse(item.created_at),
      closedAt: state === 'closed' ? ms(item.closed_at) : null,
      mergedAt: state === 'merged' ? ms(item.merged_at) : null,
      mergedByLogin: facts?.merged_by ?? null,
      approvals: itemReviews.filter((r) => r.state === 'APPROVED').length,
      maintainerChangesRequested: itemReviews.filter((r) => r.state === 'CHANGES_REQUESTED' && isMaintainer(actorAssociation(r.author_association, r.author_id, r.author))).length,
      editedAfterMerge: facts?.edited_after_merge === 1,
      labels: labelsOf(item),
      linkedIssues: linked,
      ...tokenFactsOf(token),
    };
    const pending: PendingCode[] = [];
    if (state !== 'closed') {
      if (!facts || facts.item_updated_at < item.updated_at || item.base_ref === null || missing) pending.push('facts_pending');
      if (!token || (item.head_sha !== null && token.head_sha !== item.head_sha)) pending.push('token_score_pending');
    }
    pulls.set(item.number, { fact, pending });
  }

  // Issues with their solver: the merged pull request of this repository GitHub names as closing it.
  const solverNumberOf = new Map<number, number>();
  for (const item of live) {
    if (item.is_pull === 1 || item.gone !== null || item.state !== 'closed') continue;
    const f = issueFacts.get(item.id);
    if (!f || f.closer_number === null || (f.closer_repo ?? '').toLowerCase() !== repo.name_key) continue;
    const solver = pulls.get(f.closer_number);
    if (solver && solver.fact.state === 'merged' && solver.fact.mergedAt !== null) solverNumberOf.set(item.number, f.closer_number);
  }
  // One issue per solving pull request: the earliest created, across all authors.
  const credited = new Map<number, ScoringItemRow>();
  for (const [issueNumber, solverNumber] of solverNumberOf) {
    const issue = byNumber.get(issueNumber)!;
    const best = credited.get(solverNumber);
    if (!best || issue.created_at < best.created_at || (issue.created_at === best.created_at && issue.number < best.number)) credited.set(solverNumber, issue);
  }

  const authors = new Map<string, AuthorInputs>();
  const newest = new Map<string, ScoringItemRow>();
  const authorOf = (key: string): AuthorInputs => {
    let a = authors.get(key);
    if (!a) {
      const githubId = authorGithubId.get(key) ?? minerIdByLogin.get(key) ?? null;
      const registeredRows = githubId ? (minersById.get(githubId) ?? []) : [];
      a = {
        key,
        login: key,
        githubId,
        registered: registeredRows.length > 0,
        identity: { login: key, githubId: canonicalId(key), ...(registeredRows.some((m) => m.shared_account === 1) ? { duplicateAccount: true } : {}) },
        pulls: [],
        issues: [],
        pullIds: new Map(),
        pendingPulls: new Map(),
        pendingIssues: new Map(),
        inputsVersion: '',
      };
      authors.set(key, a);
    }
    return a;
  };

  for (const item of live) {
    const key = item.author_key;
    if (!key) continue;
    // A transferred issue belongs to another repository now.
    if (item.is_pull !== 1 && item.gone !== null) continue;
    const a = authorOf(key);
    const seen = newest.get(key);
    if (!seen || item.updated_at >= seen.updated_at) newest.set(key, item);
    if (item.is_pull === 1) {
      const p = pulls.get(item.number)!;
      a.pulls.push(p.fact);
      a.pullIds.set(item.number, item.id);
      if (p.pending.length > 0) a.pendingPulls.set(item.number, p.pending);
      continue;
    }
    const f = issueFacts.get(item.id);
    const solverNumber = solverNumberOf.get(item.number);
    const solverPull = solverNumber === undefined ? undefined : pulls.get(solverNumber);
    const solver: SolverFact | null = solverPull
      ? {
          repoFullName: solverPull.fact.repoFullName,
          defaultBranch: solverPull.fact.defaultBranch,
          baseRef: solverPull.fact.baseRef,
          headRef: solverPull.fact.headRef,
          headRepoFullName: solverPull.fact.headRepoFullName,
          tokenScore: solverPull.fact.tokenScore,
          sourceTokenScore: solverPull.fact.sourceTokenScore,
          totalTokenScore: solverPull.fact.totalTokenScore,
          number: solverPull.fact.number,
          authorGithubId: solverPull.fact.authorGithubId,
          mergedAt: solverPull.fact.mergedAt!,
          editedAfterMerge: solverPull.fact.editedAfterMerge,
          labels: solverPull.fact.labels,
          maintainerChangesRequested: solverPull.fact.maintainerChangesRequested,
          creditedIssueNumber: credited.get(solverPull.fact.number)!.number,
        }
      : null;
    a.issues.push({
      number: item.number,
      authorAssociation: item.author_association,
      createdAt: Date.parse(item.created_at),
      state: item.state,
      stateReason: item.state_reason,
      closedAt: ms(item.closed_at),
      lastEditedAt: ms(f?.last_edited_at ?? null),
      solver,
    });
    const pending: PendingCode[] = [];
    if (item.state === 'closed' && (!f || f.item_updated_at < item.updated_at)) pending.push('facts_pending');
    if (solverPull) for (const c of solverPull.pending) if (!pending.includes(c)) pending.push(c);
    if (pending.length > 0) a.pendingIssues.set(item.number, pending);
  }

  const policyText = `${repo.entry}\n${repo.default_branch ?? ''}`;
  for (const a of authors.values()) {
    const item = newest.get(a.key);
    if (item?.author) a.login = item.author;
    a.identity = { ...a.identity, login: a.login };
    a.inputsVersion = createHash('sha1')
      .update(JSON.stringify([SCORING_INPUTS_VERSION, policyText, a.identity, a.registered, a.githubId, a.pulls, a.issues, [...a.pendingPulls], [...a.pendingIssues], [...a.pullIds]]))
      .digest('base64url')
      .slice(0, 22);
  }
  return { policy, policyProblem: problem, authors: [...authors.values()].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0)) };
}
