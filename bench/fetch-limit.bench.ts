/**
 * The sync's two reading limits, over the pages the sync itself fetched (the
 * simulator's log of its GETs, replayed in order): a plain `fetch` of them (Node's
 * fetch, the client the hub's gateway calls, with the gateway's token and Accept
 * headers, `lanes` pages in flight as the sync runs two repositories at a time),
 * each answer read to its last byte and dropped; then `JSON.parse` of the same
 * answers' text, timed call by call (the answers are fetched again, one at a time,
 * and only the parses are on the clock, so no more than one answer is held). Both
 * are given in items/s of the items the sync stored, the unit of the sync's own rate.
 */
export interface SyncPage {
  path: string;
  query: Record<string, string>;
}

export interface FetchLimits {
  pages: number;
  megabytes: number;
  plain_fetch_items_per_s: number;
  json_parse_items_per_s: number;
}

export async function runFetchLimits(baseUrl: string, pages: SyncPage[], items: number, lanes = 2): Promise<FetchLimits> {
  const base = new URL(baseUrl);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(base.hostname)) throw new Error('the fetch limit reads from a simulator on loopback only');
  const urls = pages.map((p) => {
    const u = new URL(p.path, base);
    for (const [k, v] of Object.entries(p.query)) u.searchParams.set(k, v);
    return u.toString();
  });
  const headers = { accept: 'application/vnd.github+json', authorization: 'token bench-token' };
  const get = async (url: string): Promise<string> => {
    const res = await fetch(url, { headers });
    const text = await res.text();
    if (!res.ok) throw new Error(`plain fetch of ${url}: ${res.status}`);
    return text;
  };

  let bytes = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      while (next < urls.length) bytes += Buffer.byteLength(await get(urls[next++]!));
    }),
  );
  const fetchSeconds = (performance.now() - started) / 1000;

  let parseMs = 0;
  for (const url of urls) {
    const text = await get(url);
    const at = performance.now();
    JSON.parse(text);
    parseMs += performance.now() - at;
  }
  return {
    pages: urls.length,
    megabytes: Math.round(bytes / 1e5) / 10,
    plain_fetch_items_per_s: Math.round(items / fetchSeconds),
    json_parse_items_per_s: Math.round(items / (parseMs / 1000)),
  };
}
