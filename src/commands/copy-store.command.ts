import { existsSync } from 'node:fs';
import { parseDatabaseUrl, type DatabaseConfig } from '../config/config.ts';
import { copyStore, CopyRefused } from '../db/copy-store.ts';
import { openDatabase, type Database } from '../db/database.ts';
import { migrate } from '../db/migrate.ts';

type Out = NodeJS.WritableStream;

function describe(config: DatabaseConfig): string {
  // A PostgreSQL URL may carry a password: only its host and database are printed.
  if (config.kind === 'sqlite') return config.path;
  const url = new URL(config.url);
  return `postgres://${url.host}${url.pathname}`;
}

/**
 * `copy-store --from URL --to URL [--force]`: moves a hub from one store to
 * another (a SQLite file into PostgreSQL, say). The target is migrated, the
 * copy runs in one transaction on it, and every table's row count is compared
 * afterwards: exit 0 only when all match.
 */
export async function runCopyStore(o: { from: string; to: string; force: boolean }, out: Out = process.stdout, err: Out = process.stderr): Promise<number> {
  const from = parseDatabaseUrl(o.from);
  const to = parseDatabaseUrl(o.to);
  for (const [flag, parsed] of [['--from', from], ['--to', to]] as const) {
    if (typeof parsed === 'string') {
      err.write(`${flag} ${parsed}\n`);
      return 2;
    }
  }
  const source = from as DatabaseConfig;
  const target = to as DatabaseConfig;
  if (source.kind === 'sqlite' && !existsSync(source.path)) {
    err.write(`no hub database at ${source.path}\n`);
    return 2;
  }
  if (describe(source) === describe(target)) {
    err.write('--from and --to name the same store\n');
    return 2;
  }
  const opened: Database[] = [];
  try {
    const src = openDatabase(source, { readonly: source.kind === 'sqlite' });
    opened.push(src);
    const dst = openDatabase(target);
    opened.push(dst);
    await migrate(dst);
    out.write(`Copying ${describe(source)} into ${describe(target)}\n`);
    const report = await copyStore(src, dst, { force: o.force, onTable: (table, rows, ms) => out.write(`  ${table}: ${rows} rows (${ms} ms)\n`) });
    const wrong = report.tables.filter((t) => t.source !== t.target);
    for (const t of wrong) err.write(`row count differs in ${t.table}: ${t.source} in the source, ${t.target} in the target\n`);
    if (wrong.length) return 1;
    out.write(`Copied ${report.rows} rows in ${report.tables.length} tables; every table's row count matches${report.sequencesReset ? `; ${report.sequencesReset} sequences moved past the copied ids` : ''}\n`);
    return 0;
  } catch (e) {
    if (e instanceof CopyRefused) {
      err.write(`not copied: ${e.message}\n`);
      return 1;
    }
    throw e;
  } finally {
    for (const d of opened.reverse()) await d.close();
  }
}
