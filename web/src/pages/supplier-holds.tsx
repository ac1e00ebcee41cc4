// A supplier's New Business Holds (GET /api/v1/suppliers/{id}/holds): what
// was imposed, when, why, and whether it is withdrawn; a quality hold sets
// QZ3 to its hold points while active. A supplier user sees only its own:
// the server answers 404 for any other, shown as "not found".
import { useState } from 'preact/hooks';
import type { Hold, ListPage } from '../api/types';
import { Empty, ErrorState, Loading, useLoad, useTitle } from '../components/states';
import { ListPager } from '../components/table-controls';
import { formatDate, formatInstant } from '../lib/format';
import { onLinkClick, scorecardPath } from '../lib/router';
import { useApp } from '../lib/session';

const PAGE_SIZE = 50;

export function SupplierHoldsPage({ supplierId }: { supplierId: string }) {
  const { client } = useApp();
  const [offset, setOffset] = useState(0);
  const path = `/api/v1/suppliers/${encodeURIComponent(supplierId)}/holds`;
  const holds = useLoad(`${path}|${offset}`, () => client.get<ListPage<Hold>>(path, { limit: PAGE_SIZE, offset }));
  useTitle(`Holds of ${supplierId}`);
  const scorecard = scorecardPath(supplierId);
  return (
    <section>
      <h1>Holds of {supplierId}</h1>
      <p>
        A New Business Hold for quality reasons sets QZ3 to its hold points while it is active.{' '}
        <a href={scorecard} onClick={(event) => onLinkClick(event, scorecard)}>
          Back to the scorecard
        </a>
      </p>
      {holds.state === 'loading' && <Loading what="the holds" />}
      {holds.state === 'error' && <ErrorState error={holds.error} />}
      {holds.state === 'ready' && holds.value.total_count === 0 && <Empty>No holds, now or before.</Empty>}
      {holds.state === 'ready' && holds.value.total_count > 0 && (
        <>
          <table id="holds">
            <caption class="visually-hidden">Holds of {supplierId}</caption>
            <thead>
              <tr>
                <th scope="col">Reason</th>
                <th scope="col">Imposed on</th>
                <th scope="col">Withdrawn on</th>
                <th scope="col">Why</th>
                <th scope="col">Changed</th>
              </tr>
            </thead>
            <tbody>
              {holds.value.rows.map((hold) => (
                <tr key={hold.id} class={hold.withdrawn_on === null ? 'active-hold' : undefined}>
                  <td>{hold.reason}</td>
                  <td>{formatDate(hold.imposed_on)}</td>
                  <td>{hold.withdrawn_on === null ? 'active' : formatDate(hold.withdrawn_on)}</td>
                  <td>{hold.why ?? '—'}</td>
                  <td>
                    {formatInstant(hold.changed_at)} by {hold.changed_by}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <ListPager what="Holds" list={holds.value} onPage={setOffset} />
        </>
      )}
    </section>
  );
}
