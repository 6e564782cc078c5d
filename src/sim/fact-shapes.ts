/**
 * GitHub's REST JSON for the facts of facts.ts: reviews, timeline and issue
 * events, collaborators. Typed by the REST OpenAPI schemas.
 */
import type { components } from '@octokit/openapi-types';
import { fakeSha } from './random.ts';
import { fullNameOf, iso, type ShapeContext } from './repos.ts';
import { itemIds } from './shapes.ts';
import { REASONS } from './store.ts';
import { LABELS } from './words.ts';
import type { RepoState, World } from './world.ts';

type Review = components['schemas']['pull-request-review'];
type LabeledEvent = components['schemas']['labeled-issue-event'];
type StateChangeEvent = components['schemas']['state-change-issue-event'];
type Collaborator = components['schemas']['collaborator'];

export function reviewShapes(world: World, state: RepoState, i: number, ctx: ShapeContext): Review[] {
  const full = fullNameOf(state.meta);
  const pullUrl = `${ctx.apiBase}/repos/${full}/pulls/${i + 1}`;
  const head = fakeSha(itemIds(world, state, i + 1).id, 4);
  return world.facts.reviews(state, i).map((r) => {
    const html = `${ctx.htmlBase}/${full}/pull/${i + 1}#pullrequestreview-${r.id}`;
    return {
      id: r.id,
      node_id: `PRR_kwDO${Buffer.from(String(r.id)).toString('base64url')}`,
      user: world.users.simple(r.user, ctx.apiBase, ctx.htmlBase),
      body: r.state === 'CHANGES_REQUESTED' ? 'Please address the comments before this can go in.' : '',
      state: r.state,
      html_url: html,
      pull_request_url: pullUrl,
      _links: { html: { href: html }, pull_request: { href: pullUrl } },
      submitted_at: iso(r.at),
      commit_id: head,
      author_association: world.users.associationOf(r.user, state.meta.index, world.seed),
    };
  });
}

/**
 * The `labeled` events of the labels an item carries and, once closed, its
 * `closed` event (and a pull request's `merged`), oldest first, as both
 * `GET /issues/{n}/timeline` and `/issues/{n}/events` list them.
 */
export function timelineShapes(world: World, state: RepoState, i: number, ctx: ShapeContext): Array<LabeledEvent | StateChangeEvent> {
  const full = fullNameOf(state.meta);
  const s = state.items;
  const itemId = itemIds(world, state, i + 1).id;
  const eventUrl = (id: number) => `${ctx.apiBase}/repos/${full}/issues/events/${id}`;
  const user = (u: number) => world.users.simple(u, ctx.apiBase, ctx.htmlBase);
  const base = itemId * 64;
  const out: Array<{ at: number; e: LabeledEvent | StateChangeEvent }> = [];
  for (const ev of world.facts.labelEvents(state, i)) {
    const spec = LABELS[state.meta.labels[ev.bit]!]!;
    const id = base + ev.bit;
    out.push({
      at: ev.at,
      e: { id, node_id: `LE_kwDO${Buffer.from(String(id)).toString('base64url')}`, url: eventUrl(id), actor: user(ev.actor), event: 'labeled', commit_id: null, commit_url: null, created_at: iso(ev.at), performed_via_github_app: null, label: { name: spec.name, color: spec.color } },
    });
  }
  const stateEvent = (id: number, event: string, actor: number, at: number, commit: string | null, reason?: string | null): { at: number; e: StateChangeEvent } => ({
    at,
    e: {
      id,
      node_id: `CE_kwDO${Buffer.from(String(id)).toString('base64url')}`,
      url: eventUrl(id),
      actor: user(actor),
      event,
      commit_id: commit,
      commit_url: commit ? `${ctx.apiBase}/repos/${full}/commits/${commit}` : null,
      created_at: iso(at),
      performed_via_github_app: null,
      ...(reason === undefined ? {} : { state_reason: reason }),
    },
  });
  if (s.isPr(i)) {
    const by = world.facts.mergedBy(state, i);
    if (by !== null) {
      const sha = fakeSha(itemId, 2);
      out.push(stateEvent(base + 40, 'merged', by, s.merged[i]!, sha));
      out.push(stateEvent(base + 41, 'closed', by, s.closed[i]!, null));
    } else if (s.closed[i]) {
      out.push(stateEvent(base + 41, 'closed', state.items.author[i]!, s.closed[i]!, null));
    }
  } else {
    const closer = world.facts.closer(state, i);
    if (closer) {
      const pr = closer.pr ? world.repos[closer.pr.repoIndex]! : null;
      const commit = pr ? fakeSha(itemIds(world, pr, closer.pr!.number).id, 2) : null;
      out.push(stateEvent(base + 41, 'closed', closer.actor, closer.at, commit, issueReason(state, i)));
    }
  }
  return out.sort((a, b) => a.at - b.at || a.e.id - b.e.id).map((x) => x.e);
}

function issueReason(state: RepoState, i: number): string | null {
  return REASONS[state.items.reason[i]!] ?? null;
}

export function collaboratorShape(world: World, state: RepoState, u: number, ctx: ShapeContext): Collaborator {
  const owner = u === world.users.ownerOf(state.meta.index, world.seed);
  const simple = world.users.simple(u, ctx.apiBase, ctx.htmlBase);
  return {
    ...simple,
    permissions: { pull: true, triage: true, push: true, maintain: owner, admin: owner },
    role_name: owner ? 'admin' : 'write',
  };
}
