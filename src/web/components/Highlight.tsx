import type { Segment } from '../api/types.ts';

/**
 * Search highlights arrive as plain-text pieces with a match flag. Each piece
 * becomes a React text node (escaped by React), matches inside <mark>: no markup
 * from an issue ever reaches the DOM as HTML.
 */
export function Highlight({ segments }: { segments: Segment[] }) {
  return (
    <>
      {segments.map((s, i) => (s.match ? <mark key={i}>{s.text}</mark> : <span key={i}>{s.text}</span>))}
    </>
  );
}
