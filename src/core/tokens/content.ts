/**
 * A file's base or head content as the scorer sees it: text, or absent. The
 * validator receives text from its mirror, with binary files given no content;
 * the hub may hold raw bytes, which count as binary when they hold a NUL byte
 * (git's own test) or are not valid UTF-8.
 */

/**
 * Content known only by its size: GitHub's contents API sends no content for a file
 * over 1 MB, only its size, and a file that big scores 0 whatever it holds.
 */
export interface OversizedContent {
  oversizedBytes: number;
}

export type RawContent = string | Uint8Array | OversizedContent | null | undefined;

export type Content = { kind: 'text'; text: string; bytes: number } | { kind: 'oversized'; bytes: number } | { kind: 'binary' } | { kind: 'absent' };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** UTF-8 length of a string without encoding it (a lone surrogate counts as U+FFFD, 3 bytes). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

export function readContent(raw: RawContent): Content {
  if (raw === null || raw === undefined) return { kind: 'absent' };
  if (typeof raw === 'string') return { kind: 'text', text: raw, bytes: utf8Length(raw) };
  if (!(raw instanceof Uint8Array)) return { kind: 'oversized', bytes: raw.oversizedBytes };
  if (raw.includes(0)) return { kind: 'binary' };
  try {
    return { kind: 'text', text: utf8.decode(raw), bytes: raw.byteLength };
  } catch {
    return { kind: 'binary' };
  }
}
