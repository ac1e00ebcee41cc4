// The ranking of a run (GET /api/v1/ranking): period and run, filters, sort
// by any column header, paging; the URL holds the whole view, so a link
// shows the same table. Rank and change come from the server, company-wide.
import { useState } from 'preact/hooks';
import { EVENT_KINDS, type RankingPage as RankingAnswer, type RankingRow } from '../api/types';
import { workbookUrl } from '../api/client';
import { DownloadExcel } from '../components/download-excel';
import { Change, ClassBadge, Score } from '../components/figures';
import { PeriodPicker } from '../components/period-picker';
import { Empty, ErrorState, Loading, useLoad, useTitle } from '../components/states';
import { type Column, Pager, SortableTable } from '../components/table-controls';
import { eventKindLabel, eventsSummary } from '../lib/event-view';
import { formatCount, formatDate } from '../lib/format';
import {
  PAGE_SIZES,
  type RankingSortField,
  type RankingView,
  nextSort,
  parseRankingView,
  rankingQuery,
  rankingViewSearch,
  toggled,
  withFilters,
} from '../lib/ranking-view';
import { navigate, onLinkClick, scorecardPath } from '../lib/router';
import { useApp } from '../lib/session';

const CLASSES = ['A', 'B', 'C'] as const;

function show(view: RankingView): void {
  navigate(`/ranking${rankingViewSearch(view)}`);
}

export function RankingPage({ search }: { search: string }) {
  const { client } = useApp();
  const view = parseRankingView(search);
  const query = rankingQuery(view);
  const answer = useLoad(JSON.stringify(query), () => client.get<RankingAnswer>('/api/v1/ranking', query));
  const shown = answer.state === 'ready' ? answer.value : null;
  useTitle(shown ? `Ranking ${shown.period}` : 'Ranking');

  return (
    <section class="ranking">
      <h1>
        Ranking{' '}
        {shown && (
          <small>
            {shown.period} ({formatDate(shown.from)} – {formatDate(shown.to)}), run {shown.run}
            {shown.previous_run !== null && <>, change against run {shown.previous_run}</>}
          </small>
        )}
      </h1>
      <div class="toolbar no-print">
        <PeriodPicker
          period={view.period}
          run={view.run}
          shownPeriod={shown?.period ?? null}
          onChange={(period, run) => show(withFilters(view, { period, run }))}
        />
        <Filters key={`${view.q}|${view.plant}|${view.commodity}`} view={view} />
        {shown && (
          <DownloadExcel
            href={workbookUrl('/api/v1/ranking', { run: shown.run })}
            what={`run ${shown.run}, every supplier`}
          />
        )}
      </div>
      {answer.state === 'loading' && <Loading what="the ranking" />}
      {answer.state === 'error' && <ErrorState error={answer.error} />}
      {answer.state === 'ready' && <RankingTable view={view} answer={answer.value} />}
    </section>
  );
}

function Filters({ view }: { view: RankingView }) {
  // Text fields apply on submit (Enter or the button), choices at once.
  const [q, setQ] = useState(view.q);
  const [plant, setPlant] = useState(view.plant);
  const [commodity, setCommodity] = useState(view.commodity);
  return (
    <form
      class="filters"
      role="search"
      aria-label="Filter the ranking"
      onSubmit={(event) => {
        event.preventDefault();
        show(withFilters(view, { q, plant, commodity }));
      }}
    >
      <label>
        Supplier
        <input type="search" name="q" placeholder="id or name" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
      </label>
      <label>
        Plant
        <input name="plant" size={8} value={plant} onInput={(e) => setPlant(e.currentTarget.value)} />
      </label>
      <label>
        Commodity
        <input name="commodity" size={10} value={commodity} onInput={(e) => setCommodity(e.currentTarget.value)} />
      </label>
      <fieldset class="class-filter">
        <legend>Class</legend>
        <Checkboxes
          name="class"
          options={CLASSES}
          chosen={view.classes}
          label={(grade) => grade}
          onChange={(classes) => show(withFilters(view, { classes }))}
        />
      </fieldset>
      <label>
        Status
        <select
          name="status"
          value={view.status ?? ''}
          onChange={(e) => {
            const value = e.currentTarget.value;
            show(withFilters(view, { status: value === 'evaluated' || value === 'not_evaluated' ? value : null }));
          }}
        >
          <option value="">all</option>
          <option value="evaluated">evaluated</option>
          <option value="not_evaluated">not evaluated</option>
        </select>
      </label>
      <details class="event-filter" open={view.eventKinds.length > 0}>
        <summary>Events{view.eventKinds.length > 0 && `: ${view.eventKinds.map(eventKindLabel).join(', ')}`}</summary>
        <fieldset>
          <legend>Suppliers with an event of these kinds (IATF 16949 8.4.2.4)</legend>
          <Checkboxes
            name="event_kind"
            options={EVENT_KINDS}
            chosen={view.eventKinds}
            label={eventKindLabel}
            onChange={(eventKinds) => show(withFilters(view, { eventKinds }))}
          />
        </fieldset>
      </details>
      <button type="submit">Apply</button>
    </form>
  );
}

/** A filter's choices, applied at once: `onChange` gets the new choice in the options' order. */
function Checkboxes<T extends string>(props: {
  name: string;
  options: readonly T[];
  chosen: readonly T[];
  label: (option: T) => string;
  onChange: (chosen: T[]) => void;
}) {
  return (
    <>
      {props.options.map((option) => (
        <label key={option} class="inline">
          <input
            type="checkbox"
            name={props.name}
            value={option}
            checked={props.chosen.includes(option)}
            onChange={(e) => props.onChange(toggled(props.options, props.chosen, option, e.currentTarget.checked))}
          />
          {props.label(option)}
        </label>
      ))}
    </>
  );
}

const COLUMNS: (Column<RankingRow> & { field: RankingSortField })[] = [
  { field: 'rank', label: 'Rank', numeric: true, cell: (r) => (r.rank === null ? '—' : formatCount(r.rank)) },
  {
    field: 'supplier_id',
    label: 'Supplier',
    numeric: false,
    cell: (r) => {
      const href = scorecardPath(r.supplier_id);
      return (
        <a href={href} onClick={(event) => onLinkClick(event, href)}>
          {r.supplier_id}
        </a>
      );
    },
  },
  { field: 'name', label: 'Name', numeric: false, cell: (r) => r.name },
  { field: 'total', label: 'Total', numeric: true, cell: (r) => <TotalCell row={r} /> },
  { field: 'class', label: 'Class', numeric: false, cell: (r) => <ClassBadge value={r.class} /> },
  { field: 'change', label: 'Change', numeric: true, cell: (r) => <Change value={r.change} /> },
  { field: 'qz', label: 'QZ', numeric: true, cell: (r) => <Score value={r.qz} /> },
  { field: 'lz', label: 'LZ', numeric: true, cell: (r) => <Score value={r.lz} /> },
  { field: 'ppm', label: 'ppm', numeric: true, cell: (r) => <Score value={r.ppm} /> },
  { field: 'deliveries', label: 'Deliveries', numeric: true, cell: (r) => formatCount(r.deliveries) },
  { field: 'complaints', label: 'Complaints', numeric: true, cell: (r) => formatCount(r.complaints) },
  { field: 'events', label: 'Events', numeric: true, cell: (r) => <EventsCell row={r} /> },
];

/** The period's events: the total, by kind in its tooltip (IATF 16949 8.4.2.4, beside the rating). */
function EventsCell({ row }: { row: RankingRow }) {
  const summary = eventsSummary(row.events, (value) => formatCount(value));
  return (
    <span class="events-total" title={summary} aria-label={`${formatCount(row.events.total)} events: ${summary}`}>
      {formatCount(row.events.total)}
    </span>
  );
}

/** A total, or "not evaluated" with the reason: never a number it does not have. */
function TotalCell({ row }: { row: RankingRow }) {
  if (row.status === 'not_evaluated') {
    return <span class="not-evaluated">not evaluated{row.reason && <span class="reason">: {row.reason}</span>}</span>;
  }
  return <Score value={row.total} />;
}

function RankingTable({ view, answer }: { view: RankingView; answer: RankingAnswer }) {
  if (answer.total_count === 0) {
    return <Empty>No supplier of run {answer.run} matches these filters.</Empty>;
  }
  return (
    <>
      <SortableTable
        tableClass="results"
        caption={`Ranking of ${answer.period}, run ${answer.run}; column headers sort`}
        columns={COLUMNS}
        rows={answer.rows}
        keyOf={(row) => row.supplier_id}
        rowClass={(row) => (row.status === 'not_evaluated' ? 'row-not-evaluated' : undefined)}
        sort={view.sort}
        onSort={(field) => show(withFilters(view, { sort: nextSort(view.sort, field as RankingSortField) }))}
      />
      <Paging view={view} answer={answer} />
    </>
  );
}

function Paging({ view, answer }: { view: RankingView; answer: RankingAnswer }) {
  // Later pages stay on the run the first page showed (stable pages).
  const pinned: RankingView = { ...view, run: view.run ?? answer.run, period: view.period ?? answer.period };
  const page = { offset: answer.offset, limit: answer.limit, shown: answer.rows.length, total: answer.total_count };
  const sizes: number[] = PAGE_SIZES.includes(view.limit as (typeof PAGE_SIZES)[number])
    ? [...PAGE_SIZES]
    : [...PAGE_SIZES, view.limit].sort((a, b) => a - b);
  return (
    <Pager what="Suppliers" page={page} onPage={(offset) => show({ ...pinned, offset })}>
      <label>
        Rows per page
        <select
          value={String(view.limit)}
          onChange={(e) => show({ ...withFilters(view, {}), limit: Number(e.currentTarget.value) })}
        >
          {sizes.map((size) => (
            <option key={size} value={String(size)}>
              {size}
            </option>
          ))}
        </select>
      </label>
    </Pager>
  );
}
