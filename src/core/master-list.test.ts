import { describe, expect, it } from 'vitest';
import { checkReplacement, isValidRepoName, parseMasterList } from './master-list.ts';

describe('parseMasterList', () => {
  it('reads the current schema, keeping every field', () => {
    const r = parseMasterList(
      JSON.stringify({
        'entrius/gittensor': {
          emission_share: 0.02,
          issue_discovery_share: 0.3,
          maintainer_cut: 0.15,
          eligibility: { min_valid_merged_prs: 2 },
          scoring: { standard_issue_multiplier: 1 },
          label_multipliers: { bug: 1.5 },
          brand_new_field: { anything: true },
        },
      }),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.repos[0]).toMatchObject({ fullName: 'entrius/gittensor', key: 'entrius/gittensor', owner: 'entrius', name: 'gittensor', weight: 0.02, schema: 'current' });
    expect(r.repos[0]!.entry.brand_new_field).toEqual({ anything: true });
    expect(r.repos[0]!.entry.label_multipliers).toEqual({ bug: 1.5 });
  });

  it('reads the legacy schema', () => {
    const r = parseMasterList({
      'BitMind-AI/bitmind-subnet': { tier: 'Gold', weight: 19.32, additional_acceptable_branches: ['testnet'] },
      'Chainlit/chainlit': { inactive_at: '2025-11-29T17:45:38.525Z', tier: 'Bronze', weight: 0.01 },
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.repos.map((x) => [x.key, x.weight, x.schema, x.inactiveAt])).toEqual([
      ['bitmind-ai/bitmind-subnet', 19.32, 'legacy', null],
      ['chainlit/chainlit', 0.01, 'legacy', '2025-11-29T17:45:38.525Z'],
    ]);
    expect(r.repos[0]!.entry.additional_acceptable_branches).toEqual(['testnet']);
  });

  it('prefers emission_share when an entry has both', () => {
    const r = parseMasterList({ 'a/b': { emission_share: 0.5, weight: 10 } });
    expect(r.ok && r.repos[0]!.weight).toBe(0.5);
  });

  it.each([
    ['malformed JSON', '{"a/b": {"weight": 1}', /not valid JSON/],
    ['an array', '[]', /JSON object/],
    ['null', 'null', /JSON object/],
    ['an empty list', '{}', /empty/],
    ['a bad key', '{"not-a-repo": {"weight": 1}}', /owner\/name/],
    ['a key with spaces', '{"a b/c": {"weight": 1}}', /owner\/name/],
    ['a dot-dot repository', '{"a/..": {"weight": 1}}', /owner\/name/],
    ['a missing weight', '{"a/b": {"tier": "Gold"}}', /needs emission_share/],
    ['a string share', '{"a/b": {"emission_share": "<set by Gittensor>"}}', /non-negative number/],
    ['a negative weight', '{"a/b": {"weight": -1}}', /non-negative number/],
    ['a non-object entry', '{"a/b": 3}', /must be an object/],
    ['a bad inactive_at', '{"a/b": {"weight": 1, "inactive_at": "soon"}}', /inactive_at/],
    ['a case-insensitive duplicate', '{"a/b": {"weight": 1}, "A/B": {"weight": 2}}', /repeats/],
  ])('refuses %s', (_name, text, message) => {
    const r = parseMasterList(text);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.join('\n')).toMatch(message);
  });

  it('reports every problem, not only the first', () => {
    const r = parseMasterList({ bad: { weight: 1 }, 'a/b': {}, 'c/d': { weight: 'x' } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toHaveLength(3);
  });

  it('validates repository names like GitHub', () => {
    expect(isValidRepoName('opentensor/bittensor')).toBe(true);
    expect(isValidRepoName('a-b/c.d_e-f')).toBe(true);
    expect(isValidRepoName('-a/b')).toBe(false);
    expect(isValidRepoName('a/b/c')).toBe(false);
    expect(isValidRepoName('a'.repeat(40) + '/b')).toBe(false);
  });
});

describe('checkReplacement', () => {
  const list = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `o/r${i}` })) as unknown as Parameters<typeof checkReplacement>[1];
  const keys = (n: number) => Array.from({ length: n }, (_, i) => `o/r${i}`);

  it('accepts a first list, growth and small shrinkage', () => {
    expect(checkReplacement([], list(3)).ok).toBe(true);
    expect(checkReplacement(keys(10), list(20)).ok).toBe(true);
    expect(checkReplacement(keys(10), list(5)).ok).toBe(true);
  });

  it('refuses a list that drops more than half', () => {
    const r = checkReplacement(keys(10), list(4));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/drops 6 of 10/);
  });
});
