import {
  CircleSlashIcon,
  DuplicateIcon,
  GitMergeIcon,
  GitPullRequestClosedIcon,
  GitPullRequestDraftIcon,
  GitPullRequestIcon,
  IssueClosedIcon,
  IssueOpenedIcon,
  SkipIcon,
} from '@primer/octicons-react';
import type { IssueStatus, ItemKind, PullStatus } from '../api/types.ts';

type Status = IssueStatus | PullStatus;

const WORDS: Record<ItemKind, Record<string, string>> = {
  issue: { open: 'Open', completed: 'Completed', not_planned: 'Not planned', duplicate: 'Duplicate', closed: 'Closed' },
  pull: { open: 'Open', draft: 'Draft', merged: 'Merged', closed: 'Closed' },
};

export const statusWord = (kind: ItemKind, status: Status | null) => (status ? (WORDS[kind][status] ?? status) : 'Unknown');

type GlyphProps = { kind: ItemKind; status: Status | null; className?: string; 'aria-label'?: string; 'aria-hidden'?: 'true' };

/** The octicon GitHub shows for an item in this status. */
export function StatusGlyph({ kind, status, ...props }: GlyphProps) {
  if (kind === 'pull') {
    if (status === 'merged') return <GitMergeIcon {...props} />;
    if (status === 'draft') return <GitPullRequestDraftIcon {...props} />;
    if (status === 'closed') return <GitPullRequestClosedIcon {...props} />;
    return <GitPullRequestIcon {...props} />;
  }
  if (status === 'completed') return <IssueClosedIcon {...props} />;
  if (status === 'not_planned') return <SkipIcon {...props} />;
  if (status === 'duplicate') return <DuplicateIcon {...props} />;
  if (status === 'closed') return <CircleSlashIcon {...props} />;
  return <IssueOpenedIcon {...props} />;
}

/** The colour family of a status, as GitHub shows it: open green, done purple, closed red, the rest muted. */
export function tone(kind: ItemKind, status: Status | null): 'open' | 'done' | 'closed' | 'muted' {
  if (status === 'open') return 'open';
  if (status === 'merged' || status === 'completed') return 'done';
  if (kind === 'pull' && status === 'closed') return 'closed';
  return 'muted';
}

/** An icon that says its status to screen readers as well. */
export function StatusIcon({ kind, status }: { kind: ItemKind; status: Status | null }) {
  const label = `${statusWord(kind, status)} ${kind === 'pull' ? 'pull request' : 'issue'}`;
  return <StatusGlyph kind={kind} status={status} className={`status-icon tone-${tone(kind, status)}`} aria-label={label} />;
}

/** A pill with icon and word, for item headers. */
export function StatusPill({ kind, status }: { kind: ItemKind; status: Status | null }) {
  return (
    <span className={`status-pill tone-bg-${tone(kind, status)}`}>
      <StatusGlyph kind={kind} status={status} aria-hidden="true" />
      {statusWord(kind, status)}
    </span>
  );
}

