/**
 * Token redaction for every log line and error message. Two nets: the configured
 * secrets themselves (whatever their shape), and anything shaped like a GitHub
 * token or a bearer credential, so a token that reaches a message by another route
 * (an upstream error echoing a header, say) is still masked.
 */
const TOKEN_SHAPES = [
  /\bgh[pousr]_[A-Za-z0-9]{20,255}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,255}\b/g,
  /\b(bearer|token)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
];

export const REDACTED = '[redacted]';

let secrets: string[] = [];

/** Registers secrets (tokens, admin token) that must never be printed. */
export function registerSecrets(values: Iterable<string | undefined | null>): void {
  const next = new Set(secrets);
  for (const v of values) if (v && v.length >= 4) next.add(v);
  // Longest first, so a secret that contains another is masked whole.
  secrets = [...next].sort((a, b) => b.length - a.length);
}

export function redactString(text: string): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(REDACTED);
  for (const re of TOKEN_SHAPES) {
    out = out.replace(re, (match, word?: string) =>
      typeof word === 'string' && /^(bearer|token)$/i.test(word) ? `${word} ${REDACTED}` : REDACTED,
    );
  }
  return out;
}

/** Deep copy with every string redacted; Errors become plain objects that keep message and stack. */
export function redact(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactString(value);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (value instanceof Error) {
    const out: Record<string, unknown> = { type: value.name, message: redactString(value.message) };
    if (value.stack) out.stack = redactString(value.stack);
    for (const [k, v] of Object.entries(value)) {
      if (k === 'request' || k === 'response') continue; // Octokit errors carry headers with the token
      out[k] = redact(v, depth + 1);
    }
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = /^(authorization|token|tokens|github_?tokens|admin_?token|password|secret)$/i.test(k) ? REDACTED : redact(v, depth + 1);
  }
  return out;
}
