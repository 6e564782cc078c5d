import type { ScoreReason } from '../../api/types.ts';

/** Reasons in words: what it is, what was measured, and the lever that would raise it. */
export function Reasons({ list }: { list: readonly ScoreReason[] }) {
  if (list.length === 0) return null;
  return (
    <ul className="reasons">
      {list.map((r, i) => (
        <li key={`${r.code}-${i}`}>
          <span className="reason-text">{r.reason_text}</span> <span className="muted">({r.detail})</span>
          {r.lever ? <span className="lever"> To raise it: {r.lever}.</span> : null}
        </li>
      ))}
    </ul>
  );
}
