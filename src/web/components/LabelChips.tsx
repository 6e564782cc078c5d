import type { Label } from '../api/types.ts';

const HEX = /^[0-9a-fA-F]{6}$/;

/** Readable text on a label's own colour (WCAG relative luminance). */
function textOn(hex: string): string {
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.4 ? '#1f2328' : '#ffffff';
}

export function LabelChips({ labels }: { labels: Label[] }) {
  if (labels.length === 0) return null;
  return (
    <ul className="labels" aria-label="Labels">
      {labels.map((l) => {
        // A colour is data from GitHub: only a plain hex value reaches a style.
        const style = l.color && HEX.test(l.color) ? { backgroundColor: `#${l.color}`, color: textOn(l.color), borderColor: 'transparent' } : undefined;
        return (
          <li key={l.name} className="label" style={style} title={l.description ?? undefined}>
            {l.name}
          </li>
        );
      })}
    </ul>
  );
}
