import type { IssueFact, MinerIdentity, PullFact } from './facts.ts';
import { evaluateIssues, type IssueSide } from './issue-discovery.ts';
import type { RepoPolicy } from './policy.ts';
import { evaluatePulls, type PullSide } from './pulls.ts';
import { reason, type Reason, type ReasonCode } from './reasons.ts';

/**
 * A miner's whole standing in one repository. Field names follow the contract's
 * `/api/miners/{login}/standing` repo entry; a presenter rounds to 2 decimals and
 * maps `blockedBy` to codes.
 */
export interface RepoStanding {
  repo: string;
  eligible: boolean;
  merged: number;
  closed: number;
  open: number;
  credibility: number;
  gates: PullSide['eligibility'];
  openPrThreshold: number;
  openPrSlotsLeft: number;
  openPrCliff: boolean;
  earned: number;
  collateral: number;
  total: number;
  blockedBy: Reason[];
  pulls: PullSide['pulls'];
  issueDiscovery: IssueSide;
}

export interface MinerStanding {
  login: string;
  githubId: string;
  /** Eligible in at least one repository. */
  eligible: boolean;
  issueEligible: boolean;
  repos: RepoStanding[];
}

export interface RepoActivity {
  policy: RepoPolicy;
  pulls: readonly PullFact[];
  issues: readonly IssueFact[];
}

/** The one entry point: a repository's policy, the time, and one miner's pull requests and issues in it. */
export function evaluateRepo(policy: RepoPolicy, now: number, miner: MinerIdentity, pulls: readonly PullFact[], issues: readonly IssueFact[]): RepoStanding {
  const side = evaluatePulls(policy, now, pulls);
  const issueSide = evaluateIssues(policy, now, miner, issues);
  const standing: RepoStanding = {
    repo: policy.repo,
    eligible: side.eligibility.eligible,
    merged: side.merged,
    closed: side.closed,
    open: side.open,
    credibility: side.eligibility.credibility,
    gates: side.eligibility,
    openPrThreshold: side.cliff.threshold,
    openPrSlotsLeft: side.cliff.slotsLeft,
    openPrCliff: side.cliff.fired,
    earned: side.earned,
    collateral: side.collateral,
    total: side.total,
    blockedBy: side.blockedBy,
    pulls: side.pulls,
    issueDiscovery: issueSide,
  };
  if (miner.duplicateAccount) zeroDuplicate(standing);
  return standing;
}

/** Several miners on one GitHub account: the validator zeroes every one of them. */
function zeroDuplicate(s: RepoStanding): void {
  const why = reason('duplicate_account', 'several miners are registered with this GitHub account; all of them score 0', 'keep one miner per GitHub account');
  s.eligible = false;
  s.total = 0;
  s.blockedBy = [why, ...s.blockedBy];
  s.issueDiscovery.total = 0;
  s.issueDiscovery.blockedBy = [why, ...s.issueDiscovery.blockedBy];
  for (const p of s.pulls)
    if (p.state === 'merged' && p.excluded === null) {
      p.earned = 0;
      p.explain = [why, ...p.explain];
      p.reasons = [why.code, ...p.reasons];
    }
}

export function evaluateMiner(miner: MinerIdentity, now: number, repos: readonly RepoActivity[]): MinerStanding {
  const standings = repos.map((r) => evaluateRepo(r.policy, now, miner, r.pulls, r.issues));
  return {
    login: miner.login,
    githubId: miner.githubId,
    eligible: standings.some((s) => s.eligible),
    issueEligible: standings.some((s) => s.issueDiscovery.eligibility.eligible && !miner.duplicateAccount),
    repos: standings,
  };
}

export const codes = (reasons: readonly Reason[]): ReasonCode[] => reasons.map((r) => r.code);
