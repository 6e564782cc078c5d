import type { AnchorHTMLAttributes, MouseEvent, ReactNode } from 'react';
import { navigate, type HistoryState } from '../hooks/useRoute.ts';

export type AnchorProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { href: string; children: ReactNode };

/**
 * A link inside the page: a real <a href> (so it can be opened in a new tab,
 * copied, and read by assistive technology as a link) whose plain click moves
 * the page without a reload.
 */
export function AppLink({ href, state, onClick, children, ...rest }: AnchorProps & { state?: HistoryState }) {
  const click = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href, { state });
  };
  return (
    <a href={href} onClick={click} {...rest}>
      {children}
    </a>
  );
}
