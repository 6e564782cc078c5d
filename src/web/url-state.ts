/**
 * Every view's state lives in the URL, so a link shows someone else exactly what
 * you see and Back undoes one step. These functions are the whole scheme: a
 * location parses to a Route, a Route prints to an href, and print(parse(x)) is
 * x in canonical form (defaults left out).
 *
 *   /                                   repositories   ?q= &sort= &dir=
 *   /repos/{owner}/{name}/issues        one repository ?state= &author= &assignee= &label= &linked= &sort= &direction= &cursor= &item=
 *   /repos/{owner}/{name}/pulls         the same for pull requests
 *   /issues, /pulls                     across repositories, the same filters plus &repo=
 *   /search                             ?q= &type= &repo= &cursor= &item=
 *   /dashboard                          ?window=24h|7d|30d (default 7d)
 *   /leaderboard                        ?repo= &sort=total|login &registered=true|false &cursor=
 *   /miners/{login}                     one miner's standing and pay ?repo= &unit=
 *   /repos/{owner}/{name}/maintainers   responsiveness ?sort= &dir=
 *   /starred                            the issues, miners and repositories starred in this browser
 *
 * `item` names the open item panel as GitHub's path does: owner/name/issues/12,
 * owner/name/pull/57 (owner/name/pulls/57, which earlier links used, reads the same).
 */

export type Tab = 'issues' | 'pulls';
export type RepoSort =
  | 'weight' | 'name' | 'issues_open' | 'issues_open_unlinked' | 'pulls_open' | 'new' | 'synced'
  | 'pool' | 'pr_pool' | 'issue_pool' | 'cut' | 'miners' | 'first_review' | 'merge_time' | 'merge_rate' | 'queue_age' | 'opportunity';
export type AuthorSort = 'pulls' | 'login' | 'first_review' | 'merge_time' | 'merge_rate' | 'open';
export type Direction = 'asc' | 'desc';

export interface ItemRef {
  repo: string;
  kind: 'issue' | 'pull';
  number: number;
}

export interface ListFilters {
  /** Comma-separated statuses, or 'all'; empty means the API's default (issues: open; pulls: open,draft). */
  state: string;
  author: string;
  /** A login the item is assigned to. */
  assignee: string;
  /** Comma-separated label names. */
  label: string;
  linked: '' | 'true' | 'false';
  /** `merged` (merge time) sorts pull requests only. */
  sort: 'updated' | 'created' | 'comments' | 'number' | 'merged';
  direction: Direction;
  /** Global lists only: owner/name, comma-separated. */
  repos: string;
}

export type Route =
  | { view: 'repos'; q: string; sort: RepoSort; dir: Direction; rules: string }
  | { view: 'maintainers'; repo: string; sort: AuthorSort; dir: Direction }
  | { view: 'repo'; repo: string; tab: Tab; filters: ListFilters; cursor: string; item: ItemRef | null }
  | { view: 'list'; tab: Tab; filters: ListFilters; cursor: string; item: ItemRef | null }
  | { view: 'search'; q: string; type: '' | 'issue' | 'pull'; repos: string; cursor: string; item: ItemRef | null }
  | { view: 'dashboard'; window: ActivityWindow }
  | { view: 'leaderboard'; repo: string; sort: 'total' | 'login'; registered: '' | 'true' | 'false'; cursor: string }
  | { view: 'miner'; login: string; repo: string; unit: PayUnit }
  | { view: 'starred' }
  | { view: 'not-found'; path: string };

export type ActivityWindow = '24h' | '7d' | '30d';
export const ACTIVITY_WINDOWS: readonly ActivityWindow[] = ['24h', '7d', '30d'];

/** What the miner view's chart and figures are in. */
export type PayUnit = 'usd' | 'tao' | 'alpha' | 'share';
export const PAY_UNITS: readonly PayUnit[] = ['usd', 'tao', 'alpha', 'share'];
const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
export const isLogin = (s: string) => LOGIN.test(s);

export const DEFAULT_FILTERS: ListFilters = { state: '', author: '', assignee: '', label: '', linked: '', sort: 'updated', direction: 'desc', repos: '' };
const REPO_SORTS: readonly RepoSort[] = [
  'weight', 'name', 'issues_open', 'issues_open_unlinked', 'pulls_open', 'new', 'synced',
  'pool', 'pr_pool', 'issue_pool', 'cut', 'miners', 'first_review', 'merge_time', 'merge_rate', 'queue_age', 'opportunity',
];
const AUTHOR_SORTS: readonly AuthorSort[] = ['pulls', 'login', 'first_review', 'merge_time', 'merge_rate', 'open'];
const LIST_SORTS: Record<Tab, readonly ListFilters['sort'][]> = {
  issues: ['updated', 'created', 'comments', 'number'],
  pulls: ['updated', 'created', 'comments', 'number', 'merged'],
};

const SEGMENT = /^[A-Za-z0-9._-]{1,100}$/;
const isRepo = (owner: string, name: string) => SEGMENT.test(owner) && SEGMENT.test(name) && name !== '.' && name !== '..';

function pick<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

export function parseItemRef(raw: string | null): ItemRef | null {
  const m = raw?.match(/^([^/]+)\/([^/]+)\/(issues|pull|pulls)\/([1-9][0-9]{0,9})$/);
  if (!m || !isRepo(m[1]!, m[2]!)) return null;
  return { repo: `${m[1]}/${m[2]}`, kind: m[3] === 'issues' ? 'issue' : 'pull', number: Number(m[4]) };
}

export const itemRefString = (ref: ItemRef) => `${ref.repo}/${ref.kind === 'pull' ? 'pull' : 'issues'}/${ref.number}`;

function parseFilters(q: URLSearchParams, tab: Tab): ListFilters {
  return {
    state: q.get('state') ?? '',
    author: q.get('author') ?? '',
    assignee: q.get('assignee') ?? '',
    label: q.get('label') ?? '',
    linked: pick(q.get('linked'), ['true', 'false'] as const, '' as const),
    sort: pick(q.get('sort'), LIST_SORTS[tab], 'updated'),
    direction: pick(q.get('direction'), ['asc', 'desc'] as const, 'desc'),
    repos: q.get('repo') ?? '',
  };
}

export function parseLocation(pathname: string, search: string): Route {
  const q = new URLSearchParams(search);
  const parts = pathname.split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  const cursor = q.get('cursor') ?? '';
  const item = parseItemRef(q.get('item'));
  if (parts.length === 0) {
    return { view: 'repos', q: q.get('q') ?? '', sort: pick(q.get('sort'), REPO_SORTS, 'weight'), dir: pick(q.get('dir'), ['asc', 'desc'] as const, 'desc'), rules: q.get('rules') ?? '' };
  }
  const [first, owner, name, tab, ...rest] = parts;
  if (first === 'repos' && owner && name && isRepo(owner, name) && tab === 'maintainers' && rest.length === 0) {
    return { view: 'maintainers', repo: `${owner}/${name}`, sort: pick(q.get('sort'), AUTHOR_SORTS, 'pulls'), dir: pick(q.get('dir'), ['asc', 'desc'] as const, 'desc') };
  }
  if (first === 'repos' && owner && name && isRepo(owner, name) && rest.length === 0 && (tab === undefined || tab === 'issues' || tab === 'pulls')) {
    return { view: 'repo', repo: `${owner}/${name}`, tab: tab ?? 'issues', filters: { ...parseFilters(q, tab ?? 'issues'), repos: '' }, cursor, item };
  }
  if ((first === 'issues' || first === 'pulls') && parts.length === 1) return { view: 'list', tab: first, filters: parseFilters(q, first), cursor, item };
  if (first === 'search' && parts.length === 1) {
    return { view: 'search', q: q.get('q') ?? '', type: pick(q.get('type'), ['issue', 'pull'] as const, ''), repos: q.get('repo') ?? '', cursor, item };
  }
  if (first === 'starred' && parts.length === 1) return { view: 'starred' };
  if (first === 'dashboard' && parts.length === 1) return { view: 'dashboard', window: pick(q.get('window'), ACTIVITY_WINDOWS, '7d') };
  if (first === 'leaderboard' && parts.length === 1) {
    const repo = q.get('repo') ?? '';
    return {
      view: 'leaderboard',
      repo: /^[^/]+\/[^/]+$/.test(repo) ? repo : '',
      sort: pick(q.get('sort'), ['total', 'login'] as const, 'total'),
      registered: pick(q.get('registered'), ['true', 'false'] as const, '' as const),
      cursor,
    };
  }
  if (first === 'miners' && owner && isLogin(owner) && parts.length === 2) {
    const repo = q.get('repo') ?? '';
    return { view: 'miner', login: owner, repo: /^[^/]+\/[^/]+$/.test(repo) ? repo : '', unit: pick(q.get('unit'), PAY_UNITS, 'usd') };
  }
  return { view: 'not-found', path: pathname };
}

function build(path: string, params: [string, string | null | undefined][]): string {
  const q = new URLSearchParams();
  for (const [k, v] of params) if (v) q.set(k, v);
  const s = q.toString();
  // Slashes and commas in values (item=owner/name/issues/1, label=bug,docs) stay readable; both are valid in a query.
  return s ? `${path}?${s.replace(/%2F/g, '/').replace(/%2C/g, ',')}` : path;
}

const filterParams = (f: ListFilters): [string, string][] => [
  ['state', f.state],
  ['author', f.author],
  ['assignee', f.assignee],
  ['label', f.label],
  ['linked', f.linked],
  ['sort', f.sort === 'updated' ? '' : f.sort],
  ['direction', f.direction === 'desc' ? '' : f.direction],
];

const enc = (repo: string) => repo.split('/').map(encodeURIComponent).join('/');

export function hrefOf(route: Route): string {
  switch (route.view) {
    case 'repos':
      return build('/', [['q', route.q], ['sort', route.sort === 'weight' ? '' : route.sort], ['dir', route.dir === 'desc' ? '' : route.dir], ['rules', route.rules]]);
    case 'maintainers':
      return build(`/repos/${enc(route.repo)}/maintainers`, [['sort', route.sort === 'pulls' ? '' : route.sort], ['dir', route.dir === 'desc' ? '' : route.dir]]);
    case 'repo':
      return build(`/repos/${enc(route.repo)}/${route.tab}`, [...filterParams(route.filters), ['cursor', route.cursor], ['item', route.item && itemRefString(route.item)]]);
    case 'list':
      return build(`/${route.tab}`, [['repo', route.filters.repos], ...filterParams(route.filters), ['cursor', route.cursor], ['item', route.item && itemRefString(route.item)]]);
    case 'search':
      return build('/search', [['q', route.q], ['type', route.type], ['repo', route.repos], ['cursor', route.cursor], ['item', route.item && itemRefString(route.item)]]);
    case 'dashboard':
      return build('/dashboard', [['window', route.window === '7d' ? '' : route.window]]);
    case 'leaderboard':
      return build('/leaderboard', [['repo', route.repo], ['sort', route.sort === 'total' ? '' : route.sort], ['registered', route.registered], ['cursor', route.cursor]]);
    case 'miner':
      return build(`/miners/${encodeURIComponent(route.login)}`, [['repo', route.repo], ['unit', route.unit === 'usd' ? '' : route.unit]]);
    case 'starred':
      return '/starred';
    case 'not-found':
      return route.path;
  }
}

export const minerHref = (login: string, repo = '') => hrefOf({ view: 'miner', login, repo, unit: 'usd' });

/**
 * Whether an author has a miner view to link to: a GitHub user's login. Apps post as
 * `name[bot]` (not a login), `ghost` stands in for deleted accounts, and a missing author
 * is null; none of them is anyone's standing.
 */
export const hasMinerView = (login: string | null | undefined): login is string => !!login && isLogin(login) && login.toLowerCase() !== 'ghost';

/**
 * Only merged pull requests have a merge time: sorting by it shows the merged ones
 * (and says so in the state menu), and choosing another state leaves that sort.
 */
export function withSort(filters: ListFilters, sort: ListFilters['sort'], direction: ListFilters['direction']): ListFilters {
  return { ...filters, sort, direction, state: sort === 'merged' ? 'merged' : filters.state };
}

export function withState(filters: ListFilters, state: string): ListFilters {
  return { ...filters, state, sort: filters.sort === 'merged' && state !== 'merged' ? 'updated' : filters.sort };
}

/** Shorthands for links. */
export const repoHref = (repo: string, tab: Tab = 'issues', filters: Partial<ListFilters> = {}) =>
  hrefOf({ view: 'repo', repo, tab, filters: { ...DEFAULT_FILTERS, ...filters }, cursor: '', item: null });

/** The same view with one item's panel open (or closed, with null). */
export function withItem(route: Route, item: ItemRef | null): string {
  if (route.view === 'repo' || route.view === 'list' || route.view === 'search') return hrefOf({ ...route, item });
  if (!item) return hrefOf(route);
  return hrefOf({ view: 'repo', repo: item.repo, tab: item.kind === 'pull' ? 'pulls' : 'issues', filters: DEFAULT_FILTERS, cursor: '', item });
}

/** An issue star's value (stars.ts: owner/name#number) as the item it names, or null for anything else. */
export function starredIssueRef(value: string): ItemRef | null {
  const m = value.match(/^([^/#]+)\/([^/#]+)#([1-9][0-9]{0,9})$/);
  return m && isRepo(m[1]!, m[2]!) ? { repo: `${m[1]}/${m[2]}`, kind: 'issue', number: Number(m[3]) } : null;
}

export const maintainersHref = (repo: string) => hrefOf({ view: 'maintainers', repo, sort: 'pulls', dir: 'desc' });
