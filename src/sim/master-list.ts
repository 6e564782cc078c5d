/**
 * The Gittensor master list for the simulated repositories, in the current
 * schema (emission shares, scoring knobs) or the legacy one (weight, tier).
 * Keys keep each repository's original name, so after a rename the list names
 * a repository that answers 301, and a few keys differ in case from GitHub's
 * canonical name: both happen with the real list.
 */
import { mix32, Rng } from './random.ts';
import { iso } from './repos.ts';
import { LABELS } from './words.ts';
import type { World } from './world.ts';

export type MasterListSchema = 'current' | 'legacy';

export interface MasterListOptions {
  /** Alter the case of some keys (never the first repository's). Default true. */
  caseNoise?: boolean;
  /** Extra `owner/name` keys for repositories the simulator does not serve (they answer 404). */
  extraRepos?: string[];
}

const MULTIPLIERS: Record<string, number> = {
  bug: 1.5, feature: 2.0, enhancement: 1.25, documentation: 0.5, refactor: 0.75, 'priority: high': 1.75, tests: 0.5, security: 2.5,
};

function noisyKey(fullName: string): string {
  const upper = fullName.replace(/(^|[/-])([a-z])/g, (_, p: string, c: string) => p + c.toUpperCase());
  if (upper !== fullName) return upper;
  const lower = fullName.toLowerCase();
  return lower !== fullName ? lower : fullName.toUpperCase();
}

export function masterList(world: World, schema: MasterListSchema, opts: MasterListOptions = {}): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  const raw = world.repos.map((r) => 0.2 + new Rng(mix32(world.seed, r.meta.index, 0x3a5)).float() * (r.meta.index === 0 ? 10 : 3));
  const total = raw.reduce((a, b) => a + b, 0);
  for (const r of world.repos) {
    const i = r.meta.index;
    const rng = new Rng(mix32(world.seed, i, 0x3a6));
    const inactive = i !== 0 && rng.chance(0.08);
    const inactiveAt = inactive ? iso(world.startSec - 86_400 * rng.int(3, 90)) : null;
    const branches = r.meta.branches.slice(1).filter(() => rng.chance(0.4));
    const key = (opts.caseNoise ?? true) && i !== 0 && rng.chance(0.1) ? noisyKey(r.meta.originalFullName) : r.meta.originalFullName;
    if (schema === 'legacy') {
      const tier = rng.weighted([['Gold', 10], ['Silver', 30], ['Bronze', 60]] as const);
      const weight = inactive ? 0.01 : Math.round((tier === 'Gold' ? 12 + rng.float() * 15 : tier === 'Silver' ? 3 + rng.float() * 5 : 0.17 + rng.float() * 0.5) * 100) / 100;
      out[key] = { tier, weight, inactive_at: inactiveAt, additional_acceptable_branches: branches };
      continue;
    }
    const labels: Record<string, number> = {};
    for (const li of r.meta.labels) {
      const name = LABELS[li]!.name;
      if (MULTIPLIERS[name] !== undefined && rng.chance(0.7)) labels[name] = MULTIPLIERS[name]!;
    }
    const entry: Record<string, unknown> = {
      emission_share: inactive ? 0 : Math.floor((raw[i]! / total) * 0.95 * 10_000) / 10_000,
      issue_discovery_share: rng.pick([0, 0.1, 0.2, 0.3]),
      maintainer_cut: rng.pick([0, 0.1, 0.15, 0.3]),
      trusted_label_pipeline: rng.chance(0.3),
      default_label_multiplier: rng.pick([0, 1]),
      label_multipliers: labels,
      eligibility: {
        min_valid_merged_prs: rng.int(0, 3),
        min_credibility: rng.pick([0, 0.5, 0.7, 0.75]),
        excessive_pr_penalty_base_threshold: 3,
        max_open_pr_threshold: rng.pick([10, 15, 20]),
      },
      scoring: {
        pr_lookback_days: rng.pick([14, 30, 45]),
        review_penalty_rate: rng.pick([0.2, 0.3]),
        standard_issue_multiplier: 1.5,
        maintainer_issue_multiplier: 1,
        time_decay: { grace_period_hours: 24, sigmoid_midpoint_days: 14, sigmoid_steepness: 0.5, min_multiplier: 0.05 },
      },
    };
    if (branches.length > 0) entry.additional_acceptable_branches = branches;
    if (inactiveAt) entry.inactive_at = inactiveAt;
    out[key] = entry;
  }
  for (const extra of opts.extraRepos ?? []) {
    out[extra] = schema === 'legacy' ? { tier: 'Bronze', weight: 0.17, inactive_at: null, additional_acceptable_branches: [] } : { emission_share: 0.001, issue_discovery_share: 0, maintainer_cut: 0, eligibility: {}, scoring: {}, label_multipliers: {} };
  }
  return out;
}
