// The audit log (GET /api/v1/audit, admin): newest first, filtered by day,
// user and action, paged by `before` (the last row's id) since entries keep
// arriving; each entry's before and after shown as the members that changed.
import { useState } from 'preact/hooks';
import type { AuditEntry, ListPage } from '../api/types';
import { Field } from '../components/field';
import { Empty, ErrorState, Loading, useLoad, useTitle } from '../components/states';
import { AUDIT_ACTIONS, auditChanges, sinceInstant } from '../lib/audit-view';
import { formatCount, formatInstant } from '../lib/format';
import { useApp } from '../lib/session';

const PAGE_SIZE = 50;

interface Filters {
  since: string;
  user: string;
  action: string;
}

const NO_FILTERS: Filters = { since: '', user: '', action: '' };

export function AdminAuditPage() {
  const { client } = useApp();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  // The `before` of each page shown so far: the last is the current page's.
  const [pages, setPages] = useState<(number | null)[]>([null]);
  const before = pages[pages.length - 1] ?? null;
  const query = {
    since: sinceInstant(filters.since),
    user: filters.user,
    action: filters.action,
    before,
    limit: PAGE_SIZE,
  };
  const entries = useLoad(`audit|${JSON.stringify(query)}`, () =>
    client.get<ListPage<AuditEntry>>('/api/v1/audit', query),
  );
  useTitle('Audit log');

  const apply = (event: Event): void => {
    event.preventDefault();
    setFilters(draft);
    setPages([null]);
  };
  const rows = entries.state === 'ready' ? entries.value.rows : [];
  const last = rows[rows.length - 1];
  const more = entries.state === 'ready' && rows.length === PAGE_SIZE && entries.value.total_count > rows.length;

  return (
    <section>
      <h1>Audit log</h1>
      <form class="filters no-print" onSubmit={apply} aria-label="Filter the audit log">
        <Field
          id="audit-since"
          label="Since (day, UTC)"
          type="date"
          value={draft.since}
          onValue={(since) => setDraft({ ...draft, since })}
        />
        <Field
          id="audit-user"
          label="User (login name)"
          value={draft.user}
          onValue={(user) => setDraft({ ...draft, user })}
        />
        <label for="audit-action">Action</label>
        <select
          id="audit-action"
          value={draft.action}
          onChange={(e) => setDraft({ ...draft, action: e.currentTarget.value })}
        >
          <option value="">any</option>
          {AUDIT_ACTIONS.map((action) => (
            <option key={action} value={action}>
              {action}
            </option>
          ))}
        </select>
        <button type="submit">Apply</button>
      </form>
      {entries.state === 'loading' && <Loading what="the audit log" />}
      {entries.state === 'error' && <ErrorState error={entries.error} />}
      {entries.state === 'ready' && rows.length === 0 && <Empty>No audit entries match.</Empty>}
      {rows.length > 0 && (
        <table id="audit">
          <caption class="visually-hidden">Audit entries, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">User</th>
              <th scope="col">Address</th>
              <th scope="col">Action</th>
              <th scope="col">Target</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((entry) => (
              <tr key={entry.id}>
                <td>{formatInstant(entry.at)}</td>
                <td>{entry.user}</td>
                <td>{entry.address ?? '—'}</td>
                <td>{entry.action}</td>
                <td>{entry.target}</td>
                <td>
                  <Changes entry={entry} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {entries.state === 'ready' && (
        <nav class="pager no-print" aria-label="Pages of the audit log">
          <span role="status">
            {rows.length > 0
              ? `${formatCount(rows.length)} entries shown, ${formatCount(entries.value.total_count)} from here on`
              : ''}
          </span>
          <button type="button" disabled={pages.length <= 1} onClick={() => setPages(pages.slice(0, -1))}>
            Newer
          </button>
          <button type="button" disabled={!more || !last} onClick={() => last && setPages([...pages, last.id])}>
            Older
          </button>
        </nav>
      )}
    </section>
  );
}

function Changes({ entry }: { entry: AuditEntry }) {
  const changes = auditChanges(entry.before, entry.after);
  if (changes.length === 0) return <span class="not-counted">—</span>;
  return (
    <dl class="changes">
      {changes.map((change) => (
        <div key={change.field}>
          <dt>{change.field}</dt>
          <dd>
            {change.before} → {change.after}
          </dd>
        </div>
      ))}
    </dl>
  );
}
