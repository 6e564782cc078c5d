import { existsSync, readFileSync } from 'node:fs';
import { parse as parseDotenv } from 'dotenv';
import { z } from 'zod';
import type { SubnetSettings } from '../core/subnet/emission.ts';
import { registerSecrets } from './redact.ts';

/** The Gittensor validator's master list of rewarded repositories. */
export const DEFAULT_REPOS_URL =
  'https://raw.githubusercontent.com/entrius/gittensor/main/gittensor/validator/weights/master_repositories.json';
export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';
export const DEFAULT_GITHUB_WEB_URL = 'https://github.com';
/** The subnet's own services (miners and official scores; maintainers and PR files) and TAO's dollar price. */
export const DEFAULT_GITTENSOR_API_URL = 'https://api.gittensor.io';
export const DEFAULT_GITTENSOR_MIRROR_URL = 'https://mirror.gittensor.io';
export const DEFAULT_TAO_PRICE_URL = 'https://api.coingecko.com/api/v3/simple/price?ids=bittensor&vs_currencies=usd';

/** A numeric variable within [min, max]: a whole number, or with `fraction`, a decimal. */
const numberIn = (min: number, max: number, fallback: number, fraction: boolean) => {
  const kind = fraction ? 'number' : 'whole number';
  const n = z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`);
  return z
    .string()
    .default(String(fallback))
    .pipe(
      z
        .string()
        .trim()
        .regex(fraction ? /^\d+(\.\d+)?$/ : /^\d+$/, `must be a ${kind} from ${min} to ${max}`)
        .transform(Number)
        .pipe(fraction ? n : n.int()),
    );
};
const intIn = (min: number, max: number, fallback: number) => numberIn(min, max, fallback, false);
const fractionIn = (min: number, max: number, fallback: number) => numberIn(min, max, fallback, true);

const httpUrl = z
  .string()
  .trim()
  .refine((v) => {
    try {
      const u = new URL(v);
      return u.protocol === 'http:' || u.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'must be an http(s) URL');

/** A service's URL, or `off`: the hub does not call it (and says so wherever its data would show). */
const urlOrOff = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .refine((v) => v === 'off' || httpUrl.safeParse(v).success, 'must be an http(s) URL or off')
    .transform((v) => (v === 'off' ? null : v));

const envSchema = z.object({
  GITHUB_TOKENS: z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(',').map((t) => t.trim()).filter(Boolean))
    .refine((tokens) => tokens.every((t) => /^[\x21-\x7e]+$/.test(t)), 'tokens must be printable ASCII without spaces'),
  GITHUB_API_URL: httpUrl.optional(),
  GITHUB_WEB_URL: httpUrl.optional(),
  DATABASE_URL: z.string().trim().min(1).default('sqlite:./data/hub.sqlite'),
  HUB_REPOS: z.string().trim().min(1).optional(),
  HUB_REPOS_URL: httpUrl.default(DEFAULT_REPOS_URL),
  HOST: z.string().trim().min(1, 'must not be empty').default('127.0.0.1'),
  PORT: intIn(0, 65535, 7474),
  ADMIN_TOKEN: z.string().trim().min(16, 'must be at least 16 characters').optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  // PostgreSQL only (docs/store.md): connections per process, the longest a statement may
  // run, and how many times a starting process tries to reach a database that is still starting.
  HUB_DB_POOL_SIZE: intIn(1, 200, 10),
  HUB_DB_STATEMENT_TIMEOUT_MS: intIn(0, 3_600_000, 30_000),
  HUB_DB_CONNECT_ATTEMPTS: intIn(1, 600, 30),
  HUB_SYNC_CONCURRENCY: intIn(1, 16, 2),
  // A job's lease: a worker that dies (SIGKILL, a lost machine) holds its jobs this long.
  HUB_JOB_LEASE_MS: intIn(1_000, 3_600_000, 60_000),
  HUB_HOT_REPOS: intIn(0, 1000, 10),
  HUB_HOT_INTERVAL_SECONDS: intIn(5, 86_400, 30),
  HUB_FRESHNESS_SECONDS: intIn(10, 7 * 86_400, 600),
  HUB_RECONCILE_HOURS: intIn(1, 24 * 30, 24),
  HUB_GITHUB_TIMEOUT_MS: intIn(1000, 600_000, 30_000),
  HUB_GRAPHQL_INTERVAL_MS: intIn(0, 60_000, 1000),
  // GitHub requests one token-score pass of a repository may spend (docs/token-scores.md).
  HUB_TOKEN_SCORE_QUOTA_PER_PASS: intIn(0, 100_000, 300),
  // The subnet's own services, mirrored by the worker (docs/subnet-data.md).
  // Unset means the public service; `off` turns one off.
  GITTENSOR_API_URL: urlOrOff(DEFAULT_GITTENSOR_API_URL),
  GITTENSOR_MIRROR_URL: urlOrOff(DEFAULT_GITTENSOR_MIRROR_URL),
  HUB_ALPHA_PRICE_URL: urlOrOff('off'),
  HUB_TAO_PRICE_URL: urlOrOff(DEFAULT_TAO_PRICE_URL),
  HUB_SERVICES_TIMEOUT_MS: intIn(1000, 600_000, 15_000),
  HUB_MINERS_INTERVAL_SECONDS: intIn(30, 86_400, 300),
  HUB_PRICES_INTERVAL_SECONDS: intIn(10, 86_400, 60),
  HUB_MAINTAINERS_INTERVAL_SECONDS: intIn(60, 7 * 86_400, 3600),
  // Subnet-wide reward values that the validator has changed before (docs/scoring.md).
  HUB_SUBNET_MINERS_SHARE: fractionIn(0, 1, 0.9),
  HUB_SUBNET_BURN_SHARE: fractionIn(0, 1, 0.05),
  HUB_SUBNET_SERVING_SHARE: fractionIn(0, 1, 0.05),
  HUB_SUBNET_ROUND_MINUTES: intIn(1, 24 * 60, 120),
  HUB_SUBNET_WEIGHT_SMOOTHING: fractionIn(0, 1, 0.7),
});

export type DatabaseConfig =
  | { kind: 'sqlite'; path: string }
  | { kind: 'postgres'; url: string; poolSize?: number; statementTimeoutMs?: number; connectAttempts?: number };

export interface Config {
  readonly demo: boolean;
  readonly githubTokens: readonly string[];
  readonly githubApiUrl: string;
  /** Where people open items (`https://github.com`, or a GitHub Enterprise host): links, `html_url`s, full issue URLs in descriptions. */
  readonly githubWebUrl: string;
  readonly database: DatabaseConfig;
  readonly reposFile: string | null;
  readonly reposUrl: string;
  readonly host: string;
  readonly port: number;
  readonly adminToken: string | null;
  readonly logLevel: string;
  readonly sync: {
    readonly concurrency: number;
    /** How long a claimed job stays a worker's without a heartbeat (it renews every third of it). */
    readonly leaseMs: number;
    readonly hotRepos: number;
    readonly hotIntervalSeconds: number;
    readonly freshnessSeconds: number;
    readonly reconcileHours: number;
    readonly requestTimeoutMs: number;
    readonly graphqlIntervalMs: number;
    /** GitHub requests (files lists, contents) a repository's token-score pass may spend; 0: the subnet mirror only. */
    readonly tokenScoreQuotaPerPass: number;
  };
  /** The subnet's API, its mirror and the price sources, and how often each is mirrored. */
  readonly services: {
    /** null: set to `off`, the service is not called (its data shows as not configured). */
    readonly apiUrl: string | null;
    readonly mirrorUrl: string | null;
    /** Unset (or `off`): the alpha price and emission are not mirrored. */
    readonly alphaPriceUrl: string | null;
    readonly taoPriceUrl: string | null;
    readonly timeoutMs: number;
    readonly minersIntervalSeconds: number;
    readonly pricesIntervalSeconds: number;
    readonly maintainersIntervalSeconds: number;
  };
  /** Subnet-wide reward settings: the miners' pool, burn, serving reserve, round length, weight smoothing. */
  readonly subnet: Readonly<SubnetSettings>;
}

export interface ConfigProblem {
  name: string;
  message: string;
}

export class ConfigError extends Error {
  readonly problems: ConfigProblem[];
  constructor(problems: ConfigProblem[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p.name}: ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

function databasePassword(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

export function parseDatabaseUrl(value: string): DatabaseConfig | string {
  if (/^postgres(ql)?:\/\//i.test(value)) return { kind: 'postgres', url: value };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return 'must be sqlite:<path>, a file path, or postgres://…';
  const path = value.startsWith('sqlite:') ? value.slice('sqlite:'.length) : value;
  if (!path) return 'sqlite: needs a file path, e.g. sqlite:./data/hub.sqlite';
  return { kind: 'sqlite', path };
}

/**
 * Reads the environment (and a `.env` file, whose names the real environment
 * overrides), validates every setting at once and returns one frozen object.
 * Throws ConfigError naming every bad variable.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, options: { dotenvPath?: string | null } = {}): Config {
  const dotenvPath = options.dotenvPath === undefined ? '.env' : options.dotenvPath;
  const fromFile = dotenvPath && existsSync(dotenvPath) ? parseDotenv(readFileSync(dotenvPath)) : {};
  const merged: Record<string, string | undefined> = { ...fromFile, ...env };
  // An empty variable means "unset", as in most twelve-factor tools.
  for (const key of Object.keys(merged)) if (merged[key] === '') delete merged[key];

  const parsed = envSchema.safeParse(merged);
  const problems: ConfigProblem[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({ name: String(issue.path[0] ?? 'environment'), message: issue.message });
    }
  }
  let database: DatabaseConfig | null = null;
  const dbValue = parsed.success ? parsed.data.DATABASE_URL : (merged.DATABASE_URL ?? 'sqlite:./data/hub.sqlite');
  const db = parseDatabaseUrl(dbValue);
  if (typeof db === 'string') problems.push({ name: 'DATABASE_URL', message: db });
  else if (db.kind === 'postgres' && parsed.success) {
    const d = parsed.data;
    database = { ...db, poolSize: d.HUB_DB_POOL_SIZE, statementTimeoutMs: d.HUB_DB_STATEMENT_TIMEOUT_MS, connectAttempts: d.HUB_DB_CONNECT_ATTEMPTS };
  } else database = db;

  if (parsed.success) {
    const d = parsed.data;
    const sum = d.HUB_SUBNET_MINERS_SHARE + d.HUB_SUBNET_BURN_SHARE + d.HUB_SUBNET_SERVING_SHARE;
    if (sum > 1 + 1e-9) problems.push({ name: 'HUB_SUBNET_MINERS_SHARE', message: `with HUB_SUBNET_BURN_SHARE and HUB_SUBNET_SERVING_SHARE it sums to ${Number(sum.toFixed(6))}, more than 1` });
  }
  if (problems.length > 0 || !parsed.success || !database) throw new ConfigError(problems);
  const e = parsed.data;
  registerSecrets([...e.GITHUB_TOKENS, e.ADMIN_TOKEN, database.kind === 'postgres' ? databasePassword(database.url) : undefined]);

  return deepFreeze({
    demo: e.GITHUB_TOKENS.length === 0 && !e.GITHUB_API_URL,
    githubTokens: e.GITHUB_TOKENS,
    githubApiUrl: (e.GITHUB_API_URL ?? DEFAULT_GITHUB_API_URL).replace(/\/+$/, ''),
    githubWebUrl: (e.GITHUB_WEB_URL ?? deriveWebUrl(e.GITHUB_API_URL)).replace(/\/+$/, ''),
    database,
    reposFile: e.HUB_REPOS ?? null,
    reposUrl: e.HUB_REPOS_URL,
    host: e.HOST,
    port: e.PORT,
    adminToken: e.ADMIN_TOKEN ?? null,
    logLevel: e.LOG_LEVEL,
    sync: {
      concurrency: e.HUB_SYNC_CONCURRENCY,
      leaseMs: e.HUB_JOB_LEASE_MS,
      hotRepos: e.HUB_HOT_REPOS,
      hotIntervalSeconds: e.HUB_HOT_INTERVAL_SECONDS,
      freshnessSeconds: e.HUB_FRESHNESS_SECONDS,
      reconcileHours: e.HUB_RECONCILE_HOURS,
      requestTimeoutMs: e.HUB_GITHUB_TIMEOUT_MS,
      graphqlIntervalMs: e.HUB_GRAPHQL_INTERVAL_MS,
      tokenScoreQuotaPerPass: e.HUB_TOKEN_SCORE_QUOTA_PER_PASS,
    },
    services: {
      apiUrl: e.GITTENSOR_API_URL?.replace(/\/+$/, '') ?? null,
      mirrorUrl: e.GITTENSOR_MIRROR_URL?.replace(/\/+$/, '') ?? null,
      alphaPriceUrl: e.HUB_ALPHA_PRICE_URL,
      taoPriceUrl: e.HUB_TAO_PRICE_URL,
      timeoutMs: e.HUB_SERVICES_TIMEOUT_MS,
      minersIntervalSeconds: e.HUB_MINERS_INTERVAL_SECONDS,
      pricesIntervalSeconds: e.HUB_PRICES_INTERVAL_SECONDS,
      maintainersIntervalSeconds: e.HUB_MAINTAINERS_INTERVAL_SECONDS,
    },
    subnet: {
      minersShare: e.HUB_SUBNET_MINERS_SHARE,
      burnShare: e.HUB_SUBNET_BURN_SHARE,
      servingShare: e.HUB_SUBNET_SERVING_SHARE,
      roundMinutes: e.HUB_SUBNET_ROUND_MINUTES,
      weightSmoothing: e.HUB_SUBNET_WEIGHT_SMOOTHING,
    },
  });
}

/**
 * The web host that belongs to a REST base URL: github.com for api.github.com (and
 * when unset), else the API's own origin, which is how GitHub Enterprise Server
 * serves both (`https://ghe.example.com/api/v3` → `https://ghe.example.com`).
 */
export function deriveWebUrl(apiUrl: string | undefined): string {
  if (!apiUrl) return DEFAULT_GITHUB_WEB_URL;
  const u = new URL(apiUrl);
  if (u.hostname.toLowerCase() === 'api.github.com') return DEFAULT_GITHUB_WEB_URL;
  return u.origin;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
