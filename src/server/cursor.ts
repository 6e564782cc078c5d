import { HubError } from '../core/errors.ts';
import type { Direction, Position, SortKey } from '../db/item-list.queries.ts';

/**
 * Cursors are opaque to clients (base64url of a small JSON array) and checked
 * strictly on the way back in: anything that is not exactly what this server
 * produced for the same sort and direction answers 400 `invalid_cursor`. A cursor
 * is a position, not a secret: a hand-made valid one only starts a page elsewhere.
 */

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const invalid = (why: string) => new HubError(400, 'invalid_cursor', `The cursor is not valid here (${why}); start again without it`);

function decode(raw: string): unknown[] {
  if (!/^[A-Za-z0-9_-]{1,512}$/.test(raw)) throw invalid('malformed');
  try {
    const value = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(value)) throw invalid('malformed');
    return value;
  } catch (err) {
    if (err instanceof HubError) throw err;
    throw invalid('malformed');
  }
}

const encode = (value: unknown[]) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
const isId = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) > 0;

export function encodeListCursor(sort: SortKey, direction: Direction, p: Position): string {
  return encode(['l', sort, direction, p.key, p.id]);
}

export function decodeListCursor(raw: string | undefined, sort: SortKey, direction: Direction): Position | null {
  if (raw === undefined) return null;
  const [tag, s, d, key, id, ...rest] = decode(raw);
  if (tag !== 'l' || rest.length > 0 || !isId(id)) throw invalid('malformed');
  if (s !== sort || d !== direction) throw invalid(`it belongs to sort=${String(s)}&direction=${String(d)}`);
  const isTime = sort === 'updated' || sort === 'created' || sort === 'merged';
  if (isTime ? typeof key !== 'string' || !TIME.test(key) : !Number.isSafeInteger(key) || (key as number) < 0) throw invalid('malformed');
  return { key: key as string | number, id };
}

export function encodeSearchCursor(c: { snapshot: number; offset: number }): string {
  return encode(['s', c.snapshot, c.offset]);
}

export function decodeSearchCursor(raw: string | undefined, maxOffset: number): { snapshot: number; offset: number } | null {
  if (raw === undefined) return null;
  const [tag, snapshot, offset, ...rest] = decode(raw);
  if (tag !== 's' || rest.length > 0 || !isId(snapshot) || !Number.isSafeInteger(offset) || (offset as number) < 1 || (offset as number) > maxOffset) {
    throw invalid('malformed');
  }
  return { snapshot, offset: offset as number };
}

export function encodeDriftCursor(p: { repoKey: string; number: number }): string {
  return encode(['d', p.repoKey, p.number]);
}

export function decodeDriftCursor(raw: string | undefined): { repoKey: string; number: number } | null {
  if (raw === undefined) return null;
  const [tag, repoKey, number, ...rest] = decode(raw);
  if (tag !== 'd' || rest.length > 0 || typeof repoKey !== 'string' || repoKey.length > 140 || !isId(number)) throw invalid('malformed');
  return { repoKey, number };
}

/** GET /api/miners: the last (total, login key) of the page. */
export function encodeMinerCursor(p: { total: number; key: string }): string {
  return encode(['m', p.total, p.key]);
}

export function decodeMinerCursor(raw: string | undefined): { total: number; key: string } | null {
  if (raw === undefined) return null;
  const [tag, total, key, ...rest] = decode(raw);
  if (tag !== 'm' || rest.length > 0 || typeof total !== 'number' || !Number.isFinite(total) || typeof key !== 'string' || key.length === 0 || key.length > 60) throw invalid('malformed');
  return { total, key };
}
