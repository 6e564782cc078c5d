/**
 * Python's `round(x, n)`, which the validator applies to every factor: the exact
 * binary value of `x` is rounded half to even. `Math.round(x * 100) / 100` differs
 * on exact ties (0.125 → 0.13, Python says 0.12) and `toFixed` differs on values
 * whose decimal spelling looks like a tie but is not (V8 gives 8.35 for 8.345,
 * whose exact value 8.3449999… rounds to 8.34). Written here because no library
 * reproduces CPython's correctly-rounded `round`.
 */
const SCALE = [1, 10, 100, 1000, 10000, 100000, 1000000];

export function pyRound(x: number, digits = 2): number {
  if (!Number.isFinite(x) || x === 0) return x;
  if (x < 0) return -pyRound(-x, digits);
  const scale = SCALE[digits] ?? 10 ** digits;
  const scaled = x * scale;
  if (scaled >= 2 ** 52) return x;
  const floor = Math.floor(scaled);
  const frac = scaled - floor;
  // Far from a tie, the product's rounding error cannot change the answer.
  if (Math.abs(frac - 0.5) > 1e-6) return (frac < 0.5 ? floor : floor + 1) / scale;
  const c = compareToHalf(x, scale, floor);
  if (c < 0) return floor / scale;
  if (c > 0) return (floor + 1) / scale;
  return (floor % 2 === 0 ? floor : floor + 1) / scale;
}

/** Sign of (exact x) · scale − (k + ½), computed exactly on x's binary value. */
function compareToHalf(x: number, scale: number, k: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (biased === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = biased - 1075;
  }
  // x = mant · 2^exp. Compare 2 · mant · scale · 2^exp with (2k + 1).
  const left = 2n * mant * BigInt(scale);
  const right = BigInt(2 * k + 1);
  if (exp >= 0) return sign(left * (1n << BigInt(exp)) - right);
  return sign(left - right * (1n << BigInt(-exp)));
}

function sign(v: bigint): number {
  return v > 0n ? 1 : v < 0n ? -1 : 0;
}

/** Each factor as the validator keeps it: rounded to two decimals. */
export const round2 = (x: number): number => pyRound(x, 2);

/**
 * `Number(x.toFixed(digits))`, without building the string where the answer is plain: far
 * from a tie the scaled product's rounding error cannot change which way `x` rounds, and
 * an integer over a power of ten is the same double `Number` parses from its spelling. Near
 * a tie (or past 2^52) it is `toFixed` itself. Several times faster, which counts where an
 * answer rounds over a thousand figures (a miner's projection: 20 repositories × 11 points).
 */
export function fixedNumber(x: number, digits: number): number {
  const scale = SCALE[digits] ?? 10 ** digits;
  const scaled = x * scale;
  if (!Number.isFinite(scaled) || Math.abs(scaled) >= 2 ** 52) return Number(x.toFixed(digits));
  const floor = Math.floor(scaled);
  const frac = scaled - floor;
  if (Math.abs(frac - 0.5) > 1e-6) return (frac < 0.5 ? floor : floor + 1) / scale || 0;
  return Number(x.toFixed(digits));
}
