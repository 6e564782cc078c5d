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

async function run<T>(octokit: HubOctokitInstance, query: string, variables: Record<string, unknown>): Promise<T> {
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

/**
 * GitHub's own answer to "which issues does this pull request close":
 * `closingIssuesReferences`, keyword and sidebar links together. Many pull
 * requests are asked in one query (aliases); a connection longer than the first
 * page is followed with its cursor, 100 at a time. A pull request GitHub does not
 * know answers null.
 */
export async function fetchClosingRefs(octokit: HubOctokitInstance, owner: string, name: string, numbers: readonly number[]): Promise<Map<number, ClosingRef[] | null>> {
  const out = new Map<number, ClosingRef[] | null>();
  if (numbers.length === 0) return out;
  const fields = numbers
    .map(
      (n) =>
        `pr${n}: pullRequest(number: ${Math.trunc(n)}) { number closingIssuesReferences(first: ${FIRST_PAGE}) { totalCount nodes { number repository { nameWithOwner } } pageInfo { hasNextPage endCursor } } }`,
    )
    .join('\n');
  const query = `query($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { ${fields} } }`;
  const data = await run<{ repository: Record<string, { number: number; closingIssuesReferences: RefConnection } | null> | null }>(octokit, query, { owner, name });

  for (const n of numbers) {
    const pr = data.repository?.[`pr${n}`] ?? null;
    if (!pr) {
      out.set(n, null);
      continue;
    }
    const refs = toRefs(pr.closingIssuesReferences);
    let page = pr.closingIssuesReferences.pageInfo;
    while (page.hasNextPage) {
      const more = await run<{ repository: { pullRequest: { closingIssuesReferences: RefConnection } | null } | null }>(
        octokit,
        `query($owner: String!, $name: String!, $number: Int!, $after: String) { repository(owner: $owner, name: $name) { pullRequest(number: $number) { closingIssuesReferences(first: ${NEXT_PAGE}, after: $after) { totalCount nodes { number repository { nameWithOwner } } pageInfo { hasNextPage endCursor } } } } }`,
        { owner, name, number: n, after: page.endCursor },
      );
      const conn = more.repository?.pullRequest?.closingIssuesReferences;
      if (!conn) break;
      refs.push(...toRefs(conn));
      page = conn.pageInfo;
    }
    out.set(n, refs);
  }
  return out;
}
