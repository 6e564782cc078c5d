/**
 * The stored, served form of an evaluation: the contract's field names
 * ("Subnet routes"), scores to 2 decimals, times ISO 8601 UTC. The scoring job
 * builds these once; routes and `score explain` only read them.
 */
import type { RepoStanding } from '../subnet/evaluate.ts';
import type { IssueStanding } from '../subnet/issue-discovery.ts';
import type { Projection } from '../subnet/projection.ts';
import type { PullStanding } from '../subnet/pulls.ts';
import type { Reason } from '../subnet/reasons.ts';
import { round2 } from '../subnet/round.ts';

/**
 * The hub's own codes for what it does not know yet. They are not the rules' "no"s
 * (src/core/subnet/reasons.ts): a pending pull request is counted with what is known,
 * and says so.
 */
export const PENDING_CODES = ['facts_pending', 'token_score_pending'] as const;
export type PendingCode = (typeof PENDING_CODES)[number];

export const PENDING_REASONS: Readonly<Record<PendingCode, ExplainEntry>> = {
  facts_pending: {
    code: 'facts_pending',
    detail: "the hub has not fetched all of this item's facts yet (reviews, who applied each label, who merged it, its edits, linked issues), or they predate its last change: counted with what is known",
    lever: null,
  },
  token_score_pending: {
    code: 'token_score_pending',
    detail: 'the token score of its head commit is not computed yet: it counts as 0 (base 0) until it is',
    lever: null,
  },
};

export interface ExplainEntry {
  code: string;
  detail: string;
  lever: string | null;
}

export interface MultipliersEntry {
  issue: number;
  label: number;
  decay: number;
  review: number;
  spam: number;
}

export interface PullEntry {
  number: number;
  state: 'open' | 'merged' | 'closed';
  counted: boolean;
  excluded: string | null;
  base: number;
  token_score: number;
  multipliers: MultipliersEntry;
  /** Open pull requests: collateral's review factor. */
  collateral_review: number | null;
  earned: number;
  collateral: number;
  reasons: string[];
  explain: ExplainEntry[];
  /** What the hub does not know yet about this pull request (empty when everything is in). */
  pending: PendingCode[];
}

export interface ProjectionEntry {
  /** Open: what it would earn merged now. Merged: what it earns today. */
  earned_now: number;
  multipliers: MultipliersEntry;
  reasons: string[];
  curve: { grace_ends_at: string; halves_at: string | null; floor_at: string | null; floor: number };
  next_drop_at: string | null;
  earned_after_drop: number | null;
}

export type ScoredPullEntry = PullEntry & { projection: ProjectionEntry | null };

export interface IssueEntry {
  number: number;
  state: 'open' | 'closed';
  counted: boolean;
  excluded: string | null;
  solved: boolean;
  valid_solve: boolean;
  solver_number: number | null;
  base: number;
  multipliers: { label: number; decay: number; review: number; credibility: number; spam: number };
  earned: number;
  reasons: string[];
  explain: ExplainEntry[];
  pending: PendingCode[];
}

export interface RepoEntry {
  repo: string;
  eligible: boolean;
  merged: number;
  closed: number;
  open: number;
  credibility: number;
  open_pr_threshold: number;
  open_pr_slots_left: number;
  open_pr_cliff: boolean;
  earned: number;
  collateral: number;
  total: number;
  blocked_by: string[];
  blocked_by_explain: ExplainEntry[];
  /** Pull requests counted with facts still to come. */
  pending_pulls: number;
  pulls: PullEntry[];
  issue_discovery: {
    eligible: boolean;
    solved: number;
    valid_solved: number;
    closed_unsolved: number;
    open: number;
    credibility: number;
    open_issue_threshold: number;
    open_issue_cliff: boolean;
    total: number;
    blocked_by: string[];
    blocked_by_explain: ExplainEntry[];
    issues: IssueEntry[];
  };
  computed_at: string;
  /** Fingerprint of what this evaluation read (facts, token scores, policy, registration). */
  inputs_version: string;
}

const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z'));
const explainOf = (reasons: readonly Reason[]): ExplainEntry[] => reasons.map((r) => ({ code: r.code, detail: r.detail, lever: r.lever }));
const multipliersOf = (m: PullStanding['multipliers']): MultipliersEntry => ({ issue: round2(m.issue), label: round2(m.label), decay: round2(m.decay), review: round2(m.review), spam: round2(m.spam) });

export function pullEntry(p: PullStanding, pending: readonly PendingCode[] = []): PullEntry {
  return {
    number: p.number,
    state: p.state,
    counted: p.counted,
    excluded: p.excluded,
    base: round2(p.base),
    token_score: round2(p.tokenScore),
    multipliers: multipliersOf(p.multipliers),
    collateral_review: p.collateralReview === null ? null : round2(p.collateralReview),
    earned: round2(p.earned),
    collateral: round2(p.collateral),
    reasons: [...p.reasons, ...pending],
    explain: [...explainOf(p.explain), ...pending.map((c) => PENDING_REASONS[c])],
    pending: [...pending],
  };
}

export function projectionEntry(pr: Projection): ProjectionEntry {
  return {
    earned_now: round2(pr.earnedNow),
    multipliers: multipliersOf(pr.standing.multipliers),
    reasons: [...pr.standing.reasons],
    curve: { grace_ends_at: iso(pr.curve.graceEndsAt)!, halves_at: iso(pr.curve.halvesAt), floor_at: iso(pr.curve.floorAt), floor: round2(pr.curve.floor) },
    next_drop_at: iso(pr.nextDropAt),
    earned_after_drop: pr.earnedAfterDrop === null ? null : round2(pr.earnedAfterDrop),
  };
}

function issueEntry(i: IssueStanding, pending: readonly PendingCode[]): IssueEntry {
  const m = i.multipliers;
  return {
    number: i.number,
    state: i.state,
    counted: i.counted,
    excluded: i.excluded,
    solved: i.solved,
    valid_solve: i.validSolve,
    solver_number: i.solverNumber,
    base: round2(i.base),
    multipliers: { label: round2(m.label), decay: round2(m.decay), review: round2(m.review), credibility: round2(m.credibility), spam: round2(m.spam) },
    earned: round2(i.earned),
    reasons: [...i.reasons, ...pending],
    explain: [...explainOf(i.explain), ...pending.map((c) => PENDING_REASONS[c])],
    pending: [...pending],
  };
}

export interface RepoEntryExtras {
  pendingPulls: ReadonlyMap<number, readonly PendingCode[]>;
  pendingIssues: ReadonlyMap<number, readonly PendingCode[]>;
  computedAt: number;
  inputsVersion: string;
}

export function repoEntry(s: RepoStanding, x: RepoEntryExtras): RepoEntry {
  const d = s.issueDiscovery;
  return {
    repo: s.repo,
    eligible: s.eligible,
    merged: s.merged,
    closed: s.closed,
    open: s.open,
    credibility: round2(s.credibility),
    open_pr_threshold: s.openPrThreshold,
    open_pr_slots_left: s.openPrSlotsLeft,
    open_pr_cliff: s.openPrCliff,
    earned: round2(s.earned),
    collateral: round2(s.collateral),
    total: round2(s.total),
    blocked_by: s.blockedBy.map((r) => r.code),
    blocked_by_explain: explainOf(s.blockedBy),
    pending_pulls: s.pulls.filter((p) => (x.pendingPulls.get(p.number)?.length ?? 0) > 0).length,
    pulls: s.pulls.map((p) => pullEntry(p, x.pendingPulls.get(p.number))),
    issue_discovery: {
      eligible: d.eligibility.eligible,
      solved: d.solved,
      valid_solved: d.validSolved,
      closed_unsolved: d.closedUnsolved,
      open: d.open,
      credibility: round2(d.eligibility.credibility),
      open_issue_threshold: d.cliff.threshold,
      open_issue_cliff: d.cliff.fired,
      total: round2(d.total),
      blocked_by: d.blockedBy.map((r) => r.code),
      blocked_by_explain: explainOf(d.blockedBy),
      issues: d.issues.map((i) => issueEntry(i, x.pendingIssues.get(i.number) ?? [])),
    },
    computed_at: iso(x.computedAt)!,
    inputs_version: x.inputsVersion,
  };
}
