/**
 * `POST /graphql`: parse, validate, price, charge, execute. The price follows
 * GitHub's published rule in simplified form: every connection costs one call
 * per parent node that may hold it (the product of enclosing `first`/`last`),
 * the total is divided by 100 and rounded, with a minimum of 1.
 */
import { execute, Kind, parse, validate, valueFromASTUntyped, type DocumentNode, type GraphQLError, type SelectionSetNode } from 'graphql';
import { schema, RepositoryNode, type GqlContext } from './graphql-schema.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { ReverseIndex } from './truth.ts';
import type { ShapeContext } from './repos.ts';
import type { World } from './world.ts';

const CONNECTIONS = new Set(['closingIssuesReferences', 'closedByPullRequestsReferences', 'issues', 'pullRequests', 'labels', 'reviews', 'timelineItems']);
const MAX_PAGE = 100;

export interface GitHubGraphqlError {
  type?: string;
  message: string;
  path?: ReadonlyArray<string | number>;
  locations?: ReadonlyArray<{ line: number; column: number }>;
}

export interface Analysis {
  cost: number;
  nodeCount: number;
  dryRun: boolean;
  errors: GitHubGraphqlError[];
}

export function analyse(doc: DocumentNode, variables: Record<string, unknown>, operationName?: string): Analysis {
  const fragments = new Map<string, SelectionSetNode>();
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d.selectionSet);
  const ops = doc.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  const op = operationName ? ops.find((o) => o.name?.value === operationName) : ops[0];
  const out: Analysis = { cost: 1, nodeCount: 0, dryRun: false, errors: [] };
  if (!op) return out;
  let calls = 0;
  const visit = (set: SelectionSetNode | undefined, multiplier: number, path: string[]): void => {
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.INLINE_FRAGMENT) visit(sel.selectionSet, multiplier, path);
      else if (sel.kind === Kind.FRAGMENT_SPREAD) visit(fragments.get(sel.name.value), multiplier, path);
      else {
        const name = sel.name.value;
        const here = [...path, sel.alias?.value ?? name];
        const args: Record<string, unknown> = {};
        for (const a of sel.arguments ?? []) args[a.name.value] = valueFromASTUntyped(a.value, variables);
        if (name === 'rateLimit' && args.dryRun === true) out.dryRun = true;
        if (!CONNECTIONS.has(name)) {
          visit(sel.selectionSet, multiplier, here);
          continue;
        }
        const n = (args.first ?? args.last) as number | null | undefined;
        const which = args.first != null ? 'first' : 'last';
        const loc = sel.loc ? [{ line: sel.loc.startToken.line, column: sel.loc.startToken.column }] : undefined;
        if (n == null) {
          out.errors.push({ type: 'MISSING_PAGINATION_BOUNDARIES', path: here, locations: loc, message: `You must provide a \`first\` or \`last\` value to properly paginate the \`${name}\` connection.` });
        } else if (n > MAX_PAGE) {
          out.errors.push({ type: 'EXCESSIVE_PAGINATION', path: here, locations: loc, message: `Requesting ${n} records on the \`${name}\` connection exceeds the \`${which}\` limit of ${MAX_PAGE} records.` });
        } else if (n < 1) {
          out.errors.push({ type: 'INVALID_PAGINATION', path: here, locations: loc, message: `\`${which}\` on the \`${name}\` connection must be between 1 and ${MAX_PAGE}.` });
        } else {
          calls += multiplier;
          out.nodeCount += multiplier * n;
          visit(sel.selectionSet, multiplier * n, here);
        }
      }
    }
  };
  visit(op.selectionSet, 1, []);
  out.cost = Math.max(1, Math.round(calls / 100));
  return out;
}

function format(e: GraphQLError): GitHubGraphqlError {
  const type = e.extensions?.type;
  return {
    ...(typeof type === 'string' ? { type } : {}),
    message: e.message,
    ...(e.path ? { path: e.path } : {}),
    ...(e.locations ? { locations: e.locations } : {}),
  };
}

const DOCUMENT_CACHE_LIMIT = 64;
type Checked = { doc: DocumentNode } | { errors: GitHubGraphqlError[] };
const checkedDocuments = new Map<string, Checked>();

/**
 * A query text parsed and validated against the schema, or its errors. Both depend on the text
 * alone (the schema is fixed and graphql-js never changes a parsed document), so a text asked
 * again (a connection followed page by page) reuses them; the oldest of 64 texts goes first.
 */
function checkedDocument(query: string): Checked {
  const hit = checkedDocuments.get(query);
  if (hit) return hit;
  let checked: Checked;
  try {
    const doc = parse(query);
    const invalid = validate(schema, doc);
    checked = invalid.length > 0 ? { errors: invalid.map(format) } : { doc };
  } catch (e) {
    checked = { errors: [format(e as GraphQLError)] };
  }
  if (checkedDocuments.size >= DOCUMENT_CACHE_LIMIT) checkedDocuments.delete(checkedDocuments.keys().next().value!);
  checkedDocuments.set(query, checked);
  return checked;
}

export interface GraphqlDeps {
  world: World;
  reverse: ReverseIndex;
  shape: ShapeContext;
  limiter: RateLimiter;
}

export interface GraphqlReply {
  status: number;
  body: unknown;
  cost: number;
  charged: boolean;
}

export async function handleGraphql(deps: GraphqlDeps, token: string, userId: number, raw: string): Promise<GraphqlReply> {
  let req: { query?: unknown; variables?: unknown; operationName?: unknown };
  try {
    req = JSON.parse(raw) as typeof req;
  } catch {
    return { status: 400, body: { message: 'Problems parsing JSON', documentation_url: 'https://docs.github.com/graphql' }, cost: 0, charged: false };
  }
  if (typeof req.query !== 'string') return { status: 200, body: { errors: [{ message: 'A query attribute must be specified and must be a string.' }] }, cost: 0, charged: false };
  const variables = (req.variables && typeof req.variables === 'object' ? req.variables : {}) as Record<string, unknown>;
  const operationName = typeof req.operationName === 'string' ? req.operationName : undefined;
  const checked = checkedDocument(req.query);
  if (!('doc' in checked)) return { status: 200, body: { errors: checked.errors }, cost: 0, charged: false };
  const doc = checked.doc;
  const plan = analyse(doc, variables, operationName);
  if (plan.errors.length > 0) return { status: 200, body: { errors: plan.errors }, cost: 0, charged: false };

  if (!plan.dryRun && !deps.limiter.allows(token, 'graphql', plan.cost)) {
    return { status: 200, body: { errors: [{ type: 'RATE_LIMITED', code: 'graphql_rate_limit', message: `API rate limit exceeded for user ID ${userId}.` }] }, cost: 0, charged: false };
  }
  if (!plan.dryRun) deps.limiter.charge(token, 'graphql', plan.cost);
  const snap = deps.limiter.snapshot(token, 'graphql');
  const context: GqlContext = { world: deps.world, reverse: deps.reverse, shape: deps.shape };
  const rootValue = {
    repository: ({ owner, name }: { owner: string; name: string; followRenames: boolean }) => {
      const found = deps.world.lookup(`${owner}/${name}`);
      if (!found) throw Object.assign(new Error(`Could not resolve to a Repository with the name '${owner}/${name}'.`), { extensions: { type: 'NOT_FOUND' } });
      return new RepositoryNode(context, found.state);
    },
    rateLimit: () => ({ limit: snap.limit, remaining: snap.remaining, used: snap.used, resetAt: new Date(snap.reset * 1000).toISOString().replace('.000Z', 'Z'), cost: plan.cost, nodeCount: plan.nodeCount }),
  };
  const result = await execute({ schema, document: doc, rootValue, contextValue: context, variableValues: variables, operationName });
  const body: Record<string, unknown> = { data: result.data ?? null };
  if (result.errors?.length) body.errors = result.errors.map(format);
  return { status: 200, body, cost: plan.dryRun ? 0 : plan.cost, charged: !plan.dryRun };
}
