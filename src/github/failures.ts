/**
 * Failures the gateway reports itself, instead of letting Octokit call them
 * "GitHub answered 500": no answer at all (connection refused, socket closed,
 * timed out), every token rejected, or a 200 whose body never parsed.
 */
export class GatewayFailure extends Error {
  /** True when the cause is on the hub's side of the wire (nothing GitHub said). */
  readonly local: boolean;

  constructor(message: string, local: boolean, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    // Octokit passes an error named AbortError through as it is; any other error
    // from fetch becomes a RequestError with status 500, which its retry plugin
    // then retries five times with waits of 1 to 25 s. The gateway has already
    // retried what is worth retrying, so this is final.
    this.name = 'AbortError';
    this.local = local;
  }
}

export function isGatewayFailure(err: unknown): err is GatewayFailure {
  return err instanceof GatewayFailure;
}

// Conditions of this machine or its network that retrying in a second does not change.
const PERSISTENT: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate not trusted',
};

/** What a fetch that threw (rather than answered) means, and whether another try may help. */
export function classifyFetchError(err: unknown): { reason: string; transient: boolean } {
  const e = err as { name?: string; message?: string; code?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return { reason: 'no answer in time', transient: true };
  const code = e?.cause?.code ?? e?.code;
  if (code && PERSISTENT[code]) return { reason: PERSISTENT[code], transient: false };
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE' || /other side closed|socket/i.test(e?.cause?.message ?? '')) {
    return { reason: 'the connection closed before an answer', transient: true };
  }
  return { reason: e?.cause?.message ?? e?.message ?? 'unknown network error', transient: true };
}
