import type { ClosingRef } from '../core/closing-refs.ts';
import type { HubOctokitInstance } from './client.ts';

/** GitHub does not serve GraphQL here (404): the text-derived links stand. */
export class GraphqlUnavailableError extends Error {
  constructor(message = 'GitHub GraphQL is not served at this API URL') {
    super(message);
    this.name = 'GraphqlUnavailableError';
  }
}

interface RefConnection {
  totalCount: number;
  nodes: ({ number: number; repository: { nameWithOwner: string } } | null)[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const FIRST_PAGE = 10;
const NEXT_PAGE = 100;

function toRefs(conn: RefConnection): ClosingRef[] {
  return conn.nodes
    .filter((n): n is NonNullable<typeof n> => n !== null)
    .map((n) => ({ repo: n.repository.nameWithOwner, repoKey: n.repository.nameWithOwner.toLowerCase(), number: n.number }));
}

export async function run<T>(octokit: HubOctokitInstance, query: string, variables: Record<string, unknown>): Promise<T> {
  try {
    return await octokit.graphql<T>(query, variables);
  } catch (err) {
    const e = err as { status?: number; name?: string; data?: T; errors?: { type?: string }[] };
    if (e.status === 404 || e.status === 410) throw new GraphqlUnavailableError();
    // GitHub's GraphQL API needs a token; without one the text links are all there is.
    if (e.status === 401) throw new GraphqlUnavailableError('GitHub GraphQL needs a token');
    // Partial answers (one pull request deleted, say) still carry the rest.
    if (e.name === 'GraphqlResponseError' && e.data && e.errors?.every((x) => x.type === 'NOT_FOUND')) return e.data;
    throw err;
  }
}

export interface GqlActor {
  login: string;
  databaseId?: number | null;
}

interface Conn<T> {
  totalCount?: number;
  nodes: (T | null)[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

export interface GqlReview {
  /** GitHub's BigInt id (a string): `databaseId` is a 32-bit Int and null for larger ids. */
  fullDatabaseId: string | number | null;
  author: GqlActor | null;
  authorAssociation: string | null;
  state: string;
  submittedAt: string | null;
}

export interface GqlLabeled {
  createdAt: string;
  actor: GqlActor | null;
  label: { name: string } | null;
}

/**
 * The pull-request fields `/issues` does not carry (REST `/pulls` has them too):
 * the base and head branches and commits, the head's repository, draft and merged.
 */
export interface PullFields {
  state: 'OPEN' | 'CLOSED' | 'MERGED';
  isDraft: boolean;
  merged: boolean;
  baseRefName: string;
  headRefName: string;
  baseRefOid: string | null;
  headRefOid: string | null;
  /** null once the fork the head lived in is deleted. */
  headRepository: { nameWithOwner: string } | null;
}

/** What one query tells of a pull request: its own fields, its closing references and the facts the subnet's rules read. */
export interface PullAnswer {
  /** null only in answers not from GraphQL (a pull request GitHub did not know). */
  fields: PullFields | null;
  refs: ClosingRef[];
  author: GqlActor | null;
  mergedAt: string | null;
  mergedBy: GqlActor | null;
  lastEditedAt: string | null;
  additions: number | null;
  deletions: number | null;
  changedFiles: number | null;
  reviews: GqlReview[];
  labeled: GqlLabeled[];
}

const ACTOR = 'login ... on User { databaseId } ... on Bot { databaseId } ... on Mannequin { databaseId }';
const REVIEWS = `totalCount nodes { fullDatabaseId author { ${ACTOR} } authorAssociation state submittedAt } pageInfo { hasNextPage endCursor }`;
const LABELED = `nodes { ... on LabeledEvent { createdAt actor { ${ACTOR} } label { name } } } pageInfo { hasNextPage endCursor }`;
const FIELDS = 'state isDraft merged baseRefName headRefName baseRefOid headRefOid headRepository { nameWithOwner }';
const REFS = 'totalCount nodes { number repository { nameWithOwner } } pageInfo { hasNextPage endCursor }';

interface PullNode extends PullFields {
  number: number;
  author: GqlActor | null;
  mergedAt: string | null;
  mergedBy: GqlActor | null;
  lastEditedAt: string | null;
  additions: number;
  deletions: number;
  changedFiles: number;
  closingIssuesReferences: RefConnection;
  reviews: Conn<GqlReview>;
  timelineItems: Conn<GqlLabeled>;
}

type Connection = 'closingIssuesReferences' | 'reviews' | 'timelineItems';
const SELECTIONS: Record<Connection, (after: string) => string> = {
  closingIssuesReferences: (after) => `closingIssuesReferences(first: ${NEXT_PAGE}${after}) { ${REFS} }`,
  reviews: (after) => `reviews(first: ${NEXT_PAGE}${after}) { ${REVIEWS} }`,
  timelineItems: (after) => `timelineItems(first: ${NEXT_PAGE}${after}, itemTypes: [LABELED_EVENT]) { ${LABELED} }`,
};

/** Follows one connection of one pull request past its first page, 100 at a time. */
async function rest<T>(octokit: HubOctokitInstance, owner: string, name: string, number: number, field: Connection, first: Conn<T>, onPoints: (n: number) => void): Promise<T[]> {
  const out = first.nodes.filter((n): n is T => n !== null);
  let page = first.pageInfo;
  while (page.hasNextPage) {
    const more = await run<{ repository: { pullRequest: Record<string, Conn<T>> | null } | null; rateLimit?: { cost: number } }>(
      octokit,
      `query($owner: String!, $name: String!, $number: Int!, $after: String) { repository(owner: $owner, name: $name) { pullRequest(number: $number) { ${SELECTIONS[field](', after: $after')} } } rateLimit { cost } }`,
      { owner, name, number, after: page.endCursor },
    );
    if (more.rateLimit) onPoints(more.rateLimit.cost);
    const conn = more.repository?.pullRequest?.[field];
    if (!conn) break;
    out.push(...conn.nodes.filter((n): n is T => n !== null));
    page = conn.pageInfo;
  }
  return out;
}

/** A query for many numbered objects of one repository, and the variables that say which. */
export interface BatchQuery {
  query: string;
  /** `owner` and `name` are the caller's to add; `n0`, `n1`, … are the numbers asked, in order. */
  variables: Record<string, number>;
}

/**
 * Many objects of one kind in one query: aliases `n0`, `n1`, … with their numbers in
 * variables, and the selection in one fragment, so the query's text depends on how
 * many objects are asked, not which, and the numbers reach the server as typed values
 * rather than spliced text. A server that keeps parsed and validated documents by
 * their text (the simulator keeps the last 64) checks a batch's shape once, and the
 * text stays a few kilobytes: with the selection repeated per alias, 50 pull requests took 51 KB and
 * graphql-js spent about 24 ms validating it (its overlapping-fields rule compares
 * every alias's selection), against 4 KB and 1.6 ms with the fragment.
 */
function batchQuery(field: 'pullRequest' | 'issue', fragment: string, numbers: readonly number[]): BatchQuery {
  const type = field === 'pullRequest' ? 'PullRequest' : 'Issue';
  const variables: Record<string, number> = {};
  const declared: string[] = [];
  const fields: string[] = [];
  numbers.forEach((n, i) => {
    variables[`n${i}`] = Math.trunc(n);
    declared.push(`$n${i}: Int!`);
    fields.push(`n${i}: ${field}(number: $n${i}) { ...Asked }`);
  });
  return {
    query: `query($owner: String!, $name: String!, ${declared.join(', ')}) { repository(owner: $owner, name: $name) { ${fields.join(' ')} } rateLimit { cost } } fragment Asked on ${type} { ${fragment} }`,
    variables,
  };
}

const PULL_SELECTION =
  `number ${FIELDS} author { ${ACTOR} } mergedAt mergedBy { ${ACTOR} } lastEditedAt additions deletions changedFiles ` +
  `closingIssuesReferences(first: ${FIRST_PAGE}) { ${REFS} } reviews(first: ${NEXT_PAGE}) { ${REVIEWS} } timelineItems(first: ${NEXT_PAGE}, itemTypes: [LABELED_EVENT]) { ${LABELED} }`;

/** The query `fetchPullAnswers` sends for these pull requests (add the variables `owner`, `name`); `n<i>` answers `numbers[i]`. */
export function pullAnswersQuery(numbers: readonly number[]): BatchQuery {
  return batchQuery('pullRequest', PULL_SELECTION, numbers);
}

/**
 * GitHub's own answer to "which issues does this pull request close"
 * (`closingIssuesReferences`, keyword and sidebar links together) and, in the
 * same round trip, the pull request's own fields (base and head, draft, merged:
 * what a `/pulls` page would bring: a few dozen bytes where `/pulls` takes about
 * 16 KB) and the facts the subnet's rules read: reviews, labeled events
 * with their actors, merged-by, last edit and size. Many pull requests are asked
 * in one query (aliases); a connection longer than its first page is followed
 * with its cursor, 100 at a time. A pull request GitHub does not know answers
 * null. `onPoints` hears the GraphQL points each query cost.
 */
export async function fetchPullAnswers(octokit: HubOctokitInstance, owner: string, name: string, numbers: readonly number[], onPoints: (n: number) => void = () => {}): Promise<Map<number, PullAnswer | null>> {
  const out = new Map<number, PullAnswer | null>();
  if (numbers.length === 0) return out;
  const { query, variables } = pullAnswersQuery(numbers);
  const data = await run<{ repository: Record<string, PullNode | null> | null; rateLimit?: { cost: number } }>(octokit, query, { ...variables, owner, name });
  if (data.rateLimit) onPoints(data.rateLimit.cost);

  for (const [i, n] of numbers.entries()) {
    const pr = data.repository?.[`n${i}`] ?? null;
    if (!pr) {
      out.set(n, null);
      continue;
    }
    const refs = await rest(octokit, owner, name, n, 'closingIssuesReferences', pr.closingIssuesReferences, onPoints);
    out.set(n, {
      fields: { state: pr.state, isDraft: pr.isDraft, merged: pr.merged, baseRefName: pr.baseRefName, headRefName: pr.headRefName, baseRefOid: pr.baseRefOid ?? null, headRefOid: pr.headRefOid ?? null, headRepository: pr.headRepository ?? null },
      refs: toRefs({ ...pr.closingIssuesReferences, nodes: refs }),
      author: pr.author,
      mergedAt: pr.mergedAt,
      mergedBy: pr.mergedBy,
      lastEditedAt: pr.lastEditedAt,
      additions: pr.additions,
      deletions: pr.deletions,
      changedFiles: pr.changedFiles,
      reviews: await rest(octokit, owner, name, n, 'reviews', pr.reviews, onPoints),
      labeled: (await rest(octokit, owner, name, n, 'timelineItems', pr.timelineItems, onPoints)).filter((e) => e && 'createdAt' in e),
    });
  }
  return out;
}

/** What one query tells of a closed issue: who closed it, with which pull request, and its last edit. */
export interface IssueAnswer {
  author: GqlActor | null;
  stateReason: string | null;
  lastEditedAt: string | null;
  closedBy: GqlActor | null;
  closer: { repo: string; number: number } | null;
}

interface IssueNode {
  author: GqlActor | null;
  stateReason: string | null;
  lastEditedAt: string | null;
  timelineItems: { nodes: ({ actor: GqlActor | null; closer: { __typename: string; number?: number; repository?: { nameWithOwner: string } } | null } | null)[] };
}

const ISSUE_SELECTION =
  `author { ${ACTOR} } stateReason lastEditedAt ` +
  `timelineItems(last: 1, itemTypes: [CLOSED_EVENT]) { nodes { ... on ClosedEvent { actor { ${ACTOR} } closer { __typename ... on PullRequest { number repository { nameWithOwner } } } } } }`;

/** The query `fetchIssueAnswers` sends for these issues (add the variables `owner`, `name`); `n<i>` answers `numbers[i]`. */
export function issueAnswersQuery(numbers: readonly number[]): BatchQuery {
  return batchQuery('issue', ISSUE_SELECTION, numbers);
}

/** The facts of closed issues, many per query: the latest CLOSED_EVENT's actor and closer, the close reason, the last edit. */
export async function fetchIssueAnswers(octokit: HubOctokitInstance, owner: string, name: string, numbers: readonly number[], onPoints: (n: number) => void = () => {}): Promise<Map<number, IssueAnswer | null>> {
  const out = new Map<number, IssueAnswer | null>();
  if (numbers.length === 0) return out;
  const { query, variables } = issueAnswersQuery(numbers);
  const data = await run<{ repository: Record<string, IssueNode | null> | null; rateLimit?: { cost: number } }>(octokit, query, { ...variables, owner, name });
  if (data.rateLimit) onPoints(data.rateLimit.cost);
  for (const [i, n] of numbers.entries()) {
    const issue = data.repository?.[`n${i}`] ?? null;
    if (!issue) {
      out.set(n, null);
      continue;
    }
    const closed = issue.timelineItems.nodes.find((x) => x !== null) ?? null;
    const pr = closed?.closer?.__typename === 'PullRequest' && closed.closer.number !== undefined && closed.closer.repository ? { repo: closed.closer.repository.nameWithOwner, number: closed.closer.number } : null;
    out.set(n, { author: issue.author, stateReason: issue.stateReason, lastEditedAt: issue.lastEditedAt, closedBy: closed?.actor ?? null, closer: pr });
  }
  return out;
}
