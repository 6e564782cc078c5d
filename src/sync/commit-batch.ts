import type { Kysely, Transaction, Updateable } from 'kysely';
import { PendingLinkCounts } from '../db/links.write.ts';
import { updateSyncState } from '../db/sync-state.write.ts';
import type { DB, SyncStateTable } from '../db/schema.ts';

/** Rows held before the held pages commit: about ten pages of a hundred. */
export const COMMIT_ROWS = 1000;

interface Held {
  write: (trx: Transaction<DB>, pending: PendingLinkCounts) => Promise<void>;
  state: Updateable<SyncStateTable>;
}

/**
 * Fetched pages waiting to be written, committed together in one transaction
 * once about `limit` rows are held or the walk ends. A commit costs a disk
 * sync; one per page of a hundred rows cost more than writing the rows.
 *
 * Each page brings its rows' write and the sync bookkeeping (watermark, resume
 * point, ETag) that holds once those rows are stored. A commit runs the writes
 * in the order the pages came (each sees the ones before it, as when every
 * page committed alone), refreshes once the link counts and data versions they
 * moved (PendingLinkCounts), then stores the bookkeeping of the last page over
 * that of the earlier ones, in the same transaction: the stored watermark never
 * covers a row that is not stored, and a crash loses at most the held pages.
 *
 * `run` commits what is held when the walk fails too, before the failure
 * surfaces: a page that could not be fetched does not cost the pages that were.
 * (A failure of that commit itself is what surfaces then.)
 */
export class CommitBatch {
  private held: Held[] = [];
  private rows = 0;
  /** Transactions committed. */
  commits = 0;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly repoId: number,
    private readonly limit = COMMIT_ROWS,
  ) {}

  /** Holds one page; commits everything held once `limit` rows are. */
  async add(rows: number, write: Held['write'], state: Held['state']): Promise<void> {
    this.held.push({ write, state });
    this.rows += rows;
    if (this.rows >= this.limit) await this.flush();
  }

  /** Commits every held page, with the bookkeeping of the last one. */
  async flush(): Promise<void> {
    if (this.held.length === 0) return;
    const held = this.held;
    this.held = [];
    this.rows = 0;
    await this.db.transaction().execute(async (trx) => {
      const pending = new PendingLinkCounts();
      for (const h of held) await h.write(trx, pending);
      await pending.apply(trx);
      await updateSyncState(trx, this.repoId, Object.assign({}, ...held.map((h) => h.state)) as Held['state']);
    });
    this.commits += 1;
  }

  /** Runs a walk that adds pages, then commits what it left held, whether it finished or failed. */
  async run<T>(walk: () => Promise<T>): Promise<T> {
    let out: T;
    try {
      out = await walk();
    } catch (err) {
      await this.flush();
      throw err;
    }
    await this.flush();
    return out;
  }
}
