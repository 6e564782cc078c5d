/**
 * `hub sim`: runs the simulator on its own for the demo, with the clock moving
 * on a timer so the hub's incremental sync has something to pick up.
 */
import { startSimulator } from './index.ts';

export async function runSimCommand(flags: { port?: number; seed?: number; repos?: number; itemsPerRepo?: number }): Promise<void> {
  const sim = await startSimulator({
    port: flags.port ?? 0,
    seed: flags.seed,
    repos: flags.repos ?? 5,
    itemsPerRepo: flags.itemsPerRepo ?? 400,
    // The demo shows live data: history ends now, not at the fixed default start.
    startTime: Date.now(),
  });
  sim.clock.onEvents((events) => {
    for (const e of events) process.stdout.write(`${e.at} ${e.type} ${e.repo}${e.number ? `#${e.number}` : ''}${e.to ? ` -> ${e.to.repo}#${e.to.number}` : ''}\n`);
  });
  sim.clock.start({ intervalMs: 5_000, events: 3, realTime: true });
  const repos = sim.dataset.repos();
  process.stdout.write(
    [
      `GitHub simulator listening on ${sim.url}`,
      `  GraphQL:      ${sim.graphqlUrl}`,
      `  master list:  ${sim.masterListUrl('current')}`,
      `  legacy list:  ${sim.masterListUrl('legacy')}`,
      `  ${repos.length} repositories, ${repos.reduce((n, r) => n + r.itemCount, 0)} items; any token is accepted`,
      '  the clock advances every 5 s; Ctrl-C stops',
      '',
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await sim.stop();
  process.stdout.write('simulator stopped\n');
}
