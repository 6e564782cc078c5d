import type { Config } from '../config/config.ts';
import { toError } from '../core/errors.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { createGateway } from '../runtime.ts';
import { createSubnetClients } from '../subnet/clients.ts';
import { ThreadTokenScorer } from './token-scorer.ts';
import { SyncWorker } from './worker.ts';

/**
 * Runs the sync worker until `signal` aborts, then gives its jobs back and
 * closes its token-score thread. The process that calls it owns the database.
 * Used by the worker process `start` forks and by `start --role worker`, which
 * runs it in its own process (a worker machine needs no second one).
 * Resolves 0 on a clean stop, 1 when the worker crashed.
 */
export async function runSyncWorker(config: Config, database: Database, logger: Logger, signal: AbortSignal): Promise<number> {
  // Token scores after each sync pass: parsed on a thread of their own (token-scorer.ts).
  const tokenScores = { scorer: new ThreadTokenScorer(), mirror: createSubnetClients(config.services).mirror };
  const worker = new SyncWorker({ db: database.db, gateway: createGateway(config, logger), config, logger, leaseMs: config.sync.leaseMs, syncTask: { tokenScores } });
  const code = await worker.run(signal).then(
    () => 0,
    (err: unknown) => {
      logger.fatal({ err: toError(err) }, 'sync worker crashed');
      return 1;
    },
  );
  await tokenScores.scorer.close();
  return code;
}
