// A supplier's scorecard in a run (GET /api/v1/suppliers/{id}/scorecard):
// total and class, QZ and LZ, each sub-score with its explanation (counts,
// formulas with the numbers put in, renormalised weights, the certificate
// row, the hold), the trend over the periods, and beside the rating the
// period's events (IATF 16949 8.4.2.4). A supplier user sees only
// its own: the server answers 404 for any other, shown as "not found".
import type { ComponentChildren } from 'preact';
import { letterUrl } from '../api/client';
import type { Scorecard } from '../api/types';
import { EventsPanel } from '../components/events-panel';
import { ClassBadge, Score } from '../components/figures';
import { PeriodPicker } from '../components/period-picker';
import { ScorecardCharts, TrendFigure } from '../components/scorecard-charts';
import { Empty, ErrorState, Loading, useLoad, useTitle } from '../components/states';
import {
  type ExplainData,
  type Weight,
  countFormula,
  explainDataOf,
  formatWeight,
  weightedFormula,
} from '../lib/explanation';
import { formatCount, formatDate } from '../lib/format';
import { THREADS_PATH, navigate, onLinkClick, scorecardPath } from '../lib/router';
import { useApp } from '../lib/session';
import { SupplierRecords } from './supplier-records';

function positiveInteger(text: string | null): number | null {
  return text !== null && /^[1-9]\d{0,9}$/.test(text) ? Number(text) : null;
}

export function ScorecardPage({ supplierId, search }: { supplierId: string; search: string }) {
  const { client } = useApp();
  const params = new URLSearchParams(search);
  const period = params.get('period') || null;
  const run = positiveInteger(params.get('run'));
  const path = `/api/v1/suppliers/${encodeURIComponent(supplierId)}/scorecard`;
  const query = { period, run };
  const card = useLoad(`${path}|${period ?? ''}|${run ?? ''}`, () => client.get<Scorecard>(path, query));
  useTitle(card.state === 'ready' ? `${card.value.result.name} ${card.value.period}` : `Scorecard ${supplierId}`);

  const choose = (nextPeriod: string | null, nextRun: number | null): void => {
    const next = new URLSearchParams();
    if (nextPeriod) next.set('period', nextPeriod);
    if (nextRun !== null) next.set('run', String(nextRun));
    const text = next.toString();
    navigate(scorecardPath(supplierId, text ? `?${text}` : ''));
  };

  return (
    <section class="scorecard">
      {card.state === 'loading' && <Loading what="the scorecard" />}
      {card.state === 'error' && (
        <>
          <h1>Scorecard of {supplierId}</h1>
          <ErrorState error={card.error} />
        </>
      )}
      {card.state === 'ready' && (
        <>
          <h1>
            {card.value.result.name} <small>{card.value.result.supplier_id}</small>
          </h1>
          <div class="toolbar no-print">
            <PeriodPicker period={period} run={run} shownPeriod={card.value.period} onChange={choose} />
          </div>
          <ScorecardBody card={card.value} />
        </>
      )}
    </section>
  );
}

/** The discussions of this result in this run (and the form to start one, prefilled). */
function DiscussLink({ supplierId, run }: { supplierId: string; run: number }) {
  const href = `${THREADS_PATH}?supplier_id=${encodeURIComponent(supplierId)}&run=${run}`;
  return (
    <a class="no-print" href={href} onClick={(event) => onLinkClick(event, href)}>
      Discuss this result
    </a>
  );
}

/** The result as the letter the supplier is sent (PDF). */
function LetterLink({ supplierId, run }: { supplierId: string; run: number }) {
  return (
    <a class="no-print" href={letterUrl(supplierId, run)} download>
      Letter (PDF)
    </a>
  );
}

function ScorecardBody({ card }: { card: Scorecard }) {
  const { result } = card;
  const explanation = explainDataOf(card.explanation);
  const scores: Record<string, number | null> = {
    qz: result.qz,
    lz: result.lz,
    qz1: result.qz1,
    qz2: result.qz2,
    qz3: result.qz3,
    qz4: result.qz4,
    lz1: result.lz1,
    lz2: result.lz2,
  };
  return (
    <>
      <p class="context">
        {card.period} ({formatDate(card.from)} – {formatDate(card.to)}), run {card.run}{' '}
        <DiscussLink supplierId={result.supplier_id} run={card.run} />{' '}
        <LetterLink supplierId={result.supplier_id} run={card.run} />
      </p>
      <div class="headline" aria-label="Result">
        <div class="figure figure-total">
          <span class="figure-label">Total</span>
          {result.status === 'not_evaluated' ? (
            <span class="not-evaluated">
              not evaluated{result.reason && <span class="reason">: {result.reason}</span>}
            </span>
          ) : (
            <span class="figure-value">
              <Score value={result.total} />
            </span>
          )}
        </div>
        <Figure label="Class">
          <ClassBadge value={result.class} />
        </Figure>
        <Figure label="QZ quality">
          <Score value={result.qz} />
        </Figure>
        <Figure label="LZ delivery">
          <Score value={result.lz} />
        </Figure>
        <Figure label="ppm">
          <Score value={result.ppm} />
        </Figure>
      </div>
      {result.warnings.length > 0 && (
        <ul class="warnings" aria-label="Warnings">
          {result.warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}
      {explanation ? (
        <Explanation data={explanation} scores={scores} />
      ) : (
        <Empty>This run kept no explanation for the supplier.</Empty>
      )}
      <Trend card={card} />
      <ScorecardCharts card={card} explanation={explanation} />
      <EventsPanel events={card.events} />
      <SupplierRecords supplierId={result.supplier_id} run={card.run} />
    </>
  );
}

function Figure({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="figure">
      <span class="figure-label">{label}</span>
      <span class="figure-value">{children}</span>
    </div>
  );
}

function SubScore(props: { id: string; title: string; value: number | null; children: ComponentChildren }) {
  return (
    <section class="sub-score" aria-labelledby={`score-${props.id}`}>
      <h3 id={`score-${props.id}`}>
        {props.title} <Score value={props.value} />
      </h3>
      {props.children}
    </section>
  );
}

function Weights({ caption, weights }: { caption: string; weights: Weight[] }) {
  return (
    <table class="weights">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Criterion</th>
          <th scope="col" class="numeric">
            Weight
          </th>
          <th scope="col" class="numeric">
            Renormalised
          </th>
        </tr>
      </thead>
      <tbody>
        {weights.map((w) => (
          <tr key={w.criterion}>
            <th scope="row">{w.criterion.toUpperCase()}</th>
            <td class="numeric">{formatWeight(w.weight)}</td>
            <td class="numeric">{w.normalised === null ? 'not taken into account' : formatWeight(w.normalised)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Explanation({ data, scores }: { data: ExplainData; scores: Record<string, number | null> }) {
  const hold = data.qz3.quality_hold_imposed_on;
  return (
    <div class="explanation">
      <h2>How the figures came about</h2>
      <p>
        Reference date {formatDate(data.reference_date)}. Total = {weightedFormula(data.weights.total, scores)}.
      </p>
      <div class="columns">
        <section aria-labelledby="quality-heading">
          <h2 id="quality-heading">
            Quality QZ <Score value={scores['qz'] ?? null} />
          </h2>
          <p>QZ = {weightedFormula(data.weights.quality, scores)}</p>
          <Weights caption="Quality weights" weights={data.weights.quality} />
          <SubScore id="qz1" title="QZ1 mass production quality" value={scores['qz1'] ?? null}>
            <p>
              C = {formatCount(data.qz1.complaints)} justified complaints, D = {formatCount(data.qz1.series_deliveries)}{' '}
              series deliveries
            </p>
            <p class="formula">
              QZ1 = {countFormula(data.qz1.factor, data.qz1.complaints, data.qz1.series_deliveries)}
            </p>
          </SubScore>
          <SubScore id="qz2" title="QZ2 defective quantity (ppm)" value={scores['qz2'] ?? null}>
            <p class="formula">QZ2(commodity) = 100 − B × ppm / 100; mean weighted by series deliveries</p>
            {data.qz2.commodities.length === 0 ? (
              <Empty>No series deliveries: not taken into account.</Empty>
            ) : (
              <table>
                <caption class="visually-hidden">QZ2 by commodity</caption>
                <thead>
                  <tr>
                    <th scope="col">Commodity</th>
                    <th scope="col" class="numeric">
                      B
                    </th>
                    <th scope="col" class="numeric">
                      Series
                    </th>
                    <th scope="col" class="numeric">
                      Delivered
                    </th>
                    <th scope="col" class="numeric">
                      Defective
                    </th>
                    <th scope="col" class="numeric">
                      ppm
                    </th>
                    <th scope="col" class="numeric">
                      QZ2
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {data.qz2.commodities.map((c) => (
                    <tr key={c.commodity}>
                      <th scope="row">{c.commodity}</th>
                      <td class="numeric">
                        {formatWeight(c.b)}
                        {c.b_defaulted && ' (default)'}
                      </td>
                      <td class="numeric">{formatCount(c.series_deliveries)}</td>
                      <td class="numeric">{String(c.delivered)}</td>
                      <td class="numeric">{String(c.defective)}</td>
                      <td class="numeric">
                        <Score value={c.ppm} />
                      </td>
                      <td class="numeric">
                        <Score value={c.qz2} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </SubScore>
          <SubScore id="qz3" title="QZ3 certification" value={scores['qz3'] ?? null}>
            {data.qz3.exempt ? (
              <p>The supplier is exempt from QZ3: not taken into account.</p>
            ) : (
              <>
                <p>
                  Certificates valid on the reference date:{' '}
                  {data.qz3.certificates
                    .filter((c) => c.valid_on_reference_date)
                    .map((c) => c.standard)
                    .join(', ') || 'none'}
                  ; matching row of the certification table:{' '}
                  {data.qz3.matched_row === null ? 'none' : String(data.qz3.matched_row)} ({data.qz3.column} column).
                </p>
                {hold && <p class="hold">A quality hold imposed on {formatDate(hold)} sets QZ3 to 1.</p>}
              </>
            )}
          </SubScore>
          <SubScore id="qz4" title="QZ4 sample quality" value={scores['qz4'] ?? null}>
            <p>
              S = {formatCount(data.qz4.sample_complaints)} justified sample complaints, N ={' '}
              {formatCount(data.qz4.sample_deliveries)} sample deliveries
            </p>
            <p class="formula">
              QZ4 = {countFormula(data.qz4.factor, data.qz4.sample_complaints, data.qz4.sample_deliveries)}
            </p>
          </SubScore>
        </section>
        <section aria-labelledby="delivery-heading">
          <h2 id="delivery-heading">
            Delivery LZ <Score value={scores['lz'] ?? null} />
          </h2>
          <p>LZ = {weightedFormula(data.weights.delivery, scores)}</p>
          <Weights caption="Delivery weights" weights={data.weights.delivery} />
          <SubScore id="lz1" title="LZ1 date reliability" value={scores['lz1'] ?? null}>
            <p>Mean of the points per delivery (working days of the receiving plant's calendar).</p>
            <Distribution rows={data.lz1.distribution} caption="LZ1 points per delivery" />
          </SubScore>
          <SubScore id="lz2" title="LZ2 quantity reliability" value={scores['lz2'] ?? null}>
            <p>Mean of the points per delivery (|received − due| / due).</p>
            <Distribution rows={data.lz2.distribution} caption="LZ2 points per delivery" />
          </SubScore>
        </section>
      </div>
    </div>
  );
}

function Distribution({ rows, caption }: { rows: { points: number; deliveries: number }[]; caption: string }) {
  if (rows.length === 0) return <Empty>No deliveries: not taken into account.</Empty>;
  return (
    <table class="distribution">
      <caption class="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col" class="numeric">
            Points
          </th>
          <th scope="col" class="numeric">
            Deliveries
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.points}>
            <td class="numeric">{formatCount(row.points)}</td>
            <td class="numeric">{formatCount(row.deliveries)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Trend({ card }: { card: Scorecard }) {
  return (
    <section aria-labelledby="trend-heading">
      <h2 id="trend-heading">Trend</h2>
      {card.trend.length === 0 ? (
        <Empty>No trend for a date range.</Empty>
      ) : (
        <>
          <TrendFigure card={card} />
          <table class="trend">
            <thead>
              <tr>
                <th scope="col">Period</th>
                <th scope="col" class="numeric">
                  Run
                </th>
                <th scope="col" class="numeric">
                  Total
                </th>
                <th scope="col">Class</th>
                <th scope="col" class="numeric">
                  QZ
                </th>
                <th scope="col" class="numeric">
                  LZ
                </th>
              </tr>
            </thead>
            <tbody>
              {card.trend.map((point) => (
                <tr key={point.run}>
                  <th scope="row">{point.period}</th>
                  <td class="numeric">{point.run}</td>
                  <td class="numeric">
                    <Score value={point.total} />
                  </td>
                  <td>
                    <ClassBadge value={point.class} />
                  </td>
                  <td class="numeric">
                    <Score value={point.qz} />
                  </td>
                  <td class="numeric">
                    <Score value={point.lz} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
