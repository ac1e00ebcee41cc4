// One contract (GET /api/v1/contracts/{id}): every term in words, its KPI
// clauses and milestones, for staff its health findings; its settlement of
// a chosen period computed now (GET …/settlement?period=, nothing
// published) with the total per currency and how each KPI line's actual was
// reached; and each clause's actual against target over the periods of the
// published settlements (GET …/kpis), one small chart per clause with its
// figures in a table; when the contract has an escalation case, a line
// with its level that links to the case page. A supplier user sees only
// its own contracts: the server answers 404 for any other, shown as "not
// found".
import type {
  ContractDetail,
  ContractSettlement,
  KpiClause,
  KpiPoint,
  ListPage,
  Milestone,
  PeriodRow,
} from '../api/types';
import { ApiError } from '../api/problem';
import { KpiChart } from '../components/charts';
import {
  Amount,
  CurrencyTotals,
  FindingList,
  KpiTraces,
  LineSteps,
  SettlementLines,
} from '../components/contract-parts';
import { HoldBadge, LevelBadge } from '../components/escalation-parts';
import { PeriodPicker } from '../components/period-picker';
import { Empty, ErrorState, Loading, useLoad, useTitle } from '../components/states';
import { clauseSeries } from '../lib/chart-scale';
import { contractTerms, shareWords, yesNo } from '../lib/contract-view';
import { explainDataOf } from '../lib/explanation';
import { formatDate, userLocale } from '../lib/format';
import { SETTLEMENTS_PATH, contractPath, escalationPath, navigate, onLinkClick, scorecardPath } from '../lib/router';
import { actsForPurchasing, useApp } from '../lib/session';
import { formatDecimal, kpiInfo, latestPeriod, statusWords } from '../lib/settlement-view';

export function ContractPage({ id, search }: { id: string; search: string }) {
  const { client } = useApp();
  const path = `/api/v1/contracts/${encodeURIComponent(id)}`;
  const contract = useLoad(`contract|${id}`, () => client.get<ContractDetail>(path));
  useTitle(`Contract ${id}`);
  if (contract.state === 'loading') return <Loading what="the contract" />;
  if (contract.state === 'error') {
    return (
      <section class="contract">
        <h1>Contract {id}</h1>
        <ErrorState error={contract.error} />
      </section>
    );
  }
  const value = contract.value;
  const supplier = scorecardPath(value.supplier_id);
  return (
    <section class="contract">
      <h1>
        {value.title ?? value.contract_id} <small>{value.contract_id}</small>
      </h1>
      <p class="context">
        With{' '}
        <a href={supplier} onClick={(event) => onLinkClick(event, supplier)}>
          {value.supplier_name} ({value.supplier_id})
        </a>
      </p>
      <EscalationLine contractId={value.contract_id} />
      <Terms contract={value} />
      {value.findings !== null && (
        <section aria-labelledby="findings-heading">
          <h2 id="findings-heading">Health check findings</h2>
          <FindingList findings={value.findings} />
        </section>
      )}
      <SettlementSection contract={value} search={search} />
      <KpiCharts contract={value} />
    </section>
  );
}

/** The contract's escalation case today, if it has one (a contract without a case answers 404, or no cases: no line). */
function EscalationLine({ contractId }: { contractId: string }) {
  const { client } = useApp();
  const escalation = useLoad(`escalation|${contractId}|today`, () =>
    client.escalation(contractId).catch((error: unknown) => {
      if (error instanceof ApiError && error.status === 404) return null;
      throw error;
    }),
  );
  if (escalation.state !== 'ready' || escalation.value === null || escalation.value.cases.length === 0) return null;
  const row = escalation.value;
  const href = escalationPath(contractId);
  return (
    <p class="escalation-line">
      <a href={href} onClick={(event) => onLinkClick(event, href)}>
        Escalation
      </a>
      : case {row.case} {row.status} at <LevelBadge level={row.level} name={row.level_name} rank={row.level_rank} />
      {row.hold && (
        <>
          {' '}
          <HoldBadge since={row.hold_since} reason={row.hold_reason} />
        </>
      )}
    </p>
  );
}

function Terms({ contract }: { contract: ContractDetail }) {
  return (
    <section class="contract-terms" aria-labelledby="terms-heading">
      <h2 id="terms-heading">Terms</h2>
      <dl>
        {contractTerms(contract).map((term) => (
          <div key={term.label} class="term">
            <dt>{term.label}</dt>
            <dd>{term.value}</dd>
          </div>
        ))}
      </dl>
      <Clauses clauses={contract.clauses} />
      <Milestones milestones={contract.milestones} />
    </section>
  );
}

function Clauses({ clauses }: { clauses: KpiClause[] }) {
  if (clauses.length === 0) return <Empty>No KPI clauses.</Empty>;
  return (
    <div class="table-scroll">
      <table class="clauses">
        <caption>KPI clauses</caption>
        <thead>
          <tr>
            <th scope="col">Clause</th>
            <th scope="col">KPI</th>
            <th scope="col" class="numeric">
              Target
            </th>
            <th scope="col" class="numeric">
              Penalty rate
            </th>
            <th scope="col" class="numeric">
              Bonus rate
            </th>
            <th scope="col" class="numeric">
              Clause cap
            </th>
            <th scope="col">Escalates</th>
          </tr>
        </thead>
        <tbody>
          {clauses.map((clause) => {
            const info = kpiInfo(clause.kpi);
            return (
              <tr key={clause.clause_id}>
                <th scope="row">{clause.clause_id}</th>
                <td>
                  {info.label} <span class="muted">({info.better} is better)</span>
                </td>
                <td class="numeric">
                  {formatDecimal(clause.target)} {info.unit}
                </td>
                <td class="numeric">{formatDecimal(clause.penalty_rate ?? '0')}</td>
                <td class="numeric">{formatDecimal(clause.bonus_rate ?? '0')}</td>
                <td class="numeric">{shareWords(clause.cap_share)}</td>
                <td>{yesNo(clause.escalate)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function Milestones({ milestones }: { milestones: Milestone[] }) {
  if (milestones.length === 0) return null;
  return (
    <div class="table-scroll">
      <table class="milestones">
        <caption>Milestones</caption>
        <thead>
          <tr>
            <th scope="col">Milestone</th>
            <th scope="col">Name</th>
            <th scope="col">Due</th>
            <th scope="col">Approved on</th>
            <th scope="col" class="numeric">
              Payment
            </th>
            <th scope="col">Critical</th>
          </tr>
        </thead>
        <tbody>
          {milestones.map((m) => (
            <tr key={m.milestone_id}>
              <th scope="row">{m.milestone_id}</th>
              <td>{m.name ?? ''}</td>
              <td>{formatDate(m.due_date)}</td>
              <td>{m.approved_on === null ? 'not yet' : formatDate(m.approved_on)}</td>
              <td class="numeric">{formatDecimal(m.payment ?? '0')}</td>
              <td>{yesNo(m.critical)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The settlement of the chosen period (the latest period with runs when none is chosen), computed now. */
function SettlementSection({ contract, search }: { contract: ContractDetail; search: string }) {
  const { client } = useApp();
  const chosen = new URLSearchParams(search).get('period') || null;
  const periods = useLoad('periods', () => client.get<ListPage<PeriodRow>>('/api/v1/periods', { limit: 1000 }));
  const period = chosen ?? (periods.state === 'ready' ? latestPeriod(periods.value.rows) : null);
  const path = `/api/v1/contracts/${encodeURIComponent(contract.contract_id)}/settlement`;
  const settlement = useLoad(`settlement|${contract.contract_id}|${period ?? ''}`, () =>
    period === null ? Promise.resolve(null) : client.get<ContractSettlement>(path, { period }),
  );
  const choose = (next: string | null): void => {
    navigate(contractPath(contract.contract_id, next ? `?${new URLSearchParams({ period: next }).toString()}` : ''));
  };
  return (
    <section class="contract-settlement" aria-labelledby="settlement-heading">
      <h2 id="settlement-heading">Settlement</h2>
      <p class="muted">Computed now from the current records with the server’s rule set; nothing is published here.</p>
      <div class="toolbar no-print">
        <PeriodPicker period={period} run={null} shownPeriod={period} onChange={choose} withRuns={false} />
      </div>
      {periods.state === 'error' && <ErrorState error={periods.error} />}
      {periods.state === 'ready' && period === null && <Empty>No period has a published run yet.</Empty>}
      {settlement.state === 'loading' && period !== null && <Loading what="the settlement" />}
      {settlement.state === 'error' && <ErrorState error={settlement.error} />}
      {settlement.state === 'ready' && settlement.value && (
        <SettlementBody settlement={settlement.value} clauses={contract.clauses} />
      )}
    </section>
  );
}

function SettlementBody({ settlement, clauses }: { settlement: ContractSettlement; clauses: KpiClause[] }) {
  return (
    <>
      <p class="context">
        {settlement.period} ({formatDate(settlement.from)} – {formatDate(settlement.to)})
      </p>
      {settlement.lines.length === 0 ? (
        <Empty>No settlement lines in {settlement.period}: the contract’s term does not meet it.</Empty>
      ) : (
        <>
          <SettlementLines
            caption={`Settlement lines of ${settlement.period}`}
            lines={settlement.lines}
            keyOf={(line, index) => `${line.kind}|${line.ref ?? ''}|${line.material_id ?? ''}|${index}`}
          />
          <CurrencyTotals lines={settlement.lines} />
          <LineSteps lines={settlement.lines} />
          <KpiTraces lines={settlement.lines} clauses={clauses} explanation={explainDataOf(settlement.explanation)} />
        </>
      )}
    </>
  );
}

const axisFormat = new Intl.NumberFormat(userLocale(), { maximumFractionDigits: 2 });

/** Each clause's actual against target over the periods of the published settlements. */
function KpiCharts({ contract }: { contract: ContractDetail }) {
  const { client, session } = useApp();
  const path = `/api/v1/contracts/${encodeURIComponent(contract.contract_id)}/kpis`;
  const kpis = useLoad(`kpis|${contract.contract_id}`, () => client.get<ListPage<KpiPoint>>(path, { limit: 1000 }));
  const kpiOf = new Map(contract.clauses.map((c) => [c.clause_id, c.kpi]));
  return (
    <section class="kpi-history" aria-labelledby="kpi-history-heading">
      <h2 id="kpi-history-heading">KPIs over the periods</h2>
      {kpis.state === 'loading' && <Loading what="the KPI history" />}
      {kpis.state === 'error' && <ErrorState error={kpis.error} />}
      {kpis.state === 'ready' && kpis.value.rows.length === 0 && (
        <Empty>
          No settlement with this contract’s KPI lines has been published yet.{' '}
          {actsForPurchasing(session.role) ? (
            <>
              Publish one on the{' '}
              <a href={SETTLEMENTS_PATH} onClick={(event) => onLinkClick(event, SETTLEMENTS_PATH)}>
                Settlements
              </a>{' '}
              page (“Publish settlement”) to see them here.
            </>
          ) : (
            'Purchasing publishes settlements; the KPIs appear here once one is published.'
          )}
        </Empty>
      )}
      {kpis.state === 'ready' && kpis.value.rows.length > 0 && (
        <div class="kpi-charts">
          {clauseSeries(kpis.value.rows).map((series) => {
            const info = kpiInfo(kpiOf.get(series.clauseId) ?? '');
            const title = `${series.clauseId} ${info.label}`;
            const rows = kpis.value.rows.filter((row) => row.clause_id === series.clauseId);
            return (
              <figure key={series.clauseId} class="chart-figure">
                <figcaption>
                  <strong>{title}</strong>{' '}
                  <span class="muted">
                    ({info.unit}, {info.better} is better)
                  </span>
                </figcaption>
                <KpiChart series={series} title={title} format={(v) => axisFormat.format(v)} />
                <div class="table-scroll">
                  <table class="chart-data">
                    <caption class="visually-hidden">{title} by period</caption>
                    <thead>
                      <tr>
                        <th scope="col">Period</th>
                        <th scope="col" class="numeric">
                          Actual
                        </th>
                        <th scope="col" class="numeric">
                          Target
                        </th>
                        <th scope="col">Status</th>
                        <th scope="col" class="numeric">
                          Amount
                        </th>
                      </tr>
                    </thead>
                    <tbody>
                      {rows.map((row) => (
                        <tr key={`${row.settlement}|${row.period}`}>
                          <th scope="row">{row.period}</th>
                          <td class="numeric">{formatDecimal(row.actual)}</td>
                          <td class="numeric">{formatDecimal(row.target)}</td>
                          <td>{statusWords(row.status)}</td>
                          <td class="numeric">
                            <Amount amount={row.amount} />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </figure>
            );
          })}
        </div>
      )}
    </section>
  );
}
