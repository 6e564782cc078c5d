import type { Direction } from '../url-state.ts';

export interface SortColumn<K extends string> {
  key: K;
  label: string;
  title?: string;
  numeric: boolean;
}

/** A table head whose every column is a sort button, the sorted one marked for screen readers (aria-sort) and by an arrow. */
export function SortableHead<K extends string>({ columns, sort, dir, onSort }: { columns: readonly SortColumn<K>[]; sort: K; dir: Direction; onSort: (key: K) => void }) {
  return (
    <thead>
      <tr>
        {columns.map((c) => (
          <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined} aria-sort={sort === c.key ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}>
            <button type="button" className="sort-button" title={c.title} onClick={() => onSort(c.key)}>
              {c.label}
              <span aria-hidden="true">{sort === c.key ? (dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
            </button>
          </th>
        ))}
      </tr>
    </thead>
  );
}
