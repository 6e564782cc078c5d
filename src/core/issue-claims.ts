/**
 * What the item panel says about an issue (docs/scoring.md, "Solving an issue"):
 * whether several miners' open pull requests claim it (a collision), and what a
 * pull request solving it would earn under the repository's rules. Pure: the
 * route hands in the issue's stored links and the repository's policy.
 */
import { round2 } from './subnet/round.ts';
import { isMaintainer } from './subnet/facts.ts';
import { multiplierFor } from './subnet/multipliers.ts';
import type { RepoPolicy } from './subnet/policy.ts';

export interface ClaimingPull {
  repo: string;
  number: number;
  status: string;
  author: string | null;
}

// Shares are fractions: six places keep them exact to a millionth without float noise (0.15000000000000002).
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

export interface Collision {
  /** The open and draft pull requests that claim the issue, earliest opened first. */
  pulls: Array<{ repo: string; number: number; author: string }>;
  /** Their distinct authors (two or more). */
  authors: string[];
}

/** Two or more authors (in any letter case) with open or draft pull requests on the issue; null otherwise. */
export function collisionOf(pulls: readonly ClaimingPull[]): Collision | null {
  const open = pulls.filter((p) => (p.status === 'open' || p.status === 'draft') && p.author !== null);
  const authors = new Map<string, string>();
  for (const p of open) if (!authors.has(p.author!.toLowerCase())) authors.set(p.author!.toLowerCase(), p.author!);
  if (authors.size < 2) return null;
  return { pulls: open.map((p) => ({ repo: p.repo, number: p.number, author: p.author! })), authors: [...authors.values()] };
}

export interface SolveReward {
  /** What a valid linked issue multiplies the solving pull request's score by. */
  issue_multiplier: number;
  issue_multiplier_reason: string;
  /** The label multiplier the issue's labels carry when a maintainer puts them on the pull request; the default otherwise. */
  label_multiplier: number;
  label: string | null;
  /** issue × label: the factor solving it adds to a pull request's base score. */
  factor: number;
  emission_share: number;
  issue_discovery_share: number;
  /** Fractions of the miners' pool before the maintainer carve and idle repositories' shares: share × (1 − q) and share × q. */
  pr_pool_share: number;
  issue_pool_share: number;
  maintainer_cut: number;
}

export function solveReward(policy: RepoPolicy, issue: { authorAssociation: string | null; labels: readonly string[] }): SolveReward {
  const maintainer = isMaintainer(issue.authorAssociation);
  const s = policy.scoring;
  let best: number | null = null;
  let label: string | null = null;
  for (const name of issue.labels) {
    const m = multiplierFor(name, policy);
    if (m !== null && (best === null || m > best)) [best, label] = [m, name];
  }
  const issueMultiplier = maintainer ? s.maintainerIssueMultiplier : s.standardIssueMultiplier;
  const labelMultiplier = best ?? policy.defaultLabelMultiplier;
  return {
    issue_multiplier: round2(issueMultiplier),
    issue_multiplier_reason: maintainer ? 'opened by a maintainer: the maintainer issue multiplier' : 'opened by a contributor: the standard issue multiplier',
    label_multiplier: round2(labelMultiplier),
    label,
    factor: round2(issueMultiplier * labelMultiplier),
    emission_share: policy.emissionShare,
    issue_discovery_share: policy.issueDiscoveryShare,
    pr_pool_share: round6(policy.emissionShare * (1 - policy.issueDiscoveryShare)),
    issue_pool_share: round6(policy.emissionShare * policy.issueDiscoveryShare),
    maintainer_cut: policy.maintainerCut,
  };
}
