import type { ClosingIssue, IssueStatus, ItemKind, LinkedPull, PullStatus } from '../api/types.ts';
import { DEMO_NOT_ON_GITHUB, githubHref } from '../github-web.ts';
import { useGithubWeb } from '../hooks/useGithubWeb.ts';
import { withItem, type Route } from '../url-state.ts';
import { AppLink } from './AppLink.tsx';
import { ExternalLink } from './ExternalLink.tsx';
import { StatusGlyph, statusWord, tone } from './ItemStatus.tsx';

interface ChipProps {
  kind: ItemKind;
  repo: string;
  number: number;
  status: IssueStatus | PullStatus | null;
  title: string | null;
  /** The repository the chip is shown in: a reference inside it reads "#12", elsewhere "owner/name#12". */
  contextRepo: string;
  /** In-page href that opens the item; null for an item of a repository the hub does not track. */
  href: string | null;
}

/** A linked item with its state: "#57 Merged". The whole chip is the link. */
export function ItemChip({ kind, repo, number, status, title, contextRepo, href }: ChipProps) {
  const web = useGithubWeb();
  const ref = repo.toLowerCase() === contextRepo.toLowerCase() ? `#${number}` : `${repo}#${number}`;
  const word = href ? statusWord(kind, status) : 'not tracked';
  const label = `${kind === 'pull' ? 'Pull request' : 'Issue'} ${ref}, ${word}${title ? `: ${title}` : ''}`;
  const body = (
    <>
      <StatusGlyph kind={kind} status={status} aria-hidden="true" className={`tone-${tone(kind, status)}`} />
      <span className="chip-ref">{ref}</span>
      <span className="chip-state">{word}</span>
    </>
  );
  const className = `chip tone-border-${href ? tone(kind, status) : 'muted'}`;
  if (!href) {
    const onGithub = githubHref(web, repo, { kind, number });
    if (!onGithub) {
      return (
        <span className={className} role="note" aria-label={label} title={web.kind === 'demo' ? `${label}. ${DEMO_NOT_ON_GITHUB}` : label}>
          {body}
        </span>
      );
    }
    return (
      <ExternalLink className={className} href={onGithub} aria-label={label} title={label}>
        {body}
      </ExternalLink>
    );
  }
  return (
    <AppLink className={className} href={href} aria-label={label} title={title ?? undefined}>
      {body}
    </AppLink>
  );
}

/** A pull request linked to an issue, as a chip that opens it. */
export function PullChip({ pull, contextRepo, route }: { pull: LinkedPull; contextRepo: string; route: Route }) {
  return <ItemChip kind="pull" repo={pull.repo} number={pull.number} status={pull.status} title={pull.title} contextRepo={contextRepo} href={withItem(route, { repo: pull.repo, kind: 'pull', number: pull.number })} />;
}

/** An issue a pull request closes; one in an untracked repository links to GitHub instead. */
export function IssueChip({ issue, contextRepo, route }: { issue: ClosingIssue; contextRepo: string; route: Route }) {
  return (
    <ItemChip
      kind="issue"
      repo={issue.repo}
      number={issue.number}
      status={issue.status}
      title={issue.title}
      contextRepo={contextRepo}
      href={issue.tracked ? withItem(route, { repo: issue.repo, kind: 'issue', number: issue.number }) : null}
    />
  );
}
