/**
 * The HTTP front: `node:http` with no framework, because per-request overhead
 * matters when a benchmark pulls a million items. Every request runs the same
 * pipeline: authenticate, faults, secondary limits, primary limits, route,
 * ETag/304, charge, headers, log.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleGraphql, type GraphqlDeps } from './graphql.ts';
import { ANONYMOUS, type Resource } from './rate-limit.ts';
import { resourceOf, route, type Reply, type RouteDeps } from './routes.ts';
import { mix32, hashString } from './random.ts';
import type { FaultAction, Faults } from './faults.ts';
import type { RequestLog } from './request-log.ts';

export interface SecondaryLimitOptions {
  /** Concurrent requests per token before a secondary limit (GitHub: 100). */
  maxConcurrent?: number;
  /** Points per token per real minute (GET 1, POST 5) before a secondary limit. */
  pointsPerMinute?: number;
  status?: 403 | 429;
  /** Seconds sent in `retry-after`; null sends none. Default 60. */
  retryAfter?: number | null;
}

export interface ServerOptions {
  host: string;
  port: number;
  /** Accepted tokens; empty accepts any token or none. Strings get labels `token-1`, `token-2`, … */
  tokens: Array<string | { token: string; label: string }>;
  /** Status for a spent primary budget (GitHub sends both). Default 403. */
  primaryStatus: 403 | 429;
  secondary: SecondaryLimitOptions;
  /** A request held longer than this (injected latency) answers 504 and still costs. Default 10 s. */
  gatewayTimeoutMs: number;
  graphql: boolean;
}

export type ControlHandler = (method: string, path: string, query: URLSearchParams) => Reply | null;

const SECONDARY_MESSAGE = 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.';
/** How a 200 body is spoilt by an injected fault. */
type Mangle = 'truncate' | 'malformed' | 'empty';

const EXPOSE = 'ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset, X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-Poll-Interval, X-GitHub-Media-Type, X-GitHub-SSO, X-GitHub-Request-Id, Deprecation, Sunset';

interface Caller {
  label: string;
  id: number;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export class SimServer {
  graphqlEnabled: boolean;
  private readonly server: Server;
  private readonly tokens = new Map<string, string>();
  private readonly inFlight = new Map<string, number>();
  private readonly recent = new Map<string, Array<{ at: number; points: number }>>();
  private base = '';

  constructor(
    private readonly deps: RouteDeps & GraphqlDeps & { faults: Faults; log: RequestLog; control?: ControlHandler },
    private readonly opts: ServerOptions,
  ) {
    this.graphqlEnabled = opts.graphql;
    opts.tokens.forEach((t, k) => (typeof t === 'string' ? this.tokens.set(t, `token-${k + 1}`) : this.tokens.set(t.token, t.label)));
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) this.send(res, 500, { message: 'Server Error', detail: String(err) }, {});
      });
    });
    this.server.keepAliveTimeout = 5_000;
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port, this.opts.host, () => resolve());
    });
    const addr = this.server.address() as AddressInfo;
    const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
    this.base = `http://${host}:${addr.port}`;
    return this.base;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Maps the Authorization header to a label; null means a token nobody issued. */
  private caller(header: string | undefined): Caller | null {
    const m = header ? /^(?:token|bearer)\s+(\S+)$/i.exec(header.trim()) : null;
    if (!m) return { label: ANONYMOUS, id: 0 };
    const token = m[1]!;
    let label = this.tokens.get(token);
    if (label === undefined) {
      if (this.tokens.size > 0) return null;
      label = `token-${createHash('sha256').update(token).digest('hex').slice(0, 8)}`;
    }
    return { label, id: 100_000 + (hashString(label) % 9_000_000) };
  }

  private rateHeaders(label: string, resource: Resource | 'none'): Record<string, string> {
    const r: Resource = resource === 'none' ? 'core' : resource;
    const s = this.deps.limiter.snapshot(label, r);
    return { 'x-ratelimit-limit': String(s.limit), 'x-ratelimit-remaining': String(s.remaining), 'x-ratelimit-reset': String(s.reset), 'x-ratelimit-used': String(s.used), 'x-ratelimit-resource': r };
  }

  /** `body` as JSON, or as text already serialised, or as its UTF-8 bytes (the text a fault spoils is the same). */
  private send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>, mangle?: Mangle): void {
    let buf: Buffer;
    if (Buffer.isBuffer(body) && mangle === undefined) buf = body;
    else {
      let text = body === undefined ? '' : typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : JSON.stringify(body);
      if (mangle === 'truncate') text = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
      if (mangle === 'malformed') text = `{"message": "Server Error", <html><body>Unicorn!</body></html>`;
      if (mangle === 'empty') text = '';
      buf = Buffer.from(text, 'utf8');
    }
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-github-media-type': 'github.v3; format=json',
      'x-github-api-version-selected': '2022-11-28',
      'access-control-expose-headers': EXPOSE,
      ...headers,
      'content-length': String(buf.length),
    });
    res.end(status === 304 ? undefined : buf);
  }

  private secondaryHeaders(retryAfter: number | null | undefined): Record<string, string> {
    return retryAfter === null || retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) };
  }

  /** GitHub's own secondary limits: concurrency and points per minute, per token. */
  private overSecondary(label: string, method: string): boolean {
    const o = this.opts.secondary;
    if (o.maxConcurrent !== undefined && (this.inFlight.get(label) ?? 0) > o.maxConcurrent) return true;
    if (o.pointsPerMinute === undefined) return false;
    const now = Date.now();
    const list = (this.recent.get(label) ?? []).filter((e) => now - e.at < 60_000);
    list.push({ at: now, points: method === 'GET' ? 1 : 5 });
    this.recent.set(label, list);
    return list.reduce((sum, e) => sum + e.points, 0) > o.pointsPerMinute;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const { log, limiter, faults } = this.deps;
    const seq = log.nextSeq();
    const url = new URL(req.url ?? '/', 'http://sim.local');
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, '') : url.pathname;
    const body = method === 'POST' ? await readBody(req) : '';
    const resource = resourceOf(method, path);
    const caller = this.caller(req.headers.authorization);
    const label = caller?.label ?? 'invalid-token';
    const requestId = `${(mix32(seq) & 0xffff).toString(16).toUpperCase()}:${seq.toString(16).toUpperCase()}`;
    let fault: string | undefined;
    const done = (status: number, charged: boolean, cost: number) =>
      log.record({ seq, at: started, method, path, query: Object.fromEntries(url.searchParams), status, token: label, resource, charged, cost, fault, durationMs: Date.now() - started });
    const reply = (status: number, payload: unknown, headers: Record<string, string>, charged: boolean, cost: number, mangle?: Mangle) => {
      this.send(res, status, payload, { 'x-github-request-id': requestId, ...headers }, mangle);
      done(status, charged, cost);
    };

    const control = path.startsWith('/sim/') ? this.deps.control?.(method, path, url.searchParams) : null;
    if (control) return reply(control.status, control.body, control.headers ?? {}, false, 0);
    if (!caller) return reply(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' }, {}, false, 0);
    if (path === '/graphql' && (!this.graphqlEnabled || method !== 'POST')) return reply(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/graphql' }, {}, false, 0);
    if (path === '/graphql' && caller.label === ANONYMOUS) {
      return reply(401, { message: 'This endpoint requires you to be authenticated.', documentation_url: 'https://docs.github.com/graphql/guides/forming-calls-with-graphql#authenticating-with-graphql' }, {}, false, 0);
    }

    this.inFlight.set(label, (this.inFlight.get(label) ?? 0) + 1);
    try {
      const actions = faults.decide({ method, path, resource, token: label });
      let waited = 0;
      for (const a of actions) if (a.kind === 'latency') waited += a.ms;
      const terminal: FaultAction | undefined = actions.find((a) => a.kind !== 'latency');
      if (waited > 0) {
        fault = `latency:${waited}`;
        await sleep(Math.min(waited, this.opts.gatewayTimeoutMs));
      }
      const spend = resource === 'core' || resource === 'search';
      if (waited >= this.opts.gatewayTimeoutMs && !terminal) {
        if (spend && limiter.allows(label, resource)) limiter.charge(label, resource);
        return reply(504, { message: "We couldn't respond to your request in time. Sorry about that. Please try resubmitting your request and contact us if the problem persists." }, this.rateHeaders(label, resource), spend, spend ? 1 : 0);
      }
      let mangle: Mangle | undefined;
      if (terminal) {
        fault = terminal.kind === 'status' ? `status:${terminal.status}` : terminal.kind;
        switch (terminal.kind) {
          case 'reset':
            res.socket?.destroy();
            done(0, false, 0);
            return;
          case 'status': {
            // The request reached GitHub and failed there: it still costs.
            const charge = spend && limiter.allows(label, resource);
            if (charge) limiter.charge(label, resource as Resource);
            const message = terminal.status === 504 ? "We couldn't respond to your request in time." : terminal.status === 503 ? 'Service Unavailable' : 'Server Error';
            return reply(terminal.status, { message }, this.rateHeaders(label, resource), charge, charge ? 1 : 0);
          }
          case 'secondary':
            return reply(terminal.status ?? 403, { message: SECONDARY_MESSAGE, documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits' }, { ...this.rateHeaders(label, resource), ...this.secondaryHeaders(terminal.retryAfter) }, false, 0);
          case 'primary': {
            const h = { ...this.rateHeaders(label, resource), 'x-ratelimit-remaining': '0' };
            return reply(terminal.status ?? this.opts.primaryStatus, { message: `API rate limit exceeded for user ID ${caller.id}.`, documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-primary-rate-limits' }, h, false, 0);
          }
          case 'unauthorized':
            return reply(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' }, {}, false, 0);
          case 'truncate':
          case 'malformed':
          case 'empty':
            mangle = terminal.kind;
        }
      }
      if (resource !== 'none' && this.overSecondary(label, method)) {
        fault = 'secondary-limit';
        const o = this.opts.secondary;
        return reply(o.status ?? 403, { message: SECONDARY_MESSAGE, documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits' }, { ...this.rateHeaders(label, resource), ...this.secondaryHeaders(o.retryAfter === undefined ? 60 : o.retryAfter) }, false, 0);
      }
      if (spend && !limiter.allows(label, resource)) {
        return reply(this.opts.primaryStatus, { message: `API rate limit exceeded for user ID ${caller.id}.`, documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-primary-rate-limits', status: String(this.opts.primaryStatus) }, this.rateHeaders(label, resource), false, 0);
      }

      if (resource === 'graphql') {
        const g = await handleGraphql(this.deps, label, caller.id, body);
        return reply(g.status, g.body, this.rateHeaders(label, 'graphql'), g.charged, g.cost, mangle);
      }
      const r = route(this.deps, this.base, { method, path, query: url.searchParams, token: label, tokenId: caller.id });
      const headers: Record<string, string> = { ...(r.headers ?? {}) };
      // Serialised and encoded once: the ETag hashes the same bytes that go out (hashing the
      // bytes rather than the string also spares node:crypto its own, slower, encoding of it).
      const bytes = Buffer.from(r.body === undefined ? '' : JSON.stringify(r.body), 'utf8');
      if (method === 'GET' && r.status === 200) {
        headers['cache-control'] = 'private, max-age=60, s-maxage=60';
        headers.vary = 'Accept, Authorization, Cookie, X-GitHub-OTP, Accept-Encoding';
        // ETags vary by token and Accept, as GitHub's do.
        const tag = `W/"${createHash('sha1').update(bytes).update(`\u0000${label}\u0000${req.headers.accept ?? ''}`).digest('hex')}"`;
        headers.etag = tag;
        const inm = req.headers['if-none-match'];
        if (inm && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === tag.replace(/^W\//, ''))) {
          // A 304 does not count against the primary limit.
          return reply(304, undefined, { ...headers, ...(resource === 'none' ? {} : this.rateHeaders(label, resource)) }, false, 0);
        }
      }
      const charge = spend;
      if (charge) limiter.charge(label, resource as Resource);
      return reply(r.status, bytes, { ...headers, ...(path.startsWith('/sim/') ? {} : this.rateHeaders(label, resource)) }, charge, charge ? 1 : 0, mangle);
    } finally {
      this.inFlight.set(label, (this.inFlight.get(label) ?? 1) - 1);
    }
  }
}

