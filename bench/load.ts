import autocannon from 'autocannon';

export interface LoadResult {
  route: string;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  rps: number;
  requests: number;
  non_2xx: number;
}

/**
 * A bounded load on one route of a server on loopback: `connections` clients for
 * `seconds`, each request picked from `paths` in turn (so caches see varied keys),
 * either as fast as the server answers (throughput) or at a fixed `rate` (latency).
 */
export async function loadRoute(baseUrl: string, route: string, paths: string[], seconds: number, connections = 8, rate?: number): Promise<LoadResult> {
  const url = new URL(baseUrl);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) throw new Error('load tests target loopback only');
  let i = 0;
  const result = await autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
    // A fixed request rate measures latency without the queueing a saturating load adds.
    ...(rate ? { overallRate: rate } : {}),
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[i++ % paths.length]! }) }],
  });
  return {
    route,
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    max_ms: result.latency.max,
    rps: Math.round(result.requests.average),
    requests: result.requests.total,
    non_2xx: result.non2xx,
  };
}
