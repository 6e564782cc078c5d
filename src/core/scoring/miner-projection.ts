/**
 * A miner's projected pay (docs/scoring.md, "Projection"): at each point of the curve, the
 * emission rules (`allocateEmission`) over every tracked repository, with the miner's stored
 * totals beside everyone else's (the repository's summed curve less the miner's own), then
 * converted with the prices the hub knows. O(repositories): it reads stored sums only.
 */
import { allocateEmission, type EmissionRepoInput, type SubnetSettings } from '../subnet/emission.ts';
import { PROJECTION_DAYS, type Curve } from './curve.ts';

export interface ProjectionRepoInput {
  repo: string;
  emissionShare: number;
  issueDiscoveryShare: number;
  maintainerCut: number;
  /** A registered miner maintains it: the maintainer cut is carved out (it is not the miner's). */
  maintainerCutApplies: boolean;
  /** Every author's curve summed; null when the repository was never scored. */
  sums: Curve | null;
  /** This miner's curve; null when the miner has no standing there. */
  mine: Curve | null;
}

export interface KnownPrices {
  /** Alpha the subnet emits per day; null when unknown. */
  alphaPerDay: number | null;
  alphaTao: number | null;
  taoUsd: number | null;
}

export interface PayPoint {
  day: number;
  /** Fraction of the subnet's emission. */
  share: number;
  alpha: number | null;
  tao: number | null;
  usd: number | null;
}

export interface RepoPay {
  repo: string;
  /** The miner's totals and the repository's, per point. */
  prTotal: number[];
  issueTotal: number[];
  repoPrTotal: number[];
  repoIssueTotal: number[];
  points: PayPoint[];
}

export interface MinerPay {
  points: PayPoint[];
  repos: RepoPay[];
}

// Keys no GitHub login can be (logins have no spaces).
const ME = ' me';
const OTHERS = ' others';
const MAINTAINERS = ' maintainers';

export function convert(day: number, share: number, p: KnownPrices): PayPoint {
  const alpha = p.alphaPerDay === null ? null : share * p.alphaPerDay;
  const tao = alpha === null || p.alphaTao === null ? null : alpha * p.alphaTao;
  const usd = tao === null || p.taoUsd === null ? null : tao * p.taoUsd;
  return { day, share, alpha, tao, usd };
}

export function projectMinerPay(repos: readonly ProjectionRepoInput[], settings: SubnetSettings, prices: KnownPrices): MinerPay {
  const mineRepos = repos.filter((r) => r.mine !== null);
  const out: MinerPay = {
    points: [],
    repos: mineRepos.map((r) => ({ repo: r.repo, prTotal: [...r.mine!.pr], issueTotal: [...r.mine!.issue], repoPrTotal: [], repoIssueTotal: [], points: [] })),
  };
  PROJECTION_DAYS.forEach((day, i) => {
    const inputs: EmissionRepoInput[] = repos.map((r) => {
      const mine = { pr: r.mine?.pr[i] ?? 0, issue: r.mine?.issue[i] ?? 0 };
      // The sums round each author's points: never let the others go below 0 on that rounding.
      const all = { pr: Math.max(mine.pr, r.sums?.pr[i] ?? 0), issue: Math.max(mine.issue, r.sums?.issue[i] ?? 0) };
      return {
        repo: r.repo,
        emissionShare: r.emissionShare,
        issueDiscoveryShare: r.issueDiscoveryShare,
        maintainerCut: r.maintainerCut,
        maintainerMiners: r.maintainerCutApplies ? [MAINTAINERS] : [],
        prScores: { [ME]: mine.pr, [OTHERS]: all.pr - mine.pr },
        issueScores: { [ME]: mine.issue, [OTHERS]: all.issue - mine.issue },
      };
    });
    const result = allocateEmission(inputs, settings);
    const me = result.miners.find((m) => m.miner === ME);
    out.points.push(convert(day, me?.share ?? 0, prices));
    out.repos.forEach((rp) => {
      const input = inputs.find((x) => x.repo === rp.repo)!;
      rp.repoPrTotal.push(input.prScores[ME]! + input.prScores[OTHERS]!);
      rp.repoIssueTotal.push(input.issueScores[ME]! + input.issueScores[OTHERS]!);
      const slot = me?.byRepo[rp.repo];
      rp.points.push(convert(day, slot ? slot.pr + slot.issue : 0, prices));
    });
  });
  return out;
}
