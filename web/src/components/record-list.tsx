// A supplier's records behind its scores (GET /api/v1/suppliers/{id}/
// deliveries and …/complaints): a sortable, paged table of the run the
// scorecard shows, so the listed points average to the scores shown.
import { useState } from 'preact/hooks';
import type { ListPage } from '../api/types';
import { useApp } from '../lib/session';
import { Empty, ErrorState, Loading, useLoad } from './states';
import { type Column, Pager, SortableTable, type SortState } from './table-controls';

interface Props<Row> {
  id: string;
  title: string;
  /** Shown after the count: "Deliveries 1–25 of 40". */
  what: string;
  path: string;
  run: number;
  columns: Column<Row>[];
  defaultSort: SortState;
  keyOf: (row: Row) => string;
  empty: string;
}

const PAGE_SIZE = 25;

function sortParameter(sort: SortState): string {
  return `${sort.descending ? '-' : ''}${sort.field}`;
}

export function RecordList<Row>(props: Props<Row>) {
  const { client } = useApp();
  const [sort, setSort] = useState<SortState>(props.defaultSort);
  const [offset, setOffset] = useState(0);
  const query = { run: props.run, sort: sortParameter(sort), limit: PAGE_SIZE, offset };
  const page = useLoad(`${props.path}|${JSON.stringify(query)}`, () => client.get<ListPage<Row>>(props.path, query));

  const onSort = (field: string): void => {
    setSort(sort.field === field ? { field, descending: !sort.descending } : { field, descending: false });
    setOffset(0);
  };

  return (
    <section class="record-list" aria-labelledby={`${props.id}-heading`}>
      <h2 id={`${props.id}-heading`}>{props.title}</h2>
      {page.state === 'loading' && <Loading what={props.what.toLowerCase()} />}
      {page.state === 'error' && <ErrorState error={page.error} />}
      {page.state === 'ready' && page.value.total_count === 0 && <Empty>{props.empty}</Empty>}
      {page.state === 'ready' && page.value.total_count > 0 && (
        <>
          <SortableTable
            id={props.id}
            columns={props.columns}
            rows={page.value.rows}
            keyOf={props.keyOf}
            sort={sort}
            onSort={onSort}
          />
          <Pager
            what={props.what}
            page={{
              offset: page.value.offset,
              limit: page.value.limit,
              shown: page.value.rows.length,
              total: page.value.total_count,
            }}
            onPage={setOffset}
          />
        </>
      )}
    </section>
  );
}
