import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { allocateEmission, type EmissionRepoInput } from '../src/core/subnet/emission.ts';
import { evaluateRepo, type RepoStanding } from '../src/core/subnet/evaluate.ts';
import type { IssueFact, PullFact } from '../src/core/subnet/facts.ts';
import { parsePolicy, type RepoPolicy } from '../src/core/subnet/policy.ts';
import { Rng } from '../src/sim/random.ts';

/**
 * The rules engine's rate: a full recomputation of every miner's standing in every
 * repository, then the emission split, over generated facts (no I/O inside the
 * timed part). Default scale: 1,000 miners × 20 repositories × 30 pull requests.
 */
export interface ScoringBenchResult {
  miners: number;
  repositories: number;
  pull_requests: number;
  issues: number;
  standings: number;
  full_recompute_ms: number;
  /** CPU time of the same recomputation: the figure that does not depend on other load on the machine. */
  full_recompute_cpu_ms: number;
  standings_per_s: number;
  standings_per_cpu_s: number;
  emission_ms: number;
}

const DAY = 86_400_000;

/** The simulator's deterministic generator, so every run uses the same input. */
function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.float();
}

function policies(n: number): RepoPolicy[] {
  return Array.from({ length: n }, (_, i) => {
    const tuned = i % 4 === 0;
    const entry = tuned
      ? { emission_share: 0.04, fixed_base_score: 1, default_label_multiplier: 0, label_multipliers: { 'eval:none': 0, 'eval:low': 1, 'eval:high': 4 }, scoring: { time_decay: { grace_period_hours: 4, sigmoid_midpoint_days: 3.33, sigmoid_steepness: 1.2 } } }
      : { emission_share: 0.04, maintainer_cut: i % 3 === 0 ? 0.1 : 0, label_multipliers: { bug: 1.25, 'kind/*': 1.5 }, additional_acceptable_branches: ['*-dev'] };
    const r = parsePolicy(`org${i}/repo${i}`, entry);
    if (!r.ok) throw new Error(r.problems.join('; '));
    return r.policy;
  });
}

function facts(repo: string, miner: number, prs: number, now: number, rand: () => number): { pulls: PullFact[]; issues: IssueFact[] } {
  const pulls: PullFact[] = [];
  // One string per miner, not per fact, as a store's rows would intern them.
  const login = `miner${miner}`;
  const id = String(miner);
  const fork = `m${miner}/fork`;
  for (let n = 0; n < prs; n++) {
    const roll = rand();
    const state = roll < 0.6 ? 'merged' : roll < 0.8 ? 'closed' : 'open';
    const created = now - rand() * 40 * DAY;
    const tokens = rand() * 800;
    pulls.push({
      number: miner * 1000 + n,
      state,
      repoFullName: repo,
      defaultBranch: 'main',
      baseRef: rand() < 0.95 ? 'main' : '3.1-dev',
      headRef: 'feature',
      headRepoFullName: fork,
      authorGithubId: id,
      authorLogin: login,
      authorAssociation: rand() < 0.02 ? 'MEMBER' : 'CONTRIBUTOR',
      createdAt: created,
      closedAt: state === 'closed' ? created + DAY : null,
      mergedAt: state === 'merged' ? Math.min(now, created + rand() * 3 * DAY) : null,
      mergedByLogin: rand() < 0.1 ? login : 'maintainer',
      approvals: rand() < 0.9 ? 1 : 0,
      maintainerChangesRequested: rand() < 0.3 ? Math.floor(rand() * 3) : 0,
      editedAfterMerge: rand() < 0.05,
      labels: rand() < 0.5 ? [{ name: rand() < 0.5 ? 'bug' : 'eval:high', actorAssociation: rand() < 0.8 ? 'MEMBER' : 'CONTRIBUTOR' }] : [],
      linkedIssues:
        rand() < 0.4
          ? [{ number: n + 90000, authorGithubId: '7', authorAssociation: rand() < 0.3 ? 'OWNER' : 'NONE', createdAt: created - DAY, state: 'closed', stateReason: 'completed', closedAt: created + 2 * DAY, transferred: false }]
          : [],
      tokenScore: tokens,
      sourceTokenScore: tokens * rand(),
      // T adds the non-code files' line counts to the parsed files' score.
      totalTokenScore: tokens + 20,
    });
  }
  const issues: IssueFact[] = [];
  for (let n = 0; n < 3; n++) {
    const closed = rand() < 0.7;
    const created = now - rand() * 20 * DAY;
    issues.push({
      number: miner * 100 + n,
      authorAssociation: 'NONE',
      createdAt: created,
      state: closed ? 'closed' : 'open',
      stateReason: closed ? 'completed' : null,
      closedAt: closed ? created + DAY : null,
      lastEditedAt: null,
      solver: closed
        ? { number: miner * 100 + n + 50000, repoFullName: repo, defaultBranch: 'main', baseRef: 'main', headRef: 'fix', headRepoFullName: 'x/y', authorGithubId: '8', mergedAt: created + DAY, editedAfterMerge: false, labels: [], maintainerChangesRequested: 0, tokenScore: 50, sourceTokenScore: 40, totalTokenScore: 55, creditedIssueNumber: miner * 100 + n }
        : null,
    });
  }
  return { pulls, issues };
}

export function runScoringBench(opts: { miners?: number; repos?: number; prs?: number; rounds?: number } = {}): ScoringBenchResult {
  const miners = opts.miners ?? 1000;
  const repoCount = opts.repos ?? 20;
  const prs = opts.prs ?? 30;
  const rounds = opts.rounds ?? 5;
  const now = Date.UTC(2026, 7, 20);
  const rand = rng(74);
  const pols = policies(repoCount);
  const data = pols.map((p) => Array.from({ length: miners }, (_, m) => facts(p.repo, m, prs, now, rand)));

  const identities = Array.from({ length: miners }, (_, m) => ({ login: `miner${m}`, githubId: String(m) }));
  // Each standing is built in full, then reduced to the totals the emission split reads, as the
  // worker stores a standing and lets it go; holding 600,000 pull request standings at once would
  // measure the garbage collector rather than the rules.
  const recompute = (): { emissionMs: number; pulls: number } => {
    let pullsSeen = 0;
    const totals = pols.map((p, r) =>
      data[r]!.map((f, m) => {
        const s: RepoStanding = evaluateRepo(p, now, identities[m]!, f.pulls, f.issues);
        pullsSeen += s.pulls.length;
        return { pr: s.total, issue: s.issueDiscovery.total };
      }),
    );
    const started = performance.now();
    const inputs: EmissionRepoInput[] = pols.map((p, r) => {
      const prScores: Record<string, number> = {};
      const issueScores: Record<string, number> = {};
      totals[r]!.forEach((s, m) => {
        if (s.pr > 0) prScores[m] = s.pr;
        if (s.issue > 0) issueScores[m] = s.issue;
      });
      return { repo: p.repo, emissionShare: p.emissionShare, issueDiscoveryShare: p.issueDiscoveryShare, maintainerCut: p.maintainerCut, maintainerMiners: r % 3 === 0 ? ['5'] : [], prScores, issueScores };
    });
    allocateEmission(inputs, { minersShare: 0.9, burnShare: 0.05, servingShare: 0.05, roundMinutes: 120, weightSmoothing: 0.7 });
    return { emissionMs: performance.now() - started, pulls: pullsSeen };
  };

  recompute(); // warm-up: JIT and picomatch caches
  const times: number[] = [];
  const cpu: number[] = [];
  const emission: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const r = recompute();
    if (r.pulls !== miners * repoCount * prs) throw new Error(`scored ${r.pulls} pull requests, expected ${miners * repoCount * prs}`);
    times.push(performance.now() - started);
    const used = process.cpuUsage(cpuStarted);
    cpu.push((used.user + used.system) / 1000);
    emission.push(r.emissionMs);
  }
  const middle = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const median = middle(times);
  const cpuMedian = middle(cpu);
  const standings = miners * repoCount;
  return {
    miners,
    repositories: repoCount,
    pull_requests: standings * prs,
    issues: standings * 3,
    standings,
    full_recompute_ms: Math.round(median),
    full_recompute_cpu_ms: Math.round(cpuMedian),
    standings_per_s: Math.round(standings / (median / 1000)),
    standings_per_cpu_s: Math.round(standings / (cpuMedian / 1000)),
    emission_ms: Math.round(middle(emission) * 10) / 10,
  };
}

/** Writes the figure into its own block of docs/benchmarks.md, leaving the rest as it is. */
export function recordScoringBench(result: ScoringBenchResult, machine: string): void {
  const file = new URL('../docs/benchmarks.md', import.meta.url);
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
  const block = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}, load average ${loadavg()[0]!.toFixed(1)} at the end: median of 5 full recomputations after a warm-up.`,
    '',
    '```json',
    JSON.stringify(result, null, 2),
    '```',
  ].join('\n');
  const marked = /<!-- bench:scoring:start -->[\s\S]*<!-- bench:scoring:end -->/;
  const section = `<!-- bench:scoring:start -->\n${block}\n<!-- bench:scoring:end -->`;
  writeFileSync(file, marked.test(current) ? current.replace(marked, section) : `${current.trimEnd()}\n\n## Rules engine\n\n${section}\n`);
}
