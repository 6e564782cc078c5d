import { CommentIcon, LinkExternalIcon } from '@primer/octicons-react';
import { Dialog } from '@primer/react';
import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import type { IssueDetail, PullDetail } from '../api/types.ts';
import { DEMO_NOT_ON_GITHUB, githubHref } from '../github-web.ts';
import { detailQuery } from '../hooks/queries.ts';
import { useGithubWeb } from '../hooks/useGithubWeb.ts';
import { navigate } from '../hooks/useRoute.ts';
import { DEFAULT_FILTERS, hrefOf, withItem, type ItemRef, type Route } from '../url-state.ts';
import { IssueChip, PullChip } from './ItemChip.tsx';
import { CollisionWarning, SolveReward } from './IssueClaims.tsx';
import { PullScore } from './PullScore.tsx';
import { LabelChips } from './LabelChips.tsx';
import { Assignees } from './Assignees.tsx';
import { AuthorItemsLink, MinerLink } from './MinerLink.tsx';
import { StarButton } from './miner/StarButton.tsx';
import { ExternalLink } from './ExternalLink.tsx';
import { Loading, LoadError } from './QueryState.tsx';
import { RelativeTime } from './RelativeTime.tsx';
import { StatusPill } from './ItemStatus.tsx';

// The markdown renderer is only needed once an item is opened: it stays out of the first load,
// and is fetched when the browser is idle after it (preloadMarkdown), so opening an item does not wait for it.
const loadMarkdown = () => import('./Markdown.tsx');
const Markdown = lazy(loadMarkdown);

export function preloadMarkdown(): void {
  const idle = window.requestIdleCallback ?? ((cb: () => void) => setTimeout(cb, 1500));
  idle(() => void loadMarkdown());
}

const sourceWord = (s: 'text' | 'graphql') => (s === 'text' ? 'closing keyword in the description' : 'linked on GitHub');

function LinkedPulls({ item, route }: { item: IssueDetail; route: Route }) {
  if (item.linked_pulls.length === 0) {
    return <p className="panel-empty">No pull request closes this issue yet: nobody has claimed it.</p>;
  }
  return (
    <ul className="chip-list" aria-label="Linked pull requests">
      {item.linked_pulls.map((p) => (
        <li key={`${p.repo}#${p.number}`}>
          <PullChip pull={p} contextRepo={item.repo} route={route} />
          <span className="chip-note">
            {p.title}
            {p.author ? (
              <>
                {' — '}
                <MinerLink login={p.author} />
              </>
            ) : null}{' '}
            · {sourceWord(p.source)}
          </span>
        </li>
      ))}
    </ul>
  );
}

function ClosingIssues({ item, route }: { item: PullDetail; route: Route }) {
  if (item.closing_issues.length === 0) return <p className="panel-empty">This pull request does not close any issue.</p>;
  return (
    <ul className="chip-list" aria-label="Issues this pull request closes">
      {item.closing_issues.map((i) => (
        <li key={`${i.repo}#${i.number}`}>
          <IssueChip issue={i} contextRepo={item.repo} route={route} />
          <span className="chip-note">
            {i.tracked ? i.title : 'in a repository the hub does not track'} · {sourceWord(i.source)}
          </span>
        </li>
      ))}
    </ul>
  );
}

function PanelBody({ itemRef, route }: { itemRef: ItemRef; route: Route }) {
  const query = useQuery(detailQuery(itemRef));
  const web = useGithubWeb();
  const what = `${itemRef.kind === 'pull' ? 'pull request' : 'issue'} ${itemRef.repo}#${itemRef.number}`;
  if (query.isPending) return <Loading what={what} />;
  if (query.isError) return <LoadError what={what} error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />;
  const item = query.data;
  const isPull = itemRef.kind === 'pull';
  const githubUrl = githubHref(web, item.repo, { kind: itemRef.kind, number: item.number });
  const authorHref = item.author
    ? hrefOf({ view: 'repo', repo: item.repo, tab: isPull ? 'pulls' : 'issues', filters: { ...DEFAULT_FILTERS, author: item.author, state: 'all' }, cursor: '', item: null })
    : null;
  return (
    <div className="panel">
      <div className="panel-meta">
        <StatusPill kind={itemRef.kind} status={item.status} />
        {/* Issues only: a pull request is followed through its author's standing. */}
        {isPull ? null : <StarButton kind="issue" value={`${item.repo}#${item.number}`} label={`issue ${item.repo}#${item.number}`} />}
        <span>
          <MinerLink login={item.author} fallback="unknown author" />
          {authorHref ? <> <AuthorItemsLink href={authorHref} label={`${isPull ? 'Pull requests' : 'Issues'} by ${item.author} in ${item.repo}`} /></> : null} opened{' '}
          <RelativeTime iso={item.created_at} />
        </span>
        {isPull && (item as PullDetail).merged_at ? (
          <span>
            <RelativeTime iso={(item as PullDetail).merged_at} prefix="merged" />
          </span>
        ) : null}
        <span>
          <RelativeTime iso={item.updated_at} prefix="updated" />
        </span>
        {item.assignees.length ? (
          <Assignees
            logins={item.assignees}
            href={(login) => hrefOf({ view: 'repo', repo: item.repo, tab: isPull ? 'pulls' : 'issues', filters: { ...DEFAULT_FILTERS, assignee: login }, cursor: '', item: null })}
          />
        ) : (
          <span className="muted">no assignee</span>
        )}
        <span>
          <CommentIcon aria-hidden="true" /> {item.comments} <span className="visually-hidden">comments</span>
        </span>
        {githubUrl ? (
          <ExternalLink href={githubUrl} className="panel-github">
            <LinkExternalIcon aria-hidden="true" /> Open on GitHub
          </ExternalLink>
        ) : web.kind === 'demo' ? (
          <span className="panel-github muted">{DEMO_NOT_ON_GITHUB}</span>
        ) : null}
      </div>
      {item.gone ? <p className="panel-gone">GitHub no longer has this item here ({item.gone}).</p> : null}
      {isPull && (item as PullDetail).base_ref ? (
        <p className="panel-refs">
          {(item as PullDetail).head_repo ?? 'a deleted fork'}:{(item as PullDetail).head_ref} → {(item as PullDetail).base_ref}
        </p>
      ) : null}
      <LabelChips labels={item.labels} />
      {'linked_pulls' in item ? <CollisionWarning item={item} /> : null}
      <section aria-labelledby="panel-links">
        <h3 id="panel-links" className="panel-section">
          {isPull ? 'Closes' : 'Linked pull requests'}
        </h3>
        {'linked_pulls' in item ? <LinkedPulls item={item} route={route} /> : <ClosingIssues item={item as PullDetail} route={route} />}
      </section>
      <section aria-labelledby="panel-score">
        <h3 id="panel-score" className="panel-section">
          {isPull ? 'Score' : 'What solving it pays'}
        </h3>
        {'linked_pulls' in item ? <SolveReward item={item} /> : <PullScore repo={item.repo} number={item.number} />}
      </section>
      <section aria-labelledby="panel-body">
        <h3 id="panel-body" className="panel-section">
          Description
        </h3>
        {item.body?.trim() ? (
          <Suspense fallback={<Loading what="the description" />}>
            {/* Relative links resolve against the item's page; with no page (demo) only absolute links stay links. */}
            <Markdown source={item.body} baseUrl={githubUrl ?? 'about:blank'} />
          </Suspense>
        ) : (
          <p className="panel-empty">No description provided.</p>
        )}
      </section>
    </div>
  );
}

/** The open item (from the URL's `item`): a side sheet on wide screens, the full screen on a phone. */
export function ItemPanel({ itemRef, route }: { itemRef: ItemRef; route: Route }) {
  const query = useQuery(detailQuery(itemRef));
  // The element that opened the panel (read before the dialog takes focus) gets it back on close,
  // so j/k carry on from the same row; the dialog closes by navigation, which its own return cannot see.
  const [opener] = useState(() => document.activeElement);
  useEffect(
    () => () => {
      requestAnimationFrame(() => {
        if (opener instanceof HTMLElement && opener.isConnected && opener !== document.body) opener.focus();
      });
    },
    [opener],
  );
  const ref = `${itemRef.repo}#${itemRef.number}`;
  // Focus starts on the panel's content, not on the close button: a focused icon button shows its
  // tooltip ("Close") at once, over the title, without anyone asking. Esc and the button still close it.
  const content = useRef<HTMLDivElement>(null);
  return (
    <Dialog
      initialFocusRef={content}
      title={query.data ? query.data.title : ref}
      subtitle={`${itemRef.kind === 'pull' ? 'Pull request' : 'Issue'} ${ref}`}
      onClose={() => navigate(withItem(route, null))}
      position={{ narrow: 'fullscreen', regular: 'right' }}
      width="xlarge"
      className="item-dialog"
    >
      <div ref={content} tabIndex={-1} className="panel-focus">
        <PanelBody key={ref} itemRef={itemRef} route={route} />
      </div>
    </Dialog>
  );
}
