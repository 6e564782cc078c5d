import { Button, Select, TextInput } from '@primer/react';
import { useState, type FormEvent } from 'react';
import type { Repo } from '../api/types.ts';
import { DEFAULT_FILTERS, withSort, withState, type ListFilters, type Tab } from '../url-state.ts';

type Option = [value: string, text: string];

const STATES: Record<Tab, Option[]> = {
  issues: [
    ['', 'Open'],
    ['completed,not_planned,duplicate,closed', 'Closed (any reason)'],
    ['completed', 'Completed'],
    ['not_planned', 'Not planned'],
    ['duplicate', 'Duplicate'],
    ['all', 'All'],
  ],
  pulls: [
    ['', 'Open and draft'],
    ['open', 'Open, ready for review'],
    ['draft', 'Draft'],
    ['merged', 'Merged'],
    ['closed', 'Closed unmerged'],
    ['all', 'All'],
  ],
};

const LINKED: Record<Tab, Option[]> = {
  issues: [
    ['', 'Claimed or not'],
    ['false', 'Unclaimed: no pull request'],
    ['true', 'Claimed by a pull request'],
  ],
  pulls: [
    ['', 'Closing issues or not'],
    ['true', 'Closes an issue'],
    ['false', 'Closes no issue'],
  ],
};

const COMMON_SORTS: Option[] = [
  ['updated:desc', 'Recently updated'],
  ['updated:asc', 'Least recently updated'],
  ['created:desc', 'Newest'],
  ['created:asc', 'Oldest'],
  ['comments:desc', 'Most commented'],
  ['comments:asc', 'Least commented'],
  ['number:desc', 'Highest number'],
  ['number:asc', 'Lowest number'],
];

const SORTS: Record<Tab, Option[]> = {
  issues: COMMON_SORTS,
  pulls: [...COMMON_SORTS, ['merged:desc', 'Recently merged'], ['merged:asc', 'Least recently merged']],
};

function withCurrent(options: Option[], value: string): Option[] {
  // A hand-written URL may name a combination the menu does not: show it rather than lie.
  return options.some(([v]) => v === value) ? options : [...options, [value, value]];
}

interface FiltersProps {
  tab: Tab;
  filters: ListFilters;
  onChange: (filters: ListFilters) => void;
  /** Global lists: the repositories to choose from. */
  repos?: Repo[];
}

export function Filters({ tab, filters, onChange, repos }: FiltersProps) {
  const [author, setAuthor] = useState(filters.author);
  const [assignee, setAssignee] = useState(filters.assignee);
  const [label, setLabel] = useState(filters.label);
  // The text fields follow the URL when it changes underneath them (Back, a link), not on every render.
  const fromUrl = `${filters.author}\n${filters.assignee}\n${filters.label}`;
  const [seen, setSeen] = useState(fromUrl);
  if (seen !== fromUrl) {
    setSeen(fromUrl);
    setAuthor(filters.author);
    setAssignee(filters.assignee);
    setLabel(filters.label);
  }

  const set = (patch: Partial<ListFilters>) => onChange({ ...filters, ...patch });
  const applyText = (e?: FormEvent) => {
    e?.preventDefault();
    const a = author.trim().replace(/^@/, '');
    const who = assignee.trim().replace(/^@/, '');
    const l = label
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .join(',');
    if (a !== filters.author || who !== filters.assignee || l !== filters.label) set({ author: a, assignee: who, label: l });
  };
  const active = (Object.keys(DEFAULT_FILTERS) as (keyof ListFilters)[]).some((k) => filters[k] !== DEFAULT_FILTERS[k]);

  return (
    <form className="filters" aria-label="Filters" onSubmit={applyText}>
      {repos ? (
        <label className="field">
          <span className="field-label">Repository</span>
          <Select value={filters.repos} onChange={(e) => set({ repos: e.target.value })}>
            <Select.Option value="">All repositories</Select.Option>
            {withCurrent(
              repos.map((r) => [r.full_name, r.full_name] as Option),
              filters.repos,
            )
              .filter(([v]) => v)
              .map(([v, t]) => (
                <Select.Option key={v} value={v}>
                  {t}
                </Select.Option>
              ))}
          </Select>
        </label>
      ) : null}
      <label className="field">
        <span className="field-label">State</span>
        <Select value={filters.state} onChange={(e) => onChange(withState(filters, e.target.value))}>
          {withCurrent(STATES[tab], filters.state).map(([v, t]) => (
            <Select.Option key={v} value={v}>
              {t}
            </Select.Option>
          ))}
        </Select>
      </label>
      <label className="field">
        <span className="field-label">{tab === 'issues' ? 'Pull request' : 'Linked issues'}</span>
        <Select value={filters.linked} onChange={(e) => set({ linked: e.target.value as ListFilters['linked'] })}>
          {LINKED[tab].map(([v, t]) => (
            <Select.Option key={v} value={v}>
              {t}
            </Select.Option>
          ))}
        </Select>
      </label>
      <label className="field">
        <span className="field-label">Author</span>
        <TextInput value={author} onChange={(e) => setAuthor(e.target.value)} onBlur={() => applyText()} placeholder="login" autoComplete="off" spellCheck={false} className="field-login" />
      </label>
      <label className="field">
        <span className="field-label">Assignee</span>
        <TextInput value={assignee} onChange={(e) => setAssignee(e.target.value)} onBlur={() => applyText()} placeholder="login" autoComplete="off" spellCheck={false} className="field-login" />
      </label>
      <label className="field">
        <span className="field-label">Labels</span>
        <TextInput value={label} onChange={(e) => setLabel(e.target.value)} onBlur={() => applyText()} placeholder="bug, help wanted" autoComplete="off" />
      </label>
      <label className="field">
        <span className="field-label">Sort</span>
        <Select
          value={`${filters.sort}:${filters.direction}`}
          onChange={(e) => {
            const [sort, direction] = e.target.value.split(':') as [ListFilters['sort'], ListFilters['direction']];
            onChange(withSort(filters, sort, direction));
          }}
        >
          {SORTS[tab].map(([v, t]) => (
            <Select.Option key={v} value={v}>
              {t}
            </Select.Option>
          ))}
        </Select>
      </label>
      <div className="filters-actions">
        {/* Enter in a text field applies it; the button is the same for pointer users. */}
        <Button type="submit">Apply</Button>
        {active ? (
          <Button type="button" variant="invisible" onClick={() => onChange({ ...DEFAULT_FILTERS })}>
            Clear filters
          </Button>
        ) : null}
      </div>
    </form>
  );
}
