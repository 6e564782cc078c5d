/** A search box reference to one item: `#189`, `189` after `#`, or `owner/name#189`. */
export interface ItemReference {
  /** owner/name as typed, or null for "any repository". */
  repo: string | null;
  number: number;
}

const REFERENCE = /^\s*(?:([A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100}))?#([1-9][0-9]{0,9})\s*$/;

/** The reference the whole query is, or null when it is text. Numbers past GitHub's (2^31 - 1) are text. */
export function parseItemReference(q: string): ItemReference | null {
  const m = REFERENCE.exec(q);
  if (!m) return null;
  const number = Number(m[2]);
  if (number > 2_147_483_647) return null;
  return { repo: m[1] ?? null, number };
}
