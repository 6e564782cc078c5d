import { describe, expect, it } from 'vitest';
import { allocateEmission, type EmissionRepoInput, type SubnetSettings } from './emission.ts';

const SETTINGS: SubnetSettings = { minersShare: 0.9, burnShare: 0.05, servingShare: 0.05, roundMinutes: 120, weightSmoothing: 0.7 };
const repo = (over: Partial<EmissionRepoInput>): EmissionRepoInput => ({ repo: 'acme/a', emissionShare: 0.5, issueDiscoveryShare: 0.5, maintainerCut: 0, maintainerMiners: [], prScores: {}, issueScores: {}, ...over });
const share = (r: ReturnType<typeof allocateEmission>, miner: string) => r.miners.find((m) => m.miner === miner)?.share ?? 0;

describe('allocateEmission', () => {
  it('without a registered maintainer: slices, PR and issue pools, spill-over, slack recycled', () => {
    const r = allocateEmission(
      [repo({ prScores: { m1: 30, m2: 10 }, issueScores: { m3: 5 } }), repo({ repo: 'acme/b', emissionShare: 0.3, prScores: { m1: 10 } })],
      SETTINGS,
    );
    expect(r.repos[0]).toMatchObject({ active: true, maintainerCutApplies: false, maintainerCarve: 0 });
    expect(r.repos[0]!.slice).toBeCloseTo(0.5 * 0.9, 12);
    expect(r.repos[0]!.prPool).toBeCloseTo(0.45 * 0.5, 12);
    expect(r.repos[0]!.issuePool).toBeCloseTo(0.45 * 0.5, 12);
    // acme/b has no issue scorer: its issue half spills to the PR pool.
    expect(r.repos[1]!.prPool).toBeCloseTo(0.3 * 0.9, 12);
    expect(r.repos[1]!.issuePool).toBe(0);
    expect(share(r, 'm1')).toBeCloseTo(0.225 * (30 / 40) + 0.27, 12);
    expect(share(r, 'm2')).toBeCloseTo(0.225 * (10 / 40), 12);
    expect(share(r, 'm3')).toBeCloseTo(0.225, 12);
    expect(r.recycled).toBeCloseTo(0.2 * 0.9, 12);
    expect(r.miners.find((m) => m.miner === 'm1')!.byRepo['acme/b']).toEqual({ pr: expect.closeTo(0.27, 12), issue: 0, maintainer: 0 });
  });

  it('with a registered maintainer: the cut is carved off the top and split evenly', () => {
    const r = allocateEmission([repo({ maintainerCut: 0.2, maintainerMiners: ['mx', 'my'], prScores: { m1: 1 }, issueScores: { m2: 1 } }), repo({ repo: 'acme/b', emissionShare: 0.5, prScores: { m3: 1 } })], SETTINGS);
    const carve = 0.2 * 0.5 * 0.9;
    expect(r.repos[0]).toMatchObject({ maintainerCutApplies: true });
    expect(r.repos[0]!.maintainerCarve).toBeCloseTo(carve, 12);
    expect(share(r, 'mx')).toBeCloseTo(carve / 2, 12);
    expect(share(r, 'my')).toBeCloseTo(carve / 2, 12);
    expect(r.repos[0]!.prPool).toBeCloseTo((0.45 - carve) / 2, 12);
    expect(r.repos[0]!.slice).toBeCloseTo(0.45, 12);
  });

  it('a maintainer cut with no maintainer among the miners is not applied', () => {
    const r = allocateEmission([repo({ maintainerCut: 0.2, prScores: { m1: 1 } })], SETTINGS);
    expect(r.repos[0]).toMatchObject({ maintainerCut: 0.2, maintainerCutApplies: false, maintainerCarve: 0 });
    expect(share(r, 'm1')).toBeCloseTo(0.45, 12);
  });

  it('an idle repository’s share flows to the active ones (Σ all / Σ active)', () => {
    const r = allocateEmission([repo({ prScores: { m1: 1 } }), repo({ repo: 'acme/idle', emissionShare: 0.3 })], SETTINGS);
    expect(r.repos[1]).toMatchObject({ active: false, slice: 0, recycled: 0 });
    expect(r.repos[0]!.slice).toBeCloseTo(0.5 * (0.8 / 0.5) * 0.9, 12);
    expect(share(r, 'm1')).toBeCloseTo(0.72, 12);
    expect(r.recycled).toBeCloseTo(0.2 * 0.9, 12);
  });

  it('several active repositories share an idle one’s part in proportion to their shares', () => {
    const r = allocateEmission([repo({ emissionShare: 0.2, prScores: { m1: 1 } }), repo({ repo: 'acme/b', emissionShare: 0.6, prScores: { m2: 1 } }), repo({ repo: 'acme/idle', emissionShare: 0.2 })], SETTINGS);
    expect(share(r, 'm1')).toBeCloseTo(0.2 * (1 / 0.8) * 0.9, 12);
    expect(share(r, 'm2')).toBeCloseTo(0.6 * (1 / 0.8) * 0.9, 12);
  });

  it('an idle repository with a registered maintainer still pays the carve; only the rest flows', () => {
    const r = allocateEmission([repo({ prScores: { m1: 1 } }), repo({ repo: 'acme/idle', emissionShare: 0.3, maintainerCut: 0.2, maintainerMiners: ['mx'] })], SETTINGS);
    expect(share(r, 'mx')).toBeCloseTo(0.3 * 0.2 * 0.9, 12);
    expect(share(r, 'm1')).toBeCloseTo(0.45 + 0.3 * 0.8 * 0.9, 12);
  });

  it('with no active repository everything is recycled', () => {
    const r = allocateEmission([repo({}), repo({ repo: 'acme/b', emissionShare: 0.3 })], SETTINGS);
    expect(r.miners).toEqual([]);
    expect(r.recycled).toBeCloseTo(0.9, 12);
  });

  it('an empty issue side gives its part to the PR pool, and the other way round', () => {
    const prOnly = allocateEmission([repo({ issueDiscoveryShare: 0.3, prScores: { m1: 1 } })], SETTINGS);
    expect(prOnly.repos[0]).toMatchObject({ issuePool: 0 });
    expect(prOnly.repos[0]!.prPool).toBeCloseTo(0.45, 12);
    const issueOnly = allocateEmission([repo({ issueDiscoveryShare: 0.3, issueScores: { m2: 4 } })], SETTINGS);
    expect(issueOnly.repos[0]).toMatchObject({ prPool: 0 });
    expect(share(issueOnly, 'm2')).toBeCloseTo(0.45, 12);
  });

  it('ignores miners with no score', () => {
    const r = allocateEmission([repo({ prScores: { m1: 2, m2: 0, m3: -1 } })], SETTINGS);
    expect(r.miners.map((m) => m.miner)).toEqual(['m1']);
  });

  it('follows the miners’ pool setting', () => {
    const r = allocateEmission([repo({ emissionShare: 1, prScores: { m1: 1 } })], { ...SETTINGS, minersShare: 0.8 });
    expect(share(r, 'm1')).toBeCloseTo(0.8, 12);
  });

  it('converts to alpha, TAO and dollars per day when prices are known', () => {
    const r = allocateEmission([repo({ emissionShare: 1, prScores: { m1: 1, m2: 3 } })], SETTINGS, { alphaPerDay: 7200, alphaPriceTao: 0.01, taoPriceUsd: 400 });
    const m1 = r.miners.find((m) => m.miner === 'm1')!;
    expect(m1.alphaPerDay).toBeCloseTo(0.9 * 0.25 * 7200, 9);
    expect(m1.taoPerDay).toBeCloseTo(0.9 * 0.25 * 7200 * 0.01, 9);
    expect(m1.usdPerDay).toBeCloseTo(0.9 * 0.25 * 7200 * 0.01 * 400, 6);
    const unknown = allocateEmission([repo({ prScores: { m1: 1 } })], SETTINGS, { alphaPerDay: 7200, alphaPriceTao: null, taoPriceUsd: 400 });
    expect(unknown.miners[0]).toMatchObject({ taoPerDay: null, usdPerDay: null });
    expect(allocateEmission([repo({ prScores: { m1: 1 } })], SETTINGS).miners[0]!.alphaPerDay).toBeNull();
  });
});
