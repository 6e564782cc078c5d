/**
 * Who is a miner in the simulated subnet: a seeded share of the simulated GitHub's
 * people (never bots, mannequins or ghost), each with a uid and a hotkey. About one
 * account in twelve registered a second miner, which the subnet zeroes.
 */
import { mix32, Rng } from '../random.ts';
import type { World } from '../world.ts';

export interface SimMiner {
  uid: number;
  hotkey: string;
  userIndex: number;
  /** Several miners share this GitHub account. */
  shared: boolean;
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
/** Share of general users who registered as miners. */
export const MINER_SHARE = 0.45;
const MAX_UIDS = 256;

/** An SS58-looking hotkey (48 characters starting with 5), seeded by uid and user. */
function hotkey(seed: number, uid: number, userIndex: number): string {
  const rng = new Rng(mix32(seed, uid, userIndex, 0x407));
  let out = '5';
  for (let i = 0; i < 47; i++) out += BASE58[rng.int(0, BASE58.length - 1)];
  return out;
}

export function isMinerUser(world: World, userIndex: number): boolean {
  const u = world.users;
  if (userIndex < u.generalStart || u.get(userIndex).type !== 'User') return false;
  return new Rng(mix32(world.seed, userIndex, 0x5174)).chance(MINER_SHARE);
}

/** The registered miners in uid order; the same for a seed (logins may change, ids do not). */
export function simMiners(world: World): SimMiner[] {
  const out: SimMiner[] = [];
  const u = world.users;
  for (let i = u.generalStart; i < u.users.length && out.length < MAX_UIDS; i++) {
    if (!isMinerUser(world, i)) continue;
    const twice = new Rng(mix32(world.seed, i, 0x2e)).chance(1 / 12) && out.length + 1 < MAX_UIDS;
    for (let k = 0; k < (twice ? 2 : 1); k++) out.push({ uid: out.length, hotkey: hotkey(world.seed, out.length, i), userIndex: i, shared: twice });
  }
  return out;
}
