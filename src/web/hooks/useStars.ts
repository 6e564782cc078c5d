import { useCallback, useSyncExternalStore } from 'react';
import { readStars, subscribeStars, toggleStar, writeStars, type StarKind, type Stars } from '../stars.ts';

/** The browser's stars, and a toggle; every component using it re-renders on a change (in this tab or another). */
export function useStars(): [Stars, (kind: StarKind, value: string) => void] {
  const stars = useSyncExternalStore(subscribeStars, readStars, readStars);
  const toggle = useCallback((kind: StarKind, value: string) => writeStars(toggleStar(readStars(), kind, value)), []);
  return [stars, toggle];
}
