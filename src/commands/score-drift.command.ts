import type { Kysely } from 'kysely';
import type { Config } from '../config/config.ts';
import { isValidRepoName } from '../core/master-list.ts';
import { DRIFT_FIELDS, DRIFT_TOLERANCE, type Breakdown, type HubBreakdown } from '../core/subnet/drift.ts';
import { getDriftState, listStoredDrift, minerIdByLogin, storedDriftCounts } from '../db/score-drift.queries.ts';
import type { DB } from '../db/schema.ts';
import { printable, withHubStore } from './store-command.ts';

type Out = NodeJS.WritableStream;

export interface DriftFlags {
  repo?: string;
  miner?: string;
  /** Pull requests shown at most (default 50). */
  limit?: number;
}

const LOGIN = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}(\[bot\])?$/;

/**
 * `hub score drift [--repo owner/name] [--miner login] [--limit N]`: the pull
 * requests whose official score and the hub's own evaluation differ beyond
 * rounding, each with both breakdowns side by side. Reads the report the worker
 * keeps (never the subnet's services). Exit codes: 0 answered (with or without
 * differences), 1 no report or no database, 2 the question is wrong.
 */
export async function runScoreDrift(config: Config, flags: DriftFlags, out: Out = process.stdout, err: Out = process.stderr): Promise<number> {
  if (flags.repo !== undefined && !isValidRepoName(flags.repo)) {
    err.write(`score drift: --repo must be owner/name, got "${printable(flags.repo, 120)}"\n`);
    return 2;
  }
  if (flags.miner !== undefined && !LOGIN.test(flags.miner)) {
    err.write(`score drift: --miner must be a GitHub login, got "${printable(flags.miner, 120)}"\n`);
    return 2;
  }
  const limit = flags.limit ?? 50;
  return withHubStore(config, err, (db) => report(db, { ...flags, limit }, out, err));
}

async function report(db: Kysely<DB>, flags: DriftFlags & { limit: number }, out: Out, err: Out): Promise<number> {
  const state = await getDriftState(db);
  if (!state) {
    err.write('no drift report yet: the worker compares the official scores with the hub’s once it has mirrored them (`npm start`)\n');
    return 1;
  }
  let githubId: string | undefined;
  if (flags.miner) {
    githubId = (await minerIdByLogin(db, flags.miner)) ?? undefined;
    if (!githubId) {
      err.write(`${flags.miner} is not a miner the hub has seen\n`);
      return 2;
    }
  }
  const filter = { repoKey: flags.repo?.toLowerCase(), githubId };
  const counts = await storedDriftCounts(db, filter);
  const rows = await listStoredDrift(db, { ...filter, limit: flags.limit + 1 });
  const scope = [flags.repo, flags.miner && `miner ${flags.miner}`].filter(Boolean).join(', ');
  const lines = [
    `Official versus ours${scope ? ` (${scope})` : ''}: compared ${state.computed_at}, differences beyond ${Number(DRIFT_TOLERANCE.toFixed(2))}`,
    `  compared ${counts.compared}, differing ${counts.differing}, official only ${counts.officialOnly}, hub only ${counts.hubOnly}`,
  ];
  if (counts.differing === 0) lines.push('', 'No differences: every pull request both sides scored agrees.');
  for (const r of rows.slice(0, flags.limit)) {
    const official = JSON.parse(r.official) as Breakdown;
    const hub = JSON.parse(r.hub) as HubBreakdown;
    const differing = new Set(JSON.parse(r.fields) as string[]);
    lines.push('', `${printable(r.repository, 140)}#${r.number}  ${r.login ? printable(r.login, 40) : `GitHub id ${r.github_id}`}  differs: ${[...differing].join(', ')}`);
    if (hub.excluded) lines.push(`  the hub drops it: ${printable(hub.excluded, 60)}`);
    const cells = (b: Breakdown) => DRIFT_FIELDS.map((f) => valueText(f === 'state' ? b.state : f === 'score' || f === 'collateral' || f === 'base' ? b[f] : b.multipliers[f]));
    const table = [['', ...DRIFT_FIELDS.map((f) => (differing.has(f) ? `${f}*` : f))], ['official', ...cells(official)], ['hub', ...cells(hub)]];
    const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
    for (const row of table) lines.push(`  ${row.map((c, i) => c.padEnd(widths[i]!)).join('  ')}`.trimEnd());
  }
  if (rows.length > flags.limit) lines.push('', `${counts.differing - flags.limit} more not shown (--limit, or GET /api/subnet/drift)`);
  out.write(`${lines.join('\n')}\n`);
  return 0;
}

function valueText(v: string | number | null): string {
  if (v === null) return '—';
  return typeof v === 'number' ? v.toFixed(2) : v;
}
