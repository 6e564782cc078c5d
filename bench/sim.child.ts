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
  // The GETs answered 200 since the last reset (the pages a sync fetched), for the plain-fetch limit;
  // the GraphQL queries answered 200 are counted (their bodies are not logged).
  pages: () => {
    const log = sim.log();
    const pages = log.filter((e) => e.method === 'GET' && e.status === 200 && !e.path.startsWith('/sim/')).map((e) => ({ path: e.path, query: e.query }));
    const graphql = log.filter((e) => e.method === 'POST' && e.path === '/graphql' && e.status === 200).length;
    return { pages, graphql, complete: log.length === sim.stats().requests };
  },
});
process.send!({ ready: { url: sim.url, masterListUrl: sim.masterListUrl('current') } });
