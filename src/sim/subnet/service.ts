/**
 * The subnet's three services, simulated over the simulated GitHub's world and
 * served by the simulator's own server under `/subnet/api`, `/subnet/mirror` and
 * `/subnet/prices` (the server's fault injection applies to them as to GitHub's
 * routes). The API answers in camelCase with numbers as decimal strings, as the
 * real one does; `/repos/{r}/miners` answers in snake_case, as services vary; the
 * mirror answers in snake_case and enforces its rate limit (50 per 10 s).
 */
import { fullNameOf } from '../repos.ts';
import type { Reply } from '../routes.ts';
import type { World } from '../world.ts';
import { simMiners, type SimMiner } from './identity.ts';
import { maintainersOf, minerPulls, pullFiles } from './mirror.ts';
import { MINER_POOL, simPrices } from './prices.ts';
import type { Grammars } from '../../core/tokens/index.ts';
import { simScores, SimTokenScores, totalsOf, type SimPrScore, type SimRepoStanding, type SimScores } from './scores.ts';

export const NETUID = 74;

/** Edits an answer before it goes out: a test's way of sending a malformed one. */
export type Tamper = (body: unknown) => unknown;

interface TamperRule {
  match: string | RegExp;
  fn: Tamper;
  left: number;
}

const dec = (v: number, digits = 4) => v.toFixed(digits);
const iso = (sec: number) => new Date(sec * 1000).toISOString().replace('.000Z', 'Z');
const notFound = (): Reply => ({ status: 404, body: { detail: 'Not Found' } });

export class SubnetSim {
  private tampers: TamperRule[] = [];
  private mirrorCalls: number[] = [];
  mirrorLimit = { requests: 50, perMs: 10_000 };
  /** Mirror requests refused with 429 since start. */
  mirrorRefused = 0;

  private readonly tokens: SimTokenScores;
  private scored: { key: string; value: SimScores } | null = null;

  constructor(
    private readonly world: World,
    grammars: Grammars,
  ) {
    this.tokens = new SimTokenScores(world, grammars);
  }

  /** The registered miners (uid order). */
  miners(): SimMiner[] {
    return simMiners(this.world);
  }

  /**
   * The rules' answers at the simulator's now, computed on first request and kept
   * until the world or its clock moves (token scores are kept per head commit).
   */
  scores(): SimScores {
    const key = `${this.world.nowSec}:${this.world.repos.map((r) => r.version).join(',')}:${this.world.users.users.length}`;
    if (this.scored?.key !== key) this.scored = { key, value: simScores(this.world, this.tokens) };
    return this.scored.value;
  }

  prScores(): SimPrScore[] {
    return this.scores().prs;
  }

  prices() {
    return simPrices(this.world.nowSec);
  }

  /** A miner's GitHub account changes its login (same id), in GitHub's answers too. */
  renameLogin(githubId: number, login: string): void {
    const user = this.world.users.users.find((u) => u.id === githubId);
    if (!user) throw new Error(`no simulated user with id ${githubId}`);
    this.world.users.rename(user.index, login);
  }

  /**
   * Passes the next `times` answers (default: every one) of paths matching `match`
   * (a substring of the path after `/subnet`, or a pattern) through `fn`.
   */
  tamper(match: string | RegExp, fn: Tamper, times = Infinity): () => void {
    const rule: TamperRule = { match, fn, left: times };
    this.tampers.push(rule);
    return () => {
      this.tampers = this.tampers.filter((r) => r !== rule);
    };
  }

  clearTampers(): void {
    this.tampers = [];
  }

  /** Answers a `/subnet/…` request; null for other paths. */
  route(path: string, query: URLSearchParams): Reply | null {
    if (!path.startsWith('/subnet/')) return null;
    const sub = path.slice('/subnet'.length);
    let reply: Reply;
    if (sub.startsWith('/api/')) reply = this.api(sub.slice(4));
    else if (sub.startsWith('/mirror/')) reply = this.mirror(sub.slice(7));
    else if (sub.startsWith('/prices/')) reply = this.priceRoute(sub.slice(7), query);
    else reply = notFound();
    if (reply.status !== 200) return reply;
    for (const t of this.tampers) {
      const hit = typeof t.match === 'string' ? sub.includes(t.match) : t.match.test(sub);
      if (!hit || t.left <= 0) continue;
      t.left--;
      reply = { ...reply, body: t.fn(structuredClone(reply.body)) };
    }
    return reply;
  }

  private minerShape(m: SimMiner, standings: readonly SimRepoStanding[], rewards: Map<number, number>) {
    const t = totalsOf(m, standings);
    const user = this.world.users.get(m.userIndex);
    const p = this.prices();
    const alpha = rewards.get(m.uid) ?? 0;
    return {
      uid: m.uid,
      hotkey: m.hotkey,
      githubId: String(user.id),
      githubUsername: user.login,
      failedReason: t.failedReason,
      totalScore: dec(t.totalScore),
      baseTotalScore: dec(t.baseTotalScore),
      totalOpenPrs: t.totalOpenPrs,
      totalClosedPrs: t.totalClosedPrs,
      totalMergedPrs: t.totalMergedPrs,
      isEligible: t.isEligible,
      credibility: dec(t.credibility),
      totalCollateralScore: dec(t.totalCollateralScore),
      issueDiscoveryScore: '0.0000',
      isIssueEligible: false,
      alphaPerDay: dec(alpha),
      taoPerDay: dec(alpha * p.alphaTao, 6),
      usdPerDay: dec(alpha * p.alphaTao * p.taoUsd, 2),
      // The last 2-hour scoring round.
      evaluatedAt: iso(Math.floor(this.world.nowSec / 7200) * 7200),
    };
  }

  /** Alpha per day by uid: the miners' pool split by score among eligible miners. */
  private rewards(miners: readonly SimMiner[], standings: readonly SimRepoStanding[]): Map<number, number> {
    const scores = miners.map((m) => {
      const t = totalsOf(m, standings);
      return [m.uid, t.isEligible ? t.totalScore : 0] as const;
    });
    const total = scores.reduce((a, [, s]) => a + s, 0);
    const pool = this.prices().emissionPerDay * MINER_POOL;
    return new Map(scores.map(([uid, s]) => [uid, total > 0 ? (pool * s) / total : 0]));
  }

  private api(p: string): Reply {
    const miners = this.miners();
    const { prs, standings } = this.scores();
    if (p === '/miners') {
      const rewards = this.rewards(miners, standings);
      return { status: 200, body: miners.map((m) => this.minerShape(m, standings, rewards)) };
    }
    const one = /^\/miners\/([^/]+)$/.exec(p);
    if (one) {
      const m = miners.find((x) => String(this.world.users.get(x.userIndex).id) === decodeURIComponent(one[1]!));
      if (!m) return notFound();
      const repositories = this.world.repos
        .map((state) => {
          const t = totalsOf(m, standings.filter((x) => x.repoIndex === state.meta.index));
          return { repositoryFullName: fullNameOf(state.meta), totalMergedPrs: t.totalMergedPrs, totalClosedPrs: t.totalClosedPrs, totalOpenPrs: t.totalOpenPrs, isEligible: t.isEligible, credibility: dec(t.credibility), totalScore: dec(t.totalScore) };
        })
        .filter((r) => r.totalMergedPrs + r.totalClosedPrs + r.totalOpenPrs > 0);
      return { status: 200, body: { ...this.minerShape(m, standings, this.rewards(miners, standings)), repositories } };
    }
    if (p === '/prs') {
      return {
        status: 200,
        body: prs.map((x) => ({
          pullRequestNumber: x.number,
          repository: x.repository,
          githubId: String(this.world.users.get(x.userIndex).id),
          prState: x.state,
          mergedAt: x.mergedAt === null ? null : iso(x.mergedAt),
          score: dec(x.score),
          baseScore: dec(x.baseScore),
          collateralScore: dec(x.collateralScore),
          tokenScore: dec(x.tokenScore, 2),
          labelMultiplier: dec(x.labelMultiplier, 2),
          issueMultiplier: dec(x.issueMultiplier, 2),
          timeDecayMultiplier: dec(x.timeDecayMultiplier, 2),
          reviewQualityMultiplier: dec(x.reviewQualityMultiplier, 2),
          openPrSpamMultiplier: dec(x.openPrSpamMultiplier, 2),
          linkedIssues: x.linkedIssues,
        })),
      };
    }
    if (p === '/dash/repos') {
      return {
        status: 200,
        body: this.world.repos.map((state) => {
          const mine = prs.filter((x) => x.repoIndex === state.meta.index);
          const merged = mine.filter((x) => x.state === 'MERGED');
          const here = standings.filter((x) => x.repoIndex === state.meta.index);
          return {
            repository: fullNameOf(state.meta),
            totalScore: dec(here.reduce((a, x) => a + x.standing.total, 0)),
            totalMergedPrs: merged.length,
            totalOpenPrs: mine.filter((x) => x.state === 'OPEN').length,
            minerCount: new Set(mine.map((x) => x.userIndex)).size,
          };
        }),
      };
    }
    const repoMiners = /^\/repos\/([^/]+)\/miners$/.exec(p);
    if (repoMiners) {
      const found = this.world.lookup(decodeURIComponent(repoMiners[1]!));
      if (!found) return notFound();
      const here = standings.filter((x) => x.repoIndex === found.state.meta.index);
      // Miners with a scored pull request here (one whose pull requests were all dropped is not listed).
      const users = new Set(prs.filter((x) => x.repoIndex === found.state.meta.index).map((x) => x.userIndex));
      return {
        status: 200,
        body: miners
          .filter((m) => users.has(m.userIndex))
          .map((m) => {
            const t = totalsOf(m, here);
            const user = this.world.users.get(m.userIndex);
            return { github_id: user.id, uid: m.uid, github_username: user.login, total_score: dec(t.totalScore), total_merged_prs: t.totalMergedPrs, total_closed_prs: t.totalClosedPrs, total_open_prs: t.totalOpenPrs, is_eligible: t.isEligible, credibility: dec(t.credibility) };
          }),
      };
    }
    return notFound();
  }

  /** A sliding window over real time, one address (the simulator sees loopback only). */
  private overMirrorLimit(): number | null {
    const now = Date.now();
    this.mirrorCalls = this.mirrorCalls.filter((t) => now - t < this.mirrorLimit.perMs);
    if (this.mirrorCalls.length >= this.mirrorLimit.requests) {
      this.mirrorRefused++;
      return Math.max(1, Math.ceil((this.mirrorCalls[0]! + this.mirrorLimit.perMs - now) / 1000));
    }
    this.mirrorCalls.push(now);
    return null;
  }

  private mirror(p: string): Reply {
    const wait = this.overMirrorLimit();
    if (wait !== null) return { status: 429, body: { detail: 'Rate limit exceeded: 50 per 10 seconds' }, headers: { 'retry-after': String(wait) } };
    const maint = /^\/repos\/([^/]+)\/([^/]+)\/maintainers$/.exec(p);
    if (maint) {
      const found = this.world.lookup(`${decodeURIComponent(maint[1]!)}/${decodeURIComponent(maint[2]!)}`);
      return found ? { status: 200, body: { maintainers: maintainersOf(this.world, found.state) } } : notFound();
    }
    const files = /^\/pulls\/([^/]+)\/([^/]+)\/(\d+)\/files$/.exec(p);
    if (files) {
      const found = this.world.lookup(`${decodeURIComponent(files[1]!)}/${decodeURIComponent(files[2]!)}`);
      const n = Number(files[3]);
      if (!found || !found.state.items.isPr(n - 1)) return notFound();
      return { status: 200, body: pullFiles(this.world, found.state, n) };
    }
    const pulls = /^\/miners\/([^/]+)\/pulls$/.exec(p);
    if (pulls) {
      const id = Number(decodeURIComponent(pulls[1]!));
      const user = this.world.users.users.find((u) => u.id === id);
      if (!user || !this.miners().some((m) => m.userIndex === user.index)) return notFound();
      return { status: 200, body: { pulls: minerPulls(this.world, this.prScores(), user.index) } };
    }
    return notFound();
  }

  private priceRoute(p: string, q: URLSearchParams): Reply {
    const now = this.prices();
    if (p === '/alpha') {
      if (q.has('netuid') && q.get('netuid') !== String(NETUID)) return notFound();
      return { status: 200, body: { netuid: NETUID, price: dec(now.alphaTao, 6), alpha_emission_per_day: dec(now.emissionPerDay, 2), timestamp: iso(this.world.nowSec) } };
    }
    // CoinGecko's simple-price shape.
    if (p === '/tao') return { status: 200, body: { bittensor: { usd: now.taoUsd, last_updated_at: this.world.nowSec } } };
    return notFound();
  }
}
