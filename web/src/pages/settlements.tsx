// The published settlements (GET /api/v1/settlements, newest first): each
// with its period, who published it and when, and its lines (a supplier
// user: those of its own contracts, the server scopes them); for purchasing
// and admin a form that publishes the settlement of a period from the
// current records with the server's rule set (POST /api/v1/settlements).
import { useState } from 'preact/hooks';
import type { ListPage, Settlement } from '../api/types';
import { PublishPeriodForm } from '../components/publish-form';
import { Empty, ErrorState, Loading, useLoad, useTitle } from '../components/states';
import { ListPager } from '../components/table-controls';
import { formatCount, formatDate, formatInstant } from '../lib/format';
import { SETTLEMENTS_PATH, listPath, navigate, offsetOf, onLinkClick, settlementPath } from '../lib/router';
import { actsForPurchasing, useApp } from '../lib/session';

const PAGE_SIZE = 50;

export function SettlementsPage({ search }: { search: string }) {
  const { client, session } = useApp();
  useTitle('Settlements');
  const offset = offsetOf(search);
  const [version, setVersion] = useState(0);
  const settlements = useLoad(`settlements|${offset}|${version}`, () =>
    client.get<ListPage<Settlement>>('/api/v1/settlements', { limit: PAGE_SIZE, offset }),
  );
  return (
    <section class="settlements">
      <h1>Settlements</h1>
      <p class="lead">
        A published settlement fixes each contract’s lines of a period (prices, commitments, tooling, milestones, KPI
        bonuses and penalties) as computed from the records at that moment.
      </p>
      {actsForPurchasing(session.role) && (
        <PublishPeriodForm<Settlement>
          heading="Publish a settlement"
          path="/api/v1/settlements"
          button="Publish settlement"
          describe={(published) =>
            `Settlement ${published.settlement} of ${published.period} published with ${formatCount(published.lines)} lines.`
          }
          onPublished={() => setVersion(version + 1)}
        />
      )}
      {settlements.state === 'loading' && <Loading what="the settlements" />}
      {settlements.state === 'error' && <ErrorState error={settlements.error} />}
      {settlements.state === 'ready' && settlements.value.total_count === 0 && (
        <Empty>
          No settlement has been published yet.{' '}
          {actsForPurchasing(session.role)
            ? 'Publish the settlement of a period with the form above.'
            : 'Purchasing publishes them; each appears here with its lines.'}
        </Empty>
      )}
      {settlements.state === 'ready' && settlements.value.total_count > 0 && (
        <>
          <SettlementTable rows={settlements.value.rows} />
          <ListPager
            what="Settlements"
            list={settlements.value}
            onPage={(next) => navigate(listPath(SETTLEMENTS_PATH, {}, next))}
          />
        </>
      )}
    </section>
  );
}

function SettlementTable({ rows }: { rows: Settlement[] }) {
  return (
    <div class="table-scroll">
      <table class="settlement-list">
        <caption class="visually-hidden">Published settlements, newest first</caption>
        <thead>
          <tr>
            <th scope="col" class="numeric">
              Settlement
            </th>
            <th scope="col">Period</th>
            <th scope="col">Dates</th>
            <th scope="col">Published</th>
            <th scope="col">By</th>
            <th scope="col" class="numeric">
              Lines
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => {
            const href = settlementPath(row.settlement);
            return (
              <tr key={row.settlement}>
                <th scope="row" class="numeric">
                  <a href={href} onClick={(event) => onLinkClick(event, href)}>
                    Settlement {row.settlement}
                  </a>
                </th>
                <td>{row.period}</td>
                <td class="nowrap">
                  {formatDate(row.from)} – {formatDate(row.to)}
                </td>
                <td>{formatInstant(row.published_at)}</td>
                <td>{row.published_by}</td>
                <td class="numeric">{formatCount(row.lines)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
