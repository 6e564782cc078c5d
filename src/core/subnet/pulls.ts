import { baseScore } from './base-score.ts';
import { cliffState, type CliffState } from './cliff.ts';
import { collateral } from './collateral.ts';
import { decayFactor } from './decay.ts';
import { eligibility, type Eligibility } from './eligibility.ts';
import { isMaintainer, type PullFact } from './facts.ts';
import { mergeGate } from './merge-gate.ts';
import { issueFactor, labelFactor, reviewFactor } from './multipliers.ts';
import type { RepoPolicy } from './policy.ts';
import { NO_CODES, NO_REASONS, reason, type Reason, type ReasonCode } from './reasons.ts';
import { inWindow, pullAnchor } from './window.ts';

export interface Multipliers {
  issue: number;
  label: number;
  decay: number;
  review: number;
  spam: number;
}

/** One pull request's standing: every factor, what it earns or holds, and why. */
export interface PullStanding {
  number: number;
  state: 'open' | 'merged' | 'closed';
  /** Counts towards the miner's merged / closed / open numbers. */
  counted: boolean;
  /** Why it is dropped entirely, or null. */
  excluded: ReasonCode | null;
  base: number;
  tokenScore: number;
  multipliers: Multipliers;
  /** For an open pull request, collateral's review factor (min(2, 1 + rate · N)). */
  collateralReview: number | null;
  /** Unrounded, as the validator sums it (present to 2 decimals). */
  earned: number;
  collateral: number;
  reasons: readonly ReasonCode[];
  explain: readonly Reason[];
}

export interface PullSide {
  eligibility: Eligibility;
  merged: number;
  closed: number;
  open: number;
  cliff: CliffState;
  earned: number;
  collateral: number;
  /** max(0, Σ earned − Σ collateral) where eligible, else 0. */
  total: number;
  blockedBy: Reason[];
  pulls: PullStanding[];
}

/** Closed and dropped pull requests have no factors: one shared, frozen, neutral set. */
const NO_MULTIPLIERS: Multipliers = Object.freeze({ issue: 1, label: 1, decay: 1, review: 1, spam: 1 });

function dropped(p: PullFact, why: Reason): PullStanding {
  return { number: p.number, state: p.state, counted: false, excluded: why.code, base: 0, tokenScore: p.tokenScore, multipliers: NO_MULTIPLIERS, collateralReview: null, earned: 0, collateral: 0, reasons: [why.code], explain: [why] };
}

/** The codes of a list of reasons, sharing the empty list. */
function codesOf(explain: readonly Reason[]): readonly ReasonCode[] {
  return explain.length === 0 ? NO_CODES : explain.map((r) => r.code);
}

/** Concatenates reason lists, allocating only when there is something to keep. */
function joined(...lists: (readonly Reason[])[]): readonly Reason[] {
  let out: Reason[] | null = null;
  for (const l of lists) if (l.length > 0) (out ??= []).push(...l);
  return out ?? NO_REASONS;
}

/** Every pull request of one miner in one repository, judged together (the cliff and the gates are per miner and repository). */
export function evaluatePulls(policy: RepoPolicy, now: number, pulls: readonly PullFact[]): PullSide {
  const lookback = policy.scoring.prLookbackDays;
  const out: PullStanding[] = [];
  const merged: PullFact[] = [];
  const open: PullFact[] = [];
  let closed = 0;
  // Reasons are immutable: one object per kind, shared by every pull request it applies to.
  const outside = {
    merged: reason('outside_window', `merged more than ${lookback} days ago`),
    opened: reason('outside_window', `opened more than ${lookback} days ago`),
  };
  const maintainerReasons = new Map<string, Reason>();
  for (const p of pulls) {
    if (isMaintainer(p.authorAssociation)) {
      const a = p.authorAssociation!;
      let why = maintainerReasons.get(a);
      if (!why) maintainerReasons.set(a, (why = reason('maintainer_author', `its author is a ${a} of the repository`)));
      out.push(dropped(p, why));
      continue;
    }
    // A merged pull request with no merge time has no anchor: the gate says so, not the window.
    if (p.state === 'merged' && p.mergedAt === null) {
      out.push(dropped(p, mergeGate(p, policy)!));
      continue;
    }
    if (!inWindow(pullAnchor(p), now, lookback)) {
      out.push(dropped(p, p.state === 'merged' ? outside.merged : outside.opened));
      continue;
    }
    if (p.state === 'merged') {
      const gate = mergeGate(p, policy);
      if (gate) out.push(dropped(p, gate));
      else merged.push(p);
    } else if (p.state === 'open') open.push(p);
    else {
      closed++;
      out.push({ number: p.number, state: 'closed', counted: true, excluded: null, base: 0, tokenScore: p.tokenScore, multipliers: NO_MULTIPLIERS, collateralReview: null, earned: 0, collateral: 0, reasons: NO_CODES, explain: NO_REASONS });
    }
  }

  const elig = eligibility(merged.length, closed, policy.eligibility.minValidMergedPrs, policy.eligibility.minCredibility);
  const tokenSum = merged.reduce((s, p) => s + p.tokenScore, 0);
  const e = policy.eligibility;
  const cliff = cliffState(open.length, tokenSum, { base: e.excessivePrPenaltyBaseThreshold, perSlot: e.openPrThresholdTokenScore, max: e.maxOpenPrThreshold });
  const cliffReason = cliff.fired
    ? reason('open_pr_cliff', `${open.length} open pull requests, at most ${cliff.threshold} allowed`, `close ${cliff.overBy} open PR${cliff.overBy === 1 ? '' : 's'}`)
    : null;

  // Repository-level reasons, shared by every merged pull request.
  const shared = joined(cliffReason ? [cliffReason] : NO_REASONS, elig.blockedBy);
  let earnedSum = 0;
  for (const p of merged) {
    const s = scoreMerged(p, policy, now, cliff.fired, shared);
    earnedSum += s.earned;
    out.push(s);
  }
  let collateralSum = 0;
  for (const p of open) {
    const s = scoreOpen(p, policy);
    collateralSum += s.collateral;
    out.push(s);
  }
  out.sort((a, b) => a.number - b.number);
  const blockedBy = [...elig.blockedBy, ...(cliffReason ? [cliffReason] : [])];
  return {
    eligibility: elig,
    merged: merged.length,
    closed,
    open: open.length,
    cliff,
    earned: earnedSum,
    collateral: collateralSum,
    total: elig.eligible ? Math.max(0, earnedSum - collateralSum) : 0,
    blockedBy,
    pulls: out,
  };
}

/** earned = base × issue × label × spam × decay × review, each factor to 2 decimals. */
export function scoreMerged(p: PullFact, policy: RepoPolicy, now: number, cliffFired: boolean, shared: readonly Reason[] = NO_REASONS): PullStanding {
  const base = baseScore(p, policy);
  const mergedAt = p.mergedAt ?? now;
  const issue = issueFactor(p.linkedIssues, { authorGithubId: p.authorGithubId, createdAt: p.createdAt, merged: { mergedAt, editedAfterMerge: p.editedAfterMerge } }, policy);
  const label = labelFactor(p.labels, policy);
  const decay = decayFactor(mergedAt, now, policy.scoring.timeDecay);
  const review = reviewFactor(p.maintainerChangesRequested, policy);
  const spam = cliffFired ? 0 : 1;
  const explain = joined(issue.reasons, label.reasons, review.reasons, shared);
  const multipliers = { issue: issue.value, label: label.value, decay, review: review.value, spam };
  return {
    number: p.number,
    state: 'merged',
    counted: true,
    excluded: null,
    base,
    tokenScore: p.tokenScore,
    multipliers,
    collateralReview: null,
    earned: base * multipliers.issue * multipliers.label * multipliers.spam * multipliers.decay * multipliers.review,
    collateral: 0,
    reasons: codesOf(explain),
    explain,
  };
}

export function scoreOpen(p: PullFact, policy: RepoPolicy): PullStanding {
  const base = baseScore(p, policy);
  const issue = issueFactor(p.linkedIssues, { authorGithubId: p.authorGithubId, createdAt: p.createdAt, merged: null }, policy);
  const label = labelFactor(p.labels, policy);
  const held = collateral(base, issue.value, label.value, p.maintainerChangesRequested, policy);
  const review = p.maintainerChangesRequested > 0 ? [reason('changes_requested', `${p.maintainerChangesRequested} maintainer review(s) requested changes: collateral × ${held.review}`)] : NO_REASONS;
  const explain = joined(issue.reasons, label.reasons, review);
  return {
    number: p.number,
    state: 'open',
    counted: true,
    excluded: null,
    base,
    tokenScore: p.tokenScore,
    multipliers: { issue: issue.value, label: label.value, decay: 1, review: 1, spam: 1 },
    collateralReview: held.review,
    earned: 0,
    collateral: held.value,
    reasons: codesOf(explain),
    explain,
  };
}
