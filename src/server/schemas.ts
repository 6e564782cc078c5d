import { z } from 'zod';
import { ISSUE_STATUSES, PULL_STATUSES } from '../core/states.ts';

/**
 * The API's parameters and answers, once. Each schema validates input (a bad
 * parameter answers 400 before any handler runs), types the handler, serialises
 * the answer and describes it in /api/openapi.json.
 */

// GitHub's own rules: an owner is 1-39 letters, digits or hyphens, not starting with
// a hyphen; a repository name is 1-100 of letters, digits, '.', '_' and '-'.
const OWNER = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/;
const REPO_NAME = /^[A-Za-z0-9._-]{1,100}$/;
// Logins follow the owner rule; apps post as `name[bot]`.
const LOGIN = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}(\[bot\])?$/;
const FULL_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100}$/;

export const ownerSchema = z.string().regex(OWNER, 'must be a GitHub owner name');
export const repoNameSchema = z
  .string()
  .regex(REPO_NAME, 'must be a GitHub repository name')
  .refine((v) => v !== '.' && v !== '..', 'must be a GitHub repository name');
export const fullNameSchema = z
  .string()
  .max(140)
  .regex(FULL_NAME, 'must be owner/name')
  .refine((v) => !/\/\.{1,2}$/.test(v), 'must be owner/name');

export const repoParams = z.object({ owner: ownerSchema, name: repoNameSchema });
const itemNumber = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/, 'must be a positive whole number')
  .transform(Number)
  .pipe(z.number().int().max(2_147_483_647, 'is too large'));
export const itemParams = repoParams.extend({ number: itemNumber });
export const loginSchema = z.string().regex(LOGIN, 'must be a GitHub login');
export const authorParams = repoParams.extend({ login: loginSchema });

const commaList = (max: number, what: string) =>
  z
    .string()
    .max(2000)
    .transform((v) => [...new Set(v.split(',').map((s) => s.trim()).filter(Boolean))])
    .refine((xs) => xs.length > 0, `needs at least one ${what}`)
    .refine((xs) => xs.length <= max, `takes at most ${max} ${what}s`);

/** `state=open,draft` or `state=all`; every value must be a status of the kind. */
export function stateParam(statuses: readonly string[], fallback: readonly string[]) {
  return commaList(10, 'state')
    .refine((xs) => xs.every((s) => s === 'all' || statuses.includes(s)), `each state must be one of: all, ${statuses.join(', ')}`)
    .transform((xs) => (xs.includes('all') ? [...statuses] : xs))
    .optional()
    .transform((xs) => xs ?? [...fallback])
    .describe(`One or more of ${statuses.join(', ')} (comma-separated), or all. Default: ${fallback.join(',')}.`);
}

export const limitParam = (fallback: number, max: number) =>
  z
    .string()
    .regex(/^[0-9]{1,4}$/, `must be a whole number from 1 to ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(1, `must be at least 1`).max(max, `must be at most ${max}`))
    .optional()
    .transform((v) => v ?? fallback)
    .describe(`Page size, 1 to ${max} (default ${fallback}).`);

const listFilters = {
  author: z.string().regex(LOGIN, 'must be a GitHub login').optional().describe('Login of the author (any case).'),
  assignee: z.string().regex(LOGIN, 'must be a GitHub login').optional().describe('Login of someone assigned (any case).'),
  label: commaList(5, 'label')
    .refine((xs) => xs.every((l) => l.length <= 50), 'label names are at most 50 characters')
    .optional()
    .describe('Label names (any case), comma-separated; an item must carry all of them.'),
  linked: z.enum(['true', 'false']).optional().describe('Issues: claimed by an open, draft or merged pull request. Pull requests: closes at least one issue.'),
  q: z.string().max(256).optional().describe('Words that must all appear in the title or body; "quoted phrases" are kept together.'),
  direction: z.enum(['asc', 'desc']).default('desc'),
  cursor: z.string().max(512).optional().describe('next_cursor of the previous page (opaque).'),
};
const repoFilter = {
  repo: commaList(20, 'repository')
    .refine((xs) => xs.every((x) => FULL_NAME.test(x)), 'each repository must be owner/name')
    .optional()
    .describe('Only these repositories: owner/name, comma-separated (at most 20).'),
};

export const issueListQuery = z.strictObject({
  state: stateParam(ISSUE_STATUSES, ['open']),
  ...listFilters,
  sort: z.enum(['updated', 'created', 'comments', 'number']).default('updated'),
  limit: limitParam(30, 100),
});
// sort=merged orders by merged_at, which only merged pull requests have: it lists them
// (state defaults to merged with it, and another state answers 400).
const pullQueryShape = {
  state: stateParam(PULL_STATUSES, []).describe(
    `One or more of ${PULL_STATUSES.join(', ')} (comma-separated), or all. Default: open,draft; merged with sort=merged, which takes no other state.`,
  ),
  ...listFilters,
  sort: z.enum(['updated', 'created', 'comments', 'number', 'merged']).default('updated').describe('merged: by merge time; lists merged pull requests only'),
  limit: limitParam(30, 100),
};
type PullQueryIn = { state: string[]; sort: string };
function mergedSortRule<T extends PullQueryIn>(q: T, ctx: z.RefinementCtx): T {
  if (q.state.length === 0) return { ...q, state: q.sort === 'merged' ? ['merged'] : ['open', 'draft'] };
  if (q.sort === 'merged' && q.state.some((s) => s !== 'merged')) {
    ctx.addIssue({ code: 'custom', path: ['state'], message: 'must be merged with sort=merged (only merged pull requests have a merge time)' });
  }
  return q;
}
export const pullListQuery = z.strictObject(pullQueryShape).transform(mergedSortRule);
export const globalIssueListQuery = issueListQuery.extend(repoFilter);
export const globalPullListQuery = z.strictObject({ ...pullQueryShape, ...repoFilter }).transform(mergedSortRule);
export type IssueListQuery = z.output<typeof globalIssueListQuery>;

export const searchQuery = z.strictObject({
  q: z.string().min(1, 'is required').max(256).describe('Words to find in titles and bodies; "quoted phrases" stay together. Operators are read as words.'),
  type: z.enum(['issue', 'pull']).optional(),
  state: commaList(9, 'state')
    .refine((xs) => xs.every((s) => (ISSUE_STATUSES as readonly string[]).includes(s) || (PULL_STATUSES as readonly string[]).includes(s)), 'unknown state')
    .optional(),
  ...repoFilter,
  limit: limitParam(20, 50),
  cursor: z.string().max(512).optional(),
});

export const authorQuery = z.strictObject({ limit: limitParam(10, 100) });
export const eventsQuery = z.strictObject({ ...repoFilter });
export const reposQuery = z.strictObject({ include_inactive: z.enum(['true', 'false']).default('false') });
export const driftQuery = z.strictObject({
  repo: fullNameSchema.optional().describe('Only this repository (owner/name, any case).'),
  miner: z.string().regex(LOGIN, 'must be a GitHub login').optional().describe("Only this miner's pull requests: a login (any case), current or previous."),
  limit: limitParam(50, 200),
  cursor: z.string().max(512).optional(),
});
/** Routes that take no query parameters: any given is named in a 400 rather than ignored. */
export const noQuery = z.strictObject({});
export const addRepoBody = z.strictObject({ full_name: fullNameSchema });

// ---- answers -------------------------------------------------------------------

export const errorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) })
  .meta({ id: 'Error' });

const label = z.object({ name: z.string(), color: z.string().nullable(), description: z.string().nullable() });
const ts = z.string().describe('ISO-8601 UTC, e.g. 2024-05-01T12:00:00Z');

const itemCommon = {
  repo: z.string().describe('owner/name'),
  number: z.number().int(),
  title: z.string(),
  state: z.enum(['open', 'closed']).describe("GitHub's state"),
  state_reason: z.string().nullable(),
  author: z.string().nullable(),
  author_association: z.string().nullable(),
  labels: z.array(label),
  assignees: z.array(z.string()).describe("The assignees' logins, as GitHub lists them"),
  comments: z.number().int(),
  created_at: ts,
  updated_at: ts,
  closed_at: ts.nullable(),
  html_url: z.string().nullable(),
  gone: z.enum(['deleted', 'transferred']).nullable().describe('Set once GitHub no longer has the item in this repository.'),
};

const linkedPull = z.object({
  repo: z.string(),
  number: z.number().int(),
  state: z.enum(['open', 'closed']),
  status: z.enum(PULL_STATUSES),
  merged: z.boolean(),
  draft: z.boolean(),
  title: z.string(),
  author: z.string().nullable(),
  source: z.enum(['text', 'graphql']).describe('text: a closing keyword in the description; graphql: GitHub says so (includes manual links)'),
});
const closingIssue = z.object({
  repo: z.string(),
  number: z.number().int(),
  state: z.enum(['open', 'closed']).nullable(),
  status: z.enum(ISSUE_STATUSES).nullable(),
  title: z.string().nullable(),
  tracked: z.boolean().describe('false: the repository is not tracked, so state and title are unknown'),
  source: z.enum(['text', 'graphql']),
});

export const issueSchema = z
  .object({
    ...itemCommon,
    status: z.enum(ISSUE_STATUSES),
    linked_pulls_count: z.number().int().describe('Open, draft or merged pull requests closing it.'),
    linked_pulls: z.array(linkedPull).describe('The open, draft or merged pull requests closing it, earliest first: in lists, the first 3; in the detail, all of them (up to 200).'),
  })
  .meta({ id: 'Issue' });
export const pullSchema = z
  .object({
    ...itemCommon,
    status: z.enum(PULL_STATUSES),
    draft: z.boolean(),
    merged: z.boolean(),
    merged_at: ts.nullable(),
    base_ref: z.string().nullable(),
    head_ref: z.string().nullable(),
    head_repo: z.string().nullable(),
    closing_issues_count: z.number().int(),
    closing_issues: z.array(closingIssue).describe('In lists, the first 3; in the detail, all of them (up to 200).'),
  })
  .meta({ id: 'Pull' });

const collisionSchema = z
  .object({
    pulls: z.array(z.object({ repo: z.string(), number: z.number().int(), author: z.string() })).describe('The open and draft pull requests that claim the issue'),
    authors: z.array(z.string()).describe('Their distinct authors, two or more'),
  })
  .meta({ id: 'Collision' });
const solveRewardSchema = z
  .object({
    issue_multiplier: z.number().describe('standard_issue_multiplier, or maintainer_issue_multiplier when a maintainer opened the issue'),
    issue_multiplier_reason: z.string(),
    label_multiplier: z.number().describe("The highest label multiplier the issue's labels match; default_label_multiplier with none"),
    label: z.string().nullable().describe('The label that gives it; null for the default'),
    factor: z.number().describe('issue_multiplier × label_multiplier: what solving it multiplies a pull request’s base score by'),
    emission_share: z.number(),
    issue_discovery_share: z.number(),
    pr_pool_share: z.number().describe('emission_share × (1 − issue_discovery_share), of the miners’ pool, before the maintainer carve and idle repositories’ shares'),
    issue_pool_share: z.number().describe('emission_share × issue_discovery_share: what issue discovery shares, paid to the issue’s author'),
    maintainer_cut: z.number(),
  })
  .meta({ id: 'SolveReward' });

export const collisionsQuery = z.strictObject({ limit: limitParam(50, 100) });
export const collisionPageSchema = z
  .object({
    items: z.array(z.object({ number: z.number().int(), title: z.string(), collision: collisionSchema })),
    scanned: z.number().int().describe('Open issues with two or more claiming pull requests read (at most 4 × limit, newest activity first)'),
  })
  .meta({ id: 'CollisionPage' });

export const issueDetailSchema = issueSchema
  .extend({
    body: z.string().nullable(),
    collision: collisionSchema.nullable().describe('Open or draft pull requests of two or more authors claim this issue; null otherwise'),
    solve_reward: solveRewardSchema,
  })
  .meta({ id: 'IssueDetail' });
export const pullDetailSchema = pullSchema
  .extend({ body: z.string().nullable() })
  .meta({ id: 'PullDetail' });

export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), next_cursor: z.string().nullable().describe('Pass as cursor for the next page; null at the end.') });
const totalCount = z
  .number()
  .int()
  .nullable()
  .describe(
    "How many items the list holds, from the counts the worker keeps per repository (no rows are counted): given for open issues (any linked), all issues, open and draft pull requests, and all pull requests, with no author, label or q filter; items gone from GitHub are listed under state=all but not counted. null for other filters.",
  );
export const issuePageSchema = pageOf(issueSchema).extend({ total_count: totalCount });
export const pullPageSchema = pageOf(pullSchema).extend({ total_count: totalCount });

const segment = z.object({ text: z.string(), match: z.boolean() });
export const searchHitSchema = z
  .object({
    type: z.enum(['issue', 'pull']),
    item: z.union([issueSchema, pullSchema]),
    score: z.number().describe('Higher is a better match'),
    matched: z.enum(['number', 'text']).describe('number: the query is #N or owner/name#N and this is that item (listed first); text: the words matched'),
    title_highlight: z.array(segment).describe('The title in pieces; match marks the words found. Plain text: never HTML.'),
    body_snippet: z.array(segment).describe('The best passage of the body, in the same form.'),
  })
  .meta({ id: 'SearchHit' });
export const searchPageSchema = pageOf(searchHitSchema).extend({
  truncated: z.boolean().describe('More items match than one search ranks: add words or filters to see the rest.'),
});

const repoCounts = {
  issues_open: z.number().int(),
  issues_open_unlinked: z.number().int(),
  issues_total: z.number().int(),
  pulls_open: z.number().int().describe('Open and draft'),
  pulls_total: z.number().int(),
};
/** A repository's mirror fields; GET /api/repos adds what it pays (repo-pay.schemas.ts). */
export const repoBaseSchema = z
  .object({
    full_name: z.string(),
    owner: z.string(),
    name: z.string(),
    html_url: z.string(),
    weight: z.number(),
    active: z.boolean(),
    operator_added: z.boolean(),
    archived: z.boolean(),
    default_branch: z.string().nullable(),
    ...repoCounts,
    sync: z.object({
      state: z.enum(['never', 'ok', 'stale', 'failing']),
      last_attempt_at: ts.nullable(),
      last_success_at: ts.nullable(),
      last_error: z.string().nullable(),
      last_error_at: ts.nullable(),
      consecutive_failures: z.number().int(),
      next_due_at: ts.nullable(),
    }),
  });

const requestKindCost = z.object({
  kind: z.string().describe('issues, pulls, repo, issue, pull, graphql, reviews, timeline, events, collaborators or other'),
  requests: z.number().int().describe('Requests sent'),
  quota: z.number().int().describe('Answers that counted against the primary rate limit (a 304 does not)'),
  not_modified: z.number().int().describe('Conditional requests answered 304 Not Modified'),
  points: z.number().int().describe("GraphQL's own query cost in points (rateLimit.cost), where asked"),
});

export const repoSyncSchema = z.object({
  repo: z.string(),
  active: z.boolean(),
  hot: z.boolean().describe('Among the most heavily weighted repositories, synced on the short interval'),
  target_seconds: z.number().int().describe('How fresh this repository should be'),
  age_seconds: z.number().int().nullable().describe('Since the last successful pass'),
  lag_seconds: z.number().int().nullable().describe('How far behind its target (0 when fresh; null when never synced)'),
  last_attempt_at: ts.nullable(),
  last_success_at: ts.nullable(),
  last_error: z.string().nullable(),
  last_error_at: ts.nullable(),
  consecutive_failures: z.number().int(),
  next_due_at: ts.nullable(),
  reconciled_at: ts.nullable(),
  issues_watermark: ts.nullable(),
  pulls_watermark: ts.nullable(),
  counts: z.object(repoCounts),
  requests_total: z.number().int(),
  quota_total: z.number().int(),
  last_pass: z.object({
    requests: z.number().int(),
    quota: z.number().int(),
    ms: z.number().int().nullable(),
    by_kind: z.array(requestKindCost).describe('What the last pass cost per kind of request'),
  }),
  by_kind_total: z.array(requestKindCost).describe('Summed over every pass and maintainers refresh, per kind of request'),
  data_version: z.number().int(),
  relink: z.object({
    grammar: z.number().int().nullable().describe('Grammar version the stored text links were last re-derived with (null: a relink is pending)'),
    current_grammar: z.number().int(),
    cursor: z.number().int().nullable().describe('Item id a running relink has reached'),
    done_at: ts.nullable(),
    done: z.boolean().describe('The stored links follow the current grammar'),
  }),
});
export const subnetFreshnessSchema = z
  .object({
    name: z.enum(['miners', 'pr_scores', 'repo_standings', 'repo_miners', 'maintainers', 'alpha_price', 'tao_price']),
    service: z.enum(['api', 'mirror', 'alpha_price', 'tao_price']).describe('api: GITTENSOR_API_URL; mirror: GITTENSOR_MIRROR_URL; alpha_price: HUB_ALPHA_PRICE_URL; tao_price: HUB_TAO_PRICE_URL'),
    host: z.string().nullable().describe("The service's host; null when it is not configured"),
    configured: z.boolean().describe("False when the service's URL setting is off (the alpha price: unset)"),
    state: z.enum(['fresh', 'stale', 'never', 'not_configured']).describe('stale: the oldest good answer is older than twice the interval; the data is still served'),
    interval_seconds: z.number().int(),
    source_count: z.number().int().describe('Sources behind this data: 1, or one per repository (repo_miners, maintainers)'),
    never_count: z.number().int().describe('Sources with no good answer yet'),
    failing_count: z.number().int().describe('Sources whose last attempt failed (their last good data is kept)'),
    last_success_at: ts.nullable().describe('The oldest last good answer among the sources'),
    age_seconds: z.number().int().nullable(),
    last_error: z.string().nullable(),
    last_error_at: ts.nullable(),
  })
  .describe("Freshness of one kind of the subnet's own data, mirrored by the worker (docs/subnet-data.md)");

export const syncStatusSchema = z.object({
  generated_at: ts,
  freshness_seconds: z.number().int(),
  hot_interval_seconds: z.number().int(),
  repos: z.array(repoSyncSchema),
  quota: z.array(
    z.object({ token_label: z.string(), resource: z.string(), limit: z.number().int(), remaining: z.number().int(), reset_at: ts, updated_at: ts }),
  ),
  jobs: z.array(z.object({ kind: z.string(), state: z.string(), count: z.number().int() })),
  subnet: z.array(subnetFreshnessSchema).describe("The subnet's miners, official scores, maintainers and prices, always every kind in this order"),
});

export const authorSchema = z.object({
  repo: z.string(),
  author: z.string(),
  counts: z.object({ issues: z.record(z.string(), z.number().int()), pulls: z.record(z.string(), z.number().int()) }),
  counts_capped: z.boolean().describe('Some count reached the cap and means "at least"'),
  issues: pageOf(issueSchema).describe('Newest activity first; next_cursor continues /issues?author=…&state=all'),
  pulls: pageOf(pullSchema).describe('Newest activity first; next_cursor continues /pulls?author=…&state=all'),
});

const breakdownFields = {
  state: z.enum(['open', 'merged', 'closed']).nullable(),
  score: z.number().nullable().describe('What it earns: the official score, the hub’s earned'),
  collateral: z.number().nullable(),
  base: z.number().nullable(),
  multipliers: z.object({ issue: z.number().nullable(), label: z.number().nullable(), decay: z.number().nullable(), review: z.number().nullable(), spam: z.number().nullable() }),
};
export const driftSchema = z
  .object({
    computed_at: ts.nullable().describe('When the worker last compared the two sides; null before the first comparison'),
    tolerance: z.number().describe('Two values differ only when further apart than this (both sides round to 2 decimals)'),
    counts: z.object({
      compared: z.number().int().describe('Pull requests scored by both sides'),
      differing: z.number().int(),
      official_only: z.number().int().describe('Scored officially, not evaluated by the hub (untracked repository, not synced or not scored yet)'),
      hub_only: z.number().int().describe('Evaluated by the hub for a registered miner, with no official score'),
    }),
    items: z.array(
      z.object({
        repo: z.string(),
        number: z.number().int(),
        github_id: z.string().describe("The miner's GitHub id"),
        miner: z.string().nullable().describe("The miner's login, when the hub knows the account"),
        fields: z.array(z.enum(['state', 'score', 'collateral', 'base', 'issue', 'label', 'spam', 'decay', 'review'])).describe('What differs'),
        official: z.object({ ...breakdownFields, token_score: z.number().nullable() }),
        hub: z.object({ ...breakdownFields, counted: z.boolean().nullable(), excluded: z.string().nullable(), reasons: z.array(z.string()) }),
        official_at: ts,
        hub_at: ts,
      }),
    ),
    next_cursor: z.string().nullable().describe('Pass as cursor for the next page; null at the end.'),
  })
  .meta({ id: 'ScoreDrift' });

export const notModified = z.null().describe('Not modified: the ETag in If-None-Match is current');
export const errors = { 400: errorSchema, 404: errorSchema };
