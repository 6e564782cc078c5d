import { z } from 'zod';
import { PENDING_CODES } from '../core/scoring/entries.ts';
import { ELIGIBILITY_FIELDS, SCORING_FIELDS, TIME_DECAY_FIELDS, type Field } from '../core/subnet/policy.ts';
import { fullNameSchema, loginSchema } from './schemas.ts';

/**
 * The subnet routes' answers (contract.md, "Subnet routes"): the stored
 * evaluations of the scoring job, field for field. Scores are to 2 decimals, times
 * ISO 8601 UTC; reason codes are listed in docs/scoring.md.
 */

const ts = z.string().describe('ISO-8601 UTC, e.g. 2024-05-01T12:00:00Z');
const score = z.number().describe('To 2 decimals');
const code = z.string().describe('A stable reason code (docs/scoring.md)');

export const minerParams = z.object({ login: loginSchema });

const explain = z
  .object({
    code,
    reason_text: z.string().describe('The reason in a few plain words (the same wording on the page and in the CLI)'),
    detail: z.string().describe('What was measured, in words with the numbers'),
    lever: z.string().nullable().describe('What would change it, when something would') })
  .meta({ id: 'ScoreReason' });

const multipliers = z
  .object({ issue: score, label: score, decay: score, review: score, spam: score })
  .meta({ id: 'ScoreMultipliers' });

const pending = z
  .array(z.enum(PENDING_CODES))
  .describe('What the hub has not fetched yet for this item (facts_pending, token_score_pending): it is counted with what is known; empty when everything is in');

const pullFields = {
  number: z.number().int(),
  state: z.enum(['open', 'merged', 'closed']),
  counted: z.boolean().describe("Counts towards the miner's merged, closed or open numbers"),
  excluded: code.nullable().describe('Why it is dropped entirely, or null'),
  base: score,
  token_score: score,
  multipliers,
  collateral_review: score.nullable().describe("Open pull requests: collateral's review factor, min(2, 1 + rate · N)"),
  earned: score,
  collateral: score,
  reasons: z.array(code),
  explain: z.array(explain).describe('Each reason with its detail and lever'),
  pending,
};
export const pullEntrySchema = z.object(pullFields).meta({ id: 'PullStanding' });

const projection = z
  .object({
    earned_now: score.describe('Open: what it would earn merged now. Merged: what it earns today'),
    multipliers,
    reasons: z.array(code),
    curve: z.object({
      grace_ends_at: ts,
      halves_at: ts.nullable().describe('When decay reaches 0.50; null when the floor is above it'),
      floor_at: ts.nullable().describe('When decay reaches the floor; null with a floor of 0'),
      floor: score,
    }),
    next_drop_at: ts.nullable().describe('Merged: the next time the rounded decay factor drops'),
    earned_after_drop: score.nullable(),
  })
  .meta({ id: 'ScoreProjection' });

const issueEntry = z.object({
  number: z.number().int(),
  state: z.enum(['open', 'closed']),
  counted: z.boolean(),
  excluded: code.nullable(),
  solved: z.boolean(),
  valid_solve: z.boolean(),
  solver_number: z.number().int().nullable(),
  base: score,
  multipliers: z.object({ label: score, decay: score, review: score, credibility: score, spam: score }),
  earned: score,
  reasons: z.array(code),
  explain: z.array(explain),
  pending,
});

export const repoStandingSchema = z
  .object({
    repo: z.string().describe('owner/name'),
    eligible: z.boolean(),
    merged: z.number().int(),
    closed: z.number().int(),
    open: z.number().int(),
    credibility: score,
    open_pr_threshold: z.number().int(),
    open_pr_slots_left: z.number().int(),
    open_pr_cliff: z.boolean(),
    earned: score,
    collateral: score,
    total: score.describe('max(0, earned − collateral) where eligible, else 0'),
    blocked_by: z.array(code),
    blocked_by_explain: z.array(explain),
    pending_pulls: z.number().int().describe('Pull requests counted with facts still to come'),
    pulls: z.array(pullEntrySchema),
    issue_discovery: z.object({
      eligible: z.boolean(),
      solved: z.number().int(),
      valid_solved: z.number().int(),
      closed_unsolved: z.number().int(),
      open: z.number().int(),
      credibility: score,
      open_issue_threshold: z.number().int(),
      open_issue_cliff: z.boolean(),
      total: score,
      blocked_by: z.array(code),
      blocked_by_explain: z.array(explain),
      issues: z.array(issueEntry),
    }),
    computed_at: ts.describe('When this standing was evaluated'),
    inputs_version: z.string().describe('Fingerprint of what the evaluation read: facts, token scores, policy, registration'),
  })
  .meta({ id: 'RepoStanding' });

export const minerStandingSchema = z
  .object({
    login: z.string().describe('As GitHub spells it on the most recent item'),
    github_id: z.string().nullable(),
    registered: z.boolean().describe("A registered miner by the subnet's own data (false when that is not configured or not fetched yet)"),
    eligible: z.boolean().describe('Eligible in at least one repository'),
    issue_eligible: z.boolean(),
    total: score.describe('Σ repository totals'),
    repos: z.array(repoStandingSchema).describe('Highest total first'),
  })
  .meta({ id: 'MinerStanding' });

export const pullScoreSchema = z
  .object({
    repo: z.string(),
    author: z.string(),
    github_id: z.string().nullable(),
    registered: z.boolean(),
    computed_at: ts,
    ...pullFields,
    projection: projection.nullable().describe('Open: merged now. Merged and counted: today and the next decay drop. Closed or dropped: null'),
  })
  .meta({ id: 'PullScore' });

// The policy document's blocks, from the same field tables the master list is read with.
const numbers = <K extends string>(fields: readonly Field<K>[]) =>
  Object.fromEntries(fields.map(([json, , kind]) => [json, kind === 'int' ? z.number().int() : z.number()])) as Record<string, z.ZodNumber>;

export const policySchema = z
  .object({
    repo: z.string(),
    emission_share: z.number(),
    issue_discovery_share: z.number(),
    maintainer_cut: z.number().describe('As it applies: capped at maintainer_cut_cap'),
    maintainer_cut_cap: z.number(),
    fixed_base_score: z.number().nullable(),
    label_multipliers: z.record(z.string(), z.number()).describe('Pattern → multiplier'),
    default_label_multiplier: z.number(),
    trusted_label_pipeline: z.boolean(),
    additional_acceptable_branches: z.array(z.string()),
    eligibility: z.object(numbers(ELIGIBILITY_FIELDS)),
    scoring: z.object({ ...numbers(SCORING_FIELDS), time_decay: z.object(numbers(TIME_DECAY_FIELDS)) }),
    problem: z.string().nullable().describe('Why the master-list entry gives no policy (then every default applies, emission share 0); null when it does'),
  })
  .meta({ id: 'RepoPolicy' });

const minerFilters = {
  registered: z.enum(['true', 'false']).optional().describe('Only registered miners (true) or only other authors (false)'),
  repo: fullNameSchema.optional().describe("Only standings in this tracked repository (owner/name, any case): totals and the official standing are that repository's"),
  sort: z.enum(['total', 'login']).default('total').describe('total: highest computed total first (default); login: by login, A to Z'),
};

/** GET /api/miners.csv: the same filters, every row (no page). */
export const minersCsvQuery = z.strictObject(minerFilters);

export const minersQuery = z.strictObject({
  ...minerFilters,
  limit: z
    .string()
    .regex(/^[0-9]{1,4}$/, 'must be a whole number from 1 to 100')
    .transform(Number)
    .pipe(z.number().int().min(1, 'must be at least 1').max(100, 'must be at most 100'))
    .optional()
    .transform((v) => v ?? 30)
    .describe('Page size, 1 to 100 (default 30).'),
  cursor: z.string().max(512).optional().describe('next_cursor of the previous page (opaque).'),
});

const minerSummary = z
  .object({
    login: z.string(),
    github_id: z.string().nullable(),
    registered: z.boolean(),
    eligible: z.boolean().describe('Eligible in at least one repository, as the hub evaluates it'),
    total: score.describe('Σ repository totals, as the hub evaluates them'),
    repos: z.number().int().describe('Tracked repositories with a standing'),
    computed_at: ts.describe('The newest of its evaluations'),
    official: z
      .object({
        uids: z.array(z.number().int()),
        total_score: score,
        is_eligible: z.boolean(),
        credibility: score,
        evaluated_at: ts.nullable(),
      })
      .nullable()
      .describe("The validators' own standing of the account (the subnet's API), when the hub has it; null otherwise"),
  })
  .meta({ id: 'MinerSummary' });

export const minerPageSchema = z.object({
  items: z.array(minerSummary),
  next_cursor: z.string().nullable().describe('Pass as cursor for the next page; null at the end.'),
});
