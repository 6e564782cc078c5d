/**
 * Prices in the simulated subnet move with the simulator clock (virtual seconds t):
 *   alpha in TAO      = 0.02 + 0.005 · sin(2π t / 1 day) + 0.002 · sin(2π t / 1 h)
 *   alpha emitted/day = 2952 + 100 · sin(2π t / 7 days)
 *   TAO in dollars    = 420 + 30 · sin(2π t / 3 days) + 5 · sin(2π t / 1 h)
 */
const wave = (t: number, period: number) => Math.sin((2 * Math.PI * t) / period);
const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

export interface SimPrices {
  alphaTao: number;
  emissionPerDay: number;
  taoUsd: number;
}

export function simPrices(nowSec: number): SimPrices {
  return {
    alphaTao: round(0.02 + 0.005 * wave(nowSec, 86_400) + 0.002 * wave(nowSec, 3600), 6),
    emissionPerDay: round(2952 + 100 * wave(nowSec, 7 * 86_400), 2),
    taoUsd: round(420 + 30 * wave(nowSec, 3 * 86_400) + 5 * wave(nowSec, 3600), 2),
  };
}

/** The miners' share of emission, as at the validator's commit the rules cite. */
export const MINER_POOL = 0.9;
