/**
 * Targeted changes to the simulated GitHub, stamped with the virtual clock's
 * time. Tests call these directly; the clock calls them at random. Each one
 * leaves the state GitHub would show afterwards, including side effects such as
 * a merge closing the issues the PR links.
 */
import { initItem } from './generator.ts';
import { joinFragments, type Fragment } from './ref-forms.ts';
import { mix32, Rng } from './random.ts';
import { fullNameOf, iso } from './repos.ts';
import { F_DELETED, F_DRAFT, F_OPEN, F_PR, F_TRANSFERRED, itemKey, reasonCode, splitKey, type StateReason } from './store.ts';
import { closingKeys } from './truth.ts';
import { LABELS } from './words.ts';
import type { ComposedBody } from './bodies.ts';
import type { ReviewState } from './facts.ts';
import type { ScriptedFile } from './files.ts';
import type { RepoState, World } from './world.ts';

export type SimEventType =
  | 'issue.created' | 'pull.created' | 'title.edited' | 'body.edited' | 'closed' | 'reopened' | 'merged' | 'commented'
  | 'deleted' | 'transferred' | 'ready_for_review' | 'converted_to_draft' | 'labeled' | 'linked' | 'unlinked' | 'renamed' | 'reviewed'
  | 'pushed';

export interface SimEvent {
  type: SimEventType;
  repo: string;
  number: number;
  at: string;
  /** Where a transferred issue went, or the issue a link names. */
  to?: { repo: string; number: number };
}

export type BodySpec = { want?: 'links' | 'no-links'; fragments?: Fragment[]; body?: ComposedBody };

export class Mutator {
  constructor(private readonly world: World) {}

  private state(repo: string): RepoState {
    return this.world.repo(repo);
  }

  private live(state: RepoState, number: number): number {
    const i = number - 1;
    if (!state.items.isLive(i)) throw new Error(`${fullNameOf(state.meta)}#${number} does not exist (or is gone)`);
    return i;
  }

  private stamp(state: RepoState, i: number, type: SimEventType, extra: Partial<SimEvent> = {}): SimEvent {
    state.items.updated[i] = Math.max(state.items.updated[i]!, this.world.nowSec);
    this.world.touch(state);
    return { type, repo: fullNameOf(state.meta), number: i + 1, at: iso(this.world.nowSec), ...extra };
  }

  private newItem(state: RepoState, isPr: boolean): number {
    const i = state.items.append();
    // A number's author, labels and comments follow from the seed and the number alone, as its
    // title and body do: a simulator restarted later (the demo) gives the same number the same item.
    initItem(this.world, state, i, isPr, new Rng(mix32(this.world.seed, state.meta.index, i + 1, 0xc2ea7e)));
    state.items.created[i] = this.world.nowSec;
    state.items.set(i, F_OPEN, true);
    return i;
  }

  createIssue(repo: string): SimEvent {
    const state = this.state(repo);
    return this.stamp(state, this.newItem(state, false), 'issue.created');
  }

  /**
   * A new pull request. With `author` (a login) it is scripted for targeted tests: that author (and
   * their association with the repository), no labels, and none of the generated reviews or edits;
   * it carries only what the test adds.
   */
  createPull(repo: string, opts: { base?: string; draft?: boolean; author?: string } & BodySpec = {}): SimEvent {
    const state = this.state(repo);
    const i = this.newItem(state, true);
    if (opts.author !== undefined) {
      state.items.author[i] = this.user(opts.author);
      state.items.labels[i] = 0;
      this.world.scripted.add(itemKey(state.meta.index, i + 1));
    }
    // Explicit and predictable: the default branch and ready for review unless asked otherwise.
    const b = opts.base === undefined ? 0 : state.meta.branches.indexOf(opts.base);
    if (b < 0) throw new Error(`${repo} has no branch ${opts.base}`);
    state.items.base[i] = b;
    state.items.set(i, F_DRAFT, opts.draft ?? false);
    this.applyBody(state, i, opts, false);
    return this.stamp(state, i, 'pull.created');
  }

  editTitle(repo: string, number: number): SimEvent {
    const state = this.state(repo);
    const i = this.live(state, number);
    state.items.titleRev[i] = state.items.titleRev[i]! + 1;
    this.world.facts.edited(state, i);
    return this.stamp(state, i, 'title.edited');
  }

  /**
   * A new description. `want` keeps drawing revisions until the PR gains (or
   * loses) keyword links; `fragments`/`body` set an exact text whose references
   * are declared by the caller.
   */
  editBody(repo: string, number: number, spec: BodySpec = {}): SimEvent {
    const state = this.state(repo);
    const i = this.live(state, number);
    this.applyBody(state, i, spec, true);
    this.world.facts.edited(state, i);
    return this.stamp(state, i, 'body.edited');
  }

  /** Edits a merged pull request's description: its lastEditedAt falls after mergedAt. */
  editAfterMerge(repo: string, number: number): SimEvent {
    const state = this.state(repo);
    const i = this.live(state, number);
    if (!state.items.merged[i]) throw new Error(`${repo}#${number} is not merged`);
    if (this.world.nowSec <= state.items.merged[i]!) this.world.nowSec = state.items.merged[i]! + 1;
    return this.editBody(repo, number);
  }

  /** A review on a pull request by `by` (a login), at the world's time. */
  addReview(repo: string, number: number, by: string, reviewState: ReviewState = 'APPROVED'): SimEvent {
    const state = this.state(repo);
    const i = this.live(state, number);
    if (!state.items.isPr(i)) throw new Error(`${repo}#${number} is not a pull request`);
    this.world.facts.addReview(state, i, this.user(by), reviewState);
    return this.stamp(state, i, 'reviewed');
  }

  /** Applies one label, recording `by` (a login) as the actor of its `labeled` event. */
  applyLabel(repo: string, number: number, label: string, by: string): SimEvent {
    const state = this.state(repo);
    const i = this.live(state, number);
    const bit = state.meta.labels.findIndex((li) => LABELS[li]!.name === label);
    if (bit < 0) throw new Error(`${repo} has no label ${label}`);
    state.items.labels[i] = (state.items.labels[i]! | (1 << bit)) >>> 0;
    this.world.facts.labelApplied(state, i, bit, this.user(by));
    return this.stamp(state, i, 'labeled');
  }

  /** Makes the repository's collaborators list answer 403, as for a token without push access (or readable again). */
  hideCollaborators(repo: string, hidden = true): void {
    const state = this.state(repo);
    if (hidden) this.world.facts.collaboratorsHidden.add(state.meta.index);
    else this.world.facts.collaboratorsHidden.delete(state.meta.index);
    this.world.touch(state);
  }

  /** The repository's maintainers (owner and collaborators with write access), as logins. */
  maintainers(repo: string): string[] {
    return this.world.facts.maintainers(this.state(repo).meta.index).map((u) => this.world.users.get(u).login);
  }

  private user(login: string): number {
    const u = this.world.users.byName(login);
    if (!u) throw new Error(`no simulated user ${login}`);
    return u.index;
  }

  private applyBody(state: RepoState, i: number, spec: BodySpec, bump: boolean): void {
    const s = state.items;
    const key = itemKey(state.meta.index, i + 1);
    if (spec.fragments || spec.body) {
      this.world.setBody(state, i, spec.body ?? joinFragments(spec.fragments!));
    } else {
      if (bump) s.bodyRev[i] = s.bodyRev[i]! + 1;
      if (spec.want && s.isPr(i)) {
        for (let tries = 0; tries < 200; tries++) {
          const links = closingKeys(this.world, state, i + 1).keyword.length > 0;
          if (links === (spec.want === 'links')) break;
          s.bodyRev[i] = s.bodyRev[i]! + 1;
        }
      }
    }
    if (s.isPr(i)) this.world.refsChanged(key);
  }

  close(repo: string, number: number, reason: Exclude<StateReason, null | 'reopened'> = 'completed'): SimEvent {
    const state = this.state(repo);
    const i = this.live(state, number);
    const s = state.items;
    if (!s.has(i, F_OPEN)) throw new Error(`${repo}#${number} is already closed`);
    s.set(i, F_OPEN, false);
    s.closed[i] = this.world.nowSec;
    if (!s.isPr(i)) s.reason[i] = reasonCode(reason);
    return this.stamp(state, i, 'closed');
  }

  reopen(repo: string, number: number): SimEvent {
    const state = this.state(repo);
    const i = this.live(state, number);
    const s = state.items;
    if (s.has(i, F_OPEN) || s.merged[i]! > 0) throw new Error(`${repo}#${number} cannot be reopened`);
    s.set(i, F_OPEN, true);
    s.closed[i] = 0;
    if (!s.isPr(i)) s.reason[i] = reasonCode('reopened');
    return this.stamp(state, i, 'reopened');
  }

  /** Merges an open PR (by `opts.by`, a login, when given); the issues it links close as completed, as on GitHub. */
  merge(repo: string, number: number, opts: { by?: string } = {}): SimEvent[] {
    const state = this.state(repo);
    const i = this.live(state, number);
    const s = state.items;
    if (!s.isPr(i) || !s.has(i, F_OPEN)) throw new Error(`${repo}#${number} is not an open pull request`);
    if (opts.by !== undefined) this.world.mergers.set(itemKey(state.meta.index, number), this.user(opts.by));
    s.set(i, F_OPEN, false);
    s.set(i, F_DRAFT, false);
    s.closed[i] = s.merged[i] = this.world.nowSec;
    const events = [this.stamp(state, i, 'merged')];
    const links = closingKeys(this.world, state, number);
    for (const key of [...links.keyword, ...links.manual]) {
      const at = splitKey(key);
      const target = this.world.repos[at.repoIndex]!;
      const ti = at.number - 1;
      if (!target.items.has(ti, F_OPEN)) continue;
      target.items.set(ti, F_OPEN, false);
      target.items.closed[ti] = this.world.nowSec;
      target.items.reason[ti] = reasonCode('completed');
      events.push(this.stamp(target, ti, 'closed'));
    }
    return events;
  }

  /** A new commit on an open PR's head: its head SHA and head contents change (files.ts), its base stays. */
  pushCommit(repo: string, number: number): SimEvent {
    const state = this.state(repo);
    const i = this.live(state, number);
    if (!state.items.isPr(i) || !state.items.has(i, F_OPEN)) throw new Error(`${repo}#${number} is not an open pull request`);
    const key = itemKey(state.meta.index, number);
    this.world.pushes.set(key, (this.world.pushes.get(key) ?? 0) + 1);
    return this.stamp(state, i, 'pushed');
  }

  /**
   * Sets an open PR's changed files to exact texts (files.ts `ScriptedFile`): a new head commit, whose
   * files list, contents and size are these from now on (a later push keeps them).
   */
  setFiles(repo: string, number: number, files: ScriptedFile[]): SimEvent {
    const state = this.state(repo);
    const i = this.live(state, number);
    if (!state.items.isPr(i) || !state.items.has(i, F_OPEN)) throw new Error(`${repo}#${number} is not an open pull request`);
    if (files.length === 0) throw new Error('a pull request changes at least one file');
    for (const f of files) if (f.base === null && f.head === null) throw new Error(`${f.filename}: a file needs a base or a head side`);
    this.world.scriptedFiles.set(itemKey(state.meta.index, number), files.map((f) => ({ ...f })));
    return this.pushCommit(repo, number);
  }

  setDraft(repo: string, number: number, draft: boolean): SimEvent {
    const state = this.state(repo);
    const i = this.live(state, number);
    if (!state.items.isPr(i) || !state.items.has(i, F_OPEN)) throw new Error(`${repo}#${number} is not an open pull request`);
    state.items.set(i, F_DRAFT, draft);
    return this.stamp(state, i, draft ? 'converted_to_draft' : 'ready_for_review');
  }

  comment(repo: string, number: number): SimEvent {
    const state = this.state(repo);
    const i = this.live(state, number);
    state.items.comments[i] = Math.min(65_535, state.items.comments[i]! + 1);
    return this.stamp(state, i, 'commented');
  }

  setLabels(repo: string, number: number, names: string[]): SimEvent {
    const state = this.state(repo);
    const i = this.live(state, number);
    let mask = 0;
    for (const name of names) {
      const bit = state.meta.labels.findIndex((li) => LABELS[li]!.name === name);
      if (bit < 0) throw new Error(`${repo} has no label ${name}`);
      mask |= 1 << bit;
    }
    // A label this adds was applied now, by one of the maintainers.
    const added = mask & ~state.items.labels[i]!;
    const maintainers = this.world.facts.maintainers(state.meta.index);
    for (let bit = 0; bit < state.meta.labels.length; bit++) {
      if (added & (1 << bit)) this.world.facts.labelApplied(state, i, bit, maintainers[mix32(this.world.seed, i, bit, this.world.nowSec) % maintainers.length]!);
    }
    state.items.labels[i] = mask >>> 0;
    return this.stamp(state, i, 'labeled');
  }

  /** Deletes an issue: GET answers 410 and lists drop it. Pull requests cannot be deleted. */
  deleteIssue(repo: string, number: number): SimEvent {
    const state = this.state(repo);
    const i = this.live(state, number);
    if (state.items.isPr(i)) throw new Error('pull requests cannot be deleted');
    state.items.set(i, F_DELETED, true);
    this.world.touch(state);
    return { type: 'deleted', repo: fullNameOf(state.meta), number, at: iso(this.world.nowSec) };
  }

  /** Moves an issue to another repository under a new number; the old URL answers 301. */
  transferIssue(repo: string, number: number, toRepo: string): SimEvent {
    const from = this.state(repo);
    const to = this.state(toRepo);
    const i = this.live(from, number);
    if (from === to) throw new Error('transfer to the same repository');
    if (from.items.isPr(i)) throw new Error('pull requests cannot be transferred');
    const s = from.items;
    const j = to.items.append();
    const t = to.items;
    t.flags[j] = s.flags[i]! & ~F_PR;
    t.created[j] = s.created[i]!;
    t.closed[j] = s.closed[i]!;
    t.reason[j] = s.reason[i]!;
    t.author[j] = s.author[i]!;
    t.comments[j] = s.comments[i]!;
    t.titleRev[j] = s.titleRev[i]!;
    t.bodyRev[j] = s.bodyRev[i]!;
    s.set(i, F_TRANSFERRED, true);
    const src = itemKey(from.meta.index, number);
    const dst = itemKey(to.meta.index, j + 1);
    this.world.transfers.set(src, dst);
    this.world.origins.set(dst, src);
    this.world.touch(from);
    const ev = this.stamp(to, j, 'transferred');
    return { ...ev, repo: fullNameOf(from.meta), number, to: { repo: fullNameOf(to.meta), number: j + 1 } };
  }

  renameRepo(repo: string, newFullName: string): SimEvent {
    const state = this.state(repo);
    const old = fullNameOf(state.meta);
    this.world.rename(state, newFullName);
    return { type: 'renamed', repo: old, number: 0, at: iso(this.world.nowSec), to: { repo: newFullName, number: 0 } };
  }

  /** A manual sidebar link: it exists only in GitHub's data, never in the text. */
  linkIssue(repo: string, prNumber: number, issueRepo: string, issueNumber: number): SimEvent {
    const state = this.state(repo);
    const i = this.live(state, prNumber);
    if (!state.items.isPr(i)) throw new Error(`${repo}#${prNumber} is not a pull request`);
    const target = this.state(issueRepo);
    const key = itemKey(state.meta.index, prNumber);
    const list = this.world.manualLinks.get(key) ?? [];
    const tk = itemKey(target.meta.index, issueNumber);
    if (!list.includes(tk)) list.push(tk);
    this.world.manualLinks.set(key, list);
    this.world.refsChanged(key);
    return this.stamp(state, i, 'linked', { to: { repo: fullNameOf(target.meta), number: issueNumber } });
  }

  unlinkIssue(repo: string, prNumber: number, issueRepo: string, issueNumber: number): SimEvent {
    const state = this.state(repo);
    const i = this.live(state, prNumber);
    const key = itemKey(state.meta.index, prNumber);
    const tk = itemKey(this.state(issueRepo).meta.index, issueNumber);
    this.world.manualLinks.set(key, (this.world.manualLinks.get(key) ?? []).filter((k) => k !== tk));
    return this.stamp(state, i, 'unlinked', { to: { repo: issueRepo, number: issueNumber } });
  }
}
