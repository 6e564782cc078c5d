import { XIcon } from '@primer/octicons-react';
import { IconButton } from '@primer/react';
import { useQuery } from '@tanstack/react-query';
import { detailQuery } from '../hooks/queries.ts';
import { dismissToast, useToasts } from '../hooks/toasts.ts';
import type { ItemRef } from '../url-state.ts';
import { AppLink } from './AppLink.tsx';

function ItemTitle({ item }: { item: ItemRef }) {
  const query = useQuery(detailQuery(item));
  return query.data ? <span>{query.data.title}</span> : null;
}

/** Announced politely to screen readers; each toast closes by itself after a while or with its button. */
export function Toasts() {
  const toasts = useToasts();
  return (
    <div className="toasts" role="status" aria-live="polite" aria-label="Notifications">
      {toasts.map((t) => (
        <div key={t.id} className="toast">
          <div className="toast-text">
            <strong>{t.title}</strong>
            {t.body ? <span>{t.body}</span> : null}
            {t.item ? <ItemTitle item={t.item} /> : null}
          </div>
          {t.href ? (
            <AppLink href={t.href} className="toast-open" onClick={() => dismissToast(t.id)}>
              Open
            </AppLink>
          ) : null}
          <IconButton icon={XIcon} aria-label="Dismiss notification" variant="invisible" size="small" onClick={() => dismissToast(t.id)} />
        </div>
      ))}
    </div>
  );
}
