// The scorecard's "Events (IATF 16949 8.4.2.4)" panel: the supplier's events
// of the run's period as the run saw them — the counts by kind, the cost and
// how many the customer was told of — and the events themselves. Beside the
// rating: they change no score (docs/events.md).
import type { SupplierEvents } from '../api/types';
import { eventKindLabel, kindCounts } from '../lib/event-view';
import { formatCount, formatDate } from '../lib/format';
import { Empty } from './states';

export function EventsPanel({ events }: { events: SupplierEvents }) {
  return (
    <section class="events-panel" aria-labelledby="events-heading">
      <h2 id="events-heading">Events (IATF 16949 8.4.2.4)</h2>
      {events.total === 0 ? (
        <Empty>No events in this period.</Empty>
      ) : (
        <>
          <dl class="event-counts" aria-label="Event counts">
            <div>
              <dt>Events</dt>
              <dd data-count="total">{formatCount(events.total)}</dd>
            </div>
            {kindCounts(events).map((entry) => (
              <div key={entry.kind}>
                <dt>{entry.label}</dt>
                <dd data-count={entry.kind}>{formatCount(entry.count)}</dd>
              </div>
            ))}
            <div>
              <dt>Customer notified</dt>
              <dd data-count="customer_notified">{formatCount(events.customer_notified)}</dd>
            </div>
            <div>
              <dt>Cost</dt>
              <dd data-count="cost">{events.cost}</dd>
            </div>
          </dl>
          <table class="events">
            <caption class="visually-hidden">The events of the period</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Event</th>
                <th scope="col">Kind</th>
                <th scope="col">Plant</th>
                <th scope="col">Material</th>
                <th scope="col">Delivery</th>
                <th scope="col" class="numeric">
                  Cost
                </th>
                <th scope="col">Customer notified</th>
              </tr>
            </thead>
            <tbody>
              {events.rows.map((row) => (
                <tr key={row.event_id}>
                  <td>{formatDate(row.date)}</td>
                  <th scope="row">{row.event_id}</th>
                  <td>{eventKindLabel(row.kind)}</td>
                  <td>{row.plant_id}</td>
                  <td>{row.material_id ?? '—'}</td>
                  <td>{row.delivery_id ?? '—'}</td>
                  <td class="numeric">{row.cost ?? '—'}</td>
                  <td>{row.customer_notified ? 'yes' : 'no'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
