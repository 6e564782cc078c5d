import { describe, expect, it } from 'vitest';
import { emptyStars, hasStar, parseStars, toggleStar } from './stars.ts';

describe('stars', () => {
  it('adds, finds in any case, and removes a star', () => {
    let s = toggleStar(emptyStars(), 'login', 'Miner-One');
    expect(s.login).toEqual(['Miner-One']);
    expect(hasStar(s, 'login', 'miner-one')).toBe(true);
    s = toggleStar(s, 'repo', 'acme/widgets');
    s = toggleStar(s, 'issue', 'acme/widgets#12');
    expect(s).toEqual({ login: ['Miner-One'], repo: ['acme/widgets'], issue: ['acme/widgets#12'] });
    s = toggleStar(s, 'login', 'MINER-ONE');
    expect(s.login).toEqual([]);
  });

  it('ignores values that are not of their kind', () => {
    const s = emptyStars();
    expect(toggleStar(s, 'login', '-bad-')).toBe(s);
    expect(toggleStar(s, 'repo', 'no-slash')).toBe(s);
    expect(toggleStar(s, 'issue', 'acme/widgets#0')).toBe(s);
  });

  it('reads back what it wrote and drops anything malformed instead of throwing', () => {
    const s = toggleStar(toggleStar(emptyStars(), 'login', 'alice'), 'repo', 'acme/widgets');
    expect(parseStars(JSON.stringify(s))).toEqual(s);
    expect(parseStars(null)).toEqual(emptyStars());
    expect(parseStars('{not json')).toEqual(emptyStars());
    expect(parseStars('[1,2]')).toEqual(emptyStars());
    expect(parseStars(JSON.stringify({ login: ['alice', 'ALICE', 7, '../x'], repo: 'acme/widgets', issue: ['a/b#3'] }))).toEqual({ login: ['alice'], repo: [], issue: ['a/b#3'] });
  });

  it('keeps at most 200 of a kind', () => {
    const many = Array.from({ length: 250 }, (_, i) => `user${i}`);
    expect(parseStars(JSON.stringify({ login: many })).login).toHaveLength(200);
  });
});
