/**
 * The part of GitHub's GraphQL schema a mirror needs, executed for real by the
 * `graphql` package. Objects below are resolved by graphql-js's default
 * resolver: a property answers a field, a method answers a field with arguments.
 */
import { buildSchema, GraphQLError } from 'graphql';
import { fullNameOf, iso, type ShapeContext } from './repos.ts';
import { itemIds, headRef, pullShas, pullSize } from './shapes.ts';
import { F_DRAFT, F_FROM_FORK, F_HEAD_GONE, F_OPEN, itemKey, REASONS, splitKey } from './store.ts';
import { closingKeys, type ReverseIndex } from './truth.ts';
import { listPage, type SortField } from './listing.ts';
import type { RepoState, World } from './world.ts';
import { LABELS } from './words.ts';

export const SDL = /* GraphQL */ `
  scalar DateTime
  scalar URI
  scalar BigInt
  enum IssueState { OPEN CLOSED }
  enum IssueStateReason { COMPLETED NOT_PLANNED DUPLICATE REOPENED }
  enum PullRequestState { OPEN CLOSED MERGED }
  enum CommentAuthorAssociation { OWNER MEMBER COLLABORATOR CONTRIBUTOR FIRST_TIME_CONTRIBUTOR FIRST_TIMER MANNEQUIN NONE }
  enum OrderDirection { ASC DESC }
  enum IssueOrderField { CREATED_AT UPDATED_AT COMMENTS }
  input IssueOrder { field: IssueOrderField!, direction: OrderDirection! }
  input IssueFilters { since: DateTime, states: [IssueState!] }
  type Query {
    repository(owner: String!, name: String!, followRenames: Boolean = true): Repository
    rateLimit(dryRun: Boolean = false): RateLimit
  }
  type RateLimit { limit: Int!, remaining: Int!, used: Int!, resetAt: DateTime!, cost: Int!, nodeCount: Int! }
  interface Actor { login: String!, url: URI!, avatarUrl: URI! }
  type User implements Actor { login: String!, url: URI!, avatarUrl: URI!, databaseId: Int }
  type Bot implements Actor { login: String!, url: URI!, avatarUrl: URI!, databaseId: Int }
  type Mannequin implements Actor { login: String!, url: URI!, avatarUrl: URI!, databaseId: Int }
  type RepositoryOwner { login: String! }
  type Ref { name: String! }
  type PageInfo { hasNextPage: Boolean!, hasPreviousPage: Boolean!, startCursor: String, endCursor: String }
  type Label { name: String!, color: String! }
  type LabelConnection { totalCount: Int!, nodes: [Label], pageInfo: PageInfo! }
  type Repository {
    id: ID!, databaseId: Int, name: String!, nameWithOwner: String!, owner: RepositoryOwner!, url: URI!,
    isArchived: Boolean!, defaultBranchRef: Ref
    issue(number: Int!): Issue
    pullRequest(number: Int!): PullRequest
    issues(first: Int, after: String, last: Int, before: String, states: [IssueState!], orderBy: IssueOrder, filterBy: IssueFilters): IssueConnection!
    pullRequests(first: Int, after: String, last: Int, before: String, states: [PullRequestState!], baseRefName: String, orderBy: IssueOrder): PullRequestConnection!
  }
  type Issue {
    id: ID!, databaseId: Int, number: Int!, title: String!, body: String!, url: URI!, state: IssueState!,
    stateReason: IssueStateReason, createdAt: DateTime!, updatedAt: DateTime!, closedAt: DateTime,
    author: Actor, authorAssociation: CommentAuthorAssociation!, repository: Repository!, lastEditedAt: DateTime
    labels(first: Int, after: String, last: Int, before: String): LabelConnection
    timelineItems(first: Int, after: String, last: Int, before: String, itemTypes: [IssueTimelineItemsItemType!]): IssueTimelineItemsConnection!
    closedByPullRequestsReferences(first: Int, after: String, last: Int, before: String, includeClosedPrs: Boolean = false, orderByState: Boolean = false, userLinkedOnly: Boolean = false): PullRequestConnection
  }
  type PullRequest {
    id: ID!, databaseId: Int, number: Int!, title: String!, body: String!, url: URI!, state: PullRequestState!,
    isDraft: Boolean!, merged: Boolean!, mergedAt: DateTime, createdAt: DateTime!, updatedAt: DateTime!, closedAt: DateTime,
    baseRefName: String!, headRefName: String!, headRepository: Repository, author: Actor, authorAssociation: CommentAuthorAssociation!, repository: Repository!
    headRefOid: String!, baseRefOid: String!, mergedBy: Actor, lastEditedAt: DateTime, additions: Int!, deletions: Int!, changedFiles: Int!
    labels(first: Int, after: String, last: Int, before: String): LabelConnection
    reviews(first: Int, after: String, last: Int, before: String, states: [PullRequestReviewState!]): PullRequestReviewConnection
    timelineItems(first: Int, after: String, last: Int, before: String, itemTypes: [PullRequestTimelineItemsItemType!]): PullRequestTimelineItemsConnection!
    closingIssuesReferences(first: Int, after: String, last: Int, before: String, userLinkedOnly: Boolean = false, orderBy: IssueOrder): IssueConnection
  }
  enum PullRequestReviewState { PENDING COMMENTED APPROVED CHANGES_REQUESTED DISMISSED }
  type PullRequestReview {
    id: ID!, databaseId: Int, fullDatabaseId: BigInt, author: Actor, authorAssociation: CommentAuthorAssociation!, state: PullRequestReviewState!,
    submittedAt: DateTime, createdAt: DateTime!
  }
  type PullRequestReviewConnection { totalCount: Int!, nodes: [PullRequestReview], pageInfo: PageInfo! }
  enum PullRequestTimelineItemsItemType { LABELED_EVENT CLOSED_EVENT MERGED_EVENT }
  enum IssueTimelineItemsItemType { LABELED_EVENT CLOSED_EVENT }
  type LabeledEvent { id: ID!, createdAt: DateTime!, actor: Actor, label: Label! }
  type MergedEvent { id: ID!, createdAt: DateTime!, actor: Actor }
  type Commit { oid: String! }
  union Closer = Commit | PullRequest
  type ClosedEvent { id: ID!, createdAt: DateTime!, actor: Actor, stateReason: IssueStateReason, closer: Closer }
  union PullRequestTimelineItems = LabeledEvent | ClosedEvent | MergedEvent
  union IssueTimelineItems = LabeledEvent | ClosedEvent
  type PullRequestTimelineItemsConnection { totalCount: Int!, nodes: [PullRequestTimelineItems], pageInfo: PageInfo! }
  type IssueTimelineItemsConnection { totalCount: Int!, nodes: [IssueTimelineItems], pageInfo: PageInfo! }
  type IssueEdge { cursor: String!, node: Issue }
  type IssueConnection { totalCount: Int!, nodes: [Issue], edges: [IssueEdge], pageInfo: PageInfo! }
  type PullRequestEdge { cursor: String!, node: PullRequest }
  type PullRequestConnection { totalCount: Int!, nodes: [PullRequest], edges: [PullRequestEdge], pageInfo: PageInfo! }
`;

export const schema = buildSchema(SDL);

export interface GqlContext {
  world: World;
  reverse: ReverseIndex;
  shape: ShapeContext;
}

interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

const cursorOf = (i: number) => Buffer.from(`cursor:v2:${i}`).toString('base64');
function positionOf(cursor: string, field: string): number {
  const m = /^cursor:v2:(\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'));
  if (!m) throw new GraphQLError(`\`${cursor}\` does not appear to be a valid cursor.`, { extensions: { type: 'INVALID_CURSOR_ARGUMENTS', field } });
  return Number(m[1]);
}

/** Relay connection over an in-memory list; cursors are positions in it. */
export function connection<T, N>(all: readonly T[], args: PageArgs, field: string, node: (t: T) => N) {
  let start = args.after ? positionOf(args.after, field) + 1 : 0;
  let end = args.before ? positionOf(args.before, field) : all.length;
  end = Math.min(end, all.length);
  if (args.first != null) end = Math.min(end, start + args.first);
  else if (args.last != null) start = Math.max(start, end - args.last);
  const slice = all.slice(start, end);
  const edges = slice.map((t, k) => ({ cursor: cursorOf(start + k), node: node(t) }));
  return {
    totalCount: all.length,
    nodes: edges.map((e) => e.node),
    edges,
    pageInfo: { hasNextPage: end < all.length && (args.before ? end < positionOf(args.before, field) : true), hasPreviousPage: start > 0, startCursor: edges[0]?.cursor ?? null, endCursor: edges[edges.length - 1]?.cursor ?? null },
  };
}

function notFound(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { type: 'NOT_FOUND' } });
}

function actor(c: GqlContext, userIndex: number) {
  const u = c.world.users.get(userIndex);
  const login = u.type === 'Bot' ? u.login.replace(/\[bot\]$/, '') : u.login;
  return { __typename: u.type === 'Organization' ? 'User' : u.type, login, url: `${c.shape.htmlBase}/${u.login}`, avatarUrl: `https://avatars.githubusercontent.com/u/${u.id}?v=4`, databaseId: u.id };
}

function labelConnection(state: RepoState, i: number, args: PageArgs) {
  const list: Array<{ name: string; color: string }> = [];
  const mask = state.items.labels[i]!;
  state.meta.labels.forEach((li, bit) => {
    if (mask & (1 << bit)) list.push({ name: LABELS[li]!.name, color: LABELS[li]!.color });
  });
  return connection(list, args, 'labels', (l) => l);
}

export class RepositoryNode {
  constructor(
    private readonly c: GqlContext,
    readonly rs: RepoState,
  ) {}
  get id() { return `R_kgDO${Buffer.from(String(this.rs.meta.id)).toString('base64url')}`; }
  get databaseId() { return this.rs.meta.id; }
  get name() { return this.rs.meta.name; }
  get nameWithOwner() { return fullNameOf(this.rs.meta); }
  get owner() { return { login: this.rs.meta.owner }; }
  get url() { return `${this.c.shape.htmlBase}/${fullNameOf(this.rs.meta)}`; }
  get isArchived() { return this.rs.meta.archived; }
  get defaultBranchRef() { return { name: this.rs.meta.defaultBranch }; }

  issue({ number }: { number: number }) {
    const s = this.rs.items;
    if (!s.isLive(number - 1) || s.isPr(number - 1)) throw notFound(`Could not resolve to an Issue with the number of ${number}.`);
    return new IssueNode(this.c, this.rs, number - 1);
  }

  pullRequest({ number }: { number: number }) {
    if (!this.rs.items.isPr(number - 1)) throw notFound(`Could not resolve to a PullRequest with the number of ${number}.`);
    return new PullRequestNode(this.c, this.rs, number - 1);
  }

  issues(args: PageArgs & { states?: string[] | null; orderBy?: { field: string; direction: string } | null; filterBy?: { since?: string | null; states?: string[] | null } | null }) {
    const states = args.states ?? args.filterBy?.states ?? null;
    const since = args.filterBy?.since ? Math.floor(Date.parse(args.filterBy.since) / 1000) : 0;
    const s = this.rs.items;
    const list = this.ordered(args.orderBy, (i) => s.isLive(i) && !s.isPr(i) && s.updated[i]! >= since && (!states || states.includes(s.has(i, F_OPEN) ? 'OPEN' : 'CLOSED')));
    return connection(list, args, 'issues', (i) => new IssueNode(this.c, this.rs, i));
  }

  pullRequests(args: PageArgs & { states?: string[] | null; baseRefName?: string | null; orderBy?: { field: string; direction: string } | null }) {
    const s = this.rs.items;
    const stateOf = (i: number) => (s.merged[i]! > 0 ? 'MERGED' : s.has(i, F_OPEN) ? 'OPEN' : 'CLOSED');
    const list = this.ordered(args.orderBy, (i) => s.isPr(i) && (!args.states || args.states.includes(stateOf(i))) && (!args.baseRefName || this.rs.meta.branches[s.base[i]!] === args.baseRefName));
    return connection(list, args, 'pullRequests', (i) => new PullRequestNode(this.c, this.rs, i));
  }

  private ordered(orderBy: { field: string; direction: string } | null | undefined, filter: (i: number) => boolean): number[] {
    const sort: SortField = orderBy?.field === 'UPDATED_AT' ? 'updated' : orderBy?.field === 'COMMENTS' ? 'comments' : 'created';
    return listPage(this.c.world, this.rs, { sort, direction: orderBy?.direction === 'DESC' ? 'desc' : 'asc', perPage: Number.MAX_SAFE_INTEGER, filter }).items;
  }
}

abstract class ItemNode {
  constructor(
    protected readonly c: GqlContext,
    protected readonly rs: RepoState,
    protected readonly i: number,
  ) {}
  protected get s() { return this.rs.items; }
  get number() { return this.i + 1; }
  get databaseId() { return itemIds(this.c.world, this.rs, this.i + 1).id; }
  get title() { return this.c.world.title(this.rs, this.i); }
  get body() { return this.c.world.body(this.rs, this.i).text ?? ''; }
  get createdAt() { return iso(this.s.created[this.i]!); }
  get updatedAt() { return iso(this.s.updated[this.i]!); }
  get closedAt() { return this.s.closed[this.i]! ? iso(this.s.closed[this.i]!) : null; }
  get author() { return actor(this.c, this.s.author[this.i]!); }
  get authorAssociation() { return this.c.world.users.associationOf(this.s.author[this.i]!, this.rs.meta.index, this.c.world.seed); }
  get repository() { return new RepositoryNode(this.c, this.rs); }
  get lastEditedAt() {
    const at = this.c.world.facts.lastEditedAt(this.rs, this.i);
    return at === null ? null : iso(at);
  }
  labels(args: PageArgs) { return labelConnection(this.rs, this.i, args); }

  /** LABELED_EVENT (the latest of each label carried) and CLOSED_EVENT/MERGED_EVENT items, oldest first. */
  timelineItems(args: PageArgs & { itemTypes?: string[] | null }) {
    const want = (t: string) => !args.itemTypes || args.itemTypes.includes(t);
    const world = this.c.world;
    const items: Array<{ at: number; node: Record<string, unknown> }> = [];
    const idOf = (kind: string, n: number) => `${kind}_${Buffer.from(`${this.rs.meta.id}:${this.i + 1}:${n}`).toString('base64url')}`;
    if (want('LABELED_EVENT')) {
      for (const ev of world.facts.labelEvents(this.rs, this.i)) {
        const spec = LABELS[this.rs.meta.labels[ev.bit]!]!;
        items.push({ at: ev.at, node: { __typename: 'LabeledEvent', id: idOf('LE', ev.bit), createdAt: iso(ev.at), actor: actor(this.c, ev.actor), label: { name: spec.name, color: spec.color } } });
      }
    }
    for (const ev of this.stateEvents()) if (want(ev.type)) items.push({ at: ev.at, node: ev.node });
    items.sort((a, b) => a.at - b.at);
    return connection(items, args, 'timelineItems', (x) => x.node);
  }

  protected abstract stateEvents(): Array<{ type: string; at: number; node: Record<string, unknown> }>;
}

export class IssueNode extends ItemNode {
  get id() { return itemIds(this.c.world, this.rs, this.i + 1).issueNodeId; }
  get url() { return `${this.c.shape.htmlBase}/${fullNameOf(this.rs.meta)}/issues/${this.i + 1}`; }
  get state() { return this.s.has(this.i, F_OPEN) ? 'OPEN' : 'CLOSED'; }
  get stateReason() { return REASONS[this.s.reason[this.i]!]?.toUpperCase() ?? null; }

  protected stateEvents() {
    const closer = this.c.world.facts.closer(this.rs, this.i);
    if (!closer) return [];
    const pr = closer.pr ? new PullRequestNode(this.c, this.c.world.repos[closer.pr.repoIndex]!, closer.pr.number - 1) : null;
    const node = { __typename: 'ClosedEvent', id: `CE_${Buffer.from(`${this.rs.meta.id}:${this.i + 1}`).toString('base64url')}`, createdAt: iso(closer.at), actor: actor(this.c, closer.actor), stateReason: this.stateReason, closer: pr };
    return [{ type: 'CLOSED_EVENT', at: closer.at, node }];
  }

  closedByPullRequestsReferences(args: PageArgs & { includeClosedPrs?: boolean; userLinkedOnly?: boolean }) {
    let prs = this.c.reverse.closedBy(this.rs, this.i + 1, args.includeClosedPrs ?? false);
    if (args.userLinkedOnly) {
      const self = itemKey(this.rs.meta.index, this.i + 1);
      prs = prs.filter((p) => closingKeys(this.c.world, this.c.world.repo(p.repo), p.number).manual.includes(self));
    }
    return connection(prs, args, 'closedByPullRequestsReferences', (p) => new PullRequestNode(this.c, this.c.world.repo(p.repo), p.number - 1));
  }
}

export class PullRequestNode extends ItemNode {
  /** Resolves the `Closer` union. */
  readonly __typename = 'PullRequest';
  get id() { return itemIds(this.c.world, this.rs, this.i + 1).pullNodeId; }
  get url() { return `${this.c.shape.htmlBase}/${fullNameOf(this.rs.meta)}/pull/${this.i + 1}`; }
  get state() { return this.merged ? 'MERGED' : this.s.has(this.i, F_OPEN) ? 'OPEN' : 'CLOSED'; }
  get isDraft() { return this.s.has(this.i, F_DRAFT); }
  get merged() { return this.s.merged[this.i]! > 0; }
  get mergedAt() { return this.merged ? iso(this.s.merged[this.i]!) : null; }
  get baseRefName() { return this.rs.meta.branches[this.s.base[this.i]!] ?? this.rs.meta.defaultBranch; }
  get headRefName() { return headRef(this.c.world, this.rs, this.i); }
  get headRefOid() { return pullShas(this.c.world, this.rs, this.i).head; }
  /** The repository the head branch lives in: the base repository, the author's fork, or null once the fork is deleted (REST `head.repo`). */
  get headRepository() {
    if (this.s.has(this.i, F_HEAD_GONE)) return null;
    if (!this.s.has(this.i, F_FROM_FORK)) return this.repository;
    const login = this.c.world.users.get(this.s.author[this.i]!).login;
    const name = this.rs.meta.name;
    return { name, nameWithOwner: `${login}/${name}`, owner: { login }, url: `${this.c.shape.htmlBase}/${login}/${name}`, isArchived: false, defaultBranchRef: { name: this.rs.meta.defaultBranch } };
  }
  get baseRefOid() { return pullShas(this.c.world, this.rs, this.i).base; }
  get mergedBy() {
    const by = this.c.world.facts.mergedBy(this.rs, this.i);
    return by === null ? null : actor(this.c, by);
  }
  get additions() { return this.size.additions; }
  get deletions() { return this.size.deletions; }
  get changedFiles() { return this.size.changedFiles; }
  /** The three size fields from one pass over the files: a node lives for one answer, in which the head does not move. */
  private sizeOnce?: ReturnType<typeof pullSize>;
  private get size() { return (this.sizeOnce ??= pullSize(this.c.world, this.rs, this.i)); }

  reviews(args: PageArgs & { states?: string[] | null }) {
    const world = this.c.world;
    const list = world.facts.reviews(this.rs, this.i).filter((r) => !args.states || args.states.includes(r.state));
    return connection(list, args, 'reviews', (r) => ({
      id: `PRR_kwDO${Buffer.from(String(r.id)).toString('base64url')}`,
      // GraphQL's Int is 32-bit: larger ids answer null there and in full as fullDatabaseId, as on GitHub.
      databaseId: r.id < 2 ** 31 ? r.id : null,
      fullDatabaseId: String(r.id),
      author: actor(this.c, r.user),
      authorAssociation: world.users.associationOf(r.user, this.rs.meta.index, world.seed),
      state: r.state,
      submittedAt: iso(r.at),
      createdAt: iso(r.at),
    }));
  }

  protected stateEvents() {
    const s = this.s;
    const by = this.c.world.facts.mergedBy(this.rs, this.i);
    const out: Array<{ type: string; at: number; node: Record<string, unknown> }> = [];
    const id = (k: string) => `${k}_${Buffer.from(`${this.rs.meta.id}:${this.i + 1}`).toString('base64url')}`;
    if (by !== null) out.push({ type: 'MERGED_EVENT', at: s.merged[this.i]!, node: { __typename: 'MergedEvent', id: id('ME'), createdAt: iso(s.merged[this.i]!), actor: actor(this.c, by) } });
    if (s.closed[this.i]) {
      const who = by ?? s.author[this.i]!;
      out.push({ type: 'CLOSED_EVENT', at: s.closed[this.i]!, node: { __typename: 'ClosedEvent', id: id('CE'), createdAt: iso(s.closed[this.i]!), actor: actor(this.c, who), stateReason: null, closer: null } });
    }
    return out;
  }

  closingIssuesReferences(args: PageArgs & { userLinkedOnly?: boolean }) {
    const k = closingKeys(this.c.world, this.rs, this.i + 1);
    const keys = args.userLinkedOnly ? k.manual : [...k.keyword, ...k.manual.filter((m) => !k.keyword.includes(m))];
    return connection(keys, args, 'closingIssuesReferences', (key) => {
      const { repoIndex, number } = splitKey(key);
      return new IssueNode(this.c, this.c.world.repos[repoIndex]!, number - 1);
    });
  }
}
