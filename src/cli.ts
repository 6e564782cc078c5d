import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config/config.ts';
import { HubError } from './core/errors.ts';
import { connectDatabase } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { createLogger } from './logger.ts';
import { HUB_VERSION } from './version.ts';

const USAGE = `Usage: npm run hub -- <command> [flags]

Commands:
  start [--role all|server|worker]   server and sync worker (what npm start runs), or one of them
  copy-store --from URL --to URL     copy every table of one store into another (SQLite, PostgreSQL)
  sync --once [--repo owner/name]    one incremental pass, then exit (non-zero if any repository failed)
  migrate                            apply pending database migrations and exit
  sim [--port N] [--seed S]          run the GitHub simulator on its own
  links explain owner/name#N         why each reference in pull request N was or was not taken
  score explain owner/name#N         what pull request N earns, factor by factor, and why
  score drift [--repo R] [--miner M] where the official scores and the hub's differ, with both breakdowns

Every command takes --help. --version prints the hub's version.
`;

/** Each command's own help: what `<command> --help` prints (and nothing else happens). */
const COMMAND_HELP: Record<string, string> = {
  start: `Usage: npm run hub -- start [--role all|server|worker]

Migrates the database, serves the API and the page on HOST:PORT, and runs the
sync worker in a process of its own. With no GITHUB_TOKENS and no GITHUB_API_URL
it runs in demo mode against the built-in GitHub simulator. SIGINT or SIGTERM
stop the server and the worker.

--role server   serve the API and the page only; never sync
--role worker   run the sync worker only, in this process; open no port
--role all      both (the default)

Any number of servers and workers may share one PostgreSQL DATABASE_URL.
`,
  'copy-store': `Usage: npm run hub -- copy-store --from URL --to URL [--force]

Copies every table of the store at --from into the store at --to (each
sqlite:<path>, a file path, or postgres://…), in batches and in foreign-key
order, then checks that every table holds as many rows as its source. The
target is migrated first; both must be at the same migration. A target that
already holds data is refused unless --force, which empties it first. Stop the
hub's workers while it runs: changes made during the copy may be missed.
Exit 0 when every table matched, 1 otherwise.
`,
  sync: `Usage: npm run hub -- sync --once [--repo owner/name]

One incremental pass over every tracked repository (or one), each followed by
its relink, then exit: 0 when every repository synced, 1 with a one-line reason
per failed repository (or when no repository is tracked), 2 when --repo is not
a tracked repository.
`,
  migrate: `Usage: npm run hub -- migrate

Applies pending database migrations to DATABASE_URL and exits. Settings it does
not use are not checked.
`,
  sim: `Usage: npm run hub -- sim [--port N] [--seed S] [--repos N] [--items N]

Runs the GitHub simulator on its own (loopback), for scripts and manual testing.
`,
  links: `Usage: npm run hub -- links explain owner/name#N
       npm run hub -- links explain https://github.com/owner/name/pull/N

Prints the closing references of pull request N and why each was or was not
taken. The URL may be on github.com or the GITHUB_WEB_URL host.
`,
  score: `Usage: npm run hub -- score explain owner/name#N
       npm run hub -- score explain https://github.com/owner/name/pull/N

Prints the hub's stored evaluation of pull request N: its base and every factor,
each reason in words with what would change it, the projection (what it would
earn merged now, or when its decay next drops) and the author's standing in the
repository. The same breakdown as GET /api/repos/{owner}/{name}/pulls/{N}/score.

Usage: npm run hub -- score drift [--repo owner/name] [--miner login] [--limit N]

Lists the pull requests whose official score (the subnet's validators) and the
hub's own evaluation differ by more than rounding (0.01), each with both
breakdowns, and how many were compared or scored by one side only. Reads the
report the worker keeps; exit 0 when it answered, 1 when there is no report yet.
`,
};

const wantsHelp = (args: readonly string[]) => args.includes('--help') || args.includes('-h');

/**
 * The configuration for a command that only needs the database: problems in
 * settings it does not use (PORT=abc, say) are set aside, so `migrate` runs.
 */
function loadDatabaseConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError) || err.problems.some((p) => p.name === 'DATABASE_URL' || p.name === 'LOG_LEVEL')) return loadConfigOrExit();
    // An empty variable reads as unset: the unused settings fall back to their defaults.
    return loadConfig({ ...process.env, ...Object.fromEntries(err.problems.map((p) => [p.name, ''])) });
  }
}

/** Loads configuration or exits 2 with every problem listed, each naming its variable. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== undefined && COMMAND_HELP[command] && wantsHelp(rest)) {
    process.stdout.write(COMMAND_HELP[command]);
    return 0;
  }
  switch (command) {
    case 'start': {
      const { values } = parseArgs({ args: rest, options: { role: { type: 'string', default: 'all' } }, strict: true });
      const { runStart, ROLES } = await import('./start.ts');
      const role = ROLES.find((r) => r === values.role);
      if (!role) {
        process.stderr.write(`--role must be one of ${ROLES.join(', ')} (got "${values.role}")\n`);
        return 2;
      }
      return runStart(loadConfigOrExit(), role);
    }
    case 'copy-store': {
      const { values } = parseArgs({ args: rest, options: { from: { type: 'string' }, to: { type: 'string' }, force: { type: 'boolean' } }, strict: true });
      if (!values.from || !values.to) {
        process.stderr.write(COMMAND_HELP['copy-store']!);
        return 2;
      }
      const { runCopyStore } = await import('./commands/copy-store.command.ts');
      return runCopyStore({ from: values.from, to: values.to, force: values.force ?? false });
    }
    case 'sync': {
      const { values } = parseArgs({ args: rest, options: { once: { type: 'boolean' }, repo: { type: 'string' } }, strict: true });
      if (!values.once) {
        process.stderr.write('sync runs continuously inside `start`; use `sync --once [--repo owner/name]` for a single pass\n');
        return 2;
      }
      const { runSyncOnce } = await import('./sync/sync-once.command.ts');
      return runSyncOnce(loadConfigOrExit(), { repo: values.repo });
    }
    case 'migrate': {
      const config = loadDatabaseConfigOrExit();
      const logger = createLogger({ level: config.logLevel });
      const database = await connectDatabase(config.database, { log: (message) => logger.warn(message) });
      try {
        const report = await migrate(database, { onApplied: (name, ms) => logger.info({ migration: name, ms }, 'migration applied') });
        process.stdout.write(report.applied.length ? `Applied ${report.applied.join(', ')}\n` : `Nothing to migrate (${report.alreadyApplied} applied)\n`);
        return 0;
      } finally {
        await database.close();
      }
    }
    case 'sim': {
      const { values } = parseArgs({ args: rest, options: { port: { type: 'string' }, seed: { type: 'string' }, repos: { type: 'string' }, items: { type: 'string' } }, strict: true });
      const num = (name: string, v: string | undefined) => {
        if (v === undefined) return undefined;
        if (!/^\d+$/.test(v)) throw new HubError(400, 'invalid_flag', `--${name} must be a whole number`);
        return Number(v);
      };
      const { runSimCommand } = await import('./sim/sim.command.ts');
      await runSimCommand({ port: num('port', values.port), seed: num('seed', values.seed), repos: num('repos', values.repos), itemsPerRepo: num('items', values.items) });
      return 0;
    }
    case 'links': {
      const [sub, target, ...extra] = rest;
      if (sub !== 'explain' || target === undefined || extra.length > 0) {
        process.stderr.write(COMMAND_HELP.links!);
        return 2;
      }
      return (await import('./commands/links-explain.command.ts')).runLinksExplain(loadConfigOrExit(), target);
    }
    case 'score': {
      const [sub, ...args] = rest;
      if (sub === 'explain' && args.length === 1) return (await import('./commands/score-explain.command.ts')).runScoreExplain(loadConfigOrExit(), args[0]!);
      if (sub !== 'drift') {
        process.stderr.write(COMMAND_HELP.score!);
        return 2;
      }
      const { values } = parseArgs({ args, options: { repo: { type: 'string' }, miner: { type: 'string' }, limit: { type: 'string' } }, strict: true, allowPositionals: false });
      if (values.limit !== undefined && !/^[1-9]\d{0,5}$/.test(values.limit)) throw new HubError(400, 'invalid_flag', '--limit must be a whole number from 1');
      const { runScoreDrift } = await import('./commands/score-drift.command.ts');
      return runScoreDrift(loadDatabaseConfigOrExit(), { repo: values.repo, miner: values.miner, limit: values.limit === undefined ? undefined : Number(values.limit) });
    }
    case '--version':
    case '-v':
    case 'version':
      process.stdout.write(`${HUB_VERSION}\n`);
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return command === undefined ? 1 : 0;
    default:
      process.stderr.write(`Unknown command: ${command}\n\n${USAGE}`);
      return 1;
  }
}

main(process.argv.slice(2)).then(
  // Long-running commands (start, sim) resolve only once they have shut down.
  (code) => process.exit(code),
  (err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`error: ${message}\n`);
    process.exit(1);
  },
);
