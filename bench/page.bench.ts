import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { spread } from './spread.ts';

/**
 * The explorer page's load time and weight, against a running hub.
 *
 * "First meaningful paint" is the moment the first rows of real data are on
 * screen: the page sets the performance mark `hub:first-rows` (see
 * src/web/hooks/useFirstRowsMark.ts) once per load, when a list (the
 * repository list, an item list or search results) first commits with at least
 * one row of data from the API; the mark is taken in a task queued from the
 * next animation frame, i.e. after that frame has painted. Its startTime is
 * measured from the navigation's start (performance.timeOrigin), so it includes
 * the HTML, the JavaScript and CSS downloads, start-up and the API request.
 *
 * The page loaded is a repository's issue list, `/repos/{repo}/issues` (the
 * view that reads the most data); each load is cold: a browser on a fresh
 * profile, with an empty cache and no stored state. The paint reported is the median of
 * `runs` cold loads (five by default), with the fastest and the slowest beside it.
 *
 * Bundle sizes are those of every JavaScript file the build produced
 * (src/web/dist/assets/*.js, lazily loaded chunks included), raw and gzipped.
 */

const CHROMIUM = process.env.HUB_CHROMIUM ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const DIST = fileURLToPath(new URL('../src/web/dist/', import.meta.url));
const MARK = 'hub:first-rows';

export interface PageBenchResult {
  cold_loads: number;
  /** The first meaningful paint: the median of the cold loads. */
  median_ms: number;
  min_ms: number;
  max_ms: number;
  /** Every load's paint, in load order. */
  loads_ms: number[];
  js_bundle_bytes: number;
  js_bundle_gzip_bytes: number;
}

export function bundleSizes(dist = DIST): { js_bundle_bytes: number; js_bundle_gzip_bytes: number } {
  const assets = join(dist, 'assets');
  let raw = 0;
  let gzip = 0;
  for (const name of readdirSync(assets).filter((n) => n.endsWith('.js'))) {
    const bytes = readFileSync(join(assets, name));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { js_bundle_bytes: raw, js_bundle_gzip_bytes: gzip };
}

export async function runPageBench(opts: { baseUrl: string; repo: string; runs?: number; timeoutMs?: number; path?: string }): Promise<PageBenchResult> {
  const url = `${opts.baseUrl.replace(/\/$/, '')}${opts.path ?? `/repos/${opts.repo.split('/').map(encodeURIComponent).join('/')}/issues`}`;
  const probe = await fetch(url);
  if (!probe.ok || !(probe.headers.get('content-type') ?? '').includes('text/html')) {
    throw new Error(`${url} did not answer the page (${probe.status}): build it (npm run build:web) before the server starts`);
  }
  const sizes = bundleSizes();
  const times: number[] = [];
  for (let i = 0; i < (opts.runs ?? 5); i++) {
    // Every load is cold: a browser on a fresh profile (empty cache, no stored state), deleted afterwards.
    const profile = mkdtempSync(join(tmpdir(), 'hub-page-bench-'));
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1280, height: 860 } });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      await page.goto(url, { waitUntil: 'commit' });
      await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, MARK, { timeout: opts.timeoutMs ?? 30_000, polling: 50 });
      times.push(await page.evaluate((mark) => performance.getEntriesByName(mark)[0]!.startTime, MARK));
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }
  const paint = spread(times, 0);
  return { cold_loads: times.length, median_ms: paint.median, min_ms: paint.min, max_ms: paint.max, loads_ms: paint.runs, ...sizes };
}
