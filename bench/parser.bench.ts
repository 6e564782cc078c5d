import { closingRefs } from '../src/core/closing-refs.ts';
import { startSimulator } from '../src/sim/index.ts';

/** Parser throughput over real-looking pull request descriptions (the simulator's). */
export async function runParserBench(opts: { bodies: number }): Promise<{ bodies: number; megabytes: number; mb_per_s: number; refs: number }> {
  const sim = await startSimulator({ port: 0, repos: 4, itemsPerRepo: Math.ceil((opts.bodies * 2) / 4) });
  const inputs: { repo: string; body: string }[] = [];
  for (const r of sim.dataset.repos()) {
    for (const n of sim.dataset.numbers(r.fullName, 'pr')) {
      const body = sim.dataset.bodyText(r.fullName, n);
      if (body) inputs.push({ repo: r.fullName, body });
    }
  }
  await sim.stop();
  const bytes = inputs.reduce((s, i) => s + Buffer.byteLength(i.body), 0);
  let refs = 0;
  for (const i of inputs.slice(0, 500)) closingRefs({ repo: i.repo, body: i.body }); // warm-up
  const rounds = 5;
  const started = performance.now();
  for (let round = 0; round < rounds; round++) for (const i of inputs) refs += closingRefs({ repo: i.repo, body: i.body }).length;
  const seconds = (performance.now() - started) / 1000;
  const megabytes = (bytes * rounds) / 1e6;
  return { bodies: inputs.length, megabytes: round1(megabytes), mb_per_s: round1(megabytes / seconds), refs: refs / rounds };
}

const round1 = (n: number) => Math.round(n * 10) / 10;
