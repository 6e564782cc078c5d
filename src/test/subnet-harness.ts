import { loadConfig, type Config } from '../config/config.ts';
import { startSimulator, type Simulator, type SimulatorOptions } from '../sim/index.ts';
import { subnetServiceEnv } from '../sim/subnet/env.ts';
import { createSubnetClients, type ClientOverrides } from '../subnet/clients.ts';
import type { SubnetJobContext } from '../sync/subnet-context.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';
import { buildRepo } from './factories.ts';
import { captureLogger } from './logs.ts';

export interface SubnetHarness {
  sim: Simulator;
  db: TestDatabase;
  services: Config['services'];
  ctx: SubnetJobContext;
  /** Moves the jobs' clock (not the simulator's) forward. */
  advance(ms: number): void;
  logs: () => string;
  stop(): Promise<void>;
}

/**
 * A simulator, a fresh store tracking every simulated repository, and the
 * subnet clients pointed at the simulator with short retries.
 */
export async function createSubnetHarness(simOptions: SimulatorOptions = {}, overrides: ClientOverrides = {}): Promise<SubnetHarness> {
  const sim = await startSimulator({ seed: 7, ...simOptions });
  const db = await createTestDatabase();
  for (const r of sim.dataset.world.repos) await buildRepo(db.db, { full_name: `${r.meta.owner}/${r.meta.name}` });
  const { services } = loadConfig(
    { ...subnetServiceEnv(sim.subnetUrls), HUB_SERVICES_TIMEOUT_MS: '2000' },
    { dotenvPath: null },
  );
  const { logger, text } = captureLogger('debug');
  let now = Date.parse('2026-06-01T12:00:00Z');
  const clients = createSubnetClients(services, { retries: 2, backoffMs: 5, ...overrides });
  return {
    sim,
    db,
    services,
    ctx: { db: db.db, clients, services, logger, now: () => now },
    advance: (ms) => {
      now += ms;
    },
    logs: text,
    stop: async () => {
      await sim.stop();
      await db.dispose();
    },
  };
}
