/**
 * One JSON GET towards a subnet service: timeout, retries with exponential
 * backoff and jitter (network errors, timeouts, 5xx, 429 and bodies that are not
 * JSON; never other 4xx), an optional rate limiter, conditional requests with
 * ETags, and schema validation of the answer. Node's fetch, because these
 * services are plain JSON over HTTPS and need nothing Octokit adds.
 */
import type Bottleneck from 'bottleneck';
import type { z } from 'zod';
import { describeIssues, ServiceError } from './service-error.ts';

export interface ServiceClientOptions {
  /** For messages: "subnet API", "subnet mirror", "TAO price". */
  service: string;
  /** null: the service is turned off (its setting is `off`); every call fails with `not_configured`. */
  baseUrl: string | null;
  timeoutMs: number;
  /** Attempts after the first. Default 3. */
  retries?: number;
  /** First backoff; doubled per attempt, with ±25 % jitter. Default 500 ms. */
  backoffMs?: number;
  /** Longest wait honoured from a `retry-after` header. Default 30 s. */
  maxRetryAfterMs?: number;
  limiter?: Bottleneck;
  fetch?: typeof fetch;
  userAgent?: string;
}

export type Fetched<T> = { notModified: true; etag: string | null } | { notModified: false; data: T; etag: string | null };

export interface GetOptions {
  /** Sent as If-None-Match; a 304 answers `{ notModified: true }`. */
  etag?: string | null;
  signal?: AbortSignal;
}

class Retryable extends Error {
  constructor(
    readonly error: ServiceError,
    readonly waitMs: number | null = null,
  ) {
    super(error.message);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), reject(signal.reason)), { once: true });
  });
}

function retryAfterMs(header: string | null): number | null {
  if (!header) return null;
  const s = Number(header);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

export class ServiceClient {
  private readonly o: Required<Omit<ServiceClientOptions, 'limiter' | 'fetch' | 'userAgent' | 'baseUrl'>> & ServiceClientOptions & { baseUrl: string };
  /** False when the service is turned off: the jobs skip its sources. */
  readonly configured: boolean;

  constructor(options: ServiceClientOptions) {
    this.configured = options.baseUrl !== null;
    this.o = { retries: 3, backoffMs: 500, maxRetryAfterMs: 30_000, ...options, baseUrl: (options.baseUrl ?? '').replace(/\/+$/, '') };
  }

  get service(): string {
    return this.o.service;
  }

  /** `path` is appended to the base URL (`''` fetches the base URL itself, query included). */
  async get<S extends z.ZodType>(path: string, schema: S, options: GetOptions = {}): Promise<Fetched<z.output<S>>> {
    if (!this.configured) throw new ServiceError({ service: this.o.service, endpoint: `GET ${path || '/'}`, failure: 'not_configured', message: 'not configured (its URL setting is off)' });
    const endpoint = `GET ${path || new URL(this.o.baseUrl).pathname}`;
    let attempt = 0;
    for (;;) {
      try {
        const once = () => this.once(path, endpoint, schema, options);
        return await (this.o.limiter ? this.o.limiter.schedule(once) : once());
      } catch (err) {
        if (!(err instanceof Retryable)) throw err;
        if (attempt >= this.o.retries || options.signal?.aborted) throw err.error;
        const backoff = this.o.backoffMs * 2 ** attempt * (0.75 + Math.random() * 0.5);
        attempt++;
        await sleep(err.waitMs === null ? backoff : Math.min(Math.max(err.waitMs, backoff), this.o.maxRetryAfterMs), options.signal);
      }
    }
  }

  private async once<S extends z.ZodType>(path: string, endpoint: string, schema: S, options: GetOptions): Promise<Fetched<z.output<S>>> {
    const fail = (failure: ServiceError['failure'], message: string, httpStatus: number | null = null, fields: string[] = []) =>
      new ServiceError({ service: this.o.service, endpoint, failure, message, httpStatus, fields });
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.o.userAgent) headers['user-agent'] = this.o.userAgent;
    if (options.etag) headers['if-none-match'] = options.etag;
    const signals = [AbortSignal.timeout(this.o.timeoutMs), ...(options.signal ? [options.signal] : [])];
    let res: Response;
    let body: string;
    try {
      res = await (this.o.fetch ?? fetch)(`${this.o.baseUrl}${path}`, { headers, signal: AbortSignal.any(signals) });
      body = await res.text();
    } catch (err) {
      if (options.signal?.aborted) throw err;
      const e = err as Error;
      const what = e.name === 'TimeoutError' ? `no answer within ${this.o.timeoutMs} ms` : `could not connect (${e.message}${(e.cause as Error | undefined)?.message ? `: ${(e.cause as Error).message}` : ''})`;
      throw new Retryable(fail('unavailable', what));
    }
    const etag = res.headers.get('etag');
    if (res.status === 304) return { notModified: true, etag: etag ?? options.etag ?? null };
    if (res.status === 429 || res.status >= 500) {
      throw new Retryable(fail('unavailable', `HTTP ${res.status}`, res.status), retryAfterMs(res.headers.get('retry-after')));
    }
    if (res.status < 200 || res.status >= 300) throw fail('rejected', `HTTP ${res.status}`, res.status);
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      const type = res.headers.get('content-type') ?? 'no content type';
      const start = body.trim().slice(0, 60).replace(/\s+/g, ' ');
      throw new Retryable(fail('not_json', `the answer is not JSON (${type}, starting ${JSON.stringify(start)})`, res.status));
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const d = describeIssues(parsed.error);
      throw fail('invalid_answer', `the answer does not fit: ${d.message}`, res.status, d.fields);
    }
    return { notModified: false, data: parsed.data, etag };
  }
}
