/**
 * The dataset as a loader or a test sees it: GitHub-shaped objects streamed one
 * at a time (nothing is materialised up front), plus the ground truth.
 */
import { fullNameOf, fullRepositoryShape, type FullRepository, type ShapeContext } from './repos.ts';
import { issueShape, pullShape, pullSimpleShape, type Issue, type Pull, type PullSimple } from './shapes.ts';
import { SimFacts } from './facts.ts';
import { closingTruth, ReverseIndex, type ClosingTruth, type IssueRef } from './truth.ts';
import type { RepoState, World } from './world.ts';

export interface RepoSummary {
  fullName: string;
  id: number;
  defaultBranch: string;
  branches: string[];
  archived: boolean;
  /** Numbers handed out so far (live, deleted and transferred-away items included). */
  itemCount: number;
  formerNames: string[];
}

export class Dataset {
  /** Issue → PRs index behind closedByPullRequestsReferences; shared with GraphQL. */
  readonly reverse: ReverseIndex;

  constructor(
    readonly world: World,
    readonly ctx: ShapeContext,
  ) {
    this.reverse = new ReverseIndex(world);
    world.facts = new SimFacts(world, this.reverse);
  }

  private state(repo: string): RepoState {
    return this.world.repo(repo);
  }

  repos(): RepoSummary[] {
    return this.world.repos.map((r) => ({
      fullName: fullNameOf(r.meta),
      id: r.meta.id,
      defaultBranch: r.meta.defaultBranch,
      branches: [...r.meta.branches],
      archived: r.meta.archived,
      itemCount: r.items.count,
      formerNames: [...r.meta.formerNames],
    }));
  }

  repository(repo: string): FullRepository {
    const state = this.state(repo);
    const last = this.world.lastUpdated(state);
    return fullRepositoryShape(state.meta, this.ctx, { openIssues: this.world.openCount(state), pushedAt: last, updatedAt: last });
  }

  /** Every live issue and pull request, in number order, shaped as `GET /repos/{o}/{r}/issues` returns them. */
  *items(repo: string): Generator<Issue> {
    const state = this.state(repo);
    for (let i = 0; i < state.items.count; i++) if (state.items.isLive(i)) yield issueShape(this.world, state, i, this.ctx);
  }

  /** Every pull request, shaped as `GET /repos/{o}/{r}/pulls` returns them. */
  *pulls(repo: string): Generator<PullSimple> {
    const state = this.state(repo);
    for (let i = 0; i < state.items.count; i++) if (state.items.isPr(i)) yield pullSimpleShape(this.world, state, i, this.ctx);
  }

  /** Live item numbers, ascending. */
  numbers(repo: string, kind: 'all' | 'issue' | 'pr' = 'all'): number[] {
    const s = this.state(repo).items;
    const out: number[] = [];
    for (let i = 0; i < s.count; i++) {
      if (!s.isLive(i)) continue;
      if (kind === 'all' || (kind === 'pr') === s.isPr(i)) out.push(i + 1);
    }
    return out;
  }

  issue(repo: string, number: number): Issue | undefined {
    const state = this.state(repo);
    return state.items.isLive(number - 1) ? issueShape(this.world, state, number - 1, this.ctx, true) : undefined;
  }

  pull(repo: string, number: number): Pull | undefined {
    const state = this.state(repo);
    return state.items.isPr(number - 1) ? pullShape(this.world, state, number - 1, this.ctx) : undefined;
  }

  /** GitHub's `closingIssuesReferences` for the PR (keyword and manual links). */
  expectedClosingIssues(repo: string, number: number, opts: { userLinkedOnly?: boolean } = {}): IssueRef[] {
    const t = this.closingTruth(repo, number);
    return opts.userLinkedOnly ? t.manual : t.all;
  }

  /** Keyword, manual and external references of a PR, as GitHub would derive them now. */
  closingTruth(repo: string, number: number): ClosingTruth {
    return closingTruth(this.world, this.state(repo), number);
  }

  /** GitHub's `Issue.closedByPullRequestsReferences`: PRs linking the issue, open ones only by default. */
  expectedClosedBy(repo: string, number: number, opts: { includeClosedPrs?: boolean } = {}): IssueRef[] {
    return this.reverse.closedBy(this.state(repo), number, opts.includeClosedPrs ?? false);
  }

  /** The raw text of a PR or issue body (null when GitHub would send null). */
  bodyText(repo: string, number: number): string | null {
    const state = this.state(repo);
    return this.world.body(state, number - 1).text;
  }

  /** Bytes held by the compact item stores (the bulk of the dataset). */
  storeBytes(): number {
    return this.world.memoryBytes();
  }
}
