import { describe, expect, it } from 'vitest';
import { DEFAULT_FILTERS, hasMinerView, hrefOf, minerHref, parseItemRef, parseLocation, repoHref, starredIssueRef, withItem, withSort, withState } from './url-state.ts';

const roundTrip = (href: string) => {
  const url = new URL(href, 'http://hub.test');
  return hrefOf(parseLocation(url.pathname, url.search));
};

describe('the URL scheme', () => {
  it('prints what it parses, in canonical form', () => {
    for (const href of [
      '/',
      '/?q=gitt&sort=issues_open',
      '/?sort=name&dir=asc',
      '/?sort=opportunity&rules=entrius/gittensor',
      '/?sort=first_review&dir=asc',
      '/repos/entrius/gittensor/maintainers',
      '/repos/entrius/gittensor/maintainers?sort=merge_rate&dir=asc',
      '/repos/entrius/gittensor/issues',
      '/repos/entrius/gittensor/issues?state=all&author=alice&assignee=bob&label=bug,help+wanted&linked=false&sort=created&direction=asc',
      '/repos/entrius/gittensor/pulls?state=merged&cursor=WyJsIl0&item=entrius/gittensor/pull/57',
      '/issues?repo=a/b&linked=false',
      '/pulls?repo=a/b,c/d&sort=comments',
      '/search?q=fix+memory&type=issue&item=a/b/issues/3',
    ]) {
      expect(roundTrip(href)).toBe(href);
    }
  });

  it('sorts pull requests by merge time, and only pull requests', () => {
    expect(roundTrip('/repos/a/b/pulls?state=merged&sort=merged')).toBe('/repos/a/b/pulls?state=merged&sort=merged');
    expect(roundTrip('/pulls?sort=merged&direction=asc')).toBe('/pulls?sort=merged&direction=asc');
    // Issues have no merge time: the sort falls back to the default rather than ask the API for a 400.
    expect(roundTrip('/repos/a/b/issues?sort=merged')).toBe('/repos/a/b/issues');
    expect(roundTrip('/issues?sort=merged')).toBe('/issues');
    // Choosing "Recently merged" shows merged pull requests, and says so in the state menu;
    // another state then leaves that sort, which only merged pull requests have.
    const open = { ...DEFAULT_FILTERS, author: 'ann' };
    expect(withSort(open, 'merged', 'desc')).toEqual({ ...open, state: 'merged', sort: 'merged', direction: 'desc' });
    expect(withState({ ...open, state: 'merged', sort: 'merged' }, 'draft')).toEqual({ ...open, state: 'draft', sort: 'updated' });
    expect(withState({ ...open, sort: 'created' }, 'draft')).toEqual({ ...open, state: 'draft', sort: 'created' });
    expect(withSort({ ...open, state: 'draft' }, 'comments', 'asc')).toEqual({ ...open, state: 'draft', sort: 'comments', direction: 'asc' });
  });

  it('leaves defaults out and reads a bare repository path as its issues', () => {
    expect(roundTrip('/repos/a/b')).toBe('/repos/a/b/issues');
    expect(roundTrip('/repos/a/b/issues?sort=updated&direction=desc&linked=maybe')).toBe('/repos/a/b/issues');
    expect(roundTrip('/?sort=weight&dir=desc&sort2=x')).toBe('/');
    expect(repoHref('a/b', 'pulls', { linked: 'true' })).toBe('/repos/a/b/pulls?linked=true');
  });

  it('names unknown paths and malformed repositories as not found', () => {
    expect(parseLocation('/repos/a', '')).toEqual({ view: 'not-found', path: '/repos/a' });
    expect(parseLocation('/repos/a/b/issues/12', '').view).toBe('not-found');
    expect(parseLocation('/repos/a/../issues', '').view).toBe('not-found');
    expect(parseLocation('/repos/a%20b/c/issues', '').view).toBe('not-found');
    expect(parseLocation('/nowhere', '').view).toBe('not-found');
  });

  it('reads item references as GitHub paths and ignores malformed ones', () => {
    // GitHub's own paths: /owner/name/pull/12 and /owner/name/issues/12.
    expect(parseItemRef('Owner/Repo.js/pull/12')).toEqual({ repo: 'Owner/Repo.js', kind: 'pull', number: 12 });
    expect(parseItemRef('a/b/issues/7')).toEqual({ repo: 'a/b', kind: 'issue', number: 7 });
    // The form earlier links used still opens the same panel, and prints as GitHub's.
    expect(parseItemRef('Owner/Repo.js/pulls/12')).toEqual({ repo: 'Owner/Repo.js', kind: 'pull', number: 12 });
    expect(roundTrip('/repos/a/b/pulls?item=a/b/pulls/12')).toBe('/repos/a/b/pulls?item=a/b/pull/12');
    expect(parseLocation('/search', '?q=x&item=a/b/pull/3')).toMatchObject({ item: { repo: 'a/b', kind: 'pull', number: 3 } });
    expect(parseItemRef('a/b/issue/3')).toBeNull();
    expect(parseItemRef('a/b/pull/0')).toBeNull();
    expect(parseItemRef('a/b/issues/0')).toBeNull();
    expect(parseItemRef('a/b/commits/3')).toBeNull();
    expect(parseItemRef('a/b/issues/3/x')).toBeNull();
    expect(parseItemRef('javascript:alert(1)//a/issues/1')).toBeNull();
    expect(parseLocation('/repos/a/b/issues', '?item=nonsense')).toMatchObject({ item: null });
  });

  it('opens and closes an item panel on the same view, or on its repository from elsewhere', () => {
    const list = parseLocation('/repos/a/b/issues', '?linked=false');
    const ref = { repo: 'c/d', kind: 'pull' as const, number: 9 };
    expect(withItem(list, ref)).toBe('/repos/a/b/issues?linked=false&item=c/d/pull/9');
    expect(withItem(parseLocation('/repos/a/b/issues', '?linked=false&item=c/d/pull/9'), null)).toBe('/repos/a/b/issues?linked=false');
    expect(withItem(parseLocation('/', ''), ref)).toBe('/repos/c/d/pulls?item=c/d/pull/9');
    expect(DEFAULT_FILTERS.sort).toBe('updated');
  });
});

describe('dashboard and leaderboard URLs', () => {
  it('round-trip with defaults left out, unknown values falling back', async () => {
    const { parseLocation: parse, hrefOf: href } = await import('./url-state.ts');
    expect(parse('/dashboard', '')).toEqual({ view: 'dashboard', window: '7d' });
    expect(href(parse('/dashboard', '?window=24h'))).toBe('/dashboard?window=24h');
    expect(parse('/dashboard', '?window=1y')).toEqual({ view: 'dashboard', window: '7d' });
    const board = parse('/leaderboard', '?repo=acme/widgets&sort=login&registered=true&cursor=abc');
    expect(board).toEqual({ view: 'leaderboard', repo: 'acme/widgets', sort: 'login', registered: 'true', cursor: 'abc' });
    expect(href(board)).toBe('/leaderboard?repo=acme/widgets&sort=login&registered=true&cursor=abc');
    expect(href(parse('/leaderboard', '?sort=height&repo=nope'))).toBe('/leaderboard');
  });
});

describe('miner links and starred issues', () => {
  it('links a GitHub login to its miner view, on a repository when given; bots, ghost and no author have none', () => {
    expect(minerHref('alice')).toBe('/miners/alice');
    expect(minerHref('alice', 'acme/widgets')).toBe('/miners/alice?repo=acme/widgets');
    expect(hasMinerView('alice')).toBe(true);
    expect(hasMinerView('a-b9')).toBe(true);
    expect(hasMinerView('dependabot[bot]')).toBe(false);
    expect(hasMinerView('ghost')).toBe(false);
    expect(hasMinerView('Ghost')).toBe(false);
    expect(hasMinerView(null)).toBe(false);
    expect(hasMinerView(undefined)).toBe(false);
    expect(hasMinerView('')).toBe(false);
  });

  it('reads /starred, and an issue star as the item it names', () => {
    expect(parseLocation('/starred', '')).toEqual({ view: 'starred' });
    expect(roundTrip('/starred?x=1')).toBe('/starred');
    expect(parseLocation('/starred/more', '').view).toBe('not-found');
    const ref = starredIssueRef('acme/widgets#12');
    expect(ref).toEqual({ repo: 'acme/widgets', kind: 'issue', number: 12 });
    // From a view without item panels, the item opens on its repository's issues.
    expect(withItem({ view: 'starred' }, ref)).toBe('/repos/acme/widgets/issues?item=acme/widgets/issues/12');
    for (const bad of ['acme/widgets', 'acme/widgets#0', 'acme#3', 'a/b/c#3', 'acme/..#3']) expect(starredIssueRef(bad), bad).toBeNull();
  });
});
