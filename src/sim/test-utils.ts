/** Small helpers shared by the simulator's own tests. */
import type { Simulator } from './index.ts';

export interface Got<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export async function get<T = unknown>(sim: Simulator, path: string, headers: Record<string, string> = {}): Promise<Got<T>> {
  const res = await fetch(path.startsWith('http') ? path : `${sim.url}${path}`, { headers, redirect: 'manual' });
  const text = await res.text();
  let body: unknown = undefined;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, body: body as T, text };
}

export async function gql<T = unknown>(sim: Simulator, query: string, variables: Record<string, unknown> = {}, token = 'test-token'): Promise<Got<T>> {
  const res = await fetch(sim.graphqlUrl, { method: 'POST', headers: { authorization: `bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : undefined) as T, text };
}

/** Parses a Link header into rel → URL. */
export function links(header: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(',')) {
    const m = /<([^>]+)>;\s*rel="([^"]+)"/.exec(part);
    if (m) out[m[2]!] = m[1]!;
  }
  return out;
}
