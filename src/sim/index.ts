/**
 * The GitHub simulator: a seeded dataset of repositories, issues and pull
 * requests served over loopback with GitHub's REST and GraphQL shapes, rate
 * limits, pagination and failure modes, plus the ground truth of which PR
 * closes which issue. See docs/simulator.md.
 */
import { Clock } from './clock.ts';
import { Dataset } from './dataset.ts';
import { Faults, type FaultOptions } from './faults.ts';
import { populate } from './generator.ts';
import { Mutator } from './mutate.ts';
import { RateLimiter, type RateLimitOptions } from './rate-limit.ts';
import { RequestLog, type RequestLogEntry, type SimStats } from './request-log.ts';
import { SimServer, type SecondaryLimitOptions } from './server.ts';
import { SubnetSim } from './subnet/service.ts';
import { sharedGrammars } from '../sync/token-grammars.ts';
import { simFileLanguages } from './files.ts';
import { World } from './world.ts';
import type { IssueRef } from './truth.ts';
import type { MasterListOptions, MasterListSchema } from './master-list.ts';
import type { Reply } from './routes.ts';

export interface SimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  seed?: number;
  repos?: number;
  itemsPerRepo?: number;
  /** Item counts per repository, overriding itemsPerRepo where given. */
  sizes?: number[];
  /** Virtual time at start. Default 2026-01-01T00:00:00Z, so a seed always gives the same timestamps. */
  startTime?: number | string | Date;
  /** Accepted tokens; empty or absent accepts any token or none. */
  tokens?: Array<string | { token: string; label: string }>;
  rateLimit?: RateLimitOptions;
  /** Status of an exhausted primary limit. Default 403. */
  primaryStatus?: 403 | 429;
  secondaryLimits?: SecondaryLimitOptions;
  /** Serve POST /graphql (default true); false answers 404. */
  graphql?: boolean;
  faults?: FaultOptions;
  /** Base of `html_url` fields. Default https://github.com. */
  htmlBase?: string;
  masterList?: MasterListOptions;
  /**
   * How `/issues` pages link on: `cursor` (`after=`, as github.com answers) or
   * `page` (`page=N`, as GitHub Enterprise Server answers; an edit during a walk
   * shifts every later item by one). Default `cursor`.
   */
  issuesPagination?: 'cursor' | 'page';
  gatewayTimeoutMs?: number;
  /** Request log entries kept (oldest dropped first). Default 100,000. */
  logLimit?: number;
}

export interface Simulator {
  /** REST base URL; GraphQL is at `url + '/graphql'`. */
  url: string;
  graphqlUrl: string;
  masterListUrl(schema?: MasterListSchema): string;
  dataset: Dataset;
  clock: Clock;
  mutate: Mutator;
  faults: Faults;
  rateLimits: RateLimiter;
  /** The subnet's API, mirror and price services over the same world (docs/simulator.md). */
  subnet: SubnetSim;
  /** Base URLs for GITTENSOR_API_URL, GITTENSOR_MIRROR_URL, HUB_ALPHA_PRICE_URL and HUB_TAO_PRICE_URL. */
  subnetUrls: { api: string; mirror: string; alphaPrice: string; taoPrice: string };
  /** GitHub's `closingIssuesReferences` for a PR, known by construction. */
  expectedClosingIssues(repo: string, number: number, opts?: { userLinkedOnly?: boolean }): IssueRef[];
  setGraphql(enabled: boolean): void;
  stats(): SimStats;
  log(): RequestLogEntry[];
  /** Runs `fn` after every answer (see RequestLog.onAnswered); returns the unsubscribe. */
  onAnswered(fn: (e: RequestLogEntry) => void): () => void;
  /** Clears the request log and counters (rate-limit windows are kept: see rateLimits.reset()). */
  resetStats(): void;
  stop(): Promise<void>;
}

export const DEFAULT_START = Date.UTC(2026, 0, 1);

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const seed = options.seed ?? 74;
  const start = options.startTime === undefined ? DEFAULT_START : new Date(options.startTime).getTime();
  if (Number.isNaN(start)) throw new Error('startTime is not a valid time');
  const world = new World({ seed, repos: options.repos ?? 3, itemsPerRepo: options.itemsPerRepo ?? 50, sizes: options.sizes, startTime: start });
  populate(world);
  const ctx = { apiBase: '', htmlBase: options.htmlBase ?? 'https://github.com' };
  const dataset = new Dataset(world, ctx);
  const mutate = new Mutator(world);
  const clock = new Clock(world, mutate, dataset.reverse);
  const limiter = new RateLimiter(options.rateLimit);
  const faults = new Faults(limiter, options.faults, seed);
  const log = new RequestLog(options.logLimit);
  const reverse = dataset.reverse;
  // The simulated validator scores tokens with the hub's scorer: its grammars load once per process.
  const grammars = await sharedGrammars();
  await grammars.load(simFileLanguages());
  const subnet = new SubnetSim(world, grammars);

  const control = (method: string, path: string, q: URLSearchParams): Reply | null => {
    if (path === '/sim/health') return { status: 200, body: { ok: true, now: clock.iso() } };
    if (path === '/sim/clock' && method === 'GET') return { status: 200, body: { now: clock.iso() } };
    if (path === '/sim/clock/step' && method === 'POST') {
      const events = clock.step({ ms: q.has('ms') ? Number(q.get('ms')) : undefined, events: q.has('events') ? Number(q.get('events')) : undefined });
      return { status: 200, body: { now: clock.iso(), events } };
    }
    return null;
  };

  const server = new SimServer(
    { dataset, world, reverse, shape: ctx, limiter, faults, log, masterList: options.masterList ?? {}, issuesPagination: options.issuesPagination ?? 'cursor', control, subnet },
    {
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 0,
      tokens: options.tokens ?? [],
      primaryStatus: options.primaryStatus ?? 403,
      secondary: options.secondaryLimits ?? {},
      gatewayTimeoutMs: options.gatewayTimeoutMs ?? 10_000,
      graphql: options.graphql ?? true,
    },
  );
  const url = await server.listen();
  ctx.apiBase = url;

  return {
    url,
    graphqlUrl: `${url}/graphql`,
    masterListUrl: (schema = 'current') => `${url}/sim/master-list.json?schema=${schema}`,
    dataset,
    clock,
    mutate,
    faults,
    rateLimits: limiter,
    subnet,
    subnetUrls: { api: `${url}/subnet/api`, mirror: `${url}/subnet/mirror`, alphaPrice: `${url}/subnet/prices/alpha?netuid=74`, taoPrice: `${url}/subnet/prices/tao` },
    expectedClosingIssues: (repo, number, opts) => dataset.expectedClosingIssues(repo, number, opts),
    setGraphql: (enabled) => {
      server.graphqlEnabled = enabled;
    },
    stats: () => log.stats(),
    log: () => log.list(),
    onAnswered: (fn) => log.onAnswered(fn),
    resetStats: () => {
      log.reset();
      faults.resetCount();
    },
    stop: async () => {
      clock.stop();
      await server.close();
    },
  };
}

export type { Dataset, RepoSummary } from './dataset.ts';
export type { Clock, StepOptions, TimerOptions } from './clock.ts';
export type { Mutator, SimEvent, SimEventType, BodySpec } from './mutate.ts';
export type { Faults, FaultAction, FaultRule, FaultMatch, FaultOptions, RandomFaultOptions } from './faults.ts';
export type { RateLimiter, RateLimitOptions, Resource } from './rate-limit.ts';
export type { RequestLogEntry, SimStats } from './request-log.ts';
export type { ClosingTruth, IssueRef } from './truth.ts';
export type { Issue, Pull, PullSimple } from './shapes.ts';
export type { MasterListSchema, MasterListOptions } from './master-list.ts';
export { keywordRef, decoy, prose, renderRef, KEYWORDS, DECOY_KINDS, type Fragment, type RefTarget, type DecoyKind } from './ref-forms.ts';
export { Rng } from './random.ts';
