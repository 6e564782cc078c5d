// `npm test`: the suite on SQLite, then on PostgreSQL. PostgreSQL runs when
// TEST_POSTGRES_URL is set or PostgreSQL's binaries are installed (the global
// setup then starts a throwaway cluster). Without either, the PostgreSQL run is
// skipped with a notice, unless HUB_TEST_REQUIRE_POSTGRES=1 (CI), which fails.
// HUB_TEST_STORES=sqlite (or postgres) runs one store only. Extra arguments go to vitest.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const args = process.argv.slice(2);
const wanted = (process.env.HUB_TEST_STORES ?? 'sqlite,postgres').split(',').map((s) => s.trim());

function postgresAvailable() {
  if (process.env.TEST_POSTGRES_URL) return true;
  const root = '/usr/lib/postgresql';
  return existsSync(root) && readdirSync(root).some((v) => existsSync(`${root}/${v}/bin/pg_ctl`));
}

// Tests that start PostgreSQL servers of their own (a copy between stores, several
// hub processes on one database): they run once, in the PostgreSQL pass.
const POSTGRES_PASS_ONLY = ['src/db/copy-store.postgres.test.ts', 'src/multi-instance.test.ts'];

// The PostgreSQL pass runs the tests that reach the store. The rest (the grammar,
// the rules engine, the simulator, the page's modules) never open a store, so a
// second pass would run them exactly as the first did.
const STORE_TESTS = ['src/db', 'src/server', 'src/sync', 'src/commands', 'src/start.test.ts', 'src/start-roles.test.ts', 'src/cli.test.ts', 'src/runtime.test.ts', ...POSTGRES_PASS_ONLY];

function run(store, extra) {
  process.stdout.write(`\n==== tests on ${store === 'sqlite' ? 'SQLite' : 'PostgreSQL'}\n`);
  const res = spawnSync('npx', ['vitest', 'run', ...extra, ...args], { stdio: 'inherit', env: { ...process.env, HUB_TEST_STORE: store } });
  return res.status ?? 1;
}

const postgres = wanted.includes('postgres') && postgresAvailable();
// With test files named on the command line, vitest runs those alone, in each pass.
const named = args.some((a) => !a.startsWith('-'));
let failed = false;
if (wanted.includes('sqlite')) failed = run('sqlite', postgres && !named ? POSTGRES_PASS_ONLY.flatMap((f) => ['--exclude', f]) : []) !== 0 || failed;
if (wanted.includes('postgres')) {
  if (postgres) failed = run('postgres', named ? [] : STORE_TESTS) !== 0 || failed;
  else if (process.env.HUB_TEST_REQUIRE_POSTGRES === '1') {
    process.stderr.write('\nPostgreSQL tests are required (HUB_TEST_REQUIRE_POSTGRES=1) but there is no TEST_POSTGRES_URL and no PostgreSQL installed\n');
    failed = true;
  } else {
    process.stdout.write('\nNOTICE: PostgreSQL tests skipped: set TEST_POSTGRES_URL, or install PostgreSQL (apt-get install postgresql) for a throwaway cluster\n');
  }
}
process.exit(failed ? 1 : 0);
