import pg from 'pg';
import { PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import { HubError } from '../core/errors.ts';

export interface PostgresOptions {
  url: string;
  /** Connections this process keeps open at most (every API server and worker has its own pool). */
  poolSize?: number;
  /** A statement running longer than this is cancelled by the server; 0 turns the limit off. */
  statementTimeoutMs?: number;
}

export const DEFAULT_POOL_SIZE = 10;
export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000;

// OIDs of the built-in types whose text form pg would hand back as strings.
const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * pg returns int8 (bigint: `count(*)`, `sum()` of integers, bigserial ids, the
 * `github_id` columns) and numeric as strings, because they can exceed 2^53.
 * The SQLite store gives numbers for all of these, and every caller of the
 * queries expects numbers. The hub's values (row ids, GitHub ids, counts, sums
 * of scores) stay far below 2^53, so they are parsed into numbers; a value that
 * would lose precision is refused instead of rounded silently. The parsers are
 * set on this pool only (not pg's global registry), so nothing else in the
 * process changes behaviour.
 */
function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new HubError(500, 'integer_overflow', `a bigint value from PostgreSQL (${text}) is beyond 2^53`);
  return n;
}

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return parseInt8;
    if (oid === NUMERIC_OID) return Number;
    return pg.types.getTypeParser(oid, format ?? 'text');
  },
} as pg.CustomTypesConfig;

/** A pool per process, sized by setting, with the statement timeout applied to every connection. */
export function createPool(options: PostgresOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? DEFAULT_POOL_SIZE,
    types,
    statement_timeout: options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
    connectionTimeoutMillis: 10_000,
    // Idle connections are closed so a quiet server does not hold its whole pool.
    idleTimeoutMillis: 30_000,
    application_name: 'sn74-hub',
  });
  // An idle connection dropped by the server (a restart, a failover) emits an error on
  // the pool; without a listener Node would crash the process. The next query reconnects.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * PostgreSQL's text type cannot hold U+0000 (SQLite's can), and GitHub text
 * occasionally carries one (a pasted binary, a log). Ingest already strips it
 * from GitHub's text on both stores (src/sync/ingest.ts); as a net under every
 * other write, each string parameter of every statement is stripped the same way
 * here, on its way to the server, so no write path can fail on it. JSON text is
 * unaffected (JSON.stringify writes the escape `\u0000`, six plain characters).
 */
export function withoutNul(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('\u0000') ? value.replaceAll('\u0000', '') : value;
  if (Array.isArray(value)) return value.map(withoutNul);
  return value;
}

function cleaningPool(pool: pg.Pool): PostgresPool {
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      return {
        query: ((text: unknown, params?: readonly unknown[]) =>
          typeof text === 'string' ? client.query(text, params?.map(withoutNul)) : client.query(text as never)) as unknown as PostgresPoolClient['query'],
        release: () => client.release(),
      };
    },
    end: () => pool.end(),
  };
}

export function createPostgresDialect(pool: pg.Pool): PostgresDialect {
  return new PostgresDialect({ pool: cleaningPool(pool) });
}

export interface WaitOptions {
  /** Attempts before giving up; the database may still be starting (a container, a restart). */
  attempts?: number;
  delayMs?: number;
  log?: (message: string) => void;
}

// Errors that mean "not up yet" rather than "misconfigured": refused or reset connections,
// DNS not resolving yet, and the server's own "starting up" / "shutting down" answers.
const TRANSIENT_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EAI_AGAIN', 'ENOTFOUND', '57P03', '57P01']);

function isTransient(err: unknown): boolean {
  const code = (err as { code?: string }).code;
  if (code && TRANSIENT_CODES.has(code)) return true;
  return err instanceof Error && /timeout|terminated/i.test(err.message);
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

/**
 * Waits until the database answers `SELECT 1`, retrying with a fixed delay while
 * it is unreachable or still starting (bounded, each attempt logged). A refused
 * login or a missing database is not retried: waiting would not fix it.
 */
export async function waitForPostgres(pool: pg.Pool, url: string, options: WaitOptions = {}): Promise<void> {
  const attempts = options.attempts ?? 30;
  const delayMs = options.delayMs ?? 1000;
  for (let attempt = 1; ; attempt++) {
    try {
      await pool.query('SELECT 1');
      return;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (!isTransient(err) || attempt >= attempts) {
        const tried = attempt === 1 ? '' : ` after ${attempt} attempts`;
        throw new HubError(503, 'database_unreachable', `cannot reach PostgreSQL at ${redactUrl(url)}${tried}: ${message}`);
      }
      options.log?.(`PostgreSQL at ${redactUrl(url)} is not reachable yet (${message}); attempt ${attempt} of ${attempts}, retrying in ${delayMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
