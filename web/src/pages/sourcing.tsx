// Sourcing risk (staff; CONTRACTS.md §10 on the database): for a period,
// the risk list on top (GET /api/v1/sourcing/risks: single-sourced
// materials ranked by hold, escalation level, class C and spend), then the
// concentration of spend per material and commodity (GET /api/v1/sourcing,
// filtered by scope, finding and key) with each row's HHI and its band,
// the single-source flag and the alternates, and for the chosen row a
// chart of the suppliers' and countries' shares of spend against the rule
// set's HHI bands, with the same figures in a table. The filters and the
// chosen row are the URL's query, so a view can be shared.
import { useState } from 'preact/hooks';
import type { ListPage, RuleSetAnswer, SourcingRisk, SourcingRow } from '../api/types';
import { ConcentrationChart } from '../components/charts';
import { HoldBadge, LevelBadge } from '../components/escalation-parts';
import { Field } from '../components/field';
import { ClassBadge } from '../components/figures';
import { PeriodPicker } from '../components/period-picker';
import { Empty, ErrorState, Loading, useLoad, useTitle } from '../components/states';
import { ListPager } from '../components/table-controls';
import { findingLabel } from '../lib/contract-view';
import { levelRankOf } from '../lib/escalation-view';
import { formatDate } from '../lib/format';
import { navigate, offsetOf, onLinkClick, scorecardPath } from '../lib/router';
import { useApp } from '../lib/session';
import { formatDecimal } from '../lib/settlement-view';
import {
  type HhiBands,
  SOURCING_FINDINGS,
  type SourcingView,
  cellItems,
  hhiBandsOf,
  hhiWords,
  parseShares,
  parseSourcingView,
  percentWords,
  rowKey,
  shareSegments,
  sourcingPath,
} from '../lib/sourcing-view';

const PAGE_SIZE = 100;
const CHART_ID = 'concentration-chart';

export function SourcingPage({ search }: { search: string }) {
  const { client } = useApp();
  useTitle('Sourcing risk');
  const view = parseSourcingView(search);
  const offset = offsetOf(search);
  const risks = useLoad(`sourcing-risks|${view.period ?? ''}`, () => client.sourcingRisks(view.period));
  const rows = useLoad(`sourcing|${search}`, () =>
    client.sourcing({
      period: view.period,
      scope: view.scope,
      finding: view.finding,
      q: view.q,
      limit: PAGE_SIZE,
      offset,
    }),
  );
  const rules = useLoad('rules', () => client.get<RuleSetAnswer>('/api/v1/rules'));
  const bands = hhiBandsOf(rules.state === 'ready' ? rules.value.rules : null);
  const shownPeriod = rows.state === 'ready' ? rows.value.period : risks.state === 'ready' ? risks.value.period : null;
  const go = (next: Partial<SourcingView>, nextOffset = 0): void => {
    navigate(sourcingPath({ ...view, ...next }, nextOffset));
  };
  // The chart's row: the one chosen, else the most urgent risk's material, else the table's first row.
  const firstRisk = risks.state === 'ready' ? risks.value.rows[0] : undefined;
  const firstRow = rows.state === 'ready' ? rows.value.rows[0] : undefined;
  const chosen =
    view.row || (firstRisk ? rowKey({ scope: 'material', key: firstRisk.material }) : firstRow ? rowKey(firstRow) : '');
  const choose = (key: string): void => {
    go({ row: key }, offset);
    document.getElementById(CHART_ID)?.scrollIntoView({ block: 'start' });
  };
  return (
    <section class="sourcing">
      <h1>Sourcing risk</h1>
      <p class="lead">
        How concentrated each material’s and commodity’s spend is on its suppliers and their countries (HHI, 0–10 000)
        in a period, and which single-sourced materials are most at risk: a source on hold, on a high escalation level
        or in class C.
      </p>
      <div class="toolbar no-print">
        <PeriodPicker
          period={view.period}
          run={null}
          shownPeriod={shownPeriod}
          onChange={(period) => go({ period, row: '' })}
          withRuns={false}
        />
      </div>
      {rows.state === 'ready' && (
        <p class="context">
          {rows.value.period} ({formatDate(rows.value.from)} – {formatDate(rows.value.to)})
        </p>
      )}
      <section aria-labelledby="risks-heading">
        <h2 id="risks-heading">Single-sourced materials at risk</h2>
        {risks.state === 'loading' && <Loading what="the risk list" />}
        {risks.state === 'error' && <ErrorState error={risks.error} />}
        {risks.state === 'ready' && risks.value.rows.length === 0 && (
          <Empty>No material is single-sourced in {risks.value.period}.</Empty>
        )}
        {risks.state === 'ready' && risks.value.rows.length > 0 && (
          <RiskTable rows={risks.value.rows} chosen={chosen} onChoose={choose} />
        )}
      </section>
      <section aria-labelledby="concentration-heading">
        <h2 id="concentration-heading">Concentration</h2>
        <FilterForm view={view} onFilter={(next) => go({ ...next, row: view.row })} />
        <ChosenChart
          chosen={chosen}
          period={view.period}
          rows={rows.state === 'ready' ? rows.value.rows : []}
          bands={bands}
        />
        {rows.state === 'loading' && <Loading what="the concentration" />}
        {rows.state === 'error' && <ErrorState error={rows.error} />}
        {rows.state === 'ready' && rows.value.total_count === 0 && <Empty>No row matches these filters.</Empty>}
        {rows.state === 'ready' && rows.value.total_count > 0 && (
          <>
            <ConcentrationTable rows={rows.value.rows} chosen={chosen} onChoose={choose} bands={bands} />
            <ListPager what="Rows" list={rows.value} onPage={(next) => go({}, next)} />
          </>
        )}
      </section>
    </section>
  );
}

function FilterForm(props: {
  view: SourcingView;
  onFilter: (next: Pick<SourcingView, 'scope' | 'finding' | 'q'>) => void;
}) {
  const [draft, setDraft] = useState({ scope: props.view.scope, finding: props.view.finding, q: props.view.q });
  return (
    <form
      class="toolbar no-print"
      role="search"
      aria-label="Filter the concentration"
      onSubmit={(event) => {
        event.preventDefault();
        props.onFilter({ ...draft, q: draft.q.trim() });
      }}
    >
      <label for="filter-scope">Scope</label>
      <select
        id="filter-scope"
        value={draft.scope}
        onChange={(e) => setDraft({ ...draft, scope: e.currentTarget.value as SourcingView['scope'] })}
      >
        <option value="">materials and commodities</option>
        <option value="material">materials</option>
        <option value="commodity">commodities</option>
      </select>
      <label for="filter-finding">Finding</label>
      <select
        id="filter-finding"
        value={draft.finding}
        onChange={(e) => setDraft({ ...draft, finding: e.currentTarget.value })}
      >
        <option value="">any</option>
        {SOURCING_FINDINGS.map((finding) => (
          <option key={finding} value={finding}>
            {findingLabel(finding)}
          </option>
        ))}
      </select>
      <Field
        id="filter-q"
        label="Material or commodity"
        type="search"
        value={draft.q}
        onValue={(q) => setDraft({ ...draft, q })}
      />
      <button type="submit">Filter</button>
    </form>
  );
}

/** Spend with its currency ("12,500.00 EUR"), or a dash when the row has none (unpriced, mixed currencies). */
function Spend({ spend, currency }: { spend: string | null; currency: string | null }) {
  if (spend === null) return <span class="not-counted">—</span>;
  return (
    <span class="nowrap">
      {formatDecimal(spend)} {currency ?? ''}
    </span>
  );
}

function Findings({ cell }: { cell: string | null }) {
  const findings = cellItems(cell);
  if (findings.length === 0) return <span class="muted">none</span>;
  return (
    <ul class="finding-list">
      {findings.map((finding) => (
        <li key={finding}>{findingLabel(finding)}</li>
      ))}
    </ul>
  );
}

/** The button that shows a row in the chart (pressed for the row shown). */
function ChartButton(props: { rowKey: string; name: string; chosen: string; onChoose: (key: string) => void }) {
  const pressed = props.rowKey === props.chosen;
  return (
    <button
      type="button"
      class="chart-choice"
      aria-pressed={pressed ? 'true' : 'false'}
      aria-label={`Chart of ${props.name}`}
      onClick={() => props.onChoose(props.rowKey)}
    >
      {pressed ? 'Shown' : 'Chart'}
    </button>
  );
}

function RiskTable(props: { rows: SourcingRisk[]; chosen: string; onChoose: (key: string) => void }) {
  return (
    <div class="table-scroll">
      <table class="risk-list">
        <caption class="visually-hidden">Single-sourced materials, most urgent first</caption>
        <thead>
          <tr>
            <th scope="col">Material</th>
            <th scope="col">Commodity</th>
            <th scope="col">Supplier</th>
            <th scope="col">Hold</th>
            <th scope="col">Level</th>
            <th scope="col">Class</th>
            <th scope="col" class="numeric">
              Spend
            </th>
            <th scope="col">Findings</th>
            <th scope="col" class="no-print">
              Chart
            </th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((risk) => {
            const supplier = scorecardPath(risk.supplier_id);
            const level = risk.level ?? 'E0';
            return (
              <tr key={risk.material} class={risk.hold === 'yes' ? 'risk-on-hold' : undefined}>
                <th scope="row">{risk.material}</th>
                <td>{risk.commodity ?? ''}</td>
                <td>
                  <a href={supplier} onClick={(event) => onLinkClick(event, supplier)}>
                    {risk.supplier_id}
                  </a>
                </td>
                <td>{risk.hold === 'yes' ? <HoldBadge since={null} reason={null} /> : 'no'}</td>
                <td>
                  <LevelBadge level={level} name={null} rank={levelRankOf(level)} />
                </td>
                <td>
                  <ClassBadge value={risk.class} />
                </td>
                <td class="numeric">
                  <Spend spend={risk.spend} currency={risk.currency} />
                </td>
                <td>
                  <Findings cell={risk.findings} />
                </td>
                <td class="no-print">
                  <ChartButton
                    rowKey={rowKey({ scope: 'material', key: risk.material })}
                    name={risk.material}
                    chosen={props.chosen}
                    onChoose={props.onChoose}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The alternates of a row: those qualified by the period's end, then those still pending. */
function Alternates({ qualified, pending }: { qualified: string | null; pending: string | null }) {
  const groups = [
    { words: 'qualified', ids: cellItems(qualified) },
    { words: 'pending', ids: cellItems(pending) },
  ].filter((group) => group.ids.length > 0);
  if (groups.length === 0) return <span class="muted">none</span>;
  return (
    <ul class="share-items">
      {groups.map((group) => (
        <li key={group.words}>
          {group.words}: {group.ids.join(', ')}
        </li>
      ))}
    </ul>
  );
}

function HhiBadge({ hhi, band }: { hhi: string | null; band: string | null }) {
  if (hhi === null) return <span class="not-counted">—</span>;
  return (
    <span class="nowrap">
      {hhiWords(hhi)} {band && <span class={`hhi-badge hhi-${/^[a-z]+$/.test(band) ? band : 'other'}`}>{band}</span>}
    </span>
  );
}

/** A shares cell in words, one part a line: "S1 62.5 %", "S2 37.5 %". */
function SharesList({ cell }: { cell: string | null }) {
  const parts = parseShares(cell);
  if (parts.length === 0) return <span class="not-counted">—</span>;
  return (
    <ul class="share-items">
      {parts.map((part) => (
        <li key={part.id}>
          {part.id} {percentWords(part.share)}
        </li>
      ))}
    </ul>
  );
}

function ConcentrationTable(props: {
  rows: SourcingRow[];
  chosen: string;
  onChoose: (key: string) => void;
  bands: HhiBands;
}) {
  return (
    <div class="table-scroll">
      <table class="concentration-list">
        <caption class="visually-hidden">
          Concentration of spend per material and commodity (HHI bands: low below {props.bands.moderate}, high above{' '}
          {props.bands.high})
        </caption>
        <thead>
          <tr>
            <th scope="col">Material or commodity</th>
            <th scope="col">Commodity</th>
            <th scope="col" class="numeric">
              Suppliers
            </th>
            <th scope="col" class="numeric">
              Spend
            </th>
            <th scope="col">Shares</th>
            <th scope="col">HHI</th>
            <th scope="col">Countries</th>
            <th scope="col">Single source</th>
            <th scope="col">Alternates</th>
            <th scope="col">Findings</th>
            <th scope="col" class="no-print">
              Chart
            </th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr key={rowKey(row)} class={rowKey(row) === props.chosen ? 'row-chosen' : undefined}>
              <th scope="row">
                {row.key} <span class="scope-word">{row.scope}</span>
              </th>
              <td>{row.scope === 'material' ? (row.commodity ?? '') : ''}</td>
              <td class="numeric">{row.suppliers}</td>
              <td class="numeric">
                <Spend spend={row.spend} currency={row.currency} />
              </td>
              <td>
                <SharesList cell={row.shares} />
              </td>
              <td>
                <HhiBadge hhi={row.hhi} band={row.concentration} />
              </td>
              <td>{row.scope === 'material' && <SharesList cell={row.countries} />}</td>
              <td class="single-source-cell">
                {row.single_source === 'yes' ? <strong class="single-source">yes</strong> : 'no'}
              </td>
              <td>
                <Alternates qualified={row.qualified_alternates} pending={row.pending_alternates} />
              </td>
              <td>
                <Findings cell={row.findings} />
              </td>
              <td class="no-print">
                <ChartButton rowKey={rowKey(row)} name={row.key} chosen={props.chosen} onChoose={props.onChoose} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The chosen row's chart: from the table's page when it is there, else read
 * on its own (a risk's material filtered out of the table, say).
 */
function ChosenChart(props: { chosen: string; period: string | null; rows: SourcingRow[]; bands: HhiBands }) {
  const { client } = useApp();
  const onPage = props.rows.find((row) => rowKey(row) === props.chosen);
  const [scope = '', ...rest] = props.chosen.split(':');
  const key = rest.join(':');
  const alone = useLoad(`sourcing-row|${props.period ?? ''}|${props.chosen}|${onPage ? 'page' : 'alone'}`, () =>
    onPage || !key
      ? Promise.resolve(null)
      : client
          .sourcing({ period: props.period, scope, q: key, limit: PAGE_SIZE })
          .then((page: ListPage<SourcingRow>) => page.rows.find((row) => rowKey(row) === props.chosen) ?? null),
  );
  const row = onPage ?? (alone.state === 'ready' ? alone.value : null);
  if (!props.chosen) return null;
  if (alone.state === 'error') return <ErrorState error={alone.error} />;
  if (!row) return alone.state === 'loading' ? <Loading what="the chart" /> : null;
  return <ConcentrationFigure row={row} bands={props.bands} />;
}

function ConcentrationFigure({ row, bands }: { row: SourcingRow; bands: HhiBands }) {
  const suppliers = shareSegments(parseShares(row.shares));
  const countries = shareSegments(parseShares(row.countries));
  const title = `Concentration of ${row.scope} ${row.key}`;
  return (
    <figure class="chart-figure concentration-figure" id={CHART_ID} tabIndex={-1}>
      <figcaption>
        <strong>{title}</strong>{' '}
        <span class="muted">
          (shares of spend; HHI {hhiWords(row.hhi)}
          {row.concentration && `, ${row.concentration}`})
        </span>
      </figcaption>
      {suppliers.length === 0 ? (
        <Empty>
          No shares for {row.key}: its spend is not priced throughout, or in several currencies (§10 leaves the shares
          empty then).
        </Empty>
      ) : (
        <>
          <ConcentrationChart
            title={title}
            suppliers={suppliers}
            countries={countries}
            hhi={row.hhi}
            countryHhi={row.country_hhi}
            bands={bands}
          />
          <div class="table-scroll">
            <table class="chart-data">
              <caption class="visually-hidden">{title}: shares of spend</caption>
              <thead>
                <tr>
                  <th scope="col">Supplier or country</th>
                  <th scope="col" class="numeric">
                    Share of spend
                  </th>
                </tr>
              </thead>
              <tbody>
                {[...suppliers, ...countries].map((part, index) => (
                  <tr key={`${index < suppliers.length ? 's' : 'c'}|${part.id}`}>
                    <th scope="row">
                      {index < suppliers.length ? 'Supplier' : 'Country'} {part.id}
                    </th>
                    <td class="numeric">{percentWords(part.share)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </figure>
  );
}
