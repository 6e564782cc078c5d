import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MINER, NOW, policy, pull } from '../../test/subnet-factories.ts';
import { decayFactor } from './decay.ts';
import { eligibility } from './eligibility.ts';
import { allocateEmission, type EmissionRepoInput } from './emission.ts';
import { evaluateRepo } from './evaluate.ts';
import type { PullFact } from './facts.ts';
import type { RepoPolicy } from './policy.ts';

const timeDecay = fc.record({
  grace_period_hours: fc.integer({ min: 0, max: 168 }),
  sigmoid_midpoint_days: fc.double({ min: 1, max: 90, noNaN: true }),
  sigmoid_steepness: fc.double({ min: 0.01, max: 5, noNaN: true }),
  min_multiplier: fc.double({ min: 0, max: 1, noNaN: true }),
});

const policyArb: fc.Arbitrary<RepoPolicy> = fc
  .record({
    fixed: fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: undefined }),
    labels: fc.dictionary(fc.constantFrom('bug', 'feature', 'eval:*', 'eval:none', 'kind/*'), fc.double({ min: 0, max: 4, noNaN: true }), { maxKeys: 4 }),
    defaultLabel: fc.double({ min: 0, max: 4, noNaN: true }),
    trusted: fc.boolean(),
    rate: fc.double({ min: 0.01, max: 1, noNaN: true }),
    std: fc.double({ min: 1, max: 5, noNaN: true }),
    maint: fc.double({ min: 1, max: 5, noNaN: true }),
    scale: fc.double({ min: 10, max: 500, noNaN: true }),
    td: timeDecay,
  })
  .map((r) =>
    policy({
      fixed_base_score: r.fixed,
      label_multipliers: r.labels,
      default_label_multiplier: r.defaultLabel,
      trusted_label_pipeline: r.trusted,
      scoring: { review_penalty_rate: r.rate, standard_issue_multiplier: r.std, maintainer_issue_multiplier: r.maint, src_tok_saturation_scale: r.scale, time_decay: r.td },
    }),
  );

const pullArb: fc.Arbitrary<PullFact> = fc
  .record({
    state: fc.constantFrom('open', 'merged', 'closed') as fc.Arbitrary<PullFact['state']>,
    ageHours: fc.double({ min: 0, max: 40 * 24, noNaN: true }),
    tokens: fc.double({ min: 0, max: 5000, noNaN: true }),
    source: fc.double({ min: 0, max: 1, noNaN: true }),
    changes: fc.integer({ min: 0, max: 10 }),
    label: fc.option(fc.record({ name: fc.constantFrom('bug', 'feature', 'eval:high', 'eval:none', 'Kind/X', 'docs'), actorAssociation: fc.constantFrom('MEMBER', 'CONTRIBUTOR', null) }), { nil: undefined }),
    maintainerAuthor: fc.boolean(),
  })
  .map((r) =>
    pull({
      state: r.state,
      createdAt: NOW - r.ageHours * HOUR - DAY,
      mergedAt: r.state === 'merged' ? NOW - r.ageHours * HOUR : null,
      tokenScore: r.tokens,
      sourceTokenScore: r.tokens * r.source,
      maintainerChangesRequested: r.changes,
      labels: r.label ? [r.label] : [],
      authorAssociation: r.maintainerAuthor ? 'OWNER' : 'CONTRIBUTOR',
    }),
  );

describe('subnet rules: properties', () => {
  it('every factor stays in its bounds', () => {
    fc.assert(
      fc.property(policyArb, fc.array(pullArb, { maxLength: 12 }), (pol, pulls) => {
        const s = evaluateRepo(pol, NOW, MINER, pulls, []);
        const labelMax = Math.max(pol.defaultLabelMultiplier, ...pol.labelMultipliers.map((l) => l.multiplier));
        // Closed and dropped pull requests carry neutral placeholders; the bounds concern scored ones.
        for (const p of s.pulls.filter((x) => x.excluded === null && x.state !== 'closed')) {
          const m = p.multipliers;
          expect([1, Math.round(pol.scoring.standardIssueMultiplier * 100) / 100, Math.round(pol.scoring.maintainerIssueMultiplier * 100) / 100]).toContain(m.issue);
          expect(m.label).toBeGreaterThanOrEqual(0);
          expect(m.label).toBeLessThanOrEqual(Math.round(labelMax * 100) / 100 + 0.005);
          expect(m.decay).toBeLessThanOrEqual(1);
          expect(m.decay).toBeGreaterThanOrEqual(Math.round(pol.scoring.timeDecay.minMultiplier * 100) / 100);
          expect(m.review).toBeGreaterThanOrEqual(0);
          expect(m.review).toBeLessThanOrEqual(1);
          expect([0, 1]).toContain(m.spam);
          expect(p.base).toBeGreaterThanOrEqual(0);
          expect(p.base).toBeLessThanOrEqual(pol.fixedBaseScore ?? 30);
          if (p.collateralReview !== null) {
            expect(p.collateralReview).toBeGreaterThanOrEqual(1);
            expect(p.collateralReview).toBeLessThanOrEqual(2);
          }
          expect(p.earned).toBeGreaterThanOrEqual(0);
          expect(p.collateral).toBeGreaterThanOrEqual(0);
        }
        expect(s.total).toBeGreaterThanOrEqual(0);
        expect(s.openPrThreshold).toBeLessThanOrEqual(pol.eligibility.maxOpenPrThreshold);
      }),
      { numRuns: 300 },
    );
  });

  it('decay never rises with age', () => {
    fc.assert(
      fc.property(timeDecay, fc.double({ min: 0, max: 120 * 24, noNaN: true }), fc.double({ min: 0, max: 120 * 24, noNaN: true }), (td, a, b) => {
        const pol = policy({ scoring: { time_decay: td } }).scoring.timeDecay;
        const [young, old] = a <= b ? [a, b] : [b, a];
        expect(decayFactor(NOW - old * HOUR, NOW, pol)).toBeLessThanOrEqual(decayFactor(NOW - young * HOUR, NOW, pol));
      }),
      { numRuns: 500 },
    );
  });

  it('more merged pull requests never lower eligibility', () => {
    fc.assert(
      fc.property(fc.nat(60), fc.nat(60), fc.nat(20), fc.integer({ min: 0, max: 10 }), fc.double({ min: 0, max: 1, noNaN: true }), (merged, closed, more, minMerged, minCred) => {
        const before = eligibility(merged, closed, minMerged, minCred);
        const after = eligibility(merged + more, closed, minMerged, minCred);
        expect(after.credibility).toBeGreaterThanOrEqual(before.credibility);
        if (before.eligible) expect(after.eligible).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('adding a valid merged pull request to a standing never makes it ineligible', () => {
    fc.assert(
      fc.property(fc.array(pullArb, { maxLength: 10 }), (pulls) => {
        const pol = policy();
        const before = evaluateRepo(pol, NOW, MINER, pulls, []);
        const after = evaluateRepo(pol, NOW, MINER, [...pulls, pull()], []);
        expect(after.merged).toBe(before.merged + 1);
        if (before.eligible) expect(after.eligible).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('pools never sum past the emission', () => {
    const repoArb: fc.Arbitrary<Omit<EmissionRepoInput, 'repo' | 'emissionShare'>> = fc.record({
      issueDiscoveryShare: fc.double({ min: 0, max: 1, noNaN: true }),
      maintainerCut: fc.double({ min: 0, max: 1, noNaN: true }),
      maintainerMiners: fc.array(fc.constantFrom('mx', 'my', 'm1'), { maxLength: 2 }),
      prScores: fc.dictionary(fc.constantFrom('m1', 'm2', 'm3'), fc.double({ min: -1, max: 100, noNaN: true })),
      issueScores: fc.dictionary(fc.constantFrom('m1', 'm4'), fc.double({ min: -1, max: 100, noNaN: true })),
    });
    fc.assert(
      fc.property(fc.array(fc.tuple(repoArb, fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 6 }), fc.double({ min: 0, max: 1, noNaN: true }), (list, minersShare) => {
        const total = list.reduce((s, [, w]) => s + w, 0);
        const repos = list.map(([r, w], i) => ({ ...r, repo: `o/r${i}`, emissionShare: total > 1 ? w / total : w }));
        const out = allocateEmission(repos, { minersShare, burnShare: 0, servingShare: 0, roundMinutes: 120, weightSmoothing: 0.7 });
        const paid = out.miners.reduce((s, m) => s + m.share, 0);
        for (const m of out.miners) expect(m.share).toBeGreaterThanOrEqual(0);
        for (const r of out.repos) expect(r.maintainerCarve + r.prPool + r.issuePool).toBeLessThanOrEqual(minersShare + 1e-9);
        expect(paid + out.recycled).toBeLessThanOrEqual(minersShare + 1e-9);
        expect(paid).toBeLessThanOrEqual(minersShare + 1e-9);
      }),
      { numRuns: Number(process.env.HUB_PROPERTY_RUNS ?? 1000) },
    );
  });

  it('pays a miner no more than the pool when scores are as small as floats go', () => {
    // Found by the property above: one miner's score of 1.5e-323 in a repository holding
    // 1/6 of the pool. pool × score underflowed to 5e-324 (a third of the score), so the
    // miner was paid 2/6 of the pool; alone in the repository they earn exactly its 1/6.
    const share = 0.16666666666666685;
    const out = allocateEmission(
      [
        { repo: 'o/a', emissionShare: share, issueDiscoveryShare: 0, maintainerCut: 0, maintainerMiners: [], prScores: { m1: 1.5e-323 }, issueScores: {} },
        { repo: 'o/b', emissionShare: 0, issueDiscoveryShare: 0, maintainerCut: 0, maintainerMiners: [], prScores: {}, issueScores: {} },
      ],
      { minersShare: 0.999999999999999, burnShare: 0, servingShare: 0, roundMinutes: 120, weightSmoothing: 0.7 },
    );
    expect(out.miners).toHaveLength(1);
    expect(out.miners[0]!.share).toBeCloseTo(share * 0.999999999999999, 15);
  });

  it('pays no more than was freed when shares are as small as floats go', () => {
    // Found by the property above: 0.7 × 5e-324 rounds up to 5e-324, and dividing by
    // the active share (5e-324) then paid the whole pool, not 0.7 of it.
    const tiny = Number.MIN_VALUE;
    const repos: EmissionRepoInput[] = [
      { repo: 'o/idle', emissionShare: 0.7, issueDiscoveryShare: 0.5, maintainerCut: 0, maintainerMiners: [], prScores: {}, issueScores: {} },
      { repo: 'o/active', emissionShare: tiny, issueDiscoveryShare: 0, maintainerCut: 0, maintainerMiners: [], prScores: { m1: 1 }, issueScores: {} },
    ];
    const out = allocateEmission(repos, { minersShare: 1, burnShare: 0, servingShare: 0, roundMinutes: 120, weightSmoothing: 0.7 });
    // The idle 0.7 flows to the only active repository, and its own share is ~0: m1 gets 0.7.
    expect(out.miners.find((m) => m.miner === 'm1')!.share).toBeCloseTo(0.7, 12);
  });
});
