/** The GitHub simulator at benchmark scale, in its own process. */
import { startSimulator } from '../src/sim/index.ts';
import { serveParent } from './child.ts';

const [repos, items] = process.argv.slice(2).map(Number) as [number, number];
const sim = await startSimulator({ port: 0, repos, itemsPerRepo: items, rateLimit: { core: { limit: 10_000_000, windowMs: 3600_000 }, graphql: { limit: 10_000_000, windowMs: 3600_000 } } });
serveParent({
  stats: () => {
    const log = sim.log();
    return { requests: log.length, charged: log.filter((e) => e.charged).length, notModified: log.filter((e) => e.status === 304).length };
  },
  reset: () => {
    sim.resetStats();
    return true;
  },
  rss: () => process.memoryUsage().rss,
});
process.send!({ ready: { url: sim.url, masterListUrl: sim.masterListUrl('current') } });
