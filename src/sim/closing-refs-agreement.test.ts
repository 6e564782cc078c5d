import { describe, expect, it } from 'vitest';
import { closingRefs, explainClosingRefs } from '../core/closing-refs.ts';
import { pullBody } from './bodies.ts';
import { populate } from './generator.ts';
import { World } from './world.ts';

// The closing-reference fast path (closingRefs) against the full scanner behind
// `links explain`, over the descriptions the simulator serves (src/core's own
// property tests cover random and structured bodies).
const fullScan = (pull: { repo: string; body: string | null }) => explainClosingRefs(pull).refs;

describe('closing references over generated descriptions', () => {
  it("on the simulator's generated descriptions, every revision", () => {
    const world = new World({ seed: 11, repos: 3, itemsPerRepo: 400, startTime: Date.UTC(2026, 0, 1) });
    populate(world);
    let compared = 0;
    let linked = 0;
    for (const state of world.repos) {
      const picker = world.picker(state.meta.index);
      for (let i = 0; i < state.items.count; i++) {
        if (!state.items.isPr(i)) continue;
        for (const rev of [0, 1, 2]) {
          const { text } = pullBody(world.seed, state.meta.index, i + 1, rev, picker);
          const pull = { repo: picker.selfName, body: text };
          const refs = closingRefs(pull);
          expect(refs, JSON.stringify(text)).toEqual(fullScan(pull));
          compared++;
          linked += refs.length;
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
    expect(linked).toBeGreaterThan(500);
  });
});
