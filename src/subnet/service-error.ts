import type { z } from 'zod';
import { HubError } from '../core/errors.ts';

export type ServiceFailure =
  /** Network error, timeout, 5xx or 429 after every retry. */
  | 'unavailable'
  /** A 4xx answer: asking again will not help. */
  | 'rejected'
  /** A 2xx answer that is not JSON (an HTML page from a proxy, a cut-off body). */
  | 'not_json'
  /** JSON that does not fit the expected shape. */
  | 'invalid_answer'
  /** The service's URL is set to `off`: nothing was asked. */
  | 'not_configured';

/**
 * A failed call to one of the subnet's services. The message names the service,
 * the endpoint and, for an answer that does not fit, the first fields at fault
 * (`GET /miners: [3].totalScore: expected a number …`).
 */
export class ServiceError extends HubError {
  readonly service: string;
  readonly endpoint: string;
  readonly failure: ServiceFailure;
  readonly httpStatus: number | null;
  /** Paths of the offending fields (`[3].totalScore`), for answers that do not fit. */
  readonly fields: string[];

  constructor(o: { service: string; endpoint: string; failure: ServiceFailure; message: string; httpStatus?: number | null; fields?: string[] }) {
    super(502, `service_${o.failure}`, `${o.service} ${o.endpoint}: ${o.message}`);
    this.name = 'ServiceError';
    this.service = o.service;
    this.endpoint = o.endpoint;
    this.failure = o.failure;
    this.httpStatus = o.httpStatus ?? null;
    this.fields = o.fields ?? [];
  }
}

/** `[3].totalScore`, `maintainers[0].github_id`. */
export function fieldPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(the whole answer)';
}

/** The first few issues of a failed parse as `field: message`, and their paths. */
export function describeIssues(error: z.ZodError, limit = 3): { message: string; fields: string[] } {
  const fields = error.issues.map((i) => fieldPath(i.path));
  const shown = error.issues.slice(0, limit).map((i) => `${fieldPath(i.path)}: ${i.message}`);
  const more = error.issues.length - shown.length;
  return { message: shown.join('; ') + (more > 0 ? `; and ${more} more` : ''), fields };
}
