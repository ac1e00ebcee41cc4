// Discussions (API.md "discussions"): the threads the user may see — staff
// all, a supplier user its own — filtered by supplier, complaint, run and
// settlement and unread (the URL's query, so a link from a scorecard, an
// adjustment or a settlement line shows that subject's threads), newest
// activity first; and a form that opens a thread on a complaint, on a
// supplier's result in a run or on a settlement line, prefilled from the
// same query (`settlement_line` only prefills: the list has no such filter).
import { useState } from 'preact/hooks';
import type { ListPage, Thread } from '../api/types';
import { CheckedField, FieldError } from '../components/field-error';
import { Empty, ErrorState, Loading, useLoad, useTitle } from '../components/states';
import { Pager } from '../components/table-controls';
import { aboutWords, newThreadRequest, type NewThreadForm } from '../lib/discussion-view';
import { useSubmission } from '../lib/form-errors';
import { formatInstant } from '../lib/format';
import { THREADS_PATH, listPath, navigate, offsetOf, onLinkClick, threadPath } from '../lib/router';
import { isStaff, useApp } from '../lib/session';

const PAGE_SIZE = 50;
const FILTERS = ['supplier_id', 'complaint_id', 'run', 'settlement', 'unread'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

function filtersOf(search: string): Filters {
  const params = new URLSearchParams(search);
  return {
    supplier_id: params.get('supplier_id') ?? '',
    complaint_id: params.get('complaint_id') ?? '',
    run: params.get('run') ?? '',
    settlement: params.get('settlement') ?? '',
    unread: params.get('unread') ?? '',
  };
}

/** What a new thread is about, from the query that led here. */
function aboutOf(filters: Filters): NewThreadForm['about'] {
  if (filters.settlement && !filters.complaint_id) return 'settlement';
  return filters.run && !filters.complaint_id ? 'run' : 'complaint';
}

function threadsPath(filters: Filters, offset = 0): string {
  return listPath(THREADS_PATH, filters, offset);
}

export function ThreadsPage({ search }: { search: string }) {
  const settlementLine = new URLSearchParams(search).get('settlement_line') ?? '';
  const { client } = useApp();
  useTitle('Discussions');
  const filters = filtersOf(search);
  const offset = offsetOf(search);
  const threads = useLoad(`threads|${search}`, () =>
    client.get<ListPage<Thread>>('/api/v1/threads', { ...filters, limit: PAGE_SIZE, offset }),
  );
  return (
    <section class="threads">
      <h1>Discussions</h1>
      <p class="lead">
        A discussion is about a complaint, a supplier's result in a published run or a line of a published settlement;
        the supplier and the quality and purchasing staff write in it, and it stays with what it is about.
      </p>
      <UnreadFilter filters={filters} />
      {threads.state === 'loading' && <Loading what="the discussions" />}
      {threads.state === 'error' && <ErrorState error={threads.error} />}
      {threads.state === 'ready' && threads.value.total_count === 0 && <Empty>No discussion here yet.</Empty>}
      {threads.state === 'ready' && threads.value.total_count > 0 && (
        <>
          <ThreadTable rows={threads.value.rows} />
          <Pager
            what="Discussions"
            page={{ offset, limit: PAGE_SIZE, shown: threads.value.rows.length, total: threads.value.total_count }}
            onPage={(next) => navigate(threadsPath(filters, next))}
          />
        </>
      )}
      <NewThread filters={filters} settlementLine={settlementLine} />
    </section>
  );
}

function UnreadFilter({ filters }: { filters: Filters }) {
  const unreadOnly = filters.unread === 'true';
  const href = threadsPath({ ...filters, unread: unreadOnly ? '' : 'true' });
  return (
    <p class="toolbar no-print">
      {(filters.supplier_id || filters.complaint_id || filters.run || filters.settlement) && (
        <span>
          Showing the discussions of{' '}
          {[
            filters.supplier_id && `supplier ${filters.supplier_id}`,
            filters.complaint_id && `complaint ${filters.complaint_id}`,
            filters.run && `run ${filters.run}`,
            filters.settlement && `settlement ${filters.settlement}`,
          ]
            .filter(Boolean)
            .join(', ')}{' '}
          (
          <a href={THREADS_PATH} onClick={(event) => onLinkClick(event, THREADS_PATH)}>
            all
          </a>
          ).{' '}
        </span>
      )}
      <a href={href} onClick={(event) => onLinkClick(event, href)}>
        {unreadOnly ? 'Show all discussions' : 'Show only unread'}
      </a>
    </p>
  );
}

function ThreadTable({ rows }: { rows: Thread[] }) {
  const { session } = useApp();
  const staff = isStaff(session.role);
  return (
    <table class="thread-list">
      <caption class="visually-hidden">Discussions</caption>
      <thead>
        <tr>
          <th scope="col">Subject</th>
          {staff && <th scope="col">Supplier</th>}
          <th scope="col">About</th>
          <th scope="col">Opened</th>
          <th scope="col">Last message</th>
          <th scope="col">Unread</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((thread) => {
          const href = threadPath(thread.id);
          return (
            <tr key={thread.id} class={thread.unread > 0 ? 'unread' : undefined}>
              <th scope="row">
                <a href={href} onClick={(event) => onLinkClick(event, href)}>
                  {thread.subject}
                </a>
              </th>
              {staff && <td>{thread.supplier_id}</td>}
              <td>{aboutWords(thread)}</td>
              <td>
                {formatInstant(thread.created_at)} by {thread.created_by}
              </td>
              <td>{thread.last_message_at ? formatInstant(thread.last_message_at) : '—'}</td>
              <td class="numeric">{thread.unread > 0 ? `${thread.unread} new` : ''}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Where a refusal of the subject (404 unknown, 422 not the supplier's) is shown. */
const SUBJECT_FIELD: Record<NewThreadForm['about'], string> = {
  complaint: 'complaint_id',
  run: 'run',
  settlement: 'settlement_line',
};

function NewThread({ filters, settlementLine }: { filters: Filters; settlementLine: string }) {
  const { client, session } = useApp();
  const staff = isStaff(session.role);
  const initial: NewThreadForm = {
    supplierId: staff ? filters.supplier_id : (session.supplier_id ?? ''),
    about: aboutOf(filters),
    complaintId: filters.complaint_id,
    run: filters.run,
    settlement: filters.settlement,
    settlementLine,
    subject: '',
    body: '',
  };
  const [form, setForm] = useState(initial);
  const [checks, setChecks] = useState<Record<string, string>>({});
  const { busy, errors, submit } = useSubmission(
    async () => {
      const request = newThreadRequest(form);
      if ('errors' in request) return;
      const thread = await client.post<Thread>('/api/v1/threads', request.body);
      navigate(threadPath(thread.id));
    },
    (error) => (error.status === 404 || error.status === 422 ? SUBJECT_FIELD[form.about] : null),
  );
  const onSubmit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const request = newThreadRequest(form);
    setChecks('errors' in request ? request.errors : {});
    if (!('errors' in request)) await submit(event);
  };
  const shown = { ...errors, ...checks };
  const set = (name: keyof NewThreadForm) => (value: string) => setForm({ ...form, [name]: value });
  return (
    <form class="new-thread no-print" onSubmit={onSubmit} aria-labelledby="new-thread-heading">
      <h2 id="new-thread-heading">Start a discussion</h2>
      <div class="form-grid">
        {staff && (
          <CheckedField
            prefix="new-thread"
            name="supplier_id"
            label="Supplier"
            value={form.supplierId}
            onValue={set('supplierId')}
            error={shown['supplier_id']}
          />
        )}
        <label for="new-thread-about">About</label>
        <select id="new-thread-about" value={form.about} onChange={(e) => set('about')(e.currentTarget.value)}>
          <option value="complaint">a complaint</option>
          <option value="run">the result in a run</option>
          <option value="settlement">a settlement line</option>
        </select>
        {form.about === 'settlement' ? (
          <>
            <CheckedField
              prefix="new-thread"
              name="settlement"
              label="Settlement"
              inputMode="numeric"
              value={form.settlement}
              onValue={set('settlement')}
              error={shown['settlement']}
            />
            <CheckedField
              prefix="new-thread"
              name="settlement_line"
              label="Line"
              inputMode="numeric"
              value={form.settlementLine}
              onValue={set('settlementLine')}
              error={shown['settlement_line']}
            />
          </>
        ) : form.about === 'complaint' ? (
          <CheckedField
            prefix="new-thread"
            name="complaint_id"
            label="Complaint"
            value={form.complaintId}
            onValue={set('complaintId')}
            error={shown['complaint_id']}
          />
        ) : (
          <CheckedField
            prefix="new-thread"
            name="run"
            label="Run"
            inputMode="numeric"
            value={form.run}
            onValue={set('run')}
            error={shown['run']}
          />
        )}
        <CheckedField
          prefix="new-thread"
          name="subject"
          label="Subject"
          value={form.subject}
          onValue={set('subject')}
          error={shown['subject']}
        />
        <label for="new-thread-body">Message</label>
        <textarea
          id="new-thread-body"
          rows={4}
          value={form.body}
          onInput={(e) => set('body')(e.currentTarget.value)}
          aria-describedby="new-thread-body-error"
          aria-invalid={shown['body'] ? 'true' : undefined}
        />
        <FieldError id="new-thread-body-error" message={shown['body'] ?? shown['']} />
        <div class="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Sending…' : 'Start the discussion'}
          </button>
        </div>
      </div>
    </form>
  );
}
