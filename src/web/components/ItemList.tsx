import { CommentIcon } from '@primer/octicons-react';
import type { Issue, Item, ItemKind, Pull } from '../api/types.ts';
import { useFirstRowsMark } from '../hooks/useFirstRowsMark.ts';
import { NAV_ROW } from '../hooks/useShortcuts.ts';
import { withItem, type Route } from '../url-state.ts';
import { IssueChip, PullChip } from './ItemChip.tsx';
import { LabelChips } from './LabelChips.tsx';
import { AppLink } from './AppLink.tsx';
import { Assignees } from './Assignees.tsx';
import { AuthorItemsLink, MinerLink } from './MinerLink.tsx';
import { RelativeTime } from './RelativeTime.tsx';
import { StatusIcon } from './ItemStatus.tsx';

const CHIPS_SHOWN = 3;

/**
 * Who is on an issue (its claiming pull requests) or what a pull request closes:
 * the list answer carries the first three of each, the counts say how many more.
 */
function IssueLinks({ issue, route }: { issue: Issue; route: Route }) {
  if (issue.linked_pulls_count === 0) return <span className="chip chip-free" title="No open, draft or merged pull request closes this issue">Unclaimed</span>;
  const pulls = issue.linked_pulls.slice(0, CHIPS_SHOWN);
  const more = Math.max(issue.linked_pulls_count, issue.linked_pulls.length) - pulls.length;
  return (
    <>
      {pulls.map((p) => (
        <PullChip key={`${p.repo}#${p.number}`} pull={p} contextRepo={issue.repo} route={route} />
      ))}
      {more > 0 ? <span className="chip chip-more">+{more} more</span> : null}
    </>
  );
}

function PullLinks({ pull, route }: { pull: Pull; route: Route }) {
  if (pull.closing_issues_count === 0) return null;
  const issues = pull.closing_issues.slice(0, CHIPS_SHOWN);
  const more = Math.max(pull.closing_issues_count, pull.closing_issues.length) - issues.length;
  return (
    <>
      <span className="chip-lead">closes</span>
      {issues.map((i) => (
        <IssueChip key={`${i.repo}#${i.number}`} issue={i} contextRepo={pull.repo} route={route} />
      ))}
      {more > 0 ? <span className="chip chip-more">+{more} more</span> : null}
    </>
  );
}

interface RowProps {
  kind: ItemKind;
  item: Item;
  route: Route;
  showRepo: boolean;
  isNew: boolean;
  authorHref: (author: string) => string;
  assigneeHref: (login: string) => string;
}

function ItemRow({ kind, item, route, showRepo, isNew, authorHref, assigneeHref }: RowProps) {
  const ref = { repo: item.repo, kind, number: item.number };
  return (
    <li className={`item-row${isNew ? ' is-new' : ''}`}>
      <StatusIcon kind={kind} status={item.status} />
      <div className="item-main">
        <div className="item-title-line">
          <AppLink className="item-title" href={withItem(route, ref)} {...{ [NAV_ROW]: '' }}>
            {showRepo ? <span className="item-repo">{item.repo} </span> : null}
            {item.title}
          </AppLink>
          {isNew ? <span className="new-badge">New</span> : null}
          <LabelChips labels={item.labels} />
        </div>
        <div className="item-sub">
        <div className="item-meta">
          <span>#{item.number}</span>
          <span>
            opened <RelativeTime iso={item.created_at} /> by{' '}
            <MinerLink login={item.author} />
            {item.author ? <> <AuthorItemsLink href={authorHref(item.author)} label={`${kind === 'pull' ? 'Pull requests' : 'Issues'} by ${item.author}`} /></> : null}
          </span>
          <Assignees logins={item.assignees} href={assigneeHref} className="item-assignees" />
          {kind === 'pull' && (item as Pull).merged_at ? <RelativeTime iso={(item as Pull).merged_at} prefix="merged" /> : null}
          <RelativeTime iso={item.updated_at} prefix="updated" />
          {item.comments > 0 ? (
            <span className="item-comments">
              <CommentIcon aria-hidden="true" /> {item.comments}
              <span className="visually-hidden"> comments</span>
            </span>
          ) : null}
        </div>
        <div className="item-links">{kind === 'issue' ? <IssueLinks issue={item as Issue} route={route} /> : <PullLinks pull={item as Pull} route={route} />}</div>
        </div>
      </div>
    </li>
  );
}

export interface ItemListProps {
  kind: ItemKind;
  items: Item[];
  route: Route;
  showRepo: boolean;
  /** Epoch ms of the reader's previous visit to a repository: rows created after it are marked new. */
  newSince: (repo: string) => number;
  authorHref: (author: string) => string;
  assigneeHref: (login: string) => string;
  label: string;
}

export function ItemList({ kind, items, route, showRepo, newSince, authorHref, assigneeHref, label }: ItemListProps) {
  useFirstRowsMark(items.length > 0);
  return (
    <ul className="item-list" aria-label={label}>
      {items.map((item) => (
        <ItemRow
          key={`${item.repo}#${item.number}`}
          kind={kind}
          item={item}
          route={route}
          showRepo={showRepo}
          isNew={Date.parse(item.created_at) > newSince(item.repo)}
          authorHref={authorHref}
          assigneeHref={assigneeHref}
        />
      ))}
    </ul>
  );
}
