import type { IncomingMessage, ServerResponse } from 'node:http';
import fastifyHelmet from '@fastify/helmet';
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

export async function registerSecurity(app: FastifyInstance): Promise<void> {
  await app.register(fastifyHelmet, { global: true, ...HELMET_OPTIONS });
}

/**
 * The same headers as a plain record, for answers written before any hook runs
 * (URLs the router refuses, requests Node's HTTP parser refuses). Helmet's own
 * middleware computes them against a recording response, so both paths share
 * one configuration; none of them depends on the request.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = (() => {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  let done = false;
  helmet(HELMET_OPTIONS)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
    done = true;
  });
  // Helmet's middleware is synchronous; if a later version were not, this would fail at start-up, not silently.
  if (!done) throw new Error('helmet did not finish synchronously');
  return Object.freeze(headers);
})();
