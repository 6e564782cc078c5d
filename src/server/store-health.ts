import { isCorruption, type StoreCheck, type StoreState } from '../db/store-check.ts';

/**
 * What the server knows of the store's health: the integrity check made at
 * start, and any sign of damage since (a query answering "database disk image
 * is malformed"). Once damage is seen, /api/health says so: the hub never
 * answers 500s while reporting ok.
 */
export class StoreHealth {
  private damage: { detail: string; at: string } | null = null;

  constructor(private readonly check: StoreCheck | null) {}

  /** Called with every error a request ended in; remembers the ones that mean a damaged file. */
  noticeError(err: unknown): void {
    const e = err as { code?: unknown; message?: unknown } | null;
    const message = typeof e?.message === 'string' ? e.message : String(err);
    if (this.damage === null && isCorruption(typeof e?.code === 'string' ? e.code : undefined, message)) {
      this.damage = { detail: message, at: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z') };
    }
  }

  get healthy(): boolean {
    return this.damage === null && this.check?.state !== 'corrupt';
  }

  snapshot(): { state: StoreState | 'unchecked'; detail: string | null; checked_at: string | null; check_ms: number | null } {
    if (this.damage) return { state: 'corrupt', detail: this.damage.detail, checked_at: this.damage.at, check_ms: this.check?.ms ?? null };
    if (!this.check) return { state: 'unchecked', detail: null, checked_at: null, check_ms: null };
    return { state: this.check.state, detail: this.check.detail, checked_at: this.check.checked_at, check_ms: this.check.ms };
  }
}
