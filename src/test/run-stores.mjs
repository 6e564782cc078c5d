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

function run(store) {
  process.stdout.write(`\n==== tests on ${store === 'sqlite' ? 'SQLite' : 'PostgreSQL'}\n`);
  const res = spawnSync('npx', ['vitest', 'run', ...args], { stdio: 'inherit', env: { ...process.env, HUB_TEST_STORE: store } });
  return res.status ?? 1;
}

let failed = false;
if (wanted.includes('sqlite')) failed = run('sqlite') !== 0 || failed;
if (wanted.includes('postgres')) {
  if (postgresAvailable()) failed = run('postgres') !== 0 || failed;
  else if (process.env.HUB_TEST_REQUIRE_POSTGRES === '1') {
    process.stderr.write('\nPostgreSQL tests are required (HUB_TEST_REQUIRE_POSTGRES=1) but there is no TEST_POSTGRES_URL and no PostgreSQL installed\n');
    failed = true;
  } else {
    process.stdout.write('\nNOTICE: PostgreSQL tests skipped: set TEST_POSTGRES_URL, or install PostgreSQL (apt-get install postgresql) for a throwaway cluster\n');
  }
}
process.exit(failed ? 1 : 0);
