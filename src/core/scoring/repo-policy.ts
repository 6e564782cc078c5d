import { ELIGIBILITY_FIELDS, MAINTAINER_CUT_CAP, parsePolicy, SCORING_FIELDS, TIME_DECAY_FIELDS, type RepoPolicy } from '../subnet/policy.ts';

/**
 * The repository's policy from its stored master-list entry. An entry the rules
 * cannot read (an operator-added repository has none) gets every default with an
 * emission share of 0, and says why.
 */
export function policyOfRepo(repo: { full_name: string; entry: string }): { policy: RepoPolicy; problem: string | null } {
  let entry: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(repo.entry);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) entry = parsed as Record<string, unknown>;
  } catch {
    // An unreadable entry is treated as empty.
  }
  const legacy = entry.emission_share === undefined;
  const r = parsePolicy(repo.full_name, entry, { legacyWeight: legacy });
  if (r.ok) return { policy: r.policy, problem: null };
  const fallback = parsePolicy(repo.full_name, {}, { legacyWeight: true });
  if (!fallback.ok) throw new Error(fallback.problems.join('; '));
  return { policy: fallback.policy, problem: r.problems.join('; ') };
}

/** The policy with the master list's own field names, every default filled in (GET /api/repos/{owner}/{name}/policy). */
export function policyDocument(policy: RepoPolicy) {
  const pick = <K extends string>(fields: readonly (readonly [string, K, ...unknown[]])[], values: Readonly<Record<K, number>>) =>
    Object.fromEntries(fields.map(([json, prop]) => [json, values[prop]]));
  return {
    emission_share: policy.emissionShare,
    issue_discovery_share: policy.issueDiscoveryShare,
    maintainer_cut: policy.maintainerCut,
    maintainer_cut_cap: MAINTAINER_CUT_CAP,
    fixed_base_score: policy.fixedBaseScore,
    label_multipliers: Object.fromEntries(policy.labelMultipliers.map((l) => [l.pattern, l.multiplier])),
    default_label_multiplier: policy.defaultLabelMultiplier,
    trusted_label_pipeline: policy.trustedLabelPipeline,
    additional_acceptable_branches: [...policy.additionalAcceptableBranches],
    eligibility: pick(ELIGIBILITY_FIELDS, policy.eligibility),
    scoring: { ...pick(SCORING_FIELDS, policy.scoring), time_decay: pick(TIME_DECAY_FIELDS, policy.scoring.timeDecay) },
  };
}

