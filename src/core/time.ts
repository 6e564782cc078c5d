/** GitHub's timestamp format: ISO-8601 UTC to the second, which sorts as text in time order. */
export function toGithubTime(date: Date | number): string {
  return new Date(date).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function nowIso(): string {
  return toGithubTime(Date.now());
}

/** Normalises any parseable timestamp to GitHub's format; null for null/invalid. */
export function normalizeTime(value: string | null | undefined): string | null {
  if (!value) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : toGithubTime(ms);
}
