/**
 * The Gittensor master list: an object keyed by `owner/name`. Two schemas are in
 * the wild: the current one (`emission_share`, `issue_discovery_share`,
 * `maintainer_cut`, `eligibility`, `scoring`, `label_multipliers`, …) and the
 * legacy one (`weight`, `tier`, `inactive_at`, `additional_acceptable_branches`).
 * Entries are kept whole, unknown fields included, so later features can read them,
 * and each yields its complete reward policy (`subnet/policy.ts`): every field with
 * its default, range-checked. An out-of-range value refuses the whole list, as the
 * validator refuses its registry, naming the repository and the field; the last
 * good list stays.
 */
import { EMISSION_SHARE_TOLERANCE, parsePolicy, type RepoPolicy } from './subnet/policy.ts';

export const REPO_NAME_PATTERN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;

export interface MasterListRepo {
  fullName: string;
  key: string;
  owner: string;
  name: string;
  /** `emission_share` when present (current schema), else the legacy `weight`. */
  weight: number;
  schema: 'current' | 'legacy';
  inactiveAt: string | null;
  entry: Record<string, unknown>;
  /**
   * The reward policy. A legacy entry predates per-repository policies: it gets every
   * default with an emission share of 0 (its `weight` is not a share of emission).
   */
  policy: RepoPolicy;
}

export type MasterListResult = { ok: true; repos: MasterListRepo[]; warnings: string[] } | { ok: false; problems: string[] };

export function isValidRepoName(fullName: string): boolean {
  if (!REPO_NAME_PATTERN.test(fullName)) return false;
  const name = fullName.split('/')[1]!;
  return name !== '.' && name !== '..';
}

export function repoKey(fullName: string): string {
  return fullName.toLowerCase();
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses and validates a master list from its JSON text or an already-parsed value. */
export function parseMasterList(input: string | unknown): MasterListResult {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (err) {
      return { ok: false, problems: [`not valid JSON: ${(err as Error).message}`] };
    }
  }
  if (!isPlainObject(value)) return { ok: false, problems: ['the list must be a JSON object keyed by "owner/name"'] };

  const problems: string[] = [];
  const warnings: string[] = [];
  const repos: MasterListRepo[] = [];
  const seen = new Map<string, string>();
  for (const [fullName, entry] of Object.entries(value)) {
    if (!isValidRepoName(fullName)) {
      problems.push(`"${fullName.slice(0, 120)}" is not a repository name of the form owner/name`);
      continue;
    }
    const key = repoKey(fullName);
    const earlier = seen.get(key);
    if (earlier) {
      problems.push(`"${fullName}" repeats "${earlier}" (names compare case-insensitively)`);
      continue;
    }
    seen.set(key, fullName);
    if (!isPlainObject(entry)) {
      problems.push(`${fullName}: the entry must be an object`);
      continue;
    }
    const share = entry.emission_share;
    const legacy = entry.weight;
    let weight: number;
    let schema: 'current' | 'legacy';
    if (share !== undefined) {
      if (typeof share !== 'number' || !Number.isFinite(share) || share < 0) {
        problems.push(`${fullName}: emission_share must be a non-negative number`);
        continue;
      }
      weight = share;
      schema = 'current';
    } else if (legacy !== undefined) {
      if (typeof legacy !== 'number' || !Number.isFinite(legacy) || legacy < 0) {
        problems.push(`${fullName}: weight must be a non-negative number`);
        continue;
      }
      weight = legacy;
      schema = 'legacy';
    } else {
      problems.push(`${fullName}: needs emission_share (or the legacy weight)`);
      continue;
    }
    const inactive = entry.inactive_at;
    if (inactive !== undefined && inactive !== null && (typeof inactive !== 'string' || Number.isNaN(Date.parse(inactive)))) {
      problems.push(`${fullName}: inactive_at must be a timestamp or null`);
      continue;
    }
    const policy = parsePolicy(fullName, entry, { legacyWeight: schema === 'legacy' });
    warnings.push(...policy.warnings);
    if (!policy.ok) {
      problems.push(...policy.problems);
      continue;
    }
    const [owner, name] = fullName.split('/') as [string, string];
    repos.push({ fullName, key, owner, name, weight, schema, inactiveAt: typeof inactive === 'string' ? inactive : null, entry, policy: policy.policy });
  }
  const shareSum = repos.reduce((s, r) => s + r.policy.emissionShare, 0);
  if (shareSum > 1 + EMISSION_SHARE_TOLERANCE) problems.push(`the emission shares sum to ${Number(shareSum.toFixed(6))}, more than 1`);
  if (repos.length === 0 && problems.length === 0) problems.push('the list is empty');
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, repos, warnings };
}

/**
 * Decides whether a freshly fetched list may replace the stored one. A list that
 * drops more than half of the repositories is far more likely a broken upstream
 * (a truncated file, a wrong branch) than a real change, so it is refused and the
 * last good list stays.
 */
export function checkReplacement(previousKeys: readonly string[], next: readonly MasterListRepo[]): { ok: true } | { ok: false; reason: string } {
  if (previousKeys.length === 0) return { ok: true };
  const nextKeys = new Set(next.map((r) => r.key));
  const dropped = previousKeys.filter((k) => !nextKeys.has(k)).length;
  if (dropped * 2 > previousKeys.length) {
    return { ok: false, reason: `the new list drops ${dropped} of ${previousKeys.length} repositories (more than half)` };
  }
  return { ok: true };
}
