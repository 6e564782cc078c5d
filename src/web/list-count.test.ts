import { describe, expect, it } from 'vitest';
import { listCount } from './list-count.ts';

const issues = { one: 'issue', many: 'issues' };

describe('the match count above a list', () => {
  it('says the API total when it has one, on any page', () => {
    expect(listCount({ total: 1234, shown: 30, first: true, more: true }, issues)).toBe('1,234 issues');
    expect(listCount({ total: 1, shown: 1, first: true, more: false }, issues)).toBe('1 issue');
    expect(listCount({ total: 0, shown: 0, first: true, more: false }, issues)).toBe('0 issues');
    expect(listCount({ total: 95, shown: 5, first: false, more: false }, issues)).toBe('95 issues');
  });

  it('counts a single page itself, and says "more than" a first page with more after it', () => {
    expect(listCount({ total: null, shown: 7, first: true, more: false }, issues)).toBe('7 issues');
    expect(listCount({ total: null, shown: 30, first: true, more: true }, issues)).toBe('More than 30 issues');
    expect(listCount({ total: null, shown: 30, first: false, more: true }, issues)).toBeNull();
  });
});
