/**
 * REST routes. Each handler reads the dataset and returns a Reply; headers,
 * ETags, rate limits and faults are the server's business (server.ts).
 */
import type { components } from '@octokit/openapi-types';
import { countMatching, decodeCursor, encodeCursor, listPage, type Cursor, type SortField } from './listing.ts';
import { masterList, type MasterListOptions } from './master-list.ts';
import { fullNameOf, fullRepositoryShape } from './repos.ts';
import { collaboratorShape, reviewShapes, timelineShapes } from './fact-shapes.ts';
import { contentShape, decodeCommitSha, fileAt, fileChangeShape, headSha, pullFileList, blobSha } from './files.ts';
import { headLabel, issueShape, labelShapes, pullShape, pullSimpleShape } from './shapes.ts';
import { F_DELETED, F_OPEN, F_TRANSFERRED } from './store.ts';
import { simpleUser } from './users.ts';
import { LABELS } from './words.ts';
import { ANONYMOUS, type RateLimiter, type Resource } from './rate-limit.ts';
import type { Dataset } from './dataset.ts';
import type { RepoState } from './world.ts';
import type { SubnetSim } from './subnet/service.ts';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RouteRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  token: string;
  tokenId: number;
}

export interface RouteDeps {
  dataset: Dataset;
  limiter: RateLimiter;
  masterList: MasterListOptions;
  /** Link form of `/issues` pages (see SimulatorOptions.issuesPagination). */
  issuesPagination?: 'cursor' | 'page';
  /** The subnet's services, under `/subnet/` (subnet/service.ts). */
  subnet?: SubnetSim;
}

const DOCS = 'https://docs.github.com/rest';

export function errorReply(status: number, message: string, extra: Record<string, unknown> = {}): Reply {
  return { status, body: { message, ...extra, documentation_url: DOCS, status: String(status) } };
}

const notFound = () => errorReply(404, 'Not Found');
const invalid = (resource: string, field: string) => errorReply(422, 'Validation Failed', { errors: [{ resource, field, code: 'invalid' }] });

/** Which budget a path spends; `/rate_limit` and the simulator's own endpoints spend none. */
export function resourceOf(method: string, path: string): Resource | 'none' {
  if (path === '/graphql' && method === 'POST') return 'graphql';
  if (path === '/rate_limit' || path.startsWith('/sim/') || path.startsWith('/subnet/')) return 'none';
  if (path.startsWith('/search/')) return 'search';
  return 'core';
}

function pageParams(q: URLSearchParams): { perPage: number; page: number | null } | Reply {
  const perPage = q.has('per_page') ? Number(q.get('per_page')) : 30;
  const page = q.has('page') ? Number(q.get('page')) : null;
  if (!Number.isInteger(perPage) || perPage < 1) return invalid('Pagination', 'per_page');
  if (page !== null && (!Number.isInteger(page) || page < 1)) return invalid('Pagination', 'page');
  return { perPage: Math.min(100, perPage), page };
}

function linkTo(base: string, state: RepoState, resource: string, q: URLSearchParams, set: Record<string, string>): string {
  const params = new URLSearchParams(q);
  params.delete('page');
  params.delete('after');
  for (const [k, v] of Object.entries(set)) params.set(k, v);
  return `${base}/repositories/${state.meta.id}/${resource}?${params.toString()}`;
}

function listIssues(deps: RouteDeps, base: string, state: RepoState, q: URLSearchParams): Reply {
  const pp = pageParams(q);
  if ('status' in pp) return pp;
  const st = q.get('state') ?? 'open';
  const sort = (q.get('sort') ?? 'created') as SortField;
  const direction = q.get('direction') ?? 'desc';
  if (!['open', 'closed', 'all'].includes(st)) return invalid('Issue', 'state');
  if (!['created', 'updated', 'comments'].includes(sort)) return invalid('Issue', 'sort');
  if (direction !== 'asc' && direction !== 'desc') return invalid('Issue', 'direction');
  const sinceRaw = q.get('since');
  const since = sinceRaw ? Date.parse(sinceRaw) : 0;
  if (Number.isNaN(since)) return invalid('Issue', 'since');
  // GitHub refuses offset pages deep into big lists; its Link headers use cursors instead.
  if (pp.page !== null && pp.page * pp.perPage > 10_000) {
    return errorReply(422, 'In order to keep the API fast for everyone, pagination is limited for this resource. Check the rel=last link relation in the Link response header to see how far back you can traverse.');
  }
  let after: Cursor | undefined;
  if (q.has('after')) {
    const c = decodeCursor(q.get('after')!);
    if (!c) return invalid('Pagination', 'after');
    after = c;
  }
  const s = state.items;
  const sinceSec = Math.ceil(since / 1000);
  const labels = q.get('labels')?.split(',').map((l) => l.trim().toLowerCase()).filter(Boolean) ?? [];
  const creator = q.get('creator')?.toLowerCase();
  let labelMask = 0;
  for (const name of labels) {
    const bit = state.meta.labels.findIndex((li) => LABELS[li]!.name.toLowerCase() === name);
    // An unknown label matches nothing, as on GitHub.
    labelMask = bit < 0 || labelMask === -1 ? -1 : labelMask | (1 << bit);
  }
  const filter = (i: number) =>
    s.isLive(i) &&
    (st === 'all' || (st === 'open') === s.has(i, F_OPEN)) &&
    s.updated[i]! >= sinceSec &&
    (labelMask === 0 || (labelMask !== -1 && (s.labels[i]! & labelMask) === labelMask)) &&
    (!creator || deps.dataset.world.users.get(s.author[i]!).login.toLowerCase() === creator);
  const pageNumber = pp.page ?? 1;
  const page = listPage(deps.dataset.world, state, { sort, direction, perPage: pp.perPage, filter, after, offset: after ? 0 : (pageNumber - 1) * pp.perPage });
  const headers: Record<string, string> = {};
  if (page.next) {
    headers.link = deps.issuesPagination === 'page' && !after
      ? `<${linkTo(base, state, 'issues', q, { page: String(pageNumber + 1) })}>; rel="next"`
      : `<${linkTo(base, state, 'issues', q, { after: encodeCursor(page.next) })}>; rel="next"`;
  }
  return { status: 200, body: page.items.map((i) => issueShape(deps.dataset.world, state, i, deps.dataset.ctx)), headers };
}

function listPulls(deps: RouteDeps, base: string, state: RepoState, q: URLSearchParams): Reply {
  const pp = pageParams(q);
  if ('status' in pp) return pp;
  const st = q.get('state') ?? 'open';
  const sortParam = q.get('sort') ?? 'created';
  const map: Record<string, SortField> = { created: 'created', updated: 'updated', popularity: 'comments', 'long-running': 'long-running' };
  const sort = map[sortParam];
  const direction = q.get('direction') ?? (sortParam === 'created' ? 'desc' : 'asc');
  if (!['open', 'closed', 'all'].includes(st)) return invalid('PullRequest', 'state');
  if (!sort) return invalid('PullRequest', 'sort');
  if (direction !== 'asc' && direction !== 'desc') return invalid('PullRequest', 'direction');
  const s = state.items;
  const baseRef = q.get('base');
  const head = q.get('head');
  const filter = (i: number) =>
    s.isPr(i) &&
    (st === 'all' || (st === 'open') === s.has(i, F_OPEN)) &&
    (!baseRef || state.meta.branches[s.base[i]!] === baseRef) &&
    (!head || headLabel(deps.dataset.world, state, i) === head);
  const page = pp.page ?? 1;
  const result = listPage(deps.dataset.world, state, { sort, direction, perPage: pp.perPage, filter, offset: (page - 1) * pp.perPage });
  const total = countMatching(deps.dataset.world, state, filter);
  const last = Math.max(1, Math.ceil(total / pp.perPage));
  const rel: string[] = [];
  const at = (p: number) => linkTo(base, state, 'pulls', q, { page: String(p) });
  if (page > 1) rel.push(`<${at(page - 1)}>; rel="prev"`);
  if (page < last) rel.push(`<${at(page + 1)}>; rel="next"`, `<${at(last)}>; rel="last"`);
  if (page > 1) rel.push(`<${at(1)}>; rel="first"`);
  return { status: 200, body: result.items.map((i) => pullSimpleShape(deps.dataset.world, state, i, deps.dataset.ctx)), headers: rel.length ? { link: rel.join(', ') } : {} };
}

function singleItem(deps: RouteDeps, base: string, state: RepoState, kind: 'issues' | 'pulls', raw: string): Reply {
  const n = Number(raw);
  const s = state.items;
  const i = n - 1;
  if (!Number.isInteger(n) || i < 0 || i >= s.count) return notFound();
  const world = deps.dataset.world;
  if (kind === 'pulls') return s.isPr(i) ? { status: 200, body: pullShape(world, state, i, deps.dataset.ctx) } : notFound();
  if (s.has(i, F_DELETED)) return errorReply(410, 'This issue was deleted');
  if (s.has(i, F_TRANSFERRED)) {
    const to = world.resolve(state.meta.index, n);
    const location = `${base}/repositories/${world.repos[to.repoIndex]!.meta.id}/issues/${to.number}`;
    return { ...errorReply(301, 'Moved Permanently', { url: location }), headers: { location } };
  }
  return { status: 200, body: issueShape(world, state, i, deps.dataset.ctx, true) };
}

/** One page of an in-memory list, with GitHub's page-number Link header. */
function pagedList<T>(base: string, state: RepoState, resource: string, q: URLSearchParams, all: readonly T[]): Reply {
  const pp = pageParams(q);
  if ('status' in pp) return pp;
  const page = pp.page ?? 1;
  const last = Math.max(1, Math.ceil(all.length / pp.perPage));
  const rel: string[] = [];
  const at = (p: number) => linkTo(base, state, resource, q, { page: String(p) });
  if (page > 1) rel.push(`<${at(page - 1)}>; rel="prev"`);
  if (page < last) rel.push(`<${at(page + 1)}>; rel="next"`, `<${at(last)}>; rel="last"`);
  if (page > 1) rel.push(`<${at(1)}>; rel="first"`);
  return { status: 200, body: all.slice((page - 1) * pp.perPage, page * pp.perPage), headers: rel.length ? { link: rel.join(', ') } : {} };
}

/** `/pulls/{n}/reviews`, `/issues/{n}/timeline`, `/issues/{n}/events`: the facts of one item (facts.ts). */
function itemFacts(deps: RouteDeps, base: string, state: RepoState, kind: string, raw: string, what: string, q: URLSearchParams): Reply {
  const n = Number(raw);
  const s = state.items;
  const i = n - 1;
  if (!Number.isInteger(n) || i < 0 || i >= s.count) return notFound();
  const world = deps.dataset.world;
  const ctx = deps.dataset.ctx;
  if (kind === 'pulls') {
    if (what !== 'reviews' || !s.isPr(i)) return notFound();
    return pagedList(base, state, `pulls/${n}/reviews`, q, reviewShapes(world, state, i, ctx));
  }
  if (what !== 'timeline' && what !== 'events') return notFound();
  if (s.has(i, F_DELETED)) return errorReply(410, 'This issue was deleted');
  if (s.has(i, F_TRANSFERRED)) {
    const to = world.resolve(state.meta.index, n);
    const location = `${base}/repositories/${world.repos[to.repoIndex]!.meta.id}/issues/${to.number}/${what}`;
    return { ...errorReply(301, 'Moved Permanently', { url: location }), headers: { location } };
  }
  return pagedList(base, state, `issues/${n}/${what}`, q, timelineShapes(world, state, i, ctx));
}

function collaborators(deps: RouteDeps, base: string, state: RepoState, q: URLSearchParams): Reply {
  const world = deps.dataset.world;
  if (world.facts.collaboratorsHidden.has(state.meta.index)) return errorReply(403, 'Must have push access to view repository collaborators.');
  const list = world.facts.maintainers(state.meta.index).map((u) => collaboratorShape(world, state, u, deps.dataset.ctx));
  return pagedList(base, state, 'collaborators', q, list);
}

/** `GET /repos/{o}/{r}/pulls/{n}/files`: the changed files at the current head, up to 3,000, paginated. */
function pullFiles(deps: RouteDeps, base: string, state: RepoState, raw: string, q: URLSearchParams): Reply {
  const n = Number(raw);
  const i = n - 1;
  if (!Number.isInteger(n) || !state.items.isPr(i)) return notFound();
  const pp = pageParams(q);
  if ('status' in pp) return pp;
  const world = deps.dataset.world;
  const files = pullFileList(world, state, n);
  const page = pp.page ?? 1;
  const ctx = { apiBase: base, htmlBase: deps.dataset.ctx.htmlBase, fullName: fullNameOf(state.meta), headSha: headSha(world, state, i) };
  const body = files.slice((page - 1) * pp.perPage, page * pp.perPage).map((f) => fileChangeShape(f, ctx));
  const last = Math.max(1, Math.ceil(files.length / pp.perPage));
  const rel: string[] = [];
  const at = (p: number) => linkTo(base, state, `pulls/${n}/files`, q, { page: String(p) });
  if (page < last) rel.push(`<${at(page + 1)}>; rel="next"`, `<${at(last)}>; rel="last"`);
  if (page > 1) rel.push(`<${at(page - 1)}>; rel="prev"`, `<${at(1)}>; rel="first"`);
  return { status: 200, body, headers: rel.length ? { link: rel.join(', ') } : {} };
}

/** `GET /repos/{o}/{r}/contents/{path}?ref=`: a changed file at one of this repository's pull request commits (base64 JSON). */
function contents(deps: RouteDeps, base: string, state: RepoState, rawPath: string, q: URLSearchParams): Reply {
  const world = deps.dataset.world;
  const ref = q.get('ref') ?? '';
  const at = decodeCommitSha(world, ref);
  if (!at || at.repoIndex !== state.meta.index) return errorReply(404, `No commit found for the ref ${ref}`);
  const path = decodeURIComponent(rawPath);
  const found = fileAt(world, state, at.number, at.side, at.rev, path);
  if (!found) return notFound();
  const sha = blobSha(found.file, at.side);
  return { status: 200, body: contentShape(found.content, path, sha, { apiBase: base, htmlBase: deps.dataset.ctx.htmlBase, fullName: fullNameOf(state.meta), ref }) };
}

function repoRoute(deps: RouteDeps, base: string, state: RepoState, rest: string, q: URLSearchParams): Reply {
  const world = deps.dataset.world;
  if (rest === '') return { status: 200, body: fullRepositoryShape(state.meta, deps.dataset.ctx, { openIssues: world.openCount(state), pushedAt: world.lastUpdated(state), updatedAt: world.lastUpdated(state) }) };
  if (rest === '/issues') return listIssues(deps, base, state, q);
  if (rest === '/pulls') return listPulls(deps, base, state, q);
  if (rest === '/labels') return { status: 200, body: labelShapes(state, 0xffffffff, deps.dataset.ctx) };
  if (rest === '/collaborators') return collaborators(deps, base, state, q);
  const files = /^\/pulls\/([^/]+)\/files$/.exec(rest);
  if (files) return pullFiles(deps, base, state, files[1]!, q);
  if (rest.startsWith('/contents/')) return contents(deps, base, state, rest.slice('/contents/'.length), q);
  const f = /^\/(issues|pulls)\/([^/]+)\/([a-z]+)$/.exec(rest);
  if (f) return itemFacts(deps, base, state, f[1]!, f[2]!, f[3]!, q);
  const m = /^\/(issues|pulls)\/([^/]+)$/.exec(rest);
  if (m) return singleItem(deps, base, state, m[1] as 'issues' | 'pulls', m[2]!);
  return notFound();
}

function rateLimitBody(deps: RouteDeps, token: string): components['schemas']['rate-limit-overview'] {
  const snap = (r: Resource) => {
    const { limit, remaining, used, reset } = deps.limiter.snapshot(token, r);
    return { limit, remaining, used, reset };
  };
  const core = snap('core');
  return { resources: { core, graphql: snap('graphql'), search: snap('search') }, rate: core };
}

export function route(deps: RouteDeps, base: string, req: RouteRequest): Reply {
  const { path, query: q } = req;
  if (req.method !== 'GET' && req.method !== 'HEAD') return notFound();
  if (path === '/rate_limit') return { status: 200, body: rateLimitBody(deps, req.token) };
  const subnet = deps.subnet?.route(path, q);
  if (subnet) return subnet;
  if (path === '/sim/master-list.json') {
    const schema = q.get('schema') ?? 'current';
    if (schema !== 'current' && schema !== 'legacy') return invalid('MasterList', 'schema');
    return { status: 200, body: masterList(deps.dataset.world, schema, deps.masterList) };
  }
  if (path === '/user') {
    if (req.token === ANONYMOUS) return errorReply(401, 'Requires authentication');
    return { status: 200, body: { ...simpleUser({ id: req.tokenId, login: req.token, type: 'User' }, base, deps.dataset.ctx.htmlBase), name: req.token } };
  }
  const byId = /^\/repositories\/(\d+)(\/.*)?$/.exec(path);
  if (byId) {
    const state = deps.dataset.world.byRepoId(Number(byId[1]));
    return state ? repoRoute(deps, base, state, byId[2] ?? '', q) : notFound();
  }
  const byName = /^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/.exec(path);
  if (byName) {
    const found = deps.dataset.world.lookup(`${decodeURIComponent(byName[1]!)}/${decodeURIComponent(byName[2]!)}`);
    if (!found) return notFound();
    const rest = byName[3] ?? '';
    if (found.renamed) {
      const qs = q.toString();
      const location = `${base}/repositories/${found.state.meta.id}${rest}${qs ? `?${qs}` : ''}`;
      return { ...errorReply(301, 'Moved Permanently', { url: location }), headers: { location } };
    }
    return repoRoute(deps, base, found.state, rest, q);
  }
  return notFound();
}

