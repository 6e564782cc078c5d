/**
 * Tolerant building blocks for the subnet's answers. The services are known to
 * send numbers as decimal strings ("12.3400"), ids as numbers or strings, and
 * camelCase or snake_case keys depending on the endpoint and its version. Each
 * value is normalised to one form here, and anything that is not even that is
 * refused with a message saying what arrived.
 */
import { z } from 'zod';

const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** A short, safe description of a refused value for error messages. */
export function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing (the field is missing)';
  if (v === null) return 'null';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

/** A finite number, or a string holding one in decimal notation. */
export const num = z.preprocess(
  (v) => (typeof v === 'string' && DECIMAL.test(v.trim()) ? Number(v.trim()) : v),
  z.number({ error: (iss) => `expected a number (or a decimal string), got ${describeValue(iss.input)}` }).finite(),
);

/** A whole number ≥ 0 (counts, uids, PR numbers), as a number or a decimal string. */
export const count = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
  z.number({ error: (iss) => `expected a whole number, got ${describeValue(iss.input)}` }).int({ error: (iss) => `expected a whole number, got ${describeValue(iss.input)}` }).min(0),
);

/** A GitHub id: a positive integer as a number or a string, kept as a digit string. */
export const id = z.preprocess(
  (v) => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? String(v) : typeof v === 'string' ? v.trim() : v),
  z.string({ error: (iss) => `expected a numeric id (number or string), got ${describeValue(iss.input)}` }).regex(/^[1-9]\d{0,19}$/, { error: (iss) => `expected a numeric id, got ${describeValue(iss.input)}` }),
);

/** true/false, also as "true"/"false" or 1/0. */
export const bool = z.preprocess(
  (v) => (v === 'true' || v === 1 || v === '1' ? true : v === 'false' || v === 0 || v === '0' ? false : v),
  z.boolean({ error: (iss) => `expected true or false, got ${describeValue(iss.input)}` }),
);

/** A non-empty string. */
export const text = z.string({ error: (iss) => `expected a string, got ${describeValue(iss.input)}` }).trim().min(1, 'must not be empty');

/** A timestamp, normalised to GitHub's `YYYY-MM-DDTHH:MM:SSZ`. */
export const time = z.preprocess(
  (v) => {
    if (typeof v !== 'string' && typeof v !== 'number') return v;
    // Epoch seconds or ms as numbers; anything Date.parse accepts as a string.
    const ms = typeof v === 'number' ? (v < 1e11 ? v * 1000 : v) : Date.parse(v);
    return Number.isNaN(ms) ? v : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  },
  z.string({ error: (iss) => `expected a timestamp, got ${describeValue(iss.input)}` }).regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, { error: (iss) => `expected a timestamp, got ${describeValue(iss.input)}` }),
);

/** An optional field: absent and null both become null. */
export function opt<T extends z.ZodType>(schema: T) {
  return z.preprocess((v) => (v === undefined ? null : v), schema.nullable());
}

const camel = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * An object whose keys may arrive in snake_case or camelCase: keys are read as
 * camelCase (`github_id` → `githubId`); a camelCase key wins when both are sent.
 * `aliases` names other spellings of a field (`{ repository: ['fullName'] }`),
 * used when the field itself is absent.
 */
export function obj<S extends z.ZodRawShape>(shape: S, aliases: Partial<Record<keyof S, string[]>> = {}) {
  return z.preprocess((v) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
    const out: Record<string, unknown> = {};
    for (const [k, val] of Object.entries(v)) {
      const c = camel(k);
      if (c === k || !(c in out)) out[c] = val;
    }
    for (const [field, others] of Object.entries(aliases) as Array<[string, string[]]>) {
      if (out[field] !== undefined) continue;
      const found = others.find((o) => out[o] !== undefined);
      if (found) out[field] = out[found];
    }
    return out;
  }, z.object(shape, { error: (iss) => `expected an object, got ${describeValue(iss.input)}` }));
}

/** A list, or an object wrapping one under `key` (services differ on this). */
export function listOf<T extends z.ZodType>(item: T, key: string) {
  return z.preprocess(
    (v) => (v && typeof v === 'object' && !Array.isArray(v) && Array.isArray((v as Record<string, unknown>)[key]) ? (v as Record<string, unknown>)[key] : v),
    z.array(item, { error: (iss) => `expected a list, got ${describeValue(iss.input)}` }),
  );
}
