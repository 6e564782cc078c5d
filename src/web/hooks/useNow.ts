import { useSyncExternalStore } from 'react';

// One ticker for every relative time on the page ("3 min ago"), not one timer per label.
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) now = Date.now();
  timer ??= setInterval(() => {
    now = Date.now();
    listeners.forEach((l) => l());
  }, 15_000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}

/** "just now", "5 min ago", "3 days ago", "in 2 hours". */
export function relative(iso: string | null | undefined, at: number): string {
  if (!iso) return 'never';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return 'unknown';
  const s = Math.round((t - at) / 1000);
  const abs = Math.abs(s);
  if (abs < 45) return 'just now';
  const fmt = new Intl.RelativeTimeFormat('en', { numeric: 'auto', style: 'short' });
  if (abs < 3600) return fmt.format(Math.round(s / 60), 'minute');
  if (abs < 86_400) return fmt.format(Math.round(s / 3600), 'hour');
  if (abs < 30 * 86_400) return fmt.format(Math.round(s / 86_400), 'day');
  if (abs < 365 * 86_400) return fmt.format(Math.round(s / (30 * 86_400)), 'month');
  return fmt.format(Math.round(s / (365 * 86_400)), 'year');
}
