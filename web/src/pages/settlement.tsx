// One published settlement (GET /api/v1/settlements/{n}) and its lines
// (…/lines, in the settlement's order; a supplier user sees its own),
// filtered by contract and kind (the URL's query), with the total per
// currency; each line has a "Discuss" link that opens the discussion form
// prefilled with the settlement and the line (POST /api/v1/threads).
import { useState } from 'preact/hooks';
import { workbookUrl } from '../api/client';
import type { ListPage, PublishedLine, Settlement } from '../api/types';
import { DownloadExcel } from '../components/download-excel';
import { CurrencyTotals, SettlementLines } from '../components/contract-parts';
import { Field } from '../components/field';
import { Empty, ErrorState, Loading, useLoad, useTitle } from '../components/states';
import { ListPager } from '../components/table-controls';
import { formatCount, formatDate, formatInstant } from '../lib/format';
import {
  SETTLEMENTS_PATH,
  THREADS_PATH,
  contractPath,
  listPath,
  navigate,
  offsetOf,
  onLinkClick,
  settlementPath,
} from '../lib/router';
import { useApp } from '../lib/session';
import { LINE_KINDS, kindLabel } from '../lib/settlement-view';

const PAGE_SIZE = 200;
const FILTERS = ['contract_id', 'kind'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

function filtersOf(search: string): Filters {
  const params = new URLSearchParams(search);
  return { contract_id: params.get('contract_id') ?? '', kind: params.get('kind') ?? '' };
}

/** The discussion form prefilled with this line (and the line's discussions listed above it). */
function discussPath(settlement: number, line: PublishedLine): string {
  return listPath(THREADS_PATH, {
    supplier_id: line.supplier_id,
    settlement: String(settlement),
    settlement_line: String(line.line),
  });
}

export function SettlementPage({ id, search }: { id: string; search: string }) {
  const { client } = useApp();
  useTitle(`Settlement ${id}`);
  const filters = filtersOf(search);
  const offset = offsetOf(search);
  const base = `/api/v1/settlements/${id}`;
  const settlement = useLoad(`settlement|${id}`, () => client.get<Settlement>(base));
  const lines = useLoad(`settlement-lines|${id}|${search}`, () =>
    client.get<ListPage<PublishedLine>>(`${base}/lines`, { ...filters, limit: PAGE_SIZE, offset }),
  );
  const here = settlementPath(Number(id));
  return (
    <section class="settlement">
      <p class="no-print">
        <a href={SETTLEMENTS_PATH} onClick={(event) => onLinkClick(event, SETTLEMENTS_PATH)}>
          All settlements
        </a>{' '}
        <DownloadExcel href={workbookUrl(base)} what={`settlement ${id}`} />
      </p>
      <h1>Settlement {id}</h1>
      {settlement.state === 'loading' && <Loading what="the settlement" />}
      {settlement.state === 'error' && <ErrorState error={settlement.error} />}
      {settlement.state === 'ready' && (
        <p class="context">
          {settlement.value.period} ({formatDate(settlement.value.from)} – {formatDate(settlement.value.to)}), published{' '}
          {formatInstant(settlement.value.published_at)} by {settlement.value.published_by};{' '}
          {formatCount(settlement.value.lines)} lines.
        </p>
      )}
      {settlement.state !== 'error' && (
        <>
          <FilterForm filters={filters} here={here} />
          {lines.state === 'loading' && <Loading what="the lines" />}
          {lines.state === 'error' && <ErrorState error={lines.error} />}
          {lines.state === 'ready' && lines.value.total_count === 0 && <Empty>No line matches these filters.</Empty>}
          {lines.state === 'ready' && lines.value.total_count > 0 && (
            <>
              <SettlementLines
                caption={`Lines of settlement ${id}`}
                lines={lines.value.rows}
                keyOf={(line) => String(line.line)}
                before={[
                  { label: 'Line', numeric: true, cell: (line) => line.line },
                  {
                    label: 'Discussion',
                    cell: (line) => {
                      const href = discussPath(Number(id), line);
                      return (
                        <a class="no-print" href={href} onClick={(event) => onLinkClick(event, href)}>
                          Discuss<span class="visually-hidden"> line {line.line}</span>
                        </a>
                      );
                    },
                  },
                  {
                    label: 'Contract',
                    cell: (line) => {
                      const href = contractPath(line.contract_id);
                      return (
                        <a href={href} onClick={(event) => onLinkClick(event, href)}>
                          {line.contract_id}
                        </a>
                      );
                    },
                  },
                ]}
              />
              <ListPager what="Lines" list={lines.value} onPage={(next) => navigate(listPath(here, filters, next))} />
              <CurrencyTotals lines={lines.value.rows} />
              {lines.value.rows.length < lines.value.total_count && (
                <p class="muted">The totals are those of the lines shown on this page.</p>
              )}
            </>
          )}
        </>
      )}
    </section>
  );
}

function FilterForm({ filters, here }: { filters: Filters; here: string }) {
  const [draft, setDraft] = useState(filters);
  return (
    <form
      class="toolbar no-print"
      role="search"
      aria-label="Filter lines"
      onSubmit={(event) => {
        event.preventDefault();
        navigate(listPath(here, { ...draft, contract_id: draft.contract_id.trim() }));
      }}
    >
      <Field
        id="filter-contract"
        label="Contract"
        value={draft.contract_id}
        onValue={(value) => setDraft({ ...draft, contract_id: value })}
      />
      <label for="filter-kind">Kind</label>
      <select id="filter-kind" value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.currentTarget.value })}>
        <option value="">any</option>
        {LINE_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {kindLabel(kind)}
          </option>
        ))}
      </select>
      <button type="submit">Filter</button>
    </form>
  );
}
