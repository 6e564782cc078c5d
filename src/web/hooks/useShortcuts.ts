import { useEffect } from 'react';

/** The search box `/` focuses. */
export const SEARCH_INPUT_ID = 'hub-search';
/** Marks the one focusable element of each list row that j/k move between. */
export const NAV_ROW = 'data-nav-row';

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

function moveRow(step: 1 | -1): boolean {
  // Rows of the open dialog (its links) are not the list's: j/k act on the page behind only when no dialog is open.
  if (document.querySelector('[role="dialog"]')) return false;
  const rows = [...document.querySelectorAll<HTMLElement>(`main [${NAV_ROW}]`)];
  if (rows.length === 0) return false;
  const at = rows.findIndex((r) => r === document.activeElement || r.contains(document.activeElement));
  const next = rows[at < 0 ? (step > 0 ? 0 : rows.length - 1) : Math.min(rows.length - 1, Math.max(0, at + step))]!;
  next.focus();
  next.scrollIntoView({ block: 'nearest' });
  return true;
}

/**
 * Page-wide keys: j/k (and the arrow keys once a row has focus) move through the
 * list, Enter follows the focused row's link (the browser does that), `/`
 * focuses search, `?` shows the shortcuts. Esc is the dialog's own. Keys typed
 * into a field stay in the field.
 */
export function useShortcuts(onHelp: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typingIn(e.target)) return;
      const onRow = document.activeElement instanceof HTMLElement && document.activeElement.hasAttribute(NAV_ROW);
      let handled = false;
      if (e.key === 'j' || (e.key === 'ArrowDown' && onRow)) handled = moveRow(1);
      else if (e.key === 'k' || (e.key === 'ArrowUp' && onRow)) handled = moveRow(-1);
      else if (e.key === '/') {
        const input = document.getElementById(SEARCH_INPUT_ID);
        if (input && !document.querySelector('[role="dialog"]')) {
          (input as HTMLInputElement).focus();
          (input as HTMLInputElement).select();
          handled = true;
        }
      } else if (e.key === '?') {
        onHelp();
        handled = true;
      }
      if (handled) e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [onHelp]);
}
