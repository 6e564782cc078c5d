/** Mirrors the prices: the subnet's alpha in TAO and its daily emission, and TAO in dollars (each when its source is set). */
import { savePrice } from '../db/subnet-state.queries.ts';
import { mirrorSource, type SubnetJobContext, type SourceOutcome } from './subnet-context.ts';

export async function run(ctx: SubnetJobContext): Promise<SourceOutcome[]> {
  const { prices } = ctx.clients;
  const out: SourceOutcome[] = [];
  if (prices.alpha) {
    const source = new URL(ctx.services.alphaPriceUrl!).host;
    out.push(
      await mirrorSource(ctx, 'prices:alpha', (o) => prices.alphaPrice(o)!, async (tx, p, now) => {
        await savePrice(tx, { name: 'alpha_tao', value: p.price, source, observedAt: p.at, now });
        await savePrice(tx, { name: 'alpha_emission_per_day', value: p.emissionPerDay, source, observedAt: p.at, now });
        return 2;
      }),
    );
  }
  if (!prices.tao.configured || !ctx.services.taoPriceUrl) return out;
  const taoSource = new URL(ctx.services.taoPriceUrl).host;
  out.push(
    await mirrorSource(ctx, 'prices:tao', (o) => prices.taoPrice(o), async (tx, p, now) => {
      await savePrice(tx, { name: 'tao_usd', value: p.usd, source: taoSource, observedAt: p.at, now });
      return 1;
    }),
  );
  return out;
}
