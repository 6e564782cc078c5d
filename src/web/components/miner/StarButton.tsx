import { StarFillIcon, StarIcon } from '@primer/octicons-react';
import { IconButton } from '@primer/react';
import { useStars } from '../../hooks/useStars.ts';
import type { StarKind } from '../../stars.ts';
import { hasStar } from '../../stars.ts';

/** Star or unstar a login, repository or issue (kept in this browser). */
export function StarButton({ kind, value, label }: { kind: StarKind; value: string; label: string }) {
  const [stars, toggle] = useStars();
  const on = hasStar(stars, kind, value);
  return (
    <IconButton
      icon={on ? StarFillIcon : StarIcon}
      variant="invisible"
      className={on ? 'star-on' : undefined}
      aria-pressed={on}
      aria-label={on ? `Unstar ${label}` : `Star ${label}`}
      onClick={() => toggle(kind, value)}
    />
  );
}
