import { ensureWebBuilt } from '../src/web/build.ts';

/** Builds the page once for every browser test (only when src/web changed since the last build). */
export default async function setup(): Promise<void> {
  const lines: string[] = [];
  const log = (level: string) => (obj: object, msg: string) => lines.push(`${level}: ${msg} ${JSON.stringify(obj)}`);
  const outcome = await ensureWebBuilt({ info: log('info'), warn: log('warn'), error: log('error') });
  if (outcome !== 'fresh' && outcome !== 'built') throw new Error(`the page could not be built for the browser tests:\n${lines.join('\n')}`);
}
