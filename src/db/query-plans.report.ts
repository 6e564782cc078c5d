import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { buildBulk, buildRepo } from '../test/factories.ts';
import { openDatabase } from './database.ts';
import { migrate } from './migrate.ts';
import { explainShapes, fullScans, type StoreFacts } from './query-plans.ts';

/**
 * Prints, as Markdown, the plan and timing of every API query shape on a large
 * store (the tables in docs/api.md come from here):
 *
 *   node --import tsx src/db/query-plans.report.ts --db /tmp/large.sqlite [--build 200000] [--repeat 200]
 *
 * --build fills a new store through the ingest path first: one repository with
 * 80% of the items, one with 17.5%, one with 2.5%.
 */
const { values } = parseArgs({ options: { db: { type: 'string' }, build: { type: 'string' }, repeat: { type: 'string' } }, strict: true });
const path = values.db ?? 'data/plans.sqlite';
const repeat = Number(values.repeat ?? 200);

const database = openDatabase({ kind: 'sqlite', path });
await migrate(database);
const db = database.db;
if (values.build) {
  if (existsSync(path) && (await db.selectFrom('items').select('id').limit(1).execute()).length > 0) throw new Error(`${path} already holds items`);
  const n = Number(values.build);
  const big = await buildRepo(db, { full_name: 'Big/Repo', weight: 0.5 });
  const mid = await buildRepo(db, { full_name: 'mid/repo', weight: 0.2 });
  const small = await buildRepo(db, { full_name: 'small/repo', weight: 0.1 });
  await buildBulk(db, big, { issues: Math.round(n * 0.5), pulls: Math.round(n * 0.3) });
  await buildBulk(db, mid, { issues: Math.round(n * 0.1), pulls: Math.round(n * 0.075) });
  await buildBulk(db, small, { issues: Math.round(n * 0.015), pulls: Math.round(n * 0.01), words: ['rare', 'zebra', 'quokka'] });
}
const repos = await db.selectFrom('repos').selectAll().orderBy('id').execute();
const [big, mid] = repos as [(typeof repos)[0], (typeof repos)[0]];
const linkedPull = await db.selectFrom('items').select(['id', 'number']).where('repo_id', '=', big.id).where('is_pull', '=', 1).where('linked_count', '>', 0).executeTakeFirstOrThrow();
const linkedIssue = await db.selectFrom('items').select('number').where('repo_id', '=', big.id).where('is_pull', '=', 0).where('linked_count', '>', 0).executeTakeFirstOrThrow();
const total = (await db.selectFrom('items').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
await database.close();

const facts: StoreFacts = {
  bigRepoId: big.id, bigRepoKey: big.name_key, otherRepoId: mid.id, issueNumber: linkedIssue.number, pullNumber: linkedPull.number, pullId: linkedPull.id,
  author: 'user3', label: 'bug', commonWord: 'parser', rareWord: String(linkedIssue.number),
};
const reports = await explainShapes(path, facts, { repeat });

const out: string[] = [`Store: ${total} items in ${repos.length} repositories (largest: ${big.full_name}). Timings: ${repeat} runs each, one connection, warm cache.`, ''];
out.push('| shape | plan | rows returned | index entries read (at most) | p50 ms | p99 ms |', '| --- | --- | --- | --- | --- | --- |');
for (const r of reports) out.push(`| ${r.name} | ${r.work?.mode ?? '-'} | ${r.work?.rows ?? '-'} | ${r.work?.examined ?? '-'} | ${r.ms?.p50} | ${r.ms?.p99} |`);
out.push('');
for (const r of reports) {
  out.push(`#### ${r.name}`, '', '```');
  for (const s of r.steps) out.push(s.sql, ...s.plan.map((l) => `  ${l}`), '');
  out.push('```', '');
  if (fullScans(r).length) out.push(`**FULL SCAN:** ${fullScans(r).join('; ')}`, '');
}
process.stdout.write(out.join('\n'));
