import { Button, Flash, Spinner } from '@primer/react';
import { useEffect, useState, type ReactNode } from 'react';
import { ApiError } from '../api/client.ts';

/** What went wrong, specifically: the status, the API's code and message, and which request. */
export function describeError(error: unknown): { title: string; detail: string } {
  if (error instanceof ApiError) {
    if (error.status === 0) return { title: error.code === 'timeout' ? 'The hub did not answer in time' : 'The hub could not be reached', detail: `${error.message} (${error.path})` };
    return { title: `The hub answered ${error.status} (${error.code})`, detail: `${error.message} — ${error.path}` };
  }
  return { title: 'Something went wrong', detail: error instanceof Error ? error.message : String(error) };
}

export function LoadError({ what, error, onRetry, retrying }: { what: string; error: unknown; onRetry: () => void; retrying?: boolean }) {
  const { title, detail } = describeError(error);
  const retryable = !(error instanceof ApiError) || error.retryable;
  return (
    <Flash variant="danger" className="load-error" role="alert">
      <p className="load-error-title">
        Could not load {what}. {title}.
      </p>
      <p className="load-error-detail">{detail}</p>
      <Button onClick={onRetry} disabled={retrying} aria-label={`Retry loading ${what}`}>
        {retrying ? 'Retrying…' : retryable ? 'Retry' : 'Try again'}
      </Button>
    </Flash>
  );
}

/** A spinner that, when the answer is slow, says so and for how long it has waited. */
export function Loading({ what }: { what: string }) {
  const [waited, setWaited] = useState(0);
  useEffect(() => {
    const started = Date.now();
    const t = setInterval(() => setWaited(Math.floor((Date.now() - started) / 1000)), 1000);
    return () => clearInterval(t);
  }, []);
  return (
    <div className="loading" role="status" aria-live="polite">
      <Spinner size="small" srText={null} />
      <span>
        Loading {what}…{waited >= 2 ? ` still waiting for the hub (${waited} s)` : ''}
      </span>
    </div>
  );
}

/** Placeholder rows while the first page loads; `Loading` beside them says what is awaited. */
export function SkeletonRows({ count = 6 }: { count?: number }) {
  return (
    <ul className="skeleton" aria-hidden="true">
      {Array.from({ length: count }, (_, i) => (
        <li key={i}>
          <span className="skeleton-line wide" />
          <span className="skeleton-line" />
        </li>
      ))}
    </ul>
  );
}

export function Empty({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty" role="status">
      <h3>{title}</h3>
      {children ? <div className="empty-body">{children}</div> : null}
    </div>
  );
}
