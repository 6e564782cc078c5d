import { useSyncExternalStore } from 'react';
import type { ItemRef } from '../url-state.ts';

export interface Toast {
  id: number;
  title: string;
  /** Optional detail line. */
  body?: string;
  /** Where "Open" goes (an in-page href). */
  href?: string;
  /** The item announced: its title is shown once known. */
  item?: ItemRef;
}

// Few at a time: a burst of arrivals becomes one toast per batch, not a wall.
const MAX = 3;
const LIFETIME_MS = 10_000;

let toasts: Toast[] = [];
let next = 1;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());

export function pushToast(toast: Omit<Toast, 'id'>): number {
  const id = next++;
  toasts = [...toasts, { ...toast, id }].slice(-MAX);
  emit();
  setTimeout(() => dismissToast(id), LIFETIME_MS);
  return id;
}

export function dismissToast(id: number): void {
  if (!toasts.some((t) => t.id === id)) return;
  toasts = toasts.filter((t) => t.id !== id);
  emit();
}

export function useToasts(): Toast[] {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => toasts,
  );
}
