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

describe('parseMasterList: each repository’s policy', () => {
  const one = (entry: Record<string, unknown>) => {
    const r = parseMasterList({ 'acme/widgets': { emission_share: 0.1, ...entry } });
    if (!r.ok) throw new Error(r.problems.join('; '));
    return { policy: r.repos[0]!.policy, warnings: r.warnings };
  };

  it('fills in every default for an entry with only its share', () => {
    const { policy } = one({});
    expect(policy).toMatchObject({
      repo: 'acme/widgets',
      emissionShare: 0.1,
      issueDiscoveryShare: 0.5,
      maintainerCut: 0,
      fixedBaseScore: null,
      labelMultipliers: [],
      defaultLabelMultiplier: 1,
      trustedLabelPipeline: false,
      additionalAcceptableBranches: [],
      eligibility: {
        minValidMergedPrs: 3,
        minCredibility: 0.8,
        excessivePrPenaltyBaseThreshold: 2,
        openPrThresholdTokenScore: 300,
        maxOpenPrThreshold: 30,
        minValidSolvedIssues: 3,
        minIssueCredibility: 0.8,
        minTokenScoreForValidIssue: 5,
        openIssueSpamBaseThreshold: 2,
        openIssueSpamTokenScorePerSlot: 300,
        maxOpenIssueThreshold: 30,
      },
      scoring: {
        prLookbackDays: 30,
        openPrCollateralPercent: 0.2,
        reviewPenaltyRate: 0.15,
        standardIssueMultiplier: 1.33,
        maintainerIssueMultiplier: 1.66,
        srcTokSaturationScale: 58,
        timeDecay: { gracePeriodHours: 12, sigmoidMidpointDays: 10, sigmoidSteepness: 0.4, minMultiplier: 0.05 },
      },
    });
  });

  it('reads the tuned repository of August 2026: fixed base 1, eval:* labels, default 0, faster decay', () => {
    const { policy } = one({
      fixed_base_score: 1,
      label_multipliers: { 'eval:none': 0, 'eval:low': 1, 'eval:high': 4 },
      default_label_multiplier: 0,
      scoring: { time_decay: { grace_period_hours: 4, sigmoid_midpoint_days: 3.33, sigmoid_steepness: 1.2 } },
    });
    expect(policy.fixedBaseScore).toBe(1);
    expect(policy.defaultLabelMultiplier).toBe(0);
    expect(policy.labelMultipliers.map((l) => [l.pattern, l.multiplier])).toEqual([
      ['eval:none', 0],
      ['eval:low', 1],
      ['eval:high', 4],
    ]);
    expect(policy.labelMultipliers[2]!.matches('eval:high')).toBe(true);
    expect(policy.scoring.timeDecay).toEqual({ gracePeriodHours: 4, sigmoidMidpointDays: 3.33, sigmoidSteepness: 1.2, minMultiplier: 0.05 });
  });

  it('compiles acceptable branch patterns once, case-sensitively', () => {
    const { policy } = one({ additional_acceptable_branches: ['*-dev', 'release/*'] });
    expect(policy.matchesAdditionalBranch('3.1-dev')).toBe(true);
    expect(policy.matchesAdditionalBranch('release/2.0')).toBe(true);
    expect(policy.matchesAdditionalBranch('Release/2.0')).toBe(false);
    expect(policy.matchesAdditionalBranch('main')).toBe(false);
  });

  it('truncates integer fields as the validator’s int() does', () => {
    expect(one({ eligibility: { min_valid_merged_prs: 2.9 } }).policy.eligibility.minValidMergedPrs).toBe(2);
  });

  it('caps the maintainer cut at 0.5 with a warning', () => {
    const { policy, warnings } = one({ maintainer_cut: 0.8 });
    expect(policy.maintainerCut).toBe(0.5);
    expect(warnings.join()).toMatch(/maintainer_cut 0.8 is above the 0.5 cap/);
  });

  it('keeps an entry with unknown eligibility or scoring keys and warns', () => {
    const { policy, warnings } = one({ eligibility: { min_valid_prs: 1 }, scoring: { bogus: 1, time_decay: { soon: 2 } } });
    expect(policy.eligibility.minValidMergedPrs).toBe(3);
    expect(warnings).toEqual([
      'acme/widgets: eligibility has unknown keys min_valid_prs (ignored)',
      'acme/widgets: scoring has unknown keys bogus (ignored)',
      'acme/widgets: scoring.time_decay has unknown keys soon (ignored)',
    ]);
  });

  it('gives a legacy entry every default and no share of emission', () => {
    const r = parseMasterList({ 'a/b': { weight: 19.32, additional_acceptable_branches: ['testnet'] } });
    expect(r.ok && r.repos[0]!.policy.emissionShare).toBe(0);
    expect(r.ok && r.repos[0]!.policy.matchesAdditionalBranch('testnet')).toBe(true);
  });

  it.each([
    ['emission_share', { emission_share: 1.01 }, 'emission_share must be within [0, 1], got 1.01'],
    ['issue_discovery_share', { issue_discovery_share: -0.01 }, 'issue_discovery_share must be within [0, 1], got -0.01'],
    ['maintainer_cut', { maintainer_cut: 1.01 }, 'maintainer_cut must be within [0, 1], got 1.01'],
    ['fixed_base_score', { fixed_base_score: 101 }, 'fixed_base_score must be within [0, 100], got 101'],
    ['a label multiplier', { label_multipliers: { bug: -1 } }, 'label_multipliers["bug"] must be within [0, ∞), got -1'],
    ['default_label_multiplier', { default_label_multiplier: 'high' }, 'default_label_multiplier must be a number'],
    ['trusted_label_pipeline', { trusted_label_pipeline: 'yes' }, 'trusted_label_pipeline must be true or false'],
    ['the branches', { additional_acceptable_branches: 'dev' }, 'additional_acceptable_branches must be a list'],
    ['min_credibility', { eligibility: { min_credibility: 1.5 } }, 'eligibility.min_credibility must be within [0, 1], got 1.5'],
    ['a divisor of 0', { eligibility: { open_pr_threshold_token_score: 0 } }, 'eligibility.open_pr_threshold_token_score must be within (0, ∞), got 0'],
    ['a negative count', { eligibility: { max_open_pr_threshold: -1 } }, 'eligibility.max_open_pr_threshold must be within [0, ∞), got -1'],
    ['a boolean count', { eligibility: { min_valid_merged_prs: true } }, 'eligibility.min_valid_merged_prs must be a number, got true'],
    ['pr_lookback_days', { scoring: { pr_lookback_days: 200 } }, 'scoring.pr_lookback_days must be within [1, 90], got 200'],
    ['open_pr_collateral_percent', { scoring: { open_pr_collateral_percent: 1.5 } }, 'scoring.open_pr_collateral_percent must be within [0, 1], got 1.5'],
    ['review_penalty_rate 0', { scoring: { review_penalty_rate: 0 } }, 'scoring.review_penalty_rate must be within (0, 1], got 0'],
    ['standard_issue_multiplier', { scoring: { standard_issue_multiplier: 0.5 } }, 'scoring.standard_issue_multiplier must be within [1, 5], got 0.5'],
    ['maintainer_issue_multiplier', { scoring: { maintainer_issue_multiplier: 6 } }, 'scoring.maintainer_issue_multiplier must be within [1, 5], got 6'],
    ['src_tok_saturation_scale low', { scoring: { src_tok_saturation_scale: 5 } }, 'scoring.src_tok_saturation_scale must be within [10, 500], got 5'],
    ['src_tok_saturation_scale high', { scoring: { src_tok_saturation_scale: 501 } }, 'scoring.src_tok_saturation_scale must be within [10, 500], got 501'],
    ['grace_period_hours', { scoring: { time_decay: { grace_period_hours: 169 } } }, 'scoring.time_decay.grace_period_hours must be within [0, 168], got 169'],
    ['sigmoid_midpoint_days', { scoring: { time_decay: { sigmoid_midpoint_days: 0.5 } } }, 'scoring.time_decay.sigmoid_midpoint_days must be within [1, 90], got 0.5'],
    ['sigmoid_steepness', { scoring: { time_decay: { sigmoid_steepness: 0 } } }, 'scoring.time_decay.sigmoid_steepness must be within [0.01, 5], got 0'],
    ['min_multiplier', { scoring: { time_decay: { min_multiplier: 2 } } }, 'scoring.time_decay.min_multiplier must be within [0, 1], got 2'],
    ['a non-object block', { scoring: 3 }, 'scoring must be an object'],
  ])('refuses the list for an out-of-range %s, naming repository and field', (_name, entry, message) => {
    const r = parseMasterList({ 'acme/widgets': { emission_share: 0.1, ...entry }, 'acme/fine': { emission_share: 0.1 } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems.some((p) => p.startsWith(`acme/widgets: ${message}`))).toBe(true);
  });

  it('refuses a list whose shares sum past 1', () => {
    const r = parseMasterList({ 'a/b': { emission_share: 0.6 }, 'c/d': { emission_share: 0.5 } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems).toEqual(['the emission shares sum to 1.1, more than 1']);
  });

  it('accepts shares summing to exactly 1', () => {
    expect(parseMasterList({ 'a/b': { emission_share: 0.7 }, 'c/d': { emission_share: 0.3 } }).ok).toBe(true);
  });
});
