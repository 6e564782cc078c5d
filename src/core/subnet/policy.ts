import { compileGlob, compileGlobs, type Matcher } from './glob.ts';

/**
 * A repository's complete reward policy: every master-list field with its default
 * filled in (subnet-rules.md, "The master list"; the validator's
 * `validator/utils/load_weights.py`). Nothing downstream reads a default itself.
 */
export interface EligibilityPolicy {
  minValidMergedPrs: number;
  minCredibility: number;
  excessivePrPenaltyBaseThreshold: number;
  openPrThresholdTokenScore: number;
  maxOpenPrThreshold: number;
  minValidSolvedIssues: number;
  minIssueCredibility: number;
  minTokenScoreForValidIssue: number;
  openIssueSpamBaseThreshold: number;
  openIssueSpamTokenScorePerSlot: number;
  maxOpenIssueThreshold: number;
}

export interface TimeDecayPolicy {
  gracePeriodHours: number;
  sigmoidMidpointDays: number;
  sigmoidSteepness: number;
  minMultiplier: number;
}

export interface ScoringPolicy {
  prLookbackDays: number;
  openPrCollateralPercent: number;
  reviewPenaltyRate: number;
  standardIssueMultiplier: number;
  maintainerIssueMultiplier: number;
  srcTokSaturationScale: number;
  timeDecay: TimeDecayPolicy;
}

export interface LabelRule {
  pattern: string;
  multiplier: number;
  matches: Matcher;
}

export interface RepoPolicy {
  repo: string;
  emissionShare: number;
  issueDiscoveryShare: number;
  /** As listed; the carve uses `min(maintainerCut, MAINTAINER_CUT_CAP)`. */
  maintainerCut: number;
  fixedBaseScore: number | null;
  labelMultipliers: readonly LabelRule[];
  defaultLabelMultiplier: number;
  trustedLabelPipeline: boolean;
  additionalAcceptableBranches: readonly string[];
  /** Compiled once: does a branch match one of `additionalAcceptableBranches`? */
  matchesAdditionalBranch: Matcher;
  eligibility: EligibilityPolicy;
  scoring: ScoringPolicy;
}

export const MAINTAINER_CUT_CAP = 0.5;
/** The validator's slack when checking that shares sum to at most 1. */
export const EMISSION_SHARE_TOLERANCE = 1e-6;

export const DEFAULT_ELIGIBILITY: Readonly<EligibilityPolicy> = Object.freeze({
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
});

export const DEFAULT_TIME_DECAY: Readonly<TimeDecayPolicy> = Object.freeze({
  gracePeriodHours: 12,
  sigmoidMidpointDays: 10,
  sigmoidSteepness: 0.4,
  minMultiplier: 0.05,
});

export const DEFAULT_SCORING: Readonly<Omit<ScoringPolicy, 'timeDecay'>> = Object.freeze({
  prLookbackDays: 30,
  openPrCollateralPercent: 0.2,
  reviewPenaltyRate: 0.15,
  standardIssueMultiplier: 1.33,
  maintainerIssueMultiplier: 1.66,
  srcTokSaturationScale: 58,
});

export type Kind = 'int' | 'float';
/** [json key, policy key, kind, min, max, min exclusive] as the validator range-checks them. */
export type Field<K extends string> = readonly [string, K, Kind, number, number, boolean?];

export const ELIGIBILITY_FIELDS: readonly Field<keyof EligibilityPolicy>[] = [
  ['min_valid_merged_prs', 'minValidMergedPrs', 'int', 0, Infinity],
  ['min_credibility', 'minCredibility', 'float', 0, 1],
  ['excessive_pr_penalty_base_threshold', 'excessivePrPenaltyBaseThreshold', 'int', 0, Infinity],
  ['open_pr_threshold_token_score', 'openPrThresholdTokenScore', 'float', 0, Infinity, true],
  ['max_open_pr_threshold', 'maxOpenPrThreshold', 'int', 0, Infinity],
  ['min_valid_solved_issues', 'minValidSolvedIssues', 'int', 0, Infinity],
  ['min_issue_credibility', 'minIssueCredibility', 'float', 0, 1],
  ['min_token_score_for_valid_issue', 'minTokenScoreForValidIssue', 'float', 0, Infinity],
  ['open_issue_spam_base_threshold', 'openIssueSpamBaseThreshold', 'int', 0, Infinity],
  ['open_issue_spam_token_score_per_slot', 'openIssueSpamTokenScorePerSlot', 'float', 0, Infinity, true],
  ['max_open_issue_threshold', 'maxOpenIssueThreshold', 'int', 0, Infinity],
];

export const SCORING_FIELDS: readonly Field<keyof Omit<ScoringPolicy, 'timeDecay'>>[] = [
  ['pr_lookback_days', 'prLookbackDays', 'int', 1, 90],
  ['open_pr_collateral_percent', 'openPrCollateralPercent', 'float', 0, 1],
  ['review_penalty_rate', 'reviewPenaltyRate', 'float', 0, 1, true],
  ['standard_issue_multiplier', 'standardIssueMultiplier', 'float', 1, 5],
  ['maintainer_issue_multiplier', 'maintainerIssueMultiplier', 'float', 1, 5],
  ['src_tok_saturation_scale', 'srcTokSaturationScale', 'float', 10, 500],
];

export const TIME_DECAY_FIELDS: readonly Field<keyof TimeDecayPolicy>[] = [
  ['grace_period_hours', 'gracePeriodHours', 'int', 0, 168],
  ['sigmoid_midpoint_days', 'sigmoidMidpointDays', 'float', 1, 90],
  ['sigmoid_steepness', 'sigmoidSteepness', 'float', 0.01, 5],
  ['min_multiplier', 'minMultiplier', 'float', 0, 1],
];

export type PolicyResult = { ok: true; policy: RepoPolicy; warnings: string[] } | { ok: false; problems: string[]; warnings: string[] };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads one entry of the current schema. Every problem names the repository and the
 * field. Integers are truncated towards zero as the validator's `int()` does
 * (2.9 → 2); booleans and strings are refused where a number is expected.
 */
export function parsePolicy(repo: string, entry: Record<string, unknown>, options: { legacyWeight?: boolean } = {}): PolicyResult {
  const problems: string[] = [];
  const warnings: string[] = [];
  const num = (path: string, raw: unknown, kind: Kind, min: number, max: number, minExclusive = false): number | undefined => {
    if (raw === undefined || raw === null) return undefined;
    if (typeof raw !== 'number' || !Number.isFinite(raw)) {
      problems.push(`${repo}: ${path} must be a number, got ${JSON.stringify(raw)?.slice(0, 40)}`);
      return undefined;
    }
    const value = kind === 'int' ? Math.trunc(raw) : raw;
    const low = minExclusive ? value <= min : value < min;
    if (low || value > max) {
      const range = `${minExclusive ? '(' : '['}${min}, ${max === Infinity ? '∞' : max}${max === Infinity ? ')' : ']'}`;
      problems.push(`${repo}: ${path} must be within ${range}, got ${raw}`);
      return undefined;
    }
    return value;
  };
  const block = <K extends string>(name: string, raw: unknown, fields: readonly Field<K>[], defaults: Readonly<Record<K, number>>, extra: readonly string[] = []): Record<K, number> => {
    const out = { ...defaults } as Record<K, number>;
    if (raw === undefined || raw === null) return out;
    if (!isPlainObject(raw)) {
      problems.push(`${repo}: ${name} must be an object`);
      return out;
    }
    const known = new Set([...fields.map((f) => f[0]), ...extra]);
    const unknown = Object.keys(raw).filter((k) => !known.has(k));
    // The validator refuses the whole registry here; the hub keeps the entry and says so.
    if (unknown.length > 0) warnings.push(`${repo}: ${name} has unknown keys ${unknown.join(', ')} (ignored)`);
    for (const [key, prop, kind, min, max, excl] of fields) {
      const v = num(`${name}.${key}`, raw[key], kind, min, max, excl);
      if (v !== undefined) out[prop] = v;
    }
    return out;
  };

  const shareRaw = options.legacyWeight ? 0 : entry.emission_share;
  if (shareRaw === undefined || shareRaw === null) problems.push(`${repo}: emission_share is required`);
  const emissionShare = num('emission_share', shareRaw, 'float', 0, 1) ?? 0;
  const issueDiscoveryShare = num('issue_discovery_share', entry.issue_discovery_share, 'float', 0, 1) ?? 0.5;
  let maintainerCut = num('maintainer_cut', entry.maintainer_cut, 'float', 0, 1) ?? 0;
  if (maintainerCut > MAINTAINER_CUT_CAP) {
    warnings.push(`${repo}: maintainer_cut ${maintainerCut} is above the ${MAINTAINER_CUT_CAP} cap; ${MAINTAINER_CUT_CAP} applies`);
    maintainerCut = MAINTAINER_CUT_CAP;
  }
  const fixedBaseScore = num('fixed_base_score', entry.fixed_base_score, 'float', 0, 100) ?? null;
  const defaultLabelMultiplier = num('default_label_multiplier', entry.default_label_multiplier, 'float', 0, Infinity) ?? 1;

  const trustedRaw = entry.trusted_label_pipeline;
  if (trustedRaw !== undefined && trustedRaw !== null && typeof trustedRaw !== 'boolean') problems.push(`${repo}: trusted_label_pipeline must be true or false`);
  const trustedLabelPipeline = trustedRaw === true;

  const labelMultipliers: LabelRule[] = [];
  const labelsRaw = entry.label_multipliers;
  if (labelsRaw !== undefined && labelsRaw !== null) {
    if (!isPlainObject(labelsRaw)) problems.push(`${repo}: label_multipliers must be an object of pattern → multiplier`);
    else
      for (const [pattern, raw] of Object.entries(labelsRaw)) {
        const m = num(`label_multipliers["${pattern}"]`, raw, 'float', 0, Infinity);
        if (m !== undefined) labelMultipliers.push({ pattern, multiplier: m, matches: compileGlob(pattern.toLowerCase(), { nocase: true }) });
      }
  }

  const branchesRaw = entry.additional_acceptable_branches;
  let additionalAcceptableBranches: string[] = [];
  if (branchesRaw !== undefined && branchesRaw !== null) {
    if (!Array.isArray(branchesRaw) || !branchesRaw.every((b) => typeof b === 'string')) problems.push(`${repo}: additional_acceptable_branches must be a list of branch patterns`);
    else additionalAcceptableBranches = branchesRaw as string[];
  }

  const eligibility = block('eligibility', entry.eligibility, ELIGIBILITY_FIELDS, DEFAULT_ELIGIBILITY);
  const scoringRaw = entry.scoring;
  const scoring = block('scoring', scoringRaw, SCORING_FIELDS, DEFAULT_SCORING, ['time_decay']);
  const timeDecay = block('scoring.time_decay', isPlainObject(scoringRaw) ? scoringRaw.time_decay : undefined, TIME_DECAY_FIELDS, DEFAULT_TIME_DECAY);

  if (problems.length > 0) return { ok: false, problems, warnings };
  return {
    ok: true,
    warnings,
    policy: {
      repo,
      emissionShare,
      issueDiscoveryShare,
      maintainerCut,
      fixedBaseScore,
      labelMultipliers,
      defaultLabelMultiplier,
      trustedLabelPipeline,
      additionalAcceptableBranches,
      matchesAdditionalBranch: compileGlobs(additionalAcceptableBranches, { nocase: false }),
      eligibility: eligibility as unknown as EligibilityPolicy,
      scoring: { ...(scoring as unknown as Omit<ScoringPolicy, 'timeDecay'>), timeDecay: timeDecay as unknown as TimeDecayPolicy },
    },
  };
}

/** The policy of a repository with nothing but its share set: every default. */
export function defaultPolicy(repo: string, emissionShare: number): RepoPolicy {
  const r = parsePolicy(repo, { emission_share: emissionShare });
  if (!r.ok) throw new Error(r.problems.join('; '));
  return r.policy;
}
