import { closingRefs, explainClosingRefs } from '../src/core/closing-refs.ts';
import { startSimulator } from '../src/sim/index.ts';

export interface ParserBench {
  bodies: number;
  megabytes: number;
  /** `closingRefs`, the fast path the sync and the relink run. */
  mb_per_s: number;
  /** `explainClosingRefs`, the full scanner behind `links explain`. */
  full_scanner_mb_per_s: number;
  /** The machine's reference figures over the same bytes, in the same run. */
  reference: { one_regex_mb_per_s: number; json_parse_mb_per_s: number };
  /** mb_per_s over the single regular expression's figure. */
  ratio_to_regex: number;
  refs: number;
}

/** Parser throughput over real-looking pull request descriptions (the simulator's). */
export async function runParserBench(opts: { bodies: number; rounds?: number }): Promise<ParserBench> {
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
  const jsons = inputs.map((i) => JSON.stringify(i.body));
  const rounds = opts.rounds ?? 5;
  const megabytes = (bytes * rounds) / 1e6;
  // Median of three timed runs of `rounds` rounds each, after a warm-up round.
  const rate = (fn: () => number): number => {
    fn();
    const runs: number[] = [];
    for (let k = 0; k < 3; k++) {
      const started = performance.now();
      for (let round = 0; round < rounds; round++) fn();
      runs.push(megabytes / ((performance.now() - started) / 1000));
    }
    return round1(runs.sort((a, b) => a - b)[1]!);
  };
  let refs = 0;
  const fast = rate(() => {
    refs = 0;
    for (const i of inputs) refs += closingRefs({ repo: i.repo, body: i.body }).length;
    return refs;
  });
  const full = rate(() => inputs.reduce((s, i) => s + explainClosingRefs({ repo: i.repo, body: i.body }).refs.length, 0));
  const REF = /(?:^|\s)(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?):?\s+#\d+/gi;
  const regex = rate(() => inputs.reduce((s, i) => s + (i.body.match(REF)?.length ?? 0), 0));
  const json = rate(() => jsons.reduce((s, j) => s + (JSON.parse(j) as string).length, 0));
  return {
    bodies: inputs.length,
    megabytes: round1(megabytes),
    mb_per_s: fast,
    full_scanner_mb_per_s: full,
    reference: { one_regex_mb_per_s: regex, json_parse_mb_per_s: json },
    ratio_to_regex: Math.round((fast / regex) * 100) / 100,
    refs,
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

if (import.meta.url === `file://${process.argv[1]}`) {
  const bodies = Number(process.argv[2] ?? 20_000);
  runParserBench({ bodies }).then((r) => console.log(JSON.stringify(r, null, 2)));
}
