import { describe, expect, it } from 'vitest';
import { alphaPriceSchema, maintainersSchema, minerDetailSchema, minersSchema, prScoresSchema, repoMinersSchema, taoPriceSchema } from './schemas.ts';

const miner = { uid: 7, hotkey: '5Fabc', githubId: '123', githubUsername: 'ann', totalScore: '12.5000', totalOpenPrs: 1, totalClosedPrs: '0', totalMergedPrs: 4, isEligible: true, credibility: '1.0000' };

describe('the subnet answer schemas', () => {
  it('read decimal strings as numbers and ids given as numbers or strings as one digit string', () => {
    const [a, b] = minersSchema.parse([miner, { ...miner, uid: '8', githubId: 123, totalScore: 3, isEligible: 'false' }]);
    expect([a!.totalScore, a!.credibility, a!.totalClosedPrs, a!.githubId]).toEqual([12.5, 1, 0, '123']);
    expect([b!.uid, b!.githubId, b!.totalScore, b!.isEligible]).toEqual([8, '123', 3, false]);
    // Optional fields absent or null are null.
    expect([a!.alphaPerDay, a!.evaluatedAt, a!.failedReason]).toEqual([null, null, null]);
  });

  it('read snake_case keys as the camelCase fields, and lists wrapped in an object', () => {
    const snake = { uid: 1, hotkey: 'h', github_id: 9, github_username: 'bo', total_score: '1.5', total_open_prs: 0, total_closed_prs: 0, total_merged_prs: 0, is_eligible: false, credibility: 0, evaluated_at: '2026-01-01T00:00:00.000Z' };
    const [m] = minersSchema.parse({ miners: [snake] });
    expect([m!.githubId, m!.githubUsername, m!.totalScore, m!.evaluatedAt]).toEqual(['9', 'bo', 1.5, '2026-01-01T00:00:00Z']);
    expect(repoMinersSchema.parse([{ github_id: '4', total_score: '2', total_merged_prs: 1, total_closed_prs: 0, total_open_prs: 0, is_eligible: 1, credibility: '1' }])[0]).toMatchObject({ githubId: '4', isEligible: true, totalScore: 2 });
    expect(maintainersSchema.parse({ maintainers: [{ github_id: 5, login: 'm', association: 'OWNER' }] })).toEqual([{ githubId: '5', login: 'm', association: 'OWNER' }]);
  });

  it('read a miner with its repositories, and scored PRs with linked issues as numbers or objects', () => {
    const d = minerDetailSchema.parse({ ...miner, repositories: [{ repository_full_name: 'a/b', totalMergedPrs: 1, totalClosedPrs: 0, totalOpenPrs: 0, isEligible: false, credibility: '1', totalScore: '3.25' }] });
    expect(d.repositories).toEqual([{ repositoryFullName: 'a/b', totalMergedPrs: 1, totalClosedPrs: 0, totalOpenPrs: 0, isEligible: false, credibility: 1, totalScore: 3.25 }]);
    const [p] = prScoresSchema.parse([{ pullRequestNumber: '12', repository: 'a/b', githubId: 3, prState: 'merged', mergedAt: '2026-02-01T10:00:00Z', score: '4.1', linkedIssues: [3, { number: 4 }] }]);
    expect([p!.pullRequestNumber, p!.prState, p!.score, p!.linkedIssues]).toEqual([12, 'MERGED', 4.1, [3, 4]]);
  });

  it('read prices from CoinGecko’s shape and the alpha price with its emission', () => {
    expect(taoPriceSchema.parse({ bittensor: { usd: 401.5, last_updated_at: 1767225600 } })).toEqual({ usd: 401.5, at: '2026-01-01T00:00:00Z' });
    expect(alphaPriceSchema.parse({ netuid: 74, price: '0.021', alpha_emission_per_day: '2952.00' })).toEqual({ price: 0.021, emissionPerDay: 2952, at: null });
  });

  it('name the field at fault', () => {
    const r = minersSchema.safeParse([miner, { ...miner, totalScore: '12,5', githubId: 1.5 }]);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['1.githubId', 'expected a numeric id (number or string), got number 1.5'],
      ['1.totalScore', 'expected a number (or a decimal string), got the string "12,5"'],
    ]);
  });
});
