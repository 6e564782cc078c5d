import { HubError } from '../core/errors.ts';

/**
 * An error as it crosses a thread boundary. Structured cloning keeps an Error's
 * message but not its class or own fields, so a HubError raised in a search
 * thread (a query of too many words: 400 `query_too_long`) would arrive as a
 * plain Error and answer 500. Its status, code and details travel explicitly.
 */
export interface ThreadError {
  message: string;
  hub?: { status: number; code: string; details?: unknown };
}

export function toThreadError(err: unknown): ThreadError {
  if (err instanceof HubError) return { message: err.message, hub: { status: err.status, code: err.code, details: err.details } };
  return { message: err instanceof Error ? err.message : String(err) };
}

export function fromThreadError(e: ThreadError): Error {
  return e.hub ? new HubError(e.hub.status, e.hub.code, e.message, e.hub.details) : new Error(e.message);
}
