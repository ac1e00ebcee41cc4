// The published runs (GET /api/v1/runs, newest first): each with a link to
// its results (the ranking of that run), a form that compares two runs
// (the diff page), and for quality a form that publishes a run of a period
// (POST /api/v1/runs) with the server's rule set.
import { useState } from 'preact/hooks';
import { workbookUrl } from '../api/client';
import type { ListPage, RunRow } from '../api/types';
import { DownloadExcel } from '../components/download-excel';
import { Empty, ErrorState, Loading, useLoad, useTitle } from '../components/states';
import { Pager } from '../components/table-controls';
import { PublishPeriodForm } from '../components/publish-form';
import { formatCount, formatInstant } from '../lib/format';
import { navigate, offsetOf, onLinkClick, runDiffPath } from '../lib/router';
import { defaultComparison } from '../lib/run-diff';
import { actsForQuality, useApp } from '../lib/session';

const PAGE_SIZE = 50;

function resultsPath(run: RunRow): string {
  return `/ranking?${new URLSearchParams({ period: run.period, run: String(run.run) }).toString()}`;
}

export function RunsPage({ search }: { search: string }) {
  const { client, session } = useApp();
  useTitle('Runs');
  const offset = offsetOf(search);
  const [version, setVersion] = useState(0);
  const runs = useLoad(`runs|${offset}|${version}`, () =>
    client.get<ListPage<RunRow>>('/api/v1/runs', { limit: PAGE_SIZE, offset }),
  );
  return (
    <section class="runs">
      <h1>Runs</h1>
      {actsForQuality(session.role) && <PublishForm onPublished={() => setVersion(version + 1)} />}
      {runs.state === 'loading' && <Loading what="the runs" />}
      {runs.state === 'error' && <ErrorState error={runs.error} />}
      {runs.state === 'ready' && runs.value.total_count === 0 && <Empty>No run has been published yet.</Empty>}
      {runs.state === 'ready' && runs.value.total_count > 0 && (
        <>
          <CompareForm runs={runs.value.rows} />
          <RunTable rows={runs.value.rows} />
          <Pager
            what="Runs"
            page={{ offset, limit: PAGE_SIZE, shown: runs.value.rows.length, total: runs.value.total_count }}
            onPage={(next) => navigate(next === 0 ? '/runs' : `/runs?offset=${next}`)}
          />
        </>
      )}
    </section>
  );
}

function RunTable({ rows }: { rows: RunRow[] }) {
  return (
    <table class="run-list">
      <caption class="visually-hidden">Published runs, newest first</caption>
      <thead>
        <tr>
          <th scope="col" class="numeric">
            Run
          </th>
          <th scope="col">Period</th>
          <th scope="col">Published</th>
          <th scope="col">By</th>
          <th scope="col">Rule set</th>
          <th scope="col" class="numeric">
            Suppliers
          </th>
          <th scope="col" class="numeric">
            Evaluated
          </th>
          <th scope="col">Results</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((run) => (
          <tr key={run.run}>
            <th scope="row" class="numeric">
              {run.run}
            </th>
            <td>{run.period}</td>
            <td>{formatInstant(run.published_at)}</td>
            <td>{run.published_by}</td>
            <td>{run.rules_name}</td>
            <td class="numeric">{formatCount(run.suppliers)}</td>
            <td class="numeric">{formatCount(run.evaluated)}</td>
            <td>
              <a href={resultsPath(run)} onClick={(event) => onLinkClick(event, resultsPath(run))}>
                Results of run {run.run}
              </a>{' '}
              <DownloadExcel href={workbookUrl(`/api/v1/runs/${run.run}`)} what={`run ${run.run}`} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Two runs of the list → the diff page. */
function CompareForm({ runs }: { runs: RunRow[] }) {
  const [first, second] = defaultComparison(runs);
  const [a, setA] = useState(String(first ?? ''));
  const [b, setB] = useState(String(second ?? ''));
  const option = (run: RunRow) => (
    <option key={run.run} value={String(run.run)}>
      {run.run} ({run.period})
    </option>
  );
  return (
    <form
      class="toolbar no-print"
      onSubmit={(event) => {
        event.preventDefault();
        navigate(runDiffPath(Number(a), Number(b)));
      }}
    >
      <label for="compare-a">Compare run</label>
      <select id="compare-a" value={a} onChange={(e) => setA(e.currentTarget.value)}>
        {runs.map(option)}
      </select>
      <label for="compare-b">with run</label>
      <select id="compare-b" value={b} onChange={(e) => setB(e.currentTarget.value)}>
        {runs.map(option)}
      </select>
      <button type="submit">Compare</button>
    </form>
  );
}

function PublishForm({ onPublished }: { onPublished: () => void }) {
  return (
    <PublishPeriodForm<RunRow>
      heading="Publish a run"
      path="/api/v1/runs"
      button="Publish"
      describe={(run) =>
        `Run ${run.run} of ${run.period} published: ${formatCount(run.evaluated)} of ${formatCount(run.suppliers)} suppliers evaluated.`
      }
      onPublished={onPublished}
    />
  );
}
