import type { Kysely } from 'kysely';
import type { DB } from '../src/db/schema.ts';
import { issueAnswersQuery, pullAnswersQuery, type BatchQuery } from '../src/github/closing-refs.graphql.ts';
import { ISSUES_PER_QUERY, PULLS_PER_QUERY } from '../src/sync/graphql.step.ts';

/**
 * The sync's two reading limits, over the requests the sync itself made: the
 * pages it fetched (the simulator's log of its GETs, replayed in order) and its
 * GraphQL queries (rebuilt from the store with the sync's own query builders,
 * graphqlReplays; the log keeps no request bodies): a plain `fetch` of them (Node's
 * fetch, the client the hub's gateway calls, with the gateway's token and Accept
 * headers, `lanes` requests in flight as the sync runs two repositories at a time),
 * each answer read to its last byte and dropped; then `JSON.parse` of the same
 * answers' text, timed call by call (the answers are fetched again, one at a time,
 * and only the parses are on the clock, so no more than one answer is held). Both
 * are given in items/s of the items the sync stored, the unit of the sync's own rate.
 */
export interface SyncPage {
  path: string;
  query: Record<string, string>;
}

/** One GraphQL query as the sync sends it (`{query, variables}` posted to `/graphql`). */
export interface GraphqlReplay {
  query: string;
  variables: Record<string, unknown>;
}

export interface FetchLimits {
  pages: number;
  graphql_requests: number;
  megabytes: number;
  plain_fetch_items_per_s: number;
  json_parse_items_per_s: number;
}

export async function runFetchLimits(baseUrl: string, pages: SyncPage[], graphql: readonly GraphqlReplay[], items: number, lanes = 2): Promise<FetchLimits> {
  const base = new URL(baseUrl);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(base.hostname)) throw new Error('the fetch limit reads from a simulator on loopback only');
  const gets = pages.map((p) => {
    const u = new URL(p.path, base);
    for (const [k, v] of Object.entries(p.query)) u.searchParams.set(k, v);
    return { url: u.toString(), body: null as string | null };
  });
  const graphqlUrl = new URL('/graphql', base).toString();
  const requests = gets.concat(graphql.map((g) => ({ url: graphqlUrl, body: JSON.stringify(g) })));
  const headers = { accept: 'application/vnd.github+json', authorization: 'token bench-token' };
  const get = async (r: { url: string; body: string | null }): Promise<string> => {
    const res = await fetch(r.url, r.body === null ? { headers } : { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: r.body });
    const text = await res.text();
    if (!res.ok) throw new Error(`plain fetch of ${r.url}: ${res.status}`);
    // A GraphQL error answers 200: a replay the simulator refused would measure nothing.
    if (r.body !== null && text.startsWith('{"errors"')) throw new Error(`plain fetch of ${r.url}: ${text.slice(0, 200)}`);
    return text;
  };

  let bytes = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < requests.length) bytes += Buffer.byteLength(await get(requests[next++]!));
    }),
  );
  const fetchSeconds = (performance.now() - started) / 1000;

  let parseMs = 0;
  for (const r of requests) {
    const text = await get(r);
    const at = performance.now();
    JSON.parse(text);
    parseMs += performance.now() - at;
  }
  return {
    pages: gets.length,
    graphql_requests: graphql.length,
    megabytes: Math.round(bytes / 1e5) / 10,
    plain_fetch_items_per_s: Math.round(items / fetchSeconds),
    json_parse_items_per_s: Math.round(items / (parseMs / 1000)),
  };
}

/**
 * The GraphQL queries a first sync of the store's repositories sends: every pull
 * request's answer (fields, links, facts), `PULLS_PER_QUERY` a query, and every
 * closed issue's, `ISSUES_PER_QUERY` a query, built by the sync's own query
 * builders. Follow-up pages of connections longer than their first page (over 10
 * closing references, 100 reviews or label events) are not among them.
 */
export async function graphqlReplays(db: Kysely<DB>): Promise<GraphqlReplay[]> {
  const out: GraphqlReplay[] = [];
  for (const repo of await db.selectFrom('repos').select(['id', 'full_name']).orderBy('id').execute()) {
    const [owner, name] = repo.full_name.split('/') as [string, string];
    const numbers = async (pulls: boolean) =>
      (
        await db
          .selectFrom('items')
          .select('number')
          .where('repo_id', '=', repo.id)
          .where('is_pull', '=', pulls ? 1 : 0)
          .$if(!pulls, (q) => q.where('state', '=', 'closed').where('gone', 'is', null))
          .orderBy('number')
          .execute()
      ).map((r) => r.number);
    const add = (all: number[], per: number, build: (n: number[]) => BatchQuery) => {
      for (let i = 0; i < all.length; i += per) {
        const { query, variables } = build(all.slice(i, i + per));
        out.push({ query, variables: { ...variables, owner, name } });
      }
    };
    add(await numbers(true), PULLS_PER_QUERY, pullAnswersQuery);
    add(await numbers(false), ISSUES_PER_QUERY, issueAnswersQuery);
  }
  return out;
}
