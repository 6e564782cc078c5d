import { FilterIcon } from '@primer/octicons-react';
import { hasMinerView, minerHref } from '../url-state.ts';
import { AppLink } from './AppLink.tsx';

/**
 * An author's or miner's login, linking to their miner view (in-page navigation); a bot,
 * `ghost` or a missing author is plain text (`fallback` when there is no login at all).
 * `repo` opens the view on that repository.
 */
export function MinerLink({ login, repo = '', fallback = 'unknown' }: { login: string | null | undefined; repo?: string; fallback?: string }) {
  if (!hasMinerView(login)) return <>{login ?? fallback}</>;
  return (
    <AppLink href={minerHref(login, repo)} className="miner-link" title={`${login}’s standing and pay`}>
      {login}
    </AppLink>
  );
}

/** A small icon link beside a login to the list of that person's items (the list filter the login used to link to). */
export function AuthorItemsLink({ href, label }: { href: string; label: string }) {
  return (
    <AppLink href={href} className="author-items-link" aria-label={label} title={label}>
      <FilterIcon size={12} aria-hidden="true" />
    </AppLink>
  );
}
