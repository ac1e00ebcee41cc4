// The period and run a page shows: the periods with published runs (for a
// supplier user, those it has results in), and for staff the runs of the
// chosen one (GET /api/v1/runs; a supplier user sees each period's latest
// run, the API lists no runs to it). "Latest" leaves the choice to the server.
// A page that shows no run (a contract's settlement) asks for the period alone.
import type { ListPage, PeriodRow, RunRow } from '../api/types';
import { formatInstant } from '../lib/format';
import { isStaff, useApp } from '../lib/session';
import { useLoad } from './states';

interface Props {
  period: string | null;
  run: number | null;
  /** The period the answer showed, when none was chosen. */
  shownPeriod: string | null;
  onChange: (period: string | null, run: number | null) => void;
  /** Whether to offer the runs of the period (staff only); default yes. */
  withRuns?: boolean;
}

const NO_RUNS: ListPage<RunRow> = { total_count: 0, limit: 0, offset: 0, rows: [] };

export function PeriodPicker({ period, run, shownPeriod, onChange, withRuns = true }: Props) {
  const { client, session } = useApp();
  const staff = isStaff(session.role) && withRuns;
  const periods = useLoad('periods', () => client.get<ListPage<PeriodRow>>('/api/v1/periods', { limit: 1000 }));
  const runs = useLoad(staff ? 'runs' : 'no-runs', () =>
    staff ? client.get<ListPage<RunRow>>('/api/v1/runs', { limit: 1000 }) : Promise.resolve(NO_RUNS),
  );
  const rows = periods.state === 'ready' ? periods.value.rows : [];
  const selected = period ?? shownPeriod ?? '';
  const runsOfPeriod = runs.state === 'ready' ? runs.value.rows.filter((row) => row.period === selected) : [];
  return (
    <div class="period-picker">
      <label>
        Period
        <select
          value={selected}
          disabled={periods.state !== 'ready'}
          onChange={(e) => onChange(e.currentTarget.value || null, null)}
        >
          {periods.state !== 'ready' && <option value={selected}>{selected || 'Loading…'}</option>}
          {rows.map((row) => (
            <option key={row.period} value={row.period}>
              {row.period}
            </option>
          ))}
        </select>
      </label>
      {staff && (
        <label>
          Run
          <select
            value={run === null ? '' : String(run)}
            disabled={runsOfPeriod.length === 0}
            onChange={(e) => onChange(selected || null, e.currentTarget.value ? Number(e.currentTarget.value) : null)}
          >
            <option value="">latest</option>
            {runsOfPeriod.map((row) => (
              <option key={row.run} value={String(row.run)}>
                run {row.run}, {formatInstant(row.published_at)}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}
