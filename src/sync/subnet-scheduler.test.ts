import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import { createSubnetHarness, type SubnetHarness } from '../test/subnet-harness.ts';
import { dueSubnetJobs, runDueSubnetJobs } from './subnet-scheduler.ts';

const services = loadConfig({}, { dotenvPath: null }).services;
const at = (iso: string) => Date.parse(iso);

describe('dueSubnetJobs', () => {
  it('runs each job on its own schedule', () => {
    const started = new Map([
      ['subnet-prices', '2026-06-01T12:00:00Z'],
      ['subnet-miners', '2026-06-01T12:00:00Z'],
      ['subnet-maintainers', '2026-06-01T12:00:00Z'],
    ]);
    expect(dueSubnetJobs(started, services, at('2026-06-01T12:00:59Z')).map((j) => j.name)).toEqual([]);
    expect(dueSubnetJobs(started, services, at('2026-06-01T12:01:00Z')).map((j) => j.name)).toEqual(['subnet-prices', 'subnet-maintainers']);
    expect(dueSubnetJobs(started, services, at('2026-06-01T12:05:00Z')).map((j) => j.name)).toEqual(['subnet-prices', 'subnet-miners', 'subnet-maintainers']);
    expect(dueSubnetJobs(new Map(), services, at('2026-06-01T12:00:00Z'))).toHaveLength(3);
  });
});

describe('runDueSubnetJobs', () => {
  let h: SubnetHarness;
  beforeEach(async () => {
    h = await createSubnetHarness();
  });
  afterEach(async () => {
    await h.stop();
  });

  it('claims each job in the store, so a second worker at the same moment runs nothing', async () => {
    const [a, b] = await Promise.all([runDueSubnetJobs(h.ctx), runDueSubnetJobs(h.ctx)]);
    expect([...a!, ...b!].map((r) => r.job).sort()).toEqual(['subnet-maintainers', 'subnet-miners', 'subnet-prices']);
    expect(h.sim.log().filter((e) => e.path === '/subnet/api/miners')).toHaveLength(1);
    h.advance(60_000);
    expect((await runDueSubnetJobs(h.ctx)).map((r) => r.job)).toEqual(['subnet-prices', 'subnet-maintainers']);
  });
});
