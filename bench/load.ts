import { Agent, request } from 'node:http';
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
 * either as fast as the server answers (throughput, autocannon) or at a fixed `rate`
 * (latency, `pacedLoad`).
 */
export async function loadRoute(baseUrl: string, route: string, paths: string[], seconds: number, connections = 8, rate?: number): Promise<LoadResult> {
  const url = new URL(baseUrl);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) throw new Error('load tests target loopback only');
  if (rate) return { route, ...(await pacedLoad(url, paths, seconds, rate, connections)) };
  let i = 0;
  const result = await autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
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

/**
 * An open-loop load at a steady `rate`: request k is due at start + k / rate, sent on one
 * of `connections` keep-alive connections (waiting in the agent's queue when all are busy),
 * and its latency runs from when it was due to its last byte, so a stall of the server
 * counts for every request it holds up (no coordinated omission).
 *
 * Written here because autocannon's rate mode did not fit: it lets each connection send
 * its share of a second's requests back to back at the start of each second, so a fixed
 * rate of 100 requests/s is measured as a burst of 100 every second, and it corrects for
 * coordinated omission with an expected interval of ceil(1 / rate) = 1 ms, which adds one
 * synthetic sample per millisecond of every slow answer.
 */
export async function pacedLoad(url: URL, paths: string[], seconds: number, rate: number, connections: number): Promise<Omit<LoadResult, 'route'>> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let non2xx = 0;
  const send = (path: string, due: number) =>
    new Promise<void>((resolve) => {
      const req = request({ agent, host: url.hostname, port: url.port, path, method: 'GET' }, (res) => {
        if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) non2xx++;
        res.on('data', () => undefined);
        res.on('end', () => {
          latencies.push(performance.now() - due);
          resolve();
        });
      });
      req.on('error', () => {
        non2xx++;
        resolve();
      });
      req.end();
    });
  const total = Math.floor(seconds * rate);
  const interval = 1000 / rate;
  const start = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let k = 0; k < total; k++) {
    const due = start + k * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(send(paths[k % paths.length]!, due));
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => (latencies.length ? Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]! * 10) / 10 : 0);
  return { p50_ms: at(0.5), p99_ms: at(0.99), max_ms: at(1), rps: Math.round(latencies.length / elapsed), requests: latencies.length, non_2xx: non2xx };
}
