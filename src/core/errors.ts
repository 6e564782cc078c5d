/**
 * The one error type of the hub: an HTTP status and a stable snake_case code that
 * API clients and scripts can branch on. Anything else that escapes to the edge is
 * treated as an internal error and its details are hidden from callers.
 */
export class HubError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'HubError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** Wraps non-Error throws (strings, objects) so logs and job records always see an Error. */
export function toError(value: unknown): Error {
  if (value instanceof Error) return value;
  if (typeof value === 'string') return new Error(value);
  try {
    return new Error(JSON.stringify(value));
  } catch {
    return new Error(String(value));
  }
}
