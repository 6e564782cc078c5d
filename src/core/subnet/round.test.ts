import { describe, expect, it } from 'vitest';
import { pyRound, round2 } from './round.ts';

// Expected values are CPython 3's round(x, 2), which rounds the exact binary value half to even.
describe('pyRound matches Python round()', () => {
  it.each([
    [0.125, 0.12], // an exact tie: to even
    [0.375, 0.38],
    [0.625, 0.62],
    [1.125, 1.12],
    [-0.125, -0.12],
    [2.675, 2.67], // really 2.67499999…
    [1.005, 1], // really 1.00499999…
    [0.285, 0.28],
    [8.345, 8.35], // really 8.34500000…01
    [12.345, 12.35],
    [0.045, 0.04],
    [0.505, 0.51],
    [0.995, 0.99],
    [99.995, 100],
    [0.0025, 0],
    [0.8807970779778823, 0.88],
    [0, 0],
    [3, 3],
  ])('round(%s, 2) = %s', (x, expected) => {
    expect(round2(x)).toBe(expected);
  });

  it('rounds to other precisions', () => {
    expect(pyRound(0.5, 0)).toBe(0);
    expect(pyRound(1.5, 0)).toBe(2);
    expect(pyRound(2.5, 0)).toBe(2);
    expect(pyRound(0.0625, 3)).toBe(0.062);
  });
});
