import { describe, expect, it } from 'vitest';
import { opportunity } from './opportunity.ts';
import { median, repoResponsiveness, type PullActivity } from './responsiveness.ts';

const H = 3_600_000;
const NOW = Date.UTC(2026, 7, 20);
const pull = (o: Partial<PullActivity>): PullActivity => ({
  authorKey: 'a', login: 'a', maintainer: false, registered: false, draft: false, state: 'open', createdAt: NOW - 10 * H, mergedAt: null, closedAt: null, firstReviewAt: null, ...o,
});

describe('responsiveness figures', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBeNull();
    expect(median([7, 1, 3])).toBe(3);
    expect(median([10, 2, 4, 6])).toBe(5);
  });

  it('leaves drafts out of the queue and maintainers out of everything', () => {
    const s = repoResponsiveness(
      [
        pull({ draft: true }),
        pull({ authorKey: 'b', login: 'b' }),
        pull({ authorKey: 'm', login: 'm', maintainer: true, state: 'closed', mergedAt: NOW - H, closedAt: NOW - H, firstReviewAt: NOW - 9 * H }),
      ],
      { now: NOW, windowDays: 30, staleDays: 7, registrationKnown: false },
    );
    // Two open by a and b (one a draft): 2 open, 1 in the queue, 10 h old; the maintainer's merge is not counted.
    expect(s).toMatchObject({ openPulls: 2, queue: 1, queueMedianAgeS: 36000, merged: 0, mergeRate: null, reviewed: 0, maintainerPulls: 1, activeAuthors: 2, activeMiners: null });
  });

  it('ranks by pools × merge rate ÷ (1 + miners); an idle repository by its own share after the cut', () => {
    // 0.44 × 0.75 ÷ 3 = 0.11; idle: 0.2 × (1 − 0.1) × 0.5 ÷ 1 = 0.09.
    expect(opportunity({ active: true, emissionShare: 0.3, appliedCut: 0.2, prPool: 0.44, issuePool: 0, mergeRate: 0.75, activeMiners: 2 })).toBeCloseTo(0.11, 12);
    expect(opportunity({ active: false, emissionShare: 0.2, appliedCut: 0.1, prPool: 0, issuePool: 0, mergeRate: null, activeMiners: 0 })).toBeCloseTo(0.09, 12);
  });
});
