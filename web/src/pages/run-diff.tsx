// The difference between two runs (GET /api/v1/runs/{a}/diff/{b}): what
// each changed supplier's figures did, and the records written between the
// runs that explain it (grouped by table, the changed columns only), plus
// the rows of no one supplier (plants, materials, calendars).
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { workbookUrl } from '../api/client';
import { DownloadExcel } from '../components/download-excel';
import { ClassBadge, Score } from '../components/figures';
import { Empty, ErrorState, Loading, useLoad, useTitle } from '../components/states';
import { formatCount, formatDelta, formatInstant } from '../lib/format';
import { onLinkClick, scorecardPath } from '../lib/router';
import {
  type DiffRecord,
  type DiffSupplier,
  type RunDiff,
  changeSummary,
  changedFigures,
  groupRecords,
} from '../lib/run-diff';
import { useApp } from '../lib/session';

export function RunDiffPage({ a, b }: { a: string; b: string }) {
  const { client } = useApp();
  useTitle(`Run ${a} → ${b}`);
  const diff = useLoad(`diff|${a}|${b}`, () => client.get<RunDiff>(`/api/v1/runs/${a}/diff/${b}`));
  return (
    <section class="run-diff">
      <h1>
        Run {a} → run {b}
      </h1>
      <p class="no-print">
        <a href="/runs" onClick={(event) => onLinkClick(event, '/runs')}>
          All runs
        </a>{' '}
        <DownloadExcel href={workbookUrl(`/api/v1/runs/${a}/diff/${b}`)} what={`run ${a} → run ${b}`} />
      </p>
      {diff.state === 'loading' && <Loading what="the difference" />}
      {diff.state === 'error' && <ErrorState error={diff.error} />}
      {diff.state === 'ready' && <DiffBody diff={diff.value} />}
    </section>
  );
}

/** Suppliers shown at first and added per click: a diff of two large runs lists thousands. */
const SUPPLIERS_AT_ONCE = 50;

function DiffBody({ diff }: { diff: RunDiff }) {
  const [shownCount, setShownCount] = useState(SUPPLIERS_AT_ONCE);
  return (
    <>
      <ul class="context">
        {[diff.a, diff.b].map((run) => (
          <li key={run.run}>
            Run {run.run}: {run.period}, published {formatInstant(run.published_at)} by {run.published_by}, rule set{' '}
            {run.rules_name}, data up to batch {run.as_of_batch}
          </li>
        ))}
        {!diff.same_rules && <li>The rule sets differ: changes may come from the rules too.</li>}
        {!diff.same_period && (
          <li>
            The periods differ: {diff.a.period} → {diff.b.period}.
          </li>
        )}
        {diff.records_from_batch === diff.records_to_batch && (
          <li>Both runs saw the same data (batch {diff.records_from_batch}).</li>
        )}
      </ul>
      <p role="status">
        {formatCount(diff.suppliers.length)} supplier(s) changed, {formatCount(diff.unchanged_suppliers)} unchanged.
      </p>
      {diff.suppliers.length === 0 && <Empty>No supplier's figures changed between these runs.</Empty>}
      {diff.suppliers.slice(0, shownCount).map((change) => (
        <SupplierChange key={change.supplier_id} change={change} diff={diff} />
      ))}
      {diff.suppliers.length > shownCount && (
        <p class="no-print">
          <button type="button" onClick={() => setShownCount(shownCount + SUPPLIERS_AT_ONCE)}>
            Show {formatCount(Math.min(SUPPLIERS_AT_ONCE, diff.suppliers.length - shownCount))} more of{' '}
            {formatCount(diff.suppliers.length - shownCount)} suppliers
          </button>
        </p>
      )}
      {diff.shared_records.length > 0 && (
        <section aria-labelledby="shared-heading">
          <h2 id="shared-heading">Rows of no one supplier written between the runs</h2>
          <Records records={diff.shared_records} />
        </section>
      )}
    </>
  );
}

function shown(value: number | string | null, figure: string): ComponentChildren {
  if (figure === 'class') return <ClassBadge value={typeof value === 'string' && value !== '' ? value : null} />;
  if (typeof value === 'number' || value === null) return <Score value={value} />;
  return value;
}

function SupplierChange({ change, diff }: { change: DiffSupplier; diff: RunDiff }) {
  const href = scorecardPath(change.supplier_id, `?run=${diff.b.run}`);
  const figures = changedFigures(change);
  const headingId = `change-${change.supplier_id}`;
  return (
    <section class="diff-supplier" aria-labelledby={headingId}>
      <h2 id={headingId}>
        <a href={href} onClick={(event) => onLinkClick(event, href)}>
          {change.supplier_id} {change.name}
        </a>{' '}
        <small>
          {changeSummary(change, diff.b.run)}
          {change.total_delta !== null && `, total ${formatDelta(change.total_delta)}`}
        </small>
      </h2>
      {figures.length > 0 && (
        <table class="diff-figures">
          <caption class="visually-hidden">Figures of {change.supplier_id} that changed</caption>
          <thead>
            <tr>
              <th scope="col">Figure</th>
              <th scope="col" class="numeric">
                Run {diff.a.run}
              </th>
              <th scope="col" class="numeric">
                Run {diff.b.run}
              </th>
            </tr>
          </thead>
          <tbody>
            {figures.map((f) => (
              <tr key={f.figure}>
                <th scope="row">{f.figure}</th>
                <td class="numeric">{shown(f.before, f.figure)}</td>
                <td class="numeric">{shown(f.after, f.figure)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {change.records.length === 0 ? (
        <p class="muted">No record of this supplier was written between the runs.</p>
      ) : (
        <>
          <h3>Records that explain it</h3>
          <Records records={change.records} />
          {change.records_total > change.records.length && (
            <p class="muted">… and {formatCount(change.records_total - change.records.length)} more record(s).</p>
          )}
        </>
      )}
    </section>
  );
}

const KIND_WORDS = { added: 'new', removed: 'gone', changed: 'changed' } as const;

function Records({ records }: { records: DiffRecord[] }) {
  return (
    <ul class="diff-records">
      {groupRecords(records).map((group) => (
        <li key={group.table}>
          <strong>{group.table}</strong>
          <ul>
            {group.records.map((record) => (
              <li key={record.key} class={`record-${record.kind}`}>
                {record.key} ({KIND_WORDS[record.kind]}, batch {record.batch}):{' '}
                {record.columns
                  .map((c) =>
                    record.kind === 'changed'
                      ? `${c.column} ${c.before || '∅'} → ${c.after || '∅'}`
                      : `${c.column} ${(record.kind === 'added' ? c.after : c.before) || '∅'}`,
                  )
                  .join(', ')}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}
