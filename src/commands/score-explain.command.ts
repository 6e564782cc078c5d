import type { Kysely } from 'kysely';
import type { Config } from '../config/config.ts';
import type { ExplainEntry, MultipliersEntry, RepoEntry, ScoredPullEntry } from '../core/scoring/entries.ts';
import { reasonText } from '../core/scoring/reason-text.ts';
import type { ExplainItem } from '../db/links.queries.ts';
import { pullScoreOf, standingOf } from '../db/scoring.queries.ts';
import type { DB, RepoRow } from '../db/schema.ts';
import { printable, runPullCommand } from './store-command.ts';

type Out = NodeJS.WritableStream;

/**
 * `hub score explain owner/name#N`: the stored evaluation of pull request N as
 * text, the same breakdown GET /api/repos/{owner}/{name}/pulls/{N}/score serves:
 * every factor, each reason in words (the API's reason_text) with its detail and lever, the projection, and the
 * author's standing in the repository. Reads the store only.
 * Exit codes: 0 answered, 1 nothing to explain (no such pull request, not
 * evaluated yet, no database), 2 the question is wrong.
 */
export async function runScoreExplain(config: Config, target: string, out: Out = process.stdout, err: Out = process.stderr): Promise<number> {
  return runPullCommand(
    { name: 'score explain', config, target, err, notAnIssue: "only pull requests are scored (issue discovery is in the author's standing)" },
    (db, repo, item) => explain(db, repo, item, out, err),
  );
}

const f2 = (n: number) => n.toFixed(2);
const factors = (m: MultipliersEntry) => `issue ${f2(m.issue)} × label ${f2(m.label)} × spam ${f2(m.spam)} × decay ${f2(m.decay)} × review ${f2(m.review)}`;

async function explain(db: Kysely<DB>, repo: RepoRow, item: ExplainItem, out: Out, err: Out): Promise<number> {
  const name = `${repo.full_name}#${item.number}`;
  const row = await pullScoreOf(db, item.id);
  if (!row) {
    err.write(`${name} is not evaluated yet: the scoring job runs in the worker after each sync and hourly\n`);
    return 1;
  }
  const p = JSON.parse(row.entry) as ScoredPullEntry;
  const standingRow = await standingOf(db, repo.id, row.author_key);
  const s = standingRow ? (JSON.parse(standingRow.standing) as RepoEntry) : null;

  const lines = [`Pull request ${name}: ${printable(item.title, 200)}`];
  lines.push(`  author:      ${printable(row.login, 60)}${row.registered === 1 ? ' (a registered miner)' : ' (not a registered miner: what the rules would give)'}`);
  lines.push(`  state:       ${p.state}`);
  lines.push(`  evaluated:   ${row.computed_at}`);
  if (p.excluded !== null) lines.push(`  counted:     no, dropped entirely (${p.excluded})`);
  else lines.push(`  counted:     ${p.counted ? 'yes' : 'no'}`);
  lines.push(`  base:        ${f2(p.base)} (token score ${f2(p.token_score)})`);
  if (p.state === 'merged' && p.excluded === null) lines.push(`  factors:     ${factors(p.multipliers)}`, `  earned:      ${f2(p.base)} × ${factors(p.multipliers).replace(/[a-z]+ /g, '')} = ${f2(p.earned)}`);
  if (p.state === 'open') {
    lines.push(`  factors:     issue ${f2(p.multipliers.issue)} × label ${f2(p.multipliers.label)} × review (collateral) ${f2(p.collateral_review ?? 1)}`);
    lines.push(`  collateral:  ${f2(p.collateral)} held while open`);
  }
  if (p.pending.length > 0) lines.push(`  pending:     ${p.pending.join(', ')}: these numbers will change once the hub has every fact`);

  lines.push('', `Reasons: ${p.explain.length === 0 ? 'none: every factor is at its best' : p.explain.length}`);
  lines.push(...reasonLines(p.explain));

  if (p.projection) {
    const pr = p.projection;
    lines.push('', 'Projection:');
    if (p.state === 'open') lines.push(`  merged now it would earn ${f2(pr.earned_now)} (${factors(pr.multipliers)})`);
    else lines.push(`  earns ${f2(pr.earned_now)} today`);
    if (pr.next_drop_at) lines.push(`  next decay drop: ${pr.next_drop_at}, then ${f2(pr.earned_after_drop ?? 0)}`);
    const c = pr.curve;
    lines.push(
      `  decay curve:  grace ends ${c.grace_ends_at}; ${c.halves_at ? `halves ${c.halves_at}` : 'never halves (floor above 0.50)'}; ${c.floor_at ? `floor ${f2(c.floor)} from ${c.floor_at}` : `no floor reached (floor ${f2(c.floor)})`}`,
    );
  }

  if (s) {
    lines.push('', `Standing of ${printable(row.login, 60)} in ${repo.full_name}:`);
    lines.push(`  eligible:    ${s.eligible ? 'yes' : 'no'}`);
    lines.push(`  pull requests: ${s.merged} merged, ${s.closed} closed, ${s.open} open; credibility ${f2(s.credibility)}`);
    lines.push(`  open PR threshold: ${s.open_pr_threshold} (${s.open_pr_cliff ? 'the cliff has fired' : `${s.open_pr_slots_left} left`})`);
    lines.push(`  earned ${f2(s.earned)} − collateral ${f2(s.collateral)} → total ${f2(s.total)}`);
    if (s.blocked_by_explain.length > 0) lines.push('  blocked by:', ...reasonLines(s.blocked_by_explain, '    '));
  }
  out.write(`${lines.join('\n')}\n`);
  return 0;
}

/**
 * Each reason as the API words it: the code with its reason_text beside it, then what was
 * measured (detail) and the lever under them. A code this version has no words for
 * (reasonText answers the code itself) keeps its detail on the code's line.
 */
function reasonLines(reasons: readonly ExplainEntry[], indent = '  '): string[] {
  const width = reasons.reduce((w, r) => Math.max(w, r.code.length), 0);
  const under = `${indent}${' '.repeat(width)}  `;
  return reasons.flatMap((r) => {
    const words = reasonText(r.code);
    const head = words === r.code ? [`${indent}${r.code.padEnd(width)}  ${printable(r.detail, 300)}`] : [`${indent}${r.code.padEnd(width)}  ${printable(words, 200)}`, `${under}${printable(r.detail, 300)}`];
    return [...head, ...(r.lever ? [`${under}lever: ${printable(r.lever, 200)}`] : [])];
  });
}
