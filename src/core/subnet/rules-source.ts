/**
 * Where the hub's rules come from (shared subnet-rules.md): the validator's
 * repository and the commit they were read at. Changed together with the rules.
 */
export const RULES_SOURCE = Object.freeze({ validator: 'entrius/gittensor', commit: '1b0381d', read_at: '2026-08-07' });
