import { type ReactNode } from 'react';

/** Which way a column is sorted. */
export type SortDirection = 'ascending' | 'descending';

/** Props of {@link SortableHeader}. */
export interface SortableHeaderProps {
  readonly children: ReactNode;
  /** The direction when the table is sorted by this column; undefined when it is not. */
  readonly sorted: SortDirection | undefined;
  /** Sorts by this column (the caller flips the direction when it already is). */
  readonly onSort: () => void;
  readonly className?: string;
}

/**
 * A column header that sorts the table: a button inside the `th`, and `aria-sort` on the `th`
 * telling screen readers which column is sorted which way (WAI-ARIA sortable table pattern).
 */
export function SortableHeader({ children, sorted, onSort, className }: SortableHeaderProps) {
  return (
    <th scope="col" aria-sort={sorted ?? 'none'} className={className}>
      <button type="button" className="coffre-sort" onClick={onSort}>
        {children}
        <span className="coffre-sort__icon" aria-hidden="true">
          {sorted === 'ascending' ? '▲' : sorted === 'descending' ? '▼' : '↕'}
        </span>
      </button>
    </th>
  );
}

/** A column of {@link TableHead}: its label, or a label only screen readers get (an actions column). */
export type TableColumn = string | { readonly hiddenLabel: string };

/** The header row of a plain data table: one `th scope="col"` per column. */
export function TableHead({ columns }: { readonly columns: readonly TableColumn[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) =>
          typeof column === 'string' ? (
            <th key={column} scope="col">
              {column}
            </th>
          ) : (
            <th key={column.hiddenLabel} scope="col">
              <span className="coffre-visually-hidden">{column.hiddenLabel}</span>
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}
