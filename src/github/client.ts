import { Octokit } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck';
import type { Logger } from '../logger.ts';
import { HUB_VERSION } from '../version.ts';
import { classifyFetchError, GatewayFailure } from './failures.ts';
import { TokenPool, TokensRejectedError, type Resource } from './token-pool.ts';

export const HubOctokit = Octokit.plugin(throttling, retry, paginateRest);
export type HubOctokitInstance = InstanceType<typeof HubOctokit>;

/** What one operation (a repository's sync pass, say) cost. */
/** What one kind of request cost (see requestKind). `points` are GraphQL's own query costs, where known. */
export interface KindCost {
  requests: number;
  quota: number;
  notModified: number;
  points: number;
}

/**
 * The kind of a GitHub request, for per-kind quota accounting: `issues`,
 * `pulls`, `repo`, `issue` (one issue, reconciliation), `pull` (one pull
 * request), `reviews`, `timeline`, `events`, `collaborators`, `graphql`, `other`.
 */
export function requestKind(method: string, url: string): string {
  const path = new URL(url).pathname.replace(/^\/api\/v3(?=\/)/, '');
  if (path.endsWith('/graphql') && method === 'POST') return 'graphql';
  const m = /^\/(?:repos\/[^/]+\/[^/]+|repositories\/\d+)(\/.*)?$/.exec(path);
  if (!m) return 'other';
  const rest = m[1] ?? '';
  if (rest === '') return 'repo';
  if (rest === '/issues') return 'issues';
  if (rest === '/pulls') return 'pulls';
  if (rest === '/collaborators') return 'collaborators';
  const one = /^\/(issues|pulls)\/\d+(?:\/(reviews|timeline|events))?$/.exec(rest);
  if (one) return one[2] ?? (one[1] === 'issues' ? 'issue' : 'pull');
  return 'other';
}

export class Meter {
  requests = 0;
  /** Answers that count against the primary limit (a 304 does not). */
  quota = 0;
  notModified = 0;
  retriedForLimits = 0;
  /** The same, per kind of request. */
  readonly kinds: Record<string, KindCost> = {};

  kind(name: string): KindCost {
    return (this.kinds[name] ??= { requests: 0, quota: 0, notModified: 0, points: 0 });
  }

  /** GraphQL's own cost of a query (its `rateLimit { cost }`), counted apart from the answer itself. */
  addPoints(kind: string, n: number): void {
    this.kind(kind).points += n;
  }
}

export interface GatewayOptions {
  baseUrl: string;
  tokens: readonly string[];
  logger: Logger;
  timeoutMs?: number;
  /** Waits of the retry/throttling plugins and of secondary-limit back-off; tests set them near zero. */
  retryBaseMs?: number;
  secondaryBaseMs?: number;
  retries?: number;
  /**
   * Spacing of GraphQL queries. The throttling plugin sends them through its
   * "write" limiter (one at a time, a second apart), which is GitHub's advice
   * for mutations and a safe pace for queries; tests shorten it.
   */
  graphqlSpacingMs?: number;
  /** First wait before a token GitHub rejected (401) is tried again; tests shorten it. */
  rejectedBaseMs?: number;
  /** The web URL items are opened on (`config.githubWebUrl`); default https://github.com. */
  webUrl?: string;
  fetch?: typeof fetch;
}

export class MalformedAnswerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedAnswerError';
  }
}

/** ETags are stored as `label|etag`: GitHub's ETags vary by token, so the same token is preferred next time. */
export function splitEtag(stored: string | null | undefined): { label: string | null; etag: string | null } {
  if (!stored) return { label: null, etag: null };
  const i = stored.indexOf('|');
  return i < 0 ? { label: null, etag: stored } : { label: stored.slice(0, i), etag: stored.slice(i + 1) };
}

export const TOKEN_LABEL_HEADER = 'x-hub-token-label';

function resourceOf(url: string): Resource {
  const path = new URL(url).pathname;
  if (path.endsWith('/graphql')) return 'graphql';
  if (path.includes('/search/')) return 'search';
  return 'core';
}

function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * The GitHub gateway: one token pool shared by every session. A session is an
 * Octokit (throttling, retry, paginate) whose fetch goes through the pool, so each
 * attempt picks a token, a per-attempt timeout applies, primary and secondary
 * limits move to another token or wait for the earliest reset, and the session's
 * meter counts requests and quota.
 */
export class GithubGateway {
  readonly pool: TokenPool;
  readonly webUrl: string;
  private readonly options: GatewayOptions;

  constructor(options: GatewayOptions) {
    this.options = options;
    this.webUrl = options.webUrl ?? 'https://github.com';
    this.pool = new TokenPool(options.tokens, { secondaryBaseMs: options.secondaryBaseMs, rejectedBaseMs: options.rejectedBaseMs });
  }

  session(meter = new Meter(), signal?: AbortSignal): { octokit: HubOctokitInstance; meter: Meter } {
    const { logger } = this.options;
    const retryBase = this.options.retryBaseMs ?? 1000;
    const octokit = new HubOctokit({
      baseUrl: this.options.baseUrl,
      userAgent: `sn74-hub/${HUB_VERSION}`,
      // Octokit's own parser (json-with-bigint) costs several times JSON.parse; the
      // fetch below parses each answer once, and the hook after hands Octokit the value.
      request: { fetch: this.fetchFor(meter, signal), parseSuccessResponseBody: false },
      retry: { retryAfterBaseValue: retryBase, retries: this.options.retries ?? 5 },
      throttle: {
        ...(this.options.graphqlSpacingMs !== undefined ? { write: new Bottleneck.Group({ maxConcurrent: 1, minTime: this.options.graphqlSpacingMs }) } : {}),
        retryAfterBaseValue: retryBase,
        fallbackSecondaryRateRetryAfter: 60,
        // The pool already moves off limited tokens; these fire only when GitHub
        // disagrees with what the headers said, and then waiting is right.
        onRateLimit: (retryAfter: number, opts: { method: string; url: string }) => {
          logger.warn({ retryAfter, route: `${opts.method} ${opts.url}` }, 'primary rate limit reached; waiting');
          return true;
        },
        onSecondaryRateLimit: (retryAfter: number, opts: { method: string; url: string }) => {
          logger.warn({ retryAfter, route: `${opts.method} ${opts.url}` }, 'secondary rate limit; waiting');
          return true;
        },
      },
      log: { debug: () => {}, info: () => {}, warn: (m: string) => logger.warn(m), error: (m: string) => logger.error(m) },
    });
    // A body that is not valid JSON reaches Octokit as a string, and the paginate
    // plugin then fails with an unrelated TypeError; name the real problem instead.
    octokit.hook.after('request', async (response, options) => {
      const type = String(response.headers['content-type'] ?? '');
      response.data = await successBody(response.data, type);
      if (typeof response.data === 'string' && type.includes('json')) {
        // options.url is the route template (`/repos/{owner}/…`): name the expanded path.
        const url = response.url || octokit.request.endpoint.parse(options).url;
        throw new MalformedAnswerError(`GitHub answered ${options.method} ${new URL(url, this.options.baseUrl).pathname} with a body that is not valid JSON`);
      }
    });
    return { octokit, meter };
  }

  private fetchFor(meter: Meter, signal?: AbortSignal): typeof fetch {
    const baseFetch = this.options.fetch ?? globalThis.fetch;
    const timeoutMs = this.options.timeoutMs ?? 30_000;
    const { logger } = this.options;
    const retryBase = this.options.retryBaseMs ?? 1000;
    return async (input, init = {}) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const resource = resourceOf(url);
      const method = (init.method ?? 'GET').toUpperCase();
      const what = `${method} ${new URL(url).pathname}`;
      let networkTries = 0;
      let bodyTries = 0;
      const headers = new Headers(init.headers);
      const { label: preferred, etag } = splitEtag(headers.get('if-none-match'));
      headers.delete('if-none-match');
      let announcedWait = false;

      for (;;) {
        signal?.throwIfAborted();
        const pick = this.pool.pick(resource, preferred);
        if ('rejected' in pick) throw new GatewayFailure(`${new TokensRejectedError(pick.rejected, pick.retryInMs).message} (${what})`, true);
        if ('waitMs' in pick) {
          if (!announcedWait) logger.warn({ waitMs: pick.waitMs, reason: pick.reason }, 'every token is cooling down; waiting for the earliest reset');
          announcedWait = true;
          await sleep(pick.waitMs, signal);
          continue;
        }
        if (pick.token) headers.set('authorization', `token ${pick.token}`);
        else headers.delete('authorization');
        if (etag && (preferred === null || preferred === pick.label)) headers.set('if-none-match', etag);
        else headers.delete('if-none-match');

        const signals = [AbortSignal.timeout(timeoutMs), ...(init.signal ? [init.signal] : []), ...(signal ? [signal] : [])];
        let res: Response;
        try {
          res = await baseFetch(url, { ...init, headers, signal: AbortSignal.any(signals) });
        } catch (err) {
          if (signal?.aborted || init.signal?.aborted) throw err;
          const { reason, transient } = classifyFetchError(err);
          networkTries += 1;
          if (!transient || networkTries >= TRIES) {
            const host = new URL(url).host;
            throw new GatewayFailure(`no answer from GitHub at ${host} for ${what}: ${reason}${networkTries > 1 ? ` (${networkTries} tries)` : ''}`, true, err);
          }
          logger.warn({ request: what, reason, attempt: networkTries }, 'no answer from GitHub; trying again');
          await sleep(retryBase * networkTries ** 2, signal);
          continue;
        }
        meter.requests += 1;
        const cost = meter.kind(requestKind(method, url));
        cost.requests += 1;
        this.pool.observe(pick.label, res.headers);

        if (res.status === 304) {
          meter.notModified += 1;
          cost.notModified += 1;
          return labelled(res, pick.label);
        }
        meter.quota += 1;
        cost.quota += 1;
        if (res.status === 401 && pick.token) {
          const waitMs = this.pool.reject(pick.label);
          logger.error({ tokenLabel: this.pool.describe(pick.label), waitMs }, `GitHub rejected ${this.pool.describe(pick.label)} (401); it is left out and tried again in ${Math.ceil(waitMs / 1000)} s`);
          continue;
        }
        if (res.status === 403 || res.status === 429) {
          const text = await res.clone().text();
          const retryAfter = Number(res.headers.get('retry-after'));
          if (/secondary rate limit/i.test(text) || (res.headers.has('retry-after') && res.headers.get('x-ratelimit-remaining') !== '0')) {
            const wait = this.pool.secondary(pick.label, Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : null);
            logger.warn({ token: pick.label, waitMs: wait }, 'secondary rate limit');
            meter.retriedForLimits += 1;
            continue;
          }
          if (res.headers.get('x-ratelimit-remaining') === '0') {
            this.pool.exhausted(pick.label, res.headers.get('x-ratelimit-resource') ?? resource, Number(res.headers.get('x-ratelimit-reset')) * 1000);
            meter.retriedForLimits += 1;
            continue;
          }
        }
        const isJson = String(res.headers.get('content-type') ?? '').includes('json');
        if (resource === 'graphql' && res.status === 200 && isJson) {
          // The answer is read and parsed once: for the rate-limit check here and for
          // the caller (a body that does not parse goes on as text, and the hook names it).
          const text = await res.text().catch(() => null);
          const parsed = text === null ? NOT_JSON : parseJson(text);
          if (parsed !== NOT_JSON && rateLimited(parsed)) {
            this.pool.exhausted(pick.label, 'graphql', Number(res.headers.get('x-ratelimit-reset')) * 1000);
            meter.retriedForLimits += 1;
            continue;
          }
          this.pool.succeeded(pick.label);
          return parsed === NOT_JSON ? labelled(res, pick.label, text ?? '') : remember(res, pick.label, parsed);
        }
        this.pool.succeeded(pick.label);
        if (res.status !== 200 || method !== 'GET' || !isJson) return labelled(res, pick.label);
        // A truncated, garbage or empty body is a failed answer like a 5xx: try again,
        // and fail (naming the request) only when it persists.
        const text = await res.text().catch(() => null);
        const parsed = text === null ? NOT_JSON : parseJson(text);
        if (parsed !== NOT_JSON) return remember(res, pick.label, parsed);
        bodyTries += 1;
        if (bodyTries >= TRIES) throw new GatewayFailure(`GitHub answered ${what} with a body that is not valid JSON (truncated, garbage or empty), ${bodyTries} times`, false);
        logger.warn({ request: what, attempt: bodyTries }, 'GitHub answered with a body that is not valid JSON; trying again');
        await sleep(retryBase * bodyTries ** 2, signal);
      }
    };
  }
}

/** Tries per request for an answer that never came or never parsed (a local condition is not worth more). */
const TRIES = 3;

const NOT_JSON: unique symbol = Symbol('not JSON');

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NOT_JSON;
  }
}

/** Parsed answers by the body stream Octokit is handed as `data` (parseSuccessResponseBody: false). */
const PARSED = new WeakMap<object, unknown>();

/**
 * The labelled answer for a body already read and parsed: its body is an empty
 * stream that only keys the parsed value, so the text is never encoded again
 * (a page of pull requests is megabytes) just to be looked up by successBody.
 */
function remember(res: Response, label: string, value: unknown): Response {
  const body = new ReadableStream<Uint8Array>({ start: (c) => c.close() });
  PARSED.set(body, value);
  return labelled(res, label, body);
}

/** A GraphQL answer that says the quota is spent (GitHub answers 200 with a RATE_LIMITED error). */
function rateLimited(value: unknown): boolean {
  const errors = (value as { errors?: unknown } | null)?.errors;
  return Array.isArray(errors) && errors.some((e) => (e as { type?: unknown } | null)?.type === 'RATE_LIMITED');
}

/**
 * What Octokit would have made of a success answer's body: the value parsed in the
 * fetch when there is one, else the text, parsed when it is JSON (a string when it
 * does not parse, which the hook then reports), as Octokit does.
 */
async function successBody(data: unknown, type: string): Promise<unknown> {
  if (!(data instanceof ReadableStream)) return data;
  if (PARSED.has(data)) return PARSED.get(data);
  const text = await new Response(data).text();
  if (!type.includes('json')) return text;
  const value = parseJson(text);
  return value === NOT_JSON ? text : value;
}

/** Adds the token label to the answer's headers so callers can store `label|etag`. */
function labelled(res: Response, label: string, body?: string | ReadableStream<Uint8Array>): Response {
  const headers = new Headers(res.headers);
  headers.set(TOKEN_LABEL_HEADER, label);
  const nullBody = [101, 204, 205, 304].includes(res.status);
  return new Response(nullBody ? null : (body ?? res.body), { status: res.status, statusText: res.statusText, headers });
}
