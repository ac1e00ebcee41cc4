// The agreement's ppm adjustment (QZ2): the complaints whose goods came back,
// each with its deadline and state. A supplier submits the defective quantity
// it found (with a note and its sorting report) before the deadline; quality
// sees the submissions waiting for it and accepts or rejects them with a
// reason, sent with If-Match on the complaint it read so that a change made
// meanwhile is refused (412) instead of overwritten.
import { useState } from 'preact/hooks';
import type { ApiError } from '../api/problem';
import type { Adjustment, Complaint, ListPage } from '../api/types';
import { Field } from '../components/field';
import { FieldError } from '../components/field-error';
import { Empty, ErrorState, Loading, useLoad, useTitle } from '../components/states';
import { Pager } from '../components/table-controls';
import {
  ADJUSTMENT_STATES,
  REPORT_TYPES,
  STATE_WORDS,
  deadlineWords,
  stepFor,
  submissionErrors,
} from '../lib/adjustment-view';
import { useSubmission } from '../lib/form-errors';
import { formatCount, formatDate, formatInstant, today } from '../lib/format';
import { ADJUSTMENTS_PATH, THREADS_PATH, navigate, onLinkClick, scorecardPath } from '../lib/router';
import { isStaff, useApp } from '../lib/session';

const PAGE_SIZE = 50;

function adjustmentsPath(state: string, supplierId: string, offset = 0): string {
  const params = new URLSearchParams();
  if (state) params.set('state', state);
  if (supplierId) params.set('supplier_id', supplierId);
  if (offset > 0) params.set('offset', String(offset));
  const text = params.toString();
  return text ? `${ADJUSTMENTS_PATH}?${text}` : ADJUSTMENTS_PATH;
}

export function AdjustmentsPage({ search }: { search: string }) {
  const { client, session } = useApp();
  useTitle('ppm adjustments');
  const params = new URLSearchParams(search);
  const state = params.get('state') ?? '';
  const supplierId = params.get('supplier_id') ?? '';
  const offsetText = params.get('offset') ?? '';
  const offset = /^\d{1,9}$/.test(offsetText) ? Number(offsetText) : 0;
  const [version, setVersion] = useState(0);
  const list = useLoad(`adjustments|${search}|${version}`, () =>
    client.get<ListPage<Adjustment>>('/api/v1/adjustments', {
      state,
      supplier_id: supplierId,
      limit: PAGE_SIZE,
      offset,
    }),
  );
  return (
    <section class="adjustments">
      <h1>ppm adjustments</h1>
      <p class="lead">
        When rejected goods come back, the supplier determines the actual defective quantity. Submitted within the rule
        set's months of the return (the deadline, inclusive) and accepted by quality, that quantity counts in the ppm
        from the next evaluation; otherwise the full rejected quantity counts.
      </p>
      <FilterForm state={state} supplierId={supplierId} staff={isStaff(session.role)} />
      {list.state === 'loading' && <Loading what="the adjustments" />}
      {list.state === 'error' && <ErrorState error={list.error} />}
      {list.state === 'ready' && list.value.total_count === 0 && (
        <Empty>No complaint with returned goods matches these filters.</Empty>
      )}
      {list.state === 'ready' && list.value.total_count > 0 && (
        <>
          <AdjustmentTable rows={list.value.rows} onChanged={() => setVersion(version + 1)} />
          <Pager
            what="Adjustments"
            page={{ offset, limit: PAGE_SIZE, shown: list.value.rows.length, total: list.value.total_count }}
            onPage={(next) => navigate(adjustmentsPath(state, supplierId, next))}
          />
        </>
      )}
    </section>
  );
}

function FilterForm(props: { state: string; supplierId: string; staff: boolean }) {
  const [state, setState] = useState(props.state);
  const [supplierId, setSupplierId] = useState(props.supplierId);
  return (
    <form
      class="toolbar no-print"
      role="search"
      aria-label="Filter adjustments"
      onSubmit={(event) => {
        event.preventDefault();
        navigate(adjustmentsPath(state, supplierId.trim()));
      }}
    >
      <label for="filter-state">State</label>
      <select id="filter-state" value={state} onChange={(e) => setState(e.currentTarget.value)}>
        <option value="">any</option>
        {ADJUSTMENT_STATES.map((name) => (
          <option key={name} value={name}>
            {name}
          </option>
        ))}
      </select>
      {props.staff && <Field id="filter-supplier" label="Supplier" value={supplierId} onValue={setSupplierId} />}
      <button type="submit">Filter</button>
    </form>
  );
}

function AdjustmentTable({ rows, onChanged }: { rows: Adjustment[]; onChanged: () => void }) {
  const { session } = useApp();
  const [open, setOpen] = useState<string | null>(null);
  const staff = isStaff(session.role);
  const now = today();
  return (
    <table class="adjustment-list">
      <caption class="visually-hidden">Adjustments</caption>
      <thead>
        <tr>
          <th scope="col">Complaint</th>
          {staff && <th scope="col">Supplier</th>}
          <th scope="col">State</th>
          <th scope="col">Deadline</th>
          <th scope="col">Confirmed quantity</th>
          <th scope="col">Submitted</th>
          <th scope="col">Decided</th>
          <th scope="col">Action</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => {
          const step = stepFor(session.role, row.state);
          const href = scorecardPath(row.supplier_id);
          return (
            <tr key={row.complaint_id} data-state={row.state}>
              <th scope="row">{row.complaint_id}</th>
              {staff && (
                <td>
                  <a href={href} onClick={(event) => onLinkClick(event, href)}>
                    {row.supplier_id}
                  </a>
                </td>
              )}
              <td>
                <span class={`adjustment-state state-${row.state}`}>{STATE_WORDS[row.state]}</span>
              </td>
              <td>
                <time dateTime={row.deadline_at} title={`ends ${formatInstant(row.deadline_at)}`}>
                  {formatDate(row.deadline)}
                </time>{' '}
                <span class="deadline-words">{deadlineWords(row, now)}</span>
              </td>
              <td>
                {row.confirmed_qty === null ? '—' : formatCount(row.confirmed_qty)}
                {row.note && <p class="note">{row.note}</p>}
                {row.report && (
                  <a href={row.report.url} download={row.report.file_name}>
                    Sorting report ({row.report.file_name})
                  </a>
                )}
              </td>
              <td>{row.submitted_at ? `${formatInstant(row.submitted_at)} by ${row.submitted_by ?? '—'}` : '—'}</td>
              <td>
                {row.decided_at ? `${formatInstant(row.decided_at)} by ${row.decided_by ?? '—'}` : '—'}
                {row.reason && <p class="note">{row.reason}</p>}
              </td>
              <td>
                <DiscussLink adjustment={row} />{' '}
                {step !== null && open !== row.complaint_id && (
                  <button type="button" onClick={() => setOpen(row.complaint_id)}>
                    {step === 'submit' ? 'Submit' : 'Decide'} {row.complaint_id}
                  </button>
                )}
                {step !== null && open === row.complaint_id && (
                  <StepForm
                    step={step}
                    adjustment={row}
                    onCancel={() => setOpen(null)}
                    onDone={() => {
                      setOpen(null);
                      onChanged();
                    }}
                  />
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** The discussions of the complaint (and the form to start one, prefilled). */
function DiscussLink({ adjustment }: { adjustment: Adjustment }) {
  const href = `${THREADS_PATH}?supplier_id=${encodeURIComponent(adjustment.supplier_id)}&complaint_id=${encodeURIComponent(adjustment.complaint_id)}`;
  return (
    <a href={href} onClick={(event) => onLinkClick(event, href)}>
      Discuss {adjustment.complaint_id}
    </a>
  );
}

interface StepProps {
  adjustment: Adjustment;
  onCancel: () => void;
  onDone: () => void;
}

/** The complaint behind a step, with its ETag (the decision's If-Match) and rejected quantity. */
function StepForm(props: StepProps & { step: 'submit' | 'decide' }) {
  const { client } = useApp();
  const id = props.adjustment.complaint_id;
  const complaint = useLoad(`complaint|${id}`, () =>
    client.getTagged<Complaint>(`/api/v1/complaints/${encodeURIComponent(id)}`),
  );
  if (complaint.state === 'loading') return <Loading what={`complaint ${id}`} />;
  if (complaint.state === 'error') return <ErrorState error={complaint.error} />;
  return props.step === 'submit' ? (
    <SubmitForm {...props} rejectedQty={complaint.value.value.rejected_qty} />
  ) : (
    <DecideForm {...props} etag={complaint.value.etag} />
  );
}

/** Where a refusal without a member belongs: the deadline and the rules concern the quantity. */
function submitField(error: ApiError): string | null {
  return error.status === 409 || error.status === 422 ? 'confirmed_qty' : null;
}

function SubmitForm(props: StepProps & { rejectedQty: number | null }) {
  const { client } = useApp();
  const id = props.adjustment.complaint_id;
  const prefix = `submit-${id}`;
  const [quantity, setQuantity] = useState('');
  const [note, setNote] = useState('');
  const [report, setReport] = useState<File | null>(null);
  const [checks, setChecks] = useState<Record<string, string>>({});
  const path = `/api/v1/complaints/${encodeURIComponent(id)}/adjustment`;
  const { busy, errors, submit } = useSubmission(async () => {
    await client.post(path, { confirmed_qty: Number(quantity), note });
    if (report) await client.putFile(`${path}/report`, report);
    props.onDone();
  }, submitField);
  const shown = { ...errors, ...checks };
  const onSubmit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const found = submissionErrors(quantity, props.rejectedQty, report);
    setChecks(found);
    if (Object.keys(found).length === 0) await submit(event);
  };
  return (
    <form class="adjustment-submit" onSubmit={onSubmit} aria-label={`Submit the adjustment of complaint ${id}`}>
      <Field
        id={`${prefix}-qty`}
        label={`Defective quantity${props.rejectedQty === null ? '' : ` (of ${formatCount(props.rejectedQty)} rejected)`}`}
        type="number"
        min="0"
        step="any"
        value={quantity}
        onValue={setQuantity}
        required
        autoFocus
        aria-describedby={`${prefix}-confirmed_qty-error`}
        aria-invalid={shown['confirmed_qty'] ? 'true' : undefined}
      />
      <FieldError id={`${prefix}-confirmed_qty-error`} message={shown['confirmed_qty']} />
      <label for={`${prefix}-note`}>Note</label>
      <textarea id={`${prefix}-note`} value={note} onInput={(e) => setNote(e.currentTarget.value)} rows={2} />
      <label for={`${prefix}-report`}>Sorting report (PDF, PNG or JPEG, optional)</label>
      <input
        id={`${prefix}-report`}
        type="file"
        accept={REPORT_TYPES.join(',')}
        onChange={(e) => setReport(e.currentTarget.files?.[0] ?? null)}
        aria-describedby={`${prefix}-report-error`}
      />
      <FieldError id={`${prefix}-report-error`} message={shown['report'] ?? shown['']} />
      <button type="submit" disabled={busy}>
        {busy ? 'Submitting…' : 'Submit'}
      </button>{' '}
      <button type="button" onClick={props.onCancel}>
        Cancel
      </button>
    </form>
  );
}

function DecideForm(props: StepProps & { etag: string | null }) {
  const { client } = useApp();
  const id = props.adjustment.complaint_id;
  const prefix = `decide-${id}`;
  const [decision, setDecision] = useState<'accept' | 'reject'>('accept');
  const [reason, setReason] = useState('');
  const { busy, errors, submit } = useSubmission(
    async () => {
      const path = `/api/v1/complaints/${encodeURIComponent(id)}/adjustment/decision`;
      await client.postIfMatch<Adjustment>(path, { decision, reason }, props.etag);
      props.onDone();
    },
    () => 'reason',
  );
  return (
    <form class="adjustment-decide" onSubmit={submit} aria-label={`Decide the adjustment of complaint ${id}`}>
      <fieldset>
        <legend>Decision</legend>
        {(['accept', 'reject'] as const).map((value) => (
          <label key={value}>
            <input
              type="radio"
              name={`${prefix}-decision`}
              value={value}
              checked={decision === value}
              onChange={() => setDecision(value)}
            />{' '}
            {value === 'accept' ? 'Accept: the confirmed quantity counts' : 'Reject: the rejected quantity counts'}
          </label>
        ))}
      </fieldset>
      <Field
        id={`${prefix}-reason`}
        label="Reason"
        value={reason}
        onValue={setReason}
        required
        aria-describedby={`${prefix}-reason-error`}
        aria-invalid={errors['reason'] ? 'true' : undefined}
      />
      <FieldError id={`${prefix}-reason-error`} message={errors['reason'] ?? errors['']} />
      <button type="submit" disabled={busy}>
        {busy ? 'Sending…' : 'Send decision'}
      </button>{' '}
      <button type="button" onClick={props.onCancel}>
        Cancel
      </button>
    </form>
  );
}
