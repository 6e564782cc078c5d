import type { Kysely } from 'kysely';
import type { Meter, HubOctokitInstance } from '../github/client.ts';
import type { RepoContext } from './ingest.ts';
import type { DB, RepoRow } from '../db/schema.ts';
import type { Logger } from '../logger.ts';

/** What every step of one repository's sync pass shares. */
export interface PassContext {
  db: Kysely<DB>;
  octokit: HubOctokitInstance;
  meter: Meter;
  repo: RepoRow;
  ingest: RepoContext;
  owner: string;
  name: string;
  logger: Logger;
  signal?: AbortSignal;
}

/** An Octokit RequestError for 304 Not Modified: nothing changed since the stored ETag. */
export function isNotModified(err: unknown): boolean {
  return (err as { status?: number })?.status === 304;
}

/** The `rel="next"` URL of a Link header, exactly as given. */
export function nextLink(link: string | undefined | null): string | null {
  if (!link) return null;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part);
    if (m) return m[1]!;
  }
  return null;
}

/** The `label|etag` form stored in sync_state (see splitEtag). */
export function storedEtag(headers: Record<string, string | number | undefined>): string | null {
  const etag = headers.etag;
  if (!etag) return null;
  const label = headers['x-hub-token-label'];
  return label ? `${label}|${etag}` : String(etag);
}
