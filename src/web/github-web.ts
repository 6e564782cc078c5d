/**
 * Where the page links to GitHub: the web host the hub mirrors (GITHUB_WEB_URL,
 * reported by /api/repos as `web_url`: https://github.com or a GitHub Enterprise
 * host), never a hard-coded github.com. In demo mode the repositories, issues and
 * people are made up by the built-in simulator, which serves an API and no web
 * pages: a link would lead to a page that does not exist (or, worse, to a real
 * repository's unrelated item), so the page links nowhere and says so instead.
 */

export type GithubWeb =
  /** Links go to this host (no trailing slash). */
  | { kind: 'host'; url: string }
  /** Demo data: nothing to link to. */
  | { kind: 'demo' }
  /** Not known yet (the answers are on their way): no link for now. */
  | { kind: 'unknown' };

export function githubWeb(mode: 'live' | 'demo' | undefined, webUrl: string | undefined): GithubWeb {
  if (mode === 'demo') return { kind: 'demo' };
  if (mode === undefined || !webUrl) return { kind: 'unknown' };
  return { kind: 'host', url: webUrl.replace(/\/+$/, '') };
}

/** A repository's page, or one of its issues or pull requests, on the host; null when there is nothing to link to. */
export function githubHref(web: GithubWeb, repo: string, item?: { kind: 'issue' | 'pull'; number: number }): string | null {
  if (web.kind !== 'host') return null;
  const path = repo.split('/').map(encodeURIComponent).join('/');
  return item ? `${web.url}/${path}/${item.kind === 'pull' ? 'pull' : 'issues'}/${item.number}` : `${web.url}/${path}`;
}

/** Said where a link to GitHub would be, in demo mode. */
export const DEMO_NOT_ON_GITHUB = 'Demo data: not on GitHub';
