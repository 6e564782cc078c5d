/**
 * The validators' official scores in the simulated subnet, computed by the hub's
 * own rules engine (src/core/subnet, evaluateRepo) over the same facts the
 * simulated GitHub serves (docs/simulator.md, "The subnet's services"):
 *
 * - pull requests: state, times, author and association, branches, who merged,
 *   reviews, label events with the actor's association, edits, closing
 *   references (same repository, first 10), all read from facts.ts, shapes.ts
 *   and truth.ts, the functions GitHub's answers are built from;
 * - token scores: the real token scorer (src/core/tokens) over the files the
 *   subnet mirror serves for the pull request (mirror.ts, pullFiles), once per
 *   head commit, for the pull requests the hub's token-score job scores (merged
 *   inside the lookback window by merge time, open by creation); the others get
 *   none (no rule reads them);
 * - the policy: parsePolicy on the simulator's own master-list entry;
 * - identity: a miner sharing its GitHub account with another is zeroed.
 *
 * Scores are at the simulator's clock (world.nowSec): the hub agrees exactly when
 * it scores at the same instant, and within the drift report's rounding tolerance
 * otherwise unless a decay step falls in between (docs/subnet-data.md).
 * Issue discovery is not simulated: miners' issues are not passed to the rules.
 */
import { isMaintainer, type LabelFact, type LinkedIssueFact, type MinerIdentity, type PullFact, type TokenFacts } from '../../core/subnet/facts.ts';
import { evaluateRepo, type RepoStanding } from '../../core/subnet/evaluate.ts';
import { policyOfRepo } from '../../core/scoring/repo-policy.ts';
import type { PullStanding } from '../../core/subnet/pulls.ts';
import { windowStart } from '../../core/subnet/window.ts';
import { scorePullRequest, type Grammars } from '../../core/tokens/index.ts';
import { headSha } from '../files.ts';
import { masterList } from '../master-list.ts';
import { fullNameOf } from '../repos.ts';
import { headRef } from '../shapes.ts';
import { F_FROM_FORK, F_HEAD_GONE, F_OPEN, REASONS } from '../store.ts';
import { closingTruth } from '../truth.ts';
import { LABELS } from '../words.ts';
import type { RepoState, World } from '../world.ts';
import { simMiners, type SimMiner } from './identity.ts';
import { pullFiles } from './mirror.ts';

export interface SimPrScore {
  repository: string;
  repoIndex: number;
  number: number;
  userIndex: number;
  state: 'OPEN' | 'MERGED' | 'CLOSED';
  createdAt: number;
  mergedAt: number | null;
  closedAt: number | null;
  tokenScore: number;
  baseScore: number;
  issueMultiplier: number;
  labelMultiplier: number;
  timeDecayMultiplier: number;
  reviewQualityMultiplier: number;
  openPrSpamMultiplier: number;
  score: number;
  collateralScore: number;
  linkedIssues: number[];
}

/** One miner's standing in one repository, as the rules give it. */
export interface SimRepoStanding {
  miner: SimMiner;
  repoIndex: number;
  standing: RepoStanding;
}

export interface SimMinerTotals {
  miner: SimMiner;
  totalScore: number;
  baseTotalScore: number;
  totalOpenPrs: number;
  totalClosedPrs: number;
  totalMergedPrs: number;
  credibility: number;
  isEligible: boolean;
  totalCollateralScore: number;
  failedReason: string | null;
}

export interface SimScores {
  prs: SimPrScore[];
  standings: SimRepoStanding[];
}

const round2 = (v: number) => Math.round(v * 100) / 100;
const NO_TOKENS: TokenFacts = { tokenScore: 0, sourceTokenScore: 0, totalTokenScore: 0 };

/**
 * Token scores of the simulated pull requests from the mirror's files, cached per
 * head commit (a push moves the head and so re-scores). Bounded: the oldest
 * entries go past `limit`.
 */
export class SimTokenScores {
  private readonly cache = new Map<string, TokenFacts>();
  constructor(
    private readonly world: World,
    private readonly grammars: Grammars,
    private readonly limit = 50_000,
  ) {}

  of(state: RepoState, number: number): TokenFacts {
    const key = `${state.meta.index}:${number}:${headSha(this.world, state, number - 1)}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    // The same inputs the hub's token-score job builds from the mirror's answer.
    const files = pullFiles(this.world, state, number).files.map((f) => ({ path: f.filename, status: f.status, changes: f.changes ?? f.additions + f.deletions, base: f.base_content, head: f.head_content }));
    const r = scorePullRequest(files, this.grammars);
    const facts: TokenFacts = { tokenScore: r.tokenScore, sourceTokenScore: r.sourceScore, totalTokenScore: r.totalScore };
    if (this.cache.size >= this.limit) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, facts);
    return facts;
  }
}

const ms = (sec: number) => sec * 1000;

/** A pull request's facts, from what the simulated GitHub serves for it. */
export function simPullFact(world: World, state: RepoState, i: number, tokens: TokenFacts): PullFact {
  const s = state.items;
  const r = state.meta.index;
  const users = world.users;
  const assoc = (u: number) => users.associationOf(u, r, world.seed);
  const merged = s.merged[i]! > 0;
  const open = s.has(i, F_OPEN);
  const author = s.author[i]!;
  const full = fullNameOf(state.meta);
  const reviews = world.facts.reviews(state, i);
  const mergedBy = world.facts.mergedBy(state, i);
  const edited = world.facts.lastEditedAt(state, i);
  const labels: LabelFact[] = world.facts.labelEvents(state, i).map((e) => ({ name: LABELS[state.meta.labels[e.bit]!]!.name, actorAssociation: assoc(e.actor) }));
  const self = full.toLowerCase();
  const linked: LinkedIssueFact[] = [];
  for (const ref of closingTruth(world, state, i + 1).all) {
    if (ref.repo.toLowerCase() !== self || linked.length >= 10) continue;
    const j = ref.number - 1;
    if (s.isPr(j) || !s.isLive(j)) continue;
    const issueOpen = s.has(j, F_OPEN);
    linked.push({
      number: ref.number,
      authorGithubId: String(users.get(s.author[j]!).id),
      authorAssociation: assoc(s.author[j]!),
      createdAt: ms(s.created[j]!),
      state: issueOpen ? 'open' : 'closed',
      stateReason: REASONS[s.reason[j]!] ?? null,
      closedAt: issueOpen || !s.closed[j] ? null : ms(s.closed[j]!),
      transferred: false,
    });
  }
  const fork = s.has(i, F_FROM_FORK);
  return {
    number: i + 1,
    state: merged ? 'merged' : open ? 'open' : 'closed',
    repoFullName: full,
    defaultBranch: state.meta.defaultBranch,
    baseRef: state.meta.branches[s.base[i]!] ?? state.meta.defaultBranch,
    headRef: headRef(world, state, i),
    headRepoFullName: s.has(i, F_HEAD_GONE) ? null : fork ? `${users.get(author).login}/${state.meta.name}` : full,
    authorGithubId: String(users.get(author).id),
    authorLogin: users.get(author).login,
    authorAssociation: assoc(author),
    createdAt: ms(s.created[i]!),
    closedAt: !merged && !open && s.closed[i] ? ms(s.closed[i]!) : null,
    mergedAt: merged ? ms(s.merged[i]!) : null,
    mergedByLogin: mergedBy === null ? null : users.get(mergedBy).login,
    approvals: reviews.filter((x) => x.state === 'APPROVED').length,
    maintainerChangesRequested: reviews.filter((x) => x.state === 'CHANGES_REQUESTED' && isMaintainer(assoc(x.user))).length,
    editedAfterMerge: merged && edited !== null && edited > s.merged[i]!,
    labels,
    linkedIssues: linked,
    ...tokens,
  };
}

/** The repository's policy, from the simulator's own master-list entry (current schema). */
export function simPolicies(world: World) {
  const entries = Object.values(masterList(world, 'current'));
  return world.repos.map((state, k) => policyOfRepo({ full_name: fullNameOf(state.meta), entry: JSON.stringify(entries[k] ?? {}) }).policy);
}

const STATE: Record<PullStanding['state'], SimPrScore['state']> = { open: 'OPEN', merged: 'MERGED', closed: 'CLOSED' };

/**
 * Every registered miner's standing in every repository it has pull requests in,
 * and the scored pull requests (dropped ones left out, as the validator leaves
 * them out), at the simulator's now.
 */
export function simScores(world: World, tokens: SimTokenScores): SimScores {
  const miners = simMiners(world);
  const byUser = new Map<number, SimMiner[]>();
  for (const m of miners) byUser.set(m.userIndex, [...(byUser.get(m.userIndex) ?? []), m]);
  const policies = simPolicies(world);
  const now = world.nowSec * 1000;
  const prs: SimPrScore[] = [];
  const standings: SimRepoStanding[] = [];
  for (const state of world.repos) {
    const s = state.items;
    const r = state.meta.index;
    const pullsOf = new Map<number, PullFact[]>();
    // Token scores where the hub's token-score job computes them: merged inside the window by merge time, open by creation.
    const from = windowStart(now, policies[r]!.scoring.prLookbackDays) / 1000;
    for (let i = 0; i < s.count; i++) {
      if (!s.isPr(i) || !s.isLive(i) || !byUser.has(s.author[i]!)) continue;
      const scored = s.merged[i]! > 0 ? s.merged[i]! >= from : s.has(i, F_OPEN) && s.created[i]! >= from;
      const fact = simPullFact(world, state, i, scored ? tokens.of(state, i + 1) : NO_TOKENS);
      pullsOf.set(s.author[i]!, [...(pullsOf.get(s.author[i]!) ?? []), fact]);
    }
    for (const [userIndex, pulls] of pullsOf) {
      const user = world.users.get(userIndex);
      const registered = byUser.get(userIndex)!;
      const identity: MinerIdentity = { login: user.login, githubId: String(user.id), ...(registered.some((m) => m.shared) ? { duplicateAccount: true } : {}) };
      const standing = evaluateRepo(policies[r]!, now, identity, pulls, []);
      for (const m of registered) standings.push({ miner: m, repoIndex: r, standing });
      const facts = new Map(pulls.map((p) => [p.number, p]));
      for (const p of standing.pulls) {
        if (p.excluded !== null) continue;
        const f = facts.get(p.number)!;
        prs.push({
          repository: fullNameOf(state.meta),
          repoIndex: r,
          number: p.number,
          userIndex,
          state: STATE[p.state],
          createdAt: f.createdAt / 1000,
          mergedAt: f.mergedAt === null ? null : f.mergedAt / 1000,
          closedAt: f.state === 'merged' ? (s.closed[p.number - 1]! || null) : f.closedAt === null ? null : f.closedAt / 1000,
          tokenScore: round2(p.tokenScore),
          baseScore: round2(p.base),
          issueMultiplier: p.multipliers.issue,
          labelMultiplier: p.multipliers.label,
          timeDecayMultiplier: p.multipliers.decay,
          reviewQualityMultiplier: p.multipliers.review,
          openPrSpamMultiplier: p.multipliers.spam,
          score: round2(p.earned),
          collateralScore: round2(p.collateral),
          linkedIssues: f.linkedIssues.map((l) => l.number),
        });
      }
    }
  }
  prs.sort((a, b) => a.repoIndex - b.repoIndex || a.number - b.number);
  return { prs, standings };
}

/** A miner's totals over its standings (all repositories, or one). */
export function totalsOf(miner: SimMiner, standings: readonly SimRepoStanding[]): SimMinerTotals {
  const mine = standings.filter((x) => x.miner.uid === miner.uid).map((x) => x.standing);
  const sum = (xs: number[]) => round2(xs.reduce((a, b) => a + b, 0));
  const merged = sum(mine.map((x) => x.merged));
  const closed = sum(mine.map((x) => x.closed));
  const eligible = mine.some((x) => x.eligible);
  const blocked = mine.flatMap((x) => x.blockedBy);
  return {
    miner,
    totalScore: sum(mine.map((x) => x.total)),
    baseTotalScore: sum(mine.flatMap((x) => x.pulls.filter((p) => p.state === 'merged' && p.excluded === null).map((p) => p.base))),
    totalOpenPrs: sum(mine.map((x) => x.open)),
    totalClosedPrs: closed,
    totalMergedPrs: merged,
    credibility: merged + closed === 0 ? 0 : round2(merged / (merged + closed)),
    isEligible: eligible,
    totalCollateralScore: sum(mine.map((x) => x.collateral)),
    failedReason: eligible ? null : (blocked[0]?.detail ?? null),
  };
}
