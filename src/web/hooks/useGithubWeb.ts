import { useQuery } from '@tanstack/react-query';
import { githubWeb, type GithubWeb } from '../github-web.ts';
import { healthQuery, reposQuery } from './queries.ts';

/** Where links to GitHub go, from /api/health (demo or not) and /api/repos (`web_url`); both answers are shared and cached. */
export function useGithubWeb(): GithubWeb {
  const health = useQuery(healthQuery);
  const repos = useQuery(reposQuery);
  return githubWeb(health.data?.mode, repos.data?.web_url);
}
