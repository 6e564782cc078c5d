/**
 * Typed clients for the subnet's API, its mirror service and the price sources.
 * Each method is one GET validated against its schema (schemas.ts).
 */
import Bottleneck from 'bottleneck';
import type { Config } from '../config/config.ts';
import { HUB_VERSION } from '../version.ts';
import { ServiceClient, type Fetched, type GetOptions, type ServiceClientOptions } from './http.ts';
import * as s from './schemas.ts';

const seg = (v: string | number) => encodeURIComponent(String(v));
/** `owner/name` as two path segments. */
const repoPath = (fullName: string) => fullName.split('/').map(seg).join('/');

export class SubnetApiClient {
  constructor(readonly http: ServiceClient) {}
  miners(o?: GetOptions): Promise<Fetched<s.Miner[]>> {
    return this.http.get('/miners', s.minersSchema, o);
  }
  miner(githubId: string, o?: GetOptions): Promise<Fetched<s.MinerDetail>> {
    return this.http.get(`/miners/${seg(githubId)}`, s.minerDetailSchema, o);
  }
  prs(o?: GetOptions): Promise<Fetched<s.PrScore[]>> {
    return this.http.get('/prs', s.prScoresSchema, o);
  }
  repos(o?: GetOptions): Promise<Fetched<s.RepoStanding[]>> {
    return this.http.get('/dash/repos', s.repoStandingsSchema, o);
  }
  /** The subnet API names a repository as one segment, `owner%2Fname`. */
  repoMiners(fullName: string, o?: GetOptions): Promise<Fetched<s.RepoMiner[]>> {
    return this.http.get(`/repos/${seg(fullName)}/miners`, s.repoMinersSchema, o);
  }
}

export class SubnetMirrorClient {
  constructor(readonly http: ServiceClient) {}
  maintainers(fullName: string, o?: GetOptions): Promise<Fetched<s.Maintainer[]>> {
    return this.http.get(`/repos/${repoPath(fullName)}/maintainers`, s.maintainersSchema, o);
  }
  /** A pull request's changed files with both sides' contents (the validator's token-score input). */
  pullFiles(fullName: string, number: number, o?: GetOptions): Promise<Fetched<s.PrFiles>> {
    return this.http.get(`/pulls/${repoPath(fullName)}/${number}/files`, s.prFilesSchema, o);
  }
  minerPulls(githubId: string, o?: GetOptions): Promise<Fetched<s.MinerPull[]>> {
    return this.http.get(`/miners/${seg(githubId)}/pulls`, s.minerPullsSchema, o);
  }
}

export class PriceClient {
  constructor(
    readonly alpha: ServiceClient | null,
    readonly tao: ServiceClient,
  ) {}
  /** null when no alpha price source is configured. */
  alphaPrice(o?: GetOptions): Promise<Fetched<s.AlphaPrice>> | null {
    return this.alpha ? this.alpha.get('', s.alphaPriceSchema, o) : null;
  }
  taoPrice(o?: GetOptions): Promise<Fetched<s.TaoPrice>> {
    return this.tao.get('', s.taoPriceSchema, o);
  }
}

export interface SubnetClients {
  api: SubnetApiClient;
  mirror: SubnetMirrorClient;
  prices: PriceClient;
}

/** The mirror's published limit: 50 requests per 10 s per address. */
export const MIRROR_RATE_LIMIT = { requests: 50, perMs: 10_000 };

/**
 * A limiter that never lets more than `requests` start within any `perMs`
 * window: requests are spaced evenly (a sliding window cannot be broken that
 * way, where a refilled reservoir could start 2 × requests across a refill),
 * one at a time. The spacing has a 10 % margin because requests do not arrive
 * as evenly as they leave (the first one also opens the connection).
 */
export function rateLimiter(limit: { requests: number; perMs: number }): Bottleneck {
  return new Bottleneck({ maxConcurrent: 1, minTime: Math.ceil((limit.perMs / limit.requests) * 1.1) });
}

export interface ClientOverrides {
  retries?: number;
  backoffMs?: number;
  mirrorRateLimit?: { requests: number; perMs: number };
  fetch?: typeof fetch;
}

export function createSubnetClients(services: Config['services'], overrides: ClientOverrides = {}): SubnetClients {
  const common: Omit<ServiceClientOptions, 'service' | 'baseUrl'> = {
    timeoutMs: services.timeoutMs,
    retries: overrides.retries,
    backoffMs: overrides.backoffMs,
    fetch: overrides.fetch,
    userAgent: `sn74-hub/${HUB_VERSION}`,
  };
  const client = (service: string, baseUrl: string | null, extra: Partial<ServiceClientOptions> = {}) => new ServiceClient({ ...common, service, baseUrl, ...extra });
  return {
    api: new SubnetApiClient(client('subnet API', services.apiUrl)),
    mirror: new SubnetMirrorClient(client('subnet mirror', services.mirrorUrl, { limiter: rateLimiter(overrides.mirrorRateLimit ?? MIRROR_RATE_LIMIT) })),
    prices: new PriceClient(services.alphaPriceUrl ? client('alpha price', services.alphaPriceUrl) : null, client('TAO price', services.taoPriceUrl)),
  };
}
