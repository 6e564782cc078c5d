import type { Kysely, Transaction, Updateable } from 'kysely';
import { PendingLinkCounts } from '../db/links.write.ts';
import { updateSyncState } from '../db/sync-state.write.ts';
import { writeTransaction } from '../db/transaction.ts';
import type { DB, SyncStateTable } from '../db/schema.ts';
import type { Logger } from '../logger.ts';

/** Rows held before the held pages commit: about ten pages of a hundred. */
export const COMMIT_ROWS = 1000;

/**
 * A page's write. It may run more than once (see `flush`), so it keeps its
 * effects in the transaction and returns what should happen outside it once
 * the commit holds (a caller's tally of created and updated rows).
 */
export type HeldWrite = (trx: Transaction<DB>, pending: PendingLinkCounts) => Promise<void | (() => void)>;

interface Held {
  write: HeldWrite;
  state: Updateable<SyncStateTable>;
}

/**
 * Fetched pages waiting to be written, committed together in one transaction
 * once about COMMIT_ROWS rows are held or the walk ends. A commit costs a disk
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
 *
 * On PostgreSQL two passes may deadlock: each locks its own repository's rows,
 * then refreshes the counts of issues its links point at in the other's. The
 * server then rolls one back whole, and the commit runs every held write again
 * (writeTransaction); the effects a write returns run once, after the commit
 * that holds.
 */
export class CommitBatch {
  private held: Held[] = [];
  private rows = 0;
  /** Transactions committed. */
  commits = 0;

  /** Transactions PostgreSQL rolled back to break a conflict, and that then ran again. */
  conflicts = 0;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly repoId: number,
    private readonly logger?: Logger,
  ) {}

  /** Holds one page; commits everything held once COMMIT_ROWS rows are. */
  async add(rows: number, write: HeldWrite, state: Held['state']): Promise<void> {
    this.held.push({ write, state });
    this.rows += rows;
    if (this.rows >= COMMIT_ROWS) await this.flush();
  }

  /** Commits every held page, with the bookkeeping of the last one. */
  async flush(): Promise<void> {
    if (this.held.length === 0) return;
    const held = this.held;
    this.held = [];
    this.rows = 0;
    const effects = await writeTransaction(
      this.db,
      async (trx) => {
        const pending = new PendingLinkCounts();
        const after: (() => void)[] = [];
        for (const h of held) {
          const effect = await h.write(trx, pending);
          if (effect) after.push(effect);
        }
        await pending.apply(trx);
        await updateSyncState(trx, this.repoId, Object.assign({}, ...held.map((h) => h.state)) as Held['state']);
        return after;
      },
      {
        onConflict: (err, attempt) => {
          this.conflicts += 1;
          this.logger?.info({ repoId: this.repoId, attempt, err: err.message }, 'a commit conflicted with another transaction and runs again');
        },
      },
    );
    this.commits += 1;
    for (const effect of effects) effect();
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
