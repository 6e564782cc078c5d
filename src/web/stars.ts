/**
 * Stars: the logins, repositories and issues a reader keeps an eye on, in this browser only
 * (localStorage; no account). One JSON value under one key, read defensively: anything
 * malformed is dropped, never thrown. The first starred login is the one the header shows.
 */
export type StarKind = 'login' | 'repo' | 'issue';

export interface Stars {
  login: string[];
  repo: string[];
  /** owner/name#number */
  issue: string[];
}

export const STARS_KEY = 'sn74hub.stars';
const MAX_PER_KIND = 200;

const SHAPES: Record<StarKind, RegExp> = {
  login: /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/,
  repo: /^[A-Za-z0-9._-]{1,100}\/[A-Za-z0-9._-]{1,100}$/,
  issue: /^[A-Za-z0-9._-]{1,100}\/[A-Za-z0-9._-]{1,100}#[1-9][0-9]{0,9}$/,
};

export const emptyStars = (): Stars => ({ login: [], repo: [], issue: [] });

/** GitHub names match in any case: one star per name, whatever its spelling. */
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function parseStars(text: string | null): Stars {
  const out = emptyStars();
  if (!text) return out;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return out;
  }
  if (!raw || typeof raw !== 'object') return out;
  for (const kind of Object.keys(SHAPES) as StarKind[]) {
    const list = (raw as Record<string, unknown>)[kind];
    if (!Array.isArray(list)) continue;
    for (const v of list) if (typeof v === 'string' && SHAPES[kind].test(v) && !out[kind].some((x) => same(x, v)) && out[kind].length < MAX_PER_KIND) out[kind].push(v);
  }
  return out;
}

export const isValidStar = (kind: StarKind, value: string) => SHAPES[kind].test(value);
export const hasStar = (s: Stars, kind: StarKind, value: string) => s[kind].some((x) => same(x, value));

/** Stars with `value` added (at the end) or removed; an invalid value changes nothing. */
export function toggleStar(s: Stars, kind: StarKind, value: string): Stars {
  if (!isValidStar(kind, value)) return s;
  const next = { ...s, [kind]: hasStar(s, kind, value) ? s[kind].filter((x) => !same(x, value)) : [...s[kind], value].slice(-MAX_PER_KIND) };
  return next;
}

// ---- the browser's copy, shared by every component that shows a star -----------

const listeners = new Set<() => void>();
let cached: { text: string | null; stars: Stars } | null = null;

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // Storage disabled: stars live for this page only.
  }
}

let memory: string | null = null;

export function readStars(): Stars {
  const text = storage()?.getItem(STARS_KEY) ?? memory;
  if (!cached || cached.text !== text) cached = { text, stars: parseStars(text) };
  return cached.stars;
}

export function writeStars(s: Stars): void {
  const text = JSON.stringify(s);
  memory = text;
  try {
    storage()?.setItem(STARS_KEY, text);
  } catch {
    // Quota or privacy mode: kept in memory for this page.
  }
  listeners.forEach((l) => l());
}

export function subscribeStars(listener: () => void): () => void {
  listeners.add(listener);
  const onStorage = (e: StorageEvent) => e.key === STARS_KEY && listener();
  if (typeof window !== 'undefined') window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    if (typeof window !== 'undefined') window.removeEventListener('storage', onStorage);
  };
}
