import { baseScore } from './base-score.ts';
import { cliffState, type CliffState } from './cliff.ts';
import { decayFactor } from './decay.ts';
import { eligibility, type Eligibility } from './eligibility.ts';
import { isMaintainer, type IssueFact, type MinerIdentity } from './facts.ts';
import { branchGate } from './merge-gate.ts';
import { labelFactor, reviewFactor } from './multipliers.ts';
import type { RepoPolicy } from './policy.ts';
import { reason, type Reason, type ReasonCode } from './reasons.ts';
import { round2 } from './round.ts';
import { inWindow } from './window.ts';

export interface IssueStanding {
  number: number;
  state: 'open' | 'closed';
  counted: boolean;
  excluded: ReasonCode | null;
  solved: boolean;
  /** Solved by a pull request whose token score reaches the minimum. */
  validSolve: boolean;
  solverNumber: number | null;
  base: number;
  multipliers: { label: number; decay: number; review: number; credibility: number; spam: number };
  earned: number;
  reasons: ReasonCode[];
  explain: Reason[];
}

export interface IssueSide {
  eligibility: Eligibility;
  solved: number;
  validSolved: number;
  closedUnsolved: number;
  open: number;
  cliff: CliffState;
  total: number;
  blockedBy: Reason[];
  issues: IssueStanding[];
}

const ISSUE_GATE_WORDS = { belowMin: 'below_min_solved_issues', credBelow: 'issue_credibility_below_min', noun: 'valid solved issue', verb: 'get solved' } as const;

function blank(i: IssueFact, counted: boolean, why: Reason | null): IssueStanding {
  return {
    number: i.number,
    state: i.state,
    counted,
    excluded: counted ? null : (why?.code ?? null),
    solved: false,
    validSolve: false,
    solverNumber: i.solver?.number ?? null,
    base: 0,
    multipliers: { label: 1, decay: 1, review: 1, credibility: 0, spam: 1 },
    earned: 0,
    reasons: why ? [why.code] : [],
    explain: why ? [why] : [],
  };
}

/** Why a closed issue does not count as solved, or null when it does. */
function unsolvedBecause(i: IssueFact, policy: RepoPolicy): Reason | null {
  if ((i.stateReason ?? '').toLowerCase() !== 'completed') return reason('issue_not_completed', `closed as ${i.stateReason ?? 'unknown'}, not completed`);
  const s = i.solver;
  if (!s) return reason('no_solver', 'no merged pull request of the repository closed it');
  const gate = branchGate(s, policy);
  if (gate) return { ...gate, detail: `its solver #${s.number}: ${gate.detail}` };
  if (s.editedAfterMerge) return reason('edited_after_merge', `its solver #${s.number} was edited after it merged`);
  if (i.lastEditedAt !== null && i.lastEditedAt > s.mergedAt) return reason('issue_edited_after_merge', `the issue was edited after #${s.number} merged`);
  return null;
}

/**
 * Issue discovery (`issue_discovery/`): a miner's issues in the window, solved or
 * not; the gate (valid solves and issue credibility); the open-issue cliff; and per
 * scoring issue earned = solver base × solver label × decay(solver merge) × solver
 * review × issue credibility × spam, rounded to 2 decimals.
 */
export function evaluateIssues(policy: RepoPolicy, now: number, miner: MinerIdentity, issues: readonly IssueFact[]): IssueSide {
  const lookback = policy.scoring.prLookbackDays;
  const e = policy.eligibility;
  const out: IssueStanding[] = [];
  const solvedOnes: { i: IssueFact; s: IssueStanding }[] = [];
  let open = 0;
  let closedUnsolved = 0;
  let validSolved = 0;
  for (const i of issues) {
    if (isMaintainer(i.authorAssociation)) {
      out.push(blank(i, false, reason('maintainer_author', `opened by a ${i.authorAssociation} of the repository`)));
      continue;
    }
    if (!inWindow(i.state === 'open' ? i.createdAt : i.closedAt, now, lookback)) {
      out.push(blank(i, false, reason('outside_window', `${i.state === 'open' ? 'opened' : 'closed'} more than ${lookback} days ago`)));
      continue;
    }
    if (i.state === 'open') {
      open++;
      out.push(blank(i, true, null));
      continue;
    }
    const why = unsolvedBecause(i, policy);
    if (why) {
      closedUnsolved++;
      out.push(blank(i, true, why));
      continue;
    }
    const s = blank(i, true, null);
    s.solved = true;
    s.validSolve = i.solver!.tokenScore >= e.minTokenScoreForValidIssue;
    if (s.validSolve) validSolved++;
    solvedOnes.push({ i, s });
    out.push(s);
  }

  const solved = solvedOnes.length;
  // The gate counts valid solves; credibility is solved / (solved + closed unsolved), as subnet-rules.md states it.
  const elig = eligibility(validSolved, closedUnsolved, e.minValidSolvedIssues, e.minIssueCredibility, ISSUE_GATE_WORDS, solved);

  const scoring: { i: IssueFact; s: IssueStanding }[] = [];
  for (const x of solvedOnes) {
    const solver = x.i.solver!;
    const why = !x.s.validSolve
      ? reason('solver_token_score_low', `its solver #${solver.number} has token score ${solver.tokenScore}, below ${e.minTokenScoreForValidIssue}`)
      : solver.authorGithubId === miner.githubId
        ? reason('self_solved', `solved by the issue's own author (#${solver.number}): counts for credibility, earns nothing`)
        : solver.creditedIssueNumber !== x.i.number
          ? reason('solver_already_credited', `#${solver.number} already pays for the earlier issue #${solver.creditedIssueNumber}`)
          : null;
    if (why) {
      x.s.explain.push(why);
      x.s.reasons.push(why.code);
    } else scoring.push(x);
  }
  const tokenSum = scoring.reduce((t, x) => t + x.i.solver!.tokenScore, 0);
  const cliff = cliffState(open, tokenSum, { base: e.openIssueSpamBaseThreshold, perSlot: e.openIssueSpamTokenScorePerSlot, max: e.maxOpenIssueThreshold });
  const cliffReason = cliff.fired ? reason('open_issue_cliff', `${open} open issues, at most ${cliff.threshold} allowed`, `close ${cliff.overBy} open issue${cliff.overBy === 1 ? '' : 's'}`) : null;
  const cred = round2(elig.credibility);
  let total = 0;
  for (const { i, s } of scoring) {
    const solver = i.solver!;
    s.base = baseScore(solver, policy);
    const label = labelFactor(solver.labels, policy);
    const review = reviewFactor(solver.maintainerChangesRequested, policy);
    s.multipliers = { label: label.value, decay: decayFactor(solver.mergedAt, now, policy.scoring.timeDecay), review: review.value, credibility: cred, spam: cliff.fired ? 0 : 1 };
    const m = s.multipliers;
    s.earned = round2(s.base * m.label * m.decay * m.review * m.credibility * m.spam);
    s.explain.push(...label.reasons, ...review.reasons, ...(cliffReason ? [cliffReason] : []), ...elig.blockedBy);
    s.reasons = s.explain.map((r) => r.code);
    total += s.earned;
  }
  out.sort((a, b) => a.number - b.number);
  const blockedBy = [...elig.blockedBy, ...(cliffReason ? [cliffReason] : [])];
  return { eligibility: elig, solved, validSolved, closedUnsolved, open, cliff, total: elig.eligible ? total : 0, blockedBy, issues: out };
}
