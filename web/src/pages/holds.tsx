// New Business Holds (GET /api/v1/holds): filtered by supplier, reason and
// a day they were active on (the filters are the URL's query, so a view can
// be shared); for quality a form that imposes one (POST /api/v1/holds) and,
// per active hold, a withdrawal with its date and reason (POST …/withdraw).
// A refusal is shown at the field it concerns (409 the same hold exists,
// 422 an unknown supplier or a withdrawal before the imposition).
import { useState } from 'preact/hooks';
import type { ApiError } from '../api/problem';
import type { Hold, ListPage } from '../api/types';
import { Field } from '../components/field';
import { FieldError } from '../components/field-error';
import { Empty, ErrorState, Loading, useLoad, useTitle } from '../components/states';
import { Pager } from '../components/table-controls';
import { useSubmission } from '../lib/form-errors';
import { formatDate, formatInstant, today } from '../lib/format';
import { listPath, navigate, offsetOf, onLinkClick, scorecardPath } from '../lib/router';
import { actsForQuality, useApp } from '../lib/session';

const PAGE_SIZE = 50;
const FILTERS = ['supplier_id', 'reason', 'active_on'] as const;
type Filter = (typeof FILTERS)[number];

function filtersOf(search: string): Record<Filter, string> {
  const params = new URLSearchParams(search);
  return {
    supplier_id: params.get('supplier_id') ?? '',
    reason: params.get('reason') ?? '',
    active_on: params.get('active_on') ?? '',
  };
}

function holdsPath(filters: Record<Filter, string>, offset = 0): string {
  return listPath('/holds', filters, offset);
}

export function HoldsPage({ search }: { search: string }) {
  const { client, session } = useApp();
  useTitle('Holds');
  const filters = filtersOf(search);
  const offset = offsetOf(search);
  const [version, setVersion] = useState(0);
  const holds = useLoad(`holds|${search}|${version}`, () =>
    client.get<ListPage<Hold>>('/api/v1/holds', { ...filters, limit: PAGE_SIZE, offset }),
  );
  const mayChange = actsForQuality(session.role);
  const changed = (): void => setVersion(version + 1);
  return (
    <section class="holds">
      <h1>New Business Holds</h1>
      <FilterForm filters={filters} />
      {mayChange && <ImposeForm onImposed={changed} />}
      {holds.state === 'loading' && <Loading what="the holds" />}
      {holds.state === 'error' && <ErrorState error={holds.error} />}
      {holds.state === 'ready' && holds.value.total_count === 0 && <Empty>No hold matches these filters.</Empty>}
      {holds.state === 'ready' && holds.value.total_count > 0 && (
        <>
          <HoldTable rows={holds.value.rows} mayChange={mayChange} onWithdrawn={changed} />
          <Pager
            what="Holds"
            page={{ offset, limit: PAGE_SIZE, shown: holds.value.rows.length, total: holds.value.total_count }}
            onPage={(next) => navigate(holdsPath(filters, next))}
          />
        </>
      )}
    </section>
  );
}

function FilterForm({ filters }: { filters: Record<Filter, string> }) {
  const [draft, setDraft] = useState(filters);
  const set = (name: Filter) => (value: string) => setDraft({ ...draft, [name]: value });
  return (
    <form
      class="toolbar no-print"
      role="search"
      aria-label="Filter holds"
      onSubmit={(event) => {
        event.preventDefault();
        navigate(holdsPath({ ...draft, supplier_id: draft.supplier_id.trim() }));
      }}
    >
      <Field id="filter-supplier" label="Supplier" value={draft.supplier_id} onValue={set('supplier_id')} />
      <label for="filter-reason">Reason</label>
      <select id="filter-reason" value={draft.reason} onChange={(e) => set('reason')(e.currentTarget.value)}>
        <option value="">any</option>
        <option value="quality">quality</option>
        <option value="delivery">delivery</option>
      </select>
      <Field id="filter-active" label="Active on" type="date" value={draft.active_on} onValue={set('active_on')} />
      <button type="submit">Filter</button>
    </form>
  );
}

/** Where a refusal of the imposition that names no member belongs. */
function imposeField(error: ApiError): string | null {
  if (error.status === 409) return 'imposed_on';
  if (error.status === 422) return 'supplier_id';
  return null;
}

function ImposeForm({ onImposed }: { onImposed: () => void }) {
  const { client } = useApp();
  const empty = { supplier_id: '', reason: 'quality', imposed_on: today(), why: '' };
  const [form, setForm] = useState(empty);
  const [done, setDone] = useState<Hold | null>(null);
  const { busy, errors, submit } = useSubmission(async () => {
    setDone(null);
    const hold = await client.post<Hold>('/api/v1/holds', { ...form, supplier_id: form.supplier_id.trim() });
    setDone(hold);
    setForm(empty);
    onImposed();
  }, imposeField);
  const set = (name: keyof typeof empty) => (value: string) => setForm({ ...form, [name]: value });
  const described = (name: string) => ({
    'aria-describedby': `impose-${name}-error`,
    'aria-invalid': errors[name] ? ('true' as const) : undefined,
  });
  return (
    <form class="impose no-print" onSubmit={submit} aria-labelledby="impose-heading">
      <h2 id="impose-heading">Impose a hold</h2>
      <div class="form-grid">
        <Field
          id="impose-supplier"
          label="Supplier"
          value={form.supplier_id}
          onValue={set('supplier_id')}
          required
          {...described('supplier_id')}
        />
        <FieldError id="impose-supplier_id-error" message={errors['supplier_id']} />
        <label for="impose-reason">Reason</label>
        <select
          id="impose-reason"
          value={form.reason}
          onChange={(e) => set('reason')(e.currentTarget.value)}
          {...described('reason')}
        >
          <option value="quality">quality</option>
          <option value="delivery">delivery</option>
        </select>
        <FieldError id="impose-reason-error" message={errors['reason']} />
        <Field
          id="impose-date"
          label="Imposed on"
          type="date"
          value={form.imposed_on}
          onValue={set('imposed_on')}
          required
          {...described('imposed_on')}
        />
        <FieldError id="impose-imposed_on-error" message={errors['imposed_on']} />
        <Field id="impose-why" label="Why" value={form.why} onValue={set('why')} required {...described('why')} />
        <FieldError id="impose-why-error" message={errors['why'] ?? errors['']} />
        <div class="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Imposing…' : 'Impose hold'}
          </button>
        </div>
      </div>
      {done && (
        <p role="status">
          Hold {done.id} imposed on {done.supplier_id} ({done.reason}) from {formatDate(done.imposed_on)}.
        </p>
      )}
    </form>
  );
}

function HoldTable(props: { rows: Hold[]; mayChange: boolean; onWithdrawn: () => void }) {
  const [withdrawing, setWithdrawing] = useState<number | null>(null);
  return (
    <table class="hold-list">
      <caption class="visually-hidden">Holds</caption>
      <thead>
        <tr>
          <th scope="col">Supplier</th>
          <th scope="col">Reason</th>
          <th scope="col">Imposed on</th>
          <th scope="col">Withdrawn on</th>
          <th scope="col">Changed</th>
          <th scope="col">Why</th>
          {props.mayChange && <th scope="col">Withdraw</th>}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((hold) => {
          const href = scorecardPath(hold.supplier_id);
          return (
            <tr key={hold.id}>
              <th scope="row">
                <a href={href} onClick={(event) => onLinkClick(event, href)}>
                  {hold.supplier_id}
                </a>
              </th>
              <td>{hold.reason}</td>
              <td>{formatDate(hold.imposed_on)}</td>
              <td>{hold.withdrawn_on ? formatDate(hold.withdrawn_on) : 'active'}</td>
              <td>
                {formatInstant(hold.changed_at)} by {hold.changed_by}
              </td>
              <td>{hold.why ?? ''}</td>
              {props.mayChange && (
                <td>
                  {hold.withdrawn_on === null &&
                    (withdrawing === hold.id ? (
                      <WithdrawForm
                        hold={hold}
                        onCancel={() => setWithdrawing(null)}
                        onWithdrawn={() => {
                          setWithdrawing(null);
                          props.onWithdrawn();
                        }}
                      />
                    ) : (
                      <button type="button" onClick={() => setWithdrawing(hold.id)}>
                        Withdraw hold {hold.id}
                      </button>
                    ))}
                </td>
              )}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

function WithdrawForm(props: { hold: Hold; onCancel: () => void; onWithdrawn: () => void }) {
  const { client } = useApp();
  const [date, setDate] = useState(today());
  const [why, setWhy] = useState('');
  const prefix = `withdraw-${props.hold.id}`;
  const { busy, errors, submit } = useSubmission(
    async () => {
      await client.post<Hold>(`/api/v1/holds/${props.hold.id}/withdraw`, { withdrawn_on: date, why });
      props.onWithdrawn();
    },
    (e) => (e.status === 409 || e.status === 422 ? 'withdrawn_on' : null),
  );
  return (
    <form class="withdraw" onSubmit={submit} aria-label={`Withdraw hold ${props.hold.id}`}>
      <Field
        id={`${prefix}-date`}
        label="Withdrawn on"
        type="date"
        value={date}
        onValue={setDate}
        required
        autoFocus
        aria-describedby={`${prefix}-date-error`}
        aria-invalid={errors['withdrawn_on'] ? 'true' : undefined}
      />
      <FieldError id={`${prefix}-date-error`} message={errors['withdrawn_on']} />
      <Field
        id={`${prefix}-why`}
        label="Why"
        value={why}
        onValue={setWhy}
        required
        aria-describedby={`${prefix}-why-error`}
        aria-invalid={errors['why'] ? 'true' : undefined}
      />
      <FieldError id={`${prefix}-why-error`} message={errors['why'] ?? errors['']} />
      <button type="submit" disabled={busy}>
        Withdraw
      </button>{' '}
      <button type="button" onClick={props.onCancel}>
        Cancel
      </button>
    </form>
  );
}
