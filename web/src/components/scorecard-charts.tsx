// The scorecard's charts with the data they need beyond the scorecard: the
// rule set the shown run recorded (GET /api/v1/rules?run=N: the LZ1 bands,
// the ppm limits) and the run's deliveries of the supplier (their deviation
// in working days, read in pages of 1000). Each chart has its figures as a
// table under it (the text alternative, also what a printout keeps).
import type { ListPage, Delivery, Scorecard } from '../api/types';
import { deviationHistogram, lz1BandsOf, ppmBars } from '../lib/chart-scale';
import type { ExplainData } from '../lib/explanation';
import { formatCount, formatScore } from '../lib/format';
import { useApp } from '../lib/session';
import { DeviationChart, PpmChart, TrendChart, deviationLabel } from './charts';
import { Empty, ErrorState, Loading, useLoad } from './states';

interface RuleSetAnswer {
  name: string;
  rules: unknown;
}

const PAGE = 1000;
/** At most this many deliveries are read for the chart (a half-year of one supplier is far fewer). */
const MAX_DELIVERIES = 20_000;

async function allDeviations(
  get: (offset: number) => Promise<ListPage<Delivery>>,
): Promise<{ days: number[]; total: number }> {
  const days: number[] = [];
  let total = 0;
  for (let offset = 0; offset < MAX_DELIVERIES; offset += PAGE) {
    const page = await get(offset);
    total = page.total_count;
    days.push(...page.rows.map((d) => d.deviation_working_days));
    if (page.rows.length < PAGE || days.length >= total) break;
  }
  return { days, total };
}

export function TrendFigure({ card }: { card: Scorecard }) {
  if (card.trend.length === 0) return null;
  return (
    <figure class="chart-figure">
      <TrendChart points={card.trend} />
      <figcaption>Total, QZ and LZ of the latest run of each period (figures in the table below).</figcaption>
    </figure>
  );
}

export function ScorecardCharts({ card, explanation }: { card: Scorecard; explanation: ExplainData | null }) {
  const { client } = useApp();
  const supplier = encodeURIComponent(card.result.supplier_id);
  const rules = useLoad(`rules|${card.run}`, () => client.get<RuleSetAnswer>('/api/v1/rules', { run: card.run }));
  const deviations = useLoad(`deviations|${supplier}|${card.run}`, () =>
    allDeviations((offset) =>
      client.get<ListPage<Delivery>>(`/api/v1/suppliers/${supplier}/deliveries`, {
        run: card.run,
        limit: PAGE,
        offset,
      }),
    ),
  );
  return (
    <section class="charts" aria-labelledby="charts-heading">
      <h2 id="charts-heading">Charts</h2>
      {rules.state === 'loading' && <Loading what="the rule set of the run" />}
      {rules.state === 'error' && <ErrorState error={rules.error} />}
      {rules.state === 'ready' && (
        <div class="chart-grid">
          <section aria-labelledby="deviation-chart-heading">
            <h3 id="deviation-chart-heading">Delivery date deviations and LZ1 points</h3>
            {deviations.state === 'loading' && <Loading what="the deliveries" />}
            {deviations.state === 'error' && <ErrorState error={deviations.error} />}
            {deviations.state === 'ready' && (
              <DeviationFigure
                days={deviations.value.days}
                total={deviations.value.total}
                rules={rules.value.rules}
                rulesName={rules.value.name}
              />
            )}
          </section>
          <section aria-labelledby="ppm-chart-heading">
            <h3 id="ppm-chart-heading">ppm per commodity against its limit</h3>
            <PpmFigure explanation={explanation} rules={rules.value.rules} />
          </section>
        </div>
      )}
    </section>
  );
}

function DeviationFigure(props: { days: number[]; total: number; rules: unknown; rulesName: string }) {
  if (props.days.length === 0) return <Empty>No deliveries in this run: no date deviations.</Empty>;
  const bars = deviationHistogram(props.days, lz1BandsOf(props.rules));
  return (
    <figure class="chart-figure">
      <DeviationChart bars={bars} />
      <figcaption>
        {formatCount(props.days.length)} deliveries
        {props.days.length < props.total && ` (the first of ${formatCount(props.total)})`}; shaded bands: the LZ1 points
        of rule set “{props.rulesName}”.
      </figcaption>
      <table class="chart-data">
        <caption class="visually-hidden">Deliveries by deviation</caption>
        <thead>
          <tr>
            <th scope="col">Deviation</th>
            <th scope="col" class="numeric">
              Deliveries
            </th>
            <th scope="col" class="numeric">
              LZ1 points
            </th>
          </tr>
        </thead>
        <tbody>
          {bars
            .filter((bar) => bar.deliveries > 0)
            .map((bar) => (
              <tr key={bar.days}>
                <th scope="row">{deviationLabel(bar.days)}</th>
                <td class="numeric">{formatCount(bar.deliveries)}</td>
                <td class="numeric">{bar.points === null ? '—' : formatCount(bar.points)}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </figure>
  );
}

function PpmFigure({ explanation, rules }: { explanation: ExplainData | null; rules: unknown }) {
  const commodities = explanation?.qz2.commodities ?? [];
  if (commodities.length === 0) return <Empty>No series deliveries: no ppm.</Empty>;
  const bars = ppmBars(commodities, rules);
  return (
    <figure class="chart-figure">
      <PpmChart bars={bars} />
      <figcaption>Bars: ppm; marks: the limit of spreadsheet 2 (QZ2 ≈ 90 there); hatched: over the limit.</figcaption>
      <table class="chart-data">
        <caption class="visually-hidden">ppm per commodity</caption>
        <thead>
          <tr>
            <th scope="col">Commodity</th>
            <th scope="col" class="numeric">
              ppm
            </th>
            <th scope="col" class="numeric">
              Limit
            </th>
            <th scope="col">Against the limit</th>
          </tr>
        </thead>
        <tbody>
          {bars.map((bar) => (
            <tr key={bar.commodity}>
              <th scope="row">
                {bar.commodity}
                {bar.name && <span class="muted"> {bar.name}</span>}
              </th>
              <td class="numeric">{formatScore(bar.ppm)}</td>
              <td class="numeric">
                {bar.limit === null ? '—' : formatScore(bar.limit)}
                {bar.limitDerived && ' (from B)'}
              </td>
              <td>{bar.ppm === null || bar.limit === null ? '—' : bar.over ? 'over the limit' : 'within'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
