/**
 * The validators' official scores in the simulated subnet. A simple stand-in for
 * the real rules (docs/simulator.md, "The subnet's services"), enough to be
 * consistent with the simulated GitHub: its miners' pull requests are the scored
 * ones, and a merged pull request's score decays with the simulator clock.
 *
 *   token score T = 10 + (seeded hash of repository and number) mod 590
 *   base          = 25 · (1 − e^(−T/58)) + min(1, T/1500) · 5
 *   issue         = 1.33 when the PR closes an issue of its repository, else 1
 *   decay         = 1 within 12 h of the merge, then max(1 / (1 + e^(0.4 (d − 10))), 0.05), d in days
 *   label, review and spam multipliers are 1
 *   score         = base · issue · decay (merged), 0 otherwise; each factor rounded to 2 decimals
 *   collateral    = base · issue · 0.20 (open PRs only)
 *
 * PRs whose author is OWNER, MEMBER or COLLABORATOR of the repository are dropped,
 * as the validator drops them. Miners sharing a GitHub account score 0.
 */
import { mix32 } from '../random.ts';
import { fullNameOf } from '../repos.ts';
import { F_OPEN } from '../store.ts';
import { closingTruth } from '../truth.ts';
import type { World } from '../world.ts';
import { simMiners, type SimMiner } from './identity.ts';

export interface SimPrScore {
  repository: string;
  repoIndex: number;
  number: number;
  userIndex: number;
  state: 'OPEN' | 'MERGED' | 'CLOSED';
  createdAt: number;
  mergedAt: number | null;
  closedAt: number | null;
  tokenScore: number;
  baseScore: number;
  issueMultiplier: number;
  timeDecayMultiplier: number;
  score: number;
  collateralScore: number;
  linkedIssues: number[];
}

export interface SimMinerTotals {
  miner: SimMiner;
  totalScore: number;
  baseTotalScore: number;
  totalOpenPrs: number;
  totalClosedPrs: number;
  totalMergedPrs: number;
  credibility: number;
  isEligible: boolean;
  totalCollateralScore: number;
  failedReason: string | null;
}

const round2 = (v: number) => Math.round(v * 100) / 100;
const DROPPED = new Set(['OWNER', 'MEMBER', 'COLLABORATOR']);

export function decayAt(mergedAtSec: number, nowSec: number): number {
  const hours = (nowSec - mergedAtSec) / 3600;
  if (hours <= 12) return 1;
  const days = hours / 24;
  return round2(Math.max(1 / (1 + Math.exp(0.4 * (days - 10))), 0.05));
}

export function baseScoreOf(tokenScore: number): number {
  return round2(25 * (1 - Math.exp(-tokenScore / 58)) + Math.min(1, tokenScore / 1500) * 5);
}

/** Every live pull request by a registered miner, scored at the simulator's now. */
export function simPrScores(world: World): SimPrScore[] {
  const minerUsers = new Set(simMiners(world).map((m) => m.userIndex));
  const out: SimPrScore[] = [];
  for (const state of world.repos) {
    const s = state.items;
    const r = state.meta.index;
    for (let i = 0; i < s.count; i++) {
      if (!s.isPr(i) || !s.isLive(i) || !minerUsers.has(s.author[i]!)) continue;
      if (DROPPED.has(world.users.associationOf(s.author[i]!, r, world.seed))) continue;
      const number = i + 1;
      const merged = s.merged[i]! > 0;
      const open = s.has(i, F_OPEN);
      const self = fullNameOf(state.meta).toLowerCase();
      const linked = closingTruth(world, state, number).all.filter((ref) => ref.repo.toLowerCase() === self).map((ref) => ref.number);
      const tokenScore = 10 + (mix32(world.seed, r, number, 0x70c) % 590);
      const baseScore = baseScoreOf(tokenScore);
      const issueMultiplier = linked.length > 0 ? 1.33 : 1;
      const timeDecayMultiplier = merged ? decayAt(s.merged[i]!, world.nowSec) : 1;
      out.push({
        repository: fullNameOf(state.meta),
        repoIndex: r,
        number,
        userIndex: s.author[i]!,
        state: merged ? 'MERGED' : open ? 'OPEN' : 'CLOSED',
        createdAt: s.created[i]!,
        mergedAt: merged ? s.merged[i]! : null,
        closedAt: open ? null : s.closed[i]! || null,
        tokenScore,
        baseScore,
        issueMultiplier,
        timeDecayMultiplier,
        score: merged ? round2(baseScore * issueMultiplier * timeDecayMultiplier) : 0,
        collateralScore: open ? round2(baseScore * issueMultiplier * 0.2) : 0,
        linkedIssues: linked,
      });
    }
  }
  return out;
}

/** Totals over a set of scored PRs for one miner (all repositories, or one). */
export function totalsOf(miner: SimMiner, prs: readonly SimPrScore[]): SimMinerTotals {
  const mine = prs.filter((p) => p.userIndex === miner.userIndex);
  const merged = mine.filter((p) => p.state === 'MERGED');
  const closed = mine.filter((p) => p.state === 'CLOSED').length;
  const credibility = merged.length + closed === 0 ? 0 : round2(merged.length / (merged.length + closed));
  const meetsThresholds = merged.length >= 3 && credibility >= 0.8;
  const sum = (xs: number[]) => round2(xs.reduce((a, b) => a + b, 0));
  return {
    miner,
    totalScore: miner.shared ? 0 : sum(merged.map((p) => p.score)),
    baseTotalScore: sum(merged.map((p) => p.baseScore)),
    totalOpenPrs: mine.filter((p) => p.state === 'OPEN').length,
    totalClosedPrs: closed,
    totalMergedPrs: merged.length,
    credibility,
    isEligible: meetsThresholds && !miner.shared,
    totalCollateralScore: sum(mine.map((p) => p.collateralScore)),
    failedReason: miner.shared ? 'Multiple miners registered with the same GitHub account' : meetsThresholds ? null : 'Below the eligibility thresholds',
  };
}
