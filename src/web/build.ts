// Run by Node at start-up (and by the browser tests' setup); never part of the page bundle.
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Vite from 'vite';

/** Any logger with pino's call shape. */
export interface BuildLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export type WebBuildOutcome = 'fresh' | 'built' | 'unavailable' | 'failed';

const WEB_DIR = fileURLToPath(new URL('.', import.meta.url));
export const WEB_DIST = join(WEB_DIR, 'dist');
const CONFIG_FILE = join(WEB_DIR, 'vite.config.ts');
// Builds land here first (ignored by git, on the same disk as the tree, so the final move is a rename).
const SCRATCH = join(WEB_DIR, '..', '..', 'node_modules', '.cache');

/** The newest modification time of the page's sources (everything under src/web but the build output). */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function webBuildIsFresh(): boolean {
  const index = join(WEB_DIST, 'index.html');
  return existsSync(index) && statSync(index).mtimeMs >= newestSource(WEB_DIR);
}

/**
 * Builds the page with Vite's API when src/web/dist is missing or older than any
 * source file, so `npm start` serves what the tree holds without a separate step.
 * The build goes to a folder of its own and replaces dist only when complete: a
 * server reading dist never sees half a build, and a failed build keeps the last
 * good one. Never throws: without a page the API still runs.
 */
export async function ensureWebBuilt(logger: BuildLogger): Promise<WebBuildOutcome> {
  if (webBuildIsFresh()) return 'fresh';
  let vite: typeof Vite;
  try {
    vite = await import('vite');
  } catch (err) {
    // An install without devDependencies has no Vite: serve the last build, or the API alone.
    logger.warn({ err: String(err) }, 'the page cannot be built here (Vite is not installed); serving the existing build, if any');
    return 'unavailable';
  }
  mkdirSync(SCRATCH, { recursive: true });
  const outDir = join(SCRATCH, `sn74-hub-web-${process.pid}-${Date.now()}`);
  const started = Date.now();
  logger.info({ outDir: 'src/web/dist' }, 'building the explorer page');
  // Vite and the React plugin choose production output from NODE_ENV; a caller may have set it to
  // something else (the test runner sets "test"), which would build React's development JSX runtime.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await vite.build({ configFile: CONFIG_FILE, mode: 'production', logLevel: 'warn', build: { outDir, emptyOutDir: true } });
    rmSync(WEB_DIST, { recursive: true, force: true });
    try {
      renameSync(outDir, WEB_DIST);
    } catch {
      // Another disk after all (EXDEV): copy, then clean up.
      cpSync(outDir, WEB_DIST, { recursive: true });
      rmSync(outDir, { recursive: true, force: true });
    }
    logger.info({ ms: Date.now() - started }, 'explorer page built');
    return 'built';
  } catch (err) {
    rmSync(outDir, { recursive: true, force: true });
    logger.error({ err: err instanceof Error ? err.message : String(err) }, 'building the explorer page failed; serving the existing build, if any');
    return 'failed';
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
}
