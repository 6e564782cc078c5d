import type { Label } from '../api/types.ts';
import { labelStyle } from '../label-colors.ts';

export function LabelChips({ labels }: { labels: Label[] }) {
  if (labels.length === 0) return null;
  return (
    <ul className="labels" aria-label="Labels">
      {labels.map((l) => (
        <li key={l.name} className="label" style={labelStyle(l.color) ?? undefined} title={l.description ?? undefined}>
          {l.name}
        </li>
      ))}
    </ul>
  );
}
