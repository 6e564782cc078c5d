import { startSimulator } from './src/sim/index.ts';
import { parseMasterList } from './src/core/master-list.ts';
const sim = await startSimulator({ port: 0, repos: 20, itemsPerRepo: 10 });
const url = (sim as any).masterListUrl ?? `${(sim as any).url}/master_repositories.json`;
console.log(Object.keys(sim));
await sim.stop();
