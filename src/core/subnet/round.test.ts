import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fixedNumber, pyRound, round2 } from './round.ts';

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

describe('fixedNumber is Number(x.toFixed(digits))', () => {
  it.each([
    [8.345, 2, 8.35], // V8's toFixed: 8.35 (what the answers always said)
    [0.125, 2, 0.13], // an exact tie: toFixed takes the larger
    [1.00005, 4, 1.0001],
    [2.675, 2, 2.67],
    [123.456789, 4, 123.4568],
    [0.000000049, 8, 0.00000005],
    [1e-12, 8, 0],
    [-1.26, 1, -1.3],
  ])('%s to %s digits is %s', (x, digits, expected) => {
    expect(fixedNumber(x, digits)).toBe(expected);
    expect(fixedNumber(x, digits)).toBe(Number(x.toFixed(digits)));
  });

  it('agrees with toFixed on random values, ties and near-ties included', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.double({ min: -1e9, max: 1e9, noNaN: true }), fc.integer({ min: -1e7, max: 1e7 }).map((n) => n / 2000), fc.double({ min: 0, max: 1e-3, noNaN: true })),
        fc.integer({ min: 0, max: 8 }),
        (x, digits) => {
          // -0 and 0 spell the same in JSON.
          expect(fixedNumber(x, digits) + 0).toBe(Number(x.toFixed(digits)) + 0);
        },
      ),
      { numRuns: 20_000 },
    );
  });
});
