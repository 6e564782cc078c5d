/**
 * The answers of the subnet's API, its mirror service and the price sources, as
 * the hub reads them. Field names are the hub's (camelCase); snake_case spellings
 * are accepted everywhere (see values.ts). Unknown fields are ignored.
 */
import { z } from 'zod';
import { bool, count, id, listOf, num, obj, opt, text, time } from './values.ts';

const prState = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim().toUpperCase() : v),
  z.enum(['OPEN', 'MERGED', 'CLOSED'], { error: 'expected OPEN, MERGED or CLOSED' }),
);

/** Linked issues arrive as numbers or as objects carrying a number. */
const issueNumber = z.preprocess((v) => (v && typeof v === 'object' && !Array.isArray(v) ? ((v as { number?: unknown }).number ?? (v as { issueNumber?: unknown }).issueNumber) : v), count);

// ---- the subnet API (`GITTENSOR_API_URL`) ----

export const minerSchema = obj(
  {
    uid: count,
    hotkey: text,
    githubId: id,
    githubUsername: text,
    failedReason: opt(z.string()),
    totalScore: num,
    baseTotalScore: opt(num),
    totalOpenPrs: count,
    totalClosedPrs: count,
    totalMergedPrs: count,
    isEligible: bool,
    credibility: num,
    totalCollateralScore: opt(num),
    issueDiscoveryScore: opt(num),
    isIssueEligible: opt(bool),
    alphaPerDay: opt(num),
    taoPerDay: opt(num),
    usdPerDay: opt(num),
    evaluatedAt: opt(time),
  },
  { githubUsername: ['githubLogin', 'login'] },
);
export type Miner = z.infer<typeof minerSchema>;
export const minersSchema = listOf(minerSchema, 'miners');

export const minerRepoSchema = obj(
  {
    repositoryFullName: text,
    totalMergedPrs: count,
    totalClosedPrs: count,
    totalOpenPrs: count,
    isEligible: bool,
    credibility: num,
    totalScore: num,
  },
  { repositoryFullName: ['repository', 'fullName'] },
);
export type MinerRepo = z.infer<typeof minerRepoSchema>;

export const minerDetailSchema = z.intersection(minerSchema, obj({ repositories: listOf(minerRepoSchema, 'repositories') }));
export type MinerDetail = z.infer<typeof minerDetailSchema>;

export const prScoreSchema = obj(
  {
    pullRequestNumber: count,
    repository: text,
    githubId: id,
    prState,
    mergedAt: opt(time),
    score: num,
    baseScore: opt(num),
    collateralScore: opt(num),
    tokenScore: opt(num),
    labelMultiplier: opt(num),
    issueMultiplier: opt(num),
    timeDecayMultiplier: opt(num),
    reviewQualityMultiplier: opt(num),
    openPrSpamMultiplier: opt(num),
    linkedIssues: opt(z.array(issueNumber)),
  },
  { pullRequestNumber: ['number', 'prNumber'], repository: ['repositoryFullName', 'fullName'] },
);
export type PrScore = z.infer<typeof prScoreSchema>;
export const prScoresSchema = listOf(prScoreSchema, 'prs');

export const repoStandingSchema = obj(
  {
    repository: text,
    totalScore: num,
    totalMergedPrs: opt(count),
    totalOpenPrs: opt(count),
    minerCount: opt(count),
  },
  { repository: ['repositoryFullName', 'fullName'], minerCount: ['miners', 'uniqueMiners', 'totalMiners'] },
);
export type RepoStanding = z.infer<typeof repoStandingSchema>;
export const repoStandingsSchema = listOf(repoStandingSchema, 'repos');

export const repoMinerSchema = obj(
  {
    githubId: id,
    uid: opt(count),
    githubUsername: opt(text),
    totalScore: num,
    totalMergedPrs: count,
    totalClosedPrs: count,
    totalOpenPrs: count,
    isEligible: bool,
    credibility: num,
  },
  { githubUsername: ['githubLogin', 'login'] },
);
export type RepoMiner = z.infer<typeof repoMinerSchema>;
export const repoMinersSchema = listOf(repoMinerSchema, 'miners');

// ---- the subnet mirror (`GITTENSOR_MIRROR_URL`) ----

export const maintainerSchema = obj({ githubId: id, login: text, association: text });
export type Maintainer = z.infer<typeof maintainerSchema>;
export const maintainersSchema = listOf(maintainerSchema, 'maintainers');

export const prFileSchema = obj(
  {
    filename: text,
    status: text,
    previousFilename: opt(text),
    additions: count,
    deletions: count,
    changes: opt(count),
    headContent: opt(z.string()),
    baseContent: opt(z.string()),
  },
  { filename: ['path'] },
);
export type PrFile = z.infer<typeof prFileSchema>;
/** A pull request's files: a bare list, or `{files, head_sha, base_sha}` naming the commits the contents are from. */
export const prFilesSchema = z.preprocess(
  (v) => (Array.isArray(v) ? { files: v } : v),
  obj({ files: listOf(prFileSchema, 'files'), headSha: opt(text), baseSha: opt(text) }),
);
export type PrFiles = z.infer<typeof prFilesSchema>;

export const minerPullSchema = obj({
  repository: text,
  number: count,
  state: text,
  createdAt: opt(time),
  mergedAt: opt(time),
  closedAt: opt(time),
  authorAssociation: opt(text),
  reviewSummary: opt(obj({ approvals: count, changesRequested: count })),
  labels: opt(z.array(obj({ name: text, actorAssociation: opt(text) }))),
  linkedIssues: opt(z.array(issueNumber)),
});
export type MinerPull = z.infer<typeof minerPullSchema>;
export const minerPullsSchema = listOf(minerPullSchema, 'pulls');

// ---- prices (`HUB_ALPHA_PRICE_URL`, `HUB_TAO_PRICE_URL`) ----

/** The subnet's alpha: its price in TAO and the alpha it emits per day. */
export const alphaPriceSchema = obj(
  { price: num, emissionPerDay: num, at: opt(time) },
  { price: ['alphaPrice', 'priceTao', 'priceInTao'], emissionPerDay: ['alphaEmissionPerDay', 'dailyEmission', 'emission'], at: ['timestamp', 'updatedAt'] },
);
export type AlphaPrice = z.infer<typeof alphaPriceSchema>;

/** TAO in dollars: CoinGecko's `{"bittensor":{"usd":…}}`, or a bare `{"usd":…}`. */
export const taoPriceSchema = z.preprocess(
  (v) => (v && typeof v === 'object' && 'bittensor' in v ? (v as { bittensor: unknown }).bittensor : v),
  obj({ usd: num, at: opt(time) }, { usd: ['price', 'priceUsd'], at: ['lastUpdatedAt', 'timestamp'] }),
);
export type TaoPrice = z.infer<typeof taoPriceSchema>;
