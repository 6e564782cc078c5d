import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

/**
 * Security headers on every answer. The CSP fits a same-origin React page: its
 * own scripts only (no inline script, no eval), styles from itself plus inline
 * style attributes (component libraries set them), avatars from GitHub, API
 * calls to this origin only, and never inside a frame.
 */
const HELMET_OPTIONS = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      'default-src': ["'self'"],
      'script-src': ["'self'"],
      'style-src': ["'self'", "'unsafe-inline'"],
      'img-src': ["'self'", 'data:', 'https://avatars.githubusercontent.com'],
      'font-src': ["'self'", 'data:'],
      'connect-src': ["'self'"],
      'object-src': ["'none'"],
      'base-uri': ["'self'"],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
    },
  },
  frameguard: { action: 'deny' as const },
  // The API is read by the page and by scripts; nothing is meant for other origins' embedding.
  crossOriginResourcePolicy: { policy: 'same-origin' as const },
  referrerPolicy: { policy: 'no-referrer' as const },
  // HSTS belongs to whatever terminates TLS in front of the hub (it listens on plain HTTP).
  strictTransportSecurity: false,
};

/**
 * The headers as helmet's own middleware sets them, in its order and spelling,
 * recorded once against a stand-in response: none of them depends on the request.
 */
const HELMET_HEADERS: ReadonlyArray<readonly [string, string]> = (() => {
  const headers = new Map<string, [string, string]>();
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => void headers.set(name.toLowerCase(), [name, String(value)]),
    removeHeader: (name: string) => void headers.delete(name.toLowerCase()),
  };
  let done = false;
  helmet(HELMET_OPTIONS)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
    done = true;
  });
  // Helmet's middleware is synchronous; if a later version were not, this would fail at start-up, not silently.
  if (!done) throw new Error('helmet did not finish synchronously');
  return Object.freeze([...headers.values()].map((pair) => Object.freeze(pair)));
})();

/**
 * Sets the headers on every request, as @fastify/helmet did: on the raw response in
 * an onRequest hook, so every answer (404s and errors included) carries them, with
 * the same names, values and order. The plugin did not fit: it calls helmet(options)
 * on every request, which checks the options and builds the CSP string again each
 * time (about 3% of the server's time under load), and decorates every reply with a
 * closure the hub never calls (reply.helmet). The values still come from helmet
 * itself, computed once at start.
 */
export async function registerSecurity(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', (_request, reply, done) => {
    for (const [name, value] of HELMET_HEADERS) reply.raw.setHeader(name, value);
    done();
  });
}

/**
 * The same headers as a plain record, for answers written before any hook runs
 * (URLs the router refuses, requests Node's HTTP parser refuses).
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = Object.freeze(Object.fromEntries(HELMET_HEADERS.map(([name, value]) => [name.toLowerCase(), value])));
