import { describe, expect, it } from 'vitest';
import { issueStatus, pullStatus } from './states.ts';

describe('states', () => {
  it.each([
    ['open', null, 'open'],
    ['open', 'reopened', 'open'],
    ['closed', 'completed', 'completed'],
    ['closed', 'not_planned', 'not_planned'],
    ['closed', 'duplicate', 'duplicate'],
    ['closed', null, 'closed'],
    ['closed', 'reopened', 'closed'],
  ])('issue %s/%s is %s', (state, reason, expected) => {
    expect(issueStatus(state, reason)).toBe(expected);
  });

  it.each([
    ['open', false, false, 'open'],
    ['open', false, true, 'draft'],
    ['closed', true, false, 'merged'],
    ['closed', true, true, 'merged'],
    ['closed', false, false, 'closed'],
    ['closed', false, true, 'closed'],
  ])('pull %s merged=%s draft=%s is %s', (state, merged, draft, expected) => {
    expect(pullStatus(state, merged, draft)).toBe(expected);
  });
});
