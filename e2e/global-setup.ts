import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureWebBuilt, WEB_DIST } from '../src/web/build.ts';

/**
 * Builds the page once for every browser test (only when src/web changed since
 * the last build), and makes sure it is the production page users get: the test
 * runner's NODE_ENV must not leak React's development build into it.
 */
export default async function setup(): Promise<void> {
  const lines: string[] = [];
  const log = (level: string) => (obj: object, msg: string) => lines.push(`${level}: ${msg} ${JSON.stringify(obj)}`);
  const outcome = await ensureWebBuilt({ info: log('info'), warn: log('warn'), error: log('error') });
  if (outcome !== 'fresh' && outcome !== 'built') throw new Error(`the page could not be built for the browser tests:\n${lines.join('\n')}`);
  const assets = join(WEB_DIST, 'assets');
  // React's development build carries its warnings; the production build has none of them.
  for (const name of readdirSync(assets).filter((n) => /^index-.*\.js$/.test(n))) {
    if (readFileSync(join(assets, name), 'utf8').includes('should have a unique "key" prop')) {
      throw new Error(`${name} holds React's development build: rebuild the page (npm run build:web)`);
    }
  }
}
