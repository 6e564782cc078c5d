import type { IssueStatus, ItemKind, PullStatus } from '../api/types.ts';
import { AppLink, ExternalLink } from './links.tsx';
import { StatusGlyph, statusWord, tone } from './status.tsx';

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
    return (
      <ExternalLink className={className} href={`https://github.com/${repo}/${kind === 'pull' ? 'pull' : 'issues'}/${number}`} aria-label={label} title={label}>
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
