// What every paged, sortable table shares: the table whose column headers
// sort (aria-sort, a button per header) and the pager under it.
import type { ComponentChildren } from 'preact';
import { formatCount } from '../lib/format';

export interface SortState {
  field: string;
  descending: boolean;
}

/** A column: the field it sorts by, its header, and its cell for a row. */
export interface Column<Row> {
  field: string;
  label: string;
  numeric: boolean;
  cell: (row: Row) => ComponentChildren;
  /** False for a column the server cannot sort by (its header is plain text). */
  sortable?: boolean;
}

export function SortableTable<Row>(props: {
  id?: string;
  tableClass?: string;
  caption?: string;
  columns: Column<Row>[];
  rows: Row[];
  keyOf: (row: Row) => string;
  rowClass?: (row: Row) => string | undefined;
  sort: SortState;
  onSort: (field: string) => void;
}) {
  return (
    <table id={props.id} class={props.tableClass}>
      {props.caption && <caption class="visually-hidden">{props.caption}</caption>}
      <thead>
        <tr>
          {props.columns.map((column) =>
            column.sortable === false ? (
              <th key={column.field} scope="col" class={column.numeric ? 'numeric' : undefined}>
                {column.label}
              </th>
            ) : (
              <SortHeader
                key={column.field}
                label={column.label}
                field={column.field}
                numeric={column.numeric}
                sort={props.sort}
                onSort={props.onSort}
              />
            ),
          )}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr key={props.keyOf(row)} class={props.rowClass?.(row)}>
            {props.columns.map((column) => (
              <td key={column.field} class={column.numeric ? 'numeric' : undefined}>
                {column.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SortHeader(props: {
  label: string;
  field: string;
  numeric: boolean;
  sort: SortState;
  onSort: (field: string) => void;
}) {
  const active = props.sort.field === props.field;
  const direction = active ? (props.sort.descending ? 'descending' : 'ascending') : 'none';
  return (
    <th scope="col" aria-sort={direction} class={props.numeric ? 'numeric' : undefined}>
      <button type="button" class="sort" onClick={() => props.onSort(props.field)}>
        {props.label}
        <span aria-hidden="true" class="sort-mark">
          {active ? (props.sort.descending ? ' ▼' : ' ▲') : ''}
        </span>
      </button>
    </th>
  );
}

export interface PageState {
  offset: number;
  limit: number;
  shown: number;
  total: number;
}

/** The pager of a list answer as it came (its offset, limit, rows and total_count). */
export function ListPager(props: {
  what: string;
  list: { offset: number; limit: number; rows: unknown[]; total_count: number };
  onPage: (offset: number) => void;
}) {
  const { offset, limit, rows, total_count } = props.list;
  return (
    <Pager what={props.what} page={{ offset, limit, shown: rows.length, total: total_count }} onPage={props.onPage} />
  );
}

/** "Rows 26–50 of 60", Previous, Next, and whatever else the table adds (the page size). */
export function Pager(props: {
  what: string;
  page: PageState;
  onPage: (offset: number) => void;
  children?: ComponentChildren;
}) {
  const { offset, limit, shown, total } = props.page;
  const last = offset + shown;
  return (
    <nav class="pager no-print" aria-label={`Pages of ${props.what.toLowerCase()}`}>
      <span role="status">
        {shown > 0
          ? `${props.what} ${formatCount(offset + 1)}–${formatCount(last)} of ${formatCount(total)}`
          : `No rows here; ${formatCount(total)} in all`}
      </span>
      <button type="button" disabled={offset === 0} onClick={() => props.onPage(Math.max(0, offset - limit))}>
        Previous
      </button>
      <button type="button" disabled={last >= total} onClick={() => props.onPage(offset + limit)}>
        Next
      </button>
      {props.children}
    </nav>
  );
}
