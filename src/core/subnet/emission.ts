import { MAINTAINER_CUT_CAP } from './policy.ts';

/**
 * Emission (`emission_allocation.py`, as subnet-rules.md states it at 1b0381d and
 * since): the miners' pool, per repository its slice, the maintainer carve, the
 * redistribution of idle repositories' shares, the PR and issue pools with
 * spill-over, and each miner's part of a pool. Everything is a fraction of the
 * subnet's emission until converted with prices.
 */
export interface SubnetSettings {
  /** Share of emission paid to miners' contributions (0.90). */
  minersShare: number;
  /** Share burned (0.05). */
  burnShare: number;
  /** Share reserved for the GPU serving pool (up to 0.05). */
  servingShare: number;
  /** Minutes between validator rounds (about 120). */
  roundMinutes: number;
  /** Weight smoothing: new weight = α · computed + (1 − α) · old (0.7). */
  weightSmoothing: number;
}

export interface EmissionRepoInput {
  repo: string;
  emissionShare: number;
  issueDiscoveryShare: number;
  maintainerCut: number;
  /** Miners who are registered maintainers of the repository. */
  maintainerMiners: readonly string[];
  /** Miner → repository total (already 0 where not eligible). */
  prScores: Readonly<Record<string, number>>;
  issueScores: Readonly<Record<string, number>>;
}

export interface Prices {
  /** Alpha the subnet emits per day (all of it; the shares below are of this). */
  alphaPerDay: number;
  /** TAO per alpha; null when unknown. */
  alphaPriceTao: number | null;
  /** Dollars per TAO; null when unknown. */
  taoPriceUsd: number | null;
}

export interface RepoAllocation {
  repo: string;
  emissionShare: number;
  active: boolean;
  /** The repository's slice after idle repositories' shares flowed in (fraction of emission). */
  slice: number;
  maintainerCut: number;
  maintainerCutApplies: boolean;
  maintainerCarve: number;
  prPool: number;
  issuePool: number;
  /** Part of the slice nobody receives (an idle repository's). */
  recycled: number;
}

export interface MinerAllocation {
  miner: string;
  share: number;
  byRepo: Record<string, { pr: number; issue: number; maintainer: number }>;
  alphaPerDay: number | null;
  taoPerDay: number | null;
  usdPerDay: number | null;
}

export interface EmissionResult {
  pool: number;
  burn: number;
  serving: number;
  /** Registry slack and idle slices with nowhere to go. */
  recycled: number;
  repos: RepoAllocation[];
  miners: MinerAllocation[];
}

const sumPositive = (scores: Readonly<Record<string, number>>): number => Object.values(scores).reduce((s, v) => (v > 0 ? s + v : s), 0);

export function allocateEmission(repos: readonly EmissionRepoInput[], settings: SubnetSettings, prices: Prices | null = null): EmissionResult {
  const pool = settings.minersShare;
  const totalShare = repos.reduce((s, r) => s + Math.max(0, r.emissionShare), 0);
  const isActive = (r: EmissionRepoInput): boolean => sumPositive(r.prScores) > 0 || sumPositive(r.issueScores) > 0;
  const carveOf = (r: EmissionRepoInput): number => (r.maintainerMiners.length > 0 ? Math.min(r.maintainerCut, MAINTAINER_CUT_CAP) : 0);
  const activeShare = repos.reduce((s, r) => (isActive(r) ? s + r.emissionShare : s), 0);
  // The scoring parts of idle repositories flow to the active ones, in proportion to their shares.
  const freed = repos.reduce((s, r) => (isActive(r) ? s : s + r.emissionShare * (1 - carveOf(r))), 0);

  const miners = new Map<string, MinerAllocation>();
  const credit = (miner: string, repo: string, kind: 'pr' | 'issue' | 'maintainer', amount: number): void => {
    let m = miners.get(miner);
    if (!m) miners.set(miner, (m = { miner, share: 0, byRepo: {}, alphaPerDay: null, taoPerDay: null, usdPerDay: null }));
    const slot = (m.byRepo[repo] ??= { pr: 0, issue: 0, maintainer: 0 });
    slot[kind] += amount;
    m.share += amount;
  };

  let recycled = Math.max(0, 1 - totalShare) * pool;
  const out: RepoAllocation[] = [];
  for (const r of repos) {
    const active = isActive(r);
    const cut = carveOf(r);
    const carve = cut * r.emissionShare * pool;
    const own = r.emissionShare * (1 - cut) * pool;
    // The proportion first: with tiny shares, freed × pool × share rounds to the
    // smallest float before the division and pays out more than was freed.
    const scoringSlice = active ? own + (activeShare > 0 ? (r.emissionShare / activeShare) * freed * pool : 0) : 0;
    for (const m of r.maintainerMiners) credit(m, r.repo, 'maintainer', carve / r.maintainerMiners.length);
    const prTotal = sumPositive(r.prScores);
    const issueTotal = sumPositive(r.issueScores);
    let prPool = scoringSlice * (1 - r.issueDiscoveryShare);
    let issuePool = scoringSlice * r.issueDiscoveryShare;
    if (prTotal <= 0) {
      issuePool += prPool;
      prPool = 0;
    }
    if (issueTotal <= 0) {
      prPool += issuePool;
      issuePool = 0;
    }
    // Proportion first: pool × score can underflow to a denormal when scores are as small as
    // floats go (1.5e-323 × 0.17 rounds to 5e-324, a third of the score, not a sixth), and
    // dividing that by the total then pays twice the pool. score / total stays in [0, 1].
    for (const [miner, score] of Object.entries(r.prScores)) if (score > 0) credit(miner, r.repo, 'pr', prPool * (score / prTotal));
    for (const [miner, score] of Object.entries(r.issueScores)) if (score > 0) credit(miner, r.repo, 'issue', issuePool * (score / issueTotal));
    const idleRecycled = active || activeShare > 0 ? 0 : own;
    recycled += idleRecycled;
    out.push({ repo: r.repo, emissionShare: r.emissionShare, active, slice: carve + scoringSlice, maintainerCut: r.maintainerCut, maintainerCutApplies: cut > 0, maintainerCarve: carve, prPool, issuePool, recycled: idleRecycled });
  }
  const list = [...miners.values()];
  if (prices) for (const m of list) {
    m.alphaPerDay = m.share * prices.alphaPerDay;
    m.taoPerDay = prices.alphaPriceTao === null ? null : m.alphaPerDay * prices.alphaPriceTao;
    m.usdPerDay = m.taoPerDay === null || prices.taoPriceUsd === null ? null : m.taoPerDay * prices.taoPriceUsd;
  }
  return { pool, burn: settings.burnShare, serving: settings.servingShare, recycled, repos: out, miners: list };
}
